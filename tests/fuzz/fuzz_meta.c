/* fuzz_meta.c: libFuzzer target for wiremeta_parse, which reads a broker's Metadata v7 answer
 * off the network. The first byte is the length of the topic name that follows (up to 31);
 * the rest is the answer, whose first four bytes are taken as the awaited correlation id so
 * that the fuzzer gets past it. No read past the bytes, no write past the caller's array
 * (exactly max entries, so ASan sees an overflow), a count within max. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wiremeta.h"

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
	const uint8_t *answer = data + 1 + topic_len;
	int32_t id = rest >= 4 ? (int32_t)((uint32_t)answer[0] << 24 | (uint32_t)answer[1] << 16 |
					   (uint32_t)answer[2] << 8 | answer[3])
			       : 0;
	/* a copy of exactly the answer's bytes, so a read past them is caught */
	uint8_t *bytes = malloc(rest ? rest : 1);
	int32_t *epochs = malloc(FUZZ_PARTITIONS_MAX * sizeof(*epochs));
	if (!bytes || !epochs)
		abort();
	memcpy(bytes, answer, rest);
	int count = wiremeta_parse(bytes, rest, id, topic, epochs, FUZZ_PARTITIONS_MAX);
	if (count < -1 || count > FUZZ_PARTITIONS_MAX)
		abort();
	free(bytes);
	free(epochs);
	return 0;
}
