/* consumer_retention.h: the consumer thread when retention deletes offsets before it reads
 * them: each deleted offset counted once, and a partition stuck behind a log start that
 * moves faster than librdkafka's own reset can follow moved on with a margin. */
#ifndef KTICKER_CONSUMER_RETENTION_H
#define KTICKER_CONSUMER_RETENTION_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdint.h>

#include "options.h"

struct retention_partition {
	int64_t passed;       /* offsets below this were read or counted as deleted: not again */
	int64_t last_read_ms; /* when a message of this partition last arrived, or it was moved on */
};

struct retention_watch {
	unsigned topic_generation; /* of the topic these entries are about */
	struct retention_partition parts[PARTITIONS_MAX];
};

/* Consumer settings that let a reset land before retention deletes its target again. */
bool consumer_retention_conf(rd_kafka_conf_t *conf, bool mock, char *err, size_t err_size);

#endif
