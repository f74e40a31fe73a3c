/* Tick JSON: round trip, and every reason a message is rejected. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "tick.h"

static struct tick sample(void)
{
	struct tick t = {
		.symbol = "AAPL", .date = 20201211, .open = 122.43, .high = 122.760002,
		.low = 120.550003, .close = 122.410004, .adj_close = 122.410004,
		.volume = 7421640800LL, .producer = "kt-0badcafe", .seq = 41,
		.event_ms = -252334350000LL, .produce_us = 1764000000123456LL,
	};
	return t;
}

static void test_round_trip(void)
{
	struct tick in = sample(), out;
	char json[TICK_JSON_MAX], reason[TICK_REASON_MAX];
	size_t len = tick_encode(&in, json);
	CHECK(len > 0 && len < TICK_JSON_MAX);
	CHECK(tick_decode(json, len, &out, reason));
	CHECK_STR(out.symbol, "AAPL");
	CHECK_INT(out.date, 20201211);
	CHECK_NEAR(out.open, in.open, 1e-9);
	CHECK_NEAR(out.high, in.high, 1e-9);
	CHECK_NEAR(out.low, in.low, 1e-9);
	CHECK_NEAR(out.close, in.close, 1e-9);
	CHECK_NEAR(out.adj_close, in.adj_close, 1e-9);
	CHECK_INT(out.volume, 7421640800LL);
	CHECK_STR(out.producer, "kt-0badcafe");
	CHECK_INT(out.seq, 41);
	CHECK_INT(out.event_ms, -252334350000LL);
	CHECK_INT(out.produce_us, 1764000000123456LL);
}

static void test_encoding_text(void)
{
	struct tick t = sample();
	t.open = 0; /* JPM's placeholder open */
	t.low = 0.088542;
	t.close = 5;
	t.high = 5;
	char json[TICK_JSON_MAX + 1];
	json[tick_encode(&t, json)] = '\0';
	CHECK_CONTAINS(json, "\"open\":0,");
	CHECK_CONTAINS(json, "\"low\":0.088542,");
	CHECK_CONTAINS(json, "\"close\":5,");
	CHECK_CONTAINS(json, "\"high\":5,");
	CHECK_CONTAINS(json, "\"date\":\"2020-12-11\"");
	CHECK_CONTAINS(json, "{\"v\":1,\"symbol\":\"AAPL\"");
	CHECK_CONTAINS(json, ",\"produce_ms\":1764000000123,\"produce_us\":1764000000123456}");
}

/* Replaces the first occurrence of from in a good message, then expects reason. */
static void expect_rejected(const char *from, const char *to, const char *reason_part)
{
	struct tick t = sample(), out;
	char json[TICK_JSON_MAX + 1], edited[2 * TICK_JSON_MAX], reason[TICK_REASON_MAX];
	json[tick_encode(&t, json)] = '\0';
	char *at = strstr(json, from);
	CHECK(at != NULL);
	if (!at)
		return;
	snprintf(edited, sizeof(edited), "%.*s%s%s", (int)(at - json), json, to, at + strlen(from));
	CHECK(!tick_decode(edited, strlen(edited), &out, reason));
	CHECK_CONTAINS(reason, reason_part);
}

static void expect_raw_rejected(const void *data, size_t len, const char *reason_part)
{
	struct tick out;
	char reason[TICK_REASON_MAX] = "";
	CHECK(!tick_decode(data, len, &out, reason));
	CHECK_CONTAINS(reason, reason_part);
}

static void test_rejections(void)
{
	expect_raw_rejected("", 0, "empty message");
	expect_raw_rejected("hello", 5, "not JSON");
	expect_raw_rejected("{\"v\":1,", 7, "not JSON");
	expect_raw_rejected("[1,2,3]", 7, "not a JSON object");
	expect_raw_rejected("\x00\x01\xff\xfe", 4, "not JSON");
	expect_raw_rejected("{\"a\":\x1b[2J}", 10, "invalid token near '\\x1b' at byte 6");
	size_t big = 1 << 20;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	expect_raw_rejected(huge, big, "message too large");
	free(huge);

	expect_rejected("\"v\":1", "\"v\":2", "unsupported schema version 2");
	expect_rejected("\"v\":1,", "", "missing field \"v\"");
	expect_rejected("\"symbol\":\"AAPL\"", "\"symbol\":7", "field \"symbol\" must be a string");
	expect_rejected("\"symbol\":\"AAPL\"", "\"symbol\":\"A A\"", "field \"symbol\" must be 1-15");
	expect_rejected("\"symbol\":\"AAPL\"", "\"symbol\":\"\"", "field \"symbol\" must be 1-15");
	expect_rejected("\"date\":\"2020-12-11\"", "\"date\":\"2020-02-30\"", "field \"date\" must be a date");
	expect_rejected("\"date\":\"2020-12-11\"", "\"date\":20201211", "field \"date\" must be a date");
	expect_rejected("\"open\":122.43", "\"open\":\"122.43\"", "field \"open\" must be a number");
	expect_rejected("\"open\":122.43", "\"open\":-1", "field \"open\" out of range");
	expect_rejected("\"high\":122.760002", "\"high\":1e12", "field \"high\" out of range");
	expect_rejected("\"close\":122.410004", "\"close\":null", "field \"close\" must be a number");
	expect_rejected(",\"adj_close\":122.410004", "", "missing field \"adj_close\"");
	expect_rejected("\"volume\":7421640800", "\"volume\":1.5", "field \"volume\" must be an integer");
	expect_rejected("\"volume\":7421640800", "\"volume\":-3", "field \"volume\" out of range");
	expect_rejected("\"producer\":\"kt-0badcafe\"", "\"producer\":\"x\\\"y\"", "field \"producer\" must be 1-31");
	expect_rejected("\"seq\":41", "\"seq\":-1", "field \"seq\" out of range");
	expect_rejected("\"produce_ms\":1764000000123", "\"produce_ms\":true", "field \"produce_ms\" must be an integer");
	expect_rejected("\"produce_us\":1764000000123456", "\"produce_us\":1764000000124000",
			"field \"produce_us\" (1764000000124000) is not within \"produce_ms\"");
	expect_rejected("\"produce_us\":1764000000123456", "\"produce_us\":\"x\"",
			"field \"produce_us\" must be an integer");
	expect_rejected("\"produce_ms\":1764000000123", "\"produce_ms\":9300000000000000",
			"field \"produce_ms\" out of range");
	expect_rejected("\"low\":120.550003", "\"low\":130", "low 130 above high");
	expect_rejected("\"close\":122.410004", "\"close\":10", "close 10 outside [low");
	expect_rejected("\"seq\":41", "\"seq\":41,\"seq\":42", "not JSON");
}

/* The fast path (tick_encode's exact layout) and the strict path (anything else, here the
 * same message with a space) must read the same tick, to the bit. */
static void test_fast_and_strict_agree(void)
{
	struct tick in = sample(), fast, strict;
	char json[TICK_JSON_MAX + 1], spaced[TICK_JSON_MAX + 2], reason[TICK_REASON_MAX];
	for (int i = 0; i < 1000; i++) {
		in.close = in.low + (in.high - in.low) * i / 999.0;
		in.seq = i * 7919;
		size_t len = tick_encode(&in, json);
		spaced[0] = '{';
		spaced[1] = ' ';
		memcpy(spaced + 2, json + 1, len - 1);
		memset(&fast, 0, sizeof(fast));
		memset(&strict, 0, sizeof(strict));
		CHECK(tick_decode(json, len, &fast, reason));
		CHECK(tick_decode(spaced, len + 1, &strict, reason));
		CHECK(memcmp(&fast, &strict, sizeof(fast)) == 0);
	}
}

/* Counts of every length, read eight digits at a time on the fast path: each one read as the
 * strict path reads it, up to the 19 digits the fast path leaves to the strict one. */
static void test_counts_of_every_length(void)
{
	int disagreements = 0;
	int64_t v = 1;
	for (int digits = 1; digits <= 19; digits++, v = digits < 19 ? v * 10 : INT64_MAX) {
		const int64_t values[] = { v, v - 1 > 0 ? v - 1 : 0, v / 3 * 2 };
		for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			struct tick in = sample(), fast, strict;
			char json[TICK_JSON_MAX], reason[TICK_REASON_MAX];
			in.volume = values[i];
			in.seq = values[(i + 1) % 3];
			size_t len = tick_encode(&in, json);
			memset(&fast, 0, sizeof(fast));
			memset(&strict, 0, sizeof(strict));
			bool fast_ok = tick_decode(json, len, &fast, reason);
			bool strict_ok = tick_decode_strict(json, len, &strict, reason);
			disagreements += fast_ok != strict_ok || memcmp(&fast, &strict, sizeof(fast)) != 0 ||
					 (fast_ok && (fast.volume != in.volume || fast.seq != in.seq));
		}
	}
	CHECK_INT(disagreements, 0);
}

/* Raw bytes a name may not hold: the fast path must not stop at a NUL and accept the prefix
 * (invalid JSON read as AAPL; two producers "kt-1\0a" and "kt-1\0b" aliased). */
static void expect_edit_rejected(const char *from, const void *to, size_t to_len,
				 const char *reason_part)
{
	struct tick t = sample(), out;
	char json[TICK_JSON_MAX + 1], edited[2 * TICK_JSON_MAX], reason[TICK_REASON_MAX] = "";
	json[tick_encode(&t, json)] = '\0';
	char *at = strstr(json, from);
	CHECK(at != NULL);
	if (!at)
		return;
	size_t head = (size_t)(at - json), tail = strlen(at + strlen(from));
	memcpy(edited, json, head);
	memcpy(edited + head, to, to_len);
	memcpy(edited + head + to_len, at + strlen(from), tail);
	size_t len = head + to_len + tail;
	CHECK(!tick_decode(edited, len, &out, reason));
	CHECK_CONTAINS(reason, reason_part);
	CHECK(!tick_decode_strict(edited, len, &out, reason));
}

static void test_raw_bytes_in_names(void)
{
	expect_edit_rejected("AAPL\"", "AAPL\0\xff\xfe\"", 8, "not JSON");
	expect_edit_rejected("AAPL\"", "AAPL\0\"", 6, "not JSON");
	expect_edit_rejected("kt-0badcafe\"", "kt-0\0a\"", 7, "not JSON");
	expect_edit_rejected("2020-12-11\"", "2020-12-1\0\"", 11, "not JSON");
}

static void test_extra_fields_ignored(void)
{
	struct tick t = sample(), out;
	char json[TICK_JSON_MAX + 32], reason[TICK_REASON_MAX];
	size_t len = tick_encode(&t, json);
	memcpy(json + len - 1, ",\"note\":\"x\"}", 12);
	CHECK(tick_decode(json, len + 11, &out, reason));
}

/* Ticks written before produce_us existed (by an older kticker) still decode, on both paths. */
static void test_ticks_without_produce_us(void)
{
	struct tick t = sample(), out;
	char json[TICK_JSON_MAX + 1], reason[TICK_REASON_MAX];
	size_t len = tick_encode(&t, json);
	json[len] = '\0';
	char *us = strstr(json, ",\"produce_us\":");
	CHECK(us != NULL);
	if (!us)
		return;
	memcpy(us, "}", 2);
	CHECK(tick_decode(json, strlen(json), &out, reason));
	CHECK_INT(out.produce_us, 1764000000123000LL);
	memcpy(us, " }", 3); /* not the canonical layout: the strict path */
	memset(&out, 0, sizeof(out));
	CHECK(tick_decode(json, strlen(json), &out, reason));
	CHECK_INT(out.produce_us, 1764000000123000LL);
}

/* The encoder's kept text is only ever that of the same number: a run of ticks whose
 * numbers repeat, change back and forth and cross signs gives, tick by tick, the text
 * tick_encode gives with nothing kept. */
static void test_kept_text_matches_fresh(void)
{
	static const int64_t numbers[] = { 0, 0, 7, 7, -7, 1764000000123456LL, 1764000000123456LL,
					   1764000000123999LL, -1, INT64_MAX, INT64_MIN, 0 };
	struct tick_encoder enc = { 0 };
	int mismatches = 0;
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		struct tick t = sample();
		t.event_ms = numbers[i];
		t.produce_us = numbers[(i + 3) % (sizeof(numbers) / sizeof(numbers[0]))];
		t.date = i % 3 ? 20201211 : 19991231;
		char kept[TICK_JSON_MAX + 1], fresh[TICK_JSON_MAX + 1];
		kept[tick_encode_with(&enc, &t, kept)] = '\0';
		fresh[tick_encode(&t, fresh)] = '\0';
		mismatches += strcmp(kept, fresh) != 0;
	}
	CHECK_INT(mismatches, 0);
}

/* What tick_encode must write for a price: llround of its millionths, then the decimals
 * without trailing zeros (snprintf and llround as the reference). */
static void reference_price(double v, char *out, size_t size)
{
	long long micros = llround(v * 1e6);
	const char *sign = micros < 0 ? "-" : "";
	micros = llabs(micros);
	int n = snprintf(out, size, "%s%lld.%06lld", sign, micros / 1000000, micros % 1000000);
	while (out[n - 1] == '0')
		out[--n] = '\0';
	if (out[n - 1] == '.')
		out[n - 1] = '\0';
}

static bool price_written_as_reference(double v)
{
	struct tick t = sample();
	t.open = v;
	char json[TICK_JSON_MAX + 1], want[64], field[80];
	json[tick_encode(&t, json)] = '\0';
	reference_price(v, want, sizeof(want));
	snprintf(field, sizeof(field), "\"open\":%s,", want);
	return strstr(json, field) != NULL;
}

/* Every fraction of a million, whole parts of each length, halves (rounded away from zero),
 * negative values, and random ones. */
static void test_prices_as_reference(void)
{
	int wrong = 0;
	for (int f = 0; f < 1000000; f++)
		wrong += !price_written_as_reference(f / 1e6);
	static const double edges[] = { 0.5e-6, 1.5e-6, 2.5e-6, 0.0000005, 122.4300005, 999999999.999999,
					1e9, 123456789.5e-6, -0.5e-6, -122.43, -5, 4503599627.370496,
					4503599627.370497, 9.999999e8 };
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		wrong += !price_written_as_reference(edges[i]);
	uint64_t state = 42;
	for (int i = 0; i < 200000; i++) {
		double v = (double)(state = state * 6364136223846793005ULL + 1442695040888963407ULL) /
			   18446744073709551616.0 * 1e9;
		wrong += !price_written_as_reference(i % 2 ? v : v / 1e6);
	}
	CHECK_INT(wrong, 0);
}

int main(void)
{
	test_round_trip();
	test_encoding_text();
	test_rejections();
	test_extra_fields_ignored();
	test_ticks_without_produce_us();
	test_fast_and_strict_agree();
	test_raw_bytes_in_names();
	test_kept_text_matches_fresh();
	test_counts_of_every_length();
	test_prices_as_reference();
	return check_report("test_tick");
}
