/*
 * q_scope.h - SQL fragments shared by every module's queries.
 *
 * SQL_UNIT_VISIBLE(path, viewer) is true when the unit with materialised
 * path @path lies in the subtree of one of the viewer's role grants (any
 * role), or when the viewer parameter is 0 (no restriction: the command
 * line and installation-wide tasks). Both arguments are SQL text: a column
 * expression and a placeholder such as "$1". Fragments are string literals
 * pasted at compile time; no SQL is ever built at run time.
 */
#ifndef TILLIT_DB_Q_SCOPE_H
#define TILLIT_DB_Q_SCOPE_H

#include "db/db.h"

struct arena;
struct err;

#define SQL_UNIT_VISIBLE(path, viewer)                                                                \
	"(CAST(" viewer " AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments ra_"               \
	" LEFT JOIN units su_ ON su_.id = ra_.unit_id WHERE ra_.user_id = CAST(" viewer " AS BIGINT)" \
	" AND (ra_.unit_id IS NULL OR substr(" path ", 1, length(su_.path)) = su_.path)))"

/**
 * A LIKE pattern matching text that contains @s (case folded by the query
 * with lower()), with %, _ and \ escaped for "ESCAPE '\'". NULL or empty
 * @s gives NULL (no filter). Result lives in @a.
 */
const char *db_like_contains(struct arena *a, const char *s);

/*
 * Helpers for the typed functions of q_*.c, which own the row mapping.
 * Both return 0 or db_run()'s error.
 */

/** Run a change meant to touch a row (UPDATE or DELETE by key): ERR_NOTFOUND, without a message, when none changed. */
int db_run_change(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  struct err *e);

/** Run an INSERT ... RETURNING id; *id_out gets the id. */
int db_run_insert(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  int64_t *id_out, struct err *e);

#endif
