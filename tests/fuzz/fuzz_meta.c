/* fuzz_meta.c: libFuzzer target for wiremeta_parse, which reads a broker's Metadata v7 answer
 * off the network. Input: a topic name, then the answer (fuzz_topic.h), whose first four bytes
 * are taken as the awaited correlation id so that the fuzzer gets past it. No read past the
 * bytes, no write past the caller's arrays (exactly max entries, so ASan sees an overflow),
 * counts within their bounds, broker names terminated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_topic.h"
#include "wiremeta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PARTITIONS_MAX 8
#define FUZZ_BROKERS_MAX 2

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	if (!fuzz_split_topic(data, size, &in))
		return 0;
	int32_t id = fuzz_answer_id(in.bytes, in.rest);
	struct wiremeta_partition *parts = malloc(FUZZ_PARTITIONS_MAX * sizeof(*parts));
	if (!parts)
		abort();
	struct wire_address *brokers = malloc(FUZZ_BROKERS_MAX * sizeof(*brokers));
	if (!brokers)
		abort();
	int broker_count = -1;
	int count = wiremeta_parse(in.bytes, in.rest, id, in.topic, parts, FUZZ_PARTITIONS_MAX, brokers,
				   FUZZ_BROKERS_MAX, &broker_count);
	if (count < -1 || count > FUZZ_PARTITIONS_MAX || broker_count < 0 || broker_count > FUZZ_BROKERS_MAX)
		abort();
	for (int i = 0; i < count; i++)
		if (parts[i].replica_count < 0 || parts[i].replica_count > WIREMETA_REPLICAS_MAX ||
		    parts[i].isr_count < 0 || parts[i].isr_count > WIREMETA_REPLICAS_MAX)
			abort();
	for (int i = 0; i < broker_count; i++)
		if (!memchr(brokers[i].host, '\0', sizeof(brokers[i].host)) || brokers[i].port <= 0)
			abort();
	free(brokers);
	free(in.bytes);
	free(parts);
	return 0;
}
