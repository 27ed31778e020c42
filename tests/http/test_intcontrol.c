/*
 * test_intcontrol.c - an internal control round through the API and the
 * pages, as a board's coordinator and the person responsible for a control
 * point would work it.
 *
 * The coordinator makes the plan of 2026 (the process of systematic
 * information security work is in its analysis), weighs a process, adds a
 * sample-check control point reported per tertial; the responsible
 * reports the first tertial with the records checked, records a deviation
 * and turns its remedy into an activity of the action plan. Refused,
 * naming the field and saving nothing: a sample larger than its
 * population, a result for a period outside the plan's year, a second
 * result for a period, a stale version. The plan and the yearly report in
 * every format, the DOCX read with libxml2; the lists filtered, sorted,
 * paged and exported; the start page and the unit page show what is due.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "docread.h"
#include "domain/auth.h"
#include "domain/intcontrol.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, board, board_z, coord, anna;
static const char *coord_token, *anna_token;

static int setup(void **state)
{
	struct err e = { 0 };
	setenv("TILLIT_NOW", "2026-06-15T10:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	board_z = lb_env_unit(&env, lb_env_unit(&env, 0, "organisation", "Zeta kommun"), "board", "Zeta nämnd");
	coord = lb_env_user(&env, "samordnare", "coordinator", board);
	anna = lb_env_user(&env, "anna", "owner", board);
	lb_env_user(&env, "lasare", "reader", board);
	assert_int_equal(token_create(env.db, env.arena, &fx_system, coord, "test", &coord_token, NULL, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, &fx_system, anna, "test", &anna_token, NULL, &e), 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static void api_client(struct lb_client *c, const char *token)
{
	lb_client_init(c, &env);
	c->bearer = token;
}

static void login(struct lb_client *c, const char *who)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
}

static const char *str(struct lb_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *str(struct lb_client *c, const char *fmt, ...)
{
	va_list ap;
	struct buf b;
	buf_init(&b, c->arena);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return b.data;
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static int64_t id_of(const struct lb_resp *r, int status, const char *member)
{
	json_t *j;
	int64_t id;
	if (r->status != status)
		fail_msg("status %d, expected %d: %.400s", r->status, status, r->body);
	j = parse(r);
	id = json_integer_value(json_object_get(member ? json_object_get(j, member) : j, "id"));
	json_decref(j);
	return id;
}

static void assert_error(const struct lb_resp *r, int status, const char *field)
{
	json_t *j;
	if (r->status != status)
		fail_msg("status %d, expected %d: %.300s", r->status, status, r->body);
	j = parse(r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")), field);
	json_decref(j);
}

static int64_t count(struct lb_client *c, const char *url)
{
	struct lb_resp r = lb_json(c, "GET", url, NULL, NULL);
	json_t *j;
	int64_t n;
	assert_int_equal(r.status, 200);
	j = parse(&r);
	n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* The round of 2026 as entered through the API; its ids. */
static struct {
	int64_t plan, sis, process, point, result, deviation, activity;
} rnd;

static void enter_round(void)
{
	struct lb_client c, a;
	struct lb_resp r;

	if (rnd.plan)
		return;
	api_client(&c, coord_token);
	r = lb_json(&c, "POST", "/api/v1/internal-control/plans",
		    str(&c, "{\"unit_id\":%lld,\"year\":2026,\"adopted_on\":\"2026-01-20\"}", (long long)board), NULL);
	rnd.plan = id_of(&r, 201, "plan");
	{
		json_t *j = parse(&r), *cs = json_object_get(j, "processes");
		assert_int_equal(json_array_size(cs), 1);
		assert_string_equal(json_string_value(json_object_get(json_array_get(cs, 0), "name")),
				    "Systematiskt informationssäkerhetsarbete");
		rnd.sis = json_integer_value(json_object_get(json_array_get(cs, 0), "id"));
		json_decref(j);
	}
	r = lb_json(&c, "POST", str(&c, "/api/v1/internal-control/plans/%lld/processes", (long long)rnd.plan),
		    "{\"name\":\"Behörighetshantering\",\"probability\":3,\"consequence\":4,\"decision\":\"selected\","
		    "\"rationale\":\"Hög risk för obehörig åtkomst\"}",
		    NULL);
	rnd.process = id_of(&r, 201, NULL);
	r = lb_json(&c, "POST", str(&c, "/api/v1/internal-control/plans/%lld/points", (long long)rnd.plan),
		    str(&c,
			"{\"process_id\":%lld,\"title\":\"Behörigheter stäms av mot lönesystemet\","
			"\"check_method\":\"sample\",\"sample_size\":3,\"population\":120,\"frequency\":\"period\","
			"\"period_kind\":\"tertial\",\"responsible_id\":%lld,\"responsible_unit_id\":%lld}",
			(long long)rnd.process, (long long)anna, (long long)board),
		    NULL);
	rnd.point = id_of(&r, 201, NULL);
	/* The responsible reports the first tertial. */
	api_client(&a, anna_token);
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/points/%lld/results", (long long)rnd.point),
		    "{\"period\":\"2026-T1\",\"checked_on\":\"2026-04-28\",\"conclusion\":\"Ett konto för mycket.\","
		    "\"samples\":[{\"reference\":\"Användare 1001\",\"ok\":true},"
		    "{\"reference\":\"Användare 1002\",\"ok\":false,\"note\":\"Slutat 2025-12-31\"},"
		    "{\"reference\":\"Användare 1003\"}]}",
		    NULL);
	rnd.result = id_of(&r, 201, NULL);
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/results/%lld/deviations", (long long)rnd.result),
		    "{\"description\":\"Konto kvar efter avslutad anställning\",\"cause\":\"Ingen avslutsrutin\","
		    "\"remedy\":\"Inför en avslutsrutin med HR\",\"due\":\"2026-09-30\"}",
		    NULL);
	rnd.deviation = id_of(&r, 201, NULL);
	lb_client_release(&a);
	lb_client_release(&c);
}

static void test_round_through_the_api(void **state)
{
	struct lb_client c, a;
	struct lb_resp r;
	json_t *j;

	enter_round();
	api_client(&a, anna_token);
	/* The result holds the records checked. */
	r = lb_json(&a, "GET", str(&a, "/api/v1/internal-control/results/%lld", (long long)rnd.result), NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "period")), "2026-T1");
	assert_int_equal(json_integer_value(json_object_get(j, "samples_checked")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "samples_failed")), 1);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(j, "samples"), 1), "note")),
		"Slutat 2025-12-31");
	json_decref(j);
	/* REQ: a result for a period outside the plan's year: 400 naming period, nothing saved. */
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/points/%lld/results", (long long)rnd.point),
		    "{\"period\":\"2025-T2\",\"checked_on\":\"2026-06-01\"}", NULL);
	assert_error(&r, 400, "period");
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/points/%lld/results", (long long)rnd.point),
		    "{\"period\":\"2026-Q2\",\"checked_on\":\"2026-06-01\"}", NULL);
	assert_error(&r, 400, "period");
	/* A second result for a period: 409 naming period. */
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/points/%lld/results", (long long)rnd.point),
		    "{\"period\":\"2026-T1\",\"checked_on\":\"2026-06-01\"}", NULL);
	assert_error(&r, 409, "period");
	/* Samples must be records with a reference. */
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/points/%lld/results", (long long)rnd.point),
		    "{\"period\":\"2026-T2\",\"checked_on\":\"2026-06-01\",\"samples\":[{\"ok\":true}]}", NULL);
	assert_error(&r, 400, "samples");
	r = lb_json(&a, "GET", str(&a, "/api/v1/internal-control/points/%lld/results", (long long)rnd.point), NULL,
		    NULL);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	/* The owner may not change the plan's control points. */
	r = lb_json(&a, "PATCH", str(&a, "/api/v1/internal-control/points/%lld", (long long)rnd.point),
		    "{\"title\":\"Annat\"}", "1");
	assert_int_equal(r.status, 403);
	lb_client_release(&a);

	api_client(&c, coord_token);
	/* REQ: a sample larger than the population: 400 naming sample_size, nothing saved. */
	r = lb_json(&c, "POST", str(&c, "/api/v1/internal-control/plans/%lld/points", (long long)rnd.plan),
		    str(&c,
			"{\"process_id\":%lld,\"title\":\"Attest\",\"check_method\":\"sample\",\"sample_size\":50,"
			"\"population\":20}",
			(long long)rnd.process),
		    NULL);
	assert_error(&r, 400, "sample_size");
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/internal-control/points/%lld", (long long)rnd.point),
		    "{\"sample_size\":500}", "1");
	assert_error(&r, 400, "sample_size");
	r = lb_json(&c, "GET", str(&c, "/api/v1/internal-control/plans/%lld/points", (long long)rnd.plan), NULL, NULL);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_int_equal(
		json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "sample_size")), 3);
	json_decref(j);
	/* A second plan for the year: 409 naming year. */
	r = lb_json(&c, "POST", "/api/v1/internal-control/plans",
		    str(&c, "{\"unit_id\":%lld,\"year\":2026}", (long long)board), NULL);
	assert_error(&r, 409, "year");
	/* A stale version: 409 with the current record. */
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/internal-control/plans/%lld", (long long)rnd.plan),
		    "{\"title\":\"Internkontrollplan 2026 Socialnämnden\"}", "1");
	assert_int_equal(r.status, 200);
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/internal-control/plans/%lld", (long long)rnd.plan),
		    "{\"title\":\"Gammal\"}", "1");
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "\"current\""));
	/* The process, its risk value; the mandatory one keeps its name. */
	r = lb_json(&c, "GET", str(&c, "/api/v1/internal-control/processes/%lld", (long long)rnd.process), NULL, NULL);
	assert_true(lb_has(&r, "\"risk_value\":12"));
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/internal-control/processes/%lld", (long long)rnd.sis),
		    "{\"name\":\"Annat\"}", "1");
	assert_error(&r, 400, "name");
	/* The deviation list filters and exports. */
	assert_int_equal(count(&c, "/api/v1/internal-control/deviations?status=open&year=2026"), 1);
	assert_int_equal(count(&c, "/api/v1/internal-control/deviations?status=closed"), 0);
	assert_int_equal(count(&c, "/api/v1/internal-control/deviations?year=2025"), 0);
	assert_int_equal(count(&c, str(&c, "/api/v1/internal-control/deviations?unit_id=%lld", (long long)board)), 1);
	assert_error((r = lb_json(&c, "GET", "/api/v1/internal-control/deviations?status=maybe", NULL, NULL), &r), 400,
		     "status");
	assert_error((r = lb_json(&c, "GET", "/api/v1/internal-control/deviations?sort=size", NULL, NULL), &r), 400,
		     "sort");
	r = lb_json(&c, "GET", "/api/v1/internal-control/deviations/export?format=csv", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Konto kvar efter avslutad anställning"));
	r = lb_json(&c, "GET", "/api/v1/internal-control/deviations/export?format=xlsx", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 4 && r.body[0] == 'P' && r.body[1] == 'K');
	/* The plan list filters, sorts, pages and exports. */
	assert_int_equal(count(&c, "/api/v1/internal-control/plans?year=2026&sort=unit"), 1);
	assert_int_equal(count(&c, "/api/v1/internal-control/plans?year=2027"), 0);
	assert_error((r = lb_json(&c, "GET", "/api/v1/internal-control/plans?year=1900", NULL, NULL), &r), 400, "year");
	r = lb_json(&c, "GET", "/api/v1/internal-control/plans/export?format=json", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"open_deviations\":1"));
	lb_client_release(&c);
}

static void test_remedy_becomes_an_activity(void **state)
{
	struct lb_client a;
	struct lb_resp r;
	json_t *j;

	enter_round();
	api_client(&a, anna_token);
	/* Without the version: 428; a stale one: 409. */
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/deviations/%lld/activity", (long long)rnd.deviation),
		    "{}", NULL);
	assert_int_equal(r.status, 428);
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/deviations/%lld/activity", (long long)rnd.deviation),
		    "{\"version\":7}", NULL);
	assert_int_equal(r.status, 409);
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/deviations/%lld/activity", (long long)rnd.deviation),
		    "{\"version\":1}", NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	rnd.activity = json_integer_value(json_object_get(j, "activity_id"));
	assert_true(rnd.activity > 0);
	json_decref(j);
	/* The activity: in this year's action plan of the board, the responsible answering, linked back. */
	r = lb_json(&a, "GET", str(&a, "/api/v1/activities/%lld", (long long)rnd.activity), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Inför en avslutsrutin med HR"));
	assert_true(lb_has(&r, str(&a, "\"responsible_id\":%lld", (long long)anna)));
	assert_true(lb_has(&r, "\"year\":2026"));
	r = lb_json(&a, "GET", str(&a, "/api/v1/activities/%lld/links", (long long)rnd.activity), NULL, NULL);
	assert_true(lb_has(&r, "intcontrol_deviation"));
	/* Twice: 409 naming activity_id. */
	r = lb_json(&a, "POST", str(&a, "/api/v1/internal-control/deviations/%lld/activity", (long long)rnd.deviation),
		    "{\"version\":2}", NULL);
	assert_error(&r, 409, "activity_id");
	lb_client_release(&a);
}

/* The headings of a report, in order, from its text blocks. */
static struct rd_seq headings(struct arena *a, const struct rd_seq *s)
{
	struct rd_seq h = { 0 };
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].kind == RD_TITLE || s->v[i].kind == RD_H1 || s->v[i].kind == RD_H2)
			rd_push(a, &h, s->v[i].kind, s->v[i].text);
	return h;
}

static void test_documents(void **state)
{
	struct arena *a = arena_new();
	struct rd_seq want = { 0 }, got;
	struct lb_client c;
	struct lb_resp r;
	const char *body;
	size_t len;
	xmlDoc *doc;

	enter_round();
	rd_push(a, &want, RD_TITLE, "Uppföljning av intern kontroll 2026 – Socialnämnden");
	rd_push(a, &want, RD_H1, "Väsentlighets- och riskanalys");
	rd_push(a, &want, RD_H1, "Kontrollmoment");
	rd_push(a, &want, RD_H1, "Resultat per period");
	rd_push(a, &want, RD_H2, "Behörigheter stäms av mot lönesystemet");
	rd_push(a, &want, RD_H1, "Avvikelser");
	login(&c, "lasare");
	/* HTML for print, downloaded from the plan page. */
	r = lb_get(&c, str(&c, "/internal-control/%lld/document?document=report&format=html", (long long)rnd.plan));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/html"));
	assert_non_null(strstr(r.headers, "attachment; filename=\"uppfoljning-internkontroll-2026-"));
	assert_non_null(strstr(r.body, "@page { size: A4;"));
	got = rd_html(a, r.body, r.len);
	got = headings(a, &got);
	rd_assert_seq(&got, &want, "HTML");
	/* Markdown. */
	r = lb_get(&c, str(&c, "/internal-control/%lld/document?document=report&format=md", (long long)rnd.plan));
	assert_int_equal(r.status, 200);
	got = rd_markdown(a, r.body);
	got = headings(a, &got);
	rd_assert_seq(&got, &want, "Markdown");
	/* DOCX through the API, its WordprocessingML read with libxml2. */
	lb_client_release(&c);
	api_client(&c, coord_token);
	r = lb_json(&c, "GET",
		    str(&c, "/api/v1/internal-control/plans/%lld/document?document=report&format=docx",
			(long long)rnd.plan),
		    NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	body = rd_unzip(a, r.body, r.len, "word/document.xml", &len);
	assert_non_null(body);
	doc = rd_parse_xml(body, len);
	assert_non_null(doc);
	got = rd_docx_body(a, doc);
	got = headings(a, &got);
	rd_assert_seq(&got, &want, "DOCX");
	/* Four tables: the analysis, the control points, the results, the deviations. */
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl)"), 4);
	assert_string_equal(rd_xpath_string(a, doc, "string((//w:tbl)[3]/w:tr[2]/w:tc[1])"), "Tertial 1 2026");
	assert_string_equal(rd_xpath_string(a, doc, "string((//w:tbl)[3]/w:tr[2]/w:tc[3])"), "3");
	assert_string_equal(rd_xpath_string(a, doc, "string((//w:tbl)[4]/w:tr[2]/w:tc[3])"),
			    "Konto kvar efter avslutad anställning");
	assert_string_equal(rd_xpath_string(a, doc, "string((//w:tbl)[2]/w:tr[2]/w:tc[3])"), "Stickprov: 3 av 120");
	xmlFreeDoc(doc);
	/* The plan alone: the analysis with the mandatory process, and the control points; no results. */
	r = lb_json(
		&c, "GET",
		str(&c, "/api/v1/internal-control/plans/%lld/document?document=plan&format=docx", (long long)rnd.plan),
		NULL, NULL);
	body = rd_unzip(a, r.body, r.len, "word/document.xml", &len);
	doc = rd_parse_xml(body, len);
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl)"), 2);
	assert_string_equal(rd_xpath_string(a, doc, "string((//w:tbl)[1]/w:tr[2]/w:tc[1])"),
			    "Systematiskt informationssäkerhetsarbete");
	xmlFreeDoc(doc);
	/* XLSX: a workbook. */
	r = lb_json(
		&c, "GET",
		str(&c, "/api/v1/internal-control/plans/%lld/document?document=plan&format=xlsx", (long long)rnd.plan),
		NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(rd_unzip(a, r.body, r.len, "xl/workbook.xml", &len));
	/* A bad format or document names the argument. */
	assert_error(
		(r = lb_json(&c, "GET",
			     str(&c, "/api/v1/internal-control/plans/%lld/document?format=pdf", (long long)rnd.plan),
			     NULL, NULL),
		 &r),
		400, "format");
	assert_error(
		(r = lb_json(&c, "GET",
			     str(&c, "/api/v1/internal-control/plans/%lld/document?document=memo", (long long)rnd.plan),
			     NULL, NULL),
		 &r),
		400, "document");
	lb_client_release(&c);
	arena_free(a);
}

static void test_pages(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	enter_round();
	login(&c, "samordnare");
	/* The menu and the list. */
	r = lb_get(&c, "/internal-control");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "href=\"/internal-control\""));
	assert_true(lb_has(&r, "Internkontrollplan 2026 Socialnämnden") || lb_has(&r, "Socialnämnden"));
	assert_int_equal(lb_get(&c, "/internal-control?year=2026&sort=unit").status, 200);
	assert_int_equal(lb_get(&c, "/internal-control?year=abc").status, 400);
	r = lb_get(&c, "/internal-control/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Socialnämnden"));
	/* The plan page: analysis, control points, what is due, deviations. */
	r = lb_get(&c, str(&c, "/internal-control/%lld", (long long)rnd.plan));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Väsentlighets- och riskanalys"));
	assert_true(lb_has(&r, "Systematiskt informationssäkerhetsarbete"));
	assert_true(lb_has(&r, "Stickprov: 3 av 120"));
	assert_true(lb_has(&r, "Tertial 2 2026"));
	assert_true(lb_has(&r, "Konto kvar efter avslutad anställning"));
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/%lld/edit", (long long)rnd.plan)).status, 200);
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/%lld/processes/new", (long long)rnd.plan)).status, 200);
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/%lld/points/new", (long long)rnd.plan)).status, 200);
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/processes/%lld/edit", (long long)rnd.process)).status,
			 200);
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/points/%lld/edit", (long long)rnd.point)).status, 200);
	/* New plan form; a plan for the year taken already: 409 naming year, the form kept. */
	assert_int_equal(lb_get(&c, "/internal-control/new").status, 200);
	{
		const char *form[] = { "unit_id", str(&c, "%lld", (long long)board), "year", "2026", NULL };
		r = lb_post(&c, "/internal-control", form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-year\""));
	}
	{
		const char *form[] = { "unit_id", str(&c, "%lld", (long long)board), "year", "2027", NULL };
		r = lb_post(&c, "/internal-control", form);
		assert_int_equal(r.status, 303);
	}
	/* A process and a control point through the forms; a sample larger than its population refused. */
	{
		const char *form[] = { "name",     "Delegation", "probability", "2",        "consequence", "2",
				       "decision", "rejected",   "rationale",   "Låg risk", NULL };
		r = lb_post(&c, str(&c, "/internal-control/%lld/processes", (long long)rnd.plan), form);
		assert_int_equal(r.status, 303);
	}
	{
		const char *form[] = { "process_id",
				       str(&c, "%lld", (long long)rnd.process),
				       "title",
				       "Attest av fakturor",
				       "check_method",
				       "sample",
				       "sample_size",
				       "40",
				       "population",
				       "30",
				       "frequency",
				       "period",
				       "period_kind",
				       "quarter",
				       NULL };
		r = lb_post(&c, str(&c, "/internal-control/%lld/points", (long long)rnd.plan), form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-sample_size\""));
		assert_true(lb_has(&r, "Attest av fakturor"));
	}
	/* The deviation list, its filters and export. */
	r = lb_get(&c, "/internal-control/deviations?status=open&sort=due");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Konto kvar efter avslutad anställning"));
	assert_int_equal(lb_get(&c, "/internal-control/deviations?status=nope").status, 400);
	r = lb_get(&c, "/internal-control/deviations/export?format=json");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":1"));
	/* The unit page: the year's control points due and open deviations. */
	r = lb_get(&c, str(&c, "/units/%lld", (long long)board));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Kontrollmoment att rapportera"));
	assert_true(lb_has(&r, "Konto kvar efter avslutad anställning"));
	lb_client_release(&c);

	/* The responsible: the start page lists the tertial due; reporting it through the form. */
	login(&c, "anna");
	r = lb_get(&c, "/");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, str(&c, "/internal-control/points/%lld", (long long)rnd.point)));
	r = lb_get(&c, str(&c, "/internal-control/points/%lld", (long long)rnd.point));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Rapportera resultat"));
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/points/%lld/results/new", (long long)rnd.point)).status,
			 200);
	{
		/* REQ: a period outside the plan's year, through the page: 400 naming period, nothing saved. */
		const char *form[] = { "period",       "2027-T2",     "checked_on", "2026-06-10",
				       "sample_ref_1", "Användare 7", NULL };
		r = lb_post(&c, str(&c, "/internal-control/points/%lld/results", (long long)rnd.point), form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-period\""));
		assert_true(lb_has(&r, "Användare 7"));
	}
	{
		const char *form[] = { "period",        "2026-T2",      "checked_on",  "2026-06-10",   "sample_ref_1",
				       "Användare 7",   "sample_ref_2", "Användare 8", "sample_bad_2", "1",
				       "sample_note_2", "Fel roll",     NULL };
		r = lb_post(&c, str(&c, "/internal-control/points/%lld/results", (long long)rnd.point), form);
		assert_int_equal(r.status, 303);
		r = lb_get(&c, r.location);
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "Användare 8"));
		assert_true(lb_has(&r, "Fel roll"));
	}
	r = lb_get(&c, str(&c, "/internal-control/results/%lld", (long long)rnd.result));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Användare 1002"));
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/results/%lld/edit", (long long)rnd.result)).status, 200);
	assert_int_equal(
		lb_get(&c, str(&c, "/internal-control/results/%lld/deviations/new", (long long)rnd.result)).status,
		200);
	{
		const char *form[] = { "description", "", "status", "open", NULL };
		r = lb_post(&c, str(&c, "/internal-control/results/%lld/deviations", (long long)rnd.result), form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-description\""));
	}
	r = lb_get(&c, str(&c, "/internal-control/deviations/%lld", (long long)rnd.deviation));
	assert_int_equal(r.status, 200);
	assert_int_equal(lb_get(&c, str(&c, "/internal-control/deviations/%lld/edit", (long long)rnd.deviation)).status,
			 200);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_through_the_api),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_remedy_becomes_an_activity),
		cmocka_unit_test(test_documents),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	xmlCleanupParser();
	return rc;
}
