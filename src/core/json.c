/*
 * json.c - the streaming JSON writer.
 *
 * The writer keeps one flag per open container saying whether a value was
 * already written in it, so it can put the commas in itself; json_key() sets
 * after_key so the next value follows the colon without a comma. Nesting
 * deeper than JSON_MAX_DEPTH, closing what was never opened and writing a key
 * outside an object's value position are programming errors and end in BUG().
 *
 * Strings are escaped for any context a JSON text may end up in: quotes,
 * backslashes and control characters as JSON requires, and U+2028/U+2029 so
 * the text is also a valid JavaScript literal. Bytes that are not valid UTF-8
 * are replaced by U+FFFD, so the output is always valid JSON.
 */
#include "core/json.h"

#include <inttypes.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"

void json_init(struct json *j, struct buf *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
}

const char *json_text(struct arena *a, void (*write)(struct json *j, const void *rec), const void *rec)
{
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	write(&j, rec);
	return b.data;
}

/* Separator before a value: nothing after a key, else a comma when needed. */
static void json_before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth - 1])
			buf_addch(j->b, ',');
		j->need_comma[j->depth - 1] = true;
	}
}

static void json_open(struct json *j, char c)
{
	if (j->depth >= JSON_MAX_DEPTH)
		BUG("JSON nested deeper than JSON_MAX_DEPTH");
	json_before_value(j);
	j->need_comma[j->depth] = false;
	j->depth++;
	buf_addch(j->b, c);
}

static void json_close(struct json *j, char c)
{
	if (j->depth <= 0)
		BUG("JSON container closed but none is open");
	if (j->after_key)
		BUG("JSON key without a value");
	j->depth--;
	buf_addch(j->b, c);
}

void json_obj_open(struct json *j)
{
	json_open(j, '{');
}

void json_obj_close(struct json *j)
{
	json_close(j, '}');
}

void json_arr_open(struct json *j)
{
	json_open(j, '[');
}

void json_arr_close(struct json *j)
{
	json_close(j, ']');
}

void json_key(struct json *j, const char *key)
{
	if (j->depth <= 0)
		BUG("JSON key outside an object");
	if (j->after_key)
		BUG("JSON key after a key");
	if (j->need_comma[j->depth - 1])
		buf_addch(j->b, ',');
	j->need_comma[j->depth - 1] = true;
	json_quote(j->b, key ? key : "");
	buf_addch(j->b, ':');
	j->after_key = true;
}

void json_str(struct json *j, const char *s)
{
	json_before_value(j);
	if (s)
		json_quote(j->b, s);
	else
		buf_add(j->b, "null", 4);
}

void json_int(struct json *j, int64_t v)
{
	json_before_value(j);
	buf_addf(j->b, "%" PRId64, v);
}

void json_bool(struct json *j, bool v)
{
	json_before_value(j);
	buf_adds(j->b, v ? "true" : "false");
}

void json_null_value(struct json *j)
{
	json_before_value(j);
	buf_add(j->b, "null", 4);
}

void json_raw(struct json *j, const char *json)
{
	json_before_value(j);
	buf_adds(j->b, json ? json : "null");
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kv_null(struct json *j, const char *key)
{
	json_key(j, key);
	json_null_value(j);
}

void json_kv_raw(struct json *j, const char *key, const char *json)
{
	json_key(j, key);
	json_raw(j, json);
}

void json_quote(struct buf *b, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	/* The characters with a two-character escape, by the letter after the backslash. */
	static const char short_escape[] = {
		['"'] = '"', ['\\'] = '\\', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't', ['\b'] = 'b', ['\f'] = 'f',
	};
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	const unsigned char *run = s;

	buf_addch(b, '"');
	while (*s) {
		unsigned char c = *s;
		char esc[8];
		size_t esc_len = 0, skip = 1;
		uint32_t cp = 0;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			s++;
			continue;
		}
		if (c < sizeof(short_escape) && short_escape[c]) {
			esc[0] = '\\';
			esc[1] = short_escape[c];
			esc_len = 2;
		} else if (c < 0x20) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc_len = 6;
		} else {
			skip = str_utf8_seq((const char *)s, SIZE_MAX, &cp);
			if (skip == 0) {
				memcpy(esc, "\xef\xbf\xbd", 3); /* U+FFFD */
				esc_len = 3;
				skip = 1;
			} else if (cp == 0x2028 || cp == 0x2029) {
				memcpy(esc, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
				esc_len = 6;
			} else {
				s += skip; /* valid: stays in the unescaped run */
				continue;
			}
		}
		buf_add(b, run, (size_t)(s - run));
		buf_add(b, esc, esc_len);
		s += skip;
		run = s;
	}
	buf_add(b, run, (size_t)(s - run));
	buf_addch(b, '"');
}

void json_kv_id(struct json *j, const char *key, int64_t v)
{
	if (v)
		json_kv_int(j, key, v);
	else
		json_kv_null(j, key);
}
