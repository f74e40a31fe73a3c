/* producer.c: the producer thread — replays the feed as ticks into the topic. */
#include "producer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eventlog.h"
#include "kconf.h"
#include "screenwake.h"
#include "util.h"

_Static_assert(PRODUCE_BATCH_MAX <= BATCH_ORDER_MAX, "a batch batch_order_group can reorder");

#define POLL_EVERY 256 /* serve delivery reports at least this often while producing */
#define RETRY_REPORT_MS 1000 /* at most one event line per error this often */
#define PAUSED_IDLE_POLL_MS 1000 /* the poll of a paused producer with nothing in flight */

/* Runs in the producer thread, inside rd_kafka_poll(). The produce time travels in the
 * message's opaque, so no allocation per message is needed to measure latency. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	struct producer *pr = opaque;
	struct counters *c = &pr->pipe->counters;
	int64_t sent_us = (int64_t)(intptr_t)m->_private;
	ackwatch_reported(&pr->pipe->acks, sent_us, m->partition, !m->err, now_ms());
	if (m->err) {
		counter_add(&c->delivery_failed, 1);
		uint64_t failed = counter_get(&c->delivery_failed);
		if (failed <= 10 || failed % 10000 == 0)
			eventlog_add(EVENT_ERROR, "delivery failed (%llu so far): %s",
				     (unsigned long long)failed, rd_kafka_err2str(m->err));
		return;
	}
	counter_add(&c->delivered, 1);
	/* release: a reader that sees this payload sees the wire bytes that carried it, counted
	 * by on_request_sent before the answer that acknowledged it */
	atomic_store_explicit(&c->wire_payload_bytes, counter_get(&c->wire_payload_bytes) + m->len,
			      memory_order_release);
	if (pr->tally)
		counter_add(&pr->tally->delivered, 1);
	histogram_record(&pr->pipe->delivery_latency_us, now_us() - sent_us);
	timelag_record(&pr->pipe->timelag, m->partition, m->offset, sent_us / 1000);
}

#define API_PRODUCE 0 /* the Kafka protocol's ApiKey of a Produce request */

/* Runs on librdkafka's broker threads as each request is written to its socket: a Produce
 * request's bytes go to the wire bytes, before any of its messages can be acknowledged (with
 * acks=0 too: librdkafka reports those delivered once the request is written). Beside them,
 * on_delivery counts the payload of the messages acknowledged: the same messages, where the
 * payload handed over would count messages still queued (all those of a broker that hung,
 * against the first request after it: "none 5.4x"). (librdkafka's statistics say the same in
 * tx_bytes, but as a JSON document with every partition in it: at 1000 partitions, most of the
 * producer's CPU.) */
static rd_kafka_resp_err_t on_request_sent(rd_kafka_t *rk, int sockfd, const char *brokername,
					   int32_t brokerid, int16_t api_key, int16_t api_version,
					   int32_t corr_id, size_t size, void *opaque)
{
	(void)rk, (void)sockfd, (void)brokername, (void)brokerid, (void)api_version, (void)corr_id;
	struct counters *c = opaque;
	if (api_key == API_PRODUCE) /* one broker thread each: an atomic add, one per request */
		atomic_fetch_add_explicit(&c->wire_bytes, size, memory_order_relaxed);
	return RD_KAFKA_RESP_ERR_NO_ERROR;
}

/* A new client's ratio starts from nothing: its codec and batching are its own. Called while
 * no client is there to add to the counters; the generation tells a reader in between. All
 * sequentially consistent, as wire_ratio_read's loads: once at a client's start, and no
 * fences (ThreadSanitizer does not follow them). */
static void restart_wire_ratio(struct counters *c)
{
	atomic_fetch_add(&c->wire_generation, 1);
	atomic_store(&c->wire_bytes, 0);
	atomic_store(&c->wire_payload_bytes, 0);
	atomic_fetch_add(&c->wire_generation, 1);
}

static rd_kafka_resp_err_t on_new(rd_kafka_t *rk, const rd_kafka_conf_t *conf, void *opaque,
				  char *err, size_t err_size)
{
	(void)conf, (void)err, (void)err_size;
	return rd_kafka_interceptor_add_on_request_sent(rk, "kticker-wire-bytes", on_request_sent, opaque);
}

/* Live tuning from the screen, applied after -X: the latest choice wins. */
static bool apply_tuning(struct control *ctl, rd_kafka_conf_t *conf, char *err, size_t err_size)
{
	int linger = atomic_load(&ctl->linger_ms), batch = atomic_load(&ctl->batch_bytes);
	int compression = atomic_load(&ctl->compression);
	if (linger != SETTING_DEFAULT && !kconf_set_int(conf, "linger.ms", linger, err, err_size))
		return false;
	if (batch != SETTING_DEFAULT && !kconf_set_int(conf, "batch.size", batch, err, err_size))
		return false;
	return compression == SETTING_DEFAULT ||
	       kconf_set(conf, "compression.codec", compression_names[compression], err, err_size);
}

/* The codec the client compresses with: set by -X or the config file (compression.codec or
 * its alias compression.type) unless chosen on the screen, librdkafka's none if by neither. */
static int client_compression(rd_kafka_t *rk)
{
	char codec[16] = "";
	kconf_client_value(rk, "compression.codec", codec, sizeof(codec));
	for (int i = 0; i < COMPRESSION_COUNT; i++)
		if (strcmp(codec, compression_names[i]) == 0)
			return i;
	return -1;
}

/* The acks the client waits for: -X or the config file may have had the last word (and
 * librdkafka sets all for an idempotent producer); kticker's own setting if unreadable. */
static int client_acks(rd_kafka_t *rk, int own)
{
	char value[8] = "";
	if (!kconf_client_value(rk, "acks", value, sizeof(value)))
		return own;
	int acks = atoi(value);
	return acks < 0 ? ACKS_ALL : acks == 0 ? ACKS_NONE : acks == 1 ? ACKS_LEADER : own;
}

/* An idempotent batch that reaches the broker after a failed earlier one is not always
 * refused as out of sequence: Debian's mock cluster (librdkafka 2.0.2) checks no sequence
 * numbers, and a real broker takes any first sequence from a producer it holds no state for
 * on that partition (Kafka's ProducerAppendInfo.checkSequence): when the first requests there
 * were all refused with NOT_ENOUGH_REPLICAS (a replica hung, min.insync.replicas not met), the
 * batch behind them became the partition's first write. librdkafka 2.0.2 then reports the
 * earlier batches delivered ("implicitly acked by subsequent batch success", offset -1001):
 * lost, acknowledged (seen once in local-cluster-failover: AAPL's first 4 ticks). One request
 * in flight per connection never puts a later batch on the wire while an earlier one can
 * still fail; -X may still raise it. */
static bool set_idempotent_in_flight(const struct producer *pr, rd_kafka_conf_t *conf, char *err,
				     size_t err_size)
{
	if (!pr->idempotent)
		return true;
	return kconf_set(conf, "max.in.flight.requests.per.connection", "1", err, err_size);
}

#define LIBRDKAFKA_DEBUG 7 /* syslog's LOG_DEBUG, the level of librdkafka's debug lines */

/* Runs in librdkafka's threads. Lines of the "msg" context are read for retried message sets
 * (retrylog.h); they reach the event log only when the user asked for them. */
static void log_line(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	struct producer *pr = rk ? rd_kafka_opaque(rk) : NULL;
	struct produce_retry retry;
	if (pr && level == LIBRDKAFKA_DEBUG && retrylog_parse(fac, buf, &retry))
		retry_tally_add(&pr->retries, &retry);
	bool per_batch = strcmp(fac, "MSGSET") == 0 || strcmp(fac, "PRODUCE") == 0;
	if (!pr || level < LIBRDKAFKA_DEBUG ||
	    (pr->forward_debug && (pr->forward_msg_debug || !per_batch)))
		kconf_log(rk, level, fac, buf);
}

/* Turns on librdkafka's "msg" debug context, besides any the user chose with -X debug: it
 * costs a formatted line per message set, and is the only place librdkafka 2.0.2 tells of a
 * message set it sends again. */
static bool set_retry_log(struct producer *pr, rd_kafka_conf_t *conf, char *err, size_t err_size)
{
	const char *user = kconf_user_value(pr->pipe->opt, "debug");
	pr->forward_debug = user && *user;
	pr->forward_msg_debug = user && (strstr(user, "msg") || strstr(user, "all"));
	rd_kafka_conf_set_log_cb(conf, log_line);
	if (pr->forward_msg_debug)
		return true;
	char debug[512];
	snprintf(debug, sizeof(debug), "%s%smsg", pr->forward_debug ? user : "",
		 pr->forward_debug ? "," : "");
	return kconf_set(conf, "debug", debug, err, err_size);
}

static rd_kafka_conf_t *producer_conf(struct producer *pr, char *err, size_t err_size)
{
	struct pipeline *p = pr->pipe;
	struct control *ctl = &p->control;
	rd_kafka_conf_t *conf = kconf_new(p->cluster.bootstrap, err, err_size);
	if (!conf)
		return NULL;
	if (!kconf_set(conf, "acks", acks_name(atomic_load(&ctl->acks)), err, err_size) ||
	    !kconf_set(conf, "enable.idempotence", pr->idempotent ? "true" : "false", err, err_size) ||
	    !set_idempotent_in_flight(pr, conf, err, err_size) ||
	    !kconf_apply_user(conf, p->opt, err, err_size) || !apply_tuning(ctl, conf, err, err_size) ||
	    !set_retry_log(pr, conf, err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	char value[8];
	size_t size = sizeof(value);
	if (rd_kafka_conf_get(conf, "enable.idempotence", value, &size) == RD_KAFKA_CONF_OK)
		pr->idempotent = strcmp(value, "true") == 0; /* -X may have had the last word */
	rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
	rd_kafka_conf_interceptor_add_on_new(conf, "kticker-wire-bytes", on_new, &p->counters);
	return conf;
}

/* Why the producer runs without idempotence, for the event log. */
static const char *idempotence_text(int acks, bool idempotent)
{
	if (idempotent)
		return "on: retried requests keep their order";
	if (acks != ACKS_ALL)
		return "off (it needs acks=all): a retried request can land after a later one";
	return "off: a retried request can land after a later one";
}

/* A Kafka producer for the current settings and topic; false with a message in err. */
static bool open_client(struct producer *pr, char *err, size_t err_size)
{
	struct pipeline *p = pr->pipe;
	struct control *ctl = &p->control;
	pr->producer_generation = atomic_load(&ctl->producer_generation);
	pr->topic_generation = atomic_load(&ctl->topic_generation);
	pr->idempotent = atomic_load(&ctl->idempotence);
	rd_kafka_conf_t *conf = producer_conf(pr, err, err_size);
	if (!conf)
		return false;
	rd_kafka_conf_set_opaque(conf, pr);
	restart_wire_ratio(&p->counters);
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, err_size);
	if (!rk) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	pthread_mutex_lock(&pr->client_lock);
	pr->rk = rk;
	pthread_mutex_unlock(&pr->client_lock);
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(ctl, topic);
	replay_use_topic(&pr->replay, topic); /* back on a topic, its numbering goes on */
	pr->rkt = rd_kafka_topic_new(pr->rk, topic, NULL);
	pr->tally = topic_tally_of(&p->topics, topic);
	batch_order_use_client(&pr->order, pr->rk);
	int acks = client_acks(pr->rk, atomic_load(&ctl->acks));
	atomic_store(&ctl->built_acks, acks);
	atomic_store(&ctl->built_idempotence, pr->idempotent);
	atomic_store(&ctl->built_linger_ms, atomic_load(&ctl->linger_ms));
	atomic_store(&ctl->built_compression, client_compression(pr->rk));
	eventlog_add(EVENT_INFO, "producer %s: topic %s, acks=%s, idempotence %s", p->producer_id,
		     topic, acks_name(acks), idempotence_text(acks, pr->idempotent));
	return true;
}

/* "partition 15" or "partitions 3, 7, 15 and 58 more". */
static void name_partitions(const struct retry_row *rows, int n, char *out, size_t size)
{
	enum { LISTED = 6 };
	char list[96] = "";
	size_t len = 0;
	for (int i = 0; i < n && i < LISTED; i++) {
		const char *comma = i ? ", " : "";
		if (rows[i].partition < 0)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%sothers", comma);
		else
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%d", comma, rows[i].partition);
	}
	if (n > LISTED)
		snprintf(out, size, "partitions %s and %d more", list, n - LISTED);
	else
		snprintf(out, size, "partition%s %s", n == 1 ? "" : "s", list);
}

static int by_error_then_partition(const void *a, const void *b)
{
	const struct retry_row *x = a, *y = b;
	if (x->err != y->err)
		return x->err < y->err ? -1 : 1;
	return (x->partition > y->partition) - (x->partition < y->partition);
}

/* Tells of rows[0..n), all with the same error, in one event line. */
static void tell_retried(struct producer *pr, const struct retry_row *rows, int n)
{
	uint64_t requests = 0;
	for (int i = 0; i < n; i++)
		requests += rows[i].requests;
	counter_add(&pr->pipe->counters.produce_retries, requests);
	char where[128];
	name_partitions(rows, n, where, sizeof(where));
	eventlog_add(pr->idempotent ? EVENT_INFO : EVENT_WARN,
		     "%s: %llu request%s retried after %s; %s", where,
		     (unsigned long long)requests, requests == 1 ? "" : "s",
		     retrylog_error_name(rows[0].err),
		     pr->idempotent ? "the idempotent producer keeps their order"
				    : "without idempotence ticks can land out of order");
}

/* One event line per error for the message sets librdkafka sent again: the moment a tick may
 * have been reordered. */
static void tell_retries(struct producer *pr)
{
	int n = retry_tally_take(&pr->retries, pr->retry_rows);
	if (n == 0)
		return;
	pr->retries_told_ms = mono_ms();
	struct retry_row *rows = pr->retry_rows;
	qsort(rows, (size_t)n, sizeof(*rows), by_error_then_partition);
	for (int i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && rows[j].err == rows[i].err; j++)
			;
		tell_retried(pr, rows + i, j - i);
	}
}

/* The first retry after a quiet second is told at once, the rest of a burst (librdkafka
 * retries every retry.backoff.ms) once a second. */
static void report_retries(struct producer *pr)
{
	if (mono_ms() - pr->retries_told_ms >= RETRY_REPORT_MS)
		tell_retries(pr);
}

/* Delivery reports, and the retries they tell of. A consumer resting on the embedded cluster
 * (consumer_rest.h) is woken when ticks were delivered: they are in the log, so its first
 * fetch finds them. The screen is woken by failures too: the Producer line counts them, and
 * only some are events (a sleeping screen showed the rest up to a second late). */
static void serve(struct producer *pr, int timeout_ms)
{
	struct pipeline *p = pr->pipe;
	uint64_t delivered = counter_get(&p->counters.delivered);
	uint64_t failed = counter_get(&p->counters.delivery_failed);
	rd_kafka_poll(pr->rk, timeout_ms);
	report_retries(pr);
	bool landed = counter_get(&p->counters.delivered) != delivered;
	if (landed)
		control_wake_resting_consumer(&p->control);
	if (landed || counter_get(&p->counters.delivery_failed) != failed)
		screenwake_notify();
}

/* Delivers or fails everything queued (within flush_ms), then lets go of the client. */
static void close_client(struct producer *pr, int flush_ms)
{
	rd_kafka_flush(pr->rk, flush_ms);
	int left = rd_kafka_outq_len(pr->rk);
	if (left > 0) {
		/* Purged messages get a failed delivery report: counted, never silently lost. */
		eventlog_add(EVENT_ERROR, "%d messages still undelivered after %d s: purged, counted "
			     "as failed (those already sent may have been written all the same: no "
			     "answer came to say)", left, flush_ms / 1000);
		rd_kafka_purge(pr->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
		rd_kafka_poll(pr->rk, 1000);
	}
	tell_retries(pr);
	rd_kafka_topic_destroy(pr->rkt);
	pr->rkt = NULL;
	pthread_mutex_lock(&pr->client_lock); /* producer_stop's wake must not reach it now */
	rd_kafka_t *rk = pr->rk;
	pr->rk = NULL;
	pthread_mutex_unlock(&pr->client_lock);
	rd_kafka_destroy(rk);
}

/* Whether acks, idempotence or the topic changed since the client in use was made. */
static bool settings_changed(const struct producer *pr)
{
	const struct control *ctl = &pr->pipe->control;
	return atomic_load_explicit(&ctl->producer_generation, memory_order_relaxed) != pr->producer_generation ||
	       atomic_load_explicit(&ctl->topic_generation, memory_order_relaxed) != pr->topic_generation;
}

static bool should_stop(struct producer *pr);

/* Adopts changed acks, idempotence or topic: the old client is flushed first, so ticks
 * queued under the old settings are delivered, not dropped. False when a stop came before a
 * new client could be made: the thread must end then, without one. */
static bool follow_settings(struct producer *pr)
{
	struct control *ctl = &pr->pipe->control;
	if (!settings_changed(pr))
		return true;
	bool new_topic = atomic_load(&ctl->topic_generation) != pr->topic_generation;
	close_client(pr, PRODUCER_FLUSH_MS);
	if (new_topic)
		timelag_clear(&pr->pipe->timelag);
	char err[512];
	while (!open_client(pr, err, sizeof(err))) {
		eventlog_add(EVENT_ERROR, "producer: %s", err);
		for (int slept = 0; slept < 1000 && !should_stop(pr); slept += 100)
			sleep_ms(100);
		if (should_stop(pr)) {
			eventlog_add(EVENT_WARN, "producer: stopped before its client could be rebuilt "
				     "(%s): nothing was produced after the change", err);
			return false;
		}
	}
	return true;
}

/* A tick librdkafka would not take: counted as failed, never silently lost. */
static void report_refused(struct producer *pr, const rd_kafka_message_t *m)
{
	eventlog_add(EVENT_ERROR, "produce %.*s: %s", (int)m->key_len, (const char *)m->key,
		     rd_kafka_err2str(m->err));
	counter_add(&pr->pipe->counters.delivery_failed, 1);
}

/* Hands the batch to librdkafka, waiting while its queue is full: a full queue refuses the
 * rest of a batch from the first tick it could not take, and those go again after deliveries
 * have made room. */
static void send_batch(struct producer *pr)
{
	struct tick_batch *b = &pr->batch;
	struct counters *c = &pr->pipe->counters;
	uint64_t bytes = 0;
	for (int i = 0; i < b->count; i++)
		bytes += b->msgs[i].len;
	batch_order_group(b->msgs, b->partition, b->count);
	for (int from = 0; from < b->count;) {
		rd_kafka_produce_batch(pr->rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
				       b->msgs + from, b->count - from);
		for (; from < b->count && b->msgs[from].err != RD_KAFKA_RESP_ERR__QUEUE_FULL; from++)
			if (b->msgs[from].err)
				report_refused(pr, &b->msgs[from]);
			else /* taken: a delivery report will come */
				ackwatch_sent(&pr->pipe->acks, (int64_t)(intptr_t)b->msgs[from]._private);
		if (from == b->count)
			break;
		serve(pr, 10); /* back-pressure: let deliveries drain the queue */
		int64_t sent_us = now_us(); /* delivery latency counts from the hand-over */
		for (int i = from; i < b->count; i++)
			b->msgs[i]._private = (void *)(intptr_t)sent_us;
	}
	counter_add(&c->produced, (uint64_t)b->count);
	counter_add(&c->produced_bytes, bytes);
	b->count = 0;
}

/* Numbers and encodes a tick into the batch. produce_us is read once for a batch: its ticks
 * are encoded within microseconds of each other and handed over together right after. */
static void add_to_batch(struct producer *pr, struct tick *t, const struct replay_slot *slot,
			 int64_t produce_us)
{
	struct tick_batch *b = &pr->batch;
	int i = b->count++;
	replay_number(&pr->replay, slot, t); /* now: the topic may have changed meanwhile */
	copy_str(t->producer, sizeof(t->producer), pr->pipe->producer_id);
	t->produce_us = produce_us;
	size_t len = tick_encode_with(&pr->encoder, t, b->json[i]);
	size_t key_len = strlen(t->symbol);
	memcpy(b->keys[i], t->symbol, key_len);
	b->partition[i] = batch_order_predict(&pr->order, slot->symbol, t->symbol, key_len,
					      atomic_load_explicit(&pr->pipe->control.partitions,
								   memory_order_relaxed));
	b->msgs[i] = (rd_kafka_message_t){ .payload = b->json[i], .len = len, .key = b->keys[i],
					   .key_len = key_len, ._private = (void *)(intptr_t)produce_us };
	/* without a partitioner it knows, the prediction is no partition's */
	ackwatch_bound_for(&pr->pipe->acks, pr->order.partitioner ? b->partition[i] : -1, produce_us);
}

static bool should_stop(struct producer *pr)
{
	return atomic_load_explicit(&pr->pipe->stop_producer, memory_order_relaxed);
}

/* When a tick is due: days start one day length apart, a day's steps are spread over it, and
 * a step's ticks over the step, in the feed's order of symbols. Ticks due at one moment would
 * wait for each other's produce requests (librdkafka 2.0.2 sends one partition per request,
 * and a broker answers a connection's requests in turn): latency of the feed's shape, not of
 * Kafka's. After falling more than a day behind (a long pause, a slower speed), pacing
 * restarts from now instead of bursting to catch up. */
static int64_t due_time(struct producer *pr, const struct replay_slot *slot)
{
	int delay = atomic_load_explicit(&pr->pipe->control.delay_ms, memory_order_relaxed);
	if (slot->day != pr->day) {
		int64_t start = pr->day_start_ms + (int64_t)delay * (int64_t)(slot->day - pr->day);
		int64_t now = mono_ms();
		pr->day_start_ms = start < now - delay ? now : start;
		pr->day = slot->day;
	}
	int64_t symbols = (int64_t)pr->replay.feed->symbol_count;
	int64_t place = (int64_t)slot->step * symbols + (int64_t)slot->symbol;
	return pr->day_start_ms + (int64_t)delay * place / (pr->replay.ticks_per_day * symbols);
}

static bool take_step(struct control *ctl)
{
	int n = atomic_load(&ctl->step_requests);
	while (n > 0 && !atomic_compare_exchange_weak(&ctl->step_requests, &n, n - 1))
		;
	return n > 0;
}

/* Serves delivery reports until a resume, a step or a stop. With ticks in flight it polls
 * every 50 ms as it does between ticks (a retry is told at once); with none, for a second at
 * a time, and control_set_paused, control_step and producer_stop wake it: an idle paused
 * producer wakes once a second instead of 20 times. */
static void wait_paused(struct producer *pr)
{
	struct control *ctl = &pr->pipe->control;
	control_hold_paused_waiter(ctl, pr->rk);
	while (atomic_load(&ctl->paused) && !should_stop(pr) && !take_step(ctl))
		serve(pr, rd_kafka_outq_len(pr->rk) > 0 ? 50 : PAUSED_IDLE_POLL_MS);
	control_hold_paused_waiter(ctl, NULL);
}

/* Waits until a tick is due, serving delivery reports meanwhile and holding still while
 * paused; false when told to stop. */
static bool wait_until_due(struct producer *pr, const struct replay_slot *slot)
{
	struct control *ctl = &pr->pipe->control;
	for (;;) {
		if (should_stop(pr) || !follow_settings(pr))
			return false;
		if (atomic_load_explicit(&ctl->paused, memory_order_relaxed)) {
			int64_t paused_at = mono_ms();
			wait_paused(pr);
			pr->day_start_ms += mono_ms() - paused_at; /* a pause stops the clock */
			if (atomic_load(&ctl->paused))
				return !should_stop(pr); /* a step: this one tick, due or not */
			continue;
		}
		/* a tick due by the last clock reading needs no new one (at full speed, most ticks) */
		int64_t due = due_time(pr, slot);
		if (due <= pr->clock_ms)
			return true;
		pr->clock_ms = mono_ms();
		int64_t wait = due - pr->clock_ms;
		if (wait <= 0)
			return true;
		serve(pr, (int)(wait < 50 ? wait : 50));
	}
}

static void finish(struct producer *pr, const char *why)
{
	struct counters *c = &pr->pipe->counters;
	eventlog_add(EVENT_INFO, "producer stopped: %s after %llu ticks", why,
		     (unsigned long long)counter_get(&c->produced));
	atomic_store(&c->producer_done, true);
	bell_ring(&pr->pipe->end_bell);
}

/* With a consumer in this kticker, the first ticks wait for its first assignment: a group
 * join takes seconds (3 s on the embedded cluster), and at full speed the producer would run
 * that far ahead, a backlog that retention can delete unread and that every latency figure
 * would carry. Bounded: a group that gives this member nothing must not stop the producer. */
static void wait_for_first_assignment(struct producer *pr)
{
	struct pipeline *p = pr->pipe;
	if (!options_has_consumer(p->opt) || atomic_load(&p->counters.consumer_assigned))
		return;
	eventlog_add(EVENT_INFO, "producer waits for the consumer's first partition assignment "
		     "(at most %d s), so it does not run ahead of it", FIRST_ASSIGNMENT_WAIT_MS / 1000);
	int64_t start = mono_ms();
	while (!atomic_load(&p->counters.consumer_assigned) && !should_stop(pr) &&
	       mono_ms() - start < FIRST_ASSIGNMENT_WAIT_MS)
		rd_kafka_poll(pr->rk, 10);
	double waited = (double)(mono_ms() - start) / 1000.0;
	if (atomic_load(&p->counters.consumer_assigned))
		eventlog_add(EVENT_INFO, "consumer assigned after %.1f s: producing", waited);
	else if (!should_stop(pr))
		eventlog_add(EVENT_WARN, "no partition assigned to the consumer after %.1f s: "
			     "producing anyway", waited);
}

/* Whether this kticker's consumer reads every partition of the topic, unthrottled: then it
 * reads all the producer writes, and nothing asked for lag. */
static bool consumer_reads_all(struct pipeline *p)
{
	if (!atomic_load(&p->counters.consumer_assigned) ||
	    atomic_load_explicit(&p->control.throttle, memory_order_relaxed) != 0)
		return false;
	struct partition_offsets parts[PARTITIONS_MAX];
	int n = lagboard_snapshot(&p->lag, parts, PARTITIONS_MAX), assigned = 0;
	for (int i = 0; i < n; i++)
		assigned += parts[i].assigned;
	return n == 0 /* assigned, not yet published */ || assigned >= atomic_load(&p->control.partitions);
}

static int64_t lead_of(struct producer *pr)
{
	struct counters *c = &pr->pipe->counters;
	return (int64_t)(counter_get(&c->produced) - counter_get(&c->consumed_own)) - pr->lead_unread;
}

/* The embedded cluster (this kticker's or another's) keeps about 5 MB per partition. At full
 * speed the producer writes ~10 times faster than the consumer reads there, and retention
 * would delete ticks before they are read: so, while this kticker's own consumer reads
 * everything, the producer stays at most EMBEDDED_LEAD_MAX ticks ahead of it (1.4 MB even if
 * they all went to one partition).
 * Ticks the consumer will never read (lost, deleted, rewound past) must not hold the producer
 * forever: when the consumer reads nothing for a second, what it has not read is written off. */
static void keep_lead(struct producer *pr)
{
	struct pipeline *p = pr->pipe;
	if (lead_of(pr) <= EMBEDDED_LEAD_MAX || !p->cluster.mock_limits ||
	    !options_has_consumer(p->opt) || !consumer_reads_all(p))
		return;
	if (!pr->lead_noted) {
		pr->lead_noted = true;
		eventlog_add(EVENT_INFO, "producer keeps at most %d ticks ahead of the consumer: the "
			     "embedded cluster keeps only about 5 MB per partition", EMBEDDED_LEAD_MAX);
	}
	uint64_t read = counter_get(&p->counters.consumed_own);
	int64_t progress_ms = mono_ms();
	/* down to half, so the next ticks go out together, in big batches: a trickle of small
	 * ones would slow the mock's consumer down (it returns one batch per partition per fetch) */
	while (lead_of(pr) > EMBEDDED_LEAD_MAX / 2 && !should_stop(pr) && consumer_reads_all(p)) {
		rd_kafka_poll(pr->rk, 1);
		if (counter_get(&p->counters.consumed_own) != read) {
			read = counter_get(&p->counters.consumed_own);
			progress_ms = mono_ms();
		} else if (mono_ms() - progress_ms > 1000) {
			eventlog_add(EVENT_WARN, "the consumer read nothing for 1 s with %lld of this "
				     "producer's ticks unread: the producer goes on", (long long)lead_of(pr));
			pr->lead_unread += lead_of(pr);
			break;
		}
	}
}

/* The next tick: the one held back from the last batch, or the replay's next. */
static bool take_tick(struct producer *pr, struct tick *t, struct replay_slot *slot)
{
	if (!pr->holding)
		return replay_next(&pr->replay, t, slot);
	*t = pr->held;
	*slot = pr->held_slot;
	pr->holding = false;
	return true;
}

/* Whether the batch may take another tick without a look at the controls first: not paused
 * (a step is one tick), not stopping, no new settings to follow. */
static bool batch_may_grow(struct producer *pr)
{
	struct control *ctl = &pr->pipe->control;
	return !atomic_load_explicit(&ctl->paused, memory_order_relaxed) && !should_stop(pr) &&
	       !settings_changed(pr);
}

/* Fills the batch, starting with t (due), with the ticks after it that are due by the last
 * clock reading, at most room; a tick not yet due is held back for the next batch. */
static void fill_batch(struct producer *pr, struct tick *t, struct replay_slot *slot, uint64_t room)
{
	int64_t produce_us = now_us();
	int32_t date = t->date;
	add_to_batch(pr, t, slot, produce_us);
	while (pr->batch.count < PRODUCE_BATCH_MAX && (uint64_t)pr->batch.count < room &&
	       batch_may_grow(pr) && replay_next(&pr->replay, t, slot)) {
		if (due_time(pr, slot) > pr->clock_ms) {
			pr->held = *t;
			pr->held_slot = *slot;
			pr->holding = true;
			break;
		}
		date = t->date;
		add_to_batch(pr, t, slot, produce_us);
	}
	atomic_store_explicit(&pr->pipe->counters.producing_date, date, memory_order_relaxed);
}

static void *producer_main(void *arg)
{
	struct producer *pr = arg;
	const struct options *o = pr->pipe->opt;
	uint64_t sent = 0, served_at = 0;
	struct tick t;
	struct replay_slot slot;
	wait_for_first_assignment(pr);
	pr->day_start_ms = mono_ms();
	int64_t not_yet = 0; /* a restarted producer keeps the first start */
	atomic_compare_exchange_strong(&pr->pipe->counters.feed_started_ms, &not_yet,
				       pr->day_start_ms);
	while (!should_stop(pr)) {
		if (o->count && sent >= (uint64_t)o->count) {
			finish(pr, "--count reached");
			break;
		}
		if (!take_tick(pr, &t, &slot)) {
			finish(pr, "end of the data");
			break;
		}
		if (!wait_until_due(pr, &slot))
			break;
		keep_lead(pr);
		fill_batch(pr, &t, &slot, o->count ? (uint64_t)o->count - sent : UINT64_MAX);
		sent += (uint64_t)pr->batch.count;
		send_batch(pr);
		if (sent - served_at >= POLL_EVERY) {
			serve(pr, 0);
			served_at = sent;
		}
	}
	while (!should_stop(pr) && follow_settings(pr)) {
		serve(pr, 100); /* keep serving delivery reports until shutdown */
		bell_ring(&pr->pipe->end_bell); /* a run may end with these deliveries */
	}
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
	pthread_mutex_init(&pr->client_lock, NULL);
	retry_tally_init(&pr->retries);
	random_producer_id(pipe->producer_id);
	replay_init(&pr->replay, &pipe->feed, pipe->opt->ticks_per_day, pipe->opt->seed,
		    pipe->opt->loop, pipe->opt->from_date);
	if (!batch_order_init(&pr->order, pipe->feed.symbol_count)) {
		snprintf(err, err_size, "out of memory");
		replay_free(&pr->replay);
		return false;
	}
	if (!open_client(pr, err, err_size)) {
		batch_order_free(&pr->order);
		replay_free(&pr->replay);
		return false;
	}
	pr->running = thread_start(&pr->thread, producer_main, pr, "kt:producer");
	if (!pr->running)
		snprintf(err, err_size, "cannot start the producer thread");
	return pr->running;
}

/* Whether the thread runs is the question, not whether a client is open: the thread has none
 * while it rebuilds it (a new topic, acks...), and a stop then must still end and join it. It
 * used to return at once in that window, and run() went on while the thread produced into its
 * struct, on run()'s stack: a SIGINT during a topic switch ended in a SIGSEGV. */
void producer_stop(struct producer *pr)
{
	if (!pr->running && !pr->rk)
		return; /* never started, or producer_start undid what it did */
	atomic_store(&pr->pipe->stop_producer, true);
	/* after the last tick the thread waits in rd_kafka_poll() up to 100 ms at a time, which
	 * every run would otherwise add to its shutdown; under the lock, so that the client is
	 * not destroyed meanwhile (without one, the thread sees the stop at its next look) */
	pthread_mutex_lock(&pr->client_lock);
	if (pr->rk)
		kconf_wake_poll(pr->rk);
	pthread_mutex_unlock(&pr->client_lock);
	if (pr->running)
		pthread_join(pr->thread, NULL);
	pr->running = false;
	if (pr->rk)
		close_client(pr, PRODUCER_STOP_FLUSH_MS);
	batch_order_free(&pr->order);
	replay_free(&pr->replay);
	retry_tally_free(&pr->retries);
	pthread_mutex_destroy(&pr->client_lock);
}
