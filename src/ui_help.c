/* ui_help.c: the help overlay (every key, from keys.c, and every command) and the footer
 * of key hints. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "crt.h"
#include "keys.h"
#include "ui.h"

/* The help's line i: the keys, then the commands of the ':' prompt. */
static void help_line(int i, char *out, size_t size)
{
	if (i < key_binding_count) {
		snprintf(out, size, "%-8s %s", key_bindings[i].names, key_bindings[i].help);
		return;
	}
	i -= key_binding_count;
	if (i == 0)
		snprintf(out, size, "Commands at the : prompt and in --scenario files:");
	else
		snprintf(out, size, "  %s", command_usage(i - 1));
}

static int help_line_count(void)
{
	int commands = 0;
	while (command_usage(commands))
		commands++;
	return key_binding_count + 1 + commands;
}

void ui_help_draw(struct ui *ui, int rows, int cols)
{
	int lines = help_line_count();
	int height = lines + 4, width = 76;
	height = height < rows ? height : rows;
	width = width < cols ? width : cols;
	int top = (rows - height) / 2, left = (cols - width) / 2;
	int shown = height - 3, max_scroll = lines - shown > 0 ? lines - shown : 0;
	ui->help_scroll = ui->help_scroll > max_scroll ? max_scroll : ui->help_scroll;
	ui_box(top, left, width, height);
	ui_text(top, left + 2, width - 4, A_REVERSE | A_BOLD, "kticker keys");
	for (int i = 0; i < shown && ui->help_scroll + i < lines; i++) {
		char line[256];
		help_line(ui->help_scroll + i, line, sizeof(line));
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

void ui_footer_draw(struct ui *ui, int y, int width)
{
	if (ui->prompt != PROMPT_NONE) {
		if (ui->prompt == PROMPT_TOPIC)
			lookup_take_topics(&ui->pipe->lookup, ui->prompt_hint, sizeof(ui->prompt_hint));
		static const char *const labels[] = { "", "Topic: ", "Partitions: ", "Filter: ", ":" };
		int x = ui_text(y, 0, width, A_BOLD, labels[ui->prompt]);
		x += ui_text(y, x, width - x, A_UNDERLINE, ui->input);
		x += ui_text(y, x, width - x, A_REVERSE, " ");
		ui_printf(y, x + 1, width - x - 1, crt_attr(CLR_DIM), " Enter/Esc  %s", ui->prompt_hint);
		return;
	}
	static const char *const hints[][2] = {
		{ "F1", "Help " }, { "Spc", "Pause " }, { "+-", "Speed " }, { "t", "Topic " },
		{ "a", "Acks " }, { "c", "Commit " }, { "l", "Log " }, { "g", "Group " },
		{ "b", "Broker " }, { ":", "Cmd " }, { "q", "Quit" },
	};
	int x = 0;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]) && x < width; i++)
		x += hint(y, x, width - x, hints[i][0], hints[i][1]);
}
