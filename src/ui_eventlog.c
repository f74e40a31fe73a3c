/* ui_eventlog.c: the event log panel — everything kticker and librdkafka had to say. */
#include <curses.h>
#include <time.h>

#include "crt.h"
#include "ui.h"

void ui_eventlog_draw(struct ui *ui, int y, int height, int width)
{
	int rows = height - 1;
	ui->page[FOCUS_LOG] = rows;
	/* scroll counts back from the newest event */
	int max_scroll = ui->log_count - rows > 0 ? ui->log_count - rows : 0;
	int *scroll = &ui->scroll[FOCUS_LOG];
	*scroll = *scroll > max_scroll ? max_scroll : *scroll;
	ui_title(y, width, ui->focus == FOCUS_LOG, " Events  %d%s", ui->log_count,
		 *scroll ? "  (scrolled back: End for the newest)" : "");
	int first = ui->log_count - rows - *scroll;
	first = first < 0 ? 0 : first;
	for (int i = 0; i < rows && first + i < ui->log_count; i++) {
		const struct event *e = &ui->log[first + i];
		time_t t = (time_t)(e->time_ms / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		int attr = e->level >= EVENT_ERROR ? crt_attr(CLR_ERROR)
			   : e->level == EVENT_WARN ? crt_attr(CLR_WARN) : crt_attr(CLR_NORMAL);
		ui_printf(y + 1 + i, 0, width, attr, " %02d:%02d:%02d %s", tm.tm_hour, tm.tm_min,
			  tm.tm_sec, e->text);
	}
}
