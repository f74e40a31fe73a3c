/* health.c: the group's health — what stops it, then Burrow's rules per partition. */
#include "health.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "util.h"

void health_consumer_silence(struct health_inputs *in, int64_t now_ms, int64_t started_ms,
			     int64_t last_fetch_ms)
{
	/* a last fetch of 0 is none yet, not one at the clock's origin (the machine's boot) */
	in->consumer_fetched = last_fetch_ms > 0;
	in->consumer_silent_ms = now_ms - (in->consumer_fetched ? last_fetch_ms : started_ms);
}

void health_window_reset(struct health_window *w)
{
	w->count = w->next = w->partitions = 0;
}

/* The i-th sample slot, 0 = oldest kept. */
static int slot_at(const struct health_window *w, int i)
{
	return (w->next - w->count + i + 2 * HEALTH_SAMPLES) % HEALTH_SAMPLES;
}

static int64_t lag_of(const struct health_reading *r)
{
	return lag_behind(r->high_watermark, r->log_start, r->committed);
}

/* A log's end never goes back: one that did is another log, the topic deleted and made again
 * under its name (or a leader elected uncleanly, its log cut). Readings of the log before say
 * nothing of this one: its committed offset falls with it, and that is no rewind. */
static bool log_end_went_back(int64_t high_watermark_before, int64_t high_watermark_now)
{
	return high_watermark_now < high_watermark_before;
}

static void gather_partition(const struct health_window *w, int32_t partition,
			     struct health_partition_readings *out)
{
	out->n = 0;
	for (int i = 0; i < w->count; i++) {
		int slot = slot_at(w, i);
		if (partition >= w->part_count[slot] || w->parts[slot][partition].high_watermark < 0)
			continue;
		const struct health_reading *r = &w->parts[slot][partition];
		if (out->n && log_end_went_back(out->r[out->n - 1].high_watermark, r->high_watermark))
			out->n = 0; /* the readings so far are of another log */
		if (!out->n)
			out->first_ms = w->time_ms[slot];
		out->last_ms = w->time_ms[slot];
		out->r[out->n++] = *r;
	}
}

/* Every partition any sample of the window has, gathered (after each sample). */
static void gather_readings(struct health_window *w)
{
	w->partitions = 0;
	for (int i = 0; i < w->count; i++)
		if (w->part_count[i] > w->partitions)
			w->partitions = w->part_count[i];
	for (int32_t p = 0; p < w->partitions; p++)
		gather_partition(w, p, &w->by_partition[p]);
}

void health_window_add(struct health_window *w, int64_t time_ms, const struct partition_offsets *rows,
		       int count, const struct health_counts *counts)
{
	int slot = w->next;
	w->time_ms[slot] = time_ms;
	w->counted[slot] = counts != NULL;
	if (counts)
		w->counts[slot] = *counts;
	w->part_count[slot] = count;
	for (int i = 0; i < count; i++) {
		/* a reading nobody refreshed is no reading */
		bool fresh = !rows[i].stale;
		w->parts[slot][i] = (struct health_reading){
			.log_start = fresh ? rows[i].log_start : OFFSET_UNKNOWN,
			.high_watermark = fresh ? rows[i].high_watermark : OFFSET_UNKNOWN,
			.committed = fresh ? rows[i].committed : OFFSET_UNKNOWN,
			.commit_lag = fresh ? rows[i].commit_lag : -1,
			.held = rows[i].assigned,
		};
	}
	w->next = (w->next + 1) % HEALTH_SAMPLES;
	if (w->count < HEALTH_SAMPLES)
		w->count++;
	gather_readings(w);
}

/* The readings of one partition over the window, oldest first; how many there are. */
static int readings_of(const struct health_window *w, int32_t partition, struct health_reading *out,
		       int64_t *first_ms, int64_t *last_ms)
{
	if (partition < 0 || partition >= w->partitions)
		return 0;
	const struct health_partition_readings *g = &w->by_partition[partition];
	memcpy(out, g->r, (size_t)g->n * sizeof(*out));
	*first_ms = g->first_ms;
	*last_ms = g->last_ms;
	return g->n;
}

/* A committed offset past its reading's log end is of another log: the coordinator keeps a
 * deleted topic's offsets until a member commits in the one made again under its name. From
 * there, the committed offset going back is no rewind. */
static bool went_back(const struct health_reading *r, int n, int *at)
{
	for (int i = 1; i < n; i++)
		if (r[i - 1].committed >= 0 && r[i - 1].committed <= r[i - 1].high_watermark &&
		    r[i].committed >= 0 && r[i].committed < r[i - 1].committed) {
			*at = i;
			return true;
		}
	return false;
}

static bool committed_unchanged(const struct health_reading *r, int n)
{
	for (int i = 1; i < n; i++)
		if (r[i].committed != r[0].committed)
			return false;
	return true;
}

/* Whether this member held the partition when the window began and holds it now: its
 * commits then speak for it. (A rebalance that takes it away and gives it back leaves a
 * reading or two between not held: the member is the same.) */
static bool held_throughout(const struct health_reading *r, int n)
{
	return r[0].held && r[n - 1].held;
}

static bool always_lagging(const struct health_reading *r, int n)
{
	for (int i = 0; i < n; i++)
		if (lag_of(&r[i]) <= 0)
			return false;
	return true;
}

/* Lag that never fell over the window's n samples and grew by more than noise: a commit now
 * and then leaves a lag of a tick or two, and that it is 2 instead of 1 at the end says
 * nothing. Only the samples are compared, never the row on screen: each sample is read at the
 * same moment of its second, the row at any other. A consumer commits once a second, and each
 * commit takes a second's reading off the lag at once while the producer adds to it all the
 * time: the row just after a commit is below the sample before it, though lag grows from
 * sample to sample. Counted as a fall, that said OK for part of every second and WARN for the
 * rest (Burrow compares the lag at each commit with the lag at the last: like with like). */
static bool lag_never_fell(const int64_t *lags, int n)
{
	for (int i = 1; i < n; i++)
		if (lags[i] < lags[i - 1])
			return false;
	return lags[n - 1] - lags[0] >= HEALTH_WARN_GROWTH;
}

/* The lags the trend rule compares, oldest first, into lags; how many. Burrow's input is the
 * lag each commit left, and where this member held the partition over the window it knows
 * that of its own commits. Sampled once a second, the commits (once a second too, on
 * librdkafka's timer) drift against the samples: a second with two commits took two seconds'
 * reading off the lag, which looked like a fall while the lag at each commit only grew, and
 * said OK for up to a window while the consumer fell behind (D8). A sample whose commit's
 * lag is unknown (the offset watcher read it before the consumer was told) is left out;
 * with more than two of those, the lag of each sample. */
static int trend_lags(const struct health_reading *r, int n, int64_t *lags)
{
	int k = 0;
	if (held_throughout(r, n))
		for (int i = 0; i < n; i++)
			if (r[i].commit_lag >= 0)
				lags[k++] = r[i].commit_lag;
	if (k >= 2 && k >= n - 2)
		return k;
	for (int i = 0; i < n; i++)
		lags[i] = lag_of(&r[i]);
	return n;
}

static void committed_text(int64_t committed, char *out, size_t size)
{
	if (committed < 0)
		snprintf(out, size, "nothing");
	else
		snprintf(out, size, "%lld", (long long)committed);
}

/* A count in at most 5 columns: exact below 10 000, then 12.3k, 999k, 1.2M... */
static void short_count(int64_t n, char *out, size_t size)
{
	if (n >= 0 && n < 10000)
		snprintf(out, size, "%lld", (long long)n);
	else
		fmt_count(out, size, (double)n);
}

static void set_reason(struct health *h, enum health_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_reason(struct health *h, enum health_status status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	h->status = status;
	vsnprintf(h->reason, sizeof(h->reason), fmt, ap);
	va_end(ap);
	/* a reason short enough is its own brief form */
	h->brief[0] = '\0';
	if (strlen(h->reason) <= HEALTH_BRIEF_COLS)
		memcpy(h->brief, h->reason, strlen(h->reason) + 1);
}

/* The brief form of a reason too long for the health line at 80 columns: fmt's text when it
 * fits, else the shorter `fallback` (which always does). */
static void set_brief(struct health *h, const char *fallback, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_brief(struct health *h, const char *fallback, const char *fmt, ...)
{
	char text[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	copy_str(h->brief, sizeof(h->brief), strlen(text) <= HEALTH_BRIEF_COLS ? text : fallback);
}

/* The verdict on a partition that lagged over its whole window, of n readings (the window's
 * and the row on screen), and the m lags of its trend (trend_lags): no commit while the log
 * grew (unless this member held it throughout and commits: a member that took it over from
 * one that stopped has not committed for it yet), a committed offset that did not move, or
 * lag that only grew; OK otherwise. */
static enum health_status lagging_status(const struct health_reading *r, int n, const int64_t *lags,
					 int m, bool committing)
{
	if (committed_unchanged(r, n)) {
		bool owner_commits = committing && held_throughout(r, n);
		return r[n - 1].high_watermark > r[0].high_watermark && !owner_commits ? HEALTH_STOP
										    : HEALTH_STALL;
	}
	return lag_never_fell(lags, m) ? HEALTH_WARN : HEALTH_OK;
}

/* Words lagging_status's verdict on a window of `seconds` into *v. With nothing committed
 * the row's Lag is "-" (as kafka-consumer-groups has it): what the rules counted is everything
 * in the log, and said so. WARN words the first and the last of the m lags it compared (not
 * the row's, which may be read just after a commit). */
static void word_lagging(const struct health_reading *r, int n, const int64_t *lags, int m,
			 long long seconds, enum health_status status, struct health *v)
{
	long long lag = lag_of(&r[n - 1]);
	bool none = r[n - 1].committed < 0;
	char committed[24], a[16], c[16], lag_words[48], brief_lag[24];
	committed_text(r[n - 1].committed, committed, sizeof(committed));
	short_count(lag, c, sizeof(c));
	snprintf(lag_words, sizeof(lag_words), none ? "%lld in the log" : "lag %lld", lag);
	snprintf(brief_lag, sizeof(brief_lag), none ? "%s in log" : "lag %s", c);
	if (status == HEALTH_STOP) {
		int64_t grew = r[n - 1].high_watermark - r[0].high_watermark;
		set_reason(v, HEALTH_STOP, "no commit for %lld s while the log grew by %lld (committed %s, %s)",
			   seconds, (long long)grew, committed, lag_words);
		short_count(grew, a, sizeof(a));
		set_brief(v, "no commit while the log grew", "no commit %llds, log +%s, %s", seconds, a,
			  brief_lag);
	} else if (status == HEALTH_STALL) {
		set_reason(v, HEALTH_STALL, "committed %s unchanged for %lld s, %s", committed, seconds, lag_words);
		if (r[n - 1].committed >= 0)
			short_count(r[n - 1].committed, a, sizeof(a));
		else
			snprintf(a, sizeof(a), "none");
		set_brief(v, "committed offset unchanged", "commit %s unchanged %llds, %s", a, seconds,
			  brief_lag);
	} else if (status == HEALTH_WARN) {
		long long from = lags[0], to = lags[m - 1];
		set_reason(v, HEALTH_WARN, "lag grew for %lld s without falling: %lld -> %lld", seconds,
			   from, to);
		short_count(from, a, sizeof(a));
		short_count(to, c, sizeof(c));
		set_brief(v, "lag only grew over the window", "lag only grew for %llds: %s -> %s", seconds, a, c);
	}
}

/* Burrow's evaluation of one partition into *v (status, reason and brief form), when it is
 * worse than `worst`, the verdict so far; else v stays OK. A verdict that loses is left
 * unworded: the screen judges every partition every frame, and the words of verdicts that
 * lost to an earlier partition's were most of its health check. */
static void judge_partition(const struct health_window *w, const struct partition_offsets *row,
			    bool committing, enum health_status worst, struct health *v)
{
	v->status = HEALTH_OK;
	/* its leader is unknown, or has not answered since the topic was shown: whether its
	 * offsets were ever read or not */
	if (row->ends_stale && (row->leaderless || row->high_watermark < 0)) {
		if (HEALTH_ERR > worst)
			set_reason(v, HEALTH_ERR, "%s: %s",
				   row->leaderless ? "no leader" : "its leader has not answered",
				   row->high_watermark >= 0 ? "its offsets are old readings"
							    : "its offsets are unknown");
		return;
	}
	if (row->stale && row->high_watermark >= 0) {
		if (HEALTH_ERR > worst)
			set_reason(v, HEALTH_ERR, row->ends_stale ? "no current reading of its offsets"
								  : "no current reading of its committed offset");
		return;
	}
	struct health_reading r[HEALTH_SAMPLES + 1];
	int64_t first_ms = 0, last_ms = 0;
	int samples = readings_of(w, row->partition, r, &first_ms, &last_ms), n = samples;
	if (n == 0)
		return;
	if (row->high_watermark >= 0 && log_end_went_back(r[n - 1].high_watermark, row->high_watermark))
		return; /* the row reads another log than the window: nothing to judge it by yet */
	/* the window samples once a second; the row on screen is newer: the rules on the
	 * committed offset read it, and their verdicts word its numbers (a commit since the last
	 * sample moved the offset the window calls stuck); the rule on lag's trend leaves it out
	 * (trend_lags) */
	if (row->high_watermark >= 0)
		r[n++] = (struct health_reading){ .log_start = row->log_start, .high_watermark = row->high_watermark,
						  .committed = row->committed, .held = row->assigned };
	/* a committed offset that went back is told while the window holds it, caught up since or
	 * not: at each commit after a rewind a partition's lag touches 0 and leaves it again, and
	 * the verdict would flick between REWIND (naming one partition, then another) and OK */
	int at;
	if (went_back(r, n, &at)) {
		char a[16], b[16];
		if (HEALTH_REWIND <= worst)
			return;
		set_reason(v, HEALTH_REWIND, "committed offset went back from %lld to %lld",
			   (long long)r[at - 1].committed, (long long)r[at].committed);
		short_count(r[at - 1].committed, a, sizeof(a));
		short_count(r[at].committed, b, sizeof(b));
		set_brief(v, "committed offset went back", "committed went back %s -> %s", a, b);
		return;
	}
	if (lag_of(&r[n - 1]) <= 0)
		return; /* caught up now, whatever else the window says */
	bool full = last_ms - first_ms >= (HEALTH_WINDOW_S - 1) * 1000;
	if (!full || !always_lagging(r, n))
		return;
	int64_t lags[HEALTH_SAMPLES];
	int m = trend_lags(r, samples, lags);
	enum health_status status = lagging_status(r, n, lags, m, committing);
	if (status > worst)
		word_lagging(r, n, lags, m, (long long)((last_ms - first_ms + 500) / 1000), status, v);
}

/* Sets a verdict about the whole group, with the brief form of its reason (see set_brief);
 * always true, for the callers' returns. */
__attribute__((format(printf, 4, 5)))
static bool group_verdict(struct health *out, enum health_status status, const char *brief, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out->status = status;
	out->partition = -1;
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
	copy_str(out->brief, sizeof(out->brief), brief ? brief : out->reason);
	return true;
}

/* A member waiting for partitions says for how long, from its first second: the embedded
 * cluster's first join takes 3 s, a dead member's session or a join the cluster dropped
 * (kconf.c) up to 23 s. */
static bool joining_verdict(const struct health_inputs *in, struct health *out)
{
	int64_t seconds = in->joining_for_ms / 1000;
	if (seconds < 1) /* the same words as later ("0s"): the event log tells one wait once */
		return group_verdict(out, HEALTH_REBALANCING, "this member waits for partitions",
				     "this member has waited 0s for the group to assign partitions");
	char d[16], brief[64]; /* at most 28 + 7 columns (100h00m) */
	fmt_duration_ms(d, sizeof(d), (double)seconds * 1000);
	snprintf(brief, sizeof(brief), "member waits for partitions %s", d);
	return group_verdict(out, HEALTH_REBALANCING, brief,
			     "this member has waited %s for the group to assign partitions", d);
}

static bool another_member_owns_some(const struct partition_offsets *rows, int count)
{
	for (int i = 0; i < count; i++)
		if (!rows[i].assigned && rows[i].owner[0] && strcmp(rows[i].owner, "other") != 0)
			return true;
	return false;
}

static int64_t messages_in(const struct partition_offsets *rows, int count)
{
	int64_t total = 0;
	for (int i = 0; i < count; i++)
		if (rows[i].high_watermark > 0)
			total += rows[i].high_watermark - (rows[i].log_start > 0 ? rows[i].log_start : 0);
	return total;
}

static int assigned_count(const struct partition_offsets *rows, int count)
{
	int n = 0;
	for (int i = 0; i < count; i++)
		n += rows[i].assigned;
	return n;
}

/* The verdict on a consumer thread quiet for longer than HEALTH_SILENT_MS; before its first
 * fetch there is no last fetch to count from, so the wording says since when it is quiet. */
static bool consumer_silent(const struct health_inputs *in, struct health *out)
{
	char d[16], brief[64]; /* the briefs take at most 29 + 7 columns (100h00m) */
	fmt_duration_ms(d, sizeof(d), (double)in->consumer_silent_ms);
	if (!in->consumer_fetched) {
		snprintf(brief, sizeof(brief), "not fetched yet, started %s ago", d);
		return group_verdict(out, HEALTH_NO_CONSUMER, brief,
				     "the consumer has not fetched since it started %s ago", d);
	}
	snprintf(brief, sizeof(brief), "consumer has not fetched for %s", d);
	return group_verdict(out, HEALTH_NO_CONSUMER, brief, "the consumer has not fetched for %s", d);
}

/* What stops the group before any offset can be judged; true when one applies. */
static bool judge_group(const struct health_inputs *in, const struct partition_offsets *rows, int count,
			struct health *out)
{
	char d[16], brief[64]; /* the briefs below take at most HEALTH_BRIEF_COLS */
	/* the offset questions go unanswered while the brokers answer others: slowly, or naming
	 * leaders that do not answer */
	const char *answering = in->commit_answered_meanwhile ? "(a commit since), but not the offset questions in time"
				: in->leaders_named_meanwhile ? "who leads what, but no leader they name has answered"
							      : NULL;
	if (in->unanswered_ms >= 0 && answering) {
		fmt_duration_ms(d, sizeof(d), (double)in->unanswered_ms);
		snprintf(brief, sizeof(brief), "%s unanswered for %s",
			 in->commit_answered_meanwhile ? "offsets" : "leaders", d);
		return group_verdict(out, HEALTH_ERR, brief, "brokers answer %s, for %s: offsets unknown",
				     answering, d);
	}
	if (in->unanswered_ms >= 0) {
		fmt_duration_ms(d, sizeof(d), (double)in->unanswered_ms);
		const char *error = in->broker_error && in->broker_error[0] ? in->broker_error : "no answer";
		/* the error is librdkafka's text: where it does not fit, the brief form leaves it out */
		snprintf(brief, sizeof(brief), "no broker answered for %s", d);
		int len = snprintf(NULL, 0, "%s: %s", brief, error);
		return group_verdict(out, HEALTH_NO_BROKER, len <= HEALTH_BRIEF_COLS ? NULL : brief,
				     "%s: %s", brief, error);
	}
	if (in->unfollowed) {
		snprintf(brief, sizeof(brief), "partitions from %d on not read", (int)in->unfollowed);
		return group_verdict(out, HEALTH_ERR, brief,
				     "the topic has partitions beyond the %d kticker follows (partition %d "
				     "and up): they are neither read nor committed", PARTITIONS_MAX,
				     (int)in->unfollowed);
	}
	if (in->coordinator_silent_ms >= 0) {
		fmt_duration_ms(d, sizeof(d), (double)in->coordinator_silent_ms);
		snprintf(brief, sizeof(brief), "coordinator silent for %s", d);
		return group_verdict(out, HEALTH_ERR, brief,
				     "the group coordinator has not answered for %s: committed offsets unknown", d);
	}
	bool has_messages = messages_in(rows, count) > 0;
	if (!in->has_consumer)
		return in->owners_known && in->members == 0 && has_messages &&
		       group_verdict(out, HEALTH_NO_CONSUMER, NULL, "the group has no member");
	if (in->consumer_state == CONSUMER_NONE)
		return group_verdict(out, HEALTH_NO_CONSUMER, "consumer stopped (closed or crashed)",
				     "the consumer has stopped (closed or crashed)");
	if (in->consumer_state == CONSUMER_JOINING)
		return joining_verdict(in, out);
	if (in->consumer_silent_ms > HEALTH_SILENT_MS)
		return consumer_silent(in, out);
	return assigned_count(rows, count) == 0 && has_messages &&
	       !another_member_owns_some(rows, count) &&
	       group_verdict(out, HEALTH_NO_CONSUMER, "no member known to hold partitions",
			     "this member holds no partition and no other member is known to");
}

/* "1, 4, 7" of the named partitions, and " and 3 more" beyond them; sep between them. */
static void partition_list(const int32_t *partitions, int named, int more, const char *sep,
			   char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < named && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%d", i ? sep : "", (int)partitions[i]);
	if (more && len < size)
		snprintf(out + len, size - len, " and %d more", more);
}

/* WARN when the producer's oldest tick waiting has waited longer than HEALTH_ACKS_OVERDUE_MS,
 * naming the partitions stuck as long (ackwatch.h), and how long at least none of them was
 * acknowledged. */
static void judge_acks(const struct acks_waiting *a, struct health *out)
{
	if (a->waited_ms <= HEALTH_ACKS_OVERDUE_MS)
		return;
	long long waited = a->waited_ms / 1000, quiet = a->quiet_ms / 1000;
	char list[96], brief_list[64], where[160] = "";
	partition_list(a->partitions, a->named, a->more, ", ", list, sizeof(list));
	partition_list(a->partitions, a->named, a->more, ",", brief_list, sizeof(brief_list));
	if (a->named && a->quiet_ms >= 0)
		snprintf(where, sizeof(where), " (partition%s %s not acknowledged for %lld s)",
			 a->named + a->more == 1 ? "" : "s", list, quiet);
	else if (a->named)
		snprintf(where, sizeof(where), " (partition%s %s never acknowledged)",
			 a->named + a->more == 1 ? "" : "s", list);
	set_reason(out, HEALTH_WARN, "acks overdue: %llu ticks waiting %lld s%s",
		   (unsigned long long)a->waiting, waited, where);
	char n[16], fallback[32];
	short_count((int64_t)a->waiting, n, sizeof(n));
	snprintf(fallback, sizeof(fallback), "acks overdue %llds", waited);
	if (a->named)
		set_brief(out, fallback, "acks overdue %llds: p%s", waited, brief_list);
	else
		set_brief(out, fallback, "acks overdue: %s waiting %llds", n, waited);
}

/* ERR when this kticker writes with acks=all and partitions have fewer in-sync replicas than
 * the topic's min.insync.replicas: Kafka refuses those writes (NOT_ENOUGH_REPLICAS), and
 * librdkafka retries them without a word, so the screen saw only acks overdue. */
static bool judge_isr_short(const struct health_inputs *in, struct health *out)
{
	const struct isr_shortfall *s = &in->isr_short;
	if (!in->writes_acks_all || s->min_insync <= 0 || s->count == 0)
		return false;
	char list[96], brief_list[64], isr[32];
	int more = s->count - s->named;
	partition_list(s->partitions, s->named, more, ", ", list, sizeof(list));
	partition_list(s->partitions, s->named, more, ",", brief_list, sizeof(brief_list));
	if (s->isr_least == s->isr_most)
		snprintf(isr, sizeof(isr), "%d", s->isr_least);
	else
		snprintf(isr, sizeof(isr), "%d-%d", s->isr_least, s->isr_most);
	set_reason(out, HEALTH_ERR, "partition%s %s: ISR %s < min.insync.replicas %d: acks=all "
		   "writes to %s are refused", s->count == 1 ? "" : "s", list, isr, s->min_insync,
		   s->count == 1 ? "it" : "them");
	set_brief(out, "ISR < min.insync: writes refused", "p%s: ISR %s < min.insync %d", brief_list,
		  isr, s->min_insync);
	out->partition = -1;
	return true;
}

/* The oldest sample of the window with counts; NULL when none has them. */
static const struct health_counts *oldest_counts(const struct health_window *w)
{
	for (int i = 0; i < w->count; i++)
		if (w->counted[slot_at(w, i)])
			return &w->counts[slot_at(w, i)];
	return NULL;
}

/* The oldest of the window's latest samples over which nothing more was delivered than now:
 * from then on, nothing was. NULL when something was delivered since the newest sample. */
static const struct health_counts *undelivered_since(const struct health_window *w,
						     const struct health_counts *now)
{
	const struct health_counts *since = NULL;
	for (int i = w->count - 1; i >= 0; i--) {
		int slot = slot_at(w, i);
		if (!w->counted[slot])
			continue;
		if (w->counts[slot].delivered != now->delivered)
			break;
		since = &w->counts[slot];
	}
	return since;
}

static long long whole_seconds(int64_t ms)
{
	long long s = (ms + 500) / 1000;
	return s > 0 ? s : 1;
}

/* ERR when ticks failed delivery and none was delivered for a second or more: a broker that
 * refuses every produce request, told within a second or two, not once the deliveries before
 * it have left the window. */
static bool judge_undelivered(const struct health_window *w, const struct health_counts *now,
			      struct health *out)
{
	const struct health_counts *since = undelivered_since(w, now);
	if (!since || now->time_ms - since->time_ms < 1000 || now->delivery_failed == since->delivery_failed)
		return false;
	unsigned long long failed = now->delivery_failed - since->delivery_failed;
	long long seconds = whole_seconds(now->time_ms - since->time_ms);
	char n[16];
	set_reason(out, HEALTH_ERR, "%llu ticks failed delivery in the last %lld s, none delivered: "
		   "the event log says why", failed, seconds);
	short_count((int64_t)failed, n, sizeof(n));
	set_brief(out, "deliveries fail, none delivered", "%s failed delivery, none in %llds", n, seconds);
	return true;
}

/* The verdict on the ticks lost over the window (see health.h) into *out; OK when none were. */
static void judge_losses(const struct health_window *w, const struct health_counts *now,
			 struct health *out)
{
	out->status = HEALTH_OK;
	out->partition = -1;
	const struct health_counts *then = oldest_counts(w);
	if (!then || judge_undelivered(w, now, out))
		return;
	long long seconds = whole_seconds(now->time_ms - then->time_ms);
	unsigned long long failed = now->delivery_failed - then->delivery_failed,
			   delivered = now->delivered - then->delivered,
			   deleted = now->deleted_unread - then->deleted_unread,
			   /* net of ticks that came late since: a reordered stream fills its gaps */
			   missing = now->gaps > then->gaps ? now->gaps - then->gaps : 0;
	char a[16], b[16];
	if (deleted) {
		set_reason(out, HEALTH_ERR, "retention deleted %llu ticks in the last %lld s before this "
			   "member read them", deleted, seconds);
		short_count((int64_t)deleted, a, sizeof(a));
		set_brief(out, "retention deleted unread ticks", "retention deleted %s unread in %llds", a,
			  seconds);
	} else if (missing) {
		set_reason(out, HEALTH_ERR, "%llu ticks missing from their streams in the last %lld s: "
			   "later ones were read, never these", missing, seconds);
		short_count((int64_t)missing, a, sizeof(a));
		set_brief(out, "ticks missing from their streams", "%s ticks missing in %llds", a, seconds);
	} else if (failed) {
		set_reason(out, HEALTH_WARN, "%llu of %llu ticks failed delivery in the last %lld s: the "
			   "event log says why", failed, failed + delivered, seconds);
		short_count((int64_t)failed, a, sizeof(a));
		short_count((int64_t)(failed + delivered), b, sizeof(b));
		set_brief(out, "some ticks fail delivery", "%s of %s failed delivery in %llds", a, b, seconds);
	}
}

/* Whether an answer at answered_ms (0: none) came within the silence in->unanswered_ms. */
static bool answered_meanwhile(const struct health_inputs *in, int64_t answered_ms, int64_t now_ms)
{
	return in->unanswered_ms >= 0 && answered_ms > 0 && now_ms - answered_ms < in->unanswered_ms;
}

void health_commit_answered(struct health_inputs *in, int64_t commit_answered_ms, int64_t now_ms)
{
	in->commit_answered_meanwhile = answered_meanwhile(in, commit_answered_ms, now_ms);
}

void health_leaders_named(struct health_inputs *in, int64_t leaders_answered_ms, int64_t now_ms)
{
	in->leaders_named_meanwhile = answered_meanwhile(in, leaders_answered_ms, now_ms);
}

void health_judge(const struct health_window *w, const struct health_inputs *in,
		  const struct partition_offsets *rows, int count, struct health *out)
{
	out->status = HEALTH_OK;
	out->partition = -1;
	out->reason[0] = out->brief[0] = '\0';
	if (judge_group(in, rows, count, out))
		return;
	bool committing = in->own_commit_age_ms >= 0 && in->own_commit_age_ms <= HEALTH_WINDOW_S * 1000;
	for (int i = 0; i < count; i++) {
		struct health v;
		judge_partition(w, &rows[i], committing, out->status, &v);
		if (v.status > out->status) {
			*out = v;
			out->partition = rows[i].partition;
		}
	}
	struct health short_isr;
	if (out->status < HEALTH_ERR && judge_isr_short(in, &short_isr))
		*out = short_isr;
	struct health loss;
	judge_losses(w, &in->counts, &loss);
	if (loss.status > out->status)
		*out = loss;
	if (out->status == HEALTH_OK)
		judge_acks(&in->acks, out);
}

/* The sooner of turn and the time until age passes limit (never, once it has). */
static int64_t sooner_turn(int64_t turn, int64_t age_ms, int64_t limit_ms)
{
	return sooner_ms(turn, age_ms <= limit_ms ? limit_ms - age_ms + 1 : -1);
}

int64_t health_turns_in_ms(const struct health_inputs *in)
{
	int64_t turn = -1;
	if (in->consumer_state == CONSUMER_MEMBER)
		turn = sooner_turn(turn, in->consumer_silent_ms, HEALTH_SILENT_MS);
	if (in->consumer_state == CONSUMER_JOINING && in->joining_for_ms >= 0)
		turn = sooner_ms(turn, 1000 - in->joining_for_ms % 1000); /* the count of seconds */
	if (in->acks.waiting > 0 && in->acks.waited_ms >= 0)
		turn = sooner_turn(turn, in->acks.waited_ms, HEALTH_ACKS_OVERDUE_MS);
	if (in->own_commit_age_ms >= 0)
		turn = sooner_turn(turn, in->own_commit_age_ms, HEALTH_WINDOW_S * 1000);
	return turn;
}

/* The end of the figure that starts at s (a count, a time with its unit: "10.9s", "1.2k",
 * "350µs"; a list of them: "1, 4, 7"), or s when no figure starts there. */
static const char *figure_end(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return s;
	for (;;) {
		while (isalnum((unsigned char)*s) || *s == '.' || *s == ',' || (unsigned char)*s >= 0x80)
			s++;
		if (s[-1] != ',' || s[0] != ' ' || !isdigit((unsigned char)s[1]))
			return s;
		s++;
	}
}

bool health_same_verdict(const struct health *a, const struct health *b)
{
	if (a->status != b->status || a->partition != b->partition)
		return false;
	const char *x = a->reason, *y = b->reason;
	for (;;) {
		const char *x_end = figure_end(x), *y_end = figure_end(y);
		if ((x_end == x) != (y_end == y))
			return false;
		if (x_end != x) {
			x = x_end;
			y = y_end;
			continue;
		}
		if (*x != *y)
			return false;
		if (!*x)
			return true;
		x++;
		y++;
	}
}

const char *health_status_name(enum health_status s)
{
	static const char *const names[] = { "OK", "WARN", "REWIND", "STALL", "STOP", "ERR",
					     "REBALANCING", "NO CONSUMER", "NO BROKER" };
	return names[s];
}
