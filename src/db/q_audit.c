/*
 * q_audit.c - SQL of the audit trail.
 *
 * The head row is locked by an UPDATE that changes nothing, which takes the
 * row lock on PostgreSQL and, inside SQLite's BEGIN IMMEDIATE, is already
 * serialised. Writers therefore append strictly one after another.
 */
#include "db/q_audit.h"

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

DB_QUERY(Q_AUDIT_HEAD_LOCK, "UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING " HEAD_COLS);
DB_QUERY(Q_AUDIT_HEAD_SET, "UPDATE audit_head SET last_id = $1, last_hash = $2, head_mac = $3 WHERE id = 1");
DB_QUERY(Q_AUDIT_HEAD_KEY, "UPDATE audit_head SET keyed_from = $1, head_mac = $2 WHERE id = 1");
DB_QUERY(Q_AUDIT_INSERT,
	 "INSERT INTO audit_log (id, at, actor_id, actor_name, entity, entity_id, unit_id, action,"
	 " before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
DB_QUERY(Q_AUDIT_HEAD_GET, "SELECT " HEAD_COLS " FROM audit_head WHERE id = 1");
DB_QUERY(Q_AUDIT_BATCH, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id > $1 ORDER BY al.id LIMIT $2");
DB_QUERY(Q_AUDIT_LIST,
	 "SELECT " AUDIT_COLS " FROM audit_log al" AUDIT_FILTER " ORDER BY al.id DESC LIMIT $8 OFFSET $9");
DB_QUERY(Q_AUDIT_COUNT, "SELECT count(*) FROM audit_log al" AUDIT_FILTER);
DB_QUERY(Q_AUDIT_GET, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id = $1");

/* --- comparing the business tables with their latest audit snapshots ---
 * Each query lists a table's records, id first, then the columns that an
 * audit snapshot names (enum-free: the key paths are in audit_records.c, in
 * the same order). Columns that change without an entry of their own
 * (a unit's path when an ancestor moves, versions, time stamps, flags
 * derived from other records) are left out. '' is read as NULL where the
 * snapshot writes null for an empty value. */
DB_QUERY(Q_AUDIT_SNAPSHOTS,
	 "SELECT id, entity, entity_id, action, after_json FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2");
DB_QUERY(Q_REC_UNITS, "SELECT id, parent_id, kind, name, code, case_prefix, contact FROM units ORDER BY id");
DB_QUERY(Q_REC_USERS, "SELECT id, username, display_name, email, lang, active FROM users ORDER BY id");
DB_QUERY(Q_REC_GRANTS, "SELECT id, user_id, unit_id, role FROM role_assignments ORDER BY id");
DB_QUERY(Q_REC_TOKENS, "SELECT id, user_id, name, prefix, revoked_at, expires_at FROM api_tokens ORDER BY id");
DB_QUERY(Q_REC_ASSETS,
	 "SELECT id, unit_id, kind, name, description, owner_id, administrator_id, supplier, hosting, personal_data,"
	 " business_critical, nis2, lifecycle FROM assets ORDER BY id");
DB_QUERY(Q_REC_LINKS, "SELECT id, from_id, to_id, kind FROM asset_links ORDER BY id");
DB_QUERY(Q_REC_CLASSIFICATIONS,
	 "SELECT id, asset_id, version_no, status, c_level, i_level, a_level, t_level, c_motivation, i_motivation,"
	 " a_motivation, t_motivation, review_due, signed_by, signed_at FROM classifications ORDER BY id");
DB_QUERY(Q_REC_FULFILMENTS, "SELECT id, asset_id, requirement_id, NULLIF(status, ''), comment, evidence_url, action_id"
			    " FROM asset_requirements ORDER BY id");
DB_QUERY(Q_REC_ACTIONS,
	 "SELECT id, unit_id, title, description, status, responsible_id, due_date, asset_id, requirement_id"
	 " FROM actions ORDER BY id");
DB_QUERY(Q_REC_REQUIREMENTS,
	 "SELECT id, code, title, text, category, min_c, min_i, min_a, min_t, NULLIF(nis2, ''), active"
	 " FROM requirements ORDER BY id");
DB_QUERY(Q_REC_MODELS, "SELECT id, org_id, use_traceability, max_level, review_months FROM class_models ORDER BY id");
DB_QUERY(Q_REC_QUESTIONS, "SELECT id, org_id, aspect, text, help, active FROM class_questions ORDER BY id");
