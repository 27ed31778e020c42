/*
 * layout.c - page frame, navigation, forms and links.
 *
 * The frame: a skip link, the site header with the navigation the user's
 * roles allow, the language switch and sign-out, then <main>. Forms follow
 * the accessible pattern: every control has a <label>, errors are listed
 * in a summary with role="alert" and repeated under the field, which gets
 * aria-invalid and aria-describedby.
 */
#include "web/layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/zone.h"
#include "domain/authz.h"
#include "http/static.h"
#include "web/nav.h"

static struct html *begin(struct req *r, const char *title, bool doc_css)
{
	struct html *h = arena_alloc(r->arena, sizeof(*h));

	html_init(h, r->arena, r->lang);
	HTML_LIT(h, "<!DOCTYPE html>\n<html lang=\"");
	html_attr(h, lang_code(r->lang));
	HTML_LIT(h, "\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	html_text(h, title);
	HTML_LIT(h, " – Tillit</title><link rel=\"stylesheet\" href=\"");
	html_attr(h, static_url("app.css"));
	if (doc_css) {
		HTML_LIT(h, "\"><link rel=\"stylesheet\" href=\"");
		html_attr(h, static_url("doc.css"));
	}
	HTML_LIT(h, "\"><link rel=\"icon\" href=\"");
	html_attr(h, static_url("favicon.svg"));
	HTML_LIT(h, "\" type=\"image/svg+xml\"><script src=\"");
	html_attr(h, static_url("app.js"));
	HTML_LIT(h, "\" defer></script></head><body>");
	HTML_LIT(h, "<a class=\"skip\" href=\"#main\">");
	html_tr(h, "Skip to content");
	HTML_LIT(h, "</a><header class=\"site\"><a class=\"brand\" href=\"/\">Tillit</a>");
	if (r->auth) {
		nav_render(h, r);
		HTML_LIT(h, "<div class=\"who\"><a class=\"report\" href=\"/incidents/report\"");
		if (!strcmp(r->path, "/incidents/report"))
			HTML_LIT(h, " aria-current=\"page\"");
		HTML_LIT(h, ">");
		html_tr(h, "Report an incident");
		HTML_LIT(h, "</a><a href=\"/account\"");
		if (!strncmp(r->path, "/account", 8))
			HTML_LIT(h, " aria-current=\"page\"");
		HTML_LIT(h, ">");
		html_tr(h, "My account");
		HTML_LIT(h, "</a><span>");
		html_text(h, r->auth->display_name);
		HTML_LIT(h, "</span>");
		form_open(h, r, "/logout");
		form_submit(h, "Sign out", true);
		form_close(h);
		HTML_LIT(h, "</div>");
	} else {
		HTML_LIT(
			h,
			"<form class=\"lang\" method=\"post\" action=\"/language\"><input type=\"hidden\" name=\"next\" value=\"");
		html_attr(h, r->path);
		HTML_LIT(h, "\">");
		if (r->lang == LANG_SV)
			HTML_LIT(h, "<button name=\"lang\" value=\"en\" lang=\"en\">English</button>");
		else
			HTML_LIT(h, "<button name=\"lang\" value=\"sv\" lang=\"sv\">Svenska</button>");
		HTML_LIT(h, "</form>");
	}
	HTML_LIT(h, "</header><main id=\"main\">");
	return h;
}

struct html *page_begin(struct req *r, const char *title)
{
	return begin(r, title, false);
}

struct html *page_begin_doc(struct req *r, const char *title)
{
	return begin(r, title, true);
}

void page_end(struct req *r, struct html *h)
{
	HTML_LIT(h, "</main><footer class=\"site\"><p>Tillit – ");
	html_tr(h, "management system for information security and data protection");
	HTML_LIT(h, "</p></footer></body></html>\n");
	r->resp.content_type = "text/html; charset=utf-8";
	r->resp.body = h->b;
}

void page_flash(struct html *h, struct req *r)
{
	static const struct {
		const char *key, *msgid;
	} known[] = {
		{ "created", N_("Created.") },
		{ "saved", N_("Your changes have been saved.") },
		{ "moved", N_("The unit has been moved.") },
		{ "password", N_("The password has been changed.") },
		{ "password-tokens",
		  N_("The password has been changed, and the API tokens of the account have been revoked. Create new ones where they are needed.") },
		{ "granted", N_("The role has been granted.") },
		{ "revoked", N_("The role has been removed.") },
		{ "dismissed", N_("The suggestion has been dismissed: it will not be made again.") },
		{ "token-revoked", N_("The API token has been revoked.") },
		{ "token-renewed", N_("The API token has been renewed.") },
		{ "language", N_("The language has been changed.") },
		{ "signed-out", N_("You have signed out.") },
		{ "imported", N_("The assets have been imported.") },
		{ "unchanged", N_("Nothing was changed, so nothing was saved.") },
		{ "carried", N_("The unfinished activities have been carried into this year's plan.") },
		{ "carried-one", N_("The activity has been carried into next year's plan: this is it there.") },
		{ "generated", N_("The year's occurrences have been made.") },
		{ "calendar-revoked", N_("The calendar secret has been revoked: its addresses no longer work.") },
		{ "nothing-carried", N_("There was no unfinished activity left to carry over.") },
		{ "acted", N_("The assessments have been saved and the activities made in the action plan.") },
	};
	const char *msg = req_query(r, "msg");
	if (!msg)
		return;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (!strcmp(msg, known[i].key)) {
			HTML_LIT(h, "<p class=\"flash\" role=\"status\">");
			html_tr(h, known[i].msgid);
			HTML_LIT(h, "</p>");
			return;
		}
	}
}

void link_unit(struct html *h, int64_t id, const char *label)
{
	HTML_LIT(h, "<a href=\"/units/");
	html_int(h, id);
	HTML_LIT(h, "\">");
	html_text(h, label);
	HTML_LIT(h, "</a>");
}

void link_user(struct html *h, int64_t id, const char *label)
{
	HTML_LIT(h, "<a href=\"/users/");
	html_int(h, id);
	HTML_LIT(h, "\">");
	html_text(h, label);
	HTML_LIT(h, "</a>");
}

void link_asset_page(struct html *h, int64_t id, const char *sub, const char *msgid, bool button)
{
	if (button)
		HTML_LIT(h, "<a class=\"button\" href=\"/assets/");
	else
		HTML_LIT(h, "<a href=\"/assets/");
	html_int(h, id);
	html_attr(h, sub);
	HTML_LIT(h, "\">");
	html_tr(h, msgid);
	HTML_LIT(h, "</a>");
}

void form_open(struct html *h, struct req *r, const char *action)
{
	HTML_LIT(h, "<form method=\"post\" action=\"");
	html_attr(h, action);
	HTML_LIT(h, "\">");
	if (r->auth && r->auth->csrf) {
		HTML_LIT(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
		html_attr(h, r->auth->csrf);
		HTML_LIT(h, "\">");
	}
}

void form_close(struct html *h)
{
	HTML_LIT(h, "</form>");
}

static bool err_on(const struct err *e, const char *name)
{
	return e && e->code && e->field && !strcmp(e->field, name);
}

/* The label of a form field, for the error summary ("Namn: Fältet måste fyllas i."). */
static const struct {
	const char *field, *label;
} field_labels[] = {
	{ "name", N_("Name") },
	{ "kind", N_("Kind") },
	{ "code", N_("Code") },
	{ "case_prefix", N_("Registry prefix for case numbers") },
	{ "contact", N_("Contact people") },
	{ "parent_id", N_("Belongs to") },
	{ "unit_id", N_("Unit") },
	{ "username", N_("User name") },
	{ "display_name", N_("Name") },
	{ "email", N_("E-mail") },
	{ "lang", N_("Language") },
	{ "password", N_("Password") },
	{ "local_login", N_("Who may sign in with a password") },
	{ "roles", N_("Roles that must use a second factor with their password") },
	{ "provider", N_("Identity providers") },
	{ "password2", N_("Repeat the password") },
	{ "old_password", N_("Current password") },
	{ "role", N_("Role") },
	{ "description", N_("Description") },
	{ "supplier", N_("Supplier") },
	{ "hosting", N_("Hosting") },
	{ "lifecycle", N_("Lifecycle status") },
	{ "owner_id", N_("Owner (system owner or information owner)") },
	{ "administrator_id", N_("System administrator") },
	{ "title", N_("Title") },
	{ "text", N_("Requirement text") },
	{ "category", N_("Category") },
	{ "comment", N_("Comment") },
	{ "evidence_url", N_("Evidence (link to a document or page)") },
	{ "status", N_("Status") },
	{ "due_date", N_("Due date") },
	{ "responsible_id", N_("Responsible") },
	{ "file", N_("CSV file") },
	{ "date", N_("Date") },
	{ "from", N_("From date") },
	{ "to", N_("To date") },
	{ "actor", N_("Done by (user name)") },
	{ "to_id", N_("Other asset") },
	{ "reason", N_("Reason for the move") },
	{ "max_level", N_("Highest level") },
	{ "review_months", N_("Review interval in months") },
	{ "level_confidentiality", N_("Level of confidentiality") },
	{ "level_integrity", N_("Level of integrity") },
	{ "level_availability", N_("Level of availability") },
	{ "level_traceability", N_("Level of traceability") },
	{ "motivation_confidentiality", N_("Motivation for confidentiality") },
	{ "motivation_integrity", N_("Motivation for integrity") },
	{ "motivation_availability", N_("Motivation for availability") },
	{ "motivation_traceability", N_("Motivation for traceability") },
	/* action plans and the annual wheel */
	{ "year", N_("Year") },
	{ "area_id", N_("Area") },
	{ "purpose", N_("Purpose") },
	{ "quarters", N_("Planned quarters") },
	{ "responsible_unit_id", N_("Responsible unit") },
	{ "status_comment", N_("Status comment") },
	{ "next_step", N_("Next step") },
	{ "target_id", N_("Record") },
	{ "freq", N_("Repeats") },
	{ "month", N_("Month") },
	{ "day", N_("Day of the month") },
	{ "nth", N_("Which weekday") },
	{ "weekday", N_("Weekday") },
	{ "time_of_day", N_("Time of day") },
	/* risk analysis, continuity and exercises */
	{ "threat", N_("Threat") },
	{ "threat_id", N_("Threat from the catalogue") },
	{ "vulnerability", N_("Vulnerability") },
	{ "consequence_text", N_("Consequence") },
	{ "likelihood", N_("Likelihood") },
	{ "consequence", N_("Consequence level") },
	{ "treatment", N_("Treatment") },
	{ "treatment_reason", N_("Reason for the treatment") },
	{ "accepted_by", N_("Accepted by (for an accepted risk)") },
	{ "residual_likelihood", N_("Residual likelihood after measures") },
	{ "residual_consequence", N_("Residual consequence after measures") },
	{ "analysis_date", N_("Date of the analysis") },
	{ "scope_kind", N_("The analysis covers") },
	{ "asset_ids", N_("Assets") },
	{ "asset_id", N_("Asset") },
	{ "election_year", N_("The general election the term follows (year)") },
	{ "method", N_("Method (Markdown)") },
	{ "participants", N_("Participants") },
	{ "likelihood_map", N_("Likelihood") },
	{ "consequence_map", N_("Consequence") },
	{ "likelihood_levels", N_("Number of levels (2 to 9)") },
	{ "consequence_levels", N_("Number of levels (2 to 9)") },
	{ "medium_from", N_("Medium from risk value") },
	{ "high_from", N_("High from risk value") },
	{ "very_high_from", N_("Very high from risk value") },
	{ "mto_hours", N_("Maximum tolerable outage (hours)") },
	{ "rto_hours", N_("Recovery time objective (hours)") },
	{ "rpo_hours", N_("Recovery point objective (hours)") },
	{ "review_due", N_("Next review") },
	{ "fallback", N_("Manual fallback routines (Markdown)") },
	{ "contacts", N_("Contacts") },
	{ "exercise_date", N_("Date") },
	{ "scenario", N_("Scenario") },
	{ "observations", N_("Observations") },
	{ "resulting_actions", N_("Resulting actions") },
	{ "auditor_kind", N_("Kind of auditor") },
	{ "auditor", N_("Auditor") },
	{ "report_date", N_("Report date") },
	{ "case_ref", N_("Case reference") },
	{ "scope", N_("Scope and purpose") },
	{ "assessment", N_("Overall assessment") },
	{ "follows_id", N_("Follows up the audit") },
	{ "board_ids", N_("Addressed to") },
	{ "number", N_("Number") },
	{ "area", N_("Examined") },
	{ "result", N_("Result") },
	{ "recommendation_id", N_("Earlier recommendation") },
	{ "response_date", N_("Date") },
	{ "address", N_("Address") },
	{ "addressee", N_("To") },
	{ "summary", N_("Summary") },
	{ "heading", N_("Action area") },
	{ "decided_action", N_("Decided action") },
	{ "expected_effect", N_("Expected effect") },
	{ "actions_taken", N_("Actions taken so far") },
	{ "recommendation_ids", N_("Recommendations it answers") },
	{ "planned_date", N_("Planned date") },
	{ "done_date", N_("Done date") },
	{ "to_unit_id", N_("Unit that takes it over") },
	{ "handed_on", N_("Handed over on") },
	{ "note", N_("Note") },
	{ "approved_by", N_("Approved by") },
	{ "approved_on", N_("Approved on") },
	{ "unit_ids", N_("Units taking part") },
	{ "plan_ids", N_("Continuity plans tested") },
	{ "decided_by", N_("Decided by (board or officer)") },
	{ "decision_date", N_("Decision date") },
	{ "case_ref", N_("Case reference") },
	{ "doc_version", N_("Version") },
	{ "next_review", N_("Next review") },
	{ "link", N_("Link") },
	{ "replaces_id", N_("Replaces") },
	{ "requirement_id", N_("Requirement") },
	{ "group_id", N_("Target group") },
	{ "provider", N_("Provider") },
	{ "length_minutes", N_("Length (minutes)") },
	{ "validity_months", N_("Valid for (months)") },
	{ "group_ids", N_("Mandatory for the target groups") },
	{ "course_id", N_("Course") },
	{ "user_id", N_("Person") },
	{ "completed_on", N_("Completed on") },
	{ "period", N_("Year") },
	{ "completed", N_("Number completed") },
	{ "employed", N_("Number employed") },
	{ "question_id", N_("Question") },
	{ "answer_id", N_("Gap") },
	{ "step", N_("Step") },
	{ "level", N_("Level") },
	{ "priority_id", N_("Prioritised action") },
	{ "report_year", N_("Year of the annual report") },
	{ "followup", N_("Follow-up") },
	{ "version_no", N_("Version") },
	{ "background", N_("Background") },
	{ "isms", N_("Information security management system (ISMS)") },
	{ "factors", N_("Factors that affect the work") },
	{ "factor_law", N_("New law and regulation") },
	{ "factor_transfer", N_("Transfers to third countries") },
	{ "factor_budget", N_("Budget") },
	{ "factor_control", N_("Internal control") },
	{ "factor_rsa", N_("Risk and vulnerability analysis (RSA)") },
	{ "results", N_("Results of own follow-up") },
	{ "control_plan", N_("Internal control plan") },
	{ "audit", N_("Audit results") },
	{ "dpo", N_("Risks identified in the data protection officer's annual report") },
	{ "improvement", N_("Opportunities to improve the ISMS") },
	{ "answers", N_("Answers") },
	{ "texts", N_("Texts") },
	/* the register of processing activities */
	{ "controller_contact", N_("The controller's contact details") },
	{ "on_behalf_of", N_("The controller(s) it acts for") },
	{ "dpo_id", N_("Data protection officer") },
	{ "subject_ids", N_("Categories of data subjects") },
	{ "data_ids", N_("Categories of personal data") },
	{ "art9_point", N_("Special categories: the exception of Art. 9(2)") },
	{ "art10_basis", N_("The law or official authority that permits it (Art. 10)") },
	{ "recipients", N_("Categories of recipients") },
	{ "processor_ids", N_("Processors") },
	{ "dpia_decision", N_("Decision on an impact assessment") },
	{ "dpia_reason", N_("Reason for the decision") },
	{ "country", N_("Country") },
	{ "basis", N_("Basis of the transfer") },
	{ "dpf_certified", N_("The recipient is certified under the Data Privacy Framework") },
	{ "dpf_checked_on", N_("Certification checked on") },
	{ "scc_module", N_("Module of the standard contractual clauses") },
	{ "art49_point", N_("Derogation: the point of Art. 49(1)") },
	{ "signed_on", N_("Signed on") },
	{ "expires_on", N_("Expires on") },
	{ "agreement_file", N_("The agreement") },
	{ "residual_risk", N_("Residual risk") },
	{ "dpo_opinion", N_("The data protection officer's opinion") },
	{ "legal_basis", N_("Legal basis (Art. 6(1))") },
	{ "statute", N_("Swedish statute") },
	{ "retention", N_("Retention period") },
	{ "retention_rule", N_("Decision or rule on erasure") },
	{ "risk", N_("Risk") },
	{ "severity", N_("Severity") },
	{ "measure", N_("Measures to address the risks") },
	{ "sub_name", N_("Sub-processor") },
	{ "sub_country", N_("Country of the sub-processor") },
	/* internal control */
	{ "adopted_on", N_("Adopted by the board on") },
	{ "probability", N_("Probability (1-4)") },
	{ "decision", N_("Selection decision") },
	{ "rationale", N_("Motivation") },
	{ "process_id", N_("Process") },
	{ "check_method", N_("Method of the check") },
	{ "sample_size", N_("Sample size") },
	{ "population", N_("Population") },
	{ "frequency", N_("Frequency") },
	{ "period_kind", N_("Reporting period") },
	{ "period", N_("Period") },
	{ "checked_on", N_("Checked on") },
	{ "checked_by", N_("Checked by") },
	{ "conclusion", N_("Conclusion") },
	{ "samples", N_("Records checked") },
	{ "cause", N_("Cause") },
	{ "remedy", N_("Remedy") },
	{ "due", N_("Remedy due") },
};

static const char *field_label(const char *field)
{
	const char *us;
	size_t len;

	for (size_t i = 0; field && i < sizeof(field_labels) / sizeof(field_labels[0]); i++)
		if (!strcmp(field_labels[i].field, field))
			return field_labels[i].label;
	/* A field of the N-th row of a list ("statute_2", "retention_14") has the label of its stem. */
	if (!field || !(us = strrchr(field, '_')) || !us[1] || strspn(us + 1, "0123456789") != strlen(us + 1))
		return NULL;
	len = (size_t)(us - field);
	for (size_t i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]); i++)
		if (strlen(field_labels[i].field) == len && !strncmp(field_labels[i].field, field, len))
			return field_labels[i].label;
	return NULL;
}

/*
 * The message of @e; for a unit or person field whose text named nothing or several
 * (picker_fields_resolve()), what was typed and what to do, whatever the page made of the "-1" it read.
 */
static const char *field_message(struct req *r, const struct err *e)
{
	struct err typed;

	return err_message(req_typed_err(r, e, &typed) ? &typed : e, r->lang, r->arena);
}

static void errors(struct html *h, struct req *r, const struct err *e, const char *label)
{
	if (!e || !e->code)
		return;
	HTML_LIT(h, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	html_tr(h, e->code == ERR_CONFLICT ? N_("Your changes were not saved") : N_("Please correct the following"));
	HTML_LIT(h, "</h2><p>");
	if (e->field && strcmp(e->field, "version") != 0) {
		HTML_LIT(h, "<a href=\"#f-");
		html_attr(h, e->field);
		HTML_LIT(h, "\">");
		if (!label)
			label = field_label(e->field);
		if (label) {
			html_tr(h, label);
			HTML_LIT(h, ": ");
		}
		html_text(h, field_message(r, e));
		HTML_LIT(h, "</a>");
	} else {
		html_text(h, err_message(e, r->lang, r->arena));
	}
	HTML_LIT(h, "</p></div>");
}

void form_errors(struct html *h, struct req *r, const struct err *e)
{
	errors(h, r, e, NULL);
}

void form_errors_as(struct html *h, struct req *r, const struct err *e, const char *label)
{
	errors(h, r, e, label);
}

static void field_open(struct html *h, const char *name, const char *label, bool required, const struct err *e)
{
	HTML_LIT(h, "<div class=\"field");
	if (err_on(e, name))
		HTML_LIT(h, " invalid");
	HTML_LIT(h, "\"><label for=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	if (required) {
		HTML_LIT(h, " <span class=\"req\">(");
		html_tr(h, "required");
		HTML_LIT(h, ")</span>");
	}
	HTML_LIT(h, "</label>");
}

static void field_attrs(struct html *h, const char *name, bool required, const struct err *e)
{
	HTML_LIT(h, " id=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\"");
	if (required)
		HTML_LIT(h, " required");
	if (err_on(e, name)) {
		HTML_LIT(h, " aria-invalid=\"true\" aria-describedby=\"e-");
		html_attr(h, name);
		HTML_LIT(h, "\"");
	}
}

static void field_close(struct html *h, struct req *r, const char *name, const struct err *e)
{
	if (err_on(e, name)) {
		HTML_LIT(h, "<p class=\"field-error\" id=\"e-");
		html_attr(h, name);
		HTML_LIT(h, "\">");
		html_text(h, field_message(r, e));
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "</div>");
}

/* An input field: @list_id and @typeahead (NULL: none) make it offer suggestions (form_suggest()). */
static void input_field(struct html *h, struct req *r, const char *type, const char *name, const char *label,
			const char *value, bool required, const char *autocomplete, const char *list_id,
			const char *typeahead, const struct err *e)
{
	field_open(h, name, label, required, e);
	HTML_LIT(h, "<input type=\"");
	html_attr(h, type);
	HTML_LIT(h, "\"");
	if (list_id) {
		HTML_LIT(h, " list=\"");
		html_attr(h, list_id);
		HTML_LIT(h, "\"");
	}
	if (typeahead) {
		HTML_LIT(h, " data-typeahead=\"");
		html_attr(h, typeahead);
		HTML_LIT(h, "\"");
	}
	field_attrs(h, name, required, e);
	if (autocomplete) {
		HTML_LIT(h, " autocomplete=\"");
		html_attr(h, autocomplete);
		HTML_LIT(h, "\"");
	}
	if (value && strcmp(type, "password") != 0) {
		HTML_LIT(h, " value=\"");
		html_attr(h, value);
		HTML_LIT(h, "\"");
	}
	HTML_LIT(h, ">");
	field_close(h, r, name, e);
}

void form_input(struct html *h, struct req *r, const char *type, const char *name, const char *label, const char *value,
		bool required, const char *autocomplete, const struct err *e)
{
	input_field(h, r, type, name, label, value, required, autocomplete, NULL, NULL, e);
}

void form_suggest(struct html *h, struct req *r, const char *name, const char *label, const char *value,
		  const char *list_id, const char *typeahead, const struct err *e)
{
	input_field(h, r, "text", name, label, value, false, "off", list_id, typeahead, e);
}

void form_text(struct html *h, struct req *r, const char *name, const char *label, const char *value, bool required,
	       const struct err *e)
{
	form_input(h, r, "text", name, label, value, required, NULL, e);
}

void form_textarea(struct html *h, struct req *r, const char *name, const char *label, const char *value,
		   const struct err *e)
{
	field_open(h, name, label, false, e);
	HTML_LIT(h, "<textarea rows=\"4\"");
	field_attrs(h, name, false, e);
	HTML_LIT(h, ">");
	html_text(h, value);
	HTML_LIT(h, "</textarea>");
	field_close(h, r, name, e);
}

void form_select(struct html *h, struct req *r, const char *name, const char *label, const char *const *values,
		 const char *const *labels, size_t n, const char *selected, bool translate, const struct err *e)
{
	field_open(h, name, label, false, e);
	HTML_LIT(h, "<select");
	field_attrs(h, name, false, e);
	HTML_LIT(h, ">");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<option value=\"");
		html_attr(h, values[i]);
		HTML_LIT(h, "\"");
		if (selected && !strcmp(selected, values[i]))
			HTML_LIT(h, " selected");
		HTML_LIT(h, ">");
		if (translate)
			html_tr(h, labels[i]);
		else
			html_text(h, labels[i]);
		HTML_LIT(h, "</option>");
	}
	HTML_LIT(h, "</select>");
	field_close(h, r, name, e);
}

void form_checkbox(struct html *h, struct req *r, const char *name, const char *label, bool checked)
{
	HTML_LIT(h, "<div class=\"field check\"><input type=\"checkbox\" value=\"1\" id=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\"");
	if (checked)
		HTML_LIT(h, " checked");
	HTML_LIT(h, "><label for=\"f-");
	html_attr(h, name);
	HTML_LIT(h, "\">");
	html_tr(h, label);
	HTML_LIT(h, "</label></div>");
}

void form_hidden(struct html *h, const char *name, const char *value)
{
	HTML_LIT(h, "<input type=\"hidden\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\" value=\"");
	html_attr(h, value);
	HTML_LIT(h, "\">");
}

void form_hidden_int(struct html *h, const char *name, int64_t value)
{
	HTML_LIT(h, "<input type=\"hidden\" name=\"");
	html_attr(h, name);
	HTML_LIT(h, "\" value=\"");
	html_int(h, value);
	HTML_LIT(h, "\">");
}

void form_submit(struct html *h, const char *label, bool secondary)
{
	if (secondary)
		HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
	else
		HTML_LIT(h, "<button type=\"submit\">");
	html_tr(h, label);
	HTML_LIT(h, "</button>");
}

void page_pager(struct html *h, struct req *r, const char *base, int64_t offset, int64_t limit, int64_t total)
{
	const char *sep = strchr(base, '?') ? "&" : "?";
	bool beyond, has_next;
	int64_t prev;

	/* @offset comes from the address and may be anything up to INT64_MAX:
	 * compare against what is left, never add past @total. */
	if (offset < 0)
		offset = 0;
	if (limit < 1)
		limit = 1;
	if (total <= limit && offset == 0)
		return;
	beyond = offset >= total;
	has_next = !beyond && total - offset > limit;
	if (beyond)
		prev = total > limit ? total - limit : 0; /* the last page */
	else
		prev = offset > limit ? offset - limit : 0;
	HTML_LIT(h, "<nav class=\"pager\" aria-label=\"");
	html_tr(h, "Pages");
	HTML_LIT(h, "\"><p>");
	html_textf(h, "%" PRId64 "–%" PRId64 " / %" PRId64, beyond ? 0 : offset + 1,
		   beyond ? 0 : (has_next ? offset + limit : total), total);
	HTML_LIT(h, "</p>");
	if (offset > 0) {
		HTML_LIT(h, "<a rel=\"prev\" href=\"");
		html_attrf(h, "%s%soffset=%" PRId64 "&limit=%" PRId64, base, sep, prev, limit);
		HTML_LIT(h, "\">");
		html_tr(h, "Previous");
		HTML_LIT(h, "</a> ");
	}
	if (has_next) {
		HTML_LIT(h, "<a rel=\"next\" href=\"");
		html_attrf(h, "%s%soffset=%" PRId64 "&limit=%" PRId64, base, sep, offset + limit, limit);
		HTML_LIT(h, "\">");
		html_tr(h, "Next");
		HTML_LIT(h, "</a>");
	}
	HTML_LIT(h, "</nav>");
	(void)r;
}

int64_t query_int(struct req *r, const char *name, int64_t def)
{
	int64_t v;
	const char *s = req_query(r, name);
	return s && str_to_i64(s, &v) ? v : def;
}

int64_t form_int(struct req *r, const char *name, int64_t def)
{
	int64_t v;
	const char *s = req_form(r, name);
	return s && str_to_i64(s, &v) ? v : def;
}

/* Swedish local time (core/zone.c). */
void html_time(struct html *h, const char *iso)
{
	time_t t;
	char out[ZONE_LOCAL_LEN];
	if (!iso || !time_parse_iso(iso, &t)) {
		html_text(h, iso);
		return;
	}
	zone_format_local(t, out);
	HTML_LIT(h, "<time datetime=\"");
	html_attr(h, iso);
	HTML_LIT(h, "\">");
	html_text(h, out);
	HTML_LIT(h, "</time>");
}

void detail_row(struct html *h, const char *label, const char *value)
{
	HTML_LIT(h, "<dt>");
	html_tr(h, label);
	HTML_LIT(h, "</dt><dd>");
	if (value && *value)
		html_text(h, value);
	else
		HTML_LIT(h, "–");
	HTML_LIT(h, "</dd>");
}

void time_row(struct html *h, const char *label, const char *iso)
{
	HTML_LIT(h, "<dt>");
	html_tr(h, label);
	HTML_LIT(h, "</dt><dd>");
	if (iso && *iso)
		html_time(h, iso);
	else
		HTML_LIT(h, "–");
	HTML_LIT(h, "</dd>");
}
