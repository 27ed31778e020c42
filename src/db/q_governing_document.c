/*
 * q_governing_document.c - SQL of governing documents, their files,
 * versions and requirement links, and the typed functions that run it.
 *
 * The list has one query per sort order, each ending in the key that
 * makes the order total (the id). The filter on review (due_by) reads
 * the governing_documents_review index; the owner's list reads
 * governing_documents_owner.
 */
#include "db/q_governing_document.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

#define GD_COLS                                                                                                      \
	"SELECT d.id, d.unit_id, u.name, u.path, d.kind, d.title, d.owner_id, ow.display_name, d.decided_by,"        \
	" d.decision_date, d.case_ref, d.doc_version, d.review_months, d.next_review, d.status, d.link, d.file_id,"  \
	" f.file_name, f.content_type, f.size, f.sha256, d.replaces_id, rd.title, ru.path, d.version, d.created_by," \
	" d.created_at, d.updated_at"
#define GD_FROM                                                                                                 \
	" FROM governing_documents d JOIN units u ON u.id = d.unit_id LEFT JOIN users ow ON ow.id = d.owner_id" \
	" LEFT JOIN governing_document_files f ON f.id = d.file_id"                                             \
	" LEFT JOIN governing_documents rd ON rd.id = d.replaces_id LEFT JOIN units ru ON ru.id = rd.unit_id"
/*
 * PostgreSQL plans a list's statement for every run: with the owner and the
 * replaced document joined, six tables to order cost 1.7 ms of planning for
 * 0.1 ms of running a unit's page. Its lists look those up per row of the
 * page instead (after the sort and the limit): 0.65 ms, and no run slower.
 */
#define GD_COLS_PG                                                                                                     \
	"SELECT d.id, d.unit_id, u.name, u.path, d.kind, d.title, d.owner_id,"                                         \
	" (SELECT ow.display_name FROM users ow WHERE ow.id = d.owner_id), d.decided_by, d.decision_date, d.case_ref," \
	" d.doc_version, d.review_months, d.next_review, d.status, d.link, d.file_id, f.file_name, f.content_type,"    \
	" f.size, f.sha256, d.replaces_id, (SELECT rd.title FROM governing_documents rd WHERE rd.id = d.replaces_id)," \
	" (SELECT ru.path FROM governing_documents rd JOIN units ru ON ru.id = rd.unit_id"                             \
	"  WHERE rd.id = d.replaces_id), d.version, d.created_by, d.created_at, d.updated_at"
#define GD_FROM_PG \
	" FROM governing_documents d JOIN units u ON u.id = d.unit_id LEFT JOIN governing_document_files f ON f.id = d.file_id"
#define GD_PG GD_COLS_PG GD_FROM_PG GD_FILTER
/* $1 viewer, $2 subtree path, $3 owner id (0: any), $4 kind, $5 status, $6 due by, $7 LIKE pattern */
#define GD_FILTER                                                                                                 \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(                                   \
		"u.path",                                                                                         \
		"$2") " AND (CAST($3 AS BIGINT) = 0 OR d.owner_id = CAST($3 AS BIGINT))"                          \
		      " AND (CAST($4 AS TEXT) IS NULL OR d.kind = CAST($4 AS TEXT))"                              \
		      " AND (CAST($5 AS TEXT) IS NULL OR d.status = CAST($5 AS TEXT))"                            \
		      " AND (CAST($6 AS TEXT) IS NULL OR (d.next_review <= CAST($6 AS TEXT)"                      \
		      "      AND d.status IN ('in_force', 'under_review')))"                                      \
		      " AND (CAST($7 AS TEXT) IS NULL OR lower(d.title) LIKE lower(CAST($7 AS TEXT)) ESCAPE '\\'" \
		      "      OR lower(d.case_ref) LIKE lower(CAST($7 AS TEXT)) ESCAPE '\\')"

/*
 * SQLite, with a subtree ($2): the documents of its units, one look-up in
 * governing_documents_unit each, instead of every document of the
 * installation sifted by its unit's path (a unit's page at national size:
 * 25 ms, not 1). PostgreSQL plans the general statement with its values.
 */
#define GD_IN_SUBTREE    " AND d.unit_id IN (" SQL_UNITS_OF_SUBTREE("$2") ")"
#define GD_ORDER_TITLE   " ORDER BY d.title_folded, d.id LIMIT $8 OFFSET $9"
#define GD_ORDER_REVIEW  " ORDER BY d.next_review IS NULL, d.next_review, d.id LIMIT $8 OFFSET $9"
#define GD_ORDER_DECIDED " ORDER BY d.decision_date IS NULL, d.decision_date DESC, d.id DESC LIMIT $8 OFFSET $9"
/* Due for review by a day ($6): every one has a date, so the review order is governing_documents_review's. */
#define GD_ORDER_DUE  " ORDER BY d.next_review, d.id LIMIT $8 OFFSET $9"
#define GD_COUNT_FROM "SELECT count(*) FROM governing_documents d JOIN units u ON u.id = d.unit_id"

static DB_QUERY(Q_GD_GET, GD_COLS GD_FROM " WHERE d.id = $1");
/* The documents titled $2 (folded) in the units viewer $1 sees, by unit name: along governing_documents_title. */
static DB_QUERY(Q_GD_TITLED, GD_COLS GD_FROM " WHERE d.title_folded = CAST($2 AS TEXT) AND " SQL_UNIT_VISIBLE(
				     "u.path", "$1") " ORDER BY u.name, d.id LIMIT $3");
static DB_QUERY2(Q_GD_LIST_TITLE, GD_COLS GD_FROM GD_FILTER GD_ORDER_TITLE, GD_PG GD_ORDER_TITLE);
static DB_QUERY2(Q_GD_LIST_REVIEW, GD_COLS GD_FROM GD_FILTER GD_ORDER_REVIEW, GD_PG GD_ORDER_REVIEW);
static DB_QUERY2(Q_GD_LIST_DECIDED, GD_COLS GD_FROM GD_FILTER GD_ORDER_DECIDED, GD_PG GD_ORDER_DECIDED);
static DB_QUERY(Q_GD_COUNT, GD_COUNT_FROM GD_FILTER);
static DB_QUERY2(Q_GD_LIST_TITLE_IN, GD_COLS GD_FROM GD_FILTER GD_IN_SUBTREE GD_ORDER_TITLE, GD_PG GD_ORDER_TITLE);
static DB_QUERY2(Q_GD_LIST_REVIEW_IN, GD_COLS GD_FROM GD_FILTER GD_IN_SUBTREE GD_ORDER_REVIEW, GD_PG GD_ORDER_REVIEW);
static DB_QUERY2(Q_GD_LIST_DECIDED_IN, GD_COLS GD_FROM GD_FILTER GD_IN_SUBTREE GD_ORDER_DECIDED,
		 GD_PG GD_ORDER_DECIDED);
static DB_QUERY2(Q_GD_LIST_DUE, GD_COLS GD_FROM GD_FILTER " AND d.next_review IS NOT NULL" GD_ORDER_DUE,
		 GD_PG " AND d.next_review IS NOT NULL" GD_ORDER_DUE);
static DB_QUERY2(Q_GD_LIST_DUE_IN,
		 GD_COLS GD_FROM GD_FILTER GD_IN_SUBTREE " AND d.next_review IS NOT NULL" GD_ORDER_DUE,
		 GD_PG " AND d.next_review IS NOT NULL" GD_ORDER_DUE);
static DB_QUERY2(Q_GD_COUNT_IN, GD_COUNT_FROM GD_FILTER GD_IN_SUBTREE, GD_COUNT_FROM GD_FILTER);
static DB_QUERY(
	Q_GD_INSERT,
	"INSERT INTO governing_documents (unit_id, kind, title, owner_id, decided_by, decision_date, case_ref,"
	" doc_version, review_months, next_review, status, link, replaces_id, version, created_by, created_at,"
	" updated_at, title_folded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15,"
	" $15, $16)"
	" RETURNING id");
static DB_QUERY(
	Q_GD_UPDATE,
	"UPDATE governing_documents SET unit_id = $3, kind = $4, title = $5, owner_id = $6, decided_by = $7,"
	" decision_date = $8, case_ref = $9, doc_version = $10, review_months = $11, next_review = $12,"
	" status = $13, link = $14, replaces_id = $15, updated_at = $16, title_folded = $17, version = version + 1"
	" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_GD_SET_FILE, "UPDATE governing_documents SET file_id = $3, updated_at = $4, version = version + 1"
			       " WHERE id = $1 AND version = $2");
static DB_QUERY(Q_GD_FILE_INSERT,
		"INSERT INTO governing_document_files (document_id, file_name, content_type, size, sha256, data,"
		" created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
static DB_QUERY(Q_GD_FILE_GET, "SELECT id, document_id, file_name, content_type, size, sha256, data, created_at"
			       " FROM governing_document_files WHERE id = $1");
static DB_QUERY(Q_GD_VERSION_ADD,
		"INSERT INTO governing_document_versions (document_id, doc_version, status, decided_by, decision_date,"
		" case_ref, file_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
static DB_QUERY(Q_GD_VERSIONS,
		"SELECT v.id, v.doc_version, v.status, v.decided_by, v.decision_date, v.case_ref, v.file_id,"
		" f.file_name, us.display_name, v.created_at FROM governing_document_versions v"
		" LEFT JOIN governing_document_files f ON f.id = v.file_id LEFT JOIN users us ON us.id = v.created_by"
		" WHERE v.document_id = $1 ORDER BY v.id DESC");
static DB_QUERY(Q_GD_REQ_ADD, "INSERT INTO governing_document_requirements (document_id, requirement_id, created_by,"
			      " created_at) VALUES ($1, $2, $3, $4) RETURNING id");
static DB_QUERY(Q_GD_REQ_REMOVE,
		"DELETE FROM governing_document_requirements WHERE document_id = $1 AND requirement_id = $2");
static DB_QUERY(Q_GD_REQS, "SELECT l.id, l.document_id, l.requirement_id, q.code, q.title, d.title, d.status, u.path"
			   " FROM governing_document_requirements l JOIN requirements q ON q.id = l.requirement_id"
			   " JOIN governing_documents d ON d.id = l.document_id JOIN units u ON u.id = d.unit_id"
			   " WHERE l.document_id = $1 ORDER BY q.code, l.id");
static DB_QUERY(Q_GD_REQS_OF, "SELECT l.id, l.document_id, l.requirement_id, q.code, q.title, d.title, d.status,"
			      " u.path FROM governing_document_requirements l"
			      " JOIN requirements q ON q.id = l.requirement_id"
			      " JOIN governing_documents d ON d.id = l.document_id JOIN units u ON u.id = d.unit_id"
			      " WHERE l.requirement_id = $1 ORDER BY lower(d.title), d.id");
static DB_QUERY(Q_GD_REQ_BRIEF, "SELECT code, title FROM requirements WHERE id = $1");
static DB_QUERY(Q_GD_OVERDUE, "SELECT count(*) FROM governing_documents d JOIN units u ON u.id = d.unit_id"
			      " WHERE d.status IN ('in_force', 'under_review') AND d.next_review < $2"
			      " AND " SQL_PATH_IN_SUBTREE("u.path", "$1"));

static void gd_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct governing_document *d = out;
	d->id = rows_int(r, i, 0);
	d->unit_id = rows_int(r, i, 1);
	d->unit_name = rows_text(r, i, 2);
	d->unit_path = rows_text(r, i, 3);
	d->kind = rows_text(r, i, 4);
	d->title = rows_text(r, i, 5);
	d->owner_id = rows_int(r, i, 6);
	d->owner_name = rows_text(r, i, 7);
	d->decided_by = rows_text(r, i, 8);
	d->decision_date = rows_text(r, i, 9);
	d->case_ref = rows_text(r, i, 10);
	d->doc_version = rows_text(r, i, 11);
	d->review_months = rows_int(r, i, 12);
	d->next_review = rows_text(r, i, 13);
	d->status = rows_text(r, i, 14);
	d->link = rows_text(r, i, 15);
	d->file_id = rows_int(r, i, 16);
	d->file_name = rows_text(r, i, 17);
	d->file_type = rows_text(r, i, 18);
	d->file_size = rows_int(r, i, 19);
	d->file_sha256 = rows_text(r, i, 20);
	d->replaces_id = rows_int(r, i, 21);
	d->replaces_title = rows_text(r, i, 22);
	d->replaces_unit_path = rows_text(r, i, 23);
	d->version = rows_int(r, i, 24);
	d->created_by = rows_int(r, i, 25);
	d->created_at = rows_text(r, i, 26);
	d->updated_at = rows_text(r, i, 27);
}

int q_governing_document_titled(struct db *db, struct arena *a, int64_t viewer_id, const char *title_folded,
				int64_t limit, struct governing_document **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_GD_TITLED, DB_ARGS(DB_INT(viewer_id), DB_TEXT(title_folded), DB_INT(limit)),
			   sizeof(**out), gd_from_row, (void **)out, n, e);
}

int q_governing_document_get(struct db *db, struct arena *a, int64_t id, struct governing_document *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_GD_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	gd_from_row(&rows, 0, out);
	return 0;
}

int q_governing_document_list(struct db *db, struct arena *a, const struct governing_document_filter *f,
			      const char *subtree, const char *due_by, struct governing_document **out, size_t *n,
			      int64_t *total, struct err *e)
{
	/* [subtree][sort] */
	static const struct db_query *const by_sort[2][GD_SORT_COUNT] = {
		{ [GD_SORT_TITLE] = &Q_GD_LIST_TITLE,
		  [GD_SORT_REVIEW] = &Q_GD_LIST_REVIEW,
		  [GD_SORT_DECIDED] = &Q_GD_LIST_DECIDED },
		{ [GD_SORT_TITLE] = &Q_GD_LIST_TITLE_IN,
		  [GD_SORT_REVIEW] = &Q_GD_LIST_REVIEW_IN,
		  [GD_SORT_DECIDED] = &Q_GD_LIST_DECIDED_IN },
	};
	int in = subtree ? 1 : 0;
	enum governing_document_sort sort = f->sort >= 0 && f->sort < GD_SORT_COUNT ? f->sort : GD_SORT_TITLE;
	const struct db_query *q =
		due_by && sort == GD_SORT_REVIEW ? (in ? &Q_GD_LIST_DUE_IN : &Q_GD_LIST_DUE) : by_sort[in][sort];
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 50;
	struct db_rows rows;
	int rc;

#define GD_ARGS                                                                                                      \
	DB_INT(f->viewer_id), DB_TEXT(subtree), DB_INT(f->owner_id), DB_TEXT(f->kind && * f->kind ? f->kind : NULL), \
		DB_TEXT(f->status && * f->status ? f->status : NULL), DB_TEXT(due_by), DB_TEXT(like)
	if ((rc = db_run_count_kept(db, a, in ? &Q_GD_COUNT_IN : &Q_GD_COUNT, DB_ARGS(GD_ARGS), total, e)))
		return rc;
	/* The documents due for review by a day, with no other filter (a unit's page, ?due=): kept per data version. */
	rc = db_run_rows_kept_if(
		due_by && !like && !f->owner_id && !(f->kind && *f->kind) && !(f->status && *f->status), db, a, q,
		DB_ARGS(GD_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef GD_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), gd_from_row, n);
	return rc;
}

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

int q_governing_document_insert(struct db *db, struct arena *a, const struct governing_document_input *in,
				const char *next_review, int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_GD_INSERT,
			     DB_ARGS(DB_INT(in->unit_id), DB_TEXT(in->kind), DB_TEXT(in->title), DB_ID(in->owner_id),
				     DB_TEXT(in->decided_by), DB_TEXT(opt(in->decision_date)), DB_TEXT(in->case_ref),
				     DB_TEXT(in->doc_version), DB_INT(in->review_months), DB_TEXT(opt(next_review)),
				     DB_TEXT(in->status), DB_TEXT(in->link), DB_ID(in->replaces_id), DB_ID(by),
				     DB_TEXT(now), DB_TEXT(in->title_folded)),
			     id_out, e);
}

int q_governing_document_update(struct db *db, struct arena *a, int64_t id, int64_t version,
				const struct governing_document_input *in, const char *next_review, const char *now,
				struct err *e)
{
	int rc = db_run_change(db, a, &Q_GD_UPDATE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(in->unit_id), DB_TEXT(in->kind),
				       DB_TEXT(in->title), DB_ID(in->owner_id), DB_TEXT(in->decided_by),
				       DB_TEXT(opt(in->decision_date)), DB_TEXT(in->case_ref), DB_TEXT(in->doc_version),
				       DB_INT(in->review_months), DB_TEXT(opt(next_review)), DB_TEXT(in->status),
				       DB_TEXT(in->link), DB_ID(in->replaces_id), DB_TEXT(now),
				       DB_TEXT(in->title_folded)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_governing_document_set_file(struct db *db, struct arena *a, int64_t id, int64_t version, int64_t file_id,
				  const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_GD_SET_FILE,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(file_id), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_governing_document_file_insert(struct db *db, struct arena *a, const struct governing_document_file *f,
				     int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_GD_FILE_INSERT,
			     DB_ARGS(DB_INT(f->document_id), DB_TEXT(f->file_name), DB_TEXT(f->content_type),
				     DB_INT(f->size), DB_TEXT(f->sha256), DB_TEXT(f->data), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_governing_document_file_get(struct db *db, struct arena *a, int64_t id, struct governing_document_file *out,
				  struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GD_FILE_GET, DB_ARGS(DB_INT(id)), &r, e);
	if (rc)
		return rc;
	if (!r.n_rows)
		return ERR_NOTFOUND;
	out->id = rows_int(&r, 0, 0);
	out->document_id = rows_int(&r, 0, 1);
	out->file_name = rows_text(&r, 0, 2);
	out->content_type = rows_text(&r, 0, 3);
	out->size = rows_int(&r, 0, 4);
	out->sha256 = rows_text(&r, 0, 5);
	out->data = rows_text(&r, 0, 6);
	out->created_at = rows_text(&r, 0, 7);
	return 0;
}

int q_governing_document_version_add(struct db *db, struct arena *a, int64_t document_id,
				     const struct governing_document *d, int64_t by, const char *now, struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_GD_VERSION_ADD,
			     DB_ARGS(DB_INT(document_id), DB_TEXT(d->doc_version), DB_TEXT(d->status),
				     DB_TEXT(d->decided_by ? d->decided_by : ""), DB_TEXT(opt(d->decision_date)),
				     DB_TEXT(d->case_ref ? d->case_ref : ""), DB_ID(d->file_id), DB_ID(by),
				     DB_TEXT(now)),
			     &id, e);
}

static void version_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct governing_document_version *v = out;
	v->id = rows_int(r, i, 0);
	v->doc_version = rows_text(r, i, 1);
	v->status = rows_text(r, i, 2);
	v->decided_by = rows_text(r, i, 3);
	v->decision_date = rows_text(r, i, 4);
	v->case_ref = rows_text(r, i, 5);
	v->file_id = rows_int(r, i, 6);
	v->file_name = rows_text(r, i, 7);
	v->created_by_name = rows_text(r, i, 8);
	v->created_at = rows_text(r, i, 9);
}

int q_governing_document_versions(struct db *db, struct arena *a, int64_t id, struct governing_document_version **out,
				  size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GD_VERSIONS, DB_ARGS(DB_INT(id)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), version_from_row, n);
	return rc;
}

int q_governing_document_req_add(struct db *db, struct arena *a, int64_t document_id, int64_t requirement_id,
				 int64_t by, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_GD_REQ_ADD,
			     DB_ARGS(DB_INT(document_id), DB_INT(requirement_id), DB_ID(by), DB_TEXT(now)), id_out, e);
}

int q_governing_document_req_remove(struct db *db, struct arena *a, int64_t document_id, int64_t requirement_id,
				    struct err *e)
{
	return db_run_change(db, a, &Q_GD_REQ_REMOVE, DB_ARGS(DB_INT(document_id), DB_INT(requirement_id)), e);
}

static void req_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct governing_document_req *x = out;
	x->link_id = rows_int(r, i, 0);
	x->document_id = rows_int(r, i, 1);
	x->requirement_id = rows_int(r, i, 2);
	x->code = rows_text(r, i, 3);
	x->title = rows_text(r, i, 4);
	x->doc_title = rows_text(r, i, 5);
	x->doc_status = rows_text(r, i, 6);
	x->doc_unit_path = rows_text(r, i, 7);
}

int q_governing_document_reqs(struct db *db, struct arena *a, int64_t id, struct governing_document_req **out,
			      size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GD_REQS, DB_ARGS(DB_INT(id)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), req_from_row, n);
	return rc;
}

int q_governing_document_reqs_of(struct db *db, struct arena *a, int64_t requirement_id,
				 struct governing_document_req **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GD_REQS_OF, DB_ARGS(DB_INT(requirement_id)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), req_from_row, n);
	return rc;
}

int q_governing_document_req_brief(struct db *db, struct arena *a, int64_t requirement_id, const char **code,
				   const char **title, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GD_REQ_BRIEF, DB_ARGS(DB_INT(requirement_id)), &r, e);
	if (rc)
		return rc;
	if (!r.n_rows)
		return ERR_NOTFOUND;
	*code = rows_text(&r, 0, 0);
	*title = rows_text(&r, 0, 1);
	return 0;
}

int q_governing_document_count_overdue(struct db *db, struct arena *a, const char *subtree, const char *today,
				       int64_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_GD_OVERDUE, DB_ARGS(DB_TEXT(subtree), DB_TEXT(today)), &r, e);
	if (!rc)
		*n = rows_int(&r, 0, 0);
	return rc;
}

static DB_QUERY(Q_ROUND_INSERT, "INSERT INTO governing_document_rounds (document_id, doc_version, group_id, unit_id,"
				" created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
#define ROUND_COLS                                                                                                  \
	"SELECT r.id, r.document_id, r.doc_version, r.group_id, g.name,"                                            \
	" (SELECT count(*) FROM governing_document_acks k WHERE k.round_id = r.id), r.created_at, d.title, u.name," \
	" r.unit_id, COALESCE(tu.name, u.name), COALESCE(tu.path, u.path)"                                          \
	" FROM governing_document_rounds r JOIN governing_documents d ON d.id = r.document_id"                      \
	" JOIN units u ON u.id = d.unit_id LEFT JOIN training_groups g ON g.id = r.group_id"                        \
	" LEFT JOIN units tu ON tu.id = r.unit_id"
static DB_QUERY(Q_ROUNDS, ROUND_COLS " WHERE r.document_id = $1 ORDER BY r.id DESC");
/* $1 round, $2 the document's unit path */
static DB_QUERY(Q_TARGETS,
		"SELECT DISTINCT ra.user_id, g.path,"
		" EXISTS (SELECT 1 FROM governing_document_acks k WHERE k.round_id = $1 AND k.user_id = ra.user_id)"
		" FROM role_assignments ra JOIN units g ON g.id = ra.unit_id JOIN users us ON us.id = ra.user_id"
		" AND us.active = 1 JOIN governing_document_rounds r ON r.id = $1"
		" WHERE " SQL_PATH_IN_SUBTREE(
			"g.path",
			"$2") " AND (r.group_id IS NULL OR EXISTS (SELECT 1 FROM"
			      " training_group_members m WHERE m.group_id = r.group_id AND m.user_id = ra.user_id))"
			      " ORDER BY ra.user_id, g.path");
static DB_QUERY(
	Q_ACK_INSERT,
	"INSERT INTO governing_document_acks (round_id, user_id, acknowledged_at) VALUES ($1, $2, $3) RETURNING id");
static DB_QUERY(Q_ROUNDS_OPEN, ROUND_COLS
		" WHERE r.doc_version = d.doc_version AND d.status IN ('in_force', 'under_review')"
		" AND r.id = (SELECT max(r2.id) FROM governing_document_rounds r2 WHERE r2.document_id ="
		" r.document_id AND r2.doc_version = r.doc_version AND ((r2.group_id IS NULL AND r.group_id IS"
		" NULL) OR r2.group_id = r.group_id) AND ((r2.unit_id IS NULL AND r.unit_id IS NULL)"
		" OR r2.unit_id = r.unit_id))"
		" AND NOT EXISTS (SELECT 1 FROM governing_document_acks k WHERE k.round_id = r.id AND k.user_id = $1)"
		" AND EXISTS (SELECT 1 FROM role_assignments ra JOIN units ga ON ga.id = ra.unit_id WHERE"
		" ra.user_id = $1 AND ga.path >= COALESCE(tu.path, u.path)"
		" AND ga.path < (COALESCE(tu.path, u.path) || '~'))"
		" AND (r.group_id IS NULL OR EXISTS (SELECT 1 FROM training_group_members m WHERE"
		" m.group_id = r.group_id AND m.user_id = $1))"
		" ORDER BY r.id LIMIT $2");

static void round_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct governing_document_round *x = out;
	x->id = rows_int(r, i, 0);
	x->document_id = rows_int(r, i, 1);
	x->doc_version = rows_text(r, i, 2);
	x->group_id = rows_int(r, i, 3);
	x->group_name = rows_text(r, i, 4);
	x->n_acks = rows_int(r, i, 5);
	x->created_at = rows_text(r, i, 6);
	x->title = rows_text(r, i, 7);
	x->unit_name = rows_text(r, i, 8);
	x->target_unit_id = rows_int(r, i, 9);
	x->target_unit_name = rows_text(r, i, 10);
	x->target_unit_path = rows_text(r, i, 11);
}

int q_governing_document_round_insert(struct db *db, struct arena *a, int64_t document_id, const char *doc_version,
				      int64_t group_id, int64_t unit_id, int64_t by, const char *now, int64_t *id_out,
				      struct err *e)
{
	return db_run_insert(db, a, &Q_ROUND_INSERT,
			     DB_ARGS(DB_INT(document_id), DB_TEXT(doc_version), DB_ID(group_id), DB_ID(unit_id),
				     DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_governing_document_rounds(struct db *db, struct arena *a, int64_t id, struct governing_document_round **out,
				size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_ROUNDS, DB_ARGS(DB_INT(id)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), round_from_row, n);
	return rc;
}

static void target_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct governing_document_target *t = out;
	t->user_id = rows_int(r, i, 0);
	t->unit_path = rows_text(r, i, 1);
	t->acknowledged = rows_bool(r, i, 2);
}

int q_governing_document_targets(struct db *db, struct arena *a, int64_t round_id, const char *unit_path,
				 struct governing_document_target **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_TARGETS, DB_ARGS(DB_INT(round_id), DB_TEXT(unit_path)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), target_from_row, n);
	return rc;
}

int q_governing_document_ack_insert(struct db *db, struct arena *a, int64_t round_id, int64_t user_id, const char *now,
				    struct err *e)
{
	int64_t id;
	return db_run_insert(db, a, &Q_ACK_INSERT, DB_ARGS(DB_INT(round_id), DB_INT(user_id), DB_TEXT(now)), &id, e);
}

int q_governing_document_rounds_open(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
				     struct governing_document_round **out, size_t *n, struct err *e)
{
	struct db_rows r;
	int rc = db_run(db, a, &Q_ROUNDS_OPEN, DB_ARGS(DB_INT(user_id), DB_INT(limit)), &r, e);
	if (!rc)
		*out = rows_map(a, &r, sizeof(**out), round_from_row, n);
	return rc;
}
