/* reaper.c: librdkafka clients destroyed away from the thread that closed them. */
#include "reaper.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "eventlog.h"
#include "util.h"

struct reap {
	rd_kafka_t *rk;
	int flags;
	char what[48];
	bool done;
	int refs; /* the destroying thread's and the watching thread's */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed; /* on the monotonic clock: a wall-clock step moves no timeout */
static pthread_once_t changed_made = PTHREAD_ONCE_INIT;
static int in_progress;

static void make_changed(void)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&changed, &attr);
	pthread_condattr_destroy(&attr);
}

/* Under lock. */
static void release(struct reap *r)
{
	if (--r->refs == 0)
		free(r);
}

static void *destroy_main(void *arg)
{
	struct reap *r = arg;
	rd_kafka_destroy_flags(r->rk, r->flags);
	pthread_mutex_lock(&lock);
	r->done = true;
	in_progress--;
	pthread_cond_broadcast(&changed);
	release(r);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *watch_main(void *arg)
{
	struct reap *r = arg;
	struct timespec until = mono_deadline(REAPER_OVERDUE_MS);
	pthread_mutex_lock(&lock);
	while (!r->done && pthread_cond_timedwait(&changed, &lock, &until) == 0)
		;
	bool overdue = !r->done;
	if (overdue)
		eventlog_add(EVENT_WARN,
			     "%s: librdkafka has not destroyed the closed client in %d s: librdkafka 2.0.2 "
			     "cannot when partitions it read were deleted meanwhile (its issue #4724, "
			     "fixed in 2.6.1); its threads are left waiting, and kticker goes on",
			     r->what, REAPER_OVERDUE_MS / 1000);
	release(r);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static bool start_detached(void *(*fn)(void *), struct reap *r, const char *name)
{
	pthread_t thread;
	if (!thread_start(&thread, fn, r, name))
		return false;
	pthread_detach(thread);
	return true;
}

void reaper_destroy(rd_kafka_t *rk, int flags, const char *what)
{
	pthread_once(&changed_made, make_changed);
	struct reap *r = xcalloc(1, sizeof(*r));
	r->rk = rk;
	r->flags = flags;
	copy_str(r->what, sizeof(r->what), what);
	r->refs = 2;
	pthread_mutex_lock(&lock);
	in_progress++;
	pthread_mutex_unlock(&lock);
	if (!start_detached(destroy_main, r, "kt:reaper")) {
		r->refs = 1; /* nothing to watch: done when this returns */
		destroy_main(r);
		return;
	}
	if (!start_detached(watch_main, r, "kt:reapwatch")) {
		pthread_mutex_lock(&lock);
		release(r);
		pthread_mutex_unlock(&lock);
	}
}

bool reaper_wait(int64_t timeout_ms)
{
	pthread_once(&changed_made, make_changed);
	struct timespec until = mono_deadline(timeout_ms);
	pthread_mutex_lock(&lock);
	while (in_progress > 0 && pthread_cond_timedwait(&changed, &lock, &until) == 0)
		;
	bool none = in_progress == 0;
	pthread_mutex_unlock(&lock);
	return none;
}
