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
 *
 * The session and token cache (struct auth_cache, owned by the server)
 * answers a request's sign-in from memory: who it is, the session's CSRF
 * token, the roles with their units, and when it was last seen and ends.
 * Every change that may end a session or token or change what it allows
 * raises the installation's auth epoch in its own transaction
 * (auth_changed_in_tx()); an entry is used only while the epoch it was
 * read at is still the current one, which costs one lookup of a one-row
 * table per request instead of the session's join and its roles, and holds
 * across processes (another server, the command line). An entry that
 * looks expired is never trusted either way: the database decides. The
 * cache is direct-mapped by the secret's hash, AUTH_CACHE_SLOTS entries,
 * behind one mutex held only to copy an entry in or out.
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
#include "core/log.h"
#include "core/str.h"
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

#define AUTH_CACHE_SLOTS 4096 /* a power of two: the index is the hash's first hex digits */

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
		out->grants[i].role = role_parse(g[i].role);
		out->grants[i].unit_id = g[i].unit_id;
		out->grants[i].unit_path = g[i].unit_path;
		out->grants[i].unit_name = g[i].unit_name;
	}
	out->n_grants = n;
	return 0;
}

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
	const char *waits_until;
	time_t until_t = t;
	int64_t attempts;
	bool reserved;
	int delay, rc;

	time_iso(t - p->window, since);
	if ((rc = q_auth_throttle_reserve(db, a, kind, key, now, since, &reserved, &attempts, e)))
		return rc;
	if (!reserved) {
		rc = q_auth_throttle_until(db, a, kind, key, &waits_until, e);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		if (!rc)
			time_parse_iso(waits_until, &until_t);
		*wait = until_t > t ? (int)(until_t - t) : 1;
		return ERR_THROTTLED;
	}
	delay = auth_throttle_delay((int)attempts, free_attempts, max_delay);
	if (delay > 0)
		time_iso(t + delay, until);
	else
		until[0] = '\0';
	return q_auth_throttle_set_until(db, a, kind, key, until, e);
}

static int reserve_in_tx(struct db *db, struct arena *a, const struct auth_policy *p, time_t t, struct auth_attempt *at,
			 int *wait, struct err *e)
{
	char pair_until[TIME_ISO_LEN];
	int rc = reserve_key(db, a, p, "pair", at->pair, t, at->now, p->free_per_pair, p->max_delay_pair, pair_until,
			     wait, e);
	if (!rc)
		rc = reserve_key(db, a, p, "addr", at->addr, t, at->now, p->free_per_addr, p->max_delay_addr,
				 at->addr_until, wait, e);
	return rc;
}

/* Reserve an attempt for the pair and for the address: both or neither. */
int auth_attempt_reserve(struct db *db, struct arena *a, const struct auth_policy *p, const char *username,
			 const char *remote, const char *field, struct auth_attempt *at, struct err *e)
{
	char n[16];
	time_t t = time_now();
	int wait = 0, rc;

	time_iso(t, at->now);
	/* Names longer than any account are cut: the key stays small, the answer the same. */
	at->pair = arena_printf(a, "%s|%.*s", remote, USERNAME_KEY_MAX, username);
	at->addr = remote;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_end(db, reserve_in_tx(db, a, p, t, at, &wait, e), e);
	if (rc != ERR_THROTTLED)
		return rc;
	log_warn("attempt held back %d s by the throttle for user name \"%.*s\" from %s (field %s)", wait,
		 USERNAME_KEY_MAX, username, remote, field ? field : "");
	snprintf(n, sizeof(n), "%d", wait);
	return err_set1(e, ERR_THROTTLED, field,
			wait == 1 ? N_("Too many failed attempts. Try again in 1 second.")
				  : N_("Too many failed attempts. Try again in %s seconds."),
			n);
}

static int succeeded_in_tx(struct db *db, struct arena *a, const char *before, const struct auth_attempt *at,
			   struct err *e)
{
	int rc;
	if ((rc = q_auth_throttle_clear(db, a, "pair", at->pair, e)) ||
	    (rc = q_auth_throttle_give_back(db, a, "addr", at->addr, at->addr_until, e)))
		return rc;
	return q_auth_throttle_purge(db, a, before, e);
}

/* The password was right: clear the pair, give the address its attempt back. */
int auth_attempt_succeeded(struct db *db, struct arena *a, const struct auth_policy *p, const struct auth_attempt *at,
			   struct err *e)
{
	char before[TIME_ISO_LEN];
	int rc;

	time_iso(time_now() - p->window, before);
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, succeeded_in_tx(db, a, before, at, e), e);
}

/* @out signed in as the account @c belongs to (grants not loaded yet). */
static void fill_auth(struct auth *out, const struct credential *c)
{
	memset(out, 0, sizeof(*out));
	out->user_id = c->user_id;
	out->username = c->username;
	out->display_name = c->display_name;
	out->lang = lang_parse(c->lang) == LANG_EN ? LANG_EN : LANG_SV;
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
	struct auth_attempt at;
	const char *hash = NULL;
	int64_t uid = 0;
	bool active = false, ok;
	int rc;

	if (!remote)
		remote = "";
	if ((rc = auth_attempt_reserve(db, a, p, username ? username : "", remote, field, &at, e)))
		return rc;
	rc = q_user_password(db, a, username, &uid, &hash, &active, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (rc == ERR_NOTFOUND) {
		/* Spend the same effort as for a real account, so timing tells nothing. */
		pthread_once(&dummy_once, make_dummy_hash);
		user_check_password(dummy_hash, password);
		ok = false;
	} else {
		ok = user_check_password(hash, password) && active;
	}
	if (!ok) {
		/* For whoever watches the log: which name was tried, from where, on which form. The password never. */
		log_warn("password refused for user name \"%.*s\" from %s (field %s)", USERNAME_KEY_MAX,
			 username ? username : "", remote, field ? field : "");
		return err_set(e, ERR_UNAUTHORIZED, field, N_("Wrong user name or password."));
	}
	*uid_out = uid;
	return auth_attempt_succeeded(db, a, p, &at, e);
}

int auth_session_open_in_tx(struct db *db, struct arena *a, const struct auth_policy *p, int64_t uid,
			    const char *username, const char *remote, const char *via, const char **token_out,
			    int64_t *id_out, struct err *e)
{
	char now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	struct actor act = { uid, username };
	const char *token = auth_new_token(a, "");
	const char *after = NULL;
	time_t t = time_now();
	int64_t id;
	int rc;

	time_iso(t, now);
	time_iso(t + p->session_max, expires);
	if (via) {
		struct buf b;
		struct json j;
		buf_init(&b, a);
		json_init(&j, &b);
		json_obj_open(&j);
		json_kv_str(&j, "via", via);
		json_obj_close(&j);
		after = b.data;
	}
	rc = q_auth_session_insert(db, a, auth_token_hash(a, token), uid, auth_new_token(a, ""), now, expires,
				   remote ? remote : "", &id, e);
	if (rc || (rc = audit_append(db, a, act, "session", id, 0, "login", NULL, after, e)))
		return rc;
	*token_out = token;
	if (id_out)
		*id_out = id;
	return 0;
}

int auth_login_user(struct db *db, struct arena *a, const struct auth_policy *p, int64_t uid, const char *username,
		    const char *remote, const char **token_out, struct auth *out, struct err *e)
{
	const char *token = NULL;
	int rc;

	if ((rc = db_begin(db, e)) ||
	    (rc = db_end(db, auth_session_open_in_tx(db, a, p, uid, username, remote, NULL, &token, NULL, e), e)))
		return rc;
	rc = auth_session(db, a, p, token, out, e);
	if (!rc)
		*token_out = token;
	return rc;
}

int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *username, const char *password,
	       const char *remote, const char **token_out, struct auth *out, struct err *e)
{
	int64_t uid = 0;
	int rc;

	if (!username || !*username || !password || !*password)
		return err_set(e, ERR_UNAUTHORIZED, "username", N_("Enter your user name and password."));
	if (!remote)
		remote = "";
	rc = auth_check_password(db, a, p, username, password, remote, "username", &uid, e);
	if (rc)
		return rc;
	return auth_login_user(db, a, p, uid, username, remote, token_out, out, e);
}

/* When a session or token was last seen (0: never), when it ends, and its id: what the cache keeps besides the auth. */
struct cred_times {
	int64_t id;
	time_t last, expires;
};

/*
 * Note a use of session (or, when @token, token) @id at @now when its last
 * noted use, *@last (0: never), is TOUCH_EVERY or more ago, unless another
 * connection is writing (a large import): the note only feeds the idle
 * limit and the token list, so it is left for a later request rather than
 * making this one wait. *@last becomes @now when the note is written.
 */
static int touch(struct db *db, struct arena *a, bool token, int64_t id, time_t now, time_t *last, struct err *e)
{
	char iso[TIME_ISO_LEN];
	int rc;

	if (now - *last < TOUCH_EVERY)
		return 0;
	time_iso(now, iso);
	rc = token ? q_auth_token_touch(db, a, id, iso, e) : q_auth_session_touch(db, a, id, iso, e);
	if (!rc)
		*last = now;
	if (rc == ERR_CONFLICT) {
		err_clear(e);
		return 0;
	}
	return rc;
}

int auth_changed_in_tx(struct db *db, struct arena *a, struct err *e)
{
	return q_auth_epoch_bump(db, a, e);
}

static int logout_in_tx(struct db *db, struct arena *a, const char *hash, struct err *e)
{
	int rc = q_auth_session_delete(db, a, hash, e);
	return rc ? rc : auth_changed_in_tx(db, a, e);
}

int auth_logout(struct db *db, struct arena *a, const char *token, struct err *e)
{
	int rc;

	if (!token || !*token)
		return 0;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, logout_in_tx(db, a, auth_token_hash(a, token), e), e);
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

/* The session (or, when @token, token) whose secret hashes to @hash, checked, touched when due, with its grants. */
static int cred_load(struct db *db, struct arena *a, const struct auth_policy *p, bool token, const char *hash,
		     struct auth *out, struct cred_times *t, struct err *e)
{
	struct credential c;
	time_t now = time_now(), last = 0, expires = 0;
	int rc = token ? q_auth_token_find(db, a, hash, &c, e) : q_auth_session_find(db, a, hash, &c, e);

	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (token) {
		if (rc == ERR_NOTFOUND || c.revoked_at || !c.active)
			return err_set(e, ERR_UNAUTHORIZED, NULL, N_("The API token is not valid."));
		if (!time_parse_iso(effective_expiry(a, c.expires_at, c.created_at), &expires) || now >= expires)
			return err_set(
				e, ERR_UNAUTHORIZED, NULL,
				N_("The API token has expired. Renew it on your account page or create a new one."));
		time_parse_iso(c.last_seen, &last); /* left 0 when never seen (or unreadable): touched now */
	} else if (rc == ERR_NOTFOUND || !c.active || !time_parse_iso(c.last_seen, &last) ||
		   !time_parse_iso(c.expires_at, &expires) || now >= expires || now - last >= p->session_idle) {
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("Your session has ended. Please sign in again."));
	}
	fill_auth(out, &c);
	if (token) {
		out->via_token = true;
	} else {
		out->session_id = c.id;
		out->csrf = c.csrf;
	}
	if ((rc = touch(db, a, token, c.id, now, &last, e)))
		return rc;
	*t = (struct cred_times){ c.id, last, expires };
	return auth_load_grants(db, a, out, e);
}

int auth_session(struct db *db, struct arena *a, const struct auth_policy *p, const char *token, struct auth *out,
		 struct err *e)
{
	struct cred_times t;

	if (!token || !*token || strlen(token) > 128)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("Please sign in."));
	return cred_load(db, a, p, false, auth_token_hash(a, token), out, &t, e);
}

int auth_token(struct db *db, struct arena *a, const char *token, struct auth *out, struct err *e)
{
	struct cred_times t;

	if (!token || strncmp(token, "tlt_", 4) != 0 || strlen(token) > 128)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("The API token is not valid."));
	return cred_load(db, a, NULL, true, auth_token_hash(a, token), out, &t, e);
}

/* --- the session and token cache ---------------------------------------- */

struct cache_slot {
	char hash[65]; /* the secret's SHA-256 in hex; "" when the slot is empty */
	bool token;
	int64_t epoch;
	struct cred_times t;
	int64_t user_id;
	enum lang lang;
	char *username, *display_name, *csrf;
	struct grant *grants;
	size_t n_grants;
};

struct auth_cache {
	pthread_mutex_t lock;
	struct cache_slot slots[AUTH_CACHE_SLOTS];
	int64_t hits, misses;
};

static void slot_clear(struct cache_slot *s)
{
	free(s->username);
	free(s->display_name);
	free(s->csrf);
	for (size_t i = 0; i < s->n_grants; i++) {
		free((char *)s->grants[i].unit_path);
		free((char *)s->grants[i].unit_name);
	}
	free(s->grants);
	memset(s, 0, sizeof(*s));
}

static struct cache_slot *slot_of(struct auth_cache *c, const char *hash)
{
	unsigned idx = 0;

	for (int i = 0; i < 3 && hash[i]; i++)
		idx = idx * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : (hash[i] | 32) - 'a' + 10);
	return &c->slots[idx & (AUTH_CACHE_SLOTS - 1)];
}

struct auth_cache *auth_cache_new(void)
{
	struct auth_cache *c = calloc(1, sizeof(*c));

	if (!c)
		BUG("out of memory");
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void auth_cache_free(struct auth_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < AUTH_CACHE_SLOTS; i++)
		slot_clear(&c->slots[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void auth_cache_stats(struct auth_cache *c, int64_t *hits, int64_t *misses)
{
	pthread_mutex_lock(&c->lock);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->lock);
}

/* The entry of @hash read at @epoch, copied into @a; false when there is none. */
static bool cache_get(struct auth_cache *c, const char *hash, bool token, int64_t epoch, struct arena *a,
		      struct auth *out, struct cred_times *t)
{
	struct cache_slot *s = slot_of(c, hash);
	bool hit;

	pthread_mutex_lock(&c->lock);
	hit = s->hash[0] && s->token == token && s->epoch == epoch && !strcmp(s->hash, hash);
	if (hit) {
		memset(out, 0, sizeof(*out));
		out->user_id = s->user_id;
		out->username = arena_strdup(a, s->username);
		out->display_name = s->display_name ? arena_strdup(a, s->display_name) : NULL;
		out->lang = s->lang;
		out->via_token = token;
		if (!token) {
			out->session_id = s->t.id;
			out->csrf = s->csrf ? arena_strdup(a, s->csrf) : NULL;
		}
		out->grants = arena_calloc(a, s->n_grants ? s->n_grants : 1, sizeof(*out->grants));
		for (size_t i = 0; i < s->n_grants; i++) {
			out->grants[i] = s->grants[i];
			out->grants[i].unit_path =
				s->grants[i].unit_path ? arena_strdup(a, s->grants[i].unit_path) : NULL;
			out->grants[i].unit_name =
				s->grants[i].unit_name ? arena_strdup(a, s->grants[i].unit_name) : NULL;
		}
		out->n_grants = s->n_grants;
		*t = s->t;
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

static void cache_put(struct auth_cache *c, const char *hash, bool token, int64_t epoch, const struct auth *in,
		      const struct cred_times *t)
{
	struct cache_slot *s = slot_of(c, hash);

	pthread_mutex_lock(&c->lock);
	slot_clear(s);
	snprintf(s->hash, sizeof(s->hash), "%s", hash);
	s->token = token;
	s->epoch = epoch;
	s->t = *t;
	s->user_id = in->user_id;
	s->lang = in->lang;
	s->username = str_dup_or_null(in->username ? in->username : "");
	s->display_name = str_dup_or_null(in->display_name);
	s->csrf = token ? NULL : str_dup_or_null(in->csrf);
	s->grants = calloc(in->n_grants ? in->n_grants : 1, sizeof(*s->grants));
	if (!s->grants)
		BUG("out of memory");
	for (size_t i = 0; i < in->n_grants; i++) {
		s->grants[i] = in->grants[i];
		s->grants[i].unit_path = str_dup_or_null(in->grants[i].unit_path);
		s->grants[i].unit_name = str_dup_or_null(in->grants[i].unit_name);
	}
	s->n_grants = in->n_grants;
	pthread_mutex_unlock(&c->lock);
}

/* The request just touched the entry's session or token at @now. */
static void cache_touched(struct auth_cache *c, const char *hash, time_t now)
{
	struct cache_slot *s = slot_of(c, hash);

	pthread_mutex_lock(&c->lock);
	if (!strcmp(s->hash, hash))
		s->t.last = now;
	pthread_mutex_unlock(&c->lock);
}

/*
 * The session (or, when @token, token) whose secret hashes to @hash: from
 * @cache while the auth epoch is unchanged and it is still valid by what
 * the cache holds (touched when due), else read from the database and kept.
 */
static int cached(struct auth_cache *cache, struct db *db, struct arena *a, const struct auth_policy *p, bool token,
		  const char *hash, struct auth *out, struct err *e)
{
	struct cred_times t;
	int64_t epoch;
	time_t now, last;
	int rc;

	if ((rc = q_auth_epoch(db, a, &epoch, e)))
		return rc;
	now = time_now();
	if (cache_get(cache, hash, token, epoch, a, out, &t) && now < t.expires &&
	    (token || now - t.last < p->session_idle)) {
		last = t.last;
		if ((rc = touch(db, a, token, t.id, now, &last, e)))
			return rc;
		if (last != t.last)
			cache_touched(cache, hash, now);
		return 0;
	}
	if ((rc = cred_load(db, a, p, token, hash, out, &t, e)))
		return rc;
	cache_put(cache, hash, token, epoch, out, &t);
	return 0;
}

int auth_session_cached(struct auth_cache *cache, struct db *db, struct arena *a, const struct auth_policy *p,
			const char *token, struct auth *out, struct err *e)
{
	if (!cache)
		return auth_session(db, a, p, token, out, e);
	if (!token || !*token || strlen(token) > 128)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("Please sign in."));
	return cached(cache, db, a, p, false, auth_token_hash(a, token), out, e);
}

int auth_token_cached(struct auth_cache *cache, struct db *db, struct arena *a, const char *token, struct auth *out,
		      struct err *e)
{
	if (!cache)
		return auth_token(db, a, token, out, e);
	if (!token || strncmp(token, "tlt_", 4) != 0 || strlen(token) > 128)
		return err_set(e, ERR_UNAUTHORIZED, NULL, N_("The API token is not valid."));
	return cached(cache, db, a, NULL, true, auth_token_hash(a, token), out, e);
}

/* Settle what the table leaves open: the expiry of a token from before expiry, and whether it has passed. */
static void token_settle(struct arena *a, struct api_token *t)
{
	t->expires_at = effective_expiry(a, t->expires_at, t->created_at);
	t->expired = !t->revoked_at && has_passed(t->expires_at);
}

void token_json_members(struct json *j, const struct api_token *t)
{
	json_kv_int(j, "id", t->id);
	json_kv_int(j, "user_id", t->user_id);
	json_kv_str(j, "name", t->name);
	json_kv_str(j, "prefix", t->prefix);
	json_kv_str(j, "created_at", t->created_at);
	json_kv_str(j, "last_used_at", t->last_used_at);
	json_kv_str(j, "revoked_at", t->revoked_at);
	json_kv_str(j, "expires_at", t->expires_at);
}

void token_json(struct json *j, const struct api_token *t)
{
	json_obj_open(j);
	token_json_members(j, t);
	json_obj_close(j);
}

static void write_token_json(struct json *j, const void *rec)
{
	token_json(j, rec);
}

static const char *token_json_text(struct arena *a, const struct api_token *t)
{
	return json_text(a, write_token_json, t);
}

static int no_such_token(int rc, struct err *e)
{
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "id", N_("No such API token.")) : rc;
}

int token_get(struct db *db, struct arena *a, int64_t id, struct api_token *out, struct err *e)
{
	int rc = no_such_token(q_auth_token_get(db, a, id, out, e), e);
	if (!rc)
		token_settle(a, out);
	return rc;
}

static int tokens_of(struct db *db, struct arena *a, int64_t user_id, bool live, struct api_token **out, size_t *n,
		     struct err *e)
{
	int rc = q_auth_token_list(db, a, user_id, live, out, n, e);
	for (size_t i = 0; !rc && i < *n; i++)
		token_settle(a, &(*out)[i]);
	return rc;
}

int token_list(struct db *db, struct arena *a, int64_t user_id, struct api_token **out, size_t *n, struct err *e)
{
	return tokens_of(db, a, user_id, false, out, n, e);
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

static int create_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
			const char *tok, const char *expires, int64_t *id_out, struct err *e)
{
	struct api_token t = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	t.user_id = user_id;
	t.name = name;
	t.prefix = arena_strndup(a, tok, 10);
	t.created_at = now;
	t.expires_at = expires;
	rc = q_auth_token_insert(db, a, user_id, name, auth_token_hash(a, tok), t.prefix, now, expires, &t.id, e);
	if (rc == ERR_INVALID)
		return err_set(e, ERR_INVALID, "user_id", N_("No such user."));
	if (rc ||
	    (rc = audit_append(db, a, actor_of(auth), "api_token", t.id, 0, "create", NULL, token_json_text(a, &t), e)))
		return rc;
	*id_out = t.id;
	return 0;
}

int token_create_days(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, const char *name,
		      int days, const char **clear, int64_t *id_out, struct err *e)
{
	char expires[TIME_ISO_LEN];
	const char *tok;
	int64_t id = 0;
	int rc;

	if ((rc = check_text(e, "name", name, 100, true)) || (rc = expiry_in(days, expires, e)))
		return rc;
	tok = auth_new_token(a, "tlt_");
	if ((rc = db_begin(db, e)) ||
	    (rc = db_end(db, create_in_tx(db, a, auth, user_id, name, tok, expires, &id, e), e)))
		return rc;
	*clear = tok;
	if (id_out)
		*id_out = id;
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

/* Revoke @before (a live token, as read in this transaction) with its audit entry. */
static int revoke_one(struct db *db, struct arena *a, const struct auth *auth, const struct api_token *before,
		      const char *action, struct err *e)
{
	struct api_token after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	/* A token from before expiry keeps the expiry it was shown with. */
	if ((rc = no_such_token(q_auth_token_revoke(db, a, before->id, now, before->expires_at, e), e)))
		return rc;
	after.revoked_at = now;
	after.expired = false;
	if ((rc = audit_append(db, a, actor_of(auth), "api_token", before->id, 0, action, token_json_text(a, before),
			       token_json_text(a, &after), e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

/* Token @id of @user_id, read in this transaction; someone else's is as if it did not exist. */
static int own_token(struct db *db, struct arena *a, int64_t user_id, int64_t id, struct api_token *out, struct err *e)
{
	int rc = token_get(db, a, id, out, e);
	if (!rc && out->user_id != user_id)
		rc = err_set(e, ERR_NOTFOUND, "id", N_("No such API token."));
	return rc;
}

static int revoke_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id,
			struct err *e)
{
	struct api_token before;
	int rc = own_token(db, a, user_id, id, &before, e);
	if (!rc && before.revoked_at)
		rc = err_set(e, ERR_INVALID, "id", N_("The token is already revoked."));
	return rc ? rc : revoke_one(db, a, auth, &before, "revoke", e);
}

int token_revoke(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, revoke_in_tx(db, a, auth, user_id, id, e), e);
}

int token_revoke_all_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int *n,
			   struct err *e)
{
	struct api_token *live;
	size_t n_live = 0;
	int rc;

	if (n)
		*n = 0;
	rc = tokens_of(db, a, user_id, true, &live, &n_live, e);
	for (size_t i = 0; !rc && i < n_live; i++) {
		rc = revoke_one(db, a, auth, &live[i], "revoke_on_password", e);
		if (!rc && n)
			(*n)++;
	}
	return rc;
}

static int renew_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id,
		       const char *expires, struct err *e)
{
	struct api_token before, after;
	int rc = own_token(db, a, user_id, id, &before, e);
	if (!rc && before.revoked_at)
		rc = err_set(e, ERR_INVALID, "id", N_("A revoked token cannot be renewed."));
	if (rc || (rc = no_such_token(q_auth_token_renew(db, a, id, expires, e), e)))
		return rc;
	after = before;
	after.expires_at = expires;
	after.expired = false;
	if ((rc = audit_append(db, a, actor_of(auth), "api_token", id, 0, "renew", token_json_text(a, &before),
			       token_json_text(a, &after), e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int token_renew(struct db *db, struct arena *a, const struct auth *auth, int64_t user_id, int64_t id, int days,
		struct err *e)
{
	char expires[TIME_ISO_LEN];
	int rc;

	if ((rc = expiry_in(days, expires, e)) || (rc = db_begin(db, e)))
		return rc;
	return db_end(db, renew_in_tx(db, a, auth, user_id, id, expires, e), e);
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
	rc = q_auth_session_purge(db, a, now, e);
	if (!rc)
		rc = q_auth_throttle_purge(db, a, before, e);
	return rc;
}
