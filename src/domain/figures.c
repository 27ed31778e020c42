/*
 * figures.c - the share of systems classified, from history, and the list
 * of classifications due for review.
 *
 * Each figure is one query (q_figures.c) that counts per asset kind; the
 * kinds that count as systems are chosen here with asset_kind_is_system(),
 * the one definition the asset register also uses. A series reads the
 * subtree's assets once, with when each was created, retired and first
 * signed, and counts every date of the series from that. The unit a figure
 * is about comes as the request read it (the route's scope, or the unit
 * page's), so it is not read again here.
 */
#include "domain/figures.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "db/q_figures.h"
#include "domain/asset.h"
#include "domain/unit.h"

/* The most units a viewer's top units are found among (as many as a unit picker lists). */
#define TOP_LIMIT 1000

void figures_today(char out[FIGURES_DATE_LEN])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, FIGURES_DATE_LEN - 1);
	out[FIGURES_DATE_LEN - 1] = 0;
}

int figures_percent(int64_t classified, int64_t total)
{
	int64_t p;

	if (total <= 0)
		return -1;
	if (classified < 0)
		classified = 0;
	if (classified > total)
		classified = total;
	p = (classified * 200 + total) / (total * 2);
	if (p >= 100 && classified < total)
		p = 99;
	if (p <= 0 && classified > 0)
		p = 1;
	return (int)p;
}

double figures_fraction(int64_t classified, int64_t total)
{
	return total > 0 ? (double)classified / (double)total : 0.0;
}

int figures_check_date(struct err *e, const char *field, const char *date, char out[FIGURES_DATE_LEN])
{
	char today[FIGURES_DATE_LEN];

	figures_today(today);
	if (!date || !*date) {
		memcpy(out, today, FIGURES_DATE_LEN);
		return 0;
	}
	if (!time_valid_date(date))
		return err_set(e, ERR_INVALID, field, N_("Give the date as YYYY-MM-DD, for example 2025-12-31."));
	if (strcmp(date, today) > 0)
		return err_set(e, ERR_INVALID, field, N_("The date cannot be in the future."));
	memcpy(out, date, FIGURES_DATE_LEN);
	return 0;
}

/* "YYYY-MM-DDT23:59:59Z": the last stored time stamp that falls on @date. */
static const char *end_of(struct arena *a, const char *date)
{
	return arena_printf(a, "%.10sT23:59:59Z", date);
}

/* Add the counts of @c to *total and *classified when its kind is a system kind. */
static void add_count(const struct figures_count *c, int64_t *total, int64_t *classified)
{
	if (!asset_kind_is_system(c->kind))
		return;
	*total += c->total;
	*classified += c->classified;
}

int figures_classified(struct db *db, struct arena *a, const struct unit *u, const char *date,
		       struct figures_share *out, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_count *counts;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	out->unit_id = u->id;
	out->unit_name = u->name;
	out->date = arena_strdup(a, d);
	if ((rc = q_figures_classified(db, a, u->path, end_of(a, d), &counts, &n, e)))
		return rc;
	for (size_t i = 0; i < n; i++)
		add_count(&counts[i], &out->total, &out->classified);
	return 0;
}

int figures_classified_children(struct db *db, struct arena *a, int64_t unit_id, int64_t viewer_id, const char *date,
				struct figures_share **out, size_t *n, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_count *counts;
	struct figures_share *list;
	size_t n_counts, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = figures_check_date(e, "date", date, d)) ||
	    (rc = q_figures_classified_children(db, a, unit_id, end_of(a, d), viewer_id, &counts, &n_counts, e)))
		return rc;
	/* Rows come grouped by child (ordered by name, id), one per asset kind. */
	list = arena_calloc(a, n_counts ? n_counts : 1, sizeof(*list));
	for (size_t i = 0; i < n_counts; i++) {
		if (k == 0 || list[k - 1].unit_id != counts[i].unit_id) {
			list[k].unit_id = counts[i].unit_id;
			list[k].unit_name = counts[i].unit_name;
			list[k].date = arena_strdup(a, d);
			k++;
		}
		add_count(&counts[i], &list[k - 1].total, &list[k - 1].classified);
	}
	*out = list;
	*n = k;
	return 0;
}

static const char *const quarter_end_md[4] = { "03-31", "06-30", "09-30", "12-31" };

/* The @quarters quarter ends before the quarter holding @end_date, oldest first, into @out. */
static void quarter_ends(struct arena *a, const char *end_date, int quarters, struct figures_point *out)
{
	int year = 0, month = 1;
	long idx;

	sscanf(end_date, "%4d-%2d", &year, &month);
	/* idx counts quarters since year 0: the quarter holding @end_date; step back from it. */
	idx = (long)year * 4 + (month - 1) / 3;
	for (int k = 0; k < quarters; k++) {
		long q = idx - quarters + k;
		out[k].year = (int)(q / 4);
		out[k].quarter = (int)(q % 4) + 1;
		out[k].date = arena_printf(a, "%04d-%s", out[k].year, quarter_end_md[out[k].quarter - 1]);
	}
}

int figures_series(struct db *db, struct arena *a, const struct unit *u, int quarters, const char *end_date,
		   struct figures_point **out, size_t *n, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_point *pts;
	struct figures_asset_times *assets;
	const char **ends;
	size_t n_assets;
	int rc;

	*out = NULL;
	*n = 0;
	if (quarters < 1 || quarters > FIGURES_MAX_QUARTERS)
		return err_set(e, ERR_INVALID, "quarters", N_("Choose between 1 and 12 quarters."));
	if ((rc = figures_check_date(e, "date", end_date, d)))
		return rc;
	pts = arena_calloc(a, (size_t)quarters + 1, sizeof(*pts));
	quarter_ends(a, d, quarters, pts);
	pts[quarters].date = arena_strdup(a, d);
	sscanf(d, "%4d", &pts[quarters].year);
	pts[quarters].quarter = 0;
	/* One pass over the subtree's assets counts every date of the series,
	 * with the same rule as figures_classified(): existed at the end of the
	 * day, and signed by then. */
	if ((rc = q_figures_asset_times(db, a, u->path, &assets, &n_assets, e)))
		return rc;
	ends = arena_calloc(a, (size_t)quarters + 1, sizeof(char *));
	for (int k = 0; k <= quarters; k++)
		ends[k] = end_of(a, pts[k].date);
	for (size_t i = 0; i < n_assets; i++) {
		const struct figures_asset_times *t = &assets[i];
		if (!asset_kind_is_system(t->kind))
			continue;
		for (int k = 0; k <= quarters; k++) {
			if (strcmp(t->created_at, ends[k]) > 0 ||
			    (t->retired_at && strcmp(t->retired_at, ends[k]) <= 0))
				continue;
			pts[k].total++;
			if (t->signed_at && strcmp(t->signed_at, ends[k]) <= 0)
				pts[k].classified++;
		}
	}
	*out = pts;
	*n = (size_t)quarters + 1;
	return 0;
}

int figures_overdue_list(struct db *db, struct arena *a, int64_t viewer_id, const struct unit *u, int64_t limit,
			 int64_t offset, struct figures_overdue **out, size_t *n, int64_t *total, struct err *e)
{
	char today[FIGURES_DATE_LEN];

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		limit = 100;
	if (offset < 0)
		offset = 0;
	figures_today(today);
	return q_figures_overdue(db, a, viewer_id, u ? u->path : NULL, today, limit, offset, out, n, total, e);
}

int figures_top_units(struct db *db, struct arena *a, int64_t viewer_id, struct unit **out, size_t *n_out,
		      struct err *e)
{
	struct unit_filter f = { 0 };
	struct unit *all, *tops;
	size_t n, k = 0;
	int rc;

	f.viewer_id = viewer_id;
	f.limit = TOP_LIMIT;
	if ((rc = unit_list(db, a, &f, &all, &n, NULL, e)))
		return rc;
	tops = arena_calloc(a, n ? n : 1, sizeof(*tops));
	for (size_t i = 0; i < n; i++) {
		bool parent_seen = false;
		for (size_t j = 0; j < n && all[i].parent_id && !parent_seen; j++)
			parent_seen = all[j].id == all[i].parent_id;
		if (!parent_seen)
			tops[k++] = all[i];
	}
	*out = tops;
	*n_out = k;
	return 0;
}
