/* ui_quotes.c: the quote table — one row per symbol with a sparkline of recent prices. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "sparkline.h"
#include "ui.h"

static const char *const sort_names[SORT_COUNT] = {
	"symbol", "last", "change", "% change", "volume", "ticks",
};

const char *ui_sort_name(enum sort_column s) { return sort_names[s]; }

static enum sort_column sort_by; /* qsort has no context argument */

static int compare_quotes(const void *a, const void *b)
{
	const struct quote *x = a, *y = b;
	double dx = 0, dy = 0;
	switch (sort_by) {
	case SORT_SYMBOL: return strcmp(x->symbol, y->symbol);
	case SORT_LAST: dx = x->last; dy = y->last; break;
	case SORT_CHANGE: dx = quote_change(x); dy = quote_change(y); break;
	case SORT_PCT: dx = quote_change_pct(x); dy = quote_change_pct(y); break;
	case SORT_VOLUME: dx = (double)x->volume; dy = (double)y->volume; break;
	case SORT_TICKS: dx = (double)x->ticks; dy = (double)y->ticks; break;
	case SORT_COUNT: break;
	}
	return dx < dy ? 1 : dx > dy ? -1 : strcmp(x->symbol, y->symbol); /* largest first */
}

void ui_quotes_prepare(struct ui *ui)
{
	struct frame *f = &ui->frame;
	size_t kept = 0;
	for (size_t i = 0; i < f->quote_total; i++)
		if (!ui->filter[0] || strcasestr(f->quotes[i].symbol, ui->filter))
			f->quotes[kept++] = f->quotes[i];
	f->quote_count = kept;
	sort_by = ui->sort;
	qsort(f->quotes, kept, sizeof(*f->quotes), compare_quotes);
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
	ui_printf(y, 37, width - 37, A_NORMAL, "%9s %9s %9s ", sma5, sma20, vwap);
	bool known = strcmp(ret, "-") != 0;
	ui_printf(y, 67, width - 67, same_tick ? (int)A_NORMAL : crt_attr(CLR_DIM), "%6s%s%c", ret,
		  known ? "%" : " ", q->enriched && !same_tick && known ? '\'' : ' ');
}

static void draw_row(const struct quote *q, bool ended, int y, int width, bool enriched)
{
	char last[16], change[16], pct[16], high[16], low[16], volume[16], ticks[16];
	double delta = quote_change(q);
	fmt_price(last, sizeof(last), q->last);
	fmt_signed(change, sizeof(change), delta, q->last < 1 ? 4 : 2);
	fmt_signed(pct, sizeof(pct), quote_change_pct(q), 2);
	fmt_price(high, sizeof(high), q->day_high);
	fmt_price(low, sizeof(low), q->day_low);
	fmt_count(volume, sizeof(volume), (double)q->volume);
	fmt_count(ticks, sizeof(ticks), (double)q->ticks);
	int move = crt_attr(delta > 0 ? CLR_UP : delta < 0 ? CLR_DOWN : CLR_NORMAL);
	ui_printf(y, 0, width, ended ? crt_attr(CLR_DIM) : (int)A_BOLD, " %-8s", q->symbol);
	ui_printf(y, 9, width - 9, A_NORMAL, "%10s", last);
	ui_printf(y, 19, width - 19, move, "%9s %7s%%", change, pct);
	if (enriched)
		draw_enriched(q, y, width);
	else /* a symbol whose data has ended says so where its tick count was */
		ui_printf(y, 37, width - 37, A_NORMAL, "%10s %10s %6s %6s", high, low, volume,
			  ended ? "ended" : ticks);
	double prices[MARKET_HISTORY];
	for (unsigned i = 0; i < q->history_len; i++)
		prices[i] = quote_history(q, i);
	wchar_t spark[MARKET_HISTORY];
	int spark_x = enriched ? 76 : 73; /* one blank column after the last figure */
	int spark_width = width - spark_x - 1;
	if (spark_width > 0)
		ui_chars(y, spark_x, width - spark_x, move, spark,
			 (int)sparkline_chars(prices, q->history_len, (size_t)spark_width, crt.utf8, spark));
}

/* The sparklines' column title, whole in the room left for it (a narrow screen leaves a few
 * columns of sparkline, no room for its name). */
static const char *sparkline_title(int room)
{
	return room >= 13 ? "Recent prices" : room >= 6 ? "Prices" : "";
}

void ui_quotes_draw(struct ui *ui, int y, int height, int width)
{
	struct frame *f = &ui->frame;
	int rows = height - 2;
	ui->page[FOCUS_QUOTES] = rows;
	int max_scroll = (int)f->quote_count - rows > 0 ? (int)f->quote_count - rows : 0;
	int *scroll = &ui->scroll[FOCUS_QUOTES];
	*scroll = *scroll > max_scroll ? max_scroll : *scroll;
	ui_title(y, width, ui->focus == FOCUS_QUOTES, " Quotes%s  %zu of %zu symbols  sort: %s%s%s%s",
		 ui->enriched_view ? " (enriched)" : "", f->quote_count, f->quote_total, ui_sort_name(ui->sort),
		 ui->filter[0] ? "  filter: " : "", ui->filter,
		 max_scroll ? "  (more: j/k PgUp/PgDn)" : "");
	char head[160];
	if (ui->enriched_view)
		snprintf(head, sizeof(head), " %-8s%10s%9s %8s%9s %9s %9s %7s  ", "Symbol", "Last",
			 "Change", "%Chg", "SMA5", "SMA20", "VWAP", "Ret");
	else
		snprintf(head, sizeof(head), " %-8s%10s%9s %8s%10s %10s %6s %6s ", "Symbol", "Last",
			 "Change", "%Chg", "High", "Low", "Volume", "Ticks");
	ui_printf(y + 1, 0, width, crt_attr(CLR_DIM) | A_BOLD, "%s%s", head,
		  sparkline_title(width - (int)strlen(head)));
	if (f->quote_total == 0)
		ui_text(y + 2, 1, width - 1, crt_attr(CLR_DIM), "waiting for the first ticks...");
	for (int i = 0; i < rows && *scroll + i < (int)f->quote_count; i++)
		draw_row(&f->quotes[*scroll + i], f->quote_ended[*scroll + i], y + 2 + i, width,
			 ui->enriched_view);
}
