/* ackwatch.c: the producer's unacknowledged ticks, by send time. */
#include "ackwatch.h"

/* The ring's counts are atomics for the readers (ackwatch_waited); the producer thread alone
 * writes them, so a load and a store, relaxed, do: no read-modify-write, no lock. */
static uint32_t count_at(const struct ackwatch *w, int64_t bucket)
{
	return atomic_load_explicit(&w->pending[bucket % ACKWATCH_BUCKETS], memory_order_relaxed);
}

static void set_count(struct ackwatch *w, int64_t bucket, uint32_t n)
{
	atomic_store_explicit(&w->pending[bucket % ACKWATCH_BUCKETS], n, memory_order_relaxed);
}

static void publish(struct ackwatch *w)
{
	atomic_store_explicit(&w->oldest_sent_ms, w->total ? w->oldest * ACKWATCH_BUCKET_MS : 0,
			      memory_order_relaxed);
	atomic_store_explicit(&w->waiting, w->total, memory_order_relaxed);
}

/* Makes room for `bucket` ahead of the newest: buckets the ring would overwrite fold into
 * the next one (their ticks then count as sent a little later). Every slot outside
 * oldest..newest is 0. */
static void advance_to(struct ackwatch *w, int64_t bucket)
{
	while (bucket - w->oldest >= ACKWATCH_BUCKETS) {
		set_count(w, w->oldest + 1, count_at(w, w->oldest + 1) + count_at(w, w->oldest));
		set_count(w, w->oldest, 0);
		w->oldest++;
	}
	w->newest = bucket;
}

static bool followed(int32_t partition)
{
	return partition >= 0 && partition < PARTITIONS_MAX;
}

void ackwatch_bound_for(struct ackwatch *w, int32_t partition, int64_t sent_us)
{
	if (!followed(partition))
		return;
	atomic_store_explicit(&w->last_sent_us[partition], sent_us, memory_order_relaxed);
	if (!atomic_load_explicit(&w->first_waiting_us[partition], memory_order_relaxed))
		atomic_store_explicit(&w->first_waiting_us[partition], sent_us, memory_order_relaxed);
}

/* A report on `partition` about the tick sent at sent_us: none of its ticks waits if that was
 * its newest; else the next waiting was sent no earlier. */
static void partition_reported(struct ackwatch *w, int32_t partition, int64_t sent_us, bool acked,
			       int64_t now_ms)
{
	if (!followed(partition))
		return;
	if (acked)
		atomic_store_explicit(&w->last_acked_ms[partition], now_ms, memory_order_relaxed);
	bool newest = atomic_load_explicit(&w->last_sent_us[partition], memory_order_relaxed) <= sent_us;
	atomic_store_explicit(&w->first_waiting_us[partition], newest ? 0 : sent_us, memory_order_relaxed);
}

void ackwatch_sent(struct ackwatch *w, int64_t sent_us)
{
	int64_t bucket = sent_us / 1000 / ACKWATCH_BUCKET_MS;
	if (!w->total)
		w->oldest = w->newest = bucket;
	else if (bucket > w->newest)
		advance_to(w, bucket);
	else if (bucket < w->oldest)
		bucket = w->oldest; /* the wall clock went back */
	set_count(w, bucket, count_at(w, bucket) + 1);
	w->total++;
	publish(w);
}

/* The bucket a report takes its tick from: the send time's, or (folded into a later bucket,
 * or moved there by a clock that went back) the oldest one with a tick. */
static int64_t bucket_of_report(const struct ackwatch *w, int64_t bucket)
{
	if (bucket >= w->oldest && bucket <= w->newest && count_at(w, bucket))
		return bucket;
	int64_t b = w->oldest;
	while (!count_at(w, b) && b < w->newest)
		b++;
	return b;
}

void ackwatch_reported(struct ackwatch *w, int64_t sent_us, int32_t partition, bool acked, int64_t now_ms)
{
	partition_reported(w, partition, sent_us, acked, now_ms);
	if (!w->total)
		return; /* not counted when sent: nothing to take out */
	int64_t b = bucket_of_report(w, sent_us / 1000 / ACKWATCH_BUCKET_MS);
	uint32_t n = count_at(w, b);
	if (n)
		set_count(w, b, n - 1);
	w->total--;
	while (w->total && !count_at(w, w->oldest) && w->oldest < w->newest)
		w->oldest++;
	publish(w);
}

void ackwatch_read(const struct ackwatch *w, int64_t now_ms, int partitions, int64_t overdue_ms,
		   struct acks_waiting *out)
{
	*out = (struct acks_waiting){ .waited_ms = -1, .quiet_ms = -1 };
	out->waiting = atomic_load_explicit(&w->waiting, memory_order_relaxed);
	int64_t oldest = atomic_load_explicit(&w->oldest_sent_ms, memory_order_relaxed);
	if (!out->waiting || !oldest)
		return;
	out->waited_ms = now_ms > oldest ? now_ms - oldest : 0;
	if (partitions > PARTITIONS_MAX)
		partitions = PARTITIONS_MAX;
	for (int32_t p = 0; p < partitions; p++) {
		int64_t first = atomic_load_explicit(&w->first_waiting_us[p], memory_order_relaxed);
		int64_t acked = atomic_load_explicit(&w->last_acked_ms[p], memory_order_relaxed);
		/* a partition still acknowledged, however late, is slow, not stuck */
		if (!first || now_ms - first / 1000 <= overdue_ms || (acked && now_ms - acked <= overdue_ms))
			continue;
		if (out->named < ACKWATCH_NAMED_MAX)
			out->partitions[out->named++] = p;
		else
			out->more++;
		if (acked && (out->quiet_ms < 0 || now_ms - acked < out->quiet_ms))
			out->quiet_ms = now_ms - acked;
	}
}

void ackwatch_waited(const struct ackwatch *w, int64_t now_ms, struct histogram_floors *out)
{
	out->n = 0;
	out->total = 0;
	int64_t oldest = atomic_load_explicit(&w->oldest_sent_ms, memory_order_relaxed);
	if (!atomic_load_explicit(&w->waiting, memory_order_relaxed) || !oldest)
		return;
	int64_t last = now_ms / ACKWATCH_BUCKET_MS, first = oldest / ACKWATCH_BUCKET_MS;
	/* the producer moved on since this reading; and the slot of the bucket after now's is
	 * the one the next tick sent reuses: not read */
	if (last - first >= ACKWATCH_BUCKETS - 1)
		first = last - ACKWATCH_BUCKETS + 2;
	/* the newest first, for ascending waits: a bucket's ticks were sent before its end */
	for (int64_t b = last; b >= first && out->n < HISTOGRAM_FLOORS_MAX; b--) {
		uint32_t n = count_at(w, b);
		int64_t waited_ms = now_ms - (b + 1) * ACKWATCH_BUCKET_MS;
		if (!n || waited_ms <= 0)
			continue; /* sent in now's bucket (the current tenth of a second): nothing known yet */
		out->at_least_us[out->n] = waited_ms * 1000;
		out->count[out->n++] = n;
		out->total += n;
	}
}

void ackwatch_quantiles(const struct ackwatch *w, int64_t now_ms, const struct histogram_copy *acked,
			struct histogram_floors *waiting, struct quantile *p50, struct quantile *p99)
{
	ackwatch_waited(w, now_ms, waiting);
	*p50 = histogram_quantile_floored(acked, waiting, 0.5);
	*p99 = histogram_quantile_floored(acked, waiting, 0.99);
}

void ackwatch_interval_quantiles(const struct ackwatch *w, const struct histogram *latency,
				 struct histogram_copy *last, int64_t now_ms, struct quantile *p50,
				 struct quantile *p99)
{
	struct histogram_copy now, interval;
	struct histogram_floors waiting;
	histogram_copy(latency, &now);
	histogram_since(last, &now, &interval);
	*last = now;
	ackwatch_quantiles(w, now_ms, &interval, &waiting, p50, p99);
}
