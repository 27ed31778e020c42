/*
 * user.h - accounts, passwords and role assignments.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str) and are
 * never stored or logged in clear. Role assignments (grants) give a user a
 * role on a unit and its subtree, or on the whole installation. The last
 * active installation-wide administrator cannot be removed or deactivated,
 * so an installation can never lock itself out.
 *
 * Accounts are installation-wide: only an installation-wide administrator
 * creates and changes them (the routes say so). An administrator of part
 * of the tree sees the users holding a role there (user_viewer()), the
 * e-mail address of no one else (user_seen_by()), and grants and removes
 * roles only within that part: grant_add() checks the unit inside its
 * transaction, the route's scope checks the grant being removed.
 */
#ifndef TILLIT_DOMAIN_USER_H
#define TILLIT_DOMAIN_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_user.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

/** Use the cheapest Argon2id parameters (tests only: set by TILLIT_TEST_FAST_HASH). */
void user_set_fast_hash(bool fast);

/** Hash @password with Argon2id. Result lives in @a; NULL when out of memory. */
const char *user_hash_password(struct arena *a, const char *password);

/** True when @password matches @hash (constant time). */
bool user_check_password(const char *hash, const char *password);

/**
 * A user name made from @text (a directory identifier, an identity
 * provider's claim): lower case, at most 64 bytes, other characters than
 * a-z 0-9 . _ - @ as hyphens. Result lives in @a.
 */
const char *user_name_from(struct arena *a, const char *text);

/** Check a new password against the policy (field "password"). */
int user_check_password_policy(const char *password, struct err *e);

/** One account. ERR_NOTFOUND naming "id" when there is none. */
int user_get(struct db *db, struct arena *a, int64_t id, struct user *out, struct err *e);
int user_get_by_username(struct db *db, struct arena *a, const char *username, struct user *out, struct err *e);

/**
 * The one person @text names, as a person picker's text field sends it
 * (case folded, surrounding space ignored): "Name (username)" as its
 * suggestions read and as the field shows the person chosen now (that
 * person even when no longer active, so that a form saves its current
 * choice as it is), the user name of an active person, or a name only
 * one active person has, whole. *id gets that person's id and *n_match 1;
 * when the text names nobody (or is empty) or several people, *id gets 0
 * and *n_match how many (0, or 2 and more). 0, or ERR_DB.
 */
int user_find_text(struct db *db, struct arena *a, const char *text, int64_t *id, size_t *n_match, struct err *e);

/** "Name (username)": how a person is offered in a picker. Result lives in @a. */
const char *user_choice_label(struct arena *a, const char *display_name, const char *username);

/**
 * Make @u what @auth may see of it: the e-mail address is emptied unless
 * the user is in @auth's scope (see user_viewer()).
 */
int user_seen_by(struct db *db, struct arena *a, const struct auth *auth, struct user *u, struct err *e);

/** One account as @auth may see it (user_get(), then user_seen_by()). ERR_NOTFOUND naming "id". */
int user_get_as(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct user *out, struct err *e);

/**
 * The user_filter.viewer_id for @auth: 0 (everyone) for an
 * installation-wide administrator, the command line and the system;
 * otherwise @auth's own id, so that the list holds the users in their part
 * of the tree.
 */
int64_t user_viewer(const struct auth *auth);

/** A filter that matches every account (active -1). */
void user_filter_init(struct user_filter *f);

/**
 * Fill @f (after user_filter_init()) from named arguments, so the list page
 * and the API share one vocabulary: q (user name, name or e-mail
 * contains), active ("true" or "false") and state ("active", "inactive";
 * anything else means all). @get returns the value of an argument or NULL;
 * an empty value counts as absent. viewer_id, limit and offset are not
 * read. Strings are borrowed from @get. ERR_INVALID naming "active" when
 * it is neither true nor false.
 */
int user_filter_parse(struct user_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);

/** The argument names user_filter_parse() reads, NULL-terminated (for building links). */
extern const char *const user_filter_args[];

/** A page of accounts and (when @total is not NULL) the number matching. Results live in @a. */
int user_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out, size_t *n, int64_t *total,
	      struct err *e);

/** The input that keeps @u as it is: the start of an edit form or of a PATCH. */
struct user_input user_input_of(const struct user *u);

/** Create an active account with @password. *id_out gets its id. ERR_EXISTS naming "username" when taken. */
int user_create_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *in,
		      const char *password, int64_t *id_out, struct err *e);
/** As user_create_in_tx(), in a transaction of its own. */
int user_create(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *in,
		const char *password, int64_t *id_out, struct err *e);

/**
 * Change the name, e-mail, language and active flag of @before (as the
 * handler read it) to @in. Deactivating the last active installation-wide
 * administrator is refused (ERR_INVALID naming "active"); deactivating
 * anyone else ends their sessions. ERR_CONFLICT on a stale @version, with
 * *current (if not NULL) set to the stored user.
 */
int user_update(struct db *db, struct arena *a, const struct auth *auth, const struct user *before, int64_t version,
		const struct user_input *in, struct user *current, struct err *e);

/** As user_update() at @before's version, in the caller's transaction (an import's). */
int user_update_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct user *before,
		      const struct user_input *in, struct err *e);

/** Set the interface language of a user ("sv"/"en"). */
int user_set_lang(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *lang, struct err *e);

/**
 * Set a new password (an administrator's reset, the command line, or
 * auth_change_password() once it has checked the current one). Ends the
 * user's sessions except @keep_session (0 = end all) and revokes every API
 * token of the user, each with its audit entry, in the same transaction;
 * *n_revoked (may be NULL) gets how many.
 */
int user_set_password(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *new_password,
		      int64_t keep_session, int *n_revoked, struct err *e);

/** The user's grants (role assignments). Results live in @a. */
int user_grants(struct db *db, struct arena *a, int64_t user_id, struct role_grant **out, size_t *n, struct err *e);

/** Grants on one unit (not inherited ones). Results live in @a. */
int unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct role_grant **out, size_t *n, struct err *e);

int grant_get(struct db *db, struct arena *a, int64_t id, struct role_grant *out, struct err *e);

/** Scope function: the role assignment @id (kind "role_grant"), in the unit it is granted on (0: installation). */
int grant_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** May @auth see grant @g at all? Installation-wide grants, and grants on units @auth sees. */
bool grant_visible(const struct auth *auth, const struct role_grant *g);

/** May @auth remove grant @g? An administrator of its unit, or installation-wide for an installation-wide grant. */
bool grant_may_remove(const struct auth *auth, const struct role_grant *g);

/**
 * Grant @role to @user_id on @unit_id (0 = whole installation) as @auth,
 * who must be an administrator there (installation-wide for 0; checked in
 * the transaction, ERR_FORBIDDEN naming "unit_id"). ERR_NOTFOUND when
 * there is no such user, ERR_INVALID naming "role" or "unit_id", ERR_EXISTS
 * when the user already holds the role there.
 */
int grant_add(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t unit_id,
	      const char *role, int64_t *id_out, struct err *e);

/** grant_add() inside the caller's transaction (granting a suggested role). */
int grant_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t unit_id,
		    const char *role, int64_t *id_out, struct err *e);

/**
 * Remove the grant @g (as the route's scope read it). Refused for the last
 * active installation-wide administrator (ERR_INVALID naming "role").
 */
int grant_remove(struct db *db, struct arena *a, const struct auth *auth, const struct role_grant *g, struct err *e);

void user_json(struct json *j, const struct user *u);
const char *user_json_text(struct arena *a, const struct user *u);
void grant_json(struct json *j, const struct role_grant *g);

#endif
