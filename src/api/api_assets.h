/*
 * api_assets.h - /api/v1/assets and /api/v1/asset-links (api_assets.c):
 * the asset register as JSON, following the conventions of api.h.
 */
#ifndef TILLIT_API_API_ASSETS_H
#define TILLIT_API_API_ASSETS_H

#include <stdint.h>

#include "http/req.h"

/** GET /api/v1/assets: the list envelope; filters as in asset_filter_parse(), plus limit and offset. */
int api_assets_list(struct req *r);
/**
 * GET /api/v1/assets/choices?q=: the assets the caller sees that the search
 * q finds (as the list's, with its filters), 20 unless a limit is given (at
 * most 100), each with the label an asset field of the pages takes ("Name
 * (Unit)"); none without q.
 */
int api_assets_choices(struct req *r);
/** POST /api/v1/assets: 201 with the asset, its ETag and Location. */
int api_assets_create(struct req *r);
/** GET /api/v1/assets/{id}: the asset; the ETag carries its version. */
int api_assets_get(struct req *r);
/** PATCH /api/v1/assets/{id}: members sent change; needs the version; 409 with "current" when stale. */
int api_assets_update(struct req *r);
/** GET /api/v1/assets/{id}/links: {"dependencies":[...],"dependants":[...]}. */
int api_asset_links_list(struct req *r);
/** POST /api/v1/assets/{id}/links {to_id, kind}: 201 with the dependency. */
int api_asset_links_create(struct req *r);
/** DELETE /api/v1/asset-links/{id}: 204. */
int api_asset_links_delete(struct req *r);

#endif
