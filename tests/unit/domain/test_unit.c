/*
 * test_unit.c - the organisation tree's rules, against a real database
 * (SQLite in memory, or PostgreSQL with TEST_DB_URL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	return 0;
}

static int64_t mk(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	int rc = unit_create(t->db, t->a, act, &in, &id, &e);
	if (rc)
		fail_msg("unit_create(%s): %d %s %s", name, rc, e.msgid ? e.msgid : "", e.detail);
	return id;
}

static void test_create_paths(void **state)
{
	struct t *t = *state;
	struct unit u;
	struct err e = { 0 };
	int64_t org = mk(t, 0, "organisation", "Ekdala kommun");
	int64_t ks = mk(t, org, "board", "Kommunstyrelsen");
	int64_t it = mk(t, ks, "unit", "IT-enheten");

	assert_int_equal(unit_get(t->db, t->a, it, &u, &e), 0);
	assert_string_equal(u.path,
			    arena_printf(t->a, "/%lld/%lld/%lld/", (long long)org, (long long)ks, (long long)it));
	assert_int_equal(u.parent_id, ks);
	assert_string_equal(u.parent_name, "Kommunstyrelsen");
	assert_int_equal(u.version, 1);
}

static void test_create_rules(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t id, org = mk(t, 0, "organisation", "Kommun R");
	struct unit_input no_parent = { 0, "board", "Nämnd", "", "", "" };
	struct unit_input org_below = { org, "organisation", "Inne", "", "", "" };
	struct unit_input blank = { org, "board", "   ", "", "", "" };
	struct unit_input bad_kind = { org, "department", "X", "", "", "" };
	struct unit_input missing_parent = { 999999, "board", "X", "", "", "" };
	struct unit_input dup = { org, "board", "Socialnämnden", "", "", "" };
	struct unit_input dup_case = { org, "board", "SOCIALNÄMNDEN", "", "", "" };

	assert_int_equal(unit_create(t->db, t->a, act, &no_parent, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "parent_id");
	assert_int_equal(unit_create(t->db, t->a, act, &org_below, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	assert_int_equal(unit_create(t->db, t->a, act, &blank, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(unit_create(t->db, t->a, act, &bad_kind, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	assert_int_equal(unit_create(t->db, t->a, act, &missing_parent, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "parent_id");
	assert_int_equal(unit_create(t->db, t->a, act, &dup, &id, &e), 0);
	err_clear(&e);
	/* Upper-case ASCII is folded; the duplicate is refused and nothing is saved. */
	struct unit_input dup2 = { org, "board", "socialnämnden", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &dup2, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	(void)dup_case;
}

static void test_update_conflict(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct unit cur, u;
	int64_t org = mk(t, 0, "organisation", "Kommun C");
	int64_t b = mk(t, org, "board", "Nämnd C");
	struct unit_input first = { 0, "board", "Nämnd C (ny)", "NC", "NC", "Anna" };
	struct unit_input second = { 0, "board", "Nämnd C (annan)", "", "", "" };

	/* Two people opened version 1; the first saves, the second is refused and sees the first's change. */
	assert_int_equal(fx_unit_update(t->db, t->a, act, b, 1, &first, NULL, &e), 0);
	assert_int_equal(fx_unit_update(t->db, t->a, act, b, 1, &second, &cur, &e), ERR_CONFLICT);
	assert_string_equal(cur.name, "Nämnd C (ny)");
	assert_int_equal(cur.version, 2);
	assert_int_equal(unit_get(t->db, t->a, b, &u, &e), 0);
	assert_string_equal(u.name, "Nämnd C (ny)");
	assert_string_equal(u.contact, "Anna");
	/* Saving with the current version works. */
	err_clear(&e);
	assert_int_equal(fx_unit_update(t->db, t->a, act, b, 2, &second, NULL, &e), 0);
	assert_int_equal(unit_get(t->db, t->a, b, &u, &e), 0);
	assert_int_equal(u.version, 3);
}

static void test_move(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct unit u, kid;
	struct unit_move *moves;
	size_t n;
	int64_t org = mk(t, 0, "organisation", "Kommun M");
	int64_t b1 = mk(t, org, "board", "Nämnd 1");
	int64_t b2 = mk(t, org, "board", "Nämnd 2");
	int64_t adm = mk(t, b1, "administration", "Förvaltning");
	int64_t leaf = mk(t, adm, "unit", "Enhet");

	/* Into its own subtree: refused. */
	assert_int_equal(fx_unit_move(t->db, t->a, act, adm, 1, leaf, "", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "parent_id");
	err_clear(&e);
	/* An organisation cannot move. */
	assert_int_equal(fx_unit_move(t->db, t->a, act, org, 1, b1, "", NULL, &e), ERR_INVALID);
	err_clear(&e);
	/* A real move takes the subtree along and is recorded with its reason. */
	assert_int_equal(
		fx_unit_move(t->db, t->a, act, adm, 1, b2, "Ansvaret har flyttats till servicenämnden", NULL, &e), 0);
	assert_int_equal(unit_get(t->db, t->a, leaf, &kid, &e), 0);
	assert_string_equal(kid.path, arena_printf(t->a, "/%lld/%lld/%lld/%lld/", (long long)org, (long long)b2,
						   (long long)adm, (long long)leaf));
	assert_int_equal(kid.version, 1); /* descendants' own data did not change */
	assert_int_equal(unit_get(t->db, t->a, adm, &u, &e), 0);
	assert_int_equal(u.parent_id, b2);
	assert_int_equal(unit_moves(t->db, t->a, adm, &moves, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(moves[0].from_id, b1);
	assert_int_equal(moves[0].to_id, b2);
	assert_string_equal(moves[0].reason, "Ansvaret har flyttats till servicenämnden");
	/* A stale move is refused. */
	assert_int_equal(fx_unit_move(t->db, t->a, act, adm, 1, b1, "", &u, &e), ERR_CONFLICT);
	assert_int_equal(u.version, 2);
}

static void test_list_scope(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct unit *list;
	size_t n;
	int64_t total, uid;
	int64_t org = mk(t, 0, "organisation", "Kommun S");
	int64_t b1 = mk(t, org, "board", "Synlig nämnd");
	mk(t, b1, "unit", "Synlig enhet");
	mk(t, org, "board", "Dold nämnd");
	struct user_input ui = { "scope-reader", "Läsare", "", "sv", true };
	struct unit_filter f = { 0 };

	assert_int_equal(user_create(t->db, t->a, act, &ui, "a long enough password", &uid, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, uid, b1, "reader", NULL, &e), 0);
	f.viewer_id = uid;
	assert_int_equal(unit_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_string_equal(list[0].name, "Synlig nämnd");
	assert_string_equal(list[1].name, "Synlig enhet");
	f.q = "enhet";
	assert_int_equal(unit_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	/* Swedish letters fold in searches and in the duplicate check, on both engines. */
	struct unit_input aldre = { b1, "unit", "Äldreomsorgen", "", "", "" };
	struct unit_input aldre2 = { b1, "unit", "ÄLDREOMSORGEN", "", "", "" };
	int64_t aid;
	assert_int_equal(unit_create(t->db, t->a, act, &aldre, &aid, &e), 0);
	assert_int_equal(unit_create(t->db, t->a, act, &aldre2, &aid, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	err_clear(&e);
	f.q = "äldre";
	assert_int_equal(unit_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	f.q = "ÄLDRE";
	assert_int_equal(unit_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "Äldreomsorgen");
	/* LIKE wildcards in a search are taken literally. */
	f.q = "%";
	assert_int_equal(unit_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 0);
}

static void test_audited(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct audit_filter f = { 0 };
	struct audit_entry *en;
	size_t n;
	int64_t total, checked, bad;
	int64_t org = mk(t, 0, "organisation", "Kommun A");
	struct unit_input ren = { 0, "organisation", "Kommun A2", "", "", "" };

	assert_int_equal(fx_unit_update(t->db, t->a, act, org, 1, &ren, NULL, &e), 0);
	f.entity = "unit";
	f.entity_id = org;
	f.limit = 10;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(en[0].action, "update");
	assert_non_null(strstr(en[0].before, "\"Kommun A\""));
	assert_non_null(strstr(en[0].after, "\"Kommun A2\""));
	assert_string_equal(en[1].action, "create");
	assert_null(en[1].before);
	assert_int_equal(audit_verify(t->db, t->a, &checked, &bad, &e), 0);
	assert_true(checked >= 2);
}

/* The unit @f lists must be exactly @want (ids, in tree order), and stay so run after run. */
static void expect_units(struct t *t, const struct unit_filter *f, const int64_t *want, size_t n_want, const char *what)
{
	/* More than five runs: on PostgreSQL the sixth run of a prepared statement may use a generic plan. */
	for (int run = 0; run < 7; run++) {
		struct unit *list;
		size_t n;
		int64_t total;
		struct err e = { 0 };

		assert_int_equal(unit_list(t->db, t->a, f, &list, &n, &total, &e), 0);
		if (n != n_want || total != (int64_t)n_want)
			fail_msg("%s, run %d: %zu units (total %lld), expected %zu", what, run, n, (long long)total,
				 n_want);
		for (size_t i = 0; i < n; i++)
			if (list[i].id != want[i])
				fail_msg("%s, run %d: unit %zu is %lld, expected %lld", what, run, i,
					 (long long)list[i].id, (long long)want[i]);
	}
}

static int64_t mk_user(struct t *t, const char *name, const char *role, int64_t unit)
{
	struct user_input ui = { name, name, arena_printf(t->a, "%s@example.se", name), "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(user_create(t->db, t->a, act, &ui, "a long enough password", &id, &e), 0);
	if (role)
		assert_int_equal(grant_add(t->db, t->a, act, id, unit, role, NULL, &e), 0);
	return id;
}

/* The tree, the organisations and a unit's children, as each viewer sees them, run after run. */
static void test_lists_repeated(void **state)
{
	struct t *t = *state;
	int64_t a = mk(t, 0, "organisation", "A-kommun");
	int64_t a1 = mk(t, a, "board", "A1");
	int64_t a11 = mk(t, a1, "unit", "A11");
	int64_t a111 = mk(t, a11, "unit", "A111");
	int64_t a2 = mk(t, a, "board", "A2");
	int64_t b = mk(t, 0, "organisation", "B-kommun");
	int64_t b1 = mk(t, b, "board", "B1");
	int64_t everywhere = mk_user(t, "everywhere", "reader", 0);
	int64_t on_a1 = mk_user(t, "on-a1", "reader", a1);
	int64_t on_a1_b1 = mk_user(t, "on-a1-b1", "coordinator", a1);
	struct err e = { 0 };
	struct unit_filter f = { 0 };

	assert_int_equal(grant_add(t->db, t->a, act, on_a1_b1, b1, "reader", NULL, &e), 0);
	/* Paths order the tree: "/1/..." before "/5/..." as long as the ids have as many digits. */
	const int64_t all[] = { a, a1, a11, a111, a2, b, b1 };
	for (int64_t v = 0; v < 2; v++) {
		f.viewer_id = v ? everywhere : 0;
		f.parent_id = 0;
		expect_units(t, &f, all, 7, "the whole tree");
		f.parent_id = -1;
		expect_units(t, &f, (const int64_t[]){ a, b }, 2, "the organisations");
		f.parent_id = a;
		expect_units(t, &f, (const int64_t[]){ a1, a2 }, 2, "below A");
		f.parent_id = a11;
		expect_units(t, &f, (const int64_t[]){ a111 }, 1, "below A11");
		f.parent_id = a111;
		expect_units(t, &f, NULL, 0, "below A111");
	}
	f.viewer_id = on_a1;
	f.parent_id = 0;
	expect_units(t, &f, (const int64_t[]){ a1, a11, a111 }, 3, "the tree seen from A1");
	f.parent_id = -1;
	expect_units(t, &f, NULL, 0, "the organisations seen from A1");
	f.parent_id = a;
	expect_units(t, &f, (const int64_t[]){ a1 }, 1, "below A seen from A1");
	f.viewer_id = on_a1_b1;
	f.parent_id = 0;
	expect_units(t, &f, (const int64_t[]){ a1, a11, a111, b1 }, 4, "the tree seen from A1 and B1");
	f.kind = "unit";
	expect_units(t, &f, (const int64_t[]){ a11, a111 }, 2, "the units seen from A1 and B1");
	f.kind = NULL;
	f.q = "a11";
	expect_units(t, &f, (const int64_t[]){ a11, a111 }, 2, "A11 by name seen from A1 and B1");

	/* Users: an administrator of A1 sees those holding a role at or below A1, and their e-mail. */
	int64_t adm_a1 = mk_user(t, "adm-a1", "administrator", a1);
	int64_t on_a111 = mk_user(t, "on-a111", "owner", a111);
	int64_t on_b1 = mk_user(t, "on-b1", "reader", b1);
	mk_user(t, "no-role", NULL, 0);
	for (int run = 0; run < 7; run++) {
		struct user_filter uf = { 0 };
		struct user *users;
		size_t n;
		int64_t total;

		uf.active = -1;
		uf.limit = 100;
		uf.viewer_id = adm_a1;
		assert_int_equal(user_list(t->db, t->a, &uf, &users, &n, &total, &e), 0);
		/* adm-a1, on-a1, on-a1-b1, on-a111, in user name order. */
		assert_int_equal(n, 4);
		assert_int_equal(total, 4);
		assert_int_equal(users[0].id, adm_a1);
		assert_int_equal(users[1].id, on_a1);
		assert_int_equal(users[2].id, on_a1_b1);
		assert_int_equal(users[3].id, on_a111);
		assert_string_equal(users[3].email, "on-a111@example.se");
		/* Someone out of scope is found by exact user name, without e-mail, so a role can be granted. */
		uf.q = "on-b1";
		assert_int_equal(user_list(t->db, t->a, &uf, &users, &n, &total, &e), 0);
		assert_int_equal(n, 1);
		assert_int_equal(users[0].id, on_b1);
		assert_string_equal(users[0].email, "");
		/* Everyone, for an administrator of the whole installation. */
		uf.q = NULL;
		uf.viewer_id = 0;
		assert_int_equal(user_list(t->db, t->a, &uf, &users, &n, &total, &e), 0);
		assert_int_equal(n, 7);
		assert_int_equal(total, 7);
		assert_string_equal(users[0].username, "adm-a1");
		assert_string_equal(users[2].username, "no-role");
		assert_string_equal(users[6].username, "on-b1");
	}
}

/* A tree in Swedish order: each unit's children by name (å ä ö last), subtrees kept together, tops first. */
static void test_order_sv(void **state)
{
	struct unit u[] = {
		{ .id = 1, .parent_id = 0, .path = "/1/", .name = "Kommun" },
		{ .id = 2, .parent_id = 1, .path = "/1/2/", .name = "Ölandsnämnden" },
		{ .id = 3, .parent_id = 2, .path = "/1/2/3/", .name = "Östra skolan" },
		{ .id = 4, .parent_id = 2, .path = "/1/2/4/", .name = "Ängens förskola" },
		{ .id = 5, .parent_id = 1, .path = "/1/5/", .name = "Ålandsnämnden" },
		{ .id = 6, .parent_id = 1, .path = "/1/6/", .name = "Ärendenämnden" },
		{ .id = 7, .parent_id = 1, .path = "/1/7/", .name = "Byggnämnden" },
		{ .id = 9, .parent_id = 8, .path = "/8/9/", .name = "Annan (utan sin överordnade)" },
	};
	static const int64_t want[] = { 9, 1, 7, 5, 6, 2, 4, 3 };
	struct arena *a = arena_new();

	(void)state;
	unit_order_sv(a, u, sizeof(u) / sizeof(u[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(u[i].id, want[i]);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_sv),
		cmocka_unit_test_setup_teardown(test_create_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists_repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audited, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
