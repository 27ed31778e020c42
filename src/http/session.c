/*
 * session.c - cookies and the login redirect.
 *
 * The session cookie carries the clear token; the database holds only its
 * hash (domain/auth.c). Cookies are HttpOnly and SameSite=Strict, and Secure
 * when the server is told it runs behind TLS; the session cookie's name then
 * carries the __Host- prefix.
 */
#include "http/session.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"

struct auth_policy session_policy(const struct app *app)
{
	struct auth_policy p = auth_policy_default();
	if (app->cfg.session_idle > 0)
		p.session_idle = app->cfg.session_idle;
	if (app->cfg.session_max > 0)
		p.session_max = app->cfg.session_max;
	if (app->cfg.login_free_per_pair > 0)
		p.free_per_pair = app->cfg.login_free_per_pair;
	if (app->cfg.login_free_per_addr > 0)
		p.free_per_addr = app->cfg.login_free_per_addr;
	if (app->cfg.login_window > 0)
		p.window = app->cfg.login_window;
	return p;
}

const char *session_cookie_name(const struct app *app)
{
	return app->cfg.secure_cookies ? SESSION_COOKIE_TLS : SESSION_COOKIE;
}

static void set_cookie(struct req *r, const char *name, const char *value, long max_age, bool http_only)
{
	resp_header(r, "Set-Cookie",
		    arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%ld; SameSite=Strict%s%s", name, value, max_age,
				 http_only ? "; HttpOnly" : "", r->app->cfg.secure_cookies ? "; Secure" : ""));
}

void session_set_cookie(struct req *r, const char *token)
{
	struct auth_policy p = session_policy(r->app);
	set_cookie(r, session_cookie_name(r->app), token, p.session_max, true);
}

void session_clear_cookie(struct req *r)
{
	set_cookie(r, session_cookie_name(r->app), "", 0, true);
}

enum lang session_guess_lang(const struct req *r)
{
	int l = lang_parse(req_cookie(r, LANG_COOKIE));
	if (l >= 0)
		return (enum lang)l;
	return lang_from_accept(req_header(r, "Accept-Language"));
}

void session_set_lang_cookie(struct req *r, enum lang lang)
{
	set_cookie(r, LANG_COOKIE, lang_code(lang), 365L * 24 * 3600, true);
}

const char *session_safe_next(const char *next)
{
	return req_local_path(next) ? next : "/";
}

void session_redirect_to_login(struct req *r)
{
	struct buf b;
	struct html h;

	html_init(&h, r->arena, r->lang);
	html_url_arg(&h, r->path);
	buf_init(&b, r->arena);
	buf_adds(&b, "/login?next=");
	buf_adds(&b, h.b.data);
	buf_reset(&r->resp.body);
	resp_redirect(r, b.data);
}
