/* prom.c: the --prom textfile, rewritten whole once a second. */
#include "prom.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eventlog.h"
#include "lag.h"
#include "offsetwatch.h"
#include "timelag.h"
#include "util.h"

/* What one write reports on: the rows the screen shows, and where they are from. */
struct prom_frame {
	const char *group;
	char topic[TOPIC_NAME_MAX + 1];
	int64_t now_ms;
	struct partition_offsets rows[PARTITIONS_MAX];
	int count;
	const struct offsetwatch_view *view;
	int64_t last_commit_ms; /* this member's, as of its rows */
};

static struct prom_frame frame; /* the main thread's alone; too large for its stack */

bool prom_open(struct prom *m, const char *path, char *err, size_t err_size)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->path, sizeof(m->path), "%s", path);
	/* not *.prom: the textfile collector must not read it half written */
	snprintf(m->tmp, sizeof(m->tmp), "%s.tmp", path);
	FILE *f = fopen(m->tmp, "w");
	if (!f) {
		snprintf(err, err_size, "--prom %s: %s", m->tmp, strerror(errno));
		return false;
	}
	fclose(f);
	unlink(m->tmp);
	m->open = true;
	m->last_ms = mono_ms();
	m->next_ms = m->last_ms + 1000;
	return true;
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void header(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{group="g"[,topic="t",partition="p"]} (topic NULL: the group alone) */
static void sample_name(FILE *f, const char *name, const char *group, const char *topic,
			int32_t partition)
{
	fprintf(f, "%s{", name);
	if (group) {
		fputs("group=\"", f);
		put_escaped(f, group);
		fputs(topic ? "\"," : "\"", f);
	}
	if (topic) {
		fputs("topic=\"", f);
		put_escaped(f, topic);
		fprintf(f, "\",partition=\"%d\"", (int)partition);
	}
	fputs("} ", f);
}

/* The group's lag on a partition; -1 where it has committed nothing (or no watermark), or
 * where either is an old reading: a scrape takes what the file has for now, so what is not
 * known now is left out (kticker_partition_stale says why), as the screen marks it ~. */
static int64_t committed_lag(const struct partition_offsets *r)
{
	if (r->committed < 0 || r->high_watermark < 0 || r->stale)
		return -1;
	return r->high_watermark > r->committed ? r->high_watermark - r->committed : 0;
}

/* Age of the tick at the committed offset; -1 when unknown (not produced by this kticker,
 * or too long ago to be exact). */
static int64_t committed_lag_ms(struct pipeline *p, const struct partition_offsets *r, int64_t now)
{
	int64_t lag = committed_lag(r), age;
	if (lag <= 0)
		return lag;
	if (timelag_age(&p->timelag, r->partition, r->committed, now, &age) != TIMELAG_EXACT)
		return -1;
	return age;
}

static void write_group_lag(FILE *f, struct pipeline *p, const struct prom_frame *fr)
{
	int64_t max = -1, sum = -1, max_ms = -1;
	bool partial = false; /* some lag is not known now: no total stands for the group's */
	header(f, "kafka_consumergroup_group_lag", "gauge",
	       "Messages between the group's committed offset and the high watermark.");
	for (int i = 0; i < fr->count; i++) {
		partial |= fr->rows[i].stale;
		int64_t lag = committed_lag(&fr->rows[i]);
		if (lag < 0)
			continue;
		sample_name(f, "kafka_consumergroup_group_lag", fr->group, fr->topic, fr->rows[i].partition);
		fprintf(f, "%" PRId64 "\n", lag);
		max = lag > max ? lag : max;
		sum = (sum < 0 ? 0 : sum) + lag;
	}
	header(f, "kafka_consumergroup_group_lag_seconds", "gauge",
	       "Age of the message at the group's committed offset (messages this kticker produced).");
	for (int i = 0; i < fr->count; i++) {
		int64_t ms = committed_lag_ms(p, &fr->rows[i], fr->now_ms);
		if (ms < 0)
			continue;
		sample_name(f, "kafka_consumergroup_group_lag_seconds", fr->group, fr->topic,
			    fr->rows[i].partition);
		fprintf(f, "%.3f\n", (double)ms / 1000.0);
		max_ms = ms > max_ms ? ms : max_ms;
	}
	struct { const char *name, *help; int64_t value; double scale; } totals[] = {
		{ "kafka_consumergroup_group_max_lag", "The group's largest partition lag.", max, 1 },
		{ "kafka_consumergroup_group_max_lag_seconds", "The group's largest lag in seconds.", max_ms, 1000 },
		{ "kafka_consumergroup_group_sum_lag", "The group's lag over all partitions.", sum, 1 },
	};
	for (size_t i = 0; i < ARRAY_LEN(totals); i++) {
		header(f, totals[i].name, "gauge", totals[i].help);
		if (totals[i].value < 0 || partial)
			continue;
		sample_name(f, totals[i].name, fr->group, NULL, 0);
		fprintf(f, "%g\n", (double)totals[i].value / totals[i].scale);
	}
}

/* The partition's offsets, where its leader's reading is current (see committed_lag). */
static void write_partition_offsets(FILE *f, const struct prom_frame *fr)
{
	header(f, "kafka_partition_latest_offset", "gauge", "The partition's high watermark.");
	for (int i = 0; i < fr->count; i++)
		if (fr->rows[i].high_watermark >= 0 && !fr->rows[i].ends_stale) {
			sample_name(f, "kafka_partition_latest_offset", NULL, fr->topic, fr->rows[i].partition);
			fprintf(f, "%" PRId64 "\n", fr->rows[i].high_watermark);
		}
	header(f, "kafka_partition_earliest_offset", "gauge", "The partition's log start offset.");
	for (int i = 0; i < fr->count; i++)
		if (fr->rows[i].log_start >= 0 && !fr->rows[i].ends_stale) {
			sample_name(f, "kafka_partition_earliest_offset", NULL, fr->topic, fr->rows[i].partition);
			fprintf(f, "%" PRId64 "\n", fr->rows[i].log_start);
		}
	header(f, "kticker_partition_stale", "gauge",
	       "1 where the partition's offsets or committed offset are old readings, left out above.");
	for (int i = 0; i < fr->count; i++) {
		sample_name(f, "kticker_partition_stale", NULL, fr->topic, fr->rows[i].partition);
		fprintf(f, "%d\n", fr->rows[i].stale);
	}
}

static void write_counter(FILE *f, const char *name, const char *help, uint64_t value)
{
	header(f, name, "counter", help);
	fprintf(f, "%s %" PRIu64 "\n", name, value);
}

static void write_counters(FILE *f, struct counters *c)
{
	write_counter(f, "kticker_produced_total", "Ticks handed to the producer.", counter_get(&c->produced));
	write_counter(f, "kticker_delivered_total", "Ticks acknowledged by the cluster.",
		      counter_get(&c->delivered));
	write_counter(f, "kticker_delivery_failed_total", "Ticks whose delivery failed.",
		      counter_get(&c->delivery_failed));
	write_counter(f, "kticker_consumed_total", "Ticks the consumer decoded.", counter_get(&c->consumed));
	write_counter(f, "kticker_gaps_total", "Sequence numbers missing on arrival.", counter_get(&c->gaps));
	write_counter(f, "kticker_duplicates_total", "Ticks that arrived more than once.",
		      counter_get(&c->duplicates));
	write_counter(f, "kticker_undecodable_total", "Messages that are not valid ticks.",
		      counter_get(&c->undecodable));
	write_counter(f, "kticker_dead_letters_total", "Undecodable messages sent to the dead-letter topic.",
		      counter_get(&c->dead_letters));
}

static void write_rate(FILE *f, const char *name, const char *help, double value)
{
	header(f, name, "gauge", help);
	fprintf(f, "%s %.1f\n", name, value);
}

/* p50 and p99 in seconds of what the histogram recorded since *last (which moves on);
 * nothing when it recorded nothing. */
static void write_quantiles(FILE *f, const char *name, const char *help, const struct histogram *h,
			    struct histogram_copy *last)
{
	struct histogram_copy now, window;
	histogram_copy(h, &now);
	histogram_since(last, &now, &window);
	*last = now;
	header(f, name, "gauge", help);
	if (window.total == 0)
		return;
	fprintf(f, "%s{quantile=\"0.5\"} %.6f\n", name, (double)histogram_quantile(&window, 0.5) / 1e6);
	fprintf(f, "%s{quantile=\"0.99\"} %.6f\n", name, (double)histogram_quantile(&window, 0.99) / 1e6);
}

/* The delivery latency's, also over the ticks still waiting (ackwatch_quantiles), and where
 * those decide a quantile: it is at least the figure. */
static void write_delivery_quantiles(FILE *f, struct pipeline *p, struct histogram_copy *last)
{
	struct quantile q[2];
	const char *names[2] = { "0.5", "0.99" };
	ackwatch_interval_quantiles(&p->acks, &p->delivery_latency_us, last, now_ms(), &q[0], &q[1]);
	header(f, "kticker_delivery_latency_seconds", "gauge",
	       "Produce to acknowledgement, this interval; ticks still waiting at their wait so far.");
	for (int i = 0; i < 2; i++)
		if (q[i].us >= 0)
			fprintf(f, "kticker_delivery_latency_seconds{quantile=\"%s\"} %.6f\n", names[i],
				(double)q[i].us / 1e6);
	header(f, "kticker_delivery_latency_at_least", "gauge",
	       "1 where ticks still waiting decide the quantile above: the latency is at least that.");
	for (int i = 0; i < 2; i++)
		if (q[i].us >= 0)
			fprintf(f, "kticker_delivery_latency_at_least{quantile=\"%s\"} %d\n", names[i],
				q[i].at_least);
}

static void write_rates(FILE *f, struct prom *m, struct pipeline *p)
{
	int64_t now = mono_ms();
	double seconds = now > m->last_ms ? (double)(now - m->last_ms) / 1000.0 : 1.0;
	uint64_t produced = counter_get(&p->counters.produced), consumed = counter_get(&p->counters.consumed);
	write_rate(f, "kticker_produce_rate", "Ticks produced per second, over the last write's interval.",
		   (double)(produced - m->last_produced) / seconds);
	write_rate(f, "kticker_consume_rate", "Ticks consumed per second, over the last write's interval.",
		   (double)(consumed - m->last_consumed) / seconds);
	write_delivery_quantiles(f, p, &m->last_delivery);
	write_quantiles(f, "kticker_end_to_end_latency_seconds", "Produce to consume, this interval.",
			&p->end_to_end_us, &m->last_e2e);
	m->last_ms = now;
	m->last_produced = produced;
	m->last_consumed = consumed;
}

/* The verdict the screen shows (ui.c judges the same inputs), from a window of one sample
 * per write. */
static void write_health(FILE *f, struct prom *m, struct pipeline *p, const struct prom_frame *fr)
{
	const struct counters *c = &p->counters;
	const struct offsetwatch_view *v = fr->view;
	struct health_inputs in = {
		.unanswered_ms = offsetwatch_silent_ms(v, fr->now_ms),
		.broker_error = v->error,
		.coordinator_silent_ms = offsetwatch_coordinator_silent_ms(v, fr->now_ms),
		.has_consumer = options_has_consumer(p->opt),
		.unfollowed = atomic_load(&c->unfollowed_partition),
		.consumer_state = atomic_load(&c->consumer_state),
		.joining_for_ms = -1, /* the status alone is written: no count of the wait */
		.own_commit_age_ms = fr->last_commit_ms ? fr->now_ms - fr->last_commit_ms : -1,
		.owners_known = v->owners_known,
		.members = v->members,
	};
	health_consumer_silence(&in, mono_ms(),
				atomic_load_explicit(&c->consumer_started_ms, memory_order_relaxed),
				atomic_load_explicit(&c->consumer_alive_ms, memory_order_relaxed));
	health_commit_answered(&in, atomic_load_explicit(&c->commit_answered_ms, memory_order_relaxed),
			       fr->now_ms);
	health_leaders_named(&in, v->leaders_answered_ms, fr->now_ms);
	ackwatch_read(&p->acks, fr->now_ms, atomic_load(&p->control.partitions), HEALTH_ACKS_OVERDUE_MS,
		      &in.acks);
	in.counts = (struct health_counts){ .time_ms = fr->now_ms, .delivered = counter_get(&c->delivered),
					    .delivery_failed = counter_get(&c->delivery_failed),
					    .deleted_unread = counter_get(&c->deleted_unread),
					    .gaps = counter_get(&c->gaps) };
	in.writes_acks_all = atomic_load(&p->control.built_acks) == ACKS_ALL && !atomic_load(&c->producer_done);
	control_isr_shortfall(&p->control, fr->now_ms, OFFSETWATCH_STALE_MS, &in.isr_short);
	struct health h;
	header(f, "kticker_health_status", "gauge",
	       "The group's health: 0 OK, 1 WARN, 2 REWIND, 3 STALL, 4 STOP, 5 ERR, 6 REBALANCING, "
	       "7 NO CONSUMER, 8 NO BROKER (the worst partition's, as on the screen).");
	if (!v->answered_ms && !v->unanswered_since_ms)
		return; /* the cluster was never asked (yet): no verdict */
	health_window_add(&m->health, fr->now_ms, fr->rows, fr->count, &in.counts);
	health_judge(&m->health, &in, fr->rows, fr->count, &h);
	sample_name(f, "kticker_health_status", fr->group, NULL, 0);
	fprintf(f, "%d\n", (int)h.status);
}

/* `last`: the run is over and the topic stays the one of the last write (the control that
 * knows the current topic is gone). */
static void take_frame(struct prom *m, struct pipeline *p, bool last)
{
	unsigned generation = atomic_load(&p->control.topic_generation);
	if (generation != m->topic_generation) {
		m->topic_generation = generation; /* a new topic: its health window starts afresh */
		health_window_reset(&m->health);
	}
	frame.group = p->opt->group;
	frame.now_ms = now_ms();
	if (!last)
		control_topic(&p->control, m->topic);
	if (!m->topic[0])
		snprintf(m->topic, sizeof(m->topic), "%s", p->opt->topic);
	memcpy(frame.topic, m->topic, sizeof(frame.topic));
	frame.count = offsetwatch_rows(&p->offsets, &p->lag, frame.topic,
				       atomic_load(&p->counters.consumer_assigned), frame.now_ms,
				       frame.rows, PARTITIONS_MAX, &frame.view, &frame.last_commit_ms);
}

/* Writes the temporary file and renames it over the file; false on an error (in errno). */
static bool write_file(struct prom *m, struct pipeline *p, bool last)
{
	take_frame(m, p, last);
	FILE *f = fopen(m->tmp, "w");
	if (!f)
		return false;
	write_group_lag(f, p, &frame);
	write_partition_offsets(f, &frame);
	write_health(f, m, p, &frame);
	write_rates(f, m, p);
	write_counters(f, &p->counters);
	bool ok = !ferror(f);
	int e = errno;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(m->tmp, m->path) == 0)
		return true;
	e = ok ? errno : e;
	unlink(m->tmp);
	errno = e;
	return false;
}

static void write_or_report(struct prom *m, struct pipeline *p, bool last)
{
	if (write_file(m, p, last) || m->failed)
		return;
	eventlog_add(EVENT_ERROR, "--prom %s: %s", m->path, strerror(errno));
	m->failed = true;
}

int64_t prom_poll(struct prom *m, struct pipeline *p)
{
	if (!m->open)
		return INT64_MAX;
	if (mono_ms() >= m->next_ms) {
		m->next_ms += 1000;
		write_or_report(m, p, false);
	}
	return m->next_ms;
}

bool prom_close(struct prom *m, struct pipeline *p)
{
	if (m->open)
		write_or_report(m, p, true);
	m->open = false;
	return !m->failed;
}
