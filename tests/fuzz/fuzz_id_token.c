/*
 * fuzz_id_token.c - libFuzzer harness for what an identity provider sends
 * back: the ID token (a compact JWS, read by cjose) and the key set (JWKS,
 * read by jansson), checked by oidc_verify_id_token().
 *
 * The input is the token, a line feed, and the key set. Property: no input
 * is accepted (nobody here holds a key that signs for the expected issuer,
 * audience and nonce), and every refusal is ERR_UNAUTHORIZED with a
 * message for the person; never a crash, a leak or undefined behaviour.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/oidc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oidc_expect x = { "https://idp.example", "tillit", "nonce-0123456789", 1796000000 };
	struct arena *a = arena_new();
	struct err e = { 0 };
	const char *claims = NULL;
	char *text = fuzz_cstr(data, size, ' ');
	char *nl = strchr(text, '\n');
	bool unknown = false;
	int rc;

	if (nl)
		*nl = '\0';
	rc = oidc_verify_id_token(a, text, nl ? nl + 1 : "", &x, &claims, &unknown, &e);
	FUZZ_CHECK("oidc_verify_id_token", rc == ERR_UNAUTHORIZED && e.msgid != NULL);
	free(text);
	arena_free(a);
	return 0;
}
