/*
 * page_plans.c - action plans in the browser: the list (which is also the
 * roll-up from the units to the organisation), a plan with its quarter
 * grid, its status per area and its activities area by area, its areas
 * added, renamed and reordered, its unfinished activities carried into next
 * year, and its follow-up report downloaded as HTML, Markdown or DOCX.
 *
 * The plan page shows the report's quarter grid as a document fragment
 * (doc_html_fragment()), so it begins with page_begin_doc(), which links
 * static/doc.css. The report files are downloads (Content-Disposition:
 * attachment): the standalone HTML carries its own <style>, which the
 * pages' Content-Security-Policy would refuse if it were shown inline.
 *
 * Who may do what: everyone with a role in scope reads; administrators and
 * coordinators in scope make and change plans. The route's scope
 * (plan_scope, plan_area_scope) reads the record once.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/activity.h"
#include "domain/listexport.h"
#include "domain/plan.h"
#include "domain/plan_report.h"
#include "io/doc.h"
#include "web/layout.h"
#include "web/page_plans.h"
#include "web/widgets.h"

#define PLANS_PAGE 50

/* "Handlingsplan 2022 – Ekdala kommun" */
const char *plan_page_title(struct req *r, const struct plan *p)
{
	return arena_printf(r->arena, "%s %" PRId64 " – %s", tr(r->lang, "Action plan"), p->year,
			    plan_display_title(p));
}

static void counts_cells(struct html *h, const struct plan_counts *c)
{
	HTML_LIT(h, "<td class=\"num\">");
	html_int(h, c->total);
	HTML_LIT(h, "</td>");
	for (size_t k = 0; k < PLAN_N_STATUS; k++) {
		HTML_LIT(h, "<td class=\"num\">");
		html_int(h, c->by_status[k]);
		HTML_LIT(h, "</td>");
	}
	HTML_LIT(h, "<td class=\"num\">");
	if (c->overdue) {
		HTML_LIT(h, "<strong class=\"flag\">");
		html_int(h, c->overdue);
		HTML_LIT(h, "</strong>");
	} else {
		HTML_LIT(h, "0");
	}
	HTML_LIT(h, "</td>");
}

static void counts_head(struct html *h)
{
	HTML_LIT(h, "<th scope=\"col\" class=\"num\">");
	html_tr(h, "Activities");
	HTML_LIT(h, "</th>");
	for (size_t k = 0; k < PLAN_N_STATUS; k++) {
		HTML_LIT(h, "<th scope=\"col\" class=\"num\">");
		html_tr(h, activity_status_labels[k]);
		HTML_LIT(h, "</th>");
	}
	HTML_LIT(h, "<th scope=\"col\" class=\"num\">");
	html_tr(h, "Overdue");
	HTML_LIT(h, "</th>");
}

static void add_counts(struct plan_counts *sum, const struct plan_counts *c)
{
	sum->total += c->total;
	sum->overdue += c->overdue;
	for (size_t k = 0; k < PLAN_N_STATUS; k++)
		sum->by_status[k] += c->by_status[k];
}

/* The plans with their counts and a total row: the roll-up. */
static void rollup_table(struct html *h, const struct plan *list, size_t n, const char *caption)
{
	struct plan_counts sum = { 0 };

	HTML_LIT(h, "<table><caption>");
	html_text(h, caption);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Action plan");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Unit");
	HTML_LIT(h, "</th>");
	counts_head(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "plan", list[i].id,
			    arena_printf(h->b.arena, "%" PRId64 " %s", list[i].year, plan_display_title(&list[i])));
		HTML_LIT(h, "</th><td>");
		link_record(h, "unit", list[i].unit_id, list[i].unit_name);
		HTML_LIT(h, "</td>");
		counts_cells(h, &list[i].counts);
		HTML_LIT(h, "</tr>");
		add_counts(&sum, &list[i].counts);
	}
	HTML_LIT(h, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">");
	html_tr(h, "Total");
	HTML_LIT(h, "</th>");
	counts_cells(h, &sum);
	HTML_LIT(h, "</tr></tfoot></table>");
}

/* --- the list --- */

int page_plans(struct req *r)
{
	struct plan_filter f = { 0 };
	struct plan *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	struct url base;
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = plan_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, PLANS_PAGE, &f.limit, &f.offset);
	if ((rc = plan_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Action plans"));
	page_h1(h, N_("Action plans"));
	page_flash(h, r);
	HTML_LIT(h, "<p class=\"actions\">");
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, "<a class=\"button\" href=\"/plans/new\">");
		html_tr(h, "New action plan");
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "<a href=\"/activities\">");
	html_tr(h, "All activities");
	HTML_LIT(h, "</a> · <a href=\"/wheel\">");
	html_tr(h, "Annual wheel");
	HTML_LIT(h, "</a></p>");
	filters_search_open(h, "/plans");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_input(h, r, "number", "year", "Year", req_query(r, "year"), false, NULL, NULL);
	filters_close(h);
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/plans", plan_filter_args);
	HTML_LIT(h, "</p>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No action plan matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		rollup_table(h, list, n,
			     arena_printf(r->arena, "%s (%" PRId64 ")", tr(r->lang, "Action plans"), total));
	}
	url_init(&base, r->arena, "/plans");
	url_add_int(&base, "unit_id", f.unit_id);
	url_add_int(&base, "year", f.year);
	page_pager(h, r, url_str(&base), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

PAGE_FILTER_READER(list_filter, plan_filter_parse)
PAGE_LIST_EXPORTER(list_render, plan_export)

static const struct page_export plans_export = {
	PAGE_EXPORT_FILTER(struct plan_filter),
	.filter = list_filter,
	.render = list_render,
	.filename = plan_export_filename,
};

int page_plans_export(struct req *r)
{
	return page_export(r, &plans_export);
}

/* --- a new plan --- */

struct new_view {
	struct plan_input in;
	const char *areas; /* one name a line */
	const char *year;  /* as typed */
};

static int new_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct new_view *v = ctx;
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "New action plan"));
	page_crumb(h, "/plans", N_("Action plans"));
	page_h1(h, N_("New action plan"));
	form_errors(h, r, e);
	form_open(h, r, "/plans");
	form_picker(h, r, "unit_id", "Unit", &units, v->in.unit_id, e);
	form_input(h, r, "number", "year", "Year", v->year, true, NULL, e);
	form_text(h, r, "title", "Title (empty: the unit's name)", v->in.title, false, e);
	form_textarea(h, r, "areas", "Areas, one a line", v->areas, e);
	form_submit(h, "Create", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_plan_new(struct req *r)
{
	struct new_view v = { 0 };
	char today[11];

	plan_today(today);
	v.in.unit_id = query_int(r, "unit_id", 0);
	v.year = arena_strndup(r->arena, today, 4);
	v.areas = "";
	return new_form(r, &v, NULL);
}

/* The lines of @text that hold more than blanks. */
static const char **lines_of(struct req *r, const char *text, size_t *n)
{
	size_t cap = 1;
	const char **out;
	*n = 0;
	for (const char *p = text ? text : ""; *p; p++)
		cap += *p == '\n';
	out = arena_calloc(r->arena, cap, sizeof(*out));
	for (const char *p = text ? text : ""; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *line = str_trim(arena_strndup(r->arena, p, len));
		if (*line)
			out[(*n)++] = line;
		p += len + (end ? 1 : 0);
	}
	return out;
}

int page_plan_create(struct req *r)
{
	struct new_view v = { 0 };
	const char **areas;
	size_t n_areas;
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	v.in.unit_id = form_int(r, "unit_id", 0);
	v.year = req_form(r, "year");
	v.in.year = form_int(r, "year", 0);
	v.in.title = req_form(r, "title");
	v.areas = req_form(r, "areas");
	areas = lines_of(r, v.areas, &n_areas);
	if (!(db = req_db(r)))
		return r->err.code;
	rc = plan_create(db, r->arena, r->auth, &v.in, areas, n_areas, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/plans/%" PRId64 "?msg=created", id), new_form, &v);
}

/* --- one plan --- */

/* One stacked bar per area: how many of its activities have each status. SVG without style attributes. */
static const char *const status_fill[PLAN_N_STATUS] = { "#8a96a3", "#b5d3e7", "#f2c14e", "#2f6f8f", "#1e6b34" };

static void status_bars(struct html *h, struct req *r, const struct plan_area *areas, size_t n)
{
	const int label_w = 220, bar_w = 380, row_h = 28, top = 34;
	int64_t most = 1;
	int height = top + (int)n * row_h + 8;

	for (size_t i = 0; i < n; i++)
		if (areas[i].counts.total > most)
			most = areas[i].counts.total;
	HTML_LIT(h, "<figure class=\"chart\"><svg class=\"chart\" role=\"img\" aria-labelledby=\"bars-t bars-d\""
		    " xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	html_int(h, label_w + bar_w + 60);
	HTML_LIT(h, " ");
	html_int(h, height);
	HTML_LIT(h, "\" width=\"");
	html_int(h, label_w + bar_w + 60);
	HTML_LIT(h, "\" height=\"");
	html_int(h, height);
	HTML_LIT(h, "\"><title id=\"bars-t\">");
	html_tr(h, "Status per area");
	HTML_LIT(h, "</title><desc id=\"bars-d\">");
	for (size_t i = 0; i < n; i++) {
		html_text(h, areas[i].name);
		HTML_LIT(h, ": ");
		for (size_t k = 0; k < PLAN_N_STATUS; k++) {
			if (k)
				HTML_LIT(h, ", ");
			html_tr(h, activity_status_labels[k]);
			HTML_LIT(h, " ");
			html_int(h, areas[i].counts.by_status[k]);
		}
		HTML_LIT(h, ". ");
	}
	HTML_LIT(h, "</desc>");
	/* The legend. */
	for (size_t k = 0, x = 0; k < PLAN_N_STATUS; k++) {
		HTML_LIT(h, "<rect x=\"");
		html_int(h, (int64_t)x);
		HTML_LIT(h, "\" y=\"4\" width=\"12\" height=\"12\" fill=\"");
		html_attr(h, status_fill[k]);
		HTML_LIT(h, "\"/><text x=\"");
		html_int(h, (int64_t)x + 16);
		HTML_LIT(h, "\" y=\"15\" font-size=\"12\" fill=\"currentColor\">");
		html_tr(h, activity_status_labels[k]);
		HTML_LIT(h, "</text>");
		x += 16 + 8 * str_utf8_len(tr(r->lang, activity_status_labels[k])) + 14;
	}
	for (size_t i = 0; i < n; i++) {
		int y = top + (int)i * row_h, x = label_w;
		HTML_LIT(h, "<text x=\"0\" y=\"");
		html_int(h, y + 17);
		HTML_LIT(h, "\" font-size=\"13\" fill=\"currentColor\">");
		html_text(h, areas[i].name);
		HTML_LIT(h, "</text>");
		for (size_t k = 0; k < PLAN_N_STATUS; k++) {
			int w = (int)(areas[i].counts.by_status[k] * bar_w / most);
			if (!w)
				continue;
			HTML_LIT(h, "<rect x=\"");
			html_int(h, x);
			HTML_LIT(h, "\" y=\"");
			html_int(h, y + 4);
			HTML_LIT(h, "\" width=\"");
			html_int(h, w);
			HTML_LIT(h, "\" height=\"18\" fill=\"");
			html_attr(h, status_fill[k]);
			HTML_LIT(h, "\"/>");
			x += w;
		}
		HTML_LIT(h, "<text x=\"");
		html_int(h, x + 6);
		HTML_LIT(h, "\" y=\"");
		html_int(h, y + 17);
		HTML_LIT(h, "\" font-size=\"13\" fill=\"currentColor\">");
		html_int(h, areas[i].counts.total);
		HTML_LIT(h, "</text>");
	}
	HTML_LIT(h, "</svg></figure>");
}

static void area_counts_table(struct html *h, const struct plan_area *areas, size_t n)
{
	struct plan_counts sum = { 0 };

	HTML_LIT(h, "<table><caption>");
	html_tr(h, "Status per area");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Area");
	HTML_LIT(h, "</th>");
	counts_head(h);
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, areas[i].name);
		HTML_LIT(h, "</th>");
		counts_cells(h, &areas[i].counts);
		HTML_LIT(h, "</tr>");
		add_counts(&sum, &areas[i].counts);
	}
	HTML_LIT(h, "</tbody><tfoot><tr><th scope=\"row\">");
	html_tr(h, "Total");
	HTML_LIT(h, "</th>");
	counts_cells(h, &sum);
	HTML_LIT(h, "</tr></tfoot></table>");
}

/* An activity's row: title, quarters, responsible, status (and overdue), next step. */
void plan_activity_row(struct html *h, struct req *r, const struct activity *ac, const char *today, bool with_plan)
{
	bool late = activity_overdue(ac, today);

	if (late)
		HTML_LIT(h, "<tr class=\"overdue\"><th scope=\"row\">");
	else
		HTML_LIT(h, "<tr><th scope=\"row\">");
	link_record(h, "activity", ac->id, ac->title);
	HTML_LIT(h, "</th>");
	if (with_plan) {
		HTML_LIT(h, "<td>");
		link_record(h, "plan", ac->plan_id,
			    arena_printf(r->arena, "%" PRId64 " %s", ac->plan_year,
					 ac->plan_title && *ac->plan_title ? ac->plan_title : ac->unit_name));
		HTML_LIT(h, "</td><td>");
		html_text(h, ac->area_name);
		HTML_LIT(h, "</td>");
	}
	HTML_LIT(h, "<td>");
	{
		const char *q = activity_quarters_text(r->arena, r->lang, ac->quarters);
		html_text(h, *q ? q : "–");
	}
	HTML_LIT(h, "</td><td>");
	html_text(h, ac->responsible_name ? ac->responsible_name : "–");
	if (ac->responsible_unit_name) {
		HTML_LIT(h, "<br><span class=\"kind\">");
		html_text(h, ac->responsible_unit_name);
		HTML_LIT(h, "</span>");
	}
	HTML_LIT(h, "</td><td>");
	html_tr(h, activity_status_label(ac->status));
	if (late) {
		HTML_LIT(h, " <strong class=\"flag\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong>");
	}
	HTML_LIT(h, "</td><td>");
	for (int k = 0; k < ACTIVITY_NEXT_STEP_COUNT; k++)
		if (!strcmp(activity_next_steps[k], ac->next_step) && k)
			html_tr(h, activity_next_step_labels[k]);
	HTML_LIT(h, "</td></tr>");
}

void plan_activity_head(struct html *h, bool with_plan)
{
	HTML_LIT(h, "<thead><tr><th scope=\"col\">");
	html_tr(h, "Activity");
	HTML_LIT(h, "</th>");
	if (with_plan) {
		HTML_LIT(h, "<th scope=\"col\">");
		html_tr(h, "Action plan");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Area");
		HTML_LIT(h, "</th>");
	}
	HTML_LIT(h, "<th scope=\"col\">");
	html_tr(h, "Quarters");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Responsible");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Status");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Next step");
	HTML_LIT(h, "</th></tr></thead>");
}

/* The areas with their forms: rename, move up or down, and one to add. */
static void areas_section(struct html *h, struct req *r, const struct plan *p, const struct plan_area *areas, size_t n,
			  const struct err *e)
{
	HTML_LIT(h, "<section aria-labelledby=\"areas-h\"><h2 id=\"areas-h\">");
	html_tr(h, "Areas");
	HTML_LIT(h, "</h2>");
	form_errors(h, r, e);
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Areas");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Order");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Name");
	HTML_LIT(h, "</th><th scope=\"col\"><span class=\"sr-only\">");
	html_tr(h, "Move");
	HTML_LIT(h, "</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const char *action = arena_printf(r->arena, "/plan-areas/%" PRId64 "/edit", areas[i].id);
		HTML_LIT(h, "<tr><td>");
		html_int(h, areas[i].position);
		HTML_LIT(h, "</td><td><form class=\"inline\" method=\"post\" action=\"");
		html_attr(h, action);
		HTML_LIT(h, "\">");
		if (r->auth->csrf)
			form_hidden(h, "csrf", r->auth->csrf);
		form_hidden_int(h, "version", areas[i].version);
		HTML_LIT(h, "<label class=\"sr-only\" for=\"area-");
		html_int(h, areas[i].id);
		HTML_LIT(h, "\">");
		html_tr(h, "Name of the area");
		HTML_LIT(h, "</label><input type=\"text\" name=\"name\" id=\"area-");
		html_int(h, areas[i].id);
		HTML_LIT(h, "\" value=\"");
		html_attr(h, areas[i].name);
		HTML_LIT(h, "\"> <button type=\"submit\" class=\"secondary\">");
		html_tr(h, "Rename");
		HTML_LIT(h, "<span class=\"sr-only\"> ");
		html_text(h, areas[i].name);
		HTML_LIT(h, "</span></button></form></td><td>");
		for (int dir = -1; dir <= 1; dir += 2) {
			int64_t to = areas[i].position + dir;
			if (to < 1 || to > (int64_t)n)
				continue;
			HTML_LIT(h, "<form class=\"inline\" method=\"post\" action=\"");
			html_attr(h, action);
			HTML_LIT(h, "\">");
			if (r->auth->csrf)
				form_hidden(h, "csrf", r->auth->csrf);
			form_hidden_int(h, "version", areas[i].version);
			form_hidden(h, "name", areas[i].name);
			form_hidden_int(h, "position", to);
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, dir < 0 ? N_("Up") : N_("Down"));
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_text(h, areas[i].name);
			HTML_LIT(h, "</span></button></form> ");
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	form_open(h, r, arena_printf(r->arena, "/plans/%" PRId64 "/areas", p->id));
	form_text(h, r, "name", "New area", NULL, true, NULL);
	form_submit(h, "Add area", false);
	form_close(h);
	HTML_LIT(h, "</section>");
}

static int plan_page(struct req *r, const struct plan *p, const struct err *area_err)
{
	struct plan_area *areas;
	struct activity *list;
	struct plan *below;
	struct activity_filter f;
	struct plan_filter pf = { 0 };
	struct doc *grid;
	size_t n_areas, n, n_below;
	char today[11];
	bool can_edit = authz_in_scope(r->auth, ACCESS_EDIT, p->unit_path);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	activity_filter_init(&f);
	f.plan_id = p->id;
	f.limit = 10000;
	pf.viewer_id = r->auth->user_id;
	pf.unit_id = p->unit_id;
	pf.year = p->year;
	pf.limit = 500;
	if ((rc = plan_areas(db, r->arena, p, &areas, &n_areas, &r->err)) ||
	    (rc = activity_list(db, r->arena, &f, &list, &n, NULL, &r->err)) ||
	    (rc = plan_report_grid(db, r->arena, r->lang, p, &grid, &r->err)) ||
	    (rc = plan_list(db, r->arena, &pf, &below, &n_below, NULL, &r->err)))
		return rc;
	plan_today(today);

	h = page_begin_doc(r, plan_page_title(r, p));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/plans\">");
	html_tr(h, "Action plans");
	HTML_LIT(h, "</a> › ");
	link_record(h, "unit", p->unit_id, p->unit_name);
	HTML_LIT(h, "</p><h1>");
	html_text(h, plan_page_title(r, p));
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<p class=\"actions\">");
	if (can_edit) {
		HTML_LIT(h, "<a class=\"button\" href=\"/plans/");
		html_int(h, p->id);
		HTML_LIT(h, "/activities/new\">");
		html_tr(h, "New activity");
		HTML_LIT(h, "</a> <a class=\"button\" href=\"/plans/");
		html_int(h, p->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit the title");
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "<a href=\"/activities?plan_id=");
	html_int(h, p->id);
	HTML_LIT(h, "\">");
	html_tr(h, "The activities as a list");
	HTML_LIT(h, "</a></p>");

	HTML_LIT(h, "<section aria-labelledby=\"report-h\"><h2 id=\"report-h\">");
	html_tr(h, "Follow-up report");
	HTML_LIT(h, "</h2><p class=\"actions\">");
	static const char *const fmt_ext[] = { "docx", "html", "md" };
	static const char *const fmt_label[] = { N_("Download as Word (DOCX)"), N_("Download as HTML (for print)"),
						 N_("Download as Markdown") };
	for (size_t i = 0; i < 3; i++) {
		HTML_LIT(h, "<a class=\"button\" href=\"/plans/");
		html_int(h, p->id);
		HTML_LIT(h, "/report.");
		html_attr(h, fmt_ext[i]);
		HTML_LIT(h, "\">");
		html_tr(h, fmt_label[i]);
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "</p></section>");

	HTML_LIT(h, "<section aria-labelledby=\"grid-h\"><h2 id=\"grid-h\">");
	html_tr(h, "Quarter grid");
	HTML_LIT(h, "</h2>");
	if (n)
		doc_html_fragment(h, grid);
	else {
		HTML_LIT(h, "<p>");
		html_tr(h, "The plan has no activities yet.");
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "</section>");

	if (n_areas) {
		HTML_LIT(h, "<section aria-labelledby=\"status-h\"><h2 id=\"status-h\">");
		html_tr(h, "Status per area");
		HTML_LIT(h, "</h2>");
		status_bars(h, r, areas, n_areas);
		area_counts_table(h, areas, n_areas);
		HTML_LIT(h, "</section>");
	}

	HTML_LIT(h, "<section aria-labelledby=\"acts-h\"><h2 id=\"acts-h\">");
	html_tr(h, "Activities");
	HTML_LIT(h, "</h2>");
	for (size_t k = 0; k < n_areas; k++) {
		size_t shown = 0;
		HTML_LIT(h, "<h3>");
		html_text(h, areas[k].name);
		HTML_LIT(h, "</h3>");
		for (size_t i = 0; i < n; i++) {
			if (list[i].area_id != areas[k].id)
				continue;
			if (!shown++) {
				HTML_LIT(h, "<table><caption class=\"sr-only\">");
				html_text(h, areas[k].name);
				HTML_LIT(h, "</caption>");
				plan_activity_head(h, false);
				HTML_LIT(h, "<tbody>");
			}
			plan_activity_row(h, r, &list[i], today, false);
		}
		if (shown)
			table_close(h);
		else {
			HTML_LIT(h, "<p>");
			html_tr(h, "No activity in this area.");
			HTML_LIT(h, "</p>");
		}
		if (can_edit) {
			HTML_LIT(h, "<p><a href=\"/plans/");
			html_int(h, p->id);
			HTML_LIT(h, "/activities/new?area_id=");
			html_int(h, areas[k].id);
			HTML_LIT(h, "\">");
			html_tr(h, "New activity in this area");
			HTML_LIT(h, "<span class=\"sr-only\">: ");
			html_text(h, areas[k].name);
			HTML_LIT(h, "</span></a></p>");
		}
	}
	HTML_LIT(h, "</section>");

	if (can_edit) {
		HTML_LIT(h, "<section aria-labelledby=\"carry-h\"><h2 id=\"carry-h\">");
		html_tr(h, "Year end");
		HTML_LIT(h, "</h2><p>");
		html_tr(h, "Carry every unfinished activity whose next step is not decided into next year's plan. "
			   "Each can also be carried from its own page.");
		HTML_LIT(h, "</p>");
		form_open(h, r, arena_printf(r->arena, "/plans/%" PRId64 "/carry", p->id));
		form_submit(h, "Carry the unfinished activities into next year", false);
		form_close(h);
		HTML_LIT(h, "</section>");
		areas_section(h, r, p, areas, n_areas, area_err);
	}

	if (n_below > 1) {
		HTML_LIT(h, "<section aria-labelledby=\"rollup-h\"><h2 id=\"rollup-h\">");
		html_tr(h, "This unit and the units below it");
		HTML_LIT(h, "</h2>");
		rollup_table(h, below, n_below,
			     arena_printf(r->arena, "%s %" PRId64, tr(r->lang, "Action plans"), p->year));
		HTML_LIT(h, "</section>");
	}
	page_end(r, h);
	return 0;
}

int page_plan(struct req *r)
{
	return plan_page(r, scope_record(&r->scope, "plan"), NULL);
}

/* --- the title --- */

struct title_view {
	const struct plan *p;
	const char *title;
	int64_t version;
	const struct plan *cur;
};

static int title_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct title_view *v = ctx;
	struct html *h = page_begin(r, tr(r->lang, "Edit the title"));

	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/plans\">");
	html_tr(h, "Action plans");
	HTML_LIT(h, "</a> › ");
	link_record(h, "plan", v->p->id, plan_page_title(r, v->p));
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Edit the title");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Title", v->cur->title);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r, arena_printf(r->arena, "/plans/%" PRId64 "/edit", v->p->id));
	form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title (empty: the unit's name)", v->title, false, e);
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_plan_edit(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	struct title_view v = { p, p->title, p->version, NULL };
	return title_form(r, &v, NULL);
}

int page_plan_update(struct req *r)
{
	const struct plan *before = scope_record(&r->scope, "plan");
	struct title_view v = { before, req_form(r, "title"), form_int(r, "version", -1), NULL };
	struct plan cur = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = plan_update(db, r->arena, r->auth, before, v.version, v.title, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.p = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/plans/%" PRId64 "?msg=saved", before->id), title_form,
			  &v);
}

/* --- areas --- */

static int area_again(struct req *r, const void *ctx, const struct err *e)
{
	return plan_page(r, ctx, e);
}

int page_plan_area_add(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = plan_area_add(db, r->arena, r->auth, p, req_form(r, "name"), NULL, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/plans/%" PRId64 "?msg=saved#areas-h", p->id), area_again,
			  p);
}

int page_plan_area_update(struct req *r)
{
	const struct plan_area_ref *ref = scope_record(&r->scope, "plan_area");
	struct plan_area cur = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = plan_area_update(db, r->arena, r->auth, ref, form_int(r, "version", -1), req_form(r, "name"),
			      form_int(r, "position", 0), &cur, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/plans/%" PRId64 "?msg=saved#areas-h", ref->plan.id),
			  area_again, &ref->plan);
}

/* --- year end --- */

int page_plan_carry(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	struct plan next;
	size_t n = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = activity_carry_all(db, r->arena, r->auth, p, &n, &r->err)))
		return rc;
	if (plan_find(db, r->arena, p->unit_id, p->year + 1, &next, &r->err) == 0)
		return resp_redirect(r, arena_printf(r->arena, "/plans/%" PRId64 "?msg=carried", next.id));
	return resp_redirect(r, arena_printf(r->arena, "/plans/%" PRId64 "?msg=nothing-carried", p->id));
}

/* --- the report --- */

static int report(struct req *r, enum plan_report_format format)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	const char *data, *mime;
	struct doc *d;
	size_t len;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = plan_report_build(db, r->arena, r->lang, p, &d, &r->err)) ||
	    (rc = plan_report_render(r->arena, d, format, &data, &len, &mime, &r->err)))
		return rc;
	resp_file(r, data, len, mime, plan_report_filename(r->arena, p, format));
	return 0;
}

int page_plan_report_html(struct req *r)
{
	return report(r, PLAN_REPORT_HTML);
}

int page_plan_report_md(struct req *r)
{
	return report(r, PLAN_REPORT_MD);
}

int page_plan_report_docx(struct req *r)
{
	return report(r, PLAN_REPORT_DOCX);
}
