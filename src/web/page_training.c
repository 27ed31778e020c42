/*
 * page_training.c - training in the browser.
 *
 * The overview draws coverage over the years for the chosen unit, one
 * chart per target group with a mandatory course and one for the counted
 * completions (svgchart.h), with every number of every unit directly
 * below it in a table; below it, the people with a role whose mandatory
 * course is missing or expired, in the units where the viewer may edit.
 * The catalogue (courses, target groups and their members) is kept by
 * installation-wide administrators; completions are recorded by those
 * who may edit in the unit, one by one, counted per year, or imported
 * from a learning platform's CSV file (a dry run first).
 */
#include "web/page_training.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/training.h"
#include "domain/training_io.h"
#include "domain/unit.h"
#include "domain/validate.h"
#include "web/layout.h"
#include "web/page_import.h"
#include "web/page_risks.h"
#include "web/svgchart.h"
#include "web/widgets.h"

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%" PRId64, v);
}

static int this_year(void)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return atoi(now);
}

static const char *percent(struct req *r, int64_t part, int64_t whole)
{
	return whole ? arena_printf(r->arena, "%" PRId64 " %%", (part * 100 + whole / 2) / whole) : "–";
}

static void subnav(struct html *h, struct req *r)
{
	static const char *const href[] = { "/training",        "/training/missing",     "/training/courses",
					    "/training/groups", "/training/completions", "/training/counts",
					    "/training/import" };
	static const char *const label[] = { N_("Coverage"),          N_("Missing a course"), N_("Courses"),
					     N_("Target groups"),     N_("Completions"),      N_("Counted per unit"),
					     N_("Import completions") };
	HTML_LIT(h, "<nav class=\"subnav\" aria-label=\"");
	html_tr(h, "Training");
	HTML_LIT(h, "\"><ul>");
	for (size_t i = 0; i < sizeof(href) / sizeof(href[0]); i++) {
		HTML_LIT(h, "<li><a href=\"");
		html_attr(h, href[i]);
		if (!strcmp(r->path, href[i]))
			HTML_LIT(h, "\" aria-current=\"page");
		HTML_LIT(h, "\">");
		html_tr(h, label[i]);
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "</ul></nav>");
}

static void coverage_chart(struct html *h, struct req *r, const struct training_coverage *rows, size_t n,
			   int64_t unit_id, int64_t group_id, const char *group_name, int index)
{
	struct svgchart_point *pts = arena_calloc(r->arena, n ? n : 1, sizeof(*pts));
	struct svgchart c = { 0 };
	struct buf desc;
	size_t k = 0;

	buf_init(&desc, r->arena);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].unit_id != unit_id || rows[i].group_id != group_id)
			continue;
		pts[k].label = arena_printf(r->arena, "%d", rows[i].year);
		pts[k].missing = rows[i].total == 0;
		pts[k].value = rows[i].total ? 100.0 * (double)rows[i].completed / (double)rows[i].total : 0;
		buf_addf(&desc, "%s%d: %s (%" PRId64 " / %" PRId64 ")", k ? "; " : "", rows[i].year,
			 percent(r, rows[i].completed, rows[i].total), rows[i].completed, rows[i].total);
		k++;
	}
	c.kind = SVGCHART_LINE;
	c.id = arena_printf(r->arena, "coverage-%d", index);
	c.title = arena_printf(r->arena, "%s: %s", tr(r->lang, "Coverage"), group_name);
	c.desc = desc.data ? desc.data : "";
	c.y_min = 0;
	c.y_max = 100;
	c.y_ticks = 4;
	c.value_template = tr(r->lang, "{1}%");
	c.points = pts;
	c.n_points = k;
	c.width = 420;
	c.height = 220;
	HTML_LIT(h, "<figure class=\"chart\">");
	svgchart_write(h, &c);
	HTML_LIT(h, "</figure>");
}

int page_training(struct req *r)
{
	struct training_coverage *rows;
	struct training_coverage_filter cf = { 0 };
	struct training_gap_filter gf = { .limit = 20 };
	struct training_gap *gaps;
	struct picker units = { 0 };
	size_t n, n_gaps;
	int64_t all_gaps = 0;
	struct err e = { 0 };
	int64_t unit_id;
	int to, from;
	struct html *h;
	struct db *db;
	int rc, charts = 0;

	if (!(db = req_db(r)))
		return r->err.code;
	if (training_coverage_filter_parse(&cf, this_year(), req_query_get, r, &e)) {
		cf = (struct training_coverage_filter){ .to_year = this_year(), .from_year = this_year() - 4 };
		r->resp.status = 400;
	}
	unit_id = gf.unit_id = cf.unit_id;
	from = cf.from_year, to = cf.to_year;
	if ((rc = training_coverage(db, r->arena, r->auth, unit_id, from, to, NULL, &rows, &n, &r->err)) ||
	    (rc = training_missing_list(db, r->arena, r->auth, &gf, &gaps, &n_gaps, &all_gaps, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Training"));
	subnav(h, r);
	page_h1(h, N_("Training coverage"));
	page_flash(h, r);
	form_errors(h, r, &e);
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"/training\">");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_input(h, r, "number", "from", "From year", num(r, from), false, NULL, NULL);
	form_input(h, r, "number", "to", "To year", num(r, to), false, NULL, NULL);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form><p>");
	html_tr(h, "Coverage is the share of a target group's members holding a role in the unit who, at the end of "
		   "each year, hold a valid completion of every course mandatory for the group; counted completions "
		   "are the numbers completed of the numbers employed that units report.");
	HTML_LIT(h, "</p>");
	page_export_links(h, r, "/training/export", training_coverage_filter_args);
	HTML_LIT(h, "<div class=\"charts\">");
	for (size_t i = 0; i < n; i++) {
		bool first = true;
		if (rows[i].year != from || rows[i].unit_id != unit_id)
			continue;
		for (size_t k = 0; k < i && first; k++)
			first = !(rows[k].unit_id == unit_id && rows[k].group_id == rows[i].group_id);
		if (first)
			coverage_chart(h, r, rows, n, unit_id, rows[i].group_id,
				       rows[i].group_name ? rows[i].group_name : tr(r->lang, "Counted per unit"),
				       charts++);
	}
	HTML_LIT(h, "</div>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No course is mandatory for a target group yet, and no unit has reported counts.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Coverage per unit and target group"), -1,
			   (const char *const[]){ N_("Year"), N_("Unit"), N_("Target group"), TABLE_NUM,
						  N_("Completed"), TABLE_NUM, N_("Of"), TABLE_NUM, N_("Coverage"),
						  NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			html_int(h, rows[i].year);
			HTML_LIT(h, "</td><th scope=\"row\">");
			if (rows[i].unit_id)
				link_record(h, "unit", rows[i].unit_id, rows[i].unit_name);
			else
				html_tr(h, "All units");
			HTML_LIT(h, "</th><td>");
			if (rows[i].group_name)
				html_text(h, rows[i].group_name);
			else
				html_tr(h, "Counted per unit");
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, rows[i].completed);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, rows[i].total);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_text(h, percent(r, rows[i].completed, rows[i].total));
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	HTML_LIT(h, "<h2 id=\"missing\">");
	html_tr(h, "People missing a mandatory course");
	HTML_LIT(h, "</h2>");
	if (!n_gaps) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nobody in the units where you may edit lacks a mandatory course.");
		HTML_LIT(h, "</p>");
	} else {
		page_training_gaps_table(h, gaps, n_gaps, all_gaps);
		HTML_LIT(h, "<p><a href=\"");
		html_attr(h, url_keep(r, "/training/missing", training_gap_filter_args));
		HTML_LIT(h, "\">");
		html_tr1(h, N_("All %s people missing a mandatory course, to filter, sort and export"),
			 num(r, all_gaps));
		HTML_LIT(h, "</a></p>");
	}
	page_end(r, h);
	return 0;
}

/* --- courses --- */

static void groups_of(struct html *h, const struct course_group *pairs, size_t n, int64_t course_id)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (pairs[i].course_id != course_id)
			continue;
		if (any)
			HTML_LIT(h, ", ");
		html_text(h, pairs[i].group_name);
		any = true;
	}
	if (!any)
		HTML_LIT(h, "–");
}

static int course_of_path(struct req *r, struct db *db, struct course *c)
{
	return course_get(db, r->arena, req_arg_id(r, 0), c, &r->err);
}

int page_training_course(struct req *r)
{
	struct course c;
	struct course_group *pairs;
	struct training_completion_filter f = { 0 };
	struct training_completion *done;
	size_t n_pairs, n_done;
	int64_t total = 0;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	f.course_id = req_arg_id(r, 0);
	f.limit = 20;
	if ((rc = course_of_path(r, db, &c)) || (rc = course_groups(db, r->arena, &pairs, &n_pairs, &r->err)) ||
	    (rc = training_completion_list(db, r->arena, &f, &done, &n_done, &total, &r->err)))
		return rc;
	h = page_begin(r, c.title);
	subnav(h, r);
	page_crumb(h, "/training/courses", N_("Courses"));
	HTML_LIT(h, "<h1>");
	html_text(h, c.title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/training/courses/");
		html_int(h, c.id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Provider", c.provider);
	detail_row(h, "Length (minutes)", num(r, c.length_minutes));
	detail_row(h, "Valid for (months)", c.validity_months ? num(r, c.validity_months) : tr(r->lang, "For ever"));
	if (*c.link) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Link");
		HTML_LIT(h, "</dt><dd><a rel=\"noopener noreferrer\" href=\"");
		html_attr(h, c.link);
		HTML_LIT(h, "\">");
		html_text(h, c.link);
		HTML_LIT(h, "</a></dd>");
	}
	HTML_LIT(h, "<dt>");
	html_tr(h, "Mandatory for");
	HTML_LIT(h, "</dt><dd>");
	groups_of(h, pairs, n_pairs, c.id);
	HTML_LIT(h, "</dd></dl><h2>");
	html_tr(h, "Latest completions");
	HTML_LIT(h, " (");
	html_int(h, total);
	HTML_LIT(h, ")</h2><ul>");
	for (size_t i = 0; i < n_done; i++) {
		HTML_LIT(h, "<li>");
		html_text(h, done[i].completed_on);
		HTML_LIT(h, " – ");
		html_text(h, done[i].user_name);
		HTML_LIT(h, " (");
		html_text(h, done[i].unit_name);
		HTML_LIT(h, ")</li>");
	}
	HTML_LIT(h, "</ul>");
	page_end(r, h);
	return 0;
}

struct course_view {
	const struct course *c; /* NULL: new */
	const struct course_input *in;
	int64_t version;
	const struct course *cur;
};

static int group_picker(struct req *r, struct db *db, struct picker *p)
{
	struct training_group *g;
	size_t n;
	int rc = training_groups(db, r->arena, &g, &n, &r->err);
	if (rc)
		return rc;
	p->values = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->n = n;
	for (size_t i = 0; i < n; i++) {
		p->values[i] = num(r, g[i].id);
		p->labels[i] = g[i].name;
	}
	return 0;
}

static int course_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct course_view *v = ctx;
	struct picker groups = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = group_picker(r, db, &groups)))
		return rc;
	h = page_begin(r, tr(r->lang, v->c ? N_("Edit course") : N_("New course")));
	subnav(h, r);
	HTML_LIT(h, "<h1>");
	html_tr(h, v->c ? N_("Edit course") : N_("New course"));
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<p>");
		html_text(h, v->cur->title);
		HTML_LIT(h, "</p></section>");
	}
	form_open(h, r,
		  v->c ? arena_printf(r->arena, "/training/courses/%" PRId64 "/edit", v->c->id) : "/training/courses");
	if (v->c)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", v->in->title, true, e);
	form_text(h, r, "provider", "Provider", v->in->provider, false, e);
	form_input(h, r, "number", "length_minutes", "Length (minutes)", num(r, v->in->length_minutes), false, NULL, e);
	form_input(h, r, "number", "validity_months", "Valid for (months, 0 for ever)", num(r, v->in->validity_months),
		   false, NULL, e);
	form_input(h, r, "url", "link", "Link", v->in->link, false, NULL, e);
	risk_multi_select(h, r, "group_ids", "Mandatory for the target groups", &groups, v->in->group_ids,
			  v->in->n_group_ids, e);
	form_submit(h, v->c ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct course_input course_from_form(struct req *r)
{
	struct course_input in = { 0 };
	int64_t *ids;
	in.title = req_form(r, "title");
	in.provider = req_form(r, "provider");
	in.length_minutes = form_int(r, "length_minutes", 0);
	in.validity_months = form_int(r, "validity_months", 0);
	in.link = req_form(r, "link");
	risk_form_ids(r, "group_ids", &ids, &in.n_group_ids);
	in.group_ids = ids;
	in.set_groups = true;
	return in;
}

int page_training_course_new(struct req *r)
{
	struct course_input in = { 0 };
	struct course_view v = { NULL, &in, 0, NULL };
	return course_form(r, &v, NULL);
}

int page_training_course_create(struct req *r)
{
	struct course_input in = course_from_form(r);
	struct course_view v = { NULL, &in, 0, NULL };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = course_create(db, r->arena, r->auth, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/training/courses/%" PRId64 "?msg=created", id),
			  course_form, &v);
}

static struct course_input input_with_groups(struct req *r, struct db *db, const struct course *c)
{
	struct course_input in = course_input_of(c, NULL, 0);
	struct course_group *pairs;
	size_t n, k = 0;
	int64_t *ids;
	if (course_groups(db, r->arena, &pairs, &n, &r->err))
		n = 0;
	ids = arena_calloc(r->arena, n + 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		if (pairs[i].course_id == c->id)
			ids[k++] = pairs[i].group_id;
	in.group_ids = ids;
	in.n_group_ids = k;
	in.set_groups = true;
	return in;
}

int page_training_course_edit(struct req *r)
{
	struct course *c = arena_calloc(r->arena, 1, sizeof(*c));
	struct course_input in;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = course_of_path(r, db, c)))
		return rc;
	in = input_with_groups(r, db, c);
	struct course_view v = { c, &in, c->version, NULL };
	return course_form(r, &v, NULL);
}

int page_training_course_update(struct req *r)
{
	struct course *before = arena_calloc(r->arena, 1, sizeof(*before)), cur = { 0 };
	struct course_input in = course_from_form(r);
	struct course_view v = { before, &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = course_of_path(r, db, before)))
		return rc;
	rc = course_update(db, r->arena, r->auth, before, v.version, &in, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.c = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/training/courses/%" PRId64 "?msg=saved", before->id),
			  course_form, &v);
}

/* --- target groups --- */

static int groups_page(struct req *r, const struct err *e)
{
	struct training_group *g;
	struct picker users = { 0 };
	size_t n;
	bool admin = authz_global(r->auth, ACCESS_ADMIN);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = training_groups(db, r->arena, &g, &n, &r->err)) ||
	    (admin && (rc = picker_users(r, db, NULL, 0, 0, &users))))
		return rc;
	h = page_begin(r, tr(r->lang, "Target groups"));
	subnav(h, r);
	page_h1(h, N_("Target groups"));
	page_flash(h, r);
	form_errors(h, r, e);
	for (size_t i = 0; i < n; i++) {
		struct training_member_filter mf = { .group_id = g[i].id, .limit = 20 };
		struct training_member *m;
		size_t n_m;
		if ((rc = training_member_list(db, r->arena, &mf, &m, &n_m, NULL, &r->err)))
			return rc;
		HTML_LIT(h, "<section class=\"group\" aria-labelledby=\"g-");
		html_int(h, g[i].id);
		HTML_LIT(h, "\"><h2 id=\"g-");
		html_int(h, g[i].id);
		HTML_LIT(h, "\">");
		link_record(h, "training_group", g[i].id, g[i].name);
		HTML_LIT(h, " (");
		html_int(h, g[i].n_members);
		HTML_LIT(h, ")</h2>");
		if (*g[i].description) {
			HTML_LIT(h, "<p>");
			html_text(h, g[i].description);
			HTML_LIT(h, "</p>");
		}
		HTML_LIT(h, "<ul>");
		for (size_t k = 0; k < n_m; k++) {
			HTML_LIT(h, "<li>");
			html_text(h, m[k].display_name);
			if (admin) {
				HTML_LIT(h, " <form class=\"inline\" method=\"post\" action=\"/training/groups/");
				html_int(h, g[i].id);
				HTML_LIT(h, "/members/remove\">");
				form_hidden(h, "csrf", r->auth->csrf ? r->auth->csrf : "");
				form_hidden_int(h, "user_id", m[k].user_id);
				HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
				html_tr(h, "Remove");
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_text(h, m[k].display_name);
				HTML_LIT(h, "</span></button></form>");
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
		if ((int64_t)n_m < g[i].n_members) {
			HTML_LIT(h, "<p><a href=\"/training/groups/");
			html_int(h, g[i].id);
			HTML_LIT(h, "\">");
			html_tr1(h, N_("All %s members, to search"), num(r, g[i].n_members));
			HTML_LIT(h, "</a></p>");
		}
		if (admin) {
			HTML_LIT(h, "<form method=\"post\" class=\"inline\" action=\"/training/groups/");
			html_int(h, g[i].id);
			HTML_LIT(h, "/members\">");
			form_hidden(h, "csrf", r->auth->csrf ? r->auth->csrf : "");
			HTML_LIT(h, "<label for=\"user-");
			html_int(h, g[i].id);
			HTML_LIT(h, "\">");
			html_tr(h, "Add a person");
			HTML_LIT(h, "</label> ");
			picker_control(h, r, "user_id", arena_printf(r->arena, "user-%" PRId64, g[i].id), &users);
			HTML_LIT(h, " <button type=\"submit\">");
			html_tr(h, "Add");
			HTML_LIT(h, "</button></form>");
		}
		HTML_LIT(h, "</section>");
	}
	if (admin) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "New target group");
		HTML_LIT(h, "</h2>");
		form_open(h, r, "/training/groups");
		form_text(h, r, "name", "Name", req_form(r, "name"), true, e);
		form_text(h, r, "description", "Description", req_form(r, "description"), false, e);
		form_submit(h, "Create", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_training_groups(struct req *r)
{
	return groups_page(r, NULL);
}

static int group_done(struct req *r, int rc, const struct err *e)
{
	if (!rc)
		return resp_redirect(r, "/training/groups?msg=saved");
	if (rc != ERR_INVALID && rc != ERR_EXISTS) {
		r->err = *e;
		return rc;
	}
	r->resp.status = 400;
	return groups_page(r, e);
}

int page_training_group_create(struct req *r)
{
	struct err e = { 0 };
	struct db *db;
	int64_t id;

	if (!(db = req_db(r)))
		return r->err.code;
	return group_done(
		r,
		training_group_create(db, r->arena, r->auth, req_form(r, "name"), req_form(r, "description"), &id, &e),
		&e);
}

static int member_change(struct req *r, bool add)
{
	struct training_group g;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = training_group_get(db, r->arena, req_arg_id(r, 0), &g, &r->err)))
		return rc;
	rc = add ? training_member_add(db, r->arena, r->auth, &g, form_int(r, "user_id", 0), &e)
		 : training_member_remove(db, r->arena, r->auth, &g, form_int(r, "user_id", 0), &e);
	return group_done(r, rc, &e);
}

int page_training_member_add(struct req *r)
{
	return member_change(r, true);
}

int page_training_member_remove(struct req *r)
{
	return member_change(r, false);
}

/* --- completions --- */

static int course_picker(struct req *r, struct db *db, const char *any, struct picker *p)
{
	struct course *c;
	size_t n, k = 0;
	int rc = course_list(db, r->arena, &c, &n, &r->err);
	if (rc)
		return rc;
	p->values = arena_calloc(r->arena, n + 2, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 2, sizeof(char *));
	if (any) {
		p->values[k] = "";
		p->labels[k++] = tr(r->lang, any);
	}
	for (size_t i = 0; i < n; i++) {
		p->values[k] = num(r, c[i].id);
		p->labels[k++] = c[i].title;
	}
	p->n = k;
	return 0;
}

static int completions_page(struct req *r, const struct err *e)
{
	struct training_completion_filter f = { 0 };
	struct training_count_filter cf = { 0 };
	struct training_completion *list;
	struct training_count *counts;
	struct picker units = { 0 }, edit_units = { 0 }, courses = { 0 }, any_course = { 0 }, users = { 0 };
	size_t n, n_counts;
	int64_t total = 0, n_counted = 0;
	struct err fe = { 0 };
	bool editor = authz_anywhere(r->auth, ACCESS_EDIT);
	char year[8];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = training_completion_filter_parse(&f, req_query_get, r, &fe)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, 50, &f.limit, &f.offset);
	snprintf(year, sizeof(year), "%04d", this_year());
	/* The latest counts of the unit asked for, a page as on /training/counts, where the rest are. */
	cf.viewer_id = r->auth->user_id;
	cf.unit_id = f.unit_id;
	cf.sort = TCOUNT_SORT_PERIOD;
	cf.limit = 50;
	if ((rc = training_completion_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = training_count_list_page(db, r->arena, &cf, &counts, &n_counts, &n_counted, &r->err)) ||
	    (rc = editor ? picker_units_twice(r, db, N_("All units"), &units, picker_keep_editable, NULL, &edit_units)
			 : picker_units(r, db, N_("All units"), NULL, NULL, &units)) ||
	    (rc = course_picker(r, db, N_("All courses"), &any_course)))
		return rc;
	if (editor && ((rc = course_picker(r, db, NULL, &courses)) ||
		       (rc = picker_users(r, db, NULL, form_int(r, "user_id", 0), 0, &users))))
		return rc;
	h = page_begin(r, tr(r->lang, "Completions"));
	subnav(h, r);
	page_h1(h, N_("Completions"));
	page_flash(h, r);
	form_errors(h, r, fe.code ? &fe : e);
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"/training/completions\">");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_select(h, r, "course_id", "Course", any_course.values, any_course.labels, any_course.n,
		    req_query(r, "course_id"), false, NULL);
	form_input(h, r, "date", "from", "From", req_query(r, "from"), false, NULL, NULL);
	form_input(h, r, "date", "to", "To", req_query(r, "to"), false, NULL, NULL);
	form_select(h, r, "sort", "Sort by", training_completion_sorts, training_completion_sort_labels, TC_SORT_COUNT,
		    training_completion_sorts[f.sort], true, NULL);
	filters_close(h);
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/training/completions", training_completion_filter_args);
	HTML_LIT(h, "</p>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No completion matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Completions"), total,
			   (const char *const[]){ N_("Completed on"), N_("Person"), N_("Course"), N_("Unit"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			html_text(h, list[i].completed_on);
			HTML_LIT(h, "</td><th scope=\"row\">");
			html_text(h, list[i].user_name);
			HTML_LIT(h, "</th><td>");
			link_record(h, "course", list[i].course_id, list[i].course_title);
			HTML_LIT(h, "</td><td>");
			link_record(h, "unit", list[i].unit_id, list[i].unit_name);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/training/completions", training_completion_filter_args), f.offset, f.limit,
		   total);
	HTML_LIT(h, "<h2 id=\"counts\">");
	html_tr(h, "Counted per unit");
	HTML_LIT(h, "</h2><p><a href=\"");
	html_attr(h, f.unit_id ? arena_printf(r->arena, "/training/counts?unit_id=%" PRId64, f.unit_id)
			       : "/training/counts");
	HTML_LIT(h, "\">");
	html_tr(h, "All counted completions, to filter, sort and export");
	HTML_LIT(h, "</a> (");
	html_int(h, n_counted);
	HTML_LIT(h, ")</p>");
	if (n_counts) {
		table_open_sr(h, N_("Counted per unit"),
			      (const char *const[]){ N_("Year"), N_("Unit"), N_("Course"), TABLE_NUM, N_("Completed"),
						     TABLE_NUM, N_("Employed"), NULL });
		for (size_t i = 0; i < n_counts; i++) {
			HTML_LIT(h, "<tr><td>");
			html_text(h, counts[i].period);
			HTML_LIT(h, "</td><th scope=\"row\">");
			link_record(h, "unit", counts[i].unit_id, counts[i].unit_name);
			HTML_LIT(h, "</th><td>");
			html_text(h, counts[i].course_title);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, counts[i].completed);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, counts[i].employed);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (editor) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Record a completion");
		HTML_LIT(h, "</h2>");
		form_open(h, r, "/training/completions");
		form_picker(h, r, "course_id", "Course", &courses, form_int(r, "course_id", 0), e);
		form_picker(h, r, "user_id", "Person", &users, form_int(r, "user_id", 0), e);
		form_picker(h, r, "unit_id", "Unit", &edit_units, form_int(r, "unit_id", 0), e);
		form_input(h, r, "date", "completed_on", "Completed on", req_form(r, "completed_on"), true, NULL, e);
		form_submit(h, "Record", false);
		form_close(h);
		HTML_LIT(h, "<h2>");
		html_tr(h, "Record counted completions");
		HTML_LIT(h, "</h2>");
		form_open(h, r, "/training/counts");
		form_picker(h, r, "unit_id", "Unit", &edit_units, 0, NULL);
		form_picker(h, r, "course_id", "Course", &courses, 0, NULL);
		form_input(h, r, "number", "period", "Year", year, true, NULL, NULL);
		form_input(h, r, "number", "completed", "Number completed", NULL, true, NULL, NULL);
		form_input(h, r, "number", "employed", "Number employed", NULL, true, NULL, NULL);
		form_submit(h, "Record", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_training_completions(struct req *r)
{
	return completions_page(r, NULL);
}

PAGE_FILTER_READER(completions_filter, training_completion_filter_parse)
PAGE_LIST_EXPORTER(completions_render, training_completion_export)

static const struct page_export completions_export = {
	PAGE_EXPORT_FILTER(struct training_completion_filter),
	.filter = completions_filter,
	.render = completions_render,
	.filename = training_completion_export_filename,
};

int page_training_completions_export(struct req *r)
{
	return page_export(r, &completions_export);
}

static int recorded(struct req *r, int rc, struct err *e)
{
	if (!rc)
		return resp_redirect(r, "/training/completions?msg=saved");
	if (rc != ERR_INVALID && rc != ERR_EXISTS) {
		r->err = *e;
		return rc;
	}
	r->resp.status = 400;
	return completions_page(r, e);
}

int page_training_completion_create(struct req *r)
{
	struct training_completion_input in = { 0 };
	struct err e = { 0 };
	struct db *db;

	if (!(db = req_db(r)))
		return r->err.code;
	in.course_id = form_int(r, "course_id", 0);
	in.user_id = form_int(r, "user_id", 0);
	in.unit_id = form_int(r, "unit_id", 0);
	in.completed_on = req_form(r, "completed_on");
	in.source = "manual";
	return recorded(r, training_completion_record(db, r->arena, r->auth, &in, NULL, NULL, &e), &e);
}

int page_training_count_create(struct req *r)
{
	struct training_count_input in = { 0 };
	struct err e = { 0 };
	struct db *db;

	if (!(db = req_db(r)))
		return r->err.code;
	in.unit_id = form_int(r, "unit_id", 0);
	in.course_id = form_int(r, "course_id", 0);
	in.period = req_form(r, "period");
	in.completed = form_int(r, "completed", -1);
	in.employed = form_int(r, "employed", -1);
	return recorded(r, training_count_record(db, r->arena, r->auth, &in, &e), &e);
}

/* --- import --- */

static const struct page_import_def import_def = {
	.title = N_("Import completions"),
	.action = "/training/import",
	.intro = N_("Upload the CSV export of a learning platform (UTF-8 or Windows-1252, separated by ; or ,) with "
		    "the columns Kurs, Person, Datum and, if you like, Enhet."),
	.columns = training_import_columns,
	.n_columns = TRAINING_IMPORT_COLUMNS,
	.subnav = subnav,
	.run = training_import_run,
};

int page_training_import_form(struct req *r)
{
	return page_import_form(r, &import_def);
}

int page_training_import(struct req *r)
{
	return page_import_post(r, &import_def);
}

/* --- shared with page_training_lists.c --- */

void page_training_subnav(struct html *h, struct req *r)
{
	subnav(h, r);
}

int page_training_group_picker(struct req *r, struct db *db, struct picker *p)
{
	return group_picker(r, db, p);
}

int page_training_course_picker(struct req *r, struct db *db, const char *any, struct picker *p)
{
	return course_picker(r, db, any, p);
}
