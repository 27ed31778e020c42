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
 * file can be imported again elsewhere. An export is whole or refused: more
 * than ASSET_EXPORT_MAX assets are refused with a message, never cut off.
 */
#ifndef TILLIT_DOMAIN_ASSET_IO_H
#define TILLIT_DOMAIN_ASSET_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/i18n.h"
#include "domain/asset.h"

struct arena;
struct auth;
struct buf;
struct db;
struct err;

#define ASSET_IMPORT_MAX_ROWS 100000
#define ASSET_EXPORT_MAX      100000

/* A column of the import file. */
struct asset_import_column {
	const char *key;   /* English name, also the field name in problems ("owner") */
	const char *sv;    /* Swedish header ("Ägare") */
	const char *en;    /* English header ("Owner") */
	const char *alias; /* another accepted name, or NULL */
	bool required;
	const char *help; /* message id: what to write in it */
};

#define ASSET_IMPORT_COLUMNS 12
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
 * offset are ignored), and how many (*total == *n). ERR_INVALID when more
 * than ASSET_EXPORT_MAX match: an export is never cut off. Results live
 * in @a.
 */
int asset_export_list(struct db *db, struct arena *a, const struct asset_filter *f, struct asset **out, size_t *n,
		      int64_t *total, struct err *e);

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

#endif
