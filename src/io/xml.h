/*
 * xml.h - XML output that is escaped by construction.
 *
 * The office formats (DOCX parts, and later others) are written through a
 * struct xml. Element and attribute names can only be string literals: the
 * macros paste "" name "", so anything else fails to compile. Attribute
 * values and text always go through the escaper, which also keeps the output
 * well-formed whatever the input holds: invalid UTF-8 becomes U+FFFD, and
 * the control characters XML 1.0 forbids are dropped. Elements are closed in
 * order from a stack of open names, so a document is never left unbalanced.
 *
 *	struct xml x;
 *	xml_init(&x, arena);
 *	XML_OPEN(&x, "w:p");
 *	XML_OPEN(&x, "w:pStyle");
 *	XML_ATTR(&x, "w:val", "Heading1");
 *	xml_close(&x);                  // <w:pStyle w:val="Heading1"/>
 *	xml_text(&x, user_text);        // escaped
 *	xml_close(&x);                  // </w:p>
 *	text = xml_finish(&x, &len);
 */
#ifndef TILLIT_IO_XML_H
#define TILLIT_IO_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define XML_DEPTH_MAX 32

struct xml {
	struct buf b;
	const char *open[XML_DEPTH_MAX]; /* names of the open elements (literals) */
	int depth;
	bool in_tag; /* the innermost start tag is not yet closed with '>' */
};

/** Start a document in @a with the XML declaration (UTF-8, standalone). */
void xml_init(struct xml *x, struct arena *a);

/** Open element @name (a string literal). Attributes may follow until content is written. */
#define XML_OPEN(x, name) xml_open_((x), "" name "")

/** Add attribute @name (a literal) with @value escaped; NULL writes nothing. Only right after XML_OPEN. */
#define XML_ATTR(x, name, value) xml_attr_((x), "" name "", (value))

/** Add attribute @name (a literal) with a decimal value. */
#define XML_ATTR_INT(x, name, value) xml_attr_int_((x), "" name "", (value))

/** Close the innermost open element; one with no content is written as <name/>. */
void xml_close(struct xml *x);

/** Text content, escaped (& < > and, for safety, " '). NULL writes nothing. */
void xml_text(struct xml *x, const char *s);

/** Text content of @len bytes. */
void xml_textn(struct xml *x, const char *s, size_t len);

/**
 * The finished document (every element must be closed: BUG otherwise).
 * Borrowed from the arena given to xml_init(); *@len gets its length.
 */
const char *xml_finish(struct xml *x, size_t *len);

/** Do not call directly: use the macros. */
void xml_open_(struct xml *x, const char *name);
void xml_attr_(struct xml *x, const char *name, const char *value);
void xml_attr_int_(struct xml *x, const char *name, int64_t value);

#endif
