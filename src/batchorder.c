/* batchorder.c: the order in which a batch of ticks is handed to librdkafka. */
#include "batchorder.h"

#include <stdlib.h>
#include <string.h>

#include "kconf.h"

bool batch_order_init(struct batch_order *o, size_t symbols)
{
	memset(o, 0, sizeof(*o));
	o->partition_of = malloc((symbols ? symbols : 1) * sizeof(*o->partition_of));
	o->symbols = symbols;
	return o->partition_of != NULL;
}

void batch_order_free(struct batch_order *o)
{
	free(o->partition_of);
	o->partition_of = NULL;
}

/* The built-in partitioner a "partitioner" value names, for keyed messages (the _random
 * variants differ only for messages without a key); NULL for "random" or an unknown one. */
static batch_partitioner partitioner_named(const char *name)
{
	static const struct {
		const char *name;
		batch_partitioner fn;
	} known[] = {
		{ "consistent_random", rd_kafka_msg_partitioner_consistent },
		{ "consistent", rd_kafka_msg_partitioner_consistent },
		{ "murmur2_random", rd_kafka_msg_partitioner_murmur2 },
		{ "murmur2", rd_kafka_msg_partitioner_murmur2 },
		{ "fnv1a_random", rd_kafka_msg_partitioner_fnv1a },
		{ "fnv1a", rd_kafka_msg_partitioner_fnv1a },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(name, known[i].name) == 0)
			return known[i].fn;
	return NULL;
}

void batch_order_use_client(struct batch_order *o, rd_kafka_t *rk)
{
	char name[32] = "consistent_random"; /* librdkafka's default, when nothing was set */
	kconf_client_value(rk, "partitioner", name, sizeof(name));
	o->partitioner = partitioner_named(name);
	o->partitions = 0; /* predictions made for another client are forgotten */
}

int32_t batch_order_predict(struct batch_order *o, size_t symbol, const char *key, size_t key_len,
			    int partitions)
{
	if (!o->partitioner || partitions <= 0 || symbol >= o->symbols)
		return 0;
	if (partitions != o->partitions) {
		for (size_t i = 0; i < o->symbols; i++)
			o->partition_of[i] = -1;
		o->partitions = partitions;
	}
	if (o->partition_of[symbol] < 0) /* the built-in partitioners do not use the topic */
		o->partition_of[symbol] = o->partitioner(NULL, key, key_len, partitions, NULL, NULL);
	return o->partition_of[symbol];
}

void batch_order_group(rd_kafka_message_t *msgs, const int32_t *part, int count)
{
	if (count > BATCH_ORDER_MAX)
		return;
	/* (partition, position) pairs, insertion-sorted: the position keeps it stable */
	uint64_t order[BATCH_ORDER_MAX];
	bool moved = false;
	for (int i = 0; i < count; i++) {
		uint64_t key = (uint64_t)(uint32_t)part[i] << 32 | (uint32_t)i;
		int j = i;
		for (; j > 0 && order[j - 1] > key; j--)
			order[j] = order[j - 1];
		order[j] = key;
		moved |= j != i;
	}
	if (!moved)
		return;
	rd_kafka_message_t copy[BATCH_ORDER_MAX];
	memcpy(copy, msgs, (size_t)count * sizeof(*msgs));
	for (int i = 0; i < count; i++)
		msgs[i] = copy[(uint32_t)order[i]];
}
