/*
 * test_risks.c - risk analysis and continuity as people and programs use
 * them, through the pages and the API: bad input answered 400 naming the
 * field in Swedish with nothing saved, lost updates refused with 409 and
 * the other person's version, a scale change that asks for a mapping, the
 * matrix as a table whose cells link to the register, the exports, the
 * continuity check through the API, and how many queries a risk update
 * runs.
 *
 * The fixture: organisation A with board B and unit U; coord-b is
 * coordinator on B, olle an owner on B who owns one risk, reader-b reads,
 * global administers the installation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/continuity.h"
#include "domain/risk.h"
#include "fixtures.h"
#include "loopback.h"

static DB_QUERY(Q_T_RISKS, "SELECT count(*) FROM risks");

static struct lb_env env;
static int64_t org, board, unit, olle;
static int64_t analysis, risk, other_risk, sys, net;

static const char *num(int64_t v)
{
	return arena_printf(env.arena, "%lld", (long long)v);
}

static int64_t count_risks(void)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(env.db, env.arena, &Q_T_RISKS, NULL, 0, &rows, &e), 0);
	return rows_int(&rows, 0, 0);
}

static struct risk read_risk(int64_t id)
{
	struct risk k;
	struct err e = { 0 };
	assert_int_equal(risk_get(env.db, env.arena, id, &k, &e), 0);
	return k;
}

static int64_t mk_asset(const char *kind, const char *name)
{
	struct asset_input in = { .unit_id = unit, .kind = kind, .name = name, .business_critical = true };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &in, &id, &e), 0);
	return id;
}

static int setup(void **state)
{
	struct risk_analysis_input ai = { 0 };
	struct risk_analysis an;
	struct risk_input ri = { .threat = "Brand", .likelihood = 2, .consequence = 3 };
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	unit = lb_env_unit(&env, board, "administration", "Kommunledningsförvaltningen");
	lb_env_user(&env, "coord-b", "coordinator", board);
	olle = lb_env_user(&env, "olle", "owner", board);
	lb_env_user(&env, "reader-b", "reader", board);
	lb_env_user(&env, "global", "administrator", 0);
	ai.unit_id = unit;
	ai.title = "Riskanalys";
	ai.analysis_date = "2026-02-01";
	assert_int_equal(risk_analysis_create(env.db, env.arena, &fx_system, &ai, &analysis, &e), 0);
	assert_int_equal(risk_analysis_get(env.db, env.arena, analysis, &an, &e), 0);
	ri.owner_id = olle;
	assert_int_equal(risk_create(env.db, env.arena, &fx_system, &an, &ri, &risk, &e), 0);
	ri.owner_id = 0;
	ri.likelihood = 4, ri.consequence = 4;
	assert_int_equal(risk_create(env.db, env.arena, &fx_system, &an, &ri, &other_risk, &e), 0);
	sys = mk_asset("system", "Ärendesystem");
	net = mk_asset("system", "Stadsnät");
	assert_int_equal(fx_asset_link_add(env.db, env.arena, &fx_system, sys, net, "depends_on", NULL, &e), 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static void login(struct lb_client *c, const char *who)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
}

/* Likelihood off the scale, an accepted risk without a reason: 400 naming the field, in Swedish; nothing saved. */
static void test_bad_input(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before = count_risks();
	const char *off[] = { "threat", "Brand", "likelihood", "5", "consequence", "2", NULL };
	const char *accept[] = {
		"threat", "Brand", "likelihood", "2", "consequence", "2", "treatment", "accept", NULL
	};

	login(&c, "coord-b");
	r = lb_post(&c, arena_printf(env.arena, "/risk-analyses/%lld/risks", (long long)analysis), off);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-likelihood\""));
	assert_true(lb_has(&r, "Sannolikhet: Välj en nivå från 1 till 4 på organisationens skala."));
	r = lb_post(&c, arena_printf(env.arena, "/risk-analyses/%lld/risks", (long long)analysis), accept);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-treatment_reason\""));
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/risk-analyses/%lld/risks", (long long)analysis),
		    "{\"threat\":\"Brand\",\"likelihood\":0,\"consequence\":9}", NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"likelihood\""));
	assert_true(lb_has(&r, "Välj en nivå från 1 till 4"));
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/risk-analyses/%lld/risks", (long long)analysis),
		    "{\"threat\":\"Brand\",\"likelihood\":2,\"consequence\":2,\"treatment\":\"accept\","
		    "\"treatment_reason\":\"Billigare att bära\"}",
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"accepted_by\""));
	assert_int_equal(count_risks(), before);
	/* An RTO longer than the maximum tolerable outage; an exercise in the future marked done. */
	r = lb_json(&c, "POST", "/api/v1/continuity-plans",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"asset_id\":%lld,\"title\":\"Plan\",\"mto_hours\":4,"
				 "\"rto_hours\":8,\"rpo_hours\":1}",
				 (long long)unit, (long long)sys),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"rto_hours\""));
	r = lb_json(&c, "POST", "/api/v1/exercises",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"title\":\"Övning\",\"exercise_date\":\"2999-01-01\","
				 "\"kind\":\"full\",\"status\":\"done\"}",
				 (long long)unit),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"exercise_date\""));
	lb_client_release(&c);
}

/* Two people edit one risk: the second is refused with 409 and sees the first one's version; the owner may edit. */
static void test_conflict(void **state)
{
	struct lb_client c, d;
	struct lb_resp r;
	struct risk k = read_risk(risk);
	const char *v = num(k.version);
	const char *first[] = { "version",    v,         "threat",      "Brand i serverhallen",
				"likelihood", "3",       "consequence", "3",
				"owner_id",   num(olle), NULL };
	const char *second[] = { "version",     v,   "threat",   "Översvämning", "likelihood", "1",
				 "consequence", "1", "owner_id", num(olle),      NULL };

	login(&c, "olle");
	login(&d, "coord-b");
	r = lb_post(&c, arena_printf(env.arena, "/risks/%lld/edit", (long long)risk), first);
	assert_int_equal(r.status, 303);
	r = lb_post(&d, arena_printf(env.arena, "/risks/%lld/edit", (long long)risk), second);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "Brand i serverhallen"));
	assert_true(lb_has(&r, "value=\"Översvämning\""));
	r = lb_json(&d, "PATCH", arena_printf(env.arena, "/api/v1/risks/%lld", (long long)risk), "{\"likelihood\":1}",
		    v);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "\"current\""));
	assert_int_equal(read_risk(risk).likelihood, 3);
	/* The owner may not edit a risk someone else owns. */
	r = lb_post(&c, arena_printf(env.arena, "/risks/%lld/edit", (long long)other_risk), first);
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
	lb_client_release(&d);
}

/* The matrix is a table whose cells link to the register filtered to them; the register follows. */
static void test_matrix(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, "reader-b");
	r = lb_get(&c, arena_printf(env.arena, "/risks/matrix?analysis_id=%lld", (long long)analysis));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<table class=\"matrix\">"));
	assert_true(lb_has(&r, "<th scope=\"row\">4 – Mycket sannolik</th>"));
	assert_true(lb_has(&r, arena_printf(env.arena,
					    "href=\"/risks?analysis_id=%lld&amp;likelihood=4&amp;consequence=4\"",
					    (long long)analysis)));
	assert_true(lb_has(&r, "<svg class=\"matrix\" aria-hidden=\"true\""));
	/* The menu marks the matrix as the page, not the risk register above it in the address. */
	assert_true(lb_has(&r, "<a href=\"/risks/matrix\" aria-current=\"page\">"));
	assert_false(lb_has(&r, "<a href=\"/risks\" aria-current"));
	r = lb_get(&c,
		   arena_printf(env.arena, "/risks?analysis_id=%lld&likelihood=4&consequence=4", (long long)analysis));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, arena_printf(env.arena, "href=\"/risks/%lld\"", (long long)other_risk)));
	assert_false(lb_has(&r, arena_printf(env.arena, "href=\"/risks/%lld\"", (long long)risk)));
	r = lb_get(&c, "/risks?likelihood=12");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-likelihood\""));
	r = lb_get(&c, arena_printf(env.arena, "/api/v1/risks/matrix?unit_id=%lld&residual=true", (long long)org));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "{\"likelihood\":4,\"consequence\":4,\"risks\":1,\"band\":\"very_high\"}"));
	r = lb_get(&c, "/api/v1/risks/matrix");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	/* An analysis that is not there is refused on its field. */
	r = lb_get(&c, "/api/v1/risks/matrix?analysis_id=999999");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"analysis_id\""));
	lb_client_release(&c);

	/* A reader of another board sees neither the page nor the API's matrix of Kommunstyrelsen's analysis. */
	lb_env_user(&env, "reader-s", "reader", lb_env_unit(&env, org, "board", "Socialnämnden"));
	login(&c, "reader-s");
	assert_int_equal(
		lb_get(&c, arena_printf(env.arena, "/risks/matrix?analysis_id=%lld", (long long)analysis)).status, 403);
	assert_int_equal(
		lb_get(&c, arena_printf(env.arena, "/api/v1/risks/matrix?analysis_id=%lld", (long long)analysis))
			.status,
		403);
	/* The organisation's matrix they may see: the risks of it they see, none here. */
	r = lb_get(&c, arena_printf(env.arena, "/api/v1/risks/matrix?unit_id=%lld", (long long)org));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":0"));
	lb_client_release(&c);
}

/* A scale change that risks use asks for a mapping; with one, the risks move, each to a new version. */
static void test_scale_mapping(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *url = arena_printf(env.arena, "/organisations/%lld/risk-scale", (long long)org);
	const char *five[] = { "version",
			       "0",
			       "likelihood_levels",
			       "5",
			       "consequence_levels",
			       "4",
			       "medium_from",
			       "4",
			       "high_from",
			       "8",
			       "very_high_from",
			       "12",
			       "colour_low",
			       "#2e7d32",
			       "colour_medium",
			       "#f9a825",
			       "colour_high",
			       "#ef6c00",
			       "colour_very_high",
			       "#c62828",
			       NULL };
	const char *mapped[] = { "version",
				 "0",
				 "likelihood_levels",
				 "5",
				 "consequence_levels",
				 "4",
				 "medium_from",
				 "4",
				 "high_from",
				 "8",
				 "very_high_from",
				 "12",
				 "colour_low",
				 "#2e7d32",
				 "colour_medium",
				 "#f9a825",
				 "colour_high",
				 "#ef6c00",
				 "colour_very_high",
				 "#c62828",
				 "likelihood_map_1",
				 "1",
				 "likelihood_map_2",
				 "2",
				 "likelihood_map_3",
				 "4",
				 "likelihood_map_4",
				 "5",
				 NULL };
	int64_t before = read_risk(other_risk).version;

	login(&c, "global");
	r = lb_get(&c, url);
	assert_int_equal(r.status, 200);
	r = lb_post(&c, url, five);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#likelihood_map\"") || lb_has(&r, "href=\"#f-likelihood_map\""));
	assert_true(lb_has(&r, "name=\"likelihood_map_4\""));
	assert_int_equal(read_risk(other_risk).likelihood, 4);
	r = lb_post(&c, url, mapped);
	assert_int_equal(r.status, 303);
	assert_int_equal(read_risk(other_risk).likelihood, 5);
	assert_int_equal(read_risk(other_risk).value, 20);
	assert_int_equal(read_risk(other_risk).version, before + 1);
	r = lb_get(&c, arena_printf(env.arena, "/api/v1/organisations/%lld/risk-scale", (long long)org));
	assert_true(lb_has(&r, "\"likelihood_levels\":5"));
	/* Back to four levels through the API, mapping 5 and 4 down. */
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/organisations/%lld/risk-scale", (long long)org),
		    "{\"likelihood_levels\":4}", "1");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"likelihood_map\""));
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/organisations/%lld/risk-scale", (long long)org),
		    "{\"likelihood_levels\":4,\"likelihood_map\":{\"1\":1,\"2\":2,\"3\":2,\"4\":3,\"5\":4}}", "1");
	assert_int_equal(r.status, 200);
	assert_int_equal(read_risk(other_risk).likelihood, 4);
	lb_client_release(&c);
}

/* The register's exports, and the documents. */
static void test_exports(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, "reader-b");
	r = lb_get(&c, "/risks/export.csv");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/csv; charset=utf-8");
	assert_true(lb_has(&r, "Hot;Sårbarhet"));
	r = lb_get(&c, "/risks/export.xlsx");
	assert_int_equal(r.status, 200);
	assert_true(r.len > 100 && !memcmp(r.body, "PK", 2));
	r = lb_get(&c, "/risks/export.docx");
	assert_int_equal(r.status, 200);
	assert_true(r.len > 100 && !memcmp(r.body, "PK", 2));
	r = lb_get(&c, "/risks/report");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<!doctype html>") || lb_has(&r, "<!DOCTYPE html>"));
	assert_true(lb_has(&r, "Riskmatris"));
	r = lb_get(&c, "/api/v1/risks/export?format=md");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "# Riskregister"));
	r = lb_get(&c, "/api/v1/risks/export?format=pdf");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"format\""));
	r = lb_get(&c, arena_printf(env.arena, "/risk-analyses/%lld/report", (long long)analysis));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Efter åtgärder"));
	lb_client_release(&c);
}

/* A plan whose asset depends on one that recovers more slowly: the API flags it and names the chain. */
static void test_continuity_api(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, "coord-b");
	r = lb_json(&c, "POST", "/api/v1/continuity-plans",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"asset_id\":%lld,\"title\":\"Stadsnätet\",\"mto_hours\":96,"
				 "\"rto_hours\":48,\"rpo_hours\":24}",
				 (long long)unit, (long long)net),
		    NULL);
	assert_int_equal(r.status, 201);
	r = lb_json(&c, "POST", "/api/v1/continuity-plans",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"asset_id\":%lld,\"title\":\"Ärenden\",\"mto_hours\":24,"
				 "\"rto_hours\":8,\"rpo_hours\":4}",
				 (long long)unit, (long long)sys),
		    NULL);
	assert_int_equal(r.status, 201);
	assert_true(lb_has(&r, "\"dependency_slower\":true"));
	assert_true(lb_has(&r, "\"chain\":\"Ärendesystem → Stadsnät\""));
	r = lb_get(&c, "/api/v1/continuity-plans?never_exercised=true");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":2"));
	r = lb_get(&c, "/continuity");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Beroende av en tillgång som återställs långsammare"));

	/* An exercise's resulting actions become activities of the unit's plan: through the API and the page. */
	{
		int64_t x;
		char *end;
		r = lb_json(
			&c, "POST", "/api/v1/exercises",
			arena_printf(env.arena,
				     "{\"unit_id\":%lld,\"title\":\"Stadsnätet nere\",\"exercise_date\":\"2026-01-15\","
				     "\"kind\":\"tabletop\",\"status\":\"done\"}",
				     (long long)unit),
			NULL);
		assert_int_equal(r.status, 201);
		x = strtoll(strstr(r.body, "\"id\":") + 5, &end, 10);
		r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/exercises/%lld/activities", (long long)x),
			    "{\"title\":\"\"}", NULL);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "\"field\":\"title\""));
		r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/exercises/%lld/activities", (long long)x),
			    "{\"title\":\"Skriv ned reservrutinen\",\"due_date\":\"2026-06-30\"}", NULL);
		assert_int_equal(r.status, 201);
		assert_true(lb_has(&r, "\"title\":\"Skriv ned reservrutinen\""));
		r = lb_post(&c, arena_printf(env.arena, "/exercises/%lld/activities", (long long)x),
			    (const char *const[]){ "title", "Uppdatera kontaktlistan", NULL });
		assert_int_equal(r.status, 303);
		r = lb_get(&c, arena_printf(env.arena, "/api/v1/exercises/%lld/activities", (long long)x));
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "\"total\":2"));
		r = lb_get(&c, arena_printf(env.arena, "/exercises/%lld", (long long)x));
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "Skriv ned reservrutinen"));
		assert_true(lb_has(&r, "Uppdatera kontaktlistan"));
		assert_true(lb_has(&r, arena_printf(env.arena, "action=\"/exercises/%lld/activities\"", (long long)x)));
		lb_client_release(&c);
		/* A reader sees them and gets no form; adding one is refused. */
		login(&c, "reader-b");
		r = lb_get(&c, arena_printf(env.arena, "/exercises/%lld", (long long)x));
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "Uppdatera kontaktlistan"));
		assert_false(
			lb_has(&r, arena_printf(env.arena, "action=\"/exercises/%lld/activities\"", (long long)x)));
		r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/exercises/%lld/activities", (long long)x),
			    "{\"title\":\"Nej\"}", NULL);
		assert_int_equal(r.status, 403);
	}
	lb_client_release(&c);
}

/*
 * One risk update reads the risk once (the route's scope), the scales of
 * its organisation and the people named, then writes it and its audit
 * entry. The numbers are in docs/performance.md.
 */
static void test_update_query_count(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct risk k = read_risk(other_risk);
	const char *form[] = {
		"version", num(k.version), "threat", "Brand", "likelihood", "3", "consequence", "2", NULL
	};

	login(&c, "coord-b");
	r = lb_post(&c, arena_printf(env.arena, "/risks/%lld/edit", (long long)other_risk), form);
	assert_int_equal(r.status, 303);
	print_message("# queries of one risk update through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 12);
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/risks/%lld", (long long)other_risk),
		    "{\"likelihood\":2}", num(k.version + 1));
	assert_int_equal(r.status, 200);
	print_message("# queries of one risk update through the API: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 16);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_scale_mapping),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_continuity_api),
		cmocka_unit_test(test_update_query_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
