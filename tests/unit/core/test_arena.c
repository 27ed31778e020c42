/*
 * test_arena.c - the per-request memory pool: alignment, zeroing, big
 * requests, string helpers and deferred callbacks in reverse order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static void test_alloc_aligned_and_zeroed(void **state)
{
	struct arena *a = arena_new();

	for (size_t n = 1; n < 3000; n += 7) {
		unsigned char *p = arena_alloc(a, n);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xaa, n); /* the next block must not overlap this one */
	}
	assert_true(arena_used(a) > 0);
	arena_free(a);
}

/* Memory not zeroed (for what is written over whole) is aligned, apart, and leaves arena_alloc() zeroing. */
static void test_raw_then_zeroed(void **state)
{
	struct arena *a = arena_new();
	size_t sizes[] = { 3, 100, 5000, (size_t)2 * 1024 * 1024 };

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		unsigned char *raw = arena_alloc_raw(a, sizes[k]), *zeroed;

		assert_int_equal((uintptr_t)raw % 16, 0);
		memset(raw, 0xaa, sizes[k]);
		zeroed = arena_alloc(a, sizes[k]);
		assert_true(zeroed + sizes[k] <= raw || zeroed >= raw + sizes[k]);
		for (size_t i = 0; i < sizes[k]; i++)
			assert_int_equal(zeroed[i], 0);
		memset(zeroed, 0x55, sizes[k]);
		assert_int_equal(raw[0], 0xaa);
		assert_int_equal(raw[sizes[k] - 1], 0xaa);
	}
	arena_free(a);
}

static int reset_calls;

static void count_reset_call(void *p)
{
	(void)p;
	reset_calls++;
}

/* After a reset the same work takes the same memory again, zeroed where asked, and nothing leaks. */
static void test_reset_reuses_memory(void **state)
{
	struct arena *a = arena_new();
	size_t sizes[] = { 40, 7000, 60000, 300000, (size_t)3 * 1024 * 1024, 90 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	unsigned char *first[N];

	(void)state;
	reset_calls = 0;
	for (int round = 0; round < 3; round++) {
		arena_defer(a, count_reset_call, NULL);
		for (size_t k = 0; k < N; k++) {
			unsigned char *p = arena_alloc(a, sizes[k]);

			for (size_t i = 0; i < sizes[k]; i += 997)
				assert_int_equal(p[i], 0);
			assert_int_equal(p[sizes[k] - 1], 0);
			memset(p, 0xaa, sizes[k]);
			if (round == 0)
				first[k] = p;
			else
				assert_ptr_equal(p, first[k]); /* the same chunks, in the same order */
		}
		assert_true(arena_used(a) >= sizes[4]);
		arena_reset(a);
		assert_int_equal(reset_calls, round + 1);
		assert_int_equal(arena_used(a), 0);
	}
	arena_free(a);
	assert_int_equal(reset_calls, 3); /* run once each, not again at the free */
}

static void test_big_allocation(void **state)
{
	struct arena *a = arena_new();
	char *small = arena_strdup(a, "before");
	size_t big_n = (size_t)4 * 1024 * 1024;
	unsigned char *big = arena_alloc(a, big_n);
	char *after;

	assert_int_equal((uintptr_t)big % 16, 0);
	assert_int_equal(big[0], 0);
	assert_int_equal(big[big_n - 1], 0);
	memset(big, 1, big_n);
	after = arena_strdup(a, "after");
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	assert_true(arena_used(a) >= big_n);
	arena_free(a);
}

static void test_strings(void **state)
{
	struct arena *a = arena_new();
	char *s;

	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strdup(a, "åäö"), "åäö");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(a, "", 0), "");
	s = arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159);
	assert_string_equal(s, "x-42-003.1");
	s = arena_memdup(a, "a\0b", 3);
	assert_memory_equal(s, "a\0b", 3);
	/* A long printf result crosses chunk sizes. */
	s = arena_printf(a, "%20000d", 7);
	assert_int_equal(strlen(s), 20000);
	assert_int_equal(s[19999], '7');
	arena_free(a);
}

static void test_calloc_zeroed(void **state)
{
	struct arena *a = arena_new();
	int64_t *v = arena_calloc(a, 100, sizeof(*v));

	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], 0);
	assert_non_null(arena_calloc(a, 0, 8));
	arena_free(a);
}

static char order[8];
static size_t n_order;

static void record(void *p)
{
	order[n_order++] = *(const char *)p;
}

static void test_defer_reverse_order(void **state)
{
	struct arena *a = arena_new();
	static const char tags[] = "abc";

	n_order = 0;
	arena_defer(a, record, (void *)&tags[0]);
	arena_defer(a, record, (void *)&tags[1]);
	arena_defer(a, record, (void *)&tags[2]);
	assert_int_equal(n_order, 0);
	arena_free(a);
	assert_int_equal(n_order, 3);
	assert_memory_equal(order, "cba", 3);
}

/* An array grown item by item keeps every item in order, and grows only when full. */
static void test_room_keeps_items(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	int *v = NULL;
	size_t n = 0, cap = 0;

	for (int i = 0; i < 1000; i++) {
		int *before = v;
		size_t room = cap;
		ARENA_ROOM(a, v, n, 1, cap, 4);
		if (room > n)
			assert_ptr_equal(v, before);
		v[n++] = i;
	}
	assert_true(cap >= 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	/* Room for many at once: at least as many as asked for. */
	ARENA_ROOM(a, v, n, 5000, cap, 4);
	assert_true(cap >= 6000);
	assert_int_equal(v[999], 999);
	arena_free(a);
}

static void test_free_null(void **state)
{
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_and_zeroed),
		cmocka_unit_test(test_raw_then_zeroed),
		cmocka_unit_test(test_big_allocation),
		cmocka_unit_test(test_reset_reuses_memory),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_calloc_zeroed),
		cmocka_unit_test(test_defer_reverse_order),
		cmocka_unit_test(test_room_keeps_items),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
