/*
 * test_ics.c - the iCalendar writer, read back with libical's parser: the
 * calendar's name, version and product, every event's uid, summary,
 * description, status and times. Times of day are Swedish local times with
 * the calendar's own VTIMEZONE: converted to UTC through it (and, as a
 * second opinion, through the machine's time-zone data) they land right on
 * each side of the 2026 daylight-saving changes, 29 March and 25 October.
 * The text is RFC 5545's: CRLF line ends, lines folded at 75 octets without
 * splitting a character. Malformed times are refused naming the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "io/ics.h"

#define POISON "<script>'\"&"
#define NAME   "Årshjul, IT; \"test\"\n" POISON
#define STAMP  "2026-01-05T10:00:00Z"
#define LONG                                                                                                     \
	"Informationssäkerhetssamordnaren sammanställer årets incidenter, går igenom åtgärderna med "      \
	"förvaltningarnas företrädare och lämnar en rapport till kommunstyrelsen; ärenden, åtgärder och " \
	"lärdomar återkopplas till nätverket för informationssäkerhet och dataskydd."

struct expect {
	struct ics_event ev;
	const char *utc_start; /* libical's form, in UTC; NULL for all-day events */
	const char *utc_end;
};

static const struct expect events[] = {
	/* Spring forward: 02:00 CET becomes 03:00 CEST on Sunday 29 March 2026. */
	{ { "spring-before@tillit", "Före omställningen", NULL, "2026-03-29T01:30", NULL, ICS_CONFIRMED },
	  "20260329T003000Z",
	  NULL },
	{ { "spring-after@tillit", "Efter omställningen", NULL, "2026-03-29T03:30", "2026-03-29T04:00", ICS_CONFIRMED },
	  "20260329T013000Z",
	  "20260329T020000Z" },
	{ { "spring-week@tillit", "Mötet före och efter", NULL, "2026-03-27T09:00:00", "2026-03-30T09:00:00",
	    ICS_TENTATIVE },
	  "20260327T080000Z",
	  "20260330T070000Z" },
	/* Fall back: 03:00 CEST becomes 02:00 CET on Sunday 25 October 2026. */
	{ { "autumn-before@tillit", "Före hösten", NULL, "2026-10-25T01:30", NULL, ICS_NO_STATUS },
	  "20261024T233000Z",
	  NULL },
	{ { "autumn-after@tillit", "Efter hösten", NULL, "2026-10-25T03:30", NULL, ICS_CANCELLED },
	  "20261025T023000Z",
	  NULL },
	{ { "autumn-days@tillit", "Hela helgen", NULL, "2026-10-24T10:00", "2026-10-26T10:00", ICS_CONFIRMED },
	  "20261024T080000Z",
	  "20261026T090000Z" },
	/* All day, and in UTC. */
	{ { "day@tillit", "Heldag", "Årshjulets dag", "2026-03-29", "2026-03-30", ICS_CONFIRMED }, NULL, NULL },
	{ { "utc@tillit", "I UTC", NULL, "2026-06-01T12:00:00Z", NULL, ICS_CONFIRMED }, "20260601T120000Z", NULL },
	/* Text that needs escaping, folding and cleaning. */
	{ { "text@tillit", POISON "; , \\ slut", "Rad ett\r\nRad två\rRad tre\x01\n" LONG, "2026-05-04T08:15", NULL,
	    ICS_CONFIRMED },
	  "20260504T061500Z",
	  NULL },
};

#define N_EVENTS (sizeof(events) / sizeof(events[0]))

struct t {
	struct arena *a;
	struct err e;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	t->a = arena_new();
	err_clear(&t->e);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	arena_free(t->a);
	free(t);
	return 0;
}

static const char *write_all(struct t *t, const struct ics_calendar *cal, size_t *len)
{
	struct ics_event ev[N_EVENTS];
	const char *out = NULL;

	for (size_t i = 0; i < N_EVENTS; i++)
		ev[i] = events[i].ev;
	assert_int_equal(ics_write(t->a, cal, ev, N_EVENTS, &out, len, &t->e), 0);
	assert_non_null(out);
	return out;
}

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
	     c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		if (!strcmp(icalcomponent_get_uid(c), uid))
			return c;
	}
	fail_msg("no event %s", uid);
	return NULL;
}

static const char *x_prop(icalcomponent *cal, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY)) {
		if (!strcmp(icalproperty_get_x_name(p), name))
			return icalproperty_get_x(p);
	}
	return NULL;
}

/* DTSTART or DTEND of @ev converted to UTC through @zone, in libical's text form (in @a). */
static const char *utc_of(struct arena *a, icalproperty *p, icaltimezone *zone)
{
	struct icaltimetype t =
		icalproperty_get_value(p) ? icalvalue_get_datetime(icalproperty_get_value(p)) : icaltime_null_time();
	icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	char *s;
	const char *out;

	if (tzid) {
		assert_string_equal(icalparameter_get_tzid(tzid), ICS_TZID);
		t = icaltime_set_timezone(&t, zone);
	}
	t = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
	s = icaltime_as_ical_string_r(t);
	out = arena_strdup(a, s);
	icalmemory_free_buffer(s);
	return out;
}

static void test_round_trip(void **state)
{
	struct t *t = *state;
	const struct ics_calendar cal = { NAME, STAMP };
	size_t len;
	const char *out = write_all(t, &cal, &len);
	icalcomponent *vcal = icalparser_parse_string(out);
	icaltimezone *own, *system;
	icalcomponent *vtz;

	assert_non_null(vcal);
	assert_int_equal(icalcomponent_isa(vcal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_errors(vcal), 0);
	assert_string_equal(icalproperty_get_version(icalcomponent_get_first_property(vcal, ICAL_VERSION_PROPERTY)),
			    "2.0");
	assert_string_equal(icalproperty_get_prodid(icalcomponent_get_first_property(vcal, ICAL_PRODID_PROPERTY)),
			    "-//Tillit//Tillit//SV");
	assert_string_equal(x_prop(vcal, "X-WR-CALNAME"), NAME);
	assert_string_equal(x_prop(vcal, "X-WR-TIMEZONE"), ICS_TZID);

	vtz = icalcomponent_get_first_component(vcal, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	assert_string_equal(icalproperty_get_tzid(icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY)), ICS_TZID);
	assert_null(icalcomponent_get_next_component(vcal, ICAL_VTIMEZONE_COMPONENT));
	own = icalcomponent_get_timezone(vcal, ICS_TZID);
	assert_non_null(own);
	system = icaltimezone_get_builtin_timezone(ICS_TZID);

	assert_int_equal(icalcomponent_count_components(vcal, ICAL_VEVENT_COMPONENT), N_EVENTS);
	for (size_t i = 0; i < N_EVENTS; i++) {
		const struct expect *x = &events[i];
		icalcomponent *ve = find_event(vcal, x->ev.uid);
		icalproperty *start = icalcomponent_get_first_property(ve, ICAL_DTSTART_PROPERTY);
		icalproperty *end = icalcomponent_get_first_property(ve, ICAL_DTEND_PROPERTY);
		icalproperty *status = icalcomponent_get_first_property(ve, ICAL_STATUS_PROPERTY);
		icalproperty *stamp = icalcomponent_get_first_property(ve, ICAL_DTSTAMP_PROPERTY);

		assert_non_null(start);
		assert_non_null(stamp);
		assert_string_equal(utc_of(t->a, stamp, own), "20260105T100000Z");
		if (!x->utc_start) {
			/* All day: a DATE, no zone. */
			struct icaltimetype d = icalproperty_get_dtstart(start);

			assert_true(d.is_date);
			assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20260329);
			assert_non_null(end);
			assert_true(icalproperty_get_dtend(end).is_date);
			assert_int_equal(icalproperty_get_dtend(end).day, 30);
		} else {
			assert_string_equal(utc_of(t->a, start, own), x->utc_start);
			if (system)
				assert_string_equal(utc_of(t->a, start, system), x->utc_start);
			if (x->utc_end) {
				assert_non_null(end);
				assert_string_equal(utc_of(t->a, end, own), x->utc_end);
			} else {
				assert_null(end);
			}
		}
		if (x->ev.status == ICS_NO_STATUS)
			assert_null(status);
		else
			assert_int_equal(icalproperty_get_status(status),
					 x->ev.status == ICS_CONFIRMED   ? ICAL_STATUS_CONFIRMED
					 : x->ev.status == ICS_TENTATIVE ? ICAL_STATUS_TENTATIVE
									 : ICAL_STATUS_CANCELLED);
	}
	/* Text comes back as written: escaped \ ; , and newlines; CR as a newline; a control character dropped. */
	assert_string_equal(icalcomponent_get_summary(find_event(vcal, "text@tillit")), POISON "; , \\ slut");
	assert_string_equal(icalcomponent_get_description(find_event(vcal, "text@tillit")),
			    "Rad ett\nRad två\nRad tre\n" LONG);
	assert_string_equal(icalcomponent_get_description(find_event(vcal, "day@tillit")), "Årshjulets dag");
	assert_null(icalcomponent_get_first_property(find_event(vcal, "utc@tillit"), ICAL_DESCRIPTION_PROPERTY));
	icalcomponent_free(vcal);
}

static void test_lines(void **state)
{
	struct t *t = *state;
	const struct ics_calendar cal = { NAME, STAMP };
	size_t len;
	const char *out = write_all(t, &cal, &len);
	size_t folded = 0;

	assert_true(!strncmp(out, "BEGIN:VCALENDAR\r\n", 17));
	assert_true(len > 2 && !strcmp(out + len - 15, "END:VCALENDAR\r\n"));
	for (const char *line = out; *line;) {
		const char *end = strstr(line, "\r\n");
		size_t n;

		assert_non_null(end);
		n = (size_t)(end - line);
		if (n > 75)
			fail_msg("line of %zu octets: %.*s", n, (int)n, line);
		assert_null(memchr(line, '\n', n));
		assert_null(memchr(line, '\r', n));
		/* A folded line never splits a character: each physical line is valid UTF-8. */
		assert_true(str_valid_utf8(line, n));
		folded += line[0] == ' ';
		line = end + 2;
	}
	assert_true(folded >= 2);
	/* Local times name their zone; the poison string is only text. */
	assert_non_null(strstr(out, "\r\nDTSTART;TZID=Europe/Stockholm:20260329T013000\r\n"));
	assert_non_null(strstr(out, "\r\nDTSTART;VALUE=DATE:20260329\r\n"));
	assert_non_null(strstr(out, "\r\nSUMMARY:<script>'\"&\\; \\, \\\\ slut\r\n"));
	assert_non_null(strstr(out, "\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"));
}

static void test_all_day_only(void **state)
{
	struct t *t = *state;
	const struct ics_calendar cal = { "Årshjul", STAMP };
	const struct ics_event ev[] = {
		{ "a@tillit", "Ledningens genomgång", NULL, "2026-11-23", NULL, ICS_CONFIRMED },
		{ "b@tillit", "Internkontroll", NULL, "2026-12-01", "2026-12-04", ICS_TENTATIVE },
	};
	const char *out;
	size_t len;
	icalcomponent *vcal;

	assert_int_equal(ics_write(t->a, &cal, ev, 2, &out, &len, &t->e), 0);
	/* Dates only: no zone needed. */
	assert_null(strstr(out, "VTIMEZONE"));
	assert_null(strstr(out, "X-WR-TIMEZONE"));
	assert_non_null(strstr(out, "\r\nTRANSP:TRANSPARENT\r\n"));
	vcal = icalparser_parse_string(out);
	assert_int_equal(icalcomponent_count_components(vcal, ICAL_VEVENT_COMPONENT), 2);
	icalcomponent_free(vcal);

	/* An empty calendar is still a calendar. */
	assert_int_equal(ics_write(t->a, &cal, NULL, 0, &out, &len, &t->e), 0);
	vcal = icalparser_parse_string(out);
	assert_non_null(vcal);
	assert_int_equal(icalcomponent_count_components(vcal, ICAL_VEVENT_COMPONENT), 0);
	icalcomponent_free(vcal);
}

static void test_refused(void **state)
{
	struct t *t = *state;
	static const struct {
		const char *uid, *start, *end, *field;
	} bad[] = {
		{ "", "2026-03-29", NULL, "uid" },
		{ NULL, "2026-03-29", NULL, "uid" },
		{ "x", "2026-02-30", NULL, "start" },
		{ "x", "2026-3-29", NULL, "start" },
		{ "x", "2026-03-29T24:00", NULL, "start" },
		{ "x", "2026-03-29T10:60", NULL, "start" },
		{ "x", "2026-03-29T10:00:61", NULL, "start" },
		{ "x", "2026-03-29T10:00+01:00", NULL, "start" },
		{ "x", "2026-03-29 10:00", NULL, "start" },
		{ "x", "", NULL, "start" },
		{ "x", NULL, NULL, "start" },
		{ "x", "2026-03-29T10:00", "2026-03-29T09:59", "end" },
		{ "x", "2026-03-29T10:00", "2026-03-29T10:00", "end" },
		{ "x", "2026-03-29", "2026-03-29", "end" },
		{ "x", "2026-03-29", "2026-03-30T10:00", "end" },
		{ "x", "2026-03-29T10:00", "2026-03-29T11:00Z", "end" },
		{ "x", "2026-03-29T10:00", "2026-04-31T10:00", "end" },
	};
	const struct ics_calendar cal = { "Årshjul", STAMP };
	const char *out = "untouched";
	size_t len = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct ics_event ev[] = {
			{ "ok@tillit", "Bra", NULL, "2026-03-29", NULL, ICS_CONFIRMED },
			{ bad[i].uid, "Dålig", NULL, bad[i].start, bad[i].end, ICS_CONFIRMED },
		};

		err_clear(&t->e);
		if (ics_write(t->a, &cal, ev, 2, &out, &len, &t->e) != ERR_INVALID)
			fail_msg("case %zu (%s / %s) was not refused", i, bad[i].start ? bad[i].start : "NULL",
				 bad[i].end ? bad[i].end : "NULL");
		assert_string_equal(t->e.field, bad[i].field);
		assert_string_equal(out, "untouched");
	}
	{
		const struct ics_calendar local = { "Årshjul", "2026-01-05T10:00:00" };

		err_clear(&t->e);
		assert_int_equal(ics_write(t->a, &local, NULL, 0, &out, &len, &t->e), ERR_INVALID);
		assert_string_equal(t->e.field, "stamp");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_day_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	icaltimezone_free_builtin_timezones();
	return rc;
}
