/* consumer_rest.c: the consumer's fetching rests on a mock cluster while nothing new is
 * produced (consumer_rest.h). */
#include <stdatomic.h>

#include "consumer_int.h"
#include "eventlog.h"
#include "health.h"
#include "lag.h"
#include "offsetwatch.h"
#include "util.h"

/* Where a held partition is to be read from after a rest: its position, or for one never
 * read (empty when the rest began) its high watermark then. */
static int64_t next_offset(const struct consumer *c, const struct partition_offsets *p)
{
	return p->position >= 0 ? p->position : c->rest.rest_high[p->partition];
}

/* The partitions this member holds, as a list for pause and resume (with where each is to be
 * read from, for the seek after a resume); NULL when none. */
static rd_kafka_topic_partition_list_t *held_partitions(struct consumer *c)
{
	rd_kafka_topic_partition_list_t *list = NULL;
	for (int i = 0; i < c->part_count; i++) {
		if (!c->parts[i].assigned)
			continue;
		if (!list)
			list = rd_kafka_topic_partition_list_new(c->part_count);
		rd_kafka_topic_partition_list_add(list, c->topic, c->parts[i].partition)->offset =
			next_offset(c, &c->parts[i]);
	}
	return list;
}

/* Whether it holds a partition, and has read every one it holds to its last fetch's high
 * watermark. */
static bool read_all_held(const struct consumer *c)
{
	bool holds = false;
	for (int i = 0; i < c->part_count; i++) {
		if (!c->parts[i].assigned)
			continue;
		if (!partition_offsets_read_to_end(&c->parts[i]))
			return false;
		holds = true;
	}
	return holds;
}

static void set_resting(struct consumer *c, bool resting)
{
	c->rest.resting = resting;
	atomic_store(&c->pipe->counters.fetch_resting, resting);
	control_hold_resting_consumer(&c->pipe->control, resting ? &c->messages : NULL);
}

/* Whether the offset watcher has seen a partition this member holds grow since the rest
 * began: another producer wrote to it. */
static bool others_produced(struct consumer *c)
{
	struct consumer_rest *r = &c->rest;
	int n = offsetwatch_ends(&c->pipe->offsets, c->topic, NULL, r->watched_high, PARTITIONS_MAX);
	for (int i = 0; i < c->part_count; i++) {
		int32_t partition = c->parts[i].partition;
		if (c->parts[i].assigned && partition < n && r->watched_high[partition] > r->rest_high[partition])
			return true;
	}
	return false;
}

static void begin_rest(struct consumer *c)
{
	rd_kafka_topic_partition_list_t *list = held_partitions(c);
	if (!list)
		return;
	rd_kafka_resp_err_t e = rd_kafka_pause_partitions(c->rk, list);
	rd_kafka_topic_partition_list_destroy(list);
	if (e) {
		eventlog_add(EVENT_WARN, "consumer: pausing its partitions: %s", rd_kafka_err2str(e));
		c->rest.quiet_since_ms = mono_ms(); /* not again at once */
		return;
	}
	for (int i = 0; i < c->part_count; i++)
		c->rest.rest_high[c->parts[i].partition] = c->parts[i].high_watermark;
	set_resting(c, true);
	/* the count is read after the queue is named under the control's lock, which the
	 * producer takes after it counted ticks delivered (serve): one of the two sees the
	 * other's */
	if (counter_get(&c->pipe->counters.delivered) != c->rest.delivered_seen) {
		consumer_rest_end(c);
		return;
	}
	if (!c->rest.told)
		eventlog_add(EVENT_INFO, "consumer: nothing new for %d s: fetching rests until something "
			     "is produced (an embedded cluster cannot answer a waiting fetch early, so "
			     "it would be asked 100 times a second per broker)",
			     CONSUMER_REST_AFTER_MS / 1000);
	c->rest.told = true;
}

/* Resumes the held partitions, and seeks each to where it is to be read from: librdkafka
 * 2.0.2's resume does not wake the broker threads, which slept until their next second
 * (a tick waited 1.05 s), and a seek to an offset does (rd_kafka_toppar_op_seek). */
static void resume_held(struct consumer *c)
{
	rd_kafka_topic_partition_list_t *list = held_partitions(c);
	if (!list)
		return;
	rd_kafka_resp_err_t e = rd_kafka_resume_partitions(c->rk, list);
	rd_kafka_error_t *error = e ? NULL : rd_kafka_seek_partitions(c->rk, list, 0 /* no wait */);
	if (e || error)
		eventlog_add(EVENT_WARN, "consumer: resuming its partitions: %s",
			     e ? rd_kafka_err2str(e) : rd_kafka_error_string(error));
	if (error)
		rd_kafka_error_destroy(error);
	rd_kafka_topic_partition_list_destroy(list);
}

void consumer_rest_end(struct consumer *c)
{
	c->rest.quiet_since_ms = mono_ms(); /* what comes next is read before a rest */
	if (!c->rest.resting)
		return;
	resume_held(c);
	set_resting(c, false);
}

void consumer_rest_forget(struct consumer *c)
{
	set_resting(c, false);
	c->rest.quiet_since_ms = mono_ms();
}

/* a resting consumer's thread is alive: the health verdict's silence limit allows two waits */
_Static_assert(2 * CONSUMER_REST_WAIT_MS <= HEALTH_SILENT_MS, "a rest's wait reads as silence");

int consumer_rest_wait_ms(const struct consumer *c)
{
	return c->rest.resting ? CONSUMER_REST_WAIT_MS : CONSUMER_WAIT_MS;
}

void consumer_rest_check(struct consumer *c, ssize_t n, int64_t now_ms)
{
	struct consumer_rest *r = &c->rest;
	if (!c->pipe->cluster.mock_limits || !c->rk)
		return;
	uint64_t delivered = counter_get(&c->pipe->counters.delivered);
	bool news = n > 0 || delivered != r->delivered_seen;
	r->delivered_seen = delivered;
	if (r->resting) {
		if (news || others_produced(c))
			consumer_rest_end(c);
		return;
	}
	if (news || !read_all_held(c))
		r->quiet_since_ms = now_ms;
	else if (now_ms - r->quiet_since_ms >= CONSUMER_REST_AFTER_MS)
		begin_rest(c);
}
