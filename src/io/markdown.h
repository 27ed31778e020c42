/*
 * markdown.h - texts that users write in Markdown (an activity's purpose),
 * shown on pages and put into documents.
 *
 * The text is parsed by cmark (CommonMark) and its tree is walked here: no
 * HTML that cmark could produce is passed through. Raw HTML in the text is
 * shown as text, never run; a link becomes a link only when its address is
 * http:, https: or mailto: (a javascript: or data: link keeps its words and
 * loses its address); an image shows its description. A newline in a
 * paragraph is a line break, as in a text box. Headings inside the text are
 * shown as strong paragraphs, so a text never changes the outline of the
 * page or document it sits in.
 */
#ifndef TILLIT_IO_MARKDOWN_H
#define TILLIT_IO_MARKDOWN_H

struct doc;
struct html;

/**
 * Render Markdown @src (UTF-8; NULL is empty) as HTML into @h: paragraphs,
 * emphasis, strong, code, lists, block quotes, line breaks and safe links.
 * Escaped by construction, classes only: it may go into any page.
 */
void markdown_html(struct html *h, const char *src);

/**
 * Append Markdown @src to @d as paragraphs (with emphasis, strong and safe
 * links) and lists. Nested lists are flattened into their outer list; a code
 * block or a block of raw HTML becomes a paragraph of its text.
 */
void markdown_doc(struct doc *d, const char *src);

#endif
