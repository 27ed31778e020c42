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
#include <stdint.h>

#include "domain/asset.h"
#include "domain/authz.h"
#include "domain/classify.h"
#include "domain/unit.h"
#include "domain/user.h"

struct arena;
struct db;
struct err;

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
 * As fixture_db_open(), with only the migrations whose names sort before
 * @migration ("0030") applied: a database as an older version left it, for
 * a test that fills it and then runs db_migrate().
 */
int fixture_db_open_before(struct db **out, const char *migration);

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

/** The system acting as "test", for domain calls a test makes on its own behalf. */
extern const struct auth fx_system;

/*
 * The domain's write functions take the record as the route's scope read
 * it; tests name records by id. These read the record and call the domain
 * function with it, returning what either returns.
 */
int fx_unit_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		   const struct unit_input *in, struct unit *current, struct err *e);
int fx_unit_move(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		 int64_t new_parent, const char *reason, struct unit *current, struct err *e);
int fx_asset_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		    const struct asset_input *in, struct asset *current, struct err *e);
int fx_asset_link_add(struct db *db, struct arena *a, const struct auth *auth, int64_t from, int64_t to,
		      const char *kind, int64_t *id_out, struct err *e);
int fx_asset_link_remove(struct db *db, struct arena *a, const struct auth *auth, int64_t link_id, struct err *e);
int fx_classify_create(struct db *db, struct arena *a, const struct auth *auth, int64_t asset_id,
		       const struct class_input *in, int64_t *id_out, struct class_computation *out, struct err *e);
int fx_classify_sign(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct err *e);
int fx_classify_model_update(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id, int64_t version,
			     const struct class_model_input *in, struct class_model *current, struct err *e);
int fx_classify_question_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
				const struct class_question_input *in, struct class_question *current, struct err *e);
int fx_classify_question_place(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
			       int64_t position, struct err *e);
int fx_user_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		   const struct user_input *in, struct user *current, struct err *e);
int fx_grant_remove(struct db *db, struct arena *a, const struct auth *auth, int64_t grant_id, struct err *e);

/** audit_list() giving the page's entries, their number and the total matching (up to AUDIT_COUNT_CAP). */
struct audit_filter;
struct audit_entry;
int fx_audit_list(struct db *db, struct arena *a, const struct audit_filter *f, struct audit_entry **out, size_t *n,
		  int64_t *total, struct err *e);

#endif
