/* headless.c: status lines and the final summary, printed without a screen. */
#include "headless.h"

#include <inttypes.h>

#include "date.h"
#include "format.h"
#include "util.h"

void status_clock_start(struct status_clock *s)
{
	s->start_ms = s->last_ms = mono_ms();
	s->last_produced = s->last_consumed = 0;
}

/* Lag as the screen would show it: the cluster's offsets merged with this member's. */
static void current_lag(struct pipeline *p, struct lag_totals *totals)
{
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(&p->control, topic);
	offsetwatch_totals(&p->offsets, &p->lag, topic, atomic_load(&p->counters.consumer_assigned),
			   now_ms(), totals);
}

void status_print(FILE *out, struct pipeline *p, struct status_clock *s)
{
	struct counters *c = &p->counters;
	int64_t now = mono_ms();
	double seconds = (double)(now - s->last_ms) / 1000.0;
	uint64_t produced = counter_get(&c->produced), consumed = counter_get(&c->consumed);
	struct lag_totals lag;
	current_lag(p, &lag);
	char behind[24] = "-"; /* what this member has not read: unknown while it holds nothing */
	if (lag.assigned) /* with the screen's ~ when the cluster's readings are old */
		snprintf(behind, sizeof(behind), "%s%" PRId64, lag.position_stale ? "~" : "", lag.position_lag);
	char date[DATE_TEXT_LEN] = "-";
	int32_t d = atomic_load_explicit(&c->producing_date, memory_order_relaxed);
	if (d)
		date_format(d, date);
	fprintf(out,
		"[%5.1fs] %s produced %" PRIu64 " (%.0f/s) delivered %" PRIu64 " failed %" PRIu64
		" | consumed %" PRIu64 " (%.0f/s) lag %s undecodable %" PRIu64 "\n",
		(double)(now - s->start_ms) / 1000.0, date, produced,
		seconds > 0 ? (double)(produced - s->last_produced) / seconds : 0.0,
		counter_get(&c->delivered), counter_get(&c->delivery_failed), consumed,
		seconds > 0 ? (double)(consumed - s->last_consumed) / seconds : 0.0,
		behind, counter_get(&c->undecodable));
	fflush(out);
	s->last_ms = now;
	s->last_produced = produced;
	s->last_consumed = consumed;
}

/* The quantile as the screen shows it: the histogram's buckets are 1/32 of a power of two
 * wide, so more digits would be false precision ("8388.6 ms" for a bucket's top). */
/* "-" when nothing was measured (a producer alone has no end-to-end latency), not 0us. */
static const char *quantile_text(const struct histogram *h, double q, char *out, size_t size)
{
	struct histogram_copy copy;
	histogram_copy(h, &copy);
	fmt_duration_ms(out, size, copy.total ? (double)histogram_quantile(&copy, q) / 1000.0 : -1);
	return out;
}

/* The fixed cost of the run, apart from its throughput: what the main thread paid before
 * the first tick, and the group join the consumer waited for (the producer waits for it too). */
static void print_startup(FILE *out, struct pipeline *p)
{
	const struct counters *c = &p->counters;
	char data[16], cluster[16], join[16];
	fmt_duration_ms(data, sizeof(data), (double)p->startup.data_us / 1000.0);
	fmt_duration_ms(cluster, sizeof(cluster), (double)p->startup.cluster_us / 1000.0);
	fprintf(out, "summary: start-up: data loaded in %s, cluster and topic in %s", data, cluster);
	int64_t started = atomic_load(&c->consumer_started_ms);
	int64_t assigned = atomic_load(&c->consumer_first_assigned_ms);
	if (started && assigned) {
		fmt_duration_ms(join, sizeof(join), (double)(assigned - started));
		fprintf(out, ", first partition assignment %s after the consumer started", join);
	}
	fputc('\n', out);
}

void summary_print(FILE *out, struct pipeline *p)
{
	struct counters *c = &p->counters;
	struct lag_totals lag;
	current_lag(p, &lag);
	/* a figure from old readings (the cluster gave none at exit) says so, as the status lines
	 * and the screen do: ~ */
	char committed_lag[24] = "-", position_lag[24]; /* "-": nothing committed, as kafka-consumer-groups */
	if (lag.committed_rows)
		snprintf(committed_lag, sizeof(committed_lag), "%s%" PRId64, lag.stale ? "~" : "",
			 lag.committed_lag);
	snprintf(position_lag, sizeof(position_lag), "%s%" PRId64, lag.position_stale ? "~" : "",
		 lag.position_lag);
	fprintf(out, "summary: data %" PRIu64 " file%s, %zu symbol%s, %zu day%s, %" PRIu64 " bad row%s\n",
		p->feed.files_loaded, plural((long long)p->feed.files_loaded), p->feed.symbol_count,
		plural((long long)p->feed.symbol_count), p->feed.day_count,
		plural((long long)p->feed.day_count), p->feed.bad_rows, plural((long long)p->feed.bad_rows));
	print_startup(out, p);
	char q[4][16];
	fprintf(out, "summary: delivery latency p50 %s p99 %s; end-to-end p50 %s p99 %s\n",
		quantile_text(&p->delivery_latency_us, 0.5, q[0], sizeof(q[0])),
		quantile_text(&p->delivery_latency_us, 0.99, q[1], sizeof(q[1])),
		quantile_text(&p->end_to_end_us, 0.5, q[2], sizeof(q[2])),
		quantile_text(&p->end_to_end_us, 0.99, q[3], sizeof(q[3])));
	fprintf(out,
		"result: produced=%" PRIu64 " delivered=%" PRIu64 " failed=%" PRIu64
		" consumed=%" PRIu64 " own=%" PRIu64 " undecodable=%" PRIu64 " gaps=%" PRIu64
		" deleted_unread=%" PRIu64 " duplicates=%" PRIu64 " reordered=%" PRIu64 " dead_letters=%" PRIu64 " archived=%" PRIu64 " enriched=%" PRIu64 " candles=%" PRIu64
		" lag=%s committed_lag=%s rebalances=%" PRIu64 " rereads=%" PRIu64 " order_breaks=%" PRIu64 " retries=%" PRIu64 "\n",
		counter_get(&c->produced), counter_get(&c->delivered), counter_get(&c->delivery_failed),
		counter_get(&c->consumed), counter_get(&c->consumed_own), counter_get(&c->undecodable),
		counter_get(&c->gaps), counter_get(&c->deleted_unread), counter_get(&c->duplicates), counter_get(&c->reordered), counter_get(&c->dead_letters), counter_get(&c->archived), counter_get(&c->enriched),
		counter_get(&c->candles), position_lag, committed_lag,
		counter_get(&c->rebalances), counter_get(&c->rereads), counter_get(&c->order_breaks),
		counter_get(&c->produce_retries));
	fflush(out);
}

int summary_exit_status(struct pipeline *p)
{
	struct counters *c = &p->counters;
	uint64_t failed = counter_get(&c->delivery_failed), undecodable = counter_get(&c->undecodable);
	if (failed || undecodable) {
		fprintf(stderr, "kticker: exit status 1: %" PRIu64 " ticks failed delivery, %" PRIu64
			" messages could not be decoded\n", failed, undecodable);
		return 1;
	}
	/* with both roles, a --count run must read back all it wrote */
	uint64_t read = counter_get(&c->consumed_own_distinct);
	if (p->opt->role == ROLE_BOTH && p->opt->count && read < (uint64_t)p->opt->count) {
		fprintf(stderr, "kticker: exit status 1: --count %" PRId64 " not reached: the run ended with %" PRIu64
			" ticks produced and %" PRIu64 " of them read\n", p->opt->count,
			counter_get(&c->produced), read);
		return 1;
	}
	return 0;
}
