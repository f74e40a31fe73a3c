/* histogram.c: latency distribution in fixed log-scaled buckets. */
#include "histogram.h"

static int bucket_of(int64_t v)
{
	if (v < HISTOGRAM_SUB)
		return v < 0 ? 0 : (int)v;
	int exp = 63 - __builtin_clzll((unsigned long long)v); /* v in [2^exp, 2^(exp+1)) */
	int sub = (int)((v >> (exp - HISTOGRAM_SUB_BITS)) & (HISTOGRAM_SUB - 1));
	int b = (exp - HISTOGRAM_SUB_BITS + 1) * HISTOGRAM_SUB + sub;
	return b < HISTOGRAM_BUCKETS ? b : HISTOGRAM_BUCKETS - 1;
}

/* Upper bound of a bucket, so quantiles never understate latency. */
static int64_t bucket_limit(int b)
{
	if (b < HISTOGRAM_SUB)
		return b;
	int exp = b / HISTOGRAM_SUB + HISTOGRAM_SUB_BITS - 1, sub = b % HISTOGRAM_SUB;
	return ((int64_t)(HISTOGRAM_SUB + sub + 1) << (exp - HISTOGRAM_SUB_BITS)) - 1;
}

void histogram_record(struct histogram *h, int64_t value_us)
{
	int b = bucket_of(value_us), used = b / HISTOGRAM_SUB + 1;
	atomic_fetch_add_explicit(&h->counts[b], 1, memory_order_relaxed);
	/* a maximum that only grows, whoever records (a producer being replaced and its
	 * successor may both report deliveries for a moment) */
	int was = atomic_load_explicit(&h->groups_used, memory_order_relaxed);
	while (was < used && !atomic_compare_exchange_weak_explicit(&h->groups_used, &was, used,
								    memory_order_relaxed, memory_order_relaxed))
		;
}

/* A copy's count of bucket i: 0 past its groups used, where its counts were not written. */
static uint64_t count_at(const struct histogram_copy *c, int i)
{
	return i / HISTOGRAM_SUB < c->groups_used ? c->counts[i] : 0;
}

/* The groups' sums from `used` on are 0. */
static void clear_groups_from(struct histogram_copy *c, int used)
{
	c->groups_used = used;
	for (int g = used; g < HISTOGRAM_GROUPS; g++)
		c->groups[g] = 0;
}

void histogram_copy(const struct histogram *h, struct histogram_copy *out)
{
	static const struct histogram_copy nothing; /* no group used */
	histogram_since_now(&nothing, h, out);
}

int64_t histogram_quantile(const struct histogram_copy *c, double q)
{
	if (c->total == 0)
		return 0;
	uint64_t rank = (uint64_t)(q * (double)c->total);
	if (rank >= c->total)
		rank = c->total - 1;
	uint64_t seen = 0;
	int g = 0;
	while (g < HISTOGRAM_GROUPS - 1 && seen + c->groups[g] <= rank)
		seen += c->groups[g++];
	for (int i = g * HISTOGRAM_SUB; i < HISTOGRAM_BUCKETS; i++) {
		seen += count_at(c, i);
		if (seen > rank)
			return bucket_limit(i);
	}
	return bucket_limit(HISTOGRAM_BUCKETS - 1);
}

/* The floor at `rank` among f's floors from the k-th on. */
static int64_t floor_at(const struct histogram_floors *f, int k, uint64_t rank)
{
	while (k < f->n - 1 && rank >= f->count[k])
		rank -= f->count[k++];
	return f->at_least_us[k];
}

struct quantile histogram_quantile_floored(const struct histogram_copy *c,
					   const struct histogram_floors *f, double q)
{
	uint64_t total = c->total + f->total;
	if (total == 0)
		return (struct quantile){ .us = -1 };
	uint64_t rank = (uint64_t)(q * (double)total);
	if (rank >= total)
		rank = total - 1;
	uint64_t seen = 0;
	int k = 0; /* the first floor not below group g, then bucket i */
	int g = 0;
	for (; g < HISTOGRAM_GROUPS - 1; g++) {
		int next = k;
		uint64_t floors = 0;
		while (next < f->n && bucket_of(f->at_least_us[next]) < (g + 1) * HISTOGRAM_SUB)
			floors += f->count[next++];
		if (seen + c->groups[g] + floors > rank)
			break;
		seen += c->groups[g] + floors;
		k = next;
	}
	for (int i = g * HISTOGRAM_SUB; i < HISTOGRAM_BUCKETS; i++) {
		int first = k;
		uint64_t floors = 0, count = count_at(c, i);
		while (k < f->n && bucket_of(f->at_least_us[k]) <= i)
			floors += f->count[k++];
		if (seen + count + floors > rank) {
			if (rank - seen < count)
				return (struct quantile){ .us = bucket_limit(i) };
			return (struct quantile){ .us = floor_at(f, first, rank - seen - count), .at_least = true };
		}
		seen += count + floors;
	}
	return (struct quantile){ .us = -1 }; /* not reached: the totals are the counts' sums */
}

void histogram_since(const struct histogram_copy *a, const struct histogram_copy *b,
		     struct histogram_copy *out)
{
	int used = a->groups_used > b->groups_used ? a->groups_used : b->groups_used;
	out->total = 0;
	for (int g = 0; g < used; g++) {
		for (int i = g * HISTOGRAM_SUB; i < (g + 1) * HISTOGRAM_SUB; i++)
			out->counts[i] = count_at(b, i) - count_at(a, i);
		out->groups[g] = b->groups[g] - a->groups[g];
		out->total += out->groups[g];
	}
	clear_groups_from(out, used);
}

void histogram_since_now(const struct histogram_copy *a, const struct histogram *h,
			 struct histogram_copy *out)
{
	int live = atomic_load_explicit(&h->groups_used, memory_order_relaxed);
	int used = a->groups_used > live ? a->groups_used : live;
	out->total = 0;
	for (int g = 0; g < used; g++) {
		uint64_t sum = 0;
		for (int i = g * HISTOGRAM_SUB; i < (g + 1) * HISTOGRAM_SUB; i++) {
			uint64_t now = g < live ? atomic_load_explicit(&h->counts[i], memory_order_relaxed) : 0;
			out->counts[i] = now - count_at(a, i);
			sum += out->counts[i];
		}
		out->groups[g] = sum;
		out->total += sum;
	}
	clear_groups_from(out, used);
}

/* The column of bucket b's samples among n octaves from 2^first_exp, the ends taking all
 * below and above. */
static int octave_of_bucket(int b, int first_exp, int n)
{
	int exp = b < HISTOGRAM_SUB ? 63 - __builtin_clzll((unsigned long long)b | 1)
				    : b / HISTOGRAM_SUB + HISTOGRAM_SUB_BITS - 1;
	int k = exp - first_exp;
	return k < 0 ? 0 : k >= n ? n - 1 : k;
}

void histogram_octaves(const struct histogram_copy *c, int first_exp, int n, double *out)
{
	for (int k = 0; k < n; k++)
		out[k] = 0;
	for (int b = 0; b < HISTOGRAM_SUB; b++) /* the exact values, of several powers of two */
		out[octave_of_bucket(b, first_exp, n)] += (double)count_at(c, b);
	for (int g = 1; g < c->groups_used; g++) /* a power of two each */
		out[octave_of_bucket(g * HISTOGRAM_SUB, first_exp, n)] += (double)c->groups[g];
}

void histogram_octaves_floored(const struct histogram_copy *c, const struct histogram_floors *f,
			       int first_exp, int n, double *out)
{
	histogram_octaves(c, first_exp, n, out);
	for (int k = 0; k < f->n; k++)
		out[octave_of_bucket(bucket_of(f->at_least_us[k]), first_exp, n)] += f->count[k];
}
