/*
 * page_processors.c - processors (personuppgiftsbiträden) in the browser:
 * the list with the agreements flagged (missing for a processor an
 * activity uses, expired, or expiring within 90 days), a processor's page
 * with its sub-processors, agreements (the file uploaded as multipart form
 * data and served only as an attachment) and third-country transfers, and
 * the form. Deleting a processor that an activity still uses is refused,
 * naming the activities.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/gdpr.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_gdpr.h"
#include "web/widgets.h"

#define PROCESSORS_PAGE 50

static void today(char out[11])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = 0;
}

static const char *proc_url(struct req *r, int64_t id, const char *rest)
{
	return arena_printf(r->arena, "/gdpr/processors/%" PRId64 "%s", id, rest);
}

static const char *const agreement_values[] = { "missing", "expiring", "expired" };
static const char *const agreement_labels[] = { N_("Used but without an agreement"), N_("Expiring within 90 days"),
						N_("Expired") };

int page_processors(struct req *r)
{
	static const char *const keep[] = { "unit_id", "q", "agreement", NULL };
	struct gdpr_processor_filter f = { 0 };
	struct gdpr_processor *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	char day[11];
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = processor_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, PROCESSORS_PAGE, &f.limit, &f.offset);
	if ((rc = processor_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	today(day);
	h = page_begin(r, tr(r->lang, "Processors"));
	page_crumb(h, "/gdpr", N_("Register of processing activities"));
	page_h1(h, N_("Processors"));
	page_flash(h, r);
	if (authz_anywhere(r->auth, ACCESS_GDPR)) {
		page_button(h, "/gdpr/processors/new", N_("New processor"));
	}
	filters_search_open(h, "/gdpr/processors");
	form_input(h, r, "search", "q", "Search by name", req_query(r, "q"), false, NULL, NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	form_filter_select(h, r, "agreement", "Agreement", N_("Any"), agreement_values, agreement_labels, 3,
			   req_query(r, "agreement"));
	filters_close(h);
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No processor matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("Processors"), total,
			   (const char *const[]){ N_("Name"), N_("Unit"), N_("Country"), N_("Used by"), N_("Agreement"),
						  NULL });
		for (size_t i = 0; i < n; i++) {
			const struct gdpr_processor *p = &list[i];
			const char *flag = processor_agreement_flag(p, day);
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "processor", p->id, p->name);
			HTML_LIT(h, "</th><td>");
			link_record(h, "unit", p->unit_id, p->unit_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, p->country);
			HTML_LIT(h, "</td><td>");
			html_int(h, p->n_activities);
			HTML_LIT(h, "</td><td>");
			if (p->agreement_id) {
				html_text(h, p->signed_on);
				if (p->expires_on) {
					HTML_LIT(h, " – ");
					html_text(h, p->expires_on);
				}
			}
			if (flag) {
				HTML_LIT(h, " <strong>");
				html_tr(h, flag);
				HTML_LIT(h, "</strong>");
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/gdpr/processors", keep), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- the form ------------------------------------------------------------------------------------ */

static void processor_form(struct html *h, struct req *r, const char *action, const struct gdpr_processor_input *in,
			   int64_t version, bool creating, const struct picker *units, const struct err *e)
{
	size_t rows = in->n_subs + 2;
	form_open(h, r, action);
	if (!creating)
		form_hidden_int(h, "version", version);
	form_picker(h, r, "unit_id", "Unit that keeps it", units, in->unit_id, e);
	form_text(h, r, "name", "Name", in->name, true, e);
	form_text(h, r, "org_number", "Organisation number", in->org_number, false, e);
	form_textarea(h, r, "contact", "Contact details", in->contact, e);
	form_text(h, r, "country", "Country (ISO 3166 code, such as SE)", in->country ? in->country : "SE", false, e);
	for (size_t i = 0; i < rows; i++) {
		const struct gdpr_subprocessor *s = i < in->n_subs ? &in->subs[i] : NULL;
		HTML_LIT(h, "<fieldset class=\"row\"><legend>");
		html_tr(h, "Sub-processor");
		HTML_LIT(h, " ");
		html_int(h, (int64_t)i + 1);
		HTML_LIT(h, "</legend>");
		form_text(h, r, arena_printf(r->arena, "sub_name_%zu", i + 1), "Name", s ? s->name : NULL, false, e);
		form_text(h, r, arena_printf(r->arena, "sub_country_%zu", i + 1), "Country (ISO 3166 code)",
			  s ? s->country : NULL, false, e);
		HTML_LIT(h, "</fieldset>");
	}
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
}

static struct gdpr_processor_input input_from_form(struct req *r)
{
	struct gdpr_processor_input in = { 0 };
	struct gdpr_subprocessor *subs = arena_calloc(r->arena, GDPR_MAX_SUBS + 1, sizeof(*subs));
	in.unit_id = form_int(r, "unit_id", 0);
	in.name = req_form(r, "name");
	in.org_number = req_form(r, "org_number");
	in.contact = req_form(r, "contact");
	in.country = req_form(r, "country");
	for (size_t i = 0; i < GDPR_MAX_SUBS; i++) {
		const char *name = req_form(r, arena_printf(r->arena, "sub_name_%zu", i + 1));
		const char *country = req_form(r, arena_printf(r->arena, "sub_country_%zu", i + 1));
		if (!name && !country)
			break;
		subs[i].name = name;
		subs[i].country = country;
		in.n_subs = i + 1;
	}
	in.subs = subs;
	return in;
}

static int new_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct gdpr_processor_input *in = ctx;
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_gdpr, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "New processor"));
	page_crumb(h, "/gdpr/processors", N_("Processors"));
	page_h1(h, N_("New processor"));
	form_errors(h, r, e);
	processor_form(h, r, "/gdpr/processors", in, 0, true, &units, e);
	page_end(r, h);
	return 0;
}

int page_processor_new(struct req *r)
{
	struct gdpr_processor_input in = { 0 };
	in.unit_id = query_int(r, "unit_id", 0);
	return new_form(r, &in, NULL);
}

int page_processor_create(struct req *r)
{
	struct gdpr_processor_input in = input_from_form(r);
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = processor_create(db, r->arena, r->auth, &in, &id, &e);
	return page_saved(r, rc, &e, proc_url(r, id, "?msg=created"), new_form, &in);
}

/* --- one processor -------------------------------------------------------------------------------- */

struct proc_view {
	const struct gdpr_processor *p;
	const struct gdpr_agreement_input *agreement; /* being added, and its problem */
	const struct err *agreement_err;
	const struct gdpr_transfer *transfer;
	const struct err *transfer_err;
	const struct err *delete_err;
};

static int processor_page(struct req *r, const struct proc_view *v)
{
	const struct gdpr_processor *p = v->p;
	struct gdpr_subprocessor *subs;
	struct gdpr_agreement *ags;
	struct gdpr_transfer *transfers;
	size_t n_subs, n_ags, n_transfers;
	bool can_edit = authz_in_scope(r->auth, ACCESS_GDPR, p->unit_path);
	const char *flag;
	char day[11];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = processor_subs(db, r->arena, p->id, &subs, &n_subs, &r->err)) ||
	    (rc = agreements_of(db, r->arena, p->id, &ags, &n_ags, &r->err)) ||
	    (rc = gdpr_transfers_of(db, r->arena, 0, p->id, &transfers, &n_transfers, &r->err)))
		return rc;
	today(day);
	flag = processor_agreement_flag(p, day);
	h = page_begin(r, p->name);
	page_crumb(h, "/gdpr/processors", N_("Processors"));
	HTML_LIT(h, "<h1>");
	html_text(h, p->name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, v->delete_err);
	if (flag) {
		HTML_LIT(h, "<p class=\"notice\"><strong>");
		html_tr(h, flag);
		HTML_LIT(h, "</strong></p>");
	}
	if (can_edit) {
		HTML_LIT(h, "<div class=\"actions\"><a class=\"button\" href=\"");
		html_attr(h, proc_url(r, p->id, "/edit"));
		HTML_LIT(h, "\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a> ");
		form_open(h, r, proc_url(r, p->id, "/delete"));
		form_submit(h, "Delete the processor", true);
		form_close(h);
		HTML_LIT(h, "</div>");
	}
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", p->unit_id, p->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Organisation number", p->org_number);
	detail_row(h, "Contact details", p->contact);
	detail_row(h, "Country",
		   arena_printf(r->arena, "%s (%s)",
				gdpr_country_name(p->country) ? tr(r->lang, gdpr_country_name(p->country)) : p->country,
				p->country));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Used by");
	HTML_LIT(h, "</dt><dd>");
	html_int(h, p->n_activities);
	HTML_LIT(h, "</dd></dl><h2>");
	html_tr(h, "Sub-processors");
	HTML_LIT(h, "</h2>");
	if (!n_subs) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < n_subs; i++) {
			HTML_LIT(h, "<li>");
			html_text(h, subs[i].name);
			HTML_LIT(h, " (");
			html_text(h, subs[i].country);
			HTML_LIT(h, ")</li>");
		}
		HTML_LIT(h, "</ul>");
	}

	HTML_LIT(h, "<section id=\"agreements\" aria-labelledby=\"agreements-h\"><h2 id=\"agreements-h\">");
	html_tr(h, "Processor agreements");
	HTML_LIT(h, "</h2>");
	if (!n_ags) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No agreement is recorded.");
		HTML_LIT(h, "</p>");
	} else {
		table_open_sr(
			h, N_("Processor agreements"),
			(const char *const[]){ N_("Signed"), N_("Expires"), N_("Case reference"), N_("File"), NULL });
		for (size_t i = 0; i < n_ags; i++) {
			const struct gdpr_agreement *g = &ags[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, g->signed_on);
			HTML_LIT(h, "</th><td>");
			html_text(h, g->expires_on ? g->expires_on : "–");
			HTML_LIT(h, "</td><td>");
			html_text(h, *g->case_ref ? g->case_ref : "–");
			HTML_LIT(h, "</td><td>");
			if (g->file_name) {
				HTML_LIT(h, "<a href=\"/gdpr/agreements/");
				html_int(h, g->id);
				HTML_LIT(h, "/file\" download>");
				html_text(h, g->file_name);
				HTML_LIT(h, "</a> (");
				html_int(h, g->file_size);
				HTML_LIT(h, " B, SHA-256 <code>");
				html_textn(h, g->file_sha256, 16);
				HTML_LIT(h, "…</code>)");
			} else {
				HTML_LIT(h, "–");
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (can_edit) {
		const struct gdpr_agreement_input *in = v->agreement;
		HTML_LIT(h, "<h3>");
		html_tr(h, "Add an agreement");
		HTML_LIT(h, "</h3>");
		form_errors(h, r, v->agreement_err);
		HTML_LIT(h, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
		html_attr(h, proc_url(r, p->id, "/agreements"));
		HTML_LIT(h, "\">");
		if (r->auth->csrf)
			form_hidden(h, "csrf", r->auth->csrf);
		form_input(h, r, "date", "signed_on", "Signed on", in ? in->signed_on : NULL, true, NULL,
			   v->agreement_err);
		form_input(h, r, "date", "expires_on", "Expires on", in ? in->expires_on : NULL, false, NULL,
			   v->agreement_err);
		form_text(h, r, "case_ref", "Case reference", in ? in->case_ref : NULL, false, v->agreement_err);
		form_input(h, r, "file", "agreement_file",
			   "The agreement (PDF, DOCX, ODT, DOC, PNG, JPEG or text; at most 900 kB)", NULL, false, NULL,
			   v->agreement_err);
		form_submit(h, "Add the agreement", false);
		form_close(h);
	}
	HTML_LIT(h, "</section><section id=\"transfers\" aria-labelledby=\"transfers-h\"><h2 id=\"transfers-h\">");
	html_tr(h, "Transfers to third countries");
	HTML_LIT(h, "</h2>");
	gdpr_transfers_table(h, r, db, transfers, n_transfers, can_edit, false);
	if (can_edit) {
		HTML_LIT(h, "<h3>");
		html_tr(h, "Add a transfer");
		HTML_LIT(h, "</h3>");
		form_errors(h, r, v->transfer_err);
		gdpr_transfer_form(h, r, proc_url(r, p->id, "/transfers"), v->transfer, v->transfer_err);
	}
	HTML_LIT(h, "</section>");
	page_end(r, h);
	return 0;
}

int page_processor(struct req *r)
{
	struct proc_view v = { scope_record(&r->scope, "processor"), NULL, NULL, NULL, NULL, NULL };
	return processor_page(r, &v);
}

static bool may_move_to(struct req *r, const struct unit *u, const void *ctx)
{
	const struct gdpr_processor *p = ctx;
	return u->id == p->unit_id || authz_in_scope(r->auth, ACCESS_GDPR, u->path);
}

static int edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct gdpr_processor *p = v->rec, *cur = v->cur;
	const struct gdpr_processor_input *in = v->in;
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, may_move_to, p, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Edit processor"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/gdpr/processors\">");
	html_tr(h, "Processors");
	HTML_LIT(h, "</a> › ");
	link_record(h, "processor", p->id, p->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Edit processor");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Name", cur->name);
		detail_row(h, "Organisation number", cur->org_number);
		detail_row(h, "Contact details", cur->contact);
		detail_row(h, "Country", cur->country);
		HTML_LIT(h, "</dl></section>");
	}
	processor_form(h, r, proc_url(r, p->id, "/edit"), in, v->version, false, &units, e);
	page_end(r, h);
	return 0;
}

/* The stored processor with its subprocessors. */
static int edit_processor_load(struct req *r, struct db *db, const void *rec, void *input)
{
	const struct gdpr_processor *p = rec;
	struct gdpr_processor_input *in = input;
	struct gdpr_subprocessor *subs;
	int rc;

	*in = (struct gdpr_processor_input){ p->unit_id, p->name, p->org_number, p->contact, p->country, NULL, 0 };
	if ((rc = processor_subs(db, r->arena, p->id, &subs, &in->n_subs, &r->err)))
		return rc;
	in->subs = subs;
	return 0;
}

PAGE_FROM_FORM(edit_processor_from_form, struct gdpr_processor_input, input_from_form)
PAGE_UPDATER(edit_processor_update, processor_update)

static const struct page_record_def processor_def = {
	PAGE_RECORD(struct gdpr_processor, struct gdpr_processor_input),
	.kind = "processor",
	.path = "/gdpr/processors/",
	.from_form = edit_processor_from_form,
	.load = edit_processor_load,
	.update = edit_processor_update,
	.form = edit_form,
};

int page_processor_edit(struct req *r)
{
	return page_record_edit(r, &processor_def);
}

int page_processor_update(struct req *r)
{
	return page_record_update(r, &processor_def);
}

static int delete_again(struct req *r, const void *ctx, const struct err *e)
{
	struct proc_view v = { ctx, NULL, NULL, NULL, NULL, e };
	return processor_page(r, &v);
}

int page_processor_delete(struct req *r)
{
	const struct gdpr_processor *p = scope_record(&r->scope, "processor");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = processor_delete(db, r->arena, r->auth, p, &e);
	return page_saved(r, rc, &e, "/gdpr/processors?msg=saved", delete_again, p);
}

static int agreement_again(struct req *r, const void *ctx, const struct err *e)
{
	const struct proc_view *v = ctx;
	struct proc_view w = *v;
	w.agreement_err = e;
	return processor_page(r, &w);
}

int page_processor_agreement_add(struct req *r)
{
	const struct gdpr_processor *p = scope_record(&r->scope, "processor");
	struct gdpr_agreement_input in = { 0 };
	struct proc_view v = { p, &in, NULL, NULL, NULL, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.signed_on = req_form(r, "signed_on");
	in.expires_on = req_form(r, "expires_on");
	in.case_ref = req_form(r, "case_ref");
	for (size_t i = 0; i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "agreement_file") && r->form[i].len) {
			in.file_data = r->form[i].val;
			in.file_len = r->form[i].len;
			in.file_name = req_form(r, "agreement_file.filename");
			if (!in.file_name || !*in.file_name)
				in.file_name = "avtal";
		}
	if (!(db = req_db(r)))
		return r->err.code;
	rc = agreement_add(db, r->arena, r->auth, p, &in, NULL, &e);
	if (e.field && !strcmp(e.field, "file"))
		e.field = "agreement_file";
	return page_saved(r, rc, &e, proc_url(r, p->id, "?msg=saved#agreements"), agreement_again, &v);
}

static int transfer_again(struct req *r, const void *ctx, const struct err *e)
{
	const struct proc_view *v = ctx;
	struct proc_view w = *v;
	w.transfer_err = e;
	return processor_page(r, &w);
}

int page_processor_transfer_add(struct req *r)
{
	const struct gdpr_processor *p = scope_record(&r->scope, "processor");
	struct gdpr_transfer t = gdpr_transfer_from_form(r);
	struct proc_view v = { p, NULL, NULL, &t, NULL, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = gdpr_transfer_add(db, r->arena, r->auth, NULL, p, &t, NULL, &e);
	return page_saved(r, rc, &e, proc_url(r, p->id, "?msg=saved#transfers"), transfer_again, &v);
}

int page_agreement_file(struct req *r)
{
	const struct gdpr_agreement *g = scope_record(&r->scope, "processor_agreement");
	const char *data;
	size_t len;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = agreement_file(db, r->arena, g, &data, &len, &r->err)))
		return rc;
	resp_file(r, data, len, agreement_mime(g->file_type), g->file_name);
	return 0;
}
