/*
 * test_routes.c - every route of the route table, for every role, in scope
 * and out of scope, and anonymously.
 *
 * The fixture: organisation A with board B and unit U below it, and a
 * second organisation Z with unit ZU. Each role is granted on board B, so U
 * is in scope and ZU is not; one more administrator holds the role for the
 * whole installation. The test keeps its own copy of every route's access
 * rule (expected[] below): a route added or loosened without updating this
 * list fails here. What each access rule allows per role is spelt out
 * again in allowed(), from domain.md, not taken from the product.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "domain/auth.h"
#include "domain/user.h"
#include "http/router.h"
#include "loopback.h"

enum who { W_ANON, W_ADMIN, W_COORD, W_DPO, W_OWNER, W_READER, W_AUDITOR, W_GLOBAL, W_COUNT };
static const char *const who_role[W_COUNT] = { NULL, "administrator", "coordinator", "dpo", "owner",
					       "reader", "auditor", "administrator" };
static const char *const who_name[W_COUNT] = { "anonymous", "admin-b", "coord-b", "dpo-b", "owner-b",
					       "reader-b", "auditor-b", "admin-global" };

/* The access rule each route must have. G = administrator for the whole installation only. */
enum expect { X_PUBLIC, X_LOGIN, X_READ, X_EDIT, X_ADMIN, X_GLOBAL_ADMIN, X_AUDIT };
static const struct {
	const char *method, *pattern;
	enum expect x;
	bool scoped; /* the route's target is a unit (in or out of scope) */
} expected[] = {
	{ "GET", "/healthz", X_PUBLIC, false },
	{ "GET", "/static/*", X_PUBLIC, false },
	{ "GET", "/login", X_PUBLIC, false },
	{ "POST", "/login", X_PUBLIC, false },
	{ "POST", "/language", X_PUBLIC, false },
	{ "GET", "/", X_LOGIN, false },
	{ "POST", "/logout", X_LOGIN, false },
	{ "GET", "/account", X_LOGIN, false },
	{ "POST", "/account/password", X_LOGIN, false },
	{ "POST", "/account/language", X_LOGIN, false },
	{ "POST", "/account/tokens", X_LOGIN, false },
	{ "POST", "/account/tokens/:id/revoke", X_LOGIN, false },
	{ "GET", "/units", X_READ, false },
	{ "GET", "/units/new", X_ADMIN, true },
	{ "POST", "/units", X_ADMIN, true },
	{ "GET", "/units/:id", X_READ, true },
	{ "GET", "/units/:id/edit", X_ADMIN, true },
	{ "POST", "/units/:id/edit", X_ADMIN, true },
	{ "GET", "/units/:id/move", X_ADMIN, true },
	{ "POST", "/units/:id/move", X_ADMIN, true },
	{ "GET", "/users", X_ADMIN, false },
	{ "GET", "/users/new", X_GLOBAL_ADMIN, false },
	{ "POST", "/users", X_GLOBAL_ADMIN, false },
	{ "GET", "/users/:id", X_ADMIN, false },
	{ "POST", "/users/:id/edit", X_GLOBAL_ADMIN, false },
	{ "POST", "/users/:id/password", X_GLOBAL_ADMIN, false },
	{ "POST", "/users/:id/roles", X_ADMIN, true },
	{ "POST", "/roles/:id/delete", X_ADMIN, true },
	{ "GET", "/audit", X_AUDIT, false },
	{ "GET", "/audit/:id", X_AUDIT, false },
	{ "GET", "/api/v1/openapi.json", X_PUBLIC, false },
	{ "GET", "/api/v1/me", X_LOGIN, false },
	{ "GET", "/api/v1/units", X_READ, false },
	{ "POST", "/api/v1/units", X_ADMIN, true },
	{ "GET", "/api/v1/units/:id", X_READ, true },
	{ "PATCH", "/api/v1/units/:id", X_ADMIN, true },
	{ "POST", "/api/v1/units/:id/move", X_ADMIN, true },
	{ "GET", "/api/v1/units/:id/moves", X_READ, true },
	{ "GET", "/api/v1/users", X_ADMIN, false },
	{ "POST", "/api/v1/users", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/users/:id", X_ADMIN, false },
	{ "PATCH", "/api/v1/users/:id", X_GLOBAL_ADMIN, false },
	{ "GET", "/api/v1/users/:id/roles", X_ADMIN, false },
	{ "POST", "/api/v1/users/:id/roles", X_ADMIN, true },
	{ "DELETE", "/api/v1/roles/:id", X_ADMIN, true },
	{ "GET", "/api/v1/audit", X_AUDIT, false },
	{ "GET", "/api/v1/audit/:id", X_AUDIT, false },
	{ "GET", "/api/v1/tokens", X_LOGIN, false },
	{ "POST", "/api/v1/tokens", X_LOGIN, false },
	{ "DELETE", "/api/v1/tokens/:id", X_LOGIN, false },
	{ "POST", "/api/v1/me/password", X_LOGIN, false },
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

/* What domain.md lets each role do, restated independently of authz.c. */
static bool allowed(enum expect x, enum who w, bool in_scope)
{
	bool any_role = w != W_ANON;
	bool scope_ok = in_scope || w == W_GLOBAL;
	switch (x) {
	case X_PUBLIC:
		return true;
	case X_LOGIN:
		return any_role;
	case X_READ:
		return any_role && scope_ok;
	case X_EDIT:
		return (w == W_ADMIN || w == W_COORD || w == W_GLOBAL) && scope_ok;
	case X_ADMIN:
		return (w == W_ADMIN || w == W_GLOBAL) && scope_ok;
	case X_GLOBAL_ADMIN:
		return w == W_GLOBAL;
	case X_AUDIT:
		return (w == W_ADMIN || w == W_AUDITOR || w == W_GLOBAL) && scope_ok;
	}
	return false;
}

struct fixture {
	struct lb_env env;
	int64_t org_a, board_b, unit_u, org_z, unit_zu;
	int64_t users[W_COUNT];
	int64_t victim; /* a user whose grants and tokens the walk may change */
};

static struct fixture fx;

static int setup(void **state)
{
	lb_env_init(&fx.env);
	fx.org_a = lb_env_unit(&fx.env, 0, "organisation", "Kommun A");
	fx.board_b = lb_env_unit(&fx.env, fx.org_a, "board", "Nämnd B");
	fx.unit_u = lb_env_unit(&fx.env, fx.board_b, "unit", "Enhet U");
	fx.org_z = lb_env_unit(&fx.env, 0, "organisation", "Kommun Z");
	fx.unit_zu = lb_env_unit(&fx.env, fx.org_z, "board", "Nämnd ZU");
	for (int w = W_ADMIN; w < W_COUNT; w++)
		fx.users[w] = lb_env_user(&fx.env, who_name[w], who_role[w], w == W_GLOBAL ? 0 : fx.board_b);
	fx.victim = lb_env_user(&fx.env, "victim", NULL, 0);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&fx.env);
	return 0;
}

/* A fresh grant on @unit for the victim, for routes that remove one. */
static int64_t fresh_grant(int64_t unit)
{
	struct actor act = { 0, "test" };
	struct err e = { 0 };
	int64_t id = 0;
	static const char *const roles[] = { "reader", "owner", "dpo", "auditor", "coordinator" };
	for (size_t i = 0; i < 5 && !id; i++) {
		err_clear(&e);
		grant_add(fx.env.db, fx.env.arena, act, fx.victim, unit, roles[i], &id, &e);
	}
	if (!id) {
		/* all five taken: remove them and start again */
		struct role_grant *g;
		size_t n;
		user_grants(fx.env.db, fx.env.arena, fx.victim, &g, &n, &e);
		for (size_t i = 0; i < n; i++)
			grant_remove(fx.env.db, fx.env.arena, act, g[i].id, &e);
		grant_add(fx.env.db, fx.env.arena, act, fx.victim, unit, "reader", &id, &e);
	}
	return id;
}

static int64_t fresh_token(int64_t user)
{
	struct actor act = { 0, "test" };
	struct err e = { 0 };
	const char *clear;
	int64_t id = 0;
	token_create(fx.env.db, fx.env.arena, act, user, "walk", &clear, &id, &e);
	return id;
}

/* The concrete path for a route pattern and the body it needs. */
static const char *sample_path(struct arena *a, const char *pattern, bool in_scope, enum who w)
{
	int64_t unit = in_scope ? fx.unit_u : fx.unit_zu;
	int64_t id = 0;
	char *path;

	if (!strchr(pattern, ':')) {
		if (!strcmp(pattern, "/static/*"))
			return "/static/app.css";
		return pattern;
	}
	if (strstr(pattern, "/units/:id"))
		id = unit;
	else if (strstr(pattern, "/users/:id"))
		id = fx.victim;
	else if (strstr(pattern, "/roles/:id"))
		id = fresh_grant(unit);
	else if (strstr(pattern, "/audit/:id"))
		id = 1;
	else if (strstr(pattern, "/tokens/:id"))
		id = fresh_token(w == W_ANON ? fx.victim : fx.users[w]);
	else
		fail_msg("no sample id for route %s: add one to sample_path()", pattern);
	path = arena_alloc(a, strlen(pattern) + 24);
	{
		const char *colon = strchr(pattern, ':');
		const char *rest = strchr(colon, '/');
		snprintf(path, strlen(pattern) + 24, "%.*s%lld%s", (int)(colon - pattern), pattern, (long long)id,
			 rest ? rest : "");
	}
	return path;
}

static void test_table_matches_expectations(void **state)
{
	size_t n = routes_count();
	assert_int_equal(router_check_table(routes), 0);
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &routes[i];
		bool found = false;
		assert_int_not_equal(rt->access, ACCESS_UNSET);
		for (size_t k = 0; k < N_EXPECTED; k++) {
			if (strcmp(expected[k].method, rt->method) || strcmp(expected[k].pattern, rt->pattern))
				continue;
			found = true;
			enum access want = expected[k].x == X_PUBLIC ? ACCESS_PUBLIC
					 : expected[k].x == X_LOGIN  ? ACCESS_LOGIN
					 : expected[k].x == X_READ   ? ACCESS_READ
					 : expected[k].x == X_EDIT   ? ACCESS_EDIT
					 : expected[k].x == X_AUDIT  ? ACCESS_AUDIT
								     : ACCESS_ADMIN;
			if (rt->access != want)
				fail_msg("%s %s has access %d, expected %d", rt->method, rt->pattern, rt->access, want);
			if (expected[k].x == X_GLOBAL_ADMIN && rt->scope != router_scope_global)
				fail_msg("%s %s must be limited to installation-wide administrators", rt->method,
					 rt->pattern);
		}
		if (!found)
			fail_msg("route %s %s is not in the test's expected[] list", rt->method, rt->pattern);
	}
	assert_int_equal(n, N_EXPECTED);
}

static void walk(enum who w, bool in_scope)
{
	for (size_t k = 0; k < N_EXPECTED; k++) {
		struct lb_client c;
		struct lb_resp r;
		const char *path, *method = expected[k].method;
		bool api = !strncmp(expected[k].pattern, "/api/", 5);
		bool ok = allowed(expected[k].x, w, in_scope || !expected[k].scoped);
		int64_t unit = in_scope ? fx.unit_u : fx.unit_zu;
		char body[160], ids[32];

		if (!in_scope && !expected[k].scoped)
			continue; /* nothing to tell apart */
		lb_client_init(&c, &fx.env);
		if (w != W_ANON)
			assert_int_equal(lb_login(&c, who_name[w], LB_PASSWORD), 303);
		path = sample_path(c.arena, expected[k].pattern, in_scope, w);
		snprintf(ids, sizeof(ids), "%lld", (long long)unit);
		if (api) {
			c.accept = "application/json";
			snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"unit_id\":%lld}", (long long)unit,
				 (long long)unit);
			r = strcmp(method, "GET") ? lb_json(&c, method, path, body, NULL)
						  : lb_request(&c, "GET", path, NULL, NULL, NULL, 0);
		} else if (!strcmp(method, "GET")) {
			r = lb_get(&c, expected[k].scoped && !strchr(expected[k].pattern, ':')
					       ? arena_printf(c.arena, "%s?parent_id=%s", path, ids)
					       : path);
		} else {
			const char *kv[] = { "parent_id", ids, "unit_id", ids, NULL };
			r = lb_post(&c, path, kv);
		}
		if (ok && (r.status == 401 || r.status == 403))
			fail_msg("%s %s as %s (%s scope): refused with %d but should be allowed", method, path,
				 who_name[w], in_scope ? "in" : "out of", r.status);
		if (!ok) {
			int want = w == W_ANON ? (api || strcmp(method, "GET") ? 401 : 303) : 403;
			if (r.status != want)
				fail_msg("%s %s as %s (%s scope): got %d, expected %d", method, path, who_name[w],
					 in_scope ? "in" : "out of", r.status, want);
			if (want == 303 && (!r.location || strncmp(r.location, "/login?next=", 12)))
				fail_msg("%s %s anonymously: redirect to %s, expected the login page", method, path,
					 r.location ? r.location : "(none)");
		}
		lb_client_release(&c);
	}
}

static void test_anonymous(void **state)
{
	walk(W_ANON, true);
}

static void test_roles_in_scope(void **state)
{
	for (int w = W_ADMIN; w < W_COUNT; w++)
		walk((enum who)w, true);
}

static void test_roles_out_of_scope(void **state)
{
	for (int w = W_ADMIN; w < W_COUNT; w++)
		walk((enum who)w, false);
}

/* Every state-changing browser route refuses a request without the CSRF token. */
static void test_csrf_required(void **state)
{
	for (size_t k = 0; k < N_EXPECTED; k++) {
		struct lb_client c;
		struct lb_resp r;
		const char *m = expected[k].method;
		if (!strcmp(m, "GET") || expected[k].x == X_PUBLIC)
			continue;
		lb_client_init(&c, &fx.env);
		assert_int_equal(lb_login(&c, who_name[W_GLOBAL], LB_PASSWORD), 303);
		c.csrf[0] = 0;
		if (!strncmp(expected[k].pattern, "/api/", 5))
			r = lb_json(&c, m, sample_path(c.arena, expected[k].pattern, true, W_GLOBAL), "{}", NULL);
		else
			r = lb_post(&c, sample_path(c.arena, expected[k].pattern, true, W_GLOBAL), NULL);
		if (r.status != 403)
			fail_msg("%s %s without a CSRF token: got %d, expected 403", m, expected[k].pattern, r.status);
		lb_client_release(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_expectations),
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_roles_in_scope),
		cmocka_unit_test(test_roles_out_of_scope),
		cmocka_unit_test(test_csrf_required),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
