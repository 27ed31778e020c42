/*
 * test_timeutil.c - the stored time format: formatting, strict parsing,
 * calendar validity (leap years, 30 February), TILLIT_NOW and the monotonic
 * clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"

static void test_iso(void **state)
{
	char out[TIME_ISO_LEN];

	time_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	time_iso(1795424400, out);
	assert_string_equal(out, "2026-11-23T09:00:00Z");
	time_iso(951782400, out); /* leap day of 2000 */
	assert_string_equal(out, "2000-02-29T00:00:00Z");
}

static void test_parse(void **state)
{
	time_t t = 1;

	assert_true(time_parse_iso("2026-11-23T09:00:00Z", &t));
	assert_int_equal(t, 1795424400);
	assert_true(time_parse_iso("2026-11-23", &t));
	assert_int_equal(t, 1795392000);
	assert_true(time_parse_iso("1970-01-01T00:00:00Z", &t));
	assert_int_equal(t, 0);
	assert_true(time_parse_iso("1969-12-31T23:59:59Z", &t));
	assert_int_equal(t, -1);
	assert_true(time_parse_iso("2024-02-29T23:59:59Z", &t));
	assert_true(time_parse_iso("2000-02-29", &t));
}

static void test_parse_rejects(void **state)
{
	time_t t;

	assert_false(time_parse_iso("2026-02-30", &t));
	assert_false(time_parse_iso("2026-02-29", &t)); /* not a leap year */
	assert_false(time_parse_iso("1900-02-29", &t)); /* century rule */
	assert_false(time_parse_iso("2026-04-31", &t));
	assert_false(time_parse_iso("2026-13-01", &t));
	assert_false(time_parse_iso("2026-00-10", &t));
	assert_false(time_parse_iso("2026-01-00", &t));
	assert_false(time_parse_iso("2026-01-01T24:00:00Z", &t));
	assert_false(time_parse_iso("2026-01-01T23:60:00Z", &t));
	assert_false(time_parse_iso("2026-01-01T23:59:60Z", &t));
	assert_false(time_parse_iso("2026-01-01T09:00:00", &t));
	assert_false(time_parse_iso("2026-01-01T09:00:00+01:00", &t));
	assert_false(time_parse_iso("2026-01-01 09:00:00Z", &t));
	assert_false(time_parse_iso("2026-1-01", &t));
	assert_false(time_parse_iso("26-01-01", &t));
	assert_false(time_parse_iso("2026-01-01x", &t));
	assert_false(time_parse_iso("+026-01-01", &t));
	assert_false(time_parse_iso("", &t));
	assert_false(time_parse_iso(NULL, &t));
}

static void test_valid_date(void **state)
{
	assert_true(time_valid_date("2026-12-31"));
	assert_true(time_valid_date("2028-02-29"));
	assert_false(time_valid_date("2026-02-30"));
	assert_false(time_valid_date("2026-02-29"));
	assert_false(time_valid_date("2026-06-31"));
	assert_false(time_valid_date("2026-12-31T00:00:00Z"));
	assert_false(time_valid_date("2026-12-3"));
	assert_false(time_valid_date("2026/12/31"));
	assert_false(time_valid_date(NULL));
}

static void test_roundtrip(void **state)
{
	char out[TIME_ISO_LEN];
	time_t t;

	for (time_t v = 0; v < 4000000000; v += 86400 * 37 + 3671) {
		time_iso(v, out);
		assert_true(time_parse_iso(out, &t));
		assert_int_equal(t, v);
	}
}

static void test_now_env(void **state)
{
	char out[TIME_ISO_LEN];
	time_t before = time(NULL), now;

	setenv("TILLIT_NOW", "2026-11-23T09:00:00Z", 1);
	assert_int_equal(time_now(), 1795424400);
	time_now_iso(out);
	assert_string_equal(out, "2026-11-23T09:00:00Z");
	setenv("TILLIT_NOW", "86400", 1);
	assert_int_equal(time_now(), 86400);
	unsetenv("TILLIT_NOW");
	now = time_now();
	assert_true(now >= before && now <= time(NULL));
}

static void test_mono(void **state)
{
	double a = time_mono_ms(), b = time_mono_ms();

	assert_true(a > 0);
	assert_true(b >= a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),           cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_rejects), cmocka_unit_test(test_valid_date),
		cmocka_unit_test(test_roundtrip),     cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_mono),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
