/*
 * str.c - string helpers: UTF-8 validation, trimming, integer parsing,
 * case folding.
 *
 * str_valid_utf8() checks the encoding: it follows RFC 3629 strictly (no
 * overlong forms, no surrogates, nothing above U+10FFFF, no truncated
 * sequences) and also refuses NUL and the C0 control characters except tab,
 * LF and CR. str_valid_text() is the gate every text value from a form,
 * query or API body passes: on top of that it refuses the characters XML
 * 1.0 cannot carry or that have no business in text (DEL, the C1 controls,
 * the Unicode noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF), so that
 * whatever is stored can be written into a spreadsheet or any XML later.
 */
#include "core/str.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"

/* A code point that XML 1.0 cannot hold or that is a Unicode noncharacter or control. */
static bool is_unfit_for_text(uint32_t cp)
{
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

size_t str_utf8_seq(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0; /* ASCII, continuation byte, 0xc0/0xc1 or 0xf5.. */
	}
	if (len < n)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static bool utf8_scan(const char *str, size_t len, bool text)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	if (!s)
		return len == 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return false;
			if (text && c == 0x7f)
				return false;
			i++;
			continue;
		}
		if (!(n = str_utf8_seq(str + i, len - i, &cp)))
			return false;
		if (text && is_unfit_for_text(cp))
			return false;
		i += n;
	}
	return true;
}

bool str_valid_utf8(const char *s, size_t len)
{
	return utf8_scan(s, len, false);
}

bool str_valid_text(const char *s, size_t len)
{
	return utf8_scan(s, len, true);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *str_trim(char *s)
{
	size_t start = 0, end;

	if (!s)
		return NULL;
	end = strlen(s);
	while (start < end && is_space(s[start]))
		start++;
	while (end > start && is_space(s[end - 1]))
		end--;
	if (start)
		memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}

void str_split_label(struct arena *a, const char *text, const char **name, char **detail)
{
	size_t len = strlen(text);
	const char *open = len > 3 && text[len - 1] == ')' ? strstr(text, " (") : NULL;

	for (const char *p = open; p; p = strstr(p + 1, " ("))
		open = p;
	*name = open ? arena_strndup(a, text, (size_t)(open - text)) : text;
	*detail = open ? arena_strndup(a, open + 2, len - (size_t)(open - text) - 3) : NULL;
}

bool str_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!is_space(*s))
			return false;
	return true;
}

bool str_to_i64(const char *s, int64_t *out)
{
	const char *p;
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	/* strtoll would accept leading space and a leading '+'; we do not. */
	p = s[0] == '-' ? s + 1 : s;
	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return false;
#if LLONG_MAX > INT64_MAX
	if (v > INT64_MAX || v < INT64_MIN)
		return false;
#endif
	*out = (int64_t)v;
	return true;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool str_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

bool str_starts(const char *s, const char *prefix)
{
	if (!s || !prefix)
		return false;
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t str_utf8_len(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t ls, lx;
	if (!s || !suffix)
		return false;
	ls = strlen(s);
	lx = strlen(suffix);
	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

/* The small letter of code point @c (below U+0800), or @c itself. */
static uint32_t fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;
	return c;
}

void str_fold_utf8(char *out, const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	unsigned char *o = (unsigned char *)out;

	for (size_t i = 0; i < len;) {
		uint32_t c = s[i];
		if (c < 0x80) {
			o[i] = (unsigned char)fold_cp(c);
			i++;
		} else if ((c & 0xE0) == 0xC0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
			uint32_t cp = fold_cp(((c & 0x1F) << 6) | (s[i + 1] & 0x3F));
			/* every folded code point of the two-byte range stays in it */
			o[i] = (unsigned char)(0xC0 | (cp >> 6));
			o[i + 1] = (unsigned char)(0x80 | (cp & 0x3F));
			i += 2;
		} else {
			o[i] = s[i];
			i++;
		}
	}
}

char *str_fold(struct arena *a, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	char *out = arena_alloc(a, len + 1);

	if (len)
		str_fold_utf8(out, s, len);
	out[len] = 0;
	return out;
}

const char *str_cut_utf8(struct arena *a, const char *s, size_t max)
{
	size_t chars = 0, i = 0;

	if (str_utf8_len(s) <= max)
		return s;
	/* Keep max - 1 characters: stop at the first byte of the next one. */
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max - 1)
			break;
	return arena_printf(a, "%.*s…", (int)i, s);
}

int str_index(const char *const *table, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(table[i], s))
			return (int)i;
	return -1;
}

const char *str_label(const char *const *values, const char *const *labels, size_t n, const char *s)
{
	int k = str_index(values, n, s);
	return k >= 0 ? labels[k] : "";
}

/*
 * The next character of @*s as a Swedish sort weight, and @*s past it:
 * letters fold to small ones, å ä ö (and æ ø, which Swedish sorts as ä ö)
 * come after z in that order, accented e, a, o, i, u, c and n sort with
 * their plain letter, ü with y; anything else weighs its code point, above
 * every letter. 0 at the end.
 */
static uint32_t sv_weight(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t cp;

	if (!*p)
		return 0;
	if (*p < 0x80) {
		cp = *p++;
	} else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
		cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		p += 2;
	} else {
		cp = *p++; /* longer sequences and stray bytes: byte by byte, after the letters */
		*s = p;
		return 0x10000 + cp;
	}
	*s = p;
	cp = fold_cp(cp);
	if (cp >= 'a' && cp <= 'z')
		return cp;
	switch (cp) {
	case 0xE5: /* å */
		return 'z' + 1;
	case 0xE4: /* ä */
	case 0xE6: /* æ */
		return 'z' + 2;
	case 0xF6: /* ö */
	case 0xF8: /* ø */
		return 'z' + 3;
	case 0xE9:
	case 0xE8:
	case 0xEA:
	case 0xEB:
		return 'e';
	case 0xE1:
	case 0xE0:
	case 0xE2:
	case 0xE3:
		return 'a';
	case 0xF3:
	case 0xF2:
	case 0xF4:
	case 0xF5:
		return 'o';
	case 0xED:
	case 0xEC:
	case 0xEE:
	case 0xEF:
		return 'i';
	case 0xFA:
	case 0xF9:
	case 0xFB:
		return 'u';
	case 0xFC:
	case 0xFD:
	case 0xFF:
		return 'y';
	case 0xE7:
		return 'c';
	case 0xF1:
		return 'n';
	default:
		break;
	}
	/* digits, space and punctuation before the letters, as they are */
	return cp < 'a' ? cp : 0x100 + cp;
}

int str_sv_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)(a ? a : "");
	const unsigned char *y = (const unsigned char *)(b ? b : "");

	for (;;) {
		uint32_t wx = sv_weight(&x), wy = sv_weight(&y);
		if (wx != wy)
			return wx < wy ? -1 : 1;
		if (!wx)
			break;
	}
	/* The same letters: the exact text decides, so the order is total. */
	return strcmp(a ? a : "", b ? b : "");
}

char *str_dup_or_null(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		BUG("out of memory");
	return d;
}
