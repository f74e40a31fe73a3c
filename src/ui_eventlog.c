/* ui_eventlog.c: the event log panel — everything kticker and librdkafka had to say. Identical
 * consecutive lines are folded into one with a count; focused (Tab), long lines wrap. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crt.h"
#include "ui.h"

#define STAMP_COLS 10 /* " HH:MM:SS " */

/* Bytes of text that fill at most cols columns (UTF-8 aware). */
static size_t bytes_for_cols(const char *text, int cols)
{
	size_t bytes = 0;
	for (int c = 0; text[bytes] && c < cols; c++) {
		bytes++;
		while (((unsigned char)text[bytes] & 0xC0) == 0x80)
			bytes++;
	}
	return bytes;
}

static int text_cols(const char *text)
{
	int cols = 0;
	for (; *text; text++)
		cols += ((unsigned char)*text & 0xC0) != 0x80;
	return cols;
}

/* An event's text with its repeat count: "... x12". */
static void event_text(const struct ui *ui, int i, char *out, size_t size)
{
	if (ui->log_repeats[i] > 1)
		snprintf(out, size, "%s x%d", ui->log[i].text, ui->log_repeats[i]);
	else
		snprintf(out, size, "%s", ui->log[i].text);
}

/* Screen rows the i-th event takes: one, or as many as its wrapped text needs. */
static int event_rows(const struct ui *ui, int i, int width, bool wrap)
{
	if (!wrap)
		return 1;
	char text[EVENT_TEXT_MAX + 16];
	event_text(ui, i, text, sizeof(text));
	int per_row = width - STAMP_COLS > 1 ? width - STAMP_COLS : 1;
	int cols = text_cols(text);
	return cols <= per_row ? 1 : (cols + per_row - 1) / per_row;
}

/* Draws the i-th event from row y on, no lower than end; returns the rows used. */
static int draw_event(const struct ui *ui, int i, int y, int end, int width, bool wrap)
{
	const struct event *e = &ui->log[i];
	time_t t = (time_t)(e->time_ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	int attr = e->level >= EVENT_ERROR ? crt_attr(CLR_ERROR)
		   : e->level == EVENT_WARN ? crt_attr(CLR_WARN) : crt_attr(CLR_NORMAL);
	char text[EVENT_TEXT_MAX + 16];
	event_text(ui, i, text, sizeof(text));
	ui_printf(y, 0, width, attr, " %02d:%02d:%02d ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	const char *rest = text;
	int used = 0;
	do {
		size_t n = bytes_for_cols(rest, width - STAMP_COLS);
		char piece[EVENT_TEXT_MAX + 16];
		snprintf(piece, sizeof(piece), "%.*s", (int)n, rest);
		ui_text(y + used, STAMP_COLS, width - STAMP_COLS, attr, piece);
		rest += n;
		used++;
	} while (wrap && *rest && y + used < end);
	return used;
}

void ui_eventlog_draw(struct ui *ui, int y, int height, int width)
{
	int rows = height - 1;
	bool wrap = ui->focus == FOCUS_LOG;
	ui->page[FOCUS_LOG] = rows;
	/* scroll counts events back from the newest */
	int *scroll = &ui->scroll[FOCUS_LOG];
	int max_scroll = ui->log_count > 0 ? ui->log_count - 1 : 0;
	*scroll = *scroll > max_scroll ? max_scroll : *scroll;
	/* the newest events (before the scroll) that fit, oldest of them on top */
	int last = ui->log_count - 1 - *scroll, first = last + 1, used = 0;
	while (first > 0 && used + event_rows(ui, first - 1, width, wrap) <= rows)
		used += event_rows(ui, --first, width, wrap);
	if (first > last && last >= 0)
		first = last; /* one event taller than the panel: its start shows */
	ui_title(y, width, wrap, " Events  %d%s%s", ui->log_count,
		 *scroll ? "  (scrolled back: End for the newest)" : "",
		 wrap ? "  long lines wrap" : "");
	int row = y + 1;
	for (int i = first; i <= last && row < y + height; i++)
		row += draw_event(ui, i, row, y + height, width, wrap);
}
