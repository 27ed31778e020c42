/*
 * fuzz_html.c - libFuzzer target for the HTML escapers and the JSON writer.
 *
 * Not built by CMake. Build and run from the repository root with:
 *
 *   clang -std=c17 -D_GNU_SOURCE -DFUZZ_NO_CATALOGS -g -O1 \
 *     -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz_html.c \
 *     src/core/{arena,buf,html,json,i18n,embed,log,str,timeutil}.c -o fuzz_html
 *   ./fuzz_html -max_total_time=60
 *
 * -DFUZZ_NO_CATALOGS makes this file define an empty embedded_catalogs
 * table; leave it out when linking build/gen/embed_catalogs.c. The input is split at the first NUL into an id and a
 * value; the checks are the escaping contracts of html.h: no raw < > " ' in
 * text, only unreserved bytes and %XX in URL arguments, exactly one
 * "</script>" in a JSON island, and no < > & inside its body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"
#include "core/json.h"

#ifdef FUZZ_NO_CATALOGS
#include "core/embed.h"
const struct embedded_file embedded_catalogs[] = { { NULL, NULL, 0 } };
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* No raw markup character may survive text escaping. */
static void check_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		check(s[i] != '<' && s[i] != '>' && s[i] != '"' && s[i] != '\'');
		if (s[i] == '&')
			check(strncmp(s + i, "&amp;", 5) == 0 || strncmp(s + i, "&lt;", 4) == 0 ||
			      strncmp(s + i, "&gt;", 4) == 0 || strncmp(s + i, "&quot;", 6) == 0 ||
			      strncmp(s + i, "&#39;", 5) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *in = arena_strndup(a, (const char *)data, size);
	const char *id = in;
	const char *value = in + strlen(in) == in + size ? in : in + strlen(in) + 1;
	struct html h;
	struct buf jb;
	struct json j;
	const char *out, *body, *end;
	size_t prefix;

	/* Text and attribute escaping. */
	html_init(&h, a, LANG_SV);
	html_text(&h, value);
	html_attr(&h, id);
	check_text(h.b.data, h.b.len);
	check(strcmp(html_escape(a, value), html_escape(a, value)) == 0);
	check_text(html_escape(a, value), strlen(html_escape(a, value)));

	/* URL arguments: unreserved characters and %XX only. */
	html_init(&h, a, LANG_EN);
	html_url_arg(&h, value);
	for (size_t i = 0; i < h.b.len; i++) {
		char c = h.b.data[i];

		if (c == '%') {
			check(i + 2 < h.b.len && h.b.data[i + 1] && h.b.data[i + 2] &&
			      strchr("0123456789ABCDEF", h.b.data[i + 1]) &&
			      strchr("0123456789ABCDEF", h.b.data[i + 2]));
			i += 2;
		} else {
			check((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
			      c == '.' || c == '_' || c == '~');
		}
	}

	/* A JSON island around a document written by the json writer. */
	buf_init(&jb, a);
	json_init(&j, &jb);
	json_obj_open(&j);
	json_kv_str(&j, value, id);
	json_key(&j, "list");
	json_arr_open(&j);
	json_str(&j, value);
	json_arr_close(&j);
	json_obj_close(&j);
	html_init(&h, a, LANG_SV);
	html_json_island(&h, id, buf_cstr(&jb));
	out = buf_cstr(&h.b);
	check(strncmp(out, "<script type=\"application/json\" id=\"", 36) == 0);
	body = strstr(out + 36, "\">");
	check(body != NULL);
	check_text(out + 36, (size_t)(body - (out + 36)));
	body += 2;
	end = strstr(body, "</script>");
	check(end != NULL && end[9] == '\0');
	prefix = (size_t)(end - body);
	check(memchr(body, '<', prefix) == NULL && memchr(body, '>', prefix) == NULL &&
	      memchr(body, '&', prefix) == NULL);

	arena_free(a);
	return 0;
}
