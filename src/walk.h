/* walk.h: the intraday path of one trading day, from its open to its close.
 *
 * A seeded random walk that never leaves [low, high]. With three or more steps it touches
 * the day's high and its low once each, so the last tick of a day carries the daily row. */
#ifndef KTICKER_WALK_H
#define KTICKER_WALK_H

#include <stdint.h>

/* Fills prices[0 .. steps-1]; prices[steps-1] == close. Same seed, same path. */
void walk_day(double open, double high, double low, double close, int steps, uint64_t seed,
	      double *prices);

#endif
