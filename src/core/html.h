/*
 * html.h - HTML output that is escaped by construction.
 *
 * Pages write into a struct html. Markup can only be written as a string
 * literal through HTML_LIT(): the macro pastes "" x "", so anything that is
 * not a literal fails to compile. Every dynamic value goes through a function
 * for its context: text, attribute value, URL query argument, or a JSON
 * island. No public function writes a char * unescaped.
 */
#ifndef TILLIT_CORE_HTML_H
#define TILLIT_CORE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "i18n.h"

struct html {
	struct buf b;
	enum lang lang;
};

/** Prepare an empty document in @a, written in @lang. */
void html_init(struct html *h, struct arena *a, enum lang lang);

/** Write a string literal of markup. Anything else fails to compile. */
#define HTML_LIT(h, lit) html_lit_((h), "" lit "", sizeof(lit) - 1)

/** Do not call directly: use HTML_LIT(). */
void html_lit_(struct html *h, const char *lit, size_t len);

/** Text content: escapes & < > " ' . NULL writes nothing. */
void html_text(struct html *h, const char *s);

/** Text content of @len bytes (may contain no NUL). */
void html_textn(struct html *h, const char *s, size_t len);

/** Formatted text content, escaped after formatting. */
void html_textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** An attribute value; the caller's literal supplies the double quotes. */
void html_attr(struct html *h, const char *s);

/** Formatted attribute value, escaped after formatting. */
void html_attrf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** A decimal integer (needs no escaping). */
void html_int(struct html *h, int64_t v);

/** Percent-encode @s for a URL query argument or path segment (RFC 3986 unreserved kept). */
void html_url_arg(struct html *h, const char *s);

/** The translation of @msgid in the document's language, escaped as text. */
void html_tr(struct html *h, const char *msgid);

/** As html_tr(), with the translation's one "%s" replaced by @arg (escaped; never used as a format). */
void html_tr1(struct html *h, const char *msgid, const char *arg);

/**
 * A <script type="application/json" id="@id"> block holding @json with <, >
 * and & written as \u003c, \u003e, \u0026 so it can never close the element.
 */
void html_json_island(struct html *h, const char *id, const char *json);

/** Escape @s for HTML text/attributes into a new string. Result lives in @a. */
char *html_escape(struct arena *a, const char *s);

#endif
