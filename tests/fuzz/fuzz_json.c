/*
 * fuzz_json.c - libFuzzer harness for JSON request bodies: api_body()
 * (jansson, the object check, the text check of every member) and the
 * member readers api_str(), api_int(), api_bool(), api_patch_str(),
 * api_version() and api_paging().
 *
 * Properties: api_body() either gives an object in which every member name
 * and string is text (checked here by an independent walk) or refuses with
 * ERR_INVALID naming a field; a refusal that names a member rather than
 * "body" really has a string that is not text; every reader either gives
 * a value of its type or ERR_INVALID naming the member; api_str() gives the
 * whole string. Time is at most linear in the input, also with the input
 * repeated as the elements of one array up to FUZZ_AMPLIFY bytes.
 */
#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_common.h"
#include "core/arena.h"
#include "core/str.h"
#include "fuzz.h"

/* Does @v hold a member name or string that is not text? */
static bool has_bad_text(json_t *v)
{
	if (json_is_string(v))
		return !str_valid_text(json_string_value(v), json_string_length(v));
	if (json_is_object(v)) {
		const char *k;
		json_t *m;

		json_object_foreach(v, k, m)
		{
			if (!str_valid_text(k, strlen(k)) || has_bad_text(m))
				return true;
		}
	}
	if (json_is_array(v))
		for (size_t i = 0; i < json_array_size(v); i++)
			if (has_bad_text(json_array_get(v, i)))
				return true;
	return false;
}

static void init_req(struct req *r, struct arena *a, struct kv *headers, size_t n_headers, const char *body, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->method = "POST";
	r->path = "/api/v1/fuzz";
	r->headers = headers;
	r->n_headers = n_headers;
	r->body = body;
	r->body_len = len;
}

static void read_members(struct req *r, json_t *obj)
{
	const char *k;
	json_t *m;

	json_object_foreach(obj, k, m)
	{
		const char *s = NULL, *patched = "kept";
		int64_t n = 0;
		int b = 0, present = 0, rc;

		err_clear(&r->err);
		rc = api_str(r, obj, k, &s);
		if (rc) {
			FUZZ_CHECK("api_str", rc == ERR_INVALID && !json_is_string(m) && !json_is_null(m));
			FUZZ_CHECK("api_str", r->err.field && !strcmp(r->err.field, k));
		} else if (json_is_string(m)) {
			FUZZ_CHECK("api_str", s && strlen(s) == json_string_length(m) && str_valid_text(s, strlen(s)));
		} else {
			FUZZ_CHECK("api_str", s == NULL);
		}
		rc = api_int(r, obj, k, &n, &present);
		FUZZ_CHECK("api_int", rc == 0 ? (present == json_is_integer(m)) : rc == ERR_INVALID);
		rc = api_bool(r, obj, k, &b, &present);
		FUZZ_CHECK("api_bool",
			   rc == 0 ? (present ? (b == 0 || b == 1) : !json_is_boolean(m)) : rc == ERR_INVALID);
		rc = api_patch_str(r, obj, k, &patched);
		FUZZ_CHECK("api_patch_str", rc == 0 ? patched != NULL : rc == ERR_INVALID);
	}
	err_clear(&r->err);
	{
		int64_t v = -1;
		int rc = api_version(r, obj, &v);

		FUZZ_CHECK("api_version", rc == 0 || rc == ERR_INVALID || rc == ERR_PRECONDITION);
	}
}

/* ?limit= and ?offset= from the string members "limit" and "offset", when present. */
static void paging(struct req *r, json_t *obj)
{
	json_t *l = json_object_get(obj, "limit"), *o = json_object_get(obj, "offset");
	struct kv q[2];
	size_t n = 0;
	int64_t limit, offset;

	if (json_is_string(l))
		q[n++] = (struct kv){ "limit", json_string_value(l), json_string_length(l), false };
	if (json_is_string(o))
		q[n++] = (struct kv){ "offset", json_string_value(o), json_string_length(o), false };
	r->query = q;
	r->n_query = n;
	if (api_paging(r, &limit, &offset) == 0)
		FUZZ_CHECK("api_paging", limit >= 1 && limit <= 500 && offset >= 0 && offset <= API_MAX_OFFSET);
	r->query = NULL;
	r->n_query = 0;
}

struct job {
	const char *body;
	size_t len;
};

static void run(void *p)
{
	struct job *j = p;
	struct arena *a = arena_new();
	struct kv headers[] = { { "Content-Type", "application/json; charset=utf-8", 31, false } };
	struct req r;
	json_t *obj;

	init_req(&r, a, headers, 1, j->body, j->len);
	obj = api_body(&r);
	if (!obj) {
		FUZZ_CHECK("api_body", r.err.code == ERR_INVALID && r.err.field && r.err.msgid);
		if (strcmp(r.err.field, "body") != 0) {
			/* Refused for its text: the document parses and has bad text. */
			json_t *doc = json_loadb(j->body, j->len, JSON_REJECT_DUPLICATES, NULL);

			FUZZ_CHECK("api_body", doc && has_bad_text(doc));
			json_decref(doc);
		}
	} else {
		FUZZ_CHECK("api_body", json_is_object(obj) && !has_bad_text(obj));
		FUZZ_CHECK("api_body", api_body(&r) == obj); /* cached */
		read_members(&r, obj);
		paging(&r, obj);
	}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = malloc(size + 1);
	struct job j = { body, size };

	memcpy(body, data, size);
	body[size] = '\0';
	fuzz_linear("json", size, run, &j);
	free(body);
	if (fuzz_amplify_now(data, size)) {
		size_t big_len;
		char *big = fuzz_repeat("{\"items\":[", data, size, ",", "]}", fuzz_amplify_bytes(), &big_len);

		j.body = big;
		j.len = big_len;
		fuzz_linear("json, amplified", big_len, run, &j);
		free(big);
	}
	return 0;
}
