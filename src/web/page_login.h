/*
 * page_login.h - signing in and out, and choosing the language before sign-in.
 */
#ifndef TILLIT_WEB_PAGE_LOGIN_H
#define TILLIT_WEB_PAGE_LOGIN_H

#include "http/req.h"

/** GET /login: the sign-in form (a double-submit token stands in for CSRF). */
int page_login(struct req *r);
/** POST /login: sign in; a failure shows the form again, throttled per account and address. */
int page_login_post(struct req *r);
/** POST /logout: end this session. */
int page_logout(struct req *r);
/** POST /language: the language before sign-in (a cookie), then back to ?next. */
int page_language(struct req *r);

#endif
