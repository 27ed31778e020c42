/*
 * test_err.c - recording errors: return values, copied and truncated
 * arguments, technical details and the stable code names of the API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"

static int fails(struct err *e)
{
	return err_set(e, ERR_INVALID, "name", N_("Name is empty."));
}

static void test_set(void **state)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(e.code, ERR_OK);
	assert_null(e.msgid);
	assert_int_equal(fails(&e), ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.msgid, "Name is empty.");
	assert_string_equal(e.arg, "");
	assert_int_equal(fails(NULL), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_null(e.field);
	err_clear(NULL);
}

static void test_set1_copies(void **state)
{
	struct err e;
	char arg[] = "Socialnämnden";

	assert_int_equal(err_set1(&e, ERR_NOTFOUND, NULL, N_("Unit %s was not found."), arg), ERR_NOTFOUND);
	arg[0] = 'X';
	assert_string_equal(e.arg, "Socialnämnden");
	assert_null(e.field);
	assert_int_equal(err_set1(NULL, ERR_DB, NULL, "x", "y"), ERR_DB);
	err_set1(&e, ERR_INVALID, NULL, "m", NULL);
	assert_string_equal(e.arg, "");
}

static void test_set1_truncates(void **state)
{
	struct err e;
	char arg[400];

	memset(arg, 'a', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	err_set1(&e, ERR_INVALID, "f", "%s", arg);
	assert_int_equal(strlen(e.arg), 255);

	/* 254 ASCII bytes then "å": the 2-byte sequence does not fit and is dropped whole. */
	memset(arg, 'b', 254);
	memcpy(arg + 254, "\xc3\xa5zz", 5);
	err_set1(&e, ERR_INVALID, "f", "%s", arg);
	assert_int_equal(strlen(e.arg), 254);
	assert_int_equal(e.arg[253], 'b');
}

static void test_detail(void **state)
{
	struct err e;

	fails(&e);
	assert_int_equal(err_detail(&e, "sqlite %d: %s", 19, "UNIQUE constraint failed"), ERR_INVALID);
	assert_string_equal(e.detail, "sqlite 19: UNIQUE constraint failed");
	assert_string_equal(e.msgid, "Name is empty.");
	fails(&e);
	assert_string_equal(e.detail, ""); /* a new error starts without detail */
}

static void test_code_names(void **state)
{
	assert_string_equal(err_code_name(ERR_INVALID), "invalid");
	assert_string_equal(err_code_name(ERR_NOTFOUND), "not_found");
	assert_string_equal(err_code_name(ERR_FORBIDDEN), "forbidden");
	assert_string_equal(err_code_name(ERR_CONFLICT), "conflict");
	assert_string_equal(err_code_name(ERR_DB), "db_error");
	assert_string_equal(err_code_name(ERR_UNAUTHORIZED), "unauthorized");
	assert_string_equal(err_code_name(ERR_TOOLARGE), "too_large");
	assert_string_equal(err_code_name(ERR_THROTTLED), "throttled");
	assert_string_equal(err_code_name(ERR_INTERNAL), "internal");
	assert_string_equal(err_code_name(ERR_EXISTS), "exists");
	assert_string_equal(err_code_name(ERR_METHOD), "method_not_allowed");
	assert_string_equal(err_code_name(ERR_PRECONDITION), "precondition_required");
	assert_string_equal(err_code_name(-999), "internal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_set1_copies),
		cmocka_unit_test(test_set1_truncates),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_code_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
