/*
 * router.c - dispatching a request through the route table.
 *
 * The order of checks is fixed here, once, for every route: the framing of
 * the body, body and field limits and form parse errors, that every path,
 * query and form value is text (UTF-8 without control characters or
 * noncharacters; JSON bodies are checked the same way where they are parsed,
 * in req_json_body()), route lookup (404/405), sign-in
 * (session cookie or API token), the route's access rule in scope, the CSRF
 * token of state-changing browser requests, then the handler. The answer
 * always carries the security headers, and every request gets one
 * access-log line.
 */
#include "http/router.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "domain/auth.h"
#include "http/errmap.h"
#include "http/session.h"

static const char *const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

size_t routes_count(const struct route *table)
{
	size_t n = 0;
	while (table[n].method)
		n++;
	return n;
}

/* Match one pattern; ":name" segments take a run of digits. */
static int match_pattern(const char *pat, const char *path, struct req *r, const char **args, size_t *n_args)
{
	*n_args = 0;
	while (*pat && *path) {
		if (*pat == '*' && pat[1] == 0)
			return 1; /* the rest of the path, read by the handler */
		if (*pat == ':') {
			const char *start = path;
			while (*pat && *pat != '/')
				pat++;
			while (*path >= '0' && *path <= '9')
				path++;
			if (path == start || (path - start) > 18 || (*path && *path != '/'))
				return 0;
			if (*n_args < 4)
				args[(*n_args)++] = arena_strndup(r->arena, start, (size_t)(path - start));
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *pat == 0 && *path == 0;
}

const struct route *router_match(const struct route *table, struct req *r, const char *method, const char *path,
				 int *path_known)
{
	const char *args[4];
	size_t n_args;

	*path_known = 0;
	for (const struct route *rt = table; rt->method; rt++) {
		if (!match_pattern(rt->pattern, path, r, args, &n_args))
			continue;
		if (strcmp(rt->method, method) != 0 &&
		    !(strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)) {
			*path_known = 1;
			continue;
		}
		memcpy(r->args, args, sizeof(args));
		r->n_args = n_args;
		return rt;
	}
	return NULL;
}

int router_check_table(const struct route *table)
{
	int bad = 0;
	for (const struct route *rt = table; rt->method; rt++) {
		const struct route_scope *sc = &rt->scope;
		if (rt->access == ACCESS_UNSET || !rt->handler) {
			log_error("route %s %s has no access rule or handler", rt->method, rt->pattern);
			bad = 1;
		}
		if ((sc->from == SCOPE_ID && (!sc->read || !strchr(rt->pattern, ':'))) ||
		    ((sc->from == SCOPE_FIELD || sc->from == SCOPE_FIELD_IF_GIVEN) && (!sc->read || !sc->field)) ||
		    (sc->from == SCOPE_FN && !sc->fn)) {
			log_error("route %s %s has an incomplete scope", rt->method, rt->pattern);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/*
 * Every field must be text: valid UTF-8 without control characters or
 * noncharacters (str_valid_text()), except the bytes of an uploaded file,
 * whose handler reads the encoding itself (e.g. a Windows-1252 CSV). The
 * server marks file parts as it receives them, so this is one pass.
 */
static int check_kv_text(struct req *r, const struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!str_valid_text(kv[i].key, strlen(kv[i].key)))
			return err_set(&r->err, ERR_INVALID, NULL, N_("A field name is not valid UTF-8 text."));
		if (!kv[i].val || kv[i].is_file)
			continue;
		if (!str_valid_utf8(kv[i].val, kv[i].len))
			return err_set(&r->err, ERR_INVALID, arena_strdup(r->arena, kv[i].key),
				       N_("The field contains bytes that are not valid UTF-8 text."));
		if (!str_valid_text(kv[i].val, kv[i].len))
			return err_set(&r->err, ERR_INVALID, arena_strdup(r->arena, kv[i].key),
				       N_("The field contains a control character or a character that is not allowed "
					  "in text (such as U+FFFF)."));
	}
	return 0;
}

static bool is_safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

static bool same_secret(const char *a, const char *b)
{
	size_t la, lb;
	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	return la == lb && la > 0 && sodium_memcmp(a, b, la) == 0;
}

/* Sign the request in from its API token or session cookie, if any. */
static int authenticate(struct req *r)
{
	const char *authz = req_header(r, "Authorization");
	const char *cookie = req_cookie(r, session_cookie_name(r->app));
	struct auth *a;
	struct db *db;
	int rc;

	if (!authz && !cookie)
		return 0;
	db = req_db(r);
	if (!db)
		return r->err.code ? r->err.code : ERR_DB;
	a = arena_alloc(r->arena, sizeof(*a));
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0)
			return err_set(&r->err, ERR_UNAUTHORIZED, "Authorization",
				       N_("Use an API token: Authorization: Bearer <token>."));
		rc = auth_token_cached(r->app->auth_cache, db, r->arena, authz + 7, a, &r->err);
		if (rc)
			return rc;
		r->via_token = true;
	} else {
		struct auth_policy p = session_policy(r->app);
		rc = auth_session_cached(r->app->auth_cache, db, r->arena, &p, cookie, a, &r->err);
		if (rc == ERR_UNAUTHORIZED) {
			session_clear_cookie(r);
			err_clear(&r->err);
			return 0;
		}
		if (rc)
			return rc;
	}
	r->auth = a;
	r->lang = a->lang;
	return 0;
}

/*
 * The id in @field: on a page the form field (or, for a GET, the query
 * argument), in the API the JSON body's member (or, for a GET, the query
 * argument). *present is false when it is absent, empty or null.
 */
static int field_id(struct req *r, const char *field, int64_t *id, bool *present)
{
	const char *s = NULL;

	*id = 0;
	*present = false;
	if (r->is_api && !is_safe_method(r->method)) {
		struct json_t *body = req_json_body(r);
		if (!body)
			return r->err.code;
		return req_json_id(r, body, field, id, present);
	}
	/* A unit typed in that named no unit (or several): the page refuses it on reading it, saying so. */
	if (req_typed_of(r, field))
		return 0;
	if (!is_safe_method(r->method))
		s = req_form(r, field);
	if (!s)
		s = req_query(r, field);
	if (!s || !*s)
		return 0;
	if (!str_to_i64(s, id) || *id < 0)
		return err_set(&r->err, ERR_INVALID, field, N_("Must be a whole number."));
	*present = *id != 0;
	return 0;
}

/* Fill r->scope as the route says: what the access rule is checked against. */
static int read_scope(struct req *r, const struct route_scope *sc)
{
	struct db *db;
	int64_t id = 0;
	bool present = false;
	int rc;

	memset(&r->scope, 0, sizeof(r->scope));
	switch (sc->from) {
	case SCOPE_ANY:
	case SCOPE_GLOBAL:
		return 0;
	case SCOPE_FN:
		return sc->fn(r, &r->scope);
	case SCOPE_ID:
		if (!(id = req_arg_id(r, 0)))
			return err_set(&r->err, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
		if (!(db = req_db(r)))
			return r->err.code ? r->err.code : ERR_DB;
		return sc->read(db, r->arena, id, &r->scope, &r->err);
	case SCOPE_FIELD:
	case SCOPE_FIELD_IF_GIVEN:
		if ((rc = field_id(r, sc->field, &id, &present)) || !present)
			return rc;
		if (!(db = req_db(r)))
			return r->err.code ? r->err.code : ERR_DB;
		rc = sc->read(db, r->arena, id, &r->scope, &r->err);
		if (rc == ERR_NOTFOUND)
			return err_set(&r->err, ERR_INVALID, sc->field, r->err.msgid);
		return rc;
	}
	BUG("unknown scope source");
}

static int check_access(struct req *r, const struct route *rt)
{
	bool given = false;
	int64_t id;
	int rc;

	memset(&r->scope, 0, sizeof(r->scope)); /* what a route without a unit leaves its handler: none */
	if (rt->access == ACCESS_PUBLIC)
		return 0;
	if (!r->auth)
		return err_set(&r->err, ERR_UNAUTHORIZED, NULL, N_("Please sign in."));
	if (rt->access == ACCESS_LOGIN)
		return 0;
	if (rt->scope.from == SCOPE_FIELD_IF_GIVEN && (rc = field_id(r, rt->scope.field, &id, &given)))
		return rc;
	if (rt->scope.from == SCOPE_ANY || (rt->scope.from == SCOPE_FIELD_IF_GIVEN && !given)) {
		if (authz_anywhere(r->auth, rt->access))
			return 0;
		return err_set(&r->err, ERR_FORBIDDEN, NULL, N_("Your roles do not give access to this page."));
	}
	if ((rc = read_scope(r, &rt->scope)))
		return rc;
	if (r->scope.unit_id == 0) {
		if (authz_global(r->auth, rt->access))
			return 0;
	} else if (authz_owner_rule(rt->access)
			   ? authz_may_edit_as(r->auth, rt->access, r->scope.unit_path, r->scope.owner_id)
			   : authz_in_scope(r->auth, rt->access, r->scope.unit_path)) {
		return 0;
	}
	return err_set(&r->err, ERR_FORBIDDEN, NULL, N_("Your roles do not give access to this unit."));
}

static int check_csrf(struct req *r, const struct route *rt)
{
	const char *sent;

	if (is_safe_method(r->method) || r->via_token || (rt->flags & ROUTE_NO_CSRF) || !r->auth)
		return 0;
	sent = req_header(r, "X-CSRF-Token");
	if (!sent)
		sent = req_form(r, "csrf");
	if (same_secret(sent, r->auth->csrf))
		return 0;
	return err_set(&r->err, ERR_FORBIDDEN, "csrf",
		       N_("The form has expired or did not come from this site. Reload the page and try again."));
}

static bool has_header(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->resp.n_headers; i++)
		if (str_ieq(r->resp.headers[i].name, name))
			return true;
	return false;
}

static void security_headers(struct req *r)
{
	resp_header(r, "Content-Security-Policy", csp);
	resp_header(r, "X-Content-Type-Options", "nosniff");
	resp_header(r, "X-Frame-Options", "DENY");
	resp_header(r, "Referrer-Policy", "same-origin");
	resp_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	if (!has_header(r, "Cache-Control")) /* a handler that sets it knows its answer may be kept */
		resp_header(r, "Cache-Control", "no-store");
	if (r->app->cfg.secure_cookies)
		resp_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	/* An API answer is data for a program: a browser sent to one saves it instead of showing it. */
	if (r->is_api && !has_header(r, "Content-Disposition"))
		resp_header(r, "Content-Disposition",
			    str_starts(r->resp.content_type, "application/json") ? "attachment; filename=\"api.json\""
										 : "attachment");
}

static int dispatch(struct req *r)
{
	const struct route *rt;
	int path_known, rc;

	if (r->framing_ambiguous)
		return err_set(&r->err, ERR_INVALID, "Transfer-Encoding",
			       N_("The request must give its length either as Content-Length or as chunked "
				  "Transfer-Encoding, not both or another coding."));
	if (r->body_too_large) {
		char n[32];
		snprintf(n, sizeof(n), "%zu", r->app->cfg.max_body);
		return err_set1(&r->err, ERR_TOOLARGE, "body", N_("The request is larger than %s bytes."), n);
	}
	if (r->too_many_fields) {
		char n[32];
		snprintf(n, sizeof(n), "%d", REQ_MAX_FIELDS);
		return err_set1(&r->err, ERR_TOOLARGE, "body",
				N_("The request has more than %s form fields or query arguments."), n);
	}
	if (r->body_malformed)
		return err_set(&r->err, ERR_INVALID, "body", N_("The form data could not be read."));
	if (r->path_has_nul || !str_valid_text(r->path, strlen(r->path)))
		return err_set(&r->err, ERR_INVALID, "path", N_("The address is not valid UTF-8 text."));
	if ((rc = check_kv_text(r, r->query, r->n_query)) || (rc = check_kv_text(r, r->form, r->n_form)))
		return rc;

	rt = router_match(r->app->routes, r, r->method, r->path, &path_known);
	if (!rt) {
		if (path_known)
			return err_set(&r->err, ERR_METHOD, NULL, N_("This address does not accept that method."));
		return err_set(&r->err, ERR_NOTFOUND, NULL, N_("There is no page at this address."));
	}
	r->route = rt;
	if ((rc = authenticate(r)))
		return rc;
	if (!r->is_api && r->app->prepare_page && (rc = r->app->prepare_page(r)))
		return rc;
	if (!(rc = check_access(r, rt)) && !(rc = check_csrf(r, rt)))
		rc = rt->handler(r);
	/* A page refused for a unit or person typed in that named none or several: the answer says so. */
	if (rc && !r->is_api) {
		struct err typed;
		if (req_typed_err(r, &r->err, &typed))
			r->err = typed;
	}
	return rc;
}

void router_dispatch(struct req *r)
{
	int rc;

	if (!r->resp.body.arena)
		buf_init(&r->resp.body, r->arena);
	r->is_api = str_starts(r->path, "/api/");
	r->lang = session_guess_lang(r);
	rc = dispatch(r);
	/* Stopped by the server (time limit, client gone): whatever the handler made of it, the answer is 503. */
	if (req_cancelled(r) || rc == ERR_CANCELLED) {
		char secs[32];
		int ms = r->app->cfg.request_timeout_ms > 0 ? r->app->cfg.request_timeout_ms : REQ_DEFAULT_TIMEOUT_MS;

		snprintf(secs, sizeof(secs), "%g", ms / 1000.0);
		rc = err_set1(
			&r->err, ERR_CANCELLED, NULL,
			N_("The request took longer than %s seconds and was stopped. Try again, or ask for less at "
			   "a time."),
			secs);
	}
	if (rc < 0) {
		if (rc == ERR_UNAUTHORIZED && !req_wants_json(r) && is_safe_method(r->method)) {
			session_redirect_to_login(r);
		} else {
			if (rc == ERR_METHOD)
				resp_header(r, "Allow", "GET, POST");
			if (rc == ERR_UNAUTHORIZED && req_wants_json(r))
				resp_header(r, "WWW-Authenticate", "Bearer realm=\"tillit\"");
			errmap_respond(r, rc);
		}
	}
	if (r->resp.status == 0)
		r->resp.status = 200;
	if (!r->resp.content_type)
		r->resp.content_type = "text/html; charset=utf-8";
	security_headers(r);
	req_release_db(r);
	log_access(r->method, r->path, r->resp.status, time_mono_ms() - r->started_ms, r->auth ? r->auth->user_id : 0,
		   r->remote_addr, r->resp.file_data ? r->resp.file_len : r->resp.body.len);
}
