/* eventlog.h: a bounded, thread-safe log of what happened, for the screen and --log.
 *
 * Any thread (librdkafka's included) adds events; the main thread reads them. Nothing is
 * printed from here, so no thread ever writes over the screen. */
#ifndef KTICKER_EVENTLOG_H
#define KTICKER_EVENTLOG_H

#include <stdint.h>
#include <stdio.h>

#define EVENT_TEXT_MAX 240
#define EVENTLOG_CAPACITY 512

enum event_level { EVENT_DEBUG, EVENT_INFO, EVENT_WARN, EVENT_ERROR };

struct event {
	uint64_t id;           /* increasing, so readers can ask for what is new */
	int64_t time_ms;
	enum event_level level;
	char text[EVENT_TEXT_MAX];
};

void eventlog_add(enum event_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Copies events with id > after (oldest first) into out; returns how many. Events that were
 * overwritten before being read are reported through *missed (may be NULL). */
unsigned eventlog_read(uint64_t after, struct event *out, unsigned max, uint64_t *missed);
const char *event_level_name(enum event_level level);
/* One --log line: the event's time (ms since the epoch), level and text. */
void eventlog_write(FILE *out, const struct event *e);

#endif
