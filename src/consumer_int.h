/* consumer_int.h: the consumer thread's internals shared by consumer.c (membership,
 * batches, offsets) and consumer_lab.c (crash, throttle, rewind). Not for other modules. */
#ifndef KTICKER_CONSUMER_INT_H
#define KTICKER_CONSUMER_INT_H

#include "consumer.h"

/* Stores, and in before mode commits, a batch's offsets as the commit mode says. */
void consumer_commit_before_processing(struct consumer *c, rd_kafka_message_t **msgs, ssize_t n,
				       int mode);
void consumer_process_batch(struct consumer *c, rd_kafka_message_t **msgs, ssize_t n, int mode);
void consumer_set_state(struct consumer *c, enum consumer_state state);
/* Opens a new member, retrying until the cluster takes it. */
void consumer_reopen(struct consumer *c);
/* Lets go of the client's topic handle, before the client is destroyed. */
void consumer_release_topic(struct consumer *c);

/* rd_kafka_seek_partitions, waiting up to timeout_ms for the seeks to be made. */
rd_kafka_error_t *consumer_seek(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *list, int timeout_ms);

/* consumer_retention.c */
/* Counts n offsets of p deleted before they were read: the partition's count and the
 * process's together, so they cannot drift apart. */
void consumer_count_skipped(struct consumer *c, struct partition_offsets *p, int64_t n);
/* The partition's retention bookkeeping for the current topic. */
struct retention_partition *consumer_retention_entry(struct consumer *c, int32_t partition);
/* Moves a partition stuck behind retention on, with a margin ahead of the log start. */
void consumer_retention_check(struct consumer *c);
/* At close, what the consumer had fetched goes with it: offsets of its partitions below the
 * log start (its own reading or the offset watcher's, the newer) are deleted unread. */
void consumer_retention_close(struct consumer *c);

/* consumer_rest.c */
/* How long the loop's next take may wait for a message: CONSUMER_WAIT_MS, or while resting
 * CONSUMER_REST_WAIT_MS (what must end the rest sooner wakes it: consumer_rest.h). */
int consumer_rest_wait_ms(const struct consumer *c);
/* Once a loop, after a take of n messages: rests or resumes the fetching (embedded only). */
void consumer_rest_check(struct consumer *c, ssize_t n, int64_t now_ms);
/* Resumes the partitions if they rest, and starts the quiet time before a rest anew: before
 * what it holds or reads changes. */
void consumer_rest_end(struct consumer *c);
/* The client is gone, and its paused partitions with it: not resting. */
void consumer_rest_forget(struct consumer *c);

/* consumer_lab.c */
void consumer_crash(struct consumer *c, rd_kafka_message_t **msgs);
/* The consumer throttle, ticks a second (0: none): read once for a batch, which is sized by
 * consumer_batch_limit and paid for by consumer_throttle at that rate. */
int consumer_throttle_rate(struct consumer *c);
void consumer_throttle(struct consumer *c, ssize_t n, int rate);
int consumer_batch_limit(int rate);
void consumer_rewind(struct consumer *c);

#endif
