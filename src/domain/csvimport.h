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

/** @s trimmed and folded (the key a name or a header is compared by), in @a. */
const char *import_key(struct arena *a, const char *s);

#endif
