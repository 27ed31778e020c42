/*
 * unit.h - organisation units: the tree every module hangs its records on.
 *
 * organisation (kommun/region) -> board (nämnd/styrelse) -> administration,
 * company or federation -> unit. An organisation is always a root and
 * nothing else is. Units are created, edited and moved, never silently
 * re-parented: a move is recorded in unit_moves and the audit trail. Every
 * edit carries the version the user saw; a stale edit is refused with
 * ERR_CONFLICT and the current record.
 */
#ifndef TILLIT_DOMAIN_UNIT_H
#define TILLIT_DOMAIN_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "db/q_unit.h"
#include "domain/authz.h"

struct arena;
struct buf;
struct db;
struct err;
struct json;

enum unit_kind {
	UNIT_ORGANISATION,
	UNIT_BOARD,
	UNIT_ADMINISTRATION,
	UNIT_COMPANY,
	UNIT_FEDERATION,
	UNIT_UNIT,
	UNIT_KIND_COUNT
};

/** Stored kind names, in tree order. */
extern const char *const unit_kinds[UNIT_KIND_COUNT];

/** Message ids of the kinds' labels, in the order of unit_kinds. */
extern const char *const unit_kind_labels[UNIT_KIND_COUNT];

/** Message id of a kind's label ("Board"); "" when unknown. */
const char *unit_kind_label(const char *kind);

/** Kind index, or -1 when unknown. */
int unit_kind_parse(const char *kind);

/** Read one unit. ERR_NOTFOUND when absent. Strings live in @a. */
int unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out, struct err *e);

/**
 * The path of unit @id for a list filtered to its subtree: NULL for 0 (no
 * filter), ERR_INVALID naming "unit_id" when there is no such unit.
 * Result lives in @a.
 */
int unit_subtree(struct db *db, struct arena *a, int64_t id, const char **path, struct err *e);

/** Scope function: the unit @id itself (kind "unit", record struct unit). ERR_NOTFOUND when absent. */
int unit_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The unit a record of a module's write is put in or moved to, and the rules of that. */
struct unit_target {
	int64_t unit_id;          /* the unit asked for; 0 is refused with @missing */
	int64_t current_id;       /* the record's unit now; 0 for a new record */
	const char *current_name; /* given back unread when the record stays in its unit */
	const char *current_path;
	enum access access; /* the right needed in the unit (ACCESS_OWN with @owner_id) */
	int64_t owner_id;
	const char *missing;      /* message ids: no unit given, */
	const char *refused;      /* a new record where the roles do not reach, */
	const char *refused_move; /* a move there (NULL: "Your roles do not give access to the destination unit.") */
};

/*
 * The first members of a unit_target for record @before (NULL: a new one)
 * put in unit @to: { UNIT_TARGET_OF(in->unit_id, before), .access = ..., ... }.
 */
#define UNIT_TARGET_OF(to, before)                                       \
	.unit_id = (to), .current_id = (before) ? (before)->unit_id : 0, \
	.current_name = (before) ? (before)->unit_name : NULL, .current_path = (before) ? (before)->unit_path : NULL

/**
 * Check the unit of @t for a write by @auth: the record's own unit is kept
 * unread; another is read (ERR_INVALID naming "unit_id" when there is none)
 * and must allow @t->access (authz_may_reference(); ERR_FORBIDDEN naming
 * "unit_id" otherwise). *name and *path get the unit's name and path.
 */
int unit_target_check(struct db *db, struct arena *a, const struct auth *auth, const struct unit_target *t,
		      const char **name, const char **path, struct err *e);

/** A page of units in path order, and the total matching. Results live in @a. */
int unit_list(struct db *db, struct arena *a, const struct unit_filter *f, struct unit **out, size_t *n, int64_t *total,
	      struct err *e);

/**
 * The top of the tree @auth sees, a page of @limit (1..1000) from @offset by
 * name, each unit with how many units are below it: the units their grants
 * start from (a grant below another of theirs is not a top), or the
 * organisations for a grant on the whole installation. *total is how many
 * tops there are. Results live in @a.
 */
int unit_tops(struct db *db, struct arena *a, const struct auth *auth, int64_t limit, int64_t offset,
	      struct unit_branch **out, size_t *n, int64_t *total, struct err *e);

/**
 * The units directly below @parent_id, a page of @limit (1..1000) from
 * @offset by name, each with how many units are below it; *total (when not
 * NULL) is how many there are. Results live in @a.
 */
int unit_children(struct db *db, struct arena *a, int64_t parent_id, int64_t limit, int64_t offset,
		  struct unit_branch **out, size_t *n, int64_t *total, struct err *e);

/** The units below @u (not @u), in path order, at most @limit (1..1000). Results live in @a. */
int unit_subtree_list(struct db *db, struct arena *a, const struct unit *u, int64_t limit, struct unit **out, size_t *n,
		      struct err *e);

/** The input that keeps @u as it is: the start of an edit form or of a PATCH. */
struct unit_input unit_input_of(const struct unit *u);

/**
 * Create a unit (recorded in the audit trail) as @auth (NULL: the system).
 * Under a parent, @auth must be an administrator there (ERR_FORBIDDEN
 * naming parent_id); an organisation needs an installation-wide one.
 * *id_out gets its id.
 */
int unit_create(struct db *db, struct arena *a, const struct auth *auth, const struct unit_input *in, int64_t *id_out,
		struct err *e);

/**
 * Change kind, name, code, case prefix and contact of @before (as read by
 * the route's scope; not the parent: see unit_move). ERR_CONFLICT when
 * @version is not the stored version; then *current (if not NULL) holds
 * the stored unit.
 */
int unit_update(struct db *db, struct arena *a, const struct auth *auth, const struct unit *before, int64_t version,
		const struct unit_input *in, struct unit *current, struct err *e);

/**
 * Move @before and its subtree under @new_parent, recording why. Refuses a
 * move into its own subtree, moving an organisation, a destination where
 * @auth is not an administrator (ERR_FORBIDDEN naming parent_id), and a
 * stale version (ERR_CONFLICT with *current).
 */
int unit_move(struct db *db, struct arena *a, const struct auth *auth, const struct unit *before, int64_t version,
	      int64_t new_parent, const char *reason, struct unit *current, struct err *e);

/** The recorded moves of a unit, newest first. Results live in @a. */
int unit_moves(struct db *db, struct arena *a, int64_t id, struct unit_move **out, size_t *n, struct err *e);

/** Write @u as a JSON object (the API representation and audit snapshot). */
void unit_json(struct json *j, const struct unit *u);

/** Write @b as unit_json() does its unit, with "units_below": how many units are below it. */
void unit_branch_json(struct json *j, const struct unit_branch *b);

/** @u as JSON text. Result lives in @a. */
const char *unit_json_text(struct arena *a, const struct unit *u);

/** Number of units in the installation (to tell an empty database). */
int unit_count_all(struct db *db, struct arena *a, int64_t *n, struct err *e);

/**
 * How many units @viewer_id (0: anyone) sees, counted no further than @at_most (*n is then @at_most): whether a
 * field or tree can list them all, without reading them. Kept per data version.
 */
int unit_count_seen(struct db *db, struct arena *a, int64_t viewer_id, int64_t at_most, int64_t *n, struct err *e);

/** The organisation (root unit) id of the unit at @path ("/1/4/9/" gives 1); 0 when malformed. */
int64_t unit_org_of(const char *path);

/**
 * How a unit is named where it is chosen by typing: "Name (Organisation)",
 * or its name alone for an organisation. Lives in @a.
 */
const char *unit_choice_label(struct db *db, struct arena *a, const struct unit *u);

/**
 * The unit that @text names among those @viewer_id sees (0: all): a label
 * of unit_choice_label(), or a name alone, compared without regard to case
 * or surrounding space. *id_out is its id when exactly one unit matches,
 * else 0; *n_match says how many did (0: none, 2 or more: say which).
 */
int unit_find_choice(struct db *db, struct arena *a, int64_t viewer_id, const char *text, int64_t *id_out,
		     size_t *n_match, struct err *e);

/**
 * Put @n units (each unit's parent, when among them, before it) in tree
 * order with the children of each unit in Swedish alphabetical order
 * (str_sv_cmp()), the units whose parent is not among them first. Works in
 * @a.
 */
void unit_order_sv(struct arena *a, struct unit *u, size_t n);

#endif
