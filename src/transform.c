/* transform.c: ticks in, enriched ticks and daily candles out. */
#include "transform.h"

#include <stdio.h>
#include <string.h>

#include "eventlog.h"
#include "kconf.h"
#include "reaper.h"
#include "screenwake.h"
#include "util.h"

#define TRANSFORM_FLUSH_MS 10000

static bool open_consumer(struct transform *t, char *err, size_t err_size)
{
	const struct options *o = t->pipe->opt;
	const char *topic = t->topic;
	char group[512];
	snprintf(group, sizeof(group), "%s.transform", o->group);
	rd_kafka_conf_t *conf = kconf_new(t->pipe->cluster.bootstrap, err, err_size);
	if (!conf)
		return false;
	if (!kconf_set(conf, "group.id", group, err, err_size) ||
	    !kconf_set(conf, "auto.offset.reset", "earliest", err, err_size) ||
	    !kconf_set(conf, "enable.auto.offset.store", "false", err, err_size) ||
	    !kconf_set_group_session(conf, o, t->pipe->cluster.mock_limits, err, err_size) ||
	    !kconf_apply_user(conf, o, err, err_size) ||
	    !(t->consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, err_size))) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	rd_kafka_poll_set_consumer(t->consumer);
	msg_queue_open(&t->messages, t->consumer);
	rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
	rd_kafka_resp_err_t e = rd_kafka_subscribe(t->consumer, topics);
	rd_kafka_topic_partition_list_destroy(topics);
	if (e)
		snprintf(err, err_size, "transform: subscribe to %s: %s", topic, rd_kafka_err2str(e));
	return !e;
}

static void on_output_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	struct pipeline *p = opaque;
	if (m->err) {
		counter_add(&p->counters.transform_failed, 1);
		eventlog_add(EVENT_ERROR, "transform: not delivered to %s: %s", rd_kafka_topic_name(m->rkt),
			     rd_kafka_err2str(m->err));
	}
}

/* "<topic><suffix>", created when missing with the source's partition count. */
static rd_kafka_topic_t *output_topic(struct transform *t, const char *suffix)
{
	char name[512];
	snprintf(name, sizeof(name), "%s%s", t->topic, suffix);
	cluster_prepare_topic(&t->pipe->cluster, name, t->topic);
	return rd_kafka_topic_new(t->producer, name, NULL);
}

static bool open_outputs(struct transform *t, char *err, size_t err_size);

static bool open_producer(struct transform *t, char *err, size_t err_size)
{
	rd_kafka_conf_t *conf = kconf_new(t->pipe->cluster.bootstrap, err, err_size);
	if (!conf)
		return false;
	if (!kconf_set(conf, "acks", "all", err, err_size) || !kconf_apply_user(conf, t->pipe->opt, err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	rd_kafka_conf_set_dr_msg_cb(conf, on_output_delivery);
	rd_kafka_conf_set_opaque(conf, t->pipe);
	if (!(t->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, err_size))) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	return open_outputs(t, err, err_size);
}

/* <topic>.enriched and <topic>.candles of the current topic. */
static bool open_outputs(struct transform *t, char *err, size_t err_size)
{
	t->enriched_topic = output_topic(t, ".enriched");
	t->candles_topic = output_topic(t, ".candles");
	if (!t->enriched_topic || !t->candles_topic)
		snprintf(err, err_size, "transform: %s", rd_kafka_err2str(rd_kafka_last_error()));
	return t->enriched_topic && t->candles_topic;
}

static void produce(struct transform *t, rd_kafka_topic_t *topic, const char *symbol,
		    const char *json, size_t len)
{
	while (rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, (void *)json, len,
				symbol, strlen(symbol), NULL) != 0) {
		if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
			counter_add(&t->pipe->counters.transform_failed, 1);
			eventlog_add(EVENT_ERROR, "transform: produce: %s", rd_kafka_err2str(rd_kafka_last_error()));
			return;
		}
		rd_kafka_poll(t->producer, 10);
	}
}

static void emit_candle(struct transform *t, const struct candle *c)
{
	char json[ENRICH_JSON_MAX];
	produce(t, t->candles_topic, c->symbol, json, candle_encode(c, json));
	counter_add(&t->pipe->counters.candles, 1);
}

/* Stores the batch's offsets once everything it produced is delivered (at-least-once). An
 * output that failed stops the commits for good: a restart reads the input again. */
static void commit_batch(struct transform *t, rd_kafka_message_t **msgs, ssize_t n)
{
	if (rd_kafka_flush(t->producer, TRANSFORM_FLUSH_MS) != RD_KAFKA_RESP_ERR_NO_ERROR) {
		eventlog_add(EVENT_ERROR, "transform: output not delivered within %d s: offsets held back",
			     TRANSFORM_FLUSH_MS / 1000);
		return;
	}
	if (counter_get(&t->pipe->counters.transform_failed)) {
		if (!t->stopped_commits)
			eventlog_add(EVENT_ERROR, "transform: output lost: offsets are no longer committed");
		t->stopped_commits = true;
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		if (!msgs[i]->err)
			rd_kafka_offset_store(msgs[i]->rkt, msgs[i]->partition, msgs[i]->offset);
}

static void process(struct transform *t, rd_kafka_message_t **msgs, ssize_t n)
{
	size_t good = 0;
	char reason[TICK_REASON_MAX], json[ENRICH_JSON_MAX];
	for (ssize_t i = 0; i < n; i++) {
		rd_kafka_message_t *m = msgs[i];
		struct tick *tk = &t->batch[good];
		if (m->err || !tick_decode(m->payload, m->len, tk, reason))
			continue; /* the main consumer dead-letters what is not a tick */
		struct candle done;
		if (enrich_apply(&t->state, tk, &t->figures[good], &done))
			emit_candle(t, &done);
		produce(t, t->enriched_topic, tk->symbol, json, enrich_encode(tk, &t->figures[good], json));
		good++;
	}
	/* the figures before their count: a frame that sees the count sees them (the count is
	 * what tells the screen that its frame changed) */
	market_apply_enriched(&t->pipe->market, t->topic_generation, t->batch, t->figures, good);
	counter_add(&t->pipe->counters.enriched, good);
	screenwake_notify();
	commit_batch(t, msgs, n);
}

/* The candles of the days still open, as far as they went, then everything delivered. */
static void flush_outputs(struct transform *t)
{
	size_t cursor = 0;
	struct candle c;
	while (enrich_take_open_candle(&t->state, &cursor, &c))
		emit_candle(t, &c);
	rd_kafka_flush(t->producer, TRANSFORM_FLUSH_MS);
}

/* The queue first: a wake (the stop) must not yield the close's wait (consumer.c, close_client) */
static void close_consumer(struct transform *t)
{
	msg_queue_close(&t->messages);
	rd_kafka_consumer_close(t->consumer); /* commits what was stored */
	reaper_destroy(t->consumer, 0, "transform's consumer");
	t->consumer = NULL;
}

static void close_outputs(struct transform *t)
{
	if (t->enriched_topic)
		rd_kafka_topic_destroy(t->enriched_topic);
	if (t->candles_topic)
		rd_kafka_topic_destroy(t->candles_topic);
	t->enriched_topic = t->candles_topic = NULL;
}

/* The generation first: a switch while the topic is read is followed on the next turn.
 * Without a consumer in this kticker (--role transform) the transform is the quote table's
 * one writer, and the table takes up its topic: kept when only partitions were added, as the
 * consumer keeps it (consumer.c), else afresh. */
static void take_current_topic(struct transform *t)
{
	char was[TOPIC_NAME_MAX + 1];
	memcpy(was, t->topic, sizeof(was));
	t->topic_generation = atomic_load(&t->pipe->control.topic_generation);
	control_topic(&t->pipe->control, t->topic);
	if (options_has_consumer(t->pipe->opt))
		return;
	if (strcmp(was, t->topic) == 0)
		market_continue(&t->pipe->market, t->topic_generation);
	else
		market_reset(&t->pipe->market, t->topic_generation);
}

/* A topic switch: the old topic's last candles and offsets are written, then the transform
 * reads the new topic into its own .enriched and .candles, from fresh state. */
static void follow_topic(struct transform *t)
{
	if (atomic_load_explicit(&t->pipe->control.topic_generation, memory_order_relaxed) ==
	    t->topic_generation)
		return;
	flush_outputs(t);
	close_consumer(t);
	close_outputs(t);
	enrich_free(&t->state);
	enrich_init(&t->state);
	take_current_topic(t);
	char err[512];
	while (!open_outputs(t, err, sizeof(err)) || !open_consumer(t, err, sizeof(err))) {
		eventlog_add(EVENT_ERROR, "%s", err);
		close_outputs(t);
		if (t->consumer)
			close_consumer(t);
		sleep_ms(1000);
		if (atomic_load(&t->pipe->stop_consumer))
			return;
	}
	eventlog_add(EVENT_INFO, "transform: follows the switch: %s -> %s.enriched and %s.candles",
		     t->topic, t->topic, t->topic);
}

static void *transform_main(void *arg)
{
	struct transform *t = arg;
	rd_kafka_message_t *msgs[CONSUMER_BATCH];
	while (!atomic_load_explicit(&t->pipe->stop_consumer, memory_order_relaxed)) {
		follow_topic(t);
		if (!t->consumer)
			break; /* stopped while the new topic could not be opened */
		ssize_t n = msg_queue_take(&t->messages, 100, msgs, CONSUMER_BATCH);
		if (n > 0)
			process(t, msgs, n);
		for (ssize_t i = 0; i < n; i++)
			rd_kafka_message_destroy(msgs[i]);
		rd_kafka_poll(t->producer, 0);
	}
	return NULL;
}

bool transform_start(struct transform *t, struct pipeline *pipe, char *err, size_t err_size)
{
	memset(t, 0, sizeof(*t));
	msg_queue_init(&t->messages);
	t->pipe = pipe;
	enrich_init(&t->state);
	take_current_topic(t);
	if (!open_producer(t, err, err_size) || !open_consumer(t, err, err_size))
		return false;
	eventlog_add(EVENT_INFO, "transform: %s -> %s.enriched and %s.candles, group %s.transform",
		     t->topic, t->topic, t->topic, pipe->opt->group);
	t->running = thread_start(&t->thread, transform_main, t, "kt:transform");
	if (!t->running)
		snprintf(err, err_size, "cannot start the transform thread");
	return t->running;
}

void transform_stop(struct transform *t)
{
	if (!t->pipe)
		return; /* never started: zeroing its 160 kB would touch every page at each exit */
	if (t->running) {
		atomic_store(&t->pipe->stop_consumer, true);
		msg_queue_wake(&t->messages); /* its wait (up to 100 ms) would add to the shutdown */
		pthread_join(t->thread, NULL);
	}
	if (t->producer && t->candles_topic)
		flush_outputs(t); /* the last day of each symbol, as far as it went */
	if (t->consumer)
		close_consumer(t);
	close_outputs(t);
	if (t->producer)
		rd_kafka_destroy(t->producer);
	enrich_free(&t->state);
	msg_queue_free(&t->messages);
	memset(t, 0, sizeof(*t));
}
