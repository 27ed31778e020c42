/*
 * auth.c - sessions, API tokens and login throttling.
 */
#include "domain/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_auth.h"
#include "db/q_user.h"
#include "domain/audit.h"
#include "domain/user.h"
#include "domain/validate.h"

/* Refresh last_seen / last_used at most this often, to keep reads read-only. */
#define TOUCH_EVERY 60

struct auth_policy auth_policy_default(void)
{
	struct auth_policy p = { 2 * 3600, 12 * 3600, 5, 20, 15 * 60 };
	return p;
}

const char *auth_token_hash(struct arena *a, const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex = arena_alloc(a, sizeof(h) * 2 + 1);
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

const char *auth_new_token(struct arena *a, const char *prefix)
{
	unsigned char raw[32];
	size_t plen = strlen(prefix);
	size_t blen = sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, plen + blen);

	randombytes_buf(raw, sizeof(raw));
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, blen, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return out;
}

int auth_load_grants(struct db *db, struct arena *a, struct auth *out, struct err *e)
{
	struct role_grant *g;
	size_t n;
	int rc = user_grants(db, a, out->user_id, &g, &n, e);
	if (rc)
		return rc;
	out->grants = arena_calloc(a, n ? n : 1, sizeof(*out->grants));
	for (size_t i = 0; i < n; i++) {
		out->grants[i].id = g[i].id;
		out->grants[i].role = g[i].role;
		out->grants[i].unit_id = g[i].unit_id;
		out->grants[i].unit_path = g[i].unit_path;
		out->grants[i].unit_name = g[i].unit_name;
	}
	out->n_grants = n;
	return 0;
}

static int fail_count(struct db *db, struct arena *a, const char *kind, const char *key, const char *since, int64_t *n,
		      struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_LOGIN_FAIL_COUNT, DB_ARGS(DB_TEXT(kind), DB_TEXT(key), DB_TEXT(since)), &rows, e);
	if (!rc)
		*n = rows_int(&rows, 0, 0);
	return rc;
}

static int record_failure(struct db *db, struct arena *a, const char *username, const char *remote, const char *now,
			  struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_LOGIN_FAIL_ADD, DB_ARGS(DB_TEXT("user"), DB_TEXT(username), DB_TEXT(now)), NULL, e);
	if (!rc)
		rc = db_run(db, a, &Q_LOGIN_FAIL_ADD, DB_ARGS(DB_TEXT("addr"), DB_TEXT(remote), DB_TEXT(now)), NULL, e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

static void fill_auth(struct auth *out, const struct db_rows *r)
{
	memset(out, 0, sizeof(*out));
	out->user_id = rows_int(r, 0, AUC_USER);
	out->username = rows_text(r, 0, AUC_USERNAME);
	out->display_name = rows_text(r, 0, AUC_DISPLAY);
	out->lang = lang_parse(rows_text(r, 0, AUC_LANG)) == LANG_EN ? LANG_EN : LANG_SV;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash of a random password with the current parameters, checked when the
 * user name is unknown so that the answer takes as long as for a real one. */
static void make_dummy_hash(void)
{
	struct arena *a = arena_new();
	const char *h = user_hash_password(a, auth_new_token(a, ""));
	if (h)
		snprintf(dummy_hash, sizeof(dummy_hash), "%s", h);
	arena_free(a);
}

int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *username, const char *password,
	       const char *remote, const char **token_out, struct auth *out, struct err *e)
{
	char now[TIME_ISO_LEN], since[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	struct db_rows rows;
	int64_t n_user = 0, n_addr = 0, uid;
	const char *token, *csrf;
	time_t t = time_now();
	bool ok;
	int rc;

	if (!username || !*username || !password || !*password)
		return err_set(e, ERR_UNAUTHORIZED, "username", N_("Enter your user name and password."));
	if (!remote)
		remote = "";
	time_iso(t, now);
	time_iso(t - p->window, since);
	if ((rc = fail_count(db, a, "user", username, since, &n_user, e)) ||
	    (rc = fail_count(db, a, "addr", remote, since, &n_addr, e)))
		return rc;
	if (n_user >= p->max_fail_per_user || n_addr >= p->max_fail_per_addr)
		return err_set(e, ERR_THROTTLED, "username",
			       N_("Too many failed attempts. Wait 15 minutes and try again."));

	rc = db_run(db, a, &Q_USER_HASH, DB_ARGS(DB_TEXT(username)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0) {
		/* Spend the same effort as for a real account, so timing tells nothing. */
		pthread_once(&dummy_once, make_dummy_hash);
		user_check_password(dummy_hash, password);
		ok = false;
	} else {
		ok = user_check_password(rows_text(&rows, 0, 1), password) && rows_bool(&rows, 0, 2);
	}
	if (!ok) {
		rc = record_failure(db, a, username, remote, now, e);
		if (rc)
			return rc;
		return err_set(e, ERR_UNAUTHORIZED, "username", N_("Wrong user name or password."));
	}
	uid = rows_int(&rows, 0, 0);

	token = auth_new_token(a, "");
	csrf = auth_new_token(a, "");
	time_iso(t + p->session_max, expires);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_LOGIN_FAIL_CLEAR, DB_ARGS(DB_TEXT("user"), DB_TEXT(username)), NULL, e);
	if (!rc)
		rc = db_run(db, a, &Q_SESSION_INSERT,
			    DB_ARGS(DB_TEXT(auth_token_hash(a, token)), DB_INT(uid), DB_TEXT(csrf), DB_TEXT(now),
				    DB_TEXT(expires), DB_TEXT(remote)),
			    &rows, e);
	if (!rc) {
		struct actor act = { uid, username };
		rc = audit_append(db, a, act, "session", rows_int(&rows, 0, 0), 0, "login", NULL, NULL, e);
	}
	if (!rc)
		rc = db_commit(db, e);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	rc = auth_session(db, a, p, token, out, e);
	if (!rc)
		*token_out = token;
	return rc;
}

int auth_session(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, struct auth *out,
		 struct err *e)
{
	struct db_rows rows;
	time_t now = time_now(), last = 0, expires = 0;
	int rc;

	if (!token || !*token || strlen(token) > 128)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("Please sign in."));
	rc = db_run(db, a, &Q_SESSION_LOOKUP, DB_ARGS(DB_TEXT(auth_token_hash(a, token))), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0 || !rows_bool(&rows, 0, AUC_ACTIVE) ||
	    !time_parse_iso(rows_text(&rows, 0, AUC_LAST), &last) ||
	    !time_parse_iso(rows_text(&rows, 0, AUC_EXPIRES), &expires) || now >= expires ||
	    now - last >= p->session_idle)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("Your session has ended. Please sign in again."));
	fill_auth(out, &rows);
	out->session_id = rows_int(&rows, 0, AUC_ID);
	out->csrf = rows_text(&rows, 0, AUC_SECRET);
	if (now - last >= TOUCH_EVERY) {
		char iso[TIME_ISO_LEN];
		time_iso(now, iso);
		rc = db_run(db, a, &Q_SESSION_TOUCH, DB_ARGS(DB_INT(out->session_id), DB_TEXT(iso)), NULL, e);
		if (rc)
			return rc;
	}
	return auth_load_grants(db, a, out, e);
}

int auth_logout(struct db *db, struct arena *a, const char *token, struct err *e)
{
	if (!token || !*token)
		return 0;
	return db_run(db, a, &Q_SESSION_DELETE, DB_ARGS(DB_TEXT(auth_token_hash(a, token))), NULL, e);
}

int auth_token(struct db *db, struct arena *a, const char *token, struct auth *out, struct err *e)
{
	struct db_rows rows;
	time_t now = time_now(), last = 0;
	int rc;

	if (!token || strncmp(token, "tlt_", 4) != 0 || strlen(token) > 128)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("The API token is not valid."));
	rc = db_run(db, a, &Q_TOKEN_LOOKUP, DB_ARGS(DB_TEXT(auth_token_hash(a, token))), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0 || rows_text(&rows, 0, AUC_SECRET) != NULL || !rows_bool(&rows, 0, AUC_ACTIVE))
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("The API token is not valid."));
	fill_auth(out, &rows);
	out->via_token = true;
	if (!rows_text(&rows, 0, AUC_LAST) || !time_parse_iso(rows_text(&rows, 0, AUC_LAST), &last) ||
	    now - last >= TOUCH_EVERY) {
		char iso[TIME_ISO_LEN];
		time_iso(now, iso);
		rc = db_run(db, a, &Q_TOKEN_TOUCH, DB_ARGS(DB_INT(rows_int(&rows, 0, AUC_ID)), DB_TEXT(iso)), NULL, e);
		if (rc)
			return rc;
	}
	return auth_load_grants(db, a, out, e);
}

static void token_from_row(const struct db_rows *r, size_t i, struct api_token *t)
{
	t->id = rows_int(r, i, 0);
	t->user_id = rows_int(r, i, 1);
	t->name = rows_text(r, i, 2);
	t->prefix = rows_text(r, i, 3);
	t->created_at = rows_text(r, i, 4);
	t->last_used_at = rows_text(r, i, 5);
	t->revoked_at = rows_text(r, i, 6);
}

void token_json(struct json *j, const struct api_token *t)
{
	json_obj_open(j);
	json_kv_int(j, "id", t->id);
	json_kv_int(j, "user_id", t->user_id);
	json_kv_str(j, "name", t->name);
	json_kv_str(j, "prefix", t->prefix);
	json_kv_str(j, "created_at", t->created_at);
	json_kv_str(j, "last_used_at", t->last_used_at);
	json_kv_str(j, "revoked_at", t->revoked_at);
	json_obj_close(j);
}

static const char *token_json_text(struct arena *a, const struct api_token *t)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	token_json(&j, t);
	return b.data;
}

int token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_TOKEN_GET, DB_ARGS(DB_INT(id)), &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0)
		return err_set(e, ERR_NOTFOUND, "id", N_("No such API token."));
	token_from_row(&rows, 0, out);
	return 0;
}

int token_list(struct db *db, struct arena *a, int64_t user_id, struct api_token **out, size_t *n, struct err *e)
{
	struct db_rows rows;
	int rc = db_run(db, a, &Q_TOKEN_LIST, DB_ARGS(DB_INT(user_id)), &rows, e);
	if (rc)
		return rc;
	*out = arena_calloc(a, rows.n_rows ? rows.n_rows : 1, sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++)
		token_from_row(&rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

int token_create(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		 const char **clear, int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct db_rows rows;
	struct api_token t;
	char now[TIME_ISO_LEN];
	const char *tok;
	int rc;

	rc = check_text(e, "name", name, 100, true);
	if (rc)
		return rc;
	tok = auth_new_token(a, "tlt_");
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_TOKEN_INSERT,
		    DB_ARGS(DB_INT(user_id), DB_TEXT(name), DB_TEXT(auth_token_hash(a, tok)),
			    DB_TEXT(arena_strndup(a, tok, 10)), DB_TEXT(now)),
		    &rows, e);
	if (rc == ERR_INVALID)
		rc = err_set(e, ERR_INVALID, "user_id", N_("No such user."));
	if (!rc)
		rc = token_get(db, a, rows_int(&rows, 0, 0), &t, e);
	if (!rc)
		rc = audit_append(db, a, actor, "api_token", t.id, 0, "create", NULL, token_json_text(a, &t), e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	*clear = tok;
	if (id_out)
		*id_out = t.id;
	return 0;
}

int token_revoke(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct api_token before, after;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = token_get(db, a, id, &before, e);
	if (!rc && before.user_id != user_id)
		rc = err_set(e, ERR_NOTFOUND, "id", N_("No such API token."));
	if (!rc && before.revoked_at)
		rc = err_set(e, ERR_INVALID, "id", N_("The token is already revoked."));
	if (!rc)
		rc = db_run(db, a, &Q_TOKEN_REVOKE, DB_ARGS(DB_INT(id), DB_TEXT(now)), NULL, e);
	if (!rc)
		rc = token_get(db, a, id, &after, e);
	if (!rc)
		rc = audit_append(db, a, actor, "api_token", id, 0, "revoke", token_json_text(a, &before),
				  token_json_text(a, &after), e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

int auth_purge(struct db *db, struct arena *a, const struct auth_policy *p, struct err *e)
{
	char now[TIME_ISO_LEN], before[TIME_ISO_LEN];
	time_t t = time_now();
	int rc;

	time_iso(t, now);
	time_iso(t - p->window, before);
	rc = db_run(db, a, &Q_SESSION_PURGE, DB_ARGS(DB_TEXT(now)), NULL, e);
	if (!rc)
		rc = db_run(db, a, &Q_LOGIN_FAIL_PURGE, DB_ARGS(DB_TEXT(before)), NULL, e);
	return rc;
}
