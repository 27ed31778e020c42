/*
 * db.h - the backend-neutral database interface.
 *
 * Tillit runs on SQLite (embedded, WAL mode, foreign keys on) or PostgreSQL.
 * All SQL text lives in src/db/q_<aggregate>.c as named struct db_query
 * constants with PostgreSQL-style placeholders $1..$n; the SQLite backend
 * binds them by name. Where the dialects differ a query carries a separate
 * sql_pg text. Each connection caches its prepared statements, keyed by the
 * query constant's address.
 *
 * A query's result is read whole into the caller's arena as a table of
 * strings (struct db_rows): integers as decimal text, NULL as a NULL
 * pointer. The row<->struct mapping is written next to the query, in q_*.c.
 *
 * A connection is used by one thread at a time; struct db_pool hands out one
 * per request. Errors: ERR_DB (logged detail in e->detail), ERR_EXISTS when a
 * UNIQUE constraint is violated, ERR_CONFLICT when a serialization or busy
 * failure persists.
 */
#ifndef TILLIT_DB_DB_H
#define TILLIT_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct err;

enum db_engine { DB_SQLITE = 1, DB_PG = 2 };

struct db;
struct db_pool;

struct db_query {
	const char *name;   /* for logs and the benchmark */
	const char *sql;    /* both engines, or SQLite only when sql_pg is set */
	const char *sql_pg; /* PostgreSQL variant, or NULL */
	bool plan_once;     /* PostgreSQL may keep one plan for all arguments (DB_QUERY_PLAN_ONCE) */
};

/** Define a query constant usable on both engines. */
#define DB_QUERY(ident, text) const struct db_query ident = { #ident, text, NULL, false }
/* "static DB_QUERY(...)" keeps a query private to its q_*.c file, behind its typed function. */
/** Define a query with a separate PostgreSQL text. */
#define DB_QUERY2(ident, sqlite_text, pg_text) const struct db_query ident = { #ident, sqlite_text, pg_text, false }
/*
 * A query that PostgreSQL plans once, without its arguments, and keeps that
 * plan for every run (db_pg.c); every other statement it plans for each
 * run's arguments, which for a list with many joins costs several ms,
 * against well under one to run it. Declare a query so when a key or an
 * equality on an index that the arguments give drives it, whatever else
 * they ask (a row by its id, a write by key, one plan's activities, the
 * activities linked to one record): its optional filters then only test
 * the few rows found. Not a list whose best path depends on the arguments
 * (a range of dates, a sort chosen by an argument over many rows, a scope
 * that may be the whole register): one plan for all of them reads what the
 * page does not show. Check the plan before declaring (EXPLAIN EXECUTE of
 * the statement PREPAREd under plan_cache_mode = force_generic_plan; the
 * EXPLAIN helper of the tests, tests/harness/explain.h, explains such a
 * statement so) and measure it: pg_stat_statements names each statement's
 * query, and bench/cpu --user runs the pages as someone who sees less. A
 * switch between such a statement and another costs a round trip (about
 * 0.04 ms on one machine), less than planning even a look-up by key (a
 * unit by its id, 0.13 ms). SQLite keeps one plan for every statement
 * anyway.
 */
/** How a DB_QUERY_PLAN_ONCE statement's text starts on PostgreSQL (pg_prepared_statements, the logs). */
#define DB_PG_PLAN_ONCE_MARK "/* plan once */ "
/** Define a query usable on both engines that PostgreSQL may plan once. */
#define DB_QUERY_PLAN_ONCE(ident, text) const struct db_query ident = { #ident, text, NULL, true }
/** Define a query with a separate PostgreSQL text that PostgreSQL may plan once. */
#define DB_QUERY2_PLAN_ONCE(ident, sqlite_text, pg_text) \
	const struct db_query ident = { #ident, sqlite_text, pg_text, true }

enum db_arg_type { DBA_NULL = 0, DBA_INT, DBA_TEXT };

struct db_arg {
	enum db_arg_type t;
	int64_t i;
	const char *s;
};

#define DB_INT(x) ((struct db_arg){ DBA_INT, (int64_t)(x), NULL })
/** Text argument; a NULL pointer binds SQL NULL. */
#define DB_TEXT(x) db_text_arg(x)
#define DB_NULL    ((struct db_arg){ DBA_NULL, 0, NULL })
/** Integer argument that binds SQL NULL when @x is 0 (optional foreign keys). */
#define DB_ID(x) ((x) ? DB_INT(x) : DB_NULL)
/** Integer argument that binds SQL NULL when @x is negative (a level or minimum not set, -1); see rows_level(). */
#define DB_LEVEL(x) ((x) >= 0 ? DB_INT(x) : DB_NULL)
/** Expand to "array, count" for db_run(). */
#define DB_ARGS(...) \
	(const struct db_arg[]){ __VA_ARGS__ }, (sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))

static inline struct db_arg db_text_arg(const char *s)
{
	struct db_arg a = { s ? DBA_TEXT : DBA_NULL, 0, s };
	return a;
}

struct db_rows {
	size_t n_rows;
	size_t n_cols;
	const char **cells; /* n_rows * n_cols, row-major; NULL = SQL NULL */
	const char **names; /* n_cols column names */
	int64_t changes;    /* rows changed by INSERT/UPDATE/DELETE */
};

/**
 * Open one connection. @url is "sqlite:PATH", a bare path, "sqlite::memory:",
 * or "postgresql://..." / "postgres://...". SQLite connections get WAL mode,
 * foreign_keys=ON and a busy timeout. Caller frees with db_close().
 */
int db_open(const char *url, struct db **out, struct err *e);

/** Close a connection and its cached statements. Accepts NULL. */
void db_close(struct db *db);

enum db_engine db_engine_of(const struct db *db);

/**
 * Run @q with @args. Rows (if any) are copied into @a and described by @out,
 * which may be NULL when the caller wants none. Returns 0 or a negative
 * err_code with details in @e.
 */
int db_run(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
	   struct db_rows *out, struct err *e);

/**
 * As db_run(), for a write that may as well be left for a later request
 * (a session's last-seen time): on SQLite, where a write waits up to the
 * busy timeout (10 s) while another connection's write transaction runs,
 * it fails at once instead, with ERR_CONFLICT. The same as db_run() on
 * PostgreSQL, where it waits only for a transaction that changed the same
 * row.
 */
int db_run_nowait(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  struct db_rows *out, struct err *e);

/**
 * Does another connection of this process wait to begin a write
 * transaction? On SQLite, where writers take turns, a long run of short
 * transactions (a large import) lets such a writer go first between two of
 * them (its connection polls every millisecond for the lock); always false
 * on PostgreSQL, whose locks queue writers themselves.
 */
bool db_writer_waits(const struct db *db);

/** Begin a write transaction (SQLite: BEGIN IMMEDIATE). */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/** Roll back; safe to call when no transaction is open. */
void db_rollback(struct db *db);

/**
 * End the transaction db_begin() opened: commit when @rc is 0, otherwise
 * (or when the commit fails) roll back. Returns @rc, or the commit's error.
 * The one way a domain function closes its transaction:
 *
 *	if ((rc = db_begin(db, e)))
 *		return rc;
 *	rc = work(db, ...);
 *	return db_end(db, rc, e);
 */
int db_end(struct db *db, int rc, struct err *e);

/** Is a transaction open on @db (db_begin() without its db_commit() or db_rollback() yet)? */
bool db_in_transaction(struct db *db);

/*
 * Results kept between requests: a small store of byte strings, each under
 * a key and the data version it was read at (q_audit_version(): the id of
 * the newest audit entry, since every write appends one in its own
 * transaction). A result is good while the version is the same; keeping one
 * under a newer version replaces the older. The connections of a pool share
 * one store (a connection without a pool has its own); it holds at most
 * DB_MEMO_SLOTS entries and DB_MEMO_BYTES bytes, the least recently used
 * given up first, and a result larger than a quarter of that is not kept.
 * Inside a transaction nothing is read or kept: what it sees may yet be
 * undone.
 */
#define DB_MEMO_SLOTS 64
#define DB_MEMO_BYTES ((size_t)4 << 20)

/** The bytes kept under @key at @version, copied into @a; false when there are none (or inside a transaction, or
 * at a version below 0: none known). */
bool db_memo_get(struct db *db, struct arena *a, const char *key, int64_t version, void **data, size_t *len);

/** Keep @len bytes at @data under @key as read at @version (copied; nothing at a version below 0). */
void db_memo_put(struct db *db, const char *key, int64_t version, const void *data, size_t len);

/*
 * Packing a result to keep: its fixed parts with buf_add(), each text with
 * db_memo_add_text() (a byte saying whether it is there, then the text and
 * its NUL); read back in the same order from the bytes db_memo_get() gave,
 * the texts with db_memo_take_text(), which points into them.
 */
/** Append @s (NULL allowed) to @b. */
void db_memo_add_text(struct buf *b, const char *s);
/** Copy @len bytes at @at of @data into @out and move past them; false past the end. */
bool db_memo_take(const char *data, size_t len, size_t *at, void *out, size_t n);
/** The text at @at of @data (NULL if none was there) into @out, and move past it; false past the end. */
bool db_memo_take_text(const char *data, size_t len, size_t *at, const char **out);

/** How many queries this connection has run (db_run() calls), for tests and the benchmark. */
int64_t db_query_count(const struct db *db);

/** Called by db_run() with each query and its arguments before it runs. */
typedef void (*db_trace_fn)(void *ctx, const struct db_query *q, const struct db_arg *args, size_t n_args);

/**
 * Have db_run() on @db call @fn(@ctx, ...) before every query (NULL: stop).
 * For tests that look at the plans of the queries a function runs
 * (tests/harness/explain.h). @fn must not use @db.
 */
void db_set_trace(struct db *db, db_trace_fn fn, void *ctx);

/**
 * Stop the query running on @db now and make every later db_run() on it
 * fail with ERR_CANCELLED, until the pool takes it back (db_pool_put()).
 * The one function here that another thread may call while @db is in use;
 * the caller makes sure @db stays open meanwhile. Calling it again is
 * harmless, and needed: a query that started just as the first call came
 * may not have seen it (SQLite: sqlite3_interrupt(); PostgreSQL: PQcancel(),
 * after which the pool closes the connection rather than lend it out again,
 * since a cancel request may still reach the server later).
 */
void db_interrupt(struct db *db);

/**
 * Shield what runs on @db from db_interrupt() while @on: work that must
 * finish once begun, even for a request that has run out of time (undoing
 * what an import saved). Queries run though @db was cancelled, and a
 * db_interrupt() meanwhile stops none of them; it still counts for the
 * pool. An interrupt sent just before the shield went up may stop one
 * query, so the shielded work is written to be tried again.
 */
void db_shield(struct db *db, bool on);

/** True once db_interrupt() was called on @db (and the pool has not taken it back). */
bool db_cancelled(const struct db *db);

/**
 * Bring the query planner's statistics up to date, in bounded time: SQLite
 * "PRAGMA analysis_limit=1000; ANALYZE" (each index is sampled, not read
 * whole), PostgreSQL ANALYZE. Run when the server starts and after a bulk
 * load or a large import, so that the planner knows how big the tables
 * have become.
 */
int db_optimize(struct db *db, struct err *e);

/**
 * Copy what the WAL holds back into the database file as far as that is
 * possible without waiting (SQLite PASSIVE checkpoint); a no-op on
 * PostgreSQL. The pool's checkpointer calls it; see db_pool_new().
 */
int db_checkpoint(struct db *db, struct err *e);

/**
 * Whether @db has a pool's background thread (SQLite with a checkpointer,
 * see db_pool_new()), which also indexes the assets waiting for the search
 * index (q_asset_index_pending()); when @wake, wake it to do so now. False:
 * whoever leaves such a backlog indexes it itself.
 */
bool db_background(struct db *db, bool wake);

/**
 * Give this connection a page cache of @kib KiB (never less than the
 * usual size) for a large write that follows; 0: back to the usual size. SQLite keeps the pages a
 * transaction changes in its page cache until the commit; when they do not
 * fit it writes them out to the WAL early and reads them back, again and
 * again. Sizing the cache for the write spares that. A no-op on
 * PostgreSQL, whose cache is the server's shared buffers.
 */
int db_page_cache(struct db *db, int64_t kib, struct err *e);

/**
 * One real transaction around many writes, for loading data in bulk (the
 * benchmark generator): until db_batch_commit(), db_begin() and
 * db_commit() only count, so every function that writes in its own
 * transaction writes into the batch instead. A db_rollback() inside the
 * batch cannot undo only its own part: it marks the whole batch failed,
 * and db_batch_commit() then rolls everything back and returns ERR_DB.
 * Only for writers that treat any failure as the end of the load.
 */
int db_batch_begin(struct db *db, struct err *e);

/** Commit the batch (or roll it back when it failed, returning ERR_DB). Ends the batch either way. */
int db_batch_commit(struct db *db, struct err *e);

/** Run a multi-statement script with no parameters (migrations). */
int db_exec_script(struct db *db, const char *sql, struct err *e);

/** Apply every embedded migration not yet recorded in schema_migrations, each in its own transaction. */
int db_migrate(struct db *db, struct err *e);

/**
 * Does the embedded migration @name apply to @db's engine? Files named
 * NNNN_name.pg.sql apply on PostgreSQL only, NNNN_name.sqlite.sql on SQLite
 * only, every other one on both.
 */
bool db_migration_applies(const struct db *db, const char *name);
/** As db_migrate(), only the migrations whose names sort before @stop ("0030"): for tests of a migration. */
int db_migrate_before(struct db *db, const char *stop, struct err *e);

/** Number of migrations applied, or -1 on error. */
int db_schema_version(struct db *db, struct err *e);

/**
 * Online, consistent copy of an SQLite database to @path (sqlite3 backup
 * API). ERR_INVALID on PostgreSQL (use pg_dump).
 */
int db_backup(struct db *db, const char *path, struct err *e);

/* --- reading struct db_rows --- */

/** Borrowed cell text, NULL for SQL NULL; lives in the arena given to db_run(). */
static inline const char *rows_text(const struct db_rows *r, size_t row, size_t col)
{
	return r->cells[row * r->n_cols + col];
}

/** Cell as int64; 0 for NULL. */
int64_t rows_int(const struct db_rows *r, size_t row, size_t col);

/** Cell as int64; -1 for NULL (a level or minimum not set, bound with DB_LEVEL()). */
int64_t rows_level(const struct db_rows *r, size_t row, size_t col);

/** Cell as bool: "1", "t", "true" are true. */
bool rows_bool(const struct db_rows *r, size_t row, size_t col);

/**
 * Map every row of @r to a struct of @size bytes with @from_row(r, i, out),
 * in an array in @a (never NULL, even for no rows); *n gets the count.
 */
void *rows_map(struct arena *a, const struct db_rows *r, size_t size,
	       void (*from_row)(const struct db_rows *r, size_t i, void *out), size_t *n);

/* --- connection pool --- */

/**
 * A pool of up to @size connections to @url, opened lazily. Caller frees
 * with db_pool_free(). For SQLite the pool also runs a checkpointer thread
 * with a connection of its own: the pool's connections do not checkpoint
 * when they commit, they wake it, and it checkpoints PASSIVE, so no
 * request ever waits for a checkpoint (db_sqlite_defer_checkpoints()).
 * The same thread indexes the assets that wait for the search index, when
 * woken (db_background()) and at every look.
 */
int db_pool_new(const char *url, int size, struct db_pool **out, struct err *e);
void db_pool_free(struct db_pool *p);

/** Borrow a connection (blocks while all are in use). Return it with db_pool_put(). */
int db_pool_get(struct db_pool *p, struct db **out, struct err *e);
void db_pool_put(struct db_pool *p, struct db *db);

#endif
