/* test_wiremeta.c: the hand-written Metadata v7 request and the reading of its answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wirebuf.h"
#include "wiremeta.h"

static void put_partition(struct buf *o, int32_t partition, int32_t epoch)
{
	put(o, 0, 2);         /* error code */
	put(o, partition, 4);
	put(o, partition % 3 + 1, 4); /* leader */
	put(o, epoch, 4);
	put(o, 3, 4);         /* replicas 1, 2, 3 */
	put(o, 1, 4), put(o, 2, 4), put(o, 3, 4);
	put(o, 2, 4);         /* isr 1, 2 */
	put(o, 1, 4), put(o, 2, 4);
	put(o, 0, 4);         /* no offline replica */
}

static void put_topic(struct buf *o, int16_t error, const char *name, int count, const int32_t *ids,
		      const int32_t *epochs)
{
	put(o, error, 2);
	put_string(o, name);
	put(o, 0, 1); /* not internal */
	put(o, count, 4);
	for (int i = 0; i < count; i++)
		put_partition(o, ids[i], epochs[i]);
}

/* A response body as a broker writes it: two brokers, then topics "other" (partitions 3 and
 * 5, which must not leak into ticks'), "ticks" (3 partitions, leader epochs 4, 0, 7 in the
 * order 2, 0, 1, leaders 2, 1, 3) and "broken" (an error code). */
static void response(struct buf *o, int32_t correlation_id)
{
	o->n = 0;
	put(o, correlation_id, 4);
	put(o, 0, 4); /* throttle */
	put(o, 2, 4); /* brokers */
	put(o, 1, 4), put_string(o, "127.0.0.1"), put(o, 9092, 4), put(o, -1, 2);
	put(o, 2, 4), put_string(o, "127.0.0.1"), put(o, 9093, 4), put_string(o, "rack-b");
	put(o, -1, 2); /* no cluster id */
	put(o, 1, 4);  /* controller */
	put(o, 3, 4);  /* topics */
	put_topic(o, 0, "other", 2, (int32_t[]){ 3, 5 }, (int32_t[]){ 9, 9 });
	put_topic(o, 0, "ticks", 3, (int32_t[]){ 2, 0, 1 }, (int32_t[]){ 4, 0, 7 });
	put_topic(o, 3, "broken", 1, (int32_t[]){ 0 }, (int32_t[]){ 1 }); /* UNKNOWN_TOPIC_OR_PARTITION */
}

static void test_request(void)
{
	uint8_t req[64];
	size_t n = wiremeta_request(req, sizeof(req), 42, "ticks");
	/* size, api key 3, version 7, id 42, client "kticker", 1 topic "ticks", no auto-create */
	static const uint8_t want[] = { 0, 0, 0, 29, 0, 3, 0, 7, 0, 0, 0, 42, 0, 7, 'k', 't', 'i', 'c', 'k',
					'e', 'r', 0, 0, 0, 1, 0, 5, 't', 'i', 'c', 'k', 's', 0 };
	CHECK_INT(n, sizeof(want));
	CHECK(memcmp(req, want, sizeof(want)) == 0);
	CHECK_INT(wiremeta_request(req, 20, 42, "ticks"), 0); /* too small */
}

static void test_parse(void)
{
	struct buf o;
	response(&o, 42);
	struct wiremeta_partition parts[8];
	struct wire_address brokers[4];
	int broker_count;
	CHECK_INT(wiremeta_parse(o.b, o.n, 42, "ticks", parts, 8, brokers, 4, &broker_count), 3);
	CHECK_INT(broker_count, 2);
	CHECK_INT(brokers[0].node, 1);
	CHECK_STR(brokers[0].host, "127.0.0.1");
	CHECK_INT(brokers[0].port, 9092);
	CHECK_INT(brokers[1].node, 2);
	CHECK_INT(brokers[1].port, 9093);
	CHECK_INT(parts[0].replica_count, 3); /* replicas 1, 2, 3 and ISR 1, 2 */
	CHECK_INT(parts[0].replicas[2], 3);
	CHECK_INT(parts[0].isr_count, 2);
	CHECK_INT(parts[0].isrs[1], 2);
	CHECK_INT(parts[0].epoch, 0);
	CHECK_INT(parts[1].epoch, 7);
	CHECK_INT(parts[2].epoch, 4);
	CHECK_INT(parts[0].leader, 1);
	CHECK_INT(parts[1].leader, 2);
	CHECK_INT(parts[2].leader, 3);
	CHECK_INT(parts[3].epoch, WIREMETA_NO_EPOCH); /* other's partitions 3 and 5 stay out */
	CHECK_INT(parts[5].epoch, WIREMETA_NO_EPOCH);
	CHECK_INT(parts[5].leader, -1);
	CHECK_INT(wiremeta_parse(o.b, o.n, 42, "other", parts, 8, brokers, 4, &broker_count), 2);
	CHECK_INT(parts[5].epoch, 9);
	CHECK_INT(wiremeta_parse(o.b, o.n, 42, "broken", parts, 8, brokers, 4, &broker_count), -1); /* its error code */
	CHECK_INT(wiremeta_parse(o.b, o.n, 43, "ticks", parts, 8, brokers, 4, &broker_count), -1); /* not our answer */
	CHECK_INT(wiremeta_parse(o.b, o.n, 42, "nosuch", parts, 8, brokers, 4, &broker_count), -1);
	/* cut short anywhere: refused, never read past the end (ASan runs this test too) */
	for (size_t len = 0; len < o.n; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, o.b, len);
		CHECK_INT(wiremeta_parse(copy, len, 42, "ticks", parts, 8, brokers, 4, &broker_count), -1);
		free(copy);
	}
}

/* A broker that does not know the epoch sends -1. */
static void test_unknown_epoch(void)
{
	struct buf o;
	o.n = 0;
	put(&o, 7, 4), put(&o, 0, 4), put(&o, 0, 4), put(&o, -1, 2), put(&o, 1, 4), put(&o, 1, 4);
	put_topic(&o, 0, "ticks", 1, (int32_t[]){ 0 }, (int32_t[]){ -1 });
	struct wiremeta_partition parts[2];
	struct wire_address brokers[4];
	int broker_count;
	CHECK_INT(wiremeta_parse(o.b, o.n, 7, "ticks", parts, 2, brokers, 4, &broker_count), 1);
	CHECK_INT(broker_count, 0);
	CHECK_INT(parts[0].epoch, WIREMETA_NO_EPOCH);
	CHECK_INT(parts[0].leader, 1);
}

int main(void)
{
	test_request();
	test_parse();
	test_unknown_epoch();
	return check_report("test_wiremeta");
}
