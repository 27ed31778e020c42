/*
 * api_import.c - the request and the answer of a CSV import (see
 * api_import.h).
 */
#include "api/api_import.h"

#include <string.h>

#include "api/api_common.h"
#include "core/i18n.h"
#include "core/json.h"

int api_import_request(struct req *r, bool *dry_run)
{
	const char *dry = req_query(r, "dry_run");

	if (dry && strcmp(dry, "true") && strcmp(dry, "false"))
		return err_set(&r->err, ERR_INVALID, "dry_run", N_("Must be true or false."));
	if (!r->body || !r->body_len)
		return err_set(&r->err, ERR_INVALID, "body",
			       N_("Send the CSV file as the request body (Content-Type: text/csv)."));
	*dry_run = dry && !strcmp(dry, "true");
	return 0;
}

int api_import_answer(struct req *r, int rc, const struct err *e, const struct api_import_result *res)
{
	const struct import_problems *p = res->problems;
	struct json j;

	if (rc && rc != ERR_INVALID) {
		r->err = *e;
		return rc;
	}
	api_begin(r, &j, rc || p->n ? 400 : res->imported ? 201 : 200);
	json_obj_open(&j);
	if (rc || p->n) {
		const struct err *first = p->n ? &p->v[0].err : e;
		json_key(&j, "error");
		json_obj_open(&j);
		json_kv_str(&j, "code", err_code_name(ERR_INVALID));
		json_kv_str(&j, "message", err_message(first, r->lang, r->arena));
		json_kv_str(&j, "field", first->field ? first->field : "body");
		json_obj_close(&j);
	}
	json_kv_bool(&j, "valid", p->n == 0);
	json_kv_int(&j, "rows", (int64_t)res->n_rows);
	json_kv_bool(&j, "imported", res->imported);
	json_kv_str(&j, "encoding", res->encoding);
	if (res->extra)
		res->extra(&j, res->ctx);
	json_key(&j, "errors");
	json_arr_open(&j);
	for (size_t i = 0; i < p->n; i++) {
		json_obj_open(&j);
		if (p->v[i].line)
			json_kv_int(&j, "line", (int64_t)p->v[i].line);
		else
			json_kv_null(&j, "line");
		json_kv_str(&j, "field", p->v[i].field);
		json_kv_str(&j, "column", p->v[i].column);
		json_kv_str(&j, "message", err_message(&p->v[i].err, r->lang, r->arena));
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	return 0;
}
