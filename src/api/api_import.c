/*
 * api_import.c - the request and the answer of a CSV import (see
 * api_import.h).
 */
#include "api/api_import.h"

#include <string.h>

#include "api/api_common.h"
#include "core/i18n.h"
#include "core/json.h"

int api_import(struct req *r, import_fn run)
{
	const char *dry = req_query(r, "dry_run");
	struct import_outcome res = { 0 };
	const struct import_problems *p;
	struct err e = { 0 };
	struct json j;
	struct db *db;
	int rc;

	if (dry && strcmp(dry, "true") && strcmp(dry, "false"))
		return err_set(&r->err, ERR_INVALID, "dry_run", N_("Must be true or false."));
	if (!r->body || !r->body_len)
		return err_set(&r->err, ERR_INVALID, "body",
			       N_("Send the CSV file as the request body (Content-Type: text/csv)."));
	if ((rc = api_db(r, &db)))
		return rc;
	rc = run(db, r->arena, r->auth, r->body, r->body_len, dry && !strcmp(dry, "true"), &res, &e);
	if (rc && rc != ERR_INVALID) {
		r->err = e;
		return rc;
	}
	p = res.problems;
	api_begin(r, &j, rc || p->n ? 400 : res.imported ? 201 : 200);
	json_obj_open(&j);
	if (rc || p->n) {
		const struct err *first = p->n ? &p->v[0].err : &e;
		json_key(&j, "error");
		json_obj_open(&j);
		json_kv_str(&j, "code", err_code_name(ERR_INVALID));
		json_kv_str(&j, "message", err_message(first, r->lang, r->arena));
		json_kv_str(&j, "field", first->field ? first->field : "body");
		json_obj_close(&j);
	}
	json_kv_bool(&j, "valid", p->n == 0);
	json_kv_int(&j, "rows", (int64_t)res.n_rows);
	if (res.more_key)
		json_kv_int(&j, res.more_key, (int64_t)res.more);
	json_kv_bool(&j, "imported", res.imported);
	json_kv_str(&j, "encoding", res.encoding);
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
