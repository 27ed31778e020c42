/*
 * widgets_followup.c - the form that adds a follow-up action to a record's
 * page (see widgets_followup.h).
 */
#include "web/widgets_followup.h"

#include <inttypes.h>

#include "core/arena.h"
#include "domain/activity.h"
#include "web/layout.h"
#include "web/widgets.h"

int followup_form(struct html *h, struct req *r, struct db *db, const char *unit_path, const char *hint,
		  const char *action, bool again, const struct err *e,
		  void (*errors)(struct html *h, struct req *r, const struct err *e))
{
	struct activity_person *people;
	struct picker p = { 0 };
	size_t m;
	int rc;

	if ((rc = activity_people(db, r->arena, unit_path, &people, &m, &r->err)))
		return rc;
	p.values = arena_calloc(r->arena, m + 1, sizeof(char *));
	p.labels = arena_calloc(r->arena, m + 1, sizeof(char *));
	p.values[0] = "";
	p.labels[0] = tr(r->lang, "Nobody");
	p.n = 1;
	for (size_t i = 0; i < m; i++, p.n++) {
		p.values[p.n] = arena_printf(r->arena, "%" PRId64, people[i].id);
		p.labels[p.n] = people[i].name;
	}
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, hint);
	HTML_LIT(h, "</p>");
	errors(h, r, e);
	form_open(h, r, action);
	form_text(h, r, "title", "New follow-up action", again ? req_form(r, "title") : NULL, true, e);
	form_textarea(h, r, "purpose", "What is to be done", again ? req_form(r, "purpose") : NULL, e);
	form_picker(h, r, "responsible_id", "Responsible", &p, again ? form_int(r, "responsible_id", 0) : 0, e);
	form_input(h, r, "date", "due_date", "Due date", again ? req_form(r, "due_date") : NULL, false, NULL, e);
	form_submit(h, "Add the action", true);
	form_close(h);
	return 0;
}
