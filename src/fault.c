/* fault.c: broker failure, latency and produce errors on the embedded mock cluster. */
#include "fault.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "util.h"

#define MOCK_API_PRODUCE 0 /* the Produce request's ApiKey, as the mock's error stacks take it */

void faults_init(struct faults *f, struct cluster *cluster, struct control *control,
		 const char *group)
{
	f->cluster = cluster;
	f->control = control;
	f->group = group;
}

bool fault_can_stop_brokers(const struct faults *f)
{
	return f->cluster->embedded || f->local;
}

const char *fault_elsewhere(const struct faults *f)
{
	return f->cluster->mock_limits
		       ? "fault injection is for the kticker that hosts this embedded cluster: use its "
			 "keys or scenario"
		       : "fault injection is for the embedded cluster (kticker without --broker): on a "
			 "real cluster, stop a broker yourself and watch the leaders move";
}

static bool embedded_broker(const struct faults *f, int broker, char *err, size_t err_size)
{
	if (f->local) {
		snprintf(err, err_size, "only the embedded (mock) cluster can do that: the local "
			 "cluster is real Kafka, where b and B crash and restart a broker");
		return false;
	}
	if (!f->cluster->embedded) {
		snprintf(err, err_size, "%s", fault_elsewhere(f));
		return false;
	}
	if (broker < 1 || broker > f->cluster->broker_count || broker > FAULT_BROKERS_MAX) {
		snprintf(err, err_size, "no broker %d: the embedded cluster has brokers 1 to %d", broker,
			 f->cluster->broker_count);
		return false;
	}
	return true;
}

int fault_pick_broker(const struct faults *f, bool down)
{
	for (int b = 1; b <= f->cluster->broker_count && b <= FAULT_BROKERS_MAX; b++)
		if (f->down[b] == down)
			return b;
	return 0;
}

int fault_pick_leader(const struct faults *f)
{
	int n = atomic_load(&f->control->partitions);
	for (int p = 0; p < n && p < PARTITIONS_MAX; p++) {
		int b = atomic_load_explicit(&f->control->leaders[p], memory_order_relaxed);
		if (b >= 1 && b <= FAULT_BROKERS_MAX && !f->down[b])
			return b;
	}
	return fault_pick_broker(f, false);
}

static bool is_up(const struct faults *f, int broker)
{
	return broker >= 1 && broker <= FAULT_BROKERS_MAX && !f->down[broker];
}

/* The partition's first replica that is up; 0 if none. */
static int live_replica(const struct faults *f, const struct fault_partition *part)
{
	for (int r = 0; r < part->replica_count; r++)
		if (is_up(f, part->replicas[r]))
			return part->replicas[r];
	return 0;
}

/* A broker id as the mock numbers them; 0 for any other (none, or not known). */
static int8_t broker_id(int32_t id)
{
	return id >= 1 && id <= FAULT_BROKERS_MAX ? (int8_t)id : 0;
}

static struct fault_topic *followed_topic(struct faults *f, const char *name)
{
	for (int i = 0; i < FAULT_TOPICS_MAX; i++)
		if (f->topics[i].count && strcmp(f->topics[i].name, name) == 0)
			return &f->topics[i];
	return NULL;
}

/* Nothing to give back: no partition moved away, none offline. */
static bool settled(const struct faults *f, const struct fault_topic *t)
{
	for (int p = 0; p < t->count; p++)
		if (t->parts[p].home || !is_up(f, t->parts[p].leader))
			return false;
	return true;
}

/* A free slot, else a settled topic's; NULL when every followed topic awaits a broker. */
static struct fault_topic *slot_to_follow(struct faults *f)
{
	for (int i = 0; i < FAULT_TOPICS_MAX; i++)
		if (!f->topics[i].count)
			return &f->topics[i];
	for (int i = 0; i < FAULT_TOPICS_MAX; i++)
		if (settled(f, &f->topics[i]))
			return &f->topics[i];
	return NULL;
}

static void follow_partition(struct fault_partition *to, const struct partition_info *from)
{
	to->leader = broker_id(from->leader);
	to->home = 0;
	to->replica_count = (int8_t)(from->replica_count < REPLICAS_MAX ? from->replica_count
									 : REPLICAS_MAX);
	for (int r = 0; r < to->replica_count; r++)
		to->replicas[r] = broker_id(from->replicas[r]);
}

/* The topic on screen joins those the controller follows, with who leads what as the control
 * worker last read it (a controller's view, and no network call here: this runs on the
 * screen's thread). From then on the mock changes its leaders only when kticker does. */
static bool follow_current_topic(struct faults *f)
{
	static struct partition_info parts[PARTITIONS_MAX]; /* the main thread's alone */
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(f->control, topic);
	if (followed_topic(f, topic))
		return true;
	int n = control_known_partitions(f->control, topic, parts, PARTITIONS_MAX);
	if (n <= 0)
		return false;
	struct fault_topic *t = slot_to_follow(f);
	if (!t) {
		eventlog_add(EVENT_WARN, "controller: %d topics have partitions moved or offline: "
			     "the leaders of %s are left as they are", FAULT_TOPICS_MAX, topic);
		return true;
	}
	copy_str(t->name, sizeof(t->name), topic);
	t->count = n;
	for (int p = 0; p < n; p++)
		follow_partition(&t->parts[p], &parts[p]);
	return true;
}

static void set_leader(struct faults *f, struct fault_topic *t, int partition, int broker)
{
	control_begin_leader_move(f->control);
	rd_kafka_mock_partition_set_leader(f->cluster->mock, t->name, partition, broker);
	control_note_leader(f->control, t->name, partition, broker);
	t->parts[partition].leader = (int8_t)broker;
}

enum outcome { KEPT, MOVED_BACK, MOVED, OFFLINE };

/* Kafka's controller, after a broker went down or came up: a partition goes back to the
 * leader it was moved off once that is up; one whose leader is down goes to its first live
 * replica (the mock keeps one log per partition: every replica is in sync). */
static enum outcome reconcile_partition(struct faults *f, struct fault_topic *t, int partition)
{
	struct fault_partition *part = &t->parts[partition];
	if (part->home && is_up(f, part->home)) {
		set_leader(f, t, partition, part->home);
		part->home = 0;
		return MOVED_BACK;
	}
	if (is_up(f, part->leader))
		return KEPT;
	int to = live_replica(f, part);
	if (!to)
		return OFFLINE;
	if (!part->home)
		part->home = part->leader;
	set_leader(f, t, partition, to);
	return MOVED;
}

/* What the controller did to one topic's partitions when broker went down or came up. */
struct tally {
	int moved_off;    /* led by the broker that went down, now by a live replica */
	int moved_back;   /* led again by the broker that came up, which they were moved off */
	int elected;      /* offline (their leader down), now led by a live replica */
	int elected_it;   /* ... that replica the broker that came up */
	int online_again; /* offline, and led by the broker that came up */
	int offline;      /* no replica is up */
};

static void reconcile_topic(struct faults *f, struct fault_topic *t, int broker, struct tally *n)
{
	memset(n, 0, sizeof(*n));
	for (int p = 0; p < t->count; p++) {
		int was = t->parts[p].leader;
		switch (reconcile_partition(f, t, p)) {
		case MOVED_BACK: n->moved_back++; break;
		case MOVED:
			if (was == broker)
				n->moved_off++;
			else if (t->parts[p].leader == broker)
				n->elected_it++;
			else
				n->elected++;
			break;
		case OFFLINE: n->offline++; break;
		case KEPT:
			if (was == broker)
				n->online_again++;
			break;
		}
	}
}

static void reconcile(struct faults *f, int broker, struct tally tallies[FAULT_TOPICS_MAX])
{
	for (int i = 0; i < FAULT_TOPICS_MAX; i++)
		reconcile_topic(f, &f->topics[i], broker, &tallies[i]);
}

/* Appends "; " (unless line is empty) and the text. */
__attribute__((format(printf, 3, 4)))
static void append(char *line, size_t size, const char *fmt, ...)
{
	size_t used = strlen(line);
	if (used)
		used += (size_t)snprintf(line + used, size - used, "; ");
	va_list ap;
	va_start(ap, fmt);
	if (used < size)
		vsnprintf(line + used, size - used, fmt, ap);
	va_end(ap);
}

/* The partitions a topic's leaders went to live replicas for, and those left offline. */
static void append_elected_offline(char *line, size_t size, const struct tally *n)
{
	if (n->elected)
		append(line, size, "%d offline partitions elected a live replica leader", n->elected);
	if (n->offline)
		append(line, size, "%d have no live replica and are offline", n->offline);
}

/* Each followed topic the fault changed, and the one on screen even when it did not. */
static void narrate_down(struct faults *f, int broker, const struct tally tallies[FAULT_TOPICS_MAX])
{
	char shown[TOPIC_NAME_MAX + 1];
	control_topic(f->control, shown);
	for (int i = 0; i < FAULT_TOPICS_MAX; i++) {
		const struct tally *n = &tallies[i];
		const char *topic = f->topics[i].name;
		if (!f->topics[i].count ||
		    (!n->moved_off && !n->elected && !n->offline && strcmp(topic, shown) != 0))
			continue;
		char more[EVENT_TEXT_MAX] = "";
		append_elected_offline(more, sizeof(more), n);
		eventlog_add(EVENT_WARN, "controller: moved the leadership of %d partitions of %s off "
			     "broker %d%s%s", n->moved_off, topic, broker, more[0] ? "; " : "", more);
	}
}

static void narrate_up(const struct faults *f, int broker, const struct tally tallies[FAULT_TOPICS_MAX])
{
	for (int i = 0; i < FAULT_TOPICS_MAX; i++) {
		const struct tally *n = &tallies[i];
		char line[EVENT_TEXT_MAX] = "";
		if (n->moved_back)
			append(line, sizeof(line), "%d partitions moved back to broker %d", n->moved_back,
			       broker);
		if (n->elected_it)
			append(line, sizeof(line), "%d offline partitions elected broker %d leader",
			       n->elected_it, broker);
		if (n->elected)
			append(line, sizeof(line), "%d offline partitions elected another live replica leader",
			       n->elected);
		if (n->online_again)
			append(line, sizeof(line), "%d offline partitions led by broker %d online again",
			       n->online_again, broker);
		if (n->offline)
			append(line, sizeof(line), "%d still offline: none of their replicas is up",
			       n->offline);
		if (line[0])
			eventlog_add(EVENT_INFO, "controller: %s: %s", f->topics[i].name, line);
	}
}

/* Both of kticker's groups: the consumer's and the transform's, off a downed broker (where
 * the cluster put them is not known until kticker first moves them). A needless move would
 * answer the members' heartbeats and commits with NOT_COORDINATOR. */
static void move_coordinator(struct faults *f)
{
	if (f->coordinator && !f->down[f->coordinator])
		return;
	int to = fault_pick_broker(f, false);
	if (!to)
		return;
	char transform_group[512];
	snprintf(transform_group, sizeof(transform_group), "%s.transform", f->group);
	rd_kafka_mock_coordinator_set(f->cluster->mock, "group", f->group, to);
	rd_kafka_mock_coordinator_set(f->cluster->mock, "group", transform_group, to);
	f->coordinator = to;
}

/* Every broker went down, and the coordinator with them: the first one back takes it. */
static void rescue_coordinator(struct faults *f)
{
	if (!f->coordinator || !f->down[f->coordinator])
		return;
	int was = f->coordinator;
	move_coordinator(f);
	eventlog_add(EVENT_INFO, "controller: the group coordinator moved from broker %d, down, "
		     "to broker %d", was, f->coordinator);
}

/* b and B on --cluster local: a crash and a restart of the broker's real process. */
static bool local_broker_exists(const struct faults *f, int broker, char *err, size_t err_size)
{
	if (broker >= 1 && broker <= f->local->count && broker <= FAULT_BROKERS_MAX)
		return true;
	snprintf(err, err_size, "no broker %d: the local cluster has brokers 1 to %d", broker,
		 f->local->count);
	return false;
}

static bool local_broker_down(struct faults *f, int broker, char *err, size_t err_size)
{
	if (!local_broker_exists(f, broker, err, err_size))
		return false;
	pid_t pid = f->local->node[broker].pid;
	if (!localcluster_kill(f->local, broker, err, err_size))
		return false;
	f->down[broker] = true;
	eventlog_add(EVENT_WARN, "broker %d killed (SIGKILL of process %ld): Kafka's controller "
		     "moves its leaderships and shrinks the ISRs", broker, (long)pid);
	return true;
}

static bool local_only(const struct faults *f, int broker, char *err, size_t err_size)
{
	if (f->local)
		return local_broker_exists(f, broker, err, err_size);
	snprintf(err, err_size, "only a local cluster (--cluster local) has broker processes to "
		 "shut down or hang: here, b and B take a broker down and up");
	return false;
}

bool fault_broker_shutdown(struct faults *f, int broker, char *err, size_t err_size)
{
	if (!local_only(f, broker, err, err_size) ||
	    !localcluster_shutdown(f->local, broker, err, err_size))
		return false;
	f->down[broker] = true;
	eventlog_add(EVENT_WARN, "broker %d: controlled shutdown (SIGTERM of process %ld): it hands "
		     "its leaderships over before it stops", broker, (long)f->local->node[broker].pid);
	return true;
}

bool fault_broker_hang(struct faults *f, int broker, char *err, size_t err_size)
{
	if (!local_only(f, broker, err, err_size) ||
	    !localcluster_hang(f->local, broker, err, err_size))
		return false;
	f->down[broker] = true;
	eventlog_add(EVENT_WARN, "broker %d hung (SIGSTOP of process %ld): it answers nothing; the "
		     "controller fences it when its heartbeats stop (~9 s)", broker,
		     (long)f->local->node[broker].pid);
	return true;
}

static bool local_broker_resume(struct faults *f, int broker, char *err, size_t err_size)
{
	if (!localcluster_resume(f->local, broker, err, err_size))
		return false;
	f->down[broker] = false;
	eventlog_add(EVENT_INFO, "broker %d goes on (SIGCONT of process %ld): it rejoins, catches up "
		     "and is back in the ISRs", broker, (long)f->local->node[broker].pid);
	return true;
}

static bool local_broker_up(struct faults *f, int broker, char *err, size_t err_size)
{
	if (!local_broker_exists(f, broker, err, err_size))
		return false;
	if (f->local->node[broker].hung)
		return local_broker_resume(f, broker, err, err_size);
	/* not gone yet after its SIGTERM: B means "now", so it is cut short */
	if (localcluster_shutting_down(f->local, broker)) {
		eventlog_add(EVENT_WARN, "broker %d was still shutting down: killed (SIGKILL)", broker);
		localcluster_kill(f->local, broker, err, err_size);
	}
	if (!localcluster_restart(f->local, broker, err, err_size))
		return false;
	f->down[broker] = false;
	eventlog_add(EVENT_INFO, "broker %d restarted (process %ld): it rejoins in a few seconds, "
		     "catches up and is back in the ISRs", broker, (long)f->local->node[broker].pid);
	return true;
}

static bool any_down(const struct faults *f)
{
	for (int b = 1; b <= FAULT_BROKERS_MAX; b++)
		if (f->down[b])
			return true;
	return false;
}

/* What the controller did to a topic it took up while brokers were down. */
static void narrate_taken_up(const struct fault_topic *t, const struct tally *n)
{
	char line[EVENT_TEXT_MAX] = "";
	append_elected_offline(line, sizeof(line), n);
	if (line[0])
		eventlog_add(EVENT_WARN, "controller: %s: %s", t->name, line);
}

bool fault_poll(struct faults *f)
{
	if (f->local || !f->cluster->embedded || !any_down(f))
		return false;
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(f->control, topic);
	if (followed_topic(f, topic))
		return true;
	if (!slot_to_follow(f)) { /* told once a topic: this runs every frame */
		static char told[TOPIC_NAME_MAX + 1];
		if (strcmp(told, topic) != 0 && follow_current_topic(f)) /* it says why */
			copy_str(told, sizeof(told), topic);
		return true;
	}
	follow_current_topic(f);
	struct fault_topic *t = followed_topic(f, topic);
	if (!t)
		return true; /* its leaders not read yet */
	struct tally n;
	reconcile_topic(f, t, 0, &n);
	narrate_taken_up(t, &n);
	return true;
}

bool fault_broker_down(struct faults *f, int broker, char *err, size_t err_size)
{
	if (f->local)
		return local_broker_down(f, broker, err, err_size);
	if (!embedded_broker(f, broker, err, err_size))
		return false;
	if (f->down[broker]) {
		snprintf(err, err_size, "broker %d is already down", broker);
		return false;
	}
	follow_current_topic(f);
	f->down[broker] = true;
	rd_kafka_mock_broker_set_down(f->cluster->mock, broker);
	struct tally tallies[FAULT_TOPICS_MAX];
	reconcile(f, broker, tallies);
	move_coordinator(f);
	eventlog_add(EVENT_WARN, "broker %d is down: its connections are cut", broker);
	narrate_down(f, broker, tallies);
	return true;
}

bool fault_broker_up(struct faults *f, int broker, char *err, size_t err_size)
{
	if (f->local)
		return local_broker_up(f, broker, err, err_size);
	if (!embedded_broker(f, broker, err, err_size))
		return false;
	if (!f->down[broker]) {
		snprintf(err, err_size, "broker %d is not down", broker);
		return false;
	}
	follow_current_topic(f);
	f->down[broker] = false;
	rd_kafka_mock_broker_set_up(f->cluster->mock, broker);
	struct tally tallies[FAULT_TOPICS_MAX];
	reconcile(f, broker, tallies);
	eventlog_add(EVENT_INFO, "broker %d is up again", broker);
	narrate_up(f, broker, tallies);
	rescue_coordinator(f);
	return true;
}

bool fault_latency(struct faults *f, int broker, int rtt_ms, char *err, size_t err_size)
{
	if (!embedded_broker(f, broker, err, err_size))
		return false;
	rd_kafka_mock_broker_set_rtt(f->cluster->mock, broker, rtt_ms);
	if (rtt_ms > 0)
		eventlog_add(EVENT_INFO, "broker %d: round-trip latency %d ms added", broker, rtt_ms);
	else
		eventlog_add(EVENT_INFO, "broker %d: round-trip latency back to its own (none added)", broker);
	return true;
}

static bool error_code(const char *name, rd_kafka_resp_err_t *out)
{
	const struct rd_kafka_err_desc *descs;
	size_t n;
	rd_kafka_get_err_descs(&descs, &n);
	for (size_t i = 0; i < n; i++)
		if (descs[i].name && descs[i].code > 0 && strcasecmp(descs[i].name, name) == 0) {
			*out = descs[i].code;
			return true;
		}
	return false;
}

bool fault_fail_produce(struct faults *f, int count, const char *error_name, char *err,
			size_t err_size)
{
	if (!embedded_broker(f, 1, err, err_size))
		return false;
	rd_kafka_resp_err_t code;
	if (!error_code(error_name, &code)) {
		snprintf(err, err_size, "unknown Kafka error '%s' (e.g. NOT_ENOUGH_REPLICAS, "
			 "REQUEST_TIMED_OUT, NOT_LEADER_FOR_PARTITION)", error_name);
		return false;
	}
	rd_kafka_resp_err_t *codes = xcalloc((size_t)count, sizeof(*codes));
	for (int i = 0; i < count; i++)
		codes[i] = code;
	rd_kafka_mock_push_request_errors_array(f->cluster->mock, MOCK_API_PRODUCE, (size_t)count,
						codes);
	free(codes);
	f->produce_failures = true;
	eventlog_add(EVENT_WARN, "the next %d produce requests will fail with %s: every produce "
		     "request, retries too, fails until they are used up; with acks, nothing is "
		     "delivered meanwhile (each retry waits retry.backoff.ms, 100 ms)", count,
		     rd_kafka_err2name(code));
	return true;
}

void fault_end_produce_failures(struct faults *f)
{
	if (!f->produce_failures || !f->cluster->embedded)
		return;
	rd_kafka_mock_clear_request_errors(f->cluster->mock, MOCK_API_PRODUCE);
	f->produce_failures = false;
	eventlog_add(EVENT_INFO, "shutdown: injected produce failures not yet used up are dropped, "
		     "so the final flush delivers the queued ticks");
}
