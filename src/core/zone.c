/*
 * zone.c - Swedish local time from UTC and back, and RFC 3339.
 *
 * The summer-time rule is computed, not looked up: the change happens at
 * 01:00 UTC on the last Sunday of March and of October. A local time is
 * turned into UTC by trying both offsets: a time both offsets map back to
 * itself occurs twice, a time neither does falls in the gap.
 */
#include "core/zone.h"

#include <stdio.h>
#include <string.h>

/* 01:00 UTC on the last Sunday of @month (1-12) of @year. */
static time_t last_sunday_0100(int year, int month)
{
	struct tm tm = { 0 };
	time_t t;

	tm.tm_year = year - 1900;
	tm.tm_mon = month; /* the first day of the next month (timegm normalises December + 1) */
	tm.tm_mday = 1;
	tm.tm_hour = 1;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return t - (time_t)(tm.tm_wday == 0 ? 7 : tm.tm_wday) * 86400;
}

bool zone_is_summer(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return t >= last_sunday_0100(tm.tm_year + 1900, 3) && t < last_sunday_0100(tm.tm_year + 1900, 10);
}

int zone_offset(time_t t)
{
	return zone_is_summer(t) ? 7200 : 3600;
}

void zone_local_tm(time_t t, struct tm *out)
{
	bool summer = zone_is_summer(t);
	time_t local = t + (summer ? 7200 : 3600);

	gmtime_r(&local, out);
	out->tm_isdst = summer ? 1 : 0;
}

void zone_format_local(time_t t, char *out)
{
	struct tm tm;
	char tmp[64];

	zone_local_tm(t, &tm);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min);
	memcpy(out, tmp, ZONE_LOCAL_LEN - 1);
	out[ZONE_LOCAL_LEN - 1] = 0;
}

void zone_format_input(time_t t, char *out)
{
	zone_format_local(t, out);
	out[10] = 'T';
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* The instant of wall time @y..@s read as UTC (no zone). */
static time_t wall(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

enum zone_result zone_from_local(int y, int mo, int d, int h, int mi, int s, enum zone_fold fold, time_t *out)
{
	time_t w, summer, winter;
	bool summer_ok, winter_ok;

	if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 59)
		return ZONE_BAD;
	w = wall(y, mo, d, h, mi, s);
	summer = w - 7200;
	winter = w - 3600;
	summer_ok = zone_offset(summer) == 7200;
	winter_ok = zone_offset(winter) == 3600;
	if (summer_ok && winter_ok) {
		if (fold == ZONE_FOLD_ASK)
			return ZONE_AMBIGUOUS;
		*out = fold == ZONE_FOLD_SUMMER ? summer : winter;
		return ZONE_OK;
	}
	if (summer_ok) {
		*out = summer;
		return ZONE_OK;
	}
	if (winter_ok) {
		*out = winter;
		return ZONE_OK;
	}
	return ZONE_GAP;
}

/* Exactly @n decimal digits at @s. */
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

/* "YYYY-MM-DD?HH:MM" at @s, where ? is one of @seps; *rest points after it. */
static bool date_hm(const char *s, const char *seps, int f[5], const char **rest)
{
	if (strlen(s) < 16 || !digits(s, 4, &f[0]) || s[4] != '-' || !digits(s + 5, 2, &f[1]) || s[7] != '-' ||
	    !digits(s + 8, 2, &f[2]) || !s[10] || !strchr(seps, s[10]) || !digits(s + 11, 2, &f[3]) || s[13] != ':' ||
	    !digits(s + 14, 2, &f[4]))
		return false;
	*rest = s + 16;
	return true;
}

enum zone_result zone_parse_local(const char *s, enum zone_fold fold, time_t *out)
{
	int f[5], sec = 0;
	const char *rest;

	if (!s || !date_hm(s, "T ", f, &rest))
		return ZONE_BAD;
	if (*rest == ':') {
		if (!digits(rest + 1, 2, &sec))
			return ZONE_BAD;
		rest += 3;
	}
	if (*rest)
		return ZONE_BAD;
	return zone_from_local(f[0], f[1], f[2], f[3], f[4], sec, fold, out);
}

bool zone_day_start(const char *day, int plus_days, time_t *out)
{
	int f[3];
	struct tm tm = { 0 };
	time_t t;

	if (!day || strlen(day) != 10 || !digits(day, 4, &f[0]) || day[4] != '-' || !digits(day + 5, 2, &f[1]) ||
	    day[7] != '-' || !digits(day + 8, 2, &f[2]) || f[1] < 1 || f[1] > 12 || f[2] < 1 ||
	    f[2] > days_in_month(f[0], f[1]))
		return false;
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2] + plus_days;
	t = timegm(&tm); /* normalises the day */
	gmtime_r(&t, &tm);
	/* Midnight always exists in Sweden: the changes happen at 02:00 and 03:00. */
	return zone_from_local(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0, ZONE_FOLD_SUMMER, out) == ZONE_OK;
}

bool zone_parse_rfc3339(const char *s, time_t *out)
{
	int f[5], sec, oh, om, off = 0;
	const char *rest;
	time_t t;

	if (!s || !date_hm(s, "Tt", f, &rest) || rest[0] != ':' || !digits(rest + 1, 2, &sec))
		return false;
	rest += 3;
	if (*rest == '.') {
		rest++;
		if (*rest < '0' || *rest > '9')
			return false;
		while (*rest >= '0' && *rest <= '9')
			rest++;
	}
	if ((*rest == 'Z' || *rest == 'z') && !rest[1]) {
		off = 0;
	} else if ((*rest == '+' || *rest == '-') && digits(rest + 1, 2, &oh) && rest[3] == ':' &&
		   digits(rest + 4, 2, &om) && !rest[6] && oh <= 23 && om <= 59) {
		off = (oh * 60 + om) * 60 * (*rest == '-' ? -1 : 1);
	} else {
		return false;
	}
	if (f[0] < 1 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > days_in_month(f[0], f[1]) || f[3] > 23 ||
	    f[4] > 59 || sec > 59)
		return false;
	t = wall(f[0], f[1], f[2], f[3], f[4], sec) - off;
	if (out)
		*out = t;
	return true;
}
