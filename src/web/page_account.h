/*
 * page_account.h - the signed-in user's own account: password, language, API tokens.
 */
#ifndef TILLIT_WEB_PAGE_ACCOUNT_H
#define TILLIT_WEB_PAGE_ACCOUNT_H

#include "core/html.h"
#include "http/req.h"

/** "Your roles": the signed-in user's grants, each with the unit it holds on (the start page shows it too). */
void account_roles(struct html *h, struct req *r);

int page_account(struct req *r);
int page_account_password(struct req *r);
int page_account_language(struct req *r);
int page_account_token_create(struct req *r);
int page_account_token_revoke(struct req *r);
int page_account_token_renew(struct req *r);

/** The account page showing the calendar secret @key just made, once. */
int page_account_with_calendar_key(struct req *r, const char *key);

#endif
