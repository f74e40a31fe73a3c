/* replay.c: the ordered stream of ticks made from the daily bars. */
#include "replay.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"
#include "walk.h"

#define MARKET_OPEN_MS (9 * 3600000LL + 30 * 60000LL) /* 09:30 */
#define MARKET_HOURS_MS (6 * 3600000LL + 30 * 60000LL) /* until 16:00 */

struct replay_topic {
	char *name; /* NULL: not named yet */
	int64_t *seq;
};

static void plan_day(struct replay *r);

static struct replay_topic *add_topic(struct replay *r, const char *name)
{
	r->topics = xrealloc(r->topics, (r->topic_count + 1) * sizeof(*r->topics));
	struct replay_topic *t = &r->topics[r->topic_count++];
	t->name = name ? xstrdup(name) : NULL;
	t->seq = xcalloc(r->feed->symbol_count, sizeof(*t->seq));
	return t;
}

void replay_init(struct replay *r, const struct feed *feed, int ticks_per_day, uint64_t seed,
		 bool loop, int32_t from_date)
{
	memset(r, 0, sizeof(*r));
	r->feed = feed;
	r->ticks_per_day = ticks_per_day;
	r->seed = seed;
	r->loop = loop;
	r->seq = add_topic(r, NULL)->seq;
	while (r->first_day < feed->day_count &&
	       feed->bars[feed->day_first[r->first_day]].date < from_date)
		r->first_day++;
	r->day = r->first_day;
	if (r->day < feed->day_count)
		plan_day(r);
}

void replay_free(struct replay *r)
{
	for (size_t i = 0; i < r->topic_count; i++) {
		free(r->topics[i].name);
		free(r->topics[i].seq);
	}
	free(r->topics);
	free(r->paths);
	memset(r, 0, sizeof(*r));
}

void replay_use_topic(struct replay *r, const char *topic)
{
	struct replay_topic *t = NULL;
	for (size_t i = 0; i < r->topic_count && !t; i++)
		if (!r->topics[i].name || strcmp(r->topics[i].name, topic) == 0)
			t = &r->topics[i];
	if (!t)
		t = add_topic(r, topic);
	else if (!t->name)
		t->name = xstrdup(topic);
	r->seq = t->seq;
}

/* The walk of every bar of the new day, computed once when the day starts. */
static void plan_day(struct replay *r)
{
	const struct feed *f = r->feed;
	size_t first = f->day_first[r->day], count = f->day_first[r->day + 1] - first;
	size_t need = count * (size_t)r->ticks_per_day;
	r->day_open_ms = date_epoch_ms(f->bars[first].date) + MARKET_OPEN_MS;
	if (need > r->path_capacity) {
		r->paths = xrealloc(r->paths, need * sizeof(*r->paths));
		r->path_capacity = need;
	}
	for (size_t i = 0; i < count; i++) {
		const struct bar *b = &f->bars[first + i];
		uint64_t seed = r->seed ^ hash_str(f->symbols[b->symbol]) ^
				((uint64_t)b->date * 0x9E3779B97F4A7C15ULL) ^ r->loops;
		walk_day(b->open, b->high, b->low, b->close, r->ticks_per_day, seed,
			 r->paths + i * (size_t)r->ticks_per_day);
	}
}

static double running_max(const double *path, int upto, double start)
{
	double m = start;
	for (int i = 0; i <= upto; i++)
		m = path[i] > m ? path[i] : m;
	return m;
}

static double running_min(const double *path, int upto, double start)
{
	double m = start;
	for (int i = 0; i <= upto; i++)
		m = path[i] < m ? path[i] : m;
	return m;
}

static void make_tick(struct replay *r, const struct bar *b, const double *path, struct tick *t)
{
	int n = r->ticks_per_day, step = r->step;
	bool last = step == n - 1;
	copy_str(t->symbol, sizeof(t->symbol), r->feed->symbols[b->symbol]);
	t->date = b->date;
	t->open = b->open;
	t->close = path[step];
	double start = b->open >= b->low && b->open <= b->high ? b->open : t->close;
	t->high = last ? b->high : running_max(path, step, start);
	t->low = last ? b->low : running_min(path, step, start);
	t->adj_close = last || b->close <= 0 ? b->adj_close : t->close * (b->adj_close / b->close);
	t->volume = last ? b->volume : (int64_t)((double)b->volume * (step + 1) / n);
	t->event_ms = r->day_open_ms + MARKET_HOURS_MS * (step + 1) / n;
}

/* Moves to the next (bar, step, day); false at the end of the data when not looping. */
static bool advance(struct replay *r)
{
	const struct feed *f = r->feed;
	r->bar++;
	if (r->bar < f->day_first[r->day + 1] - f->day_first[r->day])
		return true;
	r->bar = 0;
	if (++r->step < r->ticks_per_day)
		return true;
	r->step = 0;
	r->day_serial++;
	if (++r->day < f->day_count) {
		plan_day(r);
		return true;
	}
	if (!r->loop)
		return false;
	r->day = r->first_day;
	r->loops++;
	plan_day(r);
	return true;
}

bool replay_next(struct replay *r, struct tick *t, struct replay_slot *slot)
{
	const struct feed *f = r->feed;
	if (r->day >= f->day_count)
		return false;
	size_t index = f->day_first[r->day] + r->bar;
	make_tick(r, &f->bars[index], r->paths + r->bar * (size_t)r->ticks_per_day, t);
	slot->day = r->day_serial;
	slot->step = r->step;
	slot->symbol = f->bars[index].symbol;
	if (!advance(r))
		r->day = f->day_count; /* the end: every later call returns false */
	return true;
}

void replay_number(struct replay *r, const struct replay_slot *slot, struct tick *t)
{
	t->seq = r->seq[slot->symbol]++;
}
