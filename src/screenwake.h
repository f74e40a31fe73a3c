/* screenwake.h: the screen's thread sleeps while nothing it shows changes, and the workers
 * wake it when they publish.
 *
 * While frames come out unchanged (a paused feed, a quiet topic), taking a frame 1/fps s
 * apart only to find it the same was most of kticker's CPU: each wake-up costs more in the
 * kernel than the frame's look at the state. So after an unchanged frame the main thread
 * waits for the clock's next second (the ages count by the second), the moment the clock
 * alone would change a verdict or mark a reading old (ui.c's idle_until), a key, a signal,
 * its own timed jobs (scenario, --metrics, --prom), or a worker's
 * screenwake_notify(): what a publisher pays for that is one atomic load while the screen is
 * awake, and one write(2) to a pipe when it sleeps. */
#ifndef KTICKER_SCREENWAKE_H
#define KTICKER_SCREENWAKE_H

#include <stdbool.h>

/* The pipe the workers wake the main thread with; false (errno set) if it cannot be made. It
 * stays open for the process's life: a worker may be writing to it as the screen closes, and
 * a closed pipe's number could by then be another file's. */
bool screenwake_open(void);
/* Main thread: listen for notifications from now on, before it looks at the state, so that
 * anything published while it looks still wakes it. */
void screenwake_arm(void);
/* Main thread: stop listening (a frame was drawn; it looks again in 1/fps s anyway). */
void screenwake_disarm(void);
/* Main thread: waits up to timeout_ms for a key on fd 0 or a notification; true when woken by
 * a notification or a signal (a resize, a resume), which ask for a new look at once. Woken by
 * a notification, it listens on: the next one ends the next wait. */
bool screenwake_wait(int timeout_ms);
/* Main thread: holds signo off except while it waits in screenwake_wait(), between frames. A
 * handler that must not run in the middle of a frame (Ctrl-Z's) runs then, and a frame pays
 * no system call to hold it off and let it in again. */
void screenwake_defer_signal(int signo);
/* Main thread: lets the deferred signals in at any time again. */
void screenwake_undefer_signals(void);
/* Any thread, after publishing something the screen shows. */
void screenwake_notify(void);

#endif
