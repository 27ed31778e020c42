/*
 * page_signin.c - sign-in through identity providers, the second step of
 * a password sign-in, one's own second factor, the sign-in settings.
 *
 * The pages before sign-in carry the pre-login token (double submit), as
 * the sign-in form does. A provider's sign-in starts with a plain link (the
 * pages' Content-Security-Policy lets forms post only to Tillit); the state
 * it sends to the provider is also kept in a cookie of this browser
 * (SameSite=Lax, so that it comes back with the provider's redirect),
 * which the callback must present. The callback answers with a page that
 * moves on by itself, so that the session cookie (SameSite=Strict) is
 * sent with the next request, which starts on this site.
 */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "domain/auth.h"
#include "domain/oidc.h"
#include "domain/role_suggestion.h"
#include "domain/totp.h"
#include "domain/user.h"
#include "http/session.h"
#include "io/qrsvg.h"
#include "web/layout.h"
#include "web/page_login.h"
#include "web/page_signin.h"
#include "web/widgets.h"

static const char *public_url(const struct req *r)
{
	return r->app->cfg.public_url;
}

void signin_provider_links(struct html *h, struct req *r, const char *next)
{
	struct oidc_provider *p;
	struct err e = { 0 };
	struct db *db;
	size_t n = 0;

	if (!public_url(r) || !(db = req_db(r)) || oidc_provider_list(db, r->arena, true, &p, &n, &e) || !n)
		return;
	HTML_LIT(h, "<ul class=\"signin-providers\">");
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<li><a class=\"button\" href=\"/login/oidc/");
		html_int(h, p[i].id);
		HTML_LIT(h, "?next=");
		html_url_arg(h, next ? next : "/");
		HTML_LIT(h, "\">");
		html_tr1(h, N_("Sign in with %s"), p[i].name);
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "</ul><p>");
	html_tr(h, "Or sign in with your user name and password:");
	HTML_LIT(h, "</p>");
}

void signin_account_links(struct html *h, struct req *r)
{
	HTML_LIT(h, "<h2>");
	html_tr(h, "Signing in");
	HTML_LIT(h, "</h2><ul><li><a href=\"/account/two-factor\">");
	html_tr(h, "Two-factor sign-in");
	HTML_LIT(h, "</a></li>");
	if (authz_global(r->auth, ACCESS_ADMIN)) {
		HTML_LIT(h, "<li><a href=\"/admin/sign-in\">");
		html_tr(h, "Sign-in settings");
		HTML_LIT(h, "</a></li>");
	}
	HTML_LIT(h, "</ul>");
}

static void cookie(struct req *r, const char *name, const char *value, const char *path, int max_age,
		   const char *same_site)
{
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=%s; Max-Age=%d; SameSite=%s; HttpOnly%s", name, value, path,
				 max_age, same_site, r->app->cfg.secure_cookies ? "; Secure" : ""));
}

void signin_set_challenge_cookie(struct req *r, const char *token)
{
	cookie(r, CHALLENGE_COOKIE, token, "/login", CHALLENGE_SECONDS, "Strict");
}

int signin_logout(struct req *r, struct db *db)
{
	const char *url = NULL, *name = NULL;
	struct err e = { 0 };
	struct html *h;
	int64_t sid = r->auth ? r->auth->session_id : 0;

	if (sid && oidc_end_session(db, r->arena, sid, public_url(r), &url, &name, &e))
		url = NULL;
	if (sid)
		oidc_session_forget(db, r->arena, sid, &e);
	auth_logout(db, r->arena, req_cookie(r, session_cookie_name(r->app)), &r->err);
	session_clear_cookie(r);
	if (!name)
		return resp_redirect(r, "/login?msg=signed-out");
	r->auth = NULL;
	h = page_begin(r, tr(r->lang, "Signed out"));
	HTML_LIT(h, "<div class=\"narrow\"><h1>");
	html_tr(h, "You have signed out of Tillit");
	HTML_LIT(h, "</h1><p>");
	html_tr1(h, N_("You may still be signed in at %s, and so in other services that use it."), name);
	HTML_LIT(h, "</p>");
	if (url) {
		HTML_LIT(h, "<p><a class=\"button\" href=\"");
		html_attr(h, url);
		HTML_LIT(h, "\">");
		html_tr1(h, N_("Sign out at %s too"), name);
		HTML_LIT(h, "</a></p>");
	}
	HTML_LIT(h, "<p><a href=\"/login\">");
	html_tr(h, "Sign in again");
	HTML_LIT(h, "</a></p></div>");
	page_end(r, h);
	return 0;
}

int page_oidc_start(struct req *r)
{
	const char *url = NULL, *state = NULL;
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	rc = oidc_begin(db, r->arena, public_url(r), req_arg_id(r, 0), session_safe_next(req_query(r, "next")), &url,
			&state, &e);
	if (rc == ERR_NOTFOUND) {
		r->err = e;
		return rc;
	}
	if (rc == ERR_INTERNAL && e.msgid)
		return page_login_refused(r, 502, &e);
	if (rc) {
		r->err = e;
		return rc;
	}
	cookie(r, OIDC_STATE_COOKIE, state, "/login/oidc", OIDC_FLOW_SECONDS, "Lax");
	r->resp.status = 303;
	resp_header(r, "Location", url);
	return 0;
}

/* A page that moves on to @next by itself, so that the next request starts on this site. */
static int continue_to(struct req *r, const char *next)
{
	struct html *h = page_begin(r, tr(r->lang, "Signed in"));

	HTML_LIT(h, "<meta http-equiv=\"refresh\" content=\"0;url=");
	html_attr(h, next);
	HTML_LIT(h, "\"><div class=\"narrow\"><h1>");
	html_tr(h, "You are signed in");
	HTML_LIT(h, "</h1><p><a href=\"");
	html_attr(h, next);
	HTML_LIT(h, "\">");
	html_tr(h, "Continue");
	HTML_LIT(h, "</a></p></div>");
	page_end(r, h);
	return 0;
}

int page_oidc_callback(struct req *r)
{
	struct oidc_callback cb = { req_query(r, "state"), req_cookie(r, OIDC_STATE_COOKIE), req_query(r, "code"),
				    req_query(r, "error"), r->remote_addr };
	struct auth_policy p = session_policy(r->app);
	const char *token = NULL, *next = "/";
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	/* The state is good once: the cookie goes whatever happens. */
	cookie(r, OIDC_STATE_COOKIE, "", "/login/oidc", 0, "Lax");
	rc = oidc_finish(db, r->arena, &p, public_url(r), &cb, &token, &next, &e);
	if (rc == ERR_UNAUTHORIZED || (rc == ERR_INTERNAL && e.msgid))
		return page_login_refused(r, rc == ERR_UNAUTHORIZED ? 400 : 502, &e);
	if (rc) {
		r->err = e;
		return rc;
	}
	session_set_cookie(r, token);
	return continue_to(r, session_safe_next(next));
}

/* --- the second step of a password sign-in --------------------------- */

static void code_form(struct html *h, struct req *r, const char *action, const char *label, const struct err *e)
{
	HTML_LIT(h, "<form method=\"post\" action=\"");
	html_attr(h, action);
	HTML_LIT(h, "\">");
	form_hidden(h, "pre", login_pre_token(r));
	form_input(h, r, "text", "code", label, NULL, true, "one-time-code", e);
	form_submit(h, "Continue", false);
	HTML_LIT(h, "</form>");
}

static int code_page(struct req *r, const struct err *e)
{
	struct html *h = page_begin(r, tr(r->lang, "Second factor"));

	HTML_LIT(h, "<div class=\"narrow\"><h1>");
	html_tr(h, "Enter the code from your app");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	HTML_LIT(h, "<p>");
	html_tr(h,
		"Open the authenticator app on your phone and enter the six digits it shows for Tillit. If you do not "
		"have your phone, enter one of your recovery codes.");
	HTML_LIT(h, "</p>");
	code_form(h, r, "/login/code", "Code", e);
	HTML_LIT(h, "<p><a href=\"/login\">");
	html_tr(h, "Start again");
	HTML_LIT(h, "</a></p></div>");
	page_end(r, h);
	return 0;
}

/* The challenge of this browser, or the sign-in form with the reason. */
static int challenge_or_login(struct req *r, struct db *db, struct login_challenge *c)
{
	struct err e = { 0 };
	int rc = signin_challenge(db, r->arena, req_cookie(r, CHALLENGE_COOKIE), c, &e);
	if (rc == ERR_UNAUTHORIZED)
		return page_login_refused(r, 400, &e), 1;
	if (rc)
		r->err = e;
	return rc;
}

int page_login_code(struct req *r)
{
	struct login_challenge c;
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = challenge_or_login(r, db, &c)))
		return rc > 0 ? 0 : rc;
	return code_page(r, NULL);
}

static int refused_form(struct req *r, int rc, const struct err *e, int (*again)(struct req *, const struct err *))
{
	if (rc == ERR_UNAUTHORIZED)
		return page_login_refused(r, 400, e);
	r->resp.status = rc == ERR_THROTTLED ? 429 : 400;
	return again(r, e);
}

/* The QR code, the key to type in, and the form for the first code. */
static void setup_body(struct html *h, struct req *r, const struct totp_setup *s, const char *action,
		       const struct err *e, bool pre)
{
	HTML_LIT(h, "<ol class=\"steps\"><li>");
	html_tr(h, "Install an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or "
		   "Microsoft Authenticator).");
	HTML_LIT(h, "</li><li>");
	html_tr(h, "Scan this QR code with the app:");
	HTML_LIT(h, "<div class=\"qr-code\">");
	qr_svg(h, s->uri, tr(r->lang, "QR code for your authenticator app"));
	HTML_LIT(h, "</div>");
	html_tr(h, "Or type this key into the app:");
	HTML_LIT(h, " <code class=\"totp-key\">");
	html_text(h, s->secret_b32);
	HTML_LIT(h, "</code></li><li>");
	html_tr(h, "Enter the six digits the app shows.");
	HTML_LIT(h, "</li></ol><form method=\"post\" action=\"");
	html_attr(h, action);
	HTML_LIT(h, "\">");
	if (pre)
		form_hidden(h, "pre", login_pre_token(r));
	else
		form_hidden(h, "csrf", r->auth && r->auth->csrf ? r->auth->csrf : "");
	form_input(h, r, "text", "code", "Code", NULL, true, "one-time-code", e);
	form_submit(h, "Turn on two-factor sign-in", false);
	HTML_LIT(h, "</form>");
}

static void recovery_body(struct html *h, const char *const *codes, const char *next)
{
	HTML_LIT(h, "<p>");
	html_tr(h, "Two-factor sign-in is on. These recovery codes let you sign in without your phone, each once. "
		   "Keep them somewhere safe: they are shown only now.");
	HTML_LIT(h, "</p><ul class=\"recovery-codes\">");
	for (size_t i = 0; codes && codes[i]; i++) {
		HTML_LIT(h, "<li><code>");
		html_text(h, codes[i]);
		HTML_LIT(h, "</code></li>");
	}
	HTML_LIT(h, "</ul><p><a class=\"button\" href=\"");
	html_attr(h, next);
	HTML_LIT(h, "\">");
	html_tr(h, "Continue");
	HTML_LIT(h, "</a></p>");
}

static int enrol_page(struct req *r, const struct err *e)
{
	struct login_challenge c;
	struct totp_setup s;
	struct user u;
	struct err e2 = { 0 };
	struct db *db = req_db(r);
	struct html *h;
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = challenge_or_login(r, db, &c)))
		return rc > 0 ? 0 : rc;
	if ((rc = user_get(db, r->arena, c.user_id, &u, &e2)) ||
	    (rc = totp_setup_begin(db, r->arena, c.user_id, u.username, &s, &e2))) {
		r->err = e2;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Set up two-factor sign-in"));
	HTML_LIT(h, "<div class=\"narrow\"><h1>");
	html_tr(h, "Set up two-factor sign-in");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	HTML_LIT(h, "<p>");
	html_tr(h, "Your role requires a second factor when you sign in with a password.");
	HTML_LIT(h, "</p>");
	setup_body(h, r, &s, "/login/enrol", e, true);
	HTML_LIT(h, "</div>");
	page_end(r, h);
	return 0;
}

int page_login_enrol(struct req *r)
{
	return enrol_page(r, NULL);
}

/* POST /login/code and /login/enrol: the second step of a password sign-in, then the session. */
static int second_step_post(struct req *r, bool enrol)
{
	int (*again)(struct req *, const struct err *) = enrol ? enrol_page : code_page;
	struct auth_policy p = session_policy(r->app);
	const char *session = NULL, *next = "/", *token = req_cookie(r, CHALLENGE_COOKIE), *code = req_form(r, "code");
	const char **codes = NULL;
	struct err e = { 0 };
	struct db *db;
	struct html *h;
	int rc;

	if (login_pre_check(r, &e))
		return refused_form(r, ERR_INVALID, &e, again);
	if (!(db = req_db(r)))
		return r->err.code;
	rc = enrol ? signin_enrol(db, r->arena, &p, token, code, r->remote_addr, &codes, &session, &next, &e)
		   : signin_code(db, r->arena, &p, token, code, r->remote_addr, &session, &next, &e);
	if (rc == ERR_INVALID || rc == ERR_THROTTLED || rc == ERR_UNAUTHORIZED)
		return refused_form(r, rc, &e, again);
	if (rc) {
		r->err = e;
		return rc;
	}
	cookie(r, CHALLENGE_COOKIE, "", "/login", 0, "Strict");
	session_set_cookie(r, session);
	if (!enrol)
		return resp_redirect(r, session_safe_next(next));
	h = page_begin(r, tr(r->lang, "Recovery codes"));
	HTML_LIT(h, "<div class=\"narrow\"><h1>");
	html_tr(h, "Your recovery codes");
	HTML_LIT(h, "</h1>");
	recovery_body(h, codes, session_safe_next(next));
	HTML_LIT(h, "</div>");
	page_end(r, h);
	return 0;
}

int page_login_code_post(struct req *r)
{
	return second_step_post(r, false);
}

int page_login_enrol_post(struct req *r)
{
	return second_step_post(r, true);
}

/* --- one's own second factor --------------------------------------------- */

static int tfa_page(struct req *r, const struct err *e)
{
	struct db *db = req_db(r);
	struct err e2 = { 0 };
	bool on = false;
	size_t left = 0;
	struct html *h;
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = totp_status(db, r->arena, r->auth->user_id, &on, &left, &e2))) {
		r->err = e2;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Two-factor sign-in"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Two-factor sign-in");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	HTML_LIT(h, "<p>");
	if (on) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", left);
		html_tr(h, "Two-factor sign-in is on: when you sign in with your password, Tillit also asks for a code "
			   "from your app.");
		HTML_LIT(h, " ");
		html_tr1(h, N_("Recovery codes left: %s."), n);
		HTML_LIT(h, "</p>");
		form_open(h, r, "/account/two-factor/off");
		form_input(h, r, "password", "password", "Your password", NULL, true, "current-password", e);
		form_submit(h, "Turn off two-factor sign-in", true);
		form_close(h);
	} else {
		html_tr(h,
			"Two-factor sign-in is off. With it on, signing in with your password also needs a code from "
			"an app on your phone.");
		HTML_LIT(h, "</p>");
		form_open(h, r, "/account/two-factor/setup");
		form_submit(h, "Set up two-factor sign-in", false);
		form_close(h);
	}
	page_end(r, h);
	return 0;
}

int page_account_tfa(struct req *r)
{
	return tfa_page(r, NULL);
}

static int setup_page(struct req *r, const struct err *e)
{
	struct totp_setup s;
	struct err e2 = { 0 };
	struct db *db = req_db(r);
	struct html *h;
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = totp_setup_begin(db, r->arena, r->auth->user_id, r->auth->username, &s, &e2))) {
		if (rc == ERR_INVALID) {
			r->resp.status = 400;
			return tfa_page(r, &e2);
		}
		r->err = e2;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Set up two-factor sign-in"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Set up two-factor sign-in");
	HTML_LIT(h, "</h1>");
	form_errors(h, r, e);
	setup_body(h, r, &s, "/account/two-factor/confirm", e, false);
	page_end(r, h);
	return 0;
}

int page_account_tfa_setup(struct req *r)
{
	return setup_page(r, NULL);
}

int page_account_tfa_confirm(struct req *r)
{
	const char **codes = NULL;
	struct err e = { 0 };
	struct db *db = req_db(r);
	struct html *h;
	int rc;

	if (!db)
		return r->err.code;
	rc = totp_setup_confirm(db, r->arena, r->auth, r->auth->user_id, req_form(r, "code"), &codes, &e);
	if (rc == ERR_INVALID) {
		r->resp.status = 400;
		return setup_page(r, &e);
	}
	if (rc) {
		r->err = e;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Recovery codes"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Your recovery codes");
	HTML_LIT(h, "</h1>");
	recovery_body(h, codes, "/account/two-factor");
	page_end(r, h);
	return 0;
}

int page_account_tfa_off(struct req *r)
{
	struct auth_policy p = session_policy(r->app);
	struct err e = { 0 };
	struct db *db = req_db(r);
	int64_t uid = 0;
	int rc;

	if (!db)
		return r->err.code;
	rc = auth_check_password(db, r->arena, &p, r->auth->username, req_form(r, "password"), r->remote_addr,
				 "password", &uid, &e);
	if (rc == ERR_UNAUTHORIZED || (!rc && uid != r->auth->user_id))
		rc = err_set(&e, ERR_INVALID, "password", N_("The password is not correct."));
	if (rc == ERR_INVALID || rc == ERR_THROTTLED) {
		r->resp.status = rc == ERR_THROTTLED ? 429 : 400;
		return tfa_page(r, &e);
	}
	if (rc || (rc = totp_disable(db, r->arena, r->auth, r->auth->user_id, &e))) {
		r->err = e;
		return rc;
	}
	return resp_redirect(r, "/account/two-factor?msg=saved");
}

/* --- the installation's sign-in settings --------------------------------- */

static const char *const role_values[] = { "administrator", "coordinator", "dpo", "owner", "reader", "auditor" };

/* The groups of the providers' groups claims that suggest roles (set up with tillit signin group add). */
static void group_roles_table(struct html *h, const struct group_role *m, size_t n)
{
	static const char *const cols[] = { N_("Identity provider"), N_("Group"), N_("Suggested role"),
					    N_("Applies to"), NULL };

	HTML_LIT(h, "<h3>");
	html_tr(h, "Groups that suggest roles");
	HTML_LIT(h, "</h3><p>");
	html_tr(h,
		"A person who signs in carrying one of these groups, but without the role, appears under Suggested "
		"roles; an administrator grants the role or dismisses the suggestion. Nothing is granted by itself.");
	HTML_LIT(h, " <a href=\"/role-suggestions\">");
	html_tr(h, "Suggested roles");
	HTML_LIT(h, "</a></p>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No group suggests a role.");
		HTML_LIT(h, "</p>");
		return;
	}
	table_open(h, N_("Groups that suggest roles"), -1, cols);
	for (size_t i = 0; i < n; i++) {
		HTML_LIT(h, "<tr><td>");
		html_text(h, m[i].provider_slug);
		HTML_LIT(h, "</td><td>");
		html_text(h, m[i].group_value);
		HTML_LIT(h, "</td><td>");
		html_tr(h, role_label(role_parse(m[i].role)));
		HTML_LIT(h, "</td><td>");
		if (m[i].unit_id)
			link_record(h, "unit", m[i].unit_id, m[i].unit_name);
		else
			html_tr(h, "The whole installation");
		HTML_LIT(h, "</td></tr>");
	}
	table_close(h);
}

static int admin_page(struct req *r, const struct err *e)
{
	static const char *const local_values[] = { "all", "admins" };
	static const char *const local_labels[] = {
		N_("Every account"),
		N_("Only installation-wide administrators (everyone else uses an identity provider)"),
	};
	struct oidc_provider *p;
	struct group_role *maps;
	const char **roles, *local;
	size_t n = 0, n_roles = 0, n_maps = 0;
	struct err e2 = { 0 };
	struct db *db = req_db(r);
	struct html *h;
	int rc;

	if (!db)
		return r->err.code;
	if ((rc = oidc_provider_list(db, r->arena, false, &p, &n, &e2)) ||
	    (rc = group_role_list(db, r->arena, 0, &maps, &n_maps, &e2)) ||
	    (rc = totp_roles(db, r->arena, &roles, &n_roles, &e2)) ||
	    (rc = signin_local_login(db, r->arena, &local, &e2))) {
		r->err = e2;
		return rc;
	}
	h = page_begin(r, tr(r->lang, "Sign-in settings"));
	HTML_LIT(h, "<h1>");
	html_tr(h, "Sign-in settings");
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<h2>");
	html_tr(h, "Identity providers");
	HTML_LIT(h, "</h2>");
	if (!n) {
		HTML_LIT(h, "<p>");
		html_tr(h, "No identity provider is set up: everyone signs in with a password.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption>");
		html_tr(h, "Identity providers");
		HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
		html_tr(h, "Name");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Issuer");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Identifying claim");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Unknown people");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Groups claim");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "State");
		HTML_LIT(h, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			html_text(h, p[i].name);
			HTML_LIT(h, "</td><td>");
			html_text(h, p[i].issuer);
			HTML_LIT(h, "</td><td>");
			html_text(h, p[i].claim_id);
			HTML_LIT(h, "</td><td>");
			html_tr(h, p[i].create_unknown ? N_("get an account without roles") : N_("are refused"));
			HTML_LIT(h, "</td><td>");
			if (p[i].claim_groups[0])
				html_text(h, p[i].claim_groups);
			else
				html_tr(h, "none");
			HTML_LIT(h, "</td><td>");
			html_tr(h, p[i].enabled ? N_("On") : N_("Off"));
			HTML_LIT(h, "</td></tr>");
		}
		HTML_LIT(h, "</tbody></table>");
		group_roles_table(h, maps, n_maps);
	}
	if (!public_url(r)) {
		HTML_LIT(h, "<p>");
		html_tr(h, "Sign-in through identity providers needs the server's public address (TILLIT_PUBLIC_URL).");
		HTML_LIT(h, "</p>");
	}
	HTML_LIT(h, "<p>");
	html_tr(h, "Providers are added and switched on or off on the server with tillit signin (see the operations "
		   "guide), so that the client secret stays in a file or the environment.");
	HTML_LIT(h, "</p>");
	form_open(h, r, "/admin/sign-in");
	HTML_LIT(h, "<h2>");
	html_tr(h, "Passwords and second factor");
	HTML_LIT(h, "</h2>");
	form_select(h, r, "local_login", "Who may sign in with a password", local_values, local_labels, 2, local, true,
		    e);
	HTML_LIT(h, "<fieldset><legend>");
	html_tr(h, "Roles that must use a second factor with their password");
	HTML_LIT(h, "</legend>");
	for (size_t i = 0; i < sizeof(role_values) / sizeof(role_values[0]); i++) {
		bool on = false;
		for (size_t k = 0; k < n_roles; k++)
			on = on || !strcmp(roles[k], role_values[i]);
		form_checkbox(h, r, arena_printf(r->arena, "role_%s", role_values[i]),
			      role_label(role_parse(role_values[i])), on);
	}
	HTML_LIT(h, "</fieldset>");
	form_submit(h, "Save", false);
	form_close(h);
	page_end(r, h);
	return 0;
}

int page_admin_signin(struct req *r)
{
	return admin_page(r, NULL);
}

int page_admin_signin_post(struct req *r)
{
	const char *roles[sizeof(role_values) / sizeof(role_values[0])];
	size_t n = 0;
	struct err e = { 0 };
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code;
	for (size_t i = 0; i < sizeof(role_values) / sizeof(role_values[0]); i++) {
		const char *v = req_form(r, arena_printf(r->arena, "role_%s", role_values[i]));
		if (v && !strcmp(v, "1"))
			roles[n++] = role_values[i];
	}
	rc = signin_set_local_login(db, r->arena, r->auth, req_form(r, "local_login"), &e);
	if (!rc)
		rc = totp_roles_set(db, r->arena, r->auth, roles, n, &e);
	if (rc == ERR_INVALID) {
		r->resp.status = 400;
		return admin_page(r, &e);
	}
	if (rc) {
		r->err = e;
		return rc;
	}
	return resp_redirect(r, "/admin/sign-in?msg=saved");
}
