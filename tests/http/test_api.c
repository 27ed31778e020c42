/*
 * test_api.c - the JSON API as a client program uses it: the OpenAPI
 * document against the route table, tokens, versions and conflicts,
 * paging and filters, and one error shape for every kind of bad input.
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
#include "core/embed.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "http/router.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, board;
static const char *admin_token, *reader_token;

static int setup(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	int64_t admin, reader;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	admin = lb_env_user(&env, "api-admin", "administrator", 0);
	reader = lb_env_user(&env, "api-reader", "reader", board);
	assert_int_equal(token_create(env.db, env.arena, act, admin, "test", &admin_token, NULL, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, act, reader, "test", &reader_token, NULL, &e), 0);
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

/* Every error: {"error":{"code","message","field"}} with the expected code and field. */
static void assert_error(const struct lb_resp *r, int status, const char *code, const char *field)
{
	json_t *j = parse(r), *err;
	if (r->status != status)
		fail_msg("status %d, expected %d: %s", r->status, status, r->body);
	err = json_object_get(j, "error");
	assert_non_null(err);
	assert_string_equal(json_string_value(json_object_get(err, "code")), code);
	assert_non_null(json_string_value(json_object_get(err, "message")));
	if (field)
		assert_string_equal(json_string_value(json_object_get(err, "field")), field);
	json_decref(j);
}

static void client(struct lb_client *c, const char *token)
{
	lb_client_init(c, &env);
	c->bearer = token;
}

static void test_openapi_covers_every_route(void **state)
{
	const struct embedded_file *f = embed_find(embedded_api, "openapi.json");
	json_error_t je;
	json_t *doc, *paths;
	size_t n_api = 0;

	assert_non_null(f);
	doc = json_loadb((const char *)f->data, f->len, 0, &je);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	paths = json_object_get(doc, "paths");
	for (size_t i = 0; routes[i].method; i++) {
		char path[256], method[16];
		size_t k = 0;
		if (!(routes[i].flags & ROUTE_API))
			continue;
		n_api++;
		for (const char *p = routes[i].pattern; *p && k < sizeof(path) - 8; p++) {
			if (*p == ':') {
				k += (size_t)snprintf(path + k, sizeof(path) - k, "{");
				while (p[1] && p[1] != '/')
					path[k++] = *++p;
				path[k++] = '}';
			} else {
				path[k++] = *p;
			}
		}
		path[k] = 0;
		for (k = 0; routes[i].method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(routes[i].method[k] | 0x20);
		method[k] = 0;
		if (!json_object_get(json_object_get(paths, path), method))
			fail_msg("openapi.json lacks %s %s", method, path);
	}
	/* And nothing documented that the server does not answer. */
	const char *p;
	json_t *ops;
	size_t n_doc = 0;
	json_object_foreach(paths, p, ops)
	{
		const char *m;
		json_t *op;
		json_object_foreach(ops, m, op)
		{
			if (!strcmp(m, "parameters"))
				continue;
			n_doc++;
		}
	}
	assert_int_equal(n_doc, n_api);
	json_decref(doc);

	struct lb_client c;
	lb_client_init(&c, &env);
	struct lb_resp r = lb_get(&c, "/api/v1/openapi.json");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "application/json"));
	lb_client_release(&c);
}

static void test_unit_lifecycle_and_conflict(void **state)
{
	struct lb_client a, b;
	struct lb_resp r;
	json_t *j;
	char url[64], body[256];
	int64_t id;

	client(&a, admin_token);
	client(&b, admin_token);
	snprintf(
		body, sizeof(body),
		"{\"parent_id\":%lld,\"kind\":\"administration\",\"name\":\"Servicef\\u00f6rvaltningen\",\"code\":\"SF\"}",
		(long long)board);
	r = lb_json(&a, "POST", "/api/v1/units", body, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_true(id > 0);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Serviceförvaltningen");
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	json_decref(j);
	snprintf(url, sizeof(url), "/api/v1/units/%lld", (long long)id);
	assert_string_equal(r.location, url);

	r = lb_request(&a, "GET", url, NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"1\"");

	/* Without a version: 428. */
	r = lb_json(&a, "PATCH", url, "{\"name\":\"Utan version\"}", NULL);
	assert_error(&r, 428, "precondition_required", "version");

	/* Two clients hold version 1; the first wins, the second gets 409 with the current record. */
	r = lb_json(&a, "PATCH", url, "{\"contact\":\"Anna\"}", "\"1\"");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"2\"");
	r = lb_json(&b, "PATCH", url, "{\"name\":\"Bertils namn\"}", "\"1\"");
	assert_int_equal(r.status, 409);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "conflict");
	/* The message points an API client at "current", not at a form. */
	assert_non_null(
		strstr(json_string_value(json_object_get(json_object_get(j, "error"), "message")), "\"current\""));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "current"), "contact")), "Anna");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "current"), "version")), 2);
	json_decref(j);
	/* The version may also travel in the body. */
	r = lb_json(&b, "PATCH", url, "{\"name\":\"Bertils namn\",\"version\":2}", NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Bertils namn");
	assert_string_equal(json_string_value(json_object_get(j, "contact")), "Anna"); /* not sent: kept */
	json_decref(j);

	/* Move, recorded with its reason. */
	snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"reason\":\"Omorganisation\",\"version\":3}",
		 (long long)org);
	r = lb_json(&a, "POST", arena_printf(a.arena, "%s/move", url), body, NULL);
	assert_int_equal(r.status, 200);
	r = lb_request(&a, "GET", arena_printf(a.arena, "%s/moves", url), NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Omorganisation"));
	lb_client_release(&a);
	lb_client_release(&b);
}

static void test_bad_input(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char body[128];
	client(&c, admin_token);

	r = lb_json(&c, "POST", "/api/v1/units", "{\"kind\": \"board\", ", NULL);
	assert_error(&r, 400, "invalid", "body");
	r = lb_json(&c, "POST", "/api/v1/units", "[1,2]", NULL);
	assert_error(&r, 400, "invalid", "body");
	snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":42}", (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_error(&r, 400, "invalid", "name");
	snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"\"}", (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_error(&r, 400, "invalid", "name");
	snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"Bad \xc3\x28\"}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_error(&r, 400, "invalid", "body");
	/* A member named twice is refused, not read as one or the other. */
	snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"Dup A\",\"name\":\"Dup B\"}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_error(&r, 400, "invalid", "body");
	r = lb_request(&c, "POST", "/api/v1/units", (const char *const[]){ "Content-Type: text/plain", NULL }, NULL,
		       "{}", 2);
	assert_int_equal(r.status, 400);
	r = lb_request(&c, "GET", "/api/v1/units?limit=0", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "limit");
	r = lb_request(&c, "GET", "/api/v1/units?offset=-1", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "offset");
	r = lb_request(&c, "GET", "/api/v1/units/999999", NULL, NULL, NULL, 0);
	assert_error(&r, 404, "not_found", NULL);
	r = lb_request(&c, "GET", "/api/v1/audit?from=2026-02-30", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "from");
	/* Nothing was created by any of it. */
	r = lb_request(&c, "GET", "/api/v1/units?limit=500", NULL, NULL, NULL, 0);
	assert_false(lb_has(&r, "Bad "));
	assert_false(lb_has(&r, "Dup "));
	lb_client_release(&c);
}

/*
 * Text that XML cannot carry (U+FFFF, other noncharacters, control
 * characters) would make every XLSX export of the record corrupt: refused
 * in any member of a body, written raw or escaped, naming the member.
 */
static void test_text_refused_in_json(void **state)
{
	static const char *const bad[] = {
		"\\uffff", "\xef\xbf\xbf", "\\ufdd0", "\\u0085", "\xc2\x9b", "\\u007f", "\\u001b", "\\ud83f\\udffe",
	};
	struct lb_client c;
	struct lb_resp r;
	char body[256];

	client(&c, admin_token);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"Kultur%snamnden\"}",
			 (long long)org, bad[i]);
		r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
		assert_error(&r, 400, "invalid", "name");
	}
	/* In any member, however deep, and in member names. */
	snprintf(body, sizeof(body),
		 "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"Ok\",\"extra\":{\"list\":[\"a\",\"b\\uffff\"]}}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_error(&r, 400, "invalid", "extra.list[1]");
	snprintf(body, sizeof(body), "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"Ok\",\"x\\u0001\":1}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_int_equal(r.status, 400);
	/* Tab, line breaks and other planes' ordinary characters stay welcome. */
	snprintf(body, sizeof(body),
		 "{\"parent_id\":%lld,\"kind\":\"board\",\"name\":\"Kulturn\\u00e4mnden \\ud83d\\ude00\","
		 "\"contact\":\"a\\tb\\r\\nc\"}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/units", body, NULL);
	assert_int_equal(r.status, 201);
	/* Nothing else was created. */
	r = lb_request(&c, "GET", "/api/v1/units?limit=500&q=Kultur", NULL, NULL, NULL, 0);
	assert_true(lb_has(&r, "\"total\":1"));
	lb_client_release(&c);
}

static void test_paging_bounds(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	client(&c, admin_token);
	r = lb_request(&c, "GET", "/api/v1/units?offset=9223372036854775807", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "offset");
	r = lb_request(&c, "GET", "/api/v1/audit?offset=1000000001", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "offset");
	r = lb_request(&c, "GET", "/api/v1/units?offset=1000000000&limit=500", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"items\":[]"));
	/* The audit trail pages by entry number: an offset is refused, naming it. */
	r = lb_request(&c, "GET", "/api/v1/audit?offset=10", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "offset");
	/* Every other list of the API pages the same way. */
	static const char *const lists[] = {
		"/api/v1/units",  "/api/v1/users",      "/api/v1/tokens",
		"/api/v1/assets", "/api/v1/activities", "/api/v1/requirements",
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		r = lb_request(&c, "GET", arena_printf(c.arena, "%s?offset=9223372036854775807", lists[i]), NULL, NULL,
			       NULL, 0);
		assert_error(&r, 400, "invalid", "offset");
		r = lb_request(&c, "GET", arena_printf(c.arena, "%s?offset=-1", lists[i]), NULL, NULL, NULL, 0);
		assert_error(&r, 400, "invalid", "offset");
		r = lb_request(&c, "GET", arena_printf(c.arena, "%s?offset=1000000000", lists[i]), NULL, NULL, NULL, 0);
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "\"items\":[]"));
	}
	lb_client_release(&c);
}

static void test_scope_and_tokens(void **state)
{
	struct lb_client c, r2;
	struct lb_resp r;
	json_t *j;
	client(&c, reader_token);

	/* The reader sees the board's subtree, not the organisation above it. */
	r = lb_request(&c, "GET", "/api/v1/units", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	json_t *items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 1);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_not_equal(json_integer_value(json_object_get(json_array_get(items, i), "id")), org);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), (json_int_t)json_array_size(items));
	json_decref(j);
	r = lb_request(&c, "GET", arena_printf(c.arena, "/api/v1/units/%lld", (long long)org), NULL, NULL, NULL, 0);
	assert_error(&r, 403, "forbidden", NULL);
	r = lb_json(&c, "PATCH", arena_printf(c.arena, "/api/v1/units/%lld", (long long)board), "{\"name\":\"x\"}",
		    "\"1\"");
	assert_error(&r, 403, "forbidden", NULL);

	/* Making a token asks for the password again, naming the field when it is missing or wrong. */
	r = lb_json(&c, "POST", "/api/v1/tokens", "{\"name\":\"skript\"}", NULL);
	assert_error(&r, 400, "invalid", "password");
	r = lb_json(&c, "POST", "/api/v1/tokens", "{\"name\":\"skript\",\"password\":\"fel lösenord\"}", NULL);
	assert_error(&r, 400, "invalid", "password");
	r = lb_json(&c, "POST", "/api/v1/tokens", "{\"name\":\"skript\",\"password\":\"" LB_PASSWORD "\",\"days\":400}",
		    NULL);
	assert_error(&r, 400, "invalid", "days");
	r = lb_json(&c, "POST", "/api/v1/tokens",
		    "{\"name\":\"skript\",\"password\":\"" LB_PASSWORD "\",\"days\":\"7\"}", NULL);
	assert_error(&r, 400, "invalid", "days");

	/* A token of one's own: created (shown once), listed without the secret, revoked. */
	r = lb_json(&c, "POST", "/api/v1/tokens", "{\"name\":\"skript\",\"password\":\"" LB_PASSWORD "\",\"days\":30}",
		    NULL);
	assert_int_equal(r.status, 201);
	assert_true(lb_has(&r, "\"expires_at\":\""));
	j = parse(&r);
	const char *tok = arena_strdup(c.arena, json_string_value(json_object_get(j, "token")));
	int64_t tid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	assert_true(strncmp(tok, "tlt_", 4) == 0);
	r = lb_request(&c, "GET", "/api/v1/tokens", NULL, NULL, NULL, 0);
	assert_false(lb_has(&r, tok));
	client(&r2, tok);
	r = lb_request(&r2, "GET", "/api/v1/me", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"username\":\"api-reader\""));
	/* A browser sent to an API address saves the answer rather than showing it. */
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"api.json\"\n"));
	/* Renewing: with or without a body; 404 for someone else's token. */
	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/tokens/%lld/renew", (long long)tid), "{\"days\":10}",
		    NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"expires_at\":\""));
	r = lb_request(&c, "POST", arena_printf(c.arena, "/api/v1/tokens/%lld/renew", (long long)tid), NULL, NULL, NULL,
		       0);
	assert_int_equal(r.status, 200);
	{
		struct lb_client adm;
		client(&adm, admin_token);
		r = lb_request(&adm, "POST", arena_printf(adm.arena, "/api/v1/tokens/%lld/renew", (long long)tid), NULL,
			       NULL, NULL, 0);
		assert_error(&r, 404, "not_found", NULL);
		lb_client_release(&adm);
	}
	r = lb_json(&c, "DELETE", arena_printf(c.arena, "/api/v1/tokens/%lld", (long long)tid), NULL, NULL);
	assert_int_equal(r.status, 204);
	r = lb_request(&r2, "GET", "/api/v1/me", NULL, NULL, NULL, 0);
	assert_error(&r, 401, "unauthorized", NULL);
	lb_client_release(&r2);
	lb_client_release(&c);

	/* A token signs in only from the Authorization header, never from the address. */
	client(&c, NULL);
	c.accept = "application/json";
	r = lb_request(&c, "GET", arena_printf(c.arena, "/api/v1/me?access_token=%s", reader_token), NULL, NULL, NULL,
		       0);
	assert_error(&r, 401, "unauthorized", NULL);
	r = lb_request(&c, "GET", arena_printf(c.arena, "/api/v1/me?token=%s", reader_token), NULL, NULL, NULL, 0);
	assert_error(&r, 401, "unauthorized", NULL);
	lb_client_release(&c);
}

static void test_users_roles_audit(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	char body[256];
	int64_t uid, gid;
	client(&c, admin_token);

	r = lb_json(
		&c, "POST", "/api/v1/users",
		"{\"username\":\"cecilia\",\"display_name\":\"Cecilia C\",\"email\":\"c@example.se\",\"lang\":\"en\","
		"\"password\":\"a long enough password\"}",
		NULL);
	assert_int_equal(r.status, 201);
	assert_false(lb_has(&r, "argon2"));
	assert_false(lb_has(&r, "password"));
	j = parse(&r);
	uid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	r = lb_json(
		&c, "POST", "/api/v1/users",
		"{\"username\":\"cecilia\",\"display_name\":\"C\",\"lang\":\"sv\",\"password\":\"a long enough password\"}",
		NULL);
	assert_error(&r, 409, "exists", "username");

	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"role\":\"coordinator\"}", (long long)board);
	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/users/%lld/roles", (long long)uid), body, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	gid = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "role")), "coordinator");
	json_decref(j);
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"role\":\"emperor\"}", (long long)board);
	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/users/%lld/roles", (long long)uid), body, NULL);
	assert_error(&r, 400, "invalid", "role");
	r = lb_json(&c, "DELETE", arena_printf(c.arena, "/api/v1/roles/%lld", (long long)gid), NULL, NULL);
	assert_int_equal(r.status, 204);

	/* The trail shows both, newest first, filtered by entity. */
	r = lb_request(&c, "GET", "/api/v1/audit?entity=role_assignment&limit=2", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "action")), "delete");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "action")), "create");
	assert_true(json_integer_value(json_object_get(j, "total")) >= 2);
	assert_true(json_is_true(json_object_get(j, "total_exact")));
	assert_int_equal(json_integer_value(json_object_get(j, "limit")), 2);
	/* The next page is named by entry number: it starts below the last one shown. */
	{
		json_int_t last = json_integer_value(json_object_get(json_array_get(items, 1), "id"));
		json_int_t older = json_integer_value(json_object_get(j, "older"));
		assert_true(json_is_null(json_object_get(j, "newer")));
		if (older) {
			assert_int_equal(older, last);
			json_t *k;
			r = lb_request(&c, "GET",
				       arena_printf(c.arena, "/api/v1/audit?entity=role_assignment&limit=2&before=%lld",
						    (long long)older),
				       NULL, NULL, NULL, 0);
			assert_int_equal(r.status, 200);
			k = parse(&r);
			json_int_t first = json_integer_value(
				json_object_get(json_array_get(json_object_get(k, "items"), 0), "id"));
			assert_true(first < last);
			/* ... and leads back to the newer ones from its first entry. */
			assert_int_equal(json_integer_value(json_object_get(k, "newer")), first);
			json_decref(k);
		}
	}
	json_decref(j);
	/* Offsets are not how the trail pages. */
	r = lb_request(&c, "GET", "/api/v1/audit?offset=50", NULL, NULL, NULL, 0);
	assert_error(&r, 400, "invalid", "offset");

	/* Errors speak the caller's language: cecilia chose English. */
	struct lb_client en;
	struct err e = { 0 };
	const struct auth *act = &fx_system;
	const char *tok;
	assert_int_equal(token_create(env.db, env.arena, act, uid, "t", &tok, NULL, &e), 0);
	client(&en, tok);
	r = lb_request(&en, "GET", "/api/v1/users", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 403);
	assert_true(lb_has(&r, "Your roles do not give access"));
	r = lb_request(&c, "GET", "/api/v1/units/999999", NULL, NULL, NULL, 0);
	assert_true(lb_has(&r, "Enheten finns inte"));
	lb_client_release(&en);
	lb_client_release(&c);
}

/* An administrator of one board lists the users holding a role in its
 * subtree, not everyone's e-mail: an outsider only by exact user name, and
 * without the address. */
static void test_unit_admin_sees_own_users(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	struct lb_client c;
	struct lb_resp r;
	const char *tok;
	int64_t badmin, outsider;

	struct user_input in = { "outsider", "Outsider", "outsider@example.se", "sv", true };

	badmin = lb_env_user(&env, "board-admin", "administrator", board);
	assert_int_equal(user_create(env.db, env.arena, act, &in, LB_PASSWORD, &outsider, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, act, badmin, "t", &tok, NULL, &e), 0);
	client(&c, tok);
	r = lb_request(&c, "GET", "/api/v1/users?limit=500", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"username\":\"api-reader\""));
	assert_true(lb_has(&r, "\"username\":\"board-admin\""));
	assert_false(lb_has(&r, "\"username\":\"api-admin\""));
	assert_false(lb_has(&r, "\"username\":\"outsider\""));
	assert_false(lb_has(&r, "outsider@"));
	r = lb_request(&c, "GET", "/api/v1/users?q=outsider", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"username\":\"outsider\""));
	assert_true(lb_has(&r, "\"email\":\"\""));
	assert_true(lb_has(&r, "\"total\":1"));
	r = lb_request(&c, "GET", "/api/v1/users?q=outsid", NULL, NULL, NULL, 0);
	assert_false(lb_has(&r, "\"username\":\"outsider\""));
	r = lb_request(&c, "GET", arena_printf(c.arena, "/api/v1/users/%lld", (long long)outsider), NULL, NULL, NULL,
		       0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"email\":\"\""));
	lb_client_release(&c);

	/* The installation-wide administrator still sees everyone, e-mail included. */
	client(&c, admin_token);
	r = lb_request(&c, "GET", "/api/v1/users?limit=500", NULL, NULL, NULL, 0);
	assert_true(lb_has(&r, "\"username\":\"outsider\""));
	assert_true(lb_has(&r, "outsider@"));
	lb_client_release(&c);
}

/* Changing one's password through the API revokes the tokens and says how many. */
static void test_password_change_revokes_tokens(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	struct lb_client c;
	struct lb_resp r;
	const char *tok;
	int64_t uid = lb_env_user(&env, "token-owner", "reader", board);

	assert_int_equal(token_create(env.db, env.arena, act, uid, "t", &tok, NULL, &e), 0);
	client(&c, tok);
	r = lb_json(&c, "POST", "/api/v1/me/password",
		    "{\"old_password\":\"fel\",\"password\":\"ett nytt långt lösenord\"}", NULL);
	assert_error(&r, 400, "invalid", "old_password");
	r = lb_json(&c, "POST", "/api/v1/me/password",
		    "{\"old_password\":\"" LB_PASSWORD "\",\"password\":\"ett nytt långt lösenord\"}", NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"tokens_revoked\":1"));
	r = lb_request(&c, "GET", "/api/v1/me", NULL, NULL, NULL, 0);
	assert_error(&r, 401, "unauthorized", NULL);
	lb_client_release(&c);
}

/* Throttled answers are 429 with Retry-After and the wait in the message. */
static void test_throttled_answer(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	struct lb_client c;
	struct lb_resp r;
	const char *tok;
	int64_t uid = lb_env_user(&env, "guesser", "reader", board);

	setenv("TILLIT_NOW", "2031-01-01T00:00:00Z", 1);
	assert_int_equal(token_create(env.db, env.arena, act, uid, "t", &tok, NULL, &e), 0);
	client(&c, tok);
	c.remote = "10.77.0.1";
	for (int i = 0; i < 5; i++) {
		r = lb_json(&c, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"password\":\"gissning\"}", NULL);
		assert_error(&r, 400, "invalid", "password");
	}
	r = lb_json(&c, "POST", "/api/v1/tokens", "{\"name\":\"x\",\"password\":\"" LB_PASSWORD "\"}", NULL);
	assert_error(&r, 429, "throttled", "password");
	assert_true(lb_has(&r, "1 s"));
	assert_true(strstr(r.headers, "Retry-After: 1\n") != NULL);
	unsetenv("TILLIT_NOW");
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openapi_covers_every_route),
		cmocka_unit_test(test_unit_lifecycle_and_conflict),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_text_refused_in_json),
		cmocka_unit_test(test_paging_bounds),
		cmocka_unit_test(test_scope_and_tokens),
		cmocka_unit_test(test_users_roles_audit),
		cmocka_unit_test(test_unit_admin_sees_own_users),
		cmocka_unit_test(test_password_change_revokes_tokens),
		cmocka_unit_test(test_throttled_answer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
