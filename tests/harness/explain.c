/*
 * explain.c - the plans of the queries a connection runs (explain.h).
 *
 * The EXPLAIN statements are built here from the query's own text, in the
 * test harness: a documented exception to "all SQL in src/db/". Each gets
 * a struct db_query of its own in the arena, so its address, which keys
 * the second connection's statement cache, is never reused while that
 * connection is open.
 *
 * On PostgreSQL a statement declared DB_QUERY_PLAN_ONCE runs from the one
 * plan made without its arguments, so that is the plan explained: the
 * statement is prepared on the second connection with plan_cache_mode =
 * force_generic_plan and "EXPLAIN EXECUTE" given its arguments as quoted
 * literals (PostgreSQL 15 has no EXPLAIN (GENERIC_PLAN)).
 */
#include "explain.h"

#include <ctype.h>
#include <inttypes.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"

/* Only reads are explained: a plan of a write says nothing about a list. */
static bool is_read(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	return !strncasecmp(sql, "SELECT", 6) || !strncasecmp(sql, "WITH", 4);
}

/* The highest placeholder ($N) of @sql; a quoted one counts too, which only adds a NULL argument. */
static int highest_param(const char *sql)
{
	int top = 0;

	for (const char *p = strchr(sql, '$'); p; p = strchr(p + 1, '$'))
		if (isdigit((unsigned char)p[1])) {
			int n = atoi(p + 1);
			top = n > top ? n : top;
		}
	return top;
}

/* "EXECUTE name(args)": each argument a quoted literal (its type the statement's), NULL past @n_args. */
static const char *execute_text(struct arena *a, const char *name, int n_params, const struct db_arg *args,
				size_t n_args)
{
	struct buf b;

	buf_init(&b, a);
	buf_addf(&b, "EXPLAIN EXECUTE %s", name);
	for (int i = 0; i < n_params; i++) {
		const struct db_arg *arg = (size_t)i < n_args ? &args[i] : NULL;

		buf_adds(&b, i ? ", " : "(");
		if (!arg || arg->t == DBA_NULL) {
			buf_adds(&b, "NULL");
		} else if (arg->t == DBA_INT) {
			buf_addf(&b, "'%" PRId64 "'", arg->i);
		} else {
			buf_addch(&b, '\'');
			for (const char *c = arg->s; *c; c++) {
				if (*c == '\'')
					buf_addch(&b, '\'');
				buf_addch(&b, *c);
			}
			buf_addch(&b, '\'');
		}
	}
	if (n_params)
		buf_adds(&b, ")");
	return b.data;
}

/* PostgreSQL: explain the generic plan of @sql with @args into @rows (see the head of this file). */
static int explain_generic(struct explain *x, struct db_query *eq, const char *sql, const struct db_arg *args,
			   size_t n_args, struct db_rows *rows, struct err *e)
{
	const char *name = arena_printf(x->a, "tillit_explain_%zu", x->n_plans);
	int rc;

	if ((rc = db_exec_script(
		     x->other,
		     arena_printf(x->a, "SET plan_cache_mode = force_generic_plan; PREPARE %s AS %s", name, sql), e)))
		return rc;
	eq->sql = execute_text(x->a, name, highest_param(sql), args, n_args);
	rc = db_run(x->other, x->a, eq, NULL, 0, rows, e);
	db_exec_script(x->other, arena_printf(x->a, "DEALLOCATE %s", name), NULL);
	return rc;
}

static void on_query(void *ctx, const struct db_query *q, const struct db_arg *args, size_t n_args)
{
	struct explain *x = ctx;
	bool pg = db_engine_of(x->db) == DB_PG;
	const char *sql = pg && q->sql_pg ? q->sql_pg : q->sql;
	struct db_query *eq;
	struct db_rows rows;
	struct err e = { 0 };
	struct buf plan;

	if (!is_read(sql))
		return;
	eq = arena_calloc(x->a, 1, sizeof(*eq));
	eq->name = q->name;
	eq->sql = arena_printf(x->a, "%s %s", pg ? "EXPLAIN" : "EXPLAIN QUERY PLAN", sql);
	if (pg && q->plan_once ? explain_generic(x, eq, sql, args, n_args, &rows, &e)
			       : db_run(x->other, x->a, eq, args, n_args, &rows, &e)) {
		if (!x->error[0])
			snprintf(x->error, sizeof(x->error), "EXPLAIN of %s failed: %s", q->name, e.detail);
		return;
	}
	buf_init(&plan, x->a);
	for (size_t i = 0; i < rows.n_rows; i++) {
		/* PostgreSQL: one text column; SQLite: id, parent, notused, detail. */
		const char *line = rows_text(&rows, i, pg ? 0 : rows.n_cols - 1);
		buf_addf(&plan, "  %s\n", line ? line : "");
	}
	if (x->n_plans == x->cap_plans) {
		size_t cap = x->cap_plans ? x->cap_plans * 2 : 16;
		struct explain_plan *grown = arena_calloc(x->a, cap, sizeof(*grown));

		if (x->n_plans)
			memcpy(grown, x->plans, x->n_plans * sizeof(*grown));
		x->plans = grown;
		x->cap_plans = cap;
	}
	x->plans[x->n_plans++] = (struct explain_plan){ q->name, sql, plan.data ? plan.data : "" };
}

int explain_begin(struct explain *x, struct db *db, const char *url)
{
	struct err e = { 0 };

	memset(x, 0, sizeof(*x));
	x->db = db;
	x->a = arena_new();
	if (!url || db_open(url, &x->other, &e)) {
		snprintf(x->error, sizeof(x->error), "explain: cannot open a second connection to %s: %s",
			 url ? url : "(none)", e.detail);
		return -1;
	}
	db_set_trace(db, on_query, x);
	return 0;
}

void explain_end(struct explain *x)
{
	if (x->db)
		db_set_trace(x->db, NULL, NULL);
}

void explain_release(struct explain *x)
{
	explain_end(x);
	db_close(x->other);
	arena_free(x->a);
	memset(x, 0, sizeof(*x));
}

/* Does @line, one node of a plan, read @name (a table or an alias) whole? */
static bool line_scans(const char *line, const char *name, bool pg)
{
	const char *marker = pg ? "Seq Scan on " : "SCAN ";
	size_t n = strlen(name);

	for (const char *p = strstr(line, marker); p; p = strstr(p + 1, marker)) {
		const char *t = p + strlen(marker);

		if (strncmp(t, name, n) != 0 || (t[n] && !isspace((unsigned char)t[n])))
			continue;
		/* SQLite: "SCAN a USING INDEX ..." walks an index; "SCAN a" alone reads the table. */
		if (!pg && strstr(t + n, "USING"))
			continue;
		return true;
	}
	return false;
}

/* The aliases @sql gives @table: "FROM assets a", "JOIN assets AS b". Each into @out, up to @max. */
static size_t aliases_of(struct arena *a, const char *sql, const char *table, const char **out, size_t max)
{
	static const char *const keywords[] = { "WHERE", "JOIN",  "LEFT",  "RIGHT", "INNER", "CROSS", "ON",
						"ORDER", "GROUP", "LIMIT", "USING", "SET",   "UNION", NULL };
	regex_t re;
	regmatch_t m[4];
	char *pattern = arena_printf(
		a, "(FROM|JOIN)[[:space:]]+%s[[:space:]]+(AS[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)", table);
	size_t n = 0;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE))
		return 0;
	for (const char *p = sql; n < max && regexec(&re, p, 4, m, 0) == 0; p += m[0].rm_eo) {
		const char *alias = arena_strndup(a, p + m[3].rm_so, (size_t)(m[3].rm_eo - m[3].rm_so));
		bool keyword = false;

		for (size_t k = 0; keywords[k]; k++)
			keyword |= !strcasecmp(alias, keywords[k]);
		if (!keyword)
			out[n++] = alias;
	}
	regfree(&re);
	return n;
}

const char *explain_full_scans(const struct explain *x, const char *const *tables)
{
	bool pg = x->db && db_engine_of(x->db) == DB_PG;
	struct buf report;

	buf_init(&report, x->a);
	if (x->error[0])
		buf_addf(&report, "%s\n", x->error);
	for (size_t i = 0; i < x->n_plans; i++) {
		const struct explain_plan *p = &x->plans[i];

		for (size_t t = 0; tables[t]; t++) {
			const char *names[9] = { tables[t] };
			size_t n_names = 1 + (pg ? 0 : aliases_of(x->a, p->sql, tables[t], names + 1, 8));
			bool scans = false;

			for (const char *line = p->plan; *line && !scans;) {
				const char *end = strchr(line, '\n');
				char *one = arena_strndup(x->a, line, end ? (size_t)(end - line) : strlen(line));

				for (size_t k = 0; k < n_names && !scans; k++)
					scans = line_scans(one, names[k], pg);
				line = end ? end + 1 : line + strlen(line);
			}
			if (scans)
				buf_addf(&report, "%s: %s read whole\n%s", p->query, tables[t], p->plan);
		}
	}
	return report.len ? report.data : NULL;
}
