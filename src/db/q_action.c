/*
 * q_action.c - SQL of tracked actions.
 *
 * Lists join the unit (scope and name), the responsible person, and the
 * asset and requirement an action was made from, so one row is all a page
 * needs. Actions with a due date come first, earliest first.
 */
#include "db/q_action.h"

#include "db/q_scope.h"

#define ACTION_COLS                                                                                                   \
	"ac.id, ac.unit_id, u.name, u.path, ac.title, ac.description, ac.status, ac.responsible_id, rp.display_name," \
	" ac.due_date, ac.asset_id, ast.name, ac.requirement_id, rq.code, rq.title, ac.version, ac.created_by,"       \
	" ac.created_at, ac.updated_at"
#define ACTION_FROM                                                                                          \
	" FROM actions ac JOIN units u ON u.id = ac.unit_id LEFT JOIN users rp ON rp.id = ac.responsible_id" \
	" LEFT JOIN assets ast ON ast.id = ac.asset_id LEFT JOIN requirements rq ON rq.id = ac.requirement_id"
#define ACTION_FILTER                                                                                                     \
	" WHERE " SQL_UNIT_VISIBLE(                                                                                       \
		"u.path",                                                                                                 \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR substr(u.path, 1, length(CAST($2 AS TEXT))) = CAST($2 AS TEXT))" \
		      " AND (CAST($3 AS TEXT) IS NULL OR ac.status = CAST($3 AS TEXT))"                                   \
		      " AND (CAST($4 AS BIGINT) = 0 OR ac.asset_id = CAST($4 AS BIGINT))"

DB_QUERY(Q_ACTION_GET, "SELECT " ACTION_COLS ACTION_FROM " WHERE ac.id = $1");
DB_QUERY(Q_ACTION_LIST,
	 "SELECT " ACTION_COLS ACTION_FROM ACTION_FILTER
	 " ORDER BY CASE WHEN ac.due_date IS NULL THEN 1 ELSE 0 END, ac.due_date, ac.id LIMIT $5 OFFSET $6");
DB_QUERY(Q_ACTION_COUNT, "SELECT count(*)" ACTION_FROM ACTION_FILTER);
DB_QUERY(Q_ACTION_INSERT,
	 "INSERT INTO actions (unit_id, title, description, status, responsible_id, due_date, asset_id, requirement_id,"
	 " version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10)"
	 " RETURNING id");
DB_QUERY(Q_ACTION_UPDATE,
	 "UPDATE actions SET title = $3, description = $4, status = $5, responsible_id = $6, due_date = $7,"
	 " updated_at = $8, version = version + 1 WHERE id = $1 AND version = $2");
DB_QUERY(Q_ACTION_PEOPLE,
	 "SELECT DISTINCT us.id, us.display_name FROM users us JOIN role_assignments ra ON ra.user_id = us.id"
	 " LEFT JOIN units su ON su.id = ra.unit_id WHERE us.active = 1"
	 " AND (ra.unit_id IS NULL OR substr(CAST($1 AS TEXT), 1, length(su.path)) = su.path)"
	 " ORDER BY us.display_name, us.id");
DB_QUERY(Q_ACTION_USER_EXISTS, "SELECT id FROM users WHERE id = $1");
