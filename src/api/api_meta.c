/*
 * api_meta.c - the API's own description and the caller's account:
 * GET /api/v1/openapi.json (the embedded OpenAPI document), GET /api/v1/me
 * (who am I, with which roles), GET /api/v1/me/tasks (what waits for me:
 * the start page's "Att göra") and POST /api/v1/me/password.
 *
 * Changing one's own password needs the current one (throttled as
 * sign-in is), ends the user's other sessions and revokes every API token
 * of the user, the one making the call included; the answer says how many.
 * The session that made the call stays signed in (a call made with an API
 * token keeps none).
 */
#include "api/api_meta.h"
#include "api/api_common.h"

#include "core/arena.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/i18n.h"
#include "domain/auth.h"
#include "domain/plan.h"
#include "domain/tasks.h"
#include "domain/user.h"
#include "http/session.h"

int api_openapi(struct req *r)
{
	const struct embedded_file *f = embed_find(embedded_api, "openapi.json");

	if (!f)
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	r->resp.status = 200;
	r->resp.content_type = "application/json";
	r->resp.file_data = (const char *)f->data;
	r->resp.file_len = f->len;
	return 0;
}

int api_me(struct req *r)
{
	struct user u;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = user_get(db, r->arena, r->auth->user_id, &u, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_key(&j, "user");
	user_json(&j, &u);
	json_key(&j, "roles");
	json_arr_open(&j);
	for (size_t i = 0; i < r->auth->n_grants; i++) {
		const struct grant *g = &r->auth->grants[i];
		json_obj_open(&j);
		json_kv_str(&j, "role", role_name(g->role));
		json_kv_id(&j, "unit_id", g->unit_id);
		json_kv_str(&j, "unit_name", g->unit_name);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_kv_str(&j, "lang", lang_code(r->auth->lang));
	json_obj_close(&j);
	return 0;
}

int api_me_password(struct req *r)
{
	struct json_t *body = api_body(r);
	struct auth_policy p = session_policy(r->app);
	const char *old_password = NULL, *password = NULL;
	int n_revoked = 0;
	struct json j;
	struct db *db;
	int rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "old_password", &old_password)) || (rc = api_str(r, body, "password", &password)))
		return rc;
	if (!password)
		return err_set(&r->err, ERR_INVALID, "password", N_("Enter a password."));
	if ((rc = api_db(r, &db)) || (rc = auth_change_password(db, r->arena, &p, r->auth, r->remote_addr, old_password,
								password, &n_revoked, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	json_obj_open(&j);
	json_kv_int(&j, "tokens_revoked", n_revoked);
	json_obj_close(&j);
	return 0;
}

/* The start page's groups by the names the API gives them. */
static const char *const task_group_names[TASK_GROUP_COUNT] = {
	[TASK_OTHER] = "other", [TASK_SIGN] = "sign", [TASK_CLASSIFY] = "classify", [TASK_ASSESS] = "assess"
};

#define ME_TASKS_MAX 200

int api_me_tasks(struct req *r)
{
	struct task *t;
	size_t n;
	char today[11];
	struct json j;
	struct db *db;
	int rc;

	plan_today(today);
	if ((rc = api_db(r, &db)) || (rc = tasks_of(db, r->arena, r->auth, today, ME_TASKS_MAX, &t, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++) {
		json_obj_open(&j);
		json_kv_str(&j, "group", task_group_names[t[i].group]);
		json_kv_str(&j, "kind", t[i].kind);
		json_kv_int(&j, "id", t[i].id);
		json_kv_str(&j, "title", t[i].title);
		json_kv_str(&j, "context", t[i].context);
		json_kv_str(&j, "status", tr(r->lang, t[i].status));
		json_kv_str(&j, "due", t[i].due);
		json_kv_bool(&j, "overdue", t[i].overdue);
		json_kv_str(&j, "href", t[i].href);
		json_obj_close(&j);
	}
	api_list_end(&j, (int64_t)n, ME_TASKS_MAX, 0);
	return 0;
}
