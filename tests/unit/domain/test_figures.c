/*
 * test_figures.c - the share of systems classified, read from history, and
 * the list of classifications due for review, against a real database
 * (SQLite in memory, or PostgreSQL with TEST_DB_URL).
 *
 * The clock is fixed with TILLIT_NOW while the register is built, so each
 * asset gets a known creation time and the retirement a known time.
 * Classifications are inserted with a query of this test's own: the
 * signing code belongs to the classification module, and these tests are
 * about counting what has been signed, at which time. Each signature is
 * then noted in the kept counts as the classification module notes it
 * (figures_note_signed()).
 *
 * The story (organisation "Ekdala kommun"; Kommunstyrelsen with the
 * IT-enheten below it; Socialnämnden):
 *   2024-01-15  system "Ärendesystem" created in IT-enheten
 *   2024-02-01  information set "Personakter" (IT-enheten) signed
 *   2024-04-10  digital service "E-tjänst" (Socialnämnden), information set
 *               "Personakter" and process "Bygglov" (Kommunstyrelsen) created
 *   2024-05-01  "Ärendesystem" signed (version 1)
 *   2024-06-01  "E-tjänst" classified as a draft, never signed
 *   2024-09-01  system "Gamla lönen" created in Kommunstyrelsen
 *   2024-10-01  "Gamla lönen" signed
 *   2024-11-30  "Gamla lönen" retired at noon
 *   2024-12-01  "Ärendesystem" signed again (version 2)
 *   2025-02-10  today
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/classify.h"
#include "domain/figures.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"

/* Test-only: a classification row as the classification module would leave it. */
DB_QUERY(T_CLASS_INSERT,
	 "INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, c_computed, i_computed,"
	 " a_computed, status, signed_at, created_at) VALUES ($1, $2, 1, 1, 1, 1, 1, 1, $3, $4, $5)");
/* Test-only: the review state the classification module keeps on the asset. */
DB_QUERY(T_ASSET_REVIEW, "UPDATE assets SET review_due = $2, needs_review = $3 WHERE id = $1");

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, ks, it, soc, other_org;
	int64_t arende, etjanst, personakter, bygglov, gamla;
	int64_t user_soc; /* reader on Socialnämnden only */
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
		fail_msg("unit_create(%s): %s %s", name, e.msgid ? e.msgid : "", e.detail);
	return id;
}

static int64_t mk_asset(struct t *t, int64_t unit, const char *kind, const char *name, const char *when)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	at(when);
	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	if (asset_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.msgid ? e.msgid : "", e.detail);
	return id;
}

static void classify(struct t *t, int64_t asset, int version, const char *status, const char *signed_at,
		     const char *created_at)
{
	struct err e = { 0 };
	struct asset as;

	if (db_run(t->db, t->a, &T_CLASS_INSERT,
		   DB_ARGS(DB_INT(asset), DB_INT(version), DB_TEXT(status), DB_TEXT(signed_at), DB_TEXT(created_at)),
		   NULL, &e))
		fail_msg("classification insert: %s", e.detail);
	if (!strcmp(status, "signed") &&
	    (asset_get(t->db, t->a, asset, &as, &e) || figures_note_signed(t->db, t->a, &as, signed_at, &e)))
		fail_msg("noting the signature: %s", e.detail);
}

/*
 * Set an asset's review date and flag, with an entry in the audit trail as every write of Tillit's makes (signing a
 * classification, a change it inherits): the overdue list and its count are kept until the next write.
 */
static void review(struct t *t, int64_t asset, const char *due, int flagged)
{
	struct err e = { 0 };
	if (db_run(t->db, t->a, &T_ASSET_REVIEW, DB_ARGS(DB_INT(asset), DB_TEXT(due), DB_INT(flagged)), NULL, &e) ||
	    audit_append(t->db, t->a, actor_of(act), "asset", asset, 0, "update", NULL, "{\"review\":true}", &e))
		fail_msg("review update: %s", e.detail);
}

static void retire(struct t *t, int64_t id, const char *when)
{
	struct asset as;
	struct asset_input in = { 0 };
	struct err e = { 0 };

	at(when);
	assert_int_equal(asset_get(t->db, t->a, id, &as, &e), 0);
	in.unit_id = as.unit_id;
	in.kind = as.kind;
	in.name = as.name;
	in.lifecycle = "retired";
	if (fx_asset_update(t->db, t->a, act, id, as.version, &in, NULL, &e))
		fail_msg("asset_update: %s %s", e.msgid ? e.msgid : "", e.detail);
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct user_input ui = { "soc-reader", "Läsare Soc", "", "sv", true };
	struct err e = { 0 };

	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	at("2024-01-01T08:00:00Z");
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun");
	t->ks = mk_unit(t, t->org, "board", "Kommunstyrelsen");
	t->it = mk_unit(t, t->ks, "unit", "IT-enheten");
	t->soc = mk_unit(t, t->org, "board", "Socialnämnden");
	t->other_org = mk_unit(t, 0, "organisation", "Tomma kommun");
	assert_int_equal(user_create(t->db, t->a, act, &ui, "correct horse battery staple", &t->user_soc, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->user_soc, t->soc, "reader", NULL, &e), 0);

	t->arende = mk_asset(t, t->it, "system", "Ärendesystem", "2024-01-15T09:00:00Z");
	t->personakter = mk_asset(t, t->it, "information_set", "Personakter", "2024-01-20T09:00:00Z");
	classify(t, t->personakter, 1, "signed", "2024-02-01T10:00:00Z", "2024-02-01T09:00:00Z");
	t->etjanst = mk_asset(t, t->soc, "digital_service", "E-tjänst", "2024-04-10T09:00:00Z");
	t->bygglov = mk_asset(t, t->ks, "process", "Bygglov", "2024-04-10T10:00:00Z");
	classify(t, t->bygglov, 1, "signed", "2024-04-11T10:00:00Z", "2024-04-11T09:00:00Z");
	classify(t, t->arende, 1, "signed", "2024-05-01T10:00:00Z", "2024-04-30T09:00:00Z");
	classify(t, t->etjanst, 1, "draft", NULL, "2024-06-01T09:00:00Z");
	t->gamla = mk_asset(t, t->ks, "system", "Gamla lönen", "2024-09-01T09:00:00Z");
	classify(t, t->gamla, 1, "signed", "2024-10-01T10:00:00Z", "2024-10-01T09:00:00Z");
	retire(t, t->gamla, "2024-11-30T12:00:00Z");
	classify(t, t->arende, 2, "signed", "2024-12-01T10:00:00Z", "2024-12-01T09:00:00Z");
	mk_asset(t, t->other_org, "information_set", "Bara en mängd", "2024-03-01T09:00:00Z");
	at("2025-02-10T12:00:00Z");
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

/* Unit @id as a route's scope would read it. Lives in t->a. */
static const struct unit *unit_of(struct t *t, int64_t id)
{
	struct unit *u;
	struct err e = { 0 };

	u = arena_calloc(t->a, 1, sizeof(*u));
	if (unit_get(t->db, t->a, id, u, &e))
		fail_msg("unit_get(%lld): %s", (long long)id, e.msgid ? e.msgid : "");
	return u;
}

/* The figure for @unit at @date must be @classified of @total. */
static void expect(struct t *t, int64_t unit, const char *date, int64_t classified, int64_t total)
{
	struct figures_share s;
	struct err e = { 0 };
	int rc = figures_classified(t->db, t->a, unit_of(t, unit), date, &s, &e);
	if (rc)
		fail_msg("figures_classified(%lld, %s): %d %s %s", (long long)unit, date ? date : "today", rc,
			 e.msgid ? e.msgid : "", e.detail);
	if (s.classified != classified || s.total != total)
		fail_msg("unit %lld at %s: %lld of %lld, expected %lld of %lld", (long long)unit, date ? date : "today",
			 (long long)s.classified, (long long)s.total, (long long)classified, (long long)total);
}

static void test_whole_organisation_over_time(void **state)
{
	struct t *t = *state;

	expect(t, t->org, "2023-12-31", 0, 0); /* nothing yet */
	expect(t, t->org, "2024-01-14", 0, 0); /* the day before the first system */
	expect(t, t->org, "2024-01-15", 0, 1); /* created that morning: counts at the end of the day */
	expect(t, t->org, "2024-03-31", 0, 1); /* information set signed: not a system */
	expect(t, t->org, "2024-04-30", 0, 2); /* digital service counts; the process does not */
	expect(t, t->org, "2024-05-01", 1, 2); /* signed that day */
	expect(t, t->org, "2024-06-30", 1, 2); /* a draft does not count */
	expect(t, t->org, "2024-09-30", 1, 3); /* new system, not yet classified */
	expect(t, t->org, "2024-10-01", 2, 3);
	expect(t, t->org, "2024-11-29", 2, 3); /* retired later: still counts before */
	expect(t, t->org, "2024-11-30", 1, 2); /* retired during the day: gone at its end */
	expect(t, t->org, "2024-12-31", 1, 2); /* signed twice: counted once */
	expect(t, t->org, NULL, 1, 2);         /* today */
	expect(t, t->org, "2025-02-10", 1, 2);
}

static void test_subtree_and_children(void **state)
{
	struct t *t = *state;
	struct figures_share *kids;
	size_t n;
	struct err e = { 0 };

	expect(t, t->ks, "2024-10-01", 2, 2); /* Kommunstyrelsen: its own system and IT-enheten's */
	expect(t, t->it, "2024-10-01", 1, 1);
	expect(t, t->soc, "2024-10-01", 0, 1);
	expect(t, t->ks, "2024-12-31", 1, 1); /* after the retirement */

	assert_int_equal(figures_classified_children(t->db, t->a, t->org, 0, "2024-10-01", &kids, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(kids[0].unit_name, "Kommunstyrelsen");
	assert_int_equal(kids[0].classified, 2);
	assert_int_equal(kids[0].total, 2);
	assert_string_equal(kids[1].unit_name, "Socialnämnden");
	assert_int_equal(kids[1].classified, 0);
	assert_int_equal(kids[1].total, 1);
	assert_string_equal(kids[1].date, "2024-10-01");

	/* A viewer who sees only Socialnämnden gets only that row. */
	assert_int_equal(figures_classified_children(t->db, t->a, t->org, t->user_soc, "2024-10-01", &kids, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(kids[0].unit_id, t->soc);

	/* A unit with no units below: an empty table. A unit below with no systems: a row of zeros. */
	assert_int_equal(figures_classified_children(t->db, t->a, t->it, 0, NULL, &kids, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(figures_classified_children(t->db, t->a, t->ks, 0, "2024-01-01", &kids, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(kids[0].unit_name, "IT-enheten");
	assert_int_equal(kids[0].total, 0);
	assert_int_equal(figures_percent(kids[0].classified, kids[0].total), -1);
}

static void test_no_systems(void **state)
{
	struct t *t = *state;
	struct figures_share s;
	struct err e = { 0 };

	/* An organisation with only an information set has no systems: no division by zero. */
	assert_int_equal(figures_classified(t->db, t->a, unit_of(t, t->other_org), NULL, &s, &e), 0);
	assert_int_equal(s.total, 0);
	assert_int_equal(s.classified, 0);
	assert_int_equal(figures_percent(s.classified, s.total), -1);
	assert_string_equal(s.unit_name, "Tomma kommun");
	assert_string_equal(s.date, "2025-02-10");
}

static void test_percent(void **state)
{
	(void)state;
	assert_int_equal(figures_percent(5, 10), 50);
	assert_int_equal(figures_percent(1, 3), 33);
	assert_int_equal(figures_percent(2, 3), 67);
	assert_int_equal(figures_percent(1, 8), 13);     /* 12.5 rounds up */
	assert_int_equal(figures_percent(199, 200), 99); /* never 100 unless all */
	assert_int_equal(figures_percent(1, 1000), 1);   /* never 0 unless none */
	assert_int_equal(figures_percent(0, 7), 0);
	assert_int_equal(figures_percent(7, 7), 100);
	assert_int_equal(figures_percent(0, 0), -1);
}

static void test_bad_input(void **state)
{
	struct t *t = *state;
	struct figures_share s;
	struct figures_point *pts;
	size_t n;
	struct err e = { 0 };

	assert_int_equal(figures_classified(t->db, t->a, unit_of(t, t->org), "2024-13-01", &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "date");
	err_clear(&e);
	assert_int_equal(figures_classified(t->db, t->a, unit_of(t, t->org), "31/12/2024", &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "date");
	err_clear(&e);
	assert_int_equal(figures_classified(t->db, t->a, unit_of(t, t->org), "2025-02-11", &s, &e),
			 ERR_INVALID); /* tomorrow */
	assert_string_equal(e.field, "date");
	err_clear(&e);
	/* An unknown unit is the route's to refuse (404): tests/http/test_figures.c. */
	assert_int_equal(figures_series(t->db, t->a, unit_of(t, t->org), 0, NULL, &pts, &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "quarters");
	err_clear(&e);
	assert_int_equal(figures_series(t->db, t->a, unit_of(t, t->org), 13, NULL, &pts, &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "quarters");
}

static void test_series(void **state)
{
	struct t *t = *state;
	struct figures_point *p;
	size_t n;
	struct err e = { 0 };
	static const struct {
		const char *date;
		int year, quarter;
		int64_t classified, total;
	} want[] = {
		{ "2023-03-31", 2023, 1, 0, 0 }, { "2023-06-30", 2023, 2, 0, 0 }, { "2023-09-30", 2023, 3, 0, 0 },
		{ "2023-12-31", 2023, 4, 0, 0 }, { "2024-03-31", 2024, 1, 0, 1 }, { "2024-06-30", 2024, 2, 1, 2 },
		{ "2024-09-30", 2024, 3, 1, 3 }, { "2024-12-31", 2024, 4, 1, 2 }, { "2025-02-10", 2025, 0, 1, 2 },
	};

	/* The last eight quarters before today's (2025 Q1), then today. */
	assert_int_equal(figures_series(t->db, t->a, unit_of(t, t->org), 8, NULL, &p, &n, &e), 0);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p[i].date, want[i].date) || p[i].year != want[i].year || p[i].quarter != want[i].quarter ||
		    p[i].classified != want[i].classified || p[i].total != want[i].total)
			fail_msg("point %zu: %s %d Q%d %lld/%lld, expected %s %d Q%d %lld/%lld", i, p[i].date,
				 p[i].year, p[i].quarter, (long long)p[i].classified, (long long)p[i].total,
				 want[i].date, want[i].year, want[i].quarter, (long long)want[i].classified,
				 (long long)want[i].total);
	}

	/* Ending at a past date: the quarters before that date's quarter, then the date. */
	assert_int_equal(figures_series(t->db, t->a, unit_of(t, t->org), 2, "2024-10-15", &p, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].date, "2024-06-30");
	assert_string_equal(p[1].date, "2024-09-30");
	assert_string_equal(p[2].date, "2024-10-15");
	assert_int_equal(p[2].classified, 2);
	assert_int_equal(p[2].total, 3);

	/* A date at the start of a year steps back over the year boundary. */
	assert_int_equal(figures_series(t->db, t->a, unit_of(t, t->ks), 1, "2024-01-01", &p, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].date, "2023-12-31");
	assert_int_equal(p[0].year, 2023);
	assert_int_equal(p[0].quarter, 4);
}

static void test_overdue(void **state)
{
	struct t *t = *state;
	struct figures_overdue *list;
	size_t n;
	int64_t total = -1;
	struct err e = { 0 };

	review(t, t->arende, "2025-01-01", 0);      /* passed */
	review(t, t->etjanst, "2025-03-01", 0);     /* not yet */
	review(t, t->bygglov, NULL, 1);             /* flagged: something it inherits from changed */
	review(t, t->gamla, "2024-12-01", 0);       /* passed, but retired */
	review(t, t->personakter, "2025-02-10", 0); /* due today: not passed */

	/* Each case more than five times: on PostgreSQL the sixth run of a prepared statement may use a
	 * generic plan, which must give the same answer. */
	for (int run = 0; run < 7; run++) {
		assert_int_equal(figures_overdue_list(t->db, t->a, 0, NULL, 0, 0, &list, &n, &total, NULL, &e), 0);
		assert_int_equal(n, 2);
		assert_int_equal(total, 2);
		/* Flagged ones without a date first, then the oldest date. */
		assert_string_equal(list[0].name, "Bygglov");
		assert_true(list[0].needs_review);
		assert_null(list[0].review_due);
		assert_string_equal(list[1].name, "Ärendesystem");
		assert_string_equal(list[1].review_due, "2025-01-01");
		assert_string_equal(list[1].unit_name, "IT-enheten");
		assert_string_equal(list[1].kind, "system");

		/* The subtree of IT-enheten holds only the system. */
		if (figures_overdue_list(t->db, t->a, 0, unit_of(t, t->it), 0, 0, &list, &n, &total, NULL, &e))
			fail_msg("overdue below IT-enheten: %s", e.detail);
		assert_int_equal(n, 1);
		assert_int_equal(list[0].asset_id, t->arende);

		/* A viewer who sees only Socialnämnden sees nothing due there. */
		assert_int_equal(
			figures_overdue_list(t->db, t->a, t->user_soc, NULL, 0, 0, &list, &n, &total, NULL, &e), 0);
		assert_int_equal(n, 0);
		assert_int_equal(total, 0);

		/* Paging. */
		assert_int_equal(
			figures_overdue_list(t->db, t->a, 0, unit_of(t, t->org), 1, 1, &list, &n, &total, NULL, &e), 0);
		assert_int_equal(n, 1);
		assert_int_equal(total, 2);
		assert_string_equal(list[0].name, "Ärendesystem");
	}

	/* Flagged for review, its date still to come: due now, among the flagged ones first. */
	review(t, t->etjanst, "2025-03-01", 1);
	assert_int_equal(figures_overdue_list(t->db, t->a, 0, NULL, 0, 0, &list, &n, &total, NULL, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "E-tjänst"); /* flagged ones in the order they were registered */
	assert_string_equal(list[1].name, "Bygglov");
	assert_string_equal(list[2].name, "Ärendesystem");
	review(t, t->etjanst, "2025-03-01", 0);

	/* Later, E-tjänst's date has passed too. */
	at("2025-03-02T08:00:00Z");
	assert_int_equal(figures_overdue_list(t->db, t->a, t->user_soc, NULL, 0, 0, &list, &n, &total, NULL, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "E-tjänst");
	at("2025-02-10T12:00:00Z");
	review(t, t->arende, NULL, 0);
	review(t, t->etjanst, NULL, 0);
	review(t, t->bygglov, NULL, 0);
	review(t, t->gamla, NULL, 0);
	review(t, t->personakter, NULL, 0);
}

/* --- the kept counts against a fresh count -------------------------------
 *
 * A second register, changed step by step the way people change it: assets
 * created (one of them retired from the start), classified and signed by
 * their owner, moved between units, retired and brought back, their kind
 * changed; a unit moved to another board. After every step, every unit's
 * figure at the end of every day a change happened on, every quarter's end
 * and today, each child's figure and the quarter series must equal the
 * figure counted afresh from the register (figures_recount()). A kept count
 * that drifted would show a user a wrong figure.
 */

/* Test-only: forget the kept counts and the migration that made them, so the migration fills them again. */
DB_QUERY(T_DROP_COUNTS, "DROP TABLE figure_counts");
DB_QUERY(T_FORGET_0020, "DELETE FROM schema_migrations WHERE version = '0020_figure_counts.sql'");

struct k {
	struct db *db;
	struct arena *a;
	int64_t org, b1, b2, u1, u2, u3, owner;
	struct grant g;
	struct auth owner_auth;
	const char *days[64]; /* the days something happened on */
	size_t n_days;
};

static void k_at(struct k *k, const char *iso)
{
	at(iso);
	if (k->n_days < sizeof(k->days) / sizeof(k->days[0]))
		k->days[k->n_days++] = arena_printf(k->a, "%.10s", iso);
}

static int64_t k_unit(struct k *k, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(k->db, k->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid ? e.msgid : "");
	return id;
}

static int64_t k_asset(struct k *k, int64_t unit, const char *kind, const char *name, const char *lifecycle,
		       const char *when)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	k_at(k, when);
	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = k->owner;
	in.lifecycle = lifecycle;
	if (asset_create(k->db, k->a, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.msgid ? e.msgid : "", e.detail);
	return id;
}

/* Classify asset @id and have its owner sign it at @when. */
static void k_sign(struct k *k, int64_t id, const char *when)
{
	struct class_input in = { 0 };
	struct err e = { 0 };
	int64_t c = 0;

	for (int i = 0; i < CLASS_N_ASPECTS; i++)
		in.requested[i] = -1;
	k_at(k, when);
	if (fx_classify_create(k->db, k->a, act, id, &in, &c, NULL, &e) ||
	    fx_classify_sign(k->db, k->a, &k->owner_auth, c, &e))
		fail_msg("classify and sign %lld: %s %s", (long long)id, e.msgid ? e.msgid : "", e.detail);
}

/* Change asset @id: to unit @unit (0: keep), kind @kind (NULL: keep), lifecycle @lifecycle (NULL: keep). */
static void k_change(struct k *k, int64_t id, int64_t unit, const char *kind, const char *lifecycle, const char *when)
{
	struct asset as;
	struct asset_input in;
	struct err e = { 0 };

	k_at(k, when);
	assert_int_equal(asset_get(k->db, k->a, id, &as, &e), 0);
	in = asset_input_of(&as);
	if (unit)
		in.unit_id = unit;
	if (kind)
		in.kind = kind;
	if (lifecycle)
		in.lifecycle = lifecycle;
	if (fx_asset_update(k->db, k->a, act, id, as.version, &in, NULL, &e))
		fail_msg("asset_update(%lld): %s %s", (long long)id, e.msgid ? e.msgid : "", e.detail);
}

static const struct unit *k_unit_of(struct k *k, int64_t id)
{
	struct unit *u = arena_calloc(k->a, 1, sizeof(*u));
	struct err e = { 0 };
	if (unit_get(k->db, k->a, id, u, &e))
		fail_msg("unit_get(%lld)", (long long)id);
	return u;
}

/* Every figure a page shows, for every unit at every date that matters, against a fresh count. */
static void k_check(struct k *k, const char *step)
{
	static const char *const quarter_ends[] = { "2022-12-31", "2023-03-31", "2023-06-30", "2023-09-30",
						    "2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30",
						    "2024-12-31", NULL };
	const int64_t units[] = { k->org, k->b1, k->b2, k->u1, k->u2, k->u3 };
	struct err e = { 0 };

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		const struct unit *un = k_unit_of(k, units[u]);
		struct figures_point *pts;
		struct figures_share *kids;
		size_t n_pts, n_kids;

		for (size_t d = 0; d < k->n_days + 10; d++) {
			const char *date = d < k->n_days ? k->days[d] : quarter_ends[d - k->n_days];
			struct figures_share kept, fresh;

			char today[FIGURES_DATE_LEN];

			figures_today(today);
			if (date && strcmp(date, today) > 0)
				continue; /* not yet */
			assert_int_equal(figures_classified(k->db, k->a, un, date, &kept, &e), 0);
			assert_int_equal(figures_recount(k->db, k->a, un, date, &fresh, &e), 0);
			if (kept.total != fresh.total || kept.classified != fresh.classified)
				fail_msg("%s: %s at %s: kept %lld of %lld, counted %lld of %lld", step, un->name,
					 kept.date, (long long)kept.classified, (long long)kept.total,
					 (long long)fresh.classified, (long long)fresh.total);
		}
		assert_int_equal(figures_series(k->db, k->a, un, 12, NULL, &pts, &n_pts, &e), 0);
		for (size_t i = 0; i < n_pts; i++) {
			struct figures_share fresh;
			assert_int_equal(figures_recount(k->db, k->a, un, pts[i].date, &fresh, &e), 0);
			if (pts[i].total != fresh.total || pts[i].classified != fresh.classified)
				fail_msg("%s: %s series at %s: %lld of %lld, counted %lld of %lld", step, un->name,
					 pts[i].date, (long long)pts[i].classified, (long long)pts[i].total,
					 (long long)fresh.classified, (long long)fresh.total);
		}
		assert_int_equal(figures_classified_children(k->db, k->a, un->id, 0, NULL, &kids, &n_kids, &e), 0);
		for (size_t i = 0; i < n_kids; i++) {
			struct figures_share fresh;
			assert_int_equal(figures_recount(k->db, k->a, k_unit_of(k, kids[i].unit_id), NULL, &fresh, &e),
					 0);
			if (kids[i].total != fresh.total || kids[i].classified != fresh.classified)
				fail_msg("%s: child %s of %s: %lld of %lld, counted %lld of %lld", step,
					 kids[i].unit_name, un->name, (long long)kids[i].classified,
					 (long long)kids[i].total, (long long)fresh.classified, (long long)fresh.total);
		}
	}
}

static int k_setup(void **state)
{
	struct k *k = calloc(1, sizeof(*k));
	struct user_input ui = { "k-owner", "Ägare", "", "sv", true };
	struct err e = { 0 };

	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&k->db), 0);
	k->a = arena_new();
	at("2022-06-01T08:00:00Z");
	k->org = k_unit(k, 0, "organisation", "Kommunen");
	k->b1 = k_unit(k, k->org, "board", "Nämnd 1");
	k->b2 = k_unit(k, k->org, "board", "Nämnd 2");
	k->u1 = k_unit(k, k->b1, "unit", "Enhet 1");
	k->u2 = k_unit(k, k->b2, "unit", "Enhet 2");
	k->u3 = k_unit(k, k->u1, "unit", "Enhet 3");
	assert_int_equal(user_create(k->db, k->a, act, &ui, "correct horse battery staple", &k->owner, &e), 0);
	assert_int_equal(grant_add(k->db, k->a, act, k->owner, k->org, "owner", NULL, &e), 0);
	k->g = (struct grant){ 1, ROLE_OWNER, k->org, k_unit_of(k, k->org)->path, "Kommunen" };
	k->owner_auth = (struct auth){ .user_id = k->owner, .username = "k-owner", .grants = &k->g, .n_grants = 1 };
	*state = k;
	return 0;
}

static int k_teardown(void **state)
{
	struct k *k = *state;
	unsetenv("TILLIT_NOW");
	arena_free(k->a);
	fixture_db_close(k->db);
	free(k);
	return 0;
}

static void test_kept_counts_equal_recount(void **state)
{
	struct k *k = *state;
	struct unit un;
	struct err e = { 0 };
	int64_t s1, s2, s3, svc, set, late, gone;

	s1 = k_asset(k, k->u1, "system", "System 1", NULL, "2022-11-15T09:00:00Z");
	s2 = k_asset(k, k->u3, "system", "System 2", NULL, "2023-02-01T09:00:00Z");
	svc = k_asset(k, k->u2, "digital_service", "Tjänst", NULL, "2023-02-01T15:00:00Z");
	set = k_asset(k, k->b1, "information_set", "Mängd", NULL, "2023-03-31T23:00:00Z");
	gone = k_asset(k, k->b2, "system", "Redan borta", "retired", "2023-04-01T00:30:00Z");
	k_check(k, "created");

	/* Many at once, as an import makes them: the counts are applied once per unit and day. */
	{
		struct asset_input many[5] = { { 0 } };
		const int64_t where[5] = { k->u1, k->u3, k->u3, k->b2, k->org };
		const char *const kinds[5] = { "system", "digital_service", "process", "system", "system" };
		size_t bad = 0;
		struct err e2 = { 0 };

		k_at(k, "2023-04-02T10:00:00Z");
		for (int i = 0; i < 5; i++) {
			many[i].unit_id = where[i];
			many[i].kind = kinds[i];
			many[i].name = arena_printf(k->a, "Importerad %d", i);
			many[i].owner_id = k->owner;
			many[i].lifecycle = i == 4 ? "retired" : NULL;
		}
		assert_int_equal(asset_create_many(k->db, k->a, act, many, 5, &bad, &e2), 0);
	}
	k_check(k, "imported");

	k_sign(k, s1, "2023-05-10T09:00:00Z");
	k_sign(k, set, "2023-05-11T09:00:00Z");
	k_sign(k, s1, "2023-08-01T09:00:00Z"); /* a second signature changes nothing */
	k_sign(k, svc, "2023-09-30T23:59:00Z");
	k_check(k, "signed");

	k_change(k, s1, k->b2, NULL, NULL, "2023-10-02T09:00:00Z"); /* a classified system moves */
	k_change(k, s2, k->u2, NULL, NULL, "2023-10-03T09:00:00Z"); /* an unclassified one moves */
	k_check(k, "moved between units");

	k_change(k, svc, 0, NULL, "retired", "2023-12-31T10:00:00Z");
	k_change(k, s2, 0, NULL, "retired", "2024-01-02T10:00:00Z");
	k_check(k, "retired");
	k_change(k, s2, 0, NULL, "in_use", "2024-02-02T10:00:00Z"); /* brought back */
	k_sign(k, s2, "2024-02-03T10:00:00Z");
	k_check(k, "back in use");

	k_change(k, s1, 0, "information_set", NULL, "2024-04-01T10:00:00Z"); /* no longer a system */
	k_change(k, set, 0, "system", NULL, "2024-04-02T10:00:00Z");         /* now one, already signed */
	k_change(k, s1, k->u1, "digital_service", NULL, "2024-04-03T10:00:00Z");
	k_check(k, "kind changed");

	late = k_asset(k, k->u3, "system", "Sent", NULL, "2024-05-01T10:00:00Z");
	k_change(k, late, 0, NULL, "retired", "2024-05-01T11:00:00Z"); /* retired the day it came */
	k_sign(k, late, "2024-05-02T11:00:00Z");                       /* signed after it was retired */
	k_check(k, "retired before signed");

	k_at(k, "2024-06-15T10:00:00Z");
	assert_int_equal(
		fx_unit_move(k->db, k->a, act, k->u1, k_unit_of(k, k->u1)->version, k->b2, "Omorganisation", NULL, &e),
		0);
	k_check(k, "unit moved");
	k_at(k, "2024-06-16T10:00:00Z");
	assert_int_equal(unit_get(k->db, k->a, k->u3, &un, &e), 0);
	assert_int_equal(fx_unit_move(k->db, k->a, act, k->u3, un.version, k->b1, "Tillbaka", NULL, &e), 0);
	k_check(k, "unit moved again");
	(void)gone;

	/* The migration counts the same from the register as it stands. */
	at("2025-01-10T10:00:00Z");
	assert_int_equal(db_run(k->db, k->a, &T_DROP_COUNTS, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_run(k->db, k->a, &T_FORGET_0020, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_migrate(k->db, &e), 0);
	k_check(k, "filled by the migration");
	(void)s3;
}

/*
 * What is due for review below a unit, in a tree of sixty units with 3,000 assets: the count and the
 * list hold every due asset of the subtree, and (SQLite) neither reads every asset first, into an
 * automatic index or a Bloom filter. As a join with the subtree, SQLite 3.40 did so at this size, and with
 * the per-unit index under that join it counted none at all.
 */
static void test_overdue_below_a_unit_at_scale(void **state)
{
	struct t t = { 0 };
	struct err e = { 0 };
	char url[512];
	int64_t admins[6], units[60], due_board = 0, due_admin = 0, total;
	struct figures_overdue *list;
	struct explain x;
	size_t n;
	bool exact;

	(void)state;
	assert_int_equal(fixture_db_open_file(&t.db, url, sizeof(url)), 0);
	t.a = arena_new();
	at("2024-01-01T08:00:00Z");
	t.org = mk_unit(&t, 0, "organisation", "Ekdala kommun");
	t.ks = mk_unit(&t, t.org, "board", "Kommunstyrelsen");
	for (int i = 0; i < 6; i++)
		admins[i] = mk_unit(&t, t.ks, "administration", arena_printf(t.a, "Förvaltning %d", i));
	for (int i = 0; i < 60; i++)
		units[i] = mk_unit(&t, admins[i / 10], "unit", arena_printf(t.a, "Enhet %d", i));
	assert_int_equal(db_batch_begin(t.db, &e), 0);
	for (int i = 0; i < 3000; i++) {
		struct asset_input in = { 0 };
		int64_t id;
		bool flagged = i % 7 == 0, passed = i % 3 == 0;
		in.unit_id = units[i % 60];
		in.kind = i % 2 ? "system" : "information_set";
		in.name = arena_printf(t.a, "Tillgång %d", i);
		if (asset_create(t.db, t.a, act, &in, &id, &e))
			fail_msg("asset_create: %s %s", e.field, e.msgid);
		review(&t, id, passed ? "2025-01-01" : "2025-06-01", flagged);
		due_board += flagged || passed;
		due_admin += (flagged || passed) && i % 60 < 10;
	}
	assert_int_equal(db_batch_commit(t.db, &e), 0);
	assert_int_equal(db_optimize(t.db, &e), 0);
	at("2025-02-10T12:00:00Z");

	assert_int_equal(explain_begin(&x, t.db, url), 0);
	assert_int_equal(figures_overdue_list(t.db, t.a, 0, unit_of(&t, t.ks), 50, 0, &list, &n, &total, &exact, &e),
			 0);
	assert_true(due_board > FIGURES_COUNT_CAP);
	assert_int_equal(total, FIGURES_COUNT_CAP); /* counted no further */
	assert_false(exact);
	assert_int_equal(n, 50);
	assert_int_equal(
		figures_overdue_list(t.db, t.a, 0, unit_of(&t, admins[0]), 50, 0, &list, &n, &total, &exact, &e), 0);
	assert_int_equal(total, due_admin);
	assert_true(exact);
	assert_int_equal(n, 50);
	/* Flagged first, then the oldest date; every one in the administration's units. */
	assert_true(list[0].needs_review);
	for (size_t i = 0; i < n; i++)
		assert_true(list[i].unit_id >= units[0] && list[i].unit_id <= units[9]);
	/*
	 * The organisation itself: the installation's only one (read along the due-key index of the whole
	 * register), then one of two (unit by unit, not reading the other's): the same list.
	 */
	{
		struct figures_overdue *alone;
		size_t n_alone;
		int64_t total_alone;

		assert_int_equal(figures_overdue_list(t.db, t.a, 0, unit_of(&t, t.org), 50, 0, &alone, &n_alone,
						      &total_alone, &exact, &e),
				 0);
		assert_int_equal(n_alone, 50);
		mk_unit(&t, 0, "organisation", "Tomma kommun");
		assert_int_equal(
			figures_overdue_list(t.db, t.a, 0, unit_of(&t, t.org), 50, 0, &list, &n, &total, &exact, &e),
			0);
		assert_int_equal(total, total_alone);
		assert_int_equal(n, n_alone);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(list[i].asset_id, alone[i].asset_id);
	}
	explain_end(&x);
	if (x.error[0])
		fail_msg("%s", x.error);
	for (size_t i = 0; db_engine_of(t.db) == DB_SQLITE && i < x.n_plans; i++)
		if (strstr(x.plans[i].plan, "AUTOMATIC") || strstr(x.plans[i].plan, "BLOOM FILTER ON a "))
			fail_msg("%s reads every asset first:\n%s", x.plans[i].query, x.plans[i].plan);
	explain_release(&x);
	unsetenv("TILLIT_NOW");
	arena_free(t.a);
	fixture_db_close(t.db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_organisation_over_time),
		cmocka_unit_test(test_subtree_and_children),
		cmocka_unit_test(test_no_systems),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_series),
		cmocka_unit_test(test_overdue),
	};
	const struct CMUnitTest kept[] = {
		cmocka_unit_test(test_kept_counts_equal_recount),
		cmocka_unit_test(test_overdue_below_a_unit_at_scale),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed + cmocka_run_group_tests(kept, k_setup, k_teardown);
}
