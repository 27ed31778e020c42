/*
 * test_asset.c - the asset register's rules, against a real database
 * (SQLite in memory, or PostgreSQL with TEST_DB_URL): every field's check,
 * names unique in a unit ignoring case, lost updates refused, dependencies
 * in both directions, "holds" only information sets, a circle refused
 * naming its path, and every filter and sort order of the list.
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
#include "domain/asset.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

/* Test set-up only: a signed classification and a review date, as the classification module records them. */
static DB_QUERY(Q_T_CLASS_INSERT,
		"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level, c_computed,"
		" i_computed, a_computed, status, review_due, created_at)"
		" VALUES ($1, 1, $2, $3, $4, NULL, $2, $3, $4, 'signed', $5, '2026-01-01T00:00:00Z') RETURNING id");
static DB_QUERY(Q_T_ASSET_CLASSIFY, "UPDATE assets SET classification_id = $2, review_due = $3 WHERE id = $1");
static DB_QUERY(Q_T_ASSET_FLAG, "UPDATE assets SET needs_review = 1 WHERE id = $1");
static DB_QUERY(Q_T_LEVEL_INSERT, "INSERT INTO class_levels (org_id, level, name) VALUES ($1, $2, $3)");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, unit, other_org, other_unit;
	int64_t anna, bertil;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input ua = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	struct user_input ub = { "bertil", "Bertil Berg", "bertil@example.se", "sv", true };

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input b = { t->org, "board", "Socialnämnden", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &b, &t->board, &e), 0);
	struct unit_input u = { t->board, "administration", "Socialförvaltningen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &u, &t->unit, &e), 0);
	struct unit_input z = { 0, "organisation", "Zeta kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &z, &t->other_org, &e), 0);
	struct unit_input zu = { t->other_org, "board", "Zeta nämnd", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &zu, &t->other_unit, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ua, "correct horse battery", &t->anna, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ub, "correct horse battery", &t->bertil, &e), 0);
	/* Anna and Bertil are owners over the board: they may be named owners of its assets. */
	assert_int_equal(grant_add(t->db, t->a, act, t->anna, t->board, "owner", NULL, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->bertil, t->board, "owner", NULL, &e), 0);
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

static struct asset_input input(int64_t unit, const char *kind, const char *name)
{
	struct asset_input in = { 0 };
	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	return in;
}

static int64_t mk(struct t *t, int64_t unit, const char *kind, const char *name)
{
	struct asset_input in = input(unit, kind, name);
	struct err e = { 0 };
	int64_t id = 0;
	int rc = asset_create(t->db, t->a, act, &in, &id, &e);
	if (rc)
		fail_msg("asset_create(%s): %d %s %s", name, rc, e.field ? e.field : "", e.msgid ? e.msgid : "");
	return id;
}

static void classify(struct t *t, int64_t id, int c, int i, int av, const char *review_due)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, &Q_T_CLASS_INSERT,
				DB_ARGS(DB_INT(id), DB_INT(c), DB_INT(i), DB_INT(av), DB_TEXT(review_due)), &rows, &e),
			 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_CLASSIFY,
				DB_ARGS(DB_INT(id), DB_INT(rows_int(&rows, 0, 0)), DB_TEXT(review_due)), NULL, &e),
			 0);
}

/* The message a person would read, in English. */
static const char *msg(struct t *t, const struct err *e)
{
	return err_message(e, LANG_EN, t->a);
}

/* Each bad field is refused naming that field, and nothing is saved. */
static void test_create_checks_every_field(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct asset *list;
	size_t n;
	int64_t id, total = -1;
	char *long_name = arena_calloc(t->a, 202, 1), *long_text = arena_calloc(t->a, 10002, 1);
	memset(long_name, 'x', 201);
	memset(long_text, 'y', 10001);
	static const struct {
		const char *field;
	} cases[] = { { "unit_id" },         { "unit_id" },  { "kind" },    { "name" },      { "name" },
		      { "description" },     { "supplier" }, { "hosting" }, { "lifecycle" }, { "owner_id" },
		      { "administrator_id" } };
	struct asset_input in[11];
	for (size_t i = 0; i < 11; i++)
		in[i] = input(t->unit, "system", "Procapita");
	in[0].unit_id = 0;
	in[1].unit_id = 999999;
	in[2].kind = "database";
	in[3].name = "   ";
	in[4].name = long_name;
	in[5].description = long_text;
	in[6].supplier = long_name;
	in[7].hosting = "on the moon";
	in[8].lifecycle = "dead";
	in[9].owner_id = 999999;
	in[10].administrator_id = 999999;
	for (size_t i = 0; i < 11; i++) {
		err_clear(&e);
		int rc = asset_create(t->db, t->a, act, &in[i], &id, &e);
		if (rc != ERR_INVALID || !e.field || strcmp(e.field, cases[i].field))
			fail_msg("case %zu: rc %d field %s, expected %s", i, rc, e.field ? e.field : "(none)",
				 cases[i].field);
		/* asset_check() (the import's dry run) says the same. */
		err_clear(&e);
		assert_int_equal(asset_check(t->db, t->a, &in[i], 0, &e), ERR_INVALID);
		assert_string_equal(e.field, cases[i].field);
	}
	struct asset_filter f;
	asset_filter_init(&f);
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 0);
}

static void test_create_and_read_back(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct asset as;
	struct asset_input in = input(t->unit, "system", "  Procapita  ");
	int64_t id;

	in.description = "Verksamhetssystem för socialtjänsten";
	in.owner_id = t->anna;
	in.administrator_id = t->bertil;
	in.supplier = "CGI";
	in.hosting = "supplier";
	in.personal_data = true;
	in.business_critical = true;
	in.nis2 = true;
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	assert_string_equal(as.name, "Procapita"); /* trimmed */
	assert_string_equal(as.kind, "system");
	assert_int_equal(as.unit_id, t->unit);
	assert_string_equal(as.unit_name, "Socialförvaltningen");
	assert_int_equal(as.owner_id, t->anna);
	assert_string_equal(as.owner_name, "Anna Andersson");
	assert_string_equal(as.administrator_name, "Bertil Berg");
	assert_string_equal(as.supplier, "CGI");
	assert_string_equal(as.hosting, "supplier");
	assert_true(as.personal_data && as.business_critical && as.nis2);
	assert_false(as.vital);                      /* samhällsviktig is its own question */
	assert_string_equal(as.lifecycle, "in_use"); /* the default */
	assert_null(as.retired_at);
	assert_int_equal(as.classification_id, 0);
	assert_int_equal(as.c_level, -1);
	assert_int_equal(as.t_level, -1);
	assert_int_equal(as.version, 1);

	/* Retiring records when. */
	struct asset_input old = input(t->unit, "manual", "Pappersarkivet");
	old.lifecycle = "retired";
	assert_int_equal(asset_create(t->db, t->a, act, &old, &id, &e), 0);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	assert_string_equal(as.retired_at, "2026-03-01T10:00:00Z");
	assert_int_equal(asset_get(t->db, t->a, 999999, &as, &e), ERR_NOTFOUND);
}

static void test_duplicate_name_in_unit(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t id;
	mk(t, t->unit, "system", "Treserva");
	struct asset_input dup = input(t->unit, "digital_service", "TRESERVA");
	assert_int_equal(asset_create(t->db, t->a, act, &dup, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_string_equal(msg(t, &e), "The unit already has an asset with this name.");
	/* The same name in another unit is fine. */
	struct asset_input elsewhere = input(t->board, "system", "Treserva");
	assert_int_equal(asset_create(t->db, t->a, act, &elsewhere, &id, &e), 0);
	/* Renaming into a taken name is refused too; keeping one's own name is not a duplicate. */
	int64_t other = mk(t, t->unit, "system", "Lifecare");
	struct asset_input rename = input(t->unit, "system", "treserva");
	assert_int_equal(fx_asset_update(t->db, t->a, act, other, 1, &rename, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	struct asset_input same = input(t->unit, "system", "LIFECARE");
	assert_int_equal(fx_asset_update(t->db, t->a, act, other, 1, &same, NULL, &e), 0);
}

static void test_update_conflict(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct asset cur, as;
	int64_t id = mk(t, t->unit, "system", "Procapita");
	struct asset_input first = input(t->unit, "system", "Procapita");
	struct asset_input second = input(t->unit, "system", "Procapita (Bertil)");
	first.supplier = "CGI";

	/* Two people opened version 1; the first saves, the second is refused and sees the first's change. */
	assert_int_equal(fx_asset_update(t->db, t->a, act, id, 1, &first, NULL, &e), 0);
	assert_int_equal(fx_asset_update(t->db, t->a, act, id, 1, &second, &cur, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "version");
	assert_string_equal(cur.supplier, "CGI");
	assert_int_equal(cur.version, 2);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	assert_string_equal(as.name, "Procapita");
	/* Moving it to another unit works with the current version. */
	struct asset_input moved = input(t->board, "system", "Procapita");
	assert_int_equal(fx_asset_update(t->db, t->a, act, id, 2, &moved, NULL, &e), 0);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	assert_int_equal(as.unit_id, t->board);
	assert_int_equal(as.version, 3);
	assert_int_equal(fx_asset_update(t->db, t->a, act, 999999, 1, &moved, NULL, &e), ERR_NOTFOUND);
}

static void test_links_both_directions(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct asset_link *deps, *dependants, l;
	size_t n_deps, n_dependants;
	int64_t sys = mk(t, t->unit, "system", "Procapita");
	int64_t set = mk(t, t->unit, "information_set", "Journaler");
	int64_t net = mk(t, t->board, "digital_service", "E-tjänsten");
	int64_t supplier = mk(t, t->board, "supplier", "CGI");
	int64_t l1, l2, l3;

	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, set, "holds", &l1, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, net, sys, "depends_on", &l2, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, supplier, "depends_on", &l3, &e), 0);
	/* "holds" only an information set. */
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, net, supplier, "holds", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "to_id");
	assert_string_equal(msg(t, &e), "Only an information set can be held by another asset.");
	/* Bad kind, itself, a missing asset, the same pair again. */
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, set, "contains", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, sys, "depends_on", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "to_id");
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, 999999, "depends_on", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "to_id");
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, set, "depends_on", NULL, &e), ERR_EXISTS);

	assert_int_equal(asset_links(t->db, t->a, sys, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_deps, 2);
	assert_int_equal(n_dependants, 1);
	assert_string_equal(deps[0].other_name, "CGI"); /* by name */
	assert_string_equal(deps[0].kind, "depends_on");
	assert_string_equal(deps[1].other_name, "Journaler");
	assert_string_equal(deps[1].kind, "holds");
	assert_string_equal(deps[1].other_kind, "information_set");
	assert_string_equal(dependants[0].other_name, "E-tjänsten");
	assert_int_equal(dependants[0].from_id, net);
	assert_int_equal(dependants[0].to_id, sys);
	assert_int_equal(asset_links(t->db, t->a, set, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_deps, 0);
	assert_int_equal(n_dependants, 1);
	assert_string_equal(dependants[0].other_name, "Procapita");

	assert_int_equal(asset_link_get(t->db, t->a, l1, &l, &e), 0);
	assert_int_equal(l.from_id, sys);
	assert_int_equal(l.to_id, set);
	assert_int_equal(fx_asset_link_remove(t->db, t->a, act, l1, &e), 0);
	assert_int_equal(asset_link_get(t->db, t->a, l1, &l, &e), ERR_NOTFOUND);
	assert_int_equal(fx_asset_link_remove(t->db, t->a, act, l1, &e), ERR_NOTFOUND);
	assert_int_equal(asset_links(t->db, t->a, sys, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_deps, 1);
	(void)l2;
	(void)l3;
}

static void test_cycle_refused_naming_path(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t a = mk(t, t->unit, "system", "A-systemet");
	int64_t b = mk(t, t->unit, "system", "B-systemet");
	int64_t c = mk(t, t->unit, "digital_service", "C-tjänsten");
	int64_t d = mk(t, t->unit, "system", "D-systemet");
	int64_t bc;

	assert_int_equal(fx_asset_link_add(t->db, t->a, act, a, b, "depends_on", NULL, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, b, c, "depends_on", &bc, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, a, d, "depends_on", NULL, &e), 0);
	/* C -> A closes A -> B -> C. */
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, c, a, "depends_on", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "to_id");
	assert_string_equal(
		msg(t, &e),
		"That would make a circle of dependencies: C-tjänsten → A-systemet → B-systemet → C-tjänsten.");
	/* The two-step circle too. */
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, b, a, "depends_on", NULL, &e), ERR_INVALID);
	assert_string_equal(msg(t, &e),
			    "That would make a circle of dependencies: B-systemet → A-systemet → B-systemet.");
	/* A diamond is not a circle. */
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, d, c, "depends_on", NULL, &e), 0);
	/* Removing B -> C leaves A -> D -> C, so C -> A is still a circle, named through D. */
	assert_int_equal(fx_asset_link_remove(t->db, t->a, act, bc, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, c, a, "depends_on", NULL, &e), ERR_INVALID);
	assert_string_equal(
		msg(t, &e),
		"That would make a circle of dependencies: C-tjänsten → A-systemet → D-systemet → C-tjänsten.");
	/* And C -> B is now fine. */
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, c, b, "depends_on", NULL, &e), 0);
}

/* Names of the listed assets, joined with ",". */
static const char *names(struct t *t, struct asset_filter *f, int64_t *total)
{
	struct asset *list;
	size_t n;
	struct err e = { 0 };
	char *out = arena_strdup(t->a, "");
	if (asset_list(t->db, t->a, f, &list, &n, total, &e))
		fail_msg("asset_list: %s", e.msgid);
	for (size_t i = 0; i < n; i++)
		out = arena_printf(t->a, "%s%s%s", out, i ? "," : "", list[i].name);
	return out;
}

struct lookup {
	const char *const *kv;
};

static const char *lookup_get(void *ctx, const char *name)
{
	const struct lookup *l = ctx;
	for (size_t i = 0; l->kv[i]; i += 2)
		if (!strcmp(l->kv[i], name))
			return l->kv[i + 1];
	return NULL;
}

/* Parse @kv (name, value, ..., NULL) as the list page and the API do, and list. */
static const char *listed(struct t *t, const char *const *kv, int64_t viewer)
{
	struct asset_filter f;
	struct lookup l = { kv };
	struct err e = { 0 };
	asset_filter_init(&f);
	if (asset_filter_parse(&f, lookup_get, &l, &e))
		fail_msg("asset_filter_parse: %s %s", e.field, e.msgid);
	f.viewer_id = viewer;
	f.today = "2026-06-01";
	return names(t, &f, NULL);
}

static void test_filters_and_sorting(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	char unit[32], board[32];
	int64_t reader = 0;

	/* Alfa: system in the administration, personal data, classified, review overdue on 2026-06-01.
	 * Beta: information set on the board, business-critical, classified, review later.
	 * Gamma: digital service in the other organisation, NIS2, supplier "Tieto".
	 * Delta: manual asset in the administration, not classified, flagged for review. */
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	struct asset_input alfa = input(t->unit, "system", "Alfa");
	alfa.personal_data = true;
	alfa.description = "Journalföring";
	int64_t a = 0, b = 0, g = 0, d = 0;
	assert_int_equal(asset_create(t->db, t->a, act, &alfa, &a, &e), 0);
	setenv("TILLIT_NOW", "2026-03-02T10:00:00Z", 1);
	struct asset_input beta = input(t->board, "information_set", "Beta");
	beta.business_critical = true;
	assert_int_equal(asset_create(t->db, t->a, act, &beta, &b, &e), 0);
	setenv("TILLIT_NOW", "2026-03-04T10:00:00Z", 1);
	struct asset_input gamma = input(t->other_unit, "digital_service", "Gamma");
	gamma.nis2 = true;
	gamma.supplier = "Tieto";
	assert_int_equal(asset_create(t->db, t->a, act, &gamma, &g, &e), 0);
	setenv("TILLIT_NOW", "2026-03-03T10:00:00Z", 1);
	struct asset_input delta = input(t->unit, "manual", "delta");
	assert_int_equal(asset_create(t->db, t->a, act, &delta, &d, &e), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	classify(t, a, 2, 1, 3, "2026-05-31");
	classify(t, b, 3, 2, 2, "2026-06-02");
	assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_FLAG, DB_ARGS(DB_INT(d)), NULL, &e), 0);

	snprintf(unit, sizeof(unit), "%lld", (long long)t->unit);
	snprintf(board, sizeof(board), "%lld", (long long)t->board);
	assert_string_equal(listed(t, (const char *[]){ NULL }, 0), "Alfa,Beta,delta,Gamma");
	/* Subtree: the board holds the administration. */
	assert_string_equal(listed(t, (const char *[]){ "unit_id", board, NULL }, 0), "Alfa,Beta,delta");
	assert_string_equal(listed(t, (const char *[]){ "unit_id", unit, NULL }, 0), "Alfa,delta");
	assert_string_equal(listed(t, (const char *[]){ "kind", "information_set", NULL }, 0), "Beta");
	assert_string_equal(listed(t, (const char *[]){ "classified", "true", NULL }, 0), "Alfa,Beta");
	assert_string_equal(listed(t, (const char *[]){ "classified", "false", NULL }, 0), "delta,Gamma");
	assert_string_equal(listed(t, (const char *[]){ "business_critical", "true", NULL }, 0), "Beta");
	assert_string_equal(listed(t, (const char *[]){ "business_critical", "false", NULL }, 0), "Alfa,delta,Gamma");
	assert_string_equal(listed(t, (const char *[]){ "nis2", "true", NULL }, 0), "Gamma");
	assert_string_equal(listed(t, (const char *[]){ "personal_data", "true", NULL }, 0), "Alfa");
	assert_string_equal(listed(t, (const char *[]){ "personal_data", "false", NULL }, 0), "Beta,delta,Gamma");
	/* Overdue on 2026-06-01: Alfa's date has passed, Delta is flagged; Beta's is tomorrow. */
	assert_string_equal(listed(t, (const char *[]){ "review_overdue", "true", NULL }, 0), "Alfa,delta");
	assert_string_equal(listed(t, (const char *[]){ "review_overdue", "false", NULL }, 0), "Alfa,Beta,delta,Gamma");
	/* Search: name, description or supplier, ignoring case; % and _ are plain characters. */
	assert_string_equal(listed(t, (const char *[]){ "q", "journal", NULL }, 0), "Alfa");
	assert_string_equal(listed(t, (const char *[]){ "q", "TIETO", NULL }, 0), "Gamma");
	assert_string_equal(listed(t, (const char *[]){ "q", "ELT", NULL }, 0), "delta");
	assert_string_equal(listed(t, (const char *[]){ "q", "%", NULL }, 0), "");
	/* Empty values are no filter (a GET form sends them). */
	assert_string_equal(listed(t, (const char *[]){ "kind", "", "classified", "", "q", "", NULL }, 0),
			    "Alfa,Beta,delta,Gamma");
	/* Combined. */
	assert_string_equal(listed(t, (const char *[]){ "unit_id", board, "classified", "false", NULL }, 0), "delta");

	/* Sorting, both ways. */
	assert_string_equal(listed(t, (const char *[]){ "sort", "name", "order", "desc", NULL }, 0),
			    "Gamma,delta,Beta,Alfa");
	assert_string_equal(listed(t, (const char *[]){ "sort", "kind", NULL }, 0), "Gamma,Beta,delta,Alfa");
	assert_string_equal(listed(t, (const char *[]){ "sort", "kind", "order", "desc", NULL }, 0),
			    "Alfa,delta,Beta,Gamma");
	/* Units: Socialförvaltningen, Socialnämnden, Zeta nämnd; descending reverses the whole order, ties too. */
	assert_string_equal(listed(t, (const char *[]){ "sort", "unit", NULL }, 0), "Alfa,delta,Beta,Gamma");
	assert_string_equal(listed(t, (const char *[]){ "sort", "unit", "order", "desc", NULL }, 0),
			    "Gamma,Beta,delta,Alfa");
	assert_string_equal(listed(t, (const char *[]){ "sort", "updated", NULL }, 0), "Alfa,Beta,delta,Gamma");
	assert_string_equal(listed(t, (const char *[]){ "sort", "updated", "order", "desc", NULL }, 0),
			    "Gamma,delta,Beta,Alfa");
	/* Review date: the unclassified last either way (among themselves by name, reversed too). */
	assert_string_equal(listed(t, (const char *[]){ "sort", "review", NULL }, 0), "Alfa,Beta,delta,Gamma");
	assert_string_equal(listed(t, (const char *[]){ "sort", "review", "order", "desc", NULL }, 0),
			    "Beta,Alfa,Gamma,delta");

	/* Paging: the total counts every match. */
	struct asset_filter f;
	int64_t total = 0;
	asset_filter_init(&f);
	f.limit = 2;
	f.offset = 1;
	assert_string_equal(names(t, &f, &total), "Beta,delta");
	assert_int_equal(total, 4);

	/* A reader on the board sees its subtree only, not the other organisation. */
	struct user_input ur = { "lasare", "Läsare", "", "sv", true };
	assert_int_equal(user_create(t->db, t->a, act, &ur, "correct horse battery", &reader, &e), 0);
	assert_string_equal(listed(t, (const char *[]){ NULL }, reader), ""); /* no role yet */
	assert_int_equal(grant_add(t->db, t->a, act, reader, t->board, "reader", NULL, &e), 0);
	assert_string_equal(listed(t, (const char *[]){ NULL }, reader), "Alfa,Beta,delta");
	assert_string_equal(listed(t, (const char *[]){ "nis2", "true", NULL }, reader), "");

	/* The levels of the current classification come with the asset. */
	struct asset as;
	assert_int_equal(asset_get(t->db, t->a, a, &as, &e), 0);
	assert_int_equal(as.c_level, 2);
	assert_int_equal(as.i_level, 1);
	assert_int_equal(as.a_level, 3);
	assert_int_equal(as.t_level, -1);
	assert_string_equal(as.review_due, "2026-05-31");
}

static void test_filter_parse_refuses_bad_values(void **state)
{
	struct t *t = *state;
	static const struct {
		const char *name, *value;
	} bad[] = {
		{ "unit_id", "abc" },        { "unit_id", "-3" },          { "kind", "database" },
		{ "classified", "yes" },     { "business_critical", "1" }, { "nis2", "maybe" },
		{ "personal_data", "TRUE" }, { "review_overdue", "x" },    { "sort", "owner" },
		{ "order", "up" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *kv[] = { bad[i].name, bad[i].value, NULL };
		struct lookup l = { kv };
		struct asset_filter f;
		struct err e = { 0 };
		asset_filter_init(&f);
		if (asset_filter_parse(&f, lookup_get, &l, &e) != ERR_INVALID || strcmp(e.field, bad[i].name))
			fail_msg("%s=%s accepted", bad[i].name, bad[i].value);
	}
	/* An unknown unit in the filter names the field. */
	struct asset_filter f;
	struct asset *list;
	size_t n;
	struct err e = { 0 };
	asset_filter_init(&f);
	f.unit_id = 999999;
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
}

static void test_level_names_and_edit_rights(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct asset as;
	const char *names_[ASSET_MAX_LEVEL + 1];
	int64_t id;
	struct asset_input in = input(t->unit, "system", "Procapita");
	in.owner_id = t->anna;
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);

	/* No names stored: the national scale applies. */
	assert_int_equal(asset_level_names(t->db, t->a, as.unit_path, names_, &e), 0);
	assert_null(names_[2]);
	assert_string_equal(asset_national_level(2), "Significant");
	assert_null(asset_national_level(5));
	assert_int_equal(db_run(t->db, t->a, &Q_T_LEVEL_INSERT,
				DB_ARGS(DB_INT(t->org), DB_INT(2), DB_TEXT("Betydande skada")), NULL, &e),
			 0);
	assert_int_equal(asset_level_names(t->db, t->a, as.unit_path, names_, &e), 0);
	assert_string_equal(names_[2], "Betydande skada");
	assert_null(names_[3]);

	/* Edit rights: a coordinator in scope; the owner with the owner role in scope; not a reader, nor another owner. */
	struct grant coord = { 1, ROLE_COORDINATOR, t->board,
			       arena_printf(t->a, "/%lld/%lld/", (long long)t->org, (long long)t->board), "" };
	struct grant own = coord, read = coord, far = coord;
	own.role = ROLE_OWNER;
	read.role = ROLE_READER;
	far.unit_id = t->other_org;
	far.unit_path = arena_printf(t->a, "/%lld/", (long long)t->other_org);
	struct auth au = { 0 };
	au.user_id = t->bertil;
	au.n_grants = 1;
	au.grants = &coord;
	assert_true(asset_can_edit(&au, &as));
	au.grants = &far;
	assert_false(asset_can_edit(&au, &as));
	au.grants = &own;
	assert_false(asset_can_edit(&au, &as)); /* Bertil is an owner, but not of this asset */
	au.user_id = t->anna;
	assert_true(asset_can_edit(&au, &as));
	au.grants = &read;
	assert_false(asset_can_edit(&au, &as)); /* Anna owns it but holds only a reader role */
}

/* --- who may own an asset --- */

static void test_owner_eligibility_rule(void **state)
{
	struct role_grant g[3] = { 0 };
	(void)state;

	/* No grant, or a role that cannot sign: not eligible. */
	assert_false(asset_owner_can_sign(g, 0, "/1/4/9/"));
	g[0] = (struct role_grant){ .role = "reader", .unit_id = 4, .unit_path = "/1/4/" };
	g[1] = (struct role_grant){ .role = "dpo", .unit_id = 0 };
	g[2] = (struct role_grant){ .role = "auditor", .unit_id = 1, .unit_path = "/1/" };
	assert_false(asset_owner_can_sign(g, 3, "/1/4/9/"));
	/* The owner role on the unit or above it. */
	g[0].role = "owner";
	assert_true(asset_owner_can_sign(g, 1, "/1/4/9/"));
	assert_true(asset_owner_can_sign(g, 1, "/1/4/"));
	assert_false(asset_owner_can_sign(g, 1, "/1/5/"));  /* a sibling */
	assert_false(asset_owner_can_sign(g, 1, "/1/"));    /* above the grant */
	assert_false(asset_owner_can_sign(g, 1, "/1/44/")); /* a prefix of digits is not a parent */
	/* A coordinator or administrator signs too; installation-wide grants hold everywhere. */
	g[0].role = "coordinator";
	assert_true(asset_owner_can_sign(g, 1, "/1/4/9/"));
	g[1].role = "administrator";
	assert_true(asset_owner_can_sign(g, 2, "/7/"));
	/* The labels of the owner by kind. */
	assert_string_equal(asset_owner_label("information_set"), "Information owner");
	assert_string_equal(asset_owner_label("system"), "System owner");
	assert_string_equal(asset_owner_label("digital_service"), "System owner");
	assert_string_equal(asset_owner_label("process"), "Owner");
	assert_true(asset_kind_has_administrator("system"));
	assert_false(asset_kind_has_administrator("information_set"));
}

static void test_ineligible_owner_refused(void **state)
{
	struct t *t = *state;
	struct user_input uc = { "cilla", "Cilla Utan Roll", "", "sv", true };
	struct asset_input in = { 0 };
	struct asset as, cur;
	struct asset_owner_candidate *cand;
	struct err e = { 0 };
	int64_t cilla, id = 0;
	size_t n;

	assert_int_equal(user_create(t->db, t->a, act, &uc, "correct horse battery", &cilla, &e), 0);
	in.unit_id = t->unit;
	in.kind = "system";
	in.name = "Ekonomisystem Raindance";
	in.owner_id = cilla;
	/* Someone without a role over the unit would leave a draft nobody can sign: refused, naming the field. */
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner_id");
	assert_string_equal(e.arg, "Cilla Utan Roll");
	assert_int_equal(id, 0);
	/* A reader role is not enough either. */
	assert_int_equal(grant_add(t->db, t->a, act, cilla, t->unit, "reader", NULL, &e), 0);
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner_id");
	/* Anna holds the owner role over the board: accepted. */
	in.owner_id = t->anna;
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), 0);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	/* Moving it to another organisation, where Anna has no role, is refused while she owns it. */
	in.unit_id = t->other_unit;
	assert_int_equal(asset_update(t->db, t->a, act, &as, as.version, &in, &cur, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner_id");
	/* Once Cilla is an owner there, she may be named. */
	assert_int_equal(grant_add(t->db, t->a, act, cilla, t->unit, "owner", NULL, &e), 0);
	in.unit_id = t->unit;
	in.owner_id = cilla;
	assert_int_equal(asset_update(t->db, t->a, act, &as, as.version, &in, &cur, &e), 0);
	/* The picker offers exactly the people who can sign in the unit. */
	assert_int_equal(asset_owner_candidates(t->db, t->a, as.unit_path, NULL, 100, &cand, &n, &e), 0);
	assert_int_equal(n, 3); /* Anna, Bertil (board), Cilla (unit) */
	/* A search narrows them by name or user name, case folded. */
	assert_int_equal(asset_owner_candidates(t->db, t->a, as.unit_path, "CILL", 100, &cand, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0].id, cilla);
	assert_int_equal(asset_owner_candidates(t->db, t->a, "/nowhere/", NULL, 100, &cand, &n, &e), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner_eligibility_rule),
		cmocka_unit_test_setup_teardown(test_ineligible_owner_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_checks_every_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_and_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_name_in_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_both_directions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycle_refused_naming_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters_and_sorting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_parse_refuses_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level_names_and_edit_rights, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
