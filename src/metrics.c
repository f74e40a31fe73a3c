/* metrics.c: one CSV row per second of rates, lag, latency and delivery checks. */
#include "metrics.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "eventlog.h"
#include "lag.h"
#include "timelag.h"
#include "util.h"

bool metrics_open(struct metrics *m, const char *path, char *err, size_t err_size)
{
	memset(m, 0, sizeof(*m));
	m->out = fopen(path, "w");
	if (!m->out) {
		snprintf(err, err_size, "--metrics %s: %s", path, strerror(errno));
		return false;
	}
	fputs("seconds,produced_per_s,delivered_per_s,consumed_per_s,lag,time_lag_ms,"
	      "delivery_p50_ms,delivery_p99_ms,end_to_end_p50_ms,end_to_end_p99_ms,"
	      "produced,delivered,consumed,delivery_failed,gaps,duplicates,reordered,undecodable,"
	      "acks,idempotence,linger_ms,lag_stale,delivery_p50_at_least,delivery_p99_at_least\n",
	      m->out);
	if (fflush(m->out) != 0) { /* a full or unwritable device is found now, not at exit */
		snprintf(err, err_size, "--metrics %s: %s", path, strerror(errno));
		fclose(m->out);
		m->out = NULL;
		return false;
	}
	m->start_ms = m->last_ms = mono_ms();
	m->next_ms = m->start_ms + 1000;
	return true;
}

/* Quantiles in ms of what the histogram recorded since the copy in *last, which moves on:
 * -1 for a second without a sample. */
static void window_quantiles(const struct histogram *h, struct histogram_copy *last, double *p50,
			     double *p99)
{
	struct histogram_copy now, window;
	histogram_copy(h, &now);
	histogram_since(last, &now, &window);
	*last = now;
	bool none = window.total == 0;
	*p50 = none ? -1 : (double)histogram_quantile(&window, 0.5) / 1000.0;
	*p99 = none ? -1 : (double)histogram_quantile(&window, 0.99) / 1000.0;
}

/* The largest time lag of the partitions this member holds; -1 when it holds none. */
static int64_t oldest_unconsumed_ms(struct pipeline *p, const struct partition_offsets *parts, int n)
{
	int64_t oldest = -1, now = now_ms();
	for (int i = 0; i < n; i++) {
		if (!parts[i].assigned)
			continue;
		int64_t age;
		oldest = oldest < 0 ? 0 : oldest;
		if (timelag_of_partition(&p->timelag, &parts[i], now, &age) != TIMELAG_UNKNOWN && age > oldest)
			oldest = age;
	}
	return oldest;
}

/* The next row's time: the next whole second of the run at least half a second away, so a
 * stalled process writes one row on waking, not a burst of rows over a few milliseconds. */
static int64_t next_row_ms(const struct metrics *m, int64_t now)
{
	int64_t next = m->next_ms + 1000;
	if (next < now + 500)
		next += (now + 500 - next + 999) / 1000 * 1000;
	return next;
}

/* The settings of the producer client in use when the row is written (a change takes effect
 * once the old client is flushed), so that a reader (or a test) can tell the rows of one
 * setting from another's; a row whose second saw a change has the new one. Empty where there
 * is no value: no producer (yet), or a linger left to librdkafka (-X or its default). */
static void write_settings(FILE *out, const struct control *c)
{
	int acks = atomic_load(&c->built_acks), linger = atomic_load(&c->built_linger_ms);
	if (acks < 0)
		fputs(",,,", out);
	else
		fprintf(out, ",%s,%d,", acks_name(acks), atomic_load(&c->built_idempotence));
	if (acks >= 0 && linger != SETTING_DEFAULT)
		fprintf(out, "%d", linger);
	fputc(',', out);
}

/* A field and its comma; the field empty where the figure is not known (-1). */
static void put_count(FILE *out, int64_t n)
{
	if (n >= 0)
		fprintf(out, "%" PRId64, n);
	fputc(',', out);
}

/* To 10 us: a p50 of a few hundred microseconds is the figure a row is read for. */
static void put_ms(FILE *out, double ms)
{
	if (ms >= 0)
		fprintf(out, "%.2f", ms);
	fputc(',', out);
}

static void put_quantile_ms(FILE *out, struct quantile q)
{
	put_ms(out, q.us < 0 ? -1 : (double)q.us / 1000.0);
}

/* 1 where ticks still waiting decide the quantile (it is at least the figure), 0 where
 * acknowledgements do, empty with the figure. */
static void put_at_least(FILE *out, struct quantile q, char end)
{
	if (q.us >= 0)
		fputc(q.at_least ? '1' : '0', out);
	fputc(end, out);
}

/* One row of the counts now, the rates over the time since the previous row. */
static void write_row(struct metrics *m, struct pipeline *p, int64_t now)
{
	struct counters *c = &p->counters;
	static struct partition_offsets parts[PARTITIONS_MAX]; /* the main thread's alone */
	int n = lagboard_snapshot(&p->lag, parts, PARTITIONS_MAX);
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(&p->control, topic);
	struct lag_totals lag; /* as the screen shows it: the cluster's readings merged in */
	offsetwatch_totals(&p->offsets, &p->lag, topic, atomic_load(&c->consumer_assigned), now_ms(), &lag);
	double seconds = now > m->last_ms ? (double)(now - m->last_ms) / 1000.0 : 0.001;
	uint64_t produced = counter_get(&c->produced), delivered = counter_get(&c->delivered);
	uint64_t consumed = counter_get(&c->consumed);
	double e50, e99;
	struct quantile d50, d99;
	ackwatch_interval_quantiles(&p->acks, &p->delivery_latency_us, &m->last_delivery, now_ms(),
				    &d50, &d99);
	window_quantiles(&p->end_to_end_us, &m->last_e2e, &e50, &e99);
	fprintf(m->out, "%.3f,%.0f,%.0f,%.0f,", (double)(now - m->start_ms) / 1000.0,
		(double)(produced - m->last_produced) / seconds,
		(double)(delivered - m->last_delivered) / seconds,
		(double)(consumed - m->last_consumed) / seconds);
	/* what this member has not read is unknown while it holds no partition */
	put_count(m->out, lag.assigned ? lag.position_lag : -1);
	put_count(m->out, oldest_unconsumed_ms(p, parts, n));
	put_quantile_ms(m->out, d50);
	put_quantile_ms(m->out, d99);
	put_ms(m->out, e50);
	put_ms(m->out, e99);
	fprintf(m->out,
		"%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%" PRIu64,
		produced, delivered, consumed, counter_get(&c->delivery_failed), counter_get(&c->gaps),
		counter_get(&c->duplicates), counter_get(&c->reordered), counter_get(&c->undecodable));
	write_settings(m->out, &p->control);
	fprintf(m->out, "%s,", !lag.assigned ? "" : lag.position_stale ? "1" : "0");
	put_at_least(m->out, d50, ',');
	put_at_least(m->out, d99, '\n');
	if (fflush(m->out) != 0 && !m->failed) {
		eventlog_add(EVENT_ERROR, "--metrics: %s", strerror(errno));
		m->failed = true;
	}
	m->last_ms = now;
	m->last_produced = produced;
	m->last_delivered = delivered;
	m->last_consumed = consumed;
}

int64_t metrics_poll(struct metrics *m, struct pipeline *p)
{
	if (!m->out)
		return INT64_MAX;
	int64_t now = mono_ms();
	if (now >= m->next_ms) {
		write_row(m, p, now);
		m->next_ms = next_row_ms(m, now);
	}
	return m->next_ms;
}

void metrics_final(struct metrics *m, struct pipeline *p)
{
	if (m->out)
		write_row(m, p, mono_ms());
}

bool metrics_close(struct metrics *m)
{
	bool ok = !m->failed;
	if (m->out && fclose(m->out) != 0 && ok) {
		eventlog_add(EVENT_ERROR, "--metrics: %s", strerror(errno));
		ok = false;
	}
	m->out = NULL;
	return ok;
}
