/* archive.c: NDJSON files by symbol and date, synced before offsets are committed. */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "eventlog.h"
#include "util.h"

/* A file's ticks, by producer and sequence number: what a replay must not write again (the
 * highest seq alone would not do: a reordered tick arrives after a higher one). */
struct seen_set {
	uint64_t *keys; /* 0: free */
	size_t capacity, count;
};

struct archive_file {
	char symbol[TICK_SYMBOL_MAX];
	int32_t date;
	int fd;
	bool dirty;
	struct seen_set seen;
};

static uint64_t tick_key(const struct tick *t)
{
	uint64_t k = hash_str(t->producer) ^ ((uint64_t)t->seq * 0x9E3779B97F4A7C15ULL);
	return k ? k : 1;
}

/* Adds key; false when it was there already. */
static bool seen_add(struct seen_set *s, uint64_t key)
{
	if ((s->count + 1) * 2 > s->capacity) {
		struct seen_set bigger = { xcalloc(s->capacity ? s->capacity * 2 : 64, sizeof(uint64_t)),
					   s->capacity ? s->capacity * 2 : 64, 0 };
		for (size_t i = 0; i < s->capacity; i++)
			if (s->keys[i])
				seen_add(&bigger, s->keys[i]);
		free(s->keys);
		*s = bigger;
	}
	size_t i = key % s->capacity;
	while (s->keys[i]) {
		if (s->keys[i] == key)
			return false;
		i = (i + 1) % s->capacity;
	}
	s->keys[i] = key;
	s->count++;
	return true;
}

static bool make_dir(const char *path)
{
	return mkdir(path, 0755) == 0 || errno == EEXIST;
}

/* Whether a file can be created in dir: permissions, a read-only file system, or a full one
 * (for root too, whom permission bits do not stop). */
static bool can_create_in(const char *dir)
{
	char probe[4096];
	snprintf(probe, sizeof(probe), "%s/.kticker-probe-%ld", dir, (long)getpid());
	int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return false;
	close(fd);
	unlink(probe);
	return true;
}

bool archive_open(struct archive *a, const char *dir, char *err, size_t err_size)
{
	memset(a, 0, sizeof(*a));
	struct stat st;
	if (!make_dir(dir) || stat(dir, &st) != 0) {
		snprintf(err, err_size, "--archive %s: %s", dir, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, err_size, "--archive %s: %s", dir, strerror(ENOTDIR));
		return false;
	}
	if (!can_create_in(dir)) {
		snprintf(err, err_size, "--archive %s: cannot write there: %s", dir, strerror(errno));
		return false;
	}
	if ((a->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, err_size, "--archive %s: %s", dir, strerror(errno));
		return false;
	}
	a->dir = xstrdup(dir);
	return true;
}

/* Reads which ticks the file holds already; a line cut short at the end (a crash mid-write)
 * is cut off. */
static bool load_existing(struct archive_file *f, const char *path)
{
	FILE *in = fopen(path, "r");
	if (!in)
		return errno == ENOENT;
	char line[TICK_JSON_MAX * 2];
	off_t good_end = 0;
	while (fgets(line, sizeof(line), in)) {
		size_t len = strlen(line);
		if (len == 0 || line[len - 1] != '\n')
			break;
		struct tick t;
		char reason[TICK_REASON_MAX];
		if (tick_decode(line, len - 1, &t, reason))
			seen_add(&f->seen, tick_key(&t));
		good_end += (off_t)len;
	}
	fclose(in);
	return truncate(path, good_end) == 0;
}

static struct archive_file *open_file(struct archive *a, const struct tick *t)
{
	char path[4096], date[DATE_TEXT_LEN];
	date_format(t->date, date);
	snprintf(path, sizeof(path), "%s/symbol=%s", a->dir, t->symbol);
	if (!make_dir(path)) {
		eventlog_add(EVENT_ERROR, "archive: %s: %s", path, strerror(errno));
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/symbol=%s/date=%s.ndjson", a->dir, t->symbol, date);
	struct archive_file *f = xcalloc(1, sizeof(*f));
	copy_str(f->symbol, sizeof(f->symbol), t->symbol);
	f->date = t->date;
	if (!load_existing(f, path) || (f->fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0) {
		eventlog_add(EVENT_ERROR, "archive: %s: %s", path, strerror(errno));
		free(f->seen.keys);
		free(f);
		return NULL;
	}
	return f;
}

/* Closes the file; its writes are synced by the next archive_sync, before any commit. */
static bool close_file(struct archive *a, struct archive_file *f)
{
	a->closed_unsynced |= f->dirty;
	bool ok = close(f->fd) == 0;
	free(f->seen.keys);
	free(f);
	return ok;
}

static bool fail(struct archive *a, const char *what)
{
	eventlog_add(EVENT_ERROR, "archive: %s: %s (offsets are not committed past it)", what,
		     strerror(errno));
	a->failed = true;
	return false;
}

static struct archive_file *file_for(struct archive *a, const struct tick *t)
{
	for (int i = 0; i < a->count; i++)
		if (a->files[i]->date == t->date && strcmp(a->files[i]->symbol, t->symbol) == 0)
			return a->files[i];
	if (a->count == ARCHIVE_OPEN_MAX) {
		/* the oldest goes: synced first, as everything closed is */
		if (!close_file(a, a->files[0]))
			fail(a, "closing a file");
		memmove(a->files, a->files + 1, (ARCHIVE_OPEN_MAX - 1) * sizeof(*a->files));
		a->count--;
	}
	struct archive_file *f = open_file(a, t);
	if (f)
		a->files[a->count++] = f;
	return f;
}

bool archive_write(struct archive *a, const struct tick *t)
{
	struct archive_file *f = file_for(a, t);
	if (!f)
		return fail(a, "opening a file");
	if (!seen_add(&f->seen, tick_key(t))) {
		a->skipped++; /* read again after a restart: the file has it */
		return true;
	}
	/* the canonical form: one line whatever layout the producer used */
	char line[TICK_JSON_MAX + 1];
	size_t len = tick_encode(t, line);
	line[len] = '\n';
	if (write(f->fd, line, len + 1) != (ssize_t)(len + 1))
		return fail(a, "writing");
	f->dirty = true;
	a->written++;
	return true;
}

bool archive_sync(struct archive *a)
{
	if (a->closed_unsynced) { /* the whole file system: closed files and open ones */
		if (syncfs(a->dir_fd) != 0)
			return fail(a, "syncfs");
		a->closed_unsynced = false;
		for (int i = 0; i < a->count; i++)
			a->files[i]->dirty = false;
	}
	for (int i = 0; i < a->count; i++) {
		struct archive_file *f = a->files[i];
		if (f->dirty && fsync(f->fd) != 0)
			return fail(a, "fsync");
		f->dirty = false;
	}
	return !a->failed;
}

void archive_close(struct archive *a)
{
	archive_sync(a);
	eventlog_add(EVENT_INFO, "archive %s: %llu ticks written, %llu read again were there already",
		     a->dir, (unsigned long long)a->written, (unsigned long long)a->skipped);
	for (int i = 0; i < a->count; i++)
		close_file(a, a->files[i]);
	a->count = 0;
	close(a->dir_fd);
	free(a->dir);
	a->dir = NULL;
}
