/* report.h: --report FILE, a per-symbol summary of the run written at exit as CSV (and
 * printed as a table in headless mode): ticks, first and last date, open, high, low, close,
 * return and maximum drawdown, from the ticks the consumer read. */
#ifndef KTICKER_REPORT_H
#define KTICKER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "market.h"

/* At start: whether the file can be written at exit, without changing it; false with a
 * message in err. */
bool report_check(const char *path, char *err, size_t err_size);
/* Writes the CSV; false with a message in err. */
bool report_write(const char *path, struct market *m, char *err, size_t err_size);
/* Prints the same figures as a table. */
void report_print(FILE *out, struct market *m);

#endif
