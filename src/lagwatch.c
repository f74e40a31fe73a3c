/* lagwatch.c: lag over the last minute — trend, catch-up estimate and health status. */
#include "lagwatch.h"

#include <string.h>

void lagwatch_reset(struct lagwatch *w)
{
	uint64_t serial = w->serial;
	memset(w, 0, sizeof(*w));
	w->serial = serial + 1;
}

void lagwatch_add(struct lagwatch *w, const struct lag_sample *s)
{
	w->samples[w->next] = *s;
	w->next = (w->next + 1) % LAGWATCH_SECONDS;
	if (w->count < LAGWATCH_SECONDS)
		w->count++;
	w->serial++;
}

const struct lag_sample *lagwatch_at(const struct lagwatch *w, int i)
{
	if (i < 0 || i >= w->count)
		return NULL;
	int first = (w->next - w->count + LAGWATCH_SECONDS) % LAGWATCH_SECONDS;
	return &w->samples[(first + i) % LAGWATCH_SECONDS];
}

const struct lag_sample *lagwatch_latest(const struct lagwatch *w)
{
	return lagwatch_at(w, w->count - 1);
}

/* The latest sample and the one `seconds` before it (or the oldest kept). */
static bool span(const struct lagwatch *w, int seconds, const struct lag_sample **from,
		 const struct lag_sample **to)
{
	if (w->count < 2)
		return false;
	int back = seconds < w->count - 1 ? seconds : w->count - 1;
	*to = lagwatch_latest(w);
	*from = lagwatch_at(w, w->count - 1 - back);
	return (*to)->time_ms > (*from)->time_ms;
}

double lagwatch_rate(const struct lagwatch *w, int seconds, enum rate_of what)
{
	const struct lag_sample *a, *b;
	if (!span(w, seconds, &a, &b))
		return 0;
	uint64_t delta = what == RATE_CONSUMED ? b->consumed - a->consumed :
			 what == RATE_SENT ? b->sent - a->sent : b->produced - a->produced;
	return (double)delta * 1000.0 / (double)(b->time_ms - a->time_ms);
}

enum lag_trend lagwatch_trend(const struct lagwatch *w, int seconds)
{
	const struct lag_sample *a, *b;
	if (!span(w, seconds, &a, &b))
		return TREND_STEADY;
	/* a change under 5% (and under 10 messages) is noise, not a trend */
	int64_t delta = b->lag - a->lag, scale = a->lag > b->lag ? a->lag : b->lag;
	if (delta == 0 || (delta < 0 ? -delta : delta) * 20 < scale || (delta < 10 && delta > -10))
		return TREND_STEADY;
	return delta > 0 ? TREND_RISING : TREND_FALLING;
}

double catch_up_seconds(int64_t lag, double consume_rate, double produce_rate)
{
	if (lag <= 0)
		return 0;
	if (consume_rate <= produce_rate)
		return -1;
	return (double)lag / (consume_rate - produce_rate);
}

const char *lag_trend_name(enum lag_trend t)
{
	return t == TREND_RISING ? "rising" : t == TREND_FALLING ? "falling" : "steady";
}
