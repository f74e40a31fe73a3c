/* wirebuf.h: Kafka answers and requests written byte by byte in the unit tests, apart from
 * the code under test: integers big-endian, strings with an int16 length. */
#ifndef KTICKER_TEST_WIREBUF_H
#define KTICKER_TEST_WIREBUF_H

#include <stdint.h>
#include <string.h>

struct buf {
	uint8_t b[4096];
	size_t n;
};

static inline void put(struct buf *o, int64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		o->b[o->n++] = (uint8_t)((uint64_t)v >> (8 * i));
}

static inline void put_string(struct buf *o, const char *s)
{
	put(o, (int64_t)strlen(s), 2);
	memcpy(o->b + o->n, s, strlen(s));
	o->n += strlen(s);
}

/* The request header every request starts with, after its size. */
static inline void header(struct buf *o, int16_t key, int16_t version, int32_t id)
{
	o->n = 4;
	put(o, key, 2), put(o, version, 2), put(o, id, 4);
	put_string(o, "kticker");
}

/* The request's size, in front. */
static inline void finish(struct buf *o)
{
	size_t body = o->n - 4;
	for (int i = 0; i < 4; i++)
		o->b[i] = (uint8_t)(body >> (8 * (3 - i)));
}

#endif
