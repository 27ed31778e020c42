/*
 * ics.h - calendars as iCalendar text (RFC 5545), written with libical.
 *
 * A feed is a list of events that the caller has already expanded (one
 * event per occurrence of a recurring activity, no RRULE): Outlook and other
 * subscribers then show exactly what Tillit holds, each occurrence with its
 * own status. Times are Swedish: an event at a time of day is written in
 * Europe/Stockholm with the zone's VTIMEZONE (the EU rule: summer time from
 * the last Sunday of March to the last Sunday of October), so it stays at
 * the same hour on the wall across the daylight-saving changes; an event
 * that takes the whole day is an all-day DATE. Texts may hold any UTF-8:
 * libical escapes them, CR and CRLF count as a newline, and the control
 * characters that iCalendar forbids are dropped.
 */
#ifndef TILLIT_IO_ICS_H
#define TILLIT_IO_ICS_H

#include <stddef.h>

struct arena;
struct err;

#define ICS_TZID "Europe/Stockholm"
#define ICS_MIME "text/calendar; charset=utf-8"

/** An event's STATUS (RFC 5545 §3.8.1.11); ICS_NO_STATUS writes none. */
enum ics_status { ICS_NO_STATUS = 0, ICS_TENTATIVE, ICS_CONFIRMED, ICS_CANCELLED };

struct ics_event {
	const char *uid;         /* required, unique and stable: "occurrence-42@tillit" */
	const char *summary;     /* the title */
	const char *description; /* or NULL */
	/*
	 * "YYYY-MM-DD": all day; "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS":
	 * Swedish local time; the same ending in Z: UTC.
	 */
	const char *start;
	const char *end; /* or NULL; the same form as start, and after it (an all-day end is the day after) */
	enum ics_status status;
};

struct ics_calendar {
	const char *name;  /* X-WR-CALNAME, what the subscriber sees */
	const char *stamp; /* DTSTAMP of every event, "YYYY-MM-DDTHH:MM:SSZ"; NULL: time_now() */
};

/**
 * The calendar @cal with @n events as iCalendar text (CRLF line ends, lines
 * folded at 75 octets): VERSION 2.0, PRODID, X-WR-CALNAME, and a VTIMEZONE
 * for Europe/Stockholm when an event has a local time. The text is in @a
 * (*@out, *@len). Returns 0, or ERR_INVALID naming the field ("uid",
 * "start", "end", "stamp") with the event's index in @e's detail when an
 * event is malformed; nothing is written then.
 */
int ics_write(struct arena *a, const struct ics_calendar *cal, const struct ics_event *ev, size_t n, const char **out,
	      size_t *len, struct err *e);

#endif
