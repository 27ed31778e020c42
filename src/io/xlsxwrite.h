/*
 * xlsxwrite.h - one table as an XLSX workbook (libxlsxwriter), for every
 * spreadsheet export.
 *
 * The sheet is a table: optional lines of text above it (the first one as
 * a heading), then a header row in bold with a rule below it, frozen and
 * with an autofilter over the table, then one row per record. Each column
 * has a width and is text, wrapped text or numbers. The writer knows
 * nothing of what the cells mean: a module maps its records to text cells
 * and column headers in the user's language.
 *
 * Part of src/io/: core, libc and libxlsxwriter only.
 */
#ifndef TILLIT_IO_XLSXWRITE_H
#define TILLIT_IO_XLSXWRITE_H

#include <stddef.h>

struct arena;
struct err;

enum xlsx_column_flags {
	XLSX_NUMBER = 1 << 0, /* cells are numbers written as text ("3"); written as numbers */
	XLSX_WRAP = 1 << 1,   /* long text: wrapped and aligned to the top */
};

struct xlsx_column {
	const char *header;
	double width; /* in characters */
	unsigned flags;
};

struct xlsx_sheet {
	const char *name;         /* the worksheet's name (at most 31 characters) */
	const char *const *title; /* lines above the table, the first one as a heading; NULL for none */
	size_t n_title;
	const struct xlsx_column *cols;
	size_t n_cols;
	const char *const *cells; /* n_rows * n_cols, row by row; NULL or "" leaves a cell empty */
	size_t n_rows;
};

/** Write @s as a workbook to the file @path. ERR_INTERNAL (detail in @e) when it cannot be written. */
int xlsx_write_file(const struct xlsx_sheet *s, const char *path, struct err *e);

/** Write @s as a workbook into memory: *data and *len (a zip archive) live in @a. ERR_INTERNAL as above. */
int xlsx_write(struct arena *a, const struct xlsx_sheet *s, const char **data, size_t *len, struct err *e);

#endif
