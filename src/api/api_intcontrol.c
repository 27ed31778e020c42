/*
 * api_intcontrol.c - /api/v1/internal-control as JSON: plans with their
 * materiality and risk analysis, control points, results with their sample
 * records, deviations, the plan and yearly report as files, and a
 * deviation's remedy turned into an action-plan activity.
 *
 * A plan is answered with its processes and control points; a control
 * point with its results. Changes send only the members they change, with
 * the version read; a stale one gets 409 with the current record. What is
 * refused names the member.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_intcontrol.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/intcontrol.h"
#include "domain/intcontrol_export.h"
#include "domain/intcontrol_report.h"
#include "domain/validate.h"

/* A whole-number member: absent keeps *field, null makes it 0, anything else but an integer names @key. */
static int patch_int(struct req *r, json_t *body, const char *key, int64_t *field)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*field = 0;
		return 0;
	}
	if (!json_is_integer(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a whole number."));
	*field = (int64_t)json_integer_value(v);
	return 0;
}

/* The export format of ?format= (json when absent). */
static int export_format_arg(struct req *r, enum export_format *out)
{
	const char *v = req_query(r, "format");
	int f = export_format_parse(v ? v : "json");
	if (f < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("Use json, csv or xlsx."));
	*out = (enum export_format)f;
	return 0;
}

static int send_file(struct req *r, const char *data, size_t len, const char *mime, const char *filename)
{
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = mime;
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", filename));
	return 0;
}

/* --- plans --- */

static void write_plan(struct json *j, const void *rec)
{
	intcontrol_plan_json(j, rec);
}

static int plan_answer(struct req *r, struct db *db, int status, const struct ic_plan *p)
{
	struct ic_process *cs;
	struct ic_point *ks;
	size_t n_cs, n_ks;
	struct json j;
	int rc;

	if ((rc = intcontrol_process_list(db, r->arena, p->id, &cs, &n_cs, &r->err)) ||
	    (rc = intcontrol_point_list(db, r->arena, p->id, &ks, &n_ks, &r->err)))
		return rc;
	api_etag(r, p->version);
	api_begin(r, &j, status);
	json_obj_open(&j);
	json_key(&j, "plan");
	intcontrol_plan_json(&j, p);
	json_key(&j, "processes");
	json_arr_open(&j);
	for (size_t i = 0; i < n_cs; i++)
		intcontrol_process_json(&j, &cs[i]);
	json_arr_close(&j);
	json_key(&j, "control_points");
	json_arr_open(&j);
	for (size_t i = 0; i < n_ks; i++)
		intcontrol_point_json(&j, &ks[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_ic_plans_list(struct req *r)
{
	struct ic_plan_filter f = { 0 };
	struct ic_plan *list;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)) ||
	    (rc = intcontrol_plan_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = intcontrol_plan_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		intcontrol_plan_json(&j, &list[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_ic_plans_export(struct req *r)
{
	struct ic_plan_filter f = { 0 };
	enum export_format format = EXPORT_JSON;
	const char *data, *mime;
	size_t len;
	struct db *db;
	int rc;

	if ((rc = export_format_arg(r, &format)) || (rc = intcontrol_plan_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) ||
	    (rc = intcontrol_plan_export(db, r->arena, &f, r->lang, format, &data, &len, &mime, &r->err)))
		return rc;
	return send_file(r, data, len, mime, arena_printf(r->arena, "internkontroll.%s", export_format_ext(format)));
}

static int plan_members(struct req *r, json_t *body, struct ic_plan_input *in)
{
	int rc = api_patch_str(r, body, "title", &in->title);
	return rc ? rc : api_patch_str(r, body, "adopted_on", &in->adopted_on);
}

int api_ic_plans_create(struct req *r)
{
	struct ic_plan_input in = { 0 };
	struct ic_plan p;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_id(r, body, "unit_id", &in.unit_id)) || (rc = patch_int(r, body, "year", &in.year)) ||
	    (rc = plan_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = intcontrol_plan_create(db, r->arena, r->auth, r->lang, &in, &id, &r->err)) ||
	    (rc = intcontrol_plan_get(db, r->arena, id, &p, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/internal-control/plans/%" PRId64, id));
	return plan_answer(r, db, 201, &p);
}

int api_ic_plan_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : plan_answer(r, db, 200, scope_record(&r->scope, "intcontrol_plan"));
}

int api_ic_plan_update(struct req *r)
{
	const struct ic_plan *before = scope_record(&r->scope, "intcontrol_plan");
	struct ic_plan_input in = intcontrol_plan_input_of(before);
	struct ic_plan p, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = plan_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = intcontrol_plan_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_plan, &cur);
	}
	if (rc || (rc = intcontrol_plan_get(db, r->arena, before->id, &p, &r->err)))
		return rc;
	return plan_answer(r, db, 200, &p);
}

int api_ic_plan_document(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	const char *dv = req_query(r, "document"), *fv = req_query(r, "format"), *data, *mime;
	int which = intcontrol_document_parse(dv ? dv : "report"), format = intcontrol_format_parse(fv ? fv : "docx");
	size_t len;
	struct db *db;
	int rc;

	if (which < 0)
		return err_set(&r->err, ERR_INVALID, "document", N_("The document is plan or report."));
	if (format < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is html, md, docx or xlsx."));
	if ((rc = api_db(r, &db)) || (rc = intcontrol_report_file(db, r->arena, r->lang, p, (enum ic_document)which,
								  (enum ic_format)format, &data, &len, &mime, &r->err)))
		return rc;
	return send_file(r, data, len, mime,
			 intcontrol_report_filename(r->arena, p, (enum ic_document)which, (enum ic_format)format));
}

/* --- processes --- */

static void write_process(struct json *j, const void *rec)
{
	intcontrol_process_json(j, rec);
}

static int process_members(struct req *r, json_t *body, struct ic_process_input *in)
{
	int rc;
	if ((rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = patch_int(r, body, "probability", &in->probability)) ||
	    (rc = patch_int(r, body, "consequence", &in->consequence)) ||
	    (rc = api_patch_str(r, body, "decision", &in->decision)) ||
	    (rc = api_patch_str(r, body, "rationale", &in->rationale)))
		return rc;
	return 0;
}

int api_ic_processes_list(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_process *cs;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = intcontrol_process_list(db, r->arena, p->id, &cs, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		intcontrol_process_json(&j, &cs[i]);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_ic_processes_create(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_process_input in = { 0 };
	struct ic_process c;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = process_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = intcontrol_process_create(db, r->arena, r->auth, p, &in, &id, &r->err)) ||
	    (rc = intcontrol_process_get(db, r->arena, id, &c, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/internal-control/processes/%" PRId64, id));
	return api_record(r, 201, c.version, write_process, &c);
}

int api_ic_process_get(struct req *r)
{
	const struct ic_process *c = scope_record(&r->scope, "intcontrol_process");
	return api_record(r, 200, c->version, write_process, c);
}

int api_ic_process_update(struct req *r)
{
	const struct ic_process *before = scope_record(&r->scope, "intcontrol_process");
	struct ic_process_input in = intcontrol_process_input_of(before);
	struct ic_process c, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = process_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = intcontrol_process_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_process, &cur);
	}
	if (rc || (rc = intcontrol_process_get(db, r->arena, before->id, &c, &r->err)))
		return rc;
	return api_record(r, 200, c.version, write_process, &c);
}

/* --- control points --- */

static void write_point(struct json *j, const void *rec)
{
	intcontrol_point_json(j, rec);
}

static int point_members(struct req *r, json_t *body, struct ic_point_input *in)
{
	int rc;
	if ((rc = api_patch_id(r, body, "process_id", &in->process_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "check_method", &in->method)) ||
	    (rc = patch_int(r, body, "sample_size", &in->sample_size)) ||
	    (rc = patch_int(r, body, "population", &in->population)) ||
	    (rc = api_patch_str(r, body, "frequency", &in->frequency)) ||
	    (rc = api_patch_str(r, body, "period_kind", &in->period_kind)) ||
	    (rc = api_patch_id(r, body, "responsible_id", &in->responsible_id)) ||
	    (rc = api_patch_id(r, body, "responsible_unit_id", &in->responsible_unit_id)))
		return rc;
	return 0;
}

int api_ic_points_list(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_point *ks;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = intcontrol_point_list(db, r->arena, p->id, &ks, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		intcontrol_point_json(&j, &ks[i]);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_ic_points_create(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_point_input in = { 0 };
	struct ic_point k;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = point_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = intcontrol_point_create(db, r->arena, r->auth, p, &in, &id, &r->err)) ||
	    (rc = intcontrol_point_get(db, r->arena, id, &k, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/internal-control/points/%" PRId64, id));
	return api_record(r, 201, k.version, write_point, &k);
}

int api_ic_point_get(struct req *r)
{
	const struct ic_point *k = scope_record(&r->scope, "intcontrol_point");
	return api_record(r, 200, k->version, write_point, k);
}

int api_ic_point_update(struct req *r)
{
	const struct ic_point *before = scope_record(&r->scope, "intcontrol_point");
	struct ic_point_input in = intcontrol_point_input_of(before);
	struct ic_point k, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = point_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = intcontrol_point_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_point, &cur);
	}
	if (rc || (rc = intcontrol_point_get(db, r->arena, before->id, &k, &r->err)))
		return rc;
	return api_record(r, 200, k.version, write_point, &k);
}

/* --- results --- */

static void write_result(struct json *j, const void *rec)
{
	intcontrol_result_json(j, rec, NULL, 0);
}

static int result_answer(struct req *r, struct db *db, int status, const struct ic_result *x)
{
	struct ic_sample *s;
	size_t n;
	struct json j;
	int rc = intcontrol_result_samples(db, r->arena, x->id, &s, &n, &r->err);
	if (rc)
		return rc;
	api_etag(r, x->version);
	api_begin(r, &j, status);
	intcontrol_result_json(&j, x, s, n);
	return 0;
}

/* "samples": [{"reference": "...", "ok": true, "note": "..."}]; absent keeps them. */
static int samples_member(struct req *r, json_t *body, struct ic_result_input *in)
{
	json_t *v = json_object_get(body, "samples"), *x;
	struct ic_sample *s;
	size_t i;

	if (!v)
		return 0;
	in->set_samples = true;
	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return err_set(&r->err, ERR_INVALID, "samples", N_("Must be a list of the records checked."));
	if (json_array_size(v) > IC_MAX_SAMPLES)
		return err_set(&r->err, ERR_INVALID, "samples",
			       N_("At most 500 records can be listed for one result."));
	s = arena_calloc(r->arena, json_array_size(v) + 1, sizeof(*s));
	json_array_foreach(v, i, x)
	{
		json_t *ref = json_object_get(x, "reference"), *ok = json_object_get(x, "ok"),
		       *note = json_object_get(x, "note");
		if (!json_is_object(x) || !json_is_string(ref) || (ok && !json_is_boolean(ok)) ||
		    (note && !json_is_null(note) && !json_is_string(note)))
			return err_set(&r->err, ERR_INVALID, "samples",
				       N_("Each record checked has a reference, ok (true or false) and a note."));
		s[i].reference = arena_strdup(r->arena, json_string_value(ref));
		s[i].ok = !ok || json_is_true(ok);
		s[i].note = note && json_is_string(note) ? arena_strdup(r->arena, json_string_value(note)) : "";
	}
	in->samples = s;
	in->n_samples = json_array_size(v);
	return 0;
}

static int result_members(struct req *r, json_t *body, struct ic_result_input *in)
{
	int rc;
	if ((rc = api_patch_str(r, body, "period", &in->period)) ||
	    (rc = api_patch_str(r, body, "checked_on", &in->checked_on)) ||
	    (rc = api_patch_id(r, body, "checked_by", &in->checked_by)) ||
	    (rc = api_patch_str(r, body, "conclusion", &in->conclusion)) || (rc = samples_member(r, body, in)))
		return rc;
	return 0;
}

int api_ic_results_list(struct req *r)
{
	const struct ic_point *k = scope_record(&r->scope, "intcontrol_point");
	struct ic_result *xs;
	size_t n, m = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = intcontrol_result_list(db, r->arena, k->plan_id, &xs, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		if (xs[i].point_id == k->id) {
			intcontrol_result_json(&j, &xs[i], NULL, 0);
			m++;
		}
	api_list_end(&j, (int64_t)m, (int64_t)m, 0);
	return 0;
}

int api_ic_results_create(struct req *r)
{
	const struct ic_point *k = scope_record(&r->scope, "intcontrol_point");
	struct ic_result_input in = { 0 };
	struct ic_result x;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = result_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = intcontrol_result_create(db, r->arena, r->auth, k, &in, &id, &r->err)) ||
	    (rc = intcontrol_result_get(db, r->arena, id, &x, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/internal-control/results/%" PRId64, id));
	return result_answer(r, db, 201, &x);
}

int api_ic_result_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : result_answer(r, db, 200, scope_record(&r->scope, "intcontrol_result"));
}

int api_ic_result_update(struct req *r)
{
	const struct ic_result *before = scope_record(&r->scope, "intcontrol_result");
	struct ic_result_input in = intcontrol_result_input_of(r->arena, before);
	struct ic_result x, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = result_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = intcontrol_result_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_result, &cur);
	}
	if (rc || (rc = intcontrol_result_get(db, r->arena, before->id, &x, &r->err)))
		return rc;
	return result_answer(r, db, 200, &x);
}

/* --- deviations --- */

static void write_deviation(struct json *j, const void *rec)
{
	intcontrol_deviation_json(j, rec);
}

static int deviation_members(struct req *r, json_t *body, struct ic_deviation_input *in)
{
	int rc;
	if ((rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = api_patch_str(r, body, "cause", &in->cause)) ||
	    (rc = api_patch_str(r, body, "remedy", &in->remedy)) || (rc = api_patch_str(r, body, "due", &in->due)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)))
		return rc;
	return 0;
}

int api_ic_deviations_list(struct req *r)
{
	struct ic_deviation_filter f = { 0 };
	struct ic_deviation *list;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)) ||
	    (rc = intcontrol_deviation_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = intcontrol_deviation_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		intcontrol_deviation_json(&j, &list[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_ic_deviations_export(struct req *r)
{
	struct ic_deviation_filter f = { 0 };
	enum export_format format = EXPORT_JSON;
	const char *data, *mime;
	size_t len;
	struct db *db;
	int rc;

	if ((rc = export_format_arg(r, &format)) ||
	    (rc = intcontrol_deviation_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) ||
	    (rc = intcontrol_deviation_export(db, r->arena, &f, r->lang, format, &data, &len, &mime, &r->err)))
		return rc;
	return send_file(r, data, len, mime, arena_printf(r->arena, "avvikelser.%s", export_format_ext(format)));
}

int api_ic_deviations_create(struct req *r)
{
	const struct ic_result *x = scope_record(&r->scope, "intcontrol_result");
	struct ic_deviation_input in = { 0 };
	struct ic_deviation d;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = deviation_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = intcontrol_deviation_create(db, r->arena, r->auth, x, &in, &id, &r->err)) ||
	    (rc = intcontrol_deviation_get(db, r->arena, id, &d, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/internal-control/deviations/%" PRId64, id));
	return api_record(r, 201, d.version, write_deviation, &d);
}

int api_ic_deviation_get(struct req *r)
{
	const struct ic_deviation *d = scope_record(&r->scope, "intcontrol_deviation");
	return api_record(r, 200, d->version, write_deviation, d);
}

int api_ic_deviation_update(struct req *r)
{
	const struct ic_deviation *before = scope_record(&r->scope, "intcontrol_deviation");
	struct ic_deviation_input in = intcontrol_deviation_input_of(before);
	struct ic_deviation d, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = deviation_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = intcontrol_deviation_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_deviation, &cur);
	}
	if (rc || (rc = intcontrol_deviation_get(db, r->arena, before->id, &d, &r->err)))
		return rc;
	return api_record(r, 200, d.version, write_deviation, &d);
}

int api_ic_deviation_activity(struct req *r)
{
	const struct ic_deviation *before = scope_record(&r->scope, "intcontrol_deviation");
	struct ic_deviation d;
	json_t *body = api_body(r);
	int64_t version = 0, activity = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_version(r, body, &version)) || (rc = api_db(r, &db)) ||
	    (rc = intcontrol_deviation_to_activity(db, r->arena, r->auth, r->lang, before, version, &activity,
						   &r->err)) ||
	    (rc = intcontrol_deviation_get(db, r->arena, before->id, &d, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/activities/%" PRId64, activity));
	return api_record(r, 201, d.version, write_deviation, &d);
}
