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
 * versioned and audited. The record structs are in db/q_action.h.
 */
#ifndef TILLIT_DOMAIN_ACTION_H
#define TILLIT_DOMAIN_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_action.h"
#include "domain/authz.h"

struct arena;
struct asset;
struct db;
struct err;
struct json;

#define ACTION_STATUS_COUNT 5
/** "not_started", "started", "partly_started", "ongoing", "done" and their label message ids. */
extern const char *const action_statuses[ACTION_STATUS_COUNT];
extern const char *const action_status_labels[ACTION_STATUS_COUNT];

/** The label message id of status @s, or @s when unknown. */
const char *action_status_label(const char *s);

int action_get(struct db *db, struct arena *a, int64_t id, struct action *out, struct err *e);

/** Scope function: the action @id (kind "action"), in its unit; its responsible person counts as its owner. */
int action_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, so the list page and the API share
 * one vocabulary: unit_id and asset_id (whole numbers), status. @get
 * returns the value of an argument or NULL; an empty value counts as
 * absent. viewer_id, limit and offset are not read. ERR_INVALID naming the
 * argument when a value is not allowed.
 */
int action_filter_parse(struct action_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			struct err *e);

/** A page of actions, due date first (none last), and the total matching. Results live in @a. */
int action_list(struct db *db, struct arena *a, const struct action_filter *f, struct action **out, size_t *n,
		int64_t *total, struct err *e);

/** The input that keeps @ac as it is: the start of an edit form or of a PATCH. */
struct action_input action_input_of(const struct action *ac);

/**
 * Change @before (as read by the route's scope) to @in as @auth.
 * ERR_INVALID naming the field; ERR_CONFLICT on a stale @version, with
 * *current (if not NULL) set to the stored action.
 */
int action_update(struct db *db, struct arena *a, const struct auth *auth, const struct action *before, int64_t version,
		  const struct action_input *in, struct action *current, struct err *e);

/**
 * Turn requirement @requirement_id, assessed "ej uppfylld" or "delvis" for
 * asset @as (as read by the route's scope), into an action in one step:
 * unit = the asset's unit (which @auth must be able to edit the asset in),
 * title from the requirement, a description (in @lang) naming the asset
 * and the requirement, status not started, responsible = the asset's
 * owner; the asset's requirement row then links it. ERR_INVALID (field
 * "status") when the requirement is not assessed as unfulfilled,
 * ERR_EXISTS (field "action_id") when it already has an action. Audited.
 */
int action_create_from_requirement(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				   const struct asset *as, int64_t requirement_id, int64_t *id_out, struct err *e);

/** People who hold a role on the unit at @unit_path or above it (candidates for responsible). Results live in @a. */
int action_people(struct db *db, struct arena *a, const char *unit_path, struct action_person **out, size_t *n,
		  struct err *e);

void action_json(struct json *j, const struct action *ac);
const char *action_json_text(struct arena *a, const struct action *ac);

#endif
