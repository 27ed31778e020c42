/*
 * test_asset_import_batch.c - a large import saves what the same rows
 * saved one asset at a time would, on either engine (SQLite in memory, or
 * PostgreSQL with TEST_DB_URL).
 *
 * Two registers are set up alike. Into the first a file of a few thousand
 * rows is imported (checked first, then saved a thousand rows a statement,
 * the search index filled in transactions of its own); into the second the
 * same rows go one asset_create() each, in the order the import saves
 * them (by unit, then name). Both must then hold the same assets with the
 * same ids, the same audit entries (times aside), a chain
 * that `audit verify` accepts with every record matching its snapshot, and
 * answer every search alike. And what the checks found must still hold
 * when the rows are saved: a name taken meanwhile, or repeated among the
 * rows, is refused, and nothing is saved.
 *
 * A thousand rows or more are saved under the import journal, in short
 * transactions: a failure in a later one, a process that died between two
 * of them, or a request stopped for its time limit leaves nothing of the
 * import behind (but what others changed meanwhile), and another person's
 * write goes in between two of them rather than after the whole import.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/str.h"
#include "db/db.h"
#include "db/q_asset.h"
#include "domain/asset.h"
#include "domain/asset_io.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/figures.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

/* Rows of the large file: past a thousand (a statement's worth), past the search index's 5,000 a transaction. */
#define N_ROWS 5347

struct reg {
	struct db *db;
	struct arena *a;
	int64_t org, ks, it, soc;
	int64_t coord, anna, bo;
	struct auth coord_auth; /* coordinator on KS */
};

static int64_t mk_unit(struct reg *r, int64_t parent, const char *kind, const char *name, const char *code)
{
	struct unit_input in = { parent, kind, name, code, "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(r->db, r->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid);
	return id;
}

static int64_t mk_user(struct reg *r, const char *username, const char *display)
{
	struct user_input in = { username, display, "", "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	if (user_create(r->db, r->a, act, &in, "correct horse battery staple", &id, &e))
		fail_msg("user_create(%s): %s", username, e.msgid);
	return id;
}

/* A register with units, people and grants, the same every time; with @url, in a file a pool can open. */
static void reg_open_at(struct reg *r, char *url, size_t url_len)
{
	struct err e = { 0 };

	memset(r, 0, sizeof(*r));
	assert_int_equal(url ? fixture_db_open_file(&r->db, url, url_len) : fixture_db_open(&r->db), 0);
	r->a = arena_new();
	r->org = mk_unit(r, 0, "organisation", "Ekdala kommun", "EK");
	r->ks = mk_unit(r, r->org, "board", "Kommunstyrelsen", "KS");
	r->it = mk_unit(r, r->ks, "unit", "IT-enheten", "IT");
	r->soc = mk_unit(r, r->org, "board", "Socialnämnden", "SOC");
	r->coord = mk_user(r, "cecilia", "Cecilia Samordnare");
	r->anna = mk_user(r, "anna", "Anna Ägare");
	r->bo = mk_user(r, "bo", "Bo Förvaltare");
	assert_int_equal(grant_add(r->db, r->a, act, r->coord, r->ks, "coordinator", NULL, &e), 0);
	assert_int_equal(grant_add(r->db, r->a, act, r->anna, r->org, "owner", NULL, &e), 0);
	r->coord_auth.user_id = r->coord;
	r->coord_auth.username = "cecilia";
	assert_int_equal(auth_load_grants(r->db, r->a, &r->coord_auth, &e), 0);
}

static void reg_open(struct reg *r)
{
	reg_open_at(r, NULL, 0);
}

static void reg_close(struct reg *r)
{
	arena_free(r->a);
	fixture_db_close(r->db);
}

static int setup(void **state)
{
	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	i18n_release();
	return 0;
}

/* A file of @n rows into KS and IT: every column, every kind, texts that need quoting and escaping. */
static const char *big_file(struct arena *a, int n)
{
	static const char *const kinds[] = { "Informationsmängd", "Informationssystem", "Digital tjänst", "Manuell",
					     "Process",           "Leverantör" };
	static const char *const hostings[] = { "", "Egen drift", "Kommunens IT", "Hos leverantören", "Molntjänst" };
	static const char *const lifecycles[] = { "", "Planerad", "I drift", "Under avveckling", "Avvecklad" };
	struct buf b;

	buf_init(&b, a);
	buf_adds(&b, "\xef\xbb\xbfNamn;Typ;Enhet;Beskrivning;Ägare;Systemförvaltare;Leverantör;Drift;"
		     "Personuppgifter;Verksamhetskritisk;Cybersäkerhetslagen (NIS2);Samhällsviktig;Livscykel\r\n");
	for (int i = 0; i < n; i++) {
		buf_addf(&b, "\"Tillgång %d «ÅÄÖ» \"\"citat\"\"\";%s;%s;", i, kinds[i % 6], i % 3 ? "KS" : "IT");
		if (i % 4 == 0)
			buf_addf(&b, "\"Rad ett; med semikolon\r\nrad två — “%d” \\ snedstreck 😀\";", i);
		else
			buf_addf(&b, "Register nummer %d för ärenden;", i * 7);
		buf_addf(&b, "%s;%s;", i % 5 ? "anna" : "", i % 2 ? "bo" : "");
		buf_addf(&b, "%s;%s;", i % 7 ? "Leverantören AB" : "", hostings[i % 5]);
		buf_addf(&b, "%s;%s;%s;%s;%s\r\n", i % 2 ? "ja" : "nej", i % 3 ? "nej" : "ja", i % 11 ? "nej" : "ja",
			 i % 13 ? "nej" : "ja", lifecycles[i % 5]);
	}
	return b.data;
}

/* Every asset of @r, by id. */
static struct asset *all_assets(struct reg *r, size_t *n)
{
	struct asset_filter f;
	struct asset *items;
	int64_t total;
	struct err e = { 0 };

	asset_filter_init(&f);
	assert_int_equal(asset_export_list(r->db, r->a, &f, &items, n, &total, &e), 0);
	return items;
}

static int64_t audit_last(struct reg *r)
{
	struct audit_state st;
	struct err e = { 0 };
	assert_int_equal(audit_state(r->db, r->a, &st, &e), 0);
	return st.last_id;
}

/* An audit snapshot with its times taken out (they are when it was written, not what). */
static json_t *timeless(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : json_null();
	if (!j)
		fail_msg("not JSON: %s", text);
	if (json_is_object(j)) {
		json_object_del(j, "created_at");
		json_object_del(j, "updated_at");
	}
	return j;
}

static void same_text(const char *what, int64_t id, const char *x, const char *y)
{
	if ((x == NULL) != (y == NULL) || (x && strcmp(x, y)))
		fail_msg("%s of %lld: \"%s\" and \"%s\"", what, (long long)id, x ? x : "(null)", y ? y : "(null)");
}

/* The chain verifies, and every record matches its latest snapshot. */
static int64_t verified(struct reg *r)
{
	struct audit_record_finding *f;
	int64_t n_checked, bad, n_records;
	size_t n_found;
	struct err e = { 0 };

	if (audit_verify(r->db, r->a, &n_checked, &bad, &e))
		fail_msg("audit verify: %s %s (entry %lld)", e.msgid, e.arg, (long long)bad);
	assert_int_equal(audit_verify_records(r->db, r->a, &f, &n_found, &n_records, &e), 0);
	if (n_found)
		fail_msg("audit verify --records: %zu findings, the first on %s %lld (%s)", n_found, f[0].entity,
			 (long long)f[0].id, f[0].field ? f[0].field : "-");
	return n_checked;
}

static void search_alike(struct reg *x, struct reg *y, const char *q)
{
	struct asset_filter f;
	struct asset *px, *py;
	size_t nx, ny;
	int64_t tx, ty;
	struct err e = { 0 };

	asset_filter_init(&f);
	f.q = q;
	f.limit = 500;
	assert_int_equal(asset_list(x->db, x->a, &f, &px, &nx, &tx, &e), 0);
	assert_int_equal(asset_list(y->db, y->a, &f, &py, &ny, &ty, &e), 0);
	if (tx != ty || nx != ny)
		fail_msg("search \"%s\": %lld and %lld found", q, (long long)tx, (long long)ty);
	assert_true(tx > 0);
	for (size_t i = 0; i < nx; i++)
		assert_int_equal(px[i].id, py[i].id);
}

/* The order asset_bulk_save() saves rows in: by unit, then by folded name. */
static int by_unit_and_name(const void *x, const void *y)
{
	const struct asset_input *p = x, *q = y;
	struct arena *a;
	int c;

	if (p->unit_id != q->unit_id)
		return p->unit_id < q->unit_id ? -1 : 1;
	a = arena_new();
	c = strcmp(str_fold(a, p->name), str_fold(a, q->name));
	arena_free(a);
	return c;
}

static void test_import_saves_what_one_by_one_saves(void **state)
{
	struct reg batch, single;
	struct asset_import res, dry;
	struct asset *xa, *ya;
	size_t nx, ny, i0;
	int64_t head_x, head_y, n_x, n_y;
	const char *csv;
	bool more;
	struct err e = { 0 };

	(void)state;
	reg_open(&batch);
	reg_open(&single);
	head_x = audit_last(&batch);
	head_y = audit_last(&single);
	assert_int_equal(head_x, head_y);

	csv = big_file(batch.a, N_ROWS);
	if (asset_import(batch.db, batch.a, &batch.coord_auth, csv, strlen(csv), false, &res, &e))
		fail_msg("import: %s %s (line %zu)", e.msgid, e.arg, res.n_problems ? res.problems[0].line : 0);
	assert_true(res.imported);
	assert_int_equal(res.n_rows, N_ROWS);
	/* The same rows as the import reads them, one asset_create() each. */
	assert_int_equal(asset_import(single.db, single.a, &single.coord_auth, csv, strlen(csv), true, &dry, &e), 0);
	assert_int_equal(dry.n_problems, 0);
	qsort(dry.rows, dry.n_rows, sizeof(*dry.rows), by_unit_and_name);
	for (size_t i = 0; i < dry.n_rows; i++) {
		int64_t id;
		if (asset_create(single.db, single.a, &single.coord_auth, &dry.rows[i], &id, &e))
			fail_msg("asset_create of row %zu: %s", i, e.msgid);
	}

	/* The same assets, with the same ids. */
	xa = all_assets(&batch, &nx);
	ya = all_assets(&single, &ny);
	assert_int_equal(nx, N_ROWS);
	assert_int_equal(ny, N_ROWS);
	for (size_t i = 0; i < nx; i++) {
		const struct asset *p = &xa[i], *q = &ya[i];
		assert_int_equal(p->id, q->id);
		assert_int_equal(p->unit_id, q->unit_id);
		same_text("kind", p->id, p->kind, q->kind);
		same_text("name", p->id, p->name, q->name);
		same_text("description", p->id, p->description, q->description);
		same_text("supplier", p->id, p->supplier, q->supplier);
		same_text("hosting", p->id, p->hosting, q->hosting);
		same_text("lifecycle", p->id, p->lifecycle, q->lifecycle);
		assert_int_equal(p->owner_id, q->owner_id);
		assert_int_equal(p->administrator_id, q->administrator_id);
		assert_int_equal(p->personal_data, q->personal_data);
		assert_int_equal(p->business_critical, q->business_critical);
		assert_int_equal(p->nis2, q->nis2);
		assert_int_equal(p->vital, q->vital);
		assert_int_equal(p->version, q->version);
		assert_int_equal(p->retired_at == NULL, q->retired_at == NULL);
		assert_int_equal(p->classification_id, q->classification_id);
	}
	/* A row that needed quoting came through as written. */
	for (i0 = 0; i0 < nx && strncmp(xa[i0].name, "Tillgång 0 ", strlen("Tillgång 0 ")); i0++)
		;
	assert_true(i0 < nx);
	assert_string_equal(xa[i0].name, "Tillgång 0 «ÅÄÖ» \"citat\"");
	assert_string_equal(xa[i0].description, "Rad ett; med semikolon\r\nrad två — “0” \\ snedstreck 😀");

	/* The same audit entries, one per asset, times aside. */
	assert_int_equal(audit_last(&batch), head_x + N_ROWS);
	assert_int_equal(audit_last(&single), head_y + N_ROWS);
	for (int64_t id = head_x + 1; id <= head_x + N_ROWS; id++) {
		struct audit_entry p, q;
		json_t *jp, *jq;
		assert_int_equal(audit_get(batch.db, batch.a, id, &p, &e), 0);
		assert_int_equal(audit_get(single.db, single.a, id, &q, &e), 0);
		same_text("entity", id, p.entity, q.entity);
		same_text("action", id, p.action, q.action);
		same_text("actor", id, p.actor_name, q.actor_name);
		same_text("before", id, p.before, q.before);
		assert_int_equal(p.entity_id, q.entity_id);
		assert_int_equal(p.unit_id, q.unit_id);
		assert_int_equal(p.actor_id, q.actor_id);
		jp = timeless(p.after);
		jq = timeless(q.after);
		if (!json_equal(jp, jq))
			fail_msg("audit entry %lld: %s and %s", (long long)id, p.after, q.after);
		json_decref(jp);
		json_decref(jq);
	}
	n_x = verified(&batch);
	n_y = verified(&single);
	assert_int_equal(n_x, n_y);

	/* Nothing waits for the search index, and every search answers alike. */
	assert_int_equal(q_asset_index_pending(batch.db, batch.a, 1, &more, &e), 0);
	assert_false(more);
	search_alike(&batch, &single, "citat");
	search_alike(&batch, &single, "snedstreck");
	search_alike(&batch, &single, "tillgång 4711");
	search_alike(&batch, &single, "åäö");
	search_alike(&batch, &single, "nummer 700");
	reg_close(&batch);
	reg_close(&single);
}

static struct asset_input row(struct reg *r, const char *name)
{
	struct asset_input in = { 0 };
	in.unit_id = r->ks;
	in.kind = "system";
	in.name = name;
	in.owner_id = r->anna;
	return in;
}

static int64_t asset_count(struct reg *r)
{
	size_t n;
	all_assets(r, &n);
	return (int64_t)n;
}

/*
 * Rows checked while the register stood still are saved as they are; a
 * name taken between the checks and the save is found under the write
 * lock, and so is a name repeated among the rows; either way nothing of
 * the rows is saved.
 */
static void test_save_checks_what_changed(void **state)
{
	struct reg r;
	struct asset_bulk *b;
	struct asset_input rows[3], twice[2];
	struct err e = { 0 };
	int64_t id, head;
	size_t bad;

	(void)state;
	reg_open(&r);
	rows[0] = row(&r, "Ett");
	rows[1] = row(&r, "Två");
	rows[2] = row(&r, "Tre");

	/* Someone takes "två" after the checks: the save refuses row 1, and saves none. */
	b = asset_bulk_new(r.db, r.a, &r.coord_auth);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(asset_bulk_check(b, r.a, &rows[i], &e), 0);
	twice[0] = row(&r, "TVÅ");
	assert_int_equal(asset_create(r.db, r.a, act, &twice[0], &id, &e), 0);
	head = audit_last(&r);
	assert_int_equal(asset_bulk_save(b, rows, 3, &bad, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(bad, 1);
	assert_int_equal(asset_count(&r), 1);
	assert_int_equal(audit_last(&r), head);

	/* Nothing written meanwhile: saved as checked, each with its audit entry. */
	rows[1] = row(&r, "Fyra");
	b = asset_bulk_new(r.db, r.a, &r.coord_auth);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(asset_bulk_check(b, r.a, &rows[i], &e), 0);
	assert_int_equal(asset_bulk_save(b, rows, 3, &bad, &e), 0);
	assert_int_equal(asset_count(&r), 4);
	assert_int_equal(audit_last(&r), head + 3);

	/* One name twice among the rows: each passes the check alone, the save refuses the second. */
	twice[0] = row(&r, "Fem");
	twice[1] = row(&r, "fem");
	b = asset_bulk_new(r.db, r.a, &r.coord_auth);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(asset_bulk_check(b, r.a, &twice[i], &e), 0);
	assert_int_equal(asset_bulk_save(b, twice, 2, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 1);
	assert_int_equal(asset_create_many(r.db, r.a, &r.coord_auth, twice, 2, &bad, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(bad, 1);
	assert_int_equal(asset_count(&r), 4);
	assert_int_equal(audit_last(&r), head + 3);
	(void)verified(&r);
	reg_close(&r);
}

/* How many assets a search for @q finds, as @r's coordinator sees them, through @db. */
static int64_t found(struct reg *r, struct db *db, const char *q)
{
	struct asset_filter f;
	struct asset *items;
	size_t n;
	int64_t total;
	struct err e = { 0 };

	asset_filter_init(&f);
	f.q = q;
	assert_int_equal(asset_list(db, r->a, &f, &items, &n, &total, &e), 0);
	return total;
}

/*
 * A large save through a pooled connection returns once its rows are
 * saved: the pool's background thread indexes them for search afterwards
 * (on SQLite; on PostgreSQL there is nothing to index). A search right
 * after the save finds new assets by name, and counts them though the same
 * search was counted before the save, whether or not they are indexed
 * yet (the write lock is taken at once, which holds the indexer back
 * before it has reached the last names, saved last), and once the indexer
 * has been let through nothing waits and the search finds them all the
 * same.
 */
static void test_search_finds_rows_waiting_for_the_index(void **state)
{
	enum { N = 2500 }; /* more than the indexer takes a transaction (2,000): some wait even if it is quick */
	struct reg r;
	struct db_pool *pool;
	struct db *db;
	struct asset_input *rows;
	char url[512];
	bool waiting = true, locked;
	size_t bad;
	struct err e = { 0 };

	(void)state;
	reg_open_at(&r, url, sizeof(url));
	assert_int_equal(db_pool_new(url, 2, &pool, &e), 0);
	assert_int_equal(db_pool_get(pool, &db, &e), 0);
	rows = arena_calloc(r.a, N, sizeof(*rows));
	for (int i = 0; i < N; i++)
		rows[i] = row(&r, arena_printf(r.a, "Ärendesystem %04d", N - i));
	/* Counted before the save (a search's count is kept until the next write): none yet. */
	assert_int_equal(found(&r, db, "RENDESYSTEM 24"), 0);
	assert_int_equal(asset_create_many(db, r.a, &r.coord_auth, rows, N, &bad, &e), 0);
	locked = db_begin(r.db, &e) == 0;
	assert_int_equal(found(&r, db, "ärendesystem 2477"), 1);
	assert_int_equal(found(&r, db, "RENDESYSTEM 24"), 100);
	if (locked)
		assert_int_equal(db_end(r.db, ERR_CANCELLED, &e), ERR_CANCELLED);
	/* The indexer gets through (bounded: it waits 10 s at most for a lock, and nothing holds one now). */
	for (int i = 0; i < 3000 && waiting; i++) {
		assert_int_equal(q_asset_index_waiting(db, r.a, &waiting, &e), 0);
		if (waiting)
			usleep(10000);
	}
	assert_false(waiting);
	assert_int_equal(found(&r, db, "ärendesystem 2477"), 1);
	assert_int_equal(found(&r, db, "RENDESYSTEM 24"), 100);
	db_pool_put(pool, db);
	db_pool_free(pool);
	(void)verified(&r);
	reg_close(&r);
}

/* The systems of unit KS that the kept counts give today. */
static int64_t systems_counted(struct reg *r)
{
	struct figures_share sh;
	struct unit u;
	struct err e = { 0 };

	assert_int_equal(unit_get(r->db, r->a, r->ks, &u, &e), 0);
	assert_int_equal(figures_classified(r->db, r->a, &u, NULL, &sh, &e), 0);
	return sh.total;
}

/* @n rows named "Rad 0000".. in KS, checked with a new bulk save of @r's coordinator. */
static struct asset_bulk *checked_rows(struct reg *r, size_t n, struct asset_input **out)
{
	struct asset_bulk *b = asset_bulk_new(r->db, r->a, &r->coord_auth);
	struct asset_input *rows = arena_calloc(r->a, n, sizeof(*rows));
	struct err e = { 0 };

	for (size_t i = 0; i < n; i++) {
		rows[i] = row(r, arena_printf(r->a, "Rad %04zu", i));
		assert_int_equal(asset_bulk_check(b, r->a, &rows[i], &e), 0);
	}
	*out = rows;
	return b;
}

/*
 * A large save goes in short transactions under its journal, all or
 * nothing together: a name taken by someone else after the first of them
 * committed is found in a later one, and what the earlier ones saved is
 * removed again, each with an audit entry, the kept figures as before.
 */
static void test_journaled_save_undone_on_failure(void **state)
{
	enum { N = 1500, TX = 300 };
	struct reg r;
	struct asset_bulk *b;
	struct asset_input *rows, clash;
	int64_t before, head, id, systems;
	size_t bad;
	struct err e = { 0 };

	(void)state;
	reg_open(&r);
	b = checked_rows(&r, N, &rows);
	asset_bulk_test_limits(b, TX, 0);
	clash = row(&r, "RAD 1400");
	assert_int_equal(asset_create(r.db, r.a, act, &clash, &id, &e), 0);
	before = asset_count(&r);
	systems = systems_counted(&r);
	head = audit_last(&r);
	assert_int_equal(asset_bulk_save(b, rows, N, &bad, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_int_equal(bad, 1400);
	/* The four transactions before the clash were saved, and undone: 1,200 creations, 1,200 removals. */
	assert_int_equal(asset_count(&r), before);
	assert_int_equal(audit_last(&r), head + 2 * 4 * TX);
	assert_int_equal(systems_counted(&r), systems);
	(void)verified(&r);

	/* The same rows once the clash is out of them: all saved, in several transactions. */
	rows[1400] = row(&r, "Rad 1400 b");
	b = asset_bulk_new(r.db, r.a, &r.coord_auth);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(asset_bulk_check(b, r.a, &rows[i], &e), 0);
	asset_bulk_test_limits(b, TX, 0);
	assert_int_equal(asset_bulk_save(b, rows, N, &bad, &e), 0);
	assert_int_equal(asset_count(&r), before + N);
	assert_int_equal(systems_counted(&r), systems + N);
	(void)verified(&r);
	reg_close(&r);
}

/*
 * An import whose process died between two of its transactions is undone
 * by the next start: its rows go, except one someone changed meanwhile,
 * which stays and is then indexed for search; an asset created meanwhile
 * got an id after those reserved for the import; and the undo leaves an
 * import still heard of alone unless told to undo all.
 */
static void test_import_cut_short_is_undone(void **state)
{
	enum { N = 1200, TX = 250 };
	struct reg r;
	struct asset_bulk *b;
	struct asset_input *rows, other;
	struct asset first, kept;
	struct asset_import_run *runs;
	int64_t before, head, systems, other_id, first_id;
	size_t bad, n_runs;
	bool waiting;
	struct err e = { 0 };

	(void)state;
	reg_open(&r);
	before = asset_count(&r);
	systems = systems_counted(&r);
	b = checked_rows(&r, N, &rows);
	asset_bulk_test_limits(b, TX, 2);
	assert_int_equal(asset_bulk_save(b, rows, N, &bad, &e), ERR_DB);
	assert_int_equal(asset_count(&r), before + 2 * TX);
	assert_int_equal(q_asset_import_stale(r.db, r.a, NULL, &runs, &n_runs, &e), 0);
	assert_int_equal(n_runs, 1);
	first_id = runs[0].first_id;
	assert_int_equal(runs[0].next_id, first_id + 2 * TX);
	/* The search index leaves the rows of an import that runs alone. */
	assert_int_equal(q_asset_index_waiting(r.db, r.a, &waiting, &e), 0);
	assert_false(waiting);

	/* Meanwhile: a new asset gets an id after the import's; one of the import's rows is changed. */
	other = row(&r, "Skapad under importen");
	assert_int_equal(asset_create(r.db, r.a, act, &other, &other_id, &e), 0);
	assert_true(other_id >= first_id + N);
	assert_int_equal(asset_get(r.db, r.a, first_id, &first, &e), 0);
	{
		struct asset_input in = asset_input_of(&first);
		in.description = "Ändrad medan importen pågick";
		assert_int_equal(asset_update(r.db, r.a, act, &first, first.version, &in, NULL, &e), 0);
	}

	/* Still heard of: left alone unless all are undone (a server starting on SQLite). */
	assert_int_equal(asset_import_recover(r.db, r.a, false, &e), 0);
	assert_int_equal(asset_count(&r), before + 2 * TX + 1);
	head = audit_last(&r);
	if (asset_import_recover(r.db, r.a, true, &e))
		fail_msg("recover: %s %s", e.msgid, e.detail);
	assert_int_equal(asset_count(&r), before + 2);
	assert_int_equal(audit_last(&r), head + 2 * TX - 1);
	assert_int_equal(asset_get(r.db, r.a, first_id, &kept, &e), 0);
	assert_string_equal(kept.description, "Ändrad medan importen pågick");
	assert_int_equal(asset_get(r.db, r.a, first_id + 1, &kept, &e), ERR_NOTFOUND);
	assert_int_equal(systems_counted(&r), systems + 2);
	assert_int_equal(q_asset_import_stale(r.db, r.a, NULL, &runs, &n_runs, &e), 0);
	assert_int_equal(n_runs, 0);
	(void)verified(&r);

	/* The kept row and the one made meanwhile are indexed for search now that nothing runs. */
	assert_int_equal(q_asset_index_pending(r.db, r.a, 100, &waiting, &e), 0);
	assert_int_equal(q_asset_index_waiting(r.db, r.a, &waiting, &e), 0);
	assert_false(waiting);
	assert_int_equal(found(&r, r.db, "ändrad medan"), 1);
	assert_int_equal(found(&r, r.db, "rad 0000"), 1);
	assert_int_equal(found(&r, r.db, "rad 0001"), 0);
	assert_int_equal(found(&r, r.db, "skapad under"), 1);
	reg_close(&r);
}

/* A large import of @r's coordinator in a thread of its own: @n checked rows, and what it returned. */
struct import_thread {
	struct asset_bulk *b;
	struct asset_input *rows;
	size_t n;
	int rc;
	pthread_t th;
};

static void *import_main(void *arg)
{
	struct import_thread *t = arg;
	struct err e = { 0 };
	size_t bad;

	t->rc = asset_bulk_save(t->b, t->rows, t->n, &bad, &e);
	return NULL;
}

/* Check @n rows in @r (with @r's arena, which the thread then uses alone) and start saving them. */
static void import_start(struct reg *r, struct import_thread *t, size_t n)
{
	t->b = checked_rows(r, n, &t->rows);
	t->n = n;
	t->rc = -1;
	assert_int_equal(pthread_create(&t->th, NULL, import_main, t), 0);
}

/*
 * Wait (10 s at most) until @db shows the import running, with rows saved
 * when @saved; true when it does. Fails the test, after the import has
 * returned, when it never did.
 */
static void import_seen(struct db *db, struct import_thread *t, bool saved)
{
	struct arena *a = arena_new(); /* not @r's, which the import uses meanwhile */
	struct asset_import_run *runs = NULL;
	size_t n = 0;
	bool seen = false;
	struct err e = { 0 };

	for (int i = 0; i < 10000 && !seen; i++) {
		assert_int_equal(q_asset_import_stale(db, a, NULL, &runs, &n, &e), 0);
		seen = n && (!saved || runs[0].next_id > runs[0].first_id);
		if (!seen)
			usleep(1000);
	}
	arena_free(a);
	if (!seen) {
		pthread_join(t->th, NULL);
		fail_msg("the import was not seen running%s; it returned %d", saved ? " with rows saved" : "", t->rc);
	}
}

/*
 * Another write made while a large import runs goes in between two of the
 * import's transactions, not after the whole import: its audit entry comes
 * before the import's last ones.
 */
static void test_other_writes_go_between(void **state)
{
	enum { N = 12000 };
	struct reg r;
	struct import_thread t;
	struct asset_input other = { 0 };
	struct audit_entry last, mine;
	struct arena *a;
	struct db *db2;
	char url[512];
	int64_t head, other_id = 0, other_entry = 0;
	struct err e = { 0 };

	(void)state;
	reg_open_at(&r, url, sizeof(url));
	head = audit_last(&r);
	assert_int_equal(db_open(url, &db2, &e), 0);
	import_start(&r, &t, N);
	import_seen(db2, &t, false);
	/* Another person's write, in an arena of its own. */
	a = arena_new();
	other = (struct asset_input){ .unit_id = r.ks, .kind = "system", .name = "Under importen", .owner_id = r.anna };
	assert_int_equal(asset_create(db2, a, act, &other, &other_id, &e), 0);
	arena_free(a);
	pthread_join(t.th, NULL);
	assert_int_equal(t.rc, 0);
	assert_int_equal(audit_last(&r), head + N + 1);
	/* Find the other write's entry: not the last, with the import's rows after it. */
	for (int64_t id = head + 1; id <= head + N + 1 && !other_entry; id++) {
		assert_int_equal(audit_get(r.db, r.a, id, &mine, &e), 0);
		if (mine.entity_id == other_id)
			other_entry = id;
	}
	assert_true(other_entry > 0);
	assert_int_equal(audit_get(r.db, r.a, head + N + 1, &last, &e), 0);
	assert_true(other_entry < head + N + 1);
	assert_true(last.entity_id != other_id);
	assert_int_equal(asset_count(&r), N + 1);
	db_close(db2);
	(void)verified(&r);
	reg_close(&r);
}

/*
 * An import stopped half-way because its request ran out of time (the
 * server interrupts its connection) is undone before it answers: nothing
 * of it is left, and the journal says so.
 */
static void test_interrupted_import_is_undone(void **state)
{
	enum { N = 12000 };
	struct reg r, seen;
	struct import_thread t;
	struct asset_import_run *runs = NULL;
	struct db *db2;
	char url[512];
	int64_t before, head;
	size_t n_runs = 0;
	struct err e = { 0 };

	(void)state;
	reg_open_at(&r, url, sizeof(url));
	before = asset_count(&r);
	head = audit_last(&r);
	assert_int_equal(db_open(url, &db2, &e), 0);
	seen = r;
	seen.db = db2;
	import_start(&r, &t, N);
	/* Once rows are saved, the request's time is up. */
	import_seen(db2, &t, true);
	db_interrupt(r.db);
	pthread_join(t.th, NULL);
	assert_int_equal(t.rc, ERR_CANCELLED);
	assert_int_equal(asset_count(&seen), before);
	assert_int_equal(q_asset_import_stale(db2, r.a, NULL, &runs, &n_runs, &e), 0);
	assert_int_equal(n_runs, 0);
	if (audit_last(&seen) <= head)
		fail_msg("audit head %lld, before %lld", (long long)audit_last(&seen), (long long)head);
	(void)verified(&seen);
	db_close(db2);
	reg_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_saves_what_one_by_one_saves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_checks_what_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_finds_rows_waiting_for_the_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journaled_save_undone_on_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_cut_short_is_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_writes_go_between, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_import_is_undone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
