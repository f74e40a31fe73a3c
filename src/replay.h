/* replay.h: turns the merged daily bars into the ordered stream of ticks to publish.
 *
 * Every simulated day has ticks_per_day steps; at each step every symbol trading that day
 * gets one tick on its intraday walk. The last step of a day carries the daily row itself.
 * Ticks are numbered per topic and symbol: each topic written to has its own numbering, which
 * goes on where it stopped when the producer switches back to that topic. */
#ifndef KTICKER_REPLAY_H
#define KTICKER_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "csvfeed.h"
#include "tick.h"

struct replay {
	const struct feed *feed;
	int ticks_per_day;
	uint64_t seed;
	bool loop;
	size_t first_day;    /* where the replay starts, and restarts when looping */
	size_t day;          /* index into feed days */
	int step;            /* 0 .. ticks_per_day-1 within the day */
	size_t bar;          /* next bar of the day at this step */
	uint64_t day_serial; /* simulated days started, across loops */
	uint64_t loops;      /* times the data was restarted */
	struct replay_topic *topics; /* every topic written to, with its numbering */
	size_t topic_count;
	int64_t *seq;        /* next sequence number per symbol, in the current topic */
	double *paths;       /* ticks_per_day prices per bar of the current day */
	int64_t day_open_ms; /* the current day's market open, ms since 1970 */
	size_t path_capacity;
};

/* Replays from the first day on or after from_date (0: from the start). */
void replay_init(struct replay *r, const struct feed *feed, int ticks_per_day, uint64_t seed,
		 bool loop, int32_t from_date);
void replay_free(struct replay *r);
/* Numbers the next ticks as those of topic (chosen at a switch, never per tick). The
 * numbering in use before any topic is named becomes the first named topic's. */
void replay_use_topic(struct replay *r, const char *topic);
/* Where a tick falls in simulated time: its day (counted across loops) and intraday step. */
struct replay_slot {
	uint64_t day;
	int step;
	size_t symbol; /* index in the feed: the numbering replay_number takes from */
};

/* The next tick (seq, producer and produce_ms left for the producer). Returns false at the
 * end of the data when not looping. */
bool replay_next(struct replay *r, struct tick *t, struct replay_slot *slot);
/* Gives the tick its number in the current topic: called when the tick is sent, so one that
 * waited across a topic switch is numbered in the topic it goes to. */
void replay_number(struct replay *r, const struct replay_slot *slot, struct tick *t);

#endif
