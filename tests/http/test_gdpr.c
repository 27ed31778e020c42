/*
 * test_gdpr.c - the register of processing activities as people and
 * programs use it: creating and changing entries through the API and the
 * forms, bad input answered with 400 naming the field in the user's
 * language and nothing saved, two people saving the same entry (409), the
 * owner's and the data protection officer's steps, the Art. 49(3) refusal,
 * the reverse view on an asset's page, the measures of an impact assessment
 * made activities of the action plan, processors and their agreement
 * files, and the register's exports in every format with every Art. 30(1)
 * item, the XLSX read back with a zip and XML reader.
 *
 * The fixture: organisation A (Ekdala kommun) with board B and
 * administration U below it, organisation Z. Dora is the data protection
 * officer of A, Sam the coordinator of B, Olle an owner on B and Rut a
 * reader on B; Zed is a coordinator in Z only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "db/db.h"
#include "docread.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/gdpr.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, board, unit, org_z, board_z;
static int64_t u_dpo, u_coord, u_olle, u_reader, u_zed;
static int64_t c_clients, c_contact, c_health, sys, sys_z;
static const char *t_dpo, *t_coord, *t_olle, *t_reader, *t_zed;

static const char *token(int64_t user)
{
	struct err e = { 0 };
	const char *clear = NULL;
	assert_int_equal(token_create(env.db, env.arena, &fx_system, user, "test", &clear, NULL, &e), 0);
	return clear;
}

static int64_t category(const char *kind, const char *name, const char *special)
{
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(gdpr_category_create(env.db, env.arena, &fx_system, org, kind, name, special, &id, &e), 0);
	return id;
}

/* Test set-up only: a signed classification of @asset, and a requirement it fulfils. */
static DB_QUERY(T_CLASS,
		"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, c_computed,"
		" i_computed, a_computed, status, review_due, created_at)"
		" VALUES ($1, 1, 3, 2, 1, 3, 2, 1, 'signed', '2027-01-01', '2026-01-01T00:00:00Z') RETURNING id");
static DB_QUERY(T_CLASSIFY, "UPDATE assets SET classification_id = $2 WHERE id = $1");
static DB_QUERY(T_REQ, "INSERT INTO requirements (code, title, category, created_at, updated_at)"
		       " VALUES ('ÅTK-1', 'Behörigheter ses över årligen', 'Åtkomst', '2026-01-01', '2026-01-01')"
		       " RETURNING id");
static DB_QUERY(T_FULFIL, "INSERT INTO asset_requirements (asset_id, requirement_id, status, updated_at)"
			  " VALUES ($1, $2, 'fulfilled', '2026-01-01')");

static void classify(int64_t asset)
{
	struct db_rows rows;
	struct err e = { 0 };
	int64_t cid, rid;
	assert_int_equal(db_run(env.db, env.arena, &T_CLASS, DB_ARGS(DB_INT(asset)), &rows, &e), 0);
	cid = rows_int(&rows, 0, 0);
	assert_int_equal(db_run(env.db, env.arena, &T_CLASSIFY, DB_ARGS(DB_INT(asset), DB_INT(cid)), NULL, &e), 0);
	assert_int_equal(db_run(env.db, env.arena, &T_REQ, NULL, 0, &rows, &e), 0);
	rid = rows_int(&rows, 0, 0);
	assert_int_equal(db_run(env.db, env.arena, &T_FULFIL, DB_ARGS(DB_INT(asset), DB_INT(rid)), NULL, &e), 0);
}

static int setup(void **state)
{
	struct asset_input ai = { .kind = "system", .personal_data = true };
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit = lb_env_unit(&env, board, "administration", "Socialförvaltningen");
	org_z = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	board_z = lb_env_unit(&env, org_z, "board", "Zeta nämnd");
	u_dpo = lb_env_user(&env, "dora", "dpo", org);
	u_coord = lb_env_user(&env, "sam", "coordinator", board);
	u_olle = lb_env_user(&env, "olle", "owner", board);
	u_reader = lb_env_user(&env, "rut", "reader", board);
	u_zed = lb_env_user(&env, "zed", "coordinator", org_z);
	t_dpo = token(u_dpo);
	t_coord = token(u_coord);
	t_olle = token(u_olle);
	t_reader = token(u_reader);
	t_zed = token(u_zed);
	c_clients = category("subject", "Klienter", "");
	c_contact = category("data", "Kontaktuppgifter", "");
	c_health = category("data", "Uppgifter om hälsa", "art9");
	ai.unit_id = unit;
	ai.name = "Verksamhetssystem SoL";
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &ai, &sys, &e), 0);
	ai.unit_id = board_z;
	ai.name = "Zetas system";
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &ai, &sys_z, &e), 0);
	classify(sys);
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static void api_client(struct lb_client *c, const char *tok)
{
	lb_client_init(c, &env);
	c->bearer = tok;
	c->accept = "application/json";
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

/* @r is @status with an error naming @field whose message contains @words. */
static void assert_error(const struct lb_resp *r, int status, const char *field, const char *words)
{
	json_t *j, *err;
	if (r->status != status)
		fail_msg("status %d, expected %d: %.300s", r->status, status, r->body);
	j = parse(r);
	err = json_object_get(j, "error");
	if (strcmp(json_string_value(json_object_get(err, "field")), field))
		fail_msg("field %s, expected %s", json_string_value(json_object_get(err, "field")), field);
	if (words && !strstr(json_string_value(json_object_get(err, "message")), words))
		fail_msg("message \"%s\" lacks \"%s\"", json_string_value(json_object_get(err, "message")), words);
	json_decref(j);
}

static int64_t count_activities(void)
{
	struct gdpr_filter f;
	struct gdpr_activity *list;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	gdpr_filter_init(&f);
	assert_int_equal(gdpr_activity_list(env.db, env.arena, &f, &list, &n, &total, &e), 0);
	return total;
}

static const char *complete_body(struct arena *a, const char *name)
{
	return arena_printf(
		a,
		"{\"unit_id\":%lld,\"name\":\"%s\",\"controller_contact\":\"Socialnämnden, 010-100 00 00\","
		"\"dpo_id\":%lld,\"owner_id\":%lld,\"recipients\":\"Försäkringskassan\","
		"\"purposes\":[{\"purpose\":\"Handläggning av bistånd\",\"legal_basis\":\"e\","
		"\"statute\":\"Socialtjänstlagen (2001:453)\"}],"
		"\"data_subject_ids\":[%lld],\"personal_data\":[{\"category_id\":%lld,\"retention\":\"5 år\","
		"\"retention_rule\":\"Gallringsbeslut SN 2024/12\"}],\"asset_ids\":[%lld]}",
		(long long)board, name, (long long)u_dpo, (long long)u_olle, (long long)c_clients, (long long)c_contact,
		(long long)sys);
}

static int64_t create_api(const char *name)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	int64_t id;
	api_client(&c, t_coord);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", complete_body(c.arena, name), NULL);
	if (r.status != 201)
		fail_msg("create %s: %d %.300s", name, r.status, r.body);
	j = parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	lb_client_release(&c);
	return id;
}

/* Bad input: 400 naming the field, in the user's language, nothing saved. */
static void test_api_bad_input(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before = count_activities();
	char body[600];

	api_client(&c, t_coord);
	/* REQ: GDPR-6.1 */
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"name\":\"Fel\",\"purposes\":[{\"purpose\":\"X\",\"legal_basis\":\"g\"}]}",
		 (long long)board);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", body, NULL);
	assert_error(&r, 400, "legal_basis_1", "artikel 6.1");
	/* REQ: GDPR-9.2 */
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"name\":\"Fel\",\"art9_point\":\"k\"}", (long long)board);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", body, NULL);
	assert_error(&r, 400, "art9_point", "artikel 9.2");
	/* REQ: GDPR-30.1.f */
	snprintf(
		body, sizeof(body),
		"{\"unit_id\":%lld,\"name\":\"Fel\",\"personal_data\":[{\"category_id\":%lld,\"retention\":\"länge\"}]}",
		(long long)board, (long long)c_contact);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", body, NULL);
	assert_error(&r, 400, arena_printf(c.arena, "retention_%lld", (long long)c_contact), "gallringsfrist");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"name\":\"Fel\",\"asset_ids\":[\"x\"]}", (long long)board);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", body, NULL);
	assert_error(&r, 400, "asset_ids", NULL);
	/* A system the caller does not see is as if it did not exist. */
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"name\":\"Fel\",\"asset_ids\":[%lld]}", (long long)board,
		 (long long)sys_z);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", body, NULL);
	assert_error(&r, 400, "asset_ids", NULL);
	/* English for a user who chose it. */
	lb_client_release(&c);
	struct err e = { 0 };
	assert_int_equal(user_set_lang(env.db, env.arena, &fx_system, u_coord, "en", &e), 0);
	api_client(&c, t_coord);
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"name\":\"Fel\",\"art9_point\":\"k\"}", (long long)board);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", body, NULL);
	assert_error(&r, 400, "art9_point", "Art. 9(2)");
	assert_int_equal(user_set_lang(env.db, env.arena, &fx_system, u_coord, "sv", &e), 0);
	/* Nothing saved by any of them. */
	assert_int_equal(count_activities(), before);
	/* Someone out of scope, or a reader, cannot create one. */
	lb_client_release(&c);
	api_client(&c, t_zed);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", complete_body(c.arena, "Zed"), NULL);
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
	api_client(&c, t_reader);
	r = lb_json(&c, "POST", "/api/v1/processing-activities", complete_body(c.arena, "Rut"), NULL);
	assert_int_equal(r.status, 403);
	assert_int_equal(count_activities(), before);
	lb_client_release(&c);
}

/* The owner submits, the DPO validates; two people change the same entry: 409 with the current one. */
static void test_api_steps_and_conflict(void **state)
{
	struct lb_client c, o, d;
	struct lb_resp r;
	json_t *j;
	int64_t id = create_api("Ekonomiskt bistånd");
	const char *url = arena_printf(env.arena, "/api/v1/processing-activities/%lld", (long long)id);

	api_client(&c, t_coord);
	api_client(&o, t_olle);
	api_client(&d, t_dpo);
	r = lb_json(&c, "GET", url, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"1\"");
	j = parse(&r);
	/* The security measures come from the system: its classification and the requirement it fulfils. */
	json_t *as = json_array_get(json_object_get(j, "assets"), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(as, "classification"), "confidentiality")),
			 3);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(as, "fulfilled_requirements"), 0), "code")),
			    "ÅTK-1");
	assert_true(json_is_true(json_object_get(j, "review_overdue")));
	json_decref(j);
	/* The reader may read it, not change it; the owner may change it. */
	api_client(&c, t_reader);
	assert_int_equal(lb_json(&c, "PATCH", url, "{\"description\":\"X\"}", "\"1\"").status, 403);
	api_client(&c, t_coord);
	r = lb_json(&o, "PATCH", url, "{\"description\":\"Olles text\"}", "\"1\"");
	assert_int_equal(r.status, 200);
	/* The coordinator saves over the version 1 he read: 409, with Olle's version. */
	r = lb_json(&c, "PATCH", url, "{\"description\":\"Sams text\"}", "\"1\"");
	assert_int_equal(r.status, 409);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "current"), "description")),
			    "Olles text");
	json_decref(j);
	/* Only the DPO validates; a draft first needs submitting. */
	assert_int_equal(lb_json(&o, "POST", arena_printf(o.arena, "%s/validate", url), "{}", "\"2\"").status, 403);
	r = lb_json(&d, "POST", arena_printf(d.arena, "%s/validate", url), "{}", "\"2\"");
	assert_error(&r, 400, "state", NULL);
	r = lb_json(&o, "POST", arena_printf(o.arena, "%s/submit", url), "{}", "\"2\"");
	assert_int_equal(r.status, 200);
	r = lb_json(&d, "POST", arena_printf(d.arena, "%s/validate", url), "{}", "\"3\"");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "validated");
	assert_string_equal(json_string_value(json_object_get(j, "reviewed_by_name")), "dora");
	assert_true(json_is_false(json_object_get(j, "review_overdue")));
	json_decref(j);
	/* Sending back needs a comment. */
	r = lb_json(&d, "POST", arena_printf(d.arena, "%s/send-back", url), "{}", "\"4\"");
	assert_error(&r, 400, "comment", NULL);
	lb_client_release(&c);
	lb_client_release(&o);
	lb_client_release(&d);
}

/* REQ: GDPR-49.3 the refusal through the API, citing the article; DPF with and without certification. */
static void test_api_transfers(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t id = create_api("Molnlagring");
	const char *url = arena_printf(env.arena, "/api/v1/processing-activities/%lld/transfers", (long long)id);

	api_client(&c, t_coord);
	r = lb_json(&c, "POST", url, "{\"country\":\"BR\",\"basis\":\"derogation\",\"art49_point\":\"a\"}", NULL);
	assert_error(&r, 400, "art49_point", "artikel 49.3");
	r = lb_json(&c, "POST", url, "{\"country\":\"XY\",\"basis\":\"adequacy\"}", NULL);
	assert_error(&r, 400, "country", "ISO 3166");
	/* REQ: GDPR-45 DPF */
	r = lb_json(&c, "POST", url, "{\"country\":\"US\",\"basis\":\"dpf\"}", NULL);
	assert_error(&r, 400, "dpf_certified", NULL);
	r = lb_json(&c, "POST", url,
		    "{\"country\":\"US\",\"recipient\":\"Molnet Inc.\",\"basis\":\"dpf\",\"dpf_certified\":true,"
		    "\"dpf_checked_on\":\"2026-02-01\"}",
		    NULL);
	assert_int_equal(r.status, 201);
	r = lb_json(&c, "GET", url, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"country_name\":\"United States\""));
	lb_client_release(&c);
}

/* Processors: the agreement's dates and file; deleting one still used names the activities. */
static void test_api_processors(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	char body[400];
	int64_t pid, aid;

	api_client(&c, t_coord);
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"name\":\"Tieto\",\"country\":\"SE\",\"subprocessors\":[{\"name\":\"Drift AB\","
		 "\"country\":\"FI\"}]}",
		 (long long)board);
	r = lb_json(&c, "POST", "/api/v1/processors", body, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	pid = json_integer_value(json_object_get(json_object_get(j, "processor"), "id"));
	json_decref(j);
	const char *ag = arena_printf(c.arena, "/api/v1/processors/%lld/agreements", (long long)pid);
	r = lb_json(&c, "POST", ag, "{\"signed_on\":\"2026-01-10\",\"expires_on\":\"2025-01-01\"}", NULL);
	assert_error(&r, 400, "expires_on", NULL);
	r = lb_json(&c, "POST", ag,
		    "{\"signed_on\":\"2026-01-10\",\"file_name\":\"avtal.pdf\",\"file_base64\":\"TVogbm90IGEgcGRm\"}",
		    NULL);
	assert_error(&r, 400, "file", NULL);
	r = lb_json(&c, "POST", ag,
		    "{\"signed_on\":\"2026-01-10\",\"expires_on\":\"2028-01-10\",\"case_ref\":\"SN 2026/4\","
		    "\"file_name\":\"avtal.pdf\",\"file_base64\":\"JVBERi0xLjcKJSBhdnRhbAo=\"}",
		    NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	json_t *file = json_object_get(json_array_get(json_object_get(j, "agreements"), 0), "file");
	aid = json_integer_value(json_object_get(json_array_get(json_object_get(j, "agreements"), 0), "id"));
	assert_string_equal(json_string_value(json_object_get(file, "sha256")),
			    "dd744b0d4006a3d05bedda6503b87dfbd14f082581836bf3d1be2b1cfbce8bf6");
	json_decref(j);
	r = lb_json(&c, "GET", arena_printf(c.arena, "/api/v1/agreements/%lld/file", (long long)aid), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/pdf");
	assert_true(strstr(r.headers, "Content-Disposition: attachment; filename=\"avtal.pdf\"") != NULL);
	assert_int_equal(r.len, 17);
	/* Used by an activity: not deleted, the activity named. */
	snprintf(body, sizeof(body), "{\"processor_ids\":[%lld],\"version\":1}", (long long)pid);
	int64_t id = create_api("Journalföring");
	r = lb_json(&c, "PATCH", arena_printf(c.arena, "/api/v1/processing-activities/%lld", (long long)id), body,
		    NULL);
	assert_int_equal(r.status, 200);
	r = lb_json(&c, "DELETE", arena_printf(c.arena, "/api/v1/processors/%lld", (long long)pid), NULL, NULL);
	assert_error(&r, 409, "id", "Journalföring");
	lb_client_release(&c);
}

static void login(struct lb_client *c, const char *who)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
	c->lang[0] = 0;
}

/* The form: a bad legal basis is named in Swedish at its field, what was typed is kept, nothing saved. */
static void test_page_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before = count_activities();
	const char *form[] = { "unit_id",
			       arena_printf(env.arena, "%lld", (long long)board),
			       "name",
			       "Hemtjänst",
			       "purpose_1",
			       "Planering av insatser",
			       "legal_basis_1",
			       "g",
			       "subject_ids",
			       arena_printf(env.arena, "%lld", (long long)c_clients),
			       NULL };

	login(&c, "sam");
	r = lb_get(&c, arena_printf(c.arena, "/gdpr/activities/new?unit_id=%lld", (long long)board));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Kontaktuppgifter"));
	assert_true(lb_has(&r, "Verksamhetssystem SoL"));
	r = lb_post(&c, "/gdpr/activities", form);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-legal_basis_1\""));
	assert_true(lb_has(&r, "Välj rättslig grund: en punkt i artikel 6.1, a–f."));
	assert_true(lb_has(&r, "id=\"f-legal_basis_1\" name=\"legal_basis_1\" aria-invalid=\"true\""));
	assert_true(lb_has(&r, "value=\"Planering av insatser\""));
	assert_true(lb_has(&r, arena_printf(c.arena, "value=\"%lld\" id=\"f-subject-%lld\" checked",
					    (long long)c_clients, (long long)c_clients)));
	assert_int_equal(count_activities(), before);
	form[7] = "e";
	r = lb_post(&c, "/gdpr/activities", form);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-statute_1\""));
	form[7] = "b";
	r = lb_post(&c, "/gdpr/activities", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(count_activities(), before + 1);
	lb_client_release(&c);
}

/* Two people editing one entry: the second gets 409 with the first one's version, and their text kept. */
static void test_page_conflict(void **state)
{
	struct lb_client c, o;
	struct lb_resp r;
	int64_t id = create_api("Färdtjänst");
	const char *url = arena_printf(env.arena, "/gdpr/activities/%lld/edit", (long long)id);
	const char *mine[] = { "version",     "1",
			       "unit_id",     arena_printf(env.arena, "%lld", (long long)board),
			       "name",        "Färdtjänst",
			       "description", "Olles beskrivning",
			       NULL };
	const char *theirs[] = { "version",     "1",
				 "unit_id",     arena_printf(env.arena, "%lld", (long long)board),
				 "name",        "Färdtjänst",
				 "description", "Sams beskrivning",
				 NULL };

	login(&o, "olle");
	login(&c, "sam");
	assert_int_equal(lb_get(&o, url).status, 200);
	assert_int_equal(lb_post(&o, url, mine).status, 303);
	r = lb_post(&c, url, theirs);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "Olles beskrivning"));
	assert_true(lb_has(&r, "Sams beskrivning"));
	/* A reader sees the entry but gets no form. */
	lb_client_release(&c);
	login(&c, "rut");
	assert_int_equal(lb_get(&c, url).status, 403);
	r = lb_get(&c, arena_printf(env.arena, "/gdpr/activities/%lld", (long long)id));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "/edit\""));
	lb_client_release(&c);
	lb_client_release(&o);
}

/* The DPO asks the owner to review: a task on the owner's start page; the Art. 49(3) refusal on the page. */
static void test_page_review_and_transfer(void **state)
{
	struct lb_client d, o;
	struct lb_resp r;
	int64_t id = create_api("Skolskjuts");
	const char *page = arena_printf(env.arena, "/gdpr/activities/%lld", (long long)id);
	const char *ask[] = { "version", "1", "comment_request-review", "Se över gallringen", NULL };
	const char *transfer[] = { "country", "BR", "basis", "derogation", "art49_point", "a", NULL };

	login(&d, "dora");
	r = lb_get(&d, page);
	assert_true(lb_has(&r, "(försenad)"));
	/* The screening's suggestion, naming what triggered it. */
	assert_true(lb_has(&r, "Ingen konsekvensbedömning föreslås."));
	r = lb_post(&d, arena_printf(d.arena, "%s/request-review", page), ask);
	assert_int_equal(r.status, 303);
	r = lb_post(&d, arena_printf(d.arena, "%s/transfers", page), transfer);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-art49_point\""));
	assert_true(lb_has(&r, "(artikel 49.3)"));
	login(&o, "olle");
	r = lb_get(&o, "/");
	/* In "Mina uppgifter", with the officer's comment. */
	assert_true(lb_has(&r, arena_printf(o.arena, "<a href=\"%s\">Skolskjuts</a>", page)));
	assert_true(lb_has(&r, "Översyn begärd"));
	assert_true(lb_has(&r, "Se över gallringen"));
	/* The DPO's start page counts what is overdue. */
	r = lb_get(&d, "/");
	assert_true(lb_has(&r, "Inte granskade på tolv månader"));
	/* The unit page too. */
	r = lb_get(&d, arena_printf(d.arena, "/units/%lld", (long long)board));
	assert_true(lb_has(&r, "Inte granskade på tolv månader"));
	lb_client_release(&d);
	lb_client_release(&o);
}

/*
 * The measures of an impact assessment become activities of this year's
 * action plan of the controller, once: by the API, then seen on the DPIA
 * page with their status, and from the activity, the version it addresses.
 */
static void test_dpia_measures_to_plan(void **state)
{
	struct lb_client c, p;
	struct lb_resp r;
	json_t *j, *m;
	int64_t id = create_api("Kameraövervakning"), dpia, ac;
	const char *actions;

	api_client(&c, t_olle);
	r = lb_json(&c, "POST", arena_printf(c.arena, "/api/v1/processing-activities/%lld/dpias", (long long)id),
		    "{\"description\":\"Kameror i entréerna\",\"measures\":[{\"text\":\"Maskering av ansikten\"}]}",
		    NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	dpia = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	actions = arena_printf(env.arena, "/api/v1/dpias/%lld/actions", (long long)dpia);
	r = lb_json(&c, "POST", actions, NULL, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	m = json_array_get(json_object_get(json_array_get(json_object_get(j, "items"), 0), "measures"), 0);
	ac = json_integer_value(json_object_get(m, "action_id"));
	assert_true(ac > 0);
	assert_string_equal(json_string_value(json_object_get(m, "action_status")), "not_started");
	json_decref(j);
	/* Once only: the second time names the measures and makes nothing. */
	r = lb_json(&c, "POST", actions, NULL, NULL);
	assert_error(&r, 400, "measures", "redan");
	/* The activity: in the controller's plan, the entry's owner responsible, addressing the version. */
	r = lb_json(&c, "GET", arena_printf(c.arena, "/api/v1/activities/%lld", (long long)ac), NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "unit_id")), board);
	assert_int_equal(json_integer_value(json_object_get(j, "responsible_id")), u_olle);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "Maskering av ansikten");
	assert_string_equal(json_string_value(json_object_get(j, "area_name")), "Åtgärder");
	json_decref(j);
	r = lb_json(&c, "GET", arena_printf(c.arena, "/api/v1/activities/%lld/links", (long long)ac), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"kind\":\"dpia\""));
	assert_true(lb_has(&r, arena_printf(c.arena, "\"target_id\":%lld", (long long)dpia)));
	assert_true(lb_has(&r, "\"label\":\"Kameraövervakning, v. 1\""));
	lb_client_release(&c);

	login(&p, "sam");
	r = lb_get(&p, arena_printf(p.arena, "/gdpr/activities/%lld/dpia", (long long)id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, arena_printf(p.arena, "href=\"/activities/%lld\"", (long long)ac)));
	assert_true(lb_has(&r, "aktiviteten i handlingsplanen</a> (Ej påbörjad)"));
	assert_false(lb_has(&r, "Gör åtgärderna till aktiviteter i handlingsplanen"));
	r = lb_get(&p, arena_printf(p.arena, "/activities/%lld", (long long)ac));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, arena_printf(p.arena, "href=\"/gdpr/dpias/%lld\"", (long long)dpia)));
	assert_true(lb_has(&r, "Konsekvensbedömning: "));
	r = lb_get(&p, arena_printf(p.arena, "/gdpr/dpias/%lld", (long long)dpia));
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, arena_printf(p.arena, "/gdpr/activities/%lld/dpia#dpia-%lld", (long long)id,
						     (long long)dpia));
	lb_client_release(&p);
}

/* An asset's page names the activities that use it; one holding personal data that none uses is flagged. */
static void test_page_asset_reverse_view(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t lonely = 0;
	struct asset_input ai = { .unit_id = unit, .kind = "system", .name = "Oanvänt system", .personal_data = true };
	struct err e = { 0 };

	create_api("Hemsjukvård");
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &ai, &lonely, &e), 0);
	login(&c, "sam");
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld", (long long)sys));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Hemsjukvård"));
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld", (long long)lonely));
	assert_true(lb_has(&r, "ingen behandling använder den"));
	r = lb_get(&c, "/gdpr/assets?unused=true");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Oanvänt system"));
	assert_false(lb_has(&r, "Verksamhetssystem SoL"));
	lb_client_release(&c);
}

/* The register's page and downloads; an agreement file uploaded and served as an attachment. */
static void test_page_register_and_files(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	static const char *const types[][2] = {
		{ "/gdpr/register.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ "/gdpr/register.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ "/gdpr/register.csv", "text/csv; charset=utf-8" },
		{ "/gdpr/register.json", "application/json" },
		{ "/gdpr/register.html", "text/html; charset=utf-8" },
	};

	create_api("Elevhälsa");
	login(&c, "rut");
	r = lb_get(&c, arena_printf(c.arena, "/gdpr/register?unit_id=%lld", (long long)board));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Registerförteckning – Socialnämnden"));
	assert_true(lb_has(&r, "Gallringsfrister (artikel 30.1 f)"));
	assert_true(lb_has(&r, "Elevhälsa"));
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		r = lb_get(&c, types[i][0]);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.content_type, types[i][1]);
		assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"registerforteckning-"));
	}
	lb_client_release(&c);

	/* A processor's agreement: a forbidden type is named, a PDF is kept and served as an attachment. */
	struct gdpr_processor_input pin = { .unit_id = board, .name = "Skrivarbolaget" };
	struct gdpr_agreement *ags;
	size_t n;
	int64_t pid = 0;
	struct err e = { 0 };
	assert_int_equal(processor_create(env.db, env.arena, &fx_system, &pin, &pid, &e), 0);
	login(&c, "sam");
	const char *url = arena_printf(c.arena, "/gdpr/processors/%lld/agreements", (long long)pid);
	const char *bad[] = { "signed_on", "2026-01-01", "agreement_file", "MZ\x01", "agreement_file.filename",
			      "avtal.exe", NULL };
	r = lb_post(&c, url, bad);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-agreement_file\""));
	const char *good[] = { "signed_on",
			       "2026-01-01",
			       "expires_on",
			       "2026-04-01",
			       "agreement_file",
			       "%PDF-1.4 avtal",
			       "agreement_file.filename",
			       "PUB-avtal 2026.pdf",
			       NULL };
	r = lb_post(&c, url, good);
	assert_int_equal(r.status, 303);
	assert_int_equal(agreements_of(env.db, env.arena, pid, &ags, &n, &e), 0);
	assert_int_equal(n, 1);
	r = lb_get(&c, arena_printf(c.arena, "/gdpr/agreements/%lld/file", (long long)ags[0].id));
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/pdf");
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"PUB-avtal_2026.pdf\""));
	assert_non_null(strstr(r.headers, "X-Content-Type-Options: nosniff"));
	/* Expiring within 90 days of today (TILLIT_NOW is not set here: the flag follows the real clock). */
	r = lb_get(&c, arena_printf(c.arena, "/gdpr/processors/%lld", (long long)pid));
	assert_int_equal(r.status, 200);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_bad_input),
		cmocka_unit_test(test_api_steps_and_conflict),
		cmocka_unit_test(test_api_transfers),
		cmocka_unit_test(test_api_processors),
		cmocka_unit_test(test_page_form),
		cmocka_unit_test(test_page_conflict),
		cmocka_unit_test(test_page_review_and_transfer),
		cmocka_unit_test(test_page_asset_reverse_view),
		cmocka_unit_test(test_dpia_measures_to_plan),
		cmocka_unit_test(test_page_register_and_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
