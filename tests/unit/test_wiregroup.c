/* test_wiregroup.c: the hand-written DescribeGroups v2 request, checked byte for byte against
 * Kafka's message spec, and the reading of its answers. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "wirebuf.h"
#include "wiregroup.h"

static void test_request(void)
{
	uint8_t req[WIREGROUP_REQUEST_SIZE];
	struct buf want;
	header(&want, 15, 2, 9);
	put(&want, 1, 4);
	put_string(&want, "grp");
	finish(&want);
	size_t n = wiregroup_describe_request(req, sizeof(req), 9, "grp");
	CHECK_INT(n, want.n);
	CHECK(memcmp(req, want.b, want.n) == 0);

	char long_group[300];
	memset(long_group, 'g', sizeof(long_group) - 1);
	long_group[sizeof(long_group) - 1] = '\0';
	CHECK_INT(wiregroup_describe_request(req, sizeof(req), 9, long_group), 0);
}

/* A ConsumerProtocol assignment: "other" partition 7, then "ticks" with the partitions given. */
static void assignment(struct buf *o, const int32_t *partitions, int n)
{
	struct buf a = { .n = 0 };
	put(&a, 0, 2), put(&a, 2, 4);
	put_string(&a, "other"), put(&a, 1, 4), put(&a, 7, 4);
	put_string(&a, "ticks"), put(&a, n, 4);
	for (int i = 0; i < n; i++)
		put(&a, partitions[i], 4);
	put(&a, -1, 4); /* user data: null */
	put(o, (int64_t)a.n, 4);
	memcpy(o->b + o->n, a.b, a.n);
	o->n += a.n;
}

static void member(struct buf *o, const char *id, const int32_t *partitions, int n)
{
	put_string(o, id), put_string(o, "kticker"), put_string(o, "/127.0.0.1");
	put(o, 3, 4), put(o, 0, 3); /* metadata: three bytes */
	assignment(o, partitions, n);
}

static void answer(struct buf *o, int32_t id, int16_t error, const char *group, const char *state)
{
	o->n = 0;
	put(o, id, 4), put(o, 0, 4), put(o, 1, 4); /* throttle time, one group */
	put(o, error, 2), put_string(o, group), put_string(o, state);
	put_string(o, "consumer"), put_string(o, "range");
}

static void test_parse(void)
{
	static struct group_info g;
	struct buf o;
	int error = -1;
	const int32_t first[] = { 0, 2 }, second[] = { 1 };
	answer(&o, 4, 0, "grp", "Stable");
	put(&o, 2, 4);
	member(&o, "kticker-1-aaaa", first, 2);
	member(&o, "kticker-2-bbbb", second, 1);
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(error, 0);
	CHECK(!g.unknown);
	CHECK_STR(g.state, "Stable");
	CHECK_STR(g.protocol, "range");
	CHECK_INT(g.member_count, 2);
	CHECK_STR(g.members[0].member_id, "kticker-1-aaaa");
	CHECK_STR(g.members[1].host, "/127.0.0.1");
	CHECK_INT(g.members[0].partition_count, 2);
	CHECK_INT(g.members[0].partitions[1], 2);
	CHECK_INT(g.members[1].partition_count, 1);
	CHECK_INT(g.members[1].partitions[0], 1);

	CHECK(!wiregroup_describe_parse(o.b, o.n, 5, "grp", "ticks", &g, &error)); /* another id */
	CHECK(!wiregroup_describe_parse(o.b, o.n - 1, 4, "grp", "ticks", &g, &error));
	CHECK_INT(g.member_count, 0); /* nothing of a refused answer is kept */
	CHECK(!wiregroup_describe_parse(o.b, o.n, 4, "grq", "ticks", &g, &error));

	answer(&o, 4, 0, "grp", "Dead"); /* Kafka before v6: a group it does not know */
	put(&o, 0, 4);
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(error, 0);
	CHECK(g.unknown);
	answer(&o, 4, WIREGROUP_GROUP_ID_NOT_FOUND, "grp", "");
	put(&o, 0, 4);
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(error, WIREGROUP_GROUP_ID_NOT_FOUND);
	CHECK(g.unknown);
	answer(&o, 4, 16, "grp", ""); /* NOT_COORDINATOR */
	put(&o, 0, 4);
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(error, 16);
	CHECK(!g.unknown);
	answer(&o, 4, -1, "grp", ""); /* UNKNOWN_SERVER_ERROR: an answer, not a malformed one */
	put(&o, 0, 4);
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(error, -1);
}

/* Members beyond GROUP_MEMBERS_MAX are read past, not kept; a member with null metadata and
 * assignment (a group not Stable) holds nothing; a malformed assignment is counted -1. */
static void test_odd_members(void)
{
	static struct group_info g;
	static struct buf o; /* room for GROUP_MEMBERS_MAX + 1 members */
	int error = -1;
	const int32_t one[] = { 3 };
	answer(&o, 4, 0, "grp", "Stable");
	put(&o, GROUP_MEMBERS_MAX + 1, 4);
	for (int m = 0; m <= GROUP_MEMBERS_MAX; m++) {
		char id[16];
		snprintf(id, sizeof(id), "m-%d", m);
		put_string(&o, id), put_string(&o, "c"), put_string(&o, "h");
		put(&o, 0, 4), put(&o, -1, 4); /* no metadata, a null assignment */
	}
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(g.member_count, GROUP_MEMBERS_MAX);
	CHECK_STR(g.members[GROUP_MEMBERS_MAX - 1].member_id, "m-31");
	CHECK_INT(g.members[0].partition_count, 0);

	answer(&o, 4, 0, "grp", "Stable");
	put(&o, 2, 4);
	member(&o, "kept", one, 1);
	put_string(&o, "bad"), put_string(&o, "c"), put_string(&o, "h");
	put(&o, -1, 4), put(&o, 3, 4), put(&o, 0, 2), put(&o, 9, 1); /* 3 bytes: cut short */
	CHECK(wiregroup_describe_parse(o.b, o.n, 4, "grp", "ticks", &g, &error));
	CHECK_INT(g.member_count, 2);
	CHECK_INT(g.members[0].partition_count, 1);
	CHECK_INT(g.members[1].partition_count, -1);
}

int main(void)
{
	test_request();
	test_parse();
	test_odd_members();
	return check_report("test_wiregroup");
}
