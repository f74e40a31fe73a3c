/* ui_help.c: the help overlay (every key, from keys.c, and every command) and the footer
 * of key hints. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "command.h"
#include "crt.h"
#include "keys.h"
#include "ui.h"
#include "util.h"

/* What this kticker has (enum key_needs): a consumer has no producer to pause or tune, a
 * producer no group to commit for or list, a real cluster no broker to take down. */
static unsigned what_it_has(const struct ui *ui)
{
	const struct options *o = ui->pipe->opt;
	bool embedded = ui->pipe->cluster.embedded;
	return (options_has_producer(o) ? NEEDS_PRODUCER : 0u) |
	       (options_has_consumer(o) ? NEEDS_CONSUMER : 0u) |
	       (embedded || o->local_cluster ? NEEDS_OWN_BROKERS : 0u) | (embedded ? NEEDS_EMBEDDED : 0u);
}

/* The keys this kticker offers, in the table's order; returns their count. */
static int offered_keys(const struct ui *ui, const struct binding **out)
{
	unsigned has = what_it_has(ui);
	int n = 0;
	for (int i = 0; i < key_binding_count; i++)
		if ((key_bindings[i].needs & ~has) == 0)
			out[n++] = &key_bindings[i];
	return n;
}

/* The help's line i: the keys offered, then the commands of the ':' prompt. */
static void help_line(const struct binding *const *keys, int key_count, int i, char *out, size_t size)
{
	if (i < key_count) {
		snprintf(out, size, "%-8s %s", keys[i]->names, keys[i]->help);
		return;
	}
	i -= key_count;
	if (i == 0)
		snprintf(out, size, "Commands at the : prompt and in --scenario files:");
	else
		snprintf(out, size, "  %s", command_usage(i - 1));
}

static int command_count(void)
{
	int commands = 0;
	while (command_usage(commands))
		commands++;
	return commands;
}

void ui_help_draw(struct ui *ui, int rows, int cols)
{
	const struct binding *keys[KEY_BINDINGS_MAX];
	int key_count = offered_keys(ui, keys);
	int lines = key_count + 1 + command_count();
	int height = lines + 4, width = KEY_HELP_COLS + 4;
	height = height < rows ? height : rows;
	width = width < cols ? width : cols;
	int top = (rows - height) / 2, left = (cols - width) / 2;
	int shown = height - 3, max_scroll = lines - shown > 0 ? lines - shown : 0;
	ui->help_scroll = ui->help_scroll > max_scroll ? max_scroll : ui->help_scroll;
	ui_box(top, left, width, height);
	ui_text(top, left + 2, width - 4, A_REVERSE | A_BOLD, "kticker keys");
	for (int i = 0; i < shown && ui->help_scroll + i < lines; i++) {
		char line[256];
		help_line(keys, key_count, ui->help_scroll + i, line, sizeof(line));
		ui_text(top + 2 + i, left + 2, width - 4, A_REVERSE, line);
	}
	ui_text(top + height - 1, left + 2, width - 4, A_REVERSE | A_DIM,
		max_scroll ? "j/k Space scroll; any other key closes this help"
			   : "any key closes this help");
}

static int hint(int y, int x, int width, const char *key, const char *label)
{
	int used = ui_text(y, x, width, crt_attr(CLR_KEY) | A_BOLD, key);
	used += ui_text(y, x + used, width - used, A_NORMAL, label);
	return used;
}

/* As many of the text's parts (ended by ',' or ';') as fit in cols, each whole. */
static void whole_parts(const char *text, int cols, char *out, size_t size)
{
	copy_str(out, size, text);
	char *end;
	while ((int)strlen(out) > cols && (end = strpbrk(out, ",;")) != NULL) {
		char *last = end;
		while ((end = strpbrk(last + 1, ",;")) != NULL)
			last = end;
		*last = '\0';
	}
}

/* A frozen screen's mark (Z), at the footer's right end; returns the columns it leaves. The
 * footer is the last row a frame writes, so a terminal (or a test's capture) that shows the
 * mark has the whole frozen frame. */
static int draw_frozen_mark(const struct ui *ui, int y, int width)
{
	time_t t = (time_t)(ui->frozen_ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	char mark[64];
	int cols = snprintf(mark, sizeof(mark), " FROZEN at %02d:%02d:%02d - Z resumes ", tm.tm_hour,
			    tm.tm_min, tm.tm_sec);
	int x = width > cols ? width - cols : 0;
	ui_text(y, x, width - x, crt_attr(CLR_WARN) | A_REVERSE | A_BOLD, mark);
	return x;
}

void ui_footer_draw(struct ui *ui, int y, int width)
{
	if (ui->frozen_ms)
		width = draw_frozen_mark(ui, y, width);
	if (ui->prompt != PROMPT_NONE) {
		static const char *const labels[] = { "", "Topic: ", "Partitions: ", "Filter: ", ":" };
		int x = ui_text(y, 0, width, A_BOLD, labels[ui->prompt]);
		x += ui_text(y, x, width - x, A_UNDERLINE, ui->input);
		x += ui_text(y, x, width - x, A_REVERSE, " ");
		char hint_text[sizeof(ui->prompt_hint)];
		whole_parts(ui->prompt_hint, width - x - 1 - 12, hint_text, sizeof(hint_text));
		ui_printf(y, x + 1, width - x - 1, crt_attr(CLR_DIM), " Enter/Esc  %s", hint_text);
		return;
	}
	/* only the keys this kticker has */
	unsigned has = what_it_has(ui);
	bool producer = has & NEEDS_PRODUCER, consumer = has & NEEDS_CONSUMER;
	bool own_brokers = has & NEEDS_OWN_BROKERS;
	const struct { const char *key, *label; bool shown; } hints[] = {
		{ "F1", "Help ", true }, { "Spc", "Pause ", producer }, { "+-", "Speed ", producer },
		{ "t", "Topic ", true }, { "a", "Acks ", producer }, { "c", "Commit ", consumer },
		{ "l", "Log ", true }, { "g", "Group ", consumer }, { "b", "Broker ", own_brokers },
		{ ":", "Cmd ", true }, { "q", "Quit", true },
	};
	int x = 0;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]) && x < width; i++)
		if (hints[i].shown)
			x += hint(y, x, width - x, hints[i].key, hints[i].label);
}
