/* dateindex.c: first offset per simulated date, per partition. */
#include "dateindex.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void dateindex_note(struct dateindex *d, int32_t date, int64_t offset, int64_t time_ms)
{
	if (d->count && d->marks[d->count - 1].date == date)
		return;
	if (!d->marks)
		d->marks = xcalloc(DATEINDEX_MAX, sizeof(*d->marks));
	if (d->count == DATEINDEX_MAX) {
		memmove(d->marks, d->marks + DATEINDEX_MAX / 2, DATEINDEX_MAX / 2 * sizeof(*d->marks));
		d->count = DATEINDEX_MAX / 2;
	}
	d->marks[d->count++] = (struct date_mark){ date, offset, time_ms };
}

const struct date_mark *dateindex_find(const struct dateindex *d, int32_t date)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->marks[i].date >= date)
			return &d->marks[i];
	return NULL;
}

void dateindex_free(struct dateindex *d)
{
	free(d->marks);
	d->marks = NULL;
	d->count = 0;
}
