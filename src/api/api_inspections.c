/*
 * api_inspections.c - audits, recommendations, responses (yttranden),
 * action areas and measures as JSON.
 *
 * An audit is answered with its boards, recommendations, findings and
 * responses; a recommendation with every finding that examined it and the
 * measures answering it; a response with its action areas and measures; a
 * measure with its history. Changes send only the members they change,
 * with the version read; a stale one gets 409 with the current record. The
 * report file goes up as the raw request body (?name= gives its name) and
 * comes down as an attachment.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_inspections.h"
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "domain/inspection.h"
#include "domain/inspection_io.h"
#include "domain/plan_report.h"
#include "domain/response.h"
#include "domain/response_report.h"
#include "domain/validate.h"
#include "io/doc.h"

/* --- audits ----------------------------------------------------------------------------- */

static void write_insp(struct json *j, const void *rec)
{
	inspection_json(j, rec, NULL, 0);
}

static int insp_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct inspection *x = rec;
	struct insp_board *boards;
	struct recommendation_filter rf = { 0 };
	struct recommendation *recs;
	struct finding *fs;
	struct audit_response *resps;
	size_t nb, nr, nf, ns;
	struct json j;
	int rc;

	rf.viewer_id = 0;
	rf.inspection_id = x->id;
	rf.limit = 10000;
	if ((rc = inspection_boards(db, r->arena, x->id, &boards, &nb, &r->err)) ||
	    (rc = recommendation_list(db, r->arena, &rf, &recs, &nr, NULL, &r->err)) ||
	    (rc = finding_list(db, r->arena, x->id, &fs, &nf, &r->err)) ||
	    (rc = response_of_inspection(db, r->arena, x->id, &resps, &ns, &r->err)))
		return rc;
	api_etag(r, x->version);
	api_begin(r, &j, status);
	/* The audit's members, then what belongs to it. */
	inspection_json_open(&j, x, boards, nb);
	json_key(&j, "recommendations");
	json_arr_open(&j);
	for (size_t i = 0; i < nr; i++)
		recommendation_json(&j, &recs[i]);
	json_arr_close(&j);
	json_key(&j, "findings");
	json_arr_open(&j);
	for (size_t i = 0; i < nf; i++)
		finding_json(&j, &fs[i]);
	json_arr_close(&j);
	json_key(&j, "responses");
	json_arr_open(&j);
	for (size_t i = 0; i < ns; i++)
		response_json(&j, &resps[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

API_FILTER_READER(insp_filter, inspection_filter_parse)
API_PAGE_LISTER(insp_page, struct inspection, inspection_list)
API_ITEM_WRITER(insp_item, struct inspection, write_insp)
API_LIST_EXPORTER(insp_render, inspection_export)

API_LIST_EXPORT_NAME(insp_filename, inspection_export_filename)

static const struct api_collection inspections = {
	API_FILTER(struct inspection_filter),
	.filter = insp_filter,
	.list = insp_page,
	.item = insp_item,
	.formats_msg = N_("Use json, csv or xlsx."),
	.render = insp_render,
	.filename = insp_filename,
};

int api_inspections_list(struct req *r)
{
	return api_list(r, &inspections);
}

int api_inspections_export(struct req *r)
{
	return api_export(r, &inspections);
}

static int insp_members(struct req *r, json_t *body, void *input)
{
	struct inspection_input *in = input;
	int rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = api_patch_str(r, body, "auditor_kind", &in->auditor_kind)) ||
	    (rc = api_patch_str(r, body, "auditor", &in->auditor)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "report_date", &in->report_date)) ||
	    (rc = api_patch_str(r, body, "case_ref", &in->case_ref)) ||
	    (rc = api_patch_str(r, body, "scope", &in->scope)) ||
	    (rc = api_patch_str(r, body, "assessment", &in->assessment)) ||
	    (rc = api_patch_str(r, body, "observations", &in->observations)) ||
	    (rc = api_patch_id(r, body, "follows_id", &in->follows_id)) ||
	    (rc = api_ids(r, body, "board_ids", &in->board_ids, &in->n_board_ids, &in->set_boards)))
		return rc;
	return 0;
}

API_INPUT_OF(insp_input_of, struct inspection_input, inspection_input_of)
API_CREATOR(insp_create, inspection_create)
API_UPDATER(insp_update, inspection_update)
API_GETTER(insp_get, inspection_get)

static const struct api_record_def insp_def = {
	API_RECORD(struct inspection, struct inspection_input),
	.kind = "inspection",
	.location = "/api/v1/inspections/",
	.input_of = insp_input_of,
	.members = insp_members,
	.create = insp_create,
	.update = insp_update,
	.get = insp_get,
	.answer = insp_answer,
	.current = write_insp,
};

int api_inspections_create(struct req *r)
{
	return api_create(r, &insp_def);
}

int api_inspections_get(struct req *r)
{
	return api_get(r, &insp_def);
}

int api_inspections_update(struct req *r)
{
	return api_update(r, &insp_def);
}

int api_inspection_file_put(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	const char *name = req_query(r, "name");
	struct inspection cur;
	struct db *db;
	int rc;

	if (!name || !*name)
		return err_set(&r->err, ERR_INVALID, "name", N_("Give the file's name as ?name=."));
	if ((rc = api_db(r, &db)) ||
	    (rc = inspection_file_put(db, r->arena, r->auth, x, name, r->body, r->body_len, &r->err)) ||
	    (rc = inspection_get(db, r->arena, x->id, &cur, &r->err)))
		return rc;
	return api_record(r, 200, cur.version, write_insp, &cur);
}

int api_inspection_file_get(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	struct inspection_file f;
	const unsigned char *bytes;
	size_t len;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = inspection_file_get(db, r->arena, x, &f, &bytes, &len, &r->err)))
		return rc;
	resp_file(r, (const char *)bytes, len, f.mime, f.file_name);
	resp_header(r, "Digest", arena_printf(r->arena, "sha-256=%s", f.sha256));
	return 0;
}

static int rec_members(struct req *r, json_t *body, void *input)
{
	struct recommendation_input *in = input;
	int present = 0, rc;
	if ((rc = api_int(r, body, "number", &in->number, &present)) ||
	    (rc = api_patch_str(r, body, "text", &in->text)) || (rc = api_patch_str(r, body, "status", &in->status)) ||
	    (rc = api_ids(r, body, "board_ids", &in->board_ids, &in->n_board_ids, &in->set_boards)))
		return rc;
	return 0;
}

static void write_rec(struct json *j, const void *rec)
{
	recommendation_json(j, rec);
}

API_INPUT_OF(rec_input_of, struct recommendation_input, recommendation_input_of)
API_CREATOR_IN(rec_create, recommendation_create, "inspection")
API_UPDATER(rec_update, recommendation_update)

static int rec_get(struct req *r, struct db *db, int64_t id, void *out)
{
	return recommendation_get(db, r->arena, id, NULL, out, &r->err);
}

/* A new recommendation is answered as it is; a read or a change with its findings and measures (rec_def). */
static const struct api_record_def rec_new_def = {
	API_RECORD(struct recommendation, struct recommendation_input),
	.location = "/api/v1/recommendations/",
	.members = rec_members,
	.create = rec_create,
	.get = rec_get,
	.current = write_rec,
};

int api_inspection_recommendation_add(struct req *r)
{
	return api_create(r, &rec_new_def);
}

int api_inspection_finding_add(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	struct finding_input in = { 0 };
	struct finding *fs;
	size_t n;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_str(r, body, "area", &in.area)) || (rc = api_patch_str(r, body, "result", &in.result)) ||
	    (rc = api_patch_id(r, body, "recommendation_id", &in.recommendation_id)) || (rc = api_db(r, &db)) ||
	    (rc = finding_create(db, r->arena, r->auth, x, &in, &id, &r->err)) ||
	    (rc = finding_list(db, r->arena, x->id, &fs, &n, &r->err)))
		return rc;
	api_begin(r, &j, 201);
	for (size_t i = 0; i < n; i++)
		if (fs[i].id == id)
			finding_json(&j, &fs[i]);
	return 0;
}

/* --- responses ---------------------------------------------------------------------------- */

static void write_resp(struct json *j, const void *rec)
{
	response_json(j, rec);
}

/* The member "measures": @ms, each overdue or not by today. */
static void measures_json(struct json *j, const struct measure *ms, size_t n)
{
	char today[TIME_ISO_LEN];

	time_today_iso(today);
	json_key(j, "measures");
	json_arr_open(j);
	for (size_t i = 0; i < n; i++)
		measure_json(j, &ms[i], today);
	json_arr_close(j);
}

static int resp_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct audit_response *s = rec;
	struct action_area *areas;
	struct measure *ms;
	size_t na, nm;
	struct json j;
	int rc;

	if ((rc = area_list(db, r->arena, s->id, &areas, &na, &r->err)) ||
	    (rc = measure_of_response(db, r->arena, s->id, &ms, &nm, &r->err)))
		return rc;
	api_etag(r, s->version);
	api_begin(r, &j, status);
	response_json_open(&j, s);
	json_key(&j, "action_areas");
	json_arr_open(&j);
	for (size_t i = 0; i < na; i++)
		area_json(&j, &areas[i]);
	json_arr_close(&j);
	measures_json(&j, ms, nm);
	json_obj_close(&j);
	return 0;
}

static int resp_members(struct req *r, json_t *body, void *input)
{
	struct response_input *in = input;
	int rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = api_patch_str(r, body, "response_date", &in->response_date)) ||
	    (rc = api_patch_str(r, body, "case_ref", &in->case_ref)) ||
	    (rc = api_patch_str(r, body, "address", &in->address)) ||
	    (rc = api_patch_str(r, body, "addressee", &in->addressee)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "summary", &in->summary)))
		return rc;
	return 0;
}

/* The route's scope is the responding board; the audit is the path's, read here. */
static int resp_create(struct req *r, struct db *db, const void *in, int64_t *id)
{
	struct inspection x;
	int rc = inspection_get(db, r->arena, req_arg_id(r, 0), &x, &r->err);
	return rc ? rc : response_create(db, r->arena, r->auth, &x, in, id, &r->err);
}

API_INPUT_OF(resp_input_of, struct response_input, response_input_of)
API_UPDATER(resp_update, response_update)
API_GETTER(resp_get, response_get)

static const struct api_record_def resp_def = {
	API_RECORD(struct audit_response, struct response_input),
	.kind = "response",
	.location = "/api/v1/responses/",
	.input_of = resp_input_of,
	.members = resp_members,
	.create = resp_create,
	.update = resp_update,
	.get = resp_get,
	.answer = resp_answer,
	.current = write_resp,
};

int api_inspection_response_add(struct req *r)
{
	return api_create(r, &resp_def);
}

int api_responses_get(struct req *r)
{
	return api_get(r, &resp_def);
}

int api_responses_update(struct req *r)
{
	return api_update(r, &resp_def);
}

int api_responses_approve(struct req *r)
{
	const struct audit_response *before = scope_record(&r->scope, "response");
	struct audit_response s;
	const char *by = NULL, *on = NULL;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_str(r, body, "approved_by", &by)) || (rc = api_patch_str(r, body, "approved_on", &on)) ||
	    (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)) ||
	    (rc = response_approve(db, r->arena, r->auth, before, version, by, on, &r->err)) ||
	    (rc = response_get(db, r->arena, before->id, &s, &r->err)))
		return rc;
	return resp_answer(r, db, 200, &s);
}

/* A supplement to the route's response: only its date is read from the body. */
static int supplement_members(struct req *r, json_t *body, void *input)
{
	struct response_input *in = input;
	return api_patch_str(r, body, "response_date", &in->response_date);
}

static int supplement_create(struct req *r, struct db *db, const void *input, int64_t *id)
{
	const struct response_input *in = input;
	return response_supplement(db, r->arena, r->auth, scope_record(&r->scope, "response"), in->response_date, id,
				   &r->err);
}

static const struct api_record_def supplement_def = {
	API_RECORD(struct audit_response, struct response_input),
	.location = "/api/v1/responses/",
	.members = supplement_members,
	.create = supplement_create,
	.get = resp_get,
	.answer = resp_answer,
	.current = write_resp,
};

int api_responses_supplement(struct req *r)
{
	return api_create(r, &supplement_def);
}

int api_responses_document(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	const char *format = req_query(r, "format");
	int f = plan_report_format_parse(format ? format : "html");
	const char *data, *mime;
	struct doc *d;
	size_t len;
	struct db *db;
	int rc;

	if (f < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is html, md or docx."));
	if ((rc = api_db(r, &db)) || (rc = response_report_build(db, r->arena, r->lang, s, &d, &r->err)) ||
	    (rc = plan_report_render(r->arena, d, (enum plan_report_format)f, &data, &len, &mime, &r->err)))
		return rc;
	resp_file(r, data, len, mime, response_report_filename(r->arena, s, format ? format : "html"));
	return 0;
}

/* --- action areas --------------------------------------------------------------------------- */

static void write_area(struct json *j, const void *rec)
{
	area_json(j, rec);
}

static int area_members(struct req *r, json_t *body, void *input)
{
	struct action_area_input *in = input;
	int present = 0, rc;
	if ((rc = api_int(r, body, "number", &in->number, &present)) ||
	    (rc = api_patch_str(r, body, "heading", &in->heading)) ||
	    (rc = api_patch_str(r, body, "decided_action", &in->decided_action)) ||
	    (rc = api_patch_str(r, body, "expected_effect", &in->expected_effect)) ||
	    (rc = api_patch_str(r, body, "actions_taken", &in->actions_taken)) ||
	    (rc = api_ids(r, body, "recommendation_ids", &in->recommendation_ids, &in->n_recommendation_ids,
			  &in->set_recommendations)))
		return rc;
	return 0;
}

API_INPUT_OF(area_input, struct action_area_input, area_input_of)
API_CREATOR_IN(area_new, area_create, "response")
API_UPDATER(area_change, area_update)
API_GETTER(area_read, area_get)

static const struct api_record_def area_def = {
	API_RECORD(struct action_area, struct action_area_input),
	.kind = "action_area",
	.location = "/api/v1/action-areas/",
	.input_of = area_input,
	.members = area_members,
	.create = area_new,
	.update = area_change,
	.get = area_read,
	.current = write_area,
};

int api_response_area_add(struct req *r)
{
	return api_create(r, &area_def);
}

int api_areas_update(struct req *r)
{
	return api_update(r, &area_def);
}

/* --- measures ------------------------------------------------------------------------------- */

static void write_measure(struct json *j, const void *rec)
{
	char today[TIME_ISO_LEN];
	time_today_iso(today);
	measure_json(j, rec, today);
}

static int measure_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct measure *m = rec;
	struct measure *chain;
	struct measure_handover *hs;
	size_t nc, nh;
	char today[TIME_ISO_LEN];
	struct json j;
	int rc;

	time_today_iso(today);
	if ((rc = measure_history(db, r->arena, m, &chain, &nc, &hs, &nh, &r->err)))
		return rc;
	api_etag(r, m->version);
	api_begin(r, &j, status);
	measure_json_open(&j, m, today);
	json_key(&j, "history");
	json_arr_open(&j);
	for (size_t i = 0; i < nc; i++)
		measure_json(&j, &chain[i], NULL);
	json_arr_close(&j);
	json_key(&j, "handovers");
	json_arr_open(&j);
	for (size_t i = 0; i < nh; i++)
		handover_json(&j, &hs[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

static int measure_members(struct req *r, json_t *body, void *input)
{
	struct measure_input *in = input;
	int rc;
	if ((rc = api_patch_id(r, body, "area_id", &in->area_id)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_id(r, body, "unit_id", &in->unit_id)) ||
	    (rc = api_patch_id(r, body, "owner_id", &in->owner_id)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)) ||
	    (rc = api_patch_str(r, body, "comment", &in->comment)) ||
	    (rc = api_patch_str(r, body, "case_ref", &in->case_ref)) ||
	    (rc = api_patch_str(r, body, "planned_date", &in->planned_date)) ||
	    (rc = api_patch_str(r, body, "done_date", &in->done_date)))
		return rc;
	return 0;
}

API_INPUT_OF(measure_input, struct measure_input, measure_input_of)
API_CREATOR_IN(measure_new, measure_create, "response")
API_UPDATER(measure_change, measure_update)
API_GETTER(measure_read, measure_get)

static const struct api_record_def measure_def = {
	API_RECORD(struct measure, struct measure_input),
	.kind = "measure",
	.location = "/api/v1/measures/",
	.input_of = measure_input,
	.members = measure_members,
	.create = measure_new,
	.update = measure_change,
	.get = measure_read,
	.answer = measure_answer,
	.current = write_measure,
};

int api_response_measure_add(struct req *r)
{
	return api_create(r, &measure_def);
}

/* The measures' filters: unit, person and overdue (by today, which the items are written with). */
static int measure_filter(struct req *r, void *filter)
{
	struct measure_filter *f = filter;
	char *today = arena_calloc(r->arena, 1, TIME_ISO_LEN);
	int overdue = 0, rc;

	time_today_iso(today);
	if ((rc = filter_id(req_query_get, r, "unit_id", &f->unit_id, &r->err)) ||
	    (rc = filter_id(req_query_get, r, "owner_id", &f->owner_id, &r->err)) ||
	    (rc = filter_bool(req_query_get, r, "overdue", &overdue, &r->err)))
		return rc;
	f->overdue = overdue == 1;
	f->today = today;
	return 0;
}

static int measure_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct measure *items;
	int rc = measure_list(db, r->arena, f, &items, &out->n, &out->total, &r->err);
	out->items = items;
	out->ctx = ((const struct measure_filter *)f)->today;
	return rc;
}

static void measure_item(struct json *j, const void *items, size_t i, const void *today)
{
	measure_json(j, (const struct measure *)items + i, today);
}

static const struct api_collection measures = {
	API_FILTER(struct measure_filter),
	.filter = measure_filter,
	.list = measure_page,
	.item = measure_item,
};

int api_measures_list(struct req *r)
{
	return api_list(r, &measures);
}

int api_measures_get(struct req *r)
{
	return api_get(r, &measure_def);
}

int api_measures_update(struct req *r)
{
	return api_update(r, &measure_def);
}

int api_measures_handover(struct req *r)
{
	const struct measure *before = scope_record(&r->scope, "measure");
	struct measure m;
	const char *on = NULL, *note = NULL;
	int64_t to = 0, version = 0;
	json_t *body = api_body(r);
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_id(r, body, "to_unit_id", &to)) || (rc = api_patch_str(r, body, "handed_on", &on)) ||
	    (rc = api_patch_str(r, body, "note", &note)) || (rc = api_version(r, body, &version)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = measure_handover(db, r->arena, r->auth, before, version, to, on, note, &r->err)) ||
	    (rc = measure_get(db, r->arena, before->id, &m, &r->err)))
		return rc;
	return measure_answer(r, db, 200, &m);
}

int api_measures_activity(struct req *r)
{
	const struct measure *m = scope_record(&r->scope, "measure");
	struct json j;
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = measure_activity_create(db, r->arena, r->auth, r->lang, m, &id, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/activities/%" PRId64, id));
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_int(&j, "activity_id", id);
	json_kv_int(&j, "measure_id", m->id);
	json_obj_close(&j);
	return 0;
}

/* --- recommendations ------------------------------------------------------------------------- */

API_FILTER_READER(rec_filter, recommendation_filter_parse)
API_PAGE_LISTER(rec_page, struct recommendation, recommendation_list)
API_ITEM_WRITER(rec_item, struct recommendation, recommendation_json)
API_LIST_EXPORTER(rec_render, recommendation_export)

API_LIST_EXPORT_NAME(rec_filename, recommendation_export_filename)

static const struct api_collection recommendations = {
	API_FILTER(struct recommendation_filter),    .filter = rec_filter, .list = rec_page,         .item = rec_item,
	.formats_msg = N_("Use json, csv or xlsx."), .render = rec_render, .filename = rec_filename,
};

int api_recommendations_list(struct req *r)
{
	return api_list(r, &recommendations);
}

int api_recommendations_export(struct req *r)
{
	return api_export(r, &recommendations);
}

static int rec_answer(struct req *r, struct db *db, int status, const void *record)
{
	const struct recommendation *rec = record;
	struct finding *fs;
	struct measure *ms;
	size_t nf, nm;
	struct json j;
	int rc;

	if ((rc = finding_of_recommendation(db, r->arena, rec->id, &fs, &nf, &r->err)) ||
	    (rc = measure_of_recommendation(db, r->arena, rec->id, &ms, &nm, &r->err)))
		return rc;
	api_etag(r, rec->version);
	api_begin(r, &j, status);
	recommendation_json_open(&j, rec);
	json_key(&j, "examined");
	json_arr_open(&j);
	for (size_t i = 0; i < nf; i++) {
		finding_json_open(&j, &fs[i]);
		json_kv_str(&j, "inspection_title", fs[i].inspection_title);
		json_kv_str(&j, "inspection_date", fs[i].inspection_date);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	measures_json(&j, ms, nm);
	json_obj_close(&j);
	return 0;
}

static const struct api_record_def rec_def = {
	API_RECORD(struct recommendation, struct recommendation_input),
	.kind = "recommendation",
	.input_of = rec_input_of,
	.members = rec_members,
	.update = rec_update,
	.get = rec_get,
	.answer = rec_answer,
	.current = write_rec,
};

int api_recommendations_get(struct req *r)
{
	return api_get(r, &rec_def);
}

int api_recommendations_update(struct req *r)
{
	return api_update(r, &rec_def);
}
