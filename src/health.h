/* health.h: is the group consuming? First what makes every offset moot — no broker
 * answering, no consumer, a rebalance in progress — then Burrow's rules, partition by
 * partition, over a sliding window of the cluster's offsets (one sample a second):
 *
 *   OK      lag is 0 now (and no committed offset went back in the window), or the
 *           committed offset moves and lag does not only grow
 *   WARN    lag > 0 in every sample, it never decreased from one commit to the next and
 *           grew by at least HEALTH_WARN_GROWTH messages: the lag each of this member's
 *           commits left (Burrow's input), where it knows it; else the lag of each sample
 *           (the row on screen, read at another moment of the consumer's once-a-second
 *           commit, is not compared: health.c)
 *   REWIND  the committed offset went back in the window (caught up since or not: after a
 *           rewind lag touches 0 at each commit, and the verdict would flick with it)
 *   STALL   the committed offset did not move over the window while lag > 0, and its
 *           owner is alive and committing (the same offset, again and again)
 *   STOP    the committed offset did not move over the window while the log grew: nobody
 *           is committing
 *   ERR     no current reading of the partition's offsets (or of every committed offset:
 *           the group's coordinator does not answer); no leader for it, or none answering
 *           since the topic was shown
 *
 * The worst partition wins, and the verdict names its rule and window. ERR too when this
 * kticker's producer writes with acks=all and partitions have fewer in-sync replicas than
 * the topic's min.insync.replicas: their leaders refuse every tick for them, and librdkafka
 * retries in silence (with acks=1 or 0 the same ISR refuses nothing). Where all that says
 * OK, the producer's side may not: WARN when the oldest tick it handed over has waited for an
 * acknowledgement longer than HEALTH_ACKS_OVERDUE_MS (ackwatch.h): the consumer is caught up
 * with what was written, and nothing more is. And ticks lost over the window are a verdict of
 * their own, worse than an offsets' one of lesser weight: ERR when this kticker's producer had
 * ticks fail delivery and none delivered (a broker refusing every produce request answers at
 * once: nothing waits for an ack, and the offsets, which nothing moves, look caught up), WARN
 * when some failed among deliveries; ERR when retention deleted ticks this member had not read
 * (the offsets then say caught up with what the log kept); ERR when ticks went missing from
 * their streams (acknowledged with acks=1 by a leader that died before its followers had
 * them, or sent with acks=0 and never written): the log never held them. Pure arithmetic:
 * every verdict is unit-tested. */
#ifndef KTICKER_HEALTH_H
#define KTICKER_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "ackwatch.h"
#include "lag.h"
#include "options.h"

#define HEALTH_WINDOW_S 10
#define HEALTH_SAMPLES (HEALTH_WINDOW_S + 1)
#define HEALTH_SILENT_MS 2000 /* a consumer thread quiet for longer is not fetching */
#define HEALTH_WARN_GROWTH 10 /* less growth than this over the window is noise */
/* A tick is acknowledged within milliseconds on a healthy cluster: librdkafka holds it at
 * most linger.ms (5 ms by default) and retries a failed request after retry.backoff.ms
 * (100 ms). 5 s is far beyond both and beyond a loaded machine's hiccups, and well before
 * librdkafka itself gives up on a request (request.timeout.ms, 30 s) or a tick
 * (message.timeout.ms, 300 s): a broker that hangs is told in seconds, not minutes. */
#define HEALTH_ACKS_OVERDUE_MS 5000

/* Where this kticker's consumer stands in its group (written by the consumer thread). */
enum consumer_state {
	CONSUMER_NONE,    /* no consumer in this kticker (--role), or it has closed */
	CONSUMER_JOINING, /* subscribed, waiting for the group to hand it partitions */
	CONSUMER_MEMBER,  /* the group assigned it its share (possibly none) */
};

/* In order of severity: the group's verdict is the worst. */
enum health_status {
	HEALTH_OK,
	HEALTH_WARN,
	HEALTH_REWIND,
	HEALTH_STALL,
	HEALTH_STOP,
	HEALTH_ERR,
	HEALTH_REBALANCING,
	HEALTH_NO_CONSUMER,
	HEALTH_NO_BROKER,
};

struct health_reading {
	int64_t log_start, high_watermark, committed; /* -1 unknown */
	int64_t commit_lag; /* the lag this member's commit of `committed` left; -1: unknown */
	bool held; /* this member held the partition */
};

/* One partition's readings over the window that are readings (fresh), oldest first. */
struct health_partition_readings {
	int n;
	int64_t first_ms, last_ms; /* when the first and the last were taken */
	struct health_reading r[HEALTH_SAMPLES];
};

/* The pipeline's counts of ticks delivered and lost, as they stood at time_ms (they only grow). */
struct health_counts {
	int64_t time_ms;
	uint64_t delivered, delivery_failed; /* this kticker's producer's */
	uint64_t deleted_unread;             /* deleted by retention before this member read them */
	uint64_t gaps; /* missing from their streams (the Delivery line's gaps): falls as late ones come */
};

/* The last HEALTH_SAMPLES seconds of every partition's offsets, and of the pipeline's counts. */
struct health_window {
	int count, next;
	int64_t time_ms[HEALTH_SAMPLES];
	bool counted[HEALTH_SAMPLES]; /* the sample has counts */
	struct health_counts counts[HEALTH_SAMPLES];
	int part_count[HEALTH_SAMPLES];
	struct health_reading parts[HEALTH_SAMPLES][PARTITIONS_MAX];
	/* each partition's, gathered from parts once a sample (a second), not by every frame's
	 * verdict: that was three quarters of judging 64 partitions */
	int partitions; /* how many by_partition holds */
	struct health_partition_readings by_partition[PARTITIONS_MAX];
};

/* Partitions led by a broker whose in-sync replicas are fewer than the topic's
 * min.insync.replicas, as the control worker last read them (control_isr_shortfall): their
 * leader refuses every acks=all write (NOT_ENOUGH_REPLICAS), and librdkafka retries it
 * without a word until message.timeout.ms. */
#define ISR_SHORT_NAMED_MAX 8
struct isr_shortfall {
	int min_insync;    /* the topic's min.insync.replicas; 0: not known */
	int count;         /* the partitions short of it */
	int named;         /* the first of them, lowest first */
	int32_t partitions[ISR_SHORT_NAMED_MAX];
	int isr_least, isr_most; /* the fewest and the most in-sync replicas among them */
};

/* The moment's facts beside the window. */
struct health_inputs {
	int64_t unanswered_ms;      /* how long no broker has answered; -1: answering */
	const char *broker_error;   /* why, when not answering */
	/* the coordinator answered a commit of this member's within unanswered_ms: the brokers
	 * answer, slower than the offset watcher waits (health_commit_answered) */
	bool commit_answered_meanwhile;
	/* a broker answered who leads what within unanswered_ms: brokers answer, the leaders they
	 * name do not (a cluster that lost its controllers' quorum names the dead ones) */
	bool leaders_named_meanwhile;
	int64_t coordinator_silent_ms; /* how long the group's coordinator has not; -1: answering */
	bool has_consumer;          /* this kticker runs a consumer (--role) */
	int32_t unfollowed;         /* a partition the consumer read beyond those kticker follows; 0: none */
	int consumer_state;         /* enum consumer_state */
	int64_t joining_for_ms;     /* how long it has waited for partitions (JOINING); -1: not waiting */
	bool consumer_fetched;      /* the consumer thread has fetched at least once */
	int64_t consumer_silent_ms; /* since its last fetch; before the first, since it started */
	int64_t own_commit_age_ms;  /* since this member's last commit; -1: never */
	bool owners_known;          /* the coordinator described the group */
	int members;                /* its members, when owners_known */
	struct acks_waiting acks;   /* this kticker's producer's ticks not yet acknowledged */
	bool writes_acks_all;       /* this kticker's producer writes with acks=all, and has not
				     * finished its feed */
	struct isr_shortfall isr_short; /* empty when the leaders' reading is not current */
	struct health_counts counts; /* now, to compare with the window's oldest counted sample */
};

/* Sets in->commit_answered_meanwhile from the wall clock of the last commit the coordinator
 * answered (0: none) and now; after in->unanswered_ms is set. */
void health_commit_answered(struct health_inputs *in, int64_t commit_answered_ms, int64_t now_ms);
/* Sets in->leaders_named_meanwhile the same way, from when a broker last named the leaders. */
void health_leaders_named(struct health_inputs *in, int64_t leaders_answered_ms, int64_t now_ms);

/* The health line must fit 80 columns with its verdict, partition and lag, so every reason
 * also has a brief form of at most this many columns (numbers abbreviated, words shortened,
 * a broker's error left to the whole reason): " REWIND p1023: " or " NO CONSUMER: ", the
 * brief, " |" and " lag ~999999  behind 999999" take at most 15 + 36 + 2 + 27 = 80. */
#define HEALTH_BRIEF_COLS 36

struct health {
	enum health_status status;
	int32_t partition; /* whose rule decided; -1: the whole group */
	char reason[160];  /* whole, for the event log and wide screens */
	char brief[HEALTH_BRIEF_COLS + 1]; /* the same, abbreviated */
};

/* Sets in's consumer silence from the monotonic times the consumer thread published, as
 * seen at now_ms: its start, and its last fetch, 0 before the first. */
void health_consumer_silence(struct health_inputs *in, int64_t now_ms, int64_t started_ms,
			     int64_t last_fetch_ms);
void health_window_reset(struct health_window *w);
/* One second's sample of the rows the screen shows, and of the pipeline's counts (NULL: none
 * taken; a window without them judges no loss). */
void health_window_add(struct health_window *w, int64_t time_ms, const struct partition_offsets *rows,
		       int count, const struct health_counts *counts);
/* The verdict for the rows shown now (their owners and staleness) and the window. */
void health_judge(const struct health_window *w, const struct health_inputs *in,
		  const struct partition_offsets *rows, int count, struct health *out);
/* How long until, with only the clock moving, an age a rule of time compares crosses its
 * limit (the consumer thread's silence passing HEALTH_SILENT_MS, the oldest waiting tick's
 * wait passing HEALTH_ACKS_OVERDUE_MS, this member's last commit leaving the window): the
 * verdict changes then unless a graver one stands; -1: none will. A screen with nothing
 * else to draw looks again then, not at its next second. */
int64_t health_turns_in_ms(const struct health_inputs *in);
/* Whether two verdicts say the same: status, partition and the words of their reasons, the
 * figures in them aside (a time that grows, a count that moves). The event log records a
 * verdict when it stops being the same: a new rule, or another partition, within one status
 * too. */
bool health_same_verdict(const struct health *a, const struct health *b);
const char *health_status_name(enum health_status s);

#endif
