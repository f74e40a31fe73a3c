/* timelag.c: produce times of recent deliveries, by partition and offset. */
#include "timelag.h"

#include <stdlib.h>

#include "util.h"

void timelag_free(struct timelag *tl)
{
	for (int i = 0; i < PARTITIONS_MAX; i++) {
		free(atomic_load(&tl->parts[i]));
		atomic_store(&tl->parts[i], NULL);
	}
}

static void clear_slots(struct timelag_slot *slots)
{
	for (int i = 0; i < TIMELAG_SLOTS; i++)
		atomic_store_explicit(&slots[i].tag, 0, memory_order_relaxed);
}

void timelag_clear(struct timelag *tl)
{
	for (int i = 0; i < PARTITIONS_MAX; i++) {
		struct timelag_slot *slots = atomic_load(&tl->parts[i]);
		if (slots)
			clear_slots(slots);
		atomic_store(&tl->oldest_ms[i], 0);
	}
}

void timelag_record(struct timelag *tl, int32_t partition, int64_t offset, int64_t produce_ms)
{
	if (partition < 0 || partition >= PARTITIONS_MAX || offset < 0)
		return;
	struct timelag_slot *slots = atomic_load_explicit(&tl->parts[partition], memory_order_acquire);
	if (!slots) {
		slots = xcalloc(TIMELAG_SLOTS, sizeof(*slots));
		atomic_store_explicit(&tl->parts[partition], slots, memory_order_release);
	}
	struct timelag_slot *s = &slots[offset % TIMELAG_SLOTS];
	if (atomic_load_explicit(&s->tag, memory_order_relaxed))
		atomic_store_explicit(&tl->oldest_ms[partition],
				      atomic_load_explicit(&s->produce_ms, memory_order_relaxed),
				      memory_order_relaxed);
	atomic_store_explicit(&s->tag, 0, memory_order_release);
	atomic_store_explicit(&s->produce_ms, produce_ms, memory_order_release);
	atomic_store_explicit(&s->tag, offset + 1, memory_order_release);
}

enum timelag_result timelag_age(struct timelag *tl, int32_t partition, int64_t offset,
				int64_t now_ms, int64_t *age_ms)
{
	if (partition < 0 || partition >= PARTITIONS_MAX || offset < 0)
		return TIMELAG_UNKNOWN;
	struct timelag_slot *slots = atomic_load_explicit(&tl->parts[partition], memory_order_acquire);
	if (!slots)
		return TIMELAG_UNKNOWN;
	struct timelag_slot *s = &slots[offset % TIMELAG_SLOTS];
	int64_t tag = atomic_load_explicit(&s->tag, memory_order_acquire);
	int64_t produced = atomic_load_explicit(&s->produce_ms, memory_order_acquire);
	if (tag == offset + 1 && atomic_load_explicit(&s->tag, memory_order_acquire) == tag) {
		*age_ms = now_ms - produced;
		return TIMELAG_EXACT;
	}
	if (tag > offset + 1) {
		/* overwritten by a newer message: older than the oldest we still know */
		int64_t oldest = atomic_load_explicit(&tl->oldest_ms[partition], memory_order_relaxed);
		*age_ms = oldest ? now_ms - oldest : 0;
		return TIMELAG_AT_LEAST;
	}
	return TIMELAG_UNKNOWN; /* not produced by this kticker */
}

enum timelag_result timelag_of_partition(struct timelag *tl, const struct partition_offsets *p,
					 int64_t now_ms, int64_t *age_ms)
{
	/* this member's position where it reads the partition; else the group's committed offset */
	int64_t next = p->position >= 0 ? p->position : p->committed >= 0 ? p->committed :
		       p->log_start > 0 ? p->log_start : 0;
	if (p->high_watermark >= 0 && next >= p->high_watermark) {
		*age_ms = 0;
		return TIMELAG_EXACT;
	}
	return timelag_age(tl, p->partition, next, now_ms, age_ms);
}
