/*
 * q_util.c - helpers for building query arguments and running the typed
 * queries of q_*.c.
 */
#include "db/q_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "db/q_audit.h"

const char *db_ids_json(struct arena *a, const int64_t *ids, size_t n)
{
	struct buf b;

	buf_init(&b, a);
	buf_addch(&b, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%" PRId64, i ? "," : "", ids[i]);
	buf_addch(&b, ']');
	return b.data;
}

/* @s as a LIKE pattern, %, _ and \\ escaped, between @around and @around ("%" or ""). NULL for NULL or empty @s. */
static const char *like_of(struct arena *a, const char *s, const char *around)
{
	struct buf b;

	if (!s || !*s)
		return NULL;
	buf_init(&b, a);
	buf_adds(&b, around);
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addch(&b, '\\');
		buf_addch(&b, *s);
	}
	buf_adds(&b, around);
	return buf_cstr(&b);
}

const char *db_like_contains(struct arena *a, const char *s)
{
	return like_of(a, s, "%");
}

const char *db_like_exact(struct arena *a, const char *s)
{
	return like_of(a, s, "");
}

int db_run_change(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_NOTFOUND;
}

int db_run_insert(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int db_fill_by_id(struct db *db, const struct db_query *next,
		  int (*row)(struct db *db, struct arena *a, const struct db_rows *rows, size_t i, struct err *e),
		  struct err *e)
{
	int64_t last = 0;
	int rc = 0;

	for (;;) {
		struct arena *a = arena_new();
		struct db_rows rows;
		if ((rc = db_run(db, a, next, DB_ARGS(DB_INT(last)), &rows, e))) {
			arena_free(a);
			return rc;
		}
		for (size_t i = 0; i < rows.n_rows && !rc; i++) {
			last = rows_int(&rows, i, 0);
			rc = row(db, a, &rows, i, e);
		}
		arena_free(a);
		if (rc || rows.n_rows < 1000)
			return rc;
	}
}

const char *db_folded_lines(struct arena *a, const char *x, const char *y, const char *z)
{
	return str_fold(a, arena_printf(a, "%s\n%s\n%s", x ? x : "", y ? y : "", z ? z : ""));
}

int db_run_get(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
	       db_row_fn from_row, void *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	from_row(&rows, 0, out);
	return 0;
}

int db_run_list(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		size_t size, db_row_fn from_row, void **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, size, from_row, n);
	return rc;
}

/* The memo's key of @q run with @args: its name, then each argument's type and value. */
static const char *memo_key(struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args)
{
	struct buf b;

	buf_init(&b, a);
	buf_addf(&b, "rows %s", q->name);
	for (size_t i = 0; i < n_args; i++) {
		if (args[i].t == DBA_INT)
			buf_addf(&b, " i%" PRId64, args[i].i);
		else if (args[i].t == DBA_TEXT && args[i].s)
			buf_addf(&b, " t%zu:%s", strlen(args[i].s), args[i].s);
		else
			buf_adds(&b, " n");
	}
	return buf_cstr(&b);
}

/* A result kept in the memo: its counts, then every column name and every cell (db_memo_add_text()). */
static void rows_pack(struct buf *b, const struct db_rows *r)
{
	buf_add(b, &r->n_rows, sizeof(r->n_rows));
	buf_add(b, &r->n_cols, sizeof(r->n_cols));
	for (size_t c = 0; c < r->n_cols; c++)
		db_memo_add_text(b, r->names[c]);
	for (size_t i = 0; i < r->n_rows * r->n_cols; i++)
		db_memo_add_text(b, r->cells[i]);
}

static bool rows_unpack(struct arena *a, const char *data, size_t len, struct db_rows *out)
{
	size_t at = 0, n_cells;

	memset(out, 0, sizeof(*out));
	if (!db_memo_take(data, len, &at, &out->n_rows, sizeof(out->n_rows)) ||
	    !db_memo_take(data, len, &at, &out->n_cols, sizeof(out->n_cols)) || out->n_cols > len ||
	    (out->n_cols && out->n_rows > len / out->n_cols))
		return false;
	n_cells = out->n_rows * out->n_cols;
	out->names = arena_calloc(a, out->n_cols ? out->n_cols : 1, sizeof(*out->names));
	out->cells = arena_calloc(a, n_cells ? n_cells : 1, sizeof(*out->cells));
	for (size_t c = 0; c < out->n_cols; c++)
		if (!db_memo_take_text(data, len, &at, &out->names[c]))
			return false;
	for (size_t i = 0; i < n_cells; i++)
		if (!db_memo_take_text(data, len, &at, &out->cells[i]))
			return false;
	return at == len;
}

int db_run_rows_kept(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		     struct db_rows *out, struct err *e)
{
	struct buf b;
	const char *key;
	int64_t version;
	void *data;
	size_t len;
	int rc;

	if ((rc = q_audit_version(db, a, &version, e)))
		return rc;
	key = memo_key(a, q, args, n_args);
	if (db_memo_get(db, a, key, version, &data, &len) && rows_unpack(a, data, len, out))
		return 0;
	if ((rc = db_run(db, a, q, args, n_args, out, e)))
		return rc;
	buf_init(&b, a);
	rows_pack(&b, out);
	db_memo_put(db, key, version, b.data, b.len);
	return 0;
}

/* The first row of @rows as @n_out integers, 0 for a missing row or column. */
static void ints_of(const struct db_rows *rows, int64_t *out, size_t n_out)
{
	for (size_t c = 0; c < n_out; c++)
		out[c] = rows->n_rows && c < rows->n_cols ? rows_int(rows, 0, c) : 0;
}

int db_run_rows_kept_if(bool keep, struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args,
			size_t n_args, struct db_rows *out, struct err *e)
{
	return keep ? db_run_rows_kept(db, a, q, args, n_args, out, e) : db_run(db, a, q, args, n_args, out, e);
}

int db_run_ints_kept(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		     int64_t *out, size_t n_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run_rows_kept(db, a, q, args, n_args, &rows, e);

	if (!rc)
		ints_of(&rows, out, n_out);
	return rc;
}

int db_run_ints(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		int64_t *out, size_t n_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);

	if (!rc)
		ints_of(&rows, out, n_out);
	return rc;
}

int db_run_count_kept(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args,
		      size_t n_args, int64_t *total, struct err *e)
{
	return total ? db_run_ints_kept(db, a, q, args, n_args, total, 1, e) : 0;
}

int db_run_count(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		 int64_t *total, struct err *e)
{
	struct db_rows rows;
	int rc;
	if (!total)
		return 0;
	if ((rc = db_run(db, a, q, args, n_args, &rows, e)))
		return rc;
	*total = rows_int(&rows, 0, 0);
	return 0;
}

/* "@head VALUES" and @rows times @row, its "?" numbered on from $1; malloc'd, kept for good. */
static char *many_text(const struct db_many *m, size_t rows)
{
	size_t cap = strlen(m->head) + 16 + rows * (strlen(m->row) + 2 + m->cols * 8), len;
	char *text = malloc(cap), *p;
	size_t k = 1;

	if (!text)
		abort();
	len = (size_t)snprintf(text, cap, "%s VALUES ", m->head);
	p = text + len;
	for (size_t r = 0; r < rows; r++) {
		if (r) {
			*p++ = ',';
			*p++ = ' ';
		}
		for (const char *c = m->row; *c; c++) {
			if (*c == '?')
				p += snprintf(p, cap - (size_t)(p - text), "$%zu", k++);
			else
				*p++ = *c;
		}
	}
	*p = 0;
	return text;
}

static void many_ready(struct db_many *m)
{
	static const size_t rows[3] = { DB_MANY_ROWS, DB_MANY_ROWS / 10, 1 };

	pthread_mutex_lock(&m->lock);
	if (!m->ready) {
		for (const char *c = m->row; *c; c++)
			m->cols += *c == '?';
		for (size_t i = 0; i < 3; i++)
			m->q[i] = (struct db_query){ m->name, many_text(m, rows[i]), NULL, true };
		m->ready = true;
	}
	pthread_mutex_unlock(&m->lock);
}

int db_insert_many(struct db *db, struct arena *a, struct db_many *m, const struct db_arg *args, size_t n,
		   struct err *e)
{
	static const size_t rows[3] = { DB_MANY_ROWS, DB_MANY_ROWS / 10, 1 };
	size_t done = 0;
	int rc = 0;

	many_ready(m);
	/* SQLite: a row a statement (see q_scope.h). */
	for (size_t i = db_engine_of(db) == DB_SQLITE ? 2 : 0; i < 3 && !rc; i++) {
		for (; n - done >= rows[i] && !rc; done += rows[i])
			rc = db_run(db, a, &m->q[i], args + done * m->cols, rows[i] * m->cols, NULL, e);
	}
	return rc;
}
