/*
 * widgets_followup.c - the form that adds a follow-up action to a record's
 * page (see widgets_followup.h).
 */
#include "web/widgets_followup.h"

#include "web/layout.h"
#include "web/widgets.h"

int followup_form(struct html *h, struct req *r, struct db *db, const char *hint, const char *action, bool again,
		  const struct err *e, void (*errors)(struct html *h, struct req *r, const struct err *e))
{
	struct picker p = { 0 };
	int64_t chosen = again ? form_int(r, "responsible_id", 0) : 0;
	int rc;

	if ((rc = picker_users(r, db, N_("Nobody"), chosen, 0, &p)))
		return rc;
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, hint);
	HTML_LIT(h, "</p>");
	errors(h, r, e);
	form_open(h, r, action);
	form_text(h, r, "title", "New follow-up action", again ? req_form(r, "title") : NULL, true, e);
	form_textarea(h, r, "purpose", "What is to be done", again ? req_form(r, "purpose") : NULL, e);
	form_picker(h, r, "responsible_id", "Responsible", &p, chosen, e);
	form_input(h, r, "date", "due_date", "Due date", again ? req_form(r, "due_date") : NULL, false, NULL, e);
	form_submit(h, "Add the action", true);
	form_close(h);
	return 0;
}
