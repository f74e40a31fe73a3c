/* lag.c: offsets and lag per partition. */
#include "lag.h"

#include <stdio.h>
#include <string.h>

#include "screenwake.h"

int64_t lag_behind(int64_t high_watermark, int64_t log_start, int64_t offset)
{
	if (high_watermark < 0)
		return -1;
	if (offset < 0)
		offset = log_start > 0 ? log_start : 0;
	return high_watermark > offset ? high_watermark - offset : 0;
}

bool partition_offsets_read_to_end(const struct partition_offsets *p)
{
	if (p->log_start < 0 || p->high_watermark < 0)
		return false;
	return p->position >= p->high_watermark || (p->position < 0 && p->log_start == p->high_watermark);
}

void partition_offsets_reset(struct partition_offsets *p, int32_t partition)
{
	memset(p, 0, sizeof(*p));
	p->partition = partition;
	p->log_start = p->high_watermark = p->position = p->committed = OFFSET_UNKNOWN;
	p->commit_lag = -1;
}

void lag_sum(const struct partition_offsets *parts, int count, struct lag_totals *totals)
{
	memset(totals, 0, sizeof(*totals));
	for (int i = 0; i < count; i++) {
		const struct partition_offsets *p = &parts[i];
		bool unknown = p->high_watermark < 0;
		if (p->committed >= 0 && !unknown) {
			totals->committed_rows++;
			totals->committed_lag += lag_behind(p->high_watermark, p->log_start, p->committed);
		}
		totals->stale += p->stale || unknown;
		if (!p->assigned)
			continue;
		totals->assigned++;
		totals->position_stale += p->ends_stale || unknown;
		int64_t pos = lag_behind(p->high_watermark, p->log_start, p->position);
		totals->position_lag += pos > 0 ? pos : 0;
	}
}

void lagboard_init(struct lagboard *b)
{
	pthread_mutex_init(&b->lock, NULL);
}

void lagboard_free(struct lagboard *b) { pthread_mutex_destroy(&b->lock); }

void lagboard_publish(struct lagboard *b, const struct partition_offsets *parts, int count,
		      int64_t last_commit_ms)
{
	pthread_mutex_lock(&b->lock);
	memcpy(b->parts, parts, (size_t)count * sizeof(*parts));
	b->count = count;
	b->last_commit_ms = last_commit_ms;
	pthread_mutex_unlock(&b->lock);
	screenwake_notify();
}

/* The rows, up to max; the caller holds b->lock. */
static int copy_rows(const struct lagboard *b, struct partition_offsets *out, int max)
{
	int n = b->count < max ? b->count : max;
	memcpy(out, b->parts, (size_t)n * sizeof(*out));
	return n;
}

int lagboard_snapshot(struct lagboard *b, struct partition_offsets *out, int max)
{
	pthread_mutex_lock(&b->lock);
	int n = copy_rows(b, out, max);
	pthread_mutex_unlock(&b->lock);
	return n;
}

int lagboard_snapshot_of(struct lagboard *b, const char *topic, struct partition_offsets *out,
			 int max)
{
	pthread_mutex_lock(&b->lock);
	int n = strcmp(b->topic, topic) != 0 ? 0 : copy_rows(b, out, max);
	pthread_mutex_unlock(&b->lock);
	return n;
}

void lagboard_set_topic(struct lagboard *b, const char *topic)
{
	pthread_mutex_lock(&b->lock);
	snprintf(b->topic, sizeof(b->topic), "%s", topic);
	pthread_mutex_unlock(&b->lock);
}

void lagboard_topic(struct lagboard *b, char out[TOPIC_NAME_MAX + 1])
{
	pthread_mutex_lock(&b->lock);
	memcpy(out, b->topic, sizeof(b->topic));
	pthread_mutex_unlock(&b->lock);
}

void lagboard_set_member(struct lagboard *b, const char *member_id)
{
	pthread_mutex_lock(&b->lock);
	snprintf(b->member_id, sizeof(b->member_id), "%s", member_id ? member_id : "");
	pthread_mutex_unlock(&b->lock);
}

void lagboard_member(struct lagboard *b, char *out, size_t size)
{
	pthread_mutex_lock(&b->lock);
	snprintf(out, size, "%s", b->member_id);
	pthread_mutex_unlock(&b->lock);
}

void lagboard_set_rebalanced(struct lagboard *b, int64_t rebalanced_ms)
{
	pthread_mutex_lock(&b->lock);
	b->rebalanced_ms = rebalanced_ms;
	pthread_mutex_unlock(&b->lock);
}

int lagboard_snapshot_member(struct lagboard *b, struct partition_offsets *out, int max,
			     int64_t *rebalanced_ms, int64_t *last_commit_ms)
{
	pthread_mutex_lock(&b->lock);
	int n = copy_rows(b, out, max);
	*rebalanced_ms = b->rebalanced_ms;
	*last_commit_ms = b->last_commit_ms;
	pthread_mutex_unlock(&b->lock);
	return n;
}
