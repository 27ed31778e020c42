/*
 * test_strmap.c - the arena-backed text map: what is put is found, with
 * its last value, through many growths; what was not put is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/strmap.h"

static void test_put_and_get(void **state)
{
	struct arena *a = arena_new();
	struct strmap m;
	char key[32];
	static int values[3];

	(void)state;
	strmap_init(&m, a);
	assert_null(strmap_get(&m, "nothing"));
	assert_false(strmap_has(&m, "nothing"));
	strmap_put(&m, "åtgärd", &values[0]);
	strmap_put(&m, "", NULL);
	assert_ptr_equal(strmap_get(&m, "åtgärd"), &values[0]);
	assert_true(strmap_has(&m, ""));
	assert_null(strmap_get(&m, ""));
	strmap_put(&m, "åtgärd", &values[1]); /* replaced, not added */
	assert_ptr_equal(strmap_get(&m, "åtgärd"), &values[1]);
	assert_int_equal(m.n, 2);
	/* Through many growths every key keeps its value. */
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "%d/namn %d", i % 7, i);
		strmap_put(&m, key, &values[i % 3]);
	}
	assert_int_equal(m.n, 5002);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "%d/namn %d", i % 7, i);
		assert_ptr_equal(strmap_get(&m, key), &values[i % 3]);
	}
	assert_false(strmap_has(&m, "0/namn 5000"));
	assert_ptr_equal(strmap_get(&m, "åtgärd"), &values[1]);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_and_get),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
