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

#include "cluster.h"
#include "options.h"

#define TOPIC_NAME_MAX 250
#define DELAY_MIN_MS 0
#define DELAY_MAX_MS 60000

enum acks_mode { ACKS_NONE, ACKS_LEADER, ACKS_ALL };

struct control {
	atomic_bool paused;
	atomic_int delay_ms;
	atomic_int acks;                 /* enum acks_mode */
	atomic_bool idempotence;
	atomic_uint producer_generation; /* acks or idempotence changed: rebuild the producer */
	atomic_uint topic_generation;    /* the topic changed: producer and consumer switch */
	atomic_int partitions;           /* of the current topic, as last known */
	atomic_int leaders[PARTITIONS_MAX]; /* leader broker per partition, refreshed every 2 s */

	pthread_mutex_t lock;            /* guards topic and the admin request */
	pthread_cond_t wake;
	char topic[TOPIC_NAME_MAX + 1];
	char request_topic[TOPIC_NAME_MAX + 1];
	int request_partitions;          /* > 0: a request is pending */
	bool request_add_partitions;     /* grow the topic in place instead of switching */
	bool stopping;
	pthread_t worker;
	bool worker_running;
	struct cluster *cluster;
};

void control_init(struct control *c, struct cluster *cluster, const char *topic, int partitions,
		  int delay_ms, const char *acks, bool idempotence);
void control_start_worker(struct control *c);
void control_free(struct control *c);

/* The current topic, copied out. */
void control_topic(struct control *c, char out[TOPIC_NAME_MAX + 1]);
const char *acks_name(int acks);
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

#endif
