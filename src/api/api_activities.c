/*
 * api_activities.c - /api/v1/activities: the activities of action plans,
 * what they address, carrying them into next year, and their history.
 *
 * Conventions as in api_common.h. Lists show only activities in plans of
 * units the caller sees and take the filters of the list page
 * (activity_filter_parse()); the export takes the same and answers a file.
 * An activity is made in its plan (POST /api/v1/plans/:id/activities);
 * "quarters" is a list of "Q1".."Q4" and anything else is refused naming
 * it. A change (PATCH) sends only the members it changes; an id sent as
 * null means none. What an activity addresses is a list of links, each a
 * kind ("asset", "requirement", ...) and the target's id.
 *
 * The tracked actions of earlier versions are activities now, with the
 * same ids: /api/v1/actions and /api/v1/actions/:id answer 308 with the
 * new address, so a client that follows redirects keeps working.
 */
#include <jansson.h>

#include "api/api_activities.h"

#include <inttypes.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/activity.h"
#include "domain/activity_io.h"
#include "domain/asset.h"
#include "domain/plan.h"

struct activity_rec {
	const struct activity *ac;
	const char *today;
};

static void write_activity(struct json *j, const void *rec)
{
	const struct activity_rec *x = rec;
	activity_json(j, x->ac, x->today);
}

static int answer(struct req *r, int status, const struct activity *ac)
{
	char today[11];
	struct activity_rec x = { ac, today };
	plan_today(today);
	return api_record(r, status, ac->version, write_activity, &x);
}

API_FILTER_READER_INIT(read_filter, activity_filter_init, activity_filter_parse)

static int list_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct activity *items;
	char *today = arena_alloc(r->arena, 11);
	int rc = activity_list(db, r->arena, f, &items, &out->n, &out->total, &r->err);
	plan_today(today);
	out->items = items;
	out->ctx = today;
	return rc;
}

static void write_item(struct json *j, const void *items, size_t i, const void *today)
{
	activity_json(j, (const struct activity *)items + i, today);
}

API_LIST_EXPORTER(render, activity_export)
API_LIST_EXPORT_NAME(filename, activity_export_filename)

static const struct api_collection activities = {
	API_FILTER(struct activity_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_item,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render,
	.filename = filename,
};

int api_activities_list(struct req *r)
{
	return api_list(r, &activities);
}

int api_activities_export(struct req *r)
{
	return api_export(r, &activities);
}

/* "quarters": a list of "Q1".."Q4" (absent keeps *mask, null empties it). */
static int read_quarters(struct req *r, json_t *body, unsigned *mask)
{
	json_t *v = json_object_get(body, "quarters");

	if (!v)
		return 0;
	*mask = 0;
	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(&r->err, ERR_INVALID, "quarters", N_("Planned quarters are Q1, Q2, Q3 and Q4."));
	for (size_t i = 0; i < json_array_size(v); i++) {
		const char *q = json_string_value(json_array_get(v, i));
		if (!q || strlen(q) != 2 || (q[0] != 'Q' && q[0] != 'q') || q[1] < '1' || q[1] > '4')
			return err_set(&r->err, ERR_INVALID, "quarters", N_("Planned quarters are Q1, Q2, Q3 and Q4."));
		*mask |= 1u << (q[1] - '1');
	}
	return 0;
}

static int read_input(struct req *r, json_t *body, void *input)
{
	struct activity_input *in = input;
	int rc;

	if ((rc = api_patch_id(r, body, "area_id", &in->area_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "purpose", &in->purpose)) || (rc = read_quarters(r, body, &in->quarters)) ||
	    (rc = api_patch_id(r, body, "responsible_unit_id", &in->responsible_unit_id)) ||
	    (rc = api_patch_id(r, body, "responsible_id", &in->responsible_id)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)) ||
	    (rc = api_patch_str(r, body, "status_comment", &in->status_comment)) ||
	    (rc = api_patch_str(r, body, "next_step", &in->next_step)) ||
	    (rc = api_patch_str(r, body, "due_date", &in->due_date)))
		return rc;
	return 0;
}

API_INPUT_OF(input_of, struct activity_input, activity_input_of)

static int create(struct req *r, struct db *db, const void *in, int64_t *id)
{
	return activity_create(db, r->arena, r->auth, scope_record(&r->scope, "plan"), in, id, &r->err);
}

API_UPDATER(update, activity_update)
API_GETTER(get, activity_get)

static int answer_rec(struct req *r, struct db *db, int status, const void *rec)
{
	(void)db;
	return answer(r, status, rec);
}

static void write_current(struct json *j, const void *rec)
{
	char today[11];
	plan_today(today);
	activity_json(j, rec, today);
}

static const struct api_record_def activity_def = {
	API_RECORD(struct activity, struct activity_input),
	.kind = "activity",
	.location = "/api/v1/activities/",
	.input_of = input_of,
	.members = read_input,
	.create = create,
	.update = update,
	.get = get,
	.answer = answer_rec,
	.current = write_current,
};

int api_activities_create(struct req *r)
{
	return api_create(r, &activity_def);
}

int api_activities_get(struct req *r)
{
	return api_get(r, &activity_def);
}

int api_activities_update(struct req *r)
{
	return api_update(r, &activity_def);
}

int api_activities_carry(struct req *r)
{
	const struct activity *before = scope_record(&r->scope, "activity");
	struct activity ac;
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = activity_carry(db, r->arena, r->auth, before, &id, &r->err)) ||
	    (rc = activity_get(db, r->arena, id, &ac, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/activities/%" PRId64, id));
	return answer(r, 201, &ac);
}

int api_activities_history(struct req *r)
{
	const struct activity *ac = scope_record(&r->scope, "activity");
	struct activity *chain;
	size_t n;
	char today[11];
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = activity_history(db, r->arena, ac, &chain, &n, &r->err)))
		return rc;
	plan_today(today);
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "activity_id", ac->id);
	json_key(&j, "chain");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++) {
		/* A year in a unit the caller does not see is named by its year only. */
		if (authz_in_scope(r->auth, ACCESS_READ, chain[i].unit_path)) {
			activity_json(&j, &chain[i], today);
		} else {
			json_obj_open(&j);
			json_kv_int(&j, "year", chain[i].plan_year);
			json_kv_bool(&j, "visible", false);
			json_obj_close(&j);
		}
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_activity_links_list(struct req *r)
{
	const struct activity *ac = scope_record(&r->scope, "activity");
	struct activity_link_view *links;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = activity_links(db, r->arena, r->auth, ac->id, &links, &n, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "activity_id", ac->id);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		activity_link_json(&j, &links[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_activity_links_create(struct req *r)
{
	const struct activity *ac = scope_record(&r->scope, "activity");
	struct activity_link_view *links;
	const char *kind = NULL;
	json_t *body = api_body(r);
	int64_t target = 0, id = 0;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "kind", &kind)) || (rc = api_int(r, body, "target_id", &target, NULL)) ||
	    (rc = api_db(r, &db)) || (rc = activity_link_add(db, r->arena, r->auth, ac, kind, target, &id, &r->err)) ||
	    (rc = activity_links(db, r->arena, r->auth, ac->id, &links, &n, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/activities/%" PRId64 "/links", ac->id));
	api_begin(r, &j, 201);
	for (size_t i = 0; i < n; i++)
		if (links[i].link.id == id)
			activity_link_json(&j, &links[i]);
	return 0;
}

int api_activity_links_delete(struct req *r)
{
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = activity_link_remove(db, r->arena, r->auth, scope_record(&r->scope, "activity_link"), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}

int api_asset_requirement_activity(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = activity_create_from_requirement(db, r->arena, r->auth, r->lang, as, req_arg_id(r, 1), &id, &r->err)))
		return rc;
	return api_activity_made(r, db, id);
}

int api_activity_ask(struct req *r, struct activity_ask *out)
{
	json_t *body = api_body(r);
	int rc;

	*out = (struct activity_ask){ 0 };
	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "title", &out->title)) || (rc = api_str(r, body, "purpose", &out->purpose)) ||
	    (rc = api_patch_id(r, body, "responsible_id", &out->responsible_id)) ||
	    (rc = api_str(r, body, "due_date", &out->due_date)))
		return rc;
	return 0;
}

int api_activity_made(struct req *r, struct db *db, int64_t id)
{
	struct activity ac;
	int rc = activity_get(db, r->arena, id, &ac, &r->err);
	if (rc)
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/activities/%" PRId64, id));
	return answer(r, 201, &ac);
}

/* --- the addresses of earlier versions --- */

/* 308 Permanent Redirect to @to with the request's query kept: the method and body stay as they were. */
static int moved(struct req *r, const char *to)
{
	struct buf b;
	buf_init(&b, r->arena);
	buf_adds(&b, to);
	for (size_t i = 0; i < r->n_query; i++) {
		buf_addch(&b, i ? '&' : '?');
		buf_adds(&b, r->query[i].key);
		buf_addch(&b, '=');
		/* The values came percent-decoded: encode what a URL cannot hold as it is. */
		for (const char *s = r->query[i].val; *s; s++) {
			unsigned char c = (unsigned char)*s;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			    c == '_' || c == '.' || c == '~')
				buf_addch(&b, (char)c);
			else
				buf_addf(&b, "%%%02X", c);
		}
	}
	r->resp.status = 308;
	resp_header(r, "Location", b.data);
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}

int api_actions_moved(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	return moved(r, id ? arena_printf(r->arena, "/api/v1/activities/%" PRId64, id) : "/api/v1/activities");
}
