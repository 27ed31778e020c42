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

struct unit {
	int64_t id;
	int64_t parent_id; /* 0 for an organisation */
	const char *path;
	const char *kind;
	const char *name;
	const char *code;
	const char *case_prefix;
	const char *contact;
	int64_t version;
	const char *created_at;
	const char *updated_at;
	const char *parent_name;
};

/** What a person may set on a unit. Strings may be NULL (empty). */
struct unit_input {
	int64_t parent_id;
	const char *kind;
	const char *name;
	const char *code;
	const char *case_prefix;
	const char *contact;
};

struct unit_move {
	int64_t id;
	int64_t from_id, to_id;
	const char *from_name, *to_name;
	const char *reason;
	const char *by;
	const char *at;
};

struct unit_filter {
	int64_t viewer_id; /* only units this user sees; 0 = all */
	const char *kind;  /* NULL: any */
	int64_t parent_id; /* 0: any, -1: roots only */
	const char *q;     /* name or code contains */
	int64_t limit;     /* 1..1000, default 100 */
	int64_t offset;
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

/** A page of units in path order, and the total matching. Results live in @a. */
int unit_list(struct db *db, struct arena *a, const struct unit_filter *f, struct unit **out, size_t *n, int64_t *total,
	      struct err *e);

/** Create a unit (recorded in the audit trail). *id_out gets its id. */
int unit_create(struct db *db, struct arena *a, struct actor actor, const struct unit_input *in, int64_t *id_out,
		struct err *e);

/**
 * Change kind, name, code, case prefix and contact (not the parent: see
 * unit_move). ERR_CONFLICT when @version is not the stored version; then
 * *current (if not NULL) holds the stored unit.
 */
int unit_update(struct db *db, struct arena *a, struct actor actor, int64_t id, int64_t version,
		const struct unit_input *in, struct unit *current, struct err *e);

/**
 * Move a unit and its subtree under @new_parent, recording why. Refuses a
 * move into its own subtree, moving an organisation, and a stale version.
 */
int unit_move(struct db *db, struct arena *a, struct actor actor, int64_t id, int64_t version, int64_t new_parent,
	      const char *reason, struct unit *current, struct err *e);

/** The recorded moves of a unit, newest first. Results live in @a. */
int unit_moves(struct db *db, struct arena *a, int64_t id, struct unit_move **out, size_t *n, struct err *e);

/** Write @u as a JSON object (the API representation and audit snapshot). */
void unit_json(struct json *j, const struct unit *u);

/** @u as JSON text. Result lives in @a. */
const char *unit_json_text(struct arena *a, const struct unit *u);

/** Number of units in the installation (to tell an empty database). */
int unit_count_all(struct db *db, struct arena *a, int64_t *n, struct err *e);

#endif
