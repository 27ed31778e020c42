/*
 * q_user.c - SQL of accounts and role assignments, and the typed functions
 * that run it.
 *
 * The password hash is read only by the query that checks it; no list or
 * detail query returns it. An administrator of part of the tree sees the
 * users holding a role there (USER_IN_SCOPE) and the e-mail address of no
 * one else. That part of the tree is a walk down by parent_id from the
 * units of their administrator grants (USER_WITH), done once per query and
 * compared by id; the list is read in the order of the user name index.
 */
#include "db/q_user.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

enum user_col {
	USC_ID,
	USC_USERNAME,
	USC_DISPLAY,
	USC_EMAIL,
	USC_LANG,
	USC_ACTIVE,
	USC_VERSION,
	USC_CREATED,
	USC_UPDATED,
	USC_PW_CHANGED
};

enum grant_col { GC_ID, GC_USER, GC_USERNAME, GC_UNIT, GC_UNIT_NAME, GC_UNIT_PATH, GC_ROLE, GC_CREATED };

#define USER_COLS                                                                           \
	"id, username, display_name, email, lang, active, version, created_at, updated_at," \
	" password_changed_at"
/* Users an administrator @v may see: all when @v is 0 (an installation-wide
 * administrator, the command line); otherwise those holding a role on a unit
 * at or below one of @v's administrator grants (avis, from USER_WITH). */
#define USER_WITH(v)                                                                                             \
	"WITH RECURSIVE avis(id) AS (SELECT unit_id FROM role_assignments WHERE user_id = CAST(" v " AS BIGINT)" \
	" AND role = 'administrator' AND unit_id IS NOT NULL"                                                    \
	" UNION ALL SELECT c.id FROM units c JOIN avis ON c.parent_id = avis.id) "
#define USER_IN_SCOPE(v)                                                                        \
	"(CAST(" v " AS BIGINT) = 0 OR users.id IN (SELECT ua.user_id FROM role_assignments ua" \
	" WHERE ua.unit_id IN (SELECT id FROM avis)))"
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

static DB_QUERY(Q_USER_GET, "SELECT " USER_COLS " FROM users WHERE id = $1");
static DB_QUERY(Q_USER_DISPLAY_NAME, "SELECT display_name FROM users WHERE id = $1");
static DB_QUERY(Q_USER_BY_NAME, "SELECT " USER_COLS " FROM users WHERE username = $1");
static DB_QUERY(Q_USER_HASH, "SELECT id, password_hash, active FROM users WHERE username = $1");
static DB_QUERY(Q_USER_LIST, USER_WITH("$5") "SELECT " USER_LIST_COLS("$5") " FROM users" USER_FILTER(
				     "$5", "$6") " ORDER BY username LIMIT $3 OFFSET $4");
static DB_QUERY(Q_USER_COUNT, USER_WITH("$3") "SELECT count(*) FROM users" USER_FILTER("$3", "$4"));
static DB_QUERY(Q_USER_VISIBLE, USER_WITH("$1") "SELECT count(*) FROM users WHERE id = $2 AND " USER_IN_SCOPE("$1"));
static DB_QUERY(Q_USER_INSERT,
		"INSERT INTO users (username, display_name, email, password_hash, lang, active, version, created_at,"
		" updated_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, 1, 1, $6, $6, $6) RETURNING id");
static DB_QUERY(Q_USER_UPDATE,
		"UPDATE users SET display_name = $3, email = $4, lang = $5, active = $6, updated_at = $7,"
		" version = version + 1 WHERE id = $1 AND version = $2");
static DB_QUERY(Q_USER_SET_LANG, "UPDATE users SET lang = $2, updated_at = $3 WHERE id = $1");
static DB_QUERY(Q_USER_SET_HASH,
		"UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1");

static DB_QUERY(Q_GRANTS_OF_USER, "SELECT " GRANT_COLS GRANT_FROM " WHERE ra.user_id = $1 ORDER BY u.path, ra.role");
static DB_QUERY_PLAN_ONCE(Q_GRANTS_ON_UNIT,
			  "SELECT " GRANT_COLS GRANT_FROM " WHERE ra.unit_id = $1 ORDER BY us.username, ra.role");
static DB_QUERY(Q_GRANT_GET, "SELECT " GRANT_COLS GRANT_FROM " WHERE ra.id = $1");
static DB_QUERY(Q_GRANT_INSERT, "INSERT INTO role_assignments (user_id, unit_id, role, created_at, created_by)"
				" VALUES ($1, $2, $3, $4, $5) RETURNING id");
static DB_QUERY(Q_GRANT_DELETE, "DELETE FROM role_assignments WHERE id = $1");
static DB_QUERY(Q_GLOBAL_ADMINS,
		"SELECT count(DISTINCT ra.user_id) FROM role_assignments ra JOIN users us ON us.id = ra.user_id"
		" WHERE ra.unit_id IS NULL AND ra.role = 'administrator' AND us.active = 1");

static void user_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct user *u = out;
	u->id = rows_int(r, i, USC_ID);
	u->username = rows_text(r, i, USC_USERNAME);
	u->display_name = rows_text(r, i, USC_DISPLAY);
	u->email = rows_text(r, i, USC_EMAIL);
	u->lang = rows_text(r, i, USC_LANG);
	u->active = rows_bool(r, i, USC_ACTIVE);
	u->version = rows_int(r, i, USC_VERSION);
	u->created_at = rows_text(r, i, USC_CREATED);
	u->updated_at = rows_text(r, i, USC_UPDATED);
	u->password_changed_at = rows_text(r, i, USC_PW_CHANGED);
}

static int user_one(struct db *db, struct arena *a, const struct db_query *q, struct db_arg arg, struct user *out,
		    struct err *e)
{
	return db_run_get(db, a, q, &arg, 1, user_from_row, out, e);
}

int q_user_get(struct db *db, struct arena *a, int64_t id, struct user *out, struct err *e)
{
	return user_one(db, a, &Q_USER_GET, DB_INT(id), out, e);
}

int q_user_by_name(struct db *db, struct arena *a, const char *username, struct user *out, struct err *e)
{
	return user_one(db, a, &Q_USER_BY_NAME, DB_TEXT(username), out, e);
}

int q_user_password(struct db *db, struct arena *a, const char *username, int64_t *id, const char **hash, bool *active,
		    struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_USER_HASH, DB_ARGS(DB_TEXT(username)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*id = rows_int(&rows, 0, 0);
	*hash = rows_text(&rows, 0, 1);
	*active = rows_bool(&rows, 0, 2);
	return 0;
}

int q_user_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out, size_t *n,
		int64_t *total, struct err *e)
{
	struct db_rows cnt;
	const char *like = f->q_whole ? db_like_exact(a, f->q) : db_like_contains(a, f->q);
	const char *exact = f->viewer_id && f->q && *f->q ? f->q : NULL;
	int64_t limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
	int rc;

	if (total) {
		rc = db_run(db, a, &Q_USER_COUNT,
			    DB_ARGS(DB_TEXT(like), DB_INT(f->active), DB_INT(f->viewer_id), DB_TEXT(exact)), &cnt, e);
		if (rc)
			return rc;
		*total = rows_int(&cnt, 0, 0);
	}
	return db_run_list(db, a, &Q_USER_LIST,
			   DB_ARGS(DB_TEXT(like), DB_INT(f->active), DB_INT(limit),
				   DB_INT(f->offset > 0 ? f->offset : 0), DB_INT(f->viewer_id), DB_TEXT(exact)),
			   sizeof(**out), user_from_row, (void **)out, n, e);
}

int q_user_in_scope(struct db *db, struct arena *a, int64_t viewer_id, int64_t user_id, bool *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_USER_VISIBLE, DB_ARGS(DB_INT(viewer_id), DB_INT(user_id)), &rows, e);
	if (!rc)
		*out = rows_int(&rows, 0, 0) > 0;
	return rc;
}

int q_user_insert(struct db *db, struct arena *a, const struct user_input *in, const char *hash, const char *now,
		  int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_USER_INSERT,
			     DB_ARGS(DB_TEXT(in->username), DB_TEXT(in->display_name), DB_TEXT(in->email),
				     DB_TEXT(hash), DB_TEXT(in->lang), DB_TEXT(now)),
			     id_out, e);
}

int q_user_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct user_input *in,
		  const char *now, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_USER_UPDATE,
			DB_ARGS(DB_INT(id), DB_INT(version), DB_TEXT(in->display_name), DB_TEXT(in->email),
				DB_TEXT(in->lang), DB_INT(in->active ? 1 : 0), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	return rows.changes ? 0 : ERR_CONFLICT;
}

int q_user_set_lang(struct db *db, struct arena *a, int64_t id, const char *lang, const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_USER_SET_LANG, DB_ARGS(DB_INT(id), DB_TEXT(lang), DB_TEXT(now)), e);
}

int q_user_set_password(struct db *db, struct arena *a, int64_t id, const char *hash, const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_USER_SET_HASH, DB_ARGS(DB_INT(id), DB_TEXT(hash), DB_TEXT(now)), e);
}

static void grant_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct role_grant *g = out;
	g->id = rows_int(r, i, GC_ID);
	g->user_id = rows_int(r, i, GC_USER);
	g->username = rows_text(r, i, GC_USERNAME);
	g->unit_id = rows_int(r, i, GC_UNIT);
	g->unit_name = rows_text(r, i, GC_UNIT_NAME);
	g->unit_path = rows_text(r, i, GC_UNIT_PATH);
	g->role = rows_text(r, i, GC_ROLE);
	g->created_at = rows_text(r, i, GC_CREATED);
}

static int grants(struct db *db, struct arena *a, const struct db_query *q, int64_t id, struct role_grant **out,
		  size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, q, DB_ARGS(DB_INT(id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), grant_from_row, n);
	return rc;
}

int q_user_grants(struct db *db, struct arena *a, int64_t user_id, struct role_grant **out, size_t *n, struct err *e)
{
	return grants(db, a, &Q_GRANTS_OF_USER, user_id, out, n, e);
}

int q_user_unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct role_grant **out, size_t *n,
		       struct err *e)
{
	return grants(db, a, &Q_GRANTS_ON_UNIT, unit_id, out, n, e);
}

int q_user_grant_get(struct db *db, struct arena *a, int64_t id, struct role_grant *out, struct err *e)
{
	struct role_grant *g;
	size_t n;
	int rc = grants(db, a, &Q_GRANT_GET, id, &g, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return ERR_NOTFOUND;
	*out = g[0];
	return 0;
}

int q_user_grant_insert(struct db *db, struct arena *a, int64_t user_id, int64_t unit_id, const char *role,
			const char *now, int64_t by, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_GRANT_INSERT,
			     DB_ARGS(DB_INT(user_id), DB_ID(unit_id), DB_TEXT(role), DB_TEXT(now), DB_ID(by)), id_out,
			     e);
}

int q_user_grant_delete(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run_change(db, a, &Q_GRANT_DELETE, DB_ARGS(DB_INT(id)), e);
}

int q_user_global_admins(struct db *db, struct arena *a, int64_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_GLOBAL_ADMINS, NULL, 0, &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

static void display_name_from_row(const struct db_rows *r, size_t i, void *out)
{
	*(const char **)out = rows_text(r, i, 0);
}

int q_user_display_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e)
{
	return db_run_get(db, a, &Q_USER_DISPLAY_NAME, DB_ARGS(DB_INT(id)), display_name_from_row, name, e);
}
