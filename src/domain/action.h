/*
 * action.h - tracked actions (åtgärder): the minimal record the action-plan
 * module will extend.
 *
 * An action belongs to a unit, has a title, a description, a status on the
 * scale of the action-plan seeds (Ej påbörjad, Påbörjad, Delvis påbörjad,
 * Pågår, Genomförd), a responsible person and a due date. One made from a
 * requirement that an asset does not meet also names the asset and the
 * requirement; action_create_from_requirement() does that in one step and
 * links the action from the asset's requirement row. Every change is
 * versioned and audited.
 */
#ifndef TILLIT_DOMAIN_ACTION_H
#define TILLIT_DOMAIN_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

#define ACTION_STATUS_COUNT 5
/** "not_started", "started", "partly_started", "ongoing", "done" and their label message ids. */
extern const char *const action_statuses[ACTION_STATUS_COUNT];
extern const char *const action_status_labels[ACTION_STATUS_COUNT];

/** The label message id of status @s, or @s when unknown. */
const char *action_status_label(const char *s);

struct action {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *title;
	const char *description;
	const char *status;
	int64_t responsible_id; /* 0 = none */
	const char *responsible_name;
	const char *due_date; /* YYYY-MM-DD or NULL */
	int64_t asset_id;     /* 0 = none */
	const char *asset_name;
	int64_t requirement_id; /* 0 = none */
	const char *requirement_code;
	const char *requirement_title;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person changes on an action. Strings may be NULL (empty). */
struct action_input {
	const char *title;
	const char *description;
	const char *status;
	int64_t responsible_id; /* 0 = none */
	const char *due_date;   /* "" / NULL = none */
};

struct action_filter {
	int64_t viewer_id;  /* only actions in units this user sees; 0 = all */
	int64_t unit_id;    /* only this unit's subtree; 0 = all */
	const char *status; /* NULL = any */
	int64_t asset_id;   /* 0 = any */
	int64_t limit;      /* 1..10000, default 50 */
	int64_t offset;
};

/** A person who could be responsible: someone holding a role on the unit or above it. */
struct action_person {
	int64_t id;
	const char *name;
};

int action_get(struct db *db, struct arena *a, int64_t id, struct action *out, struct err *e);

/** Scope function: the action @id (kind "action"), in its unit; its responsible person counts as its owner. */
int action_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** A page of actions, due date first (none last), and the total matching. Results live in @a. */
int action_list(struct db *db, struct arena *a, const struct action_filter *f, struct action **out, size_t *n,
		int64_t *total, struct err *e);

/** ERR_CONFLICT on a stale @version, with *current (if not NULL) set. ERR_INVALID naming the field. */
int action_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		  const struct action_input *in, struct action *current, struct err *e);

/**
 * Turn requirement @requirement_id, assessed "ej uppfylld" or "delvis" for
 * asset @asset_id, into an action in one step: unit = the asset's unit, title
 * from the requirement, a description (in @lang) naming the asset and the
 * requirement, status not started, responsible = the asset's owner; the
 * asset's requirement row then links it. ERR_INVALID (field "status") when
 * the requirement is not assessed as unfulfilled, ERR_EXISTS (field
 * "action_id") when it already has an action. Audited.
 */
int action_create_from_requirement(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				   int64_t asset_id, int64_t requirement_id, int64_t *id_out, struct err *e);

/** People who hold a role on unit @unit_id or above it (candidates for responsible). Results live in @a. */
int action_people(struct db *db, struct arena *a, int64_t unit_id, struct action_person **out, size_t *n,
		  struct err *e);

void action_json(struct json *j, const struct action *ac);
const char *action_json_text(struct arena *a, const struct action *ac);

#endif
