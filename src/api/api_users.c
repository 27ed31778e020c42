/*
 * api_users.c - /api/v1/users and role assignments (/users/:id/roles,
 * /roles/:id).
 *
 * Accounts are installation-wide: creating and changing them needs an
 * installation-wide administrator (the route table says so), and the
 * password hash is never part of an answer. An administrator of a part of
 * the tree lists only the users holding a role there (and one named exactly
 * by q, without e-mail), and reads the e-mail address of no one else
 * (user_viewer(), user_get_as()); the list takes the same filters as the
 * page (user_filter_parse()). Roles are granted on a unit or on the whole
 * installation; a unit-level administrator may grant and remove roles only
 * within their own part of the tree, which the routes' scopes tell the
 * router and grant_add() checks again. A user's role list shows the grants
 * on units the caller sees and the installation-wide ones.
 */
#include <jansson.h>

#include "api/api_common.h"
#include "api/api_resource.h"
#include "api/api_users.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "domain/asset.h"
#include "domain/authz.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/validate.h"

static void write_user(struct json *j, const void *rec)
{
	user_json(j, rec);
}

static int answer_user(struct req *r, const struct user *u, int status)
{
	return api_record(r, status, u->version, write_user, u);
}

static const char *query_get(void *ctx, const char *name)
{
	return req_query(ctx, name);
}

int api_users_list(struct req *r)
{
	struct user_filter f;
	struct user *users;
	size_t n;
	int64_t total = 0;
	struct json j;
	struct db *db;
	int rc;

	user_filter_init(&f);
	if ((rc = api_paging(r, &f.limit, &f.offset)) || (rc = user_filter_parse(&f, query_get, r, &r->err)))
		return rc;
	f.viewer_id = user_viewer(r->auth);
	if ((rc = api_db(r, &db)) || (rc = user_list(db, r->arena, &f, &users, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		user_json(&j, &users[i]);
	api_list_end(&j, total, f.limit, f.offset);
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
	if ((rc = api_db(r, &db)) || (rc = user_create(db, r->arena, r->auth, &in, password, &id, &r->err)) ||
	    (rc = user_get(db, r->arena, id, &u, &r->err)))
		return rc;
	if (has_active && !active) {
		/* Accounts are created active; one created inactive is deactivated right after. */
		struct user_input off = user_input_of(&u);
		off.active = false;
		if ((rc = user_update(db, r->arena, r->auth, &u, u.version, &off, NULL, &r->err)) ||
		    (rc = user_get(db, r->arena, id, &u, &r->err)))
			return rc;
	}
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/users/%" PRId64, id));
	return answer_user(r, &u, 201);
}

int api_users_get(struct req *r)
{
	struct user u;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = user_get_as(db, r->arena, r->auth, req_arg_id(r, 0), &u, &r->err)))
		return rc;
	return answer_user(r, &u, 200);
}

/* A change of an account: its input and the user name, which stays as stored. */
struct user_change {
	struct user_input in;
	const char *username;
};

static void user_change_of(const void *rec, void *input)
{
	struct user_change *c = input;
	c->in = user_input_of(rec);
	c->username = ((const struct user *)rec)->username;
}

static int user_members(struct req *r, json_t *body, void *input)
{
	struct user_change *c = input;
	const char *username = NULL;
	int active, has_active, rc;

	if ((rc = api_str(r, body, "username", &username)))
		return rc;
	if (username && strcmp(username, c->username) != 0)
		return err_set(&r->err, ERR_INVALID, "username", N_("The user name cannot be changed."));
	if ((rc = api_patch_str(r, body, "display_name", &c->in.display_name)) ||
	    (rc = api_patch_str(r, body, "email", &c->in.email)) ||
	    (rc = api_patch_str(r, body, "lang", &c->in.lang)) ||
	    (rc = api_bool(r, body, "active", &active, &has_active)))
		return rc;
	if (has_active)
		c->in.active = active != 0;
	return 0;
}

static int user_change(struct req *r, struct db *db, const void *before, int64_t version, const void *input, void *cur)
{
	const struct user_change *c = input;
	return user_update(db, r->arena, r->auth, before, version, &c->in, cur, &r->err);
}

API_GETTER(user_read, user_get)

static const struct api_record_def user_def = {
	API_RECORD(struct user, struct user_change),
	.input_of = user_change_of,
	.members = user_members,
	.update = user_change,
	.get = user_read,
	.current = write_user,
};

int api_users_update(struct req *r)
{
	return api_update(r, &user_def);
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

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = user_get(db, r->arena, req_arg_id(r, 0), &u, &r->err)) ||
	    (rc = user_grants(db, r->arena, u.id, &g, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		if (!grant_visible(r->auth, &g[i]))
			continue;
		if (seen++ >= offset && (int64_t)shown < limit) {
			grant_json(&j, &g[i]);
			shown++;
		}
	}
	api_list_end(&j, seen, limit, offset);
	return 0;
}

int api_roles_create(struct req *r)
{
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
	if ((rc = api_db(r, &db)) ||
	    (rc = grant_add(db, r->arena, r->auth, req_arg_id(r, 0), present ? unit_id : 0, role, &id, &r->err)) ||
	    (rc = grant_get(db, r->arena, id, &g, &r->err)))
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

	if ((rc = api_db(r, &db)) ||
	    (rc = grant_remove(db, r->arena, r->auth, scope_record(&r->scope, "role_grant"), &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}

/* --- a picker's suggestions --- */

#define PEOPLE_MAX     20
#define PEOPLE_Q_CHARS 100

static void person_json(struct json *j, struct arena *a, int64_t id, const char *name, const char *username)
{
	json_obj_open(j);
	json_kv_int(j, "id", id);
	json_kv_str(j, "name", name);
	json_kv_str(j, "username", username);
	json_kv_str(j, "label", user_choice_label(a, name, username));
	json_obj_close(j);
}

/*
 * GET /api/v1/people?q=WORDS[&can_sign=true[&unit_id=ID]][&limit=N]: the
 * active people whose name or user name holds the words, for the
 * suggestions of a person field (web/widgets.c form_picker()), at most 20:
 * id, name, user name and the label a field takes ("Name (username)"),
 * never an e-mail address. With can_sign, only those who can sign an
 * asset's classification in the unit (any unit without unit_id).
 */
int api_people(struct req *r)
{
	const char *q = req_query(r, "q"), *can_sign = req_query(r, "can_sign"), *path = NULL;
	int64_t limit = 10, offset = 0, unit_id = 0;
	struct json j;
	struct db *db;
	size_t n = 0;
	int rc;

	if (!q || str_blank(q) || str_utf8_len(q) > PEOPLE_Q_CHARS)
		return err_set(&r->err, ERR_INVALID, "q",
			       N_("Give part of a name or user name, at most 100 characters."));
	if (can_sign && strcmp(can_sign, "true") && strcmp(can_sign, "false"))
		return err_set(&r->err, ERR_INVALID, "can_sign", N_("Must be true or false."));
	if ((rc = filter_id(query_get, r, "unit_id", &unit_id, &r->err)) || (rc = api_paging(r, &limit, &offset)) ||
	    (rc = api_db(r, &db)))
		return rc;
	if (limit > PEOPLE_MAX)
		limit = PEOPLE_MAX;
	if (unit_id) {
		struct unit u;
		if ((rc = unit_get(db, r->arena, unit_id, &u, &r->err)))
			return rc;
		if (!authz_in_scope(r->auth, ACCESS_READ, u.path))
			return err_set(&r->err, ERR_NOTFOUND, "unit_id", N_("No such unit."));
		path = u.path;
	}
	if (can_sign && !strcmp(can_sign, "true")) {
		struct asset_owner_candidate *c;
		if ((rc = asset_owner_candidates(db, r->arena, path, q, limit, &c, &n, &r->err)))
			return rc;
		api_list_begin(r, &j);
		for (size_t i = 0; i < n; i++)
			person_json(&j, r->arena, c[i].id, c[i].display_name, c[i].username);
	} else {
		struct user_filter f = { .q = q, .active = 1, .limit = limit };
		struct user *u;
		if ((rc = user_list(db, r->arena, &f, &u, &n, NULL, &r->err)))
			return rc;
		api_list_begin(r, &j);
		for (size_t i = 0; i < n; i++)
			person_json(&j, r->arena, u[i].id, u[i].display_name, u[i].username);
	}
	api_list_end(&j, (int64_t)n, limit, 0);
	return 0;
}
