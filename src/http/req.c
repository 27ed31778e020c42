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
#include <jansson.h>

#include "http/req.h"

#include <stddef.h> /* core/log.h uses size_t */

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

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

const char *req_query_get(void *r, const char *name)
{
	return req_query(r, name);
}

const char *req_form(const struct req *r, const char *name)
{
	return kv_find(r->form, r->n_form, name);
}

void req_typed_add(struct req *r, const char *field, const char *text, enum req_typed_kind kind, size_t matches)
{
	if (req_typed_of(r, field))
		return;
	ARENA_ROOM(r->arena, r->typed, r->n_typed, 1, r->cap_typed, 4);
	r->typed[r->n_typed++] = (struct req_typed){ field, text, kind, matches };
}

const struct req_typed *req_typed_of(const struct req *r, const char *name)
{
	for (size_t i = 0; name && i < r->n_typed; i++)
		if (!strcmp(r->typed[i].field, name))
			return &r->typed[i];
	return NULL;
}

bool req_typed_err(const struct req *r, const struct err *e, struct err *out)
{
	const struct req_typed *t = e ? req_typed_of(r, e->field) : NULL;
	const char *msgid;

	if (!t)
		return false;
	if (t->kind == REQ_TYPED_PERSON)
		msgid = t->matches ? N_("Several people are called “%s”: choose one of the suggestions, which show the "
					"user name too.")
				   : N_("Nobody is called “%s”. Type part of a name or user name and choose one of the "
					"suggestions.");
	else if (t->kind == REQ_TYPED_DOCUMENT)
		msgid = t->matches
				? N_("Several governing documents you see are called “%s”: choose one of the "
				     "suggestions, which name the version and unit too.")
				: N_("No governing document you see is called “%s”. Type part of its title and choose "
				     "one of the suggestions.");
	else if (t->kind == REQ_TYPED_ASSET)
		msgid = t->matches ? N_("Several assets you see are called “%s”: choose one of the suggestions, which "
					"name the unit too.")
				   : N_("No asset you see is called “%s”. Type part of its name and choose one of the "
					"suggestions.");
	else
		msgid = t->matches ? N_("Several units you see are called “%s”: choose one of the suggestions, which "
					"name the organisation too.")
				   : N_("No unit you see is called “%s”. Type part of its name and choose one of the "
					"suggestions.");
	err_clear(out);
	err_set1(out, ERR_INVALID, t->field, msgid, t->text);
	return true;
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
	struct db *db = NULL;

	if (r->db)
		return r->db;
	if (!r->app || !r->app->pool) {
		err_set(&r->err, ERR_DB, NULL, N_("The database is not available."));
		err_detail(&r->err, "no connection pool");
		return NULL;
	}
	if (req_cancelled(r)) {
		err_set(&r->err, ERR_CANCELLED, NULL, NULL);
		return NULL;
	}
	if (db_pool_get(r->app->pool, &db, &r->err) < 0)
		return NULL;
	/* Under the server's lock, so its watchdog sees the connection only while the request holds it. */
	if (r->db_lock)
		pthread_mutex_lock(r->db_lock);
	r->db = db;
	if (r->db_lock)
		pthread_mutex_unlock(r->db_lock);
	if (req_cancelled(r)) { /* stopped while it waited for the connection */
		req_release_db(r);
		err_set(&r->err, ERR_CANCELLED, NULL, NULL);
		return NULL;
	}
	r->queries_at = db_query_count(db);
	return db;
}

void req_release_db(struct req *r)
{
	struct db *db;

	if (!r || !r->db)
		return;
	if (r->db_lock)
		pthread_mutex_lock(r->db_lock);
	db = r->db;
	r->db = NULL;
	if (r->db_lock)
		pthread_mutex_unlock(r->db_lock);
	r->n_queries += db_query_count(db) - r->queries_at;
	if (r->app && r->app->pool)
		db_pool_put(r->app->pool, db);
}

bool req_cancelled(struct req *r)
{
	return atomic_load(&r->cancelled);
}

void resp_stream(struct req *r, resp_stream_fn next, void *ctx)
{
	r->resp.stream = next;
	r->resp.stream_ctx = ctx;
	r->resp.file_data = NULL;
	buf_reset(&r->resp.body);
}

int resp_stream_piece(struct req *r, struct arena *a, struct buf *out)
{
	struct db *db = req_db(r);
	int rc;

	if (!db)
		return r->err.code ? r->err.code : ERR_DB;
	rc = r->resp.stream(r->resp.stream_ctx, db, a, out, &r->err);
	req_release_db(r);
	if (rc < 0 && req_cancelled(r))
		rc = err_set(&r->err, ERR_CANCELLED, NULL, NULL);
	return rc;
}

void resp_header(struct req *r, const char *name, const char *val)
{
	if (r->resp.n_headers >= RESP_MAX_HEADERS)
		BUG("too many response headers");
	r->resp.headers[r->resp.n_headers].name = name;
	r->resp.headers[r->resp.n_headers].val = val;
	r->resp.n_headers++;
}

void resp_file(struct req *r, const char *data, size_t len, const char *mime, const char *filename)
{
	if (data)
		buf_add(&r->resp.body, data, len);
	r->resp.content_type = mime;
	resp_attachment(r, filename);
}

void resp_attachment(struct req *r, const char *filename)
{
	struct buf b;
	const unsigned char *p;

	buf_init(&b, r->arena);
	buf_adds(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)filename; *p; p++) {
		if (*p >= 0x80) {
			/* One "_" per character: skip its continuation bytes. */
			buf_adds(&b, "_");
			while ((p[1] & 0xC0) == 0x80)
				p++;
		} else if (*p >= ' ' && *p != '"' && *p != '\\' && *p != 0x7f) {
			buf_add(&b, (const char *)p, 1);
		}
	}
	buf_adds(&b, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)filename; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_add(&b, (const char *)p, 1);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	resp_header(r, "Content-Disposition", b.data);
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

static void body_release(void *p)
{
	json_decref((json_t *)p);
}

/* Where a value sits in the body, for naming it: a member name or an array index. */
struct json_where {
	const struct json_where *up;
	const char *key; /* NULL: an array element */
	size_t index;
};

static const char *where_text(struct arena *a, const struct json_where *w)
{
	const char *s = "";

	for (; w; w = w->up) {
		if (w->key)
			s = arena_printf(a, "%s%s%s", w->key, *s && *s != '[' ? "." : "", s);
		else
			s = arena_printf(a, "[%zu]%s%s", w->index, *s && *s != '[' ? "." : "", s);
	}
	return s;
}

/*
 * The first member name or string in @v that is not text by str_valid_text(),
 * named by its place ("name", "answers[2].motivation"), or NULL when all are.
 * One pass over the document; jansson limits its nesting.
 */
static const char *json_bad_text(struct arena *a, json_t *v, const struct json_where *at)
{
	const char *bad = NULL;

	if (json_is_string(v))
		return str_valid_text(json_string_value(v), json_string_length(v)) ? NULL
										   : (at ? where_text(a, at) : "body");
	if (json_is_object(v)) {
		const char *key;
		json_t *member;

		json_object_foreach(v, key, member)
		{
			struct json_where here = { at, key, 0 };

			if (!str_valid_text(key, strlen(key)))
				return where_text(a, &here);
			if ((bad = json_bad_text(a, member, &here)))
				return bad;
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			struct json_where here = { at, NULL, i };

			if ((bad = json_bad_text(a, json_array_get(v, i), &here)))
				return bad;
		}
	}
	return NULL;
}

/* True when @ct names application/json (parameters such as charset allowed). */
static bool is_json_type(const char *ct)
{
	size_t n;

	if (!ct)
		return false;
	ct += strspn(ct, " \t");
	n = strcspn(ct, "; \t");
	return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

struct json_t *req_json_body(struct req *r)
{
	json_error_t jerr;
	json_t *obj;
	const char *bad;

	if (r->json_body)
		return r->json_body;
	if (!r->body || r->body_len == 0) {
		err_set(&r->err, ERR_INVALID, "body", N_("Send a JSON object as the body of the request."));
		return NULL;
	}
	if (!is_json_type(req_header(r, "Content-Type"))) {
		err_set(&r->err, ERR_INVALID, "Content-Type", N_("Send the body as Content-Type: application/json."));
		return NULL;
	}
	obj = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj) {
		err_set1(&r->err, ERR_INVALID, "body", N_("The body is not valid JSON: %s"),
			 arena_printf(r->arena, "%s (line %d, column %d)", jerr.text, jerr.line, jerr.column));
		return NULL;
	}
	arena_defer(r->arena, body_release, obj);
	if (!json_is_object(obj)) {
		err_set(&r->err, ERR_INVALID, "body", N_("The body must be a JSON object."));
		return NULL;
	}
	bad = json_bad_text(r->arena, obj, NULL);
	if (bad) {
		err_set(&r->err, ERR_INVALID, bad,
			N_("The field contains a control character or a character that is not allowed in text (such "
			   "as U+FFFF)."));
		return NULL;
	}
	r->json_body = obj;
	return obj;
}

int req_json_id(struct req *r, struct json_t *obj, const char *key, int64_t *id, bool *present)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	*id = 0;
	*present = false;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a whole number."));
	*id = (int64_t)json_integer_value(v);
	*present = *id != 0;
	return 0;
}
