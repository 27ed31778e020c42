/*
 * q_audit.c - SQL of the audit trail, and the typed functions that run it.
 *
 * The head row is locked by an UPDATE that changes nothing, which takes the
 * row lock on PostgreSQL and, inside SQLite's BEGIN IMMEDIATE, is already
 * serialised. Writers therefore append strictly one after another.
 */
#include "db/q_audit.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"

enum audit_col {
	AC_ID,
	AC_AT,
	AC_ACTOR_ID,
	AC_ACTOR_NAME,
	AC_ENTITY,
	AC_ENTITY_ID,
	AC_UNIT_ID,
	AC_ACTION,
	AC_BEFORE,
	AC_AFTER,
	AC_PREV,
	AC_HASH
};

enum audit_head_col { AHC_LAST_ID, AHC_LAST_HASH, AHC_KEYED_FROM, AHC_MAC };

enum audit_snapshot_col { ASN_ID, ASN_ENTITY, ASN_ENTITY_ID, ASN_ACTION, ASN_AFTER };

#define AUDIT_COLS                                                                        \
	"al.id, al.at, al.actor_id, al.actor_name, al.entity, al.entity_id, al.unit_id, " \
	"al.action, al.before_json, al.after_json, al.prev_hash, al.hash"

/* Entries a viewer may see: all when $1 is 0; otherwise entries on units in
 * the subtree of one of the viewer's administrator or auditor grants, and
 * entries with no unit only to holders of an installation-wide grant. */
#define AUDIT_FILTER                                                                            \
	" WHERE (CAST($1 AS BIGINT) = 0 OR EXISTS ("                                            \
	"   SELECT 1 FROM role_assignments ra LEFT JOIN units su ON su.id = ra.unit_id"         \
	"   WHERE ra.user_id = CAST($1 AS BIGINT) AND ra.role IN ('administrator','auditor')"   \
	"   AND (ra.unit_id IS NULL OR EXISTS (SELECT 1 FROM units tu WHERE tu.id = al.unit_id" \
	"        AND substr(tu.path, 1, length(su.path)) = su.path))))"                         \
	" AND (CAST($2 AS TEXT) IS NULL OR al.entity = CAST($2 AS TEXT))"                       \
	" AND (CAST($3 AS BIGINT) = 0 OR al.entity_id = CAST($3 AS BIGINT))"                    \
	" AND (CAST($4 AS BIGINT) = 0 OR al.actor_id = CAST($4 AS BIGINT))"                     \
	" AND (CAST($5 AS TEXT) IS NULL OR al.action = CAST($5 AS TEXT))"                       \
	" AND (CAST($6 AS TEXT) IS NULL OR al.at >= CAST($6 AS TEXT))"                          \
	" AND (CAST($7 AS TEXT) IS NULL OR al.at < CAST($7 AS TEXT))"

#define HEAD_COLS "last_id, last_hash, keyed_from, head_mac"

static DB_QUERY(Q_AUDIT_HEAD_LOCK, "UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING " HEAD_COLS);
static DB_QUERY(Q_AUDIT_HEAD_SET, "UPDATE audit_head SET last_id = $1, last_hash = $2, head_mac = $3 WHERE id = 1");
static DB_QUERY(Q_AUDIT_HEAD_KEY, "UPDATE audit_head SET keyed_from = $1, head_mac = $2 WHERE id = 1");
static DB_QUERY(
	Q_AUDIT_INSERT,
	"INSERT INTO audit_log (id, at, actor_id, actor_name, entity, entity_id, unit_id, action,"
	" before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
static DB_QUERY(Q_AUDIT_HEAD_GET, "SELECT " HEAD_COLS " FROM audit_head WHERE id = 1");
static DB_QUERY(Q_AUDIT_BATCH, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id > $1 ORDER BY al.id LIMIT $2");
static DB_QUERY(Q_AUDIT_LIST,
		"SELECT " AUDIT_COLS " FROM audit_log al" AUDIT_FILTER " ORDER BY al.id DESC LIMIT $8 OFFSET $9");
static DB_QUERY(Q_AUDIT_COUNT, "SELECT count(*) FROM audit_log al" AUDIT_FILTER);
static DB_QUERY(Q_AUDIT_GET, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id = $1");

/* --- comparing the business tables with their latest audit snapshots ---
 * Each query lists a table's records, id first, then the columns that an
 * audit snapshot names, in the order of that table's snapshot keys in
 * domain/audit_records.c. Columns that change without an entry of their
 * own (a unit's path when an ancestor moves, versions, time stamps, flags
 * derived from other records) are left out. '' is read as NULL where the
 * snapshot writes null for an empty value. */
static DB_QUERY(Q_AUDIT_SNAPSHOTS,
		"SELECT id, entity, entity_id, action, after_json FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2");
static DB_QUERY(Q_REC_UNITS, "SELECT id, parent_id, kind, name, code, case_prefix, contact FROM units ORDER BY id");
static DB_QUERY(Q_REC_USERS, "SELECT id, username, display_name, email, lang, active FROM users ORDER BY id");
static DB_QUERY(Q_REC_GRANTS, "SELECT id, user_id, unit_id, role FROM role_assignments ORDER BY id");
static DB_QUERY(Q_REC_TOKENS, "SELECT id, user_id, name, prefix, revoked_at, expires_at FROM api_tokens ORDER BY id");
static DB_QUERY(Q_REC_ASSETS,
		"SELECT id, unit_id, kind, name, description, owner_id, administrator_id, supplier, hosting,"
		" personal_data, business_critical, nis2, lifecycle FROM assets ORDER BY id");
static DB_QUERY(Q_REC_LINKS, "SELECT id, from_id, to_id, kind FROM asset_links ORDER BY id");
static DB_QUERY(Q_REC_CLASSIFICATIONS,
		"SELECT id, asset_id, version_no, status, c_level, i_level, a_level, t_level, c_motivation,"
		" i_motivation, a_motivation, t_motivation, review_due, signed_by, signed_at FROM classifications"
		" ORDER BY id");
static DB_QUERY(Q_REC_FULFILMENTS,
		"SELECT id, asset_id, requirement_id, NULLIF(status, ''), comment, evidence_url, action_id"
		" FROM asset_requirements ORDER BY id");
static DB_QUERY(Q_REC_ACTIVITIES,
		"SELECT id, unit_id, plan_id, area_id, title, purpose, status, status_comment, next_step,"
		" responsible_unit_id, responsible_id, due_date, carried_from_id FROM activities ORDER BY id");
static DB_QUERY(Q_REC_REQUIREMENTS,
		"SELECT id, code, title, text, category, min_c, min_i, min_a, min_t, NULLIF(nis2, ''), active"
		" FROM requirements ORDER BY id");
static DB_QUERY(Q_REC_MODELS,
		"SELECT id, org_id, use_traceability, max_level, review_months FROM class_models ORDER BY id");
static DB_QUERY(Q_REC_QUESTIONS, "SELECT id, org_id, aspect, text, help, active FROM class_questions ORDER BY id");

static const struct db_query *const table_queries[AT_COUNT] = {
	[AT_UNITS] = &Q_REC_UNITS,
	[AT_USERS] = &Q_REC_USERS,
	[AT_GRANTS] = &Q_REC_GRANTS,
	[AT_TOKENS] = &Q_REC_TOKENS,
	[AT_ASSETS] = &Q_REC_ASSETS,
	[AT_LINKS] = &Q_REC_LINKS,
	[AT_CLASSIFICATIONS] = &Q_REC_CLASSIFICATIONS,
	[AT_FULFILMENTS] = &Q_REC_FULFILMENTS,
	[AT_ACTIVITIES] = &Q_REC_ACTIVITIES,
	[AT_REQUIREMENTS] = &Q_REC_REQUIREMENTS,
	[AT_MODELS] = &Q_REC_MODELS,
	[AT_QUESTIONS] = &Q_REC_QUESTIONS,
};

static void state_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct audit_state *st = out;
	st->last_id = rows_int(r, i, AHC_LAST_ID);
	st->last_hash = rows_text(r, i, AHC_LAST_HASH);
	st->keyed_from = rows_int(r, i, AHC_KEYED_FROM);
	st->head_mac = rows_text(r, i, AHC_MAC);
}

static int head(struct db *db, struct arena *a, const struct db_query *q, struct audit_state *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, NULL, 0, &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows != 1)
		return ERR_NOTFOUND;
	state_from_row(&rows, 0, out);
	return 0;
}

int q_audit_head(struct db *db, struct arena *a, struct audit_state *out, struct err *e)
{
	return head(db, a, &Q_AUDIT_HEAD_GET, out, e);
}

int q_audit_head_lock(struct db *db, struct arena *a, struct audit_state *out, struct err *e)
{
	return head(db, a, &Q_AUDIT_HEAD_LOCK, out, e);
}

int q_audit_head_set(struct db *db, struct arena *a, int64_t last_id, const char *last_hash, const char *mac,
		     struct err *e)
{
	return db_run(db, a, &Q_AUDIT_HEAD_SET, DB_ARGS(DB_INT(last_id), DB_TEXT(last_hash), DB_TEXT(mac)), NULL, e);
}

int q_audit_head_key(struct db *db, struct arena *a, int64_t keyed_from, const char *mac, struct err *e)
{
	return db_run(db, a, &Q_AUDIT_HEAD_KEY, DB_ARGS(DB_INT(keyed_from), DB_TEXT(mac)), NULL, e);
}

int q_audit_insert(struct db *db, struct arena *a, const struct audit_entry *en, struct err *e)
{
	return db_run(db, a, &Q_AUDIT_INSERT,
		      DB_ARGS(DB_INT(en->id), DB_TEXT(en->at), DB_ID(en->actor_id), DB_TEXT(en->actor_name),
			      DB_TEXT(en->entity), DB_ID(en->entity_id), DB_ID(en->unit_id), DB_TEXT(en->action),
			      DB_TEXT(en->before), DB_TEXT(en->after), DB_TEXT(en->prev_hash), DB_TEXT(en->hash)),
		      NULL, e);
}

static void entry_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct audit_entry *en = out;
	en->id = rows_int(r, i, AC_ID);
	en->at = rows_text(r, i, AC_AT);
	en->actor_id = rows_int(r, i, AC_ACTOR_ID);
	en->actor_name = rows_text(r, i, AC_ACTOR_NAME);
	en->entity = rows_text(r, i, AC_ENTITY);
	en->entity_id = rows_int(r, i, AC_ENTITY_ID);
	en->unit_id = rows_int(r, i, AC_UNIT_ID);
	en->unit_name = NULL;
	en->action = rows_text(r, i, AC_ACTION);
	en->before = rows_text(r, i, AC_BEFORE);
	en->after = rows_text(r, i, AC_AFTER);
	en->prev_hash = rows_text(r, i, AC_PREV);
	en->hash = rows_text(r, i, AC_HASH);
}

int q_audit_batch(struct db *db, struct arena *a, int64_t after_id, int64_t limit, struct audit_entry **out, size_t *n,
		  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AUDIT_BATCH, DB_ARGS(DB_INT(after_id), DB_INT(limit)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), entry_from_row, n);
	return rc;
}

int q_audit_list(struct db *db, struct arena *a, const struct audit_filter *f, const char *to, struct audit_entry **out,
		 size_t *n, int64_t *total, struct err *e)
{
	struct db_rows rows, cnt;
	int64_t limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;
	int rc;

#define AUDIT_FILTER_ARGS                                                                                        \
	DB_INT(f->viewer_id), DB_TEXT(f->entity), DB_INT(f->entity_id), DB_INT(f->actor_id), DB_TEXT(f->action), \
		DB_TEXT(f->from), DB_TEXT(to)
	if ((rc = db_run(db, a, &Q_AUDIT_COUNT, DB_ARGS(AUDIT_FILTER_ARGS), &cnt, e)))
		return rc;
	*total = rows_int(&cnt, 0, 0);
	rc = db_run(db, a, &Q_AUDIT_LIST,
		    DB_ARGS(AUDIT_FILTER_ARGS, DB_INT(limit), DB_INT(f->offset > 0 ? f->offset : 0)), &rows, e);
#undef AUDIT_FILTER_ARGS
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), entry_from_row, n);
	return rc;
}

int q_audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AUDIT_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	entry_from_row(&rows, 0, out);
	return 0;
}

static void snapshot_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct audit_snapshot *s = out;
	s->id = rows_int(r, i, ASN_ID);
	s->entity = rows_text(r, i, ASN_ENTITY);
	s->entity_id = rows_int(r, i, ASN_ENTITY_ID);
	s->action = rows_text(r, i, ASN_ACTION);
	s->after = rows_text(r, i, ASN_AFTER);
}

int q_audit_snapshots(struct db *db, struct arena *a, int64_t after_id, int64_t limit, struct audit_snapshot **out,
		      size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AUDIT_SNAPSHOTS, DB_ARGS(DB_INT(after_id), DB_INT(limit)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), snapshot_from_row, n);
	return rc;
}

int q_audit_table(struct db *db, struct arena *a, enum audit_table t, struct audit_table_row **out, size_t *n,
		  size_t *n_cols, struct err *e)
{
	struct db_rows rows;
	int rc;

	if ((unsigned)t >= AT_COUNT)
		BUG("unknown audit table");
	if ((rc = db_run(db, a, table_queries[t], NULL, 0, &rows, e)))
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		(*out)[i].id = rows_int(&rows, i, 0);
		(*out)[i].cells = rows.cells + i * rows.n_cols + 1;
	}
	*n = rows.n_rows;
	*n_cols = rows.n_cols ? rows.n_cols - 1 : 0;
	return 0;
}
