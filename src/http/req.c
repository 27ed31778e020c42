/*
 * req.c - what handlers use to read a request and shape the response.
 *
 * Lookups return borrowed strings from the request's arena (or constants);
 * nothing here allocates except resp_json(), which may set up the body
 * buffer in the arena. The database connection is taken from the pool on
 * first use and given back by req_release_db(), which the server also calls
 * when the request completes. Misuse by a caller (too many headers, a
 * redirect to somewhere other than a path on this site) is a bug and aborts
 * with BUG(); these functions are never fed raw user input for such values.
 */
#include "http/req.h"

#include <stddef.h> /* core/log.h uses size_t */

#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/str.h"
#include "db/db.h"

static const char *kv_find(const struct kv *items, size_t n, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (items[i].key && strcmp(items[i].key, name) == 0)
			return items[i].val;
	return NULL;
}

const char *req_header(const struct req *r, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < r->n_headers; i++)
		if (str_ieq(r->headers[i].key, name))
			return r->headers[i].val;
	return NULL;
}

const char *req_query(const struct req *r, const char *name)
{
	return kv_find(r->query, r->n_query, name);
}

const char *req_form(const struct req *r, const char *name)
{
	return kv_find(r->form, r->n_form, name);
}

const char *req_cookie(const struct req *r, const char *name)
{
	return kv_find(r->cookies, r->n_cookies, name);
}

int64_t req_arg_id(const struct req *r, size_t i)
{
	int64_t id;
	const char *s;

	if (i >= r->n_args || i >= sizeof(r->args) / sizeof(r->args[0]))
		return 0;
	s = r->args[i];
	/* Digits only: no sign, no leading zero tricks beyond what str_to_i64 allows. */
	if (!s || s[0] < '0' || s[0] > '9' || !str_to_i64(s, &id) || id <= 0)
		return 0;
	return id;
}

struct db *req_db(struct req *r)
{
	if (r->db)
		return r->db;
	if (!r->app || !r->app->pool) {
		err_set(&r->err, ERR_DB, NULL, N_("The database is not available."));
		err_detail(&r->err, "no connection pool");
		return NULL;
	}
	if (db_pool_get(r->app->pool, &r->db, &r->err) < 0) {
		r->db = NULL;
		return NULL;
	}
	return r->db;
}

void req_release_db(struct req *r)
{
	if (!r || !r->db)
		return;
	if (r->app && r->app->pool)
		db_pool_put(r->app->pool, r->db);
	r->db = NULL;
}

void resp_header(struct req *r, const char *name, const char *val)
{
	if (r->resp.n_headers >= RESP_MAX_HEADERS)
		BUG("too many response headers");
	r->resp.headers[r->resp.n_headers].name = name;
	r->resp.headers[r->resp.n_headers].val = val;
	r->resp.n_headers++;
}

bool req_local_path(const char *p)
{
	/*
	 * "//host" and "/\host" leave the site (browsers read a backslash as a
	 * slash), and browsers drop tabs and line breaks anywhere in a URL, so
	 * "/<tab>\host" does too; CR/LF would also split the header.
	 */
	if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (const unsigned char *c = (const unsigned char *)p; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

int resp_redirect(struct req *r, const char *location)
{
	if (!req_local_path(location))
		BUG("redirect target is not a site path");
	r->resp.status = 303;
	resp_header(r, "Location", location);
	return 0;
}

struct buf *resp_json(struct req *r, int status)
{
	r->resp.status = status;
	r->resp.content_type = "application/json; charset=utf-8";
	if (!r->resp.body.data)
		buf_init(&r->resp.body, r->arena);
	return &r->resp.body;
}

bool req_wants_json(const struct req *r)
{
	const char *accept;
	size_t n;

	if (r->path && str_starts(r->path, "/api/"))
		return true;
	accept = req_header(r, "Accept");
	if (!accept)
		return false;
	accept += strspn(accept, " \t");
	n = strcspn(accept, ",; \t");
	return n == 16 && strncasecmp(accept, "application/json", 16) == 0;
}
