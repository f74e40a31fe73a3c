/* wiremeta.h: Kafka's Metadata request (version 7) spoken directly over plaintext
 * connections (wire.h). It carries what Debian's librdkafka 2.0.2 does not pass on from its
 * own metadata, each partition's leader epoch (+1 at every leader election), and it asks
 * about one topic without ever creating it, over a kept connection: the control worker and
 * the offset watcher read leaders with it every round on a real plaintext cluster. */
#ifndef KTICKER_WIREMETA_H
#define KTICKER_WIREMETA_H

#include <librdkafka/rdkafka.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define WIREMETA_NO_EPOCH (-1) /* not known: no answer, or a broker that sends -1 */
#define WIREMETA_REPLICAS_MAX 8 /* replicas and in-sync replicas kept per partition */

/* One partition as the answer has it: leader, epoch, replicas and ISR come from the same
 * answer, so they always agree with each other. */
struct wiremeta_partition {
	int32_t leader;
	int32_t epoch;
	int replica_count;
	int32_t replicas[WIREMETA_REPLICAS_MAX];
	int isr_count;
	int32_t isrs[WIREMETA_REPLICAS_MAX];
};

/* Asks the brokers of peers in turn, the one that answered last first, until one answers
 * before the deadline (mono_ms); fills parts[partition] (leader -1 and WIREMETA_NO_EPOCH for
 * those not in the answer) and returns how many partitions the topic has, or -1 when no
 * broker answered or the topic is not there. The brokers the answer lists join peers. */
int wiremeta_ask(struct wire_peers *peers, const char *topic, struct wiremeta_partition *parts,
		 int max, int64_t deadline);

/* The brokers librdkafka's metadata lists join peers: where to ask before any answer of
 * kticker's own has said. */
void wiremeta_note_brokers(struct wire_peers *peers, const struct rd_kafka_metadata *md);

/* The request's bytes (size prefix included) into out; returns their count, 0 when out is too
 * small or the topic name too long. */
size_t wiremeta_request(uint8_t *out, size_t size, int32_t correlation_id, const char *topic);

/* Reads a Metadata v7 response (without its size prefix) for the topic into parts, as
 * wiremeta_ask does, and the brokers it lists into brokers (up to brokers_max; their count in
 * *broker_count); -1 when it is malformed, is not the answer to correlation_id, or does not
 * hold the topic. Never reads outside buf. */
int wiremeta_parse(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
		   struct wiremeta_partition *parts, int max, struct wire_address *brokers,
		   int brokers_max, int *broker_count);

#endif
