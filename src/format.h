/* format.h: numbers for narrow columns — counts, prices, rates, durations. */
#ifndef KTICKER_FORMAT_H
#define KTICKER_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* 999, 1.2k, 12.3k, 123k, 1.2M, 12.3M, 123M, 1.2G ... fits in 5 columns. */
void fmt_count(char *out, size_t size, double n);
/* A price with as many decimals as fit its size: 0.088542, 12.4100, 3116.42. */
void fmt_price(char *out, size_t size, double price);
/* 850us, 12.3ms, 4.5s, 3m20s, 2h05m, "-" when negative (unknown). */
void fmt_duration_ms(char *out, size_t size, double ms);
/* As fmt_duration_ms of us, cut down to the figure shown instead of rounded: for a lower
 * bound, which rounded up would claim more than is known (7.95 s is 7.9s, not 8.0s). */
void fmt_duration_at_least(char *out, size_t size, int64_t us);
/* +1.23, -0.50, with a sign always. */
void fmt_signed(char *out, size_t size, double v, int decimals);

#endif
