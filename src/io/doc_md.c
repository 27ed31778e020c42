/*
 * doc_md.c - the document model as Markdown (CommonMark, with GitHub's pipe
 * tables).
 *
 * Text is escaped so that it reads back as the same text and nothing a user
 * typed becomes markup: the characters that open inline constructs anywhere
 * (\ ` * _ [ ] < > | ~ #, and & before what could be an entity) get a
 * backslash, and so do those that open a block only at the start of a line
 * (> - + = and the . or ) after a number). Leading blanks of a line are
 * dropped, so no text becomes an indented code block. Ordinary punctuation
 * is left alone, so the file stays pleasant to read.
 *
 * A newline inside a run is a hard line break (a backslash at the end of the
 * line), continued under a list item's indentation. Emphasis and strong
 * wrap a run's text in * and **, with its outer blanks kept outside the
 * delimiters as CommonMark requires. A link is [text](<address>). Blocks
 * are separated by a blank line; two lists in a row alternate their marker
 * (- and *, . and )) so that they stay two lists. A table is a pipe table
 * with its caption as a strong paragraph above it; a line break in a cell is
 * <br>, a merged cell is empty, a marked cell holds its word. A page break
 * has no Markdown form and is written as a thematic break.
 */
#include "io/doc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

struct mdw {
	struct buf *b;
	bool line_start;    /* nothing written yet on this line of the block */
	bool wrote;         /* something written in this block */
	int pending;        /* line breaks not yet written: dropped at the end of a block */
	struct buf held;    /* blanks not yet written: dropped before a line break or the end of a block */
	const char *brk;    /* what a line break is: "\\\n" + indent, "<br>" in a cell, " " in a heading */
	const char *indent; /* continuation indentation of a list item */
};

static bool always_special(char c)
{
	return strchr("\\`*_[]<>|~#", c) != NULL;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Write what was held back (blanks, or line breaks without the blanks before them): content follows. */
static void md_flush(struct mdw *w)
{
	if (w->wrote && w->pending) {
		for (; w->pending > 0; w->pending--) {
			buf_adds(w->b, w->brk);
			if (w->brk[0] == '\\') {
				buf_adds(w->b, w->indent);
				w->line_start = true;
			}
		}
	} else if (w->wrote) {
		buf_add(w->b, w->held.data, w->held.len);
	}
	buf_reset(&w->held);
	w->pending = 0;
	w->wrote = true;
}

/* Escaped text of @len bytes with no line ending; its trailing blanks are held back. */
static void md_textn(struct mdw *w, const char *s, size_t len)
{
	size_t i = 0, end = len;

	if (w->line_start || w->pending) {
		while (i < len && blank(s[i]))
			i++;
	}
	while (end > i && blank(s[end - 1]))
		end--;
	if (i == end) {
		buf_add(&w->held, s + i, len - i);
		return;
	}
	md_flush(w);
	if (w->line_start) {
		if (strchr(">-+=", s[i])) {
			buf_addch(w->b, '\\');
			buf_addch(w->b, s[i++]);
		} else if (isdigit((unsigned char)s[i])) {
			size_t j = i;

			while (j < end && j - i < 10 && isdigit((unsigned char)s[j]))
				j++;
			if (j < end && (s[j] == '.' || s[j] == ')')) {
				buf_add(w->b, s + i, j - i);
				buf_addch(w->b, '\\');
				i = j;
			}
		}
		w->line_start = false;
	}
	for (; i < end; i++) {
		char c = s[i];

		if (always_special(c) ||
		    (c == '&' && i + 1 < end && (isalnum((unsigned char)s[i + 1]) || s[i + 1] == '#')))
			buf_addch(w->b, '\\');
		buf_addch(w->b, c);
	}
	buf_add(&w->held, s + end, len - end);
}

/* Escaped text that may hold line endings (LF, CR or CRLF: hard line breaks). */
static void md_text(struct mdw *w, const char *s, size_t len)
{
	const char *end = s + len, *p = s;

	while (p < end) {
		if (*p == '\n' || *p == '\r') {
			md_textn(w, s, (size_t)(p - s));
			w->pending++;
			if (*p == '\r' && p + 1 < end && p[1] == '\n')
				p++;
			s = ++p;
		} else {
			p++;
		}
	}
	md_textn(w, s, (size_t)(end - s));
}

/* The address of a link inside <...>: no blanks, controls or angle brackets left raw. */
static void md_href(struct buf *b, const char *href)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
		if (*p <= 0x20 || *p == '<' || *p == '>' || *p == 0x7f) {
			buf_addch(b, '%');
			buf_addch(b, hex[*p >> 4]);
			buf_addch(b, hex[*p & 15]);
		} else {
			if (*p == '\\')
				buf_addch(b, '\\');
			buf_addch(b, (char)*p);
		}
	}
}

static void md_run(struct mdw *w, const struct doc_run *r)
{
	const char *s = r->text, *end = s + strlen(s), *core, *core_end;
	const char *delim = (r->style & DOC_STRONG) && (r->style & DOC_EM) ? "***"
			    : (r->style & DOC_STRONG)                      ? "**"
			    : (r->style & DOC_EM)                          ? "*"
									   : "";

	core = s;
	while (core < end && blank(*core))
		core++;
	core_end = end;
	while (core_end > core && blank(core_end[-1]))
		core_end--;
	md_text(w, s, (size_t)(core - s));
	if (core < core_end) {
		md_flush(w);
		if (r->href || delim[0])
			w->line_start = false;
		if (r->href)
			buf_addch(w->b, '[');
		buf_adds(w->b, delim);
		md_text(w, core, (size_t)(core_end - core));
		buf_adds(w->b, delim);
		if (r->href) {
			buf_adds(w->b, "](<");
			md_href(w->b, r->href);
			buf_adds(w->b, ">)");
		}
	}
	md_text(w, core_end, (size_t)(end - core_end));
}

static bool same_look(const struct doc_run *a, const struct doc_run *b)
{
	return a->style == b->style && (a->href == b->href || (a->href && b->href && !strcmp(a->href, b->href)));
}

/* The runs of @p; neighbours that look the same are written as one, so no delimiters meet. */
static void md_para(struct mdw *w, const struct doc_para *p)
{
	for (const struct doc_run *r = p->first; r;) {
		struct doc_run one = *r;
		const struct doc_run *next = r->next;

		if (next && same_look(r, next)) {
			struct buf text;

			buf_init(&text, w->b->arena);
			for (; next && same_look(r, next); next = next->next)
				;
			for (const struct doc_run *q = r; q != next; q = q->next)
				buf_adds(&text, q->text);
			one.text = text.data;
		}
		md_run(w, &one);
		r = next;
	}
}

/* Start a block: nothing written in it yet; a line break is @brk (then @indent). */
static void md_block(struct mdw *w, const char *brk, const char *indent)
{
	w->line_start = true;
	w->wrote = false;
	w->pending = 0;
	buf_reset(&w->held);
	w->brk = brk;
	w->indent = indent;
}

static void md_heading(struct mdw *w, int level, const struct doc_para *p)
{
	static const char *const marks[] = { "# ", "## ", "### ", "#### " };

	buf_adds(w->b, marks[level < 0 ? 0 : level > 3 ? 3 : level]);
	md_block(w, " ", ""); /* a heading is one line */
	md_para(w, p);
	buf_adds(w->b, "\n\n");
}

static void md_list(struct mdw *w, const struct doc_block *b, bool alternate)
{
	int n = 1;

	for (const struct doc_item *it = b->first_item; it; it = it->next, n++) {
		char marker[16];
		static const char spaces[] = "                ";
		size_t len;

		if (b->kind == DOC_NUMBERED)
			len = (size_t)snprintf(marker, sizeof(marker), "%d%c ", n, alternate ? ')' : '.');
		else
			len = (size_t)snprintf(marker, sizeof(marker), "%c ", alternate ? '*' : '-');
		buf_adds(w->b, marker);
		md_block(w, "\\\n", spaces + sizeof(spaces) - 1 - len);
		md_para(w, &it->para);
		buf_addch(w->b, '\n');
	}
	buf_addch(w->b, '\n');
}

static void md_row(struct mdw *w, const struct doc_table *t, const struct doc_row *row)
{
	buf_addch(w->b, '|');
	for (size_t i = 0; i < t->n_cols; i++) {
		buf_addch(w->b, ' ');
		if (!doc_cell_merged(t, row, i)) {
			md_block(w, "<br>", "");
			md_para(w, &row->cells[i].para);
		}
		buf_adds(w->b, " |");
	}
	buf_addch(w->b, '\n');
}

static void md_table(struct mdw *w, const struct doc_table *t)
{
	if (t->caption && t->caption[0]) {
		md_block(w, " ", "");
		buf_adds(w->b, "**");
		w->line_start = false;
		md_text(w, t->caption, strlen(t->caption));
		buf_adds(w->b, "**\n\n");
	}
	md_row(w, t, &t->head);
	buf_addch(w->b, '|');
	for (size_t i = 0; i < t->n_cols; i++)
		buf_adds(w->b, " --- |");
	buf_addch(w->b, '\n');
	for (const struct doc_row *row = t->first; row; row = row->next)
		md_row(w, t, row);
	buf_addch(w->b, '\n');
}

/* The table of contents: its title as a paragraph, the headings of levels 1-2 after @blk as a list. */
static void md_toc(struct mdw *w, const struct doc_block *blk)
{
	md_block(w, "\\\n", "");
	md_para(w, &blk->para);
	buf_adds(w->b, "\n\n");
	for (const struct doc_block *x = blk->next; x; x = x->next)
		if (x->kind == DOC_HEADING && x->level <= 2) {
			buf_adds(w->b, x->level == 2 ? "  - " : "- ");
			md_block(w, " ", x->level == 2 ? "    " : "  ");
			md_para(w, &x->para);
			buf_addch(w->b, '\n');
		}
	buf_addch(w->b, '\n');
}

void doc_markdown(struct buf *b, const struct doc *d)
{
	struct mdw w = { .b = b, .brk = "", .indent = "" };
	struct doc_para title = { 0 };
	struct doc_run title_run = { .text = d->title };
	enum doc_kind prev = DOC_PAGE_BREAK;
	bool alternate = false;

	buf_init(&w.held, b->arena);
	title.first = title.last = &title_run;
	md_heading(&w, 0, &title);
	for (const struct doc_block *blk = d->first; blk; blk = blk->next) {
		switch (blk->kind) {
		case DOC_HEADING:
			md_heading(&w, blk->level, &blk->para);
			break;
		case DOC_PARAGRAPH:
			md_block(&w, "\\\n", "");
			md_para(&w, &blk->para);
			buf_adds(b, "\n\n");
			break;
		case DOC_BULLETS:
		case DOC_NUMBERED:
			alternate = prev == blk->kind ? !alternate : false;
			md_list(&w, blk, alternate);
			break;
		case DOC_TABLE:
			md_table(&w, blk->table);
			break;
		case DOC_PAGE_BREAK:
			buf_adds(b, "---\n\n");
			break;
		case DOC_TOC:
			md_toc(&w, blk);
			break;
		}
		prev = blk->kind;
	}
}
