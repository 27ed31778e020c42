/*
 * q_audit.c - SQL of the audit trail, and the typed functions that run it.
 *
 * The head row is locked by an UPDATE that changes nothing, which takes the
 * row lock on PostgreSQL and, inside SQLite's BEGIN IMMEDIATE, is already
 * serialised. Writers therefore append strictly one after another.
 *
 * The trail is listed a page at a time by id, never by offset and never
 * counted whole (migration 0022). Every filter that names one value (the
 * kind of record, the record, the actor, the action) has an index ending
 * in the id, and each combination of them present has its own query
 * (AUDIT_VARIANTS) in which those filters are plain equalities, so that the
 * planner, on either engine and with a generic plan, reads the entries in
 * id order from an index instead of testing every entry; the filters
 * absent are written as tests of their parameter alone. A date range is a
 * range of ids (q_audit_span()). Which units a viewer sees is a walk down
 * by parent_id from the units of their administrator and auditor grants,
 * done once per query, never per entry.
 */
#include "db/q_audit.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/q_scope.h"

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

enum audit_head_col { AHC_LAST_ID, AHC_LAST_HASH, AHC_KEYED_FROM, AHC_MAC, AHC_LAST_AT, AHC_IN_ORDER };

enum audit_snapshot_col { ASN_ID, ASN_ENTITY, ASN_ENTITY_ID, ASN_ACTION, ASN_AFTER };

#define AUDIT_COLS                                                                        \
	"al.id, al.at, al.actor_id, al.actor_name, al.entity, al.entity_id, al.unit_id, " \
	"al.action, al.before_json, al.after_json, al.prev_hash, al.hash"

#define HEAD_COLS "last_id, last_hash, keyed_from, head_mac, last_at, in_order_from"

static DB_QUERY(Q_AUDIT_HEAD_LOCK, "UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING " HEAD_COLS);
static DB_QUERY(Q_AUDIT_HEAD_SET,
		"UPDATE audit_head SET last_id = $1, last_hash = $2, last_at = $3, head_mac = $4 WHERE id = 1");
static DB_QUERY(Q_AUDIT_HEAD_KEY, "UPDATE audit_head SET keyed_from = $1, head_mac = $2 WHERE id = 1");
static DB_QUERY(
	Q_AUDIT_INSERT,
	"INSERT INTO audit_log (id, at, actor_id, actor_name, entity, entity_id, unit_id, action,"
	" before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
static DB_MANY(Q_AUDIT_INSERT_MANY,
	       "INSERT INTO audit_log (id, at, actor_id, actor_name, entity, entity_id, unit_id, action,"
	       " before_json, after_json, prev_hash, hash)",
	       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static DB_QUERY(Q_AUDIT_VERSION, "SELECT last_id FROM audit_head WHERE id = 1");
static DB_QUERY(Q_AUDIT_HEAD_GET, "SELECT " HEAD_COLS " FROM audit_head WHERE id = 1");
static DB_QUERY(Q_AUDIT_BATCH, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id > $1 ORDER BY al.id LIMIT $2");

/* The first and last entries of a stretch of time, and whether the trail's times are in order. */
static DB_QUERY(Q_AUDIT_SPAN,
		"SELECT (SELECT in_order_from FROM audit_head WHERE id = 1),"
		" (SELECT id FROM audit_log WHERE at >= CAST($1 AS TEXT) ORDER BY at, id LIMIT 1),"
		" (SELECT id FROM audit_log WHERE at <= CAST($2 AS TEXT) ORDER BY at DESC, id DESC LIMIT 1)");

/*
 * The list. Parameters, the same for every variant: $1 viewer (0: all),
 * $2 entity, $3 entity_id, $4 actor_id, $5 action, $6 from, $7 to (times),
 * $8 and $9 the ids (inclusive), $10 the limit.
 *
 * Entries a viewer may see: all when $1 is 0 or when they hold an
 * administrator or auditor role for the whole installation; otherwise the
 * entries on units at or below the units of such grants (vis). Entries
 * with no unit only with an installation-wide grant.
 */
#define AUDIT_WITH                                                                                           \
	"WITH RECURSIVE vis(id) AS (SELECT unit_id FROM role_assignments WHERE user_id = CAST($1 AS BIGINT)" \
	" AND unit_id IS NOT NULL AND role IN ('administrator','auditor')"                                   \
	" UNION ALL SELECT u.id FROM units u JOIN vis ON u.parent_id = vis.id) "
#define AUDIT_SCOPE                                                                                            \
	"(CAST($1 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments WHERE user_id = CAST($1 AS BIGINT)" \
	" AND unit_id IS NULL AND role IN ('administrator','auditor')) OR al.unit_id IN (SELECT id FROM vis))"
/* A filter present (1) is an equality the index answers; absent (0), a test of its parameter alone. */
#define AF_E0 "CAST($2 AS TEXT) IS NULL"
#define AF_E1 "al.entity = CAST($2 AS TEXT)"
#define AF_I0 "CAST($3 AS BIGINT) = 0"
#define AF_I1 "al.entity_id = CAST($3 AS BIGINT)"
#define AF_C0 "CAST($4 AS BIGINT) = 0"
#define AF_C1 "al.actor_id = CAST($4 AS BIGINT)"
#define AF_X0 "CAST($5 AS TEXT) IS NULL"
#define AF_X1 "al.action = CAST($5 AS TEXT)"
/* The times ($6, $7) are tested only on a trail with entries out of time order (q_audit_span()); they are
 * read through a lookup of their own, so that otherwise the indexes above hold every column a list or a
 * count tests and the table is read only for the entries shown. */
#define AUDIT_WHERE(e, i, c, x)                                                                               \
	" FROM audit_log al WHERE al.id >= CAST($8 AS BIGINT) AND al.id <= CAST($9 AS BIGINT)"                \
	" AND " e " AND " i " AND " c " AND " x " AND (CAST($6 AS TEXT) IS NULL AND CAST($7 AS TEXT) IS NULL" \
	" OR EXISTS (SELECT 1 FROM audit_log t WHERE t.id = al.id AND (CAST($6 AS TEXT) IS NULL"              \
	" OR t.at >= CAST($6 AS TEXT)) AND (CAST($7 AS TEXT) IS NULL OR t.at <= CAST($7 AS TEXT))))"          \
	" AND " AUDIT_SCOPE
#define AUDIT_NEWEST(e, i, c, x)                                                                                  \
	{                                                                                                         \
		"Q_AUDIT_LIST",                                                                                   \
			AUDIT_WITH "SELECT " AUDIT_COLS AUDIT_WHERE(e, i, c, x) " ORDER BY al.id DESC LIMIT $10", \
			NULL, false                                                                               \
	}
#define AUDIT_OLDEST(e, i, c, x)                                                                                   \
	{                                                                                                          \
		"Q_AUDIT_LIST_UP",                                                                                 \
			AUDIT_WITH "SELECT " AUDIT_COLS AUDIT_WHERE(e, i, c, x) " ORDER BY al.id LIMIT $10", NULL, \
			false                                                                                      \
	}
#define AUDIT_COUNT(e, i, c, x)                                                                                       \
	{                                                                                                             \
		"Q_AUDIT_COUNT", AUDIT_WITH "SELECT count(*) FROM (SELECT 1" AUDIT_WHERE(e, i, c, x) " LIMIT $10) n", \
			NULL, false                                                                                   \
	}
/* The 16 combinations, at index entity + 2 entity_id + 4 actor + 8 action. */
#define AV_E(Q, i, c, x)  Q(AF_E0, i, c, x), Q(AF_E1, i, c, x)
#define AV_I(Q, c, x)     AV_E(Q, AF_I0, c, x), AV_E(Q, AF_I1, c, x)
#define AV_C(Q, x)        AV_I(Q, AF_C0, x), AV_I(Q, AF_C1, x)
#define AUDIT_VARIANTS(Q) AV_C(Q, AF_X0), AV_C(Q, AF_X1)
#define AUDIT_N_VARIANTS  16

static const struct db_query audit_newest[AUDIT_N_VARIANTS] = { AUDIT_VARIANTS(AUDIT_NEWEST) };
static const struct db_query audit_oldest[AUDIT_N_VARIANTS] = { AUDIT_VARIANTS(AUDIT_OLDEST) };
static const struct db_query audit_counts[AUDIT_N_VARIANTS] = { AUDIT_VARIANTS(AUDIT_COUNT) };
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
static DB_QUERY(Q_REC_GOVERNING_DOCUMENTS,
		"SELECT id, unit_id, kind, title, owner_id, decided_by, decision_date, case_ref, doc_version,"
		" review_months, next_review, status, link, replaces_id FROM governing_documents ORDER BY id");
static DB_QUERY(Q_REC_MODELS,
		"SELECT id, org_id, use_traceability, max_level, review_months FROM class_models ORDER BY id");
static DB_QUERY(Q_REC_QUESTIONS, "SELECT id, org_id, aspect, text, help, active FROM class_questions ORDER BY id");
static DB_QUERY(
	Q_REC_INSPECTIONS,
	"SELECT id, unit_id, auditor_kind, auditor, title, report_date, case_ref, scope, assessment, observations,"
	" follows_id FROM inspections ORDER BY id");
static DB_QUERY(Q_REC_RECOMMENDATIONS,
		"SELECT id, inspection_id, number, text, status FROM recommendations ORDER BY id");
static DB_QUERY(
	Q_REC_RESPONSES,
	"SELECT id, inspection_id, unit_id, response_date, case_ref, address, addressee, title, summary, status,"
	" approved_by, approved_on FROM audit_responses ORDER BY id");
static DB_QUERY(Q_REC_MEASURES,
		"SELECT id, response_id, title, unit_id, owner_id, status, comment, case_ref, planned_date, done_date"
		" FROM measures ORDER BY id");
static DB_QUERY(Q_REC_IC_DEVIATIONS,
		"SELECT id, result_id, unit_id, description, cause, remedy, due, status, activity_id"
		" FROM ic_deviations ORDER BY id");
static DB_QUERY(Q_REC_REVIEWS,
		"SELECT id, unit_id, year, version_no, status, contact, case_ref, approved_by, approved_on"
		" FROM reviews ORDER BY id");
static DB_QUERY(Q_REC_DPO, "SELECT id, unit_id, report_year, text, followup, status"
			   " FROM dpo_recommendations ORDER BY id");

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
	[AT_GOVERNING_DOCUMENTS] = &Q_REC_GOVERNING_DOCUMENTS,
	[AT_INSPECTIONS] = &Q_REC_INSPECTIONS,
	[AT_RECOMMENDATIONS] = &Q_REC_RECOMMENDATIONS,
	[AT_RESPONSES] = &Q_REC_RESPONSES,
	[AT_MEASURES] = &Q_REC_MEASURES,
	[AT_IC_DEVIATIONS] = &Q_REC_IC_DEVIATIONS,
	[AT_REVIEWS] = &Q_REC_REVIEWS,
	[AT_DPO] = &Q_REC_DPO,
};

static void state_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct audit_state *st = out;
	st->last_id = rows_int(r, i, AHC_LAST_ID);
	st->last_hash = rows_text(r, i, AHC_LAST_HASH);
	st->keyed_from = rows_int(r, i, AHC_KEYED_FROM);
	st->head_mac = rows_text(r, i, AHC_MAC);
	st->last_at = rows_text(r, i, AHC_LAST_AT);
	st->in_order_from = rows_int(r, i, AHC_IN_ORDER);
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

int q_audit_version(struct db *db, struct arena *a, int64_t *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_AUDIT_VERSION, NULL, 0, &rows, e);

	if (!rc)
		*out = rows.n_rows ? rows_int(&rows, 0, 0) : -1;
	return rc;
}

int q_audit_head_lock(struct db *db, struct arena *a, struct audit_state *out, struct err *e)
{
	return head(db, a, &Q_AUDIT_HEAD_LOCK, out, e);
}

int q_audit_head_set(struct db *db, struct arena *a, int64_t last_id, const char *last_hash, const char *last_at,
		     const char *mac, struct err *e)
{
	return db_run(db, a, &Q_AUDIT_HEAD_SET,
		      DB_ARGS(DB_INT(last_id), DB_TEXT(last_hash), DB_TEXT(last_at), DB_TEXT(mac)), NULL, e);
}

int q_audit_head_key(struct db *db, struct arena *a, int64_t keyed_from, const char *mac, struct err *e)
{
	return db_run(db, a, &Q_AUDIT_HEAD_KEY, DB_ARGS(DB_INT(keyed_from), DB_TEXT(mac)), NULL, e);
}

/* The values of Q_AUDIT_INSERT (and of each row of Q_AUDIT_INSERT_MANY) for @en, into @out. */
static void entry_args(const struct audit_entry *en, struct db_arg out[12])
{
	const struct db_arg args[12] = {
		DB_INT(en->id),      DB_TEXT(en->at),      DB_ID(en->actor_id),    DB_TEXT(en->actor_name),
		DB_TEXT(en->entity), DB_ID(en->entity_id), DB_ID(en->unit_id),     DB_TEXT(en->action),
		DB_TEXT(en->before), DB_TEXT(en->after),   DB_TEXT(en->prev_hash), DB_TEXT(en->hash),
	};
	memcpy(out, args, sizeof(args));
}

int q_audit_insert(struct db *db, struct arena *a, const struct audit_entry *en, struct err *e)
{
	struct db_arg args[12];

	entry_args(en, args);
	return db_run(db, a, &Q_AUDIT_INSERT, args, 12, NULL, e);
}

int q_audit_insert_many(struct db *db, struct arena *a, const struct audit_entry *en, size_t n, struct err *e)
{
	struct db_arg *args;

	if (n == 1)
		return q_audit_insert(db, a, en, e);
	args = arena_calloc(a, n ? n * 12 : 1, sizeof(*args));
	for (size_t i = 0; i < n; i++)
		entry_args(&en[i], args + i * 12);
	return db_insert_many(db, a, &Q_AUDIT_INSERT_MANY, args, n, e);
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
	return db_run_list(db, a, &Q_AUDIT_BATCH, DB_ARGS(DB_INT(after_id), DB_INT(limit)), sizeof(**out),
			   entry_from_row, (void **)out, n, e);
}

int q_audit_span(struct db *db, struct arena *a, const char *from, const char *to, struct audit_ids *out, struct err *e)
{
	struct db_rows rows;
	int rc;

	out->lo = 1;
	out->hi = INT64_MAX;
	out->exact = true;
	if (!from && !to)
		return 0;
	if ((rc = db_run(db, a, &Q_AUDIT_SPAN, DB_ARGS(DB_TEXT(from), DB_TEXT(to)), &rows, e)))
		return rc;
	if (rows_int(&rows, 0, 0) > 1) {
		out->exact = false; /* times out of order somewhere: the times decide alone */
		return 0;
	}
	if (from)
		out->lo = rows_text(&rows, 0, 1) ? rows_int(&rows, 0, 1) : INT64_MAX;
	if (to)
		out->hi = rows_text(&rows, 0, 2) ? rows_int(&rows, 0, 2) : 0;
	return 0;
}

/* The variant for the filters present in @f. */
static size_t variant(const struct audit_filter *f)
{
	return (f->entity ? 1u : 0u) | (f->entity_id ? 2u : 0u) | (f->actor_id ? 4u : 0u) | (f->action ? 8u : 0u);
}

/* The times are tested only when the ids do not already hold exactly the stretch of time. */
#define AUDIT_ARGS(f, from, to, ids, limit)                                                                       \
	DB_ARGS(DB_INT((f)->viewer_id), DB_TEXT((f)->entity), DB_INT((f)->entity_id), DB_INT((f)->actor_id),      \
		DB_TEXT((f)->action), DB_TEXT((ids)->exact ? NULL : (from)), DB_TEXT((ids)->exact ? NULL : (to)), \
		DB_INT((ids)->lo), DB_INT((ids)->hi), DB_INT(limit))

int q_audit_list(struct db *db, struct arena *a, const struct audit_filter *f, const char *from, const char *to,
		 const struct audit_ids *ids, int64_t limit, bool oldest_first, struct audit_entry **out, size_t *n,
		 struct err *e)
{
	struct db_rows rows;
	const struct db_query *q = oldest_first ? &audit_oldest[variant(f)] : &audit_newest[variant(f)];
	int rc;

	*out = NULL;
	*n = 0;
	if (ids->lo > ids->hi)
		return 0;
	if ((rc = db_run(db, a, q, AUDIT_ARGS(f, from, to, ids, limit), &rows, e)))
		return rc;
	*out = rows_map(a, &rows, sizeof(**out), entry_from_row, n);
	return 0;
}

int q_audit_count(struct db *db, struct arena *a, const struct audit_filter *f, const char *from, const char *to,
		  const struct audit_ids *ids, int64_t cap, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc;

	*n = 0;
	if (ids->lo > ids->hi)
		return 0;
	if ((rc = db_run(db, a, &audit_counts[variant(f)], AUDIT_ARGS(f, from, to, ids, cap), &rows, e)))
		return rc;
	*n = rows_int(&rows, 0, 0);
	return 0;
}

int q_audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e)
{
	return db_run_get(db, a, &Q_AUDIT_GET, DB_ARGS(DB_INT(id)), entry_from_row, out, e);
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
	return db_run_list(db, a, &Q_AUDIT_SNAPSHOTS, DB_ARGS(DB_INT(after_id), DB_INT(limit)), sizeof(**out),
			   snapshot_from_row, (void **)out, n, e);
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
