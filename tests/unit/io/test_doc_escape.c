/*
 * test_doc_escape.c - what users type can only ever be text, in every
 * format. The poison string <script>'"& in every text of a document
 * (title, headings, runs of each style, a link's words and address, list
 * items, a table's caption, header and cells, the quarter grid's words, a
 * Markdown purpose) is never raw in HTML, is escaped in the DOCX parts, and
 * is inert in Markdown, and each format reads back the same texts. Strings
 * that would be Markdown syntax (headings, list markers, emphasis, links,
 * entities, setext underlines, indented code) come back from cmark as the
 * same text in the same one block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "docread.h"
#include "io/doc.h"
#include "io/markdown.h"

#define POISON "<script>'\"&"
#define HREF   "https://example.org/?q=" POISON
#define CELL   POISON "|x"

struct t {
	struct arena *a;
	struct doc *d;
	struct rd_seq want;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct doc *d;
	struct doc_para *p;
	struct doc_block *list;
	struct doc_table *tab;
	struct doc_row *row;
	const struct doc_grid_words words = { POISON, POISON, POISON, { POISON, POISON, POISON, POISON }, POISON };
	const struct doc_grid_row grid[] = { { POISON, POISON, 1 }, { POISON, POISON, 8 } };

	t->a = arena_new();
	t->d = d = doc_new(t->a, LANG_EN, POISON);
	doc_set_created(d, "2026-01-05T10:00:00Z");
	rd_push(t->a, &t->want, RD_TITLE, POISON);
	doc_heading(d, 1, POISON);
	rd_push(t->a, &t->want, RD_H1, POISON);
	doc_heading(d, 2, POISON);
	rd_push(t->a, &t->want, RD_H2, POISON);
	doc_heading(d, 3, POISON);
	rd_push(t->a, &t->want, RD_H3, POISON);
	p = doc_paragraph(d);
	doc_run(p, DOC_PLAIN, POISON " ");
	doc_run(p, DOC_EM, POISON);
	doc_run(p, DOC_PLAIN, " ");
	doc_run(p, DOC_STRONG, POISON);
	doc_run(p, DOC_PLAIN, " ");
	doc_run(p, DOC_EM | DOC_STRONG, POISON);
	doc_run(p, DOC_PLAIN, " ");
	doc_link(p, POISON, HREF);
	rd_push(t->a, &t->want, RD_P, POISON " " POISON " " POISON " " POISON " " POISON);
	list = doc_list(d, false);
	doc_item_text(d, list, POISON);
	rd_push(t->a, &t->want, RD_LI, POISON);
	list = doc_list(d, true);
	doc_item_text(d, list, POISON);
	rd_push(t->a, &t->want, RD_LI, POISON);
	tab = doc_table(d, 2, NULL, POISON);
	doc_cell_text(tab, &tab->head, 0, CELL);
	doc_cell_text(tab, &tab->head, 1, CELL);
	row = doc_row(d, tab);
	doc_cell_text(tab, row, 0, CELL);
	doc_cell_text(tab, row, 1, CELL);
	doc_quarter_grid(d, &words, grid, 2);
	doc_page_break(d);
	markdown_doc(d, POISON);
	rd_push(t->a, &t->want, RD_P, POISON);
	markdown_doc(d, "Syfte *" POISON "*");
	rd_push(t->a, &t->want, RD_P, "Syfte " POISON);
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

/* No "<script" in @s; in Markdown (@md) one escaped as "\\<script" is text. */
static void no_script(const char *s, const char *what, bool md)
{
	for (const char *p = s; (p = strchr(p, '<')); p++) {
		if (!strncasecmp(p, "<script", 7) && !(md && p > s && p[-1] == '\\'))
			fail_msg("%s holds a raw <script at offset %zu", what, (size_t)(p - s));
	}
}

static void test_html(void **state)
{
	struct t *t = *state;
	struct html h;
	struct rd_seq got;
	xmlDoc *doc;

	html_init(&h, t->a, LANG_EN);
	doc_html_standalone(&h, t->d);
	no_script(buf_cstr(&h.b), "the HTML file", false);
	assert_null(strstr(buf_cstr(&h.b), POISON));
	assert_non_null(strstr(buf_cstr(&h.b), "&lt;script&gt;&#39;&quot;&amp;"));
	got = rd_html(t->a, buf_cstr(&h.b), h.b.len);
	rd_assert_seq(&got, &t->want, "HTML");

	doc = rd_parse_html(buf_cstr(&h.b), h.b.len);
	assert_int_equal(rd_xpath_number(doc, "count(//script)"), 0);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//title)"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//a/@href)"), HREF);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//table[1]/caption)"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//table[1]/thead/tr/th[2])"), CELL);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//table[1]/tbody/tr/td[2])"), CELL);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//table[2]/tbody/tr[1]/th[1])"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//table[2]/tbody/tr[1]/td[1])"), POISON);
	xmlFreeDoc(doc);

	html_init(&h, t->a, LANG_EN);
	doc_html_fragment(&h, t->d);
	no_script(buf_cstr(&h.b), "the HTML fragment", false);
	assert_null(strstr(buf_cstr(&h.b), POISON));
	assert_null(strstr(buf_cstr(&h.b), "style"));
}

static void test_markdown(void **state)
{
	struct t *t = *state;
	struct buf b;
	struct rd_seq got;
	char *html;

	buf_init(&b, t->a);
	doc_markdown(&b, t->d);
	no_script(buf_cstr(&b), "the Markdown", true);
	got = rd_markdown(t->a, buf_cstr(&b));
	rd_assert_seq(&got, &t->want, "Markdown");
	/* Inert even where raw HTML is allowed through. */
	html = cmark_markdown_to_html(buf_cstr(&b), b.len, CMARK_OPT_UNSAFE);
	no_script(html, "the Markdown rendered with raw HTML allowed", false);
	assert_non_null(strstr(html, "&lt;script&gt;'&quot;&amp;"));
	free(html);
	/* The link keeps its address, its brackets encoded. */
	assert_non_null(strstr(buf_cstr(&b), "](<https://example.org/?q=%3Cscript%3E'\"&>)"));
	/* A pipe in a cell cannot add a column. */
	assert_non_null(strstr(buf_cstr(&b), "\n| \\<script\\>'\"&\\|x | \\<script\\>'\"&\\|x |\n| --- | --- |\n"));
}

static void test_docx(void **state)
{
	struct t *t = *state;
	static const char *const names[] = { "[Content_Types].xml", "_rels/.rels",
					     "word/document.xml",   "word/styles.xml",
					     "word/numbering.xml",  "word/_rels/document.xml.rels",
					     "docProps/core.xml" };
	const char *zip, *xml;
	size_t len, n;
	struct err e;
	xmlDoc *doc;
	struct rd_seq got;

	err_clear(&e);
	assert_int_equal(doc_docx(t->a, t->d, &zip, &len, &e), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		xml = rd_unzip(t->a, zip, len, names[i], &n);
		assert_non_null(xml);
		if (memmem(xml, n, "<script", 7) || memmem(xml, n, POISON, strlen(POISON)))
			fail_msg("%s holds the poison string raw", names[i]);
		doc = rd_parse_xml(xml, n);
		if (!doc)
			fail_msg("%s is not well-formed", names[i]);
		xmlFreeDoc(doc);
	}
	xml = rd_unzip(t->a, zip, len, "word/document.xml", &n);
	doc = rd_parse_xml(xml, n);
	got = rd_docx_body(t->a, doc);
	rd_assert_seq(&got, &t->want, "DOCX");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:p[w:pPr/w:pStyle/@w:val='Caption'])"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl[1]/w:tblPr/w:tblCaption/@w:val)"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl[1]/w:tr[2]/w:tc[2])"), CELL);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl[2]/w:tr[2]/w:tc[3])"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:hyperlink)"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:hyperlink/@*[local-name()='id'])"), "rIdL1");
	xmlFreeDoc(doc);
	xml = rd_unzip(t->a, zip, len, "word/_rels/document.xml.rels", &n);
	doc = rd_parse_xml(xml, n);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[@Id='rIdL1']/@Target)"), HREF);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[@Id='rIdL1']/@TargetMode)"), "External");
	xmlFreeDoc(doc);
	xml = rd_unzip(t->a, zip, len, "docProps/core.xml", &n);
	doc = rd_parse_xml(xml, n);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[local-name()='title'])"), POISON);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[local-name()='language'])"), "en-GB");
	xmlFreeDoc(doc);
}

/* --- Markdown syntax in text ---------------------------------------------------------- */

static const char *const tricky[] = {
	"# not a heading",
	"## nor this ##",
	"1. not a list",
	"2022) nor this",
	"- no",
	"+ no",
	"* no",
	"> no quote",
	"===",
	"---",
	"***",
	"    indented is no code",
	"\ttab",
	"a *b* _c_ `d` [e](f) <g> &amp; &#65; &copy ~~h~~ |i| \\ j \\* k",
	"![img](x.png)",
	"<!-- comment -->",
	"<div>block</div>",
	"[ref]: /url",
	"http://example.org/ <https://example.org/>",
	"trailing   ",
	"line one\nline two",
	"x\n# y",
	"x\n- y",
	"x\n1. y",
	"x\n===",
	"x\n---",
	"x\n    y",
	"a\r\nb\rc",
	"a\n\nb",
	"\n\nleading and trailing\n\n",
	"*",
	"**",
	"_",
	"`",
	"\\",
	"&",
	"<",
	"|",
};

/* What the text reads as: lines without their outer blanks, no empty first or last lines. */
static const char *normal(struct arena *a, const char *s)
{
	struct buf b;
	const char *end;
	size_t start = 0, stop;

	buf_init(&b, a);
	while (*s) {
		size_t n = strcspn(s, "\r\n"), i = 0;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		buf_add(&b, s + i, n - i);
		s += strcspn(s, "\r\n");
		if (*s == '\r' && s[1] == '\n')
			s++;
		if (*s) {
			buf_addch(&b, '\n');
			s++;
		}
	}
	end = b.data + b.len;
	while (b.data[start] == '\n')
		start++;
	stop = (size_t)(end - b.data);
	while (stop > start && b.data[stop - 1] == '\n')
		stop--;
	return arena_strndup(a, b.data + start, stop - start);
}

static void test_markdown_syntax_is_text(void **state)
{
	struct t *t = *state;

	for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		const char *s = tricky[i], *want = normal(t->a, s);
		struct doc *d = doc_new(t->a, LANG_SV, "T");
		struct rd_seq expect = { 0 }, got;
		struct doc_para *p;
		struct buf b;
		char what[64];

		rd_push(t->a, &expect, RD_TITLE, "T");
		if (!strpbrk(s, "\r\n")) {
			doc_heading(d, 1, s);
			rd_push(t->a, &expect, RD_H1, want);
		}
		doc_text(d, s);
		rd_push(t->a, &expect, RD_P, want);
		p = doc_paragraph(d);
		doc_run(p, DOC_PLAIN, "x ");
		doc_run(p, DOC_EM, s);
		doc_run(p, DOC_PLAIN, " y");
		rd_push(t->a, &expect, RD_P, normal(t->a, arena_printf(t->a, "x %s y", s)));
		p = doc_paragraph(d);
		doc_run(p, DOC_STRONG, s);
		rd_push(t->a, &expect, RD_P, want);
		doc_item_text(d, doc_list(d, false), s);
		rd_push(t->a, &expect, RD_LI, want);
		doc_item_text(d, doc_list(d, true), s);
		rd_push(t->a, &expect, RD_LI, want);

		buf_init(&b, t->a);
		doc_markdown(&b, d);
		got = rd_markdown(t->a, buf_cstr(&b));
		snprintf(what, sizeof(what), "Markdown of tricky[%zu]", i);
		rd_assert_seq(&got, &expect, what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown_syntax_is_text, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
