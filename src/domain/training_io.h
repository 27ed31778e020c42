/*
 * training_io.h - completions imported from a learning platform's CSV
 * export, with a dry run, all or nothing.
 *
 * The file is read with csv_read() (UTF-8 or Windows-1252, ';' or ','):
 * its header names the columns in Swedish or English: kurs/course (the
 * course's exact title), person (user name or e-mail address of a person
 * of Tillit), datum/date (YYYY-MM-DD, not in the future), and optionally
 * enhet/unit (the unit's short code or name; empty: the unit of the
 * person's first role). Every problem is reported with its line and
 * column; nothing is saved unless every row is valid, and then all rows
 * are saved in one transaction. A completion already recorded (the same
 * course, person and date) is not recorded twice and is not a problem,
 * so a platform's growing export can be imported again.
 */
#ifndef TILLIT_DOMAIN_TRAINING_IO_H
#define TILLIT_DOMAIN_TRAINING_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/q_training.h"
#include "domain/csvimport.h"

struct arena;
struct auth;
struct db;

#define TRAINING_IMPORT_MAX_ROWS 100000

#define TRAINING_IMPORT_COLUMNS 4
extern const struct import_column training_import_columns[TRAINING_IMPORT_COLUMNS];

struct training_import {
	const char *encoding;
	struct training_completion_input *rows;
	size_t *lines;
	size_t n_rows;
	size_t n_already; /* rows already recorded, skipped */
	struct import_problems problems;
	bool imported;
};

/**
 * Read and check an import file of @len bytes for @auth (who must be able
 * to edit in each row's unit), judged on @today (NULL: today). Unless
 * @dry_run, and only when there is no problem at all, save every row in
 * one transaction.
 *
 * Returns 0 when the file was read and checked (out->problems.n;
 * out->imported), ERR_INVALID when it has problems and @dry_run is false
 * (out lists them, @e holds the first), or another error in @e.
 */
int training_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		    const char *today, struct training_import *out, struct err *e);

/** training_import() as an import_fn (for the page, the API and the command line). */
int training_import_run(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
			bool dry_run, struct import_outcome *out, struct err *e);

#endif
