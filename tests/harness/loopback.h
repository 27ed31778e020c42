/*
 * loopback.h - requests to the real router without a socket (h2o's
 * loopback connection idea).
 *
 * A struct lb_env is a whole application on a fresh test database (SQLite
 * file or, with TEST_DB_URL, a fresh PostgreSQL database) with its pool.
 * A struct lb_client behaves like a browser: it keeps the session cookie
 * and the CSRF token of the last page, and sends them back. Responses are
 * copied out of the request's arena into the client's, so tests can read
 * them after the request has completed.
 */
#ifndef TILLIT_TEST_LOOPBACK_H
#define TILLIT_TEST_LOOPBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/authz.h"
#include "http/req.h"

struct db;

#define LB_PASSWORD "correct horse battery staple"

struct lb_env {
	struct app app;
	struct db *db; /* a connection of the test's own, for setting up data */
	struct arena *arena;
	char url[512];
};

struct lb_resp {
	int status;
	const char *body;
	size_t len;
	const char *content_type;
	const char *location;
	const char *etag;
	const char *set_cookie; /* all Set-Cookie values joined by "\n" */
	const char *headers;    /* all headers "Name: value\n" */
	int64_t n_queries;      /* database queries the request ran */
	bool stream_failed;     /* a streamed answer failed after it had begun (the client would see it cut) */
};

struct lb_client {
	struct lb_env *env;
	struct arena *arena;
	char cookie[256];   /* session cookie value */
	char pre[128];      /* pre-login cookie */
	char lang[8];       /* language cookie */
	char oidc[128];     /* the state cookie of a sign-in at an identity provider */
	char tfa[128];      /* the cookie of a sign-in's second step */
	char csrf[128];     /* CSRF token seen in the last page */
	const char *bearer; /* API token, when set */
	const char *accept; /* Accept header, or NULL */
	const char *remote; /* client address, default 127.0.0.1 */
};

/** Set up an application on a fresh test database. Aborts the test on failure. */
void lb_env_init(struct lb_env *env);
void lb_env_release(struct lb_env *env);

/** Create a user with password LB_PASSWORD and, when @role is given, that role on @unit_id (0: installation). */
int64_t lb_env_user(struct lb_env *env, const char *username, const char *role, int64_t unit_id);

/** Create a unit under @parent (0: an organisation). */
int64_t lb_env_unit(struct lb_env *env, int64_t parent, const char *kind, const char *name);

/** A fresh client; its responses live until lb_env_release(). */
void lb_client_init(struct lb_client *c, struct lb_env *env);
/** Forget the client's session (its memory goes with the environment). */
void lb_client_release(struct lb_client *c);

/** GET @url (path with optional ?query). */
struct lb_resp lb_get(struct lb_client *c, const char *url);

/**
 * POST a form to @url; @kv is "key", "value", ..., NULL. The client's CSRF
 * token is added as "csrf" unless @kv already has one.
 */
struct lb_resp lb_post(struct lb_client *c, const char *url, const char *const *kv);

/** A request with a JSON body (or none: @json NULL), e.g. lb_json(c, "PATCH", "/api/v1/units/3", "{...}"). */
struct lb_resp lb_json(struct lb_client *c, const char *method, const char *url, const char *json,
		       const char *if_match);

/** The most general form: any method, headers "Name: value" NULL-terminated, raw body and content type. */
struct lb_resp lb_request(struct lb_client *c, const char *method, const char *url, const char *const *headers,
			  const char *const *form_kv, const char *body, size_t body_len);

/** Sign in through the login form. Returns the final status (303 on success). */
int lb_login(struct lb_client *c, const char *username, const char *password);

/** True when @hay contains @needle. */
bool lb_has(const struct lb_resp *r, const char *needle);

/**
 * Does the body hold @word standing alone, not inside a longer word or a
 * random token such as a CSRF token ("xQ3k" does not hold "Q3")?
 */
bool lb_has_word(const struct lb_resp *r, const char *word);

#endif
