/* enrich.h: the transform's arithmetic, per symbol, free of Kafka: each tick gets its return
 * since the previous day's close, moving averages of the last 5 and 20 closes and the day's
 * VWAP; the ticks of a day are folded into one OHLCV candle, handed out when the next day
 * (or the end) comes. */
#ifndef KTICKER_ENRICH_H
#define KTICKER_ENRICH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tick.h"

#define ENRICH_WINDOW 20
#define ENRICH_JSON_MAX (TICK_JSON_MAX + 160)

struct enriched {
	double ret;          /* close / previous day's close - 1; 0 on the first day */
	double sma5, sma20;  /* mean of the last 5 (20) closes, fewer at the start */
	double vwap;         /* day's sum(close x volume traded since the last tick) / volume */
};

struct candle {
	char symbol[TICK_SYMBOL_MAX];
	int32_t date;
	double open, high, low, close;
	int64_t volume;
	uint32_t ticks;
};

struct enrich_symbol;

struct enrich {
	struct enrich_symbol *symbols;
	size_t capacity, count;
};

void enrich_init(struct enrich *e);
void enrich_free(struct enrich *e);
/* Folds t in; *out gets its figures. Returns true when t starts a new day of its symbol and
 * the previous day's candle is complete in *done. */
bool enrich_apply(struct enrich *e, const struct tick *t, struct enriched *out, struct candle *done);
/* The candles of days still open (the end of the run), one by one: true while there are. */
bool enrich_take_open_candle(struct enrich *e, size_t *cursor, struct candle *out);

/* JSON: the tick's own fields plus ret, sma5, sma20, vwap; and a candle. */
size_t enrich_encode(const struct tick *t, const struct enriched *x, char buf[ENRICH_JSON_MAX]);
size_t candle_encode(const struct candle *c, char buf[ENRICH_JSON_MAX]);

#endif
