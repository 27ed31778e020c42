/*
 * api_meta.h - the API's own description and the signed-in user (/api/v1/openapi.json, /me).
 */
#ifndef TILLIT_API_API_META_H
#define TILLIT_API_API_META_H

#include "http/req.h"

int api_openapi(struct req *r);
int api_me(struct req *r);
int api_me_password(struct req *r);
/** GET /api/v1/me/tasks: what waits for the caller, as the start page lists it ("Att göra"). */
int api_me_tasks(struct req *r);

#endif
