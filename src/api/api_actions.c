/*
 * api_actions.c - tracked actions as JSON.
 *
 * Conventions as in api_common.h. Lists show only the actions in units the
 * caller sees and take the filters of the list page (action_filter_parse()).
 * A change (PATCH) sends only the members it changes; responsible_id sent
 * as null means nobody. An action is made from a requirement assessed as
 * not (or partly) fulfilled, in one step that also links it from the
 * assessment.
 */
#include <jansson.h>

#include "api/api_actions.h"

#include <inttypes.h>

#include "api/api_common.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/action.h"
#include "domain/asset.h"

static void write_action(struct json *j, const void *rec)
{
	action_json(j, rec);
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

	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = action_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
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
	const struct action *ac = scope_record(&r->scope, "action");
	return api_record(r, 200, ac->version, write_action, ac);
}

int api_actions_update(struct req *r)
{
	const struct action *before = scope_record(&r->scope, "action");
	struct action_input in = action_input_of(before);
	struct action ac, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_id(r, body, "responsible_id", &in.responsible_id)) ||
	    (rc = api_patch_str(r, body, "title", &in.title)) ||
	    (rc = api_patch_str(r, body, "description", &in.description)) ||
	    (rc = api_patch_str(r, body, "status", &in.status)) ||
	    (rc = api_patch_str(r, body, "due_date", &in.due_date)) || (rc = api_version(r, body, &version)) ||
	    (rc = api_db(r, &db)))
		return rc;
	rc = action_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_action, &cur);
	}
	if (rc || (rc = action_get(db, r->arena, before->id, &ac, &r->err)))
		return rc;
	return api_record(r, 200, ac.version, write_action, &ac);
}

int api_asset_requirement_action(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct action ac;
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = action_create_from_requirement(db, r->arena, r->auth, r->lang, as, req_arg_id(r, 1), &id, &r->err)) ||
	    (rc = action_get(db, r->arena, id, &ac, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/actions/%" PRId64, id));
	return api_record(r, 201, ac.version, write_action, &ac);
}
