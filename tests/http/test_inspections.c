/*
 * test_inspections.c - audits, recommendations, follow-ups and responses
 * (yttranden) through the API, as the auditors' contact and a board's
 * coordinator would use them.
 *
 * The supplementary response of the audit-response seed is entered through
 * the API: the audit and its nine recommendations, a first response with
 * nine action areas and seventeen measures, approved; then the
 * supplementary response started from it, its summary, the actions taken
 * so far, each measure's status and comment, and two measures handed over
 * to the service administration. The response document is fetched as
 * HTML, Markdown and DOCX and read back with real parsers (libxml2 for
 * HTML and WordprocessingML, cmark for Markdown): every action area and
 * every measure in order, the X in the right column, the hand-over in the
 * comment. The follow-up audit of the audit seed is entered with its
 * "Granskning / Resultat" table pointing back at the earlier
 * recommendation, which then shows every time it was examined. Also: bad
 * input refused naming the field with nothing saved, a frozen response,
 * the report file (checksum, attachment, refused types), overdue measures
 * on the lists and the start page, the lists' filters and exports.
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
#include "fixtures.h"
#include "loopback.h"
#include "seed004.h"

enum who { W_COORD, W_READER, W_COORD_K, W_COUNT };
static const char *const who_name[W_COUNT] = { "samordnare", "lasare", "kultur" };
static const char *const who_role[W_COUNT] = { "coordinator", "reader", "coordinator" };

static struct lb_env env;
static int64_t org, ks, stk, sn, sf, kn;
static int64_t users[W_COUNT];
static const char *tokens[W_COUNT];

static int setup(void **state)
{
	struct err e = { 0 };

	setenv("TILLIT_NOW", "2022-02-10T10:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Malmö stad");
	ks = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	stk = lb_env_unit(&env, ks, "administration", "Stadskontoret");
	sn = lb_env_unit(&env, org, "board", "Servicenämnden");
	sf = lb_env_unit(&env, sn, "administration", "Serviceförvaltningen");
	kn = lb_env_unit(&env, org, "board", "Kulturnämnden");
	for (int w = 0; w < W_COUNT; w++) {
		users[w] = lb_env_user(&env, who_name[w], who_role[w], w == W_COORD_K ? kn : org);
		assert_int_equal(token_create(env.db, env.arena, &fx_system, users[w], "test", &tokens[w], NULL, &e),
				 0);
	}
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static void api_client(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	c->bearer = tokens[w];
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

/* @method @url with @body (stolen), expecting @status; the answer parsed (NULL for no JSON answer wanted). */
static json_t *call(struct lb_client *c, const char *method, const char *url, json_t *body, int status)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct lb_resp r = lb_json(c, method, url, text, NULL);
	free(text);
	json_decref(body);
	if (r.status != status)
		fail_msg("%s %s: status %d, expected %d: %.400s", method, url, r.status, status, r.body);
	return parse(&r);
}

static void assert_error(struct lb_client *c, const char *method, const char *url, json_t *body, int status,
			 const char *field)
{
	json_t *j = call(c, method, url, body, status);
	const char *got = json_string_value(json_object_get(json_object_get(j, "error"), "field"));
	if (!got || strcmp(got, field))
		fail_msg("%s %s: field %s, expected %s", method, url, got ? got : "(none)", field);
	json_decref(j);
}

static int64_t id_of(json_t *j)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(j, "id"));
	assert_true(id > 0);
	return id;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *path(struct lb_client *c, const char *fmt, long long a)
{
	return arena_printf(c->arena, fmt, a);
}
#pragma GCC diagnostic pop

static int64_t new_audit(struct lb_client *c, const char *title, const char *date, const char *ref, int64_t follows)
{
	json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:[I,I], s:s, s:s}", "unit_id", (json_int_t)org,
			      "auditor_kind", "municipal", "auditor", "Stadsrevisionen", "title", title, "report_date",
			      date, "case_ref", ref, "board_ids", (json_int_t)ks, (json_int_t)sn, "scope",
			      "Om IT-säkerheten är tillräcklig.", "assessment", "Till viss del.");
	json_t *j;
	int64_t id;
	if (follows)
		json_object_set_new(b, "follows_id", json_integer(follows));
	j = call(c, "POST", "/api/v1/inspections", b, 201);
	id = id_of(j);
	json_decref(j);
	return id;
}

static int64_t new_rec(struct lb_client *c, int64_t audit, int64_t number, const char *text)
{
	json_t *j = call(
		c, "POST", path(c, "/api/v1/inspections/%lld/recommendations", (long long)audit),
		json_pack("{s:I, s:s, s:[I]}", "number", (json_int_t)number, "text", text, "board_ids", (json_int_t)ks),
		201);
	int64_t id = id_of(j);
	json_decref(j);
	return id;
}

static const char *join(struct arena *a, const char *const *parts, size_t n, const char *sep, const char *prefix)
{
	struct buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < n && parts[i]; i++)
		buf_addf(&b, "%s%s%s", i ? sep : "", prefix, parts[i]);
	return b.len ? b.data : "";
}

static size_t count(const char *const *v, size_t max)
{
	size_t n = 0;
	while (n < max && v[n])
		n++;
	return n;
}

/* --- the seed's supplementary response --- */

static int64_t seed_audit, seed_recs[N_SEED004_AREAS], first_response, second_response;

static void enter_seed004(void)
{
	struct arena *a = arena_new();
	struct lb_client c;
	json_t *j, *ms;
	int64_t area_ids[N_SEED004_AREAS];

	api_client(&c, W_COORD);
	seed_audit = new_audit(&c, "Granskning av IT-säkerhet", "2020-12-01", "SR-2020-83", 0);
	for (size_t i = 0; i < N_SEED004_AREAS; i++)
		seed_recs[i] = new_rec(&c, seed_audit, (int64_t)i + 1, seed004_areas[i].heading);

	/* The first response: the nine areas and the measures, all planned; approved. */
	j = call(&c, "POST", path(&c, "/api/v1/inspections/%lld/responses", (long long)seed_audit),
		 json_pack("{s:I, s:s, s:s, s:s, s:s}", "unit_id", (json_int_t)ks, "response_date", "2021-04-07",
			   "case_ref", "STK-2020-1563", "addressee", "Revisorskollegiet", "title",
			   "Yttrande över granskning av IT-säkerhet"),
		 201);
	first_response = id_of(j);
	json_decref(j);
	for (size_t i = 0; i < N_SEED004_AREAS; i++) {
		const struct seed004_area *x = &seed004_areas[i];
		j = call(&c, "POST", path(&c, "/api/v1/responses/%lld/areas", (long long)first_response),
			 json_pack("{s:I, s:s, s:s, s:s, s:[I]}", "number", (json_int_t)i + 1, "heading", x->heading,
				   "decided_action", join(a, x->decided, count(x->decided, 4), "\n\n", ""),
				   "expected_effect", join(a, x->effect, count(x->effect, 3), "\n\n", ""),
				   "recommendation_ids", (json_int_t)seed_recs[i]),
			 201);
		area_ids[i] = id_of(j);
		json_decref(j);
	}
	for (size_t i = 0; i < N_SEED004_MEASURES; i++) {
		j = call(&c, "POST", path(&c, "/api/v1/responses/%lld/measures", (long long)first_response),
			 json_pack("{s:s, s:I, s:s, s:I, s:s}", "title", seed004_measures[i].title, "unit_id",
				   (json_int_t)stk, "status", "planned", "area_id", (json_int_t)area_ids[i % 9],
				   "planned_date", "2022-12-31"),
			 201);
		json_decref(j);
	}
	json_decref(call(&c, "POST", path(&c, "/api/v1/responses/%lld/approve", (long long)first_response),
			 json_pack("{s:s, s:s, s:I}", "approved_by", "Katrin Stjernfeldt Jammeh", "approved_on",
				   "2021-04-07", "version", (json_int_t)1 + 9 * 0),
			 200));

	/* The supplementary response: a copy, then what has happened since. */
	j = call(&c, "POST", path(&c, "/api/v1/responses/%lld/supplement", (long long)first_response),
		 json_pack("{s:s}", "response_date", "2022-01-23"), 201);
	second_response = id_of(j);
	json_decref(j);
	json_decref(call(&c, "PATCH", path(&c, "/api/v1/responses/%lld", (long long)second_response),
			 json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "case_ref", "STK-2021-158", "address",
				   "August Palms Plats 1", "title",
				   "Rapport från revisorskollegiet - Granskning av IT-säkerhet SR-2020-83", "summary",
				   join(a, seed004_summary, N_SEED004_SUMMARY, "\n\n", ""), "addressee",
				   "Revisorskollegiet", "version", (json_int_t)1),
			 200));
	j = call(&c, "GET", path(&c, "/api/v1/responses/%lld", (long long)second_response), NULL, 200);
	for (size_t i = 0; i < N_SEED004_AREAS; i++) {
		json_t *x = json_array_get(json_object_get(j, "action_areas"), i);
		const struct seed004_area *s = &seed004_areas[i];
		assert_int_equal(json_integer_value(json_object_get(x, "number")), (json_int_t)i + 1);
		json_decref(call(&c, "PATCH", path(&c, "/api/v1/action-areas/%lld", (long long)id_of(x)),
				 json_pack("{s:s, s:I}", "actions_taken",
					   join(a, s->taken, count(s->taken, 6), "\n", "- "), "version", (json_int_t)1),
				 200));
	}
	ms = json_object_get(j, "measures");
	assert_int_equal(json_array_size(ms), N_SEED004_MEASURES);
	for (size_t i = 0; i < N_SEED004_MEASURES; i++) {
		const struct seed004_measure *m = &seed004_measures[i];
		json_t *x = json_array_get(ms, i);
		int64_t id = id_of(x);
		assert_string_equal(json_string_value(json_object_get(x, "title")), m->title);
		assert_true(json_integer_value(json_object_get(x, "previous_id")) > 0);
		json_decref(call(&c, "PATCH", path(&c, "/api/v1/measures/%lld", (long long)id),
				 json_pack("{s:s, s:s, s:I}", "status", m->status ? m->status : "ongoing", "comment",
					   m->comment, "version", (json_int_t)1),
				 200));
		if (!m->status)
			json_decref(call(&c, "POST", path(&c, "/api/v1/measures/%lld/handover", (long long)id),
					 json_pack("{s:I, s:s, s:s, s:I}", "to_unit_id", (json_int_t)sf, "handed_on",
						   "2021-05-01", "note", "IT-styrningen flyttade till servicenämnden.",
						   "version", (json_int_t)2),
					 200));
	}
	json_decref(j);
	lb_client_release(&c);
	arena_free(a);
}

/* The text blocks the document must hold, in order (tables are read apart). */
static struct rd_seq expected(struct arena *a)
{
	struct rd_seq w = { 0 };
	const char *title = "Rapport från revisorskollegiet - Granskning av IT-säkerhet SR-2020-83";

	rd_push(a, &w, RD_TITLE, title);
	rd_push(a, &w, RD_P, "Datum 2022-01-23");
	rd_push(a, &w, RD_P, "Adress August Palms Plats 1");
	rd_push(a, &w, RD_P, "Diarienummer STK-2021-158");
	rd_push(a, &w, RD_H1, "Yttrande");
	rd_push(a, &w, RD_P, "Till Revisorskollegiet");
	rd_push(a, &w, RD_H1, title);
	rd_push(a, &w, RD_H2, "Sammanfattning");
	for (size_t i = 0; i < N_SEED004_SUMMARY; i++) {
		/* *Granskning av IT-säkerhet* is emphasis: the asterisks go. */
		char *p = arena_strdup(a, seed004_summary[i]), *o = p;
		for (const char *s = seed004_summary[i]; *s; s++)
			if (*s != '*')
				*o++ = *s;
		*o = 0;
		rd_push(a, &w, RD_P, p);
	}
	rd_push(a, &w, RD_H1, "Yttrande");
	for (size_t i = 0; i < N_SEED004_AREAS; i++) {
		const struct seed004_area *x = &seed004_areas[i];
		rd_push(a, &w, RD_H2, arena_printf(a, "Åtgärdsområde %zu", i + 1));
		rd_push(a, &w, RD_P, x->heading);
		rd_push(a, &w, RD_P, arena_printf(a, "Svarar på rekommendation %zu", i + 1));
		rd_push(a, &w, RD_H3, "Tidigare beslutad åtgärd");
		for (size_t k = 0; k < 4 && x->decided[k]; k++)
			rd_push(a, &w, RD_P, x->decided[k]);
		rd_push(a, &w, RD_H3, "Förväntad effekt");
		for (size_t k = 0; k < 3 && x->effect[k]; k++)
			rd_push(a, &w, RD_P, x->effect[k]);
		rd_push(a, &w, RD_H3, "Hittills vidtagna åtgärder");
		for (size_t k = 0; k < 6 && x->taken[k]; k++)
			rd_push(a, &w, RD_LI, x->taken[k]);
	}
	rd_push(a, &w, RD_P, "Utkast: ännu inte godkänt.");
	return w;
}

static const char *want_comment(struct arena *a, const struct seed004_measure *m)
{
	return m->status ? m->comment : arena_printf(a, "Uppdraget har övergått till Serviceförvaltningen.");
}

static int status_col(const struct seed004_measure *m)
{
	return !m->status ? 0 : !strcmp(m->status, "planned") ? 2 : !strcmp(m->status, "ongoing") ? 3 : 4;
}

static void test_seed004_document_every_format(void **state)
{
	struct arena *a = arena_new();
	struct rd_seq want, got;
	struct lb_client c;
	struct lb_resp r;
	const char *body, *md;
	size_t len;
	xmlDoc *doc;
	(void)state;

	enter_seed004();
	want = expected(a);
	api_client(&c, W_READER);

	/* HTML: a standalone file to download. */
	r = lb_json(&c, "GET", path(&c, "/api/v1/responses/%lld/document?format=html", (long long)second_response),
		    NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/html"));
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"yttrande-2022-01-23-"));
	got = rd_html(a, r.body, r.len);
	rd_assert_seq(&got, &want, "HTML");
	doc = rd_parse_html(r.body, r.len);
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr)"), N_SEED004_MEASURES);
	for (size_t i = 0; i < N_SEED004_MEASURES; i++) {
		const struct seed004_measure *m = &seed004_measures[i];
		const char *row = arena_printf(a, "//tbody/tr[%zu]", i + 1);
		assert_string_equal(rd_xpath_string(a, doc, arena_printf(a, "normalize-space(%s/*[1])", row)),
				    m->title);
		for (int col = 2; col <= 4; col++)
			assert_string_equal(rd_xpath_string(a, doc, arena_printf(a, "string(%s/*[%d])", row, col)),
					    col == status_col(m) ? "X" : "");
		assert_string_equal(rd_xpath_string(a, doc, arena_printf(a, "normalize-space(%s/*[5])", row)),
				    want_comment(a, m));
	}
	xmlFreeDoc(doc);

	/* Markdown: the blocks, and the pipe table's rows in order. */
	r = lb_json(&c, "GET", path(&c, "/api/v1/responses/%lld/document?format=md", (long long)second_response), NULL,
		    NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/markdown"));
	got = rd_markdown(a, r.body);
	rd_assert_seq(&got, &want, "Markdown");
	md = r.body;
	for (size_t i = 0; i < N_SEED004_MEASURES; i++) {
		const char *at = strstr(md, seed004_measures[i].title);
		if (!at)
			fail_msg("measure %zu not in order in the Markdown table", i + 1);
		md = at + 1;
	}

	/* DOCX: WordprocessingML read with libxml2. */
	r = lb_json(&c, "GET", path(&c, "/api/v1/responses/%lld/document?format=docx", (long long)second_response),
		    NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	body = rd_unzip(a, r.body, r.len, "word/document.xml", &len);
	assert_non_null(body);
	doc = rd_parse_xml(body, len);
	assert_non_null(doc);
	got = rd_docx_body(a, doc);
	rd_assert_seq(&got, &want, "DOCX");
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl/w:tr)"), N_SEED004_MEASURES + 1);
	assert_string_equal(rd_xpath_string(a, doc, "string(//w:tbl/w:tr[1]/w:tc[2])"), "Planerad");
	assert_string_equal(rd_xpath_string(a, doc, "string(//w:tbl/w:tr[1]/w:tc[3])"), "Pågående");
	assert_string_equal(rd_xpath_string(a, doc, "string(//w:tbl/w:tr[1]/w:tc[4])"), "Avslutad");
	for (size_t i = 0; i < N_SEED004_MEASURES; i++) {
		const struct seed004_measure *m = &seed004_measures[i];
		const char *row = arena_printf(a, "//w:tbl/w:tr[%zu]", i + 2);
		assert_string_equal(rd_xpath_string(a, doc, arena_printf(a, "string(%s/w:tc[1])", row)), m->title);
		for (int col = 2; col <= 4; col++)
			assert_string_equal(rd_xpath_string(a, doc, arena_printf(a, "string(%s/w:tc[%d])", row, col)),
					    col == status_col(m) ? "X" : "");
		assert_string_equal(rd_xpath_string(a, doc, arena_printf(a, "string(%s/w:tc[5])", row)),
				    want_comment(a, m));
	}
	xmlFreeDoc(doc);

	/* The first response, frozen, still says what it said: every measure planned, approved by name. */
	r = lb_json(&c, "GET", path(&c, "/api/v1/responses/%lld/document?format=md", (long long)first_response), NULL,
		    NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Godkänt av") && lb_has(&r, "Katrin Stjernfeldt Jammeh, 2021-04-07"));
	assert_false(lb_has(&r, "övergått"));

	/* A bad format names the argument. */
	r = lb_json(&c, "GET", path(&c, "/api/v1/responses/%lld/document?format=pdf", (long long)second_response), NULL,
		    NULL);
	assert_int_equal(r.status, 400);
	lb_client_release(&c);
	arena_free(a);
}

/* --- the follow-up audit of the audit seed --- */

static const char *const seed003_areas[] = { "Organisering Rutiner Anvisningar", "Risk- och konsekvensanalys",
					     "Exempel på kontrollmoment", "Forum/ansvar", "Informationer i nämnd" };

static void test_seed003_followup_linked_back(void **state)
{
	struct lb_client c;
	int64_t first, second, followup, rec, rec2, other, other_rec;
	json_t *j, *ex;
	(void)state;

	api_client(&c, W_COORD);
	first = new_audit(&c, "IT säkerhet", "2014-10-01", "REV-2014-7", 0);
	rec = new_rec(&c, first, 1, "Ett mer strukturerat arbete när det gäller informationssäkerheten behövs.");
	second = new_audit(&c, "Uppföljning IT säkerhet", "2016-10-01", "REV-2016-3", first);
	followup = new_audit(&c, "Uppföljande granskning IT säkerhet", "2017-09-15", "REV-2017-12", second);
	rec2 = new_rec(&c, followup, 1,
		       "Kommunstyrelsen bör överväga att med utgångspunkter i MSB:s föreskrifter och allmänna råd, "
		       "MSBFS 2016:1, ta fram en analys av nuläget och skapa en handlingsplan utifrån nuläget.");
	for (size_t i = 0; i < 5; i++)
		json_decref(call(&c, "POST", path(&c, "/api/v1/inspections/%lld/findings", (long long)followup),
				 json_pack("{s:s, s:s, s:I}", "area", seed003_areas[i], "result",
					   "Arbeten pågår enligt ISO/IEC 27000.", "recommendation_id", (json_int_t)rec),
				 201));

	/* A finding may not point at a recommendation of an audit it does not follow up; nothing is saved. */
	other = new_audit(&c, "Granskning av dataskydd", "2016-03-01", "REV-2016-1", 0);
	other_rec = new_rec(&c, other, 1, "Utse ett dataskyddsombud.");
	assert_error(&c, "POST", path(&c, "/api/v1/inspections/%lld/findings", (long long)followup),
		     json_pack("{s:s, s:I}", "area", "Dataskydd", "recommendation_id", (json_int_t)other_rec), 400,
		     "recommendation_id");
	assert_error(&c, "POST", path(&c, "/api/v1/inspections/%lld/findings", (long long)first),
		     json_pack("{s:s, s:I}", "area", "Dataskydd", "recommendation_id", (json_int_t)rec), 400,
		     "recommendation_id");

	/* The follow-up: its table in order, each row back at the 2014 recommendation. */
	j = call(&c, "GET", path(&c, "/api/v1/inspections/%lld", (long long)followup), NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "follows_id")), second);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *f = json_array_get(json_object_get(j, "findings"), i);
		assert_string_equal(json_string_value(json_object_get(f, "area")), seed003_areas[i]);
		assert_int_equal(json_integer_value(json_object_get(f, "recommendation_inspection_id")), first);
	}
	assert_int_equal(json_array_size(json_object_get(j, "recommendations")), 1);
	assert_int_equal(id_of(json_array_get(json_object_get(j, "recommendations"), 0)), rec2);
	json_decref(j);

	/* The 2014 recommendation shows every time it was examined and what was found. */
	j = call(&c, "GET", path(&c, "/api/v1/recommendations/%lld", (long long)rec), NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "times_examined")), 5);
	ex = json_object_get(j, "examined");
	assert_int_equal(json_array_size(ex), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ex, 0), "inspection_title")),
			    "Uppföljande granskning IT säkerhet");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ex, 4), "area")), "Informationer i nämnd");
	json_decref(j);

	/* An audit cannot follow up one dated after it. */
	assert_error(&c, "PATCH", path(&c, "/api/v1/inspections/%lld", (long long)first),
		     json_pack("{s:I, s:I}", "follows_id", (json_int_t)followup, "version", (json_int_t)1), 400,
		     "follows_id");
	lb_client_release(&c);
}

/* --- bad input, freezing, the report file --- */

static void test_bad_input_and_freezing(void **state)
{
	struct lb_client c, k;
	int64_t audit, resp;
	struct lb_resp r;
	json_t *j;
	static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
	const char *hdr[] = { "Content-Type: application/pdf", NULL };
	(void)state;

	api_client(&c, W_COORD);
	audit = new_audit(&c, "Granskning av informationssäkerhet", "2021-06-01", "SR-2021-9", 0);
	new_rec(&c, audit, 1, "Inför en ledningsgrupp för informationssäkerhet.");

	/* A recommendation to a board the audit is not addressed to; a number taken. */
	assert_error(&c, "POST", path(&c, "/api/v1/inspections/%lld/recommendations", (long long)audit),
		     json_pack("{s:I, s:s, s:[I]}", "number", (json_int_t)2, "text", "X", "board_ids", (json_int_t)kn),
		     400, "board_ids");
	assert_error(&c, "POST", path(&c, "/api/v1/inspections/%lld/recommendations", (long long)audit),
		     json_pack("{s:I, s:s, s:[I]}", "number", (json_int_t)1, "text", "X", "board_ids", (json_int_t)ks),
		     409, "number");
	assert_error(&c, "POST", "/api/v1/inspections",
		     json_pack("{s:I, s:s, s:s, s:s, s:[I]}", "unit_id", (json_int_t)org, "auditor_kind", "police",
			       "title", "X", "report_date", "2021-01-01", "board_ids", (json_int_t)ks),
		     400, "auditor_kind");

	/* A response from a board the audit is not addressed to: refused, nothing saved. */
	assert_error(&c, "POST", path(&c, "/api/v1/inspections/%lld/responses", (long long)audit),
		     json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)kn, "response_date", "2021-09-01", "title",
			       "Yttrande"),
		     400, "unit_id");
	j = call(&c, "GET", path(&c, "/api/v1/inspections/%lld", (long long)audit), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "responses")), 0);
	json_decref(j);

	/* A coordinator of another board may not answer for Kommunstyrelsen. */
	api_client(&k, W_COORD_K);
	assert_int_equal(lb_json(&k, "GET", path(&k, "/api/v1/inspections/%lld", (long long)audit), NULL, NULL).status,
			 403);
	lb_client_release(&k);

	j = call(&c, "POST", path(&c, "/api/v1/inspections/%lld/responses", (long long)audit),
		 json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)ks, "response_date", "2021-09-01", "title",
			   "Yttrande över granskning av informationssäkerhet"),
		 201);
	resp = id_of(j);
	json_decref(j);
	/* A second first response of the same board is refused: write a supplementary one. */
	assert_error(
		&c, "POST", path(&c, "/api/v1/inspections/%lld/responses", (long long)audit),
		json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)ks, "response_date", "2021-09-02", "title", "Igen"),
		409, "unit_id");
	/* A measure status outside the three; a measure for a unit that does not exist. */
	assert_error(
		&c, "POST", path(&c, "/api/v1/responses/%lld/measures", (long long)resp),
		json_pack("{s:s, s:I, s:s}", "title", "Ny riktlinje", "unit_id", (json_int_t)stk, "status", "finished"),
		400, "status");
	assert_error(&c, "POST", path(&c, "/api/v1/responses/%lld/measures", (long long)resp),
		     json_pack("{s:s, s:I, s:s}", "title", "Ny riktlinje", "unit_id", (json_int_t)99999, "status",
			       "planned"),
		     400, "unit_id");
	j = call(&c, "POST", path(&c, "/api/v1/responses/%lld/measures", (long long)resp),
		 json_pack("{s:s, s:I, s:I, s:s, s:s}", "title", "Ny riktlinje", "unit_id", (json_int_t)stk, "owner_id",
			   (json_int_t)users[W_COORD], "status", "ongoing", "planned_date", "2021-12-31"),
		 201);
	json_decref(j);
	/* Approval needs a named person; then the response is frozen. */
	assert_error(
		&c, "POST", path(&c, "/api/v1/responses/%lld/approve", (long long)resp),
		json_pack("{s:s, s:s, s:I}", "approved_by", " ", "approved_on", "2021-09-10", "version", (json_int_t)1),
		400, "approved_by");
	json_decref(call(&c, "POST", path(&c, "/api/v1/responses/%lld/approve", (long long)resp),
			 json_pack("{s:s, s:s, s:I}", "approved_by", "Anna Ordförande", "approved_on", "2021-09-10",
				   "version", (json_int_t)1),
			 200));
	assert_error(&c, "PATCH", path(&c, "/api/v1/responses/%lld", (long long)resp),
		     json_pack("{s:s, s:I}", "title", "Ändrad", "version", (json_int_t)2), 409, "status");
	assert_error(&c, "POST", path(&c, "/api/v1/responses/%lld/areas", (long long)resp),
		     json_pack("{s:I, s:s}", "number", (json_int_t)1, "heading", "Nytt"), 409, "status");
	j = call(&c, "GET", path(&c, "/api/v1/responses/%lld", (long long)resp), NULL, 200);
	assert_string_equal(json_string_value(json_object_get(j, "title")),
			    "Yttrande över granskning av informationssäkerhet");
	assert_string_equal(json_string_value(json_object_get(j, "approved_by")), "Anna Ordförande");
	assert_error(&c, "PATCH",
		     path(&c, "/api/v1/measures/%lld",
			  (long long)json_integer_value(
				  json_object_get(json_array_get(json_object_get(j, "measures"), 0), "id"))),
		     json_pack("{s:s, s:I}", "status", "done", "version", (json_int_t)1), 409, "status");
	json_decref(j);

	/* Overdue: the measure planned for 2021 and not done shows on the lists and the start page. */
	j = call(&c, "GET", "/api/v1/measures?overdue=true", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "items"), 0), "overdue")));
	json_decref(j);
	j = call(&c, "GET", path(&c, "/api/v1/recommendations?overdue=true&inspection_id=%lld", (long long)audit), NULL,
		 200);
	json_decref(j);

	/* The overdue measure carried out by an activity of the responsible unit's action plan. */
	{
		int64_t mid, act;
		j = call(&c, "GET", "/api/v1/measures?overdue=true", NULL, 200);
		mid = id_of(json_array_get(json_object_get(j, "items"), 0));
		json_decref(j);
		j = call(&c, "POST", path(&c, "/api/v1/measures/%lld/activities", (long long)mid), NULL, 201);
		act = (int64_t)json_integer_value(json_object_get(j, "activity_id"));
		json_decref(j);
		j = call(&c, "GET", path(&c, "/api/v1/activities/%lld", (long long)act), NULL, 200);
		assert_string_equal(json_string_value(json_object_get(j, "title")), "Ny riktlinje");
		assert_string_equal(json_string_value(json_object_get(j, "due_date")), "2021-12-31");
		json_decref(j);
		r = lb_get(&c, path(&c, "/api/v1/measures/%lld", (long long)mid));
		assert_int_equal(r.status, 200);
	}

	/* The report file: a PDF kept with its checksum, downloaded as an attachment; other types refused. */
	r = lb_request(&c, "PUT", path(&c, "/api/v1/inspections/%lld/file?name=rapport.pdf", (long long)audit), hdr,
		       NULL, pdf, sizeof(pdf) - 1);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"sha256\":\""));
	r = lb_get(&c, path(&c, "/api/v1/inspections/%lld/file", (long long)audit));
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/pdf");
	assert_int_equal(r.len, sizeof(pdf) - 1);
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"rapport.pdf\""));
	r = lb_request(&c, "PUT", path(&c, "/api/v1/inspections/%lld/file?name=rapport.html", (long long)audit), hdr,
		       NULL, "<script>", 8);
	assert_int_equal(r.status, 400);
	r = lb_request(&c, "PUT", path(&c, "/api/v1/inspections/%lld/file?name=rapport.pdf", (long long)audit), hdr,
		       NULL, "<script>", 8);
	assert_int_equal(r.status, 400);
	r = lb_get(&c, path(&c, "/api/v1/inspections/%lld/file", (long long)audit));
	assert_int_equal(r.len, sizeof(pdf) - 1);
	lb_client_release(&c);
}

/* --- the lists --- */

static void test_lists_filter_and_export(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	(void)state;

	api_client(&c, W_READER);
	j = call(&c, "GET", "/api/v1/inspections?sort=title&order=asc&limit=2", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	j = call(&c, "GET", "/api/v1/inspections?year=2017", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	assert_error(&c, "GET", "/api/v1/inspections?sort=colour", NULL, 400, "sort");
	assert_error(&c, "GET", "/api/v1/recommendations?status=maybe", NULL, 400, "status");
	j = call(&c, "GET", path(&c, "/api/v1/recommendations?unit_id=%lld", (long long)ks), NULL, 200);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 9);
	json_decref(j);
	j = call(&c, "GET", path(&c, "/api/v1/recommendations?unit_id=%lld", (long long)kn), NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	r = lb_get(&c, "/api/v1/recommendations/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Etablera en organisation"));
	r = lb_get(&c, "/api/v1/recommendations/export?format=xlsx");
	assert_int_equal(r.status, 200);
	r = lb_get(&c, "/api/v1/inspections/export?format=json");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "SR-2020-83"));
	lb_client_release(&c);
}

/* The new audit form speaks Swedish, its label for the boards too (read through risk_multi_select()). */
static void test_form_in_swedish(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	(void)state;

	api_client(&c, W_COORD);
	r = lb_get(&c, "/inspections/new");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Nämnder som den riktas till"));
	assert_false(lb_has(&r, "Boards it is addressed to"));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed004_document_every_format), cmocka_unit_test(test_form_in_swedish),
		cmocka_unit_test(test_seed003_followup_linked_back),  cmocka_unit_test(test_bad_input_and_freezing),
		cmocka_unit_test(test_lists_filter_and_export),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	xmlCleanupParser();
	return rc;
}
