/* util.h: time, allocation and string helpers shared by every module. */
#ifndef KTICKER_UTIL_H
#define KTICKER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Wall clock, as Kafka timestamps are. */
int64_t now_ms(void);
int64_t now_us(void);
/* Monotonic clock for rates, pacing and timeouts. */
int64_t mono_ms(void);
int64_t mono_us(void);
/* Starts a thread named name (at most 15 characters), as top -H, htop and gdb show it. */
bool thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name);
void sleep_ms(int64_t ms);

/* Allocation failure prints a line and aborts; hook runs first (the screen sets endwin, so
 * the terminal is not left raw). NULL: none. */
void util_set_fatal_hook(void (*hook)(void));
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

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
/* Copies text[0..len) into out (always terminated, cut to fit) with every control byte, DEL
 * and backslash escaped (\n, \r, \t, \\, \xNN): bytes from a file or a message, shown on one
 * line, can neither break it nor reach the terminal as a command. */
void escape_control(const char *text, size_t len, char *out, size_t out_size);
/* FNV-1a, to derive per-symbol seeds and hash table slots. */
uint64_t hash_str(const char *s);

#endif
