/*
 * q_role_suggestion.h - the stored shape of the groups that suggest roles
 * (oidc_group_roles) and of the suggestions made at sign-in
 * (role_suggestions), and the typed queries that read and write them (SQL
 * text in q_role_suggestion.c; tables in 0121_role_suggestions.sql).
 *
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND without a message (the domain
 * words it), other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_ROLE_SUGGESTION_H
#define TILLIT_DB_Q_ROLE_SUGGESTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/** A group of a provider's groups claim that suggests a role, on a unit (0: the whole installation). */
struct group_role {
	int64_t id;
	int64_t provider_id;
	const char *provider_slug;
	const char *group_value;
	const char *role;
	int64_t unit_id;
	const char *unit_name; /* NULL for the whole installation */
	const char *unit_code; /* "" when the unit has none */
	const char *created_at;
};

/** A role suggested for a person at sign-in. */
struct role_suggestion {
	int64_t id;
	int64_t user_id;
	const char *username;
	const char *display_name;
	const char *role;
	int64_t unit_id;       /* 0: the whole installation */
	const char *unit_name; /* NULL for the whole installation */
	const char *unit_path; /* NULL for the whole installation */
	int64_t provider_id;
	const char *provider_name;
	const char *group_value;
	const char *state; /* "pending", "granted" or "dismissed" */
	const char *created_at;
	const char *seen_at;
	const char *decided_at; /* NULL while pending */
	int64_t decided_by;     /* 0 while pending */
	bool held;              /* the person holds the role there already */
};

/* --- groups that suggest roles --- */
/** ERR_EXISTS when the provider has the same group, role and unit already. */
int q_group_role_insert(struct db *db, struct arena *a, int64_t provider_id, const char *group_value, const char *role,
			int64_t unit_id, const char *now, int64_t *id_out, struct err *e);
/** ERR_NOTFOUND when there is no such mapping. */
int q_group_role_delete(struct db *db, struct arena *a, int64_t provider_id, const char *group_value, const char *role,
			int64_t unit_id, struct err *e);
/** The mappings of provider @provider_id (0: of every provider), by provider, group and role. */
int q_group_role_list(struct db *db, struct arena *a, int64_t provider_id, struct group_role **out, size_t *n,
		      struct err *e);

/* --- suggestions --- */
/**
 * Suggest @role on @unit_id for @user_id, from @group_value of provider
 * @provider_id, unless there is a suggestion for that role there already
 * (whatever its state): *id_out gets the new id, or 0 when there was one.
 */
int q_role_suggestion_insert(struct db *db, struct arena *a, int64_t user_id, const char *role, int64_t unit_id,
			     int64_t provider_id, const char *group_value, const char *now, int64_t *id_out,
			     struct err *e);
/** Note that the group of suggestion @id came with a sign-in again at @now. */
int q_role_suggestion_seen(struct db *db, struct arena *a, int64_t id, const char *now, struct err *e);
/** Remove suggestion @id if it is still pending. */
int q_role_suggestion_withdraw(struct db *db, struct arena *a, int64_t id, struct err *e);
/** Remove the pending suggestions that group @group_value of provider @provider_id made for @role on @unit_id. */
int q_role_suggestion_withdraw_mapped(struct db *db, struct arena *a, int64_t provider_id, const char *group_value,
				      const char *role, int64_t unit_id, struct err *e);
/** Every suggestion for @user_id, whatever its state, oldest first. */
int q_role_suggestion_of_user(struct db *db, struct arena *a, int64_t user_id, struct role_suggestion **out, size_t *n,
			      struct err *e);
int q_role_suggestion_get(struct db *db, struct arena *a, int64_t id, struct role_suggestion *out, struct err *e);
/** Set pending suggestion @id to @state ("granted" or "dismissed"). ERR_NOTFOUND when it is not pending. */
int q_role_suggestion_decide(struct db *db, struct arena *a, int64_t id, const char *state, const char *now,
			     int64_t actor, struct err *e);

/**
 * The pending suggestions of roles the person does not hold yet, oldest
 * first, that @viewer (0: anyone) may decide: those on units the viewer
 * administers, and the installation-wide ones only for an installation-wide
 * administrator. @user_id (0: everyone's) narrows them to one person. A page
 * of @limit from @offset; *total gets how many there are.
 */
int q_role_suggestion_pending(struct db *db, struct arena *a, int64_t viewer, int64_t user_id, int64_t limit,
			      int64_t offset, struct role_suggestion **out, size_t *n, int64_t *total, struct err *e);

#endif
