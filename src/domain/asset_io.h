/*
 * asset_io.h - the asset register in and out of spreadsheets: CSV import
 * with a dry run, and export of a filtered list as XLSX, CSV or JSON.
 *
 * Import: the file is read with csv_read(); its header names the columns in
 * Swedish or English (namn/name, typ/kind, enhet/unit, beskrivning/
 * description, ägare/owner, systemförvaltare/administrator, leverantör/
 * supplier, drift/hosting, personuppgifter/personal_data, verksamhetskritisk/
 * business_critical, samhällsviktig/nis2, livscykel/lifecycle). Every row is
 * checked, and every problem is reported with its line and column; nothing
 * is saved unless every row is valid, and then all rows are saved in one
 * transaction.
 *
 * Export: the same filters as the asset list, every matching asset the
 * viewer sees, with the import's column names as headers, so an exported
 * file can be imported again elsewhere. CSV and JSON go out as a stream
 * (asset_export_begin(), asset_export_next()): ASSET_EXPORT_PAGE assets at a
 * time, each page read by id after the last one written, in bounded memory
 * whatever the size of the register, in the order the assets were
 * registered. An XLSX workbook is built whole in memory, so it takes at
 * most ASSET_EXPORT_XLSX_MAX assets and refuses more with a message; it is
 * never cut short.
 */
#ifndef TILLIT_DOMAIN_ASSET_IO_H
#define TILLIT_DOMAIN_ASSET_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/json.h"
#include "domain/asset.h"
#include "io/csvwrite.h"

struct arena;
struct auth;
struct buf;
struct db;
struct err;

#define ASSET_IMPORT_MAX_ROWS 100000
/* An import of this many rows or more refreshes the planner's statistics (db_optimize()). */
#define ASSET_IMPORT_OPTIMIZE_ROWS 1000
#define ASSET_EXPORT_PAGE          500   /* assets per piece of a streamed export */
#define ASSET_EXPORT_XLSX_MAX      50000 /* an XLSX workbook is built in memory */

/* A column of the import file. */
struct asset_import_column {
	const char *key;   /* English name, also the field name in problems ("owner") */
	const char *sv;    /* Swedish header ("Ägare") */
	const char *en;    /* English header ("Owner") */
	const char *alias; /* another accepted name, or NULL */
	bool required;
	const char *help; /* message id: what to write in it */
};

#define ASSET_IMPORT_COLUMNS 13
extern const struct asset_import_column asset_import_columns[ASSET_IMPORT_COLUMNS];

/* One problem in an import file. */
struct asset_import_problem {
	size_t line;        /* line in the file (1-based); 0 for the file as a whole */
	const char *field;  /* the column's English name ("owner"), or "file" */
	const char *column; /* the column's name as the file's header writes it, or NULL */
	struct err err;     /* message id and argument; err.field == field */
};

struct asset_import {
	const char *encoding;     /* what the file was read as ("UTF-8", "Windows-1252") */
	struct asset_input *rows; /* the assets the rows describe (valid or not) */
	size_t *lines;            /* line of each row */
	size_t n_rows;
	struct asset_import_problem *problems;
	size_t n_problems;
	size_t n_bad_rows; /* rows with at least one problem */
	bool imported;     /* the rows were saved */
	const char *csv;   /* after a dry run that read the file: its cells written again as UTF-8 CSV
				       (';', no blank lines), for a form that confirms the import; else NULL */
};

/**
 * Read and check an import file of @len bytes for the user @auth: columns,
 * every row's values (kind, unit by code or name among the units the user
 * sees, user names, yes/no values, lengths), the user's right to edit each
 * row's unit, duplicate names within a unit (in the file and in the
 * register). Unless @dry_run, and only when there is no problem at all, save
 * every row in one transaction (audited as @actor).
 *
 * Returns 0 when the file was read and checked (look at out->n_problems;
 * out->imported tells whether it was saved), ERR_INVALID when it has
 * problems and @dry_run is false (out still lists them and @e holds the
 * first), or another error (ERR_DB, ...) in @e. A file that cannot be read
 * at all (encoding, quoting, columns) gives one problem with line 0 and
 * field "file". Results live in @a.
 */
int asset_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		 struct asset_import *out, struct err *e);

/** The import template: a CSV (UTF-8 with BOM, ';') with the Swedish header and two example rows. */
void asset_import_template(struct buf *b);

/**
 * Every asset matching @f (read with asset_filter_parse(); its limit and
 * offset are ignored), in the order of their ids, for a workbook; *total
 * gets their number. ERR_INVALID naming "format" when there are more than
 * ASSET_EXPORT_XLSX_MAX (the message says to narrow the list or export CSV
 * or JSON). Results live in @a.
 */
int asset_export_list(struct db *db, struct arena *a, const struct asset_filter *f, struct asset **out, size_t *n,
		      int64_t *total, struct err *e);

enum asset_export_format { ASSET_EXPORT_CSV, ASSET_EXPORT_JSON };

/* A streamed export: where it has come to. Set up with asset_export_begin(). */
struct asset_export_stream {
	struct asset_filter f; /* its strings borrowed from the caller */
	const char *subtree;   /* the path of f.unit_id, or NULL */
	char today[16];
	enum asset_export_format format;
	enum lang lang;
	int64_t after_id; /* the last id written */
	int64_t n_written;
	bool begun;
	struct csv_writer csv;
	struct json json;
};

/**
 * Set up @s to export every asset @f matches (its sort, limit and offset
 * are ignored) as @format, with labels in @lang. What it keeps lives in
 * @a, and @f's strings must live as long as @s. Reads the unit's subtree
 * once; ERR_NOTFOUND when f->unit_id names no unit.
 */
int asset_export_begin(struct asset_export_stream *s, struct db *db, struct arena *a, const struct asset_filter *f,
		       enum asset_export_format format, enum lang lang, struct err *e);

/**
 * Append the next piece of the export @stream (a struct
 * asset_export_stream) to @out, reading one page with @db (scratch in @a):
 * the first piece begins the file (CSV: byte-order mark and header row;
 * JSON: {"items":[), the last one ends it (JSON: ],"total":N}, N the
 * assets written). Returns 1 when more is to come, 0 after the last piece,
 * or an error. Has the shape of resp_stream_fn, so a handler passes it to
 * resp_stream() as it is.
 */
int asset_export_next(void *stream, struct db *db, struct arena *a, struct buf *out, struct err *e);

/**
 * The assets as CSV for Excel (io/csvwrite.h: UTF-8 with a byte-order
 * mark, CRLF, quoting per RFC 4180, formulas guarded), ';' between values.
 * Headers and labels in @lang. Appends to @b.
 */
void asset_export_csv(struct buf *b, const struct asset *items, size_t n, enum lang lang);

/** {"items":[asset_json...],"total":@total}. Appends to @b. */
void asset_export_json(struct buf *b, const struct asset *items, size_t n, int64_t total);

/**
 * The assets as an XLSX workbook written to the file @path: bold header
 * row, frozen, with an autofilter and column widths; yes/no as words,
 * levels as numbers, dates as YYYY-MM-DD text. ERR_INTERNAL when the file
 * cannot be written.
 */
int asset_export_xlsx_file(struct arena *a, const struct asset *items, size_t n, enum lang lang, const char *path,
			   struct err *e);

/** As asset_export_xlsx_file(), into memory (through a temporary file). *data lives in @a. */
int asset_export_xlsx(struct arena *a, const struct asset *items, size_t n, enum lang lang, const char **data,
		      size_t *len, struct err *e);

/** "informationstillgangar-YYYY-MM-DD.@ext" for today. Result lives in @a. */
const char *asset_export_filename(struct arena *a, const char *ext);

/* The asset list exported as a handler sends it. Set up with asset_export_open(). */
struct asset_export {
	struct asset_export_stream *stream; /* CSV and JSON: the stream asset_export_next() goes on with; else NULL */
	const char *data;                   /* XLSX: the workbook, @len bytes; else NULL */
	size_t len;
	const char *mime;     /* the file's media type */
	const char *filename; /* asset_export_filename() for its extension */
};

/**
 * Set up the export of every asset @f matches (as asset_export_begin() and
 * asset_export_list() read it) as @ext, "csv", "json" or "xlsx", with
 * labels in @lang: CSV and JSON as a stream begun with
 * asset_export_begin(), XLSX as a workbook built whole. Results live in @a;
 * @f's strings must live as long as the stream. Errors as those functions
 * and asset_export_xlsx() return them.
 */
int asset_export_open(struct asset_export *x, struct db *db, struct arena *a, const struct asset_filter *f,
		      const char *ext, enum lang lang, struct err *e);

#endif
