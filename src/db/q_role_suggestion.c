/*
 * q_role_suggestion.c - SQL of the groups that suggest roles and of the
 * suggestions made at sign-in, and the typed functions that run it.
 */
#include "db/q_role_suggestion.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

/* "No unit" is NULL in the tables; compared through COALESCE(…, 0) as the unique indexes do. */
#define SAME_UNIT(col, param) "COALESCE(" col ", 0) = COALESCE(CAST(" param " AS BIGINT), 0)"

enum group_role_col { GC_ID, GC_PROVIDER, GC_SLUG, GC_GROUP, GC_ROLE, GC_UNIT, GC_UNIT_NAME, GC_UNIT_CODE, GC_CREATED };

#define GROUP_ROLE_COLS                                                                                \
	"m.id, m.provider_id, p.slug, m.group_value, m.role, m.unit_id, u.name, COALESCE(u.code, '')," \
	" m.created_at FROM oidc_group_roles m JOIN oidc_providers p ON p.id = m.provider_id"          \
	" LEFT JOIN units u ON u.id = m.unit_id"

static DB_QUERY(Q_GROUP_ROLE_INSERT, "INSERT INTO oidc_group_roles (provider_id, group_value, role, unit_id,"
				     " created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
static DB_QUERY(Q_GROUP_ROLE_DELETE, "DELETE FROM oidc_group_roles WHERE provider_id = $1 AND group_value = $2"
				     " AND role = $3 AND " SAME_UNIT("unit_id", "$4"));
static DB_QUERY(Q_GROUP_ROLE_LIST, "SELECT " GROUP_ROLE_COLS " WHERE CAST($1 AS BIGINT) = 0 OR m.provider_id = $1"
				   " ORDER BY p.slug, m.group_value, m.role, m.id");

enum suggestion_col {
	SC_ID,
	SC_USER,
	SC_USERNAME,
	SC_DISPLAY,
	SC_ROLE,
	SC_UNIT,
	SC_UNIT_NAME,
	SC_UNIT_PATH,
	SC_PROVIDER,
	SC_PROVIDER_NAME,
	SC_GROUP,
	SC_STATE,
	SC_CREATED,
	SC_SEEN,
	SC_DECIDED_AT,
	SC_DECIDED_BY,
	SC_HELD
};

/* The row of a suggestion with its person, unit and provider, and whether the role is held there already. */
#define SUGGESTION_COLS                                                                                          \
	"s.id, s.user_id, usr.username, usr.display_name, s.role, s.unit_id, un.name, un.path, s.provider_id,"   \
	" p.name, s.group_value, s.state, s.created_at, s.seen_at, s.decided_at, s.decided_by,"                  \
	" CASE WHEN EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = s.user_id AND ra.role = s.role" \
	" AND COALESCE(ra.unit_id, 0) = COALESCE(s.unit_id, 0)) THEN 1 ELSE 0 END"                               \
	" FROM role_suggestions s JOIN users usr ON usr.id = s.user_id"                                          \
	" JOIN oidc_providers p ON p.id = s.provider_id LEFT JOIN units un ON un.id = s.unit_id"

static DB_QUERY(Q_SUGG_INSERT, "INSERT INTO role_suggestions (user_id, role, unit_id, provider_id, group_value, state,"
			       " created_at, seen_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)"
			       " ON CONFLICT DO NOTHING RETURNING id");
static DB_QUERY(Q_SUGG_SEEN, "UPDATE role_suggestions SET seen_at = $2 WHERE id = $1");
static DB_QUERY(Q_SUGG_WITHDRAW, "DELETE FROM role_suggestions WHERE id = $1 AND state = 'pending'");
static DB_QUERY(Q_SUGG_WITHDRAW_MAPPED, "DELETE FROM role_suggestions WHERE provider_id = $1 AND group_value = $2"
					" AND role = $3 AND " SAME_UNIT("unit_id", "$4") " AND state = 'pending'");
static DB_QUERY(Q_SUGG_OF_USER, "SELECT " SUGGESTION_COLS " WHERE s.user_id = $1 ORDER BY s.id");
static DB_QUERY(Q_SUGG_GET, "SELECT " SUGGESTION_COLS " WHERE s.id = $1");
static DB_QUERY(Q_SUGG_DECIDE, "UPDATE role_suggestions SET state = $2, decided_at = $3, decided_by = $4"
			       " WHERE id = $1 AND state = 'pending'");

/*
 * Pending, the role not held there yet, and one the viewer ($1, 0: anyone)
 * may decide: an administrator of the suggestion's unit or above it, or of
 * the whole installation. $2 narrows to one person (0: everyone).
 */
#define PENDING_WHERE                                                                                          \
	" WHERE s.state = 'pending' AND (CAST($2 AS BIGINT) = 0 OR s.user_id = $2)"                            \
	" AND NOT EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = s.user_id AND ra.role = s.role" \
	" AND COALESCE(ra.unit_id, 0) = COALESCE(s.unit_id, 0))"                                               \
	" AND (CAST($1 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM role_assignments va LEFT JOIN units vu"         \
	" ON vu.id = va.unit_id WHERE va.user_id = $1 AND va.role = 'administrator' AND (va.unit_id IS NULL"   \
	" OR (s.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM units su WHERE su.id = s.unit_id"                \
	" AND su.path >= vu.path AND su.path < (vu.path || '~'))))))"

static DB_QUERY(Q_SUGG_PENDING, "SELECT " SUGGESTION_COLS PENDING_WHERE " ORDER BY s.id LIMIT $3 OFFSET $4");
static DB_QUERY(Q_SUGG_PENDING_COUNT, "SELECT COUNT(*) FROM role_suggestions s" PENDING_WHERE);

static void group_role_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct group_role *m = out;
	m->id = rows_int(r, i, GC_ID);
	m->provider_id = rows_int(r, i, GC_PROVIDER);
	m->provider_slug = rows_text(r, i, GC_SLUG);
	m->group_value = rows_text(r, i, GC_GROUP);
	m->role = rows_text(r, i, GC_ROLE);
	m->unit_id = rows_int(r, i, GC_UNIT);
	m->unit_name = rows_text(r, i, GC_UNIT_NAME);
	m->unit_code = rows_text(r, i, GC_UNIT_CODE);
	m->created_at = rows_text(r, i, GC_CREATED);
}

static void suggestion_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct role_suggestion *s = out;
	s->id = rows_int(r, i, SC_ID);
	s->user_id = rows_int(r, i, SC_USER);
	s->username = rows_text(r, i, SC_USERNAME);
	s->display_name = rows_text(r, i, SC_DISPLAY);
	s->role = rows_text(r, i, SC_ROLE);
	s->unit_id = rows_int(r, i, SC_UNIT);
	s->unit_name = rows_text(r, i, SC_UNIT_NAME);
	s->unit_path = rows_text(r, i, SC_UNIT_PATH);
	s->provider_id = rows_int(r, i, SC_PROVIDER);
	s->provider_name = rows_text(r, i, SC_PROVIDER_NAME);
	s->group_value = rows_text(r, i, SC_GROUP);
	s->state = rows_text(r, i, SC_STATE);
	s->created_at = rows_text(r, i, SC_CREATED);
	s->seen_at = rows_text(r, i, SC_SEEN);
	s->decided_at = rows_text(r, i, SC_DECIDED_AT);
	s->decided_by = rows_int(r, i, SC_DECIDED_BY);
	s->held = rows_bool(r, i, SC_HELD);
}

int q_group_role_insert(struct db *db, struct arena *a, int64_t provider_id, const char *group_value, const char *role,
			int64_t unit_id, const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(
		db, a, &Q_GROUP_ROLE_INSERT,
		DB_ARGS(DB_INT(provider_id), DB_TEXT(group_value), DB_TEXT(role), DB_ID(unit_id), DB_TEXT(now)), id_out,
		e);
}

int q_group_role_delete(struct db *db, struct arena *a, int64_t provider_id, const char *group_value, const char *role,
			int64_t unit_id, struct err *e)
{
	return db_run_change(db, a, &Q_GROUP_ROLE_DELETE,
			     DB_ARGS(DB_INT(provider_id), DB_TEXT(group_value), DB_TEXT(role), DB_ID(unit_id)), e);
}

int q_group_role_list(struct db *db, struct arena *a, int64_t provider_id, struct group_role **out, size_t *n,
		      struct err *e)
{
	return db_run_list(db, a, &Q_GROUP_ROLE_LIST, DB_ARGS(DB_INT(provider_id)), sizeof(**out), group_role_from_row,
			   (void **)out, n, e);
}

int q_role_suggestion_insert(struct db *db, struct arena *a, int64_t user_id, const char *role, int64_t unit_id,
			     int64_t provider_id, const char *group_value, const char *now, int64_t *id_out,
			     struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_SUGG_INSERT,
			DB_ARGS(DB_INT(user_id), DB_TEXT(role), DB_ID(unit_id), DB_INT(provider_id),
				DB_TEXT(group_value), DB_TEXT(now)),
			&rows, e);
	if (rc)
		return rc;
	*id_out = rows.n_rows ? rows_int(&rows, 0, 0) : 0;
	return 0;
}

int q_role_suggestion_seen(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e)
{
	return db_run_change(db, a, &Q_SUGG_SEEN, DB_ARGS(DB_INT(id), DB_TEXT(now)), e);
}

int q_role_suggestion_withdraw(struct db *db, struct arena *a, int64_t id, struct err *e)
{
	return db_run_change(db, a, &Q_SUGG_WITHDRAW, DB_ARGS(DB_INT(id)), e);
}

int q_role_suggestion_withdraw_mapped(struct db *db, struct arena *a, int64_t provider_id, const char *group_value,
				      const char *role, int64_t unit_id, struct err *e)
{
	return db_run(db, a, &Q_SUGG_WITHDRAW_MAPPED,
		      DB_ARGS(DB_INT(provider_id), DB_TEXT(group_value), DB_TEXT(role), DB_ID(unit_id)), NULL, e);
}

int q_role_suggestion_of_user(struct db *db, struct arena *a, int64_t user_id, struct role_suggestion **out, size_t *n,
			      struct err *e)
{
	return db_run_list(db, a, &Q_SUGG_OF_USER, DB_ARGS(DB_INT(user_id)), sizeof(**out), suggestion_from_row,
			   (void **)out, n, e);
}

int q_role_suggestion_get(struct db *db, struct arena *a, int64_t id, struct role_suggestion *out, struct err *e)
{
	return db_run_get(db, a, &Q_SUGG_GET, DB_ARGS(DB_INT(id)), suggestion_from_row, out, e);
}

int q_role_suggestion_decide(struct db *db, struct arena *a, int64_t id, const char *state, const char *now,
			     int64_t actor, struct err *e)
{
	return db_run_change(db, a, &Q_SUGG_DECIDE, DB_ARGS(DB_INT(id), DB_TEXT(state), DB_TEXT(now), DB_ID(actor)), e);
}

int q_role_suggestion_pending(struct db *db, struct arena *a, int64_t viewer, int64_t user_id, int64_t limit,
			      int64_t offset, struct role_suggestion **out, size_t *n, int64_t *total, struct err *e)
{
	int rc = db_run_list(db, a, &Q_SUGG_PENDING,
			     DB_ARGS(DB_INT(viewer), DB_INT(user_id), DB_INT(limit), DB_INT(offset)), sizeof(**out),
			     suggestion_from_row, (void **)out, n, e);
	if (rc)
		return rc;
	return db_run_count(db, a, &Q_SUGG_PENDING_COUNT, DB_ARGS(DB_INT(viewer), DB_INT(user_id)), total, e);
}
