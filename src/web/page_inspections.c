/*
 * page_inspections.c - audits (granskningar), recommendations, responses
 * (yttranden) and measures in the browser.
 *
 * The list of audits and the list of open recommendations filter, sort,
 * page and export (XLSX, CSV, JSON) with the API's vocabulary. An audit's
 * page holds its details, its report file, its recommendations, the
 * findings of a follow-up ("Granskning / Resultat") and the responses, with
 * the forms that add to each; a response's page its action areas, its
 * measures, approval, the supplementary response and the document; a
 * measure's page its history across the responses and its hand-overs, and
 * the action-plan activities that carry it out.
 *
 * A form on a record's page that is refused shows the page again with 400
 * (409 for a frozen response or a stale version), the problem named at the
 * field and what was typed kept. Rights over second records are the
 * domain's to check.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/activity.h"
#include "domain/inspection.h"
#include "domain/inspection_io.h"
#include "domain/plan_report.h"
#include "domain/response.h"
#include "domain/response_report.h"
#include "io/doc.h"
#include "io/markdown.h"
#include "web/layout.h"
#include "web/page_inspections.h"
#include "web/page_risks.h"
#include "web/widgets.h"

#define LIST_PAGE 50

/* The value of field @name: what was posted when the form of @form is shown again, else @dflt. */
static const char *val(struct req *r, const char *form, const char *shown, const char *name, const char *dflt)
{
	return form && shown && !strcmp(form, shown) ? req_form(r, name) : dflt;
}

static const struct err *err_for(const char *form, const char *shown, const struct err *e)
{
	return form && shown && !strcmp(form, shown) ? e : NULL;
}

/* A record's page shown again with a form's problem: the page function, the record and the form. */
struct again {
	int (*page)(struct req *r, const void *rec, const char *form, const struct err *e);
	const void *rec;
	const char *form;
};

static int again_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct again *g = ctx;
	return g->page(r, g->rec, g->form, e);
}

/* After a form on a record's page: to @done, or the page again with the problem at the form (page_saved()). */
static int saved(struct req *r, int rc, const struct err *e, const char *done,
		 int (*page)(struct req *r, const void *rec, const char *form, const struct err *e), const void *rec,
		 const char *form)
{
	const struct again g = { page, rec, form };
	return page_saved(r, rc, e, done, again_page, &g);
}

/* A row of a table, marked when it holds something overdue; its heading cell opened. */
static void row_open(struct html *h, bool overdue)
{
	if (overdue)
		HTML_LIT(h, "<tr class=\"overdue\"><th scope=\"row\">");
	else
		HTML_LIT(h, "<tr><th scope=\"row\">");
}

static void h2(struct html *h, const char *id, const char *label)
{
	HTML_LIT(h, "<h2 id=\"");
	html_attr(h, id);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</h2>");
}

static void para_md(struct html *h, struct req *r, const char *label, const char *md)
{
	if (!md || !*md)
		return;
	HTML_LIT(h, "<h3>");
	html_tr(h, label);
	HTML_LIT(h, "</h3>");
	markdown_html(h, md);
}

/* A form folded under @summary, open when it shows a problem (@fe): "<details><summary>…" and the form, to @action. */
static void details_form_open(struct html *h, struct req *r, const char *summary, const char *action,
			      const struct err *fe)
{
	HTML_LIT(h, "<details");
	if (fe)
		HTML_LIT(h, " open");
	HTML_LIT(h, "><summary>");
	html_tr(h, summary);
	HTML_LIT(h, "</summary>");
	form_open(h, r, action);
	form_errors(h, r, fe);
}

static void details_form_close(struct html *h)
{
	form_close(h);
	HTML_LIT(h, "</details>");
}

/* --- the list of audits ------------------------------------------------------------------ */

static const char *const sort_values[] = { "date", "title", "auditor" };
static const char *const sort_labels[] = { N_("Report date"), N_("Title"), N_("Auditor") };
static const char *const order_values[] = { "desc", "asc" };
static const char *const order_labels[] = { N_("Descending"), N_("Ascending") };

int page_inspections(struct req *r)
{
	struct inspection_filter f = { 0 };
	struct inspection *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = inspection_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, LIST_PAGE, &f.limit, &f.offset);
	if ((rc = inspection_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Audits"));
	page_h1(h, N_("Audits"));
	page_flash(h, r);
	filters_search_open(h, "/inspections");
	form_input(h, r, "search", "q", "Search in title, auditor and case reference", req_query(r, "q"), false, NULL,
		   NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	filters_more_open(h, r);
	form_input(h, r, "number", "year", "Year", req_query(r, "year"), false, NULL, NULL);
	form_filter_select(h, r, "kind", "Kind of auditor", N_("All auditors"), inspection_kinds,
			   inspection_kind_labels, INSPECTION_KIND_COUNT, req_query(r, "kind"));
	form_select(h, r, "sort", "Sort by", sort_values, sort_labels, 3, req_query(r, "sort"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	filters_more_close(h);
	filters_clear_close(h, "/inspections");
	HTML_LIT(h, "<p class=\"actions\">");
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, "<a class=\"button\" href=\"/inspections/new\">");
		html_tr(h, "Register an audit");
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "<a class=\"button\" href=\"/recommendations\">");
	html_tr(h, "Open recommendations");
	HTML_LIT(h, "</a> ");
	export_buttons(h, r, "/inspections", inspection_filter_args);
	HTML_LIT(h, "</p>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, total || f.offset ? N_("No audit on this page.") : N_("No audit matches the filter."));
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Audits"), total,
			   (const char *const[]){ N_("Title"), N_("Report date"), N_("Auditor"), N_("Case reference"),
						  N_("Open recommendations"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "inspection", list[i].id, list[i].title);
			if (list[i].follows_id) {
				HTML_LIT(h, "<br><span class=\"kind\">");
				html_tr(h, "Follows up");
				HTML_LIT(h, ": ");
				html_text(h, list[i].follows_title);
				HTML_LIT(h, "</span>");
			}
			HTML_LIT(h, "</th><td>");
			html_text(h, list[i].report_date);
			HTML_LIT(h, "</td><td>");
			html_text(h, *list[i].auditor ? list[i].auditor
						      : tr(r->lang, inspection_kind_label(list[i].auditor_kind)));
			HTML_LIT(h, "</td><td>");
			html_text(h, list[i].case_ref);
			HTML_LIT(h, "</td><td>");
			html_int(h, list[i].n_open);
			HTML_LIT(h, " / ");
			html_int(h, list[i].n_recommendations);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/inspections", inspection_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

PAGE_FILTER_READER(insp_filter, inspection_filter_parse)
PAGE_LIST_EXPORTER(insp_render, inspection_export)

static const struct page_export insp_export = {
	PAGE_EXPORT_FILTER(struct inspection_filter),
	.filter = insp_filter,
	.render = insp_render,
	.filename = inspection_export_filename,
};

int page_inspections_export(struct req *r)
{
	return page_export(r, &insp_export);
}

/* --- registering and editing an audit ----------------------------------------------------- */

static int audit_picker(struct req *r, struct db *db, int64_t except, struct picker *out)
{
	struct inspection_filter f = { 0 };
	struct inspection *list;
	size_t n, k = 1;
	int rc;

	f.viewer_id = r->auth->user_id;
	f.limit = 500;
	f.desc = true;
	if ((rc = inspection_list(db, r->arena, &f, &list, &n, NULL, &r->err)))
		return rc;
	out->values = arena_calloc(r->arena, n + 1, sizeof(*out->values));
	out->labels = arena_calloc(r->arena, n + 1, sizeof(*out->labels));
	out->values[0] = "";
	out->labels[0] = tr(r->lang, "None");
	for (size_t i = 0; i < n; i++) {
		if (list[i].id == except)
			continue;
		out->values[k] = arena_printf(r->arena, "%" PRId64, list[i].id);
		out->labels[k++] = arena_printf(r->arena, "%s (%s)", list[i].title, list[i].report_date);
	}
	out->n = k;
	return 0;
}

static int insp_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct inspection *x = v->rec, *cur = v->cur;
	const struct inspection_input *in = v->in;
	struct picker units = { 0 }, all = { 0 }, audits = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)) ||
	    (rc = picker_units_listed(r, db, &all)) || (rc = audit_picker(r, db, x ? x->id : 0, &audits)))
		return rc;
	h = page_begin(r, tr(r->lang, x ? N_("Edit audit") : N_("Register an audit")));
	page_crumb(h, "/inspections", N_("Audits"));
	HTML_LIT(h, "<h1>");
	html_tr(h, x ? N_("Edit audit") : N_("Register an audit"));
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		detail_row(h, tr(r->lang, "Title"), cur->title);
		detail_row(h, tr(r->lang, "Report date"), cur->report_date);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r, x ? arena_printf(r->arena, "/inspections/%" PRId64 "/edit", x->id) : "/inspections");
	if (x)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_picker(h, r, "unit_id", "Unit the audit is registered in", &units, in->unit_id, e);
	form_select(h, r, "auditor_kind", "Kind of auditor", inspection_kinds, inspection_kind_labels,
		    INSPECTION_KIND_COUNT, in->auditor_kind ? in->auditor_kind : "municipal", true, e);
	form_text(h, r, "auditor", "Auditor", in->auditor, false, e);
	form_input(h, r, "date", "report_date", "Report date", in->report_date, true, NULL, e);
	form_text(h, r, "case_ref", "Case reference", in->case_ref, false, e);
	risk_multi_select(h, r, "board_ids", "Boards it is addressed to", &all, in->board_ids, in->n_board_ids, e);
	form_picker(h, r, "follows_id", "Follows up the audit", &audits, in->follows_id, e);
	form_textarea(h, r, "scope", "Scope and purpose", in->scope, e);
	form_textarea(h, r, "assessment", "Overall assessment", in->assessment, e);
	form_textarea(h, r, "observations", "Observations", in->observations, e);
	form_submit(h, x ? N_("Save") : N_("Register"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct inspection_input insp_from_form(struct req *r)
{
	struct inspection_input in = { 0 };
	int64_t *boards;
	in.unit_id = form_int(r, "unit_id", 0);
	in.auditor_kind = req_form(r, "auditor_kind");
	in.auditor = req_form(r, "auditor");
	in.title = req_form(r, "title");
	in.report_date = req_form(r, "report_date");
	in.case_ref = req_form(r, "case_ref");
	in.scope = req_form(r, "scope");
	in.assessment = req_form(r, "assessment");
	in.observations = req_form(r, "observations");
	in.follows_id = form_int(r, "follows_id", 0);
	risk_form_ids(r, "board_ids", &boards, &in.n_board_ids);
	in.board_ids = boards;
	in.set_boards = true;
	return in;
}

int page_inspection_new(struct req *r)
{
	char today[TIME_ISO_LEN];
	struct inspection_input in = { .auditor_kind = "municipal" };
	struct form_view v = { NULL, &in, 0, NULL };
	time_today_iso(today);
	in.report_date = arena_strdup(r->arena, today);
	return insp_form(r, &v, NULL);
}

/* The stored audit with the boards it is addressed to. */
static int insp_load(struct req *r, struct db *db, const void *rec, void *input)
{
	struct inspection_input *in = input;
	struct insp_board *b;
	int64_t *ids;
	size_t n;
	int rc;

	*in = inspection_input_of(rec);
	if ((rc = inspection_boards(db, r->arena, ((const struct inspection *)rec)->id, &b, &n, &r->err)))
		return rc;
	ids = arena_calloc(r->arena, n + 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = b[i].id;
	in->board_ids = ids;
	in->n_board_ids = n;
	return 0;
}

PAGE_FROM_FORM(edit_insp_from_form, struct inspection_input, insp_from_form)
PAGE_CREATOR(edit_insp_create, inspection_create)
PAGE_UPDATER(edit_insp_update, inspection_update)

static const struct page_record_def insp_def = {
	PAGE_RECORD(struct inspection, struct inspection_input),
	.kind = "inspection",
	.path = "/inspections/",
	.from_form = edit_insp_from_form,
	.load = insp_load,
	.create = edit_insp_create,
	.update = edit_insp_update,
	.form = insp_form,
};

int page_inspection_create(struct req *r)
{
	return page_record_create(r, &insp_def);
}

int page_inspection_edit(struct req *r)
{
	return page_record_edit(r, &insp_def);
}

int page_inspection_update(struct req *r)
{
	return page_record_update(r, &insp_def);
}

/* --- an audit's page ---------------------------------------------------------------------- */

static void insp_details(struct html *h, struct req *r, const struct inspection *x, const struct insp_board *b,
			 size_t nb)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, tr(r->lang, "Kind of auditor"), tr(r->lang, inspection_kind_label(x->auditor_kind)));
	detail_row(h, tr(r->lang, "Auditor"), x->auditor);
	detail_row(h, tr(r->lang, "Report date"), x->report_date);
	detail_row(h, tr(r->lang, "Case reference"), x->case_ref);
	detail_row(h, tr(r->lang, "Unit"), x->unit_name);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Addressed to");
	HTML_LIT(h, "</dt><dd>");
	for (size_t i = 0; i < nb; i++) {
		if (i)
			HTML_LIT(h, ", ");
		link_unit(h, b[i].id, b[i].name);
	}
	HTML_LIT(h, "</dd>");
	if (x->follows_id) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Follows up");
		HTML_LIT(h, "</dt><dd>");
		link_record(h, "inspection", x->follows_id,
			    arena_printf(r->arena, "%s (%s)", x->follows_title, x->follows_date));
		HTML_LIT(h, "</dd>");
	}
	HTML_LIT(h, "</dl>");
	para_md(h, r, "Scope and purpose", x->scope);
	para_md(h, r, "Overall assessment", x->assessment);
	para_md(h, r, "Observations", x->observations);
}

static void file_section(struct html *h, struct req *r, const struct inspection *x, bool edit, const char *form,
			 const struct err *e)
{
	h2(h, "file", "Report file");
	if (x->file_name) {
		HTML_LIT(h, "<p><a href=\"");
		html_attrf(h, "/inspections/%" PRId64 "/file", x->id);
		HTML_LIT(h, "\" download>");
		html_text(h, x->file_name);
		HTML_LIT(h, "</a> (");
		html_int(h, x->file_size);
		HTML_LIT(h, " bytes) <span class=\"kind\">SHA-256 ");
		html_text(h, x->file_sha256);
		HTML_LIT(h, "</span></p>");
	} else {
		HTML_LIT(h, "<p>");
		html_tr(h, "The audit has no report file.");
		HTML_LIT(h, "</p>");
	}
	if (!edit)
		return;
	HTML_LIT(h, "<form method=\"post\" action=\"");
	html_attrf(h, "/inspections/%" PRId64 "/file", x->id);
	HTML_LIT(h, "\" enctype=\"multipart/form-data\">");
	if (r->auth && r->auth->csrf)
		form_hidden(h, "csrf", r->auth->csrf);
	form_errors(h, r, err_for(form, "file", e));
	form_input(h, r, "file", "file", "Report file (PDF, DOCX, ODT, XLSX or text)", NULL, true, NULL,
		   err_for(form, "file", e));
	form_submit(h, "Upload", true);
	form_close(h);
}

static void recs_section(struct html *h, struct req *r, const struct inspection *x, const struct recommendation *recs,
			 size_t nr, const struct picker *boards, bool edit, const char *form, const struct err *e)
{
	const struct err *fe = err_for(form, "rec", e);
	h2(h, "recommendations", "Recommendations");
	if (!nr) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No recommendations yet.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table>");
		table_head(h, (const char *const[]){ N_("Number"), N_("Recommendation"), N_("Addressed to"),
						     N_("Status"), N_("Measures"), NULL });
		for (size_t i = 0; i < nr; i++) {
			const struct recommendation *c = &recs[i];
			row_open(h, c->n_overdue > 0);
			link_record(h, "recommendation", c->id, arena_printf(r->arena, "%" PRId64, c->number));
			HTML_LIT(h, "</th><td>");
			html_text(h, c->text);
			HTML_LIT(h, "</td><td>");
			html_text(h, c->boards);
			HTML_LIT(h, "</td><td>");
			html_tr(h, recommendation_status_label(c->status));
			HTML_LIT(h, "</td><td>");
			html_textf(h, "%" PRId64 " / %" PRId64 " / %" PRId64, c->n_planned, c->n_ongoing, c->n_done);
			if (c->n_overdue) {
				HTML_LIT(h, " <strong class=\"flag\">");
				html_tr(h, "Overdue");
				HTML_LIT(h, "</strong>");
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
		HTML_LIT(h, "<p class=\"kind\">");
		html_tr(h, "Measures: planned / ongoing / completed.");
		HTML_LIT(h, "</p>");
	}
	if (!edit)
		return;
	details_form_open(h, r, N_("Add a recommendation"),
			  arena_printf(r->arena, "/inspections/%" PRId64 "/recommendations", x->id), fe);
	form_input(h, r, "number", "number", "Number",
		   val(r, form, "rec", "number", arena_printf(r->arena, "%zu", nr + 1)), true, NULL, fe);
	form_textarea(h, r, "text", "Recommendation", val(r, form, "rec", "text", NULL), fe);
	risk_multi_select(h, r, "board_ids", "Addressed to", boards, NULL, 0, fe);
	form_submit(h, "Add", false);
	details_form_close(h);
}

static void findings_section(struct html *h, struct req *r, const struct inspection *x, const struct finding *fs,
			     size_t nf, const struct picker *earlier, bool edit, const char *form, const struct err *e)
{
	const struct err *fe = err_for(form, "finding", e);
	if (!x->follows_id && !nf)
		return;
	h2(h, "findings", "Findings of the follow-up");
	if (nf) {
		HTML_LIT(h, "<table>");
		table_head(h,
			   (const char *const[]){ N_("Examined"), N_("Result"), N_("Earlier recommendation"), NULL });
		for (size_t i = 0; i < nf; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, fs[i].area);
			HTML_LIT(h, "</th><td>");
			markdown_html(h, fs[i].result);
			HTML_LIT(h, "</td><td>");
			if (fs[i].recommendation_id)
				link_record(h, "recommendation", fs[i].recommendation_id,
					    arena_printf(r->arena, "%s %" PRId64 " (%s)", tr(r->lang, "Recommendation"),
							 fs[i].rec_number, fs[i].rec_inspection_title));
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (!edit || !x->follows_id)
		return;
	details_form_open(h, r, N_("Add a finding"), arena_printf(r->arena, "/inspections/%" PRId64 "/findings", x->id),
			  fe);
	form_text(h, r, "area", "Examined", val(r, form, "finding", "area", NULL), true, fe);
	form_textarea(h, r, "result", "Result", val(r, form, "finding", "result", NULL), fe);
	form_picker(h, r, "recommendation_id", "Earlier recommendation", earlier,
		    fe ? form_int(r, "recommendation_id", 0) : 0, fe);
	form_submit(h, "Add", false);
	details_form_close(h);
}

static void responses_section(struct html *h, struct req *r, const struct inspection *x,
			      const struct audit_response *rs, size_t ns, const struct picker *boards, const char *form,
			      const struct err *e)
{
	const struct err *fe = err_for(form, "response", e);
	char today[TIME_ISO_LEN];
	h2(h, "responses", "Responses");
	if (!ns) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No board has responded yet.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < ns; i++) {
			HTML_LIT(h, "<li>");
			link_record(h, "response", rs[i].id,
				    arena_printf(r->arena, "%s – %s (%s)", rs[i].unit_name, rs[i].title,
						 rs[i].response_date));
			HTML_LIT(h, " <span class=\"kind\">");
			html_tr(h, response_status_label(rs[i].status));
			if (rs[i].supplements_id) {
				HTML_LIT(h, ", ");
				html_tr(h, "supplementary");
			}
			if (rs[i].superseded) {
				HTML_LIT(h, ", ");
				html_tr(h, "supplemented later");
			}
			HTML_LIT(h, "</span></li>");
		}
		HTML_LIT(h, "</ul>");
	}
	if (!authz_anywhere(r->auth, ACCESS_EDIT))
		return;
	time_today_iso(today);
	details_form_open(h, r, N_("Write a response"),
			  arena_printf(r->arena, "/inspections/%" PRId64 "/responses", x->id), fe);
	form_picker(h, r, "unit_id", "Board that responds", boards, form_int(r, "unit_id", 0), fe);
	form_input(h, r, "date", "response_date", "Date", val(r, form, "response", "response_date", today), true, NULL,
		   fe);
	form_text(h, r, "title", "Title",
		  val(r, form, "response", "title",
		      arena_printf(r->arena, "%s %s", tr(r->lang, "Response to the audit"), x->title)),
		  true, fe);
	form_text(h, r, "case_ref", "Case reference", val(r, form, "response", "case_ref", NULL), false, fe);
	form_text(h, r, "addressee", "To", val(r, form, "response", "addressee", NULL), false, fe);
	form_submit(h, "Create", false);
	details_form_close(h);
}

static int rec_picker(struct req *r, struct db *db, int64_t inspection_id, struct picker *out);

static int board_picker(struct req *r, const struct insp_board *b, size_t n, struct picker *out)
{
	out->values = arena_calloc(r->arena, n + 1, sizeof(*out->values));
	out->labels = arena_calloc(r->arena, n + 1, sizeof(*out->labels));
	out->values[0] = "";
	out->labels[0] = tr(r->lang, "Choose a board");
	for (size_t i = 0; i < n; i++) {
		out->values[i + 1] = arena_printf(r->arena, "%" PRId64, b[i].id);
		out->labels[i + 1] = b[i].name;
	}
	out->n = n + 1;
	return 0;
}

static int audit_page(struct req *r, const void *rec, const char *form, const struct err *e)
{
	const struct inspection *x = rec;
	struct recommendation_filter rf = { 0 };
	struct recommendation *recs;
	struct insp_board *b;
	struct finding *fs;
	struct audit_response *rs;
	struct inspection *ups;
	struct picker boards = { 0 }, earlier = { 0 };
	size_t nb, nr, nf, ns, nu;
	bool edit = authz_in_scope(r->auth, ACCESS_EDIT, x->unit_path);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rf.inspection_id = x->id;
	rf.limit = 10000;
	if ((rc = inspection_boards(db, r->arena, x->id, &b, &nb, &r->err)) ||
	    (rc = recommendation_list(db, r->arena, &rf, &recs, &nr, NULL, &r->err)) ||
	    (rc = finding_list(db, r->arena, x->id, &fs, &nf, &r->err)) ||
	    (rc = response_of_inspection(db, r->arena, x->id, &rs, &ns, &r->err)) ||
	    (rc = inspection_followups(db, r->arena, x->id, &ups, &nu, &r->err)))
		return rc;
	if (x->follows_id && (rc = rec_picker(r, db, x->follows_id, &earlier)))
		return rc;
	board_picker(r, b, nb, &boards);
	h = page_begin(r, x->title);
	page_crumb(h, "/inspections", N_("Audits"));
	HTML_LIT(h, "<h1>");
	html_text(h, x->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (edit) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"");
		html_attrf(h, "/inspections/%" PRId64 "/edit", x->id);
		HTML_LIT(h, "\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	insp_details(h, r, x, b, nb);
	file_section(h, r, x, edit, form, e);
	recs_section(h, r, x, recs, nr, &boards, edit, form, e);
	findings_section(h, r, x, fs, nf, &earlier, edit, form, e);
	if (nu) {
		h2(h, "followups", "Followed up by");
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < nu; i++) {
			HTML_LIT(h, "<li>");
			link_record(h, "inspection", ups[i].id,
				    arena_printf(r->arena, "%s (%s)", ups[i].title, ups[i].report_date));
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	responses_section(h, r, x, rs, ns, &boards, form, e);
	page_end(r, h);
	return 0;
}

int page_inspection(struct req *r)
{
	return audit_page(r, scope_record(&r->scope, "inspection"), NULL, NULL);
}

int page_inspection_file_put(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	const char *data = NULL, *name = req_form(r, "file.filename");
	size_t len = 0;
	struct err e = { 0 };
	struct db *db;
	int rc;

	for (size_t i = 0; i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "file")) {
			data = r->form[i].val;
			len = r->form[i].len;
		}
	if (!(db = req_db(r)))
		return r->err.code;
	rc = inspection_file_put(db, r->arena, r->auth, x, name, data, len, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/inspections/%" PRId64 "?msg=saved#file", x->id), audit_page, x,
		     "file");
}

int page_inspection_file_get(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	struct inspection_file f;
	const unsigned char *bytes;
	size_t len;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = inspection_file_get(db, r->arena, x, &f, &bytes, &len, &r->err)))
		return rc;
	resp_file(r, (const char *)bytes, len, f.mime, f.file_name);
	return 0;
}

int page_inspection_rec_add(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	struct recommendation_input in = { 0 };
	int64_t *boards;
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.number = form_int(r, "number", 0);
	in.text = req_form(r, "text");
	risk_form_ids(r, "board_ids", &boards, &in.n_board_ids);
	in.board_ids = boards;
	in.set_boards = true;
	if (!(db = req_db(r)))
		return r->err.code;
	rc = recommendation_create(db, r->arena, r->auth, x, &in, NULL, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/inspections/%" PRId64 "?msg=saved#recommendations", x->id),
		     audit_page, x, "rec");
}

int page_inspection_finding_add(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	struct finding_input in = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.area = req_form(r, "area");
	in.result = req_form(r, "result");
	in.recommendation_id = form_int(r, "recommendation_id", 0);
	if (!(db = req_db(r)))
		return r->err.code;
	rc = finding_create(db, r->arena, r->auth, x, &in, NULL, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/inspections/%" PRId64 "?msg=saved#findings", x->id),
		     audit_page, x, "finding");
}

int page_inspection_response_add(struct req *r)
{
	struct inspection audit, *x = &audit;
	struct response_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	in.unit_id = form_int(r, "unit_id", 0);
	in.response_date = req_form(r, "response_date");
	in.title = req_form(r, "title");
	in.case_ref = req_form(r, "case_ref");
	in.addressee = req_form(r, "addressee");
	if (!(db = req_db(r)))
		return r->err.code;
	/* The route's scope is the responding board; the audit is the path's, read here. */
	if ((rc = inspection_get(db, r->arena, req_arg_id(r, 0), &audit, &r->err)))
		return rc;
	rc = response_create(db, r->arena, r->auth, x, &in, &id, &e);
	if (rc == ERR_FORBIDDEN) {
		r->err = e;
		return rc;
	}
	return saved(r, rc, &e, arena_printf(r->arena, "/responses/%" PRId64 "?msg=created", id), audit_page, x,
		     "response");
}

/* --- recommendations ------------------------------------------------------------------------ */

static const char *const rec_status_values[] = { "open", "closed", "all" };
static const char *const rec_status_labels[] = { N_("Open"), N_("Closed"), N_("All statuses") };
static const char *const yes_values[] = { "", "true" };
static const char *const overdue_labels[] = { N_("Any"), N_("Only with overdue measures") };

static void rec_row(struct html *h, struct req *r, const struct recommendation *c)
{
	row_open(h, c->n_overdue > 0);
	link_record(h, "recommendation", c->id, c->text);
	HTML_LIT(h, "</th><td>");
	link_record(h, "inspection", c->inspection_id,
		    arena_printf(r->arena, "%s %" PRId64 " (%s)", c->inspection_title, c->number, c->report_date));
	HTML_LIT(h, "</td><td>");
	html_text(h, c->boards);
	HTML_LIT(h, "</td><td>");
	html_int(h, c->n_planned);
	HTML_LIT(h, "</td><td>");
	html_int(h, c->n_ongoing);
	HTML_LIT(h, "</td><td>");
	html_int(h, c->n_done);
	HTML_LIT(h, "</td><td>");
	if (c->n_overdue) {
		html_int(h, c->n_overdue);
		HTML_LIT(h, " <strong class=\"flag\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong>");
	} else {
		HTML_LIT(h, "0");
	}
	HTML_LIT(h, "</td></tr>");
}

int page_recommendations(struct req *r)
{
	struct recommendation_filter f = { 0 };
	struct recommendation *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = recommendation_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, LIST_PAGE, &f.limit, &f.offset);
	if ((rc = recommendation_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Recommendations"));
	page_crumb(h, "/inspections", N_("Audits"));
	page_h1(h, N_("Recommendations"));
	filters_search_open(h, "/recommendations");
	form_unit_filter(h, r, "unit_id", "Addressed to (with the units below it)", &units);
	filters_more_open(h, r);
	form_input(h, r, "number", "year", "Year", req_query(r, "year"), false, NULL, NULL);
	form_select(h, r, "status", "Status", rec_status_values, rec_status_labels, 3, req_query(r, "status"), true,
		    NULL);
	form_select(h, r, "overdue", "Overdue", yes_values, overdue_labels, 2, req_query(r, "overdue"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	filters_more_close(h);
	filters_clear_close(h, "/recommendations");
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/recommendations", recommendation_filter_args);
	HTML_LIT(h, "</p>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, total || f.offset ? N_("No recommendation on this page.")
					     : N_("No recommendation matches the filter."));
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Recommendations"), total,
			   (const char *const[]){ N_("Recommendation"), N_("Audit"), N_("Addressed to"), N_("Planned"),
						  N_("Ongoing"), N_("Completed"), N_("Overdue"), NULL });
		for (size_t i = 0; i < n; i++)
			rec_row(h, r, &list[i]);
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/recommendations", recommendation_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

PAGE_FILTER_READER(rec_filter, recommendation_filter_parse)
PAGE_LIST_EXPORTER(rec_render, recommendation_export)

static const struct page_export rec_export = {
	PAGE_EXPORT_FILTER(struct recommendation_filter),
	.filter = rec_filter,
	.render = rec_render,
	.filename = recommendation_export_filename,
};

int page_recommendations_export(struct req *r)
{
	return page_export(r, &rec_export);
}

static void measures_table(struct html *h, struct req *r, const struct measure *ms, size_t n, bool with_response)
{
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	HTML_LIT(h, "<table>");
	table_head(h, (const char *const[]){ N_("Measure"), N_("Responsible unit"), N_("Status"), N_("Planned date"),
					     N_("Comment"), NULL });
	for (size_t i = 0; i < n; i++) {
		const struct measure *m = &ms[i];
		bool late = measure_overdue(m, today);
		row_open(h, late);
		link_record(h, "measure", m->id, m->title);
		if (with_response) {
			HTML_LIT(h, "<br><span class=\"kind\">");
			html_text(h, m->response_title);
			HTML_LIT(h, "</span>");
		}
		HTML_LIT(h, "</th><td>");
		html_text(h, m->unit_name);
		if (m->owner_name) {
			HTML_LIT(h, "<br><span class=\"kind\">");
			html_text(h, m->owner_name);
			HTML_LIT(h, "</span>");
		}
		HTML_LIT(h, "</td><td>");
		html_tr(h, measure_status_label(m->status));
		if (late) {
			HTML_LIT(h, " <strong class=\"flag\">");
			html_tr(h, "Overdue");
			HTML_LIT(h, "</strong>");
		}
		HTML_LIT(h, "</td><td>");
		html_text(h, m->planned_date ? m->planned_date : "–");
		HTML_LIT(h, "</td><td>");
		if (m->handed_to) {
			html_tr(h, "The assignment has passed to");
			HTML_LIT(h, " ");
			html_text(h, m->handed_to);
			HTML_LIT(h, ". ");
		}
		html_text(h, m->comment);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static int rec_page(struct req *r, const struct recommendation *c, const struct err *e)
{
	struct finding *fs;
	struct measure *ms;
	size_t nf, nm;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = finding_of_recommendation(db, r->arena, c->id, &fs, &nf, &r->err)) ||
	    (rc = measure_of_recommendation(db, r->arena, c->id, &ms, &nm, &r->err)))
		return rc;
	h = page_begin(r, arena_printf(r->arena, "%s %" PRId64, tr(r->lang, "Recommendation"), c->number));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/recommendations\">");
	html_tr(h, "Recommendations");
	HTML_LIT(h, "</a> › ");
	link_record(h, "inspection", c->inspection_id, c->inspection_title);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Recommendation");
	HTML_LIT(h, " ");
	html_int(h, c->number);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<blockquote>");
	html_text(h, c->text);
	HTML_LIT(h, "</blockquote><dl class=\"details\">");
	detail_row(h, tr(r->lang, "Addressed to"), c->boards);
	detail_row(h, tr(r->lang, "Status"), tr(r->lang, recommendation_status_label(c->status)));
	detail_row(h, tr(r->lang, "Report date"), c->report_date);
	HTML_LIT(h, "</dl>");
	if (authz_in_scope(r->auth, ACCESS_EDIT, c->unit_path)) {
		form_open(h, r, arena_printf(r->arena, "/recommendations/%" PRId64 "/edit", c->id));
		form_errors(h, r, e);
		form_hidden_int(h, "version", c->version);
		form_hidden(h, "status", strcmp(c->status, "open") ? "open" : "closed");
		form_submit(h,
			    strcmp(c->status, "open") ? N_("Open the recommendation again")
						      : N_("Close the recommendation"),
			    true);
		form_close(h);
	}
	h2(h, "examined", "Examined in follow-ups");
	if (!nf) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No follow-up has examined it yet.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table>");
		table_head(h, (const char *const[]){ N_("Follow-up"), N_("Examined"), N_("Result"), NULL });
		for (size_t i = 0; i < nf; i++) {
			HTML_LIT(h, "<tr><td>");
			link_record(h, "inspection", fs[i].inspection_id,
				    arena_printf(r->arena, "%s (%s)", fs[i].inspection_title, fs[i].inspection_date));
			HTML_LIT(h, "</td><th scope=\"row\">");
			html_text(h, fs[i].area);
			HTML_LIT(h, "</th><td>");
			markdown_html(h, fs[i].result);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	h2(h, "measures", "Measures");
	if (!nm) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No response has measures for it yet.");
		HTML_LIT(h, "</p>");
	} else {
		measures_table(h, r, ms, nm, true);
	}
	page_end(r, h);
	return 0;
}

int page_recommendation(struct req *r)
{
	return rec_page(r, scope_record(&r->scope, "recommendation"), NULL);
}

int page_recommendation_update(struct req *r)
{
	const struct recommendation *c = scope_record(&r->scope, "recommendation");
	struct recommendation_input in = recommendation_input_of(c);
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.status = req_form(r, "status");
	if (req_form(r, "text"))
		in.text = req_form(r, "text");
	if (!(db = req_db(r)))
		return r->err.code;
	rc = recommendation_update(db, r->arena, r->auth, c, form_int(r, "version", 0), &in, NULL, &e);
	if (!rc)
		return resp_redirect(r, arena_printf(r->arena, "/recommendations/%" PRId64 "?msg=saved", c->id));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT && rc != ERR_EXISTS) {
		r->err = e;
		return rc;
	}
	r->resp.status = rc == ERR_INVALID ? 400 : 409;
	return rec_page(r, c, &e);
}

/* --- a response's page ------------------------------------------------------------------------ */

static void area_block(struct html *h, struct req *r, const struct audit_response *s, const struct action_area *x,
		       bool edit, const char *form, const struct err *e)
{
	const char *key = arena_printf(r->arena, "area-%" PRId64, x->id);
	const struct err *fe = err_for(form, key, e);
	HTML_LIT(h, "<section class=\"area\"><h3>");
	html_tr(h, "Action area");
	HTML_LIT(h, " ");
	html_int(h, x->number);
	HTML_LIT(h, "</h3><p><strong>");
	html_text(h, x->heading);
	HTML_LIT(h, "</strong></p>");
	if (*x->rec_numbers) {
		HTML_LIT(h, "<p class=\"kind\">");
		html_tr(h, "Answers recommendation");
		HTML_LIT(h, " ");
		html_text(h, x->rec_numbers);
		HTML_LIT(h, "</p>");
	}
	para_md(h, r, s->supplements_id ? "Previously decided action" : "Decided action", x->decided_action);
	para_md(h, r, "Expected effect", x->expected_effect);
	para_md(h, r, "Actions taken so far", x->actions_taken);
	if (edit) {
		details_form_open(h, r, N_("Edit the action area"),
				  arena_printf(r->arena, "/action-areas/%" PRId64 "/edit", x->id), fe);
		form_hidden_int(h, "version", x->version);
		form_input(h, r, "number", "number", "Number",
			   val(r, form, key, "number", arena_printf(r->arena, "%" PRId64, x->number)), true, NULL, fe);
		form_textarea(h, r, "heading", "Action area", val(r, form, key, "heading", x->heading), fe);
		form_textarea(h, r, "decided_action", "Decided action",
			      val(r, form, key, "decided_action", x->decided_action), fe);
		form_textarea(h, r, "expected_effect", "Expected effect",
			      val(r, form, key, "expected_effect", x->expected_effect), fe);
		form_textarea(h, r, "actions_taken", "Actions taken so far",
			      val(r, form, key, "actions_taken", x->actions_taken), fe);
		form_submit(h, "Save", false);
		details_form_close(h);
	}
	HTML_LIT(h, "</section>");
}

static int rec_picker(struct req *r, struct db *db, int64_t inspection_id, struct picker *out)
{
	struct recommendation_filter f = { 0 };
	struct recommendation *list;
	size_t n;
	int rc;
	f.inspection_id = inspection_id;
	f.limit = 10000;
	if ((rc = recommendation_list(db, r->arena, &f, &list, &n, NULL, &r->err)))
		return rc;
	out->values = arena_calloc(r->arena, n + 1, sizeof(*out->values));
	out->labels = arena_calloc(r->arena, n + 1, sizeof(*out->labels));
	out->values[0] = "";
	out->labels[0] = tr(r->lang, "None");
	for (size_t i = 0; i < n; i++) {
		out->values[i + 1] = arena_printf(r->arena, "%" PRId64, list[i].id);
		out->labels[i + 1] = arena_printf(r->arena, "%" PRId64 ". %s", list[i].number, list[i].text);
	}
	out->n = n + 1;
	return 0;
}

static int response_page(struct req *r, const void *rec, const char *form, const struct err *e)
{
	const struct audit_response *s = rec;
	struct action_area *areas;
	struct measure *ms;
	struct picker units = { 0 }, recs = { 0 }, area_pick = { 0 };
	size_t na, nm;
	bool edit = authz_in_scope(r->auth, ACCESS_EDIT, s->unit_path), draft = !strcmp(s->status, "draft");
	char today[TIME_ISO_LEN];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = area_list(db, r->arena, s->id, &areas, &na, &r->err)) ||
	    (rc = measure_of_response(db, r->arena, s->id, &ms, &nm, &r->err)) ||
	    (rc = picker_units(r, db, NULL, NULL, NULL, &units)) || (rc = rec_picker(r, db, s->inspection_id, &recs)))
		return rc;
	area_pick.values = arena_calloc(r->arena, na + 1, sizeof(*area_pick.values));
	area_pick.labels = arena_calloc(r->arena, na + 1, sizeof(*area_pick.labels));
	area_pick.values[0] = "";
	area_pick.labels[0] = tr(r->lang, "None");
	for (size_t i = 0; i < na; i++) {
		area_pick.values[i + 1] = arena_printf(r->arena, "%" PRId64, areas[i].id);
		area_pick.labels[i + 1] =
			arena_printf(r->arena, "%s %" PRId64, tr(r->lang, "Action area"), areas[i].number);
	}
	area_pick.n = na + 1;
	time_today_iso(today);
	h = page_begin(r, s->title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/inspections\">");
	html_tr(h, "Audits");
	HTML_LIT(h, "</a> › ");
	link_record(h, "inspection", s->inspection_id, s->inspection_title);
	HTML_LIT(h, "</p><h1>");
	html_text(h, s->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, tr(r->lang, "Board"), s->unit_name);
	detail_row(h, tr(r->lang, "Date"), s->response_date);
	detail_row(h, tr(r->lang, "Case reference"), s->case_ref);
	detail_row(h, tr(r->lang, "To"), s->addressee);
	detail_row(h, tr(r->lang, "Status"), tr(r->lang, response_status_label(s->status)));
	if (!draft)
		detail_row(h, tr(r->lang, "Approved by"),
			   arena_printf(r->arena, "%s, %s", s->approved_by, s->approved_on));
	HTML_LIT(h, "</dl>");
	if (s->supplements_id) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Supplements");
		HTML_LIT(h, " ");
		link_record(h, "response", s->supplements_id, tr(r->lang, "the earlier response"));
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<p class=\"actions\">");
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attrf(h, "/responses/%" PRId64 "/document", s->id);
	HTML_LIT(h, "\">");
	html_tr(h, "The document");
	HTML_LIT(h, "</a> <a class=\"button\" href=\"");
	html_attrf(h, "/responses/%" PRId64 "/document.docx", s->id);
	HTML_LIT(h, "\">");
	html_tr(h, "Download DOCX");
	HTML_LIT(h, "</a> <a class=\"button\" href=\"");
	html_attrf(h, "/responses/%" PRId64 "/document.html", s->id);
	HTML_LIT(h, "\">");
	html_tr(h, "Download HTML for print");
	HTML_LIT(h, "</a> <a class=\"button\" href=\"");
	html_attrf(h, "/responses/%" PRId64 "/document.md", s->id);
	HTML_LIT(h, "\">");
	html_tr(h, "Download Markdown");
	HTML_LIT(h, "</a></p>");
	if (!draft && edit && !s->superseded) {
		form_open(h, r, arena_printf(r->arena, "/responses/%" PRId64 "/supplement", s->id));
		form_errors(h, r, err_for(form, "supplement", e));
		form_submit(h, "Write a supplementary response", true);
		form_close(h);
	}
	if (draft && edit) {
		const struct err *fe = err_for(form, "edit", e);
		details_form_open(h, r, N_("Edit the response"),
				  arena_printf(r->arena, "/responses/%" PRId64 "/edit", s->id), fe);
		form_hidden_int(h, "version", s->version);
		form_text(h, r, "title", "Title", val(r, form, "edit", "title", s->title), true, fe);
		form_input(h, r, "date", "response_date", "Date",
			   val(r, form, "edit", "response_date", s->response_date), true, NULL, fe);
		form_text(h, r, "case_ref", "Case reference", val(r, form, "edit", "case_ref", s->case_ref), false, fe);
		form_text(h, r, "address", "Address", val(r, form, "edit", "address", s->address), false, fe);
		form_text(h, r, "addressee", "To", val(r, form, "edit", "addressee", s->addressee), false, fe);
		form_textarea(h, r, "summary", "Summary", val(r, form, "edit", "summary", s->summary), fe);
		form_submit(h, "Save", false);
		details_form_close(h);
	}
	para_md(h, r, "Summary", s->summary);
	h2(h, "measures", "Measures");
	if (nm)
		measures_table(h, r, ms, nm, false);
	else {
		HTML_LIT(h, "<p>");
		html_tr(h, "No measures yet.");
		HTML_LIT(h, "</p>");
	}
	if (draft && edit) {
		const struct err *fe = err_for(form, "measure", e);
		details_form_open(h, r, N_("Add a measure"),
				  arena_printf(r->arena, "/responses/%" PRId64 "/measures", s->id), fe);
		form_text(h, r, "title", "Measure", val(r, form, "measure", "title", NULL), true, fe);
		form_picker(h, r, "unit_id", "Responsible unit", &units, fe ? form_int(r, "unit_id", 0) : s->unit_id,
			    fe);
		form_picker(h, r, "area_id", "Action area", &area_pick, fe ? form_int(r, "area_id", 0) : 0, fe);
		form_select(h, r, "status", "Status", measure_statuses, measure_status_labels, MEASURE_STATUS_COUNT,
			    val(r, form, "measure", "status", "planned"), true, fe);
		form_input(h, r, "date", "planned_date", "Planned date", val(r, form, "measure", "planned_date", NULL),
			   false, NULL, fe);
		form_text(h, r, "comment", "Comment", val(r, form, "measure", "comment", NULL), false, fe);
		form_text(h, r, "case_ref", "Case reference", val(r, form, "measure", "case_ref", NULL), false, fe);
		form_submit(h, "Add", false);
		details_form_close(h);
	}
	h2(h, "areas", "Action areas");
	for (size_t i = 0; i < na; i++)
		area_block(h, r, s, &areas[i], draft && edit, form, e);
	if (draft && edit) {
		const struct err *fe = err_for(form, "area", e);
		details_form_open(h, r, N_("Add an action area"),
				  arena_printf(r->arena, "/responses/%" PRId64 "/areas", s->id), fe);
		form_input(h, r, "number", "number", "Number",
			   val(r, form, "area", "number", arena_printf(r->arena, "%zu", na + 1)), true, NULL, fe);
		form_textarea(h, r, "heading", "Action area", val(r, form, "area", "heading", NULL), fe);
		risk_multi_select(h, r, "recommendation_ids", "Recommendations it answers", &recs, NULL, 0, fe);
		form_textarea(h, r, "decided_action", "Decided action", val(r, form, "area", "decided_action", NULL),
			      fe);
		form_textarea(h, r, "expected_effect", "Expected effect", val(r, form, "area", "expected_effect", NULL),
			      fe);
		form_textarea(h, r, "actions_taken", "Actions taken so far",
			      val(r, form, "area", "actions_taken", NULL), fe);
		form_submit(h, "Add", false);
		details_form_close(h);
	}
	if (draft && edit) {
		const struct err *fe = err_for(form, "approve", e);
		h2(h, "approve", "Approve and send");
		HTML_LIT(h, "<p>");
		html_tr(h, "An approved response is frozen: later work goes in a supplementary response.");
		HTML_LIT(h, "</p>");
		form_open(h, r, arena_printf(r->arena, "/responses/%" PRId64 "/approve", s->id));
		form_errors(h, r, fe);
		form_hidden_int(h, "version", s->version);
		form_text(h, r, "approved_by", "Approved by", val(r, form, "approve", "approved_by", NULL), true, fe);
		form_input(h, r, "date", "approved_on", "Approved on", val(r, form, "approve", "approved_on", today),
			   true, NULL, fe);
		form_submit(h, "Approve", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_response(struct req *r)
{
	return response_page(r, scope_record(&r->scope, "response"), NULL, NULL);
}

/* The form "Edit the response" on its page. */
static void resp_from_form(struct req *r, void *input)
{
	struct response_input *in = input;
	in->title = req_form(r, "title");
	in->response_date = req_form(r, "response_date");
	in->case_ref = req_form(r, "case_ref");
	in->address = req_form(r, "address");
	in->addressee = req_form(r, "addressee");
	in->summary = req_form(r, "summary");
}

static int resp_again(struct req *r, const void *ctx, const struct err *e)
{
	return response_page(r, ((const struct form_view *)ctx)->rec, "edit", e);
}

PAGE_INPUT_OF(resp_input_of, struct response_input, response_input_of)
PAGE_UPDATER(resp_update, response_update)

static const struct page_record_def resp_def = {
	PAGE_RECORD(struct audit_response, struct response_input),
	.kind = "response",
	.path = "/responses/",
	.from_form = resp_from_form,
	.input_of = resp_input_of,
	.update = resp_update,
	.form = resp_again,
};

int page_response_update(struct req *r)
{
	return page_record_update(r, &resp_def);
}

/* The fields an action area's forms (add and change) share, over @in. */
static void area_from_form(struct req *r, struct action_area_input *in)
{
	in->number = form_int(r, "number", 0);
	in->heading = req_form(r, "heading");
	in->decided_action = req_form(r, "decided_action");
	in->expected_effect = req_form(r, "expected_effect");
	in->actions_taken = req_form(r, "actions_taken");
}

int page_response_area_add(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct action_area_input in = { 0 };
	int64_t *ids;
	struct err e = { 0 };
	struct db *db;
	int rc;

	area_from_form(r, &in);
	risk_form_ids(r, "recommendation_ids", &ids, &in.n_recommendation_ids);
	in.recommendation_ids = ids;
	in.set_recommendations = true;
	if (!(db = req_db(r)))
		return r->err.code;
	rc = area_create(db, r->arena, r->auth, s, &in, NULL, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/responses/%" PRId64 "?msg=saved#areas", s->id), response_page,
		     s, "area");
}

int page_response_measure_add(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct measure_input in = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.title = req_form(r, "title");
	in.unit_id = form_int(r, "unit_id", 0);
	in.area_id = form_int(r, "area_id", 0);
	in.status = req_form(r, "status");
	in.planned_date = req_form(r, "planned_date");
	in.comment = req_form(r, "comment");
	in.case_ref = req_form(r, "case_ref");
	if (!(db = req_db(r)))
		return r->err.code;
	rc = measure_create(db, r->arena, r->auth, s, &in, NULL, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/responses/%" PRId64 "?msg=saved#measures", s->id),
		     response_page, s, "measure");
}

int page_response_approve(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = response_approve(db, r->arena, r->auth, s, form_int(r, "version", 0), req_form(r, "approved_by"),
			      req_form(r, "approved_on"), &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/responses/%" PRId64 "?msg=saved", s->id), response_page, s,
		     "approve");
}

int page_response_supplement(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = response_supplement(db, r->arena, r->auth, s, NULL, &id, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/responses/%" PRId64 "?msg=created", id), response_page, s,
		     "supplement");
}

int page_area_update(struct req *r)
{
	const struct action_area *x = scope_record(&r->scope, "action_area");
	struct action_area_input in = area_input_of(x);
	struct audit_response s;
	struct err e = { 0 };
	struct db *db;
	int rc;

	area_from_form(r, &in);
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = response_get(db, r->arena, x->response_id, &s, &r->err)))
		return rc;
	rc = area_update(db, r->arena, r->auth, x, form_int(r, "version", 0), &in, NULL, &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/responses/%" PRId64 "?msg=saved#areas", s.id), response_page,
		     &s, arena_printf(r->arena, "area-%" PRId64, x->id));
}

/* --- the document ------------------------------------------------------------------------------- */

int page_response_document(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct doc *d;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = response_report_build(db, r->arena, r->lang, s, &d, &r->err)))
		return rc;
	h = page_begin_doc(r, s->title);
	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "response", s->id, s->title);
	HTML_LIT(h, "</p><h1>");
	html_text(h, s->title);
	HTML_LIT(h, "</h1>");
	doc_html_fragment(h, d);
	page_end(r, h);
	return 0;
}

static int document_file(struct req *r, enum plan_report_format format, const char *ext)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	const char *data, *mime;
	struct doc *d;
	size_t len;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = response_report_build(db, r->arena, r->lang, s, &d, &r->err)) ||
	    (rc = plan_report_render(r->arena, d, format, &data, &len, &mime, &r->err)))
		return rc;
	resp_file(r, data, len, mime, response_report_filename(r->arena, s, ext));
	return 0;
}

int page_response_document_html(struct req *r)
{
	return document_file(r, PLAN_REPORT_HTML, "html");
}

int page_response_document_md(struct req *r)
{
	return document_file(r, PLAN_REPORT_MD, "md");
}

int page_response_document_docx(struct req *r)
{
	return document_file(r, PLAN_REPORT_DOCX, "docx");
}

/* --- a measure's page ---------------------------------------------------------------------------- */

static int measure_page(struct req *r, const void *rec, const char *form, const struct err *e)
{
	const struct measure *m = rec;
	struct measure *chain;
	struct measure_handover *hs;
	struct activity_filter af;
	struct activity *acts;
	struct picker units = { 0 };
	size_t nc, nh, na;
	bool edit = authz_in_scope(r->auth, ACCESS_EDIT, m->response_unit_path) && !strcmp(m->response_status, "draft");
	char today[TIME_ISO_LEN];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	activity_filter_init(&af);
	af.viewer_id = r->auth->user_id;
	af.link_kind = "measure";
	af.link_target = m->id;
	af.limit = 100;
	if ((rc = measure_history(db, r->arena, m, &chain, &nc, &hs, &nh, &r->err)) ||
	    (rc = picker_units(r, db, NULL, NULL, NULL, &units)))
		return rc;
	/* The activities of the measure and of its earlier selves in the responses it continues. */
	acts = arena_calloc(r->arena, 100, sizeof(*acts));
	na = 0;
	for (size_t i = 0; i < nc && na < 100; i++) {
		struct activity *some;
		size_t k;
		af.link_target = chain[i].id;
		af.limit = (int64_t)(100 - na);
		if ((rc = activity_list(db, r->arena, &af, &some, &k, NULL, &r->err)))
			return rc;
		for (size_t j = 0; j < k; j++)
			acts[na++] = some[j];
	}
	time_today_iso(today);
	h = page_begin(r, m->title);
	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "response", m->response_id, m->response_title);
	HTML_LIT(h, "</p><h1>");
	html_text(h, m->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, tr(r->lang, "Responsible unit"), m->unit_name);
	detail_row(h, tr(r->lang, "Responsible"), m->owner_name ? m->owner_name : "–");
	detail_row(h, tr(r->lang, "Status"), tr(r->lang, measure_status_label(m->status)));
	detail_row(h, tr(r->lang, "Planned date"), m->planned_date ? m->planned_date : "–");
	detail_row(h, tr(r->lang, "Done date"), m->done_date ? m->done_date : "–");
	detail_row(h, tr(r->lang, "Comment"), m->comment);
	detail_row(h, tr(r->lang, "Case reference"), m->case_ref);
	HTML_LIT(h, "</dl>");
	if (measure_overdue(m, today)) {
		HTML_LIT(h, "<p class=\"overdue\"><strong class=\"flag\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong></p>");
	}
	h2(h, "history", "History");
	HTML_LIT(h, "<ol>");
	for (size_t i = 0; i < nc; i++) {
		HTML_LIT(h, "<li>");
		link_record(h, "response", chain[i].response_id, chain[i].response_title);
		HTML_LIT(h, ": ");
		html_tr(h, measure_status_label(chain[i].status));
		if (*chain[i].comment) {
			HTML_LIT(h, " – ");
			html_text(h, chain[i].comment);
		}
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ol>");
	if (nh) {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < nh; i++) {
			HTML_LIT(h, "<li>");
			html_text(h, hs[i].handed_on);
			HTML_LIT(h, ": ");
			html_tr(h, "Handed over from");
			HTML_LIT(h, " ");
			html_text(h, hs[i].from_name);
			HTML_LIT(h, " ");
			html_tr(h, "to");
			HTML_LIT(h, " ");
			html_text(h, hs[i].to_name);
			if (*hs[i].note) {
				HTML_LIT(h, " – ");
				html_text(h, hs[i].note);
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	h2(h, "activities", "Activities that carry it out");
	if (authz_in_scope(r->auth, ACCESS_EDIT, m->unit_path) && strcmp(m->status, "done")) {
		form_open(h, r, arena_printf(r->arena, "/measures/%" PRId64 "/activity", m->id));
		form_errors(h, r, err_for(form, "activity", e));
		form_submit(h, "Make an activity of the action plan", true);
		form_close(h);
	}
	if (!na) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No activity of an action plan addresses this measure yet.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < na; i++) {
			HTML_LIT(h, "<li>");
			link_record(h, "activity", acts[i].id, acts[i].title);
			HTML_LIT(h, " (");
			html_tr(h, activity_status_label(acts[i].status));
			HTML_LIT(h, ")</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	if (edit) {
		const struct err *fe = err_for(form, "edit", e), *he = err_for(form, "handover", e);
		h2(h, "change", "Change the measure");
		form_open(h, r, arena_printf(r->arena, "/measures/%" PRId64 "/edit", m->id));
		form_errors(h, r, fe);
		form_hidden_int(h, "version", m->version);
		form_text(h, r, "title", "Measure", val(r, form, "edit", "title", m->title), true, fe);
		form_select(h, r, "status", "Status", measure_statuses, measure_status_labels, MEASURE_STATUS_COUNT,
			    val(r, form, "edit", "status", m->status), true, fe);
		form_text(h, r, "comment", "Comment", val(r, form, "edit", "comment", m->comment), false, fe);
		form_text(h, r, "case_ref", "Case reference", val(r, form, "edit", "case_ref", m->case_ref), false, fe);
		form_input(h, r, "date", "planned_date", "Planned date",
			   val(r, form, "edit", "planned_date", m->planned_date), false, NULL, fe);
		form_input(h, r, "date", "done_date", "Done date", val(r, form, "edit", "done_date", m->done_date),
			   false, NULL, fe);
		form_submit(h, "Save", false);
		form_close(h);
		h2(h, "handover", "Hand over to another unit");
		form_open(h, r, arena_printf(r->arena, "/measures/%" PRId64 "/handover", m->id));
		form_errors(h, r, he);
		form_hidden_int(h, "version", m->version);
		form_picker(h, r, "to_unit_id", "Unit that takes it over", &units,
			    he ? form_int(r, "to_unit_id", 0) : 0, he);
		form_input(h, r, "date", "handed_on", "Handed over on", val(r, form, "handover", "handed_on", today),
			   true, NULL, he);
		form_text(h, r, "note", "Note", val(r, form, "handover", "note", NULL), false, he);
		form_submit(h, "Hand over", true);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_measure(struct req *r)
{
	return measure_page(r, scope_record(&r->scope, "measure"), NULL, NULL);
}

/* The form "Change the measure" on its page. */
static void measure_from_form(struct req *r, void *input)
{
	struct measure_input *in = input;
	in->title = req_form(r, "title");
	in->status = req_form(r, "status");
	in->comment = req_form(r, "comment");
	in->case_ref = req_form(r, "case_ref");
	in->planned_date = req_form(r, "planned_date");
	in->done_date = req_form(r, "done_date");
}

static int measure_again(struct req *r, const void *ctx, const struct err *e)
{
	return measure_page(r, ((const struct form_view *)ctx)->rec, "edit", e);
}

PAGE_INPUT_OF(measure_input_of_rec, struct measure_input, measure_input_of)
PAGE_UPDATER(measure_change, measure_update)

static const struct page_record_def measure_def = {
	PAGE_RECORD(struct measure, struct measure_input),
	.kind = "measure",
	.path = "/measures/",
	.from_form = measure_from_form,
	.input_of = measure_input_of_rec,
	.update = measure_change,
	.form = measure_again,
};

int page_measure_update(struct req *r)
{
	return page_record_update(r, &measure_def);
}

int page_measure_handover(struct req *r)
{
	const struct measure *m = scope_record(&r->scope, "measure");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = measure_handover(db, r->arena, r->auth, m, form_int(r, "version", 0), form_int(r, "to_unit_id", 0),
			      req_form(r, "handed_on"), req_form(r, "note"), &e);
	return saved(r, rc, &e, arena_printf(r->arena, "/measures/%" PRId64 "?msg=saved", m->id), measure_page, m,
		     "handover");
}

int page_measure_activity(struct req *r)
{
	const struct measure *m = scope_record(&r->scope, "measure");
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = measure_activity_create(db, r->arena, r->auth, r->lang, m, &id, &e);
	if (!rc)
		return resp_redirect(r, arena_printf(r->arena, "/activities/%" PRId64 "?msg=created", id));
	if (rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	r->resp.status = 400;
	return measure_page(r, m, "activity", &e);
}

/* --- the unit page's section --------------------------------------------------------------------- */

int page_inspections_unit_section(struct html *h, struct req *r, struct db *db, int64_t unit_id)
{
	struct measure_filter f = { 0 };
	struct measure *ms;
	size_t n;
	int64_t total = 0;
	int rc;

	f.viewer_id = r->auth->user_id;
	f.unit_id = unit_id;
	f.overdue = true;
	f.limit = 20;
	if ((rc = measure_list(db, r->arena, &f, &ms, &n, &total, &r->err)))
		return rc;
	if (!n)
		return 0;
	h2(h, "overdue-measures", "Overdue measures of audit responses");
	measures_table(h, r, ms, n, true);
	if (total > (int64_t)n) {
		HTML_LIT(h, "<p>");
		html_int(h, total - (int64_t)n);
		HTML_LIT(h, " ");
		html_tr(h, "more.");
		HTML_LIT(h, "</p>");
	}
	return 0;
}
