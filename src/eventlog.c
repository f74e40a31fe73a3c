/* eventlog.c: a bounded, thread-safe log of what happened. */
#include "eventlog.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "screenwake.h"
#include "util.h"

static struct {
	pthread_mutex_t lock;
	struct event ring[EVENTLOG_CAPACITY];
	uint64_t next_id; /* id of the next event; ids start at 1 */
} elog = { .lock = PTHREAD_MUTEX_INITIALIZER, .next_id = 1 };

void eventlog_add(enum event_level level, const char *fmt, ...)
{
	struct event ev = { .time_ms = now_ms(), .level = level };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ev.text, sizeof(ev.text), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&elog.lock);
	ev.id = elog.next_id++;
	elog.ring[ev.id % EVENTLOG_CAPACITY] = ev;
	pthread_mutex_unlock(&elog.lock);
	screenwake_notify();
}

unsigned eventlog_read(uint64_t after, struct event *out, unsigned max, uint64_t *missed)
{
	unsigned n = 0;
	pthread_mutex_lock(&elog.lock);
	uint64_t oldest = elog.next_id > EVENTLOG_CAPACITY ? elog.next_id - EVENTLOG_CAPACITY : 1;
	uint64_t first = after + 1 > oldest ? after + 1 : oldest;
	if (missed)
		*missed = first - (after + 1);
	for (uint64_t id = first; id < elog.next_id && n < max; id++)
		out[n++] = elog.ring[id % EVENTLOG_CAPACITY];
	pthread_mutex_unlock(&elog.lock);
	return n;
}

const char *event_level_name(enum event_level level)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	return level <= EVENT_ERROR ? names[level] : "?";
}

void eventlog_write(FILE *out, const struct event *e)
{
	fprintf(out, "%lld %s %s\n", (long long)e->time_ms, event_level_name(e->level), e->text);
}
