/*
 * test_escaping.c - the poison record: every text field of every kind of
 * record holds <script>'"&, and no page or API answer may contain that
 * string unescaped. Every GET route of the table is visited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "http/router.h"
#include "loopback.h"

#define POISON "<script>'\"&"

static void test_poison_everywhere(void **state)
{
	struct lb_env env;
	struct lb_client c;
	struct actor act = { 0, "test" };
	struct err e = { 0 };
	int64_t org, unit, other, uid, tok;
	const char *clear;

	lb_env_init(&env);
	struct unit_input oi = { 0, "organisation", "Org " POISON, POISON, POISON, POISON };
	assert_int_equal(unit_create(env.db, env.arena, act, &oi, &org, &e), 0);
	struct unit_input ui = { org, "board", "Nämnd " POISON, POISON "2", POISON "3", POISON "4" };
	assert_int_equal(unit_create(env.db, env.arena, act, &ui, &unit, &e), 0);
	other = lb_env_unit(&env, org, "board", "Annan nämnd");
	assert_int_equal(unit_move(env.db, env.arena, act, unit, 1, other, POISON " skäl", NULL, &e), 0);
	struct user_input us = { "poison", "Namn " POISON, POISON "@example.se", "sv", true };
	assert_int_equal(user_create(env.db, env.arena, act, &us, LB_PASSWORD, &uid, &e), 0);
	assert_int_equal(grant_add(env.db, env.arena, act, uid, 0, "administrator", NULL, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, act, uid, "Nyckel " POISON, &clear, &tok, &e), 0);

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "poison", LB_PASSWORD), 303);
	size_t visited = 0;
	for (size_t i = 0; routes[i].method; i++) {
		const struct route *rt = &routes[i];
		const char *pat = rt->pattern, *colon = strchr(pat, ':');
		char path[256];
		int64_t id = 0;
		if (strcmp(rt->method, "GET") || !strcmp(pat, "/static/*") || !strcmp(pat, "/api/v1/openapi.json"))
			continue;
		if (colon) {
			if (strstr(pat, "/units/"))
				id = unit;
			else if (strstr(pat, "/users/"))
				id = uid;
			else if (strstr(pat, "/audit/"))
				id = 3; /* the poison unit's creation */
			else
				fail_msg("no sample id for %s", pat);
			const char *rest = strchr(colon, '/');
			snprintf(path, sizeof(path), "%.*s%lld%s", (int)(colon - pat), pat, (long long)id, rest ? rest : "");
		} else {
			snprintf(path, sizeof(path), "%s", pat);
		}
		struct lb_resp r = lb_get(&c, path);
		if (r.status != 200 && !(r.status == 303 && !strcmp(pat, "/login")))
			fail_msg("GET %s: status %d", path, r.status);
		if (strstr(r.body, POISON))
			fail_msg("GET %s shows the poison string unescaped", path);
		if (strstr(r.content_type, "text/html") && strstr(r.body, "<script>'"))
			fail_msg("GET %s contains a raw <script> from data", path);
		visited++;
	}
	assert_true(visited >= 15);
	/* The search box echoes its query escaped. */
	struct lb_resp r = lb_get(&c, "/units?q=%3Cscript%3E%27%22%26");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, POISON));
	assert_non_null(strstr(r.body, "&lt;script&gt;&#39;&quot;&amp;"));
	lb_client_release(&c);
	lb_env_release(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poison_everywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
