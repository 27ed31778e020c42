/*
 * test_plan.c - the rules of action plans and their activities, against a
 * real database (SQLite in memory, or PostgreSQL with TEST_DB_URL):
 * plans a year per unit within 2000-2100, areas renamed and reordered,
 * every field of an activity checked with nothing saved on a refusal,
 * lost updates refused, overdue judged at the edges of the quarters,
 * carrying over (one, all, twice refused, the chain in both directions),
 * the roll-up counts (below a unit among many plans too), and the tracked actions of earlier versions turned
 * into activities by migration 0030 with nothing lost.
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
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, unit, other_org, other_board;
	int64_t anna, bertil; /* anna: coordinator on the board; bertil: no role */
	int64_t plan;         /* the board's plan for 2026 */
	int64_t net, lead;    /* its areas */
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input ua = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	struct user_input ub = { "bertil", "Bertil Berg", "bertil@example.se", "sv", true };
	static const char *const areas[] = { "Nätverk", "Ledning och samordning" };
	struct plan_input pi;
	struct plan p;
	struct plan_area *ar;
	size_t n;

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input b = { t->org, "board", "Kommunstyrelsen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &b, &t->board, &e), 0);
	struct unit_input u = { t->board, "administration", "Kommunledningskontoret", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &u, &t->unit, &e), 0);
	struct unit_input z = { 0, "organisation", "Zeta kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &z, &t->other_org, &e), 0);
	struct unit_input zb = { t->other_org, "board", "Zeta nämnd", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &zb, &t->other_board, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ua, "correct horse battery", &t->anna, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ub, "correct horse battery", &t->bertil, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->anna, t->board, "coordinator", NULL, &e), 0);
	pi = (struct plan_input){ t->board, 2026, "" };
	assert_int_equal(plan_create(t->db, t->a, act, &pi, areas, 2, &t->plan, &e), 0);
	assert_int_equal(plan_get(t->db, t->a, t->plan, &p, &e), 0);
	assert_int_equal(plan_areas(t->db, t->a, &p, &ar, &n, &e), 0);
	assert_int_equal(n, 2);
	t->net = ar[0].id;
	t->lead = ar[1].id;
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

static struct plan plan_of(struct t *t, int64_t id)
{
	struct plan p;
	struct err e = { 0 };
	assert_int_equal(plan_get(t->db, t->a, id, &p, &e), 0);
	return p;
}

static struct activity activity_of(struct t *t, int64_t id)
{
	struct activity ac;
	struct err e = { 0 };
	assert_int_equal(activity_get(t->db, t->a, id, &ac, &e), 0);
	return ac;
}

static bool overdue_on(struct t *t, int64_t id, const char *day)
{
	struct activity ac = activity_of(t, id);
	return activity_overdue(&ac, day);
}

static int64_t mk(struct t *t, int64_t area, const char *title, unsigned quarters, const char *status)
{
	struct plan p = plan_of(t, t->plan);
	struct activity_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.area_id = area;
	in.title = title;
	in.purpose = "Syfte";
	in.quarters = quarters;
	in.status = status;
	if (activity_create(t->db, t->a, act, &p, &in, &id, &e))
		fail_msg("activity_create %s: %s %s", title, e.field, e.msgid);
	return id;
}

static int64_t count_activities(struct t *t, int64_t plan)
{
	struct activity_filter f;
	struct activity *list;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	activity_filter_init(&f);
	f.plan_id = plan;
	assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	return total;
}

static void test_plans_and_areas(void **state)
{
	struct t *t = *state;
	struct plan_input pi = { t->board, 2026, "" };
	struct plan p = plan_of(t, t->plan), cur;
	struct plan_area_ref ref;
	struct plan_area *ar, curar;
	struct grant g = { 1, ROLE_COORDINATOR, t->board, NULL, "Kommunstyrelsen" };
	struct auth anna = { .user_id = t->anna, .username = "anna", .grants = &g, .n_grants = 1 };
	struct err e = { 0 };
	int64_t id;
	size_t n;

	g.unit_path = p.unit_path;
	assert_string_equal(plan_display_title(&p), "Kommunstyrelsen");
	/* One plan a year per unit; years 2000-2100. */
	assert_int_equal(plan_create(t->db, t->a, act, &pi, NULL, 0, &id, &e), ERR_EXISTS);
	assert_string_equal(e.field, "year");
	pi.year = 1999;
	assert_int_equal(plan_create(t->db, t->a, act, &pi, NULL, 0, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	pi.year = 2101;
	assert_int_equal(plan_create(t->db, t->a, act, &pi, NULL, 0, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	/* A coordinator of the board may not plan for another organisation. */
	pi = (struct plan_input){ t->other_board, 2026, "" };
	assert_int_equal(plan_create(t->db, t->a, &anna, &pi, NULL, 0, &id, &e), ERR_FORBIDDEN);
	assert_string_equal(e.field, "unit_id");
	/* The title: a stale version is refused with the stored plan. */
	assert_int_equal(plan_update(t->db, t->a, act, &p, 1, "Informationssäkerhet", &cur, &e), 0);
	assert_int_equal(plan_update(t->db, t->a, act, &p, 1, "Annat", &cur, &e), ERR_CONFLICT);
	assert_string_equal(cur.title, "Informationssäkerhet");
	/* Areas: a third one last, a duplicate name refused, the third moved first. */
	assert_int_equal(plan_area_add(t->db, t->a, act, &p, "IT-säkerhet", &id, &e), 0);
	assert_int_equal(plan_area_add(t->db, t->a, act, &p, "it-säkerhet", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(plan_area_add(t->db, t->a, act, &p, "  ", NULL, &e), ERR_INVALID);
	ref.plan = p;
	assert_int_equal(plan_area_get(t->db, t->a, id, &ref.area, &e), 0);
	assert_int_equal(ref.area.position, 3);
	assert_int_equal(plan_area_update(t->db, t->a, act, &ref, 1, "IT-säkerhet", 1, &curar, &e), 0);
	assert_int_equal(plan_areas(t->db, t->a, &p, &ar, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ar[0].name, "IT-säkerhet");
	assert_string_equal(ar[1].name, "Nätverk");
	assert_string_equal(ar[2].name, "Ledning och samordning");
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ar[i].position, (int64_t)i + 1);
	assert_int_equal(plan_area_update(t->db, t->a, act, &ref, 1, "IT", 0, &curar, &e), ERR_CONFLICT);
	assert_string_equal(curar.name, "IT-säkerhet");
	/* Renamed in place; then back last. */
	ref.area = curar;
	assert_int_equal(plan_area_update(t->db, t->a, act, &ref, 2, "IT-säkerhet", 99, &curar, &e), 0);
	assert_int_equal(plan_areas(t->db, t->a, &p, &ar, &n, &e), 0);
	assert_string_equal(ar[2].name, "IT-säkerhet");
	assert_string_equal(ar[0].name, "Nätverk");
}

static void test_activity_checks(void **state)
{
	struct t *t = *state;
	struct plan p = plan_of(t, t->plan), zp;
	struct plan_input zi = { t->other_board, 2026, "" };
	static const char *const zareas[] = { "Zeta" };
	struct plan_area *zar;
	struct activity_input in = { 0 };
	struct activity ac, cur;
	struct err e = { 0 };
	int64_t id = 0, zplan, before;
	size_t n;

	assert_int_equal(plan_create(t->db, t->a, act, &zi, zareas, 1, &zplan, &e), 0);
	zp = plan_of(t, zplan);
	assert_int_equal(plan_areas(t->db, t->a, &zp, &zar, &n, &e), 0);
	before = count_activities(t, t->plan);
	in.area_id = t->net;
	in.title = "Riskanalys";
	/* Each bad value is refused naming its field, and nothing is saved. */
	in.quarters = 16;
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "quarters");
	in.quarters = 3;
	in.area_id = zar[0].id; /* an area of another organisation's plan */
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "area_id");
	in.area_id = t->net;
	in.status = "klar";
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	in.status = NULL;
	in.next_step = "later";
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "next_step");
	in.next_step = NULL;
	in.responsible_id = t->bertil; /* no role anywhere */
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "responsible_id");
	in.responsible_id = t->anna;
	in.responsible_unit_id = t->other_board; /* another organisation */
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "responsible_unit_id");
	in.responsible_unit_id = t->unit;
	in.due_date = "2026-02-30";
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "due_date");
	in.due_date = NULL;
	in.title = " ";
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");
	assert_int_equal(count_activities(t, t->plan), before);
	/* All well: the responsible person holds a role above the responsible unit. */
	in.title = "Riskanalys";
	assert_int_equal(activity_create(t->db, t->a, act, &p, &in, &id, &e), 0);
	ac = activity_of(t, id);
	assert_string_equal(ac.status, "not_started");
	assert_string_equal(ac.responsible_name, "Anna Andersson");
	assert_string_equal(ac.responsible_unit_name, "Kommunledningskontoret");
	assert_string_equal(ac.deadline, "2026-06-30");
	assert_int_equal(ac.quarters, 3);
	/* Two people change version 1: the second gets the stored activity. */
	in = activity_input_of(&ac);
	in.status = "ongoing";
	assert_int_equal(activity_update(t->db, t->a, act, &ac, 1, &in, &cur, &e), 0);
	in.status = "done";
	assert_int_equal(activity_update(t->db, t->a, act, &ac, 1, &in, &cur, &e), ERR_CONFLICT);
	assert_string_equal(cur.status, "ongoing");
	/* Moving it to the other area places it last there. */
	ac = activity_of(t, id);
	in = activity_input_of(&ac);
	in.area_id = t->lead;
	in.due_date = "2026-05-15";
	assert_int_equal(activity_update(t->db, t->a, act, &ac, ac.version, &in, &cur, &e), 0);
	ac = activity_of(t, id);
	assert_string_equal(ac.area_name, "Ledning och samordning");
	assert_string_equal(ac.deadline, "2026-05-15"); /* the due date comes first */
}

/* The deadline of Q2 is 30 June: overdue from 1 July, unless done or decided for the year end. */
static void test_overdue_at_quarter_edges(void **state)
{
	struct t *t = *state;
	int64_t q2 = mk(t, t->net, "Kvartal två", 2, "ongoing");
	int64_t q4 = mk(t, t->net, "Kvartal fyra", 8, "not_started");
	int64_t none = mk(t, t->net, "Utan kvartal", 0, "not_started");
	struct activity ac = activity_of(t, q2);
	struct activity_input in;
	struct activity_filter f;
	struct activity *list;
	size_t n;
	struct err e = { 0 };

	assert_string_equal(ac.deadline, "2026-06-30");
	assert_false(activity_overdue(&ac, "2026-06-30"));
	assert_true(activity_overdue(&ac, "2026-07-01"));
	assert_string_equal(activity_of(t, q4).deadline, "2026-12-31");
	assert_false(overdue_on(t, q4, "2026-12-31"));
	assert_true(overdue_on(t, q4, "2027-01-01"));
	assert_null(activity_of(t, none).deadline);
	assert_false(overdue_on(t, none, "2099-01-01"));
	/* The list agrees, on the day it is asked for. */
	activity_filter_init(&f);
	f.plan_id = t->plan;
	f.overdue = true;
	f.today = "2026-06-30";
	assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(list[i].id, q2);
	f.today = "2026-07-01";
	assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	assert_true(n >= 1);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found = found || list[i].id == q2;
	assert_true(found);
	/* Done, or its next step decided: no longer overdue. */
	in = activity_input_of(&ac);
	in.next_step = "close";
	assert_int_equal(activity_update(t->db, t->a, act, &ac, ac.version, &in, NULL, &e), 0);
	assert_false(overdue_on(t, q2, "2026-07-01"));
	assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(list[i].id, q2);
	ac = activity_of(t, q4);
	in = activity_input_of(&ac);
	in.status = "done";
	assert_int_equal(activity_update(t->db, t->a, act, &ac, ac.version, &in, NULL, &e), 0);
	assert_false(overdue_on(t, q4, "2027-01-01"));
}

static bool in_list(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* The ids of @f's list, and its total, into @ids (at most 64). */
static size_t list_ids(struct t *t, const struct activity_filter *f, int64_t *ids, int64_t *total)
{
	struct activity *list;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(activity_list(t->db, t->a, f, &list, &n, total, &e), 0);
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++)
		ids[i] = list[i].id;
	return n;
}

/*
 * The activities linked to a record, one plan's, one person's and the overdue earliest first are read by
 * statements of their own (an index answers them on SQLite): each gives, page by page, what the whole list in the same order gives when
 * only the activities that match are kept, and the same total.
 */
static void test_lists_of_one_person_and_overdue(void **state)
{
	struct t *t = *state;
	static const char *const statuses[] = { "not_started", "started", "ongoing", "done" };
	struct activity_filter f, all;
	struct activity *every;
	size_t n_every, n_linked = 0;
	int64_t ids[64], total, asset, linked[8];
	struct err e = { 0 };
	struct asset_input system = { .unit_id = t->board, .kind = "system", .name = "Ärendesystem" };

	assert_int_equal(asset_create(t->db, t->a, act, &system, &asset, &e), 0);

	for (int k = 0; k < 24; k++) {
		int64_t id = mk(t, k % 2 ? t->net : t->lead, arena_printf(t->a, "Aktivitet %02d", k), 1u << (k % 4),
				statuses[k % 4]);
		struct activity ac = activity_of(t, id);
		struct activity_input in = activity_input_of(&ac);
		in.responsible_id = k % 3 == 0 ? t->anna : 0;
		in.next_step = k % 5 == 0 && k % 4 != 3 ? "close" : "";
		assert_int_equal(activity_update(t->db, t->a, act, &ac, ac.version, &in, NULL, &e), 0);
		if (k % 5 == 1) {
			ac = activity_of(t, id);
			assert_int_equal(activity_link_add(t->db, t->a, act, &ac, "asset", asset, NULL, &e), 0);
			linked[n_linked++] = id;
		}
	}
	/* A second plan, the administration's, with activities of its own. */
	{
		static const char *const areas[] = { "Drift" };
		struct plan_input pi = { t->unit, 2027, "" };
		struct plan p2;
		struct plan_area *ar;
		size_t n_ar;
		int64_t p2_id;
		assert_int_equal(plan_create(t->db, t->a, act, &pi, areas, 1, &p2_id, &e), 0);
		assert_int_equal(plan_get(t->db, t->a, p2_id, &p2, &e), 0);
		assert_int_equal(plan_areas(t->db, t->a, &p2, &ar, &n_ar, &e), 0);
		for (int k = 0; k < 6; k++) {
			struct activity_input in = { 0 };
			int64_t id;
			in.area_id = ar[0].id;
			in.title = arena_printf(t->a, "Drift %d", k);
			in.quarters = 1u << (k % 4);
			in.status = statuses[k % 3];
			in.responsible_id = k % 2 ? t->anna : 0;
			assert_int_equal(activity_create(t->db, t->a, act, &p2, &in, &id, &e), 0);
		}
	}
	for (int c = 0; c < 6; c++) {
		activity_filter_init(&all);
		all.today = "2026-08-15";
		all.limit = 64;
		all.sort = c == 0 ? ACTIVITY_SORT_DEADLINE : 0;
		assert_int_equal(activity_list(t->db, t->a, &all, &every, &n_every, NULL, &e), 0);
		f = all;
		if (c == 0 || c == 2 || c == 4)
			f.overdue = true;
		if (c == 1 || c == 2 || c == 4)
			f.responsible_id = t->anna;
		if (c == 3 || c == 4)
			f.plan_id = t->plan;
		if (c == 5) {
			f.link_kind = "asset";
			f.link_target = asset;
		}
		for (int64_t off = 0; off < 12; off += 5) {
			size_t want = 0, at = 0, n;
			f.limit = 5;
			f.offset = off;
			n = list_ids(t, &f, ids, &total);
			for (size_t i = 0; i < n_every; i++) {
				bool match = (!f.overdue || activity_overdue(&every[i], f.today)) &&
					     (!f.responsible_id || every[i].responsible_id == f.responsible_id) &&
					     (!f.plan_id || every[i].plan_id == f.plan_id) &&
					     (!f.link_target || in_list(linked, n_linked, every[i].id));
				if (!match)
					continue;
				if (want >= (size_t)off && at < n)
					assert_int_equal(ids[at++], every[i].id);
				want++;
			}
			assert_int_equal(total, (int64_t)want);
			assert_int_equal(n, want > (size_t)off ? (want - (size_t)off < 5 ? want - (size_t)off : 5) : 0);
		}
	}
}

/*
 * The whole list in its first order is read a plan at a time (the plans' sizes, then the plans a page
 * falls in): for everyone, for a coordinator and below a unit, its pages of seven put together are the
 * list sorted whole (a page longer than 200 is), with the same total.
 */
static void test_whole_list_a_plan_at_a_time(void **state)
{
	struct t *t = *state;
	struct activity_filter f;
	struct activity *all, *page;
	size_t n_all, n_page;
	int64_t total_all, total;
	struct err e = { 0 };

	for (int c = 0; c < 3; c++) {
		activity_filter_init(&f);
		f.viewer_id = c == 1 ? t->anna : 0;
		f.unit_id = c == 2 ? t->unit : 0;
		f.limit = 1000;
		assert_int_equal(activity_list(t->db, t->a, &f, &all, &n_all, &total_all, &e), 0);
		assert_int_equal(total_all, (int64_t)n_all);
		assert_true(n_all >= (c == 2 ? 6 : 30));
		f.limit = 7;
		for (f.offset = 0; f.offset <= (int64_t)n_all; f.offset += 7) {
			assert_int_equal(activity_list(t->db, t->a, &f, &page, &n_page, &total, &e), 0);
			assert_int_equal(total, total_all);
			assert_int_equal(n_page, n_all - (size_t)f.offset < 7 ? n_all - (size_t)f.offset : 7);
			for (size_t i = 0; i < n_page; i++)
				assert_int_equal(page[i].id, all[f.offset + (int64_t)i].id);
		}
	}
}

static void test_carry_over(void **state)
{
	struct t *t = *state;
	int64_t a1 = mk(t, t->net, "Informationsklassning", 12, "not_started");
	int64_t a2 = mk(t, t->lead, "Incidenthantering", 6, "partly_started");
	int64_t a3 = mk(t, t->lead, "Utbildning", 15, "done");
	int64_t next_id, again, n_plans_before;
	struct activity ac, nx, *chain;
	struct activity_link_view *links;
	struct plan p = plan_of(t, t->plan), next;
	struct plan_filter pf = { 0 };
	struct plan *plans;
	size_t n, carried;
	struct err e = { 0 };

	ac = activity_of(t, a1);
	assert_int_equal(activity_link_add(t->db, t->a, act, &ac, "asset", 999999, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "target_id");
	assert_int_equal(activity_link_add(t->db, t->a, act, &ac, "no_such_kind", 1, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	/* One: the copy lands in 2027's plan (made now) in an area of the same name, linked back. */
	pf.unit_id = t->board;
	assert_int_equal(plan_list(t->db, t->a, &pf, &plans, &n, NULL, &e), 0);
	n_plans_before = (int64_t)n;
	assert_int_equal(activity_carry(t->db, t->a, act, &ac, &next_id, &e), 0);
	nx = activity_of(t, next_id);
	assert_int_equal(nx.plan_year, 2027);
	assert_string_equal(nx.area_name, "Nätverk");
	assert_string_equal(nx.title, "Informationsklassning");
	assert_int_equal(nx.quarters, 12);
	assert_string_equal(nx.status, "not_started");
	assert_string_equal(nx.deadline, "2027-12-31");
	assert_int_equal(nx.carried_from_id, a1);
	ac = activity_of(t, a1);
	assert_int_equal(ac.carried_to_id, next_id);
	assert_string_equal(ac.next_step, "continue");
	assert_int_equal(plan_list(t->db, t->a, &pf, &plans, &n, NULL, &e), 0);
	assert_int_equal((int64_t)n, n_plans_before + 1);
	/* Twice: refused, nothing duplicated. */
	assert_int_equal(activity_carry(t->db, t->a, act, &ac, &again, &e), ERR_EXISTS);
	next = plan_of(t, nx.plan_id);
	assert_int_equal(count_activities(t, next.id), 1);
	/* The chain, from either end. */
	assert_int_equal(activity_history(t->db, t->a, &nx, &chain, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(chain[0].id, a1);
	assert_int_equal(chain[1].id, next_id);
	assert_int_equal(activity_history(t->db, t->a, &ac, &chain, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(chain[1].id, next_id);
	/* A done one is not carried; one closed is not either. */
	ac = activity_of(t, a3);
	assert_int_equal(activity_carry(t->db, t->a, act, &ac, &again, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	/* All the rest at once: a2 (and what other tests left open), each once. */
	assert_int_equal(activity_carry_all(t->db, t->a, act, &p, &carried, &e), 0);
	assert_true(carried >= 1);
	ac = activity_of(t, a2);
	assert_true(ac.carried_to_id > 0);
	nx = activity_of(t, ac.carried_to_id);
	assert_string_equal(nx.area_name, "Ledning och samordning");
	assert_string_equal(nx.status, "partly_started");
	assert_int_equal(activity_carry_all(t->db, t->a, act, &p, &carried, &e), 0);
	assert_int_equal(carried, 0);
	/* A third year continues the chain. */
	nx = activity_of(t, next_id);
	assert_int_equal(activity_carry(t->db, t->a, act, &nx, &again, &e), 0);
	ac = activity_of(t, a1);
	assert_int_equal(activity_history(t->db, t->a, &ac, &chain, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(chain[2].plan_year, 2028);
	/* The links came along. */
	assert_int_equal(activity_links(t->db, t->a, NULL, again, &links, &n, &e), 0);
}

static bool same_text(const char *x, const char *y)
{
	return (!x || !*x) ? (!y || !*y) : y && !strcmp(x, y);
}

/*
 * A row of a list carries what the activity read by its id does: its
 * responsible unit and person and the activity that continues it, whichever
 * statement answers the list (the whole list a plan at a time, sorted by
 * title, the overdue by deadline), and such rows are among them.
 */
static void test_list_rows_as_read_by_id(void **state)
{
	struct t *t = *state;
	struct activity_filter f;
	struct activity *list, one;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	int with_unit = 0, with_person = 0, carried = 0;

	for (int c = 0; c < 3; c++) {
		activity_filter_init(&f);
		f.limit = c == 0 ? 200 : 1000; /* the whole list a plan at a time up to 200 */
		f.sort = c == 1 ? ACTIVITY_SORT_TITLE : c == 2 ? ACTIVITY_SORT_DEADLINE : ACTIVITY_SORT_PLAN;
		f.overdue = c == 2;
		f.today = "2099-01-01";
		assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(activity_get(t->db, t->a, list[i].id, &one, &e), 0);
			assert_int_equal(list[i].responsible_unit_id, one.responsible_unit_id);
			assert_true(same_text(list[i].responsible_unit_name, one.responsible_unit_name));
			assert_true(same_text(list[i].responsible_unit_path, one.responsible_unit_path));
			assert_int_equal(list[i].responsible_id, one.responsible_id);
			assert_true(same_text(list[i].responsible_name, one.responsible_name));
			assert_int_equal(list[i].carried_to_id, one.carried_to_id);
			with_unit += one.responsible_unit_name && *one.responsible_unit_name;
			with_person += one.responsible_name && *one.responsible_name;
			carried += one.carried_to_id > 0;
		}
	}
	assert_true(with_unit > 0 && with_person > 0 && carried > 0);
}

static void test_rollup_counts(void **state)
{
	struct t *t = *state;
	struct plan_input pi = { t->unit, 2026, "" };
	static const char *const areas[] = { "Drift" };
	struct plan_filter f = { 0 };
	struct plan *list, up;
	struct plan_area *ar;
	struct activity_input in = { 0 };
	size_t n;
	int64_t id, total = 0;
	struct err e = { 0 };

	assert_int_equal(plan_create(t->db, t->a, act, &pi, areas, 1, &id, &e), 0);
	up = plan_of(t, id);
	assert_int_equal(plan_areas(t->db, t->a, &up, &ar, &n, &e), 0);
	in.area_id = ar[0].id;
	in.title = "Säkerhetskopiering";
	in.status = "done";
	assert_int_equal(activity_create(t->db, t->a, act, &up, &in, NULL, &e), 0);
	/* The organisation's subtree for 2026: the board's plan and the administration's. */
	f.unit_id = t->org;
	f.year = 2026;
	assert_int_equal(plan_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 2);
	assert_int_equal(list[1].unit_id, t->unit);
	assert_int_equal(list[1].counts.total, 1);
	assert_int_equal(list[1].counts.by_status[4], 1);
	assert_true(list[0].counts.total >= 1);
	/* Seen by someone without a role there: nothing. */
	f.viewer_id = t->bertil;
	assert_int_equal(plan_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 0);
}

/*
 * The roll-up on a plan's page (its unit and the units below it, one year) among many plans: two
 * organisations of 20 boards with 10 units each and a plan a year for 2025-2027 on every unit (1,266
 * plans). Below a board, below an organisation and for a coordinator of one board, each list (and its
 * pages of 7) is the whole list of the year with the other units' plans left out, in its order, with the
 * same counts and total; on SQLite none reads action_plans whole (it read every plan of the installation
 * for the eleven of a board).
 */
static void test_rollup_below_a_unit_among_many(void **state)
{
	struct db *db;
	struct arena *a = arena_new();
	struct err e = { 0 };
	char url[512];
	int64_t orgs[2], boards[2][20], coord, first_plan = 0;
	struct user_input uc = { "cecilia", "Cecilia Ceder", "cecilia@example.se", "sv", true };
	struct explain x;
	const char *scans;
	(void)state;

	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	assert_int_equal(db_batch_begin(db, &e), 0);
	for (int o = 0; o < 2; o++) {
		struct unit_input ui = { 0, "organisation", o ? "Björkby kommun" : "Alby kommun", "", "", "" };
		assert_int_equal(unit_create(db, a, act, &ui, &orgs[o], &e), 0);
		for (int b = 0; b < 20; b++) {
			struct unit_input bi = { orgs[o], "board", arena_printf(a, "Nämnd %02d", b), "", "", "" };
			int64_t unit_ids[11];
			assert_int_equal(unit_create(db, a, act, &bi, &boards[o][b], &e), 0);
			unit_ids[0] = boards[o][b];
			for (int u = 1; u < 11; u++) {
				struct unit_input si = { boards[o][b], "unit", arena_printf(a, "Enhet %02d", u),
							 "",           "",     "" };
				assert_int_equal(unit_create(db, a, act, &si, &unit_ids[u], &e), 0);
			}
			for (int u = 0; u < 11; u++)
				for (int y = 2025; y <= 2027; y++) {
					static const char *const areas[] = { "Drift" };
					struct plan_input pi = { unit_ids[u], y, "" };
					int64_t id;
					assert_int_equal(plan_create(db, a, act, &pi, areas, 1, &id, &e), 0);
					if (!first_plan)
						first_plan = id;
				}
		}
		struct plan_input pi = { orgs[o], 2026, "" };
		assert_int_equal(plan_create(db, a, act, &pi, NULL, 0, NULL, &e), 0);
	}
	assert_int_equal(user_create(db, a, act, &uc, "correct horse battery", &coord, &e), 0);
	assert_int_equal(grant_add(db, a, act, coord, boards[1][3], "coordinator", NULL, &e), 0);
	{ /* An activity in the first plan, so that the counts say something. */
		struct plan p;
		struct plan_area *ar;
		struct activity_input in = { 0 };
		size_t n_ar;
		assert_int_equal(plan_get(db, a, first_plan, &p, &e), 0);
		assert_int_equal(plan_areas(db, a, &p, &ar, &n_ar, &e), 0);
		in.area_id = ar[0].id;
		in.title = "Säkerhetskopiering";
		in.status = "done";
		assert_int_equal(activity_create(db, a, act, &p, &in, NULL, &e), 0);
	}
	assert_int_equal(db_batch_commit(db, &e), 0);
	assert_int_equal(db_optimize(db, &e), 0);

	struct plan_filter all = { .year = 2026, .limit = 10000 };
	struct plan *every;
	size_t n_every;
	int64_t total_every;
	assert_int_equal(plan_list(db, a, &all, &every, &n_every, &total_every, &e), 0);
	assert_int_equal(total_every, 2 * (20 * 11 + 1));
	assert_int_equal(explain_begin(&x, db, url), 0);
	for (int c = 0; c < 4; c++) {
		/* below a board; below an organisation; below the other organisation for the coordinator; below
		 * the coordinator's board for them */
		int64_t top = c == 0 ? boards[0][0] : c == 1 ? orgs[0] : c == 2 ? orgs[1] : boards[1][3];
		int64_t viewer = c >= 2 ? coord : 0;
		struct plan_filter f = { .viewer_id = viewer, .unit_id = top, .year = 2026, .limit = 10000 };
		struct plan *list;
		struct unit u, seen;
		size_t n, want = 0;
		int64_t total;

		assert_int_equal(unit_get(db, a, top, &u, &e), 0);
		assert_int_equal(unit_get(db, a, boards[1][3], &seen, &e), 0);
		assert_int_equal(plan_list(db, a, &f, &list, &n, &total, &e), 0);
		for (size_t i = 0; i < n_every; i++) {
			if (strncmp(every[i].unit_path, u.path, strlen(u.path)) ||
			    (viewer && strncmp(every[i].unit_path, seen.path, strlen(seen.path))))
				continue;
			assert_true(want < n);
			assert_int_equal(list[want].id, every[i].id);
			assert_int_equal(list[want].counts.total, every[i].counts.total);
			assert_int_equal(list[want].counts.by_status[4], every[i].counts.by_status[4]);
			want++;
		}
		assert_int_equal(n, want);
		assert_int_equal(total, (int64_t)want);
		assert_int_equal(want, c == 0 ? 11 : c == 1 ? 221 : 11);
		if (c == 0)
			assert_int_equal(list[0].counts.total, 0);
		f.limit = 7;
		for (f.offset = 0; f.offset < (int64_t)want; f.offset += 7) {
			struct plan *page;
			size_t n_page;
			assert_int_equal(plan_list(db, a, &f, &page, &n_page, &total, &e), 0);
			assert_int_equal(total, (int64_t)want);
			assert_int_equal(n_page, want - (size_t)f.offset < 7 ? want - (size_t)f.offset : 7);
			for (size_t i = 0; i < n_page; i++)
				assert_int_equal(page[i].id, list[f.offset + (int64_t)i].id);
		}
	}
	{ /* The first plan's unit (a board of the first organisation) in 2025: its activity counted. */
		struct plan p;
		struct plan_filter f = { .year = 2025, .limit = 50 };
		struct plan *list;
		size_t n;
		assert_int_equal(plan_get(db, a, first_plan, &p, &e), 0);
		f.unit_id = p.unit_id;
		assert_int_equal(plan_list(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 11);
		assert_int_equal(list[0].id, first_plan);
		assert_int_equal(list[0].counts.total, 1);
		assert_int_equal(list[0].counts.by_status[4], 1);
	}
	explain_end(&x);
	scans = explain_full_scans(&x, (const char *[]){ "action_plans", NULL });
	if (scans && db_engine_of(db) == DB_SQLITE)
		fail_msg("%s", scans);
	explain_release(&x);
	fixture_db_close(db);
	arena_free(a);
}

/* --- migration 0030: the tracked actions become activities --- */

static DB_QUERY(Q_T_UNIT, "INSERT INTO units (parent_id, path, kind, name, created_at, updated_at)"
			  " VALUES (NULL, '/1/', 'organisation', 'Ekdala kommun', 'x', 'x') RETURNING id");
static DB_QUERY(Q_T_ASSET, "INSERT INTO assets (unit_id, kind, name, created_at, updated_at)"
			   " VALUES (1, 'system', 'Procapita', 'x', 'x') RETURNING id");
static DB_QUERY(Q_T_REQ, "INSERT INTO requirements (code, title, category, created_at, updated_at)"
			 " VALUES ('SKP-02', 'Återläsning', 'backup', 'x', 'x') RETURNING id");
static DB_QUERY(Q_T_ACTION,
		"INSERT INTO actions (unit_id, title, description, status, due_date, asset_id, requirement_id,"
		" version, created_at, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
static DB_QUERY(Q_T_FULFIL, "INSERT INTO asset_requirements (asset_id, requirement_id, status, action_id, updated_at)"
			    " VALUES ($1, $2, 'not_fulfilled', $3, 'x')");

static void test_migration_of_actions(void **state)
{
	struct db *db;
	struct arena *a = arena_new();
	struct db_rows rows;
	struct err e = { 0 };
	struct activity ac, ac2;
	struct activity_link_view *links;
	struct plan_filter pf = { 0 };
	struct plan *plans;
	size_t n;
	int64_t asset, req, with_due, without;

	(void)state;
	assert_int_equal(fixture_db_open_before(&db, "0030"), 0);
	assert_int_equal(db_run(db, a, &Q_T_UNIT, NULL, 0, &rows, &e), 0);
	assert_int_equal(db_run(db, a, &Q_T_ASSET, NULL, 0, &rows, &e), 0);
	asset = rows_int(&rows, 0, 0);
	assert_int_equal(db_run(db, a, &Q_T_REQ, NULL, 0, &rows, &e), 0);
	req = rows_int(&rows, 0, 0);
	assert_int_equal(db_run(db, a, &Q_T_ACTION,
				DB_ARGS(DB_TEXT("SKP-02 Återläsning"), DB_TEXT("Krav: SKP-02\nTillgång: Procapita"),
					DB_TEXT("ongoing"), DB_TEXT("2025-08-15"), DB_INT(asset), DB_INT(req),
					DB_INT(3), DB_TEXT("2025-01-10T08:00:00Z")),
				&rows, &e),
			 0);
	with_due = rows_int(&rows, 0, 0);
	/* As the old requirements module recorded it in the trail: "action", with a "description". */
	assert_int_equal(
		audit_append(db, a, actor_of(act), "action", with_due, 1, "create", NULL,
			     arena_printf(a,
					  "{\"id\":%lld,\"unit_id\":1,\"title\":\"SKP-02 Återläsning\","
					  "\"description\":\"Krav: SKP-02\\nTillgång: Procapita\","
					  "\"status\":\"ongoing\",\"responsible_id\":null,\"due_date\":\"2025-08-15\","
					  "\"asset_id\":%lld,\"requirement_id\":%lld}",
					  (long long)with_due, (long long)asset, (long long)req),
			     &e),
		0);
	assert_int_equal(db_run(db, a, &Q_T_ACTION,
				DB_ARGS(DB_TEXT("Utse systemägare"), DB_TEXT(""), DB_TEXT("not_started"), DB_NULL,
					DB_NULL, DB_NULL, DB_INT(1), DB_TEXT("2024-11-02T08:00:00Z")),
				&rows, &e),
			 0);
	without = rows_int(&rows, 0, 0);
	assert_int_equal(audit_append(db, a, actor_of(act), "action", without, 1, "create", NULL,
				      arena_printf(a,
						   "{\"id\":%lld,\"unit_id\":1,\"title\":\"Utse systemägare\","
						   "\"description\":\"\",\"status\":\"not_started\",\"due_date\":null}",
						   (long long)without),
				      &e),
			 0);
	assert_int_equal(db_run(db, a, &Q_T_FULFIL, DB_ARGS(DB_INT(asset), DB_INT(req), DB_INT(with_due)), NULL, &e),
			 0);

	assert_int_equal(db_migrate(db, &e), 0);
	/* Same ids, same texts and status, in a plan of their unit for the year of the due date (or creation). */
	assert_int_equal(activity_get(db, a, with_due, &ac, &e), 0);
	assert_string_equal(ac.title, "SKP-02 Återläsning");
	assert_string_equal(ac.purpose, "Krav: SKP-02\nTillgång: Procapita");
	assert_string_equal(ac.status, "ongoing");
	assert_string_equal(ac.due_date, "2025-08-15");
	assert_string_equal(ac.deadline, "2025-08-15");
	assert_int_equal(ac.quarters, 4); /* Q3, from the due date */
	assert_int_equal(ac.plan_year, 2025);
	assert_string_equal(ac.area_name, "Åtgärder");
	assert_int_equal(ac.version, 3);
	assert_int_equal(activity_get(db, a, without, &ac2, &e), 0);
	assert_int_equal(ac2.plan_year, 2024);
	assert_int_equal(ac2.quarters, 0);
	assert_null(ac2.deadline);
	/* The asset and the requirement it came from, through the link table. */
	assert_int_equal(activity_links(db, a, NULL, with_due, &links, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(links[0].link.kind, "asset");
	assert_int_equal(links[0].link.target_id, asset);
	assert_string_equal(links[0].label, "Procapita");
	assert_string_equal(links[1].link.kind, "requirement");
	assert_int_equal(links[1].link.target_id, req);
	assert_int_equal(activity_links(db, a, NULL, without, &links, &n, &e), 0);
	assert_int_equal(n, 0);
	/* The trail still matches the records: the old entries are folded into the activities. */
	{
		struct audit_record_finding *f;
		size_t nf;
		int64_t nrec;
		assert_int_equal(audit_verify_records(db, a, &f, &nf, &nrec, &e), 0);
		for (size_t i = 0; i < nf; i++)
			if (!strcmp(f[i].entity, "activity") || !strcmp(f[i].entity, "action"))
				fail_msg("--records finds %s#%lld (problem %d, %s)", f[i].entity, (long long)f[i].id,
					 (int)f[i].problem, f[i].field ? f[i].field : "");
	}
	/* Two plans, one area each. */
	assert_int_equal(plan_list(db, a, &pf, &plans, &n, NULL, &e), 0);
	assert_int_equal(n, 2);
	/* New activities get new ids after the old ones. */
	{
		struct plan p;
		struct activity_input in = { 0 };
		int64_t id;
		assert_int_equal(plan_get(db, a, ac.plan_id, &p, &e), 0);
		in.area_id = ac.area_id;
		in.title = "Ny";
		assert_int_equal(activity_create(db, a, act, &p, &in, &id, &e), 0);
		assert_true(id > without && id > with_due);
	}
	arena_free(a);
	fixture_db_close(db);
}

static bool has_person(const struct activity_person *p, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].id == id)
			return true;
	return false;
}

/* Who may be responsible for an activity of a unit: a role on the unit, above it or on the whole installation. */
static void test_people_in_scope(void **state)
{
	struct t *t = *state;
	struct user_input uc = { "cecilia", "Cecilia Carlsson", "cecilia@example.se", "sv", true };
	struct user_input ud = { "dora", "Dora Dahl", "dora@example.se", "sv", true };
	struct activity_person *p;
	struct unit unit, other;
	struct err e = { 0 };
	int64_t cecilia, dora;
	size_t n;

	assert_int_equal(user_create(t->db, t->a, act, &uc, "correct horse battery", &cecilia, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ud, "correct horse battery", &dora, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, cecilia, t->unit, "reader", NULL, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, dora, 0, "administrator", NULL, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->bertil, t->other_board, "owner", NULL, &e), 0);
	assert_int_equal(unit_get(t->db, t->a, t->unit, &unit, &e), 0);
	assert_int_equal(unit_get(t->db, t->a, t->other_board, &other, &e), 0);
	assert_int_equal(activity_people(t->db, t->a, unit.path, &p, &n, &e), 0);
	assert_true(has_person(p, n, t->anna));    /* the board above */
	assert_true(has_person(p, n, cecilia));    /* the unit itself */
	assert_true(has_person(p, n, dora));       /* the whole installation */
	assert_false(has_person(p, n, t->bertil)); /* another organisation */
	assert_int_equal(activity_people(t->db, t->a, other.path, &p, &n, &e), 0);
	assert_true(has_person(p, n, t->bertil));
	assert_true(has_person(p, n, dora));
	assert_false(has_person(p, n, t->anna));
	assert_false(has_person(p, n, cecilia)); /* a unit below another's is not above this one */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans_and_areas),
		cmocka_unit_test(test_activity_checks),
		cmocka_unit_test(test_overdue_at_quarter_edges),
		cmocka_unit_test(test_lists_of_one_person_and_overdue),
		cmocka_unit_test(test_carry_over),
		cmocka_unit_test(test_whole_list_a_plan_at_a_time),
		cmocka_unit_test(test_list_rows_as_read_by_id),
		cmocka_unit_test(test_rollup_counts),
		cmocka_unit_test(test_rollup_below_a_unit_among_many),
		cmocka_unit_test(test_migration_of_actions),
		cmocka_unit_test(test_people_in_scope),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
