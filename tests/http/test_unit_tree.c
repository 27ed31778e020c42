/*
 * test_unit_tree.c - the organisation page of someone who sees more than
 * 1,000 units (a county-wide or national installation): the top of what
 * they see with the count of units below each, one unit opened at a time
 * in place, a subtree of more than 1,000 opened a level at a time, and a
 * unit of someone else's organisation not opened at all. Someone who sees
 * fewer keeps the whole tree as it always was. The API reads the tree the
 * same way (/api/v1/units/top, /api/v1/units/{id}/children).
 *
 * The register, 1,018 units: "Åkerby kommun" (1,008: Socialnämnden with
 * Förvaltning A of 600 units and Förvaltning B of 401, Kulturnämnden with
 * 2), "Ängsby kommun" (6), "Berga kommun" (3) and "Öby kommun" (alone).
 * Swedish order puts Berga, Åkerby, Ängsby, Öby; byte order would not.
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
#include "lb_expect.h"
#include "loopback.h"

static struct lb_env env;
static int64_t akerby, social, kultur, forv_a, forv_b, angsby, bun, ekonomi, berga, oby;
static int64_t b_units[401], bun_units[3], berga_units[2], kultur_units[2];

static int setup(void **state)
{
	(void)state;
	lb_env_init(&env);
	akerby = lb_env_unit(&env, 0, "organisation", "Åkerby kommun");
	angsby = lb_env_unit(&env, 0, "organisation", "Ängsby kommun");
	berga = lb_env_unit(&env, 0, "organisation", "Berga kommun");
	oby = lb_env_unit(&env, 0, "organisation", "Öby kommun");
	social = lb_env_unit(&env, akerby, "board", "Socialnämnden");
	kultur = lb_env_unit(&env, akerby, "board", "Kulturnämnden");
	forv_a = lb_env_unit(&env, social, "administration", "Förvaltning A");
	forv_b = lb_env_unit(&env, social, "administration", "Förvaltning B");
	for (int i = 0; i < 600; i++)
		lb_env_unit(&env, forv_a, "unit", arena_printf(env.arena, "Enhet A %03d", i));
	for (int i = 0; i < 401; i++)
		b_units[i] = lb_env_unit(&env, forv_b, "unit", arena_printf(env.arena, "Enhet B %03d", i));
	kultur_units[1] = lb_env_unit(&env, kultur, "unit", "Museet");
	kultur_units[0] = lb_env_unit(&env, kultur, "unit", "Biblioteket");
	/* Added in another order than the tree's: Å, Ä, Ö after z. */
	bun = lb_env_unit(&env, angsby, "board", "Barn- och utbildningsnämnden");
	ekonomi = lb_env_unit(&env, angsby, "unit", "Ekonomienheten");
	bun_units[2] = lb_env_unit(&env, bun, "unit", "Öppna förskolan");
	bun_units[1] = lb_env_unit(&env, bun, "unit", "Ängens skola");
	bun_units[0] = lb_env_unit(&env, bun, "unit", "Ålidens skola");
	berga_units[0] = lb_env_unit(&env, berga, "unit", "Berga bibliotek");
	berga_units[1] = lb_env_unit(&env, berga, "unit", "Berga skola");
	lb_env_user(&env, "tree-admin", "administrator", 0);
	lb_env_user(&env, "tree-akerby", "reader", akerby);
	lb_env_user(&env, "tree-angsby", "reader", angsby);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	return 0;
}

/* The tree page with unit @id opened. */
static struct lb_resp open_unit(struct lb_client *c, int64_t id)
{
	return lb_get(c, arena_printf(c->arena, "/units?open=%lld", (long long)id));
}

/* The ids of the units the page links to ("/units/ID"), in the order they appear; their number in *n. */
static int64_t *linked_units(const struct lb_resp *r, size_t *n)
{
	int64_t *ids = calloc(r->len / 8 + 1, sizeof(*ids));
	const char *p = r->body;

	*n = 0;
	while ((p = strstr(p, "<a href=\"/units/")) != NULL) {
		char *end;
		long long id;

		p += strlen("<a href=\"/units/");
		id = strtoll(p, &end, 10);
		if (end != p && *end == '"')
			ids[(*n)++] = id;
	}
	return ids;
}

/* The page links to exactly the units @want (@n_want of them), in that order. */
static void assert_units(const struct lb_resp *r, const int64_t *want, size_t n_want)
{
	size_t n;
	int64_t *got = linked_units(r, &n);

	for (size_t i = 0; i < n && i < n_want; i++)
		if (got[i] != want[i])
			fail_msg("unit %zu: %lld where %lld was expected", i, (long long)got[i], (long long)want[i]);
	assert_int_equal(n, n_want);
	free(got);
}

/* The count and the opening link of unit @id, as the page draws them. */
static const char *toggle(struct lb_client *c, int64_t id, int64_t below, const char *name)
{
	return arena_printf(
		c->arena,
		"<span class=\"below\">Underliggande enheter: %lld</span> <a href=\"/units?open=%lld#unit-%lld\""
		" aria-expanded=\"false\">Visa enheterna under<span class=\"sr-only\"> %s</span></a>",
		(long long)below, (long long)id, (long long)id, name);
}

static void test_admin_sees_organisations_with_counts(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	(void)state;
	lb_signed_in(&c, &env, "tree-admin");
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 200);
	/* The organisations in Swedish order, each with how many units are below it; none of their units. */
	assert_units(&r, (int64_t[]){ berga, akerby, angsby, oby }, 4);
	assert_true(lb_has(&r, toggle(&c, akerby, 1007, "Åkerby kommun")));
	assert_true(lb_has(&r, toggle(&c, angsby, 5, "Ängsby kommun")));
	assert_true(lb_has(&r, toggle(&c, berga, 2, "Berga kommun")));
	assert_false(lb_has(&r, arena_printf(c.arena, "open=%lld", (long long)oby))); /* nothing below to open */
	assert_false(lb_has(&r, "Enhet A"));
	assert_false(lb_has(&r, "aria-expanded=\"true\""));
	assert_false(lb_has(&r, "Bara de 1000 första")); /* nothing left out */
	assert_true(r.len < 20000);
	/* The search finds any unit, as before. */
	r = lb_get(&c, "/units?q=Enhet+B+400");
	assert_int_equal(r.status, 200);
	assert_units(&r, (int64_t[]){ b_units[400] }, 1);
	lb_client_release(&c);
}

static void test_open_shows_its_units_in_tree_order(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	(void)state;
	lb_signed_in(&c, &env, "tree-admin");
	r = open_unit(&c, angsby);
	assert_int_equal(r.status, 200);
	assert_units(&r,
		     (int64_t[]){ berga, akerby, angsby, bun, bun_units[0], bun_units[1], bun_units[2], ekonomi, oby },
		     9);
	/* Open: the link closes it again, and says so. */
	assert_true(lb_has(&r, arena_printf(c.arena,
					    "<a href=\"/units#unit-%lld\" aria-expanded=\"true\">Dölj enheterna under"
					    "<span class=\"sr-only\"> Ängsby kommun</span></a>",
					    (long long)angsby)));
	/* A unit below an organisation opens the organisation down to it. */
	r = open_unit(&c, berga_units[1]);
	assert_int_equal(r.status, 200);
	assert_units(&r, (int64_t[]){ berga, berga_units[0], berga_units[1], akerby, angsby, oby }, 6);
	lb_client_release(&c);
}

static void test_large_subtree_opens_a_level_at_a_time(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t want[4 + 2 + 2 + 401 + 2];
	size_t n = 0;

	(void)state;
	lb_signed_in(&c, &env, "tree-admin");
	/* Åkerby holds 1,007 units: its boards, each with its count. */
	r = open_unit(&c, akerby);
	assert_int_equal(r.status, 200);
	assert_units(&r, (int64_t[]){ berga, akerby, kultur, social, angsby, oby }, 6);
	assert_true(lb_has(&r, toggle(&c, social, 1003, "Socialnämnden")));
	assert_true(lb_has(&r, toggle(&c, kultur, 2, "Kulturnämnden")));
	/* Socialnämnden holds 1,003: its administrations. */
	r = open_unit(&c, social);
	assert_units(&r, (int64_t[]){ berga, akerby, kultur, social, forv_a, forv_b, angsby, oby }, 8);
	assert_true(lb_has(&r, toggle(&c, forv_a, 600, "Förvaltning A")));
	/* Förvaltning B holds 401: drawn whole, in order; its link goes back to Socialnämnden open. */
	r = open_unit(&c, forv_b);
	assert_int_equal(r.status, 200);
	want[n++] = berga;
	want[n++] = akerby;
	want[n++] = kultur;
	want[n++] = social;
	want[n++] = forv_a;
	want[n++] = forv_b;
	for (int i = 0; i < 401; i++)
		want[n++] = b_units[i];
	want[n++] = angsby;
	want[n++] = oby;
	assert_units(&r, want, n);
	assert_true(lb_has(&r, arena_printf(c.arena, "<a href=\"/units?open=%lld#unit-%lld\" aria-expanded=\"true\">",
					    (long long)social, (long long)forv_b)));
	assert_false(lb_has(&r, "Enhet A"));
	lb_client_release(&c);
}

static void test_reader_sees_only_their_organisation(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	(void)state;
	/* A reader of Åkerby sees 1,008 units: theirs alone, from its top. */
	lb_signed_in(&c, &env, "tree-akerby");
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 200);
	assert_units(&r, (int64_t[]){ akerby }, 1);
	assert_true(lb_has(&r, toggle(&c, akerby, 1007, "Åkerby kommun")));
	r = open_unit(&c, kultur);
	assert_int_equal(r.status, 200);
	assert_units(&r, (int64_t[]){ akerby, kultur, kultur_units[0], kultur_units[1], social }, 5);
	assert_int_equal(open_unit(&c, angsby).status, 403);
	assert_int_equal(open_unit(&c, bun).status, 403);
	/* A unit that is not there, or not a unit's number, is refused on the field that names it. */
	r = lb_get(&c, "/units?open=999999");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "Enheten finns inte."));
	assert_int_equal(lb_get(&c, "/units?open=x").status, 400);
	assert_int_equal(lb_get(&c, "/units?open=-3").status, 400);
	lb_client_release(&c);
	/* A reader of Ängsby sees 5: the whole tree as before, and not Åkerby's. */
	lb_signed_in(&c, &env, "tree-angsby");
	assert_int_equal(open_unit(&c, akerby).status, 403);
	assert_int_equal(open_unit(&c, social).status, 403);
	lb_client_release(&c);
}

static void test_below_a_thousand_unchanged(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *tree;

	(void)state;
	lb_signed_in(&c, &env, "tree-angsby");
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 200);
	tree = arena_printf(
		c.arena,
		"<div class=\"tree\"><ul><li><a href=\"/units/%lld\">Ängsby kommun</a> <span class=\"kind\">Organisation"
		"</span><ul><li><a href=\"/units/%lld\">Barn- och utbildningsnämnden</a> <span class=\"kind\">Nämnd / "
		"styrelse</span><ul><li><a href=\"/units/%lld\">Ålidens skola</a> <span class=\"kind\">Verksamhet / enhet"
		"</span></li><li><a href=\"/units/%lld\">Ängens skola</a> <span class=\"kind\">Verksamhet / enhet</span>"
		"</li><li><a href=\"/units/%lld\">Öppna förskolan</a> <span class=\"kind\">Verksamhet / enhet</span></li>"
		"</ul></li><li><a href=\"/units/%lld\">Ekonomienheten</a> <span class=\"kind\">Verksamhet / enhet</span>"
		"</li></ul></li></ul></div>",
		(long long)angsby, (long long)bun, (long long)bun_units[0], (long long)bun_units[1],
		(long long)bun_units[2], (long long)ekonomi);
	if (!lb_has(&r, tree))
		fail_msg("the tree is not drawn as before:\n%s", r.body);
	assert_false(lb_has(&r, "aria-expanded"));
	/* Opening a unit of theirs changes nothing: the whole tree is there. */
	r = open_unit(&c, bun);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, tree));
	lb_client_release(&c);
}

static json_t *json_of(const struct lb_resp *r)
{
	json_t *j = json_loadb(r->body, r->len, 0, NULL);
	assert_non_null(j);
	return j;
}

static int64_t member(json_t *j, size_t i, const char *name)
{
	return json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), i), name));
}

static void test_api_reads_the_tree_a_level_at_a_time(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;

	(void)state;
	lb_signed_in(&c, &env, "tree-admin");
	c.accept = "application/json";
	r = lb_get(&c, "/api/v1/units/top");
	assert_int_equal(r.status, 200);
	j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 4);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 4);
	for (size_t i = 0; i < 4; i++) {
		int64_t id = member(j, i, "id"), below = member(j, i, "units_below");
		assert_int_equal(below, id == akerby ? 1007 : id == angsby ? 5 : id == berga ? 2 : 0);
	}
	json_decref(j);
	/* Children a page at a time. */
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/units/%lld/children?limit=1", (long long)akerby));
	assert_int_equal(r.status, 200);
	j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_int_equal(member(j, 0, "id"), kultur);
	assert_int_equal(member(j, 0, "units_below"), 2);
	json_decref(j);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/units/%lld/children?limit=1&offset=1", (long long)akerby));
	j = json_of(&r);
	assert_int_equal(member(j, 0, "id"), social);
	assert_int_equal(member(j, 0, "units_below"), 1003);
	json_decref(j);
	lb_client_release(&c);
	/* A reader: their organisation's top alone, and not another's children. */
	lb_signed_in(&c, &env, "tree-angsby");
	c.accept = "application/json";
	r = lb_get(&c, "/api/v1/units/top");
	j = json_of(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_int_equal(member(j, 0, "id"), angsby);
	assert_int_equal(member(j, 0, "units_below"), 5);
	json_decref(j);
	assert_int_equal(lb_get(&c, arena_printf(c.arena, "/api/v1/units/%lld/children", (long long)akerby)).status,
			 403);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_sees_organisations_with_counts),
		cmocka_unit_test(test_open_shows_its_units_in_tree_order),
		cmocka_unit_test(test_large_subtree_opens_a_level_at_a_time),
		cmocka_unit_test(test_reader_sees_only_their_organisation),
		cmocka_unit_test(test_below_a_thousand_unchanged),
		cmocka_unit_test(test_api_reads_the_tree_a_level_at_a_time),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
