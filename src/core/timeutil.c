/*
 * timeutil.c - UTC timestamps in the one text form Tillit stores.
 *
 * Parsing is strict: exactly "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ", digits
 * in every position, and a date that exists in the calendar (no 30 February,
 * 29 February only in leap years). Conversion uses gmtime_r() and timegm(),
 * which never consult the process time zone, so it is thread-safe.
 */
#include "core/timeutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

void time_iso(time_t t, char *out)
{
	char tmp[64];
	struct tm tm;
	int year;

	if (!gmtime_r(&t, &tm)) {
		memcpy(out, "1970-01-01T00:00:00Z", TIME_ISO_LEN);
		return;
	}
	year = tm.tm_year + 1900;
	if (year < 0)
		year = 0;
	if (year > 9999)
		year = 9999;
	/* gmtime_r keeps every field in range, so this is exactly 20 bytes. */
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
	memcpy(out, tmp, TIME_ISO_LEN - 1);
	out[TIME_ISO_LEN - 1] = '\0';
}

void time_now_iso(char *out)
{
	time_iso(time_now(), out);
}

void time_today_iso(char *out)
{
	time_iso(time_now(), out);
	out[10] = 0;
}

time_t time_now(void)
{
	const char *env = getenv("TILLIT_NOW");
	time_t t;
	int64_t v;

	if (env && *env) {
		if (time_parse_iso(env, &t))
			return t;
		if (str_to_i64(env, &v))
			return (time_t)v;
	}
	return time(NULL);
}

/* Read exactly @n decimal digits at @s. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month == 2 && leap)
		return 29;
	return days[month - 1];
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
	if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' || !digits(s + 8, 2, d))
		return false;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return false;
	return true;
}

bool time_valid_date(const char *s)
{
	int y, m, d;

	if (!s || strlen(s) != 10)
		return false;
	return parse_date(s, &y, &m, &d);
}

bool time_parse_iso(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	size_t len;
	time_t t;

	if (!s)
		return false;
	len = strlen(s);
	if (len != 10 && len != 20)
		return false;
	if (!parse_date(s, &y, &mo, &d))
		return false;
	if (len == 20) {
		if (s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
		    !digits(s + 17, 2, &sec) || s[19] != 'Z')
			return false;
		if (h > 23 || mi > 59 || sec > 59)
			return false;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31 && h == 23 && mi == 59 && sec == 59))
		return false;
	if (out)
		*out = t;
	return true;
}

double time_mono_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
