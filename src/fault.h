/* fault.h: fault injection on the embedded cluster, through librdkafka's mock API, and
 * broker crashes on a local cluster (--cluster local), on its real processes.
 *
 * The mock does not elect leaders by itself: kticker plays Kafka's controller. After each
 * broker goes down or up, every partition of the topics it follows is led by a live broker
 * if one of its replicas is up: a partition whose leader went down moves to its first live
 * replica, and back to that leader when it returns; one with no live replica is offline
 * until a replica returns. The group coordinator moves off a downed broker too. Run by the
 * main thread only (keys, the ':' prompt and --scenario). */
#ifndef KTICKER_FAULT_H
#define KTICKER_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cluster.h"
#include "control.h"
#include "localcluster.h"

#define FAULT_BROKERS_MAX 16
#define FAULT_TOPICS_MAX 8 /* topics the controller follows: those shown at a b or B */

struct fault_partition {
	int8_t leader;        /* as set on the mock, which changes it only when kticker does */
	int8_t home;          /* the leader before kticker first moved it away; 0: not moved */
	int8_t replica_count;
	int8_t replicas[REPLICAS_MAX];
};

struct fault_topic {
	char name[TOPIC_NAME_MAX + 1];
	int count; /* partitions; 0: a free slot */
	struct fault_partition parts[PARTITIONS_MAX];
};

struct faults {
	struct cluster *cluster;
	struct control *control;
	const char *group;
	struct localcluster *local;             /* --cluster local's processes, else NULL */
	bool down[FAULT_BROKERS_MAX + 1];       /* by broker id, 1-based as the mock numbers them */
	struct fault_topic topics[FAULT_TOPICS_MAX];
	int coordinator;                         /* where kticker moved the groups' coordinator; 0: not moved */
	bool produce_failures;                   /* fail-produce was used: some may be left */
};

/* f is zeroed storage (static): zeroing its 90 kB again touched every page at start-up. */
void faults_init(struct faults *f, struct cluster *cluster, struct control *control,
		 const char *group);
/* Whether b and B can stop brokers: the embedded cluster's, or the local cluster's processes. */
bool fault_can_stop_brokers(const struct faults *f);
/* Why faults are not injected here, on a real cluster or another kticker's embedded one. */
const char *fault_elsewhere(const struct faults *f);
/* Each returns false with a message in err (e.g. on a real cluster); on success the event
 * log narrates what happened. On a local cluster, down is a SIGKILL of the broker's process
 * and up starts it again: Kafka's own controller moves the leaders. */
bool fault_broker_down(struct faults *f, int broker, char *err, size_t err_size);
bool fault_broker_up(struct faults *f, int broker, char *err, size_t err_size);
/* Called each frame (or headless check): a topic first shown while a broker of the embedded
 * cluster is down is looked after once its leaders are known, as at a b or B: the cluster
 * places a new topic's leaders on downed brokers too, where Kafka would elect a live one.
 * True while a broker is down: then it wants every frame, as its leaders may come any time. */
bool fault_poll(struct faults *f);
/* --cluster local only: a controlled shutdown (SIGTERM) instead of a crash, and a hung
 * broker (SIGSTOP; fault_broker_up sends SIGCONT). */
bool fault_broker_shutdown(struct faults *f, int broker, char *err, size_t err_size);
bool fault_broker_hang(struct faults *f, int broker, char *err, size_t err_size);
bool fault_latency(struct faults *f, int broker, int rtt_ms, char *err, size_t err_size);
/* The next count produce requests fail with the named Kafka error (e.g. NOT_ENOUGH_REPLICAS). */
bool fault_fail_produce(struct faults *f, int count, const char *error_name, char *err,
			size_t err_size);
/* At shutdown, before the producer's final flush: the mock fails every produce request until
 * the injected failures are used up, and the idempotent producer's retries wait 100 ms each,
 * so failures left over would fail the flush too and its queued ticks would be purged. */
void fault_end_produce_failures(struct faults *f);
/* The lowest-numbered broker that is up (down: that is down); 0 when there is none. */
int fault_pick_broker(const struct faults *f, bool down);
/* A live broker that leads partitions of the topic, so taking it down shows something;
 * else any live one. */
int fault_pick_leader(const struct faults *f);

#endif
