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

struct arena;
struct auth;
struct db;

#define TRAINING_IMPORT_MAX_ROWS 100000

/* A column of the import file. */
struct training_import_column {
	const char *key; /* English name, also the field name in problems ("course") */
	const char *sv;  /* Swedish header ("Kurs") */
	const char *en;  /* English header ("Course") */
	bool required;
	const char *help; /* message id: what to write in it */
};

#define TRAINING_IMPORT_COLUMNS 4
extern const struct training_import_column training_import_columns[TRAINING_IMPORT_COLUMNS];

struct training_import_problem {
	size_t line;        /* line in the file (1-based); 0 for the file as a whole */
	const char *field;  /* the column's English name, or "file" */
	const char *column; /* the column's name as the file's header writes it, or NULL */
	struct err err;
};

struct training_import {
	const char *encoding;
	struct training_completion_input *rows;
	size_t *lines;
	size_t n_rows;
	size_t n_already; /* rows already recorded, skipped */
	struct training_import_problem *problems;
	size_t n_problems;
	size_t n_bad_rows;
	bool imported;
};

/**
 * Read and check an import file of @len bytes for @auth (who must be able
 * to edit in each row's unit), judged on @today (NULL: today). Unless
 * @dry_run, and only when there is no problem at all, save every row in
 * one transaction.
 *
 * Returns 0 when the file was read and checked (out->n_problems;
 * out->imported), ERR_INVALID when it has problems and @dry_run is false
 * (out lists them, @e holds the first), or another error in @e.
 */
int training_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len, bool dry_run,
		    const char *today, struct training_import *out, struct err *e);

#endif
