/* fuzz_topic.h: the input layout of the fuzz targets that read bytes about one topic: the
 * first byte is the length of the topic name that follows (up to 31), the rest is theirs. */
#ifndef KTICKER_FUZZ_TOPIC_H
#define KTICKER_FUZZ_TOPIC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One input split: the topic name, and a malloc'd copy of exactly the bytes after it (so
 * that ASan catches a read past them), rest of them. */
struct fuzz_input {
	char topic[32];
	uint8_t *bytes;
	size_t rest;
};

/* Splits data into in; false for an empty input (nothing to split). */
static inline bool fuzz_split_topic(const uint8_t *data, size_t size, struct fuzz_input *in)
{
	if (size == 0)
		return false;
	size_t topic_len = data[0] % 32;
	if (topic_len > size - 1)
		topic_len = size - 1;
	memcpy(in->topic, data + 1, topic_len);
	in->topic[topic_len] = '\0';
	in->rest = size - 1 - topic_len;
	in->bytes = malloc(in->rest ? in->rest : 1);
	if (!in->bytes)
		abort();
	memcpy(in->bytes, data + 1 + topic_len, in->rest);
	return true;
}

/* The first four bytes as a correlation id, so that the fuzzer gets past the check of it; 0
 * when there are fewer. */
static inline int32_t fuzz_answer_id(const uint8_t *bytes, size_t size)
{
	return size >= 4 ? (int32_t)((uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 |
				     (uint32_t)bytes[2] << 8 | bytes[3])
			 : 0;
}

#endif
