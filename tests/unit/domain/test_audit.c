/*
 * test_audit.c - the audit trail's hash chain finds any entry altered,
 * removed or added behind Tillit's back.
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
#include "fixtures.h"

/* Direct edits of the kind an intruder with database access could make. */
DB_QUERY(T_ALTER, "UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = $1");
DB_QUERY(T_ALTER_HASHED, "UPDATE audit_log SET actor_name = 'someone else' WHERE id = $1");
DB_QUERY(T_DELETE, "DELETE FROM audit_log WHERE id = $1");

static const struct actor act = { 7, "anna" };

struct t {
	struct db *db;
	struct arena *a;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	for (int i = 1; i <= 5; i++) {
		assert_int_equal(db_begin(t->db, &e), 0);
		assert_int_equal(audit_append(t->db, t->a, act, "unit", i, i, "update", "{\"name\":\"a\"}",
					      arena_printf(t->a, "{\"name\":\"b%d\"}", i), &e),
				 0);
		assert_int_equal(db_commit(t->db, &e), 0);
	}
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

static void test_intact(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	struct audit_entry en;

	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(bad, 0);
	assert_int_equal(audit_get(t->db, t->a, 3, &en, &e), 0);
	assert_string_equal(en.actor_name, "anna");
	assert_int_equal(en.actor_id, 7);
	assert_string_equal(en.after, "{\"name\":\"b3\"}");
	assert_string_equal(audit_hash(t->a, &en), en.hash);
}

static void test_altered_content(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_ALTER, DB_ARGS(DB_INT(2)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 2);
	assert_string_equal(e.arg, "2");
}

static void test_altered_actor(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_ALTER_HASHED, DB_ARGS(DB_INT(4)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 4);
}

static void test_removed_middle(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_DELETE, DB_ARGS(DB_INT(3)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 3);
}

static void test_removed_last(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_DELETE, DB_ARGS(DB_INT(5)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 5);
}

static void test_filters(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct audit_filter f = { 0 };
	struct audit_entry *en;
	size_t n;
	int64_t total;

	f.limit = 2;
	assert_int_equal(audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 5);
	assert_int_equal(n, 2);
	assert_int_equal(en[0].id, 5); /* newest first */
	f.offset = 4;
	assert_int_equal(audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(en[0].id, 1);
	f.offset = 0;
	f.entity_id = 3;
	f.entity = "unit";
	assert_int_equal(audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	f.entity = "user";
	assert_int_equal(audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 0);
	f.entity = NULL;
	f.entity_id = 0;
	f.from = "2000-01-01";
	f.to = "2000-01-02";
	assert_int_equal(audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_actor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
