/*
 * q_figures.c - SQL of the follow-up figures, and the typed functions that run it.
 *
 * The share of systems classified is read from history, not from the
 * current state: an asset counts at a date when it had been created by
 * the end of that date and was not yet retired, and it counts as
 * classified when one of its classifications had been signed by then. So a
 * figure for a past date stays right after later changes (an asset retired
 * later still counts before its retirement; a classification signed later
 * does not count before). The queries group by asset kind and leave the
 * choice of which kinds are "systems" to the domain (asset_kind_is_system),
 * so that rule lives in one place. Units are taken as they are now: an
 * asset moved between units counts where it is today.
 */
#include "db/q_figures.h"

#include <stdbool.h>

#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

/* Columns of Q_FIGURES_CLASSIFIED_CHILDREN: one row per child unit and asset kind (kind NULL: no assets).
 * Q_FIGURES_CLASSIFIED has the same columns from FCH_KIND on, one row per asset kind. */
enum figures_child_col { FCH_UNIT, FCH_NAME, FCH_KIND, FCH_TOTAL, FCH_CLASSIFIED };

/* Columns of Q_FIGURES_OVERDUE. */
enum figures_overdue_col {
	FOC_ID,
	FOC_NAME,
	FOC_KIND,
	FOC_UNIT,
	FOC_UNIT_NAME,
	FOC_OWNER,
	FOC_OWNER_NAME,
	FOC_REVIEW_DUE,
	FOC_NEEDS_REVIEW,
	FOC_CLASSIFIED
};

/* Columns of Q_FIGURES_TIMELINE. */
enum figures_timeline_col { FTC_KIND, FTC_CREATED, FTC_RETIRED, FTC_SIGNED };

#define FIG_SIGNED_BY(end)                                                                        \
	"EXISTS (SELECT 1 FROM classifications c WHERE c.asset_id = a.id AND c.status = 'signed'" \
	" AND c.signed_at IS NOT NULL AND c.signed_at <= CAST(" end " AS TEXT))"
#define FIG_EXISTED_AT(end) \
	"a.created_at <= CAST(" end " AS TEXT) AND (a.retired_at IS NULL OR a.retired_at > CAST(" end " AS TEXT))"

static DB_QUERY(
	Q_FIGURES_CLASSIFIED,
	"SELECT a.kind, count(*), COALESCE(sum(CASE WHEN " FIG_SIGNED_BY(
		"$2") " THEN 1 ELSE 0 END), 0)"
		      " FROM assets a JOIN units u ON u.id = a.unit_id"
		      " WHERE substr(u.path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT) AND " FIG_EXISTED_AT(
			      "$2") " GROUP BY a.kind ORDER BY a.kind");

static DB_QUERY(
	Q_FIGURES_CLASSIFIED_CHILDREN,
	"SELECT ch.id, ch.name, a.kind, count(a.id), COALESCE(sum(CASE WHEN " FIG_SIGNED_BY(
		"$2") " THEN 1 ELSE 0 END), 0)"
		      " FROM units ch"
		      " LEFT JOIN units u ON substr(u.path, 1, length(ch.path)) = ch.path"
		      " LEFT JOIN assets a ON a.unit_id = u.id AND " FIG_EXISTED_AT("$2") " WHERE ch.parent_id = $1 AND " SQL_UNIT_VISIBLE(
			      "ch.path", "$3") " GROUP BY ch.id, ch.name, a.kind ORDER BY ch.name, ch.id, a.kind");

#define FIG_OVERDUE_FROM                                                                                                  \
	" FROM assets a JOIN units u ON u.id = a.unit_id LEFT JOIN users ow ON ow.id = a.owner_id"                        \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                       \
		"u.path",                                                                                                 \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))" \
		      " AND a.lifecycle <> 'retired'"                                                                     \
		      " AND (a.needs_review = 1 OR (a.review_due IS NOT NULL AND a.review_due < CAST($3 AS TEXT)))"

static DB_QUERY(
	Q_FIGURES_OVERDUE,
	"SELECT a.id, a.name, a.kind, a.unit_id, u.name, a.owner_id, ow.display_name, a.review_due, a.needs_review,"
	" a.classification_id" FIG_OVERDUE_FROM
	" ORDER BY COALESCE(a.review_due, '0000') ASC, lower(a.name) ASC, a.id ASC LIMIT $4 OFFSET $5");
static DB_QUERY(Q_FIGURES_OVERDUE_COUNT, "SELECT count(*)" FIG_OVERDUE_FROM);

/* Every asset of a subtree with when it was created, retired and first
 * signed: one query from which the domain counts a whole series of dates. */
static DB_QUERY(Q_FIGURES_TIMELINE,
		"SELECT a.kind, a.created_at, a.retired_at,"
		" (SELECT min(c.signed_at) FROM classifications c WHERE c.asset_id = a.id AND c.status = 'signed')"
		" FROM assets a JOIN units u ON u.id = a.unit_id"
		" WHERE substr(u.path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)");

/* A count whose kind, total and classified columns start at @first (the unit's columns come before). */
static void count_at(const struct db_rows *r, size_t i, size_t first, struct figures_count *c)
{
	bool per_unit = first == FCH_KIND;

	c->unit_id = per_unit ? rows_int(r, i, FCH_UNIT) : 0;
	c->unit_name = per_unit ? rows_text(r, i, FCH_NAME) : NULL;
	c->kind = rows_text(r, i, first);
	c->total = rows_int(r, i, first + 1);
	c->classified = rows_int(r, i, first + 2);
}

static void count_from_row(const struct db_rows *r, size_t i, void *out)
{
	count_at(r, i, 0, out);
}

static void child_count_from_row(const struct db_rows *r, size_t i, void *out)
{
	count_at(r, i, FCH_KIND, out);
}

static void times_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct figures_asset_times *t = out;
	t->kind = rows_text(r, i, FTC_KIND);
	t->created_at = rows_text(r, i, FTC_CREATED);
	t->retired_at = rows_text(r, i, FTC_RETIRED);
	t->signed_at = rows_text(r, i, FTC_SIGNED);
}

static void overdue_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct figures_overdue *o = out;
	o->asset_id = rows_int(r, i, FOC_ID);
	o->name = rows_text(r, i, FOC_NAME);
	o->kind = rows_text(r, i, FOC_KIND);
	o->unit_id = rows_int(r, i, FOC_UNIT);
	o->unit_name = rows_text(r, i, FOC_UNIT_NAME);
	o->owner_id = rows_int(r, i, FOC_OWNER);
	o->owner_name = rows_text(r, i, FOC_OWNER_NAME);
	o->review_due = rows_text(r, i, FOC_REVIEW_DUE);
	o->needs_review = rows_bool(r, i, FOC_NEEDS_REVIEW);
	o->classified = rows_text(r, i, FOC_CLASSIFIED) != NULL;
}

int q_figures_classified(struct db *db, struct arena *a, const char *path, const char *end, struct figures_count **out,
			 size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_CLASSIFIED, DB_ARGS(DB_TEXT(path), DB_TEXT(end)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), count_from_row, n);
	return rc;
}

int q_figures_classified_children(struct db *db, struct arena *a, int64_t parent_id, const char *end, int64_t viewer_id,
				  struct figures_count **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_CLASSIFIED_CHILDREN,
			DB_ARGS(DB_INT(parent_id), DB_TEXT(end), DB_INT(viewer_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), child_count_from_row, n);
	return rc;
}

int q_figures_asset_times(struct db *db, struct arena *a, const char *path, struct figures_asset_times **out, size_t *n,
			  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_TIMELINE, DB_ARGS(DB_TEXT(path)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), times_from_row, n);
	return rc;
}

int q_figures_overdue(struct db *db, struct arena *a, int64_t viewer_id, const char *path, const char *today,
		      int64_t limit, int64_t offset, struct figures_overdue **out, size_t *n, int64_t *total,
		      struct err *e)
{
	struct db_rows rows, cnt;
	int rc;

	if (total) {
		if ((rc = db_run(db, a, &Q_FIGURES_OVERDUE_COUNT,
				 DB_ARGS(DB_INT(viewer_id), DB_TEXT(path), DB_TEXT(today)), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, &Q_FIGURES_OVERDUE,
		    DB_ARGS(DB_INT(viewer_id), DB_TEXT(path), DB_TEXT(today), DB_INT(limit), DB_INT(offset)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), overdue_from_row, n);
	return rc;
}
