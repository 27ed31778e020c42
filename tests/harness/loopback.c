/*
 * loopback.c - drive router_dispatch() directly, as a browser or API client.
 *
 * The query string and cookies of test requests are split here with the
 * simplest rules (tests control their own input); the product's parsing is
 * done by libmicrohttpd in server_mhd.c.
 */
#include "loopback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "http/router.h"
#include "web/widgets.h"

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "loopback: %s failed: %s %s\n", what, e && e->msgid ? e->msgid : "", e ? e->detail : "");
	abort();
}

void lb_env_init(struct lb_env *env)
{
	struct err e = { 0 };
	memset(env, 0, sizeof(*env));
	log_set_quiet(getenv("TEST_VERBOSE") == NULL);
	user_set_fast_hash(true);
	i18n_init();
	if (fixture_db_open_file(&env->db, env->url, sizeof(env->url)))
		die("fixture_db_open_file", NULL);
	env->arena = arena_new();
	env->app.cfg.db_url = env->url;
	env->app.cfg.listen = "127.0.0.1:0";
	env->app.cfg.threads = 1;
	env->app.cfg.max_body = 64 * 1024;
	env->app.routes = routes;
	env->app.prepare_page = picker_fields_resolve;
	/* As the server runs: every request signs in through the cache, so a stale entry fails a test. */
	env->app.auth_cache = auth_cache_new();
	if (db_pool_new(env->url, 2, &env->app.pool, &e))
		die("db_pool_new", &e);
}

void lb_env_release(struct lb_env *env)
{
	db_pool_free(env->app.pool);
	auth_cache_free(env->app.auth_cache);
	fixture_db_close(env->db);
	arena_free(env->arena);
}

int64_t lb_env_user(struct lb_env *env, const char *username, const char *role, int64_t unit_id)
{
	const struct auth *act = &fx_system;
	struct user_input in = { username, username, "", "sv", true };
	struct err e = { 0 };
	int64_t id;
	if (user_create(env->db, env->arena, act, &in, LB_PASSWORD, &id, &e))
		die("user_create", &e);
	if (role && grant_add(env->db, env->arena, act, id, unit_id, role, NULL, &e))
		die("grant_add", &e);
	return id;
}

int64_t lb_env_unit(struct lb_env *env, int64_t parent, const char *kind, const char *name)
{
	const struct auth *act = &fx_system;
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id;
	if (unit_create(env->db, env->arena, act, &in, &id, &e))
		die("unit_create", &e);
	return id;
}

static void free_arena(void *p)
{
	arena_free(p);
}

/* A client's arena lives as long as the environment, so that values a test
 * built from one client's responses stay valid after that client is gone. */
void lb_client_init(struct lb_client *c, struct lb_env *env)
{
	memset(c, 0, sizeof(*c));
	c->env = env;
	c->arena = arena_new();
	arena_defer(env->arena, free_arena, c->arena);
	c->remote = "127.0.0.1";
}

void lb_client_release(struct lb_client *c)
{
	c->cookie[0] = 0;
	c->oidc[0] = 0;
	c->tfa[0] = 0;
	c->csrf[0] = 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static char *pct_decode(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len + 0 + 1 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = 0;
	return out;
}

static void add_kv(struct arena *a, struct kv **arr, size_t *n, const char *k, const char *v, size_t vlen)
{
	struct kv *grown = arena_calloc(a, *n + 1, sizeof(struct kv));
	if (*n)
		memcpy(grown, *arr, *n * sizeof(struct kv));
	grown[*n].key = k;
	grown[*n].val = v;
	grown[*n].len = vlen;
	*arr = grown;
	(*n)++;
}

static void parse_query(struct req *r, const char *q)
{
	while (q && *q) {
		const char *amp = strchr(q, '&'), *end = amp ? amp : q + strlen(q);
		const char *eq = memchr(q, '=', (size_t)(end - q));
		const char *k = pct_decode(r->arena, q, (size_t)((eq ? eq : end) - q));
		const char *v = eq ? pct_decode(r->arena, eq + 1, (size_t)(end - eq - 1)) : "";
		add_kv(r->arena, &r->query, &r->n_query, k, v, strlen(v));
		q = amp ? amp + 1 : NULL;
	}
}

/* Remember cookies the server set, like a browser. */
static void take_cookies(struct lb_client *c, const struct req *r)
{
	for (size_t i = 0; i < r->resp.n_headers; i++) {
		const struct resp_header *h = &r->resp.headers[i];
		char *dst = NULL;
		size_t cap = 0, plen = 0;
		if (strcasecmp(h->name, "Set-Cookie") != 0)
			continue;
		if (!strncmp(h->val, "tillit_session=", 15)) {
			dst = c->cookie, cap = sizeof(c->cookie), plen = 15;
		} else if (!strncmp(h->val, "__Host-tillit_session=", 22)) {
			dst = c->cookie, cap = sizeof(c->cookie), plen = 22;
		} else if (!strncmp(h->val, "tillit_pre=", 11)) {
			dst = c->pre, cap = sizeof(c->pre), plen = 11;
		} else if (!strncmp(h->val, "tillit_lang=", 12)) {
			dst = c->lang, cap = sizeof(c->lang), plen = 12;
		} else if (!strncmp(h->val, "tillit_oidc=", 12)) {
			dst = c->oidc, cap = sizeof(c->oidc), plen = 12;
		} else if (!strncmp(h->val, "tillit_2fa=", 11)) {
			dst = c->tfa, cap = sizeof(c->tfa), plen = 11;
		} else {
			continue;
		}
		const char *v = h->val + plen, *semi = strchr(v, ';');
		size_t len = semi ? (size_t)(semi - v) : strlen(v);
		if (strstr(h->val, "Max-Age=0"))
			len = 0;
		if (len >= cap)
			len = cap - 1;
		memcpy(dst, v, len);
		dst[len] = 0;
	}
}

/* Remember the CSRF token of a page, as the next form would carry it. */
static void take_csrf(struct lb_client *c, const char *body)
{
	const char *p = body ? strstr(body, "name=\"csrf\" value=\"") : NULL;
	if (!p)
		return;
	p += strlen("name=\"csrf\" value=\"");
	const char *q = strchr(p, '"');
	if (q && (size_t)(q - p) < sizeof(c->csrf)) {
		memcpy(c->csrf, p, (size_t)(q - p));
		c->csrf[q - p] = 0;
	}
}

struct lb_resp lb_request(struct lb_client *c, const char *method, const char *url, const char *const *headers,
			  const char *const *form_kv, const char *body, size_t body_len)
{
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof(*r));
	struct lb_resp out = { 0 };
	struct buf cookies, setc, hdrs;
	const char *qm = strchr(url, '?');

	r->arena = a;
	r->app = &c->env->app;
	r->method = method;
	r->path = qm ? arena_strndup(a, url, (size_t)(qm - url)) : arena_strdup(a, url);
	r->remote_addr = c->remote;
	r->started_ms = time_mono_ms();
	buf_init(&r->resp.body, a);
	if (qm)
		parse_query(r, qm + 1);
	for (size_t i = 0; headers && headers[i]; i++) {
		const char *colon = strchr(headers[i], ':');
		if (colon)
			add_kv(a, &r->headers, &r->n_headers,
			       arena_strndup(a, headers[i], (size_t)(colon - headers[i])), colon + 2,
			       strlen(colon + 2));
	}
	if (c->accept)
		add_kv(a, &r->headers, &r->n_headers, "Accept", c->accept, strlen(c->accept));
	if (c->bearer)
		add_kv(a, &r->headers, &r->n_headers, "Authorization", arena_printf(a, "Bearer %s", c->bearer),
		       strlen(c->bearer) + 7);
	buf_init(&cookies, a);
	if (c->cookie[0])
		add_kv(a, &r->cookies, &r->n_cookies,
		       c->env->app.cfg.secure_cookies ? "__Host-tillit_session" : "tillit_session",
		       arena_strdup(a, c->cookie), strlen(c->cookie));
	if (c->pre[0])
		add_kv(a, &r->cookies, &r->n_cookies, "tillit_pre", arena_strdup(a, c->pre), strlen(c->pre));
	if (c->lang[0])
		add_kv(a, &r->cookies, &r->n_cookies, "tillit_lang", arena_strdup(a, c->lang), strlen(c->lang));
	if (c->oidc[0])
		add_kv(a, &r->cookies, &r->n_cookies, "tillit_oidc", arena_strdup(a, c->oidc), strlen(c->oidc));
	if (c->tfa[0])
		add_kv(a, &r->cookies, &r->n_cookies, "tillit_2fa", arena_strdup(a, c->tfa), strlen(c->tfa));
	for (size_t i = 0; form_kv && form_kv[i] && form_kv[i + 1]; i += 2)
		add_kv(a, &r->form, &r->n_form, form_kv[i], form_kv[i + 1], strlen(form_kv[i + 1]));
	/* As the server does for a multipart part with a file name: "<k>.filename" marks field <k> as file bytes. */
	for (size_t i = 0; i < r->n_form; i++) {
		const char *dot = strrchr(r->form[i].key, '.');
		if (!dot || strcmp(dot, ".filename") != 0)
			continue;
		for (size_t k = 0; k < r->n_form; k++)
			if (strlen(r->form[k].key) == (size_t)(dot - r->form[i].key) &&
			    !strncmp(r->form[k].key, r->form[i].key, (size_t)(dot - r->form[i].key)))
				r->form[k].is_file = true;
	}
	if (body) {
		r->body = arena_strndup(a, body, body_len);
		r->body_len = body_len;
		if (body_len > r->app->cfg.max_body)
			r->body_too_large = true;
	}

	router_dispatch(r);
	/* A streamed answer is read whole, piece by piece, as the server would send it. */
	while (r->resp.stream) {
		struct arena *pa = arena_new();
		struct buf piece;
		int rc;

		buf_init(&piece, pa);
		rc = resp_stream_piece(r, pa, &piece);
		if (rc >= 0)
			buf_add(&r->resp.body, piece.data, piece.len);
		arena_free(pa);
		if (rc < 0) {
			out.stream_failed = true;
			break;
		}
		if (rc == 0)
			r->resp.stream = NULL;
	}

	out.status = r->resp.status;
	out.n_queries = r->n_queries;
	if (r->resp.file_data) {
		out.body = arena_strndup(c->arena, r->resp.file_data, r->resp.file_len);
		out.len = r->resp.file_len;
	} else {
		out.body = arena_strndup(c->arena, r->resp.body.data, r->resp.body.len);
		out.len = r->resp.body.len;
	}
	out.content_type = arena_strdup(c->arena, r->resp.content_type);
	buf_init(&setc, c->arena);
	buf_init(&hdrs, c->arena);
	for (size_t i = 0; i < r->resp.n_headers; i++) {
		const struct resp_header *h = &r->resp.headers[i];
		buf_addf(&hdrs, "%s: %s\n", h->name, h->val);
		if (!strcasecmp(h->name, "Location"))
			out.location = arena_strdup(c->arena, h->val);
		if (!strcasecmp(h->name, "ETag"))
			out.etag = arena_strdup(c->arena, h->val);
		if (!strcasecmp(h->name, "Set-Cookie")) {
			buf_adds(&setc, h->val);
			buf_addch(&setc, '\n');
		}
	}
	out.set_cookie = setc.data;
	out.headers = hdrs.data;
	take_cookies(c, r);
	take_csrf(c, out.body);
	req_release_db(r);
	arena_free(a);
	return out;
}

struct lb_resp lb_get(struct lb_client *c, const char *url)
{
	return lb_request(c, "GET", url, NULL, NULL, NULL, 0);
}

struct lb_resp lb_post(struct lb_client *c, const char *url, const char *const *kv)
{
	size_t n = 0;
	bool has_csrf = false;
	while (kv && kv[n]) {
		if (!strcmp(kv[n], "csrf"))
			has_csrf = true;
		n += 2;
	}
	const char **all = arena_calloc(c->arena, n + 3, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		all[i] = kv[i];
	if (!has_csrf && c->csrf[0]) {
		all[n] = "csrf";
		all[n + 1] = arena_strdup(c->arena, c->csrf);
	}
	return lb_request(c, "POST", url, NULL, all, NULL, 0);
}

struct lb_resp lb_json(struct lb_client *c, const char *method, const char *url, const char *json, const char *if_match)
{
	const char *h[4] = { "Content-Type: application/json", NULL, NULL, NULL };
	size_t n = 1;
	if (if_match)
		h[n++] = arena_printf(c->arena, "If-Match: %s", if_match);
	if (c->csrf[0] && !c->bearer)
		h[n++] = arena_printf(c->arena, "X-CSRF-Token: %s", c->csrf);
	return lb_request(c, method, url, h, NULL, json, json ? strlen(json) : 0);
}

int lb_login(struct lb_client *c, const char *username, const char *password)
{
	struct lb_resp r = lb_get(c, "/login");
	const char *p = strstr(r.body, "name=\"pre\" value=\"");
	char pre[128] = "";
	if (p) {
		p += strlen("name=\"pre\" value=\"");
		const char *q = strchr(p, '"');
		if (q && (size_t)(q - p) < sizeof(pre)) {
			memcpy(pre, p, (size_t)(q - p));
			pre[q - p] = 0;
		}
	}
	const char *kv[] = { "username", username, "password", password, "pre", pre, "next", "/", NULL };
	r = lb_request(c, "POST", "/login", NULL, kv, NULL, 0);
	if (r.status == 303) {
		struct lb_resp home = lb_get(c, "/"); /* picks up the CSRF token */
		(void)home;
	}
	return r.status;
}

bool lb_has(const struct lb_resp *r, const char *needle)
{
	return r->body && strstr(r->body, needle) != NULL;
}

/* A character of a word, or of a random token (base64url): letters, digits, '-' and '_'. */
static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool lb_has_word(const struct lb_resp *r, const char *word)
{
	size_t n = strlen(word);

	if (!r->body || n == 0)
		return false;
	for (const char *p = strstr(r->body, word); p; p = strstr(p + 1, word))
		if ((p == r->body || !word_char(p[-1])) && !word_char(p[n]))
			return true;
	return false;
}
