/* ui.h: the interactive screen. The main thread alone runs it: it reads snapshots of the
 * pipeline at a fixed frame rate, draws the panels (ui_*.c, one per panel) and turns keys
 * into actions (keys.c). */
#ifndef KTICKER_UI_H
#define KTICKER_UI_H

#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "eventlog.h"
#include "group.h"
#include "health.h"
#include "lag.h"
#include "lagwatch.h"
#include "market.h"
#include "pipeline.h"
#include "screenbuf.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24
#define UI_LOG_KEEP 200
#define LATENCY_WINDOW_MS 5000
#define RATE_WINDOW_S 1 /* rates over the last second: nothing arriving reads 0 at once */
#define LATENCY_FIRST_OCTAVE 10 /* the latency histogram's first column: 2^10 us, about 1 ms */
#define LATENCY_OCTAVES 13      /* 1 ms to 8 s, one column per doubling */

enum focus { FOCUS_QUOTES, FOCUS_PARTITIONS, FOCUS_LOG, FOCUS_COUNT };
enum prompt { PROMPT_NONE, PROMPT_TOPIC, PROMPT_PARTITIONS, PROMPT_FILTER, PROMPT_COMMAND };
enum sort_column { SORT_SYMBOL, SORT_LAST, SORT_CHANGE, SORT_PCT, SORT_VOLUME, SORT_TICKS,
		   SORT_COUNT };

/* The pipeline's counters as plain values, copied at once. */
struct counter_values {
	uint64_t produced, delivered, delivery_failed, produce_retries;
	int32_t producing_date;
	bool producer_done;
	uint64_t consumed, enriched, undecodable, dead_letters, gaps, deleted_unread, duplicates, reordered, order_breaks;
	uint64_t rebalances, rereads;
	bool consumer_assigned;
	int consumer_state;
	int64_t consumer_started_ms, consumer_alive_ms, last_commit_ms, commit_answered_ms;
	int64_t consumer_joining_ms;
	bool fetch_resting;
};

/* The live settings (control.h) as one frame shows them. */
struct settings {
	bool paused, idempotence;
	int delay_ms, acks, linger_ms, commit_mode, throttle, partitions;
	int built_compression; /* the producer client's codec; -1: no client yet */
	int built_acks, built_idempotence; /* the producer client's; -1: no client yet */
};

/* The last date a symbol trades in the data. */
struct symbol_end {
	char symbol[TICK_SYMBOL_MAX];
	int32_t last_date;
};

struct row_time_lag {
	enum timelag_result result;
	int64_t age_ms;
};

/* One frame's copy of everything drawn, taken at once (ui_frame.c) so panels agree with
 * each other: panels read this, never the live pipeline. */
struct frame {
	int64_t now_ms;
	struct quote *quotes;  /* as the market holds them, quote_total of them */
	uint64_t quotes_seen;  /* the market's changes count they were copied at (market.h) */
	/* by row: the quotes shown, filtered and sorted (pointers into quotes: sorting the
	 * ~700-byte records themselves moved ~35 kB a frame at 50 symbols) */
	const struct quote **rows;
	bool *quote_ended;     /* by row: the symbol's data ended before the date produced now */
	size_t quote_count, quote_total;
	int32_t latest_date;
	struct partition_offsets parts[PARTITIONS_MAX];
	int part_count;
	/* the topic's partitions: the control worker's count (read every 2 s), or the rows' when
	 * they know more (the offset watcher reads the count every second, the consumer holds what
	 * it was given): "9 assigned of 6" said the two counts' difference, not the topic's */
	int topic_partitions;
	struct lag_totals totals;
	char topic[TOPIC_NAME_MAX + 1];
	const struct offsetwatch_view *view; /* the cluster's answers behind parts */
	int32_t leaders[PARTITIONS_MAX];      /* by row */
	unsigned isr[PARTITIONS_MAX];         /* by row: control.isr's bits */
	int32_t epochs[PARTITIONS_MAX];       /* by row: leader epochs, WIREMETA_NO_EPOCH unknown */
	/* leaders, isr and epochs are of a metadata answer older than OFFSETWATCH_STALE_MS: no
	 * broker has said who leads since (one answer tells every partition) */
	bool leadership_stale;
	int64_t leadership_stale_at_ms; /* wall clock they turn stale with no newer answer; 0: never */
	struct row_time_lag time_lags[PARTITIONS_MAX]; /* by row */
	struct counter_values counters;
	struct settings settings;
	struct histogram_copy delivery_recent, e2e_recent; /* latencies of the last 5 to 10 s */
	/* of the acknowledgements in delivery_recent and the ticks still waiting, at their wait
	 * so far (ackwatch_quantiles) */
	struct quantile delivery_p50, delivery_p99;
	/* the same by octave of latency, 1 ms to 8 s, for the Producer line's histogram */
	double delivery_octaves[LATENCY_OCTAVES];
	double payload_rate;   /* payload bytes/s handed to the producer, over the last second */
	double wire_ratio;     /* payload bytes acknowledged per byte of Produce requests, since the
				* producer client in use was built; <= 0: unknown */
	struct health health;
	/* how long until the clock alone changes what this frame shows beyond its ages (a
	 * verdict's rule of time, a row's ~); -1: never. Not in the frame's key: ui.c looks again
	 * then rather than at its next second */
	int64_t turns_in_ms;
};

struct ui {
	struct pipeline *pipe;
	volatile sig_atomic_t *stop;
	bool quit;
	enum focus focus;
	enum sort_column sort;
	char filter[TICK_SYMBOL_MAX];
	int scroll[FOCUS_COUNT];
	int page[FOCUS_COUNT];      /* rows visible in each panel at the last draw */
	bool help;
	int help_scroll;
	bool log_view;              /* the log view replaces the quote table */
	bool enriched_view;         /* the quote table shows the transform's figures */
	bool group_view;            /* the group overlay is open */
	bool dead_letter_view;      /* the dead-letter overlay is open */
	bool group_known;           /* group holds the coordinator's answer; else group_error says why */
	struct group_info group;
	int64_t group_described_ms; /* when the coordinator described group (wall clock) */
	char group_error[256];
	char own_member_id[LAGBOARD_MEMBER_MAX]; /* this kticker's consumer, as of the description shown */
	enum prompt prompt;
	char input[TOPIC_NAME_MAX + 1];
	size_t command_kept; /* Ctrl-U keeps input's first command_kept bytes: a key's command */
	char prompt_hint[512];
	struct lagwatch watch;
	struct health_window health_window;
	int64_t next_sample_ms;
	uint64_t bytes_last; /* produced_bytes at the last second's sample */
	bool bytes_sampled;
	unsigned topic_generation;
	struct event log[UI_LOG_KEEP];
	int log_repeats[UI_LOG_KEEP]; /* identical consecutive events folded into log[i] */
	int log_count;
	uint64_t log_last_id;
	FILE *log_file;
	uint64_t log_file_last_id; /* events up to it are in log_file (told before the screen) */
	struct frame frame;
	uint64_t drawn_key;         /* of the last frame drawn (ui_frame_changed) */
	bool dirty;                 /* a key, a resize or an answer: draw the next frame */
	/* Z: the wall-clock time of the frame the screen is frozen on (0: not frozen). Frames go
	 * on being taken, for what they record (event log, --log, samples, health verdicts), but
	 * not drawn: the screen shows the frozen one, marked, until Z again */
	int64_t frozen_ms;
	struct symbol_end *symbol_ends; /* the feed's last date of each symbol, by symbol */
	size_t symbol_end_count;
	/* latency quantiles are over what arrived since the base copies; every window the
	 * next copies become the base */
	int64_t latency_base_ms;
	struct histogram_copy delivery_base, e2e_base, delivery_next, e2e_next;
};

/* Takes the frame every panel then draws from (ui_frame.c). */
void ui_take_frame(struct ui *ui);
/* Whether the frame just taken would draw anything new since the last one drawn. */
bool ui_frame_changed(struct ui *ui);
/* Learns each symbol's last date from the feed, before the first frame (ui_frame.c). */
void ui_load_symbol_ends(struct ui *ui);
/* Moves new events into the screen's log (and --log); the frame does it too. */
void ui_read_events(struct ui *ui);

/* Runs the screen until q, F10 or *stop, calling each_frame before each frame's look at the
 * state; each_frame returns the monotonic ms when it next has work due (INT64_MAX: none), which
 * bounds the screen's sleep while nothing changes (screenwake.h). The screen's log shows every
 * event; log_file gets those after logged_id (the ones before are in it already). Returns when
 * the terminal is restored, with the id of the last event it showed (and wrote to log_file). */
uint64_t ui_run(struct pipeline *p, volatile sig_atomic_t *stop, FILE *log_file, uint64_t logged_id,
		int64_t (*each_frame)(struct pipeline *p));

/* Shared drawing helpers (ui.c). The text ones return the columns written. */
int ui_text(int y, int x, int width, int attr, const char *text);
/* A sparkline of n levels (sparkline_levels) in at most width columns. */
void ui_sparkline(int y, int x, int width, int attr, const int *levels, int n);
/* The columns a UTF-8 text takes, a column a character. */
int ui_text_cols(const char *text);
int ui_printf(int y, int x, int width, int attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void ui_fill(int y, int x, int width, int attr);
/* A panel's rows as drawn, each kept at its place in the panel with the inputs (key) it was
 * drawn from, so that a row whose inputs did not change is put back rather than drawn again
 * (ui.c). The key is every input of the row, time too where the row shows an age: a kept
 * row is shown only for the same key. */
struct ui_row_memo {
	size_t key_size;            /* set by the panel; keys are compared bytewise, padding too */
	int count;                  /* places kept so far */
	unsigned char *keys;        /* count x key_size */
	struct screenbuf_row *rows; /* count */
};
/* Whether the row kept at place was drawn from key: then it is put back as row y. */
bool ui_memo_put(struct ui_row_memo *m, int place, int y, const void *key);
/* Keeps row y, just drawn from key, at place. */
void ui_memo_keep(struct ui_row_memo *m, int place, int y, const void *key);
/* The reversed box an overlay (help, group, dead letters) is drawn in. */
void ui_box(int top, int left, int width, int height);
/* A panel title bar; highlighted when focused. */
void ui_title(int y, int width, bool focused, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A line of parts (ui_line.c): where they do not all fit, the least important parts go
 * whole (priority 0 first), then parts with a brief form take it; UI_LINE_MUST parts stay. */
#define UI_LINE_PARTS 24
#define UI_LINE_MUST 3
struct ui_line {
	struct ui_line_part {
		int priority, attr;
		char text[200]; /* a health reason whole */
		char brief[64]; /* a shorter text for the same part, used first when narrow */
	} parts[UI_LINE_PARTS];
	int count;
};
/* An empty line. Its parts are written as they are added, not zeroed first: 6 kB a line, five
 * lines a frame. */
void ui_line_start(struct ui_line *l);
void ui_line_add(struct ui_line *l, int priority, int attr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Gives the part added last a shorter form, for when dropping optional parts is not enough. */
void ui_line_brief(struct ui_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Draws from column x; returns the columns written. */
int ui_line_draw(const struct ui_line *l, int y, int x, int width);

/* Panels: each draws into rows [y, y + height). */
void ui_header_draw(struct ui *ui, int y, int width);
void ui_quotes_draw(struct ui *ui, int y, int height, int width);
void ui_partitions_draw(struct ui *ui, int y, int height, int width);
void ui_clients_draw(struct ui *ui, int y, int width);
void ui_eventlog_draw(struct ui *ui, int y, int height, int width);
void ui_help_draw(struct ui *ui, int rows, int cols);
void ui_logview_draw(struct ui *ui, int y, int height, int width);
void ui_group_draw(struct ui *ui, int rows, int cols);
void ui_deadletters_draw(struct ui *ui, int rows, int cols);
/* Asks the lookup worker for the group's members; the overlay shows them when they come. */
void ui_group_refresh(struct ui *ui);
void ui_footer_draw(struct ui *ui, int y, int width);
/* Quotes: sorting and filtering of the frame (ui_quotes.c). */
void ui_quotes_prepare(struct ui *ui);
const char *ui_sort_name(enum sort_column s);

#endif
