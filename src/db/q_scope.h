/*
 * q_scope.h - SQL fragments shared by every module's queries.
 *
 * SQL_UNIT_VISIBLE(path, viewer) is true when the unit with materialised
 * path @path lies in the subtree of one of the viewer's role grants (any
 * role), or when the viewer parameter is 0 (no restriction: the command
 * line and installation-wide tasks). Both arguments are SQL text: a column
 * expression and a placeholder such as "$1". Fragments are string literals
 * pasted at compile time; no SQL is ever built at run time.
 *
 * How it is evaluated: nothing in it depends on the row but @path, so both
 * subqueries are computed once per statement, not per row. The first asks
 * whether the viewer holds a grant on the whole installation; the second is
 * the set of paths the viewer sees, each grant's subtree read as a range of
 * the units_path index (a subtree of "/1/4/" is every path from "/1/4/" up
 * to "/1/4/~": paths hold only digits and "/", which sort below "~"). A row
 * is then one lookup in that set (SQLite: an ephemeral index; PostgreSQL: a
 * hashed subplan), with no function called on @path. The ranges need
 * byte order: units.path has the "C" collation on PostgreSQL (migration
 * 0011), as every SQLite text column has by default.
 *
 * SQL_PATH_IN_SUBTREE(path, sub) is true when @sub is NULL or @path lies
 * in the subtree whose root has the path @sub, as the same range.
 *
 * SQL_UNITS_SEEN(viewer, sub) is a SELECT of the ids of the units the
 * viewer sees in the subtree @sub (NULL: everywhere), for "unit_id IN
 * (...)": a list then reads the rows of those units from an index that
 * starts with unit_id, or checks a row against the set, built once per
 * statement. A viewer of 0 or with a grant on the whole installation sees
 * every unit of the subtree (one range of units_path); anyone else those
 * below each of their grants (a range each), within the subtree. The set
 * may name a unit twice.
 *
 * SQL_UNITS_SEEN_FIRST(viewer, sub) is the same set, each unit once, as the
 * first table of a FROM clause ("FROM " SQL_UNITS_SEEN_FIRST(...) " risks r
 * WHERE r.unit_id = sv_.id"): SQLite keeps the order of a CROSS JOIN, so
 * the rows are then read unit by unit from an index on unit_id whatever
 * its statistics say.
 *
 * SQL_SEES_ALL(viewer, sub) is 1 when the viewer sees every unit (0, or a
 * grant on the whole installation) and no subtree is asked for, else 0:
 * a list then has nothing to leave out but its filters.
 */
#ifndef TILLIT_DB_Q_SCOPE_H
#define TILLIT_DB_Q_SCOPE_H

#include <pthread.h>
#include <stdbool.h>

#include "db/db.h"

struct arena;
struct err;

/* True when the viewer is 0 or holds a grant on the whole installation (no unit of theirs to check). */
#define SQL_SEEN_BY_GRANTS(viewer)                                                       \
	"(CAST(" viewer " AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments ra0_" \
	" WHERE ra0_.user_id = CAST(" viewer " AS BIGINT) AND ra0_.unit_id IS NULL))"

#define SQL_UNIT_VISIBLE(path, viewer)                                                                               \
	"(" SQL_SEEN_BY_GRANTS(viewer) " OR " path " IN (SELECT vu_.path FROM role_assignments ra_"                  \
				       " JOIN units g_ ON g_.id = ra_.unit_id JOIN units vu_ ON vu_.path >= g_.path" \
				       " AND vu_.path < (g_.path || '~') WHERE ra_.user_id = CAST(" viewer           \
				       " AS BIGINT)))"

#define SQL_UNITS_SEEN(viewer, sub)                                                    \
	"SELECT su_.id FROM units su_ WHERE " SQL_SEEN_BY_GRANTS(                      \
		viewer) " AND su_.path >= COALESCE(CAST(" sub " AS TEXT), '')"         \
			" AND su_.path < (COALESCE(CAST(" sub " AS TEXT), '') || '~')" \
			" UNION ALL " SQL_UNITS_GRANTED(viewer) " AND " SQL_PATH_IN_SUBTREE("vu_.path", sub)

#define SQL_UNITS_SEEN_FIRST(viewer, sub) \
	"(SELECT DISTINCT s0_.id FROM (" SQL_UNITS_SEEN(viewer, sub) ") s0_) sv_ CROSS JOIN"

#define SQL_SEES_ALL(viewer, sub) \
	"(CASE WHEN CAST(" sub " AS TEXT) IS NULL AND " SQL_SEEN_BY_GRANTS(viewer) " THEN 1 ELSE 0 END)"

/*
 * SQL_SEEN_ROW(col, viewer, sub): is the unit id @col among SQL_UNITS_SEEN,
 * for a statement that checks its rows one by one. The set is built only
 * when it is needed: a viewer who sees every unit (SQL_SEES_ALL) has
 * nothing to check, where the set would be every unit of the installation
 * (10,000 at national size) built for the few rows of one asset.
 */
#define SQL_SEEN_ROW(col, viewer, sub) \
	"(" SQL_SEES_ALL(viewer, sub) " = 1 OR " col " IN (" SQL_UNITS_SEEN(viewer, sub) "))"

/*
 * ASSETS_OF_PERSON(user, limit) is a SELECT of the ids of the assets in use
 * that the user owns or is system administrator of, the first @limit by
 * id: a look-up in assets_owner and one in assets_administrator (as a
 * union: with OR, SQLite would walk the whole table in id order).
 */
#define ASSETS_OF_PERSON(user, limit)                                                                        \
	"SELECT ap_.id FROM assets ap_ WHERE ap_.owner_id = CAST(" user " AS BIGINT)"                        \
	" AND ap_.lifecycle <> 'retired' UNION SELECT ap2_.id FROM assets ap2_"                              \
	" WHERE ap2_.administrator_id = CAST(" user " AS BIGINT) AND ap2_.lifecycle <> 'retired' ORDER BY 1" \
	" LIMIT " limit

/*
 * The ids of the units below the viewer's grants on units (each grant's
 * subtree, a range of units_path), without those of a grant on the whole
 * installation: with SQL_SEEN_BY_GRANTS(), the PostgreSQL texts of lists
 * whose row is seen through more than one unit ("WITH seen_(id) AS (...)"
 * first, then "unit_id IN (SELECT id FROM seen_)" for each), where two
 * SQL_UNIT_VISIBLE() are two more subqueries of three tables to plan on
 * every run. A unit's path names it alone, so testing its id is testing
 * its path.
 */
#define SQL_UNITS_GRANTED(viewer)                                                                                 \
	"SELECT vu_.id FROM role_assignments ra_ JOIN units g_ ON g_.id = ra_.unit_id"                            \
	" JOIN units vu_ ON vu_.path >= g_.path AND vu_.path < (g_.path || '~') WHERE ra_.user_id = CAST(" viewer \
	" AS BIGINT)"
/*
 * The ids of the units of the subtree whose root has the path @sub (a range
 * on units_path), for "unit_id IN (...)": on SQLite a subtree's records are
 * then looked up unit by unit, where "its unit's path is in the subtree"
 * sifts every record of the installation.
 */
#define SQL_UNITS_OF_SUBTREE(sub)                                                                        \
	"SELECT un_.id FROM units un_ WHERE un_.path >= CAST(" sub " AS TEXT) AND un_.path < (CAST(" sub \
	" AS TEXT) || '~')"

/*
 * "WITH RECURSIVE anc_(id, up) AS (...) ": the unit whose path is @path and
 * every unit above it, from the parent links (a look-up each), so that the
 * roles held on them are found through role_assignments_unit instead of
 * testing every role of the installation against the path. Begins the
 * statement; a path that is no unit's gives none.
 */
#define SQL_ANCESTORS_CTE(path)                                                                               \
	"WITH RECURSIVE anc_(id, up) AS (SELECT id, parent_id FROM units WHERE path = CAST(" path " AS TEXT)" \
	" UNION ALL SELECT an_.id, an_.parent_id FROM units an_ JOIN anc_ ON an_.id = anc_.up) "

#define SQL_PATH_IN_SUBTREE(path, sub)                                                                   \
	"(CAST(" sub " AS TEXT) IS NULL OR (" path " >= CAST(" sub " AS TEXT) AND " path " < (CAST(" sub \
	" AS TEXT) || '~')))"

/**
 * A LIKE pattern matching text that contains @s (case folded by the query
 * with lower()), with %, _ and \ escaped for "ESCAPE '\'". NULL or empty
 * @s gives NULL (no filter). Result lives in @a.
 */
const char *db_like_contains(struct arena *a, const char *s);

/** As db_like_contains(), a pattern matching text that is @s (with "LIKE", without regard to case). */
const char *db_like_exact(struct arena *a, const char *s);

/**
 * @ids as a JSON array ("[1,2,3]"), the one parameter of a query that reads
 * a list of ids with json_each (SQLite) or json_array_elements_text
 * (PostgreSQL). Result lives in @a.
 */
const char *db_ids_json(struct arena *a, const int64_t *ids, size_t n);

/* The ids of such a parameter @p as a subquery, on each engine (a DB_QUERY2's two texts). */
#define SQL_IDS_SQLITE(p) "(SELECT CAST(j.value AS BIGINT) FROM json_each(" p ") j)"
#define SQL_IDS_PG(p)     "(SELECT CAST(j.value AS BIGINT) FROM json_array_elements_text(CAST(" p " AS json)) AS j(value))"

/*
 * Helpers for the typed functions of q_*.c, which own the row mapping.
 * Both return 0 or db_run()'s error.
 */

/** Run a change meant to touch a row (UPDATE or DELETE by key): ERR_NOTFOUND, without a message, when none changed. */
int db_run_change(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  struct err *e);

/**
 * Fill a column a migration adds for every row already stored, 1,000 rows
 * at a time: @next selects them by id after $1 (the id first, ORDER BY id
 * LIMIT 1000) and @row writes row @i of them. Each batch has its own arena.
 */
int db_fill_by_id(struct db *db, const struct db_query *next,
		  int (*row)(struct db *db, struct arena *a, const struct db_rows *rows, size_t i, struct err *e),
		  struct err *e);

/** The texts (NULL as empty), one per line, folded by str_fold(): what a list's search reads. */
const char *db_folded_lines(struct arena *a, const char *x, const char *y, const char *z);

/** Run an INSERT ... RETURNING id; *id_out gets the id. */
int db_run_insert(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  int64_t *id_out, struct err *e);

/*
 * Many rows in one INSERT: "@head VALUES @row, @row, ..." where each "?" of
 * @row is a parameter of its own, numbered $1, $2, ... in order through
 * the rows. The texts for DB_MANY_ROWS rows, a tenth of that and one row
 * are made at the first use and kept; db_insert_many() runs as few of them
 * as its rows take on PostgreSQL, where each statement is a round trip.
 * On SQLite it runs the one-row statement for each row: a statement there
 * is no round trip, and one that writes many rows and may fail on a
 * constraint keeps a journal of every page it changes, to undo itself
 * (SQLite's statement journal), which cost more than the statements it
 * saved (100,000 assets: 4.1-4.9 s of CPU a row a statement, 5.7-6.1 s a
 * hundred). Both engines infer each parameter's type from its column, as
 * in a one-row INSERT.
 */
#define DB_MANY_ROWS 100
struct db_many {
	const char *name; /* for logs */
	const char *head; /* "INSERT INTO t (a, b, c)" */
	const char *row;  /* "(?, ?, 1, ?)" */
	pthread_mutex_t lock;
	bool ready;
	size_t cols; /* "?" in @row */
	struct db_query q[3];
};
#define DB_MANY(ident, head, row) \
	struct db_many ident = { #ident, head, row, PTHREAD_MUTEX_INITIALIZER, false, 0, { { 0 } } }

/** Insert @n rows, @args holding each row's values in the order of @m's row (n times its parameters). */
int db_insert_many(struct db *db, struct arena *a, struct db_many *m, const struct db_arg *args, size_t n,
		   struct err *e);

/** How a typed function maps row @i of @r into the record at @out (the `*_from_row` beside its SQL). */
typedef void (*db_row_fn)(const struct db_rows *r, size_t i, void *out);

/**
 * Run a query that reads one record (by its id, as a q_<record>_get does)
 * and map its row into @out: ERR_NOTFOUND, without a message, when there is none.
 */
int db_run_get(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
	       db_row_fn from_row, void *out, struct err *e);

/**
 * Run a query and map every row: *out gets an array of @size-byte records in
 * @a (pass a `struct x **` as `(void **)out` and `sizeof(**out)`), *n how many.
 */
int db_run_list(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		size_t size, db_row_fn from_row, void **out, size_t *n, struct err *e);

/**
 * A list's total: run the COUNT query @q and put its one number in *total.
 * A NULL @total (a caller that does not want it) runs nothing.
 */
int db_run_count(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		 int64_t *total, struct err *e);

/**
 * As db_run_count(), for a count that reads more than the page it goes with
 * (a whole register in view): kept with the query and its arguments at the
 * data version (q_audit_version(), db_memo_get()) and read again after the
 * next write. Only for a count of what every write records in the audit
 * trail, as the business tables are. A count that reads an index filled
 * behind the writes qualifies only when its answer does not depend on how
 * far the index has come (the assets' search also reads the assets its
 * index does not hold yet).
 */
int db_run_count_kept(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args,
		      size_t n_args, int64_t *total, struct err *e);

/**
 * As db_run_count_kept(), for a query of one row of @n_out integers (a count
 * and what goes with it): read into @out, 0 for a missing row or column.
 */
int db_run_ints_kept(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		     int64_t *out, size_t n_out, struct err *e);

/** As db_run_ints_kept(), read afresh each time. */
int db_run_ints(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		int64_t *out, size_t n_out, struct err *e);
/**
 * As db_run_count_kept(), for the rows of a list whose reading costs far more than what it shows (the overdue
 * of a whole organisation, earliest first): @out is as db_run() gives it, living in @a.
 */
int db_run_rows_kept(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		     struct db_rows *out, struct err *e);

/** db_run_rows_kept() when @keep, else db_run(): a list kept only for some of its filters. */
int db_run_rows_kept_if(bool keep, struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args,
			size_t n_args, struct db_rows *out, struct err *e);

#endif
