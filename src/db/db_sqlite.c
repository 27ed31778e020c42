/*
 * db_sqlite.c - the SQLite backend.
 *
 * One connection belongs to one thread at a time, so it is opened with
 * SQLITE_OPEN_NOMUTEX. Each connection runs in WAL mode (except :memory:),
 * with foreign keys enforced and synchronous=NORMAL. A write waits up to
 * BUSY_MS for another connection's write transaction, looking every
 * millisecond (busy_wait()) rather than at SQLite's growing intervals of up
 * to 100 ms, so that it goes in soon after the other commits; the
 * connections of this process that wait to begin a write are counted
 * (db_writer_waits()), so that a long run of short transactions lets them
 * go first.
 *
 * Memory and I/O (docs/performance.md): reads go through a memory map of up
 * to MMAP_SIZE bytes of the file, so a page that is already in the
 * operating system's page cache costs no read() and no copy; the page cache
 * of each connection is CACHE_KIB, which then mostly holds pages being
 * written and the temporary b-trees of sorting. A connection that a pool
 * hands out checkpoints nothing itself: its commits wake the pool's
 * checkpointer (db_sqlite_defer_checkpoints()), which copies the WAL back
 * with PASSIVE checkpoints that never wait for, or make wait, a reader or a
 * writer. A connection opened alone (the command line) keeps SQLite's own
 * automatic checkpoint after 1000 pages.
 *
 * db_sqlite_interrupt() may be called from another thread while a query
 * runs: sqlite3_interrupt() is safe for that as long as the connection is
 * open, which the caller guarantees.
 *
 * Queries use PostgreSQL-style placeholders $1..$n, which SQLite treats as
 * named parameters: argument k is bound to "$k" only when the statement
 * contains it, so a query may use a parameter twice or not at all. Where
 * each "$k" is in a statement is found once, when it is prepared.
 * Prepared statements are cached per connection keyed by the address of the
 * struct db_query constant and reset for reuse. Every cell is copied into the
 * caller's arena as text (integers as decimal text, NULL as a NULL pointer).
 *
 * Error mapping: a UNIQUE or PRIMARY KEY violation is ERR_EXISTS, any other
 * constraint (CHECK, FOREIGN KEY, NOT NULL) ERR_INVALID, SQLITE_BUSY after the
 * timeout ERR_CONFLICT, the rest ERR_DB; SQLite's message goes to e->detail.
 *
 * This file contains no SQL beyond transaction control, pragmas and ANALYZE.
 */
#include "db/db_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"

#define CACHE_KIB ((int64_t)8 * 1024)           /* page cache per connection */
#define BUSY_MS   10000                         /* how long a write waits for another connection's */
#define MMAP_SIZE ((int64_t)1024 * 1024 * 1024) /* address space mapped per connection, not memory */

static pthread_once_t configured = PTHREAD_ONCE_INIT;

/* The connections of this process waiting in BEGIN IMMEDIATE for another's write transaction to end. */
static atomic_int writers_waiting;

struct sqlite_db {
	struct db base; /* first: struct db * converts to struct sqlite_db * */
	sqlite3 *conn;
	struct stmt_cache stmts;
	void (*wake_checkpointer)(void *ctx); /* set by a pool; NULL: SQLite checkpoints itself */
	bool wait_for_writer;                 /* false: a write fails at once when another's runs (db_run_nowait()) */
	void *wake_ctx;
};

static struct sqlite_db *sdb(struct db *db)
{
	return (struct sqlite_db *)db;
}

/* Record an SQLite failure @rc in @e, with the connection's message as detail. */
static int sqlite_fail(sqlite3 *conn, int rc, struct err *e)
{
	const char *msg = conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc);
	int code;

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		code = err_set(e, ERR_EXISTS, NULL, N_("That value is already taken."));
		break;
	case SQLITE_BUSY:
	case SQLITE_BUSY_SNAPSHOT:
	case SQLITE_BUSY_RECOVERY:
	case SQLITE_LOCKED:
		code = err_set(e, ERR_CONFLICT, NULL, N_("The database is busy. Try again."));
		break;
	case SQLITE_INTERRUPT:
		code = err_set(e, ERR_CANCELLED, NULL, NULL);
		break;
	default:
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			code = err_set(e, ERR_INVALID, NULL, N_("The value is not allowed here."));
		else
			code = err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
		break;
	}
	err_detail(e, "sqlite %d: %s", rc, msg);
	return code;
}

/*
 * A prepared statement and where each of its parameters is: SQLite finds a
 * parameter's index by its name with a walk of the statement's list of
 * names, so the walk is done once, when the statement is prepared, and a
 * statement with many parameters (many rows in one INSERT) binds each in
 * one step.
 */
struct prepared {
	sqlite3_stmt *st;
	int n_slots; /* the highest k of the "$k" the statement holds */
	int *slot;   /* slot[k - 1]: the statement's index of "$k", 0 when it has none */
};

static void finalize_stmt(void *p)
{
	struct prepared *ps = p;

	sqlite3_finalize(ps->st);
	free(ps->slot);
	free(ps);
}

/* The k of a parameter named "$k", or 0 for any other name (none in Tillit's queries: never bound). */
static long param_number(sqlite3_stmt *st, int i)
{
	const char *name = sqlite3_bind_parameter_name(st, i);
	char *end;
	long k = name && name[0] == '$' ? strtol(name + 1, &end, 10) : 0;

	return k > 0 && k <= INT32_MAX && !*end ? k : 0;
}

static struct prepared *prepared_new(sqlite3_stmt *st)
{
	struct prepared *ps = calloc(1, sizeof(*ps));
	int n = sqlite3_bind_parameter_count(st);

	if (!ps)
		abort();
	ps->st = st;
	for (int i = 1; i <= n; i++) {
		long k = param_number(st, i);
		if (k > ps->n_slots)
			ps->n_slots = (int)k;
	}
	if (ps->n_slots && !(ps->slot = calloc((size_t)ps->n_slots, sizeof(*ps->slot))))
		abort();
	for (int i = 1; i <= n; i++) {
		long k = param_number(st, i);
		if (k)
			ps->slot[k - 1] = i;
	}
	return ps;
}

static int bind_args(const struct prepared *ps, const struct db_arg *args, size_t n_args)
{
	sqlite3_stmt *st = ps->st;
	int rc = SQLITE_OK;

	for (size_t i = 0; i < n_args && i < (size_t)ps->n_slots && rc == SQLITE_OK; i++) {
		int idx = ps->slot[i];

		if (idx == 0)
			continue; /* not used by this statement */
		switch (args[i].t) {
		case DBA_INT:
			rc = sqlite3_bind_int64(st, idx, args[i].i);
			break;
		case DBA_TEXT:
			rc = args[i].s ? sqlite3_bind_text(st, idx, args[i].s, -1, SQLITE_STATIC)
				       : sqlite3_bind_null(st, idx);
			break;
		default:
			rc = sqlite3_bind_null(st, idx);
			break;
		}
	}
	return rc;
}

/* sqlite_fail() with the query's name in the detail, for the log. */
static int run_fail(struct sqlite_db *s, const struct db_query *q, int rc, struct err *e)
{
	int code = sqlite_fail(s->conn, rc, e);

	err_detail(e, "%s: sqlite %d: %s", q->name, rc, sqlite3_errmsg(s->conn));
	return code;
}

static int sqlite_run(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args,
		      size_t n_args, struct db_rows *out, struct err *e)
{
	struct sqlite_db *s = sdb(db);
	struct cells cells = { 0 };
	struct prepared *ps = stmt_cache_get(&s->stmts, q);
	sqlite3_stmt *st;
	size_t n_cols = 0, n_rows = 0, c;
	int rc;

	if (!ps) {
		rc = sqlite3_prepare_v3(s->conn, q->sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK) {
			rc = run_fail(s, q, rc, e);
			sqlite3_finalize(st);
			return rc;
		}
		if (!st) /* the text held only comments or white space */
			return err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
		ps = prepared_new(st);
		stmt_cache_put(&s->stmts, q, ps);
	}
	st = ps->st;
	if ((rc = bind_args(ps, args, n_args)) != SQLITE_OK) {
		rc = run_fail(s, q, rc, e);
		goto out;
	}
	if (out) {
		n_cols = (size_t)sqlite3_column_count(st);
		out->n_cols = n_cols;
		out->names = arena_calloc(a, n_cols ? n_cols : 1, sizeof(*out->names));
		for (c = 0; c < n_cols; c++)
			out->names[c] = arena_strdup(a, sqlite3_column_name(st, (int)c));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!out)
			continue;
		for (c = 0; c < n_cols; c++) {
			const unsigned char *t = sqlite3_column_text(st, (int)c);

			if (!t)
				cells_push(&cells, NULL);
			else
				cells_push(&cells,
					   arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, (int)c)));
		}
		n_rows++;
	}
	if (rc != SQLITE_DONE) {
		rc = run_fail(s, q, rc, e);
		goto out;
	}
	rc = 0;
	if (out) {
		out->n_rows = n_rows;
		cells_finish(&cells, a, out);
		out->changes = sqlite3_stmt_readonly(st) ? 0 : sqlite3_changes64(s->conn);
	}
out:
	cells_release(&cells);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc && out) {
		out->n_rows = 0;
		out->n_cols = 0;
		out->cells = NULL;
		out->names = NULL;
	}
	return rc;
}

static int sqlite_exec(struct sqlite_db *s, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->conn, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		rc = sqlite3_extended_errcode(s->conn);
		sqlite_fail(s->conn, rc, e);
		if (msg)
			err_detail(e, "sqlite %d: %s", rc, msg);
		sqlite3_free(msg);
		return e ? e->code : ERR_DB;
	}
	return 0;
}

static int sqlite_begin(struct db *db, struct err *e)
{
	int rc;

	atomic_fetch_add(&writers_waiting, 1);
	rc = sqlite_exec(sdb(db), "BEGIN IMMEDIATE", e);
	atomic_fetch_sub(&writers_waiting, 1);
	return rc;
}

static bool sqlite_writer_waits(void)
{
	/* Not counting the caller, which is not in BEGIN when it asks. */
	return atomic_load(&writers_waiting) > 0;
}

/* The busy handler: wait a millisecond and try again, until BUSY_MS have passed (or none: a nowait write). */
static int busy_wait(void *arg, int n_before)
{
	const struct sqlite_db *s = arg;
	const struct timespec ms = { 0, 1000000 };

	if (!s->wait_for_writer || n_before >= BUSY_MS)
		return 0;
	nanosleep(&ms, NULL);
	return 1;
}

static int sqlite_commit(struct db *db, struct err *e)
{
	return sqlite_exec(sdb(db), "COMMIT", e);
}

static void sqlite_rollback(struct db *db)
{
	struct sqlite_db *s = sdb(db);

	if (!sqlite3_get_autocommit(s->conn))
		sqlite3_exec(s->conn, "ROLLBACK", NULL, NULL, NULL);
}

static bool sqlite_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(sdb(db)->conn);
}

static int sqlite_exec_script(struct db *db, const char *sql, struct err *e)
{
	return sqlite_exec(sdb(db), sql, e);
}

/* Run PRAGMA integrity_check on @conn; 0 when it answers "ok". */
static int check_integrity(sqlite3 *conn, struct err *e)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *t;
	int rc;

	rc = sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		goto fail;
	t = sqlite3_column_text(st, 0);
	if (!t || strcmp((const char *)t, "ok") != 0) {
		err_set(e, ERR_DB, NULL, N_("The backup copy failed its integrity check."));
		err_detail(e, "integrity_check: %s", t ? (const char *)t : "(null)");
		sqlite3_finalize(st);
		return ERR_DB;
	}
	sqlite3_finalize(st);
	return 0;
fail:
	rc = sqlite_fail(conn, rc, e);
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_backup(struct db *db, const char *path, struct err *e)
{
	struct sqlite_db *s = sdb(db);
	sqlite3_backup *bk;
	sqlite3 *dst = NULL;
	int fd, rc;

	/* Create the file exclusively, so that nothing is ever overwritten. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return err_set(e, ERR_INVALID, NULL, N_("The backup file already exists."));
		err_set(e, ERR_INVALID, NULL, N_("The backup file could not be created."));
		return err_detail(e, "%s: %s", path, strerror(errno));
	}
	close(fd);

	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = sqlite_fail(dst, rc, e);
		goto out;
	}
	bk = sqlite3_backup_init(dst, "main", s->conn, "main");
	if (!bk) {
		rc = sqlite_fail(dst, sqlite3_extended_errcode(dst), e);
		goto out;
	}
	rc = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		rc = sqlite_fail(dst, rc, e);
		goto out;
	}
	rc = check_integrity(dst, e);
out:
	sqlite3_close(dst);
	if (rc)
		unlink(path);
	return rc;
}

static void sqlite_close(struct db *db)
{
	struct sqlite_db *s = sdb(db);

	stmt_cache_release(&s->stmts, finalize_stmt);
	/* What this connection's queries taught the planner, kept for the next (bounded by analysis_limit). */
	if (!atomic_load(&db->cancelled))
		sqlite3_exec(s->conn, "PRAGMA analysis_limit=1000; PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(s->conn);
	free(s);
}

static void sqlite_interrupt(struct db *db)
{
	sqlite3_interrupt(sdb(db)->conn);
}

static int sqlite_optimize(struct db *db, struct err *e)
{
	return sqlite_exec(sdb(db), "PRAGMA analysis_limit=1000; ANALYZE", e);
}

static int sqlite_checkpoint(struct db *db, struct err *e)
{
	struct sqlite_db *s = sdb(db);
	int rc = sqlite3_wal_checkpoint_v2(s->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

	/* BUSY: another checkpoint runs; that one does the work. */
	if (rc == SQLITE_OK || rc == SQLITE_BUSY)
		return 0;
	return sqlite_fail(s->conn, rc, e);
}

static int sqlite_page_cache(struct db *db, int64_t kib, struct err *e)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%lld", (long long)(kib > CACHE_KIB ? kib : CACHE_KIB));
	return sqlite_exec(sdb(db), sql, e);
}

static void sqlite_wait_for_writer(struct db *db, bool wait)
{
	sdb(db)->wait_for_writer = wait;
}

/* The commit hook that replaces SQLite's automatic checkpoint on a pooled connection. */
static int wal_committed(void *arg, sqlite3 *conn, const char *dbname, int n_pages)
{
	struct sqlite_db *s = arg;

	(void)conn;
	(void)dbname;
	if (n_pages >= 1000 && s->wake_checkpointer)
		s->wake_checkpointer(s->wake_ctx);
	return SQLITE_OK;
}

void db_sqlite_defer_checkpoints(struct db *db, void (*wake)(void *ctx), void *ctx)
{
	struct sqlite_db *s = sdb(db);

	s->wake_checkpointer = wake;
	s->wake_ctx = ctx;
	sqlite3_wal_hook(s->conn, wal_committed, s); /* replaces wal_autocheckpoint */
}

bool db_sqlite_wake_pool(struct db *db, bool wake)
{
	struct sqlite_db *s = sdb(db);

	if (!s->wake_checkpointer)
		return false;
	if (wake)
		s->wake_checkpointer(s->wake_ctx);
	return true;
}

static const struct db_backend sqlite_backend = {
	.engine = DB_SQLITE,
	.run = sqlite_run,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.exec_script = sqlite_exec_script,
	.backup = sqlite_backup,
	.close = sqlite_close,
	.interrupt = sqlite_interrupt,
	.optimize = sqlite_optimize,
	.checkpoint = sqlite_checkpoint,
	.page_cache = sqlite_page_cache,
	.wait_for_writer = sqlite_wait_for_writer,
	.writer_waits = sqlite_writer_waits,
	.in_transaction = sqlite_in_transaction,
};

/*
 * lower() for Swedish and other European text. SQLite's own lower() folds
 * only ASCII, so "ÄLDREOMSORG" would not match a search for "äldre" and
 * "Åtgärd"/"åtgärd" would count as different names. This one folds as
 * str_fold_utf8() does (core/str.h), the folding of every stored folded
 * column, as PostgreSQL's lower() does in a UTF-8 database.
 */
static void sql_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_text(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	char *out;

	(void)argc;
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	out = sqlite3_malloc(len + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	str_fold_utf8(out, (const char *)in, (size_t)len);
	out[len] = 0;
	sqlite3_result_text(ctx, out, len, sqlite3_free);
}

/*
 * Before the first connection: no memory statistics, which SQLite would
 * otherwise keep under one mutex that every allocation of every
 * connection takes (4-5 % of a large import's CPU).
 */
static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *path, struct db **out, struct err *e)
{
	struct sqlite_db *s;
	int rc;

	*out = NULL;
	pthread_once(&configured, sqlite_configure);
	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->base.ops = &sqlite_backend;
	rc = sqlite3_open_v2(path, &s->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_DB, NULL, N_("The database could not be opened."));
		err_detail(e, "%s: %s", path, s->conn ? sqlite3_errmsg(s->conn) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->conn, 1);
	sqlite3_create_function(s->conn, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_lower, NULL, NULL);
	s->wait_for_writer = true;
	sqlite3_busy_handler(s->conn, busy_wait, s);
	if (strcmp(path, ":memory:") != 0 && (rc = sqlite_exec(s, "PRAGMA journal_mode=WAL", e)))
		goto fail;
	if ((rc = sqlite_exec(s, "PRAGMA foreign_keys=ON", e)) || (rc = sqlite_exec(s, "PRAGMA synchronous=NORMAL", e)))
		goto fail;
	{
		char sizing[96];

		snprintf(sizing, sizeof(sizing), "PRAGMA cache_size=-%lld; PRAGMA mmap_size=%lld", (long long)CACHE_KIB,
			 (long long)MMAP_SIZE);
		if ((rc = sqlite_exec(s, sizing, e)))
			goto fail;
	}
	*out = &s->base;
	return 0;
fail:
	sqlite3_close(s->conn);
	free(s);
	return e ? e->code : ERR_DB;
}
