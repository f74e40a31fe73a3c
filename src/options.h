/* options.h: the command line and the config file under it (conffile.h), parsed once at
 * start-up into one read-only struct. */
#ifndef KTICKER_OPTIONS_H
#define KTICKER_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define OPTIONS_MAX_LIST 64
#define PARTITIONS_MAX 1024
#define TOPIC_NAME_MAX 250 /* room for the longest topic name Kafka allows (249) */

enum role { ROLE_BOTH, ROLE_PRODUCER, ROLE_CONSUMER, ROLE_TRANSFORM };
enum commit_mode { COMMIT_AUTO, COMMIT_AFTER, COMMIT_BEFORE };
extern const char *const role_names[];
extern const char *const commit_mode_names[];

struct options {
	const char *broker;          /* NULL: start the embedded mock cluster */
	int brokers;                 /* embedded or local cluster size */
	bool local_cluster;          /* --cluster local: start real brokers (see localcluster.h) */
	const char *state_dir;       /* --cluster local's state; NULL: a temporary directory */
	int partitions;
	const char *topic;
	const char *group;
	const char *instance_id;     /* --instance-id: static group membership; NULL: dynamic */
	const char *data[OPTIONS_MAX_LIST];
	int data_count;
	int delay_ms;                /* length of one simulated trading day */
	int ticks_per_day;
	uint64_t seed;
	int32_t from_date;           /* replay starts at this date (YYYYMMDD), 0: the first */
	bool loop;
	const char *acks;            /* "0", "1" or "all" */
	bool idempotence;            /* on unless --no-idempotence or --acks 0|1 */
	bool idempotence_given;      /* --idempotence or --no-idempotence was given */
	const char *props[OPTIONS_MAX_LIST]; /* -X key=value, passed to librdkafka */
	int prop_count;
	int file_prop_count;         /* the first props, the config file's (before -X's) */
	bool headless;
	int duration_s;              /* 0: no time limit */
	int64_t count;               /* 0: no tick limit */
	const char *log_file;
	bool ascii;                  /* no UTF-8 block characters or line drawing */
	bool no_color;
	int fps;                     /* screen redraws per second */
	int role;                    /* enum role */
	int commit;                  /* enum commit_mode, at start-up */
	const char *scenario_file;
	const char *metrics_file;
	const char *prom_file;       /* --prom: Prometheus textfile (prom.h) */
	const char *report_file;
	const char *archive_dir;     /* NULL: no archive */
	bool transform;              /* run the transform stage (also: --role transform) */
	int lesson;                  /* >= 0: print that lesson and exit */
	const char *config_file;     /* the config file read (conffile.h); NULL: none */
};

/* Whether this kticker runs the producer, and the consumer, of the main pipeline. */
bool options_has_producer(const struct options *o);
bool options_has_consumer(const struct options *o);

/* Parses argv. Returns -1 to continue, otherwise the exit status to exit with at once
 * (0 after --help or --version, 2 after a usage error, already explained on stderr). */
int options_parse(struct options *o, int argc, char **argv);

#endif
