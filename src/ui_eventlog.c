/* ui_eventlog.c: the event log panel — everything kticker and librdkafka had to say. Identical
 * consecutive lines are folded into one with a count ("×12"); focused (Tab), long lines wrap
 * at spaces, otherwise they end in "…" with the count still in view. */
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


/* An event's repeat count as shown after its text: " ×12", or "" for a single one. */
static void repeat_text(const struct ui *ui, int i, char *out, size_t size)
{
	if (ui->log_repeats[i] > 1)
		snprintf(out, size, " \u00d7%d", ui->log_repeats[i]);
	else
		out[0] = '\0';
}

/* The bytes of text that go on one row of cols columns when wrapping, ending at a space where
 * there is one (a word is never cut in two unless it is longer than the row); *skip gets the
 * bytes after them that start no row (the space broken at). */
static size_t wrap_row(const char *text, int cols, size_t *skip)
{
	size_t n = bytes_for_cols(text, cols);
	*skip = 0;
	if (!text[n])
		return n;
	for (size_t k = n; k > 0; k--)
		if (text[k] == ' ') {
			*skip = 1;
			return k;
		}
	return n;
}

/* The i-th event's whole text, its repeat count after it: "... ×12". */
static void event_text(const struct ui *ui, int i, char *out, size_t size)
{
	char repeats[16];
	repeat_text(ui, i, repeats, sizeof(repeats));
	snprintf(out, size, "%s%s", ui->log[i].text, repeats);
}

/* Screen rows the i-th event takes: one, or as many as its wrapped text needs. */
static int event_rows(const struct ui *ui, int i, int width, bool wrap)
{
	if (!wrap)
		return 1;
	char text[EVENT_TEXT_MAX + 32];
	event_text(ui, i, text, sizeof(text));
	int per_row = width - STAMP_COLS > 1 ? width - STAMP_COLS : 1;
	int rows = 0;
	for (const char *rest = text; *rest || rows == 0; rows++) {
		size_t skip;
		rest += wrap_row(rest, per_row, &skip);
		rest += skip;
	}
	return rows;
}

/* One row holding as much of the text as fits: a text cut short ends in "…", and the repeat
 * count stays in view after it. */
static void cut_row(const char *text, const char *repeats, int cols, char *out, size_t size)
{
	int room = cols - ui_text_cols(repeats);
	if (ui_text_cols(text) <= room || room < 2)
		snprintf(out, size, "%s%s", text, repeats);
	else
		snprintf(out, size, "%.*s\u2026%s", (int)bytes_for_cols(text, room - 1), text, repeats);
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
	char text[EVENT_TEXT_MAX + 32];
	ui_printf(y, 0, width, attr, " %02d:%02d:%02d ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (!wrap) {
		char repeats[16];
		repeat_text(ui, i, repeats, sizeof(repeats));
		cut_row(e->text, repeats, width - STAMP_COLS, text, sizeof(text));
		ui_text(y, STAMP_COLS, width - STAMP_COLS, attr, text);
		return 1;
	}
	event_text(ui, i, text, sizeof(text));
	const char *rest = text;
	int used = 0;
	do {
		size_t skip, n = wrap_row(rest, width - STAMP_COLS, &skip);
		char piece[EVENT_TEXT_MAX + 32];
		snprintf(piece, sizeof(piece), "%.*s", (int)n, rest);
		ui_text(y + used, STAMP_COLS, width - STAMP_COLS, attr, piece);
		rest += n + skip;
		used++;
	} while (*rest && y + used < end);
	return used;
}

/* What an event's one-row form shows: the event (its id stands for its level and text), and
 * its time and repeats, which change as events that say the same again are folded into it. */
struct event_row_key {
	uint64_t id;
	int64_t time_ms;
	int repeats, width;
};

/* The i-th event on one row at y, the panel's place `place`: put back as drawn before when
 * the event has not changed since (the panel's rows change rarely, and formatting and
 * drawing a long line of text each frame was most of its cost). */
static void show_event_row(const struct ui *ui, int i, int place, int y, int width)
{
	static struct ui_row_memo kept = { .key_size = sizeof(struct event_row_key) };
	struct event_row_key key;
	memset(&key, 0, sizeof(key)); /* padding too: keys are compared whole */
	key.id = ui->log[i].id;
	key.time_ms = ui->log[i].time_ms;
	key.repeats = ui->log_repeats[i];
	key.width = width;
	if (ui_memo_put(&kept, place, y, &key))
		return;
	draw_event(ui, i, y, y + 1, width, false);
	ui_memo_keep(&kept, place, y, &key);
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
	for (int i = first; i <= last && row < y + height; i++) {
		if (wrap) {
			row += draw_event(ui, i, row, y + height, width, wrap);
		} else {
			show_event_row(ui, i, row - (y + 1), row, width);
			row++;
		}
	}
}
