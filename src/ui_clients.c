/* ui_clients.c: one line each for the producer, the consumer and delivery checks. */
#include <curses.h>
#include <stdio.h>

#include "crt.h"
#include "format.h"
#include "kconf.h"
#include "numtext.h"
#include "sparkline.h"
#include "ui.h"

static void quantiles(const struct histogram_copy *recent, char *p50, char *p99, size_t size)
{
	double a = recent->total ? (double)histogram_quantile(recent, 0.5) / 1000.0 : -1;
	double b = recent->total ? (double)histogram_quantile(recent, 0.99) / 1000.0 : -1;
	fmt_duration_ms(p50, size, a);
	fmt_duration_ms(p99, size, b);
}

/* A delivery-latency quantile: ">40.1s" where ticks still waiting decide it (the time they
 * have waited so far: it is at least that), "-" without a sample. */
static void quantile_text(char *out, size_t size, struct quantile q)
{
	char duration[16];
	if (q.at_least)
		fmt_duration_at_least(duration, sizeof(duration), q.us);
	else
		fmt_duration_ms(duration, sizeof(duration), q.us < 0 ? -1 : (double)q.us / 1000.0);
	snprintf(out, size, "%s%s", q.at_least ? ">" : "", duration);
}

/* Exact below a million, so tests and eyes can compare; abbreviated above, to fit 80 columns. */
static const char *count_text(char *out, size_t size, uint64_t n)
{
	if (n < 1000000)
		numtext_int(out, size, (int64_t)n);
	else
		fmt_count(out, size, (double)n);
	return out;
}

/* Payload bytes/s handed to the producer, the codec of its client in use, and what compression
 * gained since that client was built: the payload of the messages acknowledged per byte of
 * the Produce requests sent, request framing and requests sent again included ("13kB/s lz4
 * 2.9x"; never above 1 with none). The codec is the client's own, as the ratio is: a new
 * choice shows once the old client is flushed. */
static void add_bytes(struct ui_line *l, const struct frame *f)
{
	int compression = f->settings.built_compression;
	const char *codec = compression < 0 ? "-" : compression_names[compression];
	char bytes[16];
	fmt_count(bytes, sizeof(bytes), f->payload_rate);
	if (f->wire_ratio > 0) {
		/* "%.1f" through numtext: the line's format then stays one numtext_vformat does
		 * itself; through vsnprintf's float conversion it was ~2 % of a frame's time */
		char ratio[sizeof(l->parts[0].text)]; /* cut where the part would cut it */
		numtext_fixed(ratio, sizeof(ratio), f->wire_ratio, 1, false);
		ui_line_add(l, 2, crt_attr(CLR_NORMAL), "%sB/s %s %sx  ", bytes, codec, ratio);
	} else
		ui_line_add(l, 2, crt_attr(CLR_NORMAL), "%sB/s %s  ", bytes, codec);
}

/* linger is 0 unless set with L, -X or the config file (SETTING_DEFAULT then means -X or the
 * file decides, and the line says which). */
static void add_linger(struct ui_line *l, const struct settings *set, const struct options *o)
{
	if (set->linger_ms == SETTING_DEFAULT)
		ui_line_add(l, 0, crt_attr(CLR_NORMAL), "linger %.16s ms (%s)", kconf_user_linger(o),
			    kconf_user_linger_source(o));
	else
		ui_line_add(l, 0, crt_attr(CLR_NORMAL), "linger %d ms", set->linger_ms);
}

static void draw_producer(struct ui *ui, int y, int width)
{
	const struct frame *f = &ui->frame;
	const struct counter_values *c = &f->counters;
	int x = ui_printf(y, 0, width, A_BOLD, " Producer ");
	if (!options_has_producer(ui->pipe->opt)) {
		ui_text(y, x, width - x, crt_attr(CLR_DIM), "none in this kticker (--role)");
		return;
	}
	char rate[16], acked[16], flight[16], p50[24], p99[24], n[16];
	uint64_t failed = c->delivery_failed, retries = c->produce_retries;
	uint64_t done = c->delivered + failed;
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_SENT));
	/* sent is the hand-over to librdkafka: it goes on while a hung broker acknowledges nothing */
	double acked_rate = lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_ACKED);
	fmt_count(acked, sizeof(acked), acked_rate);
	fmt_count(flight, sizeof(flight), c->produced > done ? (double)(c->produced - done) : 0);
	quantile_text(p50, sizeof(p50), f->delivery_p50);
	quantile_text(p99, sizeof(p99), f->delivery_p99);
	int normal = crt_attr(CLR_NORMAL);
	struct ui_line l;
	ui_line_start(&l);
	ui_line_add(&l, UI_LINE_MUST, normal, "%s sent %s/s ", count_text(n, sizeof(n), c->produced), rate);
	/* where there is room; always when ticks are in flight and none was acknowledged */
	bool none_acked = c->produced > done && acked_rate <= 0;
	ui_line_add(&l, none_acked ? UI_LINE_MUST : 0, crt_attr(none_acked ? CLR_WARN : CLR_NORMAL),
		    "acked %s/s  ", acked);
	add_bytes(&l, f);
	ui_line_add(&l, 0, normal, "in-flight %s  ", flight);
	ui_line_add(&l, UI_LINE_MUST, normal, "ack p50 %s p99 %s  ", p50, p99);
	ui_line_add(&l, UI_LINE_MUST, crt_attr(failed ? CLR_ERROR : CLR_NORMAL), "failed %s  ",
		    count_text(n, sizeof(n), failed));
	ui_line_add(&l, 1, crt_attr(retries ? CLR_WARN : CLR_NORMAL), "retries %s  ",
		    count_text(n, sizeof(n), retries));
	/* the delivery-latency histogram, 1 ms .. 8 s, the ticks still waiting in it */
	char spark[LATENCY_OCTAVES * 4 + 1];
	ui_line_add(&l, 0, crt_attr(CLR_DIM), "1ms");
	ui_line_add(&l, 0, crt_attr(CLR_GOOD), "%s",
		    sparkline_text(f->delivery_octaves, LATENCY_OCTAVES, LATENCY_OCTAVES, crt.utf8, spark,
				   sizeof(spark)));
	ui_line_add(&l, 0, crt_attr(CLR_DIM), "8s  ");
	add_linger(&l, &f->settings, ui->pipe->opt);
	ui_line_draw(&l, y, x, width - x);
}

static void draw_consumer(struct ui *ui, int y, int width)
{
	const struct counter_values *c = &ui->frame.counters;
	int x = ui_printf(y, 0, width, A_BOLD, " Consumer ");
	if (!options_has_consumer(ui->pipe->opt)) {
		ui_text(y, x, width - x, crt_attr(CLR_DIM), "none in this kticker (--role)");
		return;
	}
	char rate[16], p50[16], p99[16], n[16], dlq[16];
	uint64_t bad = c->undecodable;
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_CONSUMED));
	quantiles(&ui->frame.e2e_recent, p50, p99, sizeof(p50));
	int normal = crt_attr(CLR_NORMAL);
	struct ui_line l;
	ui_line_start(&l);
	ui_line_add(&l, UI_LINE_MUST, normal, "%s read %s/s  ", count_text(n, sizeof(n), c->consumed), rate);
	ui_line_add(&l, UI_LINE_MUST, normal, "e2e p50 %s p99 %s  ", p50, p99);
	ui_line_add(&l, 1, normal, "rebalances %s  ", count_text(n, sizeof(n), c->rebalances));
	if (c->fetch_resting) /* its partitions paused: lag comes from the offset watcher */
		ui_line_add(&l, UI_LINE_MUST, crt_attr(CLR_DIM), "fetch resting  ");
	ui_line_add(&l, UI_LINE_MUST, crt_attr(bad ? CLR_ERROR : CLR_NORMAL), "undecodable %s (dlq %s)",
		    count_text(n, sizeof(n), bad), count_text(dlq, sizeof(dlq), c->dead_letters));
	ui_line_brief(&l, "undec. %s dlq %s", n, dlq);
	ui_line_draw(&l, y, x, width - x);
}

/* Late ticks, and in how many places they broke the order: "late 100 (1 break)". */
static void add_late(struct ui_line *l, uint64_t late, uint64_t breaks)
{
	char n[16], b[16];
	if (!late)
		ui_line_add(l, UI_LINE_MUST, crt_attr(CLR_GOOD), "late 0  ");
	else {
		ui_line_add(l, UI_LINE_MUST, crt_attr(CLR_WARN), "late %s (%s break%s)  ",
			    count_text(n, sizeof(n), late), count_text(b, sizeof(b), breaks),
			    breaks == 1 ? "" : "s");
		ui_line_brief(l, "late %s/%s  ", n, b);
	}
}

/* What the sequence numbers say about delivery, and the settings that decide it. Counts that
 * are only there after something went wrong show only then, so the line fits 80 columns. */
static void draw_delivery(struct ui *ui, int y, int width)
{
	const struct counter_values *c = &ui->frame.counters;
	const struct settings *set = &ui->frame.settings;
	/* both over every topic this kticker read: the partition rows' "deleted unread" are the
	 * current topic's */
	uint64_t skipped = c->deleted_unread;
	uint64_t gaps = c->gaps, dups = c->duplicates;
	char n[16], limit[24];
	snprintf(limit, sizeof(limit), "%d/s", set->throttle);
	int x = ui_printf(y, 0, width, A_BOLD, " Delivery ");
	struct ui_line l;
	ui_line_start(&l);
	ui_line_add(&l, UI_LINE_MUST, crt_attr(gaps ? CLR_ERROR : CLR_GOOD), "gaps %s",
		    count_text(n, sizeof(n), gaps));
	/* gaps count missing sequence numbers, whatever lost them; this, the offsets retention
	 * deleted before they were read: beside the gaps it explains */
	if (skipped) {
		ui_line_add(&l, UI_LINE_MUST, crt_attr(CLR_WARN), " (%s deleted unread by retention)",
			    count_text(n, sizeof(n), skipped));
		ui_line_brief(&l, " (%s deleted unread)", n);
	}
	ui_line_add(&l, UI_LINE_MUST, crt_attr(dups ? CLR_WARN : CLR_GOOD), "  duplicates %s  ",
		    count_text(n, sizeof(n), dups));
	ui_line_brief(&l, "  dups %s  ", n);
	add_late(&l, c->reordered, c->order_breaks);
	if (c->rereads) /* a commit at revoke failed: the next owner reads these again */
		ui_line_add(&l, 2, crt_attr(CLR_WARN), "re-read %s  ", count_text(n, sizeof(n), c->rereads));
	ui_line_add(&l, 1, crt_attr(CLR_NORMAL), "commit %s  ", commit_mode_names[set->commit_mode]);
	ui_line_add(&l, 1, crt_attr(CLR_NORMAL), "throttle %s", set->throttle ? limit : "off");
	ui_line_draw(&l, y, x, width - x);
}

void ui_clients_draw(struct ui *ui, int y, int width)
{
	draw_producer(ui, y, width);
	draw_consumer(ui, y + 1, width);
	draw_delivery(ui, y + 2, width);
}
