/* Intraday random walk and replay: bounds, determinism for a seed, daily row at day end. */
#include <stdlib.h>

#include "check.h"
#include "csvfeed.h"
#include "replay.h"
#include "walk.h"

#define STEPS_MAX 400

static void test_bounds_and_end(void)
{
	double path[STEPS_MAX];
	int out_of_range = 0, wrong_close = 0, missed_extremes = 0;
	for (uint64_t seed = 0; seed < 200; seed++) {
		for (int steps = 1; steps <= STEPS_MAX; steps += 37) {
			double open = 10 + seed % 7, low = 8.5, high = 17.25, close = 12.125;
			walk_day(open, high, low, close, steps, seed, path);
			double seen_hi = 0, seen_lo = 1e9;
			for (int i = 0; i < steps; i++) {
				out_of_range += path[i] < low || path[i] > high;
				seen_hi = path[i] > seen_hi ? path[i] : seen_hi;
				seen_lo = path[i] < seen_lo ? path[i] : seen_lo;
			}
			wrong_close += path[steps - 1] != close;
			missed_extremes += steps >= 3 && (seen_hi != high || seen_lo != low);
		}
	}
	CHECK_INT(out_of_range, 0);
	CHECK_INT(wrong_close, 0);
	CHECK_INT(missed_extremes, 0);
}

static void test_open_outside_range(void)
{
	/* JPM's rows of 1980-1983 have Open 0 below Low: the walk still stays in range */
	double path[50];
	walk_day(0, 5.129630, 5.018518, 5.037037, 50, 7, path);
	for (int i = 0; i < 50; i++)
		CHECK(path[i] >= 5.018518 && path[i] <= 5.129630);
}

static void test_determinism(void)
{
	double a[100], b[100], c[100];
	walk_day(100, 110, 90, 105, 100, 42, a);
	walk_day(100, 110, 90, 105, 100, 42, b);
	walk_day(100, 110, 90, 105, 100, 43, c);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	CHECK(memcmp(a, c, sizeof(a)) != 0);
}

static struct feed two_symbols(void)
{
	static char sym[2][TICK_SYMBOL_MAX] = { "AAA", "BBB" };
	static struct bar bars[] = {
		{ .date = 20200102, .symbol = 0, .open = 10, .high = 12, .low = 9, .close = 11, .adj_close = 5.5, .volume = 1000 },
		{ .date = 20200102, .symbol = 1, .open = 20, .high = 21, .low = 19, .close = 19.5, .adj_close = 19.5, .volume = 50 },
		{ .date = 20200103, .symbol = 0, .open = 11, .high = 11.5, .low = 10, .close = 10.5, .adj_close = 5.25, .volume = 900 },
	};
	static size_t days[] = { 0, 2, 3 };
	struct feed f = { .symbols = sym, .symbol_count = 2, .bars = bars, .bar_count = 3,
			  .day_first = days, .day_count = 2 };
	return f;
}

/* The next tick, numbered as the producer numbers it when sending. */
static bool next_tick(struct replay *r, struct tick *t, struct replay_slot *slot)
{
	if (!replay_next(r, t, slot))
		return false;
	replay_number(r, slot, t);
	return true;
}

static void test_replay_daily_rows(void)
{
	struct feed f = two_symbols();
	struct replay r;
	struct tick t;
	struct replay_slot due;
	replay_init(&r, &f, 1, 1, false, 0);
	CHECK(next_tick(&r, &t, &due));
	CHECK_STR(t.symbol, "AAA");
	CHECK_NEAR(t.close, 11, 0);
	CHECK_NEAR(t.high, 12, 0);
	CHECK_NEAR(t.adj_close, 5.5, 0);
	CHECK_INT(t.volume, 1000);
	CHECK_INT(t.seq, 0);
	CHECK_INT(due.day, 0);
	CHECK_INT(due.step, 0);
	CHECK(next_tick(&r, &t, &due));
	CHECK_STR(t.symbol, "BBB");
	CHECK_INT(t.seq, 0);
	CHECK(next_tick(&r, &t, &due));
	CHECK_STR(t.symbol, "AAA");
	CHECK_INT(t.date, 20200103);
	CHECK_INT(t.seq, 1);
	CHECK_INT(due.day, 1);
	CHECK(!next_tick(&r, &t, &due));
	CHECK(!next_tick(&r, &t, &due));
	replay_free(&r);
}

/* Each topic numbers its ticks apart; back on a topic, its numbering goes on. */
static void test_replay_per_topic(void)
{
	struct feed f = two_symbols();
	struct replay r;
	struct tick t;
	struct replay_slot due;
	replay_init(&r, &f, 4, 1, true, 0);
	CHECK(next_tick(&r, &t, &due)); /* before a topic is named: the first topic's numbers */
	CHECK_INT(t.seq, 0);
	replay_use_topic(&r, "ticks");
	for (int i = 0; i < 3; i++)
		CHECK(next_tick(&r, &t, &due)); /* BBB 0, AAA 1, BBB 1 */
	CHECK_STR(t.symbol, "BBB");
	CHECK_INT(t.seq, 1);
	replay_use_topic(&r, "ticks.p3");
	CHECK(next_tick(&r, &t, &due));
	CHECK_STR(t.symbol, "AAA");
	CHECK_INT(t.seq, 0);
	replay_use_topic(&r, "ticks");
	CHECK(next_tick(&r, &t, &due));
	CHECK_STR(t.symbol, "BBB");
	CHECK_INT(t.seq, 2);
	CHECK(next_tick(&r, &t, &due));
	CHECK_STR(t.symbol, "AAA");
	CHECK_INT(t.seq, 2);
	/* a tick that waits across a switch is numbered in the topic it is sent to */
	CHECK(replay_next(&r, &t, &due));
	replay_use_topic(&r, "ticks.p3");
	replay_number(&r, &due, &t);
	CHECK_STR(t.symbol, "BBB");
	CHECK_INT(t.seq, 0);
	replay_free(&r);
}

static void test_replay_intraday_and_loop(void)
{
	struct feed f = two_symbols();
	struct replay r;
	struct tick t[40];
	struct replay_slot due[40];
	replay_init(&r, &f, 4, 9, true, 0);
	for (int i = 0; i < 40; i++)
		CHECK(next_tick(&r, &t[i], &due[i]));
	/* day 1: steps 0..3 of AAA and BBB interleaved */
	CHECK_STR(t[0].symbol, "AAA");
	CHECK_STR(t[1].symbol, "BBB");
	CHECK_INT(due[2].step, 1);
	CHECK_INT(t[2].seq, 1);
	CHECK(t[0].event_ms < t[2].event_ms);
	for (int i = 0; i < 8; i++)
		CHECK(t[i].close >= (i % 2 ? 19 : 9) && t[i].close <= (i % 2 ? 21 : 12));
	/* the last step of a day is the daily row */
	CHECK_NEAR(t[6].close, 11, 0);
	CHECK_NEAR(t[6].high, 12, 0);
	CHECK_NEAR(t[6].low, 9, 0);
	CHECK_INT(t[6].volume, 1000);
	CHECK(t[2].volume < 1000);
	/* day 2 has only AAA; then the data starts again with seq still counting up */
	CHECK_INT(t[8].date, 20200103);
	CHECK_INT(due[8].day, 1);
	CHECK_INT(due[8].step, 0);
	CHECK_INT(t[12].date, 20200102);
	CHECK_INT(due[12].day, 2);
	CHECK_INT(t[12].seq, 8);
	CHECK_INT(r.loops, 3); /* 12 ticks per pass over the data */
	replay_free(&r);

	/* same seed, same ticks */
	struct replay again;
	struct tick u;
	struct replay_slot d;
	replay_init(&again, &f, 4, 9, true, 0);
	int same = 0;
	for (int i = 0; i < 12; i++) {
		next_tick(&again, &u, &d);
		same += u.close == t[i].close && u.high == t[i].high && u.low == t[i].low;
	}
	CHECK_INT(same, 12);
	replay_free(&again);
}

static void test_replay_from_date(void)
{
	struct feed f = two_symbols();
	struct replay r;
	struct tick t;
	struct replay_slot slot;
	replay_init(&r, &f, 1, 1, true, 20200103);
	CHECK(next_tick(&r, &t, &slot));
	CHECK_INT(t.date, 20200103);
	CHECK(next_tick(&r, &t, &slot)); /* loops back to --from, not to the first date */
	CHECK_INT(t.date, 20200103);
	CHECK_INT(slot.day, 1);
	replay_free(&r);
	replay_init(&r, &f, 1, 1, false, 20300101);
	CHECK(!next_tick(&r, &t, &slot)); /* after the data: nothing to replay */
	replay_free(&r);
}

int main(void)
{
	test_replay_from_date();
	test_bounds_and_end();
	test_open_outside_range();
	test_determinism();
	test_replay_daily_rows();
	test_replay_intraday_and_loop();
	test_replay_per_topic();
	return check_report("test_walk");
}
