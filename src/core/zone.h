/*
 * zone.h - Swedish local time (Europe/Stockholm) and RFC 3339 time stamps.
 *
 * Tillit stores every point in time in UTC ("YYYY-MM-DDTHH:MM:SSZ",
 * timeutil.h) and shows and takes times as people in Sweden read them:
 * central European time (UTC+1), with summer time (UTC+2) from 01:00 UTC
 * on the last Sunday of March to 01:00 UTC on the last Sunday of October,
 * the rule the EU has used since 1996. Twice a year a local time is odd:
 * on the night in March the hour from 02:00 to 03:00 does not occur (a gap)
 * and on the night in October the hour from 02:00 to 03:00 occurs twice
 * (first in summer time, then in winter time). Converting a local time
 * says so instead of guessing, unless the caller says which occurrence
 * is meant.
 *
 * No process-wide time zone is used (no TZ, no localtime()): everything is
 * computed from UTC with gmtime_r() and timegm(), so it is thread-safe.
 */
#ifndef TILLIT_CORE_ZONE_H
#define TILLIT_CORE_ZONE_H

#include <stdbool.h>
#include <time.h>

/** Which occurrence of a local time that occurs twice is meant. */
enum zone_fold {
	ZONE_FOLD_ASK = 0, /* neither: an ambiguous time is refused (ZONE_AMBIGUOUS) */
	ZONE_FOLD_SUMMER,  /* the first occurrence, in summer time (UTC+2) */
	ZONE_FOLD_WINTER,  /* the second occurrence, in winter time (UTC+1) */
};

/** What converting a local time found. */
enum zone_result {
	ZONE_OK = 0,
	ZONE_BAD = -1,       /* not a time of the form asked for, or not a date of the calendar */
	ZONE_GAP = -2,       /* a local time that does not occur (the night the clocks go forward) */
	ZONE_AMBIGUOUS = -3, /* a local time that occurs twice and no fold was given */
};

/** Length of "YYYY-MM-DD HH:MM" plus NUL. */
#define ZONE_LOCAL_LEN 17

/** The offset of Swedish local time from UTC at the instant @t, in seconds: 3600 or 7200. */
int zone_offset(time_t t);

/** True when the instant @t falls in summer time. */
bool zone_is_summer(time_t t);

/** The broken-down Swedish local time of @t (tm_isdst set; tm_wday and tm_yday filled). */
void zone_local_tm(time_t t, struct tm *out);

/** "YYYY-MM-DD HH:MM" in Swedish local time, into @out (ZONE_LOCAL_LEN bytes). */
void zone_format_local(time_t t, char *out);

/** "YYYY-MM-DDTHH:MM" in Swedish local time (the value of an <input type="datetime-local">). */
void zone_format_input(time_t t, char *out);

/**
 * The instant at which Swedish clocks show @y-@mo-@d @h:@mi:@s. ZONE_GAP
 * when that time does not occur, ZONE_AMBIGUOUS when it occurs twice and
 * @fold is ZONE_FOLD_ASK, ZONE_BAD when a field is out of range.
 */
enum zone_result zone_from_local(int y, int mo, int d, int h, int mi, int s, enum zone_fold fold, time_t *out);

/**
 * As zone_from_local() for the text "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS"
 * (a space may stand for the T).
 */
enum zone_result zone_parse_local(const char *s, enum zone_fold fold, time_t *out);

/**
 * The instant Swedish date @day ("YYYY-MM-DD") plus @plus_days days begins
 * (local midnight). False when @day is not a date.
 */
bool zone_day_start(const char *day, int plus_days, time_t *out);

/**
 * Parse an RFC 3339 time stamp with its offset: "YYYY-MM-DDTHH:MM:SS",
 * optional fractional seconds (ignored), then "Z" or "+HH:MM"/"-HH:MM"
 * (a lower-case t or z is accepted, as RFC 3339 allows). False when
 * malformed or not a date of the calendar.
 */
bool zone_parse_rfc3339(const char *s, time_t *out);

#endif
