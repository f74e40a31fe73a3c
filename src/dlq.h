/* dlq.h: the dead-letter topic. Every message the consumer cannot decode goes, unchanged, to
 * "<topic>.dlq" with headers saying why and where it came from (kticker.reason,
 * kticker.source.topic, kticker.source.partition, kticker.source.offset); the consumer then
 * moves on. Nothing is dropped silently: the batch's offsets are stored only after its dead
 * letters are delivered. The latest few are kept for the screen's viewer. */
#ifndef KTICKER_DLQ_H
#define KTICKER_DLQ_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "tick.h"

#define DLQ_KEEP 64          /* latest dead letters kept for the viewer */
#define DLQ_PREVIEW 48       /* bytes of each shown, as printable text */

struct dead_letter {
	int64_t time_ms;
	int32_t partition;
	int64_t offset;
	size_t size;
	char reason[TICK_REASON_MAX];
	char preview[DLQ_PREVIEW + 1];
};

/* The viewer's copy, shared with the screen. */
struct deadletters {
	pthread_mutex_t lock;
	struct dead_letter ring[DLQ_KEEP];
	uint64_t total;      /* ever recorded; the newest is ring[(total - 1) % DLQ_KEEP] */
};

struct pipeline;

/* The consumer thread's dead-letter producer, opened on the first dead letter. */
struct dlq {
	struct pipeline *pipe;
	rd_kafka_t *rk;
	char topic[256];
	bool failed;         /* a dead letter was not delivered: no offset may pass it */
};

void deadletters_init(struct deadletters *d);
void deadletters_free(struct deadletters *d);
/* Copies the newest up to max into out, newest first; returns how many. */
int deadletters_latest(struct deadletters *d, struct dead_letter *out, int max);

/* Sends m to the dead-letter topic of its topic, with the reason; counts and records it. */
void dlq_send(struct dlq *q, const rd_kafka_message_t *m, const char *reason);
/* Waits (bounded) until what was sent is delivered; false while anything is not (then the
 * consumer stores no offsets: a dead letter that could not be kept stops the commits for
 * good, with an error in the event log, rather than be lost). */
bool dlq_flush(struct dlq *q);
void dlq_close(struct dlq *q);

#endif
