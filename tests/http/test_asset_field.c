/*
 * test_asset_field.c - an asset chosen by typing its name, where the user
 * sees more assets than a select holds (a city has 20,000): a continuity
 * plan's asset, the asset a risk concerns and the assets a risk analysis
 * covers become a text field offering suggestions from
 * /api/v1/assets/choices, what is typed is taken as the one asset it names
 * among those the user sees ("Name (Unit)", or a name only one of them
 * has), and a text that names none or several is refused on that field,
 * saying which, with what was typed kept and nothing saved. The asset
 * chosen now shows in the field by its label, and the form saves it as it
 * is, wherever it comes in the register's order. With ASSET_SELECT_MAX
 * (200) assets or fewer in view the select stays.
 *
 * The register: "Ekdala kommun" with units "Enhet A" (520 systems,
 * "System 000" to "System 519", and one "Delad") and "Enhet B" ("Delad",
 * "Procapita"), and "Annan kommun" with "Annan enhet" ("Delad", "Hemlig"),
 * which Ekdala's coordinator does not see. A continuity plan covers
 * "System 515", past the first 500 assets in name order; 505 plans titled
 * "Plan 000" to "Plan 504" cover the first systems, and an exercise tested
 * the first plan, past the first 500 plans by title.
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
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/continuity.h"
#include "domain/risk.h"
#include "fixtures.h"
#include "lb_expect.h"
#include "loopback.h"

#define MANY 520

static DB_QUERY(Q_T_PLANS, "SELECT count(*) FROM continuity_plans");
static DB_QUERY(Q_T_CONCERNS, "SELECT count(*) FROM risk_concerns");

static struct lb_env env;
static int64_t org, ua, ub, other, ox;
static int64_t sys[MANY], shared_a, shared_b, shared_x, procapita, hidden;
static int64_t plan, analysis, scoped, risk, exercise;

static const char *num(int64_t v)
{
	return arena_printf(env.arena, "%lld", (long long)v);
}

static int64_t count(const struct db_query *q)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(env.db, env.arena, q, NULL, 0, &rows, &e), 0);
	return rows_int(&rows, 0, 0);
}

static int64_t mk_asset(int64_t unit, const char *name)
{
	struct asset_input as = { 0 };
	struct err e = { 0 };
	int64_t id;

	as.unit_id = unit;
	as.kind = "system";
	as.name = name;
	if (asset_create(env.db, env.arena, &fx_system, &as, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct risk_analysis_input ai = { 0 };
	struct risk_analysis an;
	struct risk_input ri = { .threat = "Brand", .likelihood = 2, .consequence = 3 };
	struct continuity_plan_input pi = { .title = "Reservrutin", .mto_hours = 24, .rto_hours = 8, .rpo_hours = 4 };
	int64_t two[2];
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	ua = lb_env_unit(&env, org, "unit", "Enhet A");
	ub = lb_env_unit(&env, org, "unit", "Enhet B");
	other = lb_env_unit(&env, 0, "organisation", "Annan kommun");
	ox = lb_env_unit(&env, other, "unit", "Annan enhet");
	lb_env_user(&env, "af-coord", "coordinator", org);
	lb_env_user(&env, "af-small", "coordinator", ub);
	for (int i = 0; i < MANY; i++)
		sys[i] = mk_asset(ua, arena_printf(env.arena, "System %03d", i));
	shared_a = mk_asset(ua, "Delad");
	shared_b = mk_asset(ub, "Delad");
	procapita = mk_asset(ub, "Procapita");
	shared_x = mk_asset(ox, "Delad");
	hidden = mk_asset(ox, "Hemlig");

	pi.unit_id = ua;
	pi.asset_id = sys[515];
	assert_int_equal(continuity_create(env.db, env.arena, &fx_system, &pi, &plan, &e), 0);
	/* 505 plans whose titles come before "Reservrutin", and an exercise that tested it. */
	for (int i = 0; i < 505; i++) {
		int64_t id;
		pi.title = arena_printf(env.arena, "Plan %03d", i);
		pi.asset_id = sys[i];
		assert_int_equal(continuity_create(env.db, env.arena, &fx_system, &pi, &id, &e), 0);
	}
	{
		struct exercise_input xi = { .unit_id = ua,
					     .title = "Övning",
					     .exercise_date = "2026-01-20",
					     .kind = "tabletop",
					     .status = "done",
					     .plan_ids = &plan,
					     .n_plan_ids = 1,
					     .set_links = true };
		assert_int_equal(exercise_create(env.db, env.arena, &fx_system, &xi, &exercise, &e), 0);
	}
	ai.unit_id = org;
	ai.title = "Riskanalys 2026";
	ai.analysis_date = "2026-02-01";
	assert_int_equal(risk_analysis_create(env.db, env.arena, &fx_system, &ai, &analysis, &e), 0);
	assert_int_equal(risk_analysis_get(env.db, env.arena, analysis, &an, &e), 0);
	assert_int_equal(risk_create(env.db, env.arena, &fx_system, &an, &ri, &risk, &e), 0);
	two[0] = sys[510];
	two[1] = procapita;
	ai.title = "Riskanalys av system";
	ai.scope_kind = "assets";
	ai.asset_ids = two;
	ai.n_asset_ids = 2;
	ai.set_assets = true;
	if (risk_analysis_create(env.db, env.arena, &fx_system, &ai, &scoped, &e))
		fail_msg("risk_analysis_create: %s %s", e.field, e.msgid);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	return 0;
}

/* A continuity plan whose asset comes past the first 500 of the register: shown by its label, saved unchanged. */
static void test_plan_saved_unchanged(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct continuity_plan p;
	struct err e = { 0 };
	const char *path = arena_printf(env.arena, "/continuity/%s/edit", num(plan));

	(void)state;
	lb_signed_in(&c, &env, "af-coord");
	r = lb_get(&c, path);
	assert_int_equal(r.status, 200);
	LB_HAS(&r,
	       "data-typeahead=\"/api/v1/assets/choices?q=\" id=\"f-asset_id\" name=\"asset_id\" autocomplete=\"off\" "
	       "value=\"System 515 (Enhet A)\"");
	LB_HAS(&r, "Skriv tillgångens namn och välj bland förslagen, som också anger enheten.");
	LB_HAS_NOT(&r, "<select id=\"f-asset_id\"");
	assert_int_equal(continuity_get(env.db, env.arena, plan, &p, &e), 0);
	{
		const char *form[] = { "version",   num(p.version),
				       "title",     "Reservrutin för systemet",
				       "asset_id",  "System 515 (Enhet A)",
				       "unit_id",   num(ua),
				       "owner_id",  "",
				       "mto_hours", "24",
				       "rto_hours", "8",
				       "rpo_hours", "4",
				       NULL };
		r = lb_post(&c, path, form);
		assert_int_equal(r.status, 303);
	}
	assert_int_equal(continuity_get(env.db, env.arena, plan, &p, &e), 0);
	assert_string_equal(p.title, "Reservrutin för systemet");
	assert_int_equal(p.asset_id, sys[515]);
	lb_client_release(&c);
}

static void test_plan_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct continuity_plan p;
	struct err e = { 0 };
	int64_t before = count(&Q_T_PLANS);
	const char *form[] = { "unit_id",     num(ua),     "asset_id", NULL,        "title",
			       "Reservrutin", "mto_hours", "48",       "rto_hours", "24",
			       "rpo_hours",   "8",         "owner_id", "",          NULL };

	(void)state;
	lb_signed_in(&c, &env, "af-coord");
	r = lb_get(&c, "/continuity/new");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-asset_id\" data-typeahead=\"/api/v1/assets/choices?q=\"");
	LB_HAS(&r, "<datalist id=\"dl-asset_id\"></datalist>");
	LB_HAS_NOT(&r, "System 150 (Enhet A)");

	/* By the label the suggestions give. */
	form[3] = "System 506 (Enhet A)";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(continuity_get(env.db, env.arena, lb_created_id(&r), &p, &e), 0);
	assert_int_equal(p.asset_id, sys[506]);
	/* By a name only one asset in view has, without regard to case or surrounding space; by id as before. */
	form[3] = "  procapita ";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(continuity_get(env.db, env.arena, lb_created_id(&r), &p, &e), 0);
	assert_int_equal(p.asset_id, procapita);
	form[3] = num(sys[507]);
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 303);
	before += 3;
	assert_int_equal(count(&Q_T_PLANS), before);

	/* A name nobody's asset has: refused on the field, the text kept, nothing saved. */
	form[3] = "Finns inte";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-asset_id\"");
	LB_HAS(&r, "Ingen tillgång som du ser heter ”Finns inte”. Skriv en del av namnet och välj bland förslagen.");
	LB_HAS(&r, "id=\"e-asset_id\"");
	LB_HAS(&r, "value=\"Finns inte\"");
	/* A name two assets in view have (a third, in a unit not seen, is not counted): refused, both suggested. */
	form[3] = "delad";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Flera tillgångar som du ser heter ”delad”: välj bland förslagen, som också anger enheten.");
	LB_HAS(&r, "value=\"delad\"");
	LB_HAS(&r, "<datalist id=\"dl-asset_id\"><option value=\"Delad (Enhet A)\"></option>"
		   "<option value=\"Delad (Enhet B)\"></option></datalist>");
	LB_HAS_NOT(&r, "Annan enhet");
	/* An asset in a unit the user does not see: as if it did not exist, by name or by label. */
	form[3] = "Hemlig";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen tillgång som du ser heter ”Hemlig”");
	LB_HAS(&r, "<datalist id=\"dl-asset_id\"></datalist>");
	form[3] = "Delad (Annan enhet)";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen tillgång som du ser heter ”Delad (Annan enhet)”");
	assert_int_equal(count(&Q_T_PLANS), before);

	/* The label tells the two apart. */
	form[3] = "Delad (Enhet B)";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(continuity_get(env.db, env.arena, lb_created_id(&r), &p, &e), 0);
	assert_int_equal(p.asset_id, shared_b);
	lb_client_release(&c);
}

/* The asset a risk concerns, added on the risk's page. */
static void test_risk_concern(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before = count(&Q_T_CONCERNS);
	const char *path = arena_printf(env.arena, "/risks/%s/concerns", num(risk));
	const char *form[] = { "asset_id", NULL, NULL };

	(void)state;
	lb_signed_in(&c, &env, "af-coord");
	r = lb_get(&c, arena_printf(c.arena, "/risks/%s", num(risk)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-asset_id\" data-typeahead=\"/api/v1/assets/choices?q=\"");
	LB_HAS_NOT(&r, "System 150 (Enhet A)");

	form[1] = "Delad";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Flera tillgångar som du ser heter ”Delad”");
	LB_HAS(&r, "value=\"Delad\"");
	form[1] = "Hemlig (Annan enhet)";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen tillgång som du ser heter ”Hemlig (Annan enhet)”");
	assert_int_equal(count(&Q_T_CONCERNS), before);
	form[1] = "System 519 (Enhet A)";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(count(&Q_T_CONCERNS), before + 1);
	r = lb_get(&c, arena_printf(c.arena, "/risks/%s", num(risk)));
	LB_HAS(&r, arena_printf(c.arena, "<a href=\"/assets/%s\">System 519</a>", num(sys[519])));
	lb_client_release(&c);
}

/* The ids of the assets analysis @id covers, as a set of flags per asset of interest. */
static bool covers(int64_t id, int64_t asset)
{
	struct risk_scope_asset *as;
	size_t n;
	struct err e = { 0 };

	assert_int_equal(risk_analysis_assets(env.db, env.arena, id, &as, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (as[i].asset_id == asset)
			return true;
	return false;
}

static size_t n_covered(int64_t id)
{
	struct risk_scope_asset *as;
	size_t n;
	struct err e = { 0 };

	assert_int_equal(risk_analysis_assets(env.db, env.arena, id, &as, &n, &e), 0);
	return n;
}

/* The assets an analysis covers: those chosen stay ticked and saved, one more is typed in. */
static void test_analysis_assets(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct risk_analysis an;
	struct err e = { 0 };
	const char *path = arena_printf(env.arena, "/risk-analyses/%s/edit", num(scoped));
	const char *form[] = { "version",
			       NULL,
			       "kind",
			       "risk",
			       "unit_id",
			       num(org),
			       "title",
			       "Riskanalys av system",
			       "analysis_date",
			       "2026-02-01",
			       "scope_kind",
			       "assets",
			       "status",
			       "ongoing",
			       "asset_ids",
			       num(sys[510]),
			       "asset_ids",
			       num(procapita),
			       "asset_ids",
			       NULL,
			       NULL };

	(void)state;
	lb_signed_in(&c, &env, "af-coord");
	r = lb_get(&c, path);
	assert_int_equal(r.status, 200);
	LB_HAS(&r, arena_printf(c.arena,
				"<input type=\"checkbox\" checked id=\"asset_ids-1\" name=\"asset_ids\" value=\"%s\">"
				"<label for=\"asset_ids-1\">System 510 (Enhet A)</label>",
				num(sys[510])));
	LB_HAS(&r, "<label for=\"asset_ids-0\">Procapita (Enhet B)</label>");
	LB_HAS(&r, "list=\"dl-asset_ids\" data-typeahead=\"/api/v1/assets/choices?q=\"");
	LB_HAS_NOT(&r, "<select multiple size=\"8\" id=\"f-asset_ids\"");

	/* Saved as it is: nothing lost of what is not among the first assets. */
	assert_int_equal(risk_analysis_get(env.db, env.arena, scoped, &an, &e), 0);
	form[1] = num(an.version);
	form[19] = "";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(n_covered(scoped), 2);
	assert_true(covers(scoped, sys[510]));
	assert_true(covers(scoped, procapita));

	/* A name nobody's asset has: refused on the field, the text kept, nothing changed. */
	assert_int_equal(risk_analysis_get(env.db, env.arena, scoped, &an, &e), 0);
	form[1] = num(an.version);
	form[19] = "Finns inte";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-asset_ids\"");
	LB_HAS(&r, "Ingen tillgång som du ser heter ”Finns inte”");
	LB_HAS(&r, "value=\"Finns inte\"");
	LB_HAS(&r, "<label for=\"asset_ids-1\">Procapita (Enhet B)</label>");
	assert_int_equal(n_covered(scoped), 2);

	/* One more by its label. */
	form[19] = "System 400 (Enhet A)";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(n_covered(scoped), 3);
	assert_true(covers(scoped, sys[400]));
	lb_client_release(&c);
}

/* An exercise that tested a plan past the first 500 by title: the plan shows chosen and is saved as it is. */
static void test_exercise_plans(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct exercise x;
	struct exercise_link *plans;
	size_t n;
	struct err e = { 0 };
	const char *path = arena_printf(env.arena, "/exercises/%s/edit", num(exercise));

	(void)state;
	lb_signed_in(&c, &env, "af-coord");
	r = lb_get(&c, path);
	assert_int_equal(r.status, 200);
	LB_HAS(&r, arena_printf(c.arena, "<option value=\"%s\" selected>Reservrutin för systemet (System 515)</option>",
				num(plan)));
	assert_int_equal(exercise_get(env.db, env.arena, exercise, &x, &e), 0);
	{
		const char *form[] = { "version",       num(x.version), "unit_id",
				       num(ua),         "title",        "Övning strömavbrott",
				       "exercise_date", "2026-01-20",   "kind",
				       "tabletop",      "status",       "done",
				       "plan_ids",      num(plan),      NULL };
		r = lb_post(&c, path, form);
		assert_int_equal(r.status, 303);
	}
	assert_int_equal(exercise_plans(env.db, env.arena, exercise, &plans, &n, &e), 0);
	assert_int_equal(n, 1);
	lb_client_release(&c);
}

/* What an asset field suggests as one types: only what the user sees, by the label the field takes. */
static void test_suggestions(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_error_t je;
	json_t *j, *items;

	(void)state;
	lb_signed_in(&c, &env, "af-coord");
	r = lb_json(&c, "GET", "/api/v1/assets/choices?q=delad", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_non_null(j);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "label")), "Delad (Enhet A)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "label")), "Delad (Enhet B)");
	json_decref(j);
	r = lb_json(&c, "GET", "/api/v1/assets/choices?q=hemlig", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* Nothing asked, nothing offered; a page of 20 otherwise. */
	r = lb_json(&c, "GET", "/api/v1/assets/choices", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	r = lb_json(&c, "GET", "/api/v1/assets/choices?q=system", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 20);
	json_decref(j);
	lb_client_release(&c);
}

/* A user who sees ASSET_SELECT_MAX (200) assets or fewer: the select of every one of them, as before. */
static void test_threshold(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	(void)state;
	lb_signed_in(&c, &env, "af-small");
	r = lb_get(&c, "/continuity/new");
	assert_int_equal(r.status, 200);
	LB_HAS(&r,
	       arena_printf(
		       c.arena,
		       "<select id=\"f-asset_id\" name=\"asset_id\"><option value=\"\" selected>Välj tillgång eller "
		       "process</option><option value=\"%s\">Delad (Enhet B)</option><option value=\"%s\">"
		       "Procapita (Enhet B)</option></select>",
		       num(shared_b), num(procapita)));
	LB_HAS_NOT(&r, "list=\"dl-asset_id\"");
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_saved_unchanged),
		cmocka_unit_test(test_plan_form),
		cmocka_unit_test(test_risk_concern),
		cmocka_unit_test(test_analysis_assets),
		cmocka_unit_test(test_exercise_plans),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_threshold),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
