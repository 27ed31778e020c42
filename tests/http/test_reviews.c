/*
 * test_reviews.c - self-assessments, the organisation-wide picture and
 * management reviews as people use them, through the pages and the API:
 * an answer to a question of another organisation's bank refused naming
 * the question, nothing saved; a gap made an activity from the page; the
 * picture at a date with its charts and the same numbers in tables, and a
 * date before any data marked; a review written, approved (refused first
 * without a name, then without a case reference), frozen (an edit refused
 * with 409 naming status), its documents downloaded, and a new version
 * started from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/maturity.h"
#include "domain/review.h"
#include "domain/unit.h"
#include "fixtures.h"
#include "loopback.h"

struct t {
	struct lb_env env;
	int64_t org, unit, other_org, other_unit;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *str(struct lb_client *c, const char *fmt, long long v)
{
	return arena_printf(c->arena, fmt, v);
}
#pragma GCC diagnostic pop

/* The integer after "key": in a JSON body (the first one). */
static long long json_int(const char *body, const char *key)
{
	char pat[64];
	const char *p;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(body, pat);
	return p ? atoll(p + strlen(pat)) : -1;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	setenv("TILLIT_NOW", "2026-03-02T10:00:00Z", 1);
	lb_env_init(&t->env);
	t->org = lb_env_unit(&t->env, 0, "organisation", "Ekdala kommun");
	t->unit = lb_env_unit(&t->env, t->org, "administration", "Socialförvaltningen");
	t->other_org = lb_env_unit(&t->env, 0, "organisation", "Zeta kommun");
	t->other_unit = lb_env_unit(&t->env, t->other_org, "administration", "Zeta förvaltning");
	lb_env_user(&t->env, "samordnare", "coordinator", t->org);
	lb_env_user(&t->env, "zeta", "coordinator", t->other_org);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	lb_env_release(&t->env);
	free(t);
	unsetenv("TILLIT_NOW");
	return 0;
}

static void test_self_assessment(void **state)
{
	struct t *t = *state;
	struct lb_client c, z;
	struct lb_resp r;
	long long id, zid, zq, q, answer;
	const char *p;

	lb_client_init(&c, &t->env);
	lb_client_init(&z, &t->env);
	c.accept = z.accept = "application/json";
	assert_int_equal(lb_login(&c, "samordnare", LB_PASSWORD), 303);
	assert_int_equal(lb_login(&z, "zeta", LB_PASSWORD), 303);

	r = lb_json(&c, "POST", "/api/v1/maturity", str(&c, "{\"unit_id\":%lld,\"year\":2026}", t->unit), NULL);
	assert_int_equal(r.status, 201);
	id = json_int(r.body, "id");
	q = json_int(strstr(r.body, "\"answers\""), "question_id");
	r = lb_json(&z, "POST", "/api/v1/maturity", str(&z, "{\"unit_id\":%lld,\"year\":2026}", t->other_unit), NULL);
	assert_int_equal(r.status, 201);
	zid = json_int(r.body, "id");
	zq = json_int(strstr(r.body, "\"answers\""), "question_id");
	assert_true(zq != q);

	/* Another organisation's question: 400 naming it, nothing saved (the version is unchanged). */
	r = lb_json(&c, "POST", str(&c, "/api/v1/maturity/%lld/answers", id),
		    arena_printf(c.arena,
				 "{\"version\":1,\"answers\":[{\"question_id\":%lld,\"met\":true},"
				 "{\"question_id\":%lld,\"met\":true}]}",
				 q, zq),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"question_id\""));
	r = lb_get(&c, str(&c, "/api/v1/maturity/%lld", id));
	assert_int_equal(json_int(r.body, "version"), 1);
	assert_null(strstr(r.body, "\"met\":true"));
	/* Someone else's assessment is out of reach altogether. */
	r = lb_get(&c, str(&c, "/api/v1/maturity/%lld", zid));
	assert_int_equal(r.status, 403);

	r = lb_json(&c, "POST", str(&c, "/api/v1/maturity/%lld/answers", id),
		    arena_printf(c.arena, "{\"version\":1,\"answers\":[{\"question_id\":%lld,\"met\":true}]}", q),
		    NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_int(r.body, "level"), 0);

	/* Last year's assessment, to compare with. */
	r = lb_json(&c, "POST", "/api/v1/maturity", str(&c, "{\"unit_id\":%lld,\"year\":2025}", t->unit), NULL);
	assert_int_equal(r.status, 201);

	/* The page: the level, the gaps to level 1, each with its button; one becomes an activity. */
	c.accept = NULL;
	r = lb_get(&c, str(&c, "/maturity/%lld", id));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "2025: Ej uppfylld"));
	assert_non_null(strstr(r.body, "Uppnådd nivå: 0"));
	assert_non_null(strstr(r.body, "Gap till nivå 1"));
	p = strstr(r.body, "name=\"answer_id\" value=\"");
	assert_non_null(p);
	answer = atoll(p + strlen("name=\"answer_id\" value=\""));
	{
		const char *kv[] = { "answer_id", arena_printf(c.arena, "%lld", answer), NULL };
		r = lb_post(&c, str(&c, "/maturity/%lld/activity", id), kv);
		assert_int_equal(r.status, 303);
		r = lb_post(&c, str(&c, "/maturity/%lld/activity", id), kv);
		assert_int_equal(r.status, 400);
	}
	r = lb_get(&c, str(&c, "/maturity/%lld", id));
	assert_non_null(strstr(r.body, "href=\"/activities/"));
	lb_client_release(&c);
	lb_client_release(&z);
}

static void test_situation(void **state)
{
	struct t *t = *state;
	struct lb_client c;
	struct lb_resp r;

	lb_client_init(&c, &t->env);
	assert_int_equal(lb_login(&c, "samordnare", LB_PASSWORD), 303);
	r = lb_get(&c, str(&c, "/situation?unit_id=%lld", t->org));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<svg"));
	assert_non_null(strstr(r.body, "Socialförvaltningen"));
	/* Every figure is read from its module, none "not available". */
	assert_non_null(strstr(r.body, "Utbildad personal"));
	assert_null(strstr(r.body, "ej tillgänglig"));
	assert_non_null(strstr(r.body, "<caption>Utveckling över åren</caption>"));
	r = lb_get(&c, str(&c, "/situation?unit_id=%lld&date=2001-01-01", t->org));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "före all data"));
	r = lb_get(&c, str(&c, "/situation?unit_id=%lld&date=2099-01-01", t->org));
	assert_int_equal(r.status, 400);
	c.accept = "application/json";
	r = lb_get(&c, str(&c, "/api/v1/key-figures?unit_id=%lld&date=2001-01-01", t->org));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"before_data\":true"));
	assert_non_null(strstr(r.body, "\"key\":\"staff_trained\",\"module\":\"training\",\"available\":true"));
	r = lb_get(&c, str(&c, "/api/v1/situation?unit_id=%lld", t->other_org));
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
}

static void test_review_draft_to_approval(void **state)
{
	struct t *t = *state;
	struct lb_client c;
	struct lb_resp r;
	long long id, v2;

	lb_client_init(&c, &t->env);
	c.accept = "application/json";
	assert_int_equal(lb_login(&c, "samordnare", LB_PASSWORD), 303);
	r = lb_json(&c, "POST", "/api/v1/reviews",
		    str(&c,
			"{\"unit_id\":%lld,\"year\":2027,\"contact\":\"Linnea Kleiner\",\"texts\":{\"background\":"
			"\"Enligt *anvisningen* ska förvaltningschefen få en rapport.\"}}",
			t->unit),
		    NULL);
	assert_int_equal(r.status, 201);
	id = json_int(r.body, "id");
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/reviews/%lld", id), "{\"texts\":{\"nonsense\":\"x\"}}", "\"1\"");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"texts\""));
	r = lb_json(&c, "POST", str(&c, "/api/v1/reviews/%lld/priorities", id),
		    "{\"year\":2027,\"text\":\"Översyn av incidentrutiner\"}", "\"1\"");
	assert_int_equal(r.status, 201);
	r = lb_json(&c, "POST", str(&c, "/api/v1/reviews/%lld/priorities", id), "{\"year\":2030,\"text\":\"För sent\"}",
		    "\"2\"");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"year\""));

	/* Approval without a name, then without a case reference: 400 naming the field, still a draft. */
	r = lb_json(&c, "POST", str(&c, "/api/v1/reviews/%lld/approve", id),
		    "{\"approved_on\":\"2026-03-01\",\"case_ref\":\"SOC 2026/12\"}", "\"2\"");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"approved_by\""));
	r = lb_json(&c, "POST", str(&c, "/api/v1/reviews/%lld/approve", id),
		    "{\"approved_by\":\"Förvaltningschef\",\"approved_on\":\"2026-03-01\"}", "\"2\"");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"case_ref\""));
	r = lb_get(&c, str(&c, "/api/v1/reviews/%lld", id));
	assert_non_null(strstr(r.body, "\"status\":\"draft\""));

	r = lb_json(&c, "POST", str(&c, "/api/v1/reviews/%lld/approve", id),
		    "{\"approved_by\":\"Förvaltningschef Anders\",\"approved_on\":\"2026-03-01\",\"case_ref\":"
		    "\"SOC 2026/12\"}",
		    "\"2\"");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"approved\""));
	assert_true(json_int(strstr(r.body, "\"priorities\""), "activity_id") > 0);

	/* Frozen: an edit is 409 naming status. */
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/reviews/%lld", id), "{\"contact\":\"Någon annan\"}", "\"3\"");
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"field\":\"status\""));

	/* The documents. */
	r = lb_get(&c, str(&c, "/api/v1/reviews/%lld/document?format=docx", id));
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	r = lb_get(&c, str(&c, "/api/v1/reviews/%lld/document?format=pdf", id));
	assert_int_equal(r.status, 400);
	c.accept = NULL;
	r = lb_get(&c, str(&c, "/reviews/%lld", id));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Fastställd av Förvaltningschef Anders"));
	assert_non_null(strstr(r.body, "<em>anvisningen</em>"));
	assert_null(strstr(r.body, "/approve\""));
	assert_non_null(strstr(r.body, "/versions\""));
	r = lb_get(&c, str(&c, "/reviews/%lld/document.md", id));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "# Ledningens genomgång år 2027"));

	/* A new version from the frozen one. */
	c.accept = "application/json";
	r = lb_json(&c, "POST", str(&c, "/api/v1/reviews/%lld/versions", id), NULL, NULL);
	assert_int_equal(r.status, 201);
	v2 = json_int(r.body, "id");
	assert_true(v2 != id);
	assert_non_null(strstr(r.body, "\"version_no\":2"));
	assert_non_null(strstr(r.body, "\"status\":\"draft\""));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_self_assessment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_situation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_draft_to_approval, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
