/*
 * api_requirements.h - /api/v1/requirements, requirement fulfilment per
 * asset and /api/v1/actions (api_requirements.c).
 *
 * The library is installation-wide: reading needs any role, changing it an
 * installation-wide administrator (router_scope_global). Per asset the
 * routes use api_scope_asset_arg (api_assets.h), which names the asset's
 * owner for ACCESS_OWN; actions use api_scope_action_arg.
 */
#ifndef TILLIT_API_API_REQUIREMENTS_H
#define TILLIT_API_API_REQUIREMENTS_H

#include <stdint.h>

#include "http/req.h"

int api_requirements_list(struct req *r);
int api_requirements_create(struct req *r);
int api_requirements_get(struct req *r);
int api_requirements_update(struct req *r);
/** POST /api/v1/requirements/import?dry_run=true: the CSV file is the body. */
int api_requirements_import(struct req *r);

int api_asset_requirements_list(struct req *r);
int api_asset_requirement_update(struct req *r);
int api_asset_requirement_action(struct req *r);

int api_actions_list(struct req *r);
int api_actions_get(struct req *r);
int api_actions_update(struct req *r);

#endif
