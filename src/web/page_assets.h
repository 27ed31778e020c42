/*
 * page_assets.h - the HTML pages of the asset register (page_assets.c):
 * the filtered list, the create and edit forms, an asset's page with its
 * dependencies in both directions, and adding and removing dependencies.
 *
 * The pages about one asset are scoped by asset_scope (a dependency by
 * asset_link_scope, its "from" asset), which names the unit and the
 * asset's owner, so the router can apply ACCESS_OWN: administrators and
 * coordinators in scope, or the asset's owner holding the owner role in
 * scope. Other page families about one asset (classification,
 * requirements) use asset_scope too.
 */
#ifndef TILLIT_WEB_PAGE_ASSETS_H
#define TILLIT_WEB_PAGE_ASSETS_H

#include <stdint.h>

#include "http/req.h"

/** GET /assets: filters, search, sort, paging, export links. */
int page_assets(struct req *r);
/** GET /assets/new (?unit_id= preselects the unit; 403 when the user may not create there). */
int page_asset_new(struct req *r);
/** POST /assets: create; the form comes back (400) naming the field and keeping the input. */
int page_asset_create(struct req *r);
/** GET /assets/:id: details, classification summary, dependencies both ways. */
int page_asset(struct req *r);
/** GET /assets/:id/edit */
int page_asset_edit(struct req *r);
/** POST /assets/:id/edit: save with the version seen; 409 shows the other person's version. */
int page_asset_update(struct req *r);
/** POST /assets/:id/links: add a dependency (to_id, kind). */
int page_asset_link_add(struct req *r);
/** POST /assets/:id/information-sets: a new information set the asset holds, made from its page. */
int page_asset_set_add(struct req *r);
/** POST /asset-links/:id/delete: remove a dependency. */
int page_asset_link_delete(struct req *r);

#endif
