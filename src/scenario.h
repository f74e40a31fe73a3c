/* scenario.h: a --scenario file, a script of timed commands for class demos and tests.
 *
 * Each line is "SECONDS COMMAND", e.g. "10 broker-down 2"; SECONDS counts from the start of
 * the run (fractions allowed) and lines run in time order. "+SECONDS" counts from the start of
 * the feed instead: the producer's first tick, which waits for the consumer's first partition
 * assignment (a group join takes seconds, and how many varies), so "+1 fail-produce 40" hits
 * ticks one second into the feed on any machine. '#' starts a comment. The whole file is
 * checked before the run starts. Run by the main thread only. */
#ifndef KTICKER_SCENARIO_H
#define KTICKER_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pipeline.h"

#define SCENARIO_LINE_MAX 256

struct scenario_step {
	int64_t at_ms;
	bool from_feed; /* at_ms counts from the feed's start, not the run's */
	bool done;
	int line;
	char command[SCENARIO_LINE_MAX];
};

struct scenario {
	const char *path;
	struct scenario_step *steps;
	size_t count, pending;
	int64_t start_ms;
};

/* Reads and checks the file; false with a message naming the line in err. */
bool scenario_load(struct scenario *s, const char *path, char *err, size_t err_size);
void scenario_start(struct scenario *s);
/* Runs every step that is due, in time order within each clock (a feed-relative step is due
 * only once the pipeline's feed has started; a run step and a feed step due at the same poll
 * run by their numbers, the smaller first). Returns the monotonic ms the next step is due
 * (INT64_MAX: none left; 0 while a feed step waits for the feed to start). */
int64_t scenario_poll(struct scenario *s, struct pipeline *p);
void scenario_free(struct scenario *s);

#endif
