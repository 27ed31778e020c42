/*
 * user.h - accounts, passwords and role assignments.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str) and are
 * never stored or logged in clear. Role assignments (grants) give a user a
 * role on a unit and its subtree, or on the whole installation. The last
 * active installation-wide administrator cannot be removed or deactivated,
 * so an installation can never lock itself out.
 */
#ifndef TILLIT_DOMAIN_USER_H
#define TILLIT_DOMAIN_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

struct user {
	int64_t id;
	const char *username;
	const char *display_name;
	const char *email;
	const char *lang; /* "sv" or "en" */
	bool active;
	int64_t version;
	const char *created_at;
	const char *updated_at;
	const char *password_changed_at;
};

struct user_input {
	const char *username; /* only on create */
	const char *display_name;
	const char *email;
	const char *lang;
	bool active;
};

struct user_filter {
	const char *q; /* username, name or e-mail contains */
	int active;    /* -1 any, 0 inactive, 1 active */
	int64_t limit; /* 1..1000, default 100 */
	int64_t offset;
	/*
	 * 0: every user. Otherwise an administrator of part of the tree: only
	 * the users holding a role on a unit in the subtree of one of this
	 * user's administrator grants, and (so that a role can be granted to
	 * a newcomer) the user whose user name is exactly @q, without e-mail.
	 */
	int64_t viewer_id;
};

struct role_grant {
	int64_t id;
	int64_t user_id;
	const char *username;
	int64_t unit_id; /* 0: whole installation */
	const char *unit_name;
	const char *unit_path;
	enum role role;
	const char *created_at;
};

/** Use the cheapest Argon2id parameters (tests only: set by TILLIT_TEST_FAST_HASH). */
void user_set_fast_hash(bool fast);

/** Hash @password with Argon2id. Result lives in @a; NULL when out of memory. */
const char *user_hash_password(struct arena *a, const char *password);

/** True when @password matches @hash (constant time). */
bool user_check_password(const char *hash, const char *password);

/** Check a new password against the policy (field "password"). */
int user_check_password_policy(const char *password, struct err *e);

int user_get(struct db *db, struct arena *a, int64_t id, struct user *out, struct err *e);
int user_get_by_username(struct db *db, struct arena *a, const char *username, struct user *out, struct err *e);
int user_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out, size_t *n, int64_t *total,
	      struct err *e);

/**
 * Is user @user_id in the scope of administrator @viewer_id (0: everyone
 * is), as user_filter.viewer_id defines it? Pages and the API show such a
 * user's e-mail address; others' they leave out.
 */
int user_in_scope(struct db *db, struct arena *a, int64_t viewer_id, int64_t user_id, bool *out, struct err *e);

/** Create an account with @password. *id_out gets its id. */
int user_create(struct db *db, struct arena *a, const struct auth *auth, const struct user_input *in,
		const char *password, int64_t *id_out, struct err *e);

/** Change name, e-mail, language and active flag. ERR_CONFLICT on a stale @version (*current then set). */
int user_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		const struct user_input *in, struct user *current, struct err *e);

/** Set the interface language of a user ("sv"/"en"). */
int user_set_lang(struct db *db, struct arena *a, const struct auth *auth, int64_t id, const char *lang, struct err *e);

/**
 * Set a new password (an administrator's reset, the command line, or
 * auth_change_password() once it has checked the current one). Ends the
 * user's sessions except @keep_session (0 = end all) and revokes every API
 * token of the user, each with its audit entry; *n_revoked (may be NULL)
 * gets how many.
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

/** Grant @role on @unit_id (0 = whole installation). ERR_EXISTS when already held. */
int grant_add(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t unit_id,
	      const char *role, int64_t *id_out, struct err *e);

/** Remove a grant. Refused for the last installation-wide administrator. */
int grant_remove(struct db *db, struct arena *a, const struct auth *auth, int64_t grant_id, struct err *e);

void user_json(struct json *j, const struct user *u);
const char *user_json_text(struct arena *a, const struct user *u);
void grant_json(struct json *j, const struct role_grant *g);

#endif
