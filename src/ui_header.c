/* ui_header.c: the two header lines — cluster, topic, settings, simulated date, state. */
#include <curses.h>
#include <stdio.h>

#include "crt.h"
#include "date.h"
#include "ui.h"

/* The producer's side: the simulated date, its state and its settings. */
static void draw_producer_state(struct ui *ui, int y, int width)
{
	const struct settings *set = &ui->frame.settings;
	char date[DATE_TEXT_LEN] = "----------";
	int32_t d = ui->frame.counters.producing_date;
	if (d)
		date_format(d, date);
	bool paused = set->paused;
	bool done = ui->frame.counters.producer_done;
	const char *state = paused ? "PAUSED" : done ? "DONE" : "RUNNING";
	int x = 0;
	ui_printf(y, x, width, A_BOLD, " %s ", date);
	x += 12;
	ui_printf(y, x, width - x, crt_attr(paused ? CLR_WARN : done ? CLR_DIM : CLR_GOOD), "%-7s", state);
	x += 8;
	ui_printf(y, x, width - x, A_NORMAL, "day %dms  topic %s (%dp)  acks=%s  idempotence %s",
		  set->delay_ms, ui->frame.topic, set->partitions, acks_name(set->acks),
		  set->idempotence ? "on" : "off");
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
		  ui->frame.settings.partitions, ui->pipe->opt->group);
}

void ui_header_draw(struct ui *ui, int y, int width)
{
	struct pipeline *p = ui->pipe;
	const struct cluster *c = &p->cluster;
	int title = crt_attr(CLR_TITLE);
	ui_fill(y, 0, width, title);
	int x = ui_printf(y, 0, width, title | A_BOLD, " kticker  %s %d broker%s %s",
			  c->embedded ? "embedded" : "cluster", c->broker_count,
			  c->broker_count == 1 ? "" : "s", c->bootstrap);
	if (p->opt->role != ROLE_BOTH)
		x += ui_printf(y, x, width - x, title | A_BOLD, "  role %s", role_names[p->opt->role]);
	char down[64] = "";
	size_t used = 0;
	for (int b = 1; b <= c->broker_count && b <= FAULT_BROKERS_MAX && used < sizeof(down) - 4; b++)
		if (p->faults.down[b])
			used += (size_t)snprintf(down + used, sizeof(down) - used, "%s%d", used ? "," : "", b);
	if (used)
		ui_printf(y, x, width - x, crt_attr(CLR_ERROR) | A_BOLD, "  DOWN: broker %s", down);

	if (options_has_producer(p->opt))
		draw_producer_state(ui, y + 1, width);
	else
		draw_consumer_state(ui, y + 1, width);
}
