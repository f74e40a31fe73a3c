/* options.c: command line parsing, --help and --version. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <librdkafka/rdkafka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conffile.h"
#include "config.h"
#include "control.h"
#include "date.h"
#include "eventlog.h"
#include "kconf.h"
#include "util.h"

enum {
	OPT_BROKERS = 256, OPT_PARTITIONS, OPT_DELAY, OPT_TICKS_PER_DAY, OPT_SEED, OPT_LOOP,
	OPT_ACKS, OPT_IDEMPOTENCE, OPT_HEADLESS, OPT_DURATION, OPT_COUNT, OPT_LOG, OPT_ASCII,
	OPT_NO_COLOR, OPT_FPS, OPT_FROM, OPT_ROLE, OPT_COMMIT, OPT_SCENARIO, OPT_METRICS, OPT_LESSON,
	OPT_REPORT, OPT_ARCHIVE, OPT_TRANSFORM, OPT_NO_IDEMPOTENCE, OPT_CLUSTER, OPT_STATE, OPT_PROM,
	OPT_INSTANCE_ID,
};

static const struct option long_options[] = {
	{ "broker", required_argument, NULL, 'b' },
	{ "brokers", required_argument, NULL, OPT_BROKERS },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "state", required_argument, NULL, OPT_STATE },
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
	{ "prom", required_argument, NULL, OPT_PROM },
	{ "lesson", required_argument, NULL, OPT_LESSON },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "archive", required_argument, NULL, OPT_ARCHIVE },
	{ "transform", no_argument, NULL, OPT_TRANSFORM },
	{ "config", required_argument, NULL, 'F' },
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
"      --cluster local      start real Apache Kafka brokers on this machine instead (needs\n"
"                           Java and the jars of scripts/install-deps.sh --kafka)\n"
"      --brokers N          brokers in the embedded or local cluster (default 3)\n"
"      --state DIR          keep the local cluster's data in DIR (default: a temporary one)\n"
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
"      --from DATE          start the replay at YYYY-MM-DD (default: the first date;\n"
"                           for the bundled data, the first when 3/4 of it trades)\n"
"      --loop               start again at the end of the data (at --from)\n"
"\n"
"Producer:\n"
"      --acks 0|1|all       acknowledgements the producer waits for (default all;\n"
"                           0 or 1 turn idempotence off)\n"
"      --no-idempotence     plain producer: a retried request can land after a later\n"
"                           one (default: idempotent, as Kafka's clients since 3.0)\n"
"      --idempotence        the idempotent producer (the default; needs acks=all)\n"
"  -X KEY=VALUE             set any librdkafka property on both clients (repeatable)\n"
"  -F, --config FILE        read key=value lines (librdkafka properties and these options\n"
"                           by long name) from FILE (default: $KTICKER_CONFIG, else\n"
"                           $XDG_CONFIG_HOME/kticker/kticker.conf); the command line wins\n"
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
"      --scenario FILE      run timed actions: FILE lines [+]SECONDS COMMAND\n"
"      --metrics FILE       write the run's figures once a second as CSV\n"
"      --prom FILE          write lag (kafka-lag-exporter's names), rates, latency and\n"
"                           health once a second for Prometheus' textfile collector\n"
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

/* Properties kticker sets from its own options, which the screen names: applied last to every
 * client, -X would put the clients on another cluster, or the consumer in another group (and
 * the transform in the consumer's), or under another static member ID, or commit otherwise
 * than the commit mode named (nothing committed while running, or offsets stored before
 * processing). */
static const struct {
	const char *name;
	const char *instead; /* the option that sets it, and where kticker names it */
} own_properties[] = {
	{ "group.id", "the consumer group is --group (-g), which the screen names and the "
		      "transform's <group>.transform follows" },
	{ "bootstrap.servers", "the cluster is --broker (-b), which the screen names (without it, "
			       "kticker starts its own)" },
	{ "metadata.broker.list", "the cluster is --broker (-b), which the screen names (without "
				  "it, kticker starts its own)" },
	{ "group.instance.id", "the static member ID is --instance-id, which kticker's messages name" },
	{ "enable.auto.commit", "when offsets are stored and committed is --commit (auto, after or "
				"before), which the Delivery line names" },
	{ "enable.auto.offset.store", "when offsets are stored and committed is --commit (auto, "
				      "after or before), which the Delivery line names" },
};

/* False (said) for one of own_properties, true for any other property. */
static bool outside_own_options(const char *name, const char *where)
{
	for (size_t i = 0; i < ARRAY_LEN(own_properties); i++)
		if (!strcmp(name, own_properties[i].name)) {
			fprintf(stderr, "kticker: %s %s: %s\n", where, name, own_properties[i].instead);
			return false;
		}
	return true;
}

/* KEY=VALUE that librdkafka takes, checked now rather than when the first client starts.
 * `where` is "-X" or the file and line it came from. The message shows the value only for a
 * known key that is not a secret (kconf_shown_value). */
static bool parse_property(const char *text, const char *where)
{
	const char *eq = strchr(text, '=');
	if (!eq) {
		fprintf(stderr, "kticker: %s expects KEY=VALUE (got '%s')\n", where, text);
		return false;
	}
	if (eq == text) {
		fprintf(stderr, "kticker: %s expects KEY=VALUE (the key is empty)\n", where);
		return false;
	}
	char name[256], why[512];
	int n = (int)(eq - text);
	snprintf(name, sizeof(name), "%.*s", n, text);
	if (!outside_own_options(name, where))
		return false;
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, name, eq + 1, why, sizeof(why));
	rd_kafka_conf_destroy(conf);
	if (res == RD_KAFKA_CONF_OK)
		return true;
	fprintf(stderr, "kticker: %s %s=%s: %s\n", where, name,
		kconf_shown_value(name, eq + 1, res != RD_KAFKA_CONF_UNKNOWN), why);
	return false;
}

/* A secret on the command line is in every user's `ps`: said once per key, in the event log. */
static void warn_secret_on_argv(const char *text)
{
	char name[256];
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(text, "="), text);
	if (kconf_is_secret(name))
		eventlog_add(EVENT_WARN, "-X %s: a secret on the command line can be read by anyone "
			     "with ps; keep it in the config file (chmod 600, see -F)", name);
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

static bool parse_cluster(const char *text, bool *local)
{
	static const char *const kinds[] = { "embedded", "local" };
	int kind;
	if (!parse_choice("--cluster", text, kinds, 2, &kind))
		return false;
	*local = kind == 1;
	return true;
}

/* Applies one option; false on a usage error (already reported). */
static bool apply_option(struct options *o, int c, const char *arg)
{
	long long v;
	switch (c) {
	case 'b': o->broker = arg; return true;
	case OPT_BROKERS: return parse_int("--brokers", arg, 1, 16, &o->brokers);
	case OPT_CLUSTER: return parse_cluster(arg, &o->local_cluster);
	case OPT_STATE: o->state_dir = arg; return true;
	case OPT_PARTITIONS: return parse_int("--partitions", arg, 1, PARTITIONS_MAX, &o->partitions);
	case 't': o->topic = arg; return true;
	case 'g': o->group = arg; return true;
	case OPT_INSTANCE_ID: o->instance_id = arg; return true;
	case 'd': return add_to_list(o->data, &o->data_count, arg, "--data");
	case OPT_DELAY: return parse_int("--delay", arg, DELAY_MIN_MS, DELAY_MAX_MS, &o->delay_ms);
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
	case 'X':
		warn_secret_on_argv(arg);
		return parse_property(arg, "-X") && add_to_list(o->props, &o->prop_count, arg, "-X");
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
	case OPT_PROM: o->prom_file = arg; return true;
	case OPT_REPORT: o->report_file = arg; return true;
	case OPT_ARCHIVE: o->archive_dir = arg; return true;
	case OPT_LESSON: return parse_int("--lesson", arg, 0, 99, &o->lesson);
	default: return false;
	}
}

/* Whether an address of a --broker list ("host", "host:port", "[v6]:port", any of them after
 * "proto://"; n bytes at addr) has a port from 1 to 65535, or none (a bare IPv6 address has
 * none): librdkafka takes a larger one modulo 65536, and of one that is not a number its
 * leading digits (none: 0), so kticker would reach another port than the one it names. */
static bool broker_port_valid(const char *addr, size_t n)
{
	const char *end = addr + n, *host = addr;
	for (const char *p = addr; p + 3 <= end; p++)
		if (!strncmp(p, "://", 3)) {
			host = p + 3;
			break;
		}
	const char *colon;
	if (host < end && *host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));
		colon = close && close + 1 < end && close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = memchr(host, ':', (size_t)(end - host));
		if (colon && memchr(colon + 1, ':', (size_t)(end - colon - 1)))
			return true; /* a bare IPv6 address */
	}
	if (!colon)
		return true;
	long port = 0;
	for (const char *p = colon + 1; p < end; p++) {
		if (*p < '0' || *p > '9' || (port = port * 10 + (*p - '0')) > 65535)
			return false;
	}
	return port >= 1;
}

/* Each address of a --broker list (separated by commas or spaces, as librdkafka takes them)
 * has a valid port or none; the first that has not is said. */
static bool broker_ports_valid(const char *list)
{
	for (const char *s = list + strspn(list, " ,"); *s; s += strspn(s, " ,")) {
		size_t n = strcspn(s, " ,");
		if (!broker_port_valid(s, n)) {
			fprintf(stderr, "kticker: --broker %.*s: the port must be a number from 1 to 65535\n",
				(int)n, s);
			return false;
		}
		s += n;
	}
	return true;
}

/* As Kafka's own clients since 3.0: idempotent unless told otherwise, and a lower acks
 * (which idempotence cannot work with) turns it off; the producer's first event says so. */
static bool check_combination(struct options *o)
{
	if (o->local_cluster ? o->broker != NULL : o->state_dir != NULL) {
		fputs(o->broker ? "kticker: --cluster local starts its own brokers: drop --broker\n"
				: "kticker: --state is for --cluster local\n", stderr);
		return false;
	}
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

/* The command line's options, by code: the config file sets only the others. One slot for
 * --idempotence and --no-idempotence, which set the same thing. */
#define OPTION_CODES 512
static int given_slot(int c)
{
	return c == OPT_NO_IDEMPOTENCE ? OPT_IDEMPOTENCE : c;
}

static struct conffile config; /* kept for the whole run: the options point into its text */

static const struct option *long_option_named(const char *key, size_t len)
{
	for (const struct option *lo = long_options; lo->name; lo++)
		if (strlen(lo->name) == len && strncmp(lo->name, key, len) == 0)
			return lo;
	return NULL;
}

/* A flag in the file: name=true (or yes, 1) turns it on, name=false (no, 0) leaves it off. */
static bool parse_flag(const char *where, const char *name, const char *value, bool *on)
{
	*on = !strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1");
	if (*on || !strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
		return true;
	fprintf(stderr, "kticker: %s %s takes true or false (got '%s')\n", where, name, value);
	return false;
}

/* One key=value of the file: kticker's own option by its long name, else a librdkafka
 * property (collected in props, to go before -X's). */
static bool apply_file_setting(struct options *o, const struct conffile_entry *e, const bool *given,
			       const char **props, int *prop_count)
{
	char where[sizeof(config.path) + 16], name[64];
	snprintf(where, sizeof(where), "%s:%d:", config.path, e->line);
	const char *value = e->setting + e->key_len + 1;
	const struct option *lo = long_option_named(e->setting, e->key_len);
	if (!lo)
		return parse_property(e->setting, where) &&
		       add_to_list(props, prop_count, e->setting, "config file");
	snprintf(name, sizeof(name), "%s", lo->name);
	if (lo->val == 'F' || lo->val == 'h' || lo->val == 'V') {
		fprintf(stderr, "kticker: %s %s belongs on the command line\n", where, name);
		return false;
	}
	if (given[given_slot(lo->val)])
		return true; /* the command line wins */
	bool on = true;
	if (lo->has_arg == no_argument && !parse_flag(where, name, value, &on))
		return false;
	if (!on || apply_option(o, lo->val, value))
		return true;
	fprintf(stderr, "kticker: %s is set at %s\n", name, where);
	return false;
}

/* Reads the config file that applies (conffile.h) under what the command line gave. */
static bool read_config(struct options *o, const char *path, const bool *given)
{
	char err[sizeof(config.path) * 2 + 256];
	if (!conffile_load(&config, path, err, sizeof(err))) {
		fprintf(stderr, "kticker: %s\n", err);
		return false;
	}
	const char *props[OPTIONS_MAX_LIST];
	int count = 0;
	for (int i = 0; i < config.count; i++)
		if (!apply_file_setting(o, &config.entries[i], given, props, &count))
			return false;
	if (count + o->prop_count > OPTIONS_MAX_LIST) {
		fprintf(stderr, "kticker: too many properties (at most %d)\n", OPTIONS_MAX_LIST);
		return false;
	}
	/* the file's properties first: librdkafka takes the last value, so -X wins */
	memmove(o->props + count, o->props, (size_t)o->prop_count * sizeof(*o->props));
	memcpy(o->props, props, (size_t)count * sizeof(*props));
	o->prop_count += count;
	o->file_prop_count = count;
	o->config_file = config.path[0] ? config.path : NULL;
	if (o->config_file)
		eventlog_add(EVENT_INFO, "config: %d settings from %s", config.count, o->config_file);
	return true;
}

int options_parse(struct options *o, int argc, char **argv)
{
	set_defaults(o);
	int c;
	bool given[OPTION_CODES] = { false };
	const char *config_path = NULL;
	opterr = 0;
	optind = 0; /* glibc: start afresh, so parsing can be repeated */
	while ((c = getopt_long(argc, argv, ":b:t:g:d:X:F:hV", long_options, NULL)) != -1) {
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
		if (c == 'F') {
			config_path = optarg;
			continue;
		}
		given[given_slot(c)] = true;
		if (!apply_option(o, c, optarg))
			return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "kticker: unexpected argument '%s'\nTry 'kticker --help' for more information.\n",
			argv[optind]);
		return 2;
	}
	if (!read_config(o, config_path, given))
		return 2;
	return check_combination(o) && (!o->broker || broker_ports_valid(o->broker)) ? -1 : 2;
}
