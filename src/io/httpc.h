/*
 * httpc.h - a small HTTP client for talking to other servers (an identity
 * provider's discovery document, keys and token endpoint), on libcurl.
 *
 * Only http and https, no redirects followed, a time limit on the whole
 * exchange and a ceiling on the answer's size: a slow or broken server
 * gives an error, never a hang. TLS certificates are verified with the
 * system's store. Nothing sent or received is logged.
 *
 * Part of src/io/: core and libc (and libcurl) only, no domain knowledge.
 */
#ifndef TILLIT_IO_HTTPC_H
#define TILLIT_IO_HTTPC_H

#include <stddef.h>

struct arena;
struct err;

struct httpc_resp {
	long status;      /* the HTTP status */
	const char *body; /* NUL-terminated, in the arena */
	size_t len;
};

/* The time limit and size ceiling of an exchange when the caller gives 0. */
#define HTTPC_TIMEOUT_MS 5000
#define HTTPC_MAX_BYTES  (1024 * 1024)

/**
 * GET @url. On a transport failure (refused, timed out, too large, bad
 * certificate) ERR_INTERNAL with libcurl's reason in e->detail and no
 * message; the caller words it. Any HTTP status is a success here.
 */
int httpc_get(struct arena *a, const char *url, int timeout_ms, struct httpc_resp *out, struct err *e);

/**
 * POST the form @kv ("name", "value", ..., NULL), URL-encoded, to @url,
 * as httpc_get().
 */
int httpc_post_form(struct arena *a, const char *url, const char *const *kv, int timeout_ms, struct httpc_resp *out,
		    struct err *e);

/** @s percent-encoded for a URL's query. Result lives in @a. */
const char *httpc_escape(struct arena *a, const char *s);

#endif
