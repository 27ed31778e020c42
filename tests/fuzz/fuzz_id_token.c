/*
 * fuzz_id_token.c - libFuzzer harness for what an identity provider sends
 * back: the ID token (a compact JWS, read by cjose) and the key set (JWKS,
 * read by jansson), checked by oidc_verify_id_token().
 *
 * The input is the token, a line feed, and the key set. Properties: no
 * input is accepted (nobody here holds a key that signs for the expected
 * issuer, audience and nonce), and every refusal is ERR_UNAUTHORIZED with a
 * message for the person; time is at most linear in the input, also with
 * the key set's text repeated up to FUZZ_AMPLIFY bytes (a token longer than
 * 16 KiB is refused unread).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/oidc.h"
#include "fuzz.h"

struct job {
	const char *jwt, *jwks;
};

static void run(void *ctx)
{
	const struct job *j = ctx;
	struct oidc_expect x = { "https://idp.example", "tillit", "nonce-0123456789", 1796000000 };
	struct arena *a = arena_new();
	struct err e = { 0 };
	const char *claims = NULL;
	bool unknown = false;
	int rc = oidc_verify_id_token(a, j->jwt, j->jwks, &x, &claims, &unknown, &e);

	FUZZ_CHECK("oidc_verify_id_token", rc == ERR_UNAUTHORIZED && e.msgid != NULL);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size, ' ');
	char *nl = strchr(text, '\n');
	struct job j = { text, "" };

	if (nl) {
		*nl = '\0';
		j.jwks = nl + 1;
	}
	fuzz_linear("id_token", size, run, &j);
	if (nl && fuzz_amplify_now(data, size)) {
		size_t head = (size_t)(nl - text) + 1, big_len;
		char *big =
			fuzz_repeat("{\"keys\":[", data + head, size - head, ",", "]}", fuzz_amplify_bytes(), &big_len);
		j.jwks = big;
		fuzz_linear("id_token, amplified key set", big_len, run, &j);
		free(big);
	}
	free(text);
	return 0;
}
