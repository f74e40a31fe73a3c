/* topictally.h: per topic, the ticks this kticker's producer delivered there and its consumer
 * read back, each once (a re-read or a second copy in the log stands in for no unread tick).
 * A topic switch can leave ticks delivered to a topic the consumer then left: the
 * shutdown accounts for those there, not as missing from the topic the consumer reads.
 * Each counter has one writer (delivered: the producer thread; consumed_distinct: the
 * consumer thread), updated with counter_add (pipeline.h). */
#ifndef KTICKER_TOPICTALLY_H
#define KTICKER_TOPICTALLY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "options.h"

#define TOPIC_TALLIES_MAX 64

struct topic_tally {
	char name[TOPIC_NAME_MAX + 1]; /* set once, before count covers it */
	_Atomic uint64_t delivered;
	_Atomic uint64_t consumed_distinct;
};

struct topic_tallies {
	pthread_mutex_t lock; /* guards adding a tally */
	struct topic_tally tallies[TOPIC_TALLIES_MAX];
	int count;
};

void topic_tallies_init(struct topic_tallies *t);
void topic_tallies_free(struct topic_tallies *t);
/* The tally of topic, added when new; NULL when TOPIC_TALLIES_MAX topics have one already. */
struct topic_tally *topic_tally_of(struct topic_tallies *t, const char *topic);
/* How many tallies there are: tallies[0 .. count-1] may be read (their names no longer change). */
int topic_tallies_count(struct topic_tallies *t);

#endif
