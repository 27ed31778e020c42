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
 */
#include "db/q_requirement.h"

#define REQ_COLS                                                                                           \
	"r.id, r.code, r.title, r.text, r.category, r.min_c, r.min_i, r.min_a, r.min_t, r.nis2, r.active," \
	" r.version, r.created_at, r.updated_at"
#define REQ_CATEGORY_ORDER                                                                                       \
	" CASE r.category WHEN 'governance' THEN 1 WHEN 'access_control' THEN 2 WHEN 'logging' THEN 3"           \
	" WHEN 'backup' THEN 4 WHEN 'encryption' THEN 5 WHEN 'continuity' THEN 6 WHEN 'suppliers' THEN 7"        \
	" WHEN 'physical' THEN 8 WHEN 'personal_data' THEN 9 WHEN 'operations' THEN 10 WHEN 'incidents' THEN 11" \
	" ELSE 99 END"
#define REQ_FILTER                                                                                 \
	" WHERE (CAST($1 AS TEXT) IS NULL OR r.category = CAST($1 AS TEXT))"                       \
	" AND (CAST($2 AS TEXT) IS NULL OR r.nis2 = CAST($2 AS TEXT))"                             \
	" AND (CAST($3 AS TEXT) IS NULL OR lower(r.code) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\'" \
	"      OR lower(r.title) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\'"                         \
	"      OR lower(r.text) LIKE lower(CAST($3 AS TEXT)) ESCAPE '\\')"                         \
	" AND (CAST($4 AS BIGINT) = -1 OR r.active = CAST($4 AS BIGINT))"

DB_QUERY(Q_REQ_COUNT_ALL, "SELECT count(*) FROM requirements");
DB_QUERY(Q_REQ_GET, "SELECT " REQ_COLS " FROM requirements r WHERE r.id = $1");
DB_QUERY(Q_REQ_GET_CODE, "SELECT " REQ_COLS " FROM requirements r WHERE r.code = CAST($1 AS TEXT)");
DB_QUERY(Q_REQ_LIST, "SELECT " REQ_COLS " FROM requirements r" REQ_FILTER " ORDER BY" REQ_CATEGORY_ORDER
		     ", r.code, r.id LIMIT $5 OFFSET $6");
DB_QUERY(Q_REQ_LIST_COUNT, "SELECT count(*) FROM requirements r" REQ_FILTER);
DB_QUERY(Q_REQ_ACTIVE_ALL,
	 "SELECT " REQ_COLS " FROM requirements r WHERE r.active = 1 ORDER BY" REQ_CATEGORY_ORDER ", r.code, r.id");
#define REQ_INSERT_HEAD                                                                                             \
	"INSERT INTO requirements (code, title, text, category, min_c, min_i, min_a, min_t, nis2, active, version," \
	" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11)"
DB_QUERY(Q_REQ_INSERT, REQ_INSERT_HEAD " RETURNING id");
DB_QUERY(Q_REQ_INSERT_IF_NEW, REQ_INSERT_HEAD " ON CONFLICT (code) DO NOTHING RETURNING id");
DB_QUERY(Q_REQ_UPDATE,
	 "UPDATE requirements SET code = $3, title = $4, text = $5, category = $6, min_c = $7, min_i = $8, min_a = $9,"
	 " min_t = $10, nis2 = $11, active = $12, updated_at = $13, version = version + 1"
	 " WHERE id = $1 AND version = $2");
DB_QUERY(Q_REQ_SET_ACTIVE,
	 "UPDATE requirements SET active = $3, updated_at = $4, version = version + 1 WHERE id = $1 AND version = $2");

#define AR_COLS                                                                                                  \
	"ar.id, ar.asset_id, ar.requirement_id, ar.status, ar.comment, ar.evidence_url, ar.action_id, ac.title," \
	" ac.status, ar.version, ar.updated_by, us.display_name, ar.updated_at"
#define AR_FROM                                                                    \
	" FROM asset_requirements ar LEFT JOIN actions ac ON ac.id = ar.action_id" \
	" LEFT JOIN users us ON us.id = ar.updated_by"

DB_QUERY(Q_AR_FOR_ASSET, "SELECT " AR_COLS AR_FROM " WHERE ar.asset_id = $1");
DB_QUERY(Q_AR_GET, "SELECT " AR_COLS AR_FROM " WHERE ar.asset_id = $1 AND ar.requirement_id = $2");
DB_QUERY(Q_AR_INSERT,
	 "INSERT INTO asset_requirements (asset_id, requirement_id, status, comment, evidence_url, version, updated_by,"
	 " updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id");
DB_QUERY(Q_AR_UPDATE,
	 "UPDATE asset_requirements SET status = $3, comment = $4, evidence_url = $5, updated_by = $6,"
	 " updated_at = $7, version = version + 1 WHERE asset_id = $1 AND requirement_id = $2 AND version = $8");
DB_QUERY(Q_AR_SET_ACTION,
	 "UPDATE asset_requirements SET action_id = $3, updated_by = $4, updated_at = $5, version = version + 1"
	 " WHERE asset_id = $1 AND requirement_id = $2 AND version = $6");
