/*
 * page_incidents.c - incidents in the browser: the list, the report form
 * and a reporter's own reports, an incident's page, its edit form and
 * the page of one notification duty.
 *
 * The list filters by kind, status, state, unit subtree, a statutory clock
 * missed, the period and a search; its filter form uses GET, so a
 * filtered view has an address that the exports share. Every clock is
 * shown with its deadline in Swedish time and the time left (or by how
 * much it was missed); static/app.js keeps that count running from the
 * data-* attributes, the page works without it.
 *
 * Times are typed in Swedish local time (<input type="datetime-local">).
 * On the night the clocks go back a time between 02:00 and 03:00 occurs
 * twice; the form then asks which, with a select of the two offsets, and
 * keeps the offset of a stored time so that saving again is not
 * ambiguous.
 *
 * The report form and "my reports" are for every signed-in user and show
 * nothing but what the user reported and the units they have a role on.
 * Who may triage and change an incident (administrator, coordinator,
 * data protection officer in scope) is the route table's rule; the forms
 * are shown to those who hold it, and the domain decides rights over
 * any second record (a unit, an asset, a duty).
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/zone.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/incident.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_incidents.h"
#include "web/widgets.h"
#include "web/widgets_followup.h"

#define INCIDENTS_PAGE 50

/* --- small pieces ---------------------------------------------------------------------- */

static const struct incident *scoped(struct req *r)
{
	return scope_record(&r->scope, "incident");
}

/* Does the user hold the right to handle incidents in @inc's unit? (Which forms to show.) */
static bool can_handle(struct req *r, const struct incident *inc)
{
	return inc->unit_id ? authz_in_scope(r->auth, ACCESS_HANDLE, inc->unit_path)
			    : authz_global(r->auth, ACCESS_HANDLE);
}

static time_t instant(const char *iso)
{
	time_t t;
	return iso && time_parse_iso(iso, &t) ? t : 0;
}

static const char *id_text(struct req *r, int64_t id)
{
	return id ? arena_printf(r->arena, "%" PRId64, id) : "";
}

/* "/incidents/ID" followed by @tail (a literal such as "/triage"). */
#define incident_url(r, id, tail) arena_printf((r)->arena, "/incidents/%" PRId64 tail, (id))

/* "2 d 3 h", "3 h 12 min", "12 min": the same words static/app.js writes. */
static const char *span_text(struct req *r, int64_t s)
{
	int64_t d = s / 86400, hh = s % 86400 / 3600, m = s % 3600 / 60;
	if (d)
		return arena_printf(r->arena, "%" PRId64 " d %" PRId64 " h", d, hh);
	if (hh)
		return arena_printf(r->arena, "%" PRId64 " h %" PRId64 " min", hh, m);
	return arena_printf(r->arena, "%" PRId64 " min", m);
}

/* The time left until @due, or by how much it was missed, kept counting by static/app.js. */
static void clock_live(struct html *h, struct req *r, time_t due, time_t now)
{
	char iso[TIME_ISO_LEN];
	bool over = now > due;

	time_iso(due, iso);
	HTML_LIT(h, "<span class=\"clock");
	if (over)
		HTML_LIT(h, " missed");
	HTML_LIT(h, "\" data-due=\"");
	html_attr(h, iso);
	HTML_LIT(h, "\" data-left=\"");
	html_attr(h, tr(r->lang, "Time left:"));
	HTML_LIT(h, "\" data-over=\"");
	html_attr(h, tr(r->lang, "Overdue by:"));
	HTML_LIT(h, "\">");
	html_text(h, tr(r->lang, over ? N_("Overdue by:") : N_("Time left:")));
	HTML_LIT(h, " ");
	html_text(h, span_text(r, over ? now - due : due - now));
	HTML_LIT(h, "</span>");
}

static void html_instant(struct html *h, time_t t)
{
	char iso[TIME_ISO_LEN];
	time_iso(t, iso);
	html_time(h, iso);
}

static const char *status_label(const struct incident *inc)
{
	if (strcmp(inc->state, "incident"))
		return incident_label(incident_states, incident_state_labels, INCIDENT_STATE_COUNT, inc->state);
	return incident_label(incident_statuses, incident_status_labels, INCIDENT_STATUS_COUNT, inc->status);
}

static void kinds_text(struct html *h, const struct incident *inc)
{
	bool k[INCIDENT_KIND_COUNT];
	const char *sep = "";
	incident_kind_flags(inc, k);
	for (size_t i = 0; i < INCIDENT_KIND_COUNT; i++)
		if (k[i]) {
			html_text(h, sep);
			html_tr(h, incident_kind_labels[i]);
			sep = ", ";
		}
	if (!*sep)
		HTML_LIT(h, "–");
}

static const char *regime_name(struct req *r, const struct incident_notification *n)
{
	if (!strcmp(n->regime, "other") && n->recipient && *n->recipient)
		return n->recipient;
	return tr(r->lang, incident_label(incident_regimes, incident_regime_labels, INCIDENT_REGIME_COUNT, n->regime));
}

/* --- the error summary ---------------------------------------------------------------------- */

/* The labels of the incident forms' fields, for the error summary ("Skäl: ..."). */
static const struct {
	const char *field, *label;
} field_labels[] = {
	{ "kinds", N_("Kinds") },
	{ "reason", N_("Reason") },
	{ "decision", N_("Decision") },
	{ "occurred_at", N_("When it happened") },
	{ "discovered_at", N_("When it was discovered") },
	{ "aware_at", N_("When you became aware of it") },
	{ "ended_at", N_("When it ended") },
	{ "status_reason", N_("Reason, if the status moves back") },
	{ "severity", N_("Severity") },
	{ "category_id", N_("Category") },
	{ "unit_id", N_("Unit") },
	{ "subjects_approx", N_("Approximate number of data subjects") },
	{ "records_approx", N_("Approximate number of personal data records") },
	{ "stage", N_("Step") },
	{ "filed_at", N_("When it was filed (Swedish time)") },
	{ "delay_reason", N_("Reasons for the delay, if later than 72 hours") },
	{ "recipient", N_("Recipient") },
	{ "due_at", N_("Due (optional)") },
	{ "case_ref", N_("The authority's case reference") },
	{ "asset_id", N_("Affected assets") },
	{ "purpose", N_("What is to be done") },
	{ "contact", N_("Contact") },
	{ "controller", N_("Controller") },
	{ "org_number", N_("Organisation number") },
	{ "phone", N_("Your phone number (optional)") },
};

void incident_form_errors(struct html *h, struct req *r, const struct err *e)
{
	const char *label = NULL;
	for (size_t i = 0; e && e->field && i < sizeof(field_labels) / sizeof(field_labels[0]); i++)
		if (!strcmp(field_labels[i].field, e->field))
			label = field_labels[i].label;
	form_errors_as(h, r, e, label);
}

/* --- times on forms ---------------------------------------------------------------------- */

/* The four times of an incident as typed: local "YYYY-MM-DDTHH:MM" and the offset chosen for a repeated hour. */
#define N_TIMES 4
static const char *const time_names[N_TIMES] = { "occurred_at", "discovered_at", "aware_at", "ended_at" };
static const char *const offset_names[N_TIMES] = { "occurred_at_offset", "discovered_at_offset", "aware_at_offset",
						   "ended_at_offset" };
static const char *const time_labels[N_TIMES] = { N_("When it happened"), N_("When it was discovered"),
						  N_("When you became aware of it"), N_("When it ended") };

struct typed_times {
	const char *local[N_TIMES];
	const char *offset[N_TIMES];
};

static void typed_from_stored(struct req *r, struct typed_times *tt, const char *const iso[N_TIMES])
{
	for (size_t i = 0; i < N_TIMES; i++) {
		time_t t = instant(iso[i]);
		char buf[ZONE_LOCAL_LEN];
		tt->local[i] = tt->offset[i] = NULL;
		if (!t)
			continue;
		zone_format_input(t, buf);
		tt->local[i] = arena_strdup(r->arena, buf);
		tt->offset[i] = zone_offset(t) == 7200 ? "+02:00" : "+01:00";
	}
}

static void typed_from_form(struct req *r, struct typed_times *tt)
{
	for (size_t i = 0; i < N_TIMES; i++) {
		tt->local[i] = req_form(r, time_names[i]);
		tt->offset[i] = req_form(r, offset_names[i]);
	}
}

static const char *const fold_values[] = { "", "+02:00", "+01:00" };
static const char *const fold_labels[] = { N_("Choose"), N_("Summer time (+02:00): the first time"),
					   N_("Winter time (+01:00): the second time") };

/* A time input; when the time typed occurs twice, the select of which one. */
static void time_field(struct html *h, struct req *r, const char *name, const char *offset_name, const char *label,
		       const char *local, const char *offset, const struct err *e)
{
	time_t t;
	form_input(h, r, "datetime-local", name, label, local, false, NULL, e);
	if (local && *local && zone_parse_local(local, ZONE_FOLD_ASK, &t) == ZONE_AMBIGUOUS)
		form_select(h, r, offset_name, N_("This time occurred twice that night: which one?"), fold_values,
			    fold_labels, 3, offset, true, e);
}

/* Parse the typed times into @iso (UTC); ERR_INVALID naming the time's field. */
static int times_parse(struct req *r, const struct typed_times *tt, const char *iso[N_TIMES], size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		int rc = incident_time_local(r->arena, time_names[i], tt->local[i], tt->offset[i], &iso[i], e);
		if (rc)
			return rc;
	}
	return 0;
}

/* --- the list ------------------------------------------------------------------------------- */

static const char *const sort_values[] = { "created", "aware", "due", "title" };
static const char *const sort_labels[] = { N_("Reported"), N_("Became aware"), N_("Next deadline"), N_("Title") };
static const char *const order_values[] = { "desc", "asc" };
static const char *const order_labels[] = { N_("Descending"), N_("Ascending") };

static void filter_form(struct html *h, struct req *r, const struct picker *units)
{
	const char *missed = req_query(r, "clock_missed");

	filters_search_open(h, "/incidents");
	form_input(h, r, "search", "q", "Search in title and description", req_query(r, "q"), false, NULL, NULL);
	form_unit_filter(h, r, "unit_id", "Unit (with the units below it)", units);
	filters_more_open(h, r);
	form_filter_select(h, r, "kind", "Kind", N_("All kinds"), incident_kinds, incident_kind_labels,
			   INCIDENT_KIND_COUNT, req_query(r, "kind"));
	form_filter_select(h, r, "state", "Stage", N_("All stages"), incident_states, incident_state_labels,
			   INCIDENT_STATE_COUNT, req_query(r, "state"));
	form_filter_select(h, r, "status", "Status", N_("All statuses"), incident_statuses, incident_status_labels,
			   INCIDENT_STATUS_COUNT, req_query(r, "status"));
	form_input(h, r, "date", "from", "Aware from (date)", req_query(r, "from"), false, NULL, NULL);
	form_input(h, r, "date", "to", "Aware up to (date)", req_query(r, "to"), false, NULL, NULL);
	form_select(h, r, "sort", "Sort by", sort_values, sort_labels, 4, req_query(r, "sort"), true, NULL);
	form_select(h, r, "order", "Order", order_values, order_labels, 2, req_query(r, "order"), true, NULL);
	HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" value=\"true\" id=\"f-clock_missed\""
		    " name=\"clock_missed\"");
	if (missed && !strcmp(missed, "true"))
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"f-clock_missed\">");
	html_tr(h, "Only those with a statutory deadline missed");
	HTML_LIT(h, "</label></div>");
	filters_more_close(h);
	filters_clear_close(h, "/incidents");
}

static void next_due_cell(struct html *h, struct req *r, const struct incident *inc, time_t now)
{
	time_t due = instant(inc->next_due);
	if (!due) {
		HTML_LIT(h, "–");
		return;
	}
	html_instant(h, due);
	HTML_LIT(h, "<br>");
	clock_live(h, r, due, now);
}

int page_incidents(struct req *r)
{
	struct incident_filter f;
	struct incident *list;
	struct picker units = { 0 };
	size_t n;
	int64_t total = 0;
	time_t now = time_now();
	struct html *h;
	struct db *db;
	int rc;

	incident_filter_init(&f);
	if ((rc = incident_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	if (!(db = req_db(r)))
		return r->err.code;
	f.viewer_id = r->auth->user_id;
	page_paging(r, INCIDENTS_PAGE, &f.limit, &f.offset);
	if ((rc = incident_list(db, r->arena, &f, &list, &n, &total, &r->err)) ||
	    (rc = picker_units(r, db, N_("All units"), NULL, NULL, &units)))
		return rc;

	h = page_begin(r, tr(r->lang, "Incidents"));
	page_h1(h, N_("Incidents"));
	page_flash(h, r);
	HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"/incidents/report\">");
	html_tr(h, "Report an incident");
	HTML_LIT(h, "</a> <a href=\"");
	html_attr(h, url_keep(r, "/incidents/stats", incident_filter_args));
	HTML_LIT(h, "\">");
	html_tr(h, "Statistics");
	HTML_LIT(h, "</a></p>");
	filter_form(h, r, &units);
	HTML_LIT(h, "<p class=\"actions\">");
	export_buttons(h, r, "/incidents", incident_filter_args);
	HTML_LIT(h, "</p>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, total || f.offset ? N_("No incident on this page.") : N_("No incident matches the filter."));
		HTML_LIT(h, "</p>");
	} else {
		table_open_sorted(h, r, N_("Incidents"), total,
				  &(struct table_sort){
					  "/incidents", incident_filter_args,
					  (const char *const[]){ "created", "title", NULL, NULL, NULL, "due", NULL },
					  sort_values[f.sort], f.desc },
				  (const char *const[]){ N_("Reference"), N_("Title"), N_("Unit"), N_("Kinds"),
							 N_("Status"), N_("Next deadline"), N_("Reported"), NULL });
		for (size_t i = 0; i < n; i++) {
			const struct incident *inc = &list[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			link_record(h, "incident", inc->id, incident_ref(r->arena, inc->id));
			HTML_LIT(h, "</th><td>");
			html_text(h, inc->title);
			HTML_LIT(h, "</td><td>");
			if (inc->unit_id)
				link_record(h, "unit", inc->unit_id, inc->unit_name);
			else
				HTML_LIT(h, "–");
			HTML_LIT(h, "</td><td>");
			kinds_text(h, inc);
			HTML_LIT(h, "</td><td>");
			html_tr(h, status_label(inc));
			HTML_LIT(h, "</td><td>");
			next_due_cell(h, r, inc, now);
			HTML_LIT(h, "</td><td>");
			html_time(h, inc->created_at);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, url_keep(r, "/incidents", incident_filter_args), f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- reporting --------------------------------------------------------------------------------- */

struct report_view {
	int64_t unit_id;
	const char *title, *description, *contact;
	struct typed_times tt;
};

static int report_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct report_view *v = ctx;
	struct picker units = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, N_("Choose"), NULL, NULL, &units)))
		return rc;
	h = page_begin(r, tr(r->lang, "Report an incident"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Report an incident");
	HTML_LIT(h, "</h1><p>");
	html_tr(h, "Tell us what happened, as soon as you can: a lost paper, an e-mail to the wrong person, a "
		   "suspicious link, a system that stopped. Write what you know; the coordinator asks for the rest.");
	HTML_LIT(h, "</p>");
	incident_form_errors(h, r, e);
	form_open(h, r, "/incidents/report");
	if (units.n > 1)
		form_picker(h, r, "unit_id", "Where it happened (unit)", &units, v->unit_id, e);
	form_text(h, r, "title", "What happened, in a line", v->title, true, e);
	form_textarea(h, r, "description", "Describe what happened", v->description, e);
	time_field(h, r, "occurred_at", "occurred_at_offset", time_labels[0], v->tt.local[0], v->tt.offset[0], e);
	time_field(h, r, "discovered_at", "discovered_at_offset", time_labels[1], v->tt.local[1], v->tt.offset[1], e);
	form_text(h, r, "contact", "How we can reach you (optional)", v->contact, false, e);
	form_submit(h, "Send the report", false);
	form_close(h);
	HTML_LIT(h, "<p><a href=\"/incidents/mine\">");
	html_tr(h, "My reports");
	HTML_LIT(h, "</a></p>");
	page_end(r, h);
	return 0;
}

int page_incident_report_form(struct req *r)
{
	struct report_view v = { 0 };
	/* One unit to choose from: it is the one. */
	if (r->auth->n_grants == 1 && r->auth->grants[0].unit_id)
		v.unit_id = r->auth->grants[0].unit_id;
	return report_form(r, &v, NULL);
}

int page_incident_report(struct req *r)
{
	struct report_view v = { 0 };
	struct incident_report in = { 0 };
	const char *iso[N_TIMES] = { NULL }, *receipt = NULL;
	struct err e = { 0 };
	struct db *db;
	int rc;

	v.unit_id = form_int(r, "unit_id", 0);
	v.title = req_form(r, "title");
	v.description = req_form(r, "description");
	v.contact = req_form(r, "contact");
	typed_from_form(r, &v.tt);
	if (!(db = req_db(r)))
		return r->err.code;
	if (!(rc = times_parse(r, &v.tt, iso, 2, &e))) {
		in.unit_id = v.unit_id;
		in.title = v.title;
		in.description = v.description;
		in.contact = v.contact;
		in.occurred_at = iso[0];
		in.discovered_at = iso[1];
		rc = incident_report(db, r->arena, r->auth, &in, NULL, &receipt, &e);
	}
	if (!rc) {
		struct url u;
		url_init(&u, r->arena, "/incidents/mine");
		url_add(&u, "receipt", receipt);
		return resp_redirect(r, url_str(&u));
	}
	return page_saved(r, rc, &e, "/incidents/mine", report_form, &v);
}

int page_incidents_mine(struct req *r)
{
	struct incident_filter f;
	struct incident *list;
	size_t n;
	int64_t total = 0;
	const char *receipt = req_query(r, "receipt");
	struct html *h;
	struct db *db;
	int rc;

	incident_filter_init(&f);
	f.reporter_id = r->auth->user_id;
	page_paging(r, 100, &f.limit, &f.offset);
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "My reports"));
	page_h1(h, N_("My reports"));
	for (size_t i = 0; receipt && i < n; i++)
		if (!strcmp(list[i].receipt, receipt)) {
			HTML_LIT(h, "<p class=\"flash\" role=\"status\">");
			html_tr(h, "Thank you. Your report has been received. Its receipt number is");
			HTML_LIT(h, " <strong>");
			html_text(h, receipt);
			HTML_LIT(h, "</strong>.</p>");
		}
	page_button(h, "/incidents/report", N_("Report an incident"));
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You have not reported anything.");
		HTML_LIT(h, "</p>");
	} else {
		table_open(h, N_("What you have reported"), -1,
			   (const char *const[]){ N_("Receipt"), N_("What happened"), N_("Reported"), N_("Status"),
						  NULL });
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_text(h, list[i].receipt);
			HTML_LIT(h, "</th><td>");
			html_text(h, list[i].title);
			HTML_LIT(h, "</td><td>");
			html_time(h, list[i].created_at);
			HTML_LIT(h, "</td><td>");
			html_tr(h, status_label(&list[i]));
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	page_pager(h, r, "/incidents/mine", f.offset, f.limit, total);
	page_end(r, h);
	return 0;
}

/* --- one incident ------------------------------------------------------------------------------- */

/* Which form of the incident's page failed, so it shows the problem and keeps what was typed. */
struct page_view {
	const struct incident *inc;
	const char *form; /* "triage", "decision", "duty", "asset", "activity", or NULL */
	const struct err *e;
};

static const struct err *err_for(const struct page_view *v, const char *form)
{
	return v->form && !strcmp(v->form, form) ? v->e : NULL;
}

/* A value for a field of @form: what was typed when that form failed, else @dflt. */
static const char *kept(struct req *r, const struct page_view *v, const char *form, const char *name, const char *dflt)
{
	return v->form && !strcmp(v->form, form) ? req_form(r, name) : dflt;
}

static void summary(struct html *h, struct req *r, const struct incident *inc, bool enhanced)
{
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Reference", incident_ref(r->arena, inc->id));
	detail_row(h, "Receipt", inc->receipt);
	detail_row(
		h, "Stage",
		tr(r->lang, incident_label(incident_states, incident_state_labels, INCIDENT_STATE_COUNT, inc->state)));
	detail_row(h, "Status",
		   tr(r->lang,
		      incident_label(incident_statuses, incident_status_labels, INCIDENT_STATUS_COUNT, inc->status)));
	HTML_LIT(h, "<dt>");
	html_tr(h, "Kinds");
	HTML_LIT(h, "</dt><dd>");
	kinds_text(h, inc);
	HTML_LIT(h, "</dd><dt>");
	html_tr(h, "Unit");
	HTML_LIT(h, "</dt><dd>");
	if (inc->unit_id)
		link_record(h, "unit", inc->unit_id, inc->unit_name);
	else
		html_tr(h, "No unit: seen by installation-wide roles only");
	HTML_LIT(h, "</dd>");
	detail_row(h, "Category", incident_category_name(r->lang, inc->category_name, inc->category_builtin));
	detail_row(h, "Severity",
		   tr(r->lang, incident_label(incident_severities, incident_severity_labels, INCIDENT_SEVERITY_COUNT,
					      inc->severity)));
	detail_row(h, "Information needing enhanced protection",
		   tr(r->lang, enhanced ? N_("Yes: an affected asset is classified at level 2 or higher")
					: N_("Not according to the affected assets' classifications")));
	for (size_t i = 0; i < N_TIMES; i++) {
		const char *iso[N_TIMES] = { inc->occurred_at, inc->discovered_at, inc->aware_at, inc->ended_at };
		time_row(h, time_labels[i], iso[i]);
	}
	detail_row(h, "Reported by", inc->reporter_name);
	detail_row(h, "Contact", inc->reporter_contact);
	time_row(h, N_("Reported"), inc->created_at);
	detail_row(h, "Description", inc->description);
	HTML_LIT(h, "</dl>");
}

static void triage_section(struct html *h, struct req *r, const struct page_view *v)
{
	const struct incident *inc = v->inc;
	const struct err *e = err_for(v, "triage");
	static const char *const names[] = { "kind_security", "kind_breach", "kind_it", "kind_significant" };

	HTML_LIT(h, "<section aria-labelledby=\"triage-h\"><h2 id=\"triage-h\">");
	html_tr(h, "Triage");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "Decide whether this is an incident, and of which kinds, or close the report with a reason.");
	HTML_LIT(h, "</p>");
	incident_form_errors(h, r, e);
	form_open(h, r, incident_url(r, inc->id, "/triage"));
	form_hidden_int(h, "version", inc->version);
	HTML_LIT(h, "<fieldset id=\"f-kinds\" tabindex=\"-1\"><legend>");
	html_tr(h, "Kinds");
	HTML_LIT(h, "</legend>");
	for (size_t k = 0; k < INCIDENT_KIND_COUNT; k++)
		form_checkbox(h, r, names[k], incident_kind_labels[k], e && req_form(r, names[k]));
	HTML_LIT(h, "</fieldset>");
	form_textarea(h, r, "reason", "Reason (required when closing)", kept(r, v, "triage", "reason", NULL), e);
	HTML_LIT(h, "<p class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"incident\">");
	html_tr(h, "Make it an incident");
	HTML_LIT(h, "</button> <button type=\"submit\" name=\"decision\" value=\"dismiss\" class=\"secondary\">");
	html_tr(h, "Close with the reason given");
	HTML_LIT(h, "</button></p>");
	form_close(h);
	HTML_LIT(h, "</section>");
}

static void clocks_section(struct html *h, struct req *r, const struct incident *inc,
			   const struct incident_duty *duties, size_t n, time_t now)
{
	HTML_LIT(h, "<section aria-labelledby=\"clocks-h\"><h2 id=\"clocks-h\">");
	html_tr(h, "Statutory clocks");
	HTML_LIT(h, "</h2>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h,
			strcmp(inc->state, "incident")
				? N_("The clocks start when the report is made an incident of a kind that brings them.")
				: N_("No notification duty: only a personal-data breach or a significant incident brings a statutory clock."));
		HTML_LIT(h, "</p></section>");
		return;
	}
	if (!inc->aware_at) {
		HTML_LIT(h, "<p class=\"notice\">");
		html_tr(h, "Enter when you became aware of the incident: the clocks count from it.");
		HTML_LIT(h, "</p>");
	}
	table_open_sr(h, N_("Statutory clocks"),
		      (const char *const[]){ N_("Notification duty"), N_("Step"), N_("Deadline"), N_("State"), NULL });
	for (size_t i = 0; i < n; i++) {
		const struct incident_duty *d = &duties[i];
		for (size_t c = 0; c < d->n_clocks; c++) {
			const struct incident_clock *cl = &d->clocks[c];
			HTML_LIT(h, "<tr class=\"clock-");
			html_attr(h, clock_state_name(cl->state));
			HTML_LIT(h, "\"><th scope=\"row\"><a href=\"");
			html_attrf(h, "/incidents/%" PRId64 "/notifications/%" PRId64, inc->id, d->n.id);
			HTML_LIT(h, "\">");
			html_text(h, regime_name(r, &d->n));
			HTML_LIT(h, "</a></th><td>");
			html_tr(h, cl->label);
			HTML_LIT(h, "<br><span class=\"hint\">");
			html_tr(h, cl->rule);
			HTML_LIT(h, "</span></td><td>");
			if (cl->due)
				html_instant(h, cl->due);
			else
				HTML_LIT(h, "–");
			HTML_LIT(h, "</td><td><strong>");
			html_tr(h, clock_state_label(cl->state));
			HTML_LIT(h, "</strong>");
			if ((cl->state == CLOCK_RUNNING || cl->state == CLOCK_MISSED) && cl->due) {
				HTML_LIT(h, "<br>");
				clock_live(h, r, cl->due, now);
			} else if (cl->done) {
				HTML_LIT(h, "<br>");
				html_instant(h, cl->done);
			}
			HTML_LIT(h, "</td></tr>");
		}
	}
	table_close(h);
	HTML_LIT(h, "</section>");
}

static void duties_section(struct html *h, struct req *r, const struct page_view *v, const struct incident_duty *duties,
			   size_t n, bool handle)
{
	const struct incident *inc = v->inc;
	const struct err *e = err_for(v, "duty");

	HTML_LIT(h, "<section aria-labelledby=\"duties-h\"><h2 id=\"duties-h\">");
	html_tr(h, "Notification duties");
	HTML_LIT(h, "</h2>");
	if (n) {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<li><a href=\"");
			html_attrf(h, "/incidents/%" PRId64 "/notifications/%" PRId64, inc->id, duties[i].n.id);
			HTML_LIT(h, "\">");
			html_text(h, regime_name(r, &duties[i].n));
			HTML_LIT(h, "</a>: ");
			html_tr(h, !strcmp(duties[i].n.decision, "yes")  ? N_("applies")
				   : !strcmp(duties[i].n.decision, "no") ? N_("does not apply")
									 : N_("not decided"));
			if (duties[i].n.case_ref && *duties[i].n.case_ref) {
				HTML_LIT(h, " (");
				html_text(h, duties[i].n.case_ref);
				HTML_LIT(h, ")");
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	HTML_LIT(h, "<p class=\"actions\">");
	if (inc->kind_breach) {
		HTML_LIT(h, "<a class=\"button\" href=\"");
		html_attrf(h, "/incidents/%" PRId64 "/texts/imy", inc->id);
		HTML_LIT(h, "\">");
		html_tr(h, "Text for IMY");
		HTML_LIT(h, "</a> <a class=\"button\" href=\"");
		html_attrf(h, "/incidents/%" PRId64 "/texts/data-subjects", inc->id);
		HTML_LIT(h, "\">");
		html_tr(h, "Text for the data subjects");
		HTML_LIT(h, "</a> ");
	}
	if (inc->kind_significant) {
		HTML_LIT(h, "<a class=\"button\" href=\"");
		html_attrf(h, "/incidents/%" PRId64 "/texts/csirt", inc->id);
		HTML_LIT(h, "\">");
		html_tr(h, "Texts for the CSIRT");
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "</p>");
	if (handle && !strcmp(inc->state, "incident")) {
		struct typed_times tt = { { NULL }, { NULL } };
		HTML_LIT(h, "<h3>");
		html_tr(h, "Add another recipient");
		HTML_LIT(h, "</h3>");
		incident_form_errors(h, r, e);
		form_open(h, r, incident_url(r, inc->id, "/notifications"));
		form_text(h, r, "recipient", "Recipient (the police, a supplier, ...)",
			  kept(r, v, "duty", "recipient", NULL), true, e);
		tt.local[0] = kept(r, v, "duty", "due_at", NULL);
		tt.offset[0] = kept(r, v, "duty", "due_at_offset", NULL);
		time_field(h, r, "due_at", "due_at_offset", N_("Due (optional)"), tt.local[0], tt.offset[0], e);
		form_submit(h, "Add the recipient", true);
		form_close(h);
	}
	HTML_LIT(h, "</section>");
}

static int assets_section(struct html *h, struct req *r, struct db *db, const struct page_view *v,
			  const struct asset *assets, size_t n, bool handle)
{
	const struct incident *inc = v->inc;
	const struct err *e = err_for(v, "asset");

	HTML_LIT(h, "<section aria-labelledby=\"assets-h\"><h2 id=\"assets-h\">");
	html_tr(h, "Affected assets");
	HTML_LIT(h, "</h2>");
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "None recorded.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<ul>");
		for (size_t i = 0; i < n; i++) {
			bool visible = authz_may_reference(r->auth, ACCESS_READ, assets[i].unit_path, 0);
			HTML_LIT(h, "<li>");
			if (visible)
				link_record(h, "asset", assets[i].id, assets[i].name);
			else
				html_tr(h, "An asset in another unit");
			if (handle) {
				HTML_LIT(h, " <form class=\"inline\" method=\"post\" action=\"");
				html_attrf(h, "/incidents/%" PRId64 "/assets/%" PRId64 "/delete", inc->id,
					   assets[i].id);
				HTML_LIT(h, "\">");
				if (r->auth->csrf)
					form_hidden(h, "csrf", r->auth->csrf);
				HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
				html_tr(h, "Remove");
				HTML_LIT(h, "<span class=\"sr-only\"> ");
				html_text(h, visible ? assets[i].name : tr(r->lang, "An asset in another unit"));
				HTML_LIT(h, "</span></button></form>");
			}
			HTML_LIT(h, "</li>");
		}
		HTML_LIT(h, "</ul>");
	}
	if (handle) {
		/* A search among the assets of the incident's unit and below, never a list of all of them. */
		struct asset_search s = {
			.qname = "asset_q",
			.action = incident_url(r, inc->id, "#assets-h"),
			.label = N_("Find an affected asset by name, description or supplier"),
			.unit_id = inc->unit_id,
			.keep = v->form && !strcmp(v->form, "asset") ? form_int(r, "asset_id", 0) : 0,
			.max = 20,
		};
		struct picker p = { 0 };
		int rc;
		if ((rc = asset_search_find(r, db, &s, &p)))
			return rc;
		incident_form_errors(h, r, e);
		asset_search_form(h, r, &s, &p);
		if (p.n == 0) {
			HTML_LIT(h, "</section>");
			return 0;
		}
		form_open(h, r, incident_url(r, inc->id, "/assets"));
		if (s.q)
			form_hidden(h, "asset_q", s.q);
		form_picker(h, r, "asset_id", "Add an affected asset", &p, s.keep, e);
		form_submit(h, "Add the asset", true);
		form_close(h);
	}
	HTML_LIT(h, "</section>");
	return 0;
}

static void log_section(struct html *h, struct req *r, const struct page_view *v, const struct incident_decision *log,
			size_t n, const struct incident_duty *duties, size_t n_duties, bool handle)
{
	const struct incident *inc = v->inc;
	const struct err *e = err_for(v, "decision");
	struct incident_notification *ns = arena_calloc(r->arena, n_duties ? n_duties : 1, sizeof(*ns));

	for (size_t i = 0; i < n_duties; i++)
		ns[i] = duties[i].n;
	HTML_LIT(h, "<section aria-labelledby=\"log-h\"><h2 id=\"log-h\">");
	html_tr(h, "Log of decisions");
	HTML_LIT(h, "</h2>");
	table_open_sr(h, N_("Log of decisions"),
		      (const char *const[]){ N_("When"), N_("Who"), N_("What"), N_("Why"), NULL });
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		html_time(h, log[i].decided_at);
		HTML_LIT(h, "</td><td>");
		html_text(h, log[i].decided_by_name);
		HTML_LIT(h, "</td><td>");
		html_text(h, incident_decision_label(r->arena, r->lang, &log[i], ns, n_duties));
		HTML_LIT(h, "</td><td class=\"pre-line\">");
		html_text(h, log[i].reason);
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
	if (handle && !strcmp(inc->state, "incident")) {
		incident_form_errors(h, r, e);
		form_open(h, r, incident_url(r, inc->id, "/decisions"));
		form_textarea(h, r, "reason", "Record a decision and why", kept(r, v, "decision", "reason", NULL), e);
		form_submit(h, "Record the decision", true);
		form_close(h);
	}
	HTML_LIT(h, "</section>");
}

static int activities_section(struct html *h, struct req *r, struct db *db, const struct page_view *v,
			      const struct activity *activities, size_t n, bool handle)
{
	const struct incident *inc = v->inc;
	const struct err *e = err_for(v, "activity");
	int rc;

	HTML_LIT(h, "<section aria-labelledby=\"lessons-h\"><h2 id=\"lessons-h\">");
	html_tr(h, "Lessons learned and follow-up");
	HTML_LIT(h, "</h2><p class=\"pre-line\">");
	if (inc->lessons && *inc->lessons)
		html_text(h, inc->lessons);
	else
		html_tr(h, "No lessons recorded yet.");
	HTML_LIT(h, "</p><h3>");
	html_tr(h, "Follow-up actions");
	HTML_LIT(h, "</h3>");
	activities_table(h, r, "Follow-up actions", activities, n);
	if (handle && inc->unit_id &&
	    (rc = followup_form(
		     h, r, db,
		     N_("A follow-up action becomes an activity of this year's action plan of the incident's unit."),
		     incident_url(r, inc->id, "/activities"), v->form && !strcmp(v->form, "activity"), e,
		     incident_form_errors)))
		return rc;
	HTML_LIT(h, "</section>");
	return 0;
}

static int incident_page(struct req *r, const struct page_view *v)
{
	const struct incident *inc = v->inc;
	struct incident_duty *duties;
	struct incident_decision *log;
	struct asset *assets;
	struct activity *activities;
	size_t n_duties, n_log, n_assets, n_activities;
	time_t now = time_now();
	bool handle = can_handle(r, inc);
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_duties(db, r->arena, inc, now, &duties, &n_duties, &r->err)) ||
	    (rc = incident_decisions(db, r->arena, inc->id, &log, &n_log, &r->err)) ||
	    (rc = incident_assets(db, r->arena, inc->id, &assets, &n_assets, &r->err)) ||
	    (rc = incident_activities(db, r->arena, r->auth, inc->id, &activities, &n_activities, &r->err)))
		return rc;
	h = page_begin(r, inc->title);
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/incidents\">");
	html_tr(h, "Incidents");
	HTML_LIT(h, "</a> › ");
	html_text(h, incident_ref(r->arena, inc->id));
	HTML_LIT(h, "</p><h1>");
	html_text(h, inc->title);
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	if (handle) {
		HTML_LIT(h, "<p class=\"actions\"><a class=\"button\" href=\"");
		html_attrf(h, "/incidents/%" PRId64 "/edit", inc->id);
		HTML_LIT(h, "\">");
		html_tr(h, "Edit");
		HTML_LIT(h, "</a></p>");
	}
	summary(h, r, inc, incident_enhanced_protection(r->auth, assets, n_assets));
	if (handle && !strcmp(inc->state, "triage"))
		triage_section(h, r, v);
	clocks_section(h, r, inc, duties, n_duties, now);
	duties_section(h, r, v, duties, n_duties, handle);
	if ((rc = assets_section(h, r, db, v, assets, n_assets, handle)))
		return rc;
	log_section(h, r, v, log, n_log, duties, n_duties, handle);
	if ((rc = activities_section(h, r, db, v, activities, n_activities, handle)))
		return rc;
	page_end(r, h);
	return 0;
}

int page_incident(struct req *r)
{
	struct page_view v = { scoped(r), NULL, NULL };
	return incident_page(r, &v);
}

static int page_again(struct req *r, const void *ctx, const struct err *e)
{
	struct page_view v = *(const struct page_view *)ctx;
	v.e = e;
	return incident_page(r, &v);
}

/* What a form of the incident's page does with @rc: back to the page, or the page with the problem. */
static int page_form_saved(struct req *r, int rc, const struct err *e, const char *form, const char *anchor)
{
	struct page_view v = { scoped(r), form, NULL };
	const char *done = arena_printf(r->arena, "/incidents/%" PRId64 "?msg=saved%s", v.inc->id, anchor);
	return page_saved(r, rc, e, done, page_again, &v);
}

int page_incident_triage(struct req *r)
{
	const struct incident *inc = scoped(r);
	static const char *const names[] = { "kind_security", "kind_breach", "kind_it", "kind_significant" };
	bool kinds[INCIDENT_KIND_COUNT];
	struct err e = { 0 };
	struct db *db;
	int rc;

	for (size_t k = 0; k < INCIDENT_KIND_COUNT; k++)
		kinds[k] = req_form(r, names[k]) != NULL;
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_triage(db, r->arena, r->auth, inc, form_int(r, "version", -1), req_form(r, "decision"), kinds,
			     req_form(r, "reason"), NULL, &e);
	return page_form_saved(r, rc, &e, "triage", "");
}

int page_incident_decision_add(struct req *r)
{
	struct err e = { 0 };
	struct db *db;
	if (!(db = req_db(r)))
		return r->err.code;
	return page_form_saved(r, incident_decision_add(db, r->arena, r->auth, scoped(r), req_form(r, "reason"), &e),
			       &e, "decision", "#log-h");
}

int page_incident_asset_add(struct req *r)
{
	struct err e = { 0 };
	struct db *db;
	int rc;
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_asset_add(db, r->arena, r->auth, scoped(r), form_int(r, "asset_id", 0), &e);
	return page_form_saved(r, rc == ERR_EXISTS ? ERR_INVALID : rc, &e, "asset", "#assets-h");
}

int page_incident_asset_delete(struct req *r)
{
	const struct incident *inc = scoped(r);
	struct db *db;
	int rc;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_asset_remove(db, r->arena, r->auth, inc, req_arg_id(r, 1), &r->err)))
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/incidents/%" PRId64 "?msg=saved#assets-h", inc->id));
}

int page_incident_duty_add(struct req *r)
{
	struct typed_times tt = { { NULL }, { NULL } };
	const char *due = NULL;
	struct err e = { 0 };
	struct db *db;
	int rc;

	tt.local[0] = req_form(r, "due_at");
	tt.offset[0] = req_form(r, "due_at_offset");
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_time_local(r->arena, "due_at", tt.local[0], tt.offset[0], &due, &e);
	if (!rc)
		rc = incident_duty_add(db, r->arena, r->auth, scoped(r), req_form(r, "recipient"), due, NULL, &e);
	return page_form_saved(r, rc, &e, "duty", "#duties-h");
}

int page_incident_activity_add(struct req *r)
{
	struct err e = { 0 };
	struct db *db;
	int rc;
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_activity_create(db, r->arena, r->auth, r->lang, scoped(r), req_form(r, "title"),
				      req_form(r, "purpose"), form_int(r, "responsible_id", 0), req_form(r, "due_date"),
				      NULL, &e);
	return page_form_saved(r, rc, &e, "activity", "#lessons-h");
}

/* --- editing ------------------------------------------------------------------------------------ */

struct edit_view {
	const struct incident *inc;      /* as stored (or the other person's version after a conflict) */
	const struct incident_input *in; /* what the form shows */
	struct typed_times tt;
	const char *status_reason;
	int64_t version;
	const struct incident *cur; /* the other person's version after a conflict, or NULL */
};

static bool may_handle_in(struct req *r, const struct unit *u, const void *ctx)
{
	const struct incident *inc = ctx;
	return u->id == inc->unit_id || authz_in_scope(r->auth, ACCESS_HANDLE, u->path);
}

static int category_picker(struct req *r, struct db *db, struct picker *p)
{
	struct incident_category *cs;
	size_t n;
	int rc = incident_categories(db, r->arena, false, &cs, &n, &r->err);
	if (rc)
		return rc;
	p->values = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->labels = arena_calloc(r->arena, n + 1, sizeof(char *));
	p->values[0] = "";
	p->labels[0] = tr(r->lang, "Not chosen");
	p->n = 1;
	for (size_t i = 0; i < n; i++, p->n++) {
		p->values[p->n] = id_text(r, cs[i].id);
		p->labels[p->n] = incident_category_name(r->lang, cs[i].name, cs[i].builtin);
	}
	return 0;
}

static const char *approx_text(struct req *r, int64_t v)
{
	return v >= 0 ? arena_printf(r->arena, "%" PRId64, v) : "";
}

static void theirs(struct html *h, struct req *r, const struct incident *cur)
{
	page_theirs_open(h);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "Title", cur->title);
	detail_row(h, "Status",
		   tr(r->lang,
		      incident_label(incident_statuses, incident_status_labels, INCIDENT_STATUS_COUNT, cur->status)));
	detail_row(h, "Description", cur->description);
	time_row(h, N_("When you became aware of it"), cur->aware_at);
	time_row(h, N_("Last changed"), cur->updated_at);
	HTML_LIT(h, "</dl></section>");
}

static int edit_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct edit_view *v = ctx;
	const struct incident_input *in = v->in;
	struct picker units = { 0 }, cats = { 0 };
	struct html *h;
	struct db *db;
	int rc;
	static const char *const kind_names[] = { "kind_security", "kind_breach", "kind_it", "kind_significant" };
	static const char *const aspect_names[] = { "aspect_c", "aspect_i", "aspect_a", "aspect_t" };
	static const char *const aspect_labels[] = { N_("Confidentiality"), N_("Integrity"), N_("Availability"),
						     N_("Traceability") };
	const bool kinds[] = { in->kind_security, in->kind_breach, in->kind_it, in->kind_significant };
	const bool aspects[] = { in->aspect_c, in->aspect_i, in->aspect_a, in->aspect_t };

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = picker_units(r, db, v->inc->unit_id ? NULL : N_("No unit"), may_handle_in, v->inc, &units)) ||
	    (rc = category_picker(r, db, &cats)))
		return rc;
	h = page_begin(r, tr(r->lang, "Edit incident"));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/incidents\">");
	html_tr(h, "Incidents");
	HTML_LIT(h, "</a> › ");
	link_record(h, "incident", v->inc->id, incident_ref(r->arena, v->inc->id));
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Edit incident");
	HTML_LIT(h, "</h1>");
	incident_form_errors(h, r, e);
	if (v->cur)
		theirs(h, r, v->cur);
	form_open(h, r, incident_url(r, v->inc->id, "/edit"));
	form_hidden_int(h, "version", v->version);
	form_text(h, r, "title", "Title", in->title, true, e);
	form_picker(h, r, "unit_id", "Unit", &units, in->unit_id, e);
	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, "Kinds");
	HTML_LIT(h, "</legend>");
	for (size_t k = 0; k < INCIDENT_KIND_COUNT; k++)
		form_checkbox(h, r, kind_names[k], incident_kind_labels[k], kinds[k]);
	HTML_LIT(h, "</fieldset>");
	form_select(h, r, "status", "Status", incident_statuses, incident_status_labels, INCIDENT_STATUS_COUNT,
		    in->status, true, e);
	form_textarea(h, r, "status_reason", "Reason, if the status moves back", v->status_reason, e);
	form_picker(h, r, "category_id", "Category", &cats, in->category_id, e);
	form_select(h, r, "severity", "Severity", incident_severities, incident_severity_labels,
		    INCIDENT_SEVERITY_COUNT, in->severity, true, e);
	form_textarea(h, r, "description", "Description", in->description, e);
	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, "Times, in Swedish time");
	HTML_LIT(h, "</legend>");
	for (size_t i = 0; i < N_TIMES; i++)
		time_field(h, r, time_names[i], offset_names[i], time_labels[i], v->tt.local[i], v->tt.offset[i], e);
	HTML_LIT(h, "</fieldset><fieldset><legend>");
	html_tr(h, "Aspects affected");
	HTML_LIT(h, "</legend>");
	for (size_t k = 0; k < 4; k++)
		form_checkbox(h, r, aspect_names[k], aspect_labels[k], aspects[k]);
	HTML_LIT(h, "</fieldset><fieldset><legend>");
	html_tr(h, "Personal data");
	HTML_LIT(h, "</legend>");
	form_textarea(h, r, "subject_categories", "Categories of data subjects", in->subject_categories, e);
	form_input(h, r, "number", "subjects_approx", "Approximate number of data subjects",
		   approx_text(r, in->subjects_approx), false, NULL, e);
	form_textarea(h, r, "data_kinds", "Kinds of personal data", in->data_kinds, e);
	form_input(h, r, "number", "records_approx", "Approximate number of personal data records",
		   approx_text(r, in->records_approx), false, NULL, e);
	HTML_LIT(h, "</fieldset>");
	form_textarea(h, r, "consequences", "Likely consequences", in->consequences, e);
	form_textarea(h, r, "measures", "Measures taken or proposed", in->measures, e);
	form_textarea(h, r, "cause", "Type of threat or root cause", in->cause, e);
	form_checkbox(h, r, "malicious", "Suspected unlawful or malicious act", in->malicious);
	form_checkbox(h, r, "cross_border", "Cross-border: affects other EU/EEA countries", in->cross_border);
	form_textarea(h, r, "indicators", "Indicators of compromise", in->indicators, e);
	form_textarea(h, r, "secrecy", "Claims of secrecy for the notification", in->secrecy, e);
	form_textarea(h, r, "lessons", "Lessons learned", in->lessons, e);
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_incident_edit(struct req *r)
{
	const struct incident *inc = scoped(r);
	struct incident_input in = incident_input_of(inc);
	struct edit_view v = { inc, &in, { { NULL }, { NULL } }, NULL, inc->version, NULL };
	const char *iso[N_TIMES] = { inc->occurred_at, inc->discovered_at, inc->aware_at, inc->ended_at };
	typed_from_stored(r, &v.tt, iso);
	return edit_form(r, &v, NULL);
}

/* A number field: empty is "not known" (-1); anything else must be a whole number (checked by the domain). */
static int64_t form_approx(struct req *r, const char *name)
{
	const char *s = req_form(r, name);
	int64_t v;
	if (!s || str_blank(s))
		return -1;
	return str_to_i64(str_trim(arena_strdup(r->arena, s)), &v) ? v : -2;
}

int page_incident_update(struct req *r)
{
	const struct incident *before = scoped(r);
	struct incident_input in = incident_input_of(before);
	struct incident cur = { 0 };
	struct err e = { 0 };
	struct edit_view v = {
		before, &in, { { NULL }, { NULL } }, req_form(r, "status_reason"), form_int(r, "version", -1), NULL
	};
	const char *iso[N_TIMES] = { NULL };
	struct db *db;
	int rc;

	in.unit_id = form_int(r, "unit_id", 0);
	in.kind_security = req_form(r, "kind_security") != NULL;
	in.kind_breach = req_form(r, "kind_breach") != NULL;
	in.kind_it = req_form(r, "kind_it") != NULL;
	in.kind_significant = req_form(r, "kind_significant") != NULL;
	in.category_id = form_int(r, "category_id", 0);
	in.title = req_form(r, "title");
	in.description = req_form(r, "description");
	in.severity = req_form(r, "severity");
	in.aspect_c = req_form(r, "aspect_c") != NULL;
	in.aspect_i = req_form(r, "aspect_i") != NULL;
	in.aspect_a = req_form(r, "aspect_a") != NULL;
	in.aspect_t = req_form(r, "aspect_t") != NULL;
	in.subject_categories = req_form(r, "subject_categories");
	in.subjects_approx = form_approx(r, "subjects_approx");
	in.records_approx = form_approx(r, "records_approx");
	in.data_kinds = req_form(r, "data_kinds");
	in.consequences = req_form(r, "consequences");
	in.measures = req_form(r, "measures");
	in.cause = req_form(r, "cause");
	in.malicious = req_form(r, "malicious") != NULL;
	in.cross_border = req_form(r, "cross_border") != NULL;
	in.indicators = req_form(r, "indicators");
	in.secrecy = req_form(r, "secrecy");
	in.lessons = req_form(r, "lessons");
	in.status = req_form(r, "status");
	typed_from_form(r, &v.tt);
	if (!(db = req_db(r)))
		return r->err.code;
	if (!(rc = times_parse(r, &v.tt, iso, N_TIMES, &e))) {
		in.occurred_at = iso[0];
		in.discovered_at = iso[1];
		in.aware_at = iso[2];
		in.ended_at = iso[3];
		rc = incident_update(db, r->arena, r->auth, before, v.version, &in, v.status_reason, &cur, &e);
	}
	/* After a conflict the form carries the current version, so saving again is a deliberate overwrite. */
	if (rc == ERR_CONFLICT && cur.id) {
		v.inc = v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e, arena_printf(r->arena, "/incidents/%" PRId64 "?msg=saved", before->id), edit_form,
			  &v);
}

/* --- a notification duty ------------------------------------------------------------------------- */

struct duty_view {
	const struct incident *inc;
	const struct incident_duty *d;
	const char *form; /* "decision" or "filing" when one failed */
	int64_t version;  /* the version the decision form carries */
};

static const char *const decision_values[] = { "pending", "yes", "no" };

static const char *const *decision_labels(const char *regime)
{
	static const char *const gdpr33[] = { N_("Not decided yet"), N_("Yes: to be notified to IMY"),
					      N_("No: unlikely to result in a risk (not notified)") };
	static const char *const gdpr34[] = { N_("Not decided yet"),
					      N_("Yes: likely to result in a high risk (inform them)"),
					      N_("No: not a high risk, or an exception of Art. 34(3)") };
	static const char *const csirt[] = { N_("Not decided yet"), N_("Yes: a significant incident"),
					     N_("No: not a significant incident") };
	static const char *const other[] = { N_("Not decided yet"), N_("Yes: to be notified"),
					     N_("No: not to be notified") };
	if (!strcmp(regime, "gdpr33"))
		return gdpr33;
	if (!strcmp(regime, "gdpr34"))
		return gdpr34;
	if (!strcmp(regime, "csirt"))
		return csirt;
	return other;
}

static const struct incident_duty *find_duty(const struct incident_duty *ds, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ds[i].n.id == id)
			return &ds[i];
	return NULL;
}

static int duty_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct duty_view *v = ctx;
	const struct incident *inc = v->inc;
	const struct incident_duty *d = v->d;
	const struct err *de = v->form && !strcmp(v->form, "decision") ? e : NULL;
	const struct err *fe = v->form && !strcmp(v->form, "filing") ? e : NULL;
	bool handle = can_handle(r, inc) && !strcmp(inc->state, "incident");
	const char *const *stages = incident_regime_stages(d->n.regime);
	time_t now = time_now();
	struct html *h;

	h = page_begin(r, regime_name(r, &d->n));
	HTML_LIT(h, "<p class=\"crumbs\"><a href=\"/incidents\">");
	html_tr(h, "Incidents");
	HTML_LIT(h, "</a> › ");
	link_record(h, "incident", inc->id,
		    arena_printf(r->arena, "%s %s", incident_ref(r->arena, inc->id), inc->title));
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Notification duty");
	HTML_LIT(h, ": ");
	html_text(h, regime_name(r, &d->n));
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	HTML_LIT(h, "<dl class=\"details\">");
	{
		int k = incident_enum(decision_values, 3, d->n.decision);
		detail_row(h, "Applies", tr(r->lang, decision_labels(d->n.regime)[k < 0 ? 0 : k]));
	}
	detail_row(h, "Reason", d->n.reason);
	detail_row(h, "Decided by", d->n.decided_by_name);
	time_row(h, N_("Decided"), d->n.decided_at);
	detail_row(h, "The authority's case reference", d->n.case_ref);
	if (!strcmp(d->n.regime, "gdpr33"))
		detail_row(h, "Reasons for a late notification", d->n.delay_reason);
	if (d->supplements_until) {
		HTML_LIT(h, "<dt>");
		html_tr(h, "IMY accepts supplements until");
		HTML_LIT(h, "</dt><dd>");
		html_instant(h, d->supplements_until);
		HTML_LIT(h, "</dd>");
	}
	HTML_LIT(h, "</dl><h2>");
	html_tr(h, "Clocks");
	HTML_LIT(h, "</h2><ul>");
	for (size_t c = 0; c < d->n_clocks; c++) {
		const struct incident_clock *cl = &d->clocks[c];
		HTML_LIT(h, "<li><strong>");
		html_tr(h, cl->label);
		HTML_LIT(h, "</strong>: ");
		html_tr(h, clock_state_label(cl->state));
		if (cl->due) {
			HTML_LIT(h, " – ");
			html_tr(h, "deadline");
			HTML_LIT(h, " ");
			html_instant(h, cl->due);
		}
		if ((cl->state == CLOCK_RUNNING || cl->state == CLOCK_MISSED) && cl->due) {
			HTML_LIT(h, " ");
			clock_live(h, r, cl->due, now);
		}
		HTML_LIT(h, "<br><span class=\"hint\">");
		html_tr(h, cl->rule);
		HTML_LIT(h, "</span></li>");
	}
	HTML_LIT(h, "</ul><h2>");
	html_tr(h, "What was filed");
	HTML_LIT(h, "</h2>");
	if (d->n_filings == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Nothing yet.");
		HTML_LIT(h, "</p>");
	} else {
		table_open_sr(h, N_("What was filed"),
			      (const char *const[]){ N_("Step"), N_("Filed"), N_("Reference"), N_("Note"),
						     N_("Recorded by"), NULL });
		for (size_t i = 0; i < d->n_filings; i++) {
			const struct incident_filing *f = &d->filings[i];
			HTML_LIT(h, "<tr><th scope=\"row\">");
			html_tr(h,
				incident_label(incident_stages, incident_stage_labels, INCIDENT_STAGE_COUNT, f->stage));
			HTML_LIT(h, "</th><td>");
			html_time(h, f->filed_at);
			HTML_LIT(h, "</td><td>");
			html_text(h, f->reference);
			HTML_LIT(h, "</td><td class=\"pre-line\">");
			html_text(h, f->note);
			HTML_LIT(h, "</td><td>");
			html_text(h, f->recorded_by_name);
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	if (handle) {
		const char *stage_values[INCIDENT_STAGE_COUNT], *stage_labels[INCIDENT_STAGE_COUNT];
		size_t n_stages = 0;
		const char *dec = de ? req_form(r, "decision") : d->n.decision;
		for (; stages[n_stages]; n_stages++) {
			stage_values[n_stages] = stages[n_stages];
			stage_labels[n_stages] = incident_label(incident_stages, incident_stage_labels,
								INCIDENT_STAGE_COUNT, stages[n_stages]);
		}
		HTML_LIT(h, "<h2 id=\"decide-h\">");
		html_tr(h, "Decision");
		HTML_LIT(h, "</h2>");
		incident_form_errors(h, r, de);
		form_open(h, r,
			  arena_printf(r->arena, "/incidents/%" PRId64 "/notifications/%" PRId64 "/decision", inc->id,
				       d->n.id));
		form_hidden_int(h, "version", v->version);
		form_select(h, r, "decision", "Does the duty apply?", decision_values, decision_labels(d->n.regime), 3,
			    dec, true, de);
		form_textarea(h, r, "reason", "Why (required when it does not apply)",
			      de ? req_form(r, "reason") : d->n.reason, de);
		form_text(h, r, "case_ref", "The authority's case reference",
			  de ? req_form(r, "case_ref") : d->n.case_ref, false, de);
		if (!strcmp(d->n.regime, "other")) {
			struct typed_times tt = { { NULL }, { NULL } };
			const char *iso[N_TIMES] = { d->n.due_at, NULL, NULL, NULL };
			form_text(h, r, "recipient", "Recipient", de ? req_form(r, "recipient") : d->n.recipient, true,
				  de);
			typed_from_stored(r, &tt, iso);
			time_field(h, r, "due_at", "due_at_offset", N_("Due (optional)"),
				   de ? req_form(r, "due_at") : tt.local[0],
				   de ? req_form(r, "due_at_offset") : tt.offset[0], de);
		}
		form_submit(h, "Save the decision", false);
		form_close(h);

		HTML_LIT(h, "<h2 id=\"file-h\">");
		html_tr(h, "Record a filing");
		HTML_LIT(h, "</h2>");
		incident_form_errors(h, r, fe);
		form_open(h, r,
			  arena_printf(r->arena, "/incidents/%" PRId64 "/notifications/%" PRId64 "/filings", inc->id,
				       d->n.id));
		form_select(h, r, "stage", "Step", stage_values, stage_labels, n_stages,
			    fe ? req_form(r, "stage") : NULL, true, fe);
		time_field(h, r, "filed_at", "filed_at_offset", N_("When it was filed (Swedish time)"),
			   fe ? req_form(r, "filed_at") : NULL, fe ? req_form(r, "filed_at_offset") : NULL, fe);
		form_text(h, r, "reference", "Reference (the authority's case number)",
			  fe ? req_form(r, "reference") : NULL, false, fe);
		form_textarea(h, r, "note", "Note", fe ? req_form(r, "note") : NULL, fe);
		if (!strcmp(d->n.regime, "gdpr33"))
			form_textarea(h, r, "delay_reason", "Reasons for the delay, if later than 72 hours",
				      fe ? req_form(r, "delay_reason") : NULL, fe);
		form_submit(h, "Record the filing", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

/* The duty named by the path's second id, with its incident's other duties read once. */
static int load_duty(struct req *r, struct incident_duty **ds, size_t *n, const struct incident_duty **d)
{
	struct db *db;
	int rc;
	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_duties(db, r->arena, scoped(r), time_now(), ds, n, &r->err)))
		return rc;
	if (!(*d = find_duty(*ds, *n, req_arg_id(r, 1))))
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("No such notification duty."));
	return 0;
}

int page_incident_duty(struct req *r)
{
	struct incident_duty *ds;
	size_t n;
	struct duty_view v = { scoped(r), NULL, NULL, 0 };
	int rc = load_duty(r, &ds, &n, &v.d);
	if (rc)
		return rc;
	v.version = v.d->n.version;
	return duty_page(r, &v, NULL);
}

static int duty_again(struct req *r, int rc, const struct err *e, const char *form, int64_t version)
{
	struct incident_duty *ds;
	size_t n;
	struct duty_view v = { scoped(r), NULL, form, version };
	int lrc;

	if (rc == 0)
		return resp_redirect(r, arena_printf(r->arena,
						     "/incidents/%" PRId64 "/notifications/%" PRId64 "?msg=saved",
						     v.inc->id, req_arg_id(r, 1)));
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		r->err = *e;
		return rc;
	}
	/* Show the duty as it is stored now (after a conflict its current version, so saving again overwrites). */
	if ((lrc = load_duty(r, &ds, &n, &v.d)))
		return lrc;
	if (rc == ERR_CONFLICT || strcmp(form, "decision"))
		v.version = v.d->n.version;
	r->resp.status = rc == ERR_CONFLICT ? 409 : 400;
	return duty_page(r, &v, e);
}

int page_incident_duty_decide(struct req *r)
{
	struct incident_notification_input in = { 0 };
	const char *due = NULL;
	int64_t version = form_int(r, "version", -1);
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.decision = req_form(r, "decision");
	in.reason = req_form(r, "reason");
	in.case_ref = req_form(r, "case_ref");
	in.recipient = req_form(r, "recipient");
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_time_local(r->arena, "due_at", req_form(r, "due_at"), req_form(r, "due_at_offset"), &due, &e);
	if (!rc) {
		struct incident_duty *ds;
		size_t n;
		const struct incident_duty *d;
		/* The reasons for a delay are recorded with the filing; a decision keeps them. */
		if ((rc = load_duty(r, &ds, &n, &d)))
			return rc;
		in.delay_reason = d->n.delay_reason;
		in.due_at = due;
		rc = incident_duty_decide(db, r->arena, r->auth, scoped(r), d->n.id, version, &in, NULL, &e);
	}
	return duty_again(r, rc, &e, "decision", version);
}

int page_incident_filing_add(struct req *r)
{
	struct incident_filing_input in = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	in.stage = req_form(r, "stage");
	in.reference = req_form(r, "reference");
	in.note = req_form(r, "note");
	in.delay_reason = req_form(r, "delay_reason");
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_time_local(r->arena, "filed_at", req_form(r, "filed_at"), req_form(r, "filed_at_offset"),
				 &in.filed_at, &e);
	if (!rc)
		rc = incident_filing_add(db, r->arena, r->auth, scoped(r), req_arg_id(r, 1), &in, NULL, &e);
	return duty_again(r, rc, &e, "filing", form_int(r, "version", 0));
}
