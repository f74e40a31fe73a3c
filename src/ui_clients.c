/* ui_clients.c: one line each for the producer, the consumer and delivery checks. */
#include <curses.h>

#include "crt.h"
#include "format.h"
#include "kconf.h"
#include "sparkline.h"
#include "ui.h"

#define LATENCY_OCTAVES 13 /* 1 ms to 8 s, one column per doubling */

static void recent(const struct histogram *h, const struct histogram_copy *base,
		   struct histogram_copy *out)
{
	struct histogram_copy now;
	histogram_copy(h, &now);
	histogram_since(base, &now, out);
}

static void quantiles(const struct histogram_copy *recent, char *p50, char *p99, size_t size)
{
	double a = recent->total ? (double)histogram_quantile(recent, 0.5) / 1000.0 : -1;
	double b = recent->total ? (double)histogram_quantile(recent, 0.99) / 1000.0 : -1;
	fmt_duration_ms(p50, size, a);
	fmt_duration_ms(p99, size, b);
}

/* linger is 0 unless set with L or -X (SETTING_DEFAULT then means -X decides). */
static const char *tuning_text(const struct pipeline *p, char *out, size_t size)
{
	const struct control *ctl = &p->control;
	int linger = atomic_load(&ctl->linger_ms), compression = atomic_load(&ctl->compression);
	char l[40];
	if (linger == SETTING_DEFAULT)
		snprintf(l, sizeof(l), "%.16s ms (-X)", kconf_user_linger(p->opt));
	else
		snprintf(l, sizeof(l), "%d ms", linger);
	snprintf(out, size, "linger %s  %s", l,
		 compression == SETTING_DEFAULT ? "uncompressed" : compression_names[compression]);
	return out;
}

static void draw_producer(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	struct counters *c = &p->counters;
	char rate[16], flight[16], p50[16], p99[16], tuning[64];
	uint64_t produced = counter_get(&c->produced), failed = counter_get(&c->delivery_failed);
	uint64_t done = counter_get(&c->delivered) + failed;
	struct histogram_copy lat;
	recent(&p->delivery_latency_us, &ui->delivery_base, &lat);
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, 5, RATE_SENT));
	fmt_count(flight, sizeof(flight), produced > done ? (double)(produced - done) : 0);
	quantiles(&lat, p50, p99, sizeof(p50));
	int x = ui_printf(y, 0, width, A_BOLD, " Producer ");
	if (!options_has_producer(p->opt)) {
		ui_text(y, x, width - x, crt_attr(CLR_DIM), "none in this kticker (--role)");
		return;
	}
	x += ui_printf(y, x, width - x, crt_attr(CLR_NORMAL), "%llu sent %s/s  in-flight %s  ack p50 %s p99 %s  ",
		       (unsigned long long)produced, rate, flight, p50, p99);
	x += ui_printf(y, x, width - x, crt_attr(failed ? CLR_ERROR : CLR_NORMAL), "failed %llu  ",
		       (unsigned long long)failed);
	/* the delivery-latency histogram, 1 ms .. 8 s */
	double octaves[LATENCY_OCTAVES];
	char spark[LATENCY_OCTAVES * 4 + 1];
	histogram_octaves(&lat, 10, LATENCY_OCTAVES, octaves);
	x += ui_printf(y, x, width - x, crt_attr(CLR_DIM), "1ms");
	x += ui_text(y, x, width - x, crt_attr(CLR_GOOD),
		     sparkline_text(octaves, LATENCY_OCTAVES, LATENCY_OCTAVES, crt.utf8, spark, sizeof(spark)));
	ui_printf(y, x, width - x, crt_attr(CLR_DIM), "8s  %s", tuning_text(p, tuning, sizeof(tuning)));
}

static void draw_consumer(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	struct counters *c = &p->counters;
	char rate[16], p50[16], p99[16];
	uint64_t consumed = counter_get(&c->consumed), bad = counter_get(&c->undecodable);
	struct histogram_copy e2e;
	recent(&p->end_to_end_us, &ui->e2e_base, &e2e);
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, 5, RATE_CONSUMED));
	quantiles(&e2e, p50, p99, sizeof(p50));
	int x = ui_printf(y, 0, width, A_BOLD, " Consumer ");
	if (!options_has_consumer(p->opt)) {
		ui_text(y, x, width - x, crt_attr(CLR_DIM), "none in this kticker (--role)");
		return;
	}
	x += ui_printf(y, x, width - x, crt_attr(CLR_NORMAL),
		       "%llu read %s/s  e2e p50 %s p99 %s  rebalances %llu  ",
		       (unsigned long long)consumed, rate, p50, p99,
		       (unsigned long long)counter_get(&c->rebalances));
	ui_printf(y, x, width - x, crt_attr(bad ? CLR_ERROR : CLR_NORMAL), "undecodable %llu (dlq %llu)",
		  (unsigned long long)bad, (unsigned long long)counter_get(&c->dead_letters));
}

/* What the sequence numbers say about delivery, and the settings that decide it. */
static void draw_delivery(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	struct counters *c = &p->counters;
	const struct control *ctl = &p->control;
	int64_t skipped = 0;
	for (int i = 0; i < ui->frame.part_count; i++)
		skipped += ui->frame.parts[i].skipped;
	uint64_t gaps = counter_get(&c->gaps), dups = counter_get(&c->duplicates);
	int throttle = atomic_load(&ctl->throttle);
	char limit[24];
	snprintf(limit, sizeof(limit), "%d/s", throttle);
	int x = ui_printf(y, 0, width, A_BOLD, " Delivery ");
	x += ui_printf(y, x, width - x, crt_attr(gaps ? CLR_ERROR : CLR_GOOD), "gaps %llu  ",
		       (unsigned long long)gaps);
	x += ui_printf(y, x, width - x, crt_attr(dups ? CLR_WARN : CLR_GOOD), "duplicates %llu  ",
		       (unsigned long long)dups);
	ui_printf(y, x, width - x, crt_attr(CLR_NORMAL),
		  "reordered %llu  deleted unread %lld  commit %s  throttle %s",
		  (unsigned long long)counter_get(&c->reordered), (long long)skipped,
		  commit_mode_names[atomic_load(&ctl->commit_mode)], throttle ? limit : "off");
}

void ui_clients_draw(struct ui *ui, int y, int width)
{
	draw_producer(ui, y, width);
	draw_consumer(ui, y + 1, width);
	draw_delivery(ui, y + 2, width);
}
