/*
 * api_reviews.c - the JSON resources of the self-assessment, the key
 * figures and the organisation-wide picture, and the management review
 * with the DPO's recommendations. The rules are the domain's; every write
 * answers with the record as it now is.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "api/api_reviews.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/figures.h"
#include "domain/maturity.h"
#include "domain/plan_report.h"
#include "domain/review.h"
#include "domain/review_report.h"
#include "domain/situation.h"
#include "domain/unit.h"

/* --- the self-assessment -------------------------------------------------------------------- */

static int maturity_reply(struct req *r, struct db *db, int status, int64_t id)
{
	struct maturity_assessment m;
	struct maturity_answer *x;
	size_t n;
	struct json j;
	int rc;

	if ((rc = maturity_get(db, r->arena, id, &m, &r->err)) ||
	    (rc = maturity_answers(db, r->arena, &m, &x, &n, &r->err)))
		return rc;
	api_etag(r, m.version);
	api_begin(r, &j, status);
	maturity_json(&j, &m, x, n);
	return 0;
}

int api_maturity_list(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct maturity_assessment *list;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = maturity_of_unit(db, r->arena, u->id, &list, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		maturity_json(&j, &list[i], NULL, 0);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_maturity_create(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	json_t *body = api_body(r);
	int64_t year = 0, id = 0;
	int present;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "year", &year, &present)) || (rc = api_db(r, &db)) ||
	    (rc = maturity_start(db, r->arena, r->auth, u, year, &id, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/maturity/%" PRId64, id));
	return maturity_reply(r, db, 201, id);
}

int api_maturity_get(struct req *r)
{
	const struct maturity_assessment *m = scope_record(&r->scope, "maturity");
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : maturity_reply(r, db, 200, m->id);
}

int api_maturity_answers(struct req *r)
{
	const struct maturity_assessment *m = scope_record(&r->scope, "maturity");
	struct maturity_answer_input *in;
	json_t *body = api_body(r), *answers;
	int64_t version = 0;
	size_t n;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_version(r, body, &version)))
		return rc;
	answers = json_object_get(body, "answers");
	if (!json_is_array(answers))
		return err_set(&r->err, ERR_INVALID, "answers", N_("Give the answers as a list."));
	n = json_array_size(answers);
	in = arena_calloc(r->arena, n ? n : 1, sizeof(*in));
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(answers, i);
		int present = 0, met = 0;
		if (!json_is_object(a))
			return err_set(&r->err, ERR_INVALID, "answers", N_("Give the answers as a list."));
		if ((rc = api_int(r, a, "question_id", &in[i].question_id, &present)))
			return rc;
		if (!present)
			return err_set(&r->err, ERR_INVALID, "question_id", N_("Name the question."));
		if ((rc = api_bool(r, a, "met", &met, &present)) || (rc = api_str(r, a, "comment", &in[i].comment)))
			return rc;
		in[i].met = met == 1;
	}
	if ((rc = api_db(r, &db)) || (rc = maturity_answer(db, r->arena, r->auth, m, version, in, n, &r->err)))
		return rc;
	return maturity_reply(r, db, 200, m->id);
}

int api_maturity_activity(struct req *r)
{
	const struct maturity_assessment *m = scope_record(&r->scope, "maturity");
	json_t *body = api_body(r);
	int64_t answer_id = 0, id = 0;
	int present;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "answer_id", &answer_id, &present)) || (rc = api_db(r, &db)) ||
	    (rc = maturity_gap_activity(db, r->arena, r->auth, r->lang, m, answer_id, &id, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/activities/%" PRId64, id));
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_int(&j, "activity_id", id);
	json_obj_close(&j);
	return 0;
}

int api_maturity_questions(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct maturity_question *q;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = maturity_bank(db, r->arena, unit_org_of(u->path), true, &q, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		maturity_question_json(&j, &q[i]);
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

static int question_members(struct req *r, json_t *body, void *input)
{
	struct maturity_question_input *in = input;
	int present, active = in->active ? 1 : 0;
	int rc;
	if ((rc = api_int(r, body, "step", &in->step, &present)) ||
	    (rc = api_int(r, body, "level", &in->level, &present)) ||
	    (rc = api_patch_str(r, body, "text", &in->text)) || (rc = api_bool(r, body, "active", &active, &present)))
		return rc;
	in->active = active == 1;
	return 0;
}

static void write_question(struct json *j, const void *rec)
{
	maturity_question_json(j, rec);
}

static void question_new(void *in)
{
	*(struct maturity_question_input *)in = (struct maturity_question_input){ .active = true };
}

static void question_input_of(const void *rec, void *in)
{
	const struct maturity_question *q = rec;
	*(struct maturity_question_input *)in =
		(struct maturity_question_input){ q->step, q->level, q->text, q->active };
}

API_CREATOR_IN(question_add, maturity_question_add, "unit")
API_GETTER(question_get, q_maturity_question_get)

static int question_update(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *cur)
{
	(void)cur;
	return maturity_question_update(db, r->arena, r->auth, before, version, in, &r->err);
}

static const struct api_record_def question_def = {
	API_RECORD(struct maturity_question, struct maturity_question_input),
	.kind = "maturity_question",
	.location = "/api/v1/maturity-questions/",
	.input_new = question_new,
	.input_of = question_input_of,
	.members = question_members,
	.create = question_add,
	.update = question_update,
	.get = question_get,
	.current = write_question,
};

int api_maturity_question_create(struct req *r)
{
	return api_create(r, &question_def);
}

int api_maturity_question_update(struct req *r)
{
	return api_update(r, &question_def);
}

/* --- key figures and the picture ------------------------------------------------------------- */

static void figures_json(struct json *j, const struct key_figure_set *s)
{
	json_obj_open(j);
	json_kv_str(j, "date", s->date);
	json_kv_bool(j, "before_data", s->before_data);
	json_key(j, "figures");
	json_arr_open(j);
	for (size_t i = 0; i < KEY_FIGURES; i++) {
		const struct key_figure_value *v = &s->v[i];
		json_obj_open(j);
		json_kv_str(j, "key", v->fig->key);
		json_kv_str(j, "module", v->fig->module);
		json_kv_bool(j, "available", v->available);
		json_kv_bool(j, "share", v->fig->share);
		if (v->available) {
			json_kv_int(j, "count", v->count);
			json_kv_int(j, "total", v->total);
		} else {
			json_kv_null(j, "count");
			json_kv_null(j, "total");
		}
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

int api_key_figures(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct key_figure_set s;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = figures_key(db, r->arena, u, req_query(r, "date"), &s, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	figures_json(&j, &s);
	return 0;
}

static void row_json(struct json *j, const struct situation_row *row)
{
	json_obj_open(j);
	json_kv_int(j, "unit_id", row->unit_id);
	json_kv_str(j, "unit_name", row->unit_name);
	if (row->level < 0)
		json_kv_null(j, "level");
	else
		json_kv_int(j, "level", row->level);
	json_key(j, "key_figures");
	figures_json(j, &row->figs);
	json_obj_close(j);
}

int api_situation(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct situation s;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) ||
	    (rc = situation_build(db, r->arena, r->auth, u, req_query(r, "date"), &s, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_str(&j, "date", s.date);
	json_kv_bool(&j, "before_data", s.before_data);
	json_key(&j, "unit");
	row_json(&j, &s.self);
	json_key(&j, "units");
	json_arr_open(&j);
	for (size_t i = 0; i < s.n_rows; i++)
		row_json(&j, &s.rows[i]);
	json_arr_close(&j);
	json_key(&j, "years");
	json_arr_open(&j);
	for (size_t k = 0; k < SITUATION_YEARS; k++) {
		json_obj_open(&j);
		json_kv_int(&j, "year", s.years[k].year);
		if (s.years[k].level < 0)
			json_kv_null(&j, "level");
		else
			json_kv_int(&j, "level", s.years[k].level);
		json_key(&j, "key_figures");
		figures_json(&j, &s.years[k].figs);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

/* --- management reviews ----------------------------------------------------------------------- */

static int review_answer(struct req *r, struct db *db, int status, int64_t id)
{
	struct review v;
	struct review_text *t;
	struct review_priority *p;
	size_t nt, np;
	struct json j;
	int rc;

	if ((rc = review_get(db, r->arena, id, &v, &r->err)) ||
	    (rc = q_review_texts(db, r->arena, id, &t, &nt, &r->err)) ||
	    (rc = q_review_priorities(db, r->arena, id, &p, &np, &r->err)))
		return rc;
	api_etag(r, v.version);
	api_begin(r, &j, status);
	review_json(&j, &v, t, nt, p, np);
	return 0;
}

int api_reviews_list(struct req *r)
{
	struct review *list;
	int64_t limit = 0, offset = 0;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = review_list(db, r->arena, r->auth, limit, offset, &list, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		review_json(&j, &list[i], NULL, 0, NULL, 0);
	api_list_end(&j, offset + (int64_t)n, limit, offset);
	return 0;
}

/* The members of a review's body: contact, case_ref and the sections' texts under "texts". */
static int review_members(struct req *r, json_t *body, struct review_input *in)
{
	json_t *texts = json_object_get(body, "texts");
	int rc;

	if ((rc = api_patch_str(r, body, "contact", &in->contact)) ||
	    (rc = api_patch_str(r, body, "case_ref", &in->case_ref)))
		return rc;
	if (texts && !json_is_object(texts) && !json_is_null(texts))
		return err_set(&r->err, ERR_INVALID, "texts", N_("Give the texts as an object of sections."));
	if (json_is_object(texts)) {
		const char *key;
		json_t *val;
		json_object_foreach(texts, key, val)
		{
			(void)val;
			if (!review_section_find(key))
				return err_set1(&r->err, ERR_INVALID, "texts", N_("There is no section %s."), key);
		}
		for (size_t i = 0; i < REVIEW_SECTIONS; i++)
			if ((rc = api_patch_str(r, texts, review_sections[i].key, &in->texts[i])))
				return rc;
	}
	return 0;
}

int api_reviews_create(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct review_input in = { 0 };
	json_t *body = api_body(r);
	int64_t year = 0, id = 0;
	int present;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "year", &year, &present)) || (rc = review_members(r, body, &in)) ||
	    (rc = api_db(r, &db)) || (rc = review_create(db, r->arena, r->auth, u, year, &in, &id, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/reviews/%" PRId64, id));
	return review_answer(r, db, 201, id);
}

int api_reviews_get(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : review_answer(r, db, 200, v->id);
}

int api_reviews_update(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct review_input in = review_input_of(v);
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = review_members(r, body, &in)) || (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)) ||
	    (rc = review_update(db, r->arena, r->auth, v, version, &in, &r->err)))
		return rc;
	return review_answer(r, db, 200, v->id);
}

int api_reviews_priority_add(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	json_t *body = api_body(r);
	const char *text = NULL;
	int64_t version = 0, year = 0;
	int present;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "year", &year, &present)) || (rc = api_str(r, body, "text", &text)) ||
	    (rc = api_version(r, body, &version)) || (rc = api_db(r, &db)) ||
	    (rc = review_priority_add(db, r->arena, r->auth, v, version, year, text, NULL, &r->err)))
		return rc;
	return review_answer(r, db, 201, v->id);
}

int api_reviews_priority_remove(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	json_t *body = api_body(r);
	int64_t version = 0, id = 0;
	int present;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "priority_id", &id, &present)) || (rc = api_version(r, body, &version)) ||
	    (rc = api_db(r, &db)) || (rc = review_priority_remove(db, r->arena, r->auth, v, version, id, &r->err)))
		return rc;
	return review_answer(r, db, 200, v->id);
}

int api_reviews_approve(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	struct review_approval in = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "approved_by", &in.approved_by)) ||
	    (rc = api_str(r, body, "approved_on", &in.approved_on)) ||
	    (rc = api_str(r, body, "case_ref", &in.case_ref)) || (rc = api_version(r, body, &version)) ||
	    (rc = api_db(r, &db)) || (rc = review_approve(db, r->arena, r->auth, r->lang, v, version, &in, &r->err)))
		return rc;
	return review_answer(r, db, 200, v->id);
}

int api_reviews_new_version(struct req *r)
{
	const struct review *v = scope_record(&r->scope, "review");
	int64_t id = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = review_new_version(db, r->arena, r->auth, v, &id, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/reviews/%" PRId64, id));
	return review_answer(r, db, 201, id);
}

int api_reviews_document(struct req *r)
{
	static const char *const ext[] = { "html", "md", "docx" };
	const struct review *v = scope_record(&r->scope, "review");
	const char *f = req_query(r, "format"), *data, *mime;
	int format = plan_report_format_parse(f && *f ? f : "html");
	struct doc *d;
	size_t len;
	struct db *db;
	int rc;

	if (format < 0)
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is html, md or docx."));
	if ((rc = api_db(r, &db)) || (rc = review_report_build(db, r->arena, r->lang, v, &d, &r->err)) ||
	    (rc = plan_report_render(r->arena, d, (enum plan_report_format)format, &data, &len, &mime, &r->err)))
		return rc;
	buf_add(&r->resp.body, data, len);
	r->resp.content_type = mime;
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"%s\"",
				 review_report_filename(r->arena, v, ext[format])));
	return 0;
}

/* --- the DPO's recommendations ------------------------------------------------------------------ */

static void write_dpo(struct json *j, const void *rec)
{
	dpo_json(j, rec);
}

static int dpo_members(struct req *r, json_t *body, void *input)
{
	struct dpo_input *in = input;
	int present, rc;
	if ((rc = api_int(r, body, "report_year", &in->report_year, &present)) ||
	    (rc = api_patch_str(r, body, "text", &in->text)) ||
	    (rc = api_patch_str(r, body, "followup", &in->followup)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)))
		return rc;
	return 0;
}

static void dpo_new(void *in)
{
	*(struct dpo_input *)in = (struct dpo_input){ .status = "open" };
}

static void dpo_input_of(const void *rec, void *in)
{
	const struct dpo_recommendation *d = rec;
	*(struct dpo_input *)in = (struct dpo_input){ d->report_year, d->text, d->followup, d->status };
}

API_CREATOR_IN(dpo_add, dpo_create, "unit")
API_GETTER(dpo_read, dpo_get)

static int dpo_change(struct req *r, struct db *db, const void *before, int64_t version, const void *in, void *cur)
{
	(void)cur;
	return dpo_update(db, r->arena, r->auth, before, version, in, &r->err);
}

static const struct api_record_def dpo_def = {
	API_RECORD(struct dpo_recommendation, struct dpo_input),
	.kind = "dpo_recommendation",
	.location = "/api/v1/dpo-recommendations/",
	.input_new = dpo_new,
	.input_of = dpo_input_of,
	.members = dpo_members,
	.create = dpo_add,
	.update = dpo_change,
	.get = dpo_read,
	.current = write_dpo,
};

int api_dpo_create(struct req *r)
{
	return api_create(r, &dpo_def);
}

int api_dpo_update(struct req *r)
{
	return api_update(r, &dpo_def);
}

int api_dpo_activity(struct req *r)
{
	const struct dpo_recommendation *before = scope_record(&r->scope, "dpo_recommendation");
	struct dpo_recommendation d;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = dpo_activity(db, r->arena, r->auth, r->lang, before, NULL, &r->err)) ||
	    (rc = dpo_get(db, r->arena, before->id, &d, &r->err)))
		return rc;
	return api_record(r, 201, d.version, write_dpo, &d);
}
