/*
 * totp.h - the second factor of local accounts, and signing in with a
 * password in one or two steps.
 *
 * A person sets up a TOTP app (RFC 6238: six digits, 30-second steps) by
 * scanning a QR code of an otpauth:// address and typing one code; then
 * ten recovery codes are shown once. The seed is kept sealed
 * (crypto_secretbox) under a key derived from the audit key, which lives
 * outside the database; recovery codes only as keyed hashes. A code is
 * accepted from the step before to the step after the current one, and
 * never twice (the newest step used is kept). An administrator names the
 * roles that must use a second factor.
 *
 * Signing in with a password (signin_password()) either opens the session
 * at once, or, when the account has a second factor or its role requires
 * one, opens a challenge: a short-lived record found by a token in a
 * cookie, completed by signin_code() (a code or a recovery code, each
 * attempt under the sign-in throttle) or by setting the factor up
 * (signin_enrol_*). When the installation lets only administrators sign
 * in with a password, others are sent to their identity provider; an
 * installation-wide administrator can always sign in with a password.
 */
#ifndef TILLIT_DOMAIN_TOTP_H
#define TILLIT_DOMAIN_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_signin.h"
#include "domain/authz.h"

struct arena;
struct auth_policy;
struct db;
struct err;

#define TOTP_STEP           30
#define TOTP_RECOVERY_CODES 10
#define CHALLENGE_COOKIE    "tillit_2fa"
#define CHALLENGE_SECONDS   300

/** A second factor being set up: the seed in base32 (to type in) and the otpauth:// address (for the QR code). */
struct totp_setup {
	const char *secret_b32;
	const char *uri;
};

/** Whether @user_id has a confirmed second factor, and how many recovery codes are left. */
int totp_status(struct db *db, struct arena *a, int64_t user_id, bool *enrolled, size_t *codes_left, struct err *e);

/** Start (or start again) setting up a second factor for @user_id (@username in the app's label). */
int totp_setup_begin(struct db *db, struct arena *a, int64_t user_id, const char *username, struct totp_setup *out,
		     struct err *e);

/**
 * Finish setting up with a @code from the app: the factor is on, and
 * *codes gets TOTP_RECOVERY_CODES recovery codes to show once. Wrong code:
 * ERR_INVALID naming "code".
 */
int totp_setup_confirm(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *code,
		       const char ***codes, struct err *e);

/** Turn @user_id's second factor off (recovery codes go with it). */
int totp_disable(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, struct err *e);

/**
 * Check @code for @user_id: six digits from the app (one step of drift,
 * never the same step twice) or an unused recovery code (used up).
 * *recovery says which. ERR_INVALID naming "code" when it is wrong.
 */
int totp_check(struct db *db, struct arena *a, int64_t user_id, const char *code, bool *recovery, struct err *e);

/** The code an app shows for @secret_b32 at time @t (tests). Result lives in @a. */
const char *totp_code_at(struct arena *a, const char *secret_b32, int64_t t);

/** The roles that must use a second factor. */
int totp_roles(struct db *db, struct arena *a, const char ***out, size_t *n, struct err *e);

/** Set the roles that must use a second factor (role names; ERR_INVALID naming "roles" for an unknown one). */
int totp_roles_set(struct db *db, struct arena *a, const struct auth *auth, const char *const *roles, size_t n,
		   struct err *e);

/* --- signing in with a password -------------------------------------- */

enum signin_step { SIGNIN_DONE, SIGNIN_CODE, SIGNIN_ENROL };

/** "all" or "admins": who may sign in with a password. */
int signin_local_login(struct db *db, struct arena *a, const char **out, struct err *e);
int signin_set_local_login(struct db *db, struct arena *a, const struct auth *auth, const char *value, struct err *e);

/**
 * Check @username and @password (as auth_login()). *step SIGNIN_DONE:
 * *token is the session's token; SIGNIN_CODE or SIGNIN_ENROL: *token is
 * the challenge's token for its cookie. @next is kept for afterwards.
 */
int signin_password(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
		    const char *password, const char *remote, const char *next, enum signin_step *step,
		    const char **token, struct err *e);

/** The challenge of cookie @token. ERR_UNAUTHORIZED when it is gone or expired. */
int signin_challenge(struct db *db, struct arena *a, const char *token, struct login_challenge *out, struct err *e);

/**
 * Complete challenge @token with @code (a TOTP code or a recovery code)
 * under the throttle: *session gets the session's token, *next where to go.
 */
int signin_code(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, const char *code,
		const char *remote, const char **session, const char **next, struct err *e);

/**
 * Complete an "enrol" challenge: @code confirms the factor begun with
 * totp_setup_begin(); *codes gets the recovery codes, *session the session.
 */
int signin_enrol(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, const char *code,
		 const char *remote, const char ***codes, const char **session, const char **next, struct err *e);

#endif
