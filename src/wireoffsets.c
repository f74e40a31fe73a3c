/* wireoffsets.c: ListOffsets v2, OffsetFetch v3 and FindCoordinator v1 by hand (wireoffsets.h). */
#include "wireoffsets.h"

#include <string.h>

#include "wire.h"

#define API_LIST_OFFSETS 2
#define API_OFFSET_FETCH 9
#define API_FIND_COORDINATOR 10

size_t wireoffsets_list_request(uint8_t *out, size_t size, int32_t correlation_id,
				const char *topic, const int32_t *partitions, int n, int64_t timestamp,
				bool read_committed)
{
	if (strlen(topic) > WIRE_TOPIC_MAX || n < 0)
		return 0;
	struct wire_writer w;
	wire_begin(&w, out, size, API_LIST_OFFSETS, 2, correlation_id);
	wire_put(&w, (uint32_t)-1, 4); /* replica id: a client */
	wire_put(&w, read_committed, 1);
	wire_put(&w, 1, 4);            /* one topic */
	wire_put_string(&w, topic);
	wire_put(&w, (uint32_t)n, 4);
	for (int i = 0; i < n; i++) {
		wire_put(&w, (uint32_t)partitions[i], 4);
		wire_put(&w, (uint64_t)timestamp, 8);
	}
	return wire_end(&w);
}

size_t wireoffsets_fetch_request(uint8_t *out, size_t size, int32_t correlation_id,
				 const char *group, const char *topic, const int32_t *partitions, int n)
{
	if (strlen(topic) > WIRE_TOPIC_MAX || n < 0)
		return 0;
	struct wire_writer w;
	wire_begin(&w, out, size, API_OFFSET_FETCH, 3, correlation_id);
	wire_put_string(&w, group);
	wire_put(&w, 1, 4); /* one topic */
	wire_put_string(&w, topic);
	wire_put(&w, (uint32_t)n, 4);
	for (int i = 0; i < n; i++)
		wire_put(&w, (uint32_t)partitions[i], 4);
	return wire_end(&w);
}

size_t wireoffsets_coordinator_request(uint8_t *out, size_t size, int32_t correlation_id,
				       const char *group)
{
	struct wire_writer w;
	wire_begin(&w, out, size, API_FIND_COORDINATOR, 1, correlation_id);
	wire_put_string(&w, group);
	wire_put(&w, 0, 1); /* key type: a group */
	return wire_end(&w);
}

/* One partition's entry; false when it is the topic's to keep but has no usable answer. */
typedef bool (*read_entry_fn)(struct wire_reader *r, int64_t *offset);

static bool read_list_entry(struct wire_reader *r, int64_t *offset)
{
	int64_t error = wire_get(r, 2);
	wire_get(r, 8); /* timestamp */
	*offset = wire_get(r, 8);
	return error == 0 && *offset >= 0;
}

static bool read_fetch_entry(struct wire_reader *r, int64_t *offset)
{
	*offset = wire_get(r, 8);
	wire_skip_string(r); /* metadata, nullable */
	return wire_get(r, 2) == 0 && *offset >= -1;
}

/* The topics array both answers share: each partition's entry read by read_entry. */
static int read_topics(struct wire_reader *r, const char *topic, read_entry_fn read_entry,
		       int64_t *offsets, bool *answered, int max)
{
	int count = 0;
	int64_t topics = wire_get(r, 4);
	for (int64_t t = 0; t < topics && !r->bad; t++) {
		bool ours = wire_string_is(r, topic);
		int64_t n = wire_get(r, 4);
		for (int64_t i = 0; i < n && !r->bad; i++) {
			int64_t partition = wire_get(r, 4);
			int64_t offset;
			bool usable = read_entry(r, &offset);
			if (ours && usable && !r->bad && partition >= 0 && partition < max) {
				offsets[partition] = offset;
				count += !answered[partition];
				answered[partition] = true;
			}
		}
	}
	return count;
}

/* Both answers: the correlation id, the throttle time, the topics; OffsetFetch's then ends
 * with the group's error code (not its coordinator, still loading...). */
static int read_answer(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
		       read_entry_fn read_entry, bool group_error, int64_t *offsets, bool *answered,
		       int max)
{
	struct wire_reader r = { buf, buf + len, false };
	if (wire_get(&r, 4) != correlation_id)
		return -1;
	wire_get(&r, 4); /* throttle time */
	int count = read_topics(&r, topic, read_entry, offsets, answered, max);
	int64_t error = group_error ? wire_get(&r, 2) : 0;
	return r.bad || error ? -1 : count;
}

int wireoffsets_list_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
			   const char *topic, int64_t *offsets, bool *answered, int max)
{
	return read_answer(buf, len, correlation_id, topic, read_list_entry, false, offsets, answered, max);
}

int wireoffsets_fetch_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
			    const char *topic, int64_t *offsets, bool *answered, int max)
{
	return read_answer(buf, len, correlation_id, topic, read_fetch_entry, true, offsets, answered, max);
}

bool wireoffsets_coordinator_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
				   struct wire_address *out)
{
	struct wire_reader r = { buf, buf + len, false };
	if (wire_get(&r, 4) != correlation_id)
		return false;
	wire_get(&r, 4); /* throttle time */
	int64_t error = wire_get(&r, 2);
	wire_skip_string(&r); /* error message, nullable */
	out->node = (int32_t)wire_get(&r, 4);
	bool named = wire_get_string(&r, out->host, sizeof(out->host));
	out->port = (int)wire_get(&r, 4);
	return !r.bad && named && error == 0 && out->port > 0 && out->port < 65536;
}
