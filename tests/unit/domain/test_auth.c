/*
 * test_auth.c - sign-in, sessions, throttling, API tokens and the role table.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/q_auth.h"
#include "domain/audit.h"
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
	log_set_quiet(getenv("TEST_VERBOSE") == NULL); /* refused passwords are logged */
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

/*
 * The stored form as a server makes it: Argon2id at no less than 15 MiB, two
 * passes and one lane, a salt of its own for every hash, and the whole
 * password hashed, however long.
 */
static void test_password_hash_strength(void **state)
{
	struct t *t = *state;
	char long_a[201], long_b[201];
	unsigned long m = 0, passes = 0, lanes = 0;
	const char *h, *h2, *salt, *end;
	struct err e = { 0 };

	user_set_fast_hash(false);
	h = user_hash_password(t->a, "hemligt lösenord");
	h2 = user_hash_password(t->a, "hemligt lösenord");
	assert_non_null(h);
	assert_non_null(h2);
	assert_int_equal(sscanf(h, "$argon2id$v=19$m=%lu,t=%lu,p=%lu$", &m, &passes, &lanes), 3);
	assert_true(m >= 15 * 1024); /* KiB */
	assert_true(passes >= 2);
	assert_int_equal(lanes, 1);
	salt = strchr(strstr(h, "p="), '$') + 1;
	end = strchr(salt, '$');
	assert_non_null(end);
	assert_true((end - salt) * 6 >= 32); /* base64: at least 32 bits of salt */
	assert_string_not_equal(h, h2);      /* a salt of its own */
	/* Nothing is cut off: two long passwords that differ only in their last character. */
	memset(long_a, 'x', sizeof(long_a) - 1);
	long_a[sizeof(long_a) - 1] = '\0';
	memcpy(long_b, long_a, sizeof(long_b));
	long_b[sizeof(long_b) - 2] = 'y';
	h = user_hash_password(t->a, long_a);
	assert_true(user_check_password(h, long_a));
	assert_false(user_check_password(h, long_b));
	user_set_fast_hash(true);

	/* No rule on the kind of characters: spaces, any script, emoji; 64 characters and more are taken. */
	assert_int_equal(user_check_password_policy("bara små bokstäver här", &e), 0);
	assert_int_equal(
		user_check_password_policy(
			"\xf0\x9f\x94\x90 \xf0\x9f\x90\xb1 \xe3\x81\xad\xe3\x81\x93 \xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c",
			&e),
		0);
	assert_int_equal(user_check_password_policy(long_a + 136, &e), 0); /* 64 characters */
	assert_int_equal(user_check_password_policy(long_a, &e), 0);       /* 200 characters */
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
	/* Every sign-in makes a new session with a new token and CSRF token. */
	{
		struct auth again;
		const char *token2;
		assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &token2, &again, &e), 0);
		assert_string_not_equal(token2, token);
		assert_string_not_equal(again.csrf, a.csrf);
		assert_int_not_equal(again.session_id, a.session_id);
	}
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

/* Five failures for one account from one address slow down that pair only:
 * the right password still works at once from another address, and from the
 * first one after a wait the server names, which doubles with each failure. */
static void test_throttle_pair(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	setenv("TILLIT_NOW", "2030-03-01T08:00:00Z", 1);
	for (int i = 0; i < p.free_per_pair; i++)
		assert_int_equal(auth_login(t->db, t->a, &p, "anna", "fel", "10.0.1.1", &token, &a, &e),
				 ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.1.1", &token, &a, &e), ERR_THROTTLED);
	assert_string_equal(e.field, "username");
	assert_string_equal(e.arg, "1");
	assert_string_equal(e.msgid, "Too many failed attempts. Try again in 1 second.");
	/* Not a lockout of the account: a clean address signs in. */
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.2.2", &token, &a, &e), 0);
	/* Each further failure doubles the wait: 2, then 4 seconds. */
	setenv("TILLIT_NOW", "2030-03-01T08:00:01Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", "fel", "10.0.1.1", &token, &a, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.1.1", &token, &a, &e), ERR_THROTTLED);
	assert_string_equal(e.arg, "2");
	setenv("TILLIT_NOW", "2030-03-01T08:00:03Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", "fel", "10.0.1.1", &token, &a, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.1.1", &token, &a, &e), ERR_THROTTLED);
	assert_string_equal(e.arg, "4");
	assert_string_equal(e.msgid, "Too many failed attempts. Try again in %s seconds.");
	/* After the wait the right password works, and the pair starts afresh. */
	setenv("TILLIT_NOW", "2030-03-01T08:00:07Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.1.1", &token, &a, &e), 0);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", "fel", "10.0.1.1", &token, &a, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.1.1", &token, &a, &e), 0);
}

/* Failures for a named account from many addresses (anyone can send them)
 * do not keep its owner out. */
static void test_throttle_anonymous_failures(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	setenv("TILLIT_NOW", "2030-03-01T08:00:00Z", 1);
	for (int i = 0; i < 3 * p.free_per_pair; i++)
		assert_int_equal(
			auth_login(t->db, t->a, &p, "anna", "fel", arena_printf(t->a, "10.0.1.%d", i), &token, &a, &e),
			ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.9.9.9", &token, &a, &e), 0);
}

/* Many failures from one address (a municipal network behind NAT) delay
 * every account behind it a little, never lock them out, and leave other
 * addresses alone. */
static void test_throttle_address(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *token;

	setenv("TILLIT_NOW", "2030-03-01T08:00:00Z", 1);
	for (int i = 0; i < p.free_per_addr; i++)
		assert_int_equal(auth_login(t->db, t->a, &p, arena_printf(t->a, "guess%d", i), "fel", "10.6.6.6",
					    &token, &a, &e),
				 ERR_UNAUTHORIZED);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.6.6.6", &token, &a, &e), ERR_THROTTLED);
	assert_string_equal(e.arg, "1");
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.7.7.7", &token, &a, &e), 0);
	setenv("TILLIT_NOW", "2030-03-01T08:00:01Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.6.6.6", &token, &a, &e), 0);
	/* However long the guessing goes on, an address waits at most a minute. */
	for (int s = 2; s < 2000; s += 60) {
		setenv("TILLIT_NOW", arena_printf(t->a, "%d", 1898582400 + s), 1);
		if (auth_login(t->db, t->a, &p, arena_printf(t->a, "guess%d", s), "fel", "10.6.6.6", &token, &a, &e) ==
		    ERR_THROTTLED)
			assert_true(atoi(e.arg) <= p.max_delay_addr);
	}
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.6.6.6", &token, &a, &e), ERR_THROTTLED);
	assert_true(atoi(e.arg) >= 1 && atoi(e.arg) <= 60);
	/* A quiet window later everything is forgotten. */
	setenv("TILLIT_NOW", "2099-01-01T00:00:00Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.6.6.6", &token, &a, &e), 0);
}

/* Parallel attempts are counted one by one: with 8 threads guessing at once
 * exactly the free number of passwords is checked, never more, in each of
 * several rounds. The accounts' hash is made slower than the tests' usual
 * one, so that the checks overlap as they do with real parameters. */
#define N_GUESSERS 8
#define N_ROUNDS   5

static DB_QUERY(T_SET_HASH, "UPDATE users SET password_hash = $2 WHERE username = $1");

struct guesser {
	const char *url;
	const char *username;
	const char *remote;
	pthread_barrier_t *start;
	int rc;
};

static void *guess(void *arg)
{
	struct guesser *g = arg;
	struct auth_policy p = auth_policy_default();
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db *db = NULL;
	struct auth au;
	const char *token;

	g->rc = db_open(g->url, &db, &e);
	pthread_barrier_wait(g->start);
	if (!g->rc)
		g->rc = auth_login(db, a, &p, g->username, "fel", g->remote, &token, &au, &e);
	db_close(db);
	arena_free(a);
	return NULL;
}

static void test_throttle_concurrent(void **state)
{
	struct auth_policy p = auth_policy_default();
	struct guesser g[N_GUESSERS];
	pthread_t th[N_GUESSERS];
	pthread_barrier_t start;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db *db;
	char url[512], hash[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	assert_int_equal(crypto_pwhash_str_alg(hash, PW, strlen(PW), 3, 16u << 20, crypto_pwhash_ALG_ARGON2ID13), 0);
	setenv("TILLIT_NOW", "2030-03-01T08:00:00Z", 1);
	for (int round = 0; round < N_ROUNDS; round++) {
		const char *name = arena_printf(a, "gissad%d", round);
		struct user_input in = { name, "Gissad", "", "sv", true };
		int checked = 0, throttled = 0;

		assert_int_equal(user_create(db, a, act, &in, PW, NULL, &e), 0);
		assert_int_equal(db_run(db, a, &T_SET_HASH, DB_ARGS(DB_TEXT(name), DB_TEXT(hash)), NULL, &e), 0);
		pthread_barrier_init(&start, NULL, N_GUESSERS);
		for (int i = 0; i < N_GUESSERS; i++) {
			g[i] = (struct guesser){ url, name, arena_printf(a, "10.3.3.%d", round), &start, 0 };
			assert_int_equal(pthread_create(&th[i], NULL, guess, &g[i]), 0);
		}
		for (int i = 0; i < N_GUESSERS; i++) {
			pthread_join(th[i], NULL);
			checked += g[i].rc == ERR_UNAUTHORIZED;
			throttled += g[i].rc == ERR_THROTTLED;
		}
		pthread_barrier_destroy(&start);
		if (checked != p.free_per_pair || throttled != N_GUESSERS - p.free_per_pair)
			fail_msg("round %d: %d passwords checked and %d attempts throttled, expected %d and %d", round,
				 checked, throttled, p.free_per_pair, N_GUESSERS - p.free_per_pair);
	}
	fixture_db_close(db);
	arena_free(a);
}

/* The session of @token as stored. */
static struct credential stored_session(struct db *db, struct arena *a, const char *token)
{
	struct credential c;
	struct err e = { 0 };
	assert_int_equal(q_auth_session_find(db, a, auth_token_hash(a, token), &c, &e), 0);
	return c;
}

/*
 * Noting a request of a session never waits for another connection's
 * write transaction (a large import holding SQLite's write lock for
 * seconds): the request is answered, and the note is left for a later one.
 */
static void test_session_touch_never_waits(void **state)
{
	struct auth_policy p = auth_policy_default();
	struct user_input in = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db *db, *writer;
	struct auth au;
	const char *token;
	char url[512];

	(void)state;
	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	assert_int_equal(user_create(db, a, act, &in, PW, NULL, &e), 0);
	setenv("TILLIT_NOW", "2030-04-01T08:00:00Z", 1);
	assert_int_equal(auth_login(db, a, &p, "anna", PW, "10.0.0.1", &token, &au, &e), 0);
	assert_int_equal(db_open(url, &writer, &e), 0);
	assert_int_equal(db_begin(writer, &e), 0);
	setenv("TILLIT_NOW", "2030-04-01T09:00:00Z", 1); /* the note is due */
	assert_int_equal(auth_session(db, a, &p, token, &au, &e), 0);
	/* SQLite: left for later. PostgreSQL's writer holds no lock on the session's row, so it is noted. */
	assert_string_equal(stored_session(db, a, token).last_seen,
			    db_engine_of(db) == DB_SQLITE ? "2030-04-01T08:00:00Z" : "2030-04-01T09:00:00Z");
	db_rollback(writer);
	setenv("TILLIT_NOW", "2030-04-01T09:30:00Z", 1);
	assert_int_equal(auth_session(db, a, &p, token, &au, &e), 0);
	assert_string_equal(stored_session(db, a, token).last_seen, "2030-04-01T09:30:00Z");
	db_close(writer);
	fixture_db_close(db);
	arena_free(a);
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
	assert_int_equal(fx_user_update(t->db, t->a, act, t->uid, 1, &off, NULL, &e), 0);
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
	struct auth a, b;
	struct err e = { 0 };
	const char *t1, *t2;
	int n = -1;

	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &t1, &a, &e), 0);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.2", &t2, &a, &e), 0);
	assert_int_equal(
		auth_change_password(t->db, t->a, &p, &a, "10.0.0.2", "fel", "ett nytt långt lösenord", &n, &e),
		ERR_INVALID);
	assert_string_equal(e.field, "old_password");
	assert_int_equal(auth_change_password(t->db, t->a, &p, &a, "10.0.0.2", PW, "kort", &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(auth_change_password(t->db, t->a, &p, &a, "10.0.0.2", PW, PW, &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(auth_change_password(t->db, t->a, &p, &a, "10.0.0.2", PW, "ett nytt långt lösenord", &n, &e),
			 0);
	assert_int_equal(n, 0);
	/* The session that changed it stays; the other one ends. */
	assert_int_equal(auth_session(t->db, t->a, &p, t2, &b, &e), 0);
	assert_int_equal(auth_session(t->db, t->a, &p, t1, &b, &e), ERR_UNAUTHORIZED);
}

/* Guessing the current password is throttled as sign-in is, and on the same
 * (account, address) pair. */
static void test_password_change_throttled(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *tok;

	setenv("TILLIT_NOW", "2030-03-01T08:00:00Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.5", &tok, &a, &e), 0);
	for (int i = 0; i < p.free_per_pair; i++)
		assert_int_equal(auth_change_password(t->db, t->a, &p, &a, "10.0.0.5", "gissning",
						      "ett nytt långt lösenord", NULL, &e),
				 ERR_INVALID);
	assert_int_equal(auth_change_password(t->db, t->a, &p, &a, "10.0.0.5", PW, "ett nytt långt lösenord", NULL, &e),
			 ERR_THROTTLED);
	assert_string_equal(e.field, "old_password");
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.5", &tok, &a, &e), ERR_THROTTLED);
	setenv("TILLIT_NOW", "2030-03-01T08:00:01Z", 1);
	assert_int_equal(auth_change_password(t->db, t->a, &p, &a, "10.0.0.5", PW, "ett nytt långt lösenord", NULL, &e),
			 0);
}

/* A token dies with the password it was made under: a change of one's own
 * password, and an administrator's reset, revoke every token, each in the
 * audit trail. */
static void test_tokens_die_with_password(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a, b;
	struct err e = { 0 };
	const char *session, *k1, *k2, *k3;
	struct api_token *list;
	struct audit_filter f = { 0 };
	struct audit_entry *en;
	size_t n;
	int64_t total;
	int revoked = 0;

	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.1", &session, &a, &e), 0);
	assert_int_equal(token_create(t->db, t->a, act, t->uid, "ett", &k1, NULL, &e), 0);
	assert_int_equal(token_create(t->db, t->a, act, t->uid, "två", &k2, NULL, &e), 0);
	assert_int_equal(auth_token(t->db, t->a, k1, &b, &e), 0);
	assert_int_equal(
		auth_change_password(t->db, t->a, &p, &a, "10.0.0.1", PW, "ett nytt långt lösenord", &revoked, &e), 0);
	assert_int_equal(revoked, 2);
	assert_int_equal(auth_token(t->db, t->a, k1, &b, &e), ERR_UNAUTHORIZED);
	assert_int_equal(auth_token(t->db, t->a, k2, &b, &e), ERR_UNAUTHORIZED);
	assert_int_equal(token_list(t->db, t->a, t->uid, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_non_null(list[0].revoked_at);
	assert_non_null(list[1].revoked_at);
	f.entity = "api_token";
	f.action = "revoke_on_password";
	f.limit = 10;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 2);

	/* An administrator's reset (or the command line's) does the same. */
	assert_int_equal(token_create(t->db, t->a, act, t->uid, "tre", &k3, NULL, &e), 0);
	assert_int_equal(user_set_password(t->db, t->a, act, t->uid, "ett tredje långt lösenord", 0, &revoked, &e), 0);
	assert_int_equal(revoked, 1);
	assert_int_equal(auth_token(t->db, t->a, k3, &b, &e), ERR_UNAUTHORIZED);
	/* A revoked token cannot be brought back by renewing it. */
	assert_int_equal(token_renew(t->db, t->a, act, t->uid, list[0].id, 0, &e), ERR_INVALID);
}

/* Tokens expire (90 days unless chosen otherwise, at most 365) and can be renewed. */
static void test_token_expiry(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct auth b;
	struct api_token tok;
	const char *k;
	int64_t id;

	setenv("TILLIT_NOW", "2030-01-01T00:00:00Z", 1);
	assert_int_equal(token_create_days(t->db, t->a, act, t->uid, "kort", 0, &k, &id, &e), 0);
	assert_int_equal(token_get(t->db, t->a, id, &tok, &e), 0);
	assert_string_equal(tok.expires_at, "2030-04-01T00:00:00Z");
	assert_int_equal(token_create_days(t->db, t->a, act, t->uid, "x", 366, &k, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "days");
	assert_int_equal(token_create_days(t->db, t->a, act, t->uid, "x", -1, &k, NULL, &e), ERR_INVALID);
	assert_int_equal(token_create_days(t->db, t->a, act, t->uid, "en dag", 1, &k, &id, &e), 0);
	setenv("TILLIT_NOW", "2030-01-01T23:59:59Z", 1);
	assert_int_equal(auth_token(t->db, t->a, k, &b, &e), 0);
	setenv("TILLIT_NOW", "2030-01-02T00:00:00Z", 1);
	assert_int_equal(auth_token(t->db, t->a, k, &b, &e), ERR_UNAUTHORIZED);
	assert_string_equal(e.msgid, "The API token has expired. Renew it on your account page or create a new one.");
	assert_int_equal(token_get(t->db, t->a, id, &tok, &e), 0);
	assert_true(tok.expired);
	/* Renewing gives it another lifetime from today. */
	assert_int_equal(token_renew(t->db, t->a, act, t->uid, id, 30, &e), 0);
	assert_int_equal(auth_token(t->db, t->a, k, &b, &e), 0);
	assert_int_equal(token_get(t->db, t->a, id, &tok, &e), 0);
	assert_string_equal(tok.expires_at, "2030-02-01T00:00:00Z");
	assert_false(tok.expired);
	/* Only one's own. */
	assert_int_equal(token_renew(t->db, t->a, act, t->uid + 100, id, 0, &e), ERR_NOTFOUND);
}

/* A token made before tokens expired (no expires_at) expires 90 days after
 * it was made; revoking or renewing it stores the expiry it was shown with. */
static DB_QUERY(T_UNEXPIRE, "UPDATE api_tokens SET expires_at = NULL WHERE id = $1");
static DB_QUERY(T_EXPIRES, "SELECT expires_at FROM api_tokens WHERE id = $1");

static void test_token_from_before_expiry(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct auth b;
	struct api_token tok;
	struct db_rows rows;
	const char *k;
	int64_t id;

	setenv("TILLIT_NOW", "2030-01-01T00:00:00Z", 1);
	assert_int_equal(token_create_days(t->db, t->a, act, t->uid, "gammal", 7, &k, &id, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_UNEXPIRE, DB_ARGS(DB_INT(id)), NULL, &e), 0);
	assert_int_equal(token_get(t->db, t->a, id, &tok, &e), 0);
	assert_string_equal(tok.expires_at, "2030-04-01T00:00:00Z");
	setenv("TILLIT_NOW", "2030-03-31T23:59:59Z", 1);
	assert_int_equal(auth_token(t->db, t->a, k, &b, &e), 0);
	setenv("TILLIT_NOW", "2030-04-01T00:00:00Z", 1);
	assert_int_equal(auth_token(t->db, t->a, k, &b, &e), ERR_UNAUTHORIZED);
	assert_int_equal(token_revoke(t->db, t->a, act, t->uid, id, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_EXPIRES, DB_ARGS(DB_INT(id)), &rows, &e), 0);
	assert_string_equal(rows_text(&rows, 0, 0), "2030-04-01T00:00:00Z");
}

/* Making a token from a request asks for the password, which counts toward
 * the throttle; bad input is refused first and costs no attempt. */
static void test_token_needs_password(void **state)
{
	struct t *t = *state;
	struct auth_policy p = auth_policy_default();
	struct auth a;
	struct err e = { 0 };
	const char *session, *k = NULL;

	setenv("TILLIT_NOW", "2030-03-01T08:00:00Z", 1);
	assert_int_equal(auth_login(t->db, t->a, &p, "anna", PW, "10.0.0.8", &session, &a, &e), 0);
	assert_int_equal(auth_token_create(t->db, t->a, &p, &a, "10.0.0.8", NULL, "ci", 0, &k, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(auth_token_create(t->db, t->a, &p, &a, "10.0.0.8", PW, "", 0, &k, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	for (int i = 0; i < p.free_per_pair; i++) {
		assert_int_equal(auth_token_create(t->db, t->a, &p, &a, "10.0.0.8", "gissning", "ci", 0, &k, NULL, &e),
				 ERR_INVALID);
		assert_string_equal(e.field, "password");
	}
	assert_int_equal(auth_token_create(t->db, t->a, &p, &a, "10.0.0.8", PW, "ci", 0, &k, NULL, &e), ERR_THROTTLED);
	assert_null(k);
	setenv("TILLIT_NOW", "2030-03-01T08:00:01Z", 1);
	assert_int_equal(auth_token_create(t->db, t->a, &p, &a, "10.0.0.8", PW, "ci", 7, &k, NULL, &e), 0);
	assert_int_equal(auth_token(t->db, t->a, k, &a, &e), 0);
}

static void test_last_admin(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t g;
	assert_int_equal(grant_add(t->db, t->a, act, t->uid, 0, "administrator", &g, &e), 0);
	assert_int_equal(fx_grant_remove(t->db, t->a, act, g, &e), ERR_INVALID);
	assert_string_equal(e.field, "role");
	struct user_input off = { NULL, "Anna", "", "sv", false };
	assert_int_equal(fx_user_update(t->db, t->a, act, t->uid, 1, &off, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "active");
}

/* A role is granted on a unit only by an administrator there: the domain decides it in its transaction. */
static void test_grant_rights(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct unit_input org = { .kind = "organisation", .name = "Kommun" },
			  b = { .kind = "board", .name = "Nämnd B" }, c = { .kind = "board", .name = "Nämnd C" };
	int64_t org_id, b_id, c_id, boss, g;
	struct role_grant *have;
	size_t n;
	struct auth admin_b = { 0 };

	assert_int_equal(unit_create(t->db, t->a, act, &org, &org_id, &e), 0);
	b.parent_id = c.parent_id = org_id;
	assert_int_equal(unit_create(t->db, t->a, act, &b, &b_id, &e), 0);
	assert_int_equal(unit_create(t->db, t->a, act, &c, &c_id, &e), 0);
	struct user_input in = { "boss-b", "Chef B", "", "sv", true };
	assert_int_equal(user_create(t->db, t->a, act, &in, PW, &boss, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, boss, b_id, "administrator", NULL, &e), 0);
	admin_b.user_id = boss;
	admin_b.username = "boss-b";
	assert_int_equal(auth_load_grants(t->db, t->a, &admin_b, &e), 0);

	/* In B: granted, and the audit trail names the administrator. */
	assert_int_equal(grant_add(t->db, t->a, &admin_b, t->uid, b_id, "reader", &g, &e), 0);
	struct audit_filter f;
	struct audit_entry *en;
	size_t n_en;
	int64_t total;
	audit_filter_init(&f);
	f.entity = "role_assignment";
	f.entity_id = g;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n_en, &total, &e), 0);
	assert_int_equal(n_en, 1);
	assert_string_equal(en[0].actor_name, "boss-b");
	assert_non_null(strstr(en[0].after, "\"role\":\"reader\""));
	/* In C, or for the whole installation: refused, and nothing is granted. */
	assert_int_equal(grant_add(t->db, t->a, &admin_b, t->uid, c_id, "reader", NULL, &e), ERR_FORBIDDEN);
	assert_string_equal(e.field, "unit_id");
	assert_int_equal(grant_add(t->db, t->a, &admin_b, t->uid, 0, "reader", NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(user_grants(t->db, t->a, t->uid, &have, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(have[0].id, g);
	/* A user that does not exist is not found; a unit that does not exist names the field. */
	assert_int_equal(grant_add(t->db, t->a, act, t->uid + 1000, b_id, "reader", NULL, &e), ERR_NOTFOUND);
	assert_int_equal(grant_add(t->db, t->a, act, t->uid, c_id + 1000, "reader", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
	assert_int_equal(grant_add(t->db, t->a, act, t->uid, b_id, "reader", NULL, &e), ERR_EXISTS);
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
		cmocka_unit_test_setup_teardown(test_password_hash_strength, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_and_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_anonymous_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_lifetime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactive_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change_throttled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens_die_with_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_needs_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_from_before_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grant_rights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_touch_never_waits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
