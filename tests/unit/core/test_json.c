/*
 * test_json.c - the streaming JSON writer: commas and colons in nested
 * structures, escaping of hostile strings, invalid UTF-8 replaced by U+FFFD,
 * and BUG() on nesting deeper than JSON_MAX_DEPTH.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"

struct fixture {
	struct arena *a;
	struct buf b;
	struct json j;
};

static int setup(void **state)
{
	static struct fixture f;

	f.a = arena_new();
	buf_init(&f.b, f.a);
	json_init(&f.j, &f.b);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->a);
	return 0;
}

#define J(state)   (&((struct fixture *)*(state))->j)
#define OUT(state) buf_cstr(&((struct fixture *)*(state))->b)

static void test_nested(void **state)
{
	struct json *j = J(state);

	json_obj_open(j);
	json_kv_int(j, "id", 7);
	json_kv_str(j, "name", "Nämnd");
	json_kv_null(j, "parent");
	json_key(j, "tags");
	json_arr_open(j);
	json_str(j, "a");
	json_int(j, -1);
	json_bool(j, true);
	json_null_value(j);
	json_obj_open(j);
	json_obj_close(j);
	json_arr_open(j);
	json_arr_close(j);
	json_arr_close(j);
	json_key(j, "owner");
	json_obj_open(j);
	json_kv_bool(j, "active", false);
	json_kv_int(j, "min", INT64_MIN);
	json_kv_raw(j, "snapshot", "{\"x\":[1,2]}");
	json_kv_raw(j, "none", NULL);
	json_obj_close(j);
	json_kv_str(j, "missing", NULL);
	json_obj_close(j);
	assert_string_equal(OUT(state), "{\"id\":7,\"name\":\"Nämnd\",\"parent\":null,"
					"\"tags\":[\"a\",-1,true,null,{},[]],"
					"\"owner\":{\"active\":false,\"min\":-9223372036854775808,"
					"\"snapshot\":{\"x\":[1,2]},\"none\":null},\"missing\":null}");
	assert_int_equal(j->depth, 0);
}

static void test_array_of_objects(void **state)
{
	struct json *j = J(state);

	json_arr_open(j);
	for (int i = 0; i < 3; i++) {
		json_obj_open(j);
		json_kv_int(j, "i", i);
		json_kv_str(j, "s", "x");
		json_obj_close(j);
	}
	json_arr_close(j);
	assert_string_equal(OUT(state), "[{\"i\":0,\"s\":\"x\"},{\"i\":1,\"s\":\"x\"},{\"i\":2,\"s\":\"x\"}]");
}

static void test_hostile_strings(void **state)
{
	struct json *j = J(state);

	json_obj_open(j);
	json_kv_str(j, "k\"ey\\", "<script>'\"&\\/\n\r\t\b\f\x01\x1f\x7f");
	json_obj_close(j);
	assert_string_equal(OUT(state), "{\"k\\\"ey\\\\\":"
					"\"<script>'\\\"&\\\\/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\"}");
}

static void test_line_separators(void **state)
{
	json_str(J(state), "a\xe2\x80\xa8"
			   "b\xe2\x80\xa9"
			   "c\xe2\x80\xaf");
	assert_string_equal(OUT(state), "\"a\\u2028b\\u2029c\xe2\x80\xaf\"");
}

static void test_invalid_utf8(void **state)
{
	struct fixture *f = *state;

	/* lone continuation, overlong "/", surrogate, truncated 3-byte, > U+10FFFF */
	json_quote(&f->b, "a\x80"
			  "b\xc0\xaf"
			  "c\xed\xa0\x80"
			  "d\xe2\x82"
			  "e\xf4\x90\x80\x80"
			  "f");
	assert_string_equal(OUT(state), "\"a\xef\xbf\xbd"
					"b\xef\xbf\xbd\xef\xbf\xbd"
					"c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
					"d\xef\xbf\xbd\xef\xbf\xbd"
					"e\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
					"f\"");
}

static void test_valid_utf8_kept(void **state)
{
	struct fixture *f = *state;

	json_quote(&f->b, "åäö € 𝄞");
	assert_string_equal(OUT(state), "\"åäö € 𝄞\"");
	buf_reset(&f->b);
	json_quote(&f->b, NULL);
	assert_string_equal(OUT(state), "\"\"");
}

static void test_keeps_existing_content(void **state)
{
	struct fixture *f = *state;

	buf_adds(&f->b, "data: ");
	json_init(&f->j, &f->b);
	json_arr_open(&f->j);
	json_int(&f->j, 1);
	json_int(&f->j, 2);
	json_arr_close(&f->j);
	assert_string_equal(OUT(state), "data: [1,2]");
}

static void nest(int levels)
{
	struct arena *a = arena_new();
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	for (int i = 0; i < levels; i++)
		json_arr_open(&j);
	for (int i = 0; i < levels; i++)
		json_arr_close(&j);
	arena_free(a);
}

/* Run @fn in a child process; true when it ended in abort(). */
static bool aborts(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, STDERR_FILENO);
		fn();
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void nest_max(void)
{
	nest(JSON_MAX_DEPTH);
}

static void nest_too_deep(void)
{
	nest(JSON_MAX_DEPTH + 1);
}

static void close_unopened(void)
{
	struct arena *a = arena_new();
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_close(&j);
}

static void test_depth(void **state)
{
	assert_false(aborts(nest_max));
	assert_true(aborts(nest_too_deep));
	assert_true(aborts(close_unopened));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_array_of_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_separators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_utf8_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keeps_existing_content, setup, teardown),
		cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
