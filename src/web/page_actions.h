/*
 * page_actions.h - the HTML pages of tracked actions (page_actions.c): the
 * list in the user's scope, an action's page and its edit form.
 *
 * The pages about one action are scoped by action_scope (its unit; its
 * responsible person counts as its owner) and take the action from
 * r->scope. An action is made from an unfulfilled requirement on the
 * requirement's page (page_requirements.h).
 */
#ifndef TILLIT_WEB_PAGE_ACTIONS_H
#define TILLIT_WEB_PAGE_ACTIONS_H

#include "http/req.h"

/** GET /actions: actions in the user's scope, filtered by ?status=, ?unit_id= and ?asset_id=. */
int page_actions(struct req *r);
/** GET /actions/:id */
int page_action(struct req *r);
/** GET /actions/:id/edit */
int page_action_edit(struct req *r);
/** POST /actions/:id/edit: save with the version seen; 409 shows the other version. */
int page_action_update(struct req *r);

#endif
