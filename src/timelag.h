/* timelag.h: when each recent message was produced, by partition and offset, so the age of
 * the oldest unconsumed tick is exact: it is the produce time of the message at the
 * consumer's position.
 *
 * The producer thread records every delivery (partition, offset, produce time); readers
 * look an offset up. Each partition keeps the last TIMELAG_SLOTS deliveries; an offset older
 * than that yields only a lower bound. Slots are written tag-last and read tag-twice, so a
 * reader never takes a time that belongs to another offset. A slot's tag is its offset + 1,
 * so that 0 is empty: a partition's slots come zeroed from calloc, and only the pages that
 * deliveries reach are ever touched (clearing 1 MB per partition with -1 was 1500 page
 * faults, ~2.5 ms, in the first deliveries of a 6-partition topic). */
#ifndef KTICKER_TIMELAG_H
#define KTICKER_TIMELAG_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "lag.h"
#include "options.h"

#define TIMELAG_SLOTS 65536

struct timelag_slot {
	_Atomic int64_t tag; /* the offset + 1; 0 when empty */
	_Atomic int64_t produce_ms;
};

struct timelag {
	struct timelag_slot *_Atomic parts[PARTITIONS_MAX];
	_Atomic int64_t oldest_ms[PARTITIONS_MAX]; /* produce time of the oldest slot's message */
};

void timelag_free(struct timelag *tl);
/* Forgets everything (a new topic). Only the writer thread calls it. */
void timelag_clear(struct timelag *tl);
void timelag_record(struct timelag *tl, int32_t partition, int64_t offset, int64_t produce_ms);

enum timelag_result { TIMELAG_EXACT, TIMELAG_AT_LEAST, TIMELAG_UNKNOWN };
/* Age at now_ms of the message at offset in partition. */
enum timelag_result timelag_age(struct timelag *tl, int32_t partition, int64_t offset,
				int64_t now_ms, int64_t *age_ms);

/* Age of the oldest unconsumed tick of a partition: the produce time of the message at the
 * consumer's position, or at the group's committed offset where another member reads it
 * (0 when nothing is left to consume). */
enum timelag_result timelag_of_partition(struct timelag *tl, const struct partition_offsets *p,
					 int64_t now_ms, int64_t *age_ms);

#endif
