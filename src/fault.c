/* fault.c: broker failure, latency and produce errors on the embedded mock cluster. */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "util.h"

#define MOCK_API_PRODUCE 0 /* the Produce request's ApiKey, as the mock's error stacks take it */

void faults_init(struct faults *f, struct cluster *cluster, struct control *control,
		 const char *group)
{
	memset(f, 0, sizeof(*f));
	f->cluster = cluster;
	f->control = control;
	f->group = group;
}

bool fault_can_stop_brokers(const struct faults *f)
{
	return f->cluster->embedded || f->local;
}

static bool embedded_broker(const struct faults *f, int broker, char *err, size_t err_size)
{
	if (f->local) {
		snprintf(err, err_size, "only the embedded (mock) cluster can do that: the local "
			 "cluster is real Kafka, where b and B crash and restart a broker");
		return false;
	}
	if (!f->cluster->embedded) {
		snprintf(err, err_size, "fault injection is for the embedded cluster: on a real cluster, "
			 "stop a broker yourself and watch the leaders move");
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

/* A replica of the partition that is up, other than the one going down; 0 if none. */
static int live_replica(const struct faults *f, const struct partition_info *info)
{
	for (int r = 0; r < info->replica_count; r++) {
		int b = info->replicas[r];
		if (b >= 1 && b <= FAULT_BROKERS_MAX && !f->down[b])
			return b;
	}
	return 0;
}

static void set_leader(struct faults *f, int partition, int broker)
{
	rd_kafka_mock_partition_set_leader(f->cluster->mock, f->moved_topic, partition, broker);
	control_note_leader(f->control, f->moved_topic, partition, broker);
}

/* The controller's job: every partition the downed broker led gets a live replica as leader.
 * parts is the topic's metadata as read before the broker went down (n partitions). */
static void move_leaders_off(struct faults *f, int broker, const struct partition_info *parts,
			     int n)
{
	int moved = 0, offline = 0;
	for (int p = 0; p < n; p++) {
		if (parts[p].leader != broker)
			continue;
		int to = live_replica(f, &parts[p]);
		if (!to) {
			offline++;
			continue;
		}
		if (!f->home_leader[p])
			f->home_leader[p] = broker;
		set_leader(f, p, to);
		moved++;
	}
	eventlog_add(EVENT_WARN, "controller: moved the leadership of %d partitions of %s off broker %d%s",
		     moved, f->moved_topic, broker,
		     offline ? "; some have no live replica and are offline" : "");
}

/* Both of kticker's groups: the consumer's and the transform's. */
static void move_coordinator(struct faults *f)
{
	int to = fault_pick_broker(f, false);
	if (!to)
		return;
	char transform_group[512];
	snprintf(transform_group, sizeof(transform_group), "%s.transform", f->group);
	rd_kafka_mock_coordinator_set(f->cluster->mock, "group", f->group, to);
	rd_kafka_mock_coordinator_set(f->cluster->mock, "group", transform_group, to);
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
	/* who leads what as the control worker last read it (a controller's view, and no
	 * network call here: this runs on the screen's thread) */
	static struct partition_info parts[PARTITIONS_MAX]; /* the main thread's alone */
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(f->control, topic);
	if (strcmp(topic, f->moved_topic) != 0) {
		copy_str(f->moved_topic, sizeof(f->moved_topic), topic);
		memset(f->home_leader, 0, sizeof(f->home_leader));
	}
	int n = control_known_partitions(f->control, topic, parts, PARTITIONS_MAX);
	f->down[broker] = true;
	rd_kafka_mock_broker_set_down(f->cluster->mock, broker);
	eventlog_add(EVENT_WARN, "broker %d is down: its connections are cut", broker);
	move_leaders_off(f, broker, parts, n);
	move_coordinator(f);
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
	f->down[broker] = false;
	rd_kafka_mock_broker_set_up(f->cluster->mock, broker);
	int back = 0;
	for (int p = 0; p < PARTITIONS_MAX; p++)
		if (f->home_leader[p] == broker) {
			set_leader(f, p, broker);
			f->home_leader[p] = 0;
			back++;
		}
	eventlog_add(EVENT_INFO, "broker %d is up again; controller: %d partitions of %s led by it again",
		     broker, back, f->moved_topic[0] ? f->moved_topic : "the topic");
	return true;
}

bool fault_latency(struct faults *f, int broker, int rtt_ms, char *err, size_t err_size)
{
	if (!embedded_broker(f, broker, err, err_size))
		return false;
	rd_kafka_mock_broker_set_rtt(f->cluster->mock, broker, rtt_ms);
	eventlog_add(EVENT_INFO, "broker %d: round-trip latency %d ms added", broker, rtt_ms);
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
