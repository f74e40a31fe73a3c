/* msgqueue.c: a consumer client's message queue, its reader's wait and the wake-up. */
#include "msgqueue.h"

void msg_queue_init(struct msg_queue *q)
{
	q->queue = NULL;
	q->woken = false;
	pthread_mutex_init(&q->lock, NULL);
}

void msg_queue_free(struct msg_queue *q)
{
	pthread_mutex_destroy(&q->lock);
}

/* A wake that came while the reading thread had no queue (between the clients of a topic
 * switch) is handed to the new queue, so that the thread's next wait ends at once. */
void msg_queue_open(struct msg_queue *q, rd_kafka_t *rk)
{
	rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
	pthread_mutex_lock(&q->lock);
	q->queue = queue;
	if (q->woken)
		rd_kafka_queue_yield(queue);
	q->woken = false;
	pthread_mutex_unlock(&q->lock);
}

void msg_queue_close(struct msg_queue *q)
{
	pthread_mutex_lock(&q->lock);
	rd_kafka_queue_t *queue = q->queue;
	q->queue = NULL;
	pthread_mutex_unlock(&q->lock);
	if (queue)
		rd_kafka_queue_destroy(queue);
}

/* Blocks for the first message only, then takes what is already queued without waiting:
 * rd_kafka_consume_batch_queue waits for a full batch or its timeout, which would hold every
 * tick back by up to that timeout at a low rate. */
ssize_t msg_queue_take(struct msg_queue *q, int timeout_ms, rd_kafka_message_t **msgs, size_t max)
{
	msgs[0] = rd_kafka_consume_queue(q->queue, timeout_ms);
	if (!msgs[0])
		return 0;
	ssize_t more = max > 1 ? rd_kafka_consume_batch_queue(q->queue, 0, msgs + 1, max - 1) : 0;
	return 1 + (more > 0 ? more : 0);
}

void msg_queue_wake(struct msg_queue *q)
{
	pthread_mutex_lock(&q->lock);
	if (q->queue)
		rd_kafka_queue_yield(q->queue);
	else
		q->woken = true;
	pthread_mutex_unlock(&q->lock);
}
