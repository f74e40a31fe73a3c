/* check.h: the smallest test harness that says what failed and where. */
#ifndef KTICKER_CHECK_H
#define KTICKER_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int checks_run, checks_failed;

#define CHECK(cond) \
	do { \
		checks_run++; \
		if (!(cond)) { \
			checks_failed++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define CHECK_INT(actual, expected) \
	do { \
		long long a_ = (long long)(actual), e_ = (long long)(expected); \
		checks_run++; \
		if (a_ != e_) { \
			checks_failed++; \
			fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, \
				#actual, a_, e_); \
		} \
	} while (0)

#define CHECK_NEAR(actual, expected, tolerance) \
	do { \
		double a_ = (actual), e_ = (expected); \
		checks_run++; \
		if (!(fabs(a_ - e_) <= (tolerance))) { \
			checks_failed++; \
			fprintf(stderr, "%s:%d: %s is %.9g, expected %.9g\n", __FILE__, __LINE__, \
				#actual, a_, e_); \
		} \
	} while (0)

#define CHECK_STR(actual, expected) \
	do { \
		const char *a_ = (actual), *e_ = (expected); \
		checks_run++; \
		if (strcmp(a_, e_) != 0) { \
			checks_failed++; \
			fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
				#actual, a_, e_); \
		} \
	} while (0)

/* Substring check, for messages whose exact wording may carry extra context. */
#define CHECK_CONTAINS(text, part) \
	do { \
		const char *t_ = (text), *p_ = (part); \
		checks_run++; \
		if (!strstr(t_, p_)) { \
			checks_failed++; \
			fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__, \
				t_, p_); \
		} \
	} while (0)

static inline int check_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, checks_run, checks_failed);
	return checks_failed ? 1 : 0;
}

#endif
