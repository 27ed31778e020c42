/*
 * test_requirement.c - the requirements library and fulfilment per asset,
 * against a real database (SQLite in memory, or PostgreSQL with
 * TEST_DB_URL): the rule of which levels make a requirement apply (each
 * threshold, any-of, all empty, unclassified), the default library (size,
 * NIS2 points, categories, unique codes, loaded once), editing with lost
 * updates refused, the CSV import (every problem by line and column, nothing
 * changed on error, codes updated or created), fulfilment with conflicts,
 * and an unfulfilled requirement becoming an activity of the action plan in one step.
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
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/requirement.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

/* Test set-up only: a signed classification, as the classification module records it. */
static DB_QUERY(
	Q_T_CLASS_INSERT,
	"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level, c_computed,"
	" i_computed, a_computed, status, review_due, created_at)"
	" VALUES ($1, $6, $2, $3, $4, $5, $2, $3, $4, 'signed', '2027-01-01', '2026-01-01T00:00:00Z') RETURNING id");
static DB_QUERY(Q_T_ASSET_CLASSIFY, "UPDATE assets SET classification_id = $2 WHERE id = $1");
static DB_QUERY(Q_T_COUNT_REQ, "SELECT count(*) FROM requirements");
static DB_QUERY(Q_T_SET_TEXT, "UPDATE requirements SET text = $2 WHERE code = $1");
static DB_QUERY(Q_T_COUNT_AUDIT, "SELECT count(*) FROM audit_log WHERE entity = 'requirement'");
/* Test set-up only: a library as the version before revision 1 left it. */
static DB_QUERY(Q_T_OLD_LIBRARY_1, "UPDATE requirement_library SET revision = 0");
static DB_QUERY(Q_T_OLD_LIBRARY_2, "UPDATE requirements SET nis2 = 'a', gdpr = '', party = 'organisation',"
				   " conditions = '' WHERE code IN ('PU-01', 'PU-05')");
static DB_QUERY(Q_T_OLD_LIBRARY_3, "UPDATE requirements SET min_c = 3, min_i = 3, min_a = 3, conditions = ''"
				   " WHERE code = 'INC-03'");
static DB_QUERY(Q_T_OLD_LIBRARY_4, "UPDATE requirements SET text = replace(text, ' bör ', ' ska '),"
				   " obligation = 'must' WHERE code = 'LOG-07'");
static DB_QUERY(Q_T_OLD_LIBRARY_5,
		"UPDATE requirements SET title = 'Vår egen rubrik', nis2 = 'a' WHERE code = 'PU-05'");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, unit, owner;
	int64_t sys;  /* classified C2 I1 A3 */
	int64_t bare; /* not classified */
	int n_class;
};

static void classify(struct t *t, int64_t asset, int64_t c, int64_t i, int64_t a, int64_t tr)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, &Q_T_CLASS_INSERT,
				DB_ARGS(DB_INT(asset), DB_INT(c), DB_INT(i), DB_INT(a), tr >= 0 ? DB_INT(tr) : DB_NULL,
					DB_INT(++t->n_class)),
				&rows, &e),
			 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_CLASSIFY, DB_ARGS(DB_INT(asset), DB_INT(rows_int(&rows, 0, 0))),
				NULL, &e),
			 0);
}

static int64_t mk_asset(struct t *t, const char *name, int64_t owner)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = t->unit;
	in.kind = "system";
	in.name = name;
	in.owner_id = owner;
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), 0);
	return id;
}

/* The asset @id as a route's scope reads it, in the test's arena. */
static const struct asset *read_asset(struct t *t, int64_t id)
{
	struct asset *as = arena_calloc(t->a, 1, sizeof(*as));
	struct err e = { 0 };
	assert_int_equal(asset_get(t->db, t->a, id, as, &e), 0);
	return as;
}

static const struct activity *read_action(struct t *t, int64_t id)
{
	struct activity *ac = arena_calloc(t->a, 1, sizeof(*ac));
	struct err e = { 0 };
	assert_int_equal(activity_get(t->db, t->a, id, ac, &e), 0);
	return ac;
}

static const struct requirement *read_requirement(struct t *t, int64_t id)
{
	struct requirement *q = arena_calloc(t->a, 1, sizeof(*q));
	struct err e = { 0 };
	assert_int_equal(requirement_get(t->db, t->a, id, q, &e), 0);
	return q;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input uo = { "olle", "Olle Ägare", "olle@example.se", "sv", true };

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input u = { t->org, "administration", "Socialförvaltningen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &u, &t->unit, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &uo, "correct horse battery", &t->owner, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->owner, t->unit, "owner", NULL, &e), 0);
	t->sys = mk_asset(t, "Procapita", t->owner);
	t->bare = mk_asset(t, "Oklassat", 0);
	classify(t, t->sys, 2, 1, 3, -1);
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

static struct requirement rule(int64_t c, int64_t i, int64_t a, int64_t tr)
{
	struct requirement q = { 0 };
	q.code = "T-1";
	q.active = true;
	q.min_c = c;
	q.min_i = i;
	q.min_a = a;
	q.min_t = tr;
	return q;
}

/* --- the rule (pure) --- */

static void test_applies_each_threshold(void **state)
{
	struct requirement q;
	struct req_levels lv;
	(void)state;

	/* Confidentiality from 2: 1 is below, 2 and 3 reach it. */
	q = rule(2, -1, -1, -1);
	lv = (struct req_levels){ 1, 4, 4, 4 };
	assert_false(requirement_applies(&q, &lv));
	lv.c = 2;
	assert_true(requirement_applies(&q, &lv));
	lv.c = 3;
	assert_true(requirement_applies(&q, &lv));
	/* Integrity, availability and traceability alike. */
	q = rule(-1, 3, -1, -1);
	lv = (struct req_levels){ 4, 2, 4, 4 };
	assert_false(requirement_applies(&q, &lv));
	lv.i = 3;
	assert_true(requirement_applies(&q, &lv));
	q = rule(-1, -1, 2, -1);
	lv = (struct req_levels){ 4, 4, 1, 4 };
	assert_false(requirement_applies(&q, &lv));
	lv.a = 2;
	assert_true(requirement_applies(&q, &lv));
	q = rule(-1, -1, -1, 2);
	lv = (struct req_levels){ 4, 4, 4, 1 };
	assert_false(requirement_applies(&q, &lv));
	lv.t = 2;
	assert_true(requirement_applies(&q, &lv));
	/* Minimum 0 applies to every classified asset. */
	q = rule(0, -1, -1, -1);
	lv = (struct req_levels){ 0, 0, 0, -1 };
	assert_true(requirement_applies(&q, &lv));
}

static void test_applies_any_of(void **state)
{
	/* Log review: T >= 2 or I >= 3. */
	struct requirement q = rule(-1, 3, -1, 2);
	struct req_levels lv = { 4, 2, 4, 1 };
	(void)state;
	assert_false(requirement_applies(&q, &lv)); /* neither reaches */
	lv.i = 3;
	assert_true(requirement_applies(&q, &lv)); /* integrity alone */
	lv = (struct req_levels){ 0, 0, 0, 2 };
	assert_true(requirement_applies(&q, &lv)); /* traceability alone */
	/* Traceability not used in the model (-1) never reaches a traceability minimum. */
	lv = (struct req_levels){ 4, 2, 4, -1 };
	assert_false(requirement_applies(&q, &lv));
}

static void test_applies_all_empty_and_unclassified(void **state)
{
	struct requirement q = rule(-1, -1, -1, -1);
	struct req_levels none = { -1, -1, -1, -1 }, low = { 0, 0, 0, -1 };
	(void)state;
	assert_true(requirement_applies(&q, &low));
	assert_false(requirement_applies(&q, &none));
	q = rule(0, 0, 0, 0);
	assert_false(requirement_applies(&q, &none)); /* unclassified: nothing applies */
	q = rule(-1, -1, -1, -1);
	q.active = false;
	assert_false(requirement_applies(&q, &low)); /* inactive: never */
	assert_false(req_levels_need_separate_analysis(&low));
	low.a = 4;
	assert_true(req_levels_need_separate_analysis(&low));
}

static struct asset_requirement *find(struct asset_requirement *ar, size_t n, const char *code);

/* --- the rule of attributes (pure) --- */

/* A classified asset of @kind at C2 I2 A2, no attribute set. */
static struct asset facts(const char *kind)
{
	struct asset as = { 0 };
	as.kind = kind;
	as.hosting = "";
	as.classification_id = 1;
	as.c_level = as.i_level = as.a_level = 2;
	as.t_level = -1;
	return as;
}

static void test_applies_by_attributes(void **state)
{
	struct requirement q = rule(-1, -1, -1, -1);
	struct asset as = facts("system");
	(void)state;

	/* Personal data: only where it is held. */
	q.conditions = "personal_data";
	assert_false(requirement_applies_to(&q, &as));
	as.personal_data = true;
	assert_true(requirement_applies_to(&q, &as));
	/* Supplier requirements: supplier, cloud and third-country hosting, not own operation. */
	q.conditions = "outsourced";
	as.hosting = "own";
	assert_false(requirement_applies_to(&q, &as));
	as.hosting = "municipal_it";
	assert_false(requirement_applies_to(&q, &as));
	static const char *const outsourced[] = { "supplier", "cloud", "third_country" };
	for (size_t k = 0; k < 3; k++) {
		as.hosting = outsourced[k];
		assert_true(requirement_applies_to(&q, &as));
	}
	q.conditions = "third_country";
	as.hosting = "cloud";
	assert_false(requirement_applies_to(&q, &as));
	as.hosting = "third_country";
	assert_true(requirement_applies_to(&q, &as));
	/* Incident reporting under the cybersecurity act: NIS2 scope, not samhällsviktig alone. */
	q.conditions = "nis2";
	as.vital = true;
	assert_false(requirement_applies_to(&q, &as));
	as.nis2 = true;
	assert_true(requirement_applies_to(&q, &as));
	q.conditions = "vital";
	as.nis2 = false;
	assert_true(requirement_applies_to(&q, &as));
	q.conditions = "business_critical";
	assert_false(requirement_applies_to(&q, &as));
	as.business_critical = true;
	assert_true(requirement_applies_to(&q, &as));
	/* Every attribute named must hold. */
	q.conditions = "personal_data,outsourced";
	as.hosting = "own";
	assert_false(requirement_applies_to(&q, &as));
	as.hosting = "supplier";
	assert_true(requirement_applies_to(&q, &as));
	/* A condition this version does not know never holds. */
	q.conditions = "martian";
	assert_false(requirement_applies_to(&q, &as));
	/* Kinds: one of those named. */
	q.conditions = "";
	q.kinds = "system,digital_service";
	assert_true(requirement_applies_to(&q, &as));
	as.kind = "information_set";
	assert_false(requirement_applies_to(&q, &as));
	as.kind = "digital_service";
	assert_true(requirement_applies_to(&q, &as));
	/* Levels still count, and an unclassified asset gets nothing. */
	q = rule(3, -1, -1, -1);
	q.conditions = "personal_data";
	assert_false(requirement_applies_to(&q, &as)); /* C2 < 3 */
	as.c_level = 3;
	assert_true(requirement_applies_to(&q, &as));
	as.classification_id = 0;
	assert_false(requirement_applies_to(&q, &as));
}

static void test_references_cleaned_and_checked(void **state)
{
	struct t *t = *state;
	struct requirement_input in = { .code = "REF-01",
					.title = "Referenser",
					.text = "Text",
					.category = "governance",
					.min_c = -1,
					.min_i = -1,
					.min_a = -1,
					.min_t = -1,
					.nis2 = "(I), g",
					.active = true,
					.gdpr = "Art. 17, 15-16",
					.obligation = "bör",
					.party = "both",
					.conditions = "outsourced personal_data",
					.kinds = "system" };
	struct requirement q;
	struct err e = { 0 };
	int64_t id = 0;

	assert_int_equal(requirement_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(requirement_get(t->db, t->a, id, &q, &e), 0);
	assert_string_equal(q.nis2, "g,i");
	assert_string_equal(q.gdpr, "15,16,17");
	assert_string_equal(q.obligation, "should");
	assert_string_equal(q.party, "both");
	assert_string_equal(q.conditions, "personal_data,outsourced");
	assert_string_equal(q.kinds, "system");
	assert_string_equal(req_nis2_text(t->a, q.nis2), "(g), (i)");
	assert_string_equal(req_gdpr_text(t->a, q.gdpr), "Art. 15, 16, 17");
	assert_true(requirement_for_supplier(&q));

	/* Each bad value is refused naming its field, and nothing changes. */
	static const struct {
		const char *field, *value;
	} bad[] = { { "nis2", "g,k" },          { "gdpr", "Art. 5a" },   { "gdpr", "120" },
		    { "obligation", "kanske" }, { "party", "kommunen" }, { "conditions", "pengar" },
		    { "kinds", "byggnad" } };
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct requirement_input b = in;
		b.code = "REF-02";
		if (!strcmp(bad[k].field, "nis2"))
			b.nis2 = bad[k].value;
		else if (!strcmp(bad[k].field, "gdpr"))
			b.gdpr = bad[k].value;
		else if (!strcmp(bad[k].field, "obligation"))
			b.obligation = bad[k].value;
		else if (!strcmp(bad[k].field, "party"))
			b.party = bad[k].value;
		else if (!strcmp(bad[k].field, "conditions"))
			b.conditions = bad[k].value;
		else
			b.kinds = bad[k].value;
		err_clear(&e);
		assert_int_equal(requirement_create(t->db, t->a, act, &b, NULL, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[k].field);
		assert_int_equal(requirement_get_by_code(t->db, t->a, "REF-02", &q, &e), ERR_NOTFOUND);
	}
}

static void set_attributes(struct t *t, int64_t id, bool personal_data, const char *hosting)
{
	const struct asset *as = read_asset(t, id);
	struct asset_input in = asset_input_of(as);
	struct err e = { 0 };
	in.personal_data = personal_data;
	in.hosting = hosting;
	assert_int_equal(asset_update(t->db, t->a, act, as, as->version, &in, NULL, &e), 0);
}

static void test_attributes_reevaluate_and_keep_assessments(void **state)
{
	struct t *t = *state;
	struct asset_requirement_input done = { "fulfilled", "Finns i registerförteckningen", "" };
	struct asset_requirement *ar;
	struct requirement pu01;
	size_t n;
	struct err e = { 0 };

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "PU-01", &pu01, &e), 0);
	/* No personal data, own operation: neither PU-* nor LEV-* nor incident reporting under the act. */
	set_attributes(t, t->sys, false, "own");
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->sys), &ar, &n, &e), 0);
	assert_null(find(ar, n, "PU-01"));
	assert_null(find(ar, n, "LEV-01"));
	assert_null(find(ar, n, "INC-03"));
	/* Assessing one that does not apply is refused. */
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), pu01.id, 0, &done, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "requirement_id");
	/* Personal data in the cloud: PU-* and the supplier requirements apply at once. */
	set_attributes(t, t->sys, true, "cloud");
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->sys), &ar, &n, &e), 0);
	assert_non_null(find(ar, n, "PU-01"));
	assert_non_null(find(ar, n, "PU-03")); /* processor agreement: personal data at a supplier */
	assert_non_null(find(ar, n, "LEV-01"));
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), pu01.id, 0, &done, NULL, &e),
			 0);
	/* The personal data goes: PU-01 no longer applies; it comes back, and so does what was assessed. */
	set_attributes(t, t->sys, false, "cloud");
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->sys), &ar, &n, &e), 0);
	assert_null(find(ar, n, "PU-01"));
	assert_non_null(find(ar, n, "LEV-01"));
	set_attributes(t, t->sys, true, "own");
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->sys), &ar, &n, &e), 0);
	assert_non_null(find(ar, n, "PU-01"));
	assert_string_equal(find(ar, n, "PU-01")->status, "fulfilled");
	assert_string_equal(find(ar, n, "PU-01")->comment, "Finns i registerförteckningen");
	assert_null(find(ar, n, "PU-03"));
	assert_null(find(ar, n, "LEV-01"));
}

static void test_import_optional_columns(void **state)
{
	struct t *t = *state;
	struct reqimport_result res;
	struct requirement q;
	struct err e = { 0 };
	const char *csv =
		"code,title,text,category,min_c,min_i,min_a,min_t,nis2,gdpr,obligation,party,conditions,kinds\r\n"
		"NY-20,Nytt krav,Text,governance,,,,,\"g,i\",32,bör,supplier,outsourced,\r\n";
	const char *bad = "code,title,text,category,min_c,min_i,min_a,min_t,nis2,party\r\n"
			  "NY-21,Nytt krav,Text,governance,,,,,a,kommunen\r\n";

	assert_int_equal(requirement_import(t->db, t->a, act, csv, strlen(csv), false, &res, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "NY-20", &q, &e), 0);
	assert_string_equal(q.nis2, "g,i");
	assert_string_equal(q.gdpr, "32");
	assert_string_equal(q.obligation, "should");
	assert_string_equal(q.party, "supplier");
	assert_string_equal(q.conditions, "outsourced");
	/* The old nine columns alone keep what a requirement has. */
	csv = "code,title,text,category,min_c,min_i,min_a,min_t,nis2\r\n"
	      "NY-20,Nytt krav,Ny text,governance,,,,,g\r\n";
	assert_int_equal(requirement_import(t->db, t->a, act, csv, strlen(csv), false, &res, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "NY-20", &q, &e), 0);
	assert_string_equal(q.text, "Ny text");
	assert_string_equal(q.gdpr, "32");
	assert_string_equal(q.party, "supplier");
	/* A bad party names its line and column. */
	assert_int_equal(requirement_import(t->db, t->a, act, bad, strlen(bad), false, &res, &e), ERR_INVALID);
	assert_int_equal(res.n_problems, 1);
	assert_int_equal(res.problems[0].line, 2);
	assert_string_equal(res.problems[0].field, "party");
}

static void test_old_library_brought_up_to_date(void **state)
{
	struct t *t = *state;
	const struct db_query *const old[] = { &Q_T_OLD_LIBRARY_1, &Q_T_OLD_LIBRARY_2, &Q_T_OLD_LIBRARY_3,
					       &Q_T_OLD_LIBRARY_4, &Q_T_OLD_LIBRARY_5 };
	struct requirement q;
	struct db_rows rows;
	struct err e = { 0 };
	int64_t audits;

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	for (size_t k = 0; k < sizeof(old) / sizeof(old[0]); k++)
		assert_int_equal(db_run(t->db, t->a, old[k], NULL, 0, NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_COUNT_AUDIT, NULL, 0, &rows, &e), 0);
	audits = rows_int(&rows, 0, 0);
	/* The next read brings the untouched rows up to date, each change audited. */
	assert_int_equal(requirement_get_by_code(t->db, t->a, "PU-01", &q, &e), 0);
	assert_string_equal(q.nis2, "a");
	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "PU-01", &q, &e), 0);
	assert_string_equal(q.nis2, "");
	assert_string_equal(q.gdpr, "30");
	assert_string_equal(q.conditions, "personal_data");
	assert_int_equal(requirement_get_by_code(t->db, t->a, "INC-03", &q, &e), 0);
	assert_int_equal(q.min_c, -1);
	assert_string_equal(q.conditions, "nis2");
	assert_int_equal(requirement_get_by_code(t->db, t->a, "LOG-07", &q, &e), 0);
	assert_string_equal(q.obligation, "should");
	assert_non_null(strstr(q.text, " bör "));
	/* A row its administrators rewrote keeps their words. */
	assert_int_equal(requirement_get_by_code(t->db, t->a, "PU-05", &q, &e), 0);
	assert_string_equal(q.title, "Vår egen rubrik");
	assert_string_equal(q.nis2, "a");
	assert_int_equal(db_run(t->db, t->a, &Q_T_COUNT_AUDIT, NULL, 0, &rows, &e), 0);
	assert_int_equal(rows_int(&rows, 0, 0), audits + 3); /* PU-01, INC-03, LOG-07 */
	/* Once only. */
	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_COUNT_AUDIT, NULL, 0, &rows, &e), 0);
	assert_int_equal(rows_int(&rows, 0, 0), audits + 3);
}

/* --- the default library --- */

static void test_default_library_contents(void **state)
{
	bool seen_cat[REQ_CATEGORY_COUNT] = { false }, seen_nis2[REQ_NIS2_COUNT] = { false };
	static const char *const required[] = { "access_control", "logging",   "backup",   "encryption",
						"continuity",     "suppliers", "physical", "personal_data" };
	(void)state;

	assert_true(reqlib_default_count >= 60);
	for (size_t i = 0; i < reqlib_default_count; i++) {
		const struct reqlib_entry *d = &reqlib_default[i];
		struct requirement_input in = reqlib_input(d);
		struct err e = { 0 };
		int k;
		if (requirement_check(&in, &e))
			fail_msg("%s: %s %s", d->code, e.field, e.msgid);
		/* Every requirement serves a NIS2 point or a GDPR article. */
		assert_true(*d->nis2 || *d->gdpr);
		for (const char *p = d->nis2; *p; p++)
			if (*p >= 'a' && *p <= 'j')
				seen_nis2[*p - 'a'] = true;
		/* The personal-data requirements carry their GDPR article and apply only where personal data is held. */
		if (!strncmp(d->code, "PU-", 3)) {
			assert_true(*d->gdpr);
			assert_non_null(strstr(d->conditions, "personal_data"));
			assert_null(strchr(d->nis2, 'a'));
		}
		/* The supplier requirements are met by the supplier, for assets a supplier runs. */
		if (!strncmp(d->code, "LEV-", 4)) {
			assert_string_equal(d->party, "supplier");
			assert_non_null(strstr(d->conditions, "outsourced"));
		}
		/* A recommendation says bör, a mandatory requirement does not. */
		if (!strcmp(d->obligation, "should"))
			assert_non_null(strstr(d->text, "bör"));
		for (k = 0; k < REQ_CATEGORY_COUNT; k++)
			if (!strcmp(req_categories[k], d->category))
				seen_cat[k] = true;
		for (size_t m = 0; m < i; m++)
			if (!strcmp(reqlib_default[m].code, d->code))
				fail_msg("code %s twice", d->code);
		/* Level 4 needs a separate analysis: no default starts there. */
		assert_true(d->min_c < 4 && d->min_i < 4 && d->min_a < 4 && d->min_t < 4);
	}
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++) {
		const char *key = required[k];
		bool found = false;
		for (int m = 0; m < REQ_CATEGORY_COUNT; m++)
			if (!strcmp(req_categories[m], key))
				found = seen_cat[m];
		if (!found)
			fail_msg("no default requirement in category %s", key);
	}
	for (int k = 0; k < REQ_NIS2_COUNT; k++)
		if (!seen_nis2[k])
			fail_msg("no default requirement serves NIS2 21(2)(%c)", 'a' + k);
}

static void test_default_library_loaded_once(void **state)
{
	struct t *t = *state;
	struct requirement_filter f = { .active = 1, .limit = 1000 };
	struct requirement *q;
	struct db_rows rows;
	size_t n;
	int64_t total = 0, audits;
	struct err e = { 0 };

	assert_int_equal(requirement_list(t->db, t->a, &f, &q, &n, &total, &e), 0);
	assert_int_equal(total, (int64_t)reqlib_default_count);
	assert_true(total >= 60);
	assert_int_equal(db_run(t->db, t->a, &Q_T_COUNT_AUDIT, NULL, 0, &rows, &e), 0);
	audits = rows_int(&rows, 0, 0);
	assert_int_equal(audits, (int64_t)reqlib_default_count); /* each insert audited */
	/* Reading again adds nothing. */
	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_COUNT_REQ, NULL, 0, &rows, &e), 0);
	assert_int_equal(rows_int(&rows, 0, 0), (int64_t)reqlib_default_count);
	/* Filters: category, NIS2 point, text. */
	f.category = "backup";
	assert_int_equal(requirement_list(t->db, t->a, &f, &q, &n, &total, &e), 0);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(q[i].category, "backup");
	f.category = NULL;
	f.nis2 = "j";
	assert_int_equal(requirement_list(t->db, t->a, &f, &q, &n, &total, &e), 0);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_non_null(strchr(q[i].nis2, 'j'));
	/* BEH-09 serves both (g) and (i): found under either. */
	f.nis2 = "g";
	assert_int_equal(requirement_list(t->db, t->a, &f, &q, &n, &total, &e), 0);
	{
		bool beh09 = false;
		for (size_t i = 0; i < n; i++)
			beh09 |= !strcmp(q[i].code, "BEH-09");
		assert_true(beh09);
	}
	f.nis2 = NULL;
	f.q = "återläsning";
	assert_int_equal(requirement_list(t->db, t->a, &f, &q, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(q[0].code, "SKP-02");
	assert_int_equal(q[0].min_a, 2); /* tested restore from availability 2 */
}

/* --- editing --- */

static void test_create_update_conflict(void **state)
{
	struct t *t = *state;
	struct requirement_input in = { .code = "EGN-01",
					.title = "Eget krav",
					.text = "Text",
					.category = "Behörighetsstyrning",
					.min_c = 2,
					.min_i = -1,
					.min_a = -1,
					.min_t = -1,
					.nis2 = "i",
					.active = true };
	struct requirement q, cur = { 0 };
	const struct requirement *held;
	struct err e = { 0 };
	int64_t id = 0;

	assert_int_equal(requirement_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(requirement_get(t->db, t->a, id, &q, &e), 0);
	assert_string_equal(q.category, "access_control"); /* Swedish name accepted */
	assert_int_equal(q.min_c, 2);
	assert_int_equal(q.min_i, -1);
	/* The same code again. */
	err_clear(&e);
	assert_int_equal(requirement_create(t->db, t->a, act, &in, NULL, &e), ERR_EXISTS);
	assert_string_equal(e.field, "code");
	/* Levels off the scale, unknown category, NIS2 point outside a-j, no title. */
	in.code = "EGN-02";
	in.min_a = 5;
	assert_int_equal(requirement_create(t->db, t->a, act, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "min_a");
	in.min_a = -1;
	in.category = "Trädgård";
	assert_int_equal(requirement_create(t->db, t->a, act, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "category");
	in.category = "backup";
	in.nis2 = "k";
	assert_int_equal(requirement_create(t->db, t->a, act, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "nis2");
	in.nis2 = "";
	in.title = "  ";
	assert_int_equal(requirement_create(t->db, t->a, act, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");

	/* Two administrators hold version 1: the first wins, the second gets the stored version. */
	in = (struct requirement_input){ .code = "EGN-01",
					 .title = "Ändrat krav",
					 .text = "Ny text",
					 .category = "access_control",
					 .min_c = 1,
					 .min_i = -1,
					 .min_a = -1,
					 .min_t = -1,
					 .nis2 = "j",
					 .active = true };
	held = read_requirement(t, id);
	assert_int_equal(requirement_update(t->db, t->a, act, held, 1, &in, &cur, &e), 0);
	in.title = "Någon annans ändring";
	assert_int_equal(requirement_update(t->db, t->a, act, held, 1, &in, &cur, &e), ERR_CONFLICT);
	assert_int_equal(cur.version, 2);
	assert_string_equal(cur.title, "Ändrat krav");
	assert_int_equal(requirement_get(t->db, t->a, id, &q, &e), 0);
	assert_string_equal(q.title, "Ändrat krav");
	assert_string_equal(q.nis2, "j");
	/* Deactivate with the current version; a stale one is refused. */
	assert_int_equal(requirement_set_active(t->db, t->a, act, read_requirement(t, id), 1, false, &cur, &e),
			 ERR_CONFLICT);
	assert_int_equal(requirement_set_active(t->db, t->a, act, read_requirement(t, id), 2, false, &cur, &e), 0);
	assert_int_equal(requirement_get(t->db, t->a, id, &q, &e), 0);
	assert_false(q.active);
	assert_int_equal(q.version, 3);
}

/* --- import --- */

static int64_t count_requirements(struct t *t)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, &Q_T_COUNT_REQ, NULL, 0, &rows, &e), 0);
	return rows_int(&rows, 0, 0);
}

static bool has_problem(const struct reqimport_result *res, size_t line, const char *field)
{
	for (size_t i = 0; i < res->n_problems; i++)
		if (res->problems[i].line == line && !strcmp(res->problems[i].field, field))
			return true;
	return false;
}

static void test_import_bad_files_change_nothing(void **state)
{
	struct t *t = *state;
	struct reqimport_result res;
	struct requirement before, after;
	struct err e = { 0 };
	int64_t n0;
	const char *bad = "code,title,text,category,min_c,min_i,min_a,min_t,nis2\n"
			  "BEH-01,Nytt namn,Text,access_control,,,,,i\n" /* line 2: fine, an update */
			  "NY-01,,Text,access_control,1,,,,a\n"          /* line 3: no title */
			  "NY-02,Krav,Text,Trädgård,1,,,,a\n"            /* line 4: category */
			  "NY-03,Krav,Text,backup,5,,,,c\n"              /* line 5: level off the scale */
			  "NY-04,Krav,Text,backup,,x,,,c\n"              /* line 6: not a number */
			  "NY-05,Krav,Text,backup,,,-1,,c\n"             /* line 7: negative */
			  "NY-06,Krav,Text,backup,,,,,k\n"               /* line 8: NIS2 point */
			  "BEH-01,Igen,Text,access_control,,,,,i\n";     /* line 9: duplicate code */

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	n0 = count_requirements(t);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-01", &before, &e), 0);

	/* Not a dry run, yet nothing changes: every problem is reported with its line and column. */
	assert_int_equal(requirement_import(t->db, t->a, act, bad, strlen(bad), false, &res, &e), ERR_INVALID);
	assert_true(has_problem(&res, 3, "title"));
	assert_true(has_problem(&res, 4, "category"));
	assert_true(has_problem(&res, 5, "min_c"));
	assert_true(has_problem(&res, 6, "min_i"));
	assert_true(has_problem(&res, 7, "min_a"));
	assert_true(has_problem(&res, 8, "nis2"));
	assert_true(has_problem(&res, 9, "code"));
	assert_false(has_problem(&res, 2, "code"));
	assert_int_equal(res.n_problems, 7);
	assert_int_equal(count_requirements(t), n0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-01", &after, &e), 0);
	assert_string_equal(after.title, before.title);
	assert_int_equal(after.version, before.version);

	/* Wrong columns: named, nothing read. */
	const char *cols = "kod;rubrik;text\nX;Y;Z\n";
	assert_int_equal(requirement_import(t->db, t->a, act, cols, strlen(cols), false, &res, &e), ERR_INVALID);
	assert_true(has_problem(&res, 1, "code"));
	assert_true(has_problem(&res, 1, "title"));
	assert_true(has_problem(&res, 1, "min_c"));
	assert_true(has_problem(&res, 1, "file")); /* the unknown column "kod" */
	assert_int_equal(count_requirements(t), n0);

	/* Not a CSV file at all (UTF-16 has NUL bytes). */
	const char utf16[] = "c\0o\0d\0e\0\n\0";
	assert_int_equal(requirement_import(t->db, t->a, act, utf16, sizeof(utf16) - 1, false, &res, &e), ERR_INVALID);
	assert_true(has_problem(&res, 0, "file"));
	assert_int_equal(count_requirements(t), n0);
}

static void test_import_dry_run_then_apply(void **state)
{
	struct t *t = *state;
	struct reqimport_result res;
	struct requirement before, after, same, fresh;
	struct err e = { 0 };
	int64_t n0;

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	n0 = count_requirements(t);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-02", &before, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "KRY-01", &same, &e), 0);
	/* KRY-01 exactly as stored: unchanged. */
	const char *kry = arena_printf(t->a, "KRY-01;%s;%s;encryption;1;;;;h", same.title, same.text);
	const char *good = arena_printf(
		t->a,
		"\xEF\xBB\xBF"
		"code;title;text;category;min_c;min_i;min_a;min_t;nis2\r\n"
		"BEH-02;Inloggning med flera faktorer;\"Ny text; med semikolon\";Behörighetsstyrning;2;3;;;j\r\n"
		"%s\r\n"
		"NY-10;Nytt krav;Text;Kryptering;1;;;;h\r\n",
		kry);

	assert_int_equal(requirement_import(t->db, t->a, act, good, strlen(good), true, &res, &e), 0);
	assert_int_equal(res.n_rows, 3);
	assert_int_equal(res.n_new, 1);
	assert_int_equal(res.n_changed, 1);
	assert_int_equal(res.n_same, 1);
	assert_int_equal(count_requirements(t), n0); /* dry run: nothing */
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-02", &after, &e), 0);
	assert_int_equal(after.version, before.version);

	assert_int_equal(requirement_import(t->db, t->a, act, good, strlen(good), false, &res, &e), 0);
	assert_int_equal(count_requirements(t), n0 + 1);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-02", &after, &e), 0);
	assert_int_equal(after.version, before.version + 1); /* updated, versioned */
	assert_string_equal(after.text, "Ny text; med semikolon");
	assert_int_equal(requirement_get_by_code(t->db, t->a, "KRY-01", &after, &e), 0);
	assert_int_equal(after.version, same.version); /* unchanged row untouched */
	assert_int_equal(requirement_get_by_code(t->db, t->a, "NY-10", &fresh, &e), 0);
	assert_string_equal(fresh.category, "encryption");
	assert_int_equal(fresh.min_c, 1);
	assert_true(fresh.active);
}

/*
 * Text a spreadsheet would run as a formula (= + - @, tab, CR at its
 * start) leaves the export with a leading apostrophe, and the import takes it off again, so
 * the library reads back unchanged.
 */
static void test_export_guards_formulas(void **state)
{
	struct t *t = *state;
	static const char *const risky[][3] = {
		{ "=HYPERLINK(A1)", "=1+1", "=SUM(A1:A9)" },
		{ "+FRM-01", "+plus", "+text" },
		{ "-FRM-02", "-minus", "- a list\n- of things" },
		{ "@FRM-03", "@mention", "@text" },
	};
	struct requirement_input in = { 0 };
	struct reqimport_result res;
	struct err e = { 0 };
	const char *csv;
	size_t len;

	in.category = "backup";
	in.min_c = in.min_i = in.min_a = in.min_t = -1;
	in.active = true;
	for (size_t i = 0; i < sizeof(risky) / sizeof(risky[0]); i++) {
		in.code = risky[i][0];
		in.title = risky[i][1];
		in.text = risky[i][2];
		assert_int_equal(requirement_create(t->db, t->a, act, &in, NULL, &e), 0);
	}
	assert_non_null(csv = requirement_export_csv(t->db, t->a, &len, &e));
	for (size_t i = 0; i < sizeof(risky) / sizeof(risky[0]); i++) {
		for (size_t k = 0; k < 3; k++) {
			const char *v = risky[i][k];
			/* Each value starts a cell (after a separator or a line end, maybe quoted) only guarded. */
			const char *bare[] = { arena_printf(t->a, ",%s", v), arena_printf(t->a, ",\"%s", v),
					       arena_printf(t->a, "\n%s", v), arena_printf(t->a, "\n\"%s", v) };
			for (size_t m = 0; m < 4; m++)
				if (strstr(csv, bare[m]))
					fail_msg("%s is exported unguarded", v);
			if (!strstr(csv, arena_printf(t->a, "'%s", v)))
				fail_msg("%s is not exported with an apostrophe", v);
		}
	}
	/* The export reads back as the library stands: nothing new, nothing changed. */
	assert_int_equal(requirement_import(t->db, t->a, act, csv, len, true, &res, &e), 0);
	assert_int_equal(res.n_new, 0);
	assert_int_equal(res.n_changed, 0);
	assert_int_equal(res.n_same, res.n_rows);
	/* A tab or a carriage return first (the forms trim them, but stored text may have them) is guarded too. */
	assert_int_equal(db_run(t->db, t->a, &Q_T_SET_TEXT, DB_ARGS(DB_TEXT("+FRM-01"), DB_TEXT("\t=1+1")), NULL, &e),
			 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_SET_TEXT, DB_ARGS(DB_TEXT("-FRM-02"), DB_TEXT("\r=1+1")), NULL, &e),
			 0);
	assert_non_null(csv = requirement_export_csv(t->db, t->a, &len, &e));
	assert_non_null(strstr(csv, ",'\t=1+1,"));
	assert_non_null(strstr(csv, ",\"'\r=1+1\","));
	assert_null(strstr(csv, ",\t="));
	assert_null(strstr(csv, ",\"\r="));
}

/* --- fulfilment per asset --- */

static struct asset_requirement *find(struct asset_requirement *ar, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ar[i].req.code, code))
			return &ar[i];
	return NULL;
}

static void test_asset_requirements_follow_classification(void **state)
{
	struct t *t = *state;
	struct asset_requirement *ar;
	size_t n;
	struct err e = { 0 };
	const char *last_cat = "";
	int last_rank = -1;

	/* Not classified: nothing applies. */
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->bare), &ar, &n, &e), 0);
	assert_int_equal(n, 0);
	/* C2 I1 A3, no traceability. */
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->sys), &ar, &n, &e), 0);
	assert_non_null(find(ar, n, "BEH-02")); /* MFA from C2 */
	assert_non_null(find(ar, n, "KRY-01")); /* in transit from C1 */
	assert_non_null(find(ar, n, "SKP-02")); /* tested restore from A2 */
	assert_non_null(find(ar, n, "STY-01")); /* no minimums: every classified asset */
	assert_non_null(find(ar, n, "KON-03")); /* A3 */
	assert_null(find(ar, n, "LOG-02"));     /* T2 or I3: neither */
	assert_null(find(ar, n, "KRY-06"));     /* C3 */
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ar[i].status, ""); /* not assessed yet */
		assert_int_equal(ar[i].version, 0);
		/* Grouped by category in the library's order. */
		if (strcmp(last_cat, ar[i].req.category)) {
			int rank = -1;
			for (int k = 0; k < REQ_CATEGORY_COUNT; k++)
				if (!strcmp(req_categories[k], ar[i].req.category))
					rank = k;
			assert_true(rank > last_rank);
			last_rank = rank;
			last_cat = ar[i].req.category;
		}
	}
	/* Raise integrity to 3: the log review now applies. */
	classify(t, t->sys, 2, 3, 3, -1);
	assert_int_equal(asset_requirement_list(t->db, t->a, read_asset(t, t->sys), &ar, &n, &e), 0);
	assert_non_null(find(ar, n, "LOG-02"));
	classify(t, t->sys, 2, 1, 3, -1);
}

static void test_status_update_with_conflict(void **state)
{
	struct t *t = *state;
	struct requirement q, other;
	struct asset_requirement cur = { 0 }, ar;
	struct asset_requirement_input in = { "partial", "MFA för administratörer saknas",
					      "https://intra.example.se/mfa" };
	struct err e = { 0 };

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-02", &q, &e), 0);
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 0, &in, &cur, &e), 0);
	assert_int_equal(asset_requirement_get(t->db, t->a, read_asset(t, t->sys), q.id, &ar, &e), 0);
	assert_string_equal(ar.status, "partial");
	assert_string_equal(ar.evidence_url, "https://intra.example.se/mfa");
	assert_int_equal(ar.version, 1);
	/* A second person who also read version 0. */
	in.status = "fulfilled";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 0, &in, &cur, &e),
			 ERR_CONFLICT);
	assert_string_equal(cur.status, "partial");
	assert_int_equal(cur.version, 1);
	assert_int_equal(asset_requirement_get(t->db, t->a, read_asset(t, t->sys), q.id, &ar, &e), 0);
	assert_string_equal(ar.status, "partial");
	/* Bad input names the field and changes nothing. */
	in.status = "kanske";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 1, &in, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "status");
	in.status = "not_applicable";
	in.comment = " ";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 1, &in, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "comment");
	in.status = "fulfilled";
	in.evidence_url = "javascript:alert(1)";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 1, &in, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "evidence_url");
	in.evidence_url = "https://";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 1, &in, NULL, &e),
			 ERR_INVALID);
	assert_int_equal(asset_requirement_get(t->db, t->a, read_asset(t, t->sys), q.id, &ar, &e), 0);
	assert_int_equal(ar.version, 1);
	/* A requirement that does not apply to C2 I1 A3 cannot be assessed. */
	assert_int_equal(requirement_get_by_code(t->db, t->a, "KRY-06", &other, &e), 0);
	in.evidence_url = "";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), other.id, 0, &in, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "requirement_id");
	/* Nor one of an unclassified asset. */
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->bare), q.id, 0, &in, NULL, &e),
			 ERR_INVALID);
	assert_true(req_valid_evidence_url("http://x.se/a?b=c#d"));
	assert_false(req_valid_evidence_url("ftp://x.se/"));
	assert_false(req_valid_evidence_url("https://x.se/a b"));
}

/* Assessing and making activities in one save: all or none, the activity seeing the assessment made with it. */
static void test_assess_and_act_all_or_none(void **state)
{
	struct t *t = *state;
	struct requirement q, f;
	struct asset_requirement ar;
	struct asset_requirement_input in = { "fulfilled", "", "" };
	struct asset_requirement_change ch[1];
	const struct asset *as;
	int64_t acts[2];
	size_t bad = 0;
	struct err e = { 0 };

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "SKP-02", &q, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "BEH-02", &f, &e), 0);
	as = read_asset(t, t->sys);
	assert_int_equal(asset_requirement_set(t->db, t->a, act, as, f.id, 0, &in, NULL, &e), 0);

	/* SKP-02 assessed as not fulfilled, and both it and the fulfilled BEH-02 ticked: BEH-02 is refused. */
	memset(ch, 0, sizeof(ch));
	ch[0].requirement_id = q.id;
	ch[0].version = 0;
	ch[0].in = (struct asset_requirement_input){ "not_fulfilled", "Aldrig prövat", "" };
	acts[0] = q.id;
	acts[1] = f.id;
	assert_int_equal(activity_assess_and_act(t->db, t->a, act, LANG_SV, as, ch, 1, acts, 2, &bad, NULL, &e),
			 ERR_INVALID);
	assert_true(bad == ACTIVITY_ASSESS_ACT_FAILED);
	assert_string_equal(e.field, "status");
	/* Nothing of it stands: SKP-02 is not assessed and has no activity. */
	assert_int_equal(asset_requirement_get(t->db, t->a, as, q.id, &ar, &e), 0);
	assert_int_equal(ar.version, 0);
	assert_int_equal(ar.action_id, 0);

	/* SKP-02 alone: assessed and made an activity in the same save. */
	assert_int_equal(activity_assess_and_act(t->db, t->a, act, LANG_SV, as, ch, 1, acts, 1, &bad, NULL, &e), 0);
	assert_int_equal(asset_requirement_get(t->db, t->a, as, q.id, &ar, &e), 0);
	assert_string_equal(ar.status, "not_fulfilled");
	assert_true(ar.action_id > 0);
}

static void test_create_action_from_requirement(void **state)
{
	struct t *t = *state;
	struct requirement q;
	struct asset_requirement ar;
	struct asset_requirement_input in = { "fulfilled", "", "" };
	struct activity ac, cur = { 0 };
	struct activity_input ai;
	struct activity_filter f;
	struct activity *list;
	struct activity_link_view *links;
	const struct asset *as;
	struct grant g;
	struct auth other = { .user_id = t->owner + 1000, .username = "other", .grants = &g, .n_grants = 1 };
	struct auth owner = { .user_id = t->owner, .username = "olle", .grants = &g, .n_grants = 1 };
	size_t n;
	int64_t id = 0, total;
	struct err e = { 0 };

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(requirement_get_by_code(t->db, t->a, "SKP-02", &q, &e), 0);
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 0, &in, NULL, &e), 0);
	/* Fulfilled: no action. */
	assert_int_equal(
		activity_create_from_requirement(t->db, t->a, act, LANG_SV, read_asset(t, t->sys), q.id, &id, &e),
		ERR_INVALID);
	assert_string_equal(e.field, "status");
	in.status = "not_fulfilled";
	in.comment = "Återläsning har aldrig prövats";
	assert_int_equal(asset_requirement_set(t->db, t->a, act, read_asset(t, t->sys), q.id, 1, &in, NULL, &e), 0);
	/*
	 * The action goes in the asset's unit: a reader there, or an owner of
	 * another asset, may not put it there; the asset's owner may.
	 */
	as = read_asset(t, t->sys);
	g = (struct grant){ 1, ROLE_READER, as->unit_id, as->unit_path, as->unit_name };
	assert_int_equal(activity_create_from_requirement(t->db, t->a, &other, LANG_SV, as, q.id, &id, &e),
			 ERR_FORBIDDEN);
	assert_string_equal(e.field, "unit_id");
	g.role = ROLE_OWNER;
	assert_int_equal(activity_create_from_requirement(t->db, t->a, &other, LANG_SV, as, q.id, &id, &e),
			 ERR_FORBIDDEN);
	assert_int_equal(asset_requirement_get(t->db, t->a, as, q.id, &ar, &e), 0);
	assert_int_equal(ar.action_id, 0);
	assert_int_equal(ar.version, 2);
	assert_int_equal(activity_create_from_requirement(t->db, t->a, &owner, LANG_SV, as, q.id, &id, &e), 0);
	assert_int_equal(activity_get(t->db, t->a, id, &ac, &e), 0);
	assert_int_equal(ac.unit_id, t->unit);
	assert_string_equal(ac.status, "not_started");
	assert_int_equal(ac.responsible_id, t->owner);
	assert_string_equal(ac.area_name, "Actions"); /* LANG_SV, but no catalog is loaded here */
	assert_non_null(strstr(ac.title, "SKP-02"));
	assert_non_null(strstr(ac.purpose, "Procapita"));
	assert_non_null(strstr(ac.purpose, "Återläsning har aldrig prövats"));
	/* It addresses the asset and the requirement. */
	assert_int_equal(activity_links(t->db, t->a, NULL, id, &links, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(links[0].link.kind, "asset");
	assert_int_equal(links[0].link.target_id, t->sys);
	assert_string_equal(links[1].link.kind, "requirement");
	assert_int_equal(links[1].link.target_id, q.id);
	/* The requirement row links it. */
	assert_int_equal(asset_requirement_get(t->db, t->a, read_asset(t, t->sys), q.id, &ar, &e), 0);
	assert_int_equal(ar.action_id, id);
	assert_string_equal(ar.action_status, "not_started");
	/* Only once. */
	assert_int_equal(
		activity_create_from_requirement(t->db, t->a, act, LANG_SV, read_asset(t, t->sys), q.id, NULL, &e),
		ERR_EXISTS);

	/* Editing the activity: status, due date, conflict. */
	ai = activity_input_of(&ac);
	ai.responsible_id = 0;
	ai.status = "ongoing";
	ai.due_date = "2026-06-30";
	/* Two people hold version 1: the first wins, the second gets the stored version. */
	assert_int_equal(activity_update(t->db, t->a, act, &ac, 1, &ai, &cur, &e), 0);
	ai.status = "done";
	assert_int_equal(activity_update(t->db, t->a, act, &ac, 1, &ai, &cur, &e), ERR_CONFLICT);
	assert_string_equal(cur.status, "ongoing");
	assert_string_equal(cur.due_date, "2026-06-30");
	assert_int_equal(cur.version, 2);
	assert_int_equal(activity_update(t->db, t->a, act, read_action(t, id), 1, &ai, &cur, &e), ERR_CONFLICT);
	ai.status = "klar";
	assert_int_equal(activity_update(t->db, t->a, act, read_action(t, id), 2, &ai, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	ai.status = "done";
	ai.due_date = "2026-02-30";
	assert_int_equal(activity_update(t->db, t->a, act, read_action(t, id), 2, &ai, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "due_date");
	/* The list filters by status and unit. */
	activity_filter_init(&f);
	f.status = "ongoing";
	f.unit_id = t->org;
	assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	assert_string_equal(list[0].due_date, "2026-06-30");
	f.status = "done";
	assert_int_equal(activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_applies_each_threshold),
		cmocka_unit_test(test_applies_any_of),
		cmocka_unit_test(test_applies_all_empty_and_unclassified),
		cmocka_unit_test(test_applies_by_attributes),
		cmocka_unit_test(test_default_library_contents),
		cmocka_unit_test_setup_teardown(test_references_cleaned_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes_reevaluate_and_keep_assessments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_optional_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_library_brought_up_to_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_library_loaded_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_update_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_bad_files_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_dry_run_then_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_guards_formulas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asset_requirements_follow_classification, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_update_with_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_action_from_requirement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assess_and_act_all_or_none, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
