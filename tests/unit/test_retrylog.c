/* Reading retried message sets from librdkafka 2.0.2's "msg" debug lines, and the tally. */
#include "check.h"
#include "retrylog.h"

#include <librdkafka/rdkafka.h>

#define PREFIX "[thrd:127.0.0.1:48231/bootstrap]: 127.0.0.1:48231/1: "

static void test_message_sets(void)
{
	struct produce_retry r = { 0 };
	CHECK(retrylog_parse("MSGSET", PREFIX "t.p-1 [55]: MessageSet with 4173 message(s) "
			     "(MsgId 0, BaseSeq -1) encountered error: Broker: Not leader for "
			     "partition (actions Refresh,MsgNotPersisted)", &r));
	CHECK_INT(r.partition, 55);
	CHECK_INT(r.err, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
	CHECK_STR(retrylog_error_name(r.err), "NOT_LEADER_OR_FOLLOWER");
	CHECK(retrylog_parse("MSGSET", PREFIX "ticks [3]: MessageSet with 7 message(s) (MsgId 9, "
			     "BaseSeq 4) encountered error: Broker: Not enough in-sync replicas "
			     "(actions Retry,MsgNotPersisted) [NOT LEADER]", &r));
	CHECK_INT(r.partition, 3);
	CHECK_INT(r.err, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
	/* delivered, failed for good, or never sent: not a retry */
	CHECK(!retrylog_parse("MSGSET", PREFIX "ticks [3]: MessageSet with 7 message(s) (MsgId 9, "
			      "BaseSeq 4) delivered", &r));
	CHECK(!retrylog_parse("MSGSET", PREFIX "ticks [3]: MessageSet with 7 message(s) (MsgId 9, "
			      "BaseSeq 4) encountered error: Local: Message timed out (actions "
			      "Permanent,MsgPossiblyPersisted)", &r));
	CHECK(!retrylog_parse("MSGSET", PREFIX "ticks [3]: MessageSet with 7 message(s) (MsgId 9, "
			      "BaseSeq 4) encountered error: Local: Retry operation (actions Retry)", &r));
	CHECK(!retrylog_parse("PRODUCE", PREFIX "ticks [3]: Produce MessageSet with 7 message(s) "
			      "(1400 bytes, ApiVersion 7, MsgVersion 2, MsgId 0, BaseSeq -1, "
			      "acks -1, none)", &r));
}

static void test_idempotent_retries(void)
{
	struct produce_retry r = { 0 };
	CHECK(retrylog_parse("ERRSEQ", PREFIX "ProduceRequest for ticks [12] with 30 message(s) "
			     "failed due to skipped sequence numbers (PID{Id:1,Epoch:0}, base seq 60 > "
			     "next seq 30) caused by previous failed request (NOT_LEADER_FOR_PARTITION, "
			     "actions Refresh,MsgNotPersisted, base seq 30..59, base msgid 31, 4ms ago): "
			     "recovering and retrying", &r));
	CHECK_INT(r.partition, 12);
	CHECK_INT(r.err, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
	CHECK(retrylog_parse("UNKPID", PREFIX "ProduceRequest for ticks [0] with 2 message(s) failed "
			     "due to unknown producer id (PID{Id:1,Epoch:0}, base seq 0, 0 retries): "
			     "no risk of duplication/reordering: resetting PID and retrying", &r));
	CHECK_INT(r.err, RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID);
	CHECK(!retrylog_parse("UNKPID", PREFIX "ProduceRequest for ticks [0] with 2 message(s) failed "
			      "due to unknown producer id (PID{Id:1,Epoch:0}, base seq 0, 0 retries): "
			      "failing the current transaction", &r));
}

static void test_tally(void)
{
	static struct retry_tally t;
	static struct retry_row rows[RETRY_TAKE_MAX];
	retry_tally_init(&t);
	CHECK_INT(retry_tally_take(&t, rows), 0);
	for (int i = 0; i < 3; i++)
		retry_tally_add(&t, &(struct produce_retry){ .partition = 15, .err = 6 });
	retry_tally_add(&t, &(struct produce_retry){ .partition = 15, .err = 7 });
	CHECK_INT(retry_tally_take(&t, rows), 2);
	CHECK_INT(rows[0].requests, 3);
	CHECK_INT(rows[1].err, 7);
	CHECK_INT(retry_tally_take(&t, rows), 0);
	/* more partitions than rows: the rest is counted under partition -1, none lost */
	for (int p = 0; p < RETRY_ROWS + 44; p++)
		retry_tally_add(&t, &(struct produce_retry){ .partition = p, .err = 6 });
	CHECK_INT(retry_tally_take(&t, rows), RETRY_ROWS + 1);
	CHECK_INT(rows[RETRY_ROWS].partition, -1);
	CHECK_INT(rows[RETRY_ROWS].requests, 44);
	CHECK_INT(retry_tally_take(&t, rows), 0);
	retry_tally_free(&t);
}

int main(void)
{
	test_message_sets();
	test_idempotent_retries();
	test_tally();
	return check_report("test_retrylog");
}
