/* consumer_rest.h: on the embedded cluster (this kticker's or another's: librdkafka's mock),
 * the consumer stops fetching while nothing new is produced, and starts again as soon as
 * something is.
 *
 * The mock cluster holds a Fetch that finds no data for the whole fetch.wait.max.ms and does
 * not answer early when data arrives, so kticker asks every 10 ms (kconf_set_embedded_fetch):
 * ~300 empty fetches a second across 3 brokers, each waking the mock's thread and a broker
 * thread of the consumer. That was 6-7 % of a core for a paused screen. A real broker answers
 * a waiting fetch when data arrives, so a fetch waiting there costs nothing: this is off.
 *
 * After CONSUMER_REST_AFTER_MS in which this member read nothing, no tick of this kticker's
 * producer was delivered, and every partition it holds was read to the high watermark of its
 * last fetch, the consumer pauses its partitions (rd_kafka_pause_partitions) and says so. It
 * resumes them
 *   - at once when ticks of this kticker's producer are delivered: the producer ends the
 *     consumer's wait, and its first fetch finds them in the log;
 *   - when the offset watcher (offsetwatch.h) finds a high watermark above the one the rest
 *     began with: kcat or another kticker produced; its rounds are a second apart, and a
 *     round that finds a partition grown since the round before wakes the consumer (one
 *     that grew just before the rest began is seen at the next wait's end, a second on);
 *   - before a rebalance or a rewind changes what it holds or reads; a topic switch or a
 *     crash replaces the client, whose partitions start unpaused.
 * While it rests its loop waits a second at a time (it was woken ten times a second for
 * nothing): each of the above, and a crash, a rewind or a topic switch asked for on the
 * screen, ends the wait (control_hold_resting_consumer).
 * While it rests, its rows' high watermarks and lag are the offset watcher's, as for the
 * partitions other members own: it does not claim to be caught up on what it does not fetch. */
#ifndef KTICKER_CONSUMER_REST_H
#define KTICKER_CONSUMER_REST_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"

#define CONSUMER_REST_AFTER_MS 2000
#define CONSUMER_WAIT_MS 100       /* the consumer loop's longest wait for a message */
/* ... while resting: its loop has nothing to do but notice the end of the rest, and whatever
 * ends it wakes the wait (control_hold_resting_consumer); the health verdict's silence limit
 * (HEALTH_SILENT_MS) is twice this */
#define CONSUMER_REST_WAIT_MS 1000

struct consumer_rest {
	bool resting;
	bool told;              /* the event log has explained a rest once */
	int64_t quiet_since_ms; /* monotonic: when it last read, or had something to read */
	uint64_t delivered_seen; /* ticks of this kticker's producer delivered by then */
	int64_t rest_high[PARTITIONS_MAX]; /* by partition: its high watermark when the rest began */
	int64_t watched_high[PARTITIONS_MAX]; /* the offset watcher's, read while resting */
};

#endif
