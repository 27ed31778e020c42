/*
 * q_user.h - the stored shape of accounts and role assignments, and the
 * typed queries that read and write them (SQL text in q_user.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/user.c never sees SQL, placeholders or column numbers. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND and a stale version ERR_CONFLICT, both
 * without a message (the domain words them), other failures ERR_DB with
 * @e filled. The password hash is read only by q_user_password(); no other
 * query returns it.
 */
#ifndef TILLIT_DB_Q_USER_H
#define TILLIT_DB_Q_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

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

/** What a person sets on an account. */
struct user_input {
	const char *username; /* only on create */
	const char *display_name;
	const char *email;
	const char *lang;
	bool active;
};

struct user_filter {
	const char *q; /* username, name or e-mail contains */
	bool q_whole;  /* ... or is, whole (without regard to case) */
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

/** A role assignment (grant): a role on a unit and its subtree, or on the whole installation. */
struct role_grant {
	int64_t id;
	int64_t user_id;
	const char *username;
	int64_t unit_id; /* 0: whole installation */
	const char *unit_name;
	const char *unit_path;
	const char *role; /* as stored: "administrator", "coordinator", ... (role_parse() gives the enum) */
	const char *created_at;
};

/** One account by id. ERR_NOTFOUND when absent. */
int q_user_get(struct db *db, struct arena *a, int64_t id, struct user *out, struct err *e);

/**
 * The display name of user @id, for a record that names a person (an owner, a
 * responsible): ERR_NOTFOUND, without a message, when there is no such user.
 */
int q_user_display_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e);

/** One account by user name. ERR_NOTFOUND when absent. */
int q_user_by_name(struct db *db, struct arena *a, const char *username, struct user *out, struct err *e);

/** What a password is checked against: the account's id, hash and active flag. ERR_NOTFOUND when absent. */
int q_user_password(struct db *db, struct arena *a, const char *username, int64_t *id, const char **hash, bool *active,
		    struct err *e);

/**
 * A page of the accounts @f matches, by user name, and (when @total is not
 * NULL) how many match in all. The e-mail address is empty for a user
 * outside @f->viewer_id's scope.
 */
int q_user_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out, size_t *n,
		int64_t *total, struct err *e);

/** Is user @user_id in the scope of administrator @viewer_id (as user_filter.viewer_id defines it)? */
int q_user_in_scope(struct db *db, struct arena *a, int64_t viewer_id, int64_t user_id, bool *out, struct err *e);

/** Insert an active account with password @hash; ERR_EXISTS when the user name is taken. *id_out gets its id. */
int q_user_insert(struct db *db, struct arena *a, const struct user_input *in, const char *hash, const char *now,
		  int64_t *id_out, struct err *e);

/** Change name, e-mail, language and active flag of user @id at @version. ERR_CONFLICT when the version is stale. */
int q_user_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct user_input *in,
		  const char *now, struct err *e);

/** Set the language of user @id. ERR_NOTFOUND when there is no such user. */
int q_user_set_lang(struct db *db, struct arena *a, int64_t id, const char *lang, const char *now, struct err *e);

/** Set the password hash of user @id. ERR_NOTFOUND when there is no such user. */
int q_user_set_password(struct db *db, struct arena *a, int64_t id, const char *hash, const char *now, struct err *e);

/** The grants of user @user_id, by unit path and role. */
int q_user_grants(struct db *db, struct arena *a, int64_t user_id, struct role_grant **out, size_t *n, struct err *e);

/** The grants on unit @unit_id (not inherited ones), by user name and role. */
int q_user_unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct role_grant **out, size_t *n,
		       struct err *e);

/** One grant by id. ERR_NOTFOUND when absent. */
int q_user_grant_get(struct db *db, struct arena *a, int64_t id, struct role_grant *out, struct err *e);

/** Record @role for @user_id on @unit_id (0: the installation), made by user @by (0: the system). */
int q_user_grant_insert(struct db *db, struct arena *a, int64_t user_id, int64_t unit_id, const char *role,
			const char *now, int64_t by, int64_t *id_out, struct err *e);

/** Remove grant @id. ERR_NOTFOUND when it is gone already. */
int q_user_grant_delete(struct db *db, struct arena *a, int64_t id, struct err *e);

/** How many active users hold an installation-wide administrator grant. */
int q_user_global_admins(struct db *db, struct arena *a, int64_t *n, struct err *e);

#endif
