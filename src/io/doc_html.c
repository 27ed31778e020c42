/*
 * doc_html.c - the document model as HTML: a fragment for a page, or a
 * standalone file.
 *
 * Markup is written only with HTML_LIT and every text through html_text(),
 * so the output is escaped by construction. The fragment uses classes and
 * no style attribute (the pages' Content-Security-Policy forbids them);
 * column widths are classes doc-w5 … doc-w100 in steps of five percent. The
 * styles are static/doc.css: pages link it, and the standalone file carries
 * it in its <style> together with the A4 print rules, so a report saved to
 * disk looks the same without the server. The standalone file is meant to be
 * downloaded (Content-Disposition: attachment): served inline under the
 * pages' policy its <style> would be refused.
 *
 * A planned quarter of the grid is a shaded cell whose word is hidden
 * visually but read by screen readers; a row's heading cells are <th
 * scope="row">, and a merged cell becomes one cell with a rowspan.
 */
#include "io/doc.h"

#include <string.h>

#include "core/embed.h"
#include "core/html.h"
#include "core/log.h"

static void runs_html(struct html *h, const struct doc_para *p)
{
	for (const struct doc_run *r = p->first; r; r = r->next) {
		const char *s = r->text;

		if (r->href) {
			HTML_LIT(h, "<a href=\"");
			html_attr(h, r->href);
			HTML_LIT(h, "\" rel=\"noopener noreferrer\">");
		}
		if (r->style & DOC_STRONG)
			HTML_LIT(h, "<strong>");
		if (r->style & DOC_EM)
			HTML_LIT(h, "<em>");
		for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
			html_textn(h, s, (size_t)(nl - s));
			HTML_LIT(h, "<br>");
		}
		html_text(h, s);
		if (r->style & DOC_EM)
			HTML_LIT(h, "</em>");
		if (r->style & DOC_STRONG)
			HTML_LIT(h, "</strong>");
		if (r->href)
			HTML_LIT(h, "</a>");
	}
}

static void heading_open(struct html *h, int level)
{
	switch (level) {
	case 1:
		HTML_LIT(h, "<h2>");
		break;
	case 2:
		HTML_LIT(h, "<h3>");
		break;
	default:
		HTML_LIT(h, "<h4>");
		break;
	}
}

static void heading_close(struct html *h, int level)
{
	switch (level) {
	case 1:
		HTML_LIT(h, "</h2>\n");
		break;
	case 2:
		HTML_LIT(h, "</h3>\n");
		break;
	default:
		HTML_LIT(h, "</h4>\n");
		break;
	}
}

static void list_html(struct html *h, const struct doc_block *b)
{
	bool numbered = b->kind == DOC_NUMBERED;

	if (numbered)
		HTML_LIT(h, "<ol class=\"doc-list\">\n");
	else
		HTML_LIT(h, "<ul class=\"doc-list\">\n");
	for (const struct doc_item *it = b->first_item; it; it = it->next) {
		HTML_LIT(h, "<li>");
		runs_html(h, &it->para);
		HTML_LIT(h, "</li>\n");
	}
	if (numbered)
		HTML_LIT(h, "</ol>\n");
	else
		HTML_LIT(h, "</ul>\n");
}

/* The column's share of the width in percent, rounded to a step of 5 (5..100). */
static unsigned width_step(const struct doc_table *t, size_t col)
{
	unsigned long sum = 0, pct;

	for (size_t i = 0; i < t->n_cols; i++)
		sum += t->widths[i];
	pct = (t->widths[col] * 100ul + sum / 2) / sum;
	pct = (pct + 2) / 5 * 5;
	return pct < 5 ? 5 : pct > 100 ? 100 : (unsigned)pct;
}

static bool head_empty(const struct doc_table *t)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		for (const struct doc_run *r = t->head.cells[i].para.first; r; r = r->next) {
			if (r->text[0])
				return false;
		}
	}
	return true;
}

/* How many rows the cell at @col of @row spans: itself and the merged cells below it. */
static int row_span(const struct doc_table *t, const struct doc_row *row, size_t col)
{
	int n = 1;

	for (const struct doc_row *r = row->next; r && doc_cell_merged(t, r, col); r = r->next)
		n++;
	return n;
}

static void cell_html(struct html *h, const struct doc_table *t, const struct doc_row *row, size_t col)
{
	const struct doc_cell *c = &row->cells[col];
	bool th = col < t->n_row_heads;
	int span;

	if (doc_cell_merged(t, row, col))
		return; /* drawn by the cell above, with a rowspan */
	span = row_span(t, row, col);
	if (th)
		HTML_LIT(h, "<th scope=\"row\"");
	else if (c->flags & DOC_CELL_MARK)
		HTML_LIT(h, "<td class=\"doc-mark\"");
	else
		HTML_LIT(h, "<td");
	if (span > 1) {
		HTML_LIT(h, " rowspan=\"");
		html_int(h, span);
		HTML_LIT(h, "\"");
	}
	HTML_LIT(h, ">");
	if (c->flags & DOC_CELL_MARK) {
		HTML_LIT(h, "<span class=\"doc-sr\">");
		runs_html(h, &c->para);
		HTML_LIT(h, "</span>");
	} else {
		runs_html(h, &c->para);
	}
	if (th)
		HTML_LIT(h, "</th>");
	else
		HTML_LIT(h, "</td>");
}

static void table_html(struct html *h, const struct doc_table *t)
{
	HTML_LIT(h, "<table class=\"doc-table\">\n");
	if (t->caption && t->caption[0]) {
		HTML_LIT(h, "<caption>");
		html_text(h, t->caption);
		HTML_LIT(h, "</caption>\n");
	}
	HTML_LIT(h, "<colgroup>");
	for (size_t i = 0; i < t->n_cols; i++) {
		HTML_LIT(h, "<col class=\"doc-w");
		html_int(h, width_step(t, i));
		HTML_LIT(h, "\">");
	}
	HTML_LIT(h, "</colgroup>\n");
	if (!head_empty(t)) {
		HTML_LIT(h, "<thead><tr>");
		for (size_t i = 0; i < t->n_cols; i++) {
			HTML_LIT(h, "<th scope=\"col\">");
			runs_html(h, &t->head.cells[i].para);
			HTML_LIT(h, "</th>");
		}
		HTML_LIT(h, "</tr></thead>\n");
	}
	HTML_LIT(h, "<tbody>\n");
	for (const struct doc_row *row = t->first; row; row = row->next) {
		HTML_LIT(h, "<tr>");
		for (size_t i = 0; i < t->n_cols; i++)
			cell_html(h, t, row, i);
		HTML_LIT(h, "</tr>\n");
	}
	HTML_LIT(h, "</tbody>\n</table>\n");
}

/* The table of contents: its title and the headings of levels 1-2 after @b, as a list. */
static void toc_html(struct html *h, const struct doc_block *b)
{
	HTML_LIT(h, "<nav class=\"doc-toc\">\n<p class=\"doc-toc-title\">");
	runs_html(h, &b->para);
	HTML_LIT(h, "</p>\n<ul>\n");
	for (const struct doc_block *x = b->next; x; x = x->next)
		if (x->kind == DOC_HEADING && x->level <= 2) {
			if (x->level == 2)
				HTML_LIT(h, "<li class=\"doc-toc-2\">");
			else
				HTML_LIT(h, "<li>");
			runs_html(h, &x->para);
			HTML_LIT(h, "</li>\n");
		}
	HTML_LIT(h, "</ul>\n</nav>\n");
}

static void blocks_html(struct html *h, const struct doc *d)
{
	for (const struct doc_block *b = d->first; b; b = b->next) {
		switch (b->kind) {
		case DOC_HEADING:
			heading_open(h, b->level);
			runs_html(h, &b->para);
			heading_close(h, b->level);
			break;
		case DOC_PARAGRAPH:
			HTML_LIT(h, "<p>");
			runs_html(h, &b->para);
			HTML_LIT(h, "</p>\n");
			break;
		case DOC_BULLETS:
		case DOC_NUMBERED:
			list_html(h, b);
			break;
		case DOC_TABLE:
			table_html(h, b->table);
			break;
		case DOC_PAGE_BREAK:
			HTML_LIT(h, "<div class=\"doc-page-break\"></div>\n");
			break;
		case DOC_TOC:
			toc_html(h, b);
			break;
		}
	}
}

void doc_html_fragment(struct html *h, const struct doc *d)
{
	HTML_LIT(h, "<article class=\"doc\" lang=\"");
	html_attr(h, lang_code(d->lang));
	HTML_LIT(h, "\">\n");
	blocks_html(h, d);
	HTML_LIT(h, "</article>\n");
}

/*
 * static/doc.css, built into the binary, as the content of <style>. It is
 * the project's own file, not user data; it must not hold "</" (which could
 * end the element), and a build that broke that rule stops here.
 */
static void style_sheet(struct html *h)
{
	const struct embedded_file *f = embed_find(embedded_static, "doc.css");

	if (!f)
		BUG("static/doc.css is not built in");
	if (memmem(f->data, f->len, "</", 2))
		BUG("static/doc.css holds \"</\"");
	buf_add(&h->b, f->data, f->len);
}

void doc_html_standalone(struct html *h, const struct doc *d)
{
	HTML_LIT(h, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(h, lang_code(d->lang));
	HTML_LIT(h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"Tillit\">\n<title>");
	html_text(h, d->title);
	HTML_LIT(h, "</title>\n<style>\n");
	style_sheet(h);
	HTML_LIT(h, "</style>\n</head>\n<body class=\"doc-file\">\n<article class=\"doc\">\n<h1 class=\"doc-title\">");
	html_text(h, d->title);
	HTML_LIT(h, "</h1>\n");
	blocks_html(h, d);
	HTML_LIT(h, "</article>\n</body>\n</html>\n");
}
