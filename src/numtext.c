/* numtext.c: printf's "%lld", "%.Nf", and plain formats of "%s" and "%d", without printf. */
#include "numtext.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FAST_DECIMALS_MAX 9

/* Copies len bytes of text as snprintf would into size bytes; returns len. */
static int put_text(char *out, size_t size, const char *text, int len)
{
	if (size) {
		size_t n = (size_t)len < size - 1 ? (size_t)len : size - 1;
		memcpy(out, text, n);
		out[n] = '\0';
	}
	return len;
}

/* "00" to "99": digits are made two at a time, a division by 100 for two of them rather than
 * one by 10 for each (most figures on the screen have 4 to 8 digits). */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				  "8081828384858687888990919293949596979899";

/* The last count decimal digits of *v, zeros in front as needed, written backwards ending at
 * end; *v keeps the digits before them. Returns where they start. */
static char *low_digits_before(char *end, uint64_t *v, int count)
{
	uint64_t x = *v;
	for (; count >= 2; count -= 2) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (x % 100), 2);
		x /= 100;
	}
	if (count) {
		*--end = (char)('0' + x % 10);
		x /= 10;
	}
	*v = x;
	return end;
}

/* The decimal digits of v, written backwards ending at end; returns where they start. */
static char *digits_before(char *end, uint64_t v)
{
	while (v >= 100) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * v, 2);
	} else {
		*--end = (char)('0' + v);
	}
	return end;
}

/* How many decimal digits v has (0 has one): from its bit length, then one comparison. */
static int digit_count(uint64_t v)
{
	static const uint64_t powers[20] = {
		1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
		10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
		1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
		10000000000000000000u,
	};
	v |= 1;
	int guess = (64 - __builtin_clzll(v)) * 1233 >> 12; /* 1233 / 4096: log10(2) */
	return guess + (v >= powers[guess]);
}

int numtext_int(char *out, size_t size, int64_t v)
{
	uint64_t magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int len = digit_count(magnitude) + (v < 0);
	if ((size_t)len < size) { /* whole: written in place, not made aside and copied */
		digits_before(out + len, magnitude);
		if (v < 0)
			out[0] = '-';
		out[len] = '\0';
		return len;
	}
	char buf[24], *end = buf + sizeof(buf);
	char *s = digits_before(end, magnitude);
	if (v < 0)
		*--s = '-';
	return put_text(out, size, s, (int)(end - s));
}

/* |v| x 10^decimals rounded to an integer as printf rounds it, or false when the product's
 * rounding error could decide it: a tie or near one (printf rounds the exact value, ties to
 * even), or a product past 2^52, where the fraction is lost. */
static bool scaled_magnitude(double v, int decimals, uint64_t *out)
{
	static const double powers[FAST_DECIMALS_MAX + 1] = {
		1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	};
	if (decimals < 0 || decimals > FAST_DECIMALS_MAX || !isfinite(v))
		return false;
	double scaled = fabs(v) * powers[decimals];
	if (scaled >= 0x1p52)
		return false;
	/* floor, as a conversion: below 2^52 and not negative, the integer part is exact */
	double whole = (double)(uint64_t)scaled, fraction = scaled - whole;
	/* the product is within half an ulp, scaled x 2^-53, of the exact one */
	if (fabs(fraction - 0.5) <= scaled * 0x1p-51)
		return false;
	*out = (uint64_t)whole + (fraction > 0.5);
	return true;
}

int numtext_fixed(char *out, size_t size, double v, int decimals, bool plus)
{
	uint64_t scaled;
	if (!scaled_magnitude(v, decimals, &scaled))
		return snprintf(out, size, plus ? "%+.*f" : "%.*f", decimals, v);
	bool sign = signbit(v) || plus; /* as printf: -0.001 to two decimals is "-0.00" */
	int whole_digits = digit_count(scaled) - decimals;
	int len = sign + (whole_digits > 1 ? whole_digits : 1) + (decimals ? 1 + decimals : 0);
	char buf[40], *end = (size_t)len < size ? out + len : buf + sizeof(buf);
	char *s = low_digits_before(end, &scaled, decimals);
	if (decimals > 0)
		*--s = '.';
	s = digits_before(s, scaled);
	if (sign)
		*--s = signbit(v) ? '-' : '+';
	if ((size_t)len < size) { /* whole: written in place */
		out[len] = '\0';
		return len;
	}
	return put_text(out, size, s, (int)(end - s));
}

/* Whether each conversion of fmt is one numtext_vformat does: %s, %d or %%, bare. */
static bool plain_format(const char *fmt)
{
	for (const char *f = strchr(fmt, '%'); f; f = strchr(f + 2, '%'))
		if (f[1] != 's' && f[1] != 'd' && f[1] != '%')
			return false;
	return true;
}

/* Appends n bytes of text at out + len, as far as size allows. */
static void append_text(char *out, size_t size, size_t len, const char *text, size_t n)
{
	if (len + 1 < size)
		memcpy(out + len, text, n < size - 1 - len ? n : size - 1 - len);
}

int numtext_vformat(char *out, size_t size, const char *fmt, va_list ap)
{
	if (!plain_format(fmt))
		return vsnprintf(out, size, fmt, ap);
	size_t len = 0;
	for (const char *f = fmt; *f;) {
		char number[24];
		const char *piece = f;
		size_t n;
		if (*f != '%') {
			n = strcspn(f, "%");
			f += n;
		} else if (f[1] == 's') {
			piece = va_arg(ap, const char *);
			piece = piece ? piece : "(null)"; /* glibc's */
			n = strlen(piece);
			f += 2;
		} else if (f[1] == 'd') {
			n = (size_t)numtext_int(number, sizeof(number), va_arg(ap, int));
			piece = number;
			f += 2;
		} else { /* "%%" */
			n = 1;
			f += 2;
		}
		append_text(out, size, len, piece, n);
		len += n;
	}
	if (size)
		out[len < size - 1 ? len : size - 1] = '\0';
	return (int)len;
}
