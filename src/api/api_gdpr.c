/*
 * api_gdpr.c - /api/v1/processing-activities and what belongs to them:
 * the register of processing activities as JSON.
 *
 * Lists show only the activities of units the caller sees and take the
 * same filters as the list page (gdpr_filter_parse()). A change (PATCH)
 * sends only the members it changes; a list sent (purposes,
 * data_subject_ids, personal_data, asset_ids, processor_ids) replaces the
 * stored one. Changes and the steps of an entry's life carry the version
 * the client read; a stale one gets 409 with the current record. A field
 * of the N-th item of a list is named in errors as the forms name it:
 * purpose_N, legal_basis_N, statute_N, retention_<category id>. The
 * domain checks every right over a second record (the controller unit,
 * the systems and processors referred to).
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_gdpr.h"
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/html.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/gdpr.h"
#include "domain/validate.h"
#include "io/doc.h"

/* --- reading bodies ---------------------------------------------------------------------- */

/*
 * The list member @key of @body: *list NULL when it is absent, else the array (at most GDPR_MAX_ITEMS)
 * with room for as many @size-byte items in *items; anything else is ERR_INVALID with @msg.
 */
static int item_list(struct req *r, json_t *body, const char *key, const char *msg, size_t size, json_t **list,
		     void **items)
{
	json_t *v = json_object_get(body, key);

	*list = NULL;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > GDPR_MAX_ITEMS)
		return err_set(&r->err, ERR_INVALID, key, msg);
	*list = v;
	*items = arena_calloc(r->arena, json_array_size(v) + 1, size);
	return 0;
}

/* The list member @key of @body as ids: absent keeps *ids; anything but an array of whole numbers is named. */
static int id_list(struct req *r, json_t *body, const char *key, const int64_t **ids, size_t *n)
{
	json_t *v = json_object_get(body, key), *item;
	int64_t *out;
	void *mem;
	size_t i;
	int rc;

	if (v && json_is_null(v)) {
		*n = 0;
		return 0;
	}
	if ((rc = item_list(r, body, key, N_("Must be a list of ids."), sizeof(*out), &v, &mem)) || !v)
		return rc;
	out = mem;
	json_array_foreach(v, i, item)
	{
		if (!json_is_integer(item))
			return err_set(&r->err, ERR_INVALID, key, N_("Must be a list of ids."));
		out[i] = (int64_t)json_integer_value(item);
	}
	*ids = out;
	*n = json_array_size(v);
	return 0;
}

/* A string member of the @i-th item of a list, named "@key_N" in errors. */
static int item_str(struct req *r, json_t *item, const char *key, size_t i, const char **out)
{
	json_t *v = json_object_get(item, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(&r->err, ERR_INVALID, arena_printf(r->arena, "%s_%zu", key, i + 1),
			       N_("Must be a text string."));
	*out = arena_strndup(r->arena, json_string_value(v), json_string_length(v));
	return 0;
}

static int purposes(struct req *r, json_t *body, struct gdpr_activity_input *in)
{
	json_t *v, *item;
	struct gdpr_purpose_input *p;
	void *mem;
	size_t i;
	int rc;

	if ((rc = item_list(r, body, "purposes", N_("Must be a list of purposes."), sizeof(*p), &v, &mem)) || !v)
		return rc;
	p = mem;
	json_array_foreach(v, i, item)
	{
		if (!json_is_object(item))
			return err_set(&r->err, ERR_INVALID, "purposes", N_("Must be a list of purposes."));
		if ((rc = item_str(r, item, "purpose", i, &p[i].purpose)) ||
		    (rc = item_str(r, item, "legal_basis", i, &p[i].legal_basis)) ||
		    (rc = item_str(r, item, "statute", i, &p[i].statute)))
			return rc;
		if (!p[i].purpose && !p[i].legal_basis)
			return err_set(&r->err, ERR_INVALID, arena_printf(r->arena, "purpose_%zu", i + 1),
				       N_("This field is required."));
	}
	in->purposes = p;
	in->n_purposes = json_array_size(v);
	return 0;
}

static int personal_data(struct req *r, json_t *body, struct gdpr_activity_input *in)
{
	json_t *v, *item;
	struct gdpr_data_input *d;
	void *mem;
	size_t i;
	int rc;

	if ((rc = item_list(r, body, "personal_data", N_("Must be a list of categories."), sizeof(*d), &v, &mem)) || !v)
		return rc;
	d = mem;
	json_array_foreach(v, i, item)
	{
		json_t *id = json_object_get(item, "category_id");
		if (!json_is_object(item) || !json_is_integer(id))
			return err_set(&r->err, ERR_INVALID, "personal_data",
				       N_("Each category needs its category_id."));
		d[i].category_id = (int64_t)json_integer_value(id);
		if ((rc = api_str(r, item, "retention", &d[i].retention)) ||
		    (rc = api_str(r, item, "retention_rule", &d[i].retention_rule)))
			return err_set(&r->err, ERR_INVALID,
				       arena_printf(r->arena, "retention_%" PRId64, d[i].category_id),
				       N_("Must be a text string."));
	}
	in->data = d;
	in->n_data = json_array_size(v);
	return 0;
}

static int dpia_member(struct req *r, json_t *body, struct gdpr_activity_input *in)
{
	json_t *d = json_object_get(body, "dpia"), *crit, *item;
	size_t i;
	int rc;

	if (!d)
		return 0;
	if (!json_is_object(d))
		return err_set(&r->err, ERR_INVALID, "dpia", N_("Must be an object."));
	if ((crit = json_object_get(d, "criteria"))) {
		if (!json_is_array(crit))
			return err_set(&r->err, ERR_INVALID, "criteria", N_("Must be a list of criteria."));
		in->dpia_criteria = 0;
		json_array_foreach(crit, i, item)
		{
			int found = -1;
			for (int k = 0; k < DPIA_CRITERION_COUNT && json_is_string(item); k++)
				if (!strcmp(json_string_value(item), gdpr_dpia_keys[k]))
					found = k;
			if (found < 0)
				return err_set(&r->err, ERR_INVALID, "criteria",
					       N_("Unknown criterion: see the list in the API document."));
			in->dpia_criteria |= (int64_t)1 << found;
		}
	}
	if ((rc = api_patch_str(r, d, "decision", &in->dpia_decision)) ||
	    (rc = api_patch_str(r, d, "reason", &in->dpia_reason)))
		return rc;
	return 0;
}

static int read_input(struct req *r, json_t *body, void *input)
{
	struct gdpr_activity_input *in = input;
	int rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) || (rc = api_patch_str(r, body, "role", &in->role)) ||
	    (rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "description", &in->description)) ||
	    (rc = api_patch_str(r, body, "controller_contact", &in->controller_contact)) ||
	    (rc = api_patch_str(r, body, "joint_controller", &in->joint_controller)) ||
	    (rc = api_patch_str(r, body, "on_behalf_of", &in->on_behalf_of)) ||
	    (rc = api_patch_id(r, body, "dpo_id", &in->dpo_id)) ||
	    (rc = api_patch_id(r, body, "owner_id", &in->owner_id)) ||
	    (rc = api_patch_str(r, body, "art9_point", &in->art9_point)) ||
	    (rc = api_patch_bool(r, body, "art10", &in->art10)) ||
	    (rc = api_patch_str(r, body, "art10_basis", &in->art10_basis)) ||
	    (rc = api_patch_str(r, body, "recipients", &in->recipients)) ||
	    (rc = api_patch_str(r, body, "other_measures", &in->other_measures)) || (rc = purposes(r, body, in)) ||
	    (rc = id_list(r, body, "data_subject_ids", &in->subject_ids, &in->n_subjects)) ||
	    (rc = personal_data(r, body, in)) || (rc = id_list(r, body, "asset_ids", &in->asset_ids, &in->n_assets)) ||
	    (rc = id_list(r, body, "processor_ids", &in->processor_ids, &in->n_processors)) ||
	    (rc = dpia_member(r, body, in)))
		return rc;
	return 0;
}

/* --- activities --------------------------------------------------------------------------------- */

static void write_activity(struct json *j, const void *rec)
{
	char cutoff[11];
	gdpr_review_cutoff(cutoff);
	gdpr_activity_full_json(j, rec, cutoff);
}

static void write_row(struct json *j, const void *rec)
{
	gdpr_activity_json(j, rec);
}

/* Answer @status with activity @rec and what it holds. */
static int answer_rec(struct req *r, struct db *db, int status, const void *rec)
{
	const struct gdpr_activity *p = rec;
	struct gdpr_activity_full *f = arena_calloc(r->arena, 1, sizeof(*f));
	int rc = gdpr_activity_load(db, r->arena, p, f, &r->err);
	return rc ? rc : api_record(r, status, p->version, write_activity, f);
}

/* Answer @status with activity @id as stored now. */
static int answer(struct req *r, struct db *db, int status, int64_t id)
{
	struct gdpr_activity p;
	int rc = gdpr_activity_get(db, r->arena, id, &p, &r->err);
	return rc ? rc : answer_rec(r, db, status, &p);
}

API_FILTER_READER_INIT(read_filter, gdpr_filter_init, gdpr_filter_parse)
API_PAGE_LISTER(list_page, struct gdpr_activity, gdpr_activity_list)
API_ITEM_WRITER(write_item, struct gdpr_activity, gdpr_activity_json)

static const struct api_collection activities = {
	API_FILTER(struct gdpr_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_item,
};

int api_gdpr_list(struct req *r)
{
	return api_list(r, &activities);
}

API_CREATOR(create, gdpr_activity_create)
API_GETTER(get, gdpr_activity_get)

static const struct api_record_def activity_def = {
	API_RECORD(struct gdpr_activity, struct gdpr_activity_input),
	.kind = "processing_activity",
	.location = "/api/v1/processing-activities/",
	.members = read_input,
	.create = create,
	.get = get,
	.answer = answer_rec,
	.current = write_row,
};

int api_gdpr_create(struct req *r)
{
	return api_create(r, &activity_def);
}

int api_gdpr_get(struct req *r)
{
	return api_get(r, &activity_def);
}

int api_gdpr_update(struct req *r)
{
	const struct gdpr_activity *before = scope_record(&r->scope, "processing_activity");
	struct gdpr_activity_full full;
	struct gdpr_activity_input in;
	struct gdpr_activity cur = { 0 };
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = gdpr_activity_load(db, r->arena, before, &full, &r->err)))
		return rc;
	in = gdpr_activity_input_of(r->arena, &full);
	if ((rc = read_input(r, body, &in)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = gdpr_activity_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_row, &cur);
	}
	return rc ? rc : answer(r, db, 200, before->id);
}

enum step { SUBMIT, VALIDATE, SEND_BACK, REQUEST };

static int step(struct req *r, enum step s)
{
	const struct gdpr_activity *before = scope_record(&r->scope, "processing_activity");
	json_t *body = api_body(r);
	const char *comment = NULL;
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "comment", &comment)) || (rc = api_version(r, body, &version)) ||
	    (rc = api_db(r, &db)))
		return rc;
	switch (s) {
	case SUBMIT:
		rc = gdpr_activity_submit(db, r->arena, r->auth, before, version, &r->err);
		break;
	case VALIDATE:
		rc = gdpr_activity_validate(db, r->arena, r->auth, before, version, &r->err);
		break;
	case SEND_BACK:
		rc = gdpr_activity_send_back(db, r->arena, r->auth, before, version, comment, &r->err);
		break;
	case REQUEST:
		rc = gdpr_activity_request_review(db, r->arena, r->auth, before, version, comment, &r->err);
		break;
	}
	if (rc == ERR_CONFLICT) {
		struct gdpr_activity cur;
		if (gdpr_activity_get(db, r->arena, before->id, &cur, NULL) == 0) {
			api_etag(r, cur.version);
			return api_conflict(r, &r->err, write_row, &cur);
		}
	}
	return rc ? rc : answer(r, db, 200, before->id);
}

int api_gdpr_submit(struct req *r)
{
	return step(r, SUBMIT);
}

int api_gdpr_validate(struct req *r)
{
	return step(r, VALIDATE);
}

int api_gdpr_send_back(struct req *r)
{
	return step(r, SEND_BACK);
}

int api_gdpr_request_review(struct req *r)
{
	return step(r, REQUEST);
}

/* --- transfers --------------------------------------------------------------------------------- */

static void write_transfer(struct json *j, const void *rec)
{
	gdpr_transfer_json(j, rec);
}

/* A transfer's members from @body over @t (absent members keep their value); ERR_INVALID naming the member. */
static int transfer_read(struct req *r, json_t *body, void *input)
{
	struct gdpr_transfer *t = input;
	int rc;
	if ((rc = api_patch_str(r, body, "country", &t->country)) ||
	    (rc = api_patch_str(r, body, "recipient", &t->recipient)) ||
	    (rc = api_patch_str(r, body, "basis", &t->basis)) ||
	    (rc = api_patch_bool(r, body, "dpf_certified", &t->dpf_certified)) ||
	    (rc = api_patch_str(r, body, "dpf_checked_on", &t->dpf_checked_on)) ||
	    (rc = api_patch_str(r, body, "scc_module", &t->scc_module)) ||
	    (rc = api_patch_str(r, body, "art49_point", &t->art49_point)) ||
	    (rc = api_patch_str(r, body, "safeguards", &t->safeguards)))
		return rc;
	return 0;
}

static void transfers_answer(struct req *r, const struct gdpr_transfer *list, size_t n)
{
	struct json j;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		gdpr_transfer_json(&j, &list[i]);
	json_arr_close(&j);
	json_obj_close(&j);
}

int api_gdpr_transfers(struct req *r)
{
	const struct gdpr_activity *p = scope_record(&r->scope, "processing_activity");
	struct gdpr_transfer *list;
	size_t n;
	struct db *db;
	int rc;
	if ((rc = api_db(r, &db)) || (rc = gdpr_transfers_of(db, r->arena, p->id, 0, &list, &n, &r->err)))
		return rc;
	transfers_answer(r, list, n);
	return 0;
}

/* A transfer of the route's processing activity or of its processor. */
static int transfer_create(struct req *r, struct db *db, const void *in, int64_t *id)
{
	bool of_processor = !strcmp(r->scope.kind, "processor");
	return gdpr_transfer_add(db, r->arena, r->auth, of_processor ? NULL : r->scope.record,
				 of_processor ? r->scope.record : NULL, in, id, &r->err);
}

static void transfer_input_of(const void *rec, void *in)
{
	*(struct gdpr_transfer *)in = *(const struct gdpr_transfer *)rec;
}

API_UPDATER(transfer_update, gdpr_transfer_update)
API_GETTER(transfer_get, gdpr_transfer_get)

static const struct api_record_def transfer_def = {
	API_RECORD(struct gdpr_transfer, struct gdpr_transfer),
	.kind = "gdpr_transfer",
	.location = "/api/v1/transfers/",
	.input_of = transfer_input_of,
	.members = transfer_read,
	.create = transfer_create,
	.update = transfer_update,
	.get = transfer_get,
	.current = write_transfer,
};

int api_gdpr_transfer_create(struct req *r)
{
	return api_create(r, &transfer_def);
}

int api_transfer_update(struct req *r)
{
	return api_update(r, &transfer_def);
}

int api_transfer_delete(struct req *r)
{
	struct db *db;
	int rc;
	if ((rc = api_db(r, &db)) ||
	    (rc = gdpr_transfer_remove(db, r->arena, r->auth, scope_record(&r->scope, "gdpr_transfer"), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}

static int tias_answer(struct req *r, struct db *db, int status, int64_t transfer_id)
{
	struct gdpr_tia *list;
	size_t n;
	struct json j;
	int rc = gdpr_tias(db, r->arena, transfer_id, &list, &n, &r->err);
	if (rc)
		return rc;
	api_begin(r, &j, status);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		gdpr_tia_json(&j, &list[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_transfer_tias(struct req *r)
{
	const struct gdpr_transfer *t = scope_record(&r->scope, "gdpr_transfer");
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : tias_answer(r, db, 200, t->id);
}

int api_transfer_tia_create(struct req *r)
{
	const struct gdpr_transfer *t = scope_record(&r->scope, "gdpr_transfer");
	const char *assessment = NULL, *conclusion = NULL;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "assessment", &assessment)) || (rc = api_str(r, body, "conclusion", &conclusion)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = gdpr_tia_add(db, r->arena, r->auth, t, assessment, conclusion, &version, &r->err)))
		return rc;
	return tias_answer(r, db, 201, t->id);
}

/* --- impact assessments ------------------------------------------------------------------------------ */

static int dpias_answer(struct req *r, struct db *db, int status, int64_t activity_id)
{
	struct gdpr_dpia *v;
	size_t n;
	struct json j;
	int rc = dpia_versions(db, r->arena, activity_id, &v, &n, &r->err);
	if (rc)
		return rc;
	api_begin(r, &j, status);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++) {
		struct gdpr_dpia_item *items;
		size_t n_items;
		if ((rc = dpia_items(db, r->arena, v[i].id, &items, &n_items, &r->err)))
			return rc;
		dpia_json(&j, &v[i], items, n_items);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_gdpr_dpias(struct req *r)
{
	const struct gdpr_activity *p = scope_record(&r->scope, "processing_activity");
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : dpias_answer(r, db, 200, p->id);
}

/* The items of the list @key: objects with "text" (and for risks "likelihood" and "severity"). */
static int dpia_list(struct req *r, json_t *body, const char *key, const char *name, struct gdpr_dpia_item **out,
		     size_t *n)
{
	json_t *v = json_object_get(body, key), *item;
	size_t i;

	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) > GDPR_MAX_DPIA_ITEMS)
		return err_set(&r->err, ERR_INVALID, key, N_("Must be a list."));
	*out = arena_calloc(r->arena, json_array_size(v) + 1, sizeof(**out));
	json_array_foreach(v, i, item)
	{
		json_t *l = json_object_get(item, "likelihood"), *s = json_object_get(item, "severity");
		json_t *text = json_object_get(item, "text");
		if (!json_is_object(item) || (text && !json_is_string(text)))
			return err_set(&r->err, ERR_INVALID, arena_printf(r->arena, "%s_%zu", name, i + 1),
				       N_("Must be a text string."));
		(*out)[i].text = text ? arena_strdup(r->arena, json_string_value(text)) : "";
		(*out)[i].likelihood = json_is_integer(l) ? (int64_t)json_integer_value(l) : 0;
		(*out)[i].severity = json_is_integer(s) ? (int64_t)json_integer_value(s) : 0;
	}
	*n = json_array_size(v);
	return 0;
}

int api_gdpr_dpia_create(struct req *r)
{
	const struct gdpr_activity *p = scope_record(&r->scope, "processing_activity");
	struct gdpr_dpia_input in = { 0 };
	struct gdpr_dpia_item *risks = NULL, *measures = NULL;
	json_t *body = api_body(r);
	int prior = 0, present;
	int64_t id;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "description", &in.description)) ||
	    (rc = api_str(r, body, "necessity", &in.necessity)) ||
	    (rc = api_str(r, body, "residual_risk", &in.residual_risk)) ||
	    (rc = api_bool(r, body, "prior_consultation", &prior, &present)) ||
	    (rc = dpia_list(r, body, "risks", "risk", &risks, &in.n_risks)) ||
	    (rc = dpia_list(r, body, "measures", "measure", &measures, &in.n_measures)))
		return rc;
	in.risks = risks;
	in.measures = measures;
	in.prior_consultation = prior != 0;
	if ((rc = api_db(r, &db)) || (rc = dpia_create(db, r->arena, r->auth, p, &in, &id, &r->err)))
		return rc;
	return dpias_answer(r, db, 201, p->id);
}

int api_dpia_opinion(struct req *r)
{
	const struct gdpr_dpia *d = scope_record(&r->scope, "dpia");
	const char *opinion = NULL;
	json_t *body = api_body(r);
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "dpo_opinion", &opinion)) || (rc = api_db(r, &db)) ||
	    (rc = dpia_opinion(db, r->arena, r->auth, d, opinion, &r->err)))
		return rc;
	return dpias_answer(r, db, 200, d->activity_id);
}

int api_dpia_actions(struct req *r)
{
	const struct gdpr_dpia *d = scope_record(&r->scope, "dpia");
	size_t made = 0;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = dpia_make_actions(db, r->arena, r->auth, r->lang, d, &made, &r->err)))
		return rc;
	return dpias_answer(r, db, 201, d->activity_id);
}

/* --- vocabularies ----------------------------------------------------------------------------------- */

static void write_category(struct json *j, const void *rec)
{
	gdpr_category_json(j, rec);
}

static int path_id(struct req *r, int64_t *id)
{
	if (r->n_args < 1 || !str_to_i64(r->args[0], id) || *id <= 0)
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such organisation."));
	return 0;
}

int api_gdpr_categories(struct req *r)
{
	struct gdpr_category *list;
	size_t n;
	int64_t org;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = path_id(r, &org)) || (rc = api_db(r, &db)) ||
	    (rc = gdpr_categories(db, r->arena, org, NULL, true, &list, &n, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_key(&j, "items");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		gdpr_category_json(&j, &list[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_gdpr_category_create(struct req *r)
{
	const char *kind = NULL, *name = NULL, *special = NULL;
	json_t *body = api_body(r);
	struct gdpr_category c;
	int64_t org, id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = path_id(r, &org)) || (rc = api_str(r, body, "kind", &kind)) ||
	    (rc = api_str(r, body, "name", &name)) || (rc = api_str(r, body, "special", &special)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = gdpr_category_create(db, r->arena, r->auth, org, kind, name, special, &id, &r->err)) ||
	    (rc = gdpr_category_get(db, r->arena, id, &c, &r->err)))
		return rc;
	return api_record(r, 201, c.version, write_category, &c);
}

/* A change of a category: its name, its mark of a special category and whether it is in use. */
struct category_change {
	const char *name, *special;
	bool active;
};

static void category_change_of(const void *rec, void *input)
{
	const struct gdpr_category *c = rec;
	*(struct category_change *)input = (struct category_change){ c->name, c->special, c->active };
}

static int category_members(struct req *r, json_t *body, void *input)
{
	struct category_change *c = input;
	int rc;
	if ((rc = api_patch_str(r, body, "name", &c->name)) || (rc = api_patch_str(r, body, "special", &c->special)) ||
	    (rc = api_patch_bool(r, body, "active", &c->active)))
		return rc;
	return 0;
}

static int category_change(struct req *r, struct db *db, const void *before, int64_t version, const void *input,
			   void *cur)
{
	const struct category_change *c = input;
	return gdpr_category_update(db, r->arena, r->auth, before, version, c->name, c->special, c->active, cur,
				    &r->err);
}

API_GETTER(category_read, gdpr_category_get)

static const struct api_record_def category_def = {
	API_RECORD(struct gdpr_category, struct category_change),
	.kind = "gdpr_category",
	.input_of = category_change_of,
	.members = category_members,
	.update = category_change,
	.get = category_read,
	.current = write_category,
};

int api_gdpr_category_update(struct req *r)
{
	return api_update(r, &category_def);
}

/* --- the register as a whole -------------------------------------------------------------------------- */

int api_gdpr_register(struct req *r)
{
	const char *format = req_query(r, "format");
	struct gdpr_register reg;
	struct gdpr_filter f;
	struct db *db;
	int rc;

	if (!format || !*format)
		format = "json";
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "docx") &&
	    strcmp(format, "html") && strcmp(format, "md"))
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is json, csv, xlsx, docx, html or md."));
	gdpr_filter_init(&f);
	if ((rc = gdpr_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	if (!strcmp(format, "json") || !strcmp(format, "csv")) {
		/* Streamed, a page of activities at a time, however large the register. */
		struct gdpr_register_stream *s = arena_alloc(r->arena, sizeof(*s));
		bool json = !strcmp(format, "json");

		if ((rc = gdpr_register_stream_begin(s, db, r->arena, r->lang, &f, json, &r->err)))
			return rc;
		resp_stream(r, gdpr_register_stream_next, s);
		r->resp.content_type = json ? "application/json" : "text/csv; charset=utf-8";
		resp_attachment(r, gdpr_register_filename(r->arena, format));
		return 0;
	}
	if ((rc = gdpr_register_read(db, r->arena, r->lang, &f, &reg, &r->err)))
		return rc;
	if (!strcmp(format, "xlsx")) {
		const char *data;
		size_t len;
		if ((rc = gdpr_register_xlsx(r->arena, &reg, r->lang, &data, &len, &r->err)))
			return rc;
		buf_add(&r->resp.body, data, len);
		r->resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	} else {
		struct doc *d = gdpr_register_doc(r->arena, r->lang, &reg);
		if (!strcmp(format, "docx")) {
			const char *data;
			size_t len;
			if ((rc = doc_docx(r->arena, d, &data, &len, &r->err)))
				return rc;
			buf_add(&r->resp.body, data, len);
			r->resp.content_type = DOC_MIME_DOCX;
		} else if (!strcmp(format, "md")) {
			doc_markdown(&r->resp.body, d);
			r->resp.content_type = DOC_MIME_MD;
		} else {
			struct html h;
			html_init(&h, r->arena, r->lang);
			doc_html_standalone(&h, d);
			buf_add(&r->resp.body, h.b.data, h.b.len);
			r->resp.content_type = DOC_MIME_HTML;
		}
	}
	resp_attachment(r, gdpr_register_filename(r->arena, format));
	return 0;
}

int api_gdpr_personal_assets(struct req *r)
{
	struct gdpr_asset_count *list;
	int64_t unit_id = 0, total = 0, limit, offset;
	int unused = 0;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = filter_id(req_query_get, r, "unit_id", &unit_id, &r->err)) ||
	    (rc = filter_bool(req_query_get, r, "unused", &unused, &r->err)) || (rc = api_db(r, &db)) ||
	    (rc = gdpr_personal_assets(db, r->arena, r->auth->user_id, unit_id, unused == 1, limit, offset, &list, &n,
				       &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "asset_id", list[i].asset_id);
		json_kv_str(&j, "name", list[i].name);
		json_kv_str(&j, "kind", list[i].kind);
		json_kv_int(&j, "unit_id", list[i].unit_id);
		json_kv_str(&j, "unit_name", list[i].unit_name);
		json_kv_int(&j, "activities", list[i].n_activities);
		json_kv_bool(&j, "flagged", list[i].n_activities == 0);
		json_obj_close(&j);
	}
	api_list_end(&j, total, limit, offset);
	return 0;
}
