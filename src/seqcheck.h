/* seqcheck.h: delivery semantics seen by the consumer.
 *
 * Every producer numbers its ticks per topic and symbol (seq 0, 1, 2...; switching back to a
 * topic continues its numbering; a restarted producer has a new id, so a fresh sequence).
 * A stream is (topic, partition, producer, symbol); tracking the next expected number of each
 * shows lost ticks (a jump forward: the skipped numbers are a missing range), duplicates (a
 * number already seen) and late ticks (a number that was missing arrives after a later one,
 * however far back: it is taken out of its missing range and out of the gaps; or one below
 * the first number seen, as when a retried batch lands after the next one). An order break
 * is one place where a stream goes back: a late block of 100 ticks is 100 late ticks and one
 * order break. Each stream remembers its MISSING_RANGES most recent missing ranges: a tick of
 * an older one, should it still come, is counted as a duplicate and its gap stays counted.
 *
 * The first tick seen of a stream sets the baseline, since a consumer may join a stream
 * midway. A stream forgotten (below) loses its position, not the numbers it read: one read
 * again at an offset this consumer never read is a second copy in the log, a duplicate,
 * wherever the new baseline is (and not a gap, if missing from it). The numbers read are kept
 * as spans, one while a stream has no holes, at most OFFSET_SET_SPANS_MAX (offsetset.h): a tick
 * of a hole merged away, should it come, counts as a duplicate.
 * Switching topics keeps every topic's streams, so switching back continues them.
 * A partition handed over (to another group member, or left with its topic) keeps its streams
 * only if this consumer reads it again from the offset where it stopped: anything else (a
 * member that read on, or a re-read) starts new baselines, never false gaps. A topic seen
 * again with another partition count starts afresh too: its keys map to other partitions.
 * A tick never read, at an offset read before, tells that the log is another one from there
 * (the topic deleted and made again under its name, offsets from 0 again): what was read of
 * the old one there counts as read no longer, whoever held the partition in between.
 * Owned by the consumer thread. */
#ifndef KTICKER_SEQCHECK_H
#define KTICKER_SEQCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tick.h"

#define MISSING_RANGES 4

/* SEQ_DUPLICATE: a tick seen before, at an offset not read before (the log holds it twice);
 * SEQ_READ_AGAIN: a tick seen before, at an offset read before (the consumer went back). */
enum seq_verdict { SEQ_FIRST, SEQ_IN_ORDER, SEQ_GAP, SEQ_DUPLICATE, SEQ_READ_AGAIN,
		   SEQ_REORDERED };

struct seqcheck {
	struct seq_entry *entries;
	size_t capacity, count;
	struct seq_topic **topics; /* every topic read so far */
	size_t topic_count;
	int32_t topic;             /* the current one: an index into topics */
	uint64_t gaps;         /* ticks missing: jumps forward, less those that came late */
	uint64_t duplicates;   /* ticks seen again, read again or not */
	uint64_t reordered;    /* late ticks: each arrived after a later one of its stream */
	uint64_t order_breaks; /* places where a stream went back to an earlier number */
	uint64_t in_order;
};

void seqcheck_init(struct seqcheck *s);
void seqcheck_free(struct seqcheck *s);
/* Makes topic (with its partition count) the current one; a name never seen is added. */
void seqcheck_use_topic(struct seqcheck *s, const char *topic, int partitions);
/* The current topic's partition count changed while it was read (partitions added, here or
 * elsewhere; the topic made again): keys hash to other partitions from each producer's next
 * metadata, so a symbol's stream may leave a partition and come back to it further on, which
 * is no gap. Every stream starts a new baseline; what was read counts as read. */
void seqcheck_repartition(struct seqcheck *s, int partitions);
/* The quote table starts afresh on the current topic: no tick of it is shown or counted. */
void seqcheck_quotes_afresh(struct seqcheck *s);
/* Forgets every stream's position in the current topic but keeps the counts: a rewind. */
void seqcheck_forget_streams(struct seqcheck *s);
/* The log of partition of the current topic from offset on is not the one this consumer read
 * there (the topic deleted and made again under its name, offsets starting at 0 again):
 * nothing read there counts as read, shown or counted in the quotes any more. */
void seqcheck_log_replaced(struct seqcheck *s, int32_t partition, int64_t offset);
/* Partition of the current topic handed over: its streams are forgotten unless this
 * consumer reads it again from where it stopped. */
void seqcheck_forget_partition(struct seqcheck *s, int32_t partition);
/* What this consumer had read of an offset before it read the offset's tick. */
struct seq_offset_before {
	/* read already, a rewind aside (a partition taken back further back reads some again) */
	bool shown;
	/* read already since the quote table started afresh on the topic, a rewind or not: the
	 * table counts its tick already */
	bool counted;
	/* read at any time since it started, whatever was forgotten since (a rewind, a switch away
	 * and back, a hand-over). An offset skipped (a rewind to the end, a partition another
	 * member read on) and read later counts then (offsetset.h). */
	bool read_in_run;
	/* read_in_run only perhaps: the offset lies where gaps between the spans read were
	 * merged away (offsetset.h), so not known to have been read */
	bool read_in_run_perhaps;
	/* the tick is not the one read at this offset before: the log is another one from here
	 * on (seqcheck_log_replaced), and nothing above counts what was read of the old one */
	bool log_replaced;
};

/* A tick read at offset of partition in the current topic; *before says what had been read of
 * that offset. */
enum seq_verdict seqcheck_apply(struct seqcheck *s, int32_t partition, int64_t offset,
				const struct tick *t, struct seq_offset_before *before);

#endif
