/*
 * api_users.c - /api/v1/users and role assignments (/users/:id/roles,
 * /roles/:id).
 *
 * Accounts are installation-wide: creating and changing them needs an
 * installation-wide administrator (the route table says so), and the
 * password hash is never part of an answer. An administrator of a part of
 * the tree lists only the users holding a role there (and one named exactly
 * by q, without e-mail), and reads the e-mail address of no one else. Roles are granted on a unit or
 * on the whole installation; a unit-level administrator may grant and
 * remove roles only within their own part of the tree, which the scope
 * functions here tell the router. A user's role list shows the grants on
 * units the caller sees and the installation-wide ones.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_users.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/unit.h"
#include "domain/user.h"

static void write_user(struct json *j, const void *rec)
{
	user_json(j, rec);
}

static int answer_user(struct req *r, const struct user *u, int status)
{
	struct json j;

	api_etag(r, u->version);
	api_begin(r, &j, status);
	user_json(&j, u);
	return 0;
}

static void list_end(struct json *j, int64_t total, int64_t limit, int64_t offset)
{
	json_arr_close(j);
	json_kv_int(j, "total", total);
	json_kv_int(j, "limit", limit);
	json_kv_int(j, "offset", offset);
	json_obj_close(j);
}

int api_users_list(struct req *r)
{
	struct user_filter f = { 0 };
	struct user *users;
	size_t n;
	int64_t total = 0;
	const char *active = req_query(r, "active");
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &f.limit, &f.offset)))
		return rc;
	f.active = -1;
	if (active) {
		if (!strcmp(active, "true"))
			f.active = 1;
		else if (!strcmp(active, "false"))
			f.active = 0;
		else
			return err_set(&r->err, ERR_INVALID, "active", N_("Must be true or false."));
	}
	f.q = req_query(r, "q");
	if (f.q && !*f.q)
		f.q = NULL;
	f.viewer_id = authz_global(r->auth, ACCESS_ADMIN) ? 0 : r->auth->user_id;
	if ((rc = api_db(r, &db)))
		return rc;
	rc = user_list(db, r->arena, &f, &users, &n, &total, &r->err);
	if (rc)
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		user_json(&j, &users[i]);
	list_end(&j, total, f.limit, f.offset);
	return 0;
}

int api_users_create(struct req *r)
{
	struct user_input in = { 0 };
	struct user u;
	const char *password = NULL;
	json_t *body = api_body(r);
	int active = 1, has_active, rc;
	int64_t id = 0;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "username", &in.username)) ||
	    (rc = api_str(r, body, "display_name", &in.display_name)) || (rc = api_str(r, body, "email", &in.email)) ||
	    (rc = api_str(r, body, "lang", &in.lang)) || (rc = api_str(r, body, "password", &password)) ||
	    (rc = api_bool(r, body, "active", &active, &has_active)))
		return rc;
	in.active = true;
	if ((rc = api_db(r, &db)))
		return rc;
	rc = user_create(db, r->arena, r->auth, &in, password, &id, &r->err);
	if (rc)
		return rc;
	rc = user_get(db, r->arena, id, &u, &r->err);
	if (rc)
		return rc;
	if (has_active && !active) {
		/* Accounts are created active; one created inactive is deactivated right after. */
		struct user_input off = { NULL, u.display_name, u.email, u.lang, false };
		rc = user_update(db, r->arena, r->auth, id, u.version, &off, NULL, &r->err);
		if (!rc)
			rc = user_get(db, r->arena, id, &u, &r->err);
		if (rc)
			return rc;
	}
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/users/%" PRId64, id));
	return answer_user(r, &u, 201);
}

int api_users_get(struct req *r)
{
	struct user u;
	struct db *db;
	bool in_scope;
	int rc;

	if ((rc = api_db(r, &db)))
		return rc;
	rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err);
	if (!rc)
		rc = user_in_scope(db, r->arena, authz_global(r->auth, ACCESS_ADMIN) ? 0 : r->auth->user_id, u.id,
				   &in_scope, &r->err);
	if (rc)
		return rc;
	if (!in_scope)
		u.email = "";
	return answer_user(r, &u, 200);
}

int api_users_update(struct req *r)
{
	struct user u, cur = { 0 };
	struct user_input in;
	const char *username = NULL;
	json_t *body = api_body(r);
	int64_t version = 0;
	int active, has_active, rc;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_db(r, &db)))
		return rc;
	rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err);
	if (rc)
		return rc;
	in = (struct user_input){ NULL, u.display_name, u.email, u.lang, u.active };
	if ((rc = api_str(r, body, "username", &username)))
		return rc;
	if (username && strcmp(username, u.username) != 0)
		return err_set(&r->err, ERR_INVALID, "username", N_("The user name cannot be changed."));
	if ((rc = api_patch_str(r, body, "display_name", &in.display_name)) ||
	    (rc = api_patch_str(r, body, "email", &in.email)) || (rc = api_patch_str(r, body, "lang", &in.lang)) ||
	    (rc = api_bool(r, body, "active", &active, &has_active)))
		return rc;
	if (has_active)
		in.active = active != 0;
	if ((rc = api_version(r, body, &version)))
		return rc;
	rc = user_update(db, r->arena, r->auth, u.id, version, &in, &cur, &r->err);
	if (rc == ERR_CONFLICT && cur.id) {
		api_etag(r, cur.version);
		return api_conflict(r, &r->err, write_user, &cur);
	}
	if (rc)
		return rc;
	rc = user_get(db, r->arena, u.id, &u, &r->err);
	if (rc)
		return rc;
	return answer_user(r, &u, 200);
}

/* Installation-wide grants, and grants on units the caller sees at all. */
static bool grant_visible(const struct req *r, const struct role_grant *g)
{
	return g->unit_id == 0 || authz_in_scope(r->auth, ACCESS_READ, g->unit_path);
}

int api_roles_list(struct req *r)
{
	struct user u;
	struct role_grant *g;
	size_t n, shown = 0;
	int64_t limit, offset, seen = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		return rc;
	if ((rc = api_db(r, &db)))
		return rc;
	if ((rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err)) ||
	    (rc = user_grants(db, r->arena, u.id, &g, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		if (!grant_visible(r, &g[i]))
			continue;
		if (seen++ >= offset && (int64_t)shown < limit) {
			grant_json(&j, &g[i]);
			shown++;
		}
	}
	list_end(&j, seen, limit, offset);
	return 0;
}

int api_roles_create(struct req *r)
{
	struct user u;
	struct role_grant g;
	const char *role = NULL;
	json_t *body = api_body(r);
	int64_t unit_id = 0, id = 0;
	int present, rc;
	struct json j;
	struct db *db;

	if (!body)
		return r->err.code;
	if ((rc = api_int(r, body, "unit_id", &unit_id, &present)) || (rc = api_str(r, body, "role", &role)))
		return rc;
	if (!present)
		unit_id = 0;
	if (unit_id < 0)
		return err_set(&r->err, ERR_INVALID, "unit_id", N_("No such unit."));
	if (!role)
		return err_set(&r->err, ERR_INVALID, "role", N_("Choose a role."));
	if ((rc = api_db(r, &db)))
		return rc;
	rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err);
	if (rc)
		return rc;
	rc = grant_add(db, r->arena, r->auth, u.id, unit_id, role, &id, &r->err);
	if (rc)
		return rc;
	rc = grant_get(db, r->arena, id, &g, &r->err);
	if (rc)
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/roles/%" PRId64, id));
	api_begin(r, &j, 201);
	grant_json(&j, &g);
	return 0;
}

int api_roles_delete(struct req *r)
{
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)))
		return rc;
	rc = grant_remove(db, r->arena, r->auth, req_arg_id(r, 0), &r->err);
	if (rc)
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}
