/* headless.h: the mode without a screen — a status line per second and a final summary. */
#ifndef KTICKER_HEADLESS_H
#define KTICKER_HEADLESS_H

#include <stdio.h>

#include "pipeline.h"

struct status_clock {
	int64_t start_ms, last_ms;
	uint64_t last_produced, last_consumed;
};

void status_clock_start(struct status_clock *s);
/* Prints one line of figures and rates since the previous line. */
void status_print(FILE *out, struct pipeline *p, struct status_clock *s);
void summary_print(FILE *out, struct pipeline *p);
/* The exit status the run deserves: 0, or 1 on failed deliveries, undecodable messages, or
 * (with --count) ticks that were never consumed, said on stderr. */
int summary_exit_status(struct pipeline *p);

#endif
