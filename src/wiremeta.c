/* wiremeta.c: Kafka's Metadata request v7, written and read by hand (framing in wire.c).
 * Version 7 is the first with the leader epoch and older than the flexible encodings (v9 on);
 * Kafka 4.1 answers versions 0-13. (librdkafka 2.0.2's mock cluster answers only up to v2:
 * kticker does not ask it.) */
#include "wiremeta.h"

#include <stdlib.h>
#include <string.h>

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

/* An int32 array, the first `max` of it into out (NULL: skipped); returns how many were kept. */
static int read_int32_array(struct wire_reader *r, int32_t *out, int max)
{
	int64_t n = wire_get(r, 4);
	int kept = 0;
	for (int64_t i = 0; i < n && !r->bad; i++) {
		int64_t v = wire_get(r, 4);
		if (out && kept < max)
			out[kept++] = (int32_t)v;
	}
	return kept;
}

static void read_brokers(struct wire_reader *r, struct wire_address *brokers, int max, int *count)
{
	*count = 0;
	int64_t n = wire_get(r, 4);
	for (int64_t i = 0; i < n && !r->bad; i++) {
		struct wire_address a;
		a.node = (int32_t)wire_get(r, 4);
		bool named = wire_get_string(r, a.host, sizeof(a.host));
		a.port = (int)wire_get(r, 4);
		wire_skip_string(r); /* rack, nullable */
		if (named && !r->bad && a.port > 0 && a.port < 65536 && *count < max)
			brokers[(*count)++] = a;
	}
}

/* One topic's partitions; they go to parts[] when keep. Returns the count. */
static int read_partitions(struct wire_reader *r, bool keep, struct wiremeta_partition *parts, int max)
{
	int64_t n = wire_get(r, 4);
	for (int64_t i = 0; i < n && !r->bad; i++) {
		struct wiremeta_partition p;
		wire_get(r, 2); /* error code */
		int64_t partition = wire_get(r, 4);
		p.leader = (int32_t)wire_get(r, 4);
		int64_t epoch = wire_get(r, 4);
		p.epoch = epoch >= 0 ? (int32_t)epoch : WIREMETA_NO_EPOCH;
		p.replica_count = read_int32_array(r, p.replicas, WIREMETA_REPLICAS_MAX);
		p.isr_count = read_int32_array(r, p.isrs, WIREMETA_REPLICAS_MAX);
		read_int32_array(r, NULL, 0); /* offline replicas */
		if (keep && partition >= 0 && partition < max && !r->bad)
			parts[partition] = p;
	}
	return n > 0 ? (int)(n < max ? n : max) : 0;
}

int wiremeta_parse(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
		   struct wiremeta_partition *parts, int max, struct wire_address *brokers,
		   int brokers_max, int *broker_count)
{
	struct wire_reader r = { buf, buf + len, false };
	*broker_count = 0;
	if (wire_get(&r, 4) != correlation_id)
		return -1;
	wire_get(&r, 4); /* throttle time */
	read_brokers(&r, brokers, brokers_max, broker_count);
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

/* One question about a topic, with room for its answer. */
struct metadata_question {
	const char *topic;
	struct wiremeta_partition *parts;
	int max;
	int count; /* the answer's partition count */
};

/* One broker's answer; false when it gave none (or no readable one). */
static bool ask_node(struct wire_peers *ps, int32_t node, void *ctx, int64_t deadline)
{
	struct metadata_question *q = ctx;
	uint8_t req[320];
	int32_t id = ++ps->next_id;
	size_t req_len = wiremeta_request(req, sizeof(req), id, q->topic);
	size_t len = 0;
	uint8_t *body = req_len ? wire_peers_exchange(ps, node, req, req_len, deadline, &len) : NULL;
	int found = 0;
	q->count = body ? wiremeta_parse(body, len, id, q->topic, q->parts, q->max, ps->found,
					 WIRE_PEERS_MAX, &found)
			: -1;
	free(body);
	for (int i = 0; i < found; i++)
		wire_peers_note(ps, ps->found[i].node, ps->found[i].host, ps->found[i].port);
	return q->count >= 0;
}

int wiremeta_ask(struct wire_peers *peers, const char *topic, struct wiremeta_partition *parts,
		 int max, int64_t deadline)
{
	struct metadata_question q = { topic, parts, max, -1 };
	return wire_peers_ask_any(peers, ask_node, &q, deadline) ? q.count : -1;
}

void wiremeta_note_brokers(struct wire_peers *peers, const struct rd_kafka_metadata *md)
{
	for (int b = 0; b < md->broker_cnt; b++)
		wire_peers_note(peers, md->brokers[b].id, md->brokers[b].host, md->brokers[b].port);
}
