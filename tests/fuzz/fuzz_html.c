/*
 * fuzz_html.c - libFuzzer harness for the HTML escapers and the JSON island.
 *
 * The input is split at the first NUL into an id and a value; the checks
 * are the escaping contracts of html.h: no raw < > " ' in text or attribute
 * output (and & only as the start of an entity), only unreserved bytes and
 * %XX in URL arguments, exactly one "</script>" in a JSON island, and no
 * < > & inside its body. Time at most linear, also for the value repeated
 * to FUZZ_AMPLIFY bytes. Built by CMake with -DTILLIT_FUZZ=ON (make fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"
#include "core/json.h"
#include "fuzz.h"

static void check(int ok)
{
	if (!ok)
		fuzz_fail("html", "an escaping contract is broken");
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

struct job {
	const char *data;
	size_t size;
};

static void run(void *p)
{
	struct job *jobp = p;
	const char *data = jobp->data;
	size_t size = jobp->size;
	struct arena *a = arena_new();
	char *in = arena_strndup(a, data, size);
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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job j = { (const char *)data, size };
	const uint8_t *nul = memchr(data, '\0', size);

	fuzz_linear("html", size, run, &j);
	if (fuzz_amplify_now(data, size)) {
		/* The id as it is, the value (after the first NUL) repeated. */
		size_t head = nul ? (size_t)(nul - data) + 1 : 0, big_len;
		char *rest = fuzz_repeat("", data + head, size - head, "", "", fuzz_amplify_bytes(), &big_len);
		char *big = malloc(head + big_len + 1);

		memcpy(big, data, head);
		memcpy(big + head, rest, big_len + 1);
		j.data = big;
		j.size = head + big_len;
		fuzz_linear("html, amplified", j.size, run, &j);
		free(big);
		free(rest);
	}
	return 0;
}
