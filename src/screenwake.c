/* screenwake.c: see screenwake.h. */
#include "screenwake.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static int wake_pipe[2] = { -1, -1 };
/* true while the main thread listens. Sequentially consistent on both sides: the main
 * thread stores it before it reads the state, a publisher loads it after it wrote the state,
 * so at least one of them sees the other's write. */
static atomic_bool armed;
/* The main thread's signal mask while it waits, when it defers some signals to the wait */
static sigset_t wait_mask;
static bool deferring;

bool screenwake_open(void)
{
	if (pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) == 0)
		return true;
	wake_pipe[0] = wake_pipe[1] = -1;
	return false;
}

static void drain(void)
{
	char buf[64];
	while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
		;
}

void screenwake_arm(void)
{
	atomic_store(&armed, wake_pipe[0] >= 0);
}

void screenwake_disarm(void)
{
	if (!atomic_exchange(&armed, false) && wake_pipe[0] >= 0)
		drain(); /* a publisher disarmed it first, and wrote a byte */
}

void screenwake_defer_signal(int signo)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, signo);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if (!deferring)
		wait_mask = old;
	deferring = true;
}

void screenwake_undefer_signals(void)
{
	if (deferring)
		pthread_sigmask(SIG_SETMASK, &wait_mask, NULL);
	deferring = false;
}

bool screenwake_wait(int timeout_ms)
{
	struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .fd = wake_pipe[0], .events = POLLIN } };
	struct timespec timeout = { .tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000 };
	/* the deferred signals are let in for the wait alone, in the same system call */
	int n = ppoll(fds, wake_pipe[0] >= 0 ? 2 : 1, timeout_ms < 0 ? NULL : &timeout,
		      deferring ? &wait_mask : NULL);
	if (n < 0)
		return errno == EINTR;
	if (n > 0 && fds[1].revents) {
		drain();
		/* the caller still listens: the notification that woke it disarmed it, and one
		 * more while it looks at the state must end its next wait too (a notification
		 * about something the screen does not show would otherwise leave it deaf) */
		atomic_store(&armed, true);
		return true;
	}
	return false;
}

void screenwake_notify(void)
{
	if (atomic_load(&armed) && atomic_exchange(&armed, false)) {
		char byte = 1;
		ssize_t written = write(wake_pipe[1], &byte, 1);
		(void)written; /* a full pipe has woken the reader already */
	}
}
