/*
 * test_classify_import.c - classifications brought from earlier records,
 * against a real database (SQLite in memory, or PostgreSQL with
 * TEST_DB_URL): a history of an asset's signed classifications saved in
 * date order whatever the file's order, the last one current and due for
 * review from its own date, each kept as signed by the records' name and
 * entered in the audit trail as an import at the time of the import; the
 * key figures at a past date counting a system signed before it was
 * registered, the same from the kept counts as counted afresh; a dry run
 * saving nothing; every bad row named with its line and column and
 * nothing saved; an asset already classified in Tillit refused; a
 * classification made in Tillit afterwards continuing the versions.
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
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/classify.h"
#include "domain/classify_import.h"
#include "domain/figures.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, other_board, owner;
	struct unit board_u;
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
		fail_msg("unit_create(%s): %s", name, e.msgid);
	return id;
}

static int64_t mk_asset(struct t *t, int64_t unit, const char *kind, const char *name)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = unit == t->board ? t->owner : 0;
	if (asset_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.msgid, e.field ? e.field : "");
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct user_input ui = { "olle", "Olle Ägare", "", "sv", true };
	struct err e = { 0 };

	user_set_fast_hash(true);
	at("2024-06-01T10:00:00Z");
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun");
	t->board = mk_unit(t, t->org, "board", "Kommunstyrelsen");
	t->other_board = mk_unit(t, t->org, "board", "Socialnämnden");
	assert_int_equal(unit_get(t->db, t->a, t->board, &t->board_u, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ui, "correct horse battery staple", &t->owner, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->owner, t->board, "owner", NULL, &e), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	unsetenv("TILLIT_NOW");
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	return 0;
}

static int import(struct t *t, const struct auth *auth, const char *csv, bool dry_run, struct class_import *res)
{
	struct err e = { 0 };
	return classify_import(t->db, t->a, auth, csv, strlen(csv), dry_run, NULL, res, &e);
}

static size_t n_versions(struct t *t, int64_t asset, struct classification **list)
{
	struct classification *l;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(classify_list(t->db, t->a, asset, &l, &n, &e), 0);
	if (list)
		*list = l;
	return n;
}

static size_t n_imports(struct t *t)
{
	struct audit_filter f = { .entity = "classification", .action = "import", .limit = 500 };
	struct audit_entry *list;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	return n;
}

static void share_at(struct t *t, const char *date, int64_t classified, int64_t total)
{
	struct figures_share kept, fresh;
	struct err e = { 0 };
	assert_int_equal(figures_classified(t->db, t->a, &t->board_u, date, &kept, &e), 0);
	assert_int_equal(figures_recount(t->db, t->a, &t->board_u, date, &fresh, &e), 0);
	assert_int_equal(kept.classified, classified);
	assert_int_equal(kept.total, total);
	assert_int_equal(fresh.classified, classified);
	assert_int_equal(fresh.total, total);
}

static void test_history(void **state)
{
	struct t *t = *state;
	struct class_import res;
	struct class_model m;
	struct classification *list;
	struct asset as;
	struct err e = { 0 };
	char due[11];
	int64_t raindance = mk_asset(t, t->board, "system", "Ekonomisystem Raindance");
	int64_t procapita = mk_asset(t, t->board, "system", "Procapita");
	int64_t set = mk_asset(t, t->board, "information_set", "Leverantörsreskontra");
	const char *csv;

	(void)procapita;
	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	/* The later row first, the information set by its number and a level by its name. */
	csv = arena_printf(t->a,
			   "Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet\n"
			   "Ekonomisystem Raindance;2023-04-01;Eva Lind;2;2;3\n"
			   "ekonomisystem raindance;2022-03-01;Eva Lind;1;2;2\n"
			   "%lld;2022-06-01;Per Ek;%s;1;1\n",
			   (long long)set, classify_level_name(&m, 3));

	assert_int_equal(import(t, act, csv, true, &res), 0);
	assert_int_equal(res.problems.n, 0);
	assert_int_equal(res.n_rows, 3);
	assert_false(res.imported);
	assert_int_equal(n_versions(t, raindance, NULL), 0);

	assert_int_equal(import(t, act, csv, false, &res), 0);
	assert_true(res.imported);
	assert_int_equal(res.n_assets, 2);
	assert_int_equal(n_versions(t, raindance, &list), 2);
	/* Newest first: version 2 is the one signed in 2023. */
	assert_int_equal(list[0].version_no, 2);
	assert_string_equal(list[0].status, "signed");
	assert_int_equal(strncmp(list[0].signed_at, "2023-04-01", 10), 0);
	assert_string_equal(list[0].imported_signer, "Eva Lind");
	assert_string_equal(list[0].signed_by_name, "Eva Lind");
	assert_int_equal(list[0].signed_by, 0);
	assert_int_equal(list[0].level[0], 2);
	assert_int_equal(list[0].level[2], 3);
	assert_int_equal(strncmp(list[1].signed_at, "2022-03-01", 10), 0);
	assert_int_equal(list[1].level[0], 1);
	/* The last is current, due for review the model's months after its own date. */
	assert_int_equal(asset_get(t->db, t->a, raindance, &as, &e), 0);
	assert_int_equal(as.classification_id, list[0].id);
	assert_int_equal(classify_add_months("2023-04-01", m.review_months, due), 0);
	assert_string_equal(as.review_due, due);
	assert_int_equal(n_versions(t, set, &list), 1);
	assert_int_equal(list[0].level[0], 3);
	assert_string_equal(list[0].signed_by_name, "Per Ek");
	/* Each in the audit trail as an import, by whoever imported, at the time of the import. */
	{
		struct audit_filter f = { .entity = "classification", .action = "import", .limit = 10 };
		struct audit_entry *entries;
		size_t n;
		int64_t total;
		assert_int_equal(fx_audit_list(t->db, t->a, &f, &entries, &n, &total, &e), 0);
		assert_int_equal(n, 3);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(strncmp(entries[i].at, "2024-06-01", 10), 0);
			assert_non_null(strstr(entries[i].after, "\"imported_signer\""));
		}
	}
	/* The key figures at the end of 2022: Raindance counts from its signature though registered in 2024;
	 * Procapita, registered in 2024, does not count then. The information set is no system. */
	share_at(t, "2022-12-31", 1, 1);
	share_at(t, "2022-02-28", 0, 0);
	share_at(t, "2024-06-01", 1, 2);

	/* A classification made in Tillit afterwards is version 3 and counts nothing twice. */
	{
		struct grant g = { 1, ROLE_OWNER, t->board, t->board_u.path, "Kommunstyrelsen" };
		struct auth owner = { 0 };
		struct class_input in = { 0 };
		int64_t id;
		owner.user_id = t->owner;
		owner.username = "olle";
		owner.display_name = "Olle Ägare";
		owner.grants = &g;
		owner.n_grants = 1;
		for (int k = 0; k < CLASS_N_ASPECTS; k++)
			in.requested[k] = k == 3 ? -1 : 2;
		for (int k = 0; k < CLASS_N_ASPECTS; k++)
			in.motivation[k] = "Höjd efter översyn";
		assert_int_equal(asset_get(t->db, t->a, raindance, &as, &e), 0);
		assert_int_equal(classify_create(t->db, t->a, &owner, &as, &in, &id, NULL, &e), 0);
		assert_int_equal(n_versions(t, raindance, &list), 3);
		assert_int_equal(classify_sign(t->db, t->a, &owner, &as, &list[0], &e), 0);
		assert_int_equal(n_versions(t, raindance, &list), 3);
		assert_int_equal(list[0].version_no, 3);
		assert_null(list[0].imported_signer);
		assert_string_equal(list[0].signed_by_name, "Olle Ägare");
	}
	share_at(t, "2024-06-01", 1, 2);
	/* Its history is closed now: a second import for it is refused. */
	csv = "Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet\n"
	      "Ekonomisystem Raindance;2021-01-10;Eva Lind;1;1;1\n";
	assert_int_equal(import(t, act, csv, false, &res), ERR_INVALID);
	assert_int_equal(res.problems.n, 1);
	assert_string_equal(res.problems.v[0].field, "asset");
	assert_int_equal(res.problems.v[0].line, 2);
	assert_int_equal(n_versions(t, raindance, NULL), 3);
}

static const struct import_problem *problem_at(const struct class_import *res, size_t line, const char *field)
{
	for (size_t i = 0; i < res->problems.n; i++)
		if (res->problems.v[i].line == line && !strcmp(res->problems.v[i].field, field))
			return &res->problems.v[i];
	fail_msg("no problem on line %zu in %s", line, field);
	return NULL;
}

static void test_bad_rows(void **state)
{
	struct t *t = *state;
	struct class_import res;
	struct grant g = { 1, ROLE_COORDINATOR, t->board, t->board_u.path, "Kommunstyrelsen" };
	struct auth coord = { 0 };
	int64_t sys = mk_asset(t, t->board, "system", "Lönesystem");
	int64_t theirs = mk_asset(t, t->other_board, "system", "Verksamhetssystem");
	const char *csv = "Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet;Spårbarhet\n"
			  "Lönesystem;2022-01-10;Eva Lind;1;1;1;\n"          /* 2: right */
			  "Okänt system;2022-01-10;Eva Lind;1;1;1;\n"        /* 3: no such asset */
			  "Verksamhetssystem;2022-01-10;Eva Lind;1;1;1;\n"   /* 4: another board's */
			  "Lönesystem;2024-06-01;Eva Lind;1;1;1;\n"          /* 5: today */
			  "Lönesystem;2022-13-01;Eva Lind;1;1;1;\n"          /* 6: no such day */
			  "Lönesystem;2022-02-10;;1;9;1;\n"                  /* 7: no signer, level 9 */
			  "Lönesystem;2022-03-10;Eva Lind;1;1;1;2\n"         /* 8: traceability unused */
			  "Lönesystem;2022-01-10;Jan Ek;Hemlig nivå;1;1;\n"; /* 9: same day again, no such level */

	coord.user_id = t->owner + 100;
	coord.username = "samordnare";
	coord.grants = &g;
	coord.n_grants = 1;
	assert_int_equal(import(t, &coord, csv, false, &res), ERR_INVALID);
	assert_false(res.imported);
	assert_int_equal(res.problems.n_bad_rows, 7);
	problem_at(&res, 3, "asset");
	assert_string_equal(problem_at(&res, 4, "asset")->err.msgid,
			    "There is no asset %s among those you may edit (give its number or its exact name).");
	problem_at(&res, 5, "signed_on");
	assert_string_equal(problem_at(&res, 6, "signed_on")->err.msgid, "Give the date as YYYY-MM-DD.");
	problem_at(&res, 7, "signed_by");
	problem_at(&res, 7, "integrity");
	problem_at(&res, 8, "traceability");
	assert_string_equal(problem_at(&res, 9, "signed_on")->column, "Signerad");
	problem_at(&res, 9, "confidentiality");
	/* Nothing saved, not even the right row. */
	assert_int_equal(n_versions(t, sys, NULL), 0);
	assert_int_equal(n_imports(t), 0);
	/* The other board's asset by its number: named as not the coordinator's to classify. */
	csv = arena_printf(t->a,
			   "Asset,Signed,Signed by,Confidentiality,Integrity,Availability\n%lld,2022-01-10,X,1,1,1\n",
			   (long long)theirs);
	assert_int_equal(import(t, &coord, csv, true, &res), 0);
	assert_int_equal(res.problems.n, 1);
	assert_string_equal(res.problems.v[0].err.msgid, "You may not classify the asset %s.");
	/* A file without the signer's column is refused as a whole. */
	assert_int_equal(
		import(t, act,
		       "Tillgång;Signerad;Konfidentialitet;Riktighet;Tillgänglighet\nLönesystem;2022-01-10;1;1;1\n",
		       false, &res),
		ERR_INVALID);
	assert_int_equal(res.problems.v[0].line, 0);
	assert_string_equal(res.problems.v[0].field, "file");
	assert_int_equal(n_versions(t, sys, NULL), 0);
}

static void test_classified_asset_refused(void **state)
{
	struct t *t = *state;
	struct class_import res;
	struct class_input in = { 0 };
	struct asset as;
	struct err e = { 0 };
	int64_t sys = mk_asset(t, t->board, "system", "Ärendesystem"), id;

	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		in.requested[k] = -1;
	assert_int_equal(asset_get(t->db, t->a, sys, &as, &e), 0);
	/* A draft made in Tillit is enough: the history comes before the first classification made here. */
	assert_int_equal(classify_create(t->db, t->a, act, &as, &in, &id, NULL, &e), 0);
	assert_int_equal(import(t, act,
				"Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet\n"
				"Ärendesystem;2022-01-10;Eva Lind;1;1;1\n",
				true, &res),
			 0);
	assert_int_equal(res.problems.n, 1);
	assert_string_equal(res.problems.v[0].field, "asset");
	assert_int_equal(n_versions(t, sys, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classified_asset_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
