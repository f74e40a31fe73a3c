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

struct lag_sample {
	int64_t time_ms;
	int64_t lag;          /* total messages not yet read (high watermark - position) */
	uint64_t sent;        /* produced count, cumulative */
	uint64_t produced;    /* delivered count, cumulative */
	uint64_t consumed;    /* consumed count, cumulative */
	int64_t part_lag[PARTITIONS_MAX]; /* committed lag, as kafka-consumer-groups counts it */
	int part_count;
};

struct lagwatch {
	struct lag_sample samples[LAGWATCH_SECONDS];
	int count, next;
	uint64_t serial; /* changes with every sample added and every reset, never back */
};

enum lag_trend { TREND_STEADY, TREND_RISING, TREND_FALLING };

void lagwatch_reset(struct lagwatch *w);
void lagwatch_add(struct lagwatch *w, const struct lag_sample *s);
/* The i-th sample, 0 = oldest kept; NULL when out of range. */
const struct lag_sample *lagwatch_at(const struct lagwatch *w, int i);
const struct lag_sample *lagwatch_latest(const struct lagwatch *w);

enum rate_of { RATE_SENT, RATE_DELIVERED, RATE_CONSUMED };
/* Per second over the last `seconds` samples (fewer if not kept yet). */
double lagwatch_rate(const struct lagwatch *w, int seconds, enum rate_of what);
enum lag_trend lagwatch_trend(const struct lagwatch *w, int seconds);
/* Seconds until lag reaches 0 at the current rates: 0 when none, -1 when falling behind. */
double catch_up_seconds(int64_t lag, double consume_rate, double produce_rate);
const char *lag_trend_name(enum lag_trend t);

#endif
