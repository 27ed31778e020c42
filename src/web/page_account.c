/*
 * page_account.c - the signed-in user's own account: details, language,
 * password, API tokens and the secret of the calendar feeds (page_wheel.c).
 *
 * Changing one's password needs the current one, ends every other session
 * of the account but keeps the one it is done from, and revokes the
 * account's API tokens. Creating a token asks for the password again; both
 * password checks go through the sign-in throttle. An API token is shown in
 * clear exactly once, on the page that answers its creation: that page is
 * not a redirect, because the token must never travel in a URL (and so
 * into logs and browser history). Only the first characters of a token are
 * stored in clear, to recognise it in the list. A token expires; renewing
 * it gives it the default lifetime again from today.
 */
#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "domain/auth.h"
#include "domain/user.h"
#include "http/session.h"
#include "web/layout.h"
#include "web/page_account.h"
#include "web/page_plans.h"
#include "web/page_signin.h"
#include "web/widgets.h"

static const char *const lang_values[] = { "sv", "en" };
static const char *const lang_names[] = { "Svenska", "English" };

/* What a re-rendered account page shows besides the stored state. */
struct account_view {
	const char *token_name;       /* typed into the create form */
	const char *token_days;       /* typed into the create form */
	const char *new_token;        /* the clear token just created, shown once */
	const char *new_name;         /* its name */
	const char *new_calendar_key; /* the calendar secret just made, shown once */
};

static void when_cell(struct html *h, const char *iso, const char *none)
{
	HTML_LIT(h, "<td>");
	if (iso && *iso)
		html_time(h, iso);
	else
		html_tr(h, none);
	HTML_LIT(h, "</td>");
}

void account_roles(struct html *h, struct req *r)
{
	HTML_LIT(h, "<h2>");
	html_tr(h, "Your roles");
	HTML_LIT(h, "</h2>");
	if (r->auth->n_grants == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You have no roles yet. Ask an administrator to grant you one.");
		HTML_LIT(h, "</p>");
		return;
	}
	HTML_LIT(h, "<ul class=\"roles\">");
	for (size_t i = 0; i < r->auth->n_grants; i++) {
		const struct grant *g = &r->auth->grants[i];
		HTML_LIT(h, "<li>");
		html_tr(h, role_label(g->role));
		HTML_LIT(h, " – ");
		if (g->unit_id)
			link_record(h, "unit", g->unit_id, g->unit_name);
		else
			html_tr(h, "the whole installation");
		HTML_LIT(h, "</li>");
	}
	HTML_LIT(h, "</ul>");
	signin_account_links(h, r);
}

static void new_token_box(struct html *h, const struct account_view *v)
{
	HTML_LIT(h, "<section class=\"flash\" role=\"status\" aria-labelledby=\"new-token-h\"><h3 id=\"new-token-h\">");
	html_tr(h, "Your new API token");
	HTML_LIT(h, "</h3><p>");
	html_tr(h, "Name");
	HTML_LIT(h, ": ");
	html_text(h, v->new_name);
	HTML_LIT(h, "</p><p class=\"token\"><code>");
	html_text(h, v->new_token);
	HTML_LIT(h, "</code></p><p><strong>");
	html_tr(h, "Copy the token now. It will not be shown again.");
	HTML_LIT(h, "</strong> ");
	html_tr(h, "Send it in the header \"Authorization: Bearer <token>\".");
	HTML_LIT(h, "</p></section>");
}

/* A button that posts to /account/tokens/ID/@what, labelled @label and, for screen readers, the token's name. */
static void token_button(struct html *h, struct req *r, const struct api_token *t, const char *what, const char *label)
{
	form_open(h, r, arena_printf(r->arena, "/account/tokens/%" PRId64 "/%s", t->id, what));
	HTML_LIT(h, "<button type=\"submit\" class=\"secondary\">");
	html_tr(h, label);
	HTML_LIT(h, "<span class=\"sr-only\"> ");
	html_text(h, t->name);
	HTML_LIT(h, "</span></button>");
	form_close(h);
}

static void tokens_section(struct html *h, struct req *r, const struct api_token *t, size_t n,
			   const struct account_view *v, const struct err *e)
{
	HTML_LIT(h, "<h2 id=\"tokens\">");
	html_tr(h, "API tokens");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "An API token lets a program use the JSON API with your roles. Revoke a token you no longer need.");
	HTML_LIT(h, "</p>");
	if (v->new_token)
		new_token_box(h, v);
	if (n == 0) {
		HTML_LIT(h, "<p>");
		html_tr(h, "You have no API tokens.");
		HTML_LIT(h, "</p>");
	} else {
		HTML_LIT(h, "<table><caption class=\"sr-only\">");
		html_tr(h, "API tokens");
		HTML_LIT(h, "</caption><thead><tr><th scope=\"col\">");
		html_tr(h, "Name");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Begins with");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Created");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Last used");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Expires");
		HTML_LIT(h, "</th><th scope=\"col\">");
		html_tr(h, "Revoked");
		HTML_LIT(h, "</th><th scope=\"col\"><span class=\"sr-only\">");
		html_tr(h, "Actions");
		HTML_LIT(h, "</span></th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			HTML_LIT(h, "<tr><td>");
			html_text(h, t[i].name);
			HTML_LIT(h, "</td><td><code>");
			html_text(h, t[i].prefix);
			HTML_LIT(h, "…</code></td>");
			when_cell(h, t[i].created_at, "–");
			when_cell(h, t[i].last_used_at, N_("Never"));
			HTML_LIT(h, "<td>");
			html_time(h, t[i].expires_at);
			if (t[i].expired) {
				HTML_LIT(h, " <strong>");
				html_tr(h, "(expired)");
				HTML_LIT(h, "</strong>");
			}
			HTML_LIT(h, "</td>");
			when_cell(h, t[i].revoked_at, N_("No"));
			HTML_LIT(h, "<td>");
			if (!t[i].revoked_at) {
				token_button(h, r, &t[i], "renew", N_("Renew"));
				token_button(h, r, &t[i], "revoke", N_("Revoke"));
			}
			HTML_LIT(h, "</td></tr>");
		}
		table_close(h);
	}
	HTML_LIT(h, "<h3>");
	html_tr(h, "Create an API token");
	HTML_LIT(h, "</h3><p>");
	html_tr(h, "A token expires after the number of days you choose (at most 365); renew it before then. "
		   "Changing your password revokes all your tokens.");
	HTML_LIT(h, "</p>");
	form_open(h, r, "/account/tokens");
	form_input(h, r, "text", "name", "What the token is for", v->token_name, true, "off", e);
	form_input(h, r, "number", "days", "Days until it expires",
		   v->token_days ? v->token_days : arena_printf(r->arena, "%d", TOKEN_DAYS_DEFAULT), true, "off", e);
	form_input(h, r, "password", "password", "Your password", NULL, true, "current-password", e);
	form_submit(h, "Create token", false);
	form_close(h);
}

/* The account page; @e is the problem of the form just sent. */
static int account_page(struct req *r, const void *ctx, const struct err *e)
{
	const struct account_view *v = ctx;
	struct user u;
	struct api_token *tokens;
	size_t n_tokens;
	struct html *h;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if ((rc = user_get(db, r->arena, r->auth->user_id, &u, &r->err)) ||
	    (rc = token_list(db, r->arena, r->auth->user_id, &tokens, &n_tokens, &r->err)))
		return rc;

	h = page_begin(r, tr(r->lang, "My account"));
	page_h1(h, N_("My account"));
	page_flash(h, r);
	form_errors(h, r, e);
	HTML_LIT(h, "<dl class=\"details\">");
	detail_row(h, "User name", u.username);
	detail_row(h, "Name", u.display_name);
	detail_row(h, "E-mail", u.email);
	HTML_LIT(h, "<dt>");
	html_tr(h, "Password last set");
	HTML_LIT(h, "</dt><dd>");
	if (u.password_changed_at && *u.password_changed_at)
		html_time(h, u.password_changed_at);
	else
		HTML_LIT(h, "–");
	HTML_LIT(h, "</dd></dl>");
	account_roles(h, r);

	HTML_LIT(h, "<h2>");
	html_tr(h, "Language");
	HTML_LIT(h, "</h2>");
	form_open(h, r, "/account/language");
	form_select(h, r, "lang", "Language of the user interface", lang_values, lang_names, 2, u.lang, false, e);
	form_submit(h, "Save language", false);
	form_close(h);

	HTML_LIT(h, "<h2>");
	html_tr(h, "Change password");
	HTML_LIT(h, "</h2><p>");
	html_tr(h, "The password must be at least 10 characters long. Your other sessions end and your API tokens are "
		   "revoked when you change it.");
	HTML_LIT(h, "</p>");
	form_open(h, r, "/account/password");
	form_input(h, r, "password", "old_password", "Current password", NULL, true, "current-password", e);
	form_input(h, r, "password", "password", "New password", NULL, true, "new-password", e);
	form_input(h, r, "password", "password2", "Repeat the new password", NULL, true, "new-password", e);
	form_submit(h, "Change password", false);
	form_close(h);

	tokens_section(h, r, tokens, n_tokens, v, e);
	wheel_account_section(h, r, db, v->new_calendar_key);
	page_end(r, h);
	return 0;
}

int page_account(struct req *r)
{
	struct account_view v = { 0 };
	return account_page(r, &v, NULL);
}

int page_account_with_calendar_key(struct req *r, const char *key)
{
	struct account_view v = { 0 };
	v.new_calendar_key = key;
	return account_page(r, &v, NULL);
}

/*
 * After a password form: as page_saved(), and a refused attempt under the
 * throttle shows the form again with 429 Too Many Requests.
 */
static int password_saved(struct req *r, int rc, const struct err *e, const char *done, const void *ctx)
{
	if (rc == ERR_THROTTLED) {
		r->resp.status = 429;
		return account_page(r, ctx, e);
	}
	return page_saved(r, rc, e, done, account_page, ctx);
}

int page_account_password(struct req *r)
{
	struct account_view v = { 0 };
	struct auth_policy p = session_policy(r->app);
	struct err e = { 0 };
	const char *old = req_form(r, "old_password");
	const char *pw = req_form(r, "password");
	const char *pw2 = req_form(r, "password2");
	int n_revoked = 0;
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	if (!old || !*old)
		rc = err_set(&e, ERR_INVALID, "old_password", N_("Enter your current password."));
	else if (!pw || !pw2 || strcmp(pw, pw2) != 0)
		rc = err_set(&e, ERR_INVALID, "password2", N_("The two passwords do not match."));
	else
		rc = auth_change_password(db, r->arena, &p, r->auth, r->remote_addr, old, pw, &n_revoked, &e);
	return password_saved(r, rc, &e, n_revoked ? "/account?msg=password-tokens" : "/account?msg=password", &v);
}

int page_account_language(struct req *r)
{
	struct account_view v = { 0 };
	struct err e = { 0 };
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = user_set_lang(db, r->arena, r->auth, r->auth->user_id, req_form(r, "lang"), &e);
	return page_saved(r, rc, &e, "/account?msg=language", account_page, &v);
}

/* The "days" field: empty for the default; ERR_INVALID when not a whole number. */
static int days_field(const char *s, int *days, struct err *e)
{
	int64_t n = 0;

	*days = 0;
	if (!s || !*s)
		return 0;
	if (!str_to_i64(s, &n) || n < 1 || n > TOKEN_DAYS_MAX)
		return err_set(e, ERR_INVALID, "days", N_("A token lives from 1 to 365 days."));
	*days = (int)n;
	return 0;
}

int page_account_token_create(struct req *r)
{
	struct account_view v = { 0 };
	struct auth_policy p = session_policy(r->app);
	struct err e = { 0 };
	const char *clear = NULL;
	struct db *db;
	int days = 0, rc;

	if (!(db = req_db(r)))
		return r->err.code;
	v.token_name = req_form(r, "name");
	v.token_days = req_form(r, "days");
	rc = days_field(v.token_days, &days, &e);
	if (!rc)
		rc = auth_token_create(db, r->arena, &p, r->auth, r->remote_addr, req_form(r, "password"), v.token_name,
				       days, &clear, NULL, &e);
	if (rc)
		return password_saved(r, rc, &e, NULL, &v);
	/* Not a redirect: the clear token is in this page and nowhere else. */
	r->resp.status = 201;
	v.new_token = clear;
	v.new_name = v.token_name;
	v.token_name = NULL;
	v.token_days = NULL;
	return account_page(r, &v, NULL);
}

/* Renew (@renew) or revoke the token in the path; a refusal shows the account page again. */
static int token_change(struct req *r, bool renew)
{
	struct account_view v = { 0 };
	struct err e = { 0 };
	int64_t id = req_arg_id(r, 0);
	struct db *db;
	int rc;

	if (!(db = req_db(r)))
		return r->err.code;
	rc = renew ? token_renew(db, r->arena, r->auth, r->auth->user_id, id, 0, &e)
		   : token_revoke(db, r->arena, r->auth, r->auth->user_id, id, &e);
	e.field = NULL; /* "id" names no control on the page */
	return page_saved(r, rc, &e, renew ? "/account?msg=token-renewed" : "/account?msg=token-revoked", account_page,
			  &v);
}

int page_account_token_renew(struct req *r)
{
	return token_change(r, true);
}

int page_account_token_revoke(struct req *r)
{
	return token_change(r, false);
}
