/*
 * q_gdpr.c - SQL of the register of processing activities: its
 * vocabularies, the activities and their purposes, categories, assets and
 * processors, the export of the whole register, the reverse view from the
 * assets, and the counts of the start and unit pages.
 *
 * Lists join the controller unit (for scope and its name) and the people
 * (names) in one query and sort with CASE expressions, so one prepared
 * statement serves every order the list offers; on SQLite one owner's list
 * and a page of the whole register by name have statements of their own
 * that an index answers. The export reads each kind
 * of child row for all the activities it covers in one query, ordered by
 * activity, instead of one query per activity.
 */
#include "db/q_gdpr.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"
#include "db/q_scope.h"

/* --- vocabularies ------------------------------------------------------------ */

#define CAT_COLS                                                                                                    \
	"SELECT c.id, c.org_id, o.path, c.kind, c.name, c.special, c.active, c.version, c.created_at, c.updated_at" \
	" FROM gdpr_categories c JOIN units o ON o.id = c.org_id"

static DB_QUERY(Q_CAT_GET, CAT_COLS " WHERE c.id = $1");
static DB_QUERY(Q_CAT_LIST,
		CAT_COLS " WHERE c.org_id = $1 AND (CAST($2 AS TEXT) IS NULL OR c.kind = CAST($2 AS TEXT))"
			 " AND (CAST($3 AS BIGINT) = 1 OR c.active = 1) ORDER BY c.kind DESC, lower(c.name)");
static DB_QUERY(Q_CAT_TAKEN, "SELECT id FROM gdpr_categories WHERE org_id = $1 AND kind = $2"
			     " AND lower(name) = lower(CAST($3 AS TEXT)) AND id <> $4");
static DB_QUERY(Q_CAT_INSERT, "INSERT INTO gdpr_categories (org_id, kind, name, special, active, version, created_at,"
			      " updated_at) VALUES ($1, $2, $3, $4, 1, 1, $5, $5) RETURNING id");
static DB_QUERY(Q_CAT_UPDATE, "UPDATE gdpr_categories SET name = $3, special = $4, active = $5, updated_at = $6,"
			      " version = version + 1 WHERE id = $1 AND version = $2");

static void cat_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_category *c = out;
	c->id = rows_int(r, i, 0);
	c->org_id = rows_int(r, i, 1);
	c->org_path = rows_text(r, i, 2);
	c->kind = rows_text(r, i, 3);
	c->name = rows_text(r, i, 4);
	c->special = rows_text(r, i, 5);
	c->active = rows_bool(r, i, 6);
	c->version = rows_int(r, i, 7);
	c->created_at = rows_text(r, i, 8);
	c->updated_at = rows_text(r, i, 9);
}

int q_gdpr_category_get(struct db *db, struct arena *a, int64_t id, struct gdpr_category *out, struct err *e)
{
	return db_run_get(db, a, &Q_CAT_GET, DB_ARGS(DB_INT(id)), cat_from_row, out, e);
}

int q_gdpr_categories(struct db *db, struct arena *a, int64_t org_id, const char *kind, bool all,
		      struct gdpr_category **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_CAT_LIST, DB_ARGS(DB_INT(org_id), DB_TEXT(kind), DB_INT(all ? 1 : 0)),
			   sizeof(**out), cat_from_row, (void **)out, n, e);
}

int q_gdpr_category_taken(struct db *db, struct arena *a, int64_t org_id, const char *kind, const char *name,
			  int64_t except, bool *taken, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_CAT_TAKEN, DB_ARGS(DB_INT(org_id), DB_TEXT(kind), DB_TEXT(name), DB_INT(except)),
			&rows, e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

int q_gdpr_category_insert(struct db *db, struct arena *a, int64_t org_id, const char *kind, const char *name,
			   const char *special, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_CAT_INSERT,
			     DB_ARGS(DB_INT(org_id), DB_TEXT(kind), DB_TEXT(name), DB_TEXT(special), DB_TEXT(now)),
			     id_out, e);
}

int q_gdpr_category_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *name,
			   const char *special, bool active, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_CAT_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(name), DB_TEXT(special), DB_INT(active ? 1 : 0),
				DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

/* --- processing activities ---------------------------------------------------- */

enum act_col {
	AC_ID,
	AC_UNIT,
	AC_UNIT_NAME,
	AC_UNIT_PATH,
	AC_UNIT_KIND,
	AC_ROLE,
	AC_NAME,
	AC_DESCRIPTION,
	AC_CONTACT,
	AC_JOINT,
	AC_ON_BEHALF,
	AC_DPO,
	AC_DPO_NAME,
	AC_OWNER,
	AC_OWNER_NAME,
	AC_ART9,
	AC_ART10,
	AC_ART10_BASIS,
	AC_RECIPIENTS,
	AC_OTHER_MEASURES,
	AC_LEGAL_BASES,
	AC_HAS_TRANSFER,
	AC_STATE,
	AC_STATE_COMMENT,
	AC_REVIEW_REQUESTED,
	AC_REVIEWED_AT,
	AC_REVIEWED_BY,
	AC_REVIEWED_BY_NAME,
	AC_DPIA_CRITERIA,
	AC_DPIA_DECISION,
	AC_DPIA_REASON,
	AC_DPIA_SUGGESTED,
	AC_DPIA_NEEDS_REVIEW,
	AC_VERSION,
	AC_CREATED,
	AC_UPDATED
};

#define ACT_COLS                                                                                                \
	"p.id, p.unit_id, u.name, u.path, u.kind, p.role, p.name, p.description, p.controller_contact,"         \
	" p.joint_controller, p.on_behalf_of, p.dpo_id, dp.display_name, p.owner_id, ow.display_name,"          \
	" p.art9_point, p.art10, p.art10_basis, p.recipients, p.other_measures, p.legal_bases, p.has_transfer," \
	" p.state, p.state_comment, p.review_requested, p.reviewed_at, p.reviewed_by, rb.display_name,"         \
	" p.dpia_criteria, p.dpia_decision, p.dpia_reason, p.dpia_suggested, p.dpia_needs_review, p.version,"   \
	" p.created_at, p.updated_at"
#define ACT_FROM                                                                           \
	" FROM processing_activities p JOIN units u ON u.id = p.unit_id"                   \
	" LEFT JOIN users dp ON dp.id = p.dpo_id LEFT JOIN users ow ON ow.id = p.owner_id" \
	" LEFT JOIN users rb ON rb.id = p.reviewed_by"
/* $1 viewer, $2 subtree, $3 owner, $4 role, $5 state, $6 legal basis, $7 special, $8 third country,
 * $9 DPIA required, $10 review overdue, $11 cutoff, $12 review requested, $13 search. */
/* The owner's clause as written for every case, or plainly, for SQLite's planner to use processing_owner.
 * PostgreSQL plans both for each run: one plan for every owner sorts all of a busy owner's activities (an
 * owner of 530 at city size: 10 ms, not 3). */
#define OWNER_ANY " AND (CAST($3 AS BIGINT) = 0 OR p.owner_id = CAST($3 AS BIGINT))"
#define OWNER_IS  " AND p.owner_id = CAST($3 AS BIGINT)"
#define ACT_WHERE ACT_WHERE_OF(OWNER_ANY)
#define ACT_WHERE_OF(owner)                                                                                        \
	" WHERE " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE("u.path", "$2") owner               \
		" AND (CAST($4 AS TEXT) IS NULL OR p.role = CAST($4 AS TEXT))"                                     \
		" AND (CAST($5 AS TEXT) IS NULL OR p.state = CAST($5 AS TEXT))"                                    \
		" AND (CAST($6 AS TEXT) IS NULL OR p.legal_bases LIKE '%' || CAST($6 AS TEXT) || '%')"             \
		" AND (CAST($7 AS BIGINT) = -1 OR (CAST($7 AS BIGINT) = 1) = (p.art9_point <> '' OR p.art10 = 1))" \
		" AND (CAST($8 AS BIGINT) = -1 OR p.has_transfer = CAST($8 AS BIGINT))"                            \
		" AND (CAST($9 AS BIGINT) = -1 OR (CAST($9 AS BIGINT) = 1) ="                                      \
		"      (p.dpia_decision = 'required' OR (p.dpia_decision = '' AND p.dpia_suggested = 1)))"         \
		" AND (CAST($10 AS BIGINT) = 0 OR p.reviewed_at IS NULL OR p.reviewed_at < CAST($11 AS TEXT))"     \
		" AND (CAST($12 AS BIGINT) = 0 OR p.review_requested = 1)"                                         \
		" AND (CAST($13 AS TEXT) IS NULL OR lower(p.name) LIKE lower(CAST($13 AS TEXT)) ESCAPE '\\'"       \
		"      OR lower(p.description) LIKE lower(CAST($13 AS TEXT)) ESCAPE '\\')"
#define ACT_ORDER                                                                                                   \
	" ORDER BY"                                                                                                 \
	" CASE WHEN CAST($14 AS BIGINT) = 1 AND CAST($15 AS BIGINT) = 0 THEN u.name END ASC,"                       \
	" CASE WHEN CAST($14 AS BIGINT) = 1 AND CAST($15 AS BIGINT) = 1 THEN u.name END DESC,"                      \
	" CASE WHEN CAST($14 AS BIGINT) = 2 AND CAST($15 AS BIGINT) = 0 THEN p.state END ASC,"                      \
	" CASE WHEN CAST($14 AS BIGINT) = 2 AND CAST($15 AS BIGINT) = 1 THEN p.state END DESC,"                     \
	" CASE WHEN CAST($14 AS BIGINT) = 3 AND CAST($15 AS BIGINT) = 0 THEN COALESCE(p.reviewed_at, '') END ASC,"  \
	" CASE WHEN CAST($14 AS BIGINT) = 3 AND CAST($15 AS BIGINT) = 1 THEN COALESCE(p.reviewed_at, '') END DESC," \
	" CASE WHEN CAST($14 AS BIGINT) = 4 AND CAST($15 AS BIGINT) = 0 THEN p.updated_at END ASC,"                 \
	" CASE WHEN CAST($14 AS BIGINT) = 4 AND CAST($15 AS BIGINT) = 1 THEN p.updated_at END DESC,"                \
	" CASE WHEN CAST($15 AS BIGINT) = 1 AND CAST($14 AS BIGINT) = 0 THEN lower(p.name) END DESC,"               \
	" lower(p.name) ASC, p.id ASC"
/* The ids of the activities the filter matches, for the export's child queries. */
#define ACT_IDS "(SELECT p.id FROM processing_activities p JOIN units u ON u.id = p.unit_id" ACT_WHERE ")"

static DB_QUERY_PLAN_ONCE(Q_ACT_GET, "SELECT " ACT_COLS ACT_FROM " WHERE p.id = $1");
static DB_QUERY(Q_ACT_LIST, "SELECT " ACT_COLS ACT_FROM ACT_WHERE ACT_ORDER " LIMIT $16 OFFSET $17");
#define ACT_COUNT_FROM "SELECT count(*) FROM processing_activities p JOIN units u ON u.id = p.unit_id"
static DB_QUERY(Q_ACT_COUNT, ACT_COUNT_FROM ACT_WHERE);
static DB_QUERY(Q_ACT_LIST_MINE, "SELECT " ACT_COLS ACT_FROM ACT_WHERE_OF(OWNER_IS) ACT_ORDER " LIMIT $16 OFFSET $17");
static DB_QUERY(Q_ACT_COUNT_MINE, ACT_COUNT_FROM ACT_WHERE_OF(OWNER_IS));
/*
 * The whole register by name, when it holds many the viewer sees (GDPR_ALONG_NAME or more): on both engines
 * along processing_name, each activity checked against the units in view, stopping after the page; the
 * order of ACT_ORDER's default (lower() folds as str_fold() does). Fewer are sorted as ACT_ORDER says, since
 * the walk would pass over the many the viewer does not see. PostgreSQL plans it for each run (its one plan
 * for every run sorts the register: 11 ms, not 1).
 */
static DB_QUERY(Q_ACT_LIST_NAMED,
		"SELECT " ACT_COLS " FROM (SELECT p.id AS pid FROM processing_activities p JOIN units u"
		" ON u.id = p.unit_id" ACT_WHERE " AND CAST($14 AS BIGINT) = 0 AND CAST($15 AS BIGINT) = 0"
		" ORDER BY p.name_folded, p.id LIMIT $16 OFFSET $17) pg"
		" JOIN processing_activities p ON p.id = pg.pid JOIN units u ON u.id = p.unit_id"
		" LEFT JOIN users dp ON dp.id = p.dpo_id LEFT JOIN users ow ON ow.id = p.owner_id"
		" LEFT JOIN users rb ON rb.id = p.reviewed_by ORDER BY p.name_folded, p.id");
#define GDPR_ALONG_NAME 2000
static DB_QUERY(Q_ACT_TAKEN, "SELECT id FROM processing_activities WHERE unit_id = $1"
			     " AND lower(name) = lower(CAST($2 AS TEXT)) AND id <> $3");
static DB_QUERY(
	Q_ACT_INSERT,
	"INSERT INTO processing_activities (unit_id, role, name, description, controller_contact,"
	" joint_controller, on_behalf_of, dpo_id, owner_id, art9_point, art10, art10_basis, recipients,"
	" other_measures, legal_bases, has_transfer, state, state_comment, review_requested, reviewed_at,"
	" reviewed_by, dpia_criteria, dpia_decision, dpia_reason, dpia_suggested, dpia_needs_review, version,"
	" created_at, updated_at, name_folded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
	" $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, 1, $27, $27, $28) RETURNING id");
static DB_QUERY(Q_ACT_UPDATE,
		"UPDATE processing_activities SET unit_id = $3, role = $4, name = $5, description = $6,"
		" controller_contact = $7, joint_controller = $8, on_behalf_of = $9, dpo_id = $10, owner_id = $11,"
		" art9_point = $12, art10 = $13, art10_basis = $14, recipients = $15, other_measures = $16,"
		" legal_bases = $17, has_transfer = $18, state = $19, state_comment = $20, review_requested = $21,"
		" reviewed_at = $22, reviewed_by = $23, dpia_criteria = $24, dpia_decision = $25, dpia_reason = $26,"
		" dpia_suggested = $27, dpia_needs_review = $28, updated_at = $29, name_folded = $30,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ACT_FOLD_NEXT, "SELECT id, name FROM processing_activities WHERE id > $1 ORDER BY id LIMIT 1000");
static DB_QUERY(Q_ACT_FOLD_SET, "UPDATE processing_activities SET name_folded = $2 WHERE id = $1");
static DB_QUERY(Q_ACT_DPIA_REVIEWED, "UPDATE processing_activities SET dpia_needs_review = 0 WHERE id = $1");
static DB_QUERY(Q_ACT_SYNC_TRANSFER,
		"UPDATE processing_activities SET has_transfer = CASE WHEN EXISTS (SELECT 1 FROM gdpr_transfers t"
		" WHERE t.activity_id = $1) THEN 1 ELSE 0 END WHERE id = $1");

static void act_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_activity *p = out;
	p->id = rows_int(r, i, AC_ID);
	p->unit_id = rows_int(r, i, AC_UNIT);
	p->unit_name = rows_text(r, i, AC_UNIT_NAME);
	p->unit_path = rows_text(r, i, AC_UNIT_PATH);
	p->unit_kind = rows_text(r, i, AC_UNIT_KIND);
	p->role = rows_text(r, i, AC_ROLE);
	p->name = rows_text(r, i, AC_NAME);
	p->description = rows_text(r, i, AC_DESCRIPTION);
	p->controller_contact = rows_text(r, i, AC_CONTACT);
	p->joint_controller = rows_text(r, i, AC_JOINT);
	p->on_behalf_of = rows_text(r, i, AC_ON_BEHALF);
	p->dpo_id = rows_int(r, i, AC_DPO);
	p->dpo_name = rows_text(r, i, AC_DPO_NAME);
	p->owner_id = rows_int(r, i, AC_OWNER);
	p->owner_name = rows_text(r, i, AC_OWNER_NAME);
	p->art9_point = rows_text(r, i, AC_ART9);
	p->art10 = rows_bool(r, i, AC_ART10);
	p->art10_basis = rows_text(r, i, AC_ART10_BASIS);
	p->recipients = rows_text(r, i, AC_RECIPIENTS);
	p->other_measures = rows_text(r, i, AC_OTHER_MEASURES);
	p->legal_bases = rows_text(r, i, AC_LEGAL_BASES);
	p->has_transfer = rows_bool(r, i, AC_HAS_TRANSFER);
	p->state = rows_text(r, i, AC_STATE);
	p->state_comment = rows_text(r, i, AC_STATE_COMMENT);
	p->review_requested = rows_bool(r, i, AC_REVIEW_REQUESTED);
	p->reviewed_at = rows_text(r, i, AC_REVIEWED_AT);
	p->reviewed_by = rows_int(r, i, AC_REVIEWED_BY);
	p->reviewed_by_name = rows_text(r, i, AC_REVIEWED_BY_NAME);
	p->dpia_criteria = rows_int(r, i, AC_DPIA_CRITERIA);
	p->dpia_decision = rows_text(r, i, AC_DPIA_DECISION);
	p->dpia_reason = rows_text(r, i, AC_DPIA_REASON);
	p->dpia_suggested = rows_bool(r, i, AC_DPIA_SUGGESTED);
	p->dpia_needs_review = rows_bool(r, i, AC_DPIA_NEEDS_REVIEW);
	p->version = rows_int(r, i, AC_VERSION);
	p->created_at = rows_text(r, i, AC_CREATED);
	p->updated_at = rows_text(r, i, AC_UPDATED);
}

int q_gdpr_activity_get(struct db *db, struct arena *a, int64_t id, struct gdpr_activity *out, struct err *e)
{
	return db_run_get(db, a, &Q_ACT_GET, DB_ARGS(DB_INT(id)), act_from_row, out, e);
}

#define ACT_FILTER_ARGS(f, subtree, cutoff, like)                                                                 \
	DB_INT((f)->viewer_id), DB_TEXT(subtree), DB_INT((f)->owner_id), DB_TEXT((f)->role), DB_TEXT((f)->state), \
		DB_TEXT((f)->legal_basis), DB_INT((f)->special), DB_INT((f)->third_country),                      \
		DB_INT((f)->dpia_required), DB_INT((f)->review_overdue ? 1 : 0), DB_TEXT(cutoff),                 \
		DB_INT((f)->review_requested ? 1 : 0), DB_TEXT(like)

int q_gdpr_activity_list(struct db *db, struct arena *a, const struct gdpr_filter *f, const char *subtree,
			 const char *cutoff, struct gdpr_activity **out, size_t *n, int64_t *total, struct err *e)
{
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 && f->limit <= 20000 ? f->limit : 50;
	int rc;

	/* One owner's from their index (OWNER_IS); many of the whole register by name along its index. */
	bool mine = f->owner_id != 0;
	const struct db_query *list = mine ? &Q_ACT_LIST_MINE : &Q_ACT_LIST;

	if ((rc = db_run_count_kept(db, a, mine ? &Q_ACT_COUNT_MINE : &Q_ACT_COUNT,
				    DB_ARGS(ACT_FILTER_ARGS(f, subtree, cutoff, like)), total, e)))
		return rc;
	if (!mine && !subtree && f->sort == GDPR_SORT_NAME && !f->desc && total && *total >= GDPR_ALONG_NAME)
		list = &Q_ACT_LIST_NAMED;
	return db_run_list(db, a, list,
			   DB_ARGS(ACT_FILTER_ARGS(f, subtree, cutoff, like), DB_INT(f->sort), DB_INT(f->desc ? 1 : 0),
				   DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)),
			   sizeof(**out), act_from_row, (void **)out, n, e);
}

int q_gdpr_activity_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except,
			       bool *taken, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_ACT_TAKEN, DB_ARGS(DB_INT(unit_id), DB_TEXT(name), DB_INT(except)), &rows, e);
	if (!rc)
		*taken = rows.n_rows > 0;
	return rc;
}

#define ACT_ROW_ARGS(in)                                                                                         \
	DB_INT((in)->unit_id), DB_TEXT((in)->role), DB_TEXT((in)->name), DB_TEXT((in)->description),             \
		DB_TEXT((in)->controller_contact), DB_TEXT((in)->joint_controller), DB_TEXT((in)->on_behalf_of), \
		DB_ID((in)->dpo_id), DB_ID((in)->owner_id), DB_TEXT((in)->art9_point), DB_INT((in)->art10),      \
		DB_TEXT((in)->art10_basis), DB_TEXT((in)->recipients), DB_TEXT((in)->other_measures),            \
		DB_TEXT((in)->legal_bases), DB_INT((in)->has_transfer), DB_TEXT((in)->state),                    \
		DB_TEXT((in)->state_comment), DB_INT((in)->review_requested), DB_TEXT((in)->reviewed_at),        \
		DB_ID((in)->reviewed_by), DB_INT((in)->dpia_criteria), DB_TEXT((in)->dpia_decision),             \
		DB_TEXT((in)->dpia_reason), DB_INT((in)->dpia_suggested), DB_INT((in)->dpia_needs_review)

int q_gdpr_activity_insert(struct db *db, struct arena *a, const struct gdpr_activity_row *in, const char *now,
			   int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_ACT_INSERT,
			     DB_ARGS(ACT_ROW_ARGS(in), DB_TEXT(now), DB_TEXT(str_fold(a, in->name))), id_out, e);
}

int q_gdpr_activity_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			   const struct gdpr_activity_row *in, const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(
		db, a, &Q_ACT_UPDATE,
		DB_ARGS(DB_INT(id), DB_INT(version), ACT_ROW_ARGS(in), DB_TEXT(now), DB_TEXT(str_fold(a, in->name))),
		&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

static int fold_row(struct db *db, struct arena *a, const struct db_rows *rows, size_t i, struct err *e)
{
	return db_run(db, a, &Q_ACT_FOLD_SET,
		      DB_ARGS(DB_INT(rows_int(rows, i, 0)), DB_TEXT(str_fold(a, rows_text(rows, i, 1)))), NULL, e);
}

int q_gdpr_fill_folded(struct db *db, struct err *e)
{
	return db_fill_by_id(db, &Q_ACT_FOLD_NEXT, fold_row, e);
}

int q_gdpr_activity_dpia_reviewed(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run(db, a, &Q_ACT_DPIA_REVIEWED, DB_ARGS(DB_INT(id)), NULL, e);
}

int q_gdpr_activity_sync_transfer(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run(db, a, &Q_ACT_SYNC_TRANSFER, DB_ARGS(DB_INT(id)), NULL, e);
}

/* --- the children of an activity ------------------------------------------------ */

#define PURPOSE_COLS \
	"SELECT x.id, x.activity_id, x.position, x.purpose, x.legal_basis, x.statute FROM processing_purposes x"
#define PCAT_COLS                                                                                          \
	"SELECT x.activity_id, x.category_id, c.kind, c.name, c.special, x.retention, x.retention_months," \
	" x.retention_rule FROM processing_categories x JOIN gdpr_categories c ON c.id = x.category_id"
#define PASSET_COLS                                                                                                   \
	"SELECT x.activity_id, x.asset_id, s.name, s.kind, s.unit_id, su.path, s.personal_data, s.classification_id," \
	" cl.c_level, cl.i_level, cl.a_level, cl.t_level FROM processing_assets x JOIN assets s ON s.id = x.asset_id" \
	" JOIN units su ON su.id = s.unit_id LEFT JOIN classifications cl ON cl.id = s.classification_id"
#define MEASURE_COLS                                                                          \
	"SELECT DISTINCT ar.asset_id, r.code, r.title, r.category FROM asset_requirements ar" \
	" JOIN requirements r ON r.id = ar.requirement_id"
#define PPROC_COLS                                                                               \
	"SELECT x.activity_id, x.processor_id, pr.name, pr.country FROM processing_processors x" \
	" JOIN processors pr ON pr.id = x.processor_id"

static DB_QUERY_PLAN_ONCE(Q_PURPOSES, PURPOSE_COLS " WHERE x.activity_id = $1 ORDER BY x.position");
static DB_QUERY_PLAN_ONCE(Q_PCATS, PCAT_COLS " WHERE x.activity_id = $1 ORDER BY c.kind DESC, lower(c.name)");
static DB_QUERY_PLAN_ONCE(Q_PASSETS, PASSET_COLS " WHERE x.activity_id = $1 ORDER BY lower(s.name)");
static DB_QUERY_PLAN_ONCE(Q_PPROCS, PPROC_COLS " WHERE x.activity_id = $1 ORDER BY lower(pr.name)");
static DB_QUERY_PLAN_ONCE(Q_MEASURES, MEASURE_COLS " WHERE ar.status = 'fulfilled' AND ar.asset_id IN"
						   " (SELECT asset_id FROM processing_assets WHERE activity_id = $1)"
						   " ORDER BY ar.asset_id, r.code");
static DB_QUERY(Q_PURPOSES_DEL, "DELETE FROM processing_purposes WHERE activity_id = $1");
static DB_QUERY(Q_PURPOSE_INS, "INSERT INTO processing_purposes (activity_id, position, purpose, legal_basis, statute)"
			       " VALUES ($1, $2, $3, $4, $5) RETURNING id");
static DB_QUERY(Q_PCATS_DEL, "DELETE FROM processing_categories WHERE activity_id = $1");
static DB_QUERY(Q_PCAT_INS, "INSERT INTO processing_categories (activity_id, category_id, retention, retention_months,"
			    " retention_rule) VALUES ($1, $2, $3, $4, $5) RETURNING id");
static DB_QUERY(Q_PASSETS_DEL, "DELETE FROM processing_assets WHERE activity_id = $1");
static DB_QUERY(Q_PASSET_INS, "INSERT INTO processing_assets (activity_id, asset_id) VALUES ($1, $2) RETURNING id");
static DB_QUERY(Q_PPROCS_DEL, "DELETE FROM processing_processors WHERE activity_id = $1");
static DB_QUERY(Q_PPROC_INS,
		"INSERT INTO processing_processors (activity_id, processor_id) VALUES ($1, $2) RETURNING id");
static DB_QUERY(Q_HAS_ROLE, "SELECT 1 FROM role_assignments ra LEFT JOIN units gu ON gu.id = ra.unit_id"
			    " WHERE ra.user_id = $1 AND ra.role = $2"
			    " AND (ra.unit_id IS NULL OR substr(CAST($3 AS TEXT), 1, length(gu.path)) = gu.path)");
static void purpose_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_purpose *p = out;
	p->id = rows_int(r, i, 0);
	p->activity_id = rows_int(r, i, 1);
	p->position = rows_int(r, i, 2);
	p->purpose = rows_text(r, i, 3);
	p->legal_basis = rows_text(r, i, 4);
	p->statute = rows_text(r, i, 5);
}

static void pcat_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_pcat *c = out;
	c->activity_id = rows_int(r, i, 0);
	c->category_id = rows_int(r, i, 1);
	c->kind = rows_text(r, i, 2);
	c->name = rows_text(r, i, 3);
	c->special = rows_text(r, i, 4);
	c->retention = rows_text(r, i, 5);
	c->retention_months = rows_int(r, i, 6);
	c->retention_rule = rows_text(r, i, 7);
}

static void passet_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_passet *s = out;
	s->activity_id = rows_int(r, i, 0);
	s->asset_id = rows_int(r, i, 1);
	s->name = rows_text(r, i, 2);
	s->kind = rows_text(r, i, 3);
	s->unit_id = rows_int(r, i, 4);
	s->unit_path = rows_text(r, i, 5);
	s->personal_data = rows_bool(r, i, 6);
	s->classification_id = rows_int(r, i, 7);
	s->c_level = rows_level(r, i, 8);
	s->i_level = rows_level(r, i, 9);
	s->a_level = rows_level(r, i, 10);
	s->t_level = rows_level(r, i, 11);
}

static void measure_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_measure *m = out;
	m->asset_id = rows_int(r, i, 0);
	m->code = rows_text(r, i, 1);
	m->title = rows_text(r, i, 2);
	m->category = rows_text(r, i, 3);
}

static void pproc_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_pprocessor *p = out;
	p->activity_id = rows_int(r, i, 0);
	p->processor_id = rows_int(r, i, 1);
	p->name = rows_text(r, i, 2);
	p->country = rows_text(r, i, 3);
}

int q_gdpr_purposes(struct db *db, struct arena *a, int64_t id, struct gdpr_purpose **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_PURPOSES, DB_ARGS(DB_INT(id)), sizeof(**out), purpose_from_row, (void **)out, n,
			   e);
}

int q_gdpr_pcats(struct db *db, struct arena *a, int64_t id, struct gdpr_pcat **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_PCATS, DB_ARGS(DB_INT(id)), sizeof(**out), pcat_from_row, (void **)out, n, e);
}

int q_gdpr_passets(struct db *db, struct arena *a, int64_t id, struct gdpr_passet **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_PASSETS, DB_ARGS(DB_INT(id)), sizeof(**out), passet_from_row, (void **)out, n, e);
}

int q_gdpr_measures(struct db *db, struct arena *a, int64_t id, struct gdpr_measure **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_MEASURES, DB_ARGS(DB_INT(id)), sizeof(**out), measure_from_row, (void **)out, n,
			   e);
}

int q_gdpr_pprocessors(struct db *db, struct arena *a, int64_t id, int64_t **ids, size_t *n, struct err *e)
{
	struct gdpr_pprocessor *p;
	int rc = db_run_list(db, a, &Q_PPROCS, DB_ARGS(DB_INT(id)), sizeof(*p), pproc_from_row, (void **)&p, n, e);
	if (rc)
		return rc;
	*ids = arena_calloc(a, *n ? *n : 1, sizeof(**ids));
	for (size_t i = 0; i < *n; i++)
		(*ids)[i] = p[i].processor_id;
	return 0;
}

int q_gdpr_purposes_set(struct db *db, struct arena *a, int64_t id, const struct gdpr_purpose *p, size_t n,
			struct err *e)
{
	int64_t rid;
	int rc = db_run(db, a, &Q_PURPOSES_DEL, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = db_run_insert(db, a, &Q_PURPOSE_INS,
				   DB_ARGS(DB_INT(id), DB_INT((int64_t)i + 1), DB_TEXT(p[i].purpose),
					   DB_TEXT(p[i].legal_basis), DB_TEXT(p[i].statute ? p[i].statute : "")),
				   &rid, e);
	return rc;
}

int q_gdpr_pcats_set(struct db *db, struct arena *a, int64_t id, const struct gdpr_pcat *c, size_t n, struct err *e)
{
	int64_t rid;
	int rc = db_run(db, a, &Q_PCATS_DEL, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = db_run_insert(db, a, &Q_PCAT_INS,
				   DB_ARGS(DB_INT(id), DB_INT(c[i].category_id),
					   DB_TEXT(c[i].retention ? c[i].retention : ""),
					   c[i].retention_months ? DB_INT(c[i].retention_months) : DB_NULL,
					   DB_TEXT(c[i].retention_rule ? c[i].retention_rule : "")),
				   &rid, e);
	return rc;
}

int q_gdpr_passets_set(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e)
{
	int64_t rid;
	int rc = db_run(db, a, &Q_PASSETS_DEL, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = db_run_insert(db, a, &Q_PASSET_INS, DB_ARGS(DB_INT(id), DB_INT(ids[i])), &rid, e);
	return rc;
}

int q_gdpr_pprocessors_set(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e)
{
	int64_t rid;
	int rc = db_run(db, a, &Q_PPROCS_DEL, DB_ARGS(DB_INT(id)), NULL, e);
	for (size_t i = 0; i < n && !rc; i++)
		rc = db_run_insert(db, a, &Q_PPROC_INS, DB_ARGS(DB_INT(id), DB_INT(ids[i])), &rid, e);
	return rc;
}

int q_gdpr_user_has_role(struct db *db, struct arena *a, int64_t user_id, const char *role, const char *unit_path,
			 bool *has, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_HAS_ROLE, DB_ARGS(DB_INT(user_id), DB_TEXT(role), DB_TEXT(unit_path)), &rows, e);
	if (!rc)
		*has = rows.n_rows > 0;
	return rc;
}

/* --- the register as a whole ------------------------------------------------------- */

#define TRANSFER_COLS                                                                                               \
	" t.id, t.activity_id, t.processor_id, t.country, t.recipient, t.basis, t.dpf_certified, t.dpf_checked_on," \
	" t.scc_module, t.art49_point, t.safeguards, t.version, t.created_at, t.updated_at,"                        \
	" (SELECT max(v.version_no) FROM gdpr_tias v WHERE v.transfer_id = t.id)"

/*
 * The register is read either whole (the activities the filter matches,
 * ACT_IDS with its arguments $1-$13) or a page at a time for a streamed
 * export (the activities whose ids are the JSON array $1, PAGE_IDS): the
 * same queries over either set of activities.
 */
#define PAGE_IDS_SQLITE SQL_IDS_SQLITE("$1")
#define PAGE_IDS_PG     SQL_IDS_PG("$1")
#define REG_QUERY(ident, sql)                         \
	static DB_QUERY(Q_REG_##ident, sql(ACT_IDS)); \
	static DB_QUERY2(Q_PAGE_##ident, sql(PAGE_IDS_SQLITE), sql(PAGE_IDS_PG))

#define REG_PURPOSES(ids) PURPOSE_COLS " WHERE x.activity_id IN " ids " ORDER BY x.activity_id, x.position"
#define REG_PCATS(ids)    PCAT_COLS " WHERE x.activity_id IN " ids " ORDER BY x.activity_id, x.category_id"
/* The pairs (from the index alone), and each system used once: fewer reads of the wide asset rows. */
#define REG_PAIRS(ids)                                                                          \
	"SELECT x.activity_id, x.asset_id FROM processing_assets x WHERE x.activity_id IN " ids \
	" ORDER BY x.activity_id, x.asset_id"
#define REG_ASSETS(ids)                                                                                                 \
	"SELECT 0, s.id, s.name, s.kind, s.unit_id, NULL, s.personal_data, s.classification_id, cl.c_level,"            \
	" cl.i_level, cl.a_level, cl.t_level FROM assets s LEFT JOIN classifications cl ON cl.id = s.classification_id" \
	" WHERE s.id IN (SELECT x.asset_id FROM processing_assets x WHERE x.activity_id IN " ids ") ORDER BY s.id"
#define REG_MEASURES(ids)                                                                       \
	MEASURE_COLS " WHERE ar.status = 'fulfilled' AND ar.asset_id IN"                        \
		     " (SELECT x.asset_id FROM processing_assets x WHERE x.activity_id IN " ids \
		     ") ORDER BY ar.asset_id, r.code"
#define REG_PPROCS(ids) PPROC_COLS " WHERE x.activity_id IN " ids " ORDER BY x.activity_id, pr.name"
/* The activity's own transfers, and those of the processors it uses (as the activity's). */
#define REG_TRANSFERS(ids)                                                                                \
	"SELECT t.activity_id AS act," TRANSFER_COLS " FROM gdpr_transfers t WHERE t.activity_id IN " ids \
	" UNION ALL SELECT x.activity_id AS act," TRANSFER_COLS " FROM processing_processors x"           \
	" JOIN gdpr_transfers t ON t.processor_id = x.processor_id WHERE x.activity_id IN " ids " ORDER BY 1, 5"

static DB_QUERY(Q_REG_ACTS, "SELECT " ACT_COLS ACT_FROM ACT_WHERE " ORDER BY u.name, p.name, p.id LIMIT $14");
static DB_QUERY(Q_REG_IDS, "SELECT p.id FROM processing_activities p JOIN units u ON u.id = p.unit_id" ACT_WHERE
			   " ORDER BY u.name, p.name, p.id LIMIT $14");
static DB_QUERY2(Q_PAGE_ACTS,
		 "SELECT " ACT_COLS ACT_FROM " WHERE p.id IN " PAGE_IDS_SQLITE " ORDER BY u.name, p.name, p.id",
		 "SELECT " ACT_COLS ACT_FROM " WHERE p.id IN " PAGE_IDS_PG " ORDER BY u.name, p.name, p.id");
REG_QUERY(PURPOSES, REG_PURPOSES);
REG_QUERY(PCATS, REG_PCATS);
REG_QUERY(PAIRS, REG_PAIRS);
REG_QUERY(ASSETS, REG_ASSETS);
REG_QUERY(MEASURES, REG_MEASURES);
REG_QUERY(PPROCS, REG_PPROCS);
REG_QUERY(TRANSFERS, REG_TRANSFERS);

/* The child queries of one of the two sets of activities, and their arguments. */
struct reg_set {
	const struct db_query *purposes, *pcats, *pairs, *assets, *measures, *pprocs, *transfers;
	const struct db_arg *args;
	size_t n_args;
};

static void transfer_fill(const struct db_rows *r, size_t i, size_t c0, struct gdpr_transfer *t)
{
	t->id = rows_int(r, i, c0 + 0);
	t->activity_id = rows_int(r, i, c0 + 1);
	t->processor_id = rows_int(r, i, c0 + 2);
	t->country = rows_text(r, i, c0 + 3);
	t->recipient = rows_text(r, i, c0 + 4);
	t->basis = rows_text(r, i, c0 + 5);
	t->dpf_certified = rows_bool(r, i, c0 + 6);
	t->dpf_checked_on = rows_text(r, i, c0 + 7);
	t->scc_module = rows_text(r, i, c0 + 8);
	t->art49_point = rows_text(r, i, c0 + 9);
	t->safeguards = rows_text(r, i, c0 + 10);
	t->version = rows_int(r, i, c0 + 11);
	t->created_at = rows_text(r, i, c0 + 12);
	t->updated_at = rows_text(r, i, c0 + 13);
	t->tia_version = rows_int(r, i, c0 + 14);
}

/* A transfer in the register: the activity it is listed under comes first. */
static void reg_transfer_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_transfer *t = out;
	transfer_fill(r, i, 1, t);
	t->activity_id = rows_int(r, i, 0);
}

static int reg_rows(struct db *db, struct arena *a, const struct db_query *q, const struct reg_set *set, size_t size,
		    void (*from_row)(const struct db_rows *, size_t, void *), void **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, set->args, set->n_args, &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, size, from_row, n);
	return rc;
}

/* The systems of every activity: the pairs, filled from the systems read once each. */
static int reg_passets(struct db *db, struct arena *a, const struct reg_set *set, struct gdpr_register_rows *out,
		       struct err *e)
{
	struct db_rows pairs;
	struct gdpr_passet *assets;
	size_t n_assets;
	int rc;

	if ((rc = db_run(db, a, set->pairs, set->args, set->n_args, &pairs, e)) ||
	    (rc = reg_rows(db, a, set->assets, set, sizeof(*assets), passet_from_row, (void **)&assets, &n_assets, e)))
		return rc;
	out->passets = arena_calloc(a, pairs.n_rows ? pairs.n_rows : 1, sizeof(*out->passets));
	out->n_passets = 0;
	for (size_t i = 0; i < pairs.n_rows; i++) {
		int64_t id = rows_int(&pairs, i, 1);
		size_t lo = 0, hi = n_assets;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (assets[mid].asset_id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n_assets || assets[lo].asset_id != id)
			continue;
		out->passets[out->n_passets] = assets[lo];
		out->passets[out->n_passets++].activity_id = rows_int(&pairs, i, 0);
	}
	return 0;
}

/* The child rows of the activities of @set into @out, whose activities are read already. */
static int reg_children(struct db *db, struct arena *a, const struct reg_set *set, struct gdpr_register_rows *out,
			struct err *e)
{
	int rc;

	if (out->n_acts == 0)
		return 0;
#define REG(q, field, from) \
	reg_rows(db, a, set->q, set, sizeof(*out->field), from, (void **)&out->field, &out->n_##field, e)
	if ((rc = REG(purposes, purposes, purpose_from_row)) || (rc = REG(pcats, pcats, pcat_from_row)) ||
	    (rc = reg_passets(db, a, set, out, e)) || (rc = REG(measures, measures, measure_from_row)) ||
	    (rc = REG(pprocs, pprocs, pproc_from_row)) || (rc = REG(transfers, transfers, reg_transfer_from_row)))
		return rc;
#undef REG
	return 0;
}

int q_gdpr_register(struct db *db, struct arena *a, const struct gdpr_filter *f, const char *subtree,
		    const char *cutoff, struct gdpr_register_rows *out, struct err *e)
{
	struct db_rows rows;
	const char *like = db_like_contains(a, f->q);
	int64_t limit = f->limit > 0 ? f->limit : 20000;
	const struct db_arg args[] = { ACT_FILTER_ARGS(f, subtree, cutoff, like) };
	const struct reg_set set = { &Q_REG_PURPOSES,
				     &Q_REG_PCATS,
				     &Q_REG_PAIRS,
				     &Q_REG_ASSETS,
				     &Q_REG_MEASURES,
				     &Q_REG_PPROCS,
				     &Q_REG_TRANSFERS,
				     args,
				     sizeof(args) / sizeof(args[0]) };
	int rc;

	*out = (struct gdpr_register_rows){ 0 };
	if ((rc = db_run(db, a, &Q_REG_ACTS, DB_ARGS(ACT_FILTER_ARGS(f, subtree, cutoff, like), DB_INT(limit)), &rows,
			 e)))
		return rc;
	out->acts = rows_map(a, &rows, sizeof(*out->acts), act_from_row, &out->n_acts);
	return reg_children(db, a, &set, out, e);
}

static void id_from_row(const struct db_rows *r, size_t i, void *out)
{
	*(int64_t *)out = rows_int(r, i, 0);
}

int q_gdpr_register_ids(struct db *db, struct arena *a, const struct gdpr_filter *f, const char *subtree,
			const char *cutoff, int64_t limit, int64_t **ids, size_t *n, struct err *e)
{
	const char *like = db_like_contains(a, f->q);
	return db_run_list(db, a, &Q_REG_IDS, DB_ARGS(ACT_FILTER_ARGS(f, subtree, cutoff, like), DB_INT(limit)),
			   sizeof(**ids), id_from_row, (void **)ids, n, e);
}

int q_gdpr_register_page(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct gdpr_register_rows *out,
			 struct err *e)
{
	struct db_rows rows;
	struct db_arg args[1];
	const struct reg_set set = { &Q_PAGE_PURPOSES,
				     &Q_PAGE_PCATS,
				     &Q_PAGE_PAIRS,
				     &Q_PAGE_ASSETS,
				     &Q_PAGE_MEASURES,
				     &Q_PAGE_PPROCS,
				     &Q_PAGE_TRANSFERS,
				     args,
				     1 };
	int rc;

	*out = (struct gdpr_register_rows){ 0 };
	args[0] = DB_TEXT(db_ids_json(a, ids, n));
	if ((rc = db_run(db, a, &Q_PAGE_ACTS, args, 1, &rows, e)))
		return rc;
	out->acts = rows_map(a, &rows, sizeof(*out->acts), act_from_row, &out->n_acts);
	return reg_children(db, a, &set, out, e);
}

/* --- the reverse view: assets ------------------------------------------------------------ */

static DB_QUERY_PLAN_ONCE(Q_ASSET_USES,
			  "SELECT p.id, p.name, p.unit_id, u.name, u.path, p.state FROM processing_assets x"
			  " JOIN processing_activities p ON p.id = x.activity_id JOIN units u ON u.id = p.unit_id"
			  " WHERE x.asset_id = $1 ORDER BY lower(p.name), p.id");
#define PERSONAL_FROM                                                                                            \
	" FROM assets s JOIN units u ON u.id = s.unit_id WHERE s.personal_data = 1 AND s.lifecycle <> 'retired'" \
	" AND " SQL_UNIT_VISIBLE("u.path", "$1") " AND " SQL_PATH_IN_SUBTREE(                                    \
		"u.path",                                                                                        \
		"$2") " AND (CAST($3 AS BIGINT) = 0 OR NOT EXISTS (SELECT 1 FROM processing_assets x WHERE x.asset_id = s.id))"
static DB_QUERY(Q_PERSONAL_ASSETS,
		"SELECT s.id, s.name, s.kind, s.unit_id, u.name,"
		" (SELECT count(*) FROM processing_assets x WHERE x.asset_id = s.id)" PERSONAL_FROM
		" ORDER BY (SELECT count(*) FROM processing_assets x WHERE x.asset_id = s.id), lower(s.name), s.id"
		" LIMIT $4 OFFSET $5");
static DB_QUERY(Q_PERSONAL_COUNT, "SELECT count(*)" PERSONAL_FROM);

static void use_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_asset_use *u = out;
	u->activity_id = rows_int(r, i, 0);
	u->name = rows_text(r, i, 1);
	u->unit_id = rows_int(r, i, 2);
	u->unit_name = rows_text(r, i, 3);
	u->unit_path = rows_text(r, i, 4);
	u->state = rows_text(r, i, 5);
}

int q_gdpr_asset_uses(struct db *db, struct arena *a, int64_t asset_id, struct gdpr_asset_use **out, size_t *n,
		      struct err *e)
{
	return db_run_list(db, a, &Q_ASSET_USES, DB_ARGS(DB_INT(asset_id)), sizeof(**out), use_from_row, (void **)out,
			   n, e);
}

static void count_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct gdpr_asset_count *c = out;
	c->asset_id = rows_int(r, i, 0);
	c->name = rows_text(r, i, 1);
	c->kind = rows_text(r, i, 2);
	c->unit_id = rows_int(r, i, 3);
	c->unit_name = rows_text(r, i, 4);
	c->n_activities = rows_int(r, i, 5);
}

int q_gdpr_personal_assets(struct db *db, struct arena *a, int64_t viewer, const char *subtree, bool unused_only,
			   int64_t limit, int64_t offset, struct gdpr_asset_count **out, size_t *n, int64_t *total,
			   struct err *e)
{
	int rc;

	if ((rc = db_run_count(db, a, &Q_PERSONAL_COUNT,
			       DB_ARGS(DB_INT(viewer), DB_TEXT(subtree), DB_INT(unused_only ? 1 : 0)), total, e)))
		return rc;
	return db_run_list(db, a, &Q_PERSONAL_ASSETS,
			   DB_ARGS(DB_INT(viewer), DB_TEXT(subtree), DB_INT(unused_only ? 1 : 0),
				   DB_INT(limit > 0 ? limit : 50), DB_INT(offset > 0 ? offset : 0)),
			   sizeof(**out), count_from_row, (void **)out, n, e);
}

/* --- counts for the start and unit pages ---------------------------------------------------- */

static DB_QUERY(
	Q_COUNTS,
	"SELECT count(*),"
	" COALESCE(sum(CASE WHEN p.reviewed_at IS NULL OR p.reviewed_at < CAST($3 AS TEXT) THEN 1 ELSE 0 END), 0),"
	" COALESCE(sum(CASE WHEN p.state = 'submitted' THEN 1 ELSE 0 END), 0)"
	" FROM processing_activities p JOIN units u ON u.id = p.unit_id WHERE " SQL_UNIT_VISIBLE(
		"u.path", "$1") " AND " SQL_PATH_IN_SUBTREE("u.path", "$2"));

int q_gdpr_counts(struct db *db, struct arena *a, int64_t viewer, const char *subtree, const char *cutoff,
		  int64_t *n_all, int64_t *n_overdue, int64_t *n_submitted, struct err *e)
{
	/* Counted over every activity the viewer sees: kept until the next write (db_run_ints_kept()). */
	int64_t n[3];
	int rc =
		db_run_ints_kept(db, a, &Q_COUNTS, DB_ARGS(DB_INT(viewer), DB_TEXT(subtree), DB_TEXT(cutoff)), n, 3, e);
	if (rc)
		return rc;
	*n_all = n[0];
	*n_overdue = n[1];
	*n_submitted = n[2];
	return 0;
}

/* Used by q_processor.c for the transfers of one activity or processor. */
void q_gdpr_transfer_fill(const struct db_rows *r, size_t i, struct gdpr_transfer *t);
void q_gdpr_transfer_fill(const struct db_rows *r, size_t i, struct gdpr_transfer *t)
{
	transfer_fill(r, i, 0, t);
}
