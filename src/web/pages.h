/*
 * pages.h - the HTML entry points, one file per page family (page_*.c).
 *
 * Each handler takes the request, returns 0 after filling r->resp, or a
 * negative err_code that the router turns into an error page. Scope
 * functions name the unit a request is about, for the router's access check.
 */
#ifndef TILLIT_WEB_PAGES_H
#define TILLIT_WEB_PAGES_H

#include <stdint.h>

#include "http/req.h"

/* page_login.c */
int page_login(struct req *r);
int page_login_post(struct req *r);
int page_logout(struct req *r);
int page_language(struct req *r);

/* page_home.c */
int page_home(struct req *r);
int page_healthz(struct req *r);
int page_static(struct req *r);

/* page_units.c */
int page_units(struct req *r);
int page_unit_new(struct req *r);
int page_unit_create(struct req *r);
int page_unit(struct req *r);
int page_unit_edit(struct req *r);
int page_unit_update(struct req *r);
int page_unit_move(struct req *r);
int page_unit_move_post(struct req *r);
/** Scope: the unit in the path (":id"). */
int scope_unit_arg(struct req *r, int64_t *unit_id);
/** Scope: the parent named in the form or query ("parent_id"); 0 (installation) when none. */
int scope_unit_parent(struct req *r, int64_t *unit_id);

/* page_users.c */
int page_users(struct req *r);
int page_user_new(struct req *r);
int page_user_create(struct req *r);
int page_user(struct req *r);
int page_user_update(struct req *r);
int page_user_password(struct req *r);
int page_user_grant(struct req *r);
int page_grant_delete(struct req *r);
/** Scope: the unit of the role assignment in the path. */
int scope_grant_arg(struct req *r, int64_t *unit_id);
/** Scope: the unit named in the form field "unit_id" (0: installation). */
int scope_unit_field(struct req *r, int64_t *unit_id);

/* page_account.c */
int page_account(struct req *r);
int page_account_password(struct req *r);
int page_account_language(struct req *r);
int page_account_token_create(struct req *r);
int page_account_token_revoke(struct req *r);
int page_account_token_renew(struct req *r);

/* page_audit.c */
int page_audit(struct req *r);
int page_audit_entry(struct req *r);

#endif
