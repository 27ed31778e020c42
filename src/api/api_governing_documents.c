/*
 * api_governing_documents.c - /api/v1/governing-documents as JSON.
 *
 * A document is answered without its file's bytes: the file's name,
 * type, size and SHA-256, and its own address (GET .../file, an
 * attachment whose checksum is checked before it is sent). A file is
 * sent as the raw body of POST .../file?name=..., with the version read
 * (If-Match). Changes send only the members they change, with the version
 * read; a stale one gets 409 with the current record.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_governing_documents.h"
#include "api/api_resource.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "domain/governing_document.h"
#include "domain/validate.h"

static void write_doc(struct json *j, const void *rec)
{
	governing_document_json(j, rec);
}

API_FILTER_READER(read_filter, governing_document_filter_parse)
API_PAGE_LISTER(list_page, struct governing_document, governing_document_list)
API_ITEM_WRITER(write_item, struct governing_document, governing_document_json)
API_LIST_EXPORTER(render, governing_document_export)
API_LIST_EXPORT_NAME(filename, governing_document_export_filename)

static const struct api_collection documents = {
	API_FILTER(struct governing_document_filter),
	.filter = read_filter,
	.list = list_page,
	.item = write_item,
	.formats_msg = N_("The format is json, csv or xlsx."),
	.render = render,
	.filename = filename,
};

int api_governing_documents_list(struct req *r)
{
	return api_list(r, &documents);
}

int api_governing_documents_choices(struct req *r)
{
	struct governing_document_filter f = { 0 };
	struct governing_document *list;
	size_t n = 0;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = governing_document_filter_parse(&f, req_query_get, r, &r->err)) ||
	    (rc = api_choice_paging(r, 100, &f.limit, &f.offset)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	/* Nothing asked, nothing offered: the documents of a national installation are not listed whole here. */
	if (f.q && !str_blank(f.q) && (rc = governing_document_list(db, r->arena, &f, &list, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "id", list[i].id);
		json_kv_str(&j, "title", list[i].title);
		json_kv_str(&j, "doc_version", list[i].doc_version);
		json_kv_int(&j, "unit_id", list[i].unit_id);
		json_kv_str(&j, "unit_name", list[i].unit_name);
		json_kv_str(&j, "label", governing_document_choice_label(r->arena, &list[i]));
		json_obj_close(&j);
	}
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_governing_documents_export(struct req *r)
{
	return api_export(r, &documents);
}

static int members(struct req *r, json_t *body, void *input)
{
	struct governing_document_input *in = input;
	int p = 0, rc;
	if ((rc = api_patch_id(r, body, "unit_id", &in->unit_id)) || (rc = api_patch_str(r, body, "kind", &in->kind)) ||
	    (rc = api_patch_str(r, body, "title", &in->title)) ||
	    (rc = api_patch_id(r, body, "owner_id", &in->owner_id)) ||
	    (rc = api_patch_str(r, body, "decided_by", &in->decided_by)) ||
	    (rc = api_patch_str(r, body, "decision_date", &in->decision_date)) ||
	    (rc = api_patch_str(r, body, "case_ref", &in->case_ref)) ||
	    (rc = api_patch_str(r, body, "doc_version", &in->doc_version)) ||
	    (rc = api_int(r, body, "review_months", &in->review_months, &p)) ||
	    (rc = api_patch_str(r, body, "next_review", &in->next_review)) ||
	    (rc = api_patch_str(r, body, "status", &in->status)) || (rc = api_patch_str(r, body, "link", &in->link)) ||
	    (rc = api_patch_id(r, body, "replaces_id", &in->replaces_id)))
		return rc;
	return 0;
}

static void input_new(void *in)
{
	*(struct governing_document_input *)in =
		(struct governing_document_input){ .review_months = -1, .doc_version = "1.0" };
}

API_INPUT_OF(input_of, struct governing_document_input, governing_document_input_of)
API_CREATOR(create, governing_document_create)
API_UPDATER(update, governing_document_update)
API_GETTER(get, governing_document_get)

static const struct api_record_def document_def = {
	API_RECORD(struct governing_document, struct governing_document_input),
	.kind = "governing_document",
	.location = "/api/v1/governing-documents/",
	.input_new = input_new,
	.input_of = input_of,
	.members = members,
	.create = create,
	.update = update,
	.get = get,
	.current = write_doc,
};

int api_governing_documents_create(struct req *r)
{
	return api_create(r, &document_def);
}

int api_governing_documents_get(struct req *r)
{
	return api_get(r, &document_def);
}

int api_governing_documents_update(struct req *r)
{
	return api_update(r, &document_def);
}

int api_governing_documents_file_put(struct req *r)
{
	const struct governing_document *before = scope_record(&r->scope, "governing_document");
	const char *name = req_query(r, "name");
	struct governing_document d;
	int64_t version = 0;
	struct db *db;
	int rc;

	if (!name || !*name)
		return err_set(&r->err, ERR_INVALID, "name", N_("Give the file's name, e.g. ?name=rutin.pdf."));
	if ((rc = api_version(r, NULL, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = governing_document_attach(db, r->arena, r->auth, before, version, name, r->body, r->body_len, &r->err);
	if (rc == ERR_CONFLICT) {
		api_etag(r, before->version);
		return api_conflict(r, &r->err, write_doc, before);
	}
	if (rc || (rc = governing_document_get(db, r->arena, before->id, &d, &r->err)))
		return rc;
	return api_record(r, 200, d.version, write_doc, &d);
}

int api_governing_documents_file_get(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct governing_document_download f;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = governing_document_download(db, r->arena, d, &f, &r->err)))
		return rc;
	resp_file(r, f.data, f.len, f.content_type, f.ascii_name);
	return 0;
}

int api_governing_documents_versions(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct governing_document_version *v;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = governing_document_versions(db, r->arena, d->id, &v, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "doc_version", v[i].doc_version);
		json_kv_str(&j, "status", v[i].status);
		json_kv_str(&j, "decided_by", v[i].decided_by);
		json_kv_str(&j, "decision_date", v[i].decision_date);
		json_kv_str(&j, "case_ref", v[i].case_ref);
		json_kv_id(&j, "file_id", v[i].file_id);
		json_kv_str(&j, "file_name", v[i].file_name);
		json_kv_str(&j, "recorded_by", v[i].created_by_name);
		json_kv_str(&j, "recorded_at", v[i].created_at);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_governing_documents_reqs(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct governing_document_req *q;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = governing_document_reqs(db, r->arena, d->id, &q, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "requirement_id", q[i].requirement_id);
		json_kv_str(&j, "code", q[i].code);
		json_kv_str(&j, "title", q[i].title);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

static int req_change(struct req *r, bool add)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	int64_t requirement_id = 0;
	struct db *db;
	int rc;

	if (add) {
		json_t *body = api_body(r);
		int p = 0;
		if (!body)
			return r->err.code;
		if ((rc = api_int(r, body, "requirement_id", &requirement_id, &p)))
			return rc;
	} else {
		requirement_id = req_arg_id(r, 1);
	}
	if (requirement_id <= 0)
		return err_set(&r->err, ERR_INVALID, "requirement_id", N_("Choose the requirement."));
	if ((rc = api_db(r, &db)))
		return rc;
	rc = add ? governing_document_req_add(db, r->arena, r->auth, d, requirement_id, &r->err)
		 : governing_document_req_remove(db, r->arena, r->auth, d, requirement_id, &r->err);
	if (rc)
		return rc;
	if (!add) {
		r->resp.status = 204;
		return 0;
	}
	return api_governing_documents_reqs(r);
}

int api_governing_documents_req_add(struct req *r)
{
	return req_change(r, true);
}

int api_governing_documents_req_remove(struct req *r)
{
	return req_change(r, false);
}

int api_governing_documents_rounds(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct governing_document_round *rounds;
	size_t n;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = governing_document_rounds(db, r->arena, d->id, &rounds, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		struct governing_document_ack_cover *c;
		size_t n_c;
		if ((rc = governing_document_ack_coverage(db, r->arena, r->auth, d, rounds[i].id, &c, &n_c, &r->err)))
			return rc;
		json_obj_open(&j);
		json_kv_int(&j, "id", rounds[i].id);
		json_kv_str(&j, "doc_version", rounds[i].doc_version);
		json_kv_id(&j, "group_id", rounds[i].group_id);
		json_kv_str(&j, "group_name", rounds[i].group_name);
		json_kv_int(&j, "unit_id", rounds[i].target_unit_id ? rounds[i].target_unit_id : d->unit_id);
		json_kv_str(&j, "unit_name", rounds[i].target_unit_name);
		json_kv_str(&j, "created_at", rounds[i].created_at);
		json_key(&j, "coverage");
		json_arr_open(&j);
		for (size_t k = 0; k < n_c; k++) {
			json_obj_open(&j);
			json_kv_int(&j, "unit_id", c[k].unit_id);
			json_kv_str(&j, "unit_name", c[k].unit_name);
			json_kv_int(&j, "confirmed", c[k].confirmed);
			json_kv_int(&j, "asked", c[k].asked);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, (int64_t)n, 0);
	return 0;
}

int api_governing_documents_round_start(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	json_t *body = api_body(r);
	int64_t group_id = 0, unit_id = 0;
	struct db *db;
	int p = 0, rc;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "group_id", &group_id, &p)) || (rc = api_int(r, body, "unit_id", &unit_id, &p)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = governing_document_round_start(db, r->arena, r->auth, d, group_id, unit_id, &r->err)))
		return rc;
	return api_governing_documents_rounds(r);
}

int api_governing_documents_acknowledge(struct req *r)
{
	const struct governing_document *d = scope_record(&r->scope, "governing_document");
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = governing_document_acknowledge(db, r->arena, r->auth, d, &r->err)))
		return rc;
	r->resp.status = 204;
	return 0;
}
