/*
 * test_markdown.c - purpose texts written in Markdown: shown on a page as
 * safe HTML (a <script> in the text is shown, never run; javascript: links
 * lose their address; images show their description), and put into the
 * document model as paragraphs with emphasis, strong, safe links and lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/html.h"
#include "docread.h"
#include "io/doc.h"
#include "io/markdown.h"

#define POISON "<script>'\"&"

struct t {
	struct arena *a;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	t->a = arena_new();
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

static const char *html_of(struct t *t, const char *md)
{
	struct html h;

	html_init(&h, t->a, LANG_SV);
	markdown_html(&h, md);
	return buf_cstr(&h.b);
}

static void test_html_basics(void **state)
{
	struct t *t = *state;

	assert_string_equal(html_of(t, "Ett *viktigt* och **starkt** ord."),
			    "<p>Ett <em>viktigt</em> och <strong>starkt</strong> ord.</p>\n");
	/* A newline in a paragraph is a line break, as in the text box it was typed in. */
	assert_string_equal(html_of(t, "Rad ett\nRad två"), "<p>Rad ett<br>\nRad två</p>\n");
	assert_string_equal(html_of(t, "- ett\n- två\n"), "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>\n");
	assert_string_equal(html_of(t, "3. tre\n4. fyra\n"), "<ol start=\"3\">\n<li>tre</li>\n<li>fyra</li>\n</ol>\n");
	assert_string_equal(html_of(t, "- ett\n\n- två\n"),
			    "<ul>\n<li><p>ett</p>\n</li>\n<li><p>två</p>\n</li>\n</ul>\n");
	/* A heading does not change the outline of the page around the text. */
	assert_string_equal(html_of(t, "# Rubrik"), "<p><strong>Rubrik</strong></p>\n");
	assert_string_equal(html_of(t, "`kod` och\n\n    block <b>\n"),
			    "<p><code>kod</code> och</p>\n<pre><code>block &lt;b&gt;\n</code></pre>\n");
	assert_string_equal(html_of(t, "> citat"), "<blockquote>\n<p>citat</p>\n</blockquote>\n");
	assert_string_equal(html_of(t, ""), "");
	assert_string_equal(html_of(t, NULL), "");
}

static void test_html_is_never_run(void **state)
{
	struct t *t = *state;
	const char *out;

	/* An HTML block and inline HTML are shown as text. */
	out = html_of(t, "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> och <b>fet</b>.");
	assert_string_equal(out, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
				 "<p>Text &lt;img src=x onerror=alert(1)&gt; och &lt;b&gt;fet&lt;/b&gt;.</p>\n");
	out = html_of(t, "<div>\nett\ntvå\n</div>");
	assert_string_equal(out, "<p>&lt;div&gt;<br>ett<br>två<br>&lt;/div&gt;</p>\n");
	out = html_of(t, POISON);
	assert_null(strstr(out, POISON));
	assert_non_null(strstr(out, "&lt;script&gt;&#39;&quot;&amp;"));
	out = html_of(t, "Text " POISON " *" POISON "* [" POISON "](https://example.org/" POISON ")");
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "'\""));
}

static void test_html_links(void **state)
{
	struct t *t = *state;

	assert_string_equal(
		html_of(t, "[Läs](https://example.org/a?b=1&c=2)"),
		"<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">Läs</a></p>\n");
	assert_string_equal(
		html_of(t, "<mailto:dpo@ekdala.se>"),
		"<p><a href=\"mailto:dpo@ekdala.se\" rel=\"noopener noreferrer\">mailto:dpo@ekdala.se</a></p>\n");
	/* Any other address keeps the words and loses the link. */
	assert_string_equal(html_of(t, "[klicka](javascript:alert(1))"), "<p>klicka</p>\n");
	assert_string_equal(html_of(t, "[klicka](JaVaScRiPt:alert(1))"), "<p>klicka</p>\n");
	assert_string_equal(html_of(t, "[data](data:text/html;base64,PHNjcmlwdD4=)"), "<p>data</p>\n");
	assert_string_equal(html_of(t, "[lokal](/assets/1)"), "<p>lokal</p>\n");
	assert_string_equal(html_of(t, "<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
	/* Images show their description only: a page loads nothing a text names. */
	assert_string_equal(html_of(t, "![Karta över nätet](https://example.org/karta.png)"),
			    "<p>Karta över nätet</p>\n");
}

static void test_html_parses(void **state)
{
	struct t *t = *state;
	const char *out = html_of(t, "Syfte med *betoning*\n\n- a <b>\n- [b](javascript:x)\n\n<script>x</script>\n\n"
				     "<p onclick=\"x\">p</p>");
	xmlDoc *doc = rd_parse_html(out, strlen(out));

	assert_int_equal(rd_xpath_number(doc, "count(//script)"), 0);
	assert_int_equal(rd_xpath_number(doc, "count(//@*[starts-with(name(), 'on')])"), 0);
	assert_int_equal(rd_xpath_number(doc, "count(//a)"), 0);
	assert_int_equal(rd_xpath_number(doc, "count(//li)"), 2);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//p[2])"), "<script>x</script>");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//p[3])"), "<p onclick=\"x\">p</p>");
	xmlFreeDoc(doc);
}

static void test_doc_model(void **state)
{
	struct t *t = *state;
	struct doc *d = doc_new(t->a, LANG_SV, "T");
	const struct doc_block *b;
	const struct doc_run *r;

	markdown_doc(d, "Syftet är *att öva* och **att lära**, se [planen](https://ekdala.se/plan) "
			"eller [inte](javascript:x).\nNy rad.\n\n- ett\n- två\n  - inre\n\n1. först\n\n"
			"<script>x</script>\n\n# Rubrik");
	b = d->first;
	assert_int_equal(b->kind, DOC_PARAGRAPH);
	r = b->para.first;
	assert_string_equal(r->text, "Syftet är ");
	assert_int_equal(r->style, DOC_PLAIN);
	r = r->next;
	assert_string_equal(r->text, "att öva");
	assert_int_equal(r->style, DOC_EM);
	r = r->next->next;
	assert_string_equal(r->text, "att lära");
	assert_int_equal(r->style, DOC_STRONG);
	r = r->next->next;
	assert_string_equal(r->text, "planen");
	assert_string_equal(r->href, "https://ekdala.se/plan");
	r = r->next->next;
	assert_string_equal(r->text, "inte");
	assert_null(r->href);
	assert_string_equal(doc_para_text(t->a, &b->para),
			    "Syftet är att öva och att lära, se planen eller inte.\nNy rad.");

	/* A nested list is flattened into its outer list. */
	b = b->next;
	assert_int_equal(b->kind, DOC_BULLETS);
	assert_string_equal(doc_para_text(t->a, &b->first_item->para), "ett");
	assert_string_equal(doc_para_text(t->a, &b->first_item->next->para), "två");
	assert_string_equal(doc_para_text(t->a, &b->first_item->next->next->para), "inre");
	assert_null(b->first_item->next->next->next);
	b = b->next;
	assert_int_equal(b->kind, DOC_NUMBERED);
	assert_string_equal(doc_para_text(t->a, &b->first_item->para), "först");
	/* Raw HTML is a paragraph of its text; a heading a strong paragraph. */
	b = b->next;
	assert_int_equal(b->kind, DOC_PARAGRAPH);
	assert_string_equal(doc_para_text(t->a, &b->para), "<script>x</script>");
	b = b->next;
	assert_int_equal(b->kind, DOC_PARAGRAPH);
	assert_int_equal(b->para.first->style, DOC_STRONG);
	assert_string_equal(doc_para_text(t->a, &b->para), "Rubrik");
	assert_null(b->next);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_html_basics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_is_never_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_parses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doc_model, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
