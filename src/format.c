/* format.c: numbers for narrow columns. */
#include "format.h"

#include <math.h>
#include <stdio.h>

void fmt_count(char *out, size_t size, double n)
{
	static const char units[] = { 'k', 'M', 'G', 'T', 'P' };
	if (n < 0) {
		snprintf(out, size, "-");
		return;
	}
	if (n < 1000) {
		snprintf(out, size, "%.0f", n);
		return;
	}
	int u = -1;
	while (n >= 999.5 && u < 4) {
		n /= 1000;
		u++;
	}
	snprintf(out, size, n < 99.95 ? "%.1f%c" : "%.0f%c", n, units[u]);
}

void fmt_price(char *out, size_t size, double price)
{
	int decimals = price < 1 ? 6 : price < 100 ? 4 : 2;
	snprintf(out, size, "%.*f", decimals, price);
}

void fmt_duration_ms(char *out, size_t size, double ms)
{
	if (ms < 0 || isnan(ms))
		snprintf(out, size, "-");
	else if (ms < 1)
		snprintf(out, size, "%.0fus", ms * 1000);
	else if (ms < 100)
		snprintf(out, size, "%.1fms", ms);
	else if (ms < 1000)
		snprintf(out, size, "%.0fms", ms);
	else if (ms < 60000)
		snprintf(out, size, "%.1fs", ms / 1000);
	else if (ms < 3600000)
		snprintf(out, size, "%dm%02ds", (int)(ms / 60000), (int)fmod(ms / 1000, 60));
	else
		snprintf(out, size, "%dh%02dm", (int)(ms / 3600000), (int)fmod(ms / 60000, 60));
}

void fmt_signed(char *out, size_t size, double v, int decimals)
{
	snprintf(out, size, "%+.*f", decimals, v);
}
