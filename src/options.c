/* options.c: command line parsing, --help and --version. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <librdkafka/rdkafka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "control.h"
#include "date.h"

enum {
	OPT_BROKERS = 256, OPT_PARTITIONS, OPT_DELAY, OPT_TICKS_PER_DAY, OPT_SEED, OPT_LOOP,
	OPT_ACKS, OPT_IDEMPOTENCE, OPT_HEADLESS, OPT_DURATION, OPT_COUNT, OPT_LOG, OPT_ASCII,
	OPT_NO_COLOR, OPT_FPS, OPT_FROM, OPT_ROLE, OPT_COMMIT, OPT_SCENARIO, OPT_METRICS, OPT_LESSON,
	OPT_REPORT, OPT_ARCHIVE, OPT_TRANSFORM, OPT_NO_IDEMPOTENCE, OPT_INSTANCE_ID,
};

static const struct option long_options[] = {
	{ "broker", required_argument, NULL, 'b' },
	{ "brokers", required_argument, NULL, OPT_BROKERS },
	{ "partitions", required_argument, NULL, OPT_PARTITIONS },
	{ "topic", required_argument, NULL, 't' },
	{ "group", required_argument, NULL, 'g' },
	{ "instance-id", required_argument, NULL, OPT_INSTANCE_ID },
	{ "data", required_argument, NULL, 'd' },
	{ "delay", required_argument, NULL, OPT_DELAY },
	{ "ticks-per-day", required_argument, NULL, OPT_TICKS_PER_DAY },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "loop", no_argument, NULL, OPT_LOOP },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "acks", required_argument, NULL, OPT_ACKS },
	{ "idempotence", no_argument, NULL, OPT_IDEMPOTENCE },
	{ "no-idempotence", no_argument, NULL, OPT_NO_IDEMPOTENCE },
	{ "headless", no_argument, NULL, OPT_HEADLESS },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "fps", required_argument, NULL, OPT_FPS },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "commit", required_argument, NULL, OPT_COMMIT },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "lesson", required_argument, NULL, OPT_LESSON },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "archive", required_argument, NULL, OPT_ARCHIVE },
	{ "transform", no_argument, NULL, OPT_TRANSFORM },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void print_usage(FILE *out)
{
	fputs(
"Usage: kticker [OPTION]...\n"
"Replay Yahoo-Finance CSV files as a live stream of ticks through Apache Kafka and watch\n"
"them arrive: quotes, partitions, offsets and consumer lag.\n"
"\n"
"Cluster:\n"
"  -b, --broker LIST        use the Kafka cluster at host:port[,host:port...]; without it an\n"
"                           embedded mock cluster is started and its address printed\n"
"      --brokers N          brokers in the embedded cluster (default 3)\n"
"      --partitions P       partitions of the topic when kticker creates it (default 6)\n"
"  -t, --topic NAME         topic to produce to and consume from (default ticks)\n"
"  -g, --group NAME         consumer group (default kticker)\n"
"      --role ROLE          both, producer, consumer or transform (default both): a second\n"
"                           kticker with --role consumer joins the same group\n"
"      --transform          also run the transform stage: <topic>.enriched and .candles\n"
"\n"
"Replay:\n"
"  -d, --data PATH          CSV file or directory of CSV files (repeatable; default: the\n"
"                           bundled data)\n"
"      --delay MS           length of one simulated trading day in ms (default 1000)\n"
"      --ticks-per-day N    intraday ticks per symbol per day (default 1: the daily row)\n"
"      --seed S             seed of the intraday random walk (default 1)\n"
"      --from DATE          start the replay at YYYY-MM-DD (default: the first date)\n"
"      --loop               start again at the end of the data (at --from)\n"
"\n"
"Producer:\n"
"      --acks 0|1|all       acknowledgements the producer waits for (default all;\n"
"                           0 or 1 turn idempotence off)\n"
"      --no-idempotence     plain producer: a retried request can land after a later\n"
"                           one (default: idempotent, as Kafka's clients since 3.0)\n"
"      --idempotence        the idempotent producer (the default; needs acks=all)\n"
"  -X KEY=VALUE             set any librdkafka property on both clients (repeatable)\n"
"\n"
"Consumer:\n"
"      --commit MODE        auto (librdkafka stores and commits), after (commit after\n"
"                           processing: at-least-once, the default) or before (commit\n"
"                           before processing: at-most-once)\n"
"      --instance-id ID     static group member ID (group.instance.id): restarted with\n"
"                           the same ID it takes its partitions back at once; one per\n"
"                           member, and it does not leave the group when it stops\n"
"\n"
"Mode:\n"
"      --headless           no screen: print a status line per second and a summary\n"
"                           (without it, the interactive screen opens; press ? there)\n"
"      --duration S         stop after S seconds\n"
"      --count N            stop once N ticks have been produced and consumed\n"
"      --log FILE           also append every event to FILE\n"
"      --scenario FILE      run the timed actions in FILE (lines: SECONDS COMMAND)\n"
"      --metrics FILE       write the run's figures once a second as CSV\n"
"      --report FILE        write a per-symbol summary (CSV) at exit; headless prints it\n"
"      --archive DIR        write consumed ticks to DIR/symbol=S/date=D.ndjson, synced\n"
"                           before their offsets are committed\n"
"      --lesson N           print classroom lesson N (0: the list) and exit\n"
"\n"
"Screen (the default mode):\n"
"      --ascii              ASCII only (also when the locale is not UTF-8)\n"
"      --no-color           no colors (also when NO_COLOR is set)\n"
"      --fps N              redraws per second, 1 to 60 (default 10)\n"
"  -h, --help               show this help and exit\n"
"  -V, --version            show the version and exit\n"
"\n"
"Exit status: 0 on success, 1 on delivery failures, undecodable messages or a fatal\n"
"error, 2 on bad usage. See kticker(1) for the message schema.\n", out);
}

static bool parse_long(const char *name, const char *text, long long min, long long max,
		       long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v < min || v > max) {
		fprintf(stderr, "kticker: %s must be an integer from %lld to %lld (got '%s')\n",
			name, min, max, text);
		return false;
	}
	*out = v;
	return true;
}

static bool parse_int(const char *name, const char *text, int min, int max, int *out)
{
	long long v;
	if (!parse_long(name, text, min, max, &v))
		return false;
	*out = (int)v;
	return true;
}

static bool add_to_list(const char **list, int *count, const char *value, const char *name)
{
	if (*count >= OPTIONS_MAX_LIST) {
		fprintf(stderr, "kticker: too many %s options (at most %d)\n", name, OPTIONS_MAX_LIST);
		return false;
	}
	list[(*count)++] = value;
	return true;
}

static bool parse_acks(const char *text, const char **out)
{
	if (strcmp(text, "0") && strcmp(text, "1") && strcmp(text, "all") && strcmp(text, "-1")) {
		fprintf(stderr, "kticker: --acks must be 0, 1 or all (got '%s')\n", text);
		return false;
	}
	*out = strcmp(text, "-1") ? text : "all";
	return true;
}

/* KEY=VALUE that librdkafka takes, checked now rather than when the first client starts.
 * The message shows the value only for a known key (a bad number, a bad choice): an unknown
 * key may be a mistyped secret (sasl.pasword), and its value must not reach the screen. */
static bool parse_property(const char *text)
{
	const char *eq = strchr(text, '=');
	if (!eq) {
		fprintf(stderr, "kticker: -X expects KEY=VALUE (got '%s')\n", text);
		return false;
	}
	if (eq == text) {
		fputs("kticker: -X expects KEY=VALUE (the key is empty)\n", stderr);
		return false;
	}
	char name[256], why[512];
	int n = (int)(eq - text);
	snprintf(name, sizeof(name), "%.*s", n, text);
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, name, eq + 1, why, sizeof(why));
	rd_kafka_conf_destroy(conf);
	if (res == RD_KAFKA_CONF_OK)
		return true;
	fprintf(stderr, "kticker: -X %s=%s: %s\n", name, res == RD_KAFKA_CONF_UNKNOWN ? "..." : eq + 1,
		why);
	return false;
}

static void set_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->brokers = 3;
	o->partitions = 6;
	o->topic = "ticks";
	o->group = "kticker";
	o->delay_ms = 1000;
	o->ticks_per_day = 1;
	o->seed = 1;
	o->acks = "all";
	o->idempotence = true;
	o->fps = 10;
	o->role = ROLE_BOTH;
	o->commit = COMMIT_AFTER;
	o->lesson = -1;
}

static bool parse_choice(const char *name, const char *text, const char *const *choices, int n,
			 int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(text, choices[i]) == 0) {
			*out = i;
			return true;
		}
	fprintf(stderr, "kticker: %s must be one of", name);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", choices[i]);
	fprintf(stderr, " (got '%s')\n", text);
	return false;
}

const char *const role_names[] = { "both", "producer", "consumer", "transform" };
const char *const commit_mode_names[] = { "auto", "after", "before" };

/* Applies one option; false on a usage error (already reported). */
static bool apply_option(struct options *o, int c, const char *arg)
{
	long long v;
	switch (c) {
	case 'b': o->broker = arg; return true;
	case OPT_BROKERS: return parse_int("--brokers", arg, 1, 16, &o->brokers);
	case OPT_PARTITIONS: return parse_int("--partitions", arg, 1, PARTITIONS_MAX, &o->partitions);
	case 't': o->topic = arg; return true;
	case 'g': o->group = arg; return true;
	case OPT_INSTANCE_ID: o->instance_id = arg; return true;
	case 'd': return add_to_list(o->data, &o->data_count, arg, "--data");
	case OPT_DELAY: return parse_int("--delay", arg, 0, 3600000, &o->delay_ms);
	case OPT_TICKS_PER_DAY: return parse_int("--ticks-per-day", arg, 1, 100000, &o->ticks_per_day);
	case OPT_SEED:
		if (!parse_long("--seed", arg, 0, LLONG_MAX, &v))
			return false;
		o->seed = (uint64_t)v;
		return true;
	case OPT_LOOP: o->loop = true; return true;
	case OPT_FROM:
		if (date_parse(arg, &o->from_date))
			return true;
		fprintf(stderr, "kticker: --from must be a date as YYYY-MM-DD (got '%s')\n", arg);
		return false;
	case OPT_ACKS: return parse_acks(arg, &o->acks);
	case OPT_IDEMPOTENCE:
	case OPT_NO_IDEMPOTENCE:
		o->idempotence = c == OPT_IDEMPOTENCE;
		o->idempotence_given = true;
		return true;
	case 'X': return parse_property(arg) && add_to_list(o->props, &o->prop_count, arg, "-X");
	case OPT_HEADLESS: o->headless = true; return true;
	case OPT_DURATION: return parse_int("--duration", arg, 1, 365 * 86400, &o->duration_s);
	case OPT_COUNT:
		if (!parse_long("--count", arg, 1, LLONG_MAX / 2, &v))
			return false;
		o->count = v;
		return true;
	case OPT_LOG: o->log_file = arg; return true;
	case OPT_ASCII: o->ascii = true; return true;
	case OPT_NO_COLOR: o->no_color = true; return true;
	case OPT_FPS: return parse_int("--fps", arg, 1, 60, &o->fps);
	case OPT_ROLE:
		if (!parse_choice("--role", arg, role_names, 4, &o->role))
			return false;
		o->transform |= o->role == ROLE_TRANSFORM;
		return true;
	case OPT_TRANSFORM: o->transform = true; return true;
	case OPT_COMMIT: return parse_choice("--commit", arg, commit_mode_names, 3, &o->commit);
	case OPT_SCENARIO: o->scenario_file = arg; return true;
	case OPT_METRICS: o->metrics_file = arg; return true;
	case OPT_REPORT: o->report_file = arg; return true;
	case OPT_ARCHIVE: o->archive_dir = arg; return true;
	case OPT_LESSON: return parse_int("--lesson", arg, 0, 99, &o->lesson);
	default: return false;
	}
}

/* As Kafka's own clients since 3.0: idempotent unless told otherwise, and a lower acks
 * (which idempotence cannot work with) turns it off; the producer's first event says so. */
static bool check_combination(struct options *o)
{
	if (strcmp(o->acks, "all")) {
		if (o->idempotence && o->idempotence_given) {
			fprintf(stderr, "kticker: --idempotence needs --acks all (got --acks %s)\n", o->acks);
			return false;
		}
		o->idempotence = false;
	}
	if (o->instance_id && !*o->instance_id) {
		fputs("kticker: --instance-id must not be empty\n", stderr);
		return false;
	}
	if (!*o->topic || !*o->group) {
		fputs("kticker: --topic and --group must not be empty\n", stderr);
		return false;
	}
	if (!topic_name_valid(o->topic)) {
		fprintf(stderr, "kticker: --topic '%.300s' is not a valid topic name (%s)\n", o->topic,
			TOPIC_NAME_RULE);
		return false;
	}
	if (o->broker && !o->broker[strspn(o->broker, " ,")]) {
		fputs("kticker: --broker must not be empty (without it, kticker starts its own cluster)\n",
		      stderr);
		return false;
	}
	return true;
}

bool options_has_producer(const struct options *o)
{
	return o->role == ROLE_BOTH || o->role == ROLE_PRODUCER;
}

bool options_has_consumer(const struct options *o)
{
	return o->role == ROLE_BOTH || o->role == ROLE_CONSUMER;
}

int options_parse(struct options *o, int argc, char **argv)
{
	set_defaults(o);
	int c;
	opterr = 0;
	optind = 0; /* glibc: start afresh, so parsing can be repeated */
	while ((c = getopt_long(argc, argv, ":b:t:g:d:X:hV", long_options, NULL)) != -1) {
		if (c == 'h') {
			print_usage(stdout);
			return 0;
		}
		if (c == 'V') {
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 0;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "kticker: %s '%s'\nTry 'kticker --help' for more information.\n",
				c == '?' ? "unknown option" : "missing argument for", argv[optind - 1]);
			return 2;
		}
		if (!apply_option(o, c, optarg))
			return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "kticker: unexpected argument '%s'\nTry 'kticker --help' for more information.\n",
			argv[optind]);
		return 2;
	}
	return check_combination(o) ? -1 : 2;
}
