/*
 * page_units.h - the organisation tree in the browser: the tree, a unit's
 * page with its figures, and the forms to create, edit and move units.
 */
#ifndef TILLIT_WEB_PAGE_UNITS_H
#define TILLIT_WEB_PAGE_UNITS_H

#include "http/req.h"

int page_units(struct req *r);
int page_unit_new(struct req *r);
int page_unit_create(struct req *r);
int page_unit(struct req *r);
int page_unit_edit(struct req *r);
int page_unit_update(struct req *r);
int page_unit_move(struct req *r);
int page_unit_move_post(struct req *r);

#endif
