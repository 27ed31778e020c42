/*
 * fakeidp.h - a token forger for the negative cases of signing in through
 * OpenID Connect, on 127.0.0.1 in the test's own process.
 *
 * It is not the provider the sign-in flow is shown against: that is a real,
 * certified one (panva's oidc-provider, tests/browser/oidc-provider.mjs) in
 * the browser tests. This one exists to answer as no real provider would:
 * an ID token forged under a published key's id, signed with "alg": "none"
 * or with HS256 keyed by the public key, issued for another audience or by
 * another issuer, expired, carrying the wrong nonce, signed by a key nobody
 * publishes, or a token endpoint that answers too late (struct
 * fakeidp.mode, token_delay_ms) and keys that rotate on command.
 *
 * For that it serves just enough of a provider: discovery, a JWKS, the
 * authorization endpoint (a redirect carrying a code and the state, no
 * sign-in page), the token endpoint (which checks the code, the PKCE
 * verifier, the client secret and the redirect URI, and issues the ID token
 * the mode asks for, signed with cjose) and an end-session endpoint. Its
 * keys are made when it starts: two RSA keys and a P-256 key.
 */
#ifndef TILLIT_TEST_FAKEIDP_H
#define TILLIT_TEST_FAKEIDP_H

#include <stdbool.h>
#include <stdint.h>

enum fakeidp_mode {
	FI_GOOD,
	FI_WRONG_ISSUER,
	FI_WRONG_AUDIENCE,
	FI_EXPIRED,
	FI_BAD_SIGNATURE, /* signed by a key it does not publish, under a published key's id */
	FI_ALG_NONE,
	FI_HS256, /* HMAC keyed with the published RSA key's modulus */
	FI_WRONG_NONCE,
	FI_UNKNOWN_KID, /* signed by a key it does not publish, under an id nobody knows */
};

enum fakeidp_key { FK_RSA1, FK_RSA2, FK_EC };

struct fakeidp {
	int port;
	char issuer[64];
	const char *client_id, *client_secret;
	enum fakeidp_mode mode;
	enum fakeidp_key signing; /* the key that signs */
	unsigned published;       /* bit (1 << key) for each key in the JWKS */
	const char *sub;          /* the subject (and "preferred_username") of the next token */
	int token_delay_ms;       /* the token endpoint answers this late (a slow provider) */
	int jwks_fetches;         /* how often the key set was fetched */
	int token_requests;       /* how often the token endpoint answered with a token */
	char last_error[128];     /* why the token endpoint refused, "" when it did not */
	void *priv;
};

/** Start on a free port of 127.0.0.1. Aborts the test on failure. */
void fakeidp_start(struct fakeidp *p, const char *client_id, const char *client_secret);

/** Stop answering (the port is closed): a provider that is down. */
void fakeidp_stop(struct fakeidp *p);

/**
 * Play the browser at the provider: GET @authorize_url (the address Tillit
 * sent the browser to) and return the Location the provider answers with
 * (Tillit's callback with code and state), malloc()ed; NULL on failure.
 */
char *fakeidp_authorize(const char *authorize_url);

#endif
