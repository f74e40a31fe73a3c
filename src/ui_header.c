/* ui_header.c: the two header lines — cluster, topic, settings, simulated date, state. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "date.h"
#include "ui.h"

#define DATE_COLS 12 /* " YYYY-MM-DD " */

/* The producer's state and settings, after its date. */
static void draw_producer_settings(struct ui *ui, int y, int width)
{
	const struct settings *set = &ui->frame.settings;
	bool paused = set->paused;
	bool done = ui->frame.counters.producer_done;
	const char *state = paused ? "PAUSED" : done ? "DONE" : "RUNNING";
	int x = DATE_COLS;
	ui_printf(y, x, width - x, crt_attr(paused ? CLR_WARN : done ? CLR_DIM : CLR_GOOD), "%-7s", state);
	x += 8;
	struct ui_line l;
	ui_line_start(&l);
	ui_line_add(&l, 1, A_NORMAL, "day %dms  ", set->delay_ms);
	ui_line_add(&l, UI_LINE_MUST, A_NORMAL, "topic %s (%dp)  ", ui->frame.topic, set->partitions);
	/* the producer client's own, once there is one: -X or the config file may have had the
	 * last word over kticker's setting */
	int acks = set->built_acks >= 0 ? set->built_acks : set->acks;
	bool idempotence = set->built_idempotence >= 0 ? set->built_idempotence : set->idempotence;
	ui_line_add(&l, 2, A_NORMAL, "acks=%s  ", acks_name(acks));
	ui_line_add(&l, 2, A_NORMAL, "idempotence %s", idempotence ? "on" : "off");
	ui_line_draw(&l, y, x, width - x);
}

/* Everything the producer line shows after its date, which changes each simulated day (each
 * frame at speed): the rest is put back from the kept row while these are the same. */
struct producer_settings_inputs {
	bool paused, done, idempotence;
	int delay_ms, partitions, acks, width;
	char topic[TOPIC_NAME_MAX + 1];
};

static void producer_settings_inputs_of(const struct ui *ui, int width, struct producer_settings_inputs *in)
{
	const struct settings *set = &ui->frame.settings;
	memset(in, 0, sizeof(*in)); /* padding too: inputs are compared whole */
	in->paused = set->paused;
	in->done = ui->frame.counters.producer_done;
	in->idempotence = set->built_idempotence >= 0 ? set->built_idempotence : set->idempotence;
	in->delay_ms = set->delay_ms;
	in->partitions = set->partitions;
	in->acks = set->built_acks >= 0 ? set->built_acks : set->acks;
	in->width = width;
	memcpy(in->topic, ui->frame.topic, sizeof(in->topic));
}

/* The producer's side: the simulated date, its state and its settings. */
static void draw_producer_state(struct ui *ui, int y, int width)
{
	static struct ui_row_memo kept = { .key_size = sizeof(struct producer_settings_inputs) };
	struct producer_settings_inputs in;
	producer_settings_inputs_of(ui, width, &in);
	if (!ui_memo_put(&kept, 0, y, &in)) {
		draw_producer_settings(ui, y, width);
		ui_memo_keep(&kept, 0, y, &in); /* kept without the date: it is drawn on each frame */
	}
	char date[DATE_TEXT_LEN] = "----------";
	int32_t d = ui->frame.counters.producing_date;
	if (d)
		date_format(d, date);
	ui_printf(y, 0, width, A_BOLD, " %s ", date);
}

/* A consumer alone: the latest date read, the topic and the group, no producer settings. */
static void draw_consumer_state(struct ui *ui, int y, int width)
{
	char date[DATE_TEXT_LEN] = "----------";
	if (ui->frame.latest_date)
		date_format(ui->frame.latest_date, date);
	int x = ui_printf(y, 0, width, A_BOLD, " %s ", date);
	x += ui_printf(y, x, width - x, crt_attr(CLR_GOOD), "READING ");
	ui_printf(y, x, width - x, A_NORMAL, "topic %s (%dp)  group %s", ui->frame.topic,
		  ui->frame.topic_partitions, ui->pipe->opt->group);
}

/* The bootstrap list, or where it does not fit, its first address and how many more. */
static void bootstrap_text(const char *bootstrap, int room, char *out, size_t size)
{
	size_t first = strcspn(bootstrap, ",");
	if ((int)strlen(bootstrap) <= room || !bootstrap[first]) {
		snprintf(out, size, "%s", bootstrap);
		return;
	}
	int more = 0;
	for (const char *s = bootstrap + first; *s; s++)
		more += *s == ',';
	snprintf(out, size, "%.*s +%d", (int)first, bootstrap, more);
}

/* The cluster line: the cluster, its brokers and those down, and kticker's role. */
static void draw_cluster_line(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	const struct cluster *c = &p->cluster;
	int title = crt_attr(CLR_TITLE);
	ui_fill(y, 0, width, title);
	char lead[64], role[32] = "", down[64] = "", down_text[80] = "", boot[256];
	snprintf(lead, sizeof(lead), " kticker  %s %d broker%s ", c->embedded ? "embedded" : "cluster",
		 c->broker_count, c->broker_count == 1 ? "" : "s");
	if (p->opt->role != ROLE_BOTH)
		snprintf(role, sizeof(role), "  role %s", role_names[p->opt->role]);
	size_t used = 0;
	for (int b = 1; b <= c->broker_count && b <= FAULT_BROKERS_MAX && used < sizeof(down) - 4; b++)
		if (p->faults.down[b])
			used += (size_t)snprintf(down + used, sizeof(down) - used, "%s%d", used ? "," : "", b);
	if (used)
		snprintf(down_text, sizeof(down_text), "  DOWN: broker %s", down);
	bootstrap_text(c->bootstrap, width - (int)(strlen(lead) + strlen(role) + strlen(down_text)),
		       boot, sizeof(boot));
	int x = ui_printf(y, 0, width, title | A_BOLD, "%s%s%s", lead, boot, role);
	ui_text(y, x, width - x, crt_attr(CLR_ERROR) | A_BOLD, down_text);
}

/* Everything the cluster line shows. It nearly never changes: the row is put back from the
 * kept one while these are the same, not formatted again (five snprintf calls) each frame. */
struct cluster_line_inputs {
	bool embedded, down[FAULT_BROKERS_MAX + 1];
	int broker_count, role, width;
	char bootstrap[256];
};

/* false when the bootstrap list is too long to compare here: the line is drawn each frame */
static bool cluster_line_inputs_of(const struct pipeline *p, int width, struct cluster_line_inputs *in)
{
	memset(in, 0, sizeof(*in)); /* padding too: inputs are compared whole */
	if (strlen(p->cluster.bootstrap) >= sizeof(in->bootstrap))
		return false;
	in->embedded = p->cluster.embedded;
	memcpy(in->down, p->faults.down, sizeof(in->down));
	in->broker_count = p->cluster.broker_count;
	in->role = (int)p->opt->role;
	in->width = width;
	strcpy(in->bootstrap, p->cluster.bootstrap);
	return true;
}

static void show_cluster_line(struct ui *ui, int y, int width)
{
	static struct ui_row_memo kept = { .key_size = sizeof(struct cluster_line_inputs) };
	struct cluster_line_inputs in;
	bool keepable = cluster_line_inputs_of(ui->pipe, width, &in);
	if (keepable && ui_memo_put(&kept, 0, y, &in))
		return;
	draw_cluster_line(ui, y, width);
	if (keepable)
		ui_memo_keep(&kept, 0, y, &in);
}

void ui_header_draw(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	show_cluster_line(ui, y, width);
	if (options_has_producer(p->opt))
		draw_producer_state(ui, y + 1, width);
	else
		draw_consumer_state(ui, y + 1, width);
}
