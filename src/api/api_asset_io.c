/*
 * api_asset_io.c - the asset import and export for programs.
 *
 * The import takes the CSV file as the raw request body, so a script can
 * send it with `curl --data-binary @file.csv -H 'Content-Type: text/csv'`.
 * Every problem is answered at once, each with its line, the column's
 * English name (field), the column as the file's header wrote it, and the
 * message in the caller's language. The export is the list of
 * GET /api/v1/assets without paging, in the format asked for.
 */
#include "api/api_asset_io.h"
#include "api/api_common.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/asset.h"
#include "domain/asset_io.h"

static int flag(struct req *r, const char *name, bool *out)
{
	const char *v = req_query(r, name);
	*out = false;
	if (!v || !*v || !strcmp(v, "false") || !strcmp(v, "0"))
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	return err_set(&r->err, ERR_INVALID, name, N_("Must be true or false."));
}

int api_assets_import(struct req *r)
{
	struct asset_import res;
	struct err e = { 0 };
	const char *data = r->body;
	size_t len = r->body_len;
	bool dry_run;
	struct json j;
	struct db *db;
	int rc, status;

	if ((rc = flag(r, "dry_run", &dry_run)))
		return rc;
	for (size_t i = 0; !data && i < r->n_form; i++)
		if (!strcmp(r->form[i].key, "file")) {
			data = r->form[i].val;
			len = r->form[i].len;
		}
	if (!data || len == 0)
		return err_set(&r->err, ERR_INVALID, "body",
			       N_("Send the CSV file as the request body (Content-Type: text/csv)."));
	if ((rc = api_db(r, &db)))
		return rc;
	rc = asset_import(db, r->arena, r->auth, data, len, dry_run, &res, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	status = rc ? 400 : res.imported ? 201 : 200;
	api_begin(r, &j, status);
	json_obj_open(&j);
	if (rc) {
		json_key(&j, "error");
		json_obj_open(&j);
		json_kv_str(&j, "code", err_code_name(ERR_INVALID));
		json_kv_str(&j, "message", err_message(&e, r->lang, r->arena));
		json_kv_str(&j, "field", e.field ? e.field : "body");
		json_obj_close(&j);
	}
	json_kv_bool(&j, "valid", res.n_problems == 0);
	json_kv_int(&j, "rows", (int64_t)res.n_rows);
	json_kv_bool(&j, "imported", res.imported);
	json_kv_str(&j, "encoding", res.encoding);
	json_key(&j, "errors");
	json_arr_open(&j);
	for (size_t i = 0; i < res.n_problems; i++) {
		const struct asset_import_problem *p = &res.problems[i];
		json_obj_open(&j);
		if (p->line)
			json_kv_int(&j, "line", (int64_t)p->line);
		else
			json_kv_null(&j, "line");
		json_kv_str(&j, "field", p->field);
		json_kv_str(&j, "column", p->column);
		json_kv_str(&j, "message", err_message(&p->err, r->lang, r->arena));
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}

int api_assets_export(struct req *r)
{
	const char *format = req_query(r, "format");
	struct asset_filter f;
	struct asset_export x;
	struct db *db;
	int rc;

	if (!format || !*format)
		format = "json";
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx"))
		return err_set(&r->err, ERR_INVALID, "format", N_("The format is json, csv or xlsx."));
	asset_filter_init(&f);
	if ((rc = asset_filter_parse(&f, req_query_get, r, &r->err)))
		return rc;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)) || (rc = asset_export_open(&x, db, r->arena, &f, format, r->lang, &r->err)))
		return rc;
	if (!x.stream) {
		resp_file(r, x.data, x.len, x.mime, x.filename);
		return 0;
	}
	resp_stream(r, asset_export_next, x.stream);
	r->resp.content_type = x.mime;
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", x.filename));
	return 0;
}
