/*
 * api_role_suggestions.c - /api/v1/role-suggestions.
 *
 * The list holds the pending suggestions the caller may decide (on units
 * they administer; installation-wide ones for an installation-wide
 * administrator), of roles not held yet, oldest first; ?user_id= narrows it
 * to one person. Granting goes through grant_add() (its checks and audit
 * entry); the route's scope is the suggestion's unit. Both decisions answer
 * the suggestion as it now stands; one decided already answers 409.
 */
#include "api/api_role_suggestions.h"
#include "api/api_common.h"

#include "core/arena.h"
#include "core/err.h"
#include "domain/role_suggestion.h"
#include "domain/validate.h"

int api_role_suggestions_list(struct req *r)
{
	struct role_suggestion *s;
	size_t n;
	int64_t limit, offset, user_id = 0, total = 0;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)) || (rc = filter_id(req_query_get, r, "user_id", &user_id, &r->err)) ||
	    (rc = api_db(r, &db)) ||
	    (rc = role_suggestion_pending(db, r->arena, r->auth, user_id, limit, offset, &s, &n, &total, &r->err)))
		return rc;
	api_list_begin(r, &j);
	for (size_t i = 0; i < n; i++)
		role_suggestion_json(&j, &s[i]);
	api_list_end(&j, total, limit, offset);
	return 0;
}

static int answer(struct req *r, int64_t id)
{
	struct role_suggestion s;
	struct json j;
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = role_suggestion_get(db, r->arena, id, &s, &r->err)))
		return rc;
	api_begin(r, &j, 200);
	role_suggestion_json(&j, &s);
	return 0;
}

int api_role_suggestions_get(struct req *r)
{
	const struct role_suggestion *s = scope_record(&r->scope, "role_suggestion");
	struct json j;

	if (!s)
		return err_set(&r->err, ERR_NOTFOUND, "id", N_("No such role suggestion."));
	api_begin(r, &j, 200);
	role_suggestion_json(&j, s);
	return 0;
}

int api_role_suggestions_grant(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = role_suggestion_grant(db, r->arena, r->auth, id, NULL, &r->err)))
		return rc;
	return answer(r, id);
}

int api_role_suggestions_dismiss(struct req *r)
{
	int64_t id = req_arg_id(r, 0);
	struct db *db;
	int rc;

	if ((rc = api_db(r, &db)) || (rc = role_suggestion_dismiss(db, r->arena, r->auth, id, &r->err)))
		return rc;
	return answer(r, id);
}
