/* control.h: what the user can change while kticker runs, and the admin work it needs.
 *
 * The screen writes here; the producer and consumer threads poll the generation counters
 * (one relaxed load per loop) and adopt a change at a safe point of their own. Admin requests
 * that talk to the cluster (create a topic, add partitions) run on a worker thread, so the
 * screen never waits on the network. */
#ifndef KTICKER_CONTROL_H
#define KTICKER_CONTROL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cluster.h"
#include "health.h"
#include "msgqueue.h"
#include "options.h"

/* A simulated day's length, from --delay, :delay and the + and - keys alike: up to an hour */
#define DELAY_MIN_MS 0
#define DELAY_MAX_MS 3600000

enum acks_mode { ACKS_NONE, ACKS_LEADER, ACKS_ALL };
enum rewind_target { REWIND_NONE, REWIND_BEGINNING, REWIND_END, REWIND_DATE };

#define SETTING_DEFAULT (-1) /* producer tuning left to librdkafka (or -X) */
extern const char *const compression_names[];
#define COMPRESSION_COUNT 5

struct control {
	atomic_bool paused;
	atomic_int delay_ms;
	atomic_int acks;                 /* enum acks_mode */
	atomic_bool idempotence;
	atomic_uint producer_generation; /* acks or idempotence changed: rebuild the producer */
	atomic_uint topic_generation;    /* the topic changed: producer and consumer switch */
	atomic_int linger_ms;            /* linger.ms, 0 unless set; SETTING_DEFAULT: -X or file */
	atomic_int batch_bytes;          /* SETTING_DEFAULT or batch.size */
	atomic_int compression;          /* SETTING_DEFAULT or an index into compression_names */
	atomic_int step_requests;        /* ticks to produce one by one while paused */
	/* what the producer's client in use was built with; a change above takes effect only
	 * once the old client is flushed, which can take seconds. -1: no client yet */
	atomic_int built_acks;
	atomic_int built_idempotence;
	atomic_int built_linger_ms;      /* SETTING_DEFAULT: left to librdkafka */
	atomic_int built_compression;    /* the codec it uses, an index into compression_names */
	atomic_int commit_mode;          /* enum commit_mode */
	atomic_uint crash_generation;    /* the consumer is to die without committing, and restart */
	atomic_int throttle;             /* most ticks per second the consumer reads; 0: no limit */
	atomic_uint rewind_generation;   /* a rewind was asked for: see rewind_target */
	atomic_int partitions;           /* of the current topic, as last known */
	/* the current topic's partition count changed in the cluster's metadata (partitions added
	 * from outside kticker, or the topic deleted and made again), not by a switch */
	atomic_uint repartition_generation;
	atomic_int leaders[PARTITIONS_MAX]; /* leader broker per partition, refreshed every 2 s */
	/* a leader move kticker makes counts twice: at control_begin_leader_move and at
	 * control_note_leader; odd while a move is under way */
	atomic_uint leader_notes;
	struct partition_info known[PARTITIONS_MAX]; /* the last metadata read, under lock */
	int known_count;
	/* in-sync replicas per partition, refreshed with the leaders: bit b set for broker id b
	 * (ids 1-31); 0 when not known */
	atomic_uint isr[PARTITIONS_MAX];
	/* leader epoch per partition, refreshed with the leaders (src/wiremeta.c: librdkafka
	 * 2.0.2's metadata has none); WIREMETA_NO_EPOCH when not known */
	atomic_int leader_epoch[PARTITIONS_MAX];
	/* wall clock of the metadata answer leaders, isr and leader_epoch were last stored from;
	 * 0: none yet. While no broker answers, they stay as that answer said */
	_Atomic int64_t leaders_read_ms;

	/* the current topic's min.insync.replicas as last read (0: not yet), when (monotonic ms),
	 * when it was last asked for, answered or not (0: not yet), and the partitions the last
	 * metadata answer found short of it; under lock */
	int min_insync;
	int64_t min_insync_read_ms, min_insync_asked_ms;
	struct isr_shortfall isr_short;

	pthread_mutex_t lock;            /* guards topic and the admin request */
	pthread_cond_t wake;
	/* the producer's client while the producer waits paused with nothing in flight: it polls
	 * for a second at a time and a resume or a step wakes it (control_hold_paused_waiter) */
	pthread_mutex_t waiter_lock;
	rd_kafka_t *paused_waiter;
	/* the consumer's message queue while its fetching rests (consumer_rest.h): it waits up
	 * to a second at a time then, and what it must act on at once wakes it */
	struct msg_queue *resting_consumer;
	char topic[TOPIC_NAME_MAX + 1];
	char request_topic[TOPIC_NAME_MAX + 1];
	int request_partitions;          /* > 0: a request is pending */
	int request_kind;                /* enum topic_request (control.c) */
	int rewind_target;               /* enum rewind_target */
	int32_t rewind_date;             /* YYYYMMDD for REWIND_DATE */
	bool stopping;
	pthread_t worker;
	bool worker_running;
	struct cluster *cluster;
};

/* c is zeroed storage (static): zeroing its 95 kB again touched every page at start-up. */
void control_init(struct control *c, struct cluster *cluster, const struct options *o,
		  int partitions);
void control_start_worker(struct control *c);
void control_free(struct control *c);

/* Leader and replicas of topic's partitions as the worker last read them (at most 2 s old, no
 * network call); returns the count, 0 when not read yet or when topic is no longer the
 * current one (a switch came in between). */
int control_known_partitions(struct control *c, const char *topic, struct partition_info *out,
			     int max);
/* Before kticker itself moves a leader (the embedded cluster's controller): the worker's
 * readings from here to control_note_leader are dropped, not told as elections. */
void control_begin_leader_move(struct control *c);
/* A leader of topic moved by kticker itself (the embedded cluster's controller): known at once,
 * not at the worker's next read; nothing when the screen has switched to another topic. */
void control_note_leader(struct control *c, const char *topic, int partition, int broker);
/* The current topic's partitions short of its min.insync.replicas, as the worker last read
 * them, into *out; empty when that reading is older than stale_ms at now_ms (wall clock), as
 * the rows' ISR then is. */
void control_isr_shortfall(struct control *c, int64_t now_ms, int64_t stale_ms,
			   struct isr_shortfall *out);
/* The current topic, copied out. */
void control_topic(struct control *c, char out[TOPIC_NAME_MAX + 1]);
/* "1,2,3": the broker ids of an ISR bit set, as the partitions panel and event log show it. */
void isr_text(char *out, size_t size, unsigned isr);
const char *acks_name(int acks);
/* Kafka's rule for a topic kticker may write to; the text, for messages. */
#define TOPIC_NAME_RULE "1-249 characters of letters, digits, . _ -, not . or .., not __ (Kafka's own)"
bool topic_name_valid(const char *name);

void control_toggle_pause(struct control *c);
/* Halves or doubles the day length within bounds; returns the new value. */
int control_change_delay(struct control *c, bool faster);
void control_cycle_acks(struct control *c);
/* Turning idempotence on forces acks=all, as Kafka requires. */
void control_toggle_idempotence(struct control *c);
/* Asks the worker to create the topic if needed and switch to it. */
void control_request_topic(struct control *c, const char *topic);
/* Asks for a new partition count: CreatePartitions on a real cluster (only growing is
 * possible); on the embedded one, a new topic "<topic>.p<N>" with that count, switched to. */
void control_request_partitions(struct control *c, int partitions);
/* Why no partition count can be asked for here (another kticker's embedded cluster); NULL
 * where it can. */
const char *control_partitions_refusal(const struct control *c);

/* Settings that take a value (from a key's cycle or a typed command); each narrates itself. */
void control_set_delay(struct control *c, int delay_ms);
void control_set_acks(struct control *c, int acks);
void control_set_idempotence(struct control *c, bool on);
void control_set_paused(struct control *c, bool paused);
void control_set_linger(struct control *c, int ms);
void control_cycle_linger(struct control *c);
void control_set_batch(struct control *c, int bytes);
void control_set_compression(struct control *c, int index);
void control_cycle_compression(struct control *c);
void control_set_commit_mode(struct control *c, int mode);
void control_cycle_commit_mode(struct control *c);
void control_set_throttle(struct control *c, int per_second);
void control_cycle_throttle(struct control *c);
/* Pauses the feed and lets exactly one more tick out. */
void control_step(struct control *c);
/* The producer names its client (NULL: none) while it waits paused: a resume or a step then
 * wakes that client's rd_kafka_poll at once. */
void control_hold_paused_waiter(struct control *c, rd_kafka_t *rk);
/* The consumer names its message queue (NULL: none) while its fetching rests: a crash, a
 * rewind, a topic switch or new partitions, ticks its producer delivered and new data the
 * offset watcher finds (control_wake_resting_consumer), end its wait at once. */
void control_hold_resting_consumer(struct control *c, struct msg_queue *q);
void control_wake_resting_consumer(struct control *c);
/* The consumer dies as a crashed process would (no final commit) and a new one starts. */
void control_crash_consumer(struct control *c);
void control_request_rewind(struct control *c, int target, int32_t date);
/* Takes the pending rewind, if any: its target, and the date for REWIND_DATE. */
int control_take_rewind(struct control *c, int32_t *date);

#endif
