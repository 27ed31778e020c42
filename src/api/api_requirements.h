/*
 * api_requirements.h - /api/v1/requirements and requirement fulfilment per
 * asset (api_requirements.c), following the conventions of api_common.h.
 *
 * The library is installation-wide: reading needs any role, changing it an
 * installation-wide administrator (SCOPE_INSTALLATION). Per asset the
 * routes are scoped by asset_scope, which names the asset's owner for
 * ACCESS_OWN.
 */
#ifndef TILLIT_API_API_REQUIREMENTS_H
#define TILLIT_API_API_REQUIREMENTS_H

#include <stdint.h>

#include "http/req.h"

/** GET /api/v1/requirements: the list envelope; filters as in requirement_filter_parse(), plus limit and offset. */
int api_requirements_list(struct req *r);
/** POST /api/v1/requirements: 201 with the requirement, its ETag and Location. */
int api_requirements_create(struct req *r);
/** GET /api/v1/requirements/{id}: the requirement; the ETag carries its version. */
int api_requirements_get(struct req *r);
/** PATCH /api/v1/requirements/{id}: members sent change; needs the version; 409 with "current" when stale. */
int api_requirements_update(struct req *r);
/** POST /api/v1/requirements/import?dry_run=true: the CSV file is the body. */
int api_requirements_import(struct req *r);

/** GET /api/v1/assets/{id}/requirements: the applicable requirements and their fulfilment. */
int api_asset_requirements_list(struct req *r);
/** PATCH /api/v1/assets/{id}/requirements/{rid}: status, comment, evidence_url; version 0 when never assessed. */
/* PATCH /api/v1/assets/:id/requirements: assess several requirements at once, all or nothing. */
int api_asset_requirements_update(struct req *r);
int api_asset_requirement_update(struct req *r);

#endif
