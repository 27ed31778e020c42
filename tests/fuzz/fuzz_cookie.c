/*
 * fuzz_cookie.c - libFuzzer harness for cookies and the language headers,
 * through the real server (MHD's cookie parser, server_mhd.c) and the
 * router: the session cookie is looked up (auth_session), the language
 * cookie and Accept-Language choose the language (session_guess_lang).
 *
 * The input is "<Cookie value>\n<Accept-Language value>"; CR, LF and NUL
 * inside each become spaces so the bytes stay one header each. Every input
 * is sent as GET /login (public: language choice, pre-login cookie) and as
 * GET /account (signed-in only: the session cookie is resolved). Properties:
 * an answer every time, cookie values as whole strings, one of the two
 * languages (fuzz_server.c), and time at most linear in the input, also with
 * the cookie string repeated to 32 kB (within the header memory limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_server.h"

struct job {
	const char *cookie, *lang;
};

static void send_job(void *p)
{
	static const char *const paths[] = { "/login", "/account" };
	struct job *j = p;

	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(j->cookie) + strlen(j->lang) + 256;
		char *raw = malloc(n);
		int len = snprintf(raw, n,
				   "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: %s\r\n"
				   "Accept-Language: %s\r\n\r\n",
				   paths[i], j->cookie, j->lang);

		fuzz_server_send(raw, (size_t)len, false);
		free(raw);
	}
}

/* One header value: no CR, LF or NUL. */
static char *header_value(const uint8_t *p, size_t n)
{
	char *s = fuzz_cstr(p, n, ' ');

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\r' || s[i] == '\n')
			s[i] = ' ';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t cn = nl ? (size_t)(nl - data) : size;
	struct job j;
	char *cookie, *lang, *big;
	size_t big_len, target = fuzz_amplify_bytes() < 32768 ? fuzz_amplify_bytes() : 32768;

	fuzz_server_start();
	cookie = header_value(data, cn);
	lang = nl ? header_value(nl + 1, size - cn - 1) : header_value(data, 0);
	j.cookie = cookie;
	j.lang = lang;
	fuzz_linear("cookie", size, send_job, &j);
	if (cn > 0 && fuzz_amplify_now(data, size)) {
		char *raw_big = fuzz_repeat("", (const uint8_t *)cookie, cn, "; ", "", target, &big_len);

		big = header_value((const uint8_t *)raw_big, big_len);
		free(raw_big);
		j.cookie = big;
		fuzz_linear("cookie, amplified", big_len, send_job, &j);
		free(big);
	}
	free(cookie);
	free(lang);
	return 0;
}
