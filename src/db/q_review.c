/*
 * q_review.c - SQL of management reviews and the DPO's recommendations,
 * and the typed functions that run it.
 *
 * A review is read by (unit, year, version) and its texts and priorities
 * by the review's id; a section's text is set with an upsert both engines
 * accept. Changes to a review hold "status = 'draft'" in their WHERE, so an
 * approved version can never change, whatever the caller checked.
 */
#include "db/q_review.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

#define REVIEW_COLS                                                                                         \
	"SELECT r.id, r.unit_id, u.name, u.path, r.year, r.version_no, r.based_on_id, r.status, r.contact," \
	" r.case_ref, r.approved_by, r.approved_on, r.approved_at, r.version, r.created_at, r.updated_at"   \
	" FROM reviews r JOIN units u ON u.id = r.unit_id"

static DB_QUERY_PLAN_ONCE(Q_GET, REVIEW_COLS " WHERE r.id = $1");
static DB_QUERY(Q_LATEST, REVIEW_COLS " WHERE r.unit_id = $1 AND r.year = $2 ORDER BY r.version_no DESC LIMIT 1");
static DB_QUERY_PLAN_ONCE(Q_OF_UNIT,
			  REVIEW_COLS " WHERE r.unit_id = $1 ORDER BY r.year DESC, r.version_no DESC LIMIT $2");
static DB_QUERY(Q_LIST, REVIEW_COLS
		" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " ORDER BY r.year DESC, r.id DESC LIMIT $2 OFFSET $3");
static DB_QUERY(Q_INSERT,
		"INSERT INTO reviews (unit_id, year, version_no, based_on_id, status, contact, case_ref, version,"
		" created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6, 1, $7, $8, $8)"
		" RETURNING id");
static DB_QUERY(Q_UPDATE, "UPDATE reviews SET contact = $3, case_ref = $4, updated_at = $5, version = version + 1"
			  " WHERE id = $1 AND version = $2 AND status = 'draft'");
static DB_QUERY(Q_APPROVE, "UPDATE reviews SET status = 'approved', approved_by = $3, approved_on = $4, case_ref = $5,"
			   " approved_at = $6, updated_at = $6, version = version + 1"
			   " WHERE id = $1 AND version = $2 AND status = 'draft'");
static DB_QUERY(Q_TOUCH, "UPDATE reviews SET updated_at = $3, version = version + 1"
			 " WHERE id = $1 AND version = $2 AND status = 'draft'");
static DB_QUERY_PLAN_ONCE(Q_TEXTS, "SELECT section, body FROM review_texts WHERE review_id = $1 ORDER BY section");
static DB_QUERY(Q_TEXT_SET, "INSERT INTO review_texts (review_id, section, body) VALUES ($1, $2, $3)"
			    " ON CONFLICT (review_id, section) DO UPDATE SET body = excluded.body");
static DB_QUERY(Q_COPY_TEXTS, "INSERT INTO review_texts (review_id, section, body)"
			      " SELECT $1, section, body FROM review_texts WHERE review_id = $2");
static DB_QUERY(Q_COPY_PRIORITIES, "INSERT INTO review_priorities (review_id, year, position, text, activity_id)"
				   " SELECT $1, year, position, text, activity_id FROM review_priorities"
				   " WHERE review_id = $2");

#define PRIORITY_COLS                                                                                        \
	"SELECT p.id, p.review_id, p.year, p.position, p.text, p.activity_id, ac.status, ac.status_comment," \
	" r.year FROM review_priorities p JOIN reviews r ON r.id = p.review_id"                              \
	" LEFT JOIN activities ac ON ac.id = p.activity_id"

static DB_QUERY_PLAN_ONCE(Q_PRIORITIES, PRIORITY_COLS " WHERE p.review_id = $1 ORDER BY p.year, p.position, p.id");
static DB_QUERY(Q_PRIORITY_GET, PRIORITY_COLS " WHERE p.id = $1");
static DB_QUERY_PLAN_ONCE(Q_EARLIER, PRIORITY_COLS
			  " WHERE r.unit_id = $1 AND r.year < $2 AND p.year <= $2 AND r.status = 'approved'"
			  " AND r.version_no = (SELECT max(r2.version_no) FROM reviews r2 WHERE r2.unit_id = r.unit_id"
			  " AND r2.year = r.year AND r2.status = 'approved')"
			  " ORDER BY r.year, p.year, p.position, p.id");
static DB_QUERY(
	Q_PRIORITY_INSERT,
	"INSERT INTO review_priorities (review_id, year, position, text) VALUES ($1, $2,"
	" (SELECT COALESCE(max(position), 0) + 1 FROM review_priorities WHERE review_id = $1 AND year = $2), $3)"
	" RETURNING id");
static DB_QUERY(Q_PRIORITY_DELETE, "DELETE FROM review_priorities WHERE id = $2 AND review_id = $1");
static DB_QUERY(Q_PRIORITY_ACTIVITY, "UPDATE review_priorities SET activity_id = $2 WHERE id = $1");

static DB_QUERY(Q_FROZEN_INSERT,
		"INSERT INTO review_frozen (review_id, kind, position, year, text, status, comment, label)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
static DB_QUERY_PLAN_ONCE(Q_FROZEN, "SELECT kind, position, year, text, status, comment, label FROM review_frozen"
				    " WHERE review_id = $1 ORDER BY kind, position");

#define DPO_COLS                                                                                                        \
	"SELECT d.id, d.unit_id, u.name, u.path, d.report_year, d.text, d.followup, d.status, d.activity_id,"           \
	" ac.status, d.version, d.created_at, d.updated_at FROM dpo_recommendations d JOIN units u ON u.id = d.unit_id" \
	" LEFT JOIN activities ac ON ac.id = d.activity_id"

static DB_QUERY(Q_DPO_GET, DPO_COLS " WHERE d.id = $1");
static DB_QUERY_PLAN_ONCE(Q_DPO_LIST,
			  DPO_COLS " WHERE d.unit_id = $1 AND d.report_year <= $3"
				   " AND (d.report_year >= $2 OR d.status = 'open') ORDER BY d.report_year, d.id");
static DB_QUERY(Q_DPO_INSERT,
		"INSERT INTO dpo_recommendations (unit_id, report_year, text, followup, status, version, created_by,"
		" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7) RETURNING id");
static DB_QUERY(Q_DPO_UPDATE, "UPDATE dpo_recommendations SET report_year = $3, text = $4, followup = $5, status = $6,"
			      " updated_at = $7, version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_DPO_ACTIVITY, "UPDATE dpo_recommendations SET activity_id = $2 WHERE id = $1");

static void review_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct review *v = out;
	v->id = rows_int(r, i, 0);
	v->unit_id = rows_int(r, i, 1);
	v->unit_name = rows_text(r, i, 2);
	v->unit_path = rows_text(r, i, 3);
	v->year = rows_int(r, i, 4);
	v->version_no = rows_int(r, i, 5);
	v->based_on_id = rows_int(r, i, 6);
	v->status = rows_text(r, i, 7);
	v->contact = rows_text(r, i, 8);
	v->case_ref = rows_text(r, i, 9);
	v->approved_by = rows_text(r, i, 10);
	v->approved_on = rows_text(r, i, 11);
	v->approved_at = rows_text(r, i, 12);
	v->version = rows_int(r, i, 13);
	v->created_at = rows_text(r, i, 14);
	v->updated_at = rows_text(r, i, 15);
}

static void text_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct review_text *t = out;
	t->section = rows_text(r, i, 0);
	t->body = rows_text(r, i, 1);
}

static void priority_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct review_priority *p = out;
	p->id = rows_int(r, i, 0);
	p->review_id = rows_int(r, i, 1);
	p->year = rows_int(r, i, 2);
	p->position = rows_int(r, i, 3);
	p->text = rows_text(r, i, 4);
	p->activity_id = rows_int(r, i, 5);
	p->activity_status = rows_text(r, i, 6);
	p->activity_comment = rows_text(r, i, 7);
	p->review_year = rows_int(r, i, 8);
}

static void dpo_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct dpo_recommendation *d = out;
	d->id = rows_int(r, i, 0);
	d->unit_id = rows_int(r, i, 1);
	d->unit_name = rows_text(r, i, 2);
	d->unit_path = rows_text(r, i, 3);
	d->report_year = rows_int(r, i, 4);
	d->text = rows_text(r, i, 5);
	d->followup = rows_text(r, i, 6);
	d->status = rows_text(r, i, 7);
	d->activity_id = rows_int(r, i, 8);
	d->activity_status = rows_text(r, i, 9);
	d->version = rows_int(r, i, 10);
	d->created_at = rows_text(r, i, 11);
	d->updated_at = rows_text(r, i, 12);
}

static void frozen_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct review_frozen_row *f = out;
	f->kind = rows_text(r, i, 0);
	f->position = rows_int(r, i, 1);
	f->year = rows_int(r, i, 2);
	f->text = rows_text(r, i, 3);
	f->status = rows_text(r, i, 4);
	f->comment = rows_text(r, i, 5);
	f->label = rows_text(r, i, 6);
}

static int stale(int rc)
{
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_review_get(struct db *db, struct arena *a, int64_t id, struct review *out, struct err *e)
{
	return db_run_get(db, a, &Q_GET, DB_ARGS(DB_INT(id)), review_from_row, out, e);
}

int q_review_latest(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct review *out, struct err *e)
{
	return db_run_get(db, a, &Q_LATEST, DB_ARGS(DB_INT(unit_id), DB_INT(year)), review_from_row, out, e);
}

int q_review_of_unit(struct db *db, struct arena *a, int64_t unit_id, int64_t limit, struct review **out, size_t *n,
		     struct err *e)
{
	return db_run_list(db, a, &Q_OF_UNIT, DB_ARGS(DB_INT(unit_id), DB_INT(limit)), sizeof(**out), review_from_row,
			   (void **)out, n, e);
}

int q_review_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t limit, int64_t offset, struct review **out,
		  size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_LIST, DB_ARGS(DB_INT(viewer_id), DB_INT(limit), DB_INT(offset)), sizeof(**out),
			   review_from_row, (void **)out, n, e);
}

int q_review_insert(struct db *db, struct arena *a, const struct review *r, int64_t by, const char *now,
		    int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_INSERT,
			     DB_ARGS(DB_INT(r->unit_id), DB_INT(r->year), DB_INT(r->version_no), DB_ID(r->based_on_id),
				     DB_TEXT(r->contact ? r->contact : ""), DB_TEXT(r->case_ref ? r->case_ref : ""),
				     DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_review_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *contact,
		    const char *case_ref, const char *now, struct err *e)
{
	return stale(db_run_change(db, a, &Q_UPDATE,
				   DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(contact ? contact : ""),
					   DB_TEXT(case_ref ? case_ref : ""), DB_TEXT(now)),
				   e));
}

int q_review_approve(struct db *db, struct arena *a, int64_t id, int64_t version, const char *by, const char *on,
		     const char *case_ref, const char *now, struct err *e)
{
	return stale(db_run_change(
		db, a, &Q_APPROVE,
		DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(by), DB_TEXT(on), DB_TEXT(case_ref), DB_TEXT(now)), e));
}

int q_review_touch(struct db *db, struct arena *a, int64_t id, int64_t version, const char *now, struct err *e)
{
	return stale(db_run_change(db, a, &Q_TOUCH, DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(now)), e));
}

int q_review_texts(struct db *db, struct arena *a, int64_t id, struct review_text **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_TEXTS, DB_ARGS(DB_INT(id)), sizeof(**out), text_from_row, (void **)out, n, e);
}

int q_review_text_set(struct db *db, struct arena *a, int64_t id, const char *section, const char *body, struct err *e)
{
	struct db_rows rows;
	return db_run(db, a, &Q_TEXT_SET, DB_ARGS(DB_INT(id), DB_TEXT(section), DB_TEXT(body ? body : "")), &rows, e);
}

int q_review_copy(struct db *db, struct arena *a, int64_t to, int64_t from, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_COPY_TEXTS, DB_ARGS(DB_INT(to), DB_INT(from)), &rows, e);
	if (!rc)
		rc = db_run(db, a, &Q_COPY_PRIORITIES, DB_ARGS(DB_INT(to), DB_INT(from)), &rows, e);
	return rc;
}

int q_review_priorities(struct db *db, struct arena *a, int64_t id, struct review_priority **out, size_t *n,
			struct err *e)
{
	return db_run_list(db, a, &Q_PRIORITIES, DB_ARGS(DB_INT(id)), sizeof(**out), priority_from_row, (void **)out, n,
			   e);
}

int q_review_earlier_priorities(struct db *db, struct arena *a, int64_t unit_id, int64_t year,
				struct review_priority **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_EARLIER, DB_ARGS(DB_INT(unit_id), DB_INT(year)), sizeof(**out), priority_from_row,
			   (void **)out, n, e);
}

int q_review_priority_insert(struct db *db, struct arena *a, int64_t review_id, int64_t year, const char *text,
			     int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_PRIORITY_INSERT, DB_ARGS(DB_INT(review_id), DB_INT(year), DB_TEXT(text)), id_out,
			     e);
}

int q_review_priority_delete(struct db *db, struct arena *a, int64_t review_id, int64_t id, struct err *e)
{
	return db_run_change(db, a, &Q_PRIORITY_DELETE, DB_ARGS(DB_INT(review_id), DB_INT(id)), e);
}

int q_review_priority_activity(struct db *db, struct arena *a, int64_t id, int64_t activity_id, struct err *e)
{
	return db_run_change(db, a, &Q_PRIORITY_ACTIVITY, DB_ARGS(DB_INT(id), DB_INT(activity_id)), e);
}

int q_review_priority_get(struct db *db, struct arena *a, int64_t id, struct review_priority *out, struct err *e)
{
	return db_run_get(db, a, &Q_PRIORITY_GET, DB_ARGS(DB_INT(id)), priority_from_row, out, e);
}

int q_dpo_get(struct db *db, struct arena *a, int64_t id, struct dpo_recommendation *out, struct err *e)
{
	return db_run_get(db, a, &Q_DPO_GET, DB_ARGS(DB_INT(id)), dpo_from_row, out, e);
}

int q_dpo_list(struct db *db, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
	       struct dpo_recommendation **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_DPO_LIST, DB_ARGS(DB_INT(unit_id), DB_INT(from), DB_INT(to)), sizeof(**out),
			   dpo_from_row, (void **)out, n, e);
}

int q_dpo_insert(struct db *db, struct arena *a, const struct dpo_recommendation *r, int64_t by, const char *now,
		 int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_DPO_INSERT,
			     DB_ARGS(DB_INT(r->unit_id), DB_INT(r->report_year), DB_TEXT(r->text),
				     DB_TEXT(r->followup ? r->followup : ""), DB_TEXT(r->status), DB_ID(by),
				     DB_TEXT(now)),
			     id_out, e);
}

int q_dpo_update(struct db *db, struct arena *a, const struct dpo_recommendation *r, int64_t version, const char *now,
		 struct err *e)
{
	return stale(db_run_change(db, a, &Q_DPO_UPDATE,
				   DB_ARGS(DB_INT(r->id), DB_INT(version), DB_INT(r->report_year), DB_TEXT(r->text),
					   DB_TEXT(r->followup ? r->followup : ""), DB_TEXT(r->status), DB_TEXT(now)),
				   e));
}

int q_dpo_activity(struct db *db, struct arena *a, int64_t id, int64_t activity_id, struct err *e)
{
	return db_run_change(db, a, &Q_DPO_ACTIVITY, DB_ARGS(DB_INT(id), DB_INT(activity_id)), e);
}

int q_review_frozen_insert(struct db *db, struct arena *a, int64_t review_id, const struct review_frozen_row *r,
			   struct err *e)
{
	struct db_rows rows;
	return db_run(db, a, &Q_FROZEN_INSERT,
		      DB_ARGS(DB_INT(review_id), DB_TEXT(r->kind), DB_INT(r->position), DB_INT(r->year),
			      DB_TEXT(r->text), DB_TEXT(r->status), DB_TEXT(r->comment ? r->comment : ""),
			      DB_TEXT(r->label ? r->label : "")),
		      &rows, e);
}

int q_review_frozen(struct db *db, struct arena *a, int64_t id, struct review_frozen_row **out, size_t *n,
		    struct err *e)
{
	return db_run_list(db, a, &Q_FROZEN, DB_ARGS(DB_INT(id)), sizeof(**out), frozen_from_row, (void **)out, n, e);
}
