/* csvfeed.h: Yahoo-Finance daily CSV files, loaded and merged by date.
 *
 * Columns are found by header name (Date, Open, High, Low, Close, Adj Close, Volume, and an
 * optional Symbol or Ticker), so their order does not matter. A bad row is counted and
 * reported as "FILE:LINE: reason" in the event log; it never stops the load. A row is one
 * line: a quote left open at the end of a line makes that row bad, not the rest of the file. */
#ifndef KTICKER_CSVFEED_H
#define KTICKER_CSVFEED_H

#include <stddef.h>
#include <stdint.h>

#include "tick.h"

#define FEED_LINE_MAX 65536 /* a longer line is a bad row: a Yahoo row is under 100 bytes */

struct bar {
	int32_t date;
	uint32_t symbol;   /* index into feed.symbols */
	double open, high, low, close, adj_close;
	int64_t volume;
};

struct feed {
	char (*symbols)[TICK_SYMBOL_MAX];
	size_t symbol_count;
	struct bar *bars;  /* sorted by date, then by file and line */
	size_t bar_count;
	size_t *day_first; /* day d is bars[day_first[d] .. day_first[d + 1]) */
	size_t day_count;
	uint64_t bad_rows;
	uint64_t files_loaded;
	uint64_t files_failed;
	int32_t from_date;              /* rows dated before it were counted, not read */
	uint64_t rows_before_start;
	int32_t last_date_before_start; /* the latest of them, 0 if none */
};

/* Loads every path (a CSV file, or a directory whose *.csv files are read in name order).
 * A row dated before from_date (0: none is) is only counted: the replay would never reach
 * it, and at --from 2017-05-01 the bundled data has 9 497 rows to read of 72 665. Returns 0
 * when at least one row was loaded, -1 otherwise; problems go to the event log. */
int feed_load(struct feed *f, const char *const *paths, int count, int32_t from_date);
void feed_free(struct feed *f);
/* The first date on which at least 3/4 of the symbols have a row: where a replay of the
 * bundled data without --from starts, so the screen opens on a market, not on one symbol
 * (the bundled data begins in 1962 with IBM alone). The first date when no day qualifies. */
int32_t feed_lively_start(const struct feed *f);
/* The symbol a file stands for: its base name without a .csv extension. */
void feed_symbol_from_path(const char *path, char out[TICK_SYMBOL_MAX]);

#endif
