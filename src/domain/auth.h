/*
 * auth.h - signing in: passwords, sessions, API tokens, login throttling.
 *
 * Session and API tokens are 32 random bytes from libsodium's CSPRNG,
 * written in URL-safe base64; only their SHA-256 hashes are stored, so a
 * copy of the database holds no usable credential. A session ends after
 * a period of inactivity or at its absolute lifetime, whichever is first.
 * An API token expires (90 days by default, at most a year) unless renewed,
 * and dies with a password change; making one asks for the password again.
 *
 * Every password check (sign-in, changing one's password, making a token)
 * goes through one throttle, keyed by the (account, client address) pair
 * and by the address alone. The first attempts are free; past them each
 * attempt doubles the wait before the next one (ERR_THROTTLED says how
 * long), up to a ceiling: never a lockout, and failures from one address
 * never slow down the same account from another address. The attempt is
 * reserved in one transaction before the password is hashed, so parallel
 * attempts cannot overshoot; a correct password gives it back.
 */
#ifndef TILLIT_DOMAIN_AUTH_H
#define TILLIT_DOMAIN_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_auth.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

struct auth_policy {
	int session_idle;   /* seconds */
	int session_max;    /* seconds */
	int free_per_pair;  /* attempts per (account, address) before delays begin */
	int free_per_addr;  /* attempts per address before delays begin */
	int window;         /* seconds without an attempt after which a key starts afresh */
	int max_delay_pair; /* ceiling of a pair's delay, seconds */
	int max_delay_addr; /* ceiling of an address's delay, seconds */
};

/**
 * Defaults: idle 2 h, lifetime 12 h; 5 free attempts per (account, address)
 * and 20 per address, then 1, 2, 4, ... seconds between attempts, at most
 * 15 minutes for a pair and 1 minute for an address; forgotten after 15
 * quiet minutes.
 */
struct auth_policy auth_policy_default(void);

/** The wait in seconds before the next attempt after @attempts of them (0 while free). */
int auth_throttle_delay(int attempts, int free_attempts, int max_delay);

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX     365

/**
 * Check @password of account @username, tried from client address @remote,
 * under the throttle. 0 with *uid_out set when it matches an active
 * account. ERR_UNAUTHORIZED when the name or password is wrong (never says
 * which) or the account is inactive; ERR_THROTTLED with the wait in
 * seconds in e->arg. Both name @field.
 */
int auth_check_password(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
			const char *password, const char *remote, const char *field, int64_t *uid_out, struct err *e);

/**
 * Check @username/@password and open a session. On success *token_out
 * holds the clear session token (for the cookie; lives in @a) and *out the
 * signed-in user with grants. Errors: ERR_UNAUTHORIZED (wrong name or
 * password; the message never says which), ERR_THROTTLED.
 */
int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *username, const char *password,
	       const char *remote, const char **token_out, struct auth *out, struct err *e);

/**
 * Open a session of @uid (@username for the audit entry) in the caller's
 * transaction, with its "login" audit entry (@via, when not NULL, names
 * how: an identity provider). *token_out gets the clear token (in @a),
 * *id_out (may be NULL) the session's id. Whoever calls it has checked
 * the person: a password and second factor, or an identity provider.
 */
int auth_session_open_in_tx(struct db *db, struct arena *a, const struct auth_policy *p, int64_t uid,
			    const char *username, const char *remote, const char *via, const char **token_out,
			    int64_t *id_out, struct err *e);

/** As auth_session_open_in_tx() in a transaction of its own, then *out as auth_session() reads it. */
int auth_login_user(struct db *db, struct arena *a, const struct auth_policy *p, int64_t uid, const char *username,
		    const char *remote, const char **token_out, struct auth *out, struct err *e);

/*
 * One attempt under the sign-in throttle, for a check other than the
 * password (a second factor): reserve it before checking, and report
 * success after, which gives it back; a failed check keeps it counted.
 */
struct auth_attempt {
	const char *pair;
	const char *addr;
	char now[24];
	char addr_until[24];
};

/** Reserve an attempt for (@remote, @username) and @remote. ERR_THROTTLED naming @field with the wait. */
int auth_attempt_reserve(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
			 const char *remote, const char *field, struct auth_attempt *at, struct err *e);

/** The check succeeded: forget the pair's attempts, give the address its attempt back. */
int auth_attempt_succeeded(struct db *db, struct arena *a, const struct auth_policy *p, const struct auth_attempt *at,
			   struct err *e);

/** Resolve a session token. ERR_UNAUTHORIZED when unknown, expired or the user is inactive. */
int auth_session(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, struct auth *out,
		 struct err *e);

/** End the session of @token (no error when it is already gone). */
int auth_logout(struct db *db, struct arena *a, const char *token, struct err *e);

/**
 * Raise the auth epoch (0060_auth_epoch.sql) inside the caller's
 * transaction: every change that may end a session or token, or change who
 * it signs in and what that one may do, calls it, so no process answers
 * from a cache entry read before the change. Called by sign-out, revoking
 * and renewing tokens, password changes, user changes, grants and unit
 * changes; a new write of that kind must call it too.
 */
int auth_changed_in_tx(struct db *db, struct arena *a, struct err *e);

/*
 * A process's cache of sessions and tokens (auth.c): owned by whoever runs
 * the server (struct app), shared by its threads.
 */
struct auth_cache;

/** An empty cache. Caller frees with auth_cache_free(). */
struct auth_cache *auth_cache_new(void);

/** Free @c and its entries. Accepts NULL. */
void auth_cache_free(struct auth_cache *c);

/** How many lookups the cache answered and how many went to the database, for tests and the benchmark. */
void auth_cache_stats(struct auth_cache *c, int64_t *hits, int64_t *misses);

/**
 * As auth_session(), answered from @cache when it holds the session read
 * at the current auth epoch and still valid by its times (one query for
 * the epoch, one more when the session is due for its touch); otherwise
 * read from the database and kept. @cache NULL: auth_session().
 */
int auth_session_cached(struct auth_cache *cache, struct db *db, struct arena *a, const struct auth_policy *p,
			const char *token, struct auth *out, struct err *e);

/** As auth_token(), through @cache as auth_session_cached() does. */
int auth_token_cached(struct auth_cache *cache, struct db *db, struct arena *a, const char *token, struct auth *out,
		      struct err *e);

/** Resolve an API token ("Authorization: Bearer tlt_..."). ERR_UNAUTHORIZED when unknown, revoked or expired. */
int auth_token(struct db *db, struct arena *a, const char *token, struct auth *out, struct err *e);

/** Load @out->grants for @out->user_id. */
int auth_load_grants(struct db *db, struct arena *a, struct auth *out, struct err *e);

/**
 * @who changes their own password from @old_password to @new_password,
 * tried from @remote. The current password is checked under the throttle
 * (ERR_INVALID or ERR_THROTTLED naming "old_password"). Then as
 * user_set_password(): other sessions end, the one of @who stays, and every
 * API token is revoked (*n_revoked, may be NULL).
 */
int auth_change_password(struct db *db, struct arena *a, const struct auth_policy *p, const struct auth *who,
			 const char *remote, const char *old_password, const char *new_password, int *n_revoked,
			 struct err *e);

/**
 * Create an API token for @user_id expiring in @days (0: TOKEN_DAYS_DEFAULT;
 * 1..TOKEN_DAYS_MAX, else ERR_INVALID naming "days"); *clear gets the
 * token, shown once (lives in @a). No password check: that is
 * auth_token_create()'s, for requests; the command line calls this.
 */
int token_create_days(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		      int days, const char **clear, int64_t *id_out, struct err *e);

/** token_create_days() with the default lifetime. */
int token_create(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		 const char **clear, int64_t *id_out, struct err *e);

/**
 * @who makes a token for themself from a request: @name and @days are
 * checked first, then @password under the throttle (ERR_INVALID or
 * ERR_THROTTLED naming "password"), then as token_create_days().
 */
int auth_token_create(struct db *db, struct arena *a, const struct auth_policy *p, const struct auth *who,
		      const char *remote, const char *password, const char *name, int days, const char **clear,
		      int64_t *id_out, struct err *e);

/** Revoke token @id, which must belong to @user_id. */
int token_revoke(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, struct err *e);

/**
 * Let token @id of @user_id live @days more from now (0: the default),
 * also when it has expired; a revoked token cannot be renewed (ERR_INVALID).
 */
int token_renew(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, int days,
		struct err *e);

/**
 * Revoke every token of @user_id that is not revoked yet, each with its
 * audit entry; *n (may be NULL) gets how many. Expects the caller's open
 * transaction (user_set_password()'s) and neither commits nor rolls back.
 */
int token_revoke_all_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int *n,
			   struct err *e);

/** A user's tokens, newest first (never the secret). Results live in @a. */
int token_list(struct db *db, struct arena *a, int64_t user_id, struct api_token **out, size_t *n, struct err *e);

int token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out, struct err *e);

/** The members of the token @t's JSON object (never the secret), into an object the caller opened. */
void token_json_members(struct json *j, const struct api_token *t);

/** The token @t as a JSON object: token_json_members() in braces. */
void token_json(struct json *j, const struct api_token *t);

/** Remove expired sessions and throttle rows older than the window. */
int auth_purge(struct db *db, struct arena *a, const struct auth_policy *p, struct err *e);

/** SHA-256 of @token in hex. Result lives in @a. */
const char *auth_token_hash(struct arena *a, const char *token);

/** A fresh random token: @prefix followed by 43 URL-safe base64 characters. Result lives in @a. */
const char *auth_new_token(struct arena *a, const char *prefix);

#endif
