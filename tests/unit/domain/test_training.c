/*
 * test_training.c - training against a real database: coverage of a
 * target group per unit over the years (validity across year ends, people
 * counted once), counted completions, the people missing a mandatory
 * course and their tasks, every bad input named by its field, and the CSV
 * import: every kind of bad row listed with its line and column and
 * nothing saved, a dry run, Windows-1252 with ',' and ';', all rows saved
 * in one go, and a second import of the same file recording nothing twice;
 * the reads of a subtree keep to the people with a role in it.
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
#include "domain/tasks.h"
#include "domain/training.h"
#include "domain/training_io.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

static DB_QUERY(T_COMPLETIONS, "SELECT count(*) FROM training_completions");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, ks, soc, anna, bo, cilla, group, course;
};

static int64_t mk_user(struct t *t, const char *name, const char *display, int64_t unit)
{
	struct user_input ui = { name, display, NULL, "sv", true };
	struct err e = { 0 };
	int64_t id, grant;
	ui.email = arena_printf(t->a, "%s@ekdala.se", name);
	assert_int_equal(user_create(t->db, t->a, act, &ui, "ett tillräckligt långt lösenord", &id, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, id, unit, "reader", &grant, &e), 0);
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct training_group g;
	struct course_input ci = { .title = "Informationssäkerhet för chefer",
				   .provider = "MSB",
				   .validity_months = 24 };

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input k = { t->org, "administration", "Kommunledningsförvaltningen", "KLF", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &k, &t->ks, &e), 0);
	struct unit_input s = { t->org, "administration", "Socialförvaltningen", "SOC", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &s, &t->soc, &e), 0);
	t->anna = mk_user(t, "anna", "Anna Chef", t->ks);
	t->bo = mk_user(t, "bo", "Bo Chef", t->ks);
	t->cilla = mk_user(t, "cilla", "Cilla Chef", t->soc);
	assert_int_equal(training_group_create(t->db, t->a, act, "Chefer", "", &t->group, &e), 0);
	assert_int_equal(training_group_get(t->db, t->a, t->group, &g, &e), 0);
	assert_int_equal(training_member_add(t->db, t->a, act, &g, t->anna, &e), 0);
	assert_int_equal(training_member_add(t->db, t->a, act, &g, t->bo, &e), 0);
	assert_int_equal(training_member_add(t->db, t->a, act, &g, t->cilla, &e), 0);
	assert_int_equal(training_member_add(t->db, t->a, act, &g, t->cilla, &e), ERR_EXISTS);
	ci.group_ids = &t->group;
	ci.n_group_ids = 1;
	assert_int_equal(course_create(t->db, t->a, act, &ci, &t->course, &e), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	unsetenv("TILLIT_NOW");
	return 0;
}

static int64_t completions(struct t *t)
{
	struct db_rows r;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, &T_COMPLETIONS, NULL, 0, &r, &e), 0);
	return rows_int(&r, 0, 0);
}

static int record(struct t *t, int64_t user, int64_t unit, const char *date, struct err *e)
{
	struct training_completion_input in = { t->course, user, unit, date, "manual" };
	memset(e, 0, sizeof(*e));
	return training_completion_record(t->db, t->a, act, &in, "2026-03-01", NULL, e);
}

static const struct training_coverage *cell(const struct training_coverage *rows, size_t n, int year, int64_t unit,
					    int64_t group)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].year == year && rows[i].unit_id == unit && rows[i].group_id == group)
			return &rows[i];
	fail_msg("no coverage for %d/%lld/%lld", year, (long long)unit, (long long)group);
	return NULL;
}

/* Bad input is refused naming the field; nothing is saved. */
static void test_bad_input(void **state)
{
	struct t *t = *state;
	int64_t before = completions(t);
	struct training_count_input c = { t->ks, t->course, "2025", 11, 10 };
	struct training_completion_input in = { 0 };
	struct err e;

	assert_int_equal(record(t, t->anna, t->ks, "2026-03-02", &e), ERR_INVALID);
	assert_string_equal(e.field, "completed_on");
	assert_int_equal(record(t, t->anna, t->ks, "2026-02-30", &e), ERR_INVALID);
	assert_string_equal(e.field, "completed_on");
	assert_int_equal(record(t, 999999, t->ks, "2026-01-02", &e), ERR_INVALID);
	assert_string_equal(e.field, "user_id");
	assert_int_equal(record(t, t->anna, 999999, "2026-01-02", &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
	in = (struct training_completion_input){ 999999, t->anna, t->ks, "2026-01-02", "manual" };
	memset(&e, 0, sizeof(e));
	assert_int_equal(training_completion_record(t->db, t->a, act, &in, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "course_id");
	assert_int_equal(completions(t), before);

	memset(&e, 0, sizeof(e));
	assert_int_equal(training_count_record(t->db, t->a, act, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "completed");
	c.completed = 5;
	c.period = "2027";
	assert_int_equal(training_count_record(t->db, t->a, act, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "period");
	c.period = "2025";
	c.employed = -1;
	assert_int_equal(training_count_record(t->db, t->a, act, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "employed");

	struct course_input ci = { .title = "Kurs", .validity_months = 241 };
	int64_t id;
	assert_int_equal(course_create(t->db, t->a, act, &ci, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "validity_months");
	ci.validity_months = 0;
	ci.title = "Informationssäkerhet för chefer";
	assert_int_equal(course_create(t->db, t->a, act, &ci, &id, &e), ERR_EXISTS);
	assert_string_equal(e.field, "title");
}

/*
 * Coverage per unit and year: Anna completed in 2023 (valid 24 months, to
 * 2025-06-10), Bo in 2025; Cilla never. Counts add their own row.
 */
static void test_coverage_and_missing(void **state)
{
	struct t *t = *state;
	struct training_coverage *rows;
	struct training_gap *gaps;
	struct task *tasks;
	struct auth anna = { .user_id = t->anna, .lang = LANG_SV };
	struct training_count_input c = { t->soc, t->course, "2025", 40, 50 };
	const struct training_coverage *x;
	size_t n;
	int64_t trained, of;
	struct err e = { 0 };

	assert_int_equal(record(t, t->anna, t->ks, "2023-06-10", &e), 0);
	assert_int_equal(record(t, t->anna, t->ks, "2023-06-10", &e), ERR_EXISTS);
	assert_int_equal(record(t, t->bo, t->ks, "2025-09-01", &e), 0);
	assert_int_equal(training_count_record(t->db, t->a, act, &c, &e), 0);
	c.completed = 45; /* a correction of the same year */
	assert_int_equal(training_count_record(t->db, t->a, act, &c, &e), 0);

	assert_int_equal(training_coverage(t->db, t->a, act, t->org, 2023, 2026, "2026-03-01", &rows, &n, &e), 0);
	x = cell(rows, n, 2023, t->org, t->group);
	assert_int_equal(x->total, 3);
	assert_int_equal(x->completed, 1);
	x = cell(rows, n, 2024, t->ks, t->group);
	assert_int_equal(x->total, 2);
	assert_int_equal(x->completed, 1);
	x = cell(rows, n, 2025, t->ks, t->group); /* Anna's expired in June, Bo's came in September */
	assert_int_equal(x->completed, 1);
	x = cell(rows, n, 2025, t->soc, t->group);
	assert_int_equal(x->completed, 0);
	assert_int_equal(x->total, 1);
	x = cell(rows, n, 2025, t->soc, 0);
	assert_int_equal(x->completed, 45);
	assert_int_equal(x->total, 50);
	x = cell(rows, n, 2025, t->org, 0);
	assert_int_equal(x->completed, 45);

	/* Cilla holds roles in two units now: still one gap for her and the course. */
	assert_int_equal(grant_add(t->db, t->a, act, t->cilla, t->ks, "reader", NULL, &e), 0);
	assert_int_equal(training_missing(t->db, t->a, NULL, t->org, "2026-03-01", &gaps, &n, &e), 0);
	assert_int_equal(n, 2); /* Anna (expired) and Cilla (never) */
	for (size_t i = 0; i < n; i++) {
		if (gaps[i].user_id == t->anna) {
			assert_string_equal(gaps[i].last_completed, "2023-06-10");
			assert_string_equal(gaps[i].valid_until, "2025-06-10");
		} else {
			assert_int_equal(gaps[i].user_id, t->cilla);
			assert_null(gaps[i].last_completed);
		}
	}
	assert_int_equal(training_tasks(t->db, t->a, &anna, "2026-03-01", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(tasks[0].kind, "course");
	assert_true(tasks[0].overdue);

	assert_int_equal(training_staff_trained(t->db, t->a, t->org, 2025, "2026-03-01", &trained, &of, &e), 0);
	assert_int_equal(trained, 1 + 45);
	assert_int_equal(of, 3 + 50);
}

static void import(struct t *t, const char *csv, bool dry, int want_rc, struct training_import *res)
{
	struct err e = { 0 };
	assert_int_equal(training_import(t->db, t->a, act, csv, strlen(csv), dry, "2026-03-01", res, &e), want_rc);
}

static bool has_problem(const struct training_import *r, size_t line, const char *field)
{
	for (size_t i = 0; i < r->problems.n; i++)
		if (r->problems.v[i].line == line && !strcmp(r->problems.v[i].field, field))
			return true;
	return false;
}

/* Every kind of bad row is listed with its line and column; nothing is saved. */
static void test_import_bad_rows(void **state)
{
	struct t *t = *state;
	struct training_import res;
	int64_t before = completions(t);
	const char *bad = "Kurs;Person;Datum;Enhet\n"
			  "Informationssäkerhet för chefer;anna;2026-01-15;KLF\n"  /* line 2: good */
			  "Okänd kurs;anna;2026-01-15;\n"                          /* 3: unknown course */
			  "Informationssäkerhet för chefer;nisse;2026-01-15;\n"    /* 4: unknown person */
			  "Informationssäkerhet för chefer;bo;2026-04-01;\n"       /* 5: in the future */
			  "Informationssäkerhet för chefer;bo;15/1 2026;\n"        /* 6: not a date */
			  "Informationssäkerhet för chefer;bo;2026-01-15;Okänd\n"; /* 7: unknown unit */

	import(t, bad, true, 0, &res);
	assert_int_equal(res.problems.n_bad_rows, 5);
	assert_true(has_problem(&res, 3, "course"));
	assert_true(has_problem(&res, 4, "person"));
	assert_true(has_problem(&res, 5, "date"));
	assert_true(has_problem(&res, 6, "date"));
	assert_true(has_problem(&res, 7, "unit"));
	assert_string_equal(res.problems.v[0].column, "Kurs");
	import(t, bad, false, ERR_INVALID, &res);
	assert_false(res.imported);
	assert_int_equal(completions(t), before);

	import(t, "Kurs;Datum\nX;2026-01-01\n", false, ERR_INVALID, &res);
	assert_true(has_problem(&res, 0, "file"));
	import(t, "", false, ERR_INVALID, &res);
	assert_true(has_problem(&res, 0, "file"));
	assert_int_equal(completions(t), before);
}

/* Windows-1252 with commas, e-mail addresses, a dry run, then all rows, then the same file again. */
static void test_import_good(void **state)
{
	struct t *t = *state;
	struct training_import res;
	int64_t before = completions(t);
	const char *file = "Course,Person,Date\r\n"
			   "Informationss\xe4kerhet f\xf6r chefer,cilla@ekdala.se,2026-02-01\r\n"
			   "Informationss\xe4kerhet f\xf6r chefer,BO,2026-02-02\r\n";

	import(t, file, true, 0, &res);
	if (res.problems.n)
		fail_msg("line %zu %s: %s %s", res.problems.v[0].line, res.problems.v[0].field,
			 res.problems.v[0].err.msgid, res.problems.v[0].err.arg);
	assert_string_equal(res.encoding, "Windows-1252");
	assert_false(res.imported);
	assert_int_equal(completions(t), before);
	import(t, file, false, 0, &res);
	assert_true(res.imported);
	assert_int_equal(completions(t), before + 2);
	import(t, file, false, 0, &res);
	assert_true(res.imported);
	assert_int_equal(res.n_already, 2);
	assert_int_equal(completions(t), before + 2);
}

/*
 * The reads of a subtree (found through its units) hold the people with a
 * role in it and only their completions: Dora of another organisation, in
 * the same target group with an expired completion, is in neither the
 * first organisation's reads nor its gaps, alone in her own's, and in the
 * installation's.
 */
static void test_reads_of_a_subtree(void **state)
{
	struct t *t = *state;
	struct unit_input o = { 0, "organisation", "Västby kommun", "", "", "" };
	struct training_person *people;
	struct training_done *done;
	struct training_gap *gaps;
	struct training_group g;
	struct err e = { 0 };
	const char *org_sub, *other_sub;
	int64_t other, dora;
	size_t n, n_all, n_before;

	size_t n_done_before;

	/* Read (and kept) before Dora comes: what is kept is read again after each write. */
	assert_int_equal(training_missing(t->db, t->a, NULL, t->org, "2026-03-01", &gaps, &n_before, &e), 0);
	assert_int_equal(q_training_people(t->db, t->a, NULL, &people, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_int_equal(q_training_done(t->db, t->a, NULL, &done, &n_done_before, &e), 0);
	assert_int_equal(unit_create(t->db, t->a, act, &o, &other, &e), 0);
	dora = mk_user(t, "dora", "Dora Chef", other);
	assert_int_equal(training_group_get(t->db, t->a, t->group, &g, &e), 0);
	assert_int_equal(training_member_add(t->db, t->a, act, &g, dora, &e), 0);
	assert_int_equal(record(t, dora, other, "2020-01-15", &e), 0);
	/* Two roles on one unit: Dora comes once. */
	assert_int_equal(grant_add(t->db, t->a, act, dora, other, "coordinator", NULL, &e), 0);
	assert_int_equal(unit_subtree(t->db, t->a, t->org, &org_sub, &e), 0);
	assert_int_equal(unit_subtree(t->db, t->a, other, &other_sub, &e), 0);

	/* Anna and Bo in KLF, Cilla in SOC and KLF: a row per role, none of Dora. */
	assert_int_equal(q_training_people(t->db, t->a, org_sub, &people, &n, &e), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_int_not_equal(people[i].user_id, dora);
		assert_true(!strncmp(people[i].unit_path, org_sub, strlen(org_sub)));
	}
	assert_int_equal(q_training_people(t->db, t->a, other_sub, &people, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(people[0].user_id, dora);
	assert_int_equal(people[0].unit_id, other);
	assert_int_equal(q_training_people(t->db, t->a, NULL, &people, &n, &e), 0);
	assert_int_equal(n, 5);

	assert_int_equal(q_training_done(t->db, t->a, NULL, &done, &n_all, &e), 0);
	assert_int_equal(n_all, n_done_before + 1);
	assert_int_equal(q_training_done(t->db, t->a, org_sub, &done, &n, &e), 0);
	assert_int_equal(n, n_all - 1);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(done[i].user_id, dora);
	assert_int_equal(q_training_done(t->db, t->a, other_sub, &done, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(done[0].user_id, dora);
	assert_string_equal(done[0].completed_on, "2020-01-15");

	assert_int_equal(training_missing(t->db, t->a, NULL, other, "2026-03-01", &gaps, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(gaps[0].user_id, dora);
	assert_string_equal(gaps[0].last_completed, "2020-01-15");
	assert_int_equal(training_missing(t->db, t->a, NULL, t->org, "2026-03-01", &gaps, &n, &e), 0);
	assert_int_equal(n, n_before);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(gaps[i].user_id, dora);

	/* Renewed in 2025: no gap now; on a day before the renewal, the expired one of 2020 is her last. */
	assert_int_equal(record(t, dora, other, "2025-01-15", &e), 0);
	assert_int_equal(training_missing(t->db, t->a, NULL, other, "2026-03-01", &gaps, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(training_missing(t->db, t->a, NULL, other, "2024-12-31", &gaps, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(gaps[0].last_completed, "2020-01-15");
	assert_string_equal(gaps[0].valid_until, "2022-01-15");
}

/* The ids of the people of @f's list for @auth, in its order, as "id:course,id:course,"; and its total. */
static const char *missing_ids(struct t *t, const struct auth *auth, const struct training_gap_filter *f,
			       int64_t *total)
{
	struct training_gap *gaps;
	struct err e = { 0 };
	size_t n;
	const char *s = "";
	assert_int_equal(training_missing_list(t->db, t->a, auth, f, &gaps, &n, total, &e), 0);
	for (size_t i = 0; i < n; i++)
		s = arena_printf(t->a, "%s%lld:%lld,", s, (long long)gaps[i].user_id, (long long)gaps[i].course_id);
	return s;
}

/*
 * The people missing a course as an administrator lists them are kept between writes: the second page
 * asks only for the data version (it matched every member's roles and completions again), and a write
 * shows at once. A coordinator of one administration sees only its people, the administrator's kept
 * list notwithstanding, and the filters, orders and pages are the list's own.
 */
static void test_missing_list_kept(void **state)
{
	struct t *t = *state;
	struct grant all = { .role = ROLE_ADMIN };
	struct auth admin = { .user_id = 99, .lang = LANG_SV, .grants = &all, .n_grants = 1 };
	struct unit soc;
	struct grant one = { .role = ROLE_COORDINATOR, .unit_id = t->soc };
	struct auth coord = { .user_id = 98, .lang = LANG_SV, .grants = &one, .n_grants = 1 };
	struct training_gap_filter f = { .limit = 50, .today = "2026-03-01" };
	struct err e = { 0 };
	int64_t total, queries;
	const char *first;

	assert_int_equal(unit_get(t->db, t->a, t->soc, &soc, &e), 0);
	one.unit_path = soc.path;
	assert_int_equal(record(t, t->anna, t->ks, "2023-06-10", &e), 0);
	first = missing_ids(t, &admin, &f, &total);
	assert_string_equal(first, arena_printf(t->a, "%lld:%lld,%lld:%lld,%lld:%lld,", (long long)t->anna,
						(long long)t->course, (long long)t->bo, (long long)t->course,
						(long long)t->cilla, (long long)t->course));
	assert_int_equal(total, 3);
	queries = db_query_count(t->db);
	assert_string_equal(missing_ids(t, &admin, &f, &total), first);
	assert_int_equal(db_query_count(t->db) - queries, 1);
	f.limit = 1;
	f.offset = 1;
	assert_string_equal(missing_ids(t, &admin, &f, &total),
			    arena_printf(t->a, "%lld:%lld,", (long long)t->bo, (long long)t->course));
	assert_int_equal(total, 3);
	f.limit = 50;
	f.offset = 0;
	f.state = "expired";
	assert_string_equal(missing_ids(t, &admin, &f, &total),
			    arena_printf(t->a, "%lld:%lld,", (long long)t->anna, (long long)t->course));
	f.state = NULL;
	f.sort = TGAP_SORT_UNIT; /* Kommunledningsförvaltningen, then Socialförvaltningen */
	assert_string_equal(missing_ids(t, &admin, &f, &total), first);
	f.sort = TGAP_SORT_LAST; /* never completed first */
	assert_string_equal(missing_ids(t, &admin, &f, &total),
			    arena_printf(t->a, "%lld:%lld,%lld:%lld,%lld:%lld,", (long long)t->bo, (long long)t->course,
					 (long long)t->cilla, (long long)t->course, (long long)t->anna,
					 (long long)t->course));
	f.sort = TGAP_SORT_PERSON;

	/* A coordinator of Socialförvaltningen: Cilla alone. */
	assert_string_equal(missing_ids(t, &coord, &f, &total),
			    arena_printf(t->a, "%lld:%lld,", (long long)t->cilla, (long long)t->course));
	assert_int_equal(total, 1);

	/* Bo completes the course: gone from the next list. */
	assert_int_equal(record(t, t->bo, t->ks, "2026-02-01", &e), 0);
	assert_string_equal(missing_ids(t, &admin, &f, &total),
			    arena_printf(t->a, "%lld:%lld,%lld:%lld,", (long long)t->anna, (long long)t->course,
					 (long long)t->cilla, (long long)t->course));
	assert_int_equal(total, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_coverage_and_missing),
		cmocka_unit_test(test_import_bad_rows),
		cmocka_unit_test(test_import_good),
		cmocka_unit_test(test_reads_of_a_subtree),
		cmocka_unit_test_setup_teardown(test_missing_list_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
