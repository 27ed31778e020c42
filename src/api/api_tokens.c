/*
 * api_tokens.c - /api/v1/tokens: the caller's own API tokens.
 *
 * A token is shown in clear once, in the answer that creates it; only its
 * hash and its first characters are stored. Creating one asks for the
 * caller's password again ("password", throttled as sign-in is); a token
 * expires after "days" (default 90, at most 365) unless renewed. A user
 * sees, renews and revokes only their own tokens: someone else's answers
 * 404, as if it did not exist.
 */
#include "api/api_tokens.h"
#include "api/api_common.h"

#include <inttypes.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/auth.h"
#include "http/session.h"

int api_tokens_list(struct req *r)
{
	struct api_token *t;
	size_t n;
	int64_t limit, offset;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = api_db(r, &db)) ||
	    (rc = token_list(db, r->arena, r->auth->user_id, &t, &n, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = (uint64_t)offset < n ? (size_t)offset : n, k = 0; i < n && k < (size_t)limit; i++, k++)
		token_json(&j, &t[i]);
	api_list_end(&j, (int64_t)n, limit, offset);
	return 0;
}

/* The optional "days" member: 0 when absent. */
static int days_member(struct req *r, struct json_t *body, int *days)
{
	int64_t n = 0;
	int present = 0, rc;

	*days = 0;
	if ((rc = api_int(r, body, "days", &n, &present)))
		return rc;
	if (present && (n < 1 || n > TOKEN_DAYS_MAX))
		return err_set(&r->err, ERR_INVALID, "days", N_("A token lives from 1 to 365 days."));
	*days = (int)n;
	return 0;
}

int api_tokens_create(struct req *r)
{
	struct json_t *body = api_body(r);
	struct auth_policy p = session_policy(r->app);
	const char *name = NULL, *password = NULL, *clear = NULL;
	struct api_token t;
	int64_t id = 0;
	struct json j;
	struct db *db;
	int days, rc;

	if (!body)
		return r->err.code;
	if ((rc = api_str(r, body, "name", &name)) || (rc = api_str(r, body, "password", &password)) ||
	    (rc = days_member(r, body, &days)))
		return rc;
	if ((rc = api_db(r, &db)) ||
	    (rc = auth_token_create(db, r->arena, &p, r->auth, r->remote_addr, password, name, days, &clear, &id,
				    &r->err)) ||
	    (rc = token_get(db, r->arena, id, &t, &r->err)))
		return rc;
	resp_header(r, "Location", arena_printf(r->arena, "/api/v1/tokens/%" PRId64, id));
	api_begin(r, &j, 201);
	json_obj_open(&j);
	json_kv_str(&j, "token", clear);
	token_json_members(&j, &t);
	json_obj_close(&j);
	return 0;
}

int api_tokens_renew(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	struct api_token t;
	struct json j;
	struct db *db;
	int days = 0, rc;

	if (!id)
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such API token."));
	if (r->body_len > 0) {
		struct json_t *body = api_body(r);
		if (!body)
			return r->err.code;
		if ((rc = days_member(r, body, &days)))
			return rc;
	}
	if ((rc = api_db(r, &db)))
		return rc;
	if ((rc = token_renew(db, r->arena, r->auth, r->auth->user_id, id, days, &r->err)) ||
	    (rc = token_get(db, r->arena, id, &t, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	token_json(&j, &t);
	return 0;
}

int api_tokens_delete(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	struct db *db;
	int rc;

	if (!id)
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such API token."));
	if ((rc = api_db(r, &db)) || (rc = token_revoke(db, r->arena, r->auth, r->auth->user_id, id, &r->err)))
		return rc;
	r->resp.status = 204;
	r->resp.content_type = "application/json; charset=utf-8";
	return 0;
}
