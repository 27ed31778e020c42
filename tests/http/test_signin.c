/*
 * test_signin.c - signing in through OpenID Connect, refused: every token a
 * real provider would never issue (forged or re-signed, alg none, HS256 with
 * the public key, another audience or issuer, expired, a wrong nonce, an
 * unknown key id), a replayed state, a provider that answers too late or
 * not at all, each with its message and audit entry, and the
 * installation-wide administrator's password when the provider is down.
 * The tokens come from the forger tests/harness/fakeidp.c, which also
 * issues a good one as the control of each case and to show key rotation;
 * the whole flow against a real provider is the browser test
 * t0400-sign-in.test.mjs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_signin.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/oidc.h"
#include "domain/totp.h"
#include "domain/user.h"
#include "fakeidp.h"
#include "fixtures.h"
#include "loopback.h"

#define PUBLIC_URL "https://tillit.test"

static struct lb_env env;
static struct fakeidp idp;
static int64_t anna, admin;
static const struct auth sys = AUTH_SYSTEM("test");

static void link_person(int64_t uid, const char *ext)
{
	struct err e = { 0 };
	if (q_directory_set(env.db, env.arena, uid, ext, 0, "2026-01-01T00:00:00Z", &e))
		fail_msg("q_directory_set: %s", e.detail);
}

static int64_t provider_ekdala, provider_open;

static int64_t add_provider(const char *slug, const char *issuer, bool create_unknown)
{
	int64_t id = 0;
	struct oidc_provider p = { 0 };
	struct err e = { 0 };
	p.slug = slug;
	p.name = "Ekdala AD";
	p.issuer = issuer;
	p.client_id = "tillit";
	p.secret_ref = "env:TEST_OIDC_SECRET";
	p.create_unknown = create_unknown;
	if (oidc_provider_add(env.db, env.arena, &sys, &p, &id, &e))
		fail_msg("oidc_provider_add: %s %s", e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	setenv("TEST_OIDC_SECRET", "s3cret", 1);
	lb_env_init(&env);
	env.app.cfg.public_url = PUBLIC_URL;
	fakeidp_start(&idp, "tillit", "s3cret");
	admin = lb_env_user(&env, "admin", "administrator", 0);
	anna = lb_env_user(&env, "anna", NULL, 0);
	link_person(anna, "anna.a");
	provider_ekdala = add_provider("ekdala", idp.issuer, false);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	fakeidp_stop(&idp);
	oidc_cache_clear();
	lb_env_release(&env);
	return 0;
}

static void reset_idp(void)
{
	idp.mode = FI_GOOD;
	idp.signing = FK_RSA1;
	idp.published = 1u << FK_RSA1 | 1u << FK_EC;
	idp.sub = "anna.a";
	idp.token_delay_ms = 0;
}

/* The callback address the provider sends the browser back to, after the browser went there from Tillit. */
static const char *to_provider_and_back(struct lb_client *c, int64_t provider)
{
	struct lb_resp r = lb_get(c, arena_printf(c->arena, "/login/oidc/%lld?next=/units", (long long)provider));
	char *loc;
	const char *back;

	if (r.status != 303)
		fail_msg("start: %d %s", r.status, r.body);
	assert_non_null(r.location);
	assert_true(!strncmp(r.location, idp.issuer, strlen(idp.issuer)));
	assert_non_null(strstr(r.location, "code_challenge_method=S256"));
	assert_true(c->oidc[0] != 0);
	loc = fakeidp_authorize(r.location);
	assert_non_null(loc);
	assert_true(!strncmp(loc, PUBLIC_URL "/login/oidc/callback?", strlen(PUBLIC_URL "/login/oidc/callback?")));
	back = arena_strdup(c->arena, loc + strlen(PUBLIC_URL));
	free(loc);
	return back;
}

static const char *last_reason;

static int64_t refusals(void)
{
	struct audit_filter f = { 0 };
	struct audit_entry *en;
	size_t n = 0;
	int64_t k = 0;
	struct err e = { 0 };

	f.entity = "sign_in";
	f.action = "refused";
	f.limit = 500;
	if (fx_audit_list(env.db, env.arena, &f, &en, &n, &k, &e))
		fail_msg("audit list");
	last_reason = n ? en[0].after : "";
	return k;
}

static void test_sign_in_and_out(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *back;

	reset_idp();
	lb_client_init(&c, &env);
	r = lb_get(&c, "/login");
	assert_true(
		lb_has(&r, arena_printf(c.arena, "href=\"/login/oidc/%lld?next=%%2F\"", (long long)provider_ekdala)));
	back = to_provider_and_back(&c, provider_ekdala);
	r = lb_get(&c, back);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "url=/units"));
	assert_true(c.cookie[0] != 0);
	assert_true(c.oidc[0] == 0); /* the state's cookie is gone */
	assert_string_equal(idp.last_error, "");
	r = lb_get(&c, "/account");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "anna"));

	/* Signing out offers the provider's end-session page. */
	r = lb_post(&c, "/logout", NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, arena_printf(c.arena, "href=\"%s/logout?client_id=tillit", idp.issuer)));
	r = lb_get(&c, "/account");
	assert_int_not_equal(r.status, 200);
}

/* One sign-in with the provider doing @mode: refused with 400, no session, an audit entry. */
static void refused_with(enum fakeidp_mode mode, const char *what, const char *reason)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before = refusals();

	reset_idp();
	idp.mode = mode;
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_ekdala));
	if (r.status != 400)
		fail_msg("%s: status %d", what, r.status);
	assert_true(c.cookie[0] == 0);
	assert_true(lb_has(&r, "role=\"alert\""));
	assert_int_equal(refusals(), before + 1);
	if (!strstr(last_reason, reason))
		fail_msg("%s: refused for %s", what, last_reason);
}

static void test_bad_tokens_refused(void **state)
{
	refused_with(FI_WRONG_ISSUER, "wrong issuer", "issuer");
	refused_with(FI_WRONG_AUDIENCE, "wrong audience", "audience");
	refused_with(FI_EXPIRED, "expired", "expired");
	refused_with(FI_BAD_SIGNATURE, "bad signature", "signature");
	refused_with(FI_ALG_NONE, "alg none", "alg");
	refused_with(FI_HS256, "HS256 keyed with the public key", "alg");
	refused_with(FI_WRONG_NONCE, "wrong nonce", "nonce");
	refused_with(FI_UNKNOWN_KID, "unknown key id", "unknown key");
}

static void test_replayed_state_and_other_browser(void **state)
{
	struct lb_client c, other;
	struct lb_resp r;
	const char *back;
	char saved[128];

	reset_idp();
	lb_client_init(&c, &env);
	back = to_provider_and_back(&c, provider_ekdala);
	snprintf(saved, sizeof(saved), "%s", c.oidc);

	/* Another browser with the same callback address: it has no state cookie. */
	lb_client_init(&other, &env);
	r = lb_get(&other, back);
	assert_int_equal(r.status, 400);
	assert_true(other.cookie[0] == 0);

	r = lb_get(&c, back);
	assert_int_equal(r.status, 200);
	/* The same state again, cookie and all: used already. */
	lb_client_release(&c);
	snprintf(c.oidc, sizeof(c.oidc), "%s", saved);
	r = lb_get(&c, back);
	assert_int_equal(r.status, 400);
	assert_true(c.cookie[0] == 0);
}

static void test_unknown_person(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct user u;
	struct err e = { 0 };

	reset_idp();
	idp.sub = "nobody.n";
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_ekdala));
	assert_int_equal(r.status, 400);
	assert_int_equal(user_get_by_username(env.db, env.arena, "nobody.n", &u, &e), ERR_NOTFOUND);

	/* A provider that lets unknown people in gives them an account without roles. */
	provider_open = add_provider("open", idp.issuer, true);
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_open));
	assert_int_equal(r.status, 200);
	assert_int_equal(user_get_by_username(env.db, env.arena, "nobody.n", &u, &e), 0);
	{
		struct role_grant *g;
		size_t n = 9;
		assert_int_equal(user_grants(env.db, env.arena, u.id, &g, &n, &e), 0);
		assert_int_equal(n, 0);
	}
	r = lb_get(&c, "/units");
	assert_int_equal(r.status, 403);
}

static void test_key_rotation_and_es256(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int fetches;

	reset_idp();
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_ekdala));
	assert_int_equal(r.status, 200);
	fetches = idp.jwks_fetches;

	/* The provider rotates: a new key signs, the old one is withdrawn. Tillit fetches the keys again. */
	idp.signing = FK_RSA2;
	idp.published = 1u << FK_RSA2;
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_ekdala));
	assert_int_equal(r.status, 200);
	assert_int_equal(idp.jwks_fetches, fetches + 1);

	/* ES256 with a P-256 key. */
	idp.signing = FK_EC;
	idp.published = 1u << FK_RSA2 | 1u << FK_EC;
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_ekdala));
	assert_int_equal(r.status, 200);
}

/* A provider that answers too late: a clear message after the time limit, no session, no hang. */
static void test_slow_provider(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	reset_idp();
	idp.token_delay_ms = 6000;
	lb_client_init(&c, &env);
	r = lb_get(&c, to_provider_and_back(&c, provider_ekdala));
	assert_int_equal(r.status, 502);
	assert_true(lb_has(&r, "role=\"alert\""));
	assert_true(c.cookie[0] == 0);
	idp.token_delay_ms = 0;
}

static void test_provider_down_admin_signs_in(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };

	reset_idp();
	/* Only administrators may use a password now: Anna is sent to the provider. */
	assert_int_equal(signin_set_local_login(env.db, env.arena, &sys, "admins", &e), 0);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 401);

	fakeidp_stop(&idp);
	oidc_cache_clear();
	lb_client_init(&c, &env);
	r = lb_get(&c, arena_printf(c.arena, "/login/oidc/%lld?next=/", (long long)provider_ekdala));
	assert_int_equal(r.status, 502);
	assert_true(lb_has(&r, "role=\"alert\""));
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	r = lb_get(&c, "/admin/sign-in");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, idp.issuer));

	/* The command line's reset: passwords for everyone, providers off. */
	{
		int64_t n = 0;
		assert_int_equal(oidc_reset(env.db, env.arena, &sys, &n, &e), 0);
		assert_true(n >= 1);
	}
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "anna", LB_PASSWORD), 303);
	r = lb_get(&c, arena_printf(c.arena, "/login/oidc/%lld", (long long)provider_ekdala));
	assert_int_equal(r.status, 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in_and_out),
		cmocka_unit_test(test_bad_tokens_refused),
		cmocka_unit_test(test_replayed_state_and_other_browser),
		cmocka_unit_test(test_unknown_person),
		cmocka_unit_test(test_key_rotation_and_es256),
		cmocka_unit_test(test_slow_provider),
		cmocka_unit_test(test_provider_down_admin_signs_in),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
