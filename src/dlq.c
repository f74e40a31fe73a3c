/* dlq.c: dead letters, to their topic and to the screen's viewer. */
#include "dlq.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "eventlog.h"
#include "kconf.h"
#include "pipeline.h"
#include "util.h"

#define DLQ_FLUSH_MS 10000

void deadletters_init(struct deadletters *d)
{
	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
}

void deadletters_free(struct deadletters *d) { pthread_mutex_destroy(&d->lock); }

int deadletters_latest(struct deadletters *d, struct dead_letter *out, int max)
{
	pthread_mutex_lock(&d->lock);
	int n = 0;
	for (uint64_t i = d->total; i > 0 && n < max && d->total - i < DLQ_KEEP; i--)
		out[n++] = d->ring[(i - 1) % DLQ_KEEP];
	pthread_mutex_unlock(&d->lock);
	return n;
}

static void record(struct deadletters *d, const rd_kafka_message_t *m, const char *reason)
{
	struct dead_letter letter = { .time_ms = now_ms(), .partition = m->partition,
				      .offset = m->offset, .size = m->len };
	copy_str(letter.reason, sizeof(letter.reason), reason);
	const unsigned char *bytes = m->payload;
	size_t n = m->len < DLQ_PREVIEW ? m->len : DLQ_PREVIEW;
	for (size_t i = 0; i < n; i++)
		letter.preview[i] = bytes[i] >= 32 && bytes[i] < 127 ? (char)bytes[i] : '.';
	letter.preview[n] = '\0';
	pthread_mutex_lock(&d->lock);
	d->ring[d->total % DLQ_KEEP] = letter;
	d->total++;
	pthread_mutex_unlock(&d->lock);
}

static void lost(struct dlq *q, const char *what, const char *why)
{
	counter_add(&q->pipe->counters.dlq_failed, 1);
	q->failed = true;
	eventlog_add(EVENT_ERROR, "dead letter not kept (%s: %s): offsets are no longer committed",
		     what, why);
}

/* Runs in the consumer thread, inside the flush. A dead letter counts as sent once the
 * cluster has it: kcat then finds it in the topic. */
static void on_dead_letter_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	struct dlq *q = opaque;
	if (m->err)
		lost(q, rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err));
	else
		counter_add(&q->pipe->counters.dead_letters, 1);
}

/* The producer and the topic "<source>.dlq", created when missing. */
static bool open_for(struct dlq *q, const char *source)
{
	struct pipeline *p = q->pipe;
	char topic[sizeof(q->topic)];
	snprintf(topic, sizeof(topic), "%.240s.dlq", source);
	if (q->rk && strcmp(topic, q->topic) == 0)
		return true;
	char err[512];
	cluster_prepare_topic(&p->cluster, topic, source);
	copy_str(q->topic, sizeof(q->topic), topic);
	if (q->rk)
		return true;
	rd_kafka_conf_t *conf = kconf_new(p->cluster.bootstrap, err, sizeof(err));
	/* a dead letter may be as large as anything a broker took: librdkafka's own limit must
	 * not be what refuses it */
	if (!conf || !kconf_set(conf, "acks", "all", err, sizeof(err)) ||
	    !kconf_set(conf, "message.max.bytes", "16000000", err, sizeof(err)) ||
	    !kconf_apply_user(conf, p->opt, err, sizeof(err))) {
		if (conf)
			rd_kafka_conf_destroy(conf);
		lost(q, "producer", err);
		return false;
	}
	rd_kafka_conf_set_dr_msg_cb(conf, on_dead_letter_delivery);
	rd_kafka_conf_set_opaque(conf, q);
	q->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
	if (!q->rk) {
		rd_kafka_conf_destroy(conf);
		lost(q, "producer", err);
	}
	return q->rk != NULL;
}

void dlq_send(struct dlq *q, const rd_kafka_message_t *m, const char *reason)
{
	struct pipeline *p = q->pipe;
	record(&p->deadletters, m, reason);
	const char *source = rd_kafka_topic_name(m->rkt);
	if (!open_for(q, source))
		return;
	char partition[16], offset[24];
	snprintf(partition, sizeof(partition), "%" PRId32, m->partition);
	snprintf(offset, sizeof(offset), "%" PRId64, m->offset);
	rd_kafka_resp_err_t e = rd_kafka_producev(
		q->rk, RD_KAFKA_V_TOPIC(q->topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
		RD_KAFKA_V_VALUE(m->payload, m->len), RD_KAFKA_V_KEY(m->key, m->key_len),
		RD_KAFKA_V_HEADER("kticker.reason", reason, -1),
		RD_KAFKA_V_HEADER("kticker.source.topic", source, -1),
		RD_KAFKA_V_HEADER("kticker.source.partition", partition, -1),
		RD_KAFKA_V_HEADER("kticker.source.offset", offset, -1), RD_KAFKA_V_END);
	if (e)
		lost(q, q->topic, rd_kafka_err2str(e));
}

bool dlq_flush(struct dlq *q)
{
	if (q->rk && rd_kafka_outq_len(q->rk) > 0 &&
	    rd_kafka_flush(q->rk, DLQ_FLUSH_MS) != RD_KAFKA_RESP_ERR_NO_ERROR)
		eventlog_add(EVENT_ERROR, "%d dead letters still undelivered to %s after %d s",
			     rd_kafka_outq_len(q->rk), q->topic, DLQ_FLUSH_MS / 1000);
	return !q->failed && (!q->rk || rd_kafka_outq_len(q->rk) == 0);
}

void dlq_close(struct dlq *q)
{
	if (!q->rk)
		return;
	dlq_flush(q);
	rd_kafka_destroy(q->rk);
	q->rk = NULL;
}
