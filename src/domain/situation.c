/*
 * situation.c - the organisation-wide picture: levels and key figures of a
 * unit and the units below it, and its trend over the years.
 *
 * The units below come from the kept figures' children query (one query,
 * the viewer's scope applied); each unit's figures are then read over its
 * subtree by the key-figure registry, and the levels of the unit and its
 * children over the years by one query.
 */
#include "domain/situation.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/maturity.h"

static int64_t level_of(const struct maturity_level *l, size_t n, int64_t unit_id, int64_t year)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].unit_id == unit_id && l[i].year == year)
			return l[i].level;
	return -1;
}

int situation_build(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, const char *date,
		    struct situation *out, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_share *kids;
	struct maturity_level *levels;
	size_t n_kids, n_levels;
	int64_t year = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	sscanf(d, "%4" SCNd64, &year);
	out->date = arena_strdup(a, d);
	out->year = year;
	if ((rc = figures_key(db, a, u, d, &out->self.figs, e)) ||
	    (rc = figures_classified_children(db, a, u->id, figures_viewer(auth), d, &kids, &n_kids, e)) ||
	    (rc = maturity_levels(db, a, u->id, year - SITUATION_YEARS + 1, year, &levels, &n_levels, e)))
		return rc;
	out->before_data = out->self.figs.before_data;
	out->self.unit_id = u->id;
	out->self.unit_name = u->name;
	out->self.level = level_of(levels, n_levels, u->id, year);
	if (n_kids > SITUATION_MAX_UNITS)
		n_kids = SITUATION_MAX_UNITS;
	out->rows = arena_calloc(a, n_kids ? n_kids : 1, sizeof(*out->rows));
	for (size_t i = 0; i < n_kids; i++) {
		struct situation_row *row = &out->rows[out->n_rows++];
		struct unit child = *u;

		child.id = kids[i].unit_id;
		child.name = kids[i].unit_name;
		child.parent_id = u->id;
		child.path = arena_printf(a, "%s%" PRId64 "/", u->path, kids[i].unit_id);
		row->unit_id = child.id;
		row->unit_name = child.name;
		row->level = level_of(levels, n_levels, child.id, year);
		if ((rc = figures_key(db, a, &child, d, &row->figs, e)))
			return rc;
	}
	for (int k = 0; k < SITUATION_YEARS; k++) {
		struct situation_year *y = &out->years[k];
		char end[FIGURES_DATE_LEN];

		y->year = year - SITUATION_YEARS + 1 + k;
		snprintf(end, sizeof(end), "%04d-12-31", (int)y->year);
		if (strcmp(end, d) > 0)
			memcpy(end, d, sizeof(end));
		y->level = level_of(levels, n_levels, u->id, y->year);
		if ((rc = figures_key(db, a, u, end, &y->figs, e)))
			return rc;
	}
	return 0;
}
