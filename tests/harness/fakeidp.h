/*
 * fakeidp.h - an OpenID Connect provider for the tests, on 127.0.0.1.
 *
 * It serves discovery, a JWKS, the authorization endpoint (which answers
 * the browser with a redirect carrying a code and the state), the token
 * endpoint (which checks the code, the PKCE verifier, the client secret and
 * the redirect URI, and issues an ID token signed with cjose) and an
 * end-session endpoint. Its keys are made when it starts: two RSA keys
 * and a P-256 key. A test sets what the next ID token looks like
 * (struct fakeidp.mode) to see each refusal.
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
