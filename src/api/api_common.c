/*
 * api_common.c - what every JSON resource shares: reading the body and its
 * members with jansson, the version a change claims (If-Match or
 * "version"), paging arguments, and the shape of answers (status, ETag,
 * the 409 answer that carries the current record).
 *
 * The parsed body is cached in r->json_body and released with the request's
 * arena, so handlers and scope functions can both call api_body() and never
 * free anything. Type errors name the member, so a client can point at the
 * field just as a form does.
 */
#include <jansson.h>

#include "api/api_common.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/str.h"
#include "domain/unit.h"

struct json_t *api_body(struct req *r)
{
	return req_json_body(r);
}

int api_str(struct req *r, struct json_t *obj, const char *key, const char **out)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a text string."));
	*out = arena_strndup(r->arena, json_string_value(v), json_string_length(v));
	return 0;
}

int api_int(struct req *r, struct json_t *obj, const char *key, int64_t *out, int *present)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	if (present)
		*present = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a whole number."));
	*out = (int64_t)json_integer_value(v);
	if (present)
		*present = 1;
	return 0;
}

int api_bool(struct req *r, struct json_t *obj, const char *key, int *out, int *present)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	if (present)
		*present = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be true or false."));
	*out = json_is_true(v) ? 1 : 0;
	if (present)
		*present = 1;
	return 0;
}

int api_ids(struct req *r, struct json_t *obj, const char *key, const int64_t **out, size_t *n, bool *present)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL, *x;
	int64_t *ids;
	size_t i;

	*present = false;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a list of ids."));
	ids = arena_calloc(r->arena, json_array_size(v) + 1, sizeof(*ids));
	json_array_foreach(v, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return err_set(&r->err, ERR_INVALID, key, N_("Must be a list of ids."));
		ids[i] = (int64_t)json_integer_value(x);
	}
	*out = ids;
	*n = json_array_size(v);
	*present = true;
	return 0;
}

/* Parse an entity tag: 3, "3" or W/"3". */
static bool parse_etag(struct arena *a, const char *s, int64_t *out)
{
	char *t = str_trim(arena_strdup(a, s));
	size_t n;

	if (!strncmp(t, "W/", 2))
		t += 2;
	n = strlen(t);
	if (n >= 2 && t[0] == '"' && t[n - 1] == '"') {
		t[n - 1] = '\0';
		t++;
	}
	return t[0] >= '0' && t[0] <= '9' && str_to_i64(t, out) && *out >= 0;
}

int api_version(struct req *r, struct json_t *obj, int64_t *version)
{
	const char *im = req_header(r, "If-Match");
	int present = 0, rc;

	if (im && *im) {
		if (!parse_etag(r->arena, im, version))
			return err_set(&r->err, ERR_INVALID, "If-Match",
				       N_("If-Match must hold the version number you are changing, such as \"3\"."));
		return 0;
	}
	rc = api_int(r, obj, "version", version, &present);
	if (rc)
		return rc;
	if (!present)
		return err_set(&r->err, ERR_PRECONDITION, "version",
			       N_("Send the version you are changing, in If-Match or as \"version\"."));
	return 0;
}

int api_paging(struct req *r, int64_t *limit, int64_t *offset)
{
	const char *l = req_query(r, "limit"), *o = req_query(r, "offset");

	*limit = 50;
	*offset = 0;
	if (l && (l[0] < '0' || l[0] > '9' || !str_to_i64(l, limit) || *limit < 1 || *limit > 500))
		return err_set(&r->err, ERR_INVALID, "limit", N_("Must be a whole number from 1 to 500."));
	if (o && (o[0] < '0' || o[0] > '9' || !str_to_i64(o, offset) || *offset < 0 || *offset > API_MAX_OFFSET))
		return err_set(&r->err, ERR_INVALID, "offset", N_("Must be a whole number from 0 to 1000000000."));
	return 0;
}

int api_choice_paging(struct req *r, int64_t most, int64_t *limit, int64_t *offset)
{
	int rc = api_paging(r, limit, offset);

	if (rc)
		return rc;
	if (!req_query(r, "limit"))
		*limit = 20;
	if (*limit > most)
		*limit = most;
	return 0;
}

void api_begin(struct req *r, struct json *j, int status)
{
	json_init(j, resp_json(r, status));
}

void api_etag(struct req *r, int64_t version)
{
	resp_header(r, "ETag", arena_printf(r->arena, "\"%" PRId64 "\"", version));
}

int api_record(struct req *r, int status, int64_t version, void (*write)(struct json *j, const void *rec),
	       const void *rec)
{
	struct json j;

	api_etag(r, version);
	api_begin(r, &j, status);
	write(&j, rec);
	return 0;
}

int api_conflict(struct req *r, const struct err *e, void (*write_current)(struct json *j, const void *rec),
		 const void *current)
{
	struct json j;

	buf_reset(resp_json(r, 409));
	api_begin(r, &j, 409);
	json_obj_open(&j);
	json_key(&j, "error");
	json_obj_open(&j);
	json_kv_str(&j, "code", err_code_name(ERR_CONFLICT));
	/* The domain's message speaks of a form; an API client gets the record instead. */
	json_kv_str(&j, "message",
		    tr(r->lang, N_("Someone else has changed this record since you read it. The stored version is in "
				   "\"current\"; send your change again with its version to apply it anyway.")));
	json_kv_str(&j, "field", e && e->field ? e->field : "version");
	json_obj_close(&j);
	json_key(&j, "current");
	if (write_current && current)
		write_current(&j, current);
	else
		json_null_value(&j);
	json_obj_close(&j);
	return 0;
}

int api_db(struct req *r, struct db **db)
{
	*db = req_db(r);
	return *db ? 0 : r->err.code;
}

int api_patch_str(struct req *r, json_t *obj, const char *key, const char **field)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (json_is_null(v)) {
		*field = "";
		return 0;
	}
	return api_str(r, obj, key, field);
}

int api_patch_id(struct req *r, json_t *obj, const char *key, int64_t *field)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (json_is_null(v)) {
		*field = 0;
		return 0;
	}
	return api_int(r, obj, key, field, NULL);
}

int api_patch_bool(struct req *r, json_t *obj, const char *key, bool *field)
{
	int v = 0, present = 0, rc = api_bool(r, obj, key, &v, &present);
	if (!rc && present)
		*field = v != 0;
	return rc;
}

int api_body_unit(struct req *r, const char *key, const char *msgid, int64_t *unit_id)
{
	json_t *body = api_body(r);
	int64_t id = 0;
	int present, rc;
	struct unit u;
	struct db *db;

	*unit_id = 0;
	if (!body)
		return r->err.code;
	rc = api_int(r, body, key, &id, &present);
	if (rc || !present)
		return rc;
	if (id <= 0)
		return err_set(&r->err, ERR_INVALID, key, msgid);
	if ((rc = api_db(r, &db)))
		return rc;
	rc = unit_get(db, r->arena, id, &u, &r->err);
	if (rc == ERR_NOTFOUND)
		return err_set(&r->err, ERR_INVALID, key, msgid);
	if (rc)
		return rc;
	*unit_id = id;
	return 0;
}

void api_list_begin(struct req *r, struct json *j)
{
	api_begin(r, j, 200);
	json_obj_open(j);
	json_key(j, "items");
	json_arr_open(j);
}

void api_list_end_bounded(struct json *j, int64_t total, int64_t bound, int64_t limit, int64_t offset)
{
	json_arr_close(j);
	json_kv_int(j, "total", total > bound ? bound : total);
	json_kv_bool(j, "total_exact", total <= bound);
	json_kv_int(j, "limit", limit);
	json_kv_int(j, "offset", offset);
	json_obj_close(j);
}

void api_list_end(struct json *j, int64_t total, int64_t limit, int64_t offset)
{
	json_arr_close(j);
	json_kv_int(j, "total", total);
	json_kv_int(j, "limit", limit);
	json_kv_int(j, "offset", offset);
	json_obj_close(j);
}
