/*
 * page_gdpr.c - the register of processing activities in the browser.
 *
 * The list filters by controller subtree, state, legal basis, special
 * categories, third country, impact assessment and overdue review, searches
 * and sorts; its filter form uses GET, so the exports and the printable
 * register carry the same query. An activity's page shows every item of
 * Art. 30(1) (the security measures drawn from the classification and the
 * fulfilled requirements of the systems it uses), the screening for an
 * impact assessment with what triggered it, the transfers with their forms,
 * and the buttons of its review: the owner submits, the data protection
 * officer validates, sends back or asks for a review. The form keeps what
 * was typed and names the field of a problem; a stale version shows the
 * other person's version.
 *
 * Who may do what: the route table (ACCESS_GDPR for the register's
 * writers and an entry's owner, ACCESS_DPO for the review); the domain
 * checks every second record. The route's scope reads the activity once.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/gdpr.h"
#include "domain/unit.h"
#include "domain/validate.h"
#include "io/doc.h"
#include "web/layout.h"
#include "web/page_gdpr.h"
#include "web/page_risks.h"
#include "web/widgets.h"

#define GDPR_PAGE 50

static const char *num(struct req *r, int64_t v)
{
	return v ? arena_printf(r->arena, "%" PRId64, v) : "";
}

static const char *count(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%" PRId64, v);
}

/* @msgid with its one %s filled in, translated (never used as a format). */
static const char *tr1(struct req *r, const char *msgid, const char *arg)
{
	struct err e = { 0 };
	err_set1(&e, ERR_INVALID, NULL, msgid, arg);
	return err_message(&e, r->lang, r->arena);
}

static void h2(struct html *h, const char *id, const char *msgid)
{
	HTML_LIT(h, "<h2 id=\"");
	html_attr(h, id);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, "</h2>");
}

static void para(struct html *h, const char *msgid)
{
	HTML_LIT(h, "<p>");
	html_tr(h, msgid);
	HTML_LIT(h, "</p>");
}

static void button_link(struct html *h, const char *href, const char *msgid, bool primary)
{
	HTML_LIT(h, "<a class=\"button");
	if (!primary)
		HTML_LIT(h, " secondary");
	HTML_LIT(h, "\" href=\"");
	html_attr(h, href);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, "</a> ");
}

static const char *activity_url(struct req *r, int64_t id, const char *rest)
{
	return arena_printf(r->arena, "/gdpr/activities/%" PRId64 "%s", id, rest);
}

/* "Art. 6(1) e – uppgift av allmänt intresse …" */
static void basis_text(struct html *h, const char *art, const char *label)
{
	html_tr(h, art);
	HTML_LIT(h, " ");
	if (label)
		html_tr(h, label);
	else
		HTML_LIT(h, "–");
}

/* --- the list ----------------------------------------------------------------------------- */

static const char *const any_yes_no_values[] = { "", "true", "false" };
static const char *const any_yes_no_labels[] = { N_("Any"), N_("Yes"), N_("No") };
static const char *const sort_values[] = { "name", "unit", "state", "reviewed", "updated" };
static const char *const sort_labels[] = { N_("Name"), N_("Controller"), N_("Status"), N_("Last reviewed"),
					   N_("Last changed") };
static const char *const order_values[] = { "asc", "desc" };
static const char *const order_labels[] = { N_("Ascending"), N_("Descending") };

static const char *with_filters(struct req *r, const char *path)
{
	return url_keep(r, path, gdpr_filter_args);
}

/* A checkbox of a filter whose vocabulary says "true". */
static void filter_check(struct html *h, struct req *r, const char *name, const char *msgid)
{
	const char *v = req_query(r, name);
	HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" value=\"true\" id=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\"");
	if (v && !strcmp(v, "true"))
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, "</label></div>");
}

static void filter_form(struct html *h, struct req *r, const struct picker *units)
{
	filters_search_open(h, "/gdpr");
	form_input(h, r, "search", "q", "Search by name or description", req_query(r, "q"), false, NULL, NULL);
	form_unit_filter(h, r, "unit_id", "Controller (with the units below it)", units);
	filters_more_open(h, r);
	form_filter_select(h, r, "state", "Status", N_("All statuses"), gdpr_states, gdpr_state_labels,
			   GDPR_STATE_COUNT, req_query(r, "state"));
	{
		static const char *const labels[6] = {
			N_("(a) consent"),
			N_("(b) contract with the data subject"),
			N_("(c) legal obligation"),
			N_("(d) vital interests"),
			N_("(e) task in the public interest or exercise of official authority"),
			N_("(f) legitimate interests")
		};
		form_filter_select(h, r, "legal_basis", "Legal basis (Art. 6(1))", N_("Any"), gdpr_art6_points, labels,
				   6, req_query(r, "legal_basis"));
	}
	form_select(h, r, "special", "Special categories or criminal offence data", any_yes_no_values,
		    any_yes_no_labels, 3, req_query(r, "special"), true, NULL);
	form_select(h, r, "third_country", "Transfer to a third country", any_yes_no_values, any_yes_no_labels, 3,
		    req_query(r, "third_country"), true, NULL);
	form_select(h, r, "dpia_required", "Impact assessment required", any_yes_no_values, any_yes_no_labels, 3,
		    req_query(r, "dpia_required"), true, NULL);
	form_select(h, r, "sort", "Sort by", sort_values, sort_labels, 5, req_query(r, "sort"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	filter_check(h, r, "review_overdue", N_("Only those not reviewed in twelve months"));
	filters_more_close(h);
	filters_clear_close(h, "/gdpr");
}

static void flags(struct html *h, const struct gdpr_activity *p)
{
	const char *sep = "";
#define FLAG(cond, msgid)          \
	if (cond) {                \
		html_text(h, sep); \
		html_tr(h, msgid); \
		sep = ", ";        \
	}
	FLAG(*p->art9_point || p->art10, N_("Special categories"));
	FLAG(p->has_transfer, N_("Third country"));
	FLAG(!strcmp(p->dpia_decision, "required") || (!*p->dpia_decision && p->dpia_suggested),
	     N_("Impact assessment required"));
	FLAG(p->dpia_needs_review, N_("DPIA to review"));
	FLAG(!strcmp(p->role, "processor"), N_("As processor"));
#undef FLAG
}

static void reviewed_cell(struct html *h, const struct gdpr_activity *p, const char *cutoff)
{
	if (p->reviewed_at)
		html_textn(h, p->reviewed_at, 10);
	else
		html_tr(h, "Never");
	if (gdpr_review_overdue(p, cutoff)) {
		HTML_LIT(h, " <strong>");
		html_tr(h, "(overdue)");
		HTML_LIT(h, "</strong>");
	}
}

static void export_links(struct html *h, struct req *r)
{
	HTML_LIT(h, "<p class=\"actions\">");
	button_link(h, with_filters(r, "/gdpr/register"), N_("The register (printable)"), false);
	button_link(h, with_filters(r, "/gdpr/register.docx"), N_("Export DOCX"), false);
	button_link(h, with_filters(r, "/gdpr/register.xlsx"), N_("Export XLSX"), false);
	button_link(h, with_filters(r, "/gdpr/register.csv"), N_("Export CSV"), false);
	button_link(h, with_filters(r, "/gdpr/register.json"), N_("Export JSON"), false);
	HTML_LIT(h, "</p>");
}

int page_gdpr(struct req *r)
{
	struct gdpr_filter f;
	struct gdpr_activity *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	char cutoff[11];
	struct html *h;
	struct db *db;
	int rc;

	gdpr_filter_init(&f);
	if ((rc = gdpr_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, GDPR_PAGE, &f.limit, &f.offset);
	if ((rc = gdpr_activity_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	gdpr_review_cutoff(cutoff);

	h = page_begin(r, tr(r->lang, "Register of processing activities"));
	page_h1(h, N_("Register of processing activities"));
	page_flash(h, r);
	HTML_LIT(h, "<p class=\"actions\">");
	if (authz_anywhere(r->auth, ACCESS_GDPR))
		button_link(h, "/gdpr/activities/new", N_("New processing activity"), true);
	button_link(h, "/gdpr/processors", N_("Processors"), false);
	button_link(h, "/gdpr/categories", N_("Categories of data subjects and personal data"), false);
	button_link(h, "/gdpr/assets", N_("Systems with personal data"), false);
	HTML_LIT(h, "</p>");
	filter_form(h, r, &units);
	export_links(h, r);
	if (n == 0) {
		para(h, total || f.offset ? N_("No processing activity on this page.")
					  : N_("No processing activity matches the filter."));
	} else {
		table_open(h, N_("Processing activities"), total,
			   (const char *const[]){ N_("Processing activity"), N_("Controller"), N_("Owner"),
						  N_("Status"), N_("Legal basis"), N_("Last reviewed"), N_("Flags"),
						  NULL });
		for (size_t i = 0; i < n; i++) {
			const struct gdpr_activity *p = &list[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "processing_activity", p->id, p->name);
			HTML_LIT(h, "</th><td>");
			link_record(h, "unit", p->unit_id, p->unit_name);
			HTML_LIT(h, "</td><td>");
			html_text(h, p->owner_name ? p->owner_name : "–");
			HTML_LIT(h, "</td><td>");
			html_tr(h, gdpr_state_label(p->state));
			HTML_LIT(h, "</td><td>");
			for (const char *b = p->legal_bases; *b; b++) {
				if (b != p->legal_bases)
					HTML_LIT(h, ", ");
				html_textn(h, b, 1);
			}
			HTML_LIT(h, "</td><td>");
			reviewed_cell(h, p, cutoff);
			HTML_LIT(h, "</td><td>");
			flags(h, p);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, with_filters(r, "/gdpr"), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- the form -------------------------------------------------------------------------------- */

static const char *const roles[] = { "controller", "processor" };
static const char *const role_labels[] = { N_("Controller (Art. 30(1))"),
					   N_("Processor on behalf of another controller (Art. 30(2))") };
static const char *const decisions[] = { "", "required", "not_required" };
static const char *const decision_labels[] = { N_("Not decided"), N_("Required"), N_("Not required") };

/* What the form offers: the organisation's vocabularies, the systems and processors, the units and people. */
struct form_choices {
	struct gdpr_category *cats;
	size_t n_cats;
	struct asset *assets;
	size_t n_assets;
	struct gdpr_processor *procs;
	size_t n_procs;
	struct picker units, users;
	struct picker asset_pick; /* typed (c->assets then unread) past ASSET_SELECT_MAX assets of the organisation */
};

static bool same_org_gdpr(struct req *r, const struct unit *u, const void *ctx)
{
	const int64_t *org = ctx;
	return unit_org_of(u->path) == *org && authz_in_scope(r->auth, ACCESS_GDPR, u->path);
}

static int load_choices(struct req *r, struct db *db, int64_t org, const struct gdpr_activity_input *in,
			struct form_choices *c)
{
	struct asset_filter af;
	struct gdpr_processor_filter pf = { 0 };
	int64_t total;
	int64_t *org_p = arena_calloc(r->arena, 1, sizeof(*org_p));
	int rc;

	*org_p = org;
	asset_filter_init(&af);
	af.viewer_id = r->auth->user_id;
	af.unit_id = org;
	af.limit = 1000;
	pf.viewer_id = r->auth->user_id;
	pf.unit_id = org;
	pf.agreement = -1;
	pf.limit = 500;
	if ((rc = picker_assets_of(r, db, org, &c->asset_pick)))
		return rc;
	if ((rc = gdpr_categories(db, r->arena, org, NULL, true, &c->cats, &c->n_cats, &r->err)) ||
	    (!c->asset_pick.typed && (rc = asset_list(db, r->arena, &af, &c->assets, &c->n_assets, &total, &r->err))) ||
	    (rc = processor_list(db, r->arena, &pf, &c->procs, &c->n_procs, &total, &r->err)) ||
	    (rc = picker_units(r, db, NULL, same_org_gdpr, org_p, &c->units)) ||
	    (rc = picker_users(r, db, N_("None"), in->dpo_id, in->owner_id, &c->users)))
		return rc;
	return 0;
}

static bool has(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static const struct gdpr_data_input *data_of(const struct gdpr_activity_input *in, int64_t id)
{
	for (size_t i = 0; i < in->n_data; i++)
		if (in->data[i].category_id == id)
			return &in->data[i];
	return NULL;
}

/* An error message beside a field that is not a form_* control (fieldsets, table cells). */
static void inline_error(struct html *h, struct req *r, const char *field, const struct err *e)
{
	if (!e || !e->code || !e->field || strcmp(e->field, field))
		return;
	HTML_LIT(h, "<p class=\"field-error\" id=\"e-");
	html_attr(h, field);
	HTML_LIT(h, "\">");
	html_text(h, err_message(e, r->lang, r->arena));
	HTML_LIT(h, "</p>");
}

static bool err_is(const struct err *e, const char *field)
{
	return e && e->code && e->field && !strcmp(e->field, field);
}

/* Attributes of a control with @id that the problem @e may name. */
static void control_attrs(struct html *h, const char *id, const struct err *e)
{
	HTML_LIT(h, " id=\"f-");
	html_attr(h, id);
	HTML_LIT(h, "\"");
	if (err_is(e, id)) {
		HTML_LIT(h, " aria-invalid=\"true\" aria-describedby=\"e-");
		html_attr(h, id);
		HTML_LIT(h, "\"");
	}
}

static void fieldset_open(struct html *h, const char *id, const char *legend, const struct err *e)
{
	HTML_LIT(h, "<fieldset");
	control_attrs(h, id, e);
	HTML_LIT(h, " tabindex=\"-1\"><legend>");
	html_tr(h, legend);
	HTML_LIT(h, "</legend>");
}

static void check_item(struct html *h, const char *name, const char *id, const char *value, const char *label,
		       bool checked)
{
	HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\" value=\"");
	html_attr(h, value);
	HTML_LIT(h, "\" id=\"");
	html_attr(h, id);
	HTML_LIT(h, "\"");
	if (checked)
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"");
	html_attr(h, id);
	HTML_LIT(h, "\">");
	html_text(h, label);
	HTML_LIT(h, "</label></div>");
}

/* The organisation's systems and information sets (ASSET_SELECT_MAX at most), those of the activity chosen. */
static void systems_select(struct html *h, struct req *r, const struct form_choices *c,
			   const struct gdpr_activity_input *in, const struct err *e)
{
	HTML_LIT(h, "<div class=\"field");
	if (err_is(e, "asset_ids"))
		HTML_LIT(h, " invalid");
	HTML_LIT(h, "\"><label for=\"f-asset_ids\">");
	html_tr(h, "Systems and information sets used");
	HTML_LIT(h, "</label><select multiple size=\"8\" name=\"asset_ids\"");
	control_attrs(h, "asset_ids", e);
	HTML_LIT(h, ">");
	for (size_t i = 0; i < c->n_assets; i++) {
		const struct asset *as = &c->assets[i];
		HTML_LIT(h, "<option value=\"");
		html_int(h, as->id);
		HTML_LIT(h, "\"");
		if (has(in->asset_ids, in->n_assets, as->id))
			HTML_LIT(h, " selected");
		HTML_LIT(h, ">");
		html_text(h, as->name);
		HTML_LIT(h, " (");
		html_text(h, as->unit_name);
		HTML_LIT(h, ")</option>");
	}
	HTML_LIT(h, "</select>");
	inline_error(h, r, "asset_ids", e);
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "The security measures are those of the systems: their classification and the requirements they "
		   "fulfil.");
	HTML_LIT(h, "</p></div>");
}

static void activity_form(struct html *h, struct req *r, const char *action, const struct gdpr_activity_input *in,
			  int64_t version, bool creating, const struct form_choices *c, const struct err *e)
{
	static const char *const art9_values[] = { "", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
	const char *art9_labels[11];
	const char *basis_labels[7];
	static const char *const basis_values[] = { "", "a", "b", "c", "d", "e", "f" };
	size_t n_rows = in->n_purposes + 2;

	art9_labels[0] = N_("None");
	for (size_t k = 1; k < 11; k++)
		art9_labels[k] = gdpr_art9_label(art9_values[k]);
	basis_labels[0] = N_("Choose");
	for (size_t k = 1; k < 7; k++)
		basis_labels[k] = gdpr_art6_label(basis_values[k]);

	form_open(h, r, action);
	if (!creating)
		form_hidden_int(h, "version", version);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Controller and responsibility (Art. 30(1)(a))");
	HTML_LIT(h, "</h2>");
	form_picker(h, r, "unit_id", "Controller (the board or unit responsible)", &c->units, in->unit_id, e);
	form_select(h, r, "role", "Kept as", roles, role_labels, 2, in->role && *in->role ? in->role : "controller",
		    true, e);
	form_text(h, r, "name", "Name of the processing activity", in->name, true, e);
	form_textarea(h, r, "description", "Description", in->description, e);
	form_textarea(h, r, "controller_contact", "The controller's contact details", in->controller_contact, e);
	form_text(h, r, "joint_controller", "Joint controller, if any", in->joint_controller, false, e);
	form_text(h, r, "on_behalf_of", "As processor: the controller(s) it acts for (Art. 30(2)(a))", in->on_behalf_of,
		  false, e);
	form_picker(h, r, "dpo_id", "Data protection officer", &c->users, in->dpo_id, e);
	form_picker(h, r, "owner_id", "Owner (keeps the entry current)", &c->users, in->owner_id, e);

	HTML_LIT(h, "<h2>");
	html_tr(h, "Purposes and legal basis (Art. 30(1)(b), Art. 6)");
	HTML_LIT(h, "</h2>");
	for (size_t i = 0; i < n_rows; i++) {
		const struct gdpr_purpose_input *p = i < in->n_purposes ? &in->purposes[i] : NULL;
		const char *pf = arena_printf(r->arena, "purpose_%zu", i + 1);
		const char *bf = arena_printf(r->arena, "legal_basis_%zu", i + 1);
		const char *sf = arena_printf(r->arena, "statute_%zu", i + 1);
		HTML_LIT(h, "<fieldset class=\"row\"><legend>");
		html_text(h, tr1(r, N_("Purpose %s"), num(r, (int64_t)i + 1)));
		HTML_LIT(h, "</legend>");
		form_text(h, r, pf, "Purpose", p ? p->purpose : NULL, false, e);
		form_select(h, r, bf, "Legal basis (Art. 6(1))", basis_values, basis_labels, 7,
			    p && p->legal_basis ? p->legal_basis : "", true, e);
		form_text(h, r, sf, "Swedish statute (for (c) and (e))", p ? p->statute : NULL, false, e);
		HTML_LIT(h, "</fieldset>");
	}

	HTML_LIT(h, "<h2>");
	html_tr(h, "Data subjects and personal data (Art. 30(1)(c) and (f))");
	HTML_LIT(h, "</h2>");
	fieldset_open(h, "subject_ids", N_("Categories of data subjects"), e);
	inline_error(h, r, "subject_ids", e);
	for (size_t i = 0; i < c->n_cats; i++) {
		const struct gdpr_category *k = &c->cats[i];
		bool on = has(in->subject_ids, in->n_subjects, k->id);
		if (strcmp(k->kind, "subject") || (!k->active && !on))
			continue;
		check_item(h, "subject_ids", arena_printf(r->arena, "f-subject-%" PRId64, k->id), num(r, k->id),
			   k->name, on);
	}
	HTML_LIT(h, "</fieldset>");
	fieldset_open(h, "data_ids", N_("Categories of personal data, with the time limit for erasure"), e);
	inline_error(h, r, "data_ids", e);
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "Write the retention period as a number and a unit (\"5 år\", \"3 månader efter avslutat ärende\"), "
		   "or \"bevaras\", or \"vid inaktualitet\"; and the decision or rule behind it.");
	HTML_LIT(h, "</p>");
	for (size_t i = 0; i < c->n_cats; i++) {
		const struct gdpr_category *k = &c->cats[i];
		const struct gdpr_data_input *d = data_of(in, k->id);
		const char *label = k->name;
		if (strcmp(k->kind, "data") || (!k->active && !d))
			continue;
		if (!strcmp(k->special, "art9"))
			label = arena_printf(r->arena, "%s (%s)", k->name, tr(r->lang, "special category"));
		else if (!strcmp(k->special, "art10"))
			label = arena_printf(r->arena, "%s (%s)", k->name, tr(r->lang, "criminal offences"));
		HTML_LIT(h, "<div class=\"row\">");
		check_item(h, "data_ids", arena_printf(r->arena, "f-data-%" PRId64, k->id), num(r, k->id), label,
			   d != NULL);
		form_text(h, r, arena_printf(r->arena, "retention_%" PRId64, k->id), "Retention period",
			  d ? d->retention : NULL, false, e);
		form_text(h, r, arena_printf(r->arena, "retention_rule_%" PRId64, k->id), "Decision or rule on erasure",
			  d ? d->retention_rule : NULL, false, e);
		HTML_LIT(h, "</div>");
	}
	HTML_LIT(h, "<p><a href=\"/gdpr/categories\">");
	html_tr(h, "The organisation's categories");
	HTML_LIT(h, "</a></p></fieldset>");
	form_select(h, r, "art9_point", "Special categories: the exception of Art. 9(2)", art9_values, art9_labels, 11,
		    in->art9_point ? in->art9_point : "", true, e);
	form_checkbox(h, r, "art10", "Data on criminal convictions and offences (Art. 10)", in->art10);
	form_text(h, r, "art10_basis", "The law or official authority that permits it (Art. 10)", in->art10_basis,
		  false, e);

	HTML_LIT(h, "<h2>");
	html_tr(h, "Recipients (Art. 30(1)(d))");
	HTML_LIT(h, "</h2>");
	form_textarea(h, r, "recipients", "Categories of recipients", in->recipients, e);

	HTML_LIT(h, "<h2>");
	html_tr(h, "Systems and security measures (Art. 30(1)(g))");
	HTML_LIT(h, "</h2>");
	if (c->asset_pick.typed) {
		/* An organisation of a city holds 20,000: those chosen ticked, one more typed in. */
		risk_multi_select(h, r, "asset_ids", N_("Systems and information sets used"), &c->asset_pick,
				  in->asset_ids, in->n_assets, e);
		HTML_LIT(h, "<p class=\"hint\">");
		html_tr(h, "The security measures are those of the systems: their classification and the requirements "
			   "they fulfil.");
		HTML_LIT(h, "</p>");
	} else {
		systems_select(h, r, c, in, e);
	}
	form_textarea(h, r, "other_measures", "Other security measures (routines, not tied to a system)",
		      in->other_measures, e);

	fieldset_open(h, "processor_ids", N_("Processors"), e);
	inline_error(h, r, "processor_ids", e);
	if (!c->n_procs)
		para(h, N_("The organisation has no processors recorded."));
	for (size_t i = 0; i < c->n_procs; i++)
		check_item(h, "processor_ids", arena_printf(r->arena, "f-processor-%" PRId64, c->procs[i].id),
			   num(r, c->procs[i].id), c->procs[i].name,
			   has(in->processor_ids, in->n_processors, c->procs[i].id));
	HTML_LIT(h, "</fieldset>");

	HTML_LIT(h, "<h2>");
	html_tr(h, "Impact assessment (Art. 35)");
	HTML_LIT(h, "</h2>");
	fieldset_open(h, "dpia_criteria", N_("Screening: answer yes where it applies"), e);
	for (int k = 0; k < DPIA_CRITERION_COUNT; k++) {
		HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" value=\"1\" name=\"crit_");
		html_attr(h, gdpr_dpia_keys[k]);
		HTML_LIT(h, "\" id=\"f-crit_");
		html_attr(h, gdpr_dpia_keys[k]);
		HTML_LIT(h, "\"");
		if ((in->dpia_criteria >> k) & 1)
			HTML_LIT(h, " checked");
		HTML_LIT(h, "><label for=\"f-crit_");
		html_attr(h, gdpr_dpia_keys[k]);
		HTML_LIT(h, "\">");
		html_tr(h, gdpr_dpia_questions[k]);
		HTML_LIT(h, "</label></div>");
	}
	HTML_LIT(h, "</fieldset>");
	form_select(h, r, "dpia_decision", "Decision on an impact assessment", decisions, decision_labels, 3,
		    in->dpia_decision ? in->dpia_decision : "", true, e);
	form_textarea(h, r, "dpia_reason", "Reason for the decision", in->dpia_reason, e);
	form_submit(h, creating ? N_("Create") : N_("Save"), false);
	form_close(h);
}

/* Every value of the form field @name (a multiple select or checkboxes) as ids. */
static const int64_t *form_ids(struct req *r, const char *name, size_t *n)
{
	int64_t *ids = arena_calloc(r->arena, r->n_form + 1, sizeof(*ids));
	*n = 0;
	for (size_t i = 0; i < r->n_form; i++) {
		int64_t v;
		if (strcmp(r->form[i].key, name))
			continue;
		/* A typed field of several assets left empty adds none. */
		if (!r->form[i].val || !*r->form[i].val)
			continue;
		/* A value that is not an id becomes 0, which the domain refuses naming the field. */
		ids[(*n)++] = str_to_i64(r->form[i].val, &v) && v > 0 ? v : 0;
	}
	return ids;
}

static struct gdpr_activity_input input_from_form(struct req *r)
{
	struct gdpr_activity_input in = { 0 };
	struct gdpr_purpose_input *pu;
	struct gdpr_data_input *d;
	const int64_t *data_ids;
	size_t max = 0, n_data;

	in.unit_id = form_int(r, "unit_id", 0);
	in.role = req_form(r, "role");
	in.name = req_form(r, "name");
	in.description = req_form(r, "description");
	in.controller_contact = req_form(r, "controller_contact");
	in.joint_controller = req_form(r, "joint_controller");
	in.on_behalf_of = req_form(r, "on_behalf_of");
	in.dpo_id = form_int(r, "dpo_id", 0);
	in.owner_id = form_int(r, "owner_id", 0);
	in.art9_point = req_form(r, "art9_point");
	in.art10 = req_form(r, "art10") != NULL;
	in.art10_basis = req_form(r, "art10_basis");
	in.recipients = req_form(r, "recipients");
	in.other_measures = req_form(r, "other_measures");
	in.dpia_decision = req_form(r, "dpia_decision");
	in.dpia_reason = req_form(r, "dpia_reason");
	for (int k = 0; k < DPIA_CRITERION_COUNT; k++)
		if (req_form(r, arena_printf(r->arena, "crit_%s", gdpr_dpia_keys[k])))
			in.dpia_criteria |= (int64_t)1 << k;
	/* Purposes: the rows purpose_N, legal_basis_N, statute_N, as many as were sent. */
	for (size_t i = 0; i < r->n_form; i++) {
		int64_t k;
		const char *key = r->form[i].key;
		const char *us = strrchr(key, '_');
		if (us &&
		    (str_starts(key, "purpose_") || str_starts(key, "legal_basis_") || str_starts(key, "statute_")) &&
		    str_to_i64(us + 1, &k) && k > 0 && k <= GDPR_MAX_ITEMS && (size_t)k > max)
			max = (size_t)k;
	}
	pu = arena_calloc(r->arena, max + 1, sizeof(*pu));
	for (size_t i = 0; i < max; i++) {
		pu[i].purpose = req_form(r, arena_printf(r->arena, "purpose_%zu", i + 1));
		pu[i].legal_basis = req_form(r, arena_printf(r->arena, "legal_basis_%zu", i + 1));
		pu[i].statute = req_form(r, arena_printf(r->arena, "statute_%zu", i + 1));
	}
	in.purposes = pu;
	in.n_purposes = max;
	in.subject_ids = form_ids(r, "subject_ids", &in.n_subjects);
	data_ids = form_ids(r, "data_ids", &n_data);
	d = arena_calloc(r->arena, n_data + 1, sizeof(*d));
	for (size_t i = 0; i < n_data; i++) {
		d[i].category_id = data_ids[i];
		d[i].retention = req_form(r, arena_printf(r->arena, "retention_%" PRId64, data_ids[i]));
		d[i].retention_rule = req_form(r, arena_printf(r->arena, "retention_rule_%" PRId64, data_ids[i]));
	}
	in.data = d;
	in.n_data = n_data;
	in.asset_ids = form_ids(r, "asset_ids", &in.n_assets);
	in.processor_ids = form_ids(r, "processor_ids", &in.n_processors);
	return in;
}

/* The organisation the form is for: the controller's, or (a new entry) the one chosen. */
static int org_of_unit(struct req *r, struct db *db, int64_t unit_id, int64_t *org)
{
	struct unit u;
	int rc = unit_get(db, r->arena, unit_id, &u, &r->err);
	if (rc == ERR_NOTFOUND)
		return err_set(&r->err, ERR_INVALID, "unit_id", N_("No such unit."));
	if (!rc)
		*org = unit_org_of(u.path);
	return rc;
}

static int new_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct gdpr_activity_input *in = ctx;
	struct form_choices c = { 0 };
	struct html *h;
	struct db *db;
	int64_t org = 0;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = org_of_unit(r, db, in->unit_id, &org)) || (rc = load_choices(r, db, org, in, &c)))
		return rc;
	h = page_begin(r, tr(r->lang, "New processing activity"));
	page_crumb(h, "/gdpr", N_("Register of processing activities"));
	page_h1(h, N_("New processing activity"));
	form_errors(h, r, e);
	activity_form(h, r, "/gdpr/activities", in, 0, true, &c, e);
	page_end(r, h);
	return 0;
}

int page_gdpr_new(struct req *r)
{
	struct gdpr_activity_input in = { 0 };
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	/* The unit ?unit_id= names, when given, is read and checked by the route's scope. */
	in.unit_id = r->scope.unit_id;
	if (in.unit_id) {
		in.role = "controller";
		return new_form(r, &in, NULL);
	}
	/* First the controller: its organisation's vocabularies fill the form. */
	if ((rc = picker_units(r, db, NULL, picker_keep_gdpr, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "New processing activity"));
	page_crumb(h, "/gdpr", N_("Register of processing activities"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "New processing activity");
	HTML_LIT(h, "</h1><form method=\"get\" action=\"/gdpr/activities/new\">");
	form_picker(h, r, "unit_id", "Controller (the board or unit responsible)", &units, 0, NULL);
	form_submit(h, "Continue", false);
	HTML_LIT(h, "</form>");
	page_end(r, h);
	return 0;
}

int page_gdpr_create(struct req *r)
{
	struct gdpr_activity_input in = input_from_form(r);
	struct err e = { 0 };
	struct db *db;
	int64_t id = 0;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = gdpr_activity_create(db, r->arena, r->auth, &in, &id, &e);
	return page_saved(r, rc, &e, activity_url(r, id, "?msg=created"), new_form, &in);
}

/* --- one activity ------------------------------------------------------------------------------- */

static void step_form(struct html *h, struct req *r, const struct gdpr_activity *p, const char *step, const char *msgid,
		      bool comment, bool comment_required, const struct err *e)
{
	form_open(h, r, activity_url(r, p->id, arena_printf(r->arena, "/%s", step)));
	form_hidden_int(h, "version", p->version);
	if (comment) {
		const char *field = arena_printf(r->arena, "comment_%s", step);
		(void)comment_required;
		form_textarea(h, r, field, "Comment to the owner", NULL, e);
	}
	form_submit(h, msgid, !comment);
	form_close(h);
}

static void levels(struct html *h, const struct gdpr_passet *s)
{
	static const char *const letters[] = { N_("C"), N_("I"), N_("A"), N_("T") };
	static const char *const aspects[] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
					       N_("Traceability") };
	const int64_t lv[] = { s->c_level, s->i_level, s->a_level, s->t_level };
	if (!s->classification_id) {
		html_tr(h, "Not classified");
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

static void measures_section(struct html *h, struct req *r, const struct gdpr_activity_full *f)
{
	h2(h, "measures-h", N_("Systems and security measures (Art. 30(1)(g))"));
	if (!f->n_assets) {
		para(h, N_("No system is recorded."));
	} else {
		HTML_LIT(h, "<table id=\"measures\"><caption class=\"sr-only\">");
		html_tr(h, "Systems and security measures");
		HTML_LIT(h, "</caption>");
		table_head(h, (const char *const[]){ N_("System or information set"), N_("Classification"),
						     N_("Requirements fulfilled"), NULL });
		for (size_t i = 0; i < f->n_assets; i++) {
			const struct gdpr_passet *s = &f->assets[i];
			size_t n = 0;
			HTML_LIT(h, "<tr><th scope=\"row\">");
			if (authz_in_scope(r->auth, ACCESS_READ, s->unit_path))
				link_record(h, "asset", s->asset_id, s->name);
			else
				html_text(h, s->name);
			HTML_LIT(h, "</th><td>");
			levels(h, s);
			HTML_LIT(h, "</td><td><ul class=\"plain\">");
			for (size_t k = 0; k < f->n_measures; k++) {
				if (f->measures[k].asset_id != s->asset_id)
					continue;
				HTML_LIT(h, "<li>");
				html_text(h, f->measures[k].code);
				HTML_LIT(h, " ");
				html_text(h, f->measures[k].title);
				HTML_LIT(h, "</li>");
				n++;
			}
			if (!n) {
				HTML_LIT(h, "<li>");
				html_tr(h, "None recorded as fulfilled.");
				HTML_LIT(h, "</li>");
			}
			HTML_LIT(h, "</ul></td></tr>");
		}
		table_close(h);
	}
	if (*f->act.other_measures) {
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Other security measures", f->act.other_measures);
		HTML_LIT(h, "</dl>");
	}
}

static void dpia_section(struct html *h, struct req *r, const struct gdpr_activity *p)
{
	struct gdpr_dpia_suggestion s;
	bool any = false;

	gdpr_dpia_suggest(r->arena, r->lang, p->dpia_criteria, *p->art9_point || p->art10, &s);
	h2(h, "dpia-h", N_("Impact assessment (Art. 35)"));
	HTML_LIT(h, "<div id=\"dpia-suggestion\" class=\"");
	HTML_LIT(h, "notice\"><p><strong>");
	html_tr(h, s.required ? N_("An impact assessment is suggested.") : N_("No impact assessment is suggested."));
	HTML_LIT(h, "</strong></p>");
	if (s.n_reasons) {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < s.n_reasons; i++) {
			HTML_LIT(h, "<li>");
			if (s.args[i])
				html_text(h, tr1(r, s.reasons[i], s.args[i]));
			else
				html_tr(h, s.reasons[i]);
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	HTML_LIT(h, "</div><dl class=\"details\"><dt>");
	html_tr(h, "Screening answered yes");
	HTML_LIT(h, "</dt><dd>");
	for (int k = 0; k < DPIA_CRITERION_COUNT; k++)
		if ((p->dpia_criteria >> k) & 1) {
			if (any)
				HTML_LIT(h, "<br>");
			html_tr(h, gdpr_dpia_questions[k]);
			any = true;
		}
	if (!any)
		HTML_LIT(h, "–");
	HTML_LIT(h, "</dd>");
	detail_row(h, "Decision",
		   tr(r->lang, !strcmp(p->dpia_decision, "required")       ? N_("Required")
			       : !strcmp(p->dpia_decision, "not_required") ? N_("Not required")
									   : N_("Not decided")));
	detail_row(h, "Reason for the decision", p->dpia_reason);
	HTML_LIT(h, "</dl>");
	if (p->dpia_needs_review)
		para(h, N_("A material change has been made since: the impact assessment needs a new look."));
	HTML_LIT(h, "<p class=\"actions\">");
	button_link(h, activity_url(r, p->id, "/dpia"), N_("The impact assessment"), false);
	HTML_LIT(h, "</p>");
}

/* What the activity page shows besides the activity: a transfer being added and its problem, a step's problem. */
struct activity_view {
	const struct gdpr_activity *p;
	const struct gdpr_transfer *transfer;
	const struct err *transfer_err;
	const struct err *step_err;
};

static int activity_page(struct req *r, const struct activity_view *v)
{
	const struct gdpr_activity *p = v->p;
	struct gdpr_activity_full f;
	bool can_edit, dpo;
	char cutoff[11];
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = gdpr_activity_load(db, r->arena, p, &f, &r->err)))
		return rc;
	can_edit = gdpr_activity_can_edit(r->auth, p);
	dpo = gdpr_activity_can_validate(r->auth, p);
	gdpr_review_cutoff(cutoff);

	h = page_begin(r, p->name);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/gdpr\">");
	html_tr(h, "Register of processing activities");
	HTML_LIT(h, "</a> › ");
	link_record(h, "unit", p->unit_id, p->unit_name);
	HTML_LIT(h, "</p><h1>");
	html_text(h, p->name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, v->step_err);
	HTML_LIT(h, "<p class=\"status\"><strong>");
	html_tr(h, gdpr_state_label(p->state));
	HTML_LIT(h, "</strong>. ");
	html_tr(h, "Last reviewed");
	HTML_LIT(h, ": ");
	reviewed_cell(h, p, cutoff);
	if (p->reviewed_by_name) {
		HTML_LIT(h, " (");
		html_text(h, p->reviewed_by_name);
		HTML_LIT(h, ")");
	}
	HTML_LIT(h, "</p>");
	if (p->review_requested) {
		HTML_LIT(h, "<div class=\"notice\"><p><strong>");
		html_tr(h, "The data protection officer asks the owner to review the entry.");
		HTML_LIT(h, "</strong></p>");
		if (*p->state_comment) {
			HTML_LIT(h, "<p>");
			html_text(h, p->state_comment);
			HTML_LIT(h, "</p>");
		}
		HTML_LIT(h, "</div>");
	}
	HTML_LIT(h, "<div class=\"actions\">");
	if (can_edit)
		button_link(h, activity_url(r, p->id, "/edit"), N_("Edit"), true);
	if (can_edit && strcmp(p->state, "validated"))
		step_form(h, r, p, "submit", N_("Submit for review"), false, false, v->step_err);
	if (dpo && strcmp(p->state, "draft"))
		step_form(h, r, p, "validate", N_("Validate (reviewed by the data protection officer)"), false, false,
			  v->step_err);
	HTML_LIT(h, "</div>");
	if (dpo) {
		HTML_LIT(h, "<details><summary>");
		html_tr(h, "Send back or ask the owner to review");
		HTML_LIT(h, "</summary>");
		step_form(h, r, p, "send-back", N_("Send back with a comment"), true, true, v->step_err);
		step_form(h, r, p, "request-review", N_("Ask the owner to review"), true, false, v->step_err);
		HTML_LIT(h, "</details>");
	}

	h2(h, "controller-h", N_("Controller and responsibility (Art. 30(1)(a))"));
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Controller");
	HTML_LIT(h, "</dt><dd>");
	link_record(h, "unit", p->unit_id, p->unit_name);
	HTML_LIT(h, "</dd>");
	detail_row(h, "Contact details", p->controller_contact);
	detail_row(h, "Joint controller", p->joint_controller);
	detail_row(h, "Data protection officer", p->dpo_name);
	if (!strcmp(p->role, "processor"))
		detail_row(h, "Processor on behalf of", p->on_behalf_of);
	detail_row(h, "Owner", p->owner_name);
	detail_row(h, "Description", p->description);
	HTML_LIT(h, "</dl>");

	h2(h, "purposes-h", N_("Purposes and legal basis (Art. 30(1)(b), Art. 6)"));
	if (!f.n_purposes) {
		para(h, N_("No purpose is recorded."));
	} else {
		table_open_sr(h, N_("Purposes and legal basis"),
			      (const char *const[]){ N_("Purpose"), N_("Legal basis"), N_("Swedish statute"), NULL });
		for (size_t i = 0; i < f.n_purposes; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, f.purposes[i].purpose);
			HTML_LIT(h, "</th><td>");
			basis_text(h, "Art. 6(1)", gdpr_art6_label(f.purposes[i].legal_basis));
			HTML_LIT(h, "</td><td>");
			html_text(h, *f.purposes[i].statute ? f.purposes[i].statute : "–");
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}

	h2(h, "data-h", N_("Data subjects and personal data (Art. 30(1)(c) and (f))"));
	HTML_LIT(h, "<dl class=\"details\"><dt>");
	html_tr(h, "Categories of data subjects");
	HTML_LIT(h, "</dt><dd>");
	{
		const char *sep = "";
		for (size_t i = 0; i < f.n_cats; i++)
			if (!strcmp(f.cats[i].kind, "subject")) {
				html_text(h, sep);
				html_text(h, f.cats[i].name);
				sep = ", ";
			}
		if (!*sep)
			HTML_LIT(h, "–");
	}
	HTML_LIT(h, "</dd><dt>");
	html_tr(h, "Special categories (Art. 9(2))");
	HTML_LIT(h, "</dt><dd>");
	if (*p->art9_point)
		basis_text(h, "Art. 9(2)", gdpr_art9_label(p->art9_point));
	else
		html_tr(h, "No");
	HTML_LIT(h, "</dd><dt>");
	html_tr(h, "Criminal offence data (Art. 10)");
	HTML_LIT(h, "</dt><dd>");
	html_tr(h, p->art10 ? N_("Yes") : N_("No"));
	if (p->art10) {
		HTML_LIT(h, ": ");
		html_text(h, p->art10_basis);
	}
	HTML_LIT(h, "</dd></dl>");
	table_open(h, N_("Categories of personal data and their time limits for erasure"), -1,
		   (const char *const[]){ N_("Category of personal data"), N_("Retention period"),
					  N_("Decision or rule on erasure"), NULL });
	for (size_t i = 0; i < f.n_cats; i++) {
		if (strcmp(f.cats[i].kind, "data"))
			continue;
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, f.cats[i].name);
		if (*f.cats[i].special) {
			HTML_LIT(h, " (");
			html_tr(h,
				!strcmp(f.cats[i].special, "art9") ? N_("special category") : N_("criminal offences"));
			HTML_LIT(h, ")");
		}
		HTML_LIT(h, "</th><td>");
		html_text(h, *f.cats[i].retention ? f.cats[i].retention : tr(r->lang, "not stated"));
		HTML_LIT(h, "</td><td>");
		html_text(h, *f.cats[i].retention_rule ? f.cats[i].retention_rule : "–");
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);

	h2(h, "recipients-h", N_("Recipients (Art. 30(1)(d))"));
	HTML_LIT(h, "<p>");
	html_text(h, *p->recipients ? p->recipients : "–");
	HTML_LIT(h, "</p>");

	measures_section(h, r, &f);

	h2(h, "processors-h", N_("Processors"));
	if (!f.n_processors) {
		para(h, N_("No processor is recorded."));
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < f.n_processors; i++) {
			HTML_LIT(h, "<li>");
			link_record(h, "processor", f.processors[i].processor_id, f.processors[i].name);
			HTML_LIT(h, " (");
			html_text(h, f.processors[i].country);
			HTML_LIT(h, ")</li>");
		}
		HTML_LIT(h, "</ul>");
	}

	HTML_LIT(h, "<section id=\"transfers\" aria-labelledby=\"transfers-h\">");
	h2(h, "transfers-h", N_("Transfers to third countries (Art. 30(1)(e))"));
	gdpr_transfers_table(h, r, db, f.transfers, f.n_transfers, can_edit, true);
	if (can_edit) {
		HTML_LIT(h, "<h3>");
		html_tr(h, "Add a transfer");
		HTML_LIT(h, "</h3>");
		form_errors(h, r, v->transfer_err);
		gdpr_transfer_form(h, r, activity_url(r, p->id, "/transfers"), v->transfer, v->transfer_err);
	}
	HTML_LIT(h, "</section>");

	dpia_section(h, r, p);
	HTML_LIT(h, "<dl class=\"details\">");
	time_row(h, N_("Last changed"), p->updated_at);
	HTML_LIT(h, "</dl>");
	page_end(r, h);
	return 0;
}

int page_gdpr_activity(struct req *r)
{
	struct activity_view v = { scope_record(&r->scope, "processing_activity"), NULL, NULL, NULL };
	return activity_page(r, &v);
}

/* --- editing --------------------------------------------------------------------------------------- */

static int edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct form_view *v = ctx;
	const struct gdpr_activity *p = v->rec, *cur = v->cur;
	const struct gdpr_activity_input *in = v->in;
	struct form_choices c = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = load_choices(r, db, unit_org_of(p->unit_path), in, &c)))
		return rc;
	h = page_begin(r, tr(r->lang, "Edit processing activity"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/gdpr\">");
	html_tr(h, "Register of processing activities");
	HTML_LIT(h, "</a> › ");
	link_record(h, "processing_activity", p->id, p->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Edit processing activity");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	if (cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Name", cur->name);
		detail_row(h, "Description", cur->description);
		detail_row(h, "Status", tr(r->lang, gdpr_state_label(cur->state)));
		detail_row(h, "Owner", cur->owner_name);
		time_row(h, N_("Last changed"), cur->updated_at);
		HTML_LIT(h, "</dl></section>");
	}
	if (!strcmp(p->state, "validated"))
		para(h,
		     N_("The entry is reviewed. A new purpose, category of personal data, system or transfer sends it "
			"back to the data protection officer."));
	activity_form(h, r, activity_url(r, p->id, "/edit"), in, v->version, false, &c, e);
	page_end(r, h);
	return 0;
}

/* The stored entry with its purposes, categories, systems and processors. */
static int edit_activity_load(struct req *r, struct db *db, const void *rec, void *in)
{
	struct gdpr_activity_full f;
	int rc = gdpr_activity_load(db, r->arena, rec, &f, &r->err);
	if (!rc)
		*(struct gdpr_activity_input *)in = gdpr_activity_input_of(r->arena, &f);
	return rc;
}

PAGE_FROM_FORM(edit_activity_from_form, struct gdpr_activity_input, input_from_form)
PAGE_UPDATER(edit_activity_update, gdpr_activity_update)

static const struct page_record_def activity_def = {
	PAGE_RECORD(struct gdpr_activity, struct gdpr_activity_input),
	.kind = "processing_activity",
	.path = "/gdpr/activities/",
	.from_form = edit_activity_from_form,
	.load = edit_activity_load,
	.update = edit_activity_update,
	.form = edit_form,
};

int page_gdpr_edit(struct req *r)
{
	return page_record_edit(r, &activity_def);
}

int page_gdpr_update(struct req *r)
{
	return page_record_update(r, &activity_def);
}

/* --- the steps of a review ------------------------------------------------------------------------ */

static int step_again(struct req *r, const void *ctx, const struct err *e)
{
	struct activity_view v = { ctx, NULL, NULL, e };
	return activity_page(r, &v);
}

static int step(struct req *r, int which)
{
	const struct gdpr_activity *p = scope_record(&r->scope, "processing_activity");
	int64_t version = form_int(r, "version", -1);
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	switch (which) {
	case 0:
		rc = gdpr_activity_submit(db, r->arena, r->auth, p, version, &e);
		break;
	case 1:
		rc = gdpr_activity_validate(db, r->arena, r->auth, p, version, &e);
		break;
	case 2:
		rc = gdpr_activity_send_back(db, r->arena, r->auth, p, version, req_form(r, "comment_send-back"), &e);
		if (e.field && !strcmp(e.field, "comment"))
			e.field = "comment_send-back";
		break;
	default:
		rc = gdpr_activity_request_review(db, r->arena, r->auth, p, version,
						  req_form(r, "comment_request-review"), &e);
		if (e.field && !strcmp(e.field, "comment"))
			e.field = "comment_request-review";
		break;
	}
	return page_saved(r, rc, &e, activity_url(r, p->id, "?msg=saved"), step_again, p);
}

int page_gdpr_submit(struct req *r)
{
	return step(r, 0);
}

int page_gdpr_validate(struct req *r)
{
	return step(r, 1);
}

int page_gdpr_send_back(struct req *r)
{
	return step(r, 2);
}

int page_gdpr_request_review(struct req *r)
{
	return step(r, 3);
}

/* --- transfers ------------------------------------------------------------------------------------------- */

static const char *const scc_modules[] = { "", "1", "2", "3", "4" };
static const char *const scc_labels[] = { N_("Choose"), N_("Module 1: controller to controller"),
					  N_("Module 2: controller to processor"),
					  N_("Module 3: processor to processor"),
					  N_("Module 4: processor to controller") };

void gdpr_transfer_form(struct html *h, struct req *r, const char *action, const struct gdpr_transfer *in,
			const struct err *e)
{
	size_t n = gdpr_country_count();
	const char **values = arena_calloc(r->arena, n + 1, sizeof(*values));
	const char **labels = arena_calloc(r->arena, n + 1, sizeof(*labels));
	static const char *const art49_values[] = { "", "a", "b", "c", "d", "e", "f", "g" };
	const char *art49_labels[8];
	const char *basis_values[GDPR_BASIS_COUNT + 1], *basis_labels[GDPR_BASIS_COUNT + 1];

	values[0] = "";
	labels[0] = tr(r->lang, "Choose a country");
	for (size_t i = 0; i < n; i++) {
		const char *code = gdpr_country_code(i);
		values[i + 1] = code;
		labels[i + 1] = arena_printf(r->arena, "%s (%s)", tr(r->lang, gdpr_country_name(code)), code);
	}
	art49_labels[0] = N_("Choose");
	for (size_t k = 1; k < 8; k++)
		art49_labels[k] = gdpr_art49_label(art49_values[k]);
	basis_values[0] = "";
	basis_labels[0] = N_("Choose");
	for (size_t k = 0; k < GDPR_BASIS_COUNT; k++) {
		basis_values[k + 1] = gdpr_bases[k];
		basis_labels[k + 1] = gdpr_basis_labels[k];
	}
	form_open(h, r, action);
	form_select(h, r, "country", "Country", values, labels, n + 1, in ? in->country : "", false, e);
	form_text(h, r, "recipient", "Recipient", in ? in->recipient : NULL, false, e);
	form_select(h, r, "basis", "Basis of the transfer", basis_values, basis_labels, GDPR_BASIS_COUNT + 1,
		    in ? in->basis : "", true, e);
	form_checkbox(h, r, "dpf_certified", "The recipient is certified under the Data Privacy Framework",
		      in && in->dpf_certified);
	form_input(h, r, "date", "dpf_checked_on", "Certification checked on", in ? in->dpf_checked_on : NULL, false,
		   NULL, e);
	form_select(h, r, "scc_module", "Module of the standard contractual clauses", scc_modules, scc_labels, 5,
		    in ? in->scc_module : "", true, e);
	form_select(h, r, "art49_point", "Derogation: the point of Art. 49(1)", art49_values, art49_labels, 8,
		    in ? in->art49_point : "", true, e);
	form_textarea(h, r, "safeguards", "Safeguards and other details", in ? in->safeguards : NULL, e);
	form_submit(h, "Add the transfer", false);
	form_close(h);
}

struct gdpr_transfer gdpr_transfer_from_form(struct req *r)
{
	struct gdpr_transfer t = { 0 };
	t.country = req_form(r, "country");
	t.recipient = req_form(r, "recipient");
	t.basis = req_form(r, "basis");
	t.dpf_certified = req_form(r, "dpf_certified") != NULL;
	t.dpf_checked_on = req_form(r, "dpf_checked_on");
	t.scc_module = req_form(r, "scc_module");
	t.art49_point = req_form(r, "art49_point");
	t.safeguards = req_form(r, "safeguards");
	return t;
}

void gdpr_transfers_table(struct html *h, struct req *r, struct db *db, const struct gdpr_transfer *t, size_t n,
			  bool can_edit, bool on_activity)
{
	if (!n) {
		para(h, N_("No transfer to a third country is recorded."));
		return;
	}
	table_open_sr(h, N_("Transfers to third countries"),
		      (const char *const[]){ N_("Transfer"), N_("Transfer impact assessment"), NULL });
	for (size_t i = 0; i < n; i++) {
		struct gdpr_tia *tias = NULL;
		size_t n_tias = 0;
		/* A processor's transfer is changed on the processor's page. */
		bool own = can_edit && (t[i].activity_id || !on_activity);
		gdpr_tias(db, r->arena, t[i].id, &tias, &n_tias, NULL);
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, gdpr_transfer_text(r->arena, r->lang, &t[i]));
		if (own) {
			form_open(h, r, arena_printf(r->arena, "/gdpr/transfers/%" PRId64 "/delete", t[i].id));
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, "Remove");
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_text(h, t[i].country);
			HTML_LIT(h, "</span></button>");
			form_close(h);
		}
		HTML_LIT(h, "</th><td>");
		if (n_tias) {
			HTML_LIT(h, "<p>");
			html_text(h, tr1(r, N_("Version %s"), num(r, tias[0].version_no)));
			HTML_LIT(h, ", ");
			html_textn(h, tias[0].created_at, 10);
			if (*tias[0].conclusion) {
				HTML_LIT(h, ": ");
				html_text(h, tias[0].conclusion);
			}
			HTML_LIT(h, "</p><details><summary>");
			html_tr(h, "Every version");
			HTML_LIT(h, "</summary>");
			for (size_t k = 0; k < n_tias; k++) {
				HTML_LIT(h, "<h4>");
				html_text(h, tr1(r, N_("Version %s"), num(r, tias[k].version_no)));
				HTML_LIT(h, "</h4><p>");
				html_text(h, tias[k].assessment);
				HTML_LIT(h, "</p>");
			}
			HTML_LIT(h, "</details>");
		} else {
			html_tr(h, "None");
		}
		if (own) {
			HTML_LIT(h, "<details><summary>");
			html_tr(h, "New version of the assessment");
			HTML_LIT(h, "</summary>");
			form_open(h, r, arena_printf(r->arena, "/gdpr/transfers/%" PRId64 "/tias", t[i].id));
			form_textarea(h, r, arena_printf(r->arena, "assessment_%" PRId64, t[i].id), "Assessment",
				      n_tias ? tias[0].assessment : NULL, NULL);
			form_text(h, r, arena_printf(r->arena, "conclusion_%" PRId64, t[i].id), "Conclusion",
				  n_tias ? tias[0].conclusion : NULL, false, NULL);
			form_submit(h, "Save a new version", false);
			form_close(h);
			HTML_LIT(h, "</details>");
		}
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static int transfer_again(struct req *r, const void *ctx, const struct err *e)
{
	return activity_page(r, ctx);
}

int page_gdpr_transfer_add(struct req *r)
{
	const struct gdpr_activity *p = scope_record(&r->scope, "processing_activity");
	struct gdpr_transfer t = gdpr_transfer_from_form(r);
	struct err e = { 0 };
	struct activity_view v = { p, &t, &e, NULL };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = gdpr_transfer_add(db, r->arena, r->auth, p, NULL, &t, NULL, &e);
	return page_saved(r, rc, &e, activity_url(r, p->id, "?msg=saved#transfers"), transfer_again, &v);
}

/* Back to the page a transfer belongs to. */
static const char *transfer_home(struct req *r, const struct gdpr_transfer *t)
{
	if (t->activity_id)
		return activity_url(r, t->activity_id, "?msg=saved#transfers");
	return arena_printf(r->arena, "/gdpr/processors/%" PRId64 "?msg=saved#transfers", t->processor_id);
}

int page_gdpr_transfer_delete(struct req *r)
{
	const struct gdpr_transfer *t = scope_record(&r->scope, "gdpr_transfer");
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = gdpr_transfer_remove(db, r->arena, r->auth, t, &r->err)))
		return rc;
	return resp_redirect(r, transfer_home(r, t));
}

int page_gdpr_tia_add(struct req *r)
{
	const struct gdpr_transfer *t = scope_record(&r->scope, "gdpr_transfer");
	int64_t version;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = gdpr_tia_add(db, r->arena, r->auth, t, req_form(r, arena_printf(r->arena, "assessment_%" PRId64, t->id)),
			  req_form(r, arena_printf(r->arena, "conclusion_%" PRId64, t->id)), &version, &r->err);
	if (rc)
		return rc;
	return resp_redirect(r, transfer_home(r, t));
}

/* --- impact assessments ------------------------------------------------------------------------------- */

static const char *const likelihoods[] = { "", "1", "2", "3", "4" };
static const char *const likelihood_labels[] = { N_("Choose"), N_("1 low"), N_("2"), N_("3"), N_("4 high") };

struct dpia_view {
	const struct gdpr_activity *p;
	const struct gdpr_dpia_input *in; /* what was typed, or NULL: the newest version */
	const struct err *e;
};

static void dpia_form(struct html *h, struct req *r, const struct gdpr_activity *p, const struct gdpr_dpia_input *in,
		      const struct err *e)
{
	size_t n_risks = (in ? in->n_risks : 0) + 2, n_measures = (in ? in->n_measures : 0) + 2;
	form_open(h, r, activity_url(r, p->id, "/dpia"));
	form_textarea(h, r, "description", "Systematic description of the processing and its purposes (Art. 35(7)(a))",
		      in ? in->description : NULL, e);
	form_textarea(h, r, "necessity", "Necessity and proportionality (Art. 35(7)(b))", in ? in->necessity : NULL, e);
	for (size_t i = 0; i < n_risks; i++) {
		const struct gdpr_dpia_item *it = in && i < in->n_risks ? &in->risks[i] : NULL;
		HTML_LIT(h, "<fieldset class=\"row\"><legend>");
		html_text(h, tr1(r, N_("Risk %s to the data subjects (Art. 35(7)(c))"), num(r, (int64_t)i + 1)));
		HTML_LIT(h, "</legend>");
		form_text(h, r, arena_printf(r->arena, "risk_%zu", i + 1), "Risk", it ? it->text : NULL, false, e);
		form_select(h, r, arena_printf(r->arena, "likelihood_%zu", i + 1), "Likelihood", likelihoods,
			    likelihood_labels, 5, it && it->likelihood ? num(r, it->likelihood) : "", true, e);
		form_select(h, r, arena_printf(r->arena, "severity_%zu", i + 1), "Severity", likelihoods,
			    likelihood_labels, 5, it && it->severity ? num(r, it->severity) : "", true, e);
		HTML_LIT(h, "</fieldset>");
	}
	for (size_t i = 0; i < n_measures; i++) {
		const struct gdpr_dpia_item *it = in && i < in->n_measures ? &in->measures[i] : NULL;
		form_text(h, r, arena_printf(r->arena, "measure_%zu", i + 1),
			  i == 0 ? N_("Measures to address the risks (Art. 35(7)(d))") : N_("Another measure"),
			  it ? it->text : NULL, false, e);
	}
	form_select(h, r, "residual_risk", "Residual risk", dpia_residual_risks, dpia_residual_labels, 4,
		    in && in->residual_risk ? in->residual_risk : "", true, e);
	form_checkbox(h, r, "prior_consultation", "Prior consultation of IMY is needed (Art. 36)",
		      in && in->prior_consultation);
	form_submit(h, "Save as a new version", false);
	form_close(h);
}

static struct gdpr_dpia_input dpia_from_form(struct req *r)
{
	struct gdpr_dpia_input in = { 0 };
	struct gdpr_dpia_item *risks = arena_calloc(r->arena, GDPR_MAX_DPIA_ITEMS + 1, sizeof(*risks));
	struct gdpr_dpia_item *measures = arena_calloc(r->arena, GDPR_MAX_DPIA_ITEMS + 1, sizeof(*measures));
	in.description = req_form(r, "description");
	in.necessity = req_form(r, "necessity");
	in.residual_risk = req_form(r, "residual_risk");
	in.prior_consultation = req_form(r, "prior_consultation") != NULL;
	for (size_t i = 0; i < GDPR_MAX_DPIA_ITEMS; i++) {
		const char *text = req_form(r, arena_printf(r->arena, "risk_%zu", i + 1));
		const char *l = req_form(r, arena_printf(r->arena, "likelihood_%zu", i + 1));
		const char *s = req_form(r, arena_printf(r->arena, "severity_%zu", i + 1));
		if (!text && !l && !s)
			break;
		risks[i].text = text;
		str_to_i64(l ? l : "", &risks[i].likelihood);
		str_to_i64(s ? s : "", &risks[i].severity);
		in.n_risks = i + 1;
	}
	for (size_t i = 0; i < GDPR_MAX_DPIA_ITEMS; i++) {
		const char *text = req_form(r, arena_printf(r->arena, "measure_%zu", i + 1));
		if (!text)
			break;
		measures[i].text = text;
		in.n_measures = i + 1;
	}
	in.risks = risks;
	in.measures = measures;
	return in;
}

static int dpia_page(struct req *r, const struct dpia_view *v)
{
	const struct gdpr_activity *p = v->p;
	struct gdpr_dpia *versions;
	struct gdpr_dpia_input latest = { 0 };
	size_t n;
	bool can_edit = gdpr_activity_can_edit(r->auth, p), dpo = gdpr_activity_can_validate(r->auth, p);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = dpia_versions(db, r->arena, p->id, &versions, &n, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Impact assessment"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/gdpr\">");
	html_tr(h, "Register of processing activities");
	HTML_LIT(h, "</a> › ");
	link_record(h, "processing_activity", p->id, p->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Impact assessment");
	HTML_LIT(h, ": ");
	html_text(h, p->name);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (p->dpia_needs_review)
		para(h, N_("A material change has been made since: the impact assessment needs a new look."));
	if (!n)
		para(h, N_("No impact assessment has been recorded."));
	for (size_t i = 0; i < n; i++) {
		const struct gdpr_dpia *d = &versions[i];
		struct gdpr_dpia_item *items;
		size_t n_items, n_open = 0;
		if ((rc = dpia_items(db, r->arena, d->id, &items, &n_items, &r->err)))
			return rc;
		if (i == 1) {
			HTML_LIT(h, "<details><summary>");
			html_tr(h, "Earlier versions");
			HTML_LIT(h, "</summary>");
		}
		HTML_LIT(h, "<section class=\"dpia\" id=\"dpia-");
		html_int(h, d->id);
		HTML_LIT(h, "\"><h2>");
		html_text(h, tr1(r, N_("Version %s"), num(r, d->version_no)));
		HTML_LIT(h, " (");
		html_textn(h, d->created_at, 10);
		if (d->created_by_name) {
			HTML_LIT(h, ", ");
			html_text(h, d->created_by_name);
		}
		HTML_LIT(h, ")</h2><dl class=\"details\">");
		detail_row(h, "Description", d->description);
		detail_row(h, "Necessity and proportionality", d->necessity);
		{
			int k = 0;
			for (int j = 0; j < 4; j++)
				if (!strcmp(dpia_residual_risks[j], d->residual_risk))
					k = j;
			detail_row(h, "Residual risk", tr(r->lang, dpia_residual_labels[k]));
		}
		detail_row(h, "Prior consultation of IMY needed",
			   tr(r->lang, d->prior_consultation ? N_("Yes") : N_("No")));
		detail_row(h, "The data protection officer's opinion", d->dpo_opinion);
		HTML_LIT(h, "</dl>");
		table_open(
			h, N_("Risks to the data subjects"), -1,
			(const char *const[]){ N_("Risk"), N_("Likelihood"), N_("Severity"), N_("Risk value"), NULL });
		for (size_t k = 0; k < n_items; k++) {
			if (strcmp(items[k].kind, "risk"))
				continue;
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, items[k].text);
			HTML_LIT(h, "</th><td>");
			html_int(h, items[k].likelihood);
			HTML_LIT(h, "</td><td>");
			html_int(h, items[k].severity);
			HTML_LIT(h, "</td><td>");
			html_int(h, items[k].likelihood * items[k].severity);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
		HTML_LIT(h, "<h3>");
		html_tr(h, "Measures to address the risks");
		HTML_LIT(h, "</h3><ul>");
		for (size_t k = 0; k < n_items; k++) {
			if (strcmp(items[k].kind, "measure"))
				continue;
			HTML_LIT(h, "<li>");
			html_text(h, items[k].text);
			if (items[k].action_id) {
				HTML_LIT(h, " – ");
				link_record(h, "activity", items[k].action_id,
					    tr(r->lang, "the activity in the action plan"));
				HTML_LIT(h, " (");
				html_tr(h, activity_status_label(items[k].action_status ? items[k].action_status : ""));
				HTML_LIT(h, ")");
			} else {
				n_open++;
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
		if (i == 0 && can_edit && n_open) {
			form_open(h, r, arena_printf(r->arena, "/gdpr/dpias/%" PRId64 "/actions", d->id));
			form_submit(h, "Make the measures activities of the action plan", true);
			form_close(h);
		}
		if (i == 0 && dpo) {
			form_open(h, r, arena_printf(r->arena, "/gdpr/dpias/%" PRId64 "/opinion", d->id));
			form_textarea(h, r, "dpo_opinion", "The data protection officer's opinion (Art. 35(2))",
				      d->dpo_opinion, v->e);
			form_submit(h, "Record the opinion", false);
			form_close(h);
		}
		HTML_LIT(h, "</section>");
		if (i == 0) {
			/* The newest version starts the form of the next one. */
			struct gdpr_dpia_item *risks = arena_calloc(r->arena, n_items + 1, sizeof(*risks));
			struct gdpr_dpia_item *measures = arena_calloc(r->arena, n_items + 1, sizeof(*measures));
			latest.description = d->description;
			latest.necessity = d->necessity;
			latest.residual_risk = d->residual_risk;
			latest.prior_consultation = d->prior_consultation;
			for (size_t k = 0; k < n_items; k++) {
				if (!strcmp(items[k].kind, "risk"))
					risks[latest.n_risks++] = items[k];
				else
					measures[latest.n_measures++] = items[k];
			}
			latest.risks = risks;
			latest.measures = measures;
		}
	}
	if (n > 1)
		HTML_LIT(h, "</details>");
	if (can_edit) {
		h2(h, "new-version", N_("Record a new version"));
		form_errors(h, r, v->e);
		dpia_form(h, r, p, v->in ? v->in : (n ? &latest : NULL), v->e);
	}
	page_end(r, h);
	return 0;
}

int page_gdpr_dpia(struct req *r)
{
	struct dpia_view v = { scope_record(&r->scope, "processing_activity"), NULL, NULL };
	return dpia_page(r, &v);
}

static int dpia_again(struct req *r, const void *ctx, const struct err *e)
{
	struct dpia_view v = *(const struct dpia_view *)ctx;
	v.e = e;
	return dpia_page(r, &v);
}

int page_gdpr_dpia_create(struct req *r)
{
	const struct gdpr_activity *p = scope_record(&r->scope, "processing_activity");
	struct gdpr_dpia_input in = dpia_from_form(r);
	struct dpia_view v = { p, &in, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = dpia_create(db, r->arena, r->auth, p, &in, NULL, &e);
	return page_saved(r, rc, &e, activity_url(r, p->id, "/dpia?msg=saved"), dpia_again, &v);
}

int page_gdpr_dpia_opinion(struct req *r)
{
	const struct gdpr_dpia *d = scope_record(&r->scope, "dpia");
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = dpia_opinion(db, r->arena, r->auth, d, req_form(r, "dpo_opinion"), &r->err)))
		return rc;
	return resp_redirect(r, activity_url(r, d->activity_id, "/dpia?msg=saved"));
}

/* A version of an impact assessment (what an activity made of its measures links to): its activity's DPIA page. */
int page_gdpr_dpia_version(struct req *r)
{
	const struct gdpr_dpia *d = scope_record(&r->scope, "dpia");
	return resp_redirect(r, activity_url(r, d->activity_id, arena_printf(r->arena, "/dpia#dpia-%" PRId64, d->id)));
}

int page_gdpr_dpia_actions(struct req *r)
{
	const struct gdpr_dpia *d = scope_record(&r->scope, "dpia");
	size_t made;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = dpia_make_actions(db, r->arena, r->auth, r->lang, d, &made, &r->err)))
		return rc;
	return resp_redirect(r, activity_url(r, d->activity_id, "/dpia?msg=saved"));
}

/* --- the register as a whole ----------------------------------------------------------------------------- */

static int read_register(struct req *r, struct gdpr_register *reg)
{
	struct gdpr_filter f;
	struct db *db;
	int rc;

	gdpr_filter_init(&f);
	if ((rc = gdpr_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	return gdpr_register_read(db, r->arena, r->lang, &f, reg, &r->err);
}

int page_gdpr_register(struct req *r)
{
	struct gdpr_register reg;
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = read_register(r, &reg)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin_doc(r, reg.title);
	page_crumb(h, "/gdpr", N_("Register of processing activities"));
	HTML_LIT(h, "<h1>");
	html_text(h, reg.title);
	HTML_LIT(h, "</h1><form class=\"filters\" method=\"get\" action=\"/gdpr/register\" aria-label=\"");
	html_tr(h, "Choose the controller");
	HTML_LIT(h, "\">");
	form_unit_filter(h, r, "unit_id", "Controller (with the units below it)", &units);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form>");
	export_links(h, r);
	doc_html_fragment(h, gdpr_register_doc(r->arena, r->lang, &reg));
	page_end(r, h);
	return 0;
}

static void attachment(struct req *r, const char *ext)
{
	resp_attachment(r, gdpr_register_filename(r->arena, ext));
}

int page_gdpr_register_docx(struct req *r)
{
	struct gdpr_register reg;
	const char *data;
	size_t len;
	int rc;
	if ((rc = read_register(r, &reg)) ||
	    (rc = doc_docx(r->arena, gdpr_register_doc(r->arena, r->lang, &reg), &data, &len, &r->err)))
		return rc;
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = DOC_MIME_DOCX;
	attachment(r, "docx");
	return 0;
}

int page_gdpr_register_xlsx(struct req *r)
{
	struct gdpr_register reg;
	const char *data;
	size_t len;
	int rc;
	if ((rc = read_register(r, &reg)) || (rc = gdpr_register_xlsx(r->arena, &reg, r->lang, &data, &len, &r->err)))
		return rc;
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	attachment(r, "xlsx");
	return 0;
}

/* The register as CSV or JSON, streamed a page of activities at a time (however large it is). */
static int stream_register(struct req *r, bool json)
{
	struct gdpr_register_stream *s = arena_alloc(r->arena, sizeof(*s));
	struct gdpr_filter f;
	struct db *db;
	int rc;

	gdpr_filter_init(&f);
	if ((rc = gdpr_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	if ((rc = gdpr_register_stream_begin(s, db, r->arena, r->lang, &f, json, &r->err)))
		return rc;
	resp_stream(r, gdpr_register_stream_next, s);
	r->resp.content_type = json ? "application/json" : "text/csv; charset=utf-8";
	attachment(r, json ? "json" : "csv");
	return 0;
}

int page_gdpr_register_csv(struct req *r)
{
	return stream_register(r, false);
}

int page_gdpr_register_json(struct req *r)
{
	return stream_register(r, true);
}

int page_gdpr_register_html(struct req *r)
{
	struct gdpr_register reg;
	struct html h;
	int rc = read_register(r, &reg);
	if (rc)
		return rc;
	html_init(&h, r->arena, r->lang);
	doc_html_standalone(&h, gdpr_register_doc(r->arena, r->lang, &reg));
	buf_add(&r->resp.body, h.b.data, h.b.len);
	r->resp.content_type = DOC_MIME_HTML;
	attachment(r, "html");
	return 0;
}

/* --- systems with personal data ----------------------------------------------------------------------------- */

int page_gdpr_assets(struct req *r)
{
	struct gdpr_asset_count *list;
	int64_t unit_id = 0, total = 0, limit, offset;
	int unused = 0;
	struct picker units = { 0 };
	size_t n;
	struct html *h;
	struct db *db;
	int rc;

	if ((rc = filter_id(req_query_get, r, "unit_id", &unit_id, &r->err)) ||
	    (rc = filter_bool(req_query_get, r, "unused", &unused, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	page_paging(r, GDPR_PAGE, &limit, &offset);
	if ((rc = gdpr_personal_assets(db, r->arena, r->auth->user_id, unit_id, unused == 1, limit, offset, &list, &n,
				       &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Systems with personal data"));
	page_crumb(h, "/gdpr", N_("Register of processing activities"));
	page_h1(h, N_("Systems with personal data"));
	para(h,
	     N_("The information assets marked as holding personal data, and the processing activities that use them. "
		"One that no processing activity uses is flagged: record the processing, or correct the asset."));
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"/gdpr/assets\" aria-label=\"");
	html_tr(h, "Filter the list");
	HTML_LIT(h, "\">");
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", &units);
	filter_check(h, r, "unused", N_("Only those used in no processing activity"));
	filters_close(h);
	if (!n) {
		para(h, N_("No asset matches the filter."));
	} else {
		table_open(h, N_("Systems with personal data"), total,
			   (const char *const[]){ N_("Asset"), N_("Unit"), N_("Processing activities"), NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "asset", list[i].asset_id, list[i].name);
			HTML_LIT(h, "</th><td>");
			link_record(h, "unit", list[i].unit_id, list[i].unit_name);
			HTML_LIT(h, "</td><td>");
			if (list[i].n_activities) {
				html_int(h, list[i].n_activities);
			} else {
				HTML_LIT(h, "<strong>");
				html_tr(h, "None: used in no processing activity");
				HTML_LIT(h, "</strong>");
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	{
		static const char *const keep[] = { "unit_id", "unused", NULL };
		page_pager(h, r, url_keep(r, "/gdpr/assets", keep), offset, limit, total);
	}
	page_end(r, h);
	return 0;
}

/* --- vocabularies ----------------------------------------------------------------------------------------------- */

static const char *const cat_kinds[] = { "subject", "data" };
static const char *const cat_kind_labels[] = { N_("Category of data subjects"), N_("Category of personal data") };
static const char *const cat_specials[] = { "", "art9", "art10" };
static const char *const cat_special_labels[] = { N_("Ordinary personal data"), N_("Special category (Art. 9)"),
						  N_("Criminal offence data (Art. 10)") };

struct vocab_view {
	int64_t org;
	const struct err *e;
	const char *kind, *name, *special;
};

static int vocab_page(struct req *r, const struct vocab_view *v)
{
	struct gdpr_category *cats;
	struct picker orgs = { 0 };
	struct unit org;
	size_t n;
	bool can_edit;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_organisations(r, db, &orgs)))
		return rc;
	h = page_begin(r, tr(r->lang, "Categories of data subjects and personal data"));
	page_crumb(h, "/gdpr", N_("Register of processing activities"));
	page_h1(h, N_("Categories of data subjects and personal data"));
	page_flash(h, r);
	para(h, N_("An organisation names its categories once; every processing activity chooses from them."));
	HTML_LIT(h, "<form class=\"filters\" method=\"get\" action=\"/gdpr/categories\" aria-label=\"");
	html_tr(h, "Choose the organisation");
	HTML_LIT(h, "\">");
	form_picker(h, r, "org_id", "Organisation", &orgs, v->org, NULL);
	form_submit(h, "Show", true);
	HTML_LIT(h, "</form>");
	if (!v->org) {
		page_end(r, h);
		return 0;
	}
	if ((rc = unit_get(db, r->arena, v->org, &org, &r->err)) ||
	    (rc = gdpr_categories(db, r->arena, v->org, NULL, true, &cats, &n, &r->err)))
		return rc;
	can_edit = authz_in_scope(r->auth, ACCESS_GDPR, org.path);
	HTML_LIT(h, "<table><caption>");
	html_text(h, org.name);
	HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
	html_tr(h, "Name");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "Kind");
	HTML_LIT(h, "</th><th scope=\"col\">");
	html_tr(h, "In use");
	HTML_LIT(h, "</th>");
	if (can_edit) {
		HTML_LIT(h, "<th scope=\"col\"><span class=\"sr-only\">");
		html_tr(h, "Actions");
		HTML_LIT(h, "</span></th>");
	}
	HTML_LIT(h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct gdpr_category *c = &cats[i];
		int k = !strcmp(c->special, "art9") ? 1 : !strcmp(c->special, "art10") ? 2 : 0;
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, c->name);
		HTML_LIT(h, "</th><td>");
		html_tr(h, !strcmp(c->kind, "subject") ? cat_kind_labels[0] : cat_special_labels[k]);
		HTML_LIT(h, "</td><td>");
		html_tr(h, c->active ? N_("Yes") : N_("No"));
		HTML_LIT(h, "</td>");
		if (can_edit) {
			HTML_LIT(h, "<td>");
			form_open(h, r, arena_printf(r->arena, "/gdpr-categories/%" PRId64 "/edit", c->id));
			form_hidden_int(h, "version", c->version);
			form_hidden(h, "name", c->name);
			form_hidden(h, "special", c->special);
			if (!c->active)
				form_hidden(h, "active", "1");
			HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
			html_tr(h, c->active ? N_("Retire") : N_("Use again"));
			HTML_LIT(h, "<span class=\"sr-only\"> ");
			html_text(h, c->name);
			HTML_LIT(h, "</span></button>");
			form_close(h);
			HTML_LIT(h, "</td>");
		}
		HTML_LIT(h, "</tr>");
	}
	table_close(h);
	if (can_edit) {
		h2(h, "add-h", N_("Add a category"));
		form_errors(h, r, v->e);
		form_open(h, r, arena_printf(r->arena, "/organisations/%" PRId64 "/gdpr-categories", v->org));
		form_select(h, r, "kind", "Kind", cat_kinds, cat_kind_labels, 2, v->kind ? v->kind : "data", true,
			    v->e);
		form_text(h, r, "name", "Name", v->name, true, v->e);
		form_select(h, r, "special", "For personal data", cat_specials, cat_special_labels, 3,
			    v->special ? v->special : "", true, v->e);
		form_submit(h, "Add", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_gdpr_categories(struct req *r)
{
	struct vocab_view v = { 0 };
	int rc = filter_id(req_query_get, r, "org_id", &v.org, &r->err);
	if (rc)
		return rc;
	if (!v.org) {
		/* The organisation of the user's first grant, when there is one. */
		for (size_t i = 0; i < r->auth->n_grants && !v.org; i++)
			v.org = unit_org_of(r->auth->grants[i].unit_path);
	}
	return vocab_page(r, &v);
}

static int vocab_again(struct req *r, const void *ctx, const struct err *e)
{
	struct vocab_view v = *(const struct vocab_view *)ctx;
	v.e = e;
	return vocab_page(r, &v);
}

int page_gdpr_category_create(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct vocab_view v = { org->id, NULL, req_form(r, "kind"), req_form(r, "name"), req_form(r, "special") };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = gdpr_category_create(db, r->arena, r->auth, org->id, v.kind, v.name, v.special, NULL, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/gdpr/categories?org_id=%" PRId64 "&msg=created", org->id),
			  vocab_again, &v);
}

int page_gdpr_category_update(struct req *r)
{
	const struct gdpr_category *c = scope_record(&r->scope, "gdpr_category");
	struct vocab_view v = { c->org_id, NULL, NULL, NULL, NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = gdpr_category_update(db, r->arena, r->auth, c, form_int(r, "version", -1), req_form(r, "name"),
				  req_form(r, "special"), req_form(r, "active") != NULL, NULL, &e);
	return page_saved(r, rc, &e, arena_printf(r->arena, "/gdpr/categories?org_id=%" PRId64 "&msg=saved", c->org_id),
			  vocab_again, &v);
}

/* --- what other pages show ----------------------------------------------------------------------------------- */

void gdpr_home_section(struct html *h, struct req *r)
{
	int64_t n_all = 0, n_overdue = 0, n_submitted = 0;
	struct db *db = req_db(r);
	bool dpo = authz_anywhere(r->auth, ACCESS_DPO);

	if (!db)
		return;
	if (!dpo || gdpr_counts(db, r->arena, r->auth->user_id, 0, &n_all, &n_overdue, &n_submitted, NULL))
		return;
	HTML_LIT(h, "<section aria-labelledby=\"gdpr-dpo\"><h2 id=\"gdpr-dpo\">");
	html_tr(h, "The register of processing activities");
	HTML_LIT(h, "</h2><ul class=\"links\"><li><a href=\"/gdpr?state=submitted\">");
	html_text(h, tr1(r, N_("Submitted and awaiting your review: %s"), count(r, n_submitted)));
	HTML_LIT(h, "</a></li><li><a href=\"/gdpr?review_overdue=true\">");
	if (n_overdue)
		HTML_LIT(h, "<strong>");
	html_text(h, tr1(r, N_("Not reviewed in twelve months: %s"), count(r, n_overdue)));
	if (n_overdue)
		HTML_LIT(h, "</strong>");
	HTML_LIT(h, "</a></li></ul></section>");
}

void gdpr_unit_section(struct html *h, struct req *r, int64_t unit_id)
{
	int64_t n_all = 0, n_overdue = 0, n_submitted = 0;
	struct db *db = req_db(r);
	struct url u;

	if (!db || gdpr_counts(db, r->arena, r->auth->user_id, unit_id, &n_all, &n_overdue, &n_submitted, NULL))
		return;
	HTML_LIT(h, "<section aria-labelledby=\"gdpr-unit\"><h2 id=\"gdpr-unit\">");
	html_tr(h, "Processing of personal data");
	HTML_LIT(h, "</h2><p>");
	url_init(&u, r->arena, "/gdpr");
	url_add_int(&u, "unit_id", unit_id);
	HTML_LIT(h, "<a href=\"");
	html_attr(h, url_str(&u));
	HTML_LIT(h, "\">");
	html_text(h, tr1(r, N_("Processing activities: %s."), count(r, n_all)));
	HTML_LIT(h, "</a>");
	if (n_overdue) {
		url_add(&u, "review_overdue", "true");
		HTML_LIT(h, " <strong><a href=\"");
		html_attr(h, url_str(&u));
		HTML_LIT(h, "\">");
		html_text(h, tr1(r, N_("Not reviewed in twelve months: %s"), num(r, n_overdue)));
		HTML_LIT(h, "</a></strong>");
	}
	HTML_LIT(h, "</p></section>");
}

void gdpr_asset_section(struct html *h, struct req *r, const struct asset *as)
{
	struct gdpr_asset_use *uses;
	size_t n;
	struct db *db = req_db(r);

	if (!db || gdpr_asset_uses(db, r->arena, as->id, &uses, &n, NULL))
		return;
	HTML_LIT(h, "<section id=\"processing\" aria-labelledby=\"processing-h\"><h2 id=\"processing-h\">");
	html_tr(h, "Processing of personal data");
	HTML_LIT(h, "</h2>");
	if (!n) {
		HTML_LIT(h, "<p>");
		if (as->personal_data) {
			HTML_LIT(h, "<strong>");
			html_tr(h, "The asset is marked as holding personal data, but no processing activity uses it.");
			HTML_LIT(h, "</strong>");
		} else {
			html_tr(h, "No processing activity uses it.");
		}
		HTML_LIT(h, "</p></section>");
		return;
	}
	HTML_LIT(h, "<ul>");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<li>");
		if (authz_in_scope(r->auth, ACCESS_READ, uses[i].unit_path)) {
			link_record(h, "processing_activity", uses[i].activity_id, uses[i].name);
			HTML_LIT(h, " (");
			html_text(h, uses[i].unit_name);
			HTML_LIT(h, ", ");
			html_tr(h, gdpr_state_label(uses[i].state));
			HTML_LIT(h, ")");
		} else {
			html_tr(h, "A processing activity of another unit");
		}
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul></section>");
}
