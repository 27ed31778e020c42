/*
 * audit.h - the audit trail: who changed what, when, before and after.
 *
 * Every write in Tillit appends one entry inside the same transaction as the
 * change itself, so a change and its record commit or fail together. Entries
 * are chained: each entry's hash is SHA-256 over its own fields and the
 * previous entry's hash, and audit_head holds the newest id and hash, so any
 * entry altered, removed or inserted afterwards is found by audit_verify().
 */
#ifndef TILLIT_DOMAIN_AUDIT_H
#define TILLIT_DOMAIN_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"

struct arena;
struct db;
struct err;

struct audit_entry {
	int64_t id;
	const char *at;
	int64_t actor_id;
	const char *actor_name;
	const char *entity; /* "unit", "user", "role_assignment", "api_token", ... */
	int64_t entity_id;
	int64_t unit_id;       /* owning unit for scope, 0 when none */
	const char *unit_name; /* that unit's name when it still exists; set by audit_get_visible() only */
	const char *action;    /* "create", "update", "move", "delete", "login", ... */
	const char *before;    /* JSON text or NULL */
	const char *after;     /* JSON text or NULL */
	const char *prev_hash;
	const char *hash;
};

struct audit_filter {
	const char *entity; /* NULL: any */
	int64_t entity_id;  /* 0: any */
	int64_t actor_id;   /* 0: any */
	const char *action; /* NULL: any */
	const char *from;   /* "YYYY-MM-DD" inclusive, or NULL */
	const char *to;     /* "YYYY-MM-DD" inclusive, or NULL */
	int64_t viewer_id;  /* restrict to entries this user may see; 0 = no restriction */
	int64_t limit;      /* page size (1..500) */
	int64_t offset;
};

/**
 * Append an entry. Must run inside the caller's open transaction (it locks
 * audit_head). @before/@after are JSON texts or NULL. Returns 0 or an error.
 */
int audit_append(struct db *db, struct arena *a, struct actor actor, const char *entity, int64_t entity_id,
		 int64_t unit_id, const char *action, const char *before, const char *after, struct err *e);

/**
 * Check the whole chain. Returns 0 when intact (*n_checked entries), or
 * ERR_INVALID with *bad_id the first entry that does not verify (0 when the
 * head itself is wrong) and a message id in @e saying what is wrong.
 */
int audit_verify(struct db *db, struct arena *a, int64_t *n_checked, int64_t *bad_id, struct err *e);

/** One page of entries, newest first, and the total matching. Results live in @a. */
int audit_list(struct db *db, struct arena *a, const struct audit_filter *f, struct audit_entry **out, size_t *n,
	       int64_t *total, struct err *e);

/** One entry. ERR_NOTFOUND when absent. */
int audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e);

/**
 * The entry @id when @auth may read it: an auditor or administrator in the
 * scope of the entry's unit, or installation-wide when the entry names no
 * unit or its unit is gone. ERR_NOTFOUND otherwise, as if it did not exist.
 */
int audit_get_visible(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct audit_entry *out,
		      struct err *e);

/** The hash an entry should have (hex, 64 chars). Result lives in @a. */
const char *audit_hash(struct arena *a, const struct audit_entry *en);

#endif
