/* test_wireoffsets.c: the hand-written ListOffsets v2, OffsetFetch v3 and FindCoordinator v1
 * requests, checked byte for byte against Kafka's message specs, and the reading of their
 * answers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wirebuf.h"
#include "wireoffsets.h"

static void test_requests(void)
{
	uint8_t req[256];
	struct buf want;
	int32_t parts[] = { 4, 0, 9 };

	header(&want, 2, 2, 42);
	put(&want, -1, 4);           /* replica id */
	put(&want, 1, 1);            /* read_committed */
	put(&want, 1, 4), put_string(&want, "ticks");
	put(&want, 3, 4);
	for (int i = 0; i < 3; i++)
		put(&want, parts[i], 4), put(&want, -1, 8); /* latest */
	finish(&want);
	size_t n = wireoffsets_list_request(req, sizeof(req), 42, "ticks", parts, 3, WIREOFFSETS_LATEST,
					    true);
	CHECK_INT(n, want.n);
	CHECK(memcmp(req, want.b, want.n) == 0);
	CHECK_INT(wireoffsets_list_request(req, 40, 42, "ticks", parts, 3, -1, true), 0); /* too small */
	size_t uncommitted = wireoffsets_list_request(req, sizeof(req), 42, "ticks", parts, 3, -1, false);
	CHECK_INT(uncommitted, want.n);
	CHECK_INT(req[4 + 2 + 2 + 4 + 2 + 7 + 4], 0); /* read_uncommitted: after the replica id */

	header(&want, 9, 3, 43);
	put_string(&want, "grp");
	put(&want, 1, 4), put_string(&want, "ticks");
	put(&want, 3, 4);
	for (int i = 0; i < 3; i++)
		put(&want, parts[i], 4);
	finish(&want);
	n = wireoffsets_fetch_request(req, sizeof(req), 43, "grp", "ticks", parts, 3);
	CHECK_INT(n, want.n);
	CHECK(memcmp(req, want.b, want.n) == 0);

	header(&want, 10, 1, 44);
	put_string(&want, "grp");
	put(&want, 0, 1); /* a group */
	finish(&want);
	n = wireoffsets_coordinator_request(req, sizeof(req), 44, "grp");
	CHECK_INT(n, want.n);
	CHECK(memcmp(req, want.b, want.n) == 0);

	char long_topic[300];
	memset(long_topic, 'x', sizeof(long_topic) - 1);
	long_topic[sizeof(long_topic) - 1] = '\0';
	CHECK_INT(wireoffsets_list_request(req, sizeof(req), 1, long_topic, parts, 1, -1, true), 0);
}

static void list_partition(struct buf *o, int32_t partition, int16_t error, int64_t offset)
{
	put(o, partition, 4), put(o, error, 2), put(o, -1, 8), put(o, offset, 8);
}

/* A ListOffsets v2 answer: "other" (partition 1, which must not leak into ticks'), then
 * "ticks": 2 -> 700, 0 -> 500, 1 with an error (NOT_LEADER_OR_FOLLOWER), 3 with -1 (no
 * answer), 5000 (beyond the table). */
static void list_answer(struct buf *o, int32_t id)
{
	o->n = 0;
	put(o, id, 4), put(o, 0, 4); /* throttle time */
	put(o, 2, 4);
	put_string(o, "other"), put(o, 1, 4);
	list_partition(o, 1, 0, 999);
	put_string(o, "ticks"), put(o, 5, 4);
	list_partition(o, 2, 0, 700);
	list_partition(o, 0, 0, 500);
	list_partition(o, 1, 6, 800);
	list_partition(o, 3, 0, -1);
	list_partition(o, 5000, 0, 1);
}

static void test_list_parse(void)
{
	struct buf o;
	list_answer(&o, 42);
	int64_t offsets[8] = { 0 };
	bool answered[8] = { false };
	CHECK_INT(wireoffsets_list_parse(o.b, o.n, 42, "ticks", offsets, answered, 8), 2);
	CHECK(answered[0] && answered[2] && !answered[1] && !answered[3] && !answered[4]);
	CHECK_INT(offsets[0], 500);
	CHECK_INT(offsets[2], 700);
	memset(answered, 0, sizeof(answered));
	CHECK_INT(wireoffsets_list_parse(o.b, o.n, 41, "ticks", offsets, answered, 8), -1); /* not ours */
	for (size_t len = 0; len < o.n; len++) { /* cut short anywhere: refused, read within */
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, o.b, len);
		CHECK_INT(wireoffsets_list_parse(copy, len, 42, "ticks", offsets, answered, 8), -1);
		free(copy);
	}
}

static void fetch_partition(struct buf *o, int32_t partition, int64_t offset, int16_t error)
{
	put(o, partition, 4), put(o, offset, 8);
	put(o, -1, 2); /* no metadata */
	put(o, error, 2);
}

/* An OffsetFetch v3 answer: partition 0 committed at 12, 1 nothing committed (-1), 2 an error. */
static void fetch_answer(struct buf *o, int32_t id, int16_t group_error)
{
	o->n = 0;
	put(o, id, 4), put(o, 0, 4);
	put(o, 1, 4);
	put_string(o, "ticks"), put(o, 3, 4);
	fetch_partition(o, 0, 12, 0);
	fetch_partition(o, 1, -1, 0);
	fetch_partition(o, 2, 40, 3);
	put(o, group_error, 2);
}

static void test_fetch_parse(void)
{
	struct buf o;
	fetch_answer(&o, 9, 0);
	int64_t offsets[4] = { 0 };
	bool answered[4] = { false };
	CHECK_INT(wireoffsets_fetch_parse(o.b, o.n, 9, "ticks", offsets, answered, 4), 2);
	CHECK(answered[0] && answered[1] && !answered[2]);
	CHECK_INT(offsets[0], 12);
	CHECK_INT(offsets[1], -1);
	fetch_answer(&o, 9, 16); /* NOT_COORDINATOR: no answer at all */
	CHECK_INT(wireoffsets_fetch_parse(o.b, o.n, 9, "ticks", offsets, answered, 4), -1);
	fetch_answer(&o, 9, 0);
	for (size_t len = 0; len < o.n; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, o.b, len);
		CHECK_INT(wireoffsets_fetch_parse(copy, len, 9, "ticks", offsets, answered, 4), -1);
		free(copy);
	}
}

static void coordinator_answer(struct buf *o, int32_t id, int16_t error)
{
	o->n = 0;
	put(o, id, 4), put(o, 0, 4), put(o, error, 2);
	error ? put_string(o, "not available") : put(o, -1, 2); /* message */
	put(o, 3, 4), put_string(o, "127.0.0.1"), put(o, 9095, 4);
}

static void test_coordinator_parse(void)
{
	struct buf o;
	struct wire_address c;
	coordinator_answer(&o, 5, 0);
	CHECK(wireoffsets_coordinator_parse(o.b, o.n, 5, &c));
	CHECK_INT(c.node, 3);
	CHECK_STR(c.host, "127.0.0.1");
	CHECK_INT(c.port, 9095);
	CHECK(!wireoffsets_coordinator_parse(o.b, o.n, 6, &c));
	CHECK(!wireoffsets_coordinator_parse(o.b, o.n - 1, 5, &c));
	coordinator_answer(&o, 5, 15); /* COORDINATOR_NOT_AVAILABLE */
	CHECK(!wireoffsets_coordinator_parse(o.b, o.n, 5, &c));
}

int main(void)
{
	test_requests();
	test_list_parse();
	test_fetch_parse();
	test_coordinator_parse();
	return check_report("test_wireoffsets");
}
