/* consumer_lab.c: what the lab does to the consumer: a crash without commit, a throttle,
 * a rewind of the group. Run by the consumer thread, between batches. */
#include "consumer.h"
#include "consumer_int.h"

#include <stdio.h>

#include "date.h"
#include "eventlog.h"
#include "reaper.h"
#include "util.h"

/* Even without a consumer close, librdkafka commits the stored offsets as it tears the
 * group membership down; a crashed process would not. Storing the committed offsets back
 * makes that last commit a no-op, so what was processed since the last commit is lost. */
static void forget_uncommitted(struct consumer *c)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(c->part_count + 1);
	for (int i = 0; i < c->part_count; i++)
		if (c->parts[i].assigned && c->parts[i].committed >= 0)
			rd_kafka_topic_partition_list_add(list, c->topic, c->parts[i].partition)->offset =
				c->parts[i].committed;
	if (list->cnt)
		rd_kafka_offsets_store(c->rk, list);
	rd_kafka_topic_partition_list_destroy(list);
}

/* What the next member reads again: every message processed since the group's last commit
 * (librdkafka commits the stored offsets once a second, so it may be more than one batch). */
static int64_t processed_uncommitted(const struct consumer *c)
{
	int64_t n = 0;
	for (int i = 0; i < c->part_count; i++)
		if (c->parts[i].assigned && c->parts[i].committed >= 0 &&
		    c->parts[i].position > c->parts[i].committed)
			n += c->parts[i].position - c->parts[i].committed;
	return n;
}

/* A crash, as far as Kafka can tell: the member vanishes without committing or leaving the
 * group. It dies right after the next batch arrives: in before mode with the batch committed
 * but not processed, in the other modes processed but not yet committed. The batch is the
 * one the throttle allows next (a tenth of a second's worth), as the consumer would have
 * taken: a whole one taken at once under "throttle 10" read 1026 messages in an instant. */
void consumer_crash(struct consumer *c, rd_kafka_message_t **msgs)
{
	int mode = atomic_load(&c->pipe->control.commit_mode);
	bool before = mode == COMMIT_BEFORE;
	consumer_rest_end(c); /* the crash takes the next batch, which a rest would hold back */
	ssize_t n = msg_queue_take(&c->messages, 2000, msgs,
				   (size_t)consumer_batch_limit(consumer_throttle_rate(c)));
	if (n > 0) {
		consumer_commit_before_processing(c, msgs, n, mode);
		if (before)
			eventlog_add(EVENT_WARN, "consumer crashed after committing %zd messages it never "
				     "processed: they are lost to this group (at-most-once)", n);
		else {
			consumer_process_batch(c, msgs, n, mode);
			eventlog_add(EVENT_WARN, "consumer crashed after processing %lld messages it had "
				     "not committed: they will be read again (at-least-once)",
				     (long long)processed_uncommitted(c));
		}
	}
	for (ssize_t i = 0; i < n; i++)
		rd_kafka_message_destroy(msgs[i]);
	if (!before)
		forget_uncommitted(c); /* before mode stored only what it committed */
	/* dead from here on, as the screen must show at once: tearing the client down takes a while */
	for (int i = 0; i < c->part_count; i++)
		c->parts[i].assigned = false;
	atomic_store(&c->pipe->counters.consumer_assigned, false);
	consumer_set_state(c, CONSUMER_NONE);
	lagboard_publish(&c->pipe->lag, c->parts, c->part_count, c->last_commit_ms);
	msg_queue_close(&c->messages);
	consumer_release_topic(c);
	reaper_destroy(c->rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE, "crashed consumer");
	c->rk = NULL;
	consumer_rest_forget(c);
	eventlog_add(EVENT_INFO, "a new consumer starts; the group hands it partitions once the dead "
		     "member's session times out (session.timeout.ms)");
	consumer_reopen(c);
}

int consumer_throttle_rate(struct consumer *c)
{
	return atomic_load_explicit(&c->pipe->control.throttle, memory_order_relaxed);
}

/* Reads no faster than the throttle allows: lag builds on demand. Kept in µs: a consumer that
 * keeps up takes a message or two at a time, each worth less than a millisecond. The n
 * messages are paid for at the rate their batch was sized for: at a rate set since, a batch
 * of 1024 taken unthrottled cost 102 s at 10/s, the consumer asleep all that time. A new
 * rate ends the wait: it takes effect from the next batch, a throttle lifted at once. */
void consumer_throttle(struct consumer *c, ssize_t n, int rate)
{
	int64_t now = mono_ms() * 1000;
	if (rate <= 0 || n <= 0) {
		c->throttle_next_us = now;
		return;
	}
	if (c->throttle_next_us < now - 1000000)
		c->throttle_next_us = now;
	c->throttle_next_us += n * 1000000 / rate;
	int64_t left;
	while ((left = c->throttle_next_us - mono_ms() * 1000) > 0 &&
	       !atomic_load_explicit(&c->pipe->stop_consumer, memory_order_relaxed)) {
		if (consumer_throttle_rate(c) != rate) {
			c->throttle_next_us = mono_ms() * 1000;
			return;
		}
		sleep_ms(left < 50000 ? (left + 999) / 1000 : 50);
	}
}

int consumer_batch_limit(int rate)
{
	if (rate <= 0)
		return CONSUMER_BATCH;
	int per_tenth = rate / 10; /* a batch no bigger than a tenth of a second's worth */
	return per_tenth < 1 ? 1 : per_tenth > CONSUMER_BATCH ? CONSUMER_BATCH : per_tenth;
}

/* Kafka's own answer (ListOffsets by timestamp): the first offset produced at or after
 * time_ms; -1 when the cluster does not say. */
static int64_t offset_for_time(struct consumer *c, int32_t partition, int64_t time_ms)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(list, c->topic, partition)->offset = time_ms;
	int64_t offset = -1;
	if (rd_kafka_offsets_for_times(c->rk, list, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR &&
	    !list->elems[0].err)
		offset = list->elems[0].offset;
	rd_kafka_topic_partition_list_destroy(list);
	return offset;
}

/* Where a date starts in one partition, by the consumer's index of it. The index starts over
 * each time the consumer joins the topic: a date before its first mark, with offsets below that
 * mark the index never saw, is somewhere in those, so the log start, which is at or before it,
 * is the nearest place that misses none of it (said by *to_start). -1 when it cannot tell. */
static int64_t date_offset(struct consumer *c, int32_t partition, int32_t date, int64_t lo,
			   bool *to_start)
{
	const struct date_mark *mark = dateindex_find(&c->dates[partition], date);
	if (!mark)
		return -1;
	if (mark == c->dates[partition].marks && date < mark->date && mark->offset > lo) {
		*to_start = true;
		return lo;
	}
	int64_t offset = c->pipe->cluster.mock_limits ? mark->offset : offset_for_time(c, partition, mark->time_ms);
	return offset < 0 ? -1 : offset < lo ? lo : offset;
}

/* Where a rewind takes one partition; -1 when it cannot tell. */
static int64_t rewind_offset(struct consumer *c, int32_t partition, int target, int32_t date,
			     bool *to_start)
{
	int64_t lo, hi;
	if (rd_kafka_query_watermark_offsets(c->rk, c->topic, partition, &lo, &hi, 2000))
		return -1;
	if (target == REWIND_BEGINNING)
		return lo;
	if (target == REWIND_END)
		return hi;
	return date_offset(c, partition, date, lo, to_start);
}

static const char *rewind_name(int target, int32_t date, char *buf)
{
	if (target == REWIND_DATE) {
		date_format(date, buf);
		return buf;
	}
	return target == REWIND_BEGINNING ? "the beginning" : "the end";
}

/* Storing the rewound offsets is not enough: librdkafka's auto-commit left the group's
 * committed offsets where they were (seen on Kafka 4.1.1: lag 0 for a minute after a rewind
 * to the beginning), so the rewind is committed here, at once: the committed offset, and
 * the Lag column beside it, move back with the position. */
static void commit_rewind(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	rd_kafka_resp_err_t e = rd_kafka_commit(c->rk, list, 0);
	if (e)
		eventlog_add(EVENT_WARN, "rewind: committing the new offsets failed (%s): the group's "
			     "committed offsets move back only as it re-reads", rd_kafka_err2str(e));
}

/* Seeks every partition this member owns, stores the new offsets and commits them, so the
 * group's committed offsets move back too. */
void consumer_rewind(struct consumer *c)
{
	int32_t date;
	int target = control_take_rewind(&c->pipe->control, &date);
	if (target == REWIND_NONE)
		return; /* two quick requests: the first call took both */
	consumer_rest_end(c); /* what it reads changes */
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(c->part_count + 1);
	int64_t moved = 0, ahead = 0;
	int unknown = 0, to_start = 0;
	for (int i = 0; i < c->part_count; i++) {
		struct partition_offsets *p = &c->parts[i];
		if (!p->assigned)
			continue;
		bool before_index = false;
		int64_t offset = rewind_offset(c, p->partition, target, date, &before_index);
		to_start += before_index;
		if (offset < 0) {
			unknown++;
			continue;
		}
		rd_kafka_topic_partition_list_add(list, c->topic, p->partition)->offset = offset;
		moved += p->position >= 0 ? p->position - offset : 0;
		ahead += p->position >= 0 && offset > p->position ? offset - p->position : 0;
		p->position = offset;
	}
	rd_kafka_error_t *e = list->cnt ? consumer_seek(c->rk, list, 5000) : NULL;
	char name[DATE_TEXT_LEN + 16];
	if (e) {
		eventlog_add(EVENT_ERROR, "rewind: %s", rd_kafka_error_string(e));
		rd_kafka_error_destroy(e);
	} else if (list->cnt) {
		rd_kafka_offsets_store(c->rk, list);
		commit_rewind(c, list);
		seqcheck_forget_streams(&c->seq); /* re-reading on purpose is not duplication */
		counter_add(&c->pipe->counters.rewound_ahead, (uint64_t)ahead);
		long long distance = moved >= 0 ? moved : -moved;
		eventlog_add(EVENT_INFO, "rewind to %s: %d partition%s moved %s by %lld offset%s%s",
			     rewind_name(target, date, name), list->cnt, plural(list->cnt),
			     moved >= 0 ? "back" : "ahead", distance, plural(distance),
			     unknown ? "; others had no offset for that date yet" : "");
		if (to_start)
			eventlog_add(EVENT_WARN, "rewind to %s: no date index that far back on %d "
				     "partition%s (it starts where the consumer joined the topic): "
				     "rewound %s to the beginning", name, to_start, plural(to_start),
				     to_start == 1 ? "it" : "them");
	} else {
		eventlog_add(EVENT_WARN, "rewind to %s: no owned partition has an offset for it",
			     rewind_name(target, date, name));
	}
	rd_kafka_topic_partition_list_destroy(list);
}
