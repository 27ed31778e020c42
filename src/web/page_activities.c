/*
 * page_activities.c - the activities of action plans in the browser.
 *
 * The list filters, sorts and pages every activity in plans the user sees
 * (activity_filter_parse(), the API's vocabulary), and exports the
 * filtered list as XLSX, CSV or JSON. An activity's page shows its purpose
 * (Markdown rendered by io/markdown.c: raw HTML in it is shown as text),
 * status, what it addresses, and its whole history across the years; from
 * there it is edited, carried into next year, or moved to the annual
 * wheel. Forms follow page_assets.c: errors name the field and keep what
 * was typed; a stale version shows the other person's version.
 *
 * The tracked actions of earlier versions are activities with the same
 * ids: /actions, /actions/:id and /actions/:id/edit redirect here.
 *
 * Who may do what: everyone with a role in scope reads; administrators and
 * coordinators in scope of the plan's unit change activities. Rights over
 * a second record (the responsible unit and person, an addressed asset)
 * are the domain's to check.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/activity.h"
#include "domain/activity_io.h"
#include "domain/asset.h"
#include "domain/plan.h"
#include "domain/requirement.h"
#include "io/markdown.h"
#include "web/layout.h"
#include "web/page_plans.h"
#include "web/widgets.h"

#define ACTIVITIES_PAGE 50

static const char *with_filters(struct req *r, const char *path)
{
	return url_keep(r, path, activity_filter_args);
}

/* --- the list --- */

static const char *const yes_values[] = { "", "true" };
static const char *const overdue_labels[] = { N_("Any"), N_("Only overdue") };
static const char *const open_labels[] = { N_("Any"), N_("Only unfinished") };
static const char *const sort_values[] = { "plan", "deadline", "title", "status", "updated" };
static const char *const sort_labels[] = { N_("Plan and area"), N_("Deadline"), N_("Title"), N_("Status"),
					   N_("Last changed") };
static const char *const order_values[] = { "asc", "desc" };
static const char *const order_labels[] = { N_("Ascending"), N_("Descending") };

/*
 * The list's filters as the list page and its exports read them: the
 * vocabulary of activity_filter_parse(); the responsible person typed by
 * name or user name has become their id (picker_fields_resolve()).
 */
static int parse_filter(struct req *r, struct activity_filter *f)
{
	activity_filter_init(f);
	return activity_filter_parse(f, req_query_get, r, &r->err);
}

static void filter_form(struct html *h, struct req *r, struct db *db, const struct picker *units,
			const struct activity_filter *f)
{
	static const char *const kept[] = { "plan_id", "area_id", "asset_id", "requirement_id" };
	struct picker people = { 0 };

	filters_search_open(h, "/activities");
	form_input(h, r, "search", "q", "Search in title, purpose and comment", req_query(r, "q"), false, NULL, NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", units);
	filters_more_open(h, r);
	if (picker_users(r, db, N_("Anyone"), f->responsible_id, 0, &people) == 0)
		form_picker(h, r, "responsible_id", N_("Responsible"), &people, f->responsible_id, NULL);
	form_input(h, r, "number", "year", "Year", req_query(r, "year"), false, NULL, NULL);
	form_filter_select(h, r, "status", "Status", N_("All statuses"), activity_statuses, activity_status_labels,
			   ACTIVITY_STATUS_COUNT, req_query(r, "status"));
	form_select(h, r, "overdue", "Overdue", yes_values, overdue_labels, 2, req_query(r, "overdue"), true, NULL);
	form_select(h, r, "open", "Finished", yes_values, open_labels, 2, req_query(r, "open"), true, NULL);
	form_select(h, r, "sort", "Sort by", sort_values, sort_labels, 5, req_query(r, "sort"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (req_query(r, kept[i]) && *req_query(r, kept[i]))
			form_hidden(h, kept[i], req_query(r, kept[i]));
	filters_more_close(h);
	filters_clear_close(h, "/activities");
}

int page_activities(struct req *r)
{
	struct activity_filter f;
	struct activity *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	char today[11];
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = parse_filter(r, &f)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, ACTIVITIES_PAGE, &f.limit, &f.offset);
	if ((rc = activity_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	plan_today(today);
	h = page_begin(r, tr(r->lang, "Activities"));
	page_crumb(h, "/plans", N_("Action plans"));
	page_h1(h, N_("Activities"));
	page_flash(h, r);
	filter_form(h, r, db, &units, &f);
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/activities", activity_filter_args);
	HTML_LIT(h, "</p>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, total || f.offset ? N_("No activity on this page.") : N_("No activity matches the filter."));
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption>");
		html_tr(h, "Activities");
		HTML_LIT(h, " (");
		html_int(h, total);
		HTML_LIT(h, ")</caption>");
		table_head_sorted(h, r,
				  &(struct table_sort){
					  "/activities", activity_filter_args,
					  (const char *const[]){ "title", "plan", NULL, NULL, NULL, "status", NULL },
					  sort_values[f.sort], f.desc },
				  (const char *const[]){ N_("Activity"), N_("Action plan"), N_("Area"), N_("Quarters"),
							 N_("Responsible"), N_("Status"), N_("Next step"), NULL });
		for (size_t i = 0; i < n; i++)
			plan_activity_row(h, r, &list[i], today, true);
		table_close(h);
	}
	page_pager(h, r, with_filters(r, "/activities"), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* The export's filter: the list's. */
static int list_filter(struct req *r, void *f)
{
	return parse_filter(r, f);
}
PAGE_LIST_EXPORTER(list_render, activity_export)

static const struct page_export activities_export = {
	PAGE_EXPORT_FILTER(struct activity_filter),
	.filter = list_filter,
	.render = list_render,
	.filename = activity_export_filename,
};

int page_activities_export(struct req *r)
{
	return page_export(r, &activities_export);
}

/* --- one activity --- */

static void crumbs(struct html *h, struct req *r, const struct activity *ac)
{
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/plans\">");
	html_tr(h, "Action plans");
	HTML_LIT(h, "</a> › ");
	link_record(h, "plan", ac->plan_id,
		    arena_printf(r->arena, "%s %" PRId64 " – %s", tr(r->lang, "Action plan"), ac->plan_year,
				 ac->plan_title && *ac->plan_title ? ac->plan_title : ac->unit_name));
	HTML_LIT(h, "</p>");
}

static const char *next_step_label(const char *s)
{
	for (int k = 1; k < ACTIVITY_NEXT_STEP_COUNT; k++)
		if (!strcmp(activity_next_steps[k], s ? s : ""))
			return activity_next_step_labels[k];
	return activity_next_step_labels[0];
}

static void details(struct html *h, struct req *r, const struct activity *ac, const char *today)
{
	const char *q = activity_quarters_text(r->arena, r->lang, ac->quarters);

	HTML_LIT(h, "<dl class=\"details\">");
	HTML_LIT(h, "<dt>");
	html_tr(h, "Status");
	HTML_LIT(h, "</dt><dd>");
	html_tr(h, activity_status_label(ac->status));
	if (activity_overdue(ac, today)) {
		HTML_LIT(h, " <strong class=\"flag\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong>");
	}
	HTML_LIT(h, "</dd>");
	detail_row(h, "Status comment", ac->status_comment);
	detail_row(h, "Area", ac->area_name);
	detail_row(h, "Planned quarters", q);
	detail_row(h, "Responsible unit", ac->responsible_unit_name);
	detail_row(h, "Responsible", ac->responsible_name);
	detail_row(h, "Due date", ac->due_date);
	detail_row(h, "Deadline", ac->deadline);
	detail_row(h, "Next step", tr(r->lang, next_step_label(ac->next_step)));
	time_row(h, N_("Last changed"), ac->updated_at);
	HTML_LIT(h, "</dl>");
}

static void history_section(struct html *h, struct req *r, const struct activity *ac, const struct activity *chain,
			    size_t n)
{
	HTML_LIT(h, "<section aria-labelledby=\"hist-h\"><h2 id=\"hist-h\">");
	html_tr(h, "History across the years");
	HTML_LIT(h, "</h2>");
	if (n <= 1) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The activity is in this year's plan only.");
		HTML_LIT(h, "</p></section>");
		return;
	}
	HTML_LIT(h, "<ol class=\"history\">");
	for (size_t i = 0; i < n; i++) {
		const struct activity *x = &chain[i];
		HTML_LIT(h, "<li>");
		html_int(h, x->plan_year);
		HTML_LIT(h, ": ");
		if (x->id == ac->id) {
			HTML_LIT(h, "<strong aria-current=\"page\">");
			html_text(h, x->title);
			HTML_LIT(h, "</strong>");
		} else if (authz_in_scope(r->auth, ACCESS_READ, x->unit_path)) {
			link_record(h, "activity", x->id, x->title);
		} else {
			html_tr(h, "An activity in another unit");
		}
		HTML_LIT(h, " – ");
		html_tr(h, activity_status_label(x->status));
		if (x->status_comment && *x->status_comment && authz_in_scope(r->auth, ACCESS_READ, x->unit_path)) {
			HTML_LIT(h, ". ");
			html_text(h, x->status_comment);
		}
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ol></section>");
}

/*
 * The pickers of what an activity can address: a search for an asset the
 * user sees (asset_search_find(), never the whole register), then its
 * matches; and the requirements of the library.
 */
static int link_forms(struct html *h, struct req *r, struct db *db, const struct activity *ac, const struct err *e)
{
	struct asset_search s = {
		.qname = "asset_q",
		.action = arena_printf(r->arena, "/activities/%" PRId64 "#add-link", ac->id),
		.label = N_("Find the asset by name, description or supplier"),
		.keep = req_form(r, "kind") && !strcmp(req_form(r, "kind"), "asset") ? form_int(r, "target_id", 0) : 0,
		.max = 20,
	};
	struct requirement_filter qf = { 0 };
	struct requirement *reqs;
	size_t n_reqs;
	struct picker pa = { 0 }, pq = { 0 };
	int rc;

	qf.active = 1;
	qf.limit = 1000;
	if ((rc = asset_search_find(r, db, &s, &pa)) ||
	    (rc = requirement_list(db, r->arena, &qf, &reqs, &n_reqs, NULL, &r->err)))
		return rc;
	pq.values = arena_calloc(r->arena, n_reqs + 1, sizeof(char *));
	pq.labels = arena_calloc(r->arena, n_reqs + 1, sizeof(char *));
	pq.n = 0;
	for (size_t i = 0; i < n_reqs; i++) {
		pq.values[pq.n] = arena_printf(r->arena, "%" PRId64, reqs[i].id);
		pq.labels[pq.n++] = arena_printf(r->arena, "%s %s", reqs[i].code, reqs[i].title);
	}
	HTML_LIT(h, "<h3 id=\"add-link\">");
	html_tr(h, "Add what the activity addresses");
	HTML_LIT(h, "</h3>");
	form_errors(h, r, e);
	asset_search_form(h, r, &s, &pa);
	if (pa.n) {
		form_open(h, r, arena_printf(r->arena, "/activities/%" PRId64 "/links", ac->id));
		form_hidden(h, "kind", "asset");
		if (s.q)
			form_hidden(h, "asset_q", s.q);
		form_picker(h, r, "target_id", "Asset", &pa, s.keep, NULL);
		form_submit(h, "Add the asset", true);
		form_close(h);
	}
	if (pq.n) {
		HTML_LIT(h, "<form method=\"post\" action=\"/activities/");
		html_int(h, ac->id);
		HTML_LIT(h, "/links\">");
		if (r->auth->csrf)
			form_hidden(h, "csrf", r->auth->csrf);
		form_hidden(h, "kind", "requirement");
		/* A second select of the same form field: its own id. */
		HTML_LIT(h, "<div class=\"field\"><label for=\"f-target_req\">");
		html_tr(h, "Requirement");
		HTML_LIT(h, "</label><select id=\"f-target_req\" name=\"target_id\">");
		for (size_t i = 0; i < pq.n; i++) {
			HTML_LIT(h, "<option value=\"");
			html_attr(h, pq.values[i]);
			HTML_LIT(h, "\">");
			html_text(h, pq.labels[i]);
			HTML_LIT(h, "</option>");
		}
		HTML_LIT(h, "</select></div>");
		form_submit(h, "Add the requirement", true);
		form_close(h);
	}
	return 0;
}

static int activity_page(struct req *r, const struct activity *ac, const struct err *link_err)
{
	struct activity_link_view *links;
	struct activity *chain;
	size_t n_links, n_chain;
	char today[11];
	bool can_edit = authz_in_scope(r->auth, ACCESS_EDIT, ac->unit_path);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = activity_links(db, r->arena, r->auth, ac->id, &links, &n_links, &r->err)) ||
	    (rc = activity_history(db, r->arena, ac, &chain, &n_chain, &r->err)))
		return rc;
	plan_today(today);
	h = page_begin(r, ac->title);
	crumbs(h, r, ac);
	HTML_LIT(h, "<h1>");
	html_text(h, ac->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (can_edit) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/activities/");
		html_int(h, ac->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a> ");
		if (!ac->carried_to_id && strcmp(ac->status, "done") &&
		    (!*ac->next_step || !strcmp(ac->next_step, "continue"))) {
			HTML_LIT(h, "<form class=\"inline\" method=\"post\" action=\"/activities/");
			html_int(h, ac->id);
			HTML_LIT(h, "/carry\">");
			if (r->auth->csrf)
				form_hidden(h, "csrf", r->auth->csrf);
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, "Carry into next year's plan");
			HTML_LIT(h, "</button></form> ");
		}
		if (!*ac->next_step) {
			HTML_LIT(h, "<a href=\"/wheel/items/new?from_activity_id=");
			html_int(h, ac->id);
			HTML_LIT(h, "\">");
			html_tr(h, "Move to the annual wheel");
			HTML_LIT(h, "</a>");
		}
		HTML_LIT(h, "</p>");
	}
	details(h, r, ac, today);
	HTML_LIT(h, "<section aria-labelledby=\"purpose-h\"><h2 id=\"purpose-h\">");
	html_tr(h, "Purpose");
	HTML_LIT(h, "</h2><div class=\"markdown\">");
	markdown_html(h, ac->purpose);
	HTML_LIT(h, "</div></section>");

	HTML_LIT(h, "<section id=\"links\" aria-labelledby=\"links-h\"><h2 id=\"links-h\">");
	html_tr(h, "What the activity addresses");
	HTML_LIT(h, "</h2>");
	if (n_links == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nothing recorded.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul class=\"links\">");
		for (size_t i = 0; i < n_links; i++) {
			const struct activity_link_view *l = &links[i];
			HTML_LIT(h, "<li>");
			html_tr(h, l->kind_label);
			HTML_LIT(h, ": ");
			if (l->visible)
				link_record(h, l->link.kind, l->link.target_id, l->label);
			else
				html_tr(h, "A record in another unit");
			if (can_edit) {
				HTML_LIT(h, " <form class=\"inline\" method=\"post\" action=\"/activity-links/");
				html_int(h, l->link.id);
				HTML_LIT(h, "/delete\">");
				if (r->auth->csrf)
					form_hidden(h, "csrf", r->auth->csrf);
				HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
				html_tr(h, "Remove");
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_text(h, l->visible ? l->label : tr(r->lang, "A record in another unit"));
				HTML_LIT(h, "</span></button></form>");
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	if (can_edit && (rc = link_forms(h, r, db, ac, link_err)))
		return rc;
	HTML_LIT(h, "</section>");
	history_section(h, r, ac, chain, n_chain);
	page_end(r, h);
	return 0;
}

int page_activity(struct req *r)
{
	return activity_page(r, scope_record(&r->scope, "activity"), NULL);
}

/* --- the form, for create and edit --- */

struct activity_view {
	const struct plan *plan;   /* the plan the activity belongs to */
	const struct activity *ac; /* NULL: a new one */
	const struct activity_input *in;
	int64_t version;
	const struct activity *cur; /* the other person's version after a conflict, or NULL */
};

static const char *const quarter_names[4] = { "q1", "q2", "q3", "q4" };
static const char *const quarter_labels[4] = { N_("Quarter 1"), N_("Quarter 2"), N_("Quarter 3"), N_("Quarter 4") };

static int activity_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct activity_view *v = ctx;
	struct plan_area *areas;
	size_t n_areas;
	struct picker pa = { 0 }, units = { 0 }, users = { 0 };
	struct html *h;
	struct db *db;
	const char *title = v->ac ? tr(r->lang, "Edit activity") : tr(r->lang, "New activity");
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = plan_areas(db, r->arena, v->plan, &areas, &n_areas, &r->err)) ||
	    (rc = picker_units(r, db, N_("None"), NULL, NULL, &units)) ||
	    (rc = picker_users(r, db, N_("Nobody"), v->in->responsible_id, 0, &users)))
		return rc;
	pa.values = arena_calloc(r->arena, n_areas + 1, sizeof(char *));
	pa.labels = arena_calloc(r->arena, n_areas + 1, sizeof(char *));
	pa.n = 0;
	for (size_t i = 0; i < n_areas; i++) {
		pa.values[pa.n] = arena_printf(r->arena, "%" PRId64, areas[i].id);
		pa.labels[pa.n++] = areas[i].name;
	}
	h = page_begin(r, title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/plans\">");
	html_tr(h, "Action plans");
	HTML_LIT(h, "</a> › ");
	link_record(h, "plan", v->plan->id, plan_page_title(r, v->plan));
	if (v->ac) {
		HTML_LIT(h, " › ");
		link_record(h, "activity", v->ac->id, v->ac->title);
	}
	HTML_LIT(h, "</p><h1>");
	html_text(h, title);
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (n_areas == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Add an area to the plan first.");
		HTML_LIT(h, " ");
		link_record(h, "plan", v->plan->id, plan_page_title(r, v->plan));
		HTML_LIT(h, "</p>");
		page_end(r, h);
		return 0;
	}
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Title", v->cur->title);
		detail_row(h, "Purpose", v->cur->purpose);
		HTML_LIT(h, "</dl>");
		details(h, r, v->cur, "0000-00-00");
		HTML_LIT(h, "</section>");
	}
	form_open(h, r,
		  v->ac ? arena_printf(r->arena, "/activities/%" PRId64 "/edit", v->ac->id)
			: arena_printf(r->arena, "/plans/%" PRId64 "/activities", v->plan->id));
	if (v->ac)
		form_hidden_int(h, "version", v->version);
	form_picker(h, r, "area_id", "Area", &pa, v->in->area_id, e);
	form_text(h, r, "title", "Title", v->in->title, true, e);
	form_textarea(h, r, "purpose", "Purpose (Markdown: *emphasis*, **strong**, lists, links)", v->in->purpose, e);
	HTML_LIT(h, "<fieldset id=\"f-quarters\"");
	if (e && e->code && e->field && !strcmp(e->field, "quarters"))
		HTML_LIT(h, " class=\"invalid\"");
	HTML_LIT(h, "><legend>");
	html_tr(h, "Planned quarters");
	HTML_LIT(h, "</legend>");
	for (unsigned q = 0; q < 4; q++)
		form_checkbox(h, r, quarter_names[q], quarter_labels[q], v->in->quarters & (1u << q));
	HTML_LIT(h, "</fieldset>");
	form_picker(h, r, "responsible_unit_id", "Responsible unit", &units, v->in->responsible_unit_id, e);
	form_picker(h, r, "responsible_id", "Responsible", &users, v->in->responsible_id, e);
	form_select(h, r, "status", "Status", activity_statuses, activity_status_labels, ACTIVITY_STATUS_COUNT,
		    v->in->status && *v->in->status ? v->in->status : "not_started", true, e);
	form_textarea(h, r, "status_comment", "Status comment", v->in->status_comment, e);
	form_select(h, r, "next_step", "Next step", activity_next_steps, activity_next_step_labels,
		    ACTIVITY_NEXT_STEP_COUNT, v->in->next_step ? v->in->next_step : "", true, e);
	form_input(h, r, "date", "due_date", "Due date", v->in->due_date, false, NULL, e);
	form_submit(h, v->ac ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct activity_input input_from_form(struct req *r)
{
	struct activity_input in = { 0 };
	in.area_id = form_int(r, "area_id", 0);
	in.title = req_form(r, "title");
	in.purpose = req_form(r, "purpose");
	for (unsigned q = 0; q < 4; q++)
		if (req_form(r, quarter_names[q]))
			in.quarters |= 1u << q;
	in.responsible_unit_id = form_int(r, "responsible_unit_id", 0);
	in.responsible_id = form_int(r, "responsible_id", 0);
	in.status = req_form(r, "status");
	in.status_comment = req_form(r, "status_comment");
	in.next_step = req_form(r, "next_step");
	in.due_date = req_form(r, "due_date");
	return in;
}

int page_activity_new(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	struct activity_input in = { 0 };
	struct activity_view v = { p, NULL, &in, 0, NULL };

	in.area_id = query_int(r, "area_id", 0);
	in.status = "not_started";
	in.next_step = "";
	return activity_form(r, &v, NULL);
}

int page_activity_create(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	struct activity_input in = input_from_form(r);
	struct activity_view v = { p, NULL, &in, 0, NULL };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = activity_create(db, r->arena, r->auth, p, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/activities/%" PRId64 "?msg=created", id), activity_form,
			  &v);
}

/* The plan of @ac as the form needs it (no query). */
static struct plan plan_of(const struct activity *ac)
{
	struct plan p = { 0 };
	p.id = ac->plan_id;
	p.year = ac->plan_year;
	p.title = ac->plan_title;
	p.unit_id = ac->unit_id;
	p.unit_name = ac->unit_name;
	p.unit_path = ac->unit_path;
	return p;
}

int page_activity_edit(struct req *r)
{
	const struct activity *ac = scope_record(&r->scope, "activity");
	struct activity_input in = activity_input_of(ac);
	struct plan p = plan_of(ac);
	struct activity_view v = { &p, ac, &in, ac->version, NULL };
	return activity_form(r, &v, NULL);
}

int page_activity_update(struct req *r)
{
	const struct activity *before = scope_record(&r->scope, "activity");
	struct activity_input in = input_from_form(r);
	struct activity cur = { 0 };
	struct plan p = plan_of(before);
	struct activity_view v = { &p, before, &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = activity_update(db, r->arena, r->auth, before, v.version, &in, &cur, &e);
	/* After a conflict the form carries the current version, so saving again is a deliberate overwrite. */
	if (rc == ERR_CONFLICT && cur.id) {
		v.ac = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/activities/%" PRId64 "?msg=saved", before->id),
			  activity_form, &v);
}

/* --- links, carrying over --- */

static int link_again(struct req *r, const void *ctx, const struct err *e)
{
	return activity_page(r, ctx, e);
}

int page_activity_link_add(struct req *r)
{
	const struct activity *ac = scope_record(&r->scope, "activity");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = activity_link_add(db, r->arena, r->auth, ac, req_form(r, "kind"), form_int(r, "target_id", 0), NULL, &e);
	if (rc == ERR_EXISTS)
		rc = ERR_CONFLICT;
	return page_saved(r, rc, &e, arena_printf(r->arena, "/activities/%" PRId64 "?msg=saved#links", ac->id),
			  link_again, ac);
}

int page_activity_link_delete(struct req *r)
{
	const struct activity_link *l = scope_record(&r->scope, "activity_link");
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = activity_link_remove(db, r->arena, r->auth, l, &r->err)))
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/activities/%" PRId64 "?msg=saved#links", l->activity_id));
}

int page_activity_carry(struct req *r)
{
	const struct activity *ac = scope_record(&r->scope, "activity");
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = activity_carry(db, r->arena, r->auth, ac, &id, &r->err)))
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/activities/%" PRId64 "?msg=carried-one", id));
}

/* --- the addresses of earlier versions --- */

int page_actions_moved(struct req *r)
{
	static const char *const kept[] = { "status", "unit_id", "asset_id", NULL };
	int64_t id = req_arg_id(r, 0);
	const char *to = url_keep(r, "/activities", kept);

	if (id)
		to = arena_printf(r->arena, "/activities/%" PRId64 "%s", id, str_ends(r->path, "/edit") ? "/edit" : "");
	/* 301 for a page, 308 for a form, which must be sent again as it was. */
	r->resp.status = strcmp(r->method, "GET") ? 308 : 301;
	resp_header(r, "Location", to);
	return 0;
}
