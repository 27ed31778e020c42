/*
 * q_classify.c - SQL of the classification model, the question bank and
 * classifications, and the typed functions that run it.
 *
 * Questions are listed in aspect order (confidentiality, integrity,
 * availability, traceability) and then by position, so one query gives the
 * protocol in the order it is shown; one more query gives every option of
 * the organisation, attached here to its question. The levels of a
 * classification are read as four consecutive columns per kind (level,
 * computed, inherited, motivation) into arrays indexed by aspect; a NULL
 * level reads as -1.
 */
#include "db/q_classify.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum class_model_col { CMC_ID, CMC_ORG, CMC_USE_T, CMC_MAX, CMC_MONTHS, CMC_VERSION, CMC_UPDATED, CMC_MOTIVATE_ALL };
enum class_level_col { CLV_LEVEL, CLV_NAME, CLV_DESCRIPTION };
enum class_question_col {
	CQC_ID,
	CQC_ORG,
	CQC_ASPECT,
	CQC_POSITION,
	CQC_TEXT,
	CQC_HELP,
	CQC_ACTIVE,
	CQC_VERSION,
	CQC_UPDATED
};
enum class_option_col { COC_ID, COC_QUESTION, COC_POSITION, COC_TEXT, COC_LEVEL };
/* Levels, computed, inherited and motivations are four consecutive columns each (c, i, a, t). */
enum classification_col {
	CLC_ID,
	CLC_ASSET,
	CLC_VERSION_NO,
	CLC_LEVEL,
	CLC_COMPUTED = CLC_LEVEL + 4,
	CLC_INHERITED = CLC_COMPUTED + 4,
	CLC_MOTIVATION = CLC_INHERITED + 4,
	CLC_INHERITED_FROM = CLC_MOTIVATION + 4,
	CLC_ANSWERS,
	CLC_STATUS,
	CLC_REVIEW_DUE,
	CLC_SIGNED_BY,
	CLC_SIGNED_BY_NAME,
	CLC_SIGNED_AT,
	CLC_CREATED_BY,
	CLC_CREATED_BY_NAME,
	CLC_CREATED_AT,
	CLC_DRAFTED_OWNER,
	CLC_SIGNED_ROLES,
	CLC_IMPORTED_SIGNER
};
/* An asset linked by "holds", with its current classification's levels (NULL when unclassified). */
enum class_link_col {
	CKC_ID,
	CKC_NAME,
	CKC_UNIT,
	CKC_KIND,
	CKC_CLASS,
	CKC_VERSION_NO,
	CKC_LEVEL,
	CKC_SIGNED_AT = CKC_LEVEL + 4,
	CKC_NEEDS_REVIEW
};

#define CM_COLS "id, org_id, use_traceability, max_level, review_months, version, updated_at, motivate_all"
#define CQ_COLS "q.id, q.org_id, q.aspect, q.position, q.text, q.help, q.active, q.version, q.updated_at"
#define CO_COLS "o.id, o.question_id, o.position, o.text, o.implies_level"
#define ASPECT_ORDER(col) \
	"CASE " col " WHEN 'confidentiality' THEN 0 WHEN 'integrity' THEN 1 WHEN 'availability' THEN 2 ELSE 3 END"
#define CLS_COLS                                                                                           \
	"c.id, c.asset_id, c.version_no, c.c_level, c.i_level, c.a_level, c.t_level,"                      \
	" c.c_computed, c.i_computed, c.a_computed, c.t_computed,"                                         \
	" c.c_inherited, c.i_inherited, c.a_inherited, c.t_inherited,"                                     \
	" c.c_motivation, c.i_motivation, c.a_motivation, c.t_motivation,"                                 \
	" c.inherited_from, c.answers, c.status, c.review_due, c.signed_by, su.display_name, c.signed_at," \
	" c.created_by, cu.display_name, c.created_at, c.drafted_owner_id, c.signed_roles, c.imported_signer"
#define CLS_FROM \
	" FROM classifications c LEFT JOIN users su ON su.id = c.signed_by LEFT JOIN users cu ON cu.id = c.created_by"
#define LINK_COLS                                                                                              \
	"o.id, o.name, o.unit_id, o.kind, o.classification_id, c.version_no, c.c_level, c.i_level, c.a_level," \
	" c.t_level, c.signed_at, o.needs_review"

static DB_QUERY(Q_CM_GET, "SELECT " CM_COLS " FROM class_models WHERE org_id = $1");
static DB_QUERY(Q_CM_INSERT,
		"INSERT INTO class_models (org_id, use_traceability, max_level, review_months, version, updated_at)"
		" VALUES ($1, 0, 4, 12, 1, $2) RETURNING id");
static DB_QUERY(Q_CM_UPDATE,
		"UPDATE class_models SET use_traceability = $3, max_level = $4, review_months = $5, updated_at = $6,"
		" motivate_all = $7, version = version + 1 WHERE org_id = $1 AND version = $2");
static DB_QUERY(Q_CL_LEVELS, "SELECT level, name, description FROM class_levels WHERE org_id = $1 ORDER BY level");
static DB_QUERY(Q_CL_LEVEL_UPDATE,
		"UPDATE class_levels SET name = $3, description = $4 WHERE org_id = $1 AND level = $2");
static DB_QUERY(Q_CL_LEVEL_INSERT,
		"INSERT INTO class_levels (org_id, level, name, description) VALUES ($1, $2, $3, $4)");

static DB_QUERY(Q_CQ_LIST, "SELECT " CQ_COLS
			   " FROM class_questions q WHERE q.org_id = $1 AND (CAST($2 AS BIGINT) = 0 OR q.active = 1)"
			   " ORDER BY " ASPECT_ORDER("q.aspect") ", q.position, q.id");
static DB_QUERY(Q_CQ_GET, "SELECT " CQ_COLS " FROM class_questions q WHERE q.id = $1");
static DB_QUERY(Q_CQ_MAX_POS,
		"SELECT COALESCE(max(position), 0) FROM class_questions WHERE org_id = $1 AND aspect = $2");
static DB_QUERY(Q_CQ_INSERT,
		"INSERT INTO class_questions (org_id, aspect, position, text, help, active, version, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id");
static DB_QUERY(Q_CQ_UPDATE,
		"UPDATE class_questions SET aspect = $3, text = $4, help = $5, active = $6, updated_at = $7,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_CQ_SET_POS, "UPDATE class_questions SET position = $2 WHERE id = $1");
static DB_QUERY(Q_CQ_BUMP,
		"UPDATE class_questions SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_CO_LIST_ORG, "SELECT " CO_COLS " FROM class_options o JOIN class_questions q ON q.id = o.question_id"
			       " WHERE q.org_id = $1 ORDER BY o.question_id, o.position, o.id");
static DB_QUERY(Q_CO_LIST_Q,
		"SELECT " CO_COLS " FROM class_options o WHERE o.question_id = $1 ORDER BY o.position, o.id");
static DB_QUERY(Q_CO_INSERT, "INSERT INTO class_options (question_id, position, text, implies_level)"
			     " VALUES ($1, $2, $3, $4) RETURNING id");
static DB_QUERY(
	Q_CO_UPDATE,
	"UPDATE class_options SET position = $3, text = $4, implies_level = $5 WHERE id = $1 AND question_id = $2");
static DB_QUERY(Q_CO_DELETE, "DELETE FROM class_options WHERE id = $1 AND question_id = $2");
static DB_QUERY(Q_CO_MAX_LEVEL, "SELECT COALESCE(max(o.implies_level), 0) FROM class_options o"
				" JOIN class_questions q ON q.id = o.question_id WHERE q.org_id = $1");

static DB_QUERY(Q_CLS_GET, "SELECT " CLS_COLS CLS_FROM " WHERE c.id = $1");
static DB_QUERY(Q_CLS_LIST, "SELECT " CLS_COLS CLS_FROM " WHERE c.asset_id = $1 ORDER BY c.version_no DESC");
static DB_QUERY(Q_CLS_NEXT_NO, "SELECT COALESCE(max(version_no), 0) + 1 FROM classifications WHERE asset_id = $1");
static DB_QUERY(
	Q_CLS_INSERT,
	"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level,"
	" c_computed, i_computed, a_computed, t_computed, c_inherited, i_inherited, a_inherited, t_inherited,"
	" c_motivation, i_motivation, a_motivation, t_motivation, inherited_from, answers, status, created_by,"
	" created_at, drafted_owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
	" $16, $17, $18, $19, $20, 'draft', $21, $22, $23) RETURNING id");
static DB_QUERY(Q_CLS_SIGN,
		"UPDATE classifications SET status = 'signed', signed_by = $2, signed_at = $3, review_due = $4,"
		" signed_roles = $5 WHERE id = $1 AND status = 'draft'");
static DB_QUERY(Q_CLS_SIGN_IMPORTED,
		"UPDATE classifications SET status = 'signed', signed_at = $2, review_due = $3, imported_signer = $4"
		" WHERE id = $1 AND status = 'draft'");
static DB_QUERY(Q_CLS_ASSETS_NAMED, "SELECT id FROM assets WHERE name_folded = CAST($1 AS TEXT) ORDER BY id LIMIT $2");
static DB_QUERY(Q_CLS_ASSET_SET,
		"UPDATE assets SET classification_id = $2, review_due = $3, needs_review = 0 WHERE id = $1");
static DB_QUERY(Q_CLS_HELD, "SELECT " LINK_COLS " FROM asset_links l JOIN assets o ON o.id = l.to_id"
			    " LEFT JOIN classifications c ON c.id = o.classification_id"
			    " WHERE l.from_id = $1 AND l.kind = 'holds' ORDER BY lower(o.name), o.id");
static DB_QUERY(Q_CLS_HOLDERS, "SELECT " LINK_COLS " FROM asset_links l JOIN assets o ON o.id = l.from_id"
			       " LEFT JOIN classifications c ON c.id = o.classification_id"
			       " WHERE l.to_id = $1 AND l.kind = 'holds' ORDER BY lower(o.name), o.id");
static DB_QUERY(Q_CLS_FLAG, "UPDATE assets SET needs_review = 1 WHERE id = $1");

/* A level column: -1 for NULL. */
/* The first column of the first row of @q run with @args (0 without rows). */
static int run_int(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n,
		   int64_t *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n, &rows, e);
	if (rc)
		return rc;
	*out = rows.n_rows ? rows_int(&rows, 0, 0) : 0;
	return 0;
}

/* An UPDATE that must change a row: ERR_CONFLICT when it changed none. */
static int run_changing(struct db *db, struct arena *a, const struct db_query *q, const struct db_arg *args, size_t n,
			struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, args, n, &rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

/* A record read with its parts: @q for @id into @rows, then @parts for @id. ERR_NOTFOUND when @q finds no row. */
static int get_with_parts(struct db *db, struct arena *a, const struct db_query *q, const struct db_query *parts,
			  int64_t id, struct db_rows *rows, struct db_rows *part_rows, struct err *e)
{
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), rows, e);

	if (rc)
		return rc;
	if (rows->n_rows == 0)
		return ERR_NOTFOUND;
	return db_run(db, a, parts, DB_ARGS(DB_INT(id)), part_rows, e);
}

/* --- the model --- */

int q_class_model_get(struct db *db, struct arena *a, int64_t org_id, struct class_model *out, struct err *e)
{
	struct db_rows rows, lv;
	int rc = get_with_parts(db, a, &Q_CM_GET, &Q_CL_LEVELS, org_id, &rows, &lv, e);

	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = rows_int(&rows, 0, CMC_ID);
	out->org_id = rows_int(&rows, 0, CMC_ORG);
	out->use_traceability = rows_bool(&rows, 0, CMC_USE_T);
	out->max_level = rows_int(&rows, 0, CMC_MAX);
	out->review_months = rows_int(&rows, 0, CMC_MONTHS);
	out->version = rows_int(&rows, 0, CMC_VERSION);
	out->updated_at = rows_text(&rows, 0, CMC_UPDATED);
	out->motivate_all = rows_bool(&rows, 0, CMC_MOTIVATE_ALL);
	for (size_t i = 0; i < lv.n_rows; i++) {
		int64_t l = rows_int(&lv, i, CLV_LEVEL);
		if (l < 0 || l >= CLASS_SCALE_MAX)
			continue;
		out->levels[l].name = rows_text(&lv, i, CLV_NAME);
		out->levels[l].description = rows_text(&lv, i, CLV_DESCRIPTION);
	}
	return 0;
}

int q_class_model_insert(struct db *db, struct arena *a, int64_t org_id, const char *now, int64_t *id_out,
			 struct err *e)
{
	return run_int(db, a, &Q_CM_INSERT, DB_ARGS(DB_INT(org_id), DB_TEXT(now)), id_out, e);
}

int q_class_model_update(struct db *db, struct arena *a, int64_t org_id, int64_t version,
			 const struct class_model_input *in, const char *now, struct err *e)
{
	return run_changing(db, a, &Q_CM_UPDATE,
			    DB_ARGS(DB_INT(org_id), DB_INT(version), DB_INT(in->use_traceability ? 1 : 0),
				    DB_INT(in->max_level), DB_INT(in->review_months), DB_TEXT(now),
				    DB_INT(in->motivate_all ? 1 : 0)),
			    e);
}

int q_class_level_insert(struct db *db, struct arena *a, int64_t org_id, int64_t level, const char *name,
			 const char *description, struct err *e)
{
	return db_run(db, a, &Q_CL_LEVEL_INSERT,
		      DB_ARGS(DB_INT(org_id), DB_INT(level), DB_TEXT(name), DB_TEXT(description)), NULL, e);
}

int q_class_level_set(struct db *db, struct arena *a, int64_t org_id, int64_t level, const char *name,
		      const char *description, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_CL_LEVEL_UPDATE,
			DB_ARGS(DB_INT(org_id), DB_INT(level), DB_TEXT(name), DB_TEXT(description)), &rows, e);
	if (rc || rows.changes)
		return rc;
	return q_class_level_insert(db, a, org_id, level, name, description, e);
}

/* --- the question bank --- */

static void question_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct class_question *q = out;
	memset(q, 0, sizeof(*q));
	q->id = rows_int(r, i, CQC_ID);
	q->org_id = rows_int(r, i, CQC_ORG);
	q->aspect = rows_text(r, i, CQC_ASPECT);
	q->position = rows_int(r, i, CQC_POSITION);
	q->text = rows_text(r, i, CQC_TEXT);
	q->help = rows_text(r, i, CQC_HELP);
	q->active = rows_bool(r, i, CQC_ACTIVE);
	q->version = rows_int(r, i, CQC_VERSION);
	q->updated_at = rows_text(r, i, CQC_UPDATED);
}

static void option_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct class_option *o = out;
	o->id = rows_int(r, i, COC_ID);
	o->question_id = rows_int(r, i, COC_QUESTION);
	o->position = rows_int(r, i, COC_POSITION);
	o->text = rows_text(r, i, COC_TEXT);
	o->implies_level = rows_int(r, i, COC_LEVEL);
}

/* Attach the options in @opts (ordered by question) to the questions they belong to. */
static void attach_options(struct arena *a, struct class_question *qs, size_t n, const struct db_rows *opts)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		for (size_t r = 0; r < opts->n_rows; r++)
			if (rows_int(opts, r, COC_QUESTION) == qs[i].id)
				k++;
		qs[i].options = arena_calloc(a, k ? k : 1, sizeof(struct class_option));
		qs[i].n_options = 0;
		for (size_t r = 0; r < opts->n_rows; r++)
			if (rows_int(opts, r, COC_QUESTION) == qs[i].id)
				option_from_row(opts, r, &qs[i].options[qs[i].n_options++]);
	}
}

int q_class_questions(struct db *db, struct arena *a, int64_t org_id, bool active_only, struct class_question **out,
		      size_t *n, struct err *e)
{
	struct db_rows rows, opts;
	int rc;

	if ((rc = db_run(db, a, &Q_CQ_LIST, DB_ARGS(DB_INT(org_id), DB_INT(active_only ? 1 : 0)), &rows, e)) ||
	    (rc = db_run(db, a, &Q_CO_LIST_ORG, DB_ARGS(DB_INT(org_id)), &opts, e)))
		return rc;
	*out = rows_map(a, &rows, sizeof(**out), question_from_row, n);
	attach_options(a, *out, *n, &opts);
	return 0;
}

int q_class_question_get(struct db *db, struct arena *a, int64_t id, struct class_question *out, struct err *e)
{
	struct db_rows rows, opts;
	int rc = get_with_parts(db, a, &Q_CQ_GET, &Q_CO_LIST_Q, id, &rows, &opts, e);

	if (rc)
		return rc;
	question_from_row(&rows, 0, out);
	attach_options(a, out, 1, &opts);
	return 0;
}

int q_class_question_last_position(struct db *db, struct arena *a, int64_t org_id, const char *aspect,
				   int64_t *position, struct err *e)
{
	return run_int(db, a, &Q_CQ_MAX_POS, DB_ARGS(DB_INT(org_id), DB_TEXT(aspect)), position, e);
}

int q_class_question_insert(struct db *db, struct arena *a, int64_t org_id, const struct class_question_input *in,
			    int64_t position, const char *now, int64_t *id_out, struct err *e)
{
	return run_int(db, a, &Q_CQ_INSERT,
		       DB_ARGS(DB_INT(org_id), DB_TEXT(in->aspect), DB_INT(position), DB_TEXT(in->text),
			       DB_TEXT(in->help ? in->help : ""), DB_INT(in->active ? 1 : 0), DB_TEXT(now)),
		       id_out, e);
}

int q_class_question_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			    const struct class_question_input *in, const char *now, struct err *e)
{
	return run_changing(db, a, &Q_CQ_UPDATE,
			    DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->aspect), DB_TEXT(in->text),
				    DB_TEXT(in->help), DB_INT(in->active ? 1 : 0), DB_TEXT(now)),
			    e);
}

int q_class_question_set_position(struct db *db, struct arena *a, int64_t id, int64_t position, struct err *e)
{
	return db_run(db, a, &Q_CQ_SET_POS, DB_ARGS(DB_INT(id), DB_INT(position)), NULL, e);
}

int q_class_question_bump(struct db *db, struct arena *a, int64_t id, int64_t version, const char *now, struct err *e)
{
	return run_changing(db, a, &Q_CQ_BUMP, DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(now)), e);
}

int q_class_option_insert(struct db *db, struct arena *a, int64_t question_id, int64_t position,
			  const struct class_option_input *o, int64_t *id_out, struct err *e)
{
	int64_t id;
	int rc = run_int(db, a, &Q_CO_INSERT,
			 DB_ARGS(DB_INT(question_id), DB_INT(position), DB_TEXT(o->text), DB_INT(o->implies_level)),
			 &id, e);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int q_class_option_update(struct db *db, struct arena *a, int64_t question_id, int64_t position,
			  const struct class_option_input *o, struct err *e)
{
	return db_run(db, a, &Q_CO_UPDATE,
		      DB_ARGS(DB_INT(o->id), DB_INT(question_id), DB_INT(position), DB_TEXT(o->text),
			      DB_INT(o->implies_level)),
		      NULL, e);
}

int q_class_option_delete(struct db *db, struct arena *a, int64_t question_id, int64_t id, struct err *e)
{
	return db_run(db, a, &Q_CO_DELETE, DB_ARGS(DB_INT(id), DB_INT(question_id)), NULL, e);
}

int q_class_option_max_level(struct db *db, struct arena *a, int64_t org_id, int64_t *level, struct err *e)
{
	return run_int(db, a, &Q_CO_MAX_LEVEL, DB_ARGS(DB_INT(org_id)), level, e);
}

/* --- classifications --- */

static void classification_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct classification *c = out;
	memset(c, 0, sizeof(*c));
	c->id = rows_int(r, i, CLC_ID);
	c->asset_id = rows_int(r, i, CLC_ASSET);
	c->version_no = rows_int(r, i, CLC_VERSION_NO);
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		c->level[k] = rows_level(r, i, CLC_LEVEL + (size_t)k);
		c->computed[k] = rows_level(r, i, CLC_COMPUTED + (size_t)k);
		c->inherited[k] = c->level[k] < 0 ? -1 : rows_level(r, i, CLC_INHERITED + (size_t)k);
		c->motivation[k] = rows_text(r, i, CLC_MOTIVATION + (size_t)k);
	}
	c->inherited_from_json = rows_text(r, i, CLC_INHERITED_FROM);
	c->answers_json = rows_text(r, i, CLC_ANSWERS);
	c->status = rows_text(r, i, CLC_STATUS);
	c->review_due = rows_text(r, i, CLC_REVIEW_DUE);
	c->signed_by = rows_int(r, i, CLC_SIGNED_BY);
	c->signed_by_name = rows_text(r, i, CLC_SIGNED_BY_NAME);
	c->signed_at = rows_text(r, i, CLC_SIGNED_AT);
	c->created_by = rows_int(r, i, CLC_CREATED_BY);
	c->created_by_name = rows_text(r, i, CLC_CREATED_BY_NAME);
	c->created_at = rows_text(r, i, CLC_CREATED_AT);
	c->drafted_owner_id = rows_int(r, i, CLC_DRAFTED_OWNER);
	c->signed_roles = rows_text(r, i, CLC_SIGNED_ROLES);
	c->imported_signer = rows_text(r, i, CLC_IMPORTED_SIGNER);
	if (c->imported_signer)
		c->signed_by_name = c->imported_signer;
}

static DB_QUERY(Q_CLS_DRAFTS_OWNED, "SELECT c.id, c.asset_id, c.version_no, a.name, u.name, c.created_at FROM assets a"
				    " JOIN units u ON u.id = a.unit_id JOIN classifications c ON c.asset_id = a.id"
				    " WHERE a.owner_id = $1 AND a.lifecycle <> 'retired' AND c.status = 'draft'"
				    " ORDER BY c.created_at, c.id LIMIT $2");

static void draft_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct class_draft *d = out;
	d->id = rows_int(r, i, 0);
	d->asset_id = rows_int(r, i, 1);
	d->version_no = rows_int(r, i, 2);
	d->asset_name = rows_text(r, i, 3);
	d->unit_name = rows_text(r, i, 4);
	d->created_at = rows_text(r, i, 5);
}

int q_classification_drafts_owned(struct db *db, struct arena *a, int64_t owner_id, int64_t limit,
				  struct class_draft **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_CLS_DRAFTS_OWNED, DB_ARGS(DB_INT(owner_id), DB_INT(limit)), sizeof(**out),
			   draft_from_row, (void **)out, n, e);
}

int q_classification_get(struct db *db, struct arena *a, int64_t id, struct classification *out, struct err *e)
{
	return db_run_get(db, a, &Q_CLS_GET, DB_ARGS(DB_INT(id)), classification_from_row, out, e);
}

int q_classification_list(struct db *db, struct arena *a, int64_t asset_id, struct classification **out, size_t *n,
			  struct err *e)
{
	return db_run_list(db, a, &Q_CLS_LIST, DB_ARGS(DB_INT(asset_id)), sizeof(**out), classification_from_row,
			   (void **)out, n, e);
}

int q_classification_next_no(struct db *db, struct arena *a, int64_t asset_id, int64_t *no, struct err *e)
{
	return run_int(db, a, &Q_CLS_NEXT_NO, DB_ARGS(DB_INT(asset_id)), no, e);
}

int q_classification_insert(struct db *db, struct arena *a, int64_t asset_id, int64_t version_no,
			    const struct class_computation *c, const char *sources_json, const char *answers_json,
			    int64_t created_by, const char *now, int64_t drafted_owner_id, int64_t *id_out,
			    struct err *e)
{
	return run_int(db, a, &Q_CLS_INSERT,
		       DB_ARGS(DB_INT(asset_id), DB_INT(version_no), DB_LEVEL(c->level[0]), DB_LEVEL(c->level[1]),
			       DB_LEVEL(c->level[2]), DB_LEVEL(c->level[3]), DB_LEVEL(c->computed[0]),
			       DB_LEVEL(c->computed[1]), DB_LEVEL(c->computed[2]), DB_LEVEL(c->computed[3]),
			       DB_INT(c->inherited[0]), DB_INT(c->inherited[1]), DB_INT(c->inherited[2]),
			       DB_LEVEL(c->inherited[3]), DB_TEXT(c->motivation[0]), DB_TEXT(c->motivation[1]),
			       DB_TEXT(c->motivation[2]), DB_TEXT(c->motivation[3]), DB_TEXT(sources_json),
			       DB_TEXT(answers_json), DB_ID(created_by), DB_TEXT(now), DB_ID(drafted_owner_id)),
		       id_out, e);
}

int q_classification_sign(struct db *db, struct arena *a, int64_t id, int64_t signed_by, const char *signed_at,
			  const char *review_due, const char *signed_roles, struct err *e)
{
	return run_changing(
		db, a, &Q_CLS_SIGN,
		DB_ARGS(DB_INT(id), DB_INT(signed_by), DB_TEXT(signed_at), DB_TEXT(review_due), DB_TEXT(signed_roles)),
		e);
}

int q_classification_sign_imported(struct db *db, struct arena *a, int64_t id, const char *signed_at,
				   const char *review_due, const char *signer, struct err *e)
{
	return run_changing(db, a, &Q_CLS_SIGN_IMPORTED,
			    DB_ARGS(DB_INT(id), DB_TEXT(signed_at), DB_TEXT(review_due), DB_TEXT(signer)), e);
}

int q_class_assets_named(struct db *db, struct arena *a, const char *folded, int64_t limit, int64_t **ids, size_t *n,
			 struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_CLS_ASSETS_NAMED, DB_ARGS(DB_TEXT(folded), DB_INT(limit)), &rows, e);
	if (rc)
		return rc;
	*ids = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**ids));
	for (size_t i = 0; i < rows.n_rows; i++)
		(*ids)[i] = rows_int(&rows, i, 0);
	*n = rows.n_rows;
	return 0;
}

int q_classification_make_current(struct db *db, struct arena *a, int64_t asset_id, int64_t classification_id,
				  const char *review_due, struct err *e)
{
	return db_run(db, a, &Q_CLS_ASSET_SET,
		      DB_ARGS(DB_INT(asset_id), DB_INT(classification_id), DB_TEXT(review_due)), NULL, e);
}

static void source_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct class_source *s = out;
	memset(s, 0, sizeof(*s));
	s->asset_id = rows_int(r, i, CKC_ID);
	s->name = rows_text(r, i, CKC_NAME);
	s->unit_id = rows_int(r, i, CKC_UNIT);
	s->classification_id = rows_int(r, i, CKC_CLASS);
	s->version_no = rows_int(r, i, CKC_VERSION_NO);
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		s->level[k] = s->classification_id ? rows_level(r, i, CKC_LEVEL + (size_t)k) : -1;
	s->signed_at = rows_text(r, i, CKC_SIGNED_AT);
	s->needs_review = rows_bool(r, i, CKC_NEEDS_REVIEW);
}

static int sources(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct class_source **out,
		   size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), source_from_row, n);
	return rc;
}

int q_class_held(struct db *db, struct arena *a, int64_t asset_id, struct class_source **out, size_t *n, struct err *e)
{
	return sources(db, a, &Q_CLS_HELD, asset_id, out, n, e);
}

int q_class_holders(struct db *db, struct arena *a, int64_t set_id, struct class_source **out, size_t *n, struct err *e)
{
	return sources(db, a, &Q_CLS_HOLDERS, set_id, out, n, e);
}

int q_class_flag_review(struct db *db, struct arena *a, int64_t asset_id, struct err *e)
{
	return db_run(db, a, &Q_CLS_FLAG, DB_ARGS(DB_INT(asset_id)), NULL, e);
}
