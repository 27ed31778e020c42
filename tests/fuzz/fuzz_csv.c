/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader every import uses
 * (csv_read(): encoding detection and conversion, separator choice, libcsv,
 * line numbers, the row limit).
 *
 * Properties on success: the encoding is UTF-8 or Windows-1252, the
 * separator ',' or ';', every cell is UTF-8 (control characters aside, which
 * the field checks refuse later), rows come in increasing line order, no
 * more than the row limit, and csv_column()/csv_cell() agree with the header.
 * On failure: ERR_INVALID naming "file". Time at most linear, also with the
 * lines after the first repeated to FUZZ_AMPLIFY bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "fuzz.h"
#include "io/csvread.h"

#define MAX_ROWS 100000

static bool utf8_text(const char *s)
{
	size_t n = strlen(s);
	char *copy = malloc(n + 1);
	bool ok;

	for (size_t i = 0; i <= n; i++)
		copy[i] = (i < n && (unsigned char)s[i] < 0x20) ? ' ' : s[i];
	ok = str_valid_utf8(copy, n);
	free(copy);
	return ok;
}

static void check_row(const struct csv_row *row)
{
	for (size_t c = 0; c < row->n_cells; c++)
		FUZZ_CHECK("csv cell", row->cells[c] && utf8_text(row->cells[c]));
	FUZZ_CHECK("csv_cell", !strcmp(csv_cell(row, (int)row->n_cells), ""));
}

struct job {
	const char *data;
	size_t len;
};

static void run(void *p)
{
	struct job *j = p;
	struct arena *a = arena_new();
	struct csv_table t;
	struct err e = { 0 };
	int rc = csv_read(a, j->data, j->len, MAX_ROWS, &t, &e);

	if (rc) {
		FUZZ_CHECK("csv_read", rc == ERR_INVALID && e.field && !strcmp(e.field, "file"));
	} else {
		FUZZ_CHECK("csv_read", !strcmp(t.encoding, "UTF-8") || !strcmp(t.encoding, "Windows-1252"));
		FUZZ_CHECK("csv_read", t.separator == ',' || t.separator == ';');
		FUZZ_CHECK("csv_read", t.n_rows <= MAX_ROWS);
		check_row(&t.header);
		for (size_t c = 0; c < t.header.n_cells; c++) {
			int col = csv_column(&t, t.header.cells[c]);

			FUZZ_CHECK("csv_column", col >= 0 && (size_t)col <= c);
		}
		for (size_t i = 0; i < t.n_rows; i++) {
			check_row(&t.rows[i]);
			FUZZ_CHECK("csv lines", t.rows[i].line > (i ? t.rows[i - 1].line : t.header.line));
		}
	}
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job j = { (const char *)data, size };
	const uint8_t *nl = memchr(data, '\n', size);

	fuzz_linear("csv", size, run, &j);
	if (fuzz_amplify_now(data, size)) {
		size_t head = nl ? (size_t)(nl - data) + 1 : 0, big_len;
		char *prefix = malloc(head + 1);
		char *big;

		memcpy(prefix, data, head);
		prefix[head] = '\0';
		/* A NUL in the header line ends the prefix early: that only shortens it. */
		big = fuzz_repeat(prefix, data + head, size - head, "\n", "", fuzz_amplify_bytes(), &big_len);
		j.data = big;
		j.len = big_len;
		fuzz_linear("csv, amplified", big_len, run, &j);
		free(big);
		free(prefix);
	}
	return 0;
}
