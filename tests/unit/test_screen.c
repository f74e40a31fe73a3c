/* What the screen computes: number formats, sparkline scaling, lag trend, catch-up, status. */
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "format.h"
#include "lagwatch.h"
#include "numtext.h"
#include "screenbuf.h"
#include "sparkline.h"
#include "textcols.h"
#include "ui.h"
#include "util.h"

static void test_counts(void)
{
	char s[16];
	fmt_count(s, sizeof(s), 0);
	CHECK_STR(s, "0");
	fmt_count(s, sizeof(s), 999);
	CHECK_STR(s, "999");
	fmt_count(s, sizeof(s), 1000);
	CHECK_STR(s, "1.0k");
	fmt_count(s, sizeof(s), 12345);
	CHECK_STR(s, "12.3k");
	fmt_count(s, sizeof(s), 123456);
	CHECK_STR(s, "123k");
	fmt_count(s, sizeof(s), 999999);
	CHECK_STR(s, "1.0M");
	fmt_count(s, sizeof(s), 7421640800.0);
	CHECK_STR(s, "7.4G");
	fmt_count(s, sizeof(s), -1);
	CHECK_STR(s, "-");
}

static void test_prices_and_durations(void)
{
	char s[16];
	fmt_price(s, sizeof(s), 0.088542);
	CHECK_STR(s, "0.088542");
	fmt_price(s, sizeof(s), 12.41);
	CHECK_STR(s, "12.4100");
	fmt_price(s, sizeof(s), 3116.419922);
	CHECK_STR(s, "3116.42");
	fmt_duration_ms(s, sizeof(s), 0.85);
	CHECK_STR(s, "850us");
	fmt_duration_ms(s, sizeof(s), 12.34);
	CHECK_STR(s, "12.3ms");
	fmt_duration_ms(s, sizeof(s), 450);
	CHECK_STR(s, "450ms");
	fmt_duration_ms(s, sizeof(s), 4500);
	CHECK_STR(s, "4.5s");
	fmt_duration_ms(s, sizeof(s), 200000);
	CHECK_STR(s, "3m20s");
	fmt_duration_ms(s, sizeof(s), 7500000);
	CHECK_STR(s, "2h05m");
	fmt_duration_ms(s, sizeof(s), -1);
	CHECK_STR(s, "-");
	/* a lower bound is cut down to the figure shown, never rounded up */
	fmt_duration_at_least(s, sizeof(s), 7950000);
	CHECK_STR(s, "7.9s");
	fmt_duration_at_least(s, sizeof(s), 2399);
	CHECK_STR(s, "2.3ms");
	fmt_duration_at_least(s, sizeof(s), 999999);
	CHECK_STR(s, "999ms");
	fmt_duration_at_least(s, sizeof(s), 59999999);
	CHECK_STR(s, "59.9s");
	fmt_duration_at_least(s, sizeof(s), -1);
	CHECK_STR(s, "-");
	fmt_signed(s, sizeof(s), 1.234, 2);
	CHECK_STR(s, "+1.23");
	fmt_signed(s, sizeof(s), -0.5, 2);
	CHECK_STR(s, "-0.50");
}

/* numtext_fixed against snprintf: the text and the length, with and without a sign. */
static void check_fixed(double v, int decimals)
{
	char got[64], want[64];
	for (int plus = 0; plus <= 1; plus++) {
		int n = numtext_fixed(got, sizeof(got), v, decimals, plus);
		int m = snprintf(want, sizeof(want), plus ? "%+.*f" : "%.*f", decimals, v);
		CHECK_STR(got, want);
		CHECK_INT(n, m);
	}
}

static void check_int(int64_t v)
{
	char got[32], want[32];
	CHECK_INT(numtext_int(got, sizeof(got), v), snprintf(want, sizeof(want), "%lld", (long long)v));
	CHECK_STR(got, want);
}

static uint64_t next_random(uint64_t *state)
{
	*state = *state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *state >> 11;
}

static void test_numtext(void)
{
	static const double edges[] = {
		0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.125, 0.375, -0.125, 0.005, 0.015, 0.025, 1.005,
		2.675, 1.115, 9.995, 99.995, 999.9995, 0.0000005, 0.0000015, 1e15, -1e15, 4.5e15,
		1e16, 1e22, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 1e-300,
		123456789.123456789, 0.999999999, 9999999.99999, INFINITY, -INFINITY, NAN,
	};
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		for (int d = 0; d <= 10; d++)
			check_fixed(edges[i], d);
	uint64_t state = 42;
	for (int i = 0; i < 50000; i++) {
		/* prices with few decimals (ties exactly or nearly), and any double's bits */
		double cents = (double)(int64_t)(next_random(&state) % 20000000) - 10000000;
		check_fixed(cents / 1000, (int)(next_random(&state) % 7));
		check_fixed(cents / 8, (int)(next_random(&state) % 4));
		double any;
		uint64_t bits = next_random(&state) << 11 ^ next_random(&state);
		memcpy(&any, &bits, sizeof(any));
		check_fixed(any, (int)(next_random(&state) % 11));
		check_fixed(ldexp((double)next_random(&state), -(int)(next_random(&state) % 80)),
			    (int)(next_random(&state) % 10));
		check_int((int64_t)(next_random(&state) << 11) >> (next_random(&state) % 64));
	}
	static const int64_t ints[] = { 0, 1, -1, 9, 10, -10, INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		check_int(ints[i]);
	/* at every size, whole or cut: the same bytes as snprintf, those past its end untouched */
	for (size_t size = 0; size <= 24; size++) {
		char got[32], want[32];
		memset(got, 'x', sizeof(got));
		memset(want, 'x', sizeof(want));
		CHECK_INT(numtext_int(got, size, -1234567), snprintf(want, size, "%lld", -1234567LL));
		CHECK(memcmp(got, want, sizeof(got)) == 0);
		CHECK_INT(numtext_fixed(got, size, -12.5, 3, true), snprintf(want, size, "%+.*f", 3, -12.5));
		CHECK(memcmp(got, want, sizeof(got)) == 0);
		CHECK_INT(numtext_fixed(got, size, 0.0625, 4, true), snprintf(want, size, "%+.*f", 4, 0.0625));
		CHECK(memcmp(got, want, sizeof(got)) == 0);
	}
	char small[4];
	CHECK_INT(numtext_fixed(small, sizeof(small), -12.5, 2, false), 6); /* cut as snprintf cuts */
	CHECK_STR(small, "-12");
	CHECK_INT(numtext_int(small, sizeof(small), 123456), 6);
	CHECK_STR(small, "123");
	CHECK_INT(numtext_int(small, 0, 5), 1);
}

/* numtext_vformat(out, size, fmt, ...) against vsnprintf: the text and the length. */
__attribute__((format(printf, 2, 3)))
static void check_vformat(size_t size, const char *fmt, ...)
{
	char got[64], want[64];
	memset(got, 'x', sizeof(got));
	memset(want, 'x', sizeof(want));
	va_list a, b;
	va_start(a, fmt);
	va_copy(b, a);
	int n = numtext_vformat(got, size, fmt, a);
	int m = vsnprintf(want, size, fmt, b);
	va_end(a);
	va_end(b);
	CHECK_INT(n, m);
	CHECK(memcmp(got, want, sizeof(got)) == 0); /* the bytes past the end untouched too */
}

static void test_vformat(void)
{
	for (size_t size = 0; size <= 24; size++) {
		check_vformat(size, "sent %s/s ", "1.2k");
		check_vformat(size, "topic %s (%dp)  ", "ticks", 64);
		check_vformat(size, "day %dms  ", -2147483647 - 1);
		check_vformat(size, "%s", "");
		check_vformat(size, "100%% of %d", 7);
		check_vformat(size, "plain text, no conversion");
		check_vformat(size, "%s%s%d", "a", "bc", 0);
		check_vformat(size, "%.1fx %s", 2.25, "lz4"); /* vsnprintf's, not numtext's */
		check_vformat(size, "%5s|%-3d|", "ab", 4);
		check_vformat(size, "%02d:%02d", 3, 7);
	}
}

/* fmt_count and fmt_duration_ms as they were written with snprintf. */
static void count_by_printf(char *out, size_t size, double n)
{
	static const char units[] = { 'k', 'M', 'G', 'T', 'P' };
	if (n < 0 || n < 1000) {
		snprintf(out, size, n < 0 ? "-" : "%.0f", n);
		return;
	}
	int u = -1;
	while (n >= 999.5 && u < 4) {
		n /= 1000;
		u++;
	}
	snprintf(out, size, n < 99.95 ? "%.1f%c" : "%.0f%c", n, units[u]);
}

static void duration_by_printf(char *out, size_t size, double ms)
{
	if (ms < 1)
		snprintf(out, size, "%.0fus", ms * 1000);
	else if (ms < 100)
		snprintf(out, size, "%.1fms", ms);
	else if (ms < 1000)
		snprintf(out, size, "%.0fms", ms);
	else
		snprintf(out, size, "%.1fs", ms / 1000);
}

static void test_formats_match_printf(void)
{
	char got[32], want[32];
	uint64_t state = 7;
	for (int i = 0; i < 50000; i++) {
		double n = ldexp((double)next_random(&state), -(int)(next_random(&state) % 60));
		fmt_count(got, sizeof(got), n);
		count_by_printf(want, sizeof(want), n);
		CHECK_STR(got, want);
		double ms = fmod(n, 60000);
		fmt_duration_ms(got, sizeof(got), ms);
		duration_by_printf(want, sizeof(want), ms);
		CHECK_STR(got, want);
		fmt_duration_ms(got, 4, ms); /* cut as snprintf cuts */
		duration_by_printf(want, 4, ms);
		CHECK_STR(got, want);
	}
	static const double edges[] = { 0, 0.0005, 0.9995, 0.99949, 99.95, 99.949, 999.5, 999.49,
					 999500, 1e18, 1e30 };
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		fmt_count(got, sizeof(got), edges[i]);
		count_by_printf(want, sizeof(want), edges[i]);
		CHECK_STR(got, want);
		fmt_duration_ms(got, sizeof(got), fmod(edges[i], 60000));
		duration_by_printf(want, sizeof(want), fmod(edges[i], 60000));
		CHECK_STR(got, want);
	}
}

/* textcols against snprintf's %*s and %-*.*s, and a line cut where snprintf cuts it. */
static void test_textcols(void)
{
	static const char *const texts[] = { "", "a", "12345", "~123456789", "héllo", "0123456789abcdef" };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (int width = 0; width <= 12; width++)
			for (int max = -1; max <= 12; max++) {
				struct textcols t;
				textcols_start(&t);
				textcols_add(&t, "|");
				textcols_right(&t, texts[i], width);
				textcols_add(&t, "|");
				textcols_left(&t, texts[i], width, max);
				textcols_add(&t, "|");
				char want[64];
				if (max < 0)
					snprintf(want, sizeof(want), "|%*s|%-*s|", width, texts[i], width, texts[i]);
				else
					snprintf(want, sizeof(want), "|%*s|%-*.*s|", width, texts[i], width, max,
						 texts[i]);
				CHECK_STR(t.text, want);
				CHECK_INT(t.len, strlen(want));
			}
	struct textcols t;
	textcols_start(&t);
	for (int i = 0; i < 100; i++)
		textcols_right(&t, "abc", 5);
	CHECK_INT(t.len, sizeof(t.text) - 1);
	CHECK_INT(strlen(t.text), sizeof(t.text) - 1);
}

/* A figure wider than its column (a broker id of 4 digits with the ~ of an old reading in
 * the partition table's 4 columns of Ldr) takes the room it needs from the padding of the
 * figures after it: the columns from the next one with room on stay where their titles are. */
static void test_textcols_figures_keep_columns(void)
{
	struct textcols t;
	textcols_start(&t);
	textcols_figure(&t, "1", 4);
	textcols_add(&t, " ");
	textcols_figure(&t, "123", 9);
	CHECK_STR(t.text, "   1       123");
	textcols_start(&t);
	textcols_figure(&t, "~1001", 4);
	textcols_add(&t, " ");
	textcols_figure(&t, "123", 9);
	CHECK_STR(t.text, "~1001      123");
	/* a full figure next: the debt goes on to the one after it */
	textcols_start(&t);
	textcols_figure(&t, "~1001", 4);
	textcols_add(&t, " ");
	textcols_figure(&t, "1234", 4);
	textcols_add(&t, " ");
	textcols_figure(&t, "5", 3);
	CHECK_STR(t.text, "~1001 1234  5");
	/* more owed than the next one's padding: what is left goes on */
	textcols_start(&t);
	textcols_figure(&t, "~123456", 4);
	textcols_add(&t, " ");
	textcols_figure(&t, "12", 3);
	textcols_add(&t, " ");
	textcols_figure(&t, "5", 3);
	CHECK_STR(t.text, "~123456 12 5");
}

/* A count's sparkline (a partition's lag) stands on 0 and is scaled to a top shared with the
 * rows beside it: a lag of 1 beside one of 1000 is not a full block, nor is a steady lag of 4
 * a flat line at the floor; any lag at all is above the floor, as no lag is at it. */
static void test_sparkline_from_zero(void)
{
	int levels[8];
	double small[] = { 0, 1, 1 }, big[] = { 0, 500, 1000 }, steady[] = { 4, 4, 4 };
	CHECK_INT(sparkline_levels_from_zero(small, 3, 8, 1000, levels), 3);
	CHECK_INT(levels[0], 0);
	CHECK_INT(levels[1], 1); /* some lag: one step up however small beside the top */
	CHECK_INT(levels[2], 1);
	sparkline_levels_from_zero(big, 3, 8, 1000, levels);
	CHECK_INT(levels[0], 0);
	CHECK_INT(levels[1], 4);
	CHECK_INT(levels[2], 7);
	sparkline_levels_from_zero(steady, 3, 8, 4, levels);
	CHECK_INT(levels[0], 7);
	CHECK_INT(levels[2], 7);
	sparkline_levels_from_zero(steady, 3, 8, 8, levels);
	CHECK_INT(levels[1], 4);
	sparkline_levels_from_zero(small, 3, 2, 0, levels); /* a top of 0: all at the floor */
	CHECK_INT(levels[0], 0);
	CHECK_INT(levels[1], 0);
	double beyond[] = { 2000, -5 }; /* above the top, or below 0: clamped */
	sparkline_levels_from_zero(beyond, 2, 8, 1000, levels);
	CHECK_INT(levels[0], 7);
	CHECK_INT(levels[1], 0);
	CHECK_INT(sparkline_levels_from_zero(big, 0, 8, 1000, levels), 0);
}

static void test_sparkline(void)
{
	int levels[8];
	double rising[] = { 10, 11, 12, 13, 14, 15, 16, 17 };
	CHECK_INT(sparkline_levels(rising, 8, 8, levels), 8);
	for (int i = 0; i < 8; i++)
		CHECK_INT(levels[i], i); /* scaled to its own min and max: one step per level */
	double prices[] = { 100, 50, 75 };
	CHECK_INT(sparkline_levels(prices, 3, 8, levels), 3);
	CHECK_INT(levels[0], 7);
	CHECK_INT(levels[1], 0);
	CHECK_INT(levels[2], 4);
	/* only the last `width` values are drawn, scaled among themselves */
	CHECK_INT(sparkline_levels(rising, 8, 2, levels), 2);
	CHECK_INT(levels[0], 0);
	CHECK_INT(levels[1], 7);
	double flat[] = { 5, 5, 5 }, zero[] = { 0, 0 };
	sparkline_levels(flat, 3, 8, levels);
	CHECK_INT(levels[0], 3);
	sparkline_levels(zero, 2, 8, levels);
	CHECK_INT(levels[0], 0);
	char text[64];
	CHECK_STR(sparkline_text(prices, 3, 8, true, text, sizeof(text)), "\u2588\u2581\u2585");
	CHECK_STR(sparkline_text(prices, 3, 8, false, text, sizeof(text)), "#_=");
	CHECK_STR(sparkline_text(prices, 0, 8, true, text, sizeof(text)), "");
	CHECK_STR(sparkline_text(rising, 8, 8, true, text, 7), "\u2581\u2582"); /* never overflows */
	CHECK_INT(sparkline_glyphs(true)[7], 0x2588);
	CHECK_INT(sparkline_glyphs(true)[0], 0x2581);
	CHECK_INT(sparkline_glyphs(false)[0], '_');
	CHECK_INT(sparkline_glyphs(false)[7], '#');
	CHECK_INT(sparkline_levels(prices, 0, 8, levels), 0);
	CHECK_INT(sparkline_levels(prices, 3, 0, levels), 0);
}

static void add(struct lagwatch *w, int second, int64_t lag, uint64_t sent, uint64_t consumed)
{
	static struct lag_sample s;
	s.time_ms = second * 1000LL;
	s.lag = lag;
	s.highs_of_holding = true;
	s.sent = sent;
	s.consumed = consumed;
	lagwatch_add(w, &s);
}

/* One member of two: it holds partition 0, each partition grows 45 a second, it reads 45. */
static void test_catch_up_held(void)
{
	static struct lagwatch w;
	static struct lag_sample s;
	lagwatch_reset(&w);
	s.part_count = 2;
	s.part_held[0] = true;
	for (int t = 0; t <= 5; t++) {
		s.time_ms = t * 1000LL;
		s.lag = 4;
		s.part_high[0] = s.part_high[1] = 45 * t;
		s.sent = 90u * t;
		s.consumed = 45u * t;
		s.held_read = 45u * t;
		s.highs_of_holding = true;
		lagwatch_add(&w, &s);
	}
	double eta = 0;
	CHECK_INT(lagwatch_catch_up(&w, 5, 4, &eta), CATCH_UP_KEEPING);
	/* a high watermark not known: nor is the rate things arrive at */
	s.time_ms = 6000;
	s.part_high[0] = -1;
	lagwatch_add(&w, &s);
	CHECK_INT(lagwatch_catch_up(&w, 5, 4, &eta), CATCH_UP_UNKNOWN);
}

/* Samples of one partition held, rows and counters as given. */
static void add_held(struct lagwatch *w, int64_t ms, int64_t high, int64_t lag, uint64_t held_read,
		     uint64_t consumed, bool of_holding)
{
	static struct lag_sample s;
	s.part_count = 1;
	s.part_held[0] = true;
	s.time_ms = ms;
	s.part_high[0] = high;
	s.lag = lag;
	s.held_read = held_read;
	s.consumed = consumed;
	s.highs_of_holding = of_holding;
	lagwatch_add(w, &s);
}

/* A member given its partition back reads the 404 messages it had not read, while 83 more
 * arrive. The counters run ahead of the lag table: the first sample's counter has most of
 * the 404 read already, its table none. Measured by the counter, 64 read against 83 arrived:
 * "falling behind", next to "behind 0" (CI run 31); by the table, 487 read. */
static void test_catch_up_one_table(void)
{
	static struct lagwatch w;
	lagwatch_reset(&w);
	add_held(&w, 1000, 404, 404, 220, 647, true);
	add_held(&w, 2000, 487, 1, 220 + 487, 711, true);
	double eta = 0;
	CHECK_INT(lagwatch_catch_up(&w, 5, 1, &eta), CATCH_UP_ETA);
	/* the screen shows none behind: caught up, whatever the sample of a second ago says */
	CHECK_INT(lagwatch_catch_up(&w, 5, 0, &eta), CATCH_UP_DONE);
	/* rows of a topic switched to, held alike: a count read that went back is not a holding
	 * of the same rows (read as one, 2^64 - 700 read in a second: "catch-up 0s") */
	add_held(&w, 3000, 520, 513, 7, 718, true);
	CHECK_INT(lagwatch_catch_up(&w, 5, 513, &eta), CATCH_UP_UNKNOWN);
}

/* The member is given its partition back 4 s after it let go, the partition growing 45 a
 * second. Its first sample keeps the high watermark it last read, 180 old; the next has a
 * fresh one. The 180 arrived over 5 s, not in the second between them: no pace is measured
 * from the kept reading, and from the readings of its holding it keeps up. */
static void test_catch_up_given_back(void)
{
	static struct lagwatch w;
	lagwatch_reset(&w);
	add_held(&w, 10000, 270, 0, 1000, 1000, false);
	add_held(&w, 11000, 495, 4, 1221, 1221, true);
	double eta = 0;
	CHECK_INT(lagwatch_catch_up(&w, 5, 4, &eta), CATCH_UP_UNKNOWN);
	CHECK_INT(lagwatch_trend(&w, 5), TREND_UNKNOWN);
	add_held(&w, 12000, 540, 4, 1266, 1266, true);
	CHECK_INT(lagwatch_catch_up(&w, 5, 4, &eta), CATCH_UP_KEEPING);
	CHECK_INT(lagwatch_trend(&w, 5), TREND_STEADY);
}

static void test_lagwatch(void)
{
	static struct lagwatch w;
	lagwatch_reset(&w);
	/* producing 100/s, consuming 60/s: lag grows by 40 a second */
	for (int t = 0; t <= 10; t++)
		add(&w, t, 40 * t, 100u * t, 60u * t);
	CHECK_NEAR(lagwatch_rate(&w, 5, RATE_CONSUMED), 60, 1e-9);
	CHECK_NEAR(lagwatch_rate(&w, 5, RATE_SENT), 100, 1e-9);
	CHECK_NEAR(lagwatch_rate(&w, 5, RATE_ACKED), 0, 1e-9); /* nothing acknowledged */
	CHECK_INT(lagwatch_trend(&w, 10), TREND_RISING);
	double eta = 0;
	CHECK_INT(catch_up_verdict(400, 60, 100, &eta), CATCH_UP_FALLING);
	CHECK_INT(catch_up_verdict(400, 140, 100, &eta), CATCH_UP_ETA);
	CHECK_NEAR(eta, 10, 1e-9);
	CHECK_INT(catch_up_verdict(0, 0, 100, &eta), CATCH_UP_DONE);
	/* a few ticks in the pipeline at the rate they arrive: keeping pace, not falling behind */
	CHECK_INT(catch_up_verdict(4, 90, 90, &eta), CATCH_UP_KEEPING);
	CHECK_INT(catch_up_verdict(4, 88, 90, &eta), CATCH_UP_KEEPING);
	CHECK_INT(catch_up_verdict(4, 0, 0, &eta), CATCH_UP_STALLED);
	/* the consumer stops: its rate reads 0 a second later, not an average of the past */
	for (int t = 11; t <= 17; t++)
		add(&w, t, 400 + 100 * (t - 10), 100u * t, 600);
	CHECK_NEAR(lagwatch_rate(&w, 1, RATE_CONSUMED), 0, 0);
	/* it catches up: lag falls, then is gone */
	for (int t = 18; t <= 30; t++)
		add(&w, t, 1100 - 100 * (t - 17) > 0 ? 1100 - 100 * (t - 17) : 0, 1700, 600u + 100u * (t - 17));
	CHECK_INT(lagwatch_trend(&w, 10), TREND_FALLING);
	add(&w, 31, 50, 1800, 1750);
	add(&w, 32, 50, 1900, 1850);
	CHECK_INT(lagwatch_trend(&w, 1), TREND_STEADY);
	/* the member holds nothing for a while (lag unknown), then catches up from 1808 to 1708:
	 * the trend is of the samples since, never from the unknown ones read as 0 */
	add(&w, 33, -1, 2000, 1850);
	CHECK_INT(lagwatch_trend(&w, 10), TREND_UNKNOWN);
	CHECK_INT(lagwatch_catch_up(&w, 5, 4, &eta), CATCH_UP_UNKNOWN);
	add(&w, 34, 1808, 2100, 1850);
	CHECK_INT(lagwatch_trend(&w, 10), TREND_UNKNOWN);
	add(&w, 35, 1708, 2200, 2050);
	CHECK_INT(lagwatch_trend(&w, 10), TREND_FALLING);
	/* only a minute is kept */
	for (int t = 33; t < 200; t++)
		add(&w, t, 0, 0, 0);
	CHECK_INT(w.count, LAGWATCH_SECONDS);
	CHECK_INT(lagwatch_at(&w, 0)->time_ms, (200 - LAGWATCH_SECONDS) * 1000LL);
	/* the serial tells a new sample even when count and next are where they were a minute
	 * before, and a reset from any sample */
	uint64_t serial = w.serial;
	for (int t = 200; t < 200 + LAGWATCH_SECONDS; t++)
		add(&w, t, 0, 0, 0);
	CHECK(w.serial != serial);
	serial = w.serial;
	lagwatch_reset(&w);
	CHECK(w.serial != serial);
	CHECK(w.serial != 0);
}

/* What a flush handed over: the rows, and each one's span. */
struct flushed {
	int rows, y[8], x[8], n[8];
	wchar_t first[8];
};

static void note_row(int y, int x, const struct screenbuf_cell *cells, int n, void *arg)
{
	struct flushed *f = arg;
	if (f->rows < 8) {
		f->y[f->rows] = y;
		f->x[f->rows] = x;
		f->n[f->rows] = n;
		f->first[f->rows] = cells[0].ch;
	}
	f->rows++;
}

static struct flushed flush(struct screenbuf *b)
{
	struct flushed f = { 0 };
	CHECK_INT(screenbuf_flush(b, note_row, &f), f.rows);
	return f;
}

/* One frame of a 4-row screen: row 1 says `text`, the others stay the same. */
static void draw_frame(struct screenbuf *b, int cols, const char *text)
{
	screenbuf_begin(b, 4, cols);
	screenbuf_fill(b, 0, 0, cols, 7);
	screenbuf_text(b, 0, 1, cols, 7, "title");
	screenbuf_text(b, 1, 0, cols, 0, text);
	screenbuf_text(b, 3, 2, 5, 0, "clipped at five");
}

static void test_screenbuf_rows(void)
{
	struct screenbuf b = { 0 };
	draw_frame(&b, 20, "lag 10");
	CHECK_INT(flush(&b).rows, 4); /* the first frame: every row */
	draw_frame(&b, 20, "lag 10");
	CHECK_INT(flush(&b).rows, 0); /* the same frame: nothing to draw */
	draw_frame(&b, 20, "lag 12");
	struct flushed f = flush(&b);
	CHECK_INT(f.rows, 1); /* only the changed row, only its changed cell */
	CHECK_INT(f.y[0], 1);
	CHECK_INT(f.x[0], 5);
	CHECK_INT(f.n[0], 1);
	CHECK_INT(f.first[0], '2');
	draw_frame(&b, 20, "lag 12");
	screenbuf_fill(&b, 0, 3, 1, 0); /* an attribute alone changes a cell too */
	f = flush(&b);
	CHECK_INT(f.rows, 1);
	CHECK_INT(f.y[0], 0);
	draw_frame(&b, 30, "lag 12");
	CHECK_INT(flush(&b).rows, 4); /* a resize: every row again */
	draw_frame(&b, 30, "lag 12");
	screenbuf_invalidate(&b);
	CHECK_INT(flush(&b).rows, 4); /* a cleared terminal: every row again */
	CHECK_INT(b.cells[3 * 30 + 6].ch, 'p'); /* "clipped at five": "clipp" from column 2 */
	CHECK_INT(b.cells[3 * 30 + 7].ch, ' ');
	screenbuf_free(&b);
}

/* A row kept from one frame and put back in the next is the row drawn; not at a new width. */
/* The changed span is exactly from the first changed cell to the last, wherever they are:
 * the ends are scanned two cells a step, on rows of odd and even widths. */
static void test_screenbuf_span_ends(void)
{
	for (int cols = 6; cols <= 7; cols++)
		for (int first = 0; first < cols; first++)
			for (int last = first; last < cols; last++) {
				struct screenbuf b = { 0 };
				screenbuf_begin(&b, 1, cols);
				flush(&b);
				screenbuf_begin(&b, 1, cols);
				screenbuf_text(&b, 0, first, 1, 0, "a");
				screenbuf_text(&b, 0, last, 1, 0, "b");
				struct flushed f = flush(&b);
				CHECK_INT(f.rows, 1);
				CHECK_INT(f.x[0], first);
				CHECK_INT(f.n[0], last - first + 1);
				screenbuf_free(&b);
			}
}

static void test_screenbuf_kept_row(void)
{
	struct screenbuf b = { 0 };
	struct screenbuf_row kept = { 0 };
	draw_frame(&b, 20, "lag 10");
	CHECK(!screenbuf_put_row(&b, 1, &kept)); /* nothing kept yet */
	screenbuf_keep_row(&b, 1, &kept);
	flush(&b);
	draw_frame(&b, 20, "");
	CHECK(screenbuf_put_row(&b, 1, &kept));
	CHECK_INT(flush(&b).rows, 0); /* the same screen as the frame it was kept from */
	CHECK(screenbuf_put_row(&b, 2, &kept)); /* another place */
	CHECK_INT(b.cells[2 * 20 + 4].ch, '1');
	draw_frame(&b, 30, "");
	CHECK(!screenbuf_put_row(&b, 1, &kept)); /* kept at 20 columns, not 30 */
	free(kept.cells);
	screenbuf_free(&b);
}

static void test_screenbuf_text(void)
{
	struct screenbuf b = { 0 };
	screenbuf_begin(&b, 1, 10);
	CHECK_INT(screenbuf_text(&b, 0, 0, 4, 0, "ab\tc\xff"), 4);
	CHECK_INT(b.cells[2].ch, '?'); /* a control character, then a malformed byte */
	CHECK_INT(b.cells[3].ch, 'c');
	CHECK_INT(screenbuf_text(&b, 0, 8, 5, 0, "xyz"), 3); /* columns counted past the edge */
	CHECK_INT(b.cells[9].ch, 'y');
	CHECK_INT(screenbuf_text(&b, 0, -2, 5, 0, "12345"), 5); /* from left of the screen */
	CHECK_INT(b.cells[0].ch, '3');
	CHECK_INT(b.cells[2].ch, '5');
	CHECK_INT(b.cells[3].ch, 'c');
	if (setlocale(LC_CTYPE, "C.UTF-8")) {
		screenbuf_begin(&b, 1, 10);
		CHECK_INT(screenbuf_text(&b, 0, 0, 10, 0, "\u2581\u2588\u4e2dz"), 5);
		CHECK_INT(b.cells[0].ch, 0x2581); /* sparkline blocks: one column each */
		CHECK_INT(b.cells[2].ch, 0x4e2d); /* a double-width character and its right half */
		CHECK_INT(b.cells[3].ch, SCREENBUF_WIDE_RIGHT);
		CHECK_INT(b.cells[4].ch, 'z');
		CHECK_INT(screenbuf_text(&b, 0, 0, 1, 0, "\u4e2d"), 0); /* half of it does not fit */
		screenbuf_text(&b, 0, 3, 1, 0, "r"); /* over its right half: the left half goes */
		CHECK_INT(b.cells[2].ch, ' ');
		CHECK_INT(b.cells[3].ch, 'r');
		screenbuf_text(&b, 0, 5, 2, 0, "\u4e2d");
		screenbuf_text(&b, 0, 5, 1, 0, "l"); /* over its left half: the right half goes */
		CHECK_INT(b.cells[5].ch, 'l');
		CHECK_INT(b.cells[6].ch, ' ');
		/* sparkline blocks as glyphs: clipped to the width, a wide one as '?', as is a pick
		 * of no glyph, and the double-width character whose left half the run ends on loses
		 * its right half */
		screenbuf_begin(&b, 1, 10);
		screenbuf_text(&b, 0, 0, 10, 0, "abc\u4e2d");
		const wchar_t blocks[] = { 0x2581, 0x4e2d, 0x2588, 0x2582 };
		const int picks[] = { 0, 1, 2, 3 }, two[] = { 2, 3 }, none[] = { 4, -1 };
		CHECK_INT(screenbuf_glyphs(&b, 0, 1, 3, 5, blocks, 4, picks, 4), 3);
		CHECK_INT(b.cells[0].ch, 'a');
		CHECK_INT(b.cells[1].ch, 0x2581);
		CHECK_INT(screenbuf_attr(b.cells[1]), 5);
		CHECK_INT(b.cells[2].ch, '?');
		CHECK_INT(b.cells[3].ch, 0x2588);
		CHECK_INT(b.cells[4].ch, ' ');
		CHECK_INT(screenbuf_glyphs(&b, 0, 8, 5, 0, blocks, 4, picks, 1), 1);
		CHECK_INT(b.cells[8].ch, 0x2581);
		CHECK_INT(screenbuf_glyphs(&b, 0, 9, 5, 0, blocks, 4, two, 2), 2); /* past the edge */
		CHECK_INT(b.cells[9].ch, 0x2588);
		CHECK_INT(screenbuf_glyphs(&b, 0, 5, 2, 0, blocks, 4, none, 2), 2);
		CHECK_INT(b.cells[5].ch, '?');
		CHECK_INT(b.cells[6].ch, '?');
		/* a run of text ending on a left half and starting on a right half */
		screenbuf_begin(&b, 1, 10);
		screenbuf_text(&b, 0, 0, 10, 0, "中a中");
		screenbuf_text(&b, 0, 1, 3, 0, "xyz");
		CHECK_INT(b.cells[0].ch, ' ');
		CHECK_INT(b.cells[1].ch, 'x');
		CHECK_INT(b.cells[3].ch, 'z');
		CHECK_INT(b.cells[4].ch, ' ');
		setlocale(LC_CTYPE, "C");
	}
	screenbuf_free(&b);
}

/* Every byte value at every place of a line of text, written from column 0 (all on the
 * screen) and from column -3 (cut at the left): the text before it and after it as it is, a
 * byte that is not printable ASCII one '?', and a NUL the end of the text. Runs of printable
 * text are scanned eight bytes a word: this is each place in and across a word. */
static void test_screenbuf_every_byte(void)
{
	enum { LEN = 19, COLS = 24 };
	struct screenbuf b = { 0 };
	screenbuf_begin(&b, 1, COLS);
	int wrong = 0;
	for (int x = 0; x >= -3; x -= 3)
		for (int at = 0; at < LEN; at++)
			for (int byte = 0; byte < 256; byte++) {
				char text[LEN + 1];
				for (int i = 0; i < LEN; i++)
					text[i] = (char)(i == at ? byte : 'a' + i);
				text[LEN] = '\0';
				screenbuf_begin(&b, 1, COLS);
				int cols = screenbuf_text(&b, 0, x, LEN, 0, text);
				wrong += cols != (byte ? LEN : at);
				for (int i = -x; i < LEN; i++) {
					wchar_t want = i < at ? 'a' + i
						     : !byte ? ' '
						     : i > at ? 'a' + i
						     : byte >= 0x20 && byte < 0x7F ? byte : '?';
					wrong += (wchar_t)b.cells[x + i].ch != want;
				}
			}
	CHECK_INT(wrong, 0);
	screenbuf_free(&b);
}

/* The quote table's rows, filtered and sorted: kept from the frame before while they are
 * still the same quotes in order, sorted again when a price moves a rank or the filter or
 * the sort changes. */
static const char *row_symbol(const struct ui *ui, size_t i)
{
	return ui->frame.rows[i]->symbol;
}

static void test_quote_rows(void)
{
	static struct ui ui;
	struct quote quotes[3] = { { .symbol = "IBM", .last = 2 }, { .symbol = "AAPL", .last = 3 },
				   { .symbol = "MSFT", .last = 1 } };
	const struct quote *rows[3];
	ui.frame.quotes = quotes;
	ui.frame.rows = rows;
	ui.frame.quote_total = 3;
	ui_quotes_prepare(&ui);
	CHECK_INT((int)ui.frame.quote_count, 3);
	CHECK_STR(row_symbol(&ui, 0), "AAPL");
	CHECK_STR(row_symbol(&ui, 2), "MSFT");
	ui.sort = SORT_LAST;
	ui_quotes_prepare(&ui);
	CHECK_STR(row_symbol(&ui, 0), "AAPL");
	CHECK_STR(row_symbol(&ui, 1), "IBM");
	CHECK_STR(row_symbol(&ui, 2), "MSFT");
	quotes[2].last = 4; /* MSFT moves to the top */
	ui_quotes_prepare(&ui);
	CHECK_STR(row_symbol(&ui, 0), "MSFT");
	CHECK_STR(row_symbol(&ui, 1), "AAPL");
	CHECK_STR(row_symbol(&ui, 2), "IBM");
	copy_str(ui.filter, sizeof(ui.filter), "m"); /* the same rows in order, fewer of them */
	ui_quotes_prepare(&ui);
	CHECK_INT((int)ui.frame.quote_count, 2);
	CHECK_STR(row_symbol(&ui, 0), "MSFT");
	CHECK_STR(row_symbol(&ui, 1), "IBM");
	/* a new table, as many rows passing, but not the same: AMD now, MSFT gone */
	copy_str(quotes[1].symbol, sizeof(quotes[1].symbol), "AMD");
	copy_str(quotes[2].symbol, sizeof(quotes[2].symbol), "XYZ");
	ui_quotes_prepare(&ui);
	CHECK_INT((int)ui.frame.quote_count, 2);
	CHECK_STR(row_symbol(&ui, 0), "AMD");
	CHECK_STR(row_symbol(&ui, 1), "IBM");
	ui.frame.quote_total = 2; /* the last quote gone, no filter: the same two rows */
	ui.filter[0] = '\0';
	ui_quotes_prepare(&ui);
	CHECK_INT((int)ui.frame.quote_count, 2);
	CHECK_STR(row_symbol(&ui, 0), "AMD");
	CHECK_STR(row_symbol(&ui, 1), "IBM");
}

int main(void)
{
	test_counts();
	test_prices_and_durations();
	test_numtext();
	test_vformat();
	test_formats_match_printf();
	test_textcols();
	test_textcols_figures_keep_columns();
	test_sparkline();
	test_sparkline_from_zero();
	test_lagwatch();
	test_catch_up_held();
	test_catch_up_one_table();
	test_catch_up_given_back();
	test_screenbuf_rows();
	test_screenbuf_span_ends();
	test_screenbuf_kept_row();
	test_screenbuf_text();
	test_screenbuf_every_byte();
	test_quote_rows();
	return check_report("test_screen");
}
