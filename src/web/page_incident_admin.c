/*
 * page_incident_admin.c - the incident module's settings, and the public
 * intake form.
 *
 * The category taxonomy is the installation's (its administrators edit
 * it); the incident settings are an organisation's: whether its public
 * form is on, and the controller's name, organisation number and contact
 * point that the IMY text carries. The public form (/report/ID, no
 * sign-in) shows the organisation's name and nothing else, takes free text
 * and contact details, and answers with a receipt number; when the
 * organisation has not turned it on, it is as if there were no such page.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "domain/incident.h"
#include "domain/unit.h"
#include "web/layout.h"
#include "web/page_incidents.h"
#include "web/widgets.h"

/* --- the category taxonomy ------------------------------------------------------------------ */

static int categories_page(struct req *r, const void *ctx, const struct err *e)
{
	const char *failed = ctx; /* "create", or the id of the category whose save failed */
	struct incident_category *cs;
	size_t n;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_categories(db, r->arena, true, &cs, &n, &r->err)))
		return rc;
	h = page_begin(r, tr(r->lang, "Incident categories"));
	page_crumb(h, "/incidents", N_("Incidents"));
	page_h1(h, N_("Incident categories"));
	page_flash(h, r);
	incident_form_errors(h, r, e);
	HTML_LIT(h, "<table><caption class=\"sr-only\">");
	html_tr(h, "Incident categories");
	HTML_LIT(h, "</caption>");
	table_head(h, (const char *const[]){ N_("Name"), N_("In use"), N_("Edit"), NULL });
	for (size_t i = 0; i < n; i++) {
		const char *name = incident_category_name(r->lang, cs[i].name, cs[i].builtin);
		HTML_LIT(h, "<tr><th scope=\"row\">");
		html_text(h, name);
		HTML_LIT(h, "</th><td>");
		html_tr(h, cs[i].active ? N_("Yes") : N_("No"));
		HTML_LIT(h, "</td><td><form class=\"inline\" method=\"post\" action=\"");
		html_attrf(h, "/incident-categories/%" PRId64 "/edit", cs[i].id);
		HTML_LIT(h, "\">");
		if (r->auth->csrf)
			form_hidden(h, "csrf", r->auth->csrf);
		form_hidden_int(h, "version", cs[i].version);
		HTML_LIT(h, "<label class=\"sr-only\" for=\"c-");
		html_int(h, cs[i].id);
		HTML_LIT(h, "\">");
		html_tr(h, "Name");
		HTML_LIT(h, "</label><input type=\"text\" name=\"name\" id=\"c-");
		html_int(h, cs[i].id);
		HTML_LIT(h, "\" value=\"");
		html_attr(h, name);
		HTML_LIT(h, "\"> <label><input type=\"checkbox\" name=\"active\" value=\"1\"");
		if (cs[i].active)
			HTML_LIT(h, " checked");
		HTML_LIT(h, "> ");
		html_tr(h, "In use");
		HTML_LIT(h, "</label> <button type=\"submit\" class=\"secondary\">");
		html_tr(h, "Save");
		HTML_LIT(h, "<span class=\"sr-only\"> ");
		html_text(h, name);
		HTML_LIT(h, "</span></button></form></td></tr>");
	}
	HTML_LIT(h, "</tbody></table><h2>");
	html_tr(h, "Add a category");
	HTML_LIT(h, "</h2>");
	form_open(h, r, "/incident-categories");
	form_text(h, r, "name", "Name", failed && !strcmp(failed, "create") ? req_form(r, "name") : NULL, true,
		  failed && !strcmp(failed, "create") ? e : NULL);
	form_submit(h, "Add", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_incident_categories(struct req *r)
{
	return categories_page(r, NULL, NULL);
}

int page_incident_category_create(struct req *r)
{
	struct err e = { 0 };
	struct db *db;
	if (!(db = req_db(r)))
		return r->err.code;
	return page_saved(r, incident_category_create(db, r->arena, r->auth, req_form(r, "name"), NULL, &e), &e,
			  "/incident-categories?msg=created", categories_page, "create");
}

int page_incident_category_update(struct req *r)
{
	const char *name = req_form(r, "name");
	struct incident_category *cs;
	size_t n;
	struct err e = { 0 };
	struct db *db;
	int64_t id = req_arg_id(r, 0);
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	/* A built-in name shown translated and sent back unchanged stays built-in. */
	if ((rc = incident_categories(db, r->arena, true, &cs, &n, &r->err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (cs[i].id == id && name && !strcmp(name, incident_category_name(r->lang, cs[i].name, cs[i].builtin)))
			name = NULL;
	rc = incident_category_update(db, r->arena, r->auth, id, form_int(r, "version", -1), name,
				      req_form(r, "active") != NULL, NULL, &e);
	return page_saved(r, rc, &e, "/incident-categories?msg=saved", categories_page, "update");
}

/* --- an organisation's settings --------------------------------------------------------------------- */

struct settings_view {
	const struct unit *org;
	const struct incident_settings *s;
	int64_t version;
	const struct incident_settings *cur;
};

static int settings_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct settings_view *v = ctx;
	struct html *h = page_begin(r, tr(r->lang, "Incident settings"));

	HTML_LIT(h, "<p class=\"crumbs\">");
	link_record(h, "unit", v->org->id, v->org->name);
	HTML_LIT(h, "</p><h1>");
	html_tr(h, "Incident settings");
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	incident_form_errors(h, r, e);
	if (v->cur) {
		page_theirs_open(h);
		HTML_LIT(h, "<dl class=\"details\">");
		detail_row(h, "Public report form", tr(r->lang, v->cur->public_intake ? N_("On") : N_("Off")));
		detail_row(h, "Controller", v->cur->controller);
		detail_row(h, "Organisation number", v->cur->org_number);
		detail_row(h, "Contact point", v->cur->contact);
		HTML_LIT(h, "</dl></section>");
	}
	form_open(h, r, arena_printf(r->arena, "/organisations/%" PRId64 "/incident-settings", v->org->id));
	form_hidden_int(h, "version", v->version);
	form_checkbox(h, r, "public_intake", "Public report form: anyone may report without signing in",
		      v->s->public_intake);
	HTML_LIT(h, "<p class=\"hint\">");
	html_tr(h, "The form shows only the organisation's name, takes free text and contact details, and is limited "
		   "per address. Its address is");
	HTML_LIT(h, " <code>");
	html_textf(h, "/report/%" PRId64, v->org->id);
	HTML_LIT(h, "</code>.</p>");
	form_text(h, r, "controller", "Controller (as named in the notification to IMY)", v->s->controller, false, e);
	form_text(h, r, "org_number", "Organisation number", v->s->org_number, false, e);
	form_textarea(h, r, "contact", "Contact point: the data protection officer or another (name, e-mail, phone)",
		      v->s->contact, e);
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_incident_settings(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct incident_settings s;
	struct settings_view v = { org, &s, 0, NULL };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = incident_settings_get(db, r->arena, org->id, &s, &r->err)))
		return rc;
	v.version = s.version;
	return settings_form(r, &v, NULL);
}

int page_incident_settings_update(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct incident_settings s = { 0 }, cur = { 0 };
	struct settings_view v = { org, &s, form_int(r, "version", -1), NULL };
	struct err e = { 0 };
	struct db *db;
	int rc;

	s.org_id = org->id;
	s.public_intake = req_form(r, "public_intake") != NULL;
	s.controller = req_form(r, "controller");
	s.org_number = req_form(r, "org_number");
	s.contact = req_form(r, "contact");
	if (!(db = req_db(r)))
		return r->err.code;
	rc = incident_settings_save(db, r->arena, r->auth, org, v.version, &s, &cur, &e);
	if (rc == ERR_CONFLICT && cur.org_id) {
		v.cur = &cur;
		v.version = cur.version;
	}
	return page_saved(r, rc, &e,
			  arena_printf(r->arena, "/organisations/%" PRId64 "/incident-settings?msg=saved", org->id),
			  settings_form, &v);
}

/* --- the public form ---------------------------------------------------------------------------------- */

/* The organisation's name when its public form is on; ERR_NOTFOUND (as for any unknown page) otherwise. */
static int public_org(struct req *r, struct db *db, struct incident_settings *s)
{
	int rc = incident_settings_get(db, r->arena, req_arg_id(r, 0), s, &r->err);
	if (rc == ERR_NOTFOUND || (!rc && !s->public_intake)) {
		err_clear(&r->err);
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	}
	return rc;
}

static int public_form(struct req *r, const void *ctx, const struct err *e)
{
	const struct incident_settings *s = ctx;
	struct html *h = page_begin(r, tr(r->lang, "Report an incident"));
	bool again = e && e->code;

	HTML_LIT(h, "<h1>");
	html_tr(h, "Report an incident");
	HTML_LIT(h, "</h1><p class=\"summary\">");
	html_text(h, s->org_name);
	HTML_LIT(h, "</p><p>");
	html_tr(h, "Have you seen personal data or other information end up where it should not, a lost document or "
		   "device, or something else that may harm the security of our information? Tell us here. You do "
		   "not need an account.");
	HTML_LIT(h, "</p>");
	incident_form_errors(h, r, e);
	form_open(h, r, arena_printf(r->arena, "/report/%" PRId64, s->org_id));
	form_textarea(h, r, "description", "What happened? When and where?", again ? req_form(r, "description") : NULL,
		      e);
	form_text(h, r, "name", "Your name (optional)", again ? req_form(r, "name") : NULL, false, e);
	form_input(h, r, "email", "email", "Your e-mail address (optional)", again ? req_form(r, "email") : NULL, false,
		   "email", e);
	form_input(h, r, "tel", "phone", "Your phone number (optional)", again ? req_form(r, "phone") : NULL, false,
		   "tel", e);
	form_submit(h, "Send the report", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_public_report_form(struct req *r)
{
	struct incident_settings s;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = public_org(r, db, &s)))
		return rc;
	return public_form(r, &s, NULL);
}

int page_public_report(struct req *r)
{
	struct incident_settings s;
	struct incident_public_report in = { 0 };
	const char *receipt = NULL;
	struct err e = { 0 };
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = public_org(r, db, &s)))
		return rc;
	in.description = req_form(r, "description");
	in.name = req_form(r, "name");
	in.email = req_form(r, "email");
	in.phone = req_form(r, "phone");
	rc = incident_report_public(db, r->arena, s.org_id, r->remote_addr, &in, &receipt, &e);
	if (rc == ERR_INVALID) {
		r->resp.status = 400;
		return public_form(r, &s, &e);
	}
	if (rc) {
		r->err = e;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Thank you for your report"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Thank you for your report");
	HTML_LIT(h, "</h1><p>");
	html_tr(h, "We have received it. Its receipt number is");
	HTML_LIT(h, " <strong class=\"receipt\">");
	html_text(h, receipt);
	HTML_LIT(h, "</strong>. ");
	html_tr(h, "Give it if you contact us about the report.");
	HTML_LIT(h, "</p>");
	page_end(r, h);
	return 0;
}
