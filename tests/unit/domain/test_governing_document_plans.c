/*
 * test_governing_document_plans.c - the lists of governing documents answer
 * from an index at the size of a city: three thousand documents in sixty
 * units, the planner's statistics refreshed as the server does, and then
 * the pages of the list in each of its orders, the documents overdue, the
 * owner's tasks and the count for the management review explained: none
 * reads the governing_documents table whole. (The list's total is a count
 * of every matching row, and is not asked here.)
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
#include "core/i18n.h"
#include "db/db.h"
#include "domain/governing_document.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"

static void test_lists_use_indexes(void **state)
{
	const struct auth *act = &fx_system;
	struct db *db;
	struct arena *a = arena_new();
	struct err e = { 0 };
	char url[512];
	int64_t org, units[60], owner;
	struct user_input ui = { "plan-owner", "Per Ägare", "per@example.se", "sv", true };
	struct explain x;
	const char *scans;
	(void)state;

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	if (db_engine_of(db) != DB_SQLITE) {
		/* The orders by review and decision date put documents without a date last by an expression
		 * PostgreSQL does not read from the index: its plans are not asserted (yet). */
		fixture_db_close(db);
		arena_free(a);
		unsetenv("TILLIT_NOW");
		skip();
	}
	struct unit_input o = { 0, "organisation", "Storstad", "", "", "" };
	assert_int_equal(unit_create(db, a, act, &o, &org, &e), 0);
	for (int i = 0; i < 60; i++) {
		struct unit_input u = { org, "administration", arena_printf(a, "Förvaltning %d", i), "", "", "" };
		assert_int_equal(unit_create(db, a, act, &u, &units[i], &e), 0);
	}
	assert_int_equal(user_create(db, a, act, &ui, "ett tillräckligt långt lösenord", &owner, &e), 0);
	assert_int_equal(db_batch_begin(db, &e), 0);
	for (int i = 0; i < 3000; i++) {
		struct governing_document_input in = { 0 };
		in.unit_id = units[i % 60];
		in.kind = governing_document_kinds[i % GD_KIND_COUNT];
		in.title = arena_printf(a, "Rutin %d", i);
		in.owner_id = i % 50 == 0 ? owner : 0;
		in.decision_date = arena_printf(a, "202%d-%02d-%02d", 2 + i % 4, 1 + i % 12, 1 + i % 28);
		in.doc_version = "1.0";
		in.review_months = 12 + i % 24;
		in.status = i % 7 ? "in_force" : "draft";
		if (governing_document_create(db, a, act, &in, NULL, &e))
			fail_msg("create: %s %s", e.field, e.msgid);
	}
	assert_int_equal(db_batch_commit(db, &e), 0);
	assert_int_equal(db_optimize(db, &e), 0);

	assert_int_equal(explain_begin(&x, db, url), 0);
	for (int sort = 0; sort < GD_SORT_COUNT; sort++) {
		struct governing_document_filter f = { 0 };
		struct governing_document *list;
		size_t n;
		f.sort = (enum governing_document_sort)sort;
		f.limit = 50;
		assert_int_equal(governing_document_list(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 50);
		f.due = "overdue";
		f.today = "2026-03-01";
		assert_int_equal(governing_document_list(db, a, &f, &list, &n, NULL, &e), 0);
	}
	{
		struct auth own = { .user_id = owner, .lang = LANG_SV };
		struct task *t;
		size_t n;
		int64_t overdue;
		assert_int_equal(governing_document_tasks(db, a, &own, "2026-03-01", 20, &t, &n, &e), 0);
		assert_int_equal(governing_document_count_overdue(db, a, org, "2026-03-01", &overdue, &e), 0);
		assert_true(overdue > 0);
	}
	explain_end(&x);
	scans = explain_full_scans(&x, (const char *[]){ "governing_documents", NULL });
	if (scans)
		fail_msg("%s", scans);
	explain_release(&x);
	fixture_db_close(db);
	arena_free(a);
	unsetenv("TILLIT_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_use_indexes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
