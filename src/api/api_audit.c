/*
 * api_audit.c - /api/v1/audit: reading the audit trail.
 *
 * Administrators and auditors see the entries about units in their part of
 * the tree; entries that belong to no unit (accounts, tokens, sign-ins) are
 * seen only with an installation-wide grant. An entry outside the caller's
 * scope answers 404, as if it did not exist. The before and after
 * snapshots are stored as JSON text and are sent as JSON values, not as
 * strings; a stored text that is not JSON (which the domain never writes)
 * is sent as a string rather than breaking the answer.
 */
#include <jansson.h>

#include "api/api_audit.h"
#include "api/api_common.h"

#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/audit.h"
#include "domain/unit.h"

static void id_or_null(struct json *j, const char *key, int64_t id)
{
	if (id)
		json_kv_int(j, key, id);
	else
		json_kv_null(j, key);
}

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
	id_or_null(j, "actor_id", en->actor_id);
	json_kv_str(j, "actor_name", en->actor_name);
	json_kv_str(j, "entity", en->entity);
	id_or_null(j, "entity_id", en->entity_id);
	id_or_null(j, "unit_id", en->unit_id);
	json_kv_str(j, "action", en->action);
	snapshot(j, "before", en->before);
	snapshot(j, "after", en->after);
	json_kv_str(j, "prev_hash", en->prev_hash);
	json_kv_str(j, "hash", en->hash);
	json_obj_close(j);
}

static int query_id(struct req *r, const char *name, int64_t *out)
{
	const char *s = req_query(r, name);

	*out = 0;
	if (!s)
		return 0;
	if (s[0] < '0' || s[0] > '9' || !str_to_i64(s, out) || *out <= 0)
		return err_set(&r->err, ERR_INVALID, name, N_("Must be a whole number."));
	return 0;
}

static int query_date(struct req *r, const char *name, const char **out)
{
	const char *s = req_query(r, name);

	*out = NULL;
	if (!s || !*s)
		return 0;
	if (!time_valid_date(s))
		return err_set(&r->err, ERR_INVALID, name, N_("Enter a date as YYYY-MM-DD."));
	*out = s;
	return 0;
}

static const char *query_text(struct req *r, const char *name)
{
	const char *s = req_query(r, name);
	return s && *s ? s : NULL;
}

int api_audit_list(struct req *r)
{
	struct audit_filter f = { 0 };
	struct audit_entry *entries;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = query_id(r, "entity_id", &f.entity_id)) ||
	    (rc = query_id(r, "actor_id", &f.actor_id)) || (rc = query_date(r, "from", &f.from)) ||
	    (rc = query_date(r, "to", &f.to)))
		return rc;
	if (f.from && f.to && strcmp(f.from, f.to) > 0)
		return err_set(&r->err, ERR_INVALID, "to", N_("The end date is before the start date."));
	f.entity = query_text(r, "entity");
	f.action = query_text(r, "action");
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	rc = audit_list(db, r->arena, &f, &entries, &n, &total, &r->err);
	if (rc)
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		entry_json(&j, &entries[i]);
	api_list_end(&j, total, f.limit, f.offset);
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
