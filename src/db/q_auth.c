/*
 * q_auth.c - SQL of sessions, API tokens and login throttling.
 *
 * Tokens are looked up by their SHA-256 hash only; the clear token never
 * reaches the database.
 */
#include "db/q_auth.h"

DB_QUERY(Q_SESSION_INSERT,
	 "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at, remote_addr)"
	 " VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id");
DB_QUERY(Q_SESSION_LOOKUP,
	 "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen, s.expires_at, u.username,"
	 " u.display_name, u.lang, u.active FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1");
DB_QUERY(Q_SESSION_TOUCH, "UPDATE sessions SET last_seen = $2 WHERE id = $1");
DB_QUERY(Q_SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = $1");
DB_QUERY(Q_SESSION_DELETE_USER, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2");
DB_QUERY(Q_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at < $1");
#define TOKEN_COLS "id, user_id, name, prefix, created_at, last_used_at, revoked_at, expires_at"

DB_QUERY(Q_TOKEN_INSERT, "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)"
			 " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
DB_QUERY(
	Q_TOKEN_LOOKUP,
	"SELECT t.id, t.user_id, t.revoked_at, t.created_at, t.last_used_at, t.expires_at, u.username,"
	" u.display_name, u.lang, u.active FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1");
DB_QUERY(Q_TOKEN_TOUCH, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
DB_QUERY(Q_TOKEN_LIST, "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
DB_QUERY(Q_TOKEN_GET, "SELECT " TOKEN_COLS " FROM api_tokens WHERE id = $1");
DB_QUERY(Q_TOKEN_REVOKE, "UPDATE api_tokens SET revoked_at = $2, expires_at = COALESCE(expires_at, CAST($3 AS TEXT))"
			 " WHERE id = $1 AND revoked_at IS NULL");
DB_QUERY(Q_TOKEN_RENEW, "UPDATE api_tokens SET expires_at = $2 WHERE id = $1 AND revoked_at IS NULL");
DB_QUERY(Q_TOKEN_LIVE_OF_USER, "SELECT id FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id");

/* Reserve an attempt: a new key starts at 1; a key quiet since $4 starts
 * afresh; otherwise the count goes up, but only when until_at has passed
 * ('' means no wait, also when the clock is set back). No row back means
 * the key must still wait. One statement, so parallel attempts are counted
 * one by one. */
DB_QUERY(Q_THROTTLE_RESERVE,
	 "INSERT INTO auth_throttle (kind, key, attempts, last_at, until_at) VALUES ($1, $2, 1, $3, '')"
	 " ON CONFLICT (kind, key) DO UPDATE SET"
	 " attempts = CASE WHEN auth_throttle.last_at < $4 THEN 1 ELSE auth_throttle.attempts + 1 END,"
	 " last_at = $3 WHERE auth_throttle.until_at <= $3 RETURNING attempts");
DB_QUERY(Q_THROTTLE_SET_UNTIL, "UPDATE auth_throttle SET until_at = $3 WHERE kind = $1 AND key = $2");
DB_QUERY(Q_THROTTLE_GET, "SELECT attempts, until_at FROM auth_throttle WHERE kind = $1 AND key = $2");
DB_QUERY(Q_THROTTLE_CLEAR, "DELETE FROM auth_throttle WHERE kind = $1 AND key = $2");
DB_QUERY(Q_THROTTLE_GIVE_BACK, "UPDATE auth_throttle SET attempts = attempts - 1,"
			       " until_at = CASE WHEN until_at = CAST($3 AS TEXT) THEN '' ELSE until_at END"
			       " WHERE kind = $1 AND key = $2 AND attempts > 0");
DB_QUERY(Q_THROTTLE_PURGE, "DELETE FROM auth_throttle WHERE last_at < $1");
