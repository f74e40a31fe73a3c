/* fuzz_tick.c: libFuzzer differential target for the tick decoder. tick_decode (a fast path
 * for tick_encode's own layout, then jansson) and tick_decode_strict (jansson only) must agree
 * on every input: both reject it, or both accept the same tick, to the bit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tick.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_tick(const struct tick *a, const struct tick *b)
{
	return strcmp(a->symbol, b->symbol) == 0 && strcmp(a->producer, b->producer) == 0 &&
	       a->date == b->date && memcmp(&a->open, &b->open, sizeof(double)) == 0 &&
	       memcmp(&a->high, &b->high, sizeof(double)) == 0 &&
	       memcmp(&a->low, &b->low, sizeof(double)) == 0 &&
	       memcmp(&a->close, &b->close, sizeof(double)) == 0 &&
	       memcmp(&a->adj_close, &b->adj_close, sizeof(double)) == 0 &&
	       a->volume == b->volume && a->seq == b->seq && a->event_ms == b->event_ms &&
	       a->produce_us == b->produce_us;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tick fast, strict;
	char fast_reason[TICK_REASON_MAX], strict_reason[TICK_REASON_MAX];
	memset(&fast, 0, sizeof(fast));
	memset(&strict, 0, sizeof(strict));
	bool fast_ok = tick_decode(data, size, &fast, fast_reason);
	bool strict_ok = tick_decode_strict(data, size, &strict, strict_reason);
	if (fast_ok != strict_ok || (fast_ok && !same_tick(&fast, &strict)))
		abort();
	return 0;
}
