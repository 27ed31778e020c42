/*
 * api_risks.c - /api/v1/risk-analyses, /api/v1/risks, /api/v1/risk-threats
 * and an organisation's risk scales as JSON.
 *
 * Lists take the same filters as the pages (risk_analysis_filter_parse(),
 * risk_filter_parse()) and show only what is in units the caller sees. A
 * change sends only the members it changes, with the version it read; a
 * stale one gets 409 with the current record. The domain checks every
 * second record a write touches (an asset of a scope or a concern, the unit
 * an analysis moves to, the people named) inside its transaction, so the
 * API and the pages can never disagree.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "api/api_risks.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/risk.h"
#include "domain/risk_report.h"
#include "domain/unit.h"
#include "io/doc.h"

/* --- analyses --------------------------------------------------------------------- */

static void write_analysis(struct json *j, const void *rec)
{
	risk_analysis_json(j, rec);
}

API_FILTER_READER(analysis_filter, risk_analysis_filter_parse)
API_PAGE_LISTER(analysis_page, struct risk_analysis, risk_analysis_list)
API_ITEM_WRITER(analysis_item, struct risk_analysis, risk_analysis_json)

static const struct api_collection analyses = {
	API_FILTER(struct risk_analysis_filter),
	.filter = analysis_filter,
	.list = analysis_page,
	.item = analysis_item,
};

int api_risk_analyses_list(struct req *r)
{
	return api_list(r, &analyses);
}

static int analysis_members(struct req *r, json_t *body, void *input)
{
	struct risk_analysis_input *in = input;
	json_t *sections = json_object_get(body, "sections");
	int present = 0, rc;

	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) || (rc = api_patch_str(r, body, "kind", &in->kind)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_str(r, body, "scope_kind", &in->scope_kind)) ||
	    (rc = api_patch_str(r, body, "analysis_date", &in->analysis_date)) ||
	    (rc = api_patch_str(r, body, "method", &in->method)) ||
	    (rc = api_patch_str(r, body, "participants", &in->participants)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)) ||
	    (rc = api_int(r, body, "election_year", &in->election_year, &present)) ||
	    (rc = api_ids(r, body, "asset_ids", &in->asset_ids, &in->n_asset_ids, &in->set_assets)))
		return rc;
	if (sections && !json_is_null(sections)) {
		json_t *x;
		size_t i;
		if (!json_is_array(sections) || json_array_size(sections) > 7)
			return err_set(&r->err, ERR_INVALID, "sections",
				       N_("Give the seven parts as a list of texts."));
		json_array_foreach(sections, i, x)
		{
			if (json_is_null(x))
				continue;
			if (!json_is_string(x))
				return err_set(&r->err, ERR_INVALID, "sections",
					       N_("Give the seven parts as a list of texts."));
			in->sections[i] = arena_strdup(r->arena, json_string_value(x));
		}
	}
	return 0;
}

/* The analysis with its assets and, for an RSA, its parts. */
static int analysis_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct risk_analysis *an = rec;
	struct risk_scope_asset *assets;
	size_t n;
	const char *bodies[7];
	struct json j;
	int rc;

	if ((rc = risk_analysis_assets(db, r->arena, an->id, &assets, &n, &r->err)) ||
	    (rc = risk_rsa_sections(db, r->arena, an->id, bodies, &r->err)))
		return rc;
	api_etag(r, an->version);
	api_begin(r, &j, status);
	json_obj_open(&j);
	risk_analysis_json_members(&j, an);
	json_key(&j, "assets");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "id", assets[i].asset_id);
		json_kv_str(&j, "name", assets[i].name);
		json_kv_str(&j, "kind", assets[i].kind);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	if (!strcmp(an->kind, "rsa")) {
		json_key(&j, "sections");
		json_arr_open(&j);
		for (size_t i = 0; i < 7; i++)
			json_str(&j, bodies[i]);
		json_arr_close(&j);
	}
	json_obj_close(&j);
	return 0;
}

API_INPUT_OF(analysis_input_of, struct risk_analysis_input, risk_analysis_input_of)
API_CREATOR(analysis_create, risk_analysis_create)
API_UPDATER(analysis_update, risk_analysis_update)
API_GETTER(analysis_get, risk_analysis_get)

static const struct api_record_def analysis_def = {
	API_RECORD(struct risk_analysis, struct risk_analysis_input),
	.kind = "risk_analysis",
	.location = "/api/v1/risk-analyses/",
	.input_of = analysis_input_of,
	.members = analysis_members,
	.create = analysis_create,
	.update = analysis_update,
	.get = analysis_get,
	.answer = analysis_answer,
	.current = write_analysis,
};

int api_risk_analyses_create(struct req *r)
{
	return api_create(r, &analysis_def);
}

int api_risk_analyses_get(struct req *r)
{
	return api_get(r, &analysis_def);
}

int api_risk_analyses_update(struct req *r)
{
	return api_update(r, &analysis_def);
}

int api_risk_analyses_pull(struct req *r)
{
	const struct risk_analysis *an = scope_record(&r->scope, "risk_analysis");
	int64_t n_risks = 0, n_concerns = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = risk_analysis_pull(db, r->arena, r->auth, r->lang, an, &n_risks, &n_concerns, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "analysis_id", an->id);
	json_kv_int(&j, "risks_added", n_risks);
	json_kv_int(&j, "concerns_added", n_concerns);
	json_obj_close(&j);
	return 0;
}

/* --- risks --------------------------------------------------------------------------- */

static int risk_members(struct req *r, json_t *body, void *input)
{
	struct risk_input *in = input;
	int p = 0, rc;
	json_t *rl = json_object_get(body, "residual_likelihood"), *rcq = json_object_get(body, "residual_consequence");

	if ((rc = api_patch_id(r, body, "threat_id", &in->threat_id)) ||
	    (rc = api_patch_str(r, body, "threat", &in->threat)) ||
	    (rc = api_patch_str(r, body, "vulnerability", &in->vulnerability)) ||
	    (rc = api_patch_str(r, body, "consequence_text", &in->consequence_text)) ||
	    (rc = api_int(r, body, "likelihood", &in->likelihood, &p)) ||
	    (rc = api_int(r, body, "consequence", &in->consequence, &p)) ||
	    (rc = api_patch_str(r, body, "treatment", &in->treatment)) ||
	    (rc = api_patch_str(r, body, "treatment_reason", &in->treatment_reason)) ||
	    (rc = api_patch_id(r, body, "accepted_by", &in->accepted_by)) ||
	    (rc = api_patch_id(r, body, "owner_id", &in->owner_id)))
		return rc;
	/* null clears the residual assessment. */
	if (rl && json_is_null(rl))
		in->residual_likelihood = 0;
	else if ((rc = api_int(r, body, "residual_likelihood", &in->residual_likelihood, &p)))
		return rc;
	if (rcq && json_is_null(rcq))
		in->residual_consequence = 0;
	else if ((rc = api_int(r, body, "residual_consequence", &in->residual_consequence, &p)))
		return rc;
	return 0;
}

/* One risk with what it concerns, its measures and its band on its organisation's scales. */
static int risk_answer(struct req *r, struct db *db, int status, const void *rec)
{
	const struct risk *k = rec;
	struct risk_concern *cs;
	struct risk_measure *ms;
	struct risk_scale s;
	size_t n_cs, n_ms;
	struct json j;
	int rc;

	if ((rc = risk_scale_of(db, r->arena, k->unit_path, &s, &r->err)) ||
	    (rc = risk_concerns(db, r->arena, k->id, &cs, &n_cs, &r->err)) ||
	    (rc = risk_measures(db, r->arena, k->id, &ms, &n_ms, &r->err)))
		return rc;
	api_etag(r, k->version);
	api_begin(r, &j, status);
	json_obj_open(&j);
	risk_json_members(&j, k, &s);
	json_key(&j, "concerns");
	json_arr_open(&j);
	for (size_t i = 0; i < n_cs; i++) {
		/* An asset the caller does not see is not named. */
		if (!authz_in_scope(r->auth, ACCESS_READ, cs[i].asset_unit_path)) {
			cs[i].asset_name = tr(r->lang, "An asset in another unit");
			cs[i].asset_id = 0;
		}
		risk_concern_json(&j, &cs[i]);
	}
	json_arr_close(&j);
	json_key(&j, "measures");
	json_arr_open(&j);
	for (size_t i = 0; i < n_ms; i++)
		risk_measure_json(&j, &ms[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

API_FILTER_READER_INIT(risk_filter, risk_filter_init, risk_filter_parse)

/* The scales of each risk's organisation, for its band; a page rarely spans more than one. */
static int scales_of(struct req *r, struct db *db, const struct risk *list, size_t n, const struct risk_scale ***out)
{
	const struct risk_scale **scales = arena_calloc(r->arena, n ? n : 1, sizeof(*scales));
	struct risk_scale *s = NULL;
	int64_t org = -1;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (unit_org_of(list[i].unit_path) != org) {
			org = unit_org_of(list[i].unit_path);
			s = arena_calloc(r->arena, 1, sizeof(*s));
			if ((rc = risk_scale_of(db, r->arena, list[i].unit_path, s, &r->err)))
				return rc;
		}
		scales[i] = s;
	}
	*out = scales;
	return 0;
}

static int risk_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct risk *list;
	const struct risk_scale **scales;
	int rc;

	if ((rc = risk_list(db, r->arena, f, &list, &out->n, &out->total, &r->err)) ||
	    (rc = scales_of(r, db, list, out->n, &scales)))
		return rc;
	out->items = list;
	out->ctx = scales;
	return 0;
}

static void risk_item(struct json *j, const void *items, size_t i, const void *scales)
{
	risk_json(j, (const struct risk *)items + i, ((const struct risk_scale *const *)scales)[i]);
}

static const char *const risk_formats[] = { "json", "csv", "xlsx", "docx", "md", NULL };

static int risk_render(struct req *r, struct db *db, const void *f, const char *format, struct api_file *out)
{
	struct risk *items;
	struct doc *d;
	size_t n;
	int64_t total;
	int rc;

	if ((rc = risk_export_list(db, r->arena, f, &items, &n, &total, &r->err)))
		return rc;
	if (!strcmp(format, "csv")) {
		out->mime = "text/csv; charset=utf-8";
		return risk_export_csv(db, &r->resp.body, items, n, r->lang, &r->err);
	} else if (!strcmp(format, "xlsx")) {
		out->mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return risk_export_xlsx(db, r->arena, items, n, r->lang, &out->data, &out->len, &r->err);
	} else if (!strcmp(format, "docx") || !strcmp(format, "md")) {
		if ((rc = risk_register_doc(db, r->arena, r->lang, items, n, total, &d, &r->err)))
			return rc;
		if (!strcmp(format, "md")) {
			doc_markdown(&r->resp.body, d);
			out->mime = DOC_MIME_MD;
			return 0;
		}
		out->mime = DOC_MIME_DOCX;
		return doc_docx(r->arena, d, &out->data, &out->len, &r->err);
	} else {
		const struct risk_scale **scales;
		struct json j;
		if ((rc = scales_of(r, db, items, n, &scales)))
			return rc;
		api_list_begin(r, &j);
		for (size_t i = 0; i < n; i++)
			risk_json(&j, &items[i], scales[i]);
		json_arr_close(&j);
		json_kv_int(&j, "total", total);
		json_obj_close(&j);
		out->mime = r->resp.content_type;
	}
	return 0;
}

static const char *risk_filename(struct arena *a, const char *format)
{
	return risk_export_filename(a, "riskregister", format);
}

static const struct api_collection risks = {
	API_FILTER(struct risk_filter),
	.filter = risk_filter,
	.list = risk_page,
	.item = risk_item,
	.formats = risk_formats,
	.formats_msg = N_("Use json, csv, xlsx, docx or md."),
	.render = risk_render,
	.filename = risk_filename,
};

int api_risks_list(struct req *r)
{
	return api_list(r, &risks);
}

static void write_risk(struct json *j, const void *rec)
{
	risk_json(j, rec, NULL);
}

API_INPUT_OF(risk_input_of_rec, struct risk_input, risk_input_of)

static int risk_create_in(struct req *r, struct db *db, const void *in, int64_t *id)
{
	return risk_create(db, r->arena, r->auth, scope_record(&r->scope, "risk_analysis"), in, id, &r->err);
}

API_UPDATER(risk_update_in, risk_update)
API_GETTER(risk_get_id, risk_get)

static const struct api_record_def risk_def = {
	API_RECORD(struct risk, struct risk_input),
	.kind = "risk",
	.location = "/api/v1/risks/",
	.input_of = risk_input_of_rec,
	.members = risk_members,
	.create = risk_create_in,
	.update = risk_update_in,
	.get = risk_get_id,
	.answer = risk_answer,
	.current = write_risk,
};

int api_risks_create(struct req *r)
{
	return api_create(r, &risk_def);
}

int api_risks_get(struct req *r)
{
	return api_get(r, &risk_def);
}

int api_risks_update(struct req *r)
{
	return api_update(r, &risk_def);
}

int api_risks_concern_add(struct req *r)
{
	const struct risk *k = scope_record(&r->scope, "risk");
	json_t *body = api_body(r);
	int64_t asset = 0;
	int present = 0, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "asset_id", &asset, &present)) || (rc = api_db(r, &db)) ||
	    (rc = risk_concern_add(db, r->arena, r->auth, k, asset, &r->err)))
		return rc;
	return risk_answer(r, db, 201, k);
}

int api_risks_measure_add(struct req *r)
{
	const struct risk *k = scope_record(&r->scope, "risk");
	json_t *body = api_body(r);
	const char *title = NULL, *due = NULL;
	int64_t responsible = 0, id = 0;
	int present = 0, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "title", &title)) || (rc = api_str(r, body, "due_date", &due)) ||
	    (rc = api_int(r, body, "responsible_id", &responsible, &present)) || (rc = api_db(r, &db)) ||
	    (rc = risk_measure_add(db, r->arena, r->auth, r->lang, k, title, responsible, due, &id, &r->err)))
		return rc;
	return risk_answer(r, db, 201, k);
}

int api_risks_actions(struct req *r)
{
	const struct risk *k = scope_record(&r->scope, "risk");
	int64_t made = 0, linked = 0, skipped = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = risk_make_actions(db, r->arena, r->auth, r->lang, k, &made, &linked, &skipped, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "risk_id", k->id);
	json_kv_int(&j, "actions_made", made);
	json_kv_int(&j, "measures_added", linked);
	json_kv_int(&j, "skipped", skipped);
	json_obj_close(&j);
	return 0;
}

int api_risks_matrix(struct req *r)
{
	int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], total = 0;
	struct risk_filter f;
	struct risk_scale s;
	const char *path = NULL;
	struct json j;
	struct db *db;
	int rc;

	risk_filter_init(&f);
	if ((rc = risk_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	if (f.analysis_id) {
		struct risk_analysis an;
		if ((rc = risk_analysis_get(db, r->arena, f.analysis_id, &an, &r->err)))
			return rc == ERR_NOTFOUND
				       ? err_set(&r->err, ERR_INVALID, "analysis_id", N_("No such risk analysis."))
				       : rc;
		path = an.unit_path;
	} else if (f.unit_id) {
		if ((rc = unit_subtree(db, r->arena, f.unit_id, &path, &r->err)))
			return rc;
	} else {
		return err_set(&r->err, ERR_INVALID, "unit_id",
			       N_("Name the unit or the analysis: a matrix uses one organisation's scales."));
	}
	if ((rc = risk_scale_of(db, r->arena, path, &s, &r->err)) ||
	    (rc = risk_matrix(db, r->arena, &f, counts, &total, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_bool(&j, "residual", f.residual);
	json_kv_int(&j, "total", total);
	json_key(&j, "scale");
	risk_scale_json(&j, &s, r->lang);
	json_key(&j, "cells");
	json_arr_open(&j);
	for (int64_t l = 1; l <= s.likelihood_levels; l++)
		for (int64_t c = 1; c <= s.consequence_levels; c++) {
			json_obj_open(&j);
			json_kv_int(&j, "likelihood", l);
			json_kv_int(&j, "consequence", c);
			json_kv_int(&j, "risks", counts[l][c]);
			json_kv_str(&j, "band", risk_band_names[risk_band_of(&s, l * c)]);
			json_obj_close(&j);
		}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_risks_export(struct req *r)
{
	return api_export(r, &risks);
}

/* --- threats -------------------------------------------------------------------------------- */

static void write_threat(struct json *j, const void *rec)
{
	risk_threat_json(j, rec);
}

int api_risk_threats_list(struct req *r)
{
	const char *all = req_query(r, "all"), *category = req_query(r, "category");
	struct risk_threat *list;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = risk_threat_list(db, r->arena, all && !strcmp(all, "true"), category && *category ? category : NULL,
				   &list, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		risk_threat_json(&j, &list[i]);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

static int threat_members(struct req *r, json_t *body, struct risk_threat_input *in)
{
	int rc;
	if ((rc = api_patch_str(r, body, "code", &in->code)) ||
	    (rc = api_patch_str(r, body, "category", &in->category)) ||
	    (rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = api_patch_bool(r, body, "active", &in->active)))
		return rc;
	return 0;
}

/* A new threat: active. */
static void threat_input_new(void *in)
{
	*(struct risk_threat_input *)in = (struct risk_threat_input){ .active = true };
}

static int threat_body(struct req *r, json_t *body, void *in)
{
	return threat_members(r, body, in);
}

API_INPUT_OF(threat_input_of, struct risk_threat_input, risk_threat_input_of)
API_CREATOR(threat_new, risk_threat_create)
API_UPDATER(threat_change, risk_threat_update)
API_GETTER(threat_read, risk_threat_get)

static const struct api_record_def threat_def = {
	API_RECORD(struct risk_threat, struct risk_threat_input),
	.location = "/api/v1/risk-threats/",
	.input_new = threat_input_new,
	.input_of = threat_input_of,
	.members = threat_body,
	.create = threat_new,
	.update = threat_change,
	.get = threat_read,
	.current = write_threat,
};

int api_risk_threats_create(struct req *r)
{
	return api_create(r, &threat_def);
}

int api_risk_threats_update(struct req *r)
{
	return api_update(r, &threat_def);
}

/* --- scales --------------------------------------------------------------------------------- */

struct scale_answer {
	const struct risk_scale *s;
	enum lang lang;
};

static void write_scale(struct json *j, const void *rec)
{
	const struct scale_answer *x = rec;
	risk_scale_json(j, x->s, x->lang);
}

int api_risk_scale_get(struct req *r)
{
	struct unit u;
	struct risk_scale s;
	struct scale_answer x = { &s, r->lang };
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = unit_get(db, r->arena, req_arg_id(r, 0), &u, &r->err)))
		return rc;
	if (u.parent_id)
		return err_set(&r->err, ERR_NOTFOUND, "id",
			       N_("Risk scales belong to an organisation, not to a unit in it."));
	if ((rc = risk_scale_of(db, r->arena, u.path, &s, &r->err)))
		return rc;
	return api_record(r, 200, s.version, write_scale, &x);
}

/* A level map {"1": 1, "2": 3, ...} in member @key, into @map (levels 1..9); *given when present. */
static int level_map(struct req *r, json_t *body, const char *key, int64_t map[RISK_SCALE_MAX + 1], bool *given)
{
	json_t *v = json_object_get(body, key), *x;
	const char *k;

	*given = false;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return err_set(&r->err, ERR_INVALID, key, N_("Give the mapping as {\"current level\": new level}."));
	json_object_foreach(v, k, x)
	{
		if (k[0] < '1' || k[0] > '9' || k[1] || !json_is_integer(x))
			return err_set(&r->err, ERR_INVALID, key,
				       N_("Give the mapping as {\"current level\": new level}."));
		map[k[0] - '0'] = (int64_t)json_integer_value(x);
	}
	*given = true;
	return 0;
}

static int names_member(struct req *r, json_t *body, const char *key, const char **names)
{
	json_t *v = json_object_get(body, key), *x;
	size_t i;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) > RISK_SCALE_MAX)
		return err_set(&r->err, ERR_INVALID, key, N_("Give the names of the levels as a list of texts."));
	for (size_t k = 1; k <= RISK_SCALE_MAX; k++)
		names[k] = NULL;
	json_array_foreach(v, i, x)
	{
		if (json_is_null(x))
			continue;
		if (!json_is_string(x))
			return err_set(&r->err, ERR_INVALID, key,
				       N_("Give the names of the levels as a list of texts."));
		names[i + 1] = arena_strdup(r->arena, json_string_value(x));
	}
	return 0;
}

int api_risk_scale_update(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct risk_scale s, cur = { 0 };
	struct scale_answer x = { &s, r->lang };
	int64_t l_map[RISK_SCALE_MAX + 1] = { 0 }, c_map[RISK_SCALE_MAX + 1] = { 0 }, version = 0, n = 0;
	bool l_given, c_given;
	json_t *body = api_body(r), *colours;
	int present = 0, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = risk_scale_of(db, r->arena, org->path, &s, &r->err)))
		return rc;
	/* Names of the stored scale stay as stored unless sent; the defaults are not stored. */
	if ((rc = api_int(r, body, "likelihood_levels", &s.likelihood_levels, &present)) ||
	    (rc = api_int(r, body, "consequence_levels", &s.consequence_levels, &present)) ||
	    (rc = api_int(r, body, "medium_from", &s.medium_from, &present)) ||
	    (rc = api_int(r, body, "high_from", &s.high_from, &present)) ||
	    (rc = api_int(r, body, "very_high_from", &s.very_high_from, &present)) ||
	    (rc = names_member(r, body, "likelihood_names", s.likelihood_names)) ||
	    (rc = names_member(r, body, "consequence_names", s.consequence_names)) ||
	    (rc = level_map(r, body, "likelihood_map", l_map, &l_given)) ||
	    (rc = level_map(r, body, "consequence_map", c_map, &c_given)) || (rc = api_version(r, body, &version)))
		return rc;
	if ((colours = json_object_get(body, "colours")) && json_is_object(colours)) {
		for (size_t k = 0; k < 4; k++) {
			const char *c = NULL;
			if ((rc = api_str(r, colours, risk_band_names[k], &c)))
				return rc;
			if (c)
				s.colour[k] = c;
		}
	}
	rc = risk_scale_update(db, r->arena, r->auth, org, version, &s, l_given ? l_map : NULL, c_given ? c_map : NULL,
			       &n, &cur, &r->err);
	if (rc == ERR_CONFLICT) {
		struct scale_answer cx = { &cur, r->lang };
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_scale, &cx);
	}
	if (rc || (rc = risk_scale_of(db, r->arena, org->path, &s, &r->err)))
		return rc;
	resp_header(r, "X-Risks-Remapped", arena_printf(r->arena, "%" PRId64, n));
	return api_record(r, 200, s.version, write_scale, &x);
}
