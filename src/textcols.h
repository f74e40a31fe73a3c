/* textcols.h: a line of columns laid out as printf's "%*s" and "%-*.*s" lay them out, without
 * printf. The partition and quote rows, ~110 a frame of a dozen columns each, spent more in
 * vsnprintf's format parsing and padding than in anything they show. */
#ifndef KTICKER_TEXTCOLS_H
#define KTICKER_TEXTCOLS_H

#include <stddef.h>

struct textcols {
	char text[256]; /* what does not fit is cut, as snprintf cuts */
	size_t len;
};

void textcols_start(struct textcols *t);
/* "%s" */
void textcols_add(struct textcols *t, const char *s);
/* "%*s": s after width - strlen(s) spaces, whole when longer. */
void textcols_right(struct textcols *t, const char *s, int width);
/* "%-*.*s": at most max bytes of s (all of it when max < 0), then spaces to width. */
void textcols_left(struct textcols *t, const char *s, int width, int max);

#endif
