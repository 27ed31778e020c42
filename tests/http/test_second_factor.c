/*
 * test_second_factor.c - two-factor sign-in for local accounts: setting up
 * a TOTP app from the account page, signing in with a code (one step of
 * drift either way, never the same code twice), with a recovery code
 * once, wrong codes under the sign-in throttle, and a role that requires a
 * second factor setting it up at its first sign-in. The clock is fixed
 * with TILLIT_NOW.
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
#include "domain/auth.h"
#include "domain/totp.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

#define T0 1796000000 /* a multiple of 30 plus 10: the middle of a step */

static struct lb_env env;
static const struct auth sys = AUTH_SYSTEM("test");

static void at(long long t)
{
	char v[32];
	snprintf(v, sizeof(v), "%lld", t);
	setenv("TILLIT_NOW", v, 1);
}

static int setup(void **state)
{
	at(T0);
	lb_env_init(&env);
	lb_env_user(&env, "admin", "administrator", 0);
	lb_env_user(&env, "bertil", "reader", 0);
	lb_env_user(&env, "cecilia", "reader", 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	unsetenv("TILLIT_NOW");
	lb_env_release(&env);
	return 0;
}

/* The text between @open and the next '<' in the page. */
static const char *between(struct lb_client *c, const struct lb_resp *r, const char *open)
{
	const char *p = r->body ? strstr(r->body, open) : NULL;
	const char *q;
	if (!p)
		return NULL;
	p += strlen(open);
	q = strchr(p, '<');
	return q ? arena_strndup(c->arena, p, (size_t)(q - p)) : NULL;
}

/* Set up a TOTP app for the signed-in @c: the secret (base32) and the recovery codes' page. */
static const char *enrol(struct lb_client *c, struct lb_resp *codes_page)
{
	struct lb_resp r = lb_post(c, "/account/two-factor/setup", NULL);
	const char *secret;

	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<svg class=\"qr\""));
	secret = between(c, &r, "<code class=\"totp-key\">");
	assert_non_null(secret);
	/* A wrong code first: nothing is turned on. */
	r = lb_post(c, "/account/two-factor/confirm", (const char *const[]){ "code", "000000", NULL });
	assert_int_equal(r.status, 400);
	r = lb_post(c, "/account/two-factor/setup", NULL);
	secret = between(c, &r, "<code class=\"totp-key\">");
	*codes_page = lb_post(c, "/account/two-factor/confirm",
			      (const char *const[]){ "code", totp_code_at(c->arena, secret, T0), NULL });
	assert_int_equal(codes_page->status, 200);
	assert_true(lb_has(codes_page, "class=\"recovery-codes\""));
	return secret;
}

/* Sign in with a password: must be sent to the code page. */
static void password_then_code_page(struct lb_client *c, const char *user)
{
	struct lb_resp r;
	assert_int_equal(lb_login(c, user, LB_PASSWORD), 303);
	assert_true(c->cookie[0] == 0);
	assert_true(c->tfa[0] != 0);
	r = lb_get(c, "/login/code");
	assert_int_equal(r.status, 200);
}

static int code(struct lb_client *c, const char *code)
{
	struct lb_resp r = lb_post(c, "/login/code", (const char *const[]){ "code", code, "pre", c->pre, NULL });
	if (r.status != 303)
		lb_get(c, "/login/code"); /* a fresh form, as a browser shows it */
	return r.status;
}

static void test_totp_sign_in(void **state)
{
	struct lb_client c;
	struct lb_resp page;
	const char *secret, *first;

	at(T0);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "bertil", LB_PASSWORD), 303);
	secret = enrol(&c, &page);
	first = between(&c, &page, "<li><code>");
	assert_non_null(first);
	lb_post(&c, "/logout", NULL);

	/* The code of the previous step is accepted (drift), then not the same step again. */
	at(T0 + 30);
	lb_client_init(&c, &env);
	password_then_code_page(&c, "bertil");
	assert_int_equal(code(&c, "12345"), 400);
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 - 30)), 400); /* two steps back */
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 + 30)), 303);
	assert_true(c.cookie[0] != 0);
	assert_int_equal(lb_get(&c, "/account").status, 200);

	lb_client_init(&c, &env);
	password_then_code_page(&c, "bertil");
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 + 30)), 400); /* used already */
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 + 60)), 303); /* the next step */

	/* The previous step's code, a step later (the phone's clock is behind). */
	at(T0 + 120);
	lb_client_init(&c, &env);
	password_then_code_page(&c, "bertil");
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 + 90)), 303);

	/* A recovery code works once. */
	at(T0 + 150);
	lb_client_init(&c, &env);
	password_then_code_page(&c, "bertil");
	assert_int_equal(code(&c, first), 303);
	lb_client_init(&c, &env);
	password_then_code_page(&c, "bertil");
	assert_int_equal(code(&c, first), 400);
}

static void test_wrong_codes_throttled(void **state)
{
	struct lb_client c;
	struct lb_resp page;
	const char *secret;
	int status = 0;

	at(T0 + 1000);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "cecilia", LB_PASSWORD), 303);
	at(T0);
	secret = enrol(&c, &page);
	at(T0 + 1000);
	lb_client_init(&c, &env);
	password_then_code_page(&c, "cecilia");
	for (int i = 0; i < 8 && status != 429; i++)
		status = code(&c, "999999");
	assert_int_equal(status, 429);
	/* While the wait lasts even the right code waits. */
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 + 1000)), 429);
}

static void test_required_by_role(void **state)
{
	const char *roles[] = { "administrator" };
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };
	const char *secret;

	at(T0 + 2000);
	assert_int_equal(totp_roles_set(env.db, env.arena, &sys, roles, 1, &e), 0);
	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "admin", LB_PASSWORD), 303);
	assert_true(c.cookie[0] == 0);
	r = lb_get(&c, "/login/enrol");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<svg class=\"qr\""));
	secret = between(&c, &r, "<code class=\"totp-key\">");
	r = lb_post(&c, "/login/enrol", (const char *const[]){ "code", "111111", "pre", c.pre, NULL });
	assert_int_equal(r.status, 400);
	r = lb_get(&c, "/login/enrol");
	secret = between(&c, &r, "<code class=\"totp-key\">");
	r = lb_post(&c, "/login/enrol",
		    (const char *const[]){ "code", totp_code_at(c.arena, secret, T0 + 2000), "pre", c.pre, NULL });
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "class=\"recovery-codes\""));
	assert_true(c.cookie[0] != 0);
	assert_int_equal(lb_get(&c, "/admin/sign-in").status, 200);

	/* Next time the code is asked for. */
	lb_client_init(&c, &env);
	password_then_code_page(&c, "admin");
	at(T0 + 2030);
	assert_int_equal(code(&c, totp_code_at(c.arena, secret, T0 + 2030)), 303);
	assert_int_equal(totp_roles_set(env.db, env.arena, &sys, NULL, 0, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totp_sign_in),
		cmocka_unit_test(test_wrong_codes_throttled),
		cmocka_unit_test(test_required_by_role),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
