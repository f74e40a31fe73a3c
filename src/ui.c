/* ui.c: the screen's main loop — frames, layout, keys, prompts. */
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"
#include "crt.h"
#include "eventlog.h"
#include "keys.h"
#include "numtext.h"
#include "screenwake.h"
#include "screenbuf.h"
#include "sparkline.h"
#include "termout.h"
#include "util.h"

/* ---- drawing helpers ---------------------------------------------------------------- */

/* This frame's cells: the panels draw here and draw() hands curses the rows that changed. */
static struct screenbuf screen;

void ui_fill(int y, int x, int width, int attr)
{
	screenbuf_fill(&screen, y, x, width, attr);
}

bool ui_memo_put(struct ui_row_memo *m, int place, int y, const void *key)
{
	return place < m->count && memcmp(m->keys + (size_t)place * m->key_size, key, m->key_size) == 0 &&
	       screenbuf_put_row(&screen, y, &m->rows[place]);
}

void ui_memo_keep(struct ui_row_memo *m, int place, int y, const void *key)
{
	if (place >= m->count) {
		int grown = place + 1 > 2 * m->count ? place + 1 : 2 * m->count;
		size_t added = (size_t)(grown - m->count);
		m->keys = xrealloc(m->keys, (size_t)grown * m->key_size);
		m->rows = xrealloc(m->rows, (size_t)grown * sizeof(*m->rows));
		memset(m->keys + (size_t)m->count * m->key_size, 0, added * m->key_size);
		memset(m->rows + m->count, 0, added * sizeof(*m->rows));
		m->count = grown;
	}
	memcpy(m->keys + (size_t)place * m->key_size, key, m->key_size);
	screenbuf_keep_row(&screen, y, &m->rows[place]);
}

void ui_box(int top, int left, int width, int height)
{
	for (int i = 0; i < height; i++)
		ui_fill(top + i, left, width, crt_attr(CLR_NORMAL) | A_REVERSE);
}

int ui_text(int y, int x, int width, int attr, const char *text)
{
	/* clipped by columns, not bytes, so sparklines' multibyte blocks fill their width */
	return width > 0 ? screenbuf_text(&screen, y, x, width, attr, text) : 0;
}

void ui_sparkline(int y, int x, int width, int attr, const int *levels, int n)
{
	screenbuf_glyphs(&screen, y, x, width, attr, sparkline_glyphs(crt.utf8), SPARK_LEVELS, levels, n);
}

int ui_text_cols(const char *text)
{
	int cols = 0;
	for (; *text; text++)
		cols += ((unsigned char)*text & 0xC0) != 0x80; /* not a continuation byte */
	return cols;
}

int ui_printf(int y, int x, int width, int attr, const char *fmt, ...)
{
	if (!strchr(fmt, '%')) /* a label (" Producer "): its own text, without a copy */
		return ui_text(y, x, width, attr, fmt);
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	numtext_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_text(y, x, width, attr, buf);
}

void ui_title(int y, int width, bool focused, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	numtext_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	int attr = crt_attr(focused ? CLR_FOCUS : CLR_HEADER);
	ui_fill(y, 0, width, attr);
	ui_text(y, 0, width, attr, buf);
}

/* ---- layout ------------------------------------------------------------------------- */

static void draw_too_small(int rows, int cols)
{
	const char *line1 = "Terminal too small";
	char line2[64];
	snprintf(line2, sizeof(line2), "%dx%d, needs %dx%d", cols, rows, UI_MIN_COLS, UI_MIN_ROWS);
	int y = rows / 2 - 1 > 0 ? rows / 2 - 1 : 0;
	ui_text(y, (cols - (int)strlen(line1)) / 2 > 0 ? (cols - (int)strlen(line1)) / 2 : 0, cols,
		crt_attr(CLR_WARN), line1);
	if (y + 1 < rows)
		ui_text(y + 1, (cols - (int)strlen(line2)) / 2 > 0 ? (cols - (int)strlen(line2)) / 2 : 0,
			cols, A_NORMAL, line2);
	if (y + 2 < rows)
		ui_text(y + 2, 0, cols, crt_attr(CLR_DIM), "q quits");
}

/* With KTICKER_FRAME_LOG=FILE set, each drawn frame's CPU time in µs is appended to FILE,
 * one frame a line, and beside it the part of it termout_end took, the write(2) to the
 * terminal: how `make bench` measures the screen without the terminal's own delays, or the
 * other threads' on a busy machine. */
static struct {
	FILE *log;
	bool opened;
	int64_t write_us; /* of the frame being drawn */
} frame_log;

/* A system call, not the vDSO's: made only with the frame log on. */
static int64_t thread_cpu_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* Writes the rows that changed since the last frame to the terminal. */
static void flush_screen(void)
{
	if (termout_begin(screen.rows, screen.cols, screen.stale))
		screenbuf_invalidate(&screen); /* a cleared terminal: every row again */
	screenbuf_flush(&screen, termout_span, NULL);
	int64_t start = frame_log.log ? thread_cpu_us() : 0;
	termout_end();
	if (frame_log.log)
		frame_log.write_us = thread_cpu_us() - start;
}

/* The panels, from the header to the event log: every row but the footer. */
static void draw_panels(struct ui *ui, int rows, int cols)
{
	/* the quote table keeps what it needs up to half the rows, whatever the partition count;
	 * the partitions panel takes what it needs of the rest (its worst rows first when they
	 * do not all fit); the event log takes what is left */
	int avail = rows - 2 - 1 - 3; /* header, footer, producer, consumer and delivery lines */
	int log_h = 3, quotes_min = 3;
	int quotes_want = ui->log_view ? ui->frame.part_count + 3 : (int)ui->frame.quote_count + 2;
	quotes_want = quotes_want > quotes_min ? quotes_want : quotes_min;
	int quotes_kept = quotes_want < avail / 2 ? quotes_want : avail / 2;
	int parts_h = ui->frame.part_count + 3;
	if (parts_h > avail - log_h - quotes_kept)
		parts_h = avail - log_h - quotes_kept;
	int quotes_h = avail - log_h - parts_h;
	if (quotes_h > quotes_want)
		quotes_h = quotes_want;
	log_h = avail - parts_h - quotes_h;
	int y = 0;
	ui_header_draw(ui, y, cols);
	y += 2;
	if (ui->log_view)
		ui_logview_draw(ui, y, quotes_h, cols);
	else
		ui_quotes_draw(ui, y, quotes_h, cols);
	y += quotes_h;
	ui_partitions_draw(ui, y, parts_h, cols);
	y += parts_h;
	ui_clients_draw(ui, y, cols);
	y += 3;
	ui_eventlog_draw(ui, y, log_h, cols);
}

/* What is drawn over the panels: the footer, and the overlay open. */
static void draw_over_panels(struct ui *ui, int rows, int cols)
{
	ui_footer_draw(ui, rows - 1, cols);
	if (ui->help)
		ui_help_draw(ui, rows, cols);
	else if (ui->group_view)
		ui_group_draw(ui, rows, cols);
	else if (ui->dead_letter_view)
		ui_deadletters_draw(ui, rows, cols);
}

/* false when the terminal is too small for the panels: it says so instead */
static bool begin_frame(int rows, int cols)
{
	screenbuf_begin(&screen, rows, cols);
	if (rows >= UI_MIN_ROWS && cols >= UI_MIN_COLS)
		return true;
	draw_too_small(rows, cols);
	flush_screen();
	return false;
}

static void draw(struct ui *ui)
{
	int rows = LINES, cols = COLS;
	if (!begin_frame(rows, cols))
		return;
	draw_panels(ui, rows, cols);
	draw_over_panels(ui, rows, cols);
	flush_screen();
}

/* The frozen picture's rows are kept under this: put back only at the same size, of the same
 * frame. */
struct frozen_key {
	int rows, cols;
	int64_t frame_ms;
};

/* A frozen screen (Z) drawn again (a key, Ctrl-L, a resumed terminal): the panels as they
 * were frozen, put back row by row, under the footer and the overlay open now. At a new size
 * they cannot be: the frame taken last is laid out and frozen instead, and the mark's time
 * says so. */
static void draw_frozen(struct ui *ui)
{
	static struct ui_row_memo picture = { .key_size = sizeof(struct frozen_key) };
	int rows = LINES, cols = COLS;
	if (!begin_frame(rows, cols))
		return;
	struct frozen_key key = { rows, cols, ui->frozen_ms };
	int y = 0;
	while (y < rows - 1 && ui_memo_put(&picture, y, y, &key))
		y++;
	if (y < rows - 1) {
		key.frame_ms = ui->frozen_ms = ui->frame.now_ms;
		screenbuf_begin(&screen, rows, cols); /* blank again: rows may have been put back */
		draw_panels(ui, rows, cols);
		for (y = 0; y < rows - 1; y++)
			ui_memo_keep(&picture, y, y, &key);
	}
	draw_over_panels(ui, rows, cols);
	flush_screen();
}

/* ---- prompts ------------------------------------------------------------------------ */

/* The topic list comes from the lookup worker; the footer shows it when it arrives. */
static void open_topic_prompt(struct ui *ui)
{
	lookup_ask_topics(&ui->pipe->lookup);
	snprintf(ui->prompt_hint, sizeof(ui->prompt_hint), "topics: (asking the cluster...)");
	ui->prompt = PROMPT_TOPIC;
	ui->input[0] = '\0';
}

static void submit_prompt(struct ui *ui)
{
	struct control *ctl = &ui->pipe->control;
	enum prompt kind = ui->prompt;
	ui->prompt = PROMPT_NONE;
	if (kind == PROMPT_COMMAND) {
		char err[512];
		if (ui->input[0] && !command_run(ui->pipe, ui->input, err, sizeof(err)))
			eventlog_add(EVENT_ERROR, "%s", err);
		return;
	}
	if (kind == PROMPT_FILTER) {
		copy_str(ui->filter, sizeof(ui->filter), ui->input);
		ui->scroll[FOCUS_QUOTES] = 0;
		return;
	}
	if (!ui->input[0])
		return;
	if (kind == PROMPT_TOPIC) {
		if (!topic_name_valid(ui->input)) {
			eventlog_add(EVENT_ERROR, "'%s' is not a valid topic name (letters, digits, . _ -)",
				     ui->input);
			return;
		}
		eventlog_add(EVENT_INFO, "switching to topic %s...", ui->input);
		control_request_topic(ctl, ui->input);
		return;
	}
	char *end;
	long n = strtol(ui->input, &end, 10);
	if (*end || n < 1 || n > PARTITIONS_MAX) {
		eventlog_add(EVENT_ERROR, "partition count must be 1 to %d (got '%s')", PARTITIONS_MAX,
			     ui->input);
		return;
	}
	control_request_partitions(ctl, (int)n);
}

#define CTRL_KEY(c) ((c) & 0x1f)

/* Ctrl-W as in a shell: the spaces before the cursor, then the word before them. */
static void erase_word(char *input)
{
	size_t len = strlen(input);
	while (len > 0 && input[len - 1] == ' ')
		len--;
	while (len > 0 && input[len - 1] != ' ')
		len--;
	input[len] = '\0';
}

/* Ctrl-U: a command a key prefilled keeps its name, to take a new argument; a second Ctrl-U,
 * or one on a line typed whole, clears the line. */
static void clear_line(struct ui *ui)
{
	size_t keep = ui->prompt == PROMPT_COMMAND ? ui->command_kept : 0;
	ui->input[strlen(ui->input) > keep ? keep : 0] = '\0';
}

/* Prompt editing: Backspace, Ctrl-U (the argument, then the line), Ctrl-W (a word), Enter,
 * Esc. */
static void prompt_key(struct ui *ui, int key)
{
	size_t len = strlen(ui->input);
	size_t max = ui->prompt == PROMPT_FILTER ? TICK_SYMBOL_MAX - 1 : TOPIC_NAME_MAX;
	if (key == 27) {
		ui->prompt = PROMPT_NONE;
	} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		submit_prompt(ui);
	} else if ((key == KEY_BACKSPACE || key == 127 || key == 8) && len > 0) {
		ui->input[len - 1] = '\0';
	} else if (key == CTRL_KEY('u')) {
		clear_line(ui);
	} else if (key == CTRL_KEY('w')) {
		erase_word(ui->input);
	} else if (key >= 32 && key < 127 && len < max) {
		ui->input[len] = (char)key;
		ui->input[len + 1] = '\0';
	}
	if (strlen(ui->input) < ui->command_kept)
		ui->command_kept = 0; /* the command's name was edited: no longer the key's */
}

/* ---- actions ------------------------------------------------------------------------ */

/* The ':' prompt, prefilled with a key's command and its default argument to edit. */
static void open_command(struct ui *ui, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void open_command(struct ui *ui, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->input, sizeof(ui->input), fmt, ap);
	va_end(ap);
	const char *space = strchr(ui->input, ' ');
	ui->command_kept = space ? (size_t)(space + 1 - ui->input) : 0;
	copy_str(ui->prompt_hint, sizeof(ui->prompt_hint), hint);
	ui->prompt = PROMPT_COMMAND;
}

/* Fault keys need the mock cluster; on a real one they say so instead of prompting. */
static bool embedded_only(struct ui *ui)
{
	if (ui->pipe->cluster.embedded)
		return true;
	if (ui->pipe->faults.local) {
		eventlog_add(EVENT_WARN, "only the embedded (mock) cluster can add latency or fail "
			     "requests: the local cluster is real Kafka (b and B crash and restart a broker)");
		return false;
	}
	eventlog_add(EVENT_WARN, "%s", fault_elsewhere(&ui->pipe->faults));
	return false;
}

/* The lab keys: delivery, commit, faults and views (the rest are in act). */
static void act_lab(struct ui *ui, enum action a)
{
	struct control *ctl = &ui->pipe->control;
	struct faults *f = &ui->pipe->faults;
	switch (a) {
	case ACT_STEP: control_step(ctl); break;
	case ACT_LINGER: control_cycle_linger(ctl); break;
	case ACT_COMPRESSION: control_cycle_compression(ctl); break;
	case ACT_COMMIT: control_cycle_commit_mode(ctl); break;
	case ACT_CRASH: control_crash_consumer(ctl); break;
	case ACT_THROTTLE: control_cycle_throttle(ctl); break;
	case ACT_REWIND:
		open_command(ui, "beginning, end, or a date YYYY-MM-DD", "rewind beginning");
		break;
	case ACT_GROUP:
		ui->group_view = true;
		ui_group_refresh(ui);
		break;
	case ACT_LOG_VIEW: ui->log_view = !ui->log_view; break;
	case ACT_DEAD_LETTERS: ui->dead_letter_view = true; break;
	case ACT_ENRICHED:
		ui->enriched_view = !ui->enriched_view;
		if (ui->enriched_view && !ui->pipe->opt->transform)
			eventlog_add(EVENT_WARN, "the enriched view needs the transform: start kticker "
				     "with --transform (or a kticker --role transform on this cluster "
				     "fills <topic>.enriched, not this screen)");
		break;
	case ACT_BROKER_DOWN:
		if (fault_can_stop_brokers(f) || embedded_only(ui))
			open_command(ui, "the broker id to take down", "broker-down %d",
				     fault_pick_leader(f));
		break;
	case ACT_BROKER_UP:
		if (fault_can_stop_brokers(f) || embedded_only(ui))
			open_command(ui, "the broker id to bring back", "broker-up %d",
				     fault_pick_broker(f, true));
		break;
	case ACT_LATENCY:
		if (embedded_only(ui))
			open_command(ui, "broker id and round-trip ms (0 removes it)", "latency 1 500");
		break;
	case ACT_FAIL_PRODUCE:
		if (embedded_only(ui))
			open_command(ui, "how many requests, and the Kafka error",
				     "fail-produce 100 NOT_ENOUGH_REPLICAS");
		break;
	case ACT_COMMAND:
		open_command(ui, "e.g. acks 0, broker-down 2, rewind 2018-01-02, throttle 100", "%s", "");
		break;
	default: break;
	}
}

/* The event log counts its scroll back from the newest event, at its bottom; the other
 * panels count theirs down from their top row. */
static bool scrolls_from_bottom(const struct ui *ui) { return ui->focus == FOCUS_LOG; }

/* delta rows down the screen (negative: up). */
static void scroll_by(struct ui *ui, int delta)
{
	int *s = &ui->scroll[ui->focus];
	*s += scrolls_from_bottom(ui) ? -delta : delta;
	if (*s < 0)
		*s = 0; /* panels clamp the upper end to what they hold */
}

static void act(struct ui *ui, enum action a)
{
	struct control *ctl = &ui->pipe->control;
	int page = ui->page[ui->focus] > 1 ? ui->page[ui->focus] - 1 : 1;
	switch (a) {
	case ACT_PAUSE: control_toggle_pause(ctl); break;
	case ACT_FASTER: control_change_delay(ctl, true); break;
	case ACT_SLOWER: control_change_delay(ctl, false); break;
	case ACT_TOPIC: open_topic_prompt(ui); break;
	case ACT_ACKS: control_cycle_acks(ctl); break;
	case ACT_IDEMPOTENCE: control_toggle_idempotence(ctl); break;
	case ACT_PARTITIONS: {
		const char *refusal = control_partitions_refusal(ctl);
		if (refusal) {
			eventlog_add(EVENT_WARN, "%s", refusal);
			break;
		}
		snprintf(ui->prompt_hint, sizeof(ui->prompt_hint), "now %d; %s",
			 atomic_load(&ctl->partitions), ui->pipe->cluster.embedded
			 ? "the embedded cluster switches to a new topic with that many"
			 : "Kafka can only add partitions");
		ui->prompt = PROMPT_PARTITIONS;
		ui->input[0] = '\0';
		break;
	}
	case ACT_SORT:
		ui->sort = (ui->sort + 1) % SORT_COUNT;
		eventlog_add(EVENT_INFO, "quotes sorted by %s", ui_sort_name(ui->sort));
		break;
	case ACT_FILTER:
		ui->prompt = PROMPT_FILTER;
		copy_str(ui->input, sizeof(ui->input), ui->filter);
		snprintf(ui->prompt_hint, sizeof(ui->prompt_hint), "symbols containing this text");
		break;
	case ACT_FOCUS: ui->focus = (ui->focus + 1) % FOCUS_COUNT; break;
	case ACT_UP: scroll_by(ui, -1); break;
	case ACT_DOWN: scroll_by(ui, 1); break;
	case ACT_PAGE_UP: scroll_by(ui, -page); break;
	case ACT_PAGE_DOWN: scroll_by(ui, page); break;
	case ACT_HOME: ui->scroll[ui->focus] = scrolls_from_bottom(ui) ? 1 << 20 : 0; break;
	case ACT_END: ui->scroll[ui->focus] = scrolls_from_bottom(ui) ? 0 : 1 << 20; break;
	case ACT_HELP:
		ui->help = true;
		ui->help_scroll = 0;
		break;
	case ACT_REDRAW:
		screenbuf_invalidate(&screen);
		break;
	case ACT_QUIT: ui->quit = true; break;
	case ACT_FREEZE: /* dirty: the frame on screen is drawn marked, or a fresh one */
		ui->frozen_ms = ui->frozen_ms ? 0 : ui->frame.now_ms;
		break;
	case ACT_NONE: break;
	default: act_lab(ui, a); break;
	}
}

static void handle_key(struct ui *ui, int key)
{
	if (key == KEY_RESIZE) {
		/* curses updated LINES and COLS and cleared its screen: it clears the terminal now,
		 * not at the next getch, after the next frame has drawn it all anew (and tells curses
		 * where it leaves the cursor: curses' refresh moved it) */
		refresh();
		screenbuf_invalidate(&screen);
		return;
	}
	if (ui->prompt != PROMPT_NONE) {
		prompt_key(ui, key);
		return;
	}
	if (ui->help) {
		enum action a = keys_action(key);
		if (a == ACT_DOWN || a == ACT_PAGE_DOWN || key == ' ')
			ui->help_scroll += a == ACT_DOWN ? 1 : 10;
		else if (a == ACT_UP || a == ACT_PAGE_UP)
			ui->help_scroll -= a == ACT_UP ? 1 : 10;
		else
			ui->help = false; /* any other key closes the help */
		ui->help_scroll = ui->help_scroll < 0 ? 0 : ui->help_scroll;
		return;
	}
	if (ui->dead_letter_view) {
		ui->dead_letter_view = false; /* any key closes it */
		return;
	}
	if (ui->group_view) {
		if (keys_action(key) == ACT_GROUP)
			ui_group_refresh(ui);
		else
			ui->group_view = false;
		return;
	}
	act(ui, keys_action(key));
}

/* One frame: take the pipeline's state and draw it, timed into the frame log (above); false
 * when it came out the same as the last one and nothing was drawn. */
static bool timed_frame(struct ui *ui)
{
	if (!frame_log.opened) {
		frame_log.opened = true;
		const char *path = getenv("KTICKER_FRAME_LOG");
		if (path && *path && (frame_log.log = fopen(path, "a")))
			setvbuf(frame_log.log, NULL, _IOLBF, 0); /* whole lines, even if kticker is killed */
	}
	int64_t start = frame_log.log ? thread_cpu_us() : 0;
	ui_take_frame(ui);
	if (!ui_frame_changed(ui) && !termout_resumed())
		return false; /* the same screen again on an intact terminal: nothing to send */
	frame_log.write_us = 0;
	draw(ui);
	if (frame_log.log)
		fprintf(frame_log.log, "%lld %lld\n", (long long)(thread_cpu_us() - start),
			(long long)frame_log.write_us);
	return true;
}

/* A frozen screen's look: the frozen frame drawn again if a key, a resize or a resumed
 * terminal asks for it, then a frame taken and not drawn, for what it records. */
static void frozen_look(struct ui *ui)
{
	if (ui->dirty || termout_resumed()) {
		ui->dirty = false;
		draw_frozen(ui);
	}
	ui_take_frame(ui);
}

/* When to look again after a frame that changed nothing (screenwake.h): at the clock's next
 * second (the ages shown), when the frame said the clock alone would change it (a verdict's
 * rule of time, a row's ~: turns_in_ms, -1 never) or when a timed job is due, whichever
 * comes first; never sooner than the frame rate would. */
static int64_t idle_until(int64_t now_mono, int64_t job_due, int64_t turns_in_ms, int frame_ms)
{
	/* counted from a fresh reading, not from now_mono (taken before the frame): a look that
	 * came a millisecond before the moment would find it unchanged and wait a whole frame
	 * more; turns_in_ms gets a millisecond for the two clocks' different roundings */
	int64_t at = mono_ms();
	int64_t until = at + 1000 - now_ms() % 1000;
	if (turns_in_ms >= 0 && at + turns_in_ms + 1 < until)
		until = at + turns_in_ms + 1;
	until = job_due < until ? job_due : until;
	return until > now_mono + frame_ms ? until : now_mono + frame_ms;
}

/* Every key typed so far: a paste or a key's escape sequence comes in one go. */
static void read_keys(struct ui *ui)
{
	int key;
	while ((key = getch()) != ERR) {
		handle_key(ui, key);
		ui->dirty = true;
	}
}

uint64_t ui_run(struct pipeline *p, volatile sig_atomic_t *stop, FILE *log_file, uint64_t logged_id,
		int64_t (*each_frame)(struct pipeline *p))
{
	static struct ui ui; /* large; the main thread's alone */
	ui.pipe = p;
	ui.stop = stop;
	ui.log_file = log_file;
	ui.log_file_last_id = logged_id;
	ui.frame.quotes = xcalloc(MARKET_SYMBOLS_MAX, sizeof(*ui.frame.quotes));
	ui.frame.rows = xcalloc(MARKET_SYMBOLS_MAX, sizeof(*ui.frame.rows));
	ui.frame.quote_ended = xcalloc(MARKET_SYMBOLS_MAX, sizeof(*ui.frame.quote_ended));
	ui_load_symbol_ends(&ui);
	ui.topic_generation = atomic_load(&p->control.topic_generation);
	crt_init(p->opt);
	termout_init();
	/* Ctrl-Z waits until the frame is written: ncurses' handler would otherwise stop kticker
	 * with curses told of attributes whose bytes are still in termout's buffer, and its
	 * repaint could fall between termout reading its flag and clearing it */
	screenwake_defer_signal(SIGTSTP);
	if (!screenwake_open()) /* then it takes a frame 1/fps s apart, changed or not */
		eventlog_add(EVENT_WARN, "screen: no wake-up pipe (%s)", strerror(errno));
	timeout(0); /* keys are waited for in screenwake_wait() */
	int frame_ms = 1000 / p->opt->fps;
	int64_t next_frame = 0;
	bool listening = false; /* for the workers' notifications, since before the last look */
	while (!ui.quit && !*stop) {
		int64_t now = mono_ms();
		if (now >= next_frame) {
			int64_t job_due = each_frame(p);
			if (ui.frozen_ms) {
				/* a frame a second (and at the moments of turns_in_ms) is enough for the
				 * records; the workers' news waits */
				frozen_look(&ui);
				if (listening)
					screenwake_disarm();
				listening = false;
				next_frame = idle_until(now, job_due, ui.frame.turns_in_ms, frame_ms);
			} else if (timed_frame(&ui)) {
				if (listening)
					screenwake_disarm();
				listening = false;
				next_frame = now + frame_ms;
			} else if (listening) {
				next_frame = idle_until(now, job_due, ui.frame.turns_in_ms, frame_ms);
			} else {
				/* one more look at the frame rate, listening from before it: a running
				 * feed, whose frames all change, never pays for notifications */
				screenwake_arm();
				listening = true;
				next_frame = now + frame_ms;
			}
		}
		int wait = (int)(next_frame - mono_ms());
		if (screenwake_wait(wait > 0 ? wait : 0))
			next_frame = 0; /* a worker published, or a signal came: look at once */
		read_keys(&ui);
		if (ui.dirty)
			next_frame = 0; /* show the effect of a key at once */
	}
	if (listening)
		screenwake_disarm();
	crt_done(); /* first: a Ctrl-Z held off until now stops kticker the default way */
	screenwake_undefer_signals();
	screenbuf_free(&screen);
	termout_free();
	ui_read_events(&ui);
	free(ui.frame.quotes);
	free(ui.frame.rows);
	free(ui.frame.quote_ended);
	free(ui.symbol_ends);
	return ui.log_last_id;
}
