/* consumer_retention.c: the consumer thread when retention deletes offsets before it reads
 * them.
 *
 * librdkafka 2.0.2 handles OFFSET_OUT_OF_RANGE itself (rdkafka_fetcher.c, rdkafka_offset.c):
 * with auto.offset.reset=earliest it moves the fetch to the log start cached from that very
 * Fetch response, then backs the partition's next fetch off by fetch.error.backoff.ms
 * (500 ms). The embedded cluster deletes its oldest batch on every append beyond ~5 MB per
 * partition, so a producer at full speed turns a partition's whole log over in tens of
 * milliseconds: each reset target is deleted again before the backed-off fetch, and the
 * consumer reads nothing, reset after reset. Here the consumer notices that it is stuck
 * (nothing to read and its next offset below the log start), measures how fast the log
 * start moves, and seeks to where the log start will only be after LANDING_MS. */
#include "consumer.h"
#include "consumer_int.h"

#include <inttypes.h>
#include <string.h>

#include "eventlog.h"
#include "kconf.h"
#include "util.h"

#define STUCK_MS 500    /* nothing read for this long while the next offset is deleted */
#define RATE_SAMPLE_MS 100 /* between the two watermark queries that measure the deletion rate */
#define LANDING_MS 1000 /* how long the seek target must outlive the log start's advance */
#define QUERY_TIMEOUT_MS 2000

/* On the mock cluster (embedded, or another kticker's) the default error backoff (500 ms)
 * outlasts a whole log at full speed: it delays the fetch after a reset. (The mock also holds
 * every answer without data, an out-of-range one too, for fetch.wait.max.ms, which
 * kconf_set_embedded_fetch shortens.) */
bool consumer_retention_conf(rd_kafka_conf_t *conf, bool mock, char *err, size_t err_size)
{
	return !mock || kconf_set(conf, "fetch.error.backoff.ms", "10", err, err_size);
}

struct retention_partition *consumer_retention_entry(struct consumer *c, int32_t partition)
{
	struct retention_watch *w = &c->retention;
	if (w->topic_generation != c->topic_generation) {
		w->topic_generation = c->topic_generation;
		int64_t now = mono_ms();
		for (int i = 0; i < PARTITIONS_MAX; i++)
			w->parts[i] = (struct retention_partition){ .passed = -1, .last_read_ms = now };
	}
	return &w->parts[partition];
}

static bool query_log(struct consumer *c, int32_t partition, int64_t *lo, int64_t *hi)
{
	rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(c->rk, c->topic, partition, lo, hi,
								 QUERY_TIMEOUT_MS);
	if (e)
		eventlog_add(EVENT_WARN, "partition %" PRId32 ": watermark query: %s", partition,
			     rd_kafka_err2str(e));
	return !e;
}

/* Where to fetch next: as far ahead of the log start as it moves in LANDING_MS; when the
 * whole log lasts less, its newest message, the one deleted last (at the high watermark
 * itself a fetch finds nothing yet, and the mock would hold it). *why says which. */
static int64_t landing_offset(int64_t lo, int64_t hi, double rate, const char **why)
{
	int64_t margin = (int64_t)(rate * LANDING_MS / 1000.0);
	if (lo + margin < hi - 1) {
		*why = margin ? "as far ahead of the log start as it moves in 1 s" : "the log start";
		return lo + margin;
	}
	*why = "the newest message: the whole log lasts less than 1 s";
	return hi > lo ? hi - 1 : lo;
}

static bool seek_to(struct consumer *c, int32_t partition, int64_t offset)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(list, c->topic, partition)->offset = offset;
	rd_kafka_error_t *error = consumer_seek(c->rk, list, QUERY_TIMEOUT_MS);
	rd_kafka_resp_err_t e = error ? rd_kafka_error_code(error) : list->elems[0].err;
	if (e)
		eventlog_add(EVENT_WARN, "partition %" PRId32 ": seek to %" PRId64 ": %s", partition,
			     offset, error ? rd_kafka_error_string(error) : rd_kafka_err2str(e));
	if (error)
		rd_kafka_error_destroy(error);
	rd_kafka_topic_partition_list_destroy(list);
	return !e;
}

/* Measures how fast the log start moves and seeks past where it will be; the skipped
 * offsets are counted when the first message after them arrives (note_skipped_offsets). */
static void move_on(struct consumer *c, const struct partition_offsets *p)
{
	int64_t lo0, hi0, lo, hi;
	if (!query_log(c, p->partition, &lo0, &hi0))
		return;
	int64_t t0 = mono_ms();
	sleep_ms(RATE_SAMPLE_MS);
	if (!query_log(c, p->partition, &lo, &hi))
		return;
	int64_t dt = mono_ms() - t0;
	double rate = dt > 0 && lo > lo0 ? (double)(lo - lo0) * 1000.0 / (double)dt : 0;
	const char *why;
	int64_t target = landing_offset(lo, hi, rate, &why);
	eventlog_add(EVENT_WARN,
		     "partition %" PRId32 ": stuck behind retention for %d ms at offset %" PRId64
		     " (log start %" PRId64 ", moving %.0f offsets/s, high watermark %" PRId64
		     "): seeking to %" PRId64 ", %s",
		     p->partition, STUCK_MS, p->position, lo, rate, hi, target, why);
	seek_to(c, p->partition, target);
}

/* The group's offset follows the consumer past what retention deleted, as a Java consumer's
 * commits its position after a reset: else the committed offset stays below the log start
 * and its lag counts offsets no one can read. */
static void store_offset(struct consumer *c, int32_t partition, int64_t offset)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
	rd_kafka_topic_partition_list_add(list, c->topic, partition)->offset = offset;
	rd_kafka_resp_err_t e = rd_kafka_offsets_store(c->rk, list);
	if (e && e != RD_KAFKA_RESP_ERR__STATE)
		eventlog_add(EVENT_WARN, "partition %" PRId32 ": offset store: %s", partition,
			     rd_kafka_err2str(e));
	rd_kafka_topic_partition_list_destroy(list);
}

void consumer_count_skipped(struct consumer *c, struct partition_offsets *p, int64_t n)
{
	p->skipped += n;
	counter_add(&c->pipe->counters.deleted_unread, (uint64_t)n);
}

/* The offsets from the partition's next one (or from where the log start had passed, counted
 * then: each is counted once, a position moved back by a rebalance or rewind too) to
 * log_start, as deleted unread; the position moves to log_start. */
static void count_deleted(struct consumer *c, struct partition_offsets *p, struct retention_partition *r,
			  int64_t log_start, const char *then)
{
	int64_t from = p->position > r->passed ? p->position : r->passed;
	if (log_start > r->passed)
		r->passed = log_start;
	if (log_start > from) {
		consumer_count_skipped(c, p, log_start - from);
		eventlog_add(EVENT_WARN,
			     "partition %" PRId32 ": offsets %" PRId64 "..%" PRId64 " were deleted before "
			     "they were read (retention); %s, %" PRId64,
			     p->partition, from, log_start - 1, then, log_start);
	}
	p->position = log_start;
}

/* Nothing queued, and the log starts past the next offset: the offsets between were deleted
 * and none of them will come (a fetch answer holds nothing below the log start it reports).
 * The log start is the fetch answers' own, not the offset watcher's: a ListOffsets answer can
 * be newer than a fetch answer still on its way with ticks below it, counted then twice.
 * They are counted now, not when a message after them arrives: when retention deleted the
 * whole log and nothing new comes, none ever does, and the partition would show them as
 * still to read. The consumer's position moves on to the log start, where librdkafka's
 * reset takes its fetch. */
static void write_off_deleted(struct consumer *c, struct partition_offsets *p,
			      struct retention_partition *r)
{
	count_deleted(c, p, r, p->log_start, "the consumer moved on to the log start");
	store_offset(c, p->partition, p->log_start);
}

/* Run by the consumer thread between batches. A partition whose next offset is below the log
 * start is behind retention only when the consumer holds nothing more to read: a throttled
 * consumer's queue may still hold the partition's messages, fetched before they were deleted
 * (librdkafka prefetches up to queued.min.messages), which a seek would throw away. */
void consumer_retention_check(struct consumer *c)
{
	if (!c->rk || !c->messages.queue || rd_kafka_queue_length(c->messages.queue) > 0)
		return;
	int64_t now = mono_ms();
	for (int i = 0; i < c->part_count; i++) {
		struct partition_offsets *p = &c->parts[i];
		struct retention_partition *r = consumer_retention_entry(c, p->partition);
		if (!p->assigned || p->position < 0 || p->log_start <= p->position)
			continue;
		if (now - r->last_read_ms >= STUCK_MS) {
			move_on(c, p);
			r->last_read_ms = mono_ms(); /* the seek gets its chance to land */
		}
		write_off_deleted(c, p, r);
	}
}

void consumer_retention_close(struct consumer *c)
{
	static int64_t log_starts[PARTITIONS_MAX]; /* the closing thread's alone */
	int known = offsetwatch_ends(&c->pipe->offsets, c->topic, log_starts, NULL, PARTITIONS_MAX);
	for (int i = 0; i < c->part_count; i++) {
		struct partition_offsets *p = &c->parts[i];
		int64_t start = i < known && log_starts[i] > p->log_start ? log_starts[i] : p->log_start;
		if (p->assigned && p->position >= 0 && start > p->position)
			count_deleted(c, p, consumer_retention_entry(c, p->partition), start,
				      "the consumer stopped below the log start");
	}
}
