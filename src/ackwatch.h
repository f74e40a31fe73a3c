/* ackwatch.h: how long the producer's oldest unacknowledged tick has waited, and on which
 * partitions ticks have waited too long: the producer's side of the
 * health line (health.h). A broker that hangs leaves the consumer caught up with what was
 * written, and only the producer knows that nothing more is.
 *
 * The producer thread counts every tick handed to librdkafka in the 100 ms bucket of its
 * send time (the time that travels in the message's opaque), and takes it out of that bucket
 * at its delivery report, acknowledged or failed: a ring of counters, no lock and no
 * allocation per tick. The oldest non-empty bucket is the oldest tick still waiting.
 *
 * Which partitions wait: the producer predicts each tick's partition (batchorder.h, with
 * librdkafka's own partitioner) and delivery reports carry theirs. Within a partition ticks
 * are acknowledged in order, so a partition's first waiting tick was sent no earlier than the
 * one its last report was about, unless that was its newest: then none waits. (A wrong
 * prediction, with partitions just added, leaves a partition unnamed or named late.)
 * Readers (the screen, the metrics) take ackwatch_read's view of the atomics published.
 * Times are the wall clock's, as the opaque's (util.h's now_us). */
#ifndef KTICKER_ACKWATCH_H
#define KTICKER_ACKWATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "histogram.h"
#include "options.h"

#define ACKWATCH_BUCKET_MS 100
/* 409.6 s of send times, beyond librdkafka's message.timeout.ms (300 s by default), after
 * which a tick is reported failed. A tick waiting longer (the timeout raised with -X) is
 * counted in the oldest bucket kept: its wait is then understated, still far overdue. */
#define ACKWATCH_BUCKETS 4096
#define ACKWATCH_NAMED_MAX 8 /* partitions named in a reading, at most */

struct ackwatch {
	/* written by the producer thread alone (the main thread at its last flush, after the
	 * join); pending is also read by ackwatch_waited */
	_Atomic uint32_t pending[ACKWATCH_BUCKETS]; /* by bucket number modulo ACKWATCH_BUCKETS */
	int64_t oldest, newest;              /* bucket numbers (send ms / 100) of the pending ones */
	uint64_t total;                      /* pending in all */
	/* published */
	_Atomic uint64_t waiting;            /* = total */
	_Atomic int64_t oldest_sent_ms;      /* start of the oldest pending bucket; 0: none pending */
	/* by partition: the send time (us) of the newest tick predicted for it, of the first
	 * that may still wait (0: none), and the time of its last acknowledgement (0: never) */
	_Atomic int64_t last_sent_us[PARTITIONS_MAX];
	_Atomic int64_t first_waiting_us[PARTITIONS_MAX];
	_Atomic int64_t last_acked_ms[PARTITIONS_MAX];
};

/* A tick for `partition` (predicted; -1: unknown) is to be handed over at sent_us. */
void ackwatch_bound_for(struct ackwatch *w, int32_t partition, int64_t sent_us);
/* A tick handed to librdkafka at sent_us: librdkafka took it, a delivery report will come. */
void ackwatch_sent(struct ackwatch *w, int64_t sent_us);
/* Its delivery report at now_ms: acknowledged on `partition`, or failed. */
void ackwatch_reported(struct ackwatch *w, int64_t sent_us, int32_t partition, bool acked, int64_t now_ms);

struct acks_waiting {
	uint64_t waiting;  /* ticks handed over and not yet reported */
	int64_t waited_ms; /* by the oldest of them (to a bucket's width); -1: none waiting */
	/* Partitions whose first waiting tick has waited longer than overdue_ms and that have
	 * been acknowledged nothing for as long: for at least quiet_ms, each. */
	int named;
	int32_t partitions[ACKWATCH_NAMED_MAX];
	int more;          /* such partitions beyond those named */
	int64_t quiet_ms;  /* the least time since one of them was acknowledged; -1: none ever was */
};

/* The view at now_ms over the topic's first `partitions` partitions; those named are the
 * ones stuck for overdue_ms. */
void ackwatch_read(const struct ackwatch *w, int64_t now_ms, int partitions, int64_t overdue_ms,
		   struct acks_waiting *out);

/* The ticks waiting at now_ms, each at the time it has waited at least (to a bucket's width
 * below), for the delivery-latency quantiles (histogram_quantile_floored); those sent in now's
 * bucket are left out: nothing is known of their wait yet. A reading races the producer: a
 * tick or two in flight may be missed or counted twice, and, where it catches the producer
 * folding its oldest bucket into the next, that bucket's ticks too. */
void ackwatch_waited(const struct ackwatch *w, int64_t now_ms, struct histogram_floors *out);

/* The delivery latency's p50 and p99 at now_ms, of the acknowledgements in `acked` and the
 * ticks waiting (ackwatch_waited, into the caller's *waiting): what the Producer line,
 * --metrics and --prom show. */
void ackwatch_quantiles(const struct ackwatch *w, int64_t now_ms, const struct histogram_copy *acked,
			struct histogram_floors *waiting, struct quantile *p50, struct quantile *p99);

/* ackwatch_quantiles over the acknowledgements recorded in `latency` since the copy *last,
 * which then moves on to now: --metrics' and --prom's interval. */
void ackwatch_interval_quantiles(const struct ackwatch *w, const struct histogram *latency,
				 struct histogram_copy *last, int64_t now_ms, struct quantile *p50,
				 struct quantile *p99);

_Static_assert(HISTOGRAM_FLOORS_MAX >= ACKWATCH_BUCKETS, "a floor for each bucket of waiting ticks");

#endif
