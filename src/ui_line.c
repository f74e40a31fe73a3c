/* ui_line.c: a status line built of parts of different importance. When the parts do not
 * fit the screen's width, the least important go whole, then the rest take their brief
 * forms, so a narrow screen shows fewer and shorter things rather than the start of a cut one. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "numtext.h"
#include "ui.h"

void ui_line_start(struct ui_line *l)
{
	l->count = 0;
}

void ui_line_add(struct ui_line *l, int priority, int attr, const char *fmt, ...)
{
	if (l->count == UI_LINE_PARTS)
		return;
	struct ui_line_part *p = &l->parts[l->count++];
	p->priority = priority;
	p->attr = attr;
	p->brief[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	numtext_vformat(p->text, sizeof(p->text), fmt, ap);
	va_end(ap);
}

void ui_line_brief(struct ui_line *l, const char *fmt, ...)
{
	if (l->count == 0)
		return;
	struct ui_line_part *p = &l->parts[l->count - 1];
	va_list ap;
	va_start(ap, fmt);
	numtext_vformat(p->brief, sizeof(p->brief), fmt, ap);
	va_end(ap);
}


/* A part's text, brief or not. */
static const char *part_text(const struct ui_line_part *p, bool brief)
{
	return brief && p->brief[0] ? p->brief : p->text;
}

/* Trailing spaces: the gap a part leaves before the next one. */
static int gap_cols(const char *text)
{
	int n = 0;
	for (const char *end = text + strlen(text); end > text && end[-1] == ' '; end--)
		n++;
	return n;
}

/* The columns of each part's text and of its trailing gap, brief ([1]) or not ([0]): measured
 * once for a draw, not again for each priority tried. */
struct part_widths {
	int cols[2], gap[2];
};

static void measure_parts(const struct ui_line *l, struct part_widths *w)
{
	for (int i = 0; i < l->count; i++) {
		const char *text = l->parts[i].text, *brief = l->parts[i].brief;
		w[i].cols[0] = ui_text_cols(text);
		w[i].gap[0] = gap_cols(text);
		w[i].cols[1] = brief[0] ? ui_text_cols(brief) : w[i].cols[0];
		w[i].gap[1] = brief[0] ? gap_cols(brief) : w[i].gap[0];
	}
}

/* Columns the parts of at least this priority take; the last one's gap need not fit. */
static int cols_from(const struct ui_line *l, const struct part_widths *w, int priority, bool brief)
{
	int cols = 0, last_gap = 0;
	for (int i = 0; i < l->count; i++)
		if (l->parts[i].priority >= priority) {
			cols += w[i].cols[brief];
			last_gap = w[i].gap[brief];
		}
	return cols - last_gap;
}

int ui_line_draw(const struct ui_line *l, int y, int x, int width)
{
	struct part_widths w[UI_LINE_PARTS];
	measure_parts(l, w);
	/* optional parts go before any part is abbreviated; then, abbreviated, as few as may */
	bool brief = false;
	int least = 0;
	while (least < UI_LINE_MUST && cols_from(l, w, least, brief) > width)
		least++;
	if (cols_from(l, w, least, brief) > width)
		for (brief = true, least = 0; least < UI_LINE_MUST && cols_from(l, w, least, brief) > width;)
			least++;
	int used = 0;
	for (int i = 0; i < l->count; i++)
		if (l->parts[i].priority >= least)
			used += ui_text(y, x + used, width - used, l->parts[i].attr,
					part_text(&l->parts[i], brief));
	return used;
}
