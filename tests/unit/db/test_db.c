/*
 * test_db.c - the database layer on whichever engine TEST_DB_URL selects
 * (SQLite when unset, PostgreSQL when it holds a postgresql:// URL).
 *
 * Covers: migrating twice, round trips with NULLs and UTF-8, a placeholder
 * used twice and extra arguments, the error mapping of UNIQUE, CHECK, NOT
 * NULL and FOREIGN KEY violations, the asset table's CHECKs, rollback, batches, statement cache reuse, the pool
 * under four threads and (SQLite only) the online backup. The test-only SQL
 * lives here as DB_QUERY constants, against the tables of 0001_core.sql.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/q_scope.h"
#include "fixtures.h"

#define NOW "2026-01-01T00:00:00Z"

static DB_QUERY(Q_T_UNIT_INSERT, "INSERT INTO units (parent_id, path, kind, name, code, created_at, updated_at)"
				 " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
static DB_QUERY(Q_T_UNIT_GET,
		"SELECT id, parent_id, path, kind, name, code, created_at, updated_at FROM units WHERE id = $1");
static DB_QUERY(Q_T_UNIT_COUNT, "SELECT count(*) FROM units");
static DB_QUERY(Q_T_UNIT_COUNT_KIND, "SELECT count(*) FROM units WHERE kind = $1");
static DB_QUERY(Q_T_UNITS_NAMED, "SELECT name, CAST(NULL AS TEXT) AS missing, code FROM units WHERE kind = $1"
				 " ORDER BY name");
/* Test-only: the data version moves on, as an audit entry would move it. */
static DB_QUERY(Q_T_VERSION_BUMP, "UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1");
static DB_QUERY(Q_T_UNIT_SET_CODE, "UPDATE units SET code = $1 WHERE kind = $2");
static DB_QUERY(Q_T_USER_INSERT, "INSERT INTO users (username, display_name, password_hash, created_at, updated_at,"
				 " password_changed_at) VALUES ($1, $2, 'x', $3, $3, $3) RETURNING id");
/* PostgreSQL: a statement that may keep one plan, and how the session's statements were planned. */
static DB_QUERY_PLAN_ONCE(Q_T_UNIT_KIND_ONCE, "SELECT count(*) FROM units WHERE kind = $1 AND id > $2");
static DB_QUERY(Q_T_PLANS_OF, "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
			      " FROM pg_prepared_statements WHERE position(CAST($1 AS TEXT) IN statement) = 1");
static DB_QUERY(Q_T_USER_ACTIVE, "SELECT active FROM users WHERE id = $1");
static DB_QUERY(Q_T_ROLE_INSERT,
		"INSERT INTO role_assignments (user_id, unit_id, role, created_at) VALUES ($1, $2, $3, $4)");
static DB_QUERY(Q_T_FAIL_INSERT,
		"INSERT INTO auth_throttle (kind, key, attempts, last_at, until_at) VALUES ('pair', $1, 1, $2, $2)");
static DB_QUERY(Q_T_FAIL_COUNT_KEY, "SELECT count(*), max(key) FROM auth_throttle WHERE key = $1");
static DB_QUERY(Q_T_FAIL_COUNT, "SELECT count(*) FROM auth_throttle");
static DB_QUERY(Q_T_ASSET_INSERT, "INSERT INTO assets (unit_id, kind, name, hosting, lifecycle, created_at, updated_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $6)");
static DB_QUERY(Q_T_ASSET_COUNT, "SELECT count(*) FROM assets");
/* SQLite only: the asset table's CHECKs of a value in a list, as its text has them. */
static DB_QUERY(Q_T_ASSET_LISTS,
		"SELECT count(*) FROM sqlite_master WHERE name = 'assets'"
		" AND (sql LIKE '%kind IN (%' OR sql LIKE '%hosting IN (%' OR sql LIKE '%lifecycle IN (%')");
/* PostgreSQL only: end a session from another one. */
static DB_QUERY(Q_T_PG_PID, "SELECT pg_backend_pid()");
static DB_QUERY(Q_T_PG_TERMINATE, "SELECT pg_terminate_backend(CAST($1 AS INTEGER))");

/* The embedded migrations that apply to @db's engine. */
static int n_embedded(struct db *db)
{
	int n = 0;

	for (size_t i = 0; embedded_migrations[i].name; i++)
		n += db_migration_applies(db, embedded_migrations[i].name);
	return n;
}

static int is_pg(struct db *db)
{
	return db_engine_of(db) == DB_PG;
}

static int setup(void **state)
{
	struct db *db;

	if (fixture_db_open(&db))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	fixture_db_close(*state);
	return 0;
}

static int64_t insert_unit(struct db *db, struct arena *a, const char *kind, const char *name, struct err *e, int *rc)
{
	struct db_rows r;

	*rc = db_run(db, a, &Q_T_UNIT_INSERT,
		     DB_ARGS(DB_NULL, DB_TEXT("/"), DB_TEXT(kind), DB_TEXT(name), DB_TEXT(""), DB_TEXT(NOW)), &r, e);
	if (*rc)
		return 0;
	assert_int_equal(r.n_rows, 1);
	return rows_int(&r, 0, 0);
}

static int64_t count(struct db *db, struct arena *a, const struct db_query *q)
{
	struct err e = { 0 };
	struct db_rows r;

	assert_int_equal(db_run(db, a, q, NULL, 0, &r, &e), 0);
	assert_int_equal(r.n_rows, 1);
	return rows_int(&r, 0, 0);
}

/* db-1.1: migrating again changes nothing; the version stays the number of migrations that apply to the engine. */
static void test_migrate_twice(void **state)
{
	struct db *db = *state;
	struct err e = { 0 };

	assert_int_equal(db_schema_version(db, &e), n_embedded(db));
	assert_int_equal(db_migrate(db, &e), 0);
	assert_int_equal(db_migrate(db, &e), 0);
	assert_int_equal(db_schema_version(db, &e), n_embedded(db));
}

/* db-1.2: a database that was never migrated is at version 0. */
static void test_version_unmigrated(void **state)
{
	struct db *db;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(db_open("sqlite::memory:", &db, &e), 0);
	assert_int_equal(db_engine_of(db), DB_SQLITE);
	assert_int_equal(db_schema_version(db, &e), 0);
	db_close(db);
}

/* db-2.1: NULLs, UTF-8 text, $6 used twice, column names, changes. */
static void test_round_trip(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db_rows r;
	int64_t id;
	int rc;

	id = insert_unit(db, a, "organisation", "Åre kommun – förvaltning för äldreomsorg", &e, &rc);
	assert_int_equal(rc, 0);
	assert_true(id > 0);

	assert_int_equal(db_run(db, a, &Q_T_UNIT_GET, DB_ARGS(DB_INT(id)), &r, &e), 0);
	assert_int_equal(r.n_rows, 1);
	assert_int_equal(r.n_cols, 8);
	assert_string_equal(r.names[0], "id");
	assert_string_equal(r.names[4], "name");
	assert_int_equal(rows_int(&r, 0, 0), id);
	assert_null(rows_text(&r, 0, 1)); /* parent_id NULL */
	assert_int_equal(rows_int(&r, 0, 1), 0);
	assert_string_equal(rows_text(&r, 0, 2), "/");
	assert_string_equal(rows_text(&r, 0, 3), "organisation");
	assert_string_equal(rows_text(&r, 0, 4), "Åre kommun – förvaltning för äldreomsorg");
	assert_string_equal(rows_text(&r, 0, 5), ""); /* empty is not NULL */
	assert_string_equal(rows_text(&r, 0, 6), NOW);
	assert_string_equal(rows_text(&r, 0, 7), NOW); /* $6 bound twice */
	assert_int_equal(r.changes, 0);

	/* No row: an empty result, not an error. */
	assert_int_equal(db_run(db, a, &Q_T_UNIT_GET, DB_ARGS(DB_INT(id + 1000)), &r, &e), 0);
	assert_int_equal(r.n_rows, 0);
	assert_int_equal(r.n_cols, 8);

	/* A second row whose parent is the first one, and an UPDATE's change count. */
	assert_int_equal(
		db_run(db, a, &Q_T_UNIT_INSERT,
		       DB_ARGS(DB_ID(id), DB_TEXT("/1/"), DB_TEXT("unit"), DB_TEXT("ö"), DB_TEXT("X"), DB_TEXT(NOW)),
		       NULL, &e),
		0);
	assert_int_equal(db_run(db, a, &Q_T_UNIT_SET_CODE, DB_ARGS(DB_TEXT("ä"), DB_TEXT("unit")), &r, &e), 0);
	assert_int_equal(r.changes, 1);
	assert_int_equal(r.n_rows, 0);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 2);

	/* An argument the statement does not use is ignored (here a trailing one). */
	assert_int_equal(db_run(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("unit"), DB_INT(7), DB_NULL), &r, &e), 0);
	assert_int_equal(rows_int(&r, 0, 0), 1);
	arena_free(a);
}

/* db-2.2: booleans are 0/1 and rows_bool reads every engine's spelling. */
static void test_bool(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db_rows r;
	const char *cells[] = { "1", "t", "true", "0", "f", "false", NULL };
	struct db_rows fake = { 1, 7, cells, NULL, 0 };
	int64_t uid;

	assert_int_equal(
		db_run(db, a, &Q_T_USER_INSERT, DB_ARGS(DB_TEXT("anna"), DB_TEXT("Anna Åberg"), DB_TEXT(NOW)), &r, &e),
		0);
	uid = rows_int(&r, 0, 0);
	assert_int_equal(db_run(db, a, &Q_T_USER_ACTIVE, DB_ARGS(DB_INT(uid)), &r, &e), 0);
	assert_true(rows_bool(&r, 0, 0));
	assert_true(rows_bool(&fake, 0, 0));
	assert_true(rows_bool(&fake, 0, 1));
	assert_true(rows_bool(&fake, 0, 2));
	assert_false(rows_bool(&fake, 0, 3));
	assert_false(rows_bool(&fake, 0, 4));
	assert_false(rows_bool(&fake, 0, 5));
	assert_false(rows_bool(&fake, 0, 6));
	arena_free(a);
}

/* db-3.1: a UNIQUE violation is ERR_EXISTS. */
static void test_unique(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };

	assert_int_equal(db_run(db, a, &Q_T_USER_INSERT, DB_ARGS(DB_TEXT("bo"), DB_TEXT("Bo"), DB_TEXT(NOW)), NULL, &e),
			 0);
	assert_int_equal(
		db_run(db, a, &Q_T_USER_INSERT, DB_ARGS(DB_TEXT("bo"), DB_TEXT("Bo 2"), DB_TEXT(NOW)), NULL, &e),
		ERR_EXISTS);
	assert_int_equal(e.code, ERR_EXISTS);
	assert_non_null(e.msgid);
	assert_true(e.detail[0] != '\0');
	arena_free(a);
}

/* db-3.2: CHECK and NOT NULL violations are ERR_INVALID with the engine's message. */
static void test_check(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	int rc;

	insert_unit(db, a, "kingdom", "Nope", &e, &rc);
	assert_int_equal(rc, ERR_INVALID);
	assert_non_null(e.msgid);
	assert_true(e.detail[0] != '\0');

	insert_unit(db, a, "unit", NULL, &e, &rc); /* name NOT NULL */
	assert_int_equal(rc, ERR_INVALID);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 0);
	arena_free(a);
}

/* db-3.3: a reference to a missing row is refused (ERR_INVALID). */
static void test_foreign_key(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };

	assert_int_equal(db_run(db, a, &Q_T_ROLE_INSERT,
				DB_ARGS(DB_INT(9999), DB_NULL, DB_TEXT("reader"), DB_TEXT(NOW)), NULL, &e),
			 ERR_INVALID);
	assert_true(e.detail[0] != '\0');
	arena_free(a);
}

static int insert_asset(struct db *db, struct arena *a, int64_t unit, const char *kind, const char *hosting,
			const char *lifecycle, struct err *e)
{
	return db_run(db, a, &Q_T_ASSET_INSERT,
		      DB_ARGS(DB_INT(unit), DB_TEXT(kind), DB_TEXT("Växel"), DB_TEXT(hosting), DB_TEXT(lifecycle),
			      DB_TEXT(NOW)),
		      NULL, e);
}

/*
 * db-3.4: the asset table refuses a kind, hosting or life-cycle stage
 * outside its lists, on both engines; on SQLite also after migration 0170
 * has rewritten those CHECKs (as comparisons, which SQLite evaluates
 * without a temporary b-tree per row) in a database that already held
 * assets, and its text no longer has the lists.
 */
static void test_asset_checks(void **state)
{
	struct db *fixture = *state, *db = fixture;
	struct arena *a = arena_new();
	struct err e = { 0 };
	int64_t unit;
	int rc;

	if (!is_pg(fixture)) {
		assert_int_equal(db_open("sqlite::memory:", &db, &e), 0);
		assert_int_equal(db_migrate_before(db, "0170_asset_checks.sqlite.sql", &e), 0);
		assert_int_equal(count(db, a, &Q_T_ASSET_LISTS), 1);
	}
	unit = insert_unit(db, a, "organisation", "Kommunen", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(insert_asset(db, a, unit, "system", "cloud", "in_use", &e), 0);
	if (!is_pg(fixture)) {
		assert_int_equal(db_migrate(db, &e), 0);
		assert_int_equal(count(db, a, &Q_T_ASSET_LISTS), 0);
	}
	assert_int_equal(insert_asset(db, a, unit, "supplier", "", "retired", &e), 0);
	assert_int_equal(insert_asset(db, a, unit, "systems", "cloud", "in_use", &e), ERR_INVALID);
	assert_int_equal(insert_asset(db, a, unit, "system", "clouds", "in_use", &e), ERR_INVALID);
	assert_int_equal(insert_asset(db, a, unit, "system", "cloud", "used", &e), ERR_INVALID);
	assert_int_equal(insert_asset(db, a, unit, "", "cloud", "in_use", &e), ERR_INVALID);
	assert_int_equal(count(db, a, &Q_T_ASSET_COUNT), 2);
	if (db != fixture)
		db_close(db);
	arena_free(a);
}

/* db-4.1: a rolled back transaction leaves nothing; a committed one stays. */
static void test_rollback(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	int rc;

	assert_int_equal(db_begin(db, &e), 0);
	insert_unit(db, a, "organisation", "Tillfällig", &e, &rc);
	assert_int_equal(rc, 0);
	insert_unit(db, a, "board", "Nämnd", &e, &rc);
	assert_int_equal(rc, 0);
	db_rollback(db);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 0);
	db_rollback(db); /* harmless without a transaction */

	assert_int_equal(db_begin(db, &e), 0);
	insert_unit(db, a, "organisation", "Kvar", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 1);

	/* A failed statement inside a transaction, then rollback: the connection is usable. */
	assert_int_equal(db_begin(db, &e), 0);
	insert_unit(db, a, "kingdom", "x", &e, &rc);
	assert_int_equal(rc, ERR_INVALID);
	db_rollback(db);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 1);
	arena_free(a);
}

/* db-5.1: the same cached statement run 1000 times with different arguments. */
/* A batch: inner transactions write into one; an inner rollback fails all of it. */
static void test_batch(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	int rc;

	assert_int_equal(db_batch_begin(db, &e), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(db_begin(db, &e), 0);
		insert_unit(db, a, "organisation", i == 0 ? "Ett" : i == 1 ? "Två" : "Tre", &e, &rc);
		assert_int_equal(rc, 0);
		assert_int_equal(db_commit(db, &e), 0);
	}
	assert_int_equal(db_batch_commit(db, &e), 0);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 3);

	assert_int_equal(db_batch_begin(db, &e), 0);
	assert_int_equal(db_begin(db, &e), 0);
	insert_unit(db, a, "organisation", "Fyra", &e, &rc);
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(db_begin(db, &e), 0);
	insert_unit(db, a, "organisation", "Fem", &e, &rc);
	db_rollback(db);
	assert_int_equal(db_batch_commit(db, &e), ERR_DB);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 3);

	/* After a batch, transactions are real again. */
	assert_int_equal(db_begin(db, &e), 0);
	insert_unit(db, a, "organisation", "Sex", &e, &rc);
	db_rollback(db);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 3);
	arena_free(a);
}

static void test_cache_reuse(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db_rows r;
	char key[32];
	int i;

	assert_int_equal(db_begin(db, &e), 0);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "user-%d", i);
		assert_int_equal(db_run(db, a, &Q_T_FAIL_INSERT, DB_ARGS(DB_TEXT(key), DB_TEXT(NOW)), NULL, &e), 0);
		assert_int_equal(db_run(db, a, &Q_T_FAIL_COUNT_KEY, DB_ARGS(DB_TEXT(key)), &r, &e), 0);
		assert_int_equal(rows_int(&r, 0, 0), 1);
		assert_string_equal(rows_text(&r, 0, 1), key);
	}
	assert_int_equal(db_commit(db, &e), 0);
	assert_int_equal(count(db, a, &Q_T_FAIL_COUNT), 1000);
	arena_free(a);
}

#define POOL_THREADS 4
#define POOL_ROUNDS  50

struct pool_job {
	struct db_pool *pool;
	int id;
	int failures;
};

static void *pool_worker(void *arg)
{
	struct pool_job *job = arg;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db *db;
	char key[32];
	int i;

	for (i = 0; i < POOL_ROUNDS; i++) {
		if (db_pool_get(job->pool, &db, &e)) {
			job->failures++;
			continue;
		}
		snprintf(key, sizeof(key), "t%d-%d", job->id, i);
		if (db_begin(db, &e) ||
		    db_run(db, a, &Q_T_FAIL_INSERT, DB_ARGS(DB_TEXT(key), DB_TEXT(NOW)), NULL, &e) ||
		    db_commit(db, &e)) {
			fprintf(stderr, "pool worker %d: %s\n", job->id, e.detail);
			job->failures++;
		}
		db_pool_put(job->pool, db);
	}
	arena_free(a);
	return NULL;
}

/* db-6.1: four threads share a pool of two connections; every insert lands. */
static void test_pool(void **state)
{
	struct db *db;
	struct db_pool *pool;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct pool_job jobs[POOL_THREADS];
	pthread_t th[POOL_THREADS];
	char url[512];
	int i;

	(void)state;
	assert_int_equal(fixture_db_open_file(&db, url, sizeof(url)), 0);
	assert_string_equal(fixture_db_url(), url);
	assert_int_equal(db_pool_new(url, 2, &pool, &e), 0);
	for (i = 0; i < POOL_THREADS; i++) {
		jobs[i] = (struct pool_job){ pool, i, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, pool_worker, &jobs[i]), 0);
	}
	for (i = 0; i < POOL_THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	db_pool_free(pool);
	assert_int_equal(count(db, a, &Q_T_FAIL_COUNT), POOL_THREADS * POOL_ROUNDS);
	fixture_db_close(db);
	arena_free(a);
}

/*
 * db-6.2: what is kept under a key is read back only at the version it was
 * kept at; a newer version replaces it and an older one does not; nothing
 * is read or kept inside a transaction; the store stays within its bound,
 * giving up the least recently used; a pool's connections share one.
 */
static void test_memo(void **state)
{
	struct db *db = *state, *file, *c1, *c2;
	struct db_pool *pool;
	struct arena *a = arena_new();
	struct err e = { 0 };
	char big[DB_MEMO_BYTES / 8], url[512];
	void *data;
	size_t len;
	int64_t v = 42;

	assert_false(db_memo_get(db, a, "k", 1, &data, &len));
	db_memo_put(db, "k", 1, "one", 4);
	assert_true(db_memo_get(db, a, "k", 1, &data, &len));
	assert_int_equal(len, 4);
	assert_string_equal(data, "one");
	assert_false(db_memo_get(db, a, "k", 2, &data, &len));
	db_memo_put(db, "k", 2, "two", 4);
	db_memo_put(db, "k", 1, "old", 4);
	assert_false(db_memo_get(db, a, "k", 1, &data, &len));
	assert_true(db_memo_get(db, a, "k", 2, &data, &len));
	assert_string_equal(data, "two");

	/* No version known (no audit head): nothing kept. */
	db_memo_put(db, "none", -1, "x", 2);
	assert_false(db_memo_get(db, a, "none", -1, &data, &len));

	/* Inside a transaction: neither read nor kept. */
	assert_int_equal(db_begin(db, &e), 0);
	assert_true(db_in_transaction(db));
	assert_false(db_memo_get(db, a, "k", 2, &data, &len));
	db_memo_put(db, "t", 1, "tx", 3);
	db_rollback(db);
	assert_false(db_in_transaction(db));
	assert_false(db_memo_get(db, a, "t", 1, &data, &len));
	assert_true(db_memo_get(db, a, "k", 2, &data, &len));

	/* Bounded in bytes: of sixteen large results the oldest are given up, the one just read is kept. */
	memset(big, 'x', sizeof(big));
	for (int i = 0; i < 16; i++) {
		char key[16];
		snprintf(key, sizeof(key), "big%d", i);
		db_memo_put(db, key, 1, big, sizeof(big));
		assert_true(db_memo_get(db, a, "k", 2, &data, &len));
	}
	assert_false(db_memo_get(db, a, "big0", 1, &data, &len));
	assert_true(db_memo_get(db, a, "big15", 1, &data, &len));
	assert_int_equal(len, sizeof(big));
	assert_true(db_memo_get(db, a, "k", 2, &data, &len));
	/* A result larger than a quarter of the store is not kept at all. */
	{
		char *huge = calloc(DB_MEMO_BYTES / 4 + 1, 1);
		assert_non_null(huge);
		db_memo_put(db, "huge", 1, huge, DB_MEMO_BYTES / 4 + 1);
		free(huge);
	}
	assert_false(db_memo_get(db, a, "huge", 1, &data, &len));

	/* A pool's connections share what is kept. */
	assert_int_equal(fixture_db_open_file(&file, url, sizeof(url)), 0);
	assert_int_equal(db_pool_new(url, 2, &pool, &e), 0);
	assert_int_equal(db_pool_get(pool, &c1, &e), 0);
	assert_int_equal(db_pool_get(pool, &c2, &e), 0);
	assert_ptr_not_equal(c1, c2);
	db_memo_put(c1, "shared", v, &v, sizeof(v));
	assert_true(db_memo_get(c2, a, "shared", v, &data, &len));
	assert_memory_equal(data, &v, sizeof(v));
	db_pool_put(pool, c1);
	db_pool_put(pool, c2);
	db_pool_free(pool);
	fixture_db_close(file);
	arena_free(a);
}

/*
 * db-6.3: a kept count is read once per data version and per set of
 * arguments: a row added without an audit entry is not seen until the
 * version moves, and other arguments are counted anew.
 */
static void test_count_kept(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	int64_t n = -1;
	int rc;

	insert_unit(db, a, "organisation", "Ett", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(db_run_count_kept(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("organisation")), &n, &e), 0);
	assert_int_equal(n, 1);
	insert_unit(db, a, "organisation", "Två", &e, &rc);
	assert_int_equal(db_run_count_kept(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("organisation")), &n, &e), 0);
	assert_int_equal(n, 1); /* kept: the version is the same */
	assert_int_equal(db_run_count_kept(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("board")), &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(db_run(db, a, &Q_T_VERSION_BUMP, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_run_count_kept(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("organisation")), &n, &e), 0);
	assert_int_equal(n, 2);
	/* No total wanted: nothing runs. */
	assert_int_equal(db_run_count_kept(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("organisation")), NULL, &e), 0);
	arena_free(a);
}

/* Rows kept per data version come back as they were read, NULLs and names too, until the next write. */
static void test_rows_kept(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db_rows r;
	int rc;

	insert_unit(db, a, "organisation", "Ett", &e, &rc);
	assert_int_equal(rc, 0);
	insert_unit(db, a, "organisation", "Två", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(db_run_rows_kept(db, a, &Q_T_UNITS_NAMED, DB_ARGS(DB_TEXT("organisation")), &r, &e), 0);
	assert_int_equal(r.n_rows, 2);
	assert_int_equal(r.n_cols, 3);
	assert_string_equal(rows_text(&r, 0, 0), "Ett");
	assert_null(rows_text(&r, 0, 1));
	assert_string_equal(rows_text(&r, 1, 2), "");
	assert_int_equal(db_run(db, a, &Q_T_UNIT_SET_CODE, DB_ARGS(DB_TEXT("K1"), DB_TEXT("organisation")), NULL, &e),
			 0);
	/* The same version (the code was set past the audit trail): the rows as first read. */
	assert_int_equal(db_run_rows_kept(db, a, &Q_T_UNITS_NAMED, DB_ARGS(DB_TEXT("organisation")), &r, &e), 0);
	assert_int_equal(r.n_rows, 2);
	assert_string_equal(r.names[0], "name");
	assert_string_equal(rows_text(&r, 1, 0), "Två");
	assert_null(rows_text(&r, 1, 1));
	assert_string_equal(rows_text(&r, 1, 2), "");
	/* Other arguments, other rows. */
	assert_int_equal(db_run_rows_kept(db, a, &Q_T_UNITS_NAMED, DB_ARGS(DB_TEXT("board")), &r, &e), 0);
	assert_int_equal(r.n_rows, 0);
	/* After a write, read again. */
	assert_int_equal(db_run(db, a, &Q_T_VERSION_BUMP, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_run_rows_kept(db, a, &Q_T_UNITS_NAMED, DB_ARGS(DB_TEXT("organisation")), &r, &e), 0);
	assert_int_equal(r.n_rows, 2);
	assert_string_equal(rows_text(&r, 0, 2), "K1");
	arena_free(a);
}

/* db-7.1: (SQLite) the backup opens and holds the rows; an existing file is never overwritten. */
static void test_backup(void **state)
{
	struct db *db = *state, *copy;
	struct arena *a = arena_new();
	struct err e = { 0 };
	char path[128], url[160];
	int rc;

	snprintf(path, sizeof(path), "/tmp/tillit-test-backup-%ld.db", (long)getpid());
	unlink(path);
	if (is_pg(db)) {
		assert_int_equal(db_backup(db, path, &e), ERR_INVALID);
		assert_int_equal(access(path, F_OK), -1);
		arena_free(a);
		skip();
	}
	insert_unit(db, a, "organisation", "Säkerhetskopia", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(db_backup(db, path, &e), 0);

	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(db_open(url, &copy, &e), 0);
	assert_int_equal(db_schema_version(copy, &e), n_embedded(copy));
	assert_int_equal(count(copy, a, &Q_T_UNIT_COUNT), 1);
	db_close(copy);

	/* A second backup to the same file is refused and leaves it alone. */
	assert_int_equal(db_backup(db, path, &e), ERR_INVALID);
	assert_string_equal(e.msgid, "The backup file already exists.");
	assert_int_equal(db_open(url, &copy, &e), 0);
	assert_int_equal(count(copy, a, &Q_T_UNIT_COUNT), 1);
	db_close(copy);

	unlink(path);
	arena_free(a);
}

/* db-8.1: (PostgreSQL) a connection killed by the server is reset and its statements prepared again. */
/* Generic plans (@generic) and custom ones (@custom) of the statements that start with @text. */
static void plans_of(struct db *db, struct arena *a, const char *text, int64_t *generic, int64_t *custom)
{
	struct db_rows r;
	struct err e = { 0 };

	assert_int_equal(db_run(db, a, &Q_T_PLANS_OF, DB_ARGS(DB_TEXT(text)), &r, &e), 0);
	*generic = rows_int(&r, 0, 0);
	*custom = rows_int(&r, 0, 1);
}

/*
 * PostgreSQL plans a DB_QUERY_PLAN_ONCE statement once and the others for each run, also when a rollback
 * has undone the switch between the two in the session (the connection must then not trust what it last
 * set).
 */
static void test_pg_plan_once(void **state)
{
	struct db *db = *state;
	struct arena *a = arena_new();
	struct err e = { 0 };
	int64_t generic, custom;
	int rc;

	if (!is_pg(db)) {
		arena_free(a);
		skip();
	}
	insert_unit(db, a, "organisation", "Ett", &e, &rc);
	assert_int_equal(rc, 0);
	for (int i = 0; i < 8; i++) {
		struct db_rows r;

		/* One plan, then a switch back inside a transaction that is rolled back, which undoes it... */
		assert_int_equal(
			db_run(db, a, &Q_T_UNIT_KIND_ONCE, DB_ARGS(DB_TEXT("organisation"), DB_INT(0)), &r, &e), 0);
		assert_int_equal(rows_int(&r, 0, 0), 1);
		assert_int_equal(db_begin(db, &e), 0);
		assert_int_equal(db_run(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("organisation")), &r, &e), 0);
		db_rollback(db);
		/* ...so that this one must be switched back again, and is planned for its run. */
		assert_int_equal(db_run(db, a, &Q_T_UNIT_COUNT_KIND, DB_ARGS(DB_TEXT("organisation")), &r, &e), 0);
		assert_int_equal(rows_int(&r, 0, 0), 1);
	}
	/* Each statement's text on the server names its query (pg_stat_statements, the logs). */
	plans_of(db, a, DB_PG_PLAN_ONCE_MARK "/* Q_T_UNIT_KIND_ONCE */ SELECT count(*) FROM units WHERE kind", &generic,
		 &custom);
	assert_int_equal(custom, 0);
	assert_int_equal(generic, 8);
	plans_of(db, a, "/* Q_T_UNIT_COUNT_KIND */ SELECT count(*) FROM units WHERE kind", &generic, &custom);
	assert_int_equal(generic, 0);
	assert_int_equal(custom, 16);
	arena_free(a);
}

static void test_pg_reconnect(void **state)
{
	struct db *db = *state, *other;
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct db_rows r;
	int64_t pid;
	int rc;

	if (!is_pg(db)) {
		arena_free(a);
		skip();
	}
	insert_unit(db, a, "organisation", "Före", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(db_run(db, a, &Q_T_PG_PID, NULL, 0, &r, &e), 0);
	pid = rows_int(&r, 0, 0);
	assert_int_equal(db_open(fixture_db_url(), &other, &e), 0);
	assert_int_equal(db_run(other, a, &Q_T_PG_TERMINATE, DB_ARGS(DB_INT(pid)), &r, &e), 0);
	assert_true(rows_bool(&r, 0, 0));
	db_close(other);
	usleep(100 * 1000);

	/* The cached statement's session is gone; the layer reconnects and prepares again. */
	insert_unit(db, a, "organisation", "Efter", &e, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(count(db, a, &Q_T_UNIT_COUNT), 2);
	assert_int_equal(db_run(db, a, &Q_T_PG_PID, NULL, 0, &r, &e), 0);
	assert_true(rows_int(&r, 0, 0) != pid);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_twice, setup, teardown),
		cmocka_unit_test(test_version_unmigrated),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asset_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_reuse, setup, teardown),
		cmocka_unit_test(test_pool),
		cmocka_unit_test_setup_teardown(test_memo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_plan_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_reconnect, setup, teardown),
	};

	log_set_quiet(1);
	return cmocka_run_group_tests_name(getenv("TEST_DB_URL") ? "db (postgresql)" : "db (sqlite)", tests, NULL,
					   NULL);
}
