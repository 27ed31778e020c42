/*
 * test_figures.c - the follow-up figures as people and programs see them:
 * the section on a unit's page with its SVG chart, the /figures page at a
 * past date, bad dates, the three API routes for every role in and out of
 * scope, and the SVG writer on its own (escaping included).
 *
 * The register: organisation "Kommun A" with board "Nämnd B" and unit
 * "Enhet U" below it, and organisation "Kommun Z" with board "Nämnd ZU".
 * Every role is granted on Nämnd B, so U is in scope and ZU is not; one
 * more reader holds the role on Nämnd ZU. The clock is fixed (TILLIT_NOW).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/html.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/figures.h"
#include "domain/unit.h"
#include "fixtures.h"
#include "loopback.h"
#include "web/svgchart.h"

#define POISON "<script>'\"&"
#define TODAY  "2025-02-10"

/* Test-only: a classification row as the classification module would leave it. */
DB_QUERY(T_CLASS_INSERT,
	 "INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, c_computed, i_computed,"
	 " a_computed, status, signed_at, created_at) VALUES ($1, 1, 1, 1, 1, 1, 1, 1, $2, $3, $3)");
DB_QUERY(T_ASSET_REVIEW, "UPDATE assets SET review_due = $2, needs_review = $3 WHERE id = $1");

static struct lb_env env;
static int64_t org_a, board_b, unit_u, org_z, board_zu, poison_unit;
static int64_t sys_b, sys_u, svc_zu;

enum who { W_ADMIN, W_COORD, W_DPO, W_OWNER, W_READER, W_AUDITOR, W_GLOBAL, W_COUNT };
static const char *const who_role[W_COUNT] = { "administrator", "coordinator", "dpo",          "owner",
					       "reader",        "auditor",     "administrator" };
static const char *const who_name[W_COUNT] = { "fig-admin",  "fig-coord",   "fig-dpo",   "fig-owner",
					       "fig-reader", "fig-auditor", "fig-global" };
static int64_t owner_id;

static void at(const char *iso)
{
	setenv("TILLIT_NOW", iso, 1);
}

static int64_t mk_asset(int64_t unit, const char *kind, const char *name, int64_t owner, const char *when)
{
	const struct auth *act = &fx_system;
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	at(when);
	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	if (asset_create(env.db, env.arena, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.msgid ? e.msgid : "", e.detail);
	return id;
}

/* A signed classification, noted in the kept counts as the classification module notes it. */
static void sign(int64_t asset, const char *when)
{
	struct err e = { 0 };
	struct asset as;

	if (db_run(env.db, env.arena, &T_CLASS_INSERT, DB_ARGS(DB_INT(asset), DB_TEXT("signed"), DB_TEXT(when)), NULL,
		   &e))
		fail_msg("classification insert: %s", e.detail);
	if (asset_get(env.db, env.arena, asset, &as, &e) || figures_note_signed(env.db, env.arena, &as, when, &e))
		fail_msg("noting the signature: %s", e.detail);
}

static void review(int64_t asset, const char *due, int flagged)
{
	struct err e = { 0 };
	if (db_run(env.db, env.arena, &T_ASSET_REVIEW, DB_ARGS(DB_INT(asset), DB_TEXT(due), DB_INT(flagged)), NULL, &e))
		fail_msg("review update: %s", e.detail);
}

static int setup(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };

	at("2024-01-01T08:00:00Z");
	lb_env_init(&env);
	org_a = lb_env_unit(&env, 0, "organisation", "Kommun A");
	board_b = lb_env_unit(&env, org_a, "board", "Nämnd B");
	unit_u = lb_env_unit(&env, board_b, "unit", "Enhet U");
	org_z = lb_env_unit(&env, 0, "organisation", "Kommun Z");
	board_zu = lb_env_unit(&env, org_z, "board", "Nämnd ZU");
	struct unit_input pi = { board_b, "unit", "Enhet " POISON, "", "", "" };
	assert_int_equal(unit_create(env.db, env.arena, act, &pi, &poison_unit, &e), 0);
	for (int w = 0; w < W_COUNT; w++) {
		int64_t id = lb_env_user(&env, who_name[w], who_role[w], w == W_GLOBAL ? 0 : board_b);
		if (w == W_OWNER)
			owner_id = id;
	}
	lb_env_user(&env, "fig-reader-z", "reader", board_zu);

	/* Nämnd B: two systems, one signed in 2024 Q2; an information set that is signed (does not count). */
	sys_b = mk_asset(board_b, "system", "Lönesystem", owner_id, "2024-02-01T09:00:00Z");
	sys_u = mk_asset(unit_u, "digital_service", "E-tjänst U", 0, "2024-03-01T09:00:00Z");
	int64_t set = mk_asset(unit_u, "information_set", "Elevakter", 0, "2024-03-02T09:00:00Z");
	sign(set, "2024-03-03T09:00:00Z");
	sign(sys_b, "2024-05-15T09:00:00Z");
	mk_asset(poison_unit, "system", "System " POISON, 0, "2024-04-01T09:00:00Z");
	/* Kommun Z: one classified digital service. */
	svc_zu = mk_asset(board_zu, "digital_service", "Z-tjänst", 0, "2024-02-01T09:00:00Z");
	sign(svc_zu, "2024-02-02T09:00:00Z");
	review(sys_b, "2025-01-31", 0);
	review(svc_zu, "2025-01-01", 0);
	review(sys_u, NULL, 1);
	at(TODAY "T12:00:00Z");
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
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
	json_t *j = parse(r), *err;
	if (r->status != status)
		fail_msg("status %d, expected %d: %s", r->status, status, r->body);
	err = json_object_get(j, "error");
	assert_non_null(err);
	if (field)
		assert_string_equal(json_string_value(json_object_get(err, "field")), field);
	json_decref(j);
}

static void signed_in(struct lb_client *c, const char *user)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, user, LB_PASSWORD), 303);
}

static void has(const struct lb_resp *r, const char *needle)
{
	if (!lb_has(r, needle))
		fail_msg("expected to find %s in the page", needle);
}

static void test_unit_page_section(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char *s;

	signed_in(&c, "fig-reader");
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)board_b));
	assert_int_equal(r.status, 200);
	has(&r, "Andel klassade system");
	/* Nämnd B's subtree: Lönesystem (signed), E-tjänst U and the poison unit's system: 1 of 3. */
	has(&r, "1 av 3 system, 33 %");
	has(&r, "Per " TODAY);
	/* The chart: an accessible SVG the server drew, named by its title and description. */
	s = arena_printf(c.arena, "role=\"img\"");
	has(&r, s);
	has(&r, arena_printf(c.arena, "aria-labelledby=\"chart-%lld-title chart-%lld-desc\"", (long long)board_b,
			     (long long)board_b));
	has(&r, arena_printf(c.arena, "<title id=\"chart-%lld-title\">Andel klassade system i Nämnd B</title>",
			     (long long)board_b));
	has(&r, arena_printf(c.arena, "<desc id=\"chart-%lld-desc\">", (long long)board_b));
	has(&r, "kv. 2 2024: 33 % (1 av 3)"); /* in the description */
	has(&r, "kv. 2 2023: inga system");   /* a quarter before any system */
	has(&r, "I dag: 33 % (1 av 3)");
	has(&r, "<polyline");
	has(&r, "<circle");
	has(&r, ">100 %</text>");
	has(&r, ">0 %</text>");
	has(&r, ">kv. 3 2024</text>");
	/* The same numbers in a table. */
	has(&r, "<details><summary>Siffrorna i diagrammet</summary>");
	has(&r, "<th scope=\"row\">kv. 1 2024</th><td>2024-03-31</td><td class=\"num\">0</td><td class=\"num\">2</td>"
		"<td class=\"num\">0 %</td>");
	/* Per unit below: Enhet U has one system, not classified. */
	has(&r, "Per enhet under");
	has(&r, "Enhet U</a></th><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0 %</td>");
	/* No style attribute and no inline script anywhere. */
	assert_null(strstr(r.body, "style="));
	assert_null(strstr(r.body, "<script>"));
	/* The review list: the overdue system with its date and owner, the flagged one, each linked. */
	has(&r, "Klassningar som ska ses över");
	has(&r, arena_printf(c.arena, "<a href=\"/assets/%lld\">Lönesystem</a>", (long long)sys_b));
	has(&r, "2025-01-31");
	has(&r, "fig-owner");
	has(&r, arena_printf(c.arena, "<a href=\"/assets/%lld\">E-tjänst U</a>", (long long)sys_u));
	has(&r, "Flaggad för omprövning");
	/* Not Kommun Z's. */
	assert_false(lb_has(&r, "Z-tjänst"));

	/* A leaf unit: no table of units below; its own figure. */
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)unit_u));
	assert_int_equal(r.status, 200);
	has(&r, "0 av 1 system, 0 %");
	assert_false(lb_has(&r, "Per enhet under"));
	lb_client_release(&c);
}

static void test_unit_page_no_systems_and_poison(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	signed_in(&c, "fig-global");
	/* Kommun Z's organisation page; Kommun Z has one classified service. */
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)org_z));
	assert_int_equal(r.status, 200);
	has(&r, "1 av 1 system, 100 %");
	/* The poison unit's name is escaped in the chart's title and the tables. */
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)poison_unit));
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, POISON));
	has(&r, "Andel klassade system i Enhet &lt;script&gt;&#39;&quot;&amp;</title>");
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)board_b));
	assert_null(strstr(r.body, POISON));
	has(&r, "Enhet &lt;script&gt;&#39;&quot;&amp;</a>");
	lb_client_release(&c);

	/* Before any system existed: "–", never a division by zero. */
	lb_client_init(&c, &env);
	at("2024-01-01T12:00:00Z");
	assert_int_equal(lb_login(&c, "fig-reader", LB_PASSWORD), 303);
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)board_b));
	assert_int_equal(r.status, 200);
	has(&r, "0 av 0 system, –");
	has(&r, "<td class=\"num\">–</td>");
	assert_false(lb_has(&r, "<polyline")); /* no point has a value */
	at(TODAY "T12:00:00Z");
	lb_client_release(&c);
}

static void test_figures_page(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	signed_in(&c, "fig-global");
	r = lb_get(&c, "/figures");
	assert_int_equal(r.status, 200);
	has(&r, "Nyckeltal");
	/* Both organisations, with their boards in the tables. */
	has(&r, "Kommun A");
	has(&r, "Kommun Z");
	has(&r, "1 av 3 system, 33 %");
	has(&r, "1 av 1 system, 100 %");
	has(&r, "Z-tjänst"); /* overdue in the whole scope */
	has(&r, "Lönesystem");

	/* At a past date: before Lönesystem was signed. */
	r = lb_get(&c, "/figures?date=2024-03-31");
	assert_int_equal(r.status, 200);
	has(&r, "Per 2024-03-31");
	has(&r, "0 av 2 system, 0 %");
	has(&r, "value=\"2024-03-31\"");
	has(&r, ">2024-03-31</text>"); /* the chart ends at the chosen date */
	lb_client_release(&c);

	/* A reader on Nämnd B sees only Nämnd B. */
	signed_in(&c, "fig-reader");
	r = lb_get(&c, "/figures");
	assert_int_equal(r.status, 200);
	has(&r, "Nämnd B");
	assert_false(lb_has(&r, "Kommun Z"));
	assert_false(lb_has(&r, "Z-tjänst"));
	has(&r, "Lönesystem");
	lb_client_release(&c);
}

static void test_figures_bad_date(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	static const char *const bad[] = { "2024-02-30", "31-12-2024", "igår", "2025-02-11" };

	signed_in(&c, "fig-reader");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = lb_get(&c, arena_printf(c.arena, "/figures?date=%s", bad[i]));
		if (r.status != 400)
			fail_msg("date %s: status %d", bad[i], r.status);
		has(&r, "role=\"alert\"");
		has(&r, "href=\"#f-date\"");
		has(&r, "aria-invalid=\"true\"");
	}
	r = lb_get(&c, "/figures?date=2025-02-11");
	has(&r, "Datumet kan inte ligga i framtiden.");
	lb_client_release(&c);

	/* Anonymous: sent to sign in. */
	lb_client_init(&c, &env);
	r = lb_get(&c, "/figures");
	assert_int_equal(r.status, 303);
	lb_client_release(&c);
}

static void test_api_figures(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j, *pts;

	signed_in(&c, "fig-reader");
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified?unit_id=%lld", (long long)board_b));
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "unit_id")), board_b);
	assert_string_equal(json_string_value(json_object_get(j, "date")), TODAY);
	assert_int_equal(json_integer_value(json_object_get(j, "classified")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
	assert_true(json_number_value(json_object_get(j, "share")) >= 0.3333 &&
		    json_number_value(json_object_get(j, "share")) < 0.33335);
	json_decref(j);

	r = lb_get(&c,
		   arena_printf(c.arena, "/api/v1/figures/classified?unit_id=%lld&date=2024-03-31", (long long)unit_u));
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "classified")), 0);
	assert_true(json_is_number(json_object_get(j, "share")));
	json_decref(j);

	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified?unit_id=%lld&date=2023-12-31",
				    (long long)board_b));
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	assert_true(json_is_null(json_object_get(j, "share")));
	json_decref(j);

	/* Bad input names the argument. */
	r = lb_get(&c, "/api/v1/figures/classified");
	assert_error(&r, 400, "unit_id");
	r = lb_get(&c, "/api/v1/figures/classified?unit_id=abc");
	assert_error(&r, 400, "unit_id");
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified?unit_id=%lld&date=2024-13-01",
				    (long long)board_b));
	assert_error(&r, 400, "date");
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified?unit_id=%lld&date=2025-02-11",
				    (long long)board_b));
	assert_error(&r, 400, "date");
	r = lb_get(&c, "/api/v1/figures/classified?unit_id=999999");
	assert_int_equal(r.status, 404);

	/* The series: eight quarters and today. */
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified/series?unit_id=%lld&quarters=8",
				    (long long)board_b));
	assert_int_equal(r.status, 200);
	j = parse(&r);
	pts = json_object_get(j, "points");
	assert_int_equal(json_array_size(pts), 9);
	assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 0), "date")), "2023-03-31");
	assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 0), "period")), "2023-Q1");
	assert_true(json_is_null(json_object_get(json_array_get(pts, 0), "share")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 5), "period")), "2024-Q2");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pts, 5), "classified")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pts, 5), "total")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 8), "date")), TODAY);
	assert_true(json_is_null(json_object_get(json_array_get(pts, 8), "period")));
	json_decref(j);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified/series?unit_id=%lld", (long long)board_b));
	j = parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "points")), 9); /* default 8 quarters */
	json_decref(j);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified/series?unit_id=%lld&quarters=13",
				    (long long)board_b));
	assert_error(&r, 400, "quarters");
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/classified/series?unit_id=%lld&quarters=x",
				    (long long)board_b));
	assert_error(&r, 400, "quarters");
	r = lb_get(&c, "/api/v1/figures/classified/series");
	assert_error(&r, 400, "unit_id");

	/* Due for review: the reader's whole scope without unit_id. */
	r = lb_get(&c, "/api/v1/figures/overdue");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "E-tjänst U");
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "items"), 0), "needs_review")));
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "review_due")),
		"2025-01-31");
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "owner_name")),
		"fig-owner");
	json_decref(j);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/figures/overdue?unit_id=%lld", (long long)unit_u));
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	lb_client_release(&c);

	/* The reader on Nämnd ZU sees only Kommun Z's. */
	signed_in(&c, "fig-reader-z");
	r = lb_get(&c, "/api/v1/figures/overdue");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "Z-tjänst");
	json_decref(j);
	lb_client_release(&c);

	/* The global administrator sees all three. */
	signed_in(&c, "fig-global");
	r = lb_get(&c, "/api/v1/figures/overdue");
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
	json_decref(j);
	lb_client_release(&c);
}

/* Every role: in scope (Enhet U) 200, out of scope (Nämnd ZU) 403, anonymous 401. */
static void test_api_roles(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	static const char *const routes_base[] = {
		"/api/v1/figures/classified?unit_id=",
		"/api/v1/figures/classified/series?quarters=4&unit_id=",
		"/api/v1/figures/overdue?unit_id=",
	};

	for (int w = 0; w < W_COUNT; w++) {
		signed_in(&c, who_name[w]);
		for (size_t k = 0; k < 3; k++) {
			r = lb_get(&c, arena_printf(c.arena, "%s%lld", routes_base[k], (long long)unit_u));
			if (r.status != 200)
				fail_msg("%s in scope, %s: %d", who_name[w], routes_base[k], r.status);
			r = lb_get(&c, arena_printf(c.arena, "%s%lld", routes_base[k], (long long)board_zu));
			if (r.status != (w == W_GLOBAL ? 200 : 403))
				fail_msg("%s out of scope, %s: %d", who_name[w], routes_base[k], r.status);
		}
		r = lb_get(&c, "/api/v1/figures/overdue");
		if (r.status != 200)
			fail_msg("%s, overdue in own scope: %d", who_name[w], r.status);
		r = lb_get(&c, "/figures");
		if (r.status != 200)
			fail_msg("%s, /figures: %d", who_name[w], r.status);
		r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)unit_u));
		if (r.status != 200 || !lb_has(&r, "Andel klassade system"))
			fail_msg("%s, unit page: %d", who_name[w], r.status);
		lb_client_release(&c);
	}
	lb_client_init(&c, &env);
	for (size_t k = 0; k < 3; k++) {
		r = lb_get(&c, arena_printf(c.arena, "%s%lld", routes_base[k], (long long)unit_u));
		assert_int_equal(r.status, 401);
	}
	r = lb_get(&c, "/api/v1/figures/overdue");
	assert_int_equal(r.status, 401);
	lb_client_release(&c);

	/* A signed-in user without any role: 403 everywhere. */
	lb_env_user(&env, "fig-norole", NULL, 0);
	signed_in(&c, "fig-norole");
	r = lb_get(&c, "/api/v1/figures/overdue");
	assert_int_equal(r.status, 403);
	r = lb_get(&c, "/figures");
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
}

/* The SVG writer on its own: the elements and attributes a reader relies on, everything escaped. */
/*
 * Past ten organisations (a region's or the country's installation) /figures shows one table, a row per
 * organisation with its own figure and their sum, instead of a chart and a table of the units below for each.
 * Runs last: it adds organisations the other tests do not expect.
 */
static void test_figures_page_many_organisations(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t org[10];

	for (int i = 0; i < 10; i++)
		org[i] = lb_env_unit(&env, 0, "organisation", arena_printf(env.arena, "Kommun %c%c", 'M', 'a' + i));
	/* One more system in the last new organisation, created today and not classified. */
	mk_asset(org[9], "system", "Nytt system", 0, TODAY "T09:00:00Z");
	at(TODAY "T12:00:00Z");

	signed_in(&c, "fig-global");
	r = lb_get(&c, "/figures");
	assert_int_equal(r.status, 200);
	has(&r, "Öppna en enhet för att se dess diagram över kvartalen och enheterna under den.");
	has(&r, "<caption>Per " TODAY "</caption>");
	/* Each organisation's own figure: Kommun A 1 of 3, Kommun Z 1 of 1, the new one 0 of 1, the others none. */
	has(&r, arena_printf(c.arena,
			     "<a href=\"/units/%lld\">Kommun A</a></th><td>Organisation</td><td class=\"num\">1</td>"
			     "<td class=\"num\">3</td><td class=\"num\">33 %%</td>",
			     (long long)org_a));
	has(&r, arena_printf(c.arena,
			     "<a href=\"/units/%lld\">Kommun Z</a></th><td>Organisation</td><td class=\"num\">1</td>"
			     "<td class=\"num\">1</td><td class=\"num\">100 %%</td>",
			     (long long)org_z));
	has(&r, arena_printf(c.arena,
			     "<a href=\"/units/%lld\">Kommun Mj</a></th><td>Organisation</td><td class=\"num\">0</td>"
			     "<td class=\"num\">1</td><td class=\"num\">0 %%</td>",
			     (long long)org[9]));
	has(&r, arena_printf(c.arena,
			     "<a href=\"/units/%lld\">Kommun Ma</a></th><td>Organisation</td><td class=\"num\">0</td>"
			     "<td class=\"num\">0</td><td class=\"num\">–</td>",
			     (long long)org[0]));
	/* Their sum: 2 of 5. */
	has(&r, "<tfoot><tr><th scope=\"row\" colspan=\"2\">Alla tillsammans</th><td class=\"num\">2</td>"
		"<td class=\"num\">5</td><td class=\"num\">40 %</td></tr></tfoot>");
	/* No chart and no table of the units below for any of them; the review list stays. */
	assert_false(lb_has(&r, "<polyline"));
	assert_false(lb_has(&r, "Per enhet under"));
	has(&r, "Z-tjänst");

	/* At a past date: before Lönesystem was signed and before the new system existed. */
	r = lb_get(&c, "/figures?date=2024-03-31");
	assert_int_equal(r.status, 200);
	has(&r, "<caption>Per 2024-03-31</caption>");
	has(&r, arena_printf(c.arena,
			     "<a href=\"/units/%lld\">Kommun A</a></th><td>Organisation</td><td class=\"num\">0</td>"
			     "<td class=\"num\">2</td><td class=\"num\">0 %%</td>",
			     (long long)org_a));
	has(&r, "<td class=\"num\">1</td><td class=\"num\">3</td><td class=\"num\">33 %</td></tr></tfoot>");
	lb_client_release(&c);

	/* A reader on Nämnd B still sees Nämnd B's own chart and units below. */
	signed_in(&c, "fig-reader");
	r = lb_get(&c, "/figures");
	assert_int_equal(r.status, 200);
	has(&r, "<polyline");
	has(&r, "Per enhet under");
	assert_false(lb_has(&r, "Kommun Ma"));
	lb_client_release(&c);
}

static void test_svgchart(void **state)
{
	struct arena *a = arena_new();
	struct html h;
	struct svgchart_point pts[] = {
		{ "2025 K1", 25, false },
		{ "2025 K2", 0, true },
		{ "K3 " POISON, 50, false },
		{ "I dag", 75, false },
	};
	struct svgchart c = { 0 };
	const char *out;

	html_init(&h, a, LANG_SV);
	c.kind = SVGCHART_LINE;
	c.id = "c-" POISON;
	c.title = "Andel i " POISON;
	c.desc = "25 %, –, 50 %, 75 % " POISON;
	c.y_min = 0;
	c.y_max = 100;
	c.y_ticks = 4;
	c.value_template = "{1} %" POISON;
	c.points = pts;
	c.n_points = 4;
	svgchart_write(&h, &c);
	out = h.b.data;
	assert_null(strstr(out, POISON));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "style="));
	assert_non_null(strstr(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""));
	assert_non_null(strstr(out, "viewBox=\"0 0 640 280\""));
	assert_non_null(strstr(out, "aria-labelledby=\"c-&lt;script&gt;&#39;&quot;&amp;-title "
				    "c-&lt;script&gt;&#39;&quot;&amp;-desc\""));
	assert_non_null(strstr(out, "<title id=\"c-&lt;script&gt;&#39;&quot;&amp;-title\">Andel i "
				    "&lt;script&gt;&#39;&quot;&amp;</title>"));
	assert_non_null(strstr(out, "<desc id=\"c-&lt;script&gt;&#39;&quot;&amp;-desc\">"));
	/* Value axis 0..100 in five labels; category labels; a gap splits the line in two. */
	assert_non_null(strstr(out, ">0 %&lt;script&gt;&#39;&quot;&amp;</text>"));
	assert_non_null(strstr(out, ">25 %&lt;script&gt;&#39;&quot;&amp;</text>"));
	assert_non_null(strstr(out, ">100 %&lt;script&gt;&#39;&quot;&amp;</text>"));
	assert_non_null(strstr(out, ">2025 K1</text>"));
	assert_non_null(strstr(out, ">K3 &lt;script&gt;&#39;&quot;&amp;</text>"));
	const char *first = strstr(out, "<polyline");
	assert_non_null(first);
	assert_non_null(strstr(first + 1, "<polyline"));
	assert_null(strstr(strstr(first + 1, "<polyline") + 1, "<polyline"));
	/* Three points with a value, each with its own tooltip. */
	size_t n = 0;
	for (const char *p = out; (p = strstr(p, "<circle")) != NULL; p++)
		n++;
	assert_int_equal(n, 3);
	assert_non_null(strstr(out, "<title>I dag: 75 %&lt;script&gt;&#39;&quot;&amp;</title>"));
	assert_non_null(strstr(out, "</svg>"));

	/* Bars: one per value. */
	html_init(&h, a, LANG_SV);
	c.kind = SVGCHART_BAR;
	c.width = 320;
	c.height = 200;
	svgchart_write(&h, &c);
	out = h.b.data;
	n = 0;
	for (const char *p = out; (p = strstr(p, "<rect")) != NULL; p++)
		n++;
	assert_int_equal(n, 3);
	assert_non_null(strstr(out, "viewBox=\"0 0 320 200\""));
	assert_null(strstr(out, POISON));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_page_section), cmocka_unit_test(test_unit_page_no_systems_and_poison),
		cmocka_unit_test(test_figures_page),      cmocka_unit_test(test_figures_bad_date),
		cmocka_unit_test(test_api_figures),       cmocka_unit_test(test_api_roles),
		cmocka_unit_test(test_svgchart),          cmocka_unit_test(test_figures_page_many_organisations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
