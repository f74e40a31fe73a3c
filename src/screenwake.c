/* screenwake.c: see screenwake.h. */
#include "screenwake.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <unistd.h>

static int wake_pipe[2] = { -1, -1 };
/* true while the main thread listens. Sequentially consistent on both sides: the main
 * thread stores it before it reads the state, a publisher loads it after it wrote the state,
 * so at least one of them sees the other's write. */
static atomic_bool armed;

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

bool screenwake_wait(int timeout_ms)
{
	struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .fd = wake_pipe[0], .events = POLLIN } };
	int n = poll(fds, wake_pipe[0] >= 0 ? 2 : 1, timeout_ms);
	if (n < 0)
		return errno == EINTR;
	if (n > 0 && fds[1].revents) {
		drain();
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
