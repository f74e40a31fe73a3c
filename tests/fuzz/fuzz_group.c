/* fuzz_group.c: libFuzzer target for the readers of what a group's coordinator says of it:
 * group_parse_assignment (the assignment bytes it hands back for each member) and, with bit
 * 0x20 of the first byte set, wiregroup_describe_parse (its whole DescribeGroups answer, about
 * a group named as the topic; its first four bytes are taken as the awaited correlation id).
 * Input: a topic name, then the bytes (fuzz_topic.h). No read past the bytes, no write past
 * the caller's array (exactly max entries, so ASan sees an overflow), counts within bounds. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_topic.h"
#include "group.h"
#include "wiregroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PARTITIONS_MAX 8
#define DESCRIBE_ANSWER 0x20 /* the first byte's bit beside the topic length (0-31) */

static void check_assignment(const struct fuzz_input *in)
{
	int32_t *partitions = malloc(FUZZ_PARTITIONS_MAX * sizeof(*partitions));
	if (!partitions)
		abort();
	int count = -1;
	group_parse_assignment(in->bytes, in->rest, in->topic, partitions, FUZZ_PARTITIONS_MAX, &count);
	if (count < 0 || count > FUZZ_PARTITIONS_MAX)
		abort();
	free(partitions);
}

static void check_string(const char *s, size_t size)
{
	if (memchr(s, '\0', size) == NULL)
		abort();
}

static void check_describe(const struct fuzz_input *in)
{
	static struct group_info out; /* too large for a fuzzer's stack */
	int32_t id = fuzz_answer_id(in->bytes, in->rest);
	int error = 0;
	bool read = wiregroup_describe_parse(in->bytes, in->rest, id, in->topic, in->topic, &out, &error);
	if (out.member_count < 0 || out.member_count > GROUP_MEMBERS_MAX)
		abort();
	if ((!read || out.unknown || error) && out.member_count != 0)
		abort(); /* nothing of a refused answer, an unknown group or an error is kept */
	check_string(out.state, sizeof(out.state));
	check_string(out.protocol, sizeof(out.protocol));
	for (int m = 0; m < out.member_count; m++) {
		const struct group_member *gm = &out.members[m];
		if (gm->partition_count < -1 || gm->partition_count > GROUP_PARTITIONS_MAX)
			abort();
		check_string(gm->member_id, sizeof(gm->member_id));
		check_string(gm->client_id, sizeof(gm->client_id));
		check_string(gm->host, sizeof(gm->host));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	if (!fuzz_split_topic(data, size, &in))
		return 0;
	if (data[0] & DESCRIBE_ANSWER)
		check_describe(&in);
	else
		check_assignment(&in);
	free(in.bytes);
	return 0;
}
