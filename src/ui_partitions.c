/* ui_partitions.c: partitions, offsets and lag — per partition, in total and over time. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "format.h"
#include "numtext.h"
#include "sparkline.h"
#include "textcols.h"
#include "ui.h"
#include "util.h"

static void offset_text(char *out, size_t size, int64_t offset)
{
	if (offset < 0)
		snprintf(out, size, "-");
	else
		numtext_int(out, size, offset);
}

/* A time lag, with a ~ in front when it was measured against offsets the cluster has not
 * confirmed for a while (0 "nothing left to read" as of the last high watermark read), and a >
 * when it is a lower bound. */
static void time_lag_text(char *out, size_t size, enum timelag_result r, int64_t age, bool stale)
{
	if (r == TIMELAG_UNKNOWN || size < 3) {
		snprintf(out, size, "?");
		return;
	}
	size_t marks = 0;
	if (stale)
		out[marks++] = '~';
	if (r == TIMELAG_AT_LEAST)
		out[marks++] = '>';
	fmt_duration_ms(out + marks, size - marks, (double)age);
}

/* An offset, with a ~ in front when the cluster has not confirmed it for a while. */
static void offset_text_aged(char *out, size_t size, int64_t offset, bool stale)
{
	if (offset < 0 || !stale)
		offset_text(out, size, offset);
	else if (size > 1) {
		out[0] = '~';
		numtext_int(out + 1, size - 1, offset);
	}
}

/* How far behind a row is, as its Lag column says: -1 when unknown. */
static int64_t row_lag(const struct partition_offsets *p)
{
	return p->committed >= 0 ? lag_behind(p->high_watermark, p->log_start, p->committed) : -1;
}

#define EPOCH_X 81 /* the leader epoch column, on screens wide enough for it and a sparkline */
#define ISR_WIDTH 6 /* "1,2,3" and its ~ */
#define SPARK_X 86 /* where a row's lag sparkline starts, after the ISR and epoch columns */

/* The in-sync replicas, with a ~ in front when the metadata that named them is old. Broker
 * ids above 9 make the count, rather than a cut list. */
static void isr_text_aged(char *out, size_t size, unsigned isr, bool stale)
{
	if (size < 2)
		return;
	/* written in place, not with snprintf: two calls a changed row were 4 % of a frame */
	size_t marks = stale && isr;
	if (marks)
		out[0] = '~';
	isr_text(out + marks, size - marks, isr);
	if (strlen(out + marks) > 5) {
		int n = numtext_int(out + marks, size - marks, __builtin_popcount(isr));
		copy_str(out + marks + n, size - marks - (size_t)n, " in");
	}
}

/* A partition's lag in each sample that has the partition, oldest first; returns how many. */
static int lag_series(const struct lagwatch *w, int32_t partition, double *series)
{
	int n = 0;
	for (int i = 0; i < w->count; i++) {
		const struct lag_sample *s = lagwatch_at(w, i);
		if (partition < 0 || partition >= s->part_count)
			continue;
		int64_t lag = s->part_lag[partition];
		series[n++] = lag == LAG_SAMPLE_STALE ? NAN : (double)(lag > 0 ? lag : 0);
	}
	return n;
}

/* The largest lag any partition has in the samples its sparkline of width cells shows: what
 * every row's sparkline stands against, from 0, so that the rows compare (as the map's shapes
 * do) and a lag of 1 is not a full block beside a lag of 1000. Found again with each sample or
 * at a new width. */
static int64_t lag_sparks_top(const struct lagwatch *w, int width)
{
	static uint64_t serial;
	static int kept_width = -1;
	static int64_t top;
	if (serial == w->serial && kept_width == width)
		return top;
	int partitions = 0;
	for (int i = 0; i < w->count; i++) {
		int count = lagwatch_at(w, i)->part_count;
		partitions = count > partitions ? count : partitions;
	}
	top = 0;
	for (int32_t p = 0; p < partitions; p++) {
		double series[LAGWATCH_SECONDS];
		int n = lag_series(w, p, series);
		for (int i = n > width ? n - width : 0; i < n; i++)
			top = series[i] > (double)top ? (int64_t)series[i] : top;
	}
	serial = w->serial;
	kept_width = width;
	return top;
}

#define LAG_SPARK_STALE (-1) /* a level: the second's lag was not known (a stale reading) */

/* A partition's lag over the last minute as sparkline levels, against lag_sparks_top, a stale
 * second's LAG_SPARK_STALE; returns how many. */
static int lag_spark_make(const struct lagwatch *w, int32_t partition, int width, int *levels)
{
	double series[LAGWATCH_SECONDS];
	int n = lag_series(w, partition, series);
	int shown = (int)sparkline_levels_from_zero(series, (size_t)n, (size_t)width,
						    (double)lag_sparks_top(w, width), levels);
	for (int i = 0; i < shown; i++)
		if (isnan(series[n - shown + i]))
			levels[i] = LAG_SPARK_STALE;
	return shown;
}

/* A lag sparkline's cells, a stale second's as a dim ~ (the Lag column's mark). */
static void draw_lag_spark(int y, int x, int width, int attr, const int *levels, int n)
{
	for (int i = 0; i < n && i < width;) {
		int run = i;
		bool stale = levels[i] == LAG_SPARK_STALE;
		while (run < n && run < width && (levels[run] == LAG_SPARK_STALE) == stale)
			run++;
		if (stale) {
			char marks[LAGWATCH_SECONDS + 1];
			memset(marks, '~', (size_t)(run - i));
			marks[run - i] = '\0';
			ui_text(y, x + i, run - i, crt_attr(CLR_DIM), marks);
		} else
			ui_sparkline(y, x + i, width - i, attr, levels + i, run - i);
		i = run;
	}
}

/* A lag sparkline changes only with a new sample of the lag watch, once a second: each
 * partition's is kept, and made again only then or at a new width. Made again, it is most
 * often the same (a partition whose lag stays 0 or level): when it last came out different
 * is what its row's memo compares, so a row is not drawn again each second for it. */
struct lag_spark {
	uint64_t serial;         /* the lag watch's when made */
	uint64_t changed_serial; /* the lag watch's when it last came out different */
	int width, n;
	int levels[LAGWATCH_SECONDS];
};

static struct lag_spark kept_sparks[PARTITIONS_MAX];
static struct lag_spark unkept_spark; /* a partition number beyond PARTITIONS_MAX: made each time */

/* A partition's lag sparkline in width columns, kept until the next sample or a new width. */
static const struct lag_spark *lag_spark(const struct lagwatch *w, int32_t partition, int width)
{
	bool keepable = partition >= 0 && partition < PARTITIONS_MAX;
	struct lag_spark *k = keepable ? &kept_sparks[partition] : &unkept_spark;
	if (keepable && k->serial == w->serial && k->width == width)
		return k;
	int levels[LAGWATCH_SECONDS];
	int n = lag_spark_make(w, partition, width, levels);
	if (!keepable || n != k->n || width != k->width ||
	    memcmp(levels, k->levels, (size_t)n * sizeof(*levels)) != 0) {
		memcpy(k->levels, levels, (size_t)n * sizeof(*levels));
		k->n = n;
		k->width = width;
		k->changed_serial = w->serial;
	}
	k->serial = w->serial;
	return k;
}

static void draw_partition(struct ui *ui, int row, int y, int width)
{
	const struct partition_offsets *p = &ui->frame.parts[row];
	char start[24], hw[24], committed[24], position[24], lag[24], tl[24];
	offset_text_aged(start, sizeof(start), p->log_start, p->ends_stale);
	offset_text_aged(hw, sizeof(hw), p->high_watermark, p->ends_stale);
	offset_text_aged(committed, sizeof(committed), p->committed, p->committed_stale);
	offset_text(position, sizeof(position), p->position);
	int64_t behind = row_lag(p);
	offset_text_aged(lag, sizeof(lag), behind, p->stale);
	const struct row_time_lag *age = &ui->frame.time_lags[row];
	time_lag_text(tl, sizeof(tl), age->result, age->age_ms, p->stale);
	bool old_leadership = ui->frame.leadership_stale;
	char ldr[16], isr[48];
	offset_text_aged(ldr, sizeof(ldr), ui->frame.leaders[row], old_leadership);
	isr_text_aged(isr, sizeof(isr), ui->frame.isr[row], old_leadership);
	int attr = p->stale ? crt_attr(CLR_WARN) : p->assigned ? crt_attr(CLR_NORMAL) : crt_attr(CLR_DIM);
	/* "%c%3d %-6.6s %4s %9s %9s %9s %9s %8s %7s %-6.6s"; the ISR last: the columns before it
	 * stay where readers (and tests) find them */
	char number[24];
	numtext_int(number, sizeof(number), p->partition);
	struct textcols line;
	textcols_start(&line);
	textcols_add(&line, p->assigned ? "*" : " ");
	textcols_right(&line, number, 3);
	textcols_add(&line, " ");
	textcols_left(&line, p->owner[0] ? p->owner : "?", 6, 6);
	const char *figures[] = { ldr, start, hw, committed, position, lag, tl };
	static const int figure_widths[] = { 4, 9, 9, 9, 9, 8, 7 };
	for (size_t i = 0; i < ARRAY_LEN(figures); i++) {
		textcols_add(&line, " ");
		textcols_figure(&line, figures[i], figure_widths[i]);
	}
	textcols_add(&line, " ");
	textcols_left(&line, isr, ISR_WIDTH, ISR_WIDTH);
	ui_text(y, 0, width, attr, line.text);
	if (width > SPARK_X) {
		char epoch[16];
		offset_text_aged(epoch, sizeof(epoch), ui->frame.epochs[row], old_leadership);
		textcols_start(&line);
		textcols_right(&line, epoch, 4);
		ui_text(y, EPOCH_X, width - EPOCH_X, attr, line.text);
	}
	if (width > SPARK_X) {
		const struct lag_spark *spark = lag_spark(&ui->watch, p->partition, width - SPARK_X - 1);
		if (spark->n)
			draw_lag_spark(y, SPARK_X, width - SPARK_X, crt_attr(behind > 0 ? CLR_WARN : CLR_DIM),
				       spark->levels, spark->n);
	}
}

/* Everything a partition row shows. A row whose inputs are those the row kept at its place
 * was drawn from is put back from the kept cells, not drawn again: at 64 partitions and ~1 k
 * ticks/s about half the rows are the same from one frame to the next (all of them on a quiet
 * topic). What changes with time alone is in the inputs too: the stale flag behind the ~ and
 * the time lag's age are the frame's figures, and for the sparkline the lag watch's serial
 * when it last came out different (lag_spark). */
struct row_inputs {
	int32_t partition, leader, epoch;
	unsigned isr;
	bool assigned, stale, ends_stale, committed_stale, leadership_stale;
	char owner[OWNER_NAME_MAX];
	int64_t log_start, high_watermark, committed, position, time_lag_ms;
	enum timelag_result time_lag;
	uint64_t spark_serial;
	int width;
};

static void row_inputs_of(const struct ui *ui, int row, int width, struct row_inputs *in)
{
	const struct frame *f = &ui->frame;
	const struct partition_offsets *p = &f->parts[row];
	memset(in, 0, sizeof(*in)); /* padding too: inputs are compared whole */
	in->partition = p->partition;
	in->leader = f->leaders[row];
	in->epoch = f->epochs[row];
	in->isr = f->isr[row];
	in->assigned = p->assigned;
	in->stale = p->stale;
	in->ends_stale = p->ends_stale;
	in->committed_stale = p->committed_stale;
	in->leadership_stale = f->leadership_stale;
	memcpy(in->owner, p->owner, sizeof(in->owner));
	in->log_start = p->log_start;
	in->high_watermark = p->high_watermark;
	in->committed = p->committed;
	in->position = p->position;
	in->time_lag = f->time_lags[row].result;
	in->time_lag_ms = f->time_lags[row].age_ms;
	if (width > SPARK_X)
		in->spark_serial = lag_spark(&ui->watch, p->partition, width - SPARK_X - 1)->changed_serial;
	in->width = width;
}

/* Partition row `row` at the panel's place i, screen row y. */
static void show_partition(struct ui *ui, int row, int i, int y, int width)
{
	static struct ui_row_memo kept = { .key_size = sizeof(struct row_inputs) };
	struct row_inputs in;
	row_inputs_of(ui, row, width, &in);
	if (ui_memo_put(&kept, i, y, &in))
		return;
	draw_partition(ui, row, y, width);
	ui_memo_keep(&kept, i, y, &in);
}

/* Exact below a million, as kafka-consumer-groups says it; abbreviated above, to fit. */
static void big_count_text(char *out, size_t size, int64_t n)
{
	if (n < 1000000)
		numtext_int(out, size, n);
	else
		fmt_count(out, size, (double)n);
}

static int health_attr(enum health_status s)
{
	return crt_attr(s == HEALTH_OK ? CLR_GOOD : s == HEALTH_WARN ? CLR_WARN : CLR_ERROR);
}

/* The largest time lag of the partitions this member holds: unknown when it holds none; ~
 * when one of them was measured against old readings. */
static void worst_time_lag(const struct frame *f, char *out, size_t size)
{
	int64_t oldest = 0;
	enum timelag_result worst = f->totals.assigned ? TIMELAG_EXACT : TIMELAG_UNKNOWN;
	bool stale = false;
	for (int i = 0; i < f->part_count; i++) {
		if (!f->parts[i].assigned)
			continue;
		stale |= f->parts[i].stale;
		enum timelag_result r = f->time_lags[i].result;
		int64_t age = f->time_lags[i].age_ms;
		if (r == TIMELAG_UNKNOWN && worst == TIMELAG_EXACT)
			worst = TIMELAG_UNKNOWN;
		else if (r != TIMELAG_UNKNOWN && age >= oldest) {
			oldest = age;
			worst = r == TIMELAG_AT_LEAST ? r : worst;
		}
	}
	time_lag_text(out, size, worst, oldest, stale);
}

#define CATCH_UP_WINDOW_S 5 /* long enough that a fetch batch is not a change of pace */

static void catch_up_text(const struct ui *ui, char *out, size_t size)
{
	double seconds = 0;
	char d[16];
	/* the lag watch's latest sample may be of the second before this member let go */
	enum catch_up c = CATCH_UP_UNKNOWN;
	/* measured against high watermarks: old ones tell neither "caught up" nor a pace */
	if (ui->frame.totals.assigned && !ui->frame.totals.position_stale)
		c = lagwatch_catch_up(&ui->watch, CATCH_UP_WINDOW_S, ui->frame.totals.position_lag, &seconds);
	switch (c) {
	case CATCH_UP_DONE: snprintf(out, size, "caught up"); return;
	case CATCH_UP_KEEPING: snprintf(out, size, "keeping up"); return;
	case CATCH_UP_FALLING: snprintf(out, size, "falling behind"); return;
	case CATCH_UP_STALLED: snprintf(out, size, "not reading"); return;
	case CATCH_UP_UNKNOWN: snprintf(out, size, "catch-up ?"); return;
	case CATCH_UP_ETA:
		fmt_duration_ms(d, sizeof(d), seconds * 1000);
		snprintf(out, size, "catch-up %s", d);
		return;
	}
}

/* The health line: the verdict first (with the rule that fired, when not OK), then total
 * lag, this member's time lag, the catch-up estimate and the age of this member's last
 * commit ("no commit yet" before its first on the topic shown). What this
 * member has not read ("behind", time lag, trend, catch-up) is unknown while it holds no
 * partition; the group's committed lag is the offset watcher's, known all the same. */
static void draw_totals(struct ui *ui, int y, int width)
{
	const struct frame *f = &ui->frame;
	char tl[24], eta[32], commit[16];
	worst_time_lag(f, tl, sizeof(tl));
	catch_up_text(ui, eta, sizeof(eta));
	int64_t last_commit = f->counters.last_commit_ms;
	if (last_commit)
		fmt_duration_ms(commit, sizeof(commit), (double)(f->now_ms - last_commit));
	const struct health *h = &f->health;
	struct ui_line l;
	ui_line_start(&l);
	ui_line_add(&l, UI_LINE_MUST, health_attr(h->status) | A_BOLD, " %s", health_status_name(h->status));
	if (h->status != HEALTH_OK) {
		char where[16] = "";
		if (h->partition >= 0)
			snprintf(where, sizeof(where), " p%d", (int)h->partition);
		ui_line_add(&l, UI_LINE_MUST, health_attr(h->status), "%s: %s |", where, h->reason);
		ui_line_brief(&l, "%s: %s |", where, h->brief);
	}
	bool stale = f->totals.stale > 0;
	char lag[24], behind[24];
	if (f->totals.committed_rows)
		big_count_text(lag, sizeof(lag), f->totals.committed_lag);
	else
		snprintf(lag, sizeof(lag), "-"); /* nothing committed: as the rows, and kafka-consumer-groups */
	if (f->totals.assigned)
		big_count_text(behind, sizeof(behind), f->totals.position_lag);
	else
		snprintf(behind, sizeof(behind), "-");
	ui_line_add(&l, UI_LINE_MUST, A_BOLD, " lag %s%s  behind %s%s", stale ? "~" : "", lag,
		    f->totals.position_stale ? "~" : "", behind);
	int normal = crt_attr(CLR_NORMAL);
	/* this member's, as "behind": the rows of partitions it does not hold give the group's,
	 * from the committed offset, and those are left out (with none held it is "?" while
	 * the rows may show an age) */
	ui_line_add(&l, 2, normal, "  my time lag %s", tl);
	enum lag_trend trend = f->totals.assigned && !f->totals.position_stale ? lagwatch_trend(&ui->watch, 10)
										: TREND_UNKNOWN;
	ui_line_add(&l, 0, normal, "  %s", lag_trend_name(trend));
	ui_line_add(&l, 1, normal, "  %s", eta);
	if (last_commit)
		ui_line_add(&l, 1, normal, "  commit %s ago", commit);
	else /* nothing committed by this member on the topic shown yet */
		ui_line_add(&l, 1, normal, "  no commit yet");
	ui_line_draw(&l, y, 0, width);
}

/* Whether a verdict other than OK was reached by this partition's rule. */
static bool names(const struct health *h, int32_t partition)
{
	return h->status != HEALTH_OK && h->partition == partition;
}

/* The partition the health verdict names first, then stale readings, then the most lag. */
static int compare_rows(const struct frame *f, int a, int b)
{
	const struct partition_offsets *x = &f->parts[a], *y = &f->parts[b];
	bool xh = names(&f->health, x->partition), yh = names(&f->health, y->partition);
	if (xh != yh)
		return xh ? -1 : 1;
	if (x->stale != y->stale)
		return x->stale ? -1 : 1;
	int64_t lx = row_lag(x), ly = row_lag(y);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return x->partition - y->partition;
}

/* The first `want` rows: in partition order when they all fit, else the ones that matter
 * first. Only those are ranked, by insertion into the few kept: at 1000 partitions most
 * rows are passed over with one comparison, where sorting them all took ~10 000 a frame. */
static void rank_rows(const struct frame *f, bool all_fit, int want, int *order)
{
	if (all_fit) {
		for (int i = 0; i < f->part_count; i++)
			order[i] = i;
		return;
	}
	int kept = 0;
	for (int row = 0; row < f->part_count && want > 0; row++) {
		if (kept == want && compare_rows(f, row, order[kept - 1]) >= 0)
			continue;
		int at = kept < want ? kept++ : want - 1;
		for (; at > 0 && compare_rows(f, row, order[at - 1]) < 0; at--)
			order[at] = order[at - 1];
		order[at] = row;
	}
}

/* One cell per partition, or per group of neighbours when there are more than columns: the
 * worst of the group decides its shape (lag against the largest lag) and its colour. */
static void draw_map(const struct frame *f, int y, int width)
{
	int x = ui_printf(y, 0, width, crt_attr(CLR_DIM), " map p0 ");
	char last[16];
	int last_len = snprintf(last, sizeof(last), " p%d", f->part_count - 1);
	int cells = width - x - last_len - 1;
	if (cells <= 0 || f->part_count == 0)
		return;
	cells = cells > f->part_count ? f->part_count : cells;
	int64_t max_lag = 1;
	for (int i = 0; i < f->part_count; i++)
		max_lag = row_lag(&f->parts[i]) > max_lag ? row_lag(&f->parts[i]) : max_lag;
	static const char *const utf8_shapes[] = { "·", "▂", "▄", "█" };
	static const char *const ascii_shapes[] = { ".", "-", "=", "#" };
	for (int c = 0; c < cells; c++) {
		int from = (int)((int64_t)c * f->part_count / cells);
		int to = (int)((int64_t)(c + 1) * f->part_count / cells);
		int level = 0;
		bool named = false, stale = false;
		for (int i = from; i < to; i++) {
			int64_t lag = row_lag(&f->parts[i]);
			int l = lag <= 0 ? 0 : lag * 3 <= max_lag ? 1 : lag * 3 <= 2 * max_lag ? 2 : 3;
			level = l > level ? l : level;
			named |= names(&f->health, f->parts[i].partition);
			stale |= f->parts[i].stale;
		}
		int attr = crt_attr(named ? CLR_ERROR : stale || level ? CLR_WARN : CLR_GOOD);
		const char *shape = stale && !level ? "~" : (crt.utf8 ? utf8_shapes : ascii_shapes)[level];
		ui_text(y, x + c, 1, attr, shape);
	}
	ui_text(y, x + cells, width - x - cells, crt_attr(CLR_DIM), last);
}

/* The title: what is shown, and when not all rows fit, how the rest stand. */
static void draw_title(struct ui *ui, int y, int width, bool all_fit)
{
	const struct frame *f = &ui->frame;
	int lagging = 0, stale = 0;
	for (int i = 0; i < f->part_count; i++) {
		lagging += row_lag(&f->parts[i]) > 0;
		stale += f->parts[i].stale;
	}
	char title[256];
	int len = snprintf(title, sizeof(title), " Partitions  %d assigned of %d", f->totals.assigned,
			   f->topic_partitions);
	if (!all_fit)
		len += snprintf(title + len, sizeof(title) - (size_t)len,
				"  %d lagging, %d stale: worst first", lagging, stale);
	len += snprintf(title + len, sizeof(title) - (size_t)len, "  group %s", ui->pipe->opt->group);
	/* the legend only where it fits whole */
	char legend[96];
	snprintf(legend, sizeof(legend), "  lag = high watermark - committed  ~ older than %ds",
		 OFFSETWATCH_STALE_MS / 1000);
	if (len + (int)strlen(legend) <= width)
		snprintf(title + len, sizeof(title) - (size_t)len, "%s", legend);
	ui_title(y, width, ui->focus == FOCUS_PARTITIONS, "%s", title);
}

/* The columns' titles, with the epoch's on a screen wide enough for it and the sparklines:
 * laid out once each, not by printf every frame. */
static const char *column_titles(bool wide)
{
	static char titles[2][128];
	char *t = titles[wide];
	if (!t[0])
		snprintf(t, sizeof(titles[wide]), " %3s %-6s %4s %9s %9s %9s %9s %8s %7s %-*s %s", "P",
			 "Owner", "Ldr", "LogStart", "HighWM", "Committed", "Position", "Lag", "TimeLag",
			 ISR_WIDTH, "ISR", wide ? "  Ep" : "");
	return t;
}

/* The sparklines' title: the lag their tops stand for and the seconds they span, "Lag 0-120,
 * last 33s" (shorter where that does not fit); the minute's before a sample comes. */
static void draw_sparks_title(const struct lagwatch *w, int y, int width, int attr)
{
	int cells = width - SPARK_X - 1;
	char top[24], title[64];
	if (!w->count) {
		ui_text(y, SPARK_X, width - SPARK_X, attr, "Lag, last minute");
		return;
	}
	big_count_text(top, sizeof(top), lag_sparks_top(w, cells));
	int seconds = w->count < cells ? w->count : cells;
	int len = snprintf(title, sizeof(title), "Lag 0-%s, last %ds", top, seconds);
	if (len > width - SPARK_X)
		snprintf(title, sizeof(title), "Lag 0-%s %ds", top, seconds);
	ui_text(y, SPARK_X, width - SPARK_X, attr, title);
}

void ui_partitions_draw(struct ui *ui, int y, int height, int width)
{
	const struct frame *f = &ui->frame;
	bool all_fit = f->part_count <= height - 3;
	int rows = all_fit ? height - 3 : height - 4; /* the map takes a row when not all fit */
	ui->page[FOCUS_PARTITIONS] = rows;
	int max_scroll = f->part_count - rows > 0 ? f->part_count - rows : 0;
	int *scroll = &ui->scroll[FOCUS_PARTITIONS];
	*scroll = *scroll > max_scroll ? max_scroll : *scroll;
	draw_title(ui, y, width, all_fit);
	ui_text(y + 1, 0, width, crt_attr(CLR_DIM) | A_BOLD, column_titles(width > SPARK_X));
	if (width > SPARK_X)
		draw_sparks_title(&ui->watch, y + 1, width, crt_attr(CLR_DIM) | A_BOLD);
	if (f->part_count == 0)
		ui_text(y + 2, 1, width - 1, crt_attr(CLR_DIM), "waiting for the group to assign partitions...");
	static int order[PARTITIONS_MAX];
	int shown = *scroll + rows < f->part_count ? *scroll + rows : f->part_count;
	rank_rows(f, all_fit, shown, order);
	for (int i = 0; *scroll + i < shown; i++)
		show_partition(ui, order[*scroll + i], i, y + 2 + i, width);
	if (!all_fit)
		draw_map(f, y + height - 2, width);
	draw_totals(ui, y + height - 1, width);
}
