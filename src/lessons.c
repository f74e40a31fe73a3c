/* lessons.c: kticker --lesson N. The text is generated from man/lessons.txt at build time,
 * the same source as the man page's LESSONS section. */
#include "lessons.h"

#include "util.h"

struct lesson {
	int number;
	const char *title;
	const char *text;
};

static const struct lesson lessons[] = {
#include "lessons.inc"
};

int lessons_print(FILE *out, int n)
{
	for (size_t i = 0; i < ARRAY_LEN(lessons); i++) {
		if (n == 0)
			fprintf(out, "%2d  %s", lessons[i].number, lessons[i].title);
		else if (lessons[i].number == n) {
			fprintf(out, "Lesson %d: %s\n%s", n, lessons[i].title, lessons[i].text);
			return 0;
		}
	}
	if (n == 0) {
		fputs("\nkticker --lesson N prints one; man kticker has them all (LESSONS).\n", out);
		return 0;
	}
	fprintf(stderr, "kticker: no lesson %d (kticker --lesson 0 lists them)\n", n);
	return 2;
}
