/*
 * test_pages.c - what a person sees in the browser: signing in and out,
 * the organisation tree, two people editing the same unit, moving a unit,
 * the language choice, and bad input of every kind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "domain/unit.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, board, unit;

static int setup(void **state)
{
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit = lb_env_unit(&env, board, "administration", "Socialförvaltningen");
	lb_env_user(&env, "admin", "administrator", 0);
	lb_env_user(&env, "anna", "administrator", org);
	lb_env_user(&env, "bertil", "administrator", org);
	lb_env_user(&env, "lasare", "reader", board);
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static void test_login_logout(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/login?next=%2Funits");
	assert_int_equal(lb_login(&c, "anna", "wrong password here"), 401);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	assert_non_null(strstr(c.cookie, ""));
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Socialförvaltningen"));
	/* The session cookie is HttpOnly and SameSite=Strict. */
	struct lb_client d;
	lb_client_init(&d, &env);
	lb_get(&d, "/login");
	const char *kv[] = { "username", "anna", "password", LB_PASSWORD, "pre", d.pre, NULL };
	r = lb_request(&d, "POST", "/login", NULL, kv, NULL, 0);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.set_cookie, "tillit_session="));
	assert_non_null(strstr(r.set_cookie, "HttpOnly"));
	assert_non_null(strstr(r.set_cookie, "SameSite=Strict"));
	lb_client_release(&d);
	/* Signing out ends the session on the server too. */
	char old[256];
	snprintf(old, sizeof(old), "%s", c.cookie);
	r = lb_post(&c, "/logout", NULL);
	assert_int_equal(r.status, 303);
	snprintf(c.cookie, sizeof(c.cookie), "%s", old);
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 303);
	lb_client_release(&c);
}

static void test_login_form_needs_its_token(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	lb_client_init(&c, &env);
	const char *kv[] = { "username", "anna", "password", LB_PASSWORD, "pre", "forged", NULL };
	lb_get(&c, "/login");
	r = lb_request(&c, "POST", "/login", NULL, kv, NULL, 0);
	assert_int_equal(r.status, 400);
	assert_true(c.cookie[0] == 0);
	lb_client_release(&c);
}

static void test_security_headers(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	lb_client_init(&c, &env);
	r = lb_get(&c, "/login");
	assert_non_null(strstr(r.headers, "Content-Security-Policy: default-src 'self'; script-src 'self';"));
	assert_non_null(strstr(r.headers, "frame-ancestors 'none'"));
	assert_non_null(strstr(r.headers, "object-src 'none'")); /* no plugins */
	assert_non_null(strstr(r.headers, "base-uri 'none'"));
	assert_non_null(strstr(r.headers, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(r.headers, "Referrer-Policy: same-origin"));
	assert_non_null(strstr(r.headers, "X-Frame-Options: DENY"));
	assert_non_null(strstr(r.headers, "Cross-Origin-Opener-Policy: same-origin"));
	assert_non_null(strstr(r.headers, "Cache-Control: no-store"));
	assert_string_equal(r.content_type, "text/html; charset=utf-8");
	assert_null(strstr(r.headers, "Strict-Transport-Security")); /* only behind TLS */
	/* No inline script anywhere: every <script> has a src. */
	const char *p = r.body;
	while ((p = strstr(p, "<script")) != NULL) {
		assert_true(strncmp(p, "<script src=", 12) == 0);
		p++;
	}
	/* An error answer of the API, asked for from another site: the same headers, and no CORS. */
	c.accept = "application/json";
	r = lb_request(&c, "GET", "/api/v1/me", (const char *const[]){ "Origin: https://evil.example", NULL }, NULL,
		       NULL, 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(r.content_type, "application/json; charset=utf-8");
	assert_non_null(strstr(r.headers, "Content-Security-Policy: default-src 'self';"));
	assert_non_null(strstr(r.headers, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(r.headers, "Cache-Control: no-store"));
	assert_null(strstr(r.headers, "Access-Control-"));
	lb_client_release(&c);
}

static void test_create_and_find_in_tree(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char parent[32];

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	snprintf(parent, sizeof(parent), "%lld", (long long)unit);
	r = lb_get(&c, arena_printf(c.arena, "/units/new?parent_id=%s", parent));
	assert_int_equal(r.status, 200);
	const char *kv[] = { "parent_id", parent, "kind", "unit", "name", "Äldreomsorgen", "code", "ÄO", NULL };
	r = lb_post(&c, "/units", kv);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "?msg=created"));
	r = lb_get(&c, "/units");
	assert_true(lb_has(&r, "Äldreomsorgen"));
	/* A second unit of the same name in the same place is refused, and the form keeps the input. */
	const char *dup[] = { "parent_id", parent, "kind", "unit", "name", "Äldreomsorgen", "code", "X9", NULL };
	r = lb_post(&c, "/units", dup);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "aria-invalid=\"true\""));
	assert_true(lb_has(&r, "value=\"X9\""));
	lb_client_release(&c);
}

/* Two people open the same unit; the second to save is told, sees the first's change, and keeps their own text. */
static void test_two_sessions_edit_same_unit(void **state)
{
	struct lb_client a, b;
	struct lb_resp r;
	const char *url = arena_printf(env.arena, "/units/%lld/edit", (long long)board);
	struct unit u;
	struct err e = { 0 };

	lb_client_init(&a, &env);
	lb_client_init(&b, &env);
	assert_int_equal(lb_login(&a, "anna", LB_PASSWORD), 303);
	assert_int_equal(lb_login(&b, "bertil", LB_PASSWORD), 303);
	r = lb_get(&a, url);
	assert_true(lb_has(&r, "name=\"version\" value=\"1\""));
	r = lb_get(&b, url);
	assert_true(lb_has(&r, "name=\"version\" value=\"1\""));

	const char *fa[] = {
		"version", "1", "kind", "board", "name", "Socialnämnden", "contact", "Anna A, 070-1", NULL
	};
	r = lb_post(&a, url, fa);
	assert_int_equal(r.status, 303);

	const char *fb[] = { "version", "1",        "kind", "board", "name", "Social- och omsorgsnämnden",
			     "contact", "Bertil B", NULL };
	r = lb_post(&b, url, fb);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "Anna A, 070-1"));                        /* the other person's change */
	assert_true(lb_has(&r, "value=\"Social- och omsorgsnämnden\"")); /* what Bertil typed, kept */
	assert_true(lb_has(&r, "Bertil B"));
	assert_true(lb_has(&r, "name=\"version\" value=\"2\"")); /* saving again is a deliberate choice */
	assert_int_equal(unit_get(env.db, env.arena, board, &u, &e), 0);
	assert_string_equal(u.name, "Socialnämnden");
	assert_string_equal(u.contact, "Anna A, 070-1");

	r = lb_post(&b, url,
		    (const char *const[]){ "version", "2", "kind", "board", "name", "Social- och omsorgsnämnden",
					   "contact", "Bertil B", NULL });
	assert_int_equal(r.status, 303);
	assert_int_equal(unit_get(env.db, env.arena, board, &u, &e), 0);
	assert_string_equal(u.name, "Social- och omsorgsnämnden");
	lb_client_release(&a);
	lb_client_release(&b);
}

static void test_move_recorded(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t other = lb_env_unit(&env, org, "board", "Servicenämnden");
	int64_t leaf = lb_env_unit(&env, unit, "unit", "Flyttbar enhet");
	char to[32];

	snprintf(to, sizeof(to), "%lld", (long long)other);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld/move", (long long)leaf));
	assert_int_equal(r.status, 200);
	const char *kv[] = { "version", "1", "parent_id", to, "reason", "Uppdraget har flyttat till servicenämnden",
			     NULL };
	r = lb_post(&c, arena_printf(c.arena, "/units/%lld/move", (long long)leaf), kv);
	assert_int_equal(r.status, 303);
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)leaf));
	assert_true(lb_has(&r, "Uppdraget har flyttat till servicenämnden"));
	assert_true(lb_has(&r, "Servicenämnden"));
	lb_client_release(&c);
}

static void test_reader_sees_no_edit(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "lasare", LB_PASSWORD), 303);
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)unit));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "/edit\""));
	r = lb_get(&c, "/units");
	assert_false(lb_has(&r, ">Ekdala kommun<")); /* above the reader's board */
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)org));
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
}

static void test_language(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	lb_client_init(&c, &env);
	r = lb_get(&c, "/login");
	assert_true(lb_has(&r, "<html lang=\"sv\""));
	assert_true(lb_has(&r, "Logga in"));
	/* Before signing in: a cookie remembers the choice. */
	r = lb_request(&c, "POST", "/language", NULL, (const char *const[]){ "lang", "en", "next", "/login", NULL },
		       NULL, 0);
	assert_int_equal(r.status, 303);
	r = lb_get(&c, "/login");
	assert_true(lb_has(&r, "<html lang=\"en\""));
	assert_true(lb_has(&r, "Sign in"));
	/* Signed in: the user's own setting, kept across sessions. */
	c.lang[0] = 0;
	assert_int_equal(lb_login(&c, "bertil", LB_PASSWORD), 303);
	r = lb_post(&c, "/account/language", (const char *const[]){ "lang", "en", NULL });
	assert_int_equal(r.status, 303);
	lb_client_release(&c);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "bertil", LB_PASSWORD), 303);
	r = lb_get(&c, "/units");
	assert_true(lb_has(&r, "<html lang=\"en\""));
	lb_client_release(&c);
}

static void test_not_found_and_method(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	lb_client_init(&c, &env);
	r = lb_get(&c, "/no/such/page");
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.content_type, "text/html"));
	c.accept = "application/json";
	r = lb_get(&c, "/no/such/page");
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.content_type, "application/json"));
	assert_true(lb_has(&r, "\"code\":\"not_found\""));
	c.accept = NULL;
	r = lb_request(&c, "DELETE", "/login", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 405);
	assert_non_null(strstr(r.headers, "Allow:"));
	r = lb_request(&c, "PUT", "/api/v1/units", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 405);
	assert_true(lb_has(&r, "\"code\":\"method_not_allowed\""));
	lb_client_release(&c);
}

static void test_bad_utf8_changes_nothing(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct unit u;
	struct err e = { 0 };
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	assert_int_equal(unit_get(env.db, env.arena, unit, &u, &e), 0);
	const char *kv[] = { "version", arena_printf(c.arena, "%lld", (long long)u.version),
			     "kind",    "administration",
			     "name",    "Trasig \xc3\x28 text",
			     NULL };
	r = lb_post(&c, arena_printf(c.arena, "/units/%lld/edit", (long long)unit), kv);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "UTF-8"));
	struct unit after;
	assert_int_equal(unit_get(env.db, env.arena, unit, &after, &e), 0);
	assert_int_equal(after.version, u.version);
	assert_string_equal(after.name, u.name);
	/* In a query argument too. */
	r = lb_get(&c, "/units?q=%ff%fe");
	assert_int_equal(r.status, 400);
	lb_client_release(&c);
}

/*
 * ?next= must stay on this site. Browsers drop a tab anywhere in a URL, so
 * "/<tab>\127.0.0.1:8182/" is "//127.0.0.1:8182/" to them; the same rule
 * holds for the login form, the login page and the language choice.
 */
static void test_next_stays_on_site(void **state)
{
	static const char *const away[] = {
		"/\t\\127.0.0.1:8182/", "/\\evil.example/",      "//evil.example/",
		"/\n/evil.example/",    "https://evil.example/",
	};
	struct lb_client c;
	struct lb_resp r;

	for (size_t i = 0; i < sizeof(away) / sizeof(away[0]); i++) {
		lb_client_init(&c, &env);
		r = lb_request(&c, "POST", "/language", NULL,
			       (const char *const[]){ "lang", "en", "next", away[i], NULL }, NULL, 0);
		assert_int_equal(r.status, 303);
		assert_string_equal(r.location, "/");
		lb_get(&c, "/login");
		const char *kv[] = { "username", "anna", "password", LB_PASSWORD, "pre", c.pre, "next", away[i], NULL };
		r = lb_request(&c, "POST", "/login", NULL, kv, NULL, 0);
		assert_int_equal(r.status, 303);
		assert_string_equal(r.location, "/");
		lb_client_release(&c);
	}
	/* The address form of the attack, on the login page and once signed in. */
	lb_client_init(&c, &env);
	r = lb_get(&c, "/login?next=/%09%5C127.0.0.1:8182/");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "127.0.0.1"));
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	r = lb_get(&c, "/login?next=/%09%5C127.0.0.1:8182/");
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/");
	/* A path on the site is kept. */
	r = lb_get(&c, "/login?next=/units%3Fq%3Dx");
	assert_string_equal(r.location, "/units?q=x");
	lb_client_release(&c);
}

/* U+FFFF and friends would corrupt every XLSX export: refused at the form, naming the field. */
static void test_text_refused_in_forms(void **state)
{
	static const char *const bad[] = { "\xef\xbf\xbf", "\xef\xb7\x90", "\xc2\x85", "\x7f", "\xf4\x8f\xbf\xbe" };
	struct lb_client c;
	struct lb_resp r;
	struct unit u, after;
	struct err e = { 0 };

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	assert_int_equal(unit_get(env.db, env.arena, unit, &u, &e), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *kv[] = { "version", arena_printf(c.arena, "%lld", (long long)u.version),
				     "kind",    "administration",
				     "name",    arena_printf(c.arena, "Namn%s", bad[i]),
				     NULL };
		r = lb_post(&c, arena_printf(c.arena, "/units/%lld/edit", (long long)unit), kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "U+FFFF"));
	}
	c.accept = "application/json";
	r = lb_get(&c, "/units?q=%EF%BF%BF");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"q\""));
	assert_int_equal(unit_get(env.db, env.arena, unit, &after, &e), 0);
	assert_int_equal(after.version, u.version);
	lb_client_release(&c);
}

/* An offset from the address far beyond any list pages sensibly, without overflow. */
static void test_pager_huge_offset(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_get(&c, "/users?offset=9223372036854775807&limit=2");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "-922337"));
	assert_true(lb_has(&r, "0–0 / 4"));
	assert_true(lb_has(&r, "offset=2&amp;limit=2\">")); /* "Previous" goes to the last page */
	r = lb_get(&c, "/users?offset=9223372036854775806&limit=500");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "-922337"));
	r = lb_get(&c, "/users?offset=-5&limit=2");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "1–2 / 4"));
	/* Every list page pages the same way. */
	static const char *const lists[] = { "/users", "/units", "/audit", "/assets", "/activities", "/requirements" };
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		r = lb_get(&c, arena_printf(c.arena, "%s?offset=9223372036854775807&limit=2", lists[i]));
		assert_int_equal(r.status, 200);
		assert_false(lb_has(&r, "-922337"));
		r = lb_get(&c, arena_printf(c.arena, "%s?offset=-5&limit=2", lists[i]));
		assert_int_equal(r.status, 200);
		assert_false(lb_has(&r, "offset=-"));
	}
	lb_client_release(&c);
}

static void test_body_too_large(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	static char big[70 * 1024];
	memset(big, 'x', sizeof(big) - 1);
	lb_client_init(&c, &env);
	c.accept = "application/json";
	r = lb_request(&c, "POST", "/api/v1/units", (const char *const[]){ "Content-Type: application/json", NULL },
		       NULL, big, sizeof(big) - 1);
	assert_int_equal(r.status, 413);
	assert_true(lb_has(&r, "\"code\":\"too_large\""));
	lb_client_release(&c);
}

static void test_secure_cookies_behind_tls(void **state)
{
	struct lb_client c;
	struct lb_resp r, units, out;
	lb_client_init(&c, &env);
	env.app.cfg.secure_cookies = true;
	lb_get(&c, "/login");
	const char *kv[] = { "username", "anna", "password", LB_PASSWORD, "pre", c.pre, NULL };
	r = lb_request(&c, "POST", "/login", NULL, kv, NULL, 0);
	units = lb_get(&c, "/units");
	out = lb_post(&c, "/logout", NULL);
	env.app.cfg.secure_cookies = false;
	assert_int_equal(r.status, 303);
	/* The __Host- prefix: a browser takes the cookie only from this very host, over TLS, for the whole
	 * site, so no neighbouring host can plant a session of its choosing. */
	assert_non_null(strstr(r.set_cookie, "__Host-tillit_session="));
	assert_non_null(strstr(r.set_cookie, "; Path=/;"));
	assert_null(strstr(r.set_cookie, "Domain="));
	assert_non_null(strstr(r.set_cookie, "HttpOnly"));
	assert_non_null(strstr(r.set_cookie, "; Secure"));
	assert_non_null(strstr(r.headers, "Strict-Transport-Security: max-age=31536000; includeSubDomains\n"));
	assert_int_equal(units.status, 200);
	assert_int_equal(out.status, 303);
	assert_non_null(strstr(out.set_cookie, "__Host-tillit_session=; Path=/; Max-Age=0"));
	lb_client_release(&c);
}

/* An auditor browses and filters the trail, and sees only their scope. */
static void test_auditor_browses_trail(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t elsewhere = lb_env_unit(&env, 0, "organisation", "Annan kommun");
	lb_env_user(&env, "revisor", "auditor", org);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "revisor", LB_PASSWORD), 303);
	r = lb_get(&c, "/audit?entity=unit");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, arena_printf(c.arena, "href=\"/units/%lld\"", (long long)unit)));
	assert_false(lb_has(&r, arena_printf(c.arena, "href=\"/units/%lld\"", (long long)elsewhere)));
	/* In words: the kind and the record's name, linked; the event in Swedish; every kind in the filter. */
	assert_true(
		lb_has(&r, arena_printf(c.arena, "Organisationsenhet <a href=\"/units/%lld\">Socialförvaltningen</a>",
					(long long)unit)));
	assert_true(lb_has(&r, "<td>skapad</td>"));
	assert_true(lb_has(&r, "<option value=\"asset\">Informationstillgång</option>"));
	assert_true(lb_has(&r, "<option value=\"processing_activity\">Behandling</option>"));
	assert_true(lb_has(&r, "href=\"/audit/export.csv?entity=unit\""));
	/* The same entries as CSV, in the same words. */
	r = lb_get(&c, "/audit/export.csv?entity=unit");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/csv; charset=utf-8");
	assert_false(r.stream_failed);
	assert_true(lb_has(&r, "Händelse nr;Tidpunkt;Utförd av;Typ av post;Post;"));
	assert_true(lb_has(&r, ";Organisationsenhet;Socialförvaltningen;"));
	assert_false(lb_has(&r, "Annan kommun"));
	r = lb_get(&c, "/audit/export.csv?actor=nobody-at-all");
	assert_int_equal(r.status, 400);
	r = lb_get(&c, "/audit?from=2026-13-01");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "aria-invalid=\"true\""));
	r = lb_get(&c, "/audit?actor=nobody-at-all");
	assert_int_equal(r.status, 400);
	r = lb_get(&c, "/audit?before=x");
	assert_int_equal(r.status, 400);
	/* A page at a time: "Older" leads on; that page leads back by "Newer" and "Newest"; a page of the
	 * same entries is the same page, whatever is written meanwhile. */
	r = lb_get(&c, "/audit?entity=unit&limit=1");
	assert_int_equal(r.status, 200);
	{
		const char *older = strstr(r.body, "rel=\"next\" href=\"");
		char next[256];
		assert_non_null(older);
		older += strlen("rel=\"next\" href=\"");
		snprintf(next, sizeof(next), "%.*s", (int)(strchr(older, '"') - older), older);
		assert_non_null(strstr(next, "entity=unit"));
		assert_non_null(strstr(next, "before="));
		/* &amp; in the attribute is & in the address. */
		for (char *amp; (amp = strstr(next, "&amp;"));)
			memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
		r = lb_get(&c, next);
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "rel=\"prev\""));
		assert_true(lb_has(&r, "rel=\"first\""));
	}
	/* Reading is all: the auditor cannot change a unit. */
	r = lb_get(&c, arena_printf(c.arena, "/units/%lld/edit", (long long)unit));
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
}

/* One's own account: a wrong current password is refused; a right one changes it and keeps this session. */
static void test_own_password_and_token(void **state)
{
	struct lb_client c, other;
	struct lb_resp r;
	lb_env_user(&env, "david", "reader", board);
	lb_client_init(&c, &env);
	lb_client_init(&other, &env);
	assert_int_equal(lb_login(&c, "david", LB_PASSWORD), 303);
	assert_int_equal(lb_login(&other, "david", LB_PASSWORD), 303);
	r = lb_get(&c, "/account");
	assert_int_equal(r.status, 200);
	r = lb_post(&c, "/account/password",
		    (const char *const[]){ "old_password", "not the password", "password", "ett nytt långt lösenord",
					   "password2", "ett nytt långt lösenord", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "aria-invalid=\"true\""));
	r = lb_post(&c, "/account/password",
		    (const char *const[]){ "old_password", LB_PASSWORD, "password", "ett nytt långt lösenord",
					   "password2", "ett annat långt lösenord", NULL });
	assert_int_equal(r.status, 400);
	r = lb_post(&c, "/account/password",
		    (const char *const[]){ "old_password", LB_PASSWORD, "password", "ett nytt långt lösenord",
					   "password2", "ett nytt långt lösenord", NULL });
	assert_int_equal(r.status, 303);
	r = lb_get(&c, "/account");
	assert_int_equal(r.status, 200); /* this session goes on */
	r = lb_get(&other, "/account");
	assert_int_equal(r.status, 303); /* the other one has ended */
	lb_client_release(&other);
	lb_client_init(&other, &env);
	assert_int_equal(lb_login(&other, "david", LB_PASSWORD), 401);
	assert_int_equal(lb_login(&other, "david", "ett nytt långt lösenord"), 303);

	/* Making a token asks for the password again. */
	r = lb_post(&c, "/account/tokens", (const char *const[]){ "name", "Rapportskript", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "id=\"e-password\""));
	assert_false(lb_has(&r, "tlt_"));
	r = lb_post(&c, "/account/tokens",
		    (const char *const[]){ "name", "Rapportskript", "password", LB_PASSWORD, "days", "30", NULL });
	assert_int_equal(r.status, 400);
	assert_false(lb_has(&r, "tlt_"));
	r = lb_post(&c, "/account/tokens",
		    (const char *const[]){ "name", "Rapportskript", "password", "ett nytt långt lösenord", "days", "0",
					   NULL });
	assert_int_equal(r.status, 400);
	assert_false(lb_has(&r, "tlt_"));

	/* An API token is shown once, on the page that created it, and never again. */
	r = lb_post(&c, "/account/tokens",
		    (const char *const[]){ "name", "Rapportskript", "password", "ett nytt långt lösenord", "days", "30",
					   NULL });
	assert_true(r.status == 200 || r.status == 201);
	const char *p = strstr(r.body, "tlt_");
	assert_non_null(p);
	char tok[80];
	size_t k = 0;
	while (p[k] && p[k] != '<' && k < sizeof(tok) - 1) {
		tok[k] = p[k];
		k++;
	}
	tok[k] = 0;
	r = lb_get(&c, "/account");
	assert_true(lb_has(&r, "Rapportskript"));
	assert_false(lb_has(&r, tok));
	struct lb_client api;
	lb_client_init(&api, &env);
	api.bearer = tok;
	r = lb_request(&api, "GET", "/api/v1/me", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);

	/* The token dies with the password, and the page says so. */
	r = lb_post(&c, "/account/password",
		    (const char *const[]){ "old_password", "ett nytt långt lösenord", "password",
					   "ett tredje långt lösenord", "password2", "ett tredje långt lösenord",
					   NULL });
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/account?msg=password-tokens");
	r = lb_get(&c, r.location);
	assert_true(lb_has(&r, "role=\"status\""));
	r = lb_request(&api, "GET", "/api/v1/me", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 401);
	lb_client_release(&api);
	lb_client_release(&other);
	lb_client_release(&c);
}

/* Guessing one's current password on the account page is throttled as
 * sign-in is; the page says how long to wait. */
static void test_own_password_throttled(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	lb_env_user(&env, "erik", "reader", board);
	lb_client_init(&c, &env);
	c.remote = "10.44.0.1";
	setenv("TILLIT_NOW", "2031-05-05T10:00:00Z", 1);
	assert_int_equal(lb_login(&c, "erik", LB_PASSWORD), 303);
	for (int i = 0; i < 5; i++) {
		r = lb_post(&c, "/account/password",
			    (const char *const[]){ "old_password", "gissning", "password", "ett nytt långt lösenord",
						   "password2", "ett nytt långt lösenord", NULL });
		assert_int_equal(r.status, 400);
	}
	r = lb_post(&c, "/account/password",
		    (const char *const[]){ "old_password", LB_PASSWORD, "password", "ett nytt långt lösenord",
					   "password2", "ett nytt långt lösenord", NULL });
	assert_int_equal(r.status, 429);
	assert_true(lb_has(&r, "1 sekund"));
	/* Signing in from that address waits too; the session itself goes on. */
	r = lb_get(&c, "/account");
	assert_int_equal(r.status, 200);
	unsetenv("TILLIT_NOW");
	lb_client_release(&c);
}

/*
 * What changing a user costs in queries: the page reads the user once, the
 * API once more to answer with the stored record; granting a role reads
 * the user and the unit in the domain's transaction. Each of these writes
 * also raises the auth epoch, so the request after it reads its session
 * from the database again instead of from the cache (one query more than
 * a request answered from the cache, which reads only the epoch). The
 * figures are in docs/performance.md.
 */
static void test_user_writes_query_count(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t id = lb_env_user(&env, "cecilia", NULL, 0);
	const char *path = arena_printf(env.arena, "/users/%lld", (long long)id);
	const char *b = arena_printf(env.arena, "%lld", (long long)board);

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_post(&c, arena_printf(env.arena, "%s/edit", path),
		    (const char *const[]){ "version", "1", "display_name", "Cecilia C", "lang", "sv", "active", "1",
					   NULL });
	assert_int_equal(r.status, 303);
	print_message("# queries of one user update through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 9);
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1%s", path),
		    "{\"display_name\":\"Cecilia D\",\"version\":2}", NULL);
	assert_int_equal(r.status, 200);
	print_message("# queries of one user update through the API: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 10);
	r = lb_post(&c, arena_printf(env.arena, "%s/roles", path),
		    (const char *const[]){ "unit_id", b, "role", "reader", NULL });
	assert_int_equal(r.status, 303);
	print_message("# queries of one role granted through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 12);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_logout),
		cmocka_unit_test(test_login_form_needs_its_token),
		cmocka_unit_test(test_security_headers),
		cmocka_unit_test(test_create_and_find_in_tree),
		cmocka_unit_test(test_two_sessions_edit_same_unit),
		cmocka_unit_test(test_move_recorded),
		cmocka_unit_test(test_reader_sees_no_edit),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_not_found_and_method),
		cmocka_unit_test(test_bad_utf8_changes_nothing),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_next_stays_on_site),
		cmocka_unit_test(test_text_refused_in_forms),
		cmocka_unit_test(test_pager_huge_offset),
		cmocka_unit_test(test_secure_cookies_behind_tls),
		cmocka_unit_test(test_auditor_browses_trail),
		cmocka_unit_test(test_own_password_and_token),
		cmocka_unit_test(test_own_password_throttled),
		cmocka_unit_test(test_user_writes_query_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
