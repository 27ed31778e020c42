/*
 * test_xml.c - the XML writer: elements closed in order (empty ones as
 * <a/>), text and attribute values escaped, and whatever bytes come in the
 * output stays well-formed: invalid UTF-8 becomes U+FFFD, forbidden control
 * characters are dropped, and libxml2 reads every value back as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "docread.h"
#include "io/xml.h"

#define DECL   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define POISON "<script>'\"&"

struct t {
	struct arena *a;
	struct xml x;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	t->a = arena_new();
	xml_init(&t->x, t->a);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	arena_free(t->a);
	free(t);
	return 0;
}

static void test_elements(void **state)
{
	struct t *t = *state;
	size_t len;
	const char *out;

	XML_OPEN(&t->x, "w:p");
	XML_ATTR(&t->x, "w:a", "1");
	XML_ATTR(&t->x, "w:none", NULL);
	XML_ATTR_INT(&t->x, "w:n", -42);
	XML_OPEN(&t->x, "w:pStyle");
	XML_ATTR(&t->x, "w:val", "Heading1");
	xml_close(&t->x);
	XML_OPEN(&t->x, "w:t");
	xml_text(&t->x, "Nätverk");
	xml_close(&t->x);
	XML_OPEN(&t->x, "w:t");
	xml_text(&t->x, "");
	xml_close(&t->x);
	xml_close(&t->x);
	out = xml_finish(&t->x, &len);
	assert_string_equal(out, DECL "<w:p w:a=\"1\" w:n=\"-42\"><w:pStyle w:val=\"Heading1\"/><w:t>Nätverk</w:t>"
				      "<w:t></w:t></w:p>");
	assert_int_equal(len, strlen(out));
}

static void test_escaping(void **state)
{
	struct t *t = *state;
	const char *out;
	size_t len;
	xmlDoc *doc;

	XML_OPEN(&t->x, "root");
	XML_ATTR(&t->x, "a", POISON "\ttab\nline\rcr");
	xml_text(&t->x, POISON " ]]> \ttab\nline\r\ncrlf");
	xml_close(&t->x);
	out = xml_finish(&t->x, &len);
	assert_string_equal(out, DECL "<root a=\"&lt;script&gt;&apos;&quot;&amp;&#9;tab&#10;line&#13;cr\">"
				      "&lt;script&gt;&apos;&quot;&amp; ]]&gt; \ttab\nline&#13;\ncrlf</root>");
	doc = rd_parse_xml(out, len);
	assert_non_null(doc);
	/* What a parser reads is exactly what was written, whitespace included. */
	assert_string_equal(rd_xpath_string(t->a, doc, "string(/root/@a)"), POISON "\ttab\nline\rcr");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(/root)"), POISON " ]]> \ttab\nline\r\ncrlf");
	xmlFreeDoc(doc);
}

static void test_any_bytes_stay_well_formed(void **state)
{
	struct t *t = *state;
	/* Cut sequences, overlong forms, a surrogate, beyond U+10FFFF, controls, U+FFFE. */
	static const char junk[] = "a\xc3"
				   "b\xe2\x82"
				   "c\xc0\xaf"
				   "d\xed\xa0\x80"
				   "e\xf4\x90\x80\x80"
				   "f\x01\x1f\x7f"
				   "g\xef\xbf\xbe"
				   "h\xff"
				   "i😀";
	const char *out;
	size_t len;
	xmlDoc *doc;

	XML_OPEN(&t->x, "root");
	XML_ATTR(&t->x, "a", junk);
	xml_text(&t->x, junk);
	xml_close(&t->x);
	out = xml_finish(&t->x, &len);
	doc = rd_parse_xml(out, len);
	assert_non_null(doc);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(/root)"),
			    "a\xef\xbf\xbd"
			    "b\xef\xbf\xbd\xef\xbf\xbd"
			    "c\xef\xbf\xbd\xef\xbf\xbd"
			    "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			    "e\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			    "f\x7f"
			    "g"
			    "h\xef\xbf\xbd"
			    "i😀");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(/root/@a)"),
			    rd_xpath_string(t->a, doc, "string(/root)"));
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_elements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_bytes_stay_well_formed, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
