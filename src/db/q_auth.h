/*
 * q_auth.h - the stored shape of sessions, API tokens and the login
 * throttle, and the typed queries that read and write them (SQL text in
 * q_auth.c).
 *
 * Sessions and tokens are found by the SHA-256 hash of their secret only;
 * the clear secret never reaches the database. Results live in the arena
 * given. Functions return 0 or a negative err_code; a missing row is
 * ERR_NOTFOUND without a message (the domain words it), other failures
 * ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_AUTH_H
#define TILLIT_DB_Q_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct api_token {
	int64_t id;
	int64_t user_id;
	const char *name;
	const char *prefix; /* first characters, to recognise a token */
	const char *created_at;
	const char *last_used_at;
	const char *revoked_at;
	const char *expires_at; /* as stored: NULL for a token made before tokens expired; the domain fills it in */
	bool expired;           /* set by the domain: expires_at has passed (and not revoked) */
};

/** A session or an API token found by its hash, with the account it signs in. */
struct credential {
	int64_t id; /* the session's or the token's */
	int64_t user_id;
	const char *csrf;       /* a session's CSRF token; NULL for a token */
	const char *revoked_at; /* a token's, NULL while it lives; NULL for a session */
	const char *created_at;
	const char *last_seen;  /* a session's last request, a token's last use (NULL: never) */
	const char *expires_at; /* NULL for a token made before tokens expired */
	const char *username;
	const char *display_name;
	const char *lang;
	bool active; /* the account's */
};

/* --- sessions --- */

/** Open a session of @user_id under @hash, ending at @expires at the latest. *id_out gets its id. */
int q_auth_session_insert(struct db *db, struct arena *a, const char *hash, int64_t user_id, const char *csrf,
			  const char *now, const char *expires, const char *remote, int64_t *id_out, struct err *e);

/** The session whose secret hashes to @hash. ERR_NOTFOUND when there is none. */
int q_auth_session_find(struct db *db, struct arena *a, const char *hash, struct credential *out, struct err *e);

/** Note a request of session @id at @now; ERR_CONFLICT, at once, while another connection writes (db_run_nowait()). */
int q_auth_session_touch(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e);

/** End the session whose secret hashes to @hash (none: no error). */
int q_auth_session_delete(struct db *db, struct arena *a, const char *hash, struct err *e);

/** End every session of @user_id except @keep (0: all of them). */
int q_auth_session_delete_user(struct db *db, struct arena *a, int64_t user_id, int64_t keep, struct err *e);

/** Remove sessions that ended before @now. */
int q_auth_session_purge(struct db *db, struct arena *a, const char *now, struct err *e);

/* --- API tokens --- */

/** Record a token of @user_id by its @hash and @prefix. ERR_INVALID when there is no such user. */
int q_auth_token_insert(struct db *db, struct arena *a, int64_t user_id, const char *name, const char *hash,
			const char *prefix, const char *now, const char *expires, int64_t *id_out, struct err *e);

/** The token whose secret hashes to @hash. ERR_NOTFOUND when there is none. */
int q_auth_token_find(struct db *db, struct arena *a, const char *hash, struct credential *out, struct err *e);

/** Note a use of token @id at @now; ERR_CONFLICT, at once, while another connection writes (db_run_nowait()). */
int q_auth_token_touch(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e);

/** One token by id. ERR_NOTFOUND when absent. */
int q_auth_token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out, struct err *e);

/** The tokens of @user_id, newest first; or, when @live, those not revoked, oldest first. */
int q_auth_token_list(struct db *db, struct arena *a, int64_t user_id, bool live, struct api_token **out, size_t *n,
		      struct err *e);

/**
 * Revoke token @id at @now; a token stored without an expiry keeps
 * @expires_at. ERR_NOTFOUND when it is gone or revoked already.
 */
int q_auth_token_revoke(struct db *db, struct arena *a, int64_t id, const char *now, const char *expires_at,
			struct err *e);

/** Let token @id expire at @expires. ERR_NOTFOUND when it is gone or revoked. */
int q_auth_token_renew(struct db *db, struct arena *a, int64_t id, const char *expires, struct err *e);

/* --- the epoch of sessions and tokens (0060_auth_epoch.sql) --- */

/** The current value of the counter every change to sign-in raises. */
int q_auth_epoch(struct db *db, struct arena *a, int64_t *version, struct err *e);

/** Raise it, inside the transaction of such a change. */
int q_auth_epoch_bump(struct db *db, struct arena *a, struct err *e);

/* --- the login throttle: one row per (kind, key) --- */

/**
 * Count an attempt of @key at @now: a new key starts at 1, one quiet since
 * @since starts afresh, otherwise the count goes up, but only when its
 * wait has passed. *reserved is false when the key must still wait;
 * otherwise *attempts gets the count. One statement, so parallel attempts
 * are counted one by one.
 */
int q_auth_throttle_reserve(struct db *db, struct arena *a, const char *kind, const char *key, const char *now,
			    const char *since, bool *reserved, int64_t *attempts, struct err *e);

/** Make @key wait until @until ("" for no wait). */
int q_auth_throttle_set_until(struct db *db, struct arena *a, const char *kind, const char *key, const char *until,
			      struct err *e);

/** Until when @key must wait ("" for no wait). ERR_NOTFOUND when there is no such key. */
int q_auth_throttle_until(struct db *db, struct arena *a, const char *kind, const char *key, const char **until,
			  struct err *e);

/** Forget @key. */
int q_auth_throttle_clear(struct db *db, struct arena *a, const char *kind, const char *key, struct err *e);

/** Give @key back one attempt, and its wait when that is still the @until its reservation set. */
int q_auth_throttle_give_back(struct db *db, struct arena *a, const char *kind, const char *key, const char *until,
			      struct err *e);

/** Forget keys with no attempt since @before. */
int q_auth_throttle_purge(struct db *db, struct arena *a, const char *before, struct err *e);

#endif
