/* group.h: a consumer group's members and which partitions each owns, as the group
 * coordinator describes them (ListGroups + DescribeGroups, via rd_kafka_list_groups). */
#ifndef KTICKER_GROUP_H
#define KTICKER_GROUP_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GROUP_MEMBERS_MAX 32
#define GROUP_PARTITIONS_MAX 256

struct group_member {
	char client_id[64];
	char host[64];
	char member_id[96];
	int partition_count;             /* of the topic asked about */
	int32_t partitions[GROUP_PARTITIONS_MAX];
};

struct group_info {
	char state[32];
	char protocol[32];
	int member_count;
	struct group_member members[GROUP_MEMBERS_MAX];
	/* not described because the cluster does not know the group: no member ever joined it
	 * (or it was deleted), so it has none */
	bool unknown;
};

/* Describes the group, keeping each member's partitions of topic, waiting timeout_ms at most
 * (a broker down takes all of it); false with the reason. */
bool group_describe(rd_kafka_t *rk, const char *group, const char *topic, int timeout_ms,
		    struct group_info *out, char *err, size_t err_size);
/* Parses a ConsumerProtocol assignment (the bytes a member was handed) for one topic's
 * partitions; false when the bytes are malformed. */
bool group_parse_assignment(const void *data, size_t size, const char *topic, int32_t *partitions,
			    int max, int *count);

#endif
