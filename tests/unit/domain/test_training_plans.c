/*
 * test_training_plans.c - the lists of training answer from an index at
 * the size of a city: twelve hundred people in sixty units (and 3,000 units
 * without counts below them), six thousand
 * completions, a target group holding them all and a thousand counts, the
 * planner's statistics refreshed as the server does; then a page of the
 * completions in each of their orders, of the counts in each of theirs, of
 * the catalogue of courses and of the group's members explained: none
 * reads training_completions, training_counts or training_group_members
 * whole. (A list's total counts every matching row, and is not asked here.)
 * The counts by unit are checked page by page against the whole list, for
 * everyone, below a unit and for a reader of one unit.
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
#include "domain/training.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"

#define N_UNITS       60
#define N_PEOPLE      1200
#define N_EMPTY_UNITS 3000

/* The order of the counts by unit: the unit's name and id, the newest year first, the course, the id. */
static int count_by_unit(const void *pa, const void *pb)
{
	const struct training_count *x = pa, *y = pb;
	int c = strcmp(x->unit_name, y->unit_name);
	if (!c)
		c = x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
	if (!c)
		c = -strcmp(x->period, y->period);
	if (!c)
		c = strcmp(x->course_title, y->course_title);
	if (!c)
		c = x->id < y->id ? -1 : x->id > y->id;
	return c;
}

/* Does a plan of @x read @what (NULL: always true) for each query named @name? false if none ran. */
static bool plans_say(const struct explain *x, const char *name, const char *what, bool present)
{
	bool any = false;
	for (size_t i = 0; i < x->n_plans; i++) {
		if (strncmp(x->plans[i].query, name, strlen(name)))
			continue;
		any = true;
		if ((strstr(x->plans[i].plan, what) != NULL) != present) {
			printf("%s\n%s\n", x->plans[i].query, x->plans[i].plan);
			return false;
		}
	}
	return any;
}

/*
 * The counts by unit, of the whole installation, below a unit and for a reader of one unit, page by page
 * (pages of 50 and of 7): the counts of the whole list (read newest year first) with the others left out,
 * sorted by unit in the test, with the same total. On SQLite the whole list by unit is read along the
 * units' names and stops after the page (it sorted all 1,200 counts for 50), and below a unit its units'
 * counts are looked up by unit (it read every count of the installation).
 */
static void check_counts_by_unit(struct db *db, const char *url, struct arena *a, const int64_t *units, int64_t reader)
{
	struct training_count_filter all = { .limit = 10000 };
	struct training_count *every, *want, *page;
	size_t n_every, n_want, n_page;
	int64_t total;
	struct err e = { 0 };
	struct unit below, seen;
	struct explain x;

	assert_int_equal(training_count_list_page(db, a, &all, &every, &n_every, &total, &e), 0);
	assert_int_equal(total, N_UNITS * 5 * 4);
	assert_int_equal(unit_get(db, a, units[7], &below, &e), 0);
	assert_int_equal(unit_get(db, a, units[11], &seen, &e), 0);
	for (int c = 0; c < 3; c++) {
		struct training_count_filter f = { .sort = TCOUNT_SORT_UNIT };
		want = arena_calloc(a, n_every, sizeof(*want));
		n_want = 0;
		for (size_t i = 0; i < n_every; i++)
			if (c == 0 || strncmp(every[i].unit_path, c == 1 ? below.path : seen.path,
					      strlen(c == 1 ? below.path : seen.path)) == 0)
				want[n_want++] = every[i];
		qsort(want, n_want, sizeof(*want), count_by_unit);
		assert_int_equal(n_want, c == 0 ? (size_t)N_UNITS * 20 : 20);
		f.unit_id = c == 1 ? units[7] : 0;
		f.viewer_id = c == 2 ? reader : 0;
		for (int64_t step = 50; step > 0; step = step == 50 ? 7 : 0) {
			f.limit = step;
			assert_int_equal(explain_begin(&x, db, url), 0);
			for (f.offset = 0; f.offset < (int64_t)n_want; f.offset += step) {
				assert_int_equal(training_count_list_page(db, a, &f, &page, &n_page, &total, &e), 0);
				assert_int_equal(total, (int64_t)n_want);
				assert_int_equal(n_page, n_want - (size_t)f.offset < (size_t)step
								 ? n_want - (size_t)f.offset
								 : (size_t)step);
				for (size_t i = 0; i < n_page; i++) {
					assert_int_equal(page[i].id, want[f.offset + (int64_t)i].id);
					assert_int_equal(page[i].completed, want[f.offset + (int64_t)i].completed);
				}
			}
			explain_end(&x);
			for (size_t i = 0; getenv("SHOW_PLANS") && i < x.n_plans; i++)
				printf("%d %s\n%s\n", c, x.plans[i].query, x.plans[i].plan);
			if (db_engine_of(db) == DB_SQLITE && c == 0 &&
			    !plans_say(&x, "Q_COUNT_PAGE", "TEMP B-TREE FOR ORDER BY", false))
				fail_msg("the counts by unit are sorted whole");
			if (db_engine_of(db) == DB_SQLITE && c == 1 &&
			    !plans_say(&x, "Q_COUNT_PAGE", "training_counts_key", true))
				fail_msg("the counts below a unit are not looked up by unit");
			explain_release(&x);
		}
	}
}

static void test_lists_use_indexes(void **state)
{
	const struct auth *act = &fx_system;
	struct db *db;
	struct arena *a = arena_new();
	struct err e = { 0 };
	char url[512];
	int64_t org, units[N_UNITS], courses[5], group, reader;
	struct user_input ur = { "reader", "Rut Läsare", "rut@storstad.se", "sv", true };
	struct training_group g;
	struct explain x;
	const char *scans;
	(void)state;

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	struct unit_input o = { 0, "organisation", "Storstad", "", "", "" };
	assert_int_equal(unit_create(db, a, act, &o, &org, &e), 0);
	for (int i = 0; i < N_UNITS; i++) {
		struct unit_input u = { org, "administration", arena_printf(a, "Förvaltning %d", i), "", "", "" };
		assert_int_equal(unit_create(db, a, act, &u, &units[i], &e), 0);
	}
	assert_int_equal(user_create(db, a, act, &ur, "ett tillräckligt långt lösenord", &reader, &e), 0);
	assert_int_equal(training_group_create(db, a, act, "Alla", "", &group, &e), 0);
	assert_int_equal(training_group_get(db, a, group, &g, &e), 0);
	for (int i = 0; i < 5; i++) {
		struct course_input ci = { .title = arena_printf(a, "Kurs %d", i), .provider = "MSB" };
		ci.length_minutes = 30 * (i + 1);
		assert_int_equal(course_create(db, a, act, &ci, &courses[i], &e), 0);
	}
	assert_int_equal(db_batch_begin(db, &e), 0);
	for (int i = 0; i < N_PEOPLE; i++) {
		struct user_input ui = { arena_printf(a, "p%d", i), arena_printf(a, "Person %04d", i), NULL, "sv",
					 true };
		int64_t id, grant, unit = units[i % N_UNITS];
		ui.email = arena_printf(a, "p%d@storstad.se", i);
		assert_int_equal(user_create(db, a, act, &ui, "ett tillräckligt långt lösenord", &id, &e), 0);
		assert_int_equal(grant_add(db, a, act, id, unit, "reader", &grant, &e), 0);
		assert_int_equal(training_member_add(db, a, act, &g, id, &e), 0);
		for (int k = 0; k < 5; k++) {
			struct training_completion_input in = { courses[k], id, unit, NULL, "import" };
			in.completed_on = arena_printf(a, "202%d-%02d-%02d", 1 + (i + k) % 5, 1 + i % 12, 1 + k * 5);
			if (training_completion_record(db, a, act, &in, "2026-03-01", NULL, &e))
				fail_msg("completion: %s %s", e.field, e.msgid);
		}
	}
	for (int i = 0; i < N_UNITS; i++)
		for (int k = 0; k < 5; k++)
			for (int y = 0; y < 4; y++) {
				struct training_count_input in = { units[i], courses[k], NULL, 5, 10 };
				in.period = arena_printf(a, "%d", 2022 + y);
				assert_int_equal(training_count_record(db, a, act, &in, &e), 0);
			}
	assert_int_equal(grant_add(db, a, act, reader, units[11], "reader", NULL, &e), 0);
	for (int i = 0; i < N_EMPTY_UNITS; i++) { /* units without counts, as most are in a large installation */
		struct unit_input u = { units[i % N_UNITS], "unit", arena_printf(a, "Enhet %d", i), "", "", "" };
		int64_t id;
		assert_int_equal(unit_create(db, a, act, &u, &id, &e), 0);
	}
	assert_int_equal(db_batch_commit(db, &e), 0);
	assert_int_equal(db_optimize(db, &e), 0);
	check_counts_by_unit(db, url, a, units, reader);

	assert_int_equal(explain_begin(&x, db, url), 0);
	for (int sort = 0; sort < TC_SORT_COUNT; sort++) {
		struct training_completion_filter f = { 0 };
		struct training_completion *list;
		size_t n;
		f.sort = (enum training_completion_sort)sort;
		f.limit = 50;
		assert_int_equal(training_completion_list(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 50);
		f.course_id = courses[2];
		assert_int_equal(training_completion_list(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 50);
	}
	for (int sort = 0; sort < TCOUNT_SORT_COUNT; sort++) {
		struct training_count_filter f = { 0 };
		struct training_count *list;
		size_t n;
		f.sort = (enum training_count_sort)sort;
		f.limit = 50;
		assert_int_equal(training_count_list_page(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 50);
	}
	for (int sort = 0; sort < COURSE_SORT_COUNT; sort++) {
		struct course_filter f = { .sort = (enum course_sort)sort, .limit = 50 };
		struct course *list;
		size_t n;
		assert_int_equal(course_list_page(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 5);
	}
	{
		struct training_member_filter f = { .group_id = group, .limit = 50 };
		struct training_member *list;
		size_t n;
		assert_int_equal(training_member_list(db, a, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 50);
		assert_string_equal(list[0].display_name, "Person 0000");
	}
	explain_end(&x);
	for (size_t i = 0; getenv("SHOW_PLANS") && i < x.n_plans; i++)
		printf("%s\n%s\n", x.plans[i].query, x.plans[i].plan);
	scans = explain_full_scans(
		&x, (const char *[]){ "training_completions", "training_counts", "training_group_members", NULL });
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
