/* screenbuf.c: the screen's cells as one frame draws them, and which rows changed. */
#include "screenbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The attributes cells have used, by index; index 0 is A_NORMAL (0), as a blank cell's is.
 * attr_slots finds an attribute's index: open addressing, twice as many slots as indexes. */
static int attr_values[SCREENBUF_ATTRS_MAX] = { 0 };
static int attr_count = 1;
#define ATTR_SLOTS (2 * SCREENBUF_ATTRS_MAX)
static struct {
	int attr;
	int index_plus_1; /* 0: a free slot */
} attr_slots[ATTR_SLOTS];

int screenbuf_attr(struct screenbuf_cell c)
{
	return attr_values[c.attr];
}

static int attr_index(int attr)
{
	if (attr == 0)
		return 0;
	unsigned slot = ((unsigned)attr * 2654435761u) % ATTR_SLOTS;
	while (attr_slots[slot].index_plus_1 && attr_slots[slot].attr != attr)
		slot = (slot + 1) % ATTR_SLOTS;
	if (attr_slots[slot].index_plus_1)
		return attr_slots[slot].index_plus_1 - 1;
	if (attr_count == SCREENBUF_ATTRS_MAX)
		return 0;
	attr_values[attr_count] = attr;
	attr_slots[slot].attr = attr;
	attr_slots[slot].index_plus_1 = attr_count + 1;
	return attr_count++;
}

static struct screenbuf_cell *cell_at(struct screenbuf *b, int y, int x)
{
	return &b->cells[(size_t)y * (size_t)b->cols + (size_t)x];
}

/* Writes one cell. A double-width character whose other half this overwrites loses that half
 * too (a blank), so a SCREENBUF_WIDE_RIGHT cell always follows its character's left half. */
static inline void put(struct screenbuf *b, int y, int x, wchar_t ch, int attr)
{
	if (x < 0 || x >= b->cols)
		return;
	struct screenbuf_cell *c = cell_at(b, y, x);
	if (c->ch == SCREENBUF_WIDE_RIGHT)
		c[-1].ch = L' ';
	if (x + 1 < b->cols && c[1].ch == SCREENBUF_WIDE_RIGHT)
		c[1].ch = L' ';
	*c = (struct screenbuf_cell){ ch, attr };
}

/* Both halves of a double-width character, or two '?' where the screen cuts it. */
static void put_wide(struct screenbuf *b, int y, int x, wchar_t ch, int attr)
{
	if (x < 0 || x + 1 >= b->cols) {
		put(b, y, x, L'?', attr);
		put(b, y, x + 1, L'?', attr);
		return;
	}
	put(b, y, x, ch, attr);
	put(b, y, x + 1, L' ', attr); /* clears what the right half overwrites */
	cell_at(b, y, x + 1)->ch = SCREENBUF_WIDE_RIGHT;
}

void screenbuf_begin(struct screenbuf *b, int rows, int cols)
{
	rows = rows > 0 ? rows : 0;
	cols = cols > 0 ? cols : 0;
	size_t n = (size_t)rows * (size_t)cols;
	if (rows != b->rows || cols != b->cols || !b->cells) {
		free(b->cells);
		free(b->shown);
		b->cells = xcalloc(n ? n : 1, sizeof(*b->cells));
		b->shown = xcalloc(n ? n : 1, sizeof(*b->shown));
		b->rows = rows;
		b->cols = cols;
		b->stale = true;
	}
	/* one row blanked, copied to the others (a cell at a time was ~4 instructions a cell) */
	for (int x = 0; x < cols; x++)
		b->cells[x] = (struct screenbuf_cell){ L' ', 0 };
	for (int y = 1; y < rows; y++)
		memcpy(cell_at(b, y, 0), b->cells, (size_t)cols * sizeof(*b->cells));
}

void screenbuf_invalidate(struct screenbuf *b)
{
	b->stale = true;
}

/* The next character of UTF-8 text, advancing *s; a malformed sequence is one '?'. */
static wchar_t next_char(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned c = *p++;
	int more = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (c >= 0x80 && !more) {
		*s = p;
		return L'?'; /* a stray continuation byte */
	}
	unsigned code = more ? c & (0x3Fu >> more) : c;
	for (int i = 0; i < more; i++, p++) {
		if ((*p & 0xC0) != 0x80) {
			*s = p;
			return L'?'; /* cut short: the next byte starts the next character */
		}
		code = code << 6 | (*p & 0x3Fu);
	}
	*s = p;
	return (wchar_t)code;
}

/* Columns a character takes: printable ASCII without asking the locale, and the box and
 * block characters (sparklines, every frame) asked once. */
static int char_width(wchar_t ch)
{
	static signed char blocks[0x100]; /* U+2500 to U+25FF: 0 unknown, else width + 2 */
	unsigned block = (unsigned)ch - 0x2500; /* one comparison for the range */
	if (block < 0x100) {
		if (!blocks[block])
			blocks[block] = (signed char)(wcwidth(ch) + 2);
		return blocks[block] - 2;
	}
	return ch >= 0x20 && ch < 0x7F ? 1 : wcwidth(ch);
}

static bool printable_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7F;
}

/* Readies a run of n one-column cells from column x of row y: only the run's two ends can
 * cut a double-width character, so they go through put(), which blanks the other half, and
 * the cells between are plain stores. Returns the first visible cell of the run, with the
 * run's visible part as [*from, *to); NULL when none of it is visible. */
static struct screenbuf_cell *open_run(struct screenbuf *b, int y, int x, int n, int *from, int *to)
{
	*from = *to = 0;
	if (y < 0 || y >= b->rows)
		return NULL;
	*from = x < 0 ? -x : 0;
	*to = x + n > b->cols ? b->cols - x : n;
	if (*from >= *to)
		return NULL;
	put(b, y, x + *from, L' ', 0);
	put(b, y, x + *to - 1, L' ', 0);
	return cell_at(b, y, x + *from);
}

void screenbuf_fill(struct screenbuf *b, int y, int x, int width, int curses_attrs)
{
	int attr = attr_index(curses_attrs);
	int from, to;
	struct screenbuf_cell *c = open_run(b, y, x, width, &from, &to);
	for (int i = from; c && i < to; i++)
		c[i - from] = (struct screenbuf_cell){ L' ', attr };
}

static void put_clipped_ascii(struct screenbuf *b, int y, int x, const unsigned char *s, int n, int attr)
{
	int from, to;
	struct screenbuf_cell *c = open_run(b, y, x, n, &from, &to);
	for (int i = from; c && i < to; i++)
		c[i - from] = (struct screenbuf_cell){ s[i], attr };
}

/* Writes the run of printable ASCII that s starts with (at least its first byte), at most max
 * columns from column x; returns its length. Where all max columns are on the screen the run
 * is written as it is read, one pass (this is most of the screen's text); only its two ends
 * go through put(), which mends a double-width character they cut. */
static int put_ascii_run(struct screenbuf *b, int y, int x, const unsigned char *s, int max, int attr)
{
	int n = 0;
	if (y < 0 || y >= b->rows || x < 0 || x + max > b->cols) {
		while (n < max && printable_ascii(s[n]))
			n++;
		put_clipped_ascii(b, y, x, s, n, attr);
		return n;
	}
	put(b, y, x, L' ', 0);
	struct screenbuf_cell *c = cell_at(b, y, x);
	for (; n < max && printable_ascii(s[n]); n++)
		c[n] = (struct screenbuf_cell){ s[n], attr };
	put(b, y, x + n - 1, s[n - 1], attr);
	return n;
}

int screenbuf_text(struct screenbuf *b, int y, int x, int width, int curses_attrs, const char *text)
{
	int attr = attr_index(curses_attrs);
	bool visible = y >= 0 && y < b->rows;
	const unsigned char *s = (const unsigned char *)text;
	int cols = 0;
	while (*s && cols < width) {
		if (printable_ascii(*s)) { /* most text: one byte, one column */
			int n = put_ascii_run(b, y, x + cols, s, width - cols, attr);
			s += n;
			cols += n;
			continue;
		}
		wchar_t ch = next_char(&s);
		int w = char_width(ch);
		if (w <= 0 || w > 2) {
			ch = L'?';
			w = 1;
		}
		if (cols + w > width)
			break; /* a double-width character half in: leave it out */
		if (visible && w == 2)
			put_wide(b, y, x + cols, ch, attr);
		else if (visible)
			put(b, y, x + cols, ch, attr);
		cols += w;
	}
	return cols;
}

/* A cell is one 32-bit word, compared at once: the scan for a changed row's span, cell by
 * cell from both ends, was a good part of a flush. */
static bool same_cell(const struct screenbuf_cell *a, const struct screenbuf_cell *b)
{
	return screenbuf_word(*a) == screenbuf_word(*b);
}

/* How many cells a and b have the same from their start, of n; then from their end. Two
 * cells a step: every changed row's unchanged ends are scanned, a good part of a flush. */
static int same_from_start(const struct screenbuf_cell *a, const struct screenbuf_cell *b, int n)
{
	int i = 0;
	for (uint64_t x, y; i + 2 <= n; i += 2) {
		memcpy(&x, a + i, sizeof(x));
		memcpy(&y, b + i, sizeof(y));
		if (x != y)
			break;
	}
	while (i < n && same_cell(&a[i], &b[i]))
		i++;
	return i;
}

static int same_from_end(const struct screenbuf_cell *a, const struct screenbuf_cell *b, int n)
{
	int i = 0;
	for (uint64_t x, y; i + 2 <= n; i += 2) {
		memcpy(&x, a + n - i - 2, sizeof(x));
		memcpy(&y, b + n - i - 2, sizeof(y));
		if (x != y)
			break;
	}
	while (i < n && same_cell(&a[n - i - 1], &b[n - i - 1]))
		i++;
	return i;
}

/* The columns [*from, *to) of row y that differ from what was shown; false when none do. */
static bool changed_span(const struct screenbuf *b, int y, int *from, int *to)
{
	const struct screenbuf_cell *now = b->cells + (size_t)y * (size_t)b->cols;
	const struct screenbuf_cell *was = b->shown + (size_t)y * (size_t)b->cols;
	int first = 0, last = b->cols;
	if (!b->stale) {
		if (memcmp(now, was, (size_t)b->cols * sizeof(*now)) == 0)
			return false; /* most rows, at once */
		first = same_from_start(now, was, b->cols);
		last = b->cols - same_from_end(now, was, b->cols);
	}
	/* a double-width character is handed over whole, both halves */
	if (first > 0 && now[first].ch == SCREENBUF_WIDE_RIGHT)
		first--;
	if (last < b->cols && now[last].ch == SCREENBUF_WIDE_RIGHT)
		last++;
	*from = first;
	*to = last;
	return first < last;
}

int screenbuf_flush(struct screenbuf *b,
		    void (*draw_row)(int y, int x, const struct screenbuf_cell *cells, int n, void *arg),
		    void *arg)
{
	int drawn = 0, from, to;
	for (int y = 0; y < b->rows; y++) {
		if (!changed_span(b, y, &from, &to))
			continue;
		draw_row(y, from, b->cells + (size_t)y * (size_t)b->cols + (size_t)from, to - from, arg);
		drawn++;
	}
	/* the frame is now what was shown, every cell of it: the grids trade places rather than
	 * the changed spans being copied (most of the screen, at a busy feed's rate) */
	struct screenbuf_cell *shown = b->cells;
	b->cells = b->shown;
	b->shown = shown;
	b->stale = false;
	return drawn;
}

/* The characters glyphs are drawn as: each, or '?' where it does not take one column. The
 * widths are asked for the glyphs last seen, not again for each of a frame's ~100 sparklines
 * of the same few glyphs. */
static const wchar_t *drawn_glyphs(const wchar_t *glyphs, int count)
{
	static wchar_t seen[SCREENBUF_GLYPHS_MAX], drawn[SCREENBUF_GLYPHS_MAX];
	static int seen_count = -1;
	size_t size = (size_t)count * sizeof(*glyphs);
	if (count != seen_count || memcmp(glyphs, seen, size) != 0) {
		for (int g = 0; g < count; g++)
			drawn[g] = char_width(glyphs[g]) == 1 ? glyphs[g] : L'?';
		memcpy(seen, glyphs, size);
		seen_count = count;
	}
	return drawn;
}

int screenbuf_glyphs(struct screenbuf *b, int y, int x, int width, int curses_attrs,
		     const wchar_t *glyphs, int glyph_count, const int *picks, int n)
{
	int attr = attr_index(curses_attrs);
	glyph_count = glyph_count < SCREENBUF_GLYPHS_MAX ? glyph_count : SCREENBUF_GLYPHS_MAX;
	const wchar_t *drawn = drawn_glyphs(glyphs, glyph_count);
	/* each glyph's cell made once, not each cell's: a sparkline is a few glyphs many times.
	 * The last entry is an unknown pick's. */
	struct screenbuf_cell shown[SCREENBUF_GLYPHS_MAX + 1];
	for (int g = 0; g < glyph_count; g++)
		shown[g] = (struct screenbuf_cell){ drawn[g], attr };
	shown[glyph_count] = (struct screenbuf_cell){ L'?', attr };
	n = n < width ? n : width;
	int from, to;
	struct screenbuf_cell *c = open_run(b, y, x, n, &from, &to);
	for (int i = from; c && i < to; i++)
		c[i - from] = shown[(unsigned)picks[i] < (unsigned)glyph_count ? picks[i] : glyph_count];
	return n > 0 ? n : 0;
}

void screenbuf_keep_row(const struct screenbuf *b, int y, struct screenbuf_row *r)
{
	if (y < 0 || y >= b->rows)
		return;
	if (r->cols != b->cols)
		r->cells = xrealloc(r->cells, (size_t)(b->cols ? b->cols : 1) * sizeof(*r->cells));
	r->cols = b->cols;
	memcpy(r->cells, b->cells + (size_t)y * (size_t)b->cols, (size_t)b->cols * sizeof(*r->cells));
}

bool screenbuf_put_row(struct screenbuf *b, int y, const struct screenbuf_row *r)
{
	if (y < 0 || y >= b->rows || r->cols != b->cols || !r->cols)
		return false;
	memcpy(b->cells + (size_t)y * (size_t)b->cols, r->cells, (size_t)b->cols * sizeof(*r->cells));
	return true;
}

void screenbuf_free(struct screenbuf *b)
{
	free(b->cells);
	free(b->shown);
	*b = (struct screenbuf){ 0 };
}
