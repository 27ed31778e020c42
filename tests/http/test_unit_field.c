/*
 * test_unit_field.c - a unit chosen by typing its name, where someone sees
 * more units than a select holds (an installation of many organisations):
 * the list's filter and a record's form become a text field offering
 * suggestions from /api/v1/units/choices, what is typed is taken as the
 * one unit it names, and a name that fits none or several is refused with
 * a message that says which, nothing saved. Someone who sees few units
 * keeps the select.
 *
 * The register: "Kommun A" and "Kommun B", each with a board named
 * "Socialnämnden" holding one system, and "Kommun C" with 1,001 units.
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
#include "domain/unit.h"
#include "fixtures.h"
#include "lb_expect.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org_a, org_b, social_a, social_b, coord;

static int64_t mk_system(int64_t unit, const char *name)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	in.unit_id = unit;
	in.kind = "system";
	in.name = name;
	if (asset_create(env.db, env.arena, &fx_system, &in, &id, &e))
		fail_msg("asset_create(%s): %s", name, e.msgid ? e.msgid : "");
	return id;
}

static int setup(void **state)
{
	int64_t org_c, last = 0;
	char last_text[24] = "", text[24];

	lb_env_init(&env);
	org_a = lb_env_unit(&env, 0, "organisation", "Kommun A");
	org_b = lb_env_unit(&env, 0, "organisation", "Kommun B");
	social_a = lb_env_unit(&env, org_a, "board", "Socialnämnden");
	social_b = lb_env_unit(&env, org_b, "board", "Socialnämnden");
	org_c = lb_env_unit(&env, 0, "organisation", "Kommun C");

	for (int i = 0; i < 1000; i++) {
		int64_t id = lb_env_unit(&env, org_c, "unit", arena_printf(env.arena, "Enhet %d", i));
		/* The one whose path sorts last ("/5/999/" after "/5/1000/"). */
		snprintf(text, sizeof(text), "%lld", (long long)id);
		if (strcmp(text, last_text) > 0) {
			last = id;
			snprintf(last_text, sizeof(last_text), "%s", text);
		}
	}
	/* Named by a part of 1,000 other names, and below the last of them in the tree's order. */
	lb_env_unit(&env, last, "unit", "Enhet");
	mk_system(social_a, "Verksamhetssystem A");
	mk_system(social_b, "Verksamhetssystem B");
	lb_env_user(&env, "uf-admin", "administrator", 0);
	coord = lb_env_user(&env, "uf-coord", "coordinator", org_a);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	return 0;
}

static void test_list_filter_typed(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	(void)state;
	lb_signed_in(&c, &env, "uf-admin");
	r = lb_get(&c, "/assets");
	assert_int_equal(r.status, 200);
	/* A text field with suggestions as one types, not a select of the first thousand units. */
	LB_HAS(&r, "name=\"unit_id\"");
	LB_HAS(&r, "list=\"dl-unit_id\"");
	LB_HAS(&r, "data-typeahead=\"/api/v1/units/choices?q=\"");
	LB_HAS(&r, "<datalist id=\"dl-unit_id\"></datalist>");
	LB_HAS_NOT(&r, "<select id=\"f-unit_id\"");
	LB_HAS_NOT(&r, "Enhet 999");

	/* The name and its organisation: that board's system alone, the field keeping the name. */
	r = lb_get(&c, "/assets?unit_id=Socialn%C3%A4mnden%20(Kommun%20A)");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Verksamhetssystem A");
	LB_HAS_NOT(&r, "Verksamhetssystem B");
	LB_HAS(&r, "value=\"Socialnämnden (Kommun A)\"");
	/* Without regard to case. */
	r = lb_get(&c, "/assets?unit_id=SOCIALN%C3%84MNDEN%20(kommun%20b)");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Verksamhetssystem B");
	LB_HAS_NOT(&r, "Verksamhetssystem A");
	/* An organisation by its name alone; an id as before. */
	r = lb_get(&c, "/assets?unit_id=Kommun%20A");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Verksamhetssystem A");
	LB_HAS_NOT(&r, "Verksamhetssystem B");
	r = lb_get(&c, arena_printf(c.arena, "/assets?unit_id=%lld", (long long)social_b));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Verksamhetssystem B");
	LB_HAS(&r, "value=\"Socialnämnden (Kommun B)\"");

	/* A name that is a part of a thousand others. */
	r = lb_get(&c, "/assets?unit_id=enhet%20(Kommun%20C)");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "value=\"Enhet (Kommun C)\"");

	/* A name two units share: refused, saying so (as the list refuses any filter it cannot read); none listed. */
	r = lb_get(&c, "/assets?unit_id=Socialn%C3%A4mnden");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Flera enheter som du ser heter ”Socialnämnden”");
	LB_HAS_NOT(&r, "Verksamhetssystem");
	/* A name no unit has. */
	r = lb_get(&c, "/assets?unit_id=Finns%20inte");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen enhet som du ser heter ”Finns inte”");
	/* So do the other lists (the register of processing activities). */
	r = lb_get(&c, "/gdpr?unit_id=Finns%20inte");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen enhet som du ser heter ”Finns inte”");
	lb_client_release(&c);

	/* Someone who sees one organisation keeps the select, and cannot name a unit outside it. */
	lb_signed_in(&c, &env, "uf-coord");
	r = lb_get(&c, "/assets");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "<select id=\"f-unit_id\"");
	r = lb_get(&c, "/assets?unit_id=Socialn%C3%A4mnden%20(Kommun%20B)");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen enhet som du ser heter ”Socialnämnden (Kommun B)”");
	lb_client_release(&c);
}

static void test_form_typed(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct asset_filter f;
	struct asset *list;
	size_t n;
	int64_t before, after;
	struct err e = { 0 };

	(void)state;
	lb_signed_in(&c, &env, "uf-admin");
	r = lb_get(&c, "/assets/new");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-unit_id\"");
	LB_HAS_NOT(&r, "<select id=\"f-unit_id\"");

	asset_filter_init(&f);
	assert_int_equal(asset_list(env.db, env.arena, &f, &list, &n, &before, &e), 0);
	/* A shared name: refused with the message, the typed text kept, nothing saved. */
	const char *twice[] = { "unit_id", "Socialnämnden", "kind", "system", "name", "Nytt system", NULL };
	r = lb_post(&c, "/assets", twice);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Flera enheter som du ser heter ”Socialnämnden”");
	LB_HAS(&r, "value=\"Socialnämnden\"");
	assert_int_equal(asset_list(env.db, env.arena, &f, &list, &n, &after, &e), 0);
	assert_int_equal(after, before);

	/* Where leaving the unit out means something, the field says what. */
	r = lb_get(&c, arena_printf(c.arena, "/users/%lld", (long long)coord));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Tomt betyder det: Hela installationen.");

	/* The label the suggestions give: saved in that unit. */
	const char *named[] = { "unit_id", "Socialnämnden (Kommun B)", "kind", "system", "name", "Nytt system", NULL };
	r = lb_post(&c, "/assets", named);
	assert_int_equal(r.status, 303);
	f.unit_id = social_b;
	assert_int_equal(asset_list(env.db, env.arena, &f, &list, &n, &after, &e), 0);
	assert_int_equal(after, 2);
	assert_true(!strcmp(list[0].name, "Nytt system") || !strcmp(list[1].name, "Nytt system"));
	lb_client_release(&c);
}

static void test_choices_api(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_error_t je;
	json_t *j, *items;

	(void)state;
	lb_signed_in(&c, &env, "uf-admin");
	r = lb_json(&c, "GET", "/api/v1/units/choices?q=social", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_non_null(j);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "label")),
			    "Socialnämnden (Kommun A)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "label")),
			    "Socialnämnden (Kommun B)");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), social_a);
	json_decref(j);
	/* Twenty at most unless asked; an organisation's label is its name. */
	r = lb_json(&c, "GET", "/api/v1/units/choices?q=enhet", NULL, NULL);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 20);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1001);
	json_decref(j);
	r = lb_json(&c, "GET", "/api/v1/units/choices?q=kommun%20a", NULL, NULL);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "label")),
			    "Kommun A");
	json_decref(j);
	/* Nothing asked, nothing offered. */
	r = lb_json(&c, "GET", "/api/v1/units/choices", NULL, NULL);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	lb_client_release(&c);

	/* Only the units the caller sees. */
	lb_signed_in(&c, &env, "uf-coord");
	r = lb_json(&c, "GET", "/api/v1/units/choices?q=social", NULL, NULL);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_filter_typed),
		cmocka_unit_test(test_form_typed),
		cmocka_unit_test(test_choices_api),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
