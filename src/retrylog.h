/* retrylog.h: produce requests that librdkafka sends again, read from its "msg" debug log.
 *
 * librdkafka 2.0.2 never resends a ProduceRequest as such: when a partition's message set
 * fails with a retriable error (NOT_LEADER_OR_FOLLOWER while a new topic loads, a lost
 * connection, a timeout) it puts the messages back on the partition's queue and builds a new
 * request later. Neither the delivery report nor the statistics count this (brokers[].txretries
 * counts only requests retried as requests), but the broker thread logs every failed message
 * set, with its partition, size, error and the actions taken, in the "msg" debug context:
 *
 *   t [15]: MessageSet with 37 message(s) (MsgId 0, BaseSeq -1) encountered error:
 *   Broker: Not leader for partition (actions Refresh,MsgNotPersisted)
 *
 * Actions Retry or Refresh mean the messages are sent again (except after the local errors of
 * a request that never left: _RETRY, _TIMED_OUT_QUEUE). The idempotent producer turns
 * some sequence errors (logged first as Permanent) into retries, and says so in ERRSEQ and
 * UNKPID lines ("... recovering and retrying"). Without idempotence, a retried message set can
 * land after a later one that was already in flight: that is how ticks get reordered.
 *
 * The tally is filled by librdkafka's threads and emptied by the producer thread. */
#ifndef KTICKER_RETRYLOG_H
#define KTICKER_RETRYLOG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* One message set sent again. */
struct produce_retry {
	int32_t partition;
	int err;          /* rd_kafka_resp_err_t */
};

/* Retries of one partition after one error, since the tally was last taken. */
struct retry_row {
	int32_t partition;
	int err;
	uint64_t requests;
};

#define RETRY_ROWS 256
#define RETRY_TAKE_MAX (RETRY_ROWS + 1)

struct retry_tally {
	pthread_mutex_t lock;
	atomic_int used;  /* rows in use: read without the lock to skip an empty tally */
	struct retry_row rows[RETRY_ROWS];
	struct retry_row other; /* partition -1: what did not fit in rows */
};

/* Whether the librdkafka log line (facility, text) reports a message set that will be sent
 * again; if so, fills *out. */
bool retrylog_parse(const char *fac, const char *text, struct produce_retry *out);

/* Kafka's name of the error, as the broker's protocol calls it (NOT_LEADER_OR_FOLLOWER, not
 * librdkafka 2.0.2's older NOT_LEADER_FOR_PARTITION). */
const char *retrylog_error_name(int err);

void retry_tally_init(struct retry_tally *t);
void retry_tally_free(struct retry_tally *t);
/* Adds one retry; when every row is taken, to the row of partition -1 ("other partitions"). */
void retry_tally_add(struct retry_tally *t, const struct produce_retry *r);
/* Moves every row into out and empties the tally; returns how many. */
int retry_tally_take(struct retry_tally *t, struct retry_row out[RETRY_TAKE_MAX]);

#endif
