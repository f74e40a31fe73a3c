/* wiregroup.c: DescribeGroups v2 by hand (wiregroup.h). */
#include "wiregroup.h"

#include <string.h>

#include "wire.h"

#define API_DESCRIBE_GROUPS 15

size_t wiregroup_describe_request(uint8_t *out, size_t size, int32_t correlation_id,
				  const char *group)
{
	if (strlen(group) > 255)
		return 0;
	struct wire_writer w;
	wire_begin(&w, out, size, API_DESCRIBE_GROUPS, 2, correlation_id);
	wire_put(&w, 1, 4); /* one group */
	wire_put_string(&w, group);
	return wire_end(&w);
}

/* One member: its ids, then the bytes of its subscription (skipped) and of its assignment. */
static void read_member(struct wire_reader *r, const char *topic, struct group_member *m)
{
	wire_get_string(r, m->member_id, sizeof(m->member_id));
	wire_get_string(r, m->client_id, sizeof(m->client_id));
	wire_get_string(r, m->host, sizeof(m->host));
	wire_skip(r, wire_get(r, 4)); /* metadata */
	int64_t n = wire_get(r, 4);
	const uint8_t *assignment = r->p;
	wire_skip(r, n);
	m->partition_count = 0;
	if (!r->bad && n > 0 &&
	    !group_parse_assignment(assignment, (size_t)n, topic, m->partitions, GROUP_PARTITIONS_MAX,
				    &m->partition_count))
		m->partition_count = -1;
}

/* The group's entry after its error code and id: state, protocol, members. */
static void read_group(struct wire_reader *r, const char *topic, struct group_info *out)
{
	wire_get_string(r, out->state, sizeof(out->state));
	wire_skip_string(r); /* protocol type: "consumer" */
	wire_get_string(r, out->protocol, sizeof(out->protocol));
	int64_t members = wire_get(r, 4);
	for (int64_t i = 0; !r->bad && i < members; i++) {
		struct group_member ignored, *m = out->member_count < GROUP_MEMBERS_MAX
							  ? &out->members[out->member_count++]
							  : &ignored;
		read_member(r, topic, m);
	}
}

bool wiregroup_describe_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
			      const char *group, const char *topic, struct group_info *out,
			      int *error)
{
	memset(out, 0, sizeof(*out));
	struct wire_reader r = { buf, buf + len, false };
	bool ours = wire_get(&r, 4) == correlation_id;
	wire_get(&r, 4); /* throttle time */
	ours = ours && wire_get(&r, 4) == 1; /* one group was asked about */
	*error = (int)wire_get(&r, 2);
	ours = ours && wire_string_is(&r, group);
	if (ours && !*error)
		read_group(&r, topic, out);
	if (!ours || r.bad) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	if (*error == WIREGROUP_GROUP_ID_NOT_FOUND || (!*error && strcmp(out->state, "Dead") == 0)) {
		memset(out, 0, sizeof(*out));
		out->unknown = true;
	}
	return true;
}
