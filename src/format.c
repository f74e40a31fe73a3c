/* format.c: numbers for narrow columns. */
#include "format.h"

#include <math.h>
#include <stdio.h>

#include "numtext.h"
#include "util.h"

/* v to `decimals` places, then the suffix (snprintf's "%.*f%s"). */
static void fixed_with_suffix(char *out, size_t size, double v, int decimals, const char *suffix)
{
	int len = numtext_fixed(out, size, v, decimals, false);
	if ((size_t)len < size)
		copy_str(out + len, size - (size_t)len, suffix);
}

void fmt_count(char *out, size_t size, double n)
{
	static const char units[] = { 'k', 'M', 'G', 'T', 'P' };
	if (n < 0) {
		snprintf(out, size, "-");
		return;
	}
	if (n < 1000) {
		numtext_fixed(out, size, n, 0, false);
		return;
	}
	int u = -1;
	while (n >= 999.5 && u < 4) {
		n /= 1000;
		u++;
	}
	fixed_with_suffix(out, size, n, n < 99.95 ? 1 : 0, (char[]){ units[u], '\0' });
}

void fmt_price(char *out, size_t size, double price)
{
	int decimals = price < 1 ? 6 : price < 100 ? 4 : 2;
	numtext_fixed(out, size, price, decimals, false);
}

void fmt_duration_ms(char *out, size_t size, double ms)
{
	if (ms < 0 || isnan(ms))
		snprintf(out, size, "-");
	else if (ms < 1)
		fixed_with_suffix(out, size, ms * 1000, 0, "us");
	else if (ms < 100)
		fixed_with_suffix(out, size, ms, 1, "ms");
	else if (ms < 1000)
		fixed_with_suffix(out, size, ms, 0, "ms");
	else if (ms < 60000)
		fixed_with_suffix(out, size, ms / 1000, 1, "s");
	else if (ms < 3600000)
		snprintf(out, size, "%dm%02ds", (int)(ms / 60000), (int)fmod(ms / 1000, 60));
	else
		snprintf(out, size, "%dh%02dm", (int)(ms / 3600000), (int)fmod(ms / 60000, 60));
}

/* The step, in us, of the figure fmt_duration_ms shows for us: its branches' precision. */
static int64_t duration_step_us(int64_t us)
{
	return us < 1000 ? 1 : us < 100000 ? 100 : us < 1000000 ? 1000 : us < 60000000 ? 100000 : 1000000;
}

void fmt_duration_at_least(char *out, size_t size, int64_t us)
{
	fmt_duration_ms(out, size, us < 0 ? -1 : (double)(us - us % duration_step_us(us)) / 1000.0);
}

void fmt_signed(char *out, size_t size, double v, int decimals)
{
	numtext_fixed(out, size, v, decimals, true);
}
