/*
 * api_training.c - training as JSON: the catalogue of courses and target
 * groups (kept by installation-wide administrators), completions per
 * person (recorded, listed, exported, imported from CSV sent as the raw
 * body with ?dry_run=true), counts per unit and year, coverage, and the
 * people missing a mandatory course.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_import.h"
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

API_FILTER_READER(read_course_filter, course_filter_parse)

/* Every (course, group) pair, for writing the courses of a page. */
struct course_pairs {
	struct course_group *pairs;
	size_t n;
};

static int course_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct course_pairs *p = arena_calloc(r->arena, 1, sizeof(*p));
	struct course *items;
	int rc;
	if ((rc = course_list_page(db, r->arena, f, &items, &out->n, &out->total, &r->err)) ||
	    (rc = course_groups(db, r->arena, &p->pairs, &p->n, &r->err)))
		return rc;
	out->items = items;
	out->ctx = p;
	return 0;
}

static void write_course_item(struct json *j, const void *items, size_t i, const void *ctx)
{
	const struct course_pairs *p = ctx;
	course_json(j, (const struct course *)items + i, p->pairs, p->n);
}

API_LIST_EXPORTER(render_courses, course_export)
API_LIST_EXPORT_NAME(courses_filename, course_export_filename)

static const struct api_collection courses = {
	API_FILTER(struct course_filter),
	.filter = read_course_filter,
	.list = course_page,
	.item = write_course_item,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render_courses,
	.filename = courses_filename,
};

int api_courses_export(struct req *r)
{
	return api_export(r, &courses);
}

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
	return api_list(r, &courses);
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

/* A stored course as a change's input: its own members, the groups left as they are. */
static void course_input_of_stored(const void *rec, void *in)
{
	*(struct course_input *)in = course_input_of(rec, NULL, 0);
}

static int course_body(struct req *r, json_t *body, void *in)
{
	return course_members(r, body, in);
}

static int course_answer_rec(struct req *r, struct db *db, int status, const void *rec)
{
	return course_answer(r, db, status, rec);
}

API_CREATOR(course_new, course_create)
API_UPDATER(course_change, course_update)
API_GETTER(course_read, course_get)

static const struct api_record_def course_def = {
	API_RECORD(struct course, struct course_input),
	.location = "/api/v1/courses/",
	.input_of = course_input_of_stored,
	.members = course_body,
	.create = course_new,
	.update = course_change,
	.get = course_read,
	.answer = course_answer_rec,
	.current = write_course,
};

int api_courses_create(struct req *r)
{
	return api_create(r, &course_def);
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
	return api_update(r, &course_def);
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
	return api_import(r, training_import_run);
}

/* --- counts, coverage, missing --- */

API_FILTER_READER(read_count_filter, training_count_filter_parse)
API_PAGE_LISTER(count_page, struct training_count, training_count_list_page)
API_ITEM_WRITER(write_count, struct training_count, training_count_json)
API_LIST_EXPORTER(render_counts, training_count_export)
API_LIST_EXPORT_NAME(counts_filename, training_count_export_filename)

static const struct api_collection counts = {
	API_FILTER(struct training_count_filter),
	.filter = read_count_filter,
	.list = count_page,
	.item = write_count,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render_counts,
	.filename = counts_filename,
};

int api_training_counts_list(struct req *r)
{
	return api_list(r, &counts);
}

int api_training_counts_export(struct req *r)
{
	return api_export(r, &counts);
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

static int read_coverage_filter(struct req *r, void *f)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	return training_coverage_filter_parse(f, atoi(now), req_query_get, r, &r->err);
}

int api_training_coverage(struct req *r)
{
	struct training_coverage_filter f = { 0 };
	struct training_coverage *rows;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = read_coverage_filter(r, &f)) || (rc = api_db(r, &db)) ||
	    (rc = training_coverage(db, r->arena, r->auth, f.unit_id, f.from_year, f.to_year, NULL, &rows, &n,
				    &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		training_coverage_json(&j, &rows[i]);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

static int render_coverage(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	return training_coverage_export(db, r->arena, r->auth, f, r->lang, api_export_kind(format), &out->data,
					&out->len, &out->mime, &r->err);
}

API_LIST_EXPORT_NAME(coverage_filename, training_coverage_export_filename)

static const struct api_collection coverage = {
	API_FILTER(struct training_coverage_filter),
	.filter = read_coverage_filter,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render_coverage,
	.filename = coverage_filename,
};

int api_training_coverage_export(struct req *r)
{
	return api_export(r, &coverage);
}

API_FILTER_READER(read_gap_filter, training_gap_filter_parse)
API_ITEM_WRITER(write_gap, struct training_gap, training_gap_json)
API_LIST_EXPORT_NAME(missing_filename, training_missing_export_filename)

static int gap_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct training_gap *items;
	int rc = training_missing_list(db, r->arena, r->auth, f, &items, &out->n, &out->total, &r->err);
	out->items = items;
	return rc;
}

static int render_missing(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	return training_missing_export(db, r->arena, r->auth, f, r->lang, api_export_kind(format), &out->data,
				       &out->len, &out->mime, &r->err);
}

static const struct api_collection missing = {
	API_FILTER(struct training_gap_filter),
	.filter = read_gap_filter,
	.list = gap_page,
	.item = write_gap,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render_missing,
	.filename = missing_filename,
};

int api_training_missing(struct req *r)
{
	return api_list(r, &missing);
}

int api_training_missing_export(struct req *r)
{
	return api_export(r, &missing);
}

/* --- the members of a target group --- */

static int read_member_filter(struct req *r, void *f)
{
	struct training_member_filter *m = f;
	m->group_id = req_arg_id(r, 0);
	return training_member_filter_parse(m, req_query_get, r, &r->err);
}

static int member_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	const struct training_member_filter *m = f;
	struct training_group g;
	struct training_member *items;
	int rc;
	if ((rc = training_group_get(db, r->arena, m->group_id, &g, &r->err)) ||
	    (rc = training_member_list(db, r->arena, m, &items, &out->n, &out->total, &r->err)))
		return rc;
	out->items = items;
	return 0;
}

static void write_member(struct json *j, const void *items, size_t i, const void *ctx)
{
	const struct training_member *m = (const struct training_member *)items + i;
	(void)ctx;
	json_obj_open(j);
	json_kv_int(j, "user_id", m->user_id);
	json_kv_str(j, "display_name", m->display_name);
	json_kv_str(j, "username", m->username);
	json_obj_close(j);
}

static const struct api_collection members = {
	API_FILTER(struct training_member_filter),
	.filter = read_member_filter,
	.list = member_page,
	.item = write_member,
};

int api_training_group_members(struct req *r)
{
	return api_list(r, &members);
}
