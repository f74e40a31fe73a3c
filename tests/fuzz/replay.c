/* replay.c: the unit-test driver for a fuzz target. Runs the target's LLVMFuzzerTestOneInput
 * (built with the regular compiler, without libFuzzer) over every file of its corpus,
 * $TESTS_DIR/fuzz/FUZZ_CORPUS, or over the files named on the command line. Every crash input
 * a fuzzer ever found is kept in the corpus, so `make check` replays them all; a target
 * aborts on a wrong result, and a sanitizer build also catches memory errors. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	size_t capacity = 4096, size = 0, n;
	uint8_t *data = malloc(capacity);
	while (data && (n = fread(data + size, 1, capacity - size, f)) > 0) {
		size += n;
		if (size == capacity)
			data = realloc(data, capacity *= 2);
	}
	fclose(f);
	if (!data)
		abort();
	/* exactly size bytes, so a read past the input is caught by ASan */
	uint8_t *exact = malloc(size ? size : 1);
	memcpy(exact, data, size);
	free(data);
	LLVMFuzzerTestOneInput(exact, size);
	free(exact);
}

static int replay_corpus(void)
{
	const char *tests = getenv("TESTS_DIR");
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/fuzz/%s", tests ? tests : "tests", FUZZ_CORPUS);
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	int files = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		replay_file(path);
		files++;
	}
	closedir(d);
	printf("%s: %d inputs replayed\n", dir, files);
	return files ? 0 : 1; /* an empty corpus means the path is wrong */
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		replay_file(argv[i]);
	return argc > 1 ? 0 : replay_corpus();
}
