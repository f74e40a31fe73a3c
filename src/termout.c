/* termout.c: a frame's changed cells to the terminal in one write. */
#include "termout.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "crt.h"
#include "numtext.h"
#include "util.h"

#define ATTR_CODES_MAX 64 /* distinct attributes the panels use: ~15 */

/* The bytes that take the terminal from no attributes to attr (on) and back (off). */
struct attr_codes {
	int attr;
	char on[128], off[128];
	size_t on_len, off_len;
};

static struct {
	char *bytes;
	size_t len, cap;
	int rows, cols;
	int attr;                 /* the terminal's, as this frame left it so far */
	unsigned attr_index;      /* attr's index in the cells (screenbuf_attr) */
	const struct attr_codes *attr_codes; /* attr's; NULL when not cached */
	bool utf8;                /* the locale's encoding: characters encoded here */
	bool chars_low;           /* a cell's character is its word's low bits: first_word */
	bool corner_scrolls;      /* the bottom-right cell scrolls the screen (am without xenl) */
	bool ansi_cup;            /* cup is ansi_cup */
	bool curses_told;         /* curses was told the cursor is where each frame leaves it */
	const char *cup, *clear; /* terminfo strings */
	struct attr_codes codes[ATTR_CODES_MAX];
	int code_count;
	/* the codes of the attribute of each cell attribute index seen (screenbuf_attr), found
	 * once: a busy frame changes attribute ~150 times, and codes_of searches them in turn */
	const struct attr_codes *codes_by_index[SCREENBUF_ATTRS_MAX];
} out;

/* Nearly every terminal's cup, written here without tiparm's interpreter. */
static const char ansi_cup[] = "\033[%i%p1%d;%p2%dH";

static atomic_int resumed; /* a SIGCONT or Ctrl-Z since the last frame: curses repainted (lock-free) */
static struct sigaction curses_stop; /* ncurses' own Ctrl-Z handler */

static void on_resume(int sig)
{
	(void)sig;
	atomic_store(&resumed, 1);
}

/* Ctrl-Z: ncurses' handler ends curses mode, stops kticker and repaints what curses knows of
 * the screen, which is none of termout's frame; then every row is drawn again. Whether kticker
 * was stopped or not: with no job control (an orphaned process group, as a tmux pane's own
 * command is) the stop is discarded and no SIGCONT comes, and the frame's changed spans alone
 * were drawn on the terminal's cleared screen. */
static void on_stop_key(int sig)
{
	curses_stop.sa_handler(sig);
	atomic_store(&resumed, 1);
}

/* ncurses installs its handler in initscr() unless Ctrl-Z was already ignored or handled. */
static void follow_stop_key(void)
{
	struct sigaction now;
	if (sigaction(SIGTSTP, NULL, &now) != 0 || (now.sa_flags & SA_SIGINFO) ||
	    now.sa_handler == SIG_DFL || now.sa_handler == SIG_IGN || now.sa_handler == on_stop_key)
		return;
	curses_stop = now;
	struct sigaction mine = now;
	mine.sa_handler = on_stop_key;
	sigaction(SIGTSTP, &mine, NULL);
}

/* Room for n more bytes. */
static void reserve(size_t n)
{
	if (out.len + n > out.cap) {
		out.cap = (out.len + n) * 2;
		out.bytes = xrealloc(out.bytes, out.cap);
	}
}

static void put_bytes(const char *s, size_t n)
{
	reserve(n);
	memcpy(out.bytes + out.len, s, n);
	out.len += n;
}

static int put_byte(int c)
{
	char b = (char)c;
	put_bytes(&b, 1);
	return c;
}

static int discard_byte(int c)
{
	return c;
}

static char *captured;
static size_t captured_len, captured_size;
static bool captured_whole;

static int capture_byte(int c)
{
	if (captured_len + 1 < captured_size)
		captured[captured_len++] = (char)c;
	else
		captured_whole = false;
	return c;
}

/* Tells curses the terminal has attr, writing what it takes through sink. */
static void curses_attr(int attr, NCURSES_OUTC sink)
{
	vid_puts((attr_t)attr & ~A_COLOR, (NCURSES_PAIRS_T)PAIR_NUMBER(attr), NULL, sink);
}

/* What vid_puts writes to go from the attribute from to to, into text; false when it does
 * not fit. */
static bool capture_change(int from, int to, char *text, size_t size)
{
	curses_attr(from, discard_byte);
	captured = text;
	captured_len = 0;
	captured_size = size;
	captured_whole = true;
	curses_attr(to, capture_byte);
	text[captured_len] = '\0';
	return captured_whole;
}

static const struct attr_codes *codes_of(int attr)
{
	for (int i = 0; i < out.code_count; i++)
		if (out.codes[i].attr == attr)
			return &out.codes[i];
	if (out.code_count == ATTR_CODES_MAX)
		return NULL;
	struct attr_codes *c = &out.codes[out.code_count];
	c->attr = attr;
	if (!capture_change(A_NORMAL, attr, c->on, sizeof(c->on)) ||
	    !capture_change(attr, A_NORMAL, c->off, sizeof(c->off)))
		return NULL;
	c->on_len = strlen(c->on);
	c->off_len = strlen(c->off);
	out.code_count++;
	return c;
}

/* The attribute of cell c, and its codes (NULL when not cached). */
static const struct attr_codes *codes_of_cell(struct screenbuf_cell c, int *attr)
{
	*attr = screenbuf_attr(c);
	const struct attr_codes **known = &out.codes_by_index[c.attr];
	if (!*known)
		*known = codes_of(*attr);
	return *known;
}

static void set_attr(int attr, const struct attr_codes *to)
{
	if (out.attr_codes && to) {
		put_bytes(out.attr_codes->off, out.attr_codes->off_len);
		put_bytes(to->on, to->on_len);
	} else { /* not cached (too many, or too long): curses works the change out each time */
		curses_attr(out.attr, discard_byte);
		curses_attr(attr, put_byte);
	}
	out.attr = attr;
	out.attr_codes = to;
}

/* c, not ASCII, as UTF-8 at p; returns its bytes. */
static size_t utf8_encode(unsigned c, char *p)
{
	if (c < 0x800) {
		p[0] = (char)(0xC0 | c >> 6);
		p[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xE0 | c >> 12);
		p[1] = (char)(0x80 | (c >> 6 & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | c >> 18);
	p[1] = (char)(0x80 | (c >> 12 & 0x3F));
	p[2] = (char)(0x80 | (c >> 6 & 0x3F));
	p[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* U+2500 to U+25FF, box drawing and blocks (the sparklines' glyphs, a third of a busy frame's
 * characters), as UTF-8: 3 bytes each, encoded once and stored as one word. */
#define BOXES_FIRST 0x2500u
#define BOXES_COUNT 0x100u
static char boxes_utf8[BOXES_COUNT][4];

static void encode_boxes(void)
{
	for (unsigned i = 0; i < BOXES_COUNT; i++)
		utf8_encode(BOXES_FIRST + i, boxes_utf8[i]);
}

static bool usable(const char *cap)
{
	return cap && cap != (const char *)-1;
}

/* The words of the cells of attribute index attr_index whose characters are first, first + 1,
 * ... : consecutive when a cell's character is its word's low bits (out.chars_low), as GCC and
 * Clang lay the bit-fields out on a little-endian machine. */
static uint32_t first_word(unsigned first, unsigned attr_index)
{
	return screenbuf_word((struct screenbuf_cell){ first, attr_index });
}

void termout_init(void)
{
	out.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	out.chars_low = first_word(2, 1) - first_word(1, 1) == 1;
	encode_boxes();
	out.corner_scrolls = tigetflag("am") > 0 && tigetflag("xenl") <= 0;
	out.cup = tigetstr("cup");
	out.clear = tigetstr("clear");
	if (!usable(out.cup))
		crt_fatal("this terminal (TERM=%s) cannot move its cursor to a place: no cup in its terminfo",
			  termname());
	out.ansi_cup = strcmp(out.cup, ansi_cup) == 0;
	if (!usable(out.clear))
		out.clear = NULL;
	follow_stop_key();
	struct sigaction sa = { .sa_handler = on_resume };
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCONT, &sa, NULL);
}

bool termout_begin(int rows, int cols, bool clear)
{
	out.rows = rows;
	out.cols = cols;
	out.len = 0;
	out.attr = A_NORMAL;
	out.attr_index = 0; /* a blank cell's: A_NORMAL */
	curses_attr(A_NORMAL, put_byte); /* from whatever curses last left */
	out.attr_codes = codes_of(A_NORMAL); /* after: making them tells curses of attributes */
	clear |= atomic_exchange(&resumed, 0) != 0;
	if (clear && out.clear)
		tputs(out.clear, rows, put_byte);
	if (clear) /* curses may have moved the cursor since (a resize, a resume) */
		out.curses_told = false;
	return clear;
}

/* ch, not ASCII, at p in the terminal's encoding (utf8: UTF-8, out.utf8), with room for
 * MB_LEN_MAX bytes; returns the byte after. */
static char *put_non_ascii(char *p, wchar_t ch, bool utf8)
{
	unsigned box = (unsigned)ch - BOXES_FIRST;
	if (utf8 && box < BOXES_COUNT) {
		memcpy(p, boxes_utf8[box], sizeof(boxes_utf8[box])); /* the 4th byte is room to spare */
		return p + 3;
	}
	if (utf8)
		return p + utf8_encode((unsigned)ch, p);
	mbstate_t state = { 0 };
	size_t n = wcrtomb(p, ch, &state);
	if (n == (size_t)-1) {
		*p = '?';
		n = 1;
	}
	return p + n;
}

#define DECIMAL_ROOM 12 /* an int's sign and digits, and the '\0' numtext_int ends them with */

/* v's decimal digits at p, with room for DECIMAL_ROOM bytes; returns the byte after them. */
static char *put_decimal(char *p, int v)
{
	return p + numtext_int(p, DECIMAL_ROOM, v);
}

/* An absolute move as ansi_cup's bytes, written straight into the buffer: through put_bytes
 * a move took ~380 instructions, and a busy frame has ~75 of them. */
static void move_to(int y, int x)
{
	if (!out.ansi_cup) {
		tputs(tiparm(out.cup, y, x), 1, put_byte);
		return;
	}
	reserve(2 * DECIMAL_ROOM + 3); /* "\033[", y, ';', x, 'H' */
	char *p = out.bytes + out.len;
	*p++ = '\033';
	*p++ = '[';
	p = put_decimal(p, y + 1);
	*p++ = ';';
	p = put_decimal(p, x + 1);
	*p++ = 'H';
	out.len = (size_t)(p - out.bytes);
}

/* The cells of one attribute in a row's span are mostly ASCII characters, and the rest mostly
 * the sparklines' blocks: a cell of either is told from its word by a subtraction and a
 * comparison (first_word). Taking its character and attribute apart and testing each was 15
 * instructions an ASCII cell, now 10, and a busy frame's spans have ~3 000 cells. */
struct span_runs {
	uint32_t ascii_first, ascii_count; /* characters 1 to 0x7F; count 0: none told this way */
	uint32_t box_first, box_count;     /* U+2500 to U+25FF, encoded as UTF-8 */
};

static struct span_runs span_runs_of(unsigned attr_index)
{
	struct span_runs r = { 0, 0, 0, 0 };
	if (out.chars_low) {
		r.ascii_first = first_word(1, attr_index);
		r.ascii_count = 0x7F;
		r.box_first = first_word(BOXES_FIRST, attr_index);
		r.box_count = out.utf8 ? BOXES_COUNT : 0;
	}
	return r;
}

void termout_span(int y, int x, const struct screenbuf_cell *cells, int n, void *arg)
{
	(void)arg;
	if (out.corner_scrolls && y == out.rows - 1 && x + n == out.cols)
		n--; /* left unwritten rather than scroll the whole screen up a row */
	if (n <= 0)
		return;
	move_to(y, x);
	/* room for the span's characters at once; an attribute's bytes take from it, so a
	 * change of attribute reserves again. The characters go through a cursor of the loop's
	 * own, which stays in a register: out.len would be read and written again for each byte */
	reserve((size_t)n * MB_LEN_MAX);
	char *p = out.bytes + out.len;
	/* the loop's own copies of out's fields: a store through p may be to any of them, as
	 * far as the compiler knows, and they were read again for each cell */
	unsigned attr_index = out.attr_index;
	bool utf8 = out.utf8;
	struct span_runs runs = span_runs_of(attr_index);
	for (int i = 0; i < n; i++) {
		uint32_t w = screenbuf_word(cells[i]);
		if (w - runs.ascii_first < runs.ascii_count) {
			*p++ = (char)w; /* the character, in the word's low bits */
			continue;
		}
		if (w - runs.box_first < runs.box_count) {
			memcpy(p, boxes_utf8[w - runs.box_first], sizeof(boxes_utf8[0])); /* 4th: spare */
			p += 3;
			continue;
		}
		struct screenbuf_cell c = cells[i];
		if (c.ch == SCREENBUF_WIDE_RIGHT)
			continue; /* the terminal moved past it with its left half */
		/* cells' attribute indexes compared, not their attributes: one index per
		 * attribute, so the same test, without a call for each cell */
		if (c.attr != attr_index) {
			out.len = (size_t)(p - out.bytes);
			int attr;
			const struct attr_codes *codes = codes_of_cell(c, &attr);
			set_attr(attr, codes);
			out.attr_index = attr_index = c.attr;
			runs = span_runs_of(attr_index);
			reserve((size_t)(n - i) * MB_LEN_MAX);
			p = out.bytes + out.len;
		}
		if (c.ch < 0x80)
			*p++ = (char)c.ch;
		else
			p = put_non_ascii(p, c.ch, utf8);
	}
	out.len = (size_t)(p - out.bytes);
}

static void write_all(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) { /* a non-blocking terminal: wait until it takes more */
			poll(&(struct pollfd){ .fd = STDOUT_FILENO, .events = POLLOUT }, 1, 100);
			continue;
		}
		if (w <= 0)
			return; /* the terminal is gone: the main loop ends on its own */
		s += w;
		n -= (size_t)w;
	}
}

void termout_end(void)
{
	curses_attr(out.attr, discard_byte); /* curses' idea of the attributes is the terminal's */
	/* the cursor is left where curses thinks it is, the bottom-left cell. Curses is told so
	 * only when it may think otherwise: its mvcur prices every way of getting there, a good
	 * part of a frame; the move here is one absolute move's bytes */
	int bottom = out.rows > 0 ? out.rows - 1 : 0;
	move_to(bottom, 0);
	write_all(out.bytes, out.len);
	if (!out.curses_told) /* its bytes go out with curses' next refresh: the same move */
		mvcur(-1, -1, bottom, 0);
	out.curses_told = true;
}

bool termout_resumed(void)
{
	return atomic_load(&resumed) != 0;
}

void termout_free(void)
{
	free(out.bytes);
	out.bytes = NULL;
	out.len = out.cap = 0;
	out.code_count = 0;
	memset(out.codes_by_index, 0, sizeof(out.codes_by_index));
}
