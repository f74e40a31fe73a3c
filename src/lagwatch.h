/* lagwatch.h: what lag numbers mean over time — rates, trend, catch-up estimate (health.h
 * judges them).
 *
 * The reader (screen) samples the pipeline once a second; this keeps the last minute and
 * judges it. Pure arithmetic, no Kafka, so every verdict is unit-tested. */
#ifndef KTICKER_LAGWATCH_H
#define KTICKER_LAGWATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"

#define LAGWATCH_SECONDS 60

#define LAG_SAMPLE_STALE (-2)

struct lag_sample {
	int64_t time_ms;
	int64_t lag;          /* messages this member has not yet read (high watermark - position
			       * over the partitions it holds); -1 while it holds none: unknown */
	uint64_t sent;        /* produced count, cumulative */
	uint64_t acked;       /* ... of those, acknowledged */
	uint64_t consumed;    /* consumed count, cumulative */
	/* committed lag, as kafka-consumer-groups counts it; -1: nothing committed;
	 * LAG_SAMPLE_STALE: the row's reading was stale (its Lag had a ~): not known that second */
	int64_t part_lag[PARTITIONS_MAX];
	int64_t part_high[PARTITIONS_MAX]; /* high watermark; -1 when unknown */
	bool part_held[PARTITIONS_MAX];    /* held by this member */
	int part_count;
	/* messages this member read from the partitions it holds, as of the same table as lag
	 * and part_high (the counters above run up to a refresh ahead of it) */
	uint64_t held_read;
	/* every held partition's high watermark was read since this member took it: the one it
	 * kept from an earlier holding is seconds old, and its growth is not a second's */
	bool highs_of_holding;
};

struct lagwatch {
	struct lag_sample samples[LAGWATCH_SECONDS];
	int count, next;
	uint64_t serial; /* changes with every sample added and every reset, never back */
};

/* TREND_UNKNOWN: this member holds nothing, or has held what it holds for under 2 samples */
enum lag_trend { TREND_STEADY, TREND_RISING, TREND_FALLING, TREND_UNKNOWN };

void lagwatch_reset(struct lagwatch *w);
void lagwatch_add(struct lagwatch *w, const struct lag_sample *s);
/* The i-th sample, 0 = oldest kept; NULL when out of range. */
const struct lag_sample *lagwatch_at(const struct lagwatch *w, int i);
const struct lag_sample *lagwatch_latest(const struct lagwatch *w);

enum rate_of { RATE_SENT, RATE_ACKED, RATE_CONSUMED };
/* Per second over the last `seconds` samples (fewer if not kept yet). */
double lagwatch_rate(const struct lagwatch *w, int seconds, enum rate_of what);
/* The trend of this member's lag, over the samples since it took the partitions it holds
 * (and read their high watermarks since). */
enum lag_trend lagwatch_trend(const struct lagwatch *w, int seconds);

enum catch_up {
	CATCH_UP_DONE,    /* nothing left to read */
	CATCH_UP_ETA,     /* reading faster than messages arrive: done in *seconds */
	CATCH_UP_KEEPING, /* reading as fast as messages arrive, within noise */
	CATCH_UP_FALLING, /* messages arrive faster than it reads */
	CATCH_UP_STALLED, /* behind, and neither reading nor anything arriving */
	CATCH_UP_UNKNOWN, /* holds nothing, or the rates are not known yet */
};
/* Rates within this share of the arrival rate (plus one a second) are the same: over a few
 * seconds they differ by a fetch batch or two while reading keeps pace. */
#define CATCH_UP_NOISE 0.05
/* Where reading `behind` messages stands, reading at consume_rate while they arrive on the
 * partitions read at arrive_rate (per second); *seconds is set for CATCH_UP_ETA. */
enum catch_up catch_up_verdict(int64_t behind, double consume_rate, double arrive_rate,
			       double *seconds);
/* catch_up_verdict of `behind` (this member's messages not read, as the screen shows them
 * now), its read rate and the growth of the high watermarks of the partitions it holds, over
 * the last `seconds` it has held them with readings of its holding. */
enum catch_up lagwatch_catch_up(const struct lagwatch *w, int seconds, int64_t behind,
			       double *eta_seconds);
const char *lag_trend_name(enum lag_trend t);

#endif
