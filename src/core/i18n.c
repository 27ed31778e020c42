/*
 * i18n.c - message catalogs read from the embedded GNU .mo files.
 *
 * A .mo file (as written by msgfmt) starts with a header of 32-bit words:
 * magic, revision, number of strings N, offset of the table of original
 * strings, offset of the table of translations, and a hash table we do not
 * use. Each table has N entries of two words, length and offset, pointing at
 * NUL-terminated strings. The byte order is given by the magic number, so
 * both orders are accepted. Every offset and length is checked against the
 * file size before use, and every string must end in a NUL inside the file.
 *
 * The entries are copied into an array of pointer pairs (the strings stay in
 * the embedded data, which lives as long as the program) sorted with strcmp
 * for binary search. The header entry (empty msgid) and untranslated entries
 * (empty msgstr) are left out. After i18n_init() the tables are read-only, so
 * any number of threads may translate at once.
 */
#include "core/i18n.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_HEADER_SIZE   28

struct msg {
	const char *id;
	const char *str;
};

struct catalog {
	struct msg *msgs;
	size_t n_msgs;
};

static struct catalog catalogs[LANG_COUNT];

static const char *const lang_codes[LANG_COUNT] = { "sv", "en" };

static uint32_t mo_word(const unsigned char *p, bool big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/*
 * The string of table entry @i of the table at @table_off, or NULL when the
 * entry points outside the file or the string is not NUL-terminated.
 */
static const char *mo_string(const unsigned char *data, size_t size, bool be, uint32_t table_off, uint32_t i)
{
	uint64_t entry = (uint64_t)table_off + (uint64_t)i * 8;
	uint32_t len, off;

	if (entry + 8 > size)
		return NULL;
	len = mo_word(data + entry, be);
	off = mo_word(data + entry + 4, be);
	if ((uint64_t)off + len + 1 > size || data[(uint64_t)off + len] != '\0')
		return NULL;
	return (const char *)data + off;
}

static int msg_cmp(const void *pa, const void *pb)
{
	const struct msg *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

/* Parse one .mo file into @cat. Returns 0, or -1 when it is damaged. */
static int catalog_load(struct catalog *cat, const unsigned char *data, size_t size)
{
	uint32_t magic, n, orig_off, trans_off;
	bool be;
	size_t k = 0;

	if (size < MO_HEADER_SIZE)
		return -1;
	magic = mo_word(data, false);
	if (magic == MO_MAGIC)
		be = false;
	else if (magic == MO_MAGIC_SWAPPED)
		be = true;
	else
		return -1;
	if (mo_word(data + 4, be) >> 16 > 1) /* major revision 0 or 1 */
		return -1;
	n = mo_word(data + 8, be);
	orig_off = mo_word(data + 12, be);
	trans_off = mo_word(data + 16, be);
	if ((uint64_t)orig_off + (uint64_t)n * 8 > size || (uint64_t)trans_off + (uint64_t)n * 8 > size)
		return -1;

	cat->msgs = n ? calloc(n, sizeof(*cat->msgs)) : NULL;
	if (n && !cat->msgs)
		abort();
	for (uint32_t i = 0; i < n; i++) {
		const char *id = mo_string(data, size, be, orig_off, i);
		const char *str = mo_string(data, size, be, trans_off, i);

		if (!id || !str) {
			free(cat->msgs);
			cat->msgs = NULL;
			return -1;
		}
		if (*id == '\0' || *str == '\0')
			continue; /* the header, or not translated */
		cat->msgs[k].id = id;
		cat->msgs[k].str = str;
		k++;
	}
	cat->n_msgs = k;
	if (k > 1)
		qsort(cat->msgs, k, sizeof(*cat->msgs), msg_cmp);
	return 0;
}

int i18n_init(void)
{
	i18n_release();
	for (int l = 0; l < LANG_COUNT; l++) {
		char name[8];
		const struct embedded_file *f;

		memcpy(name, lang_codes[l], 2);
		memcpy(name + 2, ".mo", 4);
		f = embed_find(embedded_catalogs, name);
		if (!f)
			continue; /* no catalog: every message stays in English */
		if (catalog_load(&catalogs[l], f->data, f->len) < 0) {
			i18n_release();
			return -1;
		}
	}
	return 0;
}

void i18n_release(void)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(catalogs[l].msgs);
		catalogs[l].msgs = NULL;
		catalogs[l].n_msgs = 0;
	}
}

const char *i18n_get(enum lang lang, const char *msgid)
{
	const struct catalog *cat;
	size_t lo = 0, hi;

	if (!msgid || (int)lang < 0 || lang >= LANG_COUNT)
		return msgid;
	cat = &catalogs[lang];
	hi = cat->n_msgs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(msgid, cat->msgs[mid].id);

		if (c == 0)
			return cat->msgs[mid].str;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

const char *lang_code(enum lang lang)
{
	if ((int)lang < 0 || lang >= LANG_COUNT)
		return lang_codes[LANG_SV];
	return lang_codes[lang];
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Match a language tag of @len bytes at @s: "sv", "sv-SE", "EN_gb", ... */
static int lang_match(const char *s, size_t len)
{
	if (len < 2 || (len > 2 && s[2] != '-' && s[2] != '_'))
		return -1;
	for (int l = 0; l < LANG_COUNT; l++)
		if (lower(s[0]) == lang_codes[l][0] && lower(s[1]) == lang_codes[l][1])
			return l;
	return -1;
}

int lang_parse(const char *s)
{
	if (!s)
		return -1;
	return lang_match(s, strlen(s));
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse a q-value ("1", "0.8", "0.125") into thousandths; -1 when malformed. */
static int parse_q(const char *s, size_t len)
{
	int q, scale = 100;
	size_t i = 1;

	if (len == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = (s[0] - '0') * 1000;
	if (len == 1)
		return q;
	if (s[1] != '.')
		return -1;
	for (i = 2; i < len && i < 5; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
		scale /= 10;
	}
	if (i < len || q > 1000)
		return -1;
	return q;
}

/* The first @c in [@s, @end), or NULL. */
static const char *find_in(const char *s, const char *end, char c)
{
	for (; s < end; s++)
		if (*s == c)
			return s;
	return NULL;
}

enum lang lang_from_accept(const char *header)
{
	int best = LANG_SV, best_q = 0;
	const char *p = header;

	if (!header)
		return LANG_SV;
	while (*p) {
		const char *item = p, *end = strchr(p, ',');
		const char *tag, *tag_end, *semi;
		int l, q = 1000;

		if (!end)
			end = p + strlen(p);
		p = *end ? end + 1 : end;

		tag = item;
		while (tag < end && is_ows(*tag))
			tag++;
		semi = find_in(tag, end, ';');
		tag_end = semi ? semi : end;
		while (tag_end > tag && is_ows(tag_end[-1]))
			tag_end--;
		l = lang_match(tag, (size_t)(tag_end - tag));
		if (l < 0)
			continue;
		/* Parameters: look for q=. */
		while (semi) {
			const char *param = semi + 1, *next = find_in(param, end, ';');
			const char *pend = next ? next : end;

			while (param < pend && is_ows(*param))
				param++;
			while (pend > param && is_ows(pend[-1]))
				pend--;
			if (pend - param >= 2 && lower(param[0]) == 'q' && param[1] == '=')
				q = parse_q(param + 2, (size_t)(pend - param - 2));
			semi = next;
		}
		if (q > best_q) {
			best = l;
			best_q = q;
		}
	}
	return (enum lang)best;
}

/* A generic message for errors recorded without a message id. */
static const char *generic_message(int code)
{
	switch (code) {
	case ERR_INVALID:
		return N_("The input is not valid.");
	case ERR_NOTFOUND:
		return N_("The page or item was not found.");
	case ERR_FORBIDDEN:
		return N_("You do not have permission to do this.");
	case ERR_CONFLICT:
		return N_("Someone else changed this in the meantime. Reload the page and try again.");
	case ERR_UNAUTHORIZED:
		return N_("Please log in.");
	case ERR_TOOLARGE:
		return N_("The upload is too large.");
	case ERR_THROTTLED:
		return N_("Too many attempts. Wait a while and try again.");
	case ERR_EXISTS:
		return N_("That value is already in use.");
	case ERR_METHOD:
		return N_("That action is not allowed here.");
	case ERR_PRECONDITION:
		return N_("The version of the item is missing. Reload the page and try again.");
	case ERR_CANCELLED:
		return N_("The request took too long and was stopped. Try again, or ask for less at a time.");
	default:
		return N_("Something went wrong.");
	}
}

const char *err_message(const struct err *e, enum lang lang, struct arena *a)
{
	const char *msg;
	struct buf b;

	if (!e)
		return i18n_get(lang, generic_message(ERR_INTERNAL));
	if (!e->msgid)
		return i18n_get(lang, generic_message(e->code));
	msg = i18n_get(lang, e->msgid);
	if (!strchr(msg, '%'))
		return msg;
	/* Fill in %s by hand: a translation is never used as a printf format. */
	buf_init(&b, a);
	for (const char *s = msg; *s; s++) {
		if (s[0] == '%' && s[1] == 's') {
			buf_adds(&b, e->arg);
			s++;
		} else if (s[0] == '%' && s[1] == '%') {
			buf_addch(&b, '%');
			s++;
		} else {
			buf_addch(&b, *s);
		}
	}
	return b.data;
}

/* @tmpl with {1}..{9} replaced by @vals (a translation is never a printf format). */
static const char *fill(struct arena *a, const char *tmpl, const char *const *vals, size_t n)
{
	struct buf b;

	buf_init(&b, a);
	buf_adds(&b, "");
	for (const char *s = tmpl; *s; s++) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' && (size_t)(s[1] - '1') < n) {
			buf_adds(&b, vals[s[1] - '1']);
			s += 2;
		} else {
			buf_addch(&b, *s);
		}
	}
	return b.data;
}

const char *quarter_text(struct arena *a, enum lang lang, int year, int quarter)
{
	const char *v[2] = { arena_printf(a, "%d", year), arena_printf(a, "%d", quarter) };
	return fill(a, tr(lang, "{1} Q{2}"), v, 2);
}

const char *quarter_short(struct arena *a, enum lang lang, int quarter)
{
	const char *v[1] = { arena_printf(a, "%d", quarter) };
	return fill(a, tr(lang, "Q{1}"), v, 1);
}
