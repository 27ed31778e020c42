/*
 * page_role_suggestions.h - roles suggested by an identity provider's
 * groups, granted or dismissed by an administrator, in the browser.
 */
#ifndef TILLIT_WEB_PAGE_ROLE_SUGGESTIONS_H
#define TILLIT_WEB_PAGE_ROLE_SUGGESTIONS_H

#include <stdint.h>

#include "core/html.h"
#include "http/req.h"

struct db;

int page_role_suggestions(struct req *r);
int page_role_suggestion_grant(struct req *r);
int page_role_suggestion_dismiss(struct req *r);

/**
 * On the page of user @user_id: the pending suggestions for them the viewer
 * may decide, with their buttons; nothing when there is none.
 */
int role_suggestion_section(struct html *h, struct req *r, struct db *db, int64_t user_id);

#endif
