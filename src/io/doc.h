/*
 * doc.h - one small document model for every report, and its renderers.
 *
 * A report module builds a struct doc from its data (a title, headings,
 * paragraphs of runs, bullet and numbered lists, tables, page breaks, the
 * quarter grid of an action plan) and hands it to a renderer: HTML (a
 * fragment for a page, or a standalone document with print styles for A4),
 * Markdown, or DOCX (WordprocessingML, zipped). The renderers escape for
 * their format by construction; a report module never writes markup.
 *
 * Everything lives in the arena given to doc_new(): every text passed to a
 * builder function is copied, so the caller's strings may be temporary.
 * Texts are UTF-8; a newline inside a run is a line break within its
 * paragraph, cell or list item. A NULL text counts as empty.
 *
 *	struct doc *d = doc_new(arena, LANG_SV, "Uppföljning Handlingsplan 2022");
 *	doc_heading(d, 1, "Nätverk");
 *	struct doc_para *p = doc_paragraph(d);
 *	doc_run(p, DOC_STRONG, "Status: ");
 *	doc_run(p, DOC_PLAIN, "Genomförd.");
 *	doc_docx(arena, d, &data, &len, &e);
 *
 * The model is read by the renderers and by tests, so its structs are
 * public; build it only through the functions below.
 */
#ifndef TILLIT_IO_DOC_H
#define TILLIT_IO_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"

struct arena;
struct buf;
struct err;
struct html;

/* --- the model ------------------------------------------------------------- */

enum doc_style {
	DOC_PLAIN = 0,
	DOC_EM = 1 << 0,    /* emphasis: italic */
	DOC_STRONG = 1 << 1 /* strong: bold */
};

/** A stretch of text in one style; @href makes it a link (http, https and mailto only). */
struct doc_run {
	struct doc_run *next;
	const char *text;
	const char *href; /* NULL, or an http:, https: or mailto: address */
	unsigned style;   /* enum doc_style bits */
};

/** Inline content: a paragraph, a heading, a list item or a table cell. */
struct doc_para {
	struct arena *arena; /* where its runs are allocated */
	struct doc_run *first, *last;
};

enum doc_cell_flags {
	DOC_CELL_MARK = 1 << 0,    /* a marked cell of a grid: shaded, its text for screen readers */
	DOC_CELL_MERGE_UP = 1 << 1 /* continues the cell above (same column) as one cell */
};

struct doc_cell {
	struct doc_para para;
	unsigned flags; /* enum doc_cell_flags */
};

struct doc_row {
	struct doc_row *next;
	struct doc_cell *cells; /* n_cols of them */
};

struct doc_table {
	size_t n_cols;
	unsigned *widths; /* relative widths, n_cols of them, each > 0 */
	const char *caption;
	size_t n_row_heads;  /* leading columns that head their row */
	struct doc_row head; /* the header row (cells' text may be empty) */
	struct doc_row *first, *last;
	size_t n_rows;
};

struct doc_item {
	struct doc_item *next;
	struct doc_para para;
};

enum doc_kind { DOC_HEADING, DOC_PARAGRAPH, DOC_BULLETS, DOC_NUMBERED, DOC_TABLE, DOC_PAGE_BREAK, DOC_TOC };

struct doc_block {
	struct doc_block *next;
	enum doc_kind kind;
	int level;                               /* DOC_HEADING: 1..3 */
	struct doc_para para;                    /* DOC_HEADING, DOC_PARAGRAPH */
	struct doc_item *first_item, *last_item; /* DOC_BULLETS, DOC_NUMBERED */
	struct doc_table *table;                 /* DOC_TABLE */
};

struct doc {
	struct arena *arena;
	enum lang lang;
	const char *title;
	const char *created; /* "YYYY-MM-DDTHH:MM:SSZ" */
	struct doc_block *first, *last;
};

/* --- building ---------------------------------------------------------------- */

/**
 * A new, empty document titled @title, written in @lang (the language tag of
 * the HTML and DOCX output). Its creation time is time_now() (TILLIT_NOW in
 * tests) until doc_set_created() says otherwise. Lives in @a.
 */
struct doc *doc_new(struct arena *a, enum lang lang, const char *title);

/** Set the creation time recorded in the DOCX properties ("YYYY-MM-DDTHH:MM:SSZ"). */
void doc_set_created(struct doc *d, const char *iso_utc);

/** A heading of @level 1..3 (clamped) holding @text. Its inline content is returned for more runs. */
struct doc_para *doc_heading(struct doc *d, int level, const char *text);

/** A new, empty paragraph; add its runs with doc_run(). */
struct doc_para *doc_paragraph(struct doc *d);

/** A paragraph of one plain run. */
struct doc_para *doc_text(struct doc *d, const char *text);

/** Append a run of @text in @style (enum doc_style bits) to @p; returns it. */
struct doc_run *doc_run(struct doc_para *p, unsigned style, const char *text);

/**
 * Append a link run: @text pointing at @href. Only http:, https: and mailto:
 * addresses become links; any other address leaves plain text.
 */
struct doc_run *doc_link(struct doc_para *p, const char *text, const char *href);

/** A new bullet list (or numbered, when @numbered); add items with doc_item(). */
struct doc_block *doc_list(struct doc *d, bool numbered);

/** A new item of list @list; returns its inline content (empty). */
struct doc_para *doc_item(struct doc *d, struct doc_block *list);

/** An item of one plain run. */
struct doc_para *doc_item_text(struct doc *d, struct doc_block *list, const char *text);

/**
 * A new table of @n_cols (>= 1) columns with relative widths @widths (NULL:
 * equal; zeros count as 1) and an optional @caption. The header row starts
 * empty: fill it with doc_cell_text(t, &t->head, i, text).
 */
struct doc_table *doc_table(struct doc *d, size_t n_cols, const unsigned *widths, const char *caption);

/** A new body row of @t, its cells empty. */
struct doc_row *doc_row(struct doc *d, struct doc_table *t);

/** Cell @col of @row (BUG when out of range); add runs to its para. */
struct doc_cell *doc_cell(struct doc_table *t, struct doc_row *row, size_t col);

/** Set cell @col of @row to one plain run of @text. */
struct doc_cell *doc_cell_text(struct doc_table *t, struct doc_row *row, size_t col, const char *text);

/** A page break. */
void doc_page_break(struct doc *d);

/**
 * A table of contents headed @title, listing the headings of levels 1 and
 * 2 that follow it: in DOCX a real TOC field (Word updates it with its page
 * numbers, F9), its entries written in as the field's current result; in
 * HTML and Markdown a list of the headings.
 */
void doc_toc(struct doc *d, const char *title);

/* --- the quarter grid ------------------------------------------------------ */

/** One activity of a quarter grid. */
struct doc_grid_row {
	const char *group; /* its area ("Nätverk"); consecutive equal groups share one cell */
	const char *label; /* the activity */
	unsigned quarters; /* bit 0 = Q1 ... bit 3 = Q4 */
};

/** The words of a quarter grid, in the report's language (the caller translates). */
struct doc_grid_words {
	const char *caption;    /* may be NULL */
	const char *group;      /* head of the first column: the year or "Område" */
	const char *label;      /* head of the second column: "Aktivitet" */
	const char *quarter[4]; /* "Kvartal 1" ... "Kvartal 4" */
	const char *mark;       /* the text of a planned quarter: "Planerad" */
};

/**
 * The quarter grid of an action plan (activities × Q1–Q4, as in the
 * follow-up report) as an ordinary table: area, activity, four quarters.
 * A planned quarter is a marked cell holding @w->mark (shaded in DOCX, a
 * bar in HTML, the word in Markdown); the area heads its run of rows as one
 * merged cell, and area and activity head each row for screen readers.
 */
struct doc_table *doc_quarter_grid(struct doc *d, const struct doc_grid_words *w, const struct doc_grid_row *rows,
				   size_t n_rows);

/* --- reading ------------------------------------------------------------------ */

/** The text of @p's runs joined, in @a ("" when empty). */
char *doc_para_text(struct arena *a, const struct doc_para *p);

/**
 * True when cell @col of @row continues the cell above it as one cell. The
 * first body row never does, whatever its flags say.
 */
bool doc_cell_merged(const struct doc_table *t, const struct doc_row *row, size_t col);

/** True when @href is an address the renderers make a link of (http:, https:, mailto:). */
bool doc_href_ok(const char *href);

/* --- rendering --------------------------------------------------------------- */

/**
 * The document as an HTML fragment for a page inside the page frame: an
 * <article class="doc"> without the title (the page's own <h1> shows it),
 * headings of level n as <h(n+1)>. Classes only, no style attributes, so it
 * obeys the pages' Content-Security-Policy; its styles are in
 * static/doc.css, which the page links.
 */
void doc_html_fragment(struct html *h, const struct doc *d);

/**
 * The document as a standalone HTML file: <!doctype html>, the title as
 * <h1>, static/doc.css and the A4 print styles in its <style>, no script.
 */
void doc_html_standalone(struct html *h, const struct doc *d);

/**
 * The document as Markdown (CommonMark with pipe tables) appended to @b.
 * Text is escaped so that it reads as the same text: nothing a user typed
 * can become a heading, a list, emphasis, a link or HTML.
 */
void doc_markdown(struct buf *b, const struct doc *d);

/**
 * The document as a DOCX file (Office Open XML WordprocessingML, zipped):
 * styles Title, Heading1–3 with outline levels (navigation pane, table of
 * contents), Table Grid, List Bullet, List Number; A4 pages. The bytes are
 * in @a (*@data, *@len). Returns 0, or ERR_INTERNAL with @e's detail set
 * when the zip cannot be made.
 */
int doc_docx(struct arena *a, const struct doc *d, const char **data, size_t *len, struct err *e);

/** MIME types of the formats, for a download's Content-Type. */
#define DOC_MIME_HTML "text/html; charset=utf-8"
#define DOC_MIME_MD   "text/markdown; charset=utf-8"
#define DOC_MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#endif
