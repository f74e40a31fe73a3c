/* cluster.c: the embedded mock cluster, or a real cluster reached through the admin API. */
#include "cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eventlog.h"
#include "kconf.h"
#include "util.h"

/* The first failed login or TLS handshake of the admin client, which librdkafka would retry
 * for ever: finish_real stops on it. At start-up only finish_real's rd_kafka_poll serves this
 * callback (in the main thread), and it reports the other start-up errors, such as all brokers
 * down, itself; later the offset watcher's poll serves it, and hears of all brokers down. */
static char security_failure[512];

static void admin_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	(void)rk;
	struct cluster *c = opaque;
	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && c->all_brokers_down) {
		char text[512];
		kconf_brokers_down_text(text, sizeof(text), reason);
		c->all_brokers_down(c->all_brokers_down_arg, text);
	}
	if ((err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL) &&
	    !security_failure[0]) {
		/* without librdkafka's "<broker>: " in front: the message names the address */
		const char *colon = strstr(reason, ": ");
		const char *text = colon && strstr(reason, "://") < colon ? colon + 2 : reason;
		snprintf(security_failure, sizeof(security_failure), "%s", text);
	}
}

static rd_kafka_t *new_admin_client(struct cluster *c, const struct options *o, char *err,
				    size_t err_size)
{
	rd_kafka_conf_t *conf = kconf_new(c->bootstrap, err, err_size);
	if (!conf)
		return NULL;
	rd_kafka_conf_set_error_cb(conf, admin_error);
	rd_kafka_conf_set_opaque(conf, c);
	/* the user's -X, for the security settings; it never produces, so no producer id
	 * (an InitProducerId request at each start) even when the producer is idempotent,
	 * unless -X asks for transactions, which librdkafka refuses without idempotence */
	if (!kconf_apply_user(conf, o, err, err_size) ||
	    (!kconf_user_value(o, "transactional.id") &&
	     !kconf_set(conf, "enable.idempotence", "false", err, err_size))) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, err_size);
	if (!rk)
		rd_kafka_conf_destroy(conf);
	return rk;
}

static bool open_embedded(struct cluster *c, const struct options *o, char *err, size_t err_size)
{
	/* The mock cluster lives inside a client handle; kticker's own clients and any outside
	 * ones reach it over loopback like a real cluster. */
	rd_kafka_conf_t *conf = kconf_new(NULL, err, err_size);
	if (!conf)
		return false;
	if (!kconf_set_int(conf, "test.mock.num.brokers", o->brokers, err, err_size)) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	c->admin = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, err_size);
	if (!c->admin) {
		rd_kafka_conf_destroy(conf);
		return false;
	}
	c->mock = rd_kafka_handle_mock_cluster(c->admin);
	if (!c->mock) {
		snprintf(err, err_size, "could not start the embedded Kafka cluster");
		return false;
	}
	c->embedded = c->mock_limits = true;
	c->broker_count = o->brokers;
	kconf_set_cluster_brokers(c->broker_count);
	c->bootstrap = xstrdup(rd_kafka_mock_cluster_bootstraps(c->mock));
	eventlog_add(EVENT_INFO, "embedded cluster: %d brokers at %s", c->broker_count, c->bootstrap);
	return true;
}

/* Asks for metadata about all topics in short rounds, so that a failed login ends the wait at
 * once. */
static rd_kafka_resp_err_t first_metadata(rd_kafka_t *admin, const struct rd_kafka_metadata **md)
{
	int64_t start = mono_ms();
	rd_kafka_resp_err_t e;
	do {
		e = rd_kafka_metadata(admin, 1, NULL, md, 500);
		rd_kafka_poll(admin, 0); /* serves admin_error */
	} while (e && !security_failure[0] && mono_ms() - start < CLUSTER_TIMEOUT_MS);
	return e;
}

/* Debian 12's librdkafka 2.0.2 puts the client nonce twice in SCRAM's final message, which Kafka
 * 4.x refuses as invalid credentials (librdkafka 2.6.1 fixed it): say so rather than blame the
 * password alone. */
static void explain_security_failure(rd_kafka_t *admin, const char *bootstrap, char *err,
				     size_t err_size)
{
	char mechanism[64] = "";
	size_t size = sizeof(mechanism);
	rd_kafka_conf_get(rd_kafka_conf(admin), "sasl.mechanisms", mechanism, &size);
	if (strncasecmp(mechanism, "SCRAM", 5) == 0 && rd_kafka_version() < 0x02060100 &&
	    strstr(security_failure, "invalid credentials"))
		snprintf(err, err_size, "%s authentication failed at %s: kticker runs on librdkafka %s, "
			 "which cannot do SCRAM with Kafka 4.x brokers (a client nonce bug fixed in "
			 "librdkafka 2.6.1); use PLAIN or a newer librdkafka with Kafka 4.x, or check "
			 "sasl.username and sasl.password with Kafka 3.x", mechanism, bootstrap,
			 rd_kafka_version_str());
	else
		snprintf(err, err_size, "cannot connect to %s: %s", bootstrap, security_failure);
}

static bool begin_real(struct cluster *c, const struct options *o, char *err, size_t err_size)
{
	c->bootstrap = xstrdup(o->broker);
	c->admin = new_admin_client(c, o, err, err_size);
	return c->admin != NULL;
}

/* librdkafka's mock cluster names itself "mockCluster" and a number (rdkafka_mock.c); a real
 * cluster's id is 22 characters of base64. From the metadata already answered: no wait. */
static bool is_mock_cluster(rd_kafka_t *admin)
{
	static const char prefix[] = "mockCluster";
	char *id = rd_kafka_clusterid(admin, 0);
	bool mock = id && strncmp(id, prefix, sizeof(prefix) - 1) == 0;
	if (id)
		rd_kafka_mem_free(admin, id);
	return mock;
}

static bool finish_real(struct cluster *c, char *err, size_t err_size)
{
	const struct rd_kafka_metadata *md;
	rd_kafka_resp_err_t e = first_metadata(c->admin, &md);
	if (e && security_failure[0]) {
		explain_security_failure(c->admin, c->bootstrap, err, err_size);
		return false;
	}
	if (e) {
		snprintf(err, err_size, "no Kafka broker answered at %s within %d s (%s)",
			 c->bootstrap, CLUSTER_TIMEOUT_MS / 1000, rd_kafka_err2str(e));
		return false;
	}
	c->broker_count = md->broker_cnt;
	kconf_set_cluster_brokers(c->broker_count);
	c->mock_limits = is_mock_cluster(c->admin);
	eventlog_add(EVENT_INFO, "cluster at %s: %d broker%s%s", c->bootstrap, md->broker_cnt,
		     md->broker_cnt == 1 ? "" : "s",
		     c->mock_limits ? ", librdkafka's mock cluster (another kticker's embedded one): "
				      "kticker works within its limits as on its own (group session, "
				      "fetch wait and rest, the producer's lead, rewinds by its date "
				      "index; no Metadata v7 or DescribeGroups, which it does not answer)" : "");
	c->by_wire = kconf_is_plaintext(c->admin);
	wire_peers_init(&c->peers);
	if (c->by_wire)
		wiremeta_note_brokers(&c->peers, md);
	c->opening_md = md;
	return true;
}

static void forget_opening_metadata(struct cluster *c)
{
	if (c->opening_md)
		rd_kafka_metadata_destroy(c->opening_md);
	c->opening_md = NULL;
}

static bool begin(struct cluster *c, const struct options *o, char *err, size_t err_size)
{
	return o->broker ? begin_real(c, o, err, err_size) : open_embedded(c, o, err, err_size);
}

void cluster_begin(struct cluster *c, const struct options *o)
{
	char err[512];
	if (!begin(c, o, err, sizeof(err)))
		cluster_close(c); /* cluster_open does it again, and says why */
}

bool cluster_open(struct cluster *c, const struct options *o, char *err, size_t err_size)
{
	if (!c->admin && !begin(c, o, err, err_size))
		return false;
	return c->embedded || finish_real(c, err, err_size);
}

/* -1 when md has no such topic, else its partition count. */
static int partitions_in(const struct rd_kafka_metadata *md, const char *topic)
{
	int result = -1;
	for (int i = 0; i < md->topic_cnt; i++)
		if (strcmp(md->topics[i].topic, topic) == 0 && !md->topics[i].err)
			result = md->topics[i].partition_cnt;
	return result;
}

/* -1 when the topic is missing, else its partition count; -2 with err set on failure.
 * Asks for all topics: asking for one by name can make a broker auto-create it with its
 * default partition count. */
static int topic_partitions(struct cluster *c, const char *topic, char *err, size_t err_size)
{
	const struct rd_kafka_metadata *md;
	rd_kafka_resp_err_t e = rd_kafka_metadata(c->admin, 1, NULL, &md, CLUSTER_TIMEOUT_MS);
	if (e) {
		snprintf(err, err_size, "metadata for topic %s: %s", topic, rd_kafka_err2str(e));
		return -2;
	}
	int result = partitions_in(md, topic);
	rd_kafka_metadata_destroy(md);
	return result;
}

typedef const rd_kafka_topic_result_t **(*topic_results_fn)(rd_kafka_event_t *ev, size_t *n);

static const rd_kafka_topic_result_t **created_topics(rd_kafka_event_t *ev, size_t *n)
{
	return rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), n);
}

static const rd_kafka_topic_result_t **created_partitions(rd_kafka_event_t *ev, size_t *n)
{
	return rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(ev), n);
}

/* Waits for the result of one admin request about one topic; false with err set. An error
 * equal to tolerated counts as success. */
static bool admin_result(rd_kafka_queue_t *q, const char *what, topic_results_fn results,
			 rd_kafka_resp_err_t tolerated, int timeout_ms, char *err, size_t err_size)
{
	rd_kafka_event_t *ev = rd_kafka_queue_poll(q, timeout_ms);
	bool ok = false;
	if (!ev) {
		snprintf(err, err_size, "%s: no answer from the cluster", what);
	} else if (rd_kafka_event_error(ev)) {
		snprintf(err, err_size, "%s: %s", what, rd_kafka_event_error_string(ev));
	} else {
		size_t n;
		const rd_kafka_topic_result_t **res = results(ev, &n);
		rd_kafka_resp_err_t e = n ? rd_kafka_topic_result_error(res[0]) : 0;
		ok = !e || e == tolerated;
		if (!ok)
			snprintf(err, err_size, "%s: %s", what, rd_kafka_topic_result_error_string(res[0]));
	}
	if (ev)
		rd_kafka_event_destroy(ev);
	return ok;
}

static bool create_topic(struct cluster *c, const char *topic, int partitions, int timeout_ms,
			 char *err, size_t err_size)
{
	int replication = c->broker_count < 3 ? c->broker_count : 3;
	rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, replication, err, err_size);
	if (!nt)
		return false;
	rd_kafka_queue_t *q = rd_kafka_queue_new(c->admin);
	rd_kafka_CreateTopics(c->admin, &nt, 1, NULL, q);
	char what[300];
	snprintf(what, sizeof(what), "creating topic %s", topic);
	bool ok = admin_result(q, what, created_topics, RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS,
			       timeout_ms, err, err_size);
	rd_kafka_queue_destroy(q);
	rd_kafka_NewTopic_destroy(nt);
	if (ok)
		eventlog_add(EVENT_INFO, "created topic %s: %d partition%s, replication factor %d",
			     topic, partitions, plural(partitions), replication);
	return ok;
}

/* Whether the leader of every partition answers a ListOffsets for it (0), or why not. A
 * broker names itself leader in metadata before it has loaded a new partition, and until then
 * answers both ListOffsets and Produce with NOT_LEADER_OR_FOLLOWER: this asks without writing
 * anything. Metadata is fetched first, as the client's cache may not know partitions just
 * added, and librdkafka leaves a partition without a known leader out of the request. */
static rd_kafka_resp_err_t probe_leaders(struct cluster *c, const char *topic, int partitions)
{
	char err[512];
	if (topic_partitions(c, topic, err, sizeof(err)) < partitions)
		return RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE;
	rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
	for (int i = 0; i < partitions; i++)
		rd_kafka_topic_partition_list_add(list, topic, i)->offset = RD_KAFKA_OFFSET_END;
	rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(c->admin, list, 2000);
	for (int i = 0; !e && i < list->cnt; i++)
		e = list->elems[i].err;
	rd_kafka_topic_partition_list_destroy(list);
	return e;
}

/* After a real cluster created partitions: waits (bounded) until their leaders accept
 * writes. Produce requests sent earlier are answered NOT_LEADER_OR_FOLLOWER and retried,
 * and without idempotence a retried one can land after a later one. (The embedded cluster
 * creates its partitions at once.) */
static void wait_for_writable(struct cluster *c, const char *topic, int partitions)
{
	eventlog_add(EVENT_INFO, "topic %s: waiting until the leader%s of its %d partition%s accept%s writes",
		     topic, plural(partitions), partitions, plural(partitions), partitions == 1 ? "s" : "");
	int64_t start = mono_ms();
	rd_kafka_resp_err_t e;
	while ((e = probe_leaders(c, topic, partitions)) && mono_ms() - start < WRITABLE_WAIT_MS)
		sleep_ms(100);
	double seconds = (double)(mono_ms() - start) / 1000.0;
	if (e)
		eventlog_add(EVENT_WARN, "topic %s: partitions still not writable after %.1f s (%s): "
			     "producing anyway, the first requests may be retried", topic, seconds,
			     rd_kafka_err2str(e));
	else
		eventlog_add(EVENT_INFO, "topic %s: all %d partition leaders accept writes (waited %.1f s)",
			     topic, partitions, seconds);
}

/* Whether kticker can follow every partition of a topic that has `partitions`: its tables
 * hold PARTITIONS_MAX, and a partition beyond them would be read by nobody. */
static bool followable(const char *topic, int partitions, char *err, size_t err_size)
{
	if (partitions <= PARTITIONS_MAX)
		return true;
	snprintf(err, err_size, "topic %s has %d partitions: kticker follows at most %d", topic,
		 partitions, PARTITIONS_MAX);
	return false;
}

/* A topic that is there already keeps its partition count, whatever was asked: *count. */
static bool use_existing(const char *topic, int existing, int *count, char *err, size_t err_size)
{
	if (!followable(topic, existing, err, err_size))
		return false;
	eventlog_add(EVENT_INFO, "topic %s exists with %d partition%s", topic, existing, plural(existing));
	*count = existing;
	return true;
}

/* The same, asking the cluster for the count. */
static bool existing_topic(struct cluster *c, const char *topic, int *count, char *err, size_t err_size)
{
	int existing = topic_partitions(c, topic, err, err_size);
	if (existing < 1) {
		if (existing == -1)
			snprintf(err, err_size, "topic %s: the cluster says it exists, and names no "
				 "partition of it", topic);
		return false;
	}
	return use_existing(topic, existing, count, err, err_size);
}

/* Another kticker's embedded cluster (librdkafka's mock) answers no CreateTopics; it creates
 * a topic a producer's Metadata request names, with its default count, set in *count (and
 * said to differ from the partitions kticker would have asked for). */
static bool create_by_asking(struct cluster *c, const char *topic, int partitions, int *count,
			     char *err, size_t err_size)
{
	const struct rd_kafka_metadata *md = NULL;
	rd_kafka_topic_t *rkt = rd_kafka_topic_new(c->admin, topic, NULL);
	rd_kafka_resp_err_t e = rkt ? rd_kafka_metadata(c->admin, 0, rkt, &md, CLUSTER_TIMEOUT_MS)
				    : rd_kafka_last_error();
	if (rkt)
		rd_kafka_topic_destroy(rkt);
	int made = e ? -1 : partitions_in(md, topic);
	if (md)
		rd_kafka_metadata_destroy(md);
	if (made < 1) {
		snprintf(err, err_size, "creating topic %s by asking the mock cluster for it: %s", topic,
			 e ? rd_kafka_err2str(e) : "it did not make it");
		return false;
	}
	char asked[48] = "";
	if (made != partitions)
		snprintf(asked, sizeof(asked), ", not the %d kticker would ask for", partitions);
	eventlog_add(made == partitions ? EVENT_INFO : EVENT_WARN, "topic %s: made by the mock "
		     "cluster with its default %d partitions%s (it answers no CreateTopics, and makes "
		     "a topic a producer asks about)", topic, made, asked);
	*count = made;
	return true;
}

bool cluster_ensure_topic(struct cluster *c, const char *topic, int partitions, int *count,
			  char *err, size_t err_size)
{
	*count = partitions;
	if (c->embedded) {
		/* Debian's mock cluster answers no CreateTopics request: create it directly. */
		int replication = c->broker_count < 3 ? c->broker_count : 3;
		rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(c->mock, topic, partitions, replication);
		if (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
			return existing_topic(c, topic, count, err, err_size);
		if (e) {
			snprintf(err, err_size, "creating topic %s: %s", topic, rd_kafka_err2str(e));
			return false;
		}
		eventlog_add(EVENT_INFO, "topic %s: %d partition%s, replication factor %d", topic,
			     partitions, plural(partitions), replication);
		return true;
	}
	int existing = c->opening_md ? partitions_in(c->opening_md, topic)
				     : topic_partitions(c, topic, err, err_size);
	forget_opening_metadata(c);
	if (existing == -2)
		return false;
	if (existing > 0)
		return use_existing(topic, existing, count, err, err_size);
	if (c->mock_limits)
		return create_by_asking(c, topic, partitions, count, err, err_size);
	if (!create_topic(c, topic, partitions, CLUSTER_TIMEOUT_MS + 5000, err, err_size))
		return false;
	wait_for_writable(c, topic, partitions);
	return true;
}

/* For the topics kticker writes besides the main one (.dlq, .enriched, .candles): created with
 * the source topic's partition count (one when the source is unknown; another kticker's
 * embedded cluster makes it with its own). When the cluster will not create one, the first
 * write creates it, as Kafka does with auto.create.topics.enable. */
void cluster_prepare_topic(struct cluster *c, const char *topic, const char *source)
{
	char err[512] = "";
	int count;
	int partitions = topic_partitions(c, source, err, sizeof(err));
	if (partitions < 1)
		partitions = 1;
	if (c->embedded) {
		if (!cluster_ensure_topic(c, topic, partitions, &count, err, sizeof(err)))
			eventlog_add(EVENT_WARN, "%s", err);
		return;
	}
	int existing = topic_partitions(c, topic, err, sizeof(err));
	bool created = existing == -1 && (c->mock_limits
						  ? create_by_asking(c, topic, partitions, &count, err, sizeof(err))
						  : create_topic(c, topic, partitions, 3000, err, sizeof(err)));
	if (existing > 0 || created)
		return;
	eventlog_add(EVENT_WARN, "%s: the first write will create it, if the cluster allows", err);
}

bool cluster_add_partitions(struct cluster *c, const char *topic, int partitions, char *err,
			    size_t err_size)
{
	int existing = topic_partitions(c, topic, err, err_size);
	if (existing == -2)
		return false;
	if (partitions <= existing) {
		snprintf(err, err_size, "topic %s has %d partitions: Kafka can add partitions, "
			 "never remove them", topic, existing);
		return false;
	}
	rd_kafka_NewPartitions_t *np = rd_kafka_NewPartitions_new(topic, (size_t)partitions, err, err_size);
	if (!np)
		return false;
	rd_kafka_queue_t *q = rd_kafka_queue_new(c->admin);
	rd_kafka_CreatePartitions(c->admin, &np, 1, NULL, q);
	char what[300];
	snprintf(what, sizeof(what), "adding partitions to %s", topic);
	bool ok = admin_result(q, what, created_partitions, RD_KAFKA_RESP_ERR_NO_ERROR,
			       CLUSTER_TIMEOUT_MS + 5000, err, err_size);
	rd_kafka_queue_destroy(q);
	rd_kafka_NewPartitions_destroy(np);
	if (ok) {
		eventlog_add(EVENT_INFO, "topic %s: %d -> %d partitions (keys may now hash elsewhere)",
			     topic, existing, partitions);
		wait_for_writable(c, topic, partitions);
	}
	return ok;
}

static void copy_replicas(int32_t *out, int *out_count, const int32_t *in, int count)
{
	*out_count = count < REPLICAS_MAX ? count : REPLICAS_MAX;
	memcpy(out, in, (size_t)*out_count * sizeof(int32_t));
}

/* From kticker's own Metadata v7 request (wiremeta.h): librdkafka 2.0.2 reads the leader
 * epochs and keeps them to itself, and a request about one topic through it could make the
 * broker create it. Leader, epoch and ISR all come from one answer, so an election is never
 * told with the epoch from before it. -1 when no broker answered or the topic is not there. */
static int partitions_by_wire(struct cluster *c, const char *topic, struct partition_info *out, int max)
{
	static struct wiremeta_partition parts[PARTITIONS_MAX]; /* the control worker's alone */
	int n = wiremeta_ask(&c->peers, topic, parts, PARTITIONS_MAX, mono_ms() + 1000);
	n = n < max ? n : max;
	for (int i = 0; i < n; i++) {
		out[i].leader = parts[i].leader;
		out[i].leader_epoch = parts[i].epoch;
		copy_replicas(out[i].replicas, &out[i].replica_count, parts[i].replicas, parts[i].replica_count);
		copy_replicas(out[i].isrs, &out[i].isr_count, parts[i].isrs, parts[i].isr_count);
	}
	return n;
}

/* From librdkafka's metadata, about all topics: asking about one by name could make the
 * broker create it. Leader epochs are not known this way. */
static int partitions_by_librdkafka(struct cluster *c, const char *topic, struct partition_info *out,
				    int max)
{
	const struct rd_kafka_metadata *md;
	if (rd_kafka_metadata(c->admin, 1, NULL, &md, 2000))
		return -1;
	if (c->by_wire)
		wiremeta_note_brokers(&c->peers, md);
	int count = -1;
	for (int i = 0; i < md->topic_cnt; i++) {
		const struct rd_kafka_metadata_topic *t = &md->topics[i];
		if (strcmp(t->topic, topic) != 0 || t->err)
			continue;
		count = t->partition_cnt < max ? t->partition_cnt : max;
		for (int p = 0; p < t->partition_cnt; p++) {
			const struct rd_kafka_metadata_partition *mp = &t->partitions[p];
			if (mp->id < 0 || mp->id >= max)
				continue;
			struct partition_info *info = &out[mp->id];
			info->leader = mp->leader;
			info->leader_epoch = WIREMETA_NO_EPOCH;
			copy_replicas(info->replicas, &info->replica_count, mp->replicas, mp->replica_cnt);
			copy_replicas(info->isrs, &info->isr_count, mp->isrs, mp->isr_cnt);
		}
	}
	rd_kafka_metadata_destroy(md);
	return count;
}

#define METADATA_REFUSALS_MAX 3 /* rounds in a row: a broker restarting is not a refusal */
#define METADATA_REFUSAL_MS 100 /* a refusal comes at once; a silent broker takes the deadline */

bool cluster_metadata_by_wire(struct cluster *c)
{
	/* a mock answers Metadata up to v2: kticker's own v7 is never asked of it */
	return c->by_wire && !c->mock_limits &&
	       atomic_load(&c->metadata_refused) < METADATA_REFUSALS_MAX;
}

void cluster_note_metadata(struct cluster *c, int64_t wire_ms, bool librdkafka_answered)
{
	if (wire_ms < 0 || !librdkafka_answered || wire_ms >= METADATA_REFUSAL_MS)
		atomic_store(&c->metadata_refused, 0);
	else if (atomic_fetch_add(&c->metadata_refused, 1) + 1 == METADATA_REFUSALS_MAX)
		eventlog_add(EVENT_WARN, "the cluster refuses kticker's own Metadata request (v7) and "
			     "answers librdkafka's (an embedded cluster's mock answers up to v2): leaders "
			     "are read through librdkafka from now on");
}

/* Kafka's own answer where kticker can ask it (a real cluster over plaintext, whose brokers
 * it knows), librdkafka's otherwise or when none answered. */
int cluster_partitions(struct cluster *c, const char *topic, struct partition_info *out, int max)
{
	bool by_wire = cluster_metadata_by_wire(c) && c->peers.count;
	int64_t start = mono_ms();
	int n = by_wire ? partitions_by_wire(c, topic, out, max) : -1;
	if (n >= 0) {
		cluster_note_metadata(c, -1, true);
		return n;
	}
	int64_t wire_ms = mono_ms() - start;
	n = partitions_by_librdkafka(c, topic, out, max); /* -1 unless it knows the topic */
	if (by_wire)
		cluster_note_metadata(c, wire_ms, n >= 0);
	return n;
}

/* The value of min.insync.replicas in a DescribeConfigs answer about one topic; 0 if none. */
static int min_insync_in(rd_kafka_event_t *ev)
{
	size_t n_res, n_entries;
	const rd_kafka_ConfigResource_t **res =
		rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev), &n_res);
	if (n_res != 1 || rd_kafka_ConfigResource_error(res[0]))
		return 0;
	const rd_kafka_ConfigEntry_t **entries = rd_kafka_ConfigResource_configs(res[0], &n_entries);
	for (size_t i = 0; i < n_entries; i++) {
		const char *value = rd_kafka_ConfigEntry_value(entries[i]);
		if (strcmp(rd_kafka_ConfigEntry_name(entries[i]), "min.insync.replicas") == 0 && value)
			return atoi(value);
	}
	return 0;
}

int cluster_min_insync(struct cluster *c, const char *topic, int timeout_ms)
{
	if (c->mock_limits)
		return 0; /* librdkafka's mock answers no DescribeConfigs, and enforces no minimum */
	rd_kafka_ConfigResource_t *resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
	rd_kafka_AdminOptions_t *options = rd_kafka_AdminOptions_new(c->admin, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
	rd_kafka_AdminOptions_set_request_timeout(options, timeout_ms, NULL, 0);
	rd_kafka_queue_t *q = rd_kafka_queue_new(c->admin);
	rd_kafka_DescribeConfigs(c->admin, &resource, 1, options, q);
	rd_kafka_event_t *ev = rd_kafka_queue_poll(q, timeout_ms + 500);
	int value = ev && !rd_kafka_event_error(ev) ? min_insync_in(ev) : 0;
	if (ev)
		rd_kafka_event_destroy(ev);
	rd_kafka_queue_destroy(q);
	rd_kafka_AdminOptions_destroy(options);
	rd_kafka_ConfigResource_destroy(resource);
	return value;
}

void cluster_close(struct cluster *c)
{
	forget_opening_metadata(c);
	wire_peers_close(&c->peers);
	if (c->admin)
		rd_kafka_destroy(c->admin);
	free(c->bootstrap);
	memset(c, 0, sizeof(*c));
}
