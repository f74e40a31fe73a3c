/* crt.h: the terminal — curses setup, colors, UTF-8 or ASCII, and putting it back.
 *
 * Only the main thread calls these. The terminal is restored by crt_done on a normal exit,
 * and by the same path after SIGINT/SIGTERM (the signal only sets a flag) and after a fatal
 * error (crt_fatal). */
#ifndef KTICKER_CRT_H
#define KTICKER_CRT_H

#include <stdbool.h>

#include "options.h"

enum color {
	CLR_NORMAL, CLR_TITLE, CLR_UP, CLR_DOWN, CLR_DIM, CLR_WARN, CLR_ERROR,
	CLR_HEADER, CLR_FOCUS, CLR_KEY, CLR_GOOD, CLR_COUNT
};

struct crt {
	bool active;
	bool utf8;
	bool color;
};

extern struct crt crt;

/* Decides UTF-8 and colors from the locale, NO_COLOR, --ascii and --no-color. */
void crt_init(const struct options *o);
void crt_done(void);
/* Leaves curses, prints the message to stderr and exits 1. */
void crt_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Attribute to use for a color (A_NORMAL-based when colors are off). */
int crt_attr(enum color c);

#endif
