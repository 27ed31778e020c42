/*
 * fuzz_form.c - libFuzzer harness for form and multipart bodies and whole
 * requests, through the real server glue (server_mhd.c: MHD's post
 * processor, field limits, file parts) and the router's checks.
 *
 * The first input byte chooses the shape, the rest is the payload:
 *   0  urlencoded body of POST /login        2  urlencoded body of POST /language
 *   1  multipart body (boundary XyZ) of POST /login
 *   3  the whole request as sent (request line, headers, body)
 * and bit 2 of the first byte sends the body chunked instead of with a
 * Content-Length. Shapes 0-2 carry the cookie tillit_pre=fz, so a body with
 * pre=fz gets past the sign-in form's check to the password check. Properties: the server answers or closes, never crashes;
 * no handler sees more than REQ_MAX_FIELDS fields or a value that is not
 * text (fuzz_server.c); and the time grows at most linearly, also for the
 * payload repeated to FUZZ_AMPLIFY bytes (fields joined with "&", parts
 * with the boundary) -- the shape of a 1 MB body of 46,000 fields.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_server.h"

struct job {
	const char *raw;
	size_t len;
	bool half_close;
};

static void send_job(void *p)
{
	struct job *j = p;

	fuzz_server_send(j->raw, j->len, j->half_close);
}

/* A request around @body: Content-Length or one chunk. Caller frees. */
static char *request(const char *path, const char *type, const char *body, size_t body_len, bool chunked, size_t *len)
{
	char head[512];
	int n;
	char *out;

	if (chunked)
		n = snprintf(
			head, sizeof(head),
			"POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: tillit_pre=fz\r\nContent-Type: %s\r\n"
			"Transfer-Encoding: chunked\r\n\r\n%zx\r\n",
			path, type, body_len);
	else
		n = snprintf(
			head, sizeof(head),
			"POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: tillit_pre=fz\r\nContent-Type: %s\r\n"
			"Content-Length: %zu\r\n\r\n",
			path, type, body_len);
	out = malloc((size_t)n + body_len + 16);
	if (!out)
		abort();
	memcpy(out, head, (size_t)n);
	memcpy(out + n, body, body_len);
	*len = (size_t)n + body_len;
	if (chunked) {
		memcpy(out + *len, body_len ? "\r\n0\r\n\r\n" : "\r\n\r\n", body_len ? 7 : 4);
		*len += body_len ? 7 : 4;
	}
	return out;
}

static void run(const char *what, int mode, bool chunked, const char *payload, size_t n)
{
	static const char *const form = "application/x-www-form-urlencoded";
	static const char *const multi = "multipart/form-data; boundary=XyZ";
	struct job j = { NULL, 0, false };
	char *raw = NULL;

	if (mode == 0)
		raw = request("/login", form, payload, n, chunked, &j.len);
	else if (mode == 1)
		raw = request("/login", multi, payload, n, chunked, &j.len);
	else if (mode == 2)
		raw = request("/language", form, payload, n, chunked, &j.len);
	j.raw = raw ? raw : payload;
	if (!raw) {
		j.len = n;
		j.half_close = true;
	}
	fuzz_linear(what, j.len, send_job, &j);
	free(raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int mode;
	bool chunked;
	char *big;
	size_t big_len;

	if (size < 1)
		return 0;
	fuzz_server_start();
	mode = data[0] & 3;
	chunked = (data[0] & 4) != 0;
	run("form", mode, chunked, (const char *)data + 1, size - 1);
	if (mode == 3 || size < 2 || !fuzz_amplify_now(data, size))
		return 0;
	if (mode == 1)
		big = fuzz_repeat("--XyZ\r\n", data + 1, size - 1, "\r\n--XyZ\r\n", "\r\n--XyZ--\r\n",
				  fuzz_amplify_bytes(), &big_len);
	else
		big = fuzz_repeat("", data + 1, size - 1, "&", "", fuzz_amplify_bytes(), &big_len);
	run("form, amplified", mode, chunked, big, big_len);
	free(big);
	return 0;
}
