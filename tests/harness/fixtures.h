/*
 * fixtures.h - a fresh, migrated test database on whichever engine the
 * environment selects.
 *
 * With TEST_DB_URL unset the tests run on SQLite; with TEST_DB_URL set to a
 * "postgresql://" URL (a superuser, e.g. the one scripts/pg-cluster.sh
 * prints), every fixture gets a newly created database of its own named
 * tillit_t_<pid>_<n>, dropped again by fixture_db_close(), so tests never see
 * each other's rows and can run in parallel.
 *
 * Not thread-safe: open and close fixtures from the test's main thread.
 */
#ifndef TILLIT_TEST_FIXTURES_H
#define TILLIT_TEST_FIXTURES_H

#include <stddef.h>

struct db;

/** The audit key every fixture sets (audit_set_key()) and keys its chain with. */
extern const unsigned char fixture_audit_key[32];

/**
 * Open a fresh database with every migration applied and its audit chain
 * keyed with fixture_audit_key: SQLite ":memory:", or a new PostgreSQL
 * database when TEST_DB_URL is set. Caller closes it
 * with fixture_db_close(). Returns 0 or a negative err_code (the detail is
 * printed on stderr).
 */
int fixture_db_open(struct db **out);

/**
 * As fixture_db_open(), but on SQLite the database is the file
 * /tmp/tillit-test-<pid>-<n>.db, so that a second connection or a pool
 * (db_pool_new(url_out, ...)) sees the same data. The URL of the database
 * is copied into @url_out (@url_len bytes, 512 is enough). The file (and its
 * -wal/-shm) is removed by fixture_db_close().
 */
int fixture_db_open_file(struct db **out, char *url_out, size_t url_len);

/**
 * The URL of the database the latest fixture_db_open*() created: the
 * PostgreSQL database's URL, the SQLite file URL after
 * fixture_db_open_file(), or "sqlite::memory:" after fixture_db_open() on
 * SQLite (where a new connection would be a different, empty database).
 * Borrowed; valid until the next fixture_db_open*(). NULL before the first.
 */
const char *fixture_db_url(void);

/**
 * Close @db and remove the database the fixture created for it (DROP
 * DATABASE on PostgreSQL, the file on SQLite). Close pools and other
 * connections to it first. Accepts NULL.
 */
void fixture_db_close(struct db *db);

#endif
