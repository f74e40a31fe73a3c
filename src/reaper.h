/* reaper.h: librdkafka clients destroyed away from the thread that closed them.
 *
 * rd_kafka_destroy can wait for good in librdkafka 2.0.2: a partition deleted while a consumer
 * read it leaves a message in its fetch queue that holds the partition, and the partition the
 * client (librdkafka #4724, fixed in 2.6.1; kcat -C -G hangs the same way when stopped). A
 * consumer thread that closed its member for a topic switch went no further: the new topic
 * was never read. The destroy now runs in a thread of its own; the event log says when one
 * is overdue, and the shutdown waits a little for those in progress, then exits without them.
 * Only the destroy is left to the thread: the close (the final commit, leaving the group) is
 * done, and answered, before. */
#ifndef KTICKER_REAPER_H
#define KTICKER_REAPER_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdint.h>

/* A destroy taking longer than this is told in the event log. */
#define REAPER_OVERDUE_MS 5000

/* Destroys rk with rd_kafka_destroy_flags(rk, flags) in a thread of its own (in the calling
 * thread when none can start); what names the client in the event log. */
void reaper_destroy(rd_kafka_t *rk, int flags, const char *what);
/* Waits at most timeout_ms for every destroy in progress: false when some still are. */
bool reaper_wait(int64_t timeout_ms);

#endif
