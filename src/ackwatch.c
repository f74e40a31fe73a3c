/* ackwatch.c: the producer's unacknowledged ticks, by send time. */
#include "ackwatch.h"

static uint32_t *slot(struct ackwatch *w, int64_t bucket)
{
	return &w->pending[bucket % ACKWATCH_BUCKETS];
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
		*slot(w, w->oldest + 1) += *slot(w, w->oldest);
		*slot(w, w->oldest) = 0;
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
	(*slot(w, bucket))++;
	w->total++;
	publish(w);
}

/* The slot a report takes its tick from: the send time's, or (folded into a later bucket,
 * or moved there by a clock that went back) the oldest one with a tick. */
static uint32_t *slot_of_report(struct ackwatch *w, int64_t bucket)
{
	if (bucket >= w->oldest && bucket <= w->newest && *slot(w, bucket))
		return slot(w, bucket);
	int64_t b = w->oldest;
	while (!*slot(w, b) && b < w->newest)
		b++;
	return slot(w, b);
}

void ackwatch_reported(struct ackwatch *w, int64_t sent_us, int32_t partition, bool acked, int64_t now_ms)
{
	partition_reported(w, partition, sent_us, acked, now_ms);
	if (!w->total)
		return; /* not counted when sent: nothing to take out */
	uint32_t *s = slot_of_report(w, sent_us / 1000 / ACKWATCH_BUCKET_MS);
	if (*s)
		(*s)--;
	w->total--;
	while (w->total && !*slot(w, w->oldest) && w->oldest < w->newest)
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
