/*
 * test_query_plans.c - every list asked for again and again gives the same
 * answer, and on PostgreSQL runs from a generic plan only where declared so.
 *
 * PostgreSQL plans a prepared statement for its arguments five times and
 * may then switch to one generic plan for all arguments, which for the
 * lists (filters "$n IS NULL OR ...", the viewer's scope as an argument)
 * reads every row. db_pg.c plans each run for its arguments but for the
 * statements declared DB_QUERY_PLAN_ONCE; here each list of the API runs eight times, with two sets of
 * arguments in turn, as the administrator and as a coordinator of one
 * board: each answer must equal the first of its kind, the totals must be
 * those of the fixture, and afterwards no prepared statement of the pool's
 * connections may have been run with a generic plan, but for those declared
 * DB_QUERY_PLAN_ONCE, which must have been planned once and run from that
 * plan.
 *
 * Also here: the EXPLAIN helper of tests/harness/explain.h finds a query
 * that reads a table whole and passes one that looks a row up by its key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/intcontrol.h"
#include "explain.h"
#include "fixtures.h"
#include "loopback.h"

#define RUNS 8

/* PostgreSQL only: the statements of this session not declared DB_QUERY_PLAN_ONCE that ran with a generic
 * plan. (A statement without parameters has one plan only, which PostgreSQL counts as generic.) */
static DB_QUERY(Q_T_GENERIC, "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
			     " WHERE generic_plans > 0 AND cardinality(parameter_types) > 0"
			     " AND position(CAST($1 AS TEXT) IN statement) <> 1");
/* The runs of the DB_QUERY_PLAN_ONCE statements from their kept plan, and how often one was planned again. */
static DB_QUERY(Q_T_KEPT, "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
			  " FROM pg_prepared_statements WHERE position(CAST($1 AS TEXT) IN statement) = 1");
static DB_QUERY(Q_T_CUSTOM, "SELECT coalesce(sum(custom_plans), 0) FROM pg_prepared_statements");
/* Fill the unit tree with @1 more units under unit @2, for the EXPLAIN helper's own test. */
static DB_QUERY(Q_T_MANY_UNITS, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)"
				" INSERT INTO units (parent_id, path, kind, name, code, created_at, updated_at)"
				" SELECT $2, '/many/' || CAST(i AS TEXT) || '/', 'unit', 'Enhet ' || CAST(i AS TEXT),"
				" '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");
static DB_QUERY(Q_T_UNIT_BY_ID, "SELECT id, name FROM units WHERE id = $1");
/*
 * A filter that may be left out: planned for its argument (an id), the key is looked up; planned once
 * without it (DB_QUERY_PLAN_ONCE), every unit must be read, since the argument may be NULL.
 */
#define T_UNIT_MAYBE "SELECT id, name FROM units WHERE CAST($1 AS BIGINT) IS NULL OR id = $1"
static DB_QUERY(Q_T_UNIT_MAYBE, T_UNIT_MAYBE);
static DB_QUERY_PLAN_ONCE(Q_T_UNIT_MAYBE_ONCE, T_UNIT_MAYBE);
/* A column no index holds (units_name would be walked instead of the table). */
static DB_QUERY(Q_T_UNIT_NAME_LIKE, "SELECT count(*) FROM units u WHERE u.contact LIKE $1");

static struct lb_env env;
static int64_t org, board_a, board_b, ic_plan;
static const char *admin_token, *coord_token;

static void mk_asset(int64_t unit, int k)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id;

	in.unit_id = unit;
	in.kind = k % 3 ? "system" : "information_set";
	in.name = arena_printf(env.arena, "Tillgång %d", k);
	in.supplier = k % 2 ? "Leverantören AB" : "";
	in.business_critical = k % 4 == 0;
	if (asset_create(env.db, env.arena, &fx_system, &in, &id, &e))
		fail_msg("asset_create: %s %s", e.msgid, e.detail);
}

static int setup(void **state)
{
	struct err e = { 0 };
	int64_t admin, coord, unit_a, unit_b;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board_a = lb_env_unit(&env, org, "board", "Socialnämnden");
	board_b = lb_env_unit(&env, org, "board", "Kulturnämnden");
	unit_a = lb_env_unit(&env, board_a, "administration", "Socialförvaltningen");
	unit_b = lb_env_unit(&env, board_b, "administration", "Kulturförvaltningen");
	admin = lb_env_user(&env, "admin", "administrator", 0);
	coord = lb_env_user(&env, "samordnare", "coordinator", board_a);
	for (int k = 0; k < 30; k++)
		mk_asset(k % 2 ? unit_a : unit_b, k);
	{
		struct ic_plan_input pi = { .unit_id = board_b, .year = 2026, .title = "Internkontrollplan" };
		if (intcontrol_plan_create(env.db, env.arena, &fx_system, LANG_SV, &pi, &ic_plan, &e))
			fail_msg("intcontrol_plan_create: %s", e.msgid);
	}
	if (token_create(env.db, env.arena, &fx_system, admin, "plans", &admin_token, NULL, &e) ||
	    token_create(env.db, env.arena, &fx_system, coord, "plans", &coord_token, NULL, &e))
		fail_msg("token_create: %s", e.msgid);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static struct lb_resp api_get(const char *token, const char *url)
{
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	c.bearer = token;
	r = lb_get(&c, url);
	lb_client_release(&c);
	return r;
}

/* Each list, with two sets of arguments taken in turn; "%u" is the board's id where it matters, "%p" the internal
 * control plan's. */
static const char *const lists[][2] = {
	{ "/api/v1/assets?limit=50", "/api/v1/assets?kind=system&q=tillg&limit=5" },
	{ "/api/v1/assets?unit_id=%u&limit=50", "/api/v1/assets?business_critical=true&sort=kind" },
	{ "/api/v1/units?limit=50", "/api/v1/units?parent_id=%u" },
	{ "/api/v1/requirements?limit=50", "/api/v1/requirements?q=x" },
	{ "/api/v1/activities?limit=50", "/api/v1/activities?status=ongoing" },
	{ "/api/v1/audit?limit=50", "/api/v1/audit?entity=asset&limit=10" },
	{ "/api/v1/users?limit=50", "/api/v1/users?q=adm" },
	{ "/api/v1/tokens", "/api/v1/tokens?limit=1" },
	{ "/api/v1/figures/classified?unit_id=%u", "/api/v1/figures/classified/series?unit_id=%u" },
	{ "/api/v1/figures/overdue?unit_id=%u", "/api/v1/figures/overdue?unit_id=%u&limit=3" },
	/* Lists of statements declared DB_QUERY_PLAN_ONCE (one plan's activities, one person's). */
	{ "/api/v1/activities?plan_id=%u&limit=50", "/api/v1/activities?responsible_id=%u" },
	/* An internal control plan with its processes and control points ("%p", each read by the plan's key). */
	{ "/api/v1/internal-control/plans/%p", "/api/v1/internal-control/plans/%p" },
};

static const char *url_for(const char *pattern, int64_t unit)
{
	const char *u = strstr(pattern, "%u");

	if (!u && (u = strstr(pattern, "%p")))
		unit = ic_plan;

	if (!u)
		return pattern;
	return arena_printf(env.arena, "%.*s%lld%s", (int)(u - pattern), pattern, (long long)unit, u + 2);
}

/* @may_refuse: a list the role may not see answers 403, every time. */
static void run_lists(const char *who, const char *token, int64_t unit, bool may_refuse)
{
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		struct lb_resp first[2];

		for (int k = 0; k < RUNS; k++) {
			const char *url = url_for(lists[l][k % 2], unit);
			struct lb_resp r = api_get(token, url);

			if (k < 2) {
				if (r.status != 200 && !(may_refuse && r.status == 403))
					fail_msg("%s: %s answered %d: %s", who, url, r.status, r.body);
				first[k] = r;
				continue;
			}
			if (r.status != first[k % 2].status || strcmp(r.body, first[k % 2].body) != 0)
				fail_msg("%s, run %d of %s: %d %s\nfirst: %d %s", who, k + 1, url, r.status, r.body,
					 first[k % 2].status, first[k % 2].body);
		}
	}
}

static void test_lists_many_times(void **state)
{
	struct lb_resp r;

	run_lists("administrator", admin_token, board_b, false);
	run_lists("coordinator", coord_token, board_a, true);

	/* The answers are the fixture's, not only equal to each other. */
	r = api_get(admin_token, "/api/v1/assets?limit=1");
	assert_true(lb_has(&r, "\"total\":30"));
	r = api_get(coord_token, "/api/v1/assets?limit=1");
	assert_true(lb_has(&r, "\"total\":15"));
	r = api_get(coord_token, url_for("/api/v1/assets?unit_id=%u&limit=1", board_b));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":0"));

	if (db_engine_of(env.db) != DB_PG)
		return;
	/* Every connection of the pool the requests used. */
	struct db *conns[2] = { NULL, NULL };
	int64_t custom = 0, kept = 0;
	struct err e = { 0 };

	assert_int_equal(db_pool_get(env.app.pool, &conns[0], &e), 0);
	assert_int_equal(db_pool_get(env.app.pool, &conns[1], &e), 0);
	for (int i = 0; i < 2; i++) {
		struct db_rows rows;

		assert_int_equal(
			db_run(conns[i], env.arena, &Q_T_GENERIC, DB_ARGS(DB_TEXT(DB_PG_PLAN_ONCE_MARK)), &rows, &e),
			0);
		if (rows.n_rows)
			fail_msg("%s ran with a generic plan %s times (custom: %s)", rows_text(&rows, 0, 0),
				 rows_text(&rows, 0, 1), rows_text(&rows, 0, 2));
		assert_int_equal(db_run(conns[i], env.arena, &Q_T_CUSTOM, NULL, 0, &rows, &e), 0);
		custom += rows_int(&rows, 0, 0);
		/* The statements declared so are planned once and then run from that plan. */
		assert_int_equal(
			db_run(conns[i], env.arena, &Q_T_KEPT, DB_ARGS(DB_TEXT(DB_PG_PLAN_ONCE_MARK)), &rows, &e), 0);
		assert_int_equal(rows_int(&rows, 0, 1), 0);
		kept += rows_int(&rows, 0, 0);
	}
	assert_true(kept >= RUNS);
	/* The lists did run on these connections, each time with a plan of its own. */
	assert_true(custom >= (int64_t)(2 * RUNS * (sizeof(lists) / sizeof(lists[0]))));
	db_pool_put(env.app.pool, conns[0]);
	db_pool_put(env.app.pool, conns[1]);
}

static void test_explain_helper(void **state)
{
	struct explain x;
	struct db_rows rows;
	struct err e = { 0 };
	const char *report;

	assert_int_equal(db_run(env.db, env.arena, &Q_T_MANY_UNITS, DB_ARGS(DB_INT(3000), DB_INT(org)), NULL, &e), 0);
	assert_int_equal(db_optimize(env.db, &e), 0);
	assert_int_equal(explain_begin(&x, env.db, env.url), 0);
	assert_int_equal(db_run(env.db, env.arena, &Q_T_UNIT_BY_ID, DB_ARGS(DB_INT(board_a)), &rows, &e), 0);
	assert_int_equal(rows.n_rows, 1);
	explain_end(&x);
	assert_int_equal(x.n_plans, 1);
	report = explain_full_scans(&x, (const char *[]){ "units", NULL });
	if (report)
		fail_msg("a lookup by key reads the table whole:\n%s", report);
	explain_release(&x);

	assert_int_equal(explain_begin(&x, env.db, env.url), 0);
	assert_int_equal(db_run(env.db, env.arena, &Q_T_UNIT_NAME_LIKE, DB_ARGS(DB_TEXT("%99%")), &rows, &e), 0);
	explain_end(&x);
	report = explain_full_scans(&x, (const char *[]){ "assets", "units", NULL });
	assert_non_null(report);
	assert_non_null(strstr(report, "Q_T_UNIT_NAME_LIKE: units read whole"));
	explain_release(&x);

	/* PostgreSQL: a statement planned once is explained with the plan it runs from, made without its arguments. */
	if (db_engine_of(env.db) != DB_PG)
		return;
	assert_int_equal(explain_begin(&x, env.db, env.url), 0);
	assert_int_equal(db_run(env.db, env.arena, &Q_T_UNIT_MAYBE, DB_ARGS(DB_INT(board_a)), &rows, &e), 0);
	assert_int_equal(rows.n_rows, 1);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(db_run(env.db, env.arena, &Q_T_UNIT_MAYBE_ONCE, DB_ARGS(DB_INT(board_a)), &rows, &e),
				 0);
		assert_int_equal(rows.n_rows, 1);
	}
	explain_end(&x);
	assert_int_equal(x.n_plans, 3);
	report = explain_full_scans(&x, (const char *[]){ "units", NULL });
	assert_non_null(report);
	assert_null(strstr(report, "Q_T_UNIT_MAYBE:"));
	assert_non_null(strstr(report, "Q_T_UNIT_MAYBE_ONCE: units read whole"));
	explain_release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_many_times),
		cmocka_unit_test(test_explain_helper),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
