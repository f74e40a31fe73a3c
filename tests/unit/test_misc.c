/* Dates and the command line. */
#include "batchorder.h"
#include "bell.h"
#include "check.h"
#include "command.h"
#include "consumer_int.h"
#include "control.h"
#include "date.h"
#include "eventlog.h"
#include "kconf.h"
#include "keys.h"
#include "msgqueue.h"
#include "options.h"
#include "pipeline.h"
#include "scenario.h"
#include "screenwake.h"
#include "util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_dates(void)
{
	int32_t d;
	CHECK(date_parse("2020-12-11", &d));
	CHECK_INT(d, 20201211);
	CHECK(date_parse("2000-02-29", &d));
	CHECK(!date_parse("1900-02-29", &d));
	CHECK(!date_parse("2020-04-31", &d));
	CHECK(!date_parse("2020-1-01", &d));
	CHECK(!date_parse("2020-01-01x", &d));
	CHECK(!date_parse("", &d));
	/* a non-digit in each place a digit goes, below '0' and above '9' */
	static const int digit_places[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	for (size_t i = 0; i < sizeof(digit_places) / sizeof(digit_places[0]); i++) {
		char bad[] = "2020-12-11";
		bad[digit_places[i]] = '/';
		CHECK(!date_parse(bad, &d));
		bad[digit_places[i]] = ':';
		CHECK(!date_parse(bad, &d));
	}
	CHECK(!date_parse("1799-12-31", &d));
	CHECK(date_parse("2999-12-31", &d));
	CHECK(!date_parse("2020-00-10", &d));
	CHECK(!date_parse("2020-12-00", &d));
	char text[DATE_TEXT_LEN];
	date_format(19620102, text);
	CHECK_STR(text, "1962-01-02");
	CHECK_INT(date_epoch_days(19700101), 0);
	CHECK_INT(date_epoch_days(20201211), 18607);
	CHECK_INT(date_epoch_days(19620102), -2921);
}

static int parse(struct options *o, int argc, const char **argv)
{
	return options_parse(o, argc, (char **)argv);
}

static void test_options(void)
{
	struct options o;
	const char *defaults[] = { "kticker", NULL };
	CHECK_INT(parse(&o, 1, defaults), -1);
	CHECK_INT(o.brokers, 3);
	CHECK_INT(o.partitions, 6);
	CHECK_STR(o.topic, "ticks");
	CHECK_STR(o.group, "kticker");
	CHECK_INT(o.delay_ms, 1000);
	CHECK_STR(o.acks, "all");
	CHECK(o.idempotence); /* as Kafka's own clients since 3.0 */

	const char *full[] = { "kticker", "--headless", "--count", "500", "-X", "linger.ms=1",
			       "--data", "a.csv", "-d", "b", "--acks", "1", "--ticks-per-day", "8", NULL };
	CHECK_INT(parse(&o, 14, full), -1);
	CHECK_INT(o.count, 500);
	CHECK_INT(o.data_count, 2);
	CHECK_STR(o.props[0], "linger.ms=1");
	CHECK_STR(o.acks, "1");
	CHECK(!o.idempotence); /* acks=1 rules it out */
	CHECK_INT(o.ticks_per_day, 8);
	const char *plain[] = { "kticker", "--no-idempotence", NULL };
	CHECK_INT(parse(&o, 2, plain), -1);
	CHECK(!o.idempotence);
	CHECK_STR(o.acks, "all");

	const char *bad_acks[] = { "kticker", "--acks", "2", NULL };
	CHECK_INT(parse(&o, 3, bad_acks), 2);
	const char *idem[] = { "kticker", "--acks", "1", "--idempotence", NULL };
	CHECK_INT(parse(&o, 4, idem), 2);
	const char *bad_x[] = { "kticker", "-X", "novalue", NULL };
	CHECK_INT(parse(&o, 3, bad_x), 2);
	const char *bad_num[] = { "kticker", "--partitions", "0", NULL };
	CHECK_INT(parse(&o, 3, bad_num), 2);
	const char *unknown[] = { "kticker", "--frobnicate", NULL };
	CHECK_INT(parse(&o, 2, unknown), 2);
	const char *stray[] = { "kticker", "extra", NULL };
	CHECK_INT(parse(&o, 2, stray), 2);
}

/* Writes text to a new temporary file; its path goes to path (a mkstemp template). */
static void write_temp(char *path, const char *text)
{
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

/* The config file under the command line: the file's properties go before -X's (librdkafka
 * keeps the last), and an option the command line gave is not taken from the file. */
static void test_config_file(void)
{
	char path[] = "/tmp/kticker-test-conf-XXXXXX";
	write_temp(path, "# comment\n linger.ms = 5 \nidempotence=true\ntopic=from-file\n\ngroup=g\n");
	struct options o;
	const char *argv[] = { "kticker", "-F", path, "-X", "linger.ms=1", "--no-idempotence",
			       "--topic", "from-argv", NULL };
	CHECK_INT(parse(&o, 8, argv), -1);
	CHECK_INT(o.prop_count, 2);
	CHECK_STR(o.props[0], "linger.ms=5");
	CHECK_STR(o.props[1], "linger.ms=1");
	CHECK_STR(kconf_user_linger(&o), "1");
	CHECK_STR(kconf_user_linger_source(&o), "-X"); /* the screen's label */
	CHECK(!o.idempotence);
	CHECK_STR(o.topic, "from-argv");
	CHECK_STR(o.group, "g");
	const char *file_linger[] = { "kticker", "-F", path, "-X", "acks=1", NULL };
	CHECK_INT(parse(&o, 5, file_linger), -1);
	CHECK_STR(kconf_user_linger(&o), "5");
	CHECK_STR(kconf_user_linger_source(&o), "file");
	const char *alias[] = { "kticker", "-F", path, "-X", "queue.buffering.max.ms=7", NULL };
	CHECK_INT(parse(&o, 5, alias), -1);
	CHECK_STR(kconf_user_linger(&o), "7");
	CHECK_STR(kconf_user_linger_source(&o), "-X");
	unlink(path);

	CHECK(kconf_is_secret("sasl.password"));
	CHECK(kconf_is_secret("ssl.keystore.password"));
	CHECK(kconf_is_secret("ssl.key.pem"));
	CHECK(kconf_is_secret("sasl.oauthbearer.client.secret"));
	CHECK(kconf_is_secret("sasl.oauthbearer.config"));
	CHECK(!kconf_is_secret("ssl.key.location"));
	CHECK(!kconf_is_secret("sasl.username"));
	CHECK(!kconf_is_secret("bootstrap.servers"));
}

/* One random plain decimal of 1 to 16 digits, up to 7 of them decimals, into text. */
static int random_decimal(uint64_t *state, char *text)
{
	int whole = 1 + (int)(splitmix64(state) % 16), decimals = (int)(splitmix64(state) % 8);
	int len = 0;
	for (int i = 0; i < whole + decimals; i++) {
		if (i == whole)
			text[len++] = '.';
		text[len++] = (char)('0' + splitmix64(state) % 10);
	}
	text[len] = '\0';
	return len;
}

/* Prices read without strtod must be the very doubles strtod reads: every text it takes
 * (all of 15 digits or fewer, at most 6 of them decimals) read alike, the rest refused. */
static void test_plain_decimals(void)
{
	uint64_t state = 42;
	char text[40];
	for (int i = 0; i < 1000000; i++) {
		int len = random_decimal(&state, text);
		const char *point = strchr(text, '.');
		int decimals = point ? len - (int)(point - text) - 1 : 0;
		bool plain = len - (point != NULL) <= 15 && decimals <= 6;
		double fast;
		CHECK_INT(parse_plain_decimal(text, (size_t)len, &fast), plain);
		if (plain && fast != strtod(text, NULL))
			CHECK_STR(text, "read as strtod reads it");
	}
	static const char *const edges[] = { "0", "0.000000", "000000000000001", "999999999999999",
					     "123456789.999999", "900719925.474099", "0.000001",
					     "1234567.123456", "36.275002", "12345678", "1.000000" };
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		double v;
		CHECK(parse_plain_decimal(edges[i], strlen(edges[i]), &v));
		CHECK(v == strtod(edges[i], NULL));
	}
	static const char *const others[] = { "1.", ".5", "1e5", "-1", "1.2345678", "", "1.2.3",
					      "1234567890123.456", "9007199254740993", "1,5",
					      /* eight bytes or more, read a word at a time */
					      "12a4.567", "1234.56x7", "12.34567-", "12.3.4567", "/234.5678",
					      "1234:5678", "36.27500:", "0.1234567", "1234567.", "12345678.5e1" };
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		double v;
		CHECK(!parse_plain_decimal(others[i], strlen(others[i]), &v));
	}
}

/* Every field of the bundled data it takes (each price and volume) read as strtod reads it. */
static void test_plain_decimals_of_bundled_data(const char *data_dir)
{
	static const char *const files[] = { "AAPL", "AMZN", "BTC-USD", "FB", "GOOGL", "GSPC",
					     "IBM", "JPM", "MSFT", "NVDA", "QQQ", "TSLA" };
	long read = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512], line[256];
		snprintf(path, sizeof(path), "%s/%s.csv", data_dir, files[i]);
		FILE *in = fopen(path, "r");
		CHECK(in != NULL);
		while (in && fgets(line, sizeof(line), in)) {
			line[strcspn(line, "\r\n")] = '\0';
			for (char *field = strtok(line, ","); field; field = strtok(NULL, ",")) {
				double v;
				if (!parse_plain_decimal(field, strlen(field), &v))
					continue;
				read++;
				if (v != strtod(field, NULL))
					CHECK_STR(field, "read as strtod reads it");
			}
		}
		if (in)
			fclose(in);
	}
	CHECK(read >= 6 * 72665); /* open to volume, row by row */
}

/* Under AddressSanitizer an impossible malloc must return NULL, as libc's does, not abort in
 * the sanitizer before kticker's own check runs. Unused without it. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

static int fatal_pipe = -1;

static void note_fatal(void)
{
	ssize_t ignored = write(fatal_pipe, "restored", 8);
	(void)ignored;
}

/* An allocation that fails runs the fatal hook (the screen's: endwin) before abort(), so the
 * terminal is not left raw. In a child, since it aborts. */
static void test_alloc_failure_restores(void)
{
	int fds[2];
	CHECK(pipe(fds) == 0);
	pid_t child = fork();
	if (child == 0) {
		close(fds[0]);
		fatal_pipe = fds[1];
		util_set_fatal_hook(note_fatal);
		volatile size_t huge = (size_t)-1 / 2; /* no malloc can give this */
		xmalloc(huge);
		_exit(0);
	}
	close(fds[1]);
	char said[16] = "";
	ssize_t n = read(fds[0], said, sizeof(said) - 1);
	close(fds[0]);
	int status = 0;
	waitpid(child, &status, 0);
	CHECK(n == 8 && strcmp(said, "restored") == 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

/* Every line of the help fits its box whole (a command's usage was cut at 80 columns). */
static void test_help_fits(void)
{
	for (int i = 0; i < key_binding_count; i++)
		CHECK(9 + strlen(key_bindings[i].help) <= KEY_HELP_COLS);
	for (int i = 0; command_usage(i); i++) {
		CHECK(2 + strlen(command_usage(i)) <= KEY_HELP_COLS);
		if (2 + strlen(command_usage(i)) > KEY_HELP_COLS)
			fprintf(stderr, "too long for the help: %s\n", command_usage(i));
	}
}

static void test_isr_text(void)
{
	char s[96];
	isr_text(s, sizeof(s), 0);
	CHECK_STR(s, "-");
	isr_text(s, sizeof(s), 1u << 1 | 1u << 2 | 1u << 3);
	CHECK_STR(s, "1,2,3");
	isr_text(s, sizeof(s), 1u << 9 | 1u << 10 | 1u << 31);
	CHECK_STR(s, "9,10,31");
	isr_text(s, sizeof(s), ~0u);
	CHECK_INT(strlen(s), 9 + 2 * 22 + 30); /* every id 1 to 31: bit 0 is not a broker id */
	isr_text(s, 4, 1u << 1 | 1u << 2 | 1u << 3);
	CHECK_STR(s, "1,2"); /* cut to the buffer */
}

/* librdkafka's handle count gives way to the cluster's, once known; other reasons stay. */
static void test_brokers_down_text(void)
{
	char s[64];
	kconf_brokers_down_text(s, sizeof(s), "4/4 brokers are down");
	CHECK_STR(s, "4/4 brokers are down"); /* before the cluster is known */
	kconf_set_cluster_brokers(3);
	kconf_brokers_down_text(s, sizeof(s), "4/4 brokers are down");
	CHECK_STR(s, "3/3 brokers are down");
	kconf_brokers_down_text(s, sizeof(s), "4/4 brokers are down, and more");
	CHECK_STR(s, "4/4 brokers are down, and more");
	kconf_brokers_down_text(s, sizeof(s), "Local: All broker connections are down");
	CHECK_STR(s, "Local: All broker connections are down");
	kconf_set_cluster_brokers(0);
}

static void *ring_later(void *arg)
{
	sleep_ms(20);
	bell_ring(arg);
	return NULL;
}

/* A ring before the wait is kept for it, one during it ends it, and without one the wait
 * times out: the headless loop neither misses the end of a run nor waits past it. */
static void test_bell(void)
{
	struct bell b;
	bell_init(&b);
	bell_ring(&b);
	int64_t start = mono_ms();
	CHECK(bell_wait(&b, 5000));
	CHECK(mono_ms() - start < 1000);
	CHECK(!bell_wait(&b, 30)); /* the ring was taken by the wait before */
	pthread_t thread;
	CHECK(pthread_create(&thread, NULL, ring_later, &b) == 0);
	start = mono_ms();
	CHECK(bell_wait(&b, 5000));
	CHECK(mono_ms() - start < 1000);
	pthread_join(thread, NULL);
	bell_free(&b);
}

/* A producer client made only to be read back (no broker is contacted). */
static rd_kafka_t *client_with(const char *partitioner)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	char err[256];
	CHECK(rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err)) == RD_KAFKA_CONF_OK);
	if (partitioner)
		CHECK(rd_kafka_conf_set(conf, "partitioner", partitioner, err, sizeof(err)) == RD_KAFKA_CONF_OK);
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
	CHECK(rk != NULL);
	return rk;
}

static void test_batch_order(void)
{
	/* librdkafka's default partitioner is CRC-32 of the key modulo the partition count:
	 * the expected partitions are Python's zlib.crc32(key) % 6, and what a 6-partition topic
	 * filled by kticker held (kcat -f '%k %p') */
	static const struct {
		const char *key;
		int32_t partition;
	} six[] = { { "AAPL", 0 }, { "GOOGL", 1 }, { "BTC-USD", 2 }, { "JPM", 3 }, { "AMZN", 4 }, { "IBM", 5 } };
	struct batch_order o;
	CHECK(batch_order_init(&o, 6));
	rd_kafka_t *rk = client_with(NULL);
	batch_order_use_client(&o, rk);
	for (size_t i = 0; i < 6; i++)
		CHECK_INT(batch_order_predict(&o, i, six[i].key, strlen(six[i].key), 6), six[i].partition);
	CHECK_INT(batch_order_predict(&o, 0, "AAPL", 4, 1), 0); /* a new count is followed */
	CHECK_INT(batch_order_predict(&o, 6, "X", 1, 6), 0);    /* beyond the feed's symbols */
	rd_kafka_destroy(rk);
	rk = client_with("random"); /* cannot be predicted: no grouping */
	batch_order_use_client(&o, rk);
	CHECK_INT(batch_order_predict(&o, 1, "GOOGL", 5, 6), 0);
	rd_kafka_destroy(rk);
	batch_order_free(&o);

	/* grouped by partition; within one, the order they came in */
	rd_kafka_message_t msgs[7];
	const int32_t part[7] = { 2, 0, 2, 1, 0, 2, 1 };
	for (int i = 0; i < 7; i++)
		msgs[i] = (rd_kafka_message_t){ ._private = (void *)(intptr_t)(i + 1) };
	batch_order_group(msgs, part, 7);
	static const int expected[7] = { 2, 5, 4, 7, 1, 3, 6 };
	for (int i = 0; i < 7; i++)
		CHECK_INT((int)(intptr_t)msgs[i]._private, expected[i]);
	batch_order_group(msgs, (const int32_t[]){ 0, 0, 1 }, 3); /* in order: left alone */
	CHECK_INT((int)(intptr_t)msgs[0]._private, 2);
	CHECK_INT((int)(intptr_t)msgs[2]._private, 4);
}

/* Whether the event log's events after *seen hold text; *seen moves past them. */
static bool logged(uint64_t *seen, const char *text)
{
	struct event events[16];
	unsigned n = eventlog_read(*seen, events, 16, NULL);
	bool found = false;
	for (unsigned i = 0; i < n; i++) {
		found = found || strstr(events[i].text, text);
		*seen = events[i].id;
	}
	return found;
}

/* "+SECONDS" steps count from the feed's start: none runs before the producer's first tick,
 * whatever the run's clock says; plain steps keep the run's clock. */
static void test_scenario_clocks(void)
{
	char path[] = "/tmp/kticker-test-scenario-XXXXXX";
	write_temp(path, "0 note run-zero\n+0 note feed-zero\n+0.5 note feed-half\n");
	struct scenario s;
	char err[512];
	CHECK(scenario_load(&s, path, err, sizeof(err)));
	CHECK_INT(s.count, 3);
	CHECK(!s.steps[0].from_feed && s.steps[1].from_feed);
	CHECK_INT(s.steps[2].at_ms, 500);
	static struct pipeline p; /* zeroed: no feed yet */
	uint64_t seen = 0;
	logged(&seen, "");
	scenario_start(&s);
	CHECK_INT(scenario_poll(&s, &p), 0); /* feed steps wait for a start no clock tells */
	CHECK(logged(&seen, "run-zero"));
	scenario_poll(&s, &p);
	CHECK(!logged(&seen, "feed-zero"));
	int64_t feed_start = mono_ms();
	atomic_store(&p.counters.feed_started_ms, feed_start);
	CHECK_INT(scenario_poll(&s, &p), feed_start + 500); /* when the screen must look again */
	CHECK(logged(&seen, "feed-zero"));
	CHECK_INT(s.pending, 1); /* the half second is not up */
	atomic_store(&p.counters.feed_started_ms, mono_ms() - 600);
	CHECK_INT(scenario_poll(&s, &p), INT64_MAX);
	CHECK(logged(&seen, "feed-half"));
	CHECK_INT(s.pending, 0);
	scenario_free(&s);
	unlink(path);

	const char *refused[] = { "++1 pause\n", "+ 1 pause\n", "+-1 pause\n", "+nan pause\n" };
	for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
		char bad[] = "/tmp/kticker-test-scenario-XXXXXX";
		write_temp(bad, refused[i]);
		CHECK(!scenario_load(&s, bad, err, sizeof(err)));
		CHECK(strstr(err, "+SECONDS COMMAND"));
		unlink(bad);
	}
}

/* A worker's notification wakes the screen's wait only while the screen listens; one that
 * comes while it looks at the state (armed, not yet waiting) ends its next wait at once. */
static void test_screen_wake(void)
{
	CHECK(screenwake_open());
	screenwake_notify(); /* not listening: nothing to wake */
	CHECK(!screenwake_wait(0));
	screenwake_arm();
	screenwake_notify();
	screenwake_notify(); /* once woken, the rest write nothing more */
	CHECK(screenwake_wait(0));
	CHECK(!screenwake_wait(0));
	/* woken, it listens on: a frame that came out the same leaves it asleep, and the
	 * next publication must end that sleep */
	screenwake_notify();
	CHECK(screenwake_wait(0));
	screenwake_arm();
	screenwake_notify();
	screenwake_disarm(); /* a frame was drawn: the byte written goes unread, with no wake */
	CHECK(!screenwake_wait(0));
}

/* A consumer client without brokers: its queue stays empty, so a take returns early only
 * when woken. */
static rd_kafka_t *idle_consumer(void)
{
	char err[256];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	CHECK(rd_kafka_conf_set(conf, "group.id", "test-msgqueue", err, sizeof(err)) == RD_KAFKA_CONF_OK);
	rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
	CHECK(rk != NULL);
	rd_kafka_poll_set_consumer(rk);
	return rk;
}

/* Took nothing, and far sooner than the 10 s it was allowed to wait. */
static void check_take_ends_early(struct msg_queue *q)
{
	rd_kafka_message_t *msgs[4];
	int64_t start = now_ms();
	CHECK_INT(msg_queue_take(q, 10000, msgs, 4), 0);
	CHECK(now_ms() - start < 5000);
}

/* A wake ends the reader's next wait even when it comes while the reader is not waiting,
 * and even while it has no queue at all (between the two clients of a topic switch). */
static void test_msgqueue_wake(void)
{
	struct msg_queue q;
	msg_queue_init(&q);
	rd_kafka_t *first = idle_consumer();
	msg_queue_open(&q, first);
	msg_queue_wake(&q);
	check_take_ends_early(&q);
	msg_queue_close(&q);
	rd_kafka_destroy(first);

	msg_queue_wake(&q);
	rd_kafka_t *second = idle_consumer();
	msg_queue_open(&q, second);
	check_take_ends_early(&q);
	msg_queue_close(&q);
	rd_kafka_destroy(second);
	msg_queue_free(&q);
}

/* Seeks whose reply is held in the log callback that tells of them (the broker thread sends it
 * after the line is logged): librdkafka 2.0.2 waits a thousandth of the time it is given (its
 * issue 4230), so consumer_seek scales the wait, which must still end when told. */
static int seek_reply_held_ms;

static void slow_seek_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk, (void)level, (void)fac;
	if (strstr(buf, "Seek "))
		usleep((useconds_t)seek_reply_held_ms * 1000);
}

/* A seek of one partition, answered after held_ms, allowed timeout_ms: whether it was made
 * in time. */
static bool seek_in_time(int held_ms, int timeout_ms)
{
	char err[256];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	CHECK(rd_kafka_conf_set(conf, "group.id", "test-seek", err, sizeof(err)) == RD_KAFKA_CONF_OK);
	CHECK(rd_kafka_conf_set(conf, "debug", "topic", err, sizeof(err)) == RD_KAFKA_CONF_OK);
	rd_kafka_conf_set_log_cb(conf, slow_seek_log);
	seek_reply_held_ms = held_ms;
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
	CHECK(rk != NULL);
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(list, "test-seek", 0)->offset = 5;
	CHECK(!rd_kafka_assign(rk, list));
	list->elems[0].offset = 2;
	rd_kafka_error_t *error = consumer_seek(rk, list, timeout_ms);
	if (error)
		rd_kafka_error_destroy(error);
	rd_kafka_topic_partition_list_destroy(list);
	rd_kafka_destroy(rk);
	return error == NULL;
}

static void test_seek_waits_as_told(void)
{
	CHECK(seek_in_time(100, 2000)); /* librdkafka 2.0.2 alone: timed out after 2 ms */
	CHECK(!seek_in_time(1000, 100)); /* a wait 1000 times too long would see it made */
}

int main(void)
{
	/* no config file of the user's */
	setenv("XDG_CONFIG_HOME", "/nonexistent/kticker-test", 1);
	unsetenv("KTICKER_CONFIG");
	test_bell();
	test_seek_waits_as_told();
	test_config_file();
	test_alloc_failure_restores();
	test_plain_decimals();
	const char *data = getenv("DATA_DIR");
	if (data)
		test_plain_decimals_of_bundled_data(data);
	test_dates();
	test_options();
	test_help_fits();
	test_isr_text();
	test_brokers_down_text();
	test_batch_order();
	test_scenario_clocks();
	test_msgqueue_wake();
	test_screen_wake();
	return check_report("test_misc");
}
