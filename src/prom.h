/* prom.h: --prom FILE, the run's figures once a second in Prometheus' text format for
 * node_exporter's textfile collector, written to a temporary file and renamed over FILE so a
 * scrape never reads half a file. The lag metrics carry kafka-lag-exporter's names and
 * labels, so the Grafana dashboards built for it work unchanged:
 *
 *   kafka_consumergroup_group_lag{group,topic,partition}          high watermark - committed
 *   kafka_consumergroup_group_lag_seconds{group,topic,partition}  age of the committed tick
 *   kafka_consumergroup_group_max_lag{group}, ..._max_lag_seconds{group}, ..._sum_lag{group}
 *   kafka_partition_latest_offset{topic,partition}, kafka_partition_earliest_offset{...}
 *
 * beside kticker's own (kticker_*): rates, latency quantiles, delivery checks and the health
 * verdict, judged as the screen judges it (health.h). A value that does not exist (nothing
 * committed, a latency with no sample this second) is left out, never written as 0.
 * Written by the main thread (screen or headless loop), from the rows the screen shows. */
#ifndef KTICKER_PROM_H
#define KTICKER_PROM_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "control.h"
#include "health.h"
#include "histogram.h"
#include "pipeline.h"

struct prom {
	char path[PATH_MAX];
	char tmp[PATH_MAX + 8];
	bool open;
	int64_t next_ms, last_ms;
	uint64_t last_produced, last_consumed;
	struct histogram_copy last_delivery, last_e2e;
	unsigned topic_generation;
	char topic[TOPIC_NAME_MAX + 1]; /* the topic of the last write */
	struct health_window health; /* the verdict's window, one sample a write */
	bool failed;                 /* a write failed (reported once) */
};

/* Checks the file's directory takes a file now; false with a message in err. */
bool prom_open(struct prom *m, const char *path, char *err, size_t err_size);
/* Writes the file when a second has passed since the last write. Returns the monotonic ms of
 * the next write (INT64_MAX: no file). */
int64_t prom_poll(struct prom *m, struct pipeline *p);
/* Writes the file a last time (the final offsets, after the last commit); false when a
 * write failed (reported): the run must not exit 0. */
bool prom_close(struct prom *m, struct pipeline *p);

#endif
