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
	const char *dates[1 + SITUATION_YEARS];
	struct figures_share *kids;
	struct maturity_level *levels;
	struct key_figure_set *grid;
	struct unit *targets;
	size_t n_kids, n_levels, nt;
	int64_t year = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	sscanf(d, "%4" SCNd64, &year);
	out->date = arena_strdup(a, d);
	out->year = year;
	if ((rc = figures_classified_children(db, a, u->id, figures_viewer(auth), d, &kids, &n_kids, e)) ||
	    (rc = maturity_levels(db, a, u->id, year - SITUATION_YEARS + 1, year, &levels, &n_levels, e)))
		return rc;
	if (n_kids > SITUATION_MAX_UNITS)
		n_kids = SITUATION_MAX_UNITS;
	/* The unit, then the units below it (their paths are the unit's and their id). */
	nt = 1 + n_kids;
	targets = arena_calloc(a, nt, sizeof(*targets));
	targets[0] = *u;
	for (size_t i = 0; i < n_kids; i++) {
		targets[1 + i] = *u;
		targets[1 + i].id = kids[i].unit_id;
		targets[1 + i].name = kids[i].unit_name;
		targets[1 + i].parent_id = u->id;
		targets[1 + i].path = arena_printf(a, "%s%" PRId64 "/", u->path, kids[i].unit_id);
	}
	/* The date, and the end of each of the last years (the date itself for its own year). */
	dates[0] = out->date;
	for (int k = 0; k < SITUATION_YEARS; k++) {
		const char *end = arena_printf(a, "%04d-12-31", (int)(year - SITUATION_YEARS + 1 + k));
		dates[1 + k] = strcmp(end, d) > 0 ? out->date : end;
	}
	grid = arena_calloc(a, nt * (1 + SITUATION_YEARS), sizeof(*grid));
	if ((rc = figures_key_grid(db, a, u, targets, nt, dates, 1 + SITUATION_YEARS, grid, e)))
		return rc;
	out->self.unit_id = u->id;
	out->self.unit_name = u->name;
	out->self.level = level_of(levels, n_levels, u->id, year);
	out->self.figs = grid[0];
	out->before_data = grid[0].before_data;
	out->rows = arena_calloc(a, n_kids ? n_kids : 1, sizeof(*out->rows));
	out->n_rows = n_kids;
	for (size_t i = 0; i < n_kids; i++) {
		struct situation_row *row = &out->rows[i];
		row->unit_id = targets[1 + i].id;
		row->unit_name = targets[1 + i].name;
		row->level = level_of(levels, n_levels, row->unit_id, year);
		row->figs = grid[(1 + i) * (1 + SITUATION_YEARS)];
	}
	for (int k = 0; k < SITUATION_YEARS; k++) {
		struct situation_year *y = &out->years[k];
		y->year = year - SITUATION_YEARS + 1 + k;
		y->level = level_of(levels, n_levels, u->id, y->year);
		y->figs = grid[1 + k];
	}
	return 0;
}
