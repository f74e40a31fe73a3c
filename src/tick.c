/* tick.c: encoding (by hand, for speed) and decoding of tick messages: a fast path for the
 * exact layout tick_encode writes, and jansson, strict, for everything else. */
#include "tick.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

#define TICK_MESSAGE_MAX 65536 /* anything larger is not one of ours */

static char *put_text(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}
/* A string literal: its length is known when compiling, so the copy is a few moves. */
#define PUT_LITERAL(p, literal) (memcpy((p), (literal), sizeof(literal) - 1), (p) + sizeof(literal) - 1)

/* Two digits per division: a tick has about 60 digits to write. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
				  "31323334353637383940414243444546474849505152535455565758596061"
				  "6263646566676869707172737475767778798081828384858687888990919293"
				  "949596979899";

/* How many decimal digits v has: log10 from its bit length (1233 / 4096 ~ log10 2), then one
 * comparison to settle the power of ten the bit length straddles. */
static int decimal_digits(uint64_t v)
{
	int bits = 64 - __builtin_clzll(v | 1);
	int n = (bits * 1233) >> 12;
	return n + (v >= power_of_ten[n]) + (v == 0);
}

/* The digits go straight to their place, from the last: no copy, no call. */
static char *put_u64(char *p, uint64_t v)
{
	char *end = p + decimal_digits(v), *d = end;
	for (; v >= 100; v /= 100)
		memcpy(d -= 2, digit_pairs + 2 * (v % 100), 2);
	if (v >= 10)
		memcpy(d - 2, digit_pairs + 2 * v, 2);
	else
		d[-1] = (char)('0' + v);
	return end;
}

static char *put_i64(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return put_u64(p, (uint64_t)0 - (uint64_t)v);
	}
	return put_u64(p, (uint64_t)v);
}

/* llround(x), in a few instructions where |x| < 2^52: there x minus its truncation, the
 * fraction, is exact. NaN and larger values go to llround. */
static int64_t round_half_away(double x)
{
	if (!(fabs(x) < 4503599627370496.0))
		return llround(x);
	int64_t whole = (int64_t)x;
	double fraction = x - (double)whole;
	return whole + (fraction >= 0.5) - (fraction <= -0.5);
}

/* The 8 decimal digits of v < 10^8, leading zeros included, as the bytes to store (the first
 * digit in the lowest byte), not yet made ASCII: v is split into two halves of 4 digits, each
 * into 2 pairs, each into 2 digits, every lane of a step by one multiplication (n * 10486 >>
 * 20 is n / 100 for n < 10^4, n * 103 >> 10 is n / 10 for n < 100). */
static uint64_t eight_digit_bytes(uint32_t v)
{
	uint64_t halves = v / 10000 | (uint64_t)(v % 10000) << 32;
	uint64_t hundreds = (halves * 10486) >> 20 & 0x0000007F0000007FULL;
	uint64_t pairs = hundreds | (halves - hundreds * 100) << 16;
	uint64_t tens = (pairs * 103) >> 10 & 0x000F000F000F000FULL;
	return tens | (pairs - tens * 10) << 8;
}

/* Six decimals, as Yahoo gives them, without trailing zeros: 122.43, 0.088542, 5. */
static char *put_price(char *p, double v)
{
	int64_t micros = round_half_away(v * 1e6);
	if (micros < 0) {
		*p++ = '-';
		micros = -micros;
	}
	p = put_u64(p, (uint64_t)(micros / 1000000));
	uint32_t fraction = (uint32_t)(micros % 1000000);
	if (fraction) {
		/* "ffffff00": all eight stored, then cut after the last nonzero digit (the buffer
		 * has room, and what follows overwrites the rest) */
		uint64_t digits = eight_digit_bytes(fraction * 100);
		uint64_t ascii = digits + 0x3030303030303030ULL;
		p[0] = '.';
		memcpy(p + 1, &ascii, sizeof(ascii));
		p += 1 + 8 - __builtin_clzll(digits) / 8; /* the last digit is the highest byte */
	}
	return p;
}

static char *put_date(char *p, int64_t date)
{
	date_format((int32_t)date, p); /* writes a terminating NUL, overwritten next */
	return p + DATE_TEXT_LEN - 1;
}

/* v's text by put, or as kept in cache (if any) when v is the number last written there. */
static char *put_kept(char *p, struct tick_number_text *cache, int64_t v,
		      char *(*put)(char *, int64_t))
{
	if (!cache)
		return put(p, v);
	if (!cache->valid || cache->value != v) {
		cache->len = (uint8_t)(put(cache->text, v) - cache->text);
		cache->value = v;
		cache->valid = true;
	}
	memcpy(p, cache->text, cache->len);
	return p + cache->len;
}

size_t tick_encode(const struct tick *t, char buf[TICK_JSON_MAX])
{
	return tick_encode_with(NULL, t, buf);
}

size_t tick_encode_with(struct tick_encoder *enc, const struct tick *t, char buf[TICK_JSON_MAX])
{
	char *p = buf;
	p = PUT_LITERAL(p, "{\"v\":1,\"symbol\":\"");
	p = put_text(p, t->symbol);
	p = PUT_LITERAL(p, "\",\"date\":\"");
	p = put_kept(p, enc ? &enc->date : NULL, t->date, put_date);
	p = PUT_LITERAL(p, "\",\"open\":");
	p = put_price(p, t->open);
	p = PUT_LITERAL(p, ",\"high\":");
	p = put_price(p, t->high);
	p = PUT_LITERAL(p, ",\"low\":");
	p = put_price(p, t->low);
	p = PUT_LITERAL(p, ",\"close\":");
	p = put_price(p, t->close);
	p = PUT_LITERAL(p, ",\"adj_close\":");
	p = put_price(p, t->adj_close);
	p = PUT_LITERAL(p, ",\"volume\":");
	p = put_i64(p, t->volume);
	p = PUT_LITERAL(p, ",\"producer\":\"");
	p = put_text(p, t->producer);
	p = PUT_LITERAL(p, "\",\"seq\":");
	p = put_i64(p, t->seq);
	p = PUT_LITERAL(p, ",\"event_ms\":");
	p = put_kept(p, enc ? &enc->event_ms : NULL, t->event_ms, put_i64);
	p = PUT_LITERAL(p, ",\"produce_ms\":");
	p = put_kept(p, enc ? &enc->produce_ms : NULL, t->produce_us / 1000, put_i64);
	p = PUT_LITERAL(p, ",\"produce_us\":");
	p = put_kept(p, enc ? &enc->produce_us : NULL, t->produce_us, put_i64);
	*p++ = '}';
	return (size_t)(p - buf);
}

/* The bytes of a name: letters, digits and . ^ = _ - */
static const bool name_byte[256] = {
	['A' ... 'Z'] = true, ['a' ... 'z'] = true, ['0' ... '9'] = true,
	['.'] = true, ['^'] = true, ['='] = true, ['_'] = true, ['-'] = true,
};

/* How many bytes from s, at most room and fewer than max, are name bytes (a NUL is none). */
static size_t leading_name_bytes(const char *s, size_t room, size_t max)
{
	size_t n = 0;
	while (n < max - 1 && n < room && name_byte[(unsigned char)s[n]])
		n++;
	return n;
}

bool tick_name_valid(const char *s, size_t max)
{
	size_t n = leading_name_bytes(s, max, max);
	return n > 0 && s[n] == '\0';
}

/* Each getter fills reason and returns false when the field is missing or wrong. */
static json_t *field(json_t *root, const char *name, char *reason)
{
	json_t *v = json_object_get(root, name);
	if (!v)
		snprintf(reason, TICK_REASON_MAX, "missing field \"%s\"", name);
	return v;
}

static bool get_name(json_t *root, const char *name, char *out, size_t max, char *reason)
{
	json_t *v = field(root, name, reason);
	if (!v)
		return false;
	if (!json_is_string(v)) {
		snprintf(reason, TICK_REASON_MAX, "field \"%s\" must be a string", name);
		return false;
	}
	if (!tick_name_valid(json_string_value(v), max)) {
		snprintf(reason, TICK_REASON_MAX,
			 "field \"%s\" must be 1-%zu characters of A-Z a-z 0-9 . ^ = _ -", name, max - 1);
		return false;
	}
	copy_str(out, max, json_string_value(v));
	return true;
}

static bool get_integer(json_t *root, const char *name, int64_t min, int64_t *out, char *reason)
{
	json_t *v = field(root, name, reason);
	if (!v)
		return false;
	if (!json_is_integer(v)) {
		snprintf(reason, TICK_REASON_MAX, "field \"%s\" must be an integer", name);
		return false;
	}
	*out = json_integer_value(v);
	if (*out < min) {
		snprintf(reason, TICK_REASON_MAX, "field \"%s\" out of range (%lld < %lld)", name,
			 (long long)*out, (long long)min);
		return false;
	}
	return true;
}

static bool get_count(json_t *root, const char *name, int64_t *out, char *reason)
{
	return get_integer(root, name, 0, out, reason);
}

static bool get_price(json_t *root, const char *name, double *out, char *reason)
{
	json_t *v = field(root, name, reason);
	if (!v)
		return false;
	if (!json_is_number(v)) {
		snprintf(reason, TICK_REASON_MAX, "field \"%s\" must be a number", name);
		return false;
	}
	*out = json_number_value(v);
	if (!(*out >= 0 && *out <= TICK_PRICE_MAX)) {
		snprintf(reason, TICK_REASON_MAX, "field \"%s\" out of range (%g not in [0, %g])", name,
			 *out, TICK_PRICE_MAX);
		return false;
	}
	return true;
}

static bool get_date(json_t *root, int32_t *out, char *reason)
{
	json_t *v = field(root, "date", reason);
	if (!v)
		return false;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out)) {
		snprintf(reason, TICK_REASON_MAX, "field \"date\" must be a date as \"YYYY-MM-DD\"");
		return false;
	}
	return true;
}

static bool check_version(json_t *root, char *reason)
{
	int64_t version;
	if (!get_count(root, "v", &version, reason))
		return false;
	if (version != TICK_SCHEMA_VERSION) {
		snprintf(reason, TICK_REASON_MAX, "unsupported schema version %lld (expected %d)",
			 (long long)version, TICK_SCHEMA_VERSION);
		return false;
	}
	return true;
}

static bool check_consistency(const struct tick *t, char *reason)
{
	if (t->low > t->high) {
		snprintf(reason, TICK_REASON_MAX, "low %g above high %g", t->low, t->high);
		return false;
	}
	if (t->close < t->low || t->close > t->high) {
		snprintf(reason, TICK_REASON_MAX, "close %g outside [low %g, high %g]", t->close,
			 t->low, t->high);
		return false;
	}
	return true;
}

/* produce_us must say the same time as produce_ms, only finer; without it, produce_ms * 1000. */
static bool produce_us_valid(int64_t produce_ms, int64_t produce_us, char *reason)
{
	if (produce_us / 1000 != produce_ms) {
		snprintf(reason, TICK_REASON_MAX,
			 "field \"produce_us\" (%lld) is not within \"produce_ms\" (%lld)",
			 (long long)produce_us, (long long)produce_ms);
		return false;
	}
	return true;
}

static bool produce_ms_valid(int64_t produce_ms, char *reason)
{
	if (produce_ms > INT64_MAX / 1000) {
		snprintf(reason, TICK_REASON_MAX, "field \"produce_ms\" out of range (%lld)",
			 (long long)produce_ms);
		return false;
	}
	return true;
}

static bool get_produce_time(json_t *root, int64_t *produce_us, char *reason)
{
	int64_t ms;
	if (!get_count(root, "produce_ms", &ms, reason) || !produce_ms_valid(ms, reason))
		return false;
	if (!json_object_get(root, "produce_us")) {
		*produce_us = ms * 1000;
		return true;
	}
	return get_count(root, "produce_us", produce_us, reason) &&
	       produce_us_valid(ms, *produce_us, reason);
}

static bool decode_object(json_t *root, struct tick *t, char *reason)
{
	if (!json_is_object(root)) {
		snprintf(reason, TICK_REASON_MAX, "not a JSON object");
		return false;
	}
	return check_version(root, reason) &&
	       get_name(root, "symbol", t->symbol, sizeof(t->symbol), reason) &&
	       get_date(root, &t->date, reason) &&
	       get_price(root, "open", &t->open, reason) &&
	       get_price(root, "high", &t->high, reason) &&
	       get_price(root, "low", &t->low, reason) &&
	       get_price(root, "close", &t->close, reason) &&
	       get_price(root, "adj_close", &t->adj_close, reason) &&
	       get_count(root, "volume", &t->volume, reason) &&
	       get_name(root, "producer", t->producer, sizeof(t->producer), reason) &&
	       get_count(root, "seq", &t->seq, reason) &&
	       get_integer(root, "event_ms", INT64_MIN, &t->event_ms, reason) /* before 1970 */ &&
	       get_produce_time(root, &t->produce_us, reason) &&
	       check_consistency(t, reason);
}

/* ---- fast path: the canonical layout, no allocation ---------------------------------- */

struct cursor {
	const char *p, *end;
};

/* Whether a[0..len) equals b[0..len), for a len known when compiling: 4 to 16 bytes as two
 * overlapping words of each (glibc's memcmp is a call: 15 of them a tick were a twentieth of
 * decoding). */
static inline __attribute__((always_inline)) bool same_bytes(const char *a, const char *b, size_t len)
{
	if (len >= 8 && len <= 16) {
		uint64_t a1, a2, b1, b2;
		memcpy(&a1, a, 8), memcpy(&a2, a + len - 8, 8);
		memcpy(&b1, b, 8), memcpy(&b2, b + len - 8, 8);
		return ((a1 ^ b1) | (a2 ^ b2)) == 0;
	}
	if (len >= 4 && len < 8) {
		uint32_t a1, a2, b1, b2;
		memcpy(&a1, a, 4), memcpy(&a2, a + len - 4, 4);
		memcpy(&b1, b, 4), memcpy(&b2, b + len - 4, 4);
		return ((a1 ^ b1) | (a2 ^ b2)) == 0;
	}
	return memcmp(a, b, len) == 0;
}

static inline __attribute__((always_inline)) bool expect(struct cursor *c, const char *text, size_t len)
{
	if ((size_t)(c->end - c->p) < len || !same_bytes(c->p, text, len))
		return false;
	c->p += len;
	return true;
}
#define EXPECT(c, literal) expect((c), (literal), sizeof(literal) - 1)

/* A name up to the closing quote, valid as tick_name_valid says, every byte of it (a raw NUL,
 * invalid JSON, must not end the name early), read in one pass: the quote is no name byte. */
static bool scan_name(struct cursor *c, char *out, size_t max)
{
	const char *p = c->p;
	size_t room = (size_t)(c->end - p), n = leading_name_bytes(p, room, max);
	if (n == 0 || n == room || p[n] != '"')
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	c->p = p + n + 1;
	return true;
}

static bool is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

#define COUNT_DIGITS_MAX 18 /* a count never overflows */

/* A non-negative integer without sign or leading zeros, small enough not to overflow: read
 * eight bytes at a time, the last few bytes of the message one at a time. */
static bool scan_count(struct cursor *c, int64_t *out)
{
	const char *p = c->p;
	uint64_t v = 0;
	unsigned digits = 0, n = 8;
	while (n == 8 && c->end - p >= 8) {
		uint64_t x = word_at(p);
		n = word_leading_digits(x);
		if (digits + n > COUNT_DIGITS_MAX)
			return false;
		if (n)
			v = v * power_of_ten[n] + word_digits_value(x, n);
		digits += n;
		p += n;
	}
	for (; n == 8 && p < c->end && is_digit(*p); p++) {
		if (++digits > COUNT_DIGITS_MAX)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (digits == 0 || (*c->p == '0' && digits > 1))
		return false;
	c->p = p;
	*out = (int64_t)v;
	return true;
}

static bool scan_signed(struct cursor *c, int64_t *out)
{
	bool negative = c->p < c->end && *c->p == '-';
	c->p += negative;
	if (!scan_count(c, out))
		return false;
	*out = negative ? -*out : *out;
	return true;
}

/* digits[.digits] as tick_encode writes prices (no leading zero, at most 6 decimals), read to
 * the same double strtod gives; within [0, TICK_PRICE_MAX]. A comma follows every price in
 * the layout, so the price is all up to the next one. */
static bool scan_price(struct cursor *c, double *out)
{
	const char *comma = memchr(c->p, ',', (size_t)(c->end - c->p));
	size_t n = comma ? (size_t)(comma - c->p) : 0;
	if (n > 1 && c->p[0] == '0' && c->p[1] != '.')
		return false; /* JSON has no leading zeros: the strict path says so */
	if (!comma || !parse_plain_decimal(c->p, n, out))
		return false;
	c->p += n;
	return *out <= TICK_PRICE_MAX;
}

static bool scan_date(struct cursor *c, int32_t *out)
{
	if (c->end - c->p < DATE_TEXT_LEN - 1 || !date_parse_n(c->p, DATE_TEXT_LEN - 1, out))
		return false;
	c->p += DATE_TEXT_LEN - 1;
	return true;
}

/* produce_ms, then produce_us if the tick has it (older ticks end after produce_ms). */
static bool scan_produce_time(struct cursor *c, int64_t *produce_us)
{
	char reason[TICK_REASON_MAX];
	int64_t ms;
	if (!scan_count(c, &ms) || !produce_ms_valid(ms, reason))
		return false;
	if (!EXPECT(c, ",\"produce_us\":")) {
		*produce_us = ms * 1000;
		return true;
	}
	return scan_count(c, produce_us) && produce_us_valid(ms, *produce_us, reason);
}

/* True only for a valid tick in exactly tick_encode's layout; anything else (other key
 * order, spaces, escapes, errors) is left to the strict decoder, which explains. */
static bool decode_canonical(const char *data, size_t len, struct tick *t)
{
	char reason[TICK_REASON_MAX];
	struct cursor c = { data, data + len };
	bool ok = EXPECT(&c, "{\"v\":1,\"symbol\":\"") && scan_name(&c, t->symbol, sizeof(t->symbol)) &&
		  EXPECT(&c, ",\"date\":\"") && scan_date(&c, &t->date) &&
		  EXPECT(&c, "\",\"open\":") && scan_price(&c, &t->open) &&
		  EXPECT(&c, ",\"high\":") && scan_price(&c, &t->high) &&
		  EXPECT(&c, ",\"low\":") && scan_price(&c, &t->low) &&
		  EXPECT(&c, ",\"close\":") && scan_price(&c, &t->close) &&
		  EXPECT(&c, ",\"adj_close\":") && scan_price(&c, &t->adj_close) &&
		  EXPECT(&c, ",\"volume\":") && scan_count(&c, &t->volume) &&
		  EXPECT(&c, ",\"producer\":\"") && scan_name(&c, t->producer, sizeof(t->producer)) &&
		  EXPECT(&c, ",\"seq\":") && scan_count(&c, &t->seq) &&
		  EXPECT(&c, ",\"event_ms\":") && scan_signed(&c, &t->event_ms) &&
		  EXPECT(&c, ",\"produce_ms\":") && scan_produce_time(&c, &t->produce_us) &&
		  EXPECT(&c, "}");
	return ok && c.p == c.end && check_consistency(t, reason);
}

/* ---- strict path ---------------------------------------------------------------------- */

bool tick_decode(const void *data, size_t len, struct tick *t, char reason[TICK_REASON_MAX])
{
	if (data && decode_canonical(data, len, t))
		return true;
	return tick_decode_strict(data, len, t, reason);
}

bool tick_decode_strict(const void *data, size_t len, struct tick *t, char reason[TICK_REASON_MAX])
{
	if (len == 0 || !data) {
		snprintf(reason, TICK_REASON_MAX, "empty message");
		return false;
	}
	if (len > TICK_MESSAGE_MAX) {
		snprintf(reason, TICK_REASON_MAX, "message too large (%zu bytes, at most %d)", len,
			 TICK_MESSAGE_MAX);
		return false;
	}
	json_error_t err;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		/* jansson quotes the message's bytes ("near '...'"): escaped, so an ESC in a message
		 * never reaches a terminal through the log */
		char text[4 * 100 + 1];
		escape_control(err.text, strnlen(err.text, 100), text, sizeof(text));
		snprintf(reason, TICK_REASON_MAX, "not JSON: %.100s at byte %d", text, err.position);
		return false;
	}
	bool ok = decode_object(root, t, reason);
	json_decref(root);
	return ok;
}
