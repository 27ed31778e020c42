/*
 * test_role_suggestions.c - roles a provider's groups suggest, as an
 * administrator meets them: the list and the person's page with the two
 * buttons, granting with one click (the role held, the grant audited),
 * dismissing, a decided suggestion refused with 409, an administrator of
 * another unit refused with 403, and the same through /api/v1. Nothing is
 * held before the click.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/oidc.h"
#include "domain/role_suggestion.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

static struct lb_env env;
static int64_t provider, ks, soc;
static const struct auth *const act = &fx_system;

static int setup(void **state)
{
	struct oidc_provider p = { 0 };
	struct err e = { 0 };
	int64_t org;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	{
		struct unit_input in = { org, "board", "Kommunstyrelsen", "KS", "", "" };
		assert_int_equal(unit_create(env.db, env.arena, act, &in, &ks, &e), 0);
	}
	soc = lb_env_unit(&env, org, "board", "Socialnämnden");
	lb_env_user(&env, "admin", "administrator", 0);
	lb_env_user(&env, "admin-soc", "administrator", soc);
	p.slug = "ekdala";
	p.name = "Ekdala kommun";
	p.issuer = "https://idp.ekdala.se";
	p.client_id = "tillit";
	p.claim_groups = "groups";
	assert_int_equal(oidc_provider_add(env.db, env.arena, act, &p, &provider, &e), 0);
	assert_int_equal(group_role_add(env.db, env.arena, act, "ekdala", "ekdala-dataskydd", "dpo", NULL, &e), 0);
	assert_int_equal(group_role_add(env.db, env.arena, act, "ekdala", "ekdala-it", "coordinator", "KS", &e), 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

/* @user signs in through the provider carrying the groups @g: @want suggestions are pending for them. */
static struct role_suggestion *signed_in_with(int64_t user, const char *const *g, size_t n, size_t want)
{
	struct role_suggestion *s;
	size_t got;
	int64_t total;
	struct err e = { 0 };
	assert_int_equal(db_begin(env.db, &e), 0);
	assert_int_equal(db_end(env.db, role_suggestion_note_in_tx(env.db, env.arena, user, provider, g, n, &e), &e),
			 0);
	assert_int_equal(role_suggestion_pending(env.db, env.arena, act, user, 50, 0, &s, &got, &total, &e), 0);
	assert_int_equal(got, want);
	return s;
}

static bool holds(int64_t user, int64_t unit, const char *role)
{
	struct role_grant *g;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(user_grants(env.db, env.arena, user, &g, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (g[i].unit_id == unit && !strcmp(g[i].role, role))
			return true;
	return false;
}

static void test_pages(void **state)
{
	const char *const groups[] = { "ekdala-alla", "ekdala-dataskydd", "ekdala-it" };
	int64_t anna = lb_env_user(&env, "anna", NULL, 0);
	struct role_suggestion *s = signed_in_with(anna, groups, 3, 2);
	struct lb_client c;
	struct lb_resp r;

	assert_false(holds(anna, 0, "dpo"));

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_get(&c, "/role-suggestions");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "ekdala-dataskydd"));
	assert_true(lb_has(&r, arena_printf(c.arena, "action=\"/role-suggestions/%lld/grant\"", (long long)s[0].id)));
	assert_true(lb_has(&r, arena_printf(c.arena, "action=\"/role-suggestions/%lld/dismiss\"", (long long)s[1].id)));
	r = lb_get(&c, arena_printf(c.arena, "/users/%lld", (long long)anna));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "ekdala-it"));
	assert_true(lb_has(&r, "name=\"from\" value=\"user\""));
	/* And on the administrator's start page, under Mina uppgifter, linked to the person's page. */
	r = lb_get(&c, "/");
	assert_true(lb_has(&r, "Väntar på beslut"));
	assert_true(lb_has(&r, arena_printf(c.arena, "href=\"/users/%lld\"", (long long)anna)));

	/* One click from the list: granted, back to the list. */
	r = lb_post(&c, arena_printf(c.arena, "/role-suggestions/%lld/grant", (long long)s[0].id), NULL);
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/role-suggestions?msg=granted");
	assert_true(holds(anna, 0, "dpo"));
	/* From the person's page: dismissed, back there. */
	{
		const char *kv[] = { "from", "user", NULL };
		r = lb_post(&c, arena_printf(c.arena, "/role-suggestions/%lld/dismiss", (long long)s[1].id), kv);
		assert_int_equal(r.status, 303);
		assert_string_equal(r.location, arena_printf(c.arena, "/users/%lld?msg=dismissed", (long long)anna));
	}
	assert_false(holds(anna, ks, "coordinator"));
	r = lb_get(&c, "/role-suggestions?msg=dismissed");
	assert_true(lb_has(&r, "role=\"status\""));
	assert_false(lb_has(&r, "ekdala-it"));
	/* Decided already: 409 and the list with the reason. */
	r = lb_post(&c, arena_printf(c.arena, "/role-suggestions/%lld/grant", (long long)s[1].id), NULL);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "role=\"alert\""));
	assert_false(holds(anna, ks, "coordinator"));
	lb_client_release(&c);
}

static void test_other_units_administrator(void **state)
{
	const char *const groups[] = { "ekdala-it" };
	int64_t bo = lb_env_user(&env, "bo", NULL, 0);
	struct role_suggestion *s = signed_in_with(bo, groups, 1, 1);
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin-soc", LB_PASSWORD), 303);
	r = lb_get(&c, "/role-suggestions");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "ekdala-it"));
	r = lb_post(&c, arena_printf(c.arena, "/role-suggestions/%lld/grant", (long long)s[0].id), NULL);
	assert_int_equal(r.status, 403);
	assert_false(holds(bo, ks, "coordinator"));
	lb_client_release(&c);
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static void test_api(void **state)
{
	const char *const groups[] = { "ekdala-dataskydd", "ekdala-it" };
	int64_t cia = lb_env_user(&env, "cia", NULL, 0);
	struct lb_client c;
	struct lb_resp r;
	json_t *j, *items;
	int64_t first, second;

	signed_in_with(cia, groups, 2, 2);
	lb_client_init(&c, &env);
	c.accept = "application/json";
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/role-suggestions?user_id=%lld", (long long)cia));
	assert_int_equal(r.status, 200);
	j = parse(&r);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "group")), "ekdala-dataskydd");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "state")), "pending");
	assert_true(json_is_null(json_object_get(json_array_get(items, 0), "unit_id")));
	first = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
	second = json_integer_value(json_object_get(json_array_get(items, 1), "id"));
	json_decref(j);

	r = lb_get(&c, "/api/v1/role-suggestions?user_id=anna");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"user_id\""));

	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/role-suggestions/%lld/grant", (long long)first), NULL,
		    NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "granted");
	json_decref(j);
	assert_true(holds(cia, 0, "dpo"));
	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/role-suggestions/%lld/dismiss", (long long)first), NULL,
		    NULL);
	assert_int_equal(r.status, 409);

	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/role-suggestions/%lld/dismiss", (long long)second), NULL,
		    NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"state\":\"dismissed\""));
	assert_false(holds(cia, ks, "coordinator"));
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/role-suggestions/%lld", (long long)second));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"decided_by\":"));
	r = lb_get(&c, "/api/v1/role-suggestions/999999");
	assert_int_equal(r.status, 404);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_other_units_administrator),
		cmocka_unit_test(test_api),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
