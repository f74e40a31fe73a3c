/* retrylog.c: produce requests that librdkafka sends again, read from its "msg" debug log. */
#include "retrylog.h"

#include <librdkafka/rdkafka.h>
#include <stdlib.h>
#include <string.h>

/* The partition number in "topic [15]" just before marker; false without one. Topic names
 * hold no brackets or spaces, so the last '[' before the marker opens it. */
static bool partition_before(const char *text, const char *marker, int32_t *out)
{
	const char *open = marker;
	while (open > text && *open != '[')
		open--;
	if (*open != '[')
		return false;
	char *end;
	long p = strtol(open + 1, &end, 10);
	if (end == open + 1 || *end != ']' || p < 0 || p > INT32_MAX)
		return false;
	*out = (int32_t)p;
	return true;
}

/* The code whose description librdkafka prints as text[0..len); unknown: _FAIL. */
static int error_from_text(const char *text, size_t len)
{
	const struct rd_kafka_err_desc *descs;
	size_t n;
	rd_kafka_get_err_descs(&descs, &n);
	for (size_t i = 0; i < n; i++)
		if (descs[i].desc && strlen(descs[i].desc) == len && memcmp(descs[i].desc, text, len) == 0)
			return descs[i].code;
	return RD_KAFKA_RESP_ERR__FAIL;
}

/* Local errors of requests that never left kticker: built, then taken off the broker's
 * output queue (a leader change, the idempotent producer draining) or timed out in it. Their
 * messages go back in order and reach the broker once: not a retry. */
static bool never_sent(int err)
{
	return err == RD_KAFKA_RESP_ERR__RETRY || err == RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE;
}

/* "MessageSet with N message(s) ... encountered error: TEXT (actions A,B)": sent again when
 * the actions include Retry or Refresh; the others fail and reach the delivery report. */
static bool parse_msgset(const char *text, struct produce_retry *out)
{
	const char *set = strstr(text, "]: MessageSet with ");
	const char *error = set ? strstr(set, " encountered error: ") : NULL;
	const char *actions = error ? strstr(error, " (actions ") : NULL;
	if (!actions || !partition_before(text, set, &out->partition))
		return false;
	const char *close = strchr(actions, ')');
	size_t n = close ? (size_t)(close - actions) : strlen(actions);
	bool again = memmem(actions, n, "Retry", 5) || memmem(actions, n, "Refresh", 7);
	if (!again)
		return false;
	error += strlen(" encountered error: ");
	out->err = error_from_text(error, (size_t)(actions - error));
	return !never_sent(out->err);
}

/* The idempotent producer's own retries: "ProduceRequest for t [3] with N message(s) failed
 * due to ...: recovering and retrying" (a sequence error after an earlier failure) or
 * "... resetting PID and retrying". */
static bool parse_idempotent(const char *fac, const char *text, struct produce_retry *out)
{
	int err = strcmp(fac, "ERRSEQ") == 0 ? RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER :
		  strcmp(fac, "UNKPID") == 0 ? RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID : 0;
	const char *with = err ? strstr(text, "] with ") : NULL;
	if (!with || !strstr(with, " and retrying") || !partition_before(text, with, &out->partition))
		return false;
	out->err = err;
	return true;
}

bool retrylog_parse(const char *fac, const char *text, struct produce_retry *out)
{
	if (strcmp(fac, "MSGSET") == 0)
		return parse_msgset(text, out);
	return parse_idempotent(fac, text, out);
}

const char *retrylog_error_name(int err)
{
	if (err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
		return "NOT_LEADER_OR_FOLLOWER";
	return rd_kafka_err2name((rd_kafka_resp_err_t)err);
}

void retry_tally_init(struct retry_tally *t)
{
	pthread_mutex_init(&t->lock, NULL);
	atomic_store(&t->used, 0);
	t->other = (struct retry_row){ 0 };
}

void retry_tally_free(struct retry_tally *t)
{
	pthread_mutex_destroy(&t->lock);
}

static struct retry_row *row_for(struct retry_tally *t, int32_t partition, int err)
{
	int used = atomic_load_explicit(&t->used, memory_order_relaxed);
	for (int i = 0; i < used; i++)
		if (t->rows[i].partition == partition && t->rows[i].err == err)
			return &t->rows[i];
	if (used == RETRY_ROWS) {
		t->other.partition = -1;
		t->other.err = err; /* the latest error names the overflow */
		return &t->other;
	}
	t->rows[used] = (struct retry_row){ .partition = partition, .err = err };
	atomic_store_explicit(&t->used, used + 1, memory_order_relaxed);
	return &t->rows[used];
}

void retry_tally_add(struct retry_tally *t, const struct produce_retry *r)
{
	pthread_mutex_lock(&t->lock);
	struct retry_row *row = row_for(t, r->partition, r->err);
	row->requests++;
	pthread_mutex_unlock(&t->lock);
}

int retry_tally_take(struct retry_tally *t, struct retry_row out[RETRY_TAKE_MAX])
{
	if (atomic_load_explicit(&t->used, memory_order_relaxed) == 0)
		return 0;
	pthread_mutex_lock(&t->lock);
	int n = atomic_load_explicit(&t->used, memory_order_relaxed);
	memcpy(out, t->rows, (size_t)n * sizeof(*out));
	if (t->other.requests)
		out[n++] = t->other;
	t->other = (struct retry_row){ 0 };
	atomic_store_explicit(&t->used, 0, memory_order_relaxed);
	pthread_mutex_unlock(&t->lock);
	return n;
}
