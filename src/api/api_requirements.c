/*
 * api_requirements.c - the requirements library, fulfilment per asset and
 * tracked actions as JSON.
 *
 * Conventions as in api.h. A PATCH sends only what it changes; a minimum
 * level sent as null is emptied. The fulfilment of a requirement that was
 * never assessed has version 0, which the first change sends back. The
 * import takes the CSV file itself as the body (any content type) and
 * answers with the counts, or 400 with every problem by line and column;
 * nothing changes unless the whole file is valid and dry_run is not true.
 */
#include <jansson.h>

#include "api/api_requirements.h"

#include <inttypes.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_requirements.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/action.h"
#include "domain/asset.h"
#include "domain/requirement.h"

/* --- the library ----------------------------------------------------------- */

static void write_requirement(struct json *j, const void *rec)
{
	requirement_json(j, rec);
}

static int answer_requirement(struct req *r, const struct requirement *q, int status)
{
	struct json j;
	api_etag(r, q->version);
	api_begin(r, &j, status);
	requirement_json(&j, q);
	return 0;
}

/* A minimum level: absent keeps *out, null empties it (-1), an integer sets it (range checked by the domain). */
static int patch_level(struct req *r, json_t *body, const char *key, int64_t *out)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = -1;
		return 0;
	}
	if (!json_is_integer(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a whole number or null."));
	*out = (int64_t)json_integer_value(v);
	if (*out < 0)
		*out = 99; /* refused by the domain check, naming the field */
	return 0;
}

/* Read the members of a requirement into @in (a PATCH keeps what is absent). */
static int requirement_members(struct req *r, json_t *body, struct requirement_input *in)
{
	int active = in->active, present, rc;
	if ((rc = api_patch_str(r, body, "code", &in->code)) || (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "text", &in->text)) ||
	    (rc = api_patch_str(r, body, "category", &in->category)) ||
	    (rc = api_patch_str(r, body, "nis2", &in->nis2)) || (rc = patch_level(r, body, "min_c", &in->min_c)) ||
	    (rc = patch_level(r, body, "min_i", &in->min_i)) || (rc = patch_level(r, body, "min_a", &in->min_a)) ||
	    (rc = patch_level(r, body, "min_t", &in->min_t)) || (rc = api_bool(r, body, "active", &active, &present)))
		return rc;
	if (present)
		in->active = active;
	return 0;
}

int api_requirements_list(struct req *r)
{
	struct requirement_filter f = { .active = 1 };
	struct requirement *q;
	size_t n;
	int64_t total = 0;
	const char *active = req_query(r, "active");
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)))
		return rc;
	f.category = req_query(r, "category");
	f.nis2 = req_query(r, "nis2");
	f.q = req_query(r, "q");
	if (f.category && !*f.category)
		f.category = NULL;
	if (f.category && !req_category_parse(f.category))
		return err_set(&r->err, ERR_INVALID, "category", N_("Choose one of the categories of the library."));
	if (f.category)
		f.category = req_category_parse(f.category);
	if (f.nis2 && !*f.nis2)
		f.nis2 = NULL;
	if (f.nis2 && !*req_nis2_label(f.nis2))
		return err_set(&r->err, ERR_INVALID, "nis2",
			       N_("Give the NIS2 Art. 21(2) point as a letter from a to j, or leave it empty."));
	if (f.q && !*f.q)
		f.q = NULL;
	if (active && !strcmp(active, "false"))
		f.active = 0;
	else if (active && !strcmp(active, "all"))
		f.active = -1;
	else if (active && strcmp(active, "true"))
		return err_set(&r->err, ERR_INVALID, "active", N_("Use true, false or all."));
	if ((rc = api_db(r, &db)) || (rc = requirement_list(db, r->arena, &f, &q, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		requirement_json(&j, &q[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_requirements_create(struct req *r)
{
	struct requirement_input in = { .min_c = -1, .min_i = -1, .min_a = -1, .min_t = -1, .active = true };
	struct requirement q;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = requirement_members(r, body, &in)) || (rc = api_db(r, &db)))
		return rc;
	if ((rc = requirement_create(db, r->arena, r->auth, &in, &id, &r->err)) ||
	    (rc = requirement_get(db, r->arena, id, &q, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/requirements/%" PRId64, id));
	return answer_requirement(r, &q, 201);
}

int api_requirements_get(struct req *r)
{
	struct requirement q;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = requirement_ensure_default(db, r->arena, &r->err)) ||
	    (rc = requirement_get(db, r->arena, req_arg_id(r, 0), &q, &r->err)))
		return rc;
	return answer_requirement(r, &q, 200);
}

int api_requirements_update(struct req *r)
{
	struct requirement q, cur = { 0 };
	struct requirement_input in;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = requirement_get(db, r->arena, req_arg_id(r, 0), &q, &r->err)))
		return rc;
	in = (struct requirement_input){ q.code,  q.title, q.text,  q.category, q.min_c,
					 q.min_i, q.min_a, q.min_t, q.nis2,     q.active };
	if ((rc = requirement_members(r, body, &in)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = requirement_update(db, r->arena, r->auth, q.id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_requirement, &cur);
	}
	if (rc || (rc = requirement_get(db, r->arena, q.id, &q, &r->err)))
		return rc;
	return answer_requirement(r, &q, 200);
}

int api_requirements_import(struct req *r)
{
	struct reqimport_result res;
	const char *dry = req_query(r, "dry_run");
	bool dry_run = dry && (!strcmp(dry, "true") || !strcmp(dry, "1"));
	struct json j;
	struct db *db;
	int rc;

	if (dry && !dry_run && strcmp(dry, "false") && strcmp(dry, "0"))
		return err_set(&r->err, ERR_INVALID, "dry_run", N_("Use true or false."));
	if (!r->body || !r->body_len)
		return err_set(&r->err, ERR_INVALID, "body", N_("Send the CSV file as the body of the request."));
	if ((rc = api_db(r, &db)))
		return rc;
	rc = requirement_import(db, r->arena, r->auth, r->body, r->body_len, dry_run, &res, &r->err);
	if (rc && rc != ERR_INVALID)
		return rc;
	api_begin(r, &j, rc ? 400 : 200);
	json_obj_open(&j);
	if (rc) {
		json_key(&j, "error");
		json_obj_open(&j);
		json_kv_str(&j, "code", err_code_name(rc));
		json_kv_str(&j, "message", err_message(&r->err, r->lang, r->arena));
		json_kv_str(&j, "field", "file");
		json_obj_close(&j);
	}
	json_kv_bool(&j, "dry_run", dry_run);
	json_kv_bool(&j, "applied", !rc && !dry_run);
	json_kv_int(&j, "rows", (int64_t)res.n_rows);
	json_kv_int(&j, "new", (int64_t)res.n_new);
	json_kv_int(&j, "changed", (int64_t)res.n_changed);
	json_kv_int(&j, "unchanged", (int64_t)res.n_same);
	json_key(&j, "problems");
	json_arr_open(&j);
	for (size_t i = 0; i < res.n_problems; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "line", (int64_t)res.problems[i].line);
		json_kv_str(&j, "field", res.problems[i].field);
		json_kv_str(&j, "message", err_message(&res.problems[i].err, r->lang, r->arena));
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

/* --- fulfilment per asset ----------------------------------------------------- */

int api_asset_requirements_list(struct req *r)
{
	struct asset as;
	struct asset_requirement *ar;
	struct req_levels lv;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = asset_requirement_list(db, r->arena, as.id, &ar, &n, &r->err)))
		return rc;
	lv = req_levels_of(&as);
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "asset_id", as.id);
	json_kv_bool(&j, "classified", req_levels_classified(&lv));
	json_kv_bool(&j, "needs_separate_analysis", req_levels_need_separate_analysis(&lv));
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		asset_requirement_json(&j, &ar[i]);
	json_arr_close(&j);
	json_kv_int(&j, "total", (int64_t)n);
	json_obj_close(&j);
	return 0;
}

static void write_assessment(struct json *j, const void *rec)
{
	asset_requirement_json(j, rec);
}

int api_asset_requirement_update(struct req *r)
{
	struct asset_requirement ar, cur = { 0 };
	struct asset_requirement_input in;
	json_t *body = api_body(r), *st;
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) ||
	    (rc = asset_requirement_get(db, r->arena, req_arg_id(r, 0), req_arg_id(r, 1), &ar, &r->err)))
		return rc;
	in = (struct asset_requirement_input){ ar.status, ar.comment, ar.evidence_url };
	st = json_object_get(body, "status");
	if (st && json_is_null(st))
		in.status = ""; /* back to "not assessed" */
	else if ((rc = api_patch_str(r, body, "status", &in.status)))
		return rc;
	if ((rc = api_patch_str(r, body, "comment", &in.comment)) ||
	    (rc = api_patch_str(r, body, "evidence_url", &in.evidence_url)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = asset_requirement_set(db, r->arena, r->auth, ar.asset_id, ar.req.id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.req.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_assessment, &cur);
	}
	if (rc || (rc = asset_requirement_get(db, r->arena, ar.asset_id, ar.req.id, &ar, &r->err)))
		return rc;
	{
		struct json j;
		api_etag(r, ar.version);
		api_begin(r, &j, 200);
		asset_requirement_json(&j, &ar);
	}
	return 0;
}

static int answer_action(struct req *r, const struct action *ac, int status)
{
	struct json j;
	api_etag(r, ac->version);
	api_begin(r, &j, status);
	action_json(&j, ac);
	return 0;
}

int api_asset_requirement_action(struct req *r)
{
	struct action ac;
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = action_create_from_requirement(db, r->arena, r->auth, r->lang, req_arg_id(r, 0), req_arg_id(r, 1),
						 &id, &r->err)) ||
	    (rc = action_get(db, r->arena, id, &ac, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/actions/%" PRId64, id));
	return answer_action(r, &ac, 201);
}

/* --- actions -------------------------------------------------------------------- */

static int query_id(struct req *r, const char *name, int64_t *out)
{
	const char *s = req_query(r, name);
	*out = 0;
	if (!s || !*s)
		return 0;
	if (s[0] < '0' || s[0] > '9' || !str_to_i64(s, out) || *out < 0)
		return err_set(&r->err, ERR_INVALID, name, N_("Must be a whole number."));
	return 0;
}

int api_actions_list(struct req *r)
{
	struct action_filter f = { 0 };
	struct action *ac;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = query_id(r, "unit_id", &f.unit_id)) ||
	    (rc = query_id(r, "asset_id", &f.asset_id)))
		return rc;
	f.status = req_query(r, "status");
	if (f.status && !*f.status)
		f.status = NULL;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = action_list(db, r->arena, &f, &ac, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		action_json(&j, &ac[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_actions_get(struct req *r)
{
	struct action ac;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = action_get(db, r->arena, req_arg_id(r, 0), &ac, &r->err)))
		return rc;
	return answer_action(r, &ac, 200);
}

static void write_action(struct json *j, const void *rec)
{
	action_json(j, rec);
}

int api_actions_update(struct req *r)
{
	struct action ac, cur = { 0 };
	struct action_input in;
	json_t *body = api_body(r), *resp;
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = action_get(db, r->arena, req_arg_id(r, 0), &ac, &r->err)))
		return rc;
	in = (struct action_input){ ac.title, ac.description, ac.status, ac.responsible_id, ac.due_date };
	resp = json_object_get(body, "responsible_id");
	if (resp && json_is_null(resp))
		in.responsible_id = 0;
	else if ((rc = api_int(r, body, "responsible_id", &in.responsible_id, NULL)))
		return rc;
	if ((rc = api_patch_str(r, body, "title", &in.title)) ||
	    (rc = api_patch_str(r, body, "description", &in.description)) ||
	    (rc = api_patch_str(r, body, "status", &in.status)) ||
	    (rc = api_patch_str(r, body, "due_date", &in.due_date)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = action_update(db, r->arena, r->auth, ac.id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_action, &cur);
	}
	if (rc || (rc = action_get(db, r->arena, ac.id, &ac, &r->err)))
		return rc;
	return answer_action(r, &ac, 200);
}
