/* walk.c: intraday random walk between fixed points (a Brownian bridge), kept in range. */
#include "walk.h"

#include <math.h>

#include "util.h"

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Fills prices[from+1 .. to] with a bridge from start (at from) to prices[to] = end. */
static void bridge(double *prices, int from, double start, int to, double end, double sigma,
		   double low, double high, uint64_t *rng)
{
	int steps = to - from;
	double noise[steps + 1];
	noise[0] = 0;
	for (int j = 1; j <= steps; j++)
		noise[j] = noise[j - 1] + sigma * random_normal(rng);
	for (int j = 1; j < steps; j++) {
		double share = (double)j / steps;
		double drift = start + (end - start) * share;
		prices[from + j] = clamp(drift + noise[j] - share * noise[steps], low, high);
	}
	prices[to] = end;
}

void walk_day(double open, double high, double low, double close, int steps, uint64_t seed,
	      double *prices)
{
	uint64_t rng = seed;
	if (steps == 1) {
		prices[0] = close;
		return;
	}
	/* Fixed points: the open before step 0, then high and low at random steps, then close. */
	int at[4] = { -1, 0, 0, steps - 1 };
	double value[4] = { clamp(open, low, high), high, low, close };
	int points = 2;
	if (steps >= 3) {
		int a = (int)(random_unit(&rng) * (steps - 1));
		int b = (int)(random_unit(&rng) * (steps - 2));
		if (b >= a)
			b++;
		at[1] = a < b ? a : b;
		at[2] = a < b ? b : a;
		value[1] = a < b ? high : low;
		value[2] = a < b ? low : high;
		points = 4;
	} else {
		at[1] = steps - 1;
		value[1] = close;
	}
	double sigma = (high - low) / sqrt((double)steps) * 0.5;
	for (int p = 0; p + 1 < points; p++)
		bridge(prices, at[p], value[p], at[p + 1], value[p + 1], sigma, low, high, &rng);
}
