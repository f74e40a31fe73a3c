/* ui_quotes.c: the quote table — one row per symbol with a sparkline of recent prices. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "sparkline.h"
#include "textcols.h"
#include "ui.h"

static const char *const sort_names[SORT_COUNT] = {
	"symbol", "last", "change", "% change", "volume", "ticks",
};

const char *ui_sort_name(enum sort_column s) { return sort_names[s]; }

static enum sort_column sort_by; /* qsort has no context argument */

/* A change, or a percentage change; an unknown one (no base to count it from) sorts last. */
static double change_to_sort(const struct quote *q, bool pct)
{
	if (!quote_change_known(q))
		return -HUGE_VAL;
	return pct ? quote_change_pct(q) : quote_change(q);
}

static int compare_quotes(const void *a, const void *b)
{
	const struct quote *x = *(const struct quote *const *)a, *y = *(const struct quote *const *)b;
	double dx = 0, dy = 0;
	switch (sort_by) {
	case SORT_SYMBOL: return strcmp(x->symbol, y->symbol);
	case SORT_LAST: dx = x->last; dy = y->last; break;
	case SORT_CHANGE: dx = change_to_sort(x, false); dy = change_to_sort(y, false); break;
	case SORT_PCT: dx = change_to_sort(x, true); dy = change_to_sort(y, true); break;
	case SORT_VOLUME: dx = (double)x->volume; dy = (double)y->volume; break;
	case SORT_TICKS: dx = (double)x->ticks; dy = (double)y->ticks; break;
	case SORT_COUNT: break;
	}
	return dx < dy ? 1 : dx > dy ? -1 : strcmp(x->symbol, y->symbol); /* largest first */
}

/* Whether the last frame's rows, in their order, are this frame's: the same quotes pass the
 * filter (passes, by index; `passing` of them) and they are still sorted. The sort is a total
 * order (ties go by symbol, and a symbol is in the table once), so a sorted order is the only
 * one, the one qsort would give. Most frames it is: ranks move less often than prices, and
 * by symbol never; sorting them again was a tenth of a frame. */
static bool rows_still_sorted(const struct frame *f, const bool *passes, size_t passing)
{
	if (f->quote_count != passing)
		return false;
	for (size_t i = 0; i < passing; i++) {
		size_t at = (size_t)(f->rows[i] - f->quotes);
		if (at >= f->quote_total || !passes[at])
			return false;
	}
	for (size_t i = 1; i < passing; i++)
		if (compare_quotes(&f->rows[i - 1], &f->rows[i]) > 0)
			return false;
	return true;
}

void ui_quotes_prepare(struct ui *ui)
{
	static bool passes[MARKET_SYMBOLS_MAX];
	struct frame *f = &ui->frame;
	size_t passing = 0;
	for (size_t i = 0; i < f->quote_total; i++) {
		passes[i] = !ui->filter[0] || strcasestr(f->quotes[i].symbol, ui->filter);
		passing += passes[i];
	}
	sort_by = ui->sort;
	if (rows_still_sorted(f, passes, passing))
		return;
	size_t kept = 0;
	for (size_t i = 0; i < f->quote_total; i++)
		if (passes[i])
			f->rows[kept++] = &f->quotes[i];
	f->quote_count = kept;
	qsort(f->rows, kept, sizeof(*f->rows), compare_quotes);
}

/* From column x: the figures right-aligned in their widths, a space between, then the
 * suffix ("%9s %7s%%" is figures of widths 9 and 7 and the suffix "%"). */
static void draw_figures(int y, int x, int width, int attr, int count, const char *const *figures,
			 const int *widths, const char *suffix)
{
	struct textcols t;
	textcols_start(&t);
	for (int i = 0; i < count; i++) {
		if (i)
			textcols_add(&t, " ");
		textcols_right(&t, figures[i], widths[i]);
	}
	textcols_add(&t, suffix);
	ui_text(y, x, width - x, attr, t.text);
}

/* The enriched view's columns, from the transform: moving averages, VWAP, return. The
 * return is the %Chg of the tick the transform last enriched: the same figure as %Chg when
 * that is the tick shown, dim with a ' when the transform is behind (an earlier tick), and
 * "-" before a previous day's close is known (the transform says 0, %Chg counts from the
 * open). */
static void draw_enriched(const struct quote *q, int y, int width)
{
	char sma5[16] = "-", sma20[16] = "-", vwap[16] = "-", ret[16] = "-";
	bool same_tick = q->enriched_event_ms == q->event_ms;
	if (q->enriched) {
		fmt_price(sma5, sizeof(sma5), q->sma5);
		fmt_price(sma20, sizeof(sma20), q->sma20);
		fmt_price(vwap, sizeof(vwap), q->vwap);
		if (q->prev_close > 0)
			fmt_signed(ret, sizeof(ret), 100 * q->ret, 2);
	}
	draw_figures(y, 37, width, A_NORMAL, 3, (const char *[]){ sma5, sma20, vwap },
		     (const int[]){ 9, 9, 9 }, " ");
	bool known = strcmp(ret, "-") != 0;
	const char *suffix = !known ? "  " : q->enriched && !same_tick ? "%'" : "% ";
	draw_figures(y, 67, width, same_tick ? (int)A_NORMAL : crt_attr(CLR_DIM), 1,
		     (const char *[]){ ret }, (const int[]){ 6 }, suffix);
}

/* A quote is not current when the partition its last tick was read from is one this member
 * does not hold now (another member reads it, or nobody while the group rebalances), or is
 * one whose leader has not answered for its offsets lately (a broker down, the whole cluster
 * in an outage): its figures stay those of that tick, however old, and nothing says whether
 * the topic has newer ones. By partition, made once a frame from the partition rows; a
 * partition with no row on the screen is unknown (nothing known, nothing said). */
enum quote_currency { QUOTE_UNKNOWN, QUOTE_CURRENT, QUOTE_NOT_HELD, QUOTE_UNANSWERED };
static unsigned char currency_of[PARTITIONS_MAX];

static void note_currency(const struct frame *f)
{
	memset(currency_of, QUOTE_UNKNOWN, sizeof(currency_of));
	for (int i = 0; i < f->part_count; i++) {
		const struct partition_offsets *row = &f->parts[i];
		if (row->partition >= 0 && row->partition < PARTITIONS_MAX)
			currency_of[row->partition] = !row->assigned ? QUOTE_NOT_HELD
						      : row->ends_stale ? QUOTE_UNANSWERED
									: QUOTE_CURRENT;
	}
}

static enum quote_currency quote_currency(const struct quote *q)
{
	return q->partition >= 0 && q->partition < PARTITIONS_MAX ? currency_of[q->partition] : QUOTE_UNKNOWN;
}

static bool quote_not_current(const struct quote *q)
{
	enum quote_currency c = quote_currency(q);
	return c == QUOTE_NOT_HELD || c == QUOTE_UNANSWERED;
}

/* The quote table title's count of quotes not current, with why: "" when all are. */
static void not_current_text(char *out, size_t size, const struct frame *f)
{
	size_t count[QUOTE_UNANSWERED + 1] = { 0 };
	for (size_t i = 0; i < f->quote_count; i++)
		count[quote_currency(f->rows[i])]++;
	size_t not_held = count[QUOTE_NOT_HELD], unanswered = count[QUOTE_UNANSWERED];
	out[0] = '\0';
	if (not_held + unanswered)
		snprintf(out, size, "  ~ %zu not current (%s%s%s)", not_held + unanswered,
			 not_held ? "partition not held" : "", not_held && unanswered ? ", " : "",
			 unanswered ? "leader not answering" : "");
}

/* A row not current is dim, its Last price after a ~ (in the column's leading blank, so the
 * columns stay where they are) and its change and sparkline without colour. */
static void draw_row(const struct quote *q, bool ended, bool not_current, int y, int width, bool enriched)
{
	char last[16], change[16] = "-", pct[16] = "-", high[16], low[16], volume[16], ticks[16];
	bool known = quote_change_known(q); /* without a base, a change from 0 is the price itself */
	double delta = known ? quote_change(q) : 0;
	fmt_price(last + not_current, sizeof(last) - not_current, q->last);
	if (not_current)
		last[0] = '~';
	if (known) {
		fmt_signed(change, sizeof(change), delta, q->last < 1 ? 4 : 2);
		fmt_signed(pct, sizeof(pct), quote_change_pct(q), 2);
	}
	fmt_price(high, sizeof(high), q->day_high);
	fmt_price(low, sizeof(low), q->day_low);
	fmt_count(volume, sizeof(volume), (double)q->volume);
	fmt_count(ticks, sizeof(ticks), (double)q->ticks);
	int move = crt_attr(not_current ? CLR_DIM : delta > 0 ? CLR_UP : delta < 0 ? CLR_DOWN : CLR_NORMAL);
	int plain = not_current ? crt_attr(CLR_DIM) : (int)A_NORMAL;
	struct textcols symbol;
	textcols_start(&symbol);
	textcols_add(&symbol, " ");
	textcols_left(&symbol, q->symbol, 8, -1);
	ui_text(y, 0, width, ended || not_current ? crt_attr(CLR_DIM) : (int)A_BOLD, symbol.text);
	draw_figures(y, 9, width, plain, 1, (const char *[]){ last }, (const int[]){ 10 }, "");
	draw_figures(y, 19, width, move, 2, (const char *[]){ change, pct }, (const int[]){ 9, 7 },
		     known ? "%" : " ");
	if (enriched)
		draw_enriched(q, y, width);
	else /* a symbol whose data has ended says so where its tick count was */
		draw_figures(y, 37, width, plain, 4,
			     (const char *[]){ high, low, volume, ended ? "ended" : ticks },
			     (const int[]){ 10, 10, 6, 6 }, "");
	double prices[MARKET_HISTORY];
	unsigned price_count = quote_history(q, prices);
	int levels[MARKET_HISTORY];
	int spark_x = enriched ? 76 : 73; /* one blank column after the last figure */
	int spark_width = width - spark_x - 1;
	if (spark_width > 0)
		ui_sparkline(y, spark_x, width - spark_x, move, levels,
			     (int)sparkline_levels(prices, price_count, (size_t)spark_width, levels));
}

/* Everything a quote row is drawn from: its quote (as its place in the market and the count
 * it last changed at, which stand for all of it), whether it ended, whether this member holds
 * its partition now (which changes with no change of the quote), the view and the width. */
struct quote_row_inputs {
	size_t place;
	uint64_t changed;
	bool ended, not_current, enriched;
	int width;
};

/* A quote row at the table's place i, screen row y: put back as the last frame drew it when
 * its quote did not change (a symbol with no tick since: a third of the rows of a busy feed's
 * frame, each a dozen figures and a sparkline to make again). The quote is keyed by its
 * change count, not compared whole: copying and comparing its ~700 bytes for each row was
 * more than putting the row back. */
static void show_row(const struct frame *f, size_t row, int i, int y, int width, bool enriched)
{
	static struct ui_row_memo kept = { .key_size = sizeof(struct quote_row_inputs) };
	const struct quote *q = f->rows[row];
	struct quote_row_inputs in;
	memset(&in, 0, sizeof(in)); /* padding too: inputs are compared whole */
	in.place = (size_t)(q - f->quotes);
	in.changed = q->changed;
	in.ended = f->quote_ended[row];
	in.not_current = quote_not_current(q);
	in.enriched = enriched;
	in.width = width;
	if (ui_memo_put(&kept, i, y, &in))
		return;
	draw_row(q, in.ended, in.not_current, y, width, enriched);
	ui_memo_keep(&kept, i, y, &in);
}

/* The sparklines' column title, whole in the room left for it (a narrow screen leaves a few
 * columns of sparkline, no room for its name). */
static const char *sparkline_title(int room)
{
	return room >= 13 ? "Recent prices" : room >= 6 ? "Prices" : "";
}

/* The titles of the columns before the sparklines', raw or enriched: laid out once each, not
 * by printf every frame. */
static const char *column_titles(bool enriched)
{
	static char titles[2][160];
	char *t = titles[enriched];
	if (t[0])
		return t;
	if (enriched)
		snprintf(t, sizeof(titles[enriched]), " %-8s%10s%9s %8s%9s %9s %9s %7s  ", "Symbol",
			 "Last", "Change", "%Chg", "SMA5", "SMA20", "VWAP", "Ret");
	else
		snprintf(t, sizeof(titles[enriched]), " %-8s%10s%9s %8s%10s %10s %6s %6s ", "Symbol",
			 "Last", "Change", "%Chg", "High", "Low", "Volume", "Ticks");
	return t;
}

void ui_quotes_draw(struct ui *ui, int y, int height, int width)
{
	struct frame *f = &ui->frame;
	int rows = height - 2;
	ui->page[FOCUS_QUOTES] = rows;
	int max_scroll = (int)f->quote_count - rows > 0 ? (int)f->quote_count - rows : 0;
	int *scroll = &ui->scroll[FOCUS_QUOTES];
	*scroll = *scroll > max_scroll ? max_scroll : *scroll;
	note_currency(f);
	char stale[96];
	not_current_text(stale, sizeof(stale), f);
	ui_title(y, width, ui->focus == FOCUS_QUOTES, " Quotes%s  %zu of %zu symbols  sort: %s%s%s%s%s",
		 ui->enriched_view ? " (enriched)" : "", f->quote_count, f->quote_total, ui_sort_name(ui->sort),
		 ui->filter[0] ? "  filter: " : "", ui->filter, stale,
		 max_scroll ? "  (more: j/k PgUp/PgDn)" : "");
	const char *head = column_titles(ui->enriched_view);
	int attr = crt_attr(CLR_DIM) | A_BOLD;
	int x = ui_text(y + 1, 0, width, attr, head);
	ui_text(y + 1, x, width - x, attr, sparkline_title(width - (int)strlen(head)));
	if (f->quote_total == 0)
		ui_text(y + 2, 1, width - 1, crt_attr(CLR_DIM), "waiting for the first ticks...");
	for (int i = 0; i < rows && *scroll + i < (int)f->quote_count; i++)
		show_row(f, (size_t)(*scroll + i), i, y + 2 + i, width, ui->enriched_view);
}
