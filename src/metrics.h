/* metrics.h: --metrics FILE, the run's figures once a second as CSV for class handouts.
 * Written by the main thread (screen or headless loop). */
#ifndef KTICKER_METRICS_H
#define KTICKER_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "histogram.h"
#include "pipeline.h"

struct metrics {
	FILE *out;
	int64_t start_ms, next_ms, last_ms;
	uint64_t last_produced, last_delivered, last_consumed;
	struct histogram_copy last_delivery, last_e2e;
	bool failed; /* a row could not be written (reported once) */
};

/* Opens the file and writes the header, flushed; false with a message in err. */
bool metrics_open(struct metrics *m, const char *path, char *err, size_t err_size);
/* Writes a row when the next second of the run has come: one a second, on the run's clock,
 * the rates over the actual time since the previous row. Returns the monotonic ms of the next
 * row (INT64_MAX: no file). */
int64_t metrics_poll(struct metrics *m, struct pipeline *p);
/* The last row, at exit once the clients are closed: the counts of the result line. */
void metrics_final(struct metrics *m, struct pipeline *p);
/* False when a row or the close failed (reported): the run must not exit 0. */
bool metrics_close(struct metrics *m);

#endif
