/* screenbuf.h: the screen's cells as one frame draws them, and which rows differ from the
 * frame before.
 *
 * ui_text and ui_fill write here, not to curses: a frame is drawn whole into this grid, then
 * only each changed row's span of changed cells is handed over, to be written to the terminal
 * (termout.h). Curses' own per-character path (multibyte decoding and attributes for every
 * cell) was most of a frame's CPU, and most rows do not change between frames (all of them
 * while paused). No terminal here: the caller writes a changed span (ui.c). */
#ifndef KTICKER_SCREENBUF_H
#define KTICKER_SCREENBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

/* ch is SCREENBUF_WIDE_RIGHT in the right half of a double-width character. */
#define SCREENBUF_WIDE_RIGHT ((wchar_t)0)

/* A cell is one 32-bit word: a frame blanks, compares and copies the whole grid, and cells
 * of a wchar_t and an int made it 208 kB at 200 x 130, whose memory traffic was a good part
 * of a frame's time. */
struct screenbuf_cell {
	uint32_t ch : 21;   /* all of Unicode */
	uint32_t attr : 11; /* which of the attributes used so far: screenbuf_attr() */
};
#define SCREENBUF_ATTRS_MAX 2048 /* what attr can count; attributes beyond are drawn plain */

/* A cell as the one word it is. */
_Static_assert(sizeof(struct screenbuf_cell) == sizeof(uint32_t), "a cell is a word");
static inline uint32_t screenbuf_word(struct screenbuf_cell c)
{
	uint32_t w;
	memcpy(&w, &c, sizeof(w));
	return w;
}

/* A cell's curses attributes and color pair, as ui_text's callers gave them. */
int screenbuf_attr(struct screenbuf_cell c);

struct screenbuf {
	int rows, cols;
	struct screenbuf_cell *cells; /* this frame's, rows x cols */
	struct screenbuf_cell *shown; /* what the last flush handed over */
	bool stale;                   /* shown is unknown (new size, cleared): every row changed */
};

/* Starts a frame of rows x cols blank cells; a new size makes every row count as changed. */
void screenbuf_begin(struct screenbuf *b, int rows, int cols);
/* Forgets what was shown: the next flush hands over every row (a cleared terminal). */
void screenbuf_invalidate(struct screenbuf *b);
void screenbuf_fill(struct screenbuf *b, int y, int x, int width, int attr);
/* Writes UTF-8 text from column x, at most width columns; returns the columns written.
 * A character the locale cannot show, or that takes no column, is drawn as '?'. */
int screenbuf_text(struct screenbuf *b, int y, int x, int width, int attr, const char *text);
/* Writes n one-column characters from column x, at most width, the i-th glyphs[picks[i]]
 * (a sparkline: its levels, and the character of each); returns the columns written. A glyph
 * of another width is drawn as '?'. At most SCREENBUF_GLYPHS_MAX glyphs. */
#define SCREENBUF_GLYPHS_MAX 16
int screenbuf_glyphs(struct screenbuf *b, int y, int x, int width, int attr, const wchar_t *glyphs,
		     int glyph_count, const int *picks, int n);
/* Calls draw_row for each row that differs from the last flush, with the span of cells from
 * the first to the last that differ (whole double-width characters), then remembers the
 * frame; returns how many rows it drew. */
int screenbuf_flush(struct screenbuf *b,
		    void (*draw_row)(int y, int x, const struct screenbuf_cell *cells, int n, void *arg),
		    void *arg);
void screenbuf_free(struct screenbuf *b);

/* A row's cells as one frame drew them, kept to be put back in a later frame instead of
 * drawing the same row again. */
struct screenbuf_row {
	struct screenbuf_cell *cells;
	int cols; /* the screen's width when kept; 0: nothing kept */
};
void screenbuf_keep_row(const struct screenbuf *b, int y, struct screenbuf_row *r);
/* Puts a kept row back as row y; false when it was kept at another width (draw it anew). */
bool screenbuf_put_row(struct screenbuf *b, int y, const struct screenbuf_row *r);

#endif
