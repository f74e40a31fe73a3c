/* producer.h: the producer thread — replays the feed as ticks into the topic. */
#ifndef KTICKER_PRODUCER_H
#define KTICKER_PRODUCER_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"
#include "replay.h"

#define PRODUCER_FLUSH_MS 10000 /* bounded wait for outstanding deliveries at shutdown */

struct producer {
	struct pipeline *pipe;
	rd_kafka_t *rk;
	rd_kafka_topic_t *rkt;
	struct replay replay;
	pthread_t thread;
	bool running;
};

/* Creates the Kafka producer and starts the thread; false with a message in err. */
bool producer_start(struct producer *pr, struct pipeline *pipe, char *err, size_t err_size);
/* Stops producing, waits up to PRODUCER_FLUSH_MS for deliveries and counts what is left as
 * failed, so nothing is lost silently. */
void producer_stop(struct producer *pr);

#endif
