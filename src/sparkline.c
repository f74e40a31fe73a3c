/* sparkline.c: block-character sparklines. */
#include "sparkline.h"

#include <string.h>

static const char *const blocks[SPARK_LEVELS] = {
	"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
};
static const wchar_t block_chars[SPARK_LEVELS] = {
	0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588,
};
static const wchar_t ascii_chars[SPARK_LEVELS] = { '_', '.', '-', '~', '=', '+', '*', '#' };

size_t sparkline_levels(const double *values, size_t count, size_t width, int *levels)
{
	size_t n = count < width ? count : width;
	if (n == 0)
		return 0;
	const double *v = values + (count - n);
	double lo = v[0], hi = v[0];
	for (size_t i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	if (hi <= lo) { /* flat: mid-height, or the floor at 0 */
		for (size_t i = 0; i < n; i++)
			levels[i] = hi > 0 ? SPARK_LEVELS / 2 - 1 : 0;
		return n;
	}
	/* one division for the row, not one per value: a division's latency was most of a
	 * quote row's sparkline */
	double scale = (SPARK_LEVELS - 1) / (hi - lo);
	for (size_t i = 0; i < n; i++) {
		int level = (int)((v[i] - lo) * scale + 0.5);
		/* one test for a level in range, as every finite value's is; a NaN's is not */
		levels[i] = (unsigned)level < SPARK_LEVELS ? level : level < 0 ? 0 : SPARK_LEVELS - 1;
	}
	return n;
}

size_t sparkline_levels_from_zero(const double *values, size_t count, size_t width, double top,
				  int *levels)
{
	size_t n = count < width ? count : width;
	const double *v = values + (count - n);
	double scale = top > 0 ? (SPARK_LEVELS - 1) / top : 0;
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0)) {
			levels[i] = 0;
			continue;
		}
		double level = v[i] * scale + 0.5;
		levels[i] = level >= SPARK_LEVELS - 1 ? SPARK_LEVELS - 1 : level >= 1 ? (int)level : top > 0;
	}
	return n;
}

char *sparkline_text(const double *values, size_t count, size_t width, bool utf8, char *out,
		     size_t size)
{
	int levels[256];
	if (width > 256)
		width = 256;
	size_t n = sparkline_levels(values, count, width, levels);
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		const char *glyph = utf8 ? blocks[levels[i]] : (char[]){ (char)ascii_chars[levels[i]], 0 };
		size_t len = strlen(glyph);
		if (used + len + 1 > size)
			break;
		memcpy(out + used, glyph, len);
		used += len;
	}
	if (size)
		out[used] = '\0';
	return out;
}

const wchar_t *sparkline_glyphs(bool utf8)
{
	return utf8 ? block_chars : ascii_chars;
}
