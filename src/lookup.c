/* lookup.c: the screen's questions to the cluster, answered on a worker thread. */
#include "lookup.h"

#include <stdio.h>
#include <string.h>

#include "offsetwatch.h"
#include "screenwake.h"
#include "util.h"

#define LOOKUP_TIMEOUT_MS 1500
/* the offset watcher's rounds are a second apart, and its question may wait 500 ms */
#define WATCHER_WAIT_MS 2500

static void list_topics(rd_kafka_t *rk, char *out, size_t size)
{
	const struct rd_kafka_metadata *md;
	if (rd_kafka_metadata(rk, 1, NULL, &md, LOOKUP_TIMEOUT_MS) != 0) {
		snprintf(out, size, "(the cluster did not list its topics)");
		return;
	}
	size_t used = (size_t)snprintf(out, size, "topics:");
	for (int i = 0; i < md->topic_cnt && used < size - 2; i++)
		if (md->topics[i].topic[0] != '_')
			used += (size_t)snprintf(out + used, size - used, " %s", md->topics[i].topic);
	rd_kafka_metadata_destroy(md);
}

/* The group as the offset watcher describes it at its next round, asking its coordinator
 * alone; false when it does not within WATCHER_WAIT_MS (or will not: the embedded cluster),
 * or kticker is stopping. Called with the lock released. */
static bool described_by_watcher(struct lookup *l, const char *topic, struct group_info *info,
				 int64_t *described_ms)
{
	int64_t asked = now_ms();
	if (!l->watcher || !offsetwatch_ask_description(l->watcher))
		return false;
	for (int64_t waited = 0; waited < WATCHER_WAIT_MS; waited += 100) {
		if (offsetwatch_described_group(l->watcher, topic, asked, info, described_ms))
			return true;
		pthread_mutex_lock(&l->lock);
		bool stopping = l->stopping;
		pthread_mutex_unlock(&l->lock);
		if (stopping)
			return false;
		sleep_ms(100);
	}
	return false;
}

/* Runs one pending request with the lock released; the answer is published under it. */
static void answer(struct lookup *l)
{
	static char topics[LOOKUP_TOPICS_TEXT];   /* the worker's alone */
	static struct group_info info;
	static char err[256];
	char topic[TOPIC_NAME_MAX + 1];
	int64_t described_ms = 0;
	if (l->want_topics) {
		l->want_topics = false;
		pthread_mutex_unlock(&l->lock);
		list_topics(l->rk, topics, sizeof(topics));
		pthread_mutex_lock(&l->lock);
		memcpy(l->topics, topics, sizeof(topics));
		l->topics_new = true;
		screenwake_notify();
		return;
	}
	l->want_group = false;
	memcpy(topic, l->group_topic, sizeof(topic));
	pthread_mutex_unlock(&l->lock);
	err[0] = '\0';
	bool known = described_by_watcher(l, topic, &info, &described_ms);
	if (!known) {
		known = group_describe(l->rk, l->group, topic, LOOKUP_TIMEOUT_MS, &info, err, sizeof(err));
		described_ms = now_ms();
	}
	pthread_mutex_lock(&l->lock);
	l->group_info = info;
	l->group_described_ms = described_ms;
	copy_str(l->group_error, sizeof(l->group_error), err);
	l->group_known = known;
	l->group_new = true;
	screenwake_notify();
}

static void *lookup_main(void *arg)
{
	struct lookup *l = arg;
	pthread_mutex_lock(&l->lock);
	while (!l->stopping) {
		if (l->want_topics || l->want_group)
			answer(l);
		else
			pthread_cond_wait(&l->wake, &l->lock);
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

bool lookup_start(struct lookup *l, rd_kafka_t *rk, struct offsetwatch *watcher, const char *group)
{
	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->wake, NULL);
	l->rk = rk;
	l->watcher = watcher;
	l->group = group;
	l->running = thread_start(&l->thread, lookup_main, l, "kt:lookup");
	return l->running;
}

void lookup_stop(struct lookup *l)
{
	if (!l->running)
		return;
	pthread_mutex_lock(&l->lock);
	l->stopping = true;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
	pthread_join(l->thread, NULL);
	l->running = false;
	pthread_cond_destroy(&l->wake);
	pthread_mutex_destroy(&l->lock);
}

void lookup_ask_topics(struct lookup *l)
{
	pthread_mutex_lock(&l->lock);
	l->want_topics = true;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
}

void lookup_ask_group(struct lookup *l, const char *topic)
{
	pthread_mutex_lock(&l->lock);
	l->want_group = true;
	copy_str(l->group_topic, sizeof(l->group_topic), topic);
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
}

bool lookup_take_topics(struct lookup *l, char *out, size_t size)
{
	pthread_mutex_lock(&l->lock);
	bool taken = l->topics_new;
	if (taken)
		copy_str(out, size, l->topics);
	l->topics_new = false;
	pthread_mutex_unlock(&l->lock);
	return taken;
}

bool lookup_take_group(struct lookup *l, struct group_info *out, int64_t *described_ms, bool *known,
		       char *err, size_t err_size)
{
	pthread_mutex_lock(&l->lock);
	bool taken = l->group_new;
	if (taken) {
		*out = l->group_info;
		*described_ms = l->group_described_ms;
		*known = l->group_known;
		copy_str(err, err_size, l->group_error);
	}
	l->group_new = false;
	pthread_mutex_unlock(&l->lock);
	return taken;
}
