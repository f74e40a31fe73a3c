/* cluster.h: where the Kafka cluster is — librdkafka's embedded mock cluster or a real one —
 * and making sure the topic exists on it. */
#ifndef KTICKER_CLUSTER_H
#define KTICKER_CLUSTER_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "wire.h"
#include "wiremeta.h"

#define CLUSTER_TIMEOUT_MS 10000 /* how long a broker may take to answer at start-up */
#define WRITABLE_WAIT_MS 15000   /* longest wait for new partitions to accept writes */

struct cluster {
	bool embedded;
	/* librdkafka's mock cluster, this kticker's embedded one or another's (its cluster id
	 * says): the clients take the settings its limits call for (kconf.c) */
	bool mock_limits;
	char *bootstrap;        /* host:port,... for clients, and for kcat or a second kticker */
	int broker_count;
	rd_kafka_t *admin;      /* owns the mock cluster when embedded */
	rd_kafka_mock_cluster_t *mock;
	/* A real cluster over plaintext: the control worker reads partitions with kticker's own
	 * Metadata request (wiremeta.h) over these connections. */
	bool by_wire;
	struct wire_peers peers;
	/* rounds in a row where the brokers refused kticker's own Metadata request and answered
	 * librdkafka's (cluster_note_metadata); the control and offset workers both count */
	atomic_int metadata_refused;
	/* Told, by the admin client's error callback, that its last broker connection is gone.
	 * After start-up only the offset watcher polls that client: it sets this to hear it. */
	void (*all_brokers_down)(void *arg, const char *reason);
	void *all_brokers_down_arg;
	/* A real cluster's first answer, about all topics: cluster_ensure_topic's first look at
	 * the topic, so that start-up takes one Metadata round trip, not two. Freed after it. */
	const struct rd_kafka_metadata *opening_md;
};

/* Starts the embedded cluster, or the admin client's connection to the real one, without
 * waiting for an answer: the connection, its version handshake and the first metadata go on
 * while kticker loads its data (a few ms each). Optional; on failure it leaves nothing behind,
 * and cluster_open, doing it again, says why. c is zeroed storage (static, or closed by
 * cluster_close): zeroing its 34 kB again touched every page at start-up. */
void cluster_begin(struct cluster *c, const struct options *o);
/* Starts the embedded cluster or checks that the real one answers (after cluster_begin or
 * not, on zeroed storage as it); false with a message. */
bool cluster_open(struct cluster *c, const struct options *o, char *err, size_t err_size);
/* Creates the topic when it does not exist yet, and on a real cluster waits (at most
 * WRITABLE_WAIT_MS) until every partition's leader accepts writes; false with a message.
 * *count gets the partition count the topic has. */
bool cluster_ensure_topic(struct cluster *c, const char *topic, int partitions, int *count,
			  char *err, size_t err_size);
/* Makes sure a topic kticker writes besides the main one exists, with as many partitions as
 * the source topic it is derived from, or will on first write (warns otherwise); never fails. */
void cluster_prepare_topic(struct cluster *c, const char *topic, const char *source);
/* Grows a real cluster's topic to this many partitions (CreatePartitions), then waits as
 * cluster_ensure_topic does. */
bool cluster_add_partitions(struct cluster *c, const char *topic, int partitions, char *err,
			    size_t err_size);
#define REPLICAS_MAX WIREMETA_REPLICAS_MAX /* as many as kticker's own metadata answer keeps */

struct partition_info {
	int32_t leader;
	int replica_count;
	int32_t replicas[REPLICAS_MAX];
	int isr_count;                 /* the in-sync replicas, as the controller last said */
	int32_t isrs[REPLICAS_MAX];
	int32_t leader_epoch;          /* +1 at each election; WIREMETA_NO_EPOCH when not known */
};

/* Leader, replicas and ISR of each partition of the topic into out[partition], from metadata;
 * returns the partition count, or -1 when the cluster did not answer or has no such topic. */
int cluster_partitions(struct cluster *c, const char *topic, struct partition_info *out, int max);
/* The topic's min.insync.replicas from DescribeConfigs: its own setting, else the broker's
 * default (Kafka answers a topic's effective value); 0 when not known (no answer within
 * timeout_ms, an error, or librdkafka's mock cluster, which has no such setting). */
int cluster_min_insync(struct cluster *c, const char *topic, int timeout_ms);
/* Whether kticker's own Metadata request (wiremeta.h) is still to be asked: by_wire, and the
 * brokers have not refused it while answering librdkafka's. librdkafka's mock cluster, which
 * a kticker reaches with --broker at another's embedded cluster, answers only up to v2: each
 * request was refused with an error line in the other kticker's event log, several a second. */
bool cluster_metadata_by_wire(struct cluster *c);
/* What a round that asked by wire found: answered there (wire_ms < 0), or not, after wire_ms,
 * while librdkafka's request about the topic was answered or not. A refusal is a failure that
 * came at once (the mock closes the connection on a version it does not know; a broker slow
 * to answer takes the whole deadline) with librdkafka's answered: after a few such rounds in
 * a row, only librdkafka is asked. */
void cluster_note_metadata(struct cluster *c, int64_t wire_ms, bool librdkafka_answered);
void cluster_close(struct cluster *c);

#endif
