/*
 * req.h - what a handler sees of a request, and what it answers.
 *
 * Handlers (page_*, api_*) receive a struct req and fill req->resp; they
 * never see libmicrohttpd. server_mhd.c builds a struct req from a real
 * connection; tests/harness/loopback.c builds one by hand and calls
 * router_dispatch() directly, so every page and API route can be tested
 * without a socket.
 *
 * Everything hanging off a struct req lives in req->arena and is released
 * when the request completes.
 *
 * A large answer can be produced piece by piece instead of whole
 * (resp_stream()): the server then asks for the next piece only when the
 * client has taken the previous one, each piece borrowing a database
 * connection for as long as it takes to make it, so a large export costs
 * one piece of memory and never holds a connection while the client reads.
 */
#ifndef TILLIT_HTTP_REQ_H
#define TILLIT_HTTP_REQ_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "domain/authz.h"

struct db;
struct db_pool;
struct auth;
struct json_t;

/** Settings that stay fixed while the server runs (flags and environment). */
struct app_config {
	const char *db_url;      /* "sqlite:tillit.db" or "postgresql://..." */
	const char *listen;      /* "127.0.0.1:8080" */
	int threads;             /* worker threads (0 = one per core) */
	size_t max_body;         /* bytes; larger bodies get 413 */
	int header_timeout;      /* seconds a connection may take to send a request head (0: the default) */
	int request_timeout_ms;  /* how long a request (or one piece of a streamed answer) may run (0: the default) */
	bool secure_cookies;     /* add Secure (set behind TLS) */
	int session_idle;        /* seconds of inactivity before a session ends */
	int session_max;         /* absolute session lifetime in seconds */
	int login_free_per_pair; /* password attempts per (account, address) before delays (0: default) */
	int login_free_per_addr; /* password attempts per address before delays (0: default) */
	int login_window;        /* seconds without attempts after which they are forgotten (0: default) */
	const char *trusted_proxies; /* "ADDR[,ADDR]": peers whose X-Forwarded-For names the client, or NULL */
	const char
		*public_url; /* "https://tillit.example.se": the redirect URI's base for identity providers, or NULL */
};

struct route;
struct auth_cache;

/** Long-lived state owned by main: configuration, the connection pool and the route table. */
struct req;

struct app {
	struct app_config cfg;
	struct db_pool *pool;
	const struct route *routes;    /* terminated by a zeroed entry (src/routes.c) */
	struct auth_cache *auth_cache; /* sessions and tokens answered from memory (auth.c), or NULL */
	/*
	 * Run for a page (not the API) once its user is known, before its
	 * access rule reads the request's fields: picker_fields_resolve() in
	 * src/web/widgets.c, or NULL. Returns 0 or a negative err_code.
	 */
	int (*prepare_page)(struct req *r);
};

/*
 * At most this many form fields (a file part counts with its file name and
 * content type) and at most this many query arguments per request; more is
 * refused before any field is looked at.
 */
#define REQ_MAX_FIELDS 1000

/* The request time limit when app_config.request_timeout_ms is 0. */
#define REQ_DEFAULT_TIMEOUT_MS 10000

struct kv {
	const char *key;
	const char *val;
	size_t len;   /* val length in bytes (values may not contain NUL, file bytes may) */
	bool is_file; /* the bytes of an uploaded file (a multipart part with a file name) */
};

struct resp_header {
	const char *name;
	const char *val;
};

#define RESP_MAX_HEADERS 16

struct req;

/**
 * Make the next piece of a streamed answer: append its bytes to @out (in
 * @a, which is freed once they are sent) reading with @db. Returns 1 when
 * more is to come, 0 after the last piece, or a negative err_code with @e
 * set. @ctx is what resp_stream() was given.
 */
typedef int (*resp_stream_fn)(void *ctx, struct db *db, struct arena *a, struct buf *out, struct err *e);

struct resp {
	int status;               /* 0 until set; router turns 0 into 200 */
	const char *content_type; /* default text/html; charset=utf-8 */
	struct buf body;
	struct resp_header headers[RESP_MAX_HEADERS];
	size_t n_headers;
	const char *file_data; /* static bytes to send instead of body (not copied) */
	size_t file_len;
	resp_stream_fn stream; /* set by resp_stream(): the body comes from it instead */
	void *stream_ctx;
};

struct route;

/* What a field typed in chooses: a unit, a person, an asset or a governing document. */
enum req_typed_kind { REQ_TYPED_UNIT, REQ_TYPED_PERSON, REQ_TYPED_ASSET, REQ_TYPED_DOCUMENT };

/* A field given as text that named nothing the user may choose there, or several. */
struct req_typed {
	const char *field; /* its name ("owner_id") */
	const char *text;  /* what was typed */
	enum req_typed_kind kind;
	size_t matches; /* how many it named: 0, or 2 and more */
};

struct req {
	struct arena *arena;
	struct app *app;

	const char *method;      /* "GET", "POST", ... */
	const char *path;        /* decoded path, no query string */
	const char *remote_addr; /* client address text */

	struct kv *headers; /* request headers, as received */
	size_t n_headers;
	struct kv *query; /* query-string arguments */
	size_t n_query;
	struct kv *form; /* urlencoded or multipart fields (POST) */
	size_t n_form;
	struct kv *cookies;
	size_t n_cookies;

	const char *body; /* raw body for JSON requests (NUL-terminated), or NULL */
	size_t body_len;
	bool body_too_large;      /* set by the server when the body exceeded max_body */
	bool body_malformed;      /* the form parser rejected the body */
	bool too_many_fields;     /* more than REQ_MAX_FIELDS form fields or query arguments */
	bool path_has_nul;        /* the decoded path held a NUL byte (%00) */
	bool framing_ambiguous;   /* Transfer-Encoding with Content-Length, or not "chunked" */
	struct json_t *json_body; /* the parsed JSON body (jansson), freed with the request; see api_body() */

	/* set by the router */
	const struct route *route;
	const char *args[4]; /* path parameters in route order (":id" segments) */
	size_t n_args;
	bool is_api;        /* path under /api/ */
	bool via_token;     /* authenticated by an API token (no cookie, no CSRF) */
	struct scope scope; /* what the route's scope read: the record, its unit and owner (router.h) */
	enum lang lang;
	struct auth *auth; /* the signed-in user, or NULL */
	/*
	 * The unit, person, asset and document fields given as text that named nothing the
	 * user may choose, or several (app.prepare_page); each field itself
	 * then holds "-1", which no record is. In the arena.
	 */
	struct req_typed *typed;
	size_t n_typed, cap_typed;

	struct db *db; /* borrowed from the pool on first use; see req_db() */
	/*
	 * Set by the server: the lock under which @db is borrowed and given
	 * back, so that its watchdog may interrupt what runs on @db
	 * (db_interrupt()) when the request runs out of time or its client
	 * has gone, which it marks in @cancelled. NULL in the loopback.
	 */
	pthread_mutex_t *db_lock;
	atomic_bool cancelled;
	int64_t queries_at; /* the connection's query count when it was borrowed */
	int64_t n_queries;  /* queries this request ran, counted when the connection goes back */
	struct err err;     /* what went wrong, when a handler returns < 0 */
	struct resp resp;
	double started_ms;
};

/**
 * Note that the text @text of field @field named @matches (0, or 2 and
 * more) of what the field chooses (@kind), as app.prepare_page does before
 * it puts "-1" in the field. A field noted already stays as it was noted.
 * @field and @text are borrowed for the request's life.
 */
void req_typed_add(struct req *r, const char *field, const char *text, enum req_typed_kind kind, size_t matches);

/** What field @name's text named when it named nothing or several (req_typed_add()), or NULL. Borrowed. */
const struct req_typed *req_typed_of(const struct req *r, const char *name);

/**
 * When @e is about a field whose text named nothing or several
 * (req_typed_of()), the error to show instead, saying which and whether
 * units, people, assets or documents, into @out; else false. The page then shows what was
 * typed, not the "-1" it read in its place.
 */
bool req_typed_err(const struct req *r, const struct err *e, struct err *out);

/** The value of header @name (case-insensitive), or NULL. Borrowed. */
const char *req_header(const struct req *r, const char *name);

/** Query argument @name, or NULL. Borrowed. */
const char *req_query(const struct req *r, const char *name);
/** req_query() of the request @r points at, in the shape the *_filter_parse() functions take. */
const char *req_query_get(void *r, const char *name);

/** Form field @name, or NULL. Borrowed. */
const char *req_form(const struct req *r, const char *name);

/** Cookie @name, or NULL. Borrowed. */
const char *req_cookie(const struct req *r, const char *name);

/**
 * The request body parsed as a JSON object (jansson), cached in the request
 * and released with it. NULL with r->err set when there is none, it is not
 * JSON, or it is not an object: ERR_INVALID naming "body" (or
 * "Content-Type"), the message saying where. Every member name and string
 * must be text (str_valid_text(), as the router requires of form fields):
 * the first that is not is refused as ERR_INVALID named by its place in the
 * document ("name", "answers[2].motivation").
 */
struct json_t *req_json_body(struct req *r);

/**
 * The integer member @key of @obj as an id: *present is false when it is
 * absent or null; ERR_INVALID naming @key when it is another type or
 * negative.
 */
int req_json_id(struct req *r, struct json_t *obj, const char *key, int64_t *id, bool *present);

/** Path parameter @i as an id (> 0); 0 when missing or malformed. */
int64_t req_arg_id(const struct req *r, size_t i);

/**
 * The request's database connection, taken from the pool on first use and
 * returned when the request completes. NULL (and r->err set) when the
 * database cannot be reached.
 */
struct db *req_db(struct req *r);

/** Give the connection back early (the server also does it at completion). */
void req_release_db(struct req *r);

/**
 * True once the server has stopped the request (its time limit passed or
 * its client left). Queries then fail with ERR_CANCELLED; a handler doing
 * long work without the database may look here and give up.
 */
bool req_cancelled(struct req *r);

/**
 * Answer with a body made piece by piece by @next(@ctx, ...), which must
 * stay valid until the request completes (put it in r->arena). The status,
 * content type and headers are set as usual; the server sends the body
 * with chunked transfer encoding. If a piece fails after the answer has
 * begun, the connection is closed without the last chunk, so the client
 * sees an incomplete answer and never a silently truncated one.
 */
void resp_stream(struct req *r, resp_stream_fn next, void *ctx);

/**
 * Make the next piece of @r's stream into @out (a buffer in @a), with a
 * database connection borrowed for it (req_db()) and given back after.
 * Returns what the stream function returns. The server calls it as the
 * client reads; tests call it to read a streamed answer whole.
 */
int resp_stream_piece(struct req *r, struct arena *a, struct buf *out);

/** Add a response header; both strings must live as long as the request. */
void resp_header(struct req *r, const char *name, const char *val);

/**
 * Answer with a file to save: @data (@len bytes, copied) as the body with
 * Content-Type @mime, and Content-Disposition naming @filename. A NULL @data
 * keeps the body already written (a writer that writes into r->resp.body).
 */
void resp_file(struct req *r, const char *data, size_t len, const char *mime, const char *filename);

/**
 * Offer the answer as a download named @filename (UTF-8): Content-Disposition
 * attachment with an ASCII filename (other characters as "_", quotes and
 * backslashes left out) and the exact name as filename* (RFC 6266, 8187).
 */
void resp_attachment(struct req *r, const char *filename);

/**
 * True when @p is a path on this site: "/" followed by anything but "/" or
 * a backslash (or nothing), with no control character anywhere. The one rule for
 * redirect targets, including those a client names (?next=).
 */
bool req_local_path(const char *p);

/** Redirect with 303 See Other to @location (a path on this site by req_local_path(); else a bug). */
int resp_redirect(struct req *r, const char *location);

/** Set status and content type for a JSON body and return the body buffer. */
struct buf *resp_json(struct req *r, int status);

/** True when the client prefers JSON (an API path, or Accept: application/json). */
bool req_wants_json(const struct req *r);

#endif
