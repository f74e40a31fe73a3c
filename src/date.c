/* date.c: trading dates as integers YYYYMMDD. */

#include "date.h"

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(int32_t date)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	return y >= 1800 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_parse_n(const char *s, size_t len, int32_t *date)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return false;
	int32_t v = y * 10000 + m * 100 + d;
	if (!date_valid(v))
		return false;
	*date = v;
	return true;
}

bool date_parse(const char *text, int32_t *date)
{
	size_t len = 0;
	while (text[len] && len < 11)
		len++;
	return date_parse_n(text, len, date);
}

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
