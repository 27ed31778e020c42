/*
 * test_pickers.c - choosing a person, a unit or an asset at the size of a
 * city, without script and with it.
 *
 * A person field is a select while it holds everyone; with more than
 * PERSON_SELECT_MAX people it is a text field with suggestions (a datalist
 * the server fills with what matches the text after a refused save, and
 * static/app.js from /api/v1/people as one types): "Name (username)", a
 * user name or a name only one person has is resolved, and text that names
 * nobody or several people is refused naming the field, the matches
 * suggested. /api/v1/people answers names and user names only, at most 20,
 * those who can sign a classification when asked. A system's page makes a
 * new information set it holds in one step. The organisation tree and every
 * unit picker list units in Swedish order. An activity's page finds an
 * asset by a search instead of listing the register.
 *
 * The fixture: organisation O (Ekdala kommun) with administrations in an
 * order their ids do not follow (Östra, Ängby, Åby, Bergby); an
 * administrator and a coordinator on O; 205 owners on O, two of them with
 * the same name ("Anna Berg"); a reader; a system in Bergby.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/plan.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

#define OWNERS 205

static struct lb_env env;
static int64_t org, ostra, angby, aby, bergby, sys_id, anna1;

static int64_t person(const char *username, const char *name, const char *role, int64_t unit)
{
	struct user_input in = { username, name, "", "sv", true };
	struct err e = { 0 };
	int64_t id;

	if (user_create(env.db, env.arena, &fx_system, &in, LB_PASSWORD, &id, &e) ||
	    (role && grant_add(env.db, env.arena, &fx_system, id, unit, role, NULL, &e)))
		fail_msg("%s: %s %s", username, e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	ostra = lb_env_unit(&env, org, "administration", "Östra förvaltningen");
	angby = lb_env_unit(&env, org, "administration", "Ängby förvaltning");
	aby = lb_env_unit(&env, org, "administration", "Åby förvaltning");
	bergby = lb_env_unit(&env, org, "administration", "Bergby förvaltning");
	lb_env_user(&env, "admin", "administrator", 0);
	lb_env_user(&env, "samordnare", "coordinator", org);
	lb_env_user(&env, "lasare", "reader", org);
	anna1 = person("anna.berg", "Anna Berg", "owner", org);
	person("anna.berg2", "Anna Berg", "owner", org);
	person("bodil", "Bodil Ek <script>'\"&", "owner", org);
	for (int i = 0; i < OWNERS - 3; i++)
		person(arena_printf(env.arena, "agare%03d", i), arena_printf(env.arena, "Ägare %03d", i), "owner", org);
	in.unit_id = bergby;
	in.kind = "system";
	in.name = "Ekonomisystem Raindance";
	if (asset_create(env.db, env.arena, &fx_system, &in, &sys_id, &e))
		fail_msg("asset_create: %s", e.msgid);
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

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

/* The owner field of a new asset with more than PERSON_SELECT_MAX people who can sign: a text field. */
static void test_person_field_scales(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *unit = arena_printf(env.arena, "%lld", (long long)bergby);
	const char *form[] = { "unit_id",  unit, "kind",      "system", "name", "Lönesystem",
			       "owner_id", NULL, "lifecycle", "in_use", NULL };
	(void)state;

	login(&c, "samordnare");
	r = lb_get(&c, "/assets/new");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<input type=\"text\" autocomplete=\"off\" list=\"dl-owner_id\" "
			       "data-typeahead=\"/api/v1/people?can_sign=true&amp;q=\" id=\"f-owner_id\" "
			       "name=\"owner_id\">"));
	assert_false(lb_has(&r, "<select id=\"f-owner_id\""));
	assert_false(lb_has(&r, "Ägare 150 (agare150)")); /* nobody is listed before something is typed */

	/* "Name (username)", as a suggestion reads: that person. */
	form[7] = "Anna Berg (anna.berg)";
	r = lb_post(&c, "/assets", form);
	assert_int_equal(r.status, 303);
	r = lb_get(&c, r.location);
	assert_true(lb_has(&r, "Anna Berg"));

	/* A name two people have: refused naming the field, both suggested, the text kept. */
	form[5] = "Lönesystem 2";
	form[7] = "anna berg";
	r = lb_post(&c, "/assets", form);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-owner_id\""));
	assert_true(lb_has(&r, "value=\"anna berg\""));
	assert_true(lb_has(&r, "<option value=\"Anna Berg (anna.berg)\"></option>"));
	assert_true(lb_has(&r, "<option value=\"Anna Berg (anna.berg2)\"></option>"));

	/* A user name is enough. */
	form[7] = "AGARE150";
	r = lb_post(&c, "/assets", form);
	assert_int_equal(r.status, 303);
	{
		const char *asset = arena_strndup(c.arena, r.location, strcspn(r.location, "?"));
		r = lb_get(&c, asset);
		assert_true(lb_has(&r, "Ägare 150"));
		/* Editing it shows the owner by name and user name in the field. */
		r = lb_get(&c, arena_printf(c.arena, "%s/edit", asset));
		assert_true(lb_has(&r, "value=\"Ägare 150 (agare150)\""));
	}
	lb_client_release(&c);
}

/* /api/v1/people: a picker's suggestions, names only, bounded, refused without words. */
static void test_people_api(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j, *items;
	(void)state;

	login(&c, "samordnare");
	c.accept = "application/json";
	r = lb_get(&c, "/api/v1/people");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"q\""));
	r = lb_get(&c, "/api/v1/people?q=anna&can_sign=maybe");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"can_sign\""));
	r = lb_get(&c, "/api/v1/people?q=%C3%A4gare&limit=500"); /* ägare: 202 match, at most 20 answered */
	assert_int_equal(r.status, 200);
	j = parse(&r);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 20);
	assert_null(json_object_get(json_array_get(items, 0), "email"));
	json_decref(j);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/people?q=ANNA&can_sign=true&unit_id=%lld", (long long)bergby));
	j = parse(&r);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "label")),
			    "Anna Berg (anna.berg)");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), anna1);
	json_decref(j);
	/* The coordinator, who may be named owner, is among those who can sign; the reader is not. */
	r = lb_get(&c, "/api/v1/people?q=samord&can_sign=true");
	assert_true(lb_has(&r, "\"username\":\"samordnare\""));
	r = lb_get(&c, "/api/v1/people?q=lasare&can_sign=true");
	assert_false(lb_has(&r, "\"username\":\"lasare\""));
	r = lb_get(&c, "/api/v1/people?q=lasare");
	assert_true(lb_has(&r, "\"username\":\"lasare\""));
	lb_client_release(&c);
	/* Someone who chooses no one gets no list of people. */
	login(&c, "lasare");
	c.accept = "application/json";
	assert_int_equal(lb_get(&c, "/api/v1/people?q=anna").status, 403);
	lb_client_release(&c);
}

/* A system's page makes a new information set it holds, in its unit, in one step. */
static void test_information_set_inline(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *path = arena_printf(env.arena, "/assets/%lld/information-sets", (long long)sys_id);
	const char *blank[] = { "name", " ", "description", "Fakturor", NULL };
	const char *ok[] = { "name",     "Leverantörsreskontra",  "description",   "Fakturor",
			     "owner_id", "Anna Berg (anna.berg)", "personal_data", "1",
			     NULL };
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	struct asset set;
	struct err e = { 0 };
	(void)state;

	login(&c, "lasare");
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld", (long long)sys_id));
	assert_false(lb_has(&r, path)); /* a reader makes no assets */
	lb_client_release(&c);

	login(&c, "samordnare");
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld", (long long)sys_id));
	assert_true(lb_has(&r, arena_printf(c.arena, "action=\"%s\"", path)));
	r = lb_post(&c, path, blank);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-name\""));
	assert_true(lb_has(&r, "Fakturor</textarea>"));
	r = lb_post(&c, path, ok);
	assert_int_equal(r.status, 303);
	assert_true(strstr(r.location, "#dependencies") != NULL);
	assert_int_equal(asset_links(env.db, env.arena, sys_id, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_deps, 1);
	assert_string_equal(deps[0].kind, "holds");
	assert_int_equal(asset_get(env.db, env.arena, deps[0].to_id, &set, &e), 0);
	assert_string_equal(set.name, "Leverantörsreskontra");
	assert_string_equal(set.kind, "information_set");
	assert_int_equal(set.unit_id, bergby);
	assert_int_equal(set.owner_id, anna1);
	assert_true(set.personal_data);
	/* The same name again in the unit: refused, and no second link. */
	r = lb_post(&c, path, ok);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-name\""));
	assert_int_equal(asset_links(env.db, env.arena, sys_id, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_deps, 1);
	lb_client_release(&c);
}

/* Units in Swedish order: the tree, and a unit picker (å, ä, ö after z). */
static void test_units_in_swedish_order(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *b, *a1, *a2, *o;
	(void)state;

	login(&c, "admin");
	r = lb_get(&c, "/units");
	b = strstr(r.body, "Bergby förvaltning");
	a1 = strstr(r.body, "Åby förvaltning");
	a2 = strstr(r.body, "Ängby förvaltning");
	o = strstr(r.body, "Östra förvaltningen");
	assert_true(b && a1 && a2 && o);
	if (!(b < a1 && a1 < a2 && a2 < o))
		fail_msg("tree order: %.2000s", strstr(r.body, "<div class=\"tree\">"));
	r = lb_get(&c, "/assets/new");
	b = strstr(r.body, ">– Bergby förvaltning<");
	a1 = strstr(r.body, ">– Åby förvaltning<");
	o = strstr(r.body, ">– Östra förvaltningen<");
	assert_true(b && a1 && o);
	assert_true(b < a1 && a1 < o);
	lb_client_release(&c);
}

/*
 * An activity's page finds the asset it addresses by a search, never by
 * listing the register; the list of activities filters by the responsible
 * person, and its export takes the same filter.
 */
static void test_activity_asset_search(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct plan_input pin = { 0 };
	struct activity_input ain = { 0 };
	struct plan p;
	struct plan_area *areas;
	size_t n_areas;
	struct err e = { 0 };
	int64_t plan_id, act_id;
	const char *area = "Åtgärder";
	(void)state;

	pin.unit_id = org;
	pin.year = 2026;
	if (plan_create(env.db, env.arena, &fx_system, &pin, &area, 1, &plan_id, &e) ||
	    plan_get(env.db, env.arena, plan_id, &p, &e) || plan_areas(env.db, env.arena, &p, &areas, &n_areas, &e))
		fail_msg("plan: %s %s", e.field, e.msgid);
	ain.area_id = areas[0].id;
	ain.title = "Se över behörigheter";
	ain.responsible_id = anna1;
	if (activity_create(env.db, env.arena, &fx_system, &p, &ain, &act_id, &e))
		fail_msg("activity: %s %s", e.field, e.msgid);
	login(&c, "samordnare");
	r = lb_get(&c, arena_printf(c.arena, "/activities/%lld", (long long)act_id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "name=\"asset_q\""));
	assert_false(lb_has(&r, "Ekonomisystem Raindance")); /* not listed before a search */
	r = lb_get(&c, arena_printf(c.arena, "/activities/%lld?asset_q=raindance", (long long)act_id));
	assert_true(lb_has(&r, "Ekonomisystem Raindance (Informationssystem, Bergby förvaltning)"));

	/* The list filters by the responsible person, named in words where people are many. */
	r = lb_get(&c, "/activities?responsible_id=Anna%20Berg%20(anna.berg)");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Se över behörigheter"));
	assert_true(lb_has(&r, "value=\"Anna Berg (anna.berg)\""));
	r = lb_get(&c, "/activities?responsible_id=anna.berg2");
	assert_false(lb_has(&r, "Se över behörigheter"));
	r = lb_get(&c, "/activities?responsible_id=anna%20berg"); /* two people */
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "anna berg"));
	r = lb_get(&c, arena_printf(c.arena, "/activities/export.csv?responsible_id=%lld", (long long)anna1));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Se över behörigheter"));
	r = lb_get(&c, "/activities/export.csv?responsible_id=anna.berg2");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "Se över behörigheter"));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_person_field_scales),    cmocka_unit_test(test_people_api),
		cmocka_unit_test(test_information_set_inline), cmocka_unit_test(test_units_in_swedish_order),
		cmocka_unit_test(test_activity_asset_search),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
