/* bell.h: a wake-up that one thread waits for and others ring. A ring while nobody waits is
 * kept for the next wait, so a ring is never lost between a check and the wait after it. */
#ifndef KTICKER_BELL_H
#define KTICKER_BELL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct bell {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* on the monotonic clock: a wall-clock step moves no timeout */
	bool rung;
};

void bell_init(struct bell *b);
void bell_free(struct bell *b);
void bell_ring(struct bell *b);
/* Returns true when rung (now, or since the last wait), false after timeout_ms. */
bool bell_wait(struct bell *b, int64_t timeout_ms);

#endif
