/*
 * test_csvwrite.c - the one CSV writer: a byte-order mark when asked, CRLF
 * line ends, quoting only where a cell holds either separator, a quotation
 * mark or a line break, and every cell a spreadsheet would run as a formula
 * (= + - @, tab, CR at its start) written with a leading apostrophe; what
 * it writes, csv_read() reads back as the values given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "io/csvread.h"
#include "io/csvwrite.h"

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

static void test_plain_cells_and_rows(void **state)
{
	struct buf b;
	struct csv_writer w;
	const char *row[] = { "Lönesystem", NULL, "3", "" };

	buf_init(&b, *state);
	csv_writer_init(&w, &b, ';', true);
	csv_writer_row(&w, row, 4);
	csv_writer_cell(&w, "a");
	csv_writer_cell(&w, "b");
	csv_writer_end_row(&w);
	assert_string_equal(buf_cstr(&b), "\xef\xbb\xbfLönesystem;;3;\r\na;b\r\n");

	buf_init(&b, *state);
	csv_writer_init(&w, &b, ',', false);
	csv_writer_row(&w, row, 2);
	assert_string_equal(buf_cstr(&b), "Lönesystem,\r\n");
}

static void test_quoting(void **state)
{
	struct buf b;
	struct csv_writer w;

	buf_init(&b, *state);
	csv_writer_init(&w, &b, ',', false);
	/* Either separator, a quotation mark or a line break quotes the cell. */
	csv_writer_cell(&w, "ett, två");
	csv_writer_cell(&w, "ett; två");
	csv_writer_cell(&w, "säger \"hej\"");
	csv_writer_cell(&w, "två\nrader");
	csv_writer_cell(&w, "cr\rhär");
	csv_writer_cell(&w, "inget");
	csv_writer_end_row(&w);
	assert_string_equal(buf_cstr(&b),
			    "\"ett, två\",\"ett; två\",\"säger \"\"hej\"\"\",\"två\nrader\",\"cr\rhär\",inget\r\n");
}

static void test_formulas_guarded(void **state)
{
	static const char *const risky[] = { "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx" };
	static const char *const written[] = {
		"\"'=HYPERLINK(\"\"http://x\"\")\"", "'+1", "'-1", "'@SUM(A1)", "'\tx", "\"'\rx\""
	};
	struct buf b;
	struct csv_writer w;

	for (size_t i = 0; i < sizeof(risky) / sizeof(risky[0]); i++) {
		buf_init(&b, *state);
		csv_writer_init(&w, &b, ';', false);
		csv_writer_cell(&w, risky[i]);
		if (strcmp(buf_cstr(&b), written[i]))
			fail_msg("cell %zu written as [%s], expected [%s]", i, buf_cstr(&b), written[i]);
	}
	/* Only the first character counts. */
	buf_init(&b, *state);
	csv_writer_init(&w, &b, ';', false);
	csv_writer_cell(&w, "a=b");
	csv_writer_cell(&w, "x-y");
	assert_string_equal(buf_cstr(&b), "a=b;x-y");
}

static void test_reads_back(void **state)
{
	struct arena *a = *state;
	static const char *const header[] = { "namn", "text", "nivå" };
	static const char *const cells[] = { "=1+1", "-- rad ett\n- rad två; \"citat\"", "@x" };
	struct csv_table t;
	struct err e = { 0 };
	struct buf b;
	struct csv_writer w;

	for (int sep = 0; sep < 2; sep++) {
		buf_init(&b, a);
		csv_writer_init(&w, &b, sep ? ';' : ',', true);
		csv_writer_row(&w, header, 3);
		csv_writer_row(&w, cells, 3);
		assert_int_equal(csv_read(a, b.data, b.len, 10, &t, &e), 0);
		assert_int_equal(t.separator, sep ? ';' : ',');
		assert_int_equal(t.n_rows, 1);
		for (int k = 0; k < 3; k++)
			assert_string_equal(csv_cell(&t.rows[0], k), cells[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_cells_and_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formulas_guarded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
