/*
 * test_continuity.c - continuity plans and exercises against a real
 * database: the recovery-time check through a chain of three
 * dependencies (flagged, the chain named) and its absence when the
 * dependencies recover in time or a circle is refused by the asset
 * register; the checks of bad input; business-critical assets without a
 * plan; "last exercised" from the exercises marked done; lost updates.
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
#include "core/i18n.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/continuity.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, unit;
	int64_t service, system, network, power; /* e-service -> system -> network -> power */
};

static int64_t mk_asset(struct t *t, const char *kind, const char *name, bool critical)
{
	struct asset_input in = { .unit_id = t->unit, .kind = kind, .name = name, .business_critical = critical };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), 0);
	return id;
}

static void link(struct t *t, int64_t from, int64_t to)
{
	struct err e = { 0 };
	int64_t id;
	if (fx_asset_link_add(t->db, t->a, act, from, to, "depends_on", &id, &e))
		fail_msg("link: %s %s", e.field, e.msgid);
}

static int64_t mk_plan(struct t *t, int64_t asset, const char *title, int64_t rto)
{
	struct continuity_plan_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = t->unit;
	in.asset_id = asset;
	in.title = title;
	in.mto_hours = 168;
	in.rto_hours = rto;
	in.rpo_hours = 24;
	if (continuity_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("continuity_create: %s %s", e.field, e.msgid);
	return id;
}

static struct continuity_plan plan(struct t *t, int64_t id)
{
	struct continuity_plan p;
	struct err e = { 0 };
	assert_int_equal(continuity_get(t->db, t->a, id, &p, &e), 0);
	return p;
}

static struct continuity_check check(struct t *t, int64_t id)
{
	struct continuity_plan p = plan(t, id);
	struct continuity_check c;
	struct err e = { 0 };
	assert_int_equal(continuity_check(t->db, t->a, act, LANG_SV, "2026-03-01", &p, 1, &c, &e), 0);
	return c;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input u = { t->org, "administration", "Kommunledningsförvaltningen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &u, &t->unit, &e), 0);
	t->service = mk_asset(t, "digital_service", "E-tjänst bygglov", true);
	t->system = mk_asset(t, "system", "Ärendesystem", true);
	t->network = mk_asset(t, "system", "Stadsnät", false);
	t->power = mk_asset(t, "supplier", "Elleverantör", false);
	link(t, t->service, t->system);
	link(t, t->system, t->network);
	link(t, t->network, t->power);
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

/*
 * The e-service must be back in 8 hours, but depends (through the system
 * and the network) on the power supplier, whose plan needs 48: flagged,
 * the chain of three links named. The network's plan of 4 hours is not.
 */
static void test_chain_of_three(void **state)
{
	struct t *t = *state;
	int64_t p_service = mk_plan(t, t->service, "Bygglov utan e-tjänst", 8);
	struct continuity_check c;

	mk_plan(t, t->network, "Stadsnätet nere", 4);
	c = check(t, p_service);
	assert_int_equal(c.n_deps, 3);
	assert_int_equal(c.n_too_slow, 0);
	assert_int_equal(c.deps[0].depth, 1);
	assert_string_equal(c.deps[2].chain, "E-tjänst bygglov → Ärendesystem → Stadsnät → Elleverantör");
	mk_plan(t, t->power, "Elavbrott", 48);
	c = check(t, p_service);
	assert_int_equal(c.n_too_slow, 1);
	assert_true(c.deps[2].too_slow);
	assert_int_equal(c.deps[2].depth, 3);
	assert_int_equal(c.deps[2].rto_hours, 48);
	assert_false(c.deps[1].too_slow);
	assert_string_equal(c.deps[2].chain, "E-tjänst bygglov → Ärendesystem → Stadsnät → Elleverantör");
	assert_true(c.never_exercised);
	assert_false(c.review_overdue);
}

/*
 * A circle cannot be made (the asset register refuses the link), so the
 * walk ends; a plan whose dependencies all recover in time is not
 * flagged, and one with no dependencies has none.
 */
static void test_no_circle_no_flag(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t id, lone = mk_asset(t, "manual", "Pappersarkiv", true);
	struct continuity_plan p;
	struct continuity_check c;

	assert_int_equal(fx_asset_link_add(t->db, t->a, act, t->power, t->service, "depends_on", &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "to_id");
	c = check(t, mk_plan(t, t->system, "Ärendesystemet nere", 72));
	assert_int_equal(c.n_deps, 2);
	assert_int_equal(c.n_too_slow, 0);
	c = check(t, mk_plan(t, lone, "Arkivet", 24));
	assert_int_equal(c.n_deps, 0);
	assert_int_equal(c.n_too_slow, 0);
	assert_int_equal(continuity_of_asset(t->db, t->a, lone, &p, &e), 0);
	assert_string_equal(p.title, "Arkivet");
}

/* Bad input names its field and saves nothing; one plan per asset. */
static void test_bad_input(void **state)
{
	struct t *t = *state;
	struct continuity_plan_input in = { 0 };
	struct continuity_plan *list;
	struct continuity_filter f = { 0 };
	size_t n;
	int64_t id = 0, before = 0, after = 0;
	struct err e = { 0 };

	assert_int_equal(continuity_list(t->db, t->a, &f, &list, &n, &before, &e), 0);
	in.unit_id = t->unit;
	in.asset_id = mk_asset(t, "system", "Lönesystem", true);
	in.title = "Lön";
	in.mto_hours = 24;
	in.rto_hours = 48; /* longer than the maximum tolerable outage */
	in.rpo_hours = 4;
	assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "rto_hours");
	in.rto_hours = 12;
	in.mto_hours = 0;
	assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "mto_hours");
	in.mto_hours = 24;
	in.rpo_hours = -1;
	assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "rpo_hours");
	in.rpo_hours = 4;
	in.asset_id = 99999;
	assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "asset_id");
	in.asset_id = t->service;
	in.review_due = "2026-13-01";
	assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "review_due");
	assert_int_equal(continuity_list(t->db, t->a, &f, &list, &n, &after, &e), 0);
	assert_int_equal(after, before);
	/* The e-service has a plan already. */
	in.review_due = "2026-01-01";
	assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), ERR_EXISTS);
	assert_string_equal(e.field, "asset_id");
}

/* Business-critical assets without a plan are listed; overdue reviews are flagged. */
static void test_missing_and_overdue(void **state)
{
	struct t *t = *state;
	struct continuity_gap *gaps;
	struct continuity_plan *list;
	struct continuity_filter f = { 0 };
	size_t n;
	int64_t total;
	struct err e = { 0 };
	int64_t crit = mk_asset(t, "system", "Skolplattform", true);

	assert_int_equal(continuity_missing(t->db, t->a, 0, 0, 50, 0, &gaps, &n, &total, &e), 0);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= gaps[i].asset_id == crit;
	assert_true(found);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(gaps[i].asset_id, t->service); /* it has a plan */
	{
		struct continuity_plan_input in = { 0 };
		int64_t id;
		in.unit_id = t->unit, in.asset_id = crit, in.title = "Skolplattformen nere";
		in.mto_hours = 48, in.rto_hours = 24, in.rpo_hours = 24, in.review_due = "2026-02-01";
		assert_int_equal(continuity_create(t->db, t->a, act, &in, &id, &e), 0);
		assert_true(check(t, id).review_overdue);
	}
	f.review_overdue = true;
	assert_int_equal(continuity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].title, "Skolplattformen nere");
}

/* An exercise marked done sets "last exercised" of the plans it tested; one in the future cannot be done. */
static void test_exercises(void **state)
{
	struct t *t = *state;
	struct continuity_plan p;
	struct exercise_input in = { 0 };
	struct exercise x, cur;
	struct exercise_link *units, *plans;
	size_t n_units, n_plans;
	int64_t id = 0, ids[1], units_ids[1];
	struct err e = { 0 };

	assert_int_equal(continuity_of_asset(t->db, t->a, t->service, &p, &e), 0);
	assert_null(p.last_exercised);
	ids[0] = p.id;
	units_ids[0] = t->unit;
	in.unit_id = t->unit;
	in.title = "Hela IT-miljön nere i en månad";
	in.exercise_date = "2026-04-10"; /* after today, 2026-03-01 */
	in.kind = "tabletop";
	in.status = "done";
	in.scenario = "Hela IT-miljön är nere i en månad.";
	in.plan_ids = ids;
	in.n_plan_ids = 1;
	in.unit_ids = units_ids;
	in.n_unit_ids = 1;
	assert_int_equal(exercise_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "exercise_date");
	in.kind = "drill";
	in.status = "planned";
	assert_int_equal(exercise_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	in.kind = "tabletop";
	assert_int_equal(exercise_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(continuity_get(t->db, t->a, p.id, &p, &e), 0);
	assert_null(p.last_exercised); /* planned, not done */
	assert_int_equal(exercise_get(t->db, t->a, id, &x, &e), 0);
	in = exercise_input_of(&x);
	in.exercise_date = "2026-02-20";
	in.status = "done";
	in.observations = "Reservrutinerna saknade kontaktlistor.";
	assert_int_equal(exercise_update(t->db, t->a, act, &x, x.version, &in, &cur, &e), 0);
	assert_int_equal(continuity_get(t->db, t->a, p.id, &p, &e), 0);
	assert_string_equal(p.last_exercised, "2026-02-20");
	assert_int_equal(exercise_units(t->db, t->a, id, &units, &n_units, &e), 0);
	assert_int_equal(n_units, 1);
	assert_int_equal(exercise_plans(t->db, t->a, id, &plans, &n_plans, &e), 0);
	assert_int_equal(n_plans, 1);

	/* A resulting action becomes an activity of this year's plan of the exercise's unit, linked to it. */
	{
		struct activity *acts;
		struct exercise now;
		size_t na;
		int64_t aid;
		assert_int_equal(exercise_get(t->db, t->a, id, &now, &e), 0);
		assert_int_equal(
			exercise_activity_create(t->db, t->a, act, LANG_SV, &now, " ", NULL, 0, NULL, &aid, &e),
			ERR_INVALID);
		assert_string_equal(e.field, "title");
		assert_int_equal(exercise_activity_create(t->db, t->a, act, LANG_SV, &now, "Ta fram kontaktlistor",
							  "Reservrutinerna saknade kontaktlistor.", 0, "2026-05-31",
							  &aid, &e),
				 0);
		assert_int_equal(exercise_activities(t->db, t->a, act, id, &acts, &na, &e), 0);
		assert_int_equal(na, 1);
		assert_int_equal(acts[0].id, aid);
		assert_string_equal(acts[0].title, "Ta fram kontaktlistor");
		assert_string_equal(acts[0].area_name, "Övningar");
		assert_int_equal(acts[0].unit_id, t->unit);
		assert_string_equal(acts[0].status, "not_started");
	}
	/* The old version again: a conflict. */
	assert_int_equal(exercise_update(t->db, t->a, act, &x, x.version, &in, &cur, &e), ERR_CONFLICT);
	assert_false(check(t, p.id).never_exercised);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_of_three), cmocka_unit_test(test_no_circle_no_flag),
		cmocka_unit_test(test_bad_input),      cmocka_unit_test(test_missing_and_overdue),
		cmocka_unit_test(test_exercises),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
