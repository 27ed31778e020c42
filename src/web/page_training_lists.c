/*
 * page_training_lists.c - the lists of training as people work with them:
 * the catalogue of courses, one target group and its members, the counts
 * per unit and year, and the people missing a mandatory course. Each
 * filters, sorts and pages with the same parser as its API resource and
 * its download (XLSX, CSV or JSON of what the list shows); coverage has
 * its download here too.
 */
#include "web/page_training.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "domain/training.h"
#include "domain/validate.h"
#include "web/layout.h"
#include "web/widgets.h"

#define LIST_PAGE 50

/* The top of a list page: its title, the training navigation, the flash and what was refused. */
static struct html *list_begin(struct req *r, const char *title, const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, title));
	page_training_subnav(h, r);
	page_h1(h, title);
	page_flash(h, r);
	form_errors(h, r, e);
	return h;
}

/* A select of every target group, "All target groups" first, for a list's filter. */
static int group_filter(struct html *h, struct req *r, struct db *db)
{
	struct picker g = { 0 };
	const char **v, **l;
	int rc = page_training_group_picker(r, db, &g);
	if (rc)
		return rc;
	v = arena_calloc(r->arena, g.n + 1, sizeof(*v));
	l = arena_calloc(r->arena, g.n + 1, sizeof(*l));
	v[0] = "";
	l[0] = tr(r->lang, "All target groups");
	for (size_t i = 0; i < g.n; i++) {
		v[i + 1] = g.values[i];
		l[i + 1] = g.labels[i];
	}
	form_select(h, r, "group_id", "Mandatory for", v, l, g.n + 1, req_query(r, "group_id"), false, NULL);
	return 0;
}

/* A select of every course, "All courses" first, for a list's filter. */
static int course_filter(struct html *h, struct req *r, struct db *db)
{
	struct picker c = { 0 };
	int rc = page_training_course_picker(r, db, N_("All courses"), &c);
	if (!rc)
		form_select(h, r, "course_id", "Course", c.values, c.labels, c.n, req_query(r, "course_id"), false,
			    NULL);
	return rc;
}

static int unit_filter(struct html *h, struct req *r, struct db *db)
{
	struct picker u = { 0 };
	int rc = picker_units(r, db, N_("All units"), NULL, NULL, &u);
	if (!rc)
		form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &u);
	return rc;
}

/* A list's download: the format, then @render's file under @name's name. */
typedef int (*render_fn)(struct req *r, struct db *db, enum export_format format, const char **data, size_t *len,
			 const char **mime);

static int download(struct req *r, render_fn render, const char *(*name)(struct arena *a, enum export_format f))
{
	const char *data, *mime;
	size_t len;
	struct db *db;
	int k, rc;

	if ((rc = page_export_format(r, &k)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = render(r, db, (enum export_format)k, &data, &len, &mime)))
		return rc;
	resp_file(r, data, len, mime, name(r->arena, (enum export_format)k));
	return 0;
}

/* --- courses --- */

int page_training_courses(struct req *r)
{
	struct course_filter f = { 0 };
	struct course *list;
	struct course_group *pairs;
	size_t n, n_pairs;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (course_filter_parse(&f, req_query_get, r, &e))
		filters_refused(r, &f, sizeof(f));
	page_paging(r, LIST_PAGE, &f.limit, &f.offset);
	if ((rc = course_list_page(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = course_groups(db, r->arena, &pairs, &n_pairs, &r->err)))
		return rc;
	h = list_begin(r, N_("Courses"), &e);
	if (authz_global(r->auth, ACCESS_ADMIN))
		page_button(h, "/training/courses/new", N_("New course"));
	filters_open(h, "/training/courses");
	form_input(h, r, "search", "q", "Search title or provider", req_query(r, "q"), false, NULL, NULL);
	if ((rc = group_filter(h, r, db)))
		return rc;
	form_select(h, r, "sort", "Sort by", course_sorts, course_sort_labels, COURSE_SORT_COUNT, course_sorts[f.sort],
		    true, NULL);
	filters_close(h);
	page_export_links(h, r, "/training/courses/export", course_filter_args);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, f.q || f.group_id ? N_("No course matches the filter.") : N_("No courses yet."));
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Courses"), total,
			   (const char *const[]){ N_("Course"), N_("Provider"), TABLE_NUM, N_("Length (minutes)"),
						  TABLE_NUM, N_("Valid for (months)"), N_("Mandatory for"), NULL });
		for (size_t i = 0; i < n; i++) {
			const char *groups = course_groups_text(r->arena, pairs, n_pairs, list[i].id);
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "course", list[i].id, list[i].title);
			HTML_LIT(h, "</th><td>");
			html_text(h, *list[i].provider ? list[i].provider : "–");
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, list[i].length_minutes);
			HTML_LIT(h, "</td><td class=\"num\">");
			if (list[i].validity_months)
				html_int(h, list[i].validity_months);
			else
				html_tr(h, "For ever");
			HTML_LIT(h, "</td><td>");
			html_text(h, *groups ? groups : "–");
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/training/courses", course_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

static int render_courses(struct req *r, struct db *db, enum export_format format, const char **data, size_t *len,
			  const char **mime)
{
	struct course_filter f = { 0 };
	int rc = course_filter_parse(&f, req_query_get, r, &r->err);
	return rc ? rc : course_export(db, r->arena, &f, r->lang, format, data, len, mime, &r->err);
}

int page_training_courses_export(struct req *r)
{
	return download(r, render_courses, course_export_filename);
}

/* --- one target group and its members --- */

int page_training_group(struct req *r)
{
	struct training_member_filter f = { .group_id = req_arg_id(r, 0) };
	struct training_group g;
	struct training_member *m;
	struct picker users = { 0 };
	size_t n;
	int64_t total = 0;
	bool admin = authz_global(r->auth, ACCESS_ADMIN);
	struct err e = { 0 };
	const char *self;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = training_group_get(db, r->arena, f.group_id, &g, &r->err)))
		return rc;
	if (training_member_filter_parse(&f, req_query_get, r, &e))
		f.q = NULL, r->resp.status = 400;
	page_paging(r, LIST_PAGE, &f.limit, &f.offset);
	if ((rc = training_member_list(db, r->arena, &f, &m, &n, &total, &r->err)) ||
	    (admin && (rc = picker_users(r, db, NULL, 0, 0, &users))))
		return rc;
	self = arena_printf(r->arena, "/training/groups/%" PRId64, g.id);
	h = page_begin(r, g.name);
	page_training_subnav(h, r);
	page_crumb(h, "/training/groups", N_("Target groups"));
	HTML_LIT(h, "<h1>");
	html_text(h, g.name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, &e);
	if (*g.description) {
		HTML_LIT(h, "<p>");
		html_text(h, g.description);
		HTML_LIT(h, "</p>");
	}
	filters_open(h, self);
	form_input(h, r, "search", "q", "Search name or user name", req_query(r, "q"), false, NULL, NULL);
	filters_close(h);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, f.q ? N_("Nobody in the group matches the search.") : N_("The group has no members yet."));
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Members"), total,
			   admin ? (const char *const[]){ N_("Name"), N_("User name"), N_("Remove"), NULL }
				 : (const char *const[]){ N_("Name"), N_("User name"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, m[i].display_name);
			HTML_LIT(h, "</th><td>");
			html_text(h, m[i].username);
			HTML_LIT(h, "</td>");
			if (admin) {
				HTML_LIT(h, "<td>");
				form_open(h, r, arena_printf(r->arena, "%s/members/remove", self));
				form_hidden_int(h, "user_id", m[i].user_id);
				HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
				html_tr(h, "Remove");
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_text(h, m[i].display_name);
				HTML_LIT(h, "</span></button>");
				form_close(h);
				HTML_LIT(h, "</td>");
			}
			HTML_LIT(h, "</tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, self, training_member_filter_args), f.offset, f.limit, total);
	if (admin) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Add a person");
		HTML_LIT(h, "</h2>");
		form_open(h, r, arena_printf(r->arena, "%s/members", self));
		form_picker(h, r, "user_id", "Person", &users, 0, NULL);
		form_submit(h, "Add", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

/* --- counts per unit and year --- */

int page_training_counts(struct req *r)
{
	struct training_count_filter f = { 0 };
	struct training_count *list;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (training_count_filter_parse(&f, req_query_get, r, &e))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, LIST_PAGE, &f.limit, &f.offset);
	if ((rc = training_count_list_page(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	h = list_begin(r, N_("Counted per unit"), &e);
	HTML_LIT(h, "<p>");
	html_tr(h, "Where names are not kept, units report how many of those employed completed a course in a year.");
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, " <a href=\"/training/completions#counts\">");
		html_tr(h, "Record counted completions");
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "</p>");
	filters_open(h, "/training/counts");
	if ((rc = unit_filter(h, r, db)) || (rc = course_filter(h, r, db)))
		return rc;
	form_input(h, r, "number", "from", "From year", req_query(r, "from"), false, NULL, NULL);
	form_input(h, r, "number", "to", "To year", req_query(r, "to"), false, NULL, NULL);
	form_select(h, r, "sort", "Sort by", training_count_sorts, training_count_sort_labels, TCOUNT_SORT_COUNT,
		    training_count_sorts[f.sort], true, NULL);
	filters_close(h);
	page_export_links(h, r, "/training/counts/export", training_count_filter_args);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No count matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Counted per unit"), total,
			   (const char *const[]){ N_("Year"), N_("Unit"), N_("Course"), TABLE_NUM, N_("Completed"),
						  TABLE_NUM, N_("Employed"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			html_text(h, list[i].period);
			HTML_LIT(h, "</td><th scope=\"row\">");
			link_record(h, "unit", list[i].unit_id, list[i].unit_name);
			HTML_LIT(h, "</th><td>");
			link_record(h, "course", list[i].course_id, list[i].course_title);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, list[i].completed);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, list[i].employed);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/training/counts", training_count_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

static int render_counts(struct req *r, struct db *db, enum export_format format, const char **data, size_t *len,
			 const char **mime)
{
	struct training_count_filter f = { 0 };
	int rc = training_count_filter_parse(&f, req_query_get, r, &r->err);
	f.viewer_id = r->auth->user_id;
	return rc ? rc : training_count_export(db, r->arena, &f, r->lang, format, data, len, mime, &r->err);
}

int page_training_counts_export(struct req *r)
{
	return download(r, render_counts, training_count_export_filename);
}

/* --- the people missing a mandatory course --- */

void page_training_gaps_table(struct html *h, const struct training_gap *gaps, size_t n, int64_t total)
{
	table_open(h, N_("People missing a mandatory course"), total,
		   (const char *const[]){ N_("Person"), N_("Unit"), N_("Course"), N_("Last completed"), NULL });
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, gaps[i].display_name);
		HTML_LIT(h, "</th><td>");
		link_record(h, "unit", gaps[i].unit_id, gaps[i].unit_name);
		HTML_LIT(h, "</td><td>");
		link_record(h, "course", gaps[i].course_id, gaps[i].course_title);
		HTML_LIT(h, "</td><td>");
		if (gaps[i].last_completed) {
			html_text(h, gaps[i].last_completed);
			HTML_LIT(h, " (");
			html_tr(h, "expired");
			HTML_LIT(h, " ");
			html_text(h, gaps[i].valid_until ? gaps[i].valid_until : "");
			HTML_LIT(h, ")");
		} else {
			html_tr(h, "Never");
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static const char *const gap_states[] = { "never", "expired" };
static const char *const gap_state_labels[] = { N_("Never completed"), N_("Expired") };

int page_training_missing(struct req *r)
{
	struct training_gap_filter f = { 0 };
	struct training_gap *gaps;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (training_gap_filter_parse(&f, req_query_get, r, &e))
		filters_refused(r, &f, sizeof(f));
	page_paging(r, LIST_PAGE, &f.limit, &f.offset);
	if ((rc = training_missing_list(db, r->arena, r->auth, &f, &gaps, &n, &total, &r->err)))
		return rc;
	h = list_begin(r, N_("People missing a mandatory course"), &e);
	HTML_LIT(h, "<p>");
	html_tr(h, "People with a role in the units where you may edit whose mandatory course is missing or older "
		   "than its validity.");
	HTML_LIT(h, "</p>");
	filters_open(h, "/training/missing");
	if ((rc = unit_filter(h, r, db)) || (rc = course_filter(h, r, db)))
		return rc;
	form_filter_select(h, r, "state", "State", N_("Never completed or expired"), gap_states, gap_state_labels, 2,
			   f.state);
	form_select(h, r, "sort", "Sort by", training_gap_sorts, training_gap_sort_labels, TGAP_SORT_COUNT,
		    training_gap_sorts[f.sort], true, NULL);
	filters_close(h);
	page_export_links(h, r, "/training/missing/export", training_gap_filter_args);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nobody in the units where you may edit lacks a mandatory course.");
		HTML_LIT(h, "</p>");
	} else {
		page_training_gaps_table(h, gaps, n, total);
	}
	page_pager(h, r, url_keep(r, "/training/missing", training_gap_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

static int render_missing(struct req *r, struct db *db, enum export_format format, const char **data, size_t *len,
			  const char **mime)
{
	struct training_gap_filter f = { 0 };
	int rc = training_gap_filter_parse(&f, req_query_get, r, &r->err);
	return rc ? rc : training_missing_export(db, r->arena, r->auth, &f, r->lang, format, data, len, mime, &r->err);
}

int page_training_missing_export(struct req *r)
{
	return download(r, render_missing, training_missing_export_filename);
}

/* --- coverage --- */

static int render_coverage(struct req *r, struct db *db, enum export_format format, const char **data, size_t *len,
			   const char **mime)
{
	struct training_coverage_filter f = { 0 };
	char now[TIME_ISO_LEN];
	int rc;
	time_now_iso(now);
	rc = training_coverage_filter_parse(&f, atoi(now), req_query_get, r, &r->err);
	return rc ? rc : training_coverage_export(db, r->arena, r->auth, &f, r->lang, format, data, len, mime, &r->err);
}

int page_training_coverage_export(struct req *r)
{
	return download(r, render_coverage, training_coverage_export_filename);
}
