/*
 * test_csvread.c - reading CSV as spreadsheets write it: encodings (UTF-8
 * with and without a byte-order mark, Excel's Windows-1252, UTF-16 refused),
 * both separators, quoted values over several lines and the line numbers
 * after them, malformed quoting reported with its line, blank lines, a file
 * with only a header, the row limit, and cells a writer guarded against
 * formulas read as the values they guard.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "io/csvread.h"

struct t {
	struct arena *a;
	struct csv_table tab;
	struct err e;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	t->a = arena_new();
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	free(t);
	return 0;
}

/* Read a string literal (which may hold NUL bytes: the length comes from sizeof). */
#define READ(t, lit) csv_read((t)->a, (lit), sizeof(lit) - 1, 100, &(t)->tab, &(t)->e)

static void assert_row(const struct csv_row *row, size_t line, size_t n, ...)
{
	va_list ap;
	if (row->line != line)
		fail_msg("row on line %zu, expected line %zu", row->line, line);
	if (row->n_cells != n)
		fail_msg("row on line %zu has %zu cells, expected %zu", row->line, row->n_cells, n);
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(row->cells[i], va_arg(ap, const char *));
	va_end(ap);
}

static void test_utf8(void **state)
{
	struct t *t = *state;
	assert_int_equal(READ(t, "namn,enhet\nLönesystem,Förvaltningen\n"), 0);
	assert_string_equal(t->tab.encoding, "UTF-8");
	assert_int_equal(t->tab.separator, ',');
	assert_row(&t->tab.header, 1, 2, "namn", "enhet");
	assert_int_equal(t->tab.n_rows, 1);
	assert_row(&t->tab.rows[0], 2, 2, "Lönesystem", "Förvaltningen");
}

static void test_utf8_bom(void **state)
{
	struct t *t = *state;
	assert_int_equal(READ(t, "\xef\xbb\xbfnamn;enhet\r\nÅtgärdsregister;Kommunstyrelsen\r\n"), 0);
	assert_string_equal(t->tab.encoding, "UTF-8");
	/* The mark is not part of the first column's name. */
	assert_row(&t->tab.header, 1, 2, "namn", "enhet");
	assert_int_equal(csv_column(&t->tab, "NAMN"), 0);
	assert_row(&t->tab.rows[0], 2, 2, "Åtgärdsregister", "Kommunstyrelsen");
}

static void test_windows_1252(void **state)
{
	struct t *t = *state;
	/* Excel's plain CSV on a Swedish Windows: å ä ö Å as single bytes, and the euro sign 0x80. */
	assert_int_equal(READ(t, "namn;beskrivning\r\nL\xe5nesystem;\xc5r \xe4r \xf6ver \x80 10\r\n"), 0);
	assert_string_equal(t->tab.encoding, "Windows-1252");
	assert_row(&t->tab.rows[0], 2, 2, "Lånesystem", "År är över € 10");
}

static void test_undefined_bytes_refused(void **state)
{
	struct t *t = *state;
	/* 0x81 is neither UTF-8 here nor defined in Windows-1252. */
	assert_int_equal(READ(t, "namn\nx\x81y\n"), ERR_INVALID);
	assert_string_equal(t->e.field, "file");
	assert_non_null(strstr(t->e.msgid, "CSV UTF-8"));
}

static void test_utf16_refused(void **state)
{
	struct t *t = *state;
	/* "namn" in UTF-16LE with its byte-order mark, as Excel's "Unicode text" writes it. */
	assert_int_equal(READ(t, "\xff\xfen\0a\0m\0n\0\n\0"), ERR_INVALID);
	assert_string_equal(t->e.field, "file");
	assert_non_null(strstr(t->e.msgid, "UTF-16"));
	/* Without the mark the NUL bytes give it away. */
	memset(&t->e, 0, sizeof(t->e));
	assert_int_equal(READ(t, "n\0a\0m\0n\0\n\0"), ERR_INVALID);
	assert_non_null(strstr(t->e.msgid, "UTF-16"));
}

static void test_separators(void **state)
{
	struct t *t = *state;
	/* More semicolons than commas in the header: semicolon, and commas stay inside values. */
	assert_int_equal(READ(t, "namn;beskrivning;enhet\nA;ett, två, tre;X\n"), 0);
	assert_int_equal(t->tab.separator, ';');
	assert_row(&t->tab.rows[0], 2, 3, "A", "ett, två, tre", "X");
	/* Commas; a semicolon inside a quoted header cell does not count. */
	assert_int_equal(READ(t, "\"a;b;c\",d\n1,2\n"), 0);
	assert_int_equal(t->tab.separator, ',');
	assert_row(&t->tab.header, 1, 2, "a;b;c", "d");
}

static void test_quoted_newlines_and_lines(void **state)
{
	struct t *t = *state;
	assert_int_equal(READ(t, "namn;beskrivning\r\n"
				 "A;\"rad ett\r\nrad två\r\nrad tre\"\r\n"
				 "B;\"sa \"\"hej\"\"\"\r\n"
				 "\r\n"
				 "C;  mellanslag  \r\n"),
			 0);
	assert_int_equal(t->tab.n_rows, 3);
	assert_row(&t->tab.rows[0], 2, 2, "A", "rad ett\r\nrad två\r\nrad tre");
	/* B starts on line 5: A's value took lines 2-4. */
	assert_row(&t->tab.rows[1], 5, 2, "B", "sa \"hej\"");
	/* Line 6 is blank; C is on line 7, trimmed. */
	assert_row(&t->tab.rows[2], 7, 2, "C", "mellanslag");
}

static void test_old_mac_line_ends(void **state)
{
	struct t *t = *state;
	assert_int_equal(READ(t, "a,b\r1,2\r3,4\r"), 0);
	assert_int_equal(t->tab.n_rows, 2);
	assert_row(&t->tab.rows[1], 3, 2, "3", "4");
}

static void test_malformed_quote_names_line(void **state)
{
	struct t *t = *state;
	/* A quote inside an unquoted value, on line 3. */
	assert_int_equal(READ(t, "a,b\n1,2\n3,x\"y\n4,5\n"), ERR_INVALID);
	assert_string_equal(t->e.field, "file");
	assert_string_equal(t->e.arg, "3");
	/* Text after a closing quote, on line 2. */
	memset(&t->e, 0, sizeof(t->e));
	assert_int_equal(READ(t, "a,b\n1,\"x\"y\n"), ERR_INVALID);
	assert_string_equal(t->e.arg, "2");
	/* A quoted value never closed: named by the line it starts on. */
	memset(&t->e, 0, sizeof(t->e));
	assert_int_equal(READ(t, "a,b\n1,2\n\n3,\"open\nand on\n"), ERR_INVALID);
	assert_string_equal(t->e.arg, "4");
}

static void test_blank_lines_skipped(void **state)
{
	struct t *t = *state;
	/* Leading blank lines, Excel's empty ";;" rows, and trailing ones. */
	assert_int_equal(READ(t, "\n\n  \nnamn;typ\n;\n\nA;system\n ; \n\n"), 0);
	assert_row(&t->tab.header, 4, 2, "namn", "typ");
	assert_int_equal(t->tab.n_rows, 1);
	assert_row(&t->tab.rows[0], 7, 2, "A", "system");
}

static void test_header_only_and_empty(void **state)
{
	struct t *t = *state;
	assert_int_equal(READ(t, "namn;typ;enhet\r\n"), 0);
	assert_int_equal(t->tab.n_rows, 0);
	assert_int_equal(t->tab.header.n_cells, 3);
	assert_int_equal(csv_column(&t->tab, "enhet"), 2);
	assert_int_equal(csv_column(&t->tab, "ägare"), -1);
	/* No last newline. */
	assert_int_equal(READ(t, "namn;typ"), 0);
	assert_row(&t->tab.header, 1, 2, "namn", "typ");
	/* Nothing at all, or only white space. */
	assert_int_equal(READ(t, ""), ERR_INVALID);
	assert_int_equal(READ(t, "\r\n \r\n"), ERR_INVALID);
	assert_string_equal(t->e.field, "file");
}

static void test_cells_and_columns(void **state)
{
	struct t *t = *state;
	assert_int_equal(READ(t, "Namn;ÄGARE\nA\n"), 0);
	/* Case-insensitive, also for Å Ä Ö. */
	assert_int_equal(csv_column(&t->tab, "ägare"), 1);
	/* A short row: the missing cell reads as empty. */
	assert_string_equal(csv_cell(&t->tab.rows[0], 0), "A");
	assert_string_equal(csv_cell(&t->tab.rows[0], 1), "");
	assert_string_equal(csv_cell(&t->tab.rows[0], -1), "");
}

static void test_max_rows(void **state)
{
	struct t *t = *state;
	assert_int_equal(csv_read(t->a, "a\n1\n2\n3\n", 8, 3, &t->tab, &t->e), 0);
	assert_int_equal(t->tab.n_rows, 3);
	assert_int_equal(csv_read(t->a, "a\n1\n2\n3\n4\n", 10, 3, &t->tab, &t->e), ERR_INVALID);
	assert_string_equal(t->e.field, "file");
	assert_string_equal(t->e.arg, "3");
}

static void test_guarded_cells(void **state)
{
	struct t *t = *state;
	/* What csvwrite.c guards comes back without the apostrophe; other apostrophes stay. */
	assert_int_equal(READ(t, "a;b;c;d;e;f;g\n'=1+1;'+x;'-x;'@x;\"'\tx\";'it's;'\n"), 0);
	assert_row(&t->tab.rows[0], 2, 7, "=1+1", "+x", "-x", "@x", "\tx", "'it's", "'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_windows_1252, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undefined_bytes_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_separators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_newlines_and_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_mac_line_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_quote_names_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_lines_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_only_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells_and_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guarded_cells, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
