/*
 * api_assets.c - /api/v1/assets: the register of information assets as JSON.
 *
 * Lists show only the assets in units the caller sees and take the same
 * filters as the list page (asset_filter_parse()). A change (PATCH) sends
 * only the members it changes; the others keep their stored values, and a
 * member sent as null is emptied (owner_id and administrator_id: none).
 * Changes carry the version the client read; a stale one gets 409 with the
 * current record. Moving an asset to another unit (unit_id) also needs the
 * right to edit it there. Dependencies are listed in both directions; the
 * other end of a new one must be an asset the caller sees.
 */
#include <jansson.h>

#include "api/api.h"
#include "api/api_assets.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/asset.h"
#include "domain/unit.h"

static void write_asset(struct json *j, const void *rec)
{
	asset_json(j, rec);
}

static int answer_asset(struct req *r, const struct asset *as, int status)
{
	struct json j;

	api_etag(r, as->version);
	api_begin(r, &j, status);
	asset_json(&j, as);
	return 0;
}

static int scope_of(struct req *r, int64_t asset_id, int64_t *unit_id)
{
	struct asset as;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = asset_get(db, r->arena, asset_id, &as, &r->err)))
		return rc;
	*unit_id = as.unit_id;
	r->scope_owner = as.owner_id;
	return 0;
}

int api_scope_asset_arg(struct req *r, int64_t *unit_id)
{
	if (!req_arg_id(r, 0))
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such asset."));
	return scope_of(r, req_arg_id(r, 0), unit_id);
}

int api_scope_asset_link_arg(struct req *r, int64_t *unit_id)
{
	struct asset_link l;
	struct db *db;
	int rc;

	if (!req_arg_id(r, 0))
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such dependency."));
	if ((rc = api_db(r, &db)) || (rc = asset_link_get(db, r->arena, req_arg_id(r, 0), &l, &r->err)))
		return rc;
	return scope_of(r, l.from_id, unit_id);
}

int api_scope_asset_unit_body(struct req *r, int64_t *unit_id)
{
	return api_body_unit(r, "unit_id", N_("No such unit."), unit_id);
}

static const char *query_get(void *ctx, const char *name)
{
	return req_query(ctx, name);
}

int api_assets_list(struct req *r)
{
	struct asset_filter f;
	struct asset *list;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	asset_filter_init(&f);
	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = asset_filter_parse(&f, query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = asset_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		asset_json(&j, &list[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

/*
 * An id member of a PATCH: absent keeps *field, null makes it 0 (none), an
 * integer replaces it; another type is ERR_INVALID naming @key.
 */
static int patch_id(struct req *r, json_t *obj, const char *key, int64_t *field)
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

/* A boolean member: absent keeps *field. */
static int patch_bool(struct req *r, json_t *obj, const char *key, bool *field)
{
	int v = 0, present = 0, rc = api_bool(r, obj, key, &v, &present);
	if (!rc && present)
		*field = v != 0;
	return rc;
}

/* Read every member of a create or change body into @in (absent members keep their value). */
static int read_input(struct req *r, json_t *body, struct asset_input *in)
{
	int rc;

	if ((rc = patch_id(r, body, "unit_id", &in->unit_id)) || (rc = api_patch_str(r, body, "kind", &in->kind)) ||
	    (rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = patch_id(r, body, "owner_id", &in->owner_id)) ||
	    (rc = patch_id(r, body, "administrator_id", &in->administrator_id)) ||
	    (rc = api_patch_str(r, body, "supplier", &in->supplier)) ||
	    (rc = api_patch_str(r, body, "hosting", &in->hosting)) ||
	    (rc = api_patch_str(r, body, "lifecycle", &in->lifecycle)) ||
	    (rc = patch_bool(r, body, "personal_data", &in->personal_data)) ||
	    (rc = patch_bool(r, body, "business_critical", &in->business_critical)) ||
	    (rc = patch_bool(r, body, "nis2", &in->nis2)))
		return rc;
	return 0;
}

int api_assets_create(struct req *r)
{
	struct asset_input in = { 0 };
	struct asset as;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = read_input(r, body, &in)))
		return rc;
	if ((rc = api_db(r, &db)) || (rc = asset_create(db, r->arena, actor_of(r->auth), &in, &id, &r->err)) ||
	    (rc = asset_get(db, r->arena, id, &as, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/assets/%" PRId64, id));
	return answer_asset(r, &as, 201);
}

int api_assets_get(struct req *r)
{
	struct asset as;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)))
		return rc;
	return answer_asset(r, &as, 200);
}

int api_assets_update(struct req *r)
{
	struct asset as, cur = { 0 };
	struct asset_input in = { 0 };
	struct unit dest;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)))
		return rc;
	in.unit_id = as.unit_id;
	in.kind = as.kind;
	in.name = as.name;
	in.description = as.description;
	in.owner_id = as.owner_id;
	in.administrator_id = as.administrator_id;
	in.supplier = as.supplier;
	in.hosting = as.hosting;
	in.lifecycle = as.lifecycle;
	in.personal_data = as.personal_data;
	in.business_critical = as.business_critical;
	in.nis2 = as.nis2;
	if ((rc = read_input(r, body, &in)) || (rc = api_version(r, body, &version)))
		return rc;
	/* Moving the asset: the caller must also be allowed to edit it in the destination unit. */
	if (in.unit_id && in.unit_id != as.unit_id) {
		struct err e = { 0 };
		if (unit_get(db, r->arena, in.unit_id, &dest, &e) == 0 &&
		    !authz_may_edit_owned(r->auth, dest.path, as.owner_id))
			return err_set(&r->err, ERR_FORBIDDEN, "unit_id",
				       N_("Your roles do not give access to the destination unit."));
	}
	rc = asset_update(db, r->arena, actor_of(r->auth), as.id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_asset, &cur);
	}
	if (rc || (rc = asset_get(db, r->arena, as.id, &as, &r->err)))
		return rc;
	return answer_asset(r, &as, 200);
}

static void link_json(struct json *j, const struct asset_link *l, bool outgoing)
{
	json_obj_open(j);
	json_kv_int(j, "id", l->id);
	json_kv_int(j, "from_id", l->from_id);
	json_kv_int(j, "to_id", l->to_id);
	json_kv_str(j, "kind", l->kind);
	json_kv_int(j, "other_id", outgoing ? l->to_id : l->from_id);
	json_kv_str(j, "other_name", l->other_name);
	json_kv_str(j, "other_kind", l->other_kind);
	json_kv_int(j, "other_unit_id", l->other_unit_id);
	json_obj_close(j);
}

int api_asset_links_list(struct req *r)
{
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	struct asset as;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = asset_links(db, r->arena, as.id, &deps, &n_deps, &dependants, &n_dependants, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "asset_id", as.id);
	json_key(&j, "dependencies");
	json_arr_open(&j);
	for (size_t i = 0; i < n_deps; i++)
		link_json(&j, &deps[i], true);
	json_arr_close(&j);
	json_key(&j, "dependants");
	json_arr_open(&j);
	for (size_t i = 0; i < n_dependants; i++)
		link_json(&j, &dependants[i], false);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_asset_links_create(struct req *r)
{
	json_t *body = api_body(r);
	const char *kind = NULL;
	int64_t to = 0, id = 0, from = req_arg_id(r, 0);
	int present = 0, rc;
	struct asset target;
	struct asset_link l;
	struct json j;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "to_id", &to, &present)) || (rc = api_str(r, body, "kind", &kind)))
		return rc;
	if (!present || to <= 0)
		return err_set(&r->err, ERR_INVALID, "to_id", N_("Choose the other asset."));
	if (!kind)
		kind = "depends_on";
	if ((rc = api_db(r, &db)))
		return rc;
	/* The other end must be an asset the caller sees; otherwise it is as if it did not exist. */
	rc = asset_get(db, r->arena, to, &target, &r->err);
	if (rc == ERR_NOTFOUND || (!rc && !authz_in_scope(r->auth, ACCESS_READ, target.unit_path)))
		return err_set(&r->err, ERR_INVALID, "to_id", N_("No such asset."));
	if (rc || (rc = asset_link_add(db, r->arena, actor_of(r->auth), from, to, kind, &id, &r->err)) ||
	    (rc = asset_link_get(db, r->arena, id, &l, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/assets/%" PRId64 "/links", from));
	api_begin(r, &j, 201);
	link_json(&j, &l, true);
	return 0;
}

int api_asset_links_delete(struct req *r)
{
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = asset_link_remove(db, r->arena, actor_of(r->auth), req_arg_id(r, 0), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}
