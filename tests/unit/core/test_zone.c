/*
 * test_zone.c - Swedish local time: the offset on either side of the two
 * changes a year, the hour that does not occur in March and the hour that
 * occurs twice in October, local dates and RFC 3339 with offsets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "core/zone.h"

static const char *iso(time_t t)
{
	static char out[TIME_ISO_LEN];
	time_iso(t, out);
	return out;
}

static time_t at(const char *s)
{
	time_t t = 0;
	assert_true(time_parse_iso(s, &t));
	return t;
}

/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
static void test_offsets(void **state)
{
	assert_int_equal(zone_offset(at("2026-03-29T00:59:59Z")), 3600);
	assert_int_equal(zone_offset(at("2026-03-29T01:00:00Z")), 7200);
	assert_int_equal(zone_offset(at("2026-10-25T00:59:59Z")), 7200);
	assert_int_equal(zone_offset(at("2026-10-25T01:00:00Z")), 3600);
	assert_int_equal(zone_offset(at("2026-07-01T12:00:00Z")), 7200);
	assert_int_equal(zone_offset(at("2026-01-15T12:00:00Z")), 3600);
	/* 2027: 28 March and 31 October. */
	assert_int_equal(zone_offset(at("2027-03-28T01:00:00Z")), 7200);
	assert_int_equal(zone_offset(at("2027-10-31T00:30:00Z")), 7200);
	assert_int_equal(zone_offset(at("2027-10-31T01:30:00Z")), 3600);
}

static void test_format(void **state)
{
	char out[ZONE_LOCAL_LEN];
	zone_format_local(at("2026-03-29T00:30:00Z"), out);
	assert_string_equal(out, "2026-03-29 01:30");
	zone_format_local(at("2026-03-29T01:00:00Z"), out);
	assert_string_equal(out, "2026-03-29 03:00");
	zone_format_local(at("2026-10-25T00:30:00Z"), out);
	assert_string_equal(out, "2026-10-25 02:30");
	zone_format_local(at("2026-10-25T01:30:00Z"), out);
	assert_string_equal(out, "2026-10-25 02:30");
	zone_format_input(at("2026-12-31T23:30:00Z"), out);
	assert_string_equal(out, "2027-01-01T00:30");
}

/* The night of 29 March 2026: 02:00-03:00 does not occur. */
static void test_gap(void **state)
{
	time_t t = 0;
	assert_int_equal(zone_parse_local("2026-03-29T01:30", ZONE_FOLD_ASK, &t), ZONE_OK);
	assert_string_equal(iso(t), "2026-03-29T00:30:00Z");
	assert_int_equal(zone_parse_local("2026-03-29T02:00", ZONE_FOLD_ASK, &t), ZONE_GAP);
	assert_int_equal(zone_parse_local("2026-03-29T02:30", ZONE_FOLD_SUMMER, &t), ZONE_GAP);
	assert_int_equal(zone_parse_local("2026-03-29T02:59:59", ZONE_FOLD_WINTER, &t), ZONE_GAP);
	assert_int_equal(zone_parse_local("2026-03-29T03:00", ZONE_FOLD_ASK, &t), ZONE_OK);
	assert_string_equal(iso(t), "2026-03-29T01:00:00Z");
}

/* The night of 25 October 2026: 02:00-03:00 occurs twice. */
static void test_fold(void **state)
{
	time_t t = 0;
	assert_int_equal(zone_parse_local("2026-10-25T02:30", ZONE_FOLD_ASK, &t), ZONE_AMBIGUOUS);
	assert_int_equal(zone_parse_local("2026-10-25T02:30", ZONE_FOLD_SUMMER, &t), ZONE_OK);
	assert_string_equal(iso(t), "2026-10-25T00:30:00Z");
	assert_int_equal(zone_parse_local("2026-10-25 02:30", ZONE_FOLD_WINTER, &t), ZONE_OK);
	assert_string_equal(iso(t), "2026-10-25T01:30:00Z");
	assert_int_equal(zone_parse_local("2026-10-25T01:59:59", ZONE_FOLD_ASK, &t), ZONE_OK);
	assert_string_equal(iso(t), "2026-10-24T23:59:59Z");
	assert_int_equal(zone_parse_local("2026-10-25T03:00", ZONE_FOLD_ASK, &t), ZONE_OK);
	assert_string_equal(iso(t), "2026-10-25T02:00:00Z");
}

static void test_bad_local(void **state)
{
	time_t t;
	assert_int_equal(zone_parse_local("2026-02-30T10:00", ZONE_FOLD_ASK, &t), ZONE_BAD);
	assert_int_equal(zone_parse_local("2026-02-10", ZONE_FOLD_ASK, &t), ZONE_BAD);
	assert_int_equal(zone_parse_local("2026-02-10T24:00", ZONE_FOLD_ASK, &t), ZONE_BAD);
	assert_int_equal(zone_parse_local("2026-02-10T10:00Z", ZONE_FOLD_ASK, &t), ZONE_BAD);
	assert_int_equal(zone_parse_local(NULL, ZONE_FOLD_ASK, &t), ZONE_BAD);
	assert_int_equal(zone_parse_local("", ZONE_FOLD_ASK, &t), ZONE_BAD);
}

static void test_day_start(void **state)
{
	time_t t;
	assert_true(zone_day_start("2026-03-29", 0, &t));
	assert_string_equal(iso(t), "2026-03-28T23:00:00Z");
	assert_true(zone_day_start("2026-03-29", 1, &t));
	assert_string_equal(iso(t), "2026-03-29T22:00:00Z");
	assert_true(zone_day_start("2026-12-31", 1, &t));
	assert_string_equal(iso(t), "2026-12-31T23:00:00Z");
	assert_false(zone_day_start("2026-13-01", 0, &t));
	assert_false(zone_day_start("26-1-1", 0, &t));
}

static void test_rfc3339(void **state)
{
	time_t t = 0;
	assert_true(zone_parse_rfc3339("2026-10-25T02:30:00+02:00", &t));
	assert_string_equal(iso(t), "2026-10-25T00:30:00Z");
	assert_true(zone_parse_rfc3339("2026-10-25T02:30:00+01:00", &t));
	assert_string_equal(iso(t), "2026-10-25T01:30:00Z");
	assert_true(zone_parse_rfc3339("2026-10-25T01:30:00Z", &t));
	assert_string_equal(iso(t), "2026-10-25T01:30:00Z");
	assert_true(zone_parse_rfc3339("2026-01-01T00:15:00.123-05:30", &t));
	assert_string_equal(iso(t), "2026-01-01T05:45:00Z");
	assert_true(zone_parse_rfc3339("2026-01-01t10:00:00z", &t));
	assert_false(zone_parse_rfc3339("2026-10-25T02:30:00", &t)); /* no offset */
	assert_false(zone_parse_rfc3339("2026-10-25T02:30+02:00", &t));
	assert_false(zone_parse_rfc3339("2026-10-25 02:30:00+02:00", &t));
	assert_false(zone_parse_rfc3339("2026-02-29T10:00:00Z", &t));
	assert_false(zone_parse_rfc3339("2026-10-25T02:30:00+0200", &t));
	assert_false(zone_parse_rfc3339("2026-10-25T02:30:00+02:00x", &t));
	assert_false(zone_parse_rfc3339("2026-10-25T02:30:00.Z", &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets), cmocka_unit_test(test_format),    cmocka_unit_test(test_gap),
		cmocka_unit_test(test_fold),    cmocka_unit_test(test_bad_local), cmocka_unit_test(test_day_start),
		cmocka_unit_test(test_rfc3339),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
