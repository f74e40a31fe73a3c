/* ui_partitions.c: partitions, offsets and lag — per partition, in total and over time. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "sparkline.h"
#include "ui.h"

static void offset_text(char *out, size_t size, int64_t offset)
{
	if (offset < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld", (long long)offset);
}

static void time_lag_text(char *out, size_t size, enum timelag_result r, int64_t age)
{
	if (r == TIMELAG_UNKNOWN) {
		snprintf(out, size, "?");
		return;
	}
	char d[16];
	fmt_duration_ms(d, sizeof(d), (double)age);
	snprintf(out, size, "%s%s", r == TIMELAG_AT_LEAST ? ">" : "", d);
}

/* An offset, with a ~ in front when the cluster has not confirmed it for a while. */
static void offset_text_aged(char *out, size_t size, int64_t offset, bool stale)
{
	if (offset < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%s%lld", stale ? "~" : "", (long long)offset);
}

#define SPARK_X 81 /* where a row's lag sparkline starts, after the ISR column */

static void draw_partition(struct ui *ui, int row, int y, int width)
{
	const struct partition_offsets *p = &ui->frame.parts[row];
	char start[24], hw[24], committed[24], position[24], lag[24], tl[24];
	offset_text_aged(start, sizeof(start), p->log_start, p->stale);
	offset_text_aged(hw, sizeof(hw), p->high_watermark, p->stale);
	offset_text_aged(committed, sizeof(committed), p->committed, p->stale);
	offset_text(position, sizeof(position), p->position);
	int64_t behind = p->committed >= 0 ? lag_behind(p->high_watermark, p->log_start, p->committed) : -1;
	offset_text_aged(lag, sizeof(lag), behind, p->stale);
	const struct row_time_lag *age = &ui->frame.time_lags[row];
	time_lag_text(tl, sizeof(tl), age->result, age->age_ms);
	char ldr[16], isr[48];
	offset_text(ldr, sizeof(ldr), ui->frame.leaders[row]);
	isr_text(isr, sizeof(isr), ui->frame.isr[row]);
	if (strlen(isr) > 5) /* broker ids above 9: the count, rather than a cut list */
		snprintf(isr, sizeof(isr), "%d in", __builtin_popcount(ui->frame.isr[row]));
	int attr = p->stale ? crt_attr(CLR_WARN) : p->assigned ? crt_attr(CLR_NORMAL) : crt_attr(CLR_DIM);
	/* the ISR last: the columns before it stay where readers (and tests) find them */
	ui_printf(y, 0, width, attr, "%c%3d %-6.6s %4s %9s %9s %9s %9s %8s %7s %-5.5s", p->assigned ? '*' : ' ',
		  p->partition, p->owner[0] ? p->owner : "?", ldr, start, hw, committed, position, lag, tl,
		  isr);
	/* lag over the last minute */
	double series[LAGWATCH_SECONDS];
	int n = 0;
	for (int i = 0; i < ui->watch.count; i++) {
		const struct lag_sample *s = lagwatch_at(&ui->watch, i);
		if (p->partition < s->part_count)
			series[n++] = (double)(s->part_lag[p->partition] > 0 ? s->part_lag[p->partition] : 0);
	}
	char spark[LAGWATCH_SECONDS * 4 + 1];
	if (width > SPARK_X && n)
		ui_text(y, SPARK_X, width - SPARK_X, crt_attr(behind > 0 ? CLR_WARN : CLR_DIM),
			sparkline_text(series, (size_t)n, (size_t)(width - SPARK_X - 1), crt.utf8, spark,
				       sizeof(spark)));
}

static int health_attr(enum health_status s)
{
	return crt_attr(s == HEALTH_OK ? CLR_GOOD : s == HEALTH_WARN ? CLR_WARN : CLR_ERROR);
}

/* The health line: the verdict first (with the rule that fired, when not OK), then total
 * lag, its age, the catch-up estimate and the age of this member's last commit. */
static void draw_totals(struct ui *ui, int y, int width)
{
	const struct frame *f = &ui->frame;
	int64_t oldest = 0;
	enum timelag_result worst = TIMELAG_EXACT;
	for (int i = 0; i < f->part_count; i++) {
		if (!f->parts[i].assigned)
			continue;
		enum timelag_result r = f->time_lags[i].result;
		int64_t age = f->time_lags[i].age_ms;
		if (r == TIMELAG_UNKNOWN && worst == TIMELAG_EXACT)
			worst = TIMELAG_UNKNOWN;
		else if (r != TIMELAG_UNKNOWN && age >= oldest) {
			oldest = age;
			worst = r == TIMELAG_AT_LEAST ? r : worst;
		}
	}
	char tl[24], eta[32], commit[16];
	time_lag_text(tl, sizeof(tl), worst, oldest);
	double consume = lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_CONSUMED);
	double produce = lagwatch_rate(&ui->watch, RATE_WINDOW_S, RATE_DELIVERED);
	double seconds = catch_up_seconds(f->totals.position_lag, consume, produce);
	if (seconds < 0)
		snprintf(eta, sizeof(eta), "falling behind");
	else if (seconds == 0)
		snprintf(eta, sizeof(eta), "caught up");
	else {
		char d[16];
		fmt_duration_ms(d, sizeof(d), seconds * 1000);
		snprintf(eta, sizeof(eta), "catch-up %s", d);
	}
	int64_t last_commit = f->counters.last_commit_ms;
	fmt_duration_ms(commit, sizeof(commit), (double)(last_commit ? f->now_ms - last_commit : -1));
	const struct health *h = &f->health;
	int x = ui_printf(y, 0, width, health_attr(h->status) | A_BOLD, " %s", health_status_name(h->status));
	if (h->status != HEALTH_OK) {
		char where[16] = "";
		if (h->partition >= 0)
			snprintf(where, sizeof(where), " p%d", (int)h->partition);
		x += ui_printf(y, x, width - x, health_attr(h->status), "%s: %s |", where, h->reason);
	}
	bool stale = false;
	for (int i = 0; i < f->part_count; i++)
		stale |= f->parts[i].stale;
	x += ui_printf(y, x, width - x, A_BOLD, " lag %s%lld  behind %lld", stale ? "~" : "",
		       (long long)f->totals.committed_lag, (long long)f->totals.position_lag);
	ui_printf(y, x, width - x, crt_attr(CLR_NORMAL), "  time lag %s  %s  %s  commit %s ago", tl,
		  lag_trend_name(lagwatch_trend(&ui->watch, 10)), eta, commit);
}

void ui_partitions_draw(struct ui *ui, int y, int height, int width)
{
	const struct frame *f = &ui->frame;
	int rows = height - 3;
	ui->page[FOCUS_PARTITIONS] = rows;
	int max_scroll = f->part_count - rows > 0 ? f->part_count - rows : 0;
	int *scroll = &ui->scroll[FOCUS_PARTITIONS];
	*scroll = *scroll > max_scroll ? max_scroll : *scroll;
	ui_title(y, width, ui->focus == FOCUS_PARTITIONS,
		 " Partitions  %d assigned of %d  group %s  lag = high watermark - committed  ~ older than %ds%s",
		 f->totals.assigned, f->settings.partitions, ui->pipe->opt->group,
		 OFFSETWATCH_STALE_MS / 1000, max_scroll ? "  (more: Tab, j/k)" : "");
	ui_printf(y + 1, 0, width, crt_attr(CLR_DIM) | A_BOLD, " %3s %-6s %4s %9s %9s %9s %9s %8s %7s %-5s %s",
		  "P", "Owner", "Ldr", "LogStart", "HighWM", "Committed", "Position", "Lag", "TimeLag",
		  "ISR", "Lag, last minute");
	if (f->part_count == 0)
		ui_text(y + 2, 1, width - 1, crt_attr(CLR_DIM), "waiting for the group to assign partitions...");
	for (int i = 0; i < rows && *scroll + i < f->part_count; i++)
		draw_partition(ui, *scroll + i, y + 2 + i, width);
	draw_totals(ui, y + height - 1, width);
}
