/*
 * test_buf.c - the arena-backed byte buffer: growth keeps the content and
 * the terminating NUL, formatted appends of every size, reset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"

static void test_empty(void **state)
{
	struct arena *a = arena_new();
	struct buf b;

	buf_init(&b, a);
	assert_non_null(buf_cstr(&b));
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_adds(&b, NULL);
	buf_add(&b, "x", 0);
	assert_string_equal(buf_cstr(&b), "");
	arena_free(a);
}

static void test_append_and_grow(void **state)
{
	struct arena *a = arena_new();
	struct buf b;

	buf_init(&b, a);
	for (int i = 0; i < 10000; i++)
		buf_addch(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(buf_cstr(&b)), 10000);
	assert_int_equal(b.data[25], 'z');
	assert_int_equal(b.data[9999], 'a' + 9999 % 26);
	assert_true(b.cap > b.len);
	buf_add(&b, "\0mid", 4); /* binary data is kept, NUL included */
	assert_int_equal(b.len, 10004);
	assert_memory_equal(b.data + 10000, "\0mid", 4);
	assert_int_equal(b.data[b.len], '\0');
	arena_free(a);
}

static void test_addf(void **state)
{
	struct arena *a = arena_new();
	struct buf b;
	char big[5000];

	buf_init(&b, a);
	buf_addf(&b, "%d-%s", 12, "ab");
	buf_adds(&b, "|");
	buf_addf(&b, "%s", "");
	assert_string_equal(buf_cstr(&b), "12-ab|");
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_addf(&b, "[%s]", big);
	assert_int_equal(b.len, 6 + 2 + 4999);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data, "12-ab|[qqq", 10);
	arena_free(a);
}

static void test_reset(void **state)
{
	struct arena *a = arena_new();
	struct buf b;

	buf_init(&b, a);
	buf_adds(&b, "hello world");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_adds(&b, "again");
	assert_string_equal(buf_cstr(&b), "again");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append_and_grow),
		cmocka_unit_test(test_addf),
		cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
