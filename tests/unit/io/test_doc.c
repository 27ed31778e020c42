/*
 * test_doc.c - the follow-up report of an action plan, built with the
 * document model and read back in every format with a real parser: the
 * title, the quarter grid, then each area with each activity's purpose and
 * its "Status: <status>. <comment>" paragraph, in order. HTML is read by
 * libxml2's HTML parser, Markdown by cmark, DOCX is unzipped with libzip and
 * its parts parsed by libxml2 (headings carry the Heading styles with their
 * outline levels). Where LibreOffice is installed it must turn the DOCX
 * into a PDF.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "docread.h"
#include "io/doc.h"
#include "io/markdown.h"
#include "plan2022.h"

#define TITLE   "Uppföljning Handlingsplan Ekdala kommun 2022"
#define CREATED "2023-01-31T09:00:00Z"
#define CAPTION "Handlingsplan 2022"

struct t {
	struct arena *a;
	struct doc *d;
	struct rd_seq want; /* the text blocks every format must show, in order */
	int marks;          /* planned quarters in the grid */
};

/* The purpose as it reads once its Markdown is taken away (the data uses * for emphasis only). */
static const char *plain(struct arena *a, const char *md)
{
	struct buf b;

	buf_init(&b, a);
	for (const char *p = md; *p; p++)
		if (*p != '*')
			buf_addch(&b, *p);
	return b.data;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct doc_grid_row rows[N_PLAN2022];
	const struct doc_grid_words words = {
		.caption = CAPTION,
		.group = "2022",
		.label = "Aktivitet",
		.quarter = { "Kvartal 1", "Kvartal 2", "Kvartal 3", "Kvartal 4" },
		.mark = "Planerad",
	};
	const char *area = NULL;

	t->a = arena_new();
	t->d = doc_new(t->a, LANG_SV, TITLE);
	doc_set_created(t->d, CREATED);
	rd_push(t->a, &t->want, RD_TITLE, TITLE);
	for (size_t i = 0; i < N_PLAN2022; i++) {
		rows[i] = (struct doc_grid_row){ plan2022[i].area, plan2022[i].title, plan2022[i].quarters };
		t->marks += __builtin_popcount(plan2022[i].quarters);
	}
	doc_quarter_grid(t->d, &words, rows, N_PLAN2022);
	doc_page_break(t->d);
	for (size_t i = 0; i < N_PLAN2022; i++) {
		const struct plan_activity *act = &plan2022[i];
		struct doc_para *p;
		const char *status;

		if (!area || strcmp(area, act->area) != 0) {
			area = act->area;
			doc_heading(t->d, 1, area);
			rd_push(t->a, &t->want, RD_H1, area);
		}
		doc_heading(t->d, 2, act->title);
		rd_push(t->a, &t->want, RD_H2, act->title);
		markdown_doc(t->d, act->purpose);
		rd_push(t->a, &t->want, RD_P, plain(t->a, act->purpose));
		status = arena_printf(t->a, "Status: %s.", act->status);
		p = doc_paragraph(t->d);
		doc_run(p, DOC_STRONG, status);
		doc_run(p, DOC_PLAIN, " ");
		doc_run(p, DOC_PLAIN, act->comment);
		rd_push(t->a, &t->want, RD_P, arena_printf(t->a, "%s %s", status, act->comment));
	}
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

static void test_model(void **state)
{
	struct t *t = *state;
	const struct doc_block *b = t->d->first;

	assert_string_equal(t->d->title, TITLE);
	assert_int_equal(b->kind, DOC_TABLE);
	assert_int_equal(b->table->n_cols, 6);
	assert_int_equal(b->table->n_rows, N_PLAN2022);
	assert_int_equal(b->next->kind, DOC_PAGE_BREAK);
	assert_int_equal(b->next->next->kind, DOC_HEADING);
	assert_int_equal(b->next->next->level, 1);
	assert_string_equal(doc_para_text(t->a, &b->next->next->para), "Nätverk");
}

/* --- HTML ------------------------------------------------------------------------------ */

static const char *standalone(struct t *t, size_t *len)
{
	struct html h;

	html_init(&h, t->a, LANG_SV);
	doc_html_standalone(&h, t->d);
	*len = h.b.len;
	return buf_cstr(&h.b);
}

static void test_html_standalone(void **state)
{
	struct t *t = *state;
	size_t len;
	const char *html = standalone(t, &len);
	struct rd_seq got = rd_html(t->a, html, len);
	xmlDoc *doc;

	rd_assert_seq(&got, &t->want, "HTML");
	assert_true(!strncmp(html, "<!DOCTYPE html>\n<html lang=\"sv\">", 32));
	assert_non_null(strstr(html, "@page { size: A4;"));
	assert_null(strstr(html, "<script"));

	doc = rd_parse_html(html, len);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(/html/head/title)"), TITLE);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//table/caption)"), CAPTION);
	assert_int_equal(rd_xpath_number(doc, "count(//thead/tr/th[@scope='col'])"), 6);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//thead/tr/th[3])"), "Kvartal 1");
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr)"), N_PLAN2022);
	/* The area heads its rows as one cell; every row is headed by its activity. */
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//tbody/tr[1]/th[1])"), "Nätverk");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//tbody/tr[1]/th[1]/@rowspan)"), "4");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//tbody/tr[5]/th[1]/@rowspan)"), "9");
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr[2]/th)"), 1);
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr/th[@scope='row'])"), N_PLAN2022 + 3);
	/* Every row has the cells of its own columns: 6, less the merged area cell. */
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr[1]/*)"), 6);
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr[2]/*)"), 5);
	/* Planned quarters: shaded cells whose word is there for screen readers. */
	assert_int_equal(rd_xpath_number(doc, "count(//td[@class='doc-mark'])"), t->marks);
	assert_int_equal(rd_xpath_number(doc, "count(//td[@class='doc-mark']/span[@class='doc-sr'][.='Planerad'])"),
			 t->marks);
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr[1]/td[@class='doc-mark'])"), 2); /* Q1, Q2 */
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//tbody/tr[1]/td[3])"), "");
	assert_int_equal(rd_xpath_number(doc, "count(//div[@class='doc-page-break'])"), 1);
	/* Emphasis from the purpose's Markdown, strong status. */
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//p/em)"), "tolerabel");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//p[strong][1]/strong)"), "Status: Genomfört.");
	xmlFreeDoc(doc);
}

static void test_html_fragment(void **state)
{
	struct t *t = *state;
	struct html h;
	struct rd_seq got;

	html_init(&h, t->a, LANG_SV);
	doc_html_fragment(&h, t->d);
	got = rd_html(t->a, buf_cstr(&h.b), h.b.len);
	/* Without the title: the page's own <h1> shows it. */
	assert_true(got.n == t->want.n - 1);
	t->want.v++;
	t->want.n--;
	rd_assert_seq(&got, &t->want, "HTML fragment");
	t->want.v--;
	t->want.n++;
	assert_true(!strncmp(buf_cstr(&h.b), "<article class=\"doc\" lang=\"sv\">", 31));
	/* Classes only: the pages' Content-Security-Policy forbids style attributes and elements. */
	assert_null(strstr(buf_cstr(&h.b), "style"));
	assert_null(strstr(buf_cstr(&h.b), "<h1"));
	assert_null(strstr(buf_cstr(&h.b), "<script"));
	assert_non_null(
		strstr(buf_cstr(&h.b), "<col class=\"doc-w20\"><col class=\"doc-w35\"><col class=\"doc-w10\">"));
}

/* --- Markdown -------------------------------------------------------------------------- */

static void test_markdown(void **state)
{
	struct t *t = *state;
	struct buf b;
	struct rd_seq got;
	const char *md;

	buf_init(&b, t->a);
	doc_markdown(&b, t->d);
	md = buf_cstr(&b);
	got = rd_markdown(t->a, md);
	rd_assert_seq(&got, &t->want, "Markdown");
	assert_true(!strncmp(md, "# " TITLE "\n\n**" CAPTION "**\n\n", strlen("# " TITLE "\n\n**" CAPTION "**\n\n")));
	assert_non_null(strstr(md, "\n| 2022 | Aktivitet | Kvartal 1 | Kvartal 2 | Kvartal 3 | Kvartal 4 |\n"
				   "| --- | --- | --- | --- | --- | --- |\n"
				   "| Nätverk | Riskanalys | Planerad | Planerad |  |  |\n"
				   "|  | Informationsklassning |  |  | Planerad | Planerad |\n"));
	assert_non_null(strstr(md, "\n## Nätverk\n\n### Riskanalys\n\n"));
	assert_non_null(strstr(md, "en *tolerabel*, det"));
	assert_non_null(strstr(md, "**Status: Genomfört.** De flesta"));
	/* The two lines of a purpose stay two lines: a hard break. */
	assert_non_null(strstr(md, "dataskyddsorganisation.\\\nUtbildning av"));
	assert_non_null(strstr(md, "\n---\n"));
}

/* --- DOCX ---------------------------------------------------------------------------------- */

static const char *docx(struct t *t, size_t *len)
{
	const char *data = NULL;
	struct err e;

	err_clear(&e);
	assert_int_equal(doc_docx(t->a, t->d, &data, len, &e), 0);
	assert_non_null(data);
	assert_true(*len > 1000);
	assert_memory_equal(data, "PK\x03\x04", 4);
	return data;
}

static xmlDoc *part(struct t *t, const char *zip, size_t zip_len, const char *name)
{
	size_t len;
	const char *xml = rd_unzip(t->a, zip, zip_len, name, &len);
	xmlDoc *doc;

	if (!xml)
		fail_msg("the DOCX has no %s", name);
	doc = rd_parse_xml(xml, len);
	if (!doc)
		fail_msg("%s is not well-formed XML", name);
	return doc;
}

static void test_docx_parts(void **state)
{
	struct t *t = *state;
	size_t len;
	const char *zip = docx(t, &len);
	static const char *const names[] = { "[Content_Types].xml", "_rels/.rels",
					     "word/document.xml",   "word/styles.xml",
					     "word/numbering.xml",  "word/_rels/document.xml.rels",
					     "docProps/core.xml" };
	xmlDoc *doc;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		xmlFreeDoc(part(t, zip, len, names[i]));

	doc = part(t, zip, len, "[Content_Types].xml");
	assert_int_equal(rd_xpath_number(doc, "count(//*[local-name()='Override'][@PartName='/word/document.xml']"
					      "[@ContentType='application/vnd.openxmlformats-officedocument."
					      "wordprocessingml.document.main+xml'])"),
			 1);
	xmlFreeDoc(doc);
	doc = part(t, zip, len, "_rels/.rels");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[@Id='rId1']/@Target)"), "word/document.xml");
	xmlFreeDoc(doc);

	/* Word's navigation pane and table of contents need the outline levels. */
	doc = part(t, zip, len, "word/styles.xml");
	for (int level = 1; level <= 3; level++) {
		char expr[160];

		snprintf(expr, sizeof(expr), "string(//w:style[@w:styleId='Heading%d']/w:pPr/w:outlineLvl/@w:val)",
			 level);
		assert_int_equal(atoi(rd_xpath_string(t->a, doc, expr)), level - 1);
		snprintf(expr, sizeof(expr), "string(//w:style[@w:styleId='Heading%d']/w:name/@w:val)", level);
		assert_string_equal(rd_xpath_string(t->a, doc, expr), arena_printf(t->a, "heading %d", level));
	}
	assert_int_equal(rd_xpath_number(doc, "count(//w:style[@w:styleId='Title'])"), 1);
	assert_int_equal(rd_xpath_number(doc, "count(//w:style[@w:type='table'][@w:styleId='TableGrid']"
					      "/w:tblPr/w:tblBorders/w:insideH)"),
			 1);
	assert_int_equal(rd_xpath_number(doc, "count(//w:style[@w:styleId='ListBullet'])"), 1);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:docDefaults//w:lang/@w:val)"), "sv-SE");
	xmlFreeDoc(doc);

	doc = part(t, zip, len, "docProps/core.xml");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[local-name()='title'])"), TITLE);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[local-name()='creator'])"), "Tillit");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//*[local-name()='created'])"), CREATED);
	xmlFreeDoc(doc);

	doc = part(t, zip, len, "word/numbering.xml");
	assert_string_equal(
		rd_xpath_string(t->a, doc, "string(//w:abstractNum[@w:abstractNumId='0']//w:numFmt/@w:val)"), "bullet");
	xmlFreeDoc(doc);
}

static void test_docx_body(void **state)
{
	struct t *t = *state;
	size_t len;
	const char *zip = docx(t, &len);
	xmlDoc *doc = part(t, zip, len, "word/document.xml");
	struct rd_seq got = rd_docx_body(t->a, doc);

	/* Headings carry the Heading styles; paragraphs come in the report's order. */
	rd_assert_seq(&got, &t->want, "DOCX");
	assert_int_equal(rd_xpath_number(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='Heading1'])"), 3);
	assert_int_equal(rd_xpath_number(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='Heading2'])"), N_PLAN2022);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:p[w:pPr/w:pStyle/@w:val='Caption'])"), CAPTION);
	/* A4 */
	assert_int_equal(rd_xpath_number(doc, "number(//w:sectPr/w:pgSz/@w:w)"), 11906);
	assert_int_equal(rd_xpath_number(doc, "number(//w:sectPr/w:pgSz/@w:h)"), 16838);
	assert_int_equal(rd_xpath_number(doc, "count(//w:br[@w:type='page'])"), 1);

	/* The quarter grid: a Table Grid table whose header row repeats on every page. */
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl)"), 1);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl/w:tblPr/w:tblStyle/@w:val)"), "TableGrid");
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl/w:tblGrid/w:gridCol)"), 6);
	assert_int_equal(rd_xpath_number(doc, "sum(//w:tbl/w:tblGrid/w:gridCol/@w:w)"), 11906 - 2 * 1417);
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl/w:tr)"), N_PLAN2022 + 1);
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl/w:tr[1]/w:trPr/w:tblHeader)"), 1);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl/w:tr[1]/w:tc[6])"), "Kvartal 4");
	assert_int_equal(rd_xpath_number(doc, "count(//w:tc[w:tcPr/w:shd/@w:fill='2F6F8F'])"), t->marks);
	assert_int_equal(rd_xpath_number(doc, "count(//w:tc[w:tcPr/w:shd/@w:fill='2F6F8F'][.='Planerad'])"), t->marks);
	/* Three areas, each one merged cell over its activities. */
	assert_int_equal(rd_xpath_number(doc, "count(//w:vMerge[@w:val='restart'])"), 3);
	assert_int_equal(rd_xpath_number(doc, "count(//w:vMerge[not(@w:val)])"), N_PLAN2022 - 3);
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl/w:tr[2]/w:tc[1])"), "Nätverk");
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:tbl/w:tr[3]/w:tc[2])"), "Informationsklassning");

	/* Runs: emphasis from the Markdown purpose, the status in bold, the two-line purpose with a break. */
	assert_string_equal(rd_xpath_string(t->a, doc, "string(//w:r[w:rPr/w:i]/w:t)"), "tolerabel");
	assert_string_equal(rd_xpath_string(t->a, doc, "string((//w:p[not(ancestor::w:tbl)]/w:r[w:rPr/w:b])[1])"),
			    "Status: Genomfört.");
	assert_int_equal(rd_xpath_number(doc, "count(//w:p[not(ancestor::w:tbl)]//w:br[not(@w:type)])"), 1);
	xmlFreeDoc(doc);
}

static void test_docx_same_bytes(void **state)
{
	struct t *t = *state;
	size_t len1, len2;
	const char *one = docx(t, &len1), *two = docx(t, &len2);

	/* The entries carry the document's creation time: the same document gives the same file. */
	assert_int_equal(len1, len2);
	assert_memory_equal(one, two, len1);
}

/* --- LibreOffice ------------------------------------------------------------------------- */

static char *in_path(struct arena *a, const char *prog)
{
	const char *path = getenv("PATH");

	if (!path)
		return NULL;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		char *cand = arena_printf(a, "%.*s/%s", (int)n, p, prog);

		if (n && access(cand, X_OK) == 0)
			return cand;
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

static void test_libreoffice_opens_docx(void **state)
{
	struct t *t = *state;
	char dir[] = "/tmp/tillit-docx-XXXXXX";
	const char *soffice = in_path(t->a, "soffice");
	const char *docx_path, *pdf_path, *profile, *log_path;
	size_t len;
	const char *zip;
	FILE *f;
	pid_t pid;
	int status;
	struct stat st;
	char head[5] = { 0 };

	if (!soffice) {
		print_message("soffice not found: the check that LibreOffice opens the DOCX is skipped "
			      "(scripts/install-deps.sh installs libreoffice-writer-nogui)\n");
		skip();
	}
	zip = docx(t, &len);
	assert_non_null(mkdtemp(dir));
	docx_path = arena_printf(t->a, "%s/report.docx", dir);
	pdf_path = arena_printf(t->a, "%s/report.pdf", dir);
	log_path = arena_printf(t->a, "%s/soffice.log", dir);
	profile = arena_printf(t->a, "-env:UserInstallation=file://%s/profile", dir);
	f = fopen(docx_path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(zip, 1, len, f), len);
	assert_int_equal(fclose(f), 0);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *log = freopen(log_path, "w", stdout);

		if (log)
			dup2(fileno(log), 2);
		execlp("timeout", "timeout", "180", soffice, profile, "--headless", "--norestore", "--convert-to",
		       "pdf", "--outdir", dir, docx_path, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(pdf_path, &st) != 0)
		fail_msg("soffice could not convert the DOCX (exit %d); see %s",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1, log_path);
	f = fopen(pdf_path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");
	assert_true(st.st_size > 5000);
	/* Keep nothing behind. */
	assert_int_equal(system(arena_printf(t->a, "rm -rf '%s'", dir)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_standalone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_fragment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docx_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docx_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docx_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_libreoffice_opens_docx, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
