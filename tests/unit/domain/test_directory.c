/*
 * test_directory.c - accounts that follow the staff directory: a dry run
 * changes nothing, a real run makes accounts without roles, moves people
 * between units, deactivates leavers (their records stay), deletes nobody;
 * bad rows are named by line and column and nothing is saved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "db/db.h"
#include "db/q_signin.h"
#include "domain/directory.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t ks, soc;
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name, const char *code)
{
	struct unit_input in = { parent, kind, name, code, "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	int64_t org;
	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	org = mk_unit(t, 0, "organisation", "Ekdala kommun", "EK");
	t->ks = mk_unit(t, org, "board", "Kommunstyrelsen", "KS");
	t->soc = mk_unit(t, org, "board", "Socialnämnden", "SOC");
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	i18n_release();
	free(t);
	return 0;
}

static struct directory_import run(struct t *t, const char *csv, bool dry)
{
	struct directory_import out;
	struct err e = { 0 };
	if (directory_import(t->db, t->a, act, csv, strlen(csv), dry, &out, &e))
		fail_msg("directory_import: %s %s", e.msgid, e.detail);
	return out;
}

static size_t count(const struct directory_import *im, enum directory_change_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < im->n_changes; i++)
		n += im->changes[i].kind == k;
	return n;
}

static void test_dry_run_then_import_then_changes(void **state)
{
	struct t *t = *state;
	struct directory_import im;
	struct directory_link l;
	struct user u;
	struct err e = { 0 };
	const char *first = "identitet;namn;e-post;enhet;aktiv\n"
			    "AA01;Anna Andersson;anna@ekdala.se;KS;ja\n"
			    "BB02;Bertil Berg;bertil@ekdala.se;SOC;ja\n"
			    "CC03;Cecilia Ceder;;KS;ja\n"
			    "DD04;Doris Dahl;;KS;nej\n";

	im = run(t, first, true);
	assert_int_equal(im.n_problems, 0);
	assert_int_equal(count(&im, DIR_NEW), 3);
	assert_false(im.imported);
	assert_int_equal(user_get_by_username(t->db, t->a, "aa01", &u, &e), ERR_NOTFOUND);

	im = run(t, first, false);
	assert_true(im.imported);
	assert_int_equal(count(&im, DIR_NEW), 3);
	assert_int_equal(user_get_by_username(t->db, t->a, "aa01", &u, &e), 0);
	assert_string_equal(u.display_name, "Anna Andersson");
	assert_true(u.active);
	assert_int_equal(q_directory_find(t->db, t->a, "AA01", &l, &e), 0);
	assert_int_equal(l.unit_id, t->ks);
	{
		struct role_grant *g;
		size_t n = 1;
		assert_int_equal(user_grants(t->db, t->a, u.id, &g, &n, &e), 0);
		assert_int_equal(n, 0);
	}

	/* Anna moves to SOC, Bertil leaves, Cecilia is no longer in the file, Doris stays away. */
	im = run(t,
		 "identifier,name,email,unit,active\n"
		 "AA01,Anna Andersson,anna@ekdala.se,SOC,yes\n"
		 "BB02,Bertil Berg,bertil@ekdala.se,SOC,no\n"
		 "DD04,Doris Dahl,,KS,no\n",
		 false);
	assert_int_equal(im.n_problems, 0);
	assert_int_equal(count(&im, DIR_MOVED), 1);
	assert_int_equal(count(&im, DIR_LEFT), 2);
	assert_int_equal(count(&im, DIR_NEW), 0);
	assert_int_equal(q_directory_find(t->db, t->a, "AA01", &l, &e), 0);
	assert_int_equal(l.unit_id, t->soc);
	assert_int_equal(q_directory_find(t->db, t->a, "BB02", &l, &e), 0);
	assert_false(l.active);
	assert_int_equal(q_directory_find(t->db, t->a, "CC03", &l, &e), 0);
	assert_false(l.active); /* deactivated, not deleted */

	/* The same file again changes nothing. */
	im = run(t,
		 "identifier,name,email,unit,active\n"
		 "AA01,Anna Andersson,anna@ekdala.se,SOC,yes\n"
		 "BB02,Bertil Berg,bertil@ekdala.se,SOC,no\n",
		 false);
	assert_int_equal(im.n_changes, 0);
	assert_int_equal(im.n_unchanged, 2);
}

static void test_bad_rows_named_nothing_saved(void **state)
{
	struct t *t = *state;
	struct directory_import im;
	struct user u;
	struct err e = { 0 };

	im = run(t,
		 "identifier,name,email,unit,active\n"
		 "EE05,Erik Ek,erik@ekdala.se,KS,ja\n"
		 "FF06,,not-an-address,NOPE,kanske\n"
		 "EE05,Erik Igen,,KS,ja\n",
		 false);
	assert_false(im.imported);
	assert_int_equal(im.n_bad_rows, 2);
	assert_int_equal(im.n_problems, 5);
	assert_int_equal(im.problems[0].line, 3);
	assert_string_equal(im.problems[0].field, "name");
	assert_string_equal(im.problems[1].field, "email");
	assert_string_equal(im.problems[2].field, "unit");
	assert_string_equal(im.problems[3].field, "active");
	assert_int_equal(im.problems[4].line, 4);
	assert_string_equal(im.problems[4].field, "identifier");
	assert_int_equal(user_get_by_username(t->db, t->a, "ee05", &u, &e), ERR_NOTFOUND);

	im = run(t, "name,active\nErik,ja\n", false);
	assert_int_equal(im.n_problems, 1);
	assert_int_equal(im.problems[0].line, 0);
	assert_string_equal(im.problems[0].err.arg, "identifier");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dry_run_then_import_then_changes),
		cmocka_unit_test(test_bad_rows_named_nothing_saved),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
