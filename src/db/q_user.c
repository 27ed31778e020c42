/*
 * q_user.c - SQL of users and role assignments.
 *
 * The password hash is read only by the queries that check or change it;
 * no list or detail query returns it.
 */
#include "db/q_user.h"

#define USER_COLS                                                                           \
	"id, username, display_name, email, lang, active, version, created_at, updated_at," \
	" password_changed_at"
#define USER_FILTER                                                                                    \
	" WHERE (CAST($1 AS TEXT) IS NULL OR lower(username) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\'" \
	"        OR lower(display_name) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\'"                      \
	"        OR lower(email) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\')"                            \
	" AND (CAST($2 AS BIGINT) = -1 OR active = CAST($2 AS BIGINT))"
#define GRANT_COLS "ra.id, ra.user_id, us.username, ra.unit_id, u.name, u.path, ra.role, ra.created_at"
#define GRANT_FROM \
	" FROM role_assignments ra JOIN users us ON us.id = ra.user_id LEFT JOIN units u ON u.id = ra.unit_id"

DB_QUERY(Q_USER_GET, "SELECT " USER_COLS " FROM users WHERE id = $1");
DB_QUERY(Q_USER_BY_NAME, "SELECT " USER_COLS " FROM users WHERE username = $1");
DB_QUERY(Q_USER_HASH, "SELECT id, password_hash, active FROM users WHERE username = $1");
DB_QUERY(Q_USER_HASH_BY_ID, "SELECT password_hash FROM users WHERE id = $1");
DB_QUERY(Q_USER_LIST, "SELECT " USER_COLS " FROM users" USER_FILTER " ORDER BY username LIMIT $3 OFFSET $4");
DB_QUERY(Q_USER_COUNT, "SELECT count(*) FROM users" USER_FILTER);
DB_QUERY(Q_USER_INSERT,
	 "INSERT INTO users (username, display_name, email, password_hash, lang, active, version, created_at,"
	 " updated_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, 1, 1, $6, $6, $6) RETURNING id");
DB_QUERY(Q_USER_UPDATE, "UPDATE users SET display_name = $3, email = $4, lang = $5, active = $6, updated_at = $7,"
			" version = version + 1 WHERE id = $1 AND version = $2");
DB_QUERY(Q_USER_SET_LANG, "UPDATE users SET lang = $2, updated_at = $3 WHERE id = $1");
DB_QUERY(Q_USER_SET_HASH,
	 "UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1");

DB_QUERY(Q_GRANTS_OF_USER, "SELECT " GRANT_COLS GRANT_FROM " WHERE ra.user_id = $1 ORDER BY u.path, ra.role");
DB_QUERY(Q_GRANTS_ON_UNIT, "SELECT " GRANT_COLS GRANT_FROM " WHERE ra.unit_id = $1 ORDER BY us.username, ra.role");
DB_QUERY(Q_GRANT_GET, "SELECT " GRANT_COLS GRANT_FROM " WHERE ra.id = $1");
DB_QUERY(Q_GRANT_INSERT,
	 "INSERT INTO role_assignments (user_id, unit_id, role, created_at, created_by) VALUES ($1, $2, $3, $4, $5)"
	 " RETURNING id");
DB_QUERY(Q_GRANT_DELETE, "DELETE FROM role_assignments WHERE id = $1");
DB_QUERY(Q_GLOBAL_ADMINS,
	 "SELECT count(DISTINCT ra.user_id) FROM role_assignments ra JOIN users us ON us.id = ra.user_id"
	 " WHERE ra.unit_id IS NULL AND ra.role = 'administrator' AND us.active = 1");
