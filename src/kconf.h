/* kconf.h: librdkafka client configuration common to every client kticker creates. */
#ifndef KTICKER_KCONF_H
#define KTICKER_KCONF_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>

#include "options.h"

/* A configuration with bootstrap.servers (unless NULL) and logging into the event log. NULL on error, with
 * librdkafka's own error text in err. */
/* Who must know at once when a client made by kconf_new loses its last broker connection
 * (librdkafka's all-brokers-down error): the offset watcher. Set before those clients are
 * made; the hook runs on the thread that serves the client's errors. */
void kconf_on_all_brokers_down(void (*hook)(void *arg, const char *reason), void *arg);
rd_kafka_conf_t *kconf_new(const char *bootstrap, char *err, size_t err_size);
/* The cluster's broker count (distinct broker ids), set by cluster.c once it is known. */
void kconf_set_cluster_brokers(int count);
/* librdkafka's all-brokers-down text, "N/M brokers are down", counts the client's broker
 * handles: a consumer's group coordinator connection is one more (4/4 on the embedded
 * cluster's 3 brokers), and so is a bootstrap address no broker advertises. out says the
 * cluster's count instead, once set; any other reason is copied as it is. */
void kconf_brokers_down_text(char *out, size_t size, const char *reason);
/* Applies every -X property; called last, so the user's word wins over kticker's defaults. */
/* librdkafka starts Cyrus SASL at its first client whatever the configuration, and Cyrus
 * loads every plugin installed (eight on Debian, one with Berkeley DB): 4 to 8 ms of
 * kticker's start-up, a tenth of a short run's. Without SASL in the configuration
 * (security.protocol), none is needed: before the first client, an empty plugin path
 * (SASL_PATH, unless set) spares loading them. */
void kconf_skip_unused_sasl(const struct options *o);
bool kconf_apply_user(rd_kafka_conf_t *conf, const struct options *o, char *err, size_t err_size);
/* The value the user gave a property with -X (the last one wins), or NULL. */
const char *kconf_user_value(const struct options *o, const char *name);
/* librdkafka's log line into the event log: the log callback of every client kconf_new makes,
 * for a client with its own callback to pass lines on. */
void kconf_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf);
/* Sets one property; false with librdkafka's error text in err. */
bool kconf_set(rd_kafka_conf_t *conf, const char *name, const char *value, char *err,
	       size_t err_size);
/* kconf_set with a whole number. */
bool kconf_set_int(rd_kafka_conf_t *conf, const char *name, int value, char *err, size_t err_size);

/* Whether a property holds a secret (a password, a key, a token): its value is never shown,
 * and a config file that holds it must be its owner's alone. */
bool kconf_is_secret(const char *name);
/* What a message may show of a property's value: the value, or "(secret)" or "..." (an unknown key). */
const char *kconf_shown_value(const char *name, const char *value, bool known);

/* A consumer group member's session, and its wait for a JoinGroup answer: short on
 * librdkafka's mock cluster, embedded or another kticker's (see kconf.c). */
bool kconf_set_group_session(rd_kafka_conf_t *conf, const struct options *o, bool mock,
			     char *err, size_t err_size);
/* A consumer's fetch wait and prefetch: short on the mock cluster (see kconf.c). */
#define EMBEDDED_FETCH_WAIT_MS "10"
#define EMBEDDED_PREFETCH_MAX "10000"
bool kconf_set_embedded_fetch(rd_kafka_conf_t *conf, bool mock, char *err, size_t err_size);

/* A property's value as the client has it (after -X and the config file) into out; false
 * when the client has no such property or out is too small for it. */
bool kconf_client_value(rd_kafka_t *rk, const char *name, char *out, size_t size);

/* Whether a client talks to its brokers without TLS or SASL: only then can kticker ask them
 * its own hand-written requests (wire.h). */
bool kconf_is_plaintext(rd_kafka_t *rk);

/* Whether a consumer client reads only committed transactions (isolation.level, librdkafka's
 * default read_committed): its log end is then the last stable offset. */
bool kconf_reads_committed(rd_kafka_t *rk);

/* Ends a thread's wait in rd_kafka_poll() on this client at once (or its next one, when it is
 * not waiting yet): a worker told to stop need not wait out its poll. */
void kconf_wake_poll(rd_kafka_t *rk);

/* The -X or config file linger.ms (or queue.buffering.max.ms) the user gave, the last one;
 * NULL if none. */
const char *kconf_user_linger(const struct options *o);
/* Where that linger came from, for the screen to say: "-X" or "file". */
const char *kconf_user_linger_source(const struct options *o);

#endif
