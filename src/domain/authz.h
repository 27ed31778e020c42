/*
 * authz.h - roles, grants and who may do what where.
 *
 * A role is granted to a user on a unit (or on the whole installation when
 * the unit is NULL) and holds for that unit's whole subtree. Each route of
 * the server declares an access rule (enum access); authz_role_allows() is
 * the one table that says which roles satisfy which rule, following
 * domain.md: administrators may do everything, coordinators edit LIS
 * content, data protection officers and readers read, auditors read
 * everything including the audit trail and write nothing.
 */
#ifndef TILLIT_DOMAIN_AUTHZ_H
#define TILLIT_DOMAIN_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"

struct arena;
struct db;
struct err;

enum role { ROLE_NONE = 0, ROLE_ADMIN, ROLE_COORDINATOR, ROLE_DPO, ROLE_OWNER, ROLE_READER, ROLE_AUDITOR, ROLE_COUNT };

enum access {
	ACCESS_UNSET = 0, /* a route must never keep this */
	ACCESS_PUBLIC,    /* no login needed (login page, health, static files) */
	ACCESS_LOGIN,     /* any signed-in user (own account) */
	ACCESS_READ,      /* any role in scope */
	ACCESS_EDIT,      /* administrator or coordinator in scope (LIS content) */
	ACCESS_ADMIN,     /* administrator in scope (structure, users, settings) */
	ACCESS_AUDIT,     /* administrator or auditor in scope (audit trail) */
	ACCESS_OWN,       /* as ACCESS_EDIT, or the record's owner holding the owner role in scope */
	ACCESS_HANDLE,    /* administrator, coordinator or data protection officer in scope (incidents, breaches) */
	ACCESS_GDPR,      /* the register of processing: administrator, coordinator or data protection officer in
			   * scope, or the record's owner holding the owner role in scope */
	ACCESS_DPO,       /* administrator or data protection officer in scope */
};

struct grant {
	int64_t id;
	enum role role;
	int64_t unit_id;       /* 0: the whole installation */
	const char *unit_path; /* "/1/4/", NULL when unit_id is 0 */
	const char *unit_name;
};

/** The signed-in user of a request or a CLI command. */
struct auth {
	int64_t user_id;
	const char *username;
	const char *display_name;
	enum lang lang;
	struct grant *grants;
	size_t n_grants;
	int64_t session_id; /* 0 when signed in with an API token */
	const char *csrf;   /* the session's CSRF token */
	bool via_token;
	bool system; /* the installation itself (command line, demo loader): every right; user_id is 0 */
};

/**
 * The system acting under @name ("system (command line)"), for domain
 * calls that no signed-in user makes. Passing NULL instead acts as
 * "system". Either way every right holds and the audit trail names @name.
 * An initializer: static const struct auth cli = AUTH_SYSTEM("...");
 */
#define AUTH_SYSTEM(name)                                                  \
	{                                                                  \
		.username = (name), .display_name = (name), .system = true \
	}

/** Who did something, for the audit trail. */
struct actor {
	int64_t id;       /* 0 for the command line / system */
	const char *name; /* username, or "system" */
};

/** The actor of @a (or the system actor when @a is NULL). */
struct actor actor_of(const struct auth *a);

/** "administrator", "coordinator", ... as stored; NULL for ROLE_NONE. */
const char *role_name(enum role r);

/** Parse a stored role name; ROLE_NONE when unknown. */
enum role role_parse(const char *s);

/** The role's label as a message id ("Administrator"), for tr(). */
const char *role_label(enum role r);

/** True when role @r satisfies access rule @x. */
bool authz_role_allows(enum role r, enum access x);

/** True when @a holds a role satisfying @x on the unit whose path is @unit_path (or above it). */
bool authz_in_scope(const struct auth *a, enum access x, const char *unit_path);

/**
 * The roles @a holds over the unit at @unit_path, by name in a fixed order
 * and comma-separated ("coordinator,owner"), "system" for the system, ""
 * for none. Lives in @ar.
 */
const char *authz_roles_in_scope(struct arena *ar, const struct auth *a, const char *unit_path);

/**
 * May @a change a record in the unit at @unit_path whose owner is
 * @owner_id? Administrators and coordinators in scope may; so may the
 * owner themself when they hold the owner role in scope.
 */
bool authz_may_edit_owned(const struct auth *a, const char *unit_path, int64_t owner_id);

/** True for the rules that also let a record's owner through (ACCESS_OWN, ACCESS_GDPR). */
bool authz_owner_rule(enum access x);

/**
 * May @a change a record in the unit at @unit_path owned by @owner_id under
 * the owner rule @x: a role satisfying @x in scope (ACCESS_EDIT for
 * ACCESS_OWN), or the owner themself holding the owner role in scope.
 */
bool authz_may_edit_as(const struct auth *a, enum access x, const char *unit_path, int64_t owner_id);

/**
 * May @a make a record refer to a second record, in the unit at @unit_path
 * and owned by @owner_id, under access rule @x (ACCESS_OWN: editable by
 * them, as authz_may_edit_owned())? The system and the command line (@a
 * NULL) always may. Domain write functions call this inside their
 * transaction for every record they touch besides the one the route named:
 * a move's destination, a link's target, the unit of a new record. It is
 * the one place that decides rights over a second record.
 */
bool authz_may_reference(const struct auth *a, enum access x, const char *unit_path, int64_t owner_id);

/**
 * What a route's scope function read about the record a request is about:
 * the unit it belongs to (and that unit's path), its owner, and the record
 * itself, so the handler never reads the same row again. One scope
 * function per record kind, beside its domain code (asset_scope(),
 * unit_scope(), ...), serves the page and the API route alike.
 */
struct scope {
	const char *kind;      /* the record's kind ("asset", "unit", ...), NULL when none was read */
	const void *record;    /* the record (struct asset *, ...), in the request's arena */
	int64_t unit_id;       /* 0: the whole installation (installation-wide grants only) */
	const char *unit_path; /* the unit's path "/1/4/", NULL when unit_id is 0 */
	int64_t owner_id;      /* the record's owner for ACCESS_OWN, 0 when it has none */
};

/**
 * Reads the record @id of one kind into @s (record in @a). ERR_NOTFOUND when
 * it does not exist. Every record kind has one, beside its domain code.
 */
typedef int (*scope_reader)(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/*
 * The scope function @name of a record kind whose struct @type has unit_id
 * and unit_path: reads record @id with @get_fn (the module's <record>_get(),
 * which words ERR_NOTFOUND) into the request's arena and reports it as
 * @kind. SCOPE_READER_OWNED names the member that holds its owner, for
 * ACCESS_OWN; a kind that has none reports 0.
 *
 *	SCOPE_READER_OWNED(asset_scope, struct asset, asset_get, "asset", owner_id)
 */
#define SCOPE_READ_(name, type, get_fn, kind, owner_expr)                                      \
	int name(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)   \
	{                                                                                      \
		type *rec_ = arena_calloc(a, 1, sizeof(*rec_));                                \
		int rc_ = get_fn(db, a, id, rec_, e);                                          \
		if (rc_)                                                                       \
			return rc_;                                                            \
		*s = (struct scope){ kind, rec_, rec_->unit_id, rec_->unit_path, owner_expr }; \
		return 0;                                                                      \
	}
#define SCOPE_READER_OWNED(name, type, get_fn, kind, owner) SCOPE_READ_(name, type, get_fn, kind, rec_->owner)
#define SCOPE_READER(name, type, get_fn, kind)              SCOPE_READ_(name, type, get_fn, kind, 0)

/** The record a scope function read, which must be of @kind (a bug otherwise). */
const void *scope_record(const struct scope *s, const char *kind);

/** True when @a holds a role satisfying @x anywhere. */
bool authz_anywhere(const struct auth *a, enum access x);

/** True when @a holds a role satisfying @x for the whole installation. */
bool authz_global(const struct auth *a, enum access x);

#endif
