/* wireoffsets.h: the offset watcher's questions, written and read by hand (framing in wire.h):
 * ListOffsets v2 (a log's start or end), OffsetFetch v3 (a group's committed offsets) and
 * FindCoordinator v1 (which broker keeps the group's offsets). One request asks about every
 * partition a broker is asked about, and an answer goes straight to its partition's slot:
 * librdkafka 2.0.2 matches each answer to its question by a linear search, which at 1000
 * partitions cost more than the rest of the watcher. Kafka 4.x answers all three versions. */
#ifndef KTICKER_WIREOFFSETS_H
#define KTICKER_WIREOFFSETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define WIREOFFSETS_EARLIEST (-2) /* ListOffsets' timestamp for the log start */
#define WIREOFFSETS_LATEST (-1)   /* and for the log end (the high watermark) */
/* The room a request about n partitions needs at most, with a group id of up to 255 bytes
 * (a longer one does not fit, and the request is not written). */
#define WIREOFFSETS_REQUEST_SIZE(n) (600 + 12 * (size_t)(n))

/* The requests' bytes (size prefix included) into out; their count, 0 when out is too small
 * or a name too long. */
/* read_committed: the log end is the last stable offset (what a read_committed consumer can
 * read up to: not into an open transaction), else the high watermark. */
size_t wireoffsets_list_request(uint8_t *out, size_t size, int32_t correlation_id,
				const char *topic, const int32_t *partitions, int n, int64_t timestamp,
				bool read_committed);
size_t wireoffsets_fetch_request(uint8_t *out, size_t size, int32_t correlation_id,
				 const char *group, const char *topic, const int32_t *partitions, int n);
size_t wireoffsets_coordinator_request(uint8_t *out, size_t size, int32_t correlation_id,
				       const char *group);

/* Reads a ListOffsets v2 or OffsetFetch v3 answer (without its size prefix) about the topic:
 * for each partition below max answered without an error, offsets[partition] and
 * answered[partition] = true (a committed offset of -1: nothing committed). A log end or
 * start below 0 is no answer. Returns how many were answered, -1 when the answer is
 * malformed, is not the one to correlation_id, or (OffsetFetch) carries a group error. Never
 * reads outside buf. */
int wireoffsets_list_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
			   const char *topic, int64_t *offsets, bool *answered, int max);
int wireoffsets_fetch_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
			    const char *topic, int64_t *offsets, bool *answered, int max);

/* Reads a FindCoordinator v1 answer; false when malformed, not ours, or an error. */
bool wireoffsets_coordinator_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
				   struct wire_address *out);

#endif
