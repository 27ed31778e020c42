/*
 * test_workspace.c - what the start page ("Att göra") finds for a person,
 * and what it costs at the size of a city.
 *
 * An owner's classification draft waits for their signature (linked to the
 * draft); their asset never classified, one flagged for review and one
 * whose review date has passed are classifications to make or review (the
 * one past its date overdue, and first); their classified system with
 * requirements not assessed, and one whose requirements are assessed but
 * not all fulfilled, are requirements to assess or remedy, with the counts;
 * an asset they are system administrator of counts for requirements, never
 * for classification; nothing of someone else's is listed. A person's list
 * is read once per data version and per language. Then three
 * thousand assets in sixty units, the planner's statistics refreshed as the
 * server does: the owner's task sources read no table of assets,
 * classifications or assessments whole.
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
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/requirement.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"

struct fx {
	struct db *db;
	struct arena *a;
	int64_t org, unit, owner, other;
	struct auth owner_auth;
};

static int64_t mk_user(struct fx *f, const char *username, const char *role)
{
	struct user_input in = { username, username, "", "sv", true };
	struct err e = { 0 };
	int64_t id;

	assert_int_equal(user_create(f->db, f->a, &fx_system, &in, "ett tillräckligt långt lösenord", &id, &e), 0);
	assert_int_equal(grant_add(f->db, f->a, &fx_system, id, f->unit, role, NULL, &e), 0);
	return id;
}

static int64_t mk_asset(struct fx *f, const char *kind, const char *name, int64_t owner, int64_t admin,
			struct asset *out)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id;

	in.unit_id = f->unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	in.administrator_id = admin;
	if (asset_create(f->db, f->a, &fx_system, &in, &id, &e))
		fail_msg("asset_create %s: %s %s", name, e.field, e.msgid);
	assert_int_equal(asset_get(f->db, f->a, id, out, &e), 0);
	return id;
}

/* A draft of @as at levels 2, 2, 2; signed by its owner when @sign. */
static int64_t classify(struct fx *f, struct asset *as, const struct auth *owner, bool sign)
{
	struct class_input ci = { .requested = { 2, 2, 2, -1 }, .motivation = { "Skäl", "Skäl", "Skäl", NULL } };
	struct classification c;
	struct err e = { 0 };
	int64_t cid;

	if (classify_create(f->db, f->a, &fx_system, as, &ci, &cid, NULL, &e))
		fail_msg("classify_create: %s %s", e.field, e.msgid);
	if (sign) {
		assert_int_equal(classify_get(f->db, f->a, cid, &c, &e), 0);
		if (classify_sign(f->db, f->a, owner, as, &c, &e))
			fail_msg("classify_sign: %s %s", e.field, e.msgid);
		assert_int_equal(asset_get(f->db, f->a, as->id, as, &e), 0);
	}
	return cid;
}

static const struct task *find(const struct task *t, size_t n, enum task_group g, const char *title)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].group == g && !strcmp(t[i].title, title))
			return &t[i];
	return NULL;
}

static void fx_open(struct fx *f, bool file, char *url, size_t url_len)
{
	struct unit_input o = { 0, "organisation", "Storstad", "", "", "" };
	struct err e = { 0 };

	memset(f, 0, sizeof(*f));
	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	f->a = arena_new();
	assert_int_equal(file ? fixture_db_open_file(&f->db, url, url_len) : fixture_db_open(&f->db), 0);
	assert_int_equal(unit_create(f->db, f->a, &fx_system, &o, &f->org, &e), 0);
	struct unit_input u = { f->org, "administration", "Socialförvaltningen", "", "", "" };
	assert_int_equal(unit_create(f->db, f->a, &fx_system, &u, &f->unit, &e), 0);
	f->owner = mk_user(f, "agare", "owner");
	f->other = mk_user(f, "annan", "owner");
	f->owner_auth =
		(struct auth){ .user_id = f->owner, .username = "agare", .display_name = "agare", .lang = LANG_SV };
	assert_int_equal(auth_load_grants(f->db, f->a, &f->owner_auth, &e), 0);
}

static void fx_close(struct fx *f)
{
	fixture_db_close(f->db);
	arena_free(f->a);
	unsetenv("TILLIT_NOW");
}

static void test_an_owners_tasks(void **state)
{
	struct fx f;
	struct asset sys, set, flagged, old, other, admin_of, drafted;
	struct asset_requirement *ar;
	struct task *t;
	const struct task *k;
	size_t n, n_ar, i_old = 0, i_flagged = 0;
	struct err e = { 0 };
	int64_t draft;
	char url[8];
	(void)state;

	fx_open(&f, false, url, sizeof(url));
	struct auth other_auth = { .user_id = f.other, .username = "annan", .lang = LANG_SV };
	assert_int_equal(auth_load_grants(f.db, f.a, &other_auth, &e), 0);
	/* Signed in 2023: its review date (two years on by default) has passed by 2026. */
	setenv("TILLIT_NOW", "2023-01-10T09:00:00Z", 1);
	mk_asset(&f, "system", "Gammalt system", f.owner, 0, &old);
	classify(&f, &old, &f.owner_auth, true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	mk_asset(&f, "system", "Lönesystem", f.owner, 0, &sys);
	classify(&f, &sys, &f.owner_auth, true);
	mk_asset(&f, "information_set", "Personakter", f.owner, 0, &set);
	mk_asset(&f, "system", "Ärendesystem", f.owner, 0, &drafted);
	draft = classify(&f, &drafted, &f.owner_auth, false);
	mk_asset(&f, "system", "Flaggat system", f.owner, 0, &flagged);
	classify(&f, &flagged, &f.owner_auth, true);
	mk_asset(&f, "system", "Någon annans", f.other, 0, &other);
	classify(&f, &other, &other_auth, false);
	mk_asset(&f, "system", "Förvaltat system", f.other, f.owner, &admin_of);
	/* Flag one: a set it holds is signed higher. */
	{
		struct asset holder;
		mk_asset(&f, "information_set", "Lönedata", f.owner, 0, &holder);
		assert_int_equal(asset_link_add(f.db, f.a, &fx_system, &flagged, holder.id, "holds", NULL, &e), 0);
		struct class_input hi = { .requested = { 3, 3, 3, -1 },
					  .motivation = { "Högt", "Högt", "Högt", NULL } };
		struct classification c;
		int64_t cid;
		assert_int_equal(classify_create(f.db, f.a, &fx_system, &holder, &hi, &cid, NULL, &e), 0);
		assert_int_equal(classify_get(f.db, f.a, cid, &c, &e), 0);
		assert_int_equal(classify_sign(f.db, f.a, &f.owner_auth, &holder, &c, &e), 0);
	}
	/* All of the old system's requirements fulfilled but one, which is not. */
	assert_int_equal(asset_get(f.db, f.a, old.id, &old, &e), 0);
	assert_int_equal(asset_requirement_list(f.db, f.a, &old, &ar, &n_ar, &e), 0);
	assert_true(n_ar > 3);
	for (size_t i = 0; i < n_ar; i++) {
		struct asset_requirement_input in = asset_requirement_input_of(&ar[i]);
		in.status = i == 0 ? "not_fulfilled" : "fulfilled";
		if (asset_requirement_set(f.db, f.a, &f.owner_auth, &old, ar[i].req.id, ar[i].version, &in, NULL, &e))
			fail_msg("assess %s: %s %s", ar[i].req.code, e.field, e.msgid);
	}

	assert_int_equal(tasks_of(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	/* The draft waits for the signature, linked to it. */
	k = find(t, n, TASK_SIGN, "Ärendesystem");
	assert_non_null(k);
	assert_string_equal(k->href, arena_printf(f.a, "/assets/%lld/classification/%lld", (long long)drafted.id,
						  (long long)draft));
	assert_null(find(t, n, TASK_CLASSIFY, "Ärendesystem")); /* not twice */
	/* To classify or review: the set never classified, the flagged system, the old one overdue. */
	k = find(t, n, TASK_CLASSIFY, "Personakter");
	assert_non_null(k);
	assert_string_equal(k->status, "Not classified");
	/* Never classified: the task leads straight to the form. */
	assert_string_equal(k->href, arena_printf(f.a, "/assets/%lld/classification/new", (long long)set.id));
	assert_non_null(find(t, n, TASK_CLASSIFY, "Flaggat system"));
	assert_string_equal(find(t, n, TASK_CLASSIFY, "Flaggat system")->status, "Flagged for review");
	k = find(t, n, TASK_CLASSIFY, "Gammalt system");
	assert_non_null(k);
	assert_true(k->overdue);
	assert_null(find(t, n, TASK_CLASSIFY, "Lönesystem")); /* signed today: not due */
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(t[i].title, "Gammalt system") && t[i].group == TASK_CLASSIFY)
			i_old = i;
		if (!strcmp(t[i].title, "Flaggat system") && t[i].group == TASK_CLASSIFY)
			i_flagged = i;
	}
	assert_true(i_old < i_flagged); /* overdue first */
	/* Requirements: the new system's not assessed; the old one's one not fulfilled. */
	k = find(t, n, TASK_ASSESS, "Lönesystem");
	assert_non_null(k);
	assert_string_equal(k->status, "To assess");
	assert_non_null(strstr(k->context, "ej bedömda"));
	assert_string_equal(k->href,
			    arena_printf(f.a, "/assets/%lld/requirements/assess?status=none", (long long)sys.id));
	k = find(t, n, TASK_ASSESS, "Gammalt system");
	assert_non_null(k);
	assert_string_equal(k->status, "To remedy");
	assert_string_equal(k->context, "1 ej eller delvis uppfyllda");
	/* Not classified: no requirements apply yet. Someone else's: nothing. */
	assert_null(find(t, n, TASK_ASSESS, "Personakter"));
	assert_null(find(t, n, TASK_SIGN, "Någon annans"));
	assert_null(find(t, n, TASK_CLASSIFY, "Förvaltat system")); /* the system administrator does not classify */
	fx_close(&f);
}

/* Written to the table, past the domain layer and its audit trail (as no part of Tillit writes). */
static DB_QUERY(Q_T_RENAME_UNAUDITED, "UPDATE assets SET name = $2 WHERE id = $1");

/*
 * A person's list is read once per data version: asked again it is the same (and a change made past the
 * audit trail is not seen), a write through the domain shows at once, and each language has its own.
 */
static void test_tasks_kept_until_a_write(void **state)
{
	struct fx f;
	struct err e = { 0 };
	struct asset set, sys;
	struct task *t;
	size_t n, n_first;
	struct auth en;
	const struct task *k;
	(void)state;

	fx_open(&f, false, NULL, 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	mk_asset(&f, "information_set", "Personakter", f.owner, 0, &set);
	mk_asset(&f, "system", "Ärendesystem", f.owner, 0, &sys);
	classify(&f, &sys, &f.owner_auth, false);

	/* (The first reading may bring the requirements of what was classified up to date, a write of its own.) */
	assert_int_equal(tasks_of(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	assert_int_equal(tasks_of(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	n_first = n;
	assert_non_null(find(t, n, TASK_CLASSIFY, "Personakter"));
	k = find(t, n, TASK_SIGN, "Ärendesystem");
	assert_non_null(k);
	assert_non_null(strstr(k->context, "Klassning"));

	assert_int_equal(db_run(f.db, f.a, &Q_T_RENAME_UNAUDITED, DB_ARGS(DB_INT(set.id), DB_TEXT("Omdöpt")), NULL, &e),
			 0);
	assert_int_equal(tasks_of(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	assert_int_equal(n, n_first);
	assert_non_null(find(t, n, TASK_CLASSIFY, "Personakter"));
	assert_string_equal(find(t, n, TASK_SIGN, "Ärendesystem")->context, k->context);
	assert_int_equal(find(t, n, TASK_SIGN, "Ärendesystem")->id, k->id);
	assert_string_equal(find(t, n, TASK_SIGN, "Ärendesystem")->href, k->href);

	/* In English, the same tasks in the other language. */
	en = f.owner_auth;
	en.lang = LANG_EN;
	assert_int_equal(tasks_of(f.db, f.a, &en, "2026-03-01", 80, &t, &n, &e), 0);
	k = find(t, n, TASK_SIGN, "Ärendesystem");
	assert_non_null(k);
	assert_non_null(strstr(k->context, "Classification"));

	/* A write through the domain: the next list is read anew (and sees the rename too). */
	mk_asset(&f, "information_set", "Nytt register", f.owner, 0, &set);
	assert_int_equal(tasks_of(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	assert_int_equal(n, n_first + 1);
	assert_non_null(find(t, n, TASK_CLASSIFY, "Nytt register"));
	assert_non_null(find(t, n, TASK_CLASSIFY, "Omdöpt"));
	assert_null(find(t, n, TASK_CLASSIFY, "Personakter"));
	/* Another day is another list. */
	assert_int_equal(tasks_of(f.db, f.a, &f.owner_auth, "2026-03-02", 1, &t, &n, &e), 0);
	assert_int_equal(n, 1);
	fx_close(&f);
}

/* At city size the owner's task sources answer from indexes. */
static void test_city_size_reads_no_table_whole(void **state)
{
	struct fx f;
	struct err e = { 0 };
	char url[512];
	int64_t units[60];
	struct explain x;
	const char *scans;
	struct task *t;
	size_t n;
	(void)state;

	fx_open(&f, true, url, sizeof(url));
	if (db_engine_of(f.db) != DB_SQLITE) {
		/* The plans of the PostgreSQL planner at this size are not asserted here. */
		fx_close(&f);
		skip();
	}
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	for (int i = 0; i < 60; i++) {
		struct unit_input u = { f.unit, "unit", arena_printf(f.a, "Enhet %d", i), "", "", "" };
		assert_int_equal(unit_create(f.db, f.a, &fx_system, &u, &units[i], &e), 0);
	}
	assert_int_equal(db_batch_begin(f.db, &e), 0);
	for (int i = 0; i < 3000; i++) {
		struct asset_input in = { 0 };
		int64_t id;
		in.unit_id = units[i % 60];
		in.kind = i % 3 ? "system" : "information_set";
		in.name = arena_printf(f.a, "Tillgång %d", i);
		in.owner_id = i % 100 == 0 ? f.owner : f.other;
		if (asset_create(f.db, f.a, &fx_system, &in, &id, &e))
			fail_msg("asset_create: %s %s", e.field, e.msgid);
	}
	assert_int_equal(db_batch_commit(f.db, &e), 0);
	{
		struct asset as;
		for (int i = 0; i < 5; i++) {
			mk_asset(&f, "system", arena_printf(f.a, "Eget system %d", i), f.owner, 0, &as);
			classify(&f, &as, &f.owner_auth, i % 2 == 0);
		}
	}
	assert_int_equal(db_optimize(f.db, &e), 0);

	assert_int_equal(explain_begin(&x, f.db, url), 0);
	assert_int_equal(classify_tasks(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	assert_true(n >= 30); /* 30 never classified, two drafts */
	assert_int_equal(requirement_tasks(f.db, f.a, &f.owner_auth, "2026-03-01", 80, &t, &n, &e), 0);
	assert_int_equal(n, 3); /* the three signed */
	explain_end(&x);
	scans = explain_full_scans(&x, (const char *[]){ "assets", "classifications", "asset_requirements", NULL });
	if (scans)
		fail_msg("%s", scans);
	if (x.error[0])
		fail_msg("%s", x.error);
	explain_release(&x);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_owners_tasks),
		cmocka_unit_test(test_tasks_kept_until_a_write),
		cmocka_unit_test(test_city_size_reads_no_table_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
