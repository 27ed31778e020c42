/*
 * docread.c - the readers behind docread.h.
 */
#include "docread.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "core/arena.h"
#include "core/buf.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

void rd_push(struct arena *a, struct rd_seq *s, enum rd_kind kind, const char *text)
{
	if (s->n == s->cap) {
		struct rd_item *v;

		s->cap = s->cap ? 2 * s->cap : 32;
		v = arena_calloc(a, s->cap, sizeof(*v));
		if (s->n)
			memcpy(v, s->v, s->n * sizeof(*v));
		s->v = v;
	}
	s->v[s->n].kind = kind;
	s->v[s->n].text = arena_strdup(a, text);
	s->n++;
}

static const char *kind_name(enum rd_kind k)
{
	static const char *const names[] = { "title", "heading 1", "heading 2", "heading 3", "paragraph", "item" };

	return names[k];
}

void rd_assert_seq(const struct rd_seq *got, const struct rd_seq *want, const char *what)
{
	for (size_t i = 0; i < got->n && i < want->n; i++) {
		if (got->v[i].kind != want->v[i].kind || strcmp(got->v[i].text, want->v[i].text) != 0)
			fail_msg("%s, block %zu: got %s \"%s\", want %s \"%s\"", what, i, kind_name(got->v[i].kind),
				 got->v[i].text, kind_name(want->v[i].kind), want->v[i].text);
	}
	if (got->n != want->n)
		fail_msg("%s: %zu blocks, want %zu (next: \"%s\")", what, got->n, want->n,
			 got->n > want->n ? got->v[want->n].text : want->v[got->n].text);
}

/* --- HTML --------------------------------------------------------------------------- */

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

static void html_text_of(struct buf *b, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE)
			buf_adds(b, (const char *)c->content);
		else if (is(c, "br"))
			buf_addch(b, '\n');
		else if (c->type == XML_ELEMENT_NODE)
			html_text_of(b, c);
	}
}

static void html_walk(struct arena *a, struct rd_seq *s, const xmlNode *n)
{
	static const char *const tags[] = { "h1", "h2", "h3", "h4", "p", "li" };

	for (; n; n = n->next) {
		bool done = false;

		if (is(n, "table") || is(n, "head") || is(n, "style") || is(n, "script"))
			continue;
		for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
			if (is(n, tags[k])) {
				struct buf b;

				buf_init(&b, a);
				html_text_of(&b, n);
				if (b.len)
					rd_push(a, s, (enum rd_kind)k, b.data);
				done = true;
			}
		}
		if (!done && n->children)
			html_walk(a, s, n->children);
	}
}

xmlDoc *rd_parse_html(const char *data, size_t len)
{
	return htmlReadMemory(data, (int)len, NULL, "UTF-8",
			      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

struct rd_seq rd_html(struct arena *a, const char *html, size_t len)
{
	struct rd_seq s = { 0 };
	xmlDoc *doc = rd_parse_html(html, len);

	assert_non_null(doc);
	html_walk(a, &s, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return s;
}

/* --- Markdown ----------------------------------------------------------------------- */

static void md_text_of(struct buf *b, cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			buf_adds(b, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_LINEBREAK:
			buf_addch(b, '\n');
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_addch(b, ' '); /* the writer makes hard breaks only: a soft one shows as a blank */
			break;
		default:
			md_text_of(b, c);
			break;
		}
	}
}

/* A pipe table's line: its paragraph's first source line starts with a bare | (not an escaped \\|). */
static bool pipe_row(const char *md, cmark_node *n)
{
	int line;

	if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return false;
	line = cmark_node_get_start_line(n);
	for (; line > 1 && *md; md++)
		if (*md == '\n')
			line--;
	return *md == '|';
}

/* A table's caption: a paragraph of one strong run right before a pipe table. */
static bool table_caption(const char *md, cmark_node *n)
{
	cmark_node *c = cmark_node_first_child(n);

	return c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_STRONG &&
	       pipe_row(md, cmark_node_next(n));
}

static void md_walk(struct arena *a, struct rd_seq *s, const char *md, cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		struct buf b;

		buf_init(&b, a);
		if (t == CMARK_NODE_HEADING) {
			int level = cmark_node_get_heading_level(c);

			md_text_of(&b, c);
			rd_push(a, s, level <= 1 ? RD_TITLE : level == 2 ? RD_H1 : level == 3 ? RD_H2 : RD_H3, b.data);
		} else if (t == CMARK_NODE_PARAGRAPH) {
			if (pipe_row(md, c) || table_caption(md, c))
				continue;
			md_text_of(&b, c);
			if (b.len)
				rd_push(a, s, cmark_node_get_type(n) == CMARK_NODE_ITEM ? RD_LI : RD_P, b.data);
		} else {
			md_walk(a, s, md, c);
		}
	}
}

struct rd_seq rd_markdown(struct arena *a, const char *md)
{
	struct rd_seq s = { 0 };
	cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS);

	md_walk(a, &s, md, root);
	cmark_node_free(root);
	return s;
}

/* --- DOCX ----------------------------------------------------------------------------- */

static bool is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && !xmlStrcmp(n->ns->href, (const xmlChar *)NS_W) &&
	       !xmlStrcmp(n->name, (const xmlChar *)name);
}

static const char *w_val(const xmlNode *n)
{
	for (const xmlAttr *at = n->properties; at; at = at->next) {
		if (!xmlStrcmp(at->name, (const xmlChar *)"val") && at->children)
			return (const char *)at->children->content;
	}
	return NULL;
}

static void docx_text_of(struct buf *b, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_w(c, "t")) {
			for (const xmlNode *t = c->children; t; t = t->next)
				if (t->type == XML_TEXT_NODE)
					buf_adds(b, (const char *)t->content);
		} else if (is_w(c, "br")) {
			xmlChar *type = xmlGetNsProp(c, (const xmlChar *)"type", (const xmlChar *)NS_W);

			if (!type)
				buf_addch(b, '\n');
			xmlFree(type);
		} else if (is_w(c, "tab")) {
			buf_addch(b, '\t');
		} else if (c->type == XML_ELEMENT_NODE && !is_w(c, "pPr") && !is_w(c, "rPr")) {
			docx_text_of(b, c);
		}
	}
}

static const char *para_style(const xmlNode *p)
{
	for (const xmlNode *c = p->children; c; c = c->next) {
		if (!is_w(c, "pPr"))
			continue;
		for (const xmlNode *s = c->children; s; s = s->next)
			if (is_w(s, "pStyle"))
				return w_val(s);
	}
	return NULL;
}

struct rd_seq rd_docx_body(struct arena *a, xmlDoc *document)
{
	struct rd_seq s = { 0 };
	xmlNode *root = xmlDocGetRootElement(document), *body = NULL;

	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, "body"))
			body = c;
	assert_non_null(body);
	for (xmlNode *p = body->children; p; p = p->next) {
		const char *style;
		enum rd_kind kind = RD_P;
		struct buf b;

		if (!is_w(p, "p"))
			continue; /* tables, the section */
		style = para_style(p);
		if (style && !strcmp(style, "Caption"))
			continue;
		if (style && !strcmp(style, "Title"))
			kind = RD_TITLE;
		else if (style && !strcmp(style, "Heading1"))
			kind = RD_H1;
		else if (style && !strcmp(style, "Heading2"))
			kind = RD_H2;
		else if (style && !strcmp(style, "Heading3"))
			kind = RD_H3;
		else if (style && !strncmp(style, "List", 4))
			kind = RD_LI;
		buf_init(&b, a);
		docx_text_of(&b, p);
		if (b.len)
			rd_push(a, &s, kind, b.data);
	}
	return s;
}

/* --- zip, XML, XPath --------------------------------------------------------------- */

const char *rd_unzip(struct arena *a, const char *zip, size_t zip_len, const char *name, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	zip_file_t *f;
	char *out = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(zip, zip_len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za)
		fail_msg("not a zip: %s", zip_error_strerror(&ze));
	if (zip_stat(za, name, 0, &st) == 0 && (f = zip_fopen(za, name, 0))) {
		out = arena_alloc(a, st.size + 1);
		assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
		zip_fclose(f);
		if (len)
			*len = st.size;
	}
	zip_close(za);
	zip_error_fini(&ze);
	return out;
}

xmlDoc *rd_parse_xml(const char *data, size_t len)
{
	return xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static xmlXPathObject *xpath(xmlDoc *doc, const char *expr)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *o;

	xmlXPathRegisterNs(ctx, (const xmlChar *)"w", (const xmlChar *)NS_W);
	o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!o)
		fail_msg("bad XPath: %s", expr);
	return o;
}

double rd_xpath_number(xmlDoc *doc, const char *expr)
{
	xmlXPathObject *o = xpath(doc, expr);
	double v = xmlXPathCastToNumber(o);

	xmlXPathFreeObject(o);
	return v;
}

const char *rd_xpath_string(struct arena *a, xmlDoc *doc, const char *expr)
{
	xmlXPathObject *o = xpath(doc, expr);
	xmlChar *s = xmlXPathCastToString(o);
	const char *out = arena_strdup(a, (const char *)s);

	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}
