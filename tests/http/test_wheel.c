/*
 * test_wheel.c - the annual wheel through the API, the pages and the
 * calendar feeds.
 *
 * Recurring activities are made through the API (one all day, one on the
 * last Sunday of every month at 09:00, so its occurrences fall on both
 * daylight-saving changes of 2026), their 2026 occurrences made, and the
 * feeds read back with libical: every occurrence an event with its own
 * UID and status, all-day ones as dates, timed ones in Europe/Stockholm
 * at 09:00 on the wall in winter and in summer (08:00 and 07:00 UTC). A
 * feed answers only to a valid secret, shows only what its user may read,
 * and stops working when the secret is rotated or revoked. Also: bad rules
 * refused naming the field, pages for the month view, the list and its
 * exports, an occurrence's status, and an activity moved to the wheel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <libical/ical.h>

#include "core/arena.h"
#include "domain/auth.h"
#include "fixtures.h"
#include "io/ics.h"
#include "loopback.h"

enum who { W_COORD, W_READER, W_COORD_Z, W_COUNT };
static const char *const who_name[W_COUNT] = { "samordnare", "lasare", "samordnare-z" };
static const char *const who_role[W_COUNT] = { "coordinator", "reader", "coordinator" };

static struct lb_env env;
static int64_t org, board, org_z;
static int64_t users[W_COUNT];
static const char *tokens[W_COUNT];
static int64_t all_day, sundays;

static int setup(void **state)
{
	struct err e = { 0 };

	setenv("TILLIT_NOW", "2026-02-10T10:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	org_z = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	for (int w = 0; w < W_COUNT; w++) {
		users[w] = lb_env_user(&env, who_name[w], who_role[w], w == W_COORD_Z ? org_z : org);
		assert_int_equal(token_create(env.db, env.arena, &fx_system, users[w], "test", &tokens[w], NULL, &e),
				 0);
	}
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static void api_client(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	c->bearer = tokens[w];
}

static void login(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who_name[w], LB_PASSWORD), 303);
	assert_int_equal(lb_get(c, "/").status, 200);
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static void assert_error(const struct lb_resp *r, int status, const char *field)
{
	json_t *j;
	if (r->status != status)
		fail_msg("status %d, expected %d: %.300s", r->status, status, r->body);
	j = parse(r);
	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")), field);
	json_decref(j);
}

static int64_t id_of(const struct lb_resp *r)
{
	json_t *j = parse(r);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static const char *path(struct lb_client *c, const char *fmt, long long a)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return arena_printf(c->arena, fmt, a);
#pragma GCC diagnostic pop
}

static void test_items_through_the_api(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	const char *items = "/api/v1/wheel/items";

	api_client(&c, W_COORD);
	/* Bad rules: refused naming the field, nothing made. */
	assert_error(
		(r = lb_json(&c, "POST", items,
			     path(&c, "{\"unit_id\":%lld,\"title\":\"X\",\"freq\":\"yearly\",\"month\":2,\"day\":30}",
				  (long long)board),
			     NULL),
		 &r),
		400, "day");
	assert_error((r = lb_json(&c, "POST", items,
				  path(&c, "{\"unit_id\":%lld,\"title\":\"X\",\"freq\":\"weekly\",\"day\":1}",
				       (long long)board),
				  NULL),
		      &r),
		     400, "freq");
	assert_error(
		(r = lb_json(&c, "POST", items,
			     path(&c,
				  "{\"unit_id\":%lld,\"title\":\"X\",\"freq\":\"monthly\",\"nth\":-1,\"weekday\":9}",
				  (long long)board),
			     NULL),
		 &r),
		400, "weekday");
	assert_error(
		(r = lb_json(
			 &c, "POST", items,
			 path(&c,
			      "{\"unit_id\":%lld,\"title\":\"X\",\"freq\":\"monthly\",\"day\":1,\"time_of_day\":\"25:00\"}",
			      (long long)board),
			 NULL),
		 &r),
		400, "time_of_day");
	assert_error(
		(r = lb_json(&c, "POST", items,
			     path(&c, "{\"unit_id\":%lld,\"title\":\"X\",\"freq\":\"yearly\",\"month\":1,\"day\":1}",
				  (long long)org_z),
			     NULL),
		 &r),
		403, NULL);
	r = lb_json(&c, "GET", "/api/v1/wheel/items", NULL, NULL);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);

	/* All day, every year on 15 March; and the last Sunday of every month at 09:00, Anna responsible. */
	r = lb_json(&c, "POST", items,
		    path(&c,
			 "{\"unit_id\":%lld,\"title\":\"Översyn av styrdokument\",\"freq\":\"yearly\",\"month\":3,"
			 "\"day\":15,\"description\":\"Alla styrdokument, ett år i taget.\"}",
			 (long long)board),
		    NULL);
	assert_int_equal(r.status, 201);
	all_day = id_of(&r);
	r = lb_json(
		&c, "POST", items,
		arena_printf(c.arena,
			     "{\"unit_id\":%lld,\"title\":\"Information till ledningsgrupper\",\"freq\":\"monthly\","
			     "\"nth\":-1,\"weekday\":7,\"time_of_day\":\"09:00\",\"responsible_id\":%lld}",
			     (long long)board, (long long)users[W_COORD]),
		NULL);
	assert_int_equal(r.status, 201);
	sundays = id_of(&r);
	/* The year's occurrences: once. */
	r = lb_json(&c, "POST", path(&c, "/api/v1/wheel/items/%lld/occurrences", (long long)sundays), "{\"year\":2026}",
		    NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "created")), 12);
	json_decref(j);
	r = lb_json(&c, "POST", path(&c, "/api/v1/wheel/items/%lld/occurrences", (long long)sundays), "{\"year\":2026}",
		    NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "created")), 0);
	json_decref(j);
	r = lb_json(&c, "POST", path(&c, "/api/v1/wheel/items/%lld/occurrences", (long long)all_day), "{\"year\":2026}",
		    NULL);
	assert_int_equal(r.status, 201);
	assert_error((r = lb_json(&c, "POST", path(&c, "/api/v1/wheel/items/%lld/occurrences", (long long)all_day),
				  "{\"year\":2200}", NULL),
		      &r),
		     400, "year");
	/* The list by month; a status with its version. */
	r = lb_json(&c, "GET", "/api/v1/wheel/occurrences?year=2026&month=3", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "date")),
			    "2026-03-15");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "date")),
			    "2026-03-29");
	{
		int64_t occ = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "id"));
		json_decref(j);
		r = lb_json(&c, "PATCH", path(&c, "/api/v1/wheel/occurrences/%lld", (long long)occ),
			    "{\"status\":\"done\",\"comment\":\"Alla ledningsgrupper\",\"version\":1}", NULL);
		assert_int_equal(r.status, 200);
		r = lb_json(&c, "PATCH", path(&c, "/api/v1/wheel/occurrences/%lld", (long long)occ),
			    "{\"status\":\"started\",\"version\":1}", NULL);
		assert_int_equal(r.status, 409);
		assert_error((r = lb_json(&c, "PATCH", path(&c, "/api/v1/wheel/occurrences/%lld", (long long)occ),
					  "{\"status\":\"klar\",\"version\":2}", NULL),
			      &r),
			     400, "status");
	}
	assert_error((r = lb_json(&c, "GET", "/api/v1/wheel/occurrences?month=3", NULL, NULL), &r), 400, "month");
	r = lb_json(&c, "GET", "/api/v1/wheel/occurrences/export?format=csv&year=2026", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Information till ledningsgrupper"));
	lb_client_release(&c);

	/* Another organisation's coordinator sees none of it. */
	api_client(&c, W_COORD_Z);
	r = lb_json(&c, "GET", "/api/v1/wheel/occurrences?year=2026", NULL, NULL);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	assert_int_equal(
		lb_json(&c, "GET", path(&c, "/api/v1/wheel/items/%lld", (long long)sundays), NULL, NULL).status, 403);
	lb_client_release(&c);
}

/* A feed's text, parsed; NULL when the answer is not a calendar. */
static icalcomponent *feed(struct lb_client *c, const char *url, int *status)
{
	struct lb_resp r = lb_get(c, url);
	*status = r.status;
	if (r.status != 200)
		return NULL;
	assert_non_null(strstr(r.content_type, "text/calendar"));
	return icalparser_parse_string(r.body);
}

static icalcomponent *event_on(icalcomponent *vcal, const char *summary, int y, int m, int d)
{
	for (icalcomponent *ve = icalcomponent_get_first_component(vcal, ICAL_VEVENT_COMPONENT); ve;
	     ve = icalcomponent_get_next_component(vcal, ICAL_VEVENT_COMPONENT)) {
		struct icaltimetype t = icalcomponent_get_dtstart(ve);
		if (!strcmp(icalcomponent_get_summary(ve), summary) && t.year == y && t.month == m && t.day == d)
			return ve;
	}
	return NULL;
}

/* An event's start in UTC, "YYYYMMDDTHHMMSSZ", through the feed's own VTIMEZONE. */
static const char *utc_start(struct arena *a, icalcomponent *vcal, icalcomponent *ve)
{
	icalproperty *p = icalcomponent_get_first_property(ve, ICAL_DTSTART_PROPERTY);
	icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	struct icaltimetype t = icalproperty_get_dtstart(p);
	char *s;
	const char *out;

	assert_non_null(tz);
	assert_string_equal(icalparameter_get_tzid(tz), ICS_TZID);
	t = icaltime_set_timezone(&t, icalcomponent_get_timezone(vcal, ICS_TZID));
	t = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
	s = icaltime_as_ical_string_r(t);
	out = arena_strdup(a, s);
	icalmemory_free_buffer(s);
	return out;
}

static void test_feeds(void **state)
{
	struct arena *a = arena_new();
	struct lb_client c, anon;
	struct lb_resp r;
	icalcomponent *vcal, *ve;
	const char *key, *me, *unit;
	json_t *j;
	int status;

	api_client(&c, W_COORD);
	r = lb_json(&c, "POST", "/api/v1/me/calendar-key", NULL, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	key = arena_strdup(a, json_string_value(json_object_get(j, "key")));
	assert_non_null(strstr(json_string_value(json_object_get(j, "me")), "/calendar/me/feed.ics?key=tcal_"));
	json_decref(j);
	me = arena_printf(a, "/calendar/me/feed.ics?key=%s", key);
	unit = arena_printf(a, "/calendar/units/%lld/feed.ics?key=%s", (long long)board, key);

	/* Without a session: the secret is the only credential. */
	lb_client_init(&anon, &env);
	vcal = feed(&anon, unit, &status);
	assert_int_equal(status, 200);
	assert_non_null(vcal);
	assert_int_equal(icalcomponent_count_errors(vcal), 0);
	assert_int_equal(icalcomponent_count_components(vcal, ICAL_VEVENT_COMPONENT), 13);
	/* All day: a date, and the day after as its end. */
	ve = event_on(vcal, "Översyn av styrdokument", 2026, 3, 15);
	assert_non_null(ve);
	assert_true(icalcomponent_get_dtstart(ve).is_date);
	assert_int_equal(icalcomponent_get_dtend(ve).day, 16);
	assert_non_null(strstr(icalcomponent_get_description(ve), "Status: Ej påbörjad"));
	/* 09:00 on the wall whatever the season: 08:00 UTC in winter, 07:00 UTC in summer. */
	ve = event_on(vcal, "Information till ledningsgrupper", 2026, 2, 22);
	assert_non_null(ve);
	assert_string_equal(utc_start(a, vcal, ve), "20260222T080000Z");
	ve = event_on(vcal, "Information till ledningsgrupper", 2026, 3, 29); /* the day summer time begins */
	assert_non_null(ve);
	assert_string_equal(utc_start(a, vcal, ve), "20260329T070000Z");
	assert_non_null(strstr(icalcomponent_get_description(ve), "Status: Genomförd. Alla ledningsgrupper"));
	ve = event_on(vcal, "Information till ledningsgrupper", 2026, 10, 25); /* the day it ends */
	assert_non_null(ve);
	assert_string_equal(utc_start(a, vcal, ve), "20261025T080000Z");
	ve = event_on(vcal, "Information till ledningsgrupper", 2026, 9, 27);
	assert_string_equal(utc_start(a, vcal, ve), "20260927T070000Z");
	/* Every occurrence its own UID. */
	{
		size_t n = 0;
		const char *seen[32];
		for (ve = icalcomponent_get_first_component(vcal, ICAL_VEVENT_COMPONENT); ve;
		     ve = icalcomponent_get_next_component(vcal, ICAL_VEVENT_COMPONENT)) {
			const char *uid = icalcomponent_get_uid(ve);
			assert_true(!strncmp(uid, "wheel-occurrence-", 17));
			for (size_t k = 0; k < n; k++)
				assert_string_not_equal(seen[k], uid);
			if (n < 32)
				seen[n++] = arena_strdup(a, uid);
		}
	}
	icalcomponent_free(vcal);
	/* The person's feed: what Anna is responsible for only. */
	vcal = feed(&anon, me, &status);
	assert_int_equal(status, 200);
	assert_int_equal(icalcomponent_count_components(vcal, ICAL_VEVENT_COMPONENT), 12);
	icalcomponent_free(vcal);
	/* A unit out of the user's scope, a wrong key, none: nothing. */
	feed(&anon, arena_printf(a, "/calendar/units/%lld/feed.ics?key=%s", (long long)org_z, key), &status);
	assert_int_equal(status, 404);
	feed(&anon, arena_printf(a, "/calendar/units/%lld/feed.ics?key=tcal_nonsense", (long long)board), &status);
	assert_int_equal(status, 404);
	feed(&anon, arena_printf(a, "/calendar/units/%lld/feed.ics", (long long)board), &status);
	assert_int_equal(status, 404);
	/* Rotated: the old address stops working. */
	r = lb_json(&c, "POST", "/api/v1/me/calendar-key", NULL, NULL);
	assert_int_equal(r.status, 201);
	feed(&anon, unit, &status);
	assert_int_equal(status, 404);
	j = parse(&r);
	unit = arena_printf(a, "/calendar/units/%lld/feed.ics?key=%s", (long long)board,
			    json_string_value(json_object_get(j, "key")));
	json_decref(j);
	vcal = feed(&anon, unit, &status);
	assert_int_equal(status, 200);
	icalcomponent_free(vcal);
	/* Revoked. */
	assert_int_equal(lb_json(&c, "DELETE", "/api/v1/me/calendar-key", NULL, NULL).status, 204);
	feed(&anon, unit, &status);
	assert_int_equal(status, 404);
	lb_client_release(&c);
	lb_client_release(&anon);

	/* From the account page: the addresses are shown once, on the answer, not in a redirect. */
	login(&c, W_COORD);
	r = lb_post(&c, "/account/calendar", (const char *const[]){ NULL });
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "/calendar/me/feed.ics?key=tcal_"));
	assert_true(lb_has(&r, "/feed.ics?key=tcal_"));
	r = lb_get(&c, "/account");
	assert_false(lb_has(&r, "feed.ics?key=tcal_"));
	assert_true(lb_has(&r, "tcal_"));
	r = lb_post(&c, "/account/calendar/revoke", (const char *const[]){ NULL });
	assert_int_equal(r.status, 303);
	lb_client_release(&c);
	icaltimezone_free_builtin_timezones();
	arena_free(a);
}

static void test_pages(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	int64_t plan, area, act;

	login(&c, W_COORD);
	/* The month view: March holds both. */
	r = lb_get(&c, path(&c, "/wheel?unit_id=%lld&year=2026", (long long)board));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<h2 id=\"m3\">Mars</h2>") || lb_has(&r, "<h2 id=\"m3\">mars</h2>"));
	assert_true(lb_has(&r, "2026-03-29 09:00"));
	assert_true(lb_has(&r, "Varje månad, sista söndag, kl. 09:00"));
	/* A bad rule in the form: 400 naming the field, what was typed kept. */
	r = lb_post(&c, "/wheel/items",
		    (const char *const[]){ "unit_id", arena_printf(c.arena, "%lld", (long long)board), "title",
					   "Skriven rubrik", "freq", "yearly", "month", "2", "day", "30", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-day\""));
	assert_true(lb_has(&r, "Skriven rubrik"));
	/* A status from the item's page. */
	r = lb_get(&c, path(&c, "/wheel/items/%lld?year=2026", (long long)all_day));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "2026-03-15"));
	/* The list with its filters and exports. */
	r = lb_get(&c, "/wheel/occurrences?year=2026&status=done");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Alla ledningsgrupper"));
	assert_false(lb_has(&r, "Översyn av styrdokument"));
	assert_int_equal(lb_get(&c, "/wheel/occurrences?year=1800").status, 400);
	r = lb_get(&c, "/wheel/occurrences/export.xlsx?year=2026");
	assert_int_equal(r.status, 200);
	assert_true(r.body[0] == 'P' && r.body[1] == 'K');
	r = lb_get(&c, "/wheel/occurrences/export.json?year=2026&month=3");
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
	lb_client_release(&c);

	/* An activity of an action plan moved to the wheel: its next step is "wheel". */
	api_client(&c, W_COORD);
	r = lb_json(&c, "POST", "/api/v1/plans",
		    path(&c, "{\"unit_id\":%lld,\"year\":2026,\"areas\":[\"Ledning\"]}", (long long)board), NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	plan = json_integer_value(json_object_get(j, "id"));
	area = json_integer_value(json_object_get(json_array_get(json_object_get(j, "areas"), 0), "id"));
	json_decref(j);
	r = lb_json(&c, "POST", path(&c, "/api/v1/plans/%lld/activities", (long long)plan),
		    path(&c, "{\"area_id\":%lld,\"title\":\"Utbildning nämnder och styrelser\"}", (long long)area),
		    NULL);
	assert_int_equal(r.status, 201);
	act = id_of(&r);
	lb_client_release(&c);
	login(&c, W_COORD);
	r = lb_get(&c, path(&c, "/wheel/items/new?from_activity_id=%lld", (long long)act));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "value=\"Utbildning nämnder och styrelser\""));
	r = lb_post(&c, "/wheel/items",
		    (const char *const[]){ "from_activity_id", arena_printf(c.arena, "%lld", (long long)act), "unit_id",
					   arena_printf(c.arena, "%lld", (long long)board), "title",
					   "Utbildning nämnder och styrelser", "freq", "yearly", "month", "9", "nth",
					   "1", "weekday", "2", NULL });
	assert_int_equal(r.status, 303);
	r = lb_get(&c, path(&c, "/activities/%lld", (long long)act));
	assert_false(lb_has(&r, "/wheel/items/new?from_activity_id="));
	assert_true(lb_has(&r, "Nästa steg</dt><dd>Flytta till årshjulet"));
	lb_client_release(&c);
	/* A reader sees the wheel and changes nothing. */
	login(&c, W_READER);
	r = lb_get(&c, "/wheel?year=2026");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "/wheel/items/new"));
	assert_int_equal(
		lb_post(&c, "/wheel/items",
			(const char *const[]){ "unit_id", arena_printf(c.arena, "%lld", (long long)board), NULL })
			.status,
		403);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_through_the_api),
		cmocka_unit_test(test_feeds),
		cmocka_unit_test(test_pages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
