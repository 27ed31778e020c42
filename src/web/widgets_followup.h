/*
 * widgets_followup.h - the form that adds a follow-up action to a record's
 * page: the activity an exercise or an incident asks for, made in this
 * year's action plan of the record's unit (activity_create_followup()).
 */
#ifndef TILLIT_WEB_WIDGETS_FOLLOWUP_H
#define TILLIT_WEB_WIDGETS_FOLLOWUP_H

#include <stdbool.h>

#include "core/html.h"
#include "http/req.h"

struct db;

/**
 * Write the form posting to @action: the line @hint (a msgid), the error
 * summary written by @errors, then the title, what is to be done, the
 * responsible (nobody, or a person: picker_users(), typed in past 200
 * people; the save refuses one with no role on the record's unit or above)
 * and the due date. @again: this form was sent and refused, so its values are
 * shown again; @e the problem. 0, or the error of reading the people (in
 * r->err).
 */
int followup_form(struct html *h, struct req *r, struct db *db, const char *hint, const char *action, bool again,
		  const struct err *e, void (*errors)(struct html *h, struct req *r, const struct err *e));

#endif
