/*
 * csvwrite.h - CSV for spreadsheets: the one writer every CSV export uses.
 *
 * UTF-8 (optionally with a byte-order mark, so Excel reads it as UTF-8),
 * CRLF line ends, and quoting per RFC 4180 where a cell holds a comma, a
 * semicolon (either separator, so the text reads the same whichever one a
 * reader guesses), a quotation mark or a line break. A cell that starts
 * with = + - @, a tab or a CR would be run by a spreadsheet as a formula
 * (CSV injection); it is written with a leading apostrophe, which
 * spreadsheets show as text and csv_read() (csvread.h) takes off again.
 *
 * Part of src/io/: core and libc only, no domain knowledge. Cells are
 * text; what a module puts in them (labels, numbers written as text) is
 * its own business.
 */
#ifndef TILLIT_IO_CSVWRITE_H
#define TILLIT_IO_CSVWRITE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

struct csv_writer {
	struct buf *b;
	char sep;       /* ',' or ';' */
	size_t n_cells; /* cells written on the current row */
};

/** Start writing CSV separated by @sep at the end of @b, with a UTF-8 byte-order mark when @bom. */
void csv_writer_init(struct csv_writer *w, struct buf *b, char sep, bool bom);

/** Append the cell @s (NULL writes an empty cell), quoted when needed and guarded against formulas. */
void csv_writer_cell(struct csv_writer *w, const char *s);

/** End the current row (CRLF). */
void csv_writer_end_row(struct csv_writer *w);

/** Append a whole row of @n cells and end it. */
void csv_writer_row(struct csv_writer *w, const char *const *cells, size_t n);

#endif
