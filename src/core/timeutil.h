/*
 * timeutil.h - timestamps as Tillit stores them.
 *
 * Every point in time is stored as UTC text "YYYY-MM-DDTHH:MM:SSZ", which
 * sorts as time does on both database engines; dates are "YYYY-MM-DD".
 * Thread-safe (gmtime_r/timegm only).
 */
#ifndef TILLIT_CORE_TIMEUTIL_H
#define TILLIT_CORE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TIME_ISO_LEN 21 /* "2026-11-23T09:00:00Z" + NUL */

/** Write @t as "YYYY-MM-DDTHH:MM:SSZ" into @out (at least TIME_ISO_LEN bytes). */
void time_iso(time_t t, char *out);

/** The current time, from time_now() ("YYYY-MM-DDTHH:MM:SSZ"). */
void time_now_iso(char *out);

/** Today's date, from time_now() ("YYYY-MM-DD" in the first 11 of @out's TIME_ISO_LEN bytes). */
void time_today_iso(char *out);

/**
 * The current time in seconds. Tests may set TILLIT_NOW (ISO or epoch
 * seconds) in the environment to fix it; read once per call.
 */
time_t time_now(void);

/** Parse "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (midnight UTC). Returns false when malformed. */
bool time_parse_iso(const char *s, time_t *out);

/** True when @s is a valid calendar date "YYYY-MM-DD". */
bool time_valid_date(const char *s);

/** Monotonic milliseconds, for durations in the access log. */
double time_mono_ms(void);

#endif
