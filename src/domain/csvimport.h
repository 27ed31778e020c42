/*
 * csvimport.h - what every CSV import of a module shares: its columns named
 * in Swedish or English, the header mapped onto them, and the problems
 * found, each with its line and column.
 *
 * An import reads its file with csv_read() (src/io/csvread.h), maps the
 * header with import_map_columns(), checks every row into the problem list
 * (import_problem_add()) and saves all rows in one transaction or none.
 * The page, the API and the command line report the problems the same way
 * (page_import_problems(), api_import_result(), cli_import_problems()).
 */
#ifndef TILLIT_DOMAIN_CSVIMPORT_H
#define TILLIT_DOMAIN_CSVIMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct arena;
struct csv_row;
struct csv_table;

/* A column of an import file. */
struct import_column {
	const char *key; /* English name, also the field name in problems ("course") */
	const char *sv;  /* Swedish header ("Kurs") */
	const char *en;  /* English header ("Course") */
	bool required;
	const char *help; /* message id: what to write in it */
};

/* A problem of an import file. */
struct import_problem {
	size_t line;        /* line in the file (1-based); 0 for the file as a whole */
	const char *field;  /* the column's English name, or "file" */
	const char *column; /* the column's name as the file's header writes it, or NULL */
	struct err err;
};

/* The problems found so far; zero-initialised it is empty. */
struct import_problems {
	struct import_problem *v;
	size_t n, cap;
	size_t n_bad_rows; /* rows with at least one problem */
};

/** Add a problem of line @line (0: the file) in @field (NULL: "file") under the header @column (may be NULL). */
void import_problem_add(struct arena *a, struct import_problems *p, size_t line, const char *field, const char *column,
			const char *msgid, const char *arg);

/**
 * Map the header @h onto the @n columns @cols: @col[c] is the index of
 * column c in the file, or -1. A column named twice, a column Tillit does
 * not know and a required column missing are problems of the file.
 */
void import_map_columns(struct arena *a, const struct csv_row *h, const struct import_column *cols, int n, int *col,
			struct import_problems *p);

/* What an import does with its file, step by step (import_run()). */
struct import_steps {
	const struct import_column *columns;
	int n_columns;
	size_t max_rows;
	/* After the header: read what the checks need and make room for @t's rows. */
	int (*prepare)(void *ctx, const struct csv_table *t, struct err *e);
	/* Check data row @i into the problems; non-zero only for an error that is no problem of the file. */
	int (*check)(void *ctx, size_t i, const struct csv_row *row, struct err *e);
	/* Save every row in one transaction; *line: the line of the row it failed on. */
	int (*save)(void *ctx, size_t *line, struct err *e);
};

/* What import_run() found and did. */
struct import_result {
	const char *encoding;
	size_t n_rows;
	bool imported;
};

/**
 * Read @len bytes of CSV, map the header onto @s's columns (@col: their
 * indexes, COL count long), check every row into @p (which the checks add to), and unless @dry_run, and only
 * when there is no problem at all, save them. A refusal of the save
 * (ERR_INVALID, ERR_FORBIDDEN, ERR_EXISTS, ERR_CONFLICT) becomes the
 * problem of its line. Returns 0 when the file was read and checked,
 * ERR_INVALID when it has problems and @dry_run is false (@e holds the
 * first), or another error in @e.
 */
int import_run(struct arena *a, const struct import_steps *s, void *ctx, int *col, const char *data, size_t len,
	       bool dry_run, struct import_problems *p, struct import_result *out, struct err *e);

/* What an import did, as its page, its API answer and its command report it. */
struct import_outcome {
	const struct import_problems *problems;
	size_t n_rows;
	const char *encoding;
	bool imported;
	const char *more_key;   /* one more count: its key in the API's answer ("assets"), or NULL */
	const char *more_msgid; /* and the page's sentence saying it, with one %s */
	size_t more;
};

struct auth;
struct db;

/* A module's import as its page, API and command call it: 0, ERR_INVALID (problems) or another error in @e. */
typedef int (*import_fn)(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
			 bool dry_run, struct import_outcome *out, struct err *e);

/** @s trimmed and folded (the key a name or a header is compared by), in @a. */
const char *import_key(struct arena *a, const char *s);

#endif
