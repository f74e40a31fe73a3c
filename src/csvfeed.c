/* csvfeed.c: Yahoo-Finance daily CSV files, parsed with libcsv and merged by date. */
#include "csvfeed.h"

#include <csv.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "date.h"
#include "eventlog.h"
#include "util.h"

enum column { COL_DATE, COL_OPEN, COL_HIGH, COL_LOW, COL_CLOSE, COL_ADJ_CLOSE, COL_VOLUME,
	      COL_SYMBOL, COL_COUNT };

static const char *const column_names[COL_COUNT] = {
	"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume", "Symbol",
};

#define FIELDS_MAX 32
#define FIELD_TEXT_MAX 64

/* Everything one file's parse needs, passed to libcsv's callbacks. */
struct file_parse {
	struct feed *feed;
	const char *path;
	char file_symbol[TICK_SYMBOL_MAX];
	int column[COL_COUNT]; /* field index of each column, -1 if absent */
	bool have_header;
	unsigned long line;     /* physical line being fed to libcsv */
	unsigned long row_line; /* line the current row started on */
	int field_count;
	char fields[FIELDS_MAX][FIELD_TEXT_MAX];
	size_t bar_capacity;
	bool failed;
	bool have_last_symbol;
	uint32_t last_symbol; /* the previous row's: a file's rows mostly share one */
};

/* "Adj Close", "adj_close" and "AdjClose" all name the same column. */
static bool header_matches(const char *field, const char *name)
{
	for (;;) {
		while (*field == ' ' || *field == '_')
			field++;
		while (*name == ' ')
			name++;
		if (!*field || !*name)
			return !*field && !*name;
		if (tolower((unsigned char)*field) != tolower((unsigned char)*name))
			return false;
		field++;
		name++;
	}
}

__attribute__((format(printf, 2, 3)))
static void report_row(struct file_parse *fp, const char *fmt, ...)
{
	char raw[160], reason[4 * sizeof(raw)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	escape_control(raw, strlen(raw), reason, sizeof(reason)); /* one line, whatever the file holds */
	eventlog_add(EVENT_WARN, "%s:%lu: %s (row skipped)", fp->path, fp->row_line, reason);
	fp->feed->bad_rows++;
}

static bool read_header(struct file_parse *fp)
{
	for (int c = 0; c < COL_COUNT; c++)
		fp->column[c] = -1;
	for (int i = 0; i < fp->field_count; i++) {
		const char *name = fp->fields[i];
		if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
			name += 3; /* UTF-8 byte order mark */
		for (int c = 0; c < COL_COUNT; c++)
			if (fp->column[c] < 0 && header_matches(name, column_names[c]))
				fp->column[c] = i;
		if (fp->column[COL_SYMBOL] < 0 && header_matches(name, "Ticker"))
			fp->column[COL_SYMBOL] = i;
	}
	for (int c = COL_DATE; c <= COL_CLOSE; c++) {
		if (fp->column[c] < 0) {
			eventlog_add(EVENT_ERROR, "%s:%lu: no %s column in the header (file skipped)",
				     fp->path, fp->row_line, column_names[c]);
			return false;
		}
	}
	return true;
}

/* Returns the field text of a column, or NULL when the row is too short for it. */
static const char *column_text(struct file_parse *fp, enum column c)
{
	int i = fp->column[c];
	return i >= 0 && i < fp->field_count ? fp->fields[i] : NULL;
}

static bool parse_number(struct file_parse *fp, enum column c, double max, double *out)
{
	const char *text = column_text(fp, c);
	const char *name = column_names[c];
	if (!text || !*text) {
		report_row(fp, "empty %s", name);
		return false;
	}
	double v;
	bool ok = parse_plain_decimal(text, strlen(text), &v);
	if (!ok && strcasecmp(text, "null") == 0) {
		report_row(fp, "null value in %s", name);
		return false;
	}
	if (!ok) {
		char *end;
		errno = 0;
		v = strtod(text, &end);
		ok = !errno && !*end && isfinite(v);
	}
	if (!ok) {
		report_row(fp, "%s is not a number: '%s'", name, text);
		return false;
	}
	if (v < 0 || v > max) {
		report_row(fp, "%s out of range: '%s'", name, text);
		return false;
	}
	*out = v;
	return true;
}

/* Volume may be absent (0) but, when present, is a whole number; it exceeds 2^31 in the
 * bundled data, so it is kept in 64 bits. */
static bool parse_volume(struct file_parse *fp, int64_t *out)
{
	double v = 0;
	if (fp->column[COL_VOLUME] >= 0 && !parse_number(fp, COL_VOLUME, 9e18, &v))
		return false;
	if (v != floor(v)) {
		report_row(fp, "Volume is not a whole number: '%s'", column_text(fp, COL_VOLUME));
		return false;
	}
	*out = (int64_t)v;
	return true;
}

/* The index of symbol in the feed's list, added when new; false, told, when it is invalid. */
static bool find_symbol(struct file_parse *fp, const char *symbol, uint32_t *index)
{
	if (!tick_name_valid(symbol, TICK_SYMBOL_MAX)) {
		report_row(fp, "invalid symbol '%s' (1-15 characters of A-Z a-z 0-9 . ^ = _ -)", symbol);
		return false;
	}
	struct feed *f = fp->feed;
	for (size_t i = 0; i < f->symbol_count; i++) {
		if (strcmp(f->symbols[i], symbol) == 0) {
			*index = (uint32_t)i;
			return true;
		}
	}
	f->symbols = xrealloc(f->symbols, (f->symbol_count + 1) * sizeof(*f->symbols));
	copy_str(f->symbols[f->symbol_count], TICK_SYMBOL_MAX, symbol);
	*index = (uint32_t)f->symbol_count++;
	return true;
}

static bool parse_symbol(struct file_parse *fp, uint32_t *index)
{
	const char *symbol = column_text(fp, COL_SYMBOL);
	if (!symbol || !*symbol)
		symbol = fp->file_symbol;
	if (fp->have_last_symbol && strcmp(fp->feed->symbols[fp->last_symbol], symbol) == 0) {
		*index = fp->last_symbol; /* known, so already found valid */
		return true;
	}
	if (!find_symbol(fp, symbol, index))
		return false;
	fp->have_last_symbol = true;
	fp->last_symbol = *index;
	return true;
}

static bool check_bar(struct file_parse *fp, const struct bar *b)
{
	if (b->low > b->high) {
		report_row(fp, "Low %g above High %g", b->low, b->high);
		return false;
	}
	if (b->close < b->low || b->close > b->high) {
		report_row(fp, "Close %g outside [Low %g, High %g]", b->close, b->low, b->high);
		return false;
	}
	return true;
}

static bool parse_date(struct file_parse *fp, int32_t *date)
{
	const char *text = column_text(fp, COL_DATE);
	if (!text || !date_parse(text, date)) {
		report_row(fp, "Date is not YYYY-MM-DD: '%s'", text ? text : "");
		return false;
	}
	return true;
}

/* A row dated before the replay's start is counted, not read: it would never be replayed. */
static bool before_start(struct file_parse *fp, int32_t date)
{
	struct feed *f = fp->feed;
	if (date >= f->from_date)
		return false;
	f->rows_before_start++;
	if (date > f->last_date_before_start)
		f->last_date_before_start = date;
	return true;
}

/* The row's values, its date already read. */
static bool parse_bar(struct file_parse *fp, struct bar *b)
{
	if (!parse_number(fp, COL_OPEN, TICK_PRICE_MAX, &b->open) ||
	    !parse_number(fp, COL_HIGH, TICK_PRICE_MAX, &b->high) ||
	    !parse_number(fp, COL_LOW, TICK_PRICE_MAX, &b->low) ||
	    !parse_number(fp, COL_CLOSE, TICK_PRICE_MAX, &b->close))
		return false;
	b->adj_close = b->close; /* files without Adj Close: nothing to adjust */
	if (fp->column[COL_ADJ_CLOSE] >= 0 &&
	    !parse_number(fp, COL_ADJ_CLOSE, TICK_PRICE_MAX, &b->adj_close))
		return false;
	return parse_volume(fp, &b->volume) && parse_symbol(fp, &b->symbol) && check_bar(fp, b);
}

static void add_bar(struct file_parse *fp, const struct bar *b)
{
	struct feed *f = fp->feed;
	if (f->bar_count == fp->bar_capacity) {
		fp->bar_capacity = fp->bar_capacity ? fp->bar_capacity * 2 : 4096;
		f->bars = xrealloc(f->bars, fp->bar_capacity * sizeof(*f->bars));
	}
	f->bars[f->bar_count++] = *b;
}

static void on_field(void *text, size_t len, void *data)
{
	struct file_parse *fp = data;
	if (fp->field_count < FIELDS_MAX) {
		size_t n = len < FIELD_TEXT_MAX - 1 ? len : FIELD_TEXT_MAX - 1;
		memcpy(fp->fields[fp->field_count], text, n);
		fp->fields[fp->field_count][n] = '\0';
	}
	fp->field_count++;
}

static void on_row_end(int terminator, void *data)
{
	(void)terminator;
	struct file_parse *fp = data;
	int fields = fp->field_count;
	fp->field_count = fields < FIELDS_MAX ? fields : FIELDS_MAX;
	if (fields > FIELDS_MAX) {
		report_row(fp, "%d fields, at most %d", fields, FIELDS_MAX);
	} else if (!fp->failed && !fp->have_header) {
		fp->have_header = true;
		fp->failed = !read_header(fp);
	} else if (!fp->failed) {
		struct bar b;
		if (parse_date(fp, &b.date) && !before_start(fp, b.date) && parse_bar(fp, &b))
			add_bar(fp, &b);
	}
	fp->field_count = 0;
}

/* A file read a block at a time, its lines cut out with memchr (getc per byte was a third
 * of the loading). */
struct line_reader {
	FILE *in;
	size_t at, end; /* the unread part of block */
	char block[65536];
};

/* One physical line, newline included, into buf (FEED_LINE_MAX bytes); the rest of a longer
 * line is read and dropped, and *too_long says so. Returns the length, 0 at the end. */
static size_t read_line(struct line_reader *r, char *buf, bool *too_long)
{
	size_t len = 0;
	*too_long = false;
	for (;;) {
		if (r->at == r->end) {
			r->at = 0;
			r->end = fread(r->block, 1, sizeof(r->block), r->in);
			if (r->end == 0)
				return len;
		}
		const char *start = r->block + r->at;
		const char *newline = memchr(start, '\n', r->end - r->at);
		size_t take = newline ? (size_t)(newline - start) + 1 : r->end - r->at;
		size_t kept = take < FEED_LINE_MAX - len ? take : FEED_LINE_MAX - len;
		*too_long |= kept < take;
		memcpy(buf + len, start, kept);
		len += kept;
		r->at += take;
		if (newline)
			return len;
	}
}

static void restart_parser(struct csv_parser *parser)
{
	csv_free(parser);
	csv_init(parser, CSV_STRICT | CSV_STRICT_FINI);
}

/* The bytes libcsv treats apart from the others, besides the comma, are the quote, the
 * spaces it trims and the line ends; a line with any byte up to the space (the other control
 * bytes too) or a quote is left to libcsv, which reads it as the rest. */
static bool maybe_csv_special(char c)
{
	return (unsigned char)c <= ' ' || c == CSV_QUOTE;
}

/* The first byte from i on, before end, that is a comma or below it (the special bytes all
 * are), else end; eight bytes at a time. A byte is marked when taking 0x2d from it borrows
 * and its high bit is clear; a borrow runs only upward, out of a byte already marked, so
 * the lowest mark is a real one. */
static size_t next_comma_or_below(const char *line, size_t i, size_t end)
{
	for (; i + 8 <= end; i += 8) {
		uint64_t x = word_at(line + i);
		uint64_t marks = (x - 0x2d2d2d2d2d2d2d2dULL) & ~x & 0x8080808080808080ULL;
		if (marks)
			return i + (size_t)__builtin_ctzll(marks) / 8;
	}
	while (i < end && (unsigned char)line[i] > ',')
		i++;
	return i;
}

/* Whether the row being split is dated before the replay's start (before_start), told as soon
 * as its date field is in: the rest of the line is then not split. A row whose date does not
 * parse is split whole, and reported. */
static bool row_before_start(struct file_parse *fp)
{
	int32_t date;
	if (!fp->feed->from_date || !fp->have_header || fp->failed ||
	    fp->field_count != fp->column[COL_DATE] + 1 ||
	    !date_parse(fp->fields[fp->field_count - 1], &date) || !before_start(fp, date))
		return false;
	fp->field_count = 0;
	return true;
}

/* A line whose fields hold none of those bytes (every line of Yahoo's files) splits at its
 * commas exactly as libcsv would split it, at a fraction of the cost; false for any other
 * line, left to libcsv. Looking at the bytes a word at a time costs less than one comparison
 * a byte (a third of reading the lines), which cost less than a memchr for each special byte
 * and then for each comma. */
static bool split_plain_line(struct file_parse *fp, const char *line, size_t len)
{
	size_t end = len;
	if (end > 0 && line[end - 1] == '\n')
		end--;
	if (end > 0 && line[end - 1] == '\r')
		end--;
	if (end == 0)
		return false; /* an empty line: libcsv reports no row */
	size_t start = 0;
	for (size_t i = next_comma_or_below(line, 0, end); i < end;
	     i = next_comma_or_below(line, i + 1, end)) {
		if (line[i] == ',') {
			on_field((char *)line + start, i - start, fp);
			if (row_before_start(fp))
				return true;
			start = i + 1;
		} else if (maybe_csv_special(line[i])) {
			fp->field_count = 0;
			return false;
		}
	}
	on_field((char *)line + start, end - start, fp);
	on_row_end(end < len ? (unsigned char)line[end] : -1, fp);
	return true;
}

/* A row is one line (Yahoo's files never quote a newline): a line that ends inside quotes,
 * or that strict libcsv cannot parse, is one bad row, and the next line starts afresh. In
 * libcsv's lenient mode, one stray quote swallowed the rest of the file into one field. */
static void parse_line(struct file_parse *fp, struct csv_parser *parser, const char *line,
		       size_t len)
{
	if (split_plain_line(fp, line, len))
		return;
	if (csv_parse(parser, line, len, on_field, on_row_end, fp) == len &&
	    csv_fini(parser, on_field, on_row_end, fp) == 0)
		return;
	report_row(fp, "unbalanced or misplaced quote");
	fp->field_count = 0;
	restart_parser(parser);
}

static void load_file(struct feed *f, const char *path, size_t *capacity)
{
	FILE *in = fopen(path, "r");
	if (!in) {
		eventlog_add(EVENT_ERROR, "%s: %s", path, strerror(errno));
		f->files_failed++;
		return;
	}
	struct csv_parser parser;
	csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
	struct file_parse *fp = xcalloc(1, sizeof(*fp));
	fp->feed = f;
	fp->path = path;
	fp->bar_capacity = *capacity;
	size_t before = f->bar_count;
	feed_symbol_from_path(path, fp->file_symbol);

	/* Fed one physical line at a time so every row knows its line. */
	char *line = xmalloc(FEED_LINE_MAX);
	struct line_reader *reader = xcalloc(1, sizeof(*reader));
	reader->in = in;
	size_t len;
	bool too_long;
	while (!fp->failed && (len = read_line(reader, line, &too_long)) > 0) {
		fp->row_line = ++fp->line;
		if (too_long)
			report_row(fp, "line longer than %d bytes", FEED_LINE_MAX);
		else
			parse_line(fp, &parser, line, len);
	}
	csv_free(&parser);
	free(reader);
	free(line);
	fclose(in);

	if (fp->failed || !fp->have_header) {
		if (!fp->have_header)
			eventlog_add(EVENT_ERROR, "%s: empty file, no header", path);
		f->bar_count = before; /* a file is used whole or not at all */
		f->files_failed++;
	} else {
		f->files_loaded++;
	}
	*capacity = fp->bar_capacity;
	free(fp);
}

static bool has_csv_extension(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of dir's .csv files, sorted by name (hidden ones left out), their number in
 * *count; NULL with errno set when dir cannot be read. Free each and the array. */
static char **csv_files_in(const char *dir, size_t *count)
{
	*count = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = xmalloc(sizeof(*names));
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !has_csv_extension(e->d_name))
			continue;
		names = xrealloc(names, (*count + 1) * sizeof(*names));
		size_t size = strlen(dir) + strlen(e->d_name) + 2;
		names[*count] = xmalloc(size);
		snprintf(names[(*count)++], size, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (*count) /* qsort(NULL, 0) is undefined */
		qsort(names, *count, sizeof(*names), compare_names);
	return names;
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

static void load_directory(struct feed *f, const char *dir, size_t *capacity)
{
	size_t count;
	char **names = csv_files_in(dir, &count);
	if (!names) {
		eventlog_add(EVENT_ERROR, "%s: %s", dir, strerror(errno));
		f->files_failed++;
		return;
	}
	if (count == 0)
		eventlog_add(EVENT_WARN, "%s: no .csv files in this directory", dir);
	for (size_t i = 0; i < count; i++)
		load_file(f, names[i], capacity);
	free_names(names, count);
}

/* The bytes of CSV at path: a file's size, or the sum of a directory's .csv files' sizes;
 * 0 for what cannot be read (load_file and load_directory tell why). */
static uint64_t csv_bytes(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return (uint64_t)st.st_size;
	size_t count;
	char **names = csv_files_in(path, &count);
	uint64_t bytes = 0;
	for (size_t i = 0; names && i < count; i++)
		bytes += stat(names[i], &st) == 0 ? (uint64_t)st.st_size : 0;
	if (names)
		free_names(names, count);
	return bytes;
}

/* A Yahoo row is 55 to 75 bytes: room for a row every ROW_BYTES_FEW bytes of the files holds
 * them all (more rows grow the array), and room never written costs nothing. */
#define ROW_BYTES_FEW 32

/* Room for every row at once, in huge pages (util.h): the bundled data's 4.1 MB of bars took
 * a thousand page faults in 4 kB pages, a third of the loading on a VM; now three. Without
 * that room (files too large to reserve for), the bars grow as they come. */
static void reserve_bars(struct feed *f, const char *const *paths, int count, size_t *capacity)
{
	uint64_t bytes = 0;
	for (int i = 0; i < count; i++)
		bytes += csv_bytes(paths[i]);
	size_t rows = (size_t)(bytes / ROW_BYTES_FEW) + 1;
	if (bytes && rows < SIZE_MAX / sizeof(*f->bars))
		f->bars = malloc_huge(rows * sizeof(*f->bars));
	*capacity = f->bars ? rows : 0;
}

void feed_symbol_from_path(const char *path, char out[TICK_SYMBOL_MAX])
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (has_csv_extension(base))
		n -= 4;
	if (n >= TICK_SYMBOL_MAX)
		n = TICK_SYMBOL_MAX - 1;
	memcpy(out, base, n);
	out[n] = '\0';
}

/* The end of the run of bars in date order that starts at start, bars taken in the order
 * given by idx. */
static size_t run_end(const struct bar *bars, const uint32_t *idx, size_t start, size_t n)
{
	size_t i = start + 1;
	while (i < n && bars[idx[i - 1]].date <= bars[idx[i]].date)
		i++;
	return i;
}

/* The bar indices a[0..na) and b[0..nb), each in date order, into out in date order; a's
 * first on a tie, so the load order is kept */
static void merge_runs(const struct bar *bars, const uint32_t *a, size_t na, const uint32_t *b,
		       size_t nb, uint32_t *out)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb)
		*out++ = bars[b[j]].date < bars[a[i]].date ? b[j++] : a[i++];
	memcpy(out, a + i, (na - i) * sizeof(*a));
	memcpy(out + (na - i), b + j, (nb - j) * sizeof(*b));
}

/* The bars' indices by date, and on the same date in load order. Files are loaded one after
 * the other, each mostly in date order: the bars are a few runs already in order, merged
 * pair by pair (qsort ignored them and was a seventh of the loading). The two arrays of n
 * indices merged back and forth are scratch[0..2n); the result is one of them. */
static uint32_t *date_order(const struct bar *bars, size_t n, uint32_t *scratch)
{
	uint32_t *from = scratch, *to = scratch + n;
	for (size_t i = 0; i < n; i++)
		from[i] = (uint32_t)i;
	while (run_end(bars, from, 0, n) < n) {
		for (size_t start = 0; start < n;) {
			size_t mid = run_end(bars, from, start, n);
			size_t end = mid < n ? run_end(bars, from, mid, n) : n;
			merge_runs(bars, from + start, mid - start, from + mid, end - mid, to + start);
			start = end;
		}
		uint32_t *merged = to;
		to = from;
		from = merged;
	}
	return from;
}

/* Puts bar order[k] at k, in place, one cycle of the permutation at a time; order is spent.
 * Sorting indices and moving each bar once touches 0.6 MB of scratch where merging the bars
 * themselves took a second array as large as the bars (4.6 MB of the bundled data: 1100
 * page faults, of which the moves along the cycles give back about half the time). */
static void permute_bars(struct bar *bars, uint32_t *order, size_t n)
{
	for (size_t start = 0; start < n; start++) {
		if (order[start] == start)
			continue;
		struct bar held = bars[start];
		size_t k = start;
		while (order[k] != start) {
			size_t from = order[k];
			bars[k] = bars[from];
			order[k] = (uint32_t)k;
			k = from;
		}
		bars[k] = held;
		order[k] = (uint32_t)k;
	}
}

static void sort_bars(struct bar *bars, size_t n)
{
	/* date_order's two index arrays, in one huge page for the bundled data (in 4 kB pages,
	 * 140 page faults: 1.4 ms of the loading on a VM) */
	uint32_t *scratch = xmalloc_huge(2 * n * sizeof(*scratch));
	permute_bars(bars, date_order(bars, n, scratch), n);
	free(scratch);
}

/* A symbol has one bar a day (the replay's walk, the quote's day and the transform's candle
 * take one): a second row of a symbol for a date it has (Yahoo's BTC-USD.csv has 2018-03-25
 * twice) is a bad row, reported by symbol and date, and the first in load order is kept. The
 * bars are sorted by date: a symbol's repeated date is its last kept bar's. */
static void drop_repeated_days(struct feed *f)
{
	size_t *last_kept = xmalloc(f->symbol_count * sizeof(*last_kept));
	for (size_t s = 0; s < f->symbol_count; s++)
		last_kept[s] = SIZE_MAX;
	size_t kept = 0;
	for (size_t i = 0; i < f->bar_count; i++) {
		const struct bar b = f->bars[i];
		size_t k = last_kept[b.symbol];
		if (k != SIZE_MAX && f->bars[k].date == b.date) {
			char day[DATE_TEXT_LEN];
			date_format(b.date, day);
			eventlog_add(EVENT_WARN, "%s: a second row dated %s (row skipped)", f->symbols[b.symbol], day);
			f->bad_rows++;
			continue;
		}
		last_kept[b.symbol] = kept;
		f->bars[kept++] = b;
	}
	f->bar_count = kept;
	free(last_kept);
}

static void index_days(struct feed *f)
{
	f->day_first = xmalloc((f->bar_count + 1) * sizeof(*f->day_first));
	f->day_count = 0;
	for (size_t i = 0; i < f->bar_count; i++)
		if (i == 0 || f->bars[i].date != f->bars[i - 1].date)
			f->day_first[f->day_count++] = i;
	f->day_first[f->day_count] = f->bar_count;
}

int feed_load(struct feed *f, const char *const *paths, int count, int32_t from_date)
{
	memset(f, 0, sizeof(*f));
	f->from_date = from_date;
	size_t capacity = 0;
	reserve_bars(f, paths, count, &capacity);
	for (int i = 0; i < count; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			load_directory(f, paths[i], &capacity);
		else
			load_file(f, paths[i], &capacity);
	}
	if (f->bar_count) {
		sort_bars(f->bars, f->bar_count);
		drop_repeated_days(f);
	}
	index_days(f);
	return f->bar_count > 0 ? 0 : -1;
}

void feed_free(struct feed *f)
{
	free(f->symbols);
	free(f->bars);
	free(f->day_first);
	memset(f, 0, sizeof(*f));
}

int32_t feed_lively_start(const struct feed *f)
{
	size_t wanted = (f->symbol_count * 3 + 3) / 4; /* at least 3/4, rounded up */
	bool *seen = xcalloc(f->symbol_count ? f->symbol_count : 1, sizeof(*seen));
	int32_t start = f->day_count ? f->bars[0].date : 0;
	for (size_t d = 0; d < f->day_count; d++) {
		memset(seen, 0, f->symbol_count * sizeof(*seen));
		size_t trading = 0;
		for (size_t i = f->day_first[d]; i < f->day_first[d + 1]; i++)
			if (!seen[f->bars[i].symbol]) {
				seen[f->bars[i].symbol] = true;
				trading++;
			}
		if (trading >= wanted) {
			start = f->bars[f->day_first[d]].date;
			break;
		}
	}
	free(seen);
	return start;
}
