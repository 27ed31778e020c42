/*
 * test_role_suggestion.c - roles suggested by a provider's groups claim:
 * the mapping's checks (each naming its field), a suggestion made at
 * sign-in only for a mapped group and a role not held, once, withdrawn when
 * the group is gone, never granted by itself; granting through the grant
 * function (its audit entry and the suggestion's), dismissing for good, who
 * may decide which, and the list of pending ones from an index.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/oidc.h"
#include "domain/role_suggestion.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "explain.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, ks, soc, provider, anna, boss_ks;
	struct auth admin_ks; /* administrator of Kommunstyrelsen only */
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name, const char *code)
{
	struct unit_input in = { parent, kind, name, code, "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid);
	return id;
}

static int64_t mk_user(struct t *t, const char *name)
{
	struct user_input in = { name, name, "", "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	if (user_create(t->db, t->a, act, &in, "ett tillräckligt långt lösenord", &id, &e))
		fail_msg("user_create(%s): %s", name, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct oidc_provider p = { 0 };
	struct err e = { 0 };

	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun", "EK");
	t->ks = mk_unit(t, t->org, "board", "Kommunstyrelsen", "KS");
	t->soc = mk_unit(t, t->org, "board", "Socialnämnden", "SOC");
	p.slug = "ekdala";
	p.name = "Ekdala kommun";
	p.issuer = "https://idp.ekdala.se";
	p.client_id = "tillit";
	p.claim_groups = "groups";
	assert_int_equal(oidc_provider_add(t->db, t->a, act, &p, &t->provider, &e), 0);
	t->anna = mk_user(t, "anna");
	t->boss_ks = mk_user(t, "boss-ks");
	assert_int_equal(grant_add(t->db, t->a, act, t->boss_ks, t->ks, "administrator", NULL, &e), 0);
	t->admin_ks.user_id = t->boss_ks;
	t->admin_ks.username = "boss-ks";
	assert_int_equal(auth_load_grants(t->db, t->a, &t->admin_ks, &e), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	i18n_release();
	free(t);
	return 0;
}

/* A sign-in through the provider carrying @groups (@n of them). */
static void sign_in(struct t *t, int64_t user, const char *const *groups, size_t n)
{
	struct err e = { 0 };
	assert_int_equal(db_begin(t->db, &e), 0);
	if (db_end(t->db, role_suggestion_note_in_tx(t->db, t->a, user, t->provider, groups, n, &e), &e))
		fail_msg("note: %s %s", e.msgid, e.detail);
}

static struct role_suggestion *pending(struct t *t, const struct auth *au, int64_t user, size_t *n)
{
	struct role_suggestion *s;
	int64_t total = 0;
	struct err e = { 0 };
	assert_int_equal(role_suggestion_pending(t->db, t->a, au, user, 100, 0, &s, n, &total, &e), 0);
	assert_int_equal(total, (int64_t)*n);
	return s;
}

static int64_t audit_count(struct t *t, const char *entity, const char *action)
{
	struct audit_filter f;
	struct audit_entry *en;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	audit_filter_init(&f);
	f.entity = entity;
	f.action = action;
	f.limit = 500;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	return total;
}

static bool holds(struct t *t, int64_t user, int64_t unit, const char *role)
{
	struct role_grant *g;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(user_grants(t->db, t->a, user, &g, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (g[i].unit_id == unit && !strcmp(g[i].role, role))
			return true;
	return false;
}

static void test_mapping_checks(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t before = audit_count(t, "oidc_group_role", "create");

	assert_int_equal(group_role_add(t->db, t->a, act, "nobody", "g", "dpo", NULL, &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "slug");
	err_clear(&e);
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "", "dpo", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "group");
	err_clear(&e);
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "g", "emperor", NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "role");
	err_clear(&e);
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "g", "dpo", "NOPE", &e), ERR_INVALID);
	assert_string_equal(e.field, "unit");
	err_clear(&e);
	assert_int_equal(audit_count(t, "oidc_group_role", "create"), before);

	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "ekdala-dataskydd", "dpo", NULL, &e), 0);
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "ekdala-it", "coordinator", "KS", &e), 0);
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "ekdala-soc", "reader", "SOC", &e), 0);
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "ekdala-it", "coordinator", "KS", &e), ERR_EXISTS);
	assert_string_equal(e.field, "group");
	err_clear(&e);
	/* The whole installation twice: the NULL unit counts as one. */
	assert_int_equal(group_role_add(t->db, t->a, act, "ekdala", "ekdala-dataskydd", "dpo", "", &e), ERR_EXISTS);
	err_clear(&e);
	assert_int_equal(audit_count(t, "oidc_group_role", "create"), before + 3);
	{
		struct group_role *m;
		size_t n;
		assert_int_equal(group_role_list(t->db, t->a, t->provider, &m, &n, &e), 0);
		assert_int_equal(n, 3);
	}
	/* The groups claim's name is checked as the other claims are. */
	assert_int_equal(oidc_provider_set_groups_claim(t->db, t->a, act, "ekdala", "<groups>", &e), ERR_INVALID);
	assert_string_equal(e.field, "claim_groups");
	err_clear(&e);
	assert_int_equal(oidc_provider_set_groups_claim(t->db, t->a, act, "ekdala", "groups", &e), 0);
}

static void test_suggested_once_never_granted(void **state)
{
	struct t *t = *state;
	const char *const groups[] = { "ekdala-alla", "ekdala-dataskydd", "ekdala-it" };
	struct role_suggestion *s;
	size_t n;
	int64_t made = audit_count(t, "role_suggestion", "create");

	sign_in(t, t->anna, groups, 3);
	s = pending(t, act, t->anna, &n);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].role, "dpo");
	assert_int_equal(s[0].unit_id, 0);
	assert_string_equal(s[0].group_value, "ekdala-dataskydd");
	assert_string_equal(s[1].role, "coordinator");
	assert_int_equal(s[1].unit_id, t->ks);
	assert_string_equal(s[1].provider_name, "Ekdala kommun");
	assert_int_equal(audit_count(t, "role_suggestion", "create"), made + 2);
	/* Nothing granted. */
	assert_false(holds(t, t->anna, 0, "dpo"));
	assert_false(holds(t, t->anna, t->ks, "coordinator"));

	/* Signing in again makes no second suggestion. */
	sign_in(t, t->anna, groups, 3);
	pending(t, act, t->anna, &n);
	assert_int_equal(n, 2);
	assert_int_equal(audit_count(t, "role_suggestion", "create"), made + 2);

	/* Without the IT group: its suggestion is withdrawn, the other stays. */
	sign_in(t, t->anna, groups, 2);
	s = pending(t, act, t->anna, &n);
	assert_int_equal(n, 1);
	assert_string_equal(s[0].role, "dpo");
	assert_int_equal(audit_count(t, "role_suggestion", "withdraw"), 1);
	/* And back again: suggested anew. */
	sign_in(t, t->anna, groups, 3);
	pending(t, act, t->anna, &n);
	assert_int_equal(n, 2);
}

static void test_held_role_not_suggested(void **state)
{
	struct t *t = *state;
	const char *const groups[] = { "ekdala-soc" };
	int64_t bo = mk_user(t, "bo");
	struct err e = { 0 };
	size_t n;

	assert_int_equal(grant_add(t->db, t->a, act, bo, t->soc, "reader", NULL, &e), 0);
	sign_in(t, bo, groups, 1);
	pending(t, act, bo, &n);
	assert_int_equal(n, 0);
}

static void test_grant_and_dismiss(void **state)
{
	struct t *t = *state;
	const char *const groups[] = { "ekdala-dataskydd", "ekdala-it" };
	int64_t cia = mk_user(t, "cia"), gid = 0;
	struct role_suggestion *s, got;
	int64_t grants = audit_count(t, "role_assignment", "create");
	struct err e = { 0 };
	size_t n;

	sign_in(t, cia, groups, 2);
	s = pending(t, act, cia, &n);
	assert_int_equal(n, 2);

	/* The administrator of Kommunstyrelsen sees and decides only the suggestion on it. */
	{
		struct role_suggestion *mine = pending(t, &t->admin_ks, cia, &n);
		assert_int_equal(n, 1);
		assert_int_equal(mine[0].unit_id, t->ks);
	}
	assert_int_equal(role_suggestion_grant(t->db, t->a, &t->admin_ks, s[0].id, NULL, &e), ERR_FORBIDDEN);
	err_clear(&e);
	assert_false(holds(t, cia, 0, "dpo"));

	/* Granted with the grant function: the role, its audit entry and the suggestion's. */
	assert_int_equal(role_suggestion_grant(t->db, t->a, &t->admin_ks, s[1].id, &gid, &e), 0);
	assert_true(gid > 0);
	assert_true(holds(t, cia, t->ks, "coordinator"));
	assert_int_equal(audit_count(t, "role_assignment", "create"), grants + 1);
	assert_int_equal(role_suggestion_get(t->db, t->a, s[1].id, &got, &e), 0);
	assert_string_equal(got.state, "granted");
	assert_int_equal(got.decided_by, t->boss_ks);
	/* Decided once. */
	assert_int_equal(role_suggestion_grant(t->db, t->a, act, s[1].id, NULL, &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(role_suggestion_dismiss(t->db, t->a, act, s[1].id, &e), ERR_CONFLICT);
	err_clear(&e);

	/* Dismissed: nothing granted, and not suggested again. */
	assert_int_equal(role_suggestion_dismiss(t->db, t->a, act, s[0].id, &e), 0);
	assert_false(holds(t, cia, 0, "dpo"));
	sign_in(t, cia, groups, 2);
	pending(t, act, cia, &n);
	assert_int_equal(n, 0);
	assert_int_equal(audit_count(t, "role_suggestion", "grant"), 1);
	assert_int_equal(audit_count(t, "role_suggestion", "dismiss"), 1);
	assert_int_equal(role_suggestion_get(t->db, t->a, 999999, &got, &e), ERR_NOTFOUND);
	err_clear(&e);
}

static void test_role_granted_meanwhile(void **state)
{
	struct t *t = *state;
	const char *const groups[] = { "ekdala-dataskydd" };
	int64_t dan = mk_user(t, "dan");
	struct role_suggestion *s;
	struct err e = { 0 };
	size_t n;

	sign_in(t, dan, groups, 1);
	s = pending(t, act, dan, &n);
	assert_int_equal(n, 1);
	/* Granted by hand meanwhile: the suggestion leaves the list, and granting it says why. */
	assert_int_equal(grant_add(t->db, t->a, act, dan, 0, "dpo", NULL, &e), 0);
	pending(t, act, dan, &n);
	assert_int_equal(n, 0);
	assert_int_equal(role_suggestion_grant(t->db, t->a, act, s[0].id, NULL, &e), ERR_EXISTS);
	err_clear(&e);
}

static void test_mapping_removed(void **state)
{
	struct t *t = *state;
	const char *const groups[] = { "ekdala-soc" };
	int64_t eva = mk_user(t, "eva");
	struct err e = { 0 };
	size_t n;

	sign_in(t, eva, groups, 1);
	pending(t, act, eva, &n);
	assert_int_equal(n, 1);
	assert_int_equal(group_role_remove(t->db, t->a, act, "ekdala", "ekdala-soc", "reader", "SOC", &e), 0);
	pending(t, act, eva, &n);
	assert_int_equal(n, 0);
	assert_int_equal(group_role_remove(t->db, t->a, act, "ekdala", "ekdala-soc", "reader", "SOC", &e),
			 ERR_NOTFOUND);
	assert_string_equal(e.field, "group");
}

/* At a city's size the pending list and its count read the index, not the whole table. */
static void test_pending_list_uses_index(void **state)
{
	struct db *db;
	struct arena *a = arena_new();
	struct err e = { 0 };
	char url[512];
	int64_t org, units[30], users[20], pid = 0;
	struct oidc_provider p = { .slug = "stad", .name = "Stad", .issuer = "https://idp.stad.se", .client_id = "t" };
	static const char *const roles[] = { "administrator", "coordinator", "dpo", "owner", "reader", "auditor" };
	struct explain x;
	const char *scans;
	(void)state;

	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	struct unit_input o = { 0, "organisation", "Storstad", "", "", "" };
	assert_int_equal(unit_create(db, a, act, &o, &org, &e), 0);
	for (int i = 0; i < 30; i++) {
		struct unit_input u = { org, "administration", arena_printf(a, "Förvaltning %d", i), "", "", "" };
		assert_int_equal(unit_create(db, a, act, &u, &units[i], &e), 0);
	}
	for (int i = 0; i < 20; i++) {
		struct user_input in = { arena_printf(a, "person%d", i), "P", "", "sv", true };
		assert_int_equal(user_create(db, a, act, &in, "ett tillräckligt långt lösenord", &users[i], &e), 0);
	}
	assert_int_equal(oidc_provider_add(db, a, act, &p, &pid, &e), 0);
	assert_int_equal(db_batch_begin(db, &e), 0);
	for (int i = 0; i < 20 * 30 * 6; i++) {
		int64_t id = 0;
		int user = i % 20, unit = (i / 20) % 30, role = i / 600;
		assert_int_equal(q_role_suggestion_insert(db, a, users[user], roles[role], units[unit], pid, "g",
							  "2026-01-01T00:00:00Z", &id, &e),
				 0);
		if (i % 50)
			assert_int_equal(q_role_suggestion_decide(db, a, id, i % 2 ? "granted" : "dismissed",
								  "2026-01-02T00:00:00Z", 0, &e),
					 0);
	}
	assert_int_equal(db_batch_commit(db, &e), 0);
	assert_int_equal(db_optimize(db, &e), 0);

	assert_int_equal(explain_begin(&x, db, url), 0);
	{
		struct role_suggestion *s;
		size_t n;
		int64_t total;
		assert_int_equal(role_suggestion_pending(db, a, act, 0, 50, 0, &s, &n, &total, &e), 0);
		assert_int_equal(total, 72);
		assert_int_equal(role_suggestion_pending(db, a, act, users[0], 50, 0, &s, &n, &total, &e), 0);
	}
	explain_end(&x);
	scans = explain_full_scans(&x, (const char *[]){ "role_suggestions", NULL });
	if (scans)
		fail_msg("%s", scans);
	explain_release(&x);
	fixture_db_close(db);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping_checks),          cmocka_unit_test(test_suggested_once_never_granted),
		cmocka_unit_test(test_held_role_not_suggested), cmocka_unit_test(test_grant_and_dismiss),
		cmocka_unit_test(test_role_granted_meanwhile),  cmocka_unit_test(test_mapping_removed),
		cmocka_unit_test(test_pending_list_uses_index),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
