/*
 * httpc.c - GET and form POST over libcurl, bounded in time and size.
 */
#include "io/httpc.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct sink {
	struct buf *b;
	bool too_large;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;

	if (s->b->len + n > HTTPC_MAX_BYTES) {
		s->too_large = true;
		return 0;
	}
	buf_add(s->b, ptr, n);
	return n;
}

const char *httpc_escape(struct arena *a, const char *s)
{
	char *esc, *out;

	pthread_once(&curl_once, curl_start);
	esc = curl_easy_escape(NULL, s ? s : "", 0);
	if (!esc)
		return "";
	out = arena_strdup(a, esc);
	curl_free(esc);
	return out;
}

static int run(struct arena *a, const char *url, const char *post, int timeout_ms, struct httpc_resp *out,
	       struct err *e)
{
	struct buf b;
	struct sink s = { &b, false };
	CURL *c;
	CURLcode cc;

	pthread_once(&curl_once, curl_start);
	buf_init(&b, a);
	if (!(c = curl_easy_init()))
		return err_set(e, ERR_INTERNAL, NULL, NULL);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(timeout_ms > 0 ? timeout_ms : HTTPC_TIMEOUT_MS));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout_ms > 0 ? timeout_ms : HTTPC_TIMEOUT_MS));
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)HTTPC_MAX_BYTES);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Tillit");
	if (post) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(post));
	}
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_cleanup(c);
	if (cc != CURLE_OK) {
		err_set(e, ERR_INTERNAL, NULL, NULL);
		return err_detail(e, "%s", s.too_large ? "answer too large" : curl_easy_strerror(cc));
	}
	out->body = b.data ? b.data : "";
	out->len = b.len;
	return 0;
}

int httpc_get(struct arena *a, const char *url, int timeout_ms, struct httpc_resp *out, struct err *e)
{
	return run(a, url, NULL, timeout_ms, out, e);
}

int httpc_post_form(struct arena *a, const char *url, const char *const *kv, int timeout_ms, struct httpc_resp *out,
		    struct err *e)
{
	struct buf b;

	buf_init(&b, a);
	for (size_t i = 0; kv[i] && kv[i + 1]; i += 2) {
		if (i)
			buf_addch(&b, '&');
		buf_adds(&b, httpc_escape(a, kv[i]));
		buf_addch(&b, '=');
		buf_adds(&b, httpc_escape(a, kv[i + 1]));
	}
	return run(a, url, b.data ? b.data : "", timeout_ms, out, e);
}
