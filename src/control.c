/* control.c: live settings, and the worker that runs admin requests against the cluster. */
#include "control.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <string.h>

#include "eventlog.h"
#include "kconf.h"
#include "screenwake.h"
#include "util.h"

static int acks_from_name(const char *name)
{
	return strcmp(name, "0") == 0 ? ACKS_NONE : strcmp(name, "1") == 0 ? ACKS_LEADER : ACKS_ALL;
}

const char *acks_name(int acks)
{
	return acks == ACKS_NONE ? "0" : acks == ACKS_LEADER ? "1" : "all";
}

/* Kafka's rule: 1-249 characters of letters, digits, '.', '_' and '-', not "." or "..".
 * And not Kafka's internal topics (__consumer_offsets, __transaction_state...): ticks and
 * dead letters written there would corrupt the cluster's own state. */
bool topic_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 249 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strncmp(name, "__", 2) == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

const char *const compression_names[COMPRESSION_COUNT] = { "none", "gzip", "snappy", "lz4",
								"zstd" };

void control_init(struct control *c, struct cluster *cluster, const struct options *o,
		  int partitions)
{
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_mutex_init(&c->waiter_lock, NULL);
	c->cluster = cluster;
	copy_str(c->topic, sizeof(c->topic), o->topic);
	atomic_store(&c->partitions, partitions);
	atomic_store(&c->delay_ms, o->delay_ms);
	atomic_store(&c->acks, acks_from_name(o->acks));
	atomic_store(&c->idempotence, o->idempotence);
	/* linger 0 unless -X or the config file sets it: librdkafka's 5 ms would be the ack time
	 * whatever acks says */
	atomic_store(&c->linger_ms, kconf_user_linger(o) ? SETTING_DEFAULT : 0);
	atomic_store(&c->batch_bytes, SETTING_DEFAULT);
	atomic_store(&c->compression, SETTING_DEFAULT);
	atomic_store(&c->commit_mode, o->commit);
	atomic_store(&c->built_acks, -1);
	atomic_store(&c->built_idempotence, -1);
	atomic_store(&c->built_linger_ms, SETTING_DEFAULT);
	atomic_store(&c->built_compression, -1);
	for (int i = 0; i < PARTITIONS_MAX; i++) {
		atomic_store(&c->leaders[i], -1);
		atomic_store(&c->leader_epoch[i], WIREMETA_NO_EPOCH);
	}
}

void control_topic(struct control *c, char out[TOPIC_NAME_MAX + 1])
{
	pthread_mutex_lock(&c->lock);
	memcpy(out, c->topic, TOPIC_NAME_MAX + 1);
	pthread_mutex_unlock(&c->lock);
}

void control_hold_paused_waiter(struct control *c, rd_kafka_t *rk)
{
	pthread_mutex_lock(&c->waiter_lock);
	c->paused_waiter = rk;
	pthread_mutex_unlock(&c->waiter_lock);
}

/* Under the lock, so that the client is not destroyed meanwhile; the yield is kept until the
 * next poll when none is under way. */
static void wake_paused_waiter(struct control *c)
{
	pthread_mutex_lock(&c->waiter_lock);
	if (c->paused_waiter)
		kconf_wake_poll(c->paused_waiter);
	pthread_mutex_unlock(&c->waiter_lock);
}

void control_hold_resting_consumer(struct control *c, struct msg_queue *q)
{
	pthread_mutex_lock(&c->waiter_lock);
	c->resting_consumer = q;
	pthread_mutex_unlock(&c->waiter_lock);
}

void control_wake_resting_consumer(struct control *c)
{
	pthread_mutex_lock(&c->waiter_lock);
	if (c->resting_consumer)
		msg_queue_wake(c->resting_consumer);
	pthread_mutex_unlock(&c->waiter_lock);
}

void control_set_paused(struct control *c, bool paused)
{
	atomic_store(&c->paused, paused);
	wake_paused_waiter(c);
	eventlog_add(EVENT_INFO, paused ? "producer paused: the consumer keeps draining"
					: "producer resumed");
}

void control_toggle_pause(struct control *c)
{
	atomic_store(&c->step_requests, 0);
	control_set_paused(c, !atomic_load(&c->paused));
}

void control_step(struct control *c)
{
	if (!atomic_load(&c->paused))
		control_set_paused(c, true);
	atomic_fetch_add(&c->step_requests, 1);
	wake_paused_waiter(c);
}

void control_set_delay(struct control *c, int delay_ms)
{
	int d = delay_ms < DELAY_MIN_MS ? DELAY_MIN_MS : delay_ms > DELAY_MAX_MS ? DELAY_MAX_MS : delay_ms;
	atomic_store(&c->delay_ms, d);
	eventlog_add(EVENT_INFO, "one simulated day now lasts %d ms", d);
}

int control_change_delay(struct control *c, bool faster)
{
	int d = atomic_load(&c->delay_ms);
	control_set_delay(c, faster ? (d <= 10 ? DELAY_MIN_MS : d / 2) : (d < 10 ? 10 : d * 2));
	return atomic_load(&c->delay_ms);
}

static void rebuild_producer(struct control *c, const char *what)
{
	atomic_fetch_add(&c->producer_generation, 1);
	eventlog_add(EVENT_INFO, "%s: rebuilding the producer (queued ticks are kept)", what);
}

void control_set_acks(struct control *c, int acks)
{
	if (acks != ACKS_ALL && atomic_load(&c->idempotence)) {
		atomic_store(&c->idempotence, false);
		eventlog_add(EVENT_INFO, "idempotence off: it needs acks=all");
	}
	atomic_store(&c->acks, acks);
	char what[32];
	snprintf(what, sizeof(what), "acks=%s", acks_name(acks));
	rebuild_producer(c, what);
}

void control_cycle_acks(struct control *c)
{
	control_set_acks(c, (atomic_load(&c->acks) + 1) % 3);
}

void control_set_idempotence(struct control *c, bool on)
{
	atomic_store(&c->idempotence, on);
	if (on && atomic_load(&c->acks) != ACKS_ALL) {
		atomic_store(&c->acks, ACKS_ALL);
		eventlog_add(EVENT_INFO, "acks=all: idempotence needs it");
	}
	rebuild_producer(c, on ? "idempotence on" : "idempotence off");
}

void control_toggle_idempotence(struct control *c)
{
	control_set_idempotence(c, !atomic_load(&c->idempotence));
}

void control_set_linger(struct control *c, int ms)
{
	atomic_store(&c->linger_ms, ms);
	char what[48];
	snprintf(what, sizeof(what), "linger.ms=%d", ms);
	rebuild_producer(c, what);
}

/* The index of value in a preset list; -1 when it is not one of them. */
static int preset_index(const int *presets, int n, int value)
{
	for (int i = 0; i < n; i++)
		if (presets[i] == value)
			return i;
	return -1;
}

void control_cycle_linger(struct control *c)
{
	static const int presets[] = { 0, 5, 50, 500 };
	int i = preset_index(presets, (int)ARRAY_LEN(presets), atomic_load(&c->linger_ms));
	control_set_linger(c, presets[(i + 1) % (int)ARRAY_LEN(presets)]);
}

void control_set_batch(struct control *c, int bytes)
{
	atomic_store(&c->batch_bytes, bytes);
	char what[48];
	snprintf(what, sizeof(what), "batch.size=%d", bytes);
	rebuild_producer(c, what);
}

void control_set_compression(struct control *c, int index)
{
	atomic_store(&c->compression, index);
	char what[48];
	snprintf(what, sizeof(what), "compression=%s", compression_names[index]);
	rebuild_producer(c, what);
}

/* On from the codec shown: the client's, which -X or the config file may have chosen. */
void control_cycle_compression(struct control *c)
{
	int i = atomic_load(&c->compression);
	if (i == SETTING_DEFAULT)
		i = atomic_load(&c->built_compression);
	control_set_compression(c, i < 0 ? 1 : (i + 1) % COMPRESSION_COUNT);
}

void control_set_commit_mode(struct control *c, int mode)
{
	static const char *const meaning[] = {
		"librdkafka stores each offset as it hands the message over and commits every second",
		"offsets are committed after processing: at-least-once, a crash replays",
		"offsets are committed before processing: at-most-once, a crash skips",
	};
	atomic_store(&c->commit_mode, mode);
	eventlog_add(EVENT_INFO, "commit mode %s: %s", commit_mode_names[mode], meaning[mode]);
}

void control_cycle_commit_mode(struct control *c)
{
	control_set_commit_mode(c, (atomic_load(&c->commit_mode) + 1) % 3);
}

void control_set_throttle(struct control *c, int per_second)
{
	atomic_store(&c->throttle, per_second);
	if (per_second)
		eventlog_add(EVENT_INFO, "consumer throttled to %d ticks/s: lag will build", per_second);
	else
		eventlog_add(EVENT_INFO, "consumer throttle off");
}

void control_cycle_throttle(struct control *c)
{
	static const int presets[] = { 0, 1000, 100, 10 };
	int i = preset_index(presets, (int)ARRAY_LEN(presets), atomic_load(&c->throttle));
	control_set_throttle(c, presets[(i + 1) % (int)ARRAY_LEN(presets)]);
}

void control_crash_consumer(struct control *c)
{
	atomic_fetch_add(&c->crash_generation, 1);
	control_wake_resting_consumer(c);
	eventlog_add(EVENT_WARN, "consumer crash requested: it dies without committing (commit mode %s)",
		     commit_mode_names[atomic_load(&c->commit_mode)]);
}

void control_request_rewind(struct control *c, int target, int32_t date)
{
	pthread_mutex_lock(&c->lock);
	c->rewind_target = target;
	c->rewind_date = date;
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add(&c->rewind_generation, 1);
	control_wake_resting_consumer(c);
}

int control_take_rewind(struct control *c, int32_t *date)
{
	pthread_mutex_lock(&c->lock);
	int target = c->rewind_target;
	*date = c->rewind_date;
	c->rewind_target = REWIND_NONE;
	pthread_mutex_unlock(&c->lock);
	return target;
}

enum topic_request {
	SWITCH_TOPIC,    /* to a topic by name: created with the current count if not there */
	SWITCH_TO_COUNT, /* to a new topic with the count P asked for (the embedded cluster) */
	ADD_PARTITIONS,  /* grow the topic in place to the count P asked for */
};

static void request(struct control *c, const char *topic, int partitions, enum topic_request kind)
{
	pthread_mutex_lock(&c->lock);
	copy_str(c->request_topic, sizeof(c->request_topic), topic);
	c->request_partitions = partitions;
	c->request_kind = kind;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

void control_request_topic(struct control *c, const char *topic)
{
	request(c, topic, atomic_load(&c->partitions), SWITCH_TOPIC);
}

void control_request_partitions(struct control *c, int partitions)
{
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(c, topic);
	if (c->cluster->embedded) {
		char renamed[TOPIC_NAME_MAX + 16];
		char *suffix = strstr(topic, ".p");
		if (suffix)
			*suffix = '\0'; /* ticks.p6 -> ticks.p12, not ticks.p6.p12 */
		snprintf(renamed, sizeof(renamed), "%.200s.p%d", topic, partitions);
		eventlog_add(EVENT_INFO, "the embedded cluster cannot add partitions: "
			     "switching to a new topic %s with %d", renamed, partitions);
		request(c, renamed, partitions, SWITCH_TO_COUNT);
		return;
	}
	request(c, topic, partitions, ADD_PARTITIONS);
}

const char *control_partitions_refusal(const struct control *c)
{
	if (!c->cluster->mock_limits || c->cluster->embedded)
		return NULL;
	return "another kticker's embedded cluster cannot add partitions, and makes a new topic "
	       "with its own default count (librdkafka's mock answers no CreatePartitions or "
	       "CreateTopics): P on the kticker that hosts it makes <topic>.p<N> with that count; "
	       "switch to it here with t";
}

static void switch_topic(struct control *c, const char *topic, int partitions)
{
	pthread_mutex_lock(&c->lock);
	copy_str(c->topic, sizeof(c->topic), topic);
	c->known_count = 0; /* the old topic's leaders are not this one's */
	c->min_insync = 0;  /* nor its settings */
	c->min_insync_asked_ms = 0;
	c->isr_short = (struct isr_shortfall){ 0 };
	pthread_mutex_unlock(&c->lock);
	atomic_store(&c->partitions, partitions);
	atomic_fetch_add(&c->topic_generation, 1);
	control_wake_resting_consumer(c);
	eventlog_add(EVENT_INFO, "switched to topic %s: the consumer resubscribes, panels reset", topic);
}

static void run_request(struct control *c, const char *topic, int partitions, enum topic_request kind)
{
	char err[512];
	int count = partitions;
	bool ok = kind == ADD_PARTITIONS
			  ? cluster_add_partitions(c->cluster, topic, partitions, err, sizeof(err))
			  : cluster_ensure_topic(c->cluster, topic, partitions, &count, err, sizeof(err));
	if (!ok) {
		eventlog_add(EVENT_ERROR, "%s", err);
		return;
	}
	if (kind == SWITCH_TO_COUNT && count != partitions)
		eventlog_add(EVENT_WARN, "topic %s was already there with %d partitions, not the %d asked "
			     "for: switching to it as it is", topic, count, partitions);
	if (kind == ADD_PARTITIONS) {
		atomic_store(&c->partitions, partitions);
		/* the consumer learns of new partitions from metadata; a switch makes it immediate */
		atomic_fetch_add(&c->topic_generation, 1);
		control_wake_resting_consumer(c);
		return;
	}
	switch_topic(c, topic, count);
}

#define LEADER_REFRESH_MS 2000

void isr_text(char *out, size_t size, unsigned isr)
{
	char text[3 * 31 + 1]; /* ids 1 to 31, each with its comma */
	size_t used = 0;
	/* the set bits alone, lowest first, and their one or two digits written here: every
	 * partition row that changes shows its ISR, and 31 bits with a call for each id were
	 * a tenth of drawing the row */
	for (unsigned ids = isr & ~1u; ids; ids &= ids - 1) {
		int id = __builtin_ctz(ids);
		if (used)
			text[used++] = ',';
		if (id >= 10)
			text[used++] = (char)('0' + id / 10);
		text[used++] = (char)('0' + id % 10);
	}
	text[used] = '\0';
	copy_str(out, size, used ? text : "-");
}

static unsigned isr_bits(const struct partition_info *p)
{
	unsigned bits = 0;
	for (int i = 0; i < p->isr_count; i++)
		if (p->isrs[i] >= 1 && p->isrs[i] < 32)
			bits |= 1u << p->isrs[i];
	return bits;
}

/* An election, a partition left without a leader (offline: no in-sync replica alive to
 * elect) or an ISR shrink/expand, told in the event log as the controller decided it (seen up
 * to LEADER_REFRESH_MS late). */
static void narrate_change(int partition, int leader_was, int leader, unsigned isr_was, unsigned isr,
			   int epoch_was, int epoch)
{
	char was[48], now[48], led_by[16];
	isr_text(was, sizeof(was), isr_was);
	isr_text(now, sizeof(now), isr);
	const char *what = isr == isr_was ? "same" : (isr & isr_was) == isr ? "shrank"
		       : (isr & isr_was) == isr_was ? "grew" : "changed";
	char epochs[48] = ""; /* only a new epoch read with the new leader: never a stale one */
	if (epoch_was != WIREMETA_NO_EPOCH && epoch != WIREMETA_NO_EPOCH && epoch != epoch_was)
		snprintf(epochs, sizeof(epochs), ", epoch %d -> %d", epoch_was, epoch);
	if (leader_was >= 0)
		snprintf(led_by, sizeof(led_by), "%d", leader_was);
	else
		copy_str(led_by, sizeof(led_by), "none");
	if (leader < 0 && leader_was >= 0)
		eventlog_add(EVENT_ERROR, "partition %d: leader %d -> none (offline%s), ISR %s -> %s (%s)",
			     partition, leader_was, epochs, was, now, what);
	else if (leader != leader_was)
		eventlog_add(EVENT_WARN, "partition %d: leader %s -> %d (election%s), ISR %s -> %s (%s)",
			     partition, led_by, leader, epochs, was, now, what);
	else
		eventlog_add(isr_was & ~isr ? EVENT_WARN : EVENT_INFO, "partition %d: ISR %s %s -> %s",
			     partition, what, was, now);
}

/* The topic's partition count changed under kticker: the consumer's sequence check learns it
 * (keys hash to other partitions from each producer's next metadata refresh); told. Under
 * c->lock, with the topic still the one read. */
static void note_repartition(struct control *c, const char *topic, int was, int now)
{
	atomic_fetch_add(&c->repartition_generation, 1);
	eventlog_add(EVENT_INFO, "topic %s has %d partitions now (%d before), as the cluster says: "
		     "each producer sends its keys to the new count from its next metadata refresh",
		     topic, now, was);
}

#define MIN_INSYNC_REFRESH_MS 10000 /* a topic's setting changes seldom: asked again this often */
#define MIN_INSYNC_TIMEOUT_MS 1000
/* a reading this old (the brokers stopped answering DescribeConfigs) is no ground for a verdict:
 * the operator may have lowered the setting to let writes through */
#define MIN_INSYNC_STALE_MS (3 * MIN_INSYNC_REFRESH_MS)

/* The partitions with a leader and fewer in-sync replicas than min_insync (an offline one is
 * another matter: nobody takes its writes, whatever acks says). */
static void find_isr_shortfall(const struct partition_info *parts, int n, int min_insync,
			       struct isr_shortfall *out)
{
	*out = (struct isr_shortfall){ .min_insync = min_insync };
	for (int i = 0; i < n && min_insync > 0; i++) {
		if (parts[i].leader < 0 || parts[i].isr_count >= min_insync)
			continue;
		int isr = parts[i].isr_count;
		if (out->named < ISR_SHORT_NAMED_MAX)
			out->partitions[out->named++] = i;
		out->isr_least = out->count && out->isr_least < isr ? out->isr_least : isr;
		out->isr_most = out->count && out->isr_most > isr ? out->isr_most : isr;
		out->count++;
	}
}

void control_isr_shortfall(struct control *c, int64_t now_ms, int64_t stale_ms,
			   struct isr_shortfall *out)
{
	int64_t read_ms = atomic_load(&c->leaders_read_ms);
	pthread_mutex_lock(&c->lock);
	*out = c->isr_short;
	bool setting_old = mono_ms() - c->min_insync_read_ms >= MIN_INSYNC_STALE_MS;
	pthread_mutex_unlock(&c->lock);
	if (!read_ms || now_ms - read_ms >= stale_ms || setting_old)
		*out = (struct isr_shortfall){ 0 };
}

/* The topic's min.insync.replicas, asked of the cluster when not asked for the refresh
 * period (answered or not: a cluster that refuses DescribeConfigs is not asked at every
 * metadata round), after the leaders are published so that their reading is not held back by
 * it; the partitions short of it are found again against the leaders last published. */
static void refresh_min_insync(struct control *c, const char *topic)
{
	pthread_mutex_lock(&c->lock);
	bool due = !c->min_insync_asked_ms || mono_ms() - c->min_insync_asked_ms >= MIN_INSYNC_REFRESH_MS;
	if (due)
		c->min_insync_asked_ms = mono_ms();
	pthread_mutex_unlock(&c->lock);
	if (!due)
		return;
	int min_insync = cluster_min_insync(c->cluster, topic, MIN_INSYNC_TIMEOUT_MS);
	pthread_mutex_lock(&c->lock);
	if (min_insync > 0 && strcmp(c->topic, topic) == 0) {
		c->min_insync = min_insync;
		c->min_insync_read_ms = mono_ms();
		find_isr_shortfall(c->known, c->known_count, min_insync, &c->isr_short);
	}
	pthread_mutex_unlock(&c->lock);
	screenwake_notify();
}

/* Leaders and ISRs change when brokers fail: refreshed from metadata so the screen can
 * show it, and each change told in the event log. */
static void refresh_leaders(struct control *c)
{
	static struct partition_info parts[PARTITIONS_MAX]; /* the worker thread's alone */
	static char seen_topic[TOPIC_NAME_MAX + 1];          /* whose readings are in the arrays */
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(c, topic);
	unsigned notes = atomic_load(&c->leader_notes);
	if (notes & 1)
		return; /* kticker is moving a leader: the cluster may answer either side of it */
	int n = cluster_partitions(c->cluster, topic, parts, PARTITIONS_MAX);
	int64_t answered_ms = now_ms();
	/* dropped when the topic switched while the cluster answered (its leaders are not the
	 * rows'), or kticker moved a leader meanwhile (the reading is older than the move);
	 * under the lock control_note_leader takes, so a move after this waits for the stores */
	pthread_mutex_lock(&c->lock);
	if (atomic_load(&c->leader_notes) != notes || strcmp(c->topic, topic) != 0) {
		pthread_mutex_unlock(&c->lock);
		return;
	}
	bool same_topic = strcmp(topic, seen_topic) == 0;
	for (int i = 0; i < n; i++) {
		int leader_was = atomic_load_explicit(&c->leaders[i], memory_order_relaxed);
		unsigned isr_was = atomic_load_explicit(&c->isr[i], memory_order_relaxed);
		unsigned isr = isr_bits(&parts[i]);
		int epoch_was = same_topic ? atomic_load_explicit(&c->leader_epoch[i], memory_order_relaxed)
					   : WIREMETA_NO_EPOCH;
		if (parts[i].leader_epoch == WIREMETA_NO_EPOCH) /* no answer this round: the last one stands */
			parts[i].leader_epoch = epoch_was;
		/* against the last answer's reading of the partition, whatever it was: an offline
		 * partition's ISR may be empty, and its return is an election too */
		if (same_topic && i < c->known_count && (leader_was != parts[i].leader || isr_was != isr))
			narrate_change(i, leader_was, parts[i].leader, isr_was, isr, epoch_was,
				       parts[i].leader_epoch);
		atomic_store_explicit(&c->leaders[i], parts[i].leader, memory_order_relaxed);
		atomic_store_explicit(&c->isr[i], isr, memory_order_relaxed);
		atomic_store_explicit(&c->leader_epoch[i], parts[i].leader_epoch, memory_order_relaxed);
	}
	if (n > 0) {
		int was = atomic_load(&c->partitions);
		if (same_topic && n != was)
			note_repartition(c, topic, was, n);
		atomic_store(&c->partitions, n);
		copy_str(seen_topic, sizeof(seen_topic), topic);
		memcpy(c->known, parts, (size_t)n * sizeof(parts[0]));
		c->known_count = n;
		find_isr_shortfall(parts, n, c->min_insync, &c->isr_short);
		atomic_store(&c->leaders_read_ms, answered_ms);
	}
	pthread_mutex_unlock(&c->lock);
	screenwake_notify();
	if (n > 0)
		refresh_min_insync(c, topic);
}

/* The count goes odd before the cluster changes: a reading begun before control_note_leader
 * is dropped even when the cluster answered it after the change (a leader moved back to a
 * broker up again was told as "partition 2: leader 2 -> 1 (election)"). */
void control_begin_leader_move(struct control *c)
{
	atomic_fetch_add(&c->leader_notes, 1);
}

void control_note_leader(struct control *c, const char *topic, int partition, int broker)
{
	pthread_mutex_lock(&c->lock);
	atomic_fetch_add(&c->leader_notes, 1);
	if (strcmp(topic, c->topic) == 0) { /* not a topic switched away from: its numbering is not ours */
		atomic_store(&c->leaders[partition], broker);
		if (partition < c->known_count)
			c->known[partition].leader = broker;
	}
	pthread_mutex_unlock(&c->lock);
	screenwake_notify();
}

int control_known_partitions(struct control *c, const char *topic, struct partition_info *out,
			     int max)
{
	pthread_mutex_lock(&c->lock);
	int n = strcmp(topic, c->topic) != 0 ? 0 : c->known_count < max ? c->known_count : max;
	memcpy(out, c->known, (size_t)n * sizeof(out[0]));
	pthread_mutex_unlock(&c->lock);
	return n;
}

static void wait_for_request(struct control *c)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += LEADER_REFRESH_MS / 1000;
	if (pthread_cond_timedwait(&c->wake, &c->lock, &until) != ETIMEDOUT)
		return;
	pthread_mutex_unlock(&c->lock);
	refresh_leaders(c);
	pthread_mutex_lock(&c->lock);
}

static void *worker_main(void *arg)
{
	struct control *c = arg;
	refresh_leaders(c); /* at once: the fault commands read who leads what from here */
	pthread_mutex_lock(&c->lock);
	while (!c->stopping) {
		if (c->request_partitions <= 0) {
			wait_for_request(c);
			continue;
		}
		char topic[TOPIC_NAME_MAX + 1];
		memcpy(topic, c->request_topic, sizeof(topic));
		int partitions = c->request_partitions;
		enum topic_request kind = c->request_kind;
		c->request_partitions = 0;
		pthread_mutex_unlock(&c->lock);
		run_request(c, topic, partitions, kind);
		refresh_leaders(c);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

void control_start_worker(struct control *c)
{
	c->worker_running = thread_start(&c->worker, worker_main, c, "kt:control");
}

void control_free(struct control *c)
{
	if (c->worker_running) {
		pthread_mutex_lock(&c->lock);
		c->stopping = true;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->worker, NULL);
	}
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	pthread_mutex_destroy(&c->waiter_lock);
}
