/* seqcheck.h: delivery semantics seen by the consumer.
 *
 * Every producer numbers its ticks per symbol (seq 0, 1, 2...). Tracking the next expected
 * number per (producer, symbol) shows lost ticks (a jump forward) and duplicates or
 * reordering (a number already passed). The first tick seen of a pair sets the baseline,
 * since a consumer may join a stream midway. Owned by the consumer thread alone. */
#ifndef KTICKER_SEQCHECK_H
#define KTICKER_SEQCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "tick.h"

struct seqcheck {
	struct seq_entry *entries;
	size_t capacity, count;
	uint64_t gaps;       /* ticks missing: sum of the jumps forward */
	uint64_t duplicates; /* ticks at or behind what was already seen */
	uint64_t in_order;
};

void seqcheck_init(struct seqcheck *s);
void seqcheck_free(struct seqcheck *s);
void seqcheck_apply(struct seqcheck *s, const struct tick *t);

#endif
