/*
 * page_users.h - users and their role grants in the browser.
 */
#ifndef TILLIT_WEB_PAGE_USERS_H
#define TILLIT_WEB_PAGE_USERS_H

#include "http/req.h"

int page_users(struct req *r);
int page_user_new(struct req *r);
int page_user_create(struct req *r);
int page_user(struct req *r);
int page_user_update(struct req *r);
int page_user_password(struct req *r);
int page_user_grant(struct req *r);
int page_grant_delete(struct req *r);

#endif
