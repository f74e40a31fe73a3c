/* offsetwatch.h: the cluster's own view of every partition of the topic — log start, high
 * watermark, the group's committed offset and, where the coordinator describes the group,
 * the member that owns it. A worker thread asks once a second (ListOffsets, OffsetFetch,
 * DescribeGroups), so a row this consumer does not own is as current as one it does, and
 * the screen never waits on the network. Every answer carries its time: a value older than
 * OFFSETWATCH_STALE_MS is shown as stale, and a round nobody answers means no broker. The
 * leaders answer for log start and high watermark, the group's coordinator for committed
 * offsets: while the coordinator moves, the brokers still answer and only the committed
 * offsets (and lag) turn stale.
 *
 * A partition this member has read up to the high watermark of its last fetch answer
 * (caught up) is asked every other round, turn about with the others: between two answers,
 * the fetch answers keep its high watermark current (the merge takes the larger) and the
 * commit answers its committed offset, and the time of its last answer still keeps it
 * within the stale rule. At 1000 partitions, asking about every one each second through
 * librdkafka was a third of kticker's CPU. Every round asks
 * each leader about one partition at least, so a round still tells whether each answers;
 * the last round, at exit, asks about all. The group's members are described after a round's
 * offsets are published, in what is left of its second: describing asks every broker and
 * waits its whole time for one that is down, which held the offsets of every other round
 * back past the stale mark. */
#ifndef KTICKER_OFFSETWATCH_H
#define KTICKER_OFFSETWATCH_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cluster.h"
#include "control.h"
#include "group.h"
#include "lag.h"
#include "options.h"
#include "wire.h"
#include "wiremeta.h"
#include "wireoffsets.h"

#define OFFSETWATCH_INTERVAL_MS 1000
#define OFFSETWATCH_TIMEOUT_MS 500 /* a question not answered within this has no answer */
#define OFFSETWATCH_STALE_MS (3 * OFFSETWATCH_INTERVAL_MS)
/* Partitions per ListOffsets or OffsetFetch question: librdkafka matches each answer to its
 * question by a linear search of the list (rd_kafka_topic_partition_list_find), so one
 * question about 1000 partitions costs ~n^2/2 comparisons, several times over; chunks keep
 * that linear in the partition count at a few more round trips. */
#define OFFSETWATCH_CHUNK 100
/* Rounds without an answer for this long, on a cluster that still has connections, mean no
 * broker: a single slow answer on a loaded machine does not. */
#define OFFSETWATCH_SILENT_MS 1500
/* A caught-up look counts for this long: the consumer looks every 100 ms. */
#define OFFSETWATCH_CAUGHT_UP_MS 1000

struct watched_partition {
	int64_t log_start;      /* -1 while unknown */
	int64_t high_watermark;
	int64_t committed;      /* -1: the group has committed nothing here */
	int64_t offsets_ms;     /* wall clock of the leader's answer log start and high watermark
				 * came from; 0: none yet */
	int64_t committed_ms;   /* the same of the coordinator's answer committed came from */
	char owner[OWNER_NAME_MAX]; /* the member that owns it, from the coordinator; "" unknown */
	bool leaderless;        /* the cluster's last answer named no leader for it */
};

/* What the last rounds found; readers take a copy. */
struct offsetwatch_view {
	char topic[TOPIC_NAME_MAX + 1];
	int count;
	/* how many partitions the cluster's last answer about the leaders named (a real cluster's;
	 * 0: none): partitions added show there up to 2 s before the control worker's count */
	int named;
	int64_t answered_ms;       /* wall clock of the last round the cluster answered; 0: never */
	int64_t unanswered_since_ms; /* first round without an answer since then; 0: answering */
	int64_t disconnected_since_ms; /* librdkafka lost its last broker connection then; 0: not */
	/* wall clock a broker of a real cluster last answered who leads the topic's partitions,
	 * whether the leaders it named then answered or not; 0: never */
	int64_t leaders_answered_ms;
	/* first round of those answered whose committed offsets the group's coordinator did not
	 * answer since it last did; 0: answering */
	int64_t coordinator_unanswered_since_ms;
	char error[160];           /* why the last round got no answer */
	bool owners_known;         /* the coordinator described the group's members */
	int members;               /* how many, when owners_known */
	int64_t owners_asked_ms;   /* wall clock the owners were asked for, when owners_known */
	struct watched_partition parts[PARTITIONS_MAX];
};

struct offsetwatch {
	const struct options *opt;
	struct cluster *cluster;
	struct control *control;
	struct lagboard *own;      /* this member's rows: which partitions it is caught up on */
	/* asked for metadata, DescribeGroups and ListOffsets, and polled for its errors: over
	 * plaintext to a real cluster, the cluster's admin client, which kticker's own requests
	 * leave nearly idle (one client less to wake each second); otherwise client (on the
	 * embedded cluster, whose Metadata stops at v2 where wiremeta asks v7, for the leaders
	 * until the control worker knows them, and what cannot go by wire) */
	rd_kafka_t *rk;
	/* a consumer handle of the group that never joins it, for OffsetFetch through
	 * librdkafka; by wire made only once a request cannot go by wire. NULL: none yet */
	rd_kafka_t *client;
	pthread_t thread;
	bool running;
	atomic_bool stop;
	atomic_bool description_wanted; /* the group overlay asks: describe it this round */
	pthread_mutex_t lock;
	struct offsetwatch_view view; /* guarded by lock */
	/* the group as the coordinator last described it for described_topic (real clusters),
	 * at described_ms (wall clock; 0: never): guarded by lock, for the group overlay */
	struct group_info described;
	char described_topic[TOPIC_NAME_MAX + 1];
	int64_t described_ms;
	struct offsetwatch_view work; /* the worker's alone */
	bool unanswered[PARTITIONS_MAX]; /* this round, by partition: its ends stay as they were */
	bool uncommitted[PARTITIONS_MAX]; /* this round, by partition: no committed offset came */
	bool skip[PARTITIONS_MAX];       /* this round, by partition: not asked */
	struct partition_offsets own_rows[PARTITIONS_MAX]; /* the worker's alone */
	/* A real cluster over plaintext, and the embedded one, are asked for offsets with
	 * kticker's own requests (wireoffsets.h), one per broker and end; a cluster behind TLS or
	 * SASL through librdkafka. The rest is the worker's alone. */
	bool by_wire;
	bool read_committed;                   /* the client's isolation.level: the log end asked */
	struct wire_peers peers;
	int32_t coordinator;                   /* the group's; -1: to be found */
	int32_t question[PARTITIONS_MAX];      /* one request's partitions */
	int64_t answer[PARTITIONS_MAX];        /* its answers, by partition */
	bool answered[PARTITIONS_MAX];
	uint8_t request[WIREOFFSETS_REQUEST_SIZE(PARTITIONS_MAX)];
	struct wiremeta_partition meta[PARTITIONS_MAX]; /* the leaders' answer */
};

/* w is zeroed storage (static, or calloc): zeroing its 450 kB again would touch every page of
 * it at start-up, where a run uses the few rows of its partitions. */
void offsetwatch_init(struct offsetwatch *w);
/* Starts the worker; false with a message (a client could not be made). */
bool offsetwatch_start(struct offsetwatch *w, const struct options *o, struct cluster *cluster,
		       struct control *control, struct lagboard *own, char *err, size_t err_size);
/* Stops the worker, asks one last round and waits for its answer (for the summary, after
 * the consumer's last commit), and lets go of the client; the view stays readable. */
void offsetwatch_finish(struct offsetwatch *w);
void offsetwatch_free(struct offsetwatch *w);
/* A copy of the latest view: its first count rows; out's rows past them are left as they were. */
void offsetwatch_snapshot(struct offsetwatch *w, struct offsetwatch_view *out);

/* The log starts and high watermarks of the latest view's first max partitions of topic, by
 * partition (-1: unknown), into whichever of the two arrays is not NULL; returns how many, 0
 * when the view is of another topic. */
int offsetwatch_ends(struct offsetwatch *w, const char *topic, int64_t *log_starts,
		     int64_t *high_watermarks, int max);

/* How long no broker has been reachable or answering as of now_ms; -1 while one is. */
int64_t offsetwatch_silent_ms(const struct offsetwatch_view *v, int64_t now_ms);
/* How long the group's coordinator has not answered for the committed offsets while brokers
 * did, as of now_ms; -1 while it answers, or for less than OFFSETWATCH_SILENT_MS. */
int64_t offsetwatch_coordinator_silent_ms(const struct offsetwatch_view *v, int64_t now_ms);
/* How long, with no answer meanwhile, until one of the two above turns from -1 to a silence
 * at OFFSETWATCH_SILENT_MS; -1: neither is on its way. */
int64_t offsetwatch_silent_in_ms(const struct offsetwatch_view *v, int64_t now_ms);

/* Since when the rows of the topic shown have been shown (wall clock), by partition: a reading
 * a row has not had yet is not an old one until the row has been shown as long as a reading
 * may be old. Not the time the topic was: partitions added to it get rows later, and this
 * member may hold them (its consumer rejoins at once) a round or more before the watcher
 * asks about them. */
struct rows_shown {
	int count; /* the rows stamped so far */
	int64_t since_ms[PARTITIONS_MAX];
};

/* One partitions table as the screen shows it: the cluster's view merged with this member's
 * own offsets. High watermark and log start only move forward, so the larger of two readings
 * is the current one; the committed offset can go back (a rewind), so the newer reading wins.
 * Position shows only where this member owns the partition, and never above the high
 * watermark. Rows the view has not answered for in OFFSETWATCH_STALE_MS are marked stale:
 * ends_stale and stale when the leader did not answer, committed_stale and stale when the
 * coordinator did not; a row never answered, from the time `shown` holds for it on (the
 * merge stamps each row new to it with now_ms). leaderless comes from the view: the cluster
 * named no leader for it.
 * `rebalanced_ms`: this member's last rebalance (lagboard_snapshot_member()); a description asked
 * before it names no owner. `others_own_rest`: this member holds an assignment, so rows it
 * does not own are another member's even where the coordinator does not say whose. Returns
 * the row count. */
int offsetwatch_merge(const struct offsetwatch_view *view, const char *topic,
		      const struct partition_offsets *own, int own_count, int64_t rebalanced_ms,
		      bool others_own_rest, int64_t now_ms, struct rows_shown *shown,
		      struct partition_offsets *out, int max);

/* The rows the screen and the summary show: a snapshot of this member's offsets (own)
 * merged with the latest view, which *view then points to; *last_commit_ms: this member's
 * last commit on the topic as of its rows (0: none). Main thread only. */
int offsetwatch_rows(struct offsetwatch *w, struct lagboard *own, const char *topic,
		     bool others_own_rest, int64_t now_ms, struct partition_offsets *out, int max,
		     const struct offsetwatch_view **view, int64_t *last_commit_ms);
/* Asks the watcher to describe the group at its next round (it does every other round on a
 * real cluster); false when it will not: not running, or the embedded cluster, which answers
 * no DescribeGroups. */
bool offsetwatch_ask_description(struct offsetwatch *w);
/* The group's description for topic and the time the watcher made it (wall clock), when that
 * was at since_ms or later; false otherwise. */
bool offsetwatch_described_group(struct offsetwatch *w, const char *topic, int64_t since_ms,
				 struct group_info *out, int64_t *described_ms);
/* The totals of those rows (lag.h): lag as the screen shows it, with its ~. Main thread only. */
void offsetwatch_totals(struct offsetwatch *w, struct lagboard *own, const char *topic,
			bool others_own_rest, int64_t now_ms, struct lag_totals *out);

#endif
