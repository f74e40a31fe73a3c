/* topictally.c: delivered and read-back ticks per topic. */
#include "topictally.h"

#include <string.h>

#include "util.h"

void topic_tallies_init(struct topic_tallies *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
}

void topic_tallies_free(struct topic_tallies *t)
{
	pthread_mutex_destroy(&t->lock);
}

struct topic_tally *topic_tally_of(struct topic_tallies *t, const char *topic)
{
	struct topic_tally *found = NULL;
	pthread_mutex_lock(&t->lock);
	for (int i = 0; i < t->count && !found; i++)
		if (strcmp(t->tallies[i].name, topic) == 0)
			found = &t->tallies[i];
	if (!found && t->count < TOPIC_TALLIES_MAX) {
		found = &t->tallies[t->count];
		copy_str(found->name, sizeof(found->name), topic);
		t->count++;
	}
	pthread_mutex_unlock(&t->lock);
	return found;
}

int topic_tallies_count(struct topic_tallies *t)
{
	pthread_mutex_lock(&t->lock);
	int n = t->count;
	pthread_mutex_unlock(&t->lock);
	return n;
}
