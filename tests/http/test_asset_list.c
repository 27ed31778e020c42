/*
 * test_asset_list.c - the asset register at the size of a city, as people
 * and programs see it: a register of more than 10 000 assets says "more
 * than 10 000" on the page and total_exact false in the API instead of
 * counting them all; paging shows every asset exactly once (pages reach
 * 10 000 assets in, and beyond that are empty); a search finds
 * "Åtgärdssystem" by "åtgärd" and by a part of a word; a search beyond its
 * limit is refused naming the field; and what a list page
 * or an asset page costs in queries and bytes does not grow with the
 * register.
 *
 * The fixture: organisation A with board B and unit U; a coordinator on B;
 * an administrator; the register: 10 020 generated assets in U and a few
 * named ones.
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
#include "domain/asset.h"
#include "domain/auth.h"
#include "fixtures.h"
#include "loopback.h"

#define BULK 10020

/* Test set-up only: many assets at once, with their folded columns as the application writes them. */
static DB_QUERY(Q_T_BULK,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST($2 AS BIGINT))"
		" INSERT INTO assets (unit_id, kind, name, description, supplier, hosting, lifecycle, version,"
		" created_at, updated_at, name_folded, search_folded)"
		" SELECT $1, 'system', 'Massa ' || i, '', '', '', 'in_use', 1, '2026-01-01T00:00:00Z',"
		" '2026-01-01T00:00:00Z', 'massa ' || i, 'massa ' || i FROM n");

static struct lb_env env;
static int64_t org, board, unit, atgard;
static const char *t_admin;

static int64_t mk(int64_t in_unit, const char *kind, const char *name, const char *description)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = in_unit;
	in.kind = kind;
	in.name = name;
	in.description = description;
	if (asset_create(env.db, env.arena, &fx_system, &in, &id, &e))
		fail_msg("asset_create %s: %s %s", name, e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct err e = { 0 };
	const char *clear = NULL;
	int64_t admin;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit = lb_env_unit(&env, board, "administration", "Socialförvaltningen");
	admin = lb_env_user(&env, "admin", "administrator", 0);
	lb_env_user(&env, "samordnare", "coordinator", board);
	atgard = mk(unit, "system", "Åtgärdssystem", "Uppföljning av åtgärder");
	mk(board, "information_set", "Ärenden", "Ärendeakter");
	mk(board, "process", "Tillsyn", "Inget om åtgärder här heller, men ÅTGÄRD i versaler");
	if (db_run(env.db, env.arena, &Q_T_BULK, DB_ARGS(DB_INT(unit), DB_INT(BULK)), NULL, &e))
		fail_msg("bulk: %s", e.detail);
	if (token_create(env.db, env.arena, &fx_system, admin, "test", &clear, NULL, &e))
		fail_msg("token_create: %s", e.msgid);
	t_admin = clear;
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
	c->lang[0] = 0;
}

static void api_client(struct lb_client *c)
{
	lb_client_init(c, &env);
	c->bearer = t_admin;
	c->accept = "application/json";
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static void assert_error(const struct lb_resp *r, const char *field)
{
	json_t *j;
	if (r->status != 400)
		fail_msg("status %d, expected 400: %.300s", r->status, r->body);
	j = parse(r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")), field);
	json_decref(j);
}

/* A register of more than 10 000 says so rather than counting it all; fewer are counted exactly. */
static void test_more_than_the_bound(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;

	login(&c, "admin");
	r = lb_get(&c, "/assets");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Informationstillgångar (fler än 10\u00a0000)"));
	assert_true(lb_has(&r, "1–50 / fler än 10\u00a0000"));
	assert_true(lb_has(&r, "rel=\"next\" href=\"/assets?offset=50&amp;limit=50\""));
	/* The last page offered has no "Next"; one further is empty, with "Previous" back to the last. */
	r = lb_get(&c, "/assets?offset=9950");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "9951–10000 / fler än 10\u00a0000"));
	assert_false(lb_has(&r, "rel=\"next\""));
	r = lb_get(&c, "/assets?offset=10001");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "0–0 / fler än 10\u00a0000"));
	assert_true(lb_has(&r, "rel=\"prev\" href=\"/assets?offset=9950&amp;limit=50\""));
	r = lb_get(&c, "/assets?offset=9223372036854775807");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "-922337"));
	/* A filter that matches fewer: the exact number. */
	r = lb_get(&c, "/assets?kind=process");
	assert_true(lb_has(&r, "Informationstillgångar (1)"));
	lb_client_release(&c);

	api_client(&c);
	r = lb_get(&c, "/api/v1/assets?limit=1");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 10000);
	assert_true(json_is_false(json_object_get(j, "total_exact")));
	json_decref(j);
	r = lb_get(&c, "/api/v1/assets?q=massa%2010");
	j = parse(&r);
	/* massa 10, 100..109, 1000..1099, 10000..10020 */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1 + 10 + 100 + 21);
	assert_true(json_is_true(json_object_get(j, "total_exact")));
	json_decref(j);
	r = lb_get(&c, "/api/v1/assets?offset=10001");
	j = parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_true(json_is_false(json_object_get(j, "total_exact")));
	json_decref(j);
	lb_client_release(&c);
}

/* Pages of 500 through the API show every asset exactly once, in name order. */
static void test_paging_shows_every_asset_once(void **state)
{
	struct lb_client c;
	static unsigned char seen[BULK + 64];
	int64_t n_seen = 0;
	const char *prev = "";

	api_client(&c);
	memset(seen, 0, sizeof(seen));
	for (int offset = 0; offset <= 10000; offset += 500) {
		struct lb_resp r = lb_get(&c, arena_printf(c.arena, "/api/v1/assets?limit=500&offset=%d", offset));
		json_t *j = parse(&r), *items = json_object_get(j, "items"), *it;
		size_t i;
		assert_int_equal(r.status, 200);
		json_array_foreach(items, i, it)
		{
			int64_t id = json_integer_value(json_object_get(it, "id"));
			const char *name = json_string_value(json_object_get(it, "name"));
			assert_true(id > 0 && id < (int64_t)sizeof(seen));
			if (seen[id])
				fail_msg("asset %lld shown twice", (long long)id);
			seen[id] = 1;
			n_seen++;
			/* Each name sorts after the one before, ignoring case. */
			if (strcmp(str_fold(c.arena, prev), str_fold(c.arena, name)) > 0)
				fail_msg("%s listed after %s", name, prev);
			prev = arena_strdup(c.arena, name);
		}
		json_decref(j);
	}
	assert_int_equal(n_seen, BULK + 3);
	lb_client_release(&c);
}

/* A search ignores case (Å, Ä, Ö too) and finds a part of a word, in name, description or supplier. */
static void test_search(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;

	login(&c, "samordnare");
	r = lb_get(&c, "/assets?q=%C3%A5tg%C3%A4rd"); /* åtgärd */
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Åtgärdssystem"));
	assert_true(lb_has(&r, "Tillsyn")); /* "ÅTGÄRD" in its description */
	assert_false(lb_has(&r, "Ärenden"));
	r = lb_get(&c, "/assets?q=G%C3%84RDSSYS"); /* GÄRDSSYS, inside a word */
	assert_true(lb_has(&r, "Åtgärdssystem"));
	assert_true(lb_has(&r, "Informationstillgångar (1)"));
	r = lb_get(&c, "/assets?q=%C3%A4rendeakt"); /* ärendeakt: the description */
	assert_true(lb_has(&r, "Ärenden"));
	lb_client_release(&c);

	api_client(&c);
	r = lb_get(&c, "/api/v1/assets?q=%C3%85TG%C3%84RD&sort=name");
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "Tillsyn");
	json_decref(j);
	lb_client_release(&c);
}

/*
 * The list sorts by a click on a heading: a link (no script) that keeps the
 * filters, starts again at the first page and turns the order round on a
 * second click; the sorted heading says so with aria-sort.
 */
static void test_sort_by_heading(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, "samordnare");
	r = lb_get(&c, "/assets?q=%C3%A5tg%C3%A4rd&sort=kind&order=desc&offset=0&limit=20");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<th scope=\"col\" aria-sort=\"descending\"><a class=\"sort\" "
			       "href=\"/assets?q=%C3%A5tg%C3%A4rd&amp;sort=kind&amp;order=asc&amp;limit=20\">Typ"));
	assert_true(lb_has(&r, "<th scope=\"col\"><a class=\"sort\" "
			       "href=\"/assets?q=%C3%A5tg%C3%A4rd&amp;sort=name&amp;limit=20\">Namn</a></th>"));
	assert_true(lb_has(&r, "<th scope=\"col\">Systemägare / informationsägare</th>")); /* no sort of the list */
	assert_false(lb_has(&r, "offset=0&amp;sort"));
	/* Without a sort the list is in name order, and says so. */
	r = lb_get(&c, "/assets");
	assert_true(lb_has(&r, "<th scope=\"col\" aria-sort=\"ascending\"><a class=\"sort\" "
			       "href=\"/assets?sort=name&amp;order=desc\">Namn"));
	lb_client_release(&c);
}

/* The filters beyond search and unit fold under "Fler filter", open when one of them is in use. */
static void test_more_filters_fold(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *folded, *kind, *search;

	login(&c, "samordnare");
	r = lb_get(&c, "/assets?q=system");
	assert_int_equal(r.status, 200);
	folded = strstr(r.body, "<details class=\"more\"><summary>Fler filter</summary>");
	search = strstr(r.body, "name=\"q\"");
	kind = strstr(r.body, "name=\"kind\"");
	assert_non_null(folded); /* closed: only the search is in use */
	assert_non_null(search);
	assert_non_null(kind);
	assert_true(search < folded && folded < kind);
	assert_non_null(strstr(r.body, "name=\"unit_id\""));
	assert_true(strstr(r.body, "name=\"unit_id\"") < folded);
	/* A filter in use shows its field without a click. */
	r = lb_get(&c, "/assets?kind=system");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<details class=\"more\" open><summary>Fler filter</summary>"));
	lb_client_release(&c);
}

/* A search of more than 400 characters is refused naming q, on the page and in the API; 400 are fine. */
static void test_search_length(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char q400[401 * 2 + 1], q401[402 * 2 + 1];

	/* "ö" is two bytes and one character: the limit counts characters. */
	for (int i = 0; i < 400; i++)
		memcpy(q400 + 2 * i, "\xc3\xb6", 2);
	q400[800] = 0;
	snprintf(q401, sizeof(q401), "%sx", q400);
	login(&c, "admin");
	r = lb_get(&c, arena_printf(c.arena, "/assets?q=%s", q400));
	assert_int_equal(r.status, 200);
	r = lb_get(&c, arena_printf(c.arena, "/assets?q=%s", q401));
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "En sökning får vara högst 400 tecken lång."));
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld?link_q=%s", (long long)atgard, q401));
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "En sökning får vara högst 400 tecken lång."));
	lb_client_release(&c);
	api_client(&c);
	assert_int_equal(lb_get(&c, arena_printf(c.arena, "/api/v1/assets?q=%s", q400)).status, 200);
	r = lb_get(&c, arena_printf(c.arena, "/api/v1/assets?q=%s", q401));
	assert_error(&r, "q");
	r = lb_get(&c, arena_printf(c.arena, "/assets/export.json?q=%s", q401));
	assert_error(&r, "q");
	lb_client_release(&c);
}

/*
 * What a page costs does not grow with the register: the list runs a
 * bounded number of queries, whatever the filter, and an asset's page
 * lists its dependencies, not the register (a few kilobytes).
 */
static void test_cost_does_not_grow(void **state)
{
	const char *lists[] = {
		"/assets",
		"/assets?q=massa",
		"/assets?q=ma",
		"/assets?sort=unit&order=desc",
		"/assets?kind=process&sort=review",
		NULL,
		"/assets?offset=9950",
	};
	struct lb_client c;
	struct lb_resp r;

	login(&c, "samordnare");
	lists[5] = arena_printf(c.arena, "/assets?unit_id=%lld&business_critical=false&sort=updated", (long long)unit);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		r = lb_get(&c, lists[i]);
		assert_int_equal(r.status, 200);
		print_message("# queries of GET %s: %lld\n", lists[i], (long long)r.n_queries);
		/* session, the viewer's units, the count, the page, the unit filter's choices (and its subtree), and
		 * before them how many units the viewer sees (kept between writes: the data version, and the count
		 * after a write) */
		assert_true(r.n_queries <= 9);
	}
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld", (long long)atgard));
	assert_int_equal(r.status, 200);
	print_message("# queries and bytes of an asset's page: %lld, %zu\n", (long long)r.n_queries, r.len);
	assert_true(r.n_queries <= 8); /* with its risks' section */
	assert_true(r.len < 16 * 1024);
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld?link_q=massa", (long long)atgard));
	assert_true(r.len < 24 * 1024);
	assert_true(lb_has(&r, "Massa 1 ("));
	lb_client_release(&c);
	api_client(&c);
	r = lb_get(&c, "/api/v1/assets?limit=50&sort=review&order=desc");
	assert_int_equal(r.status, 200);
	print_message("# queries of GET /api/v1/assets: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 5);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_more_than_the_bound),
		cmocka_unit_test(test_paging_shows_every_asset_once),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_length),
		cmocka_unit_test(test_sort_by_heading),
		cmocka_unit_test(test_more_filters_fold),
		cmocka_unit_test(test_cost_does_not_grow),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
