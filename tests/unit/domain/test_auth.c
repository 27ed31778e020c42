/*
 * test_auth.c - sign-in, sessions, throttling, API tokens and the role table.
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
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;
#define PW "ett tillräckligt långt lösenord"

struct t {
	struct db *db;
	struct arena *a;
	int64_t uid;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input in = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	user_set_fast_hash(true);
	unsetenv("TILLIT_NOW");
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	assert_int_equal(user_create(t->db, t->a, act, &in, PW, &t->uid, &e), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	unsetenv("TILLIT_NOW");
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	return 0;
}

static void test_password_hash(void **state)
{
	struct t *t = *state;
	const char *h = user_hash_password(t->a, "hemligt lösenord");
	assert_non_null(h);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(user_check_password(h, "hemligt lösenord"));
	assert_false(user_check_password(h, "hemligt lösenorD"));
}

static void test_login_and_session(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a, b;
	struct err e = { 0 };
	const char *token;

	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &token, &a, &e), 0);
	assert_int_equal(a.user_id, t->uid);
	assert_true(strlen(token) >= 43);
	assert_non_null(a.csrf);
	assert_int_equal(auth_session(t->db, t->a, &p, token, &b, &e), 0);
	assert_int_equal(b.user_id, t->uid);
	/* The token is stored only as a hash: a different token does not work. */
	assert_int_equal(auth_session(t->db, t->a, &p, auth_token_hash(t->a, token), &b, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_logout(t->db, t->a, token, &e), 0);
	assert_int_equal(auth_session(t->db, t->a, &p, token, &b, &e), ERR_UNAUTHORIZED);
}

static void test_wrong_password(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	assert_int_equal(auth_login(t->db, t->a, &p, "anna", "fel lösenord!", "10.0.0.1", &token, &a, &e),
			 ERR_UNAUTHORIZED);
	/* The same answer for a user that does not exist. */
	struct err e2 = { 0 };
	assert_int_equal(auth_login(t->db, t->a, &p, "nobody", "fel lösenord!", "10.0.0.1", &token, &a, &e2),
			 ERR_UNAUTHORIZED);
	assert_string_equal(e.msgid, e2.msgid);
}

static void test_throttle_per_account(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	for (int i = 0; i < p.max_fail_per_user; i++)
		assert_int_equal(
			auth_login(t->db, t->a, &p, "anna", "fel", arena_printf(t->a, "10.0.1.%d", i), &token, &a, &e),
			ERR_UNAUTHORIZED);
	/* Now even the right password is refused, from any address. */
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.9.9.9", &token, &a, &e), ERR_THROTTLED);
	/* After the window it works again. */
	setenv("TILLIT_NOW", "2099-01-01T00:00:00Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.9.9.9", &token, &a, &e), 0);
}

static void test_throttle_per_address(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	for (int i = 0; i < p.max_fail_per_addr; i++)
		auth_login(t->db, t->a, &p, arena_printf(t->a, "guess%d", i), "fel", "10.6.6.6", &token, &a, &e);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.6.6.6", &token, &a, &e), ERR_THROTTLED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.7.7.7", &token, &a, &e), 0);
}

static void test_session_expiry(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	setenv("TILLIT_NOW", "2030-01-01T08:00:00Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &token, &a, &e), 0);
	setenv("TILLIT_NOW", "2030-01-01T09:59:00Z", 1); /* idle 1 h 59 min: still valid, and touched */
	assert_int_equal(auth_session(t->db, t->a, &p, token, &a, &e), 0);
	setenv("TILLIT_NOW", "2030-01-01T11:58:00Z", 1);
	assert_int_equal(auth_session(t->db, t->a, &p, token, &a, &e), 0);
	setenv("TILLIT_NOW", "2030-01-01T14:00:00Z", 1); /* idle over 2 h */
	assert_int_equal(auth_session(t->db, t->a, &p, token, &a, &e), ERR_UNAUTHORIZED);
}

static void test_session_lifetime(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;
	char now[32];

	setenv("TILLIT_NOW", "2030-02-01T06:00:00Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &token, &a, &e), 0);
	for (int h = 7; h <= 17; h++) { /* active every hour */
		snprintf(now, sizeof(now), "2030-02-01T%02d:00:00Z", h);
		setenv("TILLIT_NOW", now, 1);
		assert_int_equal(auth_session(t->db, t->a, &p, token, &a, &e), 0);
	}
	setenv("TILLIT_NOW", "2030-02-01T18:00:01Z", 1); /* 12 h after sign-in */
	assert_int_equal(auth_session(t->db, t->a, &p, token, &a, &e), ERR_UNAUTHORIZED);
}

static void test_inactive_user(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;
	struct user_input off = { NULL, "Anna Andersson", "anna@example.se", "sv", false };

	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &token, &a, &e), 0);
	assert_int_equal(user_update(t->db, t->a, act, t->uid, 1, &off, NULL, &e), 0);
	assert_int_equal(auth_session(t->db, t->a, &p, token, &a, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &token, &a, &e), ERR_UNAUTHORIZED);
}

static void test_tokens(void **state)
{
	struct t *t = *state;
	struct auth a;
	struct err e = { 0 };
	struct api_token *list;
	size_t n;
	const char *clear;
	int64_t id;

	assert_int_equal(token_create(t->db, t->a, act, t->uid, "integration", &clear, &id, &e), 0);
	assert_true(strncmp(clear, "tlt_", 4) == 0);
	assert_int_equal(auth_token(t->db, t->a, clear, &a, &e), 0);
	assert_int_equal(a.user_id, t->uid);
	assert_true(a.via_token);
	assert_int_equal(token_list(t->db, t->a, t->uid, &list, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].prefix, arena_strndup(t->a, clear, 10));
	/* Someone else cannot revoke it. */
	assert_int_equal(token_revoke(t->db, t->a, act, t->uid + 100, id, &e), ERR_NOTFOUND);
	assert_int_equal(token_revoke(t->db, t->a, act, t->uid, id, &e), 0);
	assert_int_equal(auth_token(t->db, t->a, clear, &a, &e), ERR_UNAUTHORIZED);
}

static void test_password_change(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *t1, *t2;

	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &t1, &a, &e), 0);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.2", &t2, &a, &e), 0);
	assert_int_equal(
		user_set_password(t->db, t->a, act, t->uid, "fel", "ett nytt långt lösenord", a.session_id, &e),
		ERR_INVALID);
	assert_string_equal(e.field, "old_password");
	assert_int_equal(user_set_password(t->db, t->a, act, t->uid, PW, "kort", a.session_id, &e), ERR_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(user_set_password(t->db, t->a, act, t->uid, PW, "ett nytt långt lösenord", a.session_id, &e),
			 0);
	/* The session that changed it stays; the other one ends. */
	assert_int_equal(auth_session(t->db, t->a, &p, t2, &a, &e), 0);
	assert_int_equal(auth_session(t->db, t->a, &p, t1, &a, &e), ERR_UNAUTHORIZED);
}

static void test_last_admin(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t g;
	assert_int_equal(grant_add(t->db, t->a, act, t->uid, 0, "administrator", &g, &e), 0);
	assert_int_equal(grant_remove(t->db, t->a, act, g, &e), ERR_INVALID);
	assert_string_equal(e.field, "role");
	struct user_input off = { NULL, "Anna", "", "sv", false };
	assert_int_equal(user_update(t->db, t->a, act, t->uid, 1, &off, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "active");
}

static void test_role_table(void **state)
{
	/* domain.md: readers read, coordinators edit, auditors read the trail, only administrators administer. */
	assert_true(authz_role_allows(ROLE_READER, ACCESS_READ));
	assert_false(authz_role_allows(ROLE_READER, ACCESS_EDIT));
	assert_true(authz_role_allows(ROLE_COORDINATOR, ACCESS_EDIT));
	assert_false(authz_role_allows(ROLE_COORDINATOR, ACCESS_ADMIN));
	assert_false(authz_role_allows(ROLE_COORDINATOR, ACCESS_AUDIT));
	assert_true(authz_role_allows(ROLE_AUDITOR, ACCESS_AUDIT));
	assert_false(authz_role_allows(ROLE_AUDITOR, ACCESS_EDIT));
	assert_false(authz_role_allows(ROLE_DPO, ACCESS_EDIT));
	assert_true(authz_role_allows(ROLE_ADMIN, ACCESS_ADMIN));
	assert_false(authz_role_allows(ROLE_NONE, ACCESS_READ));
	assert_false(authz_role_allows(ROLE_ADMIN, ACCESS_UNSET));

	struct grant g = { 1, ROLE_COORDINATOR, 4, "/1/4/", "Nämnd" };
	struct auth a = { .user_id = 1, .grants = &g, .n_grants = 1 };
	assert_true(authz_in_scope(&a, ACCESS_EDIT, "/1/4/"));
	assert_true(authz_in_scope(&a, ACCESS_EDIT, "/1/4/9/"));
	assert_false(authz_in_scope(&a, ACCESS_EDIT, "/1/"));
	assert_false(authz_in_scope(&a, ACCESS_EDIT, "/1/44/")); /* a sibling whose id starts alike */
	assert_false(authz_global(&a, ACCESS_READ));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_password_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_and_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_per_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_per_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_lifetime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactive_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_table, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
