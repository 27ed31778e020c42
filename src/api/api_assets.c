/*
 * api_assets.c - /api/v1/assets: the register of information assets as JSON.
 *
 * Lists show only the assets in units the caller sees and take the same
 * filters as the list page (asset_filter_parse()); their total is exact up
 * to ASSET_COUNT_BOUND and says "total_exact": false past it. A change (PATCH) sends
 * only the members it changes; the others keep their stored values, and a
 * member sent as null is emptied (owner_id and administrator_id: none).
 * Changes carry the version the client read; a stale one gets 409 with the
 * current record. Moving an asset to another unit (unit_id) also needs the
 * right to edit it there, and the other end of a new dependency must be an
 * asset the caller sees: the domain checks both. Dependencies are listed in
 * both directions; an asset in a unit the caller does not see is named
 * "an asset in another unit".
 */
#include <jansson.h>

#include "api/api_assets.h"
#include "api/api_common.h"

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
	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = asset_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = asset_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		asset_json(&j, &list[i]);
	api_list_end_bounded(&j, total, ASSET_COUNT_BOUND, f.limit, f.offset);
	return 0;
}

/* Read every member of a create or change body into @in (absent members keep their value). */
static int read_input(struct req *r, json_t *body, struct asset_input *in)
{
	int rc;

	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) || (rc = api_patch_str(r, body, "kind", &in->kind)) ||
	    (rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = api_patch_id(r, body, "owner_id", &in->owner_id)) ||
	    (rc = api_patch_id(r, body, "administrator_id", &in->administrator_id)) ||
	    (rc = api_patch_str(r, body, "supplier", &in->supplier)) ||
	    (rc = api_patch_str(r, body, "hosting", &in->hosting)) ||
	    (rc = api_patch_str(r, body, "lifecycle", &in->lifecycle)) ||
	    (rc = api_patch_bool(r, body, "personal_data", &in->personal_data)) ||
	    (rc = api_patch_bool(r, body, "business_critical", &in->business_critical)) ||
	    (rc = api_patch_bool(r, body, "nis2", &in->nis2)) || (rc = api_patch_bool(r, body, "vital", &in->vital)))
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
	if ((rc = api_db(r, &db)) || (rc = asset_create(db, r->arena, r->auth, &in, &id, &r->err)) ||
	    (rc = asset_get(db, r->arena, id, &as, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/assets/%" PRId64, id));
	return api_record(r, 201, as.version, write_asset, &as);
}

int api_assets_get(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	return api_record(r, 200, as->version, write_asset, as);
}

int api_assets_update(struct req *r)
{
	const struct asset *before = scope_record(&r->scope, "asset");
	struct asset_input in = asset_input_of(before);
	struct asset as, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = read_input(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = asset_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_asset, &cur);
	}
	if (rc || (rc = asset_get(db, r->arena, before->id, &as, &r->err)))
		return rc;
	return api_record(r, 200, as.version, write_asset, &as);
}

static void link_json(struct json *j, struct req *r, const struct asset_link *l, bool outgoing)
{
	bool visible = asset_link_visible(r->auth, l);
	json_obj_open(j);
	json_kv_int(j, "id", l->id);
	json_kv_int(j, "from_id", l->from_id);
	json_kv_int(j, "to_id", l->to_id);
	json_kv_str(j, "kind", l->kind);
	json_kv_int(j, "other_id", outgoing ? l->to_id : l->from_id);
	json_kv_str(j, "other_name", visible ? l->other_name : tr(r->lang, "An asset in another unit"));
	json_kv_bool(j, "other_visible", visible);
	json_kv_str(j, "other_kind", l->other_kind);
	json_kv_int(j, "other_unit_id", l->other_unit_id);
	json_obj_close(j);
}

int api_asset_links_list(struct req *r)
{
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	const struct asset *as = scope_record(&r->scope, "asset");
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = asset_links(db, r->arena, as->id, &deps, &n_deps, &dependants, &n_dependants, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "asset_id", as->id);
	json_key(&j, "dependencies");
	json_arr_open(&j);
	for (size_t i = 0; i < n_deps; i++)
		link_json(&j, r, &deps[i], true);
	json_arr_close(&j);
	json_key(&j, "dependants");
	json_arr_open(&j);
	for (size_t i = 0; i < n_dependants; i++)
		link_json(&j, r, &dependants[i], false);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_asset_links_create(struct req *r)
{
	const struct asset *from = scope_record(&r->scope, "asset");
	json_t *body = api_body(r);
	const char *kind = NULL;
	int64_t to = 0, id = 0;
	int present = 0, rc;
	struct asset_link l;
	struct json j;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "to_id", &to, &present)) || (rc = api_str(r, body, "kind", &kind)))
		return rc;
	if (!kind)
		kind = "depends_on";
	if ((rc = api_db(r, &db)) || (rc = asset_link_add(db, r->arena, r->auth, from, to, kind, &id, &r->err)) ||
	    (rc = asset_link_get(db, r->arena, id, &l, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/assets/%" PRId64 "/links", from->id));
	api_begin(r, &j, 201);
	link_json(&j, r, &l, true);
	return 0;
}

int api_asset_links_delete(struct req *r)
{
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = asset_link_remove(db, r->arena, r->auth, scope_record(&r->scope, "asset_link"), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}
