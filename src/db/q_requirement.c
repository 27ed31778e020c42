/*
 * q_requirement.c - SQL of the requirements library and of requirement
 * fulfilment per asset.
 *
 * The library sorts by category in the order the pages show them (the CASE
 * below lists the category keys of domain/requirement.c in that order; an
 * unknown key sorts last), then by code. The default library is inserted
 * with ON CONFLICT (code) DO NOTHING ... RETURNING id, which both engines
 * accept, so two requests seeding an empty library at once cannot insert a
 * code twice.
 *
 * Each query is private to this file, behind one typed function that owns
 * its parameter order and row mapping (q_requirement.h).
 */
#include "db/q_requirement.h"

#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum requirement_col {
	RQC_ID,
	RQC_CODE,
	RQC_TITLE,
	RQC_TEXT,
	RQC_CATEGORY,
	RQC_MIN_C,
	RQC_MIN_I,
	RQC_MIN_A,
	RQC_MIN_T,
	RQC_NIS2,
	RQC_GDPR,
	RQC_OBLIGATION,
	RQC_PARTY,
	RQC_CONDITIONS,
	RQC_KINDS,
	RQC_ACTIVE,
	RQC_VERSION,
	RQC_CREATED,
	RQC_UPDATED
};

enum asset_requirement_col {
	ARC_ID,
	ARC_ASSET,
	ARC_REQUIREMENT,
	ARC_STATUS,
	ARC_COMMENT,
	ARC_EVIDENCE,
	ARC_ACTION,
	ARC_ACTION_TITLE,
	ARC_ACTION_STATUS,
	ARC_VERSION,
	ARC_UPDATED_BY,
	ARC_UPDATED_BY_NAME,
	ARC_UPDATED
};

#define REQ_COLS                                                                                         \
	"r.id, r.code, r.title, r.text, r.category, r.min_c, r.min_i, r.min_a, r.min_t, r.nis2, r.gdpr," \
	" r.obligation, r.party, r.conditions, r.kinds, r.active,"                                       \
	" r.version, r.created_at, r.updated_at"
#define REQ_CATEGORY_ORDER                                                                                       \
	" CASE r.category WHEN 'governance' THEN 1 WHEN 'access_control' THEN 2 WHEN 'logging' THEN 3"           \
	" WHEN 'backup' THEN 4 WHEN 'encryption' THEN 5 WHEN 'continuity' THEN 6 WHEN 'suppliers' THEN 7"        \
	" WHEN 'physical' THEN 8 WHEN 'personal_data' THEN 9 WHEN 'operations' THEN 10 WHEN 'incidents' THEN 11" \
	" ELSE 99 END"
#define REQ_FILTER                                                                                          \
	" WHERE (CAST($1 AS TEXT) IS NULL OR r.category = CAST($1 AS TEXT))"                                \
	" AND (CAST($2 AS TEXT) IS NULL OR (',' || r.nis2 || ',') LIKE ('%,' || CAST($2 AS TEXT) || ',%'))" \
	" AND (CAST($3 AS TEXT) IS NULL OR lower(r.code) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\'"          \
	"      OR lower(r.title) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\'"                                  \
	"      OR lower(r.text) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\')"                                  \
	" AND (CAST($4 AS BIGINT) = -1 OR r.active = CAST($4 AS BIGINT))"

static DB_QUERY(Q_REQ_COUNT_ALL, "SELECT count(*) FROM requirements");
static DB_QUERY(Q_REQLIB_REVISION, "SELECT revision FROM requirement_library WHERE id = 1");
static DB_QUERY(Q_REQLIB_SET_REVISION, "UPDATE requirement_library SET revision = $1 WHERE id = 1 AND revision < $1");
static DB_QUERY(Q_REQ_GET, "SELECT " REQ_COLS " FROM requirements r WHERE r.id = $1");
static DB_QUERY(Q_REQ_GET_CODE, "SELECT " REQ_COLS " FROM requirements r WHERE r.code = CAST($1 AS TEXT)");
static DB_QUERY(Q_REQ_LIST, "SELECT " REQ_COLS " FROM requirements r" REQ_FILTER " ORDER BY" REQ_CATEGORY_ORDER
			    ", r.code, r.id LIMIT $5 OFFSET $6");
static DB_QUERY(Q_REQ_LIST_COUNT, "SELECT count(*) FROM requirements r" REQ_FILTER);
static DB_QUERY(Q_REQ_ACTIVE_ALL,
		"SELECT " REQ_COLS " FROM requirements r WHERE r.active = 1 ORDER BY" REQ_CATEGORY_ORDER
		", r.code, r.id");
#define REQ_INSERT_HEAD                                                                                          \
	"INSERT INTO requirements (code, title, text, category, min_c, min_i, min_a, min_t, nis2, active, gdpr," \
	" obligation, party, conditions, kinds, version, created_at, updated_at)"                                \
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16)"
static DB_QUERY(Q_REQ_INSERT, REQ_INSERT_HEAD " RETURNING id");
static DB_QUERY(Q_REQ_INSERT_IF_NEW, REQ_INSERT_HEAD " ON CONFLICT (code) DO NOTHING RETURNING id");
static DB_QUERY(Q_REQ_UPDATE,
		"UPDATE requirements SET code = $3, title = $4, text = $5, category = $6, min_c = $7, min_i = $8,"
		" min_a = $9, min_t = $10, nis2 = $11, active = $12, gdpr = $13, obligation = $14, party = $15,"
		" conditions = $16, kinds = $17, updated_at = $18, version = version + 1"
		" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_REQ_SET_ACTIVE, "UPDATE requirements SET active = $3, updated_at = $4, version = version + 1"
				  " WHERE id = $1 AND version = $2");

#define AR_COLS                                                                                                  \
	"ar.id, ar.asset_id, ar.requirement_id, ar.status, ar.comment, ar.evidence_url, ar.action_id, ac.title," \
	" ac.status, ar.version, ar.updated_by, us.display_name, ar.updated_at"
#define AR_FROM                                                                       \
	" FROM asset_requirements ar LEFT JOIN activities ac ON ac.id = ar.action_id" \
	" LEFT JOIN users us ON us.id = ar.updated_by"

static DB_QUERY(Q_AR_FOR_ASSET, "SELECT " AR_COLS AR_FROM " WHERE ar.asset_id = $1");
static DB_QUERY(Q_AR_GET, "SELECT " AR_COLS AR_FROM " WHERE ar.asset_id = $1 AND ar.requirement_id = $2");
static DB_QUERY(Q_AR_INSERT,
		"INSERT INTO asset_requirements (asset_id, requirement_id, status, comment, evidence_url, version,"
		" updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id");
static DB_QUERY(Q_AR_UPDATE, "UPDATE asset_requirements SET status = $3, comment = $4, evidence_url = $5,"
			     " updated_by = $6, updated_at = $7, version = version + 1"
			     " WHERE asset_id = $1 AND requirement_id = $2 AND version = $8");
static DB_QUERY(Q_AR_SET_ACTION,
		"UPDATE asset_requirements SET action_id = $3, updated_by = $4, updated_at = $5, version = version + 1"
		" WHERE asset_id = $1 AND requirement_id = $2 AND version = $6");

static void requirement_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct requirement *q = out;
	q->id = rows_int(r, i, RQC_ID);
	q->code = rows_text(r, i, RQC_CODE);
	q->title = rows_text(r, i, RQC_TITLE);
	q->text = rows_text(r, i, RQC_TEXT);
	q->category = rows_text(r, i, RQC_CATEGORY);
	q->min_c = rows_level(r, i, RQC_MIN_C);
	q->min_i = rows_level(r, i, RQC_MIN_I);
	q->min_a = rows_level(r, i, RQC_MIN_A);
	q->min_t = rows_level(r, i, RQC_MIN_T);
	q->nis2 = rows_text(r, i, RQC_NIS2);
	q->gdpr = rows_text(r, i, RQC_GDPR);
	q->obligation = rows_text(r, i, RQC_OBLIGATION);
	q->party = rows_text(r, i, RQC_PARTY);
	q->conditions = rows_text(r, i, RQC_CONDITIONS);
	q->kinds = rows_text(r, i, RQC_KINDS);
	q->active = rows_bool(r, i, RQC_ACTIVE);
	q->version = rows_int(r, i, RQC_VERSION);
	q->created_at = rows_text(r, i, RQC_CREATED);
	q->updated_at = rows_text(r, i, RQC_UPDATED);
}

/* The input's columns in the order Q_REQ_INSERT and Q_REQ_UPDATE (from $3) bind them. */
#define INPUT_ARGS(in)                                                                                           \
	DB_TEXT((in)->code), DB_TEXT((in)->title), DB_TEXT((in)->text), DB_TEXT((in)->category),                 \
		DB_LEVEL((in)->min_c), DB_LEVEL((in)->min_i), DB_LEVEL((in)->min_a), DB_LEVEL((in)->min_t),      \
		DB_TEXT((in)->nis2), DB_INT((in)->active ? 1 : 0), DB_TEXT(or_default((in)->gdpr, "")),          \
		DB_TEXT(or_default((in)->obligation, "must")), DB_TEXT(or_default((in)->party, "organisation")), \
		DB_TEXT(or_default((in)->conditions, "")), DB_TEXT(or_default((in)->kinds, ""))

static const char *or_default(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static int one_requirement(struct db *db, struct arena *a, const struct db_query *q, struct db_arg arg,
			   struct requirement *out, struct err *e)
{
	return db_run_get(db, a, q, &arg, 1, requirement_from_row, out, e);
}

int q_requirement_library_revision(struct db *db, struct arena *a, int64_t *rev, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQLIB_REVISION, NULL, 0, &rows, e);
	if (!rc)
		*rev = rows.n_rows ? rows_int(&rows, 0, 0) : 0;
	return rc;
}

int q_requirement_library_set_revision(struct db *db, struct arena *a, int64_t rev, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQLIB_SET_REVISION, DB_ARGS(DB_INT(rev)), &rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_requirement_count(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_COUNT_ALL, NULL, 0, &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

int q_requirement_get(struct db *db, struct arena *a, int64_t id, struct requirement *out, struct err *e)
{
	return one_requirement(db, a, &Q_REQ_GET, DB_INT(id), out, e);
}

int q_requirement_get_by_code(struct db *db, struct arena *a, const char *code, struct requirement *out, struct err *e)
{
	return one_requirement(db, a, &Q_REQ_GET_CODE, DB_TEXT(code ? code : ""), out, e);
}

int q_requirement_list(struct db *db, struct arena *a, const struct requirement_filter *f, struct requirement **out,
		       size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 10000 ? f->limit : 500;
	int rc;

#define REQ_FILTER_ARGS DB_TEXT(f->category), DB_TEXT(f->nis2), DB_TEXT(like), DB_INT(f->active)
	if ((rc = db_run_count(db, a, &Q_REQ_LIST_COUNT, DB_ARGS(REQ_FILTER_ARGS), total, e)))
		return rc;
	rc = db_run(db, a, &Q_REQ_LIST, DB_ARGS(REQ_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
		    &rows, e);
#undef REQ_FILTER_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), requirement_from_row, n);
	return rc;
}

int q_requirement_active(struct db *db, struct arena *a, struct requirement **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_ACTIVE_ALL, NULL, 0, &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), requirement_from_row, n);
	return rc;
}

int q_requirement_insert(struct db *db, struct arena *a, const struct requirement_input *in, const char *now,
			 int64_t *id_out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_INSERT, DB_ARGS(INPUT_ARGS(in), DB_TEXT(now)), &rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_requirement_insert_if_new(struct db *db, struct arena *a, const struct requirement_input *in, const char *now,
				int64_t *id_out, bool *inserted, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_INSERT_IF_NEW, DB_ARGS(INPUT_ARGS(in), DB_TEXT(now)), &rows, e);
	if (rc)
		return rc;
	*inserted = rows.n_rows > 0;
	*id_out = *inserted ? rows_int(&rows, 0, 0) : 0;
	return 0;
}

int q_requirement_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			 const struct requirement_input *in, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_UPDATE, DB_ARGS(DB_INT(id), DB_INT(version), INPUT_ARGS(in), DB_TEXT(now)), &rows,
			e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_requirement_set_active(struct db *db, struct arena *a, int64_t id, int64_t version, bool active, const char *now,
			     struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_REQ_SET_ACTIVE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(active ? 1 : 0), DB_TEXT(now)), &rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

static DB_QUERY(Q_AR_STATUSES_OF_PERSON,
		"SELECT ar.asset_id, ar.requirement_id, ar.status FROM asset_requirements ar"
		" WHERE ar.asset_id IN (" ASSETS_OF_PERSON("$1", "$2") ")"
								       " ORDER BY ar.asset_id, ar.requirement_id");

static void status_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset_requirement_status *s = out;
	s->asset_id = rows_int(r, i, 0);
	s->requirement_id = rows_int(r, i, 1);
	s->status = rows_text(r, i, 2);
}

int q_asset_requirement_statuses_of_person(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
					   struct asset_requirement_status **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_AR_STATUSES_OF_PERSON, DB_ARGS(DB_INT(user_id), DB_INT(limit)), sizeof(**out),
			   status_from_row, (void **)out, n, e);
}

static void asset_requirement_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct asset_requirement *ar = out;
	*ar = (struct asset_requirement){ 0 };
	ar->req.id = rows_int(r, i, ARC_REQUIREMENT);
	ar->id = rows_int(r, i, ARC_ID);
	ar->asset_id = rows_int(r, i, ARC_ASSET);
	ar->status = rows_text(r, i, ARC_STATUS);
	ar->comment = rows_text(r, i, ARC_COMMENT);
	ar->evidence_url = rows_text(r, i, ARC_EVIDENCE);
	ar->action_id = rows_int(r, i, ARC_ACTION);
	ar->action_title = rows_text(r, i, ARC_ACTION_TITLE);
	ar->action_status = rows_text(r, i, ARC_ACTION_STATUS);
	ar->version = rows_int(r, i, ARC_VERSION);
	ar->updated_by = rows_int(r, i, ARC_UPDATED_BY);
	ar->updated_by_name = rows_text(r, i, ARC_UPDATED_BY_NAME);
	ar->updated_at = rows_text(r, i, ARC_UPDATED);
}

int q_asset_requirement_list(struct db *db, struct arena *a, int64_t asset_id, struct asset_requirement **out,
			     size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_AR_FOR_ASSET, DB_ARGS(DB_INT(asset_id)), sizeof(**out), asset_requirement_from_row,
			   (void **)out, n, e);
}

int q_asset_requirement_get(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			    struct asset_requirement *out, struct err *e)
{
	return db_run_get(db, a, &Q_AR_GET, DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id)),
			  asset_requirement_from_row, out, e);
}

int q_asset_requirement_insert(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			       const struct asset_requirement_input *in, int64_t by, const char *now, int64_t *id_out,
			       struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AR_INSERT,
			DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id), DB_TEXT(in->status), DB_TEXT(in->comment),
				DB_TEXT(in->evidence_url), DB_ID(by), DB_TEXT(now)),
			&rows, e);
	if (!rc)
		*id_out = rows_int(&rows, 0, 0);
	return rc;
}

int q_asset_requirement_update(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			       int64_t version, const struct asset_requirement_input *in, int64_t by, const char *now,
			       struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AR_UPDATE,
			DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id), DB_TEXT(in->status), DB_TEXT(in->comment),
				DB_TEXT(in->evidence_url), DB_ID(by), DB_TEXT(now), DB_INT(version)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_asset_requirement_set_action(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
				   int64_t version, int64_t action_id, int64_t by, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AR_SET_ACTION,
			DB_ARGS(DB_INT(asset_id), DB_INT(requirement_id), DB_INT(action_id), DB_ID(by), DB_TEXT(now),
				DB_INT(version)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}
