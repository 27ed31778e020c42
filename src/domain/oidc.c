/*
 * oidc.c - OpenID Connect sign-in: providers, the flow, the ID token.
 *
 * Each process caches a provider's discovery document and key set (JWKS)
 * by the provider's id and issuer: the document for an hour, the keys
 * until a token names a key id they do not hold, which fetches them again
 * (a rotated key is found at once; the same unknown key id fetches at most
 * once a minute, so forged tokens cannot make Tillit hammer the provider).
 */
#include "domain/oidc.h"

#include <cjose/cjose.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_signin.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/role_suggestion.h"
#include "domain/user.h"
#include "domain/validate.h"
#include "io/httpc.h"

#define DISCOVERY_TTL    3600
#define SAME_KID_REFETCH 60
#define CLOCK_SKEW       120
#define MAX_TOKEN_AGE    3600
#define CACHE_SLOTS      16
#define GROUPS_MAX       1000

/* --- the cache of discovery documents and key sets ------------------------ */

struct provider_cache {
	int64_t id;
	char *issuer;
	char *auth_ep, *token_ep, *jwks_uri, *end_session_ep;
	time_t disc_at;
	char *jwks;
	char *missed_kid;
	time_t missed_at;
};

static struct provider_cache cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void slot_free(struct provider_cache *c)
{
	free(c->issuer);
	free(c->auth_ep);
	free(c->token_ep);
	free(c->jwks_uri);
	free(c->end_session_ep);
	free(c->jwks);
	free(c->missed_kid);
	memset(c, 0, sizeof(*c));
}

void oidc_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		slot_free(&cache[i]);
	pthread_mutex_unlock(&cache_lock);
}

/* What the discovery document says, copied into an arena. */
struct discovery {
	const char *auth_ep, *token_ep, *jwks_uri, *end_session_ep;
};

static struct provider_cache *slot_for(const struct oidc_provider *p)
{
	struct provider_cache *c = &cache[(size_t)p->id % CACHE_SLOTS];
	if (c->id != p->id || !c->issuer || strcmp(c->issuer, p->issuer) != 0) {
		slot_free(c);
		c->id = p->id;
		c->issuer = str_dup_or_null(p->issuer);
	}
	return c;
}

static const char *arena_dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static bool is_web_url(const char *s)
{
	return s && (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7)) && strlen(s) < 2000;
}

static const char *json_str_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int unreachable(struct err *e, const struct oidc_provider *p, const char *what)
{
	char detail[sizeof(e->detail)];
	snprintf(detail, sizeof(detail), "%s", e->detail);
	log_info("sign-in: provider %s: %s: %s", p->slug, what, detail);
	err_set1(e, ERR_INTERNAL, "provider",
		 N_("%s could not be reached or gave an answer Tillit cannot use. Try again later, or sign in with "
		    "your password if you have one."),
		 p->name);
	return err_detail(e, "%s: %s", what, detail);
}

/* Fetch @url and parse it as a JSON object; *out must be json_decref()ed. */
static int fetch_json(struct arena *a, const struct oidc_provider *p, const char *url, const char *what, json_t **out,
		      struct err *e)
{
	struct httpc_resp r = { 0 };
	json_error_t je;
	int rc = httpc_get(a, url, 0, &r, e);

	if (rc)
		return unreachable(e, p, what);
	if (r.status != 200) {
		err_detail(e, "HTTP %ld", r.status);
		return unreachable(e, p, what);
	}
	*out = json_loadb(r.body, r.len, JSON_REJECT_DUPLICATES, &je);
	if (!*out || !json_is_object(*out)) {
		json_decref(*out);
		err_detail(e, "not a JSON object");
		return unreachable(e, p, what);
	}
	return 0;
}

static int discover(struct arena *a, const struct oidc_provider *p, struct discovery *d, struct err *e)
{
	struct provider_cache *c;
	const char *url;
	json_t *doc = NULL;
	time_t now = time(NULL);
	int rc;

	pthread_mutex_lock(&cache_lock);
	c = slot_for(p);
	if (c->auth_ep && now - c->disc_at < DISCOVERY_TTL) {
		d->auth_ep = arena_strdup(a, c->auth_ep);
		d->token_ep = arena_strdup(a, c->token_ep);
		d->jwks_uri = arena_strdup(a, c->jwks_uri);
		d->end_session_ep = arena_dup_or_null(a, c->end_session_ep);
		pthread_mutex_unlock(&cache_lock);
		return 0;
	}
	pthread_mutex_unlock(&cache_lock);

	/* The issuer's address with /.well-known/openid-configuration after it (one slash between). */
	url = arena_printf(a, "%.*s/.well-known/openid-configuration",
			   (int)(strlen(p->issuer) - (p->issuer[strlen(p->issuer) - 1] == '/')), p->issuer);
	if ((rc = fetch_json(a, p, url, "discovery", &doc, e)))
		return rc;
	d->auth_ep = arena_dup_or_null(a, json_str_member(doc, "authorization_endpoint"));
	d->token_ep = arena_dup_or_null(a, json_str_member(doc, "token_endpoint"));
	d->jwks_uri = arena_dup_or_null(a, json_str_member(doc, "jwks_uri"));
	d->end_session_ep = arena_dup_or_null(a, json_str_member(doc, "end_session_endpoint"));
	/* The document must be the issuer's own (OpenID Connect Discovery 4.3). */
	if (!json_str_member(doc, "issuer") || strcmp(json_str_member(doc, "issuer"), p->issuer) != 0 ||
	    !is_web_url(d->auth_ep) || !is_web_url(d->token_ep) || !is_web_url(d->jwks_uri) ||
	    (d->end_session_ep && !is_web_url(d->end_session_ep))) {
		json_decref(doc);
		err_detail(e, "issuer or endpoints missing or not matching");
		return unreachable(e, p, "discovery");
	}
	json_decref(doc);
	pthread_mutex_lock(&cache_lock);
	c = slot_for(p);
	free(c->auth_ep);
	free(c->token_ep);
	free(c->jwks_uri);
	free(c->end_session_ep);
	c->auth_ep = str_dup_or_null(d->auth_ep);
	c->token_ep = str_dup_or_null(d->token_ep);
	c->jwks_uri = str_dup_or_null(d->jwks_uri);
	c->end_session_ep = str_dup_or_null(d->end_session_ep);
	c->disc_at = now;
	pthread_mutex_unlock(&cache_lock);
	return 0;
}

/*
 * The provider's key set as JSON text in @a: the cached one, or fetched
 * when there is none or @refetch_for names a key id it lacked (at most
 * once a minute for the same id). *fetched says it was fetched now.
 */
static int jwks_get(struct arena *a, const struct oidc_provider *p, const struct discovery *d, const char *refetch_for,
		    const char **out, bool *fetched, struct err *e)
{
	struct provider_cache *c;
	time_t now = time(NULL);
	json_t *doc = NULL;
	char *text;
	int rc;

	*fetched = false;
	pthread_mutex_lock(&cache_lock);
	c = slot_for(p);
	if (c->jwks && refetch_for && c->missed_kid && !strcmp(c->missed_kid, refetch_for) &&
	    now - c->missed_at < SAME_KID_REFETCH)
		refetch_for = NULL; /* tried this one a moment ago */
	if (c->jwks && !refetch_for) {
		*out = arena_strdup(a, c->jwks);
		pthread_mutex_unlock(&cache_lock);
		return 0;
	}
	if (refetch_for) {
		free(c->missed_kid);
		c->missed_kid = str_dup_or_null(refetch_for);
		c->missed_at = now;
	}
	pthread_mutex_unlock(&cache_lock);

	if ((rc = fetch_json(a, p, d->jwks_uri, "keys", &doc, e)))
		return rc;
	if (!json_is_array(json_object_get(doc, "keys"))) {
		json_decref(doc);
		err_detail(e, "no keys");
		return unreachable(e, p, "keys");
	}
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		BUG("out of memory");
	*out = arena_strdup(a, text);
	pthread_mutex_lock(&cache_lock);
	c = slot_for(p);
	free(c->jwks);
	c->jwks = text;
	pthread_mutex_unlock(&cache_lock);
	*fetched = true;
	return 0;
}

/* --- the ID token ------------------------------------------------------- */

static int bad_token(struct err *e, const char *msgid, const char *detail)
{
	err_set(e, ERR_UNAUTHORIZED, NULL, msgid);
	return err_detail(e, "%s", detail);
}

/*
 * Whether @s (@len bytes) is base64url that decodes: only A-Z a-z 0-9 - _,
 * and not a length no encoding has (4n + 1). cjose's decoder asserts on
 * that, so nothing reaches it unchecked.
 */
static bool b64url_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '_'))
			return false;
	}
	return len % 4 != 1;
}

/* A compact JWS: three base64url parts, the first two not empty. */
static bool compact_jws_ok(const char *jwt)
{
	const char *d1 = strchr(jwt, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.') || d1 == jwt || d2 == d1 + 1)
		return false;
	return b64url_ok(jwt, (size_t)(d1 - jwt)) && b64url_ok(d1 + 1, (size_t)(d2 - d1 - 1)) &&
	       b64url_ok(d2 + 1, strlen(d2 + 1));
}

/* The key of @keys for @alg and @kid (NULL: the token names none), imported; NULL when there is none. */
static cjose_jwk_t *find_key(json_t *keys, const char *alg, const char *kid)
{
	bool rsa = !strcmp(alg, "RS256");
	size_t i, matches = 0;
	json_t *k, *chosen = NULL;
	cjose_jwk_t *jwk = NULL;
	cjose_err ce;
	char *text;

	json_array_foreach(keys, i, k)
	{
		const char *kty = json_str_member(k, "kty");
		const char *use = json_str_member(k, "use");
		const char *kalg = json_str_member(k, "alg");
		const char *kkid = json_str_member(k, "kid");
		const char *crv = json_str_member(k, "crv");

		if (!json_is_object(k) || !kty || (use && strcmp(use, "sig") != 0) || (kalg && strcmp(kalg, alg) != 0))
			continue;
		if (rsa ? strcmp(kty, "RSA") != 0 : (strcmp(kty, "EC") != 0 || !crv || strcmp(crv, "P-256") != 0))
			continue;
		if (kid ? (kkid && !strcmp(kkid, kid)) : true) {
			chosen = k;
			matches++;
		}
	}
	/* A token without a key id is accepted only when one key can have signed it. */
	if (!chosen || (!kid && matches != 1))
		return NULL;
	/* Public members only: a private member in a published key set is not used. */
	{
		json_t *pub = json_object();
		const char *members[] = { "kty", "kid", "crv", "n", "e", "x", "y" };
		for (size_t m = 0; m < sizeof(members) / sizeof(members[0]); m++) {
			json_t *v = json_object_get(chosen, members[m]);
			/* Key material is base64url (n, e, x, y); cjose must not see anything else. */
			if (json_is_string(v) && m >= 3 && !b64url_ok(json_string_value(v), json_string_length(v))) {
				json_decref(pub);
				return NULL;
			}
			if (json_is_string(v))
				json_object_set(pub, members[m], v);
		}
		text = json_dumps(pub, JSON_COMPACT);
		json_decref(pub);
	}
	if (!text)
		return NULL;
	jwk = cjose_jwk_import(text, strlen(text), &ce);
	free(text);
	return jwk;
}

static bool aud_ok(json_t *claims, const char *client_id)
{
	json_t *aud = json_object_get(claims, "aud");
	const char *azp = json_str_member(claims, "azp");
	size_t i, n = 0;
	bool found = false;
	json_t *v;

	if (json_is_string(aud))
		return !strcmp(json_string_value(aud), client_id) && (!azp || !strcmp(azp, client_id));
	if (!json_is_array(aud))
		return false;
	json_array_foreach(aud, i, v)
	{
		n++;
		if (json_is_string(v) && !strcmp(json_string_value(v), client_id))
			found = true;
	}
	/* Several audiences: the token must have been issued to this client (azp). */
	return found && (n == 1 ? (!azp || !strcmp(azp, client_id)) : (azp && !strcmp(azp, client_id)));
}

static bool num_claim(json_t *claims, const char *key, int64_t *out)
{
	json_t *v = json_object_get(claims, key);
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	if (json_is_real(v)) {
		*out = (int64_t)json_real_value(v);
		return true;
	}
	return false;
}

static bool same_secret(const char *x, const char *y)
{
	size_t n = x ? strlen(x) : 0;
	return x && y && n == strlen(y) && sodium_memcmp(x, y, n) == 0;
}

static int check_claims(json_t *claims, const struct oidc_expect *x, struct err *e)
{
	int64_t exp, iat, nbf;
	const char *iss = json_str_member(claims, "iss");

	if (!iss || strcmp(iss, x->issuer) != 0)
		return bad_token(e, N_("The sign-in was refused: the token was issued by another provider."), "issuer");
	if (!aud_ok(claims, x->client_id))
		return bad_token(e, N_("The sign-in was refused: the token was issued for another application."),
				 "audience");
	if (!num_claim(claims, "exp", &exp) || exp + CLOCK_SKEW <= x->now)
		return bad_token(e, N_("The sign-in was refused: the token has expired. Please try again."), "expired");
	if (!num_claim(claims, "iat", &iat) || iat > x->now + CLOCK_SKEW || iat < x->now - MAX_TOKEN_AGE)
		return bad_token(e, N_("The sign-in was refused: the token's time of issue is wrong."), "iat");
	if (num_claim(claims, "nbf", &nbf) && nbf > x->now + CLOCK_SKEW)
		return bad_token(e, N_("The sign-in was refused: the token's time of issue is wrong."), "nbf");
	if (!same_secret(json_str_member(claims, "nonce"), x->nonce))
		return bad_token(e, N_("The sign-in was refused: the token does not belong to this sign-in."), "nonce");
	return 0;
}

int oidc_verify_id_token(struct arena *a, const char *jwt, const char *jwks, const struct oidc_expect *x,
			 const char **claims_json, bool *unknown_kid, struct err *e)
{
	cjose_err ce;
	cjose_jws_t *jws = NULL;
	cjose_jwk_t *jwk = NULL;
	cjose_header_t *hdr;
	json_t *set = NULL, *claims = NULL;
	const char *alg, *kid;
	uint8_t *plain = NULL;
	size_t plain_len = 0;
	json_error_t je;
	int rc;

	*unknown_kid = false;
	if (!jwt || !*jwt || strlen(jwt) > 16384 || !compact_jws_ok(jwt))
		return bad_token(e, N_("The sign-in was refused: the provider sent no usable token."), "not a JWS");
	if (!(jws = cjose_jws_import(jwt, strlen(jwt), &ce)))
		return bad_token(e, N_("The sign-in was refused: the provider sent no usable token."), "not a JWS");
	hdr = cjose_jws_get_protected(jws);
	alg = hdr ? cjose_header_get(hdr, CJOSE_HDR_ALG, &ce) : NULL;
	kid = hdr ? cjose_header_get(hdr, CJOSE_HDR_KID, &ce) : NULL;
	/* Only the asymmetric algorithms: never "none", never HS256 keyed with a public key. */
	if (!alg || (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0)) {
		rc = bad_token(e, N_("The sign-in was refused: the token is signed in a way Tillit does not accept."),
			       "alg");
		goto out;
	}
	set = json_loads(jwks ? jwks : "", 0, &je);
	if (!set || !json_is_array(json_object_get(set, "keys")) ||
	    !(jwk = find_key(json_object_get(set, "keys"), alg, kid))) {
		*unknown_kid = true;
		rc = bad_token(e,
			       N_("The sign-in was refused: the token is signed with a key the provider does not "
				  "publish."),
			       "unknown key");
		goto out;
	}
	if (!cjose_jws_verify(jws, jwk, &ce)) {
		rc = bad_token(e, N_("The sign-in was refused: the token's signature is not valid."), "signature");
		goto out;
	}
	if (!cjose_jws_get_plaintext(jws, &plain, &plain_len, &ce) ||
	    !(claims = json_loadb((const char *)plain, plain_len, JSON_REJECT_DUPLICATES, &je)) ||
	    !json_is_object(claims)) {
		rc = bad_token(e, N_("The sign-in was refused: the provider sent no usable token."), "claims");
		goto out;
	}
	if ((rc = check_claims(claims, x, e)))
		goto out;
	{
		char *text = json_dumps(claims, JSON_COMPACT);
		if (!text)
			BUG("out of memory");
		*claims_json = arena_strdup(a, text);
		free(text);
	}
	rc = 0;
out:
	json_decref(claims);
	json_decref(set);
	if (jwk)
		cjose_jwk_release(jwk);
	cjose_jws_release(jws);
	return rc;
}

/* --- providers ---------------------------------------------------------- */

int oidc_provider_list(struct db *db, struct arena *a, bool enabled_only, struct oidc_provider **out, size_t *n,
		       struct err *e)
{
	return q_oidc_provider_list(db, a, enabled_only, out, n, e);
}

static void provider_json(struct json *j, const struct oidc_provider *p)
{
	json_obj_open(j);
	json_kv_int(j, "id", p->id);
	json_kv_str(j, "slug", p->slug);
	json_kv_str(j, "name", p->name);
	json_kv_str(j, "issuer", p->issuer);
	json_kv_str(j, "client_id", p->client_id);
	json_kv_str(j, "secret_ref", p->secret_ref);
	json_kv_str(j, "scopes", p->scopes);
	json_kv_str(j, "claim_id", p->claim_id);
	json_kv_str(j, "claim_name", p->claim_name);
	json_kv_str(j, "claim_email", p->claim_email);
	json_kv_str(j, "claim_groups", p->claim_groups ? p->claim_groups : "");
	json_kv_bool(j, "create_unknown", p->create_unknown);
	json_kv_bool(j, "enabled", p->enabled);
	json_obj_close(j);
}

static void write_provider_json(struct json *j, const void *rec)
{
	provider_json(j, rec);
}

static const char *provider_json_text(struct arena *a, const struct oidc_provider *p)
{
	return json_text(a, write_provider_json, p);
}

static bool slug_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool claim_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_' || s[i] == '-' || s[i] == ':' || s[i] == '.'))
			return false;
	return true;
}

static bool has_scope(const char *scopes, const char *want)
{
	size_t n = strlen(want);
	for (const char *s = scopes; s && *s;) {
		const char *end = strchr(s, ' ');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len == n && !strncmp(s, want, n))
			return true;
		s = end ? end + 1 : s + len;
	}
	return false;
}

static int check_provider(struct oidc_provider *p, struct err *e)
{
	int rc;
	if (!p->scopes || !*p->scopes)
		p->scopes = "openid profile email";
	if (!p->claim_id || !*p->claim_id)
		p->claim_id = "sub";
	if (!p->claim_name || !*p->claim_name)
		p->claim_name = "name";
	if (!p->claim_email || !*p->claim_email)
		p->claim_email = "email";
	if (!p->secret_ref)
		p->secret_ref = "";
	if (!p->claim_groups)
		p->claim_groups = "";
	if (!slug_ok(p->slug))
		return err_set(e, ERR_INVALID, "slug",
			       N_("The short name must be 1 to 40 lower-case letters a-z, digits or hyphens."));
	if ((rc = check_text(e, "name", p->name, 100, true)) ||
	    (rc = check_text(e, "client_id", p->client_id, 200, true)))
		return rc;
	if (!is_web_url(p->issuer) ||
	    (strncmp(p->issuer, "https://", 8) != 0 && strncmp(p->issuer, "http://127.", 11) &&
	     strncmp(p->issuer, "http://localhost", 16)))
		return err_set(e, ERR_INVALID, "issuer",
			       N_("The issuer must be an https:// address (http:// only on this machine)."));
	if (!has_scope(p->scopes, "openid") || strlen(p->scopes) > 300)
		return err_set(e, ERR_INVALID, "scopes", N_("The scopes must include openid."));
	if (!claim_ok(p->claim_id) || !claim_ok(p->claim_name) || !claim_ok(p->claim_email))
		return err_set(e, ERR_INVALID, "claim_id", N_("A claim is a name such as sub, oid, email or name."));
	if (*p->claim_groups && !claim_ok(p->claim_groups))
		return err_set(e, ERR_INVALID, "claim_groups",
			       N_("A claim is a name such as sub, oid, email or name."));
	if (*p->secret_ref && strncmp(p->secret_ref, "file:/", 6) != 0 && strncmp(p->secret_ref, "env:", 4) != 0)
		return err_set(e, ERR_INVALID, "secret",
			       N_("The client secret is read from a file (file:/path) or an environment variable "
				  "(env:NAME), never given on the command line."));
	return 0;
}

static int add_in_tx(struct db *db, struct arena *a, const struct auth *auth, struct oidc_provider *p, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	rc = q_oidc_provider_insert(db, a, p, now, &p->id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "slug", N_("There is already a provider with that short name."));
	if (rc || (rc = audit_append(db, a, actor_of(auth), "oidc_provider", p->id, 0, "create", NULL,
				     provider_json_text(a, p), e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int oidc_provider_add(struct db *db, struct arena *a, const struct auth *auth, const struct oidc_provider *in,
		      int64_t *id_out, struct err *e)
{
	struct oidc_provider p = *in;
	int rc;

	p.enabled = true;
	if ((rc = check_provider(&p, e)) || (rc = db_begin(db, e)) ||
	    (rc = db_end(db, add_in_tx(db, a, auth, &p, e), e)))
		return rc;
	if (id_out)
		*id_out = p.id;
	return 0;
}

static int enable_in_tx(struct db *db, struct arena *a, const struct auth *auth, const char *slug, bool on,
			struct err *e)
{
	struct oidc_provider before, after;
	char now[TIME_ISO_LEN];
	int rc = q_oidc_provider_by_slug(db, a, slug, &before, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "slug", N_("There is no provider with that short name."));
	time_now_iso(now);
	if (rc || (rc = q_oidc_provider_set_enabled(db, a, before.id, on, now, e)))
		return rc;
	after = before;
	after.enabled = on;
	if ((rc = audit_append(db, a, actor_of(auth), "oidc_provider", before.id, 0, on ? "enable" : "disable",
			       provider_json_text(a, &before), provider_json_text(a, &after), e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int oidc_provider_enable(struct db *db, struct arena *a, const struct auth *auth, const char *slug, bool on,
			 struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_end(db, enable_in_tx(db, a, auth, slug, on, e), e);
	if (!rc)
		oidc_cache_clear();
	return rc;
}

static int groups_claim_in_tx(struct db *db, struct arena *a, const struct auth *auth, const char *slug,
			      const char *claim, struct err *e)
{
	struct oidc_provider before, after;
	char now[TIME_ISO_LEN];
	int rc = q_oidc_provider_by_slug(db, a, slug ? slug : "", &before, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "slug", N_("There is no provider with that short name."));
	if (rc)
		return rc;
	if (claim && *claim && !claim_ok(claim))
		return err_set(e, ERR_INVALID, "claim_groups",
			       N_("A claim is a name such as sub, oid, email or name."));
	time_now_iso(now);
	if ((rc = q_oidc_provider_set_groups_claim(db, a, before.id, claim ? claim : "", now, e)))
		return rc;
	after = before;
	after.claim_groups = claim ? claim : "";
	return audit_append(db, a, actor_of(auth), "oidc_provider", before.id, 0, "update",
			    provider_json_text(a, &before), provider_json_text(a, &after), e);
}

int oidc_provider_set_groups_claim(struct db *db, struct arena *a, const struct auth *auth, const char *slug,
				   const char *claim, struct err *e)
{
	int rc = db_begin(db, e);
	return rc ? rc : db_end(db, groups_claim_in_tx(db, a, auth, slug, claim, e), e);
}

static int reset_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t *n_off, struct err *e)
{
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = q_oidc_provider_disable_all(db, a, now, n_off, e)) ||
	    (rc = q_signin_set_local_login(db, a, "all", e)) ||
	    (rc = audit_append(db, a, actor_of(auth), "signin_settings", 1, 0, "reset", NULL, NULL, e)))
		return rc;
	return auth_changed_in_tx(db, a, e);
}

int oidc_reset(struct db *db, struct arena *a, const struct auth *auth, int64_t *n_off, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	rc = db_end(db, reset_in_tx(db, a, auth, n_off, e), e);
	oidc_cache_clear();
	return rc;
}

/* --- the flow ----------------------------------------------------------- */

static const char *b64url(struct arena *a, const unsigned char *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static const char *pkce_challenge(struct arena *a, const char *verifier)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	return b64url(a, h, sizeof(h));
}

static const char *redirect_uri(struct arena *a, const char *public_url)
{
	return arena_printf(a, "%s%s", public_url, OIDC_CALLBACK_PATH);
}

static int enabled_provider(struct db *db, struct arena *a, int64_t id, struct oidc_provider *p, struct err *e)
{
	int rc = q_oidc_provider_get(db, a, id, p, e);
	if (rc == ERR_NOTFOUND || (!rc && !p->enabled))
		return err_set(e, ERR_NOTFOUND, "provider", N_("There is no such sign-in provider."));
	return rc;
}

int oidc_begin(struct db *db, struct arena *a, const char *public_url, int64_t provider_id, const char *next,
	       const char **url_out, const char **state_out, struct err *e)
{
	struct oidc_provider p;
	struct discovery d;
	struct oidc_flow f = { 0 };
	char now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	const char *state;
	time_t t = time_now();
	int rc;

	if (!public_url || !*public_url)
		return err_set(e, ERR_NOTFOUND, "provider", N_("There is no such sign-in provider."));
	if ((rc = enabled_provider(db, a, provider_id, &p, e)) || (rc = discover(a, &p, &d, e)))
		return rc;
	state = auth_new_token(a, "");
	f.provider_id = p.id;
	f.nonce = auth_new_token(a, "");
	f.verifier = auth_new_token(a, "");
	f.next = next && *next ? next : "/";
	time_iso(t, now);
	time_iso(t + OIDC_FLOW_SECONDS, expires);
	f.expires_at = expires;
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_oidc_flow_purge(db, a, now, e);
	if (!rc)
		rc = q_oidc_flow_insert(db, a, auth_token_hash(a, state), &f, now, e);
	if ((rc = db_end(db, rc, e)))
		return rc;
	*url_out = arena_printf(a,
				"%s%sresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
				"&code_challenge=%s&code_challenge_method=S256",
				d.auth_ep, strchr(d.auth_ep, '?') ? "&" : "?", httpc_escape(a, p.client_id),
				httpc_escape(a, redirect_uri(a, public_url)), httpc_escape(a, p.scopes), state, f.nonce,
				pkce_challenge(a, f.verifier));
	*state_out = state;
	return 0;
}

/* Write the audit entry of a refused sign-in, then leave @e as the refusal. */
static int refused(struct db *db, struct arena *a, const struct oidc_provider *p, int rc, struct err *e)
{
	struct actor act = { 0, "sign-in" };
	struct err e2 = { 0 };
	struct buf b;
	struct json j;

	buf_init(&b, a);
	json_init(&j, &b);
	json_obj_open(&j);
	json_kv_str(&j, "provider", p ? p->slug : "");
	json_kv_str(&j, "reason", e->detail[0] ? e->detail : (e->msgid ? e->msgid : ""));
	json_obj_close(&j);
	if (!db_begin(db, &e2))
		db_end(db, audit_append(db, a, act, "sign_in", p ? p->id : 0, 0, "refused", NULL, b.data, &e2), &e2);
	return rc;
}

/* The client secret named by @ref, or "" for a public client. NULL when it cannot be read. */
static const char *client_secret(struct arena *a, const char *ref)
{
	if (!ref || !*ref)
		return "";
	if (!strncmp(ref, "env:", 4)) {
		const char *v = getenv(ref + 4);
		return v && *v ? arena_strdup(a, v) : NULL;
	}
	if (!strncmp(ref, "file:", 5)) {
		char line[1024];
		FILE *f = fopen(ref + 5, "re");
		size_t n;
		if (!f)
			return NULL;
		n = fread(line, 1, sizeof(line) - 1, f);
		fclose(f);
		line[n] = '\0';
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		return n ? arena_strdup(a, line) : NULL;
	}
	return NULL;
}

/* Exchange @code for an ID token at the token endpoint. */
static int exchange(struct arena *a, const struct oidc_provider *p, const struct discovery *d, const char *public_url,
		    const char *code, const char *verifier, const char **id_token, struct err *e)
{
	const char *secret = client_secret(a, p->secret_ref);
	struct httpc_resp r = { 0 };
	json_error_t je;
	json_t *doc;
	int rc;

	if (!secret) {
		log_info("sign-in: provider %s: the client secret (%s) cannot be read", p->slug, p->secret_ref);
		err_detail(e, "client secret unreadable");
		return unreachable(e, p, "token");
	}
	{
		const char *kv[] = { "grant_type",
				     "authorization_code",
				     "code",
				     code,
				     "redirect_uri",
				     redirect_uri(a, public_url),
				     "client_id",
				     p->client_id,
				     "code_verifier",
				     verifier,
				     *secret ? "client_secret" : NULL,
				     secret,
				     NULL };
		rc = httpc_post_form(a, d->token_ep, kv, 0, &r, e);
	}
	if (rc)
		return unreachable(e, p, "token");
	doc = json_loadb(r.body, r.len, JSON_REJECT_DUPLICATES, &je);
	if (r.status != 200 || !json_is_object(doc) || !json_str_member(doc, "id_token")) {
		const char *why = json_is_object(doc) ? json_str_member(doc, "error") : NULL;
		err_set(e, ERR_UNAUTHORIZED, NULL,
			N_("The sign-in was refused: the provider did not accept the sign-in."));
		err_detail(e, "token endpoint: HTTP %ld %.60s", r.status, why ? why : "");
		json_decref(doc);
		return ERR_UNAUTHORIZED;
	}
	*id_token = arena_strdup(a, json_str_member(doc, "id_token"));
	json_decref(doc);
	return 0;
}

/* The ID token checked against the provider's keys, fetched again once for a key id they lack. */
static int verify(struct arena *a, const struct oidc_provider *p, const struct discovery *d, const char *jwt,
		  const struct oidc_expect *x, const char **claims, struct err *e)
{
	const char *jwks;
	bool fetched, unknown;
	int rc;

	if ((rc = jwks_get(a, p, d, NULL, &jwks, &fetched, e)))
		return rc;
	rc = oidc_verify_id_token(a, jwt, jwks, x, claims, &unknown, e);
	if (rc && unknown && !fetched) {
		struct err e2 = { 0 };
		/* Which key the token names, for the refetch limit. */
		const char *kid = "";
		cjose_err ce;
		cjose_jws_t *jws = cjose_jws_import(jwt, strlen(jwt), &ce);
		if (jws) {
			const char *k = cjose_header_get(cjose_jws_get_protected(jws), CJOSE_HDR_KID, &ce);
			kid = arena_strdup(a, k ? k : "");
			cjose_jws_release(jws);
		}
		if ((rc = jwks_get(a, p, d, kid, &jwks, &fetched, &e2))) {
			*e = e2;
			return rc;
		}
		memset(e, 0, sizeof(*e));
		rc = oidc_verify_id_token(a, jwt, jwks, x, claims, &unknown, e);
	}
	return rc;
}

struct person {
	const char *external_id, *name, *email;
	const char *
		*groups; /* the values of the provider's groups claim; NULL when it has none or the token lacks it */
	size_t n_groups;
};

/*
 * The person's groups from the value @v of the groups claim: an array of
 * strings (or one string), in @a; at most GROUPS_MAX, a value longer than
 * 200 bytes left out. No claim at all leaves who->groups NULL: nothing is
 * suggested or withdrawn (Entra ID, for one, leaves the claim out for a
 * person in very many groups).
 */
static void groups_of(struct arena *a, json_t *v, struct person *who)
{
	size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
	json_t *g;

	if (!json_is_array(v) && !json_is_string(v))
		return;
	who->groups = arena_calloc(a, n ? n : 1, sizeof(*who->groups));
	who->n_groups = 0;
	if (json_is_string(v)) {
		if (json_string_length(v) <= 200)
			who->groups[who->n_groups++] = arena_strdup(a, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, g)
	{
		if (who->n_groups < GROUPS_MAX && json_is_string(g) && json_string_length(g) <= 200)
			who->groups[who->n_groups++] = arena_strdup(a, json_string_value(g));
	}
}

static int create_person_in_tx(struct db *db, struct arena *a, const struct oidc_provider *p, const struct person *who,
			       int64_t *uid, const char **username, struct err *e)
{
	struct auth sys = AUTH_SYSTEM("sign-in");
	struct user_input in = { 0 };
	char now[TIME_ISO_LEN];
	int rc;

	in.username = user_name_from(a, who->external_id);
	in.display_name = who->name && *who->name ? who->name : who->external_id;
	in.email = who->email && strchr(who->email, '@') ? who->email : "";
	in.lang = "sv";
	in.active = true;
	time_now_iso(now);
	/* No password anyone knows: a random one, never shown. */
	if ((rc = user_create_in_tx(db, a, &sys, &in, auth_new_token(a, ""), uid, e)) ||
	    (rc = q_directory_set(db, a, *uid, who->external_id, 0, now, e)))
		return rc;
	*username = in.username;
	return 0;
}

struct finish_ctx {
	const struct auth_policy *pol;
	const struct oidc_provider *p;
	const struct person *who;
	const char *remote;
	const char *token;
	int64_t uid;
};

static int open_in_tx(struct db *db, struct arena *a, struct finish_ctx *c, struct err *e)
{
	struct directory_link l;
	const char *username = NULL;
	int64_t sid;
	int rc = q_directory_find(db, a, c->who->external_id, &l, e);

	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (rc == ERR_NOTFOUND) {
		if (!c->p->create_unknown) {
			err_set1(e, ERR_UNAUTHORIZED, NULL,
				 N_("You signed in at %s, but Tillit has no account for you. Ask an administrator to "
				    "give you one."),
				 c->p->name);
			return err_detail(e, "unknown person");
		}
		if ((rc = create_person_in_tx(db, a, c->p, c->who, &c->uid, &username, e))) {
			if (rc != ERR_EXISTS && rc != ERR_INVALID)
				return rc;
			err_set(e, ERR_UNAUTHORIZED, NULL,
				N_("Tillit could not make an account for you. Ask an administrator to give you one."));
			return err_detail(e, "account could not be made");
		}
	} else {
		if (!l.active) {
			err_set(e, ERR_UNAUTHORIZED, NULL, N_("Your account in Tillit is not active."));
			return err_detail(e, "inactive account");
		}
		c->uid = l.user_id;
		username = l.username;
	}
	/* Roles the person's groups suggest wait for an administrator: nothing is granted here. */
	if (c->who->groups &&
	    (rc = role_suggestion_note_in_tx(db, a, c->uid, c->p->id, c->who->groups, c->who->n_groups, e)))
		return rc;
	if ((rc = auth_session_open_in_tx(db, a, c->pol, c->uid, username, c->remote, c->p->slug, &c->token, &sid, e)))
		return rc;
	return q_oidc_session_insert(db, a, sid, c->p->id, e);
}

int oidc_finish(struct db *db, struct arena *a, const struct auth_policy *pol, const char *public_url,
		const struct oidc_callback *cb, const char **token_out, const char **next_out, struct err *e)
{
	struct oidc_provider p, *pp = NULL;
	struct oidc_flow f;
	struct discovery d;
	struct oidc_expect x;
	struct person who = { 0 };
	const char *jwt = NULL, *claims_text = NULL;
	json_t *claims = NULL;
	json_error_t je;
	time_t expires = 0;
	int rc;

	if (cb->error && *cb->error) {
		err_set(e, ERR_UNAUTHORIZED, NULL, N_("The identity provider did not sign you in. Please try again."));
		err_detail(e, "provider error %.60s", cb->error);
		return refused(db, a, NULL, ERR_UNAUTHORIZED, e);
	}
	if (!cb->state || !*cb->state || strlen(cb->state) > 128 || !cb->code || !*cb->code ||
	    strlen(cb->code) > 4096 || !same_secret(cb->state, cb->cookie_state)) {
		err_set(e, ERR_UNAUTHORIZED, NULL,
			N_("This sign-in did not start in this browser, or has already been used. Please start again."));
		err_detail(e, "state missing or not this browser's");
		return refused(db, a, NULL, ERR_UNAUTHORIZED, e);
	}
	/* Taken in its own transaction: a replayed state finds nothing, even if this sign-in fails later. */
	if ((rc = db_begin(db, e)))
		return rc;
	rc = q_oidc_flow_take(db, a, auth_token_hash(a, cb->state), &f, e);
	if ((rc = db_end(db, rc, e)) && rc != ERR_NOTFOUND)
		return rc;
	if (rc == ERR_NOTFOUND || !time_parse_iso(f.expires_at, &expires) || time_now() >= expires) {
		err_set(e, ERR_UNAUTHORIZED, NULL,
			N_("This sign-in did not start in this browser, or has already been used. Please start again."));
		err_detail(e, rc == ERR_NOTFOUND ? "unknown or used state" : "flow expired");
		return refused(db, a, NULL, ERR_UNAUTHORIZED, e);
	}
	if ((rc = q_oidc_provider_get(db, a, f.provider_id, &p, e)) || !p.enabled) {
		err_set(e, ERR_UNAUTHORIZED, NULL, N_("There is no such sign-in provider."));
		err_detail(e, "provider gone or off");
		return refused(db, a, NULL, ERR_UNAUTHORIZED, e);
	}
	pp = &p;
	if ((rc = discover(a, &p, &d, e)) || (rc = exchange(a, &p, &d, public_url, cb->code, f.verifier, &jwt, e)))
		return refused(db, a, pp, rc, e);
	x = (struct oidc_expect){ p.issuer, p.client_id, f.nonce, (int64_t)time_now() };
	if ((rc = verify(a, &p, &d, jwt, &x, &claims_text, e)))
		return refused(db, a, pp, rc, e);
	claims = json_loads(claims_text, 0, &je);
	who.external_id = claims ? json_str_member(claims, p.claim_id) : NULL;
	who.name = claims ? json_str_member(claims, p.claim_name) : NULL;
	who.email = claims ? json_str_member(claims, p.claim_email) : NULL;
	if (!who.external_id || !*who.external_id || strlen(who.external_id) > 200) {
		json_decref(claims);
		err_set1(e, ERR_UNAUTHORIZED, NULL,
			 N_("The sign-in was refused: the provider did not say who you are (the claim %s is missing)."),
			 p.claim_id);
		err_detail(e, "claim missing");
		return refused(db, a, pp, ERR_UNAUTHORIZED, e);
	}
	who.external_id = arena_strdup(a, who.external_id);
	who.name = who.name ? arena_strdup(a, who.name) : NULL;
	who.email = who.email ? arena_strdup(a, who.email) : NULL;
	if (p.claim_groups && *p.claim_groups)
		groups_of(a, json_object_get(claims, p.claim_groups), &who);
	json_decref(claims);
	{
		struct finish_ctx c = { pol, &p, &who, cb->remote, NULL, 0 };
		if ((rc = db_begin(db, e)))
			return rc;
		rc = db_end(db, open_in_tx(db, a, &c, e), e);
		if (rc == ERR_UNAUTHORIZED)
			return refused(db, a, pp, rc, e);
		if (rc)
			return rc;
		*token_out = c.token;
	}
	*next_out = f.next;
	return 0;
}

int oidc_end_session(struct db *db, struct arena *a, int64_t session_id, const char *public_url, const char **url_out,
		     const char **name_out, struct err *e)
{
	struct oidc_provider p;
	struct discovery d;
	struct err ignored = { 0 };
	int64_t pid;
	int rc;

	*url_out = NULL;
	*name_out = NULL;
	rc = q_oidc_session_provider(db, a, session_id, &pid, e);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc || (rc = q_oidc_provider_get(db, a, pid, &p, e)))
		return rc == ERR_NOTFOUND ? 0 : rc;
	*name_out = p.name;
	/* A provider that cannot be reached now just gets no link. */
	if (discover(a, &p, &d, &ignored) || !d.end_session_ep)
		return 0;
	*url_out = arena_printf(a, "%s%sclient_id=%s&post_logout_redirect_uri=%s", d.end_session_ep,
				strchr(d.end_session_ep, '?') ? "&" : "?", httpc_escape(a, p.client_id),
				httpc_escape(a, arena_printf(a, "%s/login", public_url ? public_url : "")));
	return 0;
}

int oidc_session_forget(struct db *db, struct arena *a, int64_t session_id, struct err *e)
{
	int rc = db_begin(db, e);
	return rc ? rc : db_end(db, q_oidc_session_delete(db, a, session_id, e), e);
}
