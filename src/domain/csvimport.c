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

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct import_problem *grown = arena_calloc(a, cap, sizeof(*grown));
		if (p->n)
			memcpy(grown, p->v, p->n * sizeof(*grown));
		p->v = grown;
		p->cap = cap;
	}
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
