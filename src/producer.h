/* producer.h: the producer thread — replays the feed as ticks into the topic.
 *
 * It follows the live settings in pipe->control: pause, day length, acks and idempotence
 * (by rebuilding its Kafka producer after flushing it, so no queued tick is lost) and the
 * topic. Every produce request librdkafka sends again is told in the event log and counted
 * (counters.produce_retries). */
#ifndef KTICKER_PRODUCER_H
#define KTICKER_PRODUCER_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "batchorder.h"
#include "pipeline.h"
#include "replay.h"
#include "retrylog.h"

#define PRODUCER_FLUSH_MS 10000 /* bounded wait for outstanding deliveries on a rebuild */
#define PRODUCER_STOP_FLUSH_MS 3000 /* the same at shutdown, which has 5 s in all */
#define FIRST_ASSIGNMENT_WAIT_MS 15000 /* longest wait for this kticker's consumer to join */
#define EMBEDDED_LEAD_MAX 5000 /* most ticks ahead of this kticker's consumer (see producer.c) */
#define PRODUCE_BATCH_MAX 256 /* ticks handed to librdkafka in one call, when due together */

/* Ticks due together, encoded and handed to librdkafka in one rd_kafka_produce_batch() call:
 * one topic lock and one pair of clock readings in librdkafka for all of them, partition by
 * partition (batchorder.h). */
struct tick_batch {
	rd_kafka_message_t msgs[PRODUCE_BATCH_MAX];
	int32_t partition[PRODUCE_BATCH_MAX]; /* the one predicted for each tick */
	char json[PRODUCE_BATCH_MAX][TICK_JSON_MAX];
	char keys[PRODUCE_BATCH_MAX][TICK_SYMBOL_MAX];
	int count;
};

struct producer {
	struct pipeline *pipe;
	rd_kafka_t *rk;        /* NULL while the thread rebuilds it; swapped under client_lock */
	pthread_mutex_t client_lock; /* the swap of rk against producer_stop's wake */
	rd_kafka_topic_t *rkt;
	struct topic_tally *tally; /* of rkt's topic; NULL when too many topics have one */
	struct replay replay;
	pthread_t thread;
	bool running;
	unsigned producer_generation, topic_generation; /* of the settings in use */
	int64_t day_start_ms;  /* monotonic time the current simulated day began */
	uint64_t day;          /* simulated day being paced */
	int64_t clock_ms;      /* the last monotonic clock reading of the pacing */
	bool idempotent;       /* the client in use */
	bool forward_debug;    /* the user asked for librdkafka's debug lines (-X debug) */
	bool forward_msg_debug; /* ... including the "msg" context kticker turns on itself */
	struct retry_tally retries;             /* filled by librdkafka's threads */
	struct retry_row retry_rows[RETRY_TAKE_MAX]; /* the tally as last taken */
	int64_t retries_told_ms; /* monotonic time of the last retry event line */
	bool lead_noted;       /* the event log has said why the producer waits for the consumer */
	int64_t lead_unread;   /* ticks written off as never to be read by the consumer */
	struct tick_batch batch;
	struct batch_order order;
	struct tick_encoder encoder;
	struct tick held;      /* taken from the replay for a batch, but not yet due */
	struct replay_slot held_slot;
	bool holding;
};

/* Creates the Kafka producer and starts the thread; false with a message in err. */
bool producer_start(struct producer *pr, struct pipeline *pipe, char *err, size_t err_size);
/* Stops producing, waits up to PRODUCER_STOP_FLUSH_MS for deliveries and counts what is left
 * as failed (purged), so nothing is lost silently. */
void producer_stop(struct producer *pr);

#endif
