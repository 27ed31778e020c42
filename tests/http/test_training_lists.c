/*
 * test_training_lists.c - the lists of training and the read-and-confirm
 * rounds of governing documents through the pages and the API as people
 * use them: courses, completions, counts, the people missing a course and
 * the members of a target group filtered, sorted, paged and downloaded as
 * XLSX, CSV and JSON; bad input refused naming the field from the page
 * and the API alike with nothing saved (a completion dated in the future,
 * more completed than employed, an unknown sort); a round asking the
 * people of one unit, its coverage per unit, the task on the start page
 * of those asked and of nobody else, and a new version asking again; a
 * file whose bytes changed behind Tillit's back refused on download.
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

static DB_QUERY(T_DONE, "SELECT count(*) FROM training_completions");
static DB_QUERY(T_COUNTS, "SELECT count(*) FROM training_counts");
static DB_QUERY(T_ROUNDS, "SELECT count(*) FROM governing_document_rounds");
static DB_QUERY(T_TAMPER, "UPDATE governing_document_files SET data = 'QUJD'");

static struct lb_env env;
static int64_t org, ks, soc, care, group, basic, privacy, u_coord, u_ks, u_care;

static int setup(void **state)
{
	struct course_input ci = {
		.title = "Grundkurs", .provider = "MSB", .length_minutes = 60, .validity_months = 24
	};
	struct training_completion_input done = { 0 };
	struct training_count_input cnt = { 0 };
	struct training_group g;
	struct err e = { 0 };
	(void)state;

	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	ks = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	soc = lb_env_unit(&env, org, "administration", "Socialförvaltningen");
	care = lb_env_unit(&env, soc, "unit", "Äldreomsorgen");
	u_coord = lb_env_user(&env, "tl-coord", "coordinator", org);
	u_ks = lb_env_user(&env, "tl-ks", "reader", ks);
	u_care = lb_env_user(&env, "tl-care", "reader", care);

	assert_int_equal(training_group_create(env.db, env.arena, &fx_system, "Chefer", "", &group, &e), 0);
	assert_int_equal(training_group_get(env.db, env.arena, group, &g, &e), 0);
	assert_int_equal(training_member_add(env.db, env.arena, &fx_system, &g, u_ks, &e), 0);
	assert_int_equal(training_member_add(env.db, env.arena, &fx_system, &g, u_care, &e), 0);
	assert_int_equal(training_member_add(env.db, env.arena, &fx_system, &g, u_coord, &e), 0);
	ci.group_ids = &group;
	ci.n_group_ids = 1;
	assert_int_equal(course_create(env.db, env.arena, &fx_system, &ci, &basic, &e), 0);
	ci = (struct course_input){ .title = "Dataskydd", .provider = "Kommunen", .length_minutes = 90 };
	assert_int_equal(course_create(env.db, env.arena, &fx_system, &ci, &privacy, &e), 0);

	done = (struct training_completion_input){ basic, u_ks, ks, "2025-06-01", "import" };
	assert_int_equal(training_completion_record(env.db, env.arena, &fx_system, &done, NULL, NULL, &e), 0);
	done = (struct training_completion_input){ basic, u_coord, org, "2024-03-01", "import" };
	assert_int_equal(training_completion_record(env.db, env.arena, &fx_system, &done, NULL, NULL, &e), 0);
	done = (struct training_completion_input){ privacy, u_care, care, "2026-01-05", "import" };
	assert_int_equal(training_completion_record(env.db, env.arena, &fx_system, &done, NULL, NULL, &e), 0);
	cnt = (struct training_count_input){ ks, basic, "2025", 5, 10 };
	assert_int_equal(training_count_record(env.db, env.arena, &fx_system, &cnt, &e), 0);
	cnt = (struct training_count_input){ soc, basic, "2024", 3, 4 };
	assert_int_equal(training_count_record(env.db, env.arena, &fx_system, &cnt, &e), 0);
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

static void api(struct lb_client *c, const char *who)
{
	browser(c, who);
	c->accept = "application/json";
}

/* @first comes before @second in the answer. */
static void before(const struct lb_resp *r, const char *first, const char *second)
{
	const char *a = strstr(r->body, first), *b = strstr(r->body, second);
	if (!a || !b || a > b)
		fail_msg("expected \"%s\" before \"%s\"", first, second);
}

/* How many times @needle occurs in @hay. */
static int occurrences(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* @head, the number @id, @tail. */
static const char *path(struct lb_client *c, const char *head, int64_t id, const char *tail)
{
	return arena_printf(c->arena, "%s%lld%s", head, (long long)id, tail);
}

static void test_courses(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	(void)state;

	api(&c, "tl-ks");
	r = lb_get(&c, "/api/v1/courses?sort=provider");
	assert_int_equal(r.status, 200);
	before(&r, "\"Dataskydd\"", "\"Grundkurs\""); /* Kommunen before MSB */
	r = lb_get(&c, "/api/v1/courses?q=grund");
	assert_true(lb_has(&r, "\"total\":1"));
	r = lb_get(&c, path(&c, "/api/v1/courses?group_id=", group, ""));
	assert_true(lb_has(&r, "\"total\":1"));
	assert_true(lb_has(&r, "Grundkurs"));
	r = lb_get(&c, "/api/v1/courses?limit=1&offset=1");
	assert_true(lb_has(&r, "\"total\":2"));
	assert_true(lb_has(&r, "\"Grundkurs\""));
	assert_false(lb_has(&r, "\"Dataskydd\""));
	r = lb_get(&c, "/api/v1/courses?sort=colour");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"sort\""));
	r = lb_get(&c, "/api/v1/courses/export?format=csv&sort=length");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/csv"));
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"kurser-2026-03-01.csv\""));
	before(&r, "Grundkurs", "Dataskydd");
	assert_true(lb_has(&r, "Chefer")); /* the groups it is mandatory for */
	lb_client_release(&c);

	browser(&c, "tl-ks");
	r = lb_get(&c, "/training/courses?sort=length");
	assert_int_equal(r.status, 200);
	before(&r, path(&c, "/training/courses/", basic, "\">"), path(&c, "/training/courses/", privacy, "\">"));
	assert_true(lb_has(&r, "/training/courses/export?sort=length&amp;format=xlsx"));
	r = lb_get(&c, "/training/courses?q=data");
	assert_true(lb_has(&r, "Dataskydd"));
	assert_false(lb_has(&r, ">Grundkurs<"));
	r = lb_get(&c, "/training/courses?sort=colour");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-sort\""));
	r = lb_get(&c, "/training/courses/export?format=xlsx");
	assert_int_equal(r.status, 200);
	assert_true(r.len > 2 && !memcmp(r.body, "PK", 2));
	r = lb_get(&c, "/training/courses/export?format=pdf");
	assert_int_equal(r.status, 400);
	lb_client_release(&c);
}

static void test_completions(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char body[256], units[32], course[32];
	int64_t done = count(&T_DONE);
	(void)state;

	api(&c, "tl-coord");
	/* A completion dated in the future: refused naming the field, nothing saved. */
	snprintf(body, sizeof(body),
		 "{\"course_id\":%lld,\"user_id\":%lld,\"unit_id\":%lld,\"completed_on\":\"2026-03-02\"}",
		 (long long)basic, (long long)u_care, (long long)care);
	r = lb_json(&c, "POST", "/api/v1/training-completions", body, NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"completed_on\""));
	assert_int_equal(count(&T_DONE), done);
	/* The orders: newest first, oldest first, by course, by unit. */
	r = lb_get(&c, "/api/v1/training-completions");
	before(&r, "2026-01-05", "2025-06-01");
	r = lb_get(&c, "/api/v1/training-completions?sort=oldest");
	before(&r, "2024-03-01", "2025-06-01");
	r = lb_get(&c, "/api/v1/training-completions?sort=course");
	before(&r, "\"Dataskydd\"", "\"Grundkurs\"");
	r = lb_get(&c, "/api/v1/training-completions?sort=unit");
	before(&r, "\"Ekdala kommun\"", "\"Kommunstyrelsen\"");
	before(&r, "\"Kommunstyrelsen\"", "\"Äldreomsorgen\"");
	r = lb_get(&c, "/api/v1/training-completions?sort=person&limit=1");
	assert_true(lb_has(&r, "\"total\":3"));
	assert_true(lb_has(&r, "\"tl-care\""));
	/* By person, every completion once and in name order (SQLite reads the people first). */
	r = lb_get(&c, "/api/v1/training-completions?sort=person");
	assert_int_equal(occurrences(r.body, "\"completed_on\""), 3);
	before(&r, "\"tl-care\"", "\"tl-coord\"");
	before(&r, "\"tl-coord\"", "\"tl-ks\"");
	r = lb_get(&c, "/api/v1/training-completions?sort=shoe");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"sort\""));
	r = lb_get(&c, "/api/v1/training-completions/export?format=csv&sort=oldest");
	assert_int_equal(r.status, 200);
	before(&r, "2024-03-01", "2026-01-05");
	lb_client_release(&c);

	browser(&c, "tl-coord");
	snprintf(units, sizeof(units), "%lld", (long long)care);
	snprintf(course, sizeof(course), "%lld", (long long)basic);
	{
		const char *kv[] = { "course_id", course, "user_id",      path(&c, "", u_care, ""),
				     "unit_id",   units,  "completed_on", "2026-12-24",
				     NULL };
		r = lb_post(&c, "/training/completions", kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-completed_on\""));
		assert_true(lb_has(&r, "Ett genomförande kan inte dateras i framtiden."));
		assert_int_equal(count(&T_DONE), done);
	}
	r = lb_get(&c, "/training/completions?sort=course");
	assert_int_equal(r.status, 200);
	before(&r, path(&c, "/training/courses/", privacy, "\">"), path(&c, "/training/courses/", basic, "\">"));
	assert_true(lb_has(&r, "<option value=\"course\" selected>"));
	lb_client_release(&c);
}

static void test_counts(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	char body[256];
	int64_t counts = count(&T_COUNTS);
	(void)state;

	api(&c, "tl-coord");
	/* More completed than employed: refused naming the field, nothing saved. */
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"course_id\":%lld,\"period\":\"2025\",\"completed\":11,\"employed\":10}",
		 (long long)care, (long long)basic);
	r = lb_json(&c, "POST", "/api/v1/training-counts", body, NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"completed\""));
	assert_int_equal(count(&T_COUNTS), counts);
	r = lb_get(&c, "/api/v1/training-counts");
	assert_true(lb_has(&r, "\"total\":2"));
	before(&r, "\"2025\"", "\"2024\"");
	r = lb_get(&c, "/api/v1/training-counts?sort=unit");
	before(&r, "\"Kommunstyrelsen\"", "\"Socialförvaltningen\"");
	r = lb_get(&c, "/api/v1/training-counts?from=2025&to=2025");
	assert_true(lb_has(&r, "\"total\":1"));
	r = lb_get(&c, path(&c, "/api/v1/training-counts?unit_id=", soc, ""));
	assert_true(lb_has(&r, "\"total\":1"));
	assert_true(lb_has(&r, "Socialförvaltningen"));
	r = lb_get(&c, "/api/v1/training-counts?from=25");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"from\""));
	r = lb_get(&c, "/api/v1/training-counts/export?format=json");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"items\""));
	assert_true(lb_has(&r, "\"employed\":10"));
	lb_client_release(&c);

	browser(&c, "tl-coord");
	{
		const char *kv[] = { "unit_id",   path(&c, "", care, ""),
				     "course_id", path(&c, "", basic, ""),
				     "period",    "2025",
				     "completed", "11",
				     "employed",  "10",
				     NULL };
		r = lb_post(&c, "/training/counts", kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-completed\""));
		assert_int_equal(count(&T_COUNTS), counts);
	}
	r = lb_get(&c, "/training/counts?sort=course");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Socialförvaltningen"));
	assert_true(lb_has(&r, "/training/counts/export?sort=course&amp;format=csv"));
	r = lb_get(&c, "/training/counts/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Kommunstyrelsen"));
	r = lb_get(&c, "/training/counts?to=1999");
	assert_int_equal(r.status, 400);
	lb_client_release(&c);
}

/* tl-care never took the basic course; tl-coord's, of 2024-03-01, expired today; tl-ks holds it. */
static void test_missing_and_coverage(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	(void)state;

	api(&c, "tl-coord");
	r = lb_get(&c, "/api/v1/training/missing");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":2"));
	assert_false(lb_has(&r, "\"tl-ks\""));
	before(&r, "\"tl-care\"", "\"tl-coord\"");
	r = lb_get(&c, "/api/v1/training/missing?sort=unit");
	before(&r, "\"Ekdala kommun\"", "\"Äldreomsorgen\"");
	r = lb_get(&c, "/api/v1/training/missing?state=never");
	assert_true(lb_has(&r, "\"total\":1"));
	assert_true(lb_has(&r, "\"tl-care\""));
	r = lb_get(&c, "/api/v1/training/missing?state=expired");
	assert_true(lb_has(&r, "\"valid_until\":\"2026-03-01\""));
	r = lb_get(&c, "/api/v1/training/missing?limit=1&offset=1");
	assert_true(lb_has(&r, "\"total\":2"));
	assert_true(lb_has(&r, "\"tl-coord\""));
	assert_false(lb_has(&r, "\"tl-care\""));
	r = lb_get(&c, "/api/v1/training/missing?state=lost");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"state\""));
	r = lb_get(&c, "/api/v1/training/missing/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "tl-care"));
	assert_true(lb_has(&r, "tl-coord"));
	r = lb_get(&c, "/api/v1/training/coverage/export?format=json&from=2025&to=2026");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"group_name\":\"Chefer\""));
	r = lb_get(&c, "/api/v1/training/coverage/export?from=2026&to=2020");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"from\""));
	lb_client_release(&c);

	browser(&c, "tl-coord");
	r = lb_get(&c, "/training/missing?state=never");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "tl-care"));
	assert_false(lb_has(&r, "<th scope=\"row\">tl-coord</th>"));
	r = lb_get(&c, "/training/missing/export?format=xlsx&sort=course");
	assert_int_equal(r.status, 200);
	assert_true(r.len > 2 && !memcmp(r.body, "PK", 2));
	r = lb_get(&c, "/training");
	assert_true(lb_has(&r, "/training/export?format=xlsx"));
	assert_true(lb_has(&r, "/training/missing"));
	r = lb_get(&c, "/training/export?format=csv&from=2026");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Chefer"));
	lb_client_release(&c);
}

static void test_group_members(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	(void)state;

	api(&c, "tl-ks");
	r = lb_get(&c, path(&c, "/api/v1/training-groups/", group, "/members?limit=2"));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":3"));
	before(&r, "\"tl-care\"", "\"tl-coord\"");
	assert_false(lb_has(&r, "\"tl-ks\""));
	r = lb_get(&c, path(&c, "/api/v1/training-groups/", group, "/members?q=ks"));
	assert_true(lb_has(&r, "\"total\":1"));
	r = lb_get(&c, "/api/v1/training-groups/999999/members");
	assert_int_equal(r.status, 404);
	lb_client_release(&c);

	browser(&c, "tl-ks");
	r = lb_get(&c, path(&c, "/training/groups/", group, "?q=care"));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "tl-care"));
	assert_false(lb_has(&r, "tl-coord"));
	r = lb_get(&c, "/training/groups");
	assert_true(lb_has(&r, path(&c, "href=\"/training/groups/", group, "\"")));
	lb_client_release(&c);
}

/* A document applies to the whole organisation; one round asks only the Social Services (and below). */
static void test_round_for_a_unit(void **state)
{
	struct lb_client c, care_c, ks_c;
	struct lb_resp r;
	char body[512], doc[128], other[128];
	const char *read;
	int64_t rounds;
	(void)state;

	api(&c, "tl-coord");
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"kind\":\"routine\",\"title\":\"Rutin för loggning\",\"status\":\"in_force\","
		 "\"decision_date\":\"2026-01-15\",\"review_months\":12}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/governing-documents", body, NULL);
	assert_int_equal(r.status, 201);
	snprintf(doc, sizeof(doc), "%s", r.location);
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"kind\":\"routine\",\"title\":\"Rutin för styrelsen\",\"status\":\"in_force\","
		 "\"decision_date\":\"2026-01-15\",\"review_months\":12}",
		 (long long)ks);
	r = lb_json(&c, "POST", "/api/v1/governing-documents", body, NULL);
	assert_int_equal(r.status, 201);
	snprintf(other, sizeof(other), "%s", r.location);

	/* Units outside the document's, or none at all: refused naming unit_id, no round. */
	rounds = count(&T_ROUNDS);
	snprintf(body, sizeof(body), "{\"unit_id\":%lld}", (long long)soc);
	r = lb_json(&c, "POST", arena_printf(c.arena, "%s/rounds", other), body, NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	r = lb_json(&c, "POST", arena_printf(c.arena, "%s/rounds", doc), "{\"unit_id\":999999}", NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	assert_int_equal(count(&T_ROUNDS), rounds);

	r = lb_json(&c, "POST", arena_printf(c.arena, "%s/rounds", doc), body, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"unit_name\":\"Socialförvaltningen\""));
	/* Coverage per unit: the unit asked first, then the units below it. */
	assert_true(lb_has(&r, "\"unit_name\":\"Äldreomsorgen\",\"confirmed\":0,\"asked\":1"));
	r = lb_json(&c, "POST", arena_printf(c.arena, "%s/rounds", doc), body, NULL);
	assert_int_equal(r.status, 409);
	assert_int_equal(count(&T_ROUNDS), rounds + 1);

	/* The task is on the start page of those asked, and of nobody else. */
	browser(&care_c, "tl-care");
	browser(&ks_c, "tl-ks");
	r = lb_get(&care_c, "/");
	assert_true(lb_has(&r, "Rutin för loggning"));
	r = lb_get(&ks_c, "/");
	assert_false(lb_has(&r, "Rutin för loggning"));
	/* The task leads to the document as those asked read it: a role below its unit is enough. */
	r = lb_get(&care_c, "/");
	assert_true(lb_has(&r, "/governing-documents/read/"));
	r = lb_get(&care_c, doc + strlen("/api/v1"));
	assert_int_equal(r.status, 403);
	read = arena_printf(care_c.arena, "/governing-documents/read/%s", strrchr(doc, '/') + 1);
	r = lb_get(&ks_c, read);
	assert_int_equal(r.status, 404);
	r = lb_get(&care_c, read);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Rutin för loggning"));
	assert_true(lb_has(&r, "Jag har läst den här versionen"));
	r = lb_post(&care_c, read, (const char *[]){ NULL });
	assert_int_equal(r.status, 303);
	r = lb_post(&care_c, read, (const char *[]){ NULL });
	assert_int_equal(r.status, 400);
	r = lb_get(&care_c, "/");
	assert_false(lb_has(&r, "Rutin för loggning"));
	r = lb_post(&ks_c, read, (const char *[]){ NULL });
	assert_int_equal(r.status, 404);
	r = lb_get(&c, arena_printf(c.arena, "%s/rounds", doc));
	assert_true(lb_has(&r, "\"unit_name\":\"Äldreomsorgen\",\"confirmed\":1,\"asked\":1"));

	/* A new version asks the same unit again. */
	{
		r = lb_json(&c, "PATCH", doc, "{\"doc_version\":\"2.0\"}", "\"1\"");
		assert_int_equal(r.status, 200);
	}
	assert_int_equal(count(&T_ROUNDS), rounds + 2);
	r = lb_get(&c, arena_printf(c.arena, "%s/rounds", doc));
	assert_true(lb_has(&r, "\"doc_version\":\"2.0\",\"group_id\":null,\"group_name\":null,\"unit_id\""));
	r = lb_get(&care_c, "/");
	assert_true(lb_has(&r, "Rutin för loggning"));

	/* The page's form: a round for a unit, shown with its unit. */
	{
		const char *kv[] = { "group_id", path(&c, "", group, ""), "unit_id", path(&c, "", care, ""), NULL };
		struct lb_client b;
		browser(&b, "tl-coord");
		r = lb_post(&b, arena_printf(b.arena, "%s/rounds", doc + strlen("/api/v1")), kv);
		assert_int_equal(r.status, 303);
		r = lb_get(&b, doc + strlen("/api/v1"));
		assert_true(lb_has(&r, "Chefer – Äldreomsorgen"));
		lb_client_release(&b);
	}
	lb_client_release(&ks_c);
	lb_client_release(&care_c);
	lb_client_release(&c);
}

/* A file whose stored bytes no longer match their checksum is not sent, by the page or the API. */
static void test_download_checked(void **state)
{
	static const char pdf[] = "%PDF-1.4\n% rutin\n%%EOF\n";
	struct lb_client c;
	struct lb_resp r;
	char body[512], doc[128];
	(void)state;

	api(&c, "tl-coord");
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"kind\":\"instruction\",\"title\":\"Instruktion med fil\",\"status\":\"draft\","
		 "\"review_months\":12}",
		 (long long)org);
	r = lb_json(&c, "POST", "/api/v1/governing-documents", body, NULL);
	assert_int_equal(r.status, 201);
	snprintf(doc, sizeof(doc), "%s", r.location);
	{
		const char *h[] = { "If-Match: \"1\"", "Content-Type: application/pdf",
				    arena_printf(c.arena, "X-CSRF-Token: %s", c.csrf), NULL };
		r = lb_request(&c, "POST", arena_printf(c.arena, "%s/file?name=instruktion.pdf", doc), h, NULL, pdf,
			       sizeof(pdf) - 1);
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "\"sha256\""));
	}
	r = lb_get(&c, arena_printf(c.arena, "%s/file", doc));
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/pdf");
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"instruktion.pdf\""));
	assert_non_null(strstr(r.headers, "X-Content-Type-Options: nosniff"));
	assert_memory_equal(r.body, pdf, sizeof(pdf) - 1);

	assert_int_equal(db_run(env.db, env.arena, &T_TAMPER, NULL, 0, NULL, &(struct err){ 0 }), 0);
	r = lb_get(&c, arena_printf(c.arena, "%s/file", doc));
	assert_int_equal(r.status, 500);
	assert_false(lb_has(&r, "%PDF"));
	lb_client_release(&c);
	browser(&c, "tl-coord");
	r = lb_get(&c, arena_printf(c.arena, "%s/file", doc + strlen("/api/v1")));
	assert_int_equal(r.status, 500);
	assert_false(lb_has(&r, "%PDF"));
	assert_null(strstr(r.headers, "Content-Disposition: attachment"));
	lb_client_release(&c);
}

/*
 * The completions page stays a page whatever the installation holds: its
 * counted completions are the latest 50 of the unit asked for (newest
 * first, with their number and a link to the rest), and past
 * PERSON_SELECT_MAX people the person of a new completion is typed (a name
 * or user name) instead of chosen among the first of a truncated list.
 */
static void test_completions_page_bounded(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct training_count_input cnt;
	struct err e = { 0 };
	char name[32], year[8], unit[32], course[32];
	int64_t done = count(&T_DONE);
	(void)state;

	/* 27 years of two courses in Äldreomsorgen: 54 counts, of which 2002 to 2026 make the 50 shown. */
	for (int y = 2000; y <= 2026; y++) {
		snprintf(year, sizeof(year), "%d", y);
		cnt = (struct training_count_input){ care, basic, year, 1, 2 };
		assert_int_equal(training_count_record(env.db, env.arena, &fx_system, &cnt, &e), 0);
		cnt.course_id = privacy;
		assert_int_equal(training_count_record(env.db, env.arena, &fx_system, &cnt, &e), 0);
	}
	for (int i = 0; i < 200; i++) { /* PERSON_SELECT_MAX, with the three above */
		snprintf(name, sizeof(name), "tl-many-%03d", i);
		lb_env_user(&env, name, "reader", care);
	}
	browser(&c, "tl-coord");
	r = lb_get(&c, path(&c, "/training/completions?unit_id=", care, ""));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<tr><td>2026</td>"));
	assert_true(lb_has(&r, "<tr><td>2002</td>"));
	assert_false(lb_has(&r, "<tr><td>2001</td>"));
	assert_false(lb_has(&r, "<tr><td>2000</td>"));
	before(&r, "<tr><td>2026</td>", "<tr><td>2002</td>");
	assert_true(lb_has(&r, path(&c, "/training/counts?unit_id=", care, "\">")));
	assert_true(lb_has(&r, "</a> (54)</p>"));
	assert_true(lb_has(&r, "list=\"dl-user_id\""));
	assert_false(lb_has(&r, "tl-many-199"));

	/* The person typed by user name is the one recorded. */
	snprintf(unit, sizeof(unit), "%lld", (long long)care);
	snprintf(course, sizeof(course), "%lld", (long long)privacy);
	{
		const char *kv[] = { "course_id", course,         "user_id",    "tl-many-199", "unit_id",
				     unit,        "completed_on", "2026-02-01", NULL };
		r = lb_post(&c, "/training/completions", kv);
		assert_int_equal(r.status, 303);
		assert_int_equal(count(&T_DONE), done + 1);
	}
	r = lb_get(&c, "/training/completions?sort=newest");
	assert_true(lb_has(&r, "tl-many-199"));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_courses),          cmocka_unit_test(test_completions),
		cmocka_unit_test(test_counts),           cmocka_unit_test(test_missing_and_coverage),
		cmocka_unit_test(test_group_members),    cmocka_unit_test(test_round_for_a_unit),
		cmocka_unit_test(test_download_checked), cmocka_unit_test(test_completions_page_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
