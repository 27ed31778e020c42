/*
 * test_risk.c - risk analysis rules against a real database (SQLite in
 * memory, or PostgreSQL with TEST_DB_URL): risk values and the band at
 * every threshold, matrix placement before and after measures, residual
 * risk, the RSA's due date, the checks of bad input (nothing saved), a
 * scale change that needs a mapping, unfulfilled requirements brought in
 * as risks, and lost updates refused.
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
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/requirement.h"
#include "domain/risk.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

/* Test set-up only: a signed classification, as the classification module records it. */
static DB_QUERY(Q_T_CLASS_INSERT,
		"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level, c_computed,"
		" i_computed, a_computed, status, review_due, created_at)"
		" VALUES ($1, 1, $2, $3, $4, NULL, $2, $3, $4, 'signed', '2027-01-01', '2026-01-01T00:00:00Z')"
		" RETURNING id");
static DB_QUERY(Q_T_ASSET_CLASSIFY, "UPDATE assets SET classification_id = $2 WHERE id = $1");
static DB_QUERY(Q_T_RISK_COUNT, "SELECT count(*) FROM risks");
static DB_QUERY(Q_T_RISK_LEVELS, "SELECT likelihood, consequence, value, version FROM risks WHERE id = $1");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, unit, other_org;
	int64_t anna;
	int64_t analysis;
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(unit_create(t->db, t->a, act, &in, &id, &e), 0);
	return id;
}

static int64_t mk_analysis(struct t *t, int64_t unit, const char *title)
{
	struct risk_analysis_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = unit;
	in.title = title;
	in.analysis_date = "2026-02-15";
	in.scope_kind = "unit";
	if (risk_analysis_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("risk_analysis_create: %s %s", e.field, e.msgid);
	return id;
}

static struct risk_analysis analysis(struct t *t, int64_t id)
{
	struct risk_analysis an;
	struct err e = { 0 };
	assert_int_equal(risk_analysis_get(t->db, t->a, id, &an, &e), 0);
	return an;
}

static struct risk risk_read(struct t *t, int64_t id)
{
	struct risk k;
	struct err e = { 0 };
	assert_int_equal(risk_get(t->db, t->a, id, &k, &e), 0);
	return k;
}

static int64_t mk_risk(struct t *t, int64_t analysis_id, int64_t l, int64_t c, int64_t rl, int64_t rc_)
{
	struct risk_analysis an = analysis(t, analysis_id);
	struct risk_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.threat = "Utpressningsvirus";
	in.likelihood = l;
	in.consequence = c;
	in.residual_likelihood = rl;
	in.residual_consequence = rc_;
	if (risk_create(t->db, t->a, act, &an, &in, &id, &e))
		fail_msg("risk_create: %s %s", e.field, e.msgid);
	return id;
}

static int64_t count_risks(struct t *t)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, &Q_T_RISK_COUNT, NULL, 0, &rows, &e), 0);
	return rows_int(&rows, 0, 0);
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input ua = { "anna", "Anna Andersson", "anna@example.se", "sv", true };

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun");
	t->board = mk_unit(t, t->org, "board", "Socialnämnden");
	t->unit = mk_unit(t, t->board, "administration", "Socialförvaltningen");
	t->other_org = mk_unit(t, 0, "organisation", "Zeta kommun");
	assert_int_equal(user_create(t->db, t->a, act, &ua, "correct horse battery", &t->anna, &e), 0);
	t->analysis = mk_analysis(t, t->unit, "Riskanalys Procapita");
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

/* The value is likelihood x consequence; the band changes exactly at each threshold (defaults 4, 8, 12). */
static void test_values_and_bands(void **state)
{
	struct risk_scale s;
	risk_scale_defaults(&s, 1);
	assert_int_equal(risk_band_of(&s, 1), RISK_LOW);
	assert_int_equal(risk_band_of(&s, 3), RISK_LOW);
	assert_int_equal(risk_band_of(&s, 4), RISK_MEDIUM);
	assert_int_equal(risk_band_of(&s, 7), RISK_MEDIUM);
	assert_int_equal(risk_band_of(&s, 8), RISK_HIGH);
	assert_int_equal(risk_band_of(&s, 11), RISK_HIGH);
	assert_int_equal(risk_band_of(&s, 12), RISK_VERY_HIGH);
	assert_int_equal(risk_band_of(&s, 16), RISK_VERY_HIGH);
	/* Configured thresholds move the edges. */
	s.medium_from = 3, s.high_from = 6, s.very_high_from = 9;
	assert_int_equal(risk_band_of(&s, 2), RISK_LOW);
	assert_int_equal(risk_band_of(&s, 3), RISK_MEDIUM);
	assert_int_equal(risk_band_of(&s, 5), RISK_MEDIUM);
	assert_int_equal(risk_band_of(&s, 6), RISK_HIGH);
	assert_int_equal(risk_band_of(&s, 9), RISK_VERY_HIGH);
	/* Default Swedish names of the four-level scales. */
	assert_string_equal(risk_level_name(&s, 0, 1, LANG_SV), "Osannolik");
	assert_string_equal(risk_level_name(&s, 1, 4, LANG_SV), "Allvarlig");
	assert_null(risk_level_name(&s, 0, 5, LANG_SV));
}

/* Every cell of the 4 x 4 matrix holds the risk placed there, and its value and band follow. */
static void test_matrix_placement(void **state)
{
	struct t *t = *state;
	int64_t an = mk_analysis(t, t->unit, "Matris");
	int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], total;
	struct risk_filter f;
	struct risk_scale s;
	struct err e = { 0 };

	risk_scale_defaults(&s, t->org);
	for (int64_t l = 1; l <= 4; l++)
		for (int64_t c = 1; c <= 4; c++) {
			struct risk k = risk_read(t, mk_risk(t, an, l, c, 0, 0));
			assert_int_equal(k.value, l * c);
			assert_int_equal(k.residual_value, l * c); /* no residual assessed: the value itself */
		}
	risk_filter_init(&f);
	f.analysis_id = an;
	assert_int_equal(risk_matrix(t->db, t->a, &f, counts, &total, &e), 0);
	assert_int_equal(total, 16);
	for (int64_t l = 1; l <= 4; l++)
		for (int64_t c = 1; c <= 4; c++)
			assert_int_equal(counts[l][c], 1);
	/* A cell's list is the register filtered to it. */
	{
		struct risk *list;
		size_t n;
		int64_t tot;
		f.likelihood = 3, f.consequence = 4;
		assert_int_equal(risk_list(t->db, t->a, &f, &list, &n, &tot, &e), 0);
		assert_int_equal(tot, 1);
		assert_int_equal(list[0].value, 12);
		assert_int_equal(risk_band_of(&s, list[0].value), RISK_VERY_HIGH);
	}
}

/* The residual risk: after measures the risk moves to its residual cell; without them it stays. */
static void test_residual(void **state)
{
	struct t *t = *state;
	int64_t an = mk_analysis(t, t->unit, "Kvarvarande");
	int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], total;
	struct risk_filter f;
	struct err e = { 0 };
	int64_t moved = mk_risk(t, an, 4, 4, 2, 3);
	struct risk k = risk_read(t, moved);

	mk_risk(t, an, 3, 3, 0, 0);
	assert_int_equal(k.value, 16);
	assert_int_equal(k.residual_value, 6);
	risk_filter_init(&f);
	f.analysis_id = an;
	assert_int_equal(risk_matrix(t->db, t->a, &f, counts, &total, &e), 0);
	assert_int_equal(counts[4][4], 1);
	assert_int_equal(counts[3][3], 1);
	f.residual = true;
	assert_int_equal(risk_matrix(t->db, t->a, &f, counts, &total, &e), 0);
	assert_int_equal(counts[4][4], 0);
	assert_int_equal(counts[2][3], 1);
	assert_int_equal(counts[3][3], 1);
	assert_int_equal(total, 2);
	/* Sorted by residual value, the untreated risk comes first. */
	{
		struct risk *list;
		size_t n;
		int64_t tot;
		f.residual = false;
		f.sort = RISK_SORT_RESIDUAL;
		assert_int_equal(risk_list(t->db, t->a, &f, &list, &n, &tot, &e), 0);
		assert_int_equal(n, 2);
		assert_int_equal(list[0].residual_value, 9);
		assert_int_equal(list[1].id, moved);
	}
}

/* REQ: MSBFS 2015:5 — the RSA is due 31 October of the year after the election. */
static void test_rsa_due(void **state)
{
	char due[11];
	risk_rsa_due(2026, due);
	assert_string_equal(due, "2027-10-31");
	risk_rsa_due(2030, due);
	assert_string_equal(due, "2031-10-31");
	assert_true(risk_election_year(2026));
	assert_true(risk_election_year(2030));
	assert_false(risk_election_year(2027));
	assert_int_equal(risk_rsa_term("2026-11-23"), 2026);
	assert_int_equal(risk_rsa_term("2027-10-31"), 2026);
	assert_int_equal(risk_rsa_term("2027-11-01"), 2030);
	assert_int_equal(risk_rsa_term("2026-03-01"), 2026);
}

/* One RSA per term and organisation; it covers the whole organisation. */
static void test_rsa_one_per_term(void **state)
{
	struct t *t = *state;
	struct risk_analysis_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	in.kind = "rsa";
	in.unit_id = t->unit;
	in.title = "RSA 2027";
	in.analysis_date = "2026-03-01";
	in.election_year = 2026;
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
	in.unit_id = t->org;
	in.election_year = 2027;
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "election_year");
	in.election_year = 2026;
	in.sections[0] = "Ekdala ligger vid kusten.";
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), ERR_EXISTS);
	assert_string_equal(e.field, "election_year");
	{
		const char *bodies[7];
		assert_int_equal(risk_rsa_sections(t->db, t->a, id, bodies, &e), 0);
		assert_string_equal(bodies[0], "Ekdala ligger vid kusten.");
		assert_string_equal(bodies[6], "");
	}
}

/* Bad input names its field and saves nothing. */
static void test_bad_input(void **state)
{
	struct t *t = *state;
	struct risk_analysis an = analysis(t, t->analysis);
	struct risk_input in = { 0 };
	struct err e = { 0 };
	int64_t before = count_risks(t), id = 0;

	in.threat = "Brand";
	in.likelihood = 5; /* off the 4-level scale */
	in.consequence = 2;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "likelihood");
	in.likelihood = 2;
	in.consequence = 0;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "consequence");
	in.consequence = 2;
	in.treatment = "accept";
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "treatment_reason");
	in.treatment_reason = "Kostnaden överstiger nyttan.";
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "accepted_by");
	in.accepted_by = 99999;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "accepted_by");
	in.residual_likelihood = 1;
	in.accepted_by = t->anna;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "residual_consequence");
	in.threat_id = 99999;
	in.residual_likelihood = 0;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "threat_id");
	assert_int_equal(count_risks(t), before);
	in.threat_id = 0;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), 0);
	assert_string_equal(risk_read(t, id).accepted_by_name, "Anna Andersson");
}

/* A threat from the catalogue gives its name when no text is written. */
static void test_threat_from_catalogue(void **state)
{
	struct t *t = *state;
	struct risk_analysis an = analysis(t, t->analysis);
	struct risk_threat *list;
	size_t n;
	struct risk_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	assert_int_equal(risk_threat_list(t->db, t->a, false, NULL, &list, &n, &e), 0);
	assert_true(n >= 40);
	assert_int_equal(risk_threat_list(t->db, t->a, false, "antagonistic", &list, &n, &e), 0);
	assert_true(n >= 5);
	in.threat_id = list[1].id;
	in.likelihood = in.consequence = 2;
	assert_int_equal(risk_create(t->db, t->a, act, &an, &in, &id, &e), 0);
	assert_string_equal(risk_read(t, id).threat, list[1].name);
}

/* Two people change one risk: the second, with the old version, is refused and sees the first one's. */
static void test_conflict(void **state)
{
	struct t *t = *state;
	int64_t id = mk_risk(t, t->analysis, 2, 2, 0, 0);
	struct risk before = risk_read(t, id), cur = { 0 };
	struct risk_input in = risk_input_of(&before);
	struct err e = { 0 };

	in.likelihood = 3;
	assert_int_equal(risk_update(t->db, t->a, act, &before, before.version, &in, &cur, &e), 0);
	in.likelihood = 4;
	assert_int_equal(risk_update(t->db, t->a, act, &before, before.version, &in, &cur, &e), ERR_CONFLICT);
	assert_int_equal(risk_read(t, id).likelihood, 3);
}

/*
 * A scale that risks use: changing its number of levels needs a mapping,
 * and stored values change only through it (every changed risk gets a new
 * version); nothing changes without one.
 */
static void test_scale_mapping(void **state)
{
	struct t *t = *state;
	struct unit org;
	struct risk_scale s, cur;
	struct err e = { 0 };
	int64_t l_map[RISK_SCALE_MAX + 1] = { 0, 1, 2, 4, 5 }, n = 0;
	int64_t id = mk_risk(t, t->analysis, 3, 4, 0, 0);
	struct db_rows rows;

	assert_int_equal(unit_get(t->db, t->a, t->org, &org, &e), 0);
	assert_int_equal(risk_scale_of(t->db, t->a, org.path, &s, &e), 0);
	assert_false(s.stored);
	s.likelihood_levels = 5;
	s.likelihood_names[5] = "Nästan säker";
	assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 0, &s, NULL, NULL, &n, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "likelihood_map");
	assert_int_equal(risk_read(t, id).likelihood, 3);
	/* A mapping outside the new scale is refused too. */
	l_map[4] = 6;
	assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 0, &s, l_map, NULL, &n, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "likelihood_map");
	l_map[4] = 5;
	assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 0, &s, l_map, NULL, &n, &cur, &e), 0);
	assert_true(n >= 1);
	assert_int_equal(db_run(t->db, t->a, &Q_T_RISK_LEVELS, DB_ARGS(DB_INT(id)), &rows, &e), 0);
	assert_int_equal(rows_int(&rows, 0, 0), 4);  /* 3 -> 4 */
	assert_int_equal(rows_int(&rows, 0, 2), 16); /* value recomputed */
	assert_int_equal(rows_int(&rows, 0, 3), 2);  /* a new version */
	{
		/* ... recorded in the audit trail like any change of the risk, before and after. */
		struct audit_filter af = { .entity = "risk", .entity_id = id, .action = "update", .limit = 5 };
		struct audit_entry *en;
		size_t n_en;
		int64_t total;
		assert_int_equal(fx_audit_list(t->db, t->a, &af, &en, &n_en, &total, &e), 0);
		assert_int_equal(total, 1);
		assert_non_null(strstr(en[0].before, "\"likelihood\":3"));
		assert_non_null(strstr(en[0].after, "\"likelihood\":4"));
	}
	assert_int_equal(risk_scale_of(t->db, t->a, org.path, &s, &e), 0);
	assert_true(s.stored);
	assert_int_equal(s.likelihood_levels, 5);
	assert_string_equal(s.likelihood_names[5], "Nästan säker");
	/* A stale version is a conflict; bad thresholds name their field. */
	assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 0, &s, NULL, NULL, &n, &cur, &e), ERR_CONFLICT);
	s.high_from = s.medium_from;
	assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 1, &s, NULL, NULL, &n, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "high_from");
	s.high_from = 8;
	s.colour[2] = "orange";
	assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 1, &s, NULL, NULL, &n, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "colour_high");
	/* Back to four levels: 5 must map down. */
	s.colour[2] = "#ef6c00";
	s.likelihood_levels = 4;
	{
		int64_t down[RISK_SCALE_MAX + 1] = { 0, 1, 2, 3, 3, 4 };
		assert_int_equal(risk_scale_update(t->db, t->a, act, &org, 1, &s, down, NULL, &n, &cur, &e), 0);
	}
	assert_int_equal(risk_read(t, id).likelihood, 3);
}

/* Test set-up: a classified asset that does not meet requirement @req. */
static int64_t gap_asset(struct t *t, const char *name, int64_t c, int64_t req, const char *status)
{
	struct asset_input ai = { .unit_id = t->unit, .kind = "system", .name = name };
	struct asset_requirement_input ri = { status, "Saknas", "" };
	struct asset as;
	struct db_rows rows;
	struct err e = { 0 };
	int64_t id = 0;

	assert_int_equal(asset_create(t->db, t->a, act, &ai, &id, &e), 0);
	assert_int_equal(
		db_run(t->db, t->a, &Q_T_CLASS_INSERT, DB_ARGS(DB_INT(id), DB_INT(c), DB_INT(1), DB_INT(1)), &rows, &e),
		0);
	assert_int_equal(
		db_run(t->db, t->a, &Q_T_ASSET_CLASSIFY, DB_ARGS(DB_INT(id), DB_INT(rows_int(&rows, 0, 0))), NULL, &e),
		0);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	if (asset_requirement_set(t->db, t->a, act, &as, req, 0, &ri, NULL, &e))
		fail_msg("asset_requirement_set: %s %s", e.field, e.msgid);
	return id;
}

/* The scope's unfulfilled requirements come in as one risk per requirement, naming its assets; again adds nothing. */
static void test_pull_requirements(void **state)
{
	struct t *t = *state;
	struct requirement_input ri = { .code = "T-1",
					.title = "Loggning",
					.category = "logging",
					.min_c = -1,
					.min_i = -1,
					.min_a = -1,
					.min_t = -1,
					.nis2 = "",
					.active = true };
	struct risk_analysis an;
	struct risk_filter f;
	struct risk *list;
	struct risk_concern *cs;
	size_t n;
	int64_t req = 0, total, n_risks, n_concerns;
	struct err e = { 0 };

	if (requirement_create(t->db, t->a, act, &ri, &req, &e))
		fail_msg("requirement_create: %s %s", e.field, e.msgid);
	gap_asset(t, "Procapita", 3, req, "not_fulfilled");
	gap_asset(t, "Lifecare", 2, req, "partial");
	an = analysis(t, mk_analysis(t, t->unit, "Hämtade krav"));
	assert_int_equal(risk_analysis_pull(t->db, t->a, act, LANG_SV, &an, &n_risks, &n_concerns, &e), 0);
	assert_int_equal(n_risks, 1);
	assert_int_equal(n_concerns, 2);
	risk_filter_init(&f);
	f.analysis_id = an.id;
	assert_int_equal(risk_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_non_null(strstr(list[0].vulnerability, "T-1 Loggning"));
	assert_non_null(strstr(list[0].vulnerability, "Procapita (Ej uppfylld)"));
	assert_int_equal(list[0].likelihood, 3);  /* one asset does not meet it at all */
	assert_int_equal(list[0].consequence, 3); /* the highest level of the two */
	assert_int_equal(risk_concerns(t->db, t->a, list[0].id, &cs, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(cs[0].requirement_id, req);
	/* Again: nothing new. */
	assert_int_equal(risk_analysis_pull(t->db, t->a, act, LANG_SV, &an, &n_risks, &n_concerns, &e), 0);
	assert_int_equal(n_risks, 0);
	assert_int_equal(n_concerns, 0);
	/* The asset's risks: the register filtered by asset. */
	risk_filter_init(&f);
	f.asset_id = cs[0].asset_id;
	assert_int_equal(risk_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	/* And the requirements become tracked actions, kept as measures. */
	{
		struct risk k = list[0];
		struct risk_measure *ms;
		size_t n_ms;
		int64_t made, linked, skipped;
		assert_int_equal(risk_make_actions(t->db, t->a, act, LANG_SV, &k, &made, &linked, &skipped, &e), 0);
		assert_int_equal(made, 2);
		assert_int_equal(linked, 2);
		assert_int_equal(risk_measures(t->db, t->a, k.id, &ms, &n_ms, &e), 0);
		assert_int_equal(n_ms, 2);
		assert_true(ms[0].action_id > 0);
		assert_string_equal(ms[0].action_status, "not_started");
		assert_int_equal(risk_make_actions(t->db, t->a, act, LANG_SV, &k, &made, &linked, &skipped, &e), 0);
		assert_int_equal(made + linked, 0);

		/* A measure written by hand is an activity of this year's plan of the risk's unit, linked to the risk. */
		{
			struct activity_filter af;
			struct activity *acts;
			size_t na;
			int64_t mid;
			assert_int_equal(risk_measure_add(t->db, t->a, act, LANG_SV, &k, "Inför reservrutin", 0,
							  "2026-06-30", &mid, &e),
					 0);
			assert_int_equal(risk_measures(t->db, t->a, k.id, &ms, &n_ms, &e), 0);
			assert_int_equal(n_ms, 3);
			activity_filter_init(&af);
			af.link_kind = "risk";
			af.link_target = k.id;
			af.limit = 10;
			assert_int_equal(activity_list(t->db, t->a, &af, &acts, &na, NULL, &e), 0);
			assert_int_equal(na, 1);
			assert_string_equal(acts[0].title, "Inför reservrutin");
			assert_int_equal(acts[0].unit_id, k.unit_id);
			assert_string_equal(acts[0].area_name, "Risker");
			for (size_t i = 0; i < n_ms; i++)
				if (!strcmp(ms[i].title, "Inför reservrutin"))
					assert_int_equal(ms[i].action_id, acts[0].id);
			/* A bad date: refused naming the field, no activity made. */
			assert_int_equal(
				risk_measure_add(t->db, t->a, act, LANG_SV, &k, "Fel", 0, "2026-02-30", NULL, &e),
				ERR_INVALID);
			assert_string_equal(e.field, "due_date");
			assert_int_equal(activity_list(t->db, t->a, &af, &acts, &na, NULL, &e), 0);
			assert_int_equal(na, 1);
		}
	}
}

/* An analysis of named assets needs them; a process scope takes exactly one process. */
static void test_analysis_scope(void **state)
{
	struct t *t = *state;
	struct risk_analysis_input in = { 0 };
	struct asset_input pi = { .unit_id = t->unit, .kind = "process", .name = "Utbetalning" };
	struct asset_input si = { .unit_id = t->unit, .kind = "system", .name = "Ekonomisystem" };
	struct risk_scope_asset *sa;
	size_t n;
	int64_t proc = 0, sys = 0, id = 0, ids[2];
	struct err e = { 0 };

	assert_int_equal(asset_create(t->db, t->a, act, &pi, &proc, &e), 0);
	assert_int_equal(asset_create(t->db, t->a, act, &si, &sys, &e), 0);
	in.unit_id = t->unit;
	in.title = "Utbetalningar";
	in.analysis_date = "2026-02-01";
	in.scope_kind = "assets";
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "asset_ids");
	in.scope_kind = "process";
	ids[0] = sys;
	in.asset_ids = ids;
	in.n_asset_ids = 1;
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "asset_ids");
	ids[0] = proc;
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(risk_analysis_assets(t->db, t->a, id, &sa, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(sa[0].name, "Utbetalning");
	in.analysis_date = "2026-02-30";
	assert_int_equal(risk_analysis_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "analysis_date");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_bands),
		cmocka_unit_test(test_matrix_placement),
		cmocka_unit_test(test_residual),
		cmocka_unit_test(test_rsa_due),
		cmocka_unit_test(test_rsa_one_per_term),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_threat_from_catalogue),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_scale_mapping),
		cmocka_unit_test(test_pull_requirements),
		cmocka_unit_test(test_analysis_scope),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
