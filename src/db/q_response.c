/*
 * q_response.c - SQL of responses to audits, their action areas, measures
 * and hand-overs, and the typed functions that run it.
 *
 * A measure's "open" column is 1 while it is not done and its response is
 * not superseded; the overdue lists (the unit page, the start page, the
 * open recommendations) read it with the planned date from one index.
 */
#include "db/q_response.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

static const char *opt(const char *s)
{
	return s && *s ? s : "";
}

static const char *opt_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* --- responses ----------------------------------------------------------------------------- */

#define RESP_COLS                                                                                                  \
	"SELECT s.id, s.inspection_id, i.title, i.case_ref, iu.path, s.unit_id, u.name, u.path, s.supplements_id," \
	" s.superseded, s.response_date, s.case_ref, s.address, s.addressee, s.title, s.summary, s.status,"        \
	" s.approved_by, s.approved_on, s.version, s.created_by, s.created_at, s.updated_at"                       \
	" FROM audit_responses s JOIN inspections i ON i.id = s.inspection_id JOIN units iu ON iu.id = i.unit_id"  \
	" JOIN units u ON u.id = s.unit_id"

static DB_QUERY_PLAN_ONCE(Q_RESP_GET, RESP_COLS " WHERE s.id = $1");
static DB_QUERY_PLAN_ONCE(Q_RESP_OF, RESP_COLS " WHERE s.inspection_id = $1 ORDER BY s.response_date, s.id");
static DB_QUERY(Q_RESP_INSERT,
		"INSERT INTO audit_responses (inspection_id, unit_id, supplements_id, response_date, case_ref, address,"
		" addressee, title, summary, status, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', 1, $10, $11, $11) RETURNING id");
static DB_QUERY(Q_RESP_UPDATE,
		"UPDATE audit_responses SET unit_id = $3, response_date = $4, case_ref = $5, address = $6,"
		" addressee = $7, title = $8, summary = $9, updated_at = $10, version = version + 1"
		" WHERE id = $1 AND version = $2 AND status = 'draft'");
static DB_QUERY(Q_RESP_APPROVE,
		"UPDATE audit_responses SET status = 'approved', approved_by = $3, approved_on = $4, updated_at = $5,"
		" version = version + 1 WHERE id = $1 AND version = $2 AND status = 'draft'");
static DB_QUERY(Q_RESP_SUPERSEDE,
		"UPDATE audit_responses SET superseded = 1, updated_at = $2, version = version + 1 WHERE id = $1");
static DB_QUERY(Q_RESP_CLOSE_MEASURES, "UPDATE measures SET open = 0 WHERE response_id = $1");

static void resp_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct audit_response *x = out;
	x->id = rows_int(r, i, 0);
	x->inspection_id = rows_int(r, i, 1);
	x->inspection_title = rows_text(r, i, 2);
	x->inspection_case_ref = rows_text(r, i, 3);
	x->inspection_path = rows_text(r, i, 4);
	x->unit_id = rows_int(r, i, 5);
	x->unit_name = rows_text(r, i, 6);
	x->unit_path = rows_text(r, i, 7);
	x->supplements_id = rows_int(r, i, 8);
	x->superseded = rows_bool(r, i, 9);
	x->response_date = rows_text(r, i, 10);
	x->case_ref = rows_text(r, i, 11);
	x->address = rows_text(r, i, 12);
	x->addressee = rows_text(r, i, 13);
	x->title = rows_text(r, i, 14);
	x->summary = rows_text(r, i, 15);
	x->status = rows_text(r, i, 16);
	x->approved_by = rows_text(r, i, 17);
	x->approved_on = rows_text(r, i, 18);
	x->version = rows_int(r, i, 19);
	x->created_by = rows_int(r, i, 20);
	x->created_at = rows_text(r, i, 21);
	x->updated_at = rows_text(r, i, 22);
}

int q_response_get(struct db *db, struct arena *a, int64_t id, struct audit_response *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RESP_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (!rows.n_rows)
		return ERR_NOTFOUND;
	resp_from_row(&rows, 0, out);
	return 0;
}

int q_response_of_inspection(struct db *db, struct arena *a, int64_t inspection_id, struct audit_response **out,
			     size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_RESP_OF, DB_ARGS(DB_INT(inspection_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), resp_from_row, n);
	return rc;
}

int q_response_insert(struct db *db, struct arena *a, int64_t inspection_id, int64_t supplements_id,
		      const struct response_input *in, int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_RESP_INSERT,
			     DB_ARGS(DB_INT(inspection_id), DB_INT(in->unit_id), DB_ID(supplements_id),
				     DB_TEXT(in->response_date), DB_TEXT(opt(in->case_ref)), DB_TEXT(opt(in->address)),
				     DB_TEXT(opt(in->addressee)), DB_TEXT(in->title), DB_TEXT(opt(in->summary)),
				     DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_response_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct response_input *in,
		      const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_RESP_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->response_date),
				       DB_TEXT(opt(in->case_ref)), DB_TEXT(opt(in->address)),
				       DB_TEXT(opt(in->addressee)), DB_TEXT(in->title), DB_TEXT(opt(in->summary)),
				       DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_response_approve(struct db *db, struct arena *a, int64_t id, int64_t version, const char *by_name, const char *on,
		       const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_RESP_APPROVE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(by_name), DB_TEXT(on), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_response_supersede(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_RESP_SUPERSEDE, DB_ARGS(DB_INT(id), DB_TEXT(now)), e);
	if (rc)
		return rc;
	return db_run(db, a, &Q_RESP_CLOSE_MEASURES, DB_ARGS(DB_INT(id)), NULL, e);
}

/* --- action areas ------------------------------------------------------------------------------ */

#define AREA_COLS                                                                                           \
	"SELECT id, response_id, number, heading, decided_action, expected_effect, actions_taken, version," \
	" created_by, created_at, updated_at FROM action_areas"

static DB_QUERY(Q_AREA_GET, AREA_COLS " WHERE id = $1");
static DB_QUERY_PLAN_ONCE(Q_AREA_LIST, AREA_COLS " WHERE response_id = $1 ORDER BY number, id");
static DB_QUERY_PLAN_ONCE(
	Q_AREA_RECS, "SELECT ar.area_id, r.id, r.number FROM action_area_recommendations ar"
		     " JOIN action_areas x ON x.id = ar.area_id JOIN recommendations r ON r.id = ar.recommendation_id"
		     " WHERE x.response_id = $1 ORDER BY ar.area_id, r.number");
static DB_QUERY(Q_AREA_INSERT,
		"INSERT INTO action_areas (response_id, number, heading, decided_action, expected_effect,"
		" actions_taken, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $8) RETURNING id");
static DB_QUERY(Q_AREA_UPDATE,
		"UPDATE action_areas SET number = $3, heading = $4, decided_action = $5, expected_effect = $6,"
		" actions_taken = $7, updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_AREA_RECS_CLEAR, "DELETE FROM action_area_recommendations WHERE area_id = $1");
static DB_QUERY(Q_AREA_REC_ADD, "INSERT INTO action_area_recommendations (area_id, recommendation_id) VALUES ($1, $2)");
static DB_QUERY(Q_AREA_REC_OF, "SELECT 1 FROM recommendations WHERE id = $1 AND inspection_id = $2");

static void area_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct action_area *x = out;
	x->id = rows_int(r, i, 0);
	x->response_id = rows_int(r, i, 1);
	x->number = rows_int(r, i, 2);
	x->heading = rows_text(r, i, 3);
	x->decided_action = rows_text(r, i, 4);
	x->expected_effect = rows_text(r, i, 5);
	x->actions_taken = rows_text(r, i, 6);
	x->version = rows_int(r, i, 7);
	x->created_by = rows_int(r, i, 8);
	x->created_at = rows_text(r, i, 9);
	x->updated_at = rows_text(r, i, 10);
	x->rec_ids = x->rec_numbers = "";
}

/* Fill each area's recommendations from one query over its response. */
static int area_fill_recs(struct db *db, struct arena *a, int64_t response_id, struct action_area *list, size_t n,
			  struct err *e)
{
	struct db_rows rows;
	int rc;

	if (!n)
		return 0;
	if ((rc = db_run(db, a, &Q_AREA_RECS, DB_ARGS(DB_INT(response_id)), &rows, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct buf ids, nums;
		buf_init(&ids, a);
		buf_init(&nums, a);
		for (size_t k = 0; k < rows.n_rows; k++) {
			if (rows_int(&rows, k, 0) != list[i].id)
				continue;
			buf_addf(&ids, "%s%s", ids.len ? "," : "", rows_text(&rows, k, 1));
			buf_addf(&nums, "%s%s", nums.len ? ", " : "", rows_text(&rows, k, 2));
		}
		list[i].rec_ids = ids.len ? ids.data : "";
		list[i].rec_numbers = nums.len ? nums.data : "";
	}
	return 0;
}

int q_area_get(struct db *db, struct arena *a, int64_t id, struct action_area *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AREA_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (!rows.n_rows)
		return ERR_NOTFOUND;
	area_from_row(&rows, 0, out);
	return area_fill_recs(db, a, out->response_id, out, 1, e);
}

int q_area_list(struct db *db, struct arena *a, int64_t response_id, struct action_area **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AREA_LIST, DB_ARGS(DB_INT(response_id)), &rows, e);
	if (rc)
		return rc;
	*out = rows_map(a, &rows, sizeof(**out), area_from_row, n);
	return area_fill_recs(db, a, response_id, *out, *n, e);
}

int q_area_insert(struct db *db, struct arena *a, int64_t response_id, const struct action_area_input *in, int64_t by,
		  const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_AREA_INSERT,
			     DB_ARGS(DB_INT(response_id), DB_INT(in->number), DB_TEXT(in->heading),
				     DB_TEXT(opt(in->decided_action)), DB_TEXT(opt(in->expected_effect)),
				     DB_TEXT(opt(in->actions_taken)), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_area_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct action_area_input *in,
		  const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_AREA_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->number), DB_TEXT(in->heading),
				       DB_TEXT(opt(in->decided_action)), DB_TEXT(opt(in->expected_effect)),
				       DB_TEXT(opt(in->actions_taken)), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_area_set_recommendations(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e)
{
	int rc = db_run(db, a, &Q_AREA_RECS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_run(db, a, &Q_AREA_REC_ADD, DB_ARGS(DB_INT(id), DB_INT(ids[i])), NULL, e);
	return rc;
}

int q_area_rec_of(struct db *db, struct arena *a, int64_t rec_id, int64_t inspection_id, bool *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AREA_REC_OF, DB_ARGS(DB_INT(rec_id), DB_INT(inspection_id)), &rows, e);
	if (!rc)
		*out = rows.n_rows > 0;
	return rc;
}

/* --- measures ---------------------------------------------------------------------------------- */

#define MEASURE_COLS                                                                                                   \
	"SELECT m.id, m.response_id, s.status, s.superseded, s.unit_id, su.path, s.title, s.inspection_id, m.area_id," \
	" x.number, m.position, m.title, m.unit_id, u.name, u.path, m.owner_id, ow.display_name, m.status, m.comment," \
	" m.case_ref, m.planned_date, m.done_date, m.previous_id, m.open,"                                             \
	" (SELECT tu.name FROM measure_handovers h JOIN units tu ON tu.id = h.to_unit_id WHERE h.measure_id = m.id"    \
	"  ORDER BY h.id DESC LIMIT 1),"                                                                               \
	" m.version, m.created_by, m.created_at, m.updated_at"
#define MEASURE_FROM                                                                                         \
	" FROM measures m JOIN audit_responses s ON s.id = m.response_id JOIN units su ON su.id = s.unit_id" \
	" JOIN units u ON u.id = m.unit_id LEFT JOIN action_areas x ON x.id = m.area_id"                     \
	" LEFT JOIN users ow ON ow.id = m.owner_id"
/*
 * $1 viewer, $2 subtree, $3 owner, $4 overdue, $5 today. The overdue clause as written for every case, or
 * plainly (SQLite's planner cannot see that "$4 = 0 OR ..." is off) so that measures_due answers it in the
 * order of the list; PostgreSQL plans each run with its values and keeps the one statement.
 */
#define MEASURE_OVERDUE_ANY " AND (CAST($4 AS BIGINT) = 0 OR m.planned_date < CAST($5 AS TEXT))"
#define MEASURE_OVERDUE_IS  " AND m.planned_date < CAST($5 AS TEXT)"
#define MEASURE_FILTER_OF(overdue)                                                          \
	" WHERE m.open = 1 AND (" SQL_UNIT_VISIBLE("u.path", "$1") " OR " SQL_UNIT_VISIBLE( \
		"su.path",                                                                  \
		"$1") ") AND " SQL_PATH_IN_SUBTREE("u.path",                                \
						   "$2") " AND (CAST($3 AS BIGINT) = 0 OR m.owner_id = CAST($3 AS BIGINT))" overdue
#define MEASURE_FILTER MEASURE_FILTER_OF(MEASURE_OVERDUE_ANY)
/*
 * SQLite, with a subtree ($2): the measures of its units, one look-up in
 * measures_unit each, instead of every open (or overdue) measure of the
 * installation sifted by its unit's path (a unit's page at national size:
 * 70 ms, not 1). PostgreSQL plans the general statement with its values.
 */
#define MEASURE_IN_SUBTREE " AND m.unit_id IN (" SQL_UNITS_OF_SUBTREE("$2") ")"
/*
 * A page: the ids sorted first (in @order, the same as the page's order but
 * perhaps written so that no index can give it), then the page's rows with
 * their last handover.
 */
#define MEASURE_PAGE_OF(filter, order)                                                                                \
	MEASURE_COLS " FROM (SELECT m.id AS pid FROM measures m JOIN audit_responses s ON s.id = m.response_id"       \
		     " JOIN units su ON su.id = s.unit_id JOIN units u ON u.id = m.unit_id" filter " ORDER BY " order \
		     " LIMIT $6 OFFSET $7) pg JOIN measures m ON m.id = pg.pid"                                       \
		     " JOIN audit_responses s ON s.id = m.response_id JOIN units su ON su.id = s.unit_id"             \
		     " JOIN units u ON u.id = m.unit_id LEFT JOIN action_areas x ON x.id = m.area_id"                 \
		     " LEFT JOIN users ow ON ow.id = m.owner_id ORDER BY m.planned_date, m.id"
#define MEASURE_PAGE(filter) MEASURE_PAGE_OF(filter, "m.planned_date, m.id")
/* Sorted after the subtree's measures are found (read along measures_due, the order would read them all). */
#define MEASURE_PAGE_IN(filter) MEASURE_PAGE_OF(filter MEASURE_IN_SUBTREE, "m.planned_date || '', m.id + 0")

/*
 * PostgreSQL plans a list's statement for every run, and the page above
 * (ten tables, four subqueries of the viewer's grants) cost 2.5 ms to plan
 * for 0.1 to run: each table more that a join may reorder multiplies the
 * planner's work. Its text for every list is one level: the measure, its
 * response and its unit joined (the filters read them), the rest looked up
 * per row of the page (after the sort and the limit), and the units the
 * viewer's grants reach found once for both of the measure's units (by id:
 * a unit's path names it alone). Planned in 0.7 ms, and no run of it was
 * slower (a unit's page, a coordinator's list, the overdue of everyone).
 */
#define MEASURE_LIST_PG                                                                                                                  \
	"WITH seen_(id) AS (" SQL_UNITS_GRANTED(                                                                                         \
		"$1") ")"                                                                                                                \
		      " SELECT m.id, m.response_id, s.status, s.superseded, s.unit_id,"                                                  \
		      " (SELECT su.path FROM units su WHERE su.id = s.unit_id), s.title, s.inspection_id, m.area_id,"                    \
		      " (SELECT x.number FROM action_areas x WHERE x.id = m.area_id), m.position, m.title, m.unit_id, u.name,"           \
		      " u.path, m.owner_id, (SELECT ow.display_name FROM users ow WHERE ow.id = m.owner_id), m.status, m.comment,"       \
		      " m.case_ref, m.planned_date, m.done_date, m.previous_id, m.open,"                                                 \
		      " (SELECT tu.name FROM measure_handovers h JOIN units tu ON tu.id = h.to_unit_id WHERE h.measure_id = m.id"        \
		      "  ORDER BY h.id DESC LIMIT 1),"                                                                                   \
		      " m.version, m.created_by, m.created_at, m.updated_at"                                                             \
		      " FROM measures m JOIN audit_responses s ON s.id = m.response_id JOIN units u ON u.id = m.unit_id"                 \
		      " WHERE m.open = 1 AND (" SQL_SEEN_BY_GRANTS(                                                                      \
			      "$1") " OR m.unit_id IN (SELECT id FROM seen_) OR s.unit_id IN (SELECT id FROM seen_))"                    \
				    " AND " SQL_PATH_IN_SUBTREE(                                                                         \
					    "u.path",                                                                                    \
					    "$2") " AND (CAST($3 AS BIGINT) = 0 OR m.owner_id = CAST($3 AS BIGINT))" MEASURE_OVERDUE_ANY \
						  " ORDER BY m.planned_date, m.id LIMIT $6 OFFSET $7"

static DB_QUERY(Q_MEASURE_GET, MEASURE_COLS MEASURE_FROM " WHERE m.id = $1");
static DB_QUERY_PLAN_ONCE(Q_MEASURE_OF_RESP,
			  MEASURE_COLS MEASURE_FROM " WHERE m.response_id = $1 ORDER BY m.position, m.id");
static DB_QUERY(Q_MEASURE_OF_REC, MEASURE_COLS MEASURE_FROM
		" JOIN action_area_recommendations ar ON ar.area_id = m.area_id"
		" WHERE ar.recommendation_id = $1 AND s.superseded = 0 ORDER BY s.response_date, m.position, m.id");
static DB_QUERY2(Q_MEASURE_LIST, MEASURE_PAGE(MEASURE_FILTER), MEASURE_LIST_PG);
static DB_QUERY(Q_MEASURE_COUNT, "SELECT count(*)" MEASURE_FROM MEASURE_FILTER);
static DB_QUERY2(Q_MEASURE_LIST_LATE, MEASURE_PAGE(MEASURE_FILTER_OF(MEASURE_OVERDUE_IS)), MEASURE_LIST_PG);
static DB_QUERY2(Q_MEASURE_COUNT_LATE, "SELECT count(*)" MEASURE_FROM MEASURE_FILTER_OF(MEASURE_OVERDUE_IS),
		 "SELECT count(*)" MEASURE_FROM MEASURE_FILTER);
static DB_QUERY2(Q_MEASURE_LIST_IN, MEASURE_PAGE_IN(MEASURE_FILTER), MEASURE_LIST_PG);
static DB_QUERY2(Q_MEASURE_COUNT_IN, "SELECT count(*)" MEASURE_FROM MEASURE_FILTER MEASURE_IN_SUBTREE,
		 "SELECT count(*)" MEASURE_FROM MEASURE_FILTER);
static DB_QUERY2(Q_MEASURE_LIST_LATE_IN, MEASURE_PAGE_IN(MEASURE_FILTER_OF(MEASURE_OVERDUE_IS)), MEASURE_LIST_PG);
static DB_QUERY2(Q_MEASURE_COUNT_LATE_IN,
		 "SELECT count(*)" MEASURE_FROM MEASURE_FILTER_OF(MEASURE_OVERDUE_IS) MEASURE_IN_SUBTREE,
		 "SELECT count(*)" MEASURE_FROM MEASURE_FILTER);
static DB_QUERY(Q_MEASURE_INSERT,
		"INSERT INTO measures (response_id, area_id, position, title, unit_id, owner_id, status, comment,"
		" case_ref, planned_date, done_date, previous_id, open, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM measures WHERE response_id = $1),"
		" $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14) RETURNING id");
static DB_QUERY(Q_MEASURE_UPDATE,
		"UPDATE measures SET area_id = $3, title = $4, unit_id = $5, owner_id = $6, status = $7, comment = $8,"
		" case_ref = $9, planned_date = $10, done_date = $11, open = $12, updated_at = $13,"
		" version = version + 1 WHERE id = $1 AND version = $2");

static void measure_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct measure *m = out;
	m->id = rows_int(r, i, 0);
	m->response_id = rows_int(r, i, 1);
	m->response_status = rows_text(r, i, 2);
	m->response_superseded = rows_bool(r, i, 3);
	m->response_unit_id = rows_int(r, i, 4);
	m->response_unit_path = rows_text(r, i, 5);
	m->response_title = rows_text(r, i, 6);
	m->inspection_id = rows_int(r, i, 7);
	m->area_id = rows_int(r, i, 8);
	m->area_number = rows_int(r, i, 9);
	m->position = rows_int(r, i, 10);
	m->title = rows_text(r, i, 11);
	m->unit_id = rows_int(r, i, 12);
	m->unit_name = rows_text(r, i, 13);
	m->unit_path = rows_text(r, i, 14);
	m->owner_id = rows_int(r, i, 15);
	m->owner_name = rows_text(r, i, 16);
	m->status = rows_text(r, i, 17);
	m->comment = rows_text(r, i, 18);
	m->case_ref = rows_text(r, i, 19);
	m->planned_date = rows_text(r, i, 20);
	m->done_date = rows_text(r, i, 21);
	m->previous_id = rows_int(r, i, 22);
	m->open = rows_bool(r, i, 23);
	m->handed_to = rows_text(r, i, 24);
	m->version = rows_int(r, i, 25);
	m->created_by = rows_int(r, i, 26);
	m->created_at = rows_text(r, i, 27);
	m->updated_at = rows_text(r, i, 28);
}

static int measure_rows(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct measure **out,
			size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), measure_from_row, n);
	return rc;
}

int q_measure_get(struct db *db, struct arena *a, int64_t id, struct measure *out, struct err *e)
{
	struct measure *m;
	size_t n;
	int rc = measure_rows(db, a, &Q_MEASURE_GET, id, &m, &n, e);
	if (rc)
		return rc;
	if (!n)
		return ERR_NOTFOUND;
	*out = m[0];
	return 0;
}

int q_measure_of_response(struct db *db, struct arena *a, int64_t response_id, struct measure **out, size_t *n,
			  struct err *e)
{
	return measure_rows(db, a, &Q_MEASURE_OF_RESP, response_id, out, n, e);
}

int q_measure_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct measure **out, size_t *n,
				struct err *e)
{
	return measure_rows(db, a, &Q_MEASURE_OF_REC, rec_id, out, n, e);
}

int q_measure_list(struct db *db, struct arena *a, const struct measure_filter *f, const char *subtree,
		   struct measure **out, size_t *n, int64_t *total, struct err *e)
{
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows rows;
	int rc;

#define MEASURE_ARGS                                                                             \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->owner_id), DB_INT(f->overdue ? 1 : 0), \
		DB_TEXT(f->today ? f->today : "")
	/* [overdue][subtree] */
	static const struct db_query *const lists[2][2] = { { &Q_MEASURE_LIST, &Q_MEASURE_LIST_IN },
							    { &Q_MEASURE_LIST_LATE, &Q_MEASURE_LIST_LATE_IN } };
	static const struct db_query *const counts[2][2] = { { &Q_MEASURE_COUNT, &Q_MEASURE_COUNT_IN },
							     { &Q_MEASURE_COUNT_LATE, &Q_MEASURE_COUNT_LATE_IN } };
	int late = f->overdue ? 1 : 0, in = subtree ? 1 : 0;

	if ((rc = db_run_count_kept(db, a, counts[late][in], DB_ARGS(MEASURE_ARGS), total, e)))
		return rc;
	/* The late ones (a unit's page, the start page) are kept per data version and day, as their count is. */
	rc = db_run_rows_kept_if(late, db, a, lists[late][in],
				 DB_ARGS(MEASURE_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef MEASURE_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), measure_from_row, n);
	return rc;
}

int q_measure_insert(struct db *db, struct arena *a, int64_t response_id, const struct measure_input *in,
		     int64_t previous_id, int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_MEASURE_INSERT,
			     DB_ARGS(DB_INT(response_id), DB_ID(in->area_id), DB_TEXT(in->title), DB_INT(in->unit_id),
				     DB_ID(in->owner_id), DB_TEXT(in->status), DB_TEXT(opt(in->comment)),
				     DB_TEXT(opt(in->case_ref)), DB_TEXT(opt_null(in->planned_date)),
				     DB_TEXT(opt_null(in->done_date)), DB_ID(previous_id),
				     DB_INT(strcmp(in->status, "done") ? 1 : 0), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_measure_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct measure_input *in,
		     const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_MEASURE_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_ID(in->area_id), DB_TEXT(in->title),
				       DB_INT(in->unit_id), DB_ID(in->owner_id), DB_TEXT(in->status),
				       DB_TEXT(opt(in->comment)), DB_TEXT(opt(in->case_ref)),
				       DB_TEXT(opt_null(in->planned_date)), DB_TEXT(opt_null(in->done_date)),
				       DB_INT(strcmp(in->status, "done") ? 1 : 0), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

/* --- hand-overs ------------------------------------------------------------------------------ */

static DB_QUERY(Q_HANDOVER_INSERT,
		"INSERT INTO measure_handovers (measure_id, from_unit_id, to_unit_id, handed_on, note, created_by,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
static DB_QUERY2(Q_HANDOVER_OF,
		 "SELECT h.id, h.measure_id, h.from_unit_id, fu.name, h.to_unit_id, tu.name, h.handed_on, h.note,"
		 " h.created_by, h.created_at FROM json_each($1) j JOIN measure_handovers h"
		 " ON h.measure_id = CAST(j.value AS BIGINT) JOIN units fu ON fu.id = h.from_unit_id"
		 " JOIN units tu ON tu.id = h.to_unit_id ORDER BY h.id",
		 "SELECT h.id, h.measure_id, h.from_unit_id, fu.name, h.to_unit_id, tu.name, h.handed_on, h.note,"
		 " h.created_by, h.created_at FROM json_array_elements_text(CAST($1 AS json)) AS j(value)"
		 " JOIN measure_handovers h ON h.measure_id = CAST(j.value AS BIGINT)"
		 " JOIN units fu ON fu.id = h.from_unit_id JOIN units tu ON tu.id = h.to_unit_id ORDER BY h.id");

int q_handover_insert(struct db *db, struct arena *a, const struct measure_handover *h, struct err *e)
{
	return db_run(db, a, &Q_HANDOVER_INSERT,
		      DB_ARGS(DB_INT(h->measure_id), DB_INT(h->from_unit_id), DB_INT(h->to_unit_id),
			      DB_TEXT(h->handed_on), DB_TEXT(opt(h->note)), DB_ID(h->created_by),
			      DB_TEXT(h->created_at)),
		      NULL, e);
}

static void handover_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct measure_handover *h = out;
	h->id = rows_int(r, i, 0);
	h->measure_id = rows_int(r, i, 1);
	h->from_unit_id = rows_int(r, i, 2);
	h->from_name = rows_text(r, i, 3);
	h->to_unit_id = rows_int(r, i, 4);
	h->to_name = rows_text(r, i, 5);
	h->handed_on = rows_text(r, i, 6);
	h->note = rows_text(r, i, 7);
	h->created_by = rows_int(r, i, 8);
	h->created_at = rows_text(r, i, 9);
}

int q_handover_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct measure_handover **out,
		  size_t *n_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_HANDOVER_OF, DB_ARGS(DB_TEXT(db_ids_json(a, ids, n))), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), handover_from_row, n_out);
	return rc;
}
