/*
 * ics.c - iCalendar text written with libical.
 *
 * The calendar is built as a libical component tree and serialised by
 * libical, which escapes TEXT values (\ ; , and newlines), folds long lines
 * and ends them with CRLF. The times the caller gives are checked here
 * first, strictly, so libical never sees a malformed one.
 *
 * The VTIMEZONE for Europe/Stockholm is built here, not taken from the
 * machine's time-zone files: the compact form with the EU rule (from 1996:
 * CEST from 02:00 on the last Sunday of March, CET from 03:00 on the last
 * Sunday of October) is what Outlook expects, and the feed then does not
 * depend on the server's tzdata. Tillit's dates all fall after 2000.
 */
#include "io/ics.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include <libical/ical.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"

#define PRODID "-//Tillit//Tillit//SV"

struct when {
	int year, month, day, hour, minute, second;
	bool date; /* all day */
	bool utc;  /* ends in Z */
};

static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS", each optionally ending in Z after a time. */
static bool parse_when(const char *s, struct when *w)
{
	char date[11];
	size_t len = s ? strlen(s) : 0;

	memset(w, 0, sizeof(*w));
	if (len < 10)
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!time_valid_date(date) || !digits(s, 4, &w->year) || !digits(s + 5, 2, &w->month) ||
	    !digits(s + 8, 2, &w->day))
		return false;
	if (len == 10) {
		w->date = true;
		return true;
	}
	if (s[10] != 'T' || len < 16 || !digits(s + 11, 2, &w->hour) || s[13] != ':' || !digits(s + 14, 2, &w->minute))
		return false;
	s += 16;
	if (*s == ':') {
		if (!digits(s + 1, 2, &w->second))
			return false;
		s += 3;
	}
	if (*s == 'Z') {
		w->utc = true;
		s++;
	}
	return *s == '\0' && w->hour < 24 && w->minute < 60 && w->second < 60;
}

static int when_cmp(const struct when *a, const struct when *b)
{
	const int x[] = { a->year, a->month, a->day, a->hour, a->minute, a->second };
	const int y[] = { b->year, b->month, b->day, b->hour, b->minute, b->second };

	for (size_t i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

static struct icaltimetype ical_time(const struct when *w)
{
	struct icaltimetype t = icaltime_null_time();

	t.year = w->year;
	t.month = w->month;
	t.day = w->day;
	if (w->date) {
		t.is_date = 1;
		return t;
	}
	t.hour = w->hour;
	t.minute = w->minute;
	t.second = w->second;
	if (w->utc)
		t.zone = icaltimezone_get_utc_timezone();
	return t;
}

/* DTSTART or DTEND: a local time names the zone with TZID; a date gets VALUE=DATE from libical. */
static icalproperty *time_prop(const struct when *w, bool end)
{
	struct icaltimetype t = ical_time(w);
	icalproperty *p = end ? icalproperty_new_dtend(t) : icalproperty_new_dtstart(t);

	if (!w->date && !w->utc)
		icalproperty_add_parameter(p, icalparameter_new_tzid(ICS_TZID));
	return p;
}

/* An X- property; libical escapes its backslashes and newlines, so no value can start a line of its own. */
static icalproperty *x_prop(const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	return p;
}

static icalcomponent *observance(bool summer, int month, int day, int hour, int from, int to, const char *name,
				 const char *rule)
{
	icalcomponent *c = summer ? icalcomponent_new_xdaylight() : icalcomponent_new_xstandard();
	struct icaltimetype t = icaltime_null_time();

	t.year = 1970;
	t.month = month;
	t.day = day;
	t.hour = hour;
	icalcomponent_add_property(c, icalproperty_new_tzname(name));
	icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(from));
	icalcomponent_add_property(c, icalproperty_new_tzoffsetto(to));
	icalcomponent_add_property(c, icalproperty_new_dtstart(t));
	icalcomponent_add_property(c, icalproperty_new_rrule(icalrecurrencetype_from_string(rule)));
	return c;
}

static icalcomponent *stockholm(void)
{
	icalcomponent *tz = icalcomponent_new_vtimezone();

	icalcomponent_add_property(tz, icalproperty_new_tzid(ICS_TZID));
	icalcomponent_add_property(tz, x_prop("X-LIC-LOCATION", ICS_TZID));
	/* 1970-03-29 and 1970-10-25 were the last Sundays of their months. */
	icalcomponent_add_component(tz,
				    observance(true, 3, 29, 2, 3600, 7200, "CEST", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
	icalcomponent_add_component(
		tz, observance(false, 10, 25, 3, 7200, 3600, "CET", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
	return tz;
}

/*
 * @s as TEXT may hold it: CRLF and CR become LF (which libical writes as \n),
 * and the other control characters RFC 5545 forbids are dropped. In @a.
 */
static const char *clean_text(struct arena *a, const char *s)
{
	char *out, *o;

	if (!s)
		return "";
	out = o = arena_strdup(a, s);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\r') {
			*o++ = '\n';
			if (p[1] == '\n')
				p++;
		} else if (c >= 0x20 && c != 0x7f) {
			*o++ = (char)c;
		} else if (c == '\n' || c == '\t') {
			*o++ = (char)c;
		}
	}
	*o = '\0';
	return out;
}

static icalproperty_status status_of(enum ics_status s)
{
	switch (s) {
	case ICS_TENTATIVE:
		return ICAL_STATUS_TENTATIVE;
	case ICS_CONFIRMED:
		return ICAL_STATUS_CONFIRMED;
	case ICS_CANCELLED:
		return ICAL_STATUS_CANCELLED;
	default:
		return ICAL_STATUS_NONE;
	}
}

/* Check every event before anything is built. */
static int check_events(const struct ics_event *ev, size_t n, struct when *starts, struct when *ends, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		if (!ev[i].uid || !ev[i].uid[0]) {
			err_set(e, ERR_INVALID, "uid", NULL);
			return err_detail(e, "ics: event %zu has no uid", i);
		}
		if (!parse_when(ev[i].start, &starts[i])) {
			err_set(e, ERR_INVALID, "start", NULL);
			return err_detail(e, "ics: event %zu: bad start", i);
		}
		ends[i].year = 0;
		if (!ev[i].end)
			continue;
		if (!parse_when(ev[i].end, &ends[i]) || ends[i].date != starts[i].date ||
		    ends[i].utc != starts[i].utc || when_cmp(&ends[i], &starts[i]) <= 0) {
			err_set(e, ERR_INVALID, "end", NULL);
			return err_detail(
				e, "ics: event %zu: end is malformed, of another form than start, or not after it", i);
		}
	}
	return 0;
}

int ics_write(struct arena *a, const struct ics_calendar *cal, const struct ics_event *ev, size_t n, const char **out,
	      size_t *len, struct err *e)
{
	struct when *starts = arena_calloc(a, n ? n : 1, sizeof(*starts));
	struct when *ends = arena_calloc(a, n ? n : 1, sizeof(*ends));
	struct when stamp_when;
	char now[TIME_ISO_LEN];
	const char *stamp = cal->stamp;
	icalcomponent *vcal;
	struct icaltimetype stamp_time;
	bool local = false;
	char *text;
	int rc;

	if (!stamp) {
		time_now_iso(now);
		stamp = now;
	}
	if (!parse_when(stamp, &stamp_when) || !stamp_when.utc) {
		err_set(e, ERR_INVALID, "stamp", NULL);
		return err_detail(e, "ics: the stamp is not a UTC time");
	}
	rc = check_events(ev, n, starts, ends, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		local |= !starts[i].date && !starts[i].utc;

	stamp_time = ical_time(&stamp_when);
	vcal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(vcal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(vcal, icalproperty_new_prodid(PRODID));
	icalcomponent_add_property(vcal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(vcal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalcomponent_add_property(vcal, x_prop("X-WR-CALNAME", clean_text(a, cal->name)));
	if (local) {
		icalcomponent_add_property(vcal, x_prop("X-WR-TIMEZONE", ICS_TZID));
		icalcomponent_add_component(vcal, stockholm());
	}
	for (size_t i = 0; i < n; i++) {
		icalcomponent *ve = icalcomponent_new_vevent();

		icalcomponent_add_property(ve, icalproperty_new_uid(clean_text(a, ev[i].uid)));
		icalcomponent_add_property(ve, icalproperty_new_dtstamp(stamp_time));
		icalcomponent_add_property(ve, time_prop(&starts[i], false));
		if (ev[i].end)
			icalcomponent_add_property(ve, time_prop(&ends[i], true));
		icalcomponent_add_property(ve, icalproperty_new_summary(clean_text(a, ev[i].summary)));
		if (ev[i].description && ev[i].description[0])
			icalcomponent_add_property(ve, icalproperty_new_description(clean_text(a, ev[i].description)));
		if (ev[i].status != ICS_NO_STATUS)
			icalcomponent_add_property(ve, icalproperty_new_status(status_of(ev[i].status)));
		if (starts[i].date)
			icalcomponent_add_property(ve, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
		icalcomponent_add_component(vcal, ve);
	}
	text = icalcomponent_as_ical_string_r(vcal);
	icalcomponent_free(vcal);
	if (!text) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		return err_detail(e, "ics: libical wrote nothing (%s)", icalerror_strerror(icalerrno));
	}
	*len = strlen(text);
	*out = arena_memdup(a, text, *len + 1);
	icalmemory_free_buffer(text);
	return 0;
}
