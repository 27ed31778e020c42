/*
 * explain.h - the plans of the queries a piece of code runs, for tests that
 * check that a list answers from an index instead of reading a whole table.
 *
 * explain_begin() hooks a connection (db_set_trace()): every SELECT run on
 * it until explain_end() is also explained, with the same arguments, on a
 * second connection to the same database (PostgreSQL "EXPLAIN", SQLite
 * "EXPLAIN QUERY PLAN"). explain_full_scans() then names each query whose
 * plan reads one of the given tables whole: "Seq Scan on TABLE" on
 * PostgreSQL, "SCAN TABLE" (or its alias in the query) without an index on
 * SQLite. An index walked in order (PostgreSQL Index Scan, SQLite "SCAN x
 * USING INDEX") does not count as a full scan: under a LIMIT it stops after
 * the page.
 *
 * Plans depend on how big the tables are and on the planner's statistics:
 * fill the tables to a size where a scan matters (thousands of rows) and
 * call db_optimize() before looking, as the server does when it starts.
 * The database must be one a second connection can open: a PostgreSQL
 * fixture, or fixture_db_open_file() on SQLite.
 *
 *	struct explain x;
 *	explain_begin(&x, db, fixture_db_url());
 *	asset_list(db, a, &filter, &items, &n, &total, &e);
 *	explain_end(&x);
 *	const char *scans = explain_full_scans(&x, (const char *[]){ "assets", "audit_log", NULL });
 *	if (scans)
 *		fail_msg("%s", scans);
 */
#ifndef TILLIT_TEST_EXPLAIN_H
#define TILLIT_TEST_EXPLAIN_H

#include <stddef.h>

struct arena;
struct db;

struct explain_plan {
	const char *query; /* the struct db_query's name */
	const char *sql;   /* the text explained */
	const char *plan;  /* the plan, one line per node */
};

struct explain {
	struct db *db;    /* the connection watched */
	struct db *other; /* where the EXPLAINs run */
	struct arena *a;  /* plans and reports; freed by explain_release() */
	struct explain_plan *plans;
	size_t n_plans, cap_plans;
	char error[512]; /* the first EXPLAIN that failed, or "" */
};

/** Watch @db, a connection to the database at @url. 0, or -1 with x->error set when @url cannot be opened. */
int explain_begin(struct explain *x, struct db *db, const char *url);

/** Stop watching; the plans stay readable until explain_release(). */
void explain_end(struct explain *x);

/** Free the plans and close the second connection. */
void explain_release(struct explain *x);

/**
 * One line per query whose plan reads one of @tables (NULL-terminated)
 * whole: "QUERY: TABLE read whole\n<plan>", and one line per EXPLAIN that
 * failed; NULL when there is none. Lives until explain_release().
 */
const char *explain_full_scans(const struct explain *x, const char *const *tables);

#endif
