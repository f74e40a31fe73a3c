/* Lag arithmetic, sequence checking, latency quantiles, time lag and market state. */
#include <stdlib.h>

#include "check.h"
#include "histogram.h"
#include "lag.h"
#include "market.h"
#include "offsetset.h"
#include "seqcheck.h"
#include "timelag.h"

static void test_lag_behind(void)
{
	CHECK_INT(lag_behind(100, 0, 60), 40);
	CHECK_INT(lag_behind(100, 0, 100), 0);
	CHECK_INT(lag_behind(100, 0, 120), 0);          /* stale high watermark: never negative */
	CHECK_INT(lag_behind(100, 30, OFFSET_UNKNOWN), 70); /* nothing committed: all that is left */
	CHECK_INT(lag_behind(100, OFFSET_UNKNOWN, OFFSET_UNKNOWN), 100);
	CHECK_INT(lag_behind(OFFSET_UNKNOWN, 0, 5), -1);
	CHECK_INT(lag_behind(100, 30, 10), 90);         /* as kafka-consumer-groups counts it */
}

static void test_lag_sum(void)
{
	struct partition_offsets p[3];
	for (int i = 0; i < 3; i++)
		partition_offsets_reset(&p[i], i);
	p[0].assigned = p[1].assigned = true;
	p[0].high_watermark = 50; p[0].position = 45; p[0].committed = 40; p[0].log_start = 0;
	p[1].high_watermark = 10; p[1].position = 10; p[1].committed = OFFSET_UNKNOWN; p[1].log_start = 2;
	p[2].high_watermark = 999; p[2].position = 0; p[2].committed = 900; /* not ours: the group's lag all the same */
	struct lag_totals t;
	lag_sum(p, 3, &t);
	CHECK_INT(t.assigned, 2);
	CHECK_INT(t.position_lag, 5);
	/* p1 has nothing committed: its Lag is "-", as kafka-consumer-groups shows it, and not in
	 * the group's sum (the health line's "lag 11" beside rows of "-" summed whole logs) */
	CHECK_INT(t.committed_lag, 10 + 99);
	CHECK_INT(t.committed_rows, 2);
	CHECK_INT(t.stale, 0);
	/* a held row whose high watermark is not known yet (a topic just switched to) is not in the
	 * sums, which are then not current: marked as an old reading's are */
	p[1].high_watermark = OFFSET_UNKNOWN;
	lag_sum(p, 3, &t);
	CHECK_INT(t.position_lag, 5);
	CHECK_INT(t.stale, 1);
	CHECK_INT(t.position_stale, 1);
}

static struct tick tick_of(const char *producer, const char *symbol, int64_t seq)
{
	struct tick t = { .seq = seq, .date = 20200102, .close = 1, .high = 1, .low = 1 };
	snprintf(t.producer, sizeof(t.producer), "%s", producer);
	snprintf(t.symbol, sizeof(t.symbol), "%s", symbol);
	return t;
}

static int64_t next_offset[8]; /* per partition: each tick applied is the next message */

static void apply_all(struct seqcheck *s, int32_t partition, const char *producer,
		      const char *symbol, const int64_t *seqs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tick t = tick_of(producer, symbol, seqs[i]);
		struct seq_offset_before before;
		seqcheck_apply(s, partition, next_offset[partition]++, &t, &before);
	}
}

/* seqs from .. to-1 of one stream */
static void apply_range(struct seqcheck *s, int32_t partition, const char *symbol, int64_t from,
			int64_t to)
{
	for (int64_t seq = from; seq < to; seq++)
		apply_all(s, partition, "p1", symbol, &seq, 1);
}

/* The offset watcher takes rows only of the topic it watches: after a switch, the old
 * topic's rows stand for nothing until the consumer publishes the new one's. */
static void test_lagboard_topic(void)
{
	static struct lagboard b;
	struct partition_offsets rows[2], out[2];
	lagboard_init(&b);
	partition_offsets_reset(&rows[0], 0);
	partition_offsets_reset(&rows[1], 1);
	rows[1].high_watermark = 7;
	lagboard_set_topic(&b, "ticks");
	lagboard_publish(&b, rows, 2, 0);
	CHECK_INT(lagboard_snapshot_of(&b, "ticks", out, 2), 2);
	CHECK_INT(out[1].high_watermark, 7);
	CHECK_INT(lagboard_snapshot_of(&b, "ticks.p5", out, 2), 0);
	CHECK_INT(lagboard_snapshot_of(&b, "ticks", out, 1), 1); /* never more than asked */
	lagboard_publish(&b, rows, 0, 0);
	lagboard_set_topic(&b, "ticks.p5");
	CHECK_INT(lagboard_snapshot_of(&b, "ticks", out, 2), 0);
	lagboard_free(&b);
}

static void test_seqcheck(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 6);
	/* joins at 5; 8 missing then late (reordered); 9 twice (duplicate); 10, 11 lost */
	int64_t seqs[] = { 5, 6, 7, 9, 9, 8, 12 };
	apply_all(&s, 0, "p1", "AAA", seqs, sizeof(seqs) / sizeof(seqs[0]));
	CHECK_INT(s.gaps, 2);
	CHECK_INT(s.duplicates, 1);
	CHECK_INT(s.reordered, 1);
	CHECK_INT(s.order_breaks, 1);
	struct tick again = tick_of("p1", "AAA", 8);
	/* no gap left */
	CHECK_INT(seqcheck_apply(&s, 0, next_offset[0]++, &again, &before), SEQ_DUPLICATE);
	/* other producers, symbols and partitions are tracked apart, past the first table size */
	int64_t three[] = { 0, 1, 2 };
	for (int sym = 0; sym < 500; sym++) {
		char name[16];
		snprintf(name, sizeof(name), "S%d", sym);
		apply_all(&s, 1 + sym % 3, "p2", name, three, 3);
	}
	CHECK_INT(s.gaps, 2);
	CHECK_INT(s.duplicates, 2);
	CHECK_INT(s.count, 501);
	/* a partition another member read on from where this one stopped: a new baseline */
	seqcheck_forget_partition(&s, 0);
	CHECK_INT(s.count, 501); /* forgotten only once it is read again elsewhere than expected */
	next_offset[0] += 28;
	int64_t later[] = { 40, 41 };
	apply_all(&s, 0, "p1", "AAA", later, 2);
	CHECK_INT(s.count, 501);
	CHECK_INT(s.gaps, 2);
	/* a retried batch landing after the next one: below the baseline is late */
	int64_t retried[] = { 822, 823, 0, 1, 824 };
	apply_all(&s, 5, "p3", "BBB", retried, 5);
	CHECK_INT(s.reordered, 3);
	CHECK_INT(s.order_breaks, 2);
	CHECK_INT(s.gaps, 2);
	CHECK_INT(s.duplicates, 2);
	/* a rewind forgets where each stream was, not what was counted nor what it read */
	uint64_t gaps = s.gaps, dups = s.duplicates;
	seqcheck_forget_streams(&s);
	CHECK_INT(s.count, 502);
	CHECK_INT(s.gaps, gaps);
	CHECK_INT(s.duplicates, dups);
	next_offset[0] -= 2;
	apply_all(&s, 0, "p1", "AAA", later, 2); /* read again: a new baseline, no duplicate */
	CHECK_INT(s.duplicates, dups);
	seqcheck_free(&s);
}

/* A tick seen before is a duplicate either way; whether its offset was read before tells a
 * consumer that went back (a crash replay) from a log that holds the tick twice. */
static void test_seqcheck_read_again(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 2);
	for (int64_t seq = 0; seq < 3; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 1, 100 + seq, &t, &before);
	}
	struct tick t1 = tick_of("p1", "AAA", 1), t2 = tick_of("p1", "AAA", 2);
	CHECK_INT(seqcheck_apply(&s, 1, 101, &t1, &before), SEQ_READ_AGAIN);
	CHECK_INT(seqcheck_apply(&s, 1, 102, &t2, &before), SEQ_READ_AGAIN);
	CHECK_INT(seqcheck_apply(&s, 1, 103, &t2, &before), SEQ_DUPLICATE); /* offset 103 is new */
	CHECK_INT(s.duplicates, 3);
	CHECK_INT(s.gaps, 0);
	/* a rewind to offsets never read before: a tick there twice is in the log twice, and so
	 * is one read before the rewind */
	seqcheck_forget_streams(&s);
	struct tick t0 = tick_of("p1", "AAA", 0), t3 = tick_of("p1", "AAA", 3);
	CHECK_INT(seqcheck_apply(&s, 1, 5, &t3, &before), SEQ_FIRST);
	CHECK_INT(seqcheck_apply(&s, 1, 6, &t3, &before), SEQ_DUPLICATE);
	CHECK_INT(seqcheck_apply(&s, 1, 7, &t0, &before), SEQ_DUPLICATE);
	seqcheck_free(&s);
}

/* A partition taken back further back than this consumer stopped: new baselines (no
 * duplicate), but the offsets it read before stay shown, so the quotes count them once;
 * a rewind shows them again. */
static void test_seqcheck_shown(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 2);
	for (int64_t seq = 0; seq < 5; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 0, 10 + seq, &t, &before);
		CHECK(!before.shown);
	}
	seqcheck_forget_partition(&s, 0);
	struct tick t2 = tick_of("p1", "AAA", 2), t4 = tick_of("p1", "AAA", 4),
		    t5 = tick_of("p1", "AAA", 5), b0 = tick_of("p1", "BBB", 0);
	CHECK_INT(seqcheck_apply(&s, 0, 12, &t2, &before), SEQ_FIRST);
	CHECK(before.shown);
	CHECK_INT(seqcheck_apply(&s, 0, 14, &t4, &before), SEQ_GAP); /* 3 was skipped this time */
	CHECK(before.shown);
	CHECK_INT(seqcheck_apply(&s, 0, 15, &t5, &before), SEQ_IN_ORDER);
	CHECK(!before.shown);
	seqcheck_apply(&s, 1, 12, &b0, &before);
	CHECK(!before.shown);
	CHECK_INT(s.duplicates, 0);
	seqcheck_forget_streams(&s);
	seqcheck_apply(&s, 0, 12, &t2, &before);
	CHECK(!before.shown);
	seqcheck_free(&s);
}

/* A rewind shows the ticks it reads again, but the quote table counts them already; an outside
 * reset's re-read (a partition taken back further back) neither shows nor counts them again;
 * a table afresh on the topic counts them again. */
static void test_seqcheck_counted(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 2);
	for (int64_t seq = 0; seq < 3; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 0, seq, &t, &before);
		CHECK(!before.counted);
	}
	struct tick t1 = tick_of("p1", "AAA", 1), t2 = tick_of("p1", "AAA", 2),
		    t3 = tick_of("p1", "AAA", 3);
	seqcheck_forget_streams(&s); /* a rewind to offset 1 */
	seqcheck_apply(&s, 0, 1, &t1, &before);
	CHECK(!before.shown);
	CHECK(before.counted);
	seqcheck_apply(&s, 0, 3, &t3, &before); /* past what was read: new */
	CHECK(!before.counted);
	seqcheck_forget_partition(&s, 0); /* taken back further back (an outside reset) */
	seqcheck_apply(&s, 0, 2, &t2, &before);
	CHECK(before.shown);
	CHECK(before.counted);
	seqcheck_quotes_afresh(&s);
	seqcheck_apply(&s, 0, 2, &t2, &before);
	CHECK(!before.shown);
	CHECK(!before.counted);
	seqcheck_free(&s);
}

/* The topic deleted and made again: its partition's offsets start at 0 again, and the ticks
 * there are new ones, not read, shown or counted before; those past it were read already. */
static void test_seqcheck_log_replaced(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 1);
	for (int64_t seq = 0; seq < 5; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 0, seq, &t, &before);
	}
	seqcheck_log_replaced(&s, 0, 0);
	struct tick t5 = tick_of("p1", "AAA", 5);
	CHECK_INT(seqcheck_apply(&s, 0, 0, &t5, &before), SEQ_IN_ORDER);
	CHECK(!before.shown && !before.counted && !before.read_in_run);
	CHECK_INT(s.duplicates, 0);
	seqcheck_free(&s);
}

/* A partition handed over, its topic made again while another member held it, and taken back
 * at an offset read in the old log: the tick there is one never read, so the log is another
 * one, and its ticks are new ones, shown and counted, from there on. Taken back in the same
 * log, a tick read before is shown already. */
static void test_seqcheck_other_tick_at_read_offset(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 1);
	for (int64_t seq = 0; seq < 10; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 0, seq, &t, &before);
		CHECK(!before.log_replaced);
	}
	seqcheck_forget_partition(&s, 0);
	struct tick a3 = tick_of("p1", "AAA", 3);
	seqcheck_apply(&s, 0, 3, &a3, &before); /* the same log, read again */
	CHECK(before.shown && before.counted && before.read_in_run && !before.log_replaced);
	seqcheck_forget_partition(&s, 0);
	for (int64_t seq = 0; seq < 3; seq++) {
		struct tick t = tick_of("p2", "AAA", seq);
		CHECK_INT(seqcheck_apply(&s, 0, 4 + seq, &t, &before), seq ? SEQ_IN_ORDER : SEQ_FIRST);
		CHECK(!before.shown && !before.counted && !before.read_in_run);
		CHECK(before.log_replaced == (seq == 0));
	}
	CHECK_INT(s.duplicates, 0);
	seqcheck_free(&s);
}

/* An offset in a gap merged away (more separate spans read than are kept) is not known to
 * have been read: a tick never read found there is a first read, not a sign that the log was
 * replaced. Here every other offset was read (AAA's ticks), the reader then goes back to the
 * first it skipped (BBB's first). */
static void test_seqcheck_merged_gap_is_no_other_log(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 1);
	for (int64_t seq = 0; seq < OFFSET_SET_SPANS_MAX + 10; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 0, 2 * seq, &t, &before);
		CHECK(!before.log_replaced);
	}
	struct tick b0 = tick_of("p1", "BBB", 0);
	CHECK_INT(seqcheck_apply(&s, 0, 1, &b0, &before), SEQ_FIRST);
	CHECK(!before.log_replaced);
	struct tick a5 = tick_of("p1", "AAA", 5); /* and one read before, read again: the same log */
	seqcheck_apply(&s, 0, 10, &a5, &before);
	CHECK(before.read_in_run && !before.log_replaced);
	seqcheck_free(&s);
}

/* What the run has read stays read whatever was forgotten since (a hand-over taken back
 * further back, a rewind, a switch away and back): what counts a tick read once for the
 * delivered to compare with. */
static void test_seqcheck_read_in_run(void)
{
	struct seqcheck s;
	struct seq_offset_before before;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 2);
	for (int64_t seq = 0; seq < 5; seq++) {
		struct tick t = tick_of("p1", "AAA", seq);
		seqcheck_apply(&s, 0, 10 + seq, &t, &before);
		CHECK(!before.read_in_run);
	}
	seqcheck_forget_partition(&s, 0);
	struct tick t2 = tick_of("p1", "AAA", 2), t4 = tick_of("p1", "AAA", 4),
		    t5 = tick_of("p1", "AAA", 5), t9 = tick_of("p1", "AAA", 9),
		    b0 = tick_of("p1", "BBB", 0);
	seqcheck_apply(&s, 0, 12, &t2, &before);
	CHECK(before.read_in_run);
	seqcheck_forget_streams(&s);
	seqcheck_use_topic(&s, "other", 2);
	seqcheck_apply(&s, 0, 12, &t2, &before);
	CHECK(!before.read_in_run); /* another topic's offsets */
	seqcheck_use_topic(&s, "ticks", 2);
	seqcheck_quotes_afresh(&s);
	seqcheck_apply(&s, 0, 12, &t2, &before);
	CHECK(!before.shown);
	CHECK(before.read_in_run);
	seqcheck_apply(&s, 0, 14, &t4, &before);
	CHECK(before.read_in_run);
	seqcheck_apply(&s, 1, 12, &b0, &before);
	CHECK(!before.read_in_run);
	/* a skip forward (a rewind to the end): what it passed is read later, and counts then */
	seqcheck_apply(&s, 0, 19, &t9, &before);
	CHECK(!before.read_in_run);
	seqcheck_apply(&s, 0, 15, &t5, &before);
	CHECK(!before.read_in_run);
	seqcheck_apply(&s, 0, 15, &t5, &before);
	CHECK(before.read_in_run);
	CHECK_INT(s.duplicates, 1); /* 5 read again */
	seqcheck_free(&s);
}

/* Reads seq of p1/AAA at offset of partition 0, counting it among the distinct ticks read by
 * consumer_process_batch's rule. */
static void read_counted(struct seqcheck *s, int64_t offset, int64_t seq, int64_t *distinct)
{
	struct tick t = tick_of("p1", "AAA", seq);
	struct seq_offset_before before;
	enum seq_verdict verdict = seqcheck_apply(s, 0, offset, &t, &before);
	*distinct += !before.read_in_run && verdict != SEQ_DUPLICATE;
}

/* Reads offsets from..to-1 of partition 0's log (a seq at each offset), as read_counted. */
static void read_log(struct seqcheck *s, const int64_t *log, int64_t from, int64_t to, int64_t *distinct)
{
	for (int64_t o = from; o < to; o++)
		read_counted(s, o, log[o], distinct);
}

/* A second copy in the log of a tick read before its stream was forgotten (a rewind) is a
 * duplicate, not a late or a first tick: the distinct ticks read, which end a --count run and
 * the shutdown drain, count it once. */
static void test_seqcheck_copy_after_rewind(void)
{
	/* partition 0's log, a seq at each offset: 0 came late, 1 is there twice */
	const int64_t log[] = { 1, 0, 2, 1, 3 };
	for (int64_t to = 0; to <= 3; to++) { /* read 0-2, rewind to offset "to", read to the end */
		struct seqcheck s;
		int64_t distinct = 0;
		seqcheck_init(&s);
		seqcheck_use_topic(&s, "ticks", 2);
		read_log(&s, log, 0, 3, &distinct);
		seqcheck_forget_streams(&s);
		read_log(&s, log, to, 5, &distinct);
		CHECK_INT(distinct, 4);
		CHECK_INT(s.duplicates, 1);
		CHECK_INT(s.gaps, 0);
		CHECK_INT(s.reordered, to == 0 ? 2 : 1); /* read again from 0: 0 is late again */
		seqcheck_free(&s);
	}
	/* no rewind: a copy of a tick that came late, below the baseline */
	const int64_t retried[] = { 1, 0, 0 };
	struct seqcheck s;
	int64_t distinct = 0;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 2);
	read_log(&s, retried, 0, 3, &distinct);
	CHECK_INT(distinct, 2);
	CHECK_INT(s.duplicates, 1);
	CHECK_INT(s.reordered, 1);
	seqcheck_free(&s);
}

static bool set_has(const struct offset_set *s, int64_t offset)
{
	for (int i = 0; i < s->count; i++)
		if (offset >= s->spans[i].from && offset < s->spans[i].to)
			return true;
	return false;
}

/* Offsets read in order, skipped, read back, and more spans than are kept. */
static void test_offset_set(void)
{
	struct offset_set s = { 0 };
	CHECK(!set_has(&s, 0));
	for (int64_t o = 10; o < 20; o++)
		CHECK(offset_set_add(&s, o));
	CHECK_INT(s.count, 1);
	for (int64_t o = 30; o < 35; o++) /* a skip forward */
		offset_set_add(&s, o);
	CHECK_INT(s.count, 2);
	CHECK(set_has(&s, 19) && !set_has(&s, 20) && !set_has(&s, 29));
	CHECK(set_has(&s, 30) && set_has(&s, 34) && !set_has(&s, 35));
	CHECK(offset_set_add(&s, 9)); /* just before a span */
	CHECK(!offset_set_add(&s, 15)); /* in one */
	CHECK_INT(s.count, 2);
	for (int64_t o = 20; o < 30; o++) /* the skipped offsets, read back: the spans join */
		offset_set_add(&s, o);
	CHECK_INT(s.count, 1);
	CHECK_INT(s.spans[0].from, 9);
	CHECK_INT(s.spans[0].to, 35);
	/* every other offset, far on: more spans than are kept. The closest merge (a gap of one
	 * offset, which then counts as read); the far gap before them stays, and no offset added
	 * is lost */
	bool added = true;
	for (int64_t o = 0; o < OFFSET_SET_SPANS_MAX + 10; o++)
		added &= offset_set_add(&s, 1000 + 2 * o);
	CHECK(added);
	CHECK_INT(s.count, OFFSET_SET_SPANS_MAX);
	bool all = true;
	for (int64_t o = 0; o < OFFSET_SET_SPANS_MAX + 10; o++)
		all &= set_has(&s, 1000 + 2 * o);
	CHECK(all);
	CHECK(!set_has(&s, 500) && !set_has(&s, 8) && set_has(&s, 9));
	CHECK(!offset_set_add(&s, 1001)); /* the first gap merged away */
	/* 11 spans too many: 11 merges of the first gap of one offset left, 1001 to 1021 only
	 * perhaps in the set */
	CHECK(offset_set_merged_over(&s, 1001) && offset_set_merged_over(&s, 1021));
	CHECK(!offset_set_merged_over(&s, 1000) && !offset_set_merged_over(&s, 1023));
	CHECK(!offset_set_merged_over(&s, 500) && !offset_set_merged_over(&s, 9));
	offset_set_truncate(&s, 1010); /* the merged gaps past it go with it */
	CHECK(offset_set_merged_over(&s, 1009) && !offset_set_merged_over(&s, 1010));
	offset_set_truncate(&s, 1000);
	CHECK(!offset_set_merged_over(&s, 1001));
	offset_set_free(&s);
	CHECK_INT(s.count, 0);
}

/* Truncated in a span, at a span's start, and past the last: what is left ends below. */
static void test_offset_set_truncate(void)
{
	struct offset_set s = { 0 };
	for (int64_t o = 0; o < 10; o++)
		offset_set_add(&s, o);
	for (int64_t o = 20; o < 30; o++)
		offset_set_add(&s, o);
	offset_set_truncate(&s, 40);
	CHECK_INT(s.count, 2);
	offset_set_truncate(&s, 25);
	CHECK_INT(s.count, 2);
	CHECK(set_has(&s, 24) && !set_has(&s, 25));
	offset_set_truncate(&s, 20);
	CHECK_INT(s.count, 1);
	CHECK(set_has(&s, 9) && !set_has(&s, 20));
	CHECK(offset_set_add(&s, 10)); /* reading on from where it ends */
	CHECK_INT(s.spans[0].to, 11);
	offset_set_truncate(&s, 0);
	CHECK_INT(s.count, 0);
	CHECK(offset_set_add(&s, 5));
	offset_set_free(&s);
}

/* A late block far behind: 0-99, 200-299, then 100-199 is 100 late ticks in one place. */
static void test_seqcheck_late_block(void)
{
	struct seqcheck s;
	seqcheck_init(&s);
	seqcheck_use_topic(&s, "ticks", 3);
	apply_range(&s, 0, "AAA", 0, 100);
	apply_range(&s, 0, "AAA", 200, 300);
	CHECK_INT(s.gaps, 100);
	apply_range(&s, 0, "AAA", 100, 200);
	CHECK_INT(s.gaps, 0);
	CHECK_INT(s.duplicates, 0);
	CHECK_INT(s.reordered, 100);
	CHECK_INT(s.order_breaks, 1);
	apply_range(&s, 0, "AAA", 150, 151); /* filled already: now a duplicate */
	CHECK_INT(s.duplicates, 1);
	CHECK_INT(s.reordered, 100);
	/* late from the middle of a gap, backwards: each one goes back again */
	apply_range(&s, 0, "AAA", 310, 320); /* 300-309 missing */
	for (int64_t seq = 305; seq >= 300; seq--)
		apply_range(&s, 0, "AAA", seq, seq + 1);
	CHECK_INT(s.gaps, 4);
	CHECK_INT(s.reordered, 106);
	CHECK_INT(s.order_breaks, 7);
	apply_range(&s, 0, "AAA", 306, 310);
	CHECK_INT(s.gaps, 0);
	CHECK_INT(s.reordered, 110);
	CHECK_INT(s.order_breaks, 7); /* 306-309 go up from 300: no new break */
	/* bounded memory: the oldest of more missing ranges than kept is given up (its ticks
	 * stay gaps, and one that still comes counts as a duplicate, never a negative gap) */
	int64_t seq = 320;
	for (int i = 0; i < MISSING_RANGES + 1; i++, seq += 2)
		apply_range(&s, 0, "AAA", seq + 1, seq + 2); /* 320, 322, ... missing */
	CHECK_INT(s.gaps, MISSING_RANGES + 1);
	apply_range(&s, 0, "AAA", 320, 321);
	CHECK_INT(s.gaps, MISSING_RANGES + 1);
	CHECK_INT(s.duplicates, 2);
	apply_range(&s, 0, "AAA", 322, 323);
	CHECK_INT(s.gaps, MISSING_RANGES);
	seqcheck_free(&s);
}

/* Topics keep their own streams: away to another topic and back continues them. */
static void test_seqcheck_topics(void)
{
	struct seqcheck s;
	seqcheck_init(&s);
	memset(next_offset, 0, sizeof(next_offset));
	seqcheck_use_topic(&s, "ticks", 2);
	apply_range(&s, 0, "AAA", 0, 50);
	/* the switch: the consumer leaves the topic's partitions */
	seqcheck_forget_partition(&s, 0);
	seqcheck_forget_partition(&s, 1);
	seqcheck_use_topic(&s, "ticks.p3", 3);
	int64_t saved = next_offset[0];
	next_offset[0] = 0;
	apply_range(&s, 0, "AAA", 0, 30); /* same partition number, another topic */
	CHECK_INT(s.gaps, 0);
	CHECK_INT(s.duplicates, 0);
	seqcheck_forget_partition(&s, 0);
	seqcheck_use_topic(&s, "ticks", 2);
	next_offset[0] = saved; /* read on from the offset where this consumer stopped */
	apply_range(&s, 0, "AAA", 50, 60);
	CHECK_INT(s.gaps, 0);
	CHECK_INT(s.in_order, 90);
	CHECK_INT(s.count, 2);
	apply_range(&s, 0, "AAA", 65, 66); /* the stream went on: a loss across the switch shows */
	CHECK_INT(s.gaps, 5);
	/* a re-read after a hand-over (a commit that did not happen) is a new baseline */
	seqcheck_forget_partition(&s, 0);
	next_offset[0] -= 10;
	apply_range(&s, 0, "AAA", 51, 60); /* offsets 51-59 hold seqs 51-59 */
	next_offset[0]++;                  /* and 60 the 65 read already */
	CHECK_INT(s.duplicates, 0);
	CHECK_INT(s.gaps, 5);
	/* a new producer (a restart) starts a fresh sequence of its own */
	int64_t fresh[] = { 0, 1, 2 };
	apply_all(&s, 0, "p9", "AAA", fresh, 3);
	CHECK_INT(s.gaps, 5);
	CHECK_INT(s.duplicates, 0);
	CHECK_INT(s.reordered, 0);
	/* the same topic with more partitions: keys move, streams start afresh */
	seqcheck_use_topic(&s, "ticks", 4);
	apply_range(&s, 0, "AAA", 90, 91);
	CHECK_INT(s.gaps, 5);
	seqcheck_free(&s);
}

static void test_histogram(void)
{
	static struct histogram h;
	struct histogram_copy c;
	histogram_copy(&h, &c);
	CHECK_INT(histogram_quantile(&c, 0.5), 0);
	for (int i = 1; i <= 1000; i++)
		histogram_record(&h, i * 1000); /* 1 ms .. 1 s */
	histogram_copy(&h, &c);
	CHECK_INT(c.total, 1000);
	int64_t p50 = histogram_quantile(&c, 0.5), p99 = histogram_quantile(&c, 0.99);
	CHECK(p50 >= 500000 && p50 <= 500000 * 1.125);
	CHECK(p99 >= 990000 && p99 <= 990000 * 1.125);
	CHECK(histogram_quantile(&c, 1.0) >= 1000000);
	histogram_record(&h, 3); /* small values are exact */
	histogram_copy(&h, &c);
	CHECK_INT(histogram_quantile(&c, 0.0), 3);
}

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return *x;
}

/* A copy of a histogram holding v alone. */
static void copy_of_one(int64_t v, struct histogram_copy *c)
{
	static struct histogram h;
	memset(&h, 0, sizeof(h));
	histogram_record(&h, v);
	histogram_copy(&h, c);
}

/* The end of v's bucket: the quantile of a histogram holding v alone. */
static int64_t bucket_end(int64_t v)
{
	struct histogram_copy c;
	copy_of_one(v, &c);
	return histogram_quantile(&c, 0.5);
}

/* The latency histogram's column of a value: its power of two from 2^10 us, 13 of them. */
static int octave_column(int64_t v)
{
	int exp = v > 0 ? 63 - __builtin_clzll((unsigned long long)v) : 0;
	return exp < 10 ? 0 : exp - 10 > 12 ? 12 : exp - 10;
}

/* A quantile is its bucket's upper end: never below the sample, and at most 1/32 above it
 * (0.16 ms at 5 ms), over the whole range; below 32 us, the sample itself; from 2^33 us,
 * past the range, the last bucket's end; and the sample in its power of two's column. */
static void test_histogram_precision(void)
{
	uint64_t x = 88172645463325252ULL;
	const int64_t last_end = ((int64_t)1 << 33) - 1;
	for (int i = 0; i < 20000; i++) {
		int64_t v = i < 64 ? i : (int64_t)(xorshift(&x) % 8000000000ULL); /* up to 2.2 hours */
		int64_t q = bucket_end(v);
		if (q < v || q > v + v / 32 || (v < 32 && q != v)) {
			fprintf(stderr, "value %lld us: quantile %lld us\n", (long long)v, (long long)q);
			CHECK(false);
			return;
		}
		struct histogram_copy c;
		static struct histogram_floors none;
		copy_of_one(v, &c);
		double octaves[13];
		histogram_octaves_floored(&c, &none, 10, 13, octaves);
		CHECK(octaves[octave_column(v)] == 1);
	}
	CHECK_INT(bucket_end(last_end), last_end);
	CHECK_INT(bucket_end(last_end + 1), last_end);
	CHECK_INT(bucket_end(INT64_MAX), last_end);
	CHECK_INT(bucket_end(-5), 0);
}

/* One sample or floor in the reference order: by bucket, a floor above the samples of its
 * bucket, floors among themselves by their value. */
struct ranked {
	int64_t end, value;
	bool floor;
};

static int compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->end != y->end)
		return (x->end > y->end) - (x->end < y->end);
	if (x->floor != y->floor)
		return x->floor ? 1 : -1;
	return (x->value > y->value) - (x->value < y->value);
}

/* The same counts, in the groups used (the counts after them are not written). */
static bool same_copies(const struct histogram_copy *a, const struct histogram_copy *b)
{
	size_t counted = (size_t)a->groups_used * HISTOGRAM_SUB * sizeof(*a->counts);
	return a->total == b->total && a->groups_used == b->groups_used &&
	       memcmp(a->groups, b->groups, sizeof(a->groups)) == 0 &&
	       memcmp(a->counts, b->counts, counted) == 0;
}

/* Quantiles found a group of buckets at a time, floored or not, against the samples and
 * floors sorted (each sample as its bucket's end, from a histogram holding it alone): the
 * item at the rank; the octaves hold every sample in its power of two's column; since_now
 * the same as copy then since. */
static void test_histogram_quantiles_sorted(void)
{
	enum { SAMPLES = 999, FLOORS = 40 };
	static struct ranked items[SAMPLES + FLOORS * 3];
	uint64_t x = 2463534242ULL;
	for (int round = 0; round < 300; round++) {
		static struct histogram h;
		static struct histogram_copy c;
		static struct histogram_floors f;
		memset(&h, 0, sizeof(h));
		int n = 1 + round * 5 % SAMPLES, m = 0;
		int64_t span = (int64_t)1 << (round % 35); /* up to 2^34 us: past the range too */
		double want_octaves[13] = { 0 };
		for (int i = 0; i < n; i++) {
			int64_t v = (int64_t)(xorshift(&x) % (uint64_t)span) + (round % 3 == 0 ? 4000 : 0);
			histogram_record(&h, v);
			items[m++] = (struct ranked){ .end = bucket_end(v), .value = v };
			want_octaves[octave_column(v < ((int64_t)1 << 33) ? v : ((int64_t)1 << 33) - 1)]++;
		}
		histogram_copy(&h, &c);
		/* floors ascending, some in the samples' buckets, none in half the rounds */
		f = (struct histogram_floors){ .n = round % 2 ? 1 + round % FLOORS : 0 };
		int64_t at = (int64_t)(xorshift(&x) % (uint64_t)span);
		for (int k = 0; k < f.n; k++) {
			at += (int64_t)(xorshift(&x) % (uint64_t)(span / 8 + 1));
			f.at_least_us[k] = at;
			f.count[k] = 1 + (uint32_t)(xorshift(&x) % 3);
			f.total += f.count[k];
			for (uint32_t j = 0; j < f.count[k]; j++)
				items[m++] = (struct ranked){ .end = bucket_end(at), .value = at, .floor = true };
		}
		qsort(items, (size_t)m, sizeof(*items), compare_ranked);
		const double qs[] = { 0.0, 0.25, 0.5, 0.9, 0.99, 1.0 };
		for (size_t j = 0; j < sizeof(qs) / sizeof(*qs); j++) {
			uint64_t rank = (uint64_t)(qs[j] * m);
			const struct ranked *want = &items[rank < (uint64_t)m ? rank : (uint64_t)m - 1];
			struct quantile got = histogram_quantile_floored(&c, &f, qs[j]);
			CHECK_INT(got.us, want->floor ? want->value : want->end);
			CHECK(got.at_least == want->floor);
			if (f.n == 0)
				CHECK_INT(histogram_quantile(&c, qs[j]), want->end);
		}
		double octaves[13];
		static struct histogram_floors none;
		histogram_octaves_floored(&c, &none, 10, 13, octaves);
		for (int k = 0; k < 13; k++)
			CHECK(octaves[k] == want_octaves[k]);
		for (int i = 0; i < 50; i++) /* what arrives after the copy c, counted both ways */
			histogram_record(&h, (int64_t)(xorshift(&x) % (uint64_t)span));
		static struct histogram_copy later, since, since_now;
		histogram_copy(&h, &later);
		histogram_since(&c, &later, &since);
		histogram_since_now(&c, &h, &since_now);
		CHECK_INT(since.total, 50);
		CHECK(same_copies(&since, &since_now));
	}
	/* a copy's counts past its groups used are not read, whatever they hold: 10 samples of
	 * 1 ms, a copy over a buffer of garbage, then 50 of 1 s, two groups on */
	static struct histogram live;
	static struct histogram_copy before, after, since, since_now, back;
	memset(&live, 0, sizeof(live));
	for (int i = 0; i < 10; i++)
		histogram_record(&live, 1000);
	memset(&before, 0xA5, sizeof(before));
	histogram_copy(&live, &before);
	for (int i = 0; i < 50; i++)
		histogram_record(&live, 1000000);
	histogram_copy(&live, &after);
	histogram_since(&before, &after, &since);
	histogram_since_now(&before, &live, &since_now);
	CHECK_INT(since.total, 50);
	CHECK_INT(histogram_quantile(&since, 0.0), bucket_end(1000000));
	CHECK(same_copies(&since, &since_now));
	histogram_since(&after, &before, &back); /* the other way round: wraps, consistently */
	CHECK(back.total == (uint64_t)-50);
	/* a floor in the first bucket of a power of two, above that bucket's samples: 10 samples
	 * of 1 ms, 5 of 4096 us, a floor of 4096 us: ranks 10 to 14 are samples, 15 the floor */
	static struct histogram h;
	static struct histogram_copy c;
	memset(&h, 0, sizeof(h));
	for (int i = 0; i < 15; i++)
		histogram_record(&h, i < 10 ? 1000 : 4096);
	histogram_copy(&h, &c);
	static const struct histogram_floors f = { .n = 1, .total = 1, .at_least_us = { 4096 }, .count = { 1 } };
	struct quantile q = histogram_quantile_floored(&c, &f, 14.0 / 16);
	CHECK_INT(q.us, bucket_end(4096));
	CHECK(!q.at_least);
	q = histogram_quantile_floored(&c, &f, 15.0 / 16);
	CHECK_INT(q.us, 4096);
	CHECK(q.at_least);
}

/* Quantiles with samples known only from below (ticks still waiting). */
static void test_histogram_floored(void)
{
	static struct histogram h;
	static struct histogram_copy c;
	static struct histogram_floors f; /* none */
	histogram_copy(&h, &c);
	struct quantile q = histogram_quantile_floored(&c, &f, 0.5);
	CHECK_INT(q.us, -1);
	for (int i = 0; i < 99; i++)
		histogram_record(&h, 1000);
	histogram_copy(&h, &c);
	int64_t ms_bucket = histogram_quantile(&c, 0.5); /* 1 ms's bucket's upper end */
	q = histogram_quantile_floored(&c, &f, 0.99);
	CHECK_INT(q.us, ms_bucket);
	CHECK(!q.at_least);
	/* one tick waiting 40 s: the top 1 % of 100, at least 40 s; the median as before */
	f = (struct histogram_floors){ .n = 1, .total = 1, .at_least_us = { 40000000 }, .count = { 1 } };
	q = histogram_quantile_floored(&c, &f, 0.99);
	CHECK_INT(q.us, 40000000);
	CHECK(q.at_least);
	q = histogram_quantile_floored(&c, &f, 0.5);
	CHECK_INT(q.us, ms_bucket);
	CHECK(!q.at_least);
	/* a floor ranks above the acknowledged samples of its bucket: its wait is not over */
	f = (struct histogram_floors){ .n = 1, .total = 1, .at_least_us = { 1000 }, .count = { 1 } };
	q = histogram_quantile_floored(&c, &f, 0.99);
	CHECK_INT(q.us, 1000);
	CHECK(q.at_least);
	/* floors alone, ascending: 2 of at least 1 s, 2 of at least 2 s */
	static struct histogram_copy none;
	f = (struct histogram_floors){ .n = 2, .total = 4, .at_least_us = { 1000000, 2000000 }, .count = { 2, 2 } };
	q = histogram_quantile_floored(&none, &f, 0.0);
	CHECK_INT(q.us, 1000000);
	q = histogram_quantile_floored(&none, &f, 0.5);
	CHECK_INT(q.us, 2000000);
	CHECK(q.at_least);
	q = histogram_quantile_floored(&none, &f, 0.99);
	CHECK_INT(q.us, 2000000);
}

/* The latency histogram by octave, ticks still waiting in the octave of their wait so far:
 * 99 acknowledged in 1 ms, 3 waiting at least 40 s (beyond the last column: in it). */
static void test_histogram_octaves_floored(void)
{
	static struct histogram h;
	static struct histogram_copy c;
	for (int i = 0; i < 99; i++)
		histogram_record(&h, 1100);
	histogram_copy(&h, &c);
	static struct histogram_floors f;
	f = (struct histogram_floors){ .n = 2, .total = 3, .at_least_us = { 2100, 40000000 }, .count = { 1, 2 } };
	double octaves[13];
	histogram_octaves_floored(&c, &f, 10, 13, octaves);
	CHECK(octaves[0] == 99);  /* 1.1 ms in [1024, 2048) us */
	CHECK(octaves[1] == 1);   /* 2.1 ms in [2048, 4096) */
	CHECK(octaves[12] == 2);  /* 40 s, past 8 s */
	double sum = 0;
	for (int k = 0; k < 13; k++)
		sum += octaves[k];
	CHECK(sum == 102);
}

static void test_market(void)
{
	struct market m;
	market_init(&m);
	struct tick t[3] = {
		{ .symbol = "AAA", .date = 20200102, .open = 10, .high = 12, .low = 9, .close = 11, .volume = 100 },
		{ .symbol = "AAA", .date = 20200103, .open = 11, .high = 13, .low = 10, .close = 12.1, .volume = 50 },
		{ .symbol = "BBB", .date = 20200103, .open = 5, .high = 5, .low = 4, .close = 4.5, .volume = 7 },
	};
	market_apply(&m, 0, t, NULL, NULL, 3);
	struct quote q[4];
	int32_t latest;
	CHECK_INT(market_snapshot(&m, q, 4, &latest, NULL), 2);
	CHECK_INT(latest, 20200103);
	CHECK_STR(q[0].symbol, "AAA");
	CHECK_NEAR(q[0].prev_close, 11, 0);
	CHECK_NEAR(quote_change(&q[0]), 1.1, 1e-9);
	CHECK_NEAR(quote_change_pct(&q[0]), 10, 1e-9);
	CHECK_INT(q[0].ticks, 2);
	double prices[MARKET_HISTORY];
	CHECK_INT(quote_history(&q[0], prices), 2);
	CHECK_NEAR(prices[0], 11, 0);
	CHECK_NEAR(prices[1], 12.1, 0);
	CHECK_NEAR(quote_change(&q[1]), -0.5, 1e-9); /* first day: from the open */
	/* history is bounded: the oldest prices roll off */
	for (int i = 0; i < MARKET_HISTORY + 10; i++) {
		t[1].close = 10 + i * 0.01;
		t[1].high = 20;
		market_apply(&m, 0, &t[1], NULL, NULL, 1);
	}
	market_snapshot(&m, q, 4, NULL, NULL);
	CHECK_INT(quote_history(&q[0], prices), MARKET_HISTORY);
	CHECK_NEAR(prices[MARKET_HISTORY - 1], 10 + (MARKET_HISTORY + 9) * 0.01, 1e-9);
	CHECK_NEAR(prices[0], 10 + 10 * 0.01, 1e-9);
	CHECK_NEAR(prices[1], 10 + 11 * 0.01, 1e-9);
	market_free(&m);
}

/* Three days of one symbol: closes 11, 8, 12. */
static const struct tick three_days[3] = {
	{ .symbol = "AAA", .date = 20200102, .open = 10, .high = 12, .low = 9, .close = 11 },
	{ .symbol = "AAA", .date = 20200103, .open = 11, .high = 11, .low = 7, .close = 8 },
	{ .symbol = "AAA", .date = 20200106, .open = 8, .high = 13, .low = 8, .close = 12 },
};

/* Ticks counted already (a rewind shows them again) move the quote, but neither its count nor
 * the run's summary: 11, 8, 12 has a drawdown of 27 %; 11 shown again after 12 is no fall the
 * run had. */
static void test_market_shown_again(void)
{
	struct market m;
	market_init(&m);
	market_apply(&m, 0, three_days, NULL, NULL, 3);
	const bool counted[2] = { true, true };
	market_apply(&m, 0, three_days, NULL, counted, 2);
	struct quote q[1];
	CHECK_INT(market_snapshot(&m, q, 1, NULL, NULL), 1);
	CHECK_INT(q[0].ticks, 3);
	CHECK_NEAR(q[0].last, 8, 0);
	CHECK_INT(q[0].date, 20200103);
	CHECK_NEAR(q[0].max_drawdown, 3.0 / 11, 1e-9);
	CHECK_INT(q[0].first_date, 20200102);
	CHECK_NEAR(q[0].low, 7, 0);
	CHECK_NEAR(q[0].high, 13, 0);
	double prices[MARKET_HISTORY];
	CHECK_INT(quote_history(&q[0], prices), 5); /* the sparkline shows the rewind */
	market_free(&m);
}

/* A rewind reads a day before the one shown: no close before that day has been read since,
 * so its change counts from its open, as a first day's does; the day after it counts from
 * its close again. (It counted from the close of the latest day shown, a later one.) */
static void test_market_change_after_rewind(void)
{
	struct market m;
	market_init(&m);
	market_apply(&m, 0, three_days, NULL, NULL, 3);
	const bool counted[1] = { true };
	struct quote q[1];
	market_apply(&m, 0, &three_days[0], NULL, counted, 1);
	CHECK_INT(market_snapshot(&m, q, 1, NULL, NULL), 1);
	CHECK_NEAR(quote_change(&q[0]), 11 - 10, 1e-9);
	market_apply(&m, 0, &three_days[1], NULL, counted, 1);
	CHECK_INT(market_snapshot(&m, q, 1, NULL, NULL), 1);
	CHECK_NEAR(quote_change(&q[0]), 8 - 11, 1e-9);
	market_free(&m);
}

/* After a topic switch the table holds the new topic only, from when its writer (the
 * consumer; the transform without one) takes the new generation up: a late batch of the old
 * one (the transform still draining it) adds nothing, nor does one of the new topic read
 * before that. Partitions added keep the table: the same topic, a new generation. */
static void test_market_topic_switch(void)
{
	struct market m;
	market_init(&m);
	struct tick old = { .symbol = "OLD", .date = 20200102, .close = 1 };
	struct tick now = { .symbol = "NEW", .date = 20200103, .close = 2 };
	struct enriched figures = { .sma5 = 1 };
	struct quote q[4];
	market_apply(&m, 0, &old, NULL, NULL, 1);
	market_apply_enriched(&m, 1, &now, &figures, 1); /* the transform switched first */
	CHECK_INT(market_snapshot(&m, q, 4, NULL, NULL), 1);
	CHECK_STR(q[0].symbol, "OLD");
	market_reset(&m, 1); /* the consumer took the new topic up */
	market_apply(&m, 0, &old, NULL, NULL, 1);
	market_apply_enriched(&m, 0, &old, &figures, 1);
	market_apply(&m, 1, &now, NULL, NULL, 1);
	market_apply_enriched(&m, 1, &now, &figures, 1);
	CHECK_INT(market_snapshot(&m, q, 4, NULL, NULL), 1);
	CHECK_STR(q[0].symbol, "NEW");
	CHECK_INT(q[0].ticks, 1);
	CHECK(q[0].enriched);
	market_continue(&m, 2); /* partitions added: the same topic's quotes stay */
	market_apply(&m, 1, &now, NULL, NULL, 1); /* read before the rejoin: dropped */
	market_apply(&m, 2, &now, NULL, NULL, 1);
	CHECK_INT(market_snapshot(&m, q, 4, NULL, NULL), 1);
	CHECK_INT(q[0].ticks, 2);
	market_reset(&m, 3); /* the consumer switched again: empty until the next topic's ticks */
	market_apply_enriched(&m, 2, &now, &figures, 1);
	CHECK_INT(market_snapshot(&m, q, 4, NULL, NULL), 0);
	market_free(&m);
}

/* A snapshot that holds the table's latest is not copied again; any write, of either writer
 * or a reset, makes the next one copy. */
static void test_market_snapshot_unchanged(void)
{
	struct market m;
	market_init(&m);
	struct tick t = { .symbol = "AAA", .date = 20200102, .close = 1 };
	struct enriched figures = { .sma5 = 3 };
	struct quote q[2];
	uint64_t seen = 0;
	market_apply(&m, 0, &t, NULL, NULL, 1);
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 1);
	CHECK_NEAR(q[0].last, 1, 0);
	q[0].last = -1; /* not the table's: only a copy puts the table's back */
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 1);
	CHECK_NEAR(q[0].last, -1, 0);
	t.close = 2;
	market_apply(&m, 0, &t, NULL, NULL, 1);
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 1);
	CHECK_NEAR(q[0].last, 2, 0);
	q[0].last = -1;
	market_apply_enriched(&m, 0, &t, &figures, 1);
	market_snapshot(&m, q, 2, NULL, &seen);
	CHECK_NEAR(q[0].sma5, 3, 0);
	CHECK_NEAR(q[0].last, 2, 0);
	market_reset(&m, 1);
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 0);
	seen = 0; /* "holds nothing": copies */
	q[0].last = -1;
	market_apply(&m, 1, &t, NULL, NULL, 1);
	market_snapshot(&m, q, 2, NULL, &seen);
	CHECK_NEAR(q[0].last, 2, 0);
	market_free(&m);
}

/* Between two snapshots, the quotes written since are copied and the others are left as the
 * last copy holds them; after a reset, a new symbol at a place an old one held is copied. */
static void test_market_snapshot_changed_quotes(void)
{
	struct market m;
	market_init(&m);
	struct tick t[2] = { { .symbol = "AAA", .date = 20200102, .close = 1 },
			     { .symbol = "BBB", .date = 20200102, .close = 5 } };
	struct quote q[2];
	uint64_t seen = 0;
	market_apply(&m, 0, t, NULL, NULL, 2);
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 2);
	q[1].last = -1; /* not the table's: a copy of BBB would put 5 back */
	t[0].close = 2;
	market_apply(&m, 0, &t[0], NULL, NULL, 1);
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 2);
	CHECK_NEAR(q[0].last, 2, 0);
	CHECK_NEAR(q[1].last, -1, 0);
	market_reset(&m, 1);
	struct tick other = { .symbol = "CCC", .date = 20200103, .close = 7 };
	market_apply(&m, 1, &other, NULL, NULL, 1);
	CHECK_INT(market_snapshot(&m, q, 2, NULL, &seen), 1);
	CHECK_STR(q[0].symbol, "CCC");
	CHECK_NEAR(q[0].last, 7, 0);
	market_free(&m);
}

/* Read to the end: up to the high watermark, or an empty partition never read (a --count run
 * over a topic with empty partitions waited for them forever when ticks were missing). */
static void test_read_to_end(void)
{
	struct partition_offsets p;
	partition_offsets_reset(&p, 0);
	CHECK(!partition_offsets_read_to_end(&p)); /* nothing known yet */
	p.log_start = 0, p.high_watermark = 0, p.position = OFFSET_UNKNOWN;
	CHECK(partition_offsets_read_to_end(&p)); /* empty, never read */
	p.high_watermark = 5;
	CHECK(!partition_offsets_read_to_end(&p)); /* five to read */
	p.position = 4;
	CHECK(!partition_offsets_read_to_end(&p));
	p.position = 5;
	CHECK(partition_offsets_read_to_end(&p));
	p.log_start = 5, p.position = OFFSET_UNKNOWN;
	CHECK(partition_offsets_read_to_end(&p)); /* all deleted before it was read: nothing left */
}

/* Fresh slots are zeroed (empty), so offset 0 must read as delivered, not as empty. */
static void test_timelag(void)
{
	static struct timelag tl;
	int64_t age = -1;
	CHECK_INT(timelag_age(&tl, 0, 0, 1000, &age), TIMELAG_UNKNOWN);
	timelag_record(&tl, 0, 0, 900);
	CHECK_INT(timelag_age(&tl, 0, 0, 1000, &age), TIMELAG_EXACT);
	CHECK_INT(age, 100);
	CHECK_INT(timelag_age(&tl, 0, 1, 1000, &age), TIMELAG_UNKNOWN); /* not delivered yet */
	CHECK_INT(timelag_age(&tl, 1, 0, 1000, &age), TIMELAG_UNKNOWN); /* another partition */
	timelag_record(&tl, 0, TIMELAG_SLOTS, 950); /* takes offset 0's slot */
	CHECK_INT(timelag_age(&tl, 0, 0, 1000, &age), TIMELAG_AT_LEAST);
	CHECK_INT(age, 100); /* as old as the message evicted */
	CHECK_INT(timelag_age(&tl, 0, TIMELAG_SLOTS, 1000, &age), TIMELAG_EXACT);
	CHECK_INT(age, 50);
	timelag_clear(&tl);
	CHECK_INT(timelag_age(&tl, 0, TIMELAG_SLOTS, 1000, &age), TIMELAG_UNKNOWN);
	timelag_free(&tl);
}

int main(void)
{
	test_lag_behind();
	test_read_to_end();
	test_lag_sum();
	test_lagboard_topic();
	test_seqcheck();
	test_seqcheck_late_block();
	test_seqcheck_read_again();
	test_seqcheck_shown();
	test_seqcheck_counted();
	test_seqcheck_log_replaced();
	test_seqcheck_other_tick_at_read_offset();
	test_seqcheck_merged_gap_is_no_other_log();
	test_seqcheck_read_in_run();
	test_seqcheck_copy_after_rewind();
	test_offset_set();
	test_offset_set_truncate();
	test_seqcheck_topics();
	test_histogram();
	test_histogram_precision();
	test_histogram_quantiles_sorted();
	test_histogram_floored();
	test_histogram_octaves_floored();
	test_timelag();
	test_market();
	test_market_shown_again();
	test_market_change_after_rewind();
	test_market_topic_switch();
	test_market_snapshot_unchanged();
	test_market_snapshot_changed_quotes();
	return check_report("test_lag");
}
