/*
 * api_requirements.c - the requirements library and fulfilment per asset
 * as JSON.
 *
 * Conventions as in api_common.h. The library takes the filters of its
 * page (requirement_filter_parse()); the routes about one asset take it
 * from the route's scope (asset_scope). A PATCH sends only what it changes; a minimum
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
#include "api/api_resource.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/asset.h"
#include "domain/requirement.h"

/* --- the library ----------------------------------------------------------- */

static void write_requirement(struct json *j, const void *rec)
{
	requirement_json(j, rec);
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

/*
 * A list member: an array of strings or numbers (["g", "i"], [15, 16]) or one string ("g, i"),
 * kept as the domain reads it ("g,i"); null empties it; absent keeps it.
 */
static int patch_list(struct req *r, json_t *body, const char *key, const char **field)
{
	json_t *v = json_object_get(body, key), *item;
	struct buf b;
	size_t i;

	if (!v || !json_is_array(v))
		return api_patch_str(r, body, key, field);
	buf_init(&b, r->arena);
	buf_adds(&b, "");
	json_array_foreach(v, i, item)
	{
		if (json_is_integer(item))
			buf_addf(&b, "%s%" JSON_INTEGER_FORMAT, i ? "," : "", json_integer_value(item));
		else if (json_is_string(item))
			buf_addf(&b, "%s%s", i ? "," : "", json_string_value(item));
		else
			return err_set(&r->err, ERR_INVALID, key, N_("Must be a list of texts or numbers."));
	}
	*field = b.data;
	return 0;
}

/* Read the members of a requirement into @in (a PATCH keeps what is absent). */
static int requirement_members(struct req *r, json_t *body, struct requirement_input *in)
{
	int rc;
	if ((rc = api_patch_str(r, body, "code", &in->code)) || (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "text", &in->text)) ||
	    (rc = api_patch_str(r, body, "category", &in->category)) || (rc = patch_list(r, body, "nis2", &in->nis2)) ||
	    (rc = patch_list(r, body, "gdpr", &in->gdpr)) ||
	    (rc = api_patch_str(r, body, "obligation", &in->obligation)) ||
	    (rc = api_patch_str(r, body, "party", &in->party)) ||
	    (rc = patch_list(r, body, "conditions", &in->conditions)) ||
	    (rc = patch_list(r, body, "kinds", &in->kinds)) || (rc = patch_level(r, body, "min_c", &in->min_c)) ||
	    (rc = patch_level(r, body, "min_i", &in->min_i)) || (rc = patch_level(r, body, "min_a", &in->min_a)) ||
	    (rc = patch_level(r, body, "min_t", &in->min_t)) || (rc = api_patch_bool(r, body, "active", &in->active)))
		return rc;
	return 0;
}

int api_requirements_list(struct req *r)
{
	struct requirement_filter f = { 0 };
	struct requirement *q;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = requirement_filter_parse(&f, req_query_get, r, &r->err)) || (rc = api_paging(r, &f.limit, &f.offset)))
		return rc;
	if ((rc = api_db(r, &db)) || (rc = requirement_list(db, r->arena, &f, &q, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		requirement_json(&j, &q[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

/* A new requirement: every minimum empty, active. */
static void requirement_input_new(void *in)
{
	*(struct requirement_input *)in =
		(struct requirement_input){ .min_c = -1, .min_i = -1, .min_a = -1, .min_t = -1, .active = true };
}

static int requirement_body(struct req *r, json_t *body, void *in)
{
	return requirement_members(r, body, in);
}

API_INPUT_OF(requirement_input_of_stored, struct requirement_input, requirement_input_of)
API_CREATOR(requirement_new, requirement_create)
API_UPDATER(requirement_change, requirement_update)
API_GETTER(requirement_read, requirement_get)

static const struct api_record_def requirement_def = {
	API_RECORD(struct requirement, struct requirement_input),
	.location = "/api/v1/requirements/",
	.input_new = requirement_input_new,
	.input_of = requirement_input_of_stored,
	.members = requirement_body,
	.create = requirement_new,
	.update = requirement_change,
	.get = requirement_read,
	.current = write_requirement,
};

int api_requirements_create(struct req *r)
{
	return api_create(r, &requirement_def);
}

int api_requirements_get(struct req *r)
{
	struct requirement q;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = requirement_ensure_default(db, r->arena, &r->err)) ||
	    (rc = requirement_get(db, r->arena, req_arg_id(r, 0), &q, &r->err)))
		return rc;
	return api_record(r, 200, q.version, write_requirement, &q);
}

int api_requirements_update(struct req *r)
{
	return api_update(r, &requirement_def);
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
	const struct asset *as = scope_record(&r->scope, "asset");
	struct asset_requirement *ar;
	struct req_levels lv = req_levels_of(as);
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = asset_requirement_list(db, r->arena, as, &ar, &n, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "asset_id", as->id);
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

/* "items[3].status": the field of row @i, for the error. */
static const char *item_field(struct req *r, size_t i, const char *field)
{
	return arena_printf(r->arena, "items[%zu].%s", i, field ? field : "version");
}

/* Row @i of a bulk assessment: the stored assessment changed by the members given. */
static int assessment_change(struct req *r, json_t *item, size_t i, const struct asset_requirement *ar, size_t n,
			     struct asset_requirement_change *ch)
{
	const struct asset_requirement *stored = NULL;
	json_t *st;
	int present = 0, rc;

	if (!json_is_object(item))
		return err_set(&r->err, ERR_INVALID, item_field(r, i, "requirement_id"),
			       N_("Each item is an object with requirement_id and version."));
	if ((rc = api_int(r, item, "requirement_id", &ch->requirement_id, &present)))
		goto named;
	if (!present) {
		rc = err_set(&r->err, ERR_INVALID, "requirement_id", N_("Give the requirement_id."));
		goto named;
	}
	for (size_t k = 0; k < n; k++)
		if (ar[k].req.id == ch->requirement_id)
			stored = &ar[k];
	if (!stored) {
		rc = err_set(&r->err, ERR_INVALID, "requirement_id",
			     N_("The requirement does not apply to the asset's current classification."));
		goto named;
	}
	if ((rc = api_int(r, item, "version", &ch->version, &present)))
		goto named;
	if (!present) {
		rc = err_set(&r->err, ERR_INVALID, "version", N_("Give the version you change."));
		goto named;
	}
	ch->in = asset_requirement_input_of(stored);
	st = json_object_get(item, "status");
	if (st && json_is_null(st))
		ch->in.status = "";
	else if ((rc = api_patch_str(r, item, "status", &ch->in.status)))
		goto named;
	if ((rc = api_patch_str(r, item, "comment", &ch->in.comment)) ||
	    (rc = api_patch_str(r, item, "evidence_url", &ch->in.evidence_url)))
		goto named;
	return 0;
named:
	r->err.field = item_field(r, i, r->err.field);
	return rc;
}

int api_asset_requirements_update(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct asset_requirement *ar, cur = { 0 };
	struct asset_requirement_change *ch;
	json_t *body = api_body(r), *items;
	size_t n, n_ch, bad = 0;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	items = json_object_get(body, "items");
	if (!json_is_array(items))
		return err_set(
			&r->err, ERR_INVALID, "items",
			N_("Give the assessments as an array \"items\" of {requirement_id, version, status, comment}."));
	n_ch = json_array_size(items);
	if (n_ch > ASSET_REQUIREMENT_MAX_CHANGES)
		return err_set(&r->err, ERR_INVALID, "items", N_("Too many requirements in one save."));
	if ((rc = api_db(r, &db)) || (rc = asset_requirement_list(db, r->arena, as, &ar, &n, &r->err)))
		return rc;
	ch = arena_calloc(r->arena, n_ch ? n_ch : 1, sizeof(*ch));
	for (size_t i = 0; i < n_ch; i++)
		if ((rc = assessment_change(r, json_array_get(items, i), i, ar, n, &ch[i])))
			return rc;
	rc = asset_requirement_set_many(db, r->arena, r->auth, as, ch, n_ch, &bad, &cur, &r->err);
	if (rc && n_ch)
		r->err.field = item_field(r, bad, r->err.field);
	if (rc == ERR_CONFLICT && cur.req.id)
		return api_conflict(r, &r->err, write_assessment, &cur);
	if (rc || (rc = asset_requirement_list(db, r->arena, as, &ar, &n, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n_ch; k++)
			if (ar[i].req.id == ch[k].requirement_id)
				asset_requirement_json(&j, &ar[i]);
	json_arr_close(&j);
	json_kv_int(&j, "saved", (int64_t)n_ch);
	json_obj_close(&j);
	return 0;
}

int api_asset_requirement_update(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct asset_requirement ar, cur = { 0 };
	struct asset_requirement_input in;
	json_t *body = api_body(r), *st;
	int64_t version = 0;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = asset_requirement_get(db, r->arena, as, req_arg_id(r, 1), &ar, &r->err)))
		return rc;
	in = asset_requirement_input_of(&ar);
	st = json_object_get(body, "status");
	if (st && json_is_null(st))
		in.status = ""; /* back to "not assessed" */
	else if ((rc = api_patch_str(r, body, "status", &in.status)))
		return rc;
	if ((rc = api_patch_str(r, body, "comment", &in.comment)) ||
	    (rc = api_patch_str(r, body, "evidence_url", &in.evidence_url)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = asset_requirement_set(db, r->arena, r->auth, as, ar.req.id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.req.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_assessment, &cur);
	}
	if (rc || (rc = asset_requirement_read(db, r->arena, as, ar.req.id, &ar, &r->err)))
		return rc;
	api_etag(r, ar.version);
	api_begin(r, &j, 200);
	asset_requirement_json(&j, &ar);
	return 0;
}
