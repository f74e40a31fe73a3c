/* seqcheck.c: per (producer, symbol) sequence tracking in an open-addressing table. */
#include "seqcheck.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct seq_entry {
	char producer[TICK_PRODUCER_MAX];
	char symbol[TICK_SYMBOL_MAX];
	int64_t next; /* 0 marks a free slot: an entry always expects seq >= 1 once used */
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

static size_t slot_of(const struct seqcheck *s, const char *producer, const char *symbol)
{
	return (size_t)((hash_str(producer) * 31 + hash_str(symbol)) % s->capacity);
}

static struct seq_entry *lookup(struct seqcheck *s, const char *producer, const char *symbol)
{
	size_t i = slot_of(s, producer, symbol);
	while (s->entries[i].next) {
		struct seq_entry *e = &s->entries[i];
		if (strcmp(e->symbol, symbol) == 0 && strcmp(e->producer, producer) == 0)
			return e;
		i = (i + 1) % s->capacity;
	}
	return &s->entries[i];
}

static void grow(struct seqcheck *s)
{
	struct seq_entry *old = s->entries;
	size_t old_capacity = s->capacity;
	s->capacity *= 2;
	s->entries = xcalloc(s->capacity, sizeof(*s->entries));
	for (size_t i = 0; i < old_capacity; i++)
		if (old[i].next)
			*lookup(s, old[i].producer, old[i].symbol) = old[i];
	free(old);
}

void seqcheck_apply(struct seqcheck *s, const struct tick *t)
{
	if ((s->count + 1) * 2 > s->capacity)
		grow(s);
	struct seq_entry *e = lookup(s, t->producer, t->symbol);
	if (!e->next) {
		copy_str(e->producer, sizeof(e->producer), t->producer);
		copy_str(e->symbol, sizeof(e->symbol), t->symbol);
		e->next = t->seq + 1;
		s->count++;
		s->in_order++;
		return;
	}
	if (t->seq < e->next) {
		s->duplicates++;
		return;
	}
	s->gaps += (uint64_t)(t->seq - e->next);
	e->next = t->seq + 1;
	s->in_order++;
}
