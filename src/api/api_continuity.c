/*
 * api_continuity.c - /api/v1/continuity-plans and /api/v1/exercises as JSON.
 *
 * A plan is answered with what the checks found: its flags (a dependency
 * that recovers more slowly, review overdue, never exercised) and every
 * asset it depends on with the chain that leads there; a list checks its
 * whole page with one query. Assets in units the caller does not see are
 * not named. Changes send only the members they change, with the version
 * read; a stale one gets 409 with the current record.
 */
#include <jansson.h>

#include "api/api_activities.h"
#include "api/api_common.h"
#include "api/api_continuity.h"
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "domain/activity.h"
#include "domain/continuity.h"
#include "domain/risk_report.h"
#include "domain/validate.h"
#include "io/doc.h"

/* --- plans --------------------------------------------------------------------- */

static void write_plan(struct json *j, const void *rec)
{
	continuity_plan_json(j, rec, NULL);
}

static int plan_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct continuity_plan *p = rec;
	struct continuity_check c;
	struct json j;
	int rc = continuity_check(db, r->arena, r->auth, r->lang, NULL, p, 1, &c, &r->err);
	if (rc)
		return rc;
	api_etag(r, p->version);
	api_begin(r, &j, status);
	continuity_plan_json(&j, p, &c);
	return 0;
}

API_FILTER_READER(plan_filter, continuity_filter_parse)

/* A page of plans with what the checks found on each, checked with one query. */
static int plan_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct continuity_plan *list;
	struct continuity_check *checks;
	int rc;

	if ((rc = continuity_list(db, r->arena, f, &list, &out->n, &out->total, &r->err)))
		return rc;
	checks = arena_calloc(r->arena, out->n ? out->n : 1, sizeof(*checks));
	out->items = list;
	out->ctx = checks;
	return continuity_check(db, r->arena, r->auth, r->lang, NULL, list, out->n, checks, &r->err);
}

static void plan_item(struct json *j, const void *items, size_t i, const void *checks)
{
	continuity_plan_json(j, (const struct continuity_plan *)items + i, (const struct continuity_check *)checks + i);
}

static const char *const plan_formats[] = { "json", "csv", "xlsx", "docx", "md", NULL };

static int plan_render(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	struct continuity_plan *items;
	struct continuity_check *checks;
	size_t n;
	int64_t total;
	int rc;

	if ((rc = continuity_export_list(db, r->arena, r->auth, r->lang, f, &items, &checks, &n, &total, &r->err)))
		return rc;
	if (!strcmp(format, "csv")) {
		continuity_export_csv(&r->resp.body, items, checks, n, r->lang);
		out->mime = "text/csv; charset=utf-8";
	} else if (!strcmp(format, "xlsx")) {
		out->mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return continuity_export_xlsx(r->arena, items, checks, n, r->lang, &out->data, &out->len, &r->err);
	} else if (!strcmp(format, "docx")) {
		out->mime = DOC_MIME_DOCX;
		return doc_docx(r->arena, continuity_doc(r->arena, r->lang, items, checks, n, total), &out->data,
				&out->len, &r->err);
	} else if (!strcmp(format, "md")) {
		doc_markdown(&r->resp.body, continuity_doc(r->arena, r->lang, items, checks, n, total));
		out->mime = DOC_MIME_MD;
	} else {
		struct json j;
		api_list_begin(r, &j);
		for (size_t i = 0; i < n; i++)
			continuity_plan_json(&j, &items[i], &checks[i]);
		json_arr_close(&j);
		json_kv_int(&j, "total", total);
		json_obj_close(&j);
		out->mime = r->resp.content_type;
	}
	return 0;
}

static const char *plan_filename(struct arena *a, const char *format)
{
	return risk_export_filename(a, "kontinuitetsplaner", format);
}

static const struct api_collection plan_collection = {
	API_FILTER(struct continuity_filter),
	.filter = plan_filter,
	.list = plan_page,
	.item = plan_item,
	.formats = plan_formats,
	.formats_msg = N_("Use json, csv, xlsx, docx or md."),
	.render = plan_render,
	.filename = plan_filename,
};

int api_continuity_list(struct req *r)
{
	return api_list(r, &plan_collection);
}

int api_continuity_missing(struct req *r)
{
	struct continuity_gap *gaps;
	int64_t limit, offset, unit = 0, total = 0;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = filter_id(req_query_get, r, "unit_id", &unit, &r->err)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = continuity_missing(db, r->arena, r->auth->user_id, unit, limit, offset, &gaps, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "asset_id", gaps[i].asset_id);
		json_kv_str(&j, "name", gaps[i].name);
		json_kv_str(&j, "kind", gaps[i].kind);
		json_kv_int(&j, "unit_id", gaps[i].unit_id);
		json_kv_str(&j, "unit_name", gaps[i].unit_name);
		json_obj_close(&j);
	}
	api_list_end(&j, total, limit, offset);
	return 0;
}

int api_continuity_export(struct req *r)
{
	return api_export(r, &plan_collection);
}

/* Hours: absent keeps the value, an integer replaces it, anything else names the member. */
static int plan_members(struct req *r, json_t *body, void *input)
{
	struct continuity_plan_input *in = input;
	int p = 0, rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = api_patch_id(r, body, "asset_id", &in->asset_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_id(r, body, "owner_id", &in->owner_id)) ||
	    (rc = api_int(r, body, "mto_hours", &in->mto_hours, &p)) ||
	    (rc = api_int(r, body, "rto_hours", &in->rto_hours, &p)) ||
	    (rc = api_int(r, body, "rpo_hours", &in->rpo_hours, &p)) ||
	    (rc = api_patch_str(r, body, "fallback", &in->fallback)) ||
	    (rc = api_patch_str(r, body, "contacts", &in->contacts)) ||
	    (rc = api_patch_str(r, body, "review_due", &in->review_due)))
		return rc;
	return 0;
}

static void plan_input_new(void *in)
{
	*(struct continuity_plan_input *)in =
		(struct continuity_plan_input){ .mto_hours = -1, .rto_hours = -1, .rpo_hours = -1 };
}

API_INPUT_OF(plan_input_of, struct continuity_plan_input, continuity_input_of)
API_CREATOR(plan_create, continuity_create)
API_UPDATER(plan_update, continuity_update)
API_GETTER(plan_get, continuity_get)

static const struct api_record_def plan_def = {
	API_RECORD(struct continuity_plan, struct continuity_plan_input),
	.kind = "continuity_plan",
	.location = "/api/v1/continuity-plans/",
	.input_new = plan_input_new,
	.input_of = plan_input_of,
	.members = plan_members,
	.create = plan_create,
	.update = plan_update,
	.get = plan_get,
	.answer = plan_answer,
	.current = write_plan,
};

int api_continuity_create(struct req *r)
{
	return api_create(r, &plan_def);
}

int api_continuity_get(struct req *r)
{
	return api_get(r, &plan_def);
}

int api_continuity_update(struct req *r)
{
	return api_update(r, &plan_def);
}

/* --- exercises ------------------------------------------------------------------- */

static void write_exercise(struct json *j, const void *rec)
{
	exercise_json(j, rec, NULL, 0, NULL, 0);
}

static int exercise_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct exercise *x = rec;
	struct exercise_link *units, *plans;
	size_t n_units, n_plans;
	struct json j;
	int rc;

	if ((rc = exercise_units(db, r->arena, x->id, &units, &n_units, &r->err)) ||
	    (rc = exercise_plans(db, r->arena, x->id, &plans, &n_plans, &r->err)))
		return rc;
	api_etag(r, x->version);
	api_begin(r, &j, status);
	exercise_json(&j, x, units, n_units, plans, n_plans);
	return 0;
}

API_FILTER_READER(exercise_filter, exercise_filter_parse)
API_PAGE_LISTER(exercise_page, struct exercise, exercise_list)

static void exercise_item(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	exercise_json(j, (const struct exercise *)items + i, NULL, 0, NULL, 0);
}

static const struct api_collection exercises = {
	API_FILTER(struct exercise_filter),
	.filter = exercise_filter,
	.list = exercise_page,
	.item = exercise_item,
};

int api_exercises_list(struct req *r)
{
	return api_list(r, &exercises);
}

static int exercise_members(struct req *r, json_t *body, void *input)
{
	struct exercise_input *in = input;
	bool units = false, plans = false;
	int rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "exercise_date", &in->exercise_date)) ||
	    (rc = api_patch_str(r, body, "kind", &in->kind)) || (rc = api_patch_str(r, body, "status", &in->status)) ||
	    (rc = api_patch_str(r, body, "scenario", &in->scenario)) ||
	    (rc = api_patch_str(r, body, "observations", &in->observations)) ||
	    (rc = api_patch_str(r, body, "resulting_actions", &in->resulting_actions)) ||
	    (rc = api_ids(r, body, "unit_ids", &in->unit_ids, &in->n_unit_ids, &units)) ||
	    (rc = api_ids(r, body, "plan_ids", &in->plan_ids, &in->n_plan_ids, &plans)))
		return rc;
	in->set_links = units || plans;
	return 0;
}

/* Change an exercise. Members not sent keep the units and plans as stored: send both lists to change either. */
static int exercise_change(struct req *r, struct db *db, const void *stored, int64_t version, const void *input,
			   void *cur)
{
	const struct exercise *before = stored;
	struct exercise_input in = *(const struct exercise_input *)input;
	json_t *body = api_body(r);
	int rc;

	if (in.set_links && (!json_object_get(body, "unit_ids") || !json_object_get(body, "plan_ids"))) {
		struct exercise_link *l;
		size_t n;
		int64_t *ids;
		bool units_missing = !json_object_get(body, "unit_ids");
		rc = units_missing ? exercise_units(db, r->arena, before->id, &l, &n, &r->err)
				   : exercise_plans(db, r->arena, before->id, &l, &n, &r->err);
		if (rc)
			return rc;
		ids = arena_calloc(r->arena, n + 1, sizeof(*ids));
		for (size_t i = 0; i < n; i++)
			ids[i] = l[i].id;
		if (units_missing)
			in.unit_ids = ids, in.n_unit_ids = n;
		else
			in.plan_ids = ids, in.n_plan_ids = n;
	}
	return exercise_update(db, r->arena, r->auth, before, version, &in, cur, &r->err);
}

API_INPUT_OF(exercise_input_of_stored, struct exercise_input, exercise_input_of)
API_CREATOR(exercise_create_in, exercise_create)
API_GETTER(exercise_get_id, exercise_get)

static const struct api_record_def exercise_def = {
	API_RECORD(struct exercise, struct exercise_input),
	.kind = "exercise",
	.location = "/api/v1/exercises/",
	.input_of = exercise_input_of_stored,
	.members = exercise_members,
	.create = exercise_create_in,
	.update = exercise_change,
	.get = exercise_get_id,
	.answer = exercise_answer,
	.current = write_exercise,
};

int api_exercises_create(struct req *r)
{
	return api_create(r, &exercise_def);
}

int api_exercises_get(struct req *r)
{
	return api_get(r, &exercise_def);
}

int api_exercises_update(struct req *r)
{
	return api_update(r, &exercise_def);
}

/* --- an exercise's resulting actions ------------------------------------------------------ */

/* Today (YYYY-MM-DD), against which an activity's deadline is overdue. */
static void today_of(char out[11])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = 0;
}

int api_exercise_activities(struct req *r)
{
	const struct exercise *x = scope_record(&r->scope, "exercise");
	struct activity *list;
	struct json j;
	struct db *db;
	char today[11];
	size_t n;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = exercise_activities(db, r->arena, r->auth, x->id, &list, &n, &r->err)))
		return rc;
	today_of(today);
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		activity_json(&j, &list[i], today);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_exercise_activities_create(struct req *r)
{
	const struct exercise *x = scope_record(&r->scope, "exercise");
	struct activity_ask in;
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_activity_ask(r, &in)) || (rc = api_db(r, &db)) ||
	    (rc = exercise_activity_create(db, r->arena, r->auth, r->lang, x, in.title, in.purpose, in.responsible_id,
					   in.due_date, &id, &r->err)))
		return rc;
	return api_activity_made(r, db, id);
}
