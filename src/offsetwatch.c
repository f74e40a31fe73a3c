/* offsetwatch.c: the worker that reads the cluster's offsets for the whole topic. */
#include "offsetwatch.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "kconf.h"
#include "screenwake.h"
#include "util.h"
#include "wiregroup.h"

#define NO_LEADER (-1) /* Kafka's leader of a partition that has none */
#define NOT_NAMED (-2) /* the leader of a partition the cluster's answer did not name */
#define OWNERS_EVERY 2 /* describe the group every second round: it may wait for a broker down */

/* Whether a partition of the topic shown has grown since the last round. */
static bool grown(const struct offsetwatch_view *before, const struct offsetwatch_view *now)
{
	if (strcmp(before->topic, now->topic) != 0)
		return false;
	int n = before->count < now->count ? before->count : now->count;
	for (int i = 0; i < n; i++)
		if (now->parts[i].high_watermark > before->parts[i].high_watermark)
			return true;
	return false;
}

/* A round's view for the readers. A lost connection another client reported (below) stands
 * until a round is answered. */
static void publish(struct offsetwatch *w, struct offsetwatch_view *v, bool answered)
{
	pthread_mutex_lock(&w->lock);
	if (!answered && !v->disconnected_since_ms && w->view.disconnected_since_ms) {
		v->disconnected_since_ms = w->view.disconnected_since_ms;
		copy_str(v->error, sizeof(v->error), w->view.error);
	}
	bool news = answered && grown(&w->view, v);
	memcpy(&w->view, v, sizeof(*v));
	pthread_mutex_unlock(&w->lock);
	screenwake_notify();
	if (news) /* a resting consumer looks at once (consumer_rest.h) */
		control_wake_resting_consumer(w->control);
}

/* Another client lost its last broker connection (kconf_on_all_brokers_down). The consumer
 * and the producer hold connections to every broker they read from or write to, so they see
 * the cut at once; the worker's client, whose connections may be idle or not yet made, learnt
 * it only from its next round's requests: 'NO BROKER' came up to 2 s after the last broker
 * went down. */
static void note_others_disconnected(void *arg, const char *reason)
{
	struct offsetwatch *w = arg;
	int64_t now = now_ms();
	pthread_mutex_lock(&w->lock);
	if (!w->view.disconnected_since_ms) {
		w->view.disconnected_since_ms = now;
		copy_str(w->view.error, sizeof(w->view.error), reason);
	}
	pthread_mutex_unlock(&w->lock);
	screenwake_notify(); /* NO BROKER at once, not at an idle screen's next look */
}

/* librdkafka knows at once when its last broker connection is gone (served by the
 * worker's rd_kafka_poll): no broker is reachable, whatever the next round would find. The
 * other clients put the error in the event log. */
static void note_disconnected(void *arg, const char *reason)
{
	struct offsetwatch *w = arg;
	int64_t now = now_ms();
	w->work.disconnected_since_ms = now; /* the worker's own thread: this is its poll */
	pthread_mutex_lock(&w->lock);
	w->view.disconnected_since_ms = now;
	copy_str(w->view.error, sizeof(w->view.error), reason);
	pthread_mutex_unlock(&w->lock);
	screenwake_notify();
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	(void)rk;
	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
		char text[512];
		kconf_brokers_down_text(text, sizeof(text), reason);
		note_disconnected(opaque, text);
	}
}

/* A consumer handle of the group that never subscribes: OffsetFetch answers for the group,
 * and it takes no part in the group's assignments. */
static rd_kafka_t *new_client(struct offsetwatch *w, const char *bootstrap, char *err,
			      size_t err_size)
{
	const struct options *o = w->opt;
	rd_kafka_conf_t *conf = kconf_new(bootstrap, err, err_size);
	if (!conf)
		return NULL;
	rd_kafka_conf_set_error_cb(conf, on_error);
	rd_kafka_conf_set_opaque(conf, w);
	if (!kconf_set(conf, "group.id", o->group, err, err_size) ||
	    !kconf_set(conf, "enable.auto.commit", "false", err, err_size) ||
	    !kconf_apply_user(conf, o, err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, err_size);
	if (!rk)
		rd_kafka_conf_destroy(conf);
	return rk;
}

/* The view takes up count partitions: those it did not have are unread. */
static void take_up_count(struct offsetwatch_view *v, int count)
{
	count = count < 0 ? 0 : count > PARTITIONS_MAX ? PARTITIONS_MAX : count;
	for (int i = v->count; i < count; i++) {
		memset(&v->parts[i], 0, sizeof(v->parts[i]));
		v->parts[i].log_start = v->parts[i].high_watermark = v->parts[i].committed = OFFSET_UNKNOWN;
	}
	v->count = count;
}

/* The cluster's answer named `named` partitions of the topic: partitions added are asked about
 * this round, not once the control worker's next look (every 2 s) tells the count, while this
 * member's consumer may hold them already. */
static void take_up_named(struct offsetwatch_view *v, int named)
{
	v->named = named;
	if (named > v->count)
		take_up_count(v, named);
}

/* How many partitions librdkafka's answer about the topic alone names; 0 on a topic error. */
static int named_count(const struct rd_kafka_metadata *md)
{
	return md->topic_cnt == 1 && !md->topics[0].err ? md->topics[0].partition_cnt : 0;
}

/* The leader of each partition, from librdkafka's metadata about the topic alone; false when
 * no broker answered. A partition the answer names without a leader gets -1 (NO_LEADER), one
 * it does not name (a topic error: unknown, deleted) NOT_NAMED. */
static bool read_leaders_by_librdkafka(struct offsetwatch *w, struct offsetwatch_view *v,
				       int32_t *leaders, char *err, size_t err_size)
{
	rd_kafka_topic_t *rkt = rd_kafka_topic_new(w->rk, v->topic, NULL);
	const struct rd_kafka_metadata *md;
	rd_kafka_resp_err_t e = rd_kafka_metadata(w->rk, 0, rkt, &md, OFFSETWATCH_TIMEOUT_MS);
	rd_kafka_topic_destroy(rkt);
	if (e) {
		snprintf(err, err_size, "metadata: %s", rd_kafka_err2str(e));
		return false;
	}
	take_up_named(v, named_count(md));
	for (int i = 0; i < v->count; i++)
		leaders[i] = NOT_NAMED;
	if (w->by_wire)
		wiremeta_note_brokers(&w->peers, md);
	for (int t = 0; t < md->topic_cnt; t++)
		for (int p = 0; p < md->topics[t].partition_cnt; p++) {
			const struct rd_kafka_metadata_partition *mp = &md->topics[t].partitions[p];
			if (mp->id >= 0 && mp->id < v->count && !md->topics[t].err)
				leaders[mp->id] = mp->leader; /* -1 with LEADER_NOT_AVAILABLE */
		}
	rd_kafka_metadata_destroy(md);
	return true;
}

/* The embedded cluster's leaders as the control worker last read them (every 2 s, and at
 * once when kticker moves one: only kticker moves them there), once the brokers are known;
 * -1 before. Asking librdkafka each second made its client parse metadata for every
 * partition. */
static int known_leaders(struct offsetwatch *w, struct offsetwatch_view *v, int32_t *leaders)
{
	static struct partition_info known[PARTITIONS_MAX]; /* the worker's alone */
	int n = w->peers.count ? control_known_partitions(w->control, v->topic, known, PARTITIONS_MAX)
			       : 0;
	if (n <= 0)
		return -1;
	for (int i = 0; i < v->count; i++)
		leaders[i] = i < n ? known[i].leader : NOT_NAMED;
	return n;
}

/* A real cluster's leaders, by wire or by librdkafka (read_leaders); false when no broker
 * answered. */
static bool read_leaders_of_real(struct offsetwatch *w, struct offsetwatch_view *v, int32_t *leaders,
				 char *err, size_t err_size)
{
	bool by_wire = cluster_metadata_by_wire(w->cluster) && w->peers.count;
	int64_t start = mono_ms();
	int n = by_wire ? wiremeta_ask(&w->peers, v->topic, w->meta, PARTITIONS_MAX,
				       start + OFFSETWATCH_TIMEOUT_MS)
			: -1;
	if (n < 0) {
		int64_t wire_ms = mono_ms() - start;
		bool answered = read_leaders_by_librdkafka(w, v, leaders, err, err_size);
		bool led = false; /* librdkafka knows the topic: one leader at least */
		for (int i = 0; i < v->count && !led; i++)
			led = leaders[i] >= 0;
		if (by_wire)
			cluster_note_metadata(w->cluster, wire_ms, answered && led);
		return answered;
	}
	cluster_note_metadata(w->cluster, -1, true);
	take_up_named(v, n);
	for (int i = 0; i < v->count; i++)
		leaders[i] = i < n ? w->meta[i].leader : NOT_NAMED;
	return true;
}

/* The leaders from kticker's own Metadata request (wiremeta.h), where it knows the brokers;
 * on the embedded cluster the control worker's; librdkafka's otherwise, or when none of them
 * answered (they may have moved). */
static bool read_leaders(struct offsetwatch *w, struct offsetwatch_view *v, int32_t *leaders,
			 char *err, size_t err_size)
{
	if (w->cluster->embedded)
		return known_leaders(w, v, leaders) >= 0 ||
		       read_leaders_by_librdkafka(w, v, leaders, err, err_size);
	bool answered = read_leaders_of_real(w, v, leaders, err, err_size);
	if (answered) /* a broker's answer, not the control worker's last one */
		v->leaders_answered_ms = now_ms();
	return answered;
}

/* ---- asking by wire (wireoffsets.h) ---- */

typedef int (*parse_fn)(const uint8_t *buf, size_t len, int32_t correlation_id, const char *topic,
			int64_t *offsets, bool *answered, int max);

/* Asks node the request in w->request about the partitions w->question[0..n); false when no
 * answer came. Those it answered are marked in w->answered, their offsets in w->answer. */
static bool ask_by_wire(struct offsetwatch *w, int32_t node, size_t req_len, int32_t id,
			parse_fn parse, const char *topic, int n, int64_t deadline)
{
	for (int k = 0; k < n; k++)
		w->answered[w->question[k]] = false;
	size_t len = 0;
	uint8_t *body = wire_peers_exchange(&w->peers, node, w->request, req_len, deadline, &len);
	int got = body ? parse(body, len, id, topic, w->answer, w->answered, PARTITIONS_MAX) : -1;
	free(body);
	return got >= 0;
}

/* The partitions asked this round into w->question, of one leader (or of all: leader -1);
 * returns their count. */
static int gather_questions(struct offsetwatch *w, const struct offsetwatch_view *v,
			    const int32_t *leaders, int32_t leader)
{
	int n = 0;
	for (int i = 0; i < v->count; i++)
		if (!w->skip[i] && (leader < 0 || leaders[i] == leader))
			w->question[n++] = i;
	return n;
}

/* The answers to the n partitions asked go to the field at `field` of their rows (ok: an
 * answer came); those without one are marked in `unanswered`. */
static void take_answers(struct offsetwatch *w, struct offsetwatch_view *v, int n, bool ok,
			 size_t field, bool *unanswered)
{
	for (int k = 0; k < n; k++) {
		int p = w->question[k];
		if (!ok || !w->answered[p])
			unanswered[p] = true;
		else
			*(int64_t *)((char *)&v->parts[p] + field) = w->answer[p];
	}
}

/* Both ends of the partitions one leader leads that are asked this round: a request each.
 * After one without an answer the other is not asked: its partitions stay unanswered. */
static void wire_leader_ends(struct offsetwatch *w, struct offsetwatch_view *v,
			     const int32_t *leaders, int32_t leader)
{
	static const size_t fields[] = { offsetof(struct watched_partition, log_start),
					 offsetof(struct watched_partition, high_watermark) };
	int n = gather_questions(w, v, leaders, leader);
	int64_t deadline = mono_ms() + OFFSETWATCH_TIMEOUT_MS;
	bool ok = true;
	for (int end = 0; end < 2 && n > 0; end++) {
		int32_t id = ++w->peers.next_id;
		size_t len = wireoffsets_list_request(w->request, sizeof(w->request), id, v->topic, w->question,
						      n, end ? WIREOFFSETS_LATEST : WIREOFFSETS_EARLIEST,
						      w->read_committed);
		ok = ok && len && ask_by_wire(w, leader, len, id, wireoffsets_list_parse, v->topic, n, deadline);
		take_answers(w, v, n, ok, fields[end], w->unanswered);
	}
}

/* FindCoordinator of one broker (wire_ask_fn); ctx is the watcher. */
static bool ask_coordinator(struct wire_peers *ps, int32_t node, void *ctx, int64_t deadline)
{
	struct offsetwatch *w = ctx;
	uint8_t req[WIREOFFSETS_REQUEST_SIZE(0)];
	int32_t id = ++ps->next_id;
	size_t len = wireoffsets_coordinator_request(req, sizeof(req), id, w->opt->group);
	size_t got = 0;
	uint8_t *body = len ? wire_peers_exchange(ps, node, req, len, deadline, &got) : NULL;
	struct wire_address c;
	bool found = body && wireoffsets_coordinator_parse(body, got, id, &c);
	free(body);
	if (found) {
		wire_peers_note(ps, c.node, c.host, c.port);
		w->coordinator = c.node;
	}
	return found;
}

/* OffsetFetch for every partition asked this round, in one request to the group's
 * coordinator; one that no longer answers (moved, or gone) is found again at once. False
 * when the request cannot go by wire (a group id too long for it, or no room for the
 * coordinator among the brokers): librdkafka asks instead. */
static bool wire_committed(struct offsetwatch *w, struct offsetwatch_view *v)
{
	int n = gather_questions(w, v, NULL, -1);
	int32_t id = ++w->peers.next_id;
	size_t len = wireoffsets_fetch_request(w->request, sizeof(w->request), id, w->opt->group,
					       v->topic, w->question, n);
	if (!len)
		return false;
	int64_t deadline = mono_ms() + OFFSETWATCH_TIMEOUT_MS;
	bool ok = w->coordinator >= 0 &&
		  ask_by_wire(w, w->coordinator, len, id, wireoffsets_fetch_parse, v->topic, n, deadline);
	if (!ok) {
		w->coordinator = -1;
		ok = wire_peers_ask_any(&w->peers, ask_coordinator, w, deadline);
		if (ok && !wire_peers_knows(&w->peers, w->coordinator))
			return false;
		ok = ok && ask_by_wire(w, w->coordinator, len, id, wireoffsets_fetch_parse, v->topic, n, deadline);
	}
	_Static_assert(OFFSET_UNKNOWN == -1, "OffsetFetch's -1 (nothing committed) is shown as is");
	take_answers(w, v, n, ok, offsetof(struct watched_partition, committed), w->uncommitted);
	return true;
}

/* ---- asking through librdkafka ---- */

/* ListOffsets for the partitions one broker leads, from partition *from on, in requests of
 * at most OFFSETWATCH_CHUNK partitions per end: the timestamps -2 and -1 ask for the log
 * start and the log end, as rd_kafka_query_watermark_offsets does one partition at a time.
 * A broker that does not answer leaves only its partitions unanswered. Returns the partition
 * after the last one asked, or -1 when the question had no answer. */
static int read_ends(struct offsetwatch *w, struct offsetwatch_view *v, const int32_t *leaders,
		     int32_t leader, int from, bool end)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(OFFSETWATCH_CHUNK);
	int next = from;
	for (; next < v->count && list->cnt < OFFSETWATCH_CHUNK; next++)
		if (leaders[next] == leader && !w->skip[next])
			rd_kafka_topic_partition_list_add(list, v->topic, next)->offset = end ? -1 : -2;
	rd_kafka_resp_err_t e = list->cnt ? rd_kafka_offsets_for_times(w->rk, list, OFFSETWATCH_TIMEOUT_MS)
					  : RD_KAFKA_RESP_ERR_NO_ERROR;
	for (int i = 0; i < list->cnt; i++) {
		const rd_kafka_topic_partition_t *t = &list->elems[i];
		/* librdkafka leaves a partition its metadata does not know yet unanswered, without
		 * an error: the offset still holds the timestamp asked */
		if (e || t->err || t->offset < 0)
			w->unanswered[t->partition] = true;
		else if (end)
			v->parts[t->partition].high_watermark = t->offset;
		else
			v->parts[t->partition].log_start = t->offset;
	}
	rd_kafka_topic_partition_list_destroy(list);
	return e ? -1 : next;
}

/* One end of every partition one leader leads, a chunk at a time. A chunk without an answer
 * ends the leader's round: the rest of its partitions stay unanswered rather than each chunk
 * waiting out its own timeout. */
static void read_leader_end(struct offsetwatch *w, struct offsetwatch_view *v, const int32_t *leaders,
			    int32_t leader, int first, bool end)
{
	for (int from = first; from < v->count;) {
		from = read_ends(w, v, leaders, leader, from, end);
		if (from >= 0)
			continue;
		for (int i = first; i < v->count; i++)
			w->unanswered[i] |= leaders[i] == leader;
		return;
	}
}

/* Both ends of every partition, leader by leader. */
static void read_all_ends(struct offsetwatch *w, struct offsetwatch_view *v, const int32_t *leaders)
{
	static int32_t asked[PARTITIONS_MAX]; /* the worker's alone: leaders already asked */
	int n = 0;
	for (int i = 0; i < v->count; i++) {
		if (leaders[i] < 0) {
			w->unanswered[i] = true;
			continue;
		}
		bool seen = false;
		for (int k = 0; k < n && !seen; k++)
			seen = asked[k] == leaders[i];
		if (seen)
			continue;
		asked[n++] = leaders[i];
		if (w->by_wire && wire_peers_knows(&w->peers, leaders[i])) {
			wire_leader_ends(w, v, leaders, leaders[i]);
			continue;
		}
		read_leader_end(w, v, leaders, leaders[i], i, false);
		read_leader_end(w, v, leaders, leaders[i], i, true);
	}
}

/* OffsetFetch: what the group has committed, for up to OFFSETWATCH_CHUNK partitions asked
 * this round from `from` on. Returns the partition after the last one asked, or -1 when the
 * question had no answer. */
static int read_committed_chunk(struct offsetwatch *w, struct offsetwatch_view *v, int from)
{
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(OFFSETWATCH_CHUNK);
	int next = from;
	for (; next < v->count && list->cnt < OFFSETWATCH_CHUNK; next++)
		if (!w->skip[next])
			rd_kafka_topic_partition_list_add(list, v->topic, next);
	rd_kafka_resp_err_t e = list->cnt ? rd_kafka_committed(w->client, list, OFFSETWATCH_TIMEOUT_MS)
					  : RD_KAFKA_RESP_ERR_NO_ERROR;
	for (int i = 0; i < list->cnt; i++) {
		const rd_kafka_topic_partition_t *t = &list->elems[i];
		if (e || t->err)
			w->uncommitted[t->partition] = true;
		else
			v->parts[t->partition].committed = t->offset >= 0 ? t->offset : OFFSET_UNKNOWN;
	}
	rd_kafka_topic_partition_list_destroy(list);
	return e ? -1 : next;
}

/* OffsetFetch for every partition asked this round, a chunk at a time; after a chunk without
 * an answer, the rest stay unanswered this round rather than each waiting out its own
 * timeout. */
static void read_committed(struct offsetwatch *w, struct offsetwatch_view *v)
{
	char err[256];
	if (!w->client && !(w->client = new_client(w, w->cluster->bootstrap, err, sizeof(err)))) {
		for (int i = 0; i < v->count; i++)
			w->uncommitted[i] = true;
		return;
	}
	if (w->client != w->rk)
		rd_kafka_poll(w->client, 0); /* serves on_error: the worker polls w->rk */
	for (int from = 0; from < v->count;) {
		int next = read_committed_chunk(w, v, from);
		if (next < 0) {
			for (int i = from; i < v->count; i++)
				w->uncommitted[i] = true;
			return;
		}
		from = next;
	}
}

/* The partitions this round leaves alone (offsetwatch.h): of those this member is caught
 * up on, every other one, turn about; none when every one is to be asked. */
static void choose_skipped(struct offsetwatch *w, const struct offsetwatch_view *v, unsigned round,
			   bool ask_all)
{
	int n = ask_all ? 0 : lagboard_snapshot_of(w->own, v->topic, w->own_rows, v->count);
	int64_t now = mono_ms();
	for (int i = 0; i < v->count; i++) {
		const struct partition_offsets *p = &w->own_rows[i];
		bool caught_up = i < n && p->partition == i && p->assigned && p->caught_up_mono_ms &&
				 now - p->caught_up_mono_ms <= OFFSETWATCH_CAUGHT_UP_MS;
		/* one never read (a partition just added) has no reading for the fetches to keep
		 * current: asked every round until it has */
		bool read = v->parts[i].offsets_ms && v->parts[i].committed_ms;
		w->skip[i] = read && caught_up && (i + round) % 2 == 1;
	}
}

/* Each leader is asked about one partition at least, its first: every round tells whether
 * each leader answers. */
static void ask_each_leader(struct offsetwatch *w, const struct offsetwatch_view *v,
			    const int32_t *leaders)
{
	static int32_t seen[PARTITIONS_MAX];  /* the worker's alone: leaders so far */
	static int first[PARTITIONS_MAX];     /* their first partition */
	static bool asked[PARTITIONS_MAX];    /* whether one of theirs is asked about */
	int n = 0;
	for (int i = 0; i < v->count; i++) {
		if (leaders[i] < 0)
			continue;
		int k = 0;
		while (k < n && seen[k] != leaders[i])
			k++;
		if (k == n) {
			seen[n] = leaders[i];
			first[n] = i;
			asked[n++] = false;
		}
		asked[k] |= !w->skip[i];
	}
	for (int k = 0; k < n; k++)
		if (!asked[k])
			w->skip[first[k]] = false;
}

/* A member as the screen names it in six columns: client ids and hosts are alike across
 * kticker processes, so the random tail of the member id tells them apart. */
static void owner_name(const struct group_member *m, char *out, size_t size)
{
	size_t n = strlen(m->member_id);
	snprintf(out, size, "m-%s", n > 4 ? m->member_id + n - 4 : m->member_id);
}

/* Describes the group, waiting timeout_ms at most: true when described, or when the cluster
 * does not know it (no member ever joined it: known, as owners go, with none). Asked of the
 * coordinator alone by wire (wiregroup.h) where it can be: one that did not answer fails it,
 * as it would librdkafka's group listing, which asks every broker and fails whole when any
 * one is down. A coordinator that says it no longer is one is found again next round. */
static bool describe_group(struct offsetwatch *w, const char *topic, int timeout_ms,
			   struct group_info *out)
{
	uint8_t req[WIREGROUP_REQUEST_SIZE];
	int32_t id = ++w->peers.next_id;
	size_t len = wiregroup_describe_request(req, sizeof(req), id, w->opt->group);
	if (!w->by_wire || w->coordinator < 0 || !len) {
		char err[256];
		return group_describe(w->rk, w->opt->group, topic, timeout_ms, out, err, sizeof(err)) ||
		       out->unknown;
	}
	size_t got = 0;
	uint8_t *body = wire_peers_exchange(&w->peers, w->coordinator, req, len,
					    mono_ms() + timeout_ms, &got);
	memset(out, 0, sizeof(*out));
	int error = 0;
	bool answered = body && wiregroup_describe_parse(body, got, id, w->opt->group, topic, out, &error);
	free(body);
	bool described = answered && (!error || out->unknown);
	if (!described)
		w->coordinator = -1;
	return described;
}

/* The group's members and what each holds (real clusters: librdkafka's mock, embedded here or
 * in another kticker, does not answer DescribeGroups), waiting timeout_ms at most. */
static void read_owners(struct offsetwatch *w, struct offsetwatch_view *v, int timeout_ms)
{
	static struct group_info group; /* the worker's alone; too large for its stack */
	v->owners_asked_ms = now_ms();
	v->owners_known = describe_group(w, v->topic, timeout_ms, &group);
	if (v->owners_known) {
		pthread_mutex_lock(&w->lock);
		w->described = group;
		copy_str(w->described_topic, sizeof(w->described_topic), v->topic);
		w->described_ms = now_ms();
		pthread_mutex_unlock(&w->lock);
	}
	v->members = v->owners_known ? group.member_count : 0;
	for (int i = 0; i < v->count; i++)
		v->parts[i].owner[0] = '\0';
	for (int m = 0; v->owners_known && m < group.member_count; m++) {
		const struct group_member *gm = &group.members[m];
		for (int k = 0; k < gm->partition_count; k++)
			if (gm->partitions[k] >= 0 && gm->partitions[k] < v->count)
				owner_name(gm, v->parts[gm->partitions[k]].owner, OWNER_NAME_MAX);
	}
}

static void start_round(struct offsetwatch *w, struct offsetwatch_view *v)
{
	char topic[TOPIC_NAME_MAX + 1];
	control_topic(w->control, topic);
	int count = atomic_load(&w->control->partitions);
	if (strcmp(topic, v->topic) != 0) {
		memset(v, 0, sizeof(*v)); /* another topic: nothing of the old one carries over */
		copy_str(v->topic, sizeof(v->topic), topic);
	}
	/* partitions added: the control worker's count may lag the cluster's last answer */
	take_up_count(v, count > v->named ? count : v->named);
}

/* Whether a broker answered this round: a leader, or the coordinator, for a partition asked;
 * or the cluster's answer named no leader for any partition (real clusters: the embedded
 * cluster's leaders are the control worker's last reading, no answer). */
static bool any_answered(const struct offsetwatch *w, const struct offsetwatch_view *v)
{
	bool leaderless = !w->cluster->embedded;
	for (int i = 0; i < v->count; i++) {
		if (!w->skip[i] && (!w->unanswered[i] || !w->uncommitted[i]))
			return true;
		leaderless &= v->parts[i].leaderless;
	}
	return leaderless;
}

static void note_leaders(struct offsetwatch_view *v, const int32_t *leaders)
{
	for (int i = 0; i < v->count; i++)
		v->parts[i].leaderless = leaders[i] == NO_LEADER;
}

/* The time of this round's answers, by partition: the leaders' for log start and high
 * watermark, the coordinator's for committed, each as of when it was asked (a commit of this
 * member's acknowledged after the question is newer than the answer, whenever that came). A
 * coordinator that answered for no partition asked is silent, whatever the leaders did. */
static void note_answers(struct offsetwatch *w, struct offsetwatch_view *v, int64_t ends_asked_ms,
			 int64_t committed_asked_ms, int64_t now)
{
	bool coordinator_answered = false;
	for (int i = 0; i < v->count; i++) {
		if (w->skip[i])
			continue;
		if (!w->unanswered[i])
			v->parts[i].offsets_ms = ends_asked_ms;
		if (!w->uncommitted[i])
			v->parts[i].committed_ms = committed_asked_ms;
		coordinator_answered |= !w->uncommitted[i];
	}
	if (coordinator_answered)
		v->coordinator_unanswered_since_ms = 0;
	else if (!v->coordinator_unanswered_since_ms)
		v->coordinator_unanswered_since_ms = now;
}

/* One round: who leads what (no answer at all: no broker), then each leader's offsets and
 * the group's committed ones, for the partitions asked this round (all of them with
 * ask_all). A partition not asked, or whose questions were not all answered, keeps its old
 * readings and their time: it turns stale when that time is OFFSETWATCH_STALE_MS old. The
 * group's owners come after the offsets are published: describing the group may wait for a
 * broker that is down (librdkafka asks every one), for what is left of the round's second. */
static void round_of_questions(struct offsetwatch *w, unsigned round, bool ask_all)
{
	static int32_t leaders[PARTITIONS_MAX]; /* the worker's alone */
	struct offsetwatch_view *v = &w->work;
	int64_t started = mono_ms();
	start_round(w, v);
	memset(w->unanswered, 0, sizeof(w->unanswered));
	memset(w->uncommitted, 0, sizeof(w->uncommitted));
	char err[160] = "";
	int64_t committed_asked_ms = 0, ends_asked_ms = 0;
	bool answered = v->count > 0 && read_leaders(w, v, leaders, err, sizeof(err));
	if (answered) {
		note_leaders(v, leaders);
		choose_skipped(w, v, round, ask_all);
		ask_each_leader(w, v, leaders);
		/* the committed offsets first: read before the ends, they are never past them */
		committed_asked_ms = now_ms();
		if (!w->by_wire || !wire_committed(w, v))
			read_committed(w, v);
		ends_asked_ms = now_ms();
		read_all_ends(w, v, leaders);
		answered = any_answered(w, v);
		if (!answered)
			snprintf(err, sizeof(err), "no leader answered for the offsets");
	}
	int64_t now = now_ms();
	if (answered) {
		note_answers(w, v, ends_asked_ms, committed_asked_ms, now);
		v->answered_ms = now;
		v->unanswered_since_ms = v->disconnected_since_ms = 0;
		v->error[0] = '\0';
	} else if (v->count > 0) {
		if (!v->unanswered_since_ms)
			v->unanswered_since_ms = now;
		copy_str(v->error, sizeof(v->error), err);
	}
	publish(w, v, answered);
	bool wanted = atomic_exchange(&w->description_wanted, false);
	if (!answered || w->cluster->mock_limits || (round % OWNERS_EVERY != 0 && !wanted))
		return;
	int64_t left = started + OFFSETWATCH_INTERVAL_MS - mono_ms();
	read_owners(w, v, (int)(left > OFFSETWATCH_TIMEOUT_MS ? left : OFFSETWATCH_TIMEOUT_MS));
	publish(w, v, answered);
}

static void *watch_main(void *arg)
{
	struct offsetwatch *w = arg;
	for (unsigned round = 0; !atomic_load(&w->stop); round++) {
		int64_t next = mono_ms() + OFFSETWATCH_INTERVAL_MS;
		round_of_questions(w, round, false);
		/* serves on_error until the next round; offsetwatch_finish cuts it short */
		for (int64_t left; !atomic_load(&w->stop) && (left = next - mono_ms()) > 0;)
			rd_kafka_poll(w->rk, (int)left);
	}
	return NULL;
}

void offsetwatch_init(struct offsetwatch *w)
{
	pthread_mutex_init(&w->lock, NULL);
}

bool offsetwatch_start(struct offsetwatch *w, const struct options *o, struct cluster *cluster,
		       struct control *control, struct lagboard *own, char *err, size_t err_size)
{
	w->opt = o;
	w->cluster = cluster;
	w->control = control;
	w->own = own;
	kconf_on_all_brokers_down(note_others_disconnected, w);
	/* the embedded cluster answers the versions wireoffsets asks: a librdkafka client asked
	 * for both ends per leader and a chunked OffsetFetch each second was a third of a
	 * paused screen's CPU at 64 partitions */
	w->by_wire = cluster->by_wire || cluster->embedded;
	if (cluster->by_wire) {
		w->rk = cluster->admin;
		cluster->all_brokers_down_arg = w;
		cluster->all_brokers_down = note_disconnected;
	} else if (!(w->rk = w->client = new_client(w, cluster->bootstrap, err, err_size))) {
		return false;
	}
	w->read_committed = kconf_reads_committed(w->rk);
	wire_peers_init(&w->peers);
	w->coordinator = -1;
	atomic_store(&w->stop, false);
	w->running = thread_start(&w->thread, watch_main, w, "kt:offsetwatch");
	if (!w->running) {
		snprintf(err, err_size, "cannot start the offset watcher thread");
		offsetwatch_finish(w);
	}
	return w->running;
}

void offsetwatch_finish(struct offsetwatch *w)
{
	if (w->running) {
		atomic_store(&w->stop, true);
		kconf_wake_poll(w->rk);
		pthread_join(w->thread, NULL);
		w->running = false;
	}
	if (!w->rk)
		return;
	round_of_questions(w, 1, true); /* the summary's: after the final commit, every row asked */
	/* the handle never joined the group: it has nothing to leave */
	if (w->client)
		rd_kafka_destroy_flags(w->client, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
	w->cluster->all_brokers_down = NULL;
	w->rk = w->client = NULL;
	wire_peers_close(&w->peers);
}

void offsetwatch_free(struct offsetwatch *w)
{
	offsetwatch_finish(w);
	pthread_mutex_destroy(&w->lock);
}

void offsetwatch_snapshot(struct offsetwatch *w, struct offsetwatch_view *out)
{
	/* the rows a topic has, not all PARTITIONS_MAX: 48 kB a frame, most of it unused, was
	 * a good part of taking the screen's frame (count is kept within 0 and PARTITIONS_MAX) */
	pthread_mutex_lock(&w->lock);
	memcpy(out, &w->view,
	       offsetof(struct offsetwatch_view, parts) + (size_t)w->view.count * sizeof(out->parts[0]));
	pthread_mutex_unlock(&w->lock);
}

bool offsetwatch_ask_description(struct offsetwatch *w)
{
	if (!w->running || w->cluster->mock_limits)
		return false;
	atomic_store(&w->description_wanted, true);
	return true;
}

bool offsetwatch_described_group(struct offsetwatch *w, const char *topic, int64_t since_ms,
				 struct group_info *out, int64_t *described_ms)
{
	pthread_mutex_lock(&w->lock);
	bool fresh = w->described_ms >= since_ms && strcmp(w->described_topic, topic) == 0;
	if (fresh) {
		*out = w->described;
		*described_ms = w->described_ms;
	}
	pthread_mutex_unlock(&w->lock);
	return fresh;
}

int offsetwatch_ends(struct offsetwatch *w, const char *topic, int64_t *log_starts,
		     int64_t *high_watermarks, int max)
{
	pthread_mutex_lock(&w->lock);
	int n = strcmp(w->view.topic, topic) != 0 ? 0 : w->view.count < max ? w->view.count : max;
	for (int i = 0; i < n; i++) {
		if (log_starts)
			log_starts[i] = w->view.parts[i].log_start;
		if (high_watermarks)
			high_watermarks[i] = w->view.parts[i].high_watermark;
	}
	pthread_mutex_unlock(&w->lock);
	return n;
}

/* ---- merging the cluster's view with this member's ------------------------------------- */

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* The owner of a row this member does not hold: the coordinator's, unless it was asked
 * before this member's last rebalance (it would name this member for a row it gave up, or a
 * member that has left since): unknown until the next description. Where the group is never
 * described (the embedded cluster), "other" when other members are known to hold the rest. */
static void name_owner(const struct watched_partition *wp, int64_t owners_asked_ms,
		       int64_t rebalanced_ms, struct partition_offsets *row, bool others_own_rest)
{
	bool described = owners_asked_ms > 0;
	if (described && wp && wp->owner[0] && owners_asked_ms >= rebalanced_ms)
		copy_str(row->owner, sizeof(row->owner), wp->owner);
	else
		copy_str(row->owner, sizeof(row->owner), !described && others_own_rest ? "other" : "");
}

/* When a reading taken at read_ms counts as old: the one moment both the row's stale flags
 * and the time it says they turn are worked out from. */
static int64_t old_from(int64_t read_ms)
{
	return read_ms + OFFSETWATCH_STALE_MS + 1;
}

/* The sooner of two moments, 0 being none. */
static int64_t sooner_moment(int64_t a, int64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

/* The log's ends: the larger of the leader's reading and what this member's fetches read,
 * where it holds the row and has fetched since it took it. Else its figures are kept from
 * an earlier holding (librdkafka keeps a partition's last high watermark across a revoke),
 * and the leader's reading is the log's word since, even below them: the topic made again
 * under its name starts at 0 again ('236, lag 225' shown of a re-made log of 11, all of it
 * committed, by a member that held the deleted one's partition before). */
static void merge_ends(const struct watched_partition *wp, struct partition_offsets *row)
{
	if (!wp || !wp->offsets_ms)
		return;
	if (row->assigned && row->high_of_holding) {
		row->log_start = max64(row->log_start, wp->log_start);
		row->high_watermark = max64(row->high_watermark, wp->high_watermark);
		return;
	}
	row->log_start = wp->log_start;
	row->high_watermark = wp->high_watermark;
}

static void merge_row(const struct watched_partition *wp, int64_t owners_asked_ms,
		      int64_t rebalanced_ms, struct partition_offsets *row, bool others_own_rest,
		      int64_t now_ms, int64_t shown_since_ms)
{
	merge_ends(wp, row);
	/* a commit this member learnt of after the high watermark was read (its own at a
	 * revoke: 405 against a reading of 404) was of offsets read: the log reaches at least
	 * that far. A reading newer than the commit is the log's word, even below it. */
	if (row->high_watermark >= 0 && wp && row->committed_ms > wp->offsets_ms)
		row->high_watermark = max64(row->high_watermark, row->committed);
	if (wp && wp->committed_ms && (row->committed < 0 || wp->committed_ms >= row->committed_ms)) {
		/* the reading of this member's own commit keeps the lag it left; another offset
		 * is a commit this member has not been told of (yet): what it left is unknown */
		if (wp->committed != row->committed)
			row->commit_lag = -1;
		row->committed = wp->committed;
		row->committed_ms = wp->committed_ms;
	}
	/* not read yet is not an old reading: only once the row has been shown as long as a
	 * reading may be old does the lack of one count as stale */
	int64_t ends_ms = wp && wp->offsets_ms ? wp->offsets_ms : shown_since_ms;
	int64_t committed_ms = wp && wp->committed_ms ? wp->committed_ms : shown_since_ms;
	row->ends_stale = now_ms >= old_from(ends_ms);
	row->committed_stale = now_ms >= old_from(committed_ms);
	row->stale = row->ends_stale || row->committed_stale;
	row->stale_at_ms = sooner_moment(row->ends_stale ? 0 : old_from(ends_ms),
					 row->committed_stale ? 0 : old_from(committed_ms));
	row->leaderless = wp && wp->leaderless;
	if (row->assigned) {
		/* the consumer has read up to position: the log reaches at least that far */
		row->high_watermark = max64(row->high_watermark, row->position);
		/* a reading asked after this member took the row is one of its holding, and so
		 * is the larger high watermark kept */
		row->high_of_holding |= wp && wp->offsets_ms && wp->offsets_ms >= row->taken_ms;
		copy_str(row->owner, sizeof(row->owner), "me");
		return;
	}
	row->position = OFFSET_UNKNOWN;
	name_owner(wp, owners_asked_ms, rebalanced_ms, row, others_own_rest);
}

/* When answers missing since `since` count as a silence: the one moment the silences and
 * the time until them are worked out from. */
static int64_t silent_from(int64_t since)
{
	return since + OFFSETWATCH_SILENT_MS;
}

int64_t offsetwatch_silent_ms(const struct offsetwatch_view *v, int64_t now_ms)
{
	if (v->disconnected_since_ms)
		return now_ms - v->disconnected_since_ms;
	if (v->unanswered_since_ms && now_ms >= silent_from(v->unanswered_since_ms))
		return now_ms - v->unanswered_since_ms;
	return -1;
}

int64_t offsetwatch_coordinator_silent_ms(const struct offsetwatch_view *v, int64_t now_ms)
{
	int64_t since = v->coordinator_unanswered_since_ms;
	return since && now_ms >= silent_from(since) ? now_ms - since : -1;
}

/* The time until a silence that began at since (0: none) counts, as the sooner of it and
 * turn (-1: none). */
static int64_t silence_turn(int64_t turn, int64_t since, int64_t now_ms)
{
	if (!since || now_ms >= silent_from(since))
		return turn;
	return sooner_ms(turn, silent_from(since) - now_ms);
}

int64_t offsetwatch_silent_in_ms(const struct offsetwatch_view *v, int64_t now_ms)
{
	int64_t turn = -1;
	if (!v->disconnected_since_ms)
		turn = silence_turn(turn, v->unanswered_since_ms, now_ms);
	return silence_turn(turn, v->coordinator_unanswered_since_ms, now_ms);
}

/* How many rows a topic of `partitions` (the cluster's count) shows beside this member's own
 * rows: its partitions, and beyond them only what this member still holds. A row of its own
 * past the count that it no longer holds is a partition deleted with the topic (made again,
 * smaller, under the same name): its offsets and lag are of a log that is gone. */
static int rows_of_topic(const struct partition_offsets *own, int own_count, int partitions)
{
	int count = partitions;
	for (int i = partitions; i < own_count; i++)
		if (own[i].assigned)
			count = i + 1;
	return count;
}

int offsetwatch_merge(const struct offsetwatch_view *view, const char *topic,
		      const struct partition_offsets *own, int own_count, int64_t rebalanced_ms,
		      bool others_own_rest, int64_t now_ms, struct rows_shown *shown,
		      struct partition_offsets *out, int max)
{
	bool current = view && strcmp(view->topic, topic) == 0;
	int view_count = current ? view->count : 0;
	int count = view_count ? rows_of_topic(own, own_count, view_count) : own_count;
	count = count < max ? count : max;
	if (shown->count > count)
		shown->count = count; /* rows gone (the topic made again smaller): new if they return */
	for (; shown->count < count; shown->count++) /* rows new to the table: shown from now */
		shown->since_ms[shown->count] = now_ms;
	for (int i = 0; i < count; i++) {
		if (i < own_count) {
			out[i] = own[i];
			/* the consumer's look times are the watcher's business, not the screen's:
			 * rows that show the same compare equal (a frame is drawn only on a change) */
			out[i].caught_up_mono_ms = 0;
		} else {
			partition_offsets_reset(&out[i], i);
		}
		merge_row(i < view_count ? &view->parts[i] : NULL, current ? view->owners_asked_ms : 0,
			  rebalanced_ms, &out[i], others_own_rest, now_ms, shown->since_ms[i]);
	}
	return count;
}

int offsetwatch_rows(struct offsetwatch *w, struct lagboard *own, const char *topic,
		     bool others_own_rest, int64_t now_ms, struct partition_offsets *out, int max,
		     const struct offsetwatch_view **view, int64_t *last_commit_ms)
{
	static struct offsetwatch_view latest;             /* the main thread's alone: large */
	static struct partition_offsets mine[PARTITIONS_MAX];
	static char shown_topic[TOPIC_NAME_MAX + 1];       /* the topic asked for */
	static struct rows_shown shown;                    /* since when each of its rows is */
	if (strcmp(shown_topic, topic) != 0) {
		copy_str(shown_topic, sizeof(shown_topic), topic);
		shown.count = 0;
	}
	int64_t rebalanced_ms, committed_ms;
	int own_count = lagboard_snapshot_member(own, mine, PARTITIONS_MAX, &rebalanced_ms, &committed_ms);
	offsetwatch_snapshot(w, &latest);
	if (view)
		*view = &latest;
	if (last_commit_ms)
		*last_commit_ms = committed_ms;
	return offsetwatch_merge(&latest, topic, mine, own_count, rebalanced_ms, others_own_rest,
				 now_ms, &shown, out, max);
}

void offsetwatch_totals(struct offsetwatch *w, struct lagboard *own, const char *topic,
			bool others_own_rest, int64_t now_ms, struct lag_totals *out)
{
	static struct partition_offsets rows[PARTITIONS_MAX]; /* the main thread's alone */
	int n = offsetwatch_rows(w, own, topic, others_own_rest, now_ms, rows, PARTITIONS_MAX, NULL, NULL);
	lag_sum(rows, n, out);
}
