/* date.c: trading dates as integers YYYYMMDD. */

#include "date.h"

#include <string.h>

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static bool ymd_valid(int y, int m, int d)
{
	return y >= 1800 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool date_valid(int32_t date) { return ymd_valid(date / 10000, date / 100 % 100, date % 100); }

/* The value of two decimal digits, -1 when either is not one. */
static int two_digits(const char *s)
{
	unsigned tens = (unsigned char)s[0] - (unsigned)'0', ones = (unsigned char)s[1] - (unsigned)'0';
	return tens <= 9 && ones <= 9 ? (int)(tens * 10 + ones) : -1;
}

bool date_parse_n(const char *s, size_t len, int32_t *date)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int century = two_digits(s), year = two_digits(s + 2);
	int m = two_digits(s + 5), d = two_digits(s + 8);
	if (century < 0 || year < 0 || m < 0 || d < 0 || !ymd_valid(century * 100 + year, m, d))
		return false;
	*date = (century * 100 + year) * 10000 + m * 100 + d;
	return true;
}

bool date_parse(const char *text, int32_t *date) { return date_parse_n(text, strnlen(text, 11), date); }

void date_format(int32_t date, char out[DATE_TEXT_LEN])
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Howard Hinnant's days_from_civil. */
int64_t date_epoch_days(int32_t date)
{
	int64_t y = date / 10000, m = date / 100 % 100, d = date % 100;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t date_epoch_ms(int32_t date) { return date_epoch_days(date) * 86400000LL; }
