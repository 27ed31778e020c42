/*
 * test_incident.c - the rules of incidents against a real database
 * (SQLite in memory, or PostgreSQL with TEST_DB_URL): a report lands in
 * triage and its reporter sees only their own; the public form is off by
 * default, and when on takes free text only, lands in triage and is
 * throttled per address; triage makes an incident with the duties its
 * kinds bring, or closes it with a reason; bad input names its field and
 * saves nothing; each notification duty keeps its own clock, decision,
 * case reference and filings; the log of decisions only grows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/incident.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const sys = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, unit, other_org, other_board;
	struct auth anna, cecilia, dpo, zorro, nobody;
	int64_t asset, other_asset;
};

static struct auth person(struct t *t, const char *username, const char *role, int64_t unit)
{
	struct user_input ui = { username, username, "", "sv", true };
	struct auth au = { 0 };
	struct err e = { 0 };
	int64_t id;
	assert_int_equal(user_create(t->db, t->a, sys, &ui, "correct horse battery", &id, &e), 0);
	if (role)
		assert_int_equal(grant_add(t->db, t->a, sys, id, unit, role, NULL, &e), 0);
	au.user_id = id;
	au.username = username;
	au.display_name = username;
	assert_int_equal(auth_load_grants(t->db, t->a, &au, &e), 0);
	return au;
}

static int64_t unit(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id;
	assert_int_equal(unit_create(t->db, t->a, sys, &in, &id, &e), 0);
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-30T08:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = unit(t, 0, "organisation", "Ekdala kommun");
	t->board = unit(t, t->org, "board", "Socialnämnden");
	t->unit = unit(t, t->board, "administration", "Socialförvaltningen");
	t->other_org = unit(t, 0, "organisation", "Zeta kommun");
	t->other_board = unit(t, t->other_org, "board", "Zeta nämnd");
	t->anna = person(t, "anna", "reader", t->board);
	t->cecilia = person(t, "cecilia", "coordinator", t->board);
	t->dpo = person(t, "dora", "dpo", t->board);
	t->zorro = person(t, "zorro", "coordinator", t->other_board);
	t->nobody = person(t, "nils", NULL, 0);
	struct asset_input ai = { .unit_id = t->unit, .kind = "system", .name = "Procapita" };
	assert_int_equal(asset_create(t->db, t->a, sys, &ai, &t->asset, &e), 0);
	struct asset_input zi = { .unit_id = t->other_board, .kind = "system", .name = "Zetas system" };
	assert_int_equal(asset_create(t->db, t->a, sys, &zi, &t->other_asset, &e), 0);
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

static struct incident get(struct t *t, int64_t id)
{
	struct incident inc;
	struct err e = { 0 };
	assert_int_equal(incident_get(t->db, t->a, id, &inc, &e), 0);
	return inc;
}

static int64_t report(struct t *t, const struct auth *who, int64_t unit_id, const char *title)
{
	struct incident_report r = { .unit_id = unit_id, .title = title, .description = "Pärm saknas" };
	const char *receipt = NULL;
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(incident_report(t->db, t->a, who, &r, &id, &receipt, &e), 0);
	assert_non_null(receipt);
	assert_int_equal(strlen(receipt), 9);
	return id;
}

static int64_t promote(struct t *t, int64_t id, bool breach, bool significant)
{
	struct incident inc = get(t, id);
	bool kinds[4] = { true, breach, false, significant };
	struct err e = { 0 };
	assert_int_equal(incident_triage(t->db, t->a, &t->cecilia, &inc, inc.version, "incident", kinds, "", NULL, &e),
			 0);
	return id;
}

static size_t count_list(struct t *t, struct incident_filter *f)
{
	struct incident *list;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	assert_int_equal(incident_list(t->db, t->a, f, &list, &n, &total, &e), 0);
	assert_int_equal((int64_t)n, total);
	return n;
}

/*
 * A unit's list is the incidents of its subtree, whichever way it is found
 * (by the subtree's units on SQLite): in every order, both ways, the whole
 * list less the others, with the same total; never another organisation's.
 */
static void test_list_of_a_subtree(void **state)
{
	struct t *t = *state;
	const int64_t where[] = { t->org, t->board, t->unit, t->unit, t->other_board, t->other_org };
	const int64_t units[] = { t->org, t->board, t->unit, t->other_org, t->other_board };
	struct err e = { 0 };

	for (size_t k = 0; k < sizeof(where) / sizeof(where[0]); k++) {
		setenv("TILLIT_NOW", arena_printf(t->a, "2026-05-%02zuT10:00:00Z", 1 + k), 1);
		report(t, sys, where[k], arena_printf(t->a, "Händelse %zu", k));
	}
	setenv("TILLIT_NOW", "2026-05-20T08:00:00Z", 1);
	for (int sort = INCIDENT_SORT_CREATED; sort <= INCIDENT_SORT_TITLE; sort++)
		for (int desc = 0; desc < 2; desc++)
			for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
				struct incident_filter f;
				struct incident *all, *list;
				size_t n_all, n, at = 0, mine = 0;
				int64_t total;
				struct unit un;

				assert_int_equal(unit_get(t->db, t->a, units[u], &un, &e), 0);
				incident_filter_init(&f);
				f.sort = (enum incident_sort)sort;
				f.desc = desc;
				f.limit = 100;
				assert_int_equal(incident_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
				f.unit_id = units[u];
				assert_int_equal(incident_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
				assert_int_equal(total, (int64_t)n);
				for (size_t i = 0; i < n_all; i++) {
					const char *p = all[i].unit_path;
					if (!p || strncmp(p, un.path, strlen(un.path)))
						continue;
					mine++;
					if (at >= n || list[at].id != all[i].id)
						fail_msg("unit %s, sort %d%s: incident %lld missing or out of order",
							 un.path, sort, desc ? " desc" : "", (long long)all[i].id);
					at++;
				}
				assert_int_equal(n, mine);
				assert_true(mine >= 1);
			}
}

/*
 * A list is read a page at a time (the ids sorted first, then the page's rows): in every order, forwards
 * and backwards, the pages of five put together are the whole list, and the whole list is in that order.
 */
static void test_list_pages_in_order(void **state)
{
	struct t *t = *state;
	static const char *const titles[] = { "Kopiator",   "anteckning", "Brand",  "dator stulen", "E-post",
					      "felskickat", "Glömd pärm", "hacker", "Inbrott",      "journal" };
	struct incident_filter f;
	struct incident *all, *page;
	size_t n_all, n_page;
	int64_t total;
	struct err e = { 0 };

	for (size_t k = 0; k < sizeof(titles) / sizeof(titles[0]); k++) {
		setenv("TILLIT_NOW", arena_printf(t->a, "2026-04-%02zuT%02zu:00:00Z", 1 + (k * 7) % 10, 8 + k), 1);
		report(t, &t->cecilia, t->unit, titles[k]);
	}
	setenv("TILLIT_NOW", "2026-04-20T08:00:00Z", 1);
	for (int sort = INCIDENT_SORT_CREATED; sort <= INCIDENT_SORT_TITLE; sort++)
		for (int desc = 0; desc < 2; desc++) {
			incident_filter_init(&f);
			f.sort = (enum incident_sort)sort;
			f.desc = desc;
			f.limit = 100;
			assert_int_equal(incident_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
			assert_int_equal((int64_t)n_all, total);
			assert_true(n_all >= 10);
			for (size_t i = 1; i < n_all && sort == INCIDENT_SORT_CREATED; i++) {
				int c = strcmp(all[i - 1].created_at, all[i].created_at);
				assert_true(desc ? c >= 0 : c <= 0);
			}
			for (size_t i = 1; i < n_all && sort == INCIDENT_SORT_TITLE; i++) {
				int c = strcasecmp(all[i - 1].title, all[i].title);
				assert_true(desc ? c >= 0 : c <= 0);
			}
			f.limit = 5;
			for (f.offset = 0; (size_t)f.offset < n_all; f.offset += 5) {
				assert_int_equal(incident_list(t->db, t->a, &f, &page, &n_page, &total, &e), 0);
				assert_int_equal(total, (int64_t)n_all);
				assert_int_equal(n_page, n_all - (size_t)f.offset < 5 ? n_all - (size_t)f.offset : 5);
				for (size_t i = 0; i < n_page; i++) {
					assert_int_equal(page[i].id, all[f.offset + (int64_t)i].id);
					assert_string_equal(page[i].title, all[f.offset + (int64_t)i].title);
				}
			}
		}
}

static void test_report_lands_in_triage_and_reporter_sees_own(void **state)
{
	struct t *t = *state;
	struct incident_filter f;
	int64_t mine = report(t, &t->anna, t->unit, "Borttappad pärm");
	int64_t theirs = report(t, &t->cecilia, t->unit, "Felskickat mejl");
	struct incident inc = get(t, mine);

	assert_string_equal(inc.state, "triage");
	assert_string_equal(inc.status, "reported");
	assert_int_equal(inc.reporter_id, t->anna.user_id);
	/* A reporter's own list: their reports only. */
	incident_filter_init(&f);
	f.reporter_id = t->anna.user_id;
	assert_int_equal(count_list(t, &f), 1);
	f.reporter_id = t->cecilia.user_id;
	assert_int_equal(count_list(t, &f), 1);
	/* Someone in the other organisation sees neither in the incident list. */
	incident_filter_init(&f);
	f.viewer_id = t->zorro.user_id;
	assert_int_equal(count_list(t, &f), 0);
	(void)theirs;
}

static void test_report_refuses_a_unit_out_of_sight(void **state)
{
	struct t *t = *state;
	struct incident_report r = { .unit_id = t->other_board, .title = "Hemligt" };
	struct incident_filter f;
	const char *receipt;
	struct err e = { 0 };
	int64_t id;
	size_t before;

	incident_filter_init(&f);
	before = count_list(t, &f);
	assert_int_equal(incident_report(t->db, t->a, &t->anna, &r, &id, &receipt, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
	/* The same answer as for a unit that does not exist. */
	r.unit_id = 999999;
	err_clear(&e);
	assert_int_equal(incident_report(t->db, t->a, &t->anna, &r, &id, &receipt, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
	/* Blank title; discovered before it happened. */
	r.unit_id = t->unit;
	r.title = "  ";
	err_clear(&e);
	assert_int_equal(incident_report(t->db, t->a, &t->anna, &r, &id, &receipt, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");
	r.title = "Pärm";
	r.occurred_at = "2026-03-20T10:00:00Z";
	r.discovered_at = "2026-03-19T10:00:00Z";
	err_clear(&e);
	assert_int_equal(incident_report(t->db, t->a, &t->anna, &r, &id, &receipt, &e), ERR_INVALID);
	assert_string_equal(e.field, "discovered_at");
	assert_int_equal(count_list(t, &f), before);
	/* Someone with no role reports without a unit: only installation-wide roles see it. */
	r.occurred_at = r.discovered_at = NULL;
	r.unit_id = 0;
	r.title = "Utan enhet";
	err_clear(&e);
	assert_int_equal(incident_report(t->db, t->a, &t->nobody, &r, &id, &receipt, &e), 0);
	assert_int_equal(get(t, id).unit_id, 0);
	f.viewer_id = t->cecilia.user_id;
	f.q = "Utan enhet";
	assert_int_equal(count_list(t, &f), 0);
}

static void test_public_form(void **state)
{
	struct t *t = *state;
	struct incident_public_report p = { .description =
						    "Jag hittade en journal i papperskorgen utanför skolan.\nMvh",
					    .name = "Eva",
					    .email = "eva@example.se" };
	struct incident_settings s;
	struct unit org;
	const char *receipt = NULL;
	struct err e = { 0 };
	struct incident_filter f;
	struct incident *list;
	size_t n;
	int64_t total;

	/* Off by default: as if there were no such page. */
	assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.1", &p, &receipt, &e), ERR_NOTFOUND);
	assert_int_equal(incident_settings_get(t->db, t->a, t->org, &s, &e), 0);
	assert_false(s.public_intake);
	assert_int_equal(s.version, 0);
	/* Only an organisation has settings. */
	assert_int_equal(unit_get(t->db, t->a, t->board, &org, &e), 0);
	s.public_intake = true;
	assert_int_equal(incident_settings_save(t->db, t->a, &t->cecilia, &org, 0, &s, NULL, &e), ERR_INVALID);
	assert_int_equal(unit_get(t->db, t->a, t->org, &org, &e), 0);
	s.org_number = "21200-1234";
	err_clear(&e);
	assert_int_equal(incident_settings_save(t->db, t->a, sys, &org, 0, &s, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "org_number");
	s.org_number = "212000-1234";
	err_clear(&e);
	assert_int_equal(incident_settings_save(t->db, t->a, sys, &org, 0, &s, NULL, &e), 0);
	/* A stale version. */
	assert_int_equal(incident_settings_save(t->db, t->a, sys, &org, 0, &s, NULL, &e), ERR_CONFLICT);

	/* A bad e-mail address is named. */
	p.email = "eva at example";
	err_clear(&e);
	assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.1", &p, &receipt, &e), ERR_INVALID);
	assert_string_equal(e.field, "email");
	p.email = "eva@example.se";
	assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.1", &p, &receipt, &e), 0);
	assert_non_null(receipt);
	incident_filter_init(&f);
	f.state = "triage";
	f.q = "papperskorgen";
	assert_int_equal(incident_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].source, "public");
	assert_string_equal(list[0].state, "triage");
	assert_int_equal(list[0].unit_id, t->org);
	assert_int_equal(list[0].reporter_id, 0);
	assert_string_equal(list[0].receipt, receipt);
	assert_string_equal(list[0].title, "Jag hittade en journal i papperskorgen utanför skolan.");
	assert_string_equal(list[0].reporter_contact, "eva@example.se");
	/* Five an hour from one address; the sixth waits. Another address is not held up. */
	for (int i = 1; i < INCIDENT_PUBLIC_PER_HOUR; i++)
		assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.1", &p, &receipt, &e), 0);
	assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.1", &p, &receipt, &e), ERR_THROTTLED);
	assert_string_equal(e.arg, "3600");
	err_clear(&e);
	assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.2", &p, &receipt, &e), 0);
	/* An hour later the first address may report again. */
	setenv("TILLIT_NOW", "2026-03-30T09:00:01Z", 1);
	assert_int_equal(incident_report_public(t->db, t->a, t->org, "192.0.2.1", &p, &receipt, &e), 0);
	setenv("TILLIT_NOW", "2026-03-30T08:00:00Z", 1);
	/* The other organisation's form is still off. */
	assert_int_equal(incident_report_public(t->db, t->a, t->other_org, "192.0.2.3", &p, &receipt, &e),
			 ERR_NOTFOUND);
}

static void test_triage(void **state)
{
	struct t *t = *state;
	int64_t id = report(t, &t->anna, t->unit, "Mejl till fel mottagare");
	struct incident inc = get(t, id);
	bool none[4] = { false }, kinds[4] = { false, true, false, true };
	struct incident_duty *duties;
	struct incident_decision *log;
	size_t n, n_log;
	struct err e = { 0 };

	assert_int_equal(incident_triage(t->db, t->a, &t->dpo, &inc, inc.version, "incident", none, "", NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "kinds");
	err_clear(&e);
	assert_int_equal(incident_triage(t->db, t->a, &t->dpo, &inc, inc.version, "maybe", kinds, "", NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "decision");
	err_clear(&e);
	assert_int_equal(incident_triage(t->db, t->a, &t->dpo, &inc, inc.version, "dismiss", none, " ", NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "reason");
	/* A stale version: 409 with the stored one. */
	struct incident cur = { 0 };
	err_clear(&e);
	assert_int_equal(incident_triage(t->db, t->a, &t->dpo, &inc, inc.version + 1, "incident", kinds, "", &cur, &e),
			 ERR_CONFLICT);
	assert_int_equal(cur.id, id);
	assert_string_equal(get(t, id).state, "triage");
	err_clear(&e);
	assert_int_equal(incident_triage(t->db, t->a, &t->dpo, &inc, inc.version, "incident", kinds, "", NULL, &e), 0);
	inc = get(t, id);
	assert_string_equal(inc.state, "incident");
	assert_true(inc.kind_breach && inc.kind_significant && !inc.kind_security);
	/* IMY, the data subjects and the CSIRT. */
	assert_int_equal(incident_duties(t->db, t->a, &inc, time_now(), &duties, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(duties[0].n.regime, "gdpr33");
	assert_string_equal(duties[1].n.regime, "gdpr34");
	assert_string_equal(duties[2].n.regime, "csirt");
	/* Decided once. */
	assert_int_equal(
		incident_triage(t->db, t->a, &t->dpo, &inc, inc.version, "dismiss", none, "Dubblett", NULL, &e),
		ERR_INVALID);
	assert_int_equal(incident_decisions(t->db, t->a, id, &log, &n_log, &e), 0);
	assert_int_equal(n_log, 3);
	assert_string_equal(log[0].what, "reported");
	assert_string_equal(log[1].what, "promoted");
	assert_string_equal(log[1].decided_by_name, "dora");
	assert_string_equal(log[2].what, "kinds:breach,significant");

	/* Closing another report in triage keeps the reason. */
	int64_t other = report(t, &t->anna, t->unit, "Dubblett");
	inc = get(t, other);
	assert_int_equal(incident_triage(t->db, t->a, &t->cecilia, &inc, inc.version, "dismiss", none,
					 "Samma som INC-1", NULL, &e),
			 0);
	assert_string_equal(get(t, other).state, "dismissed");
	assert_string_equal(get(t, other).status, "closed");
	assert_int_equal(incident_decisions(t->db, t->a, other, &log, &n_log, &e), 0);
	assert_string_equal(log[n_log - 1].reason, "Samma som INC-1");
}

/* The bad inputs of the issue: each refused naming its field, nothing saved. */
static void test_update_bad_input(void **state)
{
	struct t *t = *state;
	int64_t id = promote(t, report(t, &t->anna, t->unit, "Intrång"), true, false);
	struct incident inc = get(t, id);
	struct incident_input in = incident_input_of(&inc);
	struct err e = { 0 };

	in.occurred_at = "2026-03-28T10:00:00Z";
	in.aware_at = "2026-03-28T09:00:00Z";
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "aware_at");
	in.aware_at = "2026-03-28T11:00:00Z";
	in.status = "reported"; /* backwards from investigating, without a reason */
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, "", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "status_reason");
	in.status = "gone";
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "status");
	in.status = "investigating";
	in.severity = "apocalyptic";
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "severity");
	in.severity = "high";
	in.unit_id = t->other_board;
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e),
			 ERR_FORBIDDEN);
	assert_string_equal(e.field, "unit_id");
	in.unit_id = t->unit;
	in.category_id = 9999;
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "category_id");
	/* Nothing of it was saved. */
	assert_int_equal(get(t, id).version, inc.version);
	assert_null(get(t, id).aware_at);

	/* A good change; then the same version again is a conflict. */
	in.category_id = 1;
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e), 0);
	struct incident cur = { 0 };
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, &cur, &e),
			 ERR_CONFLICT);
	assert_int_equal(cur.version, inc.version + 1);
	/* Backwards with a reason: logged. */
	inc = get(t, id);
	in = incident_input_of(&inc);
	in.status = "reported";
	err_clear(&e);
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, "Fel knapp", NULL, &e), 0);
	struct incident_decision *log;
	size_t n;
	assert_int_equal(incident_decisions(t->db, t->a, id, &log, &n, &e), 0);
	assert_string_equal(log[n - 1].what, "status:reported");
	assert_string_equal(log[n - 1].reason, "Fel knapp");
}

static struct incident_duty duty(struct t *t, const struct incident *inc, const char *regime)
{
	struct incident_duty *ds;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(incident_duties(t->db, t->a, inc, time_now(), &ds, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ds[i].n.regime, regime))
			return ds[i];
	fail_msg("no %s duty", regime);
	return ds[0];
}

/* Each notification duty keeps its own clock, decision, reference and filings. */
static void test_duties(void **state)
{
	struct t *t = *state;
	int64_t id = promote(t, report(t, &t->anna, t->unit, "Ransomware"), true, true);
	struct incident inc = get(t, id);
	struct incident_input in = incident_input_of(&inc);
	struct incident_filing_input fi = { 0 };
	struct incident_notification_input ni = { 0 };
	struct incident_duty imy, subjects, csirt;
	struct err e = { 0 };
	int64_t fid;

	/* Aware on 28 March 10:00 UTC; now is 30 March 08:00: IMY's 72 hours run to 31 March 10:00 UTC. */
	in.occurred_at = "2026-03-28T09:00:00Z";
	in.aware_at = "2026-03-28T10:00:00Z";
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e), 0);
	inc = get(t, id);
	/* The earliest running deadline is the CSIRT's early warning, already missed (24 hours). */
	assert_string_equal(inc.next_due, "2026-03-29T10:00:00Z");
	imy = duty(t, &inc, "gdpr33");
	assert_int_equal(imy.clocks[0].state, CLOCK_RUNNING);
	csirt = duty(t, &inc, "csirt");
	assert_int_equal(csirt.clocks[0].state, CLOCK_MISSED);
	struct incident_filter f;
	incident_filter_init(&f);
	f.clock_missed = true;
	f.q = "Ransomware";
	assert_int_equal(count_list(t, &f), 1);

	/* A filing before awareness, in the future, of a stage the duty does not have. */
	fi.stage = "initial";
	fi.filed_at = "2026-03-28T09:59:00Z";
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "filed_at");
	fi.filed_at = "2026-03-31T10:00:00Z";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "filed_at");
	fi.stage = "early_warning";
	fi.filed_at = "2026-03-29T09:00:00Z";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "stage");
	/* A supplement before the first report. */
	fi.stage = "supplement";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "stage");

	/* The first report to IMY, then a supplement: the IMY clock stops, the others keep their own. */
	fi.stage = "initial";
	fi.filed_at = "2026-03-29T09:00:00Z";
	fi.reference = "IMY-2026-1234";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), 0);
	fi.stage = "supplement";
	fi.filed_at = "2026-03-30T07:00:00Z";
	fi.reference = NULL;
	fi.note = "Antal registrerade preciserat";
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), 0);
	imy = duty(t, &inc, "gdpr33");
	assert_int_equal(imy.clocks[0].state, CLOCK_DONE);
	assert_int_equal(imy.n_filings, 2);
	assert_string_equal(imy.filings[1].stage, "supplement");
	assert_string_equal(imy.n.case_ref, "IMY-2026-1234");
	assert_string_equal(imy.n.decision, "yes");
	/* The first report cannot be recorded twice. */
	fi.stage = "initial";
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "stage");
	/* The data subjects: still waiting for the decision on high risk. */
	subjects = duty(t, &inc, "gdpr34");
	assert_int_equal(subjects.clocks[0].state, CLOCK_WAITING);
	assert_string_equal(subjects.n.decision, "pending");
	assert_int_equal(subjects.n_filings, 0);
	/* "No" needs a reason; with one, it stops that duty's clock and is logged. */
	ni.decision = "no";
	err_clear(&e);
	assert_int_equal(
		incident_duty_decide(t->db, t->a, &t->dpo, &inc, subjects.n.id, subjects.n.version, &ni, NULL, &e),
		ERR_INVALID);
	assert_string_equal(e.field, "reason");
	ni.reason = "Uppgifterna var krypterade (art. 34.3 a).";
	err_clear(&e);
	assert_int_equal(
		incident_duty_decide(t->db, t->a, &t->dpo, &inc, subjects.n.id, subjects.n.version, &ni, NULL, &e), 0);
	subjects = duty(t, &inc, "gdpr34");
	assert_int_equal(subjects.clocks[0].state, CLOCK_NOT_REQUIRED);
	/* Its old version again is a conflict with the stored duty. */
	struct incident_notification cur = { 0 };
	assert_int_equal(incident_duty_decide(t->db, t->a, &t->dpo, &inc, subjects.n.id, 1, &ni, &cur, &e),
			 ERR_CONFLICT);
	assert_int_equal(cur.version, 2);
	/* A duty of another incident is not this one's. */
	assert_int_equal(incident_duty_decide(t->db, t->a, &t->dpo, &inc, 99999, 1, &ni, NULL, &e), ERR_NOTFOUND);

	/* The CSIRT: early warning late, notification, and the final report a month after the notification. */
	fi.stage = "final";
	fi.filed_at = "2026-03-30T07:30:00Z";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->cecilia, &inc, csirt.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "stage");
	fi.stage = "early_warning";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->cecilia, &inc, csirt.n.id, &fi, &fid, &e), 0);
	fi.stage = "notification";
	fi.filed_at = "2026-03-30T07:45:00Z";
	assert_int_equal(incident_filing_add(t->db, t->a, &t->cecilia, &inc, csirt.n.id, &fi, &fid, &e), 0);
	csirt = duty(t, &inc, "csirt");
	assert_int_equal(csirt.clocks[0].state, CLOCK_LATE);
	assert_int_equal(csirt.clocks[1].state, CLOCK_DONE);
	assert_int_equal(csirt.clocks[2].state, CLOCK_RUNNING);
	{
		char buf[TIME_ISO_LEN];
		time_iso(csirt.clocks[2].due, buf);
		assert_string_equal(buf, "2026-04-30T07:45:00Z");
	}
	inc = get(t, id);
	assert_string_equal(inc.next_due, "2026-04-30T07:45:00Z");
	/* A month later, the final report. */
	setenv("TILLIT_NOW", "2026-04-29T12:00:00Z", 1);
	fi.stage = "final";
	fi.filed_at = "2026-04-29T11:00:00Z";
	assert_int_equal(incident_filing_add(t->db, t->a, &t->cecilia, &inc, csirt.n.id, &fi, &fid, &e), 0);
	setenv("TILLIT_NOW", "2026-03-30T08:00:00Z", 1);
	csirt = duty(t, &inc, "csirt");
	assert_int_equal(csirt.clocks[2].state, CLOCK_DONE);
	assert_null(get(t, id).next_due);

	/* Another recipient: the police, with a time of its own. */
	int64_t police;
	err_clear(&e);
	assert_int_equal(incident_duty_add(t->db, t->a, &t->cecilia, &inc, " ", NULL, &police, &e), ERR_INVALID);
	assert_string_equal(e.field, "recipient");
	assert_int_equal(
		incident_duty_add(t->db, t->a, &t->cecilia, &inc, "Polisen", "2026-04-01T08:00:00Z", &police, &e), 0);
	struct incident_duty p = duty(t, &inc, "other");
	assert_string_equal(p.n.recipient, "Polisen");
	assert_int_equal(p.clocks[0].state, CLOCK_RUNNING);
	assert_string_equal(get(t, id).next_due, "2026-04-01T08:00:00Z");
}

/* IMY later than 72 hours: the reasons for the delay are required. */
static void test_late_imy_needs_reasons(void **state)
{
	struct t *t = *state;
	int64_t id = promote(t, report(t, &t->anna, t->unit, "Sent upptäckt"), true, false);
	struct incident inc = get(t, id);
	struct incident_input in = incident_input_of(&inc);
	struct incident_filing_input fi = { .stage = "initial", .filed_at = "2026-03-30T07:00:00Z" };
	struct err e = { 0 };
	int64_t fid;

	in.aware_at = "2026-03-26T10:00:00Z";
	assert_int_equal(incident_update(t->db, t->a, &t->cecilia, &inc, inc.version, &in, NULL, NULL, &e), 0);
	inc = get(t, id);
	struct incident_duty imy = duty(t, &inc, "gdpr33");
	assert_int_equal(imy.clocks[0].state, CLOCK_MISSED);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), ERR_INVALID);
	assert_string_equal(e.field, "delay_reason");
	fi.delay_reason = "Personuppgiftsbiträdet meddelade oss först i går.";
	err_clear(&e);
	assert_int_equal(incident_filing_add(t->db, t->a, &t->dpo, &inc, imy.n.id, &fi, &fid, &e), 0);
	imy = duty(t, &inc, "gdpr33");
	assert_int_equal(imy.clocks[0].state, CLOCK_LATE);
	assert_string_equal(imy.n.delay_reason, "Personuppgiftsbiträdet meddelade oss först i går.");
}

static void test_assets_and_actions(void **state)
{
	struct t *t = *state;
	int64_t id = promote(t, report(t, &t->anna, t->unit, "Driftstopp"), false, false);
	struct incident inc = get(t, id);
	struct asset *assets;
	struct activity *acts, ac;
	struct activity_link_view *links;
	size_t n;
	struct err e = { 0 };
	int64_t action_id;

	/* An asset the user cannot see is refused as if it did not exist. */
	assert_int_equal(incident_asset_add(t->db, t->a, &t->cecilia, &inc, t->other_asset, &e), ERR_INVALID);
	assert_string_equal(e.field, "asset_id");
	err_clear(&e);
	assert_int_equal(incident_asset_add(t->db, t->a, &t->cecilia, &inc, t->asset, &e), 0);
	assert_int_equal(incident_asset_add(t->db, t->a, &t->cecilia, &inc, t->asset, &e), ERR_EXISTS);
	assert_int_equal(incident_assets(t->db, t->a, id, &assets, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(assets[0].name, "Procapita");
	assert_false(incident_enhanced_protection(&t->cecilia, assets, n));
	assets[0].classification_id = 1;
	assets[0].c_level = 2;
	assert_true(incident_enhanced_protection(&t->cecilia, assets, n));
	assert_false(incident_enhanced_protection(&t->zorro, assets, n));
	/* The list filters by an affected asset. */
	struct incident_filter f;
	incident_filter_init(&f);
	f.asset_id = t->asset;
	assert_int_equal(count_list(t, &f), 1);
	assert_int_equal(incident_asset_remove(t->db, t->a, &t->cecilia, &inc, t->asset, &e), 0);
	assert_int_equal(incident_asset_remove(t->db, t->a, &t->cecilia, &inc, t->asset, &e), ERR_NOTFOUND);

	/* A follow-up action: an activity of this year's plan of the incident's unit, checked as activities are. */
	err_clear(&e);
	assert_int_equal(
		incident_activity_create(t->db, t->a, &t->cecilia, LANG_SV, &inc, "", NULL, 0, NULL, &action_id, &e),
		ERR_INVALID);
	assert_string_equal(e.field, "title");
	err_clear(&e);
	assert_int_equal(incident_activity_create(t->db, t->a, &t->cecilia, LANG_SV, &inc, "Reservrutin", NULL, 0,
						  "2026-13-01", &action_id, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "due_date");
	err_clear(&e);
	assert_int_equal(incident_activity_create(t->db, t->a, &t->cecilia, LANG_SV, &inc, "Reservrutin", NULL,
						  t->zorro.user_id, NULL, &action_id, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "responsible_id");
	/* Refused ones made no plan. */
	assert_int_equal(incident_activities(t->db, t->a, &t->cecilia, id, &acts, &n, &e), 0);
	assert_int_equal(n, 0);
	err_clear(&e);
	assert_int_equal(incident_activity_create(t->db, t->a, &t->cecilia, LANG_SV, &inc, "Reservrutin",
						  "Öva reservrutinen", t->anna.user_id, "2026-06-30", &action_id, &e),
			 0);
	assert_int_equal(incident_activities(t->db, t->a, &t->cecilia, id, &acts, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(acts[0].id, action_id);
	assert_string_equal(acts[0].title, "Reservrutin");
	assert_int_equal(acts[0].unit_id, t->unit);
	assert_int_equal(acts[0].plan_year, 2026);
	assert_string_equal(acts[0].area_name, tr(LANG_SV, "Incidents"));
	assert_string_equal(acts[0].status, "not_started");
	assert_int_equal(acts[0].responsible_id, t->anna.user_id);
	assert_string_equal(acts[0].deadline, "2026-06-30");
	/* The activity names the incident it follows up, to those who see the incident. */
	assert_int_equal(activity_get(t->db, t->a, action_id, &ac, &e), 0);
	assert_int_equal(activity_links(t->db, t->a, &t->cecilia, action_id, &links, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(links[0].link.kind, "incident");
	assert_int_equal(links[0].link.target_id, id);
	assert_true(links[0].visible);
	assert_string_equal(links[0].label, arena_printf(t->a, "%s Driftstopp", incident_ref(t->a, id)));
	assert_int_equal(activity_links(t->db, t->a, &t->zorro, action_id, &links, &n, &e), 0);
	assert_false(links[0].visible);
	/* Its status is the plan's: a change there shows on the incident. */
	struct activity_input ch = activity_input_of(&ac);
	ch.status = "ongoing";
	assert_int_equal(activity_update(t->db, t->a, &t->cecilia, &ac, ac.version, &ch, NULL, &e), 0);
	assert_int_equal(incident_activities(t->db, t->a, &t->cecilia, id, &acts, &n, &e), 0);
	assert_string_equal(acts[0].status, "ongoing");
	/* Someone who does not see the plan sees none of them. */
	assert_int_equal(incident_activities(t->db, t->a, &t->zorro, id, &acts, &n, &e), 0);
	assert_int_equal(n, 0);
	/* A report without a unit gets none until it has one. */
	struct incident loose = get(t, report(t, &t->nobody, 0, "Okänd plats"));
	err_clear(&e);
	assert_int_equal(incident_activity_create(t->db, t->a, sys, LANG_SV, &loose, "Reservrutin", NULL, 0, NULL,
						  &action_id, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
}

static void test_categories(void **state)
{
	struct t *t = *state;
	struct incident_category *cs, cur;
	size_t n;
	struct err e = { 0 };
	int64_t id;

	assert_int_equal(incident_categories(t->db, t->a, false, &cs, &n, &e), 0);
	assert_int_equal(n, 10);
	assert_true(cs[0].builtin);
	assert_string_equal(incident_category_name(LANG_EN, cs[0].name, true), "Information loss or leak");
	/* A name taken (in either language) is refused. */
	assert_int_equal(incident_category_create(t->db, t->a, sys, "attack", &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	err_clear(&e);
	assert_int_equal(incident_category_create(t->db, t->a, sys, "Stöld", &id, &e), 0);
	assert_int_equal(incident_category_update(t->db, t->a, sys, id, 1, "Stöld av utrustning", false, NULL, &e), 0);
	assert_int_equal(incident_category_update(t->db, t->a, sys, id, 1, "X", true, &cur, &e), ERR_CONFLICT);
	assert_int_equal(cur.version, 2);
	assert_int_equal(incident_categories(t->db, t->a, false, &cs, &n, &e), 0);
	assert_int_equal(n, 10);
	assert_int_equal(incident_categories(t->db, t->a, true, &cs, &n, &e), 0);
	assert_int_equal(n, 11);
	assert_string_equal(cs[10].name, "Stöld av utrustning");
	assert_false(cs[10].active);
}

static void test_times_entered(void **state)
{
	struct t *t = *state;
	const char *iso;
	struct err e = { 0 };

	assert_int_equal(incident_time_local(t->a, "aware_at", "2026-03-29T01:30", "", &iso, &e), 0);
	assert_string_equal(iso, "2026-03-29T00:30:00Z");
	assert_int_equal(incident_time_local(t->a, "aware_at", "2026-03-29T02:30", "", &iso, &e), ERR_INVALID);
	assert_string_equal(e.field, "aware_at");
	err_clear(&e);
	assert_int_equal(incident_time_local(t->a, "aware_at", "2026-10-25T02:30", "", &iso, &e), ERR_INVALID);
	assert_string_equal(e.field, "aware_at");
	err_clear(&e);
	assert_int_equal(incident_time_local(t->a, "aware_at", "2026-10-25T02:30", "+02:00", &iso, &e), 0);
	assert_string_equal(iso, "2026-10-25T00:30:00Z");
	assert_int_equal(incident_time_local(t->a, "aware_at", "2026-10-25T02:30", "+01:00", &iso, &e), 0);
	assert_string_equal(iso, "2026-10-25T01:30:00Z");
	assert_int_equal(incident_time_local(t->a, "aware_at", "", "", &iso, &e), 0);
	assert_null(iso);
	assert_int_equal(incident_time_rfc3339(t->a, "aware_at", "2026-10-25T02:30:00+01:00", &iso, &e), 0);
	assert_string_equal(iso, "2026-10-25T01:30:00Z");
	assert_int_equal(incident_time_rfc3339(t->a, "aware_at", "2026-10-25T02:30", &iso, &e), ERR_INVALID);
	assert_string_equal(e.field, "aware_at");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_lands_in_triage_and_reporter_sees_own),
		cmocka_unit_test(test_report_refuses_a_unit_out_of_sight),
		cmocka_unit_test(test_public_form),
		cmocka_unit_test(test_triage),
		cmocka_unit_test(test_update_bad_input),
		cmocka_unit_test(test_duties),
		cmocka_unit_test(test_late_imy_needs_reasons),
		cmocka_unit_test(test_assets_and_actions),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_times_entered),
		cmocka_unit_test(test_list_pages_in_order),
		cmocka_unit_test(test_list_of_a_subtree),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
