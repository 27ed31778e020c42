/*
 * api_plans.c - /api/v1/plans: action plans, their areas, their roll-up
 * and their follow-up report as JSON and files.
 *
 * Conventions as in api_common.h. The list is the roll-up: filtered by a
 * unit's subtree and a year it shows every plan from the units up to the
 * organisation, each with the status counts of its activities. A plan is
 * made with its areas in one request ({"unit_id", "year", "title",
 * "areas": ["Nätverk", ...]}); an area is renamed and placed with PATCH
 * ("position": 1 is first). The report is the same file the plan page
 * offers, in the format asked for (?format=html|md|docx).
 */
#include <jansson.h>

#include "api/api_plans.h"

#include <inttypes.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/activity.h"
#include "domain/listexport.h"
#include "domain/plan.h"
#include "domain/plan_report.h"
#include "io/doc.h"

static void write_plan(struct json *j, const void *rec)
{
	plan_json(j, rec);
}

/* A plan with its counts and its areas (the answer of GET and of changes). */
struct plan_full {
	const struct plan *plan;
	const struct plan_area *areas;
	size_t n_areas;
};

static void write_plan_full(struct json *j, const void *rec)
{
	const struct plan_full *f = rec;
	struct plan_counts sum = { 0 };

	for (size_t i = 0; i < f->n_areas; i++) {
		sum.total += f->areas[i].counts.total;
		sum.overdue += f->areas[i].counts.overdue;
		for (size_t k = 0; k < PLAN_N_STATUS; k++)
			sum.by_status[k] += f->areas[i].counts.by_status[k];
	}
	json_obj_open(j);
	json_kv_int(j, "id", f->plan->id);
	json_kv_int(j, "unit_id", f->plan->unit_id);
	json_kv_str(j, "unit_name", f->plan->unit_name);
	json_kv_int(j, "year", f->plan->year);
	json_kv_str(j, "title", f->plan->title);
	json_kv_int(j, "version", f->plan->version);
	json_kv_str(j, "created_at", f->plan->created_at);
	json_kv_str(j, "updated_at", f->plan->updated_at);
	json_key(j, "counts");
	plan_counts_json(j, &sum);
	json_key(j, "areas");
	json_arr_open(j);
	for (size_t i = 0; i < f->n_areas; i++)
		plan_area_json(j, &f->areas[i], true);
	json_arr_close(j);
	json_obj_close(j);
}

static int answer_plan(struct req *r, struct db *db, int status, const struct plan *p)
{
	struct plan_full f = { p, NULL, 0 };
	struct plan_area *areas;
	int rc = plan_areas(db, r->arena, p, &areas, &f.n_areas, &r->err);
	if (rc)
		return rc;
	f.areas = areas;
	return api_record(r, status, p->version, write_plan_full, &f);
}

API_FILTER_READER(read_filter, plan_filter_parse)
API_PAGE_LISTER(list_page, struct plan, plan_list)

static void write_item(struct json *j, const void *items, size_t i, const void *ctx)
{
	const struct plan *p = (const struct plan *)items + i;
	(void)ctx;
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_int(j, "unit_id", p->unit_id);
	json_kv_str(j, "unit_name", p->unit_name);
	json_kv_int(j, "year", p->year);
	json_kv_str(j, "title", p->title);
	json_kv_int(j, "version", p->version);
	json_key(j, "counts");
	plan_counts_json(j, &p->counts);
	json_obj_close(j);
}

API_LIST_EXPORTER(render, plan_export)
API_LIST_EXPORT_NAME(filename, plan_export_filename)

static const struct api_collection plans = {
	API_FILTER(struct plan_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_item,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render,
	.filename = filename,
};

int api_plans_list(struct req *r)
{
	return api_list(r, &plans);
}

int api_plans_export(struct req *r)
{
	return api_export(r, &plans);
}

/* A plan's input, and for a new plan the names of its first areas. */
struct plan_change {
	struct plan_input in;
	const char *const *areas;
	size_t n_areas;
};

static int new_plan_members(struct req *r, json_t *body, void *input)
{
	struct plan_change *c = input;
	const char **names;
	json_t *areas;
	int rc;

	if ((rc = api_patch_id(r, body, "unit_id", &c->in.unit_id)) ||
	    (rc = api_int(r, body, "year", &c->in.year, NULL)) || (rc = api_str(r, body, "title", &c->in.title)))
		return rc;
	areas = json_object_get(body, "areas");
	if (areas && !json_is_null(areas)) {
		if (!json_is_array(areas))
			return err_set(&r->err, ERR_INVALID, "areas", N_("Must be a list of names."));
		c->n_areas = json_array_size(areas);
		names = arena_calloc(r->arena, c->n_areas ? c->n_areas : 1, sizeof(*names));
		c->areas = names;
		for (size_t i = 0; i < c->n_areas; i++) {
			json_t *v = json_array_get(areas, i);
			if (!json_is_string(v))
				return err_set(&r->err, ERR_INVALID, "areas", N_("Must be a list of names."));
			names[i] = arena_strndup(r->arena, json_string_value(v), json_string_length(v));
		}
	}
	return 0;
}

static int plan_members(struct req *r, json_t *body, void *input)
{
	struct plan_change *c = input;
	return api_patch_str(r, body, "title", &c->in.title);
}

static void plan_change_of(const void *rec, void *input)
{
	((struct plan_change *)input)->in.title = ((const struct plan *)rec)->title;
}

static int plan_new(struct req *r, struct db *db, const void *input, int64_t *id)
{
	const struct plan_change *c = input;
	return plan_create(db, r->arena, r->auth, &c->in, c->areas, c->n_areas, id, &r->err);
}

static int plan_change(struct req *r, struct db *db, const void *before, int64_t version, const void *input, void *cur)
{
	const struct plan_change *c = input;
	return plan_update(db, r->arena, r->auth, before, version, c->in.title, cur, &r->err);
}

static int plan_answer(struct req *r, struct db *db, int status, const void *rec)
{
	return answer_plan(r, db, status, rec);
}

API_GETTER(plan_read, plan_get)

#define PLAN_DEF                                                                                              \
	API_RECORD(struct plan, struct plan_change),                                                          \
		.kind = "plan", .location = "/api/v1/plans/", .input_of = plan_change_of, .create = plan_new, \
		.update = plan_change, .get = plan_read, .answer = plan_answer, .current = write_plan

static const struct api_record_def plan_def = { PLAN_DEF, .members = plan_members };
static const struct api_record_def new_plan_def = { PLAN_DEF, .members = new_plan_members };

int api_plans_create(struct req *r)
{
	return api_create(r, &new_plan_def);
}

int api_plans_get(struct req *r)
{
	return api_get(r, &plan_def);
}

int api_plans_update(struct req *r)
{
	return api_update(r, &plan_def);
}

static void write_area(struct json *j, const void *rec)
{
	plan_area_json(j, rec, false);
}

int api_plan_areas_create(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	const char *name = NULL;
	struct plan_area ar;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "name", &name)) || (rc = api_db(r, &db)) ||
	    (rc = plan_area_add(db, r->arena, r->auth, p, name, &id, &r->err)))
		return rc;
	if ((rc = plan_area_get(db, r->arena, id, &ar, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/plans/%" PRId64, p->id));
	return api_record(r, 201, ar.version, write_area, &ar);
}

int api_plan_areas_update(struct req *r)
{
	const struct plan_area_ref *before = scope_record(&r->scope, "plan_area");
	const char *name = before->area.name;
	int64_t version = 0, position = 0;
	struct plan_area ar, cur = { 0 };
	json_t *body = api_body(r);
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_str(r, body, "name", &name)) || (rc = api_int(r, body, "position", &position, NULL)) ||
	    (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = plan_area_update(db, r->arena, r->auth, before, version, name, position, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_area, &cur);
	}
	if (rc || (rc = plan_area_get(db, r->arena, before->area.id, &ar, &r->err)))
		return rc;
	return api_record(r, 200, ar.version, write_area, &ar);
}

int api_plans_report(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	const char *format = req_query(r, "format"), *data, *mime;
	struct doc *d;
	size_t len;
	struct db *db;
	int k, rc;

	k = plan_report_format_parse(format && *format ? format : "html");
	if (k < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is html, md or docx."));
	if ((rc = api_db(r, &db)) || (rc = plan_report_build(db, r->arena, r->lang, p, &d, &r->err)) ||
	    (rc = plan_report_render(r->arena, d, (enum plan_report_format)k, &data, &len, &mime, &r->err)))
		return rc;
	resp_file(r, data, len, mime, plan_report_filename(r->arena, p, (enum plan_report_format)k));
	return 0;
}

int api_plans_carry(struct req *r)
{
	const struct plan *p = scope_record(&r->scope, "plan");
	size_t n = 0;
	struct plan next;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = activity_carry_all(db, r->arena, r->auth, p, &n, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "carried", (int64_t)n);
	if (plan_find(db, r->arena, p->unit_id, p->year + 1, &next, &r->err) == 0)
		json_kv_int(&j, "next_plan_id", next.id);
	else
		json_kv_null(&j, "next_plan_id");
	json_obj_close(&j);
	return 0;
}
