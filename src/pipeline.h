/* pipeline.h: the state shared by the producer thread, the consumer thread and the reader
 * (screen or headless status). Data flows one way: CSV -> producer -> Kafka -> consumer ->
 * market and lag state -> reader.
 *
 * Counters have a single writer each, so writers use counter_add (a relaxed load and store,
 * no locked instruction) and readers a relaxed load. */
#ifndef KTICKER_PIPELINE_H
#define KTICKER_PIPELINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ackwatch.h"
#include "bell.h"
#include "cluster.h"
#include "control.h"
#include "csvfeed.h"
#include "dlq.h"
#include "fault.h"
#include "health.h"
#include "histogram.h"
#include "lag.h"
#include "lookup.h"
#include "market.h"
#include "offsetwatch.h"
#include "options.h"
#include "tick.h"
#include "timelag.h"
#include "topictally.h"

struct counters {
	/* written by the producer thread */
	_Atomic uint64_t produced;        /* handed to librdkafka */
	_Atomic uint64_t delivered;       /* acknowledged as the acks setting asks */
	_Atomic uint64_t delivery_failed; /* reported failed, or purged at shutdown */
	_Atomic uint64_t produce_retries; /* message sets librdkafka sent again (retrylog.h) */
	_Atomic uint64_t produced_bytes;  /* message payloads handed to librdkafka */
	/* Of the producer client in use, since it was built (both zeroed then, while no client
	 * is there to count): the bytes of the Produce requests written to the brokers
	 * (compressed batches and request framing, a request sent again counted again; added
	 * by librdkafka's broker threads, each an atomic add), and the payload of the messages
	 * acknowledged, each after the request that carried it was counted. So the payload
	 * counted was all carried by the wire bytes counted: with compression none the first
	 * can never pass the second. Read with wire_ratio_read(). */
	_Atomic uint64_t wire_bytes;
	_Atomic uint64_t wire_payload_bytes;
	_Atomic uint32_t wire_generation; /* odd while the two are zeroed */
	_Atomic int32_t producing_date;   /* simulated date being produced */
	_Atomic bool producer_done;       /* end of data or --count reached */
	_Atomic int64_t feed_started_ms;  /* monotonic time of the first tick's turn; 0: not yet */
	/* written by the consumer thread */
	_Atomic uint64_t consumed;        /* decoded ticks, from any producer */
	_Atomic uint64_t consumed_own;    /* decoded ticks from this kticker's producer */
	/* ... each once: one read again, or held twice by the log, is not one more read back */
	_Atomic uint64_t consumed_own_distinct;
	_Atomic uint64_t consumed_bytes;
	_Atomic uint64_t undecodable;
	_Atomic uint64_t archived;        /* lines written to the --archive */
	/* written by the transform thread */
	_Atomic uint64_t enriched;        /* ticks written to <topic>.enriched */
	_Atomic uint64_t candles;         /* candles written to <topic>.candles */
	_Atomic uint64_t transform_failed;
	_Atomic uint64_t dead_letters;    /* undecodable ones delivered to the dead-letter topic */
	_Atomic uint64_t dlq_failed;      /* ... and those that could not be sent */
	_Atomic uint64_t gaps;
	_Atomic uint64_t duplicates;
	_Atomic uint64_t reordered;       /* late ticks: each arrived after a later one */
	_Atomic uint64_t order_breaks;    /* places where a stream went back (see seqcheck.h) */
	_Atomic uint64_t rebalances;
	/* offsets retention deleted before the consumer read them, in every topic it read: the
	 * scope of gaps, which they explain */
	_Atomic uint64_t deleted_unread;
	_Atomic uint64_t rewound_ahead;   /* offsets a rewind moved the consumer past, unread */
	_Atomic bool consumer_assigned;   /* holds at least one partition */
	/* a partition of the topic read beyond the PARTITIONS_MAX kticker follows: added while
	 * it ran, it is neither read nor committed; 0: none */
	_Atomic int32_t unfollowed_partition;
	_Atomic int consumer_state;       /* enum consumer_state */
	_Atomic int64_t consumer_joining_ms; /* monotonic time it began to wait for partitions; 0: not waiting */
	_Atomic int64_t consumer_started_ms; /* monotonic time the consumer thread started */
	_Atomic int64_t consumer_alive_ms; /* ... and last fetched; 0: not yet */
	_Atomic int64_t consumer_first_assigned_ms; /* ... and first held a partition; 0: not yet */
	_Atomic uint64_t rereads;         /* ticks the next owner reads again: a commit at revoke failed */
	/* ... of the last one the coordinator answered (not librdkafka's own "nothing to
	 * commit"): the cluster answers, whatever the offset watcher's questions get */
	_Atomic int64_t commit_answered_ms;
	_Atomic bool fetch_resting;       /* its partitions paused while nothing is produced (consumer_rest.h) */
};

static inline void counter_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
			      memory_order_relaxed);
}

static inline uint64_t counter_get(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

/* The producer client's payload bytes acknowledged per byte of its Produce requests, since it
 * was built; <= 0 while unknown (nothing acknowledged yet, or the client changing). */
static inline double wire_ratio_read(const struct counters *c)
{
	/* sequentially consistent, as restart_wire_ratio's stores: a frame's few loads */
	uint32_t generation = atomic_load(&c->wire_generation);
	/* the payload first: what it counts was carried by wire bytes counted before it */
	uint64_t payload = atomic_load(&c->wire_payload_bytes);
	uint64_t wire = atomic_load(&c->wire_bytes);
	if ((generation & 1) || atomic_load(&c->wire_generation) != generation)
		return -1;
	return wire && payload ? (double)payload / (double)wire : -1;
}

/* What the run paid before its first tick, apart from the throughput: the main thread's. */
struct startup_costs {
	int64_t data_us;    /* loading the CSV files */
	int64_t cluster_us; /* opening the cluster and checking the topic */
};

struct pipeline {
	const struct options *opt;
	struct startup_costs startup;
	struct feed feed;
	struct cluster cluster;
	struct control control; /* live settings the screen changes */
	struct faults faults;   /* the main thread's alone */
	char producer_id[TICK_PRODUCER_MAX];
	struct counters counters;
	struct topic_tallies topics;            /* delivered and read back, per topic */
	struct histogram delivery_latency_us;   /* produce call -> delivery report */
	struct histogram end_to_end_us;         /* produce time in the tick -> consumed */
	struct timelag timelag;                 /* produce time by partition and offset */
	struct ackwatch acks;                   /* the producer's ticks not yet acknowledged */
	struct market market;
	struct deadletters deadletters;         /* the latest, for the screen's viewer */
	struct lagboard lag;                    /* this member's own offsets */
	struct offsetwatch offsets;             /* the cluster's, for every partition */
	struct lookup lookup;                   /* the screen's questions to the cluster */
	atomic_bool stop_producer;
	atomic_bool stop_consumer;
	/* rung when a headless run may have reached its end: the producer is done, or a
	 * delivery or a read after that, or the consumer's --count read */
	struct bell end_bell;
};

#endif
