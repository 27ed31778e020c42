/*
 * page_intcontrol.c - internal control (intern kontroll) in the browser.
 *
 * The list of plans per unit and year, and a plan's page: its materiality
 * and risk analysis, its control points with how many periods are
 * reported, what is due for reporting, and its deviations, with the plan
 * and the yearly report to print or download. A control point's page
 * lists its results per period; a result's page its sample records and
 * deviations; a deviation's page its cause and remedy, and the button that
 * makes the remedy an activity of the action plan. The list of deviations
 * across units filters, sorts, pages and exports as the asset register
 * does.
 *
 * Forms follow page_assets.c: errors name the field and keep what was
 * typed; a stale version shows the other person's version.
 */
#include "web/page_intcontrol.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/intcontrol.h"
#include "domain/intcontrol_export.h"
#include "domain/intcontrol_report.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/widgets.h"

#define IC_PAGE 50
/* Rows of sample records a result form offers at most. */
#define IC_FORM_SAMPLES 50

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%" PRId64, v);
}

static const char *num_or_empty(struct req *r, int64_t v)
{
	return v ? num(r, v) : "";
}

static void subnav(struct html *h, const char *current)
{
	static const struct {
		const char *path, *label;
	} items[] = {
		{ "/internal-control", N_("Internal control plans") },
		{ "/internal-control/deviations", N_("Deviations") },
	};
	HTML_LIT(h, "<nav class=\"subnav\" aria-label=\"");
	html_tr(h, "Internal control");
	HTML_LIT(h, "\"><ul>");
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		HTML_LIT(h, "<li><a href=\"");
		html_attr(h, items[i].path);
		HTML_LIT(h, "\"");
		if (current && !strcmp(current, items[i].path))
			HTML_LIT(h, " aria-current=\"page\"");
		HTML_LIT(h, ">");
		html_tr(h, items[i].label);
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "</ul></nav>");
}

static void crumbs(struct html *h, struct req *r, int64_t plan_id, const char *plan_title)
{
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/internal-control\">");
	html_tr(h, "Internal control plans");
	HTML_LIT(h, "</a>");
	if (plan_id) {
		HTML_LIT(h, " › ");
		link_record(h, "intcontrol_plan", plan_id, plan_title);
	}
	HTML_LIT(h, "</p>");
	(void)r;
}

static void button_link(struct html *h, const char *href, const char *label)
{
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

static const char *label_of(struct req *r, const char *const *values, const char *const *labels, size_t n,
			    const char *v)
{
	return tr(r->lang, ic_label(values, labels, n, v));
}

static const char *method_text(struct req *r, const struct ic_point *k)
{
	const char *m = label_of(r, ic_methods, ic_method_labels, 4, k->method);
	if (strcmp(k->method, "sample"))
		return m;
	return arena_printf(r->arena, "%s: %" PRId64 " %s %" PRId64, m, k->sample_size, tr(r->lang, "of"),
			    k->population);
}

static int send_file(struct req *r, const char *data, size_t len, const char *mime, const char *filename)
{
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = mime;
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", filename));
	return 0;
}

static int export_format_arg(struct req *r, enum export_format *out)
{
	const char *v = req_query(r, "format");
	int f = export_format_parse(v ? v : "xlsx");
	if (f < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("Use json, csv or xlsx."));
	*out = (enum export_format)f;
	return 0;
}

/* --- the list of plans --- */

static const char *const plan_sorts[] = { "year", "unit" };
static const char *const plan_sort_labels[] = { N_("Year, newest first"), N_("Unit") };

int page_intcontrol(struct req *r)
{
	struct ic_plan_filter f = { 0 };
	struct ic_plan *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_plan_filter_parse(&f, req_query_get, r, &e)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, IC_PAGE, &f.limit, &f.offset);
	if ((rc = intcontrol_plan_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Internal control plans"));
	subnav(h, "/internal-control");
	page_h1(h, "Internal control plans");
	page_flash(h, r);
	form_errors(h, r, &e);
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		page_button(h, "/internal-control/new", N_("New internal control plan"));
	}
	filters_search_open(h, "/internal-control");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_input(h, r, "number", "year", "Year", f.year ? num(r, f.year) : "", false, NULL, NULL);
	form_filter_select(h, r, "sort", "Sort by", NULL, plan_sorts, plan_sort_labels, 2,
			   plan_sorts[f.sort == IC_PLAN_SORT_UNIT]);
	filters_clear_close(h, "/internal-control");
	page_export_links(h, r, "/internal-control/export", intcontrol_plan_filter_args);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No internal control plan matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption>");
		html_tr(h, "Internal control plans");
		HTML_LIT(h, " (");
		html_count(h, total);
		HTML_LIT(h, ")</caption>");
		table_head(h, (const char *const[]){ N_("Plan"), TABLE_NUM, N_("Year"), N_("Unit"), N_("Adopted"),
						     TABLE_NUM, N_("Control points"), TABLE_NUM, N_("Open deviations"),
						     NULL });
		for (size_t i = 0; i < n; i++) {
			const struct ic_plan *p = &list[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "intcontrol_plan", p->id, intcontrol_plan_title(r->arena, r->lang, p));
			HTML_LIT(h, "</th><td class=\"num\">");
			html_int(h, p->year);
			HTML_LIT(h, "</td><td>");
			link_record(h, "unit", p->unit_id, p->unit_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, p->adopted_on ? p->adopted_on : "–");
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, p->n_points);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, p->n_open);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/internal-control", intcontrol_plan_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

int page_intcontrol_export(struct req *r)
{
	struct ic_plan_filter f = { 0 };
	enum export_format format = EXPORT_XLSX;
	const char *data, *mime;
	size_t len;
	struct db *db;
	int rc;

	if ((rc = export_format_arg(r, &format)) || (rc = intcontrol_plan_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_plan_export(db, r->arena, &f, r->lang, format, &data, &len, &mime, &r->err)))
		return rc;
	return send_file(r, data, len, mime, arena_printf(r->arena, "internkontroll.%s", export_format_ext(format)));
}

/* --- the plan form --- */

static int plan_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct ic_plan *p = v->rec, *cur = v->cur;
	const struct ic_plan_input *in = v->in;
	const char *title = p ? N_("Edit internal control plan") : N_("New internal control plan");
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (!p && (rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, title));
	subnav(h, NULL);
	crumbs(h, r, p ? p->id : 0, p ? intcontrol_plan_title(r->arena, r->lang, p) : NULL);
	page_h1(h, title);
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Title", cur->title);
		detail_row(h, "Adopted by the board on", cur->adopted_on);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r, p ? arena_printf(r->arena, "/internal-control/%" PRId64 "/edit", p->id) : "/internal-control");
	if (p) {
		form_hidden_int(h, "version", v->version);
	} else {
		form_picker(h, r, "unit_id", "Unit (board)", &units, in->unit_id, e);
		form_input(h, r, "number", "year", "Year", num_or_empty(r, in->year), true, NULL, e);
	}
	form_text(h, r, "title", "Title (empty: named by unit and year)", in->title, false, e);
	form_input(h, r, "date", "adopted_on", "Adopted by the board on", in->adopted_on, false, NULL, e);
	form_submit(h, p ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static void plan_from_form(struct req *r, void *p)
{
	struct ic_plan_input *in = p;
	in->unit_id = form_int(r, "unit_id", 0);
	in->year = form_int(r, "year", 0);
	in->title = req_form(r, "title");
	in->adopted_on = req_form(r, "adopted_on");
}

static int plan_create(struct req *r, struct db *db, const void *in, int64_t *id, struct err *e)
{
	return intcontrol_plan_create(db, r->arena, r->auth, r->lang, in, id, e);
}

PAGE_INPUT_OF(plan_input_of, struct ic_plan_input, intcontrol_plan_input_of)
PAGE_UPDATER(plan_update, intcontrol_plan_update)

static const struct page_record_def plan_def = {
	PAGE_RECORD(struct ic_plan, struct ic_plan_input),
	.kind = "intcontrol_plan",
	.path = "/internal-control/",
	.from_form = plan_from_form,
	.input_of = plan_input_of,
	.create = plan_create,
	.update = plan_update,
	.form = plan_form,
};

int page_intcontrol_new(struct req *r)
{
	char now[TIME_ISO_LEN];
	struct ic_plan_input in = { 0 };
	struct form_view v = { NULL, &in, 0, NULL };
	time_now_iso(now);
	now[4] = 0;
	str_to_i64(now, &in.year);
	in.unit_id = query_int(r, "unit_id", 0);
	return plan_form(r, &v, NULL);
}

int page_intcontrol_create(struct req *r)
{
	return page_record_create(r, &plan_def);
}

int page_intcontrol_edit(struct req *r)
{
	return page_record_edit(r, &plan_def);
}

int page_intcontrol_update(struct req *r)
{
	return page_record_update(r, &plan_def);
}

/* --- one plan --- */

static void document_links(struct html *h, struct req *r, int64_t id, const char *which, const char *heading)
{
	static const char *const formats[] = { "html", "docx", "xlsx", "md" };
	static const char *const labels[] = { N_("For print (HTML)"), N_("DOCX"), N_("XLSX"), N_("Markdown") };
	HTML_LIT(h, "<li>");
	html_tr(h, heading);
	HTML_LIT(h, ": ");
	for (size_t i = 0; i < 4; i++) {
		if (i)
			HTML_LIT(h, ", ");
		HTML_LIT(h, "<a href=\"/internal-control/");
		html_int(h, id);
		HTML_LIT(h, "/document?document=");
		html_attr(h, which);
		HTML_LIT(h, "&amp;format=");
		html_attr(h, formats[i]);
		HTML_LIT(h, "\">");
		html_tr(h, labels[i]);
		HTML_LIT(h, "<span class=\"sr-only\"> (");
		html_tr(h, heading);
		HTML_LIT(h, ")</span></a>");
	}
	HTML_LIT(h, "</li>");
	(void)r;
}

static void deviations_table(struct html *h, struct req *r, const struct ic_deviation *d, size_t n, bool with_unit)
{
	static const char *const cols[] = { N_("Deviation"),  N_("Unit"),   N_("Control point"), N_("Period"),
					    N_("Remedy due"), N_("Status"), N_("Activity"),      NULL };
	static const char *const cols_no_unit[] = {
		N_("Deviation"), N_("Control point"), N_("Period"), N_("Remedy due"), N_("Status"), N_("Activity"), NULL
	};
	table_open_sr(h, N_("Deviations"), with_unit ? cols : cols_no_unit);
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "intcontrol_deviation", d[i].id, d[i].description);
		HTML_LIT(h, "</th>");
		if (with_unit) {
			HTML_LIT(h, "<td>");
			link_record(h, "unit", d[i].unit_id, d[i].unit_name);
			HTML_LIT(h, "</td>");
		}
		HTML_LIT(h, "<td>");
		link_record(h, "intcontrol_point", d[i].point_id, d[i].point_title);
		HTML_LIT(h, "</td><td>");
		html_text(h, ic_period_label(r->arena, r->lang, d[i].period_kind, d[i].plan_year, d[i].period_no));
		HTML_LIT(h, "</td><td>");
		html_text(h, d[i].due ? d[i].due : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, label_of(r, ic_deviation_statuses, ic_deviation_status_labels, 2, d[i].status));
		HTML_LIT(h, "</td><td>");
		if (d[i].activity_id)
			link_record(h, "activity", d[i].activity_id, tr(r->lang, "In the action plan"));
		else
			HTML_LIT(h, "–");
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static void due_list(struct html *h, struct req *r, const struct ic_due *due, size_t n)
{
	HTML_LIT(h, "<ul>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<li>");
		link_record(h, "intcontrol_point", due[i].point->id, due[i].point->title);
		HTML_LIT(h, " – ");
		html_text(h, ic_period_label(r->arena, r->lang, due[i].point->period_kind, due[i].point->plan_year,
					     due[i].period_no));
		HTML_LIT(h, ", ");
		html_tr(h, "deadline");
		HTML_LIT(h, " ");
		html_text(h, due[i].due);
		if (due[i].overdue) {
			HTML_LIT(h, " <strong class=\"flagged\">");
			html_tr(h, "Overdue");
			HTML_LIT(h, "</strong>");
		}
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
}

int page_intcontrol_plan(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	bool edit = authz_in_scope(r->auth, ACCESS_EDIT, p->unit_path);
	struct intcontrol_year y;
	struct ic_due *due;
	size_t n_due;
	char today[TIME_ISO_LEN];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_year_read(db, r->arena, p, &y, &r->err)))
		return rc;
	time_today_iso(today);
	intcontrol_due(r->arena, y.points, y.n_points, y.results, y.n_results, today, &due, &n_due);
	h = page_begin(r, intcontrol_plan_title(r->arena, r->lang, p));
	subnav(h, NULL);
	crumbs(h, r, 0, NULL);
	HTML_LIT(h, "<h1>");
	html_text(h, intcontrol_plan_title(r->arena, r->lang, p));
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (edit) {
		HTML_LIT(h, "<p class=\"actions\">");
		button_link(h, arena_printf(r->arena, "/internal-control/%" PRId64 "/edit", p->id), N_("Edit"));
		button_link(h, arena_printf(r->arena, "/internal-control/%" PRId64 "/processes/new", p->id),
			    N_("Add a process"));
		button_link(h, arena_printf(r->arena, "/internal-control/%" PRId64 "/points/new", p->id),
			    N_("Add a control point"));
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", p->unit_id, p->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Year", num(r, p->year));
	detail_row(h, "Adopted by the board on", p->adopted_on);
	HTML_LIT(h, "</dl><h2>");
	html_tr(h, "Documents");
	HTML_LIT(h, "</h2><ul>");
	document_links(h, r, p->id, "plan", N_("The internal control plan"));
	document_links(h, r, p->id, "report", N_("The yearly report"));
	HTML_LIT(h, "</ul><h2 id=\"analysis\">");
	html_tr(h, "Materiality and risk analysis");
	HTML_LIT(h, "</h2>");
	table_open_sr(h, N_("Materiality and risk analysis"),
		      (const char *const[]){ N_("Process"), TABLE_NUM, N_("Likelihood"), TABLE_NUM, N_("Consequence"),
					     TABLE_NUM, N_("Risk value"), N_("Decision"), N_("Motivation"), NULL });
	for (size_t i = 0; i < y.n_processes; i++) {
		const struct ic_process *c = &y.processes[i];
		HTML_LIT(h, "<tr><th scope=\"row\">");
		if (edit) {
			HTML_LIT(h, "<a href=\"/internal-control/processes/");
			html_int(h, c->id);
			HTML_LIT(h, "/edit\">");
			html_text(h, c->name);
			HTML_LIT(h, "</a>");
		} else {
			html_text(h, c->name);
		}
		if (c->mandatory) {
			HTML_LIT(h, " <small>(");
			html_tr(h, "mandatory for every board");
			HTML_LIT(h, ")</small>");
		}
		HTML_LIT(h, "</th><td class=\"num\">");
		html_text(h, c->probability ? num(r, c->probability) : "–");
		HTML_LIT(h, "</td><td class=\"num\">");
		html_text(h, c->consequence ? num(r, c->consequence) : "–");
		HTML_LIT(h, "</td><td class=\"num\">");
		html_text(h, intcontrol_risk_value(c) ? num(r, intcontrol_risk_value(c)) : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, label_of(r, ic_decisions, ic_decision_labels, 3, c->decision));
		HTML_LIT(h, "</td><td>");
		html_text(h, c->rationale);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	HTML_LIT(h, "<h2 id=\"points\">");
	html_tr(h, "Control points");
	HTML_LIT(h, "</h2>");
	if (!y.n_points) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No control point is planned yet.");
		HTML_LIT(h, "</p>");
	} else {
		table_open_sr(h, N_("Control points"),
			      (const char *const[]){ N_("What is checked"), N_("Process"), N_("Method"),
						     N_("Frequency"), N_("Responsible"), N_("Periods reported"),
						     NULL });
		for (size_t i = 0; i < y.n_points; i++) {
			const struct ic_point *k = &y.points[i];
			int64_t reported = 0;
			for (size_t x = 0; x < y.n_results; x++)
				reported += y.results[x].point_id == k->id;
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "intcontrol_point", k->id, k->title);
			HTML_LIT(h, "</th><td>");
			html_text(h, k->process_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, method_text(r, k));
			HTML_LIT(h, "</td><td>");
			html_text(h, label_of(r, ic_frequencies, ic_frequency_labels, 3, k->frequency));
			HTML_LIT(h, "</td><td>");
			html_text(h, k->responsible_name ? k->responsible_name : "–");
			HTML_LIT(h, "</td><td>");
			html_int(h, reported);
			HTML_LIT(h, " / ");
			html_int(h, ic_periods_in_year(k->period_kind));
			HTML_LIT(h, " (");
			html_text(h, label_of(r, ic_period_kinds, ic_period_kind_labels, 2, k->period_kind));
			HTML_LIT(h, ")</td></tr>");
		}
		table_close(h);
	}
	HTML_LIT(h, "<h2 id=\"due\">");
	html_tr(h, "Due for reporting");
	HTML_LIT(h, "</h2>");
	if (!n_due) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nothing is due for reporting.");
		HTML_LIT(h, "</p>");
	} else {
		due_list(h, r, due, n_due);
	}
	HTML_LIT(h, "<h2 id=\"deviations\">");
	html_tr(h, "Deviations");
	HTML_LIT(h, " (");
	html_int(h, (int64_t)y.n_open);
	HTML_LIT(h, " ");
	html_tr(h, "open");
	HTML_LIT(h, ")</h2>");
	if (!y.n_deviations) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No deviation was found.");
		HTML_LIT(h, "</p>");
	} else {
		deviations_table(h, r, y.deviations, y.n_deviations, false);
	}
	page_end(r, h);
	return 0;
}

int page_intcontrol_document(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	const char *dv = req_query(r, "document"), *fv = req_query(r, "format"), *data, *mime;
	int which = intcontrol_document_parse(dv ? dv : "report"), format = intcontrol_format_parse(fv ? fv : "html");
	size_t len;
	struct db *db;
	int rc;

	if (which < 0)
		return err_set(&r->err, ERR_INVALID, "document", N_("The document is plan or report."));
	if (format < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is html, md, docx or xlsx."));
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_report_file(db, r->arena, r->lang, p, (enum ic_document)which, (enum ic_format)format,
					 &data, &len, &mime, &r->err)))
		return rc;
	return send_file(r, data, len, mime,
			 intcontrol_report_filename(r->arena, p, (enum ic_document)which, (enum ic_format)format));
}

/* --- processes --- */

static const char *const levels[] = { "0", "1", "2", "3", "4" };
static const char *const level_labels[] = { N_("Not assessed"), N_("1 – low"), N_("2 – moderate"), N_("3 – high"),
					    N_("4 – very high") };

struct process_view {
	const struct ic_plan *plan; /* new: the plan it is added to */
	const struct ic_process *c; /* NULL: new */
	const struct ic_process_input *in;
	int64_t version;
	const struct ic_process *cur;
};

static int process_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct process_view *v = ctx;
	const char *title = v->c ? N_("Edit process") : N_("Add a process to the analysis");
	int64_t plan_id = v->c ? v->c->plan_id : v->plan->id;
	struct html *h = page_begin(r, tr(r->lang, title));

	subnav(h, NULL);
	crumbs(h, r, plan_id, tr(r->lang, "The internal control plan"));
	page_h1(h, title);
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Name", v->cur->name);
		detail_row(h, "Selection decision", label_of(r, ic_decisions, ic_decision_labels, 3, v->cur->decision));
		detail_row(h, "Motivation", v->cur->rationale);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r,
		  v->c ? arena_printf(r->arena, "/internal-control/processes/%" PRId64 "/edit", v->c->id)
		       : arena_printf(r->arena, "/internal-control/%" PRId64 "/processes", v->plan->id));
	if (v->c)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "name", "Name", v->in->name, true, e);
	form_textarea(h, r, "description", "Description", v->in->description, e);
	form_select(h, r, "probability", "Probability (1-4)", levels, level_labels, 5,
		    levels[v->in->probability >= 0 && v->in->probability <= 4 ? v->in->probability : 0], true, e);
	form_select(h, r, "consequence", "Consequence level", levels, level_labels, 5,
		    levels[v->in->consequence >= 0 && v->in->consequence <= 4 ? v->in->consequence : 0], true, e);
	form_select(h, r, "decision", "Selection decision", ic_decisions, ic_decision_labels, 3, v->in->decision, true,
		    e);
	form_textarea(h, r, "rationale", "Motivation", v->in->rationale, e);
	form_submit(h, v->c ? N_("Save") : N_("Add"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct ic_process_input process_from_form(struct req *r)
{
	struct ic_process_input in = { 0 };
	in.name = req_form(r, "name");
	in.description = req_form(r, "description");
	in.probability = form_int(r, "probability", -1);
	in.consequence = form_int(r, "consequence", -1);
	in.decision = req_form(r, "decision");
	in.rationale = req_form(r, "rationale");
	return in;
}

int page_intcontrol_process_new(struct req *r)
{
	struct ic_process_input in = { .decision = "undecided" };
	struct process_view v = { scope_record(&r->scope, "intcontrol_plan"), NULL, &in, 0, NULL };
	return process_form(r, &v, NULL);
}

int page_intcontrol_process_create(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_process_input in = process_from_form(r);
	struct process_view v = { p, NULL, &in, 0, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = intcontrol_process_create(db, r->arena, r->auth, p, &in, NULL, &e);
	return page_saved(r, rc, &e,
			  arena_printf(r->arena, "/internal-control/%" PRId64 "?msg=created#analysis", p->id),
			  process_form, &v);
}

int page_intcontrol_process_edit(struct req *r)
{
	const struct ic_process *c = scope_record(&r->scope, "intcontrol_process");
	struct ic_process_input in = intcontrol_process_input_of(c);
	struct process_view v = { NULL, c, &in, c->version, NULL };
	return process_form(r, &v, NULL);
}

int page_intcontrol_process_update(struct req *r)
{
	const struct ic_process *before = scope_record(&r->scope, "intcontrol_process");
	struct ic_process_input in = process_from_form(r);
	struct ic_process cur = { 0 };
	struct process_view v = { NULL, before, &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = intcontrol_process_update(db, r->arena, r->auth, before, v.version, &in, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		v.c = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e,
			  arena_printf(r->arena, "/internal-control/%" PRId64 "?msg=saved#analysis", before->plan_id),
			  process_form, &v);
}

/* --- control points --- */

static int point_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct ic_point *k = v->rec, *cur = v->cur;
	const struct ic_point_input *in = v->in;
	const char *title = k ? N_("Edit control point") : N_("Add a control point");
	int64_t plan_id = k ? k->plan_id : ((const struct ic_plan *)scope_record(&r->scope, "intcontrol_plan"))->id;
	struct ic_process *cs;
	struct picker processes = { 0 }, users = { 0 }, units = { 0 };
	size_t n_cs, m = 0;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_process_list(db, r->arena, plan_id, &cs, &n_cs, &r->err)) ||
	    (rc = picker_users(r, db, N_("Nobody"), in->responsible_id, 0, &users)) ||
	    (rc = picker_units(r, db, N_("No unit"), NULL, NULL, &units)))
		return rc;
	processes.values = arena_calloc(r->arena, n_cs + 1, sizeof(char *));
	processes.labels = arena_calloc(r->arena, n_cs + 1, sizeof(char *));
	processes.values[m] = "";
	processes.labels[m++] = tr(r->lang, "Choose a process selected for control");
	for (size_t i = 0; i < n_cs; i++) {
		if (strcmp(cs[i].decision, "selected") && cs[i].id != in->process_id)
			continue;
		processes.values[m] = num(r, cs[i].id);
		processes.labels[m++] = cs[i].name;
	}
	processes.n = m;
	h = page_begin(r, tr(r->lang, title));
	subnav(h, NULL);
	crumbs(h, r, plan_id, tr(r->lang, "The internal control plan"));
	page_h1(h, title);
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "What is checked", cur->title);
		detail_row(h, "Method", method_text(r, cur));
		detail_row(h, "Responsible", cur->responsible_name);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r,
		  k ? arena_printf(r->arena, "/internal-control/points/%" PRId64 "/edit", k->id)
		    : arena_printf(r->arena, "/internal-control/%" PRId64 "/points", plan_id));
	if (k)
		form_hidden_int(h, "version", v->version);
	form_picker(h, r, "process_id", "Process", &processes, in->process_id, e);
	form_textarea(h, r, "title", "What is checked", in->title, e);
	form_select(h, r, "check_method", "Method of the check", ic_methods, ic_method_labels, 4, in->method, true, e);
	form_input(h, r, "number", "sample_size", "Sample size (for a sample check)", num_or_empty(r, in->sample_size),
		   false, NULL, e);
	form_input(h, r, "number", "population", "Population the sample is drawn from", num_or_empty(r, in->population),
		   false, NULL, e);
	form_select(h, r, "frequency", "Frequency", ic_frequencies, ic_frequency_labels, 3, in->frequency, true, e);
	form_picker(h, r, "responsible_id", "Responsible", &users, in->responsible_id, e);
	form_picker(h, r, "responsible_unit_id", "Responsible unit", &units, in->responsible_unit_id, e);
	form_select(h, r, "period_kind", "Reporting period", ic_period_kinds, ic_period_kind_labels, 2, in->period_kind,
		    true, e);
	form_submit(h, k ? N_("Save") : N_("Add"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static void point_from_form(struct req *r, void *p)
{
	struct ic_point_input *in = p;
	in->process_id = form_int(r, "process_id", 0);
	in->title = req_form(r, "title");
	in->method = req_form(r, "check_method");
	in->sample_size = form_int(r, "sample_size", 0);
	in->population = form_int(r, "population", 0);
	in->frequency = req_form(r, "frequency");
	in->period_kind = req_form(r, "period_kind");
	in->responsible_id = form_int(r, "responsible_id", 0);
	in->responsible_unit_id = form_int(r, "responsible_unit_id", 0);
}

static int point_create(struct req *r, struct db *db, const void *in, int64_t *id, struct err *e)
{
	return intcontrol_point_create(db, r->arena, r->auth, scope_record(&r->scope, "intcontrol_plan"), in, id, e);
}

PAGE_INPUT_OF(point_input_of, struct ic_point_input, intcontrol_point_input_of)
PAGE_UPDATER(point_update, intcontrol_point_update)

static const struct page_record_def point_def = {
	PAGE_RECORD(struct ic_point, struct ic_point_input),
	.kind = "intcontrol_point",
	.path = "/internal-control/points/",
	.from_form = point_from_form,
	.input_of = point_input_of,
	.create = point_create,
	.update = point_update,
	.form = point_form,
};

int page_intcontrol_point_new(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_point_input in = { .method = "sample", .frequency = "period", .period_kind = "tertial" };
	struct form_view v = { NULL, &in, 0, NULL };
	in.responsible_unit_id = p->unit_id;
	return point_form(r, &v, NULL);
}

int page_intcontrol_point_create(struct req *r)
{
	return page_record_create(r, &point_def);
}

int page_intcontrol_point_edit(struct req *r)
{
	return page_record_edit(r, &point_def);
}

int page_intcontrol_point_update(struct req *r)
{
	return page_record_update(r, &point_def);
}

int page_intcontrol_point(struct req *r)
{
	const struct ic_point *k = scope_record(&r->scope, "intcontrol_point");
	struct ic_result *all;
	struct ic_due *due;
	size_t n_all, n_due, n = 0;
	char today[TIME_ISO_LEN];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_result_list(db, r->arena, k->plan_id, &all, &n_all, &r->err)))
		return rc;
	for (size_t i = 0; i < n_all; i++)
		if (all[i].point_id == k->id)
			all[n++] = all[i];
	time_today_iso(today);
	intcontrol_due(r->arena, k, 1, all, n, today, &due, &n_due);
	h = page_begin(r, k->title);
	subnav(h, NULL);
	crumbs(h, r, k->plan_id,
	       arena_printf(r->arena, "%s %" PRId64 " – %s", tr(r->lang, "Internal control plan"), k->plan_year,
			    k->unit_name));
	HTML_LIT(h, "<h1>");
	html_text(h, k->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<p class=\"actions\">");
	if (intcontrol_point_can_report(r->auth, k))
		button_link(h, arena_printf(r->arena, "/internal-control/points/%" PRId64 "/results/new", k->id),
			    N_("Report a result"));
	if (authz_in_scope(r->auth, ACCESS_EDIT, k->unit_path))
		button_link(h, arena_printf(r->arena, "/internal-control/points/%" PRId64 "/edit", k->id), N_("Edit"));
	HTML_LIT(h, "</p><dl class=\"details\">");
	detail_row(h, "Process", k->process_name);
	detail_row(h, "Method", method_text(r, k));
	detail_row(h, "Frequency", label_of(r, ic_frequencies, ic_frequency_labels, 3, k->frequency));
	detail_row(h, "Reporting period", label_of(r, ic_period_kinds, ic_period_kind_labels, 2, k->period_kind));
	detail_row(h, "Responsible", k->responsible_name);
	detail_row(h, "Responsible unit", k->responsible_unit_name);
	HTML_LIT(h, "</dl>");
	if (n_due) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Due for reporting");
		HTML_LIT(h, "</h2>");
		due_list(h, r, due, n_due);
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Results per period");
	HTML_LIT(h, "</h2>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No result reported yet.");
		HTML_LIT(h, "</p>");
	} else {
		table_open_sr(h, N_("Results per period"),
			      (const char *const[]){ N_("Period"), N_("Checked on"), TABLE_NUM, N_("Records checked"),
						     TABLE_NUM, N_("Not in order"), TABLE_NUM, N_("Deviations"),
						     N_("Conclusion"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "intcontrol_result", all[i].id,
				    ic_period_label(r->arena, r->lang, all[i].period_kind, all[i].plan_year,
						    all[i].period_no));
			HTML_LIT(h, "</th><td>");
			html_text(h, all[i].checked_on);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, all[i].n_samples);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, all[i].n_failed);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, all[i].n_deviations);
			HTML_LIT(h, "</td><td>");
			html_text(h, all[i].conclusion);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_end(r, h);
	return 0;
}

/* --- results --- */

static void sample_rows(struct html *h, struct req *r, const struct ic_point *k, const struct ic_result_input *in)
{
	size_t rows = in->n_samples;
	size_t want = !strcmp(k->method, "sample") ? (size_t)k->sample_size : 5;
	if (want > IC_FORM_SAMPLES)
		want = IC_FORM_SAMPLES;
	if (rows < want)
		rows = want;
	if (rows < 3)
		rows = 3;
	HTML_LIT(h, "<table id=\"f-samples\"><caption>");
	html_tr(h, "Records checked");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">");
	html_tr(h, "Record (reference)");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Not in order");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Note");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < rows; i++) {
		const struct ic_sample *s = i < in->n_samples ? &in->samples[i] : NULL;
		const char *row = num(r, (int64_t)i + 1);
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, row);
		HTML_LIT(h, "</th><td><input type=\"text\" name=\"sample_ref_");
		html_attr(h, row);
		HTML_LIT(h, "\" value=\"");
		html_attr(h, s ? s->reference : "");
		HTML_LIT(h, "\" aria-label=\"");
		html_tr(h, "Record (reference)");
		HTML_LIT(h, " ");
		html_attr(h, row);
		HTML_LIT(h, "\"></td><td><input type=\"checkbox\" value=\"1\" name=\"sample_bad_");
		html_attr(h, row);
		HTML_LIT(h, "\"");
		if (s && !s->ok)
			HTML_LIT(h, " checked");
		HTML_LIT(h, " aria-label=\"");
		html_tr(h, "Not in order");
		HTML_LIT(h, " ");
		html_attr(h, row);
		HTML_LIT(h, "\"></td><td><input type=\"text\" name=\"sample_note_");
		html_attr(h, row);
		HTML_LIT(h, "\" value=\"");
		html_attr(h, s ? s->note : "");
		HTML_LIT(h, "\" aria-label=\"");
		html_tr(h, "Note");
		HTML_LIT(h, " ");
		html_attr(h, row);
		HTML_LIT(h, "\"></td></tr>");
	}
	table_close(h);
}

/* The control point of result @x, for its forms. */
static int point_of(struct req *r, const struct ic_result *x, struct ic_point **out)
{
	struct db *db = req_db(r);
	if (!db)
		return r->err.code;
	*out = arena_calloc(r->arena, 1, sizeof(**out));
	return intcontrol_point_get(db, r->arena, x->point_id, *out, &r->err);
}

/* The result form: a new one of the route's control point, or of @v->rec's. */
static int result_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct ic_result *x = v->rec, *cur = v->cur;
	const struct ic_result_input *in = v->in;
	const char *title = x ? N_("Edit result") : N_("Report a result");
	const struct ic_point *k = x ? NULL : scope_record(&r->scope, "intcontrol_point");
	const char *values[4], *labels[4];
	struct picker users = { 0 };
	struct ic_point *xk = NULL;
	struct html *h;
	struct db *db;
	int periods, rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (x && (rc = point_of(r, x, &xk)))
		return rc;
	if (xk)
		k = xk;
	if ((rc = picker_users(r, db, NULL, in->checked_by, 0, &users)))
		return rc;
	periods = ic_periods_in_year(k->period_kind);
	for (int i = 0; i < periods; i++) {
		values[i] = ic_period_code(r->arena, k->period_kind, k->plan_year, i + 1);
		labels[i] = ic_period_label(r->arena, r->lang, k->period_kind, k->plan_year, i + 1);
	}
	h = page_begin(r, tr(r->lang, title));
	subnav(h, NULL);
	crumbs(h, r, k->plan_id, tr(r->lang, "The internal control plan"));
	HTML_LIT(h, "<h1>");
	html_tr(h, title);
	HTML_LIT(h, "</h1><p>");
	link_record(h, "intcontrol_point", k->id, k->title);
	HTML_LIT(h, " – ");
	html_text(h, method_text(r, k));
	HTML_LIT(h, "</p>");
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Checked on", cur->checked_on);
		detail_row(h, "Conclusion", cur->conclusion);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r,
		  x ? arena_printf(r->arena, "/internal-control/results/%" PRId64 "/edit", x->id)
		    : arena_printf(r->arena, "/internal-control/points/%" PRId64 "/results", k->id));
	if (x)
		form_hidden_int(h, "version", v->version);
	form_select(h, r, "period", "Period", values, labels, (size_t)periods, in->period, false, e);
	form_input(h, r, "date", "checked_on", "Checked on", in->checked_on, true, NULL, e);
	form_picker(h, r, "checked_by", "Checked by", &users, in->checked_by, e);
	sample_rows(h, r, k, in);
	form_textarea(h, r, "conclusion", "Conclusion", in->conclusion, e);
	form_submit(h, x ? N_("Save") : N_("Report"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static void result_from_form(struct req *r, void *p)
{
	struct ic_result_input *in = p;
	struct ic_sample *s = arena_calloc(r->arena, IC_MAX_SAMPLES + 1, sizeof(*s));
	size_t n = 0;

	in->period = req_form(r, "period");
	in->checked_on = req_form(r, "checked_on");
	in->checked_by = form_int(r, "checked_by", 0);
	in->conclusion = req_form(r, "conclusion");
	for (int i = 1; i <= IC_MAX_SAMPLES + 1; i++) {
		const char *ref = req_form(r, arena_printf(r->arena, "sample_ref_%d", i));
		const char *note = req_form(r, arena_printf(r->arena, "sample_note_%d", i));
		const char *bad = req_form(r, arena_printf(r->arena, "sample_bad_%d", i));
		if (!ref && !note && !bad)
			break;
		if ((!ref || !*ref) && (!note || !*note))
			continue;
		if (n == IC_MAX_SAMPLES) {
			n++; /* one more than allowed: the domain refuses it */
			break;
		}
		s[n].reference = ref ? ref : "";
		s[n].note = note ? note : "";
		s[n].ok = !bad;
		n++;
	}
	in->samples = s;
	in->n_samples = n;
	in->set_samples = true;
}

static int result_create(struct req *r, struct db *db, const void *in, int64_t *id, struct err *e)
{
	return intcontrol_result_create(db, r->arena, r->auth, scope_record(&r->scope, "intcontrol_point"), in, id, e);
}

/* The stored result with its sample records. */
static int result_load(struct req *r, struct db *db, const void *rec, void *p)
{
	struct ic_result_input *in = p;
	struct ic_sample *s;
	size_t n;
	int rc = intcontrol_result_samples(db, r->arena, ((const struct ic_result *)rec)->id, &s, &n, &r->err);
	if (rc)
		return rc;
	*in = intcontrol_result_input_of(r->arena, rec);
	in->samples = s;
	in->n_samples = n;
	return 0;
}

PAGE_UPDATER(result_update, intcontrol_result_update)

static const struct page_record_def result_def = {
	PAGE_RECORD(struct ic_result, struct ic_result_input),
	.kind = "intcontrol_result",
	.path = "/internal-control/results/",
	.from_form = result_from_form,
	.load = result_load,
	.create = result_create,
	.update = result_update,
	.form = result_form,
};

int page_intcontrol_result_new(struct req *r)
{
	struct ic_result_input in = { 0 };
	struct form_view v = { NULL, &in, 0, NULL };
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	in.checked_on = arena_strdup(r->arena, today);
	in.checked_by = r->auth->user_id;
	return result_form(r, &v, NULL);
}

int page_intcontrol_result_create(struct req *r)
{
	return page_record_create(r, &result_def);
}

int page_intcontrol_result_edit(struct req *r)
{
	return page_record_edit(r, &result_def);
}

int page_intcontrol_result_update(struct req *r)
{
	return page_record_update(r, &result_def);
}

int page_intcontrol_result(struct req *r)
{
	const struct ic_result *x = scope_record(&r->scope, "intcontrol_result");
	struct ic_plan plan = { 0 };
	struct ic_deviation *devs;
	struct ic_sample *s;
	size_t n_s, n_devs;
	bool can = authz_may_edit_owned(r->auth, x->unit_path, x->responsible_id);
	const char *period = ic_period_label(r->arena, r->lang, x->period_kind, x->plan_year, x->period_no);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	plan.unit_id = x->unit_id;
	plan.year = x->plan_year;
	if ((rc = intcontrol_result_samples(db, r->arena, x->id, &s, &n_s, &r->err)) ||
	    (rc = intcontrol_deviation_of_plan(db, r->arena, &plan, &devs, &n_devs, &r->err)))
		return rc;
	h = page_begin(r, arena_printf(r->arena, "%s – %s", x->point_title, period));
	subnav(h, NULL);
	crumbs(h, r, x->plan_id, tr(r->lang, "The internal control plan"));
	HTML_LIT(h, "<h1>");
	html_text(h, x->point_title);
	HTML_LIT(h, " – ");
	html_text(h, period);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (can) {
		HTML_LIT(h, "<p class=\"actions\">");
		button_link(h, arena_printf(r->arena, "/internal-control/results/%" PRId64 "/deviations/new", x->id),
			    N_("Record a deviation"));
		button_link(h, arena_printf(r->arena, "/internal-control/results/%" PRId64 "/edit", x->id), N_("Edit"));
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Control point");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "intcontrol_point", x->point_id, x->point_title);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Checked on", x->checked_on);
	detail_row(h, "Checked by", x->checked_by_name);
	detail_row(h, "Conclusion", x->conclusion);
	HTML_LIT(h, "</dl><h2>");
	html_tr(h, "Records checked");
	HTML_LIT(h, " (");
	html_int(h, x->n_samples);
	HTML_LIT(h, ")</h2>");
	if (n_s) {
		table_open_sr(h, N_("Records checked"),
			      (const char *const[]){ N_("Record (reference)"), N_("Finding"), N_("Note"), NULL });
		for (size_t i = 0; i < n_s; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, s[i].reference);
			HTML_LIT(h, "</th><td>");
			if (s[i].ok) {
				html_tr(h, "In order");
			} else {
				HTML_LIT(h, "<strong class=\"flagged\">");
				html_tr(h, "Not in order");
				HTML_LIT(h, "</strong>");
			}
			HTML_LIT(h, "</td><td>");
			html_text(h, s[i].note);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Deviations");
	HTML_LIT(h, "</h2>");
	{
		size_t m = 0;
		for (size_t i = 0; i < n_devs; i++)
			if (devs[i].result_id == x->id)
				devs[m++] = devs[i];
		if (!m) {
			HTML_LIT(h, "<p>");
			html_tr(h, "No deviation was found.");
			HTML_LIT(h, "</p>");
		} else {
			deviations_table(h, r, devs, m, false);
		}
	}
	page_end(r, h);
	return 0;
}

/* --- deviations --- */

static const char *const dev_sorts[] = { "newest", "due" };
static const char *const dev_sort_labels[] = { N_("Newest first"), N_("Remedy due") };

int page_intcontrol_deviations(struct req *r)
{
	struct ic_deviation_filter f = { 0 };
	struct ic_deviation *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_deviation_filter_parse(&f, req_query_get, r, &e)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, IC_PAGE, &f.limit, &f.offset);
	if ((rc = intcontrol_deviation_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Deviations in internal control"));
	subnav(h, "/internal-control/deviations");
	page_h1(h, "Deviations in internal control");
	page_flash(h, r);
	form_errors(h, r, &e);
	filters_search_open(h, "/internal-control/deviations");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	filters_more_open(h, r);
	form_input(h, r, "number", "year", "Year", f.year ? num(r, f.year) : "", false, NULL, NULL);
	form_filter_select(h, r, "status", "Status", N_("All statuses"), ic_deviation_statuses,
			   ic_deviation_status_labels, 2, f.status);
	form_filter_select(h, r, "sort", "Sort by", NULL, dev_sorts, dev_sort_labels, 2,
			   dev_sorts[f.sort == IC_DEV_SORT_DUE]);
	filters_more_close(h);
	filters_clear_close(h, "/internal-control/deviations");
	page_export_links(h, r, "/internal-control/deviations/export", intcontrol_deviation_filter_args);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No deviation matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<p>");
		html_tr(h, "Deviations");
		HTML_LIT(h, ": ");
		html_count(h, total);
		HTML_LIT(h, "</p>");
		deviations_table(h, r, list, n, true);
	}
	page_pager(h, r, url_keep(r, "/internal-control/deviations", intcontrol_deviation_filter_args), f.offset,
		   f.limit, total);
	page_end(r, h);
	return 0;
}

int page_intcontrol_deviations_export(struct req *r)
{
	struct ic_deviation_filter f = { 0 };
	enum export_format format = EXPORT_XLSX;
	const char *data, *mime;
	size_t len;
	struct db *db;
	int rc;

	if ((rc = export_format_arg(r, &format)) ||
	    (rc = intcontrol_deviation_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = intcontrol_deviation_export(db, r->arena, &f, r->lang, format, &data, &len, &mime, &r->err)))
		return rc;
	return send_file(r, data, len, mime, arena_printf(r->arena, "avvikelser.%s", export_format_ext(format)));
}

static int deviation_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct ic_deviation *d = v->rec, *cur = v->cur;
	const struct ic_deviation_input *in = v->in;
	const struct ic_result *x = d ? NULL : scope_record(&r->scope, "intcontrol_result");
	const char *title = d ? N_("Edit deviation") : N_("Record a deviation");
	int64_t plan_id = d ? d->plan_id : x->plan_id;
	struct html *h = page_begin(r, tr(r->lang, title));

	subnav(h, NULL);
	crumbs(h, r, plan_id, tr(r->lang, "The internal control plan"));
	page_h1(h, title);
	form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Description", cur->description);
		detail_row(h, "Remedy", cur->remedy);
		detail_row(h, "Status", label_of(r, ic_deviation_statuses, ic_deviation_status_labels, 2, cur->status));
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r,
		  d ? arena_printf(r->arena, "/internal-control/deviations/%" PRId64 "/edit", d->id)
		    : arena_printf(r->arena, "/internal-control/results/%" PRId64 "/deviations", x->id));
	if (d)
		form_hidden_int(h, "version", v->version);
	form_textarea(h, r, "description", "Description", in->description, e);
	form_textarea(h, r, "cause", "Cause", in->cause, e);
	form_textarea(h, r, "remedy", "Remedy", in->remedy, e);
	form_input(h, r, "date", "due", "Remedy due", in->due, false, NULL, e);
	form_select(h, r, "status", "Status", ic_deviation_statuses, ic_deviation_status_labels, 2, in->status, true,
		    e);
	form_submit(h, d ? N_("Save") : N_("Record"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static void deviation_from_form(struct req *r, void *p)
{
	struct ic_deviation_input *in = p;
	in->description = req_form(r, "description");
	in->cause = req_form(r, "cause");
	in->remedy = req_form(r, "remedy");
	in->due = req_form(r, "due");
	in->status = req_form(r, "status");
}

static int deviation_create(struct req *r, struct db *db, const void *in, int64_t *id, struct err *e)
{
	return intcontrol_deviation_create(db, r->arena, r->auth, scope_record(&r->scope, "intcontrol_result"), in, id,
					   e);
}

PAGE_INPUT_OF(deviation_input_of, struct ic_deviation_input, intcontrol_deviation_input_of)
PAGE_UPDATER(deviation_update, intcontrol_deviation_update)

static const struct page_record_def deviation_def = {
	PAGE_RECORD(struct ic_deviation, struct ic_deviation_input),
	.kind = "intcontrol_deviation",
	.path = "/internal-control/deviations/",
	.from_form = deviation_from_form,
	.input_of = deviation_input_of,
	.create = deviation_create,
	.update = deviation_update,
	.form = deviation_form,
};

int page_intcontrol_deviation_new(struct req *r)
{
	struct ic_deviation_input in = { .status = "open" };
	struct form_view v = { NULL, &in, 0, NULL };
	return deviation_form(r, &v, NULL);
}

int page_intcontrol_deviation_create(struct req *r)
{
	return page_record_create(r, &deviation_def);
}

int page_intcontrol_deviation_edit(struct req *r)
{
	return page_record_edit(r, &deviation_def);
}

int page_intcontrol_deviation_update(struct req *r)
{
	return page_record_update(r, &deviation_def);
}

int page_intcontrol_deviation(struct req *r)
{
	const struct ic_deviation *d = scope_record(&r->scope, "intcontrol_deviation");
	bool can = authz_may_edit_owned(r->auth, d->unit_path, d->responsible_id);
	struct html *h = page_begin(r, d->description);

	subnav(h, NULL);
	crumbs(h, r, d->plan_id,
	       arena_printf(r->arena, "%s %" PRId64 " – %s", tr(r->lang, "Internal control plan"), d->plan_year,
			    d->unit_name));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Deviation");
	HTML_LIT(h, ": ");
	html_text(h, d->description);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (can) {
		page_button(h, arena_printf(r->arena, "/internal-control/deviations/%" PRId64 "/edit", d->id),
			    N_("Edit"));
	}
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Control point");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "intcontrol_point", d->point_id, d->point_title);
	HTML_LIT(h, "</dd><dt>");
	html_tr(h, "Period");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "intcontrol_result", d->result_id,
		    ic_period_label(r->arena, r->lang, d->period_kind, d->plan_year, d->period_no));
	HTML_LIT(h, "</dd><dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", d->unit_id, d->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Responsible", d->responsible_name);
	detail_row(h, "Cause", d->cause);
	detail_row(h, "Remedy", d->remedy);
	detail_row(h, "Remedy due", d->due);
	detail_row(h, "Status", label_of(r, ic_deviation_statuses, ic_deviation_status_labels, 2, d->status));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Activity");
	HTML_LIT(h, "</dt><dd>");
	if (d->activity_id)
		link_record(h, "activity", d->activity_id, tr(r->lang, "In the action plan"));
	else
		HTML_LIT(h, "–");
	HTML_LIT(h, "</dd></dl>");
	if (can && !d->activity_id) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "Carry out the remedy");
		HTML_LIT(h, "</h2><p>");
		html_tr(h, "The remedy becomes an activity in this year's action plan of the unit, with the control "
			   "point's responsible, linked back to this deviation.");
		HTML_LIT(h, "</p>");
		form_open(h, r, arena_printf(r->arena, "/internal-control/deviations/%" PRId64 "/activity", d->id));
		form_hidden_int(h, "version", d->version);
		form_submit(h, N_("Make the remedy an activity"), false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_intcontrol_deviation_activity(struct req *r)
{
	const struct ic_deviation *d = scope_record(&r->scope, "intcontrol_deviation");
	int64_t activity = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = intcontrol_deviation_to_activity(db, r->arena, r->auth, r->lang, d, form_int(r, "version", -1), &activity,
					      &r->err);
	if (rc)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/activities/%" PRId64 "?msg=created", activity));
}

/* --- on the unit page --- */

int page_intcontrol_unit_section(struct html *h, struct req *r, struct db *db, int64_t unit_id)
{
	struct ic_plan p;
	struct intcontrol_year y;
	struct ic_due *due;
	size_t n_due, n_open = 0;
	char today[TIME_ISO_LEN];
	struct err e = { 0 };
	int64_t year = 0;
	int rc;

	time_today_iso(today);
	{
		char ys[5];
		memcpy(ys, today, 4);
		ys[4] = 0;
		str_to_i64(ys, &year);
	}
	HTML_LIT(h, "<h2 id=\"internal-control\">");
	html_tr(h, "Internal control");
	HTML_LIT(h, " ");
	html_int(h, year);
	HTML_LIT(h, "</h2>");
	rc = intcontrol_plan_find(db, r->arena, unit_id, year, &p, &e);
	if (rc == ERR_NOTFOUND) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The unit has no internal control plan for this year.");
		if (authz_anywhere(r->auth, ACCESS_EDIT)) {
			HTML_LIT(h, " <a href=\"/internal-control/new?unit_id=");
			html_int(h, unit_id);
			HTML_LIT(h, "\">");
			html_tr(h, "New internal control plan");
			HTML_LIT(h, "</a>");
		}
		HTML_LIT(h, "</p>");
		return 0;
	}
	if (rc || (rc = intcontrol_year_read(db, r->arena, &p, &y, &r->err)))
		return rc ? rc : 0;
	intcontrol_due(r->arena, y.points, y.n_points, y.results, y.n_results, today, &due, &n_due);
	HTML_LIT(h, "<p>");
	link_record(h, "intcontrol_plan", p.id, intcontrol_plan_title(r->arena, r->lang, &p));
	HTML_LIT(h, "</p><h3>");
	html_tr(h, "Control points due for reporting");
	HTML_LIT(h, "</h3>");
	if (!n_due) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nothing is due for reporting.");
		HTML_LIT(h, "</p>");
	} else {
		due_list(h, r, due, n_due);
	}
	HTML_LIT(h, "<h3>");
	html_tr(h, "Open deviations");
	HTML_LIT(h, "</h3>");
	for (size_t i = 0; i < y.n_deviations; i++)
		if (!strcmp(y.deviations[i].status, "open"))
			y.deviations[n_open++] = y.deviations[i];
	if (!n_open) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No open deviation.");
		HTML_LIT(h, "</p>");
	} else {
		deviations_table(h, r, y.deviations, n_open, false);
	}
	return 0;
}
