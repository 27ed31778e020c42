/*
 * test_review.c - the maturity self-assessment, the key figures at past
 * dates and the management review, against a real database (SQLite in
 * memory, or PostgreSQL with TEST_DB_URL): the cumulative level rule and
 * its gaps, a gap made an activity, an answer to another organisation's
 * question refused with nothing saved; the share classified rising from
 * 30 % to 50 % since 2022 read from history, the figures of modules not
 * yet in Tillit "not available", a date before any data marked; and a
 * management review holding the content of a municipal one (its sections,
 * the DPO's four recommendations with their follow-up, the prioritised
 * actions for 2024-2026) produced with every section in order in HTML,
 * Markdown and DOCX (read back with libxml2, cmark and libzip), approval
 * refused without a name or a case reference, approval freezing the
 * version and making each priority an activity of its year's plan, an
 * edit of the approved version refused, and a new version started from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "core/i18n.h"
#include "db/db.h"
#include "docread.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/classify_import.h"
#include "domain/figures.h"
#include "domain/governing_document.h"
#include "domain/inspection.h"
#include "domain/maturity.h"
#include "domain/plan.h"
#include "domain/plan_report.h"
#include "domain/response.h"
#include "domain/review.h"
#include "domain/review_report.h"
#include "domain/situation.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "fx_intcontrol.h"
#include "io/doc.h"

/* Test-only: a change behind Tillit's back. */
DB_QUERY(T_REVIEW_TAMPER, "UPDATE reviews SET approved_by = 'Någon annan' WHERE id = $1");

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, unit, other_org, other_unit;
	struct unit u, other;
};

static void at(const char *iso)
{
	setenv("TILLIT_NOW", iso, 1);
}

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid ? e.msgid : "");
	return id;
}

static int64_t mk_system(struct t *t, const char *name)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = t->unit;
	in.kind = "system";
	in.name = name;
	if (asset_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s", name, e.msgid ? e.msgid : "");
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	char name[32];

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	at("2021-03-01T10:00:00Z");
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Stockholms stad");
	t->unit = mk_unit(t, t->org, "administration", "Enskede-Årsta-Vantörs stadsdelsnämnd");
	t->other_org = mk_unit(t, 0, "organisation", "Zeta kommun");
	t->other_unit = mk_unit(t, t->other_org, "administration", "Zeta förvaltning");
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "System %d", i + 1);
		mk_system(t, name);
	}
	/* A classification history brought from a spreadsheet with its original dates, through the import a
	 * municipality moving to Tillit uses: 3 of 10 by the end of 2022, 5 by late 2023. */
	at("2023-11-20T09:00:00Z");
	{
		static const char history[] =
			"Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet\n"
			"System 1;2022-02-10;Eva Lind;1;1;1\n"
			"System 2;2022-05-20;Eva Lind;1;2;1\n"
			"System 3;2022-10-30;Eva Lind;2;1;1\n"
			"System 4;2023-03-15;Jan Ek;1;1;1\n"
			"System 5;2023-09-01;Jan Ek;1;1;2\n";
		struct class_import res;
		if (classify_import(t->db, t->a, act, history, sizeof(history) - 1, false, NULL, &res, &e))
			fail_msg("classify_import: line %zu %s", res.problems.n ? res.problems.v[0].line : 0,
				 e.msgid ? e.msgid : "");
		assert_true(res.imported);
		assert_int_equal(res.n_assets, 5);
	}
	assert_int_equal(unit_get(t->db, t->a, t->unit, &t->u, &e), 0);
	assert_int_equal(unit_get(t->db, t->a, t->other_unit, &t->other, &e), 0);
	at("2023-11-23T09:00:00Z");
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	fixture_db_close(t->db);
	arena_free(t->a);
	free(t);
	i18n_release();
	return 0;
}

/* --- the level rule ------------------------------------------------------------------------ */

static void answers(struct maturity_answer *x, const int *levels, const int *met, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = (struct maturity_answer){ .level = levels[i], .step = 1 + (int64_t)(i % 4), .met = met[i] != 0 };
}

static void test_level_is_cumulative(void **state)
{
	static const int levels[] = { 1, 1, 2, 2, 3, 3, 4, 4 };
	struct maturity_answer x[8];
	(void)state;

	answers(x, levels, (const int[]){ 1, 1, 1, 1, 1, 1, 1, 1 }, 8);
	assert_int_equal(maturity_level_of(x, 8), 4);
	answers(x, levels, (const int[]){ 1, 1, 1, 1, 0, 1, 1, 1 }, 8);
	assert_int_equal(maturity_level_of(x, 8), 2);
	/* Everything of levels 3 and 4 met counts for nothing while a level-2 question is not. */
	answers(x, levels, (const int[]){ 1, 1, 0, 1, 1, 1, 1, 1 }, 8);
	assert_int_equal(maturity_level_of(x, 8), 1);
	answers(x, levels, (const int[]){ 0, 1, 1, 1, 1, 1, 1, 1 }, 8);
	assert_int_equal(maturity_level_of(x, 8), 0);
	answers(x, levels, (const int[]){ 1, 1, 1, 1, 1, 1, 1, 0 }, 8);
	assert_int_equal(maturity_level_of(x, 8), 3);
	assert_int_equal(maturity_level_of(x, 0), 0);
}

static void test_self_assessment(void **state)
{
	struct t *t = *state;
	struct maturity_assessment m, other, *years;
	struct maturity_answer *x, *ox;
	struct maturity_question *bank;
	struct maturity_answer_input in[64];
	struct activity ac;
	size_t n, on, nb, k = 0;
	int64_t id, other_id, gap = 0, activity_id = 0, year2022;
	struct err e = { 0 };

	assert_int_equal(maturity_bank(t->db, t->a, t->org, false, &bank, &nb, &e), 0);
	assert_true(nb >= 40);
	assert_int_equal(bank[0].id, 0); /* the default bank until first used */

	assert_int_equal(maturity_start(t->db, t->a, act, &t->u, 2023, &id, &e), 0);
	assert_int_equal(maturity_start(t->db, t->a, act, &t->u, 2023, NULL, &e), ERR_EXISTS);
	assert_string_equal(e.field, "year");
	assert_int_equal(maturity_start(t->db, t->a, act, &t->u, 1999, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	assert_int_equal(maturity_get(t->db, t->a, id, &m, &e), 0);
	assert_int_equal(maturity_answers(t->db, t->a, &m, &x, &n, &e), 0);
	assert_int_equal(n, nb);
	assert_int_equal(m.level, 0);

	/* Every question of levels 1 and 2 met, and one of level 3 left as a gap. */
	for (size_t i = 0; i < n && k < 64; i++) {
		in[k] = (struct maturity_answer_input){ x[i].question_id, x[i].level <= 2, "" };
		if (x[i].level == 3 && !gap)
			gap = x[i].id;
		k++;
	}
	assert_int_equal(maturity_answer(t->db, t->a, act, &m, m.version, in, k, &e), 0);
	assert_int_equal(maturity_get(t->db, t->a, id, &m, &e), 0);
	assert_int_equal(m.level, 2);

	/* An answer to a question of another organisation's bank: refused, naming it, nothing saved. */
	assert_int_equal(maturity_start(t->db, t->a, act, &t->other, 2023, &other_id, &e), 0);
	assert_int_equal(maturity_get(t->db, t->a, other_id, &other, &e), 0);
	assert_int_equal(maturity_answers(t->db, t->a, &other, &ox, &on, &e), 0);
	in[0] = (struct maturity_answer_input){ x[0].question_id, false, "" };
	in[1] = (struct maturity_answer_input){ ox[0].question_id, true, "" };
	assert_int_equal(maturity_answer(t->db, t->a, act, &m, m.version, in, 2, &e), ERR_INVALID);
	assert_string_equal(e.field, "question_id");
	assert_int_equal(maturity_get(t->db, t->a, id, &m, &e), 0);
	assert_int_equal(m.level, 2);
	assert_int_equal(maturity_answers(t->db, t->a, &m, &x, &n, &e), 0);
	assert_true(x[0].met);

	/* A stale version. */
	assert_int_equal(maturity_answer(t->db, t->a, act, &m, m.version - 1, in, 1, &e), ERR_CONFLICT);

	/* The gap becomes an activity of this year's plan in one step, once. */
	assert_int_equal(maturity_gap_activity(t->db, t->a, act, LANG_SV, &m, gap, &activity_id, &e), 0);
	assert_int_equal(activity_get(t->db, t->a, activity_id, &ac, &e), 0);
	assert_int_equal(ac.plan_year, 2023);
	assert_int_equal(ac.unit_id, t->unit);
	assert_string_equal(ac.area_name, "Mognad");
	assert_int_equal(maturity_gap_activity(t->db, t->a, act, LANG_SV, &m, gap, NULL, &e), ERR_EXISTS);
	assert_string_equal(e.field, "answer_id");
	assert_int_equal(maturity_gap_activity(t->db, t->a, act, LANG_SV, &m, x[0].id, NULL, &e), ERR_INVALID);
	assert_int_equal(maturity_gap_activity(t->db, t->a, act, LANG_SV, &m, ox[0].id, NULL, &e), ERR_INVALID);

	/* Earlier years stay readable beside the new one. */
	at("2022-11-01T09:00:00Z");
	assert_int_equal(maturity_start(t->db, t->a, act, &t->u, 2022, &year2022, &e), 0);
	at("2023-11-23T09:00:00Z");
	assert_int_equal(maturity_of_unit(t->db, t->a, t->unit, &years, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(years[0].year, 2023);
	assert_int_equal(years[0].level, 2);
	assert_int_equal(years[1].year, 2022);
	assert_int_equal(years[1].level, 0);

	/* The bank is the organisation's own now: a question added to it is in the next year's assessment. */
	struct maturity_question_input q = { 4, 4, "Används Tillit varje vecka?", true };
	int64_t qid;
	assert_int_equal(maturity_question_add(t->db, t->a, act, &t->u, &q, &qid, &e), 0);
	q.step = 5;
	assert_int_equal(maturity_question_add(t->db, t->a, act, &t->u, &q, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "step");
	assert_int_equal(maturity_bank(t->db, t->a, t->org, false, &bank, &nb, &e), 0);
	assert_int_equal(nb, maturity_default_count + 1);
	assert_int_equal(maturity_bank(t->db, t->a, t->other_org, false, &bank, &nb, &e), 0);
	assert_int_equal(nb, maturity_default_count);
}

/* --- key figures from history ------------------------------------------------------------------ */

static const struct key_figure_value *fig(const struct key_figure_set *s, const char *key)
{
	for (size_t i = 0; i < KEY_FIGURES; i++)
		if (!strcmp(s->v[i].fig->key, key))
			return &s->v[i];
	fail_msg("no figure %s", key);
	return NULL;
}

static void test_key_figures_at_past_dates(void **state)
{
	struct t *t = *state;
	struct key_figure_set s;
	struct err e = { 0 };

	/* "from 30 percent to 50 percent since 2022" */
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2022-12-31", &s, &e), 0);
	assert_false(s.before_data);
	assert_int_equal(fig(&s, "classified")->count, 3);
	assert_int_equal(fig(&s, "classified")->total, 10);
	assert_string_equal(key_figure_text(t->a, LANG_SV, fig(&s, "classified")), "30 %");
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2023-11-23", &s, &e), 0);
	assert_string_equal(key_figure_text(t->a, LANG_SV, fig(&s, "classified")), "50 %");
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2022-06-30", &s, &e), 0);
	assert_string_equal(key_figure_text(t->a, LANG_SV, fig(&s, "classified")), "20 %");

	/* Every figure is read from its module: a count where there is nothing yet is zero, a share "–". */
	for (size_t k = 0; k < KEY_FIGURES; k++)
		assert_true(s.v[k].available);
	assert_string_equal(key_figure_text(t->a, LANG_SV, fig(&s, "documents_overdue")), "0");
	assert_string_equal(key_figure_text(t->a, LANG_SV, fig(&s, "staff_trained")), "–");

	/* Before the first record: answered, and marked. */
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2020-01-01", &s, &e), 0);
	assert_true(s.before_data);
	assert_int_equal(fig(&s, "classified")->total, 0);
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2023-11-24", &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "date");
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2023-02-30", &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "date");
}

/*
 * The figures and sections that other modules give: a governing document past its review, an audit
 * measure past its planned date, an internal control round, each counted from the day after its date.
 */
static void test_review_reads_other_modules(void **state)
{
	struct t *t = *state;
	struct key_figure_set s;
	struct err e = { 0 };
	struct user_input ui = { "ikansvarig", "Ida Kontroll", "ida@example.se", "sv", true };
	int64_t uid, gdoc, insp, rec, resp, area, measure, id;
	struct fx_ic ic;
	const int64_t boards[] = { t->unit };
	struct governing_document_input gi = { .unit_id = t->unit,
					       .kind = "routine",
					       .title = "Rutin för behörigheter",
					       .decided_by = "Förvaltningschef",
					       .decision_date = "2025-03-01",
					       .doc_version = "1.0",
					       .review_months = 12,
					       .next_review = "2026-03-31",
					       .status = "in_force",
					       .replaces_id = 0 };
	struct inspection_input ii = { .unit_id = t->unit,
				       .auditor_kind = "municipal",
				       .title = "Granskning av behörigheter",
				       .case_ref = "RVK 2026/5",
				       .report_date = "2026-01-10",
				       .board_ids = boards,
				       .n_board_ids = 1 };
	struct recommendation_input ri = {
		.number = 1, .text = "Inför regelbunden behörighetskontroll.", .board_ids = boards, .n_board_ids = 1
	};
	struct response_input si = { .unit_id = t->unit, .response_date = "2026-02-01", .title = "Yttrande" };
	struct action_area_input ai = {
		.number = 1, .heading = "Behörigheter", .recommendation_ids = &rec, .n_recommendation_ids = 1
	};
	struct measure_input mi = {
		.title = "Kvartalsvis kontroll", .unit_id = t->unit, .status = "ongoing", .planned_date = "2026-05-31"
	};
	struct inspection x;
	struct audit_response ar;
	struct review r;
	struct review_input rin = { 0 };
	struct doc *d;
	const char *data, *mime;
	size_t len;

	at("2026-01-05T09:00:00Z");
	if (user_create(t->db, t->a, act, &ui, "ett långt lösenord 1", &uid, &e))
		fail_msg("user_create: %s %s", e.field, e.msgid);
	gi.owner_id = uid;
	assert_int_equal(governing_document_create(t->db, t->a, act, &gi, &gdoc, &e), 0);
	assert_int_equal(inspection_create(t->db, t->a, act, &ii, &insp, &e), 0);
	assert_int_equal(inspection_get(t->db, t->a, insp, &x, &e), 0);
	assert_int_equal(recommendation_create(t->db, t->a, act, &x, &ri, &rec, &e), 0);
	assert_int_equal(response_create(t->db, t->a, act, &x, &si, &resp, &e), 0);
	assert_int_equal(response_get(t->db, t->a, resp, &ar, &e), 0);
	assert_int_equal(area_create(t->db, t->a, act, &ar, &ai, &area, &e), 0);
	mi.area_id = area;
	assert_int_equal(measure_create(t->db, t->a, act, &ar, &mi, &measure, &e), 0);
	fx_intcontrol_round(t->db, t->a, t->unit, uid, "Behörighetskontroll", &ic);
	at("2026-10-01T09:00:00Z");

	/* The document is overdue from 2026-04-01, the measure from 2026-06-01; the other organisation has none. */
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2026-03-31", &s, &e), 0);
	assert_int_equal(fig(&s, "documents_overdue")->count, 0);
	assert_int_equal(fig(&s, "audit_measures_overdue")->count, 0);
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2026-06-01", &s, &e), 0);
	assert_int_equal(fig(&s, "documents_overdue")->count, 1);
	assert_int_equal(fig(&s, "audit_measures_overdue")->count, 1);
	assert_string_equal(key_figure_text(t->a, LANG_SV, fig(&s, "audit_measures_overdue")), "1");
	assert_int_equal(figures_key(t->db, t->a, &t->other, "2026-06-01", &s, &e), 0);
	assert_int_equal(fig(&s, "documents_overdue")->count, 0);
	assert_int_equal(fig(&s, "audit_measures_overdue")->count, 0);

	/* What a figure read is kept until the next write, and not after it: a second document counts at once. */
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2026-10-01", &s, &e), 0);
	assert_int_equal(fig(&s, "documents_overdue")->count, 1);
	gi.title = "Rutin för loggning";
	assert_int_equal(governing_document_create(t->db, t->a, act, &gi, &id, &e), 0);
	assert_int_equal(figures_key(t->db, t->a, &t->u, "2026-10-01", &s, &e), 0);
	assert_int_equal(fig(&s, "documents_overdue")->count, 2);
	assert_int_equal(figures_key(t->db, t->a, &t->other, "2026-10-01", &s, &e), 0);
	assert_int_equal(fig(&s, "documents_overdue")->count, 0);

	/* The review of 2027 shows the internal control of 2026 and the open recommendation with its measure. */
	assert_int_equal(review_create(t->db, t->a, act, &t->u, 2027, &rin, &id, &e), 0);
	assert_int_equal(review_get(t->db, t->a, id, &r, &e), 0);
	assert_int_equal(review_report_build(t->db, t->a, LANG_SV, &r, &d, &e), 0);
	assert_int_equal(plan_report_render(t->a, d, PLAN_REPORT_HTML, &data, &len, &mime, &e), 0);
	assert_non_null(strstr(data, "Intern kontroll 2026"));
	assert_non_null(strstr(data, "Behörighetskontroll"));
	assert_non_null(strstr(data, "Granskning av behörigheter (RVK 2026/5, 2026-01-10)"));
	assert_non_null(strstr(data, "1. Inför regelbunden behörighetskontroll."));
	assert_non_null(strstr(data, "Pågående 1"));
	assert_non_null(strstr(data, "Försenad 1"));
	assert_null(strstr(data, "ej tillgänglig"));

	/* Approval freezes both sections: a recommendation added later is not in the approved document. */
	{
		struct review_approval ap = { "förvaltningschef Anders Carstorp", "2026-10-01", "EÅV 2026/1" };
		struct recommendation_input r2 = {
			.number = 2, .text = "Dokumentera rutinen.", .board_ids = boards, .n_board_ids = 1
		};
		int64_t rec2;
		assert_int_equal(review_approve(t->db, t->a, act, LANG_SV, &r, r.version, &ap, &e), 0);
		assert_int_equal(recommendation_create(t->db, t->a, act, &x, &r2, &rec2, &e), 0);
		assert_int_equal(review_get(t->db, t->a, id, &r, &e), 0);
		assert_int_equal(review_report_build(t->db, t->a, LANG_SV, &r, &d, &e), 0);
		assert_int_equal(plan_report_render(t->a, d, PLAN_REPORT_HTML, &data, &len, &mime, &e), 0);
		assert_non_null(strstr(data, "1. Inför regelbunden behörighetskontroll."));
		assert_non_null(strstr(data, "Behörighetskontroll"));
		assert_null(strstr(data, "Dokumentera rutinen."));
	}
}

static void test_situation(void **state)
{
	struct t *t = *state;
	struct unit org;
	struct situation s;
	struct err e = { 0 };

	assert_int_equal(unit_get(t->db, t->a, t->org, &org, &e), 0);
	assert_int_equal(situation_build(t->db, t->a, act, &org, "2023-11-23", &s, &e), 0);
	assert_int_equal(s.n_rows, 1);
	assert_string_equal(s.rows[0].unit_name, "Enskede-Årsta-Vantörs stadsdelsnämnd");
	assert_int_equal(s.years[SITUATION_YEARS - 1].year, 2023);
	assert_int_equal(s.years[SITUATION_YEARS - 2].figs.v[0].count, 3); /* end of 2022 */
	assert_int_equal(s.years[SITUATION_YEARS - 1].figs.v[0].count, 5);
}

/* --- the management review -------------------------------------------------------------------- */

static const char *const seed_texts[REVIEW_SECTIONS] = {
	"Enligt *Tillämpningsanvisning till stadens riktlinje för informationssäkerhet* ska förvaltningschef inhämta en "
	"rapport, så kallad *Ledningens genomgång* från informationssäkerhetssamordnaren.",
	"Förvaltningen har påbörjat arbetet med att ta fram en incidentrutin, arbetet kommer fortsätta 2024. "
	"Antalet informationsklassade system har ökat från 30 procent till 50 procent sedan 2022.",
	"Stockholms stads arbete med informationssäkerhet utgår från ISO 27001.",
	"",
	"Den 14 december 2022 antog EU-kommissionen två nya EU-direktiv: NIS2-direktivet och CER-direktivet.",
	"I juli 2023 fattade EU-kommissionen ett beslut om adekvat skyddsnivå för USA.",
	"Stockholms stads budget 2024 fastställer att informationssäkerhetsarbetet behöver utvecklas.",
	"Den interna kontrollen ska vara utformad för att med rimlig grad av säkerhet kunna uppnå följande:\n\n"
	"- att verksamheten är ändamålsenlig och effektiv\n- att lagar, förordningar, föreskrifter och styrdokument följs.",
	"Stadens arbete med risk- och sårbarhetsanalys (RSA) bedrivs i en tvåårscykel.",
	"",
	"Vissa avvikelser hade identifierats vid stickprovskontroller.",
	"**4.2.1 Revisionsrapport**\n\nI revisionsrapport Nr 5/2019 lämnade stadsrevisionen rekommendation avseende "
	"*Implementering av dataskyddsförordningen*.",
	"Dataskyddsombudet fastställde samtidigt flertalet rekommendationer till nämnden:",
	"Förvaltningen ser möjligheter att förbättra verksamhetens systematiska informationssäkerhetsarbete.",
};

static const char *const dpo_recs[4][3] = {
	{ "Uppdatera rutinen för hantering av personuppgiftsincidenter", "Tas fram under 2024.", "open" },
	{ "Tydliggör vem som ska vara dokumentägare för handboken för behandling av personuppgifter",
	  "Ägarskapet tydliggjordes under 2023.", "done" },
	{ "Se över resterande styrdokument och uppdatera dem vid behov", "Sågs över under 2023.", "done" },
	{ "Ta fram en skriftlig rutin för vad som ska göras vid förlust av arbetstelefon eller arbetsdator",
	  "Tas fram under 2024.", "open" },
};

static const char *const prio2024[] = {
	"Särskilt fokus på informationsklassning av verksamhetsprocesser som omfattas av NIS-direktivet",
	"Öka antalet medarbetare som har kunskap om informationssäkerhet",
	"Utredning och implementeringen av NIS-2",
	"Översyn av incidentrutiner",
	"Behörighetshantering",
	"Tydliggöra informationssäkerhetens roll i inköpsprocessen i samarbete med upphandlare",
};
static const char *const prio2025[] = {
	"Särskilt fokus på informationsklassning av processer med stora volymer av känsliga personuppgifter",
	"Fortsatt arbete med NIS-2",
	"Revidera och se över kontinuitetsplaner",
};
static const char *const prio2026[] = { "Översyn av lokala rutiner" };

static const struct rd_item want_headings[] = {
	{ RD_H1, "Bakgrund" },
	{ RD_H1, "1 Status för åtgärder från ledningens tidigare genomgångar" },
	{ RD_H1, "2 Ledningssystem för informationssäkerhet, LIS" },
	{ RD_H1, "3 Faktorer som påverkar" },
	{ RD_H2, "3.1 Ny lagstiftning" },
	{ RD_H2, "3.2 Överföringar till tredjeland" },
	{ RD_H2, "3.3 Budget" },
	{ RD_H2, "3.4 Intern kontroll" },
	{ RD_H2, "3.5 Risk- och sårbarhetsanalys (RSA)" },
	{ RD_H1, "4 Resultatet från egen uppföljning" },
	{ RD_H2, "4.1 Internkontrollplan (IKP)" },
	{ RD_H2, "4.2 Revisionsresultat" },
	{ RD_H2, "4.3 Risker som identifierats i dataskyddsombudets årsrapport" },
	{ RD_H2, "4.4 Årets incidenter" },
	{ RD_H1, "5 Möjligheter till förbättring av verksamhetens LIS" },
	{ RD_H2, "5.1 Prioritering av åtgärder" },
	{ RD_H3, "5.1.1 2024" },
	{ RD_H3, "5.1.2 2025" },
	{ RD_H3, "5.1.3 2026" },
};

/* Only the headings of @s, to compare with want_headings. */
static struct rd_seq headings(struct arena *a, const struct rd_seq *s)
{
	struct rd_seq out = { 0 };
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == RD_H1 || s->v[i].kind == RD_H2 || s->v[i].kind == RD_H3)
			rd_push(a, &out, s->v[i].kind, s->v[i].text);
	return out;
}

static bool seq_has(const struct rd_seq *s, const char *text)
{
	for (size_t i = 0; i < s->n; i++)
		if (strstr(s->v[i].text, text))
			return true;
	return false;
}

static void add_priorities(struct t *t, int64_t id, int64_t year, const char *const *p, size_t n)
{
	struct review r;
	struct err e = { 0 };
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(review_get(t->db, t->a, id, &r, &e), 0);
		if (review_priority_add(t->db, t->a, act, &r, r.version, year, p[i], NULL, &e))
			fail_msg("priority %s: %s", p[i], e.msgid);
	}
}

/* The findings of audit_verify_records() about reviews and recommendations. */
static size_t review_findings(struct t *t)
{
	struct audit_record_finding *found;
	size_t nf, k = 0;
	int64_t nrec;
	struct err e = { 0 };

	assert_int_equal(audit_verify_records(t->db, t->a, &found, &nf, &nrec, &e), 0);
	for (size_t i = 0; i < nf; i++)
		if (!strcmp(found[i].entity, "review") || !strcmp(found[i].entity, "dpo_recommendation"))
			k++;
	return k;
}

static void test_management_review(void **state)
{
	struct t *t = *state;
	struct review_input in = { 0 };
	struct review r, r2;
	struct review_priority *p;
	struct review_text *texts;
	struct review_approval ap;
	struct plan plan;
	struct activity_filter f;
	struct activity *acts;
	struct doc *d;
	struct rd_seq want = { 0 }, got;
	const char *data, *mime, *body;
	size_t len, np, nt, n;
	int64_t id, earlier, v2;
	struct err e = { 0 };
	xmlDoc *x;

	/* Last year's review, approved with one priority for 2023: its status comes into this year's. */
	at("2022-11-20T09:00:00Z");
	assert_int_equal(review_create(t->db, t->a, act, &t->u, 2023, &in, &earlier, &e), 0);
	add_priorities(t, earlier, 2023, (const char *const[]){ "Ta fram en incidentrutin" }, 1);
	assert_int_equal(review_get(t->db, t->a, earlier, &r, &e), 0);
	ap = (struct review_approval){ "Anders Carstorp", "2022-11-20", "EÅV 2022/911" };
	assert_int_equal(review_approve(t->db, t->a, act, LANG_SV, &r, r.version, &ap, &e), 0);
	at("2023-11-23T09:00:00Z");

	/* This year's: the seed's content. */
	in.contact = "Linnea Kleiner";
	in.case_ref = "EÅV 2023/980";
	for (size_t i = 0; i < REVIEW_SECTIONS; i++)
		in.texts[i] = seed_texts[i];
	assert_int_equal(review_create(t->db, t->a, act, &t->u, 2024, &in, &id, &e), 0);
	assert_int_equal(review_create(t->db, t->a, act, &t->u, 2024, &in, NULL, &e), ERR_EXISTS);
	assert_string_equal(e.field, "year");
	for (int i = 0; i < 4; i++) {
		struct dpo_input di = { 2022, dpo_recs[i][0], dpo_recs[i][1], dpo_recs[i][2] };
		assert_int_equal(dpo_create(t->db, t->a, act, &t->u, &di, NULL, &e), 0);
	}
	struct dpo_input bad = { 2022, "", "", "open" };
	assert_int_equal(dpo_create(t->db, t->a, act, &t->u, &bad, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "text");
	add_priorities(t, id, 2024, prio2024, 6);
	add_priorities(t, id, 2025, prio2025, 3);
	add_priorities(t, id, 2026, prio2026, 1);
	assert_int_equal(review_get(t->db, t->a, id, &r, &e), 0);
	assert_int_equal(review_priority_add(t->db, t->a, act, &r, r.version, 2027, "För sent", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");

	/* Approval without a name or a case reference: refused, naming it, nothing saved. */
	ap = (struct review_approval){ "", "2023-11-23", "EÅV 2023/980" };
	assert_int_equal(review_approve(t->db, t->a, act, LANG_SV, &r, r.version, &ap, &e), ERR_INVALID);
	assert_string_equal(e.field, "approved_by");
	ap = (struct review_approval){ "förvaltningschef Anders Carstorp", "2023-11-23", " " };
	assert_int_equal(review_approve(t->db, t->a, act, LANG_SV, &r, r.version, &ap, &e), ERR_INVALID);
	assert_string_equal(e.field, "case_ref");
	ap.case_ref = "EÅV 2023/980";
	ap.approved_on = "2023-11-24";
	assert_int_equal(review_approve(t->db, t->a, act, LANG_SV, &r, r.version, &ap, &e), ERR_INVALID);
	assert_string_equal(e.field, "approved_on");
	assert_int_equal(review_get(t->db, t->a, id, &r, &e), 0);
	assert_string_equal(r.status, "draft");
	assert_int_equal(plan_find(t->db, t->a, t->unit, 2025, &plan, &e), ERR_NOTFOUND);

	/* The document, in every format, holds every section in order. */
	for (size_t i = 0; i < sizeof(want_headings) / sizeof(want_headings[0]); i++)
		rd_push(t->a, &want, want_headings[i].kind, want_headings[i].text);

	/* Approval freezes the version and makes each priority an activity of its year's plan. */
	ap.approved_on = "2023-11-23";
	assert_int_equal(review_approve(t->db, t->a, act, LANG_SV, &r, r.version, &ap, &e), 0);
	assert_int_equal(review_get(t->db, t->a, id, &r, &e), 0);
	assert_string_equal(r.status, "approved");
	assert_string_equal(r.approved_by, "förvaltningschef Anders Carstorp");
	assert_int_equal(q_review_priorities(t->db, t->a, id, &p, &np, &e), 0);
	assert_int_equal(np, 10);
	for (size_t i = 0; i < np; i++)
		assert_true(p[i].activity_id > 0);
	for (int64_t year = 2024; year <= 2026; year++) {
		assert_int_equal(plan_find(t->db, t->a, t->unit, year, &plan, &e), 0);
		activity_filter_init(&f);
		f.plan_id = plan.id;
		assert_int_equal(activity_list(t->db, t->a, &f, &acts, &n, NULL, &e), 0);
		assert_int_equal(n, year == 2024 ? 6 : year == 2025 ? 3 : 1);
		assert_string_equal(acts[0].area_name, "Ledningens genomgång");
	}

	/* An edit of the approved version: refused, start a new version. */
	in.texts[0] = "Ändrad bakgrund";
	assert_int_equal(review_update(t->db, t->a, act, &r, r.version, &in, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	assert_int_equal(review_priority_add(t->db, t->a, act, &r, r.version, 2024, "Mer", NULL, &e), ERR_CONFLICT);
	assert_int_equal(q_review_texts(t->db, t->a, id, &texts, &nt, &e), 0);
	assert_string_equal(review_text(texts, nt, "background"), seed_texts[0]);

	assert_int_equal(review_report_build(t->db, t->a, LANG_SV, &r, &d, &e), 0);
	assert_int_equal(plan_report_render(t->a, d, PLAN_REPORT_HTML, &data, &len, &mime, &e), 0);
	got = rd_html(t->a, data, len);
	{
		struct rd_seq h = headings(t->a, &got);
		rd_assert_seq(&h, &want, "HTML");
	}
	assert_true(seq_has(&got, "Stockholms stad"));
	assert_true(seq_has(&got, "Dnr: EÅV 2023/980"));
	assert_true(seq_has(&got, "Kontaktperson: Linnea Kleiner"));
	assert_true(seq_has(&got, "Beslutad 2023-11-23"));
	assert_true(seq_has(&got, "Innehållsförteckning"));
	assert_true(seq_has(&got, dpo_recs[3][0]));
	assert_true(seq_has(&got, "Ägarskapet tydliggjordes under 2023."));
	assert_true(seq_has(&got, prio2024[5]));
	assert_true(seq_has(&got, "Fastställd av förvaltningschef Anders Carstorp"));
	/* The earlier review's action with its activity's status, and the key figures now and a year ago. */
	assert_non_null(strstr(data, "Ta fram en incidentrutin"));
	assert_non_null(strstr(data, "Ej påbörjad"));
	assert_non_null(strstr(data, "30 %"));
	assert_non_null(strstr(data, "50 %"));
	/* Internal control and audits: read from Tillit, saying so when there is none. */
	assert_non_null(strstr(data, "Inga kontrollmoment i Tillit för 2023."));
	assert_non_null(strstr(data, "Inga öppna revisionsrekommendationer i Tillit."));

	assert_int_equal(plan_report_render(t->a, d, PLAN_REPORT_MD, &data, &len, &mime, &e), 0);
	got = rd_markdown(t->a, data);
	{
		struct rd_seq h = headings(t->a, &got);
		rd_assert_seq(&h, &want, "Markdown");
	}
	assert_true(seq_has(&got, prio2026[0]));

	assert_int_equal(plan_report_render(t->a, d, PLAN_REPORT_DOCX, &data, &len, &mime, &e), 0);
	body = rd_unzip(t->a, data, len, "word/document.xml", &len);
	assert_non_null(body);
	x = rd_parse_xml(body, len);
	assert_non_null(x);
	got = rd_docx_body(t->a, x);
	{
		struct rd_seq h = headings(t->a, &got);
		rd_assert_seq(&h, &want, "DOCX");
	}
	/* A real table of contents: a TOC field over the headings, its entries in as its current result. */
	assert_int_equal(rd_xpath_number(x, "count(//w:instrText[contains(., 'TOC \\o')])"), 1);
	assert_int_equal(rd_xpath_number(x, "count(//w:fldChar[@w:fldCharType='begin'])"), 1);
	assert_int_equal(rd_xpath_number(x, "count(//w:fldChar[@w:fldCharType='end'])"), 1);
	assert_int_equal(rd_xpath_number(x, "count(//w:p[w:pPr/w:pStyle/@w:val='TOC1'])"), 5);
	assert_int_equal(rd_xpath_number(x, "count(//w:p[w:pPr/w:pStyle/@w:val='TOC2'])"), 10);
	xmlFreeDoc(x);

	/* A new version starts from the frozen one: its texts and priorities, a draft again. */
	assert_int_equal(review_new_version(t->db, t->a, act, &r, &v2, &e), 0);
	assert_int_equal(review_get(t->db, t->a, v2, &r2, &e), 0);
	assert_string_equal(r2.status, "draft");
	assert_int_equal(r2.version_no, 2);
	assert_int_equal(r2.based_on_id, id);
	assert_int_equal(q_review_texts(t->db, t->a, v2, &texts, &nt, &e), 0);
	assert_string_equal(review_text(texts, nt, "dpo"), seed_texts[12]);
	assert_int_equal(q_review_priorities(t->db, t->a, v2, &p, &np, &e), 0);
	assert_int_equal(np, 10);
	assert_true(p[0].activity_id > 0);
	assert_int_equal(review_new_version(t->db, t->a, act, &r, NULL, &e), ERR_CONFLICT);
	assert_int_equal(review_new_version(t->db, t->a, act, &r2, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	assert_int_equal(review_find(t->db, t->a, t->unit, 2024, &r, &e), 0);
	assert_int_equal(r.id, v2);

	/* The audit trail holds every review and recommendation as it is (the classifications this test
	 * wrote directly are left aside); a row changed behind Tillit's back is found. */
	assert_int_equal(review_findings(t), 0);
	assert_int_equal(db_run(t->db, t->a, &T_REVIEW_TAMPER, DB_ARGS(DB_INT(id)), NULL, &e), 0);
	assert_int_equal(review_findings(t), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_is_cumulative),
		cmocka_unit_test_setup_teardown(test_self_assessment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_figures_at_past_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_reads_other_modules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_situation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_management_review, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
