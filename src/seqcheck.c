/* seqcheck.c: per (partition, producer, symbol) sequence tracking in an open-addressing table. */
#include "seqcheck.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SEEN_WINDOW 64 /* how far back a late tick can be told from a duplicate */

struct seq_entry {
	char producer[TICK_PRODUCER_MAX];
	char symbol[TICK_SYMBOL_MAX];
	int32_t partition;
	int64_t next;  /* 0 marks a free slot: an entry always expects seq >= 1 once used */
	uint64_t seen; /* bit i: seq next-1-i arrived; a late tick with its bit clear was missing */
	int64_t first; /* the baseline: a seq below it was sent earlier and arrives late */
};

void seqcheck_init(struct seqcheck *s)
{
	memset(s, 0, sizeof(*s));
	s->capacity = 256;
	s->entries = xcalloc(s->capacity, sizeof(*s->entries));
}

void seqcheck_free(struct seqcheck *s)
{
	free(s->entries);
	memset(s, 0, sizeof(*s));
}

void seqcheck_reset(struct seqcheck *s)
{
	seqcheck_free(s);
	seqcheck_init(s);
}

void seqcheck_forget_streams(struct seqcheck *s)
{
	memset(s->entries, 0, s->capacity * sizeof(*s->entries));
	s->count = 0;
}

static size_t slot_of(const struct seqcheck *s, int32_t partition, const char *producer,
		      const char *symbol)
{
	uint64_t h = (hash_str(producer) * 31 + hash_str(symbol)) * 31 + (uint64_t)partition;
	return (size_t)(h % s->capacity);
}

static struct seq_entry *lookup(struct seqcheck *s, int32_t partition, const char *producer,
				const char *symbol)
{
	size_t i = slot_of(s, partition, producer, symbol);
	while (s->entries[i].next) {
		struct seq_entry *e = &s->entries[i];
		if (e->partition == partition && strcmp(e->symbol, symbol) == 0 &&
		    strcmp(e->producer, producer) == 0)
			return e;
		i = (i + 1) % s->capacity;
	}
	return &s->entries[i];
}

/* Re-inserts every entry the filter keeps into a table of the given capacity. */
static void rebuild(struct seqcheck *s, size_t capacity, int32_t drop_partition)
{
	struct seq_entry *old = s->entries;
	size_t old_capacity = s->capacity;
	s->capacity = capacity;
	s->entries = xcalloc(s->capacity, sizeof(*s->entries));
	s->count = 0;
	for (size_t i = 0; i < old_capacity; i++) {
		if (!old[i].next || old[i].partition == drop_partition)
			continue;
		*lookup(s, old[i].partition, old[i].producer, old[i].symbol) = old[i];
		s->count++;
	}
	free(old);
}

void seqcheck_forget_partition(struct seqcheck *s, int32_t partition)
{
	rebuild(s, s->capacity, partition);
}

enum seq_verdict seqcheck_apply(struct seqcheck *s, int32_t partition, const struct tick *t)
{
	if ((s->count + 1) * 2 > s->capacity)
		rebuild(s, s->capacity * 2, -1);
	struct seq_entry *e = lookup(s, partition, t->producer, t->symbol);
	if (!e->next) {
		copy_str(e->producer, sizeof(e->producer), t->producer);
		copy_str(e->symbol, sizeof(e->symbol), t->symbol);
		e->partition = partition;
		e->next = t->seq + 1;
		e->seen = 1;
		e->first = t->seq;
		s->count++;
		s->in_order++;
		return SEQ_FIRST;
	}
	if (t->seq < e->first) {
		/* e.g. a retried batch landing after the next one: reordered, and never counted
		 * as a gap since it came before the baseline (a copy of one of these would be
		 * counted here too: the window only remembers what follows the baseline) */
		s->reordered++;
		return SEQ_REORDERED;
	}
	if (t->seq < e->next) {
		int64_t back = e->next - 1 - t->seq;
		uint64_t bit = back < SEEN_WINDOW ? UINT64_C(1) << back : 0;
		if (bit && !(e->seen & bit)) {
			e->seen |= bit;
			s->gaps--;
			s->reordered++;
			return SEQ_REORDERED;
		}
		s->duplicates++; /* seen, or too far back to tell: counted as seen */
		return SEQ_DUPLICATE;
	}
	int64_t jump = t->seq - e->next;
	e->seen = jump + 1 < SEEN_WINDOW ? (e->seen << (jump + 1)) | 1 : 1;
	e->next = t->seq + 1;
	s->in_order++;
	if (!jump)
		return SEQ_IN_ORDER;
	s->gaps += (uint64_t)jump;
	return SEQ_GAP;
}
