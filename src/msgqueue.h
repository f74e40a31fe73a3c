/* msgqueue.h: a consumer client's message queue, as the one thread that reads it waits on it,
 * and a way for any other thread to end that wait (at shutdown). The reading thread replaces
 * its client, and with it the queue, when the topic changes: the queue is swapped and woken
 * under a lock. */
#ifndef KTICKER_MSGQUEUE_H
#define KTICKER_MSGQUEUE_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>

struct msg_queue {
	rd_kafka_queue_t *queue; /* NULL while no client is open */
	pthread_mutex_t lock;    /* the swap against msg_queue_wake */
	bool woken;              /* a wake came while no queue was open: the next one gets it */
};

void msg_queue_init(struct msg_queue *q);
void msg_queue_free(struct msg_queue *q);
/* The reading thread: takes the consumer queue of rk (rd_kafka_poll_set_consumer done). */
void msg_queue_open(struct msg_queue *q, rd_kafka_t *rk);
/* The reading thread: lets go of the queue, before its client is destroyed. */
void msg_queue_close(struct msg_queue *q);
/* The reading thread: the messages queued now, up to max, waiting up to timeout_ms for the
 * first only; 0 if none came or the wait was woken. */
ssize_t msg_queue_take(struct msg_queue *q, int timeout_ms, rd_kafka_message_t **msgs, size_t max);
/* Any thread: ends the reading thread's wait now, or its next one if it is not waiting. */
void msg_queue_wake(struct msg_queue *q);

#endif
