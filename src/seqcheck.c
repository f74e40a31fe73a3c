/* seqcheck.c: per (topic, partition, producer, symbol) sequence tracking in an
 * open-addressing table. */
#include "seqcheck.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "offsetset.h"
#include "options.h"
#include "util.h"

struct seq_range {
	int64_t from, to; /* seqs from .. to-1 */
};

struct seq_entry {
	char producer[TICK_PRODUCER_MAX];
	char symbol[TICK_SYMBOL_MAX];
	int32_t topic, partition;
	int64_t next;  /* 0 marks a free slot: an entry always expects seq >= 1 once used */
	int64_t first; /* the baseline: a seq below it was sent earlier and arrives late */
	int64_t last;  /* the seq that arrived last (duplicates aside): a lower one breaks order */
	bool placed;   /* false once forgotten: the next tick read sets a new baseline */
	int missing_count;
	struct seq_range missing[MISSING_RANGES]; /* below next, lowest first */
	struct offset_set read; /* the seqs read in this run, whatever was forgotten since */
};

struct seq_topic {
	char *name;
	int partitions;
	int64_t next_offset[PARTITIONS_MAX]; /* after the last tick read, per partition */
	int64_t read_end[PARTITIONS_MAX];    /* after the highest offset read, per partition */
	/* ... as read_end, but kept when the partition is taken back further back: below it, a
	 * tick this consumer has read (and shown) already */
	int64_t shown_end[PARTITIONS_MAX];
	/* the offsets read in this run, whatever was forgotten since */
	struct offset_set read_in_run[PARTITIONS_MAX];
	/* the offsets read since the quote table started afresh on the topic: their ticks count
	 * in it, whatever was shown again since (a rewind) */
	struct offset_set counted[PARTITIONS_MAX];
	bool handed_over[PARTITIONS_MAX];
};

void seqcheck_init(struct seqcheck *s)
{
	memset(s, 0, sizeof(*s));
	s->capacity = 256;
	s->entries = xcalloc(s->capacity, sizeof(*s->entries));
	s->topic = -1;
}

void seqcheck_free(struct seqcheck *s)
{
	for (size_t i = 0; i < s->topic_count; i++) {
		for (int p = 0; p < PARTITIONS_MAX; p++) {
			offset_set_free(&s->topics[i]->read_in_run[p]);
			offset_set_free(&s->topics[i]->counted[p]);
		}
		free(s->topics[i]->name);
		free(s->topics[i]);
	}
	free(s->topics);
	for (size_t i = 0; i < s->capacity; i++)
		offset_set_free(&s->entries[i].read);
	free(s->entries);
	memset(s, 0, sizeof(*s));
}

static size_t slot_of(const struct seqcheck *s, int32_t topic, int32_t partition,
		      const char *producer, const char *symbol)
{
	uint64_t h = ((hash_str(producer) * 31 + hash_str(symbol)) * 31 + (uint64_t)partition) * 31 +
		     (uint64_t)topic;
	return (size_t)(h % s->capacity);
}

static struct seq_entry *lookup(struct seqcheck *s, int32_t topic, int32_t partition,
				const char *producer, const char *symbol)
{
	size_t i = slot_of(s, topic, partition, producer, symbol);
	while (s->entries[i].next) {
		struct seq_entry *e = &s->entries[i];
		if (e->partition == partition && e->topic == topic && strcmp(e->symbol, symbol) == 0 &&
		    strcmp(e->producer, producer) == 0)
			return e;
		i = (i + 1) % s->capacity;
	}
	return &s->entries[i];
}

/* Re-inserts every entry into a table of the given capacity. */
static void rebuild(struct seqcheck *s, size_t capacity)
{
	struct seq_entry *old = s->entries;
	size_t old_capacity = s->capacity;
	s->capacity = capacity;
	s->entries = xcalloc(s->capacity, sizeof(*s->entries));
	s->count = 0;
	for (size_t i = 0; i < old_capacity; i++) {
		const struct seq_entry *e = &old[i];
		if (!e->next)
			continue;
		*lookup(s, e->topic, e->partition, e->producer, e->symbol) = *e;
		s->count++;
	}
	free(old);
}

/* The streams of the current topic in partition (-1: all of them) lose their position; what
 * they read stays known. */
static void unplace(struct seqcheck *s, int32_t partition)
{
	for (size_t i = 0; i < s->capacity; i++) {
		struct seq_entry *e = &s->entries[i];
		if (e->next && e->topic == s->topic && (partition < 0 || e->partition == partition))
			e->placed = false;
	}
}

static struct seq_topic *add_topic(struct seqcheck *s, const char *name, int partitions)
{
	struct seq_topic *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->partitions = partitions;
	s->topics = xrealloc(s->topics, (s->topic_count + 1) * sizeof(*s->topics));
	s->topics[s->topic_count++] = t;
	return t;
}

void seqcheck_use_topic(struct seqcheck *s, const char *topic, int partitions)
{
	for (size_t i = 0; i < s->topic_count; i++) {
		struct seq_topic *t = s->topics[i];
		if (strcmp(t->name, topic) != 0)
			continue;
		s->topic = (int32_t)i;
		if (t->partitions != partitions) {
			/* keys now hash to other partitions: a symbol's stream may move away and
			 * come back later, further on */
			t->partitions = partitions;
			seqcheck_forget_streams(s);
		}
		return;
	}
	add_topic(s, topic, partitions);
	s->topic = (int32_t)s->topic_count - 1;
}

void seqcheck_repartition(struct seqcheck *s, int partitions)
{
	s->topics[s->topic]->partitions = partitions;
	unplace(s, -1);
}

static void forget_shown(struct seq_topic *t)
{
	memset(t->shown_end, 0, sizeof(t->shown_end));
}

void seqcheck_quotes_afresh(struct seqcheck *s)
{
	struct seq_topic *t = s->topics[s->topic];
	forget_shown(t);
	for (int p = 0; p < PARTITIONS_MAX; p++)
		offset_set_free(&t->counted[p]);
}

void seqcheck_forget_streams(struct seqcheck *s)
{
	unplace(s, -1);
	/* with the streams' positions gone, a tick seen again is one the log holds twice; and a
	 * rewind, re-reading on purpose, shows the ticks again (counted once still) */
	memset(s->topics[s->topic]->read_end, 0, sizeof(s->topics[s->topic]->read_end));
	forget_shown(s->topics[s->topic]);
}

void seqcheck_log_replaced(struct seqcheck *s, int32_t partition, int64_t offset)
{
	if (partition < 0 || partition >= PARTITIONS_MAX)
		return;
	struct seq_topic *t = s->topics[s->topic];
	t->next_offset[partition] = offset;
	t->read_end[partition] = t->read_end[partition] < offset ? t->read_end[partition] : offset;
	t->shown_end[partition] = t->shown_end[partition] < offset ? t->shown_end[partition] : offset;
	offset_set_truncate(&t->read_in_run[partition], offset);
	offset_set_truncate(&t->counted[partition], offset);
}

void seqcheck_forget_partition(struct seqcheck *s, int32_t partition)
{
	if (partition >= 0 && partition < PARTITIONS_MAX)
		s->topics[s->topic]->handed_over[partition] = true;
}

/* A partition read again after a hand-over: its streams go on only where it stopped. */
static void take_back(struct seqcheck *s, struct seq_topic *t, int32_t partition, int64_t offset)
{
	t->handed_over[partition] = false;
	if (offset != t->next_offset[partition]) {
		unplace(s, partition);
		t->read_end[partition] = offset;
	}
}

static void insert_range(struct seq_entry *e, int at, struct seq_range r)
{
	if (e->missing_count == MISSING_RANGES) {
		/* bounded memory: the oldest range is given up (its ticks stay counted as gaps) */
		memmove(&e->missing[0], &e->missing[1], (MISSING_RANGES - 1) * sizeof(e->missing[0]));
		e->missing_count--;
		at--;
	}
	memmove(&e->missing[at + 1], &e->missing[at], (size_t)(e->missing_count - at) * sizeof(e->missing[0]));
	e->missing[at] = r;
	e->missing_count++;
}

static void remove_range(struct seq_entry *e, int at)
{
	memmove(&e->missing[at], &e->missing[at + 1],
		(size_t)(e->missing_count - at - 1) * sizeof(e->missing[0]));
	e->missing_count--;
}

/* Takes seq out of the missing ranges; false when it was in none (seen already). */
static bool fill_missing(struct seq_entry *e, int64_t seq)
{
	for (int i = 0; i < e->missing_count; i++) {
		struct seq_range *r = &e->missing[i];
		if (seq < r->from || seq >= r->to)
			continue;
		if (seq > r->from && seq < r->to - 1) { /* inside: the range splits in two */
			struct seq_range above = { seq + 1, r->to };
			r->to = seq;
			insert_range(e, i + 1, above);
			return true;
		}
		if (seq == r->from)
			r->from++;
		else
			r->to--;
		if (r->from == r->to)
			remove_range(e, i);
		return true;
	}
	return false;
}

static enum seq_verdict late(struct seqcheck *s, struct seq_entry *e, int64_t seq)
{
	s->reordered++;
	if (seq < e->last)
		s->order_breaks++;
	e->last = seq;
	return SEQ_REORDERED;
}

static void add_stream(struct seqcheck *s, struct seq_entry *e, int32_t partition,
		       const struct tick *t)
{
	copy_str(e->producer, sizeof(e->producer), t->producer);
	copy_str(e->symbol, sizeof(e->symbol), t->symbol);
	e->topic = s->topic;
	e->partition = partition;
	e->next = 1; /* taken; placed by its first tick */
	s->count++;
}

static enum seq_verdict first_of_stream(struct seqcheck *s, struct seq_entry *e, int64_t seq)
{
	e->placed = true;
	e->next = seq + 1;
	e->first = e->last = seq;
	e->missing_count = 0;
	s->in_order++;
	return SEQ_FIRST;
}

/* A tick read before at another offset: the log holds it twice. Were the stream forgotten
 * since, the tick may be missing from its new baseline on: it was not lost. */
static enum seq_verdict copy_in_log(struct seqcheck *s, struct seq_entry *e, int64_t seq)
{
	if (e->placed && fill_missing(e, seq))
		s->gaps--;
	s->duplicates++;
	return SEQ_DUPLICATE;
}

static enum seq_verdict ahead(struct seqcheck *s, struct seq_entry *e, int64_t seq)
{
	int64_t jump = seq - e->next;
	if (jump)
		insert_range(e, e->missing_count, (struct seq_range){ e->next, seq });
	e->next = seq + 1;
	e->last = seq;
	s->in_order++;
	s->gaps += (uint64_t)jump;
	return jump ? SEQ_GAP : SEQ_IN_ORDER;
}

/* Records offset of partition as read. What had been read of it goes in *before, and the
 * return value says whether it was read since the streams were forgotten. */
static bool read_offset(struct seqcheck *s, int32_t partition, int64_t offset,
			struct seq_offset_before *before)
{
	struct seq_topic *topic = s->topics[s->topic];
	*before = (struct seq_offset_before){ 0 };
	if (partition < 0 || partition >= PARTITIONS_MAX)
		return false;
	if (topic->handed_over[partition])
		take_back(s, topic, partition, offset);
	topic->next_offset[partition] = offset + 1;
	bool read_before = offset < topic->read_end[partition];
	if (!read_before)
		topic->read_end[partition] = offset + 1;
	before->shown = offset < topic->shown_end[partition];
	if (!before->shown)
		topic->shown_end[partition] = offset + 1;
	struct offset_set *in_run = &topic->read_in_run[partition];
	before->read_in_run_perhaps = offset_set_merged_over(in_run, offset);
	before->read_in_run = !offset_set_add(in_run, offset);
	before->counted = !offset_set_add(&topic->counted[partition], offset);
	return read_before;
}

/* A tick never read, at an offset read before: from there on the log is another one than the
 * one read (the topic made again, perhaps while another member held the partition: no fetch
 * below this member's position told). The offset is read as the first of the new log. */
static bool read_in_other_log(struct seqcheck *s, int32_t partition, int64_t offset,
			      struct seq_offset_before *before)
{
	seqcheck_log_replaced(s, partition, offset);
	bool read_before = read_offset(s, partition, offset, before);
	before->log_replaced = true;
	return read_before;
}

enum seq_verdict seqcheck_apply(struct seqcheck *s, int32_t partition, int64_t offset,
				const struct tick *t, struct seq_offset_before *before)
{
	bool offset_read_before = read_offset(s, partition, offset, before);
	if ((s->count + 1) * 2 > s->capacity)
		rebuild(s, s->capacity * 2);
	struct seq_entry *e = lookup(s, s->topic, partition, t->producer, t->symbol);
	if (!e->next)
		add_stream(s, e, partition, t);
	bool seq_read = !offset_set_add(&e->read, t->seq);
	/* a tick never read where one was: another log, unless the offset's reading is only
	 * supposed (a merged gap), where it is a first read like any other */
	if (!seq_read && before->read_in_run && !before->read_in_run_perhaps)
		offset_read_before = read_in_other_log(s, partition, offset, before);
	if (seq_read && !before->read_in_run)
		return copy_in_log(s, e, t->seq);
	if (!e->placed)
		return first_of_stream(s, e, t->seq);
	if (t->seq >= e->next)
		return ahead(s, e, t->seq);
	if (t->seq < e->first) {
		/* e.g. a retried batch landing after the next one: late, and never counted as a
		 * gap since it came before the baseline */
		return late(s, e, t->seq);
	}
	if (fill_missing(e, t->seq)) {
		s->gaps--;
		return late(s, e, t->seq);
	}
	s->duplicates++;
	return offset_read_before ? SEQ_READ_AGAIN : SEQ_DUPLICATE;
}
