/* group.c: describing a consumer group and decoding its members' assignments. */
#include "group.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* A bounds-checked big-endian reader over the assignment bytes. */
struct reader {
	const unsigned char *p;
	size_t left;
	bool ok;
};

static uint32_t read_uint(struct reader *r, size_t bytes)
{
	uint32_t v = 0;
	if (!r->ok || r->left < bytes) {
		r->ok = false;
		return 0;
	}
	for (size_t i = 0; i < bytes; i++)
		v = v << 8 | r->p[i];
	r->p += bytes;
	r->left -= bytes;
	return v;
}

/* A protocol string (int16 length, then bytes); NULL for a null or malformed one. */
static const char *read_string(struct reader *r, size_t *len)
{
	int16_t n = (int16_t)read_uint(r, 2);
	if (!r->ok || n < 0 || (size_t)n > r->left) {
		r->ok = r->ok && n == -1;
		return NULL;
	}
	const char *s = (const char *)r->p;
	*len = (size_t)n;
	r->p += n;
	r->left -= (size_t)n;
	return s;
}

bool group_parse_assignment(const void *data, size_t size, const char *topic, int32_t *partitions,
			    int max, int *count)
{
	struct reader r = { data, size, true };
	*count = 0;
	if (size == 0)
		return true; /* a member with nothing assigned */
	read_uint(&r, 2); /* version */
	int32_t topics = (int32_t)read_uint(&r, 4);
	for (int32_t t = 0; r.ok && t < topics; t++) {
		size_t len = 0;
		const char *name = read_string(&r, &len);
		bool wanted = name && len == strlen(topic) && memcmp(name, topic, len) == 0;
		int32_t n = (int32_t)read_uint(&r, 4);
		for (int32_t i = 0; r.ok && i < n; i++) {
			int32_t partition = (int32_t)read_uint(&r, 4);
			if (wanted && r.ok && *count < max)
				partitions[(*count)++] = partition;
		}
	}
	return r.ok;
}

static void copy_member(const struct rd_kafka_group_member_info *m, const char *topic,
			struct group_member *out)
{
	copy_str(out->client_id, sizeof(out->client_id), m->client_id ? m->client_id : "");
	copy_str(out->host, sizeof(out->host), m->client_host ? m->client_host : "");
	copy_str(out->member_id, sizeof(out->member_id), m->member_id ? m->member_id : "");
	if (!group_parse_assignment(m->member_assignment, (size_t)m->member_assignment_size, topic,
				    out->partitions, GROUP_PARTITIONS_MAX, &out->partition_count))
		out->partition_count = -1;
}

bool group_describe(rd_kafka_t *rk, const char *group, const char *topic, int timeout_ms,
		    struct group_info *out, char *err, size_t err_size)
{
	const struct rd_kafka_group_list *list;
	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	rd_kafka_resp_err_t e = rd_kafka_list_groups(rk, group, &list, timeout_ms);
	if (e) {
		snprintf(err, err_size, "group %s not described: %s", group, rd_kafka_err2str(e));
		return false;
	}
	bool found = false;
	for (int g = 0; g < list->group_cnt && !found; g++) {
		const struct rd_kafka_group_info *gi = &list->groups[g];
		if (strcmp(gi->group, group) != 0)
			continue;
		found = !gi->err;
		if (gi->err) {
			out->unknown = gi->err == RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND;
			snprintf(err, err_size, "group %s: %s", group, rd_kafka_err2str(gi->err));
			break;
		}
		copy_str(out->state, sizeof(out->state), gi->state ? gi->state : "?");
		copy_str(out->protocol, sizeof(out->protocol), gi->protocol ? gi->protocol : "");
		for (int m = 0; m < gi->member_cnt && out->member_count < GROUP_MEMBERS_MAX; m++)
			copy_member(&gi->members[m], topic, &out->members[out->member_count++]);
	}
	rd_kafka_group_list_destroy(list);
	if (!found && !err[0]) { /* every broker answered, and none lists it */
		out->unknown = true;
		snprintf(err, err_size, "the cluster does not know group %s (yet)", group);
	}
	return found;
}
