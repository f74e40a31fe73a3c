/* Health verdicts (Burrow's rules and what comes before them) and the merge of the
 * cluster's offsets with this member's. */
#include "check.h"
#include "health.h"
#include "offsetwatch.h"

static struct health_window window;

static struct partition_offsets row_of(int32_t partition, int64_t hw, int64_t committed, bool assigned)
{
	struct partition_offsets p;
	partition_offsets_reset(&p, partition);
	p.log_start = 0;
	p.high_watermark = hw;
	p.committed = committed;
	p.assigned = assigned;
	return p;
}

/* Eleven seconds of one partition: high watermark and committed offset per second; this
 * member holds it from second `held_from` on. */
static void fill_held_from(const int64_t *hw, const int64_t *committed, int held_from)
{
	health_window_reset(&window);
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		struct partition_offsets p = row_of(0, hw[t], committed[t], t >= held_from);
		health_window_add(&window, 1000LL * t, &p, 1, NULL);
	}
}

static void fill(const int64_t *hw, const int64_t *committed, bool assigned)
{
	fill_held_from(hw, committed, assigned ? 0 : HEALTH_SAMPLES);
}

static const struct health_inputs member = {
	.unanswered_ms = -1, .coordinator_silent_ms = -1, .has_consumer = true,
	.consumer_state = CONSUMER_MEMBER,
	.consumer_fetched = true, .consumer_silent_ms = 50, .own_commit_age_ms = 500,
	.joining_for_ms = -1,
};

static struct health judge_last(const struct health_inputs *in, int64_t hw, int64_t committed,
				bool assigned)
{
	struct partition_offsets now = row_of(0, hw, committed, assigned);
	struct health h;
	health_judge(&window, in, &now, 1, &h);
	return h;
}

static void test_burrow_rules(void)
{
	/* committing steadily with some lag: OK */
	int64_t hw_ok[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	int64_t c_ok[] = { 5, 15, 22, 38, 45, 58, 61, 77, 88, 95, 104 };
	fill(hw_ok, c_ok, true);
	CHECK_INT(judge_last(&member, 110, 104, true).status, HEALTH_OK);
	/* lag never falls over the window: WARN */
	int64_t c_warn[] = { 5, 14, 23, 31, 40, 48, 56, 63, 70, 76, 80 };
	fill(hw_ok, c_warn, true);
	struct health h = judge_last(&member, 110, 80, true);
	CHECK_INT(h.status, HEALTH_WARN);
	CHECK_STR(h.reason, "lag grew for 10 s without falling: 5 -> 30");
	/* a tick or two behind, one more at the end: noise, not WARN */
	int64_t hw_noise[] = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22 };
	int64_t c_noise[] = { 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
	fill(hw_noise, c_noise, true);
	CHECK_INT(judge_last(&member, 22, 20, true).status, HEALTH_OK);
	/* committed stuck while its owner commits: STALL, naming the rule and window */
	int64_t c_stall[] = { 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338 };
	int64_t hw_stall[] = { 1640, 1640, 1640, 1640, 1640, 1640, 1640, 1640, 1640, 1640, 1640 };
	fill(hw_stall, c_stall, true);
	h = judge_last(&member, 1640, 1338, true);
	CHECK_INT(h.status, HEALTH_STALL);
	CHECK_INT(h.partition, 0);
	CHECK_STR(h.reason, "committed 1338 unchanged for 10 s, lag 302");
	/* a commit since the window's last sample: the row on screen moved, so did the verdict */
	CHECK_INT(judge_last(&member, 1640, 1500, true).status, HEALTH_OK);
	/* ...and its words are the row's numbers, not the last sample's */
	h = judge_last(&member, 1700, 1338, true);
	CHECK_STR(h.reason, "committed 1338 unchanged for 10 s, lag 362");
	/* this member took the partition over from one that stopped committing, and has not
	 * committed for it yet: nobody committed while the log grew, STOP, though it commits
	 * (a STALL said the old owner, gone, was committing) */
	int64_t c_stopped[] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	fill_held_from(hw_ok, c_stopped, 9);
	h = judge_last(&member, 110, 3, true);
	CHECK_INT(h.status, HEALTH_STOP);
	CHECK_STR(h.reason, "no commit for 10 s while the log grew by 100 (committed 3, lag 107)");
	/* ...but taken away and given back by a rebalance, a second between: still its own, and
	 * committing: STALL */
	health_window_reset(&window);
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		struct partition_offsets p = row_of(0, hw_ok[t], 3, t != 5);
		health_window_add(&window, 1000LL * t, &p, 1, NULL);
	}
	CHECK_INT(judge_last(&member, 110, 3, true).status, HEALTH_STALL);
	/* seen from a kticker without a consumer: the log grows, nobody commits: STOP */
	struct health_inputs quiet = member;
	quiet.has_consumer = false;
	quiet.own_commit_age_ms = -1;
	int64_t c_stop[] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	fill(hw_ok, c_stop, false);
	h = judge_last(&quiet, 110, 3, false);
	CHECK_INT(h.status, HEALTH_STOP);
	CHECK_STR(h.reason, "no commit for 10 s while the log grew by 100 (committed 3, lag 107)");
	/* nothing committed: the row's Lag is "-", so the verdict says what it counted */
	int64_t c_none[] = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };
	fill(hw_ok, c_none, false);
	h = judge_last(&quiet, 110, -1, false);
	CHECK_INT(h.status, HEALTH_STOP);
	CHECK_STR(h.reason, "no commit for 10 s while the log grew by 100 (committed nothing, 110 in the log)");
	CHECK_STR(h.brief, "no commit 10s, log +100, 110 in log");
	/* the committed offset went back: REWIND */
	int64_t c_rewind[] = { 5, 15, 22, 38, 45, 58, 10, 20, 30, 40, 50 };
	fill(hw_ok, c_rewind, true);
	h = judge_last(&member, 110, 50, true);
	CHECK_INT(h.status, HEALTH_REWIND);
	CHECK_STR(h.reason, "committed offset went back from 58 to 10");
	/* caught up now: OK whatever came before */
	fill(hw_stall, c_stall, true);
	CHECK_INT(judge_last(&member, 1640, 1640, true).status, HEALTH_OK);
	/* a row nobody has refreshed: ERR */
	fill(hw_ok, c_ok, true);
	struct partition_offsets stale = row_of(0, 110, 104, true);
	stale.stale = stale.ends_stale = true;
	health_judge(&window, &member, &stale, 1, &h);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "no current reading of its offsets");
	stale.ends_stale = false; /* its committed offset alone */
	health_judge(&window, &member, &stale, 1, &h);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "no current reading of its committed offset");
	/* no leader: ERR, and so too before its offsets were ever read (no high watermark) */
	stale.ends_stale = stale.leaderless = true;
	health_judge(&window, &member, &stale, 1, &h);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "no leader: its offsets are old readings");
	stale.high_watermark = stale.log_start = OFFSET_UNKNOWN;
	health_judge(&window, &member, &stale, 1, &h);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "no leader: its offsets are unknown");
	stale.leaderless = false; /* a leader named, never answering */
	health_judge(&window, &member, &stale, 1, &h);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "its leader has not answered: its offsets are unknown");
}

/* A window that has wrapped judges its last HEALTH_SAMPLES seconds alone. */
static void test_window_wraps(void)
{
	health_window_reset(&window);
	const int seconds = HEALTH_SAMPLES + 4;
	for (int t = 0; t < seconds; t++) {
		/* lag 1 for the first 4 s (evicted), then only growing, by 10 a second from 20; a
		 * second partition in the older samples only */
		int64_t hw = 100 + 20 * t, committed = t < 4 ? hw - 1 : hw - 10 * (t - 2);
		struct partition_offsets rows[2] = { row_of(0, hw, committed, true), row_of(1, 50, 50, true) };
		health_window_add(&window, 1000LL * t, rows, t < 12 ? 2 : 1, NULL);
	}
	int64_t hw = 100 + 20 * (seconds - 1);
	struct health h = judge_last(&member, hw, hw - 10 * (seconds - 3), true);
	CHECK_INT(h.status, HEALTH_WARN);
	CHECK_STR(h.reason, "lag grew for 10 s without falling: 20 -> 120");
}

/* Recorded on the embedded cluster, partition 0 of lesson-lag's throttled consumer: the window's
 * samples (taken at x.04 s) and the row on screen every 100 ms of the next second. The consumer
 * commits once a second (here at x.2 s): each commit takes a second's reading off the lag at
 * once, the producer adds to it all the time, so the row's lag is a sawtooth. Compared with the
 * last sample, the row just after the commit looked like a fall: OK until the row's lag climbed
 * back past the sample's, WARN from there to the next commit, twice a flip every second while
 * the samples' lag only grew (328 ... 611). */
static void test_warn_over_commit_sawtooth(void)
{
	int64_t hw[] = { 2816, 2946, 3060, 3204, 3332, 3462, 3596, 3720, 3851, 3982, 4108 };
	int64_t c[] = { 2488, 2588, 2688, 2788, 2888, 2992, 3095, 3198, 3297, 3388, 3497 };
	int64_t row_hw[] = { 4108, 4123, 4137, 4150, 4162, 4176, 4176, 4202, 4202, 4228 };
	int64_t row_c[] = { 3497, 3497, 3597, 3597, 3597, 3597, 3597, 3597, 3597, 3597 };
	fill(hw, c, true);
	int flips = 0, warned = 0;
	enum health_status before = HEALTH_WARN;
	for (int i = 0; i < 10; i++) {
		struct health h = judge_last(&member, row_hw[i], row_c[i], true);
		flips += h.status != before;
		warned += h.status == HEALTH_WARN;
		before = h.status;
		if (i == 2)
			CHECK_STR(h.reason, "lag grew for 10 s without falling: 328 -> 611");
	}
	CHECK_INT(flips, 0);
	CHECK_INT(warned, 10);
	/* a fall in the window's samples still says OK: the consumer caught some up */
	int64_t c_fell[] = { 2488, 2588, 2688, 2788, 2888, 2992, 3095, 3198, 3297, 3388, 3597 };
	fill(hw, c_fell, true);
	CHECK_INT(judge_last(&member, 4108, 3597, true).status, HEALTH_OK);
}

/* A consumer reading 100 ticks/s of 130 produced, committing once a second on librdkafka's
 * timer: how long before each sample (taken at x.04 s) it last committed varies (a poll late,
 * a commit early). Two commits close to the samples on either side of one second took 189
 * ticks off the sample's lag in that second while the log grew by 130: the samples' lag fell,
 * and the verdict said OK though the lag each commit left only grew (D8). Each sample carries
 * the lag its commit left, as the consumer saw the high watermark then; the rule compares
 * those. */
static int64_t ticks_produced(int64_t t_ms) { return 2800 + 130 * t_ms / 1000; }

static void fill_commits(const int64_t *commit_ms, int per_s, int unknown_at)
{
	health_window_reset(&window);
	for (int s = 0; s < HEALTH_SAMPLES; s++) {
		int64_t t = 1000LL * s + 40;
		struct partition_offsets p = row_of(0, ticks_produced(t), 2500 + per_s * commit_ms[s] / 1000, true);
		p.commit_lag = s == unknown_at ? -1 : ticks_produced(commit_ms[s]) - p.committed;
		health_window_add(&window, t, &p, 1, NULL);
	}
}

static void test_warn_at_commits(void)
{
	int64_t commit_ms[] = { -160, 840, 1830, 2850, 3140, 5030, 5090, 6840, 7850, 8820, 9830 };
	fill_commits(commit_ms, 100, -1);
	int fell = 0;
	for (int s = 1; s < HEALTH_SAMPLES; s++) {
		const struct health_reading *a = &window.by_partition[0].r[s - 1], *b = &window.by_partition[0].r[s];
		fell += b->high_watermark - b->committed < a->high_watermark - a->committed;
	}
	CHECK_INT(fell, 2); /* the drift this test is about: twice a sample's lag below the one before */
	int64_t t = 10100;
	struct health h = judge_last(&member, ticks_produced(t), 2500 + 100 * commit_ms[10] / 1000, true);
	CHECK_INT(h.status, HEALTH_WARN);
	/* the lag each commit left: 300 + 30 x t / 1000, give or take the rounding */
	CHECK_STR(h.reason, "lag grew for 10 s without falling: 296 -> 594");
	/* a sample whose commit's lag is not known is left out of the comparison */
	fill_commits(commit_ms, 100, 5);
	CHECK_INT(judge_last(&member, ticks_produced(t), 2500 + 100 * commit_ms[10] / 1000, true).status,
		  HEALTH_WARN);
	/* reading 140 ticks/s of 130 at the same moments: the lag at each commit falls, OK */
	fill_commits(commit_ms, 140, -1);
	CHECK_INT(judge_last(&member, ticks_produced(t), 2500 + 140 * commit_ms[10] / 1000, true).status,
		  HEALTH_OK);
}

static void test_group_states(void)
{
	int64_t hw[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	int64_t c[] = { 5, 15, 22, 38, 45, 58, 61, 77, 88, 95, 104 };
	fill(hw, c, true);
	struct health_inputs in = member;
	in.unanswered_ms = 1200;
	in.broker_error = "Local: Timed out";
	struct health h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_NO_BROKER);
	CHECK_STR(h.reason, "no broker answered for 1.2s: Local: Timed out");
	/* the offset questions go unanswered, but the coordinator answered a commit meanwhile:
	 * brokers answer, slowly (a latency fault of 600 ms said NO BROKER) */
	health_commit_answered(&in, 1000000 - 300, 1000000);
	h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "brokers answer (a commit since), but not the offset questions in time, "
			    "for 1.2s: offsets unknown");
	CHECK_STR(h.brief, "offsets unanswered for 1.2s");
	health_commit_answered(&in, 1000000 - 1300, 1000000); /* before the silence began */
	CHECK_INT(judge_last(&in, 110, 104, true).status, HEALTH_NO_BROKER);
	health_commit_answered(&in, 0, 1000000); /* none ever */
	CHECK_INT(judge_last(&in, 110, 104, true).status, HEALTH_NO_BROKER);
	/* a broker named the leaders meanwhile, and none of them answered: not "no broker" (a
	 * cluster that lost its controllers' quorum names the dead ones) */
	health_leaders_named(&in, 1000000 - 300, 1000000);
	h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "brokers answer who leads what, but no leader they name has answered, for 1.2s: "
			    "offsets unknown");
	CHECK_STR(h.brief, "leaders unanswered for 1.2s");
	health_leaders_named(&in, 1000000 - 1300, 1000000); /* before the silence began */
	CHECK_INT(judge_last(&in, 110, 104, true).status, HEALTH_NO_BROKER);
	/* the consumer read a partition beyond those kticker follows (added while it ran) */
	in = member;
	in.unfollowed = 1024;
	h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "the topic has partitions beyond the 1024 kticker follows (partition 1024 "
			    "and up): they are neither read nor committed");
	CHECK_STR(h.brief, "partitions from 1024 on not read");
	/* brokers answer, the group's coordinator does not: the group's ERR names it */
	in = member;
	in.coordinator_silent_ms = 7000;
	h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_INT(h.partition, -1);
	CHECK_STR(h.reason, "the group coordinator has not answered for 7.0s: committed offsets unknown");
	CHECK_STR(h.brief, "coordinator silent for 7.0s");
	in = member;
	in.consumer_state = CONSUMER_JOINING; /* after a crash, or a rebalance */
	in.joining_for_ms = 999;
	h = judge_last(&in, 110, 104, false);
	CHECK_INT(h.status, HEALTH_REBALANCING);
	CHECK_STR(h.reason, "this member has waited 0s for the group to assign partitions");
	CHECK_STR(h.brief, "this member waits for partitions");
	in.joining_for_ms = 13999; /* whole seconds: the count the screen shows each second */
	h = judge_last(&in, 110, 104, false);
	CHECK_STR(h.reason, "this member has waited 13.0s for the group to assign partitions");
	CHECK_STR(h.brief, "member waits for partitions 13.0s");
	in = member;
	in.consumer_state = CONSUMER_NONE;
	CHECK_INT(judge_last(&in, 110, 104, false).status, HEALTH_NO_CONSUMER);
	in = member;
	in.consumer_silent_ms = 2500; /* the thread stopped fetching */
	CHECK_INT(judge_last(&in, 110, 104, true).status, HEALTH_NO_CONSUMER);
	/* a member with nothing assigned while the topic has messages and nobody else owns them */
	CHECK_INT(judge_last(&member, 110, 104, false).status, HEALTH_NO_CONSUMER);
	/* no consumer here, and the coordinator knows of none */
	in = member;
	in.has_consumer = false;
	in.owners_known = true;
	in.members = 0;
	CHECK_INT(judge_last(&in, 110, 104, false).status, HEALTH_NO_CONSUMER);
	CHECK_STR(health_status_name(HEALTH_NO_BROKER), "NO BROKER");
}

/* The health line as the screen draws it at 80 columns, reasons in their brief forms: the
 * verdict, where, the brief, and the widest lag part. */
static int line_cols(const struct health *h)
{
	char line[256];
	return snprintf(line, sizeof(line), " %s%s: %s | lag ~999999  behind 999999",
			health_status_name(h->status), h->partition >= 0 ? " p1023" : "", h->brief);
}

static void check_fits(const struct health *h)
{
	CHECK(h->brief[0] != '\0');
	CHECK((int)strlen(h->brief) <= HEALTH_BRIEF_COLS);
	CHECK(line_cols(h) <= 80);
}

/* The longest reasons: offsets in the billions, a long broker error. Abbreviated, never cut. */
static void test_brief_fits_80_columns(void)
{
	int64_t hw[HEALTH_SAMPLES], c[HEALTH_SAMPLES];
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		hw[t] = 9876543210LL + 500000LL * t;
		c[t] = 1234567890LL;
	}
	fill(hw, c, false);
	struct health_inputs quiet = member; /* no consumer here: nobody commits */
	quiet.has_consumer = false;
	quiet.own_commit_age_ms = -1;
	struct health h = judge_last(&quiet, hw[HEALTH_SAMPLES - 1], c[HEALTH_SAMPLES - 1], false);
	CHECK_INT(h.status, HEALTH_STOP);
	CHECK_STR(h.reason, "no commit for 10 s while the log grew by 5000000 (committed 1234567890, lag 8646975320)");
	CHECK_STR(h.brief, "no commit 10s, log +5.0M, lag 8.6G");
	check_fits(&h);
	fill(hw, c, true); /* held by this member, which commits */
	h = judge_last(&member, hw[HEALTH_SAMPLES - 1], c[HEALTH_SAMPLES - 1], true);
	CHECK_INT(h.status, HEALTH_STALL);
	CHECK_STR(h.brief, "commit 1.2G unchanged 10s, lag 8.6G");
	check_fits(&h);
	for (int t = 0; t < HEALTH_SAMPLES; t++)
		c[t] = t < 5 ? 9876543210LL : 1234567890LL + t;
	fill(hw, c, true);
	h = judge_last(&member, hw[HEALTH_SAMPLES - 1], c[HEALTH_SAMPLES - 1], true);
	CHECK_INT(h.status, HEALTH_REWIND);
	CHECK_STR(h.brief, "committed went back 9.9G -> 1.2G");
	check_fits(&h);
	for (int t = 0; t < HEALTH_SAMPLES; t++)
		c[t] = 1234567890LL + t;
	fill(hw, c, true);
	h = judge_last(&member, hw[HEALTH_SAMPLES - 1], c[HEALTH_SAMPLES - 1], true);
	CHECK_INT(h.status, HEALTH_WARN);
	CHECK_STR(h.brief, "lag only grew for 10s: 8.6G -> 8.6G");
	check_fits(&h);
	struct health_inputs in = member;
	in.unanswered_ms = 3599999;
	in.broker_error = "127.0.0.1:45733/bootstrap: Connect to ipv4#127.0.0.1:45733 failed: Connection refused";
	h = judge_last(&in, 110, 104, true);
	CHECK_STR(h.brief, "no broker answered for 59m59s");
	check_fits(&h);
	in = member;
	in.consumer_state = CONSUMER_JOINING;
	in.joining_for_ms = 99 * 3600000LL + 59 * 60000; /* the longest a wait's count takes */
	h = judge_last(&in, 110, 104, false);
	CHECK_STR(h.brief, "member waits for partitions 99h59m");
	check_fits(&h);
	in = member;
	in.coordinator_silent_ms = 3599999;
	h = judge_last(&in, 110, 104, true);
	CHECK_STR(h.brief, "coordinator silent for 59m59s");
	check_fits(&h);
	in = member;
	in.consumer_state = CONSUMER_JOINING;
	check_fits((h = judge_last(&in, 110, 104, false), &h));
	in = member;
	in.consumer_state = CONSUMER_NONE;
	check_fits((h = judge_last(&in, 110, 104, false), &h));
	in = member;
	in.consumer_silent_ms = 3599999;
	check_fits((h = judge_last(&in, 110, 104, true), &h));
	in.consumer_fetched = false;
	check_fits((h = judge_last(&in, 110, 104, true), &h));
	check_fits((h = judge_last(&member, 110, 104, false), &h));
	/* a reason that fits is its own brief form */
	in = member;
	in.has_consumer = false;
	in.owners_known = true;
	in.members = 0;
	h = judge_last(&in, 110, 104, false);
	CHECK_STR(h.brief, "the group has no member");
}

/* The consumer's silence from the times its thread publishes: before its first fetch the
 * last-fetch time is still 0, and the machine's uptime must not pass for a silence. */
static void test_consumer_not_fetched_yet(void)
{
	int64_t hw[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	int64_t c[] = { 5, 15, 22, 38, 45, 58, 61, 77, 88, 95, 104 };
	fill(hw, c, true);
	const int64_t uptime = 36300000; /* 10h05m of monotonic clock */
	struct health_inputs in = member;
	/* assigned a moment ago, first fetch under way: no verdict on silence yet */
	health_consumer_silence(&in, uptime, uptime - 150, 0);
	struct health h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_OK);
	CHECK_STR(h.reason, "");
	/* still no fetch 3 s after it started: said so, counted from the start */
	health_consumer_silence(&in, uptime, uptime - 3000, 0);
	h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_NO_CONSUMER);
	CHECK_STR(h.reason, "the consumer has not fetched since it started 3.0s ago");
	CHECK_STR(h.brief, "not fetched yet, started 3.0s ago");
	check_fits(&h);
	/* once it fetched, its silence counts from the last fetch */
	health_consumer_silence(&in, uptime, uptime - 60000, uptime - 2500);
	h = judge_last(&in, 110, 104, true);
	CHECK_INT(h.status, HEALTH_NO_CONSUMER);
	CHECK_STR(h.reason, "the consumer has not fetched for 2.5s");
	health_consumer_silence(&in, uptime, uptime - 60000, uptime - 50);
	CHECK_INT(judge_last(&in, 110, 104, true).status, HEALTH_OK);
}

/* Every row shown since ms: a topic the screen has shown that long. */
static struct rows_shown *shown_since(int64_t ms)
{
	static struct rows_shown shown;
	shown.count = PARTITIONS_MAX;
	for (int i = 0; i < PARTITIONS_MAX; i++)
		shown.since_ms[i] = ms;
	return &shown;
}

/* A row this member read while it held it, then handed over, and the topic made again under
 * its name (offsets from 0 again): the leader's reading of the new log is the row's, below
 * the high watermark kept from the holding, also once this member takes the row back, until
 * its own fetch answers; from then on the larger of the two. */
static void test_merge_given_up_row_of_remade_log(void)
{
	static struct offsetwatch_view view;
	struct partition_offsets own[1], out[1];
	memset(&view, 0, sizeof(view));
	strcpy(view.topic, "ticks");
	view.count = 1;
	view.parts[0] = (struct watched_partition){ .log_start = 0, .high_watermark = 11,
						    .committed = 11, .offsets_ms = 10000,
						    .committed_ms = 10000 };
	own[0] = row_of(0, 236, 236, false);
	own[0].log_start = 40;
	own[0].committed_ms = 5000;
	offsetwatch_merge(&view, "ticks", own, 1, 0, true, 10500, shown_since(0), out, 1);
	CHECK_INT(out[0].high_watermark, 11);
	CHECK_INT(out[0].log_start, 0);
	CHECK_INT(out[0].committed, 11);
	/* taken back at the group's committed 11: until a fetch of this holding answers, the
	 * high watermark kept is the deleted log's */
	own[0].assigned = true;
	own[0].position = 11;
	offsetwatch_merge(&view, "ticks", own, 1, 0, true, 10500, shown_since(0), out, 1);
	CHECK_INT(out[0].high_watermark, 11);
	own[0].high_of_holding = true;
	own[0].high_watermark = 33;
	offsetwatch_merge(&view, "ticks", own, 1, 0, true, 10500, shown_since(0), out, 1);
	CHECK_INT(out[0].high_watermark, 33);
}

static void test_merge(void)
{
	static struct offsetwatch_view view;
	struct partition_offsets own[2], out[3];
	memset(&view, 0, sizeof(view));
	strcpy(view.topic, "ticks");
	view.count = 3;
	for (int i = 0; i < 3; i++)
		view.parts[i] = (struct watched_partition){ .log_start = 0, .high_watermark = 220,
							    .committed = 200, .offsets_ms = 10000,
							    .committed_ms = 10000 };
	/* this member owns 0 (read ahead of the view: position 352 > high watermark 220) and
	 * owned 1 before a rebalance (its numbers there are old) */
	own[0] = row_of(0, 343, 343, true);
	own[0].position = 352;
	own[0].committed_ms = 10500;
	own[1] = row_of(1, 119, 119, false);
	own[1].position = 119;
	own[1].committed_ms = 2000;
	int n = offsetwatch_merge(&view, "ticks", own, 2, 0, true, 11000, shown_since(0), out, 3);
	CHECK_INT(n, 3);
	CHECK_INT(out[0].high_watermark, 352); /* never below the position read */
	CHECK_INT(out[0].committed, 343);      /* this member's commit is newer */
	CHECK_STR(out[0].owner, "me");
	CHECK_INT(out[1].high_watermark, 220); /* the cluster's, not the frozen 119 */
	CHECK_INT(out[1].committed, 200);
	CHECK_INT(out[1].position, OFFSET_UNKNOWN); /* not this member's to show */
	CHECK_STR(out[1].owner, "other"); /* no description (the embedded cluster): others hold the rest */
	CHECK(!out[1].stale);
	/* the high watermark of a row this member took at 10500 is of its holding once the
	 * watcher answers a question asked since (10000 was before), or its own fetch did; a
	 * later rebalance that leaves it the row changes nothing */
	own[0].taken_ms = 10500;
	offsetwatch_merge(&view, "ticks", own, 2, 10500, true, 11000, shown_since(0), out, 3);
	CHECK(!out[0].high_of_holding);
	view.parts[0].offsets_ms = 10600;
	offsetwatch_merge(&view, "ticks", own, 2, 10800, true, 11000, shown_since(0), out, 3);
	CHECK(out[0].high_of_holding);
	view.parts[0].offsets_ms = 10000;
	own[0].high_of_holding = true;
	offsetwatch_merge(&view, "ticks", own, 2, 10500, true, 11000, shown_since(0), out, 3);
	CHECK(out[0].high_of_holding);
	own[0].high_of_holding = false;
	own[0].taken_ms = 0;
	/* described: the coordinator's names, and where it names nobody, nobody is known */
	strcpy(view.parts[2].owner, "m-ab12");
	view.owners_known = true;
	view.owners_asked_ms = 10900;
	offsetwatch_merge(&view, "ticks", own, 2, 0, true, 11000, shown_since(0), out, 3);
	CHECK_STR(out[2].owner, "m-ab12");
	CHECK_STR(out[1].owner, "");
	/* ...unless the description was asked before this member's last rebalance: a member
	 * that has left since would still be named */
	offsetwatch_merge(&view, "ticks", own, 2, 10950, true, 11000, shown_since(0), out, 3);
	CHECK_STR(out[2].owner, "");
	view.owners_known = false;
	view.owners_asked_ms = 0;
	view.parts[2].owner[0] = '\0';
	/* the moment a row says its readings turn old is the moment they do */
	CHECK_INT(out[1].stale_at_ms, 10000 + OFFSETWATCH_STALE_MS + 1);
	offsetwatch_merge(&view, "ticks", own, 2, 0, true, 10000 + OFFSETWATCH_STALE_MS, shown_since(0), out, 3);
	CHECK(!out[1].stale);
	/* no answer for longer than three rounds: stale */
	n = offsetwatch_merge(&view, "ticks", own, 2, 0, true, 10000 + OFFSETWATCH_STALE_MS + 1, shown_since(0), out, 3);
	CHECK(out[1].stale);
	CHECK(out[1].ends_stale);
	/* the leaders answer, the coordinator has not for three rounds: committed alone is old */
	view.parts[1].offsets_ms = 10000 + OFFSETWATCH_STALE_MS;
	n = offsetwatch_merge(&view, "ticks", own, 2, 0, true, 10000 + OFFSETWATCH_STALE_MS + 1, shown_since(0), out, 3);
	CHECK(out[1].stale);
	CHECK(!out[1].ends_stale);
	CHECK_INT(out[1].committed, 200);
	CHECK_INT(out[1].stale_at_ms, 10000 + 2 * OFFSETWATCH_STALE_MS + 1); /* the ends' turn */
	view.parts[1].offsets_ms = 10000;
	/* a view of another topic is ignored */
	n = offsetwatch_merge(&view, "other", own, 2, 0, true, 11000, shown_since(0), out, 3);
	CHECK_INT(n, 2);
	CHECK_INT(out[1].high_watermark, 119);
	CHECK(out[1].stale);
	/* a row shown for less long than a reading may be old has not been read yet: that is
	 * not stale (a switch, and the first round of the new topic still to come) */
	offsetwatch_merge(&view, "other", own, 2, 0, true, 11000, shown_since(11000 - OFFSETWATCH_STALE_MS), out, 3);
	CHECK(!out[1].stale);
	offsetwatch_merge(&view, "other", own, 2, 0, true, 11000, shown_since(11000 - OFFSETWATCH_STALE_MS - 1), out, 3);
	CHECK(out[1].stale);
	/* the consumer's look times are not shown: rows that differ only there merge equal, so
	 * a paused screen is not redrawn ten times a second */
	struct partition_offsets again[3];
	memset(out, 0, sizeof(out));
	memset(again, 0, sizeof(again));
	offsetwatch_merge(&view, "ticks", own, 2, 0, true, 11000, shown_since(0), out, 3);
	own[0].caught_up_mono_ms = 12345;
	offsetwatch_merge(&view, "ticks", own, 2, 0, true, 11000, shown_since(0), again, 3);
	CHECK(memcmp(out, again, sizeof(out)) == 0);
	own[0].caught_up_mono_ms = 0;
	/* a handover on a real cluster: this member gave 1 up at 10800, after committing 225 of
	 * it; the view's high watermark (220) and owners are older. The owner is not the one
	 * described before the handover (this member itself), and the high watermark is not
	 * below what this member committed (which it had read) */
	strcpy(view.parts[1].owner, "m-self");
	view.owners_known = true;
	view.owners_asked_ms = 10500;
	own[1] = row_of(1, 120, 225, false);
	own[1].committed_ms = 10800;
	offsetwatch_merge(&view, "ticks", own, 2, 10800, false, 11000, shown_since(0), out, 3);
	CHECK_STR(out[1].owner, "");
	CHECK_INT(out[1].committed, 225);
	CHECK_INT(out[1].high_watermark, 225);
	view.owners_asked_ms = 10900; /* described since: the coordinator's word */
	strcpy(view.parts[1].owner, "m-cd34");
	offsetwatch_merge(&view, "ticks", own, 2, 10800, false, 11000, shown_since(0), out, 3);
	CHECK_STR(out[1].owner, "m-cd34");
	/* a high watermark never read stays unknown, whatever was committed */
	view.parts[1].offsets_ms = 0;
	view.parts[1].high_watermark = OFFSET_UNKNOWN;
	own[1].high_watermark = OFFSET_UNKNOWN;
	offsetwatch_merge(&view, "ticks", own, 2, 10800, false, 11000, shown_since(0), out, 3);
	CHECK_INT(out[1].high_watermark, OFFSET_UNKNOWN);
}

/* The producer's ring of unacknowledged ticks (the oldest waiting), and the partitions whose
 * first waiting tick is overdue. */
static void test_ackwatch(void)
{
	static struct ackwatch w; /* zeroed, as the pipeline's */
	struct acks_waiting a;
	const int64_t t0 = 1700000000000LL; /* ms, a bucket's start */
	const int64_t late = 5000;
	ackwatch_read(&w, t0, 6, late, &a);
	CHECK_INT(a.waiting, 0);
	CHECK_INT(a.waited_ms, -1);
	/* partitions 0 and 1 take a tick at t0, partition 2 one at t0 + 1 s and one at t0 + 2 s */
	int64_t sent[] = { t0, t0, t0 + 1000, t0 + 2000 };
	int32_t part[] = { 0, 1, 2, 2 };
	for (int i = 0; i < 4; i++) {
		ackwatch_bound_for(&w, part[i], sent[i] * 1000);
		ackwatch_sent(&w, sent[i] * 1000);
	}
	ackwatch_read(&w, t0 + 5500, 6, late, &a);
	CHECK_INT(a.waiting, 4);
	CHECK_INT(a.waited_ms, 5500);
	CHECK_INT(a.named, 2); /* partition 2's first tick has waited 4.5 s only */
	CHECK_INT(a.partitions[0], 0);
	CHECK_INT(a.partitions[1], 1);
	CHECK_INT(a.quiet_ms, -1); /* none ever acknowledged */
	/* each at the time it has waited at least: since its bucket's end, ascending */
	static struct histogram_floors f;
	ackwatch_waited(&w, t0 + 5500, &f);
	CHECK_INT(f.n, 3);
	CHECK_INT(f.total, 4);
	CHECK_INT(f.at_least_us[0], 3400000);
	CHECK_INT(f.count[0], 1);
	CHECK_INT(f.at_least_us[2], 5400000);
	CHECK_INT(f.count[2], 2);
	ackwatch_waited(&w, t0 + 2050, &f); /* the tick sent 50 ms ago: nothing known of its wait */
	CHECK_INT(f.total, 3);
	static struct histogram_copy none;
	struct quantile p50, p99;
	ackwatch_quantiles(&w, t0 + 5500, &none, &f, &p50, &p99);
	CHECK_INT(p50.us, 5400000);
	CHECK(p50.at_least && p99.at_least);
	/* partition 0's acknowledged, partition 1's failed: neither waits now; partition 2's
	 * first is acknowledged, its second waits since (no earlier than) the first's send */
	ackwatch_reported(&w, t0 * 1000, 0, true, t0 + 5600);
	ackwatch_reported(&w, t0 * 1000, 1, false, t0 + 5600);
	ackwatch_reported(&w, (t0 + 1000) * 1000, 2, true, t0 + 5700);
	ackwatch_read(&w, t0 + 6500, 6, late, &a);
	CHECK_INT(a.waiting, 1);
	CHECK_INT(a.waited_ms, 4500);
	CHECK_INT(a.named, 0); /* acknowledged 0.8 s ago: slow, not stuck */
	ackwatch_read(&w, t0 + 11000, 6, late, &a);
	CHECK_INT(a.waited_ms, 9000);
	CHECK_INT(a.named, 1);
	CHECK_INT(a.partitions[0], 2);
	CHECK_INT(a.quiet_ms, 5300);
	ackwatch_reported(&w, (t0 + 2000) * 1000, 2, true, t0 + 11100);
	ackwatch_read(&w, t0 + 20000, 6, late, &a);
	CHECK_INT(a.waiting, 0);
	CHECK_INT(a.waited_ms, -1);
	CHECK_INT(a.named, 0);
	/* a tick waiting longer than the ring spans folds into a later bucket: still counted,
	 * and taken out by its report */
	const int64_t span = ACKWATCH_BUCKETS * ACKWATCH_BUCKET_MS;
	ackwatch_sent(&w, t0 * 1000);
	ackwatch_sent(&w, (t0 + span + 500) * 1000);
	ackwatch_read(&w, t0 + span + 600, 6, late, &a);
	CHECK_INT(a.waiting, 2);
	CHECK(a.waited_ms >= span - ACKWATCH_BUCKET_MS);
	ackwatch_reported(&w, t0 * 1000, -1, false, t0 + span + 700);
	ackwatch_read(&w, t0 + span + 800, 6, late, &a);
	CHECK_INT(a.waiting, 1);
	CHECK_INT(a.waited_ms, 300);
}

/* Acks overdue: WARN only over what would otherwise be OK, naming the partitions waiting. */
static void test_acks_overdue(void)
{
	int64_t hw[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	int64_t c[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	fill(hw, c, true);
	struct health_inputs in = member;
	in.acks = (struct acks_waiting){ .waiting = 412, .waited_ms = HEALTH_ACKS_OVERDUE_MS, .quiet_ms = -1 };
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_OK); /* not overdue yet */
	in.acks = (struct acks_waiting){ .waiting = 412, .waited_ms = 12300, .named = 2,
					 .partitions = { 1, 4 }, .quiet_ms = 13100 };
	struct health h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_WARN);
	CHECK_INT(h.partition, -1);
	CHECK_STR(h.reason, "acks overdue: 412 ticks waiting 12 s (partitions 1, 4 not acknowledged for 13 s)");
	CHECK_STR(h.brief, "acks overdue 12s: p1,4");
	check_fits(&h);
	in.acks = (struct acks_waiting){ .waiting = 123456, .waited_ms = 3599000, .named = 8,
					 .partitions = { 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007 },
					 .more = 16, .quiet_ms = -1 };
	h = judge_last(&in, 110, 110, true);
	CHECK_STR(h.reason, "acks overdue: 123456 ticks waiting 3599 s (partitions 1000, 1001, 1002, 1003, "
			    "1004, 1005, 1006, 1007 and 16 more never acknowledged)");
	CHECK_STR(h.brief, "acks overdue 3599s");
	check_fits(&h);
	in.acks = (struct acks_waiting){ .waiting = 3, .waited_ms = 6000, .quiet_ms = -1 };
	h = judge_last(&in, 110, 110, true);
	CHECK_STR(h.reason, "acks overdue: 3 ticks waiting 6 s");
	/* a worse verdict stands: no broker answers at all */
	in.unanswered_ms = 4000;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_NO_BROKER);
}

/* Partitions with fewer in-sync replicas than min.insync.replicas: ERR when this kticker
 * writes with acks=all (the leaders refuse every write to them, and librdkafka retries in
 * silence: only acks overdue showed), nothing with acks=1 or 0, nor when the setting is not
 * known; the worse verdicts before it stand. */
static void test_isr_short(void)
{
	int64_t hw[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	fill(hw, hw, true);
	struct health_inputs in = member;
	in.acks = (struct acks_waiting){ .waiting = 1791, .waited_ms = 24000, .quiet_ms = -1 };
	in.isr_short = (struct isr_shortfall){ .min_insync = 2, .count = 2, .named = 2,
					       .partitions = { 0, 3 }, .isr_least = 1, .isr_most = 1 };
	struct health h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_WARN); /* acks=1 or 0: the same ISR refuses nothing */
	CHECK_STR(h.reason, "acks overdue: 1791 ticks waiting 24 s");
	in.writes_acks_all = true;
	h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_INT(h.partition, -1);
	CHECK_STR(h.reason, "partitions 0, 3: ISR 1 < min.insync.replicas 2: acks=all writes to them are refused");
	CHECK_STR(h.brief, "p0,3: ISR 1 < min.insync 2");
	check_fits(&h);
	in.isr_short = (struct isr_shortfall){ .min_insync = 3, .count = 1, .named = 1,
					       .partitions = { 7 }, .isr_least = 2, .isr_most = 2 };
	h = judge_last(&in, 110, 110, true);
	CHECK_STR(h.reason, "partition 7: ISR 2 < min.insync.replicas 3: acks=all writes to it are refused");
	in.isr_short = (struct isr_shortfall){ .min_insync = 3, .count = 20, .named = 8,
					       .partitions = { 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007 },
					       .isr_least = 1, .isr_most = 2 };
	h = judge_last(&in, 110, 110, true);
	CHECK_STR(h.reason, "partitions 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007 and 12 more: "
			    "ISR 1-2 < min.insync.replicas 3: acks=all writes to them are refused");
	CHECK_STR(h.brief, "ISR < min.insync: writes refused");
	check_fits(&h);
	/* the setting not read (the embedded cluster, no answer): no verdict from it */
	in.isr_short.min_insync = 0;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_WARN);
	/* none short: the acks overdue alone */
	in.isr_short = (struct isr_shortfall){ .min_insync = 2 };
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_WARN);
	/* a worse verdict stands: no broker answers at all */
	in.isr_short = (struct isr_shortfall){ .min_insync = 2, .count = 1, .named = 1, .isr_least = 1,
					       .isr_most = 1 };
	in.unanswered_ms = 4000;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_NO_BROKER);
}

/* Eleven seconds of one partition held and caught up (its offsets healthy), with the
 * pipeline's counts at every sample. */
static void fill_counted(struct health_counts counts)
{
	health_window_reset(&window);
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		struct partition_offsets p = row_of(0, 10 * (t + 1), 10 * (t + 1), true);
		counts.time_ms = 1000LL * t;
		health_window_add(&window, 1000LL * t, &p, 1, &counts);
	}
}

/* Ticks lost over the window: the producer's that failed delivery (a broker refusing every
 * produce request at once: no tick waits for an ack, so no ack is overdue), those retention
 * deleted before this member read them, and those missing from their streams. Either way the offsets look healthy: the consumer is
 * caught up with what the log kept. */
static void test_losses(void)
{
	fill_counted((struct health_counts){ .delivered = 1000 });
	struct health_inputs in = member;
	in.counts = (struct health_counts){ .time_ms = 10000, .delivered = 1000 };
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_OK);

	/* every produce request refused: failures, no delivery */
	in.counts.delivery_failed = 547;
	struct health h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_INT(h.partition, -1);
	CHECK_STR(h.reason, "547 ticks failed delivery in the last 10 s, none delivered: the event log says why");
	CHECK_STR(h.brief, "547 failed delivery, none in 10s");
	check_fits(&h);
	/* some delivered among them */
	in.counts.delivered = 1300;
	h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_WARN);
	CHECK_STR(h.reason, "547 of 847 ticks failed delivery in the last 10 s: the event log says why");
	CHECK_STR(h.brief, "547 of 847 failed delivery in 10s");
	check_fits(&h);

	/* deliveries until second 8, then failures only: told at once, not once the deliveries
	 * have left the window */
	health_window_reset(&window);
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		struct partition_offsets p = row_of(0, 10 * (t + 1), 10 * (t + 1), true);
		struct health_counts at = { .time_ms = 1000LL * t, .delivered = 100 * (t < 8 ? t : 8),
					    .delivery_failed = t > 8 ? 20 : 0 };
		health_window_add(&window, 1000LL * t, &p, 1, &at);
	}
	in.counts = (struct health_counts){ .time_ms = 10000, .delivered = 800, .delivery_failed = 30 };
	h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "30 ticks failed delivery in the last 2 s, none delivered: the event log says why");
	/* a delivery at the newest sample, 0.3 s ago: too short a time to say none is delivered */
	in.counts = (struct health_counts){ .time_ms = 10300, .delivered = 1000, .delivery_failed = 30 };
	health_window_add(&window, 10000, &(struct partition_offsets){ 0 }, 0,
			  &(struct health_counts){ .time_ms = 10000, .delivered = 1000, .delivery_failed = 25 });
	h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_WARN);
	CHECK_STR(h.reason, "30 of 930 ticks failed delivery in the last 9 s: the event log says why");

	/* retention deleted what this member had not read */
	fill_counted((struct health_counts){ .delivered = 1300 });
	in.counts = (struct health_counts){ .time_ms = 10000, .delivered = 1300, .deleted_unread = 123456 };
	h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_STR(h.reason, "retention deleted 123456 ticks in the last 10 s before this member read them");
	CHECK_STR(h.brief, "retention deleted 123k unread in 10s");
	check_fits(&h);

	/* ticks missing from their streams (acknowledged by a leader that died before its
	 * followers had them): the log never held them, and the offsets are caught up */
	fill_counted((struct health_counts){ .delivered = 1300, .gaps = 3 });
	in.counts = (struct health_counts){ .time_ms = 10000, .delivered = 1300, .gaps = 10 };
	h = judge_last(&in, 110, 110, true);
	CHECK_INT(h.status, HEALTH_ERR);
	CHECK_INT(h.partition, -1);
	CHECK_STR(h.reason, "7 ticks missing from their streams in the last 10 s: later ones were read, never these");
	CHECK_STR(h.brief, "7 ticks missing in 10s");
	check_fits(&h);
	/* the late ones came: a reordered stream, nothing missing any more */
	in.counts.gaps = 3;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_OK);
	in.counts.gaps = 1;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_OK);

	/* a loss that left the window is over: counted already at its oldest sample */
	fill_counted((struct health_counts){ .delivered = 1000, .delivery_failed = 547, .deleted_unread = 9 });
	in.counts = (struct health_counts){ .time_ms = 10000, .delivered = 1000, .delivery_failed = 547,
					    .deleted_unread = 9 };
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_OK);
	/* a window never counted (a caller without counts) judges no loss */
	int64_t hw[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	fill(hw, hw, true);
	in.counts.delivery_failed = 9999;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_OK);
	/* a graver verdict stands */
	fill_counted((struct health_counts){ 0 });
	in.unanswered_ms = 4000;
	CHECK_INT(judge_last(&in, 110, 110, true).status, HEALTH_NO_BROKER);
}

/* The clock alone moving by ms: every age in the inputs grows. */
static void age_inputs(struct health_inputs *in, int64_t ms)
{
	in->consumer_silent_ms += ms;
	in->own_commit_age_ms += in->own_commit_age_ms >= 0 ? ms : 0;
	in->acks.waited_ms += in->acks.waited_ms >= 0 ? ms : 0;
	in->acks.quiet_ms += in->acks.quiet_ms >= 0 ? ms : 0;
}

/* health_turns_in_ms names the moment the verdict changes with the clock alone: the verdict
 * of now a millisecond before it, another one at it. */
static void check_turns_then(struct health_inputs in, int64_t hw, int64_t committed,
			     enum health_status before, enum health_status after)
{
	int64_t turn = health_turns_in_ms(&in);
	CHECK(turn > 0);
	CHECK_INT(judge_last(&in, hw, committed, true).status, before);
	age_inputs(&in, turn - 1);
	CHECK_INT(judge_last(&in, hw, committed, true).status, before);
	age_inputs(&in, 1);
	CHECK_INT(judge_last(&in, hw, committed, true).status, after);
}

static void test_turns(void)
{
	int64_t level[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 };
	fill(level, level, true);
	struct health_inputs in = member;
	in.own_commit_age_ms = -1;
	in.consumer_silent_ms = 1200; /* the consumer thread stops fetching */
	check_turns_then(in, 110, 110, HEALTH_OK, HEALTH_NO_CONSUMER);
	in.consumer_silent_ms = 50; /* a tick waits for its acknowledgement */
	in.acks = (struct acks_waiting){ .waiting = 1, .waited_ms = 4500, .quiet_ms = -1 };
	check_turns_then(in, 110, 110, HEALTH_OK, HEALTH_WARN);
	/* committed stuck while the log grows and this member commits; then its last commit
	 * leaves the window: nobody commits */
	int64_t c_stuck[] = { 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338, 1338 };
	int64_t hw_grows[] = { 1640, 1650, 1660, 1670, 1680, 1690, 1700, 1710, 1720, 1730, 1740 };
	fill(hw_grows, c_stuck, true);
	in = member;
	in.own_commit_age_ms = HEALTH_WINDOW_S * 1000 - 300;
	check_turns_then(in, 1740, 1338, HEALTH_STALL, HEALTH_STOP);
	/* past every limit, or none on its way: the clock alone changes nothing more */
	in.own_commit_age_ms = -1;
	in.consumer_silent_ms = HEALTH_SILENT_MS + 1;
	CHECK_INT(health_turns_in_ms(&in), -1);
	in.consumer_state = CONSUMER_JOINING;
	in.consumer_silent_ms = 0;
	in.joining_for_ms = -1;
	CHECK_INT(health_turns_in_ms(&in), -1);
	in.joining_for_ms = 4300; /* its count of seconds turns in 0.7 s */
	CHECK_INT(health_turns_in_ms(&in), 700);

	/* the offset watcher's silence, from the first round without an answer */
	static struct offsetwatch_view view;
	memset(&view, 0, sizeof(view));
	view.unanswered_since_ms = 10000;
	int64_t turn = offsetwatch_silent_in_ms(&view, 10400);
	CHECK_INT(offsetwatch_silent_ms(&view, 10400 + turn - 1), -1);
	CHECK(offsetwatch_silent_ms(&view, 10400 + turn) >= 0);
	CHECK_INT(offsetwatch_silent_in_ms(&view, 10400 + turn), -1);
	view.unanswered_since_ms = 0;
	view.coordinator_unanswered_since_ms = 10000;
	turn = offsetwatch_silent_in_ms(&view, 10400);
	CHECK_INT(offsetwatch_coordinator_silent_ms(&view, 10400 + turn - 1), -1);
	CHECK(offsetwatch_coordinator_silent_ms(&view, 10400 + turn) >= 0);
}

/* The topic deleted and made again with fewer partitions: the rows are the new topic's, and
 * a deleted partition's row of this member's stays only while it still holds it. */
static void test_merge_smaller_topic(void)
{
	static struct offsetwatch_view view;
	struct partition_offsets own[3], out[3];
	memset(&view, 0, sizeof(view));
	strcpy(view.topic, "ticks");
	view.count = 1;
	view.parts[0] = (struct watched_partition){ .log_start = 0, .high_watermark = 20,
						    .committed = 10, .offsets_ms = 10000,
						    .committed_ms = 10000 };
	for (int i = 0; i < 3; i++)
		own[i] = row_of(i, 900, 800, i == 0);
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 3, 0, true, 11000, shown_since(0), out, 3), 1);
	own[2].assigned = true; /* the group has not taken it back yet */
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 3, 0, true, 11000, shown_since(0), out, 3), 3);
	view.count = 0; /* the topic's partitions not read yet: this member's rows */
	own[2].assigned = false;
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 3, 0, true, 11000, shown_since(0), out, 3), 3);
}

/* Partitions added to the topic shown long ago (3 -> 5): this member's consumer holds the new
 * ones before the watcher's view has them (it rejoins at once; the watcher asks about the new
 * count from its next round). Their rows are new: not read yet, not old readings, until
 * they have been shown as long as a reading may be old. */
static void test_merge_partitions_added(void)
{
	static struct offsetwatch_view view;
	static struct rows_shown shown; /* as offsetwatch_rows keeps it: nothing shown yet */
	struct partition_offsets own[5], out[5];
	memset(&view, 0, sizeof(view));
	strcpy(view.topic, "ticks");
	view.count = 3;
	for (int i = 0; i < 3; i++)
		view.parts[i] = (struct watched_partition){ .log_start = 0, .high_watermark = 20,
							    .committed = 10, .offsets_ms = 1000,
							    .committed_ms = 1000 };
	for (int i = 0; i < 5; i++)
		own[i] = row_of(i, i < 3 ? 20 : OFFSET_UNKNOWN, i < 3 ? 10 : OFFSET_UNKNOWN, true);
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 3, 0, true, 1000, &shown, out, 5), 3);
	for (int i = 0; i < 3; i++)
		view.parts[i].offsets_ms = view.parts[i].committed_ms = 20000;
	int64_t added = 20000; /* 19 s after the topic was first shown */
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 5, 0, true, added, &shown, out, 5), 5);
	CHECK(!out[3].stale && !out[3].ends_stale && !out[4].committed_stale);
	CHECK_INT(out[3].high_watermark, OFFSET_UNKNOWN);
	CHECK_INT(out[3].stale_at_ms, added + OFFSETWATCH_STALE_MS + 1);
	/* the watcher takes up the new count at its next round, the new partitions' leaders
	 * not answering it yet: their rows keep the time they were first shown */
	view.count = 5;
	for (int i = 0; i < 3; i++)
		view.parts[i].offsets_ms = view.parts[i].committed_ms = added + 1000;
	offsetwatch_merge(&view, "ticks", own, 5, 0, true, added + OFFSETWATCH_STALE_MS, &shown, out, 5);
	CHECK(!out[3].stale);
	offsetwatch_merge(&view, "ticks", own, 5, 0, true, added + OFFSETWATCH_STALE_MS + 1, &shown, out, 5);
	CHECK(out[3].stale && out[3].ends_stale && out[4].committed_stale);
	CHECK(!out[0].stale); /* read at 21000 */
	/* the topic made again smaller, then larger: the rows that come back are new again */
	int64_t again = added + 20000;
	view.count = 3;
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 3, 0, true, again, &shown, out, 5), 3);
	view.count = 5;
	CHECK_INT(offsetwatch_merge(&view, "ticks", own, 5, 0, true, again + 1000, &shown, out, 5), 5);
	CHECK(!out[3].stale && !out[4].stale);
}

static struct health verdict(enum health_status status, int32_t partition, const char *reason)
{
	struct health h = { .status = status, .partition = partition };
	snprintf(h.reason, sizeof(h.reason), "%s", reason);
	return h;
}

/* The event log records a verdict when it stops being the same one: its figures moving (a
 * time, a count) do not make another, its words, partition or status changing do. */
static void test_same_verdict(void)
{
	struct health silent = verdict(HEALTH_NO_BROKER, -1, "no broker answered for 10.9s: no answer");
	struct health later = verdict(HEALTH_NO_BROKER, -1, "no broker answered for 1m02s: no answer");
	CHECK(health_same_verdict(&silent, &later));
	struct health lost = verdict(HEALTH_ERR, -1, "16 ticks failed delivery in the last 3 s, none delivered");
	struct health more = verdict(HEALTH_ERR, -1, "5,120 ticks failed delivery in the last 10 s, none delivered");
	CHECK(health_same_verdict(&lost, &more));
	struct health deleted = verdict(HEALTH_ERR, -1, "retention deleted 16 ticks in the last 3 s");
	CHECK(!health_same_verdict(&lost, &deleted));
	struct health p3 = verdict(HEALTH_ERR, 3, "no current reading of its offsets");
	struct health p4 = verdict(HEALTH_ERR, 4, "no current reading of its offsets");
	CHECK(!health_same_verdict(&p3, &p4));
	struct health warn = verdict(HEALTH_WARN, 3, "no current reading of its offsets");
	CHECK(!health_same_verdict(&p3, &warn));
	struct health longer = verdict(HEALTH_NO_BROKER, -1, "no broker answered for 10.9s: no answer at all");
	CHECK(!health_same_verdict(&silent, &longer));
	struct health some = verdict(HEALTH_WARN, -1, "acks overdue: 746 ticks waiting 5 s (partitions 1, 3 not acknowledged)");
	struct health all = verdict(HEALTH_WARN, -1, "acks overdue: 768 ticks waiting 6 s (partitions 0, 1, 2, 3 not acknowledged)");
	CHECK(health_same_verdict(&some, &all));
	struct health ok = verdict(HEALTH_OK, -1, "");
	CHECK(health_same_verdict(&ok, &ok));
}

/* The topic deleted and made again under its name (its log end goes back, to a new log from
 * 0): the committed offset falls with it, and that is no rewind of the group's. Seen on a
 * real broker: "REWIND p0: committed went back from 112 to 47". The coordinator still holds
 * the old log's offset for a second or more after the new log's first readings (committed
 * past the log's end), or the window samples no second between the two logs. */
static void test_log_replaced_is_no_rewind(void)
{
	int64_t hw[HEALTH_SAMPLES], c[HEALTH_SAMPLES];
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		hw[t] = t < 6 ? 100 + 10 * t : 5 + 10 * (t - 6);
		c[t] = t == 6 ? 148 : hw[t] - 2;
	}
	fill(hw, c, true);
	struct health h = judge_last(&member, 50, 48, true);
	CHECK_INT(h.status, HEALTH_OK);
	CHECK_STR(h.reason, "");
	c[6] = hw[6] - 2; /* no sample of the old offset over the new log */
	fill(hw, c, true);
	CHECK_INT(judge_last(&member, 50, 48, true).status, HEALTH_OK);
	/* the row on screen already reads the new log, the window only the old */
	for (int t = 0; t < HEALTH_SAMPLES; t++) {
		hw[t] = 100 + 10 * t;
		c[t] = hw[t] - 2;
	}
	fill(hw, c, true);
	CHECK_INT(judge_last(&member, 30, 28, true).status, HEALTH_OK);
	/* a rewind within one log is still one */
	for (int t = 0; t < HEALTH_SAMPLES; t++)
		c[t] = t < 6 ? hw[t] - 2 : 20 + t;
	fill(hw, c, true);
	h = judge_last(&member, 200, 31, true);
	CHECK_INT(h.status, HEALTH_REWIND);
	CHECK_STR(h.reason, "committed offset went back from 148 to 26");
}

int main(void)
{
	test_same_verdict();
	test_ackwatch();
	test_acks_overdue();
	test_isr_short();
	test_losses();
	test_burrow_rules();
	test_window_wraps();
	test_log_replaced_is_no_rewind();
	test_warn_over_commit_sawtooth();
	test_warn_at_commits();
	test_group_states();
	test_brief_fits_80_columns();
	test_consumer_not_fetched_yet();
	test_merge();
	test_merge_given_up_row_of_remade_log();
	test_merge_smaller_topic();
	test_merge_partitions_added();
	test_turns();
	return check_report("test_health");
}
