/*
 * fakeidp.c - the token forger for the negative sign-in cases (see fakeidp.h).
 */
#include "fakeidp.h"

#include <arpa/inet.h>
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/timeutil.h"

struct priv {
	struct MHD_Daemon *d;
	cjose_jwk_t *keys[3];
	const char *kids[3];
	pthread_mutex_t lock;
	/* the last authorization request */
	char code[64], nonce[128], challenge[128], redirect_uri[512];
};

struct post {
	struct MHD_PostProcessor *pp;
	char grant_type[64], code[64], verifier[256], client_id[128], client_secret[128], redirect_uri[512];
};

static enum MHD_Result answer(struct MHD_Connection *c, int status, const char *type, const char *body,
			      const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", type);
	if (location)
		MHD_add_response_header(r, "Location", location);
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer_json(struct MHD_Connection *c, int status, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	enum MHD_Result ret = answer(c, status, "application/json", text, NULL);
	free(text);
	json_decref(j);
	return ret;
}

static char *b64url(const void *data, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(n);
	sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static json_t *public_jwk(const struct priv *pv, int k)
{
	cjose_err ce;
	char *text = cjose_jwk_to_json(pv->keys[k], false, &ce);
	json_t *j = json_loads(text, 0, NULL);
	free(text);
	return j;
}

static char *sign(struct fakeidp *p, json_t *claims)
{
	struct priv *pv = p->priv;
	char *payload = json_dumps(claims, JSON_COMPACT);
	cjose_header_t *hdr;
	json_decref(claims);
	cjose_jws_t *jws;
	cjose_jwk_t *key;
	const char *ser = NULL, *alg, *kid;
	cjose_err ce;
	char *out;

	if (p->mode == FI_ALG_NONE) {
		const char *h = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
		char *hb = b64url(h, strlen(h)), *pb = b64url(payload, strlen(payload));
		out = malloc(strlen(hb) + strlen(pb) + 3);
		sprintf(out, "%s.%s.", hb, pb);
		free(hb);
		free(pb);
		free(payload);
		return out;
	}
	key = pv->keys[p->signing];
	alg = p->signing == FK_EC ? CJOSE_HDR_ALG_ES256 : CJOSE_HDR_ALG_RS256;
	kid = pv->kids[p->signing];
	if (p->mode == FI_BAD_SIGNATURE) {
		key = pv->keys[p->signing == FK_RSA1 ? FK_RSA2 : FK_RSA1];
		alg = CJOSE_HDR_ALG_RS256;
	} else if (p->mode == FI_UNKNOWN_KID) {
		key = pv->keys[FK_RSA2];
		alg = CJOSE_HDR_ALG_RS256;
		kid = "nobody-knows-this-key";
	} else if (p->mode == FI_HS256) {
		/* The classic confusion: HMAC keyed with what the verifier holds as the public key. */
		json_t *pub = public_jwk(pv, FK_RSA1);
		const char *n = json_string_value(json_object_get(pub, "n"));
		key = cjose_jwk_create_oct_spec((const uint8_t *)n, strlen(n), &ce);
		json_decref(pub);
		alg = CJOSE_HDR_ALG_HS256;
		kid = pv->kids[FK_RSA1];
	}
	hdr = cjose_header_new(&ce);
	cjose_header_set(hdr, CJOSE_HDR_ALG, alg, &ce);
	cjose_header_set(hdr, CJOSE_HDR_KID, kid, &ce);
	jws = cjose_jws_sign(key, hdr, (const uint8_t *)payload, strlen(payload), &ce);
	if (!jws || !cjose_jws_export(jws, &ser, &ce))
		fail_msg("fakeidp: signing failed: %s", ce.message);
	out = strdup(ser);
	cjose_jws_release(jws);
	cjose_header_release(hdr);
	if (p->mode == FI_HS256)
		cjose_jwk_release(key);
	free(payload);
	return out;
}

static json_t *claims_for(struct fakeidp *p)
{
	struct priv *pv = p->priv;
	int64_t now = (int64_t)time_now();
	json_t *c = json_object();

	json_object_set_new(c, "iss", json_string(p->mode == FI_WRONG_ISSUER ? "https://evil.example" : p->issuer));
	json_object_set_new(c, "aud", json_string(p->mode == FI_WRONG_AUDIENCE ? "another-app" : p->client_id));
	json_object_set_new(c, "sub", json_string(p->sub));
	json_object_set_new(c, "preferred_username", json_string(p->sub));
	json_object_set_new(c, "name", json_string("Anna Andersson"));
	json_object_set_new(c, "email", json_string("anna@ekdala.se"));
	json_object_set_new(c, "nonce", json_string(p->mode == FI_WRONG_NONCE ? "not-the-nonce" : pv->nonce));
	json_object_set_new(c, "iat", json_integer(p->mode == FI_EXPIRED ? now - 7200 : now));
	json_object_set_new(c, "exp", json_integer(p->mode == FI_EXPIRED ? now - 3600 : now + 300));
	return c;
}

static enum MHD_Result on_post(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			       const char *content_type, const char *encoding, const char *data, uint64_t off,
			       size_t size)
{
	struct post *po = cls;
	struct {
		const char *name;
		char *dst;
		size_t cap;
	} f[] = {
		{ "grant_type", po->grant_type, sizeof(po->grant_type) },
		{ "code", po->code, sizeof(po->code) },
		{ "code_verifier", po->verifier, sizeof(po->verifier) },
		{ "client_id", po->client_id, sizeof(po->client_id) },
		{ "client_secret", po->client_secret, sizeof(po->client_secret) },
		{ "redirect_uri", po->redirect_uri, sizeof(po->redirect_uri) },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (strcmp(key, f[i].name) != 0)
			continue;
		if (off + size < f[i].cap) {
			memcpy(f[i].dst + off, data, size);
			f[i].dst[off + size] = 0;
		}
	}
	return MHD_YES;
}

static enum MHD_Result token(struct fakeidp *p, struct MHD_Connection *c, struct post *po)
{
	struct priv *pv = p->priv;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *challenge, *jwt;
	const char *why = NULL;
	json_t *out;

	if (p->token_delay_ms > 0)
		usleep((useconds_t)p->token_delay_ms * 1000);
	crypto_hash_sha256(h, (const unsigned char *)po->verifier, strlen(po->verifier));
	challenge = b64url(h, sizeof(h));
	pthread_mutex_lock(&pv->lock);
	if (strcmp(po->grant_type, "authorization_code") != 0)
		why = "grant_type";
	else if (!pv->code[0] || strcmp(po->code, pv->code) != 0)
		why = "code";
	else if (strcmp(challenge, pv->challenge) != 0)
		why = "code_verifier";
	else if (strcmp(po->client_id, p->client_id) != 0 || strcmp(po->client_secret, p->client_secret) != 0)
		why = "client";
	else if (strcmp(po->redirect_uri, pv->redirect_uri) != 0)
		why = "redirect_uri";
	free(challenge);
	snprintf(p->last_error, sizeof(p->last_error), "%s", why ? why : "");
	if (why) {
		pthread_mutex_unlock(&pv->lock);
		out = json_object();
		json_object_set_new(out, "error", json_string("invalid_grant"));
		return answer_json(c, 400, out);
	}
	pv->code[0] = 0; /* a code is good once */
	jwt = sign(p, claims_for(p));
	p->token_requests++;
	pthread_mutex_unlock(&pv->lock);
	out = json_object();
	json_object_set_new(out, "access_token", json_string("fake-access-token"));
	json_object_set_new(out, "token_type", json_string("Bearer"));
	json_object_set_new(out, "id_token", json_string(jwt));
	free(jwt);
	return answer_json(c, 200, out);
}

static enum MHD_Result authorize(struct fakeidp *p, struct MHD_Connection *c)
{
	struct priv *pv = p->priv;
	const char *v[6];
	const char *names[] = {
		"client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method"
	};
	unsigned char raw[16];
	char *loc, *code;
	enum MHD_Result ret;

	for (int i = 0; i < 6; i++)
		v[i] = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, names[i]);
	for (int i = 0; i < 6; i++)
		if (!v[i])
			return answer(c, 400, "text/plain", names[i], NULL);
	if (strcmp(v[0], p->client_id) != 0 || strcmp(v[5], "S256") != 0)
		return answer(c, 400, "text/plain", "client or method", NULL);
	randombytes_buf(raw, sizeof(raw));
	code = b64url(raw, sizeof(raw));
	pthread_mutex_lock(&pv->lock);
	snprintf(pv->code, sizeof(pv->code), "%s", code);
	snprintf(pv->nonce, sizeof(pv->nonce), "%s", v[3]);
	snprintf(pv->challenge, sizeof(pv->challenge), "%s", v[4]);
	snprintf(pv->redirect_uri, sizeof(pv->redirect_uri), "%s", v[1]);
	pthread_mutex_unlock(&pv->lock);
	loc = malloc(strlen(v[1]) + strlen(code) + strlen(v[2]) * 3 + 32);
	{
		char *st = curl_easy_escape(NULL, v[2], 0);
		sprintf(loc, "%s?code=%s&state=%s", v[1], code, st);
		curl_free(st);
	}
	ret = answer(c, 302, "text/plain", "", loc);
	free(loc);
	free(code);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct fakeidp *p = cls;
	struct priv *pv = p->priv;

	if (!strcmp(method, "POST") && !strcmp(url, "/token")) {
		struct post *po = *con_cls;
		if (!po) {
			po = calloc(1, sizeof(*po));
			po->pp = MHD_create_post_processor(c, 4096, on_post, po);
			*con_cls = po;
			return MHD_YES;
		}
		if (*upload_size) {
			MHD_post_process(po->pp, upload, *upload_size);
			*upload_size = 0;
			return MHD_YES;
		}
		{
			enum MHD_Result r = token(p, c, po);
			MHD_destroy_post_processor(po->pp);
			free(po);
			*con_cls = NULL;
			return r;
		}
	}
	if (strcmp(method, "GET") != 0)
		return answer(c, 405, "text/plain", "", NULL);
	if (!strcmp(url, "/.well-known/openid-configuration")) {
		json_t *d = json_object();
		char buf[160];
		json_object_set_new(d, "issuer", json_string(p->issuer));
#define EP(name, path)                                       \
	snprintf(buf, sizeof(buf), "%s%s", p->issuer, path); \
	json_object_set_new(d, name, json_string(buf))
		EP("authorization_endpoint", "/authorize");
		EP("token_endpoint", "/token");
		EP("jwks_uri", "/jwks");
		EP("end_session_endpoint", "/logout");
#undef EP
		return answer_json(c, 200, d);
	}
	if (!strcmp(url, "/jwks")) {
		json_t *keys = json_array(), *set = json_object();
		pthread_mutex_lock(&pv->lock);
		p->jwks_fetches++;
		for (int k = 0; k < 3; k++)
			if (p->published & (1u << k))
				json_array_append_new(keys, public_jwk(pv, k));
		pthread_mutex_unlock(&pv->lock);
		json_object_set_new(set, "keys", keys);
		return answer_json(c, 200, set);
	}
	if (!strcmp(url, "/authorize"))
		return authorize(p, c);
	if (!strcmp(url, "/logout"))
		return answer(c, 200, "text/html", "<p>signed out</p>", NULL);
	return answer(c, 404, "text/plain", "", NULL);
}

void fakeidp_start(struct fakeidp *p, const char *client_id, const char *client_secret)
{
	static const uint8_t e65537[] = { 0x01, 0x00, 0x01 };
	static const char *const kids[3] = { "rsa-1", "rsa-2", "ec-1" };
	struct priv *pv = calloc(1, sizeof(*pv));
	const union MHD_DaemonInfo *info;
	struct sockaddr_in sa = { 0 };
	cjose_err ce;

	memset(p, 0, sizeof(*p));
	p->priv = pv;
	p->client_id = client_id;
	p->client_secret = client_secret;
	p->signing = FK_RSA1;
	p->published = 1u << FK_RSA1 | 1u << FK_EC;
	p->sub = "anna.a";
	pthread_mutex_init(&pv->lock, NULL);
	pv->keys[FK_RSA1] = cjose_jwk_create_RSA_random(2048, e65537, sizeof(e65537), &ce);
	pv->keys[FK_RSA2] = cjose_jwk_create_RSA_random(2048, e65537, sizeof(e65537), &ce);
	pv->keys[FK_EC] = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &ce);
	for (int k = 0; k < 3; k++) {
		if (!pv->keys[k])
			fail_msg("fakeidp: key %d: %s", k, ce.message);
		cjose_jwk_set_kid(pv->keys[k], kids[k], strlen(kids[k]), &ce);
		pv->kids[k] = kids[k];
	}
	sa.sin_family = AF_INET;
	sa.sin_port = 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	pv->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, handler, p,
				 MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)5, MHD_OPTION_END);
	if (!pv->d)
		fail_msg("fakeidp: the daemon did not start");
	info = MHD_get_daemon_info(pv->d, MHD_DAEMON_INFO_BIND_PORT);
	p->port = info ? info->port : 0;
	snprintf(p->issuer, sizeof(p->issuer), "http://127.0.0.1:%d", p->port);
}

void fakeidp_stop(struct fakeidp *p)
{
	struct priv *pv = p->priv;
	if (pv && pv->d) {
		MHD_stop_daemon(pv->d);
		pv->d = NULL;
	}
}

char *fakeidp_authorize(const char *authorize_url)
{
	CURL *c = curl_easy_init();
	char *loc = NULL, *out = NULL;
	long status = 0;

	curl_easy_setopt(c, CURLOPT_URL, authorize_url);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, NULL);
	if (curl_easy_perform(c) == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (status == 302 && curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
			out = strdup(loc);
	}
	curl_easy_cleanup(c);
	return out;
}
