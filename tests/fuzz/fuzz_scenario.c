/* fuzz_scenario.c: libFuzzer target for the --scenario parser. Any bytes as one file: no
 * memory error, and a file that loads keeps scenario.h's promises (steps in time order, times
 * within a year, every command one that command_check accepts, no comment or newline left). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "command.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scenario(const struct scenario *s)
{
	char why[512];
	for (size_t i = 0; i < s->count; i++) {
		const struct scenario_step *step = &s->steps[i];
		if (step->at_ms < 0 || step->at_ms > 86400LL * 365 * 1000 + 1 || step->line < 1 ||
		    (i && step->at_ms < s->steps[i - 1].at_ms) ||
		    strpbrk(step->command, "#\r\n") || !command_check(step->command, why, sizeof(why)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz.scenario", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	struct scenario s;
	char err[1024] = "";
	if (scenario_load(&s, path, err, sizeof(err))) {
		check_scenario(&s);
		scenario_free(&s);
	} else if (!err[0] || s.steps) {
		abort(); /* a refusal says why and holds nothing */
	}
	return 0;
}
