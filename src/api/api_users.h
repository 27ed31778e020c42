/*
 * api_users.h - /api/v1/users and /api/v1/roles: users and their role grants as JSON.
 */
#ifndef TILLIT_API_API_USERS_H
#define TILLIT_API_API_USERS_H

#include "http/req.h"

int api_users_list(struct req *r);
int api_users_create(struct req *r);
int api_users_get(struct req *r);
int api_users_update(struct req *r);
int api_roles_list(struct req *r);
int api_roles_create(struct req *r);
int api_roles_delete(struct req *r);
/** GET /api/v1/people: a picker's suggestions of people (see api_users.c). */
int api_people(struct req *r);

#endif
