/*
 * session.h - the session cookie, language choice and the login redirect.
 */
#ifndef TILLIT_HTTP_SESSION_H
#define TILLIT_HTTP_SESSION_H

#include "domain/auth.h"
#include "http/req.h"

#define SESSION_COOKIE  "tillit_session"
#define LANG_COOKIE     "tillit_lang"
#define PRELOGIN_COOKIE "tillit_pre"

/*
 * Behind TLS the session cookie is "__Host-" SESSION_COOKIE: a browser keeps
 * a cookie of that name only when this very host set it, Secure, on Path=/
 * and without Domain, so no other host under the same domain can plant one.
 */
#define SESSION_COOKIE_TLS "__Host-" SESSION_COOKIE

/** The session rules from the server configuration. */
struct auth_policy session_policy(const struct app *app);

/** The session cookie's name: SESSION_COOKIE_TLS with --secure-cookies, else SESSION_COOKIE. */
const char *session_cookie_name(const struct app *app);

/** Set the session cookie (HttpOnly, SameSite=Strict, Path=/, Secure behind TLS). */
void session_set_cookie(struct req *r, const char *token);

/** Expire the session cookie. */
void session_clear_cookie(struct req *r);

/** The language for a request before sign-in: the language cookie, else Accept-Language. */
enum lang session_guess_lang(const struct req *r);

/** Remember an anonymous visitor's language choice in a cookie. */
void session_set_lang_cookie(struct req *r, enum lang lang);

/** 303 to /login?next=<this path> (only same-site paths are kept). */
void session_redirect_to_login(struct req *r);

/** A safe local redirect target from @next: @next when req_local_path() accepts it, else "/". */
const char *session_safe_next(const char *next);

#endif
