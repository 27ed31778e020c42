/*
 * figures.c - the share of systems classified, from history, and the list
 * of classifications due for review.
 *
 * Each figure is one query (q_figures.c) that counts per asset kind; the
 * kinds that count as systems are chosen here with asset_kind_is_system(),
 * the one definition the asset register also uses. A series asks the same
 * query once per date, which for at most thirteen dates is cheaper to read
 * and to check than one query built over a list of dates.
 */
#include "domain/figures.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_figures.h"
#include "domain/asset.h"
#include "domain/unit.h"

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

/* Add the counts of row @i to @s when its kind is a system kind. */
static void add_row(const struct db_rows *rows, size_t i, size_t kind_col, size_t total_col, size_t class_col,
		    int64_t *total, int64_t *classified)
{
	if (!asset_kind_is_system(rows_text(rows, i, kind_col)))
		return;
	*total += rows_int(rows, i, total_col);
	*classified += rows_int(rows, i, class_col);
}

/* The counts of the subtree at @path at the end of @date. */
static int count_at(struct db *db, struct arena *a, const char *path, const char *date, int64_t *classified,
		    int64_t *total, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_CLASSIFIED, DB_ARGS(DB_TEXT(path), DB_TEXT(end_of(a, date))), &rows, e);

	*classified = *total = 0;
	if (rc)
		return rc;
	for (size_t i = 0; i < rows.n_rows; i++)
		add_row(&rows, i, FCC_KIND, FCC_TOTAL, FCC_CLASSIFIED, total, classified);
	return 0;
}

static int get_unit(struct db *db, struct arena *a, int64_t id, struct unit *u, struct err *e)
{
	int rc = unit_get(db, a, id, u, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "unit_id", N_("No such unit."));
	return rc;
}

int figures_classified(struct db *db, struct arena *a, int64_t unit_id, const char *date, struct figures_share *out,
		       struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct unit u;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = figures_check_date(e, "date", date, d)) || (rc = get_unit(db, a, unit_id, &u, e)))
		return rc;
	out->unit_id = u.id;
	out->unit_name = u.name;
	out->date = arena_strdup(a, d);
	return count_at(db, a, u.path, d, &out->classified, &out->total, e);
}

int figures_classified_children(struct db *db, struct arena *a, int64_t unit_id, int64_t viewer_id, const char *date,
				struct figures_share **out, size_t *n, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct db_rows rows;
	struct figures_share *list;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = figures_check_date(e, "date", date, d)))
		return rc;
	rc = db_run(db, a, &Q_FIGURES_CLASSIFIED_CHILDREN,
		    DB_ARGS(DB_INT(unit_id), DB_TEXT(end_of(a, d)), DB_INT(viewer_id)), &rows, e);
	if (rc)
		return rc;
	/* Rows come grouped by child (ordered by name, id), one per asset kind. */
	list = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(*list));
	for (size_t i = 0; i < rows.n_rows; i++) {
		int64_t id = rows_int(&rows, i, FCH_UNIT);
		if (k == 0 || list[k - 1].unit_id != id) {
			list[k].unit_id = id;
			list[k].unit_name = rows_text(&rows, i, FCH_NAME);
			list[k].date = arena_strdup(a, d);
			k++;
		}
		add_row(&rows, i, FCH_KIND, FCH_TOTAL, FCH_CLASSIFIED, &list[k - 1].total, &list[k - 1].classified);
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

int figures_series(struct db *db, struct arena *a, int64_t unit_id, int quarters, const char *end_date,
		   struct figures_point **out, size_t *n, struct err *e)
{
	char d[FIGURES_DATE_LEN];
	struct figures_point *pts;
	struct unit u;
	int rc;

	*out = NULL;
	*n = 0;
	if (quarters < 1 || quarters > FIGURES_MAX_QUARTERS)
		return err_set(e, ERR_INVALID, "quarters", N_("Choose between 1 and 12 quarters."));
	if ((rc = figures_check_date(e, "date", end_date, d)) || (rc = get_unit(db, a, unit_id, &u, e)))
		return rc;
	pts = arena_calloc(a, (size_t)quarters + 1, sizeof(*pts));
	quarter_ends(a, d, quarters, pts);
	pts[quarters].date = arena_strdup(a, d);
	sscanf(d, "%4d", &pts[quarters].year);
	pts[quarters].quarter = 0;
	/* One pass over the subtree's assets counts every date of the series,
	 * with the same rule as count_at(): existed at the end of the day, and
	 * signed by then. */
	{
		struct db_rows rows;
		const char **ends = arena_calloc(a, (size_t)quarters + 1, sizeof(char *));
		rc = db_run(db, a, &Q_FIGURES_TIMELINE, DB_ARGS(DB_TEXT(u.path)), &rows, e);
		if (rc)
			return rc;
		for (int k = 0; k <= quarters; k++)
			ends[k] = end_of(a, pts[k].date);
		for (size_t i = 0; i < rows.n_rows; i++) {
			const char *created = rows_text(&rows, i, 1), *retired = rows_text(&rows, i, 2);
			const char *signed_at = rows_text(&rows, i, 3);
			if (!asset_kind_is_system(rows_text(&rows, i, 0)))
				continue;
			for (int k = 0; k <= quarters; k++) {
				if (strcmp(created, ends[k]) > 0 || (retired && strcmp(retired, ends[k]) <= 0))
					continue;
				pts[k].total++;
				if (signed_at && strcmp(signed_at, ends[k]) <= 0)
					pts[k].classified++;
			}
		}
	}
	*out = pts;
	*n = (size_t)quarters + 1;
	return 0;
}

int figures_overdue_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t limit,
			 int64_t offset, struct figures_overdue **out, size_t *n, int64_t *total, struct err *e)
{
	char today[FIGURES_DATE_LEN];
	const char *path = NULL;
	struct db_rows rows, cnt;
	struct figures_overdue *list;
	int rc;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		limit = 100;
	if (offset < 0)
		offset = 0;
	if (unit_id) {
		struct unit u;
		if ((rc = get_unit(db, a, unit_id, &u, e)))
			return rc;
		path = u.path;
	}
	figures_today(today);
	if (total) {
		rc = db_run(db, a, &Q_FIGURES_OVERDUE_COUNT, DB_ARGS(DB_INT(viewer_id), DB_TEXT(path), DB_TEXT(today)),
			    &cnt, e);
		if (rc)
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, &Q_FIGURES_OVERDUE,
		    DB_ARGS(DB_INT(viewer_id), DB_TEXT(path), DB_TEXT(today), DB_INT(limit), DB_INT(offset)), &rows, e);
	if (rc)
		return rc;
	list = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(*list));
	for (size_t i = 0; i < rows.n_rows; i++) {
		list[i].asset_id = rows_int(&rows, i, FOC_ID);
		list[i].name = rows_text(&rows, i, FOC_NAME);
		list[i].kind = rows_text(&rows, i, FOC_KIND);
		list[i].unit_id = rows_int(&rows, i, FOC_UNIT);
		list[i].unit_name = rows_text(&rows, i, FOC_UNIT_NAME);
		list[i].owner_id = rows_int(&rows, i, FOC_OWNER);
		list[i].owner_name = rows_text(&rows, i, FOC_OWNER_NAME);
		list[i].review_due = rows_text(&rows, i, FOC_REVIEW_DUE);
		list[i].needs_review = rows_bool(&rows, i, FOC_NEEDS_REVIEW);
		list[i].classified = rows_text(&rows, i, FOC_CLASSIFIED) != NULL;
	}
	*out = list;
	*n = rows.n_rows;
	return 0;
}
