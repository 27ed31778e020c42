/*
 * q_unit.c - SQL of organisation units.
 *
 * A unit's path lists the ids from its root down ("/1/4/9/"), so a subtree
 * is every unit whose path begins with the subtree root's path. A move
 * rewrites the paths of the moved subtree in one statement.
 */
#include "db/q_unit.h"

#include "db/q_scope.h"

#define UNIT_COLS                                                                      \
	"u.id, u.parent_id, u.path, u.kind, u.name, u.code, u.case_prefix, u.contact," \
	" u.version, u.created_at, u.updated_at, p.name"
#define UNIT_FROM " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
#define UNIT_FILTER                                                                                              \
	" WHERE " SQL_UNIT_VISIBLE(                                                                              \
		"u.path",                                                                                        \
		"$1") " AND (CAST($2 AS TEXT) IS NULL OR u.kind = CAST($2 AS TEXT))"                             \
		      " AND (CAST($3 AS BIGINT) = 0 OR (CAST($3 AS BIGINT) = -1 AND u.parent_id IS NULL)"        \
		      "      OR u.parent_id = CAST($3 AS BIGINT))"                                               \
		      " AND (CAST($4 AS TEXT) IS NULL OR lower(u.name) LIKE lower(CAST($4 AS TEXT)) ESCAPE '\\'" \
		      "      OR lower(u.code) LIKE lower(CAST($4 AS TEXT)) ESCAPE '\\')"

DB_QUERY(Q_UNIT_GET, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id = $1");
DB_QUERY(Q_UNIT_LIST, "SELECT " UNIT_COLS UNIT_FROM UNIT_FILTER " ORDER BY u.path LIMIT $5 OFFSET $6");
DB_QUERY(Q_UNIT_COUNT, "SELECT count(*)" UNIT_FROM UNIT_FILTER);
DB_QUERY(Q_UNIT_SIBLING_NAME,
	 "SELECT id FROM units WHERE COALESCE(parent_id, 0) = $1 AND lower(name) = lower(CAST($2 AS TEXT))"
	 " AND id <> $3");
DB_QUERY(Q_UNIT_INSERT,
	 "INSERT INTO units (parent_id, path, kind, name, code, case_prefix, contact, version, created_at, updated_at)"
	 " VALUES ($1, '', $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id");
DB_QUERY(Q_UNIT_SET_PATH, "UPDATE units SET path = $2 WHERE id = $1");
DB_QUERY(Q_UNIT_UPDATE,
	 "UPDATE units SET kind = $3, name = $4, code = $5, case_prefix = $6, contact = $7, updated_at = $8,"
	 " version = version + 1 WHERE id = $1 AND version = $2");
DB_QUERY(Q_UNIT_MOVE,
	 "UPDATE units SET parent_id = $3, updated_at = $4, version = version + 1 WHERE id = $1 AND version = $2");
DB_QUERY(Q_UNIT_REPATH, "UPDATE units SET path = CAST($2 AS TEXT) || substr(path, length(CAST($1 AS TEXT)) + 1)"
			" WHERE substr(path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)");
DB_QUERY(Q_UNIT_MOVE_LOG, "INSERT INTO unit_moves (unit_id, from_parent_id, to_parent_id, reason, moved_by, moved_at)"
			  " VALUES ($1, $2, $3, $4, $5, $6)");
DB_QUERY(Q_UNIT_MOVES,
	 "SELECT m.id, m.from_parent_id, f.name, m.to_parent_id, t.name, m.reason, us.username, m.moved_at"
	 " FROM unit_moves m LEFT JOIN units f ON f.id = m.from_parent_id LEFT JOIN units t ON t.id = m.to_parent_id"
	 " LEFT JOIN users us ON us.id = m.moved_by WHERE m.unit_id = $1 ORDER BY m.id DESC");
DB_QUERY(Q_UNIT_COUNT_ALL, "SELECT count(*) FROM units");
