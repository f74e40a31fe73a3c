/* fuzz_topic.h: the input layout of the fuzz targets that read bytes about one topic: the
 * first byte is the length of the topic name that follows (up to 31), the rest is theirs. */
#ifndef KTICKER_FUZZ_TOPIC_H
#define KTICKER_FUZZ_TOPIC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The topic name into topic (NUL-terminated); returns a malloc'd copy of exactly the bytes
 * after it, so that ASan catches a read past them, with their count in *rest. size > 0. */
static inline uint8_t *fuzz_split_topic(const uint8_t *data, size_t size, char topic[32], size_t *rest)
{
	size_t topic_len = data[0] % 32;
	if (topic_len > size - 1)
		topic_len = size - 1;
	memcpy(topic, data + 1, topic_len);
	topic[topic_len] = '\0';
	*rest = size - 1 - topic_len;
	uint8_t *bytes = malloc(*rest ? *rest : 1);
	if (!bytes)
		abort();
	memcpy(bytes, data + 1 + topic_len, *rest);
	return bytes;
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
