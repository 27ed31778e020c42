/*
 * api_common.h - the JSON API under /api/v1, one resource per file (api_*.c).
 *
 * Conventions, the same for every resource:
 * - bodies are JSON objects parsed with jansson (api_body());
 * - lists answer {"items":[...],"total":N,"limit":L,"offset":O} and take
 *   ?limit= (1..500, default 50) and ?offset= (0..API_MAX_OFFSET), plus
 *   their own filters;
 * - a single record carries "version"; GET sends it as the ETag ("\"3\"");
 *   changes need If-Match or a "version" field, and a stale one gets 409
 *   with {"error":{...},"current":{...record...}};
 * - errors are {"error":{"code","message","field"}} (http/errmap.c);
 * - creation answers 201 with the record and a Location header.
 *
 * The handlers that follow these conventions for a module's list, export,
 * creation, reading and change are shared: api_resource.h.
 */
#ifndef TILLIT_API_API_COMMON_H
#define TILLIT_API_API_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/json.h"
#include "http/req.h"

struct db;
struct json_t;

/**
 * Parse the request body as a JSON object. Returns it (freed with the
 * request), or NULL with r->err set: ERR_INVALID naming "body" when it is
 * not JSON or not an object (the message says where), or naming the member
 * ("name", "answers[2].motivation") whose name or string value is not text
 * by str_valid_text() (control characters, noncharacters such as U+FFFF).
 */
struct json_t *api_body(struct req *r);

/**
 * A string member of @obj: *out is NULL when absent or null; ERR_INVALID
 * naming @key when present with another type. Result lives in r->arena.
 */
int api_str(struct req *r, struct json_t *obj, const char *key, const char **out);

/** An integer member: *present tells whether it was there; ERR_INVALID naming @key when not an integer. */
int api_int(struct req *r, struct json_t *obj, const char *key, int64_t *out, int *present);

/** A boolean member: ERR_INVALID naming @key when not a boolean. */
int api_bool(struct req *r, struct json_t *obj, const char *key, int *out, int *present);

/**
 * The version the client claims to change: If-Match ("\"3\"" or "3") or the
 * body's "version". ERR_PRECONDITION when neither is given.
 */
int api_version(struct req *r, struct json_t *obj, int64_t *version);

/** The request's database connection, or an error code with r->err set. */
int api_db(struct req *r, struct db **db);

/**
 * A member of a PATCH: absent keeps *field as it is, null empties it, a
 * string replaces it (in r->arena); another type is ERR_INVALID naming @key.
 */
int api_patch_str(struct req *r, struct json_t *obj, const char *key, const char **field);

/** An id member of a PATCH: absent keeps *field, null makes it 0 (none), an integer replaces it. */
int api_patch_id(struct req *r, struct json_t *obj, const char *key, int64_t *field);

/** A boolean member of a PATCH: absent keeps *field; ERR_INVALID naming @key when not a boolean. */
int api_patch_bool(struct req *r, struct json_t *obj, const char *key, bool *field);

/**
 * A list of ids in member @key: absent or null leaves *present false; an
 * array of positive whole numbers fills *out (in r->arena) and *n;
 * anything else is ERR_INVALID naming @key.
 */
int api_ids(struct req *r, struct json_t *obj, const char *key, const int64_t **out, size_t *n, bool *present);

/**
 * Scope from the body: the unit named by the integer member @key. Absent or
 * null gives 0 (the whole installation); a unit that does not exist is
 * ERR_INVALID naming @key with message @msgid. For route scope functions.
 */
int api_body_unit(struct req *r, const char *key, const char *msgid, int64_t *unit_id);

/** Start a list answer (status 200): {"items":[ ... closed by api_list_end(). */
void api_list_begin(struct req *r, struct json *j);

/** Close a list answer: the items array, then total, limit and offset. */
void api_list_end(struct json *j, int64_t total, int64_t limit, int64_t offset);

/**
 * Close a list whose count stops at @bound: total is @total, or @bound when
 * @total is greater, followed by "total_exact" (false when more than @bound
 * match), limit and offset.
 */
void api_list_end_bounded(struct json *j, int64_t total, int64_t bound, int64_t limit, int64_t offset);

/* The largest ?offset= a list takes: far beyond any list, and offset + limit cannot overflow. */
#define API_MAX_OFFSET 1000000000

/** Read ?limit= and ?offset= (ERR_INVALID naming the argument when malformed or out of range). */
int api_paging(struct req *r, int64_t *limit, int64_t *offset);

/** api_paging() for what a field suggests as one types: 20 unless ?limit= says, and at most @most. */
int api_choice_paging(struct req *r, int64_t most, int64_t *limit, int64_t *offset);

/** Start a JSON answer with @status; the writer writes into the response body. */
void api_begin(struct req *r, struct json *j, int status);

/** Set the ETag header from a version. */
void api_etag(struct req *r, int64_t version);

/** Answer @status with one record, written by @write(j, @rec), and its @version as the ETag. */
int api_record(struct req *r, int status, int64_t version, void (*write)(struct json *j, const void *rec),
	       const void *rec);

/**
 * Answer 409 for a stale version: the error object plus "current", written
 * by @write_current(j, @current).
 */
int api_conflict(struct req *r, const struct err *e, void (*write_current)(struct json *j, const void *rec),
		 const void *current);

#endif
