/*
 * fuzz_json_writer.c - libFuzzer harness for the JSON writer (core/json.c):
 * what it writes parses back with jansson to the same values.
 *
 * The input is a little program: each byte picks an action (open an object
 * or array, close one, write a string, an integer, a boolean or null), and
 * strings and integers take their bytes from what follows. Inside an object
 * every value gets a key, also from the input. The same document is built
 * with jansson alongside; at the end the writer's text must parse and be
 * json_equal() to it. Strings that are not UTF-8 (the writer turns bad
 * bytes into U+FFFD) make the comparison skip that document, but it must
 * still parse and be UTF-8. Time at most linear, also for the program
 * repeated to FUZZ_AMPLIFY bytes.
 */
#include <jansson.h>

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/str.h"
#include "fuzz.h"

struct prog {
	const uint8_t *p;
	size_t left;
};

static uint8_t next_byte(struct prog *g)
{
	if (!g->left)
		return 0;
	g->left--;
	return *g->p++;
}

/* A string of up to 63 bytes from the program, cut at a NUL (the writer takes C strings). */
static char *next_str(struct prog *g, char *out)
{
	size_t n = next_byte(g) & 63, k = 0;

	while (k < n && g->left) {
		char c = (char)next_byte(g);

		if (!c)
			break;
		out[k++] = c;
	}
	out[k] = '\0';
	return out;
}

struct job {
	const uint8_t *data;
	size_t size;
};

static void run(void *p)
{
	struct job *jb = p;
	struct prog g = { jb->data, jb->size };
	struct arena *a = arena_new();
	struct buf b;
	struct json w;
	json_t *stack[JSON_MAX_DEPTH], *want, *got;
	json_error_t je;
	int depth = 1;
	bool exact = true;
	char key[64], s[64];

	buf_init(&b, a);
	json_init(&w, &b);
	json_obj_open(&w);
	stack[0] = json_object();
	while (g.left) {
		uint8_t op = next_byte(&g) % 8;
		json_t *v = NULL, *top = stack[depth - 1];

		if (op == 2) {
			if (depth > 1) {
				if (json_is_object(top))
					json_obj_close(&w);
				else
					json_arr_close(&w);
				depth--;
			}
			continue;
		}
		if ((op == 0 || op == 1) && depth >= JSON_MAX_DEPTH - 1)
			continue;
		if (json_is_object(top)) {
			json_t *probe;

			next_str(&g, key);
			probe = json_stringn(key, strlen(key)); /* NULL when not UTF-8 */
			if (!probe)
				exact = false;
			json_decref(probe);
			json_key(&w, key);
		}
		switch (op) {
		case 0:
			json_obj_open(&w);
			v = json_object();
			break;
		case 1:
			json_arr_open(&w);
			v = json_array();
			break;
		case 3:
		case 7:
			next_str(&g, s);
			json_str(&w, s);
			v = json_stringn(s, strlen(s));
			if (!v) {
				exact = false;
				v = json_string("?");
			}
			break;
		case 4: {
			uint64_t u = 0;

			for (int i = 0; i < 8; i++)
				u = (u << 8) | next_byte(&g);
			json_int(&w, (int64_t)u);
			v = json_integer((json_int_t)(int64_t)u);
			break;
		}
		case 5: {
			bool yes = next_byte(&g) & 1;

			json_bool(&w, yes);
			v = json_boolean(yes);
			break;
		}
		default:
			json_null_value(&w);
			v = json_null();
			break;
		}
		if (json_is_object(top))
			json_object_set_new_nocheck(top, key, v); /* a key that is not UTF-8 made it inexact */
		else
			json_array_append_new(top, v);
		if (op == 0 || op == 1)
			stack[depth++] = v;
	}
	while (depth > 1) {
		if (json_is_object(stack[depth - 1]))
			json_obj_close(&w);
		else
			json_arr_close(&w);
		depth--;
	}
	json_obj_close(&w);
	want = stack[0];

	FUZZ_CHECK("json writer", str_valid_utf8(b.data, b.len));
	got = json_loadb(b.data, b.len, 0, &je);
	if (!got)
		fuzz_fail("json writer", "output does not parse: %s at %d: %.200s", je.text, je.position, b.data);
	if (exact && !json_equal(got, want)) {
		char *g1 = json_dumps(got, JSON_COMPACT), *w1 = json_dumps(want, JSON_COMPACT);

		fuzz_fail("json writer", "read back %.300s, wrote %.300s", g1, w1);
	}
	json_decref(got);
	json_decref(want);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job j = { data, size };

	fuzz_linear("json writer", size, run, &j);
	if (fuzz_amplify_now(data, size)) {
		size_t big_len;
		char *big = fuzz_repeat("", data, size, "", "", fuzz_amplify_bytes(), &big_len);

		j.data = (const uint8_t *)big;
		j.size = big_len;
		fuzz_linear("json writer, amplified", big_len, run, &j);
		free(big);
	}
	return 0;
}
