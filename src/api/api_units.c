/*
 * api_units.c - /api/v1/units: the organisation tree as JSON.
 *
 * Lists show only the units the caller sees (any role on the unit or above
 * it). A change (PATCH) sends only the members it changes; the others keep
 * their stored values, and a member sent as null is emptied. Changes and
 * moves carry the version the client read, and a stale one gets 409 with
 * the current record. A move also needs the administrator role on the
 * destination, since a unit-level administrator must not be able to hand a
 * unit to a part of the organisation they do not administer.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "api/api_units.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/unit.h"

static void write_unit(struct json *j, const void *rec)
{
	unit_json(j, rec);
}

/* Answer one unit with @status and its version as the ETag. */
static int answer_unit(struct req *r, const struct unit *u, int status)
{
	return api_record(r, status, u->version, write_unit, u);
}

/* The answer to a change of unit @id that ended in @rc: the unit as it is now, or the stored one @cur on a conflict. */
static int answer_written(struct req *r, struct db *db, int rc, int64_t id, const struct unit *cur)
{
	struct unit u;

	if (rc == ERR_CONFLICT && cur->id) {
		api_etag(r, cur->version);
		return api_conflict(r, &r->err, write_unit, cur);
	}
	if (rc || (rc = unit_get(db, r->arena, id, &u, &r->err)))
		return rc;
	return answer_unit(r, &u, 200);
}

/* A query argument that must be a positive id when given. */
static int query_id(struct req *r, const char *name, int64_t *out, int *present)
{
	const char *s = req_query(r, name);

	*present = 0;
	if (!s)
		return 0;
	if (s[0] < '0' || s[0] > '9' || !str_to_i64(s, out) || *out < 0)
		return err_set(&r->err, ERR_INVALID, name, N_("Must be a whole number."));
	*present = 1;
	return 0;
}

int api_units_list(struct req *r)
{
	struct unit_filter f = { 0 };
	struct unit *units;
	size_t n;
	int64_t total = 0, parent = 0;
	int has_parent, rc;
	struct json j;
	struct db *db;

	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = query_id(r, "parent_id", &parent, &has_parent)))
		return rc;
	f.kind = req_query(r, "kind");
	if (f.kind && unit_kind_parse(f.kind) < 0)
		return err_set(
			&r->err, ERR_INVALID, "kind",
			N_("Unknown kind: use organisation, board, administration, company, federation or unit."));
	/* parent_id=0 asks for the roots (organisations); the filter spells that -1. */
	if (has_parent)
		f.parent_id = parent ? parent : -1;
	f.q = req_query(r, "q");
	if (f.q && !*f.q)
		f.q = NULL;
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	rc = unit_list(db, r->arena, &f, &units, &n, &total, &r->err);
	if (rc)
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		unit_json(&j, &units[i]);
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_units_choices(struct req *r)
{
	struct unit_filter f = { 0 };
	struct unit *units;
	size_t n = 0;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_choice_paging(r, 500, &f.limit, &f.offset)))
		return rc;
	f.q = req_query(r, "q");
	f.viewer_id = r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	/* Nothing asked, nothing offered: the units of a national installation are not listed whole here. */
	if (f.q && !str_blank(f.q) && (rc = unit_list(db, r->arena, &f, &units, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_int(&j, "id", units[i].id);
		json_kv_str(&j, "name", units[i].name);
		json_kv_str(&j, "kind", units[i].kind);
		json_kv_str(&j, "label", unit_choice_label(db, r->arena, &units[i]));
		json_obj_close(&j);
	}
	api_list_end(&j, total, f.limit, f.offset);
	return 0;
}

/* A page of @b (@n of them, @total in all) as a list answer. */
static void branch_list(struct req *r, const struct unit_branch *b, size_t n, int64_t total, int64_t limit,
			int64_t offset)
{
	struct json j;

	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		unit_branch_json(&j, &b[i]);
	api_list_end(&j, total, limit, offset);
}

int api_units_top(struct req *r)
{
	struct unit_branch *b;
	size_t n;
	int64_t limit, offset, total;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = unit_tops(db, r->arena, r->auth, limit, offset, &b, &n, &total, &r->err)))
		return rc;
	branch_list(r, b, n, total, limit, offset);
	return 0;
}

int api_units_children(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct unit_branch *b;
	size_t n;
	int64_t limit, offset, total;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = unit_children(db, r->arena, u->id, limit, offset, &b, &n, &total, &r->err)))
		return rc;
	branch_list(r, b, n, total, limit, offset);
	return 0;
}

/* The members of a new unit; a parent, when given, is a positive id. */
static int new_unit_members(struct req *r, json_t *body, void *input)
{
	struct unit_input *in = input;
	int present, rc;

	if ((rc = api_int(r, body, "parent_id", &in->parent_id, &present)) ||
	    (rc = api_str(r, body, "kind", &in->kind)) || (rc = api_str(r, body, "name", &in->name)) ||
	    (rc = api_str(r, body, "code", &in->code)) || (rc = api_str(r, body, "case_prefix", &in->case_prefix)) ||
	    (rc = api_str(r, body, "contact", &in->contact)))
		return rc;
	if (present && in->parent_id <= 0)
		return err_set(&r->err, ERR_INVALID, "parent_id", N_("The chosen parent unit does not exist."));
	return 0;
}

/* The members of a change; a change cannot move the unit to another parent. */
static int unit_members(struct req *r, json_t *body, void *input)
{
	struct unit_input *in = input;
	int64_t parent = 0;
	int has_parent, rc;

	if ((rc = api_int(r, body, "parent_id", &parent, &has_parent)))
		return rc;
	if (has_parent && parent != in->parent_id)
		return err_set(&r->err, ERR_INVALID, "parent_id",
			       N_("A unit is moved with POST /api/v1/units/{id}/move, which records the reason."));
	if ((rc = api_patch_str(r, body, "kind", &in->kind)) || (rc = api_patch_str(r, body, "name", &in->name)) ||
	    (rc = api_patch_str(r, body, "code", &in->code)) ||
	    (rc = api_patch_str(r, body, "case_prefix", &in->case_prefix)) ||
	    (rc = api_patch_str(r, body, "contact", &in->contact)))
		return rc;
	return 0;
}

API_INPUT_OF(unit_input_of_stored, struct unit_input, unit_input_of)
API_CREATOR(unit_new, unit_create)
API_UPDATER(unit_change, unit_update)
API_GETTER(unit_read, unit_get)

#define UNIT_DEF                                                                                          \
	API_RECORD(struct unit, struct unit_input), .kind = "unit", .location = "/api/v1/units/",         \
						    .input_of = unit_input_of_stored, .create = unit_new, \
						    .update = unit_change, .get = unit_read, .current = write_unit

static const struct api_record_def unit_def = { UNIT_DEF, .members = unit_members };
static const struct api_record_def new_unit_def = { UNIT_DEF, .members = new_unit_members };

int api_units_create(struct req *r)
{
	return api_create(r, &new_unit_def);
}

int api_units_get(struct req *r)
{
	return answer_unit(r, scope_record(&r->scope, "unit"), 200);
}

int api_units_update(struct req *r)
{
	return api_update(r, &unit_def);
}

int api_units_move(struct req *r)
{
	const struct unit *before = scope_record(&r->scope, "unit");
	struct unit cur = { 0 };
	json_t *body = api_body(r);
	const char *reason = NULL;
	int64_t to = 0, version = 0;
	int has_to, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "parent_id", &to, &has_to)) || (rc = api_str(r, body, "reason", &reason)))
		return rc;
	if (!has_to || to <= 0)
		return err_set(&r->err, ERR_INVALID, "parent_id", N_("Choose the unit to move this one to."));
	if ((rc = api_version(r, body, &version)) || (rc = api_db(r, &db)))
		return rc;
	rc = unit_move(db, r->arena, r->auth, before, version, to, reason, &cur, &r->err);
	return answer_written(r, db, rc, before->id, &cur);
}

static void id_or_null(struct json *j, const char *key, int64_t id)
{
	if (id)
		json_kv_int(j, key, id);
	else
		json_kv_null(j, key);
}

int api_units_moves(struct req *r)
{
	const struct unit *u = scope_record(&r->scope, "unit");
	struct unit_move *moves;
	size_t n;
	int64_t limit, offset;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		return rc;
	if ((rc = api_db(r, &db)))
		return rc;
	if ((rc = unit_moves(db, r->arena, u->id, &moves, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = (uint64_t)offset < n ? (size_t)offset : n, k = 0; i < n && k < (size_t)limit; i++, k++) {
		json_obj_open(&j);
		json_kv_int(&j, "id", moves[i].id);
		json_kv_int(&j, "unit_id", u->id);
		id_or_null(&j, "from_id", moves[i].from_id);
		json_kv_str(&j, "from_name", moves[i].from_name);
		id_or_null(&j, "to_id", moves[i].to_id);
		json_kv_str(&j, "to_name", moves[i].to_name);
		json_kv_str(&j, "reason", moves[i].reason);
		json_kv_str(&j, "by", moves[i].by);
		json_kv_str(&j, "at", moves[i].at);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_kv_int(&j, "total", (int64_t)n);
	json_kv_int(&j, "limit", limit);
	json_kv_int(&j, "offset", offset);
	json_obj_close(&j);
	return 0;
}
