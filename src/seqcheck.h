/* seqcheck.h: delivery semantics seen by the consumer.
 *
 * Every producer numbers its ticks per symbol and topic (seq 0, 1, 2...). Tracking the next
 * expected number per (partition, producer, symbol) shows lost ticks (a jump forward),
 * duplicates (a number already seen) and reordering (a number that was missing arrives late,
 * within 64 of the newest: it is taken back out of the gaps; or one below the first number
 * seen, as when a retried batch lands after the next one). The first tick seen of a triple sets the baseline, since
 * a consumer may join a stream midway; a partition handed to another group member is
 * forgotten, so taking it back later is not mistaken for a gap. Owned by the consumer thread. */
#ifndef KTICKER_SEQCHECK_H
#define KTICKER_SEQCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "tick.h"

enum seq_verdict { SEQ_FIRST, SEQ_IN_ORDER, SEQ_GAP, SEQ_DUPLICATE, SEQ_REORDERED };

struct seqcheck {
	struct seq_entry *entries;
	size_t capacity, count;
	uint64_t gaps;       /* ticks missing: jumps forward, less those that came late */
	uint64_t duplicates; /* ticks seen again */
	uint64_t reordered;  /* ticks that arrived after a later one of their stream */
	uint64_t in_order;
};

void seqcheck_init(struct seqcheck *s);
void seqcheck_free(struct seqcheck *s);
/* Forgets everything: a new topic. */
void seqcheck_reset(struct seqcheck *s);
/* Forgets every stream's position but keeps the counts: a rewind. */
void seqcheck_forget_streams(struct seqcheck *s);
/* Forgets the streams of one partition: it went to another member of the group. */
void seqcheck_forget_partition(struct seqcheck *s, int32_t partition);
enum seq_verdict seqcheck_apply(struct seqcheck *s, int32_t partition, const struct tick *t);

#endif
