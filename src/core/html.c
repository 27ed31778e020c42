/*
 * html.c - the escapers behind struct html, one per output context.
 *
 * Text and attribute values share one escaper that replaces & < > " ' with
 * entities, so a value is safe both between tags and inside a double- or
 * single-quoted attribute. URL arguments are percent-encoded except for the
 * RFC 3986 unreserved characters (cgit's table). JSON islands only need <, >
 * and & hidden, as \u003c \u003e \u0026, so that neither "</script>" nor
 * "<!--" can appear inside the element; the JSON itself was written by the
 * json writer and is not re-validated here.
 */
#include "core/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"

void html_init(struct html *h, struct arena *a, enum lang lang)
{
	buf_init(&h->b, a);
	h->lang = lang;
}

void html_lit_(struct html *h, const char *lit, size_t len)
{
	buf_add(&h->b, lit, len);
}

/* The entity for @c, or NULL when @c needs no escaping. */
static const char *html_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

static void escape_into(struct buf *b, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		const char *ent = html_entity(s[i]);

		if (!ent)
			continue;
		buf_add(b, s + run, i - run);
		buf_adds(b, ent);
		run = i + 1;
	}
	buf_add(b, s + run, len - run);
}

void html_textn(struct html *h, const char *s, size_t len)
{
	if (s)
		escape_into(&h->b, s, len);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		escape_into(&h->b, s, strlen(s));
}

void html_textf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = arena_vprintf(h->b.arena, fmt, ap);
	va_end(ap);
	html_text(h, s);
}

void html_attr(struct html *h, const char *s)
{
	html_text(h, s);
}

void html_attrf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = arena_vprintf(h->b.arena, fmt, ap);
	va_end(ap);
	html_attr(h, s);
}

void html_int(struct html *h, int64_t v)
{
	buf_addf(&h->b, "%" PRId64, v);
}

static bool url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

void html_url_arg(struct html *h, const char *str)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;

	if (!s)
		return;
	for (; *s; s++) {
		if (url_unreserved(*s)) {
			buf_addch(&h->b, (char)*s);
		} else {
			char enc[3] = { '%', hex[*s >> 4], hex[*s & 15] };

			buf_add(&h->b, enc, 3);
		}
	}
}

void html_tr(struct html *h, const char *msgid)
{
	html_text(h, i18n_get(h->lang, msgid));
}

void html_tr1(struct html *h, const char *msgid, const char *arg)
{
	const char *t = i18n_get(h->lang, msgid), *at = strstr(t, "%s");
	if (!at) {
		html_text(h, t);
		return;
	}
	html_textn(h, t, (size_t)(at - t));
	html_text(h, arg ? arg : "");
	html_text(h, at + 2);
}

void html_json_island(struct html *h, const char *id, const char *json)
{
	const char *s = json ? json : "null";
	size_t run = 0, i;

	HTML_LIT(h, "<script type=\"application/json\" id=\"");
	html_attr(h, id);
	HTML_LIT(h, "\">");
	for (i = 0; s[i]; i++) {
		const char *esc;

		switch (s[i]) {
		case '<':
			esc = "\\u003c";
			break;
		case '>':
			esc = "\\u003e";
			break;
		case '&':
			esc = "\\u0026";
			break;
		default:
			continue;
		}
		buf_add(&h->b, s + run, i - run);
		buf_add(&h->b, esc, 6);
		run = i + 1;
	}
	buf_add(&h->b, s + run, i - run);
	HTML_LIT(h, "</script>");
}

char *html_escape(struct arena *a, const char *s)
{
	struct buf b;

	buf_init(&b, a);
	if (s)
		escape_into(&b, s, strlen(s));
	return b.data;
}
