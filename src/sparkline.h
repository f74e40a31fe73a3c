/* sparkline.h: a row of block characters for a series, scaled to its own min and max, or
 * from 0 to a top shared with other rows. */
#ifndef KTICKER_SPARKLINE_H
#define KTICKER_SPARKLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define SPARK_LEVELS 8

/* Level 0..7 of each of the last `width` values (fewer if the series is shorter); a flat
 * series sits at the middle, or at the bottom when it is all zero. Returns how many levels
 * were written. */
size_t sparkline_levels(const double *values, size_t count, size_t width, int *levels);
/* Levels of a count (a partition's lag) from 0 to top, a top shared with other rows so that
 * they compare: 0 (or less) is level 0, top (or more) level 7, and any count above 0 at least
 * level 1, so that a little is not drawn as none. A top of 0 or less: every level 0. */
size_t sparkline_levels_from_zero(const double *values, size_t count, size_t width, double top,
				  int *levels);
/* The same as text: UTF-8 blocks, or ASCII "_.-~=+*#" when utf8 is false. Returns out. */
char *sparkline_text(const double *values, size_t count, size_t width, bool utf8, char *out,
		     size_t size);
/* The character of each level, one column each, for the screen's cells: block characters,
 * or ASCII "_.-~=+*#" when utf8 is false. */
const wchar_t *sparkline_glyphs(bool utf8);

#endif
