/*
 * page_reviews.c - the management review: the list, a review's page (the
 * document as it stands, and while it is a draft the forms that write it:
 * its texts, its prioritised actions, the DPO's recommendations and the
 * approval), its downloads, and a new version from an approved one.
 *
 * The document shown is the same model the downloads and the command line
 * write (domain/review_report.c), drawn as a fragment of the page.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/authz.h"
#include "domain/figures.h"
#include "domain/plan_report.h"
#include "domain/review.h"
#include "domain/review_report.h"
#include "domain/unit.h"
#include "io/doc.h"
#include "web/layout.h"
#include "web/page_reviews.h"
#include "web/widgets.h"

static void review_link(struct html *h, const struct review *v)
{
	HTML_LIT(h, "<a href=\"/reviews/");
	html_int(h, v->id);
	HTML_LIT(h, "\">");
	html_int(h, v->year);
	HTML_LIT(h, " – ");
	html_text(h, v->unit_name);
	HTML_LIT(h, "</a>");
}

static int list_show(struct req *r, const void *ctx, const struct err *e)
{
	struct review *list;
	struct picker units = { 0 };
	size_t n;
	char today[FIGURES_DATE_LEN];
	struct html *h;
	struct db *db;
	int rc;

	(void)ctx;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = review_list(db, r->arena, r->auth, 200, 0, &list, &n, &r->err)) ||
	    (rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)))
		return rc;
	figures_today(today);
	h = page_begin(r, tr(r->lang, "Management reviews"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Management reviews");
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<table><caption>");
	html_tr(h, "Management reviews");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Review");
	HTML_LIT(h, "</th><th scope=\"col\" class=\"num\">");
	html_tr(h, "Version");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Status");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		review_link(h, &list[i]);
		HTML_LIT(h, "</td><td class=\"num\">");
		html_int(h, list[i].version_no);
		HTML_LIT(h, "</td><td>");
		html_tr(h, review_status_label(list[i].status));
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
	if (units.n) {
		HTML_LIT(h, "<h2>");
		html_tr(h, "New management review");
		HTML_LIT(h, "</h2>");
		form_open(h, r, "/reviews");
		form_picker(h, r, "unit_id", "Unit", &units, form_int(r, "unit_id", 0), e);
		form_input(h, r, "number", "year", "Year",
			   req_form(r, "year") ? req_form(r, "year") : arena_printf(r->arena, "%.4s", today), true,
			   NULL, e);
		form_text(h, r, "contact", "Contact person", req_form(r, "contact"), false, e);
		form_submit(h, N_("Create"), false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_reviews(struct req *r)
{
	return list_show(r, NULL, NULL);
}

int page_reviews_create(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct review_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	in.contact = req_form(r, "contact");
	rc = review_create(db, r->arena, r->auth, u, form_int(r, "year", 0), &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/reviews/%" PRId64 "?msg=created", id), list_show, NULL);
}

/* The forms of a draft. */
static void draft_forms(struct html *h, struct req *r, const struct review *v, const struct review_text *t, size_t nt,
			const struct review_priority *p, size_t np, const struct dpo_recommendation *d, size_t nd,
			const struct err *e)
{
	static const char *const status_values[] = { "open", "done" };
	static const char *const status_labels[] = { N_("Open"), N_("Done") };
	const char *years[REVIEW_PRIORITY_YEARS];
	char today[FIGURES_DATE_LEN];

	figures_today(today);
	for (int k = 0; k < REVIEW_PRIORITY_YEARS; k++)
		years[k] = arena_printf(r->arena, "%" PRId64, v->year + k);

	HTML_LIT(h, "<section aria-labelledby=\"texts\"><h2 id=\"texts\">");
	html_tr(h, "Write the review");
	HTML_LIT(h, "</h2>");
	form_open(h, r, arena_printf(r->arena, "/reviews/%" PRId64, v->id));
	form_hidden_int(h, "version", v->version);
	form_text(h, r, "contact", "Contact person", v->contact, false, e);
	form_text(h, r, "case_ref", "Case reference (Dnr)", v->case_ref, false, e);
	for (size_t i = 0; i < REVIEW_SECTIONS; i++) {
		const struct review_section *s = &review_sections[i];
		const char *label = *s->number ? arena_printf(r->arena, "%s %s", s->number, tr(r->lang, s->heading))
					       : tr(r->lang, s->heading);
		const char *typed = req_form(r, s->key);
		form_textarea(h, r, s->key, label, typed ? typed : review_text(t, nt, s->key), e);
		HTML_LIT(h, "<p class=\"hint\">");
		html_tr(h, s->hint);
		HTML_LIT(h, "</p>");
	}
	form_submit(h, N_("Save"), false);
	form_close(h);
	HTML_LIT(h, "</section>");

	HTML_LIT(h, "<section aria-labelledby=\"prio\"><h2 id=\"prio\">");
	html_tr(h, "Prioritised actions");
	HTML_LIT(h, "</h2><ul>");
	for (size_t i = 0; i < np; i++) {
		HTML_LIT(h, "<li>");
		html_int(h, p[i].year);
		HTML_LIT(h, ": ");
		html_text(h, p[i].text);
		form_open(h, r, arena_printf(r->arena, "/reviews/%" PRId64 "/priorities/delete", v->id));
		form_hidden_int(h, "version", v->version);
		form_hidden_int(h, "priority_id", p[i].id);
		form_submit(h, N_("Remove"), true);
		form_close(h);
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
	form_open(h, r, arena_printf(r->arena, "/reviews/%" PRId64 "/priorities", v->id));
	form_hidden_int(h, "version", v->version);
	form_select(h, r, "year", "Year", years, years, REVIEW_PRIORITY_YEARS, years[0], false, e);
	form_text(h, r, "text", "Prioritised action", NULL, true, e);
	form_submit(h, N_("Add"), false);
	form_close(h);
	HTML_LIT(h, "</section>");

	HTML_LIT(h, "<section aria-labelledby=\"dpo\"><h2 id=\"dpo\">");
	html_tr(h, "The data protection officer's recommendations");
	HTML_LIT(h, "</h2>");
	for (size_t i = 0; i < nd; i++) {
		HTML_LIT(h, "<details><summary>");
		html_text(h, d[i].text);
		HTML_LIT(h, "</summary>");
		form_open(h, r, arena_printf(r->arena, "/dpo-recommendations/%" PRId64, d[i].id));
		form_hidden_int(h, "version", d[i].version);
		form_input(h, r, "number", "report_year", "Year of the annual report",
			   arena_printf(r->arena, "%" PRId64, d[i].report_year), true, NULL, NULL);
		form_textarea(h, r, "text", "Recommendation", d[i].text, NULL);
		form_textarea(h, r, "followup", "Follow-up", d[i].followup, NULL);
		form_select(h, r, "status", "Status", status_values, status_labels, 2, d[i].status, true, NULL);
		form_submit(h, N_("Save"), true);
		form_close(h);
		if (d[i].activity_id) {
			link_record(h, "activity", d[i].activity_id, tr(r->lang, "Activity"));
		} else {
			form_open(h, r, arena_printf(r->arena, "/dpo-recommendations/%" PRId64 "/activity", d[i].id));
			form_submit(h, N_("Make it an activity"), true);
			form_close(h);
		}
		HTML_LIT(h, "</details>");
	}
	HTML_LIT(h, "<h3>");
	html_tr(h, "Add a recommendation");
	HTML_LIT(h, "</h3>");
	form_open(h, r, arena_printf(r->arena, "/reviews/%" PRId64 "/dpo", v->id));
	form_input(h, r, "number", "report_year", "Year of the annual report",
		   arena_printf(r->arena, "%" PRId64, v->year - 1), true, NULL, e);
	form_textarea(h, r, "text", "Recommendation", NULL, e);
	form_textarea(h, r, "followup", "Follow-up", NULL, e);
	form_select(h, r, "status", "Status", status_values, status_labels, 2, "open", true, e);
	form_submit(h, N_("Add"), false);
	form_close(h);
	HTML_LIT(h, "</section>");

	HTML_LIT(h, "<section aria-labelledby=\"approve\"><h2 id=\"approve\">");
	html_tr(h, "Approve");
	HTML_LIT(h, "</h2><p>");
	html_tr(h,
		"Approval freezes this version: it can no longer change, and each prioritised action becomes an activity of its year's action plan.");
	HTML_LIT(h, "</p>");
	form_open(h, r, arena_printf(r->arena, "/reviews/%" PRId64 "/approve", v->id));
	form_hidden_int(h, "version", v->version);
	form_text(h, r, "approved_by", "Adopted by", req_form(r, "approved_by"), true, e);
	form_input(h, r, "date", "approved_on", "Adopted on",
		   req_form(r, "approved_on") ? req_form(r, "approved_on") : today, true, NULL, e);
	form_text(h, r, "case_ref", "Case reference (Dnr)", v->case_ref, true, e);
	form_submit(h, N_("Approve"), false);
	form_close(h);
	HTML_LIT(h, "</section>");
}

static int show(struct req *r, const void *ctx, const struct err *e)
{
	const struct review *v = ctx;
	struct review_text *t;
	struct review_priority *p;
	struct dpo_recommendation *d;
	struct review *versions;
	size_t nt, np, nd, nv;
	bool draft = !strcmp(v->status, "draft");
	bool may_edit = authz_in_scope(r->auth, ACCESS_EDIT, v->unit_path);
	struct doc *doc;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = q_review_texts(db, r->arena, v->id, &t, &nt, &r->err)) ||
	    (rc = q_review_priorities(db, r->arena, v->id, &p, &np, &r->err)) ||
	    (rc = dpo_for_review(db, r->arena, v->unit_id, v->year, &d, &nd, &r->err)) ||
	    (rc = review_versions(db, r->arena, v->unit_id, &versions, &nv, &r->err)) ||
	    (rc = review_report_build(db, r->arena, r->lang, v, &doc, &r->err)))
		return rc;
	h = page_begin_doc(r, arena_printf(r->arena, "%s %" PRId64 " – %s", tr(r->lang, "Management review"), v->year,
					   v->unit_name));
	page_crumb(h, "/reviews", N_("Management reviews"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Management review");
	HTML_LIT(h, " ");
	html_int(h, v->year);
	HTML_LIT(h, " – ");
	html_text(h, v->unit_name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<p role=\"status\"><strong>");
	html_tr(h, review_status_label(v->status));
	HTML_LIT(h, "</strong>, ");
	html_tr1(h, N_("version %s"), arena_printf(r->arena, "%" PRId64, v->version_no));
	if (!draft) {
		HTML_LIT(h, " – ");
		html_text(h, v->approved_by);
		HTML_LIT(h, ", ");
		html_text(h, v->approved_on);
		HTML_LIT(h, ", ");
		html_text(h, v->case_ref);
	}
	HTML_LIT(h, "</p><ul class=\"actions\"><li><a href=\"/reviews/");
	html_int(h, v->id);
	HTML_LIT(h, "/document.docx\">");
	html_tr(h, "Download as Word (DOCX)");
	HTML_LIT(h, "</a></li><li><a href=\"/reviews/");
	html_int(h, v->id);
	HTML_LIT(h, "/document.html\">");
	html_tr(h, "Download for print (HTML)");
	HTML_LIT(h, "</a></li><li><a href=\"/reviews/");
	html_int(h, v->id);
	HTML_LIT(h, "/document.md\">");
	html_tr(h, "Download as Markdown");
	HTML_LIT(h, "</a></li></ul>");
	if (nv > 1) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Versions:");
		for (size_t i = 0; i < nv; i++) {
			if (versions[i].year != v->year)
				continue;
			HTML_LIT(h, " <a href=\"/reviews/");
			html_int(h, versions[i].id);
			HTML_LIT(h, "\">");
			html_int(h, versions[i].version_no);
			HTML_LIT(h, " (");
			html_tr(h, review_status_label(versions[i].status));
			HTML_LIT(h, ")</a>");
		}
		HTML_LIT(h, "</p>");
	}
	if (!draft && may_edit) {
		form_open(h, r, arena_printf(r->arena, "/reviews/%" PRId64 "/versions", v->id));
		form_submit(h, N_("Start a new version"), true);
		form_close(h);
	}
	doc_html_fragment(h, doc);
	if (draft && may_edit)
		draft_forms(h, r, v, t, nt, p, np, d, nd, e);
	page_end(r, h);
	return 0;
}

int page_review(struct req *r)
{
	return show(r, scope_record(&r->scope, "review"), NULL);
}

static const char *back(struct req *r, const struct review *v, const char *msg)
{
	return arena_printf(r->arena, "/reviews/%" PRId64 "?msg=%s", v->id, msg);
}

int page_review_update(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct review_input in = review_input_of(v);
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	in.contact = req_form(r, "contact");
	in.case_ref = req_form(r, "case_ref");
	for (size_t i = 0; i < REVIEW_SECTIONS; i++)
		in.texts[i] = req_form(r, review_sections[i].key);
	rc = review_update(db, r->arena, r->auth, v, form_int(r, "version", -1), &in, &e);
	return page_saved(r, rc, &e, back(r, v, "saved"), show, v);
}

int page_review_priority_add(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = review_priority_add(db, r->arena, r->auth, v, form_int(r, "version", -1), form_int(r, "year", 0),
				 req_form(r, "text"), NULL, &e);
	return page_saved(r, rc, &e, back(r, v, "saved"), show, v);
}

int page_review_priority_remove(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = review_priority_remove(db, r->arena, r->auth, v, form_int(r, "version", -1), form_int(r, "priority_id", 0),
				    &e);
	return page_saved(r, rc, &e, back(r, v, "saved"), show, v);
}

int page_review_approve(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct review_approval in = { req_form(r, "approved_by"), req_form(r, "approved_on"), req_form(r, "case_ref") };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = review_approve(db, r->arena, r->auth, r->lang, v, form_int(r, "version", -1), &in, &e);
	return page_saved(r, rc, &e, back(r, v, "saved"), show, v);
}

int page_review_new_version(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = review_new_version(db, r->arena, r->auth, v, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/reviews/%" PRId64 "?msg=created", id), show, v);
}

static struct dpo_input dpo_from_form(struct req *r)
{
	struct dpo_input in = { 0 };
	in.report_year = form_int(r, "report_year", 0);
	in.text = req_form(r, "text");
	in.followup = req_form(r, "followup");
	in.status = req_form(r, "status");
	return in;
}

int page_review_dpo_add(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct dpo_input in = dpo_from_form(r);
	struct unit u;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = unit_get(db, r->arena, v->unit_id, &u, &r->err)))
		return rc;
	rc = dpo_create(db, r->arena, r->auth, &u, &in, NULL, &e);
	return page_saved(r, rc, &e, back(r, v, "saved"), show, v);
}

/* The newest review of the recommendation's unit, to return to. */
static const char *dpo_back(struct req *r, struct db *db, const struct dpo_recommendation *d)
{
	struct review *list;
	size_t n;
	struct err ignored = { 0 };

	if (review_versions(db, r->arena, d->unit_id, &list, &n, &ignored) == 0 && n)
		return arena_printf(r->arena, "/reviews/%" PRId64 "?msg=saved#dpo", list[0].id);
	return "/reviews?msg=saved";
}

static int dpo_again(struct req *r, const void *ctx, const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, "Recommendation"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Recommendation");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	HTML_LIT(h, "<p><a href=\"");
	html_attr(h, ctx);
	HTML_LIT(h, "\">");
	html_tr(h, "Back");
	HTML_LIT(h, "</a></p>");
	page_end(r, h);
	return 0;
}

int page_dpo_update(struct req *r)
{
	const struct dpo_recommendation *d = scope_record(&r->scope, "dpo_recommendation");
	struct dpo_input in = dpo_from_form(r);
	struct err e = { 0 };
	const char *done;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	done = dpo_back(r, db, d);
	rc = dpo_update(db, r->arena, r->auth, d, form_int(r, "version", -1), &in, &e);
	return page_saved(r, rc, &e, done, dpo_again, done);
}

int page_dpo_activity(struct req *r)
{
	const struct dpo_recommendation *d = scope_record(&r->scope, "dpo_recommendation");
	struct err e = { 0 };
	const char *done;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	done = dpo_back(r, db, d);
	rc = dpo_activity(db, r->arena, r->auth, r->lang, d, NULL, &e);
	return page_saved(r, rc, &e, done, dpo_again, done);
}

static int document(struct req *r, enum plan_report_format format)
{
	static const char *const ext[] = { "html", "md", "docx" };
	const struct review *v = scope_record(&r->scope, "review");
	const char *data, *mime;
	struct doc *d;
	size_t len;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = review_report_build(db, r->arena, r->lang, v, &d, &r->err)) ||
	    (rc = plan_report_render(r->arena, d, format, &data, &len, &mime, &r->err)))
		return rc;
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = mime;
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"%s\"",
				 review_report_filename(r->arena, v, ext[format])));
	return 0;
}

int page_review_document_html(struct req *r)
{
	return document(r, PLAN_REPORT_HTML);
}

int page_review_document_md(struct req *r)
{
	return document(r, PLAN_REPORT_MD);
}

int page_review_document_docx(struct req *r)
{
	return document(r, PLAN_REPORT_DOCX);
}
