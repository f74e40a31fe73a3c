/* ui_group.c: the group overlay: the coordinator's view of the group's members and their
 * partitions, or, when the cluster cannot describe groups, this member's own assignment. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crt.h"
#include "ui.h"
#include "util.h"

void ui_group_refresh(struct ui *ui)
{
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(&ui->pipe->control, topic);
	lookup_ask_group(&ui->pipe->lookup, topic);
	ui->group_known = false;
	snprintf(ui->group_error, sizeof(ui->group_error), "asking the coordinator...");
	lagboard_member(&ui->pipe->lag, ui->own_member_id, sizeof(ui->own_member_id));
}

static void partition_list(char *out, size_t size, const int32_t *parts, int n)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used + 8 < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%d", i ? "," : "", parts[i]);
	if (n == 0)
		snprintf(out, size, "(none)");
}

static int draw_members(struct ui *ui, int y, int x, int width, int rows)
{
	const struct group_info *g = &ui->group;
	/* the offset watcher describes it again every other second: a description older than its
	 * offsets may be (the coordinator does not answer) is an old reading, and says so */
	int64_t age_ms = ui->frame.now_ms - ui->group_described_ms;
	ui_printf(y++, x, width, A_REVERSE, "%sstate %s, %s assignor, %d member%s, described %llds ago",
		  age_ms > OFFSETWATCH_STALE_MS ? "~ " : "", g->state, g->protocol[0] ? g->protocol : "no",
		  g->member_count, plural(g->member_count), (long long)(age_ms > 0 ? age_ms / 1000 : 0));
	for (int i = 0; i < g->member_count && rows > 2; i++, rows -= 2) {
		const struct group_member *m = &g->members[i];
		char parts[256];
		if (m->partition_count < 0)
			snprintf(parts, sizeof(parts), "(assignment not readable)");
		else
			partition_list(parts, sizeof(parts), m->partitions, m->partition_count);
		bool mine = ui->own_member_id[0] && strcmp(m->member_id, ui->own_member_id) == 0;
		ui_printf(y++, x, width, A_REVERSE | A_BOLD, "%s%s  %s  %s", mine ? "> " : "  ",
			  m->client_id, m->host, mine ? "(this kticker)" : m->member_id);
		ui_printf(y++, x, width, A_REVERSE, "   partitions %s", parts);
	}
	return y;
}

/* Without the coordinator's answer: what this member itself holds, and why that is all. */
static int draw_own(struct ui *ui, int y, int x, int width)
{
	int32_t mine[PARTITIONS_MAX];
	int n = 0;
	for (int i = 0; i < ui->frame.part_count; i++)
		if (ui->frame.parts[i].assigned)
			mine[n++] = ui->frame.parts[i].partition;
	char parts[512];
	partition_list(parts, sizeof(parts), mine, n);
	ui_printf(y++, x, width, A_REVERSE, "%s", ui->group_error);
	if (ui->pipe->cluster.mock_limits)
		ui_printf(y++, x, width, A_REVERSE, "(the embedded mock answers no DescribeGroups; Kafka does)");
	ui_printf(y++, x, width, A_REVERSE | A_BOLD, "this kticker's member holds partitions %s", parts);
	return y;
}

void ui_group_draw(struct ui *ui, int rows, int cols)
{
	int width = cols < 100 ? cols : 100;
	int height = ui->group_known ? 4 + 2 * ui->group.member_count : 7;
	height = height < rows ? height : rows;
	int top = (rows - height) / 2, left = (cols - width) / 2;
	ui_box(top, left, width, height);
	ui_printf(top, left + 2, width - 4, A_REVERSE | A_BOLD, "Group %s", ui->pipe->opt->group);
	if (ui->group_known)
		draw_members(ui, top + 1, left + 2, width - 4, height - 2);
	else
		draw_own(ui, top + 1, left + 2, width - 4);
	ui_text(top + height - 1, left + 2, width - 4, A_REVERSE | A_DIM,
		"g asks again now; any other key closes this");
}
