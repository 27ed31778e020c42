/*
 * page_assets.c - the register of information assets in the browser.
 *
 * The list filters by unit subtree, kind, classified or not, the three
 * flags and overdue review, searches and sorts; its filter form uses GET,
 * so a filtered view has an address that can be shared, and the export
 * links carry the same query. An asset's page shows its fields, the current
 * classification in the organisation's level names, and its dependencies in
 * both directions, with a form to add one: a search for the other asset
 * (a plain GET form) and a choice among what it finds, never a list of the
 * whole register (a circle is refused, naming the path). The list shows
 * its total exactly up to 10 000 and "more than 10 000" past it. Create and edit forms follow page_units.c: errors name the field
 * and keep what was typed; a stale version shows the other person's version.
 *
 * Who may do what: administrators and coordinators in scope create and
 * edit; an owner (systemägare) edits the assets they own; everyone with a
 * role in scope reads. The route's scope (asset_scope) reads the asset
 * once; the handlers take it from r->scope. Rights over a second record (a
 * move's destination, a dependency's other end) are the domain's to check.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/asset.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "web/layout.h"
#include "web/page_assets.h"
#include "web/page_gdpr.h"
#include "web/page_risks.h"
#include "web/widgets.h"

#define ASSETS_PAGE 50

/* --- small pieces shared by the pages --- */

static const char *label_of(const char *const *values, const char *const *labels, size_t n, const char *v)
{
	int k = asset_enum_parse(values, n, v);
	return k >= 0 ? labels[k] : "";
}

static const char *kind_label(const char *kind)
{
	return label_of(asset_kinds, asset_kind_labels, ASSET_KIND_COUNT, kind);
}

static bool overdue(const struct asset *as, const char *day)
{
	return as->review_due && *as->review_due && strcmp(as->review_due, day) < 0;
}

/* "K 2 R 1 T 3 S 0" with each letter explained, or "Not classified". */
static void levels_short(struct html *h, const struct asset *as)
{
	static const char *const letters[] = { N_("C"), N_("I"), N_("A"), N_("T") };
	static const char *const aspects[] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
					       N_("Traceability") };
	const int64_t lv[] = { as->c_level, as->i_level, as->a_level, as->t_level };

	if (!as->classification_id) {
		HTML_LIT(h, "<span class=\"kind\">");
		html_tr(h, "Not classified");
		HTML_LIT(h, "</span>");
		return;
	}
	for (size_t k = 0; k < 4; k++) {
		if (lv[k] < 0)
			continue;
		if (k)
			HTML_LIT(h, " ");
		HTML_LIT(h, "<abbr title=\"");
		html_attr(h, tr(h->lang, aspects[k]));
		HTML_LIT(h, "\">");
		html_tr(h, letters[k]);
		HTML_LIT(h, "</abbr>");
		html_int(h, lv[k]);
	}
}

/* @path followed by the list's filter arguments as they came in the request. */
static const char *with_filters(struct req *r, const char *path)
{
	return url_keep(r, path, asset_filter_args);
}

/* --- the list --- */

static const char *const any_yes_no_values[] = { "", "true", "false" };
static const char *const any_yes_no_labels[] = { N_("Any"), N_("Yes"), N_("No") };
static const char *const classified_labels[] = { N_("Any"), N_("Classified"), N_("Not classified") };
static const char *const sort_values[] = { "name", "kind", "unit", "updated", "review" };
static const char *const sort_labels[] = { N_("Name"), N_("Kind"), N_("Unit"), N_("Last changed"), N_("Review due") };
static const char *const order_values[] = { "asc", "desc" };
static const char *const order_labels[] = { N_("Ascending"), N_("Descending") };

static void filter_form(struct html *h, struct req *r, const struct picker *units)
{
	const char *ov = req_query(r, "review_overdue");

	filters_search_open(h, "/assets");
	form_input(h, r, "search", "q", "Search by name, description or supplier", req_query(r, "q"), false, NULL,
		   NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", units);
	filters_more_open(h, r);
	form_filter_select(h, r, "kind", "Kind", N_("All kinds"), asset_kinds, asset_kind_labels, ASSET_KIND_COUNT,
			   req_query(r, "kind"));
	form_select(h, r, "classified", "Classification", any_yes_no_values, classified_labels, 3,
		    req_query(r, "classified"), true, NULL);
	form_select(h, r, "business_critical", "Business-critical", any_yes_no_values, any_yes_no_labels, 3,
		    req_query(r, "business_critical"), true, NULL);
	form_select(h, r, "nis2", "In the scope of the cybersecurity act (NIS2)", any_yes_no_values, any_yes_no_labels,
		    3, req_query(r, "nis2"), true, NULL);
	form_select(h, r, "personal_data", "Personal data", any_yes_no_values, any_yes_no_labels, 3,
		    req_query(r, "personal_data"), true, NULL);
	form_select(h, r, "sort", "Sort by", sort_values, sort_labels, 5, req_query(r, "sort"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	/* A checkbox of its own: the filter's vocabulary says "true", form_checkbox() sends "1". */
	HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" value=\"true\" id=\"f-review_overdue\""
		    " name=\"review_overdue\"");
	if (ov && !strcmp(ov, "true"))
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"f-review_overdue\">");
	html_tr(h, "Only those past their review due date or flagged");
	HTML_LIT(h, "</label></div>");
	filters_more_close(h);
	filters_clear_close(h, "/assets");
}

static void flags(struct html *h, const struct asset *as)
{
	const char *sep = "";
	if (as->personal_data) {
		html_tr(h, "Personal data");
		sep = ", ";
	}
	if (as->business_critical) {
		html_text(h, sep);
		html_tr(h, "Business-critical");
		sep = ", ";
	}
	if (as->vital) {
		html_text(h, sep);
		html_tr(h, "Samhällsviktig");
		sep = ", ";
	}
	if (as->nis2) {
		html_text(h, sep);
		html_tr(h, "NIS2");
	}
}

static void review_cell(struct html *h, const struct asset *as, const char *day)
{
	if (as->review_due && *as->review_due) {
		if (overdue(as, day)) {
			HTML_LIT(h, "<strong>");
			html_text(h, as->review_due);
			HTML_LIT(h, " (");
			html_tr(h, "overdue");
			HTML_LIT(h, ")</strong>");
		} else {
			html_text(h, as->review_due);
		}
	} else {
		HTML_LIT(h, "–");
	}
	if (as->needs_review) {
		HTML_LIT(h, " <strong>");
		html_tr(h, "Flagged for review");
		HTML_LIT(h, "</strong>");
	}
}

static void export_link(struct html *h, struct req *r, const char *path, const char *label)
{
	HTML_LIT(h, "<a class=\"button\" href=\"");
	html_attr(h, with_filters(r, path));
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</a> ");
}

int page_assets(struct req *r)
{
	struct asset_filter f;
	struct asset *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	char day[TIME_ISO_LEN];
	struct html *h;
	struct db *db;
	int rc;

	asset_filter_init(&f);
	if ((rc = asset_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, ASSETS_PAGE, &f.limit, &f.offset);
	if ((rc = asset_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	time_today_iso(day);

	h = page_begin(r, tr(r->lang, "Information assets"));
	page_h1(h, N_("Information assets"));
	page_flash(h, r);
	if (authz_anywhere(r->auth, ACCESS_EDIT)) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/assets/new\">");
		html_tr(h, "New asset");
		HTML_LIT(h, "</a> <a href=\"/assets/import\">");
		html_tr(h, "Import from CSV");
		HTML_LIT(h, "</a></p>");
	}
	filter_form(h, r, &units);
	HTML_LIT(h, "<p class=\"actions\">");
	export_link(h, r, "/assets/export.xlsx", N_("Export XLSX"));
	export_link(h, r, "/assets/export.csv", N_("Export CSV"));
	export_link(h, r, "/assets/export.json", N_("Export JSON"));
	HTML_LIT(h, "</p>");

	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, total || f.offset ? N_("No asset on this page.") : N_("No asset matches the filter."));
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption>");
		html_tr(h, "Information assets");
		HTML_LIT(h, " (");
		if (total > ASSET_COUNT_BOUND) {
			html_tr(h, "more than");
			HTML_LIT(h, " ");
			html_count(h, ASSET_COUNT_BOUND);
		} else {
			html_int(h, total);
		}
		HTML_LIT(h, ")</caption>");
		table_head_sorted(h, r,
				  &(struct table_sort){
					  "/assets", asset_filter_args,
					  (const char *const[]){ "name", "kind", "unit", NULL, NULL, "review", NULL },
					  sort_values[f.sort], f.desc },
				  (const char *const[]){ N_("Name"), N_("Kind"), N_("Unit"), N_("Owner"),
							 N_("Classification"), N_("Review due"), N_("Flags"), NULL });
		for (size_t i = 0; i < n; i++) {
			const struct asset *as = &list[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "asset", as->id, as->name);
			HTML_LIT(h, "</th><td>");
			html_tr(h, kind_label(as->kind));
			HTML_LIT(h, "</td><td>");
			link_record(h, "unit", as->unit_id, as->unit_name);
			HTML_LIT(h, "</td><td>");
			if (as->owner_name)
				html_text(h, as->owner_name);
			else
				HTML_LIT(h, "–");
			HTML_LIT(h, "</td><td>");
			levels_short(h, as);
			HTML_LIT(h, "</td><td>");
			review_cell(h, as, day);
			HTML_LIT(h, "</td><td>");
			flags(h, as);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager_bounded(h, r, with_filters(r, "/assets"), f.offset, f.limit, total, ASSET_COUNT_BOUND);
	page_end(r, h);
	return 0;
}

/* --- the form, for create and edit --- */

/* Units where the signed-in user may create assets. */
static bool may_create_in(struct req *r, const struct unit *u, const void *ctx)
{
	(void)ctx;
	return authz_in_scope(r->auth, ACCESS_EDIT, u->path);
}

/* Units an existing asset may be moved to by this user (and its own unit). */
static bool may_move_to(struct req *r, const struct unit *u, const void *ctx)
{
	const struct asset *as = ctx;
	return u->id == as->unit_id || authz_may_edit_owned(r->auth, u->path, as->owner_id);
}

/*
 * The people who may own an asset in the unit at @unit_path (NULL, for a
 * new asset: in any unit; the domain checks the unit chosen), and @keep
 * (the owner now) even where they can no longer sign, marked so. Past
 * PERSON_SELECT_MAX people the owner is typed in (form_picker()), with
 * those who can sign suggested as one types.
 */
static int owner_picker(struct req *r, struct db *db, const char *unit_path, int64_t keep, struct picker *out)
{
	struct asset_owner_candidate *c;
	struct user u;
	bool kept = !keep;
	size_t n;
	int rc = asset_owner_candidates(db, r->arena, unit_path, NULL, PERSON_SELECT_MAX + 1, &c, &n, &r->err);

	if (rc)
		return rc;
	*out = (struct picker){ .kind = PICKER_PEOPLE, .typeahead = "/api/v1/people?can_sign=true&q=" };
	out->typed = n > PERSON_SELECT_MAX;
	if (out->typed)
		n = 0;
	out->values = arena_calloc(r->arena, n + 2, sizeof(char *));
	out->labels = arena_calloc(r->arena, n + 2, sizeof(char *));
	out->values[0] = "";
	out->labels[0] = tr(r->lang, "None");
	out->n = 1;
	for (size_t i = 0; i < n; i++) {
		out->values[out->n] = arena_printf(r->arena, "%" PRId64, c[i].id);
		out->labels[out->n++] = user_choice_label(r->arena, c[i].display_name, c[i].username);
		kept |= c[i].id == keep;
	}
	if (!kept && !out->typed && keep > 0) {
		const char *label = user_get(db, r->arena, keep, &u, NULL) == 0
					    ? user_choice_label(r->arena, u.display_name, u.username)
					    : "?";
		out->values[out->n] = arena_printf(r->arena, "%" PRId64, keep);
		out->labels[out->n++] =
			arena_printf(r->arena, "%s (%s)", label, tr(r->lang, "holds no role that can sign here"));
	}
	return 0;
}

static void asset_form(struct html *h, struct req *r, const char *action, const struct asset_input *in, int64_t version,
		       bool creating, const struct picker *units, const struct picker *owners,
		       const struct picker *admins, const struct err *e)
{
	form_open(h, r, action);
	if (!creating)
		form_hidden_int(h, "version", version);
	form_picker(h, r, "unit_id", "Unit", units, in->unit_id, e);
	form_select(h, r, "kind", "Kind", asset_kinds, asset_kind_labels, ASSET_KIND_COUNT, in->kind, true, e);
	form_text(h, r, "name", "Name", in->name, true, e);
	form_textarea(h, r, "description", "Description", in->description, e);
	/* The owner signs the classification: the informationsägare of an information set, the systemägare of a system. */
	form_picker(h, r, "owner_id",
		    creating ? N_("Owner (information owner of an information set, system owner of a system)")
			     : asset_owner_label(in->kind),
		    owners, in->owner_id, e);
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "Only people who can sign the classification are offered: an owner, coordinator or administrator "
		   "over the asset's unit.");
	HTML_LIT(h, "</p>");
	form_picker(h, r, "administrator_id", "System administrator (systems and digital services)", admins,
		    in->administrator_id, e);
	form_text(h, r, "supplier", "Supplier", in->supplier, false, e);
	form_select(h, r, "hosting", "Hosting", asset_hostings, asset_hosting_labels, ASSET_HOSTING_COUNT, in->hosting,
		    true, e);
	form_select(h, r, "lifecycle", "Lifecycle status", asset_lifecycles, asset_lifecycle_labels,
		    ASSET_LIFECYCLE_COUNT, in->lifecycle && *in->lifecycle ? in->lifecycle : "in_use", true, e);
	form_checkbox(h, r, "personal_data", "Holds personal data", in->personal_data);
	form_checkbox(h, r, "business_critical", "Business-critical", in->business_critical);
	form_checkbox(h, r, "vital", "Samhällsviktig verksamhet (civil preparedness, RSA)", in->vital);
	form_checkbox(h, r, "nis2", "Supports services in the scope of the cybersecurity act (NIS2)", in->nis2);
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
}

static struct asset_input input_from_form(struct req *r)
{
	struct asset_input in = { 0 };
	in.unit_id = form_int(r, "unit_id", 0);
	in.kind = req_form(r, "kind");
	in.name = req_form(r, "name");
	in.description = req_form(r, "description");
	in.owner_id = form_int(r, "owner_id", 0);
	in.administrator_id = form_int(r, "administrator_id", 0);
	in.supplier = req_form(r, "supplier");
	in.hosting = req_form(r, "hosting");
	in.lifecycle = req_form(r, "lifecycle");
	in.personal_data = req_form(r, "personal_data") != NULL;
	in.business_critical = req_form(r, "business_critical") != NULL;
	in.nis2 = req_form(r, "nis2") != NULL;
	in.vital = req_form(r, "vital") != NULL;
	return in;
}

static const char *yes_no(bool b)
{
	return b ? N_("Yes") : N_("No");
}

/*
 * The rows of who looks after an asset and where it runs: its owner, its
 * system administrator (where its kind has one, or one is set), supplier
 * and hosting.
 */
static void keeper_rows(struct html *h, struct req *r, const struct asset *as)
{
	detail_row(h, asset_owner_label(as->kind), as->owner_name);
	if (asset_kind_has_administrator(as->kind) || as->administrator_id)
		detail_row(h, "System administrator", as->administrator_name);
	detail_row(h, "Supplier", as->supplier);
	detail_row(h, "Hosting",
		   tr(r->lang, label_of(asset_hostings, asset_hosting_labels, ASSET_HOSTING_COUNT, as->hosting)));
}

/* Show the other person's version above a form that kept the user's input. */
static void theirs(struct html *h, struct req *r, const struct asset *cur)
{
	page_theirs_open(h);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Unit", cur->unit_name);
	detail_row(h, "Kind", tr(r->lang, kind_label(cur->kind)));
	detail_row(h, "Name", cur->name);
	detail_row(h, "Description", cur->description);
	keeper_rows(h, r, cur);
	detail_row(
		h, "Lifecycle status",
		tr(r->lang, label_of(asset_lifecycles, asset_lifecycle_labels, ASSET_LIFECYCLE_COUNT, cur->lifecycle)));
	detail_row(h, "Holds personal data", tr(r->lang, yes_no(cur->personal_data)));
	detail_row(h, "Business-critical", tr(r->lang, yes_no(cur->business_critical)));
	detail_row(h, "Samhällsviktig verksamhet", tr(r->lang, yes_no(cur->vital)));
	detail_row(h, "In the scope of the cybersecurity act (NIS2)", tr(r->lang, yes_no(cur->nis2)));
	HTML_LIT(h, "</dl></section>");
}

/*
 * The asset form's page: a new asset (@as NULL), or the edit of @as with the
 * version it changes and, after a conflict, the other person's version @cur.
 */
static int form_page(struct req *r, const struct asset *as, const struct asset_input *in, int64_t version,
		     const struct asset *cur, const struct err *e)
{
	const char *title = as ? N_("Edit asset") : N_("New asset");
	struct picker units = { 0 };
	struct picker owners = { 0 }, admins = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, NULL, as ? may_move_to : may_create_in, as, &units)) ||
	    (rc = owner_picker(r, db, as ? as->unit_path : NULL, in->owner_id, &owners)) ||
	    (rc = picker_users(r, db, N_("None"), in->administrator_id, 0, &admins)))
		return rc;
	h = page_begin(r, tr(r->lang, title));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/assets\">");
	html_tr(h, "Information assets");
	HTML_LIT(h, "</a>");
	if (as) {
		HTML_LIT(h, " › ");
		link_record(h, "asset", as->id, as->name);
	}
	HTML_LIT(h, "</p><h1>");
	html_tr(h, title);
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (cur)
		theirs(h, r, cur);
	asset_form(h, r, as ? arena_printf(r->arena, "/assets/%" PRId64 "/edit", as->id) : "/assets", in, version, !as,
		   &units, &owners, &admins, e);
	page_end(r, h);
	return 0;
}

static int new_form(struct req *r, const void *ctx, const struct err *e)
{
	return form_page(r, NULL, ctx, 0, NULL, e);
}

int page_asset_new(struct req *r)
{
	struct asset_input in = { 0 };

	/* The unit ?unit_id= names, when given, is read and checked by the route's scope. */
	in.unit_id = r->scope.unit_id;
	in.kind = req_query(r, "kind");
	if (asset_enum_parse(asset_kinds, ASSET_KIND_COUNT, in.kind) < 0)
		in.kind = "system";
	in.lifecycle = "in_use";
	return new_form(r, &in, NULL);
}

int page_asset_create(struct req *r)
{
	struct asset_input in = input_from_form(r);
	struct err e = { 0 };
	struct db *db;
	int64_t id = 0;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = asset_create(db, r->arena, r->auth, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/assets/%" PRId64 "?msg=created", id), new_form, &in);
}

/* --- one asset --- */

static void classification_section(struct html *h, struct req *r, struct db *db, const struct asset *as)
{
	static const char *const aspects[] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
					       N_("Traceability") };
	const int64_t lv[] = { as->c_level, as->i_level, as->a_level, as->t_level };
	const char *names[ASSET_MAX_LEVEL + 1];
	struct err ignored = { 0 };

	HTML_LIT(h, "<section aria-labelledby=\"class-h\"><h2 id=\"class-h\">");
	html_tr(h, "Classification");
	HTML_LIT(h, "</h2>");
	if (as->needs_review) {
		HTML_LIT(h, "<p><strong>");
		html_tr(h, "Flagged for review: something it inherits its classification from has changed.");
		HTML_LIT(h, "</strong></p>");
	}
	if (!as->classification_id) {
		HTML_LIT(h, "<p>");
		html_tr(h, "The asset has not been classified yet.");
		HTML_LIT(h, "</p>");
	} else {
		/* Level names are the organisation's when it has named them, else the national scale's. */
		if (asset_level_names(db, r->arena, as->unit_path, names, &ignored))
			for (size_t k = 0; k <= ASSET_MAX_LEVEL; k++)
				names[k] = NULL;
		HTML_LIT(h, "<table><caption class=\"sr-only\">");
		html_tr(h, "Classification");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("Aspect"), N_("Level"), NULL });
		for (size_t k = 0; k < 4; k++) {
			if (lv[k] < 0)
				continue;
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_tr(h, aspects[k]);
			HTML_LIT(h, "</th><td>");
			html_int(h, lv[k]);
			if (lv[k] <= ASSET_MAX_LEVEL && names[lv[k]]) {
				HTML_LIT(h, " – ");
				html_text(h, names[lv[k]]);
			} else if (asset_national_level(lv[k])) {
				HTML_LIT(h, " – ");
				html_tr(h, asset_national_level(lv[k]));
			}
			HTML_LIT(h, "</td></tr>");
		}
		HTML_LIT(h, "</tbody></table><dl class=\"details\">");
		detail_row(h, "Review due", as->review_due);
		HTML_LIT(h, "</dl>");
	}
	HTML_LIT(h, "<p class=\"actions\">");
	/* Not classified yet: the form is offered at once. */
	if (!as->classification_id && asset_can_edit(r->auth, as)) {
		link_asset_page(h, as->id, "/classification/new", N_("Classify"), true);
		HTML_LIT(h, " ");
	}
	link_asset_page(h, as->id, "/classification", N_("Classification"), true);
	HTML_LIT(h, " ");
	link_asset_page(h, as->id, "/requirements", N_("Requirements"), true);
	if (as->classification_id) {
		HTML_LIT(h, " ");
		link_asset_page(h, as->id, "/requirements/appendix", N_("Procurement appendix"), false);
	}
	HTML_LIT(h, "</p></section>");
}

static const char *link_kind_label(const char *kind, bool outgoing)
{
	bool holds = kind && !strcmp(kind, "holds");
	if (outgoing)
		return holds ? N_("Holds") : N_("Depends on");
	return holds ? N_("Holds this") : N_("Depends on this");
}

static void links_table(struct html *h, struct req *r, const struct asset *self, const struct asset_link *links,
			size_t n, bool outgoing, const char *caption)
{
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None.");
		HTML_LIT(h, "</p>");
		return;
	}
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, caption);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Asset");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Kind");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Dependency");
	HTML_LIT(h, "</th><th scope=\"col\"><span class=\"sr-only\">");
	html_tr(h, "Actions");
	HTML_LIT(h, "</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct asset_link *l = &links[i];
		bool visible = asset_link_visible(r->auth, l);
		const char *name = visible ? l->other_name : tr(r->lang, "An asset in another unit");
		HTML_LIT(h, "<tr><th scope=\"row\">");
		if (visible)
			link_record(h, "asset", outgoing ? l->to_id : l->from_id, name);
		else
			html_text(h, name);
		HTML_LIT(h, "</th><td>");
		html_tr(h, kind_label(l->other_kind));
		HTML_LIT(h, "</td><td>");
		html_tr(h, link_kind_label(l->kind, outgoing));
		HTML_LIT(h, "</td><td>");
		if (asset_link_can_remove(r->auth, self, l)) {
			HTML_LIT(h, "<form class=\"inline\" method=\"post\" action=\"/asset-links/");
			html_int(h, l->id);
			HTML_LIT(h, "/delete\">");
			if (r->auth->csrf)
				form_hidden(h, "csrf", r->auth->csrf);
			form_hidden_int(h, "back", self->id);
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, "Remove");
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_text(h, name);
			HTML_LIT(h, "</span></button></form>");
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static const char *const link_kinds[] = { "depends_on", "holds" };
static const char *const link_kind_labels[] = { N_("Depends on"), N_("Holds (an information set)") };

/* The search for the other end of a new dependency shows at most this many assets. */
#define LINK_PICKS 20

/*
 * The add-dependency form: a search for the other asset among those the
 * user sees (asset_search_find()), then the matches to choose from. The
 * search travels with the POST (link_q), so a refused dependency shows the
 * same choices again, and the asset tried stays among them when the user
 * may see it.
 */
static int link_form(struct html *h, struct req *r, struct db *db, const struct asset *as, int64_t to, const char *kind,
		     const struct err *e)
{
	struct asset_search s = {
		.qname = "link_q",
		.action = arena_printf(r->arena, "/assets/%" PRId64 "#add-link", as->id),
		.label = N_("Find the other asset by name, description or supplier"),
		.skip = as->id,
		.keep = to,
		.max = LINK_PICKS,
	};
	struct picker p = { 0 };
	int rc;

	if ((rc = asset_search_find(r, db, &s, &p)))
		return rc;
	HTML_LIT(h, "<h3 id=\"add-link\">");
	html_tr(h, "Add a dependency");
	HTML_LIT(h, "</h3>");
	form_errors(h, r, e);
	asset_search_form(h, r, &s, &p);
	if (p.n == 0)
		return 0;
	form_open(h, r, arena_printf(r->arena, "/assets/%" PRId64 "/links", as->id));
	if (s.q)
		form_hidden(h, "link_q", s.q);
	form_select(h, r, "kind", "This asset", link_kinds, link_kind_labels, 2, kind, true, e);
	form_picker(h, r, "to_id", "Other asset", &p, to, e);
	form_submit(h, "Add dependency", false);
	form_close(h);
	return 0;
}

/*
 * What the asset page shows besides the asset: the other end and kind of a
 * dependency being added, or (@set) a new information set being made, and
 * its problem.
 */
struct link_try {
	int64_t to;
	const char *kind;
	const struct asset_input *set;
};

/*
 * A new information set held by this asset, made from its page in one step
 * (asset_create_held()): its name, description, whether it holds personal
 * data and its information owner; it goes in this asset's unit.
 */
static int set_form(struct html *h, struct req *r, struct db *db, const struct asset *as, const struct asset_input *in,
		    const struct err *e)
{
	struct asset_input blank = { 0 };
	struct picker owners = { 0 };
	int rc;

	if (!in)
		in = &blank;
	if ((rc = owner_picker(r, db, as->unit_path, in->owner_id, &owners)))
		return rc;
	HTML_LIT(h, "<h3 id=\"new-set\">");
	html_tr(h, "New information set held by this asset");
	HTML_LIT(h, "</h3><p class=\"hint\">");
	html_tr(h,
		"It is registered in this asset's unit and this asset holds it: the set's levels become the floor of this asset's classification.");
	HTML_LIT(h, "</p>");
	form_errors(h, r, e);
	form_open(h, r, arena_printf(r->arena, "/assets/%" PRId64 "/information-sets", as->id));
	form_text(h, r, "name", "Name", in->name, true, e);
	form_textarea(h, r, "description", "Description", in->description, e);
	form_picker(h, r, "owner_id", N_("Information owner"), &owners, in->owner_id, e);
	form_checkbox(h, r, "personal_data", "Holds personal data", in->personal_data);
	form_submit(h, "Create the information set", false);
	form_close(h);
	return 0;
}

static int asset_page(struct req *r, const struct asset *as, const struct link_try *t, const struct err *link_err)
{
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	bool can_edit;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = asset_links(db, r->arena, as->id, &deps, &n_deps, &dependants, &n_dependants, &r->err)))
		return rc;
	can_edit = asset_can_edit(r->auth, as);

	h = page_begin(r, as->name);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/assets\">");
	html_tr(h, "Information assets");
	HTML_LIT(h, "</a> › ");
	link_record(h, "unit", as->unit_id, as->unit_name);
	HTML_LIT(h, "</p><h1>");
	html_text(h, as->name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (can_edit) {
		HTML_LIT(h, "<p class=\"actions\">");
		link_asset_page(h, as->id, "/edit", N_("Edit"), true);
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Kind", tr(r->lang, kind_label(as->kind)));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", as->unit_id, as->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Description", as->description);
	keeper_rows(h, r, as);
	detail_row(h, "Holds personal data", tr(r->lang, yes_no(as->personal_data)));
	detail_row(h, "Business-critical", tr(r->lang, yes_no(as->business_critical)));
	detail_row(h, "Samhällsviktig verksamhet", tr(r->lang, yes_no(as->vital)));
	detail_row(h, "In the scope of the cybersecurity act (NIS2)", tr(r->lang, yes_no(as->nis2)));
	detail_row(
		h, "Lifecycle status",
		tr(r->lang, label_of(asset_lifecycles, asset_lifecycle_labels, ASSET_LIFECYCLE_COUNT, as->lifecycle)));
	if (as->retired_at)
		time_row(h, N_("Retired"), as->retired_at);
	time_row(h, N_("Last changed"), as->updated_at);
	HTML_LIT(h, "</dl>");

	classification_section(h, r, db, as);
	gdpr_asset_section(h, r, as);
	if ((rc = risk_asset_section(h, r, db, as)))
		return rc;

	HTML_LIT(h, "<section id=\"dependencies\" aria-labelledby=\"deps-h\"><h2 id=\"deps-h\">");
	html_tr(h, "Dependencies");
	HTML_LIT(h, "</h2><h3>");
	html_tr(h, "What this asset holds or depends on");
	HTML_LIT(h, "</h3>");
	links_table(h, r, as, deps, n_deps, true, N_("What this asset holds or depends on"));
	HTML_LIT(h, "<h3>");
	html_tr(h, "What depends on this asset");
	HTML_LIT(h, "</h3>");
	links_table(h, r, as, dependants, n_dependants, false, N_("What depends on this asset"));
	if (can_edit &&
	    (rc = link_form(h, r, db, as, t ? t->to : 0, t ? t->kind : "depends_on", t && t->set ? NULL : link_err)))
		return rc;
	if (strcmp(as->kind, "information_set") && authz_in_scope(r->auth, ACCESS_EDIT, as->unit_path) &&
	    (rc = set_form(h, r, db, as, t ? t->set : NULL, t && t->set ? link_err : NULL)))
		return rc;
	HTML_LIT(h, "</section>");
	page_end(r, h);
	return 0;
}

int page_asset(struct req *r)
{
	return asset_page(r, scope_record(&r->scope, "asset"), NULL, NULL);
}

/* --- editing --- */

/* The edit form: the asset as stored, what the user typed and the version they change. */
static int edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	return form_page(r, v->rec, v->in, v->version, v->cur, e);
}

PAGE_FROM_FORM(edit_asset_from_form, struct asset_input, input_from_form)
PAGE_INPUT_OF(edit_asset_input_of, struct asset_input, asset_input_of)
PAGE_UPDATER(edit_asset_update, asset_update)

static const struct page_record_def asset_def = {
	PAGE_RECORD(struct asset, struct asset_input),
	.kind = "asset",
	.path = "/assets/",
	.from_form = edit_asset_from_form,
	.input_of = edit_asset_input_of,
	.update = edit_asset_update,
	.form = edit_form,
};

int page_asset_edit(struct req *r)
{
	return page_record_edit(r, &asset_def);
}

int page_asset_update(struct req *r)
{
	return page_record_update(r, &asset_def);
}

/* --- dependencies --- */

struct link_view {
	const struct asset *as;
	struct link_try t;
};

static int link_again(struct req *r, const void *ctx, const struct err *e)
{
	const struct link_view *v = ctx;
	return asset_page(r, v->as, &v->t, e);
}

int page_asset_link_add(struct req *r)
{
	const struct asset *from = scope_record(&r->scope, "asset");
	struct link_view v = { from, { form_int(r, "to_id", 0), req_form(r, "kind"), NULL } };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = asset_link_add(db, r->arena, r->auth, from, v.t.to, v.t.kind, NULL, &e);
	/* A dependency already recorded is a conflict with what is stored. */
	if (rc == ERR_EXISTS)
		rc = ERR_CONFLICT;
	return page_saved(r, rc, &e, arena_printf(r->arena, "/assets/%" PRId64 "?msg=saved#dependencies", from->id),
			  link_again, &v);
}

int page_asset_set_add(struct req *r)
{
	const struct asset *holder = scope_record(&r->scope, "asset");
	struct asset_input in = { 0 };
	struct link_view v = { holder, { 0, NULL, &in } };
	struct err e = { 0 };
	struct db *db;
	int64_t id = 0;
	int rc;

	in.name = req_form(r, "name");
	in.description = req_form(r, "description");
	in.owner_id = form_int(r, "owner_id", 0);
	in.personal_data = req_form(r, "personal_data") != NULL;
	in.lifecycle = "in_use";
	if (!(db = req_db(r)))
		return r->err.code;
	rc = asset_create_held(db, r->arena, r->auth, holder, &in, &id, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/assets/%" PRId64 "?msg=created#dependencies", holder->id),
			  link_again, &v);
}

int page_asset_link_delete(struct req *r)
{
	const struct asset_link *l = scope_record(&r->scope, "asset_link");
	int64_t back = form_int(r, "back", 0);
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = asset_link_remove(db, r->arena, r->auth, l, &r->err)))
		return rc;
	if (back != l->from_id && back != l->to_id)
		back = l->from_id;
	return resp_redirect(r, arena_printf(r->arena, "/assets/%" PRId64 "?msg=saved#dependencies", back));
}
