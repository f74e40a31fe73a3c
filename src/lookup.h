/* lookup.h: what the screen asks the cluster (its topics, the group's members), asked on a
 * worker thread of its own so the screen never waits on the network. A key asks; the answer
 * is published, and the screen takes it when it draws. */
#ifndef KTICKER_LOOKUP_H
#define KTICKER_LOOKUP_H

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdbool.h>

#include "control.h"
#include "group.h"

struct offsetwatch;

#define LOOKUP_TOPICS_TEXT 512

struct lookup {
	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stopping;
	rd_kafka_t *rk;
	struct offsetwatch *watcher; /* whose description of the group comes first; or NULL */
	const char *group;
	/* the requests pending, and the topic the group's assignment is read for */
	bool want_topics, want_group;
	char group_topic[TOPIC_NAME_MAX + 1];
	/* the answers: new until taken */
	bool topics_new, group_new, group_known;
	char topics[LOOKUP_TOPICS_TEXT];
	struct group_info group_info;
	int64_t group_described_ms; /* when the coordinator described it (wall clock) */
	char group_error[256];
};

/* Starts the worker on the admin client rk; false when the thread could not start. The group
 * is described as the offset watcher last did, asking its coordinator alone (a broker down
 * elsewhere fails librdkafka's group listing), when that is current; else through rk. */
bool lookup_start(struct lookup *l, rd_kafka_t *rk, struct offsetwatch *watcher, const char *group);
/* Waits for a request in flight (bounded by its own timeout), then stops the worker. */
void lookup_stop(struct lookup *l);

void lookup_ask_topics(struct lookup *l);
void lookup_ask_group(struct lookup *l, const char *topic);
/* The topics line ("topics: a b c" or why not), when a new answer came; else false. */
bool lookup_take_topics(struct lookup *l, char *out, size_t size);
/* The group's description and when it was made (*described_ms, wall clock), or in err why
 * not, when a new answer came; else false. */
bool lookup_take_group(struct lookup *l, struct group_info *out, int64_t *described_ms, bool *known,
		       char *err, size_t err_size);

#endif
