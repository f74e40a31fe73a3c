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
	/* count places before next in the ring, i after: below 0 it wraps once. Not two
	 * divisions: each partition's lag sparkline asks for every sample, ~4 k calls a second */
	int at = w->next - w->count + i;
	return &w->samples[at < 0 ? at + LAGWATCH_SECONDS : at];
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
	uint64_t delta = what == RATE_CONSUMED ? b->consumed - a->consumed
			 : what == RATE_ACKED  ? b->acked - a->acked
					       : b->sent - a->sent;
	return (double)delta * 1000.0 / (double)(b->time_ms - a->time_ms);
}

/* Whether a sample is of this member holding partitions, each read since it took them. */
static bool of_holding(const struct lag_sample *s)
{
	return s->lag >= 0 && s->highs_of_holding;
}

/* Whether two such samples, a the older, are of this member holding the same partitions. A
 * count read that went back is of other rows: those of a topic switched to. */
static bool same_holding(const struct lag_sample *a, const struct lag_sample *b)
{
	return of_holding(a) && of_holding(b) && a->part_count == b->part_count &&
	       a->held_read <= b->held_read &&
	       memcmp(a->part_held, b->part_held, (size_t)a->part_count * sizeof(*a->part_held)) == 0;
}

/* The latest sample and the one `seconds` before it, or the oldest since this member took
 * the partitions it holds and read their high watermarks: a sum of what it has not read is
 * compared only with a sum over the same partitions, never with the 0 of a time it held
 * none, nor with one of readings kept from before it took them. */
static bool held_span(const struct lagwatch *w, int seconds, const struct lag_sample **from,
		      const struct lag_sample **to)
{
	*to = lagwatch_latest(w);
	if (!*to || !of_holding(*to))
		return false;
	int back = 0;
	for (const struct lag_sample *s; back < seconds; back++)
		if (!(s = lagwatch_at(w, w->count - 2 - back)) || !same_holding(s, *to))
			break;
	*from = lagwatch_at(w, w->count - 1 - back);
	return (*to)->time_ms > (*from)->time_ms;
}

enum lag_trend lagwatch_trend(const struct lagwatch *w, int seconds)
{
	const struct lag_sample *a, *b;
	if (!held_span(w, seconds, &a, &b))
		return TREND_UNKNOWN;
	/* a change under 5% (and under 10 messages) is noise, not a trend */
	int64_t delta = b->lag - a->lag, scale = a->lag > b->lag ? a->lag : b->lag;
	if (delta == 0 || (delta < 0 ? -delta : delta) * 20 < scale || (delta < 10 && delta > -10))
		return TREND_STEADY;
	return delta > 0 ? TREND_RISING : TREND_FALLING;
}

enum catch_up catch_up_verdict(int64_t behind, double consume_rate, double arrive_rate,
			       double *seconds)
{
	if (behind <= 0)
		return CATCH_UP_DONE;
	double noise = arrive_rate * CATCH_UP_NOISE + 1.0;
	if (consume_rate - arrive_rate > noise) {
		*seconds = (double)behind / (consume_rate - arrive_rate);
		return CATCH_UP_ETA;
	}
	if (arrive_rate - consume_rate > noise)
		return CATCH_UP_FALLING;
	return consume_rate > 0 ? CATCH_UP_KEEPING : CATCH_UP_STALLED;
}

/* Messages that arrived on the partitions held in `to` between the two samples; -1 when a
 * high watermark is not known. */
static int64_t arrived(const struct lag_sample *from, const struct lag_sample *to)
{
	int64_t sum = 0;
	for (int i = 0; i < to->part_count; i++) {
		if (!to->part_held[i])
			continue;
		if (from->part_high[i] < 0 || to->part_high[i] < from->part_high[i])
			return -1;
		sum += to->part_high[i] - from->part_high[i];
	}
	return sum;
}

enum catch_up lagwatch_catch_up(const struct lagwatch *w, int seconds, int64_t behind,
			       double *eta_seconds)
{
	const struct lag_sample *a, *b;
	if (behind == 0)
		return CATCH_UP_DONE;
	if (!held_span(w, seconds, &a, &b))
		return CATCH_UP_UNKNOWN;
	int64_t in = arrived(a, b);
	if (in < 0)
		return CATCH_UP_UNKNOWN;
	double span_s = (double)(b->time_ms - a->time_ms) / 1000.0;
	/* what it read and what arrived, both of the one table the lag is of */
	return catch_up_verdict(behind, (double)(b->held_read - a->held_read) / span_s,
				(double)in / span_s, eta_seconds);
}

const char *lag_trend_name(enum lag_trend t)
{
	return t == TREND_RISING ? "rising" : t == TREND_FALLING ? "falling" :
	       t == TREND_STEADY ? "steady" : "trend ?";
}
