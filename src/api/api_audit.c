/*
 * api_audit.c - /api/v1/audit: reading the audit trail.
 *
 * Administrators and auditors see the entries about units in their part of
 * the tree; entries that belong to no unit (accounts, tokens, sign-ins) are
 * seen only with an installation-wide grant. An entry outside the caller's
 * scope answers 404, as if it did not exist. The list takes the same
 * filters as the trail's page (audit_filter_parse()) and pages the same
 * way: by entry number, with ?before= and ?after=, never by offset. The before and after
 * snapshots are stored as JSON text and are sent as JSON values, not as
 * strings; a stored text that is not JSON (which the domain never writes)
 * is sent as a string rather than breaking the answer.
 */
#include <jansson.h>

#include "api/api_audit.h"
#include "api/api_common.h"

#include "core/err.h"
#include "domain/audit.h"

/* A stored snapshot: JSON text written as a value. */
static void snapshot(struct json *j, const char *key, const char *text)
{
	json_t *v;

	if (!text) {
		json_kv_null(j, key);
		return;
	}
	v = json_loads(text, JSON_DECODE_ANY, NULL);
	if (v) {
		json_decref(v);
		json_kv_raw(j, key, text);
	} else {
		json_kv_str(j, key, text);
	}
}

static void entry_json(struct json *j, const struct audit_entry *en)
{
	json_obj_open(j);
	json_kv_int(j, "id", en->id);
	json_kv_str(j, "at", en->at);
	json_kv_id(j, "actor_id", en->actor_id);
	json_kv_str(j, "actor_name", en->actor_name);
	json_kv_str(j, "entity", en->entity);
	json_kv_id(j, "entity_id", en->entity_id);
	json_kv_id(j, "unit_id", en->unit_id);
	json_kv_str(j, "action", en->action);
	snapshot(j, "before", en->before);
	snapshot(j, "after", en->after);
	json_kv_str(j, "prev_hash", en->prev_hash);
	json_kv_str(j, "hash", en->hash);
	json_obj_close(j);
}

static const char *query_get(void *ctx, const char *name)
{
	return req_query(ctx, name);
}

int api_audit_list(struct req *r)
{
	struct audit_filter f;
	struct audit_page p;
	int64_t offset;
	struct json j;
	struct db *db;
	int rc;

	audit_filter_init(&f);
	if ((rc = api_paging(r, &f.limit, &offset)) || (rc = audit_filter_parse(&f, query_get, r, &r->err)))
		return rc;
	if (offset)
		return err_set(
			&r->err, ERR_INVALID, "offset",
			N_("The audit trail is paged by entry number: pass the \"older\" of the previous answer as "
			   "before=, or its \"newer\" as after=."));
	f.viewer_id = audit_viewer(r->auth);
	if ((rc = api_db(r, &db)) || (rc = audit_list(db, r->arena, &f, &p, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < p.n; i++)
		entry_json(&j, &p.entries[i]);
	/* The list envelope with the places of the pages beside this one instead of an offset, and whether
	 * total is exact: it is counted no further than AUDIT_COUNT_CAP. */
	json_arr_close(&j);
	json_kv_int(&j, "total", p.total);
	json_kv_bool(&j, "total_exact", p.total_exact);
	json_kv_int(&j, "limit", f.limit);
	json_kv_id(&j, "older", p.older);
	json_kv_id(&j, "newer", p.newer);
	json_obj_close(&j);
	return 0;
}

int api_audit_get(struct req *r)
{
	struct audit_entry en;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = audit_get_visible(db, r->arena, r->auth, req_arg_id(r, 0), &en, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	entry_json(&j, &en);
	return 0;
}
