/* wiregroup.h: DescribeGroups v2 by hand (framing in wire.h), asked of the group's coordinator
 * alone. librdkafka 2.0.2 describes a group only inside its group listing, which asks every
 * broker and fails whole when one does not answer: while any broker was down, the screen lost
 * every member's name. Kafka 4.x answers versions 0 to 6. */
#ifndef KTICKER_WIREGROUP_H
#define KTICKER_WIREGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "group.h"

/* The room a request needs, with a group id of up to 255 bytes (a longer one does not fit,
 * and the request is not written). */
#define WIREGROUP_REQUEST_SIZE 300

#define WIREGROUP_GROUP_ID_NOT_FOUND 69 /* Kafka's error code, for a group it does not know */

/* The request's bytes (size prefix included) into out; their count, 0 when it does not fit. */
size_t wiregroup_describe_request(uint8_t *out, size_t size, int32_t correlation_id,
				  const char *group);
/* Reads a DescribeGroups v2 answer (without its size prefix) about group into out, each
 * member's partitions of topic (a member's count is -1 when its assignment is malformed), and
 * the group's error code into *error (0: described). False, with nothing kept, when the
 * answer is malformed, is not the one to correlation_id, or is not about group. A group the
 * coordinator does not know (its error, or the state "Dead": Kafka before DescribeGroups v6
 * says so) has out->unknown set and no member. Never reads outside buf. */
bool wiregroup_describe_parse(const uint8_t *buf, size_t len, int32_t correlation_id,
			      const char *group, const char *topic, struct group_info *out,
			      int *error);

#endif
