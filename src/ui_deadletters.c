/* ui_deadletters.c: the dead-letter viewer: the latest messages the consumer could not
 * decode, with where they came from and why, as sent to "<topic>.dlq". */
#include <curses.h>
#include <stdio.h>

#include "crt.h"
#include "ui.h"

void ui_deadletters_draw(struct ui *ui, int rows, int cols)
{
	struct dead_letter letters[DLQ_KEEP];
	int width = cols < 100 ? cols : 100, height = rows - 4;
	int n = deadletters_latest(&ui->pipe->deadletters, letters, (height - 3) / 2);
	int top = 2, left = (cols - width) / 2;
	ui_box(top, left, width, height);
	ui_printf(top, left + 2, width - 4, A_REVERSE | A_BOLD, "Dead letters: %llu sent to %s.dlq",
		  (unsigned long long)ui->frame.counters.dead_letters, ui->frame.topic);
	if (n == 0)
		ui_text(top + 2, left + 2, width - 4, A_REVERSE, "none: every message so far was a tick");
	for (int i = 0; i < n; i++) {
		const struct dead_letter *d = &letters[i];
		ui_printf(top + 2 + 2 * i, left + 2, width - 4, A_REVERSE | A_BOLD,
			  "partition %d offset %lld, %zu bytes: %s", (int)d->partition,
			  (long long)d->offset, d->size, d->reason);
		ui_printf(top + 3 + 2 * i, left + 4, width - 6, A_REVERSE, "%s", d->preview);
	}
	ui_text(top + height - 1, left + 2, width - 4, A_REVERSE | A_DIM, "any key closes this");
}
