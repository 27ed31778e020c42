/*
 * totp.c - second factors (liboath) and the steps of a password sign-in.
 */
#include "domain/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_signin.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/user.h"
#include "io/httpc.h"

#define SECRET_BYTES 20
#define KDF_SEAL     1
#define KDF_RECOVERY 2
#define KDF_CONTEXT  "tillit2f"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void oath_start(void)
{
	oath_init();
}

static int no_key(struct err *e)
{
	return err_set(e, ERR_INTERNAL, NULL,
		       N_("Two-factor sign-in needs the installation's audit key, which is not loaded."));
}

/* @secret sealed under the derived key: base64 of nonce and box. */
static int seal(struct arena *a, const unsigned char *secret, const char **out, struct err *e)
{
	unsigned char key[AUDIT_KEY_BYTES];
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SECRET_BYTES];
	size_t n = sodium_base64_ENCODED_LEN(sizeof(box), sodium_base64_VARIANT_ORIGINAL);
	char *text;

	if (!audit_derive_key(KDF_SEAL, KDF_CONTEXT, key))
		return no_key(e);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, secret, SECRET_BYTES, box, key);
	sodium_memzero(key, sizeof(key));
	text = arena_alloc(a, n);
	sodium_bin2base64(text, n, box, sizeof(box), sodium_base64_VARIANT_ORIGINAL);
	*out = text;
	return 0;
}

static int unseal(const char *sealed, unsigned char *secret, struct err *e)
{
	unsigned char key[AUDIT_KEY_BYTES];
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SECRET_BYTES];
	size_t len = 0;
	int rc;

	if (!audit_derive_key(KDF_SEAL, KDF_CONTEXT, key))
		return no_key(e);
	if (sodium_base642bin(box, sizeof(box), sealed, strlen(sealed), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != sizeof(box))
		rc = -1;
	else
		rc = crypto_secretbox_open_easy(secret, box + crypto_secretbox_NONCEBYTES,
						sizeof(box) - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, NULL,
			       N_("The second factor cannot be read with this installation's audit key."));
	return 0;
}

/* The keyed hash of a recovery code as typed (normalised first). */
static int recovery_hash(struct arena *a, const char *code, const char **out, struct err *e)
{
	unsigned char key[AUDIT_KEY_BYTES], h[32];
	char norm[64];
	size_t n = 0;
	char *hex;

	for (const char *s = code; *s && n < sizeof(norm) - 1; s++) {
		char c = *s;
		if (c == '-' || c == ' ')
			continue;
		norm[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	norm[n] = '\0';
	if (!audit_derive_key(KDF_RECOVERY, KDF_CONTEXT, key))
		return no_key(e);
	crypto_generichash(h, sizeof(h), (const unsigned char *)norm, n, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	hex = arena_alloc(a, sizeof(h) * 2 + 1);
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	*out = hex;
	return 0;
}

static const char *new_recovery_code(struct arena *a)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char *c = arena_alloc(a, 12);
	for (int i = 0; i < 11; i++)
		c[i] = i == 5 ? '-' : alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	c[11] = '\0';
	return c;
}

static const char *b32(struct arena *a, const unsigned char *secret)
{
	char *out = NULL;
	size_t len = 0;
	const char *r;

	pthread_once(&oath_once, oath_start);
	if (oath_base32_encode((const char *)secret, SECRET_BYTES, &out, &len) != OATH_OK || !out)
		return "";
	r = arena_strndup(a, out, len);
	free(out);
	return r;
}

static const char *flag_json(struct arena *a, const char *key, const char *val)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_str(&j, key, val);
	json_obj_close(&j);
	return b.data;
}

int totp_status(struct db *db, struct arena *a, int64_t user_id, bool *enrolled, size_t *codes_left, struct err *e)
{
	struct user_totp t;
	struct recovery_code *c;
	int rc = q_totp_get(db, a, user_id, &t, e);

	*enrolled = false;
	*codes_left = 0;
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	*enrolled = t.confirmed_at != NULL;
	return *enrolled ? q_recovery_unused(db, a, user_id, &c, codes_left, e) : 0;
}

int totp_setup_begin(struct db *db, struct arena *a, int64_t user_id, const char *username, struct totp_setup *out,
		     struct err *e)
{
	unsigned char secret[SECRET_BYTES];
	struct user_totp t;
	char now[TIME_ISO_LEN];
	const char *sealed = NULL;
	int rc = q_totp_get(db, a, user_id, &t, e);

	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (!rc && t.confirmed_at)
		return err_set(e, ERR_INVALID, "code",
			       N_("Two-factor sign-in is already on. Turn it off first to set up a new app."));
	randombytes_buf(secret, sizeof(secret));
	if ((rc = seal(a, secret, &sealed, e)))
		return rc;
	out->secret_b32 = b32(a, secret);
	sodium_memzero(secret, sizeof(secret));
	out->uri = arena_printf(a, "otpauth://totp/Tillit:%s?secret=%s&issuer=Tillit&algorithm=SHA1&digits=6&period=30",
				httpc_escape(a, username), out->secret_b32);
	time_now_iso(now);
	return q_totp_begin(db, a, user_id, sealed, now, e);
}

/* Check a six-digit @code against @t's seed, one step either side, never a step used already. */
static int check_totp(struct db *db, struct arena *a, const struct user_totp *t, const char *code, struct err *e)
{
	unsigned char secret[SECRET_BYTES];
	uint64_t step = 0;
	int pos = 0, rc;

	if ((rc = unseal(t->secret_sealed, secret, e)))
		return rc;
	pthread_once(&oath_once, oath_start);
	rc = oath_totp_validate3((const char *)secret, SECRET_BYTES, time_now(), TOTP_STEP, 0, 1, &pos, &step, code);
	sodium_memzero(secret, sizeof(secret));
	if (rc < 0)
		return err_set(e, ERR_INVALID, "code", N_("The code is not correct."));
	rc = q_totp_use_step(db, a, t->user_id, (int64_t)step, e);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "code", N_("This code has been used already. Wait for the next one."));
	return rc;
}

static bool six_digits(const char *s)
{
	if (!s || strlen(s) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* @code with spaces taken out (apps show "123 456"). */
static const char *compact(struct arena *a, const char *code)
{
	char *c = arena_strdup(a, code ? code : ""), *w = c;
	for (const char *r = c; *r; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return c;
}

int totp_setup_confirm(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *code,
		       const char ***codes, struct err *e)
{
	struct user_totp t;
	char now[TIME_ISO_LEN];
	const char **out;
	int rc;

	code = compact(a, code);
	if (!six_digits(code))
		return err_set(e, ERR_INVALID, "code", N_("Enter the six digits your app shows."));
	rc = q_totp_get(db, a, user_id, &t, e);
	if (rc == ERR_NOTFOUND || (!rc && t.confirmed_at))
		return err_set(e, ERR_INVALID, "code", N_("Start setting up two-factor sign-in again."));
	if (rc || (rc = check_totp(db, a, &t, code, e)))
		return rc;
	out = arena_calloc(a, TOTP_RECOVERY_CODES + 1, sizeof(*out));
	time_now_iso(now);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_recovery_delete(db, a, user_id, e);
	for (size_t i = 0; !rc && i < TOTP_RECOVERY_CODES; i++) {
		const char *h;
		out[i] = new_recovery_code(a);
		if (!(rc = recovery_hash(a, out[i], &h, e)))
			rc = q_recovery_insert(db, a, user_id, h, e);
	}
	if (!rc)
		rc = q_totp_confirm(db, a, user_id, now, e);
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "user", user_id, 0, "second_factor_on", NULL,
				  flag_json(a, "second_factor", "totp"), e);
	if (!rc)
		rc = auth_changed_in_tx(db, a, e);
	if ((rc = db_end(db, rc, e)))
		return rc;
	*codes = out;
	return 0;
}

int totp_disable(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = q_totp_delete(db, a, user_id, e);
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "user", user_id, 0, "second_factor_off",
				  flag_json(a, "second_factor", "totp"), NULL, e);
	if (!rc)
		rc = auth_changed_in_tx(db, a, e);
	return db_end(db, rc, e);
}

static int check_recovery(struct db *db, struct arena *a, int64_t user_id, const char *code, struct err *e)
{
	struct recovery_code *c;
	const char *h;
	size_t n = 0;
	int64_t match = 0;
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = recovery_hash(a, code, &h, e)) || (rc = q_recovery_unused(db, a, user_id, &c, &n, e)))
		return rc;
	/* Compare with every unused code, in constant time each. */
	for (size_t i = 0; i < n; i++)
		if (strlen(c[i].code_hash) == strlen(h) && sodium_memcmp(c[i].code_hash, h, strlen(h)) == 0)
			match = c[i].id;
	if (!match)
		return err_set(e, ERR_INVALID, "code", N_("The code is not correct."));
	time_now_iso(now);
	rc = q_recovery_use(db, a, match, now, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_INVALID, "code", N_("The code is not correct.")) : rc;
}

int totp_check(struct db *db, struct arena *a, int64_t user_id, const char *code, bool *recovery, struct err *e)
{
	struct user_totp t;
	int rc;

	code = compact(a, code);
	*recovery = false;
	if (!*code || strlen(code) > 32)
		return err_set(e, ERR_INVALID, "code", N_("Enter the six digits your app shows, or a recovery code."));
	rc = q_totp_get(db, a, user_id, &t, e);
	if (rc == ERR_NOTFOUND || (!rc && !t.confirmed_at))
		return err_set(e, ERR_INVALID, "code", N_("The code is not correct."));
	if (rc)
		return rc;
	if (six_digits(code))
		return check_totp(db, a, &t, code, e);
	*recovery = true;
	return check_recovery(db, a, user_id, code, e);
}

const char *totp_code_at(struct arena *a, const char *secret_b32, int64_t t)
{
	char *secret = NULL, otp[8];
	size_t len = 0;

	pthread_once(&oath_once, oath_start);
	if (oath_base32_decode(secret_b32, strlen(secret_b32), &secret, &len) != OATH_OK)
		return "";
	if (oath_totp_generate(secret, len, (time_t)t, TOTP_STEP, 0, 6, otp) != OATH_OK)
		otp[0] = '\0';
	free(secret);
	return arena_strdup(a, otp);
}

int totp_roles(struct db *db, struct arena *a, const char ***out, size_t *n, struct err *e)
{
	return q_totp_roles(db, a, out, n, e);
}

int totp_roles_set(struct db *db, struct arena *a, const struct auth *auth, const char *const *roles, size_t n,
		   struct err *e)
{
	struct buf b;
	struct json j;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (role_parse(roles[i]) < 0)
			return err_set(e, ERR_INVALID, "roles", N_("Choose roles from the list."));
	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_key(&j, "roles");
	json_arr_open(&j);
	for (size_t i = 0; i < n; i++)
		json_str(&j, roles[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_totp_roles_clear(db, a, e);
	for (size_t i = 0; !rc && i < n; i++) {
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			dup = dup || !strcmp(roles[k], roles[i]);
		if (!dup)
			rc = q_totp_roles_add(db, a, roles[i], e);
	}
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "signin_settings", 1, 0, "second_factor_roles", NULL, b.data,
				  e);
	if (!rc)
		rc = auth_changed_in_tx(db, a, e);
	return db_end(db, rc, e);
}

/* --- signing in with a password -------------------------------------- */

int signin_local_login(struct db *db, struct arena *a, const char **out, struct err *e)
{
	return q_signin_local_login(db, a, out, e);
}

int signin_set_local_login(struct db *db, struct arena *a, const struct auth *auth, const char *value, struct err *e)
{
	int rc;

	if (!value || (strcmp(value, "all") != 0 && strcmp(value, "admins") != 0))
		return err_set(e, ERR_INVALID, "local_login", N_("Choose who may sign in with a password."));
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_signin_set_local_login(db, a, value, e);
	if (!rc)
		rc = audit_append(db, a, actor_of(auth), "signin_settings", 1, 0, "local_login", NULL,
				  flag_json(a, "local_login", value), e);
	if (!rc)
		rc = auth_changed_in_tx(db, a, e);
	return db_end(db, rc, e);
}

static int open_challenge(struct db *db, struct arena *a, int64_t uid, const char *kind, const char *next,
			  const char **token, struct err *e)
{
	struct login_challenge c = { 0 };
	char now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	time_t t = time_now();
	const char *tok = auth_new_token(a, "");
	int rc;

	time_iso(t, now);
	time_iso(t + CHALLENGE_SECONDS, expires);
	c.user_id = uid;
	c.kind = kind;
	c.next = next && *next ? next : "/";
	c.expires_at = expires;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_challenge_purge(db, a, now, e);
	if (!rc)
		rc = q_challenge_insert(db, a, auth_token_hash(a, tok), &c, now, e);
	if ((rc = db_end(db, rc, e)))
		return rc;
	*token = tok;
	return 0;
}

int signin_password(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
		    const char *password, const char *remote, const char *next, enum signin_step *step,
		    const char **token, struct err *e)
{
	struct auth who = { 0 };
	const char *local;
	bool enrolled, required;
	size_t left;
	int64_t uid = 0;
	int rc;

	if (!username || !*username || !password || !*password)
		return err_set(e, ERR_UNAUTHORIZED, "username", N_("Enter your user name and password."));
	if ((rc = auth_check_password(db, a, p, username, password, remote ? remote : "", "username", &uid, e)))
		return rc;
	who.user_id = uid;
	if ((rc = auth_load_grants(db, a, &who, e)) || (rc = q_signin_local_login(db, a, &local, e)))
		return rc;
	/* An installation-wide administrator can always sign in here, whatever the providers do. */
	if (!strcmp(local, "admins") && !authz_global(&who, ACCESS_ADMIN))
		return err_set(e, ERR_UNAUTHORIZED, "username",
			       N_("Sign in with your organisation's account: choose your organisation above."));
	if ((rc = totp_status(db, a, uid, &enrolled, &left, e)) || (rc = q_totp_required_for(db, a, uid, &required, e)))
		return rc;
	if (enrolled || required) {
		*step = enrolled ? SIGNIN_CODE : SIGNIN_ENROL;
		return open_challenge(db, a, uid, enrolled ? "code" : "enrol", next, token, e);
	}
	{
		struct auth out;
		*step = SIGNIN_DONE;
		return auth_login_user(db, a, p, uid, username, remote, token, &out, e);
	}
}

int signin_challenge(struct db *db, struct arena *a, const char *token, struct login_challenge *out, struct err *e)
{
	time_t expires = 0;
	int rc;

	if (!token || !*token || strlen(token) > 128)
		rc = ERR_NOTFOUND;
	else
		rc = q_challenge_find(db, a, auth_token_hash(a, token), out, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (rc || !time_parse_iso(out->expires_at, &expires) || time_now() >= expires)
		return err_set(e, ERR_UNAUTHORIZED, NULL,
			       N_("The sign-in has taken too long or was not started. Please sign in again."));
	return 0;
}

/* The second factor refused: an audit entry of its own, whatever becomes of the request. */
static void audit_refused(struct db *db, struct arena *a, int64_t uid, const char *username, const char *why)
{
	struct actor act = { uid, username };
	struct err e2 = { 0 };
	if (!db_begin(db, &e2))
		db_end(db,
		       audit_append(db, a, act, "sign_in", uid, 0, "refused", NULL, flag_json(a, "reason", why), &e2),
		       &e2);
}

/* Close challenge @c and open the session of its user. */
static int complete(struct db *db, struct arena *a, const struct auth_policy *p, const struct login_challenge *c,
		    const char *username, const char *remote, const char *via, const char **session, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = q_challenge_delete(db, a, c->id, e);
	if (!rc)
		rc = auth_session_open_in_tx(db, a, p, c->user_id, username, remote, via, session, NULL, e);
	return db_end(db, rc, e);
}

/* The challenge of cookie @token, of @kind, its account, and an attempt reserved under the throttle. */
static int step_begin(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, const char *kind,
		      const char *remote, struct login_challenge *c, struct user *u, struct auth_attempt *at,
		      struct err *e)
{
	int rc = signin_challenge(db, a, token, c, e);

	if (rc)
		return rc;
	if (strcmp(c->kind, kind) != 0)
		return err_set(e, ERR_UNAUTHORIZED, NULL,
			       N_("The sign-in has taken too long or was not started. Please sign in again."));
	if ((rc = user_get(db, a, c->user_id, u, e)))
		return rc;
	return auth_attempt_reserve(db, a, p, u->username, remote ? remote : "", "code", at, e);
}

int signin_code(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, const char *code,
		const char *remote, const char **session, const char **next, struct err *e)
{
	struct login_challenge c;
	struct auth_attempt at;
	struct user u;
	bool recovery = false;
	int rc;

	if ((rc = step_begin(db, a, p, token, "code", remote, &c, &u, &at, e)))
		return rc;
	if ((rc = totp_check(db, a, c.user_id, code, &recovery, e))) {
		if (rc == ERR_INVALID)
			audit_refused(db, a, u.id, u.username, "second factor");
		return rc;
	}
	if ((rc = auth_attempt_succeeded(db, a, p, &at, e)) ||
	    (rc = complete(db, a, p, &c, u.username, remote, recovery ? "recovery code" : "totp", session, e)))
		return rc;
	*next = c.next;
	return 0;
}

int signin_enrol(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, const char *code,
		 const char *remote, const char ***codes, const char **session, const char **next, struct err *e)
{
	struct login_challenge c;
	struct auth_attempt at;
	struct user u;
	int rc;

	if ((rc = step_begin(db, a, p, token, "enrol", remote, &c, &u, &at, e)))
		return rc;
	{
		struct auth self = { .user_id = u.id, .username = u.username };
		if ((rc = totp_setup_confirm(db, a, &self, u.id, code, codes, e))) {
			if (rc == ERR_INVALID)
				audit_refused(db, a, u.id, u.username, "second factor");
			return rc;
		}
	}
	if ((rc = auth_attempt_succeeded(db, a, p, &at, e)) ||
	    (rc = complete(db, a, p, &c, u.username, remote, "totp", session, e)))
		return rc;
	*next = c.next;
	return 0;
}
