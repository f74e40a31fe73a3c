/* bell.c: a wake-up that one thread waits for and others ring. */
#include "bell.h"

#include <time.h>

#include "util.h"

void bell_init(struct bell *b)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&b->cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&b->lock, NULL);
	b->rung = false;
}

void bell_free(struct bell *b)
{
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
}

void bell_ring(struct bell *b)
{
	pthread_mutex_lock(&b->lock);
	b->rung = true;
	pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

bool bell_wait(struct bell *b, int64_t timeout_ms)
{
	struct timespec until = mono_deadline(timeout_ms);
	pthread_mutex_lock(&b->lock);
	while (!b->rung && pthread_cond_timedwait(&b->cond, &b->lock, &until) == 0)
		;
	bool rung = b->rung;
	b->rung = false;
	pthread_mutex_unlock(&b->lock);
	return rung;
}
