/* wiremeta.h: Kafka's Metadata request (version 7) spoken directly over a plaintext connection,
 * for the one reading Debian's librdkafka 2.0.2 does not pass on from its own metadata: each
 * partition's leader epoch, which goes up by one at every leader election. */
#ifndef KTICKER_WIREMETA_H
#define KTICKER_WIREMETA_H

#include <stddef.h>
#include <stdint.h>

#define WIREMETA_NO_EPOCH (-1) /* not known: no answer, or a broker that sends -1 */

/* One partition as the answer has it: the leader and its epoch come from the same answer, so
 * they always agree with each other. */
struct wiremeta_partition {
	int32_t leader;
	int32_t epoch;
};

/* Asks the broker at host:port for the topic's metadata, waiting at most timeout_ms; fills
 * parts[partition] (leader -1 and WIREMETA_NO_EPOCH for those not in the answer) and returns
 * how many partitions the topic has, or -1 with a message in err. */
int wiremeta_leader_epochs(const char *host, int port, const char *topic,
			   struct wiremeta_partition *parts, int max, int timeout_ms, char *err,
			   size_t err_size);

/* The request's bytes (size prefix included) into out; returns their count, 0 when out is too
 * small or the topic name too long. */
size_t wiremeta_request(uint8_t *out, size_t size, int32_t correlation_id, const char *topic);

/* Reads a Metadata v7 response (without its size prefix) for the topic into parts, as
 * wiremeta_leader_epochs does; -1 when it is malformed, is not the answer to correlation_id,
 * or does not hold the topic. Never reads outside buf. */
int wiremeta_parse(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
		   struct wiremeta_partition *parts, int max);

#endif
