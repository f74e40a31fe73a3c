/* producer.c: the producer thread — replays the feed as ticks into the topic. */
#include "producer.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eventlog.h"
#include "kconf.h"
#include "util.h"

#define POLL_EVERY 256 /* serve delivery reports at least this often while producing */

/* Runs in the producer thread, inside rd_kafka_poll(). The produce time travels in the
 * message's opaque, so no allocation per message is needed to measure latency. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	struct producer *pr = opaque;
	struct counters *c = &pr->pipe->counters;
	if (m->err) {
		counter_add(&c->delivery_failed, 1);
		uint64_t failed = counter_get(&c->delivery_failed);
		if (failed <= 10 || failed % 10000 == 0)
			eventlog_add(EVENT_ERROR, "delivery failed (%llu so far): %s",
				     (unsigned long long)failed, rd_kafka_err2str(m->err));
		return;
	}
	counter_add(&c->delivered, 1);
	histogram_record(&pr->pipe->delivery_latency_us, now_us() - (int64_t)(intptr_t)m->_private);
}

static rd_kafka_conf_t *producer_conf(const struct options *o, const char *bootstrap, char *err,
				      size_t err_size)
{
	rd_kafka_conf_t *conf = kconf_new(bootstrap, err, err_size);
	if (!conf)
		return NULL;
	if (!kconf_set(conf, "acks", o->acks, err, err_size) ||
	    !kconf_set(conf, "enable.idempotence", o->idempotence ? "true" : "false", err, err_size) ||
	    !kconf_apply_user(conf, o, err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
	return conf;
}

/* Hands one tick to librdkafka, waiting while its queue is full. */
static void produce_tick(struct producer *pr, struct tick *t)
{
	struct pipeline *p = pr->pipe;
	char json[TICK_JSON_MAX];
	copy_str(t->producer, sizeof(t->producer), p->producer_id);
	t->produce_ms = now_ms();
	size_t len = tick_encode(t, json);
	for (;;) {
		void *sent_at = (void *)(intptr_t)now_us();
		if (rd_kafka_produce(pr->rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, json, len,
				     t->symbol, strlen(t->symbol), sent_at) == 0)
			break;
		rd_kafka_resp_err_t e = rd_kafka_last_error();
		if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
			eventlog_add(EVENT_ERROR, "produce %s: %s", t->symbol, rd_kafka_err2str(e));
			counter_add(&p->counters.delivery_failed, 1);
			break;
		}
		rd_kafka_poll(pr->rk, 10); /* back-pressure: let deliveries drain the queue */
	}
	counter_add(&p->counters.produced, 1);
	counter_add(&p->counters.produced_bytes, len);
}

static bool should_stop(struct producer *pr)
{
	return atomic_load_explicit(&pr->pipe->stop_producer, memory_order_relaxed);
}

/* Waits until a tick is due, serving delivery reports meanwhile; false when told to stop. */
static bool wait_until(struct producer *pr, int64_t due)
{
	for (;;) {
		if (should_stop(pr))
			return false;
		int64_t wait = due - mono_ms();
		if (wait <= 0)
			return true;
		rd_kafka_poll(pr->rk, (int)(wait < 100 ? wait : 100));
	}
}

static void finish(struct producer *pr, const char *why)
{
	struct counters *c = &pr->pipe->counters;
	eventlog_add(EVENT_INFO, "producer stopped: %s after %llu ticks", why,
		     (unsigned long long)counter_get(&c->produced));
	atomic_store(&c->producer_done, true);
}

static void *producer_main(void *arg)
{
	struct producer *pr = arg;
	struct pipeline *p = pr->pipe;
	const struct options *o = p->opt;
	int64_t start = mono_ms(), due;
	uint64_t sent = 0;
	struct tick t;
	while (!should_stop(pr)) {
		if (o->count && sent >= (uint64_t)o->count) {
			finish(pr, "--count reached");
			break;
		}
		if (!replay_next(&pr->replay, o->delay_ms, &t, &due)) {
			finish(pr, "end of the data");
			break;
		}
		if (!wait_until(pr, start + due))
			break;
		atomic_store_explicit(&p->counters.producing_date, t.date, memory_order_relaxed);
		produce_tick(pr, &t);
		if (++sent % POLL_EVERY == 0)
			rd_kafka_poll(pr->rk, 0);
	}
	while (!should_stop(pr))
		rd_kafka_poll(pr->rk, 100); /* keep serving delivery reports until shutdown */
	return NULL;
}

static void random_producer_id(char out[TICK_PRODUCER_MAX])
{
	uint64_t state = (uint64_t)now_us() ^ ((uint64_t)getpid() << 32);
	snprintf(out, TICK_PRODUCER_MAX, "kt-%08llx", (unsigned long long)(splitmix64(&state) >> 32));
}

bool producer_start(struct producer *pr, struct pipeline *pipe, char *err, size_t err_size)
{
	memset(pr, 0, sizeof(*pr));
	pr->pipe = pipe;
	random_producer_id(pipe->producer_id);
	rd_kafka_conf_t *conf = producer_conf(pipe->opt, pipe->cluster.bootstrap, err, err_size);
	if (!conf)
		return false;
	rd_kafka_conf_set_opaque(conf, pr);
	pr->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, err_size);
	if (!pr->rk) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	pr->rkt = rd_kafka_topic_new(pr->rk, pipe->opt->topic, NULL);
	replay_init(&pr->replay, &pipe->feed, pipe->opt->ticks_per_day, pipe->opt->seed,
		    pipe->opt->loop);
	eventlog_add(EVENT_INFO, "producer %s: topic %s, acks=%s, idempotence %s", pipe->producer_id,
		     pipe->opt->topic, pipe->opt->acks, pipe->opt->idempotence ? "on" : "off");
	pr->running = pthread_create(&pr->thread, NULL, producer_main, pr) == 0;
	if (!pr->running)
		snprintf(err, err_size, "cannot start the producer thread");
	return pr->running;
}

void producer_stop(struct producer *pr)
{
	if (!pr->rk)
		return;
	atomic_store(&pr->pipe->stop_producer, true);
	if (pr->running)
		pthread_join(pr->thread, NULL);
	rd_kafka_flush(pr->rk, PRODUCER_FLUSH_MS);
	int left = rd_kafka_outq_len(pr->rk);
	if (left > 0) {
		/* Purged messages get a failed delivery report: counted, never silently lost. */
		eventlog_add(EVENT_ERROR, "%d messages still undelivered after %d s: purged", left,
			     PRODUCER_FLUSH_MS / 1000);
		rd_kafka_purge(pr->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
		rd_kafka_poll(pr->rk, 1000);
	}
	rd_kafka_topic_destroy(pr->rkt);
	rd_kafka_destroy(pr->rk);
	replay_free(&pr->replay);
	pr->rk = NULL;
}
