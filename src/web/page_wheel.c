/*
 * page_wheel.c - the annual wheel (årshjul) in the browser: the year month
 * by month, the list of occurrences with its filters and exports, a
 * recurring activity with its occurrences and their statuses, the forms
 * that make and change one (also from an activity of an action plan), the
 * calendar feeds and their secret on the account page.
 *
 * The feeds are the one place a request is answered without a session: the
 * secret in the address names the user, and the feed shows only what that
 * user may read (domain/wheel.c decides). The secret is shown once, on the
 * page that answers its creation, never in a redirect.
 *
 * Who may do what: everyone with a role in scope reads; administrators and
 * coordinators in scope change the wheel. The route's scope
 * (wheel_item_scope, wheel_occurrence_scope) reads the record once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/activity.h"
#include "domain/plan.h"
#include "domain/wheel.h"
#include "io/ics.h"
#include "web/layout.h"
#include "web/page_account.h"
#include "web/page_plans.h"
#include "web/widgets.h"

#define WHEEL_PAGE 50

static const char *this_year(struct req *r)
{
	char today[11];
	plan_today(today);
	return arena_strndup(r->arena, today, 4);
}

static void status_cell(struct html *h, const struct wheel_occurrence *o, const char *today)
{
	html_tr(h, activity_status_label(o->status));
	if (wheel_occ_overdue(o, today)) {
		HTML_LIT(h, " <strong class=\"flag\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong>");
	}
}

static void occ_head(struct html *h, bool with_title)
{
	HTML_LIT(h, "<thead><tr><th scope=\"col\">");
	html_tr(h, "Date");
	HTML_LIT(h, "</th>");
	if (with_title) {
		HTML_LIT(h, "<th scope=\"col\">");
		html_tr(h, "Recurring activity");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Unit");
		HTML_LIT(h, "</th>");
	}
	HTML_LIT(h, "<th scope=\"col\">");
	html_tr(h, "Responsible");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Status");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Comment");
	HTML_LIT(h, "</th></tr></thead>");
}

static void occ_row(struct html *h, const struct wheel_occurrence *o, const char *today, bool with_title)
{
	if (wheel_occ_overdue(o, today))
		HTML_LIT(h, "<tr class=\"overdue\"><td>");
	else
		HTML_LIT(h, "<tr><td>");
	html_text(h, o->on_date);
	if (o->time_of_day && *o->time_of_day) {
		HTML_LIT(h, " ");
		html_text(h, o->time_of_day);
	}
	HTML_LIT(h, "</td>");
	if (with_title) {
		HTML_LIT(h, "<td>");
		link_record(h, "wheel_item", o->item_id, o->title);
		HTML_LIT(h, "</td><td>");
		html_text(h, o->unit_name);
		HTML_LIT(h, "</td>");
	}
	HTML_LIT(h, "<td>");
	html_text(h, o->responsible_name ? o->responsible_name : "–");
	HTML_LIT(h, "</td><td>");
	status_cell(h, o, today);
	HTML_LIT(h, "</td><td>");
	html_text(h, o->comment);
	HTML_LIT(h, "</td></tr>");
}

/* --- the wheel, month by month --- */

static void items_table(struct html *h, struct req *r, const struct wheel_item *items, size_t n)
{
	table_open(h, N_("Recurring activities"), -1,
		   (const char *const[]){ N_("Recurring activity"), N_("When"), N_("Unit"), N_("Responsible"), NULL });
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "wheel_item", items[i].id, items[i].title);
		if (!items[i].active) {
			HTML_LIT(h, " <span class=\"kind\">(");
			html_tr(h, "inactive");
			HTML_LIT(h, ")</span>");
		}
		HTML_LIT(h, "</th><td>");
		html_text(h, wheel_rule_text(r->arena, r->lang, &items[i]));
		HTML_LIT(h, "</td><td>");
		html_text(h, items[i].unit_name);
		HTML_LIT(h, "</td><td>");
		html_text(h, items[i].responsible_name ? items[i].responsible_name : "–");
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

int page_wheel(struct req *r)
{
	struct wheel_filter f;
	struct wheel_occurrence *list;
	struct wheel_item *items;
	struct picker units = { 0 };
	struct unit u;
	size_t n, n_items;
	char today[11];
	const char *year_text;
	bool may_generate = false;
	struct html *h;
	struct db *db;
	int rc;

	wheel_filter_init(&f);
	if ((rc = wheel_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!f.year)
		str_to_i64(this_year(r), &f.year);
	f.month = 0;
	year_text = arena_printf(r->arena, "%" PRId64, f.year);
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	f.limit = 10000;
	if ((rc = wheel_occ_list(db, r->arena, &f, &list, &n, NULL, &r->err)) ||
	    (rc = wheel_item_list(db, r->arena, r->auth->user_id, f.unit_id, false, 1000, 0, &items, &n_items, NULL,
				  &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	if (f.unit_id && unit_get(db, r->arena, f.unit_id, &u, &r->err) == 0)
		may_generate = authz_in_scope(r->auth, ACCESS_EDIT, u.path);
	plan_today(today);

	h = page_begin(r, tr(r->lang, "Annual wheel"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Annual wheel");
	HTML_LIT(h, " ");
	html_text(h, year_text);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<p class=\"actions\">");
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, "<a class=\"button\" href=\"/wheel/items/new");
		if (f.unit_id) {
			HTML_LIT(h, "?unit_id=");
			html_int(h, f.unit_id);
		}
		HTML_LIT(h, "\">");
		html_tr(h, "New recurring activity");
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "<a href=\"");
	html_attr(h, url_keep(r, "/wheel/occurrences", wheel_filter_args));
	HTML_LIT(h, "\">");
	html_tr(h, "The occurrences as a list");
	HTML_LIT(h, "</a> · <a href=\"/account#calendar\">");
	html_tr(h, "Subscribe in your calendar");
	HTML_LIT(h, "</a></p>");
	filters_search_open(h, "/wheel");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_input(h, r, "number", "year", "Year", year_text, false, NULL, NULL);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form>");
	if (may_generate) {
		form_open(h, r, "/wheel/generate");
		form_hidden_int(h, "unit_id", f.unit_id);
		form_hidden(h, "year", year_text);
		HTML_LIT(h, "<p>");
		form_submit(h, "Make this year's occurrences of every recurring activity", false);
		HTML_LIT(h, "</p>");
		form_close(h);
	}
	for (int m = 1; m <= 12; m++) {
		char prefix[16];
		size_t shown = 0;
		snprintf(prefix, sizeof(prefix), "%04d-%02d", (int)f.year, m);
		HTML_LIT(h, "<section class=\"month\" aria-labelledby=\"m");
		html_int(h, m);
		HTML_LIT(h, "\"><h2 id=\"m");
		html_int(h, m);
		HTML_LIT(h, "\">");
		html_tr(h, wheel_month_labels[m - 1]);
		HTML_LIT(h, "</h2>");
		for (size_t i = 0; i < n; i++) {
			if (strncmp(list[i].on_date, prefix, 7))
				continue;
			if (!shown++) {
				HTML_LIT(h, "<table><caption class=\"sr-only\">");
				html_tr(h, wheel_month_labels[m - 1]);
				HTML_LIT(h, "</caption>");
				occ_head(h, true);
				HTML_LIT(h, "<tbody>");
			}
			occ_row(h, &list[i], today, true);
		}
		if (shown)
			table_close(h);
		else {
			HTML_LIT(h, "<p>");
			html_tr(h, "Nothing this month.");
			HTML_LIT(h, "</p>");
		}
		HTML_LIT(h, "</section>");
	}
	if (n_items)
		items_table(h, r, items, n_items);
	page_end(r, h);
	return 0;
}

int page_wheel_generate(struct req *r)
{
	int64_t unit = form_int(r, "unit_id", 0), year = form_int(r, "year", 0);
	size_t n = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = wheel_generate_unit(db, r->arena, r->auth, unit, year, &n, &r->err)))
		return rc;
	return resp_redirect(
		r, arena_printf(r->arena, "/wheel?unit_id=%" PRId64 "&year=%" PRId64 "&msg=generated", unit, year));
}

/* --- the list --- */

static const char *const yes_values[] = { "", "true" };
static const char *const overdue_labels[] = { N_("Any"), N_("Only overdue") };
static const char *const open_labels[] = { N_("Any"), N_("Only unfinished") };

int page_wheel_occurrences(struct req *r)
{
	struct wheel_filter f;
	struct wheel_occurrence *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	char today[11];
	struct html *h;
	struct db *db;
	int rc;

	wheel_filter_init(&f);
	if ((rc = wheel_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, WHEEL_PAGE, &f.limit, &f.offset);
	if ((rc = wheel_occ_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	plan_today(today);
	h = page_begin(r, tr(r->lang, "Occurrences of the annual wheel"));
	page_crumb(h, "/wheel", N_("Annual wheel"));
	page_h1(h, N_("Occurrences of the annual wheel"));
	filters_search_open(h, "/wheel/occurrences");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	filters_more_open(h, r);
	form_input(h, r, "number", "year", "Year", req_query(r, "year"), false, NULL, NULL);
	form_input(h, r, "number", "month", "Month", req_query(r, "month"), false, NULL, NULL);
	form_filter_select(h, r, "status", "Status", N_("All statuses"), activity_statuses, activity_status_labels,
			   ACTIVITY_STATUS_COUNT, req_query(r, "status"));
	form_select(h, r, "overdue", "Overdue", yes_values, overdue_labels, 2, req_query(r, "overdue"), true, NULL);
	form_select(h, r, "open", "Finished", yes_values, open_labels, 2, req_query(r, "open"), true, NULL);
	if (req_query(r, "item_id") && *req_query(r, "item_id"))
		form_hidden(h, "item_id", req_query(r, "item_id"));
	if (req_query(r, "responsible_id") && *req_query(r, "responsible_id"))
		form_hidden(h, "responsible_id", req_query(r, "responsible_id"));
	filters_more_close(h);
	filters_close(h);
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/wheel/occurrences", wheel_filter_args);
	HTML_LIT(h, "</p>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No occurrence matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption>");
		html_tr(h, "Occurrences of the annual wheel");
		HTML_LIT(h, " (");
		html_int(h, total);
		HTML_LIT(h, ")</caption>");
		occ_head(h, true);
		HTML_LIT(h, "<tbody>");
		for (size_t i = 0; i < n; i++)
			occ_row(h, &list[i], today, true);
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/wheel/occurrences", wheel_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

PAGE_FILTER_READER_INIT(list_filter, wheel_filter_init, wheel_filter_parse)
PAGE_LIST_EXPORTER(list_render, wheel_export)

static const struct page_export wheel_export_list = {
	PAGE_EXPORT_FILTER(struct wheel_filter),
	.filter = list_filter,
	.render = list_render,
	.filename = wheel_export_filename,
};

int page_wheel_export(struct req *r)
{
	return page_export(r, &wheel_export_list);
}

/* --- one recurring activity --- */

static int item_page(struct req *r, const struct wheel_item *w, const struct err *e)
{
	struct wheel_filter f;
	struct wheel_occurrence *list;
	size_t n;
	char today[11];
	bool can_edit = authz_in_scope(r->auth, ACCESS_EDIT, w->unit_path);
	struct html *h;
	struct db *db;
	int rc;

	wheel_filter_init(&f);
	f.item_id = w->id;
	if (!req_query(r, "year") || str_to_i64(req_query(r, "year"), &f.year) == false || f.year < PLAN_YEAR_MIN ||
	    f.year > PLAN_YEAR_MAX)
		str_to_i64(this_year(r), &f.year);
	f.limit = 100;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = wheel_occ_list(db, r->arena, &f, &list, &n, NULL, &r->err)))
		return rc;
	plan_today(today);
	h = page_begin(r, w->title);
	page_crumb(h, "/wheel", N_("Annual wheel"));
	HTML_LIT(h, "<h1>");
	html_text(h, w->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	if (can_edit) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/wheel/items/");
		html_int(h, w->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "When", wheel_rule_text(r->arena, r->lang, w));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", w->unit_id, w->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Responsible", w->responsible_name);
	detail_row(h, "Description", w->description);
	detail_row(h, "Active", tr(r->lang, w->active ? N_("Yes") : N_("No")));
	if (w->from_activity_id) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Moved from the action plan");
		HTML_LIT(h, "</dt><dd>");
		link_record(h, "activity", w->from_activity_id, tr(r->lang, "The activity"));
		HTML_LIT(h, "</dd>");
	}
	HTML_LIT(h, "</dl><section aria-labelledby=\"occ-h\"><h2 id=\"occ-h\">");
	html_tr(h, "Occurrences");
	HTML_LIT(h, " ");
	html_int(h, f.year);
	HTML_LIT(h, "</h2>");
	if (can_edit) {
		form_open(h, r, arena_printf(r->arena, "/wheel/items/%" PRId64 "/generate", w->id));
		form_input(h, r, "number", "year", "Year", arena_printf(r->arena, "%" PRId64, f.year), true, NULL, e);
		form_submit(h, "Make the year's occurrences", false);
		form_close(h);
	}
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No occurrences this year yet.");
		HTML_LIT(h, "</p>");
	}
	for (size_t i = 0; i < n; i++) {
		const struct wheel_occurrence *o = &list[i];
		const char *sid = arena_printf(r->arena, "s%" PRId64, o->id),
			   *cid = arena_printf(r->arena, "c%" PRId64, o->id);
		HTML_LIT(h, "<div class=\"occurrence");
		if (wheel_occ_overdue(o, today))
			HTML_LIT(h, " overdue");
		HTML_LIT(h, "\"><h3>");
		html_text(h, o->on_date);
		if (wheel_occ_overdue(o, today)) {
			HTML_LIT(h, " <strong class=\"flag\">");
			html_tr(h, "Overdue");
			HTML_LIT(h, "</strong>");
		}
		HTML_LIT(h, "</h3>");
		if (!can_edit) {
			HTML_LIT(h, "<p>");
			status_cell(h, o, today);
			if (*o->comment) {
				HTML_LIT(h, ". ");
				html_text(h, o->comment);
			}
			HTML_LIT(h, "</p></div>");
			continue;
		}
		form_open(h, r, arena_printf(r->arena, "/wheel/occurrences/%" PRId64, o->id));
		form_hidden_int(h, "version", o->version);
		HTML_LIT(h, "<div class=\"field\"><label for=\"");
		html_attr(h, sid);
		HTML_LIT(h, "\">");
		html_tr(h, "Status");
		HTML_LIT(h, " <span class=\"sr-only\">");
		html_text(h, o->on_date);
		HTML_LIT(h, "</span></label><select name=\"status\" id=\"");
		html_attr(h, sid);
		HTML_LIT(h, "\">");
		for (int k = 0; k < ACTIVITY_STATUS_COUNT; k++) {
			HTML_LIT(h, "<option value=\"");
			html_attr(h, activity_statuses[k]);
			HTML_LIT(h, "\"");
			if (!strcmp(o->status, activity_statuses[k]))
				HTML_LIT(h, " selected");
			HTML_LIT(h, ">");
			html_tr(h, activity_status_labels[k]);
			HTML_LIT(h, "</option>");
		}
		HTML_LIT(h, "</select></div><div class=\"field\"><label for=\"");
		html_attr(h, cid);
		HTML_LIT(h, "\">");
		html_tr(h, "Comment");
		HTML_LIT(h, " <span class=\"sr-only\">");
		html_text(h, o->on_date);
		HTML_LIT(h, "</span></label><input type=\"text\" name=\"comment\" id=\"");
		html_attr(h, cid);
		HTML_LIT(h, "\" value=\"");
		html_attr(h, o->comment);
		HTML_LIT(h, "\"></div>");
		HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
		html_tr(h, "Save");
		HTML_LIT(h, "<span class=\"sr-only\"> ");
		html_text(h, o->on_date);
		HTML_LIT(h, "</span></button>");
		form_close(h);
		HTML_LIT(h, "</div>");
	}
	HTML_LIT(h, "</section>");
	page_end(r, h);
	return 0;
}

int page_wheel_item(struct req *r)
{
	return item_page(r, scope_record(&r->scope, "wheel_item"), NULL);
}

static int generate_again(struct req *r, const void *ctx, const struct err *e)
{
	return item_page(r, ctx, e);
}

int page_wheel_item_generate(struct req *r)
{
	const struct wheel_item *w = scope_record(&r->scope, "wheel_item");
	int64_t year = form_int(r, "year", 0);
	size_t n = 0;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = wheel_generate(db, r->arena, r->auth, w, year, &n, &e);
	return page_saved(
		r, rc, &e,
		arena_printf(r->arena, "/wheel/items/%" PRId64 "?year=%" PRId64 "&msg=generated", w->id, year),
		generate_again, w);
}

int page_wheel_occurrence_update(struct req *r)
{
	const struct wheel_occurrence *o = scope_record(&r->scope, "wheel_occurrence");
	struct wheel_occurrence cur = { 0 };
	struct wheel_item w;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = wheel_occ_update(db, r->arena, r->auth, o, form_int(r, "version", -1), req_form(r, "status"),
			      req_form(r, "comment"), &cur, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/wheel/items/%" PRId64 "?year=%.4s&msg=saved",
						     o->item_id, o->on_date));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		r->err = e;
		return rc;
	}
	/* The item's page again, with the problem named and the stored statuses. */
	if ((rc = wheel_item_get(db, r->arena, o->item_id, &w, &r->err)))
		return rc;
	r->resp.status = e.code == ERR_CONFLICT ? 409 : 400;
	return item_page(r, &w, &e);
}

/* --- the form --- */

struct item_view {
	const struct wheel_item *w; /* NULL: a new one */
	struct wheel_item_input in; /* as typed */
	int64_t version;
	int64_t from_activity_id;     /* a new one made from an activity */
	const struct wheel_item *cur; /* the other person's version after a conflict */
};

static const char *num_or_empty(struct req *r, int64_t v)
{
	return v ? arena_printf(r->arena, "%" PRId64, v) : "";
}

static int item_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct item_view *v = ctx;
	static const char *const month_values[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12" };
	static const char *const weekday_values[8] = { "", "1", "2", "3", "4", "5", "6", "7" };
	const char *weekday_labels[8];
	const char *nth_values[WHEEL_NTH_COUNT + 1], *nth_labels[WHEEL_NTH_COUNT + 1];
	struct picker units = { 0 }, users = { 0 };
	const char *title = v->w ? tr(r->lang, "Edit recurring activity") : tr(r->lang, "New recurring activity");
	struct html *h;
	struct db *db;
	int rc;

	weekday_labels[0] = N_("By day of the month");
	for (int k = 0; k < 7; k++)
		weekday_labels[k + 1] = wheel_weekday_labels[k];
	nth_values[0] = "";
	nth_labels[0] = N_("By day of the month");
	for (int k = 0; k < WHEEL_NTH_COUNT; k++) {
		nth_values[k + 1] = wheel_nths[k];
		nth_labels[k + 1] = wheel_nth_labels[k];
	}
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)) ||
	    (rc = picker_users(r, db, N_("Nobody"), v->in.responsible_id, 0, &users)))
		return rc;
	h = page_begin(r, title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/wheel\">");
	html_tr(h, "Annual wheel");
	HTML_LIT(h, "</a>");
	if (v->w) {
		HTML_LIT(h, " › ");
		link_record(h, "wheel_item", v->w->id, v->w->title);
	}
	HTML_LIT(h, "</p><h1>");
	html_text(h, title);
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Title", v->cur->title);
		detail_row(h, "When", wheel_rule_text(r->arena, r->lang, v->cur));
		detail_row(h, "Responsible", v->cur->responsible_name);
		HTML_LIT(h, "</dl></section>");
	}
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "Every year in a month, every quarter in its first, second or third month, or every month; on a "
		   "day of the month or on a weekday of it.");
	HTML_LIT(h, "</p>");
	form_open(h, r, v->w ? arena_printf(r->arena, "/wheel/items/%" PRId64 "/edit", v->w->id) : "/wheel/items");
	if (v->w)
		form_hidden_int(h, "version", v->version);
	if (v->from_activity_id)
		form_hidden_int(h, "from_activity_id", v->from_activity_id);
	form_picker(h, r, "unit_id", "Unit", &units, v->in.unit_id, e);
	form_text(h, r, "title", "Title", v->in.title, true, e);
	form_textarea(h, r, "description", "Description", v->in.description, e);
	form_select(h, r, "freq", "Repeats", wheel_freqs, wheel_freq_labels, WHEEL_FREQ_COUNT,
		    v->in.freq && *v->in.freq ? v->in.freq : "yearly", true, e);
	form_select(h, r, "month",
		    "Month (quarterly: January, February or March is the quarter's first, second or "
		    "third month)",
		    month_values, wheel_month_labels, 12, num_or_empty(r, v->in.month ? v->in.month : 1), true, e);
	form_input(h, r, "number", "day", "Day of the month", num_or_empty(r, v->in.day), false, NULL, e);
	form_select(h, r, "nth", "Which weekday", nth_values, nth_labels, WHEEL_NTH_COUNT + 1,
		    v->in.nth ? arena_printf(r->arena, "%" PRId64, v->in.nth) : "", true, e);
	form_select(h, r, "weekday", "Weekday", weekday_values, weekday_labels, 8, num_or_empty(r, v->in.weekday), true,
		    e);
	form_input(h, r, "time", "time_of_day", "Time of day (empty: all day)", v->in.time_of_day, false, NULL, e);
	form_picker(h, r, "responsible_id", "Responsible", &users, v->in.responsible_id, e);
	if (v->w)
		form_checkbox(h, r, "active", "Active (makes occurrences)", v->in.active);
	form_submit(h, v->w ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct wheel_item_input input_from_form(struct req *r, bool editing)
{
	struct wheel_item_input in = { 0 };
	in.unit_id = form_int(r, "unit_id", 0);
	in.title = req_form(r, "title");
	in.description = req_form(r, "description");
	in.freq = req_form(r, "freq");
	in.month = form_int(r, "month", 0);
	in.day = form_int(r, "day", 0);
	in.nth = form_int(r, "nth", 0);
	in.weekday = form_int(r, "weekday", 0);
	in.time_of_day = req_form(r, "time_of_day");
	in.responsible_id = form_int(r, "responsible_id", 0);
	in.active = editing ? req_form(r, "active") != NULL : true;
	return in;
}

int page_wheel_item_new(struct req *r)
{
	struct item_view v = { 0 };
	struct activity ac;
	struct db *db;

	v.in.unit_id = query_int(r, "unit_id", 0);
	v.in.freq = "yearly";
	v.in.month = 1;
	v.in.day = 1;
	v.in.active = true;
	v.from_activity_id = query_int(r, "from_activity_id", 0);
	if (v.from_activity_id) {
		/* Start from the activity: its title, purpose, unit and responsible person. */
		if (!(db = req_db(r)))
			return r->err.code;
		if (activity_get(db, r->arena, v.from_activity_id, &ac, &r->err) == 0 &&
		    authz_in_scope(r->auth, ACCESS_READ, ac.unit_path)) {
			v.in.unit_id = ac.unit_id;
			v.in.title = ac.title;
			v.in.description = ac.purpose;
			v.in.responsible_id = ac.responsible_id;
		} else {
			v.from_activity_id = 0;
		}
	}
	return item_form(r, &v, NULL);
}

int page_wheel_item_create(struct req *r)
{
	struct item_view v = { 0 };
	struct activity ac, *from = NULL;
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	v.in = input_from_form(r, false);
	v.from_activity_id = form_int(r, "from_activity_id", 0);
	if (!(db = req_db(r)))
		return r->err.code;
	if (v.from_activity_id) {
		if ((rc = activity_get(db, r->arena, v.from_activity_id, &ac, &r->err)))
			return rc;
		from = &ac;
	}
	rc = wheel_item_create(db, r->arena, r->auth, &v.in, from, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/wheel/items/%" PRId64 "?msg=created", id), item_form, &v);
}

int page_wheel_item_edit(struct req *r)
{
	const struct wheel_item *w = scope_record(&r->scope, "wheel_item");
	struct item_view v = { w, wheel_item_input_of(w), w->version, 0, NULL };
	return item_form(r, &v, NULL);
}

int page_wheel_item_update(struct req *r)
{
	const struct wheel_item *before = scope_record(&r->scope, "wheel_item");
	struct item_view v = { before, input_from_form(r, true), form_int(r, "version", -1), 0, NULL };
	struct wheel_item cur = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = wheel_item_update(db, r->arena, r->auth, before, v.version, &v.in, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.w = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/wheel/items/%" PRId64 "?msg=saved", before->id),
			  item_form, &v);
}

/* --- calendar feeds --- */

/* The address of this server as the browser reached it ("https://tillit.example.se"). */
static const char *site(struct req *r)
{
	const char *host = req_header(r, "Host");
	return arena_printf(r->arena, "%s://%s", r->app && r->app->cfg.secure_cookies ? "https" : "http",
			    host && *host ? host : "127.0.0.1");
}

void wheel_account_section(struct html *h, struct req *r, struct db *db, const char *new_key)
{
	const char *prefix, *created;
	bool has = calendar_key_info(db, r->arena, r->auth->user_id, &prefix, &created, NULL) == 0;

	HTML_LIT(h, "<h2 id=\"calendar\">");
	html_tr(h, "Calendar feeds of the annual wheel");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "Subscribe to the annual wheel in Outlook or another calendar. The addresses hold a secret of your "
		   "own: keep them to yourself, and make a new secret if one has been shared.");
	HTML_LIT(h, "</p>");
	if (new_key) {
		HTML_LIT(h, "<section class=\"flash\" role=\"status\" aria-labelledby=\"feed-h\"><h3 id=\"feed-h\">");
		html_tr(h, "Your calendar addresses");
		HTML_LIT(h, "</h3><p><strong>");
		html_tr(h, "Copy them now. They will not be shown again.");
		HTML_LIT(h, "</strong></p><ul class=\"feeds\"><li>");
		html_tr(h, "What you are responsible for");
		HTML_LIT(h, ": <code class=\"token\">");
		html_text(h, arena_printf(r->arena, "%s/calendar/me/feed.ics?key=%s", site(r), new_key));
		HTML_LIT(h, "</code></li>");
		for (size_t i = 0; i < r->auth->n_grants; i++) {
			const struct grant *g = &r->auth->grants[i];
			if (!g->unit_id)
				continue;
			HTML_LIT(h, "<li>");
			html_text(h, g->unit_name);
			HTML_LIT(h, ": <code class=\"token\">");
			html_text(h, arena_printf(r->arena, "%s/calendar/units/%" PRId64 "/feed.ics?key=%s", site(r),
						  g->unit_id, new_key));
			HTML_LIT(h, "</code></li>");
		}
		HTML_LIT(h, "</ul><p>");
		html_tr(h, "Any other unit you may read: /calendar/units/ID/feed.ics with the same key.");
		HTML_LIT(h, "</p></section>");
	} else if (has) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Your secret begins with");
		HTML_LIT(h, " <code>");
		html_text(h, prefix);
		HTML_LIT(h, "…</code> (");
		html_time(h, created);
		HTML_LIT(h, ").</p>");
	} else {
		HTML_LIT(h, "<p>");
		html_tr(h, "You have no calendar secret.");
		HTML_LIT(h, "</p>");
	}
	form_open(h, r, "/account/calendar");
	form_submit(h, has || new_key ? N_("Make a new secret (the old addresses stop working)") : N_("Make a secret"),
		    false);
	form_close(h);
	if (has || new_key) {
		form_open(h, r, "/account/calendar/revoke");
		form_submit(h, "Revoke the secret", true);
		form_close(h);
	}
}

int page_account_calendar(struct req *r)
{
	const char *key;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = calendar_key_create(db, r->arena, r->auth, &key, &r->err)))
		return rc;
	/* Shown on this answer, never in an address. */
	return page_account_with_calendar_key(r, key);
}

int page_account_calendar_revoke(struct req *r)
{
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = calendar_key_revoke(db, r->arena, r->auth, &r->err)))
		return rc;
	return resp_redirect(r, "/account?msg=calendar-revoked#calendar");
}

static int feed(struct req *r, int64_t unit_id)
{
	struct auth viewer;
	const char *ics;
	size_t len;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = calendar_key_auth(db, r->arena, req_query(r, "key"), &viewer, &r->err)) ||
	    (rc = wheel_feed(db, r->arena, &viewer, unit_id, viewer.lang, &ics, &len, &r->err)))
		return rc;
	buf_add(&r->resp.body, ics, len);
	r->resp.content_type = ICS_MIME;
	resp_header(r, "Cache-Control", "private, max-age=900");
	return 0;
}

int page_calendar_me(struct req *r)
{
	return feed(r, 0);
}

int page_calendar_unit(struct req *r)
{
	return feed(r, req_arg_id(r, 0));
}
