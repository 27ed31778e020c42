/*
 * api_role_suggestions.h - /api/v1/role-suggestions: roles an identity
 * provider's groups suggest, granted or dismissed by an administrator.
 */
#ifndef TILLIT_API_API_ROLE_SUGGESTIONS_H
#define TILLIT_API_API_ROLE_SUGGESTIONS_H

#include "http/req.h"

int api_role_suggestions_list(struct req *r);
int api_role_suggestions_get(struct req *r);
int api_role_suggestions_grant(struct req *r);
int api_role_suggestions_dismiss(struct req *r);

#endif
