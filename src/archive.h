/* archive.h: --archive DIR, the consumed ticks as NDJSON in a Hive-style layout,
 * DIR/symbol=SYM/date=YYYY-MM-DD.ndjson, one tick per line in tick_encode's layout (queryable
 * as is by DuckDB, Athena, Spark or jq).
 *
 * A batch's files are flushed and synced before the offsets that cover it are stored, so a
 * crash loses nothing (files closed meanwhile, when more than ARCHIVE_OPEN_MAX were open, by
 * one syncfs of DIR's file system: daily data opens a file per tick, and an fsync at each
 * close made the archive 7 times slower than the run); the ticks read again after a restart are recognised by their producer
 * and sequence number (already in the file) and not written twice. A line cut short by a
 * crash is dropped when the file is opened again: its tick was not committed, so it is read
 * again. Owned by the consumer thread. */
#ifndef KTICKER_ARCHIVE_H
#define KTICKER_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tick.h"

#define ARCHIVE_OPEN_MAX 64 /* files kept open at once */

struct archive_file;

struct archive {
	char *dir;
	struct archive_file *files[ARCHIVE_OPEN_MAX];
	int count;
	uint64_t written, skipped; /* lines appended; ticks already in the archive */
	bool failed;               /* an error was reported: nothing is committed past it */
	int dir_fd;                /* DIR, for syncfs: its file system holds every file */
	bool closed_unsynced;      /* a file was closed with writes not yet synced */
};

/* Creates DIR when missing; false with a message in err. */
bool archive_open(struct archive *a, const char *dir, char *err, size_t err_size);
/* Appends tick t, unless the archive has it already. */
bool archive_write(struct archive *a, const struct tick *t);
/* Flushes and fsyncs what was written since the last call; false on an error (reported). */
bool archive_sync(struct archive *a);
void archive_close(struct archive *a);

#endif
