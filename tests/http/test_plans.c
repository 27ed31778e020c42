/*
 * test_plans.c - action plans through the API and the pages, as a
 * coordinator would use them.
 *
 * The 2022 plan of the municipal follow-up report (three areas, sixteen
 * activities with their quarters, purpose, status and comment) is entered
 * through the API; the follow-up report is then fetched in every format
 * and read back with real parsers (libxml2 for HTML and the DOCX's
 * WordprocessingML, cmark for Markdown): every activity's heading, purpose
 * and "Status: …" paragraph in the order of the plan. Where LibreOffice is
 * installed it converts the DOCX to PDF. Also: carrying over through the
 * API (one, all, twice refused, the history), bad input refused naming the
 * field with nothing saved, a lost update refused with 409, rights by
 * scope, the list's filters and exports, a <script> in a purpose shown as
 * text, and the plan page with its grid, its status bars and doc.css.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "../unit/io/plan2022.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "docread.h"
#include "domain/activity.h"
#include "domain/auth.h"
#include "domain/plan.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

#define TITLE "Uppföljning Handlingsplan Ekdala kommun 2022"

enum who { W_COORD, W_READER, W_COORD_Z, W_COUNT };
static const char *const who_name[W_COUNT] = { "samordnare", "lasare", "samordnare-z" };
static const char *const who_role[W_COUNT] = { "coordinator", "reader", "coordinator" };

static struct lb_env env;
static int64_t org, board, org_z;
static int64_t users[W_COUNT];
static const char *tokens[W_COUNT];
static int64_t plan2022_id;
static int64_t ids2022[N_PLAN2022];

static int setup(void **state)
{
	struct err e = { 0 };

	setenv("TILLIT_NOW", "2022-12-15T10:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	org_z = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	for (int w = 0; w < W_COUNT; w++) {
		users[w] = lb_env_user(&env, who_name[w], who_role[w], w == W_COORD_Z ? org_z : org);
		assert_int_equal(token_create(env.db, env.arena, &fx_system, users[w], "test", &tokens[w], NULL, &e),
				 0);
	}
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static void api_client(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	c->bearer = tokens[w];
}

static void login(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who_name[w], LB_PASSWORD), 303);
	assert_int_equal(lb_get(c, "/").status, 200);
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static void assert_error(const struct lb_resp *r, int status, const char *field)
{
	json_t *j;
	if (r->status != status)
		fail_msg("status %d, expected %d: %.300s", r->status, status, r->body);
	j = parse(r);
	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")), field);
	json_decref(j);
}

/* @fmt comes from this file (one %lld). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *str(struct lb_client *c, const char *fmt, long long a)
{
	return arena_printf(c->arena, fmt, a);
}
#pragma GCC diagnostic pop

/* The status of the seed's words. */
static const char *status_of(const char *seed)
{
	if (!strncmp(seed, "Genomf", 6))
		return "done";
	if (!strcmp(seed, "Ej påbörjat"))
		return "not_started";
	if (!strcmp(seed, "Delvis påbörjad"))
		return "partly_started";
	if (!strcmp(seed, "Påbörjad"))
		return "started";
	return "ongoing"; /* Pågår, Pågående */
}

static const char *label_of(const char *status)
{
	return tr(LANG_SV, activity_status_label(status));
}

/* The purpose as it reads once its Markdown is taken away (the data uses * for emphasis only). */
static const char *plain(struct arena *a, const char *md)
{
	struct buf b;
	buf_init(&b, a);
	for (const char *p = md; *p; p++)
		if (*p != '*')
			buf_addch(&b, *p);
	return b.data;
}

static int64_t member_int(json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* Enter the 2022 plan through the API: the plan with its areas, then every activity. */
static void enter_plan2022(void)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j, *areas;
	int64_t area_ids[3];
	const char *area_names[3] = { "Nätverk", "Ledning och samordning", "IT-säkerhet" };

	api_client(&c, W_COORD);
	r = lb_json(&c, "POST", "/api/v1/plans",
		    str(&c,
			"{\"unit_id\":%lld,\"year\":2022,\"areas\":[\"Nätverk\",\"Ledning och samordning\","
			"\"IT-säkerhet\"]}",
			(long long)org),
		    NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	plan2022_id = member_int(j, "id");
	areas = json_object_get(j, "areas");
	assert_int_equal(json_array_size(areas), 3);
	for (size_t k = 0; k < 3; k++) {
		assert_string_equal(json_string_value(json_object_get(json_array_get(areas, k), "name")),
				    area_names[k]);
		area_ids[k] = member_int(json_array_get(areas, k), "id");
	}
	json_decref(j);
	for (size_t i = 0; i < N_PLAN2022; i++) {
		const struct plan_activity *a = &plan2022[i];
		json_t *body = json_object(), *quarters = json_array();
		char *text;
		size_t k = 0;
		while (strcmp(area_names[k], a->area))
			k++;
		for (unsigned q = 0; q < 4; q++)
			if (a->quarters & (1u << q))
				json_array_append_new(quarters, json_string(q == 0   ? "Q1"
									    : q == 1 ? "Q2"
									    : q == 2 ? "Q3"
										     : "Q4"));
		json_object_set_new(body, "area_id", json_integer(area_ids[k]));
		json_object_set_new(body, "title", json_string(a->title));
		json_object_set_new(body, "purpose", json_string(a->purpose));
		json_object_set_new(body, "quarters", quarters);
		json_object_set_new(body, "status", json_string(status_of(a->status)));
		json_object_set_new(body, "status_comment", json_string(a->comment));
		text = json_dumps(body, 0);
		r = lb_json(&c, "POST", str(&c, "/api/v1/plans/%lld/activities", (long long)plan2022_id), text, NULL);
		free(text);
		json_decref(body);
		if (r.status != 201)
			fail_msg("activity %zu: %d %s", i, r.status, r.body);
		j = parse(&r);
		ids2022[i] = member_int(j, "id");
		assert_int_equal(json_array_size(json_object_get(j, "quarters")),
				 (size_t)__builtin_popcount(a->quarters));
		json_decref(j);
	}
	lb_client_release(&c);
}

/* The text blocks every format must show, in the plan's order. */
static struct rd_seq expected(struct arena *a)
{
	struct rd_seq want = { 0 };
	const char *area = NULL;

	rd_push(a, &want, RD_TITLE, TITLE);
	rd_push(a, &want, RD_H1, "Handlingsplan 2022");
	for (size_t i = 0; i < N_PLAN2022; i++) {
		const struct plan_activity *act = &plan2022[i];
		if (!area || strcmp(area, act->area)) {
			area = act->area;
			rd_push(a, &want, RD_H1, area);
		}
		rd_push(a, &want, RD_H2, act->title);
		rd_push(a, &want, RD_P, plain(a, act->purpose));
		rd_push(a, &want, RD_P,
			arena_printf(a, "Status: %s. %s", label_of(status_of(act->status)), act->comment));
	}
	return want;
}

static int marks(void)
{
	int n = 0;
	for (size_t i = 0; i < N_PLAN2022; i++)
		n += __builtin_popcount(plan2022[i].quarters);
	return n;
}

static const char *in_path(struct arena *a, const char *prog)
{
	const char *path = getenv("PATH");
	struct stat st;
	for (const char *p = path ? path : ""; *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *full = arena_printf(a, "%.*s/%s", (int)len, p, prog);
		if (stat(full, &st) == 0 && (st.st_mode & S_IXUSR))
			return full;
		p += len + (end ? 1 : 0);
	}
	return NULL;
}

/* LibreOffice converts the DOCX to a PDF, when it is installed. */
static void libreoffice_opens(struct arena *a, const char *zip, size_t len)
{
	char dir[] = "/tmp/tillit-plan-XXXXXX";
	const char *soffice = in_path(a, "soffice"), *docx, *pdf;
	char head[5] = { 0 };
	struct stat st;
	FILE *f;
	pid_t pid;
	int status;

	if (!soffice) {
		print_message("# soffice not found: the LibreOffice check of the report is skipped\n");
		return;
	}
	assert_non_null(mkdtemp(dir));
	docx = arena_printf(a, "%s/uppfoljning.docx", dir);
	pdf = arena_printf(a, "%s/uppfoljning.pdf", dir);
	f = fopen(docx, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(zip, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *log = freopen(arena_printf(a, "%s/soffice.log", dir), "w", stdout);
		if (log)
			dup2(fileno(log), 2);
		execlp("timeout", "timeout", "180", soffice, arena_printf(a, "-env:UserInstallation=file://%s/p", dir),
		       "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, docx, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(pdf, &st) != 0)
		fail_msg("soffice could not convert the report (see %s/soffice.log)", dir);
	f = fopen(pdf, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");
	print_message("# LibreOffice opened the report and wrote it as PDF (%lld bytes)\n", (long long)st.st_size);
	assert_int_equal(system(arena_printf(a, "rm -rf '%s'", dir)), 0);
}

static void test_seed_report_every_format(void **state)
{
	struct arena *a = arena_new();
	struct rd_seq want, got;
	struct lb_client c;
	struct lb_resp r;
	const char *body;
	size_t len;
	xmlDoc *doc;

	enter_plan2022();
	want = expected(a);
	api_client(&c, W_READER);

	/* HTML: a standalone file with the A4 print styles, downloaded. */
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld/report?format=html", (long long)plan2022_id), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/html"));
	assert_non_null(
		strstr(r.headers, "Content-Disposition: attachment; filename=\"uppfoljning-handlingsplan-2022-"));
	got = rd_html(a, r.body, r.len);
	rd_assert_seq(&got, &want, "HTML");
	assert_non_null(strstr(r.body, "@page { size: A4;"));
	doc = rd_parse_html(r.body, r.len);
	assert_int_equal(rd_xpath_number(doc, "count(//tbody/tr)"), N_PLAN2022);
	assert_int_equal(rd_xpath_number(doc, "count(//td[@class='doc-mark'])"), marks());
	assert_string_equal(rd_xpath_string(a, doc, "string(//thead/tr/th[1])"), "2022");
	assert_string_equal(rd_xpath_string(a, doc, "string(//thead/tr/th[3])"), "Kvartal 1");
	assert_string_equal(rd_xpath_string(a, doc, "string(//tbody/tr[1]/th[1])"), "Nätverk");
	xmlFreeDoc(doc);

	/* Markdown. */
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld/report?format=md", (long long)plan2022_id), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/markdown"));
	got = rd_markdown(a, r.body);
	rd_assert_seq(&got, &want, "Markdown");

	/* DOCX: WordprocessingML, read with libxml2, and opened by LibreOffice. */
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld/report?format=docx", (long long)plan2022_id), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	body = rd_unzip(a, r.body, r.len, "word/document.xml", &len);
	assert_non_null(body);
	doc = rd_parse_xml(body, len);
	assert_non_null(doc);
	got = rd_docx_body(a, doc);
	rd_assert_seq(&got, &want, "DOCX");
	assert_int_equal(rd_xpath_number(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='Heading2'])"), N_PLAN2022);
	assert_int_equal(rd_xpath_number(doc, "count(//w:tbl/w:tr)"), N_PLAN2022 + 1);
	assert_int_equal(rd_xpath_number(doc, "count(//w:tc[w:tcPr/w:shd/@w:fill='2F6F8F'])"), marks());
	xmlFreeDoc(doc);
	libreoffice_opens(a, r.body, r.len);

	/* A bad format names the argument. */
	assert_error((r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld/report?format=pdf", (long long)plan2022_id),
				  NULL, NULL),
		      &r),
		     400, "format");
	lb_client_release(&c);

	/* The plan page: the same files to download, the grid as a table, status bars, doc.css linked. */
	login(&c, W_READER);
	r = lb_get(&c, str(&c, "/plans/%lld/report.docx", (long long)plan2022_id));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment"));
	r = lb_get(&c, str(&c, "/plans/%lld/report.html", (long long)plan2022_id));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment"));
	r = lb_get(&c, str(&c, "/plans/%lld/report.md", (long long)plan2022_id));
	assert_int_equal(r.status, 200);
	r = lb_get(&c, str(&c, "/plans/%lld", (long long)plan2022_id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "/doc.css\">"));
	assert_true(lb_has(&r, "<table class=\"doc-table\">"));
	assert_true(lb_has(&r, "<caption>Handlingsplan 2022</caption>"));
	assert_true(lb_has(&r, "role=\"img\" aria-labelledby=\"bars-t bars-d\""));
	assert_true(lb_has(&r, "Tvåfaktorsautentisering"));
	assert_false(lb_has(&r, "/plans/new")); /* a reader makes no plans */
	assert_false(lb_has(&r, "style=\""));
	lb_client_release(&c);
	arena_free(a);
}

static void test_carry_over_and_history(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	int64_t klass = ids2022[1], next, next_plan;

	api_client(&c, W_COORD);
	/* One: Informationsklassning moves to 2023 (the plan is made). */
	r = lb_json(&c, "POST", str(&c, "/api/v1/activities/%lld/carry", (long long)klass), NULL, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	next = member_int(j, "id");
	next_plan = member_int(j, "plan_id");
	assert_int_equal(member_int(j, "year"), 2023);
	assert_int_equal(member_int(j, "carried_from_id"), klass);
	assert_string_equal(json_string_value(json_object_get(j, "area_name")), "Nätverk");
	json_decref(j);
	/* Twice: 409, nothing duplicated. */
	assert_error(
		(r = lb_json(&c, "POST", str(&c, "/api/v1/activities/%lld/carry", (long long)klass), NULL, NULL), &r),
		409, "id");
	/* A done one: 400 naming status. */
	assert_error(
		(r = lb_json(&c, "POST", str(&c, "/api/v1/activities/%lld/carry", (long long)ids2022[0]), NULL, NULL),
		 &r),
		400, "status");
	/* The history from the new year back. */
	r = lb_json(&c, "GET", str(&c, "/api/v1/activities/%lld/history", (long long)next), NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "chain")), 2);
	assert_int_equal(member_int(json_array_get(json_object_get(j, "chain"), 0), "id"), klass);
	assert_int_equal(member_int(json_array_get(json_object_get(j, "chain"), 0), "carried_to_id"), next);
	json_decref(j);
	/* All the rest: every unfinished one of 2022, once. */
	r = lb_json(&c, "POST", str(&c, "/api/v1/plans/%lld/carry", (long long)plan2022_id), NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(member_int(j, "carried"), 9); /* 16, less 6 done and the one carried already */
	assert_int_equal(member_int(j, "next_plan_id"), next_plan);
	json_decref(j);
	r = lb_json(&c, "POST", str(&c, "/api/v1/plans/%lld/carry", (long long)plan2022_id), NULL, NULL);
	j = parse(&r);
	assert_int_equal(member_int(j, "carried"), 0);
	json_decref(j);
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld", (long long)next_plan), NULL, NULL);
	j = parse(&r);
	assert_int_equal(member_int(json_object_get(j, "counts"), "total"), 10);
	assert_int_equal(json_array_size(json_object_get(j, "areas")), 3);
	json_decref(j);
	lb_client_release(&c);

	/* The activity page shows the chain; the 2022 one says it continues. */
	login(&c, W_READER);
	r = lb_get(&c, str(&c, "/activities/%lld", (long long)next));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, str(&c, "href=\"/activities/%lld\"", (long long)klass)));
	assert_true(lb_has(&r, "Historik över åren"));
	r = lb_get(&c, str(&c, "/activities/%lld", (long long)klass));
	assert_true(lb_has(&r, "Fortsätter nästa år"));
	/* Quarters as Swedish reads them: "kv. 3", never "Q3" or "K3" (which reads as confidentiality 3). */
	assert_true(lb_has(&r, "<dd>kv. 3, kv. 4</dd>"));
	assert_false(lb_has_word(&r, "Q3")); /* as a word: a random token in the page may hold the letters */
	assert_false(lb_has_word(&r, "K3"));
	lb_client_release(&c);
}

static int64_t count_in(struct lb_client *c, int64_t plan)
{
	struct lb_resp r =
		lb_json(c, "GET", str(c, "/api/v1/activities?plan_id=%lld&limit=1", (long long)plan), NULL, NULL);
	json_t *j = parse(&r);
	int64_t n = member_int(j, "total");
	json_decref(j);
	return n;
}

static void test_bad_input_and_conflict(void **state)
{
	struct lb_client c, z;
	struct lb_resp r;
	json_t *j;
	int64_t area, zplan, zarea, before, id;
	const char *acts;

	api_client(&c, W_COORD);
	acts = str(&c, "/api/v1/plans/%lld/activities", (long long)plan2022_id);
	api_client(&z, W_COORD_Z);
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld", (long long)plan2022_id), NULL, NULL);
	j = parse(&r);
	area = member_int(json_array_get(json_object_get(j, "areas"), 0), "id");
	json_decref(j);
	r = lb_json(&z, "POST", "/api/v1/plans",
		    str(&z, "{\"unit_id\":%lld,\"year\":2022,\"areas\":[\"Zeta\"]}", org_z), NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	zplan = member_int(j, "id");
	zarea = member_int(json_array_get(json_object_get(j, "areas"), 0), "id");
	json_decref(j);
	before = count_in(&c, plan2022_id);

	assert_error((r = lb_json(&c, "POST", acts,
				  str(&c, "{\"area_id\":%lld,\"title\":\"X\",\"quarters\":[\"Q5\"]}", area), NULL),
		      &r),
		     400, "quarters");
	assert_error((r = lb_json(&c, "POST", acts,
				  str(&c, "{\"area_id\":%lld,\"title\":\"X\",\"quarters\":\"Q1\"}", area), NULL),
		      &r),
		     400, "quarters");
	assert_error((r = lb_json(&c, "POST", acts, str(&c, "{\"area_id\":%lld,\"title\":\"X\"}", zarea), NULL), &r),
		     400, "area_id");
	assert_error((r = lb_json(&c, "POST", acts,
				  str(&c, "{\"area_id\":%lld,\"title\":\"X\",\"status\":\"klar\"}", area), NULL),
		      &r),
		     400, "status");
	assert_error((r = lb_json(&c, "POST", acts,
				  arena_printf(c.arena, "{\"area_id\":%lld,\"title\":\"X\",\"responsible_id\":%lld}",
					       (long long)area, (long long)users[W_COORD_Z]),
				  NULL),
		      &r),
		     400, "responsible_id");
	assert_int_equal(count_in(&c, plan2022_id), before);
	assert_error((r = lb_json(&c, "POST", "/api/v1/plans",
				  str(&c, "{\"unit_id\":%lld,\"year\":1999}", (long long)board), NULL),
		      &r),
		     400, "year");
	assert_error((r = lb_json(&c, "POST", "/api/v1/plans",
				  str(&c, "{\"unit_id\":%lld,\"year\":2101}", (long long)board), NULL),
		      &r),
		     400, "year");
	assert_error((r = lb_json(&c, "POST", "/api/v1/plans",
				  str(&c, "{\"unit_id\":%lld,\"year\":2022}", (long long)org), NULL),
		      &r),
		     409, "year");
	/* Another organisation's plan: not in scope. */
	assert_int_equal(lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld", (long long)zplan), NULL, NULL).status, 403);
	assert_int_equal(lb_json(&z, "GET", str(&z, "/api/v1/plans/%lld", (long long)plan2022_id), NULL, NULL).status,
			 403);
	/* Two people change one activity at the version they read: the second gets 409 with the other's version. */
	id = ids2022[0];
	r = lb_json(&c, "GET", str(&c, "/api/v1/activities/%lld", (long long)id), NULL, NULL);
	assert_int_equal(r.status, 200);
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/activities/%lld", (long long)id), "{\"status_comment\":\"Första\"}",
		    r.etag);
	assert_int_equal(r.status, 200);
	r = lb_json(&c, "PATCH", str(&c, "/api/v1/activities/%lld", (long long)id),
		    "{\"status_comment\":\"Andra\",\"version\":1}", NULL);
	assert_int_equal(r.status, 409);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "current"), "status_comment")),
			    "Första");
	json_decref(j);
	/* A reader changes nothing. */
	lb_client_release(&z);
	api_client(&z, W_READER);
	assert_int_equal(lb_json(&z, "PATCH", str(&z, "/api/v1/activities/%lld", (long long)id),
				 "{\"status\":\"done\",\"version\":2}", NULL)
				 .status,
			 403);
	lb_client_release(&z);
	lb_client_release(&c);

	/* The page names the field and keeps what was typed. */
	login(&c, W_COORD);
	r = lb_post(&c, str(&c, "/plans/%lld/activities", (long long)plan2022_id),
		    (const char *const[]){ "area_id", arena_printf(c.arena, "%lld", (long long)zarea), "title",
					   "Behållen text", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-area_id\""));
	assert_true(lb_has(&r, "Behållen text"));
	r = lb_post(&c, "/plans",
		    (const char *const[]){ "unit_id", arena_printf(c.arena, "%lld", (long long)board), "year", "1999",
					   NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-year\""));
	lb_client_release(&c);
}

static void test_markdown_shown_as_text(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	int64_t area, id;

	api_client(&c, W_COORD);
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld", (long long)plan2022_id), NULL, NULL);
	j = parse(&r);
	area = member_int(json_array_get(json_object_get(j, "areas"), 2), "id");
	json_decref(j);
	r = lb_json(
		&c, "POST", str(&c, "/api/v1/plans/%lld/activities", (long long)plan2022_id),
		str(&c,
		    "{\"area_id\":%lld,\"title\":\"Skript\",\"purpose\":\"**Viktigt**\\n\\n<script>alert(1)</script>"
		    " [klicka](javascript:alert(2))\"}",
		    area),
		NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	id = member_int(j, "id");
	json_decref(j);
	lb_client_release(&c);
	login(&c, W_READER);
	r = lb_get(&c, str(&c, "/activities/%lld", (long long)id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<strong>Viktigt</strong>"));
	assert_true(lb_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_false(lb_has(&r, "<script>alert"));
	assert_false(lb_has(&r, "href=\"javascript"));
	r = lb_get(&c, str(&c, "/plans/%lld/report.html", (long long)plan2022_id));
	assert_false(lb_has(&r, "<script>alert"));
	assert_false(lb_has(&r, "href=\"javascript"));
	assert_true(lb_has(&r, "&lt;script&gt;"));
	lb_client_release(&c);
}

static void test_list_filters_and_exports(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;

	login(&c, W_READER);
	r = lb_get(&c, "/activities?year=2022&status=ongoing");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Tvåfaktorsautentisering"));
	assert_false(lb_has(&r, "Riskanalys</a>"));
	assert_int_equal(lb_get(&c, "/activities?status=klar").status, 400);
	assert_int_equal(lb_get(&c, "/activities?year=1800").status, 400);
	assert_int_equal(lb_get(&c, "/activities?sort=nonsense").status, 400);
	r = lb_get(&c, "/activities/export.csv?year=2022&status=done");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/csv"));
	assert_non_null(strstr(r.headers, "attachment; filename=\"aktiviteter-"));
	assert_true(lb_has(&r, "Riskanalys"));
	assert_false(lb_has(&r, "Tvåfaktorsautentisering"));
	r = lb_get(&c, "/activities/export.xlsx?year=2022");
	assert_int_equal(r.status, 200);
	assert_true(r.body[0] == 'P' && r.body[1] == 'K');
	r = lb_get(&c, "/activities/export.json?year=2022&sort=title");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(member_int(j, "total") >= 16);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "title")),
			    "Behörighetshantering");
	json_decref(j);
	/* The plans list is the roll-up with totals, and exports like every list. */
	r = lb_get(&c, str(&c, "/plans?unit_id=%lld&year=2022", (long long)org));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<tfoot>"));
	r = lb_get(&c, str(&c, "/plans/export.csv?unit_id=%lld&year=2022", (long long)org));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Ekdala kommun"));
	r = lb_get(&c, "/plans/export.json?year=2022");
	j = parse(&r);
	assert_int_equal(member_int(j, "total"), 1);
	assert_int_equal(member_int(json_object_get(json_array_get(json_object_get(j, "items"), 0), "counts"), "done"),
			 6);
	json_decref(j);
	lb_client_release(&c);
	/* Out of scope: another organisation's coordinator sees none of them. */
	login(&c, W_COORD_Z);
	r = lb_get(&c, "/activities?year=2022");
	assert_false(lb_has(&r, "Tvåfaktorsautentisering"));
	lb_client_release(&c);
}

/* "Mina uppgifter": what I am responsible for, overdue first, on the start page. */
static void test_my_tasks(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	int64_t area;
	const char *later, *late;

	api_client(&c, W_COORD);
	r = lb_json(&c, "GET", str(&c, "/api/v1/plans/%lld", (long long)plan2022_id), NULL, NULL);
	j = parse(&r);
	area = member_int(json_array_get(json_object_get(j, "areas"), 1), "id");
	json_decref(j);
	/* Today is 2022-12-15: Q4 is not over, Q1 is. */
	r = lb_json(&c, "POST", str(&c, "/api/v1/plans/%lld/activities", (long long)plan2022_id),
		    arena_printf(c.arena,
				 "{\"area_id\":%lld,\"title\":\"Senare uppgift\",\"quarters\":[\"Q4\"],"
				 "\"status\":\"ongoing\",\"responsible_id\":%lld}",
				 (long long)area, (long long)users[W_COORD]),
		    NULL);
	assert_int_equal(r.status, 201);
	r = lb_json(&c, "POST", str(&c, "/api/v1/plans/%lld/activities", (long long)plan2022_id),
		    arena_printf(c.arena,
				 "{\"area_id\":%lld,\"title\":\"Försenad uppgift\",\"quarters\":[\"Q1\"],"
				 "\"status\":\"started\",\"responsible_id\":%lld}",
				 (long long)area, (long long)users[W_COORD]),
		    NULL);
	assert_int_equal(r.status, 201);
	lb_client_release(&c);
	login(&c, W_COORD);
	r = lb_get(&c, "/");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Att göra"));
	later = strstr(r.body, "Senare uppgift");
	late = strstr(r.body, "Försenad uppgift");
	assert_non_null(later);
	assert_non_null(late);
	assert_true(late < later); /* overdue first */
	assert_true(lb_has(&r, "<tr class=\"overdue\">"));
	lb_client_release(&c);
	/* Someone responsible for nothing is told so. */
	login(&c, W_READER);
	r = lb_get(&c, "/");
	assert_false(lb_has(&r, "Försenad uppgift"));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_report_every_format), cmocka_unit_test(test_carry_over_and_history),
		cmocka_unit_test(test_bad_input_and_conflict),   cmocka_unit_test(test_markdown_shown_as_text),
		cmocka_unit_test(test_list_filters_and_exports), cmocka_unit_test(test_my_tasks),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	xmlCleanupParser();
	return rc;
}
