/* transform.h: the transform stage (--transform, or --role transform alone): a consumer in a
 * group of its own ("<group>.transform") reads the ticks, and a producer writes each one
 * enriched (return, moving averages, VWAP) to "<topic>.enriched" and one OHLCV candle per
 * symbol and simulated day to "<topic>.candles", keyed by symbol. Offsets are committed only
 * once what they led to is delivered. Runs in its own thread; follows a topic switch to the
 * new topic's own .enriched and .candles. */
#ifndef KTICKER_TRANSFORM_H
#define KTICKER_TRANSFORM_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "consumer.h"
#include "enrich.h"
#include "msgqueue.h"
#include "pipeline.h"

struct transform {
	struct pipeline *pipe;
	char topic[TOPIC_NAME_MAX + 1]; /* read from; the outputs are named after it */
	unsigned topic_generation;      /* of that topic (control.h) */
	rd_kafka_t *consumer, *producer;
	struct msg_queue messages; /* the consumer's, waited on by the thread */
	rd_kafka_topic_t *enriched_topic, *candles_topic;
	pthread_t thread;
	bool running;
	bool stopped_commits; /* an output was lost: said once */
	struct enrich state;
	struct tick batch[CONSUMER_BATCH];
	struct enriched figures[CONSUMER_BATCH];
};

bool transform_start(struct transform *t, struct pipeline *pipe, char *err, size_t err_size);
/* Stops the thread, emits the candles of the days still open, flushes and commits. Nothing to
 * do on a transform never started (zeroed) or already stopped. */
void transform_stop(struct transform *t);

#endif
