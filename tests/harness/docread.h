/*
 * docread.h - reading the documents Tillit writes back with real parsers,
 * for tests: HTML and XML with libxml2, Markdown with cmark, DOCX unzipped
 * with libzip.
 *
 * Each reader turns a document into the same flat sequence of its text
 * blocks (title, headings, paragraphs, list items, in order; tables and
 * their captions left out, as are empty paragraphs), so one expected
 * sequence can be checked against every format. Line breaks read as "\n".
 * Everything lives in the arena passed in; parsed libxml2 documents are
 * freed with xmlFreeDoc() by the caller.
 */
#ifndef TILLIT_TEST_DOCREAD_H
#define TILLIT_TEST_DOCREAD_H

#include <stddef.h>

#include <libxml/tree.h>

struct arena;

enum rd_kind { RD_TITLE, RD_H1, RD_H2, RD_H3, RD_P, RD_LI };

struct rd_item {
	enum rd_kind kind;
	const char *text;
};

struct rd_seq {
	struct rd_item *v;
	size_t n, cap;
};

/** Append an item (@text copied into @a). */
void rd_push(struct arena *a, struct rd_seq *s, enum rd_kind kind, const char *text);

/** The text blocks of an HTML document or fragment (h1 is the title, h2–h4 headings 1–3). */
struct rd_seq rd_html(struct arena *a, const char *html, size_t len);

/** The text blocks of Markdown (# is the title, ## – #### headings 1–3; pipe tables left out). */
struct rd_seq rd_markdown(struct arena *a, const char *md);

/** The text blocks of word/document.xml by paragraph style (Title, Heading1–3, List*, none: paragraph). */
struct rd_seq rd_docx_body(struct arena *a, xmlDoc *document);

/** Fail the test unless @got equals @want item by item; @what names the format. */
void rd_assert_seq(const struct rd_seq *got, const struct rd_seq *want, const char *what);

/** The member @name of the zip in @zip (in @a, NUL-terminated), or NULL when it has none. */
const char *rd_unzip(struct arena *a, const char *zip, size_t zip_len, const char *name, size_t *len);

/** Parse XML strictly (no network, no entities from outside); NULL when not well-formed. */
xmlDoc *rd_parse_xml(const char *data, size_t len);

/** Parse HTML with libxml2's HTML parser; never NULL for any input. */
xmlDoc *rd_parse_html(const char *data, size_t len);

/** XPath @expr (prefix w: bound to WordprocessingML) evaluated as a number. */
double rd_xpath_number(xmlDoc *doc, const char *expr);

/** XPath @expr evaluated as a string, in @a. */
const char *rd_xpath_string(struct arena *a, xmlDoc *doc, const char *expr);

#endif
