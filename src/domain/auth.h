/*
 * auth.h - signing in: passwords, sessions, API tokens, login throttling.
 *
 * Session and API tokens are 32 random bytes from libsodium's CSPRNG,
 * written in URL-safe base64; only their SHA-256 hashes are stored, so a
 * copy of the database holds no usable credential. A session ends after
 * a period of inactivity or at its absolute lifetime, whichever is first.
 * Failed logins are counted per account and per client address over a
 * window; past the limit, logins are refused with ERR_THROTTLED before the
 * password is even checked.
 */
#ifndef TILLIT_DOMAIN_AUTH_H
#define TILLIT_DOMAIN_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

struct auth_policy {
	int session_idle;      /* seconds */
	int session_max;       /* seconds */
	int max_fail_per_user; /* within window */
	int max_fail_per_addr;
	int window; /* seconds */
};

/** Defaults: idle 2 h, lifetime 12 h, 5 failures per account and 20 per address in 15 minutes. */
struct auth_policy auth_policy_default(void);

struct api_token {
	int64_t id;
	int64_t user_id;
	const char *name;
	const char *prefix; /* first characters, to recognise a token */
	const char *created_at;
	const char *last_used_at;
	const char *revoked_at;
};

/**
 * Check @username/@password and open a session. On success *token_out
 * holds the clear session token (for the cookie; lives in @a) and *out the
 * signed-in user with grants. Errors: ERR_UNAUTHORIZED (wrong name or
 * password; the message never says which), ERR_THROTTLED.
 */
int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *username, const char *password,
	       const char *remote, const char **token_out, struct auth *out, struct err *e);

/** Resolve a session token. ERR_UNAUTHORIZED when unknown, expired or the user is inactive. */
int auth_session(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, struct auth *out,
		 struct err *e);

/** End the session of @token (no error when it is already gone). */
int auth_logout(struct db *db, struct arena *a, const char *token, struct err *e);

/** Resolve an API token ("Authorization: Bearer tlt_..."). ERR_UNAUTHORIZED when unknown or revoked. */
int auth_token(struct db *db, struct arena *a, const char *token, struct auth *out, struct err *e);

/** Load @out->grants for @out->user_id. */
int auth_load_grants(struct db *db, struct arena *a, struct auth *out, struct err *e);

/** Create an API token for @user_id; *clear gets the token, shown once (lives in @a). */
int token_create(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		 const char **clear, int64_t *id_out, struct err *e);

/** Revoke token @id, which must belong to @user_id. */
int token_revoke(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, struct err *e);

/** A user's tokens, newest first (never the secret). Results live in @a. */
int token_list(struct db *db, struct arena *a, int64_t user_id, struct api_token **out, size_t *n, struct err *e);

int token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out, struct err *e);

void token_json(struct json *j, const struct api_token *t);

/** Remove expired sessions and old login failures. */
int auth_purge(struct db *db, struct arena *a, const struct auth_policy *p, struct err *e);

/** SHA-256 of @token in hex. Result lives in @a. */
const char *auth_token_hash(struct arena *a, const char *token);

/** A fresh random token: @prefix followed by 43 URL-safe base64 characters. Result lives in @a. */
const char *auth_new_token(struct arena *a, const char *prefix);

#endif
