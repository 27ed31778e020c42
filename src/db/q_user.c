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
/* Users an administrator @v may see: all when @v is 0 (an installation-wide
 * administrator, the command line); otherwise those holding a role on a unit
 * in the subtree of one of @v's administrator grants. */
#define USER_IN_SCOPE(v)                                                                         \
	"(CAST(" v " AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments va"                \
	" JOIN units vu ON vu.id = va.unit_id JOIN role_assignments ua ON ua.user_id = users.id" \
	" JOIN units uu ON uu.id = ua.unit_id WHERE va.user_id = CAST(" v " AS BIGINT)"          \
	" AND va.role = 'administrator' AND substr(uu.path, 1, length(vu.path)) = vu.path))"
/* $1 like pattern, $2 active; @v the viewer; @exact a user name matched whole even out of scope. */
#define USER_FILTER(v, exact)                                                                          \
	" WHERE (CAST($1 AS TEXT) IS NULL OR lower(username) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\'" \
	"        OR lower(display_name) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\'"                      \
	"        OR lower(email) LIKE lower(CAST($1 AS TEXT)) ESCAPE '\\')"                            \
	" AND (CAST($2 AS BIGINT) = -1 OR active = CAST($2 AS BIGINT))"                                \
	" AND (" USER_IN_SCOPE(v) " OR username = CAST(" exact " AS TEXT))"
/* The e-mail address only of users in scope. */
#define USER_LIST_COLS(v)                                       \
	"id, username, display_name, CASE WHEN " USER_IN_SCOPE( \
		v) " THEN email ELSE '' END, lang, active,"     \
		   " version, created_at, updated_at, password_changed_at"
#define GRANT_COLS "ra.id, ra.user_id, us.username, ra.unit_id, u.name, u.path, ra.role, ra.created_at"
#define GRANT_FROM \
	" FROM role_assignments ra JOIN users us ON us.id = ra.user_id LEFT JOIN units u ON u.id = ra.unit_id"

DB_QUERY(Q_USER_GET, "SELECT " USER_COLS " FROM users WHERE id = $1");
DB_QUERY(Q_USER_BY_NAME, "SELECT " USER_COLS " FROM users WHERE username = $1");
DB_QUERY(Q_USER_HASH, "SELECT id, password_hash, active FROM users WHERE username = $1");
DB_QUERY(Q_USER_LIST,
	 "SELECT " USER_LIST_COLS("$5") " FROM users" USER_FILTER("$5", "$6") " ORDER BY username LIMIT $3 OFFSET $4");
DB_QUERY(Q_USER_COUNT, "SELECT count(*) FROM users" USER_FILTER("$3", "$4"));
DB_QUERY(Q_USER_VISIBLE, "SELECT count(*) FROM users WHERE id = $2 AND " USER_IN_SCOPE("$1"));
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
