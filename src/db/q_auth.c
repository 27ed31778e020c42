/*
 * q_auth.c - SQL of sessions, API tokens and login throttling, and the
 * typed functions that run it.
 *
 * Tokens are looked up by their SHA-256 hash only; the clear token never
 * reaches the database.
 */
#include "db/q_auth.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

/* The columns of a session or token found by its hash (struct credential). */
enum credential_col {
	CC_ID,
	CC_USER,
	CC_CSRF,
	CC_REVOKED,
	CC_CREATED,
	CC_LAST,
	CC_EXPIRES,
	CC_USERNAME,
	CC_DISPLAY,
	CC_LANG,
	CC_ACTIVE
};

enum token_col { TC_ID, TC_USER, TC_NAME, TC_PREFIX, TC_CREATED, TC_LAST_USED, TC_REVOKED, TC_EXPIRES };

#define CREDENTIAL_USER " u.username, u.display_name, u.lang, u.active"
#define TOKEN_COLS      "id, user_id, name, prefix, created_at, last_used_at, revoked_at, expires_at"

static DB_QUERY(Q_SESSION_INSERT, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen,"
				  " expires_at, remote_addr) VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id");
static DB_QUERY(Q_SESSION_LOOKUP, "SELECT s.id, s.user_id, s.csrf_token, CAST(NULL AS TEXT), s.created_at,"
				  " s.last_seen, s.expires_at," CREDENTIAL_USER
				  " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1");
static DB_QUERY(Q_SESSION_TOUCH, "UPDATE sessions SET last_seen = $2 WHERE id = $1");
static DB_QUERY(Q_SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = $1");
static DB_QUERY(Q_EPOCH_GET, "SELECT version FROM auth_epoch WHERE id = 1");
static DB_QUERY(Q_EPOCH_BUMP, "UPDATE auth_epoch SET version = version + 1 WHERE id = 1");
static DB_QUERY(Q_SESSION_DELETE_USER, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2");
static DB_QUERY(Q_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at < $1");

static DB_QUERY(Q_TOKEN_INSERT, "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)"
				" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
static DB_QUERY(Q_TOKEN_LOOKUP, "SELECT t.id, t.user_id, CAST(NULL AS TEXT), t.revoked_at, t.created_at,"
				" t.last_used_at, t.expires_at," CREDENTIAL_USER
				" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1");
static DB_QUERY(Q_TOKEN_TOUCH, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
static DB_QUERY(Q_TOKEN_LIST, "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
static DB_QUERY(Q_TOKEN_LIVE,
		"SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id");
static DB_QUERY(Q_TOKEN_GET, "SELECT " TOKEN_COLS " FROM api_tokens WHERE id = $1");
static DB_QUERY(Q_TOKEN_REVOKE,
		"UPDATE api_tokens SET revoked_at = $2, expires_at = COALESCE(expires_at, CAST($3 AS TEXT))"
		" WHERE id = $1 AND revoked_at IS NULL");
static DB_QUERY(Q_TOKEN_RENEW, "UPDATE api_tokens SET expires_at = $2 WHERE id = $1 AND revoked_at IS NULL");

/* Reserve an attempt: a new key starts at 1; a key quiet since $4 starts
 * afresh; otherwise the count goes up, but only when until_at has passed
 * ('' means no wait, also when the clock is set back). No row back means
 * the key must still wait. One statement, so parallel attempts are counted
 * one by one. */
static DB_QUERY(Q_THROTTLE_RESERVE,
		"INSERT INTO auth_throttle (kind, key, attempts, last_at, until_at) VALUES ($1, $2, 1, $3, '')"
		" ON CONFLICT (kind, key) DO UPDATE SET"
		" attempts = CASE WHEN auth_throttle.last_at < $4 THEN 1 ELSE auth_throttle.attempts + 1 END,"
		" last_at = $3 WHERE auth_throttle.until_at <= $3 RETURNING attempts");
static DB_QUERY(Q_THROTTLE_SET_UNTIL, "UPDATE auth_throttle SET until_at = $3 WHERE kind = $1 AND key = $2");
static DB_QUERY(Q_THROTTLE_GET, "SELECT until_at FROM auth_throttle WHERE kind = $1 AND key = $2");
static DB_QUERY(Q_THROTTLE_CLEAR, "DELETE FROM auth_throttle WHERE kind = $1 AND key = $2");
static DB_QUERY(Q_THROTTLE_GIVE_BACK, "UPDATE auth_throttle SET attempts = attempts - 1,"
				      " until_at = CASE WHEN until_at = CAST($3 AS TEXT) THEN '' ELSE until_at END"
				      " WHERE kind = $1 AND key = $2 AND attempts > 0");
static DB_QUERY(Q_THROTTLE_PURGE, "DELETE FROM auth_throttle WHERE last_at < $1");

static void credential_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct credential *c = out;
	c->id = rows_int(r, i, CC_ID);
	c->user_id = rows_int(r, i, CC_USER);
	c->csrf = rows_text(r, i, CC_CSRF);
	c->revoked_at = rows_text(r, i, CC_REVOKED);
	c->created_at = rows_text(r, i, CC_CREATED);
	c->last_seen = rows_text(r, i, CC_LAST);
	c->expires_at = rows_text(r, i, CC_EXPIRES);
	c->username = rows_text(r, i, CC_USERNAME);
	c->display_name = rows_text(r, i, CC_DISPLAY);
	c->lang = rows_text(r, i, CC_LANG);
	c->active = rows_bool(r, i, CC_ACTIVE);
}

static int credential(struct db *db, struct arena *a, const struct db_query *q, const char *hash,
		      struct credential *out, struct err *e)
{
	return db_run_get(db, a, q, DB_ARGS(DB_TEXT(hash)), credential_from_row, out, e);
}

int q_auth_session_insert(struct db *db, struct arena *a, const char *hash, int64_t user_id, const char *csrf,
			  const char *now, const char *expires, const char *remote, int64_t *id_out, struct err *e)
{
	return db_run_insert(
		db, a, &Q_SESSION_INSERT,
		DB_ARGS(DB_TEXT(hash), DB_INT(user_id), DB_TEXT(csrf), DB_TEXT(now), DB_TEXT(expires), DB_TEXT(remote)),
		id_out, e);
}

int q_auth_session_find(struct db *db, struct arena *a, const char *hash, struct credential *out, struct err *e)
{
	return credential(db, a, &Q_SESSION_LOOKUP, hash, out, e);
}

int q_auth_session_touch(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e)
{
	return db_run_nowait(db, a, &Q_SESSION_TOUCH, DB_ARGS(DB_INT(id), DB_TEXT(now)), NULL, e);
}

int q_auth_session_delete(struct db *db, struct arena *a, const char *hash, struct err *e)
{
	return db_run(db, a, &Q_SESSION_DELETE, DB_ARGS(DB_TEXT(hash)), NULL, e);
}

int q_auth_session_delete_user(struct db *db, struct arena *a, int64_t user_id, int64_t keep, struct err *e)
{
	return db_run(db, a, &Q_SESSION_DELETE_USER, DB_ARGS(DB_INT(user_id), DB_INT(keep)), NULL, e);
}

int q_auth_session_purge(struct db *db, struct arena *a, const char *now, struct err *e)
{
	return db_run(db, a, &Q_SESSION_PURGE, DB_ARGS(DB_TEXT(now)), NULL, e);
}

int q_auth_token_insert(struct db *db, struct arena *a, int64_t user_id, const char *name, const char *hash,
			const char *prefix, const char *now, const char *expires, int64_t *id_out, struct err *e)
{
	return db_run_insert(
		db, a, &Q_TOKEN_INSERT,
		DB_ARGS(DB_INT(user_id), DB_TEXT(name), DB_TEXT(hash), DB_TEXT(prefix), DB_TEXT(now), DB_TEXT(expires)),
		id_out, e);
}

int q_auth_token_find(struct db *db, struct arena *a, const char *hash, struct credential *out, struct err *e)
{
	return credential(db, a, &Q_TOKEN_LOOKUP, hash, out, e);
}

int q_auth_token_touch(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e)
{
	return db_run_nowait(db, a, &Q_TOKEN_TOUCH, DB_ARGS(DB_INT(id), DB_TEXT(now)), NULL, e);
}

static void token_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct api_token *t = out;
	t->id = rows_int(r, i, TC_ID);
	t->user_id = rows_int(r, i, TC_USER);
	t->name = rows_text(r, i, TC_NAME);
	t->prefix = rows_text(r, i, TC_PREFIX);
	t->created_at = rows_text(r, i, TC_CREATED);
	t->last_used_at = rows_text(r, i, TC_LAST_USED);
	t->revoked_at = rows_text(r, i, TC_REVOKED);
	t->expires_at = rows_text(r, i, TC_EXPIRES);
	t->expired = false;
}

int q_auth_token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out, struct err *e)
{
	return db_run_get(db, a, &Q_TOKEN_GET, DB_ARGS(DB_INT(id)), token_from_row, out, e);
}

int q_auth_token_list(struct db *db, struct arena *a, int64_t user_id, bool live, struct api_token **out, size_t *n,
		      struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, live ? &Q_TOKEN_LIVE : &Q_TOKEN_LIST, DB_ARGS(DB_INT(user_id)), &rows, e);
	if (!rc)
		*out = rows_map(a, &rows, sizeof(**out), token_from_row, n);
	return rc;
}

int q_auth_token_revoke(struct db *db, struct arena *a, int64_t id, const char *now, const char *expires_at,
			struct err *e)
{
	return db_run_change(db, a, &Q_TOKEN_REVOKE, DB_ARGS(DB_INT(id), DB_TEXT(now), DB_TEXT(expires_at)), e);
}

int q_auth_token_renew(struct db *db, struct arena *a, int64_t id, const char *expires, struct err *e)
{
	return db_run_change(db, a, &Q_TOKEN_RENEW, DB_ARGS(DB_INT(id), DB_TEXT(expires)), e);
}

int q_auth_throttle_reserve(struct db *db, struct arena *a, const char *kind, const char *key, const char *now,
			    const char *since, bool *reserved, int64_t *attempts, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_THROTTLE_RESERVE, DB_ARGS(DB_TEXT(kind), DB_TEXT(key), DB_TEXT(now), DB_TEXT(since)),
			&rows, e);
	if (rc)
		return rc;
	*reserved = rows.n_rows > 0;
	*attempts = *reserved ? rows_int(&rows, 0, 0) : 0;
	return 0;
}

int q_auth_throttle_set_until(struct db *db, struct arena *a, const char *kind, const char *key, const char *until,
			      struct err *e)
{
	return db_run(db, a, &Q_THROTTLE_SET_UNTIL, DB_ARGS(DB_TEXT(kind), DB_TEXT(key), DB_TEXT(until)), NULL, e);
}

int q_auth_throttle_until(struct db *db, struct arena *a, const char *kind, const char *key, const char **until,
			  struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_THROTTLE_GET, DB_ARGS(DB_TEXT(kind), DB_TEXT(key)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return ERR_NOTFOUND;
	*until = rows_text(&rows, 0, 0);
	return 0;
}

int q_auth_throttle_clear(struct db *db, struct arena *a, const char *kind, const char *key, struct err *e)
{
	return db_run(db, a, &Q_THROTTLE_CLEAR, DB_ARGS(DB_TEXT(kind), DB_TEXT(key)), NULL, e);
}

int q_auth_throttle_give_back(struct db *db, struct arena *a, const char *kind, const char *key, const char *until,
			      struct err *e)
{
	return db_run(db, a, &Q_THROTTLE_GIVE_BACK, DB_ARGS(DB_TEXT(kind), DB_TEXT(key), DB_TEXT(until)), NULL, e);
}

int q_auth_throttle_purge(struct db *db, struct arena *a, const char *before, struct err *e)
{
	return db_run(db, a, &Q_THROTTLE_PURGE, DB_ARGS(DB_TEXT(before)), NULL, e);
}

int q_auth_epoch(struct db *db, struct arena *a, int64_t *version, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_EPOCH_GET, NULL, 0, &rows, e);

	if (!rc)
		*version = rows.n_rows ? rows_int(&rows, 0, 0) : 0;
	return rc;
}

int q_auth_epoch_bump(struct db *db, struct arena *a, struct err *e)
{
	return db_run(db, a, &Q_EPOCH_BUMP, NULL, 0, NULL, e);
}
