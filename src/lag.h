/* lag.h: offsets and lag per partition, as the consumer sees them.
 *
 * The consumer thread owns the live table and publishes a copy per batch; readers take a
 * snapshot. Offsets are -1 while unknown. */
#ifndef KTICKER_LAG_H
#define KTICKER_LAG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "options.h"

#define OFFSET_UNKNOWN (-1)
#define OWNER_NAME_MAX 16

struct partition_offsets {
	int32_t partition;
	bool assigned;          /* owned by this consumer now */
	int64_t log_start;      /* first offset still in the log */
	int64_t high_watermark; /* offset the next message will get */
	int64_t position;       /* next offset this consumer will read */
	int64_t committed;      /* offset committed for the group */
	int64_t committed_ms;   /* wall clock when committed was learnt; 0: never */
	/* the lag this member's commit of `committed` left: the high watermark of its last fetch
	 * answer when the coordinator took the commit, less the offset; -1: unknown, committed
	 * being a reading (another member's commit, or the group's when the partition was
	 * assigned). The health rules compare the lag at each commit, as Burrow does */
	int64_t commit_lag;
	uint64_t consumed;      /* messages read from it by this consumer */
	int64_t skipped;        /* offsets deleted before this consumer could read them */
	/* monotonic clock of the consumer's last look at a fetch answer's high watermark that
	 * found it had read up to it (or the log empty and never read); 0: not since it got the
	 * partition. The offset watcher asks about a caught-up partition every other second
	 * (offsetwatch.h) */
	int64_t caught_up_mono_ms;
	/* high_watermark was read since this member took the partition (an answer to its own
	 * fetch, or the offset watcher's): not the one it kept from an earlier holding, seconds
	 * old when the group gives a partition back */
	bool high_of_holding;
	int64_t taken_ms;       /* wall clock when this member last took it; 0: never */
	/* set when the screen merges in the cluster's view (offsetwatch.h) */
	bool stale;             /* lag is an old reading: one of the two below is */
	bool ends_stale;        /* log start and high watermark are old readings (the leader's) */
	bool committed_stale;   /* committed is an old reading (the coordinator's) */
	int64_t stale_at_ms;    /* wall clock when a current reading turns old if no newer one
				 * comes; 0: none will (both old, or not merged) */
	char owner[OWNER_NAME_MAX]; /* the member that owns it: "me", a member, "other" or "" */
	bool leaderless;        /* the cluster names no leader for it: nobody answers for its log */
};

struct lag_totals {
	int assigned;
	/* rows whose cluster readings are old, or whose high watermark is not known yet (a topic
	 * just switched to: not in the sums, which are then not current either): the screen's ~ */
	int stale;
	int position_stale;    /* the same of the assigned rows' high watermarks */
	int64_t position_lag;  /* sum of high watermark - position over assigned partitions */
	/* sum of high watermark - committed over the partitions with a commit, as
	 * kafka-consumer-groups counts the group's lag (its LAG is "-" for the others, and so is
	 * the screen's row) */
	int64_t committed_lag;
	int committed_rows; /* partitions in that sum: none, and the group's lag is "-" */
};

#define LAGBOARD_MEMBER_MAX 256

struct lagboard {
	pthread_mutex_t lock;
	struct partition_offsets parts[PARTITIONS_MAX];
	int count;
	char member_id[LAGBOARD_MEMBER_MAX]; /* this consumer's id in its group; "" before one */
	/* wall clock of this member's last rebalance (its partitions taken or given); 0: none.
	 * Who owned what before it is not known to be so now */
	int64_t rebalanced_ms;
	/* this member's last commit on the rows' topic (wall clock; 0: none), as of the rows: the
	 * screen's commit age and its rows' Committed are of one moment */
	int64_t last_commit_ms;
	char topic[TOPIC_NAME_MAX + 1]; /* the topic the rows are of; "" before one */
};

/* Messages between offset and the high watermark: what kafka-consumer-groups calls LAG.
 * With no offset yet, everything still in the log counts. -1 when hw is unknown. */
int64_t lag_behind(int64_t high_watermark, int64_t log_start, int64_t offset);
void partition_offsets_reset(struct partition_offsets *p, int32_t partition);
/* Whether this member has read the partition to the end of its log as last known: up to
 * the high watermark, or, never having read it, the log holds nothing to read. */
bool partition_offsets_read_to_end(const struct partition_offsets *p);
void lag_sum(const struct partition_offsets *parts, int count, struct lag_totals *totals);

/* b is zeroed storage (static, or calloc): zeroing its 140 kB again would touch every page of
 * it at start-up, where a run uses the few rows of its partitions. */
void lagboard_init(struct lagboard *b);
void lagboard_free(struct lagboard *b);
void lagboard_publish(struct lagboard *b, const struct partition_offsets *parts, int count,
		      int64_t last_commit_ms);
int lagboard_snapshot(struct lagboard *b, struct partition_offsets *out, int max);
/* A snapshot only if the rows are of this topic; 0 rows otherwise. */
int lagboard_snapshot_of(struct lagboard *b, const char *topic, struct partition_offsets *out,
			 int max);
/* The topic of the rows published from now on (set while no rows are published). */
void lagboard_set_topic(struct lagboard *b, const char *topic);
/* The topic the rows are of, copied out ("" before one). */
void lagboard_topic(struct lagboard *b, char out[TOPIC_NAME_MAX + 1]);
/* The consumer's member id (rd_kafka_memberid()), for the screen to find itself in the group. */
void lagboard_set_member(struct lagboard *b, const char *member_id);
void lagboard_member(struct lagboard *b, char *out, size_t size);
/* The consumer's last rebalance (wall clock; 0: none), for the screen to tell which owners the
 * coordinator named since. */
void lagboard_set_rebalanced(struct lagboard *b, int64_t rebalanced_ms);
/* lagboard_snapshot, with this member's last rebalance and last commit of the same moment. */
int lagboard_snapshot_member(struct lagboard *b, struct partition_offsets *out, int max,
			     int64_t *rebalanced_ms, int64_t *last_commit_ms);

#endif
