/*
 * api_classify.c - /api/v1 for information classification.
 *
 * A classification is created from answers ({question_id, option_id}),
 * optional raised levels and motivations per aspect; the answer carries
 * the levels computed from the answers, the inherited minimum and the
 * result, exactly as the protocol page computes them (classify_compute).
 * Input errors name the member: "answers", "levels.<aspect>",
 * "motivations.<aspect>". Only the asset's owner can sign.
 *
 * The model and the question bank belong to an organisation (a root
 * unit): anyone with a role in the organisation reads them, its
 * administrators change them, with versions as everywhere else.
 */
#include <jansson.h>

#include "api/api_classify.h"

#include <inttypes.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_import.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/asset.h"
#include "domain/classify.h"
#include "domain/classify_import.h"
#include "domain/unit.h"

static const char *const api_level_fields[CLASS_N_ASPECTS] = {
	"levels.confidentiality",
	"levels.integrity",
	"levels.availability",
	"levels.traceability",
};
static const char *const api_motivation_fields[CLASS_N_ASPECTS] = {
	"motivations.confidentiality",
	"motivations.integrity",
	"motivations.availability",
	"motivations.traceability",
};

/* --- helpers --- */

/* The domain names form fields; the API names the JSON members. */
static int api_fields(struct req *r, int rc)
{
	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		if (r->err.field && !strcmp(r->err.field, class_level_fields[k]))
			r->err.field = api_level_fields[k];
		else if (r->err.field && !strcmp(r->err.field, class_motivation_fields[k]))
			r->err.field = api_motivation_fields[k];
	}
	return rc;
}

static int answer_classification(struct req *r, const struct classification *c, int status)
{
	struct json j;

	api_begin(r, &j, status);
	classify_json(&j, c, true);
	return 0;
}

/* --- classifications --- */

int api_class_asset_list(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct classification *list;
	size_t n;
	int64_t limit, offset;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = classify_list(db, r->arena, as->id, &list, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = (uint64_t)offset < n ? (size_t)offset : n, k = 0; i < n && k < (size_t)limit; i++, k++)
		classify_json(&j, &list[i], false);
	api_list_end(&j, (int64_t)n, limit, offset);
	return 0;
}

/* A raised level in "levels": a whole number, 0 or more. */
static int level_member(struct req *r, int k, json_t *v, struct class_input *in)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return err_set(&r->err, ERR_INVALID, api_level_fields[k], N_("Must be a whole number, 0 or more."));
	in->requested[k] = (int64_t)json_integer_value(v);
	return 0;
}

/* A motivation in "motivations": a text. */
static int motivation_member(struct req *r, int k, json_t *v, struct class_input *in)
{
	if (!json_is_string(v))
		return err_set(&r->err, ERR_INVALID, api_motivation_fields[k], N_("Must be a text string."));
	in->motivation[k] = arena_strndup(r->arena, json_string_value(v), json_string_length(v));
	return 0;
}

/*
 * Member @name of @body, an object with a member per aspect (absent or null
 * reads nothing): each non-null member is read by @read. ERR_INVALID naming
 * @name with @msgid when it is no object, or for an unknown aspect.
 */
static int per_aspect(struct req *r, json_t *body, const char *name, const char *msgid,
		      int (*read)(struct req *r, int k, json_t *v, struct class_input *in), struct class_input *in)
{
	json_t *o = json_object_get(body, name), *v;
	const char *key;
	int rc;

	if (!o || json_is_null(o))
		return 0;
	if (!json_is_object(o))
		return err_set(&r->err, ERR_INVALID, name, msgid);
	json_object_foreach(o, key, v)
	{
		int k = class_aspect_parse(key);
		if (k < 0)
			return err_set1(&r->err, ERR_INVALID, name, N_("Unknown aspect: %s"), key);
		if (!json_is_null(v) && (rc = read(r, k, v, in)))
			return rc;
	}
	return 0;
}

/* Read {answers, levels, motivations} into @in. */
static int class_input_from_body(struct req *r, json_t *body, struct class_input *in)
{
	json_t *ans = json_object_get(body, "answers");
	struct class_answer *a;
	int rc;

	memset(in, 0, sizeof(*in));
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		in->requested[k] = -1;
	if (ans && !json_is_null(ans) && !json_is_array(ans))
		return err_set(&r->err, ERR_INVALID, "answers", N_("Must be a list of {question_id, option_id}."));
	in->n_answers = json_is_array(ans) ? json_array_size(ans) : 0;
	a = arena_calloc(r->arena, in->n_answers + 1, sizeof(*a));
	for (size_t i = 0; i < in->n_answers; i++) {
		json_t *o = json_array_get(ans, i), *q = json_object_get(o, "question_id"),
		       *p = json_object_get(o, "option_id");
		if (!json_is_integer(q) || !json_is_integer(p))
			return err_set(&r->err, ERR_INVALID, "answers",
				       N_("Must be a list of {question_id, option_id}."));
		a[i] = (struct class_answer){ (int64_t)json_integer_value(q), (int64_t)json_integer_value(p) };
	}
	in->answers = a;
	if ((rc = per_aspect(r, body, "levels", N_("Must be an object of levels per aspect."), level_member, in)))
		return rc;
	return per_aspect(r, body, "motivations", N_("Must be an object of texts per aspect."), motivation_member, in);
}

int api_class_asset_create(struct req *r)
{
	const struct asset *as = scope_record(&r->scope, "asset");
	struct class_input in;
	struct class_computation comp;
	struct classification c;
	json_t *body = api_body(r);
	int64_t id;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = class_input_from_body(r, body, &in)) || (rc = api_db(r, &db)))
		return rc;
	if ((rc = classify_create(db, r->arena, r->auth, as, &in, &id, &comp, &r->err)))
		return api_fields(r, rc);
	if ((rc = classify_get(db, r->arena, id, &c, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/classifications/%" PRId64, id));
	return answer_classification(r, &c, 201);
}

int api_classification_get(struct req *r)
{
	const struct class_scope *cs = scope_record(&r->scope, "classification");
	return answer_classification(r, &cs->c, 200);
}

int api_classification_sign(struct req *r)
{
	const struct class_scope *cs = scope_record(&r->scope, "classification");
	struct classification c;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = classify_sign(db, r->arena, r->auth, &cs->asset, &cs->c, &r->err)) ||
	    (rc = classify_get(db, r->arena, cs->c.id, &c, &r->err)))
		return rc;
	return answer_classification(r, &c, 200);
}

/* --- the model --- */

static void write_model(struct json *j, const void *rec)
{
	classify_model_json(j, rec);
}

static int answer_model(struct req *r, const struct class_model *m)
{
	return api_record(r, 200, m->version, write_model, m);
}

int api_class_model_get(struct req *r)
{
	struct class_model m;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = classify_model_read(db, r->arena, r->auth, req_arg_id(r, 0), &m, &r->err)))
		return rc;
	return answer_model(r, &m);
}

/* Read the members of a model PATCH over @in (absent members keep their value). */
static int model_input_from_body(struct req *r, json_t *body, struct class_model_input *in)
{
	json_t *levels = json_object_get(body, "levels"), *v;
	int present, flag, rc;
	size_t i;

	if ((rc = api_bool(r, body, "use_traceability", &flag, &present)))
		return rc;
	if (present)
		in->use_traceability = flag;
	if ((rc = api_bool(r, body, "motivate_all", &flag, &present)))
		return rc;
	if (present)
		in->motivate_all = flag;
	if ((rc = api_int(r, body, "max_level", &in->max_level, NULL)) ||
	    (rc = api_int(r, body, "review_months", &in->review_months, NULL)))
		return rc;
	if (!levels || json_is_null(levels))
		return 0;
	if (!json_is_array(levels))
		return err_set(&r->err, ERR_INVALID, "levels", N_("Must be a list of {level, name, description}."));
	json_array_foreach(levels, i, v)
	{
		json_t *l = json_object_get(v, "level"), *name = json_object_get(v, "name"),
		       *desc = json_object_get(v, "description");
		int64_t n;
		if (!json_is_integer(l) || (n = (int64_t)json_integer_value(l)) < 0 || n >= CLASS_SCALE_MAX ||
		    (name && !json_is_string(name)) || (desc && !json_is_null(desc) && !json_is_string(desc)))
			return err_set(&r->err, ERR_INVALID, "levels",
				       N_("Must be a list of {level, name, description}."));
		if (name)
			in->names[n] = arena_strdup(r->arena, json_string_value(name));
		if (desc)
			in->descriptions[n] = json_is_null(desc) ? "" : arena_strdup(r->arena, json_string_value(desc));
	}
	return 0;
}

int api_class_model_update(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct class_model m, cur = { 0 };
	struct class_model_input in;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = classify_model_of(db, r->arena, org, &m, &r->err)))
		return rc;
	in = class_model_input_of(&m);
	if ((rc = model_input_from_body(r, body, &in)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = classify_model_update(db, r->arena, r->auth, &m, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_model, &cur);
	}
	if (rc) {
		/* The form's field names are the API's too, except the level list. */
		if (r->err.field && str_starts(r->err.field, "level_"))
			r->err.field = "levels";
		return rc;
	}
	if ((rc = classify_model_get(db, r->arena, m.org_id, &m, &r->err)))
		return rc;
	return answer_model(r, &m);
}

/* --- the question bank --- */

int api_class_questions_list(struct req *r)
{
	struct class_model m;
	struct class_question *qs;
	size_t n;
	int64_t limit, offset;
	const char *active = req_query(r, "active");
	struct json j;
	struct db *db;
	int rc;

	if (active && strcmp(active, "true") && strcmp(active, "false"))
		return err_set(&r->err, ERR_INVALID, "active", N_("Must be true or false."));
	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = classify_model_read(db, r->arena, r->auth, req_arg_id(r, 0), &m, &r->err)) ||
	    (rc = classify_questions(db, r->arena, m.org_id, active && !strcmp(active, "true"), &qs, &n, &r->err)))
		return rc;
	if (active && !strcmp(active, "false")) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (!qs[i].active)
				qs[k++] = qs[i];
		n = k;
	}
	api_list_begin(r, &j);
	for (size_t i = (uint64_t)offset < n ? (size_t)offset : n, k = 0; i < n && k < (size_t)limit; i++, k++)
		classify_question_json(&j, &qs[i]);
	api_list_end(&j, (int64_t)n, limit, offset);
	return 0;
}

/* Read "options": [{id?, text, implies_level}] into @in. */
static int options_from_body(struct req *r, json_t *opts, struct class_question_input *in)
{
	struct class_option_input *o;
	size_t i;
	json_t *v;

	if (!json_is_array(opts))
		return err_set(&r->err, ERR_INVALID, "options", N_("Must be a list of {text, implies_level}."));
	o = arena_calloc(r->arena, json_array_size(opts) + 1, sizeof(*o));
	json_array_foreach(opts, i, v)
	{
		json_t *id = json_object_get(v, "id"), *text = json_object_get(v, "text"),
		       *lvl = json_object_get(v, "implies_level");
		if (!json_is_string(text) || !json_is_integer(lvl) || (id && !json_is_null(id) && !json_is_integer(id)))
			return err_set(&r->err, ERR_INVALID, "options", N_("Must be a list of {text, implies_level}."));
		o[i].id = json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
		o[i].text = arena_strdup(r->arena, json_string_value(text));
		o[i].implies_level = (int64_t)json_integer_value(lvl);
	}
	in->options = o;
	in->n_options = json_array_size(opts);
	return 0;
}

static void write_question(struct json *j, const void *rec)
{
	classify_question_json(j, rec);
}

static int answer_question(struct req *r, struct db *db, int64_t id, int status)
{
	struct class_question q;
	int rc = classify_question_get(db, r->arena, id, &q, &r->err);

	return rc ? rc : api_record(r, status, q.version, write_question, &q);
}

int api_class_questions_create(struct req *r)
{
	const struct unit *org = scope_record(&r->scope, "unit");
	struct class_question_input in = { 0 };
	json_t *body = api_body(r);
	int64_t id;
	int active = 1, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "aspect", &in.aspect)) || (rc = api_str(r, body, "text", &in.text)) ||
	    (rc = api_str(r, body, "help", &in.help)) || (rc = api_bool(r, body, "active", &active, NULL)) ||
	    (rc = options_from_body(r, json_object_get(body, "options"), &in)))
		return rc;
	in.active = active;
	if ((rc = api_db(r, &db)) || (rc = classify_question_create(db, r->arena, r->auth, org->id, &in, &id, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/questions/%" PRId64, id));
	return answer_question(r, db, id, 201);
}

/* Answer 409 with the stored question. */
static int question_conflict(struct req *r, const struct class_question *cur)
{
	api_etag(r, cur->version);
	return api_conflict(r, &r->err, write_question, cur);
}

int api_class_question_update(struct req *r)
{
	const struct class_question *q = scope_record(&r->scope, "class_question");
	struct class_question_input in = class_question_input_of(r->arena, q);
	struct class_question cur = { 0 };
	json_t *body = api_body(r), *o;
	int64_t version = 0, position = 0;
	int has_pos, active, has_active, rc;
	bool changes;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_patch_str(r, body, "aspect", &in.aspect)) || (rc = api_patch_str(r, body, "text", &in.text)) ||
	    (rc = api_patch_str(r, body, "help", &in.help)) ||
	    (rc = api_bool(r, body, "active", &active, &has_active)) ||
	    (rc = api_int(r, body, "position", &position, &has_pos)))
		return rc;
	if (has_active)
		in.active = active;
	if ((o = json_object_get(body, "options")) && (rc = options_from_body(r, o, &in)))
		return rc;
	if ((rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	if (has_pos && position < 1)
		return err_set(&r->err, ERR_INVALID, "position", N_("Must be a whole number, 1 or more."));
	changes = json_object_get(body, "aspect") || json_object_get(body, "text") || json_object_get(body, "help") ||
		  has_active || o;
	if (changes) {
		rc = classify_question_update(db, r->arena, r->auth, q, version, &in, &cur, &r->err);
		if (rc == ERR_CONFLICT && cur.id)
			return question_conflict(r, &cur);
		if (rc)
			return rc;
		version++;
	}
	if (has_pos) {
		/* After a change the question is read again: its aspect may be another. */
		if (changes && (rc = classify_question_get(db, r->arena, q->id, &cur, &r->err)))
			return rc;
		rc = classify_question_place(db, r->arena, r->auth, changes ? &cur : q, version, position, &r->err);
		if (rc == ERR_CONFLICT && classify_question_get(db, r->arena, q->id, &cur, NULL) == 0)
			return question_conflict(r, &cur);
		if (rc)
			return rc;
	}
	return answer_question(r, db, q->id, 200);
}

int api_classifications_import(struct req *r)
{
	return api_import(r, classify_import_run);
}
