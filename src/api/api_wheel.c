/*
 * api_wheel.c - the annual wheel as JSON, and the calendar secret.
 *
 * Conventions as in api_common.h. A recurring activity is made with its
 * rule ({"unit_id", "title", "freq": "yearly", "month": 3, "day": 15} or
 * with "nth" and "weekday" instead of "day"); "from_activity_id" makes it
 * from an activity of an action plan, whose next step becomes "wheel".
 * POST .../occurrences {"year": 2026} makes the year's occurrences that do
 * not exist yet. The calendar secret is answered once, with the addresses
 * of the feeds; only its hash is kept.
 */
#include <jansson.h>

#include "api/api_wheel.h"

#include <inttypes.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/activity.h"
#include "domain/plan.h"
#include "domain/validate.h"
#include "domain/wheel.h"

static void write_item(struct json *j, const void *rec)
{
	wheel_item_json(j, rec);
}

int api_wheel_items_list(struct req *r)
{
	struct wheel_item *items;
	size_t n;
	int64_t limit, offset, unit = 0, total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = filter_id(req_query_get, r, "unit_id", &unit, &r->err)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = wheel_item_list(db, r->arena, r->auth->user_id, unit, false, limit, offset, &items, &n, &total,
				  &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		wheel_item_json(&j, &items[i]);
	api_list_end(&j, total, limit, offset);
	return 0;
}

/* The members of a create or change body (absent members keep their value). */
static int read_input(struct req *r, json_t *body, void *input)
{
	struct wheel_item_input *in = input;
	int active = in->active, rc;

	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = api_patch_str(r, body, "freq", &in->freq)) || (rc = api_int(r, body, "month", &in->month, NULL)) ||
	    (rc = api_int(r, body, "day", &in->day, NULL)) || (rc = api_int(r, body, "nth", &in->nth, NULL)) ||
	    (rc = api_int(r, body, "weekday", &in->weekday, NULL)) ||
	    (rc = api_patch_str(r, body, "time_of_day", &in->time_of_day)) ||
	    (rc = api_patch_id(r, body, "responsible_id", &in->responsible_id)) ||
	    (rc = api_bool(r, body, "active", &active, NULL)))
		return rc;
	in->active = active;
	return 0;
}

API_INPUT_OF(input_of, struct wheel_item_input, wheel_item_input_of)
API_UPDATER(update, wheel_item_update)
API_GETTER(get, wheel_item_get)

static int answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct wheel_item *w = rec;
	(void)db;
	return api_record(r, status, w->version, write_item, w);
}

static const struct api_record_def item_def = {
	API_RECORD(struct wheel_item, struct wheel_item_input),
	.kind = "wheel_item",
	.input_of = input_of,
	.members = read_input,
	.update = update,
	.get = get,
	.answer = answer,
	.current = write_item,
};

/* A new item: its members and the activity it is made from (0: none). */
struct wheel_new {
	struct wheel_item_input in;
	int64_t from_activity_id;
};

/* A new item is active and starts in January. */
static void new_item_input(void *input)
{
	struct wheel_new *n = input;
	n->in.active = true;
	n->in.month = 1;
}

static int new_item_members(struct req *r, json_t *body, void *input)
{
	struct wheel_new *n = input;
	int rc = read_input(r, body, &n->in);
	return rc ? rc : api_int(r, body, "from_activity_id", &n->from_activity_id, NULL);
}

/* Create an item; the activity it is made from must exist. */
static int create(struct req *r, struct db *db, const void *input, int64_t *id)
{
	const struct wheel_new *n = input;
	struct activity ac, *from = NULL;
	int rc;

	if (n->from_activity_id) {
		if ((rc = activity_get(db, r->arena, n->from_activity_id, &ac, &r->err)))
			return rc == ERR_NOTFOUND
				       ? err_set(&r->err, ERR_INVALID, "from_activity_id", N_("No such activity."))
				       : rc;
		from = &ac;
	}
	return wheel_item_create(db, r->arena, r->auth, &n->in, from, id, &r->err);
}

static const struct api_record_def new_item_def = {
	API_RECORD(struct wheel_item, struct wheel_new),
	.location = "/api/v1/wheel/items/",
	.input_new = new_item_input,
	.members = new_item_members,
	.create = create,
	.get = get,
	.answer = answer,
	.current = write_item,
};

int api_wheel_items_create(struct req *r)
{
	return api_create(r, &new_item_def);
}

int api_wheel_items_get(struct req *r)
{
	return api_get(r, &item_def);
}

int api_wheel_items_update(struct req *r)
{
	return api_update(r, &item_def);
}

int api_wheel_items_generate(struct req *r)
{
	const struct wheel_item *w = scope_record(&r->scope, "wheel_item");
	json_t *body = api_body(r);
	int64_t year = 0;
	size_t n = 0;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "year", &year, NULL)) || (rc = api_db(r, &db)) ||
	    (rc = wheel_generate(db, r->arena, r->auth, w, year, &n, &r->err)))
		return rc;
	api_begin(r, &j, n ? 201 : 200);
	json_obj_open(&j);
	json_kv_int(&j, "item_id", w->id);
	json_kv_int(&j, "year", year);
	json_kv_int(&j, "created", (int64_t)n);
	json_obj_close(&j);
	return 0;
}

API_FILTER_READER_INIT(read_filter, wheel_filter_init, wheel_filter_parse)

static int list_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct wheel_occurrence *items;
	char *today = arena_alloc(r->arena, 11);
	int rc = wheel_occ_list(db, r->arena, f, &items, &out->n, &out->total, &r->err);
	plan_today(today);
	out->items = items;
	out->ctx = today;
	return rc;
}

static void write_occ_item(struct json *j, const void *items, size_t i, const void *today)
{
	wheel_occ_json(j, (const struct wheel_occurrence *)items + i, today);
}

API_LIST_EXPORTER(render, wheel_export)
API_LIST_EXPORT_NAME(filename, wheel_export_filename)

static const struct api_collection occurrences = {
	API_FILTER(struct wheel_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_occ_item,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render,
	.filename = filename,
};

int api_wheel_occurrences_list(struct req *r)
{
	return api_list(r, &occurrences);
}

int api_wheel_occurrences_export(struct req *r)
{
	return api_export(r, &occurrences);
}

struct occ_rec {
	const struct wheel_occurrence *o;
	const char *today;
};

static void write_occ(struct json *j, const void *rec)
{
	const struct occ_rec *x = rec;
	wheel_occ_json(j, x->o, x->today);
}

int api_wheel_occurrences_update(struct req *r)
{
	const struct wheel_occurrence *before = scope_record(&r->scope, "wheel_occurrence");
	const char *status = before->status, *comment = before->comment;
	struct wheel_occurrence o, cur = { 0 };
	char today[11];
	struct occ_rec x = { &o, today };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	plan_today(today);
	if ((rc = api_patch_str(r, body, "status", &status)) || (rc = api_patch_str(r, body, "comment", &comment)) ||
	    (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = wheel_occ_update(db, r->arena, r->auth, before, version, status, comment, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		x.o = &cur;
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_occ, &x);
	}
	if (rc)
		return rc;
	o = *before;
	o.status = status;
	o.comment = comment ? comment : "";
	o.version = before->version + 1;
	return api_record(r, 200, o.version, write_occ, &x);
}

int api_calendar_key_create(struct req *r)
{
	const char *key, *host = req_header(r, "Host");
	const char *site = arena_printf(r->arena, "%s://%s", r->app && r->app->cfg.secure_cookies ? "https" : "http",
					host && *host ? host : "127.0.0.1");
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = calendar_key_create(db, r->arena, r->auth, &key, &r->err)))
		return rc;
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_str(&j, "key", key);
	json_kv_str(&j, "me", arena_printf(r->arena, "%s/calendar/me/feed.ics?key=%s", site, key));
	json_kv_str(&j, "unit", arena_printf(r->arena, "%s/calendar/units/{unit_id}/feed.ics?key=%s", site, key));
	json_obj_close(&j);
	return 0;
}

int api_calendar_key_delete(struct req *r)
{
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = calendar_key_revoke(db, r->arena, r->auth, &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}
