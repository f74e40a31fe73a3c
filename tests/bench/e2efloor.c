/* e2efloor: end-to-end latency of kticker's Kafka clients with nothing of kticker between
 * them, as the floor kticker's own latency is read against (`make bench`).
 *
 *   e2efloor BOOTSTRAP TOPIC PARTITIONS SECONDS DAY_MS WEEKDAY_TICKS WEEKEND_TICKS SIZE
 *            [name=value ...]
 *
 * One producer and one consumer in one process, made as kticker makes its own (kconf_new:
 * the same librdkafka threads, their poll that waits instead of spinning; acks=all,
 * enable.idempotence=true, one request in flight, linger.ms=0, kticker's interactive
 * defaults), then each name=value. The producer sends as kticker's feed does with --delay
 * DAY_MS: day after day, Monday first, WEEKDAY_TICKS a weekday and WEEKEND_TICKS a weekend
 * day, a day's ticks spread over it and due in whole milliseconds; to the partitions in turn,
 * SIZE bytes each with its send time. The consumer, a group member of its own, reads them and
 * records now - send time; the producer starts once it holds its partitions, as kticker's does.
 *
 * Prints a CSV row a second, for the columns kticker's --metrics has too:
 *   seconds,produced_per_s,consumed_per_s,delivery_p50_ms,delivery_p99_ms,
 *   end_to_end_p50_ms,end_to_end_p99_ms
 * from kticker's histogram (src/histogram.c), so both are read the same way. Exits non-zero
 * when a message was not delivered or not read back.
 *
 *   e2efloor --timer SECONDS
 *
 * The machine's own floor, no Kafka client running: a thread sleeps to each millisecond in
 * turn (an absolute clock_nanosleep, as pacing does) and records how late it woke; after a
 * stall it goes on from the next millisecond to come. A row a second:
 *   seconds,wakeups_per_s,late_p50_ms,late_p99_ms,late_max_ms */
#include <errno.h>
#include <inttypes.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "histogram.h"
#include "kconf.h"
#include "util.h"

#define DAYS_A_WEEK 7
#define WEEKDAYS 5

struct floor_run {
	const char *bootstrap, *topic;
	int partitions, seconds, day_ms, weekday_ticks, weekend_ticks, size;
	char **props;
	int prop_count;
	struct histogram delivery, end_to_end;
	_Atomic long produced, delivered, consumed, failed;
	atomic_bool assigned, stop;
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "e2efloor: %s: %s\n", what, why);
	exit(1);
}

static int positive(const char *text, const char *what)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v < 1 || v > 1000000)
		die(what, "expected a whole number from 1 to 1000000");
	return (int)v;
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value)
{
	char err[256];
	if (rd_kafka_conf_set(conf, name, value, err, sizeof(err)) != RD_KAFKA_CONF_OK)
		die(name, err);
}

/* A client's settings as kticker's start: kconf_new, kticker's producer defaults, then the
 * name=value pairs over them. */
static rd_kafka_conf_t *client_conf(struct floor_run *r, bool producer)
{
	char err[256];
	rd_kafka_conf_t *conf = kconf_new(r->bootstrap, err, sizeof(err));
	if (!conf)
		die("settings", err);
	if (producer) {
		set(conf, "acks", "all");
		set(conf, "enable.idempotence", "true");
		set(conf, "max.in.flight.requests.per.connection", "1");
		set(conf, "linger.ms", "0");
	}
	for (int i = 0; i < r->prop_count; i++) {
		char *eq = strchr(r->props[i], '=');
		if (!eq)
			die(r->props[i], "expected name=value");
		*eq = '\0';
		set(conf, r->props[i], eq + 1);
		*eq = '=';
	}
	rd_kafka_conf_set_opaque(conf, r);
	return conf;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)opaque;
	struct floor_run *r = rd_kafka_opaque(rk);
	if (m->err) {
		fprintf(stderr, "e2efloor: not delivered: %s\n", rd_kafka_err2str(m->err));
		atomic_fetch_add(&r->failed, 1);
		return;
	}
	histogram_record(&r->delivery, mono_us() - (int64_t)(intptr_t)m->_private);
	atomic_fetch_add(&r->delivered, 1);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
			 rd_kafka_topic_partition_list_t *parts, void *opaque)
{
	(void)opaque;
	struct floor_run *r = rd_kafka_opaque(rk);
	bool assign = err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS;
	rd_kafka_resp_err_t e = rd_kafka_assign(rk, assign ? parts : NULL);
	if (e)
		fprintf(stderr, "e2efloor: assign: %s\n", rd_kafka_err2str(e));
	atomic_store(&r->assigned, assign && !e && parts->cnt > 0);
}

static rd_kafka_t *new_consumer(struct floor_run *r)
{
	rd_kafka_conf_t *conf = client_conf(r, false);
	set(conf, "group.id", r->topic);
	set(conf, "auto.offset.reset", "earliest");
	rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
	char err[256];
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
	if (!rk)
		die("consumer", err);
	rd_kafka_poll_set_consumer(rk);
	rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(topics, r->topic, RD_KAFKA_PARTITION_UA);
	rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, topics);
	rd_kafka_topic_partition_list_destroy(topics);
	if (e)
		die("subscribe", rd_kafka_err2str(e));
	return rk;
}

static void *consume(void *arg)
{
	rd_kafka_t *rk = arg;
	struct floor_run *r = rd_kafka_opaque(rk);
	while (!atomic_load(&r->stop)) {
		rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
		if (!m)
			continue;
		int64_t sent;
		if (m->err)
			fprintf(stderr, "e2efloor: consume: %s\n", rd_kafka_message_errstr(m));
		else if (m->len >= sizeof(sent)) {
			memcpy(&sent, m->payload, sizeof(sent));
			histogram_record(&r->end_to_end, mono_us() - sent);
			atomic_fetch_add(&r->consumed, 1);
		}
		rd_kafka_message_destroy(m);
	}
	return NULL;
}

static rd_kafka_t *new_producer(struct floor_run *r)
{
	rd_kafka_conf_t *conf = client_conf(r, true);
	rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
	char err[256];
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
	if (!rk)
		die("producer", err);
	return rk;
}

static void sleep_until(int64_t due_us)
{
	struct timespec ts = {.tv_sec = due_us / 1000000, .tv_nsec = (due_us % 1000000) * 1000};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* The rows of each second, printed as it ends: the samples since the row before. */
struct rows {
	int64_t start, next;
	struct histogram_copy delivery, end_to_end;
	long produced, consumed;
};

static void print_row(struct floor_run *r, struct rows *w)
{
	struct histogram_copy d, e, dd, de;
	histogram_copy(&r->delivery, &d);
	histogram_copy(&r->end_to_end, &e);
	histogram_since(&w->delivery, &d, &dd);
	histogram_since(&w->end_to_end, &e, &de);
	long p = atomic_load(&r->produced), c = atomic_load(&r->consumed);
	printf("%.3f,%ld,%ld,%.2f,%.2f,%.2f,%.2f\n", (double)(w->next - w->start) / 1e6,
	       p - w->produced, c - w->consumed, (double)histogram_quantile(&dd, 0.5) / 1000.0,
	       (double)histogram_quantile(&dd, 0.99) / 1000.0,
	       (double)histogram_quantile(&de, 0.5) / 1000.0,
	       (double)histogram_quantile(&de, 0.99) / 1000.0);
	fflush(stdout);
	w->delivery = d;
	w->end_to_end = e;
	w->produced = p;
	w->consumed = c;
	w->next += 1000000;
}

/* Serves delivery reports until `until`, printing the rows of the seconds that end by then.
 * In whole milliseconds, as kticker's producer waits for its next tick: polling librdkafka
 * for what is left of the current one. */
static void serve_until(rd_kafka_t *rk, struct floor_run *r, struct rows *w, int64_t until)
{
	for (;;) {
		int64_t now = mono_us(), wake = until < w->next ? until : w->next;
		if (w->next <= now)
			print_row(r, w);
		else if (now >= until)
			return;
		else /* to the millisecond wake falls in, not short of it: a poll of 0 would spin */
			rd_kafka_poll(rk, (int)((wake + 999) / 1000 - now / 1000));
	}
}

static void produce_one(rd_kafka_t *rk, struct floor_run *r, char *value, long i)
{
	char key[16];
	int key_len = snprintf(key, sizeof(key), "k%ld", i % r->partitions);
	int64_t sent = mono_us();
	memcpy(value, &sent, sizeof(sent));
	rd_kafka_resp_err_t e;
	while ((e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(r->topic),
				      RD_KAFKA_V_PARTITION((int32_t)(i % r->partitions)),
				      RD_KAFKA_V_KEY(key, (size_t)key_len),
				      RD_KAFKA_V_VALUE(value, (size_t)r->size),
				      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
				      RD_KAFKA_V_OPAQUE((void *)(intptr_t)sent), RD_KAFKA_V_END)) ==
	       RD_KAFKA_RESP_ERR__QUEUE_FULL)
		rd_kafka_poll(rk, 10);
	if (e)
		die("produce", rd_kafka_err2str(e));
	atomic_fetch_add(&r->produced, 1);
}

/* The feed's days: tick k of a day of n is due at k/n of the day, in whole milliseconds. */
static void produce(rd_kafka_t *rk, struct floor_run *r, struct rows *w)
{
	char *value = calloc(1, (size_t)r->size);
	if (!value)
		die("memory", "cannot allocate a message");
	int64_t end = w->start + (int64_t)r->seconds * 1000000;
	long sent = 0;
	for (int64_t day = 0;; day++) {
		int64_t day_start_ms = w->start / 1000 + day * r->day_ms;
		int n = day % DAYS_A_WEEK < WEEKDAYS ? r->weekday_ticks : r->weekend_ticks;
		for (int k = 0; k < n; k++) {
			int64_t due = (day_start_ms + (int64_t)r->day_ms * k / n) * 1000;
			if (due >= end) {
				free(value);
				return;
			}
			serve_until(rk, r, w, due);
			produce_one(rk, r, value, sent++);
		}
	}
}

static int timer_floor(int seconds)
{
	static struct histogram late;
	struct histogram_copy last = {0}, now, since;
	printf("seconds,wakeups_per_s,late_p50_ms,late_p99_ms,late_max_ms\n");
	int64_t start = mono_us(), due = start;
	for (int s = 1; s <= seconds; s++) {
		int64_t second_end = start + (int64_t)s * 1000000, max = 0;
		while ((due += 1000) <= second_end) {
			sleep_until(due);
			int64_t woke = mono_us(), lateness = woke - due;
			histogram_record(&late, lateness);
			max = lateness > max ? lateness : max;
			if (lateness >= 1000) /* a stall: go on from the next millisecond to come */
				due += lateness / 1000 * 1000;
		}
		due -= 1000;
		histogram_copy(&late, &now);
		histogram_since(&last, &now, &since);
		printf("%d,%" PRIu64 ",%.2f,%.2f,%.2f\n", s, since.total,
		       (double)histogram_quantile(&since, 0.5) / 1000.0,
		       (double)histogram_quantile(&since, 0.99) / 1000.0, (double)max / 1000.0);
		fflush(stdout);
		last = now;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: e2efloor BOOTSTRAP TOPIC PARTITIONS SECONDS DAY_MS WEEKDAY_TICKS "
			"WEEKEND_TICKS SIZE [name=value ...]\n"
			"       e2efloor --timer SECONDS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--timer") == 0)
		return timer_floor(positive(argv[2], "SECONDS"));
	if (argc < 9)
		usage();
	struct floor_run r = {.bootstrap = argv[1], .topic = argv[2],
			      .partitions = positive(argv[3], "PARTITIONS"),
			      .seconds = positive(argv[4], "SECONDS"),
			      .day_ms = positive(argv[5], "DAY_MS"),
			      .weekday_ticks = positive(argv[6], "WEEKDAY_TICKS"),
			      .weekend_ticks = positive(argv[7], "WEEKEND_TICKS"),
			      .size = positive(argv[8], "SIZE"), .props = argv + 9,
			      .prop_count = argc - 9};
	if (r.size < (int)sizeof(int64_t))
		die("SIZE", "at least 8 bytes: a message carries its send time");
	rd_kafka_t *consumer = new_consumer(&r);
	rd_kafka_t *producer = new_producer(&r);
	pthread_t reader;
	if (pthread_create(&reader, NULL, consume, consumer) != 0)
		die("consumer", "cannot start its thread");
	int64_t give_up = mono_us() + 30 * 1000000LL;
	while (!atomic_load(&r.assigned) && mono_us() < give_up)
		sleep_until(mono_us() + 10000);
	if (!atomic_load(&r.assigned))
		die("consumer", "no partitions assigned within 30 s");
	printf("seconds,produced_per_s,consumed_per_s,delivery_p50_ms,delivery_p99_ms,"
	       "end_to_end_p50_ms,end_to_end_p99_ms\n");
	struct rows w = {.start = mono_us()};
	w.next = w.start + 1000000;
	produce(producer, &r, &w);
	serve_until(producer, &r, &w, w.start + (int64_t)r.seconds * 1000000);
	rd_kafka_resp_err_t flushed = rd_kafka_flush(producer, 10000);
	int64_t drain = mono_us() + 10 * 1000000LL;
	while (atomic_load(&r.consumed) < atomic_load(&r.produced) && mono_us() < drain)
		sleep_until(mono_us() + 10000);
	atomic_store(&r.stop, true);
	pthread_join(reader, NULL);
	rd_kafka_consumer_close(consumer);
	rd_kafka_destroy(consumer);
	rd_kafka_destroy(producer);
	long produced = atomic_load(&r.produced), delivered = atomic_load(&r.delivered);
	long consumed = atomic_load(&r.consumed);
	fprintf(stderr, "e2efloor: produced %ld, delivered %ld, failed %ld, consumed %ld%s\n",
		produced, delivered, atomic_load(&r.failed), consumed,
		flushed ? " (the flush timed out)" : "");
	return !flushed && delivered == produced && consumed >= produced ? 0 : 1;
}
