/* offsetset.c: a set of offsets as sorted, disjoint spans. */
#include "offsetset.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The first span that ends after offset: the one holding it, or the one after where it goes. */
static int span_after(const struct offset_set *s, int64_t offset)
{
	int lo = 0, hi = s->count;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->spans[mid].to <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void remove_span(struct offset_set *s, int i)
{
	memmove(&s->spans[i], &s->spans[i + 1], (size_t)(s->count - i - 1) * sizeof(s->spans[0]));
	s->count--;
}

/* Span i takes in span i + 1 when they meet. */
static void join_next(struct offset_set *s, int i)
{
	if (i + 1 < s->count && s->spans[i].to == s->spans[i + 1].from) {
		s->spans[i].to = s->spans[i + 1].to;
		remove_span(s, i + 1);
	}
}

/* The two neighbouring spans with the fewest offsets between them become one. */
static void merge_closest(struct offset_set *s)
{
	int best = 0;
	for (int i = 1; i + 1 < s->count; i++)
		if (s->spans[i + 1].from - s->spans[i].to < s->spans[best + 1].from - s->spans[best].to)
			best = i;
	int64_t gap_from = s->spans[best].to, gap_to = s->spans[best + 1].from;
	if (s->merged_from == s->merged_to) {
		s->merged_from = gap_from;
		s->merged_to = gap_to;
	} else {
		s->merged_from = gap_from < s->merged_from ? gap_from : s->merged_from;
		s->merged_to = gap_to > s->merged_to ? gap_to : s->merged_to;
	}
	s->spans[best].to = s->spans[best + 1].to;
	remove_span(s, best + 1);
	s->hint = best;
}

bool offset_set_merged_over(const struct offset_set *s, int64_t offset)
{
	return offset >= s->merged_from && offset < s->merged_to;
}

static void insert_span(struct offset_set *s, int i, int64_t offset)
{
	if (s->count == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->spans = xrealloc(s->spans, (size_t)s->cap * sizeof(s->spans[0]));
	}
	memmove(&s->spans[i + 1], &s->spans[i], (size_t)(s->count - i) * sizeof(s->spans[0]));
	s->spans[i] = (struct offset_span){ offset, offset + 1 };
	s->count++;
	s->hint = i;
}

bool offset_set_add(struct offset_set *s, int64_t offset)
{
	if (s->count && s->spans[s->hint].to == offset) { /* reading on in order: most offsets */
		s->spans[s->hint].to++;
		join_next(s, s->hint);
		return true;
	}
	int i = span_after(s, offset);
	if (i < s->count && s->spans[i].from <= offset) {
		s->hint = i;
		return false;
	}
	if (i > 0 && s->spans[i - 1].to == offset) {
		s->hint = i - 1;
		s->spans[i - 1].to++;
		join_next(s, i - 1);
		return true;
	}
	if (i < s->count && s->spans[i].from == offset + 1) {
		s->hint = i;
		s->spans[i].from--;
		return true;
	}
	if (s->count == OFFSET_SET_SPANS_MAX) {
		merge_closest(s);
		offset_set_add(s, offset); /* the merged gap may hold it now */
		return true;
	}
	insert_span(s, i, offset);
	return true;
}

void offset_set_truncate(struct offset_set *s, int64_t from)
{
	int i = span_after(s, from); /* the first span with offsets at or past from */
	if (i < s->count && s->spans[i].from < from)
		s->spans[i++].to = from;
	s->count = i;
	s->hint = 0;
	if (s->merged_to > from)
		s->merged_to = from > s->merged_from ? from : s->merged_from; /* none left at or past it */
}

void offset_set_free(struct offset_set *s)
{
	free(s->spans);
	*s = (struct offset_set){ 0 };
}
