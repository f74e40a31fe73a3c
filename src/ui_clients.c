/* ui_clients.c: one line for the producer, one for the consumer. */
#include <curses.h>

#include "crt.h"
#include "format.h"
#include "ui.h"

static void quantiles(const struct histogram *h, const struct histogram_copy *base, char *p50,
		      char *p99, size_t size)
{
	struct histogram_copy now, recent;
	histogram_copy(h, &now);
	histogram_since(base, &now, &recent);
	double a = recent.total ? (double)histogram_quantile(&recent, 0.5) / 1000.0 : -1;
	double b = recent.total ? (double)histogram_quantile(&recent, 0.99) / 1000.0 : -1;
	fmt_duration_ms(p50, size, a);
	fmt_duration_ms(p99, size, b);
}

void ui_clients_draw(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	struct counters *c = &p->counters;
	char rate[16], flight[16], p50[16], p99[16];
	uint64_t produced = counter_get(&c->produced), failed = counter_get(&c->delivery_failed);
	uint64_t done = counter_get(&c->delivered) + failed;
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, 5, RATE_SENT));
	fmt_count(flight, sizeof(flight), produced > done ? (double)(produced - done) : 0);
	quantiles(&p->delivery_latency_us, &ui->delivery_base, p50, p99, sizeof(p50));
	int x = ui_printf(y, 0, width, A_BOLD, " Producer ");
	x += ui_printf(y, x, width - x, crt_attr(CLR_NORMAL),
		       "%llu sent %s/s  in-flight %s  ack p50 %s p99 %s  ", (unsigned long long)produced,
		       rate, flight, p50, p99);
	ui_printf(y, x, width - x, crt_attr(failed ? CLR_ERROR : CLR_NORMAL), "failed %llu",
		  (unsigned long long)failed);

	uint64_t consumed = counter_get(&c->consumed), bad = counter_get(&c->undecodable);
	fmt_count(rate, sizeof(rate), lagwatch_rate(&ui->watch, 5, RATE_CONSUMED));
	quantiles(&p->end_to_end_us, &ui->e2e_base, p50, p99, sizeof(p50));
	x = ui_printf(y + 1, 0, width, A_BOLD, " Consumer ");
	x += ui_printf(y + 1, x, width - x, crt_attr(CLR_NORMAL),
		       "%llu read %s/s  e2e p50 %s p99 %s  rebalances %llu  ",
		       (unsigned long long)consumed, rate, p50, p99,
		       (unsigned long long)counter_get(&c->rebalances));
	ui_printf(y + 1, x, width - x, crt_attr(bad ? CLR_ERROR : CLR_NORMAL), "undecodable %llu",
		  (unsigned long long)bad);
}
