/*
 * page_governing_documents.c - governing documents in the browser.
 *
 * The list filters by unit (with the units below it), owner, kind, status
 * and review (overdue, due soon), sorts by title, next review or decision
 * date, pages, and exports what it shows as XLSX, CSV or JSON. A
 * document's page shows its decision, its file (downloaded as an
 * attachment: the checksum is checked first), the history of its
 * versions and the requirements it meets, with the forms to attach a new
 * file and to add or remove a requirement for those who may change it.
 *
 * Forms follow page_assets.c: errors name the field and keep what was
 * typed; a stale version shows the other person's version.
 */
#include "web/page_governing_documents.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/governing_document.h"
#include "domain/requirement.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/widgets.h"

#define GD_PAGE 50

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%" PRId64, v);
}

/* The next review, flagged when overdue. */
static void review_cell(struct html *h, const struct governing_document *d, const char *today)
{
	if (!d->next_review) {
		HTML_LIT(h, "–");
		return;
	}
	html_text(h, d->next_review);
	if (governing_document_overdue(d, today)) {
		HTML_LIT(h, " <strong class=\"flagged\">");
		html_tr(h, "Overdue");
		HTML_LIT(h, "</strong>");
	}
}

static void doc_table(struct html *h, struct req *r, const struct governing_document *list, size_t n, int64_t total,
		      const char *caption)
{
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	table_open(h, caption, total,
		   (const char *const[]){ N_("Title"), N_("Kind"), N_("Unit"), N_("Document owner"), N_("Status"),
					  N_("Next review"), NULL });
	for (size_t i = 0; i < n; i++) {
		const struct governing_document *d = &list[i];
		HTML_LIT(h, "<tr><th scope=\"row\">");
		link_record(h, "governing_document", d->id, d->title);
		HTML_LIT(h, "</th><td>");
		html_tr(h, governing_document_kind_label(d->kind));
		HTML_LIT(h, "</td><td>");
		link_record(h, "unit", d->unit_id, d->unit_name);
		HTML_LIT(h, "</td><td>");
		html_text(h, d->owner_name ? d->owner_name : "–");
		HTML_LIT(h, "</td><td>");
		html_tr(h, governing_document_status_label(d->status));
		HTML_LIT(h, "</td><td>");
		review_cell(h, d, today);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

int page_governing_documents(struct req *r)
{
	struct governing_document_filter f = { 0 };
	struct governing_document *list;
	struct picker units = { 0 }, users = { 0 };
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = governing_document_filter_parse(&f, req_query_get, r, &e)))
		filters_refused(r, &f, sizeof(f));
	f.viewer_id = r->auth->user_id;
	page_paging(r, GD_PAGE, &f.limit, &f.offset);
	if ((rc = governing_document_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)) ||
	    (rc = picker_users(r, db, N_("Anyone"), 0, 0, &users)))
		return rc;
	h = page_begin(r, tr(r->lang, "Governing documents"));
	page_h1(h, N_("Governing documents"));
	page_flash(h, r);
	form_errors(h, r, &e);
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		page_button(h, "/governing-documents/new", N_("New governing document"));
	}
	filters_search_open(h, "/governing-documents");
	form_input(h, r, "search", "q", "Search title or case reference", req_query(r, "q"), false, NULL, NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	filters_more_open(h, r);
	form_picker_filter(h, r, "owner_id", "Document owner", &users);
	form_filter_select(h, r, "kind", "Kind", N_("All kinds"), governing_document_kinds,
			   governing_document_kind_labels, GD_KIND_COUNT, f.kind);
	form_filter_select(h, r, "status", "Status", N_("All statuses"), governing_document_statuses,
			   governing_document_status_labels, GD_STATUS_COUNT, f.status);
	form_filter_select(h, r, "due", "Review", N_("Any review date"), governing_document_dues,
			   governing_document_due_labels, 2, f.due);
	form_select(h, r, "sort", "Sort by", governing_document_sorts, governing_document_sort_labels, GD_SORT_COUNT,
		    governing_document_sorts[f.sort], true, NULL);
	filters_more_close(h);
	filters_clear_close(h, "/governing-documents");
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/governing-documents", governing_document_filter_args);
	HTML_LIT(h, "</p>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No governing document matches the filter.");
		HTML_LIT(h, "</p>");
	} else {
		doc_table(h, r, list, n, total, N_("Governing documents"));
	}
	page_pager(h, r, url_keep(r, "/governing-documents", governing_document_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

int governing_documents_due_section(struct html *h, struct req *r, struct db *db, int64_t unit_id)
{
	struct governing_document_filter f = { 0 };
	struct governing_document *list;
	size_t n;
	int64_t total = 0;
	struct url u;
	int rc;

	f.viewer_id = r->auth->user_id;
	f.unit_id = unit_id;
	f.due = "soon";
	f.sort = GD_SORT_REVIEW;
	f.limit = 20;
	if ((rc = governing_document_list(db, r->arena, &f, &list, &n, &total, &r->err)) || !n)
		return rc;
	HTML_LIT(h, "<h2 id=\"governing-documents\">");
	html_tr(h, "Governing documents due for review");
	HTML_LIT(h, "</h2>");
	doc_table(h, r, list, n, total, N_("Due or overdue for review"));
	url_init(&u, r->arena, "/governing-documents");
	url_add_int(&u, "unit_id", unit_id);
	url_add(&u, "due", "soon");
	HTML_LIT(h, "<p><a href=\"");
	html_attr(h, url_str(&u));
	HTML_LIT(h, "\">");
	html_tr(h, "All governing documents due for review here");
	HTML_LIT(h, "</a></p>");
	return 0;
}

PAGE_FILTER_READER(docs_filter, governing_document_filter_parse)
PAGE_LIST_EXPORTER(docs_render, governing_document_export)

static const struct page_export docs_export = {
	PAGE_EXPORT_FILTER(struct governing_document_filter),
	.filter = docs_filter,
	.render = docs_render,
	.filename = governing_document_export_filename,
};

int page_governing_documents_export(struct req *r)
{
	return page_export(r, &docs_export);
}

/* --- one document --- */

static void details(struct html *h, struct req *r, const struct governing_document *d)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Kind", tr(r->lang, governing_document_kind_label(d->kind)));
	detail_row(h, "Status", tr(r->lang, governing_document_status_label(d->status)));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Applies to");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", d->unit_id, d->unit_name);
	HTML_LIT(h, " ");
	html_tr(h, "and the units below it");
	HTML_LIT(h, "</dd>");
	detail_row(h, "Document owner", d->owner_name);
	detail_row(h, "Decided by", d->decided_by);
	detail_row(h, "Decision date", d->decision_date);
	detail_row(h, "Case reference", d->case_ref);
	detail_row(h, "Version", d->doc_version);
	detail_row(h, "Review interval (months)", num(r, d->review_months));
	detail_row(h, "Next review", d->next_review);
	if (*d->link) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Link");
		HTML_LIT(h, "</dt><dd><a rel=\"noopener noreferrer\" href=\"");
		html_attr(h, d->link);
		HTML_LIT(h, "\">");
		html_text(h, d->link);
		HTML_LIT(h, "</a></dd>");
	}
	if (d->replaces_id) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Replaces");
		HTML_LIT(h, "</dt><dd>");
		if (authz_in_scope(r->auth, ACCESS_READ, d->replaces_unit_path))
			link_record(h, "governing_document", d->replaces_id, d->replaces_title);
		else
			html_tr(h, "A document of another unit");
		HTML_LIT(h, "</dd>");
	}
	time_row(h, N_("Last changed"), d->updated_at);
	HTML_LIT(h, "</dl>");
}

static void file_section(struct html *h, struct req *r, const struct governing_document *d, bool can_edit,
			 const struct err *e)
{
	HTML_LIT(h, "<h2 id=\"file\">");
	html_tr(h, "File");
	HTML_LIT(h, "</h2>");
	if (d->file_id) {
		HTML_LIT(h, "<p><a href=\"/governing-documents/");
		html_int(h, d->id);
		HTML_LIT(h, "/file\" download>");
		html_text(h, d->file_name);
		HTML_LIT(h, "</a> (");
		html_int(h, d->file_size);
		HTML_LIT(h, " ");
		html_tr(h, "bytes");
		HTML_LIT(h, ")<br><span class=\"hint\">SHA-256: <code>");
		html_text(h, d->file_sha256);
		HTML_LIT(h, "</code></span></p>");
	} else {
		HTML_LIT(h, "<p>");
		html_tr(h, "No file attached.");
		HTML_LIT(h, "</p>");
	}
	if (!can_edit)
		return;
	HTML_LIT(h, "<form method=\"post\" action=\"/governing-documents/");
	html_int(h, d->id);
	HTML_LIT(h, "/file\" enctype=\"multipart/form-data\">");
	if (r->auth && r->auth->csrf)
		form_hidden(h, "csrf", r->auth->csrf);
	form_hidden_int(h, "version", d->version);
	form_input(h, r, "file", "file", d->file_id ? N_("Replace the file") : N_("Attach a file"), NULL, true, NULL,
		   e);
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "PDF, Word, Excel, PowerPoint, OpenDocument or plain text, at most 10 MB.");
	HTML_LIT(h, "</p>");
	form_submit(h, "Upload", false);
	form_close(h);
}

static int reqs_section(struct html *h, struct req *r, struct db *db, const struct governing_document *d, bool can_edit,
			const struct err *e)
{
	struct governing_document_req *reqs;
	size_t n;
	int rc = governing_document_reqs(db, r->arena, d->id, &reqs, &n, &r->err);
	if (rc)
		return rc;
	HTML_LIT(h, "<h2 id=\"requirements\">");
	html_tr(h, "Requirements it meets");
	HTML_LIT(h, "</h2>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No requirement of the library is recorded as met by this document.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<li>");
			link_record(h, "requirement", reqs[i].requirement_id,
				    arena_printf(r->arena, "%s %s", reqs[i].code, reqs[i].title));
			if (can_edit) {
				HTML_LIT(h, " <form class=\"inline\" method=\"post\" action=\"/governing-documents/");
				html_int(h, d->id);
				HTML_LIT(h, "/requirements/remove\">");
				if (r->auth && r->auth->csrf)
					form_hidden(h, "csrf", r->auth->csrf);
				form_hidden_int(h, "requirement_id", reqs[i].requirement_id);
				HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
				html_tr(h, "Remove");
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_text(h, reqs[i].code);
				HTML_LIT(h, "</span></button></form>");
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	if (can_edit) {
		struct requirement_filter rf = { .active = 1, .limit = 1000 };
		struct requirement *all;
		size_t m;
		struct picker p = { 0 };
		if ((rc = requirement_list(db, r->arena, &rf, &all, &m, NULL, &r->err)))
			return rc;
		p.values = arena_calloc(r->arena, m + 1, sizeof(char *));
		p.labels = arena_calloc(r->arena, m + 1, sizeof(char *));
		p.n = m;
		for (size_t i = 0; i < m; i++) {
			p.values[i] = num(r, all[i].id);
			p.labels[i] = arena_printf(r->arena, "%s %s", all[i].code, all[i].title);
		}
		form_open(h, r, arena_printf(r->arena, "/governing-documents/%" PRId64 "/requirements", d->id));
		form_picker(h, r, "requirement_id", "Requirement", &p, 0, e);
		form_submit(h, "Record that the document meets it", false);
		form_close(h);
	}
	return 0;
}

static int versions_section(struct html *h, struct req *r, struct db *db, const struct governing_document *d)
{
	struct governing_document_version *v;
	size_t n;
	int rc = governing_document_versions(db, r->arena, d->id, &v, &n, &r->err);
	if (rc)
		return rc;
	HTML_LIT(h, "<h2 id=\"versions\">");
	html_tr(h, "Versions and decisions");
	HTML_LIT(h, "</h2>");
	table_open_sr(h, N_("Versions and decisions"),
		      (const char *const[]){ N_("Version"), N_("Status"), N_("Decided by"), N_("Decision date"),
					     N_("Case reference"), N_("Recorded"), NULL });
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, v[i].doc_version);
		HTML_LIT(h, "</th><td>");
		html_tr(h, governing_document_status_label(v[i].status));
		HTML_LIT(h, "</td><td>");
		html_text(h, *v[i].decided_by ? v[i].decided_by : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, v[i].decision_date ? v[i].decision_date : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, *v[i].case_ref ? v[i].case_ref : "–");
		HTML_LIT(h, "</td><td>");
		html_time(h, v[i].created_at);
		if (v[i].created_by_name) {
			HTML_LIT(h, ", ");
			html_text(h, v[i].created_by_name);
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	return 0;
}

/* The button that confirms having read @d's current version, posted to @action. */
static void confirm_form(struct html *h, struct req *r, const struct governing_document *d, const char *action)
{
	form_open(h, r, action);
	HTML_LIT(h, "<p>");
	html_tr1(h, N_("You are asked to confirm that you have read version %s."), d->doc_version);
	HTML_LIT(h, "</p>");
	form_submit(h, "I have read this version", false);
	form_close(h);
}

/* The units a round of document @ctx may ask: its own and those below it. */
static bool in_document_unit(struct req *r, const struct unit *u, const void *ctx)
{
	const struct governing_document *d = ctx;
	(void)r;
	return str_starts(u->path, d->unit_path);
}

static int acks_section(struct html *h, struct req *r, struct db *db, const struct governing_document *d, bool can_edit,
			const struct err *e)
{
	struct governing_document_round *rounds;
	size_t n;
	int rc = governing_document_rounds(db, r->arena, d->id, &rounds, &n, &r->err);
	if (rc)
		return rc;
	HTML_LIT(h, "<h2 id=\"acknowledgements\">");
	html_tr(h, "Read and confirm");
	HTML_LIT(h, "</h2>");
	if (governing_document_ack_waiting(db, r->arena, r->auth, d)) {
		confirm_form(h, r, d, arena_printf(r->arena, "/governing-documents/%" PRId64 "/acknowledge", d->id));
	}
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nobody has been asked to confirm that they have read this document.");
		HTML_LIT(h, "</p>");
	}
	for (size_t i = 0; i < n; i++) {
		struct governing_document_ack_cover *c;
		size_t n_c;
		if (strcmp(rounds[i].doc_version, d->doc_version))
			continue;
		if ((rc = governing_document_ack_coverage(db, r->arena, r->auth, d, rounds[i].id, &c, &n_c, &r->err)))
			return rc;
		HTML_LIT(h, "<table><caption>");
		html_tr1(h, N_("Confirmed for version %s"), rounds[i].doc_version);
		HTML_LIT(h, ": ");
		if (rounds[i].group_name)
			html_text(h, rounds[i].group_name);
		else
			html_tr(h, "everyone with a role here");
		if (rounds[i].target_unit_id) {
			HTML_LIT(h, " – ");
			html_text(h, rounds[i].target_unit_name);
		}
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("Unit"), TABLE_NUM, N_("Confirmed"), TABLE_NUM, N_("Asked"),
						     NULL });
		for (size_t k = 0; k < n_c; k++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "unit", c[k].unit_id, c[k].unit_name);
			HTML_LIT(h, "</th><td class=\"num\">");
			html_int(h, c[k].confirmed);
			HTML_LIT(h, "</td><td class=\"num\">");
			html_int(h, c[k].asked);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (can_edit) {
		struct training_group *g;
		size_t n_g;
		struct picker p = { 0 };
		if ((rc = training_groups(db, r->arena, &g, &n_g, &r->err)))
			return rc;
		p.values = arena_calloc(r->arena, n_g + 2, sizeof(char *));
		p.labels = arena_calloc(r->arena, n_g + 2, sizeof(char *));
		p.values[0] = "";
		p.labels[0] = tr(r->lang, "Everyone with a role in the unit");
		for (size_t i = 0; i < n_g; i++) {
			p.values[i + 1] = num(r, g[i].id);
			p.labels[i + 1] = g[i].name;
		}
		p.n = n_g + 1;
		struct picker units = { 0 };
		if ((rc = picker_units(r, db, N_("The unit the document applies to"), in_document_unit, d, &units)))
			return rc;
		form_open(h, r, arena_printf(r->arena, "/governing-documents/%" PRId64 "/rounds", d->id));
		form_picker(h, r, "group_id", "Ask to confirm having read this version", &p, 0, e);
		form_picker(h, r, "unit_id", "The people with a role in (with the units below it)", &units, 0, e);
		form_submit(h, "Ask them", false);
		form_close(h);
	}
	return 0;
}

/* The document's page; @e names a problem of its file or requirement forms. */
static int show(struct req *r, const struct governing_document *d, const struct err *e)
{
	bool can_edit = governing_document_can_edit(r->auth, d);
	char today[TIME_ISO_LEN];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	time_today_iso(today);
	h = page_begin(r, d->title);
	page_crumb(h, "/governing-documents", N_("Governing documents"));
	HTML_LIT(h, "<h1>");
	html_text(h, d->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	if (governing_document_overdue(d, today)) {
		HTML_LIT(h, "<p class=\"notice\">");
		html_tr(h, "The document is overdue for review.");
		HTML_LIT(h, "</p>");
	}
	if (can_edit) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/governing-documents/");
		html_int(h, d->id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	details(h, r, d);
	file_section(h, r, d, can_edit, e);
	if ((rc = reqs_section(h, r, db, d, can_edit, e)) || (rc = acks_section(h, r, db, d, can_edit, e)) ||
	    (rc = versions_section(h, r, db, d)))
		return rc;
	page_end(r, h);
	return 0;
}

int page_governing_document(struct req *r)
{
	return show(r, scope_record(&r->scope, "governing_document"), NULL);
}

int page_governing_document_file(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct governing_document_download f;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = governing_document_download(db, r->arena, d, &f, &r->err)))
		return rc;
	resp_file(r, f.data, f.len, f.content_type, f.ascii_name);
	return 0;
}

int page_governing_document_attach(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	const char *data = NULL, *name = req_form(r, "file.filename");
	size_t len = 0;
	struct err e = { 0 };
	struct db *db;
	int rc;

	for (size_t i = 0; i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "file") && r->form[i].is_file) {
			data = r->form[i].val;
			len = r->form[i].len;
		}
	if (!(db = req_db(r)))
		return r->err.code;
	rc = governing_document_attach(db, r->arena, r->auth, d, form_int(r, "version", -1), name, data, len, &e);
	if (!rc)
		return resp_redirect(r, arena_printf(r->arena, "/governing-documents/%" PRId64 "?msg=saved", d->id));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		r->err = e;
		return rc;
	}
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	return show(r, d, &e);
}

static int req_change(struct req *r, bool add)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = add ? governing_document_req_add(db, r->arena, r->auth, d, form_int(r, "requirement_id", 0), &e)
		 : governing_document_req_remove(db, r->arena, r->auth, d, form_int(r, "requirement_id", 0), &e);
	if (!rc)
		return resp_redirect(
			r, arena_printf(r->arena, "/governing-documents/%" PRId64 "?msg=saved#requirements", d->id));
	if (rc != ERR_INVALID && rc != ERR_EXISTS) {
		r->err = e;
		return rc;
	}
	r->resp.status = 400;
	return show(r, d, &e);
}

int page_governing_document_req_add(struct req *r)
{
	return req_change(r, true);
}

int page_governing_document_req_remove(struct req *r)
{
	return req_change(r, false);
}

/* --- the form --- */

/*
 * The documents the user sees, for "replaces": a select of them all, or past DOCUMENT_SELECT_MAX (besides the
 * document itself) none, the field typed in (a national installation holds thousands).
 */
static int replaces_picker(struct req *r, struct db *db, int64_t self, struct picker *p)
{
	/* Two more: the document itself, and one that tells there are more. */
	struct governing_document_filter f = { .viewer_id = r->auth->user_id, .limit = DOCUMENT_SELECT_MAX + 2 };
	struct governing_document *list;
	size_t n, k = 0, others = 0;
	int rc = governing_document_list(db, r->arena, &f, &list, &n, NULL, &r->err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		others += list[i].id != self;
	p->kind = PICKER_DOCUMENTS;
	p->typed = others > DOCUMENT_SELECT_MAX;
	if (p->typed)
		n = 0;
	p->values = arena_calloc(r->arena, n + 2, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 2, sizeof(char *));
	p->values[k] = "";
	p->labels[k++] = tr(r->lang, "None");
	for (size_t i = 0; i < n; i++) {
		if (list[i].id == self)
			continue;
		p->values[k] = num(r, list[i].id);
		p->labels[k++] = arena_printf(r->arena, "%s (%s)", list[i].title, list[i].doc_version);
	}
	p->n = k;
	return 0;
}

static int gd_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct governing_document *d = v->rec, *cur = v->cur;
	const struct governing_document_input *in = v->in;
	struct picker units = { 0 }, users = { 0 }, replaces = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, picker_keep_editable, NULL, &units)) ||
	    (rc = picker_users(r, db, N_("Nobody"), in->owner_id, 0, &users)) ||
	    (rc = replaces_picker(r, db, d ? d->id : 0, &replaces)))
		return rc;
	h = page_begin(r, tr(r->lang, d ? N_("Edit governing document") : N_("New governing document")));
	page_crumb(h, "/governing-documents", N_("Governing documents"));
	page_h1(h, d ? N_("Edit governing document") : N_("New governing document"));
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		details(h, r, cur);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r,
		  d ? arena_printf(r->arena, "/governing-documents/%" PRId64 "/edit", d->id) : "/governing-documents");
	if (d)
		form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_select(h, r, "kind", "Kind", governing_document_kinds, governing_document_kind_labels, GD_KIND_COUNT,
		    in->kind, true, e);
	form_picker(h, r, "unit_id", "Applies to (with the units below it)", &units, in->unit_id, e);
	form_picker(h, r, "owner_id", "Document owner", &users, in->owner_id, e);
	form_select(h, r, "status", "Status", governing_document_statuses, governing_document_status_labels,
		    GD_STATUS_COUNT, in->status ? in->status : "draft", true, e);
	form_text(h, r, "decided_by", "Decided by (board or officer)", in->decided_by, false, e);
	form_input(h, r, "date", "decision_date", "Decision date", in->decision_date, false, NULL, e);
	form_text(h, r, "case_ref", "Case reference", in->case_ref, false, e);
	form_text(h, r, "doc_version", "Version", in->doc_version, true, e);
	form_input(h, r, "number", "review_months", "Review interval (months)",
		   in->review_months > 0 ? num(r, in->review_months) : "", true, NULL, e);
	form_input(h, r, "date", "next_review", "Next review (empty: computed from the decision date)", in->next_review,
		   false, NULL, e);
	form_input(h, r, "url", "link", "Link", in->link, false, NULL, e);
	form_picker(h, r, "replaces_id", "Replaces", &replaces, in->replaces_id, e);
	form_submit(h, d ? N_("Save") : N_("Create"), false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct governing_document_input gd_from_form(struct req *r)
{
	struct governing_document_input in = { 0 };
	in.unit_id = form_int(r, "unit_id", 0);
	in.kind = req_form(r, "kind");
	in.title = req_form(r, "title");
	in.owner_id = form_int(r, "owner_id", 0);
	in.decided_by = req_form(r, "decided_by");
	in.decision_date = req_form(r, "decision_date");
	in.case_ref = req_form(r, "case_ref");
	in.doc_version = req_form(r, "doc_version");
	in.review_months = form_int(r, "review_months", -1);
	in.next_review = req_form(r, "next_review");
	in.status = req_form(r, "status");
	in.link = req_form(r, "link");
	in.replaces_id = form_int(r, "replaces_id", 0);
	return in;
}

int page_governing_document_new(struct req *r)
{
	struct governing_document_input in = {
		.kind = "routine", .status = "draft", .doc_version = "1.0", .review_months = 12
	};
	struct form_view v = { NULL, &in, 0, NULL };
	in.owner_id = r->auth->user_id;
	return gd_form(r, &v, NULL);
}

PAGE_FROM_FORM(edit_doc_from_form, struct governing_document_input, gd_from_form)
PAGE_INPUT_OF(edit_doc_input_of, struct governing_document_input, governing_document_input_of)
PAGE_CREATOR(edit_doc_create, governing_document_create)
PAGE_UPDATER(edit_doc_update, governing_document_update)

static const struct page_record_def doc_def = {
	PAGE_RECORD(struct governing_document, struct governing_document_input),
	.kind = "governing_document",
	.path = "/governing-documents/",
	.from_form = edit_doc_from_form,
	.input_of = edit_doc_input_of,
	.create = edit_doc_create,
	.update = edit_doc_update,
	.form = gd_form,
};

int page_governing_document_create(struct req *r)
{
	return page_record_create(r, &doc_def);
}

int page_governing_document_edit(struct req *r)
{
	return page_record_edit(r, &doc_def);
}

int page_governing_document_update(struct req *r)
{
	return page_record_update(r, &doc_def);
}

int page_governing_document_round(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = governing_document_round_start(db, r->arena, r->auth, d, form_int(r, "group_id", 0),
					    form_int(r, "unit_id", 0), &e);
	if (!rc)
		return resp_redirect(
			r,
			arena_printf(r->arena, "/governing-documents/%" PRId64 "?msg=saved#acknowledgements", d->id));
	if (rc != ERR_INVALID && rc != ERR_EXISTS) {
		r->err = e;
		return rc;
	}
	r->resp.status = 400;
	return show(r, d, &e);
}

int page_governing_document_acknowledge(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = governing_document_acknowledge(db, r->arena, r->auth, d, &e);
	if (!rc)
		return resp_redirect(
			r,
			arena_printf(r->arena, "/governing-documents/%" PRId64 "?msg=saved#acknowledgements", d->id));
	if (rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	r->resp.status = 400;
	return show(r, d, &e);
}

/* --- read and confirm, for those asked --- */

static int read_page(struct req *r, const struct governing_document *d, const struct err *e)
{
	const char *self = arena_printf(r->arena, "/governing-documents/read/%" PRId64, d->id);
	struct html *h;
	struct db *db;

	if (!(db = req_db(r)))
		return r->err.code;
	h = page_begin(r, d->title);
	HTML_LIT(h, "<h1>");
	html_text(h, d->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	if (governing_document_ack_waiting(db, r->arena, r->auth, d)) {
		confirm_form(h, r, d, self);
	}
	details(h, r, d);
	HTML_LIT(h, "<h2 id=\"file\">");
	html_tr(h, "File");
	HTML_LIT(h, "</h2><p>");
	if (d->file_id) {
		HTML_LIT(h, "<a href=\"");
		html_attr(h, self);
		HTML_LIT(h, "/file\" download>");
		html_text(h, d->file_name);
		HTML_LIT(h, "</a>");
	} else {
		html_tr(h, "No file attached.");
	}
	HTML_LIT(h, "</p>");
	page_end(r, h);
	return 0;
}

int page_governing_document_read(struct req *r)
{
	struct governing_document d;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = governing_document_get_to_read(db, r->arena, r->auth, req_arg_id(r, 0), &d, &r->err)))
		return rc;
	return read_page(r, &d, NULL);
}

int page_governing_document_read_file(struct req *r)
{
	struct governing_document d;
	struct governing_document_download f;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = governing_document_get_to_read(db, r->arena, r->auth, req_arg_id(r, 0), &d, &r->err)) ||
	    (rc = governing_document_download(db, r->arena, &d, &f, &r->err)))
		return rc;
	resp_file(r, f.data, f.len, f.content_type, f.ascii_name);
	return 0;
}

int page_governing_document_read_confirm(struct req *r)
{
	struct governing_document d;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = governing_document_get_to_read(db, r->arena, r->auth, req_arg_id(r, 0), &d, &r->err)))
		return rc;
	rc = governing_document_acknowledge(db, r->arena, r->auth, &d, &e);
	if (!rc)
		return resp_redirect(r,
				     arena_printf(r->arena, "/governing-documents/read/%" PRId64 "?msg=saved", d.id));
	if (rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	r->resp.status = 400;
	return read_page(r, &d, &e);
}
