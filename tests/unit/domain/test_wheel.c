/*
 * test_wheel.c - the annual wheel's rules against a real database (SQLite
 * in memory, or PostgreSQL with TEST_DB_URL): the dates a rule gives
 * (yearly, quarterly, monthly; a day of the month, the Nth or last
 * weekday; short months and leap years), rules that give no date refused,
 * every field checked, a year's occurrences made once however often asked,
 * an activity of an action plan moved to the wheel once, a lost update of
 * an occurrence refused, and the calendar secret: made, rotated, revoked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/wheel.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, anna, bertil;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input ua = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	struct user_input ub = { "bertil", "Bertil Berg", "bertil@example.se", "sv", true };

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input b = { t->org, "board", "Kommunstyrelsen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &b, &t->board, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ua, "correct horse battery", &t->anna, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ub, "correct horse battery", &t->bertil, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->anna, t->board, "coordinator", NULL, &e), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	unsetenv("TILLIT_NOW");
	return 0;
}

static struct wheel_item_input rule(const char *freq, int64_t month, int64_t day, int64_t nth, int64_t weekday)
{
	struct wheel_item_input in = { 0 };
	in.unit_id = 1;
	in.title = "Regel";
	in.freq = freq;
	in.month = month;
	in.day = day;
	in.nth = nth;
	in.weekday = weekday;
	in.active = true;
	return in;
}

/* The dates @in gives in @year, joined by spaces. */
static const char *dates_of(struct t *t, struct wheel_item_input in, int64_t year)
{
	char d[WHEEL_MAX_DATES][11];
	size_t n = wheel_dates(&in, year, d);
	const char *out = "";
	for (size_t i = 0; i < n; i++)
		out = arena_printf(t->a, "%s%s%s", out, i ? " " : "", d[i]);
	return out;
}

static void test_dates(void **state)
{
	struct t *t = *state;

	assert_string_equal(dates_of(t, rule("yearly", 3, 15, 0, 0), 2026), "2026-03-15");
	assert_string_equal(dates_of(t, rule("quarterly", 2, 1, 0, 0), 2026),
			    "2026-02-01 2026-05-01 2026-08-01 2026-11-01");
	/* The 31st: only in the months that have one. */
	assert_string_equal(dates_of(t, rule("monthly", 1, 31, 0, 0), 2026),
			    "2026-01-31 2026-03-31 2026-05-31 2026-07-31 2026-08-31 2026-10-31 2026-12-31");
	/* 29 February: leap years only. */
	assert_string_equal(dates_of(t, rule("yearly", 2, 29, 0, 0), 2026), "");
	assert_string_equal(dates_of(t, rule("yearly", 2, 29, 0, 0), 2028), "2028-02-29");
	/* The second Tuesday of March; the last Sunday of March and October (the daylight-saving changes). */
	assert_string_equal(dates_of(t, rule("yearly", 3, 0, 2, 2), 2026), "2026-03-10");
	assert_string_equal(dates_of(t, rule("yearly", 3, 0, -1, 7), 2026), "2026-03-29");
	assert_string_equal(dates_of(t, rule("yearly", 10, 0, -1, 7), 2026), "2026-10-25");
	/* The first Monday of every quarter's first month. */
	assert_string_equal(dates_of(t, rule("quarterly", 1, 0, 1, 1), 2026),
			    "2026-01-05 2026-04-06 2026-07-06 2026-10-05");
	/* A fifth Friday: only the months that have five. */
	assert_string_equal(dates_of(t, rule("monthly", 1, 0, 5, 5), 2026),
			    "2026-01-30 2026-05-29 2026-07-31 2026-10-30");
	/* 2100 is no leap year; 2000 was. */
	assert_string_equal(dates_of(t, rule("yearly", 2, 0, -1, 1), 2100), "2100-02-22");
	assert_string_equal(dates_of(t, rule("yearly", 2, 29, 0, 0), 2000), "2000-02-29");
}

static void test_rules_checked(void **state)
{
	struct t *t = *state;
	struct wheel_item_input in;
	struct err e = { 0 };
	(void)t;

	in = rule("yearly", 2, 30, 0, 0); /* 30 February: never */
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "day");
	in = rule("yearly", 2, 29, 0, 0); /* some years */
	assert_int_equal(wheel_check(&in, &e), 0);
	in = rule("weekly", 1, 1, 0, 0);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "freq");
	in = rule("yearly", 13, 1, 0, 0);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "month");
	in = rule("quarterly", 4, 1, 0, 0);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "month");
	in = rule("monthly", 1, 32, 0, 0);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "day");
	in = rule("monthly", 1, 0, 0, 0);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "day");
	in = rule("monthly", 1, 3, 1, 1);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "day");
	in = rule("monthly", 1, 0, 6, 1);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "nth");
	in = rule("monthly", 1, 0, 1, 8);
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "weekday");
	in = rule("monthly", 1, 1, 0, 0);
	in.time_of_day = "24:00";
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "time_of_day");
	in.time_of_day = "9:00";
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	in.time_of_day = "09:30";
	assert_int_equal(wheel_check(&in, &e), 0);
	in.title = "";
	assert_int_equal(wheel_check(&in, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");
}

static void test_items_and_occurrences(void **state)
{
	struct t *t = *state;
	struct wheel_item_input in = rule("quarterly", 1, 15, 0, 0);
	struct wheel_item w, cur;
	struct wheel_filter f;
	struct wheel_occurrence *list, occ_cur = { 0 };
	struct grant g = { 1, ROLE_COORDINATOR, 0, NULL, "Kommunstyrelsen" };
	struct auth anna = { .user_id = 0, .username = "anna", .grants = &g, .n_grants = 1 };
	size_t n, made;
	int64_t id, other_org;
	struct err e = { 0 };
	struct unit_input z = { 0, "organisation", "Zeta kommun", "", "", "" };

	in.unit_id = t->board;
	in.title = "Genomgång av incidenter";
	in.responsible_id = t->bertil; /* no role */
	assert_int_equal(wheel_item_create(t->db, t->a, act, &in, NULL, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "responsible_id");
	in.responsible_id = t->anna;
	assert_int_equal(wheel_item_create(t->db, t->a, act, &in, NULL, &id, &e), 0);
	assert_int_equal(wheel_item_get(t->db, t->a, id, &w, &e), 0);
	assert_string_equal(w.responsible_name, "Anna Andersson");
	/* A coordinator of the board may not put one in another organisation. */
	assert_int_equal(unit_create(t->db, t->a, act, &z, &other_org, &e), 0);
	anna.user_id = t->anna;
	g.unit_id = t->board;
	g.unit_path = w.unit_path;
	in.unit_id = other_org;
	in.responsible_id = 0;
	assert_int_equal(wheel_item_create(t->db, t->a, &anna, &in, NULL, NULL, &e), ERR_FORBIDDEN);
	assert_string_equal(e.field, "unit_id");
	/* A year's occurrences, once however often asked. */
	assert_int_equal(wheel_generate(t->db, t->a, act, &w, 2026, &made, &e), 0);
	assert_int_equal(made, 4);
	assert_int_equal(wheel_generate(t->db, t->a, act, &w, 2026, &made, &e), 0);
	assert_int_equal(made, 0);
	assert_int_equal(wheel_generate(t->db, t->a, act, &w, 1999, &made, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	wheel_filter_init(&f);
	f.item_id = id;
	f.year = 2026;
	assert_int_equal(wheel_occ_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].on_date, "2026-01-15");
	assert_string_equal(list[3].on_date, "2026-10-15");
	/* Today is 1 March: January's is overdue until done. */
	assert_true(wheel_occ_overdue(&list[0], "2026-03-01"));
	assert_false(wheel_occ_overdue(&list[1], "2026-03-01"));
	f.overdue = true;
	f.today = "2026-03-01";
	assert_int_equal(wheel_occ_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	assert_int_equal(n, 1);
	/* A status: a stale version gets the stored one; an unknown status is refused. */
	assert_int_equal(wheel_occ_update(t->db, t->a, act, &list[0], 1, "done", "Klart", &occ_cur, &e), 0);
	assert_int_equal(wheel_occ_update(t->db, t->a, act, &list[0], 1, "started", "", &occ_cur, &e), ERR_CONFLICT);
	assert_string_equal(occ_cur.status, "done");
	assert_int_equal(wheel_occ_update(t->db, t->a, act, &occ_cur, 2, "klar", "", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	assert_int_equal(wheel_occ_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	assert_int_equal(n, 0);
	/* A month of a year. */
	f.overdue = false;
	f.month = 7;
	assert_int_equal(wheel_occ_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].on_date, "2026-07-15");
	/* The rule changes; a stale change gets the stored item. */
	in = wheel_item_input_of(&w);
	in.title = "Ny rubrik";
	assert_int_equal(wheel_item_update(t->db, t->a, act, &w, 1, &in, &cur, &e), 0);
	assert_int_equal(wheel_item_update(t->db, t->a, act, &w, 1, &in, &cur, &e), ERR_CONFLICT);
	assert_string_equal(cur.title, "Ny rubrik");
}

static void test_from_activity(void **state)
{
	struct t *t = *state;
	static const char *const areas[] = { "Ledning och samordning" };
	struct plan_input pi = { t->board, 2026, "" };
	struct plan p;
	struct plan_area *ar;
	struct activity_input ai = { 0 };
	struct activity ac;
	struct wheel_item_input in = rule("yearly", 9, 0, 1, 2);
	size_t n;
	int64_t plan, aid, id;
	struct err e = { 0 };

	assert_int_equal(plan_create(t->db, t->a, act, &pi, areas, 1, &plan, &e), 0);
	assert_int_equal(plan_get(t->db, t->a, plan, &p, &e), 0);
	assert_int_equal(plan_areas(t->db, t->a, &p, &ar, &n, &e), 0);
	ai.area_id = ar[0].id;
	ai.title = "Information till ledningsgrupper";
	assert_int_equal(activity_create(t->db, t->a, act, &p, &ai, &aid, &e), 0);
	assert_int_equal(activity_get(t->db, t->a, aid, &ac, &e), 0);
	in.unit_id = t->board;
	in.title = ac.title;
	assert_int_equal(wheel_item_create(t->db, t->a, act, &in, &ac, &id, &e), 0);
	assert_int_equal(activity_get(t->db, t->a, aid, &ac, &e), 0);
	assert_string_equal(ac.next_step, "wheel");
	/* Its next step is decided now: not again, and not carried over either. */
	assert_int_equal(wheel_item_create(t->db, t->a, act, &in, &ac, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "from_activity_id");
	assert_int_equal(activity_carry(t->db, t->a, act, &ac, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "next_step");
}

static void test_calendar_key(void **state)
{
	struct t *t = *state;
	struct auth anna = { .user_id = t->anna, .username = "anna" }, who;
	const char *key, *key2, *prefix, *created;
	struct err e = { 0 };

	assert_int_equal(calendar_key_info(t->db, t->a, t->anna, &prefix, &created, &e), ERR_NOTFOUND);
	assert_int_equal(calendar_key_create(t->db, t->a, &anna, &key, &e), 0);
	assert_true(!strncmp(key, "tcal_", 5) && strlen(key) > 40);
	assert_int_equal(calendar_key_auth(t->db, t->a, key, &who, &e), 0);
	assert_int_equal(who.user_id, t->anna);
	assert_int_equal(who.n_grants, 1);
	assert_int_equal(calendar_key_info(t->db, t->a, t->anna, &prefix, &created, &e), 0);
	assert_true(!strncmp(key, prefix, strlen(prefix)));
	/* Rotated: the old one no longer works. */
	assert_int_equal(calendar_key_create(t->db, t->a, &anna, &key2, &e), 0);
	assert_string_not_equal(key, key2);
	assert_int_equal(calendar_key_auth(t->db, t->a, key, &who, &e), ERR_NOTFOUND);
	assert_int_equal(calendar_key_auth(t->db, t->a, key2, &who, &e), 0);
	/* Revoked. */
	assert_int_equal(calendar_key_revoke(t->db, t->a, &anna, &e), 0);
	assert_int_equal(calendar_key_auth(t->db, t->a, key2, &who, &e), ERR_NOTFOUND);
	assert_int_equal(calendar_key_auth(t->db, t->a, "nonsense", &who, &e), ERR_NOTFOUND);
	assert_int_equal(calendar_key_revoke(t->db, t->a, &anna, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_rules_checked),
		cmocka_unit_test(test_items_and_occurrences),
		cmocka_unit_test(test_from_activity),
		cmocka_unit_test(test_calendar_key),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
