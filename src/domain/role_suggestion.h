/*
 * role_suggestion.h - roles suggested by an identity provider's groups
 * claim, never granted without an administrator.
 *
 * A provider may name the claim of its ID token that lists a person's
 * groups (oidc_provider_set_groups_claim()) and which group suggests which
 * role on which unit (group_role_add()). When someone signs in through it
 * carrying a mapped group but lacking the role there,
 * role_suggestion_note_in_tx() records a pending suggestion, once per
 * person, role and unit; a pending one whose group no longer comes with the
 * sign-in is withdrawn. An administrator of the unit (of the installation,
 * for an installation-wide role) then grants it, through grant_add() and
 * its audit entry, or dismisses it; a dismissed suggestion is not made
 * again. Every step is an audit entry of entity "role_suggestion".
 */
#ifndef TILLIT_DOMAIN_ROLE_SUGGESTION_H
#define TILLIT_DOMAIN_ROLE_SUGGESTION_H

#include <stddef.h>
#include <stdint.h>

#include "db/q_role_suggestion.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;
struct task;

/* --- which group suggests which role (part of a provider's configuration) --- */

/**
 * Let @group of the provider @slug suggest @role on the unit with the
 * short code @unit_code (NULL or "": the whole installation). ERR_NOTFOUND
 * naming "slug"; ERR_INVALID naming "group", "role" or "unit"; ERR_EXISTS
 * naming "group" when the provider has that mapping already.
 */
int group_role_add(struct db *db, struct arena *a, const struct auth *auth, const char *slug, const char *group,
		   const char *role, const char *unit_code, struct err *e);

/** Remove that mapping, and the pending suggestions it made. ERR_NOTFOUND naming "slug" or "group". */
int group_role_remove(struct db *db, struct arena *a, const struct auth *auth, const char *slug, const char *group,
		      const char *role, const char *unit_code, struct err *e);

/** The mappings of provider @provider_id (0: of every provider). Results live in @a. */
int group_role_list(struct db *db, struct arena *a, int64_t provider_id, struct group_role **out, size_t *n,
		    struct err *e);

/* --- suggestions --- */

/**
 * At sign-in through provider @provider_id, inside the sign-in's
 * transaction: the person @user_id came with the groups @groups (@n of
 * them). Suggests each mapped role they lack (unless suggested before),
 * and withdraws this provider's pending suggestions whose group is gone.
 * Grants nothing.
 */
int role_suggestion_note_in_tx(struct db *db, struct arena *a, int64_t user_id, int64_t provider_id,
			       const char *const *groups, size_t n, struct err *e);

int role_suggestion_get(struct db *db, struct arena *a, int64_t id, struct role_suggestion *out, struct err *e);

/** Scope function: the suggestion @id (kind "role_suggestion"), in its unit (0: the whole installation). */
int role_suggestion_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** May @auth decide @s? An administrator of its unit, or of the installation for an installation-wide role. */
bool role_suggestion_may_decide(const struct auth *auth, const struct role_suggestion *s);

/**
 * The pending suggestions @auth may decide, of roles not held yet, oldest
 * first; @user_id (0: everyone's) narrows them to one person. A page of
 * @limit from @offset; *total how many there are.
 */
int role_suggestion_pending(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t limit,
			    int64_t offset, struct role_suggestion **out, size_t *n, int64_t *total, struct err *e);

/**
 * Task source for "Mina uppgifter" (tasks.h): for an administrator, the
 * suggestions waiting for their decision, linked to each person's page.
 */
int role_suggestion_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
			  struct task **out, size_t *n, struct err *e);

/**
 * Grant the role of pending suggestion @id with grant_add() (its checks
 * and audit entry); *grant_id gets the role assignment. ERR_NOTFOUND
 * naming "id"; ERR_CONFLICT when it was decided already; grant_add()'s
 * errors (ERR_FORBIDDEN, ERR_EXISTS when the role is held already).
 */
int role_suggestion_grant(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t *grant_id,
			  struct err *e);

/** Dismiss pending suggestion @id: it is not made again. Errors as role_suggestion_grant(). */
int role_suggestion_dismiss(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct err *e);

void role_suggestion_json(struct json *j, const struct role_suggestion *s);
void group_role_json(struct json *j, const struct group_role *m);

#endif
