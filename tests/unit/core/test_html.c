/*
 * test_html.c - every output context escapes the poison string
 * <script>'"& so that it can never appear raw in a page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/html.h"
#include "core/i18n.h"

#define POISON      "<script>'\"&"
#define POISON_TEXT "&lt;script&gt;&#39;&quot;&amp;"

struct fixture {
	struct arena *a;
	struct html h;
};

static int setup(void **state)
{
	static struct fixture f;

	f.a = arena_new();
	html_init(&f.h, f.a, LANG_SV);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->a);
	return 0;
}

static const char *out(void **state)
{
	struct fixture *f = *state;

	return buf_cstr(&f->h.b);
}

static struct html *H(void **state)
{
	struct fixture *f = *state;

	return &f->h;
}

static void test_lit_and_text(void **state)
{
	HTML_LIT(H(state), "<p>");
	html_text(H(state), POISON);
	HTML_LIT(H(state), "</p>");
	html_text(H(state), NULL);
	assert_string_equal(out(state), "<p>" POISON_TEXT "</p>");
}

static void test_text_keeps_utf8(void **state)
{
	html_text(H(state), "Region Västra Götaland — ok");
	assert_string_equal(out(state), "Region Västra Götaland — ok");
}

static void test_textn(void **state)
{
	html_textn(H(state), POISON "tail", 11);
	assert_string_equal(out(state), POISON_TEXT);
}

static void test_textf(void **state)
{
	html_textf(H(state), "%s=%d", POISON, 5);
	assert_string_equal(out(state), POISON_TEXT "=5");
}

static void test_attr(void **state)
{
	HTML_LIT(H(state), "<input value=\"");
	html_attr(H(state), POISON);
	HTML_LIT(H(state), "\" title=\"");
	html_attrf(H(state), "%s!", POISON);
	HTML_LIT(H(state), "\">");
	assert_string_equal(out(state), "<input value=\"" POISON_TEXT "\" title=\"" POISON_TEXT "!\">");
}

static void test_int(void **state)
{
	html_int(H(state), INT64_MIN);
	HTML_LIT(H(state), " ");
	html_int(H(state), 42);
	assert_string_equal(out(state), "-9223372036854775808 42");
}

static void test_url_arg(void **state)
{
	HTML_LIT(H(state), "<a href=\"/assets?q=");
	html_url_arg(H(state), POISON);
	HTML_LIT(H(state), "&amp;s=");
	html_url_arg(H(state), "A-z_0.9~ /?#=+%å");
	HTML_LIT(H(state), "\">");
	assert_string_equal(out(state), "<a href=\"/assets?q=%3Cscript%3E%27%22%26&amp;s="
					"A-z_0.9~%20%2F%3F%23%3D%2B%25%C3%A5\">");
}

static void test_json_island(void **state)
{
	html_json_island(H(state), POISON, "{\"name\":\"</script><script>alert('x')</script>\",\"a\":\"&amp;\"}");
	assert_string_equal(out(state), "<script type=\"application/json\" id=\"" POISON_TEXT "\">"
					"{\"name\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert('x')"
					"\\u003c/script\\u003e\",\"a\":\"\\u0026amp;\"}</script>");
	/* Exactly one closing tag: the one html_json_island wrote. */
	assert_null(strstr(strstr(out(state), "</script>") + 1, "</script>"));
}

static void test_json_island_null(void **state)
{
	html_json_island(H(state), "d", NULL);
	assert_string_equal(out(state), "<script type=\"application/json\" id=\"d\">null</script>");
}

static void test_escape(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(html_escape(f->a, POISON), POISON_TEXT);
	assert_string_equal(html_escape(f->a, "plain"), "plain");
	assert_string_equal(html_escape(f->a, NULL), "");
}

static void test_tr(void **state)
{
	struct fixture *f = *state;
	struct html en;

	assert_int_equal(i18n_init(), 0);
	html_tr(H(state), "Sign in");
	html_tr(H(state), POISON); /* unknown: the msgid itself, escaped */
	assert_string_equal(out(state), "Logga in" POISON_TEXT);
	html_init(&en, f->a, LANG_EN);
	html_tr(&en, "Sign in");
	assert_string_equal(buf_cstr(&en.b), "Sign in");
	i18n_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lit_and_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_keeps_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_arg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_island, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_island_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tr, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
