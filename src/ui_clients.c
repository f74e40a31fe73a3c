/* ui_clients.c: one line each for the producer, the consumer and delivery checks. */
#include <curses.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "kconf.h"
#include "sparkline.h"
#include "ui.h"

#define LATENCY_OCTAVES 13 /* 1 ms to 8 s, one column per doubling */

static void quantiles(const struct histogram_copy *recent, char *p50, char *p99, size_t size)
{
	double a = recent->total ? (double)histogram_quantile(recent, 0.5) / 1000.0 : -1;
	double b = recent->total ? (double)histogram_quantile(recent, 0.99) / 1000.0 : -1;
	fmt_duration_ms(p50, size, a);
	fmt_duration_ms(p99, size, b);
}

/* linger is 0 unless set with L or -X (SETTING_DEFAULT then means -X decides). */
static const char *tuning_text(const struct settings *set, const struct options *o, char *out,
			       size_t size)
{
	int linger = set->linger_ms, compression = set->compression;
	char l[40];
	if (linger == SETTING_DEFAULT)
		snprintf(l, sizeof(l), "%.16s ms (-X)", kconf_user_linger(o));
	else
		snprintf(l, sizeof(l), "%d ms", linger);
	snprintf(out, size, "linger %s  %s", l,
		 compression == SETTING_DEFAULT ? "uncompressed" : compression_names[compression]);
	return out;
}

static void draw_producer(struct ui *ui, int y, int width)
{
	const struct frame *f = &ui->frame;
	const struct counter_values *c = &f->counters;
	const struct histogram_copy *lat = &f->delivery_recent;
	char rate[16], flight[16], p50[16], p99[16], tuning[64];
	uint64_t produced = c->produced, failed = c->delivery_failed, retries = c->produce_retries;
	uint64_t done = c->delivered + failed;
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_SENT));
	fmt_count(flight, sizeof(flight), produced > done ? (double)(produced - done) : 0);
	quantiles(lat, p50, p99, sizeof(p50));
	int x = ui_printf(y, 0, width, A_BOLD, " Producer ");
	if (!options_has_producer(ui->pipe->opt)) {
		ui_text(y, x, width - x, crt_attr(CLR_DIM), "none in this kticker (--role)");
		return;
	}
	char sent[48], in_flight[32], acks[48], fails[32], retried[32];
	snprintf(sent, sizeof(sent), "%llu sent %s/s  ", (unsigned long long)produced, rate);
	snprintf(in_flight, sizeof(in_flight), "in-flight %s  ", flight);
	snprintf(acks, sizeof(acks), "ack p50 %s p99 %s  ", p50, p99);
	snprintf(fails, sizeof(fails), "failed %llu  ", (unsigned long long)failed);
	snprintf(retried, sizeof(retried), "retries %llu  ", (unsigned long long)retries);
	/* on a narrow screen in-flight gives way, so that failures and retries stay in view */
	bool narrow = x + strlen(sent) + strlen(in_flight) + strlen(acks) + strlen(fails) +
		      strlen(retried) - 2 > (size_t)width;
	x += ui_text(y, x, width - x, crt_attr(CLR_NORMAL), sent);
	if (!narrow)
		x += ui_text(y, x, width - x, crt_attr(CLR_NORMAL), in_flight);
	x += ui_text(y, x, width - x, crt_attr(CLR_NORMAL), acks);
	x += ui_text(y, x, width - x, crt_attr(failed ? CLR_ERROR : CLR_NORMAL), fails);
	x += ui_text(y, x, width - x, crt_attr(retries ? CLR_WARN : CLR_NORMAL), retried);
	/* the delivery-latency histogram, 1 ms .. 8 s */
	double octaves[LATENCY_OCTAVES];
	char spark[LATENCY_OCTAVES * 4 + 1];
	histogram_octaves(lat, 10, LATENCY_OCTAVES, octaves);
	x += ui_printf(y, x, width - x, crt_attr(CLR_DIM), "1ms");
	x += ui_text(y, x, width - x, crt_attr(CLR_GOOD),
		     sparkline_text(octaves, LATENCY_OCTAVES, LATENCY_OCTAVES, crt.utf8, spark, sizeof(spark)));
	ui_printf(y, x, width - x, crt_attr(CLR_DIM), "8s  %s", tuning_text(&f->settings, ui->pipe->opt, tuning, sizeof(tuning)));
}

static void draw_consumer(struct ui *ui, int y, int width)
{
	const struct counter_values *c = &ui->frame.counters;
	char rate[16], p50[16], p99[16];
	uint64_t consumed = c->consumed, bad = c->undecodable;
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_CONSUMED));
	quantiles(&ui->frame.e2e_recent, p50, p99, sizeof(p50));
	int x = ui_printf(y, 0, width, A_BOLD, " Consumer ");
	if (!options_has_consumer(ui->pipe->opt)) {
		ui_text(y, x, width - x, crt_attr(CLR_DIM), "none in this kticker (--role)");
		return;
	}
	x += ui_printf(y, x, width - x, crt_attr(CLR_NORMAL),
		       "%llu read %s/s  e2e p50 %s p99 %s  rebalances %llu  ",
		       (unsigned long long)consumed, rate, p50, p99,
		       (unsigned long long)c->rebalances);
	ui_printf(y, x, width - x, crt_attr(bad ? CLR_ERROR : CLR_NORMAL), "undecodable %llu (dlq %llu)",
		  (unsigned long long)bad, (unsigned long long)c->dead_letters);
}

/* Late ticks, and in how many places they broke the order: "late 100 (1 break)". */
static int draw_late(int y, int x, int width, uint64_t late, uint64_t breaks)
{
	if (!late)
		return ui_printf(y, x, width, crt_attr(CLR_GOOD), "late 0  ");
	return ui_printf(y, x, width, crt_attr(CLR_WARN), "late %llu (%llu break%s)  ",
			 (unsigned long long)late, (unsigned long long)breaks, breaks == 1 ? "" : "s");
}

/* What the sequence numbers say about delivery, and the settings that decide it. Counts that
 * are only there after something went wrong show only then, so the line fits 80 columns. */
static void draw_delivery(struct ui *ui, int y, int width)
{
	const struct counter_values *c = &ui->frame.counters;
	const struct settings *set = &ui->frame.settings;
	int64_t skipped = 0;
	for (int i = 0; i < ui->frame.part_count; i++)
		skipped += ui->frame.parts[i].skipped;
	uint64_t gaps = c->gaps, dups = c->duplicates;
	int throttle = set->throttle;
	char limit[24];
	snprintf(limit, sizeof(limit), "%d/s", throttle);
	int x = ui_printf(y, 0, width, A_BOLD, " Delivery ");
	x += ui_printf(y, x, width - x, crt_attr(gaps ? CLR_ERROR : CLR_GOOD), "gaps %llu",
		       (unsigned long long)gaps);
	/* gaps count missing sequence numbers, whatever lost them; this, the offsets retention
	 * deleted before they were read: beside the gaps it explains, within 80 columns */
	if (skipped)
		x += ui_printf(y, x, width - x, crt_attr(CLR_WARN), " (%lld deleted unread by retention)",
			       (long long)skipped);
	x += ui_printf(y, x, width - x, crt_attr(dups ? CLR_WARN : CLR_GOOD), "  duplicates %llu  ",
		       (unsigned long long)dups);
	x += draw_late(y, x, width - x, c->reordered, c->order_breaks);
	uint64_t rereads = c->rereads;
	if (rereads) /* a commit at revoke failed: the next owner reads these again */
		x += ui_printf(y, x, width - x, crt_attr(CLR_WARN), "re-read %llu  ",
			       (unsigned long long)rereads);
	ui_printf(y, x, width - x, crt_attr(CLR_NORMAL), "commit %s  throttle %s",
		  commit_mode_names[set->commit_mode], throttle ? limit : "off");
}

void ui_clients_draw(struct ui *ui, int y, int width)
{
	draw_producer(ui, y, width);
	draw_consumer(ui, y + 1, width);
	draw_delivery(ui, y + 2, width);
}
