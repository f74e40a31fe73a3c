/* tick.h: the message kticker puts on Kafka: one JSON object per tick, key = symbol.
 *
 * {"v":1,"symbol":"AAPL","date":"2020-12-11","open":122.43,"high":122.76,"low":120.55,
 *  "close":122.41,"adj_close":122.41,"volume":86939800,"producer":"kt-5f3a9c01",
 *  "seq":41,"event_ms":1607702400000,"produce_ms":1764000000123,"produce_us":1764000000123456}
 *
 * seq counts up by one per producer and symbol, so a consumer can see gaps and duplicates
 * for every key. Unknown fields are ignored, so the schema can grow: produce_us came later,
 * and a tick without it is read as produce_ms * 1000. */
#ifndef KTICKER_TICK_H
#define KTICKER_TICK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TICK_SCHEMA_VERSION 1
#define TICK_SYMBOL_MAX 16   /* up to 15 characters */
#define TICK_PRODUCER_MAX 32 /* up to 31 characters */
#define TICK_JSON_MAX 512    /* an encoded tick always fits */
#define TICK_PRICE_MAX 1e9
#define TICK_REASON_MAX 160

struct tick {
	char symbol[TICK_SYMBOL_MAX];
	int32_t date; /* YYYYMMDD */
	double open, high, low, close, adj_close;
	int64_t volume;
	char producer[TICK_PRODUCER_MAX];
	int64_t seq;
	int64_t event_ms;   /* simulated market time of the tick */
	int64_t produce_us; /* wall clock when it was handed to Kafka, µs since 1970 */
};

/* A number's text as last written, to be copied while the number stays the same. */
struct tick_number_text {
	bool valid;
	int64_t value;
	uint8_t len;
	char text[24];
};

/* What tick_encode_with keeps between ticks: the ticks of one replay step share their date
 * and event time, and those of one producer batch their produce time, so most of a tick's
 * ~60 digits are copied instead of formatted again. Zeroed: nothing kept yet. */
struct tick_encoder {
	struct tick_number_text date, event_ms, produce_ms, produce_us;
};

/* Writes the JSON text (not terminated) into buf; returns its length. */
size_t tick_encode(const struct tick *t, char buf[TICK_JSON_MAX]);
/* The same text, reusing what enc kept from earlier ticks. */
size_t tick_encode_with(struct tick_encoder *enc, const struct tick *t, char buf[TICK_JSON_MAX]);
/* Parses and validates; on failure returns false with a precise reason. */
bool tick_decode(const void *data, size_t len, struct tick *t, char reason[TICK_REASON_MAX]);
/* The same without the fast path for tick_encode's own layout: what tick_decode must agree
 * with on every input (the unit tests and the differential fuzz target check it). */
bool tick_decode_strict(const void *data, size_t len, struct tick *t, char reason[TICK_REASON_MAX]);
/* Symbols and producer ids: letters, digits and . ^ = _ - only, so they never need escaping. */
bool tick_name_valid(const char *s, size_t max);

#endif
