/*
 * page_requirements.c - the requirements library, requirement fulfilment
 * per asset, the procurement appendix, and tracked actions.
 *
 * The library list filters by category, NIS2 point and text; its pages and
 * forms follow page_units.c (version in the form, the other person's version
 * shown after a conflict, the user's input kept). The CSV import takes a
 * file or pasted text, and a dry run lists every problem with its line and
 * column before anything is changed.
 *
 * An asset's requirements page lists, by category, the requirements that
 * apply to its current classification with their fulfilment; each one has a
 * page of its own with the assessment form (one requirement at a time keeps
 * the form short, its errors and conflicts local, and works the same with a
 * keyboard and a screen reader) and, when it is not fulfilled, the button
 * that makes it an action.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "domain/action.h"
#include "domain/asset.h"
#include "domain/req_xlsx.h"
#include "domain/requirement.h"
#include "web/layout.h"
#include "web/page_requirements.h"

static const char *const aspect_labels[4] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
					      N_("Traceability") };

/* --- shared bits --------------------------------------------------------- */

static void h1(struct html *h, const char *msgid)
{
	HTML_LIT(h, "<h1>");
	html_tr(h, msgid);
	HTML_LIT(h, "</h1>");
}

static void para_tr(struct html *h, const char *msgid)
{
	HTML_LIT(h, "<p>");
	html_tr(h, msgid);
	HTML_LIT(h, "</p>");
}

/* Text with its line breaks kept (CSS white-space), escaped. */
static void long_text(struct html *h, const char *s)
{
	HTML_LIT(h, "<p class=\"pre-line\">");
	html_text(h, s);
	HTML_LIT(h, "</p>");
}

/* "Confidentiality ≥ 2 or integrity ≥ 3", or "Every classified asset". */
static void applies_when(struct html *h, const struct requirement *q)
{
	int64_t mins[4] = { q->min_c, q->min_i, q->min_a, q->min_t };
	bool any = false;
	for (int k = 0; k < 4; k++) {
		if (mins[k] < 0)
			continue;
		if (any) {
			HTML_LIT(h, " ");
			html_tr(h, "or");
			HTML_LIT(h, " ");
		}
		html_tr(h, aspect_labels[k]);
		HTML_LIT(h, " ≥ ");
		html_int(h, mins[k]);
		any = true;
	}
	if (!any)
		html_tr(h, "Every classified asset");
}

static void nis2_cell(struct html *h, const char *p)
{
	if (p && *p) {
		HTML_LIT(h, "<abbr title=\"");
		html_attr(h, tr(h->lang, req_nis2_label(p)));
		HTML_LIT(h, "\">");
		html_text(h, p);
		HTML_LIT(h, "</abbr>");
	} else {
		HTML_LIT(h, "–");
	}
}

static void link_requirement(struct html *h, const struct requirement *q)
{
	HTML_LIT(h, "<a href=\"/requirements/");
	html_int(h, q->id);
	HTML_LIT(h, "\">");
	html_text(h, q->title);
	HTML_LIT(h, "</a>");
}

static void link_asset_to(struct html *h, int64_t id, const char *name)
{
	HTML_LIT(h, "<a href=\"/assets/");
	html_int(h, id);
	HTML_LIT(h, "\">");
	html_text(h, name);
	HTML_LIT(h, "</a>");
}

static void link_action(struct html *h, int64_t id, const char *title)
{
	HTML_LIT(h, "<a href=\"/actions/");
	html_int(h, id);
	HTML_LIT(h, "\">");
	html_text(h, title);
	HTML_LIT(h, "</a>");
}

/* Form fields read once; NULL when absent. */
static bool form_flag(struct req *r, const char *name)
{
	const char *s = req_form(r, name);
	return s && (!strcmp(s, "1") || !strcmp(s, "on") || !strcmp(s, "true"));
}

static int64_t level_field(struct req *r, const char *name)
{
	const char *s = req_form(r, name);
	int64_t v;
	if (!s || !*s)
		return -1;
	/* Off the scale is kept and refused by the domain check, naming the field. */
	return str_to_i64(s, &v) && v >= 0 ? v : 99;
}

/* --- the library ----------------------------------------------------------- */

static const char *const active_values[3] = { "1", "0", "all" };
static const char *const active_labels[3] = { N_("Active requirements"), N_("Inactive requirements"),
					      N_("All requirements") };

/* A select whose first option is "" = @all_label, then @values with labels @labels (message ids). */
static void filter_select(struct html *h, struct req *r, const char *name, const char *label, const char *all_label,
			  const char *const *values, const char *const *labels, size_t n, const char *selected)
{
	const char **v = arena_calloc(r->arena, n + 1, sizeof(char *));
	const char **l = arena_calloc(r->arena, n + 1, sizeof(char *));
	v[0] = "";
	l[0] = all_label;
	for (size_t i = 0; i < n; i++) {
		v[i + 1] = values[i];
		l[i + 1] = labels[i];
	}
	form_select(h, r, name, label, v, l, n + 1, selected ? selected : "", true, NULL);
}

int page_requirements(struct req *r)
{
	struct requirement_filter f = { .active = 1, .limit = 500 };
	struct requirement *q;
	size_t n;
	int64_t total;
	const char *active = req_query(r, "active");
	bool admin = authz_global(r->auth, ACCESS_ADMIN);
	const char *cur_cat = NULL;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	f.category = req_query(r, "category");
	f.nis2 = req_query(r, "nis2");
	f.q = req_query(r, "q");
	if (f.category && !*f.category)
		f.category = NULL;
	if (f.nis2 && !*f.nis2)
		f.nis2 = NULL;
	if (f.q && !*f.q)
		f.q = NULL;
	if (active && !strcmp(active, "0"))
		f.active = 0;
	else if (active && !strcmp(active, "all"))
		f.active = -1;
	if ((rc = requirement_list(db, r->arena, &f, &q, &n, &total, &r->err)))
		return rc;

	h = page_begin(r, tr(r->lang, "Requirements library"));
	h1(h, N_("Requirements library"));
	page_flash(h, r);
	para_tr(h,
		N_("The requirements that follow from an information classification. A requirement applies to a "
		   "classified asset when any of its aspects reaches the level given; level 4 always needs a separate "
		   "analysis."));
	if (admin) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/requirements/new\">");
		html_tr(h, "New requirement");
		HTML_LIT(h, "</a> <a class=\"button\" href=\"/requirements/import\">");
		html_tr(h, "Import from CSV");
		HTML_LIT(h, "</a> <a class=\"button\" href=\"/requirements/export.csv\">");
		html_tr(h, "Download as CSV");
		HTML_LIT(h, "</a></p>");
	}
	HTML_LIT(h, "<form class=\"search\" method=\"get\" action=\"/requirements\" role=\"search\">");
	filter_select(h, r, "category", N_("Category"), N_("All categories"), req_categories, req_category_labels,
		      REQ_CATEGORY_COUNT, f.category);
	filter_select(h, r, "nis2", N_("NIS2 Art. 21(2)"), N_("All points"), req_nis2_points, req_nis2_labels,
		      REQ_NIS2_COUNT, f.nis2);
	form_input(h, r, "search", "q", "Search code, title or text", f.q, false, NULL, NULL);
	if (admin)
		form_select(h, r, "active", "Show", active_values, active_labels, 3,
			    f.active == 0  ? "0"
			    : f.active < 0 ? "all"
					   : "1",
			    true, NULL);
	form_submit(h, "Filter", true);
	HTML_LIT(h, "</form>");

	HTML_LIT(h, "<p role=\"status\">");
	html_textf(h, "%" PRId64 " ", total);
	html_tr(h, total == 1 ? N_("requirement") : N_("requirements"));
	HTML_LIT(h, "</p>");
	if (n == 0) {
		para_tr(h, N_("No requirement matches the filter."));
		page_end(r, h);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!cur_cat || strcmp(cur_cat, q[i].category)) {
			if (cur_cat)
				HTML_LIT(h, "</tbody></table></section>");
			cur_cat = q[i].category;
			HTML_LIT(h, "<section><h2>");
			html_tr(h, req_category_label(cur_cat));
			HTML_LIT(h, "</h2><table><caption class=\"sr-only\">");
			html_tr(h, req_category_label(cur_cat));
			HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
			html_tr(h, "Code");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Requirement");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Applies when");
			HTML_LIT(h, "</th><th scope=\"col\">NIS2</th></tr></thead><tbody>");
		}
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, q[i].code);
		HTML_LIT(h, "</th><td>");
		link_requirement(h, &q[i]);
		if (!q[i].active) {
			HTML_LIT(h, " <span class=\"kind\">(");
			html_tr(h, "inactive");
			HTML_LIT(h, ")</span>");
		}
		HTML_LIT(h, "</td><td>");
		applies_when(h, &q[i]);
		HTML_LIT(h, "</td><td>");
		nis2_cell(h, q[i].nis2);
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table></section>");
	page_end(r, h);
	return 0;
}

int page_requirements_csv(struct req *r)
{
	size_t len;
	const char *csv;
	struct db *db = req_db(r);

	if (!db)
		return r->err.code;
	if (!(csv = requirement_export_csv(db, r->arena, &len, &r->err)))
		return r->err.code ? r->err.code : ERR_DB;
	r->resp.content_type = "text/csv; charset=utf-8";
	resp_header(r, "Content-Disposition", "attachment; filename=\"kravbibliotek.csv\"");
	buf_add(&r->resp.body, csv, len);
	return 0;
}

static void requirement_details(struct html *h, const struct requirement *q)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Code", q->code);
	detail_row(h, "Category", tr(h->lang, req_category_label(q->category)));
	detail_row(h, "NIS2 Art. 21(2)", q->nis2 && *q->nis2 ? tr(h->lang, req_nis2_label(q->nis2)) : NULL);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Applies when");
	HTML_LIT(h, "</dt><dd>");
	applies_when(h, q);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Status", tr(h->lang, q->active ? N_("Active") : N_("Inactive")));
	time_row(h, N_("Last changed"), q->updated_at);
	HTML_LIT(h, "</dl>");
}

int page_requirement(struct req *r)
{
	struct requirement q;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = requirement_ensure_default(db, r->arena, &r->err)) ||
	    (rc = requirement_get(db, r->arena, req_arg_id(r, 0), &q, &r->err)))
		return rc;
	h = page_begin(r, q.title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/requirements\">");
	html_tr(h, "Requirements library");
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, q.code);
	HTML_LIT(h, " ");
	html_text(h, q.title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	long_text(h, q.text);
	requirement_details(h, &q);
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		HTML_LIT(h, "<div class=\"actions\"><a class=\"button\" href=\"/requirements/");
		html_int(h, q.id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a>");
		form_open(h, r, arena_printf(r->arena, "/requirements/%" PRId64 "/deactivate", q.id));
		form_hidden_int(h, "version", q.version);
		if (q.active) {
			form_submit(h, "Deactivate", true);
		} else {
			form_hidden(h, "active", "1");
			form_submit(h, "Reactivate", true);
		}
		form_close(h);
		HTML_LIT(h, "</div>");
	}
	page_end(r, h);
	return 0;
}

static const char *const level_values[REQ_LEVEL_MAX + 2] = { "", "0", "1", "2", "3", "4" };

static void level_select(struct html *h, struct req *r, const char *name, const char *label, int64_t value,
			 const struct err *e)
{
	const char *labels[REQ_LEVEL_MAX + 2];
	const char *sel = value >= 0 && value <= REQ_LEVEL_MAX ? level_values[value + 1] : "";
	labels[0] = tr(r->lang, "No minimum");
	for (int k = 0; k <= REQ_LEVEL_MAX; k++) {
		const char *name_k = asset_national_level(k);
		labels[k + 1] = name_k ? arena_printf(r->arena, "%d – %s", k, tr(r->lang, name_k))
				       : arena_printf(r->arena, "%d", k);
	}
	form_select(h, r, name, label, level_values, labels, REQ_LEVEL_MAX + 2, sel, false, e);
}

static void requirement_form(struct html *h, struct req *r, const char *action, const struct requirement_input *in,
			     int64_t version, bool creating, const struct err *e)
{
	const char *nis2_values[REQ_NIS2_COUNT + 1], *nis2_labels[REQ_NIS2_COUNT + 1];
	nis2_values[0] = "";
	nis2_labels[0] = N_("None");
	for (int k = 0; k < REQ_NIS2_COUNT; k++) {
		nis2_values[k + 1] = req_nis2_points[k];
		nis2_labels[k + 1] = req_nis2_labels[k];
	}
	form_open(h, r, action);
	if (!creating)
		form_hidden_int(h, "version", version);
	form_text(h, r, "code", "Code", in->code, true, e);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_textarea(h, r, "text", "Requirement text", in->text, e);
	form_select(h, r, "category", "Category", req_categories, req_category_labels, REQ_CATEGORY_COUNT, in->category,
		    true, e);
	form_select(h, r, "nis2", "NIS2 Art. 21(2)", nis2_values, nis2_labels, REQ_NIS2_COUNT + 1, in->nis2, true, e);
	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, "Applies when any of these levels is reached");
	HTML_LIT(h, "</legend><p class=\"hint\">");
	html_tr(h, "Leave every aspect without a minimum for a requirement that applies to every classified asset.");
	HTML_LIT(h, "</p>");
	level_select(h, r, "min_c", N_("Confidentiality from level"), in->min_c, e);
	level_select(h, r, "min_i", N_("Integrity from level"), in->min_i, e);
	level_select(h, r, "min_a", N_("Availability from level"), in->min_a, e);
	level_select(h, r, "min_t", N_("Traceability from level"), in->min_t, e);
	HTML_LIT(h, "</fieldset>");
	form_checkbox(h, r, "active", "Active (part of the library)", in->active);
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
}

static struct requirement_input input_from_form(struct req *r)
{
	struct requirement_input in = { 0 };
	in.code = req_form(r, "code");
	in.title = req_form(r, "title");
	in.text = req_form(r, "text");
	in.category = req_form(r, "category");
	in.nis2 = req_form(r, "nis2");
	in.min_c = level_field(r, "min_c");
	in.min_i = level_field(r, "min_i");
	in.min_a = level_field(r, "min_a");
	in.min_t = level_field(r, "min_t");
	in.active = form_flag(r, "active");
	return in;
}

static int new_form(struct req *r, const struct requirement_input *in, const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, "New requirement"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/requirements\">");
	html_tr(h, "Requirements library");
	HTML_LIT(h, "</a></p>");
	h1(h, N_("New requirement"));
	form_errors(h, r, e);
	requirement_form(h, r, "/requirements", in, 0, true, e);
	page_end(r, h);
	return 0;
}

int page_requirement_new(struct req *r)
{
	struct requirement_input in = { .min_c = -1, .min_i = -1, .min_a = -1, .min_t = -1, .active = true };
	in.category = req_categories[0];
	return new_form(r, &in, NULL);
}

int page_requirement_create(struct req *r)
{
	struct requirement_input in = input_from_form(r);
	struct err e = { 0 };
	struct db *db = req_db(r);
	int64_t id;
	int rc;

	if (!db)
		return r->err.code;
	rc = requirement_create(db, r->arena, r->auth, &in, &id, &e);
	if (rc == ERR_INVALID || rc == ERR_EXISTS) {
		r->resp.status = 400;
		return new_form(r, &in, &e);
	}
	if (rc) {
		r->err = e;
		return rc;
	}
	return resp_redirect(r, arena_printf(r->arena, "/requirements/%" PRId64 "?msg=created", id));
}

static void theirs_requirement(struct html *h, const struct requirement *cur)
{
	HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h2 id=\"theirs-h\">");
	html_tr(h, "The version saved by someone else");
	HTML_LIT(h, "</h2><dl class=\"details\">");
	detail_row(h, "Code", cur->code);
	detail_row(h, "Title", cur->title);
	detail_row(h, "Requirement text", cur->text);
	HTML_LIT(h, "</dl>");
	requirement_details(h, cur);
	HTML_LIT(h, "</section>");
}

static int edit_form(struct req *r, const struct requirement *q, const struct requirement_input *in, int64_t version,
		     const struct err *e, const struct requirement *cur)
{
	struct html *h = page_begin(r, tr(r->lang, "Edit requirement"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/requirements\">");
	html_tr(h, "Requirements library");
	HTML_LIT(h, "</a> › ");
	link_requirement(h, q);
	HTML_LIT(h, "</p>");
	h1(h, N_("Edit requirement"));
	form_errors(h, r, e);
	if (cur)
		theirs_requirement(h, cur);
	requirement_form(h, r, arena_printf(r->arena, "/requirements/%" PRId64 "/edit", q->id), in, version, false, e);
	page_end(r, h);
	return 0;
}

static struct requirement_input input_of(const struct requirement *q)
{
	struct requirement_input in = { q->code,  q->title, q->text,  q->category, q->min_c,
					q->min_i, q->min_a, q->min_t, q->nis2,     q->active };
	return in;
}

int page_requirement_edit(struct req *r)
{
	struct requirement q;
	struct requirement_input in;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = requirement_get(db, r->arena, req_arg_id(r, 0), &q, &r->err)))
		return rc;
	in = input_of(&q);
	return edit_form(r, &q, &in, q.version, NULL, NULL);
}

int page_requirement_update(struct req *r)
{
	struct requirement_input in = input_from_form(r);
	struct requirement cur = { 0 }, q;
	struct err e = { 0 };
	int64_t version = form_int(r, "version", -1);
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = requirement_update(db, r->arena, r->auth, req_arg_id(r, 0), version, &in, &cur, &e);
	if (rc == 0)
		return resp_redirect(r,
				     arena_printf(r->arena, "/requirements/%" PRId64 "?msg=saved", req_arg_id(r, 0)));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT && rc != ERR_EXISTS) {
		r->err = e;
		return rc;
	}
	if (rc == ERR_CONFLICT)
		q = cur;
	else if (requirement_get(db, r->arena, req_arg_id(r, 0), &q, &r->err))
		return r->err.code;
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	return edit_form(r, &q, &in, rc == ERR_CONFLICT ? cur.version : version, &e, rc == ERR_CONFLICT ? &cur : NULL);
}

int page_requirement_deactivate(struct req *r)
{
	struct requirement cur = { 0 };
	struct err e = { 0 };
	int64_t version = form_int(r, "version", -1);
	bool active = form_flag(r, "active");
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = requirement_set_active(db, r->arena, r->auth, req_arg_id(r, 0), version, active, &cur, &e);
	if (rc == ERR_CONFLICT && cur.id) {
		struct requirement_input in = input_of(&cur);
		r->resp.status = 409;
		return edit_form(r, &cur, &in, cur.version, &e, &cur);
	}
	if (rc) {
		r->err = e;
		return rc;
	}
	return resp_redirect(r, arena_printf(r->arena, "/requirements/%" PRId64 "?msg=saved", req_arg_id(r, 0)));
}

/* --- import ------------------------------------------------------------------- */

static void import_form(struct html *h, struct req *r, const char *pasted, bool dry_run)
{
	HTML_LIT(h, "<form method=\"post\" action=\"/requirements/import\" enctype=\"multipart/form-data\">");
	if (r->auth && r->auth->csrf)
		form_hidden(h, "csrf", r->auth->csrf);
	HTML_LIT(h, "<div class=\"field\"><label for=\"f-file\">");
	html_tr(h, "CSV file");
	HTML_LIT(h, "</label><input type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,text/csv\"></div>");
	form_textarea(h, r, "csv", "Or paste the CSV text here", pasted, NULL);
	form_checkbox(h, r, "dry_run", "Only check the file; import nothing (dry run)", dry_run);
	form_submit(h, "Check or import", false);
	form_close(h);
}

static void import_intro(struct html *h)
{
	para_tr(h,
		N_("The first line names the columns: code, title, text, category, min_c, min_i, min_a, min_t, nis2 "
		   "(and optionally active, 1 or 0). A level is a number from 0 to 4, or empty for no minimum; nis2 is a "
		   "letter from a to j. The category may be written as its key (access_control) or its name. Comma or "
		   "semicolon separated, UTF-8 or Windows-1252."));
	para_tr(h,
		N_("Codes already in the library are updated; new codes are added. Nothing is imported unless every row "
		   "is valid."));
}

int page_requirements_import_form(struct req *r)
{
	struct html *h = page_begin(r, tr(r->lang, "Import requirements"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/requirements\">");
	html_tr(h, "Requirements library");
	HTML_LIT(h, "</a></p>");
	h1(h, N_("Import requirements"));
	import_intro(h);
	import_form(h, r, NULL, true);
	page_end(r, h);
	return 0;
}

static void import_counts(struct html *h, const struct reqimport_result *res)
{
	HTML_LIT(h, "<ul><li>");
	html_tr(h, "Rows");
	HTML_LIT(h, ": ");
	html_int(h, (int64_t)res->n_rows);
	HTML_LIT(h, "</li><li>");
	html_tr(h, "New requirements");
	HTML_LIT(h, ": ");
	html_int(h, (int64_t)res->n_new);
	HTML_LIT(h, "</li><li>");
	html_tr(h, "Changed requirements");
	HTML_LIT(h, ": ");
	html_int(h, (int64_t)res->n_changed);
	HTML_LIT(h, "</li><li>");
	html_tr(h, "Unchanged");
	HTML_LIT(h, ": ");
	html_int(h, (int64_t)res->n_same);
	HTML_LIT(h, "</li></ul>");
}

int page_requirements_import(struct req *r)
{
	struct reqimport_result res;
	struct err e = { 0 };
	const char *data = NULL, *pasted = req_form(r, "csv");
	size_t len = 0;
	bool dry_run = form_flag(r, "dry_run");
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	for (size_t i = 0; i < r->n_form; i++) {
		if (!strcmp(r->form[i].key, "file") && r->form[i].len) {
			data = r->form[i].val;
			len = r->form[i].len;
		}
	}
	if (!data && pasted && *pasted) {
		data = pasted;
		len = strlen(pasted);
	}
	if (!data) {
		err_set(&e, ERR_INVALID, "csv", N_("Choose a CSV file or paste the CSV text."));
		h = page_begin(r, tr(r->lang, "Import requirements"));
		h1(h, N_("Import requirements"));
		form_errors(h, r, &e);
		import_form(h, r, NULL, dry_run);
		page_end(r, h);
		r->resp.status = 400;
		return 0;
	}
	rc = requirement_import(db, r->arena, r->auth, data, len, dry_run, &res, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Import requirements"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/requirements\">");
	html_tr(h, "Requirements library");
	HTML_LIT(h, "</a></p>");
	h1(h, N_("Import requirements"));
	if (rc == ERR_INVALID) {
		r->resp.status = 400;
		HTML_LIT(h, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
		html_tr(h, "Nothing was imported");
		HTML_LIT(h, "</h2><p>");
		html_tr(h, "Correct the problems below in the file and try again.");
		HTML_LIT(h, "</p></div><table><caption>");
		html_tr(h, "Problems in the file");
		HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
		html_tr(h, "Line");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Column");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Problem");
		HTML_LIT(h, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < res.n_problems; i++) {
			HTML_LIT(h, "<tr><td>");
			if (res.problems[i].line)
				html_int(h, (int64_t)res.problems[i].line);
			else
				HTML_LIT(h, "–");
			HTML_LIT(h, "</td><td>");
			html_text(h, res.problems[i].field);
			HTML_LIT(h, "</td><td>");
			html_text(h, err_message(&res.problems[i].err, r->lang, r->arena));
			HTML_LIT(h, "</td></tr>");
		}
		HTML_LIT(h, "</tbody></table>");
	} else if (dry_run) {
		HTML_LIT(h, "<div class=\"flash\" role=\"status\"><p>");
		html_tr(h, "The file is valid. Nothing has been imported yet.");
		HTML_LIT(h, "</p>");
		import_counts(h, &res);
		HTML_LIT(h, "</div>");
	} else {
		HTML_LIT(h, "<div class=\"flash\" role=\"status\"><p>");
		html_tr(h, "The requirements have been imported.");
		HTML_LIT(h, "</p>");
		import_counts(h, &res);
		HTML_LIT(h, "</div><p><a href=\"/requirements\">");
		html_tr(h, "Back to the library");
		HTML_LIT(h, "</a></p>");
		page_end(r, h);
		return 0;
	}
	import_intro(h);
	/* Pasted text comes back so that "import" after a clean dry run is one click. */
	import_form(h, r, pasted, rc == ERR_INVALID);
	page_end(r, h);
	return 0;
}

/* --- one asset's requirements ---------------------------------------------------- */

static void levels_table(struct html *h, const struct asset *as)
{
	int64_t lv[4] = { as->c_level, as->i_level, as->a_level, as->t_level };
	HTML_LIT(h, "<table class=\"levels\"><caption>");
	html_tr(h, "Classification");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Aspect");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Level");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (int k = 0; k < 4; k++) {
		if (lv[k] < 0)
			continue;
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_tr(h, aspect_labels[k]);
		HTML_LIT(h, "</th><td>");
		html_int(h, lv[k]);
		if (asset_national_level(lv[k])) {
			HTML_LIT(h, " – ");
			html_tr(h, asset_national_level(lv[k]));
		}
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
}

static void separate_analysis_note(struct html *h, const struct asset *as)
{
	struct req_levels lv = req_levels_of(as);
	if (!req_levels_need_separate_analysis(&lv))
		return;
	HTML_LIT(h, "<div class=\"notice\" role=\"note\"><p><strong>");
	html_tr(h, "Level 4 needs a separate analysis.");
	HTML_LIT(h, "</strong> ");
	html_tr(h, "At least one aspect is classified at level 4 (extremely serious harm). The requirements listed are "
		   "those of the lower levels; they are not enough on their own, and the protection must be decided in "
		   "a separate analysis.");
	HTML_LIT(h, "</p></div>");
}

static void asset_crumbs(struct html *h, const struct asset *as, bool to_list)
{
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/assets\">");
	html_tr(h, "Assets");
	HTML_LIT(h, "</a> › ");
	link_asset_to(h, as->id, as->name);
	if (to_list) {
		HTML_LIT(h, " › <a href=\"/assets/");
		html_int(h, as->id);
		HTML_LIT(h, "/requirements\">");
		html_tr(h, "Requirements");
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "</p>");
}

static void not_classified(struct html *h, const struct asset *as)
{
	HTML_LIT(h, "<p class=\"notice\">");
	html_tr(h, "The asset must be classified before its requirements can be listed.");
	HTML_LIT(h, " <a href=\"/assets/");
	html_int(h, as->id);
	HTML_LIT(h, "/classification\">");
	html_tr(h, "Classify the asset");
	HTML_LIT(h, "</a></p>");
}

static void status_summary(struct html *h, const struct asset_requirement *ar, size_t n)
{
	size_t count[REQ_STATUS_COUNT] = { 0 };
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < REQ_STATUS_COUNT; k++)
			if (!strcmp(ar[i].status, req_statuses[k]))
				count[k]++;
	HTML_LIT(h, "<ul class=\"summary\">");
	for (int k = 1; k <= REQ_STATUS_COUNT; k++) {
		int s = k % REQ_STATUS_COUNT; /* "not assessed" last */
		HTML_LIT(h, "<li>");
		html_tr(h, req_status_labels[s]);
		HTML_LIT(h, ": ");
		html_int(h, (int64_t)count[s]);
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
}

int page_asset_requirements(struct req *r)
{
	struct asset as;
	struct asset_requirement *ar;
	size_t n;
	const char *cur_cat = NULL;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = asset_requirement_list(db, r->arena, as.id, &ar, &n, &r->err)))
		return rc;
	h = page_begin(r, arena_printf(r->arena, "%s – %s", tr(r->lang, "Requirements"), as.name));
	asset_crumbs(h, &as, false);
	HTML_LIT(h, "<h1>");
	html_tr(h, "Requirements");
	HTML_LIT(h, ": ");
	html_text(h, as.name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (!as.classification_id) {
		not_classified(h, &as);
		page_end(r, h);
		return 0;
	}
	levels_table(h, &as);
	separate_analysis_note(h, &as);
	HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/assets/");
	html_int(h, as.id);
	HTML_LIT(h, "/requirements/appendix\">");
	html_tr(h, "Procurement appendix");
	HTML_LIT(h, "</a> <a class=\"button\" href=\"/assets/");
	html_int(h, as.id);
	HTML_LIT(h, "/requirements/appendix.xlsx\">");
	html_tr(h, "Procurement appendix (XLSX)");
	HTML_LIT(h, "</a></p>");
	if (n == 0) {
		para_tr(h, N_("No requirement in the library applies to this classification."));
		page_end(r, h);
		return 0;
	}
	status_summary(h, ar, n);
	for (size_t i = 0; i < n; i++) {
		const struct requirement *q = &ar[i].req;
		if (!cur_cat || strcmp(cur_cat, q->category)) {
			if (cur_cat)
				HTML_LIT(h, "</tbody></table></section>");
			cur_cat = q->category;
			HTML_LIT(h, "<section><h2>");
			html_tr(h, req_category_label(cur_cat));
			HTML_LIT(h, "</h2><table><caption class=\"sr-only\">");
			html_tr(h, req_category_label(cur_cat));
			HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
			html_tr(h, "Code");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Requirement");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Fulfilment");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Comment");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Evidence");
			HTML_LIT(h, "</th><th scope=\"col\">");
			html_tr(h, "Action");
			HTML_LIT(h, "</th></tr></thead><tbody>");
		}
		HTML_LIT(h, "<tr id=\"req-");
		html_int(h, q->id);
		HTML_LIT(h, "\"><th scope=\"row\">");
		html_text(h, q->code);
		HTML_LIT(h, "</th><td><a href=\"/assets/");
		html_int(h, as.id);
		HTML_LIT(h, "/requirements/");
		html_int(h, q->id);
		HTML_LIT(h, "\">");
		html_text(h, q->title);
		HTML_LIT(h, "</a></td><td class=\"status-");
		html_attr(h, *ar[i].status ? ar[i].status : "none");
		HTML_LIT(h, "\">");
		html_tr(h, req_status_label(ar[i].status));
		HTML_LIT(h, "</td><td>");
		html_text(h, ar[i].comment);
		HTML_LIT(h, "</td><td>");
		if (*ar[i].evidence_url) {
			HTML_LIT(h, "<a rel=\"noopener noreferrer\" href=\"");
			html_attr(h, ar[i].evidence_url);
			HTML_LIT(h, "\">");
			html_tr(h, "Evidence");
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_text(h, q->code);
			HTML_LIT(h, "</span></a>");
		}
		HTML_LIT(h, "</td><td>");
		if (ar[i].action_id) {
			link_action(h, ar[i].action_id, ar[i].action_title);
			HTML_LIT(h, " (");
			html_tr(h, action_status_label(ar[i].action_status));
			HTML_LIT(h, ")");
		}
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table></section>");
	page_end(r, h);
	return 0;
}

static void assessment_details(struct html *h, const struct asset_requirement *ar)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Fulfilment", tr(h->lang, req_status_label(ar->status)));
	detail_row(h, "Comment", ar->comment);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Evidence");
	HTML_LIT(h, "</dt><dd>");
	if (ar->evidence_url && *ar->evidence_url) {
		HTML_LIT(h, "<a rel=\"noopener noreferrer\" href=\"");
		html_attr(h, ar->evidence_url);
		HTML_LIT(h, "\">");
		html_text(h, ar->evidence_url);
		HTML_LIT(h, "</a>");
	} else {
		HTML_LIT(h, "–");
	}
	HTML_LIT(h, "</dd>");
	detail_row(h, "Assessed by", ar->updated_by_name);
	time_row(h, N_("Last changed"), ar->updated_at);
	HTML_LIT(h, "</dl>");
}

static int assessment_page(struct req *r, const struct asset *as, const struct asset_requirement *ar,
			   const struct asset_requirement_input *in, int64_t version, const struct err *e,
			   const struct asset_requirement *cur)
{
	const struct requirement *q = &ar->req;
	struct req_levels lv = req_levels_of(as);
	bool applies = requirement_applies(q, &lv);
	bool may_edit = asset_can_edit(r->auth, as);
	struct html *h = page_begin(r, arena_printf(r->arena, "%s %s – %s", q->code, q->title, as->name));

	asset_crumbs(h, as, true);
	HTML_LIT(h, "<h1>");
	html_text(h, q->code);
	HTML_LIT(h, " ");
	html_text(h, q->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	long_text(h, q->text);
	requirement_details(h, q);
	if (!applies) {
		HTML_LIT(h, "<p class=\"notice\">");
		html_tr(h, as->classification_id
				   ? N_("The requirement does not apply to the asset's current classification.")
				   : N_("The asset must be classified before its requirements can be listed."));
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Assessment");
	HTML_LIT(h, "</h2>");
	if (!cur)
		assessment_details(h, ar);
	else {
		HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h2 id=\"theirs-h\">");
		html_tr(h, "The version saved by someone else");
		HTML_LIT(h, "</h2>");
		assessment_details(h, cur);
		HTML_LIT(h, "</section>");
	}
	if (applies && may_edit) {
		const char *status_labels[REQ_STATUS_COUNT];
		for (int k = 0; k < REQ_STATUS_COUNT; k++)
			status_labels[k] = req_status_labels[k];
		HTML_LIT(h, "<h2>");
		html_tr(h, "Assess the requirement");
		HTML_LIT(h, "</h2>");
		form_open(h, r, arena_printf(r->arena, "/assets/%" PRId64 "/requirements/%" PRId64, as->id, q->id));
		form_hidden_int(h, "version", version);
		form_select(h, r, "status", "Fulfilment", req_statuses, status_labels, REQ_STATUS_COUNT, in->status,
			    true, e);
		form_textarea(h, r, "comment", "Comment", in->comment, e);
		form_input(h, r, "url", "evidence_url", "Evidence (link to a document or page)", in->evidence_url,
			   false, NULL, e);
		form_submit(h, "Save", false);
		form_close(h);
	}
	HTML_LIT(h, "<h2>");
	html_tr(h, "Action");
	HTML_LIT(h, "</h2>");
	if (ar->action_id) {
		HTML_LIT(h, "<p>");
		link_action(h, ar->action_id, ar->action_title);
		HTML_LIT(h, " (");
		html_tr(h, action_status_label(ar->action_status));
		HTML_LIT(h, ")</p>");
	} else if (!strcmp(ar->status, "not_fulfilled") || !strcmp(ar->status, "partial")) {
		if (may_edit && applies) {
			para_tr(h, N_("Make the requirement a tracked action, responsible the asset's owner."));
			form_open(h, r,
				  arena_printf(r->arena, "/assets/%" PRId64 "/requirements/%" PRId64 "/action", as->id,
					       q->id));
			form_submit(h, "Create action", false);
			form_close(h);
		} else {
			para_tr(h, N_("No action has been created."));
		}
	} else {
		para_tr(h,
			N_("An action can be created when the requirement is assessed as not fulfilled or partly fulfilled."));
	}
	page_end(r, h);
	return 0;
}

int page_asset_requirement(struct req *r)
{
	struct asset as;
	struct asset_requirement ar;
	struct asset_requirement_input in;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = asset_requirement_get(db, r->arena, as.id, req_arg_id(r, 1), &ar, &r->err)))
		return rc;
	in = (struct asset_requirement_input){ ar.status, ar.comment, ar.evidence_url };
	return assessment_page(r, &as, &ar, &in, ar.version, NULL, NULL);
}

int page_asset_requirement_save(struct req *r)
{
	struct asset as;
	struct asset_requirement ar, cur = { 0 };
	struct asset_requirement_input in = { req_form(r, "status"), req_form(r, "comment"),
					      req_form(r, "evidence_url") };
	struct err e = { 0 };
	int64_t version = form_int(r, "version", -1);
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)))
		return rc;
	rc = asset_requirement_set(db, r->arena, r->auth, as.id, req_arg_id(r, 1), version, &in, &cur, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/assets/%" PRId64 "/requirements/%" PRId64 "?msg=saved",
						     as.id, req_arg_id(r, 1)));
	if (rc == ERR_NOTFOUND || (rc != ERR_INVALID && rc != ERR_CONFLICT)) {
		r->err = e;
		return rc;
	}
	if ((rc == ERR_CONFLICT && cur.req.id)
		    ? (ar = cur, 0)
		    : asset_requirement_get(db, r->arena, as.id, req_arg_id(r, 1), &ar, &r->err))
		return r->err.code;
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	if (!in.status)
		in.status = "";
	return assessment_page(r, &as, &ar, &in, rc == ERR_CONFLICT ? ar.version : version, &e,
			       rc == ERR_CONFLICT ? &cur : NULL);
}

int page_asset_requirement_action(struct req *r)
{
	struct asset as;
	struct asset_requirement ar;
	struct asset_requirement_input in;
	struct err e = { 0 };
	int64_t id;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)))
		return rc;
	rc = action_create_from_requirement(db, r->arena, r->auth, r->lang, as.id, req_arg_id(r, 1), &id, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/actions/%" PRId64 "?msg=created", id));
	if (rc != ERR_INVALID && rc != ERR_EXISTS && rc != ERR_CONFLICT) {
		r->err = e;
		return rc;
	}
	if (asset_requirement_get(db, r->arena, as.id, req_arg_id(r, 1), &ar, &r->err))
		return r->err.code;
	in = (struct asset_requirement_input){ ar.status, ar.comment, ar.evidence_url };
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	return assessment_page(r, &as, &ar, &in, ar.version, &e, NULL);
}

/* --- the procurement appendix ---------------------------------------------------- */

int page_asset_requirements_appendix(struct req *r)
{
	struct asset as;
	struct asset_requirement *ar;
	size_t n;
	const char *cur_cat = NULL;
	struct html *h;
	struct db *db = req_db(r);
	int rc, kind;

	if (!db)
		return r->err.code;
	if ((rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = asset_requirement_list(db, r->arena, as.id, &ar, &n, &r->err)))
		return rc;
	h = page_begin(r, arena_printf(r->arena, "%s – %s", tr(r->lang, "Procurement requirements"), as.name));
	asset_crumbs(h, &as, true);
	HTML_LIT(h, "<article class=\"appendix\"><h1>");
	html_tr(h, "Procurement requirements");
	HTML_LIT(h, ": ");
	html_text(h, as.name);
	HTML_LIT(h, "</h1>");
	if (!as.classification_id) {
		not_classified(h, &as);
		HTML_LIT(h, "</article>");
		page_end(r, h);
		return 0;
	}
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Asset", as.name);
	kind = asset_enum_parse(asset_kinds, ASSET_KIND_COUNT, as.kind);
	detail_row(h, "Kind", kind >= 0 ? tr(r->lang, asset_kind_labels[kind]) : as.kind);
	detail_row(h, "Unit", as.unit_name);
	detail_row(h, "Review date", as.review_due);
	HTML_LIT(h, "</dl>");
	levels_table(h, &as);
	separate_analysis_note(h, &as);
	para_tr(h, N_("The requirements below follow from the information classification of the asset. The supplier "
		      "describes how each requirement is met."));
	if (n == 0)
		para_tr(h, N_("No requirement in the library applies to this classification."));
	for (size_t i = 0; i < n; i++) {
		const struct requirement *q = &ar[i].req;
		if (!cur_cat || strcmp(cur_cat, q->category)) {
			if (cur_cat)
				HTML_LIT(h, "</section>");
			cur_cat = q->category;
			HTML_LIT(h, "<section><h2>");
			html_tr(h, req_category_label(cur_cat));
			HTML_LIT(h, "</h2>");
		}
		HTML_LIT(h, "<h3>");
		html_text(h, q->code);
		HTML_LIT(h, " ");
		html_text(h, q->title);
		HTML_LIT(h, "</h3>");
		long_text(h, q->text);
	}
	if (cur_cat)
		HTML_LIT(h, "</section>");
	HTML_LIT(h, "</article>");
	page_end(r, h);
	return 0;
}

int page_asset_requirements_xlsx(struct req *r)
{
	struct asset as;
	struct asset_requirement *ar;
	size_t n, len;
	const char *data;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = asset_requirement_list(db, r->arena, as.id, &ar, &n, &r->err)))
		return rc;
	if (!as.classification_id)
		return err_set(&r->err, ERR_INVALID, "id",
			       N_("The asset must be classified before its requirements can be listed."));
	if ((rc = req_appendix_xlsx(r->arena, r->lang, &as, ar, n, &data, &len, &r->err)))
		return rc;
	r->resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"upphandlingskrav-%" PRId64 ".xlsx\"", as.id));
	buf_add(&r->resp.body, data, len);
	return 0;
}

/* --- actions -------------------------------------------------------------------- */

int page_actions(struct req *r)
{
	struct action_filter f = { 0 };
	struct action *ac;
	size_t n;
	int64_t total;
	const char *status = req_query(r, "status");
	struct html *h;
	struct buf base;
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	f.status = status && *status ? status : NULL;
	f.unit_id = query_int(r, "unit_id", 0);
	f.limit = query_int(r, "limit", 50);
	f.offset = query_int(r, "offset", 0);
	if (f.limit < 1 || f.limit > 500)
		f.limit = 50;
	rc = action_list(db, r->arena, &f, &ac, &n, &total, &e);
	if (rc == ERR_INVALID) {
		/* A bad filter shows the whole list with the error, rather than an error page. */
		f.status = NULL;
		f.unit_id = 0;
		rc = action_list(db, r->arena, &f, &ac, &n, &total, &r->err);
		r->resp.status = 400;
	}
	if (rc)
		return rc;
	h = page_begin(r, tr(r->lang, "Actions"));
	h1(h, N_("Actions"));
	form_errors(h, r, &e);
	HTML_LIT(h, "<form class=\"search\" method=\"get\" action=\"/actions\">");
	filter_select(h, r, "status", N_("Status"), N_("All statuses"), action_statuses, action_status_labels,
		      ACTION_STATUS_COUNT, f.status);
	if (f.unit_id)
		form_hidden_int(h, "unit_id", f.unit_id);
	form_submit(h, "Filter", true);
	HTML_LIT(h, "</form>");
	if (n == 0) {
		para_tr(h, N_("No actions."));
		page_end(r, h);
		return 0;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Action");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Status");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Responsible");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Due date");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Unit");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Asset");
	HTML_LIT(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		link_action(h, ac[i].id, ac[i].title);
		HTML_LIT(h, "</td><td>");
		html_tr(h, action_status_label(ac[i].status));
		HTML_LIT(h, "</td><td>");
		html_text(h, ac[i].responsible_name ? ac[i].responsible_name : "–");
		HTML_LIT(h, "</td><td>");
		html_text(h, ac[i].due_date ? ac[i].due_date : "–");
		HTML_LIT(h, "</td><td>");
		link_unit(h, ac[i].unit_id, ac[i].unit_name);
		HTML_LIT(h, "</td><td>");
		if (ac[i].asset_id)
			link_asset_to(h, ac[i].asset_id, ac[i].asset_name);
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table>");
	buf_init(&base, r->arena);
	buf_adds(&base, "/actions?status=");
	if (f.status)
		buf_adds(&base, f.status); /* a known status word: no escaping needed beyond html_attrf in the pager */
	if (f.unit_id)
		buf_addf(&base, "&unit_id=%" PRId64, f.unit_id);
	page_pager(h, r, base.data, f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

static void action_details(struct html *h, const struct action *ac)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Status", tr(h->lang, action_status_label(ac->status)));
	detail_row(h, "Responsible", ac->responsible_name);
	detail_row(h, "Due date", ac->due_date);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_unit(h, ac->unit_id, ac->unit_name);
	HTML_LIT(h, "</dd>");
	if (ac->asset_id) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Asset");
		HTML_LIT(h, "</dt><dd>");
		link_asset_to(h, ac->asset_id, ac->asset_name);
		HTML_LIT(h, "</dd>");
	}
	if (ac->requirement_id) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "Requirement");
		HTML_LIT(h, "</dt><dd>");
		if (ac->asset_id) {
			HTML_LIT(h, "<a href=\"/assets/");
			html_int(h, ac->asset_id);
			HTML_LIT(h, "/requirements/");
		} else {
			HTML_LIT(h, "<a href=\"/requirements/");
		}
		html_int(h, ac->requirement_id);
		HTML_LIT(h, "\">");
		html_text(h, ac->requirement_code);
		HTML_LIT(h, " ");
		html_text(h, ac->requirement_title);
		HTML_LIT(h, "</a></dd>");
	}
	time_row(h, N_("Last changed"), ac->updated_at);
	HTML_LIT(h, "</dl>");
}

int page_action(struct req *r)
{
	struct action ac;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = action_get(db, r->arena, req_arg_id(r, 0), &ac, &r->err)))
		return rc;
	h = page_begin(r, ac.title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/actions\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</a></p><h1>");
	html_text(h, ac.title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	action_details(h, &ac);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Description");
	HTML_LIT(h, "</h2>");
	long_text(h, ac.description);
	if (authz_in_scope(r->auth, ACCESS_EDIT, ac.unit_path)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/actions/");
		html_int(h, ac.id);
		HTML_LIT(h, "/edit\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	page_end(r, h);
	return 0;
}

static int action_form(struct req *r, const struct action *ac, const struct action_input *in, int64_t version,
		       const struct err *e, const struct action *cur)
{
	struct action_person *people;
	size_t n_people, k = 0;
	const char **values, **labels, *sel = "";
	struct html *h;
	struct db *db = req_db(r);
	bool listed = false;

	if (!db)
		return r->err.code;
	if (action_people(db, r->arena, ac->unit_id, &people, &n_people, &r->err))
		return r->err.code;
	values = arena_calloc(r->arena, n_people + 2, sizeof(char *));
	labels = arena_calloc(r->arena, n_people + 2, sizeof(char *));
	values[k] = "";
	labels[k++] = tr(r->lang, "Nobody");
	for (size_t i = 0; i < n_people; i++, k++) {
		values[k] = arena_printf(r->arena, "%" PRId64, people[i].id);
		labels[k] = people[i].name;
		if (people[i].id == in->responsible_id) {
			sel = values[k];
			listed = true;
		}
	}
	if (in->responsible_id && !listed) {
		/* Keep a responsible person who no longer holds a role here. */
		values[k] = arena_printf(r->arena, "%" PRId64, in->responsible_id);
		labels[k] = ac->responsible_id == in->responsible_id && ac->responsible_name ? ac->responsible_name
											     : values[k];
		sel = values[k++];
	}
	h = page_begin(r, tr(r->lang, "Edit action"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/actions\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</a> › ");
	link_action(h, ac->id, ac->title);
	HTML_LIT(h, "</p>");
	h1(h, N_("Edit action"));
	form_errors(h, r, e);
	if (cur) {
		HTML_LIT(h, "<section class=\"theirs\" aria-labelledby=\"theirs-h\"><h2 id=\"theirs-h\">");
		html_tr(h, "The version saved by someone else");
		HTML_LIT(h, "</h2><dl class=\"details\">");
		detail_row(h, "Title", cur->title);
		detail_row(h, "Description", cur->description);
		HTML_LIT(h, "</dl>");
		action_details(h, cur);
		HTML_LIT(h, "</section>");
	}
	form_open(h, r, arena_printf(r->arena, "/actions/%" PRId64 "/edit", ac->id));
	form_hidden_int(h, "version", version);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_textarea(h, r, "description", "Description", in->description, e);
	form_select(h, r, "status", "Status", action_statuses, action_status_labels, ACTION_STATUS_COUNT, in->status,
		    true, e);
	form_select(h, r, "responsible_id", "Responsible", values, labels, k, sel, false, e);
	form_input(h, r, "date", "due_date", "Due date", in->due_date, false, NULL, e);
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_action_edit(struct req *r)
{
	struct action ac;
	struct action_input in;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = action_get(db, r->arena, req_arg_id(r, 0), &ac, &r->err)))
		return rc;
	in = (struct action_input){ ac.title, ac.description, ac.status, ac.responsible_id, ac.due_date };
	return action_form(r, &ac, &in, ac.version, NULL, NULL);
}

int page_action_update(struct req *r)
{
	struct action_input in = { 0 };
	struct action ac, cur = { 0 };
	struct err e = { 0 };
	int64_t version = form_int(r, "version", -1);
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	in.title = req_form(r, "title");
	in.description = req_form(r, "description");
	in.status = req_form(r, "status");
	in.responsible_id = form_int(r, "responsible_id", 0);
	in.due_date = req_form(r, "due_date");
	rc = action_update(db, r->arena, r->auth, req_arg_id(r, 0), version, &in, &cur, &e);
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/actions/%" PRId64 "?msg=saved", req_arg_id(r, 0)));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		r->err = e;
		return rc;
	}
	if (rc == ERR_CONFLICT && cur.id)
		ac = cur;
	else if (action_get(db, r->arena, req_arg_id(r, 0), &ac, &r->err))
		return r->err.code;
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	return action_form(r, &ac, &in, rc == ERR_CONFLICT ? cur.version : version, &e,
			   rc == ERR_CONFLICT ? &cur : NULL);
}
