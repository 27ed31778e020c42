/*
 * listexport.h - a list of records as a file: XLSX, CSV or JSON, the three
 * formats every list of Tillit exports (as the asset register does).
 *
 * A module maps its records to a table of text cells (and says how one
 * record is written as JSON); this writes the file: XLSX through
 * io/xlsxwrite.c (bold, frozen header row with an autofilter), CSV through
 * io/csvwrite.c (UTF-8 with a byte-order mark, ';' as Swedish Excel reads
 * it, formulas guarded), JSON as {"items":[...],"total":N}.
 */
#ifndef TILLIT_DOMAIN_LISTEXPORT_H
#define TILLIT_DOMAIN_LISTEXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "io/xlsxwrite.h"

struct arena;
struct err;
struct json;

enum export_format { EXPORT_XLSX, EXPORT_CSV, EXPORT_JSON, EXPORT_FORMATS };

/** "xlsx", "csv" or "json" as a format; -1 for anything else. */
int export_format_parse(const char *s);

/** The file name extension of @f ("xlsx", "csv", "json"). */
const char *export_format_ext(enum export_format f);

struct export_table {
	const char *sheet;              /* the worksheet's name */
	const struct xlsx_column *cols; /* headers (already translated), widths, flags */
	size_t n_cols;
	const char *const *cells; /* n_rows * n_cols, row by row */
	size_t n_rows;
	/* JSON: record @i of @items written by @json; total is how many matched the filter. */
	void (*json)(struct json *j, const void *items, size_t i, const void *ctx);
	const void *items;
	const void *ctx;
	int64_t total;
};

/**
 * Whether a list read for an export with a limit of @max, @n records of
 * @total that match, is the whole list: 0, or ERR_INVALID with a message
 * that says how many an export takes. An export is whole or refused,
 * never cut short. (The lists' counts are exact or stop at @max + 1.)
 */
int export_whole(size_t n, int64_t total, int64_t max, struct err *e);

/** @t as a file in @f: *data and *len in @a, *mime its Content-Type. ERR_INTERNAL when XLSX cannot be written. */
int export_render(struct arena *a, enum export_format f, const struct export_table *t, const char **data, size_t *len,
		  const char **mime, struct err *e);

#endif
