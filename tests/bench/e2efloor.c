/* e2efloor: end-to-end latency of librdkafka alone, with kticker's client settings, as the
 * floor kticker's own latency is read against (`make bench`).
 *
 *   e2efloor BOOTSTRAP TOPIC PARTITIONS SECONDS RATE SIZE [name=value ...]
 *
 * One producer and one consumer in one process, as in kticker: the producer sends RATE
 * messages a second of SIZE bytes, evenly spaced, to the partitions in turn, each carrying its
 * send time; the consumer (a group member of its own) reads them and records now - send time.
 * The producer starts once the consumer holds its partitions, as kticker's does. Every
 * name=value is set on both clients after the defaults (acks=all, enable.idempotence=true,
 * one request in flight, linger.ms=0: kticker's interactive defaults).
 *
 * Prints a CSV row a second, as kticker's --metrics does for the same columns:
 *   seconds,produced_per_s,consumed_per_s,delivery_p50_ms,delivery_p99_ms,
 *   end_to_end_p50_ms,end_to_end_p99_ms
 * with the same histogram (src/histogram.c), so the two are read the same way. Exits non-zero
 * when a message was not delivered or not read back. */
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

struct floor_run {
	const char *bootstrap, *topic;
	int partitions, seconds, rate, size;
	char **props;
	int prop_count;
	struct histogram delivery, end_to_end;
	_Atomic long produced, delivered, consumed, failed;
	atomic_bool assigned, stop;
};

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "e2efloor: %s: %s\n", what, why);
	exit(1);
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value)
{
	char err[256];
	if (rd_kafka_conf_set(conf, name, value, err, sizeof(err)) != RD_KAFKA_CONF_OK)
		die(name, err);
}

/* kticker's interactive producer defaults, then the user's name=value pairs over them. */
static rd_kafka_conf_t *client_conf(struct floor_run *r, bool producer)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	set(conf, "bootstrap.servers", r->bootstrap);
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
		atomic_fetch_add(&r->failed, 1);
		return;
	}
	histogram_record(&r->delivery, now_us() - (int64_t)(intptr_t)m->_private);
	atomic_fetch_add(&r->delivered, 1);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
			 rd_kafka_topic_partition_list_t *parts, void *opaque)
{
	(void)opaque;
	struct floor_run *r = rd_kafka_opaque(rk);
	if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
		rd_kafka_assign(rk, parts);
		atomic_store(&r->assigned, parts->cnt > 0);
	} else {
		rd_kafka_assign(rk, NULL);
		atomic_store(&r->assigned, false);
	}
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
		if (!m->err && m->len >= sizeof(sent)) {
			memcpy(&sent, m->payload, sizeof(sent));
			histogram_record(&r->end_to_end, now_us() - sent);
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

/* Prints the row of the second just ended: the samples since the last row. */
static void print_second(struct floor_run *r, double seconds, struct histogram_copy *last_d,
			 struct histogram_copy *last_e, long *last_p, long *last_c)
{
	struct histogram_copy d, e, dd, de;
	histogram_copy(&r->delivery, &d);
	histogram_copy(&r->end_to_end, &e);
	histogram_since(last_d, &d, &dd);
	histogram_since(last_e, &e, &de);
	long p = atomic_load(&r->produced), c = atomic_load(&r->consumed);
	printf("%.3f,%ld,%ld,%.2f,%.2f,%.2f,%.2f\n", seconds, p - *last_p, c - *last_c,
	       histogram_quantile(&dd, 0.5) / 1000.0, histogram_quantile(&dd, 0.99) / 1000.0,
	       histogram_quantile(&de, 0.5) / 1000.0, histogram_quantile(&de, 0.99) / 1000.0);
	fflush(stdout);
	*last_d = d;
	*last_e = e;
	*last_p = p;
	*last_c = c;
}

static void produce_one(rd_kafka_t *rk, struct floor_run *r, char *value, long i)
{
	char key[16];
	int key_len = snprintf(key, sizeof(key), "k%ld", i % r->partitions);
	int64_t sent = now_us();
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

static void produce(rd_kafka_t *rk, struct floor_run *r)
{
	char *value = calloc(1, (size_t)r->size);
	if (!value)
		die("memory", "cannot allocate a message");
	struct histogram_copy last_d = {0}, last_e = {0};
	long last_p = 0, last_c = 0;
	int64_t start = now_us(), gap = 1000000 / r->rate, next_row = start + 1000000;
	for (long i = 0;; i++) {
		int64_t due = start + i * gap;
		if (due >= start + (int64_t)r->seconds * 1000000)
			break;
		while (next_row <= due) {
			sleep_until(next_row);
			rd_kafka_poll(rk, 0);
			print_second(r, (next_row - start) / 1e6, &last_d, &last_e, &last_p, &last_c);
			next_row += 1000000;
		}
		sleep_until(due);
		produce_one(rk, r, value, i);
		rd_kafka_poll(rk, 0);
	}
	free(value);
}

int main(int argc, char **argv)
{
	if (argc < 7) {
		fprintf(stderr, "usage: e2efloor BOOTSTRAP TOPIC PARTITIONS SECONDS RATE SIZE "
				"[name=value ...]\n");
		return 2;
	}
	struct floor_run r = {.bootstrap = argv[1], .topic = argv[2], .partitions = atoi(argv[3]),
			      .seconds = atoi(argv[4]), .rate = atoi(argv[5]), .size = atoi(argv[6]),
			      .props = argv + 7, .prop_count = argc - 7};
	if (r.partitions < 1 || r.seconds < 1 || r.rate < 1 || r.size < (int)sizeof(int64_t))
		die("arguments", "PARTITIONS, SECONDS and RATE >= 1, SIZE >= 8");
	rd_kafka_t *consumer = new_consumer(&r);
	rd_kafka_t *producer = new_producer(&r);
	pthread_t reader;
	pthread_create(&reader, NULL, consume, consumer);
	int64_t give_up = now_us() + 30 * 1000000LL;
	while (!atomic_load(&r.assigned) && now_us() < give_up)
		sleep_until(now_us() + 10000);
	if (!atomic_load(&r.assigned))
		die("consumer", "no partitions assigned within 30 s");
	printf("seconds,produced_per_s,consumed_per_s,delivery_p50_ms,delivery_p99_ms,"
	       "end_to_end_p50_ms,end_to_end_p99_ms\n");
	produce(producer, &r);
	rd_kafka_flush(producer, 10000);
	int64_t drain = now_us() + 10 * 1000000LL;
	while (atomic_load(&r.consumed) < atomic_load(&r.produced) && now_us() < drain)
		sleep_until(now_us() + 10000);
	atomic_store(&r.stop, true);
	pthread_join(reader, NULL);
	rd_kafka_consumer_close(consumer);
	rd_kafka_destroy(consumer);
	rd_kafka_destroy(producer);
	long produced = atomic_load(&r.produced), consumed = atomic_load(&r.consumed);
	long failed = atomic_load(&r.failed);
	fprintf(stderr, "e2efloor: produced %ld, delivered %ld, failed %ld, consumed %ld\n", produced,
		atomic_load(&r.delivered), failed, consumed);
	return failed == 0 && consumed == produced ? 0 : 1;
}
