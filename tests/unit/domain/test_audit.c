/*
 * test_audit.c - the audit trail's keyed hash chain finds any entry altered,
 * removed or added behind Tillit's back, also by someone who knows the
 * format and recomputes the chain, but not the key; anchors find what the
 * key cannot (a restored older copy); and the business tables are compared
 * with the trail's latest snapshots. Reading the trail a page at a time
 * shows every entry a filter matches exactly once, in order, forwards and
 * backwards, also while entries are being written, with each filter alone
 * and combined, as each viewer may see them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_audit.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

/* Direct edits of the kind an intruder with database access could make. */
DB_QUERY(T_ALTER, "UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = $1");
DB_QUERY(T_ALTER_HASHED, "UPDATE audit_log SET actor_name = 'someone else' WHERE id = $1");
DB_QUERY(T_DELETE, "DELETE FROM audit_log WHERE id = $1");
DB_QUERY(T_DELETE_FROM, "DELETE FROM audit_log WHERE id >= $1");
DB_QUERY(T_REWRITE, "UPDATE audit_log SET after_json = $2, prev_hash = $3, hash = $4 WHERE id = $1");
DB_QUERY(T_HEAD, "UPDATE audit_head SET last_id = $1, last_hash = $2, head_mac = $3 WHERE id = 1");
DB_QUERY(T_UNKEY, "UPDATE audit_head SET keyed_from = NULL, head_mac = NULL WHERE id = 1");
DB_QUERY(T_ASSET_RENAME, "UPDATE assets SET name = 'Lönesystem (ändrat i databasen)' WHERE id = $1");
DB_QUERY(T_GRANT_ROLE, "UPDATE role_assignments SET role = 'administrator', unit_id = NULL WHERE id = $1");
DB_QUERY(T_GRANT_INSERT,
	 "INSERT INTO role_assignments (user_id, unit_id, role, created_at) VALUES ($1, NULL, 'auditor', '2030-01-01')"
	 " RETURNING id");
DB_QUERY(T_LINK_DELETE, "DELETE FROM asset_links WHERE id = $1");
/* A trail written before times were kept in order, with entries out of order up to entry $1. */
DB_QUERY(T_OUT_OF_ORDER, "UPDATE audit_head SET in_order_from = $1 WHERE id = 1");

static const struct actor act = { 7, "anna" };

struct t {
	struct db *db;
	struct arena *a;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	for (int i = 1; i <= 5; i++) {
		assert_int_equal(db_begin(t->db, &e), 0);
		assert_int_equal(audit_append(t->db, t->a, act, "unit", i, i, "update", "{\"name\":\"a\"}",
					      arena_printf(t->a, "{\"name\":\"b%d\"}", i), &e),
				 0);
		assert_int_equal(db_commit(t->db, &e), 0);
	}
	*state = t;
	return 0;
}

/* A fresh database with no entries of its own making. */
static int setup_empty(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	return 0;
}

static void test_intact(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	struct audit_entry en;

	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(bad, 0);
	assert_int_equal(audit_get(t->db, t->a, 3, &en, &e), 0);
	assert_string_equal(en.actor_name, "anna");
	assert_int_equal(en.actor_id, 7);
	assert_string_equal(en.after, "{\"name\":\"b3\"}");
	assert_string_equal(audit_hash(t->a, &en, true), en.hash);
	/* Keyed: the plain SHA-256 of the same entry is something else. */
	assert_string_not_equal(audit_hash(t->a, &en, false), en.hash);
}

static void test_altered_content(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_ALTER, DB_ARGS(DB_INT(2)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 2);
	assert_string_equal(e.arg, "2");
}

static void test_altered_actor(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_ALTER_HASHED, DB_ARGS(DB_INT(4)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 4);
}

static void test_removed_middle(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_DELETE, DB_ARGS(DB_INT(3)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 3);
}

static void test_removed_last(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;
	assert_int_equal(db_run(t->db, t->a, &T_DELETE, DB_ARGS(DB_INT(5)), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 5);
}

/*
 * What someone with write access to the database but not the key would do:
 * edit entry @from and recompute it and every later entry, and the head,
 * with @key (NULL: plain SHA-256, the published format of old). The head's
 * MAC is computed as audit.c documents it.
 */
static void rewrite_from(struct t *t, int64_t from, const unsigned char *key)
{
	struct err e = { 0 };
	struct audit_entry en;
	struct audit_state st;
	const char *prev = NULL, *mac = "";
	int64_t id;

	assert_int_equal(audit_state(t->db, t->a, &st, &e), 0);
	if (key)
		audit_set_key(key);
	for (id = from; id <= st.last_id; id++) {
		assert_int_equal(audit_get(t->db, t->a, id, &en, &e), 0);
		if (prev)
			en.prev_hash = prev;
		if (id == from)
			en.after = "{\"name\":\"forged\"}";
		en.hash = audit_hash(t->a, &en, key != NULL);
		assert_int_equal(db_run(t->db, t->a, &T_REWRITE,
					DB_ARGS(DB_INT(id), DB_TEXT(en.after), DB_TEXT(en.prev_hash), DB_TEXT(en.hash)),
					NULL, &e),
				 0);
		prev = en.hash;
	}
	if (key) {
		unsigned char h[crypto_auth_hmacsha256_BYTES];
		char hex[65];
		const char *msg = arena_printf(
			t->a, "tillit-audit-head;%zu:%lld;64:%s;%zu:%lld;",
			strlen(arena_printf(t->a, "%lld", (long long)st.last_id)), (long long)st.last_id, prev,
			strlen(arena_printf(t->a, "%lld", (long long)st.keyed_from)), (long long)st.keyed_from);
		crypto_auth_hmacsha256(h, (const unsigned char *)msg, strlen(msg), key);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		mac = arena_strdup(t->a, hex);
	}
	assert_int_equal(
		db_run(t->db, t->a, &T_HEAD, DB_ARGS(DB_INT(st.last_id), DB_TEXT(prev), DB_TEXT(mac)), NULL, &e), 0);
	audit_set_key(fixture_audit_key);
}

/* Editing an entry and recomputing the rest with plain SHA-256 is found with the key. */
static void test_rewrite_with_sha256(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;

	rewrite_from(t, 2, NULL);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 2);
	/* Declaring the chain unkeyed as well does not help either. */
	assert_int_equal(db_run(t->db, t->a, &T_UNKEY, NULL, 0, NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 0);
	/* Nor does writing on: Tillit refuses to key a chain that lost its key. */
	assert_int_equal(audit_key_start(t->db, t->a, false, &e), ERR_INVALID);
}

/* Recomputing the whole chain and the head with a key of one's own is found with the real one. */
static void test_rewrite_with_wrong_key(void **state)
{
	static const unsigned char forged[AUDIT_KEY_BYTES] = "not the installation's audit key";
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;

	rewrite_from(t, 1, forged);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 1);
	/* The forgery itself is consistent: under the forger's key it verifies. */
	audit_set_key(forged);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), 0);
	audit_set_key(fixture_audit_key);
	/* And the real key refuses to write on top of it. */
	assert_int_equal(audit_key_start(t->db, t->a, false, &e), ERR_INVALID);
	assert_string_equal(e.field, "audit-key");
}

/* Cutting the tail and moving the head back to the new last entry is found with the key. */
static void test_move_head(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct audit_entry en;
	int64_t n, bad;

	assert_int_equal(audit_get(t->db, t->a, 3, &en, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_DELETE_FROM, DB_ARGS(DB_INT(4)), NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_HEAD, DB_ARGS(DB_INT(3), DB_TEXT(en.hash), DB_TEXT("")), NULL, &e), 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 0);
	assert_string_equal(
		e.msgid,
		"The head of the audit trail does not match its key: entries at the end may have been removed.");
	/* Nothing is written on a head that does not verify, so the cut is never covered up. */
	assert_int_equal(db_begin(t->db, &e), 0);
	assert_int_equal(audit_append(t->db, t->a, act, "unit", 9, 9, "update", NULL, "{}", &e), ERR_INTERNAL);
	db_rollback(t->db);
}

/*
 * An older copy of the database put back (its head and MAC are genuine) is
 * beyond what the key can show; an anchor kept elsewhere shows it.
 */
static void test_anchor(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct audit_state old;
	const char *mac, *old_mac;
	int64_t seq, n, bad;

	assert_int_equal(audit_anchor(t->db, t->a, &seq, &old_mac, &e), 0);
	assert_int_equal(seq, 5);
	assert_int_equal(audit_state(t->db, t->a, &old, &e), 0);
	for (int i = 6; i <= 7; i++) {
		assert_int_equal(db_begin(t->db, &e), 0);
		assert_int_equal(audit_append(t->db, t->a, act, "unit", i, i, "update", NULL, "{}", &e), 0);
		assert_int_equal(db_commit(t->db, &e), 0);
	}
	assert_int_equal(audit_anchor(t->db, t->a, &seq, &mac, &e), 0);
	assert_int_equal(seq, 7);
	assert_int_equal(audit_verify_anchor(t->db, t->a, 7, mac, &n, &e), 0);
	assert_int_equal(audit_verify_anchor(t->db, t->a, 5, old_mac, &n, &e), 0);
	/* A different MAC for the same entry is not the anchored chain. */
	assert_int_equal(audit_verify_anchor(t->db, t->a, 5, mac, &n, &e), ERR_INVALID);

	/* Put back the state of entry 5: it verifies on its own ... */
	assert_int_equal(db_run(t->db, t->a, &T_DELETE_FROM, DB_ARGS(DB_INT(6)), NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_HEAD,
				DB_ARGS(DB_INT(old.last_id), DB_TEXT(old.last_hash), DB_TEXT(old.head_mac)), NULL, &e),
			 0);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), 0);
	/* ... but not against the anchor taken at entry 7. */
	assert_int_equal(audit_verify_anchor(t->db, t->a, 7, mac, &n, &e), ERR_INVALID);
	assert_string_equal(e.arg, "7");
	assert_int_equal(audit_verify_anchor(t->db, t->a, 5, old_mac, &n, &e), 0);
}

/* A keyed chain cannot be checked without its key. */
static void test_needs_key(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	int64_t n, bad;

	audit_set_key(NULL);
	assert_int_equal(audit_verify(t->db, t->a, &n, &bad, &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "audit-key");
	assert_int_equal(db_begin(t->db, &e), 0);
	assert_int_equal(audit_append(t->db, t->a, act, "unit", 1, 1, "update", NULL, "{}", &e), ERR_INTERNAL);
	db_rollback(t->db);
	audit_set_key(fixture_audit_key);
}

static const struct audit_record_finding *find(const struct audit_record_finding *f, size_t n,
					       enum audit_record_problem p, const char *entity, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].problem == p && !strcmp(f[i].entity, entity) && f[i].id == id)
			return &f[i];
	return NULL;
}

/* A silent edit of an asset or a role grant in the database is found and named. */
static void test_records(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct audit_record_finding *f;
	const struct audit_record_finding *x;
	struct user_input ui = { "anna", "Anna Andersson", "anna@example.se", "sv", true };
	struct unit_input org = { 0, "organisation", "Ekdala kommun", "", "", "" };
	struct asset_input sys = { 0 }, set = { 0 };
	int64_t uid, unit, grant, rogue, sys_id, set_id, link, n_records;
	struct db_rows rows;
	size_t n;

	user_set_fast_hash(true);
	assert_int_equal(unit_create(t->db, t->a, &fx_system, &org, &unit, &e), 0);
	assert_int_equal(user_create(t->db, t->a, &fx_system, &ui, "ett tillräckligt långt lösenord", &uid, &e), 0);
	assert_int_equal(user_set_lang(t->db, t->a, &fx_system, uid, "en", &e), 0);
	assert_int_equal(grant_add(t->db, t->a, &fx_system, uid, unit, "reader", &grant, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, &fx_system, uid, unit, "owner", NULL, &e), 0);
	sys = (struct asset_input){ .unit_id = unit, .kind = "system", .name = "Lönesystem", .owner_id = uid };
	set = (struct asset_input){ .unit_id = unit, .kind = "information_set", .name = "Löneuppgifter" };
	assert_int_equal(asset_create(t->db, t->a, &fx_system, &sys, &sys_id, &e), 0);
	assert_int_equal(asset_create(t->db, t->a, &fx_system, &set, &set_id, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, &fx_system, sys_id, set_id, "holds", &link, &e), 0);
	assert_int_equal(audit_verify_records(t->db, t->a, &f, &n, &n_records, &e), 0);
	if (n)
		fail_msg("%s %lld: %d %s", f[0].entity, (long long)f[0].id, (int)f[0].problem,
			 f[0].field ? f[0].field : "");
	assert_true(n_records >= 6);

	/* Behind Tillit's back: rename the asset, raise the grant, add a grant, drop the link. */
	assert_int_equal(db_run(t->db, t->a, &T_ASSET_RENAME, DB_ARGS(DB_INT(sys_id)), NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_GRANT_ROLE, DB_ARGS(DB_INT(grant)), NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_GRANT_INSERT, DB_ARGS(DB_INT(uid)), &rows, &e), 0);
	rogue = rows_int(&rows, 0, 0);
	assert_int_equal(db_run(t->db, t->a, &T_LINK_DELETE, DB_ARGS(DB_INT(link)), NULL, &e), 0);
	assert_int_equal(audit_verify_records(t->db, t->a, &f, &n, &n_records, &e), 0);
	assert_int_equal(n, 5);
	x = find(f, n, ARP_CHANGED, "asset", sys_id);
	assert_non_null(x);
	assert_string_equal(x->field, "name");
	assert_string_equal(x->in_table, "Lönesystem (ändrat i databasen)");
	assert_string_equal(x->in_trail, "Lönesystem");
	assert_non_null(find(f, n, ARP_CHANGED, "role_assignment", grant));
	for (size_t i = 0; i < n; i++)
		if (f[i].problem == ARP_CHANGED && !strcmp(f[i].entity, "role_assignment"))
			assert_true(!strcmp(f[i].field, "role") || !strcmp(f[i].field, "unit_id"));
	assert_non_null(find(f, n, ARP_UNRECORDED, "role_assignment", rogue));
	assert_non_null(find(f, n, ARP_MISSING, "asset_link", link));
	/* The chain itself is intact: these edits are in the tables only. */
	{
		int64_t c, bad;
		assert_int_equal(audit_verify(t->db, t->a, &c, &bad, &e), 0);
	}
}

static void test_filters(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };
	struct audit_filter f = { 0 };
	struct audit_entry *en;
	size_t n;
	int64_t total;

	f.limit = 2;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 5);
	assert_int_equal(n, 2);
	assert_int_equal(en[0].id, 5); /* newest first */
	f.before = 2;                  /* the page after the one ending at entry 2 */
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(en[0].id, 1);
	f.before = 0;
	f.entity_id = 3;
	f.entity = "unit";
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	f.entity = "user";
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 0);
	f.entity = NULL;
	f.entity_id = 0;
	f.from = "2000-01-01";
	f.to = "2000-01-02";
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	assert_int_equal(total, 0);
}

/* --- paging ---------------------------------------------------------------- */

struct p {
	struct db *db;
	struct arena *a;
	int64_t org, b1, b2, u1;
	int64_t rev_b1, adm, reader; /* auditor on B1; administrator everywhere; reader (no audit role) */
	struct audit_entry *all;     /* every entry, oldest first */
	size_t n_all;
};

static int64_t p_unit(struct p *p, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(unit_create(p->db, p->a, &fx_system, &in, &id, &e), 0);
	return id;
}

static int64_t p_user(struct p *p, const char *name, const char *role, int64_t unit)
{
	struct user_input ui = { name, name, "", "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(user_create(p->db, p->a, &fx_system, &ui, "correct horse battery staple", &id, &e), 0);
	assert_int_equal(grant_add(p->db, p->a, &fx_system, id, unit, role, NULL, &e), 0);
	return id;
}

static void p_append(struct p *p, struct actor who, const char *entity, int64_t entity_id, int64_t unit,
		     const char *action)
{
	struct err e = { 0 };
	assert_int_equal(db_begin(p->db, &e), 0);
	assert_int_equal(audit_append(p->db, p->a, who, entity, entity_id, unit, action, NULL, "{}", &e), 0);
	assert_int_equal(db_commit(p->db, &e), 0);
}

/* Every entry, oldest first, read past the list (the batches verification reads). */
static void p_read_all(struct p *p)
{
	struct err e = { 0 };
	assert_int_equal(q_audit_batch(p->db, p->a, 0, 100000, &p->all, &p->n_all, &e), 0);
}

static int setup_paging(void **state)
{
	static const char *const entities[] = { "unit", "asset", "user", "classification" };
	static const char *const actions[] = { "create", "update", "move", "sign", "update" };
	const struct actor actors[] = { { 10, "anna" }, { 11, "bo" }, { 0, "system" } };
	struct p *p = calloc(1, sizeof(*p));

	user_set_fast_hash(true);
	assert_int_equal(fixture_db_open(&p->db), 0);
	p->a = arena_new();
	setenv("TILLIT_NOW", "2024-01-01T08:00:00Z", 1);
	p->org = p_unit(p, 0, "organisation", "Kommunen");
	p->b1 = p_unit(p, p->org, "board", "Nämnd 1");
	p->b2 = p_unit(p, p->org, "board", "Nämnd 2");
	p->u1 = p_unit(p, p->b1, "unit", "Enhet 1");
	p->rev_b1 = p_user(p, "rev-b1", "auditor", p->b1);
	p->adm = p_user(p, "adm", "administrator", 0);
	p->reader = p_user(p, "reader", "reader", p->org);
	for (int i = 0; i < 160; i++) {
		const int64_t units[] = { p->org, p->b1, p->b2, p->u1, 0 };
		/* Several entries a day, over some weeks; once the clock is set back a day. */
		setenv("TILLIT_NOW",
		       arena_printf(p->a, "2024-02-%02dT%02d:00:00Z", i == 90 ? i / 6 : 1 + i / 6, 8 + i % 6), 1);
		p_append(p, actors[i % 3], entities[i % 4], 1 + i % 7, units[i % 5], actions[i % 5]);
	}
	unsetenv("TILLIT_NOW");
	p_read_all(p);
	*state = p;
	return 0;
}

static int teardown_paging(void **state)
{
	struct p *p = *state;
	unsetenv("TILLIT_NOW");
	arena_free(p->a);
	fixture_db_close(p->db);
	free(p);
	return 0;
}

/* May @viewer (0: anyone) see @en? Administrators and auditors: everywhere, or at and below their unit. */
static bool p_visible(struct p *p, int64_t viewer, const struct audit_entry *en)
{
	struct unit u;
	struct err e = { 0 };

	if (!viewer || viewer == p->adm)
		return true;
	if (viewer == p->reader || !en->unit_id)
		return false;
	assert_int_equal(unit_get(p->db, p->a, en->unit_id, &u, &e), 0);
	return en->unit_id == p->b1 || en->unit_id == p->u1;
}

static bool p_matches(struct p *p, const struct audit_filter *f, const struct audit_entry *en)
{
	if ((f->entity && strcmp(f->entity, en->entity)) || (f->entity_id && f->entity_id != en->entity_id) ||
	    (f->actor_id && f->actor_id != en->actor_id) || (f->action && strcmp(f->action, en->action)))
		return false;
	if (f->from && strncmp(en->at, f->from, 10) < 0)
		return false;
	if (f->to && strncmp(en->at, f->to, 10) > 0)
		return false;
	return p_visible(p, f->viewer_id, en);
}

/* Page through @f with @limit a page, older and older, then newer and newer; both ways must give exactly
 * the matching entries, each once, in order. */
static void p_check(struct p *p, struct audit_filter f, const char *what)
{
	int64_t want[400], got[400];
	size_t n_want = 0, n_got = 0, pages = 0;
	struct audit_page pg;
	struct err e = { 0 };

	for (size_t i = p->n_all; i-- > 0;)
		if (p_matches(p, &f, &p->all[i]))
			want[n_want++] = p->all[i].id;
	f.before = f.after = 0;
	do {
		assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
		if (pg.total != (int64_t)n_want || !pg.total_exact)
			fail_msg("%s: total %lld, expected %zu", what, (long long)pg.total, n_want);
		if (pages++ > 0 && !pg.newer)
			fail_msg("%s: page %zu says there is nothing newer", what, pages);
		for (size_t i = 0; i < pg.n; i++)
			got[n_got++] = pg.entries[i].id;
		f.before = pg.older;
	} while (pg.older && n_got < 400);
	if (n_got != n_want)
		fail_msg("%s: %zu entries over %zu pages, expected %zu", what, n_got, pages, n_want);
	for (size_t i = 0; i < n_got; i++)
		if (got[i] != want[i])
			fail_msg("%s: entry %zu is %lld, expected %lld", what, i, (long long)got[i],
				 (long long)want[i]);
	/* Back again from the oldest page, newer and newer. */
	n_got = 0;
	f.before = 0;
	f.after = pg.newer;
	if (pages == 1 && pg.newer)
		fail_msg("%s: the only page says there is something newer", what);
	for (size_t i = pg.n; i-- > 0;)
		got[n_got++] = pg.entries[i].id;
	while (f.after && n_got < 400) {
		assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
		if (!pg.older)
			fail_msg("%s: a newer page says there is nothing older", what);
		for (size_t i = pg.n; i-- > 0;)
			got[n_got++] = pg.entries[i].id;
		f.after = pg.newer;
	}
	if (n_got != n_want)
		fail_msg("%s: %zu entries going back, expected %zu", what, n_got, n_want);
	for (size_t i = 0; i < n_got; i++)
		if (got[i] != want[n_want - 1 - i])
			fail_msg("%s: going back, entry %zu is %lld", what, i, (long long)got[i]);
}

static void test_paging_every_entry_once(void **state)
{
	struct p *p = *state;
	const int64_t viewers[] = { 0, p->adm, p->rev_b1, p->reader };
	struct {
		const char *what, *entity, *action, *from, *to;
		int64_t entity_id, actor_id;
	} filters[] = {
		{ "everything", NULL, NULL, NULL, NULL, 0, 0 },
		{ "assets", "asset", NULL, NULL, NULL, 0, 0 },
		{ "asset 3", "asset", NULL, NULL, NULL, 3, 0 },
		{ "record 3 of any kind", NULL, NULL, NULL, NULL, 3, 0 },
		{ "by anna", NULL, NULL, NULL, NULL, 0, 10 },
		{ "moves", NULL, "move", NULL, NULL, 0, 0 },
		{ "unit updates", "unit", "update", NULL, NULL, 0, 0 },
		{ "bo's signatures of classifications", "classification", "sign", NULL, NULL, 0, 11 },
		{ "a week", NULL, NULL, "2024-02-08", "2024-02-14", 0, 0 },
		{ "from a day on", NULL, NULL, "2024-02-20", NULL, 0, 0 },
		{ "up to a day", NULL, NULL, NULL, "2024-02-05", 0, 0 },
		{ "assets in a week", "asset", NULL, "2024-02-08", "2024-02-14", 0, 0 },
		{ "anna's moves in a fortnight", NULL, "move", "2024-02-03", "2024-02-16", 0, 10 },
		{ "a day the clock went back to", NULL, NULL, "2024-02-15", "2024-02-15", 0, 0 },
		{ "nothing then", NULL, NULL, "2000-01-01", "2000-01-02", 0, 0 },
		{ "nothing of that kind", "action", NULL, NULL, NULL, 0, 0 },
	};

	/* Each filter, as each viewer, a few entries a page: every list query runs many times over (on
	 * PostgreSQL, past the fifth run that makes a prepared statement generic). */
	for (size_t v = 0; v < sizeof(viewers) / sizeof(viewers[0]); v++) {
		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
			struct audit_filter f = { 0 };
			f.entity = filters[i].entity;
			f.entity_id = filters[i].entity_id;
			f.actor_id = filters[i].actor_id;
			f.action = filters[i].action;
			f.from = filters[i].from;
			f.to = filters[i].to;
			f.viewer_id = viewers[v];
			f.limit = v % 2 ? 7 : 4;
			p_check(p, f, arena_printf(p->a, "%s, viewer %zu", filters[i].what, v));
		}
	}
	/* A trail with entries out of time order: a stretch of time is no longer a stretch of entries, and
	 * the times are tested entry by entry; the answers stay the same. */
	{
		struct err e = { 0 };
		assert_int_equal(db_run(p->db, p->a, &T_OUT_OF_ORDER, DB_ARGS(DB_INT(120)), NULL, &e), 0);
	}
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		struct audit_filter f = { 0 };
		f.entity = filters[i].entity;
		f.entity_id = filters[i].entity_id;
		f.actor_id = filters[i].actor_id;
		f.action = filters[i].action;
		f.from = filters[i].from;
		f.to = filters[i].to;
		f.viewer_id = p->rev_b1;
		f.limit = 5;
		p_check(p, f, arena_printf(p->a, "%s, out of order", filters[i].what));
	}
}

static void test_paging_while_writing(void **state)
{
	struct p *p = *state;
	struct audit_filter f = { 0 };
	struct audit_page pg;
	struct err e = { 0 };
	int64_t seen[200];
	size_t n = 0;

	f.limit = 10;
	f.entity = "asset";
	assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
	for (size_t i = 0; i < pg.n; i++)
		seen[n++] = pg.entries[i].id;
	/* New entries arrive while the reader turns the pages: the older pages do not shift. */
	for (int i = 0; i < 25; i++)
		p_append(p, (struct actor){ 10, "anna" }, "asset", 99, p->b2, "update");
	while (pg.older) {
		f.before = pg.older;
		assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
		for (size_t i = 0; i < pg.n; i++) {
			for (size_t j = 0; j < n; j++)
				if (seen[j] == pg.entries[i].id)
					fail_msg("entry %lld shown twice", (long long)seen[j]);
			seen[n++] = pg.entries[i].id;
		}
	}
	assert_int_equal(n, 40); /* every fourth of the 160 */
	/* The newest page now starts with what was written meanwhile. */
	f.before = 0;
	assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
	assert_int_equal(pg.entries[0].entity_id, 99);
	assert_int_equal(pg.total, 65);
}

static void test_time_never_goes_back(void **state)
{
	struct p *p = *state;

	/* The entry written after the clock was set back a day carries its predecessor's time. */
	for (size_t i = 1; i < p->n_all; i++)
		if (strcmp(p->all[i].at, p->all[i - 1].at) < 0)
			fail_msg("entry %lld at %s is before entry %lld at %s", (long long)p->all[i].id, p->all[i].at,
				 (long long)p->all[i - 1].id, p->all[i - 1].at);
}

static void test_count_stops_at_cap(void **state)
{
	struct p *p = *state;
	struct audit_filter f = { 0 };
	struct audit_page pg;
	struct err e = { 0 };

	assert_int_equal(db_batch_begin(p->db, &e), 0);
	for (int i = 0; i < AUDIT_COUNT_CAP; i++)
		assert_int_equal(
			audit_append(p->db, p->a, (struct actor){ 11, "bo" }, "user", 5, 0, "login", NULL, NULL, &e),
			0);
	assert_int_equal(db_batch_commit(p->db, &e), 0);
	f.limit = 50;
	assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
	assert_int_equal(pg.total, AUDIT_COUNT_CAP);
	assert_false(pg.total_exact); /* "more than 1000" */
	assert_int_equal(pg.n, 50);
	f.action = "move";
	assert_int_equal(audit_list(p->db, p->a, &f, &pg, &e), 0);
	assert_true(pg.total_exact);
	assert_int_equal(pg.total, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_actor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_with_sha256, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_with_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_needs_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_paging_every_entry_once, setup_paging, teardown_paging),
		cmocka_unit_test_setup_teardown(test_paging_while_writing, setup_paging, teardown_paging),
		cmocka_unit_test_setup_teardown(test_time_never_goes_back, setup_paging, teardown_paging),
		cmocka_unit_test_setup_teardown(test_count_stops_at_cap, setup_paging, teardown_paging),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
