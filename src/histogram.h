/* histogram.h: latency distribution in fixed log-scaled buckets, for p50/p99 at any rate.
 *
 * One or more threads record; readers take copies. Counts are relaxed atomics: a reader may
 * see a sample or two in flight, never a torn count, and recording never takes a lock. */
#ifndef KTICKER_HISTOGRAM_H
#define KTICKER_HISTOGRAM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* 32 sub-buckets per power of two from 1 us to ~2.4 hours: a quantile, its bucket's upper
 * end, is at most 1/32 (3.1 %) above the sample, 0.16 ms at 5 ms, where acks and linger show
 * as a millisecond or two. Values below 32 us are exact. */
#define HISTOGRAM_SUB_BITS 5
#define HISTOGRAM_SUB (1 << HISTOGRAM_SUB_BITS)
/* Buckets in groups of HISTOGRAM_SUB: group 0 the exact values below HISTOGRAM_SUB, each
 * group g after it the power of two 2^(g + HISTOGRAM_SUB_BITS - 1). */
#define HISTOGRAM_GROUPS (34 - HISTOGRAM_SUB_BITS)
#define HISTOGRAM_BUCKETS (HISTOGRAM_GROUPS * HISTOGRAM_SUB)

/* groups_used: one past the highest group with a sample. Latencies of a run fill a dozen of
 * the groups at the low end; copies read and write only those (the screen takes two
 * differences of a live histogram each frame). */
struct histogram {
	_Atomic uint64_t counts[HISTOGRAM_BUCKETS];
	_Atomic int groups_used;
};

/* A copy's groups hold its groups' sums: a quantile or an octave is found a group at a
 * time, not a bucket (the screen asks for five of them each frame). Its counts are read only
 * in its groups_used first groups; the groups' sums after them are 0. */
struct histogram_copy {
	uint64_t counts[HISTOGRAM_BUCKETS];
	uint64_t groups[HISTOGRAM_GROUPS];
	uint64_t total;
	int groups_used;
};

void histogram_record(struct histogram *h, int64_t value_us);
void histogram_copy(const struct histogram *h, struct histogram_copy *out);
/* Value (us) at or below which q of the samples fall, 0 <= q <= 1; 0 when empty. */
int64_t histogram_quantile(const struct histogram_copy *c, double q);
/* Counts per power of two: out[k] holds samples in [2^(first_exp+k), 2^(first_exp+k+1)) us,
 * the first and last also everything below and above. */
void histogram_octaves(const struct histogram_copy *c, int first_exp, int n, double *out);
/* Samples known only from below, as the ticks still waiting for their acknowledgement:
 * count[k] samples of at least at_least_us[k], at_least_us ascending. */
#define HISTOGRAM_FLOORS_MAX 4096
struct histogram_floors {
	int n;
	uint64_t total;
	int64_t at_least_us[HISTOGRAM_FLOORS_MAX];
	uint32_t count[HISTOGRAM_FLOORS_MAX];
};
struct quantile {
	int64_t us;    /* -1: no sample */
	bool at_least; /* us is a floor's: the quantile is at least that, and still growing */
};
/* The q-quantile of c's samples and f's together. A floor ranks above c's samples of its
 * bucket (its wait is not over); where the rank falls on a floor, the quantile is that
 * floor, at_least; elsewhere, as histogram_quantile, its bucket's upper end. */
struct quantile histogram_quantile_floored(const struct histogram_copy *c,
					   const struct histogram_floors *f, double q);
/* histogram_octaves of c's samples and f's floors together, each floor in its own octave. */
void histogram_octaves_floored(const struct histogram_copy *c, const struct histogram_floors *f,
			       int first_exp, int n, double *out);
/* Samples in b that are not in a (both copies of the same histogram, a older). */
void histogram_since(const struct histogram_copy *a, const struct histogram_copy *b,
		     struct histogram_copy *out);
/* Samples in h now that are not in a (an older copy of h): histogram_copy, then
 * histogram_since, in one pass (histogram_copy is this from an empty copy). */
void histogram_since_now(const struct histogram_copy *a, const struct histogram *h,
			 struct histogram_copy *out);

#endif
