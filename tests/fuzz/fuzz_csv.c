/* fuzz_csv.c: libFuzzer target for the CSV loader. Any bytes as one file: no memory error,
 * and what is loaded keeps the feed's promises (sorted by date, valid bars, day index and
 * symbols consistent). The file is a memfd, reached by its /proc path as --data would be. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csvfeed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_feed(const struct feed *f)
{
	for (size_t i = 0; i < f->bar_count; i++) {
		const struct bar *b = &f->bars[i];
		if ((i && b->date < f->bars[i - 1].date) || b->symbol >= f->symbol_count ||
		    !(b->low <= b->close && b->close <= b->high) || b->volume < 0)
			abort();
	}
	if (f->bar_count && (f->day_first[0] != 0 || f->day_first[f->day_count] != f->bar_count))
		abort();
	for (size_t d = 0; d < f->day_count; d++)
		if (f->day_first[d] >= f->day_first[d + 1])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz.csv", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	const char *paths[1] = { path };
	struct feed f;
	feed_load(&f, paths, 1, 0);
	check_feed(&f);
	feed_free(&f);
	return 0;
}
