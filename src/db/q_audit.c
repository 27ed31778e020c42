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

DB_QUERY(Q_AUDIT_HEAD_LOCK, "UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash");
DB_QUERY(Q_AUDIT_HEAD_SET, "UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1");
DB_QUERY(Q_AUDIT_INSERT,
	 "INSERT INTO audit_log (id, at, actor_id, actor_name, entity, entity_id, unit_id, action,"
	 " before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
DB_QUERY(Q_AUDIT_HEAD_GET, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
DB_QUERY(Q_AUDIT_BATCH, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id > $1 ORDER BY al.id LIMIT $2");
DB_QUERY(Q_AUDIT_LIST,
	 "SELECT " AUDIT_COLS " FROM audit_log al" AUDIT_FILTER " ORDER BY al.id DESC LIMIT $8 OFFSET $9");
DB_QUERY(Q_AUDIT_COUNT, "SELECT count(*) FROM audit_log al" AUDIT_FILTER);
DB_QUERY(Q_AUDIT_GET, "SELECT " AUDIT_COLS " FROM audit_log al WHERE al.id = $1");
