/*
 * test_auth_cache.c - sessions and tokens answered from memory are refused
 * the moment they end, and see a change of roles at once.
 *
 * The loopback signs in through the server's cache (struct auth_cache)
 * like the real server. Each change below is made through the domain on
 * the test's own database connection, as another server process or the
 * command line would make it; the very next request must already see it:
 * signing out, revoking a token, a password change or reset, deactivating
 * a user, removing and granting a role, moving the unit a role is on. On
 * PostgreSQL (make check-pg) the same holds across connections. Also: a
 * request answered from the cache runs fewer queries than one that is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, board_a, board_b, unit_x, asset_x;

static int setup(void **state)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board_a = lb_env_unit(&env, org, "board", "Socialnämnden");
	board_b = lb_env_unit(&env, org, "board", "Kulturnämnden");
	unit_x = lb_env_unit(&env, board_a, "administration", "Socialförvaltningen");
	in.unit_id = unit_x;
	in.kind = "system";
	in.name = "Procapita";
	if (asset_create(env.db, env.arena, &fx_system, &in, &asset_x, &e))
		fail_msg("asset_create: %s", e.msgid);
	lb_env_user(&env, "admin", "administrator", 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static const char *new_token(int64_t user)
{
	const char *clear;
	struct err e = { 0 };

	if (token_create(env.db, env.arena, &fx_system, user, "cache", &clear, NULL, &e))
		fail_msg("token_create: %s", e.msgid);
	return clear;
}

static int api_status(const char *token, const char *url)
{
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	c.bearer = token;
	r = lb_get(&c, url);
	lb_client_release(&c);
	return r.status;
}

static const char *asset_url(void)
{
	return arena_printf(env.arena, "/api/v1/assets/%lld", (long long)asset_x);
}

static void test_answered_from_memory(void **state)
{
	int64_t id = lb_env_user(&env, "anna", "reader", board_a);
	const char *token = new_token(id);
	int64_t hits0, misses0, hits1, misses1;
	struct lb_client c;
	struct lb_resp first, again;

	auth_cache_stats(env.app.auth_cache, &hits0, &misses0);
	lb_client_init(&c, &env);
	c.bearer = token;
	first = lb_get(&c, "/api/v1/me");
	again = lb_get(&c, "/api/v1/me");
	assert_int_equal(first.status, 200);
	assert_int_equal(again.status, 200);
	assert_string_equal(first.body, again.body);
	auth_cache_stats(env.app.auth_cache, &hits1, &misses1);
	assert_int_equal(misses1 - misses0, 1);
	assert_int_equal(hits1 - hits0, 1);
	print_message("# queries of GET /api/v1/me: %lld read from the database, %lld from the cache\n",
		      (long long)first.n_queries, (long long)again.n_queries);
	assert_true(again.n_queries < first.n_queries);
	lb_client_release(&c);
}

static void test_sign_out(void **state)
{
	struct lb_client a, b;
	struct lb_resp r;

	lb_env_user(&env, "bertil", "reader", board_a);
	lb_client_init(&a, &env);
	assert_int_equal(lb_login(&a, "bertil", LB_PASSWORD), 303);
	/* A second browser tab of the same session, known to the cache. */
	lb_client_init(&b, &env);
	memcpy(b.cookie, a.cookie, sizeof(b.cookie));
	assert_int_equal(lb_get(&b, "/units").status, 200);
	assert_int_equal(lb_get(&b, "/units").status, 200);
	r = lb_post(&a, "/logout", (const char *const[]){ NULL });
	assert_int_equal(r.status, 303);
	r = lb_get(&b, "/units");
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "/login"));
	lb_client_release(&a);
	lb_client_release(&b);
}

static void test_revoke(void **state)
{
	struct err e = { 0 };
	int64_t id = lb_env_user(&env, "cecilia", "reader", board_a), tid;
	const char *clear;

	assert_int_equal(token_create(env.db, env.arena, &fx_system, id, "cache", &clear, &tid, &e), 0);
	assert_int_equal(api_status(clear, "/api/v1/me"), 200);
	assert_int_equal(api_status(clear, "/api/v1/me"), 200);
	assert_int_equal(token_revoke(env.db, env.arena, &fx_system, id, tid, &e), 0);
	assert_int_equal(api_status(clear, "/api/v1/me"), 401);
}

static void test_password_change(void **state)
{
	struct err e = { 0 };
	int64_t id = lb_env_user(&env, "david", "reader", board_a);
	const char *token = new_token(id);
	struct lb_client c;

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "david", LB_PASSWORD), 303);
	assert_int_equal(lb_get(&c, "/units").status, 200);
	assert_int_equal(api_status(token, "/api/v1/me"), 200);
	/* A reset by the administrator (or tillit user passwd) ends sessions and tokens alike. */
	assert_int_equal(user_set_password(env.db, env.arena, &fx_system, id, "ett helt nytt lösenord", 0, NULL, &e),
			 0);
	assert_int_equal(api_status(token, "/api/v1/me"), 401);
	assert_int_equal(lb_get(&c, "/units").status, 303);
	lb_client_release(&c);
}

static void test_deactivated(void **state)
{
	struct err e = { 0 };
	int64_t id = lb_env_user(&env, "erik", "reader", board_a);
	const char *token = new_token(id);
	struct user u;
	struct user_input in;

	assert_int_equal(api_status(token, "/api/v1/me"), 200);
	assert_int_equal(user_get(env.db, env.arena, id, &u, &e), 0);
	in = (struct user_input){ NULL, u.display_name, u.email, u.lang, false };
	assert_int_equal(fx_user_update(env.db, env.arena, &fx_system, id, u.version, &in, NULL, &e), 0);
	assert_int_equal(api_status(token, "/api/v1/me"), 401);
}

static void test_roles_change(void **state)
{
	struct err e = { 0 };
	int64_t id = lb_env_user(&env, "frida", NULL, 0), grant;
	const char *token = new_token(id);
	const char *unit_b = arena_printf(env.arena, "/api/v1/units/%lld", (long long)board_b);

	assert_int_equal(grant_add(env.db, env.arena, &fx_system, id, board_a, "reader", &grant, &e), 0);
	assert_int_equal(api_status(token, asset_url()), 200);
	assert_int_equal(api_status(token, asset_url()), 200);
	assert_int_equal(api_status(token, unit_b), 403);
	/* Removed: refused at once. */
	assert_int_equal(fx_grant_remove(env.db, env.arena, &fx_system, grant, &e), 0);
	assert_int_equal(api_status(token, asset_url()), 403);
	/* Granted: allowed at once. */
	assert_int_equal(grant_add(env.db, env.arena, &fx_system, id, board_b, "reader", NULL, &e), 0);
	assert_int_equal(api_status(token, unit_b), 200);
}

/* A role holds for its unit's subtree as it is now: moving the unit under another board moves the right. */
static void test_unit_moved(void **state)
{
	struct err e = { 0 };
	int64_t id = lb_env_user(&env, "gustav", "reader", unit_x);
	const char *token = new_token(id);
	struct unit u;

	assert_int_equal(api_status(token, asset_url()), 200);
	assert_int_equal(unit_get(env.db, env.arena, unit_x, &u, &e), 0);
	assert_int_equal(
		fx_unit_move(env.db, env.arena, &fx_system, unit_x, u.version, board_b, "omorganisation", NULL, &e), 0);
	/* The grant's unit has a new path; a role read before the move would no longer cover the asset. */
	assert_int_equal(api_status(token, asset_url()), 200);
	assert_int_equal(api_status(token, arena_printf(env.arena, "/api/v1/units/%lld", (long long)unit_x)), 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answered_from_memory),
		cmocka_unit_test(test_sign_out),
		cmocka_unit_test(test_revoke),
		cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_deactivated),
		cmocka_unit_test(test_roles_change),
		cmocka_unit_test(test_unit_moved),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
