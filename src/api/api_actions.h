/*
 * api_actions.h - /api/v1/actions and making an action of an unfulfilled
 * requirement (api_actions.c), following the conventions of api_common.h.
 *
 * The routes about one action are scoped by action_scope (its unit; its
 * responsible person counts as its owner); making one from a requirement
 * is scoped by asset_scope, which names the asset's owner for ACCESS_OWN.
 */
#ifndef TILLIT_API_API_ACTIONS_H
#define TILLIT_API_API_ACTIONS_H

#include "http/req.h"

/** GET /api/v1/actions: the list envelope; filters as in action_filter_parse(), plus limit and offset. */
int api_actions_list(struct req *r);
/** GET /api/v1/actions/{id}: the action; the ETag carries its version. */
int api_actions_get(struct req *r);
/** PATCH /api/v1/actions/{id}: members sent change; needs the version; 409 with "current" when stale. */
int api_actions_update(struct req *r);
/** POST /api/v1/assets/{id}/requirements/{rid}/action: 201 with the new action and its Location. */
int api_asset_requirement_action(struct req *r);

#endif
