/* numtext.h: printf's "%lld" and "%.Nf" without printf, for the screen's figures, and the
 * status lines' formats of text, "%s" and "%d".
 *
 * A frame formats a few thousand numbers; through snprintf (its format parsing, and its exact
 * multi-precision float conversion) they were a fifth of a frame's instructions. These give
 * the same text as snprintf, truncation included: a float too near a rounding tie to decide
 * it from a double's product, or too large, is handed to snprintf. */
#ifndef KTICKER_NUMTEXT_H
#define KTICKER_NUMTEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* snprintf(out, size, "%lld", v); returns the same. */
int numtext_int(char *out, size_t size, int64_t v);
/* snprintf(out, size, plus ? "%+.*f" : "%.*f", decimals, v); returns the same. */
int numtext_fixed(char *out, size_t size, double v, int decimals, bool plus);
/* vsnprintf(out, size, fmt, ap); returns the same. A format of text, "%s", "%d" and "%%" alone
 * (no flags, width or precision), as a status line's parts are, is done here: through
 * vsnprintf those parts were a twentieth of a frame's instructions. Any other goes to it. */
__attribute__((format(printf, 3, 0)))
int numtext_vformat(char *out, size_t size, const char *fmt, va_list ap);

#endif
