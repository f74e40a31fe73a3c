/* consumer.h: the consumer thread — reads the topic in a consumer group, decodes ticks into
 * market state and tracks offsets and lag per partition. */
#ifndef KTICKER_CONSUMER_H
#define KTICKER_CONSUMER_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "archive.h"
#include "consumer_rest.h"
#include "consumer_retention.h"
#include "dateindex.h"
#include "lag.h"
#include "msgqueue.h"
#include "pipeline.h"
#include "seqcheck.h"

#define CONSUMER_BATCH 1024
#define LEFT_COMMITS_MAX 16 /* topics left whose last commit is kept */

/* This member's last commit on a topic it switched away from (wall clock; 0: none there), and
 * the group's committed offsets there, by partition, as it left them (-1: none). */
struct left_commit {
	char topic[TOPIC_NAME_MAX + 1];
	int64_t ms;
	int partitions;
	int64_t offsets[PARTITIONS_MAX];
};

struct consumer {
	struct pipeline *pipe;
	rd_kafka_t *rk;
	rd_kafka_topic_t *rkt;           /* the subscribed topic's handle: see subscribe() */
	struct topic_tally *tally;       /* of that topic; NULL when too many topics have one */
	struct msg_queue messages;       /* its client's, waited on by the thread */
	pthread_t thread;
	bool running;
	atomic_bool ever_assigned;       /* the group gave it a partition at least once */
	atomic_bool fatal;               /* librdkafka's fatal error ended it (e.g. fenced) */
	int session_timeout_ms;          /* as configured, for what the user is told */
	/* owned by the consumer thread */
	struct partition_offsets parts[PARTITIONS_MAX];
	int part_count;
	/* per partition: where this member had read to when its commit at revoke failed and the
	 * coordinator could not say what it held (0: no such revoke); see count_own_rereads() */
	int64_t uncounted_read_to[PARTITIONS_MAX];
	/* per partition: the offset this client last committed, -1 before any (librdkafka skips
	 * committing that offset again, whatever the group holds since: see store_offsets()) */
	int64_t client_committed[PARTITIONS_MAX];
	/* per partition, as this member took it: librdkafka's high watermark (the last fetch
	 * answer of an earlier holding) and parts[].consumed; see fetched_since_taken() */
	struct { int64_t high; uint64_t consumed; } when_taken[PARTITIONS_MAX];
	struct seqcheck seq;
	struct tick batch[CONSUMER_BATCH];
	int32_t batch_partition[CONSUMER_BATCH];
	int64_t batch_offset[CONSUMER_BATCH];
	bool batch_own[CONSUMER_BATCH]; /* from this kticker's producer */
	bool batch_counted[CONSUMER_BATCH]; /* counted in the quote table already (shown again) */
	char topic[TOPIC_NAME_MAX + 1];
	unsigned topic_generation;
	int64_t next_refresh_ms;
	int64_t last_commit_ms; /* wall clock of this member's last commit on the topic; 0: none */
	struct left_commit left_commits[LEFT_COMMITS_MAX]; /* of the topics left, first left first */
	int left_commit_count;
	/* back on a topic it left: its commit kept there, until the group's committed offsets
	 * confirm it or not (confirm_return); NULL once judged, or with none kept */
	const struct left_commit *returning;
	int64_t last_error_log_ms, last_gap_log_ms, last_duplicate_log_ms;
	unsigned crash_generation, rewind_generation, repartition_generation;
	int64_t throttle_next_us; /* monotonic time the throttle lets the next batch in */
	struct dateindex dates[PARTITIONS_MAX];
	struct dlq dlq;
	struct archive archive;  /* with --archive: dir set */
	struct retention_watch retention;
	struct consumer_rest rest;
};

bool consumer_start(struct consumer *c, struct pipeline *pipe, char *err, size_t err_size);
/* Stops the thread, commits the offsets of what was processed and leaves the group. */
void consumer_stop(struct consumer *c);

#endif
