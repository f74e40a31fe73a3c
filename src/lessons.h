/* lessons.h: the classroom lessons (man/lessons.txt), printed by kticker --lesson N. */
#ifndef KTICKER_LESSONS_H
#define KTICKER_LESSONS_H

#include <stdio.h>

/* Prints lesson n, or the list of lessons for n = 0; returns 0, or 2 when there is no
 * such lesson (after saying so on stderr). */
int lessons_print(FILE *out, int n);

#endif
