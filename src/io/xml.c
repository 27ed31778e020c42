/*
 * xml.c - the XML writer behind struct xml.
 *
 * One escaper serves text and attribute values. It walks the input as UTF-8:
 * a byte sequence that is not valid UTF-8 (overlong, a surrogate, beyond
 * U+10FFFF, cut short) is replaced by U+FFFD, and characters that XML 1.0
 * does not allow at all (C0 controls other than tab, LF and CR; U+FFFE and
 * U+FFFF) are dropped, so no input can make a part that Word refuses to
 * open. & < > " ' become entities; in attribute values tab, LF and CR are
 * written as character references because a parser would otherwise turn
 * them into spaces, and CR is always a reference because a parser would
 * otherwise turn it into LF.
 */
#include "io/xml.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

void xml_init(struct xml *x, struct arena *a)
{
	buf_init(&x->b, a);
	buf_add(&x->b, XML_DECL, sizeof(XML_DECL) - 1);
	x->depth = 0;
	x->in_tag = false;
}

/* Length of the valid UTF-8 sequence at @s (at most @len bytes), with its code point in *@cp; 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	return str_utf8_seq((const char *)s, len, cp);
}

static void escape_into(struct buf *b, const char *s, size_t len, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_next(p + i, len - i, &cp);
		const char *rep = NULL;

		if (n == 0) {
			rep = "\xef\xbf\xbd"; /* U+FFFD */
			n = 1;
		} else if (cp == '&') {
			rep = "&amp;";
		} else if (cp == '<') {
			rep = "&lt;";
		} else if (cp == '>') {
			rep = "&gt;";
		} else if (cp == '"') {
			rep = "&quot;";
		} else if (cp == '\'') {
			rep = "&apos;";
		} else if (cp == '\r') {
			rep = "&#13;";
		} else if (attr && cp == '\n') {
			rep = "&#10;";
		} else if (attr && cp == '\t') {
			rep = "&#9;";
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xfffe || cp == 0xffff) {
			rep = "";
		}
		if (rep) {
			buf_add(b, s + run, i - run);
			buf_adds(b, rep);
			run = i + n;
		}
		i += n;
	}
	buf_add(b, s + run, len - run);
}

/* End the open start tag, if any, so that content can follow. */
static void end_start_tag(struct xml *x)
{
	if (x->in_tag) {
		buf_addch(&x->b, '>');
		x->in_tag = false;
	}
}

void xml_open_(struct xml *x, const char *name)
{
	if (x->depth >= XML_DEPTH_MAX)
		BUG("xml: elements nested too deep");
	end_start_tag(x);
	buf_addch(&x->b, '<');
	buf_adds(&x->b, name);
	x->open[x->depth++] = name;
	x->in_tag = true;
}

void xml_attr_(struct xml *x, const char *name, const char *value)
{
	if (!x->in_tag)
		BUG("xml: attribute after content");
	if (!value)
		return;
	buf_addch(&x->b, ' ');
	buf_adds(&x->b, name);
	buf_add(&x->b, "=\"", 2);
	escape_into(&x->b, value, strlen(value), true);
	buf_addch(&x->b, '"');
}

void xml_attr_int_(struct xml *x, const char *name, int64_t value)
{
	if (!x->in_tag)
		BUG("xml: attribute after content");
	buf_addf(&x->b, " %s=\"%" PRId64 "\"", name, value);
}

void xml_close(struct xml *x)
{
	if (x->depth == 0)
		BUG("xml: close without open element");
	x->depth--;
	if (x->in_tag) {
		buf_add(&x->b, "/>", 2);
		x->in_tag = false;
		return;
	}
	buf_add(&x->b, "</", 2);
	buf_adds(&x->b, x->open[x->depth]);
	buf_addch(&x->b, '>');
}

void xml_textn(struct xml *x, const char *s, size_t len)
{
	if (!s)
		return;
	end_start_tag(x);
	escape_into(&x->b, s, len, false);
}

void xml_text(struct xml *x, const char *s)
{
	if (s)
		xml_textn(x, s, strlen(s));
}

const char *xml_finish(struct xml *x, size_t *len)
{
	if (x->depth != 0)
		BUG("xml: document finished with open elements");
	if (len)
		*len = x->b.len;
	return buf_cstr(&x->b);
}
