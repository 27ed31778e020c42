/*
 * q_continuity.c - SQL of continuity plans and exercises, and the typed
 * functions that run it.
 *
 * A plan's last exercise is read with it (the latest exercise marked done
 * that tested it), so nothing has to be kept in step when an exercise
 * changes. The dependency walk is one recursive query: the roots go in as
 * a JSON array of ids (json_each on SQLite, json_array_elements_text on
 * PostgreSQL, the one difference between the two texts), and UNION keeps
 * each link once per root, so the walk ends on any graph.
 */
#include "db/q_continuity.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"
#include "db/q_scope.h"

#define LAST_EXERCISED                                                                                  \
	"(SELECT max(e.exercise_date) FROM exercise_plans ep JOIN exercises e ON e.id = ep.exercise_id" \
	" WHERE ep.plan_id = p.id AND e.status = 'done')"
#define PLAN_COLS                                                                                                    \
	"SELECT p.id, p.unit_id, u.name, u.path, p.asset_id, a.name, a.kind, au.path, a.business_critical, p.title," \
	" p.owner_id, ow.display_name, p.mto_hours, p.rto_hours, p.rpo_hours, p.fallback, p.contacts,"               \
	" p.review_due, " LAST_EXERCISED ", p.version, p.created_by, p.created_at, p.updated_at"
#define PLAN_FROM                                                                                      \
	" FROM continuity_plans p JOIN units u ON u.id = p.unit_id JOIN assets a ON a.id = p.asset_id" \
	" JOIN units au ON au.id = a.unit_id LEFT JOIN users ow ON ow.id = p.owner_id"
/*
 * The list. Parameters: $1 viewer (0: sees every unit), $2 subtree path or
 * NULL, $3 only those overdue for review, $4 today, $5 only those never
 * exercised, $6 the search as a folded LIKE pattern or NULL; in a page $7
 * limit and $8 offset. As in the risk register (q_risk.c), a page is found
 * either among the plans of the units in view (continuity_plans_unit),
 * sorted, or, when more than CONT_SORT_AT_MOST match, along the title's
 * index, each plan checked against the units in view (a set built once).
 */
#define PLAN_UNITS  SQL_UNITS_SEEN_FIRST("$1", "$2") " continuity_plans p WHERE p.unit_id = sv_.id"
#define PLAN_BY_ROW "continuity_plans p WHERE " SQL_SEEN_ROW("p.unit_id", "$1", "$2")
#define PLAN_FILTER                                                                                       \
	" AND (CAST($3 AS BIGINT) = 0 OR (p.review_due IS NOT NULL AND p.review_due < CAST($4 AS TEXT)))" \
	" AND (CAST($5 AS BIGINT) = 0 OR " LAST_EXERCISED " IS NULL)"                                     \
	" AND (CAST($6 AS TEXT) IS NULL OR p.title_folded LIKE CAST($6 AS TEXT) ESCAPE '\\'"              \
	"      OR EXISTS (SELECT 1 FROM assets pa WHERE pa.id = p.asset_id"                               \
	"      AND pa.name_folded LIKE CAST($6 AS TEXT) ESCAPE '\\'))"
#define PLAN_PAGE(where, order)                                                                                       \
	PLAN_COLS " FROM (SELECT p.id AS pid FROM " where PLAN_FILTER " ORDER BY " order                              \
		  " LIMIT $7 OFFSET $8) pp JOIN continuity_plans p ON p.id = pp.pid JOIN units u ON u.id = p.unit_id" \
		  " JOIN assets a ON a.id = p.asset_id JOIN units au ON au.id = a.unit_id"                            \
		  " LEFT JOIN users ow ON ow.id = p.owner_id ORDER BY p.title_folded, p.id"

static DB_QUERY(Q_PLAN_GET, PLAN_COLS PLAN_FROM " WHERE p.id = $1");
static DB_QUERY_PLAN_ONCE(Q_PLAN_OF_ASSET, PLAN_COLS PLAN_FROM " WHERE p.asset_id = $1");
static DB_QUERY(Q_PLAN_SORTED, PLAN_PAGE(PLAN_UNITS, "p.title_folded || '', p.id + 0"));
static DB_QUERY(Q_PLAN_ROW, PLAN_PAGE(PLAN_BY_ROW, "p.title_folded, p.id"));
/* Counts stop at CONTINUITY_COUNT_BOUND + 1. */
static DB_QUERY(Q_PLAN_COUNT,
		"SELECT count(*), " SQL_SEES_ALL("$1", "$2") " FROM (SELECT 1 FROM " PLAN_UNITS PLAN_FILTER
							     " LIMIT 10001) x");
_Static_assert(CONTINUITY_COUNT_BOUND == 10000, "the LIMIT of the counts is CONTINUITY_COUNT_BOUND + 1");
static DB_QUERY(Q_PLAN_FOLD_NEXT, "SELECT id, title FROM continuity_plans WHERE id > $1 ORDER BY id LIMIT 1000");
static DB_QUERY(Q_PLAN_FOLD_SET, "UPDATE continuity_plans SET title_folded = $2 WHERE id = $1");
static DB_QUERY(Q_PLAN_INSERT,
		"INSERT INTO continuity_plans (unit_id, asset_id, title, owner_id, mto_hours, rto_hours, rpo_hours,"
		" fallback, contacts, review_due, version, created_by, created_at, updated_at, title_folded)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12, $13) RETURNING id");
static DB_QUERY(Q_PLAN_UPDATE,
		"UPDATE continuity_plans SET unit_id = $3, asset_id = $4, title = $5, owner_id = $6, mto_hours = $7,"
		" rto_hours = $8, rpo_hours = $9, fallback = $10, contacts = $11, review_due = $12, updated_at = $13,"
		" title_folded = $14, version = version + 1 WHERE id = $1 AND version = $2");

#define REACH_STEP \
	"  UNION"  \
	"  SELECT r.root, l.from_id, l.to_id FROM reach r JOIN asset_links l ON l.from_id = r.to_id)"
#define REACH_ORDER " ORDER BY r.root, r.from_id, r.to_id"

/*
 * On PostgreSQL the ids come as an array whose length the planner sees, and each asset reached is looked up
 * by its key (LATERAL ... OFFSET 0, which it does not fold into a join): it guesses ten times the rows a
 * recursive query gives, and joined thousands whole (a page of 50 plans 16 ms to run, not 4).
 */
static DB_QUERY2_PLAN_ONCE(
	Q_REACH,
	"WITH RECURSIVE reach(root, from_id, to_id) AS ("
	"  SELECT CAST(j.value AS BIGINT), l.from_id, l.to_id FROM json_each($1) j"
	"  JOIN asset_links l ON l.from_id = CAST(j.value AS BIGINT)" REACH_STEP
	" SELECT r.root, r.from_id, r.to_id, a.name, u.path, p.id, p.rto_hours FROM reach r"
	" JOIN assets a ON a.id = r.to_id JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN continuity_plans p ON p.asset_id = r.to_id" REACH_ORDER,
	"WITH RECURSIVE reach(root, from_id, to_id) AS ("
	"  SELECT j.value, l.from_id, l.to_id"
	"  FROM unnest(CAST(translate(CAST($1 AS TEXT), '[]', '{}') AS BIGINT[])) AS j(value)"
	"  JOIN asset_links l ON l.from_id = j.value" REACH_STEP
	" SELECT r.root, r.from_id, r.to_id, x.name, x.path, x.pid, x.rto_hours FROM reach r,"
	" LATERAL (SELECT a.name, u.path, p.id AS pid, p.rto_hours FROM assets a JOIN units u ON u.id = a.unit_id"
	" LEFT JOIN continuity_plans p ON p.asset_id = a.id WHERE a.id = r.to_id OFFSET 0) x" REACH_ORDER);

/*
 * Business-critical assets in use without a plan: $1 viewer, $2 subtree; in
 * a page $3 limit, $4 offset. Found among the critical assets of the units
 * in view (assets_critical_unit) and sorted, or, when more than
 * CONT_SORT_AT_MOST lack a plan, along assets_critical_name.
 */
#define MISSING_WHERE(from, scope)                                                                      \
	" FROM " from " assets a WHERE a.business_critical = 1 AND a.lifecycle <> 'retired' AND " scope \
	" AND NOT EXISTS (SELECT 1 FROM continuity_plans p WHERE p.asset_id = a.id)"
#define MISSING_FIRST SQL_UNITS_SEEN_FIRST("$1", "$2")
#define MISSING_UNITS "a.unit_id = sv_.id"
#define MISSING_PAGE(from, scope, order)                                                                             \
	"SELECT a.id, a.name, a.kind, a.unit_id, u.name FROM (SELECT a.id AS mid" MISSING_WHERE(                     \
		from, scope) " ORDER BY " order                                                                      \
			     " LIMIT $3 OFFSET $4) m JOIN assets a ON a.id = m.mid JOIN units u ON u.id = a.unit_id" \
			     " ORDER BY a.name_folded, a.id"

static DB_QUERY(Q_MISSING_SORTED, MISSING_PAGE(MISSING_FIRST, MISSING_UNITS, "a.name_folded || '', a.id + 0"));
static DB_QUERY(Q_MISSING_ROW, MISSING_PAGE("", SQL_SEEN_ROW("a.unit_id", "$1", "$2"), "a.name_folded, a.id"));
static DB_QUERY(Q_MISSING_COUNT, "SELECT count(*), " SQL_SEES_ALL("$1", "$2") " FROM (SELECT 1" MISSING_WHERE(
					 MISSING_FIRST, MISSING_UNITS) " LIMIT 10001) x");

/*
 * At most this many matches are sorted; more are read along the order's
 * index, and so are more than CONT_SORT_FEW when the viewer sees every
 * unit (as in q_risk.c).
 */
#define CONT_SORT_AT_MOST            2000
#define CONT_SORT_FEW                200
#define CONT_ALONG_INDEX(count, all) ((count) > CONT_SORT_AT_MOST || ((all) && (count) > CONT_SORT_FEW))

static void plan_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct continuity_plan *p = out;
	p->id = rows_int(r, i, 0);
	p->unit_id = rows_int(r, i, 1);
	p->unit_name = rows_text(r, i, 2);
	p->unit_path = rows_text(r, i, 3);
	p->asset_id = rows_int(r, i, 4);
	p->asset_name = rows_text(r, i, 5);
	p->asset_kind = rows_text(r, i, 6);
	p->asset_unit_path = rows_text(r, i, 7);
	p->asset_critical = rows_bool(r, i, 8);
	p->title = rows_text(r, i, 9);
	p->owner_id = rows_int(r, i, 10);
	p->owner_name = rows_text(r, i, 11);
	p->mto_hours = rows_int(r, i, 12);
	p->rto_hours = rows_int(r, i, 13);
	p->rpo_hours = rows_int(r, i, 14);
	p->fallback = rows_text(r, i, 15);
	p->contacts = rows_text(r, i, 16);
	p->review_due = rows_text(r, i, 17);
	p->last_exercised = rows_text(r, i, 18);
	p->version = rows_int(r, i, 19);
	p->created_by = rows_int(r, i, 20);
	p->created_at = rows_text(r, i, 21);
	p->updated_at = rows_text(r, i, 22);
}

static int plan_one(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct continuity_plan *out,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	plan_from_row(&rows, 0, out);
	return 0;
}

int q_continuity_get(struct db *db, struct arena *a, int64_t id, struct continuity_plan *out, struct err *e)
{
	return plan_one(db, a, &Q_PLAN_GET, id, out, e);
}

int q_continuity_of_asset(struct db *db, struct arena *a, int64_t asset_id, struct continuity_plan *out, struct err *e)
{
	return plan_one(db, a, &Q_PLAN_OF_ASSET, asset_id, out, e);
}

int q_continuity_list(struct db *db, struct arena *a, const struct continuity_filter *f, const char *subtree,
		      struct continuity_plan **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q && *f->q ? str_fold(a, f->q) : NULL);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int64_t offset = f->offset > 0 ? f->offset : 0, count[2]; /* how many, and whether the viewer sees every unit */
	int rc;

#define PLAN_ARGS                                                                                                     \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->review_overdue ? 1 : 0), DB_TEXT(f->today ? f->today : ""), \
		DB_INT(f->never_exercised ? 1 : 0), DB_TEXT(like)
	/* Counted once per data version, but for a search (the folded titles may be filled after a migration). */
	rc = like ? db_run_ints(db, a, &Q_PLAN_COUNT, DB_ARGS(PLAN_ARGS), count, 2, e)
		  : db_run_ints_kept(db, a, &Q_PLAN_COUNT, DB_ARGS(PLAN_ARGS), count, 2, e);
	if (rc)
		return rc;
	if (total)
		*total = count[0];
	*out = NULL;
	*n = 0;
	if (offset > CONTINUITY_COUNT_BOUND || offset >= count[0])
		return 0;
	rc = db_run(db, a, CONT_ALONG_INDEX(count[0], count[1]) ? &Q_PLAN_ROW : &Q_PLAN_SORTED,
		    DB_ARGS(PLAN_ARGS, DB_INT(limit), DB_INT(offset)), &rows, e);
#undef PLAN_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), plan_from_row, n);
	return rc;
}

static int fold_row(struct db *db, struct arena *a, const struct db_rows *rows, size_t i, struct err *e)
{
	return db_run(db, a, &Q_PLAN_FOLD_SET,
		      DB_ARGS(DB_INT(rows_int(rows, i, 0)), DB_TEXT(str_fold(a, rows_text(rows, i, 1)))), NULL, e);
}

int q_continuity_fill_folded(struct db *db, struct err *e)
{
	return db_fill_by_id(db, &Q_PLAN_FOLD_NEXT, fold_row, e);
}

int q_continuity_insert(struct db *db, struct arena *a, const struct continuity_plan_input *in, int64_t by,
			const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PLAN_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_INT(in->asset_id), DB_TEXT(in->title), DB_ID(in->owner_id),
				     DB_INT(in->mto_hours), DB_INT(in->rto_hours), DB_INT(in->rpo_hours),
				     DB_TEXT(in->fallback), DB_TEXT(in->contacts),
				     DB_TEXT(in->review_due && *in->review_due ? in->review_due : NULL), DB_ID(by),
				     DB_TEXT(now), DB_TEXT(str_fold(a, in->title))),
			     id_out, e);
}

int q_continuity_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			const struct continuity_plan_input *in, const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_PLAN_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_INT(in->asset_id),
				       DB_TEXT(in->title), DB_ID(in->owner_id), DB_INT(in->mto_hours),
				       DB_INT(in->rto_hours), DB_INT(in->rpo_hours), DB_TEXT(in->fallback),
				       DB_TEXT(in->contacts),
				       DB_TEXT(in->review_due && *in->review_due ? in->review_due : NULL), DB_TEXT(now),
				       DB_TEXT(str_fold(a, in->title))),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

static void edge_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct continuity_edge *x = out;
	x->root = rows_int(r, i, 0);
	x->from_id = rows_int(r, i, 1);
	x->to_id = rows_int(r, i, 2);
	x->to_name = rows_text(r, i, 3);
	x->to_unit_path = rows_text(r, i, 4);
	x->to_plan_id = rows_int(r, i, 5);
	x->to_rto = rows_int(r, i, 6);
}

int q_continuity_reach(struct db *db, struct arena *a, const int64_t *roots, size_t n_roots,
		       struct continuity_edge **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REACH, DB_ARGS(DB_TEXT(db_ids_json(a, roots, n_roots))), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), edge_from_row, n);
	return rc;
}

static void gap_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct continuity_gap *g = out;
	g->asset_id = rows_int(r, i, 0);
	g->name = rows_text(r, i, 1);
	g->kind = rows_text(r, i, 2);
	g->unit_id = rows_int(r, i, 3);
	g->unit_name = rows_text(r, i, 4);
}

int q_continuity_missing(struct db *db, struct arena *a, int64_t viewer_id, const char *subtree, int64_t limit,
			 int64_t offset, struct continuity_gap **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	int64_t count[2]; /* how many, and whether the viewer sees every unit */
	int rc;

	/* Every business-critical asset in view is looked at: counted once per data version. */
	if ((rc = db_run_ints_kept(db, a, &Q_MISSING_COUNT, DB_ARGS(DB_INT(viewer_id), DB_TEXT(subtree)), count, 2, e)))
		return rc;
	if (total)
		*total = count[0];
	*out = NULL;
	*n = 0;
	if (offset > CONTINUITY_COUNT_BOUND || offset >= count[0])
		return 0;
	rc = db_run(db, a, CONT_ALONG_INDEX(count[0], count[1]) ? &Q_MISSING_ROW : &Q_MISSING_SORTED,
		    DB_ARGS(DB_INT(viewer_id), DB_TEXT(subtree), DB_INT(limit), DB_INT(offset)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), gap_from_row, n);
	return rc;
}

/* --- exercises ----------------------------------------------------------------------------------- */

#define EXERCISE_COLS                                                                                     \
	"SELECT x.id, x.unit_id, u.name, u.path, x.title, x.exercise_date, x.kind, x.status, x.scenario," \
	" x.observations, x.resulting_actions, x.version, x.created_by, x.created_at, x.updated_at"       \
	" FROM exercises x JOIN units u ON u.id = x.unit_id"
#define EXERCISE_FILTER                                                                                                     \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                         \
		"u.path",                                                                                                   \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))"   \
		      " AND (CAST($3 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM exercise_plans ep WHERE ep.exercise_id = x.id" \
		      "      AND ep.plan_id = CAST($3 AS BIGINT)))"                                                         \
		      " AND (CAST($4 AS TEXT) IS NULL OR x.status = CAST($4 AS TEXT))"

static DB_QUERY(Q_EXERCISE_GET, EXERCISE_COLS " WHERE x.id = $1");
static DB_QUERY(Q_EXERCISE_LIST,
		EXERCISE_COLS EXERCISE_FILTER " ORDER BY x.exercise_date DESC, x.id DESC LIMIT $5 OFFSET $6");
static DB_QUERY(Q_EXERCISE_COUNT, "SELECT count(*) FROM exercises x JOIN units u ON u.id = x.unit_id" EXERCISE_FILTER);
static DB_QUERY(Q_EXERCISE_INSERT,
		"INSERT INTO exercises (unit_id, title, exercise_date, kind, status, scenario, observations,"
		" resulting_actions, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10) RETURNING id");
static DB_QUERY(Q_EXERCISE_UPDATE,
		"UPDATE exercises SET unit_id = $3, title = $4, exercise_date = $5, kind = $6, status = $7,"
		" scenario = $8, observations = $9, resulting_actions = $10, updated_at = $11, version = version + 1"
		" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_EXERCISE_UNITS_CLEAR, "DELETE FROM exercise_units WHERE exercise_id = $1");
static DB_QUERY(Q_EXERCISE_PLANS_CLEAR, "DELETE FROM exercise_plans WHERE exercise_id = $1");
static DB_QUERY(Q_EXERCISE_UNIT_ADD, "INSERT INTO exercise_units (exercise_id, unit_id) VALUES ($1, $2) RETURNING id");
static DB_QUERY(Q_EXERCISE_PLAN_ADD, "INSERT INTO exercise_plans (exercise_id, plan_id) VALUES ($1, $2) RETURNING id");
static DB_QUERY(Q_EXERCISE_UNITS, "SELECT u.id, u.name, u.path FROM exercise_units x JOIN units u ON u.id = x.unit_id"
				  " WHERE x.exercise_id = $1 ORDER BY u.path");
static DB_QUERY(Q_EXERCISE_PLANS,
		"SELECT p.id, p.title, u.path FROM exercise_plans x JOIN continuity_plans p ON p.id = x.plan_id"
		" JOIN units u ON u.id = p.unit_id WHERE x.exercise_id = $1 ORDER BY lower(p.title), p.id");
static DB_QUERY(Q_UNIT_BRIEF, "SELECT id, name, path FROM units WHERE id = $1");

static void exercise_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct exercise *x = out;
	x->id = rows_int(r, i, 0);
	x->unit_id = rows_int(r, i, 1);
	x->unit_name = rows_text(r, i, 2);
	x->unit_path = rows_text(r, i, 3);
	x->title = rows_text(r, i, 4);
	x->exercise_date = rows_text(r, i, 5);
	x->kind = rows_text(r, i, 6);
	x->status = rows_text(r, i, 7);
	x->scenario = rows_text(r, i, 8);
	x->observations = rows_text(r, i, 9);
	x->resulting_actions = rows_text(r, i, 10);
	x->version = rows_int(r, i, 11);
	x->created_by = rows_int(r, i, 12);
	x->created_at = rows_text(r, i, 13);
	x->updated_at = rows_text(r, i, 14);
}

int q_exercise_get(struct db *db, struct arena *a, int64_t id, struct exercise *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_EXERCISE_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	exercise_from_row(&rows, 0, out);
	return 0;
}

int q_exercise_list(struct db *db, struct arena *a, const struct exercise_filter *f, const char *subtree,
		    struct exercise **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

#define EXERCISE_ARGS DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->plan_id), DB_TEXT(f->status)
	if (total) {
		if ((rc = db_run(db, a, &Q_EXERCISE_COUNT, DB_ARGS(EXERCISE_ARGS), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	rc = db_run(db, a, &Q_EXERCISE_LIST,
		    DB_ARGS(EXERCISE_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef EXERCISE_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), exercise_from_row, n);
	return rc;
}

int q_exercise_insert(struct db *db, struct arena *a, const struct exercise_input *in, int64_t by, const char *now,
		      int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_EXERCISE_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->title), DB_TEXT(in->exercise_date),
				     DB_TEXT(in->kind), DB_TEXT(in->status), DB_TEXT(in->scenario),
				     DB_TEXT(in->observations), DB_TEXT(in->resulting_actions), DB_ID(by),
				     DB_TEXT(now)),
			     id_out, e);
}

int q_exercise_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct exercise_input *in,
		      const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_EXERCISE_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->title),
				       DB_TEXT(in->exercise_date), DB_TEXT(in->kind), DB_TEXT(in->status),
				       DB_TEXT(in->scenario), DB_TEXT(in->observations), DB_TEXT(in->resulting_actions),
				       DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_exercise_set_links(struct db *db, struct arena *a, int64_t id, const struct exercise_input *in, struct err *e)
{
	int64_t row;
	int rc = db_run(db, a, &Q_EXERCISE_UNITS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	if (!rc)
		rc = db_run(db, a, &Q_EXERCISE_PLANS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; !rc && i < in->n_unit_ids; i++)
		rc = db_run_insert(db, a, &Q_EXERCISE_UNIT_ADD, DB_ARGS(DB_INT(id), DB_INT(in->unit_ids[i])), &row, e);
	for (size_t i = 0; !rc && i < in->n_plan_ids; i++)
		rc = db_run_insert(db, a, &Q_EXERCISE_PLAN_ADD, DB_ARGS(DB_INT(id), DB_INT(in->plan_ids[i])), &row, e);
	return rc;
}

static void link_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct exercise_link *l = out;
	l->id = rows_int(r, i, 0);
	l->name = rows_text(r, i, 1);
	l->unit_path = rows_text(r, i, 2);
}

static int links(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct exercise_link **out,
		 size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), link_from_row, n);
	return rc;
}

int q_exercise_units(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e)
{
	return links(db, a, &Q_EXERCISE_UNITS, id, out, n, e);
}

int q_exercise_plans(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e)
{
	return links(db, a, &Q_EXERCISE_PLANS, id, out, n, e);
}

int q_exercise_unit_brief(struct db *db, struct arena *a, int64_t id, struct exercise_link *out, struct err *e)
{
	struct exercise_link *l;
	size_t n;
	int rc = links(db, a, &Q_UNIT_BRIEF, id, &l, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return ERR_NOTFOUND;
	*out = l[0];
	return 0;
}
