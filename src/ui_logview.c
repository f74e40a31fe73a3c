/* ui_logview.c: the log view — each partition's log drawn as a strip, to scale, with markers
 * for log start, committed offset, consumer position and high watermark, and which partition
 * each symbol's key went to ("ordering per key" made visible). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "ui.h"

/* Column of offset on a strip of width columns that shows offsets [0, scale). */
static int column(int64_t offset, int64_t scale, int width)
{
	if (offset <= 0 || scale <= 0)
		return 0;
	int64_t c = offset * (width - 1) / scale;
	return (int)(c < width - 1 ? c : width - 1);
}

static char cell(const struct partition_offsets *p, int64_t offset)
{
	if (offset < p->log_start)
		return '.';  /* deleted by retention */
	if (p->committed >= 0 && offset < p->committed)
		return '=';  /* read and committed */
	if (p->position >= 0 && offset < p->position)
		return '+';  /* read, not committed yet */
	return '-';          /* not read yet */
}

static void draw_strip(const struct partition_offsets *p, int64_t scale, int y, int x, int width)
{
	char strip[512];
	width = width < (int)sizeof(strip) - 1 ? width : (int)sizeof(strip) - 1;
	int end = column(p->high_watermark, scale, width);
	for (int c = 0; c < width; c++)
		strip[c] = c > end ? ' ' : cell(p, scale * c / (width > 1 ? width - 1 : 1));
	strip[width] = '\0';
	/* markers, later ones winning a shared column: start, committed, position, end */
	if (p->log_start >= 0)
		strip[column(p->log_start, scale, width)] = '[';
	if (p->committed >= 0)
		strip[column(p->committed, scale, width)] = 'C';
	if (p->position >= 0)
		strip[column(p->position, scale, width)] = 'P';
	if (p->high_watermark >= 0)
		strip[end] = ']';
	ui_text(y, x, width, crt_attr(p->assigned ? CLR_NORMAL : CLR_DIM), strip);
}

/* "P3: AAPL MSFT" for every partition that has symbols, wrapped over rows. */
static void draw_keys(struct ui *ui, int y, int rows, int width)
{
	const struct frame *f = &ui->frame;
	int x = 1;
	for (int part = 0; part < f->part_count && rows > 0; part++) {
		char line[256];
		size_t used = (size_t)snprintf(line, sizeof(line), "P%d:", part);
		bool any = false;
		for (size_t i = 0; i < f->quote_count && used + TICK_SYMBOL_MAX < sizeof(line); i++)
			if (f->rows[i]->partition == part) {
				used += (size_t)snprintf(line + used, sizeof(line) - used, " %s", f->rows[i]->symbol);
				any = true;
			}
		if (!any)
			continue;
		int len = (int)strlen(line) + 2;
		if (x + len > width && x > 1) {
			y++, rows--, x = 1;
			if (rows <= 0)
				break;
		}
		x += ui_text(y, x, width - x, crt_attr(CLR_NORMAL), line) + 2;
	}
}

void ui_logview_draw(struct ui *ui, int y, int height, int width)
{
	const struct frame *f = &ui->frame;
	int64_t scale = 1;
	for (int i = 0; i < f->part_count; i++)
		scale = f->parts[i].high_watermark > scale ? f->parts[i].high_watermark : scale;
	ui_title(y, width, ui->focus == FOCUS_QUOTES,
		 " Log view  [ start  C committed  P position  ] high watermark  "
		 "= committed + read - unread . deleted");
	int key_rows = height >= 6 ? 2 : 0;
	int rows = height - 1 - key_rows;
	int strip_width = width - 18;
	for (int i = 0; i < rows && i < f->part_count; i++) {
		const struct partition_offsets *p = &f->parts[i];
		ui_printf(y + 1 + i, 0, 5, crt_attr(CLR_DIM) | A_BOLD, " %3d ", p->partition);
		draw_strip(p, scale, y + 1 + i, 5, strip_width);
		ui_printf(y + 1 + i, 6 + strip_width, width - 6 - strip_width, crt_attr(CLR_DIM), "%11lld",
			  (long long)p->high_watermark);
	}
	if (f->part_count == 0)
		ui_text(y + 1, 1, width - 1, crt_attr(CLR_DIM), "waiting for the group to assign partitions...");
	if (key_rows)
		draw_keys(ui, y + height - key_rows, key_rows, width);
}
