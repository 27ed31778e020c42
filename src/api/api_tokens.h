/*
 * api_tokens.h - /api/v1/tokens: the signed-in user's API tokens.
 */
#ifndef TILLIT_API_API_TOKENS_H
#define TILLIT_API_API_TOKENS_H

#include "http/req.h"

int api_tokens_list(struct req *r);
int api_tokens_create(struct req *r);
int api_tokens_delete(struct req *r);
int api_tokens_renew(struct req *r);

#endif
