/*
 * test_q_asset.c - the queries of the asset list, against a real database
 * (SQLite in memory, or PostgreSQL with TEST_DB_URL).
 *
 * The list finds a page one of four ways (along the order's index, by the
 * viewer's units, through the search index, through the filter index),
 * chosen by what the count says. Whichever way runs, a person must see the
 * same page: every way is run here for every sort order, both directions,
 * and a range of filters, and compared with the order computed here in C.
 * Each query runs more than five times, so that PostgreSQL has switched to
 * its generic plan for the later runs. Also: the counts stop at 10 000 and
 * say so, paging shows every asset once, the viewer's grant on "/1/" does
 * not reach "/10/", and the folded columns are filled for assets stored
 * before them.
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
#include "core/str.h"
#include "db/db.h"
#include "db/q_asset.h"
#include "domain/asset.h"
#include "domain/asset_io.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

/* Test set-up only: signed classifications, review flags, and many assets at once. */
static DB_QUERY(Q_T_CLASS_INSERT,
		"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level, c_computed,"
		" i_computed, a_computed, status, review_due, created_at)"
		" VALUES ($1, 1, 1, 1, 1, NULL, 1, 1, 1, 'signed', $2, '2026-01-01T00:00:00Z') RETURNING id");
static DB_QUERY(Q_T_ASSET_CLASSIFY, "UPDATE assets SET classification_id = $2, review_due = $3 WHERE id = $1");
static DB_QUERY(Q_T_ASSET_FLAG, "UPDATE assets SET needs_review = 1 WHERE id = $1");
static DB_QUERY(Q_T_ASSET_UNFOLD, "UPDATE assets SET name_folded = '', search_folded = ''");
static DB_QUERY(Q_T_ASSET_FOLDED, "SELECT name_folded, search_folded FROM assets WHERE id = $1");
static DB_QUERY(Q_T_BULK,
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST($2 AS BIGINT))"
		" INSERT INTO assets (unit_id, kind, name, description, supplier, hosting, lifecycle, version,"
		" created_at, updated_at, name_folded, search_folded)"
		" SELECT $1, 'system', 'Massa ' || i, '', '', '', 'in_use', 1, '2026-01-01T00:00:00Z',"
		" '2026-01-01T00:00:00Z', 'massa ' || i, 'massa ' || i FROM n");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, unit, other_org, other_unit, far_org;
	int64_t reader, z_reader, all_reader, nobody;
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(unit_create(t->db, t->a, act, &in, &id, &e), 0);
	return id;
}

static int64_t mk_user(struct t *t, const char *name)
{
	struct user_input in = { name, name, "", "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(user_create(t->db, t->a, act, &in, "correct horse battery", &id, &e), 0);
	return id;
}

static int64_t mk(struct t *t, int64_t unit, const char *kind, const char *name, const char *supplier,
		  const char *description)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	in.supplier = supplier;
	in.description = description;
	in.personal_data = strlen(name) % 2;
	in.business_critical = strlen(name) % 3 == 0;
	in.nis2 = name[0] == 'S' || name[0] == 's';
	if (asset_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.field ? e.field : "", e.msgid ? e.msgid : "");
	return id;
}

static void classify(struct t *t, int64_t id, const char *review_due)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, &Q_T_CLASS_INSERT, DB_ARGS(DB_INT(id), DB_TEXT(review_due)), &rows, &e),
			 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_CLASSIFY,
				DB_ARGS(DB_INT(id), DB_INT(rows_int(&rows, 0, 0)), DB_TEXT(review_due)), NULL, &e),
			 0);
}

static const char *const names[] = {
	"Åtgärdssystem", "ärendehantering", "Ärendehantering 2", "Öppna data",   "alfa",           "Alfa plus",
	"Beta",          "beta-test",       "Ekonomisystem",     "E-arkiv",      "Skolplattform",  "Schemaläggning",
	"Procapita",     "Lifecare",        "Treserva",          "Journaler",    "Personakter",    "Löner",
	"Väghållning",   "Ärendesystemet",  "Bygglov",           "Kartsystemet", "Sociala medier", "Zeta",
	"100 % säkert",  "under_strecket",  "Ödegård",           "Éclair",       "Ångström",       "Ægir",
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	static const char *const kinds[] = { "system", "information_set", "digital_service", "manual", "process" };
	int64_t units[4];

	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun"); /* path "/1/" */
	t->board = mk_unit(t, t->org, "board", "Socialnämnden");
	t->unit = mk_unit(t, t->board, "administration", "Socialförvaltningen");
	t->other_org = mk_unit(t, 0, "organisation", "Zeta kommun");
	t->other_unit = mk_unit(t, t->other_org, "board", "Zeta nämnd");
	/* Units until an id starts with the organisation's: "/10/" and more must not count as under "/1/". */
	for (int k = 0; (t->far_org = mk_unit(t, 0, "organisation", arena_printf(t->a, "Kommun %d", k))) < 10; k++)
		;
	units[0] = t->org, units[1] = t->board, units[2] = t->unit, units[3] = t->other_unit;
	for (size_t i = 0; i < N_NAMES; i++) {
		char sup[32];
		snprintf(sup, sizeof(sup), "Leverantör %zu", i % 4);
		setenv("TILLIT_NOW", i % 3 ? "2026-03-01T10:00:00Z" : "2026-03-02T10:00:00Z", 1);
		int64_t id = mk(t, units[i % 4], kinds[i % 5], names[i], sup, i % 2 ? "Används för åtgärder" : "");
		/* One date in the year 9999, which orders after "9999" (the missing date's place) as text. */
		if (i % 4 == 1)
			classify(t, id, i == 5 ? "9999-12-31" : i % 8 == 1 ? "2026-01-01" : "2027-01-01");
		if (i % 7 == 3)
			assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_FLAG, DB_ARGS(DB_INT(id)), NULL, &e), 0);
	}
	mk(t, t->far_org, "system", "Fjärran", "", "");
	setenv("TILLIT_NOW", "2026-03-03T10:00:00Z", 1);
	t->reader = mk_user(t, "lasare");
	assert_int_equal(grant_add(t->db, t->a, act, t->reader, t->org, "reader", NULL, &e), 0);
	t->z_reader = mk_user(t, "zlasare");
	assert_int_equal(grant_add(t->db, t->a, act, t->z_reader, t->other_unit, "reader", NULL, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->z_reader, t->unit, "owner", NULL, &e), 0);
	t->all_reader = mk_user(t, "allaslasare");
	assert_int_equal(grant_add(t->db, t->a, act, t->all_reader, 0, "reader", NULL, &e), 0);
	t->nobody = mk_user(t, "ingen");
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

/* --- the order a person expects, computed here --- */

static enum asset_sort sort_of;
static bool desc_of;

static int cmp_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

static int cmp_id(int64_t x, int64_t y)
{
	return x < y ? -1 : x > y;
}

static int by_order(const void *xp, const void *yp)
{
	const struct asset *x = xp, *y = yp;
	struct arena *a = arena_new();
	int c = 0;

	switch (sort_of) {
	case ASSET_SORT_KIND:
		c = cmp_text(x->kind, y->kind);
		break;
	case ASSET_SORT_UNIT:
		c = cmp_text(x->unit_name, y->unit_name);
		if (!c)
			c = cmp_id(x->unit_id, y->unit_id);
		break;
	case ASSET_SORT_UPDATED:
		c = cmp_text(x->updated_at, y->updated_at);
		if (!c)
			c = cmp_id(x->id, y->id);
		break;
	case ASSET_SORT_REVIEW: {
		const char *none = desc_of ? "0000" : "9999";
		c = cmp_text(x->review_due ? x->review_due : none, y->review_due ? y->review_due : none);
		break;
	}
	default:
		break;
	}
	if (!c)
		c = cmp_text(str_fold(a, x->name), str_fold(a, y->name));
	if (!c)
		c = cmp_id(x->id, y->id);
	arena_free(a);
	return desc_of ? -c : c;
}

/* The ids of @list as "1,5,3". */
static const char *ids(struct arena *a, const struct asset *list, size_t n)
{
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%lld", s, i ? "," : "", (long long)list[i].id);
	return s;
}

struct scenario {
	const char *what;
	int64_t viewer; /* 0: everything */
	int64_t unit;   /* subtree */
	const char *q;
	const char *kind;
	int business_critical, nis2, classified;
	bool review_overdue;
	size_t expect; /* how many match, (size_t)-1 when not checked */
};

static void filter_of(struct t *t, const struct scenario *s, struct asset_filter *f)
{
	asset_filter_init(f);
	f->viewer_id = s->viewer;
	f->unit_id = s->unit;
	f->q = s->q;
	f->kind = s->kind;
	f->business_critical = s->business_critical;
	f->nis2 = s->nis2;
	f->classified = s->classified;
	f->review_overdue = s->review_overdue;
	f->today = "2026-06-01";
	(void)t;
}

/*
 * db-asset-1: every way of finding a page gives the page a person expects,
 * for every order and direction, each query run seven times.
 */
static void test_every_way_gives_the_same_page(void **state)
{
	struct t *t = *state;
	const struct scenario scenarios[] = {
		{ "everything", 0, 0, NULL, NULL, -1, -1, -1, false, N_NAMES + 1 },
		{ "search åtgärd", 0, 0, "åtgärd", NULL, -1, -1, -1, false, (size_t)-1 },
		{ "search ÅTGÄRD", 0, 0, "ÅTGÄRD", NULL, -1, -1, -1, false, (size_t)-1 },
		{ "search of two letters", 0, 0, "st", NULL, -1, -1, -1, false, (size_t)-1 },
		{ "search %", 0, 0, "100 %", NULL, -1, -1, -1, false, 1 },
		{ "search _", 0, 0, "r_s", NULL, -1, -1, -1, false, 1 },
		{ "search by supplier", 0, 0, "LEVERANTÖR 2", NULL, -1, -1, -1, false, (size_t)-1 },
		{ "kind", 0, 0, NULL, "information_set", -1, -1, -1, false, (size_t)-1 },
		{ "flags", 0, 0, NULL, NULL, 1, 0, -1, false, (size_t)-1 },
		{ "classified", 0, 0, NULL, NULL, -1, -1, 1, false, (size_t)-1 },
		{ "overdue", 0, 0, NULL, NULL, -1, -1, -1, true, (size_t)-1 },
		{ "subtree", 0, 0, NULL, NULL, -1, -1, -1, false, (size_t)-1 },
		{ "reader of /1/", 0, 0, NULL, NULL, -1, -1, -1, false, (size_t)-1 },
		{ "reader of two units", 0, 0, NULL, NULL, -1, -1, -1, false, (size_t)-1 },
		{ "reader, search and kind", 0, 0, "ärende", "system", -1, -1, -1, false, (size_t)-1 },
		{ "no role", 0, 0, NULL, NULL, -1, -1, -1, false, 0 },
		{ "reader of the whole installation", 0, 0, NULL, NULL, -1, -1, -1, false, N_NAMES + 1 },
		{ "reader of the whole installation, subtree", 0, 0, NULL, NULL, -1, -1, -1, false, (size_t)-1 },
		{ "reader of the whole installation, search", 0, 0, "åtgärd", NULL, -1, -1, -1, false, (size_t)-1 },
	};
	struct scenario sc[sizeof(scenarios) / sizeof(scenarios[0])];
	struct err e = { 0 };

	memcpy(sc, scenarios, sizeof(sc));
	sc[11].unit = t->board;
	sc[12].viewer = t->reader;
	sc[13].viewer = t->z_reader;
	sc[14].viewer = t->reader;
	sc[15].viewer = t->nobody;
	sc[16].viewer = t->all_reader;
	sc[17].viewer = t->all_reader;
	sc[17].unit = t->board;
	sc[18].viewer = t->all_reader;

	for (size_t s = 0; s < sizeof(sc) / sizeof(sc[0]); s++) {
		struct asset_filter f;
		const char *subtree = NULL;
		struct asset *all;
		size_t n_all;
		int64_t total = -1;

		filter_of(t, &sc[s], &f);
		if (f.unit_id) {
			struct unit u;
			assert_int_equal(unit_get(t->db, t->a, f.unit_id, &u, &e), 0);
			subtree = u.path;
		}
		/* What matches: every way's answer in name order, limit 500, must be this set. */
		f.limit = 500;
		assert_int_equal(q_asset_list_by(t->db, t->a, &f, subtree, f.today, ASSET_WAY_ROW, &all, &n_all, &e),
				 0);
		if (sc[s].expect != (size_t)-1 && n_all != sc[s].expect)
			fail_msg("%s: %zu assets, expected %zu", sc[s].what, n_all, sc[s].expect);
		assert_int_equal(asset_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		assert_int_equal(total, (int64_t)n_all);
		for (size_t i = 0; i < n_all; i++) {
			/* The viewer's grant on "/1/" never reaches "/10/" and beyond. */
			if (f.viewer_id == t->reader)
				assert_int_not_equal(all[i].unit_id, t->far_org);
		}
		for (int sort = 0; sort <= ASSET_SORT_REVIEW; sort++) {
			for (int desc = 0; desc < 2; desc++) {
				struct asset *want = arena_calloc(t->a, n_all + 1, sizeof(*want));
				const char *want_ids;
				memcpy(want, all, n_all * sizeof(*want));
				sort_of = (enum asset_sort)sort;
				desc_of = desc;
				qsort(want, n_all, sizeof(*want), by_order);
				want_ids = ids(t->a, want, n_all);
				f.sort = (enum asset_sort)sort;
				f.desc = desc;
				for (int way = 0; way < ASSET_WAY_COUNT; way++) {
					if ((way == ASSET_WAY_HITS && (!f.q || str_utf8_len(f.q) < 3)) ||
					    (way == ASSET_WAY_FILTER && f.q) ||
					    (way == ASSET_WAY_SCOPE && !f.viewer_id && !subtree))
						continue;
					for (int run = 0; run < 7; run++) {
						struct asset *got;
						size_t n_got;
						if (q_asset_list_by(t->db, t->a, &f, subtree, f.today,
								    (enum asset_list_way)way, &got, &n_got, &e))
							fail_msg("%s, way %d: %s", sc[s].what, way, e.detail);
						if (strcmp(ids(t->a, got, n_got), want_ids))
							fail_msg("%s, sort %d%s, way %d, run %d:\n got %s\nwant %s",
								 sc[s].what, sort, desc ? " desc" : "", way, run,
								 ids(t->a, got, n_got), want_ids);
					}
				}
			}
		}
	}
}

/* db-asset-2: pages of 7 show every asset once, in order, whichever way each page is found. */
static void test_paging_shows_every_asset_once(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };

	for (int order = 0; order <= 2 * ASSET_SORT_REVIEW + 1; order++) {
		struct asset_filter f;
		struct asset *all, *page;
		size_t n_all, n;
		const char *joined = "";
		int64_t total;

		asset_filter_init(&f);
		f.sort = (enum asset_sort)(order / 2);
		f.desc = order % 2;
		f.limit = 500;
		assert_int_equal(asset_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
		assert_int_equal(n_all, N_NAMES + 1);
		f.limit = 7;
		for (f.offset = 0; f.offset < total; f.offset += f.limit) {
			assert_int_equal(asset_list(t->db, t->a, &f, &page, &n, NULL, &e), 0);
			joined = arena_printf(t->a, "%s%s%s", joined, f.offset ? "," : "", ids(t->a, page, n));
		}
		assert_string_equal(joined, ids(t->a, all, n_all));
		/* Past the end: an empty page, not an error. */
		assert_int_equal(asset_list(t->db, t->a, &f, &page, &n, NULL, &e), 0);
		assert_int_equal(n, 0);
	}
}

/* db-asset-3: assets stored before the folded columns get them from the migration's fill. */
static void test_fill_folded(void **state)
{
	struct t *t = *state;
	struct asset_filter f;
	struct asset *list;
	struct db_rows rows;
	size_t n;
	struct err e = { 0 };
	int64_t id = mk(t, t->unit, "system", "ÅTGÄRDSREGISTER", "Leverantören AB", "Ärenden");

	assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_UNFOLD, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_begin(t->db, &e), 0);
	assert_int_equal(q_asset_fill_folded(t->db, &e), 0);
	assert_int_equal(db_commit(t->db, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &Q_T_ASSET_FOLDED, DB_ARGS(DB_INT(id)), &rows, &e), 0);
	assert_string_equal(rows_text(&rows, 0, 0), "åtgärdsregister");
	assert_string_equal(rows_text(&rows, 0, 1), "åtgärdsregister\nleverantören ab\närenden");
	asset_filter_init(&f);
	f.q = "gärdsreg";
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, NULL, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
}

/*
 * db-asset-4: past 10 000 the count says "more": exact up to the bound,
 * ASSET_COUNT_BOUND + 1 beyond; a page reaches offset 10 000 and is
 * empty further on; an export takes everything.
 */
static void test_count_stops_at_the_bound(void **state)
{
	struct t *t = *state;
	struct asset_filter f;
	struct asset *list;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };

	assert_int_equal(db_run(t->db, t->a, &Q_T_BULK, DB_ARGS(DB_INT(t->other_unit), DB_INT(10050)), NULL, &e), 0);
	asset_filter_init(&f);
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, ASSET_COUNT_BOUND + 1);
	assert_int_equal(n, 50);
	/* Filters that match fewer are counted exactly. */
	f.kind = "manual";
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_true(total > 0 && total < 20);
	f.kind = NULL;
	f.q = "massa 100";
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 1 + 10 + 51); /* massa 100, 1000..1009, 10000..10050 */
	f.q = "massa";
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, ASSET_COUNT_BOUND + 1);
	/* The last page that can be asked for, and one too far. */
	f.q = NULL;
	f.offset = ASSET_COUNT_BOUND;
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 50);
	f.offset = ASSET_COUNT_BOUND + 1;
	assert_int_equal(asset_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(total, ASSET_COUNT_BOUND + 1);
	/* Everything, for a workbook: not held to the count's bound. */
	f.offset = 0;
	assert_int_equal(asset_export_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, N_NAMES + 1 + 10050);
	assert_int_equal(total, (int64_t)n);
	/* The export's pages by id: the viewer's scope and the filters as the list has them. */
	f.viewer_id = t->reader;
	f.q = "Ärende";
	assert_int_equal(q_asset_page_after(t->db, t->a, &f, NULL, "2026-06-01", 0, 500, &list, &n, &e), 0);
	assert_int_equal(n, 2); /* ärendehantering and Ärendehantering 2; Ärendesystemet is Zeta's */
	for (size_t i = 1; i < n; i++)
		assert_true(list[i - 1].id < list[i].id);
	assert_int_equal(q_asset_page_after(t->db, t->a, &f, NULL, "2026-06-01", list[0].id, 500, &list, &n, &e), 0);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_way_gives_the_same_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging_shows_every_asset_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_folded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_stops_at_the_bound, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
