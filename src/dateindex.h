/* dateindex.h: where each simulated date starts in a partition, as the consumer saw it, so
 * "rewind to a date" can seek. (Kafka's offsets-for-times would need message timestamps in
 * simulated time, and the embedded cluster answers no timestamp lookups.) Owned by the
 * consumer thread; bounded: the oldest half is dropped when full. */
#ifndef KTICKER_DATEINDEX_H
#define KTICKER_DATEINDEX_H

#include <stddef.h>
#include <stdint.h>

#define DATEINDEX_MAX 8192

struct date_mark {
	int32_t date;
	int64_t offset;
};

struct dateindex {
	struct date_mark *marks;
	size_t count;
};

/* Notes that the message at offset carries date (kept only when the date changes). */
void dateindex_note(struct dateindex *d, int32_t date, int64_t offset);
/* The first offset whose date is on or after date; -1 when none is known. */
int64_t dateindex_find(const struct dateindex *d, int32_t date);
void dateindex_free(struct dateindex *d);

#endif
