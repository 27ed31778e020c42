/*
 * api_training.c - training as JSON: the catalogue of courses and target
 * groups (kept by installation-wide administrators), completions per
 * person (recorded, listed, exported, imported from CSV sent as the raw
 * body with ?dry_run=true), counts per unit and year, coverage, and the
 * people missing a mandatory course.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "api/api_training.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/training.h"
#include "domain/training_io.h"
#include "domain/validate.h"

/* --- courses --- */

static int course_answer(struct req *r, struct db *db, int status, const struct course *c)
{
	struct course_group *pairs;
	size_t n;
	struct json j;
	int rc = course_groups(db, r->arena, &pairs, &n, &r->err);
	if (rc)
		return rc;
	api_etag(r, c->version);
	api_begin(r, &j, status);
	course_json(&j, c, pairs, n);
	return 0;
}

static void write_course(struct json *j, const void *rec)
{
	course_json(j, rec, NULL, 0);
}

int api_courses_list(struct req *r)
{
	struct course *list;
	struct course_group *pairs;
	size_t n, n_pairs;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = course_list(db, r->arena, &list, &n, &r->err)) ||
	    (rc = course_groups(db, r->arena, &pairs, &n_pairs, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		course_json(&j, &list[i], pairs, n_pairs);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

static int course_members(struct req *r, json_t *body, struct course_input *in)
{
	int p = 0, rc;
	bool groups = false;
	if ((rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "provider", &in->provider)) ||
	    (rc = api_int(r, body, "length_minutes", &in->length_minutes, &p)) ||
	    (rc = api_int(r, body, "validity_months", &in->validity_months, &p)) ||
	    (rc = api_patch_str(r, body, "link", &in->link)) ||
	    (rc = api_ids(r, body, "group_ids", &in->group_ids, &in->n_group_ids, &groups)))
		return rc;
	in->set_groups = groups;
	return 0;
}

int api_courses_create(struct req *r)
{
	struct course_input in = { 0 };
	struct course c;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = course_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = course_create(db, r->arena, r->auth, &in, &id, &r->err)) ||
	    (rc = course_get(db, r->arena, id, &c, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/courses/%" PRId64, id));
	return course_answer(r, db, 201, &c);
}

int api_courses_get(struct req *r)
{
	struct course c;
	struct db *db;
	int rc;
	if ((rc = api_db(r, &db)) || (rc = course_get(db, r->arena, req_arg_id(r, 0), &c, &r->err)))
		return rc;
	return course_answer(r, db, 200, &c);
}

int api_courses_update(struct req *r)
{
	struct course before, c, cur = { 0 };
	struct course_input in;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = course_get(db, r->arena, req_arg_id(r, 0), &before, &r->err)))
		return rc;
	in = course_input_of(&before, NULL, 0);
	if ((rc = course_members(r, body, &in)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = course_update(db, r->arena, r->auth, &before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_course, &cur);
	}
	if (rc || (rc = course_get(db, r->arena, before.id, &c, &r->err)))
		return rc;
	return course_answer(r, db, 200, &c);
}

/* --- target groups --- */

int api_training_groups_list(struct req *r)
{
	struct training_group *g;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = training_groups(db, r->arena, &g, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		struct training_member *m;
		size_t n_m;
		if ((rc = training_members(db, r->arena, g[i].id, &m, &n_m, &r->err)))
			return rc;
		json_obj_open(&j);
		json_kv_int(&j, "id", g[i].id);
		json_kv_str(&j, "name", g[i].name);
		json_kv_str(&j, "description", g[i].description);
		json_key(&j, "members");
		json_arr_open(&j);
		for (size_t k = 0; k < n_m; k++) {
			json_obj_open(&j);
			json_kv_int(&j, "user_id", m[k].user_id);
			json_kv_str(&j, "display_name", m[k].display_name);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_training_groups_create(struct req *r)
{
	json_t *body = api_body(r);
	const char *name = NULL, *description = NULL;
	struct training_group g;
	struct json j;
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "name", &name)) || (rc = api_str(r, body, "description", &description)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = training_group_create(db, r->arena, r->auth, name, description, &id, &r->err)) ||
	    (rc = training_group_get(db, r->arena, id, &g, &r->err)))
		return rc;
	resp_header(r, "Location", "/api/v1/training-groups");
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_int(&j, "id", g.id);
	json_kv_str(&j, "name", g.name);
	json_kv_str(&j, "description", g.description);
	json_obj_close(&j);
	return 0;
}

static int member_change(struct req *r, bool add)
{
	struct training_group g;
	int64_t user_id = 0;
	struct db *db;
	int rc;

	if (add) {
		json_t *body = api_body(r);
		int p = 0;
		if (!body)
			return r->err.code;
		if ((rc = api_int(r, body, "user_id", &user_id, &p)))
			return rc;
	} else {
		user_id = req_arg_id(r, 1);
	}
	if ((rc = api_db(r, &db)) || (rc = training_group_get(db, r->arena, req_arg_id(r, 0), &g, &r->err)))
		return rc;
	rc = add ? training_member_add(db, r->arena, r->auth, &g, user_id, &r->err)
		 : training_member_remove(db, r->arena, r->auth, &g, user_id, &r->err);
	if (rc)
		return rc;
	r->resp.status = 204;
	return 0;
}

int api_training_members_add(struct req *r)
{
	return member_change(r, true);
}

int api_training_members_remove(struct req *r)
{
	return member_change(r, false);
}

/* --- completions --- */

API_FILTER_READER(completion_filter, training_completion_filter_parse)
API_PAGE_LISTER(completion_page, struct training_completion, training_completion_list)
API_ITEM_WRITER(completion_item, struct training_completion, training_completion_json)
API_LIST_EXPORTER(completion_render, training_completion_export)
API_LIST_EXPORT_NAME(completion_filename, training_completion_export_filename)

static const struct api_collection completions = {
	API_FILTER(struct training_completion_filter),
	.filter = completion_filter,
	.list = completion_page,
	.item = completion_item,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = completion_render,
	.filename = completion_filename,
};

int api_training_completions_list(struct req *r)
{
	return api_list(r, &completions);
}

int api_training_completions_create(struct req *r)
{
	struct training_completion_input in = { .source = "api" };
	json_t *body = api_body(r);
	int64_t id = 0;
	struct json j;
	struct db *db;
	int p = 0, rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "course_id", &in.course_id, &p)) ||
	    (rc = api_int(r, body, "user_id", &in.user_id, &p)) ||
	    (rc = api_int(r, body, "unit_id", &in.unit_id, &p)) ||
	    (rc = api_str(r, body, "completed_on", &in.completed_on)) || (rc = api_db(r, &db)) ||
	    (rc = training_completion_record(db, r->arena, r->auth, &in, NULL, &id, &r->err)))
		return rc;
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_int(&j, "id", id);
	json_obj_close(&j);
	return 0;
}

int api_training_completions_export(struct req *r)
{
	return api_export(r, &completions);
}

int api_training_completions_import(struct req *r)
{
	const char *dry = req_query(r, "dry_run");
	struct training_import res;
	struct err e = { 0 };
	struct json j;
	struct db *db;
	int rc;

	if (dry && strcmp(dry, "true") && strcmp(dry, "false"))
		return err_set(&r->err, ERR_INVALID, "dry_run", N_("Must be true or false."));
	if (!r->body || !r->body_len)
		return err_set(&r->err, ERR_INVALID, "body",
			       N_("Send the CSV file as the request body (Content-Type: text/csv)."));
	if ((rc = api_db(r, &db)))
		return rc;
	rc = training_import(db, r->arena, r->auth, r->body, r->body_len, dry && !strcmp(dry, "true"), NULL, &res, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	api_begin(r, &j, rc || res.n_problems ? 400 : res.imported ? 201 : 200);
	json_obj_open(&j);
	if (rc || res.n_problems) {
		const struct err *first = res.n_problems ? &res.problems[0].err : &e;
		json_key(&j, "error");
		json_obj_open(&j);
		json_kv_str(&j, "code", err_code_name(ERR_INVALID));
		json_kv_str(&j, "message", err_message(first, r->lang, r->arena));
		json_kv_str(&j, "field", first->field ? first->field : "body");
		json_obj_close(&j);
	}
	json_kv_bool(&j, "valid", res.n_problems == 0);
	json_kv_int(&j, "rows", (int64_t)res.n_rows);
	json_kv_int(&j, "already_recorded", (int64_t)res.n_already);
	json_kv_bool(&j, "imported", res.imported);
	json_kv_str(&j, "encoding", res.encoding);
	json_key(&j, "errors");
	json_arr_open(&j);
	for (size_t i = 0; i < res.n_problems; i++) {
		const struct training_import_problem *p = &res.problems[i];
		json_obj_open(&j);
		if (p->line)
			json_kv_int(&j, "line", (int64_t)p->line);
		else
			json_kv_null(&j, "line");
		json_kv_str(&j, "field", p->field);
		json_kv_str(&j, "column", p->column);
		json_kv_str(&j, "message", err_message(&p->err, r->lang, r->arena));
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

/* --- counts, coverage, missing --- */

API_ITEM_WRITER(count_item, struct training_count, training_count_json)

int api_training_counts_list(struct req *r)
{
	struct training_count *list;
	int64_t unit = 0;
	size_t n;
	struct db *db;
	int rc;

	if ((rc = filter_id(req_query_get, r, "unit_id", &unit, &r->err)) || (rc = api_db(r, &db)) ||
	    (rc = training_count_list(db, r->arena, r->auth->user_id, unit, req_query(r, "from"), req_query(r, "to"),
				      &list, &n, &r->err)))
		return rc;
	return api_list_all(r, list, n, count_item, NULL);
}

int api_training_counts_create(struct req *r)
{
	struct training_count_input in = { .completed = -1, .employed = -1 };
	json_t *body = api_body(r);
	struct json j;
	struct db *db;
	int p = 0, rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "unit_id", &in.unit_id, &p)) ||
	    (rc = api_int(r, body, "course_id", &in.course_id, &p)) || (rc = api_str(r, body, "period", &in.period)) ||
	    (rc = api_int(r, body, "completed", &in.completed, &p)) ||
	    (rc = api_int(r, body, "employed", &in.employed, &p)) || (rc = api_db(r, &db)) ||
	    (rc = training_count_record(db, r->arena, r->auth, &in, &r->err)))
		return rc;
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_int(&j, "unit_id", in.unit_id);
	json_kv_int(&j, "course_id", in.course_id);
	json_kv_str(&j, "period", in.period);
	json_kv_int(&j, "completed", in.completed);
	json_kv_int(&j, "employed", in.employed);
	json_obj_close(&j);
	return 0;
}

static int year_arg(struct req *r, const char *name, int def, int *out)
{
	const char *v = req_query(r, name);
	int64_t y;
	*out = def;
	if (!v || !*v)
		return 0;
	if (!str_to_i64(v, &y) || y < 2000 || y > 2100)
		return err_set(&r->err, ERR_INVALID, name, N_("Give a year between 2000 and 2100."));
	*out = (int)y;
	return 0;
}

int api_training_coverage(struct req *r)
{
	struct training_coverage *rows;
	char now[TIME_ISO_LEN];
	int64_t unit = 0;
	int from, to, rc;
	size_t n;
	struct json j;
	struct db *db;

	time_now_iso(now);
	if ((rc = filter_id(req_query_get, r, "unit_id", &unit, &r->err)) || (rc = year_arg(r, "to", atoi(now), &to)) ||
	    (rc = year_arg(r, "from", to - 4, &from)) || (rc = api_db(r, &db)) ||
	    (rc = training_coverage(db, r->arena, r->auth, unit, from, to, NULL, &rows, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "year", rows[i].year);
		json_kv_id(&j, "unit_id", rows[i].unit_id);
		json_kv_str(&j, "unit_name", rows[i].unit_name);
		json_kv_id(&j, "group_id", rows[i].group_id);
		json_kv_str(&j, "group_name", rows[i].group_name);
		json_kv_int(&j, "completed", rows[i].completed);
		json_kv_int(&j, "total", rows[i].total);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_training_missing(struct req *r)
{
	struct training_gap *gaps;
	int64_t unit = 0;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = filter_id(req_query_get, r, "unit_id", &unit, &r->err)) || (rc = api_db(r, &db)) ||
	    (rc = training_missing(db, r->arena, r->auth, unit, NULL, &gaps, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "user_id", gaps[i].user_id);
		json_kv_str(&j, "display_name", gaps[i].display_name);
		json_kv_int(&j, "unit_id", gaps[i].unit_id);
		json_kv_str(&j, "unit_name", gaps[i].unit_name);
		json_kv_int(&j, "course_id", gaps[i].course_id);
		json_kv_str(&j, "course_title", gaps[i].course_title);
		json_kv_str(&j, "last_completed", gaps[i].last_completed);
		json_kv_str(&j, "valid_until", gaps[i].valid_until);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}
