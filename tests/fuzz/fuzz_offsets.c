/* fuzz_offsets.c: libFuzzer target for the readers of the offset watcher's answers off the
 * network (wireoffsets.h). Input: a topic name (fuzz_topic.h), then one byte choosing the
 * reader (ListOffsets, OffsetFetch, FindCoordinator; with its top bit set, the awaited
 * correlation id is one more than the answer's), then the answer, whose first four bytes are
 * taken as the awaited correlation id. No read past the bytes, no write past the caller's
 * arrays (exactly max entries, so ASan sees an overflow), a count within max, an offset kept
 * only where it is marked answered. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_topic.h"
#include "wireoffsets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PARTITIONS_MAX 8
#define UNTOUCHED 0x5a5a5a5a

static void check_offsets(const uint8_t *bytes, size_t len, int32_t id, bool other_id,
			  const char *topic, bool fetch)
{
	int64_t *offsets = malloc(FUZZ_PARTITIONS_MAX * sizeof(*offsets));
	bool *answered = malloc(FUZZ_PARTITIONS_MAX * sizeof(*answered));
	if (!offsets || !answered)
		abort();
	for (int i = 0; i < FUZZ_PARTITIONS_MAX; i++)
		offsets[i] = UNTOUCHED, answered[i] = false;
	int count = fetch ? wireoffsets_fetch_parse(bytes, len, id, topic, offsets, answered, FUZZ_PARTITIONS_MAX)
			  : wireoffsets_list_parse(bytes, len, id, topic, offsets, answered, FUZZ_PARTITIONS_MAX);
	if (count < -1 || count > FUZZ_PARTITIONS_MAX || (other_id && count != -1))
		abort();
	int marked = 0;
	for (int i = 0; i < FUZZ_PARTITIONS_MAX; i++) {
		marked += answered[i];
		if (answered[i] && offsets[i] < (fetch ? -1 : 0))
			abort(); /* an answer the watcher would show must be an offset */
		if (!answered[i] && offsets[i] != UNTOUCHED)
			abort(); /* a partition without an answer keeps what it had */
	}
	if (count >= 0 && count != marked)
		abort();
	free(offsets);
	free(answered);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	if (!fuzz_split_topic(data, size, &in))
		return 0;
	uint8_t which = in.rest ? in.bytes[0] % 3 : 0;
	const uint8_t *answer = in.rest ? in.bytes + 1 : in.bytes;
	size_t len = in.rest ? in.rest - 1 : 0;
	int32_t id = fuzz_answer_id(answer, len);
	bool other_id = in.rest && in.bytes[0] & 0x80; /* the answer to another question: refused */
	id = (int32_t)((uint32_t)id + other_id);
	if (which < 2) {
		check_offsets(answer, len, id, other_id, in.topic, which == 1);
	} else {
		struct wire_address c;
		if (wireoffsets_coordinator_parse(answer, len, id, &c) &&
		    (other_id || c.port <= 0 || c.port > 65535 || memchr(c.host, '\0', sizeof(c.host)) == NULL))
			abort();
	}
	free(in.bytes);
	return 0;
}
