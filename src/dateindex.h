/* dateindex.h: where each simulated date starts in a partition, as the consumer saw it: the
 * offset and the produce time of its first tick, so "rewind to a date" can ask Kafka for the
 * offset of that time (offsets-for-times), or, where the cluster answers no timestamp
 * lookups (the embedded one), seek to the offset itself. Owned by the consumer thread;
 * bounded: the oldest half is dropped when full. */
#ifndef KTICKER_DATEINDEX_H
#define KTICKER_DATEINDEX_H

#include <stddef.h>
#include <stdint.h>

#define DATEINDEX_MAX 8192

struct date_mark {
	int32_t date;
	int64_t offset;
	int64_t time_ms; /* produce time of the date's first tick */
};

struct dateindex {
	struct date_mark *marks;
	size_t count;
};

/* Notes that the message at offset carries date (kept only when the date changes). */
void dateindex_note(struct dateindex *d, int32_t date, int64_t offset, int64_t time_ms);
/* The first mark whose date is on or after date; NULL when none is known. */
const struct date_mark *dateindex_find(const struct dateindex *d, int32_t date);
void dateindex_free(struct dateindex *d);

#endif
