/*
 * csvread.h - reading a spreadsheet's CSV export, as people actually make them.
 *
 * Parsing is libcsv's. Around it: the encoding (UTF-8 with or without a
 * byte-order mark; Excel's Windows-1252, converted with iconv; anything else
 * refused with a clear message), the separator (comma or semicolon, as a
 * Swedish Excel writes it, chosen from the header line), and line numbers
 * for every row so errors can name them. A cell that the CSV writer
 * (csvwrite.h) guarded against formulas ("'=x") reads as the value it
 * guards ("=x").
 *
 * Part of src/io/, the file formats every module shares: core and libc (and
 * the Debian libraries libcsv and iconv) only, no domain knowledge.
 */
#ifndef TILLIT_IO_CSVREAD_H
#define TILLIT_IO_CSVREAD_H

#include <stddef.h>

struct arena;
struct err;

struct csv_row {
	size_t line;        /* 1-based line number in the file where the row starts */
	const char **cells; /* UTF-8, NUL-terminated, trimmed of surrounding white space, unguarded */
	size_t n_cells;
};

struct csv_table {
	const char *encoding; /* "UTF-8" or "Windows-1252": what the file was read as */
	char separator;       /* ',' or ';' */
	struct csv_row header;
	struct csv_row *rows; /* data rows, without the header and without blank lines */
	size_t n_rows;
};

/**
 * Read @len bytes of CSV. The first non-blank line is the header. Errors
 * (ERR_INVALID, field "file"): empty file, not UTF-8 and not Windows-1252
 * (a byte Windows-1252 does not define, or NUL bytes as in UTF-16), malformed
 * quoting (with the line), more than @max_rows rows. Result lives in @a.
 */
int csv_read(struct arena *a, const char *data, size_t len, size_t max_rows, struct csv_table *out, struct err *e);

/** Index of the header column named @name (case-insensitive, trimmed), or -1. */
int csv_column(const struct csv_table *t, const char *name);

/** Cell @col of @row, or "" when the row is shorter. */
const char *csv_cell(const struct csv_row *row, int col);

#endif
