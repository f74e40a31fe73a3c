/* util.c: time, allocation and string helpers shared by every module. */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static int64_t clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t now_us(void) { return clock_us(CLOCK_REALTIME); }
int64_t now_ms(void) { return now_us() / 1000; }
int64_t mono_ms(void) { return clock_us(CLOCK_MONOTONIC) / 1000; }
int64_t mono_us(void) { return clock_us(CLOCK_MONOTONIC); }

/* The signals the main thread answers: the stop signals (the other threads' loops notice
 * them), Ctrl-Z's (ncurses' handler, which the main thread holds off while it writes a
 * frame), a resize's and a resume's. Faults (SIGSEGV...) are not among them: a blocked one
 * loses its handler, and the sanitizers' reports with it. */
static void main_thread_signals(sigset_t *set)
{
	static const int signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH, SIGCONT };
	sigemptyset(set);
	for (size_t i = 0; i < ARRAY_LEN(signals); i++)
		sigaddset(set, signals[i]);
}

void block_main_thread_signals(void)
{
	sigset_t blocked;
	main_thread_signals(&blocked);
	pthread_sigmask(SIG_BLOCK, &blocked, NULL);
}

/* Each thread starts with the main thread's signals blocked. */
bool thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name)
{
	sigset_t blocked, old;
	main_thread_signals(&blocked);
	pthread_sigmask(SIG_BLOCK, &blocked, &old);
	bool started = pthread_create(thread, NULL, fn, arg) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started)
		pthread_setname_np(*thread, name);
	return started;
}

struct timespec mono_deadline(int64_t ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += (time_t)(ms / 1000);
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

void sleep_ms(int64_t ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void (*fatal_hook)(void);

void util_set_fatal_hook(void (*hook)(void)) { fatal_hook = hook; }

static void *check_alloc(void *p)
{
	if (!p) {
		if (fatal_hook)
			fatal_hook();
		fputs("kticker: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t size) { return check_alloc(malloc(size ? size : 1)); }
void *xcalloc(size_t count, size_t size) { return check_alloc(calloc(count ? count : 1, size ? size : 1)); }
void *xrealloc(void *ptr, size_t size) { return check_alloc(realloc(ptr, size ? size : 1)); }
char *xstrdup(const char *s) { return check_alloc(strdup(s)); }

#define HUGE_PAGE_BYTES ((size_t)2 << 20)

void *malloc_huge(size_t size)
{
	size = size ? (size + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES : HUGE_PAGE_BYTES;
	void *p = aligned_alloc(HUGE_PAGE_BYTES, size);
#ifdef MADV_HUGEPAGE
	if (p)
		madvise(p, size, MADV_HUGEPAGE); /* only a hint: without it, the usual pages */
#endif
	return p;
}

void *xmalloc_huge(size_t size) { return check_alloc(malloc_huge(size)); }

void copy_str(char *dst, size_t size, const char *src)
{
	if (size == 0)
		return;
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

double random_unit(uint64_t *state)
{
	return (double)(splitmix64(state) >> 11) * 0x1.0p-53;
}

double random_normal(uint64_t *state)
{
	double u1 = random_unit(state), u2 = random_unit(state);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

const uint64_t power_of_ten[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

/* The common case, 8 bytes or more: 1 to 7 whole digits, a point, 1 to 6 decimals (36.275002),
 * read a word at a time: the first eight bytes hold the whole part and the point, the last
 * eight the decimals. */
static bool parse_decimal_words(const char *text, size_t len, uint64_t *digits, int *decimals)
{
	uint64_t head = word_at(text), tail = word_at(text + len - 8);
	unsigned whole = word_leading_digits(head);
	size_t fraction = len - whole - 1;
	if (whole == 0 || whole == 8 || text[whole] != '.' || fraction < 1 || fraction > 6)
		return false;
	tail >>= 8 * (8 - fraction); /* the decimals, the first one lowest, zero bytes after */
	if (word_leading_digits(tail) != fraction)
		return false;
	*digits = word_digits_value(head, whole) * power_of_ten[fraction] +
		  word_digits_value(tail, (unsigned)fraction);
	*decimals = (int)fraction;
	return true;
}

/* Any length, a byte at a time. */
static bool parse_decimal_bytes(const char *text, size_t len, uint64_t *digits, int *decimals)
{
	int count = 0;
	bool point = false;
	*digits = 0;
	*decimals = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned digit = (unsigned char)text[i] - '0';
		if (digit <= 9) {
			*digits = *digits * 10 + digit;
			count++;
			*decimals += point;
		} else if (text[i] == '.' && !point && i > 0 && i + 1 < len) {
			point = true; /* ".5" and "5." are left to strtod's judgement */
		} else {
			return false;
		}
	}
	return count > 0 && count <= 15 && *decimals <= 6;
}

bool parse_plain_decimal(const char *text, size_t len, double *out)
{
	uint64_t digits;
	int decimals;
	if (!(len >= 8 && parse_decimal_words(text, len, &digits, &decimals)) &&
	    !parse_decimal_bytes(text, len, &digits, &decimals))
		return false;
	/* under 2^53 the digits are an exact double, as is a power of ten to 1e22 */
	*out = (double)digits / (double)power_of_ten[decimals];
	return true;
}

static void escape_byte(unsigned char c, char esc[5])
{
	static const char plain[] = "\n\r\t\\", named[] = "nrt\\";
	const char *at = c ? strchr(plain, c) : NULL;
	if (at)
		snprintf(esc, 5, "\\%c", named[at - plain]);
	else if (c < 0x20 || c == 0x7f)
		snprintf(esc, 5, "\\x%02x", c);
	else
		esc[0] = (char)c, esc[1] = '\0';
}

void escape_control(const char *text, size_t len, char *out, size_t out_size)
{
	size_t used = 0;
	for (size_t i = 0; i < len && out_size > 0; i++) {
		char esc[5];
		escape_byte((unsigned char)text[i], esc);
		size_t n = strlen(esc);
		if (used + n >= out_size)
			break;
		memcpy(out + used, esc, n);
		used += n;
	}
	if (out_size > 0)
		out[used] = '\0';
}
