/* date.h: trading dates as integers YYYYMMDD, which sort and compare as numbers. */
#ifndef KTICKER_DATE_H
#define KTICKER_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_TEXT_LEN 11 /* "YYYY-MM-DD" and its terminator */

/* Parses exactly "YYYY-MM-DD" (a real calendar day); false otherwise. */
bool date_parse(const char *text, int32_t *date);
bool date_parse_n(const char *text, size_t len, int32_t *date);
void date_format(int32_t date, char out[DATE_TEXT_LEN]);
bool date_valid(int32_t date);
/* Days since 1970-01-01. */
int64_t date_epoch_days(int32_t date);
int64_t date_epoch_ms(int32_t date);

#endif
