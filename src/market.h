/* market.h: per-symbol market state built from consumed ticks.
 *
 * The consumer thread applies whole batches under one lock; readers (the screen, the
 * headless status line) take a snapshot copy at their own pace. */
#ifndef KTICKER_MARKET_H
#define KTICKER_MARKET_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "enrich.h"
#include "tick.h"

#define MARKET_HISTORY 64    /* recent prices kept per symbol, for sparklines */
#define MARKET_SYMBOLS_MAX 4096

struct quote {
	char symbol[TICK_SYMBOL_MAX];
	int32_t date;         /* trading date of the last tick */
	double last;          /* close of the last tick */
	double prev_close;    /* last price of the previous trading day; 0 before one is seen */
	double day_open, day_high, day_low;
	int64_t volume;       /* day volume so far */
	uint64_t ticks;       /* ticks received for this symbol, each once */
	int32_t partition;    /* where its last tick was read: the key's partition */
	/* over the whole run, for the --report summary: each tick once */
	int32_t first_date;
	double first_open, high, low;
	double peak;          /* highest close so far */
	double max_drawdown;  /* largest fall from a peak close, as a fraction of the peak */
	/* from the transform (--transform), for the enriched view */
	bool enriched;
	double ret, sma5, sma20, vwap;
	int64_t event_ms;          /* market time of the last tick */
	int64_t enriched_event_ms; /* market time of the tick the figures above are for */
	double history[MARKET_HISTORY]; /* ring of recent prices, oldest first from history_start */
	unsigned history_len, history_start;
	/* the market's changes count when this quote last changed: of two copies of the quote at
	 * the same place in the market, the same count is the same quote */
	uint64_t changed;
};

struct market {
	pthread_mutex_t lock;
	struct quote *quotes; /* in order of first appearance */
	size_t count;
	int32_t *slots;       /* open-addressing index into quotes, -1 when free */
	int32_t latest_date;
	uint64_t dropped;     /* ticks of symbols beyond MARKET_SYMBOLS_MAX */
	unsigned generation;  /* the topic generation (control.h) whose ticks the table holds */
	uint64_t changes;     /* +1 at each write: a snapshot that holds the latest is not copied */
};

void market_init(struct market *m);
void market_free(struct market *m);
/* Forgets every symbol: the table now holds the topic of this generation. */
void market_reset(struct market *m, unsigned generation);
/* Keeps every symbol: the generation is the same topic's, with partitions added. */
void market_continue(struct market *m, unsigned generation);
/* The writers below say which topic generation their batch was read from: a batch of any
 * other than the table's (one still in flight from the topic just left, or one read before
 * the consumer, which moves the table on, took up the new one) is dropped, so the table never
 * mixes two topics. */
/* Applies a batch; partitions[i] is where ticks[i] was read (NULL: unknown). counted[i] says
 * ticks[i] counts in the table already (a rewind shows it again): the quote shows it, but its
 * tick count and the run's summary (first date, high, low, drawdown) do not take it again
 * (NULL: none counted). */
void market_apply(struct market *m, unsigned generation, const struct tick *ticks,
		  const int32_t *partitions, const bool *counted, size_t n);
/* The transform's figures for a batch of ticks (symbols seen by it first are added). */
void market_apply_enriched(struct market *m, unsigned generation, const struct tick *ticks,
			   const struct enriched *figures, size_t n);
/* Copies up to max quotes into out; returns how many. With seen, the changes count of what
 * out already holds (0: nothing), the copy is skipped when the table did not change since
 * (a paused screen takes its frame ten times a second, and 50 symbols' quotes are ~35 kB),
 * and otherwise only the quotes changed since are copied. */
size_t market_snapshot(struct market *m, struct quote *out, size_t max, int32_t *latest_date,
		       uint64_t *seen);
/* Whether there is a price to count the change from: a previous close, else the day's open
 * (Yahoo's data has an Open of 0 on days it has none, JPM's until 1983). */
bool quote_change_known(const struct quote *q);
double quote_change(const struct quote *q);
double quote_change_pct(const struct quote *q);
/* Copies the recent prices, oldest first, into out (room for MARKET_HISTORY); returns how many. */
unsigned quote_history(const struct quote *q, double *out);

#endif
