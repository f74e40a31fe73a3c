/* main.c: kticker's start-up, run and shutdown sequence. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cluster.h"
#include "config.h"
#include "consumer.h"
#include "date.h"
#include "eventlog.h"
#include "headless.h"
#include "kconf.h"
#include "lessons.h"
#include "localcluster.h"
#include "metrics.h"
#include "options.h"
#include "pipeline.h"
#include "producer.h"
#include "prom.h"
#include "reaper.h"
#include "report.h"
#include "scenario.h"
#include "transform.h"
#include "ui.h"
#include "util.h"

#define DRAIN_MS 30000 /* how long the consumer may take to read what was delivered */
#define DRAIN_TELL_MS 2000 /* a drain this long is told, not waited through silently */
/* The stop, from the end of the run: the producer's flush (PRODUCER_STOP_FLUSH_MS), then the
 * clients' commit and close. A container stop allows 10 s before SIGKILL. */
#define SHUTDOWN_MS 5000

static volatile sig_atomic_t stop_requested; /* how many stop signals came (at most 2) */
static volatile sig_atomic_t screen_up;      /* the screen loop runs: it restores the terminal */
static struct pipeline *signal_pipe;         /* for the counts a second signal tells */

/* Each asks for the same clean shutdown: flush, commit, summary, report, terminal restored.
 * SIGHUP too: a closed terminal or SSH session must not lose the commits. */
static const int stop_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };

/* Async-signal-safe: appends the decimal digits of n at out; returns the end. */
static char *put_number(char *out, uint64_t n)
{
	char digits[24];
	int len = 0;
	do
		digits[len++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	while (len > 0)
		*out++ = digits[--len];
	return out;
}

static char *put_text(char *out, const char *text)
{
	while (*text)
		*out++ = *text++;
	return out;
}

/* A second stop signal: the user will not wait for the flush and commit. Says what is lost
 * and ends now, with only async-signal-safe calls (the counters are lock-free atomics). */
static void exit_at_once(void)
{
	char line[320], *end = put_text(line, "kticker: second signal: exiting at once, without "
				     "waiting for deliveries or committing offsets");
	if (signal_pipe) {
		struct counters *c = &signal_pipe->counters;
		uint64_t produced = counter_get(&c->produced), delivered = counter_get(&c->delivered);
		end = put_text(end, " (produced ");
		end = put_number(end, produced);
		end = put_text(end, ", delivered ");
		end = put_number(end, delivered);
		end = put_text(end, ": ");
		end = put_number(end, produced > delivered ? produced - delivered : 0);
		end = put_text(end, " not known to be delivered)");
	}
	*end++ = '\n';
	ssize_t ignored = write(STDERR_FILENO, line, (size_t)(end - line));
	(void)ignored;
	_exit(1);
}

static void on_signal(int sig)
{
	(void)sig;
	if (stop_requested < 2)
		stop_requested++;
	if (stop_requested >= 2 && !screen_up)
		exit_at_once(); /* with the screen up, its loop ends first and restores the terminal */
}

static void set_stop_signals_blocked(bool blocked)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_LEN(stop_signals); i++)
		sigaddset(&set, stop_signals[i]);
	pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* The handlers, with the signals blocked until the worker threads exist: they inherit the
 * mask, so only the main thread takes a signal, and its sleep or screen loop notices at once.
 * A signal sent during start-up waits, pending, and stops the run as soon as it begins. */
static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(stop_signals); i++)
		sigaction(stop_signals[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	set_stop_signals_blocked(true);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_data(const char *dir)
{
	char marker[PATH_MAX + 32];
	snprintf(marker, sizeof(marker), "%s/SOURCES.md", dir);
	return access(marker, R_OK) == 0;
}

/* The bundled data: beside the binary in a build tree, else where make install put it, else
 * (an uninstalled build in a directory of its own, as make distcheck makes) in the sources
 * it was built from. */
static const char *default_data_dir(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, size, "%s/../data", exe);
			if (has_data(buf))
				return buf;
		}
	}
	return has_data(KTICKER_DATADIR) || !has_data(KTICKER_SRCDATA) ? KTICKER_DATADIR : KTICKER_SRCDATA;
}

/* Prints new events to stderr (and --log). */
struct event_printer {
	uint64_t last_id;
	FILE *log;
};

static void print_events(struct event_printer *ep)
{
	struct event ev[64];
	unsigned n;
	uint64_t missed;
	while ((n = eventlog_read(ep->last_id, ev, ARRAY_LEN(ev), &missed)) > 0) {
		if (missed)
			fprintf(stderr, "kticker: %llu events not shown\n", (unsigned long long)missed);
		for (unsigned i = 0; i < n; i++) {
			fprintf(stderr, "kticker: %s: %s\n", event_level_name(ev[i].level), ev[i].text);
			if (ep->log)
				eventlog_write(ep->log, &ev[i]);
		}
		ep->last_id = ev[n - 1].id;
	}
	if (ep->log)
		fflush(ep->log);
}

static void tell_data_loaded(const struct feed *f)
{
	char skipped[96] = "";
	if (f->rows_before_start) {
		char date[DATE_TEXT_LEN];
		date_format(f->from_date, date);
		snprintf(skipped, sizeof(skipped), " (%llu row%s before --from %s not read)",
			 (unsigned long long)f->rows_before_start, plural((long long)f->rows_before_start),
			 date);
	}
	eventlog_add(EVENT_INFO, "data: %zu row%s of %zu symbol%s over %zu day%s from %llu file%s, %llu bad row%s%s",
		     f->bar_count, plural((long long)f->bar_count), f->symbol_count,
		     plural((long long)f->symbol_count), f->day_count, plural((long long)f->day_count),
		     (unsigned long long)f->files_loaded, plural((long long)f->files_loaded),
		     (unsigned long long)f->bad_rows, plural((long long)f->bad_rows), skipped);
}

static bool load_data(struct pipeline *p, struct event_printer *ep)
{
	const struct options *o = p->opt;
	char buf[PATH_MAX + 16];
	const char *fallback[1] = { default_data_dir(buf, sizeof(buf)) };
	const char *const *paths = o->data_count ? o->data : fallback;
	int count = o->data_count ? o->data_count : 1;
	if (!o->data_count && !is_dir(fallback[0])) {
		fprintf(stderr, "kticker: no bundled data at %s: give CSV files with --data PATH\n",
			fallback[0]);
		return false;
	}
	int64_t start = mono_us();
	int rc = feed_load(&p->feed, paths, count, o->from_date);
	p->startup.data_us = mono_us() - start;
	print_events(ep);
	if (rc != 0 && p->feed.rows_before_start && !p->feed.bad_rows) {
		char date[DATE_TEXT_LEN];
		date_format(p->feed.last_date_before_start, date);
		fprintf(stderr, "kticker: --from is after the last date in the data (%s)\n", date);
		return false;
	}
	if (rc != 0) {
		fputs("kticker: no usable rows in the data given (see the messages above)\n", stderr);
		return false;
	}
	tell_data_loaded(&p->feed);
	return true;
}

/* On the bundled data without --from, the replay opens where most symbols trade
 * (csvfeed.h), and says so. Files given with --data are replayed from their first date. */
static void choose_start(struct options *o, const struct feed *f)
{
	if (o->from_date || o->data_count)
		return;
	o->from_date = feed_lively_start(f);
	char date[DATE_TEXT_LEN];
	date_format(o->from_date, date);
	eventlog_add(EVENT_INFO, "replay starts at %s, the first date when 3/4 of the symbols trade "
		     "(--from DATE to choose)", date);
}

/* Every partition assigned, its high watermark known and read up to. */
static bool consumer_caught_up(struct pipeline *p)
{
	struct partition_offsets parts[PARTITIONS_MAX];
	int n = lagboard_snapshot(&p->lag, parts, PARTITIONS_MAX);
	if (n == 0 || n < atomic_load(&p->control.partitions))
		return false;
	for (int i = 0; i < n; i++)
		if (!parts[i].assigned || !partition_offsets_read_to_end(&parts[i]))
			return false; /* an empty partition never read is read to its end */
	return true;
}

/* The producer is done and every tick it sent has its delivery report. */
static bool all_sent(struct pipeline *p)
{
	struct counters *c = &p->counters;
	return atomic_load(&c->producer_done) &&
	       counter_get(&c->delivered) + counter_get(&c->delivery_failed) >= counter_get(&c->produced);
}

/* What the main loop does besides drawing: the --scenario steps, the --metrics rows and the
 * --prom file. */
struct extras {
	struct scenario scenario;
	struct metrics metrics;
	struct prom prom;
};

static struct extras extras;

/* Returns the monotonic ms the next of them is due: 0 (every frame) while a broker is down. */
static int64_t poll_extras(struct pipeline *p)
{
	int64_t due = scenario_poll(&extras.scenario, p);
	if (fault_poll(&p->faults))
		due = 0;
	int64_t metrics_due = metrics_poll(&extras.metrics, p);
	int64_t prom_due = prom_poll(&extras.prom, p);
	due = metrics_due < due ? metrics_due : due;
	return prom_due < due ? prom_due : due;
}

static bool open_extras(const struct options *o)
{
	char err[512];
	if (o->scenario_file && !scenario_load(&extras.scenario, o->scenario_file, err, sizeof(err))) {
		fprintf(stderr, "kticker: %s\n", err);
		return false;
	}
	if (o->metrics_file && !metrics_open(&extras.metrics, o->metrics_file, err, sizeof(err))) {
		fprintf(stderr, "kticker: %s\n", err);
		return false;
	}
	if (o->prom_file && !prom_open(&extras.prom, o->prom_file, err, sizeof(err))) {
		fprintf(stderr, "kticker: %s\n", err);
		return false;
	}
	if (o->report_file && !report_check(o->report_file, err, sizeof(err))) {
		fprintf(stderr, "kticker: %s\n", err);
		return false;
	}
	return true;
}

/* False when the --metrics or --prom file could not be written (reported). The --prom file
 * is written a last time, with the offsets the run ended on. */
static bool close_extras(struct pipeline *p)
{
	scenario_free(&extras.scenario);
	bool prom_ok = prom_close(&extras.prom, p);
	return metrics_close(&extras.metrics) && prom_ok;
}

/* Everything printed reached stdout: a full disk or a closed pipe is a failed run. */
static bool stdout_written(void)
{
	int e = fflush(stdout) == 0 ? 0 : errno;
	if (!e && !ferror(stdout))
		return true;
	/* glibc drops what a failed write could not write: the first error's errno is gone */
	fprintf(stderr, "kticker: writing to stdout failed%s%s\n", e ? ": " : "", e ? strerror(e) : "");
	return false;
}

#define HEADLESS_CHECK_MS 20 /* the headless loop's checks, when no bell rings sooner */

/* Whether a --count or data-bound headless run is over, by role. */
static bool run_complete(struct pipeline *p, int caught_up_checks)
{
	const struct options *o = p->opt;
	struct counters *c = &p->counters;
	if (o->role == ROLE_PRODUCER)
		return all_sent(p);
	if (o->role == ROLE_CONSUMER)
		return o->count && counter_get(&c->consumed) >= (uint64_t)o->count;
	if (o->role == ROLE_TRANSFORM)
		return o->count && counter_get(&c->enriched) >= (uint64_t)o->count;
	if (o->transform && counter_get(&c->enriched) < counter_get(&c->delivered))
		return false; /* the transform has not read everything yet */
	return all_sent(p) && (counter_get(&c->consumed_own_distinct) >= counter_get(&c->delivered) ||
			       caught_up_checks >= 3);
}

/* Runs until a signal, or the --duration, or else until the --count or the data is done
 * and consumed, or until the consumer has read to the end of every partition without
 * finding the rest (deleted by retention first): waiting longer could not bring them back. */
static void run_headless(struct pipeline *p, struct event_printer *ep)
{
	const struct options *o = p->opt;
	struct status_clock clock;
	status_clock_start(&clock);
	int64_t next_status = clock.start_ms + 1000;
	int64_t deadline = o->duration_s ? clock.start_ms + (int64_t)o->duration_s * 1000 : INT64_MAX;
	int caught_up_checks = 0;
	while (!stop_requested && mono_ms() < deadline) {
		bell_wait(&p->end_bell, HEADLESS_CHECK_MS);
		print_events(ep);
		poll_extras(p);
		if (mono_ms() >= next_status) {
			status_print(stdout, p, &clock);
			next_status += 1000;
			/* checks a second apart, so a fetch in flight gets its chance to land */
			caught_up_checks = consumer_caught_up(p) ? caught_up_checks + 1 : 0;
		}
		if (!o->duration_s && run_complete(p, caught_up_checks))
			break;
	}
}

static uint64_t unread_in(const struct topic_tally *t)
{
	uint64_t delivered = counter_get(&t->delivered), read = counter_get(&t->consumed_distinct);
	return delivered > read ? delivered - read : 0;
}

/* Why ticks delivered to the topic the consumer reads were not read: "" when unknown. A
 * claim that they are not in the log needs every delivered tick tallied by topic. */
static const char *why_unread_here(struct pipeline *p, uint64_t tallied)
{
	struct partition_offsets parts[PARTITIONS_MAX];
	int n = lagboard_snapshot(&p->lag, parts, PARTITIONS_MAX);
	int64_t deleted = 0;
	for (int i = 0; i < n; i++)
		deleted += parts[i].log_start > 0 ? parts[i].log_start : 0;
	if (deleted)
		return ": retention deleted the start of the log before the consumer read it";
	if (counter_get(&p->counters.rewound_ahead))
		return ": a rewind moved the consumer past them";
	if (consumer_caught_up(p) && tallied == counter_get(&p->counters.delivered))
		return ": the consumer read every partition to its end without them (acknowledged, "
		       "yet not in the log)";
	return "";
}

/* Says where the delivered ticks the consumer did not read are, topic by topic (what it read
 * again of one topic hides nothing unread in another): those of a topic it left (a topic
 * switch) are there, unread; only the rest are looked for in the topic it reads. */
static void warn_unconsumed(struct pipeline *p)
{
	char reading[TOPIC_NAME_MAX + 1], where[1024] = "";
	lagboard_topic(&p->lag, reading);
	uint64_t tallied = 0, left_unread = 0, here = 0;
	size_t used = 0;
	int n = topic_tallies_count(&p->topics);
	for (int i = 0; i < n; i++) {
		const struct topic_tally *t = &p->topics.tallies[i];
		tallied += counter_get(&t->delivered);
		if (strcmp(t->name, reading) == 0) {
			here += unread_in(t);
			continue;
		}
		left_unread += unread_in(t);
		if (unread_in(t) && used < sizeof(where) - 1)
			used += (size_t)snprintf(where + used, sizeof(where) - used, "%s%llu delivered to "
						 "topic %s, which the consumer left before reading them",
						 used ? "; " : ": ", (unsigned long long)unread_in(t), t->name);
	}
	uint64_t delivered = counter_get(&p->counters.delivered);
	here += delivered > tallied ? delivered - tallied : 0; /* topics beyond the tallies' room */
	if (!here && !left_unread)
		return;
	const char *why = why_unread_here(p, tallied);
	if (here && !used)
		snprintf(where, sizeof(where), "%s", why);
	else if (here && used < sizeof(where) - 1)
		snprintf(where + used, sizeof(where) - used, "; %llu in topic %s, which it reads%s",
			 (unsigned long long)here, reading, why);
	eventlog_add(EVENT_WARN, "%llu delivered ticks were not consumed before shutdown%s",
		     (unsigned long long)(here + left_unread), where);
}

/* After the producer stopped: lets the consumer read everything that was delivered (what it
 * did not is said once it has stopped: warn_unconsumed). */
static void drain(struct pipeline *p, struct event_printer *ep)
{
	int64_t start = mono_ms(), deadline = start + DRAIN_MS, caught_up_since = 0;
	bool told = false;
	while (!stop_requested && mono_ms() < deadline &&
	       counter_get(&p->counters.consumed_own_distinct) < counter_get(&p->counters.delivered)) {
		bell_wait(&p->end_bell, HEADLESS_CHECK_MS);
		uint64_t delivered = counter_get(&p->counters.delivered);
		uint64_t consumed = counter_get(&p->counters.consumed_own_distinct);
		if (!told && consumed < delivered && mono_ms() - start >= DRAIN_TELL_MS) {
			told = true; /* a long wait says what it waits for */
			eventlog_add(EVENT_INFO, "waiting for the consumer to read %llu delivered ticks (at "
				     "most %d s more; Ctrl-C stops)", (unsigned long long)(delivered - consumed),
				     (int)((deadline - mono_ms()) / 1000));
		}
		print_events(ep);
		metrics_poll(&extras.metrics, p);
		/* read to the end of every partition for a second: the rest is not in the log */
		if (!consumer_caught_up(p))
			caught_up_since = 0;
		else if (!caught_up_since)
			caught_up_since = mono_ms();
		else if (mono_ms() - caught_up_since > 1000)
			break;
	}
}

/* A consumer run that was to read (--count or --duration) but was never given a partition
 * did nothing: said, and not exit 0. */
static bool never_assigned(struct pipeline *p, struct consumer *c)
{
	const struct options *o = p->opt;
	if (o->role != ROLE_CONSUMER || (!o->count && !o->duration_s) || atomic_load(&c->ever_assigned))
		return false;
	fprintf(stderr, "kticker: consumed nothing: group %s never assigned this member a partition: "
		"the other members hold them all, or a member that died without leaving keeps its "
		"own until its session timeout (%d s) ends (--instance-id lets a restarted member "
		"take them back at once)\n", o->group, c->session_timeout_ms / 1000);
	return true;
}

/* The clients' commit and close, on a thread of their own so the shutdown can stop waiting
 * for a cluster that does not answer. Static: it may outlive run() when abandoned. */
struct teardown {
	struct pipeline *p;
	struct consumer consumer;
	struct transform transform;
	struct bell done;
};

static struct teardown teardown;
static bool clients_abandoned; /* still closing when kticker exits: skip their cleanup */
/* closed, but librdkafka still destroying them when kticker exits (reaper.h): the run's
 * figures are whole, only the process's cleanup is skipped */
static bool clients_left_destroying;

#define REAPER_EXIT_WAIT_MS 2000 /* a destroy that works takes a few ms */

/* After the clients closed: a destroy in progress (reaper.h) is waited for a little, then left. */
static void leave_destroys(void)
{
	if (reaper_wait(REAPER_EXIT_WAIT_MS))
		return;
	clients_left_destroying = true;
	eventlog_add(EVENT_WARN, "exiting without waiting for librdkafka to destroy a closed client "
		     "(the event log says which): it was closed, its final commit made as the close said");
}

static void *teardown_main(void *arg)
{
	struct teardown *t = arg;
	lookup_stop(&t->p->lookup);
	consumer_stop(&t->consumer);
	transform_stop(&t->transform);
	/* the summary's lag is the cluster's, asked after the consumer's last commit */
	offsetwatch_finish(&t->p->offsets);
	bell_ring(&t->done);
	return NULL;
}

/* Closes the clients, waiting at most budget_ms (and not after a second signal: the handler
 * ends kticker then); false when they were left closing, said in the event log. */
static bool close_clients(struct teardown *t, int64_t budget_ms)
{
	pthread_t thread;
	bell_init(&t->done);
	if (!thread_start(&thread, teardown_main, t, "kt:teardown")) {
		teardown_main(t);
		return true;
	}
	if (bell_wait(&t->done, budget_ms > 500 ? budget_ms : 500)) { /* a healthy close takes a few ms */
		pthread_join(thread, NULL);
		leave_destroys();
		return true;
	}
	pthread_detach(thread);
	eventlog_add(EVENT_ERROR, "shutdown cut at %d s: the cluster did not answer the final commit "
		     "and close; offsets read since the last commit will be read again", SHUTDOWN_MS / 1000);
	return false;
}

/* --report: the file always, and in headless mode the table too. */
static bool write_report(struct pipeline *p)
{
	const struct options *o = p->opt;
	if (!o->report_file)
		return true;
	if (o->headless)
		report_print(stdout, &p->market);
	char err[512];
	if (report_write(o->report_file, &p->market, err, sizeof(err)))
		return true;
	fprintf(stderr, "kticker: %s\n", err);
	return false;
}

static struct localcluster local; /* --cluster local's brokers, kticker's child processes */

/* Whether every --data path is there, or without --data the bundled data's directory. */
static bool data_paths_exist(const struct options *o)
{
	char buf[PATH_MAX + 16];
	if (!o->data_count)
		return is_dir(default_data_dir(buf, sizeof(buf)));
	for (int i = 0; i < o->data_count; i++)
		if (access(o->data[i], F_OK) != 0)
			return false;
	return true;
}

/* The cluster starts while the CSV files load, but for a local one, whose brokers start before
 * any thread does, and for the embedded one under --from, which only the data can refuse, or
 * with data that is not there: it would start, and announce itself, for a run that may never
 * come (with other data that is, it starts once that is loaded). A real cluster's admin client
 * connects without a word. */
static bool cluster_starts_early(const struct options *o)
{
	return !o->local_cluster && (o->broker || (!o->from_date && data_paths_exist(o)));
}

/* --cluster local: the brokers start before any thread does (see localcluster.h); from then
 * on kticker uses them as any real cluster given with --broker. */
static bool start_local_cluster(struct options *o)
{
	if (!o->local_cluster)
		return true;
	char err[2048];
	if (!localcluster_start(&local, o->brokers, o->state_dir, &stop_requested, err, sizeof(err))) {
		fprintf(stderr, "kticker: %s\n", err);
		return false;
	}
	o->broker = local.bootstrap;
	return true;
}

static int run(struct pipeline *p, struct event_printer *ep)
{
	const struct options *o = p->opt;
	char err[512];
	int partitions;
	int64_t start = mono_us();
	if (!cluster_open(&p->cluster, o, err, sizeof(err)) ||
	    !cluster_ensure_topic(&p->cluster, o->topic, o->partitions, &partitions, err, sizeof(err))) {
		print_events(ep);
		fprintf(stderr, "kticker: %s\n", err);
		return 1;
	}
	p->startup.cluster_us = mono_us() - start;
	control_init(&p->control, &p->cluster, o, partitions);
	faults_init(&p->faults, &p->cluster, &p->control, o->group);
	p->faults.local = o->local_cluster ? &local : NULL;
	control_start_worker(&p->control);
	if (!offsetwatch_start(&p->offsets, o, &p->cluster, &p->control, &p->lag, err,
			       sizeof(err))) {
		print_events(ep);
		fprintf(stderr, "kticker: %s\n", err);
		control_free(&p->control);
		return 1;
	}
	printf("bootstrap: %s\n", p->cluster.bootstrap);
	fflush(stdout);
	struct consumer *consumer = &teardown.consumer;
	struct transform *transform = &teardown.transform;
	struct producer producer = { 0 };
	teardown.p = p;
	bool started = (!options_has_consumer(o) || consumer_start(consumer, p, err, sizeof(err))) &&
		       (!options_has_producer(o) || producer_start(&producer, p, err, sizeof(err))) &&
		       (!o->transform || transform_start(transform, p, err, sizeof(err)));
	if (!started) {
		print_events(ep);
		fprintf(stderr, "kticker: %s\n", err);
		producer_stop(&producer);
		consumer_stop(consumer);
		transform_stop(transform);
		offsetwatch_finish(&p->offsets);
		control_free(&p->control);
		return 1;
	}
	set_stop_signals_blocked(false); /* every worker thread is started, with them blocked */
	scenario_start(&extras.scenario);
	/* the steps at second 0 now, not at the first poll (up to HEADLESS_CHECK_MS later, when
	 * a consumer could have read thousands of ticks): the consumer reads nothing before its
	 * group's join, a few round trips to the cluster away */
	scenario_poll(&extras.scenario, p);
	int64_t flush_ms;
	if (o->headless) {
		run_headless(p, ep);
		flush_ms = mono_ms();
		fault_end_produce_failures(&p->faults);
		producer_stop(&producer);
		flush_ms = mono_ms() - flush_ms;
		if (o->role == ROLE_BOTH)
			drain(p, ep);
	} else {
		lookup_start(&p->lookup, p->cluster.admin, &p->offsets, o->group);
		screen_up = 1;
		ep->last_id = ui_run(p, &stop_requested, ep->log, ep->last_id, poll_extras);
		screen_up = 0;
		if (stop_requested >= 2)
			exit_at_once(); /* the second came while the screen was still up */
		if (!stop_requested)
			stop_requested = 1; /* q was the first request: a signal now is the second */
		fprintf(stderr, "kticker: flushing the producer and committing offsets (at most %d s; "
			"a second Ctrl-C exits at once)...\n", SHUTDOWN_MS / 1000);
		flush_ms = mono_ms();
		fault_end_produce_failures(&p->faults);
		producer_stop(&producer);
		flush_ms = mono_ms() - flush_ms;
	}
	clients_abandoned = !close_clients(&teardown, SHUTDOWN_MS - flush_ms);
	if (o->headless && o->role == ROLE_BOTH)
		warn_unconsumed(p); /* counted once the consumer has finished its last batch */
	print_events(ep);
	metrics_final(&extras.metrics, p);
	summary_print(stdout, p);
	bool archived = !consumer->archive.failed; /* every failure was reported as it happened */
	bool idle = never_assigned(p, consumer) || atomic_load(&consumer->fatal);
	int status = write_report(p) && archived && !clients_abandoned && !idle ? summary_exit_status(p) : 1;
	if (!clients_abandoned)
		control_free(&p->control); /* last: the summary reads the topic under its lock */
	return status;
}

/* The end of a run whose clients were left closing: what was printed is flushed, and the
 * process ends without freeing what their threads still use. */
static _Noreturn void exit_abandoned(struct event_printer *ep, int rc)
{
	print_events(ep);
	stdout_written();
	if (ep->log)
		fclose(ep->log);
	_exit(rc);
}

int main(int argc, char **argv)
{
	struct options opt;
	int rc = options_parse(&opt, argc, argv);
	if (rc >= 0)
		return rc;
	if (opt.lesson >= 0)
		return lessons_print(stdout, opt.lesson);
	if (!opt.headless && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fputs("kticker: the screen needs a terminal: run it in one, or use --headless\n", stderr);
		return 2;
	}
	install_signals();
	struct event_printer ep = { 0 };
	if (opt.log_file && !(ep.log = fopen(opt.log_file, "a"))) {
		perror(opt.log_file);
		return 2;
	}
	static struct pipeline pipe; /* large, and shared with the threads: not on the stack */
	pipe.opt = &opt;
	signal_pipe = &pipe;
	market_init(&pipe.market);
	lagboard_init(&pipe.lag);
	topic_tallies_init(&pipe.topics);
	offsetwatch_init(&pipe.offsets);
	deadletters_init(&pipe.deadletters);
	bell_init(&pipe.end_bell);
	if (!open_extras(&opt))
		return 2;
	rc = 1;
	kconf_skip_unused_sasl(&opt);
	if (cluster_starts_early(&opt))
		cluster_begin(&pipe.cluster, &opt);
	if (load_data(&pipe, &ep) && start_local_cluster(&opt)) {
		choose_start(&opt, &pipe.feed);
		rc = run(&pipe, &ep);
	}
	if (!close_extras(&pipe) && rc == 0)
		rc = 1;
	if (clients_abandoned) /* their threads still wait on the cluster: no cleanup under them */
		exit_abandoned(&ep, rc);
	if (clients_left_destroying) { /* nor under librdkafka's, which use only their own client */
		localcluster_stop(&local);
		exit_abandoned(&ep, rc);
	}
	cluster_close(&pipe.cluster);
	localcluster_stop(&local);
	print_events(&ep);
	if (!stdout_written() && rc == 0)
		rc = 1;
	feed_free(&pipe.feed);
	market_free(&pipe.market);
	lagboard_free(&pipe.lag);
	topic_tallies_free(&pipe.topics);
	offsetwatch_free(&pipe.offsets);
	deadletters_free(&pipe.deadletters);
	bell_free(&pipe.end_bell);
	timelag_free(&pipe.timelag);
	if (ep.log)
		fclose(ep.log);
	return rc;
}
