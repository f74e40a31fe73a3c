/* CSV feed: every quirk of Yahoo files, bad rows with file and line, merging by date. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "csvfeed.h"
#include "eventlog.h"

static char dir[256];
static uint64_t events_seen;

static const char *write_file(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
	return path;
}

/* The warnings logged since the last call, joined with newlines. */
static const char *new_events(void)
{
	static char all[8192];
	struct event ev[64];
	size_t used = 0;
	unsigned n;
	all[0] = '\0';
	while ((n = eventlog_read(events_seen, ev, 64, NULL)) > 0) {
		for (unsigned i = 0; i < n && used < sizeof(all) - 300; i++)
			used += (size_t)snprintf(all + used, sizeof(all) - used, "%s\n", ev[i].text);
		events_seen = ev[n - 1].id;
	}
	return all;
}

static struct feed load_one(const char *name, const char *text)
{
	const char *path = write_file(name, text);
	struct feed f;
	feed_load(&f, &path, 1, 0);
	return f;
}

#define HEADER "Date,Open,High,Low,Close,Adj Close,Volume"

static void test_plain_and_no_final_newline(void)
{
	struct feed f = load_one("AAPL.csv", HEADER "\n"
		"2020-12-10,120.500000,123.870003,120.150002,123.239998,123.239998,81312200\n"
		"2020-12-11,122.430000,122.760002,120.550003,122.410004,122.410004,86939800");
	CHECK_INT(f.bar_count, 2);
	CHECK_INT(f.symbol_count, 1);
	CHECK_STR(f.symbols[0], "AAPL");
	CHECK_INT(f.bars[1].date, 20201211);
	CHECK_NEAR(f.bars[1].close, 122.410004, 1e-9);
	CHECK_INT(f.bars[1].volume, 86939800);
	CHECK_INT(f.bad_rows, 0);
	feed_free(&f);
}

static void test_crlf_blank_lines_and_quotes(void)
{
	struct feed f = load_one("MSFT.csv", "\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Adj Close\",\"Volume\"\r\n"
		"\r\n"
		"\"1986-03-13\",\"0.088542\",0.101563,0.088542,0.097222,0.061893,\"1031788800\"\r\n"
		"\r\n\r\n"
		"1986-03-14,0.097222,0.102431,0.097222,0.100694,0.064103,308160000\r\n"
		"\n");
	CHECK_INT(f.bar_count, 2);
	CHECK_INT(f.bad_rows, 0);
	CHECK_NEAR(f.bars[0].open, 0.088542, 1e-12);
	CHECK_NEAR(f.bars[0].adj_close, 0.061893, 1e-12);
	CHECK_INT(f.bars[0].volume, 1031788800);
	feed_free(&f);
}

static void test_null_row_reported_with_line(void)
{
	struct feed f = load_one("AAPL.csv", HEADER "\n"
		"1981-08-07,0.116629,0.117187,0.116629,0.116629,0.091112,14694400\n"
		"\n"
		"1981-08-10,null,null,null,null,null,null\n"
		"1981-08-11,0.114397,0.114397,0.113839,0.113839,0.088930,20473600\n");
	CHECK_INT(f.bar_count, 2);
	CHECK_INT(f.bad_rows, 1);
	const char *ev = new_events();
	CHECK_CONTAINS(ev, "AAPL.csv:4: null value in Open");
	feed_free(&f);
}

static void test_missing_adj_close_and_reordered_columns(void)
{
	struct feed f = load_one("IDX.csv", "Volume,Close,Low,High,Open,Date\n"
		"1129400000,1283.27,1276.05,1320.28,1320.28,2001-01-02\n");
	CHECK_INT(f.bar_count, 1);
	CHECK_NEAR(f.bars[0].adj_close, 1283.27, 1e-9);
	CHECK_NEAR(f.bars[0].open, 1320.28, 1e-9);
	CHECK_INT(f.bars[0].volume, 1129400000);
	feed_free(&f);
}

static void test_symbol_column_overrides_file_name(void)
{
	struct feed f = load_one("mixed.csv", "Symbol,Date,Open,High,Low,Close\n"
		"XOM,2020-01-02,70,71,69,70.5\n"
		"CVX,2020-01-02,120,121,119,120.5\n"
		",2020-01-03,1,2,1,1.5\n");
	CHECK_INT(f.bar_count, 3);
	CHECK_INT(f.symbol_count, 3);
	CHECK_STR(f.symbols[f.bars[0].symbol], "XOM");
	CHECK_STR(f.symbols[f.bars[1].symbol], "CVX");
	CHECK_STR(f.symbols[f.bars[2].symbol], "mixed"); /* empty cell: the file's name */
	CHECK_INT(f.bars[0].volume, 0);
	feed_free(&f);
}

static void test_bad_rows_each_reported(void)
{
	new_events();
	struct feed f = load_one("BAD.csv", HEADER "\n"
		"2020-13-01,1,2,1,1.5,1.5,10\n"     /* line 2 */
		"2020-01-02,abc,2,1,1.5,1.5,10\n"   /* line 3 */
		"2020-01-03,1,1,2,1.5,1.5,10\n"     /* line 4 */
		"2020-01-04,1,2,1,3,3,10\n"         /* line 5 */
		"2020-01-05,1,2,1\n"                /* line 6 */
		"2020-01-06,1,2,1,1.5,1.5,-5\n"     /* line 7 */
		"2020-01-07,,2,1,1.5,1.5,10\n"      /* line 8 */
		"2020-01-08,1,2,1,1.5,1.5,10.5\n"   /* line 9 */
		"2020-01-09,1,2,1,1.5,1.5,10\n");   /* line 10: good */
	CHECK_INT(f.bar_count, 1);
	CHECK_INT(f.bad_rows, 8);
	const char *ev = new_events();
	CHECK_CONTAINS(ev, "BAD.csv:2: Date is not YYYY-MM-DD: '2020-13-01'");
	CHECK_CONTAINS(ev, "BAD.csv:3: Open is not a number: 'abc'");
	CHECK_CONTAINS(ev, "BAD.csv:4: Low 2 above High 1");
	CHECK_CONTAINS(ev, "BAD.csv:5: Close 3 outside [Low 1, High 2]");
	CHECK_CONTAINS(ev, "BAD.csv:6: empty Close");
	CHECK_CONTAINS(ev, "BAD.csv:7: Volume out of range: '-5'");
	CHECK_CONTAINS(ev, "BAD.csv:8: empty Open");
	CHECK_CONTAINS(ev, "BAD.csv:9: Volume is not a whole number: '10.5'");
	feed_free(&f);
}

static void test_repeated_day_reported(void)
{
	new_events();
	struct feed f = load_one("REP.csv", HEADER "\n"
		"2020-01-02,1,2,1,1.5,1.5,10\n"
		"2020-01-03,1,2,1,1.25,1.25,10\n"
		"2020-01-02,5,6,4,5.5,5.5,10\n"); /* line 4: 2020-01-02 again */
	CHECK_INT(f.bar_count, 2);
	CHECK_INT(f.bad_rows, 1);
	CHECK(f.bars[0].date == 20200102 && f.bars[0].close == 1.5); /* the first kept */
	CHECK_INT(f.day_count, 2);
	CHECK_CONTAINS(new_events(), "REP: a second row dated 2020-01-02 (row skipped)");
	feed_free(&f);
}

static void test_missing_column_skips_file(void)
{
	new_events();
	const char *paths[2];
	char good[512];
	snprintf(good, sizeof(good), "%s", write_file("GOOD.csv", HEADER "\n2020-01-02,1,2,1,1.5,1.5,10\n"));
	paths[0] = write_file("NOCLOSE.csv", "Date,Open,High,Low\n2020-01-02,1,2,1\n");
	paths[1] = good;
	struct feed f;
	CHECK_INT(feed_load(&f, paths, 2, 0), 0);
	CHECK_INT(f.files_failed, 1);
	CHECK_INT(f.files_loaded, 1);
	CHECK_INT(f.bar_count, 1);
	CHECK_CONTAINS(new_events(), "NOCLOSE.csv:1: no Close column in the header");
	feed_free(&f);

	const char *missing = "/nonexistent/x.csv";
	CHECK_INT(feed_load(&f, &missing, 1, 0), -1);
	CHECK_CONTAINS(new_events(), "/nonexistent/x.csv: No such file or directory");
	feed_free(&f);
}

static void test_merge_by_date_from_directory(void)
{
	char sub[300];
	snprintf(sub, sizeof(sub), "%s/merge", dir);
	mkdir(sub, 0755);
	char a[400], b[400];
	snprintf(a, sizeof(a), "merge/BBB.csv");
	snprintf(b, sizeof(b), "merge/AAA.csv");
	write_file(a, HEADER "\n2020-01-02,1,2,1,1.5,1.5,10\n2020-01-06,1,2,1,1.5,1.5,10\n");
	write_file(b, HEADER "\n2020-01-02,1,2,1,1.5,1.5,10\n2020-01-03,1,2,1,1.5,1.5,10\n");
	write_file("merge/notes.txt", "not a csv");
	const char *path = sub;
	struct feed f;
	CHECK_INT(feed_load(&f, &path, 1, 0), 0);
	CHECK_INT(f.files_loaded, 2);
	CHECK_INT(f.bar_count, 4);
	CHECK_INT(f.day_count, 3);
	/* AAA.csv is read first (name order), so on 2020-01-02 AAA comes before BBB */
	CHECK_STR(f.symbols[f.bars[0].symbol], "AAA");
	CHECK_STR(f.symbols[f.bars[1].symbol], "BBB");
	CHECK_INT(f.bars[2].date, 20200103);
	CHECK_INT(f.bars[3].date, 20200106);
	CHECK_INT(f.day_first[1], 2);
	feed_free(&f);
}

/* With a start date, rows before it are counted and not read: a bad value there is not a bad
 * row (the replay never reaches it), a bad date still is; rows from the date on are read as
 * ever. */
static void test_rows_before_start_not_read(void)
{
	new_events();
	const char *path = write_file("EARLY.csv", HEADER "\n"
				      "2020-01-02,null,2,1,1.5,1.5,10\n"
				      "\"2020-01-03\",\"x\",2,1,1.5,1.5,10\n" /* libcsv's path */
				      "2020-01-06,1,2,1,1.5,1.5,10\n"
				      "2020-13-07,1,2,1,1.5,1.5,10\n"
				      "2020-01-07,1,2,1,1.5,1.5,10\n"
				      "2020-01-08,1,2,1,9.5,1.5,10\n");
	struct feed f;
	CHECK_INT(feed_load(&f, &path, 1, 20200107), 0);
	CHECK_INT(f.rows_before_start, 3);
	CHECK_INT(f.last_date_before_start, 20200106);
	CHECK_INT(f.bar_count, 1);
	CHECK_INT(f.bars[0].date, 20200107);
	CHECK_INT(f.bad_rows, 2); /* the month 13, and Close above High on the 8th */
	const char *ev = new_events();
	CHECK(strstr(ev, "EARLY.csv:5") != NULL);
	CHECK(strstr(ev, "EARLY.csv:7") != NULL);
	CHECK(strstr(ev, "EARLY.csv:2") == NULL);
	CHECK(strstr(ev, "EARLY.csv:3") == NULL);
	feed_free(&f);

	CHECK_INT(feed_load(&f, &path, 1, 20300101), -1);
	CHECK_INT(f.rows_before_start, 5);
	CHECK_INT(f.last_date_before_start, 20200108);
	feed_free(&f);
}

/* A stray quote opens a field that would run to the end of the file: the row is bad, and the
 * rows after it are still read. The warning is one line, its control bytes escaped. */
static void test_stray_quote_skips_one_row(void)
{
	new_events();
	struct feed f = load_one("QUOTE.csv", HEADER "\n"
		"2020-01-02,1,2,1,1.5,1.5,10\n"
		"2020-01-03,\"1,2,1,1.5,1.5,10\n"   /* line 3: stray quote */
		"2020-01-06,1,2,1,1.5,1.5,10\n"
		"2020-01-07,1\x1b[2J,2,1,1.5,1.5,10\n" /* line 5: an escape sequence */
		"2020-01-08,1,2,1,1.5,1.5,10\n");
	CHECK_INT(f.bar_count, 3);
	CHECK_INT(f.bad_rows, 2);
	const char *ev = new_events();
	CHECK_CONTAINS(ev, "QUOTE.csv:3: unbalanced or misplaced quote");
	CHECK_CONTAINS(ev, "QUOTE.csv:5: Open is not a number: '1\\x1b[2J'");
	CHECK(strchr(ev, '\x1b') == NULL);
	feed_free(&f);
}

/* Far too many fields, or a line longer than the cap, is one bad row, not a file's worth of
 * memory. */
static void test_oversized_rows(void)
{
	new_events();
	size_t fields = 1000, wide = 2 * FEED_LINE_MAX;
	char *text = malloc(3 * fields + 2 * wide + 200);
	size_t n = (size_t)sprintf(text, "%s\n2020-01-02,1,2,1,1.5,1.5,10", HEADER);
	for (size_t i = 0; i < fields; i++)
		n += (size_t)sprintf(text + n, ",9");
	n += (size_t)sprintf(text + n, "\n2020-01-03,1,2,1,1.5,1.5,10\n2020-01-06,");
	memset(text + n, '7', wide);
	n += wide;
	sprintf(text + n, ",2,1,1.5,1.5,10\n2020-01-07,1,2,1,1.5,1.5,10\n");
	struct feed f = load_one("WIDE.csv", text);
	free(text);
	CHECK_INT(f.bar_count, 2);
	CHECK_INT(f.bad_rows, 2);
	const char *ev = new_events();
	CHECK_CONTAINS(ev, "WIDE.csv:2: 1007 fields, at most 32");
	CHECK_CONTAINS(ev, "WIDE.csv:4: line longer than 65536 bytes");
	feed_free(&f);
}

/* Lines are split a word at a time: bytes just below the comma ('+'), just above it ('-')
 * and above ASCII stay inside their fields, wherever they fall in a word. */
static void test_split_near_the_comma(void)
{
	new_events();
	struct feed f = load_one("SPLIT.csv", HEADER ",Symbol\n"
		"2020-01-02,1,2,1,1.5,1.5,10,X-Y\n"
		"2020-01-03,+1,2,1,1.5,1.5,10,X-Y\n"
		"2020-01-06,1,2,1,1.5,1.5,10,\xc3\xa9t\xc3\xa9\n"
		"2020-01-07,1,2,1,1.5,1.5,10,A+B\n"
		"2020-01-08,1234567890.5,2,1,1.5,1.5,10,X-Y\n");
	CHECK_INT(f.bar_count, 2);
	CHECK_STR(f.symbols[0], "X-Y");
	CHECK_NEAR(f.bars[1].open, 1.0, 1e-9);
	const char *ev = new_events();
	CHECK_CONTAINS(ev, "SPLIT.csv:4: invalid symbol '\xc3\xa9t\xc3\xa9'");
	CHECK_CONTAINS(ev, "SPLIT.csv:5: invalid symbol 'A+B'");
	CHECK_CONTAINS(ev, "SPLIT.csv:6: Open out of range: '1234567890.5'");
	feed_free(&f);
}

/* Rows out of date order, even newest first, come out by date; rows of one date keep the
 * order they were read in, within a file (two symbols there) and across files (the sort
 * moves the bars in cycles of a permutation: this one has several). */
static void test_sort_keeps_read_order(void)
{
	char a[64], b[64], sub[300];
	snprintf(sub, sizeof(sub), "%s/order", dir);
	mkdir(sub, 0700);
	snprintf(a, sizeof(a), "order/A.csv");
	snprintf(b, sizeof(b), "order/B.csv");
	write_file(a, HEADER ",Symbol\n2020-01-09,1,9,1,1.1,1,1,\n2020-01-07,1,9,1,1.2,1,1,\n"
		      "2020-01-07,1,9,1,1.3,1,1,C\n2020-01-03,1,9,1,1.4,1,1,\n2020-01-02,1,9,1,1.5,1,1,\n");
	write_file(b, HEADER "\n2020-01-02,1,9,1,2.1,1,1\n2020-01-07,1,9,1,2.2,1,1\n"
		      "2020-01-08,1,9,1,2.3,1,1\n2020-01-01,1,9,1,2.4,1,1\n");
	const char *path = sub;
	struct feed f;
	CHECK_INT(feed_load(&f, &path, 1, 0), 0);
	static const double closes[] = { 2.4, 1.5, 2.1, 1.4, 1.2, 1.3, 2.2, 2.3, 1.1 };
	CHECK_INT(f.bar_count, 9);
	for (size_t i = 0; i < f.bar_count && i < 9; i++)
		CHECK_NEAR(f.bars[i].close, closes[i], 1e-9);
	CHECK_INT(f.day_count, 6);
	feed_free(&f);
}

/* A directory without CSV files: a warning, no data, and no qsort of a NULL array. */
static void test_empty_directory(void)
{
	char sub[300];
	snprintf(sub, sizeof(sub), "%s/empty", dir);
	mkdir(sub, 0755);
	new_events();
	const char *path = sub;
	struct feed f;
	CHECK_INT(feed_load(&f, &path, 1, 0), -1);
	CHECK_CONTAINS(new_events(), "no .csv files in this directory");
	feed_free(&f);
}

static void test_bundled_data(const char *data_dir)
{
	struct feed f;
	CHECK_INT(feed_load(&f, &data_dir, 1, 0), 0);
	CHECK_INT(f.files_loaded, 12);
	CHECK_INT(f.bad_rows, 2); /* AAPL's null row, BTC-USD's second 2018-03-25 */
	CHECK_INT(f.bar_count, 72664);
	CHECK_INT(f.bars[0].date, 19620102);
	int64_t max_volume = 0;
	for (size_t i = 0; i < f.bar_count; i++)
		max_volume = f.bars[i].volume > max_volume ? f.bars[i].volume : max_volume;
	CHECK_INT(max_volume, 11456230000LL); /* GSPC 2008-10-10: beyond 32 bits */
	feed_free(&f);
}

int main(void)
{
	const char *tmp = getenv("TEST_TMP");
	snprintf(dir, sizeof(dir), "%s/csvfeed-XXXXXX", tmp ? tmp : "/tmp");
	char parent[256];
	snprintf(parent, sizeof(parent), "%s", tmp ? tmp : "/tmp");
	mkdir(parent, 0755);
	if (!mkdtemp(dir)) {
		perror(dir);
		return 99;
	}
	test_plain_and_no_final_newline();
	test_crlf_blank_lines_and_quotes();
	test_null_row_reported_with_line();
	test_missing_adj_close_and_reordered_columns();
	test_symbol_column_overrides_file_name();
	test_bad_rows_each_reported();
	test_repeated_day_reported();
	test_missing_column_skips_file();
	test_merge_by_date_from_directory();
	test_rows_before_start_not_read();
	test_stray_quote_skips_one_row();
	test_oversized_rows();
	test_split_near_the_comma();
	test_sort_keeps_read_order();
	test_empty_directory();
	const char *data = getenv("DATA_DIR");
	if (data)
		test_bundled_data(data);
	return check_report("test_csvfeed");
}
