/* textcols.c: a line of columns, as printf's %*s and %-*.*s lay them out. */
#include "textcols.h"

#include <string.h>

void textcols_start(struct textcols *t)
{
	t->len = 0;
	t->owed = 0;
	t->text[0] = '\0';
}

static void append(struct textcols *t, const char *s, size_t n)
{
	size_t room = sizeof(t->text) - 1 - t->len;
	n = n < room ? n : room;
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = '\0';
}

static void pad(struct textcols *t, size_t n)
{
	size_t room = sizeof(t->text) - 1 - t->len;
	n = n < room ? n : room;
	memset(t->text + t->len, ' ', n);
	t->len += n;
	t->text[t->len] = '\0';
}

/* Copied a byte at a time up to its end, not measured by strlen and then copied by memcpy:
 * what is added is mostly a single space between columns, ~1 k of them a busy frame, where
 * the two calls cost ~50 instructions for one byte. */
void textcols_add(struct textcols *t, const char *s)
{
	size_t room = sizeof(t->text) - 1 - t->len;
	char *out = t->text + t->len;
	size_t n = 0;
	for (; n < room && s[n]; n++)
		out[n] = s[n];
	out[n] = '\0';
	t->len += n;
}

void textcols_right(struct textcols *t, const char *s, int width)
{
	size_t n = strlen(s);
	if (width > 0 && n < (size_t)width)
		pad(t, (size_t)width - n);
	append(t, s, n);
}

void textcols_figure(struct textcols *t, const char *s, int width)
{
	size_t n = strlen(s), w = width > 0 ? (size_t)width : 0;
	if (n >= w) {
		t->owed += n - w;
	} else {
		size_t room = w - n, repaid = room < t->owed ? room : t->owed;
		t->owed -= repaid;
		pad(t, room - repaid);
	}
	append(t, s, n);
}

void textcols_left(struct textcols *t, const char *s, int width, int max)
{
	size_t n = max < 0 ? strlen(s) : strnlen(s, (size_t)max);
	append(t, s, n);
	if (width > 0 && n < (size_t)width)
		pad(t, (size_t)width - n);
}
