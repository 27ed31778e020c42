/*
 * deadline.c - the statutory clocks (see deadline.h for the rules and
 * their sources). Months are counted on the Swedish calendar with
 * core/zone.c; hours are counted in seconds.
 */
#include "domain/deadline.h"

#include "core/err.h"
#include "core/log.h"
#include "core/zone.h"

#define HOUR 3600

time_t deadline_gdpr33(time_t aware)
{
	return aware + 72 * HOUR; /* REQ: GDPR-33.1 72h */
}

time_t deadline_csirt_early_warning(time_t aware)
{
	return aware + 24 * HOUR; /* REQ: NIS2-23.4.a 24h */
}

time_t deadline_csirt_notification(time_t aware)
{
	return aware + 72 * HOUR; /* REQ: NIS2-23.4.b 72h */
}

time_t deadline_csirt_final(time_t notified)
{
	return deadline_add_month(notified); /* REQ: NIS2-23.4.d 1 month */
}

time_t deadline_imy_supplements(time_t first_filed)
{
	return first_filed + 28 * 24 * HOUR;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

time_t deadline_add_month(time_t t)
{
	struct tm tm;
	int y, m, d;
	time_t out;
	enum zone_result rc;

	zone_local_tm(t, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 2;
	if (m > 12) {
		m = 1;
		y++;
	}
	d = tm.tm_mday <= days_in_month(y, m) ? tm.tm_mday : days_in_month(y, m);
	rc = zone_from_local(y, m, d, tm.tm_hour, tm.tm_min, tm.tm_sec, ZONE_FOLD_SUMMER, &out);
	if (rc == ZONE_GAP) {
		/* The hour from 02:00 to 03:00 does not exist that night: the same time read in winter
		 * time is the first moment after the gap (02:30 -> 03:30 summer time). */
		struct tm w = { 0 };
		w.tm_year = y - 1900;
		w.tm_mon = m - 1;
		w.tm_mday = d;
		w.tm_hour = tm.tm_hour;
		w.tm_min = tm.tm_min;
		w.tm_sec = tm.tm_sec;
		return timegm(&w) - HOUR;
	}
	if (rc != ZONE_OK)
		BUG("a month after a valid time is not a valid time");
	return out;
}

enum clock_state clock_state_at(time_t due, time_t done, bool not_required, time_t now)
{
	if (not_required)
		return CLOCK_NOT_REQUIRED;
	if (done)
		return due && done > due ? CLOCK_LATE : CLOCK_DONE;
	if (!due)
		return CLOCK_OPEN;
	return now > due ? CLOCK_MISSED : CLOCK_RUNNING;
}

bool clock_is_open(enum clock_state s)
{
	return s == CLOCK_RUNNING || s == CLOCK_MISSED || s == CLOCK_OPEN;
}

const char *clock_state_label(enum clock_state s)
{
	switch (s) {
	case CLOCK_WAITING:
		return N_("Not started");
	case CLOCK_RUNNING:
		return N_("Running");
	case CLOCK_MISSED:
		return N_("Missed");
	case CLOCK_OPEN:
		return N_("Without undue delay");
	case CLOCK_DONE:
		return N_("Done");
	case CLOCK_LATE:
		return N_("Done late");
	case CLOCK_NOT_REQUIRED:
		return N_("Not required");
	}
	return "";
}

const char *clock_state_name(enum clock_state s)
{
	static const char *const names[] = { "waiting", "running", "missed", "open", "done", "late", "not_required" };
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "";
}
