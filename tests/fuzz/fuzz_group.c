/* fuzz_group.c: libFuzzer target for group_parse_assignment, which decodes the assignment
 * bytes a broker hands back for each group member. The first byte is the length of the topic
 * name that follows (up to 31); the rest is the assignment. No read past the bytes, no write
 * past the caller's array (exactly max entries, so ASan sees an overflow), count within max. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "group.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PARTITIONS_MAX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t topic_len = data[0] % 32;
	if (topic_len > size - 1)
		topic_len = size - 1;
	char topic[32];
	memcpy(topic, data + 1, topic_len);
	topic[topic_len] = '\0';
	size_t rest = size - 1 - topic_len;
	/* a copy of exactly the assignment's bytes, so a read past them is caught */
	uint8_t *bytes = malloc(rest ? rest : 1);
	int32_t *partitions = malloc(FUZZ_PARTITIONS_MAX * sizeof(*partitions));
	if (!bytes || !partitions)
		abort();
	memcpy(bytes, data + 1 + topic_len, rest);
	int count = -1;
	group_parse_assignment(bytes, rest, topic, partitions, FUZZ_PARTITIONS_MAX, &count);
	if (count < 0 || count > FUZZ_PARTITIONS_MAX)
		abort();
	free(bytes);
	free(partitions);
	return 0;
}
