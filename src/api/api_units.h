/*
 * api_units.h - /api/v1/units: the organisation tree as JSON.
 */
#ifndef TILLIT_API_API_UNITS_H
#define TILLIT_API_API_UNITS_H

#include "http/req.h"

int api_units_list(struct req *r);
/** GET /api/v1/units/choices?q=: the units whose name or code holds q, each with the label a unit field takes. */
int api_units_choices(struct req *r);
/** GET /api/v1/units/top: the units the caller's grants start from, each with how many units are below it. */
int api_units_top(struct req *r);
/** GET /api/v1/units/{id}/children: the units directly below a unit, each with how many units are below it. */
int api_units_children(struct req *r);
int api_units_create(struct req *r);
int api_units_get(struct req *r);
int api_units_update(struct req *r);
int api_units_move(struct req *r);
int api_units_moves(struct req *r);

#endif
