/*
 * api_processors.c - /api/v1/processors: processors (personuppgiftsbiträden),
 * their sub-processors, agreements and third-country transfers, as JSON.
 *
 * A processor is kept by a unit; its sub-processors are sent as a list
 * (which replaces the stored one). An agreement is posted as JSON with its
 * file, when there is one, in base64 ("file_name", "file_base64"); the
 * file is served back only as an attachment with a type from the accepted
 * list. Deleting a processor that an activity still uses is refused with
 * 409 naming the activities.
 */
#include <jansson.h>
#include <sodium.h>

#include "api/api_common.h"
#include "api/api_gdpr.h"
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "domain/gdpr.h"

static void today(char out[11])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = 0;
}

static void write_processor(struct json *j, const void *rec)
{
	char day[11];
	today(day);
	processor_json(j, rec, day);
}

/* The processor @rec with its sub-processors and agreements. */
static int answer_rec(struct req *r, struct db *db, int status, const void *rec)
{
	const struct gdpr_processor *pr = rec;
	struct gdpr_processor p = *pr;
	struct gdpr_subprocessor *subs;
	struct gdpr_agreement *ags;
	size_t n_subs, n_ags;
	int64_t id = p.id;
	char day[11];
	struct json j;
	int rc;

	if ((rc = processor_subs(db, r->arena, id, &subs, &n_subs, &r->err)) ||
	    (rc = agreements_of(db, r->arena, id, &ags, &n_ags, &r->err)))
		return rc;
	today(day);
	api_etag(r, p.version);
	api_begin(r, &j, status);
	json_obj_open(&j);
	json_key(&j, "processor");
	processor_json(&j, &p, day);
	json_key(&j, "subprocessors");
	json_arr_open(&j);
	for (size_t i = 0; i < n_subs; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "name", subs[i].name);
		json_kv_str(&j, "country", subs[i].country);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_key(&j, "agreements");
	json_arr_open(&j);
	for (size_t i = 0; i < n_ags; i++)
		agreement_json(&j, &ags[i]);
	json_arr_close(&j);
	json_kv_int(&j, "version", p.version);
	json_obj_close(&j);
	return 0;
}

/* Processor @id as stored now. */
static int answer(struct req *r, struct db *db, int status, int64_t id)
{
	struct gdpr_processor p;
	int rc = processor_get(db, r->arena, id, &p, &r->err);
	return rc ? rc : answer_rec(r, db, status, &p);
}

API_FILTER_READER(read_filter, processor_filter_parse)

static int list_page(struct req *r, struct db *db, const void *f, struct api_items *out)
{
	struct gdpr_processor_filter copy = *(const struct gdpr_processor_filter *)f; /* the list sets its dates */
	struct gdpr_processor *list;
	char *day = arena_alloc(r->arena, 11);
	int rc = processor_list(db, r->arena, &copy, &list, &out->n, &out->total, &r->err);
	today(day);
	out->items = list;
	out->ctx = day;
	return rc;
}

static void write_item(struct json *j, const void *items, size_t i, const void *day)
{
	processor_json(j, (const struct gdpr_processor *)items + i, day);
}

static const struct api_collection processors = {
	API_FILTER(struct gdpr_processor_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_item,
};

int api_processors_list(struct req *r)
{
	return api_list(r, &processors);
}

static int read_input(struct req *r, json_t *body, void *input)
{
	struct gdpr_processor_input *in = input;
	json_t *subs = json_object_get(body, "subprocessors"), *item;
	size_t i;
	int rc;

	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) || (rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "org_number", &in->org_number)) ||
	    (rc = api_patch_str(r, body, "contact", &in->contact)) ||
	    (rc = api_patch_str(r, body, "country", &in->country)))
		return rc;
	if (!subs)
		return 0;
	if (!json_is_array(subs) || json_array_size(subs) > GDPR_MAX_SUBS)
		return err_set(&r->err, ERR_INVALID, "subprocessors", N_("Must be a list of sub-processors."));
	struct gdpr_subprocessor *s = arena_calloc(r->arena, json_array_size(subs) + 1, sizeof(*s));
	json_array_foreach(subs, i, item)
	{
		if (!json_is_object(item) || (rc = api_str(r, item, "name", &s[i].name)) ||
		    (rc = api_str(r, item, "country", &s[i].country)))
			return err_set(&r->err, ERR_INVALID, arena_printf(r->arena, "sub_name_%zu", i + 1),
				       N_("Must be a text string."));
	}
	in->subs = s;
	in->n_subs = json_array_size(subs);
	return 0;
}

API_CREATOR(create, processor_create)
API_GETTER(get, processor_get)

static const struct api_record_def processor_def = {
	API_RECORD(struct gdpr_processor, struct gdpr_processor_input),
	.kind = "processor",
	.location = "/api/v1/processors/",
	.members = read_input,
	.create = create,
	.get = get,
	.answer = answer_rec,
	.current = write_processor,
};

int api_processors_create(struct req *r)
{
	return api_create(r, &processor_def);
}

int api_processors_get(struct req *r)
{
	return api_get(r, &processor_def);
}

int api_processors_update(struct req *r)
{
	const struct gdpr_processor *before = scope_record(&r->scope, "processor");
	struct gdpr_processor_input in = {
		before->unit_id, before->name, before->org_number, before->contact, before->country, NULL, 0
	};
	struct gdpr_processor cur = { 0 };
	struct gdpr_subprocessor *subs;
	json_t *body = api_body(r);
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)) || (rc = processor_subs(db, r->arena, before->id, &subs, &in.n_subs, &r->err)))
		return rc;
	in.subs = subs;
	if ((rc = read_input(r, body, &in)) || (rc = api_version(r, body, &version)))
		return rc;
	rc = processor_update(db, r->arena, r->auth, before, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_processor, &cur);
	}
	return rc ? rc : answer(r, db, 200, before->id);
}

int api_processors_delete(struct req *r)
{
	struct db *db;
	int rc;
	if ((rc = api_db(r, &db)) ||
	    (rc = processor_delete(db, r->arena, r->auth, scope_record(&r->scope, "processor"), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}

int api_processor_agreements(struct req *r)
{
	const struct gdpr_processor *p = scope_record(&r->scope, "processor");
	struct db *db;
	int rc = api_db(r, &db);
	return rc ? rc : answer(r, db, 200, p->id);
}

int api_processor_agreement_create(struct req *r)
{
	const struct gdpr_processor *p = scope_record(&r->scope, "processor");
	struct gdpr_agreement_input in = { 0 };
	const char *b64 = NULL;
	json_t *body = api_body(r);
	int64_t id = 0;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "signed_on", &in.signed_on)) ||
	    (rc = api_str(r, body, "expires_on", &in.expires_on)) ||
	    (rc = api_str(r, body, "case_ref", &in.case_ref)) || (rc = api_str(r, body, "file_name", &in.file_name)) ||
	    (rc = api_str(r, body, "file_base64", &b64)))
		return rc;
	if (b64) {
		size_t cap = strlen(b64) / 4 * 3 + 3, len = 0;
		unsigned char *bin = arena_alloc(r->arena, cap);
		if (sodium_base642bin(bin, cap, b64, strlen(b64), "\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL))
			return err_set(&r->err, ERR_INVALID, "file", N_("The file is not valid base64."));
		if (!in.file_name)
			return err_set(&r->err, ERR_INVALID, "file_name", N_("Name the file."));
		in.file_data = (const char *)bin;
		in.file_len = len;
	}
	if ((rc = api_db(r, &db)) || (rc = agreement_add(db, r->arena, r->auth, p, &in, &id, &r->err)))
		return rc;
	return answer(r, db, 201, p->id);
}

int api_agreement_file(struct req *r)
{
	const struct gdpr_agreement *g = scope_record(&r->scope, "processor_agreement");
	const char *data;
	size_t len;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = agreement_file(db, r->arena, g, &data, &len, &r->err)))
		return rc;
	resp_file(r, data, len, agreement_mime(g->file_type), g->file_name);
	return 0;
}

int api_processor_transfer_create(struct req *r)
{
	return api_gdpr_transfer_create(r);
}
