/* market.c: per-symbol market state built from consumed ticks. */
#include "market.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SLOT_COUNT (MARKET_SYMBOLS_MAX * 2) /* load factor <= 0.5 */

void market_init(struct market *m)
{
	memset(m, 0, sizeof(*m));
	m->changes = 1; /* a snapshot's seen of 0 is "holds nothing yet" */
	pthread_mutex_init(&m->lock, NULL);
	m->quotes = xcalloc(MARKET_SYMBOLS_MAX, sizeof(*m->quotes));
	m->slots = xmalloc(SLOT_COUNT * sizeof(*m->slots));
	for (size_t i = 0; i < SLOT_COUNT; i++)
		m->slots[i] = -1;
}

void market_free(struct market *m)
{
	pthread_mutex_destroy(&m->lock);
	free(m->quotes);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static void forget_symbols(struct market *m, unsigned generation)
{
	m->changes++;
	m->count = 0;
	m->latest_date = 0;
	m->generation = generation;
	for (size_t i = 0; i < SLOT_COUNT; i++)
		m->slots[i] = -1;
	memset(m->quotes, 0, MARKET_SYMBOLS_MAX * sizeof(*m->quotes));
}

void market_reset(struct market *m, unsigned generation)
{
	pthread_mutex_lock(&m->lock);
	forget_symbols(m, generation);
	pthread_mutex_unlock(&m->lock);
}

void market_continue(struct market *m, unsigned generation)
{
	pthread_mutex_lock(&m->lock);
	m->generation = generation;
	pthread_mutex_unlock(&m->lock);
}

/* With the lock held: false for a batch of another generation than the table's. */
static bool holds_generation(const struct market *m, unsigned generation)
{
	return generation == m->generation;
}

static struct quote *find_or_add(struct market *m, const char *symbol)
{
	size_t slot = hash_str(symbol) % SLOT_COUNT;
	while (m->slots[slot] >= 0) {
		struct quote *q = &m->quotes[m->slots[slot]];
		if (strcmp(q->symbol, symbol) == 0)
			return q;
		slot = (slot + 1) % SLOT_COUNT;
	}
	if (m->count >= MARKET_SYMBOLS_MAX)
		return NULL;
	m->slots[slot] = (int32_t)m->count;
	struct quote *q = &m->quotes[m->count++];
	memset(q, 0, sizeof(*q)); /* a slot may hold a symbol from before a reset */
	copy_str(q->symbol, sizeof(q->symbol), symbol);
	return q;
}

static void remember_price(struct quote *q, double price)
{
	if (q->history_len < MARKET_HISTORY) {
		q->history[q->history_len++] = price;
		return;
	}
	q->history[q->history_start] = price;
	q->history_start = (q->history_start + 1) % MARKET_HISTORY;
}

static void track_run(struct quote *q, const struct tick *t)
{
	if (q->ticks == 1) {
		q->first_date = t->date;
		q->first_open = t->open;
		q->high = t->high;
		q->low = t->low;
	}
	q->high = t->high > q->high ? t->high : q->high;
	q->low = t->low < q->low ? t->low : q->low;
	q->peak = t->close > q->peak ? t->close : q->peak;
	double drawdown = q->peak > 0 ? (q->peak - t->close) / q->peak : 0;
	q->max_drawdown = drawdown > q->max_drawdown ? drawdown : q->max_drawdown;
}

/* A tick counted already (shown again after a rewind) moves the quote's figures, but is not
 * counted again, nor taken again into the run: its drawdown from a peak that came after it
 * would be none the run had. */
static void apply_tick(struct quote *q, const struct tick *t, bool counted)
{
	/* a new trading day starts from yesterday's close; a day before the one shown (a rewind
	 * reading again) has had no close read before it since: its change counts from its open */
	if (q->ticks > 0 && t->date != q->date)
		q->prev_close = t->date > q->date ? q->last : 0;
	q->date = t->date;
	q->last = t->close;
	q->event_ms = t->event_ms;
	q->day_open = t->open;
	q->day_high = t->high;
	q->day_low = t->low;
	q->volume = t->volume;
	remember_price(q, t->close);
	if (counted)
		return;
	q->ticks++;
	track_run(q, t);
}

void market_apply(struct market *m, unsigned generation, const struct tick *ticks,
		  const int32_t *partitions, const bool *counted, size_t n)
{
	pthread_mutex_lock(&m->lock);
	m->changes++;
	for (size_t i = 0; i < n && holds_generation(m, generation); i++) {
		struct quote *q = find_or_add(m, ticks[i].symbol);
		if (!q) {
			m->dropped++;
			continue;
		}
		apply_tick(q, &ticks[i], counted && counted[i]);
		q->partition = partitions ? partitions[i] : -1;
		q->changed = m->changes;
		if (ticks[i].date > m->latest_date)
			m->latest_date = ticks[i].date;
	}
	pthread_mutex_unlock(&m->lock);
}

void market_apply_enriched(struct market *m, unsigned generation, const struct tick *ticks,
			   const struct enriched *figures, size_t n)
{
	pthread_mutex_lock(&m->lock);
	m->changes++;
	for (size_t i = 0; i < n && holds_generation(m, generation); i++) {
		struct quote *q = find_or_add(m, ticks[i].symbol);
		if (!q)
			continue;
		q->enriched = true;
		q->ret = figures[i].ret;
		q->sma5 = figures[i].sma5;
		q->sma20 = figures[i].sma20;
		q->vwap = figures[i].vwap;
		q->enriched_event_ms = ticks[i].event_ms;
		q->changed = m->changes;
	}
	pthread_mutex_unlock(&m->lock);
}

/* A busy feed changes a few quotes between two frames: those are copied, not all 50 (~35 kB,
 * a twentieth of a frame's instructions). A quote's changes count tells: each write stamps the
 * quote with a new one, and a reset zeroes the quotes (a count of 0 only the zeroed quote has). */
static void copy_changed_quotes(const struct market *m, struct quote *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (out[i].changed != m->quotes[i].changed)
			out[i] = m->quotes[i];
}

size_t market_snapshot(struct market *m, struct quote *out, size_t max, int32_t *latest_date,
		       uint64_t *seen)
{
	pthread_mutex_lock(&m->lock);
	size_t n = m->count < max ? m->count : max;
	if (!seen || !*seen)
		memcpy(out, m->quotes, n * sizeof(*out));
	else if (*seen != m->changes)
		copy_changed_quotes(m, out, n);
	if (seen)
		*seen = m->changes;
	if (latest_date)
		*latest_date = m->latest_date;
	pthread_mutex_unlock(&m->lock);
	return n;
}

/* Before a previous close is known, change is measured from the day's open. */
static double reference_price(const struct quote *q)
{
	return q->prev_close > 0 ? q->prev_close : q->day_open;
}

bool quote_change_known(const struct quote *q) { return reference_price(q) > 0; }

double quote_change(const struct quote *q) { return q->last - reference_price(q); }

double quote_change_pct(const struct quote *q)
{
	double ref = reference_price(q);
	return ref > 0 ? 100.0 * (q->last - ref) / ref : 0.0;
}

unsigned quote_history(const struct quote *q, double *out)
{
	/* the ring in two pieces: from its start to the end of the array, then from the array's start */
	unsigned first = MARKET_HISTORY - q->history_start;
	first = q->history_len < first ? q->history_len : first;
	memcpy(out, q->history + q->history_start, first * sizeof(*out));
	memcpy(out + first, q->history, (q->history_len - first) * sizeof(*out));
	return q->history_len;
}
