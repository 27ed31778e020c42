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

#include "api/api_classify.h"
#include "api/api_common.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/asset.h"
#include "domain/classify.h"
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

/* --- scope --- */

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

/* The organisation in the path, which the caller must have some role in. */
static int org_model(struct req *r, struct db *db, struct class_model *m)
{
	struct unit org;
	const char *prefix;
	bool member = false;
	int rc;

	if ((rc = unit_get(db, r->arena, req_arg_id(r, 0), &org, &r->err)))
		return rc;
	if (org.parent_id)
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("The unit is not an organisation."));
	prefix = org.path;
	for (size_t i = 0; i < r->auth->n_grants && !member; i++)
		member = r->auth->grants[i].unit_id == 0 ||
			 (r->auth->grants[i].unit_path && str_starts(r->auth->grants[i].unit_path, prefix));
	if (!member)
		return err_set(&r->err, ERR_FORBIDDEN, NULL, N_("Your roles do not give access to this organisation."));
	return classify_model_get(db, r->arena, org.id, m, &r->err);
}

static int answer_classification(struct req *r, struct db *db, int64_t id, int status)
{
	struct classification c;
	struct json j;
	int rc = classify_get(db, r->arena, id, &c, &r->err);
	if (rc)
		return rc;
	api_begin(r, &j, status);
	classify_json(&j, &c, true);
	return 0;
}

/* --- classifications --- */

int api_class_asset_list(struct req *r)
{
	struct classification *list;
	struct asset as;
	size_t n;
	int64_t limit, offset;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = asset_get(db, r->arena, req_arg_id(r, 0), &as, &r->err)) ||
	    (rc = classify_list(db, r->arena, as.id, &list, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = (uint64_t)offset < n ? (size_t)offset : n, k = 0; i < n && k < (size_t)limit; i++, k++)
		classify_json(&j, &list[i], false);
	api_list_end(&j, (int64_t)n, limit, offset);
	return 0;
}

/* Read {answers, levels, motivations} into @in. */
static int class_input_from_body(struct req *r, json_t *body, struct class_input *in)
{
	json_t *ans = json_object_get(body, "answers"), *lv = json_object_get(body, "levels"),
	       *mv = json_object_get(body, "motivations");
	struct class_answer *a;
	const char *key;
	json_t *v;

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
	if (lv && !json_is_null(lv)) {
		if (!json_is_object(lv))
			return err_set(&r->err, ERR_INVALID, "levels", N_("Must be an object of levels per aspect."));
		json_object_foreach(lv, key, v)
		{
			int k = class_aspect_parse(key);
			if (k < 0)
				return err_set1(&r->err, ERR_INVALID, "levels", N_("Unknown aspect: %s"), key);
			if (json_is_null(v))
				continue;
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return err_set(&r->err, ERR_INVALID, api_level_fields[k],
					       N_("Must be a whole number, 0 or more."));
			in->requested[k] = (int64_t)json_integer_value(v);
		}
	}
	if (mv && !json_is_null(mv)) {
		if (!json_is_object(mv))
			return err_set(&r->err, ERR_INVALID, "motivations",
				       N_("Must be an object of texts per aspect."));
		json_object_foreach(mv, key, v)
		{
			int k = class_aspect_parse(key);
			if (k < 0)
				return err_set1(&r->err, ERR_INVALID, "motivations", N_("Unknown aspect: %s"), key);
			if (json_is_null(v))
				continue;
			if (!json_is_string(v))
				return err_set(&r->err, ERR_INVALID, api_motivation_fields[k],
					       N_("Must be a text string."));
			in->motivation[k] = arena_strndup(r->arena, json_string_value(v), json_string_length(v));
		}
	}
	return 0;
}

int api_class_asset_create(struct req *r)
{
	struct class_input in;
	struct class_computation comp;
	json_t *body = api_body(r);
	int64_t id;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = class_input_from_body(r, body, &in)) || (rc = api_db(r, &db)))
		return rc;
	rc = classify_create(db, r->arena, r->auth, req_arg_id(r, 0), &in, &id, &comp, &r->err);
	if (rc)
		return api_fields(r, rc);
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/classifications/%" PRId64, id));
	return answer_classification(r, db, id, 201);
}

int api_classification_get(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	if (rc)
		return rc;
	return answer_classification(r, db, req_arg_id(r, 0), 200);
}

int api_classification_sign(struct req *r)
{
	struct db *db;
	int rc = api_db(r, &db);
	if (rc)
		return rc;
	rc = classify_sign(db, r->arena, r->auth, req_arg_id(r, 0), &r->err);
	if (rc)
		return rc;
	return answer_classification(r, db, req_arg_id(r, 0), 200);
}

/* --- the model --- */

static void write_model(struct json *j, const void *rec)
{
	classify_model_json(j, rec);
}

static int answer_model(struct req *r, const struct class_model *m)
{
	struct json j;
	api_etag(r, m->version);
	api_begin(r, &j, 200);
	classify_model_json(&j, m);
	return 0;
}

int api_class_model_get(struct req *r)
{
	struct class_model m;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = org_model(r, db, &m)))
		return rc;
	return answer_model(r, &m);
}

int api_class_model_update(struct req *r)
{
	struct class_model m, cur = { 0 };
	struct class_model_input in;
	json_t *body = api_body(r), *levels;
	int64_t version = 0;
	int present, flag, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = classify_model_get(db, r->arena, req_arg_id(r, 0), &m, &r->err)))
		return rc;
	memset(&in, 0, sizeof(in));
	in.use_traceability = m.use_traceability;
	in.max_level = m.max_level;
	in.review_months = m.review_months;
	for (int l = 0; l < CLASS_SCALE_MAX; l++) {
		in.names[l] = m.levels[l].name;
		in.descriptions[l] = m.levels[l].description;
	}
	if ((rc = api_bool(r, body, "use_traceability", &flag, &present)))
		return rc;
	if (present)
		in.use_traceability = flag;
	if ((rc = api_int(r, body, "max_level", &in.max_level, NULL)) ||
	    (rc = api_int(r, body, "review_months", &in.review_months, NULL)))
		return rc;
	levels = json_object_get(body, "levels");
	if (levels && !json_is_null(levels)) {
		size_t i;
		json_t *v;
		if (!json_is_array(levels))
			return err_set(&r->err, ERR_INVALID, "levels",
				       N_("Must be a list of {level, name, description}."));
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
				in.names[n] = arena_strdup(r->arena, json_string_value(name));
			if (desc)
				in.descriptions[n] =
					json_is_null(desc) ? "" : arena_strdup(r->arena, json_string_value(desc));
		}
	}
	if ((rc = api_version(r, body, &version)))
		return rc;
	rc = classify_model_update(db, r->arena, r->auth, m.org_id, version, &in, &cur, &r->err);
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
	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) || (rc = org_model(r, db, &m)) ||
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

static int answer_question(struct req *r, struct db *db, int64_t id, int status)
{
	struct class_question q;
	struct json j;
	int rc = classify_question_get(db, r->arena, id, &q, &r->err);
	if (rc)
		return rc;
	api_etag(r, q.version);
	api_begin(r, &j, status);
	classify_question_json(&j, &q);
	return 0;
}

int api_class_questions_create(struct req *r)
{
	struct class_question_input in = { 0 };
	struct class_model m;
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
	if ((rc = api_db(r, &db)) || (rc = classify_model_get(db, r->arena, req_arg_id(r, 0), &m, &r->err)))
		return rc;
	rc = classify_question_create(db, r->arena, r->auth, m.org_id, &in, &id, &r->err);
	if (rc)
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/questions/%" PRId64, id));
	return answer_question(r, db, id, 201);
}

static void write_question(struct json *j, const void *rec)
{
	classify_question_json(j, rec);
}

int api_class_question_update(struct req *r)
{
	struct class_question q, cur = { 0 };
	struct class_question_input in;
	struct class_option_input *opts;
	json_t *body = api_body(r), *o;
	int64_t version = 0, position = 0;
	int has_pos, active, has_active, rc;
	bool changes;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = classify_question_get(db, r->arena, req_arg_id(r, 0), &q, &r->err)))
		return rc;
	opts = arena_calloc(r->arena, q.n_options + 1, sizeof(*opts));
	for (size_t i = 0; i < q.n_options; i++)
		opts[i] = (struct class_option_input){ q.options[i].id, q.options[i].text, q.options[i].implies_level };
	in = (struct class_question_input){ q.aspect, q.text, q.help, q.active, opts, q.n_options };
	if ((rc = api_patch_str(r, body, "aspect", &in.aspect)) || (rc = api_patch_str(r, body, "text", &in.text)) ||
	    (rc = api_patch_str(r, body, "help", &in.help)) ||
	    (rc = api_bool(r, body, "active", &active, &has_active)) ||
	    (rc = api_int(r, body, "position", &position, &has_pos)))
		return rc;
	if (has_active)
		in.active = active;
	if ((o = json_object_get(body, "options")) && (rc = options_from_body(r, o, &in)))
		return rc;
	if ((rc = api_version(r, body, &version)))
		return rc;
	changes = json_object_get(body, "aspect") || json_object_get(body, "text") || json_object_get(body, "help") ||
		  has_active || o;
	if (changes) {
		rc = classify_question_update(db, r->arena, r->auth, q.id, version, &in, &cur, &r->err);
		if (rc == ERR_CONFLICT && cur.id) {
			api_etag(r, cur.version);
			return api_conflict(r, &r->err, write_question, &cur);
		}
		if (rc)
			return rc;
		version++;
	}
	if (has_pos) {
		if (position < 1)
			return err_set(&r->err, ERR_INVALID, "position", N_("Must be a whole number, 1 or more."));
		rc = classify_question_place(db, r->arena, r->auth, q.id, version, position, &r->err);
		if (rc == ERR_CONFLICT && classify_question_get(db, r->arena, q.id, &cur, NULL) == 0) {
			api_etag(r, cur.version);
			return api_conflict(r, &r->err, write_question, &cur);
		}
		if (rc)
			return rc;
	}
	return answer_question(r, db, q.id, 200);
}
