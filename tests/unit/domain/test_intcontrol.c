/*
 * test_intcontrol.c - internal control against a real database: a plan
 * per unit and year with the process of systematic information security
 * work in its analysis; the checks of a control point (a sample larger
 * than its population refused, nothing saved) and of a result (a period
 * outside the plan's year, or written as the other period kind, refused,
 * nothing saved; one result per period); what is due for reporting and on
 * whose start page; deviations and lost updates; the year read for the
 * management review; the plan and its report as documents.
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
#include "domain/audit.h"
#include "domain/intcontrol.h"
#include "domain/intcontrol_report.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"
#include "fx_intcontrol.h"
#include "io/doc.h"

static const struct auth *const act = &fx_system;

/* A change behind Tillit's back, for the check of the records against the trail. */
static DB_QUERY(T_CLOSE, "UPDATE ic_deviations SET status = 'closed' WHERE id = $1");
static DB_QUERY(T_REOPEN, "UPDATE ic_deviations SET status = 'open' WHERE id = $1");
/* Fifty more deviations for every result, for the plans of the lists. */
static DB_QUERY(
	T_MANY_DEVIATIONS,
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)"
	" INSERT INTO ic_deviations (result_id, unit_id, plan_year, responsible_id, description, cause, remedy,"
	" status, version, created_at, updated_at)"
	" SELECT r.id, p.unit_id, p.year, k.responsible_id, 'Avvikelse ' || CAST(n.i AS TEXT), '', '',"
	" CASE WHEN n.i % 3 = 0 THEN 'open' ELSE 'closed' END, 1, '2026-05-01T10:00:00Z', '2026-05-01T10:00:00Z'"
	" FROM ic_results r JOIN ic_points k ON k.id = r.point_id JOIN ic_plans p ON p.id = k.plan_id, n");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, anna;
	int64_t plan, sis; /* the plan of 2026 and its mandatory process */
};

static struct ic_plan plan_of(struct t *t, int64_t id)
{
	struct ic_plan p;
	struct err e = { 0 };
	assert_int_equal(intcontrol_plan_get(t->db, t->a, id, &p, &e), 0);
	return p;
}

static struct ic_point point_of(struct t *t, int64_t id)
{
	struct ic_point k;
	struct err e = { 0 };
	assert_int_equal(intcontrol_point_get(t->db, t->a, id, &k, &e), 0);
	return k;
}

static int64_t mk_point(struct t *t, const char *method, int64_t sample, int64_t population, const char *kind)
{
	struct ic_plan p = plan_of(t, t->plan);
	struct ic_point_input in = { .process_id = t->sis,
				     .title = "Behörigheter stäms av mot lönesystemet",
				     .method = method,
				     .sample_size = sample,
				     .population = population,
				     .frequency = "period",
				     .period_kind = kind,
				     .responsible_id = t->anna,
				     .responsible_unit_id = t->board };
	struct err e = { 0 };
	int64_t id = 0;
	if (intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e))
		fail_msg("intcontrol_point_create: %s %s", e.field, e.msgid);
	return id;
}

static int mk_result(struct t *t, int64_t point, const char *period, size_t n_samples, int64_t *id, struct err *e)
{
	struct ic_point k = point_of(t, point);
	struct ic_sample s[8] = { { "Användare 1001", true, "" }, { "Användare 1002", false, "Slutat 2025" },
				  { "Användare 1003", true, "" }, { "Användare 1004", true, "" },
				  { "Användare 1005", true, "" }, { "Användare 1006", true, "" },
				  { "Användare 1007", true, "" }, { "Användare 1008", true, "" } };
	struct ic_result_input in = { .period = period,
				      .checked_on = "2026-04-20",
				      .conclusion = "Ett konto för mycket.",
				      .samples = s,
				      .n_samples = n_samples };
	return intcontrol_result_create(t->db, t->a, act, &k, &in, id, e);
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct ic_process *cs;
	size_t n;
	struct err e = { 0 };

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-06-15T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input b = { t->org, "board", "Socialnämnden", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &b, &t->board, &e), 0);
	struct user_input ui = { "anna", "Anna Ek", "anna@example.se", "sv", true };
	assert_int_equal(user_create(t->db, t->a, act, &ui, "lösenord-lösenord", &t->anna, &e), 0);
	int64_t grant;
	assert_int_equal(grant_add(t->db, t->a, act, t->anna, t->board, "owner", &grant, &e), 0);
	struct ic_plan_input pi = { t->board, 2026, "", "2026-01-20" };
	assert_int_equal(intcontrol_plan_create(t->db, t->a, act, LANG_SV, &pi, &t->plan, &e), 0);
	assert_int_equal(intcontrol_process_list(t->db, t->a, t->plan, &cs, &n, &e), 0);
	assert_int_equal(n, 1);
	t->sis = cs[0].id;
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

static void test_plan_and_analysis(void **state)
{
	struct t *t = *state;
	struct ic_plan p = plan_of(t, t->plan), cur;
	struct ic_plan_input pi = { t->board, 2026, "", NULL };
	struct ic_process *cs;
	struct ic_process_input ci;
	struct err e = { 0 };
	int64_t id;
	size_t n;

	/* The city-wide process is always offered, selected, and keeps its name. */
	assert_int_equal(intcontrol_process_list(t->db, t->a, t->plan, &cs, &n, &e), 0);
	assert_string_equal(cs[0].name, "Systematiskt informationssäkerhetsarbete");
	assert_true(cs[0].mandatory);
	assert_string_equal(cs[0].decision, "selected");
	ci = intcontrol_process_input_of(&cs[0]);
	ci.name = "Något annat";
	assert_int_equal(intcontrol_process_update(t->db, t->a, act, &cs[0], cs[0].version, &ci, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "name");
	/* One plan per unit and year; years 2000-2100. */
	err_clear(&e);
	assert_int_equal(intcontrol_plan_create(t->db, t->a, act, LANG_SV, &pi, &id, &e), ERR_EXISTS);
	assert_string_equal(e.field, "year");
	pi.year = 1999;
	err_clear(&e);
	assert_int_equal(intcontrol_plan_create(t->db, t->a, act, LANG_SV, &pi, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	/* A process weighed: probability and consequence 0-4, a decision of three. */
	struct ic_process_input in = { "Upphandling", "", 5, 2, "selected", "" };
	err_clear(&e);
	assert_int_equal(intcontrol_process_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "probability");
	in.probability = 3;
	in.decision = "maybe";
	err_clear(&e);
	assert_int_equal(intcontrol_process_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "decision");
	in.decision = "rejected";
	assert_int_equal(intcontrol_process_create(t->db, t->a, act, &p, &in, &id, &e), 0);
	assert_int_equal(intcontrol_process_list(t->db, t->a, t->plan, &cs, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(intcontrol_risk_value(&cs[1]), 6);
	/* A stale version is a conflict with the current record. */
	struct ic_plan_input up = intcontrol_plan_input_of(&p);
	up.title = "Internkontrollplan 2026";
	assert_int_equal(intcontrol_plan_update(t->db, t->a, act, &p, p.version, &up, NULL, &e), 0);
	err_clear(&e);
	assert_int_equal(intcontrol_plan_update(t->db, t->a, act, &p, p.version, &up, &cur, &e), ERR_CONFLICT);
	assert_int_equal(cur.version, p.version + 1);
}

static void test_point_checks(void **state)
{
	struct t *t = *state;
	struct ic_plan p = plan_of(t, t->plan);
	struct ic_process_input rej = { "Delegation", "", 1, 1, "rejected", "Låg risk" };
	struct ic_point_input in = { .process_id = t->sis,
				     .title = "Behörigheter",
				     .method = "sample",
				     .sample_size = 30,
				     .population = 20,
				     .frequency = "period",
				     .period_kind = "tertial" };
	struct ic_point *ks;
	struct err e = { 0 };
	int64_t id = 0, rejected;
	size_t n;

	/* A sample larger than the population: refused naming sample_size, nothing saved. */
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "sample_size");
	assert_int_equal(intcontrol_point_list(t->db, t->a, t->plan, &ks, &n, &e), 0);
	assert_int_equal(n, 0);
	in.population = 0;
	err_clear(&e);
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "population");
	/* Only a process selected for control gets control points. */
	assert_int_equal(intcontrol_process_create(t->db, t->a, act, &p, &rej, &rejected, &e), 0);
	in.population = 400;
	in.process_id = rejected;
	err_clear(&e);
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "process_id");
	in.process_id = t->sis;
	in.period_kind = "month";
	err_clear(&e);
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "period_kind");
	in.period_kind = "tertial";
	in.responsible_unit_id = 999999;
	err_clear(&e);
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "responsible_unit_id");
	in.responsible_unit_id = t->board;
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &in, &id, &e), 0);
	/* A process with control points stays selected. */
	struct ic_process c;
	assert_int_equal(intcontrol_process_get(t->db, t->a, t->sis, &c, &e), 0);
	struct ic_process_input ci = intcontrol_process_input_of(&c);
	ci.decision = "rejected";
	assert_int_equal(intcontrol_process_update(t->db, t->a, act, &c, c.version, &ci, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "decision");
}

static void test_result_checks(void **state)
{
	struct t *t = *state;
	int64_t point = mk_point(t, "sample", 5, 6, "tertial"), quarter = mk_point(t, "full", 0, 0, "quarter");
	struct ic_result *xs;
	struct err e = { 0 };
	int64_t id = 0;
	size_t n;

	/* REQ: a control result for a period outside the plan's year is refused, nothing saved. */
	assert_int_equal(mk_result(t, point, "2025-T3", 2, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "period");
	assert_int_equal(intcontrol_result_list(t->db, t->a, t->plan, &xs, &n, &e), 0);
	assert_int_equal(n, 0);
	/* Written as the other kind of period, or past the last one. */
	err_clear(&e);
	assert_int_equal(mk_result(t, point, "2026-Q1", 2, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "period");
	err_clear(&e);
	assert_int_equal(mk_result(t, point, "2026-T4", 2, &id, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(mk_result(t, quarter, "2026-T1", 2, &id, &e), ERR_INVALID);
	/* More records checked than the population holds. */
	err_clear(&e);
	assert_int_equal(mk_result(t, point, "2026-T1", 7, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "samples");
	assert_int_equal(mk_result(t, point, "2026-T1", 5, &id, &e), 0);
	assert_int_equal(mk_result(t, quarter, "2026-Q2", 0, &id, &e), 0);
	/* One result per period. */
	err_clear(&e);
	assert_int_equal(mk_result(t, point, "2026-T1", 2, &id, &e), ERR_EXISTS);
	assert_string_equal(e.field, "period");
	assert_int_equal(intcontrol_result_list(t->db, t->a, t->plan, &xs, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(xs[0].n_samples, 5);
	assert_int_equal(xs[0].n_failed, 1);
}

static void test_due_and_tasks(void **state)
{
	struct t *t = *state;
	int64_t point = mk_point(t, "sample", 5, 50, "tertial"), result;
	struct ic_point *ks;
	struct ic_result *xs;
	struct ic_due *due;
	struct task *tasks;
	size_t n_ks, n_xs, n_due, n;
	struct grant g = { 1, ROLE_OWNER, t->board, NULL, "Socialnämnden" };
	struct auth anna = { .user_id = t->anna, .username = "anna", .lang = LANG_SV, .grants = &g, .n_grants = 1 };
	struct err e = { 0 };

	g.unit_path = plan_of(t, t->plan).unit_path;
	/* On 15 June: the first tertial is overdue, the second due on 31 August. */
	assert_int_equal(intcontrol_point_list(t->db, t->a, t->plan, &ks, &n_ks, &e), 0);
	assert_int_equal(intcontrol_result_list(t->db, t->a, t->plan, &xs, &n_xs, &e), 0);
	intcontrol_due(t->a, ks, n_ks, xs, n_xs, "2026-06-15", &due, &n_due);
	assert_int_equal(n_due, 2);
	assert_int_equal(due[0].period_no, 1);
	assert_true(due[0].overdue);
	assert_string_equal(due[0].due, "2026-04-30");
	assert_int_equal(due[1].period_no, 2);
	assert_false(due[1].overdue);
	assert_string_equal(due[1].due, "2026-08-31");
	/* On Anna's start page, the overdue one first. */
	assert_int_equal(tasks_of(t->db, t->a, &anna, "2026-06-15", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tasks[0].kind, "intcontrol_point");
	assert_int_equal(tasks[0].id, point);
	assert_true(tasks[0].overdue);
	assert_string_equal(tasks[1].due, "2026-08-31");
	assert_false(tasks[1].overdue);
	/* The responsible reports the first tertial and records a deviation. */
	struct ic_point k = point_of(t, point);
	struct ic_sample s[2] = { { "Användare 1", true, "" }, { "Användare 2", false, "" } };
	struct ic_result_input ri = { .period = "2026-T1", .checked_on = "2026-05-02", .samples = s, .n_samples = 2 };
	assert_int_equal(intcontrol_result_create(t->db, t->a, &anna, &k, &ri, &result, &e), 0);
	struct ic_result x;
	assert_int_equal(intcontrol_result_get(t->db, t->a, result, &x, &e), 0);
	assert_int_equal(x.checked_by, t->anna);
	struct ic_deviation_input di = { "Konto kvar efter avslut", "Rutin saknas", "Inför avslutsrutin", "2026-09-30",
					 "open" };
	int64_t dev;
	assert_int_equal(intcontrol_deviation_create(t->db, t->a, &anna, &x, &di, &dev, &e), 0);
	assert_int_equal(tasks_of(t->db, t->a, &anna, "2026-06-15", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tasks[0].kind, "intcontrol_point"); /* second tertial, due 31 August */
	assert_string_equal(tasks[0].due, "2026-08-31");
	assert_string_equal(tasks[1].kind, "intcontrol_deviation");
	assert_int_equal(tasks[1].id, dev);
	/* Closing it takes it off the list; a stale version is a conflict. */
	struct ic_deviation d, cur;
	assert_int_equal(intcontrol_deviation_get(t->db, t->a, dev, &d, &e), 0);
	di.status = "closed";
	assert_int_equal(intcontrol_deviation_update(t->db, t->a, &anna, &d, d.version, &di, NULL, &e), 0);
	err_clear(&e);
	assert_int_equal(intcontrol_deviation_update(t->db, t->a, &anna, &d, d.version, &di, &cur, &e), ERR_CONFLICT);
	assert_int_equal(tasks_of(t->db, t->a, &anna, "2026-06-15", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 1);
	/* Someone else's control point cannot be reported by the owner role. */
	struct ic_plan p = plan_of(t, t->plan);
	struct ic_point_input other = intcontrol_point_input_of(&k);
	int64_t other_id;
	other.responsible_id = 0;
	assert_int_equal(intcontrol_point_create(t->db, t->a, act, &p, &other, &other_id, &e), 0);
	k = point_of(t, other_id);
	ri.period = "2026-T2";
	err_clear(&e);
	assert_int_equal(intcontrol_result_create(t->db, t->a, &anna, &k, &ri, &result, &e), ERR_FORBIDDEN);
}

static void test_year_and_documents(void **state)
{
	struct t *t = *state;
	int64_t point = mk_point(t, "sample", 5, 50, "tertial"), result;
	struct intcontrol_year *years;
	struct ic_plan p = plan_of(t, t->plan);
	struct err e = { 0 };
	size_t n;

	assert_int_equal(mk_result(t, point, "2026-T1", 2, &result, &e), 0);
	struct ic_result x;
	assert_int_equal(intcontrol_result_get(t->db, t->a, result, &x, &e), 0);
	struct ic_deviation_input di = { "Konto kvar efter avslut", "", "Inför avslutsrutin", NULL, "open" };
	int64_t dev;
	assert_int_equal(intcontrol_deviation_create(t->db, t->a, act, &x, &di, &dev, &e), 0);
	/* The trail matches the deviations; a deviation closed behind Tillit's back is found. */
	{
		struct audit_record_finding *f;
		size_t nf;
		int64_t nrec;
		assert_int_equal(audit_verify_records(t->db, t->a, &f, &nf, &nrec, &e), 0);
		assert_int_equal(nf, 0);
		assert_int_equal(db_run(t->db, t->a, &T_CLOSE, DB_ARGS(DB_INT(dev)), NULL, &e), 0);
		assert_int_equal(audit_verify_records(t->db, t->a, &f, &nf, &nrec, &e), 0);
		assert_int_equal(nf, 1);
		assert_int_equal(f[0].problem, ARP_CHANGED);
		assert_string_equal(f[0].entity, "intcontrol_deviation");
		assert_string_equal(f[0].field, "status");
		assert_int_equal(db_run(t->db, t->a, &T_REOPEN, DB_ARGS(DB_INT(dev)), NULL, &e), 0);
	}
	/* The management review's read: per unit, the year's results and deviations. */
	assert_int_equal(intcontrol_year_by_unit(t->db, t->a, 0, t->org, 2026, &years, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(years[0].plan.unit_id, t->board);
	assert_int_equal(years[0].n_points, 1);
	assert_int_equal(years[0].n_results, 1);
	assert_int_equal(years[0].n_deviations, 1);
	assert_int_equal(years[0].n_open, 1);
	assert_int_equal(intcontrol_year_by_unit(t->db, t->a, 0, t->org, 2025, &years, &n, &e), 0);
	assert_int_equal(n, 0);
	/* The report holds the analysis, the control points, the results and the deviations, in order. */
	struct doc *d = intcontrol_report_build(t->a, LANG_SV, &years[0], IC_DOC_REPORT);
	(void)d;
	const char *data, *mime;
	size_t len;
	assert_int_equal(
		intcontrol_report_file(t->db, t->a, LANG_SV, &p, IC_DOC_REPORT, IC_FMT_MD, &data, &len, &mime, &e), 0);
	const char *a1 = strstr(data, "# Väsentlighets- och riskanalys"), *a2 = strstr(data, "# Kontrollmoment"),
		   *a3 = strstr(data, "# Resultat per period"), *a4 = strstr(data, "Konto kvar efter avslut");
	assert_non_null(a1);
	assert_non_null(a2);
	assert_non_null(a3);
	assert_non_null(a4);
	assert_true(a1 < a2 && a2 < a3 && a3 < a4);
	assert_non_null(strstr(data, "Stickprov: 5 av 50"));
	assert_int_equal(
		intcontrol_report_file(t->db, t->a, LANG_SV, &p, IC_DOC_PLAN, IC_FMT_MD, &data, &len, &mime, &e), 0);
	assert_null(strstr(data, "Konto kvar efter avslut"));
	assert_int_equal(
		intcontrol_report_file(t->db, t->a, LANG_SV, &p, IC_DOC_PLAN, IC_FMT_XLSX, &data, &len, &mime, &e), 0);
	assert_true(len > 100 && data[0] == 'P' && data[1] == 'K');
}

/* The lists answer from their indexes (SQLite): at sixty boards with three thousand deviations, no table is read whole. */
static void test_lists_from_indexes(void **state)
{
	struct db *db;
	struct arena *a = arena_new();
	char url[512];
	struct err e = { 0 };
	int64_t org_id, first = 0, viewer, grant;
	struct explain x;
	const char *scans;

	(void)state;
	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	struct unit_input o = { 0, "organisation", "Storstad", "", "", "" };
	assert_int_equal(unit_create(db, a, act, &o, &org_id, &e), 0);
	for (int i = 0; i < 60; i++) {
		struct unit_input b = { org_id, "board", arena_printf(a, "Nämnd %d", i), "", "", "" };
		struct fx_ic ic;
		int64_t board;
		assert_int_equal(unit_create(db, a, act, &b, &board, &e), 0);
		fx_intcontrol_round(db, a, board, 0, "Kontroll", &ic);
		if (!first)
			first = board;
	}
	assert_int_equal(db_run(db, a, &T_MANY_DEVIATIONS, NULL, 0, NULL, &e), 0);
	struct user_input ui = { "bo", "Bo Ek", "bo@example.se", "sv", true };
	assert_int_equal(user_create(db, a, act, &ui, "lösenord-lösenord", &viewer, &e), 0);
	assert_int_equal(grant_add(db, a, act, viewer, first, "coordinator", &grant, &e), 0);
	assert_int_equal(db_optimize(db, &e), 0);

	assert_int_equal(explain_begin(&x, db, fixture_db_url()), 0);
	{
		struct ic_deviation_filter f = { .viewer_id = viewer, .status = "open", .limit = 50 };
		struct ic_deviation *list;
		struct ic_plan_filter pf = { .viewer_id = viewer, .year = 2026, .limit = 50 };
		struct ic_plan *plans;
		size_t n;
		int64_t total;
		assert_int_equal(intcontrol_deviation_list(db, a, &f, &list, &n, &total, &e), 0);
		assert_int_equal(total, 17); /* 50 / 3 of one board's, and the fixture's own */
		f.sort = IC_DEV_SORT_DUE;
		f.status = NULL;
		assert_int_equal(intcontrol_deviation_list(db, a, &f, &list, &n, &total, &e), 0);
		assert_int_equal(total, 51);
		assert_int_equal(intcontrol_plan_list(db, a, &pf, &plans, &n, &total, &e), 0);
		assert_int_equal(total, 1);
	}
	explain_end(&x);
	scans = explain_full_scans(&x,
				   (const char *[]){ "ic_deviations", "ic_plans", "ic_results", "ic_points", NULL });
	/* PostgreSQL plans by its statistics, and reads a table of three thousand short rows whole where that is
	 * cheaper; the order of the joins is checked on SQLite, which follows CROSS JOIN. */
	if (scans && strncmp(fixture_db_url(), "postgresql:", 11))
		fail_msg("%s", scans);
	explain_release(&x);

	/* Someone who sees every unit gets, along the deviations, what the organisation's units give, in order. */
	struct user_input ua = { "alva", "Alva Ek", "alva@example.se", "sv", true };
	int64_t everyone;
	assert_int_equal(user_create(db, a, act, &ua, "lösenord-lösenord", &everyone, &e), 0);
	assert_int_equal(grant_add(db, a, act, everyone, 0, "reader", NULL, &e), 0);
	for (int who = 0; who < 2; who++)
		for (int sort = 0; sort < 2; sort++) {
			struct ic_deviation_filter f = { .viewer_id = who ? everyone : 0,
							 .sort = sort ? IC_DEV_SORT_DUE : IC_DEV_SORT_NEWEST,
							 .limit = 1000 };
			struct ic_deviation *all, *by_units, *page;
			size_t n_all, n_units, n;
			int64_t total, total_units;
			assert_int_equal(intcontrol_deviation_list(db, a, &f, &all, &n_all, &total, &e), 0);
			f.unit_id = org_id;
			assert_int_equal(intcontrol_deviation_list(db, a, &f, &by_units, &n_units, &total_units, &e),
					 0);
			assert_int_equal(total, total_units);
			assert_int_equal(n_all, n_units);
			assert_true(n_all > 1000 - 1 || (int64_t)n_all == total);
			for (size_t i = 0; i < n_all; i++)
				assert_int_equal(all[i].id, by_units[i].id);
			/* And page by page. */
			f.unit_id = 0;
			f.limit = 7;
			f.offset = 21;
			assert_int_equal(intcontrol_deviation_list(db, a, &f, &page, &n, NULL, &e), 0);
			assert_int_equal(n, 7);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(page[i].id, all[21 + i].id);
		}
	/*
	 * The plans, a page at a time, in both orders: as the plans sorted here, each with its own counts of
	 * points and open deviations (read for the page's rows after the sort). Some boards have a plan of
	 * 2025 too.
	 */
	for (int i = 0; i < 60; i += 4) {
		struct ic_plan_input pi = { first + i, 2025, "", "2025-01-20" };
		int64_t id;
		assert_int_equal(intcontrol_plan_create(db, a, act, LANG_SV, &pi, &id, &e), 0);
	}
	for (int sort = 0; sort < 2; sort++) {
		struct ic_plan_filter pf = { .sort = sort ? IC_PLAN_SORT_UNIT : IC_PLAN_SORT_YEAR, .limit = 1000 };
		struct ic_plan *all, *page;
		size_t n_all, n;
		int64_t total;
		assert_int_equal(intcontrol_plan_list(db, a, &pf, &all, &n_all, &total, &e), 0);
		assert_int_equal(n_all, 60 + 15);
		assert_int_equal(total, (int64_t)n_all);
		for (size_t i = 0; i < n_all; i++) {
			struct ic_plan one;
			assert_int_equal(intcontrol_plan_get(db, a, all[i].id, &one, &e), 0);
			assert_int_equal(all[i].n_points, one.n_points);
			assert_int_equal(all[i].n_open, one.n_open);
			assert_int_equal(all[i].n_points, all[i].year == 2026 ? 1 : 0);
			if (i == 0)
				continue;
			int by_year = all[i - 1].year != all[i].year ? (all[i - 1].year > all[i].year ? -1 : 1) : 0;
			int by_path = strcmp(all[i - 1].unit_path, all[i].unit_path);
			int cmp = sort ? (by_path ? by_path : by_year) : (by_year ? by_year : by_path);
			if (cmp > 0 || (cmp == 0 && all[i - 1].id >= all[i].id))
				fail_msg("sort %d: plan %lld before plan %lld", sort, (long long)all[i - 1].id,
					 (long long)all[i].id);
		}
		assert_true(all[0].n_open > 0);
		pf.limit = 7;
		pf.offset = 21;
		assert_int_equal(intcontrol_plan_list(db, a, &pf, &page, &n, NULL, &e), 0);
		assert_int_equal(n, 7);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(page[i].id, all[21 + i].id);
	}
	fixture_db_close(db);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_and_analysis, setup, teardown),
		cmocka_unit_test_setup_teardown(test_point_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_result_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_and_tasks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_year_and_documents, setup, teardown),
		cmocka_unit_test(test_lists_from_indexes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
