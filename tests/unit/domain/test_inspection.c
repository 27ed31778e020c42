/*
 * test_inspection.c - the rules of audits and responses against a real
 * database: freezing on approval, the supplementary response and the
 * history of a measure across responses, the hand-over of a measure, when
 * a measure is overdue (and where that shows: the open recommendations, the
 * start page's tasks), the management review's view of open
 * recommendations per unit and year, the audit trail of every write, and a
 * measure changed behind Tillit's back found by audit_verify_records().
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
#include "domain/audit.h"
#include "domain/inspection.h"
#include "domain/response.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

static DB_QUERY(Q_T_MEASURE_TAMPER, "UPDATE measures SET status = 'done' WHERE id = $1");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, ks, stk, sn, sf;
	int64_t anna;
	int64_t audit, rec;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input ua = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	struct inspection x;

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2022-02-10T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Malmö stad", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input ks = { t->org, "board", "Kommunstyrelsen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &ks, &t->ks, &e), 0);
	struct unit_input stk = { t->ks, "administration", "Stadskontoret", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &stk, &t->stk, &e), 0);
	struct unit_input sn = { t->org, "board", "Servicenämnden", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &sn, &t->sn, &e), 0);
	struct unit_input sf = { t->sn, "administration", "Serviceförvaltningen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &sf, &t->sf, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ua, "lösenord-som-är-långt", &t->anna, &e), 0);
	{
		int64_t g;
		assert_int_equal(grant_add(t->db, t->a, act, t->anna, t->org, "coordinator", &g, &e), 0);
	}
	{
		const int64_t boards[2] = { t->ks, t->sn };
		struct inspection_input in = { .unit_id = t->org,
					       .auditor_kind = "municipal",
					       .title = "IT-säkerhet",
					       .report_date = "2020-12-01",
					       .board_ids = boards,
					       .n_board_ids = 2 };
		struct recommendation_input ri = {
			.number = 1, .text = "Etablera en organisation.", .board_ids = boards, .n_board_ids = 1
		};
		assert_int_equal(inspection_create(t->db, t->a, act, &in, &t->audit, &e), 0);
		assert_int_equal(inspection_get(t->db, t->a, t->audit, &x, &e), 0);
		assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &t->rec, &e), 0);
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
	unsetenv("TILLIT_NOW");
	return 0;
}

/* A draft response of Kommunstyrelsen with one area answering the recommendation and one measure. */
static void draft(struct t *t, int64_t board, int64_t *resp, int64_t *measure, const char *planned)
{
	struct inspection x;
	struct audit_response s;
	struct err e = { 0 };
	struct response_input si = { .unit_id = board, .response_date = "2021-04-07", .title = "Yttrande" };
	struct action_area_input ai = {
		.number = 1, .heading = "Organisation", .recommendation_ids = &t->rec, .n_recommendation_ids = 1
	};
	struct measure_input mi = { .title = "Ny riktlinje",
				    .unit_id = t->stk,
				    .owner_id = t->anna,
				    .status = "ongoing",
				    .planned_date = planned };
	int64_t area;

	assert_int_equal(inspection_get(t->db, t->a, t->audit, &x, &e), 0);
	assert_int_equal(response_create(t->db, t->a, act, &x, &si, resp, &e), 0);
	assert_int_equal(response_get(t->db, t->a, *resp, &s, &e), 0);
	assert_int_equal(area_create(t->db, t->a, act, &s, &ai, &area, &e), 0);
	mi.area_id = area;
	assert_int_equal(measure_create(t->db, t->a, act, &s, &mi, measure, &e), 0);
}

static void test_freeze_supplement_handover(void **state)
{
	struct t *t = *state;
	struct audit_response s, s2;
	struct measure m, m2, *chain;
	struct measure_handover *hs;
	struct measure_input mi;
	struct response_input ri;
	struct err e = { 0 };
	int64_t resp, measure, resp2, measure2;
	size_t nc, nh, n;
	struct measure *ms;

	draft(t, t->ks, &resp, &measure, "2022-12-31");
	assert_int_equal(response_get(t->db, t->a, resp, &s, &e), 0);
	/* Approval needs a name and a date not in the future. */
	assert_int_equal(response_approve(t->db, t->a, act, &s, 1, "", "2021-04-07", &e), ERR_INVALID);
	assert_string_equal(e.field, "approved_by");
	assert_int_equal(response_approve(t->db, t->a, act, &s, 1, "Anna", "2030-01-01", &e), ERR_INVALID);
	assert_string_equal(e.field, "approved_on");
	assert_int_equal(response_approve(t->db, t->a, act, &s, 1, "Katrin", "2021-04-07", &e), 0);
	assert_int_equal(response_get(t->db, t->a, resp, &s, &e), 0);
	assert_string_equal(s.status, "approved");
	/* Frozen: nothing of it changes, and a supplement is not made twice. */
	ri = response_input_of(&s);
	ri.title = "Ändrad";
	assert_int_equal(response_update(t->db, t->a, act, &s, s.version, &ri, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	assert_int_equal(measure_get(t->db, t->a, measure, &m, &e), 0);
	mi = measure_input_of(&m);
	mi.status = "done";
	assert_int_equal(measure_update(t->db, t->a, act, &m, 1, &mi, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	assert_int_equal(measure_handover(t->db, t->a, act, &m, 1, t->sf, NULL, NULL, &e), ERR_CONFLICT);
	/* The supplementary response: a draft copy whose measure continues the first one. */
	assert_int_equal(response_supplement(t->db, t->a, act, &s, "2022-01-23", &resp2, &e), 0);
	assert_int_equal(response_supplement(t->db, t->a, act, &s, "2022-01-23", NULL, &e), ERR_CONFLICT);
	assert_int_equal(response_get(t->db, t->a, resp2, &s2, &e), 0);
	assert_int_equal(s2.supplements_id, resp);
	assert_string_equal(s2.status, "draft");
	assert_int_equal(measure_of_response(t->db, t->a, resp2, &ms, &n, &e), 0);
	assert_int_equal(n, 1);
	measure2 = ms[0].id;
	assert_int_equal(ms[0].previous_id, measure);
	assert_true(ms[0].area_id > 0);
	/* Handed over to the service administration: the unit changes, the history keeps it. */
	assert_int_equal(measure_handover(t->db, t->a, act, &ms[0], 1, ms[0].unit_id, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "to_unit_id");
	assert_int_equal(measure_handover(t->db, t->a, act, &ms[0], 1, t->sf, "2021-05-01", "IT flyttade", &e), 0);
	assert_int_equal(measure_get(t->db, t->a, measure2, &m2, &e), 0);
	assert_int_equal(m2.unit_id, t->sf);
	assert_string_equal(m2.handed_to, "Serviceförvaltningen");
	assert_int_equal(measure_history(t->db, t->a, &m2, &chain, &nc, &hs, &nh, &e), 0);
	assert_int_equal(nc, 2);
	assert_int_equal(chain[0].id, measure);
	assert_int_equal(chain[0].unit_id, t->stk);
	assert_int_equal(chain[1].id, measure2);
	assert_int_equal(nh, 1);
	assert_string_equal(hs[0].from_name, "Stadskontoret");
	assert_string_equal(hs[0].to_name, "Serviceförvaltningen");
	assert_string_equal(hs[0].handed_on, "2021-05-01");
	/* The first response's measure is as it was. */
	assert_int_equal(measure_get(t->db, t->a, measure, &m, &e), 0);
	assert_int_equal(m.unit_id, t->stk);
	assert_false(m.open);
}

static void test_due_dates(void **state)
{
	struct t *t = *state;
	struct measure m;
	struct measure_input mi;
	struct recommendation *recs;
	struct task *tasks;
	struct auth anna = { .user_id = t->anna, .lang = LANG_SV };
	struct err e = { 0 };
	int64_t resp, measure;
	size_t n;

	/* A fresh audit for Servicenämnden, so this test has its own. */
	{
		const int64_t boards[1] = { t->sn };
		struct inspection_input in = { .unit_id = t->org,
					       .auditor_kind = "imy",
					       .title = "Tillsyn",
					       .report_date = "2021-06-01",
					       .board_ids = boards,
					       .n_board_ids = 1 };
		struct recommendation_input ri = {
			.number = 1, .text = "Gör en DPIA.", .board_ids = boards, .n_board_ids = 1
		};
		struct response_input si = { .unit_id = t->sn, .response_date = "2021-09-01", .title = "Svar" };
		struct action_area_input ai = { .number = 1, .heading = "DPIA" };
		struct measure_input mi0 = { .title = "DPIA för e-tjänsten",
					     .unit_id = t->sf,
					     .owner_id = t->anna,
					     .status = "planned",
					     .planned_date = "2022-02-09" };
		struct inspection x;
		struct audit_response s;
		int64_t audit, rec, area;
		assert_int_equal(inspection_create(t->db, t->a, act, &in, &audit, &e), 0);
		assert_int_equal(inspection_get(t->db, t->a, audit, &x, &e), 0);
		assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &rec, &e), 0);
		assert_int_equal(response_create(t->db, t->a, act, &x, &si, &resp, &e), 0);
		assert_int_equal(response_get(t->db, t->a, resp, &s, &e), 0);
		ai.recommendation_ids = &rec;
		ai.n_recommendation_ids = 1;
		assert_int_equal(area_create(t->db, t->a, act, &s, &ai, &area, &e), 0);
		mi0.area_id = area;
		assert_int_equal(measure_create(t->db, t->a, act, &s, &mi0, &measure, &e), 0);
	}
	/* Planned for yesterday and not done: overdue, on the day after only. */
	assert_int_equal(measure_get(t->db, t->a, measure, &m, &e), 0);
	assert_true(measure_overdue(&m, "2022-02-10"));
	assert_false(measure_overdue(&m, "2022-02-09"));
	/* It shows on the open recommendations of Servicenämnden for 2021, and on Anna's start page. */
	assert_int_equal(recommendation_open_state(t->db, t->a, 0, t->sn, 2021, "2022-02-10", &recs, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(recs[0].n_planned, 1);
	assert_int_equal(recs[0].n_overdue, 1);
	assert_int_equal(recommendation_open_state(t->db, t->a, 0, t->sn, 2020, "2022-02-10", &recs, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(tasks_of(t->db, t->a, &anna, "2022-02-10", 20, &tasks, &n, &e), 0);
	assert_true(n >= 1);
	assert_string_equal(tasks[0].kind, "measure");
	assert_true(tasks[0].overdue);
	/* Done: no longer overdue anywhere; a done date only for a completed measure. */
	mi = measure_input_of(&m);
	mi.done_date = "2022-02-10";
	assert_int_equal(measure_update(t->db, t->a, act, &m, 1, &mi, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "done_date");
	mi.status = "done";
	assert_int_equal(measure_update(t->db, t->a, act, &m, 1, &mi, NULL, &e), 0);
	assert_int_equal(measure_get(t->db, t->a, measure, &m, &e), 0);
	assert_false(measure_overdue(&m, "2022-02-10"));
	assert_int_equal(recommendation_open_state(t->db, t->a, 0, t->sn, 2021, "2022-02-10", &recs, &n, &e), 0);
	assert_int_equal(recs[0].n_overdue, 0);
	assert_int_equal(recs[0].n_done, 1);
	/* A status outside the three is refused. */
	mi.status = "finished";
	assert_int_equal(measure_update(t->db, t->a, act, &m, 2, &mi, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
}

static void test_trail_matches_records(void **state)
{
	struct t *t = *state;
	struct audit_record_finding *f;
	size_t nf;
	int64_t nrec, resp, measure;
	struct err e = { 0 };
	bool found = false;

	draft(t, t->sn, &resp, &measure, NULL);
	(void)resp;
	assert_int_equal(audit_verify_records(t->db, t->a, &f, &nf, &nrec, &e), 0);
	for (size_t i = 0; i < nf; i++)
		if (!strcmp(f[i].entity, "inspection") || !strcmp(f[i].entity, "recommendation") ||
		    !strcmp(f[i].entity, "response") || !strcmp(f[i].entity, "measure"))
			fail_msg("--records finds %s#%lld (problem %d, %s)", f[i].entity, (long long)f[i].id,
				 (int)f[i].problem, f[i].field ? f[i].field : "");
	/* A measure marked done behind Tillit's back is found. */
	assert_int_equal(db_run(t->db, t->a, &Q_T_MEASURE_TAMPER, DB_ARGS(DB_INT(measure)), NULL, &e), 0);
	assert_int_equal(audit_verify_records(t->db, t->a, &f, &nf, &nrec, &e), 0);
	for (size_t i = 0; i < nf; i++)
		found |= !strcmp(f[i].entity, "measure") && f[i].id == measure && f[i].field &&
			 !strcmp(f[i].field, "status");
	assert_true(found);
}

/*
 * The recommendations are read a page at a time (the ids sorted first, then the measures counted for the
 * page alone): both ways, the pages of four put together are the whole list, in the order of the audits'
 * report dates, the audit and the number, each with the counts of its measures.
 */
static void test_recommendations_page_by_page(void **state)
{
	struct t *t = *state;
	const int64_t boards[1] = { t->ks };
	struct recommendation_filter f = { 0 };
	struct recommendation *all, *page;
	size_t n_all, n_page;
	int64_t total;
	struct err e = { 0 };

	for (int k = 0; k < 4; k++) {
		struct inspection x;
		int64_t id, rec;
		struct inspection_input in = { .unit_id = t->org,
					       .auditor_kind = "municipal",
					       .title = arena_printf(t->a, "Granskning %d", k),
					       .report_date = arena_printf(t->a, "2021-0%d-15", 8 - k),
					       .board_ids = boards,
					       .n_board_ids = 1 };
		assert_int_equal(inspection_create(t->db, t->a, act, &in, &id, &e), 0);
		assert_int_equal(inspection_get(t->db, t->a, id, &x, &e), 0);
		for (int r = 3; r >= 1; r--) {
			struct recommendation_input ri = { .number = r,
							   .text = arena_printf(t->a, "Rekommendation %d.%d", k, r),
							   .board_ids = boards,
							   .n_board_ids = 1 };
			assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &rec, &e), 0);
		}
	}
	for (int desc = 0; desc < 2; desc++) {
		f.desc = desc;
		f.limit = 100;
		f.offset = 0;
		assert_int_equal(recommendation_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		assert_int_equal((int64_t)n_all, total);
		assert_true(n_all >= 13);
		for (size_t i = 1; i < n_all; i++) {
			int c = strcmp(all[i - 1].report_date, all[i].report_date);
			assert_true(desc ? c >= 0 : c <= 0);
			if (all[i - 1].inspection_id == all[i].inspection_id)
				assert_true(all[i - 1].number < all[i].number);
		}
		f.limit = 4;
		for (f.offset = 0; (size_t)f.offset < n_all; f.offset += 4) {
			assert_int_equal(recommendation_list(t->db, t->a, &f, &page, &n_page, &total, &e), 0);
			assert_int_equal(total, (int64_t)n_all);
			for (size_t i = 0; i < n_page; i++) {
				const struct recommendation *w = &all[f.offset + (int64_t)i];
				assert_int_equal(page[i].id, w->id);
				assert_string_equal(page[i].text, w->text);
				assert_int_equal(page[i].n_planned + page[i].n_ongoing, w->n_planned + w->n_ongoing);
			}
		}
	}
	/* One audit's (planned once on PostgreSQL): the whole list less the others, in its order, either way. */
	for (int desc = 0; desc < 2; desc++) {
		size_t want = 0;
		int64_t audit;
		f.desc = desc;
		f.limit = 100;
		f.offset = 0;
		f.inspection_id = 0;
		assert_int_equal(recommendation_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		audit = all[n_all / 2].inspection_id;
		for (int run = 0; run < 7; run++) { /* past the five runs after which PostgreSQL might change plans */
			f.inspection_id = run % 2 ? audit : all[0].inspection_id;
			assert_int_equal(recommendation_list(t->db, t->a, &f, &page, &n_page, &total, &e), 0);
			assert_int_equal(total, (int64_t)n_page);
			want = 0;
			for (size_t i = 0; i < n_all; i++)
				if (all[i].inspection_id == f.inspection_id) {
					assert_true(want < n_page);
					assert_int_equal(page[want++].id, all[i].id);
				}
			assert_int_equal(want, n_page);
			assert_true(n_page >= 1);
		}
		f.inspection_id = 0;
	}
	/* Those with an overdue measure: the whole list less the others, in its order. */
	for (int day = 0; day < 2; day++) {
		size_t want = 0;
		f.desc = false;
		f.today = day ? "2030-01-01" : "2021-06-01";
		f.overdue = false;
		f.limit = 100;
		f.offset = 0;
		assert_int_equal(recommendation_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		f.overdue = true;
		assert_int_equal(recommendation_list(t->db, t->a, &f, &page, &n_page, &total, &e), 0);
		assert_int_equal(total, (int64_t)n_page);
		for (size_t i = 0; i < n_all; i++)
			if (all[i].n_overdue > 0) {
				assert_true(want < n_page);
				assert_int_equal(page[want++].id, all[i].id);
			}
		assert_int_equal(want, n_page);
		if (day)
			assert_true(n_page > 0);
	}
	f.overdue = false;
	f.today = NULL;
	/* The first audit's recommendation has the measures earlier tests gave it, counted on its page too. */
	for (size_t i = 0; i < n_all; i++)
		if (all[i].id == t->rec)
			assert_true(all[i].n_planned + all[i].n_ongoing + all[i].n_done > 0);
}

/*
 * The open measures are read a page at a time, and the overdue ones along their planned dates: the pages
 * of three put together are the whole list filtered as the day says, in the order of the planned dates.
 */
static void test_measures_page_by_page(void **state)
{
	struct t *t = *state;
	const int64_t boards[1] = { t->sn };
	static const char *const planned[] = { "2021-03-01", "2023-05-01", "2021-11-30", "2022-01-31", "2024-06-30",
					       "2021-06-15", "2022-02-10", "2020-12-31", "2022-09-01" };
	struct inspection_input in = { .unit_id = t->org,
				       .auditor_kind = "municipal",
				       .title = "Upphandling",
				       .report_date = "2021-02-01",
				       .board_ids = boards,
				       .n_board_ids = 1 };
	struct recommendation_input ri = {
		.number = 1, .text = "Följ upp avtalen.", .board_ids = boards, .n_board_ids = 1
	};
	struct response_input si = { .unit_id = t->sn, .response_date = "2021-03-01", .title = "Yttrande" };
	struct inspection x;
	struct audit_response resp;
	struct measure_filter f = { 0 };
	struct measure *every, *all, *page;
	size_t n_every, n_all, n_page;
	int64_t audit, rec, resp_id, area, id, total;
	struct err e = { 0 };

	assert_int_equal(inspection_create(t->db, t->a, act, &in, &audit, &e), 0);
	assert_int_equal(inspection_get(t->db, t->a, audit, &x, &e), 0);
	assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &rec, &e), 0);
	assert_int_equal(response_create(t->db, t->a, act, &x, &si, &resp_id, &e), 0);
	assert_int_equal(response_get(t->db, t->a, resp_id, &resp, &e), 0);
	{
		struct action_area_input ai = {
			.number = 1, .heading = "Avtal", .recommendation_ids = &rec, .n_recommendation_ids = 1
		};
		assert_int_equal(area_create(t->db, t->a, act, &resp, &ai, &area, &e), 0);
	}
	for (size_t k = 0; k < sizeof(planned) / sizeof(planned[0]); k++) {
		struct measure_input mi = { .title = arena_printf(t->a, "Åtgärd %zu", k),
					    .unit_id = t->sf,
					    .status = "planned",
					    .planned_date = planned[k],
					    .area_id = area };
		assert_int_equal(measure_create(t->db, t->a, act, &resp, &mi, &id, &e), 0);
	}
	f.unit_id = t->sn;
	f.today = "2022-02-10";
	f.limit = 100;
	assert_int_equal(measure_list(t->db, t->a, &f, &every, &n_every, &total, &e), 0);
	assert_true(n_every >= 9);
	for (int overdue = 0; overdue < 2; overdue++) {
		size_t want = 0;
		f.overdue = overdue;
		f.limit = 100;
		f.offset = 0;
		assert_int_equal(measure_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		assert_int_equal((int64_t)n_all, total);
		/* The whole list, in the order of the planned dates, less those planned from the day on. */
		for (size_t i = 0; i < n_every; i++)
			if (!overdue || strcmp(every[i].planned_date, f.today) < 0) {
				assert_true(want < n_all);
				assert_int_equal(all[want++].id, every[i].id);
			}
		assert_int_equal(want, n_all);
		assert_true(n_all >= (overdue ? 5 : 9));
		for (size_t i = 1; i < n_all; i++)
			assert_true(strcmp(all[i - 1].planned_date, all[i].planned_date) <= 0);
		f.limit = 3;
		for (f.offset = 0; (size_t)f.offset < n_all; f.offset += 3) {
			assert_int_equal(measure_list(t->db, t->a, &f, &page, &n_page, &total, &e), 0);
			assert_int_equal(total, (int64_t)n_all);
			for (size_t i = 0; i < n_page; i++)
				assert_int_equal(page[i].id, all[f.offset + (int64_t)i].id);
		}
	}
}

/*
 * A unit's recommendations are those to a board in its subtree, whichever
 * way the list finds them (by the subtree's units on SQLite): the whole
 * list less the others, in its order, both ways, with the same total.
 */
static void test_recommendations_of_a_subtree(void **state)
{
	struct t *t = *state;
	const int64_t to_ks[1] = { t->ks }, to_sn[1] = { t->sn }, to_both[2] = { t->ks, t->sn };
	const int64_t *boards[3] = { to_ks, to_sn, to_both };
	const size_t n_boards[3] = { 1, 1, 2 };
	int64_t made[3];
	struct inspection_input in = { .unit_id = t->org,
				       .auditor_kind = "municipal",
				       .title = "Granskning av nämnderna",
				       .report_date = "2022-03-15",
				       .board_ids = to_both,
				       .n_board_ids = 2 };
	struct inspection x;
	int64_t id;
	struct err e = { 0 };

	assert_int_equal(inspection_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(inspection_get(t->db, t->a, id, &x, &e), 0);
	for (int k = 0; k < 3; k++) {
		struct recommendation_input ri = { .number = k + 1,
						   .text = arena_printf(t->a, "Till nämnderna %d", k),
						   .board_ids = boards[k],
						   .n_board_ids = n_boards[k] };
		assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &made[k], &e), 0);
	}
	/* Which of the three each unit's list holds: ks's, sn's, both boards'. */
	const struct {
		int64_t unit;
		bool has[3];
	} want[] = {
		{ t->org, { true, true, true } },   { t->ks, { true, false, true } },
		{ t->sn, { false, true, true } },   { t->stk, { false, false, false } },
		{ t->sf, { false, false, false } },
	};
	for (int desc = 0; desc < 2; desc++) {
		struct recommendation_filter f = { .desc = desc, .limit = 1000 };
		struct recommendation *all, *list;
		size_t n_all, n;
		int64_t total;

		assert_int_equal(recommendation_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		for (size_t u = 0; u < sizeof(want) / sizeof(want[0]); u++) {
			size_t at = 0;
			f.unit_id = want[u].unit;
			assert_int_equal(recommendation_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
			assert_int_equal(total, (int64_t)n);
			for (int k = 0; k < 3; k++) {
				bool found = false;
				for (size_t i = 0; i < n; i++)
					found = found || list[i].id == made[k];
				if (found != want[u].has[k])
					fail_msg("unit %lld, recommendation %d: %s", (long long)want[u].unit, k,
						 found ? "listed" : "missing");
			}
			/* In the whole list's order. */
			for (size_t i = 0; i < n_all && at < n; i++)
				if (all[i].id == list[at].id)
					at++;
			assert_int_equal(at, n);
			f.unit_id = 0;
		}
	}
}

/*
 * A measure is listed to a viewer who sees its unit or the unit that gave
 * the response, and to no one else; the owner's list holds the owner's
 * measures only. A coordinator of Kommunstyrelsen sees the measure that
 * Servicenämnden gave to Stadskontoret (its unit) and the one that
 * Kommunstyrelsen gave to Serviceförvaltningen (its response), not the one
 * Servicenämnden gave to Serviceförvaltningen.
 */
static void test_measures_seen_through_either_unit(void **state)
{
	struct t *t = *state;
	const int64_t boards[2] = { t->ks, t->sn };
	struct inspection_input in = { .unit_id = t->org,
				       .auditor_kind = "municipal",
				       .title = "Behörigheter",
				       .report_date = "2021-05-01",
				       .board_ids = boards,
				       .n_board_ids = 2 };
	struct recommendation_input ri = {
		.number = 1, .text = "Se över behörigheterna.", .board_ids = boards, .n_board_ids = 2
	};
	struct user_input ub = { "bo", "Bo Berg", "bo@example.se", "sv", true };
	const int64_t board_of[3] = { t->sn, t->sn, t->ks }, unit_of[3] = { t->stk, t->sf, t->sf };
	const bool seen_by_bo[3] = { true, false, true };
	int64_t audit, rec, bo, grant, made[3], resp, area = 0;
	struct inspection x;
	struct audit_response s;
	struct measure_filter f = { 0 };
	struct measure *list;
	size_t n;
	int64_t total;
	struct err e = { 0 };

	assert_int_equal(inspection_create(t->db, t->a, act, &in, &audit, &e), 0);
	assert_int_equal(inspection_get(t->db, t->a, audit, &x, &e), 0);
	assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &rec, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ub, "lösenord-som-är-långt", &bo, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, bo, t->ks, "coordinator", &grant, &e), 0);
	for (int k = 0; k < 3; k++) {
		struct response_input si = { .unit_id = board_of[k], .response_date = "2021-06-01", .title = "Svar" };
		struct action_area_input ai = { .number = 2 + k,
						.heading = "Behörigheter",
						.recommendation_ids = &rec,
						.n_recommendation_ids = 1 };
		struct measure_input mi = { .title = arena_printf(t->a, "Behörighetsåtgärd %d", k),
					    .unit_id = unit_of[k],
					    .owner_id = k == 1 ? t->anna : 0,
					    .status = "planned",
					    .planned_date = "2021-09-01" };
		if (k == 0 || board_of[k] != board_of[k - 1]) {
			assert_int_equal(response_create(t->db, t->a, act, &x, &si, &resp, &e), 0);
			assert_int_equal(response_get(t->db, t->a, resp, &s, &e), 0);
			assert_int_equal(area_create(t->db, t->a, act, &s, &ai, &area, &e), 0);
		}
		mi.area_id = area;
		assert_int_equal(measure_create(t->db, t->a, act, &s, &mi, &made[k], &e), 0);
	}
	for (int by_owner = 0; by_owner < 2; by_owner++) {
		f.viewer_id = by_owner ? 0 : bo;
		f.owner_id = by_owner ? t->anna : 0;
		f.today = "2022-02-10";
		f.limit = 1000;
		assert_int_equal(measure_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
		assert_int_equal((int64_t)n, total);
		for (int k = 0; k < 3; k++) {
			bool found = false, want = by_owner ? k == 1 : seen_by_bo[k];
			for (size_t i = 0; i < n; i++)
				found = found || list[i].id == made[k];
			if (found != want)
				fail_msg("%s, measure %d: %s", by_owner ? "owner" : "viewer", k,
					 found ? "listed" : "missing");
		}
		for (size_t i = 0; by_owner && i < n; i++)
			assert_int_equal(list[i].owner_id, t->anna);
	}
}

static bool same_text(const char *x, const char *y)
{
	return (!x || !*x) ? (!y || !*y) : y && !strcmp(x, y);
}

/*
 * A row of the list of measures carries what the measure read by its id
 * does: its response's unit, its area's number, its owner's name and the
 * unit it was last handed over to, in the whole list and a subtree's, and
 * such rows are among them.
 */
static void test_measure_rows_as_read_by_id(void **state)
{
	struct t *t = *state;
	struct measure *list, one;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	int owned = 0, handed = 0, in_area = 0;

	for (int c = 0; c < 2; c++) {
		struct measure_filter f = { .unit_id = c ? t->org : 0, .today = "2022-02-10", .limit = 1000 };
		assert_int_equal(measure_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(measure_get(t->db, t->a, list[i].id, &one, &e), 0);
			assert_int_equal(list[i].response_unit_id, one.response_unit_id);
			assert_true(same_text(list[i].response_unit_path, one.response_unit_path));
			assert_int_equal(list[i].area_number, one.area_number);
			assert_true(same_text(list[i].owner_name, one.owner_name));
			assert_true(same_text(list[i].handed_to, one.handed_to));
			owned += one.owner_name && *one.owner_name;
			handed += one.handed_to && *one.handed_to;
			in_area += one.area_number > 0;
		}
	}
	assert_true(owned > 0 && handed > 0 && in_area > 0);
}

/*
 * A recommendation is listed to a viewer who sees the audit's unit or one
 * of its boards, and to no one else: a coordinator of Kommunstyrelsen sees
 * Kommunstyrelsen's own audit addressed to Servicenämnden (its unit) and
 * the city's audit addressed to Kommunstyrelsen (its board), not the
 * city's addressed to Servicenämnden; both orders.
 */
static void test_recommendations_seen_through_unit_or_board(void **state)
{
	struct t *t = *state;
	const int64_t unit_of[3] = { t->ks, t->org, t->org }, board_of[3] = { t->sn, t->ks, t->sn };
	const bool seen[3] = { true, true, false };
	struct user_input uc = { "cecilia", "Cecilia Ek", "cecilia@example.se", "sv", true };
	int64_t cecilia, grant, made[3];
	struct recommendation *list;
	size_t n;
	int64_t total;
	struct err e = { 0 };

	assert_int_equal(user_create(t->db, t->a, act, &uc, "lösenord-som-är-långt", &cecilia, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, cecilia, t->ks, "coordinator", &grant, &e), 0);
	for (int k = 0; k < 3; k++) {
		struct inspection_input in = { .unit_id = unit_of[k],
					       .auditor_kind = "municipal",
					       .title = arena_printf(t->a, "Granskning %d", k),
					       .report_date = "2021-07-01",
					       .board_ids = &board_of[k],
					       .n_board_ids = 1 };
		struct recommendation_input ri = {
			.number = 1, .text = "Gör så.", .board_ids = &board_of[k], .n_board_ids = 1
		};
		struct inspection x;
		int64_t audit;
		assert_int_equal(inspection_create(t->db, t->a, act, &in, &audit, &e), 0);
		assert_int_equal(inspection_get(t->db, t->a, audit, &x, &e), 0);
		assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &made[k], &e), 0);
	}
	for (int desc = 0; desc < 2; desc++) {
		struct recommendation_filter f = { .viewer_id = cecilia, .desc = desc, .limit = 1000 };
		assert_int_equal(recommendation_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
		assert_int_equal((int64_t)n, total);
		for (int k = 0; k < 3; k++) {
			bool found = false;
			for (size_t i = 0; i < n; i++)
				found = found || list[i].id == made[k];
			if (found != seen[k])
				fail_msg("recommendation %d: %s", k, found ? "listed" : "missing");
		}
	}
}

/*
 * The audits list: an audit is seen, and falls within a unit's subtree, through its own unit or through a board it
 * is addressed to; the count says as many as the list holds, in either order.
 */
static void test_audits_seen_through_unit_or_board(void **state)
{
	struct t *t = *state;
	/* Audit k's unit and board; seen by a coordinator of Stadskontoret's board (Kommunstyrelsen)? */
	const int64_t unit_of[4] = { t->stk, t->org, t->org, t->sf }, board_of[4] = { t->sn, t->ks, t->sn, t->sn };
	const bool seen[4] = { true, true, false, false }, in_sn[4] = { true, false, true, true };
	struct user_input ud = { "david", "David Ek", "david@example.se", "sv", true };
	int64_t david, grant, made[4];
	struct inspection *list;
	size_t n;
	int64_t total;
	struct err e = { 0 };

	assert_int_equal(user_create(t->db, t->a, act, &ud, "lösenord-som-är-långt", &david, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, david, t->ks, "coordinator", &grant, &e), 0);
	for (int k = 0; k < 4; k++) {
		struct inspection_input in = { .unit_id = unit_of[k],
					       .auditor_kind = "municipal",
					       .title = arena_printf(t->a, "Revision %d", k),
					       .report_date = arena_printf(t->a, "2021-0%d-01", k + 3),
					       .board_ids = &board_of[k],
					       .n_board_ids = 1 };
		assert_int_equal(inspection_create(t->db, t->a, act, &in, &made[k], &e), 0);
	}
	for (int desc = 0; desc < 2; desc++) {
		/* As David: through Stadskontoret (below his board) or addressed to his board. */
		struct inspection_filter f = { .viewer_id = david, .year = 2021, .desc = desc, .limit = 1000 };
		/* As the administrator, the audits of Servicenämnden's subtree: its administration's, or addressed to it. */
		struct inspection_filter g = {
			.viewer_id = 0, .unit_id = t->sn, .year = 2021, .desc = desc, .limit = 1000
		};
		const struct inspection_filter *fs[2] = { &f, &g };
		const bool *want[2] = { seen, in_sn };

		for (int w = 0; w < 2; w++) {
			assert_int_equal(inspection_list(t->db, t->a, fs[w], &list, &n, &total, &e), 0);
			assert_int_equal((int64_t)n, total);
			for (int k = 0; k < 4; k++) {
				bool found = false;
				for (size_t i = 0; i < n; i++)
					found = found || list[i].id == made[k];
				if (found != want[w][k])
					fail_msg("%s, audit %d: %s", w ? "Servicenämnden's subtree" : "David", k,
						 found ? "listed" : "missing");
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_freeze_supplement_handover),
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_trail_matches_records),
		cmocka_unit_test(test_recommendations_page_by_page),
		cmocka_unit_test(test_measures_page_by_page),
		cmocka_unit_test(test_recommendations_of_a_subtree),
		cmocka_unit_test(test_measures_seen_through_either_unit),
		cmocka_unit_test(test_measure_rows_as_read_by_id),
		cmocka_unit_test(test_recommendations_seen_through_unit_or_board),
		cmocka_unit_test(test_audits_seen_through_unit_or_board),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
