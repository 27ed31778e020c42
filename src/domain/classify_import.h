/*
 * classify_import.h - classifications from earlier records (a spreadsheet
 * or another tool) brought in with their signing dates, with a dry run,
 * all or nothing.
 *
 * An organisation moving to Tillit brings its history, so that the key
 * figures at past dates (the share of systems classified at the end of
 * 2022, say) are read from Tillit like every other figure. Each row is one
 * signed classification of an asset: the asset (its number, or its name
 * when only one asset the importer may edit has it), the day it was signed
 * (before today), the name of the person who signed it as the earlier
 * records give it, and a level per aspect (the number, or the level's name
 * in the organisation's model). The header names the columns in Swedish or
 * English (classify_import_columns).
 *
 * Such a classification is stored as signed, with the signer's name as
 * text (never as a person of Tillit: no live signature is made or
 * backdated), marked as imported, and entered in the audit trail by the
 * person importing, at the time of the import, as "import". The last one
 * of an asset becomes its current classification, due for review the
 * model's months after it was signed. Only an asset that has no
 * classification in Tillit yet takes a history: the history comes before
 * the first classification made here. A system signed before it was
 * registered counts in the key figures from the day it was signed.
 */
#ifndef TILLIT_DOMAIN_CLASSIFY_IMPORT_H
#define TILLIT_DOMAIN_CLASSIFY_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_classify.h"
#include "domain/csvimport.h"

struct arena;
struct auth;
struct db;

#define CLASS_IMPORT_MAX_ROWS 100000
#define CLASS_IMPORT_COLUMNS  7

extern const struct import_column classify_import_columns[CLASS_IMPORT_COLUMNS];

/* One checked row. */
struct class_import_row {
	size_t line;
	int64_t asset_id;
	const char *asset_name;
	int64_t unit_id;
	const char *signed_on;          /* YYYY-MM-DD */
	const char *signed_by;          /* the signer's name as the earlier records give it */
	int64_t level[CLASS_N_ASPECTS]; /* -1: traceability not used */
	int64_t review_months;          /* of the asset's organisation's model */
	bool information_set;
};

struct class_import {
	const char *encoding;
	struct class_import_row *rows;
	size_t n_rows;
	size_t n_assets; /* assets given a history */
	struct import_problems problems;
	bool imported;
};

/**
 * Read and check an import file of @len bytes for @auth (who must be able
 * to edit in each row's asset's unit; NULL or the system: any), judged on
 * @today (NULL: today). Unless @dry_run, and only when there is no problem
 * at all, save every row in one transaction.
 *
 * Returns 0 when the file was read and checked (out->problems.n;
 * out->imported), ERR_INVALID when it has problems and @dry_run is false
 * (out lists them, @e holds the first), or another error in @e.
 */
int classify_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		    const char *today, struct class_import *out, struct err *e);

/** classify_import() as an import_fn (for the page, the API and the command line). */
int classify_import_run(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
			bool dry_run, struct import_outcome *out, struct err *e);

#endif
