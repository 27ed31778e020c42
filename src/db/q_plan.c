/*
 * q_plan.c - SQL of action plans and their areas.
 *
 * The counts of a plan's or an area's activities are summed with CASE
 * expressions in the same query that lists them (a LEFT JOIN and GROUP BY
 * the key), so a list of plans is its own roll-up and never runs a query
 * per row. Each query is private to this file, behind one typed function
 * (q_plan.h).
 */
#include "db/q_plan.h"

#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum plan_col {
	PC_ID,
	PC_UNIT,
	PC_UNIT_NAME,
	PC_UNIT_PATH,
	PC_YEAR,
	PC_TITLE,
	PC_VERSION,
	PC_CREATED_BY,
	PC_CREATED,
	PC_UPDATED,
	PC_COUNTS /* total, the five statuses, overdue */
};

enum area_col { AC_ID, AC_PLAN, AC_NAME, AC_POSITION, AC_VERSION, AC_CREATED, AC_UPDATED, AC_COUNTS };

#define PLAN_COLS \
	"p.id, p.unit_id, u.name, u.path, p.year, p.title, p.version, p.created_by, p.created_at, p.updated_at"
#define PLAN_FROM " FROM action_plans p JOIN units u ON u.id = p.unit_id"
/* The counts of the activities joined as ac; @today is the placeholder of the day overdue is judged on. */
#define COUNTS(today)                                                                            \
	", count(ac.id), SUM(CASE WHEN ac.status = 'not_started' THEN 1 ELSE 0 END),"            \
	" SUM(CASE WHEN ac.status = 'started' THEN 1 ELSE 0 END),"                               \
	" SUM(CASE WHEN ac.status = 'partly_started' THEN 1 ELSE 0 END),"                        \
	" SUM(CASE WHEN ac.status = 'ongoing' THEN 1 ELSE 0 END),"                               \
	" SUM(CASE WHEN ac.status = 'done' THEN 1 ELSE 0 END),"                                  \
	" SUM(CASE WHEN ac.status <> 'done' AND ac.next_step = '' AND ac.deadline < CAST(" today \
	" AS TEXT) THEN 1 ELSE 0 END)"
#define PLAN_FILTER                                                             \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE( \
		"u.path", "$2") " AND (CAST($3 AS BIGINT) = 0 OR p.year = CAST($3 AS BIGINT))"
#define AREA_COLS "ar.id, ar.plan_id, ar.name, ar.position, ar.version, ar.created_at, ar.updated_at"

static DB_QUERY_PLAN_ONCE(Q_PLAN_GET, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = $1");
static DB_QUERY(Q_PLAN_FIND, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.unit_id = $1 AND p.year = $2");
#define PLAN_LIST_OF(filter)                                           \
	"SELECT " PLAN_COLS COUNTS("$4") PLAN_FROM                     \
		" LEFT JOIN activities ac ON ac.plan_id = p.id" filter \
		" GROUP BY p.id, u.id ORDER BY p.year DESC, u.path, p.id LIMIT $5 OFFSET $6"
/*
 * A subtree's plans (the roll-up of a plan's page: its unit and the units below it, one year) on SQLite: looked
 * up unit by unit from the subtree's units (action_plans_unit_year), where "its unit's path is in the subtree"
 * read every plan of the installation (21,000 at national size, for the ten of an administration's page).
 * PostgreSQL plans the general statement with its values.
 */
#define PLAN_IN_SUBTREE " AND p.unit_id IN (" SQL_UNITS_OF_SUBTREE("$2") ")"
static DB_QUERY(Q_PLAN_LIST, PLAN_LIST_OF(PLAN_FILTER));
static DB_QUERY2(Q_PLAN_LIST_IN, PLAN_LIST_OF(PLAN_FILTER PLAN_IN_SUBTREE), PLAN_LIST_OF(PLAN_FILTER));
static DB_QUERY(Q_PLAN_COUNT, "SELECT count(*)" PLAN_FROM PLAN_FILTER);
static DB_QUERY2(Q_PLAN_COUNT_IN, "SELECT count(*)" PLAN_FROM PLAN_FILTER PLAN_IN_SUBTREE,
		 "SELECT count(*)" PLAN_FROM PLAN_FILTER);
static DB_QUERY(Q_PLAN_INSERT,
		"INSERT INTO action_plans (unit_id, year, title, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, 1, $4, $5, $5) RETURNING id");
static DB_QUERY(Q_PLAN_UPDATE, "UPDATE action_plans SET title = $3, updated_at = $4, version = version + 1"
			       " WHERE id = $1 AND version = $2");
/* An activity's area is one of its plan's (activity.c): the plan in the join lets activities_plan answer it. */
static DB_QUERY_PLAN_ONCE(
	Q_AREAS,
	"SELECT " AREA_COLS COUNTS("$2") " FROM plan_areas ar"
					 " LEFT JOIN activities ac ON ac.plan_id = ar.plan_id AND ac.area_id = ar.id"
					 " WHERE ar.plan_id = $1"
					 " GROUP BY ar.id ORDER BY ar.position, ar.id");
static DB_QUERY(Q_AREA_GET, "SELECT " AREA_COLS " FROM plan_areas ar WHERE ar.id = $1");
static DB_QUERY(Q_AREA_NAMED, "SELECT " AREA_COLS
			      " FROM plan_areas ar WHERE ar.plan_id = $1 AND lower(ar.name) = lower(CAST($2 AS TEXT))"
			      " ORDER BY ar.position, ar.id");
static DB_QUERY(Q_AREA_INSERT, "INSERT INTO plan_areas (plan_id, name, position, version, created_at, updated_at)"
			       " VALUES ($1, $2, $3, 1, $4, $4) RETURNING id");
static DB_QUERY(Q_AREA_UPDATE, "UPDATE plan_areas SET name = $3, position = $4, updated_at = $5,"
			       " version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_AREA_PLACE,
		"UPDATE plan_areas SET position = $2, updated_at = $3, version = version + 1 WHERE id = $1");

static void counts_from_row(const struct db_rows *r, size_t i, size_t col, struct plan_counts *c)
{
	c->total = rows_int(r, i, col);
	for (size_t k = 0; k < PLAN_N_STATUS; k++)
		c->by_status[k] = rows_int(r, i, col + 1 + k);
	c->overdue = rows_int(r, i, col + 1 + PLAN_N_STATUS);
}

static void plan_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct plan *p = out;
	p->id = rows_int(r, i, PC_ID);
	p->unit_id = rows_int(r, i, PC_UNIT);
	p->unit_name = rows_text(r, i, PC_UNIT_NAME);
	p->unit_path = rows_text(r, i, PC_UNIT_PATH);
	p->year = rows_int(r, i, PC_YEAR);
	p->title = rows_text(r, i, PC_TITLE);
	p->version = rows_int(r, i, PC_VERSION);
	p->created_by = rows_int(r, i, PC_CREATED_BY);
	p->created_at = rows_text(r, i, PC_CREATED);
	p->updated_at = rows_text(r, i, PC_UPDATED);
	if (r->n_cols > PC_COUNTS)
		counts_from_row(r, i, PC_COUNTS, &p->counts);
}

static int one_plan(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n,
		    struct plan *out, struct err *e)
{
	*out = (struct plan){ 0 };
	return db_run_get(db, a, q, args, n, plan_from_row, out, e);
}

int q_plan_get(struct db *db, struct arena *a, int64_t id, struct plan *out, struct err *e)
{
	return one_plan(db, a, &Q_PLAN_GET, DB_ARGS(DB_INT(id)), out, e);
}

int q_plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct plan *out, struct err *e)
{
	return one_plan(db, a, &Q_PLAN_FIND, DB_ARGS(DB_INT(unit_id), DB_INT(year)), out, e);
}

int q_plan_list(struct db *db, struct arena *a, const struct plan_filter *f, const char *subtree, const char *today,
		struct plan **out, size_t *n, int64_t *total, struct err *e)
{
	struct db_rows cnt;
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

	if (total) {
		if ((rc = db_run(db, a, subtree ? &Q_PLAN_COUNT_IN : &Q_PLAN_COUNT,
				 DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->year)), &cnt, e)))
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	return db_run_list(db, a, subtree ? &Q_PLAN_LIST_IN : &Q_PLAN_LIST,
			   DB_ARGS(DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->year), DB_TEXT(today),
				   DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
			   sizeof(**out), plan_from_row, (void **)out, n, e);
}

int q_plan_insert(struct db *db, struct arena *a, const struct plan_input *in, int64_t by, const char *now,
		  int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PLAN_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_INT(in->year), DB_TEXT(in->title ? in->title : ""),
				     DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_plan_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *title, const char *now,
		  struct err *e)
{
	int rc = db_run_change(db, a, &Q_PLAN_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(title ? title : ""), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

static void area_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct plan_area *ar = out;
	ar->id = rows_int(r, i, AC_ID);
	ar->plan_id = rows_int(r, i, AC_PLAN);
	ar->name = rows_text(r, i, AC_NAME);
	ar->position = rows_int(r, i, AC_POSITION);
	ar->version = rows_int(r, i, AC_VERSION);
	ar->created_at = rows_text(r, i, AC_CREATED);
	ar->updated_at = rows_text(r, i, AC_UPDATED);
	if (r->n_cols > AC_COUNTS)
		counts_from_row(r, i, AC_COUNTS, &ar->counts);
}

int q_plan_areas(struct db *db, struct arena *a, int64_t plan_id, const char *today, struct plan_area **out, size_t *n,
		 struct err *e)
{
	return db_run_list(db, a, &Q_AREAS, DB_ARGS(DB_INT(plan_id), DB_TEXT(today)), sizeof(**out), area_from_row,
			   (void **)out, n, e);
}

static int one_area(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n,
		    struct plan_area *out, struct err *e)
{
	*out = (struct plan_area){ 0 };
	return db_run_get(db, a, q, args, n, area_from_row, out, e);
}

int q_plan_area_get(struct db *db, struct arena *a, int64_t id, struct plan_area *out, struct err *e)
{
	return one_area(db, a, &Q_AREA_GET, DB_ARGS(DB_INT(id)), out, e);
}

int q_plan_area_named(struct db *db, struct arena *a, int64_t plan_id, const char *name, struct plan_area *out,
		      struct err *e)
{
	return one_area(db, a, &Q_AREA_NAMED, DB_ARGS(DB_INT(plan_id), DB_TEXT(name)), out, e);
}

int q_plan_area_insert(struct db *db, struct arena *a, int64_t plan_id, const char *name, int64_t position,
		       const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_AREA_INSERT,
			     DB_ARGS(DB_INT(plan_id), DB_TEXT(name), DB_INT(position), DB_TEXT(now)), id_out, e);
}

int q_plan_area_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *name, int64_t position,
		       const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_AREA_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(name), DB_INT(position), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_plan_area_place(struct db *db, struct arena *a, int64_t id, int64_t position, const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_AREA_PLACE, DB_ARGS(DB_INT(id), DB_INT(position), DB_TEXT(now)), e);
}
