/* control.c: live settings, and the worker that runs admin requests against the cluster. */
#include "control.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <string.h>

#include "eventlog.h"
#include "util.h"

static int acks_from_name(const char *name)
{
	return strcmp(name, "0") == 0 ? ACKS_NONE : strcmp(name, "1") == 0 ? ACKS_LEADER : ACKS_ALL;
}

const char *acks_name(int acks)
{
	return acks == ACKS_NONE ? "0" : acks == ACKS_LEADER ? "1" : "all";
}

/* Kafka's rule: 1-249 characters of letters, digits, '.', '_' and '-', not "." or "..". */
bool topic_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 249 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

void control_init(struct control *c, struct cluster *cluster, const char *topic, int partitions,
		  int delay_ms, const char *acks, bool idempotence)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	c->cluster = cluster;
	copy_str(c->topic, sizeof(c->topic), topic);
	atomic_store(&c->partitions, partitions);
	atomic_store(&c->delay_ms, delay_ms);
	atomic_store(&c->acks, acks_from_name(acks));
	atomic_store(&c->idempotence, idempotence);
	for (int i = 0; i < PARTITIONS_MAX; i++)
		atomic_store(&c->leaders[i], -1);
}

void control_topic(struct control *c, char out[TOPIC_NAME_MAX + 1])
{
	pthread_mutex_lock(&c->lock);
	memcpy(out, c->topic, TOPIC_NAME_MAX + 1);
	pthread_mutex_unlock(&c->lock);
}

void control_toggle_pause(struct control *c)
{
	bool paused = !atomic_load(&c->paused);
	atomic_store(&c->paused, paused);
	eventlog_add(EVENT_INFO, paused ? "producer paused: the consumer keeps draining"
					: "producer resumed");
}

int control_change_delay(struct control *c, bool faster)
{
	int d = atomic_load(&c->delay_ms);
	if (faster)
		d = d <= 10 ? DELAY_MIN_MS : d / 2;
	else
		d = d < 10 ? 10 : d * 2;
	d = d > DELAY_MAX_MS ? DELAY_MAX_MS : d;
	atomic_store(&c->delay_ms, d);
	eventlog_add(EVENT_INFO, "one simulated day now lasts %d ms", d);
	return d;
}

void control_cycle_acks(struct control *c)
{
	int acks = (atomic_load(&c->acks) + 1) % 3;
	if (acks != ACKS_ALL && atomic_load(&c->idempotence)) {
		atomic_store(&c->idempotence, false);
		eventlog_add(EVENT_INFO, "idempotence off: it needs acks=all");
	}
	atomic_store(&c->acks, acks);
	atomic_fetch_add(&c->producer_generation, 1);
	eventlog_add(EVENT_INFO, "acks=%s: rebuilding the producer (queued ticks are kept)",
		     acks_name(acks));
}

void control_toggle_idempotence(struct control *c)
{
	bool on = !atomic_load(&c->idempotence);
	atomic_store(&c->idempotence, on);
	if (on && atomic_load(&c->acks) != ACKS_ALL) {
		atomic_store(&c->acks, ACKS_ALL);
		eventlog_add(EVENT_INFO, "acks=all: idempotence needs it");
	}
	atomic_fetch_add(&c->producer_generation, 1);
	eventlog_add(EVENT_INFO, "idempotence %s: rebuilding the producer (queued ticks are kept)",
		     on ? "on" : "off");
}

static void request(struct control *c, const char *topic, int partitions, bool add)
{
	pthread_mutex_lock(&c->lock);
	copy_str(c->request_topic, sizeof(c->request_topic), topic);
	c->request_partitions = partitions;
	c->request_add_partitions = add;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

void control_request_topic(struct control *c, const char *topic)
{
	request(c, topic, atomic_load(&c->partitions), false);
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
		request(c, renamed, partitions, false);
		return;
	}
	request(c, topic, partitions, true);
}

static void switch_topic(struct control *c, const char *topic, int partitions)
{
	pthread_mutex_lock(&c->lock);
	copy_str(c->topic, sizeof(c->topic), topic);
	pthread_mutex_unlock(&c->lock);
	atomic_store(&c->partitions, partitions);
	atomic_fetch_add(&c->topic_generation, 1);
	eventlog_add(EVENT_INFO, "switched to topic %s: the consumer resubscribes, panels reset", topic);
}

static void run_request(struct control *c, const char *topic, int partitions, bool add)
{
	char err[512];
	int count = partitions;
	bool ok = add ? cluster_add_partitions(c->cluster, topic, partitions, err, sizeof(err))
		      : cluster_ensure_topic(c->cluster, topic, partitions, &count, err, sizeof(err));
	if (!ok) {
		eventlog_add(EVENT_ERROR, "%s", err);
		return;
	}
	if (add) {
		atomic_store(&c->partitions, partitions);
		/* the consumer learns of new partitions from metadata; a switch makes it immediate */
		atomic_fetch_add(&c->topic_generation, 1);
		return;
	}
	switch_topic(c, topic, count);
}

#define LEADER_REFRESH_MS 2000

/* Leaders move when brokers fail: refreshed from metadata so the screen can show it. */
static void refresh_leaders(struct control *c)
{
	static int leaders[PARTITIONS_MAX];
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(c, topic);
	int n = cluster_leaders(c->cluster, topic, leaders, PARTITIONS_MAX);
	for (int i = 0; i < n; i++)
		atomic_store_explicit(&c->leaders[i], leaders[i], memory_order_relaxed);
	if (n > 0)
		atomic_store(&c->partitions, n);
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
	pthread_mutex_lock(&c->lock);
	while (!c->stopping) {
		if (c->request_partitions <= 0) {
			wait_for_request(c);
			continue;
		}
		char topic[TOPIC_NAME_MAX + 1];
		memcpy(topic, c->request_topic, sizeof(topic));
		int partitions = c->request_partitions;
		bool add = c->request_add_partitions;
		c->request_partitions = 0;
		pthread_mutex_unlock(&c->lock);
		run_request(c, topic, partitions, add);
		refresh_leaders(c);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

void control_start_worker(struct control *c)
{
	c->worker_running = pthread_create(&c->worker, NULL, worker_main, c) == 0;
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
}
