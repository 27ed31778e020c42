/*
 * static.c - addresses and answers of the built-in files (static.h).
 *
 * The addresses are made once, on first use, from the hashes cmake wrote
 * beside each file (cmake/embed.cmake), and never change while the process
 * runs.
 */
#include "http/static.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/log.h"

#define IMMUTABLE  "public, max-age=31536000, immutable"
#define REVALIDATE "public, no-cache"

static char **urls; /* urls[i] for embedded_static[i] */
static pthread_once_t urls_once = PTHREAD_ONCE_INIT;

static void make_urls(void)
{
	size_t n = 0;

	while (embedded_static[n].name)
		n++;
	urls = calloc(n + 1, sizeof(*urls));
	if (!urls)
		BUG("out of memory");
	for (size_t i = 0; i < n; i++) {
		size_t len =
			strlen("/static//") + strlen(embedded_static[i].hash) + strlen(embedded_static[i].name) + 1;

		urls[i] = malloc(len);
		if (!urls[i])
			BUG("out of memory");
		snprintf(urls[i], len, "/static/%s/%s", embedded_static[i].hash, embedded_static[i].name);
	}
}

const char *static_url(const char *name)
{
	pthread_once(&urls_once, make_urls);
	for (size_t i = 0; embedded_static[i].name; i++)
		if (!strcmp(embedded_static[i].name, name))
			return urls[i];
	BUG("no built-in static file of that name");
}

static const char *content_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot && !strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (dot && !strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (dot && !strcmp(dot, ".svg"))
		return "image/svg+xml; charset=utf-8";
	return "application/octet-stream";
}

/* Does the If-None-Match header @inm list @etag (or "*")? */
static bool etag_listed(const char *inm, const char *etag)
{
	size_t n = strlen(etag);

	if (!inm)
		return false;
	for (const char *p = inm; *p;) {
		p += strspn(p, " \t,");
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p == '*' || (!strncmp(p, etag, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' ')))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

int static_answer(struct req *r, const char *rest)
{
	const struct embedded_file *f;
	const char *slash = strchr(rest, '/'), *name = slash ? slash + 1 : rest, *etag;
	bool current;

	f = embed_find(embedded_static, name);
	if (!f || strchr(name, '/'))
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	/* Only the current hash may be cached for ever: an old one names content this build does not have. */
	current = slash && (size_t)(slash - rest) == strlen(f->hash) && !strncmp(rest, f->hash, strlen(f->hash));
	etag = arena_printf(r->arena, "\"%s\"", f->hash);
	resp_header(r, "ETag", etag);
	resp_header(r, "Cache-Control", current ? IMMUTABLE : REVALIDATE);
	r->resp.content_type = content_type(name);
	if (etag_listed(req_header(r, "If-None-Match"), etag)) {
		r->resp.status = 304;
		return 0;
	}
	r->resp.file_data = (const char *)f->data;
	r->resp.file_len = f->len;
	return 0;
}
