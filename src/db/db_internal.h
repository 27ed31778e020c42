/*
 * db_internal.h - what db_common.c and the two backends share, and nothing
 * else includes.
 *
 * A struct db is the first member of each backend's own connection struct
 * (struct sqlite_db in db_sqlite.c, struct pg_db in db_pg.c), so a backend
 * turns the pointer it is given back into its own type with a cast. The
 * public functions in db_common.c forward through the struct db_backend
 * table the connection carries.
 *
 * Both backends cache prepared statements per connection keyed by the
 * address of the struct db_query constant; struct stmt_cache is that small
 * open-addressing hash table. Its values are owned by the backend, which
 * passes a destructor when it clears the table.
 */
#ifndef TILLIT_DB_DB_INTERNAL_H
#define TILLIT_DB_DB_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

struct db_backend {
	enum db_engine engine;
	int (*run)(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		   struct db_rows *out, struct err *e);
	int (*begin)(struct db *db, struct err *e);
	int (*commit)(struct db *db, struct err *e);
	void (*rollback)(struct db *db);
	int (*exec_script)(struct db *db, const char *sql, struct err *e);
	int (*backup)(struct db *db, const char *path, struct err *e);
	void (*close)(struct db *db);
	/* Stop what runs on the connection now; called from another thread (db_interrupt()). */
	void (*interrupt)(struct db *db);
	/* Refresh the planner's statistics, bounded in time (db_optimize()). */
	int (*optimize)(struct db *db, struct err *e);
	/* Copy the WAL back without waiting for anyone (db_checkpoint()); NULL where there is none. */
	int (*checkpoint)(struct db *db, struct err *e);
	/* Size the connection's page cache (db_page_cache()); NULL where the engine has none of its own. */
	int (*page_cache)(struct db *db, int64_t kib, struct err *e);
	/* Wait for another connection's write transaction, or not (db_run_nowait()); NULL where writers never wait so. */
	void (*wait_for_writer)(struct db *db, bool wait);
	/* Does another connection of this process wait to begin a write (db_writer_waits())? NULL: never known. */
	bool (*writer_waits)(void);
	/* Is a transaction open on the connection (db_in_transaction())? */
	bool (*in_transaction)(struct db *db);
};

struct db {
	const struct db_backend *ops;
	int64_t n_queries;     /* db_run() calls on this connection, for tests and the benchmark */
	bool batch;            /* inside db_batch_begin(): db_begin()/db_commit() only count */
	bool batch_failed;     /* db_rollback() was called inside the batch */
	int batch_depth;       /* transactions "open" inside the batch */
	atomic_bool cancelled; /* db_interrupt() was called: every query fails until the pool takes it back */
	atomic_bool shielded;  /* db_shield(): queries run even when cancelled, and db_interrupt() stops none */
	db_trace_fn trace;     /* db_set_trace() */
	void *trace_ctx;
	struct db_memo *memo; /* db_memo_get(): its pool's, or its own (memo_owned), or NULL until first used */
	bool memo_owned;
};

/* The memo (db_memo.c) a pool shares among its connections, and the one a connection without a pool owns. */
struct db_memo *db_memo_new(void);
void db_memo_free(struct db_memo *m);

struct stmt_cache_entry {
	const struct db_query *key; /* NULL: empty slot */
	void *value;
};

struct stmt_cache {
	struct stmt_cache_entry *slots;
	size_t n_slots; /* a power of two, or 0 before the first insert */
	size_t n_used;
};

/** Look up @key; the cached value or NULL. */
void *stmt_cache_get(const struct stmt_cache *c, const struct db_query *key);

/** Remember @value for @key (which must not be present yet). Grows the table as needed. */
void stmt_cache_put(struct stmt_cache *c, const struct db_query *key, void *value);

/** Drop every entry, calling @destroy(value) on each when it is not NULL; the table stays usable. */
void stmt_cache_clear(struct stmt_cache *c, void (*destroy)(void *value));

/** stmt_cache_clear() and free the table itself. */
void stmt_cache_release(struct stmt_cache *c, void (*destroy)(void *value));

/**
 * Growable list of cell pointers used while a result is read row by row;
 * the finished list is copied into the caller's arena by cells_finish().
 */
struct cells {
	const char **v;
	size_t n, alloc;
};

/** Append one cell (a string already in the arena, or NULL for SQL NULL). */
void cells_push(struct cells *c, const char *s);

/** Copy the collected cells into @a as out->cells and free the list. */
void cells_finish(struct cells *c, struct arena *a, struct db_rows *out);

/** Free the list without producing a result (error paths). */
void cells_release(struct cells *c);

/** Open an SQLite database at @path (":memory:" for a private in-memory one). */
int db_sqlite_open(const char *path, struct db **out, struct err *e);

/** Open a PostgreSQL connection from a libpq URL or conninfo string. */
int db_pg_open(const char *url, struct db **out, struct err *e);

/**
 * Leave checkpoints of SQLite connection @db to the pool: its commits call
 * @wake(@ctx) once the WAL holds 1000 pages or more, instead of
 * checkpointing in the committing thread. @wake must be thread-safe and
 * must not use @db.
 */
void db_sqlite_defer_checkpoints(struct db *db, void (*wake)(void *ctx), void *ctx);

/** Whether SQLite connection @db belongs to a pool with a checkpointer; when @wake, wake it. */
bool db_sqlite_wake_pool(struct db *db, bool wake);

/*
 * Message ids are written out as N_("...") literals at each call site (not
 * as macros here) so that xgettext, which scans only .c files, finds them.
 */

#endif
