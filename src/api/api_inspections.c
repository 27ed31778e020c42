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

static void today_of(char out[TIME_ISO_LEN])
{
	time_now_iso(out);
	out[10] = 0;
}

static void attachment(struct req *r, const char *name)
{
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", name));
}

static int export_format_arg(struct req *r, enum export_format *out)
{
	const char *s = req_query(r, "format");
	int f = export_format_parse(s ? s : "json");
	if (f < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("Use json, csv or xlsx."));
	*out = (enum export_format)f;
	return 0;
}

/* --- audits ----------------------------------------------------------------------------- */

static void write_insp(struct json *j, const void *rec)
{
	inspection_json(j, rec, NULL, 0);
}

static int insp_answer(struct req *r, struct db *db, int status, const struct inspection *x)
{
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

int api_inspections_list(struct req *r)
{
	struct inspection_filter f = { 0 };
	struct inspection *list;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = inspection_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = inspection_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		inspection_json(&j, &list[i], NULL, 0);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

/* The list @fn makes, with the request's filters, in ?format= (json by default), to download. */
static int send_export(struct req *r,
		       int (*fn)(struct db *db, struct arena *a, int64_t viewer_id, enum lang lang,
				 enum export_format format, const char *(*get)(void *ctx, const char *name), void *ctx,
				 struct export_file *out, struct err *e))
{
	enum export_format fmt = EXPORT_JSON;
	struct export_file f;
	struct db *db;
	int rc;

	if ((rc = export_format_arg(r, &fmt)) || (rc = api_db(r, &db)) ||
	    (rc = fn(db, r->arena, r->auth->user_id, r->lang, fmt, req_query_get, r, &f, &r->err)))
		return rc;
	buf_add(&r->resp.body, f.data, f.len);
	r->resp.content_type = f.mime;
	attachment(r, f.name);
	return 0;
}

int api_inspections_export(struct req *r)
{
	return send_export(r, inspection_export_args);
}

static int insp_members(struct req *r, json_t *body, struct inspection_input *in)
{
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

int api_inspections_create(struct req *r)
{
	struct inspection_input in = { 0 };
	struct inspection x;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = insp_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = inspection_create(db, r->arena, r->auth, &in, &id, &r->err)) ||
	    (rc = inspection_get(db, r->arena, id, &x, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/inspections/%" PRId64, id));
	return insp_answer(r, db, 201, &x);
}

int api_inspections_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : insp_answer(r, db, 200, scope_record(&r->scope, "inspection"));
}

int api_inspections_update(struct req *r)
{
	const struct inspection *before = scope_record(&r->scope, "inspection");
	struct inspection_input in = inspection_input_of(before);
	struct inspection x, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = insp_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = inspection_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_insp, &cur);
	}
	if (rc || (rc = inspection_get(db, r->arena, before->id, &x, &r->err)))
		return rc;
	return insp_answer(r, db, 200, &x);
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
	buf_add(&r->resp.body, (const char *)bytes, len);
	r->resp.content_type = f.mime;
	attachment(r, f.file_name);
	resp_header(r, "Digest", arena_printf(r->arena, "sha-256=%s", f.sha256));
	return 0;
}

static int rec_members(struct req *r, json_t *body, struct recommendation_input *in)
{
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

int api_inspection_recommendation_add(struct req *r)
{
	const struct inspection *x = scope_record(&r->scope, "inspection");
	struct recommendation_input in = { 0 };
	struct recommendation rec;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = rec_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = recommendation_create(db, r->arena, r->auth, x, &in, &id, &r->err)) ||
	    (rc = recommendation_get(db, r->arena, id, NULL, &rec, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/recommendations/%" PRId64, id));
	return api_record(r, 201, rec.version, write_rec, &rec);
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

static int resp_answer(struct req *r, struct db *db, int status, const struct audit_response *s)
{
	struct action_area *areas;
	struct measure *ms;
	size_t na, nm;
	char today[TIME_ISO_LEN];
	struct json j;
	int rc;

	today_of(today);
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
	json_key(&j, "measures");
	json_arr_open(&j);
	for (size_t i = 0; i < nm; i++)
		measure_json(&j, &ms[i], today);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

static int resp_members(struct req *r, json_t *body, struct response_input *in)
{
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

int api_inspection_response_add(struct req *r)
{
	struct inspection x;
	struct response_input in = { 0 };
	struct audit_response s;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	/* The route's scope is the responding board; the audit is the path's, read here. */
	if ((rc = resp_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = inspection_get(db, r->arena, req_arg_id(r, 0), &x, &r->err)) ||
	    (rc = response_create(db, r->arena, r->auth, &x, &in, &id, &r->err)) ||
	    (rc = response_get(db, r->arena, id, &s, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/responses/%" PRId64, id));
	return resp_answer(r, db, 201, &s);
}

int api_responses_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : resp_answer(r, db, 200, scope_record(&r->scope, "response"));
}

int api_responses_update(struct req *r)
{
	const struct audit_response *before = scope_record(&r->scope, "response");
	struct response_input in = response_input_of(before);
	struct audit_response s, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = resp_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = response_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_resp, &cur);
	}
	if (rc || (rc = response_get(db, r->arena, before->id, &s, &r->err)))
		return rc;
	return resp_answer(r, db, 200, &s);
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

int api_responses_supplement(struct req *r)
{
	const struct audit_response *before = scope_record(&r->scope, "response");
	struct audit_response s;
	const char *date = NULL;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_str(r, body, "response_date", &date)) || (rc = api_db(r, &db)) ||
	    (rc = response_supplement(db, r->arena, r->auth, before, date, &id, &r->err)) ||
	    (rc = response_get(db, r->arena, id, &s, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/responses/%" PRId64, id));
	return resp_answer(r, db, 201, &s);
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
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = mime;
	attachment(r, response_report_filename(r->arena, s, format ? format : "html"));
	return 0;
}

/* --- action areas --------------------------------------------------------------------------- */

static void write_area(struct json *j, const void *rec)
{
	area_json(j, rec);
}

static int area_members(struct req *r, json_t *body, struct action_area_input *in)
{
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

int api_response_area_add(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct action_area_input in = { 0 };
	struct action_area x;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = area_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = area_create(db, r->arena, r->auth, s, &in, &id, &r->err)) ||
	    (rc = area_get(db, r->arena, id, &x, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/action-areas/%" PRId64, id));
	return api_record(r, 201, x.version, write_area, &x);
}

int api_areas_update(struct req *r)
{
	const struct action_area *before = scope_record(&r->scope, "action_area");
	struct action_area_input in = area_input_of(before);
	struct action_area x, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = area_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = area_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_area, &cur);
	}
	if (rc || (rc = area_get(db, r->arena, before->id, &x, &r->err)))
		return rc;
	return api_record(r, 200, x.version, write_area, &x);
}

/* --- measures ------------------------------------------------------------------------------- */

static void write_measure(struct json *j, const void *rec)
{
	char today[TIME_ISO_LEN];
	today_of(today);
	measure_json(j, rec, today);
}

static int measure_answer(struct req *r, struct db *db, int status, const struct measure *m)
{
	struct measure *chain;
	struct measure_handover *hs;
	size_t nc, nh;
	char today[TIME_ISO_LEN];
	struct json j;
	int rc;

	today_of(today);
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

static int measure_members(struct req *r, json_t *body, struct measure_input *in)
{
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

int api_response_measure_add(struct req *r)
{
	const struct audit_response *s = scope_record(&r->scope, "response");
	struct measure_input in = { 0 };
	struct measure m;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = measure_members(r, body, &in)) || (rc = api_db(r, &db)) ||
	    (rc = measure_create(db, r->arena, r->auth, s, &in, &id, &r->err)) ||
	    (rc = measure_get(db, r->arena, id, &m, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/measures/%" PRId64, id));
	return measure_answer(r, db, 201, &m);
}

int api_measures_list(struct req *r)
{
	struct measure_filter f = { 0 };
	struct measure *list;
	size_t n;
	int64_t total = 0;
	int overdue = 0;
	char today[TIME_ISO_LEN];
	struct json j;
	struct db *db;
	int rc;

	today_of(today);
	if ((rc = api_paging(r, &f.limit, &f.offset)) ||
	    (rc = filter_id(req_query_get, r, "unit_id", &f.unit_id, &r->err)) ||
	    (rc = filter_id(req_query_get, r, "owner_id", &f.owner_id, &r->err)) ||
	    (rc = filter_bool(req_query_get, r, "overdue", &overdue, &r->err)))
		return rc;
	f.overdue = overdue == 1;
	f.viewer_id = r->auth->user_id;
	f.today = today;
	if ((rc = api_db(r, &db)) || (rc = measure_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		measure_json(&j, &list[i], today);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_measures_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : measure_answer(r, db, 200, scope_record(&r->scope, "measure"));
}

int api_measures_update(struct req *r)
{
	const struct measure *before = scope_record(&r->scope, "measure");
	struct measure_input in = measure_input_of(before);
	struct measure m, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = measure_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = measure_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_measure, &cur);
	}
	if (rc || (rc = measure_get(db, r->arena, before->id, &m, &r->err)))
		return rc;
	return measure_answer(r, db, 200, &m);
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

int api_recommendations_list(struct req *r)
{
	struct recommendation_filter f = { 0 };
	struct recommendation *list;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)) ||
	    (rc = recommendation_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = recommendation_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		recommendation_json(&j, &list[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_recommendations_export(struct req *r)
{
	return send_export(r, recommendation_export_args);
}

static int rec_answer(struct req *r, struct db *db, int status, const struct recommendation *rec)
{
	struct finding *fs;
	struct measure *ms;
	size_t nf, nm;
	char today[TIME_ISO_LEN];
	struct json j;
	int rc;

	today_of(today);
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
	json_key(&j, "measures");
	json_arr_open(&j);
	for (size_t i = 0; i < nm; i++)
		measure_json(&j, &ms[i], today);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_recommendations_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : rec_answer(r, db, 200, scope_record(&r->scope, "recommendation"));
}

int api_recommendations_update(struct req *r)
{
	const struct recommendation *before = scope_record(&r->scope, "recommendation");
	struct recommendation_input in = recommendation_input_of(before);
	struct recommendation rec, cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = rec_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = recommendation_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_rec, &cur);
	}
	if (rc || (rc = recommendation_get(db, r->arena, before->id, NULL, &rec, &r->err)))
		return rc;
	return rec_answer(r, db, 200, &rec);
}
