/*
 * fixtures.c - fresh test databases (see fixtures.h).
 *
 * On PostgreSQL each fixture creates its own database through a connection
 * to TEST_DB_URL and connects to it by replacing the database name in that
 * URL (the path after the host part, keeping any "?params"). The CREATE
 * DATABASE / DROP DATABASE statements are built here and run with
 * db_exec_script(): a documented exception to "all SQL in src/db/", since
 * they are test scaffolding, not application queries, and name a database,
 * which cannot be a bound parameter. The names are generated here and hold
 * only [a-z0-9_].
 *
 * A small table remembers which database belongs to which open connection
 * so that fixture_db_close() knows what to drop or unlink.
 */
#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit.h"

#define MAX_FIXTURES 64

struct fixture {
	struct db *db;
	char name[64];  /* PostgreSQL database name, or "" */
	char path[256]; /* SQLite file, or "" */
};

static struct fixture fixtures[MAX_FIXTURES];

const unsigned char fixture_audit_key[AUDIT_KEY_BYTES] = "tillit test audit key, 32 bytes";
static unsigned counter;
static char last_url[512];

static const char *pg_admin_url(void)
{
	const char *u = getenv("TEST_DB_URL");

	if (!u || !*u)
		return NULL;
	if (strncmp(u, "postgresql://", 13) != 0 && strncmp(u, "postgres://", 11) != 0) {
		fprintf(stderr, "fixtures: TEST_DB_URL must be a postgresql:// URL, got %s\n", u);
		exit(1);
	}
	return u;
}

static void report(const char *what, const struct err *e)
{
	fprintf(stderr, "fixtures: %s failed: %s (%s)\n", what, e->msgid ? e->msgid : "?", e->detail);
}

/* @admin with its database name replaced by @name, into @out. */
static int url_with_db(const char *admin, const char *name, char *out, size_t len)
{
	const char *host = strstr(admin, "://") + 3;
	const char *path = strchr(host, '/');
	const char *query = strchr(host, '?');
	int n;

	if (query && path && path > query)
		path = NULL;
	if (!path)
		path = query ? query : host + strlen(host);
	n = snprintf(out, len, "%.*s/%s%s", (int)(path - admin), admin, name, query ? query : "");
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Run @sql (CREATE/DROP DATABASE) on a fresh connection to TEST_DB_URL. */
static int admin_exec(const char *sql)
{
	struct err e = { 0 };
	struct db *admin;
	int rc;

	if ((rc = db_open(pg_admin_url(), &admin, &e))) {
		report("connect to TEST_DB_URL", &e);
		return rc;
	}
	if ((rc = db_exec_script(admin, sql, &e)))
		report(sql, &e);
	db_close(admin);
	return rc;
}

static struct fixture *slot(void)
{
	size_t i;

	for (i = 0; i < MAX_FIXTURES; i++)
		if (!fixtures[i].db)
			return &fixtures[i];
	fprintf(stderr, "fixtures: more than %d open at once\n", MAX_FIXTURES);
	exit(1);
}

static void remove_sqlite_files(const char *path)
{
	char side[300];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int open_fixture(struct db **out, int want_file, const char *stop)
{
	struct fixture *f = slot();
	struct err e = { 0 };
	const char *admin = pg_admin_url();
	char sql[160];
	int rc;

	*out = NULL;
	memset(f, 0, sizeof(*f));
	counter++;
	if (admin) {
		snprintf(f->name, sizeof(f->name), "tillit_t_%ld_%u", (long)getpid(), counter);
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->name);
		if ((rc = admin_exec(sql)))
			return rc;
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", f->name);
		if ((rc = admin_exec(sql)))
			return rc;
		if (url_with_db(admin, f->name, last_url, sizeof(last_url))) {
			fprintf(stderr, "fixtures: TEST_DB_URL too long\n");
			return ERR_INVALID;
		}
	} else if (want_file) {
		snprintf(f->path, sizeof(f->path), "/tmp/tillit-test-%ld-%u.db", (long)getpid(), counter);
		remove_sqlite_files(f->path);
		snprintf(last_url, sizeof(last_url), "sqlite:%s", f->path);
	} else {
		snprintf(last_url, sizeof(last_url), "sqlite::memory:");
	}

	if ((rc = db_open(last_url, out, &e))) {
		report("db_open", &e);
		goto fail;
	}
	if ((rc = db_migrate_before(*out, stop, &e))) {
		report("db_migrate", &e);
		db_close(*out);
		*out = NULL;
		goto fail;
	}
	/* Every fixture's audit chain is keyed with the test key from its first entry on. */
	audit_set_key(fixture_audit_key);
	{
		struct arena *a = arena_new();
		rc = audit_key_start(*out, a, true, &e);
		arena_free(a);
	}
	if (rc) {
		report("audit_key_start", &e);
		db_close(*out);
		*out = NULL;
		goto fail;
	}
	f->db = *out;
	return 0;
fail:
	if (f->name[0]) {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->name);
		admin_exec(sql);
	}
	if (f->path[0])
		remove_sqlite_files(f->path);
	return rc;
}

int fixture_db_open(struct db **out)
{
	return open_fixture(out, 0, NULL);
}

int fixture_db_open_before(struct db **out, const char *migration)
{
	return open_fixture(out, 0, migration);
}

int fixture_db_open_file(struct db **out, char *url_out, size_t url_len)
{
	int rc = open_fixture(out, 1, NULL);

	if (!rc && url_out && url_len) {
		if ((size_t)snprintf(url_out, url_len, "%s", last_url) >= url_len) {
			fprintf(stderr, "fixtures: url buffer too small\n");
			fixture_db_close(*out);
			*out = NULL;
			return ERR_INVALID;
		}
	}
	return rc;
}

const char *fixture_db_url(void)
{
	return last_url[0] ? last_url : NULL;
}

void fixture_db_close(struct db *db)
{
	char sql[160];
	size_t i;

	if (!db)
		return;
	db_close(db);
	for (i = 0; i < MAX_FIXTURES; i++) {
		struct fixture *f = &fixtures[i];

		if (f->db != db)
			continue;
		if (f->name[0]) {
			snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->name);
			admin_exec(sql);
		}
		if (f->path[0])
			remove_sqlite_files(f->path);
		memset(f, 0, sizeof(*f));
		return;
	}
}

const struct auth fx_system = AUTH_SYSTEM("test");

int fx_unit_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		   const struct unit_input *in, struct unit *current, struct err *e)
{
	struct unit before;
	int rc = unit_get(db, a, id, &before, e);
	return rc ? rc : unit_update(db, a, auth, &before, version, in, current, e);
}

int fx_unit_move(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		 int64_t new_parent, const char *reason, struct unit *current, struct err *e)
{
	struct unit before;
	int rc = unit_get(db, a, id, &before, e);
	return rc ? rc : unit_move(db, a, auth, &before, version, new_parent, reason, current, e);
}

int fx_asset_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		    const struct asset_input *in, struct asset *current, struct err *e)
{
	struct asset before;
	int rc = asset_get(db, a, id, &before, e);
	return rc ? rc : asset_update(db, a, auth, &before, version, in, current, e);
}

int fx_asset_link_add(struct db *db, struct arena *a, const struct auth *auth, int64_t from, int64_t to,
		      const char *kind, int64_t *id_out, struct err *e)
{
	struct asset before;
	int rc = asset_get(db, a, from, &before, e);
	return rc ? rc : asset_link_add(db, a, auth, &before, to, kind, id_out, e);
}

int fx_asset_link_remove(struct db *db, struct arena *a, const struct auth *auth, int64_t link_id, struct err *e)
{
	struct asset_link l;
	int rc = asset_link_get(db, a, link_id, &l, e);
	return rc ? rc : asset_link_remove(db, a, auth, &l, e);
}

int fx_classify_create(struct db *db, struct arena *a, const struct auth *auth, int64_t asset_id,
		       const struct class_input *in, int64_t *id_out, struct class_computation *out, struct err *e)
{
	struct asset as;
	int rc = asset_get(db, a, asset_id, &as, e);
	return rc ? rc : classify_create(db, a, auth, &as, in, id_out, out, e);
}

int fx_classify_sign(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct err *e)
{
	struct class_scope cs;
	int rc;

	if ((rc = classify_get(db, a, id, &cs.c, e)) || (rc = asset_get(db, a, cs.c.asset_id, &cs.asset, e)))
		return rc;
	return classify_sign(db, a, auth, &cs.asset, &cs.c, e);
}

int fx_classify_model_update(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id, int64_t version,
			     const struct class_model_input *in, struct class_model *current, struct err *e)
{
	struct class_model before;
	int rc = classify_model_get(db, a, org_id, &before, e);
	return rc ? rc : classify_model_update(db, a, auth, &before, version, in, current, e);
}

int fx_classify_question_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
				const struct class_question_input *in, struct class_question *current, struct err *e)
{
	struct class_question before;
	int rc = classify_question_get(db, a, id, &before, e);
	return rc ? rc : classify_question_update(db, a, auth, &before, version, in, current, e);
}

int fx_classify_question_place(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
			       int64_t position, struct err *e)
{
	struct class_question q;
	int rc = classify_question_get(db, a, id, &q, e);
	return rc ? rc : classify_question_place(db, a, auth, &q, version, position, e);
}

int fx_user_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
		   const struct user_input *in, struct user *current, struct err *e)
{
	struct user before;
	int rc = user_get(db, a, id, &before, e);
	return rc ? rc : user_update(db, a, auth, &before, version, in, current, e);
}

int fx_grant_remove(struct db *db, struct arena *a, const struct auth *auth, int64_t grant_id, struct err *e)
{
	struct role_grant g;
	int rc = grant_get(db, a, grant_id, &g, e);
	return rc ? rc : grant_remove(db, a, auth, &g, e);
}

int fx_audit_list(struct db *db, struct arena *a, const struct audit_filter *f, struct audit_entry **out, size_t *n,
		  int64_t *total, struct err *e)
{
	struct audit_page p;
	int rc = audit_list(db, a, f, &p, e);
	*out = p.entries;
	*n = p.n;
	*total = p.total;
	return rc;
}
