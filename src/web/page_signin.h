/*
 * page_signin.h - signing in through an identity provider, the second
 * step of a password sign-in, one's own second factor, and the
 * installation's sign-in settings.
 */
#ifndef TILLIT_WEB_PAGE_SIGNIN_H
#define TILLIT_WEB_PAGE_SIGNIN_H

#include "http/req.h"

struct html;

/** On the sign-in page: "Sign in with <provider>" for each provider switched on (nothing without TILLIT_PUBLIC_URL). */
void signin_provider_links(struct html *h, struct req *r, const char *next);

/** On the account page: links to one's second factor and, for an installation-wide administrator, the sign-in settings. */
void signin_account_links(struct html *h, struct req *r);

/** The cookie of a password sign-in's second step (HttpOnly, SameSite=Strict, Path=/login, five minutes). */
void signin_set_challenge_cookie(struct req *r, const char *token);

/** End the session; offer the provider's end-session page when the session came from one. */
int signin_logout(struct req *r, struct db *db);

/** GET /login/oidc/:id: start signing in at the provider (a redirect there). */
int page_oidc_start(struct req *r);
/** GET /login/oidc/callback: the provider sends the browser back here. */
int page_oidc_callback(struct req *r);

/** GET and POST /login/code: the second factor of a password sign-in. */
int page_login_code(struct req *r);
int page_login_code_post(struct req *r);
/** GET and POST /login/enrol: setting up the second factor a role requires, before the first sign-in completes. */
int page_login_enrol(struct req *r);
int page_login_enrol_post(struct req *r);

/** GET /account/two-factor and its POSTs: one's own second factor. */
int page_account_tfa(struct req *r);
int page_account_tfa_setup(struct req *r);
int page_account_tfa_confirm(struct req *r);
int page_account_tfa_off(struct req *r);

/** GET and POST /admin/sign-in: providers, who may use a password, the roles that need a second factor. */
int page_admin_signin(struct req *r);
int page_admin_signin_post(struct req *r);

#endif
