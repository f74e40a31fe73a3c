/* enrich.c: per-symbol returns, moving averages, VWAP and daily candles. */
#include "enrich.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

struct enrich_symbol {
	char symbol[TICK_SYMBOL_MAX]; /* empty: a free slot */
	double closes[ENRICH_WINDOW]; /* ring of the last closes */
	unsigned close_count;
	double prev_day_close;        /* 0 until a day has ended */
	double day_pv, day_volume;    /* for the VWAP */
	int64_t last_volume;          /* the day's volume so far, as the last tick said */
	struct candle candle;         /* the day being built */
};

void enrich_init(struct enrich *e)
{
	memset(e, 0, sizeof(*e));
	e->capacity = 64;
	e->symbols = xcalloc(e->capacity, sizeof(*e->symbols));
}

void enrich_free(struct enrich *e)
{
	free(e->symbols);
	memset(e, 0, sizeof(*e));
}

static struct enrich_symbol *slot_for(struct enrich *e, const char *symbol)
{
	size_t i = hash_str(symbol) % e->capacity;
	while (e->symbols[i].symbol[0] && strcmp(e->symbols[i].symbol, symbol) != 0)
		i = (i + 1) % e->capacity;
	return &e->symbols[i];
}

static struct enrich_symbol *find_or_add(struct enrich *e, const char *symbol)
{
	if ((e->count + 1) * 2 > e->capacity) {
		struct enrich bigger = { xcalloc(e->capacity * 2, sizeof(*e->symbols)), e->capacity * 2, 0 };
		for (size_t i = 0; i < e->capacity; i++)
			if (e->symbols[i].symbol[0]) {
				*slot_for(&bigger, e->symbols[i].symbol) = e->symbols[i];
				bigger.count++;
			}
		free(e->symbols);
		*e = bigger;
	}
	struct enrich_symbol *s = slot_for(e, symbol);
	if (!s->symbol[0]) {
		copy_str(s->symbol, sizeof(s->symbol), symbol);
		e->count++;
	}
	return s;
}

static double mean_of_last(const struct enrich_symbol *s, unsigned n)
{
	unsigned have = s->close_count < n ? s->close_count : n;
	double sum = 0;
	for (unsigned i = 0; i < have; i++)
		sum += s->closes[(s->close_count - 1 - i) % ENRICH_WINDOW];
	return have ? sum / have : 0;
}

static void start_day(struct enrich_symbol *s, const struct tick *t)
{
	s->day_pv = s->day_volume = 0;
	s->last_volume = 0;
	s->candle = (struct candle){ .date = t->date, .open = t->open, .high = t->high, .low = t->low };
	copy_str(s->candle.symbol, sizeof(s->candle.symbol), t->symbol);
}

bool enrich_apply(struct enrich *e, const struct tick *t, struct enriched *out, struct candle *done)
{
	struct enrich_symbol *s = find_or_add(e, t->symbol);
	bool new_day = s->candle.ticks > 0 && t->date != s->candle.date;
	if (new_day) {
		*done = s->candle;
		s->prev_day_close = s->candle.close;
	}
	if (new_day || s->candle.ticks == 0)
		start_day(s, t);
	/* a tick's volume is the day's so far: what traded since the last tick is the step */
	int64_t traded = t->volume > s->last_volume ? t->volume - s->last_volume : 0;
	s->last_volume = t->volume;
	s->day_pv += t->close * (double)traded;
	s->day_volume += (double)traded;
	s->closes[s->close_count++ % ENRICH_WINDOW] = t->close;
	struct candle *c = &s->candle;
	c->high = t->high > c->high ? t->high : c->high;
	c->low = t->low < c->low ? t->low : c->low;
	c->close = t->close;
	c->volume = t->volume;
	c->ticks++;
	out->ret = s->prev_day_close > 0 ? t->close / s->prev_day_close - 1 : 0;
	out->sma5 = mean_of_last(s, 5);
	out->sma20 = mean_of_last(s, 20);
	out->vwap = s->day_volume > 0 ? s->day_pv / s->day_volume : t->close;
	return new_day;
}

bool enrich_take_open_candle(struct enrich *e, size_t *cursor, struct candle *out)
{
	for (; *cursor < e->capacity; (*cursor)++) {
		struct enrich_symbol *s = &e->symbols[*cursor];
		if (s->symbol[0] && s->candle.ticks > 0) {
			*out = s->candle;
			(*cursor)++;
			return true;
		}
	}
	return false;
}

size_t enrich_encode(const struct tick *t, const struct enriched *x, char buf[ENRICH_JSON_MAX])
{
	size_t n = tick_encode(t, buf) - 1; /* reopen the object: drop its '}' */
	n += (size_t)snprintf(buf + n, ENRICH_JSON_MAX - n,
			      ",\"ret\":%.8f,\"sma5\":%.6f,\"sma20\":%.6f,\"vwap\":%.6f}", x->ret, x->sma5,
			      x->sma20, x->vwap);
	return n;
}

size_t candle_encode(const struct candle *c, char buf[ENRICH_JSON_MAX])
{
	char date[DATE_TEXT_LEN];
	date_format(c->date, date);
	return (size_t)snprintf(buf, ENRICH_JSON_MAX,
				"{\"v\":1,\"symbol\":\"%s\",\"date\":\"%s\",\"open\":%.6f,\"high\":%.6f,"
				"\"low\":%.6f,\"close\":%.6f,\"volume\":%lld,\"ticks\":%u}",
				c->symbol, date, c->open, c->high, c->low, c->close,
				(long long)c->volume, c->ticks);
}
