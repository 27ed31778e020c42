/*
 * test_governing_documents.c - governing documents and training through
 * the pages and the API as people use them: a routine registered with a
 * decision, its next review computed and shown due; a file refused by
 * type and accepted as PDF, then downloaded as an attachment with a safe
 * type and its checksum; bad input named by its field from the page and
 * the API alike; the owner's start page; a reader refused; completions
 * imported from a CSV file after a dry run that lists every bad row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/training.h"
#include "fixtures.h"
#include "loopback.h"

static DB_QUERY(T_GDOCS, "SELECT count(*) FROM governing_documents");
static DB_QUERY(T_DONE, "SELECT count(*) FROM training_completions");

static struct lb_env env;
static int64_t org, unit;

static int setup(void **state)
{
	(void)state;
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	unit = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	lb_env_user(&env, "gd-coord", "coordinator", org);
	lb_env_user(&env, "gd-reader", "reader", org);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static int64_t count(const struct db_query *q)
{
	struct db_rows r;
	struct err e = { 0 };
	assert_int_equal(db_run(env.db, env.arena, q, NULL, 0, &r, &e), 0);
	return rows_int(&r, 0, 0);
}

static void browser(struct lb_client *c, const char *who)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
}

static const char pdf[] = "%PDF-1.4\n% rutin\n%%EOF\n";

static void test_routine_file_and_due(void **state)
{
	struct lb_client c, reader;
	struct lb_resp r;
	char units[32], path[128], file_path[160];
	int64_t before = count(&T_GDOCS);
	(void)state;

	browser(&c, "gd-coord");
	snprintf(units, sizeof(units), "%lld", (long long)unit);
	/* A next review before the decision: refused naming the field, nothing saved. */
	{
		const char *kv[] = { "title",
				     "Rutin för incidenthantering",
				     "kind",
				     "routine",
				     "unit_id",
				     units,
				     "status",
				     "in_force",
				     "decision_date",
				     "2025-02-28",
				     "doc_version",
				     "1.0",
				     "review_months",
				     "12",
				     "next_review",
				     "2025-01-01",
				     NULL };
		r = lb_post(&c, "/governing-documents", kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-next_review\""));
		assert_true(lb_has(&r, "Rutin för incidenthantering")); /* what was typed is kept */
		assert_int_equal(count(&T_GDOCS), before);
	}
	{
		const char *kv[] = { "title",
				     "Rutin för incidenthantering",
				     "kind",
				     "routine",
				     "unit_id",
				     units,
				     "status",
				     "in_force",
				     "decision_date",
				     "2025-02-28",
				     "doc_version",
				     "1.0",
				     "review_months",
				     "12",
				     "case_ref",
				     "KS 2025/17",
				     NULL };
		r = lb_post(&c, "/governing-documents", kv);
		assert_int_equal(r.status, 303);
		assert_non_null(r.location);
		snprintf(path, sizeof(path), "%.*s", (int)strcspn(r.location, "?"), r.location);
	}
	r = lb_get(&c, path);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "2026-02-28")); /* decision date + 12 months */
	assert_true(lb_has(&r, "Dokumentets översyn är försenad."));
	/* It is on the list of those overdue, and on the unit's page. */
	r = lb_get(&c, "/governing-documents?due=overdue");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Rutin för incidenthantering"));
	r = lb_get(&c, "/governing-documents?due=never");
	assert_int_equal(r.status, 400);
	snprintf(file_path, sizeof(file_path), "/units/%lld", (long long)unit);
	r = lb_get(&c, file_path);
	assert_true(lb_has(&r, "Styrdokument som ska ses över"));

	/* Files: an HTML page is refused, even named .pdf; a PDF is taken. */
	snprintf(file_path, sizeof(file_path), "%s/file", path);
	{
		const char *kv[] = { "version", "1", "file.filename", "rutin.html", "file", "<html>", NULL };
		r = lb_post(&c, file_path, kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-file\""));
	}
	{
		const char *kv[] = { "version", "1", "file.filename", "rutin.pdf", "file", "<html><script>", NULL };
		r = lb_post(&c, file_path, kv);
		assert_int_equal(r.status, 400);
	}
	browser(&reader, "gd-reader");
	{
		const char *kv[] = { "version", "1", "file.filename", "rutin.pdf", "file", pdf, NULL };
		r = lb_post(&reader, file_path, kv);
		assert_int_equal(r.status, 403);
		r = lb_post(&c, file_path, kv);
		assert_int_equal(r.status, 303);
	}
	r = lb_get(&reader, file_path);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/pdf");
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"rutin.pdf\""));
	assert_non_null(strstr(r.headers, "X-Content-Type-Options: nosniff"));
	assert_int_equal(r.len, sizeof(pdf) - 1);
	assert_memory_equal(r.body, pdf, r.len);
	r = lb_get(&reader, path);
	assert_true(lb_has(&r, "SHA-256"));
	lb_client_release(&reader);
	lb_client_release(&c);
}

static void test_api(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char body[512], path[128];
	(void)state;

	browser(&c, "gd-coord");
	c.accept = "application/json";
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"kind\":\"policy\",\"title\":\"Informationssäkerhetspolicy\",\"status\":"
		 "\"in_force\",\"decision_date\":\"2024-01-31\",\"review_months\":0}",
		 (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/governing-documents", body, NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"review_months\""));
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"kind\":\"policy\",\"title\":\"Informationssäkerhetspolicy\",\"status\":"
		 "\"in_force\",\"decision_date\":\"2024-01-31\",\"review_months\":1}",
		 (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/governing-documents", body, NULL);
	assert_int_equal(r.status, 201);
	assert_true(lb_has(&r, "\"next_review\":\"2024-02-29\""));
	snprintf(path, sizeof(path), "%s/file?name=policy.exe", r.location);
	{
		const char *h[] = { "If-Match: \"1\"", "Content-Type: application/octet-stream",
				    arena_printf(c.arena, "X-CSRF-Token: %s", c.csrf), NULL };
		r = lb_request(&c, "POST", path, h, NULL, "MZ", 2);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "\"field\":\"file\""));
	}
	r = lb_get(&c, "/api/v1/governing-documents?due=overdue&sort=title");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Informationssäkerhetspolicy"));
	r = lb_get(&c, "/api/v1/governing-documents/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Informationssäkerhetspolicy"));
	lb_client_release(&c);
}

static void test_training_import_page(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct course_input ci = { .title = "Grundkurs" };
	struct err e = { 0 };
	int64_t course, before = count(&T_DONE);
	const char *bad =
		"Kurs;Person;Datum;Enhet\nGrundkurs;gd-reader;2026-01-10;Kommunstyrelsen\n"
		"Okänd;gd-reader;2026-01-10;Kommunstyrelsen\nGrundkurs;gd-reader;2027-01-01;Kommunstyrelsen\n";
	const char *good = "Kurs;Person;Datum;Enhet\nGrundkurs;gd-reader;2026-01-10;Kommunstyrelsen\n";
	(void)state;

	assert_int_equal(course_create(env.db, env.arena, &fx_system, &ci, &course, &e), 0);
	browser(&c, "gd-coord");
	{
		const char *kv[] = { "file.filename", "lms.csv", "file", bad, "dry_run", "1", NULL };
		r = lb_post(&c, "/training/import", kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "Det finns ingen kurs Okänd i Tillit."));
		assert_true(lb_has(&r, "Ett genomförande kan inte dateras i framtiden."));
	}
	{
		const char *kv[] = { "file.filename", "lms.csv", "file", bad, NULL };
		r = lb_post(&c, "/training/import", kv);
		assert_int_equal(r.status, 400);
		assert_int_equal(count(&T_DONE), before);
	}
	{
		const char *kv[] = { "file.filename", "lms.csv", "file", good, NULL };
		r = lb_post(&c, "/training/import", kv);
		assert_int_equal(r.status, 200);
		assert_int_equal(count(&T_DONE), before + 1);
	}
	r = lb_get(&c, "/training/completions");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Grundkurs"));
	r = lb_get(&c, "/training");
	assert_int_equal(r.status, 200);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routine_file_and_due),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_training_import_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
