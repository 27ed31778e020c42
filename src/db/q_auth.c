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
DB_QUERY(Q_TOKEN_INSERT,
	 "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)"
	 " RETURNING id");
DB_QUERY(Q_TOKEN_LOOKUP,
	 "SELECT t.id, t.user_id, t.revoked_at, t.created_at, t.last_used_at, NULL, u.username, u.display_name,"
	 " u.lang, u.active FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1");
DB_QUERY(Q_TOKEN_TOUCH, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
DB_QUERY(Q_TOKEN_LIST,
	 "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1"
	 " ORDER BY id DESC");
DB_QUERY(Q_TOKEN_GET,
	 "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = $1");
DB_QUERY(Q_TOKEN_REVOKE, "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL");
DB_QUERY(Q_LOGIN_FAIL_ADD, "INSERT INTO login_failures (kind, key, at) VALUES ($1, $2, $3)");
DB_QUERY(Q_LOGIN_FAIL_COUNT, "SELECT count(*) FROM login_failures WHERE kind = $1 AND key = $2 AND at >= $3");
DB_QUERY(Q_LOGIN_FAIL_CLEAR, "DELETE FROM login_failures WHERE kind = $1 AND key = $2");
DB_QUERY(Q_LOGIN_FAIL_PURGE, "DELETE FROM login_failures WHERE at < $1");
