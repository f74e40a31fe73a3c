/* kconf.c: librdkafka client configuration common to every client kticker creates. */
#include "kconf.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <time.h>

#include "eventlog.h"
#include "util.h"

/* librdkafka logs from its own threads: into the event log, never onto the terminal. */
void kconf_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	enum event_level ours = level <= 3 ? EVENT_ERROR : level <= 4 ? EVENT_WARN :
				level <= 6 ? EVENT_INFO : EVENT_DEBUG;
	/* A failed login or TLS handshake is told once, by the error callback (the start-up
	 * check stops on it), not by this line too on every retry. */
	if (strstr(buf, "SASL authentication error") || strstr(buf, "mechanism handshake failed") ||
	    strstr(buf, "in state SSL_HANDSHAKE"))
		return;
	eventlog_add(ours, "%s: %s: %s", rd_kafka_name(rk), fac, buf);
}

/* Without an error callback librdkafka logs each error a second time (an ERROR line after
 * the FAIL line that has the detail). A lost connection is already in the log: only the
 * other errors, such as all brokers down, are added. */
static void (*all_brokers_down_hook)(void *arg, const char *reason);
static void *all_brokers_down_arg;

void kconf_on_all_brokers_down(void (*hook)(void *arg, const char *reason), void *arg)
{
	all_brokers_down_hook = hook;
	all_brokers_down_arg = arg;
}

/* set once the cluster is open; librdkafka's threads read it */
static atomic_int cluster_brokers;

void kconf_set_cluster_brokers(int count)
{
	atomic_store(&cluster_brokers, count);
}

void kconf_brokers_down_text(char *out, size_t size, const char *reason)
{
	int down, handles, end = 0;
	int brokers = atomic_load(&cluster_brokers);
	if (brokers > 0 && sscanf(reason, "%d/%d brokers are down%n", &down, &handles, &end) == 2 &&
	    end > 0 && !reason[end])
		snprintf(out, size, "%d/%d brokers are down", brokers, brokers);
	else
		snprintf(out, size, "%s", reason);
}

static void error_to_eventlog(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	(void)opaque;
	if (err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__RESOLVE)
		return;
	char text[512];
	kconf_brokers_down_text(text, sizeof(text), reason);
	eventlog_add(EVENT_ERROR, "%s: %s", rd_kafka_name(rk), text);
	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && all_brokers_down_hook)
		all_brokers_down_hook(all_brokers_down_arg, text);
}

bool kconf_set(rd_kafka_conf_t *conf, const char *name, const char *value, char *err,
	       size_t err_size)
{
	return rd_kafka_conf_set(conf, name, value, err, err_size) == RD_KAFKA_CONF_OK;
}

bool kconf_set_int(rd_kafka_conf_t *conf, const char *name, int value, char *err, size_t err_size)
{
	char text[16];
	snprintf(text, sizeof(text), "%d", value);
	return kconf_set(conf, name, text, err, err_size);
}

bool kconf_is_secret(const char *name)
{
	/* ssl.key.location names a file (its contents are the secret): it may be shown */
	bool key_material = strncmp(name, "ssl.key.", 8) == 0 && strcmp(name, "ssl.key.location") != 0;
	return strstr(name, "password") || strstr(name, "secret") || key_material ||
	       strcmp(name, "ssl_key") == 0 || strcmp(name, "sasl.oauthbearer.config") == 0;
}

/* An unknown key may be a mistyped secret (sasl.pasword): its value is not shown either. */
const char *kconf_shown_value(const char *name, const char *value, bool known)
{
	if (kconf_is_secret(name))
		return "(secret)";
	return known ? value : "...";
}

static bool apply_property(rd_kafka_conf_t *conf, const char *prop, char *err, size_t err_size)
{
	char name[256];
	const char *eq = strchr(prop, '=');
	size_t n = (size_t)(eq - prop);
	if (n >= sizeof(name)) {
		snprintf(err, err_size, "%.40s...: property name too long", prop);
		return false;
	}
	memcpy(name, prop, n);
	name[n] = '\0';
	char why[400];
	rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, name, eq + 1, why, sizeof(why));
	if (res != RD_KAFKA_CONF_OK) {
		snprintf(err, err_size, "%s=%s: %s", name,
			 kconf_shown_value(name, eq + 1, res != RD_KAFKA_CONF_UNKNOWN), why);
		return false;
	}
	return true;
}

const char *kconf_user_value(const struct options *o, const char *name)
{
	size_t n = strlen(name);
	const char *value = NULL;
	for (int i = 0; i < o->prop_count; i++)
		if (strncmp(o->props[i], name, n) == 0 && o->props[i][n] == '=')
			value = o->props[i] + n + 1;
	return value;
}

void kconf_skip_unused_sasl(const struct options *o)
{
	const char *protocol = kconf_user_value(o, "security.protocol");
	if (!protocol || strncasecmp(protocol, "sasl", 4) != 0)
		setenv("SASL_PATH", "/nonexistent", 0); /* a path the user set stands */
}

bool kconf_apply_user(rd_kafka_conf_t *conf, const struct options *o, char *err, size_t err_size)
{
	for (int i = 0; i < o->prop_count; i++)
		if (!apply_property(conf, o->props[i], err, err_size))
			return false;
	return true;
}

/* The value of prop when it is NAME=value, else NULL. */
static const char *value_of(const char *prop, const char *name)
{
	size_t n = strlen(name);
	return strncmp(prop, name, n) == 0 && prop[n] == '=' ? prop + n + 1 : NULL;
}

/* The index in props of the user's linger, -1 if none. */
static int user_linger_index(const struct options *o)
{
	for (int i = o->prop_count - 1; i >= 0; i--) /* the last one wins, as in librdkafka */
		if (value_of(o->props[i], "linger.ms") ||
		    value_of(o->props[i], "queue.buffering.max.ms")) /* librdkafka's alias */
			return i;
	return -1;
}

const char *kconf_user_linger(const struct options *o)
{
	int i = user_linger_index(o);
	return i < 0 ? NULL : strchr(o->props[i], '=') + 1;
}

const char *kconf_user_linger_source(const struct options *o)
{
	return user_linger_index(o) < o->file_prop_count ? "file" : "-X";
}

/* Debian's mock cluster (librdkafka 2.0.2) lets a member go only when its LeaveGroup is read or
 * its session times out, and it reads nothing more from a connection while that connection's
 * JoinGroup or SyncGroup waits for the group: a member closed in the middle of a join (a topic
 * switch during a rebalance) or crashed stays in the group, holding everyone's SyncGroup, for
 * its whole session. A short session keeps a topic switch or a second member on the embedded
 * cluster to seconds instead of the default 45.
 *
 * Worse, when the mock's thread is held up past a waiting member's session (a stopped or
 * starved process), its once-a-second check counts that session expired before the group
 * answers the JoinGroup: the member is dropped with its answer, and the connection is never
 * read again (rd_kafka_mock_cgrp_member_destroy, 2.0.2 and still in 2.15). The client waits
 * max.poll.interval.ms + 3 s for that answer before it closes the connection and joins anew:
 * 303 s by default, 23 s here. The interval also bounds how long a member's thread may go
 * without taking messages before it leaves the group: the consumer takes them at least every
 * second (a throttle sleeps a tenth of a second's worth at a time), the transform after its
 * output's flush, at most 10 s (TRANSFORM_FLUSH_MS). librdkafka refuses an interval below the
 * session, so a longer session from the user's -X sets it. */
#define EMBEDDED_SESSION_MS 6000
#define EMBEDDED_JOIN_WAIT_MS 20000

bool kconf_set_group_session(rd_kafka_conf_t *conf, const struct options *o, bool mock,
			     char *err, size_t err_size)
{
	if (!mock)
		return true;
	const char *user_session = kconf_user_value(o, "session.timeout.ms");
	int session = user_session ? atoi(user_session) : EMBEDDED_SESSION_MS;
	return kconf_set_int(conf, "session.timeout.ms", EMBEDDED_SESSION_MS, err, err_size) &&
	       kconf_set(conf, "heartbeat.interval.ms", "1000", err, err_size) &&
	       kconf_set_int(conf, "max.poll.interval.ms",
		      session > EMBEDDED_JOIN_WAIT_MS ? session : EMBEDDED_JOIN_WAIT_MS, err, err_size);
}

/* The mock cluster holds a Fetch with no data for the whole fetch.wait.max.ms (500 ms by
 * default) and does not answer early when data arrives, so every tick would wait for the
 * fetch in progress to end: a short wait costs a few empty fetches per second instead. Now
 * that the fetcher keeps up, it would also prefetch up to 100 000 messages, more than the
 * mock keeps (about 5 MB per partition): a throttled consumer's lag would sit in its own
 * memory and retention would never overtake it. The producer's lead (EMBEDDED_LEAD_MAX) stays
 * below this prefetch. */
bool kconf_set_embedded_fetch(rd_kafka_conf_t *conf, bool mock, char *err, size_t err_size)
{
	return !mock ||
	       (kconf_set(conf, "fetch.wait.max.ms", EMBEDDED_FETCH_WAIT_MS, err, err_size) &&
		kconf_set(conf, "queued.min.messages", EMBEDDED_PREFETCH_MAX, err, err_size));
}

/* librdkafka 2.0.2's main thread (rdk:main, one per client) waits for its next timer in whole
 * milliseconds, rounded down, and then polls without waiting until the timer is due: up to
 * 1 ms of busy loop before each timer, at least once a second per client. That was over half
 * of a paused screen's CPU. With 2 ms of timer slack the wait's wake-up lands past the timer
 * instead. The thread runs only timers and queued requests: a queued request still wakes it at
 * once, and a timer (the 1 s scan, heartbeats, commits) is at most 2 ms late. */
#define MAIN_THREAD_TIMER_SLACK_NS 2000000UL

/* A producer's broker threads (rdk:broker*) in librdkafka 2.0.2 busy-loop while they wait for
 * an answer to an idempotent produce request: rd_kafka_toppar_producer_serve allows at most 5
 * "in flight" per partition (RD_KAFKA_IDEMP_MAX_INFLIGHT) but counts messages, not requests,
 * so a partition waits for its one request's answer; with linger.ms 0 the ticks waiting
 * meanwhile are past their linger, so the thread's next wake-up is "now" and it polls its
 * socket without waiting, again and again. That was 25 000 to 50 000 polls (perf stat, two
 * sessions) and up to a fifth of the CPU for 200 000 ticks, taken from the broker too on a
 * small machine. kcat does the same.
 *
 * A poll of such a thread that asked not to wait and found nothing waits up to 1 ms for the
 * same descriptors instead: the answer arriving on the socket, or new work on the thread's
 * wake-up descriptor (a tick queued, a flush, an op), ends the wait at once. What librdkafka
 * schedules by time (linger, retry back-off, timeouts) comes with a timeout of its own and is
 * left alone. librdkafka calls poll() there through glibc's fortified __poll_chk, which this
 * definition takes the place of; the other threads' polls are unchanged. */
static __thread bool producer_io_thread;
#define PRODUCER_IO_IDLE_WAIT_NS 1000000L

int __poll_chk(struct pollfd *fds, nfds_t count, int timeout_ms, size_t fds_size);
_Noreturn void __chk_fail(void);
int __poll_chk(struct pollfd *fds, nfds_t count, int timeout_ms, size_t fds_size)
{
	if (fds_size / sizeof(*fds) < count)
		__chk_fail(); /* the check glibc's own __poll_chk makes */
	int ready = poll(fds, count, timeout_ms);
	if (ready != 0 || timeout_ms != 0 || !producer_io_thread)
		return ready;
	const struct timespec wait = { 0, PRODUCER_IO_IDLE_WAIT_NS };
	return ppoll(fds, count, &wait, NULL);
}

/* Every librdkafka thread leaves the main thread's signals to it. A client made on the main
 * thread would otherwise start its threads with them open: a SIGCONT or SIGWINCH (a resize)
 * taken by the embedded cluster's thread broke its poll() with EINTR, which ends that thread
 * for good (rdkafka_mock.c, 2.0.2): every broker gone, and the shutdown waiting forever on
 * the cluster's destroy. */
static rd_kafka_resp_err_t on_thread_start(rd_kafka_t *rk, rd_kafka_thread_type_t type,
					   const char *name, void *opaque)
{
	(void)name, (void)opaque;
	block_main_thread_signals();
	if (type == RD_KAFKA_THREAD_MAIN)
		prctl(PR_SET_TIMERSLACK, MAIN_THREAD_TIMER_SLACK_NS, 0, 0, 0);
	producer_io_thread = type == RD_KAFKA_THREAD_BROKER && rd_kafka_type(rk) == RD_KAFKA_PRODUCER;
	return RD_KAFKA_RESP_ERR_NO_ERROR;
}

static rd_kafka_resp_err_t add_thread_interceptor(rd_kafka_t *rk, const rd_kafka_conf_t *conf,
						  void *opaque, char *err, size_t err_size)
{
	(void)conf, (void)err, (void)err_size;
	return rd_kafka_interceptor_add_on_thread_start(rk, "kticker", on_thread_start, opaque);
}

rd_kafka_conf_t *kconf_new(const char *bootstrap, char *err, size_t err_size)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(conf, kconf_log);
	rd_kafka_conf_set_error_cb(conf, error_to_eventlog);
	rd_kafka_conf_interceptor_add_on_new(conf, "kticker", add_thread_interceptor, NULL);
	if ((bootstrap && !kconf_set(conf, "bootstrap.servers", bootstrap, err, err_size)) ||
	    !kconf_set(conf, "client.id", "kticker", err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	return conf;
}

bool kconf_client_value(rd_kafka_t *rk, const char *name, char *out, size_t size)
{
	return rd_kafka_conf_get(rd_kafka_conf(rk), name, out, &size) == RD_KAFKA_CONF_OK;
}

bool kconf_is_plaintext(rd_kafka_t *rk)
{
	char protocol[32] = "plaintext";
	kconf_client_value(rk, "security.protocol", protocol, sizeof(protocol));
	return strcasecmp(protocol, "plaintext") == 0;
}

void kconf_wake_poll(rd_kafka_t *rk)
{
	rd_kafka_queue_t *main_queue = rd_kafka_queue_get_main(rk);
	rd_kafka_queue_yield(main_queue);
	rd_kafka_queue_destroy(main_queue);
}

bool kconf_reads_committed(rd_kafka_t *rk)
{
	char level[32] = "read_committed";
	kconf_client_value(rk, "isolation.level", level, sizeof(level));
	return strcmp(level, "read_committed") == 0;
}
