/* scenario.c: loading and running --scenario files. */
#include "scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "eventlog.h"
#include "util.h"

static int by_time(const void *a, const void *b)
{
	const struct scenario_step *x = a, *y = b;
	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->line - y->line; /* same time: file order */
}

/* Parses "SECONDS COMMAND" into step; false with a message. Blank lines give *blank. */
static bool parse_line(char *text, int line, struct scenario_step *step, bool *blank,
		       char *err, size_t err_size)
{
	char *hash = strchr(text, '#');
	if (hash)
		*hash = '\0';
	text[strcspn(text, "\r\n")] = '\0';
	char *start = text + strspn(text, " \t");
	*blank = !*start;
	if (*blank)
		return true;
	char *end;
	errno = 0;
	bool from_feed = *start == '+';
	const char *number = start + from_feed;
	double seconds = strtod(number, &end);
	/* the comparison written so that nan fails it too */
	if (errno || end == number || (*number != '.' && (*number < '0' || *number > '9')) ||
	    !(seconds >= 0 && seconds <= 86400.0 * 365) ||
	    (*end != ' ' && *end != '\t')) {
		snprintf(err, err_size, "line %d: expected SECONDS COMMAND or +SECONDS COMMAND, "
			 "e.g. '10 broker-down 2'", line);
		return false;
	}
	char *command = end + strspn(end, " \t");
	size_t len = strlen(command);
	while (len && (command[len - 1] == ' ' || command[len - 1] == '\t'))
		command[--len] = '\0';
	char why[256];
	if (!command_check(command, why, sizeof(why))) {
		snprintf(err, err_size, "line %d: %s", line, why);
		return false;
	}
	step->at_ms = (int64_t)(seconds * 1000.0 + 0.5);
	step->from_feed = from_feed;
	step->done = false;
	step->line = line;
	copy_str(step->command, sizeof(step->command), command);
	return true;
}

bool scenario_load(struct scenario *s, const char *path, char *err, size_t err_size)
{
	memset(s, 0, sizeof(*s));
	s->path = path;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return false;
	}
	char text[SCENARIO_LINE_MAX + 32], why[512];
	size_t capacity = 0;
	bool ok = true;
	for (int line = 1; ok && fgets(text, sizeof(text), f); line++) {
		if (s->count == capacity) {
			capacity = capacity ? capacity * 2 : 16;
			s->steps = xrealloc(s->steps, capacity * sizeof(*s->steps));
		}
		bool blank;
		ok = parse_line(text, line, &s->steps[s->count], &blank, why, sizeof(why));
		if (ok && !blank)
			s->count++;
	}
	fclose(f);
	if (!ok) {
		snprintf(err, err_size, "%s: %s", path, why);
		scenario_free(s);
		return false;
	}
	if (s->count) /* an empty file leaves steps NULL, which qsort must not get */
		qsort(s->steps, s->count, sizeof(*s->steps), by_time);
	return true;
}

void scenario_start(struct scenario *s)
{
	s->start_ms = mono_ms();
	s->pending = s->count;
	if (s->count)
		eventlog_add(EVENT_INFO, "scenario %s: %zu steps", s->path, s->count);
}

/* When the step is due on the monotonic clock; 0 for a feed step before the feed starts. */
static int64_t due_at(const struct scenario_step *step, int64_t run_start, int64_t feed_start)
{
	if (step->from_feed)
		return feed_start ? feed_start + step->at_ms : 0;
	return run_start + step->at_ms;
}

static bool due(const struct scenario_step *step, int64_t now, int64_t run_start,
		int64_t feed_start)
{
	int64_t at = due_at(step, run_start, feed_start);
	return at && now >= at;
}

int64_t scenario_poll(struct scenario *s, struct pipeline *p)
{
	if (!s->pending)
		return INT64_MAX;
	int64_t now = mono_ms();
	int64_t feed_start = atomic_load_explicit(&p->counters.feed_started_ms, memory_order_relaxed);
	/* steps are few: each poll looks at all, since the two clocks interleave */
	for (size_t i = 0; i < s->count; i++) {
		struct scenario_step *step = &s->steps[i];
		if (step->done || !due(step, now, s->start_ms, feed_start))
			continue;
		step->done = true;
		s->pending--;
		char err[512];
		eventlog_add(EVENT_INFO, "scenario %s%.1fs: %s", step->from_feed ? "feed +" : "",
			     (double)step->at_ms / 1000.0, step->command);
		if (!command_run(p, step->command, err, sizeof(err)))
			eventlog_add(EVENT_ERROR, "scenario line %d: %s", step->line, err);
	}
	int64_t next = INT64_MAX;
	for (size_t i = 0; i < s->count; i++) {
		int64_t at = due_at(&s->steps[i], s->start_ms, feed_start);
		if (!s->steps[i].done && at < next)
			next = at;
	}
	return next;
}

void scenario_free(struct scenario *s)
{
	free(s->steps);
	s->steps = NULL;
	s->count = s->pending = 0;
}
