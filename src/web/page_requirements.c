/*
 * page_requirements.c - the requirements library, requirement fulfilment
 * per asset and the procurement appendix.
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
 * that makes it an activity of the action plan.
 *
 * The pages about one asset take it from the route's scope (asset_scope);
 * the library is installation-wide, so its pages read the requirement
 * themselves, once.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/req_appendix.h"
#include "domain/req_xlsx.h"
#include "domain/requirement.h"
#include "io/doc.h"
#include "web/layout.h"
#include "web/page_requirements.h"
#include "web/widgets.h"

static const char *const aspect_labels[4] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
					      N_("Traceability") };

/* --- shared bits --------------------------------------------------------- */

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
	/* The attributes and kinds it also needs, each named as on the asset's page. */
	for (size_t k = 0; k < REQ_CONDITION_COUNT; k++) {
		if (!req_lists(q->conditions, req_conditions[k]))
			continue;
		HTML_LIT(h, "; ");
		html_tr(h, req_condition_labels[k]);
	}
	if (q->kinds && *q->kinds) {
		bool first = true;
		HTML_LIT(h, "; ");
		for (size_t k = 0; k < ASSET_KIND_COUNT; k++) {
			if (!req_lists(q->kinds, asset_kinds[k]))
				continue;
			if (!first)
				HTML_LIT(h, ", ");
			html_tr(h, asset_kind_labels[k]);
			first = false;
		}
	}
}

/* The NIS2 Art. 21(2) points (each with its summary) and the GDPR articles @q serves. */
static void references_cell(struct html *h, const struct requirement *q)
{
	bool any = false;
	for (size_t k = 0; k < REQ_NIS2_COUNT; k++) {
		if (!req_lists(q->nis2, req_nis2_points[k]))
			continue;
		if (any)
			HTML_LIT(h, ", ");
		else
			HTML_LIT(h, "NIS2 ");
		HTML_LIT(h, "<abbr title=\"");
		html_attr(h, tr(h->lang, req_nis2_labels[k]));
		HTML_LIT(h, "\">");
		html_text(h, req_nis2_points[k]);
		HTML_LIT(h, "</abbr>");
		any = true;
	}
	if (q->gdpr && *q->gdpr) {
		if (any)
			HTML_LIT(h, "; ");
		HTML_LIT(h, "GDPR ");
		html_text(h, req_gdpr_text(h->b.arena, q->gdpr));
		any = true;
	}
	if (!any)
		HTML_LIT(h, "–");
}

/* "bör" beside a recommendation's title; a mandatory requirement needs no mark. */
static void obligation_mark(struct html *h, const struct requirement *q)
{
	if (!q->obligation || strcmp(q->obligation, "should"))
		return;
	HTML_LIT(h, " <span class=\"kind\">(");
	html_tr(h, req_obligation_word(q->obligation));
	HTML_LIT(h, ")</span>");
}

/*
 * Before a row of @category: unless it is the category already open (@open,
 * NULL at the start), close the open one's table and open the category's
 * section with a table of the columns @cols (message ids). Returns the
 * category now open; the caller closes the last one.
 */
static const char *category_table(struct html *h, const char *open, const char *category, const char *const *cols,
				  size_t n)
{
	if (open && !strcmp(open, category))
		return open;
	if (open)
		HTML_LIT(h, "</tbody></table></section>");
	HTML_LIT(h, "<section><h2>");
	html_tr(h, req_category_label(category));
	HTML_LIT(h, "</h2><table><caption class=\"sr-only\">");
	html_tr(h, req_category_label(category));
	HTML_LIT(h, "</caption><thead><tr>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<th scope=\"col\">");
		html_tr(h, cols[i]);
		HTML_LIT(h, "</th>");
	}
	HTML_LIT(h, "</tr></thead><tbody>");
	return category;
}

/* The crumbs back to the library, and to @q when it is not NULL. */
static void library_crumbs(struct html *h, const struct requirement *q)
{
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/requirements\">");
	html_tr(h, "Requirements library");
	HTML_LIT(h, "</a>");
	if (q) {
		HTML_LIT(h, " › ");
		link_record(h, "requirement", q->id, q->title);
	}
	HTML_LIT(h, "</p>");
}

/* "<h1>B.1 Title</h1>": the requirement's code and title. */
static void requirement_h1(struct html *h, const struct requirement *q)
{
	HTML_LIT(h, "<h1>");
	html_text(h, q->code);
	HTML_LIT(h, " ");
	html_text(h, q->title);
	HTML_LIT(h, "</h1>");
}

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

static const char *const library_cols[] = { N_("Code"), N_("Requirement"), N_("Applies when"), N_("References") };

int page_requirements(struct req *r)
{
	struct requirement_filter f = { 0 };
	struct requirement *q;
	size_t n;
	int64_t total;
	bool admin = authz_global(r->auth, ACCESS_ADMIN);
	const char *cur_cat = NULL;
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = requirement_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.limit = 500;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = requirement_list(db, r->arena, &f, &q, &n, &total, &r->err)))
		return rc;

	h = page_begin(r, tr(r->lang, "Requirements library"));
	page_h1(h, N_("Requirements library"));
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
	form_filter_select(h, r, "category", N_("Category"), N_("All categories"), req_categories, req_category_labels,
			   REQ_CATEGORY_COUNT, f.category);
	form_filter_select(h, r, "nis2", N_("NIS2 Art. 21(2)"), N_("All points"), req_nis2_points, req_nis2_labels,
			   REQ_NIS2_COUNT, f.nis2);
	form_input(h, r, "search", "q", "Search code, title or text", f.q, false, NULL, NULL);
	if (admin)
		form_select(h, r, "active", "Show", active_values, active_labels, 3,
			    f.active == 0  ? "0"
			    : f.active < 0 ? "all"
					   : "1",
			    true, NULL);
	filters_close(h);

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
		cur_cat = category_table(h, cur_cat, q[i].category, library_cols, 4);
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, q[i].code);
		HTML_LIT(h, "</th><td>");
		link_record(h, "requirement", q[i].id, q[i].title);
		obligation_mark(h, &q[i]);
		if (!q[i].active) {
			HTML_LIT(h, " <span class=\"kind\">(");
			html_tr(h, "inactive");
			HTML_LIT(h, ")</span>");
		}
		HTML_LIT(h, "</td><td>");
		applies_when(h, &q[i]);
		HTML_LIT(h, "</td><td>");
		references_cell(h, &q[i]);
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
	HTML_LIT(h, "<dt>");
	html_tr(h, "NIS2 Art. 21(2)");
	HTML_LIT(h, "</dt><dd>");
	if (!q->nis2 || !*q->nis2)
		HTML_LIT(h, "–");
	for (size_t k = 0; k < REQ_NIS2_COUNT; k++) {
		if (!req_lists(q->nis2, req_nis2_points[k]))
			continue;
		html_tr(h, req_nis2_labels[k]);
		HTML_LIT(h, "<br>");
	}
	HTML_LIT(h, "</dd>");
	detail_row(h, "GDPR", q->gdpr && *q->gdpr ? req_gdpr_text(h->b.arena, q->gdpr) : NULL);
	detail_row(h, "Obligation", tr(h->lang, req_obligation_label(q->obligation)));
	detail_row(h, "Met by", tr(h->lang, req_party_label(q->party)));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Applies when");
	HTML_LIT(h, "</dt><dd>");
	applies_when(h, q);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Status", tr(h->lang, q->active ? N_("Active") : N_("Inactive")));
	time_row(h, N_("Last changed"), q->updated_at);
	HTML_LIT(h, "</dl>");
}

/* The requirement the path names (the library is loaded first, so its addresses work on a new installation). */
static int path_requirement(struct req *r, struct db *db, struct requirement *q)
{
	int rc = requirement_ensure_default(db, r->arena, &r->err);
	return rc ? rc : requirement_get(db, r->arena, req_arg_id(r, 0), q, &r->err);
}

int page_requirement(struct req *r)
{
	struct requirement q;
	struct html *h;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = path_requirement(r, db, &q)))
		return rc;
	h = page_begin(r, q.title);
	library_crumbs(h, NULL);
	requirement_h1(h, &q);
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

/* A fieldset's start: its @legend and a @hint below it (message ids). */
static void fieldset_open(struct html *h, const char *legend, const char *hint)
{
	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, legend);
	HTML_LIT(h, "</legend><p class=\"hint\">");
	html_tr(h, hint);
	HTML_LIT(h, "</p>");
}

/*
 * A fieldset of checkboxes named @prefix<name>, one for each of the @n
 * @names (labelled @labels), ticked when the comma-separated @list names
 * it: the boxes ticked() reads back.
 */
static void ticks_fieldset(struct html *h, struct req *r, const char *legend, const char *hint, const char *prefix,
			   const char *const *names, const char *const *labels, size_t n, const char *list)
{
	fieldset_open(h, legend, hint);
	for (size_t k = 0; k < n; k++)
		form_checkbox(h, r, arena_printf(r->arena, "%s%s", prefix, names[k]), labels[k],
			      req_lists(list, names[k]));
	HTML_LIT(h, "</fieldset>");
}

static void requirement_form(struct html *h, struct req *r, const char *action, const struct requirement_input *in,
			     int64_t version, bool creating, const struct err *e)
{
	form_open(h, r, action);
	if (!creating)
		form_hidden_int(h, "version", version);
	form_text(h, r, "code", "Code", in->code, true, e);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_textarea(h, r, "text", "Requirement text", in->text, e);
	form_select(h, r, "category", "Category", req_categories, req_category_labels, REQ_CATEGORY_COUNT, in->category,
		    true, e);
	form_text(h, r, "nis2", "NIS2 Art. 21(2) points (letters, for example g, i)", in->nis2, false, e);
	form_text(h, r, "gdpr", "GDPR articles (for example 15-17, 30)", in->gdpr, false, e);
	form_select(h, r, "obligation", "Obligation", req_obligations, req_obligation_labels, 2,
		    in->obligation && *in->obligation ? in->obligation : "must", true, e);
	form_select(h, r, "party", "Met by", req_parties, req_party_labels, REQ_PARTY_COUNT,
		    in->party && *in->party ? in->party : "organisation", true, e);
	fieldset_open(
		h, N_("Applies when any of these levels is reached"),
		N_("Leave every aspect without a minimum for a requirement that applies to every classified asset."));
	level_select(h, r, "min_c", N_("Confidentiality from level"), in->min_c, e);
	level_select(h, r, "min_i", N_("Integrity from level"), in->min_i, e);
	level_select(h, r, "min_a", N_("Availability from level"), in->min_a, e);
	level_select(h, r, "min_t", N_("Traceability from level"), in->min_t, e);
	HTML_LIT(h, "</fieldset>");
	ticks_fieldset(h, r, N_("And only for assets that"),
		       N_("Every attribute ticked must hold; with none ticked the levels alone decide."), "if_",
		       req_conditions, req_condition_labels, REQ_CONDITION_COUNT, in->conditions);
	ticks_fieldset(h, r, N_("Only for these kinds of asset"),
		       N_("With none ticked the requirement applies to every kind."), "kind_", asset_kinds,
		       asset_kind_labels, ASSET_KIND_COUNT, in->kinds);
	form_checkbox(h, r, "active", "Active (part of the library)", in->active);
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
}

/* The names of @names whose checkbox @prefix<name> is ticked, comma-separated. */
static const char *ticked(struct req *r, const char *prefix, const char *const *names, size_t n)
{
	struct buf b;
	buf_init(&b, r->arena);
	buf_adds(&b, "");
	for (size_t k = 0; k < n; k++)
		if (form_flag(r, arena_printf(r->arena, "%s%s", prefix, names[k])))
			buf_addf(&b, "%s%s", b.len ? "," : "", names[k]);
	return b.data;
}

static struct requirement_input input_from_form(struct req *r)
{
	struct requirement_input in = { 0 };
	in.code = req_form(r, "code");
	in.title = req_form(r, "title");
	in.text = req_form(r, "text");
	in.category = req_form(r, "category");
	in.nis2 = req_form(r, "nis2");
	in.gdpr = req_form(r, "gdpr");
	in.obligation = req_form(r, "obligation");
	in.party = req_form(r, "party");
	in.conditions = ticked(r, "if_", req_conditions, REQ_CONDITION_COUNT);
	in.kinds = ticked(r, "kind_", asset_kinds, ASSET_KIND_COUNT);
	in.min_c = level_field(r, "min_c");
	in.min_i = level_field(r, "min_i");
	in.min_a = level_field(r, "min_a");
	in.min_t = level_field(r, "min_t");
	in.active = form_flag(r, "active");
	return in;
}

static int new_form(struct req *r, const void *ctx, const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, "New requirement"));
	library_crumbs(h, NULL);
	page_h1(h, N_("New requirement"));
	form_errors(h, r, e);
	requirement_form(h, r, "/requirements", ctx, 0, true, e);
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
	int64_t id = 0;
	int rc;

	if (!db)
		return r->err.code;
	rc = requirement_create(db, r->arena, r->auth, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/requirements/%" PRId64 "?msg=created", id), new_form,
			  &in);
}

static void theirs_requirement(struct html *h, const struct requirement *cur)
{
	page_theirs_open(h);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Code", cur->code);
	detail_row(h, "Title", cur->title);
	detail_row(h, "Requirement text", cur->text);
	HTML_LIT(h, "</dl>");
	requirement_details(h, cur);
	HTML_LIT(h, "</section>");
}

/* The edit form: the requirement as stored (@q), what the user typed (@in) and the version they change. */
static int edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct requirement *q = v->rec, *cur = v->cur;
	const struct requirement_input *in = v->in;
	struct html *h = page_begin(r, tr(r->lang, "Edit requirement"));

	library_crumbs(h, q);
	page_h1(h, N_("Edit requirement"));
	form_errors(h, r, e);
	if (cur)
		theirs_requirement(h, cur);
	requirement_form(h, r, arena_printf(r->arena, "/requirements/%" PRId64 "/edit", q->id), in, v->version, false,
			 e);
	page_end(r, h);
	return 0;
}

/* The database and the requirement the path names, as stored, for its edit form and its changes. */
static int edited_requirement(struct req *r, struct db **db, struct requirement *q)
{
	if (!(*db = req_db(r)))
		return r->err.code;
	return requirement_get(*db, r->arena, req_arg_id(r, 0), q, &r->err);
}

int page_requirement_edit(struct req *r)
{
	struct requirement q;
	struct requirement_input in;
	struct form_view v = { &q, &in, 0, NULL };
	struct db *db;
	int rc;

	if ((rc = edited_requirement(r, &db, &q)))
		return rc;
	in = requirement_input_of(&q);
	v.version = q.version;
	return edit_form(r, &v, NULL);
}

/* After a conflict the form carries the current version, so saving again is a deliberate overwrite. */
static void show_theirs(struct form_view *v, int rc, const struct requirement *cur)
{
	if (rc == ERR_CONFLICT && cur->id) {
		v->rec = v->cur = cur;
		v->version = cur->version;
	}
}

int page_requirement_update(struct req *r)
{
	struct requirement_input in = input_from_form(r);
	struct requirement q, cur = { 0 };
	struct form_view v = { &q, &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if ((rc = edited_requirement(r, &db, &q)))
		return rc;
	rc = requirement_update(db, r->arena, r->auth, &q, v.version, &in, &cur, &e);
	show_theirs(&v, rc, &cur);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/requirements/%" PRId64 "?msg=saved", q.id), edit_form,
			  &v);
}

int page_requirement_deactivate(struct req *r)
{
	struct requirement q, cur = { 0 };
	struct requirement_input in;
	struct form_view v = { &q, &in, 0, NULL };
	struct err e = { 0 };
	bool active = form_flag(r, "active");
	struct db *db;
	int rc;

	if ((rc = edited_requirement(r, &db, &q)))
		return rc;
	rc = requirement_set_active(db, r->arena, r->auth, &q, form_int(r, "version", -1), active, &cur, &e);
	/* A stale version shows the edit form with the stored requirement. */
	in = requirement_input_of(rc == ERR_CONFLICT && cur.id ? &cur : &q);
	show_theirs(&v, rc, &cur);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/requirements/%" PRId64 "?msg=saved", q.id), edit_form,
			  &v);
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
	library_crumbs(h, NULL);
	page_h1(h, N_("Import requirements"));
	import_intro(h);
	import_form(h, r, NULL, true);
	page_end(r, h);
	return 0;
}

/* "<li>@msgid: @n</li>" of a list of counts. */
static void count_item(struct html *h, const char *msgid, size_t n)
{
	HTML_LIT(h, "<li>");
	html_tr(h, msgid);
	HTML_LIT(h, ": ");
	html_int(h, (int64_t)n);
	HTML_LIT(h, "</li>");
}

static void import_counts(struct html *h, const struct reqimport_result *res)
{
	const char *const labels[] = { N_("Rows"), N_("New requirements"), N_("Changed requirements"),
				       N_("Unchanged") };
	const size_t counts[] = { res->n_rows, res->n_new, res->n_changed, res->n_same };

	HTML_LIT(h, "<ul>");
	for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++)
		count_item(h, labels[k], counts[k]);
	HTML_LIT(h, "</ul>");
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
		page_h1(h, N_("Import requirements"));
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
	library_crumbs(h, NULL);
	page_h1(h, N_("Import requirements"));
	if (rc == ERR_INVALID) {
		r->resp.status = 400;
		HTML_LIT(h, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
		html_tr(h, "Nothing was imported");
		HTML_LIT(h, "</h2><p>");
		html_tr(h, "Correct the problems below in the file and try again.");
		HTML_LIT(h, "</p></div><table><caption>");
		html_tr(h, "Problems in the file");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("Line"), N_("Column"), N_("Problem"), NULL });
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
		table_close(h);
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
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Aspect"), N_("Level"), NULL });
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
	table_close(h);
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

/* "<h1>@msgid: name</h1>" of a page about the asset @as. */
static void asset_h1(struct html *h, const struct asset *as, const char *msgid)
{
	HTML_LIT(h, "<h1>");
	html_tr(h, msgid);
	HTML_LIT(h, ": ");
	html_text(h, as->name);
	HTML_LIT(h, "</h1>");
}

static void asset_crumbs(struct html *h, const struct asset *as, bool to_list)
{
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/assets\">");
	html_tr(h, "Assets");
	HTML_LIT(h, "</a> › ");
	link_record(h, "asset", as->id, as->name);
	if (to_list) {
		HTML_LIT(h, " › ");
		link_asset_page(h, as->id, "/requirements", N_("Requirements"), false);
	}
	HTML_LIT(h, "</p>");
}

static void not_classified(struct html *h, const struct asset *as)
{
	HTML_LIT(h, "<p class=\"notice\">");
	html_tr(h, "The asset must be classified before its requirements can be listed.");
	HTML_LIT(h, " ");
	link_asset_page(h, as->id, "/classification", N_("Classify the asset"), false);
	HTML_LIT(h, "</p>");
}

/* A link labelled @text to the page of the requirement @q of the asset @as, with its assessment. */
static void assessment_link(struct html *h, const struct asset *as, const struct requirement *q, const char *text)
{
	HTML_LIT(h, "<a href=\"/assets/");
	html_int(h, as->id);
	HTML_LIT(h, "/requirements/");
	html_int(h, q->id);
	HTML_LIT(h, "\">");
	html_text(h, text);
	HTML_LIT(h, "</a>");
}

/* The activity made from the assessment @ar, with its status: "Activity (Planned)". */
static void assessment_activity(struct html *h, const struct asset_requirement *ar)
{
	link_record(h, "activity", ar->action_id, ar->action_title);
	HTML_LIT(h, " (");
	html_tr(h, activity_status_label(ar->action_status));
	HTML_LIT(h, ")");
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
		count_item(h, req_status_labels[s], count[s]);
	}
	HTML_LIT(h, "</ul>");
}

/* The requirements that apply to the asset of the route's scope. */
static int scope_requirements(struct req *r, const struct asset *as, struct asset_requirement **ar, size_t *n)
{
	struct db *db = req_db(r);
	return db ? asset_requirement_list(db, r->arena, as, ar, n, &r->err) : r->err.code;
}

static const char *const assess_cols[] = { N_("Requirement"), N_("Fulfilment"), N_("Comment") };

static const char *const assessment_cols[] = { N_("Code"),    N_("Requirement"), N_("Fulfilment"),
					       N_("Comment"), N_("Evidence"),    N_("Activity") };

int page_asset_requirements(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct asset_requirement *ar;
	size_t n;
	const char *cur_cat = NULL;
	struct html *h;
	int rc;

	if ((rc = scope_requirements(r, as, &ar, &n)))
		return rc;
	h = page_begin(r, arena_printf(r->arena, "%s – %s", tr(r->lang, "Requirements"), as->name));
	asset_crumbs(h, as, false);
	asset_h1(h, as, N_("Requirements"));
	page_flash(h, r);
	if (!as->classification_id) {
		not_classified(h, as);
		page_end(r, h);
		return 0;
	}
	levels_table(h, as);
	separate_analysis_note(h, as);
	HTML_LIT(h, "<p class=\"actions\">");
	link_asset_page(h, as->id, "/requirements/appendix", N_("Procurement appendix"), true);
	HTML_LIT(h, " ");
	link_asset_page(h, as->id, "/requirements/appendix.xlsx", N_("Procurement appendix (XLSX)"), true);
	HTML_LIT(h, "</p>");
	if (n == 0) {
		para_tr(h, N_("No requirement in the library applies to this classification."));
		page_end(r, h);
		return 0;
	}
	status_summary(h, ar, n);
	if (asset_can_edit(r->auth, as)) {
		HTML_LIT(h, "<p class=\"actions\">");
		link_asset_page(h, as->id, "/requirements/assess", N_("Assess the requirements on one page"), true);
		HTML_LIT(h, " ");
		link_asset_page(h, as->id, "/requirements/assess?status=none", N_("Only those not assessed"), false);
		HTML_LIT(h, "</p>");
	}
	for (size_t i = 0; i < n; i++) {
		const struct requirement *q = &ar[i].req;
		cur_cat = category_table(h, cur_cat, q->category, assessment_cols, 6);
		HTML_LIT(h, "<tr id=\"req-");
		html_int(h, q->id);
		HTML_LIT(h, "\"><th scope=\"row\">");
		html_text(h, q->code);
		HTML_LIT(h, "</th><td>");
		assessment_link(h, as, q, q->title);
		HTML_LIT(h, "</td><td class=\"status-");
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
		if (ar[i].action_id)
			assessment_activity(h, &ar[i]);
		HTML_LIT(h, "</td></tr>");
	}
	HTML_LIT(h, "</tbody></table></section>");
	page_end(r, h);
	return 0;
}

/* --- assessing many requirements on one page --- */

/* Which rows the bulk form shows: status "" all, "none" not assessed, or a status; category "" all. */
struct assess_filter {
	const char *status;
	const char *category;
};

static bool assess_shows(const struct assess_filter *f, const struct asset_requirement *ar)
{
	if (*f->category && strcmp(f->category, ar->req.category))
		return false;
	if (!strcmp(f->status, "none"))
		return !*ar->status;
	return !*f->status || !strcmp(f->status, ar->status);
}

/* What the person typed in row @rid ("s_12", "c_12"), or NULL when the form did not carry the row. */
static const char *row_field(struct req *r, char kind, int64_t rid)
{
	return req_form(r, arena_printf(r->arena, "%c_%" PRId64, kind, rid));
}

/* The problem of the bulk save, for the row it names. */
struct assess_problem {
	const struct err *e;
	int64_t rid;                         /* the row at fault, 0 for none */
	const struct asset_requirement *cur; /* its assessment as stored now, after a conflict */
};

/* The label of row @q's control @kind ('s', 'c'), seen by screen readers only: @msgid and the requirement's code. */
static void row_label(struct html *h, char kind, const struct requirement *q, const char *msgid)
{
	HTML_LIT(h, "<label class=\"sr-only\" for=\"");
	html_attrf(h, "f-%c_%" PRId64, kind, q->id);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, " ");
	html_text(h, q->code);
	HTML_LIT(h, "</label>");
}

/* The id and name of row @q's control @kind, in the start tag the caller opened: ' id="f-s_12" name="s_12"'. */
static void row_control(struct html *h, char kind, const struct requirement *q)
{
	HTML_LIT(h, " id=\"");
	html_attrf(h, "f-%c_%" PRId64, kind, q->id);
	HTML_LIT(h, "\" name=\"");
	html_attrf(h, "%c_%" PRId64, kind, q->id);
	HTML_LIT(h, "\"");
}

static void assess_status_select(struct html *h, struct req *r, const struct requirement *q, const char *value,
				 bool invalid)
{
	row_label(h, 's', q, N_("Fulfilment"));
	HTML_LIT(h, "<select");
	row_control(h, 's', q);
	if (invalid)
		HTML_LIT(h, " aria-invalid=\"true\"");
	HTML_LIT(h, ">");
	for (int k = 0; k < REQ_STATUS_COUNT; k++) {
		HTML_LIT(h, "<option value=\"");
		html_attr(h, req_statuses[k]);
		if (!strcmp(value, req_statuses[k]))
			HTML_LIT(h, "\" selected=\"selected");
		HTML_LIT(h, "\">");
		html_tr(h, req_status_labels[k]);
		HTML_LIT(h, "</option>");
	}
	HTML_LIT(h, "</select>");
	(void)r;
}

/* "Make an activity of it": ticked with a row assessed as not or partly fulfilled, saved with the assessments. */
static void assess_action_box(struct html *h, struct req *r, const struct requirement *q, bool checked)
{
	HTML_LIT(h, "<span class=\"check\"><input type=\"checkbox\" value=\"1\"");
	row_control(h, 'a', q);
	if (checked)
		HTML_LIT(h, " checked=\"checked\"");
	HTML_LIT(h, "> <label for=\"f-a_");
	html_int(h, q->id);
	HTML_LIT(h, "\">");
	html_tr(h, "Make an activity of it");
	HTML_LIT(h, "<span class=\"sr-only\"> ");
	html_text(h, q->code);
	HTML_LIT(h, "</span></label></span>");
	(void)r;
}

static void assess_comment(struct html *h, const struct requirement *q, const char *value, bool invalid)
{
	row_label(h, 'c', q, N_("Comment"));
	HTML_LIT(h, "<textarea rows=\"2\"");
	row_control(h, 'c', q);
	if (invalid)
		HTML_LIT(h, " aria-invalid=\"true\"");
	HTML_LIT(h, ">");
	html_text(h, value);
	HTML_LIT(h, "</textarea>");
}

static void assess_filters(struct html *h, struct req *r, const struct asset *as, const struct assess_filter *f)
{
	const char *st_values[REQ_STATUS_COUNT + 1], *st_labels[REQ_STATUS_COUNT + 1];
	const char *cat_values[REQ_CATEGORY_COUNT + 1], *cat_labels[REQ_CATEGORY_COUNT + 1];

	st_values[0] = "";
	st_labels[0] = N_("Any");
	st_values[1] = "none";
	st_labels[1] = N_("Only those not assessed");
	for (int k = 1; k < REQ_STATUS_COUNT; k++) {
		st_values[k + 1] = req_statuses[k];
		st_labels[k + 1] = req_status_labels[k];
	}
	cat_values[0] = "";
	cat_labels[0] = N_("Any");
	for (int k = 0; k < REQ_CATEGORY_COUNT; k++) {
		cat_values[k + 1] = req_categories[k];
		cat_labels[k + 1] = req_category_labels[k];
	}
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" role=\"search\" action=\"/assets/");
	html_int(h, as->id);
	HTML_LIT(h, "/requirements/assess\">");
	form_select(h, r, "status", "Fulfilment", st_values, st_labels, REQ_STATUS_COUNT + 1, f->status, true, NULL);
	form_select(h, r, "category", "Category", cat_values, cat_labels, REQ_CATEGORY_COUNT + 1, f->category, true,
		    NULL);
	filters_close(h);
}

static void assess_errors(struct html *h, struct req *r, const struct asset_requirement *ar, size_t n,
			  const struct assess_problem *p)
{
	const char *code = NULL;
	if (!p || !p->e || !p->e->code)
		return;
	for (size_t i = 0; i < n; i++)
		if (ar[i].req.id == p->rid)
			code = ar[i].req.code;
	HTML_LIT(h, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	html_tr(h, N_("Nothing was saved"));
	HTML_LIT(h, "</h2><p><a href=\"#");
	if (p->rid && p->e->field && !strcmp(p->e->field, "comment"))
		html_attr(h, arena_printf(r->arena, "f-c_%" PRId64, p->rid));
	else if (p->rid)
		html_attr(h, arena_printf(r->arena, "f-s_%" PRId64, p->rid));
	else
		HTML_LIT(h, "main");
	HTML_LIT(h, "\">");
	if (code) {
		html_text(h, code);
		HTML_LIT(h, ": ");
	}
	html_text(h, err_message(p->e, r->lang, r->arena));
	HTML_LIT(h, "</a></p><p>");
	html_tr(h, N_("What you entered is kept below; correct it and save again."));
	HTML_LIT(h, "</p></div>");
}

/* The bulk form: @typed says whether the values come from the posted form (after a refused save). */
static int assess_page(struct req *r, const struct asset *as, const struct asset_requirement *ar, size_t n,
		       const struct assess_filter *f, bool typed, const struct assess_problem *p)
{
	const char *cur_cat = NULL;
	size_t shown = 0;
	struct buf rows;
	struct html *h =
		page_begin(r, arena_printf(r->arena, "%s – %s", tr(r->lang, "Assess the requirements"), as->name));

	asset_crumbs(h, as, true);
	asset_h1(h, as, N_("Assess the requirements"));
	assess_errors(h, r, ar, n, p);
	if (!as->classification_id) {
		not_classified(h, as);
		page_end(r, h);
		return 0;
	}
	status_summary(h, ar, n);
	assess_filters(h, r, as, f);
	buf_init(&rows, r->arena);
	form_open(h, r, arena_printf(r->arena, "/assets/%" PRId64 "/requirements/assess", as->id));
	form_hidden(h, "filter_status", f->status);
	form_hidden(h, "filter_category", f->category);
	for (size_t i = 0; i < n; i++) {
		const struct requirement *q = &ar[i].req;
		const char *status = ar[i].status, *comment = ar[i].comment;
		bool bad = p && p->rid == q->id;

		/* After a refused save every row the form carried is shown again, though the filter would now
		 * leave it out (a row someone else assessed meanwhile): nothing typed is lost. */
		if (!assess_shows(f, &ar[i]) && !(typed && row_field(r, 's', q->id)))
			continue;
		if (typed) {
			const char *ts = row_field(r, 's', q->id), *tc = row_field(r, 'c', q->id);
			status = ts ? ts : status;
			comment = tc ? tc : comment;
		}
		if (shown++)
			buf_addch(&rows, ',');
		buf_addf(&rows, "%" PRId64, q->id);
		cur_cat = category_table(h, cur_cat, q->category, assess_cols, 3);
		HTML_LIT(h, "<tr id=\"req-");
		html_int(h, q->id);
		if (bad)
			HTML_LIT(h, "\" class=\"invalid");
		HTML_LIT(h, "\"><th scope=\"row\">");
		assessment_link(h, as, q, q->code);
		HTML_LIT(h, " ");
		html_text(h, q->title);
		if (bad && p->cur) {
			HTML_LIT(h, "<p class=\"theirs\">");
			html_tr1(h, N_("Assessed meanwhile by %s:"), p->cur->updated_by_name);
			HTML_LIT(h, " ");
			html_tr(h, req_status_label(p->cur->status));
			if (*p->cur->comment) {
				HTML_LIT(h, ". ");
				html_text(h, p->cur->comment);
			}
			HTML_LIT(h, "</p>");
		}
		HTML_LIT(h, "</th><td>");
		assess_status_select(h, r, q, status, bad && (!p->e->field || strcmp(p->e->field, "comment")));
		if (!ar[i].action_id)
			assess_action_box(h, r, q, typed && row_field(r, 'a', q->id));
		HTML_LIT(h, "</td><td>");
		assess_comment(h, q, comment, bad && p->e->field && !strcmp(p->e->field, "comment"));
		/* The row as the person first saw it, and its version: only rows they changed are saved, each
		 * checked against that version. After a conflict the row carries the other person's version. */
		{
			const char *os = ar[i].status, *oc = ar[i].comment;
			int64_t v = ar[i].version;
			if (bad && p->cur) {
				os = p->cur->status;
				oc = p->cur->comment;
				v = p->cur->version;
			} else if (typed && req_form(r, arena_printf(r->arena, "os_%" PRId64, q->id))) {
				os = req_form(r, arena_printf(r->arena, "os_%" PRId64, q->id));
				oc = req_form(r, arena_printf(r->arena, "oc_%" PRId64, q->id));
				v = form_int(r, arena_printf(r->arena, "v_%" PRId64, q->id), v);
			}
			form_hidden(h, arena_printf(r->arena, "os_%" PRId64, q->id), os);
			form_hidden(h, arena_printf(r->arena, "oc_%" PRId64, q->id), oc ? oc : "");
			form_hidden_int(h, arena_printf(r->arena, "v_%" PRId64, q->id), v);
		}
		HTML_LIT(h, "</td></tr>");
	}
	if (cur_cat)
		HTML_LIT(h, "</tbody></table></section>");
	if (!shown)
		para_tr(h, N_("No requirement matches the filter."));
	form_hidden(h, "rows", buf_cstr(&rows));
	if (shown)
		form_submit(h, "Save the assessments", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

static struct assess_filter assess_filter_of(struct req *r, bool posted)
{
	struct assess_filter f = { posted ? req_form(r, "filter_status") : req_query(r, "status"),
				   posted ? req_form(r, "filter_category") : req_query(r, "category") };
	if (!f.status || (strcmp(f.status, "none") && (!*f.status || !req_status_known(f.status))))
		f.status = "";
	if (!f.category || !req_category_parse(f.category))
		f.category = "";
	return f;
}

int page_asset_requirements_assess(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct assess_filter f = assess_filter_of(r, false);
	struct asset_requirement *ar;
	size_t n;
	int rc;

	if ((rc = scope_requirements(r, as, &ar, &n)))
		return rc;
	return assess_page(r, as, ar, n, &f, false, NULL);
}

/*
 * The rows of @list (the form's "rows") ticked to become activities, into
 * *out: those without one yet. A ticked row not assessed (in the form) as
 * not or partly fulfilled is a problem (@p, @e) naming it.
 */
static size_t assess_ticked(struct req *r, const struct asset_requirement *ar, size_t n, const char *list,
			    int64_t **out, struct assess_problem *p, struct err *e)
{
	size_t k = 0;

	*out = arena_calloc(r->arena, n ? n : 1, sizeof(**out));
	for (const char *s = list ? list : ""; *s;) {
		int64_t rid = 0;
		size_t len = strcspn(s, ",");
		const char *status;

		if (!str_to_i64(arena_strndup(r->arena, s, len), &rid))
			rid = 0;
		s += len + (s[len] == ',');
		if (!rid || !row_field(r, 'a', rid))
			continue;
		for (size_t i = 0; i < n && k < n; i++) {
			if (ar[i].req.id != rid || ar[i].action_id)
				continue;
			status = row_field(r, 's', rid);
			if (!status || (strcmp(status, "not_fulfilled") && strcmp(status, "partial"))) {
				p->e = e;
				p->rid = rid;
				err_set(e, ERR_INVALID, "status",
					N_("Only a requirement assessed as not fulfilled or partly fulfilled becomes an activity."));
				return 0;
			}
			(*out)[k++] = rid;
		}
	}
	return k;
}

int page_asset_requirements_assess_save(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct assess_filter f = assess_filter_of(r, true);
	struct asset_requirement *ar, cur = { 0 };
	struct asset_requirement_change *ch;
	struct assess_problem p = { 0 };
	struct err e = { 0 };
	const char *list = req_form(r, "rows");
	int64_t *act;
	size_t n, n_ch = 0, n_act, bad = 0;
	int rc;

	if ((rc = scope_requirements(r, as, &ar, &n)))
		return rc;
	ch = arena_calloc(r->arena, n ? n : 1, sizeof(*ch));
	/* The rows the form carried and the person changed, with the evidence as stored. */
	for (const char *s = list ? list : ""; *s;) {
		int64_t rid = 0;
		size_t len = strcspn(s, ",");
		const char *status, *comment, *os, *oc;
		const struct asset_requirement *stored = NULL;

		if (!str_to_i64(arena_strndup(r->arena, s, len), &rid))
			rid = 0;
		s += len + (s[len] == ',');
		for (size_t i = 0; i < n && rid; i++)
			if (ar[i].req.id == rid)
				stored = &ar[i];
		status = row_field(r, 's', rid);
		comment = row_field(r, 'c', rid);
		os = req_form(r, arena_printf(r->arena, "os_%" PRId64, rid));
		oc = req_form(r, arena_printf(r->arena, "oc_%" PRId64, rid));
		if (!stored || !status || !comment || n_ch >= n)
			continue; /* not a requirement of this asset now, or not in the form */
		if (os && oc && !strcmp(status, os) && !strcmp(comment, oc))
			continue; /* left as it was */
		ch[n_ch].requirement_id = rid;
		ch[n_ch].version = form_int(r, arena_printf(r->arena, "v_%" PRId64, rid), -1);
		ch[n_ch].in = asset_requirement_input_of(stored);
		ch[n_ch].in.status = status;
		ch[n_ch].in.comment = comment;
		n_ch++;
	}
	/* The rows ticked to become activities: each must be assessed as not or partly fulfilled. */
	n_act = assess_ticked(r, ar, n, list, &act, &p, &e);
	if (p.rid) {
		r->resp.status = 400;
		return assess_page(r, as, ar, n, &f, true, &p);
	}
	if (n_ch == 0 && n_act == 0)
		return resp_redirect(r,
				     arena_printf(r->arena, "/assets/%" PRId64 "/requirements?msg=unchanged", as->id));
	/* The assessments and the activities, as "Create activity" on a requirement's page makes them: all or none. */
	rc = activity_assess_and_act(req_db(r), r->arena, r->auth, r->lang, as, ch, n_ch, act, n_act, &bad, &cur, &e);
	if (rc && bad == ACTIVITY_ASSESS_ACT_FAILED) {
		r->err = e;
		return rc;
	}
	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena, "/assets/%" PRId64 "/requirements?msg=%s", as->id,
						     n_act ? "acted" : "saved"));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		r->err = e;
		return rc;
	}
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	p.e = &e;
	p.rid = ch[bad].requirement_id;
	p.cur = rc == ERR_CONFLICT && cur.req.id ? &cur : NULL;
	return assess_page(r, as, ar, n, &f, true, &p);
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
	requirement_h1(h, q);
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
		page_theirs_open(h);
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
	html_tr(h, "Activity in the action plan");
	HTML_LIT(h, "</h2>");
	if (ar->action_id) {
		HTML_LIT(h, "<p>");
		assessment_activity(h, ar);
		HTML_LIT(h, "</p>");
	} else if (!strcmp(ar->status, "not_fulfilled") || !strcmp(ar->status, "partial")) {
		if (may_edit && applies) {
			para_tr(h,
				N_("Make the requirement an activity of this year's action plan of the asset's unit, the asset's owner responsible."));
			form_open(h, r,
				  arena_printf(r->arena, "/assets/%" PRId64 "/requirements/%" PRId64 "/action", as->id,
					       q->id));
			form_submit(h, "Create activity", false);
			form_close(h);
		} else {
			para_tr(h, N_("No activity has been made from it."));
		}
	} else {
		para_tr(h,
			N_("An activity can be made when the requirement is assessed as not fulfilled or partly fulfilled."));
	}
	page_end(r, h);
	return 0;
}

int page_asset_requirement(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct asset_requirement ar;
	struct asset_requirement_input in;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = asset_requirement_get(db, r->arena, as, req_arg_id(r, 1), &ar, &r->err)))
		return rc;
	in = asset_requirement_input_of(&ar);
	return assessment_page(r, as, &ar, &in, ar.version, NULL, NULL);
}

/* The assessment form again: what the user typed (@in) and the version they change. */
struct assessment_view {
	const struct asset *as;
	int64_t requirement_id;
	const struct asset_requirement_input *in; /* NULL: the stored assessment */
	int64_t version;
	const struct asset_requirement *cur; /* the other person's assessment after a conflict, or NULL */
};

static int assessment_again(struct req *r, const void *ctx, const struct err *e)
{
	const struct assessment_view *v = ctx;
	struct asset_requirement ar;
	struct asset_requirement_input in;
	struct db *db = req_db(r);

	if (v->cur)
		return assessment_page(r, v->as, v->cur, v->in, v->cur->version, e, v->cur);
	if (!db || asset_requirement_get(db, r->arena, v->as, v->requirement_id, &ar, &r->err))
		return r->err.code;
	in = asset_requirement_input_of(&ar);
	return assessment_page(r, v->as, &ar, v->in ? v->in : &in, v->in ? v->version : ar.version, e, NULL);
}

int page_asset_requirement_save(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct asset_requirement cur = { 0 };
	struct asset_requirement_input in = { req_form(r, "status"), req_form(r, "comment"),
					      req_form(r, "evidence_url") };
	struct assessment_view v = { as, req_arg_id(r, 1), &in, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = asset_requirement_set(db, r->arena, r->auth, as, v.requirement_id, v.version, &in, &cur, &e);
	if (!in.status)
		in.status = "";
	if (rc == ERR_CONFLICT && cur.req.id)
		v.cur = &cur;
	return page_saved(r, rc, &e,
			  arena_printf(r->arena, "/assets/%" PRId64 "/requirements/%" PRId64 "?msg=saved", as->id,
				       v.requirement_id),
			  assessment_again, &v);
}

int page_asset_requirement_action(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct assessment_view v = { as, req_arg_id(r, 1), NULL, 0, NULL };
	struct err e = { 0 };
	int64_t id = 0;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = activity_create_from_requirement(db, r->arena, r->auth, r->lang, as, v.requirement_id, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/activities/%" PRId64 "?msg=created", id),
			  assessment_again, &v);
}

/* --- the procurement appendix ---------------------------------------------------- */

int page_asset_requirements_appendix(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	static const char *const ext[] = { "docx", "html", "md", "xlsx" };
	static const char *const label[] = { N_("Download as Word (DOCX)"), N_("Download as HTML (for print)"),
					     N_("Download as Markdown"), N_("Procurement appendix (XLSX)") };
	struct asset_requirement *ar;
	struct doc *d;
	size_t n;
	struct html *h;
	int rc;

	const char *case_ref = req_query(r, "case_ref");
	struct err ce = { 0 };

	if ((rc = scope_requirements(r, as, &ar, &n)))
		return rc;
	/* A case reference too long is shown with its error and left out of the document. */
	if (req_appendix_check_case_ref(case_ref, &ce))
		case_ref = NULL;
	d = req_appendix_doc(r->arena, r->lang, as, case_ref, ar, n);
	/* The appendix is a document (io/doc.h): shown as a fragment, styled by doc.css, and offered as files. */
	h = page_begin_doc(r, arena_printf(r->arena, "%s – %s", tr(r->lang, "Procurement requirements"), as->name));
	asset_crumbs(h, as, true);
	HTML_LIT(h, "<h1>");
	html_text(h, d->title);
	HTML_LIT(h, "</h1>");
	if (!as->classification_id) {
		not_classified(h, as);
		page_end(r, h);
		return 0;
	}
	/* The procurement's case reference goes into the document and every file. */
	form_errors(h, r, ce.code ? &ce : NULL);
	HTML_LIT(h, "<form class=\"search\" method=\"get\" action=\"/assets/");
	html_int(h, as->id);
	HTML_LIT(h, "/requirements/appendix\">");
	form_text(h, r, "case_ref", "Case reference of the procurement", req_query(r, "case_ref"), false,
		  ce.code ? &ce : NULL);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form>");
	para_tr(h, N_("Only the requirements a supplier meets are listed; those the organisation meets itself stay on "
		      "the asset's requirements page."));
	HTML_LIT(h, "<p class=\"actions\">");
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		struct url u;
		url_init(&u, r->arena,
			 arena_printf(r->arena, "/assets/%" PRId64 "/requirements/appendix.%s", as->id, ext[i]));
		url_add(&u, "case_ref", case_ref);
		HTML_LIT(h, "<a class=\"button\" href=\"");
		html_attr(h, url_str(&u));
		HTML_LIT(h, "\">");
		html_tr(h, label[i]);
		HTML_LIT(h, "</a> ");
	}
	HTML_LIT(h, "</p>");
	doc_html_fragment(h, d);
	page_end(r, h);
	return 0;
}

/* The appendix as a file to download: Word, a standalone HTML file with its print styles, Markdown or a workbook. */
static int appendix_file(struct req *r, const char *ext)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	const char *case_ref = req_query(r, "case_ref");
	struct asset_requirement *ar;
	struct doc *d;
	const char *data, *mime;
	size_t n, len;
	int rc;

	if ((rc = scope_requirements(r, as, &ar, &n)))
		return rc;
	if (!as->classification_id)
		return err_set(&r->err, ERR_INVALID, "id",
			       N_("The asset must be classified before its requirements can be listed."));
	if ((rc = req_appendix_check_case_ref(case_ref, &r->err)))
		return rc;
	/* The workbook is written from the rows; the other files from the document. */
	d = strcmp(ext, "xlsx") ? req_appendix_doc(r->arena, r->lang, as, case_ref, ar, n) : NULL;
	if (!d) {
		if ((rc = req_appendix_xlsx(r->arena, r->lang, as, case_ref, ar, n, &data, &len, &r->err)))
			return rc;
		mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	} else if (!strcmp(ext, "docx")) {
		if ((rc = doc_docx(r->arena, d, &data, &len, &r->err)))
			return rc;
		mime = DOC_MIME_DOCX;
	} else if (!strcmp(ext, "html")) {
		struct html h;
		html_init(&h, r->arena, r->lang);
		doc_html_standalone(&h, d);
		data = h.b.data;
		len = h.b.len;
		mime = DOC_MIME_HTML;
	} else {
		struct buf b;
		buf_init(&b, r->arena);
		doc_markdown(&b, d);
		data = b.data;
		len = b.len;
		mime = DOC_MIME_MD;
	}
	resp_file(r, data, len, mime, req_appendix_filename(r->arena, r->lang, as, ext));
	return 0;
}

int page_asset_requirements_docx(struct req *r)
{
	return appendix_file(r, "docx");
}

int page_asset_requirements_html(struct req *r)
{
	return appendix_file(r, "html");
}

int page_asset_requirements_md(struct req *r)
{
	return appendix_file(r, "md");
}

int page_asset_requirements_xlsx(struct req *r)
{
	return appendix_file(r, "xlsx");
}
