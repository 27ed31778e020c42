/*
 * q_intcontrol.c - SQL of internal control: plans, the processes of their
 * materiality and risk analysis, control points, results with their sample
 * records, and deviations; and the typed functions that run it.
 *
 * Every record below a plan reads its unit through the plan (one join by
 * key), so a scope function gets the unit path with the record. A
 * deviation keeps its plan's unit and year as well, so the list of
 * deviations across units is read from its own indexes. A plan's counts
 * (control points, open deviations) are read with it by key.
 */
#include "db/q_intcontrol.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

/* --- plans --- */

#define PLAN_COLS                                                                                     \
	"SELECT p.id, p.unit_id, u.name, u.path, p.year, p.title, p.adopted_on,"                      \
	" (SELECT count(*) FROM ic_points x WHERE x.plan_id = p.id),"                                 \
	" (SELECT count(*) FROM ic_deviations d WHERE d.unit_id = p.unit_id AND d.plan_year = p.year" \
	"  AND d.status = 'open'), p.version, p.created_by, p.created_at, p.updated_at"               \
	" FROM ic_plans p JOIN units u ON u.id = p.unit_id"
/* $1 viewer, $2 subtree path or NULL, $3 year or 0 */
#define PLAN_FILTER                                                             \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE( \
		"u.path", "$2") " AND (CAST($3 AS BIGINT) = 0 OR p.year = CAST($3 AS BIGINT))"

/*
 * A plan's page reads the plan, its processes, control points, results and deviations, each by the plan's
 * key (ic_processes_plan, ic_points_plan, ic_deviations_unit): PostgreSQL plans them once (0.15-0.6 ms of
 * planning each, for 0.05-0.15 of running; the one plan ran as fast for the largest plan as for the usual).
 */
static DB_QUERY_PLAN_ONCE(Q_PLAN_GET, PLAN_COLS " WHERE p.id = $1");
static DB_QUERY_PLAN_ONCE(Q_PLAN_FIND, PLAN_COLS " WHERE p.unit_id = $1 AND p.year = $2");
/* $4 limit, $5 offset */
/* A page: the plans' ids sorted first, then the page's rows with their counts (for every plan, they cost the time). */
#define PLAN_PAGE(order)                                                                                   \
	PLAN_COLS " JOIN (SELECT p.id AS pid FROM ic_plans p JOIN units u ON u.id = p.unit_id" PLAN_FILTER \
		  " ORDER BY " order " LIMIT $4 OFFSET $5) pg ON pg.pid = p.id ORDER BY " order
static DB_QUERY(Q_PLAN_LIST_YEAR, PLAN_PAGE("p.year DESC, u.path, p.id"));
static DB_QUERY(Q_PLAN_LIST_UNIT, PLAN_PAGE("u.path, p.year DESC, p.id"));
static DB_QUERY(Q_PLAN_COUNT, "SELECT count(*) FROM ic_plans p JOIN units u ON u.id = p.unit_id" PLAN_FILTER);
/* $1 unit, $2 year, $3 title, $4 adopted_on, $5 by, $6 now */
static DB_QUERY(Q_PLAN_INSERT, "INSERT INTO ic_plans (unit_id, year, title, adopted_on, version, created_by,"
			       " created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $6) RETURNING id");
/* $1 id, $2 version, $3 title, $4 adopted_on, $5 now */
static DB_QUERY(Q_PLAN_UPDATE, "UPDATE ic_plans SET title = $3, adopted_on = $4, updated_at = $5,"
			       " version = version + 1 WHERE id = $1 AND version = $2");

static void plan_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_plan *p = out;
	p->id = rows_int(r, i, 0);
	p->unit_id = rows_int(r, i, 1);
	p->unit_name = rows_text(r, i, 2);
	p->unit_path = rows_text(r, i, 3);
	p->year = rows_int(r, i, 4);
	p->title = rows_text(r, i, 5);
	p->adopted_on = rows_text(r, i, 6);
	p->n_points = rows_int(r, i, 7);
	p->n_open = rows_int(r, i, 8);
	p->version = rows_int(r, i, 9);
	p->created_by = rows_int(r, i, 10);
	p->created_at = rows_text(r, i, 11);
	p->updated_at = rows_text(r, i, 12);
}

/* Run @q and map its first row with @from_row into @out; ERR_NOTFOUND when there is none. */
static int one(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
	       void (*from_row)(const struct db_rows *r, size_t i, void *out), void *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	from_row(&rows, 0, out);
	return 0;
}

/* Run @q and map every row into an array of @size bytes each; @out is the address of the caller's pointer to it. */
static int many(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		size_t size, void (*from_row)(const struct db_rows *r, size_t i, void *out), void *out, size_t *n,
		struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n_args, &rows, e);
	if (!rc) {
		void *items = rows_map(a, &rows, size, from_row, n);
		memcpy(out, &items, sizeof(items));
	}
	return rc;
}

/* An update by id and version: a row not changed is a stale version. */
static int change(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n_args,
		  struct err *e)
{
	int rc = db_run_change(db, a, q, args, n_args, e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

static const char *date_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

int q_ic_plan_get(struct db *db, struct arena *a, int64_t id, struct ic_plan *out, struct err *e)
{
	return one(db, a, &Q_PLAN_GET, DB_ARGS(DB_INT(id)), plan_from_row, out, e);
}

int q_ic_plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct ic_plan *out, struct err *e)
{
	return one(db, a, &Q_PLAN_FIND, DB_ARGS(DB_INT(unit_id), DB_INT(year)), plan_from_row, out, e);
}

int q_ic_plan_list(struct db *db, struct arena *a, const struct ic_plan_filter *f, const char *subtree,
		   struct ic_plan **out, size_t *n, int64_t *total, struct err *e)
{
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	int rc;

#define PLAN_ARGS DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->year)
	/* Every plan in view counted: once per data version. */
	if ((rc = db_run_count_kept(db, a, &Q_PLAN_COUNT, DB_ARGS(PLAN_ARGS), total, e)))
		return rc;
	rc = many(db, a, f->sort == IC_PLAN_SORT_UNIT ? &Q_PLAN_LIST_UNIT : &Q_PLAN_LIST_YEAR,
		  DB_ARGS(PLAN_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), sizeof(**out),
		  plan_from_row, out, n, e);
#undef PLAN_ARGS
	return rc;
}

int q_ic_plan_insert(struct db *db, struct arena *a, const struct ic_plan_input *in, int64_t by, const char *now,
		     int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PLAN_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_INT(in->year), DB_TEXT(in->title ? in->title : ""),
				     DB_TEXT(date_or_null(in->adopted_on)), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_ic_plan_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_plan_input *in,
		     const char *now, struct err *e)
{
	return change(db, a, &Q_PLAN_UPDATE,
		      DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->title ? in->title : ""),
			      DB_TEXT(date_or_null(in->adopted_on)), DB_TEXT(now)),
		      e);
}

/* --- processes --- */

#define PROCESS_COLS                                                                                  \
	"SELECT c.id, c.plan_id, p.unit_id, u.path, p.year, c.name, c.description, c.probability,"    \
	" c.consequence, c.decision, c.rationale, c.mandatory, c.version, c.created_at, c.updated_at" \
	" FROM ic_processes c JOIN ic_plans p ON p.id = c.plan_id JOIN units u ON u.id = p.unit_id"

static DB_QUERY(Q_PROCESS_GET, PROCESS_COLS " WHERE c.id = $1");
static DB_QUERY_PLAN_ONCE(Q_PROCESS_LIST, PROCESS_COLS " WHERE c.plan_id = $1 ORDER BY c.mandatory DESC, c.id");
/* $1 plan, $2 name, $3 description, $4 probability, $5 consequence, $6 decision, $7 rationale, $8 mandatory, $9 now */
static DB_QUERY(Q_PROCESS_INSERT,
		"INSERT INTO ic_processes (plan_id, name, description, probability, consequence, decision, rationale,"
		" mandatory, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)"
		" RETURNING id");
/* $1 id, $2 version, $3 name, $4 description, $5 probability, $6 consequence, $7 decision, $8 rationale, $9 now */
static DB_QUERY(
	Q_PROCESS_UPDATE,
	"UPDATE ic_processes SET name = $3, description = $4, probability = $5, consequence = $6,"
	" decision = $7, rationale = $8, updated_at = $9, version = version + 1 WHERE id = $1 AND version = $2");

static void process_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_process *c = out;
	c->id = rows_int(r, i, 0);
	c->plan_id = rows_int(r, i, 1);
	c->unit_id = rows_int(r, i, 2);
	c->unit_path = rows_text(r, i, 3);
	c->plan_year = rows_int(r, i, 4);
	c->name = rows_text(r, i, 5);
	c->description = rows_text(r, i, 6);
	c->probability = rows_int(r, i, 7);
	c->consequence = rows_int(r, i, 8);
	c->decision = rows_text(r, i, 9);
	c->rationale = rows_text(r, i, 10);
	c->mandatory = rows_bool(r, i, 11);
	c->version = rows_int(r, i, 12);
	c->created_at = rows_text(r, i, 13);
	c->updated_at = rows_text(r, i, 14);
}

int q_ic_process_get(struct db *db, struct arena *a, int64_t id, struct ic_process *out, struct err *e)
{
	return one(db, a, &Q_PROCESS_GET, DB_ARGS(DB_INT(id)), process_from_row, out, e);
}

int q_ic_process_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_process **out, size_t *n,
		      struct err *e)
{
	return many(db, a, &Q_PROCESS_LIST, DB_ARGS(DB_INT(plan_id)), sizeof(**out), process_from_row, out, n, e);
}

int q_ic_process_insert(struct db *db, struct arena *a, int64_t plan_id, const struct ic_process_input *in,
			bool mandatory, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PROCESS_INSERT,
			     DB_ARGS(DB_INT(plan_id), DB_TEXT(in->name), DB_TEXT(in->description),
				     DB_INT(in->probability), DB_INT(in->consequence), DB_TEXT(in->decision),
				     DB_TEXT(in->rationale), DB_INT(mandatory ? 1 : 0), DB_TEXT(now)),
			     id_out, e);
}

int q_ic_process_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_process_input *in,
			const char *now, struct err *e)
{
	return change(db, a, &Q_PROCESS_UPDATE,
		      DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->name), DB_TEXT(in->description),
			      DB_INT(in->probability), DB_INT(in->consequence), DB_TEXT(in->decision),
			      DB_TEXT(in->rationale), DB_TEXT(now)),
		      e);
}

/* --- control points --- */

#define POINT_COLS                                                                                            \
	"SELECT k.id, k.plan_id, p.unit_id, u.name, u.path, p.year, k.process_id, c.name, k.title, k.method," \
	" k.sample_size, k.population, k.frequency, k.period_kind, k.responsible_id, ru.display_name,"        \
	" k.responsible_unit_id, rn.name, k.version, k.created_at, k.updated_at"                              \
	" FROM ic_points k JOIN ic_plans p ON p.id = k.plan_id JOIN units u ON u.id = p.unit_id"              \
	" JOIN ic_processes c ON c.id = k.process_id LEFT JOIN users ru ON ru.id = k.responsible_id"          \
	" LEFT JOIN units rn ON rn.id = k.responsible_unit_id"

static DB_QUERY(Q_POINT_GET, POINT_COLS " WHERE k.id = $1");
static DB_QUERY_PLAN_ONCE(Q_POINT_LIST, POINT_COLS " WHERE k.plan_id = $1 ORDER BY k.id");
/* $1 responsible, $2 from year, $3 to year, $4 limit */
static DB_QUERY(Q_POINT_OF_RESPONSIBLE, POINT_COLS " WHERE k.responsible_id = $1 AND p.year >= $2 AND p.year <= $3"
						   " ORDER BY p.year, k.id LIMIT $4");
/* $1 plan, $2 process, $3 title, $4 method, $5 sample_size, $6 population, $7 frequency, $8 period_kind,
 * $9 responsible, $10 responsible unit, $11 now */
static DB_QUERY(Q_POINT_INSERT,
		"INSERT INTO ic_points (plan_id, process_id, title, method, sample_size, population, frequency,"
		" period_kind, responsible_id, responsible_unit_id, version, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id");
/* $1 id, $2 version, then as the insert from $2 on shifted by one: $3 process ... $12 now */
static DB_QUERY(Q_POINT_UPDATE,
		"UPDATE ic_points SET process_id = $3, title = $4, method = $5, sample_size = $6, population = $7,"
		" frequency = $8, period_kind = $9, responsible_id = $10, responsible_unit_id = $11, updated_at = $12,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_POINT_N_RESULTS, "SELECT count(*) FROM ic_results WHERE point_id = $1");

static void point_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_point *k = out;
	k->id = rows_int(r, i, 0);
	k->plan_id = rows_int(r, i, 1);
	k->unit_id = rows_int(r, i, 2);
	k->unit_name = rows_text(r, i, 3);
	k->unit_path = rows_text(r, i, 4);
	k->plan_year = rows_int(r, i, 5);
	k->process_id = rows_int(r, i, 6);
	k->process_name = rows_text(r, i, 7);
	k->title = rows_text(r, i, 8);
	k->method = rows_text(r, i, 9);
	k->sample_size = rows_int(r, i, 10);
	k->population = rows_int(r, i, 11);
	k->frequency = rows_text(r, i, 12);
	k->period_kind = rows_text(r, i, 13);
	k->responsible_id = rows_int(r, i, 14);
	k->responsible_name = rows_text(r, i, 15);
	k->responsible_unit_id = rows_int(r, i, 16);
	k->responsible_unit_name = rows_text(r, i, 17);
	k->version = rows_int(r, i, 18);
	k->created_at = rows_text(r, i, 19);
	k->updated_at = rows_text(r, i, 20);
}

int q_ic_point_get(struct db *db, struct arena *a, int64_t id, struct ic_point *out, struct err *e)
{
	return one(db, a, &Q_POINT_GET, DB_ARGS(DB_INT(id)), point_from_row, out, e);
}

int q_ic_point_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_point **out, size_t *n, struct err *e)
{
	return many(db, a, &Q_POINT_LIST, DB_ARGS(DB_INT(plan_id)), sizeof(**out), point_from_row, out, n, e);
}

int q_ic_point_of_responsible(struct db *db, struct arena *a, int64_t responsible_id, int64_t from_year,
			      int64_t to_year, int64_t limit, struct ic_point **out, size_t *n, struct err *e)
{
	return many(db, a, &Q_POINT_OF_RESPONSIBLE,
		    DB_ARGS(DB_INT(responsible_id), DB_INT(from_year), DB_INT(to_year), DB_INT(limit)), sizeof(**out),
		    point_from_row, out, n, e);
}

#define POINT_ARGS(in)                                                                                   \
	DB_INT((in)->process_id), DB_TEXT((in)->title), DB_TEXT((in)->method), DB_ID((in)->sample_size), \
		DB_ID((in)->population), DB_TEXT((in)->frequency), DB_TEXT((in)->period_kind),           \
		DB_ID((in)->responsible_id), DB_ID((in)->responsible_unit_id)

int q_ic_point_insert(struct db *db, struct arena *a, int64_t plan_id, const struct ic_point_input *in, const char *now,
		      int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_POINT_INSERT, DB_ARGS(DB_INT(plan_id), POINT_ARGS(in), DB_TEXT(now)), id_out, e);
}

int q_ic_point_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_point_input *in,
		      const char *now, struct err *e)
{
	return change(db, a, &Q_POINT_UPDATE, DB_ARGS(DB_INT(id), DB_INT(version), POINT_ARGS(in), DB_TEXT(now)), e);
}

int q_ic_point_n_results(struct db *db, struct arena *a, int64_t id, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_POINT_N_RESULTS, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

/* --- results --- */

#define RESULT_COLS                                                                                                \
	"SELECT r.id, r.point_id, k.title, k.plan_id, p.year, p.unit_id, u.path, k.period_kind, k.responsible_id," \
	" r.period_no, r.checked_on, r.checked_by, cu.display_name, r.conclusion,"                                 \
	" (SELECT count(*) FROM ic_samples s WHERE s.result_id = r.id),"                                           \
	" (SELECT count(*) FROM ic_samples s WHERE s.result_id = r.id AND s.ok = 0),"                              \
	" (SELECT count(*) FROM ic_deviations d WHERE d.result_id = r.id),"                                        \
	" r.version, r.created_at, r.updated_at"                                                                   \
	" FROM ic_results r JOIN ic_points k ON k.id = r.point_id JOIN ic_plans p ON p.id = k.plan_id"             \
	" JOIN units u ON u.id = p.unit_id LEFT JOIN users cu ON cu.id = r.checked_by"

static DB_QUERY(Q_RESULT_GET, RESULT_COLS " WHERE r.id = $1");
static DB_QUERY_PLAN_ONCE(Q_RESULT_OF_PLAN, RESULT_COLS " WHERE k.plan_id = $1 ORDER BY k.id, r.period_no");
/* $1 responsible, $2 from year, $3 to year: the pairs for the points Q_POINT_OF_RESPONSIBLE reads */
static DB_QUERY(
	Q_RESULT_OF_RESPONSIBLE,
	"SELECT r.point_id, r.period_no FROM ic_points k JOIN ic_plans p ON p.id = k.plan_id"
	" JOIN ic_results r ON r.point_id = k.id WHERE k.responsible_id = $1 AND p.year >= $2 AND p.year <= $3");
/* $1 point, $2 period_no, $3 checked_on, $4 checked_by, $5 conclusion, $6 now */
static DB_QUERY(Q_RESULT_INSERT,
		"INSERT INTO ic_results (point_id, period_no, checked_on, checked_by, conclusion,"
		" version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id");
/* $1 id, $2 version, $3 period_no, $4 checked_on, $5 checked_by, $6 conclusion, $7 now */
static DB_QUERY(Q_RESULT_UPDATE, "UPDATE ic_results SET period_no = $3, checked_on = $4, checked_by = $5,"
				 " conclusion = $6, updated_at = $7, version = version + 1"
				 " WHERE id = $1 AND version = $2");
static DB_QUERY(Q_SAMPLES_CLEAR, "DELETE FROM ic_samples WHERE result_id = $1");
/* $1 result, $2 position, $3 reference, $4 ok, $5 note */
static DB_QUERY(Q_SAMPLE_ADD, "INSERT INTO ic_samples (result_id, position, reference, ok, note)"
			      " VALUES ($1, $2, $3, $4, $5) RETURNING id");
static DB_QUERY(Q_SAMPLES, "SELECT reference, ok, note FROM ic_samples WHERE result_id = $1 ORDER BY position");

static void result_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_result *x = out;
	x->id = rows_int(r, i, 0);
	x->point_id = rows_int(r, i, 1);
	x->point_title = rows_text(r, i, 2);
	x->plan_id = rows_int(r, i, 3);
	x->plan_year = rows_int(r, i, 4);
	x->unit_id = rows_int(r, i, 5);
	x->unit_path = rows_text(r, i, 6);
	x->period_kind = rows_text(r, i, 7);
	x->responsible_id = rows_int(r, i, 8);
	x->period_no = rows_int(r, i, 9);
	x->checked_on = rows_text(r, i, 10);
	x->checked_by = rows_int(r, i, 11);
	x->checked_by_name = rows_text(r, i, 12);
	x->conclusion = rows_text(r, i, 13);
	x->n_samples = rows_int(r, i, 14);
	x->n_failed = rows_int(r, i, 15);
	x->n_deviations = rows_int(r, i, 16);
	x->version = rows_int(r, i, 17);
	x->created_at = rows_text(r, i, 18);
	x->updated_at = rows_text(r, i, 19);
}

static void reported_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_reported *x = out;
	x->point_id = rows_int(r, i, 0);
	x->period_no = rows_int(r, i, 1);
}

static void sample_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_sample *s = out;
	s->reference = rows_text(r, i, 0);
	s->ok = rows_bool(r, i, 1);
	s->note = rows_text(r, i, 2);
}

int q_ic_result_get(struct db *db, struct arena *a, int64_t id, struct ic_result *out, struct err *e)
{
	return one(db, a, &Q_RESULT_GET, DB_ARGS(DB_INT(id)), result_from_row, out, e);
}

int q_ic_result_of_plan(struct db *db, struct arena *a, int64_t plan_id, struct ic_result **out, size_t *n,
			struct err *e)
{
	return many(db, a, &Q_RESULT_OF_PLAN, DB_ARGS(DB_INT(plan_id)), sizeof(**out), result_from_row, out, n, e);
}

int q_ic_result_of_responsible(struct db *db, struct arena *a, int64_t responsible_id, int64_t from_year,
			       int64_t to_year, struct ic_reported **out, size_t *n, struct err *e)
{
	return many(db, a, &Q_RESULT_OF_RESPONSIBLE,
		    DB_ARGS(DB_INT(responsible_id), DB_INT(from_year), DB_INT(to_year)), sizeof(**out),
		    reported_from_row, out, n, e);
}

int q_ic_result_insert(struct db *db, struct arena *a, int64_t point_id, const struct ic_result_input *in,
		       const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_RESULT_INSERT,
			     DB_ARGS(DB_INT(point_id), DB_INT(in->period_no), DB_TEXT(in->checked_on),
				     DB_ID(in->checked_by), DB_TEXT(in->conclusion ? in->conclusion : ""),
				     DB_TEXT(now)),
			     id_out, e);
}

int q_ic_result_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_result_input *in,
		       const char *now, struct err *e)
{
	return change(db, a, &Q_RESULT_UPDATE,
		      DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->period_no), DB_TEXT(in->checked_on),
			      DB_ID(in->checked_by), DB_TEXT(in->conclusion ? in->conclusion : ""), DB_TEXT(now)),
		      e);
}

int q_ic_result_set_samples(struct db *db, struct arena *a, int64_t id, const struct ic_result_input *in, struct err *e)
{
	int64_t row;
	int rc = db_run(db, a, &Q_SAMPLES_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; !rc && i < in->n_samples; i++) {
		const struct ic_sample *s = &in->samples[i];
		rc = db_run_insert(db, a, &Q_SAMPLE_ADD,
				   DB_ARGS(DB_INT(id), DB_INT((int64_t)i + 1), DB_TEXT(s->reference),
					   DB_INT(s->ok ? 1 : 0), DB_TEXT(s->note ? s->note : "")),
				   &row, e);
	}
	return rc;
}

int q_ic_samples(struct db *db, struct arena *a, int64_t result_id, struct ic_sample **out, size_t *n, struct err *e)
{
	return many(db, a, &Q_SAMPLES, DB_ARGS(DB_INT(result_id)), sizeof(**out), sample_from_row, out, n, e);
}

/* --- deviations --- */

#define DEVIATION_SELECT                                                                                           \
	"SELECT d.id, d.result_id, r.point_id, k.title, k.plan_id, d.unit_id, u.name, u.path, d.plan_year,"        \
	" k.period_kind, r.period_no, d.responsible_id, ru.display_name, d.description, d.cause, d.remedy, d.due," \
	" d.status, d.activity_id, d.version, d.created_at, d.updated_at"
#define DEVIATION_JOINS                                                                  \
	" JOIN ic_results r ON r.id = d.result_id JOIN ic_points k ON k.id = r.point_id" \
	" LEFT JOIN users ru ON ru.id = d.responsible_id"
#define DEVIATION_COLS DEVIATION_SELECT " FROM ic_deviations d JOIN units u ON u.id = d.unit_id" DEVIATION_JOINS
/*
 * The list is driven by the units the viewer sees (the units_path index,
 * through the visible set or the subtree's range), then each unit's
 * deviations by the ic_deviations_unit index: CROSS JOIN keeps SQLite to
 * that order, so no deviation outside the viewer's units is read.
 * $1 viewer, $2 subtree, $3 year or 0, $4 status or NULL, $5 responsible or 0, $6 plan or 0
 */
#define DEVIATION_FROM " FROM units u CROSS JOIN ic_deviations d"
#define DEVIATION_FILTER                                                                                 \
	" WHERE d.unit_id = u.id AND " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(     \
		"u.path", "$2") " AND (CAST($3 AS BIGINT) = 0 OR d.plan_year = CAST($3 AS BIGINT))"      \
				" AND (CAST($4 AS TEXT) IS NULL OR d.status = CAST($4 AS TEXT))"         \
				" AND (CAST($5 AS BIGINT) = 0 OR d.responsible_id = CAST($5 AS BIGINT))" \
				" AND (CAST($6 AS BIGINT) = 0 OR k.plan_id = CAST($6 AS BIGINT))"

static DB_QUERY(Q_DEVIATION_GET, DEVIATION_COLS " WHERE d.id = $1");
/* $1 unit, $2 year: a plan's deviations, newest first */
static DB_QUERY_PLAN_ONCE(Q_DEVIATION_OF_PLAN,
			  DEVIATION_COLS " WHERE d.unit_id = $1 AND d.plan_year = $2 ORDER BY d.id DESC");
/* $7 limit, $8 offset */
static DB_QUERY(Q_DEVIATION_LIST_NEWEST, DEVIATION_SELECT DEVIATION_FROM DEVIATION_JOINS DEVIATION_FILTER
		" ORDER BY d.id DESC LIMIT $7 OFFSET $8");
static DB_QUERY(Q_DEVIATION_LIST_DUE, DEVIATION_SELECT DEVIATION_FROM DEVIATION_JOINS DEVIATION_FILTER
		" ORDER BY CASE WHEN d.due IS NULL THEN 1 ELSE 0 END, d.due, d.id LIMIT $7 OFFSET $8");
static DB_QUERY(Q_DEVIATION_COUNT,
		"SELECT count(*)" DEVIATION_FROM
		" JOIN ic_results r ON r.id = d.result_id JOIN ic_points k ON k.id = r.point_id" DEVIATION_FILTER);
/*
 * For a viewer who sees every unit, with no subtree asked for, the list is
 * driven by the deviations instead, in its order: the newest along the
 * table backwards, stopping after the page, instead of every unit's
 * deviations read and sorted (at national size, 10,000 units: 40 ms).
 */
#define DEVIATION_ROWS " FROM ic_deviations d JOIN units u ON u.id = d.unit_id"
static DB_QUERY(Q_DEVIATION_ALL_NEWEST, DEVIATION_SELECT DEVIATION_ROWS DEVIATION_JOINS DEVIATION_FILTER
		" ORDER BY d.id DESC LIMIT $7 OFFSET $8");
static DB_QUERY(Q_DEVIATION_ALL_DUE, DEVIATION_SELECT DEVIATION_ROWS DEVIATION_JOINS DEVIATION_FILTER
		" ORDER BY CASE WHEN d.due IS NULL THEN 1 ELSE 0 END, d.due, d.id LIMIT $7 OFFSET $8");
/* $1 viewer: whether a role on the whole installation lets them see every unit. */
static DB_QUERY_PLAN_ONCE(Q_DEVIATION_VIEWER_ALL,
			  "SELECT count(*) FROM role_assignments WHERE user_id = $1 AND unit_id IS NULL");
/* $1 result, $2 unit, $3 year, $4 responsible, $5 description, $6 cause, $7 remedy, $8 due, $9 status, $10 now */
static DB_QUERY(
	Q_DEVIATION_INSERT,
	"INSERT INTO ic_deviations (result_id, unit_id, plan_year, responsible_id, description, cause, remedy,"
	" due, status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)"
	" RETURNING id");
/* $1 id, $2 version, $3 description, $4 cause, $5 remedy, $6 due, $7 status, $8 now */
static DB_QUERY(Q_DEVIATION_UPDATE,
		"UPDATE ic_deviations SET description = $3, cause = $4, remedy = $5, due = $6, status = $7,"
		" updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");
/* $1 id, $2 version, $3 activity, $4 now */
static DB_QUERY(Q_DEVIATION_SET_ACTIVITY, "UPDATE ic_deviations SET activity_id = $3, updated_at = $4,"
					  " version = version + 1 WHERE id = $1 AND version = $2");

static void deviation_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct ic_deviation *d = out;
	d->id = rows_int(r, i, 0);
	d->result_id = rows_int(r, i, 1);
	d->point_id = rows_int(r, i, 2);
	d->point_title = rows_text(r, i, 3);
	d->plan_id = rows_int(r, i, 4);
	d->unit_id = rows_int(r, i, 5);
	d->unit_name = rows_text(r, i, 6);
	d->unit_path = rows_text(r, i, 7);
	d->plan_year = rows_int(r, i, 8);
	d->period_kind = rows_text(r, i, 9);
	d->period_no = rows_int(r, i, 10);
	d->responsible_id = rows_int(r, i, 11);
	d->responsible_name = rows_text(r, i, 12);
	d->description = rows_text(r, i, 13);
	d->cause = rows_text(r, i, 14);
	d->remedy = rows_text(r, i, 15);
	d->due = rows_text(r, i, 16);
	d->status = rows_text(r, i, 17);
	d->activity_id = rows_int(r, i, 18);
	d->version = rows_int(r, i, 19);
	d->created_at = rows_text(r, i, 20);
	d->updated_at = rows_text(r, i, 21);
}

int q_ic_deviation_get(struct db *db, struct arena *a, int64_t id, struct ic_deviation *out, struct err *e)
{
	return one(db, a, &Q_DEVIATION_GET, DB_ARGS(DB_INT(id)), deviation_from_row, out, e);
}

int q_ic_deviation_of_plan(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct ic_deviation **out,
			   size_t *n, struct err *e)
{
	return many(db, a, &Q_DEVIATION_OF_PLAN, DB_ARGS(DB_INT(unit_id), DB_INT(year)), sizeof(**out),
		    deviation_from_row, out, n, e);
}

int q_ic_deviation_list(struct db *db, struct arena *a, const struct ic_deviation_filter *f, const char *subtree,
			struct ic_deviation **out, size_t *n, int64_t *total, struct err *e)
{
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	bool due = f->sort == IC_DEV_SORT_DUE, all = !subtree && !f->viewer_id;
	int rc;

#define DEVIATION_ARGS                                                                                          \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->year), DB_TEXT(f->status), DB_INT(f->responsible_id), \
		DB_INT(f->plan_id)
	if (total && (rc = db_run_count_kept(db, a, &Q_DEVIATION_COUNT, DB_ARGS(DEVIATION_ARGS), total, e)))
		return rc;
	if (!subtree && f->viewer_id) {
		struct db_rows grants;
		if ((rc = db_run(db, a, &Q_DEVIATION_VIEWER_ALL, DB_ARGS(DB_INT(f->viewer_id)), &grants, e)))
			return rc;
		all = rows_int(&grants, 0, 0) > 0;
	}
	rc = many(db, a,
		  all ? (due ? &Q_DEVIATION_ALL_DUE : &Q_DEVIATION_ALL_NEWEST)
		      : (due ? &Q_DEVIATION_LIST_DUE : &Q_DEVIATION_LIST_NEWEST),
		  DB_ARGS(DEVIATION_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), sizeof(**out),
		  deviation_from_row, out, n, e);
#undef DEVIATION_ARGS
	return rc;
}

int q_ic_deviation_insert(struct db *db, struct arena *a, const struct ic_result *r,
			  const struct ic_deviation_input *in, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_DEVIATION_INSERT,
			     DB_ARGS(DB_INT(r->id), DB_INT(r->unit_id), DB_INT(r->plan_year), DB_ID(r->responsible_id),
				     DB_TEXT(in->description), DB_TEXT(in->cause), DB_TEXT(in->remedy),
				     DB_TEXT(date_or_null(in->due)), DB_TEXT(in->status), DB_TEXT(now)),
			     id_out, e);
}

int q_ic_deviation_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			  const struct ic_deviation_input *in, const char *now, struct err *e)
{
	return change(db, a, &Q_DEVIATION_UPDATE,
		      DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->description), DB_TEXT(in->cause),
			      DB_TEXT(in->remedy), DB_TEXT(date_or_null(in->due)), DB_TEXT(in->status), DB_TEXT(now)),
		      e);
}

int q_ic_deviation_set_activity(struct db *db, struct arena *a, int64_t id, int64_t version, int64_t activity_id,
				const char *now, struct err *e)
{
	return change(db, a, &Q_DEVIATION_SET_ACTIVITY,
		      DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(activity_id), DB_TEXT(now)), e);
}

/* --- small reads --- */

struct brief {
	const char *name, *path;
};

static void brief_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct brief *b = out;
	b->name = rows_text(r, i, 0);
	b->path = rows_text(r, i, 1);
}

static DB_QUERY(Q_USER_NAME, "SELECT display_name, '' FROM users WHERE id = $1");
static DB_QUERY(Q_UNIT_BRIEF, "SELECT name, path FROM units WHERE id = $1");

int q_ic_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e)
{
	struct brief b;
	int rc = one(db, a, &Q_USER_NAME, DB_ARGS(DB_INT(id)), brief_from_row, &b, e);
	if (!rc)
		*name = b.name;
	return rc;
}

int q_ic_unit_brief(struct db *db, struct arena *a, int64_t id, const char **name, const char **path, struct err *e)
{
	struct brief b;
	int rc = one(db, a, &Q_UNIT_BRIEF, DB_ARGS(DB_INT(id)), brief_from_row, &b, e);
	if (!rc) {
		*name = b.name;
		*path = b.path;
	}
	return rc;
}
