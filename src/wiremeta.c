/* wiremeta.c: Kafka's Metadata request v7, written and read by hand (framing in wire.c).
 * Version 7 is the first with the leader epoch and older than the flexible encodings (v9 on);
 * Kafka 4.1 answers versions 0-13. (librdkafka 2.0.2's mock cluster answers only up to v2:
 * kticker does not ask it.) */
#include "wiremeta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "wire.h"

#define API_METADATA 3
#define API_VERSION 7

size_t wiremeta_request(uint8_t *out, size_t size, int32_t correlation_id, const char *topic)
{
	if (strlen(topic) > WIRE_TOPIC_MAX)
		return 0;
	struct wire_writer w;
	wire_begin(&w, out, size, API_METADATA, API_VERSION, correlation_id);
	wire_put(&w, 1, 4); /* one topic */
	wire_put_string(&w, topic);
	wire_put(&w, 0, 1); /* allow_auto_topic_creation: false */
	return wire_end(&w);
}

static void skip_int32_array(struct wire_reader *r)
{
	int64_t n = wire_get(r, 4);
	wire_skip(r, n > 0 ? n * 4 : 0);
}

static void skip_brokers(struct wire_reader *r)
{
	int64_t n = wire_get(r, 4);
	for (int64_t i = 0; i < n && !r->bad; i++) {
		wire_get(r, 4);      /* node id */
		wire_skip_string(r); /* host */
		wire_get(r, 4);      /* port */
		wire_skip_string(r); /* rack, nullable */
	}
}

/* One topic's partitions; they go to parts[] when keep. Returns the count. */
static int read_partitions(struct wire_reader *r, bool keep, struct wiremeta_partition *parts, int max)
{
	int64_t n = wire_get(r, 4);
	for (int64_t i = 0; i < n && !r->bad; i++) {
		wire_get(r, 2); /* error code */
		int64_t partition = wire_get(r, 4);
		int64_t leader = wire_get(r, 4);
		int64_t epoch = wire_get(r, 4);
		skip_int32_array(r); /* replicas */
		skip_int32_array(r); /* isr */
		skip_int32_array(r); /* offline replicas */
		if (keep && partition >= 0 && partition < max && !r->bad)
			parts[partition] = (struct wiremeta_partition){
				.leader = (int32_t)leader,
				.epoch = epoch >= 0 ? (int32_t)epoch : WIREMETA_NO_EPOCH,
			};
	}
	return n > 0 ? (int)(n < max ? n : max) : 0;
}

int wiremeta_parse(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
		   struct wiremeta_partition *parts, int max)
{
	struct wire_reader r = { buf, buf + len, false };
	if (wire_get(&r, 4) != correlation_id)
		return -1;
	wire_get(&r, 4); /* throttle time */
	skip_brokers(&r);
	wire_skip_string(&r); /* cluster id, nullable */
	wire_get(&r, 4);      /* controller id */
	for (int i = 0; i < max; i++)
		parts[i] = (struct wiremeta_partition){ .leader = -1, .epoch = WIREMETA_NO_EPOCH };
	int count = -1;
	int64_t topics = wire_get(&r, 4);
	for (int64_t t = 0; t < topics && !r.bad; t++) {
		int64_t error = wire_get(&r, 2);
		bool ours = wire_string_is(&r, topic) && error == 0;
		wire_get(&r, 1); /* is internal */
		int n = read_partitions(&r, ours, parts, max);
		if (ours)
			count = n;
	}
	return r.bad ? -1 : count;
}

int wiremeta_leader_epochs(const char *host, int port, const char *topic,
			   struct wiremeta_partition *parts, int max, int timeout_ms, char *err,
			   size_t err_size)
{
	static int32_t next_id; /* the calling thread's alone: the control worker */
	int32_t id = ++next_id;
	uint8_t req[320];
	size_t req_len = wiremeta_request(req, sizeof(req), id, topic);
	if (!req_len) {
		snprintf(err, err_size, "topic name too long for a metadata request");
		return -1;
	}
	int64_t deadline = mono_ms() + timeout_ms;
	int fd = wire_connect(host, port, err, err_size);
	if (fd < 0)
		return -1;
	size_t len = 0;
	uint8_t *body = wire_exchange(fd, req, req_len, deadline, &len);
	close(fd);
	int count = body ? wiremeta_parse(body, len, id, topic, parts, max) : -1;
	free(body);
	if (count < 0)
		snprintf(err, err_size, "%s:%d: no readable metadata v7 answer", host, port);
	return count;
}
