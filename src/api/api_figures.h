/*
 * api_figures.h - /api/v1/figures: the follow-up figures as JSON
 * (api_figures.c).
 */
#ifndef TILLIT_API_API_FIGURES_H
#define TILLIT_API_API_FIGURES_H

#include <stdint.h>

#include "http/req.h"

/** GET /api/v1/figures/classified?unit_id=&date=: {unit_id, unit_name, date, classified, total, share}. */
int api_figures_classified(struct req *r);

/** GET /api/v1/figures/classified/series?unit_id=&quarters=8&date=: {unit_id, unit_name, quarters, points:[...]}. */
int api_figures_series(struct req *r);

/** GET /api/v1/figures/overdue?unit_id=: the assets due for review, as a paged list. */
int api_figures_overdue(struct req *r);

/**
 * Scope: the unit named by the query argument "unit_id", which is
 * required (ERR_INVALID naming "unit_id" when missing or malformed).
 */
int api_scope_figures_unit(struct req *r, struct scope *s);

/**
 * Scope: the unit named by "unit_id" when given (as api_scope_figures_unit);
 * when missing, the request is about the viewer's own scope, so it names
 * a unit the viewer holds a role on (0 when one of their roles holds for
 * the whole installation); the handler then lists what the viewer sees.
 */
int api_scope_figures_unit_or_own(struct req *r, struct scope *s);

#endif
