/* command.h: kticker's actions by name, one vocabulary for the ':' prompt and --scenario
 * files (as tmux's commands serve its prompt and its config). Keys call the same control and
 * fault functions directly. Run by the main thread only. */
#ifndef KTICKER_COMMAND_H
#define KTICKER_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

/* Runs one command line such as "acks 0" or "broker-down 2"; false with a message in err. */
bool command_run(struct pipeline *p, const char *line, char *err, size_t err_size);
/* Checks a command line without running it (for --scenario, before the run starts). */
bool command_check(const char *line, char *err, size_t err_size);
/* One line per command, "name args: what it does", for the help; NULL past the last. */
const char *command_usage(int index);

#endif
