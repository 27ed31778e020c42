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
#include "api/api_resource.h"

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

/* A plan with its processes and control points. */
static int plan_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct ic_plan *p = rec;
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

API_FILTER_READER(read_plan_filter, intcontrol_plan_filter_parse)
API_PAGE_LISTER(list_plans, struct ic_plan, intcontrol_plan_list)
API_ITEM_WRITER(plan_item, struct ic_plan, intcontrol_plan_json)

static int render_plans(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	return intcontrol_plan_export(db, r->arena, f, r->lang, api_export_kind(format), &out->data, &out->len,
				      &out->mime, &r->err);
}

static const char *plans_filename(struct arena *a, const char *format)
{
	return arena_printf(a, "internkontroll.%s", format);
}

static const struct api_collection plans = {
	API_FILTER(struct ic_plan_filter),
	.filter = read_plan_filter,
	.list = list_plans,
	.item = plan_item,
	.formats_msg = N_("Use json, csv or xlsx."),
	.render = render_plans,
	.filename = plans_filename,
};

int api_ic_plans_list(struct req *r)
{
	return api_list(r, &plans);
}

int api_ic_plans_export(struct req *r)
{
	return api_export(r, &plans);
}

static int plan_members(struct req *r, json_t *body, void *p)
{
	struct ic_plan_input *in = p;
	int rc = api_patch_str(r, body, "title", &in->title);
	return rc ? rc : api_patch_str(r, body, "adopted_on", &in->adopted_on);
}

/* A new plan also names its unit and year, which stay. */
static int new_plan_members(struct req *r, json_t *body, void *p)
{
	struct ic_plan_input *in = p;
	int rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) || (rc = patch_int(r, body, "year", &in->year)))
		return rc;
	return plan_members(r, body, in);
}

static int plan_create(struct req *r, struct db *db, const void *in, int64_t *id)
{
	return intcontrol_plan_create(db, r->arena, r->auth, r->lang, in, id, &r->err);
}

API_INPUT_OF(plan_input_of, struct ic_plan_input, intcontrol_plan_input_of)
API_UPDATER(plan_update, intcontrol_plan_update)
API_GETTER(plan_get, intcontrol_plan_get)

#define PLAN_DEF                                                                                                     \
	API_RECORD(struct ic_plan, struct ic_plan_input),                                                            \
		.kind = "intcontrol_plan", .location = "/api/v1/internal-control/plans/", .input_of = plan_input_of, \
		.create = plan_create, .update = plan_update, .get = plan_get, .answer = plan_answer,                \
		.current = write_plan

static const struct api_record_def plan_def = { PLAN_DEF, .members = plan_members };
static const struct api_record_def new_plan_def = { PLAN_DEF, .members = new_plan_members };

int api_ic_plans_create(struct req *r)
{
	return api_create(r, &new_plan_def);
}

int api_ic_plan_get(struct req *r)
{
	return api_get(r, &plan_def);
}

int api_ic_plan_update(struct req *r)
{
	return api_update(r, &plan_def);
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

static int process_members(struct req *r, json_t *body, void *p)
{
	struct ic_process_input *in = p;
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

API_ITEM_WRITER(process_item, struct ic_process, intcontrol_process_json)
API_INPUT_OF(process_input_of, struct ic_process_input, intcontrol_process_input_of)
API_CREATOR_IN(process_create, intcontrol_process_create, "intcontrol_plan")
API_UPDATER(process_update, intcontrol_process_update)
API_GETTER(process_get, intcontrol_process_get)

static const struct api_record_def process_def = {
	API_RECORD(struct ic_process, struct ic_process_input),
	.kind = "intcontrol_process",
	.location = "/api/v1/internal-control/processes/",
	.input_of = process_input_of,
	.members = process_members,
	.create = process_create,
	.update = process_update,
	.get = process_get,
	.current = write_process,
};

int api_ic_processes_list(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_process *cs;
	size_t n;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = intcontrol_process_list(db, r->arena, p->id, &cs, &n, &r->err)))
		return rc;
	return api_list_all(r, cs, n, process_item, NULL);
}

int api_ic_processes_create(struct req *r)
{
	return api_create(r, &process_def);
}

int api_ic_process_get(struct req *r)
{
	return api_get(r, &process_def);
}

int api_ic_process_update(struct req *r)
{
	return api_update(r, &process_def);
}

/* --- control points --- */

static void write_point(struct json *j, const void *rec)
{
	intcontrol_point_json(j, rec);
}

static int point_members(struct req *r, json_t *body, void *p)
{
	struct ic_point_input *in = p;
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

API_ITEM_WRITER(point_item, struct ic_point, intcontrol_point_json)
API_INPUT_OF(point_input_of, struct ic_point_input, intcontrol_point_input_of)
API_CREATOR_IN(point_create, intcontrol_point_create, "intcontrol_plan")
API_UPDATER(point_update, intcontrol_point_update)
API_GETTER(point_get, intcontrol_point_get)

static const struct api_record_def point_def = {
	API_RECORD(struct ic_point, struct ic_point_input),
	.kind = "intcontrol_point",
	.location = "/api/v1/internal-control/points/",
	.input_of = point_input_of,
	.members = point_members,
	.create = point_create,
	.update = point_update,
	.get = point_get,
	.current = write_point,
};

int api_ic_points_list(struct req *r)
{
	const struct ic_plan *p = scope_record(&r->scope, "intcontrol_plan");
	struct ic_point *ks;
	size_t n;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = intcontrol_point_list(db, r->arena, p->id, &ks, &n, &r->err)))
		return rc;
	return api_list_all(r, ks, n, point_item, NULL);
}

int api_ic_points_create(struct req *r)
{
	return api_create(r, &point_def);
}

int api_ic_point_get(struct req *r)
{
	return api_get(r, &point_def);
}

int api_ic_point_update(struct req *r)
{
	return api_update(r, &point_def);
}

/* --- results --- */

static void write_result(struct json *j, const void *rec)
{
	intcontrol_result_json(j, rec, NULL, 0);
}

/* A result with its sample records. */
static int result_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct ic_result *x = rec;
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

static int result_members(struct req *r, json_t *body, void *p)
{
	struct ic_result_input *in = p;
	int rc;
	if ((rc = api_patch_str(r, body, "period", &in->period)) ||
	    (rc = api_patch_str(r, body, "checked_on", &in->checked_on)) ||
	    (rc = api_patch_id(r, body, "checked_by", &in->checked_by)) ||
	    (rc = api_patch_str(r, body, "conclusion", &in->conclusion)) || (rc = samples_member(r, body, in)))
		return rc;
	return 0;
}

static void result_item(struct json *j, const void *items, size_t i, const void *ctx)
{
	(void)ctx;
	intcontrol_result_json(j, (const struct ic_result *)items + i, NULL, 0);
}

/* The stored values; the period's code, which needs an arena, is the update's (result_update()). */
static void result_input_of(const void *rec, void *in)
{
	const struct ic_result *x = rec;
	*(struct ic_result_input *)in = (struct ic_result_input){ .checked_on = x->checked_on,
								  .checked_by = x->checked_by,
								  .conclusion = x->conclusion };
}

static int result_update(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *cur)
{
	struct ic_result_input changed = *(const struct ic_result_input *)in;
	if (!changed.period)
		changed.period = intcontrol_result_input_of(r->arena, before).period;
	return intcontrol_result_update(db, r->arena, r->auth, before, version, &changed, cur, &r->err);
}

API_CREATOR_IN(result_create, intcontrol_result_create, "intcontrol_point")
API_GETTER(result_get, intcontrol_result_get)

static const struct api_record_def result_def = {
	API_RECORD(struct ic_result, struct ic_result_input),
	.kind = "intcontrol_result",
	.location = "/api/v1/internal-control/results/",
	.input_of = result_input_of,
	.members = result_members,
	.create = result_create,
	.update = result_update,
	.get = result_get,
	.answer = result_answer,
	.current = write_result,
};

/* The results of the route's control point: its plan's, by point. */
int api_ic_results_list(struct req *r)
{
	const struct ic_point *k = scope_record(&r->scope, "intcontrol_point");
	struct ic_result *xs;
	size_t n, m = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = intcontrol_result_list(db, r->arena, k->plan_id, &xs, &n, &r->err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (xs[i].point_id == k->id)
			xs[m++] = xs[i];
	return api_list_all(r, xs, m, result_item, NULL);
}

int api_ic_results_create(struct req *r)
{
	return api_create(r, &result_def);
}

int api_ic_result_get(struct req *r)
{
	return api_get(r, &result_def);
}

int api_ic_result_update(struct req *r)
{
	return api_update(r, &result_def);
}

/* --- deviations --- */

static void write_deviation(struct json *j, const void *rec)
{
	intcontrol_deviation_json(j, rec);
}

static int deviation_members(struct req *r, json_t *body, void *p)
{
	struct ic_deviation_input *in = p;
	int rc;
	if ((rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = api_patch_str(r, body, "cause", &in->cause)) ||
	    (rc = api_patch_str(r, body, "remedy", &in->remedy)) || (rc = api_patch_str(r, body, "due", &in->due)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)))
		return rc;
	return 0;
}

API_FILTER_READER(read_deviation_filter, intcontrol_deviation_filter_parse)
API_PAGE_LISTER(list_deviations, struct ic_deviation, intcontrol_deviation_list)
API_ITEM_WRITER(deviation_item, struct ic_deviation, intcontrol_deviation_json)

static int render_deviations(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	return intcontrol_deviation_export(db, r->arena, f, r->lang, api_export_kind(format), &out->data, &out->len,
					   &out->mime, &r->err);
}

static const char *deviations_filename(struct arena *a, const char *format)
{
	return arena_printf(a, "avvikelser.%s", format);
}

static const struct api_collection deviations = {
	API_FILTER(struct ic_deviation_filter),
	.filter = read_deviation_filter,
	.list = list_deviations,
	.item = deviation_item,
	.formats_msg = N_("Use json, csv or xlsx."),
	.render = render_deviations,
	.filename = deviations_filename,
};

API_INPUT_OF(deviation_input_of, struct ic_deviation_input, intcontrol_deviation_input_of)
API_CREATOR_IN(deviation_create, intcontrol_deviation_create, "intcontrol_result")
API_UPDATER(deviation_update, intcontrol_deviation_update)
API_GETTER(deviation_get, intcontrol_deviation_get)

static const struct api_record_def deviation_def = {
	API_RECORD(struct ic_deviation, struct ic_deviation_input),
	.kind = "intcontrol_deviation",
	.location = "/api/v1/internal-control/deviations/",
	.input_of = deviation_input_of,
	.members = deviation_members,
	.create = deviation_create,
	.update = deviation_update,
	.get = deviation_get,
	.current = write_deviation,
};

int api_ic_deviations_list(struct req *r)
{
	return api_list(r, &deviations);
}

int api_ic_deviations_export(struct req *r)
{
	return api_export(r, &deviations);
}

int api_ic_deviations_create(struct req *r)
{
	return api_create(r, &deviation_def);
}

int api_ic_deviation_get(struct req *r)
{
	return api_get(r, &deviation_def);
}

int api_ic_deviation_update(struct req *r)
{
	return api_update(r, &deviation_def);
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
