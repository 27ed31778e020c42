/*
 * q_inspection.c - SQL of audits, their boards, report files,
 * recommendations and follow-up findings, and the typed functions that run
 * it.
 *
 * Who sees an audit or a recommendation: whoever sees the unit it is
 * registered in, or one of the boards it is addressed to. A
 * recommendation's measures are counted from the responses that are not
 * superseded (the current one of each board), through the action areas
 * that answer it. Lists of ids go in as a JSON array (json_each on SQLite,
 * json_array_elements_text on PostgreSQL).
 */
#include "db/q_inspection.h"

#include <inttypes.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

/* --- audits ------------------------------------------------------------------------------- */

#define INSP_COLS                                                                                                \
	"SELECT i.id, i.unit_id, u.name, u.path, i.auditor_kind, i.auditor, i.title, i.report_date, i.case_ref," \
	" i.scope, i.assessment, i.observations, i.follows_id, fi.title, fi.report_date,"                        \
	" (SELECT count(*) FROM recommendations r WHERE r.inspection_id = i.id),"                                \
	" (SELECT count(*) FROM recommendations r WHERE r.inspection_id = i.id AND r.status = 'open'),"          \
	" f.file_name, f.size, f.sha256, i.version, i.created_by, i.created_at, i.updated_at"                    \
	" FROM inspections i JOIN units u ON u.id = i.unit_id LEFT JOIN inspections fi ON fi.id = i.follows_id"  \
	" LEFT JOIN inspection_files f ON f.inspection_id = i.id"
#define INSP_FROM " FROM inspections i JOIN units u ON u.id = i.unit_id"
/*
 * $1 viewer, $2 subtree, $3 from, $4 to (report dates), $5 kind, $6 search pattern. An audit is seen through
 * its unit or one of its boards; both are tested by unit id against the set of units under the viewer's grants
 * (or of the subtree), so that the audit's own row decides and the unit is read only for the rows shown:
 * PostgreSQL then reads the newest audits from inspections_date and stops at the page, where a test of the
 * unit's path joined every unit of the installation first (the list at national size 14 -> 1.2 ms).
 */
#define INSP_FILTER                                                                                                                                         \
	" WHERE (" SQL_SEEN_BY_GRANTS("$1") " OR i.unit_id IN (" SQL_UNITS_GRANTED(                                                                         \
		"$1") ") OR EXISTS (SELECT 1 FROM inspection_boards vb WHERE vb.inspection_id = i.id"                                                       \
		      " AND vb.unit_id IN (" SQL_UNITS_GRANTED(                                                                                             \
			      "$1") ")))"                                                                                                                   \
				    " AND (CAST($2 AS TEXT) IS NULL OR i.unit_id IN (" SQL_UNITS_OF_SUBTREE(                                                \
					    "$2") ") OR EXISTS (SELECT 1 FROM inspection_boards sb WHERE sb.inspection_id = i.id"                           \
						  " AND sb.unit_id IN (" SQL_UNITS_OF_SUBTREE(                                                              \
							  "$2") ")))"                                                                                       \
								" AND (CAST($3 AS TEXT) IS NULL OR i.report_date >= CAST($3 AS TEXT))"                      \
								" AND (CAST($4 AS TEXT) IS NULL OR i.report_date < CAST($4 AS TEXT))"                       \
								" AND (CAST($5 AS TEXT) IS NULL OR i.auditor_kind = CAST($5 AS TEXT))"                      \
								" AND (CAST($6 AS TEXT) IS NULL OR lower(i.title) LIKE lower(CAST($6 AS TEXT)) ESCAPE '\\'" \
								"      OR lower(i.auditor) LIKE lower(CAST($6 AS TEXT)) ESCAPE '\\'"                        \
								"      OR lower(i.case_ref) LIKE lower(CAST($6 AS TEXT)) ESCAPE '\\')"
#define INSP_PAGE " LIMIT $7 OFFSET $8"

static DB_QUERY_PLAN_ONCE(Q_INSP_GET, INSP_COLS " WHERE i.id = $1");
static DB_QUERY(Q_INSP_LIST_DATE_ASC, INSP_COLS INSP_FILTER " ORDER BY i.report_date, i.id" INSP_PAGE);
static DB_QUERY(Q_INSP_LIST_DATE_DESC, INSP_COLS INSP_FILTER " ORDER BY i.report_date DESC, i.id DESC" INSP_PAGE);
static DB_QUERY(Q_INSP_LIST_TITLE_ASC, INSP_COLS INSP_FILTER " ORDER BY lower(i.title), i.id" INSP_PAGE);
static DB_QUERY(Q_INSP_LIST_TITLE_DESC, INSP_COLS INSP_FILTER " ORDER BY lower(i.title) DESC, i.id DESC" INSP_PAGE);
static DB_QUERY(Q_INSP_LIST_AUDITOR_ASC,
		INSP_COLS INSP_FILTER " ORDER BY lower(i.auditor), i.report_date, i.id" INSP_PAGE);
static DB_QUERY(Q_INSP_LIST_AUDITOR_DESC,
		INSP_COLS INSP_FILTER " ORDER BY lower(i.auditor) DESC, i.report_date DESC, i.id DESC" INSP_PAGE);
static DB_QUERY(Q_INSP_COUNT, "SELECT count(*)" INSP_FROM INSP_FILTER);
static DB_QUERY(Q_INSP_INSERT,
		"INSERT INTO inspections (unit_id, auditor_kind, auditor, title, report_date, case_ref, scope,"
		" assessment, observations, follows_id, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12) RETURNING id");
static DB_QUERY(Q_INSP_UPDATE,
		"UPDATE inspections SET unit_id = $3, auditor_kind = $4, auditor = $5, title = $6, report_date = $7,"
		" case_ref = $8, scope = $9, assessment = $10, observations = $11, follows_id = $12, updated_at = $13,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_INSP_RECS_FOLLOW,
		"UPDATE recommendations SET unit_id = $2, report_date = $3 WHERE inspection_id = $1");
static DB_QUERY(Q_INSP_BOARDS_CLEAR, "DELETE FROM inspection_boards WHERE inspection_id = $1");
static DB_QUERY(Q_INSP_BOARD_ADD, "INSERT INTO inspection_boards (inspection_id, unit_id) VALUES ($1, $2)");
static DB_QUERY_PLAN_ONCE(
	Q_INSP_BOARDS,
	"SELECT b.inspection_id, u.id, u.name, u.path FROM inspection_boards b JOIN units u ON u.id = b.unit_id"
	" WHERE b.inspection_id = $1 ORDER BY lower(u.name), u.id");
static DB_QUERY(Q_INSP_ADDRESSED, "SELECT 1 FROM inspection_boards WHERE inspection_id = $1 AND unit_id = $2");
static DB_QUERY(Q_INSP_UNIT, "SELECT 0, id, name, path FROM units WHERE id = $1");
static DB_QUERY_PLAN_ONCE(Q_INSP_FOLLOWUPS, INSP_COLS " WHERE i.follows_id = $1 ORDER BY i.report_date, i.id");

static void insp_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct inspection *x = out;
	x->id = rows_int(r, i, 0);
	x->unit_id = rows_int(r, i, 1);
	x->unit_name = rows_text(r, i, 2);
	x->unit_path = rows_text(r, i, 3);
	x->auditor_kind = rows_text(r, i, 4);
	x->auditor = rows_text(r, i, 5);
	x->title = rows_text(r, i, 6);
	x->report_date = rows_text(r, i, 7);
	x->case_ref = rows_text(r, i, 8);
	x->scope = rows_text(r, i, 9);
	x->assessment = rows_text(r, i, 10);
	x->observations = rows_text(r, i, 11);
	x->follows_id = rows_int(r, i, 12);
	x->follows_title = rows_text(r, i, 13);
	x->follows_date = rows_text(r, i, 14);
	x->n_recommendations = rows_int(r, i, 15);
	x->n_open = rows_int(r, i, 16);
	x->file_name = rows_text(r, i, 17);
	x->file_size = rows_int(r, i, 18);
	x->file_sha256 = rows_text(r, i, 19);
	x->version = rows_int(r, i, 20);
	x->created_by = rows_int(r, i, 21);
	x->created_at = rows_text(r, i, 22);
	x->updated_at = rows_text(r, i, 23);
}

int q_inspection_get(struct db *db, struct arena *a, int64_t id, struct inspection *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INSP_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (!rows.n_rows)
		return ERR_NOTFOUND;
	insp_from_row(&rows, 0, out);
	return 0;
}

static const char *year_bound(struct arena *a, int64_t year)
{
	return year > 0 ? arena_printf(a, "%04" PRId64 "-01-01", year) : NULL;
}

int q_inspection_list(struct db *db, struct arena *a, const struct inspection_filter *f, const char *subtree,
		      struct inspection **out, size_t *n, int64_t *total, struct err *e)
{
	static const struct db_query *const by[3][2] = {
		{ &Q_INSP_LIST_DATE_ASC, &Q_INSP_LIST_DATE_DESC },
		{ &Q_INSP_LIST_TITLE_ASC, &Q_INSP_LIST_TITLE_DESC },
		{ &Q_INSP_LIST_AUDITOR_ASC, &Q_INSP_LIST_AUDITOR_DESC },
	};
	const struct db_query *q = by[f->sort <= INSPECTION_SORT_AUDITOR ? f->sort : 0][f->desc ? 1 : 0];
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows rows;
	int rc;

#define INSP_ARGS                                                                                                  \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(year_bound(a, f->year)),                                   \
		DB_TEXT(year_bound(a, f->year ? f->year + 1 : 0)), DB_TEXT(f->kind && * f->kind ? f->kind : NULL), \
		DB_TEXT(like)
	/* Audits and their boards are written with an audit entry: the count holds until the next write. */
	if (total && (rc = db_run_count_kept(db, a, &Q_INSP_COUNT, DB_ARGS(INSP_ARGS), total, e)))
		return rc;
	rc = db_run(db, a, q, DB_ARGS(INSP_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef INSP_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), insp_from_row, n);
	return rc;
}

static const char *opt(const char *s)
{
	return s && *s ? s : "";
}

int q_inspection_insert(struct db *db, struct arena *a, const struct inspection_input *in, int64_t by, const char *now,
			int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_INSP_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->auditor_kind), DB_TEXT(opt(in->auditor)),
				     DB_TEXT(in->title), DB_TEXT(in->report_date), DB_TEXT(opt(in->case_ref)),
				     DB_TEXT(opt(in->scope)), DB_TEXT(opt(in->assessment)),
				     DB_TEXT(opt(in->observations)), DB_ID(in->follows_id), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_inspection_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct inspection_input *in,
			const char *now, struct err *e)
{
	int rc =
		db_run_change(db, a, &Q_INSP_UPDATE,
			      DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->auditor_kind),
				      DB_TEXT(opt(in->auditor)), DB_TEXT(in->title), DB_TEXT(in->report_date),
				      DB_TEXT(opt(in->case_ref)), DB_TEXT(opt(in->scope)), DB_TEXT(opt(in->assessment)),
				      DB_TEXT(opt(in->observations)), DB_ID(in->follows_id), DB_TEXT(now)),
			      e);
	if (rc == ERR_NOTFOUND)
		return ERR_CONFLICT;
	if (rc)
		return rc;
	return db_run(db, a, &Q_INSP_RECS_FOLLOW, DB_ARGS(DB_INT(id), DB_INT(in->unit_id), DB_TEXT(in->report_date)),
		      NULL, e);
}

int q_inspection_set_boards(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e)
{
	int rc = db_run(db, a, &Q_INSP_BOARDS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_run(db, a, &Q_INSP_BOARD_ADD, DB_ARGS(DB_INT(id), DB_INT(ids[i])), NULL, e);
	return rc;
}

static void board_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct insp_board *b = out;
	b->owner_id = rows_int(r, i, 0);
	b->id = rows_int(r, i, 1);
	b->name = rows_text(r, i, 2);
	b->path = rows_text(r, i, 3);
}

int q_inspection_boards(struct db *db, struct arena *a, int64_t id, struct insp_board **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INSP_BOARDS, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), board_from_row, n);
	return rc;
}

int q_inspection_addressed(struct db *db, struct arena *a, int64_t id, int64_t unit_id, bool *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INSP_ADDRESSED, DB_ARGS(DB_INT(id), DB_INT(unit_id)), &rows, e);
	if (!rc)
		*out = rows.n_rows > 0;
	return rc;
}

int q_inspection_unit(struct db *db, struct arena *a, int64_t id, struct insp_board *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INSP_UNIT, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (!rows.n_rows)
		return ERR_NOTFOUND;
	board_from_row(&rows, 0, out);
	return 0;
}

int q_inspection_followups(struct db *db, struct arena *a, int64_t id, struct inspection **out, size_t *n,
			   struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_INSP_FOLLOWUPS, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), insp_from_row, n);
	return rc;
}

/* --- the report file ------------------------------------------------------------------------- */

static DB_QUERY(Q_FILE_GET, "SELECT id, inspection_id, file_name, mime, size, sha256, data, created_by, created_at"
			    " FROM inspection_files WHERE inspection_id = $1");
static DB_QUERY(Q_FILE_CLEAR, "DELETE FROM inspection_files WHERE inspection_id = $1");
static DB_QUERY(Q_FILE_INSERT,
		"INSERT INTO inspection_files (inspection_id, file_name, mime, size, sha256, data, created_by,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");

int q_inspection_file_get(struct db *db, struct arena *a, int64_t inspection_id, struct inspection_file *out,
			  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FILE_GET, DB_ARGS(DB_INT(inspection_id)), &rows, e);
	if (rc)
		return rc;
	if (!rows.n_rows)
		return ERR_NOTFOUND;
	out->id = rows_int(&rows, 0, 0);
	out->inspection_id = rows_int(&rows, 0, 1);
	out->file_name = rows_text(&rows, 0, 2);
	out->mime = rows_text(&rows, 0, 3);
	out->size = rows_int(&rows, 0, 4);
	out->sha256 = rows_text(&rows, 0, 5);
	out->data = rows_text(&rows, 0, 6);
	out->created_by = rows_int(&rows, 0, 7);
	out->created_at = rows_text(&rows, 0, 8);
	return 0;
}

int q_inspection_file_put(struct db *db, struct arena *a, const struct inspection_file *f, struct err *e)
{
	int rc = db_run(db, a, &Q_FILE_CLEAR, DB_ARGS(DB_INT(f->inspection_id)), NULL, e);
	if (rc)
		return rc;
	return db_run(db, a, &Q_FILE_INSERT,
		      DB_ARGS(DB_INT(f->inspection_id), DB_TEXT(f->file_name), DB_TEXT(f->mime), DB_INT(f->size),
			      DB_TEXT(f->sha256), DB_TEXT(f->data), DB_ID(f->created_by), DB_TEXT(f->created_at)),
		      NULL, e);
}

/* --- recommendations ------------------------------------------------------------------------------ */

#define REC_MEASURES(cond)                                                                                       \
	"(SELECT count(*) FROM action_area_recommendations ar JOIN measures m ON m.area_id = ar.area_id"         \
	" JOIN audit_responses s ON s.id = m.response_id WHERE ar.recommendation_id = r.id AND s.superseded = 0" \
	" AND " cond ")"
#define REC_COLS(today)                                                                                                 \
	"SELECT r.id, r.inspection_id, i.title, i.case_ref, r.report_date, r.unit_id, u.path, r.number, r.text,"        \
	" r.status, " REC_MEASURES("m.status = 'planned'") ", " REC_MEASURES("m.status = 'ongoing'") ", " REC_MEASURES( \
		"m.status = 'done'") ", " REC_MEASURES("m.open = 1 AND m.planned_date < CAST(" today                    \
						       " AS TEXT)") ","                                                 \
								    " (SELECT count(*) FROM inspection_findings fd"     \
								    " WHERE fd.recommendation_id = r.id),"              \
								    " r.version, r.created_by, r.created_at, r.updated_at"
#define REC_FROM " FROM recommendations r JOIN inspections i ON i.id = r.inspection_id JOIN units u ON u.id = r.unit_id"
/*
 * $1 viewer, $2 subtree, $3 status, $4 audit, $5 from, $6 to, $7 overdue, $8 today. The audit's clause as written
 * for every case, or plainly (REC_AUDIT_IS) for one audit's recommendations, which recommendations_number
 * answers on both engines and PostgreSQL plans once.
 */
#define REC_AUDIT_ANY " AND (CAST($4 AS BIGINT) = 0 OR r.inspection_id = CAST($4 AS BIGINT))"
#define REC_AUDIT_IS  " AND r.inspection_id = CAST($4 AS BIGINT)"
#define REC_FILTER    REC_FILTER_OF(REC_AUDIT_ANY)
#define REC_FILTER_OF(audit)                                                                                             \
	" WHERE (" SQL_UNIT_VISIBLE(                                                                                     \
		"u.path",                                                                                                \
		"$1") " OR EXISTS (SELECT 1 FROM recommendation_boards vb"                                               \
		      " JOIN units vbu ON vbu.id = vb.unit_id"                                                           \
		      " WHERE vb.recommendation_id = r.id AND " SQL_UNIT_VISIBLE(                                        \
			      "vbu.path",                                                                                \
			      "$1") "))"                                                                                 \
				    " AND (CAST($2 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM recommendation_boards sb"   \
				    " JOIN units sbu ON sbu.id = sb.unit_id"                                             \
				    " WHERE sb.recommendation_id = r.id AND " SQL_PATH_IN_SUBTREE(                       \
					    "sbu.path",                                                                  \
					    "$2") "))"                                                                   \
						  " AND (CAST($3 AS TEXT) IS NULL OR r.status = CAST($3 AS TEXT))" audit \
						  " AND (CAST($5 AS TEXT) IS NULL OR r.report_date >= CAST($5 AS TEXT))" \
						  " AND (CAST($6 AS TEXT) IS NULL OR r.report_date < CAST($6 AS TEXT))"  \
						  " AND (CAST($7 AS BIGINT) = 0 OR " REC_MEASURES(                       \
							  "m.open = 1 AND m.planned_date < CAST($8 AS TEXT)") " > 0)"

static DB_QUERY(Q_REC_GET, REC_COLS("$2") REC_FROM " WHERE r.id = $1");
/* A page: the ids sorted first, then the counts of measures and findings for the page's rows alone (for every
 * recommendation before the sort, they cost the time). */
#define REC_PAGE(order) REC_PAGE_OF(REC_FILTER, order)
#define REC_PAGE_OF(filter, order)                                                       \
	REC_COLS("$8")                                                                   \
	" FROM (SELECT r.id AS pid" REC_FROM filter " ORDER BY " order                   \
	" LIMIT $9 OFFSET $10) pg JOIN recommendations r ON r.id = pg.pid"               \
	" JOIN inspections i ON i.id = r.inspection_id JOIN units u ON u.id = r.unit_id" \
	" ORDER BY " order
#define REC_ASC  "r.report_date, r.inspection_id, r.number"
#define REC_DESC "r.report_date DESC, r.inspection_id DESC, r.number"
/*
 * PostgreSQL plans the general lists for every run: the page above cost 2.5-2.8 ms of planning, most of it
 * the subqueries (four counts of measures, each three tables, and the viewer's grants twice). Its text
 * counts the measures of a row in one pass, tests the viewer's units by id from one set of the grants, and
 * joins the audit and the unit only for the page's rows: 1.1-1.6 ms, and no run slower.
 */
#define REC_FILTER_PG                                                                                                      \
	" WHERE (" SQL_SEEN_BY_GRANTS(                                                                                     \
		"$1") " OR r.unit_id IN (SELECT id FROM seen_)"                                                            \
		      " OR EXISTS (SELECT 1 FROM recommendation_boards vb WHERE vb.recommendation_id = r.id"               \
		      " AND vb.unit_id IN (SELECT id FROM seen_)))"                                                        \
		      " AND (CAST($2 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM recommendation_boards sb"                   \
		      " JOIN units sbu ON sbu.id = sb.unit_id WHERE sb.recommendation_id = r.id AND " SQL_PATH_IN_SUBTREE( \
			      "sbu.path",                                                                                  \
			      "$2") "))"                                                                                   \
				    " AND (CAST($3 AS TEXT) IS NULL OR r.status = CAST($3 AS TEXT))" REC_AUDIT_ANY         \
				    " AND (CAST($5 AS TEXT) IS NULL OR r.report_date >= CAST($5 AS TEXT))"                 \
				    " AND (CAST($6 AS TEXT) IS NULL OR r.report_date < CAST($6 AS TEXT))"                  \
				    " AND (CAST($7 AS BIGINT) = 0 OR " REC_MEASURES(                                       \
					    "m.open = 1 AND m.planned_date < CAST($8 AS TEXT)") " > 0)"
#define REC_PAGE_PG(order)                                                                                                          \
	"WITH seen_(id) AS (" SQL_UNITS_GRANTED(                                                                                    \
		"$1") ") SELECT r.id, r.inspection_id, i.title, i.case_ref,"                                                        \
		      " r.report_date, r.unit_id, u.path, r.number, r.text, r.status, mc_.n0, mc_.n1, mc_.n2, mc_.n3,"              \
		      " (SELECT count(*) FROM inspection_findings fd WHERE fd.recommendation_id = r.id), r.version, r.created_by,"  \
		      " r.created_at, r.updated_at FROM (SELECT r.id AS pid FROM recommendations r" REC_FILTER_PG                   \
		      " ORDER BY " order " LIMIT $9 OFFSET $10) pg JOIN recommendations r ON r.id = pg.pid"                         \
		      " JOIN inspections i ON i.id = r.inspection_id JOIN units u ON u.id = r.unit_id"                              \
		      " CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE m.status = 'planned') AS n0,"                             \
		      " count(*) FILTER (WHERE m.status = 'ongoing') AS n1, count(*) FILTER (WHERE m.status = 'done') AS n2,"       \
		      " count(*) FILTER (WHERE m.open = 1 AND m.planned_date < CAST($8 AS TEXT)) AS n3"                             \
		      " FROM action_area_recommendations ar JOIN measures m ON m.area_id = ar.area_id"                              \
		      " JOIN audit_responses s ON s.id = m.response_id WHERE ar.recommendation_id = r.id AND s.superseded = 0) mc_" \
		      " ORDER BY " order
static DB_QUERY2(Q_REC_LIST_ASC, REC_PAGE(REC_ASC), REC_PAGE_PG(REC_ASC));
static DB_QUERY2(Q_REC_LIST_DESC, REC_PAGE(REC_DESC), REC_PAGE_PG(REC_DESC));
static DB_QUERY(Q_REC_COUNT, "SELECT count(*)" REC_FROM REC_FILTER);
/*
 * SQLite, with a subtree ($2): the recommendations to its units' boards,
 * one look-up in recommendation_boards_unit each, instead of every
 * recommendation of the installation sifted by its boards' paths (a
 * management review of one administration at national size read 18,000
 * open recommendations for its few). PostgreSQL plans the general
 * statement with its values.
 */
#define REC_IN_SUBTREE                                                                       \
	REC_FILTER " AND r.id IN (SELECT ib.recommendation_id FROM recommendation_boards ib" \
		   " WHERE ib.unit_id IN (" SQL_UNITS_OF_SUBTREE("$2") "))"
static DB_QUERY2(Q_REC_LIST_ASC_IN, REC_PAGE_OF(REC_IN_SUBTREE, REC_ASC), REC_PAGE_PG(REC_ASC));
static DB_QUERY2(Q_REC_LIST_DESC_IN, REC_PAGE_OF(REC_IN_SUBTREE, REC_DESC), REC_PAGE_PG(REC_DESC));
static DB_QUERY2(Q_REC_COUNT_IN, "SELECT count(*)" REC_FROM REC_IN_SUBTREE, "SELECT count(*)" REC_FROM REC_FILTER);
static DB_QUERY_PLAN_ONCE(Q_REC_LIST_OF_ASC,
			  REC_PAGE_OF(REC_FILTER_OF(REC_AUDIT_IS), "r.report_date, r.inspection_id, r.number"));
static DB_QUERY_PLAN_ONCE(Q_REC_LIST_OF_DESC, REC_PAGE_OF(REC_FILTER_OF(REC_AUDIT_IS),
							  "r.report_date DESC, r.inspection_id DESC, r.number"));
static DB_QUERY_PLAN_ONCE(Q_REC_COUNT_OF, "SELECT count(*)" REC_FROM REC_FILTER_OF(REC_AUDIT_IS));
static DB_QUERY(Q_REC_INSERT,
		"INSERT INTO recommendations (inspection_id, unit_id, report_date, number, text, status, version,"
		" created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $8) RETURNING id");
static DB_QUERY(Q_REC_UPDATE, "UPDATE recommendations SET number = $3, text = $4, status = $5, updated_at = $6,"
			      " version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_REC_BOARDS_CLEAR, "DELETE FROM recommendation_boards WHERE recommendation_id = $1");
static DB_QUERY(Q_REC_BOARD_ADD, "INSERT INTO recommendation_boards (recommendation_id, unit_id) VALUES ($1, $2)");
static DB_QUERY(Q_REC_BOARDS, "SELECT b.recommendation_id, u.id, u.name, u.path FROM recommendation_boards b"
			      " JOIN recommendations r ON r.id = b.recommendation_id JOIN units u ON u.id = b.unit_id"
			      " WHERE r.inspection_id = $1 ORDER BY r.number, lower(u.name), u.id");
static DB_QUERY2_PLAN_ONCE(Q_REC_BOARDS_OF,
			   "SELECT b.recommendation_id, u.id, u.name, u.path FROM json_each($1) j"
			   " JOIN recommendation_boards b ON b.recommendation_id = CAST(j.value AS BIGINT)"
			   " JOIN units u ON u.id = b.unit_id ORDER BY b.recommendation_id, lower(u.name), u.id",
			   "SELECT b.recommendation_id, u.id, u.name, u.path"
			   " FROM json_array_elements_text(CAST($1 AS json)) AS j(value)"
			   " JOIN recommendation_boards b ON b.recommendation_id = CAST(j.value AS BIGINT)"
			   " JOIN units u ON u.id = b.unit_id ORDER BY b.recommendation_id, lower(u.name), u.id");

static void rec_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct recommendation *x = out;
	x->id = rows_int(r, i, 0);
	x->inspection_id = rows_int(r, i, 1);
	x->inspection_title = rows_text(r, i, 2);
	x->inspection_case_ref = rows_text(r, i, 3);
	x->report_date = rows_text(r, i, 4);
	x->unit_id = rows_int(r, i, 5);
	x->unit_path = rows_text(r, i, 6);
	x->number = rows_int(r, i, 7);
	x->text = rows_text(r, i, 8);
	x->status = rows_text(r, i, 9);
	x->n_planned = rows_int(r, i, 10);
	x->n_ongoing = rows_int(r, i, 11);
	x->n_done = rows_int(r, i, 12);
	x->n_overdue = rows_int(r, i, 13);
	x->n_findings = rows_int(r, i, 14);
	x->version = rows_int(r, i, 15);
	x->created_by = rows_int(r, i, 16);
	x->created_at = rows_text(r, i, 17);
	x->updated_at = rows_text(r, i, 18);
	x->boards = "";
}

/* Fill the boards of @n recommendations with one query. */
static int rec_fill_boards(struct db *db, struct arena *a, struct recommendation *list, size_t n, struct err *e)
{
	struct insp_board *b;
	size_t nb;
	struct buf ids;
	int rc;

	if (!n)
		return 0;
	buf_init(&ids, a);
	buf_addch(&ids, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(&ids, "%s%" PRId64, i ? "," : "", list[i].id);
	buf_addch(&ids, ']');
	{
		struct db_rows rows;
		if ((rc = db_run(db, a, &Q_REC_BOARDS_OF, DB_ARGS(DB_TEXT(ids.data)), &rows, e)))
			return rc;
		b = rows_map(a, &rows, sizeof(*b), board_from_row, &nb);
	}
	for (size_t i = 0; i < n; i++) {
		struct buf names;
		buf_init(&names, a);
		for (size_t k = 0; k < nb; k++)
			if (b[k].owner_id == list[i].id)
				buf_addf(&names, "%s%s", names.len ? ", " : "", b[k].name);
		list[i].boards = names.len ? names.data : "";
	}
	return 0;
}

int q_recommendation_get(struct db *db, struct arena *a, int64_t id, const char *today, struct recommendation *out,
			 struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REC_GET, DB_ARGS(DB_INT(id), DB_TEXT(today)), &rows, e);
	if (rc)
		return rc;
	if (!rows.n_rows)
		return ERR_NOTFOUND;
	rec_from_row(&rows, 0, out);
	return rec_fill_boards(db, a, out, 1, e);
}

int q_recommendation_list(struct db *db, struct arena *a, const struct recommendation_filter *f, const char *subtree,
			  struct recommendation **out, size_t *n, int64_t *total, struct err *e)
{
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows rows;
	int rc;

#define REC_ARGS                                                                                      \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_TEXT(f->status && * f->status ? f->status : NULL), \
		DB_INT(f->inspection_id), DB_TEXT(year_bound(a, f->year)),                            \
		DB_TEXT(year_bound(a, f->year ? f->year + 1 : 0)), DB_INT(f->overdue ? 1 : 0), DB_TEXT(f->today)
	bool of_audit = f->inspection_id != 0;
	const struct db_query *count = of_audit ? &Q_REC_COUNT_OF : subtree ? &Q_REC_COUNT_IN : &Q_REC_COUNT;
	const struct db_query *page = of_audit  ? (f->desc ? &Q_REC_LIST_OF_DESC : &Q_REC_LIST_OF_ASC)
				      : subtree ? (f->desc ? &Q_REC_LIST_DESC_IN : &Q_REC_LIST_ASC_IN)
						: (f->desc ? &Q_REC_LIST_DESC : &Q_REC_LIST_ASC);
	if (total && (rc = db_run_count_kept(db, a, count, DB_ARGS(REC_ARGS), total, e)))
		return rc;
	/* The overdue ones (a unit's follow-up, ?overdue=) are kept per data version and day, as their count is. */
	rc = db_run_rows_kept_if(f->overdue, db, a, page,
				 DB_ARGS(REC_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef REC_ARGS
	if (rc)
		return rc;
	*out = rows_map(a, &rows, sizeof(**out), rec_from_row, n);
	return rec_fill_boards(db, a, *out, *n, e);
}

int q_recommendation_insert(struct db *db, struct arena *a, const struct inspection *audit,
			    const struct recommendation_input *in, int64_t by, const char *now, int64_t *id_out,
			    struct err *e)
{
	return db_run_insert(db, a, &Q_REC_INSERT,
			     DB_ARGS(DB_INT(audit->id), DB_INT(audit->unit_id), DB_TEXT(audit->report_date),
				     DB_INT(in->number), DB_TEXT(in->text), DB_TEXT(in->status), DB_ID(by),
				     DB_TEXT(now)),
			     id_out, e);
}

int q_recommendation_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			    const struct recommendation_input *in, const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_REC_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->number), DB_TEXT(in->text),
				       DB_TEXT(in->status), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_recommendation_set_boards(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e)
{
	int rc = db_run(db, a, &Q_REC_BOARDS_CLEAR, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_run(db, a, &Q_REC_BOARD_ADD, DB_ARGS(DB_INT(id), DB_INT(ids[i])), NULL, e);
	return rc;
}

int q_recommendation_boards(struct db *db, struct arena *a, int64_t inspection_id, struct insp_board **out, size_t *n,
			    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REC_BOARDS, DB_ARGS(DB_INT(inspection_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), board_from_row, n);
	return rc;
}

/* --- findings ---------------------------------------------------------------------------------- */

#define FINDING_COLS                                                                                               \
	"SELECT f.id, f.inspection_id, i.title, i.report_date, f.position, f.area, f.result, f.recommendation_id," \
	" r.number, r.text, r.inspection_id, ri.title, f.created_by, f.created_at"                                 \
	" FROM inspection_findings f JOIN inspections i ON i.id = f.inspection_id"                                 \
	" LEFT JOIN recommendations r ON r.id = f.recommendation_id LEFT JOIN inspections ri ON ri.id = r.inspection_id"

static DB_QUERY_PLAN_ONCE(Q_FINDING_LIST, FINDING_COLS " WHERE f.inspection_id = $1 ORDER BY f.position, f.id");
static DB_QUERY(Q_FINDING_OF_REC, FINDING_COLS " WHERE f.recommendation_id = $1 ORDER BY i.report_date, f.position");
static DB_QUERY(Q_FINDING_INSERT,
		"INSERT INTO inspection_findings (inspection_id, position, area, result, recommendation_id,"
		" created_by, created_at) VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM inspection_findings"
		" WHERE inspection_id = $1), $2, $3, $4, $5, $6) RETURNING id, position");

static void finding_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct finding *f = out;
	f->id = rows_int(r, i, 0);
	f->inspection_id = rows_int(r, i, 1);
	f->inspection_title = rows_text(r, i, 2);
	f->inspection_date = rows_text(r, i, 3);
	f->position = rows_int(r, i, 4);
	f->area = rows_text(r, i, 5);
	f->result = rows_text(r, i, 6);
	f->recommendation_id = rows_int(r, i, 7);
	f->rec_number = rows_int(r, i, 8);
	f->rec_text = rows_text(r, i, 9);
	f->rec_inspection_id = rows_int(r, i, 10);
	f->rec_inspection_title = rows_text(r, i, 11);
	f->created_by = rows_int(r, i, 12);
	f->created_at = rows_text(r, i, 13);
}

int q_finding_list(struct db *db, struct arena *a, int64_t inspection_id, struct finding **out, size_t *n,
		   struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FINDING_LIST, DB_ARGS(DB_INT(inspection_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), finding_from_row, n);
	return rc;
}

int q_finding_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct finding **out, size_t *n,
				struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FINDING_OF_REC, DB_ARGS(DB_INT(rec_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), finding_from_row, n);
	return rc;
}

int q_finding_insert(struct db *db, struct arena *a, int64_t inspection_id, const struct finding_input *in, int64_t by,
		     const char *now, int64_t *id_out, int64_t *position_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_FINDING_INSERT,
			DB_ARGS(DB_INT(inspection_id), DB_TEXT(in->area), DB_TEXT(opt(in->result)),
				DB_ID(in->recommendation_id), DB_ID(by), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	*id_out = rows_int(&rows, 0, 0);
	*position_out = rows_int(&rows, 0, 1);
	return 0;
}
