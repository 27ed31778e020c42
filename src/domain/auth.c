/*
 * auth.c - sessions, API tokens and the password throttle.
 *
 * The throttle keeps one row per key in auth_throttle: the (address,
 * account) pair and the address alone. An attempt is reserved for both keys
 * in one transaction before the password is hashed (Q_THROTTLE_RESERVE
 * counts and refuses in a single statement), so N parallel attempts are
 * counted as N; a correct password then clears its pair and gives its
 * address back the attempt. Delays, not lockouts: after the free attempts
 * each further one doubles the wait, up to a ceiling.
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

/* Bytes of a typed user name kept in a throttle key (user names have at most 64). */
#define USERNAME_KEY_MAX 80

struct auth_policy auth_policy_default(void)
{
	struct auth_policy p = { 2 * 3600, 12 * 3600, 5, 20, 15 * 60, 15 * 60, 60 };
	return p;
}

int auth_throttle_delay(int attempts, int free_attempts, int max_delay)
{
	int d = 1;

	if (attempts < free_attempts)
		return 0;
	for (int k = free_attempts; k < attempts && d < max_delay; k++)
		d *= 2;
	return d < max_delay ? d : max_delay;
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

/* An attempt reserved for both keys, to give back when the password was right. */
struct attempt {
	const char *pair;
	const char *addr;
	char now[TIME_ISO_LEN];
	char addr_until[TIME_ISO_LEN];
};

/*
 * Reserve one attempt of @key at time @t (@now as text); *until gets the
 * time before which the next attempt must not come. ERR_THROTTLED with
 * *wait (seconds) when this attempt must wait.
 */
static int reserve_key(struct db *db, struct arena *a, const struct auth_policy *p, const char *kind, const char *key,
		       time_t t, const char *now, int free_attempts, int max_delay, char *until, int *wait,
		       struct err *e)
{
	char since[TIME_ISO_LEN];
	struct db_rows rows;
	time_t until_t = t;
	int delay, rc;

	time_iso(t - p->window, since);
	rc = db_run(db, a, &Q_THROTTLE_RESERVE, DB_ARGS(DB_TEXT(kind), DB_TEXT(key), DB_TEXT(now), DB_TEXT(since)),
		    &rows, e);
	if (rc)
		return rc;
	if (rows.n_rows == 0) {
		rc = db_run(db, a, &Q_THROTTLE_GET, DB_ARGS(DB_TEXT(kind), DB_TEXT(key)), &rows, e);
		if (rc)
			return rc;
		if (rows.n_rows == 1)
			time_parse_iso(rows_text(&rows, 0, 1), &until_t);
		*wait = until_t > t ? (int)(until_t - t) : 1;
		return ERR_THROTTLED;
	}
	delay = auth_throttle_delay((int)rows_int(&rows, 0, 0), free_attempts, max_delay);
	if (delay > 0)
		time_iso(t + delay, until);
	else
		until[0] = '\0';
	return db_run(db, a, &Q_THROTTLE_SET_UNTIL, DB_ARGS(DB_TEXT(kind), DB_TEXT(key), DB_TEXT(until)), NULL, e);
}

/* Reserve an attempt for the pair and for the address: both or neither. */
static int reserve_attempt(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
			   const char *remote, const char *field, struct attempt *at, struct err *e)
{
	char pair_until[TIME_ISO_LEN], n[16];
	time_t t = time_now();
	int wait = 0, rc;

	time_iso(t, at->now);
	/* Names longer than any account are cut: the key stays small, the answer the same. */
	at->pair = arena_printf(a, "%s|%.*s", remote, USERNAME_KEY_MAX, username);
	at->addr = remote;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = reserve_key(db, a, p, "pair", at->pair, t, at->now, p->free_per_pair, p->max_delay_pair, pair_until, &wait,
			 e);
	if (!rc)
		rc = reserve_key(db, a, p, "addr", at->addr, t, at->now, p->free_per_addr, p->max_delay_addr,
				 at->addr_until, &wait, e);
	if (!rc)
		rc = db_commit(db, e);
	if (!rc)
		return 0;
	db_rollback(db);
	if (rc != ERR_THROTTLED)
		return rc;
	snprintf(n, sizeof(n), "%d", wait);
	return err_set1(e, ERR_THROTTLED, field,
			wait == 1 ? N_("Too many failed attempts. Try again in 1 second.")
				  : N_("Too many failed attempts. Try again in %s seconds."),
			n);
}

/* The password was right: clear the pair, give the address its attempt back. */
static int attempt_succeeded(struct db *db, struct arena *a, const struct auth_policy *p, const struct attempt *at,
			     struct err *e)
{
	char before[TIME_ISO_LEN];
	time_t t = time_now();
	int rc;

	time_iso(t - p->window, before);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_run(db, a, &Q_THROTTLE_CLEAR, DB_ARGS(DB_TEXT("pair"), DB_TEXT(at->pair)), NULL, e);
	if (!rc)
		rc = db_run(db, a, &Q_THROTTLE_GIVE_BACK,
			    DB_ARGS(DB_TEXT("addr"), DB_TEXT(at->addr), DB_TEXT(at->addr_until)), NULL, e);
	if (!rc)
		rc = db_run(db, a, &Q_THROTTLE_PURGE, DB_ARGS(DB_TEXT(before)), NULL, e);
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

int auth_check_password(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
			const char *password, const char *remote, const char *field, int64_t *uid_out, struct err *e)
{
	struct attempt at;
	struct db_rows rows;
	bool ok;
	int rc;

	if (!remote)
		remote = "";
	if ((rc = reserve_attempt(db, a, p, username ? username : "", remote, field, &at, e)))
		return rc;
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
	if (!ok)
		return err_set(e, ERR_UNAUTHORIZED, field, N_("Wrong user name or password."));
	*uid_out = rows_int(&rows, 0, 0);
	return attempt_succeeded(db, a, p, &at, e);
}

int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *username, const char *password,
	       const char *remote, const char **token_out, struct auth *out, struct err *e)
{
	char now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	struct db_rows rows;
	int64_t uid = 0;
	const char *token, *csrf;
	time_t t = time_now();
	int rc;

	if (!username || !*username || !password || !*password)
		return err_set(e, ERR_UNAUTHORIZED, "username", N_("Enter your user name and password."));
	if (!remote)
		remote = "";
	rc = auth_check_password(db, a, p, username, password, remote, "username", &uid, e);
	if (rc)
		return rc;
	time_iso(t, now);

	token = auth_new_token(a, "");
	csrf = auth_new_token(a, "");
	time_iso(t + p->session_max, expires);
	rc = db_begin(db, e);
	if (rc)
		return rc;
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

/* A token's expiry: the stored one, or for a token made before tokens
 * expired, TOKEN_DAYS_DEFAULT days after it was made. Result lives in @a. */
static const char *effective_expiry(struct arena *a, const char *expires_at, const char *created_at)
{
	char *iso;
	time_t t = 0;

	if (expires_at)
		return expires_at;
	time_parse_iso(created_at, &t);
	iso = arena_alloc(a, TIME_ISO_LEN);
	time_iso(t + (time_t)TOKEN_DAYS_DEFAULT * 86400, iso);
	return iso;
}

static bool has_passed(const char *iso)
{
	time_t t;
	return !time_parse_iso(iso, &t) || time_now() >= t;
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
	if (has_passed(effective_expiry(a, rows_text(&rows, 0, AUC_EXPIRES), rows_text(&rows, 0, AUC_CREATED))))
		return err_set(e, ERR_UNAUTHORIZED, NULL,
			       N_("The API token has expired. Renew it on your account page or create a new one."));
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

static void token_from_row(struct arena *a, const struct db_rows *r, size_t i, struct api_token *t)
{
	t->id = rows_int(r, i, TC_ID);
	t->user_id = rows_int(r, i, TC_USER);
	t->name = rows_text(r, i, TC_NAME);
	t->prefix = rows_text(r, i, TC_PREFIX);
	t->created_at = rows_text(r, i, TC_CREATED);
	t->last_used_at = rows_text(r, i, TC_LAST_USED);
	t->revoked_at = rows_text(r, i, TC_REVOKED);
	t->expires_at = effective_expiry(a, rows_text(r, i, TC_EXPIRES), t->created_at);
	t->expired = !t->revoked_at && has_passed(t->expires_at);
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
	json_kv_str(j, "expires_at", t->expires_at);
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
	token_from_row(a, &rows, 0, out);
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
		token_from_row(a, &rows, i, &(*out)[i]);
	*n = rows.n_rows;
	return 0;
}

/* "@days from now" as an expiry, after checking @days (0: the default). */
static int expiry_in(int days, char *out, struct err *e)
{
	if (days == 0)
		days = TOKEN_DAYS_DEFAULT;
	if (days < 1 || days > TOKEN_DAYS_MAX)
		return err_set(e, ERR_INVALID, "days", N_("A token lives from 1 to 365 days."));
	time_iso(time_now() + (time_t)days * 86400, out);
	return 0;
}

int token_create_days(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		      int days, const char **clear, int64_t *id_out, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct db_rows rows;
	struct api_token t;
	char now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	const char *tok;
	int rc;

	if ((rc = check_text(e, "name", name, 100, true)) || (rc = expiry_in(days, expires, e)))
		return rc;
	tok = auth_new_token(a, "tlt_");
	time_now_iso(now);
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_run(db, a, &Q_TOKEN_INSERT,
		    DB_ARGS(DB_INT(user_id), DB_TEXT(name), DB_TEXT(auth_token_hash(a, tok)),
			    DB_TEXT(arena_strndup(a, tok, 10)), DB_TEXT(now), DB_TEXT(expires)),
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

int token_create(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		 const char **clear, int64_t *id_out, struct err *e)
{
	return token_create_days(db, a, auth, user_id, name, 0, clear, id_out, e);
}

int auth_token_create(struct db *db, struct arena *a, const struct auth_policy *p, const struct auth *who,
		      const char *remote, const char *password, const char *name, int days, const char **clear,
		      int64_t *id_out, struct err *e)
{
	char expires[TIME_ISO_LEN];
	int64_t uid = 0;
	int rc;

	/* Bad input costs no attempt: check it before the password. */
	if ((rc = check_text(e, "name", name, 100, true)) || (rc = expiry_in(days, expires, e)))
		return rc;
	if (!password || !*password)
		return err_set(e, ERR_INVALID, "password", N_("Enter your password to create a token."));
	rc = auth_check_password(db, a, p, who->username, password, remote, "password", &uid, e);
	if (rc == ERR_UNAUTHORIZED || (!rc && uid != who->user_id))
		return err_set(e, ERR_INVALID, "password", N_("The password is not correct."));
	if (rc)
		return rc;
	return token_create_days(db, a, who, who->user_id, name, days, clear, id_out, e);
}

/* Revoke token @id (already read into @before) inside the caller's transaction. */
static int revoke_one(struct db *db, struct arena *a, struct actor actor, const struct api_token *before,
		      const char *action, struct err *e)
{
	struct api_token after;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	/* A token from before expiry keeps the expiry it was shown with. */
	rc = db_run(db, a, &Q_TOKEN_REVOKE, DB_ARGS(DB_INT(before->id), DB_TEXT(now), DB_TEXT(before->expires_at)),
		    NULL, e);
	if (!rc)
		rc = token_get(db, a, before->id, &after, e);
	if (!rc)
		rc = audit_append(db, a, actor, "api_token", before->id, 0, action, token_json_text(a, before),
				  token_json_text(a, &after), e);
	return rc;
}

int token_revoke(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct api_token before;
	int rc;

	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = token_get(db, a, id, &before, e);
	if (!rc && before.user_id != user_id)
		rc = err_set(e, ERR_NOTFOUND, "id", N_("No such API token."));
	if (!rc && before.revoked_at)
		rc = err_set(e, ERR_INVALID, "id", N_("The token is already revoked."));
	if (!rc)
		rc = revoke_one(db, a, actor, &before, "revoke", e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

int token_revoke_all(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int *n, struct err *e)
{
	struct actor actor = actor_of(auth);
	struct db_rows ids;
	struct api_token t;
	int rc;

	if (n)
		*n = 0;
	rc = db_run(db, a, &Q_TOKEN_LIVE_OF_USER, DB_ARGS(DB_INT(user_id)), &ids, e);
	for (size_t i = 0; !rc && i < ids.n_rows; i++) {
		rc = token_get(db, a, rows_int(&ids, i, 0), &t, e);
		if (!rc)
			rc = revoke_one(db, a, actor, &t, "revoke_on_password", e);
		if (!rc && n)
			(*n)++;
	}
	return rc;
}

int token_renew(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, int days,
		struct err *e)
{
	struct actor actor = actor_of(auth);
	struct api_token before, after;
	char expires[TIME_ISO_LEN];
	int rc;

	if ((rc = expiry_in(days, expires, e)))
		return rc;
	rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = token_get(db, a, id, &before, e);
	if (!rc && before.user_id != user_id)
		rc = err_set(e, ERR_NOTFOUND, "id", N_("No such API token."));
	if (!rc && before.revoked_at)
		rc = err_set(e, ERR_INVALID, "id", N_("A revoked token cannot be renewed."));
	if (!rc)
		rc = db_run(db, a, &Q_TOKEN_RENEW, DB_ARGS(DB_INT(id), DB_TEXT(expires)), NULL, e);
	if (!rc)
		rc = token_get(db, a, id, &after, e);
	if (!rc)
		rc = audit_append(db, a, actor, "api_token", id, 0, "renew", token_json_text(a, &before),
				  token_json_text(a, &after), e);
	if (!rc)
		rc = db_commit(db, e);
	if (rc)
		db_rollback(db);
	return rc;
}

int auth_change_password(struct db *db, struct arena *a, const struct auth_policy *p, const struct auth *who,
			 const char *remote, const char *old_password, const char *new_password, int *n_revoked,
			 struct err *e)
{
	int64_t uid = 0;
	int rc;

	if (!old_password || !*old_password)
		return err_set(e, ERR_INVALID, "old_password", N_("Enter your current password."));
	/* A new password that breaks the rules costs no attempt. */
	if ((rc = user_check_password_policy(new_password, e)))
		return rc;
	rc = auth_check_password(db, a, p, who->username, old_password, remote, "old_password", &uid, e);
	if (rc == ERR_UNAUTHORIZED || (!rc && uid != who->user_id))
		return err_set(e, ERR_INVALID, "old_password", N_("The current password is not correct."));
	if (rc)
		return rc;
	if (!strcmp(old_password, new_password))
		return err_set(e, ERR_INVALID, "password", N_("The new password must differ from the current one."));
	return user_set_password(db, a, who, who->user_id, new_password, who->session_id, n_revoked, e);
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
		rc = db_run(db, a, &Q_THROTTLE_PURGE, DB_ARGS(DB_TEXT(before)), NULL, e);
	return rc;
}
