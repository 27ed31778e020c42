/*
 * test_export_stream.c - the asset exports are whole: every asset the
 * viewer sees, however many, sent a page at a time.
 *
 * 1,234 assets (more than two pages of ASSET_EXPORT_PAGE) in two boards;
 * the CSV page, the JSON page and the API's export, read through the
 * loopback piece by piece as the server sends them: every asset once, in
 * the order of their ids, the JSON total equal to the items, and a
 * coordinator of one board gets that board's assets only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/asset_io.h"
#include "domain/auth.h"
#include "fixtures.h"
#include "loopback.h"

#define N_ASSETS 1234

static struct lb_env env;
static const char *admin_token;
static int64_t n_in_a;

static int setup(void **state)
{
	struct err e = { 0 };
	int64_t org, board_a, board_b, admin;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board_a = lb_env_unit(&env, org, "board", "Socialnämnden");
	board_b = lb_env_unit(&env, org, "board", "Kulturnämnden");
	admin = lb_env_user(&env, "admin", "administrator", 0);
	lb_env_user(&env, "samordnare", "coordinator", board_a);
	if (db_batch_begin(env.db, &e))
		fail_msg("batch: %s", e.detail);
	for (int k = 0; k < N_ASSETS; k++) {
		struct asset_input in = { 0 };
		int64_t id;

		in.unit_id = k % 3 ? board_b : board_a;
		n_in_a += k % 3 ? 0 : 1;
		in.kind = "system";
		/* Names in an order other than the ids', so the export's order shows. */
		in.name = arena_printf(env.arena, "System %05d", (k * 7919) % 100000);
		in.description = k == 7 ? "=SUM(A1:A2) semikolon; \"citat\"" : "";
		if (asset_create(env.db, env.arena, &fx_system, &in, &id, &e))
			fail_msg("asset_create: %s %s", e.msgid, e.detail);
	}
	if (db_batch_commit(env.db, &e))
		fail_msg("commit: %s", e.detail);
	if (token_create(env.db, env.arena, &fx_system, admin, "export", &admin_token, NULL, &e))
		fail_msg("token_create: %s", e.msgid);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

/* The ids in @body after each occurrence of @key ("\"id\":" for JSON, "\r\n" for CSV rows), in order. */
static size_t ids_after(const char *body, const char *key, int64_t *ids, size_t max)
{
	size_t n = 0;

	for (const char *p = strstr(body, key); p && n < max; p = strstr(p + 1, key)) {
		char *end;
		long long v = strtoll(p + strlen(key), &end, 10);

		if (end == p + strlen(key))
			continue;
		ids[n++] = v;
	}
	return n;
}

static void increasing(const int64_t *ids, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			fail_msg("id %lld after %lld at %zu", (long long)ids[i], (long long)ids[i - 1], i);
}

static void test_csv_whole(void **state)
{
	static int64_t ids[N_ASSETS + 10];
	struct lb_client c;
	struct lb_resp r;
	size_t n;

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_get(&c, "/assets/export.csv");
	assert_int_equal(r.status, 200);
	assert_false(r.stream_failed);
	assert_non_null(strstr(r.headers, "informationstillgangar-"));
	assert_true(!strncmp(r.body, "\xef\xbb\xbf", 3)); /* one byte-order mark, at the start */
	assert_null(strstr(r.body + 3, "\xef\xbb\xbf"));
	/* Every data row starts with its id: rows follow "\r\n". */
	n = ids_after(r.body, "\r\n", ids, N_ASSETS + 10);
	assert_int_equal(n, N_ASSETS);
	increasing(ids, n);
	assert_true(lb_has(&r, "'=SUM(A1:A2)")); /* the formula guard holds in every piece */

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "samordnare", LB_PASSWORD), 303);
	r = lb_get(&c, "/assets/export.csv");
	assert_int_equal(r.status, 200);
	n = ids_after(r.body, "\r\n", ids, N_ASSETS + 10);
	assert_int_equal((int64_t)n, n_in_a);
	lb_client_release(&c);
}

static void test_json_whole(void **state)
{
	static int64_t ids[N_ASSETS + 10];
	struct lb_client c;
	struct lb_resp r;
	size_t n;
	char total[32];

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_get(&c, "/assets/export.json");
	assert_int_equal(r.status, 200);
	assert_false(r.stream_failed);
	assert_true(!strncmp(r.body, "{\"items\":[{", 11));
	snprintf(total, sizeof(total), "],\"total\":%d}", N_ASSETS);
	assert_non_null(strstr(r.body, total));
	n = ids_after(r.body, "{\"id\":", ids, N_ASSETS + 10);
	assert_int_equal(n, N_ASSETS);
	increasing(ids, n);

	/* The API's export, filtered: the same stream. */
	c.bearer = admin_token;
	r = lb_get(&c, "/api/v1/assets/export?format=json&q=System%200");
	assert_int_equal(r.status, 200);
	assert_false(r.stream_failed);
	n = ids_after(r.body, "{\"id\":", ids, N_ASSETS + 10);
	assert_true(n > 0 && n < N_ASSETS);
	snprintf(total, sizeof(total), "],\"total\":%zu}", n);
	assert_non_null(strstr(r.body, total));
	r = lb_get(&c, "/api/v1/assets/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_int_equal(ids_after(r.body, "\r\n", ids, N_ASSETS + 10), N_ASSETS);
	/* A filter that is wrong is an ordinary error answer, not a broken stream. */
	r = lb_get(&c, "/api/v1/assets/export?format=csv&unit_id=99999");
	assert_true(r.status == 400 || r.status == 404);
	assert_false(r.stream_failed);
	assert_true(lb_has(&r, "\"error\""));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_whole),
		cmocka_unit_test(test_json_whole),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
