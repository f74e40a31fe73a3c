/* consumer.c: the consumer thread — group membership, decoding, offsets and lag. */
#include "consumer.h"
#include "consumer_int.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "eventlog.h"
#include "kconf.h"
#include "reaper.h"
#include "screenwake.h"
#include "util.h"

#define REFRESH_MS 100 /* how often watermarks are re-read and the lag table published */

/* The entry of a partition of the current topic; NULL for anything else, such as a late
 * callback about the topic we just left. */
static struct partition_offsets *part_of(struct consumer *c, const char *topic, int32_t partition)
{
	if (partition < 0 || partition >= PARTITIONS_MAX || strcmp(topic, c->topic) != 0)
		return NULL;
	while (c->part_count <= partition) {
		partition_offsets_reset(&c->parts[c->part_count], c->part_count);
		c->part_count++;
	}
	return &c->parts[partition];
}

static void describe_partitions(const rd_kafka_topic_partition_list_t *list, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < list->cnt && used + 8 < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%" PRId32, i ? "," : "",
					 list->elems[i].partition);
}

/* Where a partition without a committed offset starts, as the consumer's auto.offset.reset
 * says (kticker's earliest, or the user's -X): INVALID for "error", which librdkafka reports. */
static int64_t offset_without_commit(rd_kafka_t *rk)
{
	char policy[32];
	if (!kconf_client_value(rk, "auto.offset.reset", policy, sizeof(policy)))
		return RD_KAFKA_OFFSET_INVALID;
	if (!strcmp(policy, "smallest") || !strcmp(policy, "earliest") || !strcmp(policy, "beginning"))
		return RD_KAFKA_OFFSET_BEGINNING;
	if (!strcmp(policy, "largest") || !strcmp(policy, "latest") || !strcmp(policy, "end"))
		return RD_KAFKA_OFFSET_END;
	return RD_KAFKA_OFFSET_INVALID;
}

/* The offsets the group committed before we got these partitions, so lag is right at once,
 * and where each partition starts: NULL if the coordinator did not say. Assigning them so
 * saves a wait: librdkafka 2.0.2, given a partition without an offset, asks the coordinator
 * again, and where none is committed it queries the log's start only after a 100 ms
 * back-off (rd_kafka_toppar_fetch_start: an offset reset "with an error"); given
 * BEGINNING, it queries at once. */
static rd_kafka_topic_partition_list_t *read_committed(struct consumer *c,
							const rd_kafka_topic_partition_list_t *list)
{
	rd_kafka_topic_partition_list_t *starts = rd_kafka_topic_partition_list_copy(list);
	if (rd_kafka_committed(c->rk, starts, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
		rd_kafka_topic_partition_list_destroy(starts);
		return NULL;
	}
	char resume[512] = "";
	size_t used = 0;
	int64_t fallback = offset_without_commit(c->rk);
	static int64_t log_starts[PARTITIONS_MAX]; /* the consumer thread's alone */
	int known = fallback == RD_KAFKA_OFFSET_BEGINNING
			    ? offsetwatch_ends(&c->pipe->offsets, c->topic, log_starts, NULL, PARTITIONS_MAX)
			    : 0;
	for (int i = 0; i < starts->cnt; i++) {
		rd_kafka_topic_partition_t *e = &starts->elems[i];
		struct partition_offsets *p = part_of(c, e->topic, e->partition);
		if (e->err || e->offset < 0) {
			e->offset = e->err ? RD_KAFKA_OFFSET_INVALID : fallback;
			/* it starts at the log's start: what retention deletes before the first
			 * fetch is deleted unread (note_skipped_offsets), as it is later */
			if (!e->err && p && e->partition < known && log_starts[e->partition] >= 0)
				p->position = log_starts[e->partition];
			continue;
		}
		if (!p)
			continue;
		p->committed = p->position = e->offset;
		p->committed_ms = now_ms();
		if (used < sizeof(resume) - 32)
			used += (size_t)snprintf(resume + used, sizeof(resume) - used, " %d@%lld",
						 (int)p->partition, (long long)p->committed);
	}
	if (used)
		eventlog_add(EVENT_INFO, "resuming at the group's committed offsets (partition@offset):%s",
			     resume);
	return starts;
}

/* The offset a partition was left with, as kept: -1 for none, or for a partition added since. */
static int64_t left_offset(const struct left_commit *l, int32_t partition)
{
	return partition < l->partitions ? l->offsets[partition] : OFFSET_UNKNOWN;
}

/* Back on a topic it left, this member's last commit there is the one kept on leaving only if
 * the group holds the offsets it left committed on the partitions it is given back: deleted
 * from outside meanwhile (kafka-consumer-groups --delete-offsets, or expired), or committed
 * since by another member, they are not this member's commit, and the health line says "no
 * commit yet" until it commits there again. Judged once, at the first assignment there that
 * gives it partitions, from their committed offsets as read_committed read them (-1 where
 * none is, or the coordinator did not say). */
static void confirm_return(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	const struct left_commit *l = c->returning;
	if (!l || !list->cnt)
		return;
	c->returning = NULL;
	for (int i = 0; i < list->cnt; i++) {
		const struct partition_offsets *p = part_of(c, list->elems[i].topic, list->elems[i].partition);
		if (!p || p->committed != left_offset(l, p->partition))
			return;
	}
	c->last_commit_ms = l->ms;
}

/* Where an earlier ownership of these partitions read to says nothing of where this one
 * starts: the group's committed offset (read_committed) or the first message read tells. A
 * resting consumer resumes each partition at its position (consumer_rest.c). */
static void forget_positions(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	for (int i = 0; i < list->cnt; i++) {
		struct partition_offsets *p = part_of(c, list->elems[i].topic, list->elems[i].partition);
		if (p)
			p->position = OFFSET_UNKNOWN;
	}
}

/* What tells a fetch answer of the holding that begins: taken before the partitions are
 * assigned, so that no answer of theirs is in it. librdkafka 2.0.2 keeps a partition's last
 * high watermark across a revoke (one answered after the last refresh too) and returns it
 * until the first answer of the new holding. */
static void note_taken(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	for (int i = 0; i < list->cnt; i++) {
		struct partition_offsets *p = part_of(c, list->elems[i].topic, list->elems[i].partition);
		if (!p)
			continue;
		int64_t lo, hi;
		if (rd_kafka_get_watermark_offsets(c->rk, c->topic, p->partition, &lo, &hi) != 0)
			hi = RD_KAFKA_OFFSET_INVALID;
		c->when_taken[p->partition].high = hi;
		c->when_taken[p->partition].consumed = p->consumed;
		p->taken_ms = now_ms();
		p->high_of_holding = false;
	}
}

static void set_assigned(struct consumer *c, rd_kafka_topic_partition_list_t *list, bool assigned)
{
	lagboard_set_rebalanced(&c->pipe->lag, now_ms());
	for (int i = 0; i < list->cnt; i++) {
		struct partition_offsets *p = part_of(c, list->elems[i].topic, list->elems[i].partition);
		if (p) {
			p->assigned = assigned;
			p->caught_up_mono_ms = 0; /* a look of an earlier ownership says nothing now */
			p->commit_lag = -1;       /* nor does a commit of one */
			/* Nor does the log start an earlier ownership learnt: after a crash, that of a
			 * client that is gone, its last fetch a session timeout old or more, which
			 * retention has passed since. Taken for this member's, it had the consumer
			 * write off the offsets below it and commit it, below the log start (the
			 * stale 6482 while kcat read 17166). This client's own fetch answers tell
			 * (refresh_lag); until then the partition is not taken as behind retention.
			 * Known until here, for count_own_rereads: what retention deleted is not
			 * read again. */
			if (assigned)
				p->log_start = OFFSET_UNKNOWN;
		}
	}
	bool any = false;
	for (int i = 0; i < c->part_count; i++)
		any |= c->parts[i].assigned;
	atomic_store(&c->pipe->counters.consumer_assigned, any);
	if (any && !atomic_exchange(&c->ever_assigned, true))
		atomic_store(&c->pipe->counters.consumer_first_assigned_ms, mono_ms());
}

/* Where a re-read from offset starts: offsets retention deleted are not there to be re-read
 * (an unknown log start, -1, is taken as 0). */
static int64_t readable_from(int64_t offset, int64_t log_start)
{
	int64_t start = log_start > 0 ? log_start : 0;
	return offset > start ? offset : start;
}

/* Reads past the committed offsets of these partitions: the next owner reads them again.
 * Unless the commit failed as the topic is gone (deleted, perhaps made again under the same
 * name): those ticks went with it, and nobody reads them again. */
static void count_rereads(struct consumer *c, const rd_kafka_topic_partition_list_t *committed,
			  rd_kafka_resp_err_t why)
{
	bool deleted = why == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
	for (int i = 0; i < committed->cnt; i++) {
		const rd_kafka_topic_partition_t *t = &committed->elems[i];
		struct partition_offsets *p = part_of(c, t->topic, t->partition);
		if (!p || p->position < 0 || t->err)
			continue;
		int64_t from = readable_from(t->offset, p->log_start);
		if (p->position <= from)
			continue;
		if (deleted) {
			eventlog_add(EVENT_WARN, "commit at revoke failed (%s): partition %d was deleted "
				     "with its topic, and the %lld ticks read past its committed offset "
				     "(offsets %lld..%lld) with it: nobody reads them again",
				     rd_kafka_err2str(why), (int)p->partition, (long long)(p->position - from),
				     (long long)from, (long long)p->position - 1);
			continue;
		}
		counter_add(&c->pipe->counters.rereads, (uint64_t)(p->position - from));
		eventlog_add(EVENT_WARN, "commit at revoke failed (%s): %lld ticks will be re-read by the "
			     "next owner of partition %d (offsets %lld..%lld)", rd_kafka_err2str(why),
			     (long long)(p->position - from), (int)p->partition, (long long)from,
			     (long long)p->position - 1);
	}
}

/* librdkafka before 2.1.0 waits timeout_ms microseconds for the seeks (its issue 4230): 5 ms
 * for a rewind's 5 s, short enough that a loaded machine (the sanitizer build in CI) failed
 * the rewind with "Timed out waiting for 6 remaining partition seek(s)", its seeks made. */
rd_kafka_error_t *consumer_seek(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *list, int timeout_ms)
{
	if (rd_kafka_version() < 0x02010000 && timeout_ms > 0)
		timeout_ms = timeout_ms < INT_MAX / 1000 ? timeout_ms * 1000 : INT_MAX;
	return rd_kafka_seek_partitions(rk, list, timeout_ms);
}

void consumer_set_state(struct consumer *c, enum consumer_state state)
{
	/* the wait's start before the state that makes it count: a frame never sees JOINING
	 * without it (this thread is the only writer of both) */
	struct counters *n = &c->pipe->counters;
	if (state != CONSUMER_JOINING)
		atomic_store(&n->consumer_joining_ms, 0);
	else if (atomic_load(&n->consumer_state) != CONSUMER_JOINING)
		atomic_store(&n->consumer_joining_ms, mono_ms());
	atomic_store(&n->consumer_state, state);
}

/* A commit at revoke failed and the coordinator did not say what it holds: where this member
 * had read to, so that its own re-reads are counted should it be the next owner. */
static void remember_read_to(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	for (int i = 0; i < list->cnt; i++) {
		struct partition_offsets *p = part_of(c, list->elems[i].topic, list->elems[i].partition);
		if (p && p->position > 0)
			c->uncounted_read_to[p->partition] = p->position;
	}
}

/* This member owns again partitions whose commit at revoke failed uncounted: it starts at the
 * group's committed offset (the log's start where none is), and reads again up to where it
 * had read. Counted as count_rereads() counts the next owner's re-reads. starts: where each
 * partition starts, as assigned. */
static void count_own_rereads(struct consumer *c, const rd_kafka_topic_partition_list_t *starts)
{
	for (int i = 0; i < starts->cnt; i++) {
		const rd_kafka_topic_partition_t *e = &starts->elems[i];
		struct partition_offsets *p = part_of(c, e->topic, e->partition);
		if (!p || !c->uncounted_read_to[p->partition])
			continue;
		int64_t read_to = c->uncounted_read_to[p->partition];
		c->uncounted_read_to[p->partition] = 0;
		int64_t from = e->offset >= 0 ? readable_from(e->offset, p->log_start)
			     : e->offset == RD_KAFKA_OFFSET_BEGINNING ? readable_from(0, p->log_start)
			     : read_to; /* the start is unknown: nothing can be counted */
		if (read_to <= from)
			continue;
		counter_add(&c->pipe->counters.rereads, (uint64_t)(read_to - from));
		eventlog_add(EVENT_WARN, "partition %d is back after a failed commit at revoke: this "
			     "member reads %lld ticks again (offsets %lld..%lld)", (int)p->partition,
			     (long long)(read_to - from), (long long)from, (long long)read_to - 1);
	}
}

/* Committed now: librdkafka 2.0.2, as it removes the partitions from the assignment, commits
 * their stored offsets again whenever they are valid (rd_kafka_assignment_serve_removals),
 * one more round trip to the coordinator at every revoke and at close (~6 ms on Kafka 4.1).
 * An invalid stored offset tells it there is nothing left to commit. */
static void forget_stored_offsets(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	rd_kafka_topic_partition_list_t *none = rd_kafka_topic_partition_list_copy(list);
	for (int i = 0; i < none->cnt; i++)
		none->elems[i].offset = RD_KAFKA_OFFSET_INVALID;
	rd_kafka_offsets_store(c->rk, none);
	rd_kafka_topic_partition_list_destroy(none);
}

/* The next owner of these partitions starts at the group's committed offset: commit what
 * was processed now, before they go, and wait for the answer. Where that fails, the next
 * owner reads again what this member read past the committed offset, as the coordinator
 * tells it now: counted and said. */
static void commit_on_revoke(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	rd_kafka_resp_err_t e = rd_kafka_commit(c->rk, NULL, 0);
	if (!e)
		forget_stored_offsets(c, list);
	if (!e || e == RD_KAFKA_RESP_ERR__NO_OFFSET)
		return;
	rd_kafka_topic_partition_list_t *committed = rd_kafka_topic_partition_list_copy(list);
	if (rd_kafka_committed(c->rk, committed, 5000)) {
		eventlog_add(EVENT_WARN, "commit at revoke failed (%s), and the committed offsets are "
			     "unknown: the next owner may read some ticks again (counted if it is this "
			     "member)", rd_kafka_err2str(e));
		remember_read_to(c, list);
	} else
		count_rereads(c, committed, e);
	rd_kafka_topic_partition_list_destroy(committed);
}

/* Another member may read these partitions next: their sequence baselines go with them. */
static void forget_streams(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	for (int i = 0; i < list->cnt; i++)
		if (strcmp(list->elems[i].topic, c->topic) == 0)
			seqcheck_forget_partition(&c->seq, list->elems[i].partition);
}

/* The member id the coordinator gave this consumer, so the group view can mark it. */
static void publish_member_id(struct consumer *c, rd_kafka_t *rk)
{
	char *id = rd_kafka_memberid(rk);
	lagboard_set_member(&c->pipe->lag, id);
	if (id)
		rd_kafka_mem_free(rk, id);
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
			 rd_kafka_topic_partition_list_t *list, void *opaque)
{
	struct consumer *c = opaque;
	bool cooperative = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
	char parts[256];
	describe_partitions(list, parts, sizeof(parts));
	counter_add(&c->pipe->counters.rebalances, 1);
	/* before the event says so: from here the group's last description of who owns what is
	 * out of date (it named a member that has left while the event said "assigned"), though
	 * the rows change hands only once the committed offsets are read or the commit is made */
	lagboard_set_rebalanced(&c->pipe->lag, now_ms());
	consumer_rest_end(c); /* what it holds changes: none stays paused */
	if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
		eventlog_add(EVENT_INFO, "rebalance: assigned partitions [%s]", parts);
		forget_positions(c, list);
		note_taken(c, list);
		rd_kafka_topic_partition_list_t *starts = read_committed(c, list);
		count_own_rereads(c, starts ? starts : list);
		if (cooperative)
			rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, starts ? starts : list));
		else
			rd_kafka_assign(rk, starts ? starts : list);
		if (starts)
			rd_kafka_topic_partition_list_destroy(starts);
		confirm_return(c, list);
		set_assigned(c, list, true);
		/* the rows before the state: a reader never sees a member without its partitions */
		lagboard_publish(&c->pipe->lag, c->parts, c->part_count, c->last_commit_ms);
		consumer_set_state(c, CONSUMER_MEMBER);
		publish_member_id(c, rk);
	} else {
		eventlog_add(EVENT_INFO, "rebalance: revoked partitions [%s] (%s)", parts,
			     rd_kafka_err2str(err));
		consumer_set_state(c, CONSUMER_JOINING);
		commit_on_revoke(c, list);
		if (cooperative)
			rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, list));
		else
			rd_kafka_assign(rk, NULL);
		set_assigned(c, list, false);
		forget_streams(c, list);
	}
}

/* Whether a partition this member holds has an offset committed for the group: with none,
 * "nothing new to commit" is not a commit (a new topic's first seconds, nothing read yet). */
static bool holds_a_commit(const struct consumer *c)
{
	for (int i = 0; i < c->part_count; i++)
		if (c->parts[i].assigned && c->parts[i].committed >= 0)
			return true;
	return false;
}

/* The lag a commit left: the high watermark of the last fetch answer (librdkafka keeps it:
 * no round trip) less the offset committed; -1 when no answer told it yet. */
static int64_t lag_at_commit(struct consumer *c, const rd_kafka_topic_partition_t *e)
{
	int64_t lo, hi;
	if (rd_kafka_get_watermark_offsets(c->rk, e->topic, e->partition, &lo, &hi) != 0)
		return -1;
	return lag_behind(hi, lo, e->offset); /* -1 for an unknown high watermark */
}

static void on_commit(rd_kafka_t *rk, rd_kafka_resp_err_t err,
		      rd_kafka_topic_partition_list_t *offsets, void *opaque)
{
	(void)rk;
	struct consumer *c = opaque;
	if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) {
		/* nothing new to commit: what is committed is current, where something is */
		if (holds_a_commit(c))
			c->last_commit_ms = now_ms();
		return;
	}
	if (err) {
		eventlog_add(EVENT_WARN, "offset commit failed: %s", rd_kafka_err2str(err));
		return;
	}
	int64_t now = now_ms();
	c->last_commit_ms = now;
	atomic_store_explicit(&c->pipe->counters.commit_answered_ms, now, memory_order_relaxed);
	for (int i = 0; i < offsets->cnt; i++) {
		const rd_kafka_topic_partition_t *e = &offsets->elems[i];
		struct partition_offsets *p = part_of(c, e->topic, e->partition);
		if (!e->err && e->offset >= 0 && e->partition >= 0 && e->partition < PARTITIONS_MAX)
			c->client_committed[e->partition] = e->offset;
		if (p && !e->err && e->offset >= 0) {
			p->committed = e->offset;
			p->committed_ms = now;
			p->commit_lag = lag_at_commit(c, e);
		}
	}
}

/* Partitions another client adds are read within seconds, not librdkafka's 5 min. Not 5 s:
 * a metadata answer that comes while the group's leader waits for its own, to assign the
 * partitions, makes librdkafka 2.0.2 join again (rd_kafka_cgrp_metadata_update_check, the
 * same in 2.15). The embedded cluster answers a join that follows a leave 5 s after the leave
 * (the session less a second), and a new member's refresh counts from its client, made just
 * after the leave: a 5 s refresh came within milliseconds of the join's answer, about every
 * other topic switch joined again, and each join it caused met the refresh again (a switch
 * took up to 32 s). At 4.7 s the refresh comes ~300 ms before that answer, and 1.7 s after a
 * first join's (3 s); a session of 5.7 s given with -X on the embedded cluster would meet it. */
#define CONSUMER_METADATA_REFRESH_MS 4700

static rd_kafka_conf_t *consumer_conf(struct consumer *c, char *err, size_t err_size)
{
	const struct options *o = c->pipe->opt;
	rd_kafka_conf_t *conf = kconf_new(c->pipe->cluster.bootstrap, err, err_size);
	if (!conf)
		return NULL;
	/* kticker stores offsets itself, when the commit mode says (see process_batch), and
	 * librdkafka commits what is stored every second. */
	if (!kconf_set(conf, "group.id", o->group, err, err_size) ||
	    !kconf_set(conf, "auto.offset.reset", "earliest", err, err_size) ||
	    !kconf_set(conf, "enable.auto.offset.store", "false", err, err_size) ||
	    !kconf_set(conf, "auto.commit.interval.ms", "1000", err, err_size) ||
	    !kconf_set_int(conf, "topic.metadata.refresh.interval.ms", CONSUMER_METADATA_REFRESH_MS,
			   err, err_size) ||
	    !kconf_set_group_session(conf, o, c->pipe->cluster.mock_limits, err, err_size) ||
	    (o->instance_id && !kconf_set(conf, "group.instance.id", o->instance_id, err, err_size)) ||
	    !consumer_retention_conf(conf, c->pipe->cluster.mock_limits, err, err_size) ||
	    !kconf_set_embedded_fetch(conf, c->pipe->cluster.mock_limits, err, err_size) ||
	    !kconf_apply_user(conf, o, err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
	rd_kafka_conf_set_offset_commit_cb(conf, on_commit);
	rd_kafka_conf_set_opaque(conf, c);
	return conf;
}

/* Whether an event of a kind last told at *last_ms may be told now, at most one each 200 ms:
 * the counters have them all, the log gets a sample, and a flood does not flood it. */
static bool sample_due(int64_t *last_ms)
{
	int64_t now = mono_ms();
	if (now - *last_ms < 200)
		return false;
	*last_ms = now;
	return true;
}

static void report_undecodable(struct consumer *c, const rd_kafka_message_t *m, const char *why)
{
	counter_add(&c->pipe->counters.undecodable, 1);
	if (!sample_due(&c->last_error_log_ms))
		return;
	eventlog_add(EVENT_WARN, "undecodable message at partition %" PRId32 " offset %" PRId64 ": %s",
		     m->partition, m->offset, why);
}

/* A fatal error ends this member for good (librdkafka reads nothing more): said once, and
 * the run cannot exit 0. A static member is fenced when another joins with its id. */
static void note_fatal(struct consumer *c)
{
	if (atomic_exchange(&c->fatal, true))
		return;
	char reason[256];
	rd_kafka_fatal_error(c->rk, reason, sizeof(reason));
	const char *id = c->pipe->opt->instance_id;
	if (id)
		eventlog_add(EVENT_ERROR, "consumer stopped for good: %s (--instance-id %s is in use by "
			     "another member of group %s: each member needs its own)", reason, id,
			     c->pipe->opt->group);
	else
		eventlog_add(EVENT_ERROR, "consumer stopped for good: %s", reason);
}

static void report_consume_error(struct consumer *c, const rd_kafka_message_t *m)
{
	if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
		return;
	if (m->err == RD_KAFKA_RESP_ERR__FATAL) {
		note_fatal(c);
		return;
	}
	eventlog_add(EVENT_WARN, "consume: %s", rd_kafka_message_errstr(m));
}

/* A fetch that starts past where this consumer stood means the offsets between were deleted
 * (retention) and a reset moved the consumer on: say so, never skip silently. Each offset
 * is counted once, even when a rebalance or rewind puts the position back before a skip
 * that was already counted. */
static void note_skipped_offsets(struct consumer *c, struct partition_offsets *p, int64_t offset,
				 int64_t now_ms)
{
	struct retention_partition *r = consumer_retention_entry(c, p->partition);
	int64_t from = p->position > r->passed ? p->position : r->passed;
	r->last_read_ms = now_ms;
	if (offset + 1 > r->passed)
		r->passed = offset + 1;
	if (p->position < 0 || offset <= from)
		return;
	consumer_count_skipped(c, p, offset - from);
	eventlog_add(EVENT_WARN,
		     "partition %" PRId32 ": offsets %" PRId64 "..%" PRId64 " were deleted before "
		     "they were read (retention); the consumer moved on to %" PRId64,
		     p->partition, from, offset - 1, offset);
}

/* A fetch that starts below where this consumer stood, with nothing of kticker's moving it
 * back (a new holding or a rewind sets the position first), reads another log than the one
 * read there: the topic was deleted and made again under its name, and librdkafka's reset
 * after the out-of-range fetch landed on the new log's start. Its ticks are new ones: none
 * counts as read, shown or counted before because its offset was. */
static void note_replaced_log(struct consumer *c, struct partition_offsets *p, int64_t offset)
{
	if (p->position < 0 || offset >= p->position)
		return;
	seqcheck_log_replaced(&c->seq, p->partition, offset);
	consumer_retention_entry(c, p->partition)->passed = offset;
	eventlog_add(EVENT_WARN,
		     "partition %" PRId32 ": read from offset %" PRId64 ", below the %" PRId64 " this "
		     "member stood at, with no rewind or new holding: its log is another one (the topic "
		     "deleted and made again?), and its ticks count as new",
		     p->partition, offset, p->position);
}

/* The sequence check found a tick never read at an offset this member had read: the log is
 * another one from there, though no fetch went below the position (the topic made again
 * while another member held the partition, then given to this one). What the old log's
 * reads told of retention says nothing of the new one's either. */
static void note_other_log(struct consumer *c, int32_t partition, int64_t offset)
{
	consumer_retention_entry(c, partition)->passed = offset + 1;
	eventlog_add(EVENT_WARN,
		     "partition %" PRId32 ": the tick at offset %" PRId64 " is not the one this member "
		     "read there before: its log is another one (the topic deleted and made again?), "
		     "and its ticks from there count as new",
		     partition, offset);
}

static void report_gap(struct consumer *c, const struct tick *t, int32_t partition, uint64_t lost)
{
	if (!sample_due(&c->last_gap_log_ms))
		return;
	eventlog_add(EVENT_WARN, "gap: %s on partition %d: %llu ticks of %s missing before seq %lld",
		     t->symbol, (int)partition, (unsigned long long)lost, t->producer, (long long)t->seq);
}

/* A tick that came again at an offset not read before: the log holds it twice (one read
 * again where the consumer went back, a crash replay, is told by what moved it back).
 * librdkafka's mock checks sequence numbers only for a transactional producer
 * (rd_kafka_mock_validate_records in 2.0.2), so a request retried after the mock wrote it
 * (its answer lost when a broker went down) is written again there, idempotence or not. */
static void report_duplicate(struct consumer *c, const struct tick *t, int32_t partition,
			     int64_t offset)
{
	if (!sample_due(&c->last_duplicate_log_ms))
		return;
	eventlog_add(EVENT_WARN, "duplicate: %s seq %lld of %s again, at partition %d offset %lld%s",
		     t->symbol, (long long)t->seq, t->producer, (int)partition, (long long)offset,
		     c->pipe->cluster.mock_limits
			     ? ": the embedded cluster writes a retried request again (it checks "
			       "sequence numbers only for transactional producers; a real broker "
			       "keeps an idempotent producer's retry once)"
			     : "");
}

/* A partition beyond PARTITIONS_MAX (the topic was refused at start or switch with more:
 * another client added these since) is neither read nor committed: its ticks stay in the
 * group's lag, for kafka-consumer-groups to see, rather than being skipped unseen. */
static bool unfollowed(const rd_kafka_message_t *m)
{
	return m->partition >= PARTITIONS_MAX;
}

static void warn_unfollowed(struct consumer *c, const rd_kafka_message_t *m)
{
	if (!unfollowed(m) || strcmp(rd_kafka_topic_name(m->rkt), c->topic) != 0 ||
	    atomic_load(&c->pipe->counters.unfollowed_partition))
		return;
	atomic_store(&c->pipe->counters.unfollowed_partition, m->partition);
	eventlog_add(EVENT_ERROR, "topic %s now has a partition %d, beyond the %d kticker follows: "
		     "its ticks are neither read nor committed", c->topic, (int)m->partition, PARTITIONS_MAX);
}

/* Decodes the batch into c->batch; returns how many ticks it held. */
static size_t decode_batch(struct consumer *c, rd_kafka_message_t **msgs, ssize_t n,
			   uint64_t *own, uint64_t *bytes)
{
	size_t good = 0;
	char reason[TICK_REASON_MAX];
	const char *me = c->pipe->producer_id;
	int64_t now_ms = mono_ms(); /* one clock read for the batch: it was taken at once */
	for (ssize_t i = 0; i < n; i++) {
		rd_kafka_message_t *m = msgs[i];
		if (m->err) {
			report_consume_error(c, m);
			continue;
		}
		struct partition_offsets *p = part_of(c, rd_kafka_topic_name(m->rkt), m->partition);
		if (!p) { /* still in flight from the topic we left, or beyond what kticker follows */
			warn_unfollowed(c, m);
			continue;
		}
		note_replaced_log(c, p, m->offset);
		note_skipped_offsets(c, p, m->offset, now_ms);
		p->position = m->offset + 1;
		p->consumed++;
		*bytes += m->len;
		struct tick *t = &c->batch[good];
		c->batch_partition[good] = m->partition;
		c->batch_offset[good] = m->offset;
		if (!tick_decode(m->payload, m->len, t, reason)) {
			report_undecodable(c, m, reason);
			dlq_send(&c->dlq, m, reason);
			continue;
		}
		c->batch_own[good] = strcmp(t->producer, me) == 0;
		*own += c->batch_own[good];
		good++;
		if (c->archive.dir)
			archive_write(&c->archive, t);
		dateindex_note(&c->dates[m->partition], t->date, m->offset, t->produce_us / 1000);
	}
	return good;
}

/* librdkafka 2.0.2 commits a stored offset only when it is past the one this client last
 * committed there ("stored offset 63, committed offset 112: not including in commit"), as if
 * the group still held that. It may not: offsets reset from outside while this member was
 * away (kafka-consumer-groups --reset-offsets), or a topic deleted and made again under the
 * same name, whose offsets start at 0 again. What this member read there was never
 * committed, the health line went STALL, and the next owner would read it all again. Those
 * offsets of list are committed here, by name (asynchronously: on_commit tells); once one
 * is, librdkafka takes it as its own and commits the ones after it again. */
static void commit_what_librdkafka_skips(struct consumer *c, const rd_kafka_topic_partition_list_t *list)
{
	rd_kafka_topic_partition_list_t *skipped = NULL;
	for (int i = 0; i < list->cnt; i++) {
		const rd_kafka_topic_partition_t *e = &list->elems[i];
		const struct partition_offsets *p = part_of(c, e->topic, e->partition);
		if (!p || e->offset > c->client_committed[e->partition] || p->committed == e->offset)
			continue;
		if (!skipped)
			skipped = rd_kafka_topic_partition_list_new(list->cnt);
		rd_kafka_topic_partition_list_add(skipped, e->topic, e->partition)->offset = e->offset;
	}
	if (!skipped)
		return;
	rd_kafka_resp_err_t e = rd_kafka_commit(c->rk, skipped, 1);
	if (e)
		eventlog_add(EVENT_WARN, "offset commit failed: %s", rd_kafka_err2str(e));
	rd_kafka_topic_partition_list_destroy(skipped);
}

/* Stores the offsets after the batch: librdkafka commits them on its next auto-commit. */
static void store_offsets(struct consumer *c, rd_kafka_message_t **msgs, ssize_t n)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(8);
	for (ssize_t i = n - 1; i >= 0; i--) {
		const rd_kafka_message_t *m = msgs[i];
		if (m->err || unfollowed(m) ||
		    rd_kafka_topic_partition_list_find(list, rd_kafka_topic_name(m->rkt), m->partition))
			continue;
		rd_kafka_topic_partition_list_add(list, rd_kafka_topic_name(m->rkt), m->partition)
			->offset = m->offset + 1;
	}
	if (list->cnt) {
		rd_kafka_resp_err_t e = rd_kafka_offsets_store(c->rk, list);
		if (e && e != RD_KAFKA_RESP_ERR__STATE)
			eventlog_add(EVENT_WARN, "offset store: %s", rd_kafka_err2str(e));
		else if (!e)
			commit_what_librdkafka_skips(c, list);
	}
	rd_kafka_topic_partition_list_destroy(list);
}

/* Commits what is stored now, and waits for the answer (at-most-once: before processing). */
static void commit_stored(struct consumer *c)
{
	rd_kafka_resp_err_t e = rd_kafka_commit(c->rk, NULL, 0);
	if (e && e != RD_KAFKA_RESP_ERR__NO_OFFSET)
		eventlog_add(EVENT_WARN, "offset commit failed: %s", rd_kafka_err2str(e));
}

/* The offsets are stored (and, before processing, committed) where the commit mode says:
 * auto: as the messages are handed over, as librdkafka does by itself; after: once
 * processed, at-least-once; before: committed before processing, at-most-once. */
void consumer_commit_before_processing(struct consumer *c, rd_kafka_message_t **msgs, ssize_t n,
				       int mode)
{
	if (mode == COMMIT_AFTER)
		return;
	store_offsets(c, msgs, n);
	if (mode == COMMIT_BEFORE)
		commit_stored(c);
}

/* Moves the batch's tick at from down to to (to <= from). */
static void keep_in_batch(struct consumer *c, size_t from, size_t to)
{
	if (from == to)
		return;
	c->batch[to] = c->batch[from];
	c->batch_partition[to] = c->batch_partition[from];
	c->batch_offset[to] = c->batch_offset[from];
	c->batch_own[to] = c->batch_own[from];
	c->batch_counted[to] = c->batch_counted[from];
}

void consumer_process_batch(struct consumer *c, rd_kafka_message_t **msgs, ssize_t n, int mode)
{
	struct pipeline *p = c->pipe;
	uint64_t own = 0, own_distinct = 0, bytes = 0;
	size_t good = decode_batch(c, msgs, n, &own, &bytes);
	size_t shown = 0; /* the ticks to show, moved to the front of the batch */
	int64_t now = now_us();
	for (size_t i = 0; i < good; i++) {
		uint64_t gaps_before = c->seq.gaps;
		struct seq_offset_before before;
		enum seq_verdict verdict = seqcheck_apply(&c->seq, c->batch_partition[i],
							  c->batch_offset[i], &c->batch[i], &before);
		if (before.log_replaced)
			note_other_log(c, c->batch_partition[i], c->batch_offset[i]);
		own_distinct += c->batch_own[i] && !before.read_in_run && verdict != SEQ_DUPLICATE;
		if (verdict == SEQ_GAP)
			report_gap(c, &c->batch[i], c->batch_partition[i], c->seq.gaps - gaps_before);
		else if (verdict == SEQ_DUPLICATE)
			report_duplicate(c, &c->batch[i], c->batch_partition[i], c->batch_offset[i]);
		histogram_record(&p->end_to_end_us, now - c->batch[i].produce_us);
		/* a tick read again past a hand-over (SEQ_READ_AGAIN) is shown already; one a rewind
		 * reads again is shown again but counted once; a second copy in the log, neither */
		if ((!before.shown || !before.counted) && verdict != SEQ_DUPLICATE) {
			c->batch_counted[i] = before.counted;
			keep_in_batch(c, i, shown++);
		}
	}
	/* the quotes and the report count each tick once, whatever was read twice or shown again */
	market_apply(&p->market, c->topic_generation, c->batch, c->batch_partition, c->batch_counted,
		     shown);
	/* dead letters are delivered, and archived ticks on disk, before the offsets that pass
	 * them are stored */
	if (dlq_flush(&c->dlq) && (!c->archive.dir || archive_sync(&c->archive)) &&
	    mode == COMMIT_AFTER)
		store_offsets(c, msgs, n);
	/* the checks of these ticks are published before the count of them, so that a screen
	 * showing N read also shows what reading them found */
	atomic_store_explicit(&p->counters.archived, c->archive.written, memory_order_relaxed);
	atomic_store_explicit(&p->counters.gaps, c->seq.gaps, memory_order_relaxed);
	atomic_store_explicit(&p->counters.duplicates, c->seq.duplicates, memory_order_relaxed);
	atomic_store_explicit(&p->counters.reordered, c->seq.reordered, memory_order_relaxed);
	atomic_store_explicit(&p->counters.order_breaks, c->seq.order_breaks, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	counter_add(&p->counters.consumed, good);
	counter_add(&p->counters.consumed_own, own);
	counter_add(&p->counters.consumed_own_distinct, own_distinct);
	if (c->tally)
		counter_add(&c->tally->consumed_distinct, own_distinct);
	counter_add(&p->counters.consumed_bytes, bytes);
	if (atomic_load_explicit(&p->counters.producer_done, memory_order_relaxed) ||
	    (p->opt->count && counter_get(&p->counters.consumed) >= (uint64_t)p->opt->count))
		bell_ring(&p->end_bell); /* a run may end with this read */
	screenwake_notify();
}

/* Whether librdkafka's high watermark of p, hi, answers a fetch of this holding: one that
 * moved it from the value kept when the partition was taken, or brought a message. */
static bool fetched_since_taken(const struct consumer *c, const struct partition_offsets *p, int64_t hi)
{
	return hi != c->when_taken[p->partition].high ||
	       p->consumed != c->when_taken[p->partition].consumed;
}

/* Watermarks as of the last fetch response (no network round trip), then publish. A
 * partition read up to that high watermark (or empty, and never read) is caught up. */
static void refresh_lag(struct consumer *c)
{
	const char *topic = c->topic;
	int64_t now = mono_ms();
	for (int i = 0; i < c->part_count; i++) {
		struct partition_offsets *p = &c->parts[i];
		int64_t lo, hi;
		if (p->assigned &&
		    rd_kafka_get_watermark_offsets(c->rk, topic, p->partition, &lo, &hi) == 0) {
			if (lo >= 0)
				p->log_start = lo;
			if (hi >= 0) {
				p->high_of_holding |= fetched_since_taken(c, p, hi);
				p->high_watermark = hi;
			}
			if (partition_offsets_read_to_end(p) && !c->rest.resting)
				p->caught_up_mono_ms = now; /* resting, its last fetch is not current */
		}
	}
	lagboard_publish(&c->pipe->lag, c->parts, c->part_count, c->last_commit_ms);
}

/* Subscribes to the current topic; false with a message in err. */
static bool subscribe(struct consumer *c, char *err, size_t err_size)
{
	struct control *ctl = &c->pipe->control;
	c->topic_generation = atomic_load(&ctl->topic_generation);
	control_topic(ctl, c->topic);
	rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(topics, c->topic, RD_KAFKA_PARTITION_UA);
	lagboard_set_topic(&c->pipe->lag, c->topic);
	c->tally = topic_tally_of(&c->pipe->topics, c->topic);
	rd_kafka_resp_err_t e = rd_kafka_subscribe(c->rk, topics);
	rd_kafka_topic_partition_list_destroy(topics);
	if (e) {
		snprintf(err, err_size, "subscribe to %s: %s", c->topic, rd_kafka_err2str(e));
		return false;
	}
	/* A handle of its own makes librdkafka create the topic's partitions and hand each to
	 * its leader's broker thread now, while the group is joined, rather than at the
	 * assignment: a partition that starts at BEGINNING (read_committed) and has no broker
	 * yet waits 500 ms to ask for its offset (rd_kafka_toppar_offset_request). */
	c->rkt = rd_kafka_topic_new(c->rk, c->topic, NULL);
	eventlog_add(EVENT_INFO, "consumer: group %s subscribed to %s", c->pipe->opt->group, c->topic);
	return true;
}

/* A group member for the current topic; false with a message in err. */
static bool open_client(struct consumer *c, char *err, size_t err_size)
{
	rd_kafka_conf_t *conf = consumer_conf(c, err, err_size);
	if (!conf)
		return false;
	c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, err_size);
	if (!c->rk) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	memset(c->client_committed, 0xff, sizeof(c->client_committed)); /* -1: none yet */
	rd_kafka_poll_set_consumer(c->rk);
	msg_queue_open(&c->messages, c->rk);
	consumer_set_state(c, CONSUMER_JOINING);
	return subscribe(c, err, err_size);
}

void consumer_release_topic(struct consumer *c)
{
	if (c->rkt)
		rd_kafka_topic_destroy(c->rkt);
	c->rkt = NULL;
}

/* Commits what was processed and leaves the group: close() serves the final revoke here.
 * The message queue is given up first, so that no wake (a stop signal, or a delivery while the
 * consumer rests) can reach the close: librdkafka 2.0.2's close waits on a queue that the
 * consumer's queue forwards to, a yield there ends the wait at once with "Local: Timed out"
 * while the group is still leaving, and rd_kafka_destroy's own close then waits for good for
 * the reply the first one no longer takes (a stop during a topic switch's close hung until
 * the shutdown was cut). A wake meanwhile is kept for the next client's queue. */
static void close_client(struct consumer *c)
{
	msg_queue_close(&c->messages);
	rd_kafka_resp_err_t e = rd_kafka_consumer_close(c->rk);
	if (e)
		eventlog_add(EVENT_WARN, "consumer close: %s", rd_kafka_err2str(e));
	refresh_lag(c);
	consumer_release_topic(c);
	reaper_destroy(c->rk, 0, "consumer");
	c->rk = NULL;
	consumer_rest_forget(c);
}

static void forget_dates(struct consumer *c)
{
	for (int i = 0; i < PARTITIONS_MAX; i++)
		dateindex_free(&c->dates[i]);
}

/* Opens a new member, retrying until the cluster takes it. */
void consumer_reopen(struct consumer *c)
{
	char err[512];
	while (!open_client(c, err, sizeof(err))) {
		eventlog_add(EVENT_ERROR, "consumer: %s", err);
		if (c->rk)
			close_client(c);
		sleep_ms(1000);
	}
}

static struct left_commit *left_commit_of(struct consumer *c, const char *topic)
{
	for (int i = 0; i < c->left_commit_count; i++)
		if (strcmp(c->left_commits[i].topic, topic) == 0)
			return &c->left_commits[i];
	return NULL;
}

/* Keeps this member's last commit on the topic it leaves, and the committed offsets it leaves
 * there, for when it comes back; with the table full, the topic left first is forgotten. */
static void remember_left_commit(struct consumer *c, const char *topic)
{
	struct left_commit *l = left_commit_of(c, topic);
	if (!l) {
		if (c->left_commit_count == LEFT_COMMITS_MAX) {
			c->left_commit_count--;
			memmove(c->left_commits, c->left_commits + 1,
				(size_t)c->left_commit_count * sizeof(*c->left_commits));
		}
		l = &c->left_commits[c->left_commit_count++];
		copy_str(l->topic, sizeof(l->topic), topic);
	}
	l->ms = c->last_commit_ms;
	l->partitions = c->part_count;
	for (int i = 0; i < c->part_count; i++)
		l->offsets[i] = c->parts[i].committed;
}

/* A new topic: this member leaves the group and a new one joins for the new topic, so no
 * callback about the old topic can arrive after the panels were reset. The same topic with
 * partitions added (P) is followed the same way, so that the new partitions are read at
 * once, but what was read of it stays: its quotes, what they count, its date index, and the
 * age of the commit made on leaving. The quote table takes the generation the new member
 * subscribed for. */
static void follow_topic(struct consumer *c)
{
	struct control *ctl = &c->pipe->control;
	if (atomic_load_explicit(&ctl->topic_generation, memory_order_relaxed) == c->topic_generation)
		return;
	char was[TOPIC_NAME_MAX + 1];
	memcpy(was, c->topic, sizeof(was));
	close_client(c);
	/* the commit made on leaving was of the old topic's offsets (kept for the same topic
	 * too, and not used: leaving it later keeps that commit); a commit kept not judged yet
	 * is judged no more, as the table it is in moves */
	c->returning = NULL;
	remember_left_commit(c, was);
	c->part_count = 0;
	memset(c->uncounted_read_to, 0, sizeof(c->uncounted_read_to)); /* the old topic's */
	atomic_store(&c->pipe->counters.consumer_assigned, false);
	atomic_store(&c->pipe->counters.unfollowed_partition, 0);
	lagboard_publish(&c->pipe->lag, c->parts, 0, 0);
	lagboard_set_rebalanced(&c->pipe->lag, 0); /* the next member has not rebalanced yet */
	consumer_reopen(c);
	if (strcmp(c->topic, was) == 0) {
		market_continue(&c->pipe->market, c->topic_generation);
		seqcheck_repartition(&c->seq, atomic_load(&ctl->partitions));
		return;
	}
	c->last_commit_ms = 0;
	c->returning = left_commit_of(c, c->topic);
	if (c->returning && !c->returning->ms)
		c->returning = NULL; /* no commit of this member's there */
	market_reset(&c->pipe->market, c->topic_generation);
	forget_dates(c);
	/* each topic keeps its sequence streams: switching back continues them; the quote table
	 * was reset, so what is read again there counts in it again */
	seqcheck_use_topic(&c->seq, c->topic, atomic_load(&ctl->partitions));
	seqcheck_quotes_afresh(&c->seq);
}

/* The topic's partition count changed in the cluster (control.c tells): the sequence check
 * learns it, so a key that moves to another partition and back is not taken for lost ticks. */
static void follow_repartition(struct consumer *c)
{
	struct control *ctl = &c->pipe->control;
	unsigned generation = atomic_load_explicit(&ctl->repartition_generation, memory_order_relaxed);
	if (generation == c->repartition_generation)
		return;
	c->repartition_generation = generation;
	seqcheck_repartition(&c->seq, atomic_load(&ctl->partitions));
}

static void *consumer_main(void *arg)
{
	struct consumer *c = arg;
	rd_kafka_message_t *msgs[CONSUMER_BATCH];
	struct control *ctl = &c->pipe->control;
	while (!atomic_load_explicit(&c->pipe->stop_consumer, memory_order_relaxed)) {
		follow_topic(c);
		follow_repartition(c);
		if (atomic_load_explicit(&ctl->crash_generation, memory_order_relaxed) != c->crash_generation) {
			c->crash_generation = atomic_load(&ctl->crash_generation);
			consumer_crash(c, msgs);
		}
		if (atomic_load_explicit(&ctl->rewind_generation, memory_order_relaxed) != c->rewind_generation) {
			c->rewind_generation = atomic_load(&ctl->rewind_generation);
			consumer_rewind(c);
		}
		int rate = consumer_throttle_rate(c);
		ssize_t n = msg_queue_take(&c->messages, consumer_rest_wait_ms(c), msgs,
					   (size_t)consumer_batch_limit(rate));
		if (n > 0) {
			/* one mode for the whole batch, whatever the screen does meanwhile */
			int mode = atomic_load_explicit(&ctl->commit_mode, memory_order_relaxed);
			consumer_commit_before_processing(c, msgs, n, mode);
			consumer_process_batch(c, msgs, n, mode);
			for (ssize_t i = 0; i < n; i++)
				rd_kafka_message_destroy(msgs[i]);
		}
		consumer_throttle(c, n, rate);
		int64_t now = mono_ms();
		consumer_rest_check(c, n, now);
		atomic_store_explicit(&c->pipe->counters.consumer_alive_ms, now, memory_order_relaxed);
		if (now >= c->next_refresh_ms) {
			refresh_lag(c);
			consumer_retention_check(c);
			c->next_refresh_ms = now + REFRESH_MS;
		}
	}
	return NULL;
}

/* What a member that dies without leaving costs the group, and what --instance-id changes:
 * told once, at start, so a wait for a dead member's session is not a mystery. */
static void tell_membership(struct consumer *c)
{
	const struct options *o = c->pipe->opt;
	char value[32];
	size_t size = sizeof(value);
	if (rd_kafka_conf_get(rd_kafka_conf(c->rk), "session.timeout.ms", value, &size) == RD_KAFKA_CONF_OK)
		c->session_timeout_ms = atoi(value);
	int seconds = c->session_timeout_ms / 1000;
	if (o->instance_id)
		eventlog_add(EVENT_INFO, "consumer: static member %s of group %s: restarted with the same "
			     "--instance-id it takes its partitions back at once; stopped, it does not "
			     "leave, and others take them after its session timeout (%d s)",
			     o->instance_id, o->group, seconds);
	else
		eventlog_add(EVENT_INFO, "consumer: a member of group %s that dies without leaving keeps "
			     "its partitions for its session timeout (%d s); --instance-id lets a "
			     "restarted member take them back at once", o->group, seconds);
}

bool consumer_start(struct consumer *c, struct pipeline *pipe, char *err, size_t err_size)
{
	memset(c, 0, sizeof(*c));
	msg_queue_init(&c->messages);
	c->pipe = pipe;
	c->crash_generation = atomic_load(&pipe->control.crash_generation);
	c->rewind_generation = atomic_load(&pipe->control.rewind_generation);
	c->repartition_generation = atomic_load(&pipe->control.repartition_generation);
	c->dlq.pipe = pipe;
	seqcheck_init(&c->seq);
	if (pipe->opt->archive_dir && !archive_open(&c->archive, pipe->opt->archive_dir, err, err_size))
		return false;
	if (c->archive.dir && pipe->opt->commit != COMMIT_AFTER)
		eventlog_add(EVENT_WARN, "--archive loses nothing in a crash only with --commit after: "
			     "with %s, offsets are committed before the files are synced",
			     commit_mode_names[pipe->opt->commit]);
	if (!open_client(c, err, err_size))
		return false;
	market_continue(&pipe->market, c->topic_generation); /* the empty table takes it up */
	tell_membership(c);
	seqcheck_use_topic(&c->seq, c->topic, atomic_load(&pipe->control.partitions));
	atomic_store(&pipe->counters.consumer_started_ms, mono_ms());
	c->running = thread_start(&c->thread, consumer_main, c, "kt:consumer");
	if (!c->running)
		snprintf(err, err_size, "cannot start the consumer thread");
	return c->running;
}

/* Leaves the group for good. close() revokes every partition, but the summary reports the
 * lag of those this member held when it stopped: the last table published keeps them as
 * held, for the offset watcher's last round (after the final commit) to measure. */
static void close_for_good(struct consumer *c)
{
	bool held[PARTITIONS_MAX];
	for (int i = 0; i < c->part_count; i++)
		held[i] = c->parts[i].assigned;
	close_client(c);
	for (int i = 0; i < c->part_count; i++)
		c->parts[i].assigned = held[i];
	consumer_retention_close(c);
	lagboard_publish(&c->pipe->lag, c->parts, c->part_count, c->last_commit_ms);
	consumer_set_state(c, CONSUMER_NONE);
}

void consumer_stop(struct consumer *c)
{
	if (c->running) {
		atomic_store(&c->pipe->stop_consumer, true);
		/* its wait for a message (up to a second) would otherwise add to every shutdown */
		msg_queue_wake(&c->messages);
		pthread_join(c->thread, NULL);
	}
	if (c->rk)
		close_for_good(c);
	dlq_close(&c->dlq);
	if (c->archive.dir)
		archive_close(&c->archive);
	seqcheck_free(&c->seq);
	forget_dates(c);
	msg_queue_free(&c->messages);
}
