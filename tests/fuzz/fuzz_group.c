/* fuzz_group.c: libFuzzer target for group_parse_assignment, which decodes the assignment
 * bytes a broker hands back for each group member. Input: a topic name, then the assignment
 * (fuzz_topic.h). No read past the bytes, no write past the caller's array (exactly max
 * entries, so ASan sees an overflow), count within max. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_topic.h"
#include "group.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PARTITIONS_MAX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	if (!fuzz_split_topic(data, size, &in))
		return 0;
	int32_t *partitions = malloc(FUZZ_PARTITIONS_MAX * sizeof(*partitions));
	if (!partitions)
		abort();
	int count = -1;
	group_parse_assignment(in.bytes, in.rest, in.topic, partitions, FUZZ_PARTITIONS_MAX, &count);
	if (count < 0 || count > FUZZ_PARTITIONS_MAX)
		abort();
	free(in.bytes);
	free(partitions);
	return 0;
}
