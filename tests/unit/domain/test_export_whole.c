/*
 * test_export_whole.c - an export is the whole list or refused with a
 * message, never cut short: the rule (export_whole()) and two lists at
 * their limits, one counted exactly (incidents, 10,000) and the register
 * of processing activities (20,000, read one past the limit). The rows
 * are written with one statement each, straight into the tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/gdpr.h"
#include "domain/incident.h"
#include "domain/listexport.h"
#include "fixtures.h"

static DB_QUERY(T_ORG, "INSERT INTO units (parent_id, path, kind, name, code, created_at, updated_at)"
		       " VALUES (NULL, '/', 'organisation', 'Kommunen', '', '2026-01-01', '2026-01-01') RETURNING id");
static DB_QUERY(T_ORG_PATH, "UPDATE units SET path = '/' || CAST(id AS TEXT) || '/' WHERE id = $1");
/* $1 records numbered from 1, in unit $2. */
static DB_QUERY(T_INCIDENTS, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)"
			     " INSERT INTO incidents (unit_id, title, receipt, created_at, updated_at)"
			     " SELECT $2, 'Händelse ' || CAST(i AS TEXT), 'R-' || CAST(i AS TEXT),"
			     " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");
static DB_QUERY(T_INCIDENT_DROP, "DELETE FROM incidents WHERE id = (SELECT max(id) FROM incidents)");
static DB_QUERY(T_ACTIVITIES, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)"
			      " INSERT INTO processing_activities (unit_id, name, name_folded, created_at, updated_at)"
			      " SELECT $2, 'Behandling ' || CAST(i AS TEXT), 'behandling ' || CAST(i AS TEXT),"
			      " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");
/* Counts are kept per data version, the newest audit entry's id: moved on here as a write's entry would. */
static DB_QUERY(T_VERSION_BUMP, "UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1");
static DB_QUERY(T_ACTIVITY_DROP,
		"DELETE FROM processing_activities WHERE id = (SELECT max(id) FROM processing_activities)");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct db_rows r;

	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	assert_int_equal(db_run(t->db, t->a, &T_ORG, NULL, 0, &r, &e), 0);
	t->org = rows_int(&r, 0, 0);
	assert_int_equal(db_run(t->db, t->a, &T_ORG_PATH, DB_ARGS(DB_INT(t->org)), NULL, &e), 0);
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

/* The refusal says how many an export takes, and names no field but the list. */
static void assert_refused(int rc, const struct err *e, const char *most)
{
	assert_int_equal(rc, ERR_INVALID);
	assert_non_null(e->msgid);
	assert_non_null(strstr(e->msgid, "An export takes at most %s records"));
	assert_string_equal(e->arg, most);
}

static void test_rule(void **state)
{
	struct err e = { 0 };

	(void)state;
	assert_int_equal(export_whole(0, 0, 10, &e), 0);
	assert_int_equal(export_whole(9, 9, 10, &e), 0);
	assert_int_equal(export_whole(9, 12, 10, &e), 0); /* fewer than the limit came: all there are */
	assert_int_equal(export_whole(10, 10, 10, &e), 0);
	assert_refused(export_whole(10, 11, 10, &e), &e, "10");
	assert_refused(export_whole(10, 5000, 10, &e), &e, "10");
}

/* 10,000 incidents export whole; one more, and the export is refused instead of cut short. */
static void test_incidents_at_the_limit(void **state)
{
	struct t *t = *state;
	struct incident_filter f;
	struct incident *items;
	struct err e = { 0 };
	size_t n = 0;
	int64_t total = 0;

	assert_int_equal(
		db_run(t->db, t->a, &T_INCIDENTS, DB_ARGS(DB_INT(INCIDENT_EXPORT_MAX + 1), DB_INT(t->org)), NULL, &e),
		0);
	incident_filter_init(&f);
	assert_refused(incident_export_list(t->db, t->a, &f, &items, &n, &total, &e), &e, "10000");
	assert_int_equal(db_run(t->db, t->a, &T_INCIDENT_DROP, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_VERSION_BUMP, NULL, 0, NULL, &e), 0);
	memset(&e, 0, sizeof(e));
	assert_int_equal(incident_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, INCIDENT_EXPORT_MAX);
	assert_int_equal(total, INCIDENT_EXPORT_MAX);
}

/* The register as a document: 20,000 activities whole; 20,001 refused (the CLI used to warn after the file). */
static void test_register_at_the_limit(void **state)
{
	struct t *t = *state;
	struct gdpr_filter f;
	struct gdpr_register reg;
	struct err e = { 0 };

	assert_int_equal(
		db_run(t->db, t->a, &T_ACTIVITIES, DB_ARGS(DB_INT(GDPR_EXPORT_MAX + 1), DB_INT(t->org)), NULL, &e), 0);
	gdpr_filter_init(&f);
	assert_refused(gdpr_register_read(t->db, t->a, LANG_SV, &f, &reg, &e), &e, "20000");
	assert_int_equal(db_run(t->db, t->a, &T_ACTIVITY_DROP, NULL, 0, NULL, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_VERSION_BUMP, NULL, 0, NULL, &e), 0);
	memset(&e, 0, sizeof(e));
	assert_int_equal(gdpr_register_read(t->db, t->a, LANG_SV, &f, &reg, &e), 0);
	assert_int_equal(reg.n_items, GDPR_EXPORT_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
		cmocka_unit_test_setup_teardown(test_incidents_at_the_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_at_the_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
