/* offsetset.h: a set of a partition's offsets, kept as sorted, disjoint spans.
 *
 * What a consumer read in a whole run, whatever it skipped and came back to: reading in order
 * extends one span (no allocation per offset); a seek starts another. At most
 * OFFSET_SET_SPANS_MAX spans: beyond, the two closest merge, and the offsets between them count
 * as in the set. seqcheck keeps the sequence numbers a stream read in one too. */
#ifndef KTICKER_OFFSETSET_H
#define KTICKER_OFFSETSET_H

#include <stdbool.h>
#include <stdint.h>

#define OFFSET_SET_SPANS_MAX 1024

struct offset_span {
	int64_t from, to; /* offsets from .. to-1 */
};

struct offset_set {
	struct offset_span *spans; /* lowest first */
	int count, cap;
	int hint; /* the span the last offset added went to: where the next one usually goes */
	/* from the first to the last gap merged away: offsets in it may count as in the set only
	 * by that (from == to: none merged) */
	int64_t merged_from, merged_to;
};

/* Adds offset; false when it was in the set already. */
bool offset_set_add(struct offset_set *s, int64_t offset);
/* Whether offset lies where gaps were merged away: there, in the set says "perhaps". */
bool offset_set_merged_over(const struct offset_set *s, int64_t offset);
/* Takes out every offset at or past from. */
void offset_set_truncate(struct offset_set *s, int64_t from);
void offset_set_free(struct offset_set *s);

#endif
