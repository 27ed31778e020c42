/*
 * doc.c - building the document model (doc.h) in an arena.
 *
 * Blocks, runs, list items and rows are singly linked lists with a tail
 * pointer, so appending is constant time and the order of the calls is the
 * order of the document. Every text is copied into the document's arena.
 * The quarter grid is an ordinary table built here from a list of
 * activities, so every renderer draws it without knowing what it is.
 */
#include "io/doc.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"

struct doc *doc_new(struct arena *a, enum lang lang, const char *title)
{
	struct doc *d = arena_alloc(a, sizeof(*d));
	char now[TIME_ISO_LEN];

	d->arena = a;
	d->lang = lang;
	d->title = arena_strdup(a, title ? title : "");
	time_now_iso(now);
	d->created = arena_strdup(a, now);
	return d;
}

void doc_set_created(struct doc *d, const char *iso_utc)
{
	if (iso_utc)
		d->created = arena_strdup(d->arena, iso_utc);
}

static struct doc_block *add_block(struct doc *d, enum doc_kind kind)
{
	struct doc_block *b = arena_alloc(d->arena, sizeof(*b));

	b->kind = kind;
	b->para.arena = d->arena;
	if (d->last)
		d->last->next = b;
	else
		d->first = b;
	d->last = b;
	return b;
}

struct doc_run *doc_run(struct doc_para *p, unsigned style, const char *text)
{
	struct doc_run *r = arena_alloc(p->arena, sizeof(*r));

	r->text = arena_strdup(p->arena, text ? text : "");
	r->style = style & (DOC_EM | DOC_STRONG);
	if (p->last)
		p->last->next = r;
	else
		p->first = r;
	p->last = r;
	return r;
}

bool doc_href_ok(const char *href)
{
	if (!href)
		return false;
	/* Scheme names are case-insensitive (RFC 3986 §3.1). */
	return (!strncasecmp(href, "https://", 8) && href[8]) || (!strncasecmp(href, "http://", 7) && href[7]) ||
	       (!strncasecmp(href, "mailto:", 7) && href[7]);
}

struct doc_run *doc_link(struct doc_para *p, const char *text, const char *href)
{
	struct doc_run *r = doc_run(p, DOC_PLAIN, text);

	if (doc_href_ok(href))
		r->href = arena_strdup(p->arena, href);
	return r;
}

struct doc_para *doc_heading(struct doc *d, int level, const char *text)
{
	struct doc_block *b = add_block(d, DOC_HEADING);

	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	if (text)
		doc_run(&b->para, DOC_PLAIN, text);
	return &b->para;
}

struct doc_para *doc_paragraph(struct doc *d)
{
	return &add_block(d, DOC_PARAGRAPH)->para;
}

struct doc_para *doc_text(struct doc *d, const char *text)
{
	struct doc_para *p = doc_paragraph(d);

	doc_run(p, DOC_PLAIN, text);
	return p;
}

struct doc_block *doc_list(struct doc *d, bool numbered)
{
	return add_block(d, numbered ? DOC_NUMBERED : DOC_BULLETS);
}

struct doc_para *doc_item(struct doc *d, struct doc_block *list)
{
	struct doc_item *it = arena_alloc(d->arena, sizeof(*it));

	if (list->kind != DOC_BULLETS && list->kind != DOC_NUMBERED)
		BUG("doc_item: not a list");
	it->para.arena = d->arena;
	if (list->last_item)
		list->last_item->next = it;
	else
		list->first_item = it;
	list->last_item = it;
	return &it->para;
}

struct doc_para *doc_item_text(struct doc *d, struct doc_block *list, const char *text)
{
	struct doc_para *p = doc_item(d, list);

	doc_run(p, DOC_PLAIN, text);
	return p;
}

static void row_init(struct doc *d, struct doc_table *t, struct doc_row *row)
{
	row->cells = arena_calloc(d->arena, t->n_cols, sizeof(*row->cells));
	for (size_t i = 0; i < t->n_cols; i++)
		row->cells[i].para.arena = d->arena;
}

struct doc_table *doc_table(struct doc *d, size_t n_cols, const unsigned *widths, const char *caption)
{
	struct doc_block *b;
	struct doc_table *t;

	if (n_cols == 0)
		BUG("doc_table: no columns");
	b = add_block(d, DOC_TABLE);
	t = arena_alloc(d->arena, sizeof(*t));
	t->n_cols = n_cols;
	t->widths = arena_calloc(d->arena, n_cols, sizeof(*t->widths));
	for (size_t i = 0; i < n_cols; i++)
		t->widths[i] = widths && widths[i] ? widths[i] : 1;
	t->caption = caption ? arena_strdup(d->arena, caption) : NULL;
	row_init(d, t, &t->head);
	b->table = t;
	return t;
}

struct doc_row *doc_row(struct doc *d, struct doc_table *t)
{
	struct doc_row *row = arena_alloc(d->arena, sizeof(*row));

	row_init(d, t, row);
	if (t->last)
		t->last->next = row;
	else
		t->first = row;
	t->last = row;
	t->n_rows++;
	return row;
}

struct doc_cell *doc_cell(struct doc_table *t, struct doc_row *row, size_t col)
{
	if (col >= t->n_cols)
		BUG("doc_cell: column out of range");
	return &row->cells[col];
}

struct doc_cell *doc_cell_text(struct doc_table *t, struct doc_row *row, size_t col, const char *text)
{
	struct doc_cell *c = doc_cell(t, row, col);

	doc_run(&c->para, DOC_PLAIN, text);
	return c;
}

void doc_page_break(struct doc *d)
{
	add_block(d, DOC_PAGE_BREAK);
}

void doc_toc(struct doc *d, const char *title)
{
	doc_run(&add_block(d, DOC_TOC)->para, DOC_PLAIN, title);
}

static bool same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

struct doc_table *doc_quarter_grid(struct doc *d, const struct doc_grid_words *w, const struct doc_grid_row *rows,
				   size_t n_rows)
{
	static const unsigned widths[6] = { 18, 34, 12, 12, 12, 12 };
	struct doc_table *t = doc_table(d, 6, widths, w->caption);

	t->n_row_heads = 2;
	doc_cell_text(t, &t->head, 0, w->group);
	doc_cell_text(t, &t->head, 1, w->label);
	for (size_t q = 0; q < 4; q++)
		doc_cell_text(t, &t->head, 2 + q, w->quarter[q]);
	for (size_t i = 0; i < n_rows; i++) {
		struct doc_row *row = doc_row(d, t);

		if (i > 0 && same_text(rows[i].group, rows[i - 1].group))
			doc_cell(t, row, 0)->flags |= DOC_CELL_MERGE_UP;
		else
			doc_cell_text(t, row, 0, rows[i].group);
		doc_cell_text(t, row, 1, rows[i].label);
		for (size_t q = 0; q < 4; q++) {
			if (rows[i].quarters & (1u << q))
				doc_cell_text(t, row, 2 + q, w->mark)->flags |= DOC_CELL_MARK;
		}
	}
	return t;
}

bool doc_cell_merged(const struct doc_table *t, const struct doc_row *row, size_t col)
{
	return row != t->first && row != &t->head && (row->cells[col].flags & DOC_CELL_MERGE_UP);
}

char *doc_para_text(struct arena *a, const struct doc_para *p)
{
	struct buf b;

	buf_init(&b, a);
	for (const struct doc_run *r = p->first; r; r = r->next)
		buf_adds(&b, r->text);
	return b.data;
}
