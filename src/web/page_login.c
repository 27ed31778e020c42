/*
 * page_login.c - signing in and out, and the language choice before sign-in.
 *
 * The login form has no session yet, so it carries a pre-login token that
 * must match a cookie set with the form (double submit), which keeps other
 * sites from signing a visitor in to an account of theirs.
 */
#include <sodium.h>
#include <string.h>

#include "core/str.h"
#include "domain/auth.h"
#include "domain/totp.h"
#include "http/session.h"
#include "web/layout.h"
#include "web/page_login.h"
#include "web/page_signin.h"

const char *login_pre_token(struct req *r)
{
	const char *pre = auth_new_token(r->arena, "");
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=/login; Max-Age=3600; SameSite=Strict; HttpOnly%s",
				 PRELOGIN_COOKIE, pre, r->app->cfg.secure_cookies ? "; Secure" : ""));
	return pre;
}

int login_pre_check(struct req *r, struct err *e)
{
	const char *pre = req_form(r, "pre"), *cookie = req_cookie(r, PRELOGIN_COOKIE);
	if (pre && cookie && strlen(pre) == strlen(cookie) && sodium_memcmp(pre, cookie, strlen(pre)) == 0)
		return 0;
	return err_set(e, ERR_INVALID, NULL,
		       N_("The sign-in form has expired or did not come from this site. Please try again."));
}

static int login_form(struct req *r, const char *username, const struct err *e)
{
	const char *pre = login_pre_token(r);
	const char *next = session_safe_next(req_form(r, "next") ? req_form(r, "next") : req_query(r, "next"));
	struct html *h;
	h = page_begin(r, tr(r->lang, "Sign in"));
	HTML_LIT(h, "<div class=\"narrow\"><h1>");
	html_tr(h, "Sign in to Tillit");
	HTML_LIT(h, "</h1>");
	page_flash(h, r);
	form_errors(h, r, e);
	signin_provider_links(h, r, next);
	HTML_LIT(h, "<form method=\"post\" action=\"/login\">");
	form_hidden(h, "pre", pre);
	form_hidden(h, "next", next);
	form_input(h, r, "text", "username", "User name", username, true, "username", e);
	form_input(h, r, "password", "password", "Password", NULL, true, "current-password", NULL);
	form_submit(h, "Sign in", false);
	HTML_LIT(h, "</form></div>");
	page_end(r, h);
	return 0;
}

int page_login_refused(struct req *r, int status, const struct err *e)
{
	r->resp.status = status;
	return login_form(r, NULL, e);
}

int page_login(struct req *r)
{
	if (r->auth)
		return resp_redirect(r, session_safe_next(req_query(r, "next")));
	return login_form(r, NULL, NULL);
}

int page_login_post(struct req *r)
{
	const char *username = req_form(r, "username");
	const char *password = req_form(r, "password");
	struct auth_policy p = session_policy(r->app);
	enum signin_step step = SIGNIN_DONE;
	const char *token;
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (login_pre_check(r, &e)) {
		r->resp.status = 400;
		return login_form(r, username, &e);
	}
	if (!(db = req_db(r)))
		return r->err.code;
	rc = signin_password(db, r->arena, &p, username, password, r->remote_addr,
			     session_safe_next(req_form(r, "next")), &step, &token, &e);
	if (rc) {
		if (rc != ERR_UNAUTHORIZED && rc != ERR_THROTTLED) {
			r->err = e;
			return rc;
		}
		r->resp.status = rc == ERR_THROTTLED ? 429 : 401;
		return login_form(r, username, &e);
	}
	if (step != SIGNIN_DONE) {
		signin_set_challenge_cookie(r, token);
		return resp_redirect(r, step == SIGNIN_CODE ? "/login/code" : "/login/enrol");
	}
	session_set_cookie(r, token);
	return resp_redirect(r, session_safe_next(req_form(r, "next")));
}

int page_logout(struct req *r)
{
	struct db *db = req_db(r);
	if (!db)
		return r->err.code;
	return signin_logout(r, db);
}

int page_language(struct req *r)
{
	int l = lang_parse(req_form(r, "lang"));
	if (l < 0)
		return err_set(&r->err, ERR_INVALID, "lang", N_("Choose Swedish (sv) or English (en)."));
	session_set_lang_cookie(r, (enum lang)l);
	return resp_redirect(r, session_safe_next(req_form(r, "next")));
}
