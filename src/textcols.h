/* textcols.h: a line of columns laid out as printf's "%*s" and "%-*.*s" lay them out, without
 * printf. The partition and quote rows, ~110 a frame of a dozen columns each, spent more in
 * vsnprintf's format parsing and padding than in anything they show. */
#ifndef KTICKER_TEXTCOLS_H
#define KTICKER_TEXTCOLS_H

#include <stddef.h>

struct textcols {
	char text[256]; /* what does not fit is cut, as snprintf cuts */
	size_t len;
	size_t owed; /* columns a figure took beyond its own, to come off the next ones' padding */
};

void textcols_start(struct textcols *t);
/* "%s" */
void textcols_add(struct textcols *t, const char *s);
/* "%*s": s after width - strlen(s) spaces, whole when longer. */
void textcols_right(struct textcols *t, const char *s, int width);
/* s right-aligned in width, as textcols_right; a figure wider than its column (an offset or a
 * broker id with the ~ of an old reading) takes what it needs from the padding of the figures
 * after it, so the columns after those keep their places under their titles. */
void textcols_figure(struct textcols *t, const char *s, int width);
/* "%-*.*s": at most max bytes of s (all of it when max < 0), then spaces to width. */
void textcols_left(struct textcols *t, const char *s, int width, int max);

#endif
