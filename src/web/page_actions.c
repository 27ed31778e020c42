/*
 * page_actions.c - tracked actions in the browser.
 *
 * The list shows the actions in units the user sees, due date first, and
 * filters by status, unit and asset (action_filter_parse(), the API's
 * vocabulary); a bad filter shows the whole list with the problem named.
 * An action's page shows its details and description; its edit form
 * follows page_assets.c: errors name the field and keep what was typed, a
 * stale version shows the other person's version. The responsible person
 * is chosen among those holding a role on the action's unit or above it.
 *
 * Who may do what: everyone with a role in scope reads; administrators and
 * coordinators in scope edit. The route's scope (action_scope) reads the
 * action once; the handlers take it from r->scope.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "domain/action.h"
#include "web/layout.h"
#include "web/page_actions.h"
#include "web/widgets.h"

#define ACTIONS_PAGE 50

/* --- the list --- */

int page_actions(struct req *r)
{
	struct action_filter f = { 0 };
	struct action *ac;
	size_t n;
	int64_t total;
	struct html *h;
	struct url base;
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, ACTIONS_PAGE, &f.limit, &f.offset);
	if (!(rc = action_filter_parse(&f, req_query_get, r, &e)))
		rc = action_list(db, r->arena, &f, &ac, &n, &total, &e);
	if (rc == ERR_INVALID) {
		/* A bad filter shows the whole list with the error, rather than an error page. */
		f.status = NULL;
		f.unit_id = f.asset_id = 0;
		rc = action_list(db, r->arena, &f, &ac, &n, &total, &r->err);
		r->resp.status = 400;
	} else if (rc) {
		r->err = e;
	}
	if (rc)
		return rc;
	h = page_begin(r, tr(r->lang, "Actions"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Actions");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, &e);
	HTML_LIT(h, "<form class=\"search\" method=\"get\" action=\"/actions\">");
	form_filter_select(h, r, "status", N_("Status"), N_("All statuses"), action_statuses, action_status_labels,
			   ACTION_STATUS_COUNT, f.status);
	if (f.unit_id)
		form_hidden_int(h, "unit_id", f.unit_id);
	if (f.asset_id)
		form_hidden_int(h, "asset_id", f.asset_id);
	form_submit(h, "Filter", true);
	HTML_LIT(h, "</form>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No actions.");
		HTML_LIT(h, "</p>");
		page_end(r, h);
		return 0;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Action");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Status");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Responsible");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Due date");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Unit");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Asset");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		link_record(h, "action", ac[i].id, ac[i].title);
		HTML_LIT(h, "</td><td>");
		html_tr(h, action_status_label(ac[i].status));
		HTML_LIT(h, "</td><td>");
		html_text(h, ac[i].responsible_name ? ac[i].responsible_name : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, ac[i].due_date ? ac[i].due_date : "–");
		HTML_LIT(h, "</td><td>");
		link_record(h, "unit", ac[i].unit_id, ac[i].unit_name);
		HTML_LIT(h, "</td><td>");
		if (ac[i].asset_id)
			link_record(h, "asset", ac[i].asset_id, ac[i].asset_name);
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
	url_init(&base, r->arena, "/actions");
	url_add(&base, "status", f.status);
	url_add_int(&base, "unit_id", f.unit_id);
	url_add_int(&base, "asset_id", f.asset_id);
	page_pager(h, r, url_str(&base), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- one action --- */

static void action_details(struct html *h, const struct action *ac)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Status", tr(h->lang, action_status_label(ac->status)));
	detail_row(h, "Responsible", ac->responsible_name);
	detail_row(h, "Due date", ac->due_date);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", ac->unit_id, ac->unit_name);
	HTML_LIT(h, "</dd>");
	if (ac->asset_id) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Asset");
		HTML_LIT(h, "</dt><dd>");
		link_record(h, "asset", ac->asset_id, ac->asset_name);
		HTML_LIT(h, "</dd>");
	}
	if (ac->requirement_id) {
		/* The requirement as the asset meets it, or the library's requirement. */
		HTML_LIT(h, "<dt>");
		html_tr(h, "Requirement");
		HTML_LIT(h, "</dt><dd>");
		if (ac->asset_id) {
			HTML_LIT(h, "<a href=\"/assets/");
			html_int(h, ac->asset_id);
			HTML_LIT(h, "/requirements/");
			html_int(h, ac->requirement_id);
			HTML_LIT(h, "\">");
			html_text(h, ac->requirement_code);
			HTML_LIT(h, " ");
			html_text(h, ac->requirement_title);
			HTML_LIT(h, "</a>");
		} else {
			link_record(h, "requirement", ac->requirement_id,
				    arena_printf(h->b.arena, "%s %s", ac->requirement_code, ac->requirement_title));
		}
		HTML_LIT(h, "</dd>");
	}
	time_row(h, N_("Last changed"), ac->updated_at);
	HTML_LIT(h, "</dl>");
}

int page_action(struct req *r)
{
	const struct action *ac = scope_record(&r->scope, "action");
	struct html *h = page_begin(r, ac->title);

	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/actions\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, ac->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	action_details(h, ac);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Description");
	HTML_LIT(h, "</h2><p class=\"pre-line\">");
	html_text(h, ac->description);
	HTML_LIT(h, "</p>");
	if (authz_in_scope(r->auth, ACCESS_EDIT, ac->unit_path)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/actions/");
		html_int(h, ac->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	page_end(r, h);
	return 0;
}

/* --- editing --- */

/*
 * The people who may be responsible for @ac: "Nobody", those holding a role
 * on its unit or above it, and @keep (the current choice) even when it no
 * longer holds one there.
 */
static int people_picker(struct req *r, struct db *db, const struct action *ac, int64_t keep, struct picker *p)
{
	struct action_person *people;
	size_t n;
	bool listed = false;
	int rc;

	if ((rc = action_people(db, r->arena, ac->unit_path, &people, &n, &r->err)))
		return rc;
	p->values = arena_calloc(r->arena, n + 2, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 2, sizeof(char *));
	p->values[0] = "";
	p->labels[0] = tr(r->lang, "Nobody");
	p->n = 1;
	for (size_t i = 0; i < n; i++, p->n++) {
		p->values[p->n] = arena_printf(r->arena, "%" PRId64, people[i].id);
		p->labels[p->n] = people[i].name;
		listed = listed || people[i].id == keep;
	}
	if (keep && !listed) {
		const char *id = arena_printf(r->arena, "%" PRId64, keep);
		p->values[p->n] = id;
		p->labels[p->n++] = ac->responsible_id == keep && ac->responsible_name ? ac->responsible_name : id;
	}
	return 0;
}

/* The edit form: the action as stored (@ac), what the user typed (@in) and the version they change. */
struct edit_view {
	const struct action *ac;
	const struct action_input *in;
	int64_t version;
	const struct action *cur; /* the other person's version after a conflict, or NULL */
};

static int edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct edit_view *v = ctx;
	struct picker people;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = people_picker(r, db, v->ac, v->in->responsible_id, &people)))
		return rc;
	h = page_begin(r, tr(r->lang, "Edit action"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/actions\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</a> › ");
	link_record(h, "action", v->ac->id, v->ac->title);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Edit action");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Title", v->cur->title);
		detail_row(h, "Description", v->cur->description);
		HTML_LIT(h, "</dl>");
		action_details(h, v->cur);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r, arena_printf(r->arena, "/actions/%" PRId64 "/edit", v->ac->id));
	form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", v->in->title, true, e);
	form_textarea(h, r, "description", "Description", v->in->description, e);
	form_select(h, r, "status", "Status", action_statuses, action_status_labels, ACTION_STATUS_COUNT, v->in->status,
		    true, e);
	form_picker(h, r, "responsible_id", "Responsible", &people, v->in->responsible_id, e);
	form_input(h, r, "date", "due_date", "Due date", v->in->due_date, false, NULL, e);
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_action_edit(struct req *r)
{
	const struct action *ac = scope_record(&r->scope, "action");
	struct action_input in = action_input_of(ac);
	struct edit_view v = { ac, &in, ac->version, NULL };
	return edit_form(r, &v, NULL);
}

static struct action_input input_from_form(struct req *r)
{
	struct action_input in = { 0 };
	in.title = req_form(r, "title");
	in.description = req_form(r, "description");
	in.status = req_form(r, "status");
	in.responsible_id = form_int(r, "responsible_id", 0);
	in.due_date = req_form(r, "due_date");
	return in;
}

int page_action_update(struct req *r)
{
	const struct action *before = scope_record(&r->scope, "action");
	struct action_input in = input_from_form(r);
	struct action cur = { 0 };
	struct edit_view v = { before, &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = action_update(db, r->arena, r->auth, before, v.version, &in, &cur, &e);
	/* After a conflict the form carries the current version, so saving again is a deliberate overwrite. */
	if (rc == ERR_CONFLICT && cur.id) {
		v.ac = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/actions/%" PRId64 "?msg=saved", before->id), edit_form,
			  &v);
}
