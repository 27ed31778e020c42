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
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "domain/asset.h"
#include "domain/unit.h"

static void write_asset(struct json *j, const void *rec)
{
	asset_json(j, rec);
}

API_FILTER_READER_INIT(read_filter, asset_filter_init, asset_filter_parse)
API_PAGE_LISTER(list_page, struct asset, asset_list)
API_ITEM_WRITER(write_item, struct asset, asset_json)

static const struct api_collection assets = {
	API_FILTER(struct asset_filter), .filter = read_filter, .list = list_page, .item = write_item,
	.bound = ASSET_COUNT_BOUND,
};

int api_assets_list(struct req *r)
{
	return api_list(r, &assets);
}

int api_assets_choices(struct req *r)
{
	struct asset_filter f;
	struct asset *list;
	size_t n = 0;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	asset_filter_init(&f);
	if ((rc = asset_filter_parse(&f, req_query_get, r, &r->err)) ||
	    (rc = api_choice_paging(r, 100, &f.limit, &f.offset)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	/* Nothing asked, nothing offered: a city's twenty thousand assets are not listed whole here. */
	if (f.q && !str_blank(f.q) && (rc = asset_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "id", list[i].id);
		json_kv_str(&j, "name", list[i].name);
		json_kv_str(&j, "kind", list[i].kind);
		json_kv_int(&j, "unit_id", list[i].unit_id);
		json_kv_str(&j, "unit_name", list[i].unit_name);
		json_kv_str(&j, "label", asset_choice_label(r->arena, &list[i]));
		json_obj_close(&j);
	}
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

/* Read every member of a create or change body into @in (absent members keep their value). */
static int read_input(struct req *r, json_t *body, void *input)
{
	struct asset_input *in = input;
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

API_INPUT_OF(input_of, struct asset_input, asset_input_of)
API_CREATOR(create, asset_create)
API_UPDATER(update, asset_update)
API_GETTER(get, asset_get)

static int answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct asset *as = rec;
	(void)db;
	return api_record(r, status, as->version, write_asset, as);
}

static const struct api_record_def asset_def = {
	API_RECORD(struct asset, struct asset_input),
	.kind = "asset",
	.location = "/api/v1/assets/",
	.input_of = input_of,
	.members = read_input,
	.create = create,
	.update = update,
	.get = get,
	.answer = answer,
	.current = write_asset,
};

int api_assets_create(struct req *r)
{
	return api_create(r, &asset_def);
}

int api_assets_get(struct req *r)
{
	return api_get(r, &asset_def);
}

int api_assets_update(struct req *r)
{
	return api_update(r, &asset_def);
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
