/*
 * page_continuity.c - continuity plans and exercises in the browser.
 *
 * The list of plans checks its whole page at once (continuity_check(): one
 * query walks the asset graph from every plan's asset) and flags each plan
 * whose recovery time objective is shorter than that of an asset it
 * depends on, naming the chain, and plans overdue for review or never
 * exercised; below it, the business-critical assets that have no plan. A
 * plan's page shows its fallback routines (Markdown, rendered safely by
 * markdown_html()), its contacts, every asset it depends on with that
 * asset's plan and recovery time, and the exercises that tested it.
 * Exercises name the units taking part and the plans they tested.
 *
 * Forms follow page_assets.c: errors name the field and keep what was
 * typed; a stale version shows the other person's version.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/continuity.h"
#include "domain/risk_report.h"
#include "domain/unit.h"
#include "io/doc.h"
#include "io/markdown.h"
#include "web/layout.h"
#include "web/page_continuity.h"
#include "web/page_risks.h"
#include "web/widgets.h"
#include "web/widgets_followup.h"

#define PLANS_PAGE 50

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%" PRId64, v);
}

static void flags_cell(struct html *h, const struct continuity_check *c)
{
	const char *sep = "";
	if (c->n_too_slow) {
		HTML_LIT(h, "<strong class=\"flagged\">");
		html_tr(h, "Depends on an asset that recovers more slowly");
		HTML_LIT(h, "</strong>");
		sep = ", ";
	}
	if (c->review_overdue) {
		html_text(h, sep);
		HTML_LIT(h, "<strong class=\"flagged\">");
		html_tr(h, "Review overdue");
		HTML_LIT(h, "</strong>");
		sep = ", ";
	}
	if (c->never_exercised) {
		html_text(h, sep);
		html_tr(h, "Never exercised");
		sep = ", ";
	}
	if (!*sep)
		HTML_LIT(h, "–");
}

/* --- the list ------------------------------------------------------------------- */

static void export_link(struct html *h, struct req *r, const char *path, const char *label)
{
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attr(h, url_keep(r, path, continuity_filter_args));
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

int page_continuity(struct req *r)
{
	struct continuity_filter f = { 0 };
	struct continuity_plan *list;
	struct continuity_check *checks;
	struct continuity_gap *gaps;
	struct picker units = { 0 };
	size_t n, n_gaps;
	int64_t total = 0, total_gaps = 0;
	struct err e = { 0 };
	const char *ov = req_query(r, "review_overdue"), *nv = req_query(r, "never_exercised");
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = continuity_filter_parse(&f, req_query_get, r, &e)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, PLANS_PAGE, &f.limit, &f.offset);
	if ((rc = continuity_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	checks = arena_calloc(r->arena, n ? n : 1, sizeof(*checks));
	if ((rc = continuity_check(db, r->arena, r->auth, r->lang, NULL, list, n, checks, &r->err)) ||
	    (rc = continuity_missing(db, r->arena, r->auth->user_id, f.unit_id, 20, 0, &gaps, &n_gaps, &total_gaps,
				     &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Continuity plans"));
	risk_subnav(h, "/continuity");
	page_h1(h, N_("Continuity plans"));
	page_flash(h, r);
	form_errors(h, r, &e);
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		page_button(h, "/continuity/new", N_("New continuity plan"));
	}
	filters_search_open(h, "/continuity");
	form_input(h, r, "search", "q", "Search plan or asset", req_query(r, "q"), false, NULL, NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	filters_more_open(h, r);
	HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" value=\"true\" id=\"f-review_overdue\""
		    " name=\"review_overdue\"");
	if (ov && !strcmp(ov, "true"))
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"f-review_overdue\">");
	html_tr(h, "Only those overdue for review");
	HTML_LIT(h, "</label></div><div class=\"field check\"><input type=\"checkbox\" value=\"true\""
		    " id=\"f-never_exercised\" name=\"never_exercised\"");
	if (nv && !strcmp(nv, "true"))
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"f-never_exercised\">");
	html_tr(h, "Only those never exercised");
	HTML_LIT(h, "</label></div>");
	filters_more_close(h);
	filters_clear_close(h, "/continuity");
	HTML_LIT(h, "<p class=\"actions\">");
	export_link(h, r, "/continuity/export.xlsx", N_("Export XLSX"));
	export_link(h, r, "/continuity/export.csv", N_("Export CSV"));
	export_link(h, r, "/continuity/export.docx", N_("Export DOCX"));
	export_link(h, r, "/continuity/report", N_("Printable report"));
	HTML_LIT(h, "</p>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No continuity plan matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Continuity plans"), total,
			   (const char *const[]){ N_("Plan"), N_("Asset or process"), TABLE_NUM, N_("RTO (hours)"),
						  N_("Next review"), N_("Last exercised"), N_("Flags"), NULL });
		for (size_t i = 0; i < n; i++) {
			const struct continuity_plan *p = &list[i];
			HTML_LIT(h, "<tr><th scope=\"row\"><a href=\"/continuity/");
			html_int(h, p->id);
			HTML_LIT(h, "\">");
			html_text(h, p->title);
			HTML_LIT(h, "</a></th><td>");
			if (authz_in_scope(r->auth, ACCESS_READ, p->asset_unit_path))
				link_record(h, "asset", p->asset_id, p->asset_name);
			else
				html_tr(h, "An asset in another unit");
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, p->rto_hours);
			HTML_LIT(h, "</td><td>");
			html_text(h, p->review_due ? p->review_due : "–");
			HTML_LIT(h, "</td><td>");
			html_text(h, p->last_exercised ? p->last_exercised : "–");
			HTML_LIT(h, "</td><td>");
			flags_cell(h, &checks[i]);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/continuity", continuity_filter_args), f.offset, f.limit, total);
	HTML_LIT(h, "<h2 id=\"missing\">");
	html_tr(h, "Business-critical assets without a plan");
	HTML_LIT(h, " (");
	html_int(h, total_gaps);
	HTML_LIT(h, ")</h2>");
	if (!n_gaps) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None: every business-critical asset has a plan.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < n_gaps; i++) {
			HTML_LIT(h, "<li>");
			link_record(h, "asset", gaps[i].asset_id, gaps[i].name);
			HTML_LIT(h, " (");
			html_text(h, gaps[i].unit_name);
			HTML_LIT(h, ")");
			if (authz_anywhere(r->auth, ACCESS_EDIT)) {
				HTML_LIT(h, " – <a href=\"/continuity/new?asset_id=");
				html_int(h, gaps[i].asset_id);
				HTML_LIT(h, "\">");
				html_tr(h, "Write a plan");
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_text(h, gaps[i].name);
				HTML_LIT(h, "</span></a>");
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
		if (total_gaps > (int64_t)n_gaps) {
			HTML_LIT(h, "<p>");
			html_tr(h, "Shown");
			HTML_LIT(h, ": ");
			html_int(h, (int64_t)n_gaps);
			HTML_LIT(h, " / ");
			html_int(h, total_gaps);
			HTML_LIT(h, "</p>");
		}
	}
	page_end(r, h);
	return 0;
}

enum plan_format { PF_XLSX, PF_CSV, PF_DOCX, PF_PRINT };

static int plans_export(struct req *r, enum plan_format fmt)
{
	struct continuity_filter f = { 0 };
	struct continuity_plan *items;
	struct continuity_check *checks;
	size_t n;
	int64_t total;
	struct db *db;
	int rc;

	if ((rc = continuity_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = continuity_export_list(db, r->arena, r->auth, r->lang, &f, &items, &checks, &n, &total, &r->err)))
		return rc;
	if (fmt == PF_CSV) {
		continuity_export_csv(&r->resp.body, items, checks, n, r->lang);
		r->resp.content_type = "text/csv; charset=utf-8";
	} else if (fmt == PF_XLSX) {
		const char *data;
		size_t len;
		if ((rc = continuity_export_xlsx(r->arena, items, checks, n, r->lang, &data, &len, &r->err)))
			return rc;
		buf_add(&r->resp.body, data, len);
		r->resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	} else {
		struct doc *d = continuity_doc(r->arena, r->lang, items, checks, n, total);
		if (fmt == PF_DOCX) {
			const char *data;
			size_t len;
			if ((rc = doc_docx(r->arena, d, &data, &len, &r->err)))
				return rc;
			buf_add(&r->resp.body, data, len);
			r->resp.content_type = DOC_MIME_DOCX;
		} else {
			struct html h;
			html_init(&h, r->arena, r->lang);
			doc_html_standalone(&h, d);
			buf_add(&r->resp.body, h.b.data, h.b.len);
			r->resp.content_type = DOC_MIME_HTML;
			return 0;
		}
	}
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"%s\"",
				 risk_export_filename(r->arena, "kontinuitetsplaner",
						      fmt == PF_CSV    ? "csv"
						      : fmt == PF_XLSX ? "xlsx"
								       : "docx")));
	return 0;
}

int page_continuity_export_xlsx(struct req *r)
{
	return plans_export(r, PF_XLSX);
}

int page_continuity_export_csv(struct req *r)
{
	return plans_export(r, PF_CSV);
}

int page_continuity_export_docx(struct req *r)
{
	return plans_export(r, PF_DOCX);
}

int page_continuity_report(struct req *r)
{
	return plans_export(r, PF_PRINT);
}

/* --- one plan ------------------------------------------------------------------------- */

static void plan_details(struct html *h, struct req *r, const struct continuity_plan *p)
{
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Asset or process");
	HTML_LIT(h, "</dt><dd>");
	if (authz_in_scope(r->auth, ACCESS_READ, p->asset_unit_path))
		link_record(h, "asset", p->asset_id, p->asset_name);
	else
		html_tr(h, "An asset in another unit");
	HTML_LIT(h, "</dd><dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", p->unit_id, p->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Plan owner", p->owner_name);
	detail_row(h, "Maximum tolerable outage", continuity_hours(r->arena, r->lang, p->mto_hours));
	detail_row(h, "Recovery time objective", continuity_hours(r->arena, r->lang, p->rto_hours));
	detail_row(h, "Recovery point objective", continuity_hours(r->arena, r->lang, p->rpo_hours));
	detail_row(h, "Next review", p->review_due);
	detail_row(h, "Last exercised", p->last_exercised);
	time_row(h, N_("Last changed"), p->updated_at);
	HTML_LIT(h, "</dl>");
}

int page_continuity_plan(struct req *r)
{
	const struct continuity_plan *p = scope_record(&r->scope, "continuity_plan");
	struct continuity_check c;
	struct exercise_filter xf = { 0 };
	struct exercise *xs;
	size_t n_xs;
	int64_t total;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	xf.viewer_id = r->auth->user_id;
	xf.plan_id = p->id;
	xf.limit = 50;
	if ((rc = continuity_check(db, r->arena, r->auth, r->lang, NULL, p, 1, &c, &r->err)) ||
	    (rc = exercise_list(db, r->arena, &xf, &xs, &n_xs, &total, &r->err)))
		return rc;
	h = page_begin(r, p->title);
	risk_subnav(h, NULL);
	page_crumb(h, "/continuity", N_("Continuity plans"));
	HTML_LIT(h, "<h1>");
	html_text(h, p->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (c.n_too_slow) {
		HTML_LIT(h, "<div class=\"error-summary\" role=\"alert\"><h2>");
		html_tr(h, "The plan depends on assets that recover more slowly");
		HTML_LIT(h, "</h2><ul>");
		for (size_t i = 0; i < c.n_deps; i++) {
			if (!c.deps[i].too_slow)
				continue;
			HTML_LIT(h, "<li>");
			html_text(h, c.deps[i].chain);
			HTML_LIT(h, ": ");
			html_tr(h, "recovery time objective");
			HTML_LIT(h, " ");
			html_text(h, continuity_hours(r->arena, r->lang, c.deps[i].rto_hours));
			HTML_LIT(h, ", ");
			html_tr(h, "longer than this plan's");
			HTML_LIT(h, " ");
			html_text(h, continuity_hours(r->arena, r->lang, p->rto_hours));
			HTML_LIT(h, ".</li>");
		}
		HTML_LIT(h, "</ul></div>");
	}
	if (c.review_overdue || c.never_exercised) {
		HTML_LIT(h, "<p class=\"notice\">");
		if (c.review_overdue)
			html_tr(h, "The plan is overdue for review.");
		if (c.review_overdue && c.never_exercised)
			HTML_LIT(h, " ");
		if (c.never_exercised)
			html_tr(h, "No exercise marked done has tested the plan.");
		HTML_LIT(h, "</p>");
	}
	if (continuity_can_edit(r->auth, p)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/continuity/");
		html_int(h, p->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	plan_details(h, r, p);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Fallback routines");
	HTML_LIT(h, "</h2>");
	if (*p->fallback)
		markdown_html(h, p->fallback);
	else {
		HTML_LIT(h, "<p>");
		html_tr(h, "None written yet.");
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Contacts");
	HTML_LIT(h, "</h2><p class=\"pre-line\">");
	html_text(h, *p->contacts ? p->contacts : "–");
	HTML_LIT(h, "</p><h2 id=\"dependencies\">");
	html_tr(h, "Dependencies");
	HTML_LIT(h, "</h2>");
	if (!c.n_deps) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The asset depends on no other asset in the register.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<p>");
		html_tr(h,
			"From the asset register: everything the asset holds or depends on, directly or through a chain.");
		HTML_LIT(h, "</p><table><caption class=\"sr-only\">");
		html_tr(h, "Dependencies");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("Asset"), N_("Chain"), N_("Its plan's recovery time objective"),
						     NULL });
		for (size_t i = 0; i < c.n_deps; i++) {
			const struct continuity_dep *d = &c.deps[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			if (d->visible)
				link_record(h, "asset", d->asset_id, d->name);
			else
				html_text(h, d->name);
			HTML_LIT(h, "</th><td>");
			html_text(h, d->chain);
			HTML_LIT(h, "</td><td>");
			if (!d->plan_id) {
				html_tr(h, "No plan");
			} else {
				if (d->visible) {
					HTML_LIT(h, "<a href=\"/continuity/");
					html_int(h, d->plan_id);
					HTML_LIT(h, "\">");
				}
				html_text(h, continuity_hours(r->arena, r->lang, d->rto_hours));
				if (d->visible)
					HTML_LIT(h, "</a>");
				if (d->too_slow) {
					HTML_LIT(h, " <strong class=\"flagged\">");
					html_tr(h, "recovers more slowly than this plan allows");
					HTML_LIT(h, "</strong>");
				}
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Exercises");
	HTML_LIT(h, "</h2>");
	if (!n_xs) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No exercise has tested the plan.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < n_xs; i++) {
			HTML_LIT(h, "<li><a href=\"/exercises/");
			html_int(h, xs[i].id);
			HTML_LIT(h, "\">");
			html_text(h, xs[i].title);
			HTML_LIT(h, "</a> (");
			html_text(h, xs[i].exercise_date);
			HTML_LIT(h, ", ");
			html_tr(h, !strcmp(xs[i].status, "done") ? N_("Done") : N_("Planned"));
			HTML_LIT(h, ")</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	page_end(r, h);
	return 0;
}

/* --- the plan form ------------------------------------------------------------------------ */

static const char *hours_value(struct req *r, int64_t v)
{
	return v >= 0 ? num(r, v) : "";
}

static int plan_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct continuity_plan *p = v->rec, *cur = v->cur;
	const struct continuity_plan_input *in = v->in;
	struct picker units = { 0 }, assets = { 0 }, users = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)) ||
	    (rc = picker_assets(r, db, N_("Choose the asset or process"), in->asset_id, &assets)) ||
	    (rc = picker_users(r, db, N_("Nobody"), in->owner_id, 0, &users)))
		return rc;
	h = page_begin(r, tr(r->lang, p ? N_("Edit continuity plan") : N_("New continuity plan")));
	risk_subnav(h, NULL);
	page_crumb(h, "/continuity", N_("Continuity plans"));
	page_h1(h, p ? N_("Edit continuity plan") : N_("New continuity plan"));
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		plan_details(h, r, cur);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r, p ? arena_printf(r->arena, "/continuity/%" PRId64 "/edit", p->id) : "/continuity");
	if (p)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_picker(h, r, "asset_id", "Asset or process", &assets, in->asset_id, e);
	form_picker(h, r, "unit_id", "Responsible unit", &units, in->unit_id, e);
	form_picker(h, r, "owner_id", "Plan owner", &users, in->owner_id, e);
	form_input(h, r, "number", "mto_hours", "Maximum tolerable outage (hours)", hours_value(r, in->mto_hours), true,
		   NULL, e);
	form_input(h, r, "number", "rto_hours", "Recovery time objective (hours)", hours_value(r, in->rto_hours), true,
		   NULL, e);
	form_input(h, r, "number", "rpo_hours", "Recovery point objective (hours)", hours_value(r, in->rpo_hours), true,
		   NULL, e);
	form_input(h, r, "date", "review_due", "Next review", in->review_due, false, NULL, e);
	form_textarea(h, r, "fallback", "Manual fallback routines (Markdown)", in->fallback, e);
	form_textarea(h, r, "contacts", "Contacts", in->contacts, e);
	form_submit(h, p ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct continuity_plan_input plan_from_form(struct req *r)
{
	struct continuity_plan_input in = { 0 };
	in.unit_id = form_int(r, "unit_id", 0);
	in.asset_id = form_int(r, "asset_id", 0);
	in.title = req_form(r, "title");
	in.owner_id = form_int(r, "owner_id", 0);
	in.mto_hours = form_int(r, "mto_hours", -1);
	in.rto_hours = form_int(r, "rto_hours", -1);
	in.rpo_hours = form_int(r, "rpo_hours", -1);
	in.review_due = req_form(r, "review_due");
	in.fallback = req_form(r, "fallback");
	in.contacts = req_form(r, "contacts");
	return in;
}

int page_continuity_new(struct req *r)
{
	struct continuity_plan_input in = { .mto_hours = -1, .rto_hours = -1, .rpo_hours = -1 };
	struct form_view v = { NULL, &in, 0, NULL };
	struct asset as;
	struct err e = { 0 };
	struct db *db;

	in.asset_id = query_int(r, "asset_id", 0);
	if (in.asset_id) {
		/* The responsible unit starts as the asset's own, and the title after the asset. */
		if (!(db = req_db(r)))
			return r->err.code;
		if (!asset_get(db, r->arena, in.asset_id, &as, &e) &&
		    authz_in_scope(r->auth, ACCESS_READ, as.unit_path)) {
			if (authz_in_scope(r->auth, ACCESS_EDIT, as.unit_path))
				in.unit_id = as.unit_id;
			in.title = arena_printf(r->arena, "%s: %s", tr(r->lang, "Continuity plan"), as.name);
			in.owner_id = as.owner_id;
		}
	}
	return plan_form(r, &v, NULL);
}

PAGE_FROM_FORM(edit_plan_from_form, struct continuity_plan_input, plan_from_form)
PAGE_INPUT_OF(edit_plan_input_of, struct continuity_plan_input, continuity_input_of)
PAGE_CREATOR(edit_plan_create, continuity_create)
PAGE_UPDATER(edit_plan_update, continuity_update)

static const struct page_record_def plan_def = {
	PAGE_RECORD(struct continuity_plan, struct continuity_plan_input),
	.kind = "continuity_plan",
	.path = "/continuity/",
	.from_form = edit_plan_from_form,
	.input_of = edit_plan_input_of,
	.create = edit_plan_create,
	.update = edit_plan_update,
	.form = plan_form,
};

int page_continuity_create(struct req *r)
{
	return page_record_create(r, &plan_def);
}

int page_continuity_edit(struct req *r)
{
	return page_record_edit(r, &plan_def);
}

int page_continuity_update(struct req *r)
{
	return page_record_update(r, &plan_def);
}

/* --- exercises -------------------------------------------------------------------------------- */

int page_exercises(struct req *r)
{
	struct exercise_filter f = { 0 };
	struct exercise *list;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = exercise_filter_parse(&f, req_query_get, r, &e)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, PLANS_PAGE, &f.limit, &f.offset);
	if ((rc = exercise_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Exercises"));
	risk_subnav(h, "/exercises");
	page_h1(h, N_("Exercises"));
	page_flash(h, r);
	form_errors(h, r, &e);
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		page_button(h, "/exercises/new", N_("New exercise"));
	}
	filters_open(h, "/exercises");
	form_filter_select(h, r, "status", "Status", N_("All statuses"), exercise_statuses, exercise_status_labels, 2,
			   f.status);
	filters_close(h);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No exercises.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Exercises"), total,
			   (const char *const[]){ N_("Exercise"), N_("Date"), N_("Kind"), N_("Status"), N_("Unit"),
						  NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\"><a href=\"/exercises/");
			html_int(h, list[i].id);
			HTML_LIT(h, "\">");
			html_text(h, list[i].title);
			HTML_LIT(h, "</a></th><td>");
			html_text(h, list[i].exercise_date);
			HTML_LIT(h, "</td><td>");
			html_tr(h, risk_label(exercise_kinds, exercise_kind_labels, EXERCISE_KIND_COUNT, list[i].kind));
			HTML_LIT(h, "</td><td>");
			html_tr(h, risk_label(exercise_statuses, exercise_status_labels, 2, list[i].status));
			HTML_LIT(h, "</td><td>");
			link_record(h, "unit", list[i].unit_id, list[i].unit_name);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/exercises", exercise_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

static void exercise_details(struct html *h, struct req *r, const struct exercise *x, const struct exercise_link *units,
			     size_t n_units, const struct exercise_link *plans, size_t n_plans)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Date", x->exercise_date);
	detail_row(h, "Kind",
		   tr(r->lang, risk_label(exercise_kinds, exercise_kind_labels, EXERCISE_KIND_COUNT, x->kind)));
	detail_row(h, "Status", tr(r->lang, risk_label(exercise_statuses, exercise_status_labels, 2, x->status)));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", x->unit_id, x->unit_name);
	HTML_LIT(h, "</dd>");
	if (units) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Units taking part");
		HTML_LIT(h, "</dt><dd>");
		for (size_t i = 0; i < n_units; i++) {
			if (i)
				HTML_LIT(h, ", ");
			link_record(h, "unit", units[i].id, units[i].name);
		}
		if (!n_units)
			HTML_LIT(h, "–");
		HTML_LIT(h, "</dd><dt>");
		html_tr(h, "Plans tested");
		HTML_LIT(h, "</dt><dd>");
		for (size_t i = 0; i < n_plans; i++) {
			if (i)
				HTML_LIT(h, ", ");
			if (authz_in_scope(r->auth, ACCESS_READ, plans[i].unit_path)) {
				HTML_LIT(h, "<a href=\"/continuity/");
				html_int(h, plans[i].id);
				HTML_LIT(h, "\">");
				html_text(h, plans[i].name);
				HTML_LIT(h, "</a>");
			} else {
				html_tr(h, "A plan of another unit");
			}
		}
		if (!n_plans)
			HTML_LIT(h, "–");
		HTML_LIT(h, "</dd>");
	}
	HTML_LIT(h, "</dl>");
}

/* The exercise's resulting actions made activities, and (for an editor) the form to add one; @e its problem. */
static int exercise_actions(struct html *h, struct req *r, struct db *db, const struct exercise *x, const struct err *e)
{
	struct activity *activities;
	size_t n;
	int rc;

	if ((rc = exercise_activities(db, r->arena, r->auth, x->id, &activities, &n, &r->err)))
		return rc;
	HTML_LIT(h, "<section aria-labelledby=\"actions-h\"><h2 id=\"actions-h\">");
	html_tr(h, "Follow-up actions");
	HTML_LIT(h, "</h2>");
	activities_table(h, r, "Follow-up actions", activities, n);
	if (authz_in_scope(r->auth, ACCESS_EDIT, x->unit_path) &&
	    (rc = followup_form(
		     h, r, db,
		     N_("A follow-up action becomes an activity of this year's action plan of the exercise's unit."),
		     arena_printf(r->arena, "/exercises/%" PRId64 "/activities", x->id), e != NULL, e, form_errors)))
		return rc;
	HTML_LIT(h, "</section>");
	return 0;
}

static int exercise_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct exercise *x = ctx;
	struct exercise_link *units, *plans;
	size_t n_units, n_plans;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = exercise_units(db, r->arena, x->id, &units, &n_units, &r->err)) ||
	    (rc = exercise_plans(db, r->arena, x->id, &plans, &n_plans, &r->err)))
		return rc;
	h = page_begin(r, x->title);
	risk_subnav(h, NULL);
	page_crumb(h, "/exercises", N_("Exercises"));
	HTML_LIT(h, "<h1>");
	html_text(h, x->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (authz_in_scope(r->auth, ACCESS_EDIT, x->unit_path)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/exercises/");
		html_int(h, x->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	exercise_details(h, r, x, units, n_units, plans, n_plans);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Scenario");
	HTML_LIT(h, "</h2><p class=\"pre-line\">");
	html_text(h, *x->scenario ? x->scenario : "–");
	HTML_LIT(h, "</p><h2>");
	html_tr(h, "Observations");
	HTML_LIT(h, "</h2><p class=\"pre-line\">");
	html_text(h, *x->observations ? x->observations : "–");
	HTML_LIT(h, "</p><h2>");
	html_tr(h, "Resulting actions");
	HTML_LIT(h, "</h2><p class=\"pre-line\">");
	html_text(h, *x->resulting_actions ? x->resulting_actions : "–");
	HTML_LIT(h, "</p>");
	if ((rc = exercise_actions(h, r, db, x, e)))
		return rc;
	page_end(r, h);
	return 0;
}

int page_exercise(struct req *r)
{
	return exercise_page(r, scope_record(&r->scope, "exercise"), NULL);
}

int page_exercise_activity_add(struct req *r)
{
	const struct exercise *x = scope_record(&r->scope, "exercise");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = exercise_activity_create(db, r->arena, r->auth, r->lang, x, req_form(r, "title"), req_form(r, "purpose"),
				      form_int(r, "responsible_id", 0), req_form(r, "due_date"), NULL, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/exercises/%" PRId64 "?msg=saved#actions-h", x->id),
			  exercise_page, x);
}

/*
 * The plans the user sees, for choosing those an exercise tested: the first 500 by title, and the plans @ids
 * (@n) chosen now wherever they come (a city holds thousands), so that the form saves them as they are; one
 * in a unit the user does not see is kept unnamed.
 */
static int plan_picker(struct req *r, struct db *db, const int64_t *ids, size_t n_ids, struct picker *p)
{
	struct continuity_filter f = { .viewer_id = r->auth->user_id, .limit = 500 };
	struct continuity_plan *list;
	size_t n;
	int rc = continuity_list(db, r->arena, &f, &list, &n, NULL, &r->err);
	if (rc)
		return rc;
	p->values = arena_calloc(r->arena, n + n_ids + 1, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + n_ids + 1, sizeof(char *));
	p->n = n;
	for (size_t i = 0; i < n; i++) {
		p->values[i] = num(r, list[i].id);
		p->labels[i] = arena_printf(r->arena, "%s (%s)", list[i].title, list[i].asset_name);
	}
	for (size_t k = 0; k < n_ids; k++) {
		struct continuity_plan c;
		bool listed = false;
		for (size_t i = 0; i < n && !listed; i++)
			listed = list[i].id == ids[k];
		if (listed || continuity_get(db, r->arena, ids[k], &c, NULL))
			continue;
		p->values[p->n] = num(r, c.id);
		p->labels[p->n++] = authz_in_scope(r->auth, ACCESS_READ, c.unit_path)
					    ? arena_printf(r->arena, "%s (%s)", c.title, c.asset_name)
					    : tr(r->lang, "A plan of another unit");
	}
	return 0;
}

static int exercise_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct exercise *x = v->rec, *cur = v->cur;
	const struct exercise_input *in = v->in;
	struct picker units = { 0 }, all_units = { 0 }, plans = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)) ||
	    (rc = picker_units_listed(r, db, &all_units)) ||
	    (rc = plan_picker(r, db, in->plan_ids, in->n_plan_ids, &plans)))
		return rc;
	h = page_begin(r, tr(r->lang, x ? N_("Edit exercise") : N_("New exercise")));
	risk_subnav(h, NULL);
	page_crumb(h, "/exercises", N_("Exercises"));
	page_h1(h, x ? N_("Edit exercise") : N_("New exercise"));
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		exercise_details(h, r, cur, NULL, 0, NULL, 0);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r, x ? arena_printf(r->arena, "/exercises/%" PRId64 "/edit", x->id) : "/exercises");
	if (x)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_picker(h, r, "unit_id", "Unit holding the exercise", &units, in->unit_id, e);
	form_input(h, r, "date", "exercise_date", "Date", in->exercise_date, true, NULL, e);
	form_select(h, r, "kind", "Kind", exercise_kinds, exercise_kind_labels, EXERCISE_KIND_COUNT, in->kind, true, e);
	form_select(h, r, "status", "Status", exercise_statuses, exercise_status_labels, 2,
		    in->status ? in->status : "planned", true, e);
	form_textarea(h, r, "scenario", "Scenario", in->scenario, e);
	risk_multi_select(h, r, "unit_ids", "Units taking part", &all_units, in->unit_ids, in->n_unit_ids, e);
	risk_multi_select(h, r, "plan_ids", "Continuity plans tested", &plans, in->plan_ids, in->n_plan_ids, e);
	form_textarea(h, r, "observations", "Observations", in->observations, e);
	form_textarea(h, r, "resulting_actions", "Resulting actions", in->resulting_actions, e);
	form_submit(h, x ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct exercise_input exercise_from_form(struct req *r)
{
	struct exercise_input in = { 0 };
	int64_t *units, *plans;
	in.unit_id = form_int(r, "unit_id", 0);
	in.title = req_form(r, "title");
	in.exercise_date = req_form(r, "exercise_date");
	in.kind = req_form(r, "kind");
	in.status = req_form(r, "status");
	in.scenario = req_form(r, "scenario");
	in.observations = req_form(r, "observations");
	in.resulting_actions = req_form(r, "resulting_actions");
	risk_form_ids(r, "unit_ids", &units, &in.n_unit_ids);
	risk_form_ids(r, "plan_ids", &plans, &in.n_plan_ids);
	in.unit_ids = units;
	in.plan_ids = plans;
	in.set_links = true;
	return in;
}

int page_exercise_new(struct req *r)
{
	struct exercise_input in = { .kind = "tabletop", .status = "planned" };
	struct form_view v = { NULL, &in, 0, NULL };
	char today[TIME_ISO_LEN];

	time_now_iso(today);
	today[10] = 0;
	in.exercise_date = arena_strdup(r->arena, today);
	return exercise_form(r, &v, NULL);
}

PAGE_FROM_FORM(edit_exercise_from_form, struct exercise_input, exercise_from_form)
PAGE_CREATOR(edit_exercise_create, exercise_create)
PAGE_UPDATER(edit_exercise_update, exercise_update)

static const struct page_record_def exercise_def = {
	PAGE_RECORD(struct exercise, struct exercise_input),
	.kind = "exercise",
	.path = "/exercises/",
	.from_form = edit_exercise_from_form,
	.create = edit_exercise_create,
	.update = edit_exercise_update,
	.form = exercise_form,
};

int page_exercise_create(struct req *r)
{
	return page_record_create(r, &exercise_def);
}

int page_exercise_edit(struct req *r)
{
	const struct exercise *x = scope_record(&r->scope, "exercise");
	struct exercise_input in = exercise_input_of(x);
	struct exercise_link *units, *plans;
	size_t n_units, n_plans;
	int64_t *u, *p;
	struct form_view v = { x, &in, x->version, NULL };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = exercise_units(db, r->arena, x->id, &units, &n_units, &r->err)) ||
	    (rc = exercise_plans(db, r->arena, x->id, &plans, &n_plans, &r->err)))
		return rc;
	u = arena_calloc(r->arena, n_units + 1, sizeof(*u));
	p = arena_calloc(r->arena, n_plans + 1, sizeof(*p));
	for (size_t i = 0; i < n_units; i++)
		u[i] = units[i].id;
	for (size_t i = 0; i < n_plans; i++)
		p[i] = plans[i].id;
	in.unit_ids = u, in.n_unit_ids = n_units;
	in.plan_ids = p, in.n_plan_ids = n_plans;
	return exercise_form(r, &v, NULL);
}

int page_exercise_update(struct req *r)
{
	return page_record_update(r, &exercise_def);
}
