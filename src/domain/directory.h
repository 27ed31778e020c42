/*
 * directory.h - accounts that follow the staff directory.
 *
 * `tillit user import FILE` reads a CSV export of the staff directory
 * (csv_read(): UTF-8 or Windows-1252, comma or semicolon) with the columns
 * identifier/identitet, name/namn, email/e-post, unit/enhet (the unit's
 * short code) and active/aktiv (ja/nej, yes/no, 1/0). The identifier is
 * what the directory and the identity provider know a person by; it links
 * an account to its row (user_directory). Then:
 *
 *  - a new identifier that is active gets an account without roles (its
 *    user name is the identifier in lower case) and no password anyone
 *    knows: the person signs in through the identity provider;
 *  - a known person's name, e-mail and unit follow the file;
 *  - a person marked inactive, or no longer in the file, is deactivated:
 *    their sessions end, their records and signatures stay;
 *  - nobody is deleted, and roles are never changed.
 *
 * Every row is checked first, and every problem is reported with its line
 * and column, as the asset import does; nothing is saved unless every row
 * is valid, and then everything in one transaction. A dry run says what
 * would change and saves nothing.
 */
#ifndef TILLIT_DOMAIN_DIRECTORY_H
#define TILLIT_DOMAIN_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/authz.h"

struct arena;
struct db;

#define DIRECTORY_MAX_ROWS 200000

/* One problem in the file (as struct asset_import_problem). */
struct directory_problem {
	size_t line;        /* 0 for the file as a whole */
	const char *field;  /* "identifier", "name", "email", "unit", "active" or "file" */
	const char *column; /* the column as the file's header writes it, or NULL */
	struct err err;
};

enum directory_change_kind { DIR_NEW, DIR_UPDATED, DIR_MOVED, DIR_LEFT, DIR_RETURNED };

struct directory_change {
	enum directory_change_kind kind;
	size_t line; /* 0 for someone no longer in the file */
	const char *identifier;
	const char *name;
};

struct directory_import {
	const char *encoding;
	size_t n_rows;
	struct directory_problem *problems;
	size_t n_problems;
	size_t n_bad_rows;
	struct directory_change *changes;
	size_t n_changes;
	size_t n_unchanged;
	bool imported;
};

/**
 * Import the directory file @data (@len bytes); @dry_run only reports.
 * Problems are in @out (returns 0); a failure to read or save anything
 * else returns its error in @e.
 */
int directory_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
		     bool dry_run, struct directory_import *out, struct err *e);

/** The message id that names a change's kind ("New account", …). */
const char *directory_change_label(enum directory_change_kind k);

#endif
