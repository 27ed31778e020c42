/*
 * test_xlsxwrite.c - a table written as an XLSX workbook: into memory it
 * is a zip archive with one worksheet holding the header, the lines above
 * the table and the text cells (numbers as numbers); a file that cannot be
 * written is ERR_INTERNAL and leaves nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "io/xlsxwrite.h"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static const struct xlsx_column cols[] = {
	{ "Namn", 30, 0 },
	{ "Nivå", 8, XLSX_NUMBER },
	{ "Text", 60, XLSX_WRAP },
};
static const char *const cells[] = {
	"Lönesystem", "3", "rad ett\nrad två", "Tomt", NULL, "",
};

static void test_into_memory(void **state)
{
	const char *title[] = { "Rubrik", "Under rubriken" };
	struct xlsx_sheet s = { "Blad", title, 2, cols, 3, cells, 2 };
	struct err e = { 0 };
	const char *x;
	size_t len;

	assert_int_equal(xlsx_write(*state, &s, &x, &len, &e), 0);
	assert_true(len > 1000);
	assert_memory_equal(x, "PK\x03\x04", 4);
	assert_non_null(memmem(x, len, "xl/worksheets/sheet1.xml", 24));
	assert_null(memmem(x, len, "xl/worksheets/sheet2.xml", 24));
	/* No rows at all is still a workbook with its header. */
	s.n_rows = 0;
	s.n_title = 0;
	assert_int_equal(xlsx_write(*state, &s, &x, &len, &e), 0);
	assert_memory_equal(x, "PK\x03\x04", 4);
}

static void test_unwritable_file(void **state)
{
	struct xlsx_sheet s = { "Blad", NULL, 0, cols, 3, cells, 2 };
	struct err e = { 0 };

	assert_int_equal(xlsx_write_file(&s, "/nonexistent/dir/x.xlsx", &e), ERR_INTERNAL);
	assert_non_null(e.msgid);
	assert_int_equal(access("/nonexistent/dir/x.xlsx", F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_into_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
