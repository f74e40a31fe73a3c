/* report.c: the run's per-symbol summary. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "util.h"

static int by_symbol(const void *a, const void *b)
{
	return strcmp(((const struct quote *)a)->symbol, ((const struct quote *)b)->symbol);
}

/* The market's symbols, sorted; the caller frees. */
static struct quote *sorted_quotes(struct market *m, size_t *n)
{
	struct quote *q = xcalloc(MARKET_SYMBOLS_MAX, sizeof(*q));
	int32_t latest;
	*n = market_snapshot(m, q, MARKET_SYMBOLS_MAX, &latest, NULL);
	qsort(q, *n, sizeof(*q), by_symbol);
	return q;
}

/* The return over what was read, in percent, from the first tick's open, into out (decimals
 * places); "none" when that open is 0, as Yahoo's data has where it has no open (JPM's until
 * 1983): a return from 0 is no figure. */
static void run_return(char *out, size_t size, const struct quote *q, int decimals, const char *none)
{
	if (q->first_open > 0)
		snprintf(out, size, "%.*f", decimals, 100 * (q->last / q->first_open - 1));
	else
		copy_str(out, size, none);
}

bool report_check(const char *path, char *err, size_t err_size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	bool created = fd >= 0;
	if (!created && errno == EEXIST)
		fd = open(path, O_WRONLY);
	if (fd < 0) {
		snprintf(err, err_size, "--report %s: %s", path, strerror(errno));
		return false;
	}
	close(fd);
	if (created)
		unlink(path); /* a run that fails to start leaves no empty report behind */
	return true;
}

bool report_write(const char *path, struct market *m, char *err, size_t err_size)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, err_size, "--report %s: %s", path, strerror(errno));
		return false;
	}
	size_t n;
	struct quote *q = sorted_quotes(m, &n);
	fputs("symbol,ticks,first_date,last_date,open,high,low,close,return_pct,max_drawdown_pct\n", f);
	for (size_t i = 0; i < n; i++) {
		char first[DATE_TEXT_LEN], last[DATE_TEXT_LEN], ret[32];
		date_format(q[i].first_date, first);
		date_format(q[i].date, last);
		run_return(ret, sizeof(ret), &q[i], 4, "");
		fprintf(f, "%s,%llu,%s,%s,%.6f,%.6f,%.6f,%.6f,%s,%.4f\n", q[i].symbol,
			(unsigned long long)q[i].ticks, first, last, q[i].first_open, q[i].high, q[i].low,
			q[i].last, ret, 100 * q[i].max_drawdown);
	}
	free(q);
	bool ok = fclose(f) == 0;
	if (!ok)
		snprintf(err, err_size, "--report %s: %s", path, strerror(errno));
	return ok;
}

void report_print(FILE *out, struct market *m)
{
	size_t n;
	struct quote *q = sorted_quotes(m, &n);
	fprintf(out, "report: %-8s %7s %-10s %-10s %11s %11s %11s %11s %8s %8s\n", "symbol", "ticks",
		"first", "last", "open", "high", "low", "close", "return", "max dd");
	for (size_t i = 0; i < n; i++) {
		char first[DATE_TEXT_LEN], last[DATE_TEXT_LEN], ret[32];
		date_format(q[i].first_date, first);
		date_format(q[i].date, last);
		run_return(ret, sizeof(ret), &q[i], 2, "-");
		fprintf(out, "report: %-8s %7llu %-10s %-10s %11.4f %11.4f %11.4f %11.4f %7s%c %7.2f%%\n",
			q[i].symbol, (unsigned long long)q[i].ticks, first, last, q[i].first_open, q[i].high,
			q[i].low, q[i].last, ret, q[i].first_open > 0 ? '%' : ' ', 100 * q[i].max_drawdown);
	}
	free(q);
}
