/*
 * doc_docx.c - the document model as a DOCX file (Office Open XML,
 * WordprocessingML), zipped in memory with libzip.
 *
 * Every part is written through the XML writer (io/xml.h), so element names
 * are literals and every text and attribute value is escaped. The package:
 *
 *   [Content_Types].xml       the parts' types
 *   _rels/.rels               the main document and the core properties
 *   word/document.xml         the body, A4 pages with 2.5 cm margins
 *   word/styles.xml           Normal, Title, Heading1–3 (outline levels 0–2, so
 *                             Word's navigation pane and table of contents see
 *                             them), Caption, List Bullet, List Number,
 *                             Hyperlink, Table Grid
 *   word/numbering.xml        bullets, and one numbering per numbered list so
 *                             each starts again at 1
 *   word/_rels/document.xml.rels   styles, numbering and the links' addresses
 *   docProps/core.xml         title, creator "Tillit", language, created time
 *
 * A table's header row repeats on every page; a marked grid cell is shaded
 * with its word in small white letters; a merged cell is a vertical merge. A newline in a
 * run is a line break, a tab a tab. The zip's entries carry the document's
 * creation time, so the same document gives the same bytes.
 */
#include "io/doc.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "io/xml.h"

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* A4 in twentieths of a point, margins of 2.5 cm. */
#define PAGE_W     11906
#define PAGE_H     16838
#define MARGIN     1417
#define TEXT_WIDTH (PAGE_W - 2 * MARGIN)

#define MARK_FILL "2F6F8F"
#define HEAD_FILL "E8ECEF"

/* <name w:val="@val"/> */
#define W_VAL(x, name, val) (XML_OPEN((x), name), XML_ATTR((x), "w:val", (val)), xml_close(x))
/* <name/> */
#define W_EMPTY(x, name) (XML_OPEN((x), name), xml_close(x))

struct docx {
	struct arena *a;
	const struct doc *d;
	struct xml x;
	int n_numbered;     /* numbered lists so far: numIds 2, 3, ... */
	const char **links; /* the links' addresses, relationship rIdL1, rIdL2, ... */
	size_t n_links, cap_links;
};

static const char *lang_tag(enum lang lang)
{
	return lang == LANG_EN ? "en-GB" : "sv-SE";
}

/* --- the body ------------------------------------------------------------------- */

static void run_text(struct xml *x, const char *s)
{
	const char *p = s;

	for (;;) {
		size_t n = strcspn(p, "\n\t\r");

		if (n) {
			XML_OPEN(x, "w:t");
			XML_ATTR(x, "xml:space", "preserve");
			xml_textn(x, p, n);
			xml_close(x);
		}
		p += n;
		if (!*p)
			break;
		if (*p == '\t') {
			W_EMPTY(x, "w:tab");
		} else {
			if (*p == '\r' && p[1] == '\n')
				p++;
			W_EMPTY(x, "w:br");
		}
		p++;
	}
}

static const char *link_id(struct docx *c, const char *href)
{
	ARENA_ROOM(c->a, c->links, c->n_links, 1, c->cap_links, 8);
	c->links[c->n_links++] = href;
	return arena_printf(c->a, "rIdL%zu", c->n_links);
}

/* The runs of @p; @extra adds style bits to every run; @color (and @size, half-points) the text's. */
static void runs_docx(struct docx *c, const struct doc_para *p, unsigned extra, const char *color, int size)
{
	struct xml *x = &c->x;

	for (const struct doc_run *r = p->first; r; r = r->next) {
		unsigned style = r->style | extra;

		if (r->href) {
			XML_OPEN(x, "w:hyperlink");
			XML_ATTR(x, "r:id", link_id(c, r->href));
			XML_ATTR(x, "w:history", "1");
		}
		XML_OPEN(x, "w:r");
		if (style || r->href || color || size) {
			XML_OPEN(x, "w:rPr");
			if (r->href)
				W_VAL(x, "w:rStyle", "Hyperlink");
			if (style & DOC_STRONG)
				W_EMPTY(x, "w:b");
			if (style & DOC_EM)
				W_EMPTY(x, "w:i");
			if (color)
				W_VAL(x, "w:color", color);
			if (size) {
				XML_OPEN(x, "w:sz");
				XML_ATTR_INT(x, "w:val", size);
				xml_close(x);
			}
			xml_close(x);
		}
		run_text(x, r->text);
		xml_close(x);
		if (r->href)
			xml_close(x);
	}
}

/* A paragraph in style @style (NULL: Normal). */
static void para_docx(struct docx *c, const char *style, const struct doc_para *p)
{
	XML_OPEN(&c->x, "w:p");
	if (style) {
		XML_OPEN(&c->x, "w:pPr");
		W_VAL(&c->x, "w:pStyle", style);
		xml_close(&c->x);
	}
	runs_docx(c, p, 0, NULL, 0);
	xml_close(&c->x);
}

static void list_docx(struct docx *c, const struct doc_block *b)
{
	struct xml *x = &c->x;
	bool numbered = b->kind == DOC_NUMBERED;
	int num_id = numbered ? 2 + c->n_numbered++ : 1;

	for (const struct doc_item *it = b->first_item; it; it = it->next) {
		XML_OPEN(x, "w:p");
		XML_OPEN(x, "w:pPr");
		W_VAL(x, "w:pStyle", numbered ? "ListNumber" : "ListBullet");
		XML_OPEN(x, "w:numPr");
		XML_OPEN(x, "w:ilvl");
		XML_ATTR_INT(x, "w:val", 0);
		xml_close(x);
		XML_OPEN(x, "w:numId");
		XML_ATTR_INT(x, "w:val", num_id);
		xml_close(x);
		xml_close(x); /* numPr */
		xml_close(x); /* pPr */
		runs_docx(c, &it->para, 0, NULL, 0);
		xml_close(x);
	}
}

/* Column widths in twips, proportional to the relative widths, summing to the text width. */
static int *col_widths(struct docx *c, const struct doc_table *t)
{
	int *w = arena_calloc(c->a, t->n_cols, sizeof(*w));
	unsigned long sum = 0, given = 0;

	for (size_t i = 0; i < t->n_cols; i++)
		sum += t->widths[i];
	for (size_t i = 0; i < t->n_cols; i++) {
		w[i] = (int)(t->widths[i] * (unsigned long)TEXT_WIDTH / sum);
		given += (unsigned long)w[i];
	}
	w[t->n_cols - 1] += (int)(TEXT_WIDTH - given);
	return w;
}

static void cell_docx(struct docx *c, const struct doc_table *t, const struct doc_row *row, size_t col, int width,
		      bool head)
{
	struct xml *x = &c->x;
	const struct doc_cell *cell = &row->cells[col];
	bool merged = !head && doc_cell_merged(t, row, col);
	bool starts_merge = !head && row->next && doc_cell_merged(t, row->next, col);
	bool mark = !head && (cell->flags & DOC_CELL_MARK);

	XML_OPEN(x, "w:tc");
	XML_OPEN(x, "w:tcPr");
	XML_OPEN(x, "w:tcW");
	XML_ATTR_INT(x, "w:w", width);
	XML_ATTR(x, "w:type", "dxa");
	xml_close(x);
	if (merged)
		W_EMPTY(x, "w:vMerge");
	else if (starts_merge)
		W_VAL(x, "w:vMerge", "restart");
	if (mark || head) {
		XML_OPEN(x, "w:shd");
		XML_ATTR(x, "w:val", "clear");
		XML_ATTR(x, "w:color", "auto");
		XML_ATTR(x, "w:fill", mark ? MARK_FILL : HEAD_FILL);
		xml_close(x);
	}
	xml_close(x); /* tcPr */
	XML_OPEN(x, "w:p");
	if (!merged)
		runs_docx(c, &cell->para, head || col < t->n_row_heads ? DOC_STRONG : 0, mark ? "FFFFFF" : NULL,
			  mark ? 16 : 0);
	xml_close(x); /* p */
	xml_close(x); /* tc */
}

static void table_docx(struct docx *c, const struct doc_table *t)
{
	struct xml *x = &c->x;
	int *widths = col_widths(c, t);

	if (t->caption && t->caption[0]) {
		XML_OPEN(x, "w:p");
		XML_OPEN(x, "w:pPr");
		W_VAL(x, "w:pStyle", "Caption");
		W_EMPTY(x, "w:keepNext");
		xml_close(x);
		XML_OPEN(x, "w:r");
		run_text(x, t->caption);
		xml_close(x);
		xml_close(x);
	}
	XML_OPEN(x, "w:tbl");
	XML_OPEN(x, "w:tblPr");
	W_VAL(x, "w:tblStyle", "TableGrid");
	XML_OPEN(x, "w:tblW");
	XML_ATTR_INT(x, "w:w", 5000);
	XML_ATTR(x, "w:type", "pct");
	xml_close(x);
	XML_OPEN(x, "w:tblLayout");
	XML_ATTR(x, "w:type", "fixed");
	xml_close(x);
	XML_OPEN(x, "w:tblLook");
	XML_ATTR(x, "w:val", "04A0");
	XML_ATTR(x, "w:firstRow", "1");
	XML_ATTR(x, "w:lastRow", "0");
	XML_ATTR(x, "w:firstColumn", t->n_row_heads ? "1" : "0");
	XML_ATTR(x, "w:lastColumn", "0");
	XML_ATTR(x, "w:noHBand", "0");
	XML_ATTR(x, "w:noVBand", "1");
	xml_close(x);
	if (t->caption && t->caption[0])
		W_VAL(x, "w:tblCaption", t->caption);
	xml_close(x); /* tblPr */
	XML_OPEN(x, "w:tblGrid");
	for (size_t i = 0; i < t->n_cols; i++) {
		XML_OPEN(x, "w:gridCol");
		XML_ATTR_INT(x, "w:w", widths[i]);
		xml_close(x);
	}
	xml_close(x);

	XML_OPEN(x, "w:tr");
	XML_OPEN(x, "w:trPr");
	W_EMPTY(x, "w:cantSplit");
	W_EMPTY(x, "w:tblHeader");
	xml_close(x);
	for (size_t i = 0; i < t->n_cols; i++)
		cell_docx(c, t, &t->head, i, widths[i], true);
	xml_close(x);
	for (const struct doc_row *row = t->first; row; row = row->next) {
		XML_OPEN(x, "w:tr");
		XML_OPEN(x, "w:trPr");
		W_EMPTY(x, "w:cantSplit");
		xml_close(x);
		for (size_t i = 0; i < t->n_cols; i++)
			cell_docx(c, t, row, i, widths[i], false);
		xml_close(x);
	}
	xml_close(x); /* tbl */
	/* An empty paragraph keeps two tables, or a table and a heading, apart. */
	W_EMPTY(x, "w:p");
}

static void page_break_docx(struct xml *x)
{
	XML_OPEN(x, "w:p");
	XML_OPEN(x, "w:r");
	XML_OPEN(x, "w:br");
	XML_ATTR(x, "w:type", "page");
	xml_close(x);
	xml_close(x);
	xml_close(x);
}

/* A run holding a field character of @type ("begin", "separate", "end"). */
static void fld_char(struct xml *x, const char *type)
{
	XML_OPEN(x, "w:r");
	XML_OPEN(x, "w:fldChar");
	XML_ATTR(x, "w:fldCharType", type);
	xml_close(x);
	xml_close(x);
}

/*
 * The table of contents: its title, then one TOC field over the headings
 * of levels 1-2 after @b. The field's result is those headings, one
 * paragraph each (styles TOC1, TOC2), until Word updates it with page
 * numbers; the field opens in the first paragraph and closes in the last.
 */
static bool toc_entry(const struct doc_block *h)
{
	return h->kind == DOC_HEADING && h->level <= 2;
}

static void toc_docx(struct docx *c, const struct doc_block *b)
{
	struct xml *x = &c->x;
	const struct doc_block *first = NULL, *last = NULL;

	para_docx(c, "TOCHeading", &b->para);
	for (const struct doc_block *h = b->next; h; h = h->next)
		if (toc_entry(h)) {
			if (!first)
				first = h;
			last = h;
		}
	for (const struct doc_block *h = first;;) {
		XML_OPEN(x, "w:p");
		XML_OPEN(x, "w:pPr");
		W_VAL(x, "w:pStyle", h && h->level == 2 ? "TOC2" : "TOC1");
		xml_close(x);
		if (h == first) {
			fld_char(x, "begin");
			XML_OPEN(x, "w:r");
			XML_OPEN(x, "w:instrText");
			XML_ATTR(x, "xml:space", "preserve");
			xml_text(x, " TOC \\o \"1-2\" \\h \\z \\u ");
			xml_close(x);
			xml_close(x);
			fld_char(x, "separate");
		}
		if (h)
			runs_docx(c, &h->para, 0, NULL, 0);
		if (h == last)
			fld_char(x, "end");
		xml_close(x);
		if (h == last)
			break;
		do
			h = h->next;
		while (!toc_entry(h));
	}
}

static void section_docx(struct xml *x)
{
	XML_OPEN(x, "w:sectPr");
	XML_OPEN(x, "w:pgSz");
	XML_ATTR_INT(x, "w:w", PAGE_W);
	XML_ATTR_INT(x, "w:h", PAGE_H);
	xml_close(x);
	XML_OPEN(x, "w:pgMar");
	XML_ATTR_INT(x, "w:top", MARGIN);
	XML_ATTR_INT(x, "w:right", MARGIN);
	XML_ATTR_INT(x, "w:bottom", MARGIN);
	XML_ATTR_INT(x, "w:left", MARGIN);
	XML_ATTR_INT(x, "w:header", 709);
	XML_ATTR_INT(x, "w:footer", 709);
	XML_ATTR_INT(x, "w:gutter", 0);
	xml_close(x);
	xml_close(x);
}

static const char *document_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;
	struct doc_para title = { 0 };
	struct doc_run title_run = { .text = c->d->title };

	title.first = title.last = &title_run;
	xml_init(x, c->a);
	XML_OPEN(x, "w:document");
	XML_ATTR(x, "xmlns:w", NS_W);
	XML_ATTR(x, "xmlns:r", NS_R);
	XML_OPEN(x, "w:body");
	para_docx(c, "Title", &title);
	for (const struct doc_block *b = c->d->first; b; b = b->next) {
		switch (b->kind) {
		case DOC_HEADING:
			para_docx(c, b->level == 1 ? "Heading1" : b->level == 2 ? "Heading2" : "Heading3", &b->para);
			break;
		case DOC_PARAGRAPH:
			para_docx(c, NULL, &b->para);
			break;
		case DOC_BULLETS:
		case DOC_NUMBERED:
			list_docx(c, b);
			break;
		case DOC_TABLE:
			table_docx(c, b->table);
			break;
		case DOC_PAGE_BREAK:
			page_break_docx(x);
			break;
		case DOC_TOC:
			toc_docx(c, b);
			break;
		}
	}
	section_docx(x);
	xml_close(x); /* body */
	xml_close(x); /* document */
	return xml_finish(x, len);
}

/* --- styles and numbering -------------------------------------------------------- */

struct para_style {
	const char *id, *name;
	int outline;         /* outline level, or -1 */
	int size;            /* half-points, or 0 */
	bool bold, keep;     /* bold; keep with the next paragraph */
	int before, after;   /* spacing in twips, or -1 */
	const char *color;   /* or NULL */
	const char *num_ind; /* list: hanging indentation */
};

static const struct para_style para_styles[] = {
	{ "Title", "Title", -1, 44, true, true, 0, 360, "1F3A4D", NULL },
	{ "Heading1", "heading 1", 0, 32, true, true, 360, 120, "1F3A4D", NULL },
	{ "Heading2", "heading 2", 1, 26, true, true, 240, 80, "1F3A4D", NULL },
	{ "Heading3", "heading 3", 2, 23, true, true, 200, 60, "1F3A4D", NULL },
	{ "TOCHeading", "TOC Heading", -1, 32, true, true, 360, 120, "1F3A4D", NULL },
	{ "TOC1", "toc 1", -1, 0, false, false, 60, 60, NULL, NULL },
	{ "TOC2", "toc 2", -1, 0, false, false, 0, 60, NULL, NULL },
	{ "Caption", "caption", -1, 20, true, true, 120, 80, NULL, NULL },
	{ "ListBullet", "List Bullet", -1, 0, false, false, -1, 60, NULL, "360" },
	{ "ListNumber", "List Number", -1, 0, false, false, -1, 60, NULL, "360" },
};

static void rpr_defaults(struct xml *x, enum lang lang)
{
	XML_OPEN(x, "w:rPrDefault");
	XML_OPEN(x, "w:rPr");
	XML_OPEN(x, "w:rFonts");
	XML_ATTR(x, "w:ascii", "Calibri");
	XML_ATTR(x, "w:hAnsi", "Calibri");
	XML_ATTR(x, "w:eastAsia", "Calibri");
	XML_ATTR(x, "w:cs", "Calibri");
	xml_close(x);
	W_VAL(x, "w:sz", "22");
	W_VAL(x, "w:szCs", "22");
	XML_OPEN(x, "w:lang");
	XML_ATTR(x, "w:val", lang_tag(lang));
	XML_ATTR(x, "w:eastAsia", "en-US");
	XML_ATTR(x, "w:bidi", "ar-SA");
	xml_close(x);
	xml_close(x);
	xml_close(x);
	XML_OPEN(x, "w:pPrDefault");
	XML_OPEN(x, "w:pPr");
	XML_OPEN(x, "w:spacing");
	XML_ATTR_INT(x, "w:after", 160);
	XML_ATTR_INT(x, "w:line", 264);
	XML_ATTR(x, "w:lineRule", "auto");
	xml_close(x);
	xml_close(x);
	xml_close(x);
}

static void para_style(struct xml *x, const struct para_style *s)
{
	XML_OPEN(x, "w:style");
	XML_ATTR(x, "w:type", "paragraph");
	XML_ATTR(x, "w:styleId", s->id);
	W_VAL(x, "w:name", s->name);
	W_VAL(x, "w:basedOn", "Normal");
	W_VAL(x, "w:next", "Normal");
	W_VAL(x, "w:uiPriority", s->outline >= 0 ? "9" : "10");
	W_EMPTY(x, "w:qFormat");
	XML_OPEN(x, "w:pPr");
	if (s->keep) {
		W_EMPTY(x, "w:keepNext");
		W_EMPTY(x, "w:keepLines");
	}
	if (s->before >= 0 || s->after >= 0) {
		XML_OPEN(x, "w:spacing");
		if (s->before >= 0)
			XML_ATTR_INT(x, "w:before", s->before);
		if (s->after >= 0)
			XML_ATTR_INT(x, "w:after", s->after);
		xml_close(x);
	}
	if (s->num_ind) {
		XML_OPEN(x, "w:ind");
		XML_ATTR(x, "w:left", s->num_ind);
		XML_ATTR(x, "w:hanging", s->num_ind);
		xml_close(x);
		W_EMPTY(x, "w:contextualSpacing");
	}
	if (s->outline >= 0) {
		XML_OPEN(x, "w:outlineLvl");
		XML_ATTR_INT(x, "w:val", s->outline);
		xml_close(x);
	}
	xml_close(x); /* pPr */
	if (s->bold || s->size || s->color) {
		XML_OPEN(x, "w:rPr");
		if (s->bold) {
			W_EMPTY(x, "w:b");
			W_EMPTY(x, "w:bCs");
		}
		if (s->color)
			W_VAL(x, "w:color", s->color);
		if (s->size) {
			XML_OPEN(x, "w:sz");
			XML_ATTR_INT(x, "w:val", s->size);
			xml_close(x);
			XML_OPEN(x, "w:szCs");
			XML_ATTR_INT(x, "w:val", s->size);
			xml_close(x);
		}
		xml_close(x);
	}
	xml_close(x); /* style */
}

/* A thin grey border line; @name is the side's element. */
#define BORDER(x, name)                                                                       \
	(XML_OPEN((x), name), XML_ATTR((x), "w:val", "single"), XML_ATTR_INT((x), "w:sz", 4), \
	 XML_ATTR_INT((x), "w:space", 0), XML_ATTR((x), "w:color", "6B6B6B"), xml_close(x))

static void table_styles(struct xml *x)
{
	XML_OPEN(x, "w:style");
	XML_ATTR(x, "w:type", "table");
	XML_ATTR(x, "w:default", "1");
	XML_ATTR(x, "w:styleId", "TableNormal");
	W_VAL(x, "w:name", "Normal Table");
	W_VAL(x, "w:uiPriority", "99");
	W_EMPTY(x, "w:semiHidden");
	W_EMPTY(x, "w:unhideWhenUsed");
	XML_OPEN(x, "w:tblPr");
	XML_OPEN(x, "w:tblInd");
	XML_ATTR_INT(x, "w:w", 0);
	XML_ATTR(x, "w:type", "dxa");
	xml_close(x);
	XML_OPEN(x, "w:tblCellMar");
	XML_OPEN(x, "w:top");
	XML_ATTR_INT(x, "w:w", 0);
	XML_ATTR(x, "w:type", "dxa");
	xml_close(x);
	XML_OPEN(x, "w:left");
	XML_ATTR_INT(x, "w:w", 108);
	XML_ATTR(x, "w:type", "dxa");
	xml_close(x);
	XML_OPEN(x, "w:bottom");
	XML_ATTR_INT(x, "w:w", 0);
	XML_ATTR(x, "w:type", "dxa");
	xml_close(x);
	XML_OPEN(x, "w:right");
	XML_ATTR_INT(x, "w:w", 108);
	XML_ATTR(x, "w:type", "dxa");
	xml_close(x);
	xml_close(x); /* tblCellMar */
	xml_close(x); /* tblPr */
	xml_close(x); /* style */

	XML_OPEN(x, "w:style");
	XML_ATTR(x, "w:type", "table");
	XML_ATTR(x, "w:styleId", "TableGrid");
	W_VAL(x, "w:name", "Table Grid");
	W_VAL(x, "w:basedOn", "TableNormal");
	W_VAL(x, "w:uiPriority", "39");
	XML_OPEN(x, "w:pPr");
	XML_OPEN(x, "w:spacing");
	XML_ATTR_INT(x, "w:before", 40);
	XML_ATTR_INT(x, "w:after", 40);
	XML_ATTR_INT(x, "w:line", 240);
	XML_ATTR(x, "w:lineRule", "auto");
	xml_close(x);
	xml_close(x);
	XML_OPEN(x, "w:rPr");
	W_VAL(x, "w:sz", "20");
	W_VAL(x, "w:szCs", "20");
	xml_close(x);
	XML_OPEN(x, "w:tblPr");
	XML_OPEN(x, "w:tblBorders");
	BORDER(x, "w:top");
	BORDER(x, "w:left");
	BORDER(x, "w:bottom");
	BORDER(x, "w:right");
	BORDER(x, "w:insideH");
	BORDER(x, "w:insideV");
	xml_close(x);
	xml_close(x); /* tblPr */
	xml_close(x); /* style */
}

static const char *styles_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;

	xml_init(x, c->a);
	XML_OPEN(x, "w:styles");
	XML_ATTR(x, "xmlns:w", NS_W);
	XML_OPEN(x, "w:docDefaults");
	rpr_defaults(x, c->d->lang);
	xml_close(x);

	XML_OPEN(x, "w:style");
	XML_ATTR(x, "w:type", "paragraph");
	XML_ATTR(x, "w:default", "1");
	XML_ATTR(x, "w:styleId", "Normal");
	W_VAL(x, "w:name", "Normal");
	W_EMPTY(x, "w:qFormat");
	xml_close(x);
	for (size_t i = 0; i < sizeof(para_styles) / sizeof(para_styles[0]); i++)
		para_style(x, &para_styles[i]);

	XML_OPEN(x, "w:style");
	XML_ATTR(x, "w:type", "character");
	XML_ATTR(x, "w:default", "1");
	XML_ATTR(x, "w:styleId", "DefaultParagraphFont");
	W_VAL(x, "w:name", "Default Paragraph Font");
	W_VAL(x, "w:uiPriority", "1");
	W_EMPTY(x, "w:semiHidden");
	W_EMPTY(x, "w:unhideWhenUsed");
	xml_close(x);
	XML_OPEN(x, "w:style");
	XML_ATTR(x, "w:type", "character");
	XML_ATTR(x, "w:styleId", "Hyperlink");
	W_VAL(x, "w:name", "Hyperlink");
	W_VAL(x, "w:uiPriority", "99");
	W_EMPTY(x, "w:unhideWhenUsed");
	XML_OPEN(x, "w:rPr");
	W_VAL(x, "w:color", "0563C1");
	W_VAL(x, "w:u", "single");
	xml_close(x);
	xml_close(x);
	table_styles(x);
	xml_close(x); /* styles */
	return xml_finish(x, len);
}

static void abstract_num(struct xml *x, int id, const char *fmt, const char *text)
{
	XML_OPEN(x, "w:abstractNum");
	XML_ATTR_INT(x, "w:abstractNumId", id);
	W_VAL(x, "w:multiLevelType", "singleLevel");
	XML_OPEN(x, "w:lvl");
	XML_ATTR_INT(x, "w:ilvl", 0);
	W_VAL(x, "w:start", "1");
	W_VAL(x, "w:numFmt", fmt);
	W_VAL(x, "w:lvlText", text);
	W_VAL(x, "w:lvlJc", "left");
	XML_OPEN(x, "w:pPr");
	XML_OPEN(x, "w:ind");
	XML_ATTR_INT(x, "w:left", 360);
	XML_ATTR_INT(x, "w:hanging", 360);
	xml_close(x);
	xml_close(x);
	xml_close(x); /* lvl */
	xml_close(x); /* abstractNum */
}

static const char *numbering_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;

	xml_init(x, c->a);
	XML_OPEN(x, "w:numbering");
	XML_ATTR(x, "xmlns:w", NS_W);
	abstract_num(x, 0, "bullet", "\xe2\x80\xa2"); /* U+2022 BULLET */
	abstract_num(x, 1, "decimal", "%1.");
	XML_OPEN(x, "w:num");
	XML_ATTR_INT(x, "w:numId", 1);
	W_VAL(x, "w:abstractNumId", "0");
	xml_close(x);
	for (int i = 0; i < c->n_numbered; i++) {
		XML_OPEN(x, "w:num");
		XML_ATTR_INT(x, "w:numId", 2 + i);
		W_VAL(x, "w:abstractNumId", "1");
		XML_OPEN(x, "w:lvlOverride");
		XML_ATTR_INT(x, "w:ilvl", 0);
		W_VAL(x, "w:startOverride", "1");
		xml_close(x);
		xml_close(x);
	}
	xml_close(x);
	return xml_finish(x, len);
}

/* --- the package ----------------------------------------------------------------- */

static void override(struct xml *x, const char *part, const char *type)
{
	XML_OPEN(x, "Override");
	XML_ATTR(x, "PartName", part);
	XML_ATTR(x, "ContentType", type);
	xml_close(x);
}

static const char *content_types_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;

	xml_init(x, c->a);
	XML_OPEN(x, "Types");
	XML_ATTR(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
	XML_OPEN(x, "Default");
	XML_ATTR(x, "Extension", "rels");
	XML_ATTR(x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
	xml_close(x);
	XML_OPEN(x, "Default");
	XML_ATTR(x, "Extension", "xml");
	XML_ATTR(x, "ContentType", "application/xml");
	xml_close(x);
	override(x, "/word/document.xml",
		 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
	override(x, "/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml");
	override(x, "/word/numbering.xml",
		 "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml");
	override(x, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
	xml_close(x);
	return xml_finish(x, len);
}

static void relationship(struct xml *x, const char *id, const char *type, const char *target, bool external)
{
	XML_OPEN(x, "Relationship");
	XML_ATTR(x, "Id", id);
	XML_ATTR(x, "Type", type);
	XML_ATTR(x, "Target", target);
	if (external)
		XML_ATTR(x, "TargetMode", "External");
	xml_close(x);
}

static const char *package_rels_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;

	xml_init(x, c->a);
	XML_OPEN(x, "Relationships");
	XML_ATTR(x, "xmlns", NS_PKG);
	relationship(x, "rId1", REL "officeDocument", "word/document.xml", false);
	relationship(x, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
		     "docProps/core.xml", false);
	xml_close(x);
	return xml_finish(x, len);
}

static const char *document_rels_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;

	xml_init(x, c->a);
	XML_OPEN(x, "Relationships");
	XML_ATTR(x, "xmlns", NS_PKG);
	relationship(x, "rId1", REL "styles", "styles.xml", false);
	relationship(x, "rId2", REL "numbering", "numbering.xml", false);
	for (size_t i = 0; i < c->n_links; i++)
		relationship(x, arena_printf(c->a, "rIdL%zu", i + 1), REL "hyperlink", c->links[i], true);
	xml_close(x);
	return xml_finish(x, len);
}

static const char *core_xml(struct docx *c, size_t *len)
{
	struct xml *x = &c->x;

	xml_init(x, c->a);
	XML_OPEN(x, "cp:coreProperties");
	XML_ATTR(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	XML_ATTR(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	XML_ATTR(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
	XML_ATTR(x, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
	XML_ATTR(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	XML_OPEN(x, "dc:title");
	xml_text(x, c->d->title);
	xml_close(x);
	XML_OPEN(x, "dc:creator");
	xml_text(x, "Tillit");
	xml_close(x);
	XML_OPEN(x, "dc:language");
	xml_text(x, lang_tag(c->d->lang));
	xml_close(x);
	XML_OPEN(x, "dcterms:created");
	XML_ATTR(x, "xsi:type", "dcterms:W3CDTF");
	xml_text(x, c->d->created);
	xml_close(x);
	XML_OPEN(x, "dcterms:modified");
	XML_ATTR(x, "xsi:type", "dcterms:W3CDTF");
	xml_text(x, c->d->created);
	xml_close(x);
	xml_close(x);
	return xml_finish(x, len);
}

struct part {
	const char *name;
	const char *data;
	size_t len;
};

/* Zip @parts into memory (in @a). Returns 0 or ERR_INTERNAL with the detail in @e. */
static int zip_parts(struct arena *a, const struct part *parts, size_t n, time_t mtime, const char **data, size_t *len,
		     struct err *e)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	char *out;
	int rc = ERR_INTERNAL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		err_detail(e, "docx: zip buffer: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return ERR_INTERNAL;
	}
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		err_detail(e, "docx: zip open: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return ERR_INTERNAL;
	}
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
		zip_int64_t idx = s ? zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) : -1;

		if (idx < 0) {
			if (s)
				zip_source_free(s);
			err_set(e, ERR_INTERNAL, NULL, NULL);
			err_detail(e, "docx: zip add %s: %s", parts[i].name, zip_strerror(za));
			zip_discard(za);
			goto out;
		}
		zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0);
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0);
	}
	if (zip_close(za) < 0) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		err_detail(e, "docx: zip close: %s", zip_strerror(za));
		zip_discard(za);
		goto out;
	}
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) < 0) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		err_detail(e, "docx: zip read back: %s", zip_error_strerror(zip_source_error(src)));
		goto out;
	}
	out = arena_alloc(a, st.size + 1);
	if (zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		err_detail(e, "docx: zip read back: %s", zip_error_strerror(zip_source_error(src)));
		zip_source_close(src);
		goto out;
	}
	zip_source_close(src);
	*data = out;
	*len = st.size;
	rc = 0;
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

int doc_docx(struct arena *a, const struct doc *d, const char **data, size_t *len, struct err *e)
{
	struct docx c = { .a = a, .d = d };
	struct part parts[7];
	time_t mtime;

	/* The body first: it counts the numbered lists and the links the other parts name. */
	parts[2].name = "word/document.xml";
	parts[2].data = document_xml(&c, &parts[2].len);
	parts[0].name = "[Content_Types].xml";
	parts[0].data = content_types_xml(&c, &parts[0].len);
	parts[1].name = "_rels/.rels";
	parts[1].data = package_rels_xml(&c, &parts[1].len);
	parts[3].name = "word/styles.xml";
	parts[3].data = styles_xml(&c, &parts[3].len);
	parts[4].name = "word/numbering.xml";
	parts[4].data = numbering_xml(&c, &parts[4].len);
	parts[5].name = "word/_rels/document.xml.rels";
	parts[5].data = document_rels_xml(&c, &parts[5].len);
	parts[6].name = "docProps/core.xml";
	parts[6].data = core_xml(&c, &parts[6].len);
	if (!time_parse_iso(d->created, &mtime))
		mtime = 315532800; /* 1980-01-01, the first time a zip can hold */
	return zip_parts(a, parts, sizeof(parts) / sizeof(parts[0]), mtime, data, len, e);
}
