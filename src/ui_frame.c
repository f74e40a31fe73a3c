/* ui_frame.c: one frame's snapshot of the pipeline — counters, settings, quotes, the
 * partitions table merged from the cluster's view and this member's, latencies, health —
 * taken at once before drawing, so every panel shows the same moment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "util.h"

/* The screen keeps an event, or counts it on the last one when it says the same again. */
static void keep_event(struct ui *ui, const struct event *e)
{
	if (ui->log_count > 0) {
		struct event *last = &ui->log[ui->log_count - 1];
		if (last->level == e->level && strcmp(last->text, e->text) == 0) {
			last->time_ms = e->time_ms;
			ui->log_repeats[ui->log_count - 1]++;
			return;
		}
	}
	if (ui->log_count == UI_LOG_KEEP) {
		memmove(ui->log, ui->log + 1, (UI_LOG_KEEP - 1) * sizeof(*ui->log));
		memmove(ui->log_repeats, ui->log_repeats + 1, (UI_LOG_KEEP - 1) * sizeof(*ui->log_repeats));
		ui->log_count--;
	}
	ui->log[ui->log_count] = *e;
	ui->log_repeats[ui->log_count++] = 1;
}

void ui_read_events(struct ui *ui)
{
	struct event ev[64];
	unsigned n;
	while ((n = eventlog_read(ui->log_last_id, ev, ARRAY_LEN(ev), NULL)) > 0) {
		for (unsigned i = 0; i < n; i++) {
			keep_event(ui, &ev[i]);
			if (ui->log_file && ev[i].id > ui->log_file_last_id)
				eventlog_write(ui->log_file, &ev[i]);
		}
		ui->log_last_id = ev[n - 1].id;
	}
	if (ui->log_file)
		fflush(ui->log_file);
}

/* Bytes handed to the producer per second, and how many payload bytes went per byte on the
 * wire (what compression saves, less request framing): those of the messages acknowledged
 * against the Produce requests written, since the producer client in use was built
 * (pipeline.h). Payload handed over but not yet acknowledged is left out: counted against the
 * requests sent meanwhile, a broker that hung for seconds showed "none 5.4x". Not over the
 * last seconds either: the payload acknowledged in them may have gone in requests sent before
 * them (those a hung broker answers at once when it goes on). */
static void sample_bytes(struct ui *ui)
{
	const struct counters *c = &ui->pipe->counters;
	uint64_t payload = counter_get(&c->produced_bytes);
	struct frame *f = &ui->frame;
	f->payload_rate = ui->bytes_sampled ? (double)(payload - ui->bytes_last) : 0;
	ui->bytes_last = payload;
	ui->bytes_sampled = true;
	f->wire_ratio = wire_ratio_read(c);
}

/* The frame's counts of ticks delivered and lost, for the health window and verdict. */
static struct health_counts health_counts_of(const struct frame *f)
{
	return (struct health_counts){ .time_ms = f->now_ms, .delivered = f->counters.delivered,
				       .delivery_failed = f->counters.delivery_failed,
				       .deleted_unread = f->counters.deleted_unread,
				       .gaps = f->counters.gaps };
}

static void sample_lag(struct ui *ui)
{
	struct frame *f = &ui->frame;
	if (f->now_ms < ui->next_sample_ms)
		return;
	/* on the second, so these samples change the screen in the frame the clock does */
	ui->next_sample_ms = (f->now_ms / 1000 + 1) * 1000;
	static struct lag_sample s;
	s.time_ms = f->now_ms;
	s.lag = f->totals.assigned ? f->totals.position_lag : -1; /* none held: unknown, not 0 */
	s.sent = f->counters.produced;
	s.acked = f->counters.delivered;
	s.consumed = f->counters.consumed;
	s.part_count = f->part_count;
	s.held_read = 0;
	s.highs_of_holding = true;
	for (int i = 0; i < f->part_count; i++) {
		/* nothing committed: "-" in the row, no lag in its sparkline either; a stale
		 * reading is no lag of this second's */
		const struct partition_offsets *p = &f->parts[i];
		s.part_lag[i] = p->stale ? LAG_SAMPLE_STALE
			      : p->committed < 0 ? -1
						 : lag_behind(p->high_watermark, p->log_start, p->committed);
		s.part_high[i] = f->parts[i].high_watermark;
		s.part_held[i] = f->parts[i].assigned;
		if (s.part_held[i]) {
			s.held_read += f->parts[i].consumed;
			s.highs_of_holding &= f->parts[i].high_of_holding;
		}
	}
	lagwatch_add(&ui->watch, &s);
	sample_bytes(ui);
	struct health_counts counts = health_counts_of(f);
	health_window_add(&ui->health_window, f->now_ms, f->parts, f->part_count, &counts);
	if (f->now_ms >= ui->latency_base_ms + LATENCY_WINDOW_MS) {
		/* quantiles cover the last one to two windows, never an empty one */
		ui->latency_base_ms = f->now_ms;
		ui->delivery_base = ui->delivery_next;
		ui->e2e_base = ui->e2e_next;
		histogram_copy(&ui->pipe->delivery_latency_us, &ui->delivery_next);
		histogram_copy(&ui->pipe->end_to_end_us, &ui->e2e_next);
	}
}

/* A change of verdict (health_same_verdict) goes to the event log (and --log), with its
 * reason. */
static void health_narrate(const struct health *h)
{
	char where[16] = "";
	if (h->partition >= 0)
		snprintf(where, sizeof(where), " p%d", (int)h->partition);
	eventlog_add(h->status == HEALTH_OK ? EVENT_INFO : EVENT_WARN, "health: %s%s%s%s",
		     health_status_name(h->status), where, h->reason[0] ? ": " : "", h->reason);
}

/* How long until a row's ~ appears with no newer reading, or -1; sooner than turn, if so.
 * The rows were merged at now_ms: a row's stale_at_ms, when set, is later; so is the
 * leadership's. */
static int64_t rows_turn_in_ms(const struct frame *f, int64_t turn)
{
	if (f->leadership_stale_at_ms)
		turn = sooner_ms(turn, f->leadership_stale_at_ms - f->now_ms);
	for (int i = 0; i < f->part_count; i++)
		if (f->parts[i].stale_at_ms)
			turn = sooner_ms(turn, f->parts[i].stale_at_ms - f->now_ms);
	return turn;
}

static void judge_health(struct ui *ui)
{
	struct frame *f = &ui->frame;
	const struct counter_values *c = &f->counters;
	const struct offsetwatch_view *v = f->view;
	struct health_inputs in = {
		.unanswered_ms = offsetwatch_silent_ms(v, f->now_ms),
		.broker_error = v->error,
		.coordinator_silent_ms = offsetwatch_coordinator_silent_ms(v, f->now_ms),
		.has_consumer = options_has_consumer(ui->pipe->opt),
		.unfollowed = atomic_load_explicit(&ui->pipe->counters.unfollowed_partition, memory_order_relaxed),
		.consumer_state = c->consumer_state,
		.own_commit_age_ms = c->last_commit_ms ? f->now_ms - c->last_commit_ms : -1,
		.owners_known = v->owners_known,
		.members = v->members,
	};
	int64_t mono = mono_ms();
	health_consumer_silence(&in, mono, c->consumer_started_ms, c->consumer_alive_ms);
	in.joining_for_ms = c->consumer_joining_ms ? mono - c->consumer_joining_ms : -1;
	health_commit_answered(&in, c->commit_answered_ms, f->now_ms);
	health_leaders_named(&in, v->leaders_answered_ms, f->now_ms);
	ackwatch_read(&ui->pipe->acks, f->now_ms, f->settings.partitions, HEALTH_ACKS_OVERDUE_MS,
		      &in.acks);
	in.counts = health_counts_of(f);
	in.writes_acks_all = f->settings.built_acks == ACKS_ALL && !f->counters.producer_done;
	control_isr_shortfall(&ui->pipe->control, f->now_ms, OFFSETWATCH_STALE_MS, &in.isr_short);
	struct health before = f->health;
	health_judge(&ui->health_window, &in, f->parts, f->part_count, &f->health);
	if (!health_same_verdict(&before, &f->health))
		health_narrate(&f->health);
	f->turns_in_ms = rows_turn_in_ms(f, sooner_ms(health_turns_in_ms(&in),
						       offsetwatch_silent_in_ms(v, f->now_ms)));
}

static void copy_counters(const struct counters *c, struct counter_values *out)
{
	out->produced = counter_get(&c->produced);
	out->delivered = counter_get(&c->delivered);
	out->delivery_failed = counter_get(&c->delivery_failed);
	out->produce_retries = counter_get(&c->produce_retries);
	out->producing_date = atomic_load_explicit(&c->producing_date, memory_order_relaxed);
	out->producer_done = atomic_load_explicit(&c->producer_done, memory_order_relaxed);
	out->consumed = counter_get(&c->consumed);
	out->enriched = counter_get(&c->enriched);
	out->undecodable = counter_get(&c->undecodable);
	out->dead_letters = counter_get(&c->dead_letters);
	out->gaps = counter_get(&c->gaps);
	out->deleted_unread = counter_get(&c->deleted_unread);
	out->duplicates = counter_get(&c->duplicates);
	out->reordered = counter_get(&c->reordered);
	out->order_breaks = counter_get(&c->order_breaks);
	out->rebalances = counter_get(&c->rebalances);
	out->rereads = counter_get(&c->rereads);
	out->consumer_assigned = atomic_load_explicit(&c->consumer_assigned, memory_order_relaxed);
	out->consumer_state = atomic_load_explicit(&c->consumer_state, memory_order_relaxed);
	out->consumer_started_ms = atomic_load_explicit(&c->consumer_started_ms, memory_order_relaxed);
	out->consumer_alive_ms = atomic_load_explicit(&c->consumer_alive_ms, memory_order_relaxed);
	out->consumer_joining_ms = atomic_load_explicit(&c->consumer_joining_ms, memory_order_relaxed);
	out->commit_answered_ms = atomic_load_explicit(&c->commit_answered_ms, memory_order_relaxed);
	out->fetch_resting = atomic_load_explicit(&c->fetch_resting, memory_order_relaxed);
}

static void copy_settings(const struct control *c, struct settings *out)
{
	out->paused = atomic_load(&c->paused);
	out->delay_ms = atomic_load(&c->delay_ms);
	out->acks = atomic_load(&c->acks);
	out->idempotence = atomic_load(&c->idempotence);
	out->linger_ms = atomic_load(&c->linger_ms);
	out->built_compression = atomic_load(&c->built_compression);
	out->built_acks = atomic_load(&c->built_acks);
	out->built_idempotence = atomic_load(&c->built_idempotence);
	out->commit_mode = atomic_load(&c->commit_mode);
	out->throttle = atomic_load(&c->throttle);
	out->partitions = atomic_load(&c->partitions);
}

/* The leader a row shows; -1 (none) for an offline partition. The embedded cluster elects
 * nobody: it keeps naming a leader taken down, which kticker's controller moved off every
 * partition with a live replica (fault.c), so a partition still led by it has none left. */
static int32_t shown_leader(const struct pipeline *p, int32_t partition)
{
	if (partition >= PARTITIONS_MAX)
		return -1;
	int leader = atomic_load_explicit(&p->control.leaders[partition], memory_order_relaxed);
	bool offline = p->cluster.embedded && leader >= 1 && leader <= FAULT_BROKERS_MAX &&
		       p->faults.down[leader];
	return offline ? -1 : leader;
}

/* Whether the leaders, ISRs and epochs the rows show are an old answer, as the offsets' ~
 * says of theirs; a worker that has read none yet shows none ("-"). */
static void judge_leadership_age(struct frame *f, int64_t read_ms)
{
	int64_t stale_at = read_ms ? read_ms + OFFSETWATCH_STALE_MS : 0;
	f->leadership_stale = stale_at && f->now_ms >= stale_at;
	f->leadership_stale_at_ms = f->leadership_stale ? 0 : stale_at;
}

/* Per row: the leader, ISR and leader epoch, and the time lag from the produce times the producer recorded. */
static void copy_row_extras(struct ui *ui)
{
	struct frame *f = &ui->frame;
	/* read before the rows: an answer stored meanwhile only makes them newer than judged */
	judge_leadership_age(f, atomic_load(&ui->pipe->control.leaders_read_ms));
	for (int i = 0; i < f->part_count; i++) {
		int32_t partition = f->parts[i].partition;
		f->leaders[i] = shown_leader(ui->pipe, partition);
		f->isr[i] = partition < PARTITIONS_MAX
				    ? atomic_load_explicit(&ui->pipe->control.isr[partition], memory_order_relaxed)
				    : 0;
		f->epochs[i] = partition < PARTITIONS_MAX
				       ? atomic_load_explicit(&ui->pipe->control.leader_epoch[partition],
							      memory_order_relaxed)
				       : WIREMETA_NO_EPOCH;
		f->time_lags[i].result = timelag_of_partition(&ui->pipe->timelag, &f->parts[i], f->now_ms,
							      &f->time_lags[i].age_ms);
	}
}

/* Latency quantiles are over what arrived since the base copies; the delivery latency's, and
 * its histogram by octave, also over the ticks still waiting, so that a hung broker's shows. */
static void copy_latencies(struct ui *ui)
{
	struct histogram_floors waiting;
	histogram_since_now(&ui->delivery_base, &ui->pipe->delivery_latency_us,
			    &ui->frame.delivery_recent);
	ackwatch_quantiles(&ui->pipe->acks, ui->frame.now_ms, &ui->frame.delivery_recent, &waiting,
			   &ui->frame.delivery_p50, &ui->frame.delivery_p99);
	histogram_octaves_floored(&ui->frame.delivery_recent, &waiting, LATENCY_FIRST_OCTAVE,
				  LATENCY_OCTAVES, ui->frame.delivery_octaves);
	histogram_since_now(&ui->e2e_base, &ui->pipe->end_to_end_us, &ui->frame.e2e_recent);
}

static int compare_symbol_ends(const void *a, const void *b)
{
	return strcmp(((const struct symbol_end *)a)->symbol, ((const struct symbol_end *)b)->symbol);
}

/* Each symbol's last date in the feed, once: the feed does not change after loading. */
void ui_load_symbol_ends(struct ui *ui)
{
	const struct feed *feed = &ui->pipe->feed;
	ui->symbol_end_count = feed->symbol_count;
	ui->symbol_ends = xcalloc(feed->symbol_count ? feed->symbol_count : 1, sizeof(*ui->symbol_ends));
	for (size_t i = 0; i < feed->symbol_count; i++)
		copy_str(ui->symbol_ends[i].symbol, TICK_SYMBOL_MAX, feed->symbols[i]);
	for (size_t i = 0; i < feed->bar_count; i++) /* bars are sorted by date: the last wins */
		ui->symbol_ends[feed->bars[i].symbol].last_date = feed->bars[i].date;
	qsort(ui->symbol_ends, ui->symbol_end_count, sizeof(*ui->symbol_ends), compare_symbol_ends);
}

static int compare_symbol_to_end(const void *symbol, const void *end)
{
	return strcmp(symbol, ((const struct symbol_end *)end)->symbol);
}

/* A quote's entry in symbol_ends, or NULL. Each quote's is looked up once and kept by its
 * place in the market's table, which it keeps until the table is reset (a new topic): a kept
 * entry is used while its symbol is the quote's. A search for each row each frame, with a
 * copy of its symbol, was over a tenth of taking the frame. */
static const struct symbol_end *symbol_end_of(const struct ui *ui, const struct quote *q)
{
	static size_t kept_plus_1[MARKET_SYMBOLS_MAX]; /* by place in the table; 0: none kept */
	size_t place = (size_t)(q - ui->frame.quotes);
	size_t kept = kept_plus_1[place];
	const struct symbol_end *e = kept && kept <= ui->symbol_end_count ? &ui->symbol_ends[kept - 1] : NULL;
	if (e && strcmp(e->symbol, q->symbol) == 0)
		return e;
	e = bsearch(q->symbol, ui->symbol_ends, ui->symbol_end_count, sizeof(*e), compare_symbol_to_end);
	kept_plus_1[place] = e ? (size_t)(e - ui->symbol_ends) + 1 : 0;
	return e;
}

/* A symbol has ended when the producer is past its last date (only a producer has the feed). */
static void mark_ended(struct ui *ui)
{
	struct frame *f = &ui->frame;
	int32_t producing = f->counters.producing_date;
	for (size_t i = 0; i < f->quote_count; i++) {
		const struct symbol_end *e = symbol_end_of(ui, f->rows[i]);
		f->quote_ended[i] = e && producing > e->last_date;
	}
}

/* The open group overlay follows the group: a description the offset watcher made (each
 * other second on a real cluster) since the one shown replaces it, so a member that left or
 * died is not shown as one after the coordinator has dropped it; with this member's id as
 * now (after a crash, R, its consumer is a new member). */
static bool take_newer_description(struct ui *ui)
{
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(&ui->pipe->control, topic);
	if (!offsetwatch_described_group(&ui->pipe->offsets, topic, ui->group_described_ms + 1, &ui->group,
					 &ui->group_described_ms))
		return false;
	lagboard_member(&ui->pipe->lag, ui->own_member_id, sizeof(ui->own_member_id));
	return true;
}

/* The lookup worker's answers (topics for the t prompt, the group for g), taken with the
 * frame: a new answer is something new to draw. */
static void take_answers(struct ui *ui)
{
	struct lookup *l = &ui->pipe->lookup;
	if (ui->prompt == PROMPT_TOPIC && lookup_take_topics(l, ui->prompt_hint, sizeof(ui->prompt_hint)))
		ui->dirty = true;
	if (ui->group_view && lookup_take_group(l, &ui->group, &ui->group_described_ms, &ui->group_known,
						ui->group_error, sizeof(ui->group_error)))
		ui->dirty = true;
	if (ui->group_view && ui->group_known && take_newer_description(ui))
		ui->dirty = true;
}

/* Everything one frame draws, taken before any of it is drawn, so every panel shows the
 * same moment. */
void ui_take_frame(struct ui *ui)
{
	struct pipeline *p = ui->pipe;
	struct frame *f = &ui->frame;
	unsigned generation = atomic_load(&p->control.topic_generation);
	if (generation != ui->topic_generation) {
		ui->topic_generation = generation; /* a new topic: its lag history starts afresh */
		lagwatch_reset(&ui->watch);
		health_window_reset(&ui->health_window);
		memset(ui->scroll, 0, sizeof(ui->scroll));
	}
	f->now_ms = now_ms();
	copy_counters(&p->counters, &f->counters);
	copy_settings(&p->control, &f->settings);
	f->quote_total = market_snapshot(&p->market, f->quotes, MARKET_SYMBOLS_MAX, &f->latest_date,
					  &f->quotes_seen);
	control_topic(&p->control, f->topic);
	f->part_count = offsetwatch_rows(&p->offsets, &p->lag, f->topic, f->counters.consumer_assigned,
					 f->now_ms, f->parts, PARTITIONS_MAX, &f->view,
					 &f->counters.last_commit_ms);
	lag_sum(f->parts, f->part_count, &f->totals);
	f->topic_partitions = f->part_count > f->settings.partitions ? f->part_count : f->settings.partitions;
	copy_row_extras(ui);
	take_answers(ui);
	ui_quotes_prepare(ui);
	mark_ended(ui);
	ui_read_events(ui);
	sample_lag(ui);
	copy_latencies(ui);
	judge_health(ui);
}


/* ---- unchanged frames --------------------------------------------------------------------- */

/* FNV-1a, eight bytes a step: at 1000 partitions a frame's key covers ~200 kB, which byte
 * by byte was a good part of the screen thread's time. */
static uint64_t mix(uint64_t h, const void *data, size_t size)
{
	const unsigned char *p = data;
	size_t i = 0;
	for (; i + sizeof(uint64_t) <= size; i += sizeof(uint64_t)) {
		uint64_t word;
		memcpy(&word, p + i, sizeof(word));
		h = (h ^ word) * UINT64_C(0x100000001b3);
	}
	for (; i < size; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* Field by field: not the padding. */
static uint64_t mix_quantile(uint64_t h, const struct quantile *q)
{
	h = mix(h, &q->us, sizeof(q->us));
	return mix(h, &q->at_least, sizeof(q->at_least));
}

/* The partition rows as drawn: without the times of the answers behind them, which only the
 * stale flags show (in the rows). The coordinator's answer each second set committed_ms
 * anew, and the frame was drawn again, unchanged, between two clock seconds: half the draws
 * of a paused screen. */
static uint64_t mix_shown_rows(uint64_t h, const struct partition_offsets *parts, int count)
{
	for (int i = 0; i < count; i++) {
		struct partition_offsets shown;
		memcpy(&shown, &parts[i], sizeof(shown)); /* padding too: the bytes are mixed */
		shown.committed_ms = 0;
		shown.caught_up_mono_ms = 0;
		shown.commit_lag = 0;
		shown.stale_at_ms = 0;
		h = mix(h, &shown, sizeof(shown));
	}
	return h;
}

/* Everything a frame's drawing depends on, as one number: a frame whose key is the last
 * drawn one's would draw the same screen. The clock counts by the second, for the ages shown
 * (commit age); time lags are in the rows' figures. Keys, resizes and overlays' answers set
 * ui->dirty instead. */
static uint64_t frame_key(const struct ui *ui)
{
	const struct frame *f = &ui->frame;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	int64_t second = f->now_ms / 1000;
	h = mix(h, &second, sizeof(second));
	struct counter_values shown = f->counters;
	shown.consumer_alive_ms = 0; /* a heartbeat, not shown: the health verdict says what it means */
	h = mix(h, &shown, sizeof(shown));
	h = mix(h, &f->settings, sizeof(f->settings));
	h = mix(h, &f->part_count, sizeof(f->part_count));
	h = mix_shown_rows(h, f->parts, f->part_count);
	h = mix(h, f->leaders, (size_t)f->part_count * sizeof(*f->leaders));
	h = mix(h, f->isr, (size_t)f->part_count * sizeof(*f->isr));
	h = mix(h, f->epochs, (size_t)f->part_count * sizeof(*f->epochs));
	h = mix(h, &f->leadership_stale, sizeof(f->leadership_stale));
	h = mix(h, f->time_lags, (size_t)f->part_count * sizeof(*f->time_lags));
	h = mix(h, &f->health, sizeof(f->health));
	h = mix(h, &f->delivery_recent.total, sizeof(f->delivery_recent.total));
	h = mix_quantile(h, &f->delivery_p50);
	h = mix_quantile(h, &f->delivery_p99);
	h = mix(h, f->delivery_octaves, sizeof(f->delivery_octaves));
	h = mix(h, &f->e2e_recent.total, sizeof(f->e2e_recent.total));
	h = mix(h, &ui->log_last_id, sizeof(ui->log_last_id));
	h = mix(h, &ui->watch.count, sizeof(ui->watch.count));
	h = mix(h, &ui->watch.next, sizeof(ui->watch.next));
	return h;
}

bool ui_frame_changed(struct ui *ui)
{
	uint64_t key = frame_key(ui);
	bool changed = ui->dirty || key != ui->drawn_key;
	ui->drawn_key = key;
	ui->dirty = false;
	return changed;
}
