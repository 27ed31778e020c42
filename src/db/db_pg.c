/*
 * db_pg.c - the PostgreSQL backend (libpq).
 *
 * A connection is opened from a libpq URL and set up for Tillit: warnings
 * only (no NOTICE chatter), UTC, random reads priced as on an SSD, and no
 * JIT compilation (a statement the planner overestimates, as it does a
 * recursive one, was compiled for 20 ms to run for 4).
 *
 * Plans. A statement is planned for each run's arguments unless its query
 * is declared DB_QUERY_PLAN_ONCE (plan_cache_mode = force_custom_plan).
 * Otherwise PostgreSQL plans a prepared statement for its arguments five
 * times and may then switch to one generic plan that ignores them; for the
 * lists, whose filters are "$n IS NULL OR column = $n" and whose scope is a
 * range on a path given as an argument, that plan scans every row
 * (measured: an asset list 53 -> 600 ms from its sixth run; see
 * docs/performance.md). Before a DB_QUERY_PLAN_ONCE query the session is
 * switched to plan_cache_mode = force_generic_plan: the statement is planned
 * once, without its arguments, and that plan kept; and back before any
 * other statement with parameters. The connection remembers which mode is
 * in force (forgotten when a rollback may have undone a switch), so a
 * switch costs a round trip only where the kinds alternate. Such a
 * statement's text starts with DB_PG_PLAN_ONCE_MARK.
 *
 * Every statement's text on the server begins with a comment that holds
 * its query's name (Q_ASSET_GET), after that mark if any, so that
 * pg_stat_statements, pg_prepared_statements and the logs name the query.
 *
 * Each query is prepared once per connection under the name "q<N>" (which
 * also tells how many parameters it takes), cached by the address of its
 * struct db_query. Every argument goes in text format with no declared
 * types, so the server infers them; a query whose parameter type cannot be
 * inferred writes CAST($n AS type), which works on both engines. Arguments
 * beyond the statement's highest placeholder are dropped (the SQLite backend
 * ignores them too). q->sql_pg is used when set.
 *
 * Results are copied into the caller's arena as text; SQL NULL stays a NULL
 * pointer. Booleans are stored as 0/1 BIGINT, as on SQLite.
 *
 * Error mapping by SQLSTATE: 23505 (unique) is ERR_EXISTS, other class 23
 * integrity violations ERR_INVALID, 40001/40P01 (serialization failure,
 * deadlock) and 55P03 (lock not available) ERR_CONFLICT, the rest ERR_DB;
 * the server's message goes to e->detail.
 *
 * When the connection is found broken it is reset once (PQreset), the
 * session settings applied again and the statement cache emptied, since the
 * server forgot the prepared statements with the old session.
 *
 * This file contains no SQL beyond transaction control, session settings and
 * ANALYZE.
 */
#include "db/db_internal.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"

#define SESSION_SETUP                                                                                    \
	"SET client_min_messages=warning; SET TIME ZONE 'UTC'; SET plan_cache_mode = force_custom_plan;" \
	" SET random_page_cost = 1.1; SET jit = off"

/* The session's plan_cache_mode: unknown (a rollback may have undone a switch), per run, or one plan kept. */
enum plan_rule { PLAN_UNKNOWN = 0, PLAN_PER_RUN, PLAN_KEPT };

struct pg_db {
	struct db base; /* first: struct db * converts to struct pg_db * */
	PGconn *conn;
	PGcancel *cancel;            /* for db_interrupt() from another thread; renewed with the session */
	pthread_mutex_t cancel_lock; /* guards @cancel between db_interrupt() and a reconnect */
	struct stmt_cache stmts;     /* values: struct pg_stmt * */
	enum plan_rule rule;         /* the session's plan_cache_mode, as far as known */
	unsigned next_id;            /* for statement names q<N> */
};

struct pg_stmt {
	char name[24];
	int n_params; /* from PQdescribePrepared */
};

static struct pg_db *pdb(struct db *db)
{
	return (struct pg_db *)db;
}

/* Copy @msg into e->detail without the trailing newline libpq adds. */
static void set_detail(struct err *e, const char *what, const char *msg)
{
	size_t n;

	if (!e)
		return;
	err_detail(e, "%s: %s", what, msg ? msg : "");
	n = strlen(e->detail);
	while (n > 0 && (e->detail[n - 1] == '\n' || e->detail[n - 1] == ' '))
		e->detail[--n] = '\0';
}

/* Record the failure in @res (may be NULL: then the connection's message). */
static int pg_fail(struct pg_db *p, const PGresult *res, const char *what, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int code;

	if (!state)
		code = err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
	else if (strcmp(state, "23505") == 0)
		code = err_set(e, ERR_EXISTS, NULL, N_("That value is already taken."));
	else if (strncmp(state, "23", 2) == 0)
		code = err_set(e, ERR_INVALID, NULL, N_("The value is not allowed here."));
	else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		code = err_set(e, ERR_CONFLICT, NULL, N_("The database is busy. Try again."));
	else if (strcmp(state, "57014") == 0) /* query_canceled: db_interrupt() */
		code = err_set(e, ERR_CANCELLED, NULL, NULL);
	else
		code = err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
	set_detail(e, what, res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn));
	return code;
}

static void silent_notices(void *arg, const char *msg)
{
	(void)arg;
	log_debug("postgresql: %s", msg);
}

/* Apply the session settings; 0 or ERR_DB. */
static int session_setup(struct pg_db *p, struct err *e)
{
	PGresult *res = PQexec(p->conn, SESSION_SETUP);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(p, res, "session setup", e);
	PQclear(res);
	p->rule = rc ? PLAN_UNKNOWN : PLAN_PER_RUN;
	return rc;
}

/* Put @rule in force for the next statement, unless it is already. */
static int plan_rule(struct pg_db *p, enum plan_rule rule, struct err *e)
{
	PGresult *res;
	int rc = 0;

	if (p->rule == rule)
		return 0;
	res = PQexec(p->conn, rule == PLAN_KEPT ? "SET plan_cache_mode = force_generic_plan"
						: "SET plan_cache_mode = force_custom_plan");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(p, res, "plan_cache_mode", e);
	PQclear(res);
	p->rule = rc ? PLAN_UNKNOWN : rule;
	return rc;
}

static void free_stmt(void *v)
{
	free(v);
}

/* A cancel handle for the connection's current session (the old one names a backend that is gone). */
static void renew_cancel(struct pg_db *p)
{
	pthread_mutex_lock(&p->cancel_lock);
	if (p->cancel)
		PQfreeCancel(p->cancel);
	p->cancel = PQgetCancel(p->conn);
	pthread_mutex_unlock(&p->cancel_lock);
}

/*
 * Reset a broken connection once: a new session, so the cached statement
 * names mean nothing there any more. 0 when the connection is usable.
 */
static int ensure_connected(struct pg_db *p, struct err *e)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	log_warn("postgresql connection lost, reconnecting");
	stmt_cache_clear(&p->stmts, free_stmt);
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
		set_detail(e, "reconnect", PQerrorMessage(p->conn));
		return ERR_DB;
	}
	renew_cancel(p);
	return session_setup(p, e);
}

/* The text @q is prepared from: its name in a comment, after DB_PG_PLAN_ONCE_MARK if so declared. Freed by the caller. */
static char *statement_text(const struct db_query *q)
{
	const char *sql = q->sql_pg ? q->sql_pg : q->sql;
	const char *mark = q->plan_once ? DB_PG_PLAN_ONCE_MARK : "";
	size_t n = strlen(mark) + strlen(q->name) + strlen(sql) + sizeof("/*  */ ");
	char *text = malloc(n);

	if (!text)
		abort();
	snprintf(text, n, "%s/* %s */ %s", mark, q->name, sql);
	return text;
}

static struct pg_stmt *prepare(struct pg_db *p, const struct db_query *q, struct err *e)
{
	struct pg_stmt *st;
	PGresult *res;
	char *text;

	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	snprintf(st->name, sizeof(st->name), "q%u", p->next_id++);
	text = statement_text(q);
	res = PQprepare(p->conn, st->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(res);
	res = PQdescribePrepared(p->conn, st->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		goto fail;
	st->n_params = PQnparams(res);
	PQclear(res);
	stmt_cache_put(&p->stmts, q, st);
	return st;
fail:
	pg_fail(p, res, q->name, e);
	PQclear(res);
	free(st);
	return NULL;
}

static void copy_rows(const PGresult *res, struct arena *a, struct db_rows *out)
{
	struct cells cells = { 0 };
	int r, c, n_rows = PQntuples(res), n_cols = PQnfields(res);
	const char *status = PQcmdStatus((PGresult *)res);

	out->n_rows = (size_t)n_rows;
	out->n_cols = (size_t)n_cols;
	out->names = arena_calloc(a, n_cols ? (size_t)n_cols : 1, sizeof(*out->names));
	for (c = 0; c < n_cols; c++)
		out->names[c] = arena_strdup(a, PQfname(res, c));
	for (r = 0; r < n_rows; r++)
		for (c = 0; c < n_cols; c++)
			cells_push(&cells, PQgetisnull(res, r, c) ? NULL
								  : arena_strndup(a, PQgetvalue(res, r, c),
										  (size_t)PQgetlength(res, r, c)));
	cells_finish(&cells, a, out);
	/* As on SQLite, a plain SELECT changes nothing (PQcmdTuples counts its rows). */
	out->changes = strncmp(status, "SELECT", 6) == 0 ? 0 : atoll(PQcmdTuples((PGresult *)res));
}

/* One attempt to run @q; *@broken tells whether the connection died under it. */
static int run_once(struct pg_db *p, struct arena *a, const struct db_query *q, const struct db_arg *args,
		    size_t n_args, struct db_rows *out, struct err *e, int *broken)
{
	struct pg_stmt *st = stmt_cache_get(&p->stmts, q);
	const char **values = NULL;
	char(*ints)[24] = NULL;
	PGresult *res = NULL;
	ExecStatusType status;
	size_t i, n;
	int rc = 0;

	*broken = 0;
	if (!st && !(st = prepare(p, q, e))) {
		rc = e ? e->code : ERR_DB;
		goto out;
	}
	n = n_args < (size_t)st->n_params ? n_args : (size_t)st->n_params;
	if (n) {
		values = calloc(n, sizeof(*values));
		ints = calloc(n, sizeof(*ints));
		if (!values || !ints)
			abort();
	}
	for (i = 0; i < n; i++) {
		switch (args[i].t) {
		case DBA_INT:
			snprintf(ints[i], sizeof(ints[i]), "%" PRId64, args[i].i);
			values[i] = ints[i];
			break;
		case DBA_TEXT:
			values[i] = args[i].s;
			break;
		default:
			values[i] = NULL;
			break;
		}
	}
	if (st->n_params && (rc = plan_rule(p, q->plan_once ? PLAN_KEPT : PLAN_PER_RUN, e)))
		goto out;
	res = PQexecPrepared(p->conn, st->name, (int)n, values, NULL, NULL, 0);
	status = PQresultStatus(res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = pg_fail(p, res, q->name, e);
		goto out;
	}
	if (out)
		copy_rows(res, a, out);
out:
	if (rc && PQstatus(p->conn) == CONNECTION_BAD)
		*broken = 1;
	PQclear(res);
	free(values);
	free(ints);
	return rc;
}

static int pg_run(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  struct db_rows *out, struct err *e)
{
	struct pg_db *p = pdb(db);
	int rc, broken;

	if ((rc = ensure_connected(p, e)))
		return rc;
	rc = run_once(p, a, q, args, n_args, out, e, &broken);
	/* Retry once on a fresh session, unless a transaction was lost with the old one. */
	if (rc && broken && PQtransactionStatus(p->conn) != PQTRANS_INTRANS) {
		if ((rc = ensure_connected(p, e)))
			return rc;
		rc = run_once(p, a, q, args, n_args, out, e, &broken);
	}
	return rc;
}

static int pg_exec(struct pg_db *p, const char *sql, const char *what, struct err *e)
{
	PGresult *res;
	ExecStatusType status;
	int rc = 0;

	if ((rc = ensure_connected(p, e)))
		return rc;
	res = PQexec(p->conn, sql);
	status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
		rc = pg_fail(p, res, what, e);
	PQclear(res);
	return rc;
}

static int pg_begin(struct db *db, struct err *e)
{
	return pg_exec(pdb(db), "BEGIN ISOLATION LEVEL READ COMMITTED", "begin", e);
}

static int pg_commit(struct db *db, struct err *e)
{
	struct pg_db *p = pdb(db);
	PGresult *res;
	int rc = 0;

	/* COMMIT of a failed transaction "succeeds" as ROLLBACK; report it. */
	if (PQtransactionStatus(p->conn) == PQTRANS_INERROR) {
		pg_exec(p, "ROLLBACK", "rollback", NULL);
		p->rule = PLAN_UNKNOWN;
		err_set(e, ERR_DB, NULL, N_("The database could not complete the request."));
		err_detail(e, "commit: the transaction had failed and was rolled back");
		return ERR_DB;
	}
	res = PQexec(p->conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pg_fail(p, res, "commit", e);
		p->rule = PLAN_UNKNOWN;
	}
	PQclear(res);
	return rc;
}

static bool pg_in_transaction(struct db *db)
{
	return PQtransactionStatus(pdb(db)->conn) != PQTRANS_IDLE;
}

static void pg_rollback(struct db *db)
{
	struct pg_db *p = pdb(db);
	PGresult *res;

	/* Twice at most: a cancel request of db_interrupt() that reaches the server late may end the first. */
	for (int i = 0; i < 2; i++) {
		if (PQstatus(p->conn) != CONNECTION_OK || PQtransactionStatus(p->conn) == PQTRANS_IDLE)
			return;
		res = PQexec(p->conn, "ROLLBACK");
		PQclear(res);           /* errors ignored */
		p->rule = PLAN_UNKNOWN; /* a SET in the transaction is undone */
	}
}

static int pg_exec_script(struct db *db, const char *sql, struct err *e)
{
	pdb(db)->rule = PLAN_UNKNOWN; /* a script may set anything */
	return pg_exec(pdb(db), sql, "script", e);
}

static int pg_backup(struct db *db, const char *path, struct err *e)
{
	return err_set(e, ERR_INVALID, NULL, N_("Online backup from PostgreSQL is done with pg_dump."));
}

static void pg_close(struct db *db)
{
	struct pg_db *p = pdb(db);

	stmt_cache_release(&p->stmts, free_stmt);
	if (p->cancel)
		PQfreeCancel(p->cancel);
	pthread_mutex_destroy(&p->cancel_lock);
	PQfinish(p->conn);
	free(p);
}

/* PQcancel() opens a connection of its own to ask the server to stop; it is thread-safe. */
static void pg_interrupt(struct db *db)
{
	struct pg_db *p = pdb(db);
	char why[256];

	pthread_mutex_lock(&p->cancel_lock);
	if (p->cancel && !PQcancel(p->cancel, why, sizeof(why)))
		log_warn("postgresql: could not ask the server to stop a query: %s", why);
	pthread_mutex_unlock(&p->cancel_lock);
}

static int pg_optimize(struct db *db, struct err *e)
{
	return pg_exec(pdb(db), "ANALYZE", "analyze", e);
}

static const struct db_backend pg_backend = {
	.engine = DB_PG,
	.run = pg_run,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.exec_script = pg_exec_script,
	.backup = pg_backup,
	.close = pg_close,
	.interrupt = pg_interrupt,
	.optimize = pg_optimize,
	.checkpoint = NULL,
};

int db_pg_open(const char *url, struct db **out, struct err *e)
{
	struct pg_db *p;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->base.ops = &pg_backend;
	pthread_mutex_init(&p->cancel_lock, NULL);
	p->conn = PQconnectdb(url);
	if (!p->conn)
		abort();
	if (PQstatus(p->conn) != CONNECTION_OK) {
		err_set(e, ERR_DB, NULL, N_("The database could not be opened."));
		set_detail(e, "connect", PQerrorMessage(p->conn));
		goto fail;
	}
	PQsetNoticeProcessor(p->conn, silent_notices, NULL);
	if (session_setup(p, e))
		goto fail;
	renew_cancel(p);
	*out = &p->base;
	return 0;
fail:
	PQfinish(p->conn);
	pthread_mutex_destroy(&p->cancel_lock);
	free(p);
	return e ? e->code : ERR_DB;
}
