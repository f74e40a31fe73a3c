/* util.h: time, allocation and string helpers shared by every module. */
#ifndef KTICKER_UTIL_H
#define KTICKER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A noun's "s" after a count other than one: "%d partition%s", n, plural(n). */
static inline const char *plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* Wall clock, as Kafka timestamps are. */
int64_t now_ms(void);
int64_t now_us(void);
/* Monotonic clock for rates, pacing and timeouts. */
int64_t mono_ms(void);
int64_t mono_us(void);
/* The CLOCK_MONOTONIC time ms from now, for a condition variable on that clock. */
struct timespec mono_deadline(int64_t ms);
/* Starts a thread named name (at most 15 characters), as top -H, htop and gdb show it. */
bool thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name);
/* Blocks, in the calling thread, the signals the main thread answers (as thread_start does
 * for kticker's own threads): for librdkafka's threads, at their start. */
void block_main_thread_signals(void);
void sleep_ms(int64_t ms);
/* The sooner of two durations to come, -1 being never. */
static inline int64_t sooner_ms(int64_t a, int64_t b)
{
	return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* Allocation failure prints a line and aborts; hook runs first (the screen sets endwin, so
 * the terminal is not left raw). NULL: none. */
void util_set_fatal_hook(void (*hook)(void));
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* At least size bytes, freed with free(), in transparent huge pages where the kernel gives
 * them on request: an array filled at start-up then takes a page fault every 2 MB, not every
 * 4 kB (on a VM, the first touch of a page costs ~10 us). Memory is taken as it is written,
 * 2 MB at a time. */
void *malloc_huge(size_t size); /* NULL when there is no room */
void *xmalloc_huge(size_t size);

/* Copies at most size-1 bytes and always terminates (when size > 0). */
void copy_str(char *dst, size_t size, const char *src);

/* SplitMix64: small, fast and good enough for a simulated market. */
uint64_t splitmix64(uint64_t *state);
/* Uniform double in [0, 1). */
double random_unit(uint64_t *state);
/* Standard normal deviate (Box-Muller). */
double random_normal(uint64_t *state);
/* Reads text[0..len) when it is a plain decimal of at most 15 digits with at most 6 of them
 * decimals (122.43, 5, 0.088542), as prices are written; false for anything else, which
 * needs strtod. The result is the double strtod gives: its digits as an integer, exact below
 * 2^53, divided by an exact power of ten is rounded once, to the nearest double of the
 * decimal itself (with 18 digits the integer was rounded first, and one in forty such
 * values came out a double away from strtod's). */
bool parse_plain_decimal(const char *text, size_t len, double *out);

/* 10^0 to 10^19: every power of ten a uint64_t holds. */
extern const uint64_t power_of_ten[20];

/* Digits eight bytes at a time, inline: decoding calls them a few times a number. */

/* The 8 bytes at p as a word, the first byte lowest. */
static inline uint64_t word_at(const char *p)
{
	uint64_t x;
	memcpy(&x, p, sizeof(x));
	return x;
}

/* How many of the word's bytes, from the first, are digits (0 to 8). A byte is a digit when
 * its high nibble is 3 and stays 3 with 6 added; a carry out of a byte comes only from one
 * that already fails, so the first failure found is the real one. */
static inline unsigned word_leading_digits(uint64_t x)
{
	const uint64_t high = 0xF0F0F0F0F0F0F0F0ULL;
	uint64_t other = ((x & high) | (((x + 0x0606060606060606ULL) & high) >> 4)) ^
			 0x3333333333333333ULL;
	return other ? (unsigned)__builtin_ctzll(other) / 8 : 8;
}

/* The value of the word's first n (1 to 8) bytes, all digits: shifted up to be the last of
 * eight, zeros leading (what a borrow past them spoils is shifted out), then pairs, quads and
 * the eight summed, each step one multiplication. */
static inline uint64_t word_digits_value(uint64_t x, unsigned n)
{
	x = (x - 0x3030303030303030ULL) << (8 * (8 - n));
	x = x * 10 + (x >> 8);
	return (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
		(((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
}
/* Copies text[0..len) into out (always terminated, cut to fit) with every control byte, DEL
 * and backslash escaped (\n, \r, \t, \\, \xNN): bytes from a file or a message, shown on one
 * line, can neither break it nor reach the terminal as a command. */
void escape_control(const char *text, size_t len, char *out, size_t out_size);
/* FNV-1a, to derive per-symbol seeds and hash table slots. */
uint64_t hash_str(const char *s);

#endif
