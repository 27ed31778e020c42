/*
 * markdown.c - Markdown texts read by cmark and written as safe HTML or into
 * the document model.
 *
 * cmark parses (with CMARK_OPT_VALIDATE_UTF8, so bad bytes become U+FFFD)
 * and its iterator walks the tree; each node becomes markup written with
 * HTML_LIT and text written with html_text(). cmark's own HTML renderer is
 * not used, so there is no option that could let raw HTML through: an HTML
 * block or inline node is written as escaped text like any other.
 */
#include "io/markdown.h"

#include <string.h>

#include <cmark.h>

#include "core/arena.h"
#include "core/html.h"
#include "io/doc.h"

static cmark_node *parse(const char *src)
{
	if (!src)
		src = "";
	return cmark_parse_document(src, strlen(src), CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
}

/* Text with its newlines as <br> (a code block's lines, raw HTML shown as text). */
static void text_lines(struct html *h, const char *s, bool trim_last)
{
	size_t len = s ? strlen(s) : 0;

	if (trim_last && len && s[len - 1] == '\n')
		len--;
	for (size_t i = 0, run = 0; i <= len; i++) {
		if (i == len || s[i] == '\n') {
			html_textn(h, s + run, i - run);
			if (i < len)
				HTML_LIT(h, "<br>");
			run = i + 1;
		}
	}
}

/* A paragraph directly in an item of a tight list is written without <p>, as cmark does. */
static bool tight_item_paragraph(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n), *list = item ? cmark_node_parent(item) : NULL;

	return item && list && cmark_node_get_type(item) == CMARK_NODE_ITEM && cmark_node_get_list_tight(list);
}

static void node_html(struct html *h, cmark_node *n, cmark_event_type ev)
{
	bool enter = ev == CMARK_EVENT_ENTER;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (!tight_item_paragraph(n)) {
			if (enter)
				HTML_LIT(h, "<p>");
			else
				HTML_LIT(h, "</p>\n");
		}
		break;
	case CMARK_NODE_HEADING:
		if (enter)
			HTML_LIT(h, "<p><strong>");
		else
			HTML_LIT(h, "</strong></p>\n");
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter)
			HTML_LIT(h, "<blockquote>\n");
		else
			HTML_LIT(h, "</blockquote>\n");
		break;
	case CMARK_NODE_LIST: {
		bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		int start = cmark_node_get_list_start(n);

		if (enter && ordered) {
			HTML_LIT(h, "<ol");
			if (start != 1) {
				HTML_LIT(h, " start=\"");
				html_int(h, start);
				HTML_LIT(h, "\"");
			}
			HTML_LIT(h, ">\n");
		} else if (enter) {
			HTML_LIT(h, "<ul>\n");
		} else if (ordered) {
			HTML_LIT(h, "</ol>\n");
		} else {
			HTML_LIT(h, "</ul>\n");
		}
		break;
	}
	case CMARK_NODE_ITEM:
		if (enter)
			HTML_LIT(h, "<li>");
		else
			HTML_LIT(h, "</li>\n");
		break;
	case CMARK_NODE_CODE_BLOCK:
		HTML_LIT(h, "<pre><code>");
		html_text(h, cmark_node_get_literal(n));
		HTML_LIT(h, "</code></pre>\n");
		break;
	case CMARK_NODE_HTML_BLOCK:
		HTML_LIT(h, "<p>");
		text_lines(h, cmark_node_get_literal(n), true);
		HTML_LIT(h, "</p>\n");
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		HTML_LIT(h, "<hr>\n");
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		html_text(h, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_CODE:
		HTML_LIT(h, "<code>");
		html_text(h, cmark_node_get_literal(n));
		HTML_LIT(h, "</code>");
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		HTML_LIT(h, "<br>\n");
		break;
	case CMARK_NODE_EMPH:
		if (enter)
			HTML_LIT(h, "<em>");
		else
			HTML_LIT(h, "</em>");
		break;
	case CMARK_NODE_STRONG:
		if (enter)
			HTML_LIT(h, "<strong>");
		else
			HTML_LIT(h, "</strong>");
		break;
	case CMARK_NODE_LINK:
		if (!doc_href_ok(cmark_node_get_url(n)))
			break; /* the words stay, the address goes */
		if (enter) {
			HTML_LIT(h, "<a href=\"");
			html_attr(h, cmark_node_get_url(n));
			HTML_LIT(h, "\" rel=\"noopener noreferrer\">");
		} else {
			HTML_LIT(h, "</a>");
		}
		break;
	default:
		/* The document, an image (its description is its text), custom nodes: their children only. */
		break;
	}
}

void markdown_html(struct html *h, const char *src)
{
	cmark_node *root = parse(src);
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		node_html(h, cmark_iter_get_node(it), ev);
	cmark_iter_free(it);
	cmark_node_free(root);
}

/* --- into the document model ------------------------------------------------------ */

struct md_doc {
	struct doc *d;
	struct doc_block *list; /* the outermost open list */
	int list_depth;
	struct doc_para *item; /* the open list item */
	bool item_used;        /* the item has a paragraph already */
	struct doc_para *cur;  /* where runs go */
	int em, strong, heading;
	const char *href; /* inside a safe link */
};

/* Where a block's text goes: the open list item (after a line break if it has text), or a new paragraph. */
static struct doc_para *block_para(struct md_doc *m)
{
	if (m->item) {
		if (m->item_used)
			doc_run(m->item, DOC_PLAIN, "\n");
		m->item_used = true;
		return m->item;
	}
	return doc_paragraph(m->d);
}

static void text_run(struct md_doc *m, const char *text)
{
	unsigned style = (m->em ? DOC_EM : 0) | (m->strong || m->heading ? DOC_STRONG : 0);

	if (!m->cur)
		m->cur = block_para(m);
	if (m->href)
		doc_link(m->cur, text, m->href)->style = style;
	else
		doc_run(m->cur, style, text);
}

/* A block of literal text (code, raw HTML) as a paragraph of its own, without its last newline. */
static void literal_block(struct md_doc *m, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	struct doc_para *p = block_para(m);

	if (len && s[len - 1] == '\n')
		len--;
	doc_run(p, DOC_PLAIN, arena_strndup(m->d->arena, s ? s : "", len));
}

static void node_doc(struct md_doc *m, cmark_node *n, cmark_event_type ev)
{
	bool enter = ev == CMARK_EVENT_ENTER;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
			m->heading += enter ? 1 : -1;
		m->cur = enter ? block_para(m) : NULL;
		break;
	case CMARK_NODE_LIST:
		if (enter && m->list_depth++ == 0)
			m->list = doc_list(m->d, cmark_node_get_list_type(n) == CMARK_ORDERED_LIST);
		if (!enter && --m->list_depth == 0) {
			m->list = NULL;
			m->item = NULL;
		}
		break;
	case CMARK_NODE_ITEM:
		if (enter) {
			m->item = doc_item(m->d, m->list);
			m->item_used = false;
		}
		break;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		literal_block(m, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
		text_run(m, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		text_run(m, "\n");
		break;
	case CMARK_NODE_EMPH:
		m->em += enter ? 1 : -1;
		break;
	case CMARK_NODE_STRONG:
		m->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_LINK:
		m->href = enter && doc_href_ok(cmark_node_get_url(n)) ? cmark_node_get_url(n) : NULL;
		break;
	default:
		/* The document, block quotes, thematic breaks, images, custom nodes: their children only. */
		break;
	}
}

void markdown_doc(struct doc *d, const char *src)
{
	cmark_node *root = parse(src);
	cmark_iter *it = cmark_iter_new(root);
	struct md_doc m = { .d = d };
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		node_doc(&m, cmark_iter_get_node(it), ev);
	cmark_iter_free(it);
	cmark_node_free(root);
}
