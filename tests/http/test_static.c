/*
 * test_static.c - style sheet, script and icon: addressed by their content,
 * cached for a year, revalidated with ETag and 304.
 *
 * Pages link "/static/<hash>/NAME" where <hash> is the start of the file's
 * SHA-256, so a new build with a changed file gets a new address; that
 * address is answered as immutable for a year. The plain address and one
 * with a hash that is not the current one answer too, but must be
 * revalidated. Every answer has the hash as its ETag; If-None-Match with
 * it gives 304 and no body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/embed.h"
#include "http/static.h"
#include "loopback.h"

static struct lb_env env;

static int setup(void **state)
{
	lb_env_init(&env);
	lb_env_user(&env, "admin", "administrator", 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static bool header_is(const struct lb_resp *r, const char *line)
{
	if (strstr(r->headers, line))
		return true;
	fprintf(stderr, "no \"%s\" among\n%s", line, r->headers);
	return false;
}

/* The address names the content: 16 hex digits of its SHA-256. */
static void test_address_is_the_content(void **state)
{
	for (size_t i = 0; embedded_static[i].name; i++) {
		const struct embedded_file *f = &embedded_static[i];
		unsigned char sum[crypto_hash_sha256_BYTES];
		char hex[2 * sizeof(sum) + 1], want[128];

		crypto_hash_sha256(sum, f->data, f->len);
		sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
		snprintf(want, sizeof(want), "/static/%.16s/%s", hex, f->name);
		assert_string_equal(static_url(f->name), want);
	}
}

static void test_pages_link_hashed(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	r = lb_get(&c, "/login");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, static_url("app.css")));
	assert_true(lb_has(&r, static_url("app.js")));
	assert_true(lb_has(&r, static_url("favicon.svg")));
	assert_false(lb_has(&r, "href=\"/static/app.css\""));
	/* Error pages too. */
	r = lb_get(&c, "/no/such/page");
	assert_int_equal(r.status, 404);
	assert_true(lb_has(&r, static_url("app.css")));
	lb_client_release(&c);
}

static void test_cache_and_revalidate(void **state)
{
	const struct embedded_file *css = embed_find(embedded_static, "app.css");
	const char *etag = arena_printf(env.arena, "ETag: \"%s\"", css->hash);
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &env);
	r = lb_get(&c, static_url("app.css"));
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, css->len);
	assert_true(header_is(&r, "Cache-Control: public, max-age=31536000, immutable"));
	assert_true(header_is(&r, etag));
	assert_string_equal(r.content_type, "text/css; charset=utf-8");

	/* Revalidation: the same ETag back gives 304 and no body, with its cache rule kept. */
	r = lb_request(&c, "GET", static_url("app.css"),
		       (const char *const[]){ arena_printf(env.arena, "If-None-Match: \"%s\"", css->hash), NULL }, NULL,
		       NULL, 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	assert_true(header_is(&r, "Cache-Control: public, max-age=31536000, immutable"));
	assert_false(strstr(r.headers, "no-store"));
	r = lb_request(&c, "GET", static_url("app.css"),
		       (const char *const[]){ "If-None-Match: \"0123456789abcdef\", W/\"x\"", NULL }, NULL, NULL, 0);
	assert_int_equal(r.status, 200);

	/* The plain address, and one with an old hash: the current file, to be revalidated every time. */
	r = lb_get(&c, "/static/app.css");
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, css->len);
	assert_true(header_is(&r, "Cache-Control: public, no-cache"));
	assert_true(header_is(&r, etag));
	r = lb_get(&c, "/static/0123456789abcdef/app.css");
	assert_int_equal(r.status, 200);
	assert_true(header_is(&r, "Cache-Control: public, no-cache"));

	/* Every text type names its character set, the icon's XML too. */
	r = lb_get(&c, static_url("app.js"));
	assert_string_equal(r.content_type, "text/javascript; charset=utf-8");
	r = lb_get(&c, static_url("favicon.svg"));
	assert_string_equal(r.content_type, "image/svg+xml; charset=utf-8");

	/* Nothing else is served from there. */
	assert_int_equal(lb_get(&c, "/static/nope.css").status, 404);
	assert_int_equal(lb_get(&c, arena_printf(env.arena, "/static/%s/nope.css", css->hash)).status, 404);
	assert_int_equal(lb_get(&c, "/static/a/b/app.css").status, 404);
	lb_client_release(&c);
}

/*
 * Only the files built into the binary are served, by their exact names:
 * no listing of a directory, no file of the disk (the database, its audit
 * key, a repository's metadata), no editor's or backup copy of a built-in
 * file.
 */
static void test_no_other_files(void **state)
{
	static const char *const paths[] = {
		"/static/",
		"/static",
		"/static/app.css.bak",
		"/static/app.css~",
		"/static/.app.css.swp",
		"/static/app.css.gz",
		"/static/../tillit.db",
		"/static/x/../../tillit.db.auditkey",
		"/.git/HEAD",
		"/.DS_Store",
		"/tillit.db",
		"/var/tillit.db",
	};
	struct lb_client c;

	lb_client_init(&c, &env);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct lb_resp r = lb_get(&c, paths[i]);
		if (r.status != 404)
			fail_msg("%s: status %d, expected 404", paths[i], r.status);
	}
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_is_the_content),
		cmocka_unit_test(test_pages_link_hashed),
		cmocka_unit_test(test_cache_and_revalidate),
		cmocka_unit_test(test_no_other_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
