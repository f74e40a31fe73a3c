/* command.c: parsing and running named commands. */
#include "command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "eventlog.h"
#include "fault.h"
#include "util.h"

#define ARGS_MAX 4

struct args {
	int count;
	char *v[ARGS_MAX];
};

typedef bool (*command_fn)(struct pipeline *p, const struct args *a, char *err, size_t err_size);

/* What an argument must be: checked when a --scenario file is loaded, so a bad step stops
 * the run before it starts, and again before any command runs. */
enum arg_kind { ARG_ANY, ARG_NUMBER, ARG_CHOICE, ARG_REWIND, ARG_TOPIC };

struct arg_spec {
	enum arg_kind kind;
	long min, max;            /* ARG_NUMBER */
	const char *const *names; /* ARG_CHOICE */
	int name_count;
};

#define NUMBER(lo, hi) { ARG_NUMBER, (lo), (hi), NULL, 0 }
#define CHOICE(list, n) { ARG_CHOICE, 0, 0, (list), (n) }
#define KIND(k) { (k), 0, 0, NULL, 0 }
#define BROKER NUMBER(1, FAULT_BROKERS_MAX)

struct command {
	const char *name;
	int min_args, max_args;
	command_fn run;
	const char *usage;
	struct arg_spec args[2];
};

static const char *const acks_names[] = { "0", "1", "all" };
static const char *const on_off_names[] = { "off", "on" };

static bool parse_number(const char *text, long min, long max, long *out, char *err, size_t err_size)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max) {
		snprintf(err, err_size, "'%s' is not a number from %ld to %ld", text, min, max);
		return false;
	}
	*out = v;
	return true;
}

/* An argument its spec has already checked. */
static long number_arg(const struct args *a, int i)
{
	return strtol(a->v[i], NULL, 10);
}

/* The index of text among names; -1 (and a message) when it is none of them. */
static int choice(const char *text, const char *const *names, int n, char *err, size_t err_size)
{
	for (int i = 0; i < n; i++)
		if (strcmp(text, names[i]) == 0)
			return i;
	size_t used = (size_t)snprintf(err, err_size, "'%s' is not one of:", text);
	for (int i = 0; i < n && used < err_size; i++)
		used += (size_t)snprintf(err + used, err_size - used, " %s", names[i]);
	return -1;
}

static bool run_pause(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)a, (void)err, (void)err_size;
	control_set_paused(&p->control, true);
	return true;
}

static bool run_resume(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)a, (void)err, (void)err_size;
	control_set_paused(&p->control, false);
	return true;
}

static bool run_step(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)a, (void)err, (void)err_size;
	control_step(&p->control);
	return true;
}

static bool run_delay(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)err, (void)err_size;
	control_set_delay(&p->control, (int)number_arg(a, 0));
	return true;
}

static bool run_acks(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	int acks = choice(a->v[0], acks_names, 3, err, err_size);
	if (acks < 0)
		return false;
	control_set_acks(&p->control, acks);
	return true;
}

static bool run_idempotence(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	int on = choice(a->v[0], on_off_names, 2, err, err_size);
	if (on < 0)
		return false;
	control_set_idempotence(&p->control, on);
	return true;
}

static bool run_linger(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)err, (void)err_size;
	control_set_linger(&p->control, (int)number_arg(a, 0));
	return true;
}

static bool run_batch(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)err, (void)err_size;
	control_set_batch(&p->control, (int)number_arg(a, 0));
	return true;
}

static bool run_compression(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	int i = choice(a->v[0], compression_names, COMPRESSION_COUNT, err, err_size);
	if (i < 0)
		return false;
	control_set_compression(&p->control, i);
	return true;
}

static bool run_commit(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	int mode = choice(a->v[0], commit_mode_names, 3, err, err_size);
	if (mode < 0)
		return false;
	control_set_commit_mode(&p->control, mode);
	return true;
}

static bool run_throttle(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)err, (void)err_size;
	control_set_throttle(&p->control, (int)number_arg(a, 0));
	return true;
}

static bool run_crash(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)a, (void)err, (void)err_size;
	control_crash_consumer(&p->control);
	return true;
}

/* "beginning", "end" or a date; the target and date go to *target and *date. */
static bool parse_rewind(const char *text, int *target, int32_t *date, char *err, size_t err_size)
{
	*date = 0;
	if (strcmp(text, "beginning") == 0 || strcmp(text, "b") == 0)
		*target = REWIND_BEGINNING;
	else if (strcmp(text, "end") == 0 || strcmp(text, "e") == 0)
		*target = REWIND_END;
	else if (date_parse(text, date))
		*target = REWIND_DATE;
	else {
		snprintf(err, err_size, "rewind to beginning, end or a date YYYY-MM-DD (got '%s')", text);
		return false;
	}
	return true;
}

static bool run_rewind(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	int target;
	int32_t date;
	if (!parse_rewind(a->v[0], &target, &date, err, err_size))
		return false;
	control_request_rewind(&p->control, target, date);
	return true;
}

static bool run_topic(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)err, (void)err_size;
	control_request_topic(&p->control, a->v[0]);
	return true;
}

static bool run_partitions(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	const char *refusal = control_partitions_refusal(&p->control);
	if (refusal) {
		snprintf(err, err_size, "%s", refusal);
		return false;
	}
	control_request_partitions(&p->control, (int)number_arg(a, 0));
	return true;
}

/* Without an id: a live broker that leads partitions (down), or one that is down (up), so a
 * scenario shows a failover whatever leaders the cluster happened to pick. */
static const char *const down_names[] = { "kill", "clean" };

static bool run_broker_down(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	long b = a->count ? number_arg(a, 0) : fault_pick_leader(&p->faults);
	if (a->count > 1 && strcmp(a->v[1], "clean") == 0)
		return fault_broker_shutdown(&p->faults, (int)b, err, err_size);
	return fault_broker_down(&p->faults, (int)b, err, err_size);
}

static bool run_broker_hang(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	long b = a->count ? number_arg(a, 0) : fault_pick_leader(&p->faults);
	return fault_broker_hang(&p->faults, (int)b, err, err_size);
}

static bool run_broker_up(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	long b = a->count ? number_arg(a, 0) : fault_pick_broker(&p->faults, true);
	return fault_broker_up(&p->faults, (int)b, err, err_size);
}

static bool run_latency(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	return fault_latency(&p->faults, (int)number_arg(a, 0), (int)number_arg(a, 1), err, err_size);
}

static bool run_fail_produce(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	return fault_fail_produce(&p->faults, (int)number_arg(a, 0),
				  a->count > 1 ? a->v[1] : "NOT_ENOUGH_REPLICAS", err, err_size);
}

static bool run_note(struct pipeline *p, const struct args *a, char *err, size_t err_size)
{
	(void)p, (void)err, (void)err_size;
	eventlog_add(EVENT_INFO, "scenario: %s", a->v[0]);
	return true;
}

static const struct command commands[] = {
	{ "pause", 0, 0, run_pause, "pause: stop the producer (the consumer drains)", { { 0 } } },
	{ "resume", 0, 0, run_resume, "resume: start the producer again", { { 0 } } },
	{ "step", 0, 0, run_step, "step: pause, and produce exactly one tick", { { 0 } } },
	{ "delay", 1, 1, run_delay, "delay MS: length of a simulated day",
	  { NUMBER(DELAY_MIN_MS, DELAY_MAX_MS) } },
	{ "acks", 1, 1, run_acks, "acks 0|1|all: acknowledgements the producer waits for",
	  { CHOICE(acks_names, 3) } },
	{ "idempotence", 1, 1, run_idempotence, "idempotence on|off: the idempotent producer",
	  { CHOICE(on_off_names, 2) } },
	{ "linger", 1, 1, run_linger, "linger MS: how long the producer waits to fill a batch",
	  { NUMBER(0, 900000) } },
	{ "batch", 1, 1, run_batch, "batch BYTES: largest batch the producer sends",
	  { NUMBER(1, 2147483647) } },
	{ "compression", 1, 1, run_compression, "compression none|gzip|snappy|lz4|zstd",
	  { CHOICE(compression_names, COMPRESSION_COUNT) } },
	{ "commit", 1, 1, run_commit, "commit auto|after|before: when offsets are committed",
	  { CHOICE(commit_mode_names, 3) } },
	{ "throttle", 1, 1, run_throttle, "throttle N: consumer reads at most N ticks/s (0: no limit)",
	  { NUMBER(0, 100000000) } },
	{ "crash-consumer", 0, 0, run_crash, "crash-consumer: the consumer dies without committing",
	  { { 0 } } },
	{ "rewind", 1, 1, run_rewind, "rewind beginning|end|YYYY-MM-DD: seek the group",
	  { KIND(ARG_REWIND) } },
	{ "topic", 1, 1, run_topic, "topic NAME: switch topic (created when missing)",
	  { KIND(ARG_TOPIC) } },
	{ "partitions", 1, 1, run_partitions, "partitions N: change the partition count",
	  { NUMBER(1, PARTITIONS_MAX) } },
	{ "broker-down", 0, 2, run_broker_down,
	  "broker-down [ID [kill|clean]]: stop a broker (SIGKILL; clean: SIGTERM)",
	  { BROKER, CHOICE(down_names, 2) } },
	{ "broker-hang", 0, 1, run_broker_hang,
	  "broker-hang [ID]: freeze a broker's process, SIGSTOP (local cluster)", { BROKER } },
	{ "broker-up", 0, 1, run_broker_up,
	  "broker-up [ID]: bring a broker back (local: restart, SIGCONT if hung)", { BROKER } },
	{ "latency", 2, 2, run_latency, "latency ID MS: round-trip latency of a broker (embedded)",
	  { BROKER, NUMBER(0, 600000) } },
	{ "fail-produce", 1, 2, run_fail_produce,
	  "fail-produce N [ERROR]: the next N produce requests fail (embedded)",
	  { NUMBER(1, 1000000), KIND(ARG_ANY) } },
	{ "note", 1, 1, run_note, "note TEXT: write TEXT to the event log", { KIND(ARG_ANY) } },
};

static bool check_arg(const struct arg_spec *spec, const char *text, char *err, size_t err_size)
{
	long number;
	int target;
	int32_t date;
	switch (spec->kind) {
	case ARG_NUMBER: return parse_number(text, spec->min, spec->max, &number, err, err_size);
	case ARG_CHOICE: return choice(text, spec->names, spec->name_count, err, err_size) >= 0;
	case ARG_REWIND: return parse_rewind(text, &target, &date, err, err_size);
	case ARG_TOPIC:
		if (topic_name_valid(text))
			return true;
		snprintf(err, err_size, "'%s' is not a valid topic name (%s)", text, TOPIC_NAME_RULE);
		return false;
	case ARG_ANY: return true;
	}
	return true;
}

/* Every argument as its spec says; the message names the command. */
static bool check_args(const struct command *cmd, const struct args *a, char *err, size_t err_size)
{
	char why[400];
	for (int i = 0; i < a->count && i < (int)ARRAY_LEN(cmd->args); i++) {
		if (!check_arg(&cmd->args[i], a->v[i], why, sizeof(why))) {
			snprintf(err, err_size, "%s: %s", cmd->name, why);
			return false;
		}
	}
	return true;
}

const char *command_usage(int index)
{
	return index >= 0 && index < (int)ARRAY_LEN(commands) ? commands[index].usage : NULL;
}

/* Splits line into words in buf; "note" keeps the rest of the line as one argument. */
static const struct command *parse(const char *line, char *buf, size_t buf_size, struct args *a,
				   char *err, size_t err_size)
{
	copy_str(buf, buf_size, line);
	char *save = NULL, *name = strtok_r(buf, " \t", &save);
	if (!name) {
		snprintf(err, err_size, "empty command");
		return NULL;
	}
	const struct command *cmd = NULL;
	for (size_t i = 0; i < ARRAY_LEN(commands) && !cmd; i++)
		if (strcmp(commands[i].name, name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		snprintf(err, err_size, "unknown command '%s' (press ? for the list)", name);
		return NULL;
	}
	a->count = 0;
	if (strcmp(cmd->name, "note") == 0) {
		char *rest = save ? save + strspn(save, " \t") : NULL;
		if (rest && *rest)
			a->v[a->count++] = rest;
	} else {
		char *word;
		while (a->count < ARGS_MAX && (word = strtok_r(NULL, " \t", &save)))
			a->v[a->count++] = word;
	}
	if (a->count < cmd->min_args || a->count > cmd->max_args) {
		snprintf(err, err_size, "usage: %s", cmd->usage);
		return NULL;
	}
	return check_args(cmd, a, err, err_size) ? cmd : NULL;
}

bool command_check(const char *line, char *err, size_t err_size)
{
	char buf[512];
	struct args a;
	return parse(line, buf, sizeof(buf), &a, err, err_size) != NULL;
}

bool command_run(struct pipeline *p, const char *line, char *err, size_t err_size)
{
	char buf[512];
	struct args a;
	const struct command *cmd = parse(line, buf, sizeof(buf), &a, err, err_size);
	return cmd && cmd->run(p, &a, err, err_size);
}
