/*
 * q_figures.c - SQL of the follow-up figures, and the typed functions that run it.
 *
 * The share of systems classified is read from the kept counts in
 * figure_counts (see q_figures.h and migration 0020), never by counting
 * the register: a figure is the sum of a unit's own rows within a span of
 * quarters and days. The counts are kept by domain/figures.c in the
 * transaction of every change that moves them, through q_figures_add()
 * and q_figures_shift(); both walk from a unit up to its root by parent_id
 * (a recursive query over the primary key), so the rows of the unit and of
 * every unit above it change together.
 *
 * Which units a viewer sees is a recursive walk down from the units of
 * their grants by parent_id (FIG_VISIBLE), an indexed join that compares
 * ids only, so it holds whatever collation the database uses. A viewer
 * given as 0 (an installation-wide grant, the command line) sees all and
 * the walk is never run.
 *
 * The list of classifications due for review is read in the order of an
 * index on the "due key" (migration 0021): '' for an asset flagged for
 * review, else its review date; an asset is due when its key is before
 * today. Across an organisation or the whole installation the list walks
 * that index and stops at the page's end; below a unit it gathers the due
 * assets of each unit of the subtree from a per-unit index and sorts those.
 */
#include "db/q_figures.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum figures_delta_col { FDC_QUARTER, FDC_PERIOD, FDC_SYSTEMS, FDC_CLASSIFIED };
enum figures_child_col { FCH_UNIT, FCH_NAME, FCH_TOTAL, FCH_CLASSIFIED };
enum figures_recount_col { FRC_KIND, FRC_TOTAL, FRC_CLASSIFIED };
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

/* The unit @start and every unit above it, as anc(id, up). */
#define FIG_ANCESTORS(start)                                                                   \
	"anc(id, up) AS (SELECT id, parent_id FROM units WHERE id = CAST(" start " AS BIGINT)" \
	" UNION ALL SELECT u.id, u.parent_id FROM units u JOIN anc ON u.id = anc.up)"

/* The units viewer @v sees: those of their grants and every unit below, as vis(id). */
#define FIG_VISIBLE_CTE(v)                                                                       \
	"vis(id) AS (SELECT unit_id FROM role_assignments WHERE user_id = CAST(" v " AS BIGINT)" \
	" AND unit_id IS NOT NULL UNION ALL SELECT u.id FROM units u JOIN vis ON u.parent_id = vis.id)"
/* Is unit id @col among them (or is the viewer @v 0, or do they hold a role for the whole installation)? */
#define FIG_VISIBLE(col, v)                                                                                          \
	"(CAST(" v " AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments WHERE user_id = CAST(" v " AS BIGINT)" \
	" AND unit_id IS NULL) OR " col " IN (SELECT id FROM vis))"

/* The kept rows within a span ($2 quarter, $3 its first day, $4 the day) of unit $1. */
static DB_QUERY_PLAN_ONCE(
	Q_FIGURES_DELTAS,
	"SELECT 1, period, systems, classified FROM figure_counts"
	" WHERE unit_id = $1 AND grain = 'q' AND period < CAST($2 AS TEXT)"
	" UNION ALL SELECT 0, period, systems, classified FROM figure_counts"
	" WHERE unit_id = $1 AND grain = 'd' AND period >= CAST($3 AS TEXT) AND period <= CAST($4 AS TEXT)");

/* The figure of unit @id within the span @q (quarter), @first..@day: the sums of its kept rows, two columns. */
#define FIG_SUMS(id, q, first, day)                                                                             \
	" COALESCE((SELECT sum(f.systems) FROM figure_counts f WHERE f.unit_id = " id " AND f.grain = 'q'"      \
	"  AND f.period < CAST(" q " AS TEXT)), 0)"                                                             \
	" + COALESCE((SELECT sum(f.systems) FROM figure_counts f WHERE f.unit_id = " id " AND f.grain = 'd'"    \
	"  AND f.period >= CAST(" first " AS TEXT) AND f.period <= CAST(" day " AS TEXT)), 0),"                 \
	" COALESCE((SELECT sum(f.classified) FROM figure_counts f WHERE f.unit_id = " id " AND f.grain = 'q'"   \
	"  AND f.period < CAST(" q " AS TEXT)), 0)"                                                             \
	" + COALESCE((SELECT sum(f.classified) FROM figure_counts f WHERE f.unit_id = " id " AND f.grain = 'd'" \
	"  AND f.period >= CAST(" first " AS TEXT) AND f.period <= CAST(" day " AS TEXT)), 0)"

/* Each child of unit $1 that viewer $2 sees, with the sums of its rows within the span $3..$5. A child is
 * seen when the viewer holds a role on it, on a unit above it, or for the whole installation. */
static DB_QUERY_PLAN_ONCE(
	Q_FIGURES_CHILDREN,
	"WITH RECURSIVE " FIG_ANCESTORS("$1") " SELECT ch.id, ch.name," FIG_SUMS(
		"ch.id", "$3", "$4",
		"$5") " FROM units ch WHERE ch.parent_id = $1 AND (CAST($2 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM"
		      " role_assignments g WHERE g.user_id = CAST($2 AS BIGINT) AND (g.unit_id IS NULL OR g.unit_id = ch.id"
		      " OR g.unit_id IN (SELECT id FROM anc))))"
		      " ORDER BY ch.name, ch.id");

/*
 * The units whose ids are in the JSON array $1 that have kept rows within the span $2..$4, with the sums of
 * those rows (no name): two ranges of figure_counts_sums per unit, read from the index alone.
 */
#define FIG_OF_UNITS(ids)                                                                                            \
	"SELECT x.unit_id, NULL, sum(x.systems), sum(x.classified) FROM (SELECT unit_id, systems, classified"        \
	" FROM figure_counts WHERE unit_id IN " ids " AND grain = 'q' AND period < CAST($2 AS TEXT)"                 \
	" UNION ALL SELECT unit_id, systems, classified FROM figure_counts WHERE unit_id IN " ids " AND grain = 'd'" \
	" AND period >= CAST($3 AS TEXT) AND period <= CAST($4 AS TEXT)) x GROUP BY x.unit_id"
static DB_QUERY2(Q_FIGURES_OF_UNITS, FIG_OF_UNITS(SQL_IDS_SQLITE("$1")), FIG_OF_UNITS(SQL_IDS_PG("$1")));

/* $1 unit, $2 day, $3 quarter, $4 systems, $5 classified. */
static DB_QUERY(
	Q_FIGURES_ADD,
	"WITH RECURSIVE " FIG_ANCESTORS(
		"$1") " INSERT INTO figure_counts (unit_id, grain, period, systems, classified)"
		      " SELECT anc.id, p.grain, p.period, CAST($4 AS BIGINT), CAST($5 AS BIGINT) FROM anc,"
		      " (SELECT 'd' AS grain, CAST($2 AS TEXT) AS period UNION ALL SELECT 'q', CAST($3 AS TEXT)) p WHERE true"
		      " ON CONFLICT (unit_id, grain, period) DO UPDATE SET systems = figure_counts.systems + excluded.systems,"
		      " classified = figure_counts.classified + excluded.classified");

/* $1 the moved unit, $2 where the walk up starts, $3 the sign. */
static DB_QUERY(
	Q_FIGURES_SHIFT,
	"WITH RECURSIVE " FIG_ANCESTORS(
		"$2") " INSERT INTO figure_counts (unit_id, grain, period, systems, classified)"
		      " SELECT anc.id, f.grain, f.period, CAST($3 AS BIGINT) * f.systems, CAST($3 AS BIGINT) * f.classified"
		      " FROM anc, figure_counts f WHERE f.unit_id = CAST($1 AS BIGINT)"
		      " ON CONFLICT (unit_id, grain, period) DO UPDATE SET systems = figure_counts.systems + excluded.systems,"
		      " classified = figure_counts.classified + excluded.classified");

static DB_QUERY(Q_FIGURES_FIRST_SIGNED, "SELECT min(signed_at) FROM classifications"
					" WHERE asset_id = $1 AND status = 'signed' AND signed_at IS NOT NULL");
static DB_QUERY(Q_FIGURES_ASSET_NOW,
		"SELECT a.unit_id, a.kind, a.created_at, a.retired_at, (SELECT count(*) FROM classifications c"
		" WHERE c.asset_id = a.id AND c.status = 'signed') FROM assets a WHERE a.id = $1");

#define FIG_SIGNED_BY(end)                                                                        \
	"EXISTS (SELECT 1 FROM classifications c WHERE c.asset_id = a.id AND c.status = 'signed'" \
	" AND c.signed_at IS NOT NULL AND c.signed_at <= CAST(" end " AS TEXT))"
/* Registered by then, or signed by then (a classification brought from earlier records), and not retired. */
#define FIG_EXISTED_AT(end)                    \
	"(a.created_at <= CAST(" end           \
	" AS TEXT) OR " FIG_SIGNED_BY(end) ")" \
					   " AND (a.retired_at IS NULL OR a.retired_at > CAST(" end " AS TEXT))"

static DB_QUERY(
	Q_FIGURES_RECOUNT,
	"SELECT a.kind, count(*), COALESCE(sum(CASE WHEN " FIG_SIGNED_BY(
		"$2") " THEN 1 ELSE 0 END), 0)"
		      " FROM assets a JOIN units u ON u.id = a.unit_id"
		      " WHERE substr(u.path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT) AND " FIG_EXISTED_AT(
			      "$2") " GROUP BY a.kind ORDER BY a.kind");

/*
 * The key figures besides the share classified. Each query gives the items
 * of a figure in the subtree at path $1 as (path of the item's unit, t0,
 * t1, h0, h1): an item counts from t0 until t1 (NULL: still), and holds
 * from h0 (NULL: never) until h1 (NULL: still). per_unit() counts, per
 * unit, the items that count and those that hold at each of the ends
 * ("YYYY-MM-DDT23:59:59Z"), comparing the times as text: one read of the
 * subtree for a table of units and a trend over years alike. Each reads
 * the units of the subtree from their path index and each unit's items
 * from an index of its own that holds every column it needs (migration
 * 0141), never the records' rows.
 */
#define FIG_IN_SUBTREE(alias) " JOIN units su ON su.id = " alias ".unit_id WHERE " SQL_PATH_IN_SUBTREE("su.path", "$1")

/*
 * The shares of systems with a risk analysis and of business-critical
 * assets with a continuity plan list the assets with their ids, and the
 * times from which each asset holds come from a second query, the whole
 * organisation's (per_unit() looks each asset up in it): a correlated
 * subquery or a join per asset cost three times the list itself, and
 * limiting the second query to the subtree meant reading the assets' rows.
 */
static DB_QUERY(Q_FIGURES_RISK_SYSTEMS,
		"SELECT su.path, a.created_at AS t0, a.retired_at AS t1, CAST(NULL AS TEXT) AS h0,"
		" CAST(NULL AS TEXT) AS h1, a.id FROM assets a" FIG_IN_SUBTREE("a") " AND a.kind IN ('system',"
										    " 'digital_service')");
static DB_QUERY(Q_FIGURES_RISK_FIRST,
		"SELECT ra.asset_id, min(r.created_at) FROM risk_analysis_assets ra JOIN risk_analyses r"
		" ON r.id = ra.analysis_id GROUP BY ra.asset_id ORDER BY ra.asset_id");
static DB_QUERY(Q_FIGURES_CRITICAL,
		"SELECT su.path, a.created_at AS t0, a.retired_at AS t1, CAST(NULL AS TEXT) AS h0,"
		" CAST(NULL AS TEXT) AS h1, a.id FROM assets a" FIG_IN_SUBTREE("a") " AND a.business_critical = 1");
/* An asset has at most one continuity plan (continuity_plans_asset is unique). */
static DB_QUERY(Q_FIGURES_CONTINUITY_PLANS, "SELECT asset_id, created_at FROM continuity_plans ORDER BY asset_id");
/* Overdue from the day after its deadline ('U' sorts after the 'T' of any time that day) until done. */
static DB_QUERY(Q_FIGURES_ACTIVITIES_OVERDUE,
		"SELECT su.path, ac.created_at AS t0, CAST(NULL AS TEXT) AS t1, ac.deadline || 'U' AS h0,"
		" CASE WHEN ac.status = 'done' THEN ac.updated_at END AS h1"
		" FROM activities ac" FIG_IN_SUBTREE("ac"));
/* Reviewed from its last review for a year (the year's end is worked out by per_unit(): in SQL it cost as much
 * as reading the items). */
static DB_QUERY(Q_FIGURES_PROCESSING_REVIEWED,
		"SELECT su.path, p.created_at AS t0, CAST(NULL AS TEXT) AS t1, p.reviewed_at AS h0,"
		" CAST(NULL AS TEXT) AS h1 FROM processing_activities p" FIG_IN_SUBTREE("p"));
static DB_QUERY(Q_FIGURES_INCIDENTS_LATE,
		"SELECT su.path, i.created_at AS t0, CAST(NULL AS TEXT) AS t1, i.next_due AS h0,"
		" CAST(NULL AS TEXT) AS h1 FROM incidents i" FIG_IN_SUBTREE("i") " AND i.state <> 'dismissed'");
/* A measure of an audit response is overdue from the day after its planned date until done (handed over: no
 * longer this unit's from then). */
static DB_QUERY(Q_FIGURES_MEASURES_OVERDUE,
		"SELECT su.path, m.created_at AS t0, CASE WHEN m.open = 0 AND m.status <> 'done' THEN m.updated_at"
		" END AS t1, m.planned_date || 'U' AS h0, CASE WHEN m.status = 'done' THEN COALESCE(m.done_date,"
		" m.updated_at) END AS h1 FROM measures m" FIG_IN_SUBTREE("m") " AND m.planned_date IS NOT NULL");
/* A governing document in force is overdue from the day after its next review until reviewed or repealed. */
static DB_QUERY(Q_FIGURES_DOCUMENTS_OVERDUE,
		"SELECT su.path, g.created_at AS t0, CASE WHEN g.status = 'repealed' THEN g.updated_at END AS t1,"
		" g.next_review || 'U' AS h0, CAST(NULL AS TEXT) AS h1 FROM governing_documents g" FIG_IN_SUBTREE(
			"g") " AND g.status <> 'draft' AND g.next_review IS NOT NULL");
static DB_QUERY(Q_FIGURES_FIRST_RECORD, "SELECT min(created_at) FROM units");

/* The due key: '' when flagged for review, else the review date (NULL: not due). Indexed as written. */
#define FIG_DUE_KEY "(CASE WHEN a.needs_review = 1 THEN '' ELSE a.review_due END)"
/* The unit $2 and every unit below it, as sub(id). */
#define FIG_SUBTREE_CTE \
	"sub(id) AS (SELECT id FROM units WHERE id = CAST($2 AS BIGINT) UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
#define FIG_OVERDUE_WITH "WITH RECURSIVE " FIG_VISIBLE_CTE("$1") ", " FIG_SUBTREE_CTE " "
/* Due for review today ($3) and seen by viewer $1. */
#define FIG_DUE " a.lifecycle <> 'retired' AND " FIG_DUE_KEY " < CAST($3 AS TEXT) AND " FIG_VISIBLE("a.unit_id", "$1")
/* The due assets everywhere ($2 = 0) or in an organisation, in the order of the due-key index. */
#define FIG_DUE_WIDE " FROM assets a WHERE" FIG_DUE " AND (CAST($2 AS BIGINT) = 0 OR a.unit_id IN (SELECT id FROM sub))"
/*
 * The due assets below a unit: each unit of the subtree, then its due assets from the per-unit index
 * (assets_unit_review_key, which holds every column read). Written as "unit_id IN (the subtree)": as a
 * join with the subtree, SQLite 3.40 first read every asset into a Bloom filter or an automatic index
 * (12-20 ms in a city), and with the per-unit index under a join it counted none at all.
 */
#define FIG_DUE_SUB " FROM assets a WHERE a.unit_id IN (SELECT id FROM sub) AND" FIG_DUE
/* A page of them: the ids are ordered from the index alone; only the page's rows are read. */
#define FIG_OVERDUE_PAGE(from)                                                                                       \
	FIG_OVERDUE_WITH                                                                                             \
	"SELECT a.id, a.name, a.kind, a.unit_id, u.name, a.owner_id, ow.display_name, a.review_due, a.needs_review," \
	" a.classification_id FROM (SELECT a.id AS id, " FIG_DUE_KEY " AS k" from " ORDER BY 2, 1"                   \
	" LIMIT $4 OFFSET $5) pg JOIN assets a ON a.id = pg.id JOIN units u ON u.id = a.unit_id"                     \
	" LEFT JOIN users ow ON ow.id = a.owner_id ORDER BY pg.k, pg.id"
#define FIG_OVERDUE_COUNT(from) FIG_OVERDUE_WITH "SELECT count(*) FROM (SELECT 1" from " LIMIT $4) n"

/* PostgreSQL cannot know, planning once for every subtree, how many units one holds, and would rather join
 * every due asset of the register with the subtree than look up each unit: there each unit's due assets are
 * a LATERAL subquery of its own, which only a lookup of the per-unit index can answer (first the page's
 * worth of each unit, then the page of them all). */
#define FIG_DUE_SUB_PG(cols, limit)                                                                        \
	" FROM sub CROSS JOIN LATERAL (SELECT " cols " FROM assets a WHERE a.unit_id = sub.id AND" FIG_DUE \
	" ORDER BY " FIG_DUE_KEY ", a.id LIMIT " limit ") a"
#define FIG_OVERDUE_SUB_PG                                                                                                              \
	FIG_OVERDUE_WITH                                                                                                                \
	"SELECT a.id, a.name, a.kind, a.unit_id, u.name, a.owner_id, ow.display_name, a.review_due, a.needs_review,"                    \
	" a.classification_id" FIG_DUE_SUB_PG(                                                                                          \
		"a.id, a.name, a.kind, a.unit_id, a.owner_id, a.review_due, a.needs_review, a.classification_id, " FIG_DUE_KEY          \
		" AS k",                                                                                                                \
		"CAST($4 AS BIGINT) + CAST($5 AS BIGINT)") " JOIN units u ON u.id = a.unit_id LEFT JOIN users ow ON ow.id = a.owner_id" \
							   " ORDER BY a.k, a.id LIMIT $4 OFFSET $5"

static DB_QUERY(Q_FIGURES_ORGANISATIONS, "SELECT count(*) FROM units WHERE parent_id IS NULL");
static DB_QUERY_PLAN_ONCE(Q_FIGURES_OVERDUE_WIDE, FIG_OVERDUE_PAGE(FIG_DUE_WIDE));
static DB_QUERY2_PLAN_ONCE(Q_FIGURES_OVERDUE_SUB, FIG_OVERDUE_PAGE(FIG_DUE_SUB), FIG_OVERDUE_SUB_PG);
static DB_QUERY_PLAN_ONCE(Q_FIGURES_OVERDUE_WIDE_COUNT, FIG_OVERDUE_COUNT(FIG_DUE_WIDE));
static DB_QUERY2_PLAN_ONCE(Q_FIGURES_OVERDUE_SUB_COUNT, FIG_OVERDUE_COUNT(FIG_DUE_SUB),
			   FIG_OVERDUE_COUNT(FIG_DUE_SUB_PG("1", "$4")));

static void delta_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct figures_delta *d = out;
	d->quarter = rows_bool(r, i, FDC_QUARTER);
	d->period = rows_text(r, i, FDC_PERIOD);
	d->systems = rows_int(r, i, FDC_SYSTEMS);
	d->classified = rows_int(r, i, FDC_CLASSIFIED);
}

static void child_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct figures_count *c = out;
	c->unit_id = rows_int(r, i, FCH_UNIT);
	c->unit_name = rows_text(r, i, FCH_NAME);
	c->kind = NULL;
	c->total = rows_int(r, i, FCH_TOTAL);
	c->classified = rows_int(r, i, FCH_CLASSIFIED);
}

static void recount_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct figures_count *c = out;
	c->unit_id = 0;
	c->unit_name = NULL;
	c->kind = rows_text(r, i, FRC_KIND);
	c->total = rows_int(r, i, FRC_TOTAL);
	c->classified = rows_int(r, i, FRC_CLASSIFIED);
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

int q_figures_deltas(struct db *db, struct arena *a, int64_t unit_id, const struct figures_span *s,
		     struct figures_delta **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_DELTAS,
			DB_ARGS(DB_INT(unit_id), DB_TEXT(s->quarter), DB_TEXT(s->first), DB_TEXT(s->day)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), delta_from_row, n);
	return rc;
}

int q_figures_children(struct db *db, struct arena *a, int64_t parent_id, int64_t viewer_id,
		       const struct figures_span *s, struct figures_count **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(
		db, a, &Q_FIGURES_CHILDREN,
		DB_ARGS(DB_INT(parent_id), DB_INT(viewer_id), DB_TEXT(s->quarter), DB_TEXT(s->first), DB_TEXT(s->day)),
		&rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), child_from_row, n);
	return rc;
}

int q_figures_of_units(struct db *db, struct arena *a, const int64_t *ids, size_t n_ids, const struct figures_span *s,
		       struct figures_count **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	/* Kept per data version: every change the counts follow is audited in its own transaction. */
	int rc = db_run_rows_kept(
		db, a, &Q_FIGURES_OF_UNITS,
		DB_ARGS(DB_TEXT(db_ids_json(a, ids, n_ids)), DB_TEXT(s->quarter), DB_TEXT(s->first), DB_TEXT(s->day)),
		&rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), child_from_row, n);
	return rc;
}

int q_figures_add(struct db *db, struct arena *a, int64_t unit_id, const char *day, const char *quarter,
		  int64_t systems, int64_t classified, struct err *e)
{
	return db_run(db, a, &Q_FIGURES_ADD,
		      DB_ARGS(DB_INT(unit_id), DB_TEXT(day), DB_TEXT(quarter), DB_INT(systems), DB_INT(classified)),
		      NULL, e);
}

int q_figures_shift(struct db *db, struct arena *a, int64_t unit_id, int64_t start, int sign, struct err *e)
{
	return db_run(db, a, &Q_FIGURES_SHIFT, DB_ARGS(DB_INT(unit_id), DB_INT(start), DB_INT(sign)), NULL, e);
}

int q_figures_first_signed(struct db *db, struct arena *a, int64_t asset_id, const char **out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_FIRST_SIGNED, DB_ARGS(DB_INT(asset_id)), &rows, e);
	if (!rc)
		*out = rows.n_rows ? rows_text(&rows, 0, 0) : NULL;
	return rc;
}

int q_figures_asset_now(struct db *db, struct arena *a, int64_t asset_id, struct figures_asset_now *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FIGURES_ASSET_NOW, DB_ARGS(DB_INT(asset_id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	out->unit_id = rows_int(&rows, 0, 0);
	out->kind = rows_text(&rows, 0, 1);
	out->created_at = rows_text(&rows, 0, 2);
	out->retired_at = rows_text(&rows, 0, 3);
	out->n_signed = rows_int(&rows, 0, 4);
	return 0;
}

int q_figures_recount(struct db *db, struct arena *a, const char *path, const char *end, struct figures_count **out,
		      size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_FIGURES_RECOUNT, DB_ARGS(DB_TEXT(path), DB_TEXT(end)), sizeof(**out),
			   recount_from_row, (void **)out, n, e);
}

/* The variant for unit @unit_id: below a unit when it has a parent, else across the organisation or everywhere. */
static bool below_unit(int64_t unit_id, bool is_root)
{
	return unit_id && !is_root;
}

int q_figures_overdue(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, bool is_root,
		      const char *today, int64_t limit, int64_t offset, struct figures_overdue **out, size_t *n,
		      struct err *e)
{
	struct db_rows rows;
	/* Kept per data version and day: what is overdue changes with an audited write or with the date. */
	int rc = db_run_rows_kept(
		db, a, below_unit(unit_id, is_root) ? &Q_FIGURES_OVERDUE_SUB : &Q_FIGURES_OVERDUE_WIDE,
		DB_ARGS(DB_INT(viewer_id), DB_INT(unit_id), DB_TEXT(today), DB_INT(limit + 1), DB_INT(offset)), &rows,
		e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), overdue_from_row, n);
	return rc;
}

int q_figures_organisations(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	return db_run_count_kept(db, a, &Q_FIGURES_ORGANISATIONS, NULL, 0, n, e);
}

int q_figures_overdue_count(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, bool is_root,
			    const char *today, int64_t cap, int64_t *n, struct err *e)
{
	return db_run_count_kept(
		db, a, below_unit(unit_id, is_root) ? &Q_FIGURES_OVERDUE_SUB_COUNT : &Q_FIGURES_OVERDUE_WIDE_COUNT,
		DB_ARGS(DB_INT(viewer_id), DB_INT(unit_id), DB_TEXT(today), DB_INT(cap + 1)), n, e);
}

/* Is the time @t (NULL: none) on or before the end @end? */
static bool by(const char *t, const char *end)
{
	return t && strcmp(t, end) <= 0;
}

/* The time a year after @t ("2025-03-01T..." gives "2026-03-01T..."), into @buf; NULL for none or too long. */
static const char *year_after(const char *t, char *buf, size_t size)
{
	size_t len = t ? strlen(t) : 0;
	int i = 3;

	if (len < 4 || len >= size)
		return NULL;
	memcpy(buf, t, len + 1);
	for (; i >= 0 && buf[i] == '9'; i--)
		buf[i] = '0';
	if (i < 0 || buf[i] < '0' || buf[i] > '8')
		return NULL;
	buf[i]++;
	return buf;
}

/* The items' ids and the times from which they hold, in order of id. */
struct holds {
	int64_t *id;
	const char **at;
	size_t n;
};

static void holds_of(struct arena *a, const struct db_rows *r, struct holds *h)
{
	h->n = r->n_rows;
	h->id = arena_calloc(a, h->n ? h->n : 1, sizeof(*h->id));
	h->at = arena_calloc(a, h->n ? h->n : 1, sizeof(*h->at));
	for (size_t i = 0; i < h->n; i++) {
		h->id[i] = rows_int(r, i, 0);
		h->at[i] = rows_text(r, i, 1);
	}
}

/* The time from which item @id holds; NULL for none. */
static const char *hold_of(const struct holds *h, int64_t id)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->id[mid] == id)
			return h->at[mid];
		if (h->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int by_path(const void *x, const void *y)
{
	return strcmp(((const struct figures_unit_counts *)x)->path, ((const struct figures_unit_counts *)y)->path);
}

/* One row per unit: a unit's items may come apart (as PostgreSQL joins them), in more than one row, added up here. */
static void merge_units(struct figures_unit_counts *c, size_t *n)
{
	size_t w = 0;

	qsort(c, *n, sizeof(*c), by_path);
	for (size_t i = 0; i < *n; i++) {
		if (w && !strcmp(c[w - 1].path, c[i].path)) {
			for (size_t d = 0; d < FIGURES_ENDS; d++) {
				c[w - 1].total[d] += c[i].total[d];
				c[w - 1].count[d] += c[i].count[d];
			}
			continue;
		}
		c[w++] = c[i];
	}
	*n = w;
}

/*
 * Run the query @q of a figure's items over the subtree at @path, and count them per unit at @ends. With
 * @q_holds, an item holds from the time that query gives for its id (the items' sixth column), not from h0.
 * With @h_year an item holds for a year from h0 (the query's h1 is not read).
 */
static int per_unit(struct db *db, struct arena *a, const struct db_query *q, const struct db_query *q_holds,
		    bool h_year, const char *path, const char *const ends[FIGURES_ENDS],
		    struct figures_unit_counts **out, size_t *n, struct err *e)
{
	struct db_rows rows, held = { 0 };
	struct holds holds = { 0 };
	struct figures_unit_counts *c = NULL;
	size_t same[FIGURES_ENDS], units = 0;
	int rc = db_run(db, a, q, DB_ARGS(DB_TEXT(path)), &rows, e);

	if (!rc && q_holds && !(rc = db_run(db, a, q_holds, NULL, 0, &held, e)))
		holds_of(a, &held, &holds);
	if (rc)
		return rc;
	/* An end given twice (a date that is also its year's end, or fewer dates than ends) is counted once. */
	for (size_t k = 0; k < FIGURES_ENDS; k++)
		for (same[k] = 0; same[k] < k && strcmp(ends[same[k]], ends[k]); same[k]++)
			;
	/* The items come unit by unit as SQLite reads the subtree; a unit met again apart makes a second row, added
	 * up at the end (merge_units()). */
	for (size_t i = 0; i < rows.n_rows; i++)
		if (!i || strcmp(rows_text(&rows, i - 1, 0), rows_text(&rows, i, 0)))
			units++;
	*out = arena_calloc(a, units ? units : 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < rows.n_rows; i++) {
		const char *unit = rows_text(&rows, i, 0), *t0 = rows_text(&rows, i, 1), *t1 = rows_text(&rows, i, 2);
		const char *h0 = rows_text(&rows, i, 3), *h1 = rows_text(&rows, i, 4);
		char later[64];
		if (q_holds)
			h0 = hold_of(&holds, rows_int(&rows, i, 5));
		if (h_year)
			h1 = year_after(h0, later, sizeof(later));
		if (!c || strcmp(c->path, unit)) {
			c = &(*out)[(*n)++];
			c->path = unit;
		}
		for (size_t k = 0; k < FIGURES_ENDS; k++) {
			if (same[k] != k || !by(t0, ends[k]) || by(t1, ends[k]))
				continue;
			c->total[k]++;
			if (by(h0, ends[k]) && !by(h1, ends[k]))
				c->count[k]++;
		}
	}
	for (size_t u = 0; u < *n; u++)
		for (size_t k = 0; k < FIGURES_ENDS; k++) {
			(*out)[u].total[k] = (*out)[u].total[same[k]];
			(*out)[u].count[k] = (*out)[u].count[same[k]];
		}
	merge_units(*out, n);
	return 0;
}

int q_figures_risk_share(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			 struct figures_unit_counts **out, size_t *n, struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_RISK_SYSTEMS, &Q_FIGURES_RISK_FIRST, false, path, ends, out, n, e);
}

int q_figures_continuity_share(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			       struct figures_unit_counts **out, size_t *n, struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_CRITICAL, &Q_FIGURES_CONTINUITY_PLANS, false, path, ends, out, n, e);
}

int q_figures_activities_overdue(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
				 struct figures_unit_counts **out, size_t *n, struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_ACTIVITIES_OVERDUE, NULL, false, path, ends, out, n, e);
}

int q_figures_processing_reviewed(struct db *db, struct arena *a, const char *path,
				  const char *const ends[FIGURES_ENDS], struct figures_unit_counts **out, size_t *n,
				  struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_PROCESSING_REVIEWED, NULL, true, path, ends, out, n, e);
}

int q_figures_incidents_late(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			     struct figures_unit_counts **out, size_t *n, struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_INCIDENTS_LATE, NULL, false, path, ends, out, n, e);
}

int q_figures_measures_overdue(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			       struct figures_unit_counts **out, size_t *n, struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_MEASURES_OVERDUE, NULL, false, path, ends, out, n, e);
}

int q_figures_documents_overdue(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
				struct figures_unit_counts **out, size_t *n, struct err *e)
{
	return per_unit(db, a, &Q_FIGURES_DOCUMENTS_OVERDUE, NULL, false, path, ends, out, n, e);
}

int q_figures_first_record(struct db *db, struct arena *a, const char **out, struct err *e)
{
	struct db_rows rows;
	/* Every unit of the installation read for one date: kept until the next write (a unit's is audited). */
	int rc = db_run_rows_kept(db, a, &Q_FIGURES_FIRST_RECORD, NULL, 0, &rows, e);
	if (!rc)
		*out = rows.n_rows ? rows_text(&rows, 0, 0) : NULL;
	return rc;
}
