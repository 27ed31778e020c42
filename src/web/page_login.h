/*
 * page_login.h - signing in and out, and choosing the language before sign-in.
 */
#ifndef TILLIT_WEB_PAGE_LOGIN_H
#define TILLIT_WEB_PAGE_LOGIN_H

#include <stdbool.h>

#include "http/req.h"

/** A fresh pre-login token, also set as its cookie (Path=/login), for a form before sign-in. */
const char *login_pre_token(struct req *r);
/** Whether the form's "pre" field matches the pre-login cookie (double submit; constant time): 0, or ERR_INVALID with a message in @e. */
int login_pre_check(struct req *r, struct err *e);

/** GET /login: the sign-in form (a double-submit token stands in for CSRF). */
int page_login(struct req *r);
/** POST /login: sign in; a failure shows the form again, throttled per account and address. */
int page_login_post(struct req *r);
/** The sign-in form again with @status and the error @e (a refused sign-in elsewhere). */
int page_login_refused(struct req *r, int status, const struct err *e);
/** POST /logout: end this session. */
int page_logout(struct req *r);
/** POST /language: the language before sign-in (a cookie), then back to ?next. */
int page_language(struct req *r);

#endif
