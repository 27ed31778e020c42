/*
 * csvimport.c - the header and the problems of a CSV import (see
 * csvimport.h).
 */
#include "domain/csvimport.h"

#include <string.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "core/str.h"
#include "io/csvread.h"

void import_problem_add(struct arena *a, struct import_problems *p, size_t line, const char *field, const char *column,
			const char *msgid, const char *arg)
{
	struct import_problem *q;

	ARENA_ROOM(a, p->v, p->n, 1, p->cap, 16);
	q = &p->v[p->n++];
	q->line = line;
	q->field = field ? field : "file";
	q->column = column;
	if (arg)
		err_set1(&q->err, ERR_INVALID, q->field, msgid, arg);
	else
		err_set(&q->err, ERR_INVALID, q->field, msgid);
}

const char *import_key(struct arena *a, const char *s)
{
	return str_fold(a, str_trim(arena_strdup(a, s ? s : "")));
}

void import_map_columns(struct arena *a, const struct csv_row *h, const struct import_column *cols, int n, int *col,
			struct import_problems *p)
{
	for (int c = 0; c < n; c++)
		col[c] = -1;
	for (size_t i = 0; i < h->n_cells; i++) {
		const char *v = import_key(a, h->cells[i]);
		bool known = !*v;
		for (int c = 0; c < n && !known; c++) {
			if (strcmp(v, import_key(a, cols[c].key)) && strcmp(v, import_key(a, cols[c].sv)) &&
			    strcmp(v, import_key(a, cols[c].en)))
				continue;
			known = true;
			if (col[c] >= 0)
				import_problem_add(a, p, 0, NULL, NULL, N_("The column %s appears more than once."),
						   h->cells[i]);
			col[c] = (int)i;
		}
		if (!known)
			import_problem_add(
				a, p, 0, NULL, NULL,
				N_("The file has columns Tillit does not know: %s. Use the column names of the template."),
				h->cells[i]);
	}
	for (int c = 0; c < n; c++)
		if (cols[c].required && col[c] < 0)
			import_problem_add(a, p, 0, NULL, NULL, N_("The file lacks the columns %s."),
					   arena_printf(a, "%s (%s)", cols[c].sv, cols[c].en));
}

int import_run(struct arena *a, const struct import_steps *s, void *ctx, int *col, const char *data, size_t len,
	       bool dry_run, struct import_problems *p, struct import_result *out, struct err *e)
{
	struct csv_table t;
	struct err fe = { 0 };
	size_t line = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	for (int c = 0; c < s->n_columns; c++)
		col[c] = -1;
	rc = csv_read(a, data, len, s->max_rows, &t, &fe);
	if (rc == ERR_INVALID) {
		import_problem_add(a, p, 0, NULL, NULL, fe.msgid, fe.arg[0] ? fe.arg : NULL);
		goto done;
	}
	if (rc)
		return *e = fe, rc;
	out->encoding = t.encoding;
	import_map_columns(a, &t.header, s->columns, s->n_columns, col, p);
	if (p->n)
		goto done;
	if (!t.n_rows) {
		import_problem_add(a, p, 0, NULL, NULL, N_("The file has a header but no rows to import."), NULL);
		goto done;
	}
	if ((rc = s->prepare(ctx, &t, e)))
		return rc;
	out->n_rows = t.n_rows;
	for (size_t i = 0; i < t.n_rows; i++)
		if ((rc = s->check(ctx, i, &t.rows[i], e)))
			return rc;
	if (p->n || dry_run)
		goto done;
	rc = s->save(ctx, &line, &fe);
	if (rc == ERR_INVALID || rc == ERR_FORBIDDEN || rc == ERR_EXISTS || rc == ERR_CONFLICT) {
		const char *field = NULL; /* the column the refusal names, else the file */
		for (int c = 0; c < s->n_columns && fe.field; c++)
			if (!strcmp(fe.field, s->columns[c].key))
				field = s->columns[c].key;
		import_problem_add(a, p, line, field, NULL, fe.msgid, fe.arg[0] ? fe.arg : NULL);
		p->n_bad_rows = 1;
		goto done;
	}
	if (rc)
		return *e = fe, rc;
	out->imported = true;
done:
	if (p->n && !dry_run) {
		*e = p->v[0].err;
		return ERR_INVALID;
	}
	return 0;
}
