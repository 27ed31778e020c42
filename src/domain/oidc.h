/*
 * oidc.h - signing in through OpenID Connect identity providers.
 *
 * An administrator sets up providers (issuer, client id, where the client
 * secret is read from, scopes, the claims that identify a person and give
 * the name and e-mail). A sign-in is the authorization code flow with
 * PKCE (S256), state and nonce:
 *
 *  1. oidc_begin() reads the provider's discovery document, stores a flow
 *     record (the state's hash, the nonce, the PKCE verifier, where to go
 *     afterwards; ten minutes, used once) and gives the address of the
 *     provider's authorization endpoint and the state, which the page also
 *     puts in a cookie of the browser;
 *  2. oidc_finish() takes the flow by the state the provider sent back,
 *     which must equal the browser's cookie, exchanges the code at the
 *     token endpoint (libcurl, with the verifier and the client secret),
 *     and checks the ID token with cjose: signature by a key of the
 *     provider's JWKS (RS256 or ES256 only; an unknown key id fetches the
 *     JWKS again, so a rotated key is found), issuer, audience, expiry,
 *     issued-at and nonce. The person is the account linked to the value
 *     of the identifying claim (user_directory.external_id); an unknown
 *     person is refused, or given an account without roles when the
 *     provider allows it. Roles are granted in Tillit only: a groups claim
 *     may suggest roles (role_suggestion.h), which wait for an administrator.
 *
 * Every refusal has a message for the person and an audit entry. The
 * client secret is never stored: secret_ref says where to read it
 * ("file:PATH" or "env:NAME"). Tokens are never logged or stored.
 */
#ifndef TILLIT_DOMAIN_OIDC_H
#define TILLIT_DOMAIN_OIDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_signin.h"
#include "domain/authz.h"

struct arena;
struct auth_policy;
struct db;
struct err;

/* The path of the callback; the redirect URI is the public address followed by it. */
#define OIDC_CALLBACK_PATH "/login/oidc/callback"
/* The cookie that binds a flow to the browser that started it. */
#define OIDC_STATE_COOKIE "tillit_oidc"
/* How long a flow may take, seconds. */
#define OIDC_FLOW_SECONDS 600

/* --- providers --- */

/** Enabled providers (@enabled_only) or all of them, by name. */
int oidc_provider_list(struct db *db, struct arena *a, bool enabled_only, struct oidc_provider **out, size_t *n,
		       struct err *e);

/**
 * Add provider @in (slug, name, issuer, client_id required; scopes must
 * hold "openid"; secret_ref "", "file:PATH" or "env:NAME"; claims default
 * to sub, name, email). ERR_INVALID naming the field, ERR_EXISTS naming
 * "slug".
 */
int oidc_provider_add(struct db *db, struct arena *a, const struct auth *auth, const struct oidc_provider *in,
		      int64_t *id_out, struct err *e);

/**
 * Set the claim of provider @slug's ID tokens that lists a person's groups
 * (NULL or "": none), which role_suggestion.h maps to suggested roles.
 * ERR_NOTFOUND naming "slug", ERR_INVALID naming "claim_groups".
 */
int oidc_provider_set_groups_claim(struct db *db, struct arena *a, const struct auth *auth, const char *slug,
				   const char *claim, struct err *e);

/** Switch the provider @slug on or off. ERR_NOTFOUND naming "slug". */
int oidc_provider_enable(struct db *db, struct arena *a, const struct auth *auth, const char *slug, bool on,
			 struct err *e);

/**
 * Put sign-in back to passwords: every provider off, every account may
 * sign in with its password. *n_off gets how many providers were on.
 */
int oidc_reset(struct db *db, struct arena *a, const struct auth *auth, int64_t *n_off, struct err *e);

/* --- signing in --- */

/**
 * Start signing in with provider @provider_id for @public_url (the address people
 * reach Tillit at, no trailing slash), going to the local path @next
 * afterwards. *url_out gets the address to send the browser to, *state_out
 * the state for its cookie (both in @a). ERR_NOTFOUND naming "provider";
 * ERR_INTERNAL with a message when the provider cannot be reached.
 */
int oidc_begin(struct db *db, struct arena *a, const char *public_url, int64_t provider_id, const char *next,
	       const char **url_out, const char **state_out, struct err *e);

/** What the provider sent back to the callback, and the browser's cookie. */
struct oidc_callback {
	const char *state;
	const char *cookie_state;
	const char *code;
	const char *error;
	const char *remote;
};

/**
 * Finish a sign-in: on success *token_out is a new session's token, *next
 * where to go. ERR_UNAUTHORIZED with a message for every refusal (each
 * with an audit entry); ERR_INTERNAL with a message when the provider
 * cannot be reached.
 */
int oidc_finish(struct db *db, struct arena *a, const struct auth_policy *p, const char *public_url,
		const struct oidc_callback *cb, const char **token_out, const char **next_out, struct err *e);

/**
 * The provider's end-session address for session @session_id (NULL when
 * it was opened with a password or the provider has none), with
 * post_logout_redirect_uri @public_url/login; *name the provider's name.
 */
int oidc_end_session(struct db *db, struct arena *a, int64_t session_id, const char *public_url, const char **url_out,
		     const char **name_out, struct err *e);

/** Forget session @session_id's provider (signing out). */
int oidc_session_forget(struct db *db, struct arena *a, int64_t session_id, struct err *e);

/* --- the ID token on its own (for tests and the fuzz harness) --- */

struct oidc_expect {
	const char *issuer;
	const char *client_id;
	const char *nonce;
	int64_t now;
};

/**
 * Check the compact JWS @jwt against the key set @jwks (JSON text) and
 * @x. 0 with *claims_json (in @a) the token's claims as JSON text;
 * ERR_UNAUTHORIZED with the reason's message otherwise. *unknown_kid is
 * set when no key of @jwks matches (so the caller may fetch it again).
 */
int oidc_verify_id_token(struct arena *a, const char *jwt, const char *jwks, const struct oidc_expect *x,
			 const char **claims_json, bool *unknown_kid, struct err *e);

/** Forget every cached discovery document and key set (tests, and after a provider is changed). */
void oidc_cache_clear(void);

#endif
