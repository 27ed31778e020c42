/*
 * test_incidents.c - incidents through the pages and the API, as people
 * use them: a reader reports from the form and sees only their own
 * reports; the public form is off by default, and when on shows only the
 * organisation's name and lands in triage; a coordinator makes a report a
 * breach, records the decision not to notify IMY and sees the IMY clock
 * stop; the texts for IMY and the CSIRT; a time on the night the clocks
 * go back is asked about; bad input is refused naming the field in the
 * user's language and saves nothing; two edits of one version: the second
 * gets 409; the list is never cached and is exported.
 *
 * The clock is fixed at 30 March 2026 10:00 Swedish time (08:00 UTC).
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
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/incident.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

/* $1 incidents numbered from 1 in unit $2, written straight into the table. */
static DB_QUERY(T_INCIDENTS, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)"
			     " INSERT INTO incidents (unit_id, title, receipt, created_at, updated_at)"
			     " SELECT $2, 'Massärende ' || CAST(i AS TEXT), 'M-' || CAST(i AS TEXT),"
			     " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");

static struct lb_env env;
static int64_t org, board, unit, other_org, other_board, asset;
static int64_t anna, nils, olof;
static const char *coord_token, *english_token;

static int setup(void **state)
{
	const struct auth *act = &fx_system;
	struct user_input en = { "edith", "Edith English", "", "en", true };
	struct asset_input ai = { 0 };
	struct err e = { 0 };
	int64_t coord, edith;

	setenv("TILLIT_NOW", "2026-03-30T08:00:00Z", 1);
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit = lb_env_unit(&env, board, "administration", "Socialförvaltningen");
	other_org = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	other_board = lb_env_unit(&env, other_org, "board", "Zetas hemliga nämnd");
	anna = lb_env_user(&env, "anna", "reader", unit);
	olof = lb_env_user(&env, "olof", "reader", unit);
	nils = lb_env_user(&env, "nils", NULL, 0);
	coord = lb_env_user(&env, "cecilia", "coordinator", board);
	lb_env_user(&env, "dora", "dpo", board);
	lb_env_user(&env, "root", "administrator", 0);
	assert_int_equal(user_create(env.db, env.arena, act, &en, LB_PASSWORD, &edith, &e), 0);
	assert_int_equal(grant_add(env.db, env.arena, act, edith, board, "coordinator", NULL, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, act, coord, "t", &coord_token, NULL, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, act, edith, "t", &english_token, NULL, &e), 0);
	ai.unit_id = unit;
	ai.kind = "system";
	ai.name = "Procapita";
	assert_int_equal(asset_create(env.db, env.arena, act, &ai, &asset, &e), 0);
	ai.unit_id = other_board;
	ai.name = "Zetas hemliga register";
	assert_int_equal(asset_create(env.db, env.arena, act, &ai, NULL, &e), 0);
	(void)anna;
	(void)nils;
	(void)olof;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.300s", je.text, r->body);
	return j;
}

static void assert_error(const struct lb_resp *r, int status, const char *field)
{
	json_t *j = parse(r), *err;
	if (r->status != status)
		fail_msg("status %d, expected %d: %s", r->status, status, r->body);
	err = json_object_get(j, "error");
	assert_non_null(err);
	assert_string_equal(json_string_value(json_object_get(err, "field")), field);
	json_decref(j);
}

static void login(struct lb_client *c, const char *who)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
}

static void api(struct lb_client *c, const char *token)
{
	lb_client_init(c, &env);
	c->bearer = token;
	c->accept = "application/json";
}

static const char *num(int64_t v)
{
	return arena_printf(env.arena, "%lld", (long long)v);
}

static struct incident stored(int64_t id)
{
	struct incident inc;
	struct err e = { 0 };
	assert_int_equal(incident_get(env.db, env.arena, id, &inc, &e), 0);
	return inc;
}

/* The id of the newest incident titled @title (the test's own lookup). */
static int64_t find(const char *title)
{
	struct incident_filter f;
	struct incident *list;
	size_t n;
	struct err e = { 0 };
	incident_filter_init(&f);
	f.q = title;
	assert_int_equal(incident_list(env.db, env.arena, &f, &list, &n, NULL, &e), 0);
	assert_true(n >= 1);
	return list[0].id;
}

/* A reader reports from the form every page links to, and sees their report and nothing else. */
static void test_reader_reports_and_sees_own(void **state)
{
	struct lb_client c, other;
	struct lb_resp r;
	const char *form[] = { "unit_id",     num(unit),          "title",       "Borttappad pärm med journaler",
			       "description", "Lämnad på bussen", "occurred_at", "2026-03-29T01:10",
			       NULL };
	const char *other_form[] = { "unit_id", num(unit), "title", "Olofs egen rapport", NULL };

	login(&c, "anna");
	r = lb_get(&c, "/assets");
	assert_true(lb_has(&r, "href=\"/incidents/report\">Rapportera incident</a>"));
	r = lb_get(&c, "/incidents/report");
	assert_int_equal(r.status, 200);
	/* Only the units the reader has a role on. */
	assert_true(lb_has(&r, "Socialförvaltningen"));
	assert_false(lb_has(&r, "Zetas hemliga nämnd"));
	assert_false(lb_has(&r, "Socialnämnden<"));
	r = lb_post(&c, "/incidents/report", form);
	assert_int_equal(r.status, 303);
	assert_true(!strncmp(r.location, "/incidents/mine?receipt=", 24));
	login(&other, "olof");
	assert_int_equal(lb_post(&other, "/incidents/report", other_form).status, 303);
	r = lb_get(&c, r.location);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Tack. Din rapport har tagits emot."));
	assert_true(lb_has(&r, "Borttappad pärm med journaler"));
	assert_true(lb_has(&r, "Under triagering"));
	assert_false(lb_has(&r, "Olofs egen rapport"));
	r = lb_request(&c, "GET", "/api/v1/incidents/mine", (const char *const[]){ "Accept: application/json", NULL },
		       NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"total\":1"));
	assert_false(lb_has(&r, "Olofs"));
	/* The time typed in Swedish time is stored in UTC. */
	assert_string_equal(stored(find("Borttappad pärm")).occurred_at, "2026-03-29T00:10:00Z");
	lb_client_release(&c);
	lb_client_release(&other);
}

/* Someone with no role reports; they reach their own reports and nothing else, not even its log. */
static void test_reporter_without_role(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *form[] = { "title", "Konstigt mejl", NULL };
	int64_t id;

	login(&c, "nils");
	r = lb_get(&c, "/incidents/report");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "Socialförvaltningen"));
	assert_false(lb_has(&r, "Ekdala"));
	r = lb_post(&c, "/incidents/report", form);
	assert_int_equal(r.status, 303);
	id = find("Konstigt mejl");
	assert_int_equal(stored(id).unit_id, 0);
	r = lb_get(&c, "/incidents/mine");
	assert_true(lb_has(&r, "Konstigt mejl"));
	assert_int_equal(lb_get(&c, "/incidents").status, 403);
	assert_int_equal(lb_get(&c, arena_printf(env.arena, "/incidents/%lld", (long long)id)).status, 403);
	c.accept = "application/json";
	assert_int_equal(lb_request(&c, "GET",
				    arena_printf(env.arena, "/api/v1/incidents/%lld/decisions", (long long)id), NULL,
				    NULL, NULL, 0)
				 .status,
			 403);
	lb_client_release(&c);
}

/* The public form: off by default; on, it shows the organisation's name only and lands in triage. */
static void test_public_intake(void **state)
{
	struct lb_client anon, admin;
	struct lb_resp r;
	const char *url = arena_printf(env.arena, "/report/%lld", (long long)org);
	const char *report[] = { "description", "Jag hittade en pärm med elevuppgifter på en parkbänk.", "email",
				 "eva@example.se", NULL };
	const char *bad[] = { "description", "x", "email", "inte en adress", NULL };
	const char *on[] = { "version",    "0",           "public_intake",
			     "1",          "controller",  "Ekdala kommun, socialnämnden",
			     "org_number", "212000-0001", NULL };
	int64_t id;

	lb_client_init(&anon, &env);
	assert_int_equal(lb_get(&anon, url).status, 404);
	assert_int_equal(lb_post(&anon, url, report).status, 404);
	login(&admin, "root");
	r = lb_post(&admin, arena_printf(env.arena, "/organisations/%lld/incident-settings", (long long)org), on);
	assert_int_equal(r.status, 303);
	r = lb_get(&anon, url);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Ekdala kommun"));
	assert_false(lb_has(&r, "Socialförvaltningen"));
	assert_false(lb_has(&r, "Procapita"));
	assert_false(lb_has(&r, "Borttappad"));
	/* A bad e-mail address: named, in the visitor's language, nothing saved. */
	r = lb_post(&anon, url, bad);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "Det ser inte ut som en e-postadress."));
	r = lb_post(&anon, url, report);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "kvittensnummer"));
	id = find("parkbänk");
	assert_string_equal(stored(id).state, "triage");
	assert_string_equal(stored(id).source, "public");
	assert_int_equal(stored(id).unit_id, org);
	/* The API of the same form. */
	anon.accept = "application/json";
	r = lb_json(&anon, "POST", arena_printf(env.arena, "/api/v1/organisations/%lld/reports", (long long)org),
		    "{\"description\":\"Via API\"}", NULL);
	assert_int_equal(r.status, 201);
	assert_true(lb_has(&r, "\"receipt\":"));
	assert_false(lb_has(&r, "\"id\""));
	/* Throttled per address: five an hour. */
	anon.remote = "192.0.2.77";
	for (int i = 0; i < INCIDENT_PUBLIC_PER_HOUR; i++)
		assert_int_equal(lb_post(&anon, url, report).status, 200);
	r = lb_post(&anon, url, report);
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(r.headers, "Retry-After: 3600"));
	lb_client_release(&anon);
	lb_client_release(&admin);
}

/* The coordinator makes a report a breach, decides not to notify IMY, and the IMY clock stops. */
static void test_coordinator_decides_not_to_notify(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t id = find("Borttappad pärm");
	struct incident inc = stored(id);
	const char *base = arena_printf(env.arena, "/incidents/%lld", (long long)id);
	const char *triage[] = { "version", num(inc.version), "kind_breach", "1", "decision", "incident", NULL };
	const char *no_kind[] = { "version", num(inc.version), "decision", "incident", NULL };
	struct incident_duty *duties;
	size_t n;
	struct err e = { 0 };

	login(&c, "cecilia");
	r = lb_get(&c, base);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Gör till incident"));
	/* No kind chosen: 400 naming the kinds, nothing saved. */
	r = lb_post(&c, arena_printf(env.arena, "%s/triage", base), no_kind);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-kinds\""));
	assert_string_equal(stored(id).state, "triage");
	r = lb_post(&c, arena_printf(env.arena, "%s/triage", base), triage);
	assert_int_equal(r.status, 303);
	inc = stored(id);
	assert_string_equal(inc.state, "incident");
	/* Awareness at 01:30 on 29 March (the night the clocks go forward): IMY's clock runs to 02:30 on 1 April. */
	{
		struct incident_input in = incident_input_of(&inc);
		in.aware_at = "2026-03-29T00:30:00Z";
		assert_int_equal(incident_update(env.db, env.arena, &fx_system, &inc, inc.version, &in, NULL, NULL, &e),
				 0);
		inc = stored(id);
	}
	r = lb_get(&c, base);
	assert_true(lb_has(&r, "Anmälan till IMY"));
	assert_true(lb_has(&r, "<time datetime=\"2026-04-01T00:30:00Z\">2026-04-01 02:30</time>"));
	assert_true(lb_has(&r, "Tid kvar: 1 d 16 h"));
	assert_true(lb_has(&r, "class=\"clock-running\""));
	/* The list shows the clock too, and is never cached. */
	r = lb_get(&c, "/incidents");
	assert_true(lb_has(&r, "Tid kvar: 1 d 16 h"));
	assert_non_null(strstr(r.headers, "Cache-Control: no-store"));

	assert_int_equal(incident_duties(env.db, env.arena, &inc, time_now(), &duties, &n, &e), 0);
	assert_int_equal(n, 2);
	{
		const char *duty = arena_printf(env.arena, "%s/notifications/%lld", base, (long long)duties[0].n.id);
		const char *no_reason[] = { "version", "1", "decision", "no", NULL };
		const char *decide[] = {
			"version",
			"1",
			"decision",
			"no",
			"reason",
			"Ej anmäld till IMY: osannolikt att den medför en risk, eftersom pärmen hittades oöppnad.",
			NULL
		};
		r = lb_get(&c, duty);
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "Nej: osannolikt att den medför en risk (anmäls inte)"));
		r = lb_post(&c, arena_printf(env.arena, "%s/decision", duty), no_reason);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "Ange varför skyldigheten inte gäller"));
		r = lb_post(&c, arena_printf(env.arena, "%s/decision", duty), decide);
		assert_int_equal(r.status, 303);
		/* The same version again: 409 with the stored decision shown. */
		r = lb_post(&c, arena_printf(env.arena, "%s/decision", duty), decide);
		assert_int_equal(r.status, 409);
	}
	r = lb_get(&c, base);
	assert_true(lb_has(&r, "class=\"clock-not_required\""));
	assert_true(lb_has(&r, "Krävs inte"));
	assert_true(lb_has(&r, "osannolikt att den medför en risk, eftersom pärmen hittades oöppnad"));
	assert_true(lb_has(&r, "Anmälningsskyldighet IMY (GDPR art. 33): gäller inte"));
	assert_false(lb_has(&r, "class=\"clock-running\"")); /* the data subjects' clock waits for a decision */
	assert_null(stored(id).next_due);
	lb_client_release(&c);
}

/* 02:30 on 25 October occurs twice: the form asks which; with the offset it is saved. */
static void test_repeated_hour_on_the_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t id = find("Borttappad pärm");
	struct incident inc = stored(id);
	const char *url = arena_printf(env.arena, "/incidents/%lld/edit", (long long)id);
	const char *ask[] = { "version",     num(inc.version),   "unit_id",       num(unit),          "title",
			      inc.title,     "status",           "investigating", "kind_breach",      "1",
			      "occurred_at", "2026-10-25T02:30", "aware_at",      "2026-10-25T02:30", NULL };
	const char *told[] = { "version",
			       num(inc.version),
			       "unit_id",
			       num(unit),
			       "title",
			       inc.title,
			       "status",
			       "investigating",
			       "kind_breach",
			       "1",
			       "occurred_at",
			       "2026-10-25T02:30",
			       "occurred_at_offset",
			       "+02:00",
			       "aware_at",
			       "2026-10-25T02:30",
			       "aware_at_offset",
			       "+01:00",
			       NULL };

	setenv("TILLIT_NOW", "2026-11-01T08:00:00Z", 1);
	login(&c, "cecilia");
	r = lb_post(&c, url, ask);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "inträffade två gånger"));
	assert_true(lb_has(&r, "name=\"occurred_at_offset\""));
	assert_true(lb_has(&r, "value=\"2026-10-25T02:30\""));
	assert_int_equal(stored(id).version, inc.version);
	r = lb_post(&c, url, told);
	assert_int_equal(r.status, 303);
	assert_string_equal(stored(id).occurred_at, "2026-10-25T00:30:00Z");
	assert_string_equal(stored(id).aware_at, "2026-10-25T01:30:00Z");
	/* The edit form keeps the offset of a stored time in the repeated hour. */
	r = lb_get(&c, url);
	assert_true(lb_has(&r, "<option value=\"+01:00\" selected>"));
	/* 02:30 on 29 March does not exist. */
	{
		const char *gap[] = {
			"version", num(stored(id).version), "unit_id",     num(unit), "title",    inc.title,
			"status",  "investigating",         "kind_breach", "1",       "aware_at", "2026-03-29T02:30",
			NULL
		};
		r = lb_post(&c, url, gap);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "Den tiden finns inte i svensk tid"));
	}
	setenv("TILLIT_NOW", "2026-03-30T08:00:00Z", 1);
	lb_client_release(&c);
}

/* Bad input through the API: 400 naming the member, in the user's language; nothing saved. */
static void test_api_bad_input(void **state)
{
	struct lb_client c, en;
	struct lb_resp r;
	const char *body = arena_printf(
		env.arena,
		"{\"unit_id\":%lld,\"title\":\"Intrång i e-tjänst\",\"occurred_at\":\"2026-03-28T10:00:00+01:00\"}",
		(long long)unit);
	json_t *j;
	int64_t id;
	const char *url;

	api(&c, coord_token);
	r = lb_json(&c, "POST", "/api/v1/incidents", body, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "state")), "triage");
	json_decref(j);
	url = arena_printf(env.arena, "/api/v1/incidents/%lld", (long long)id);
	/* An unknown kind. */
	r = lb_json(&c, "POST", arena_printf(env.arena, "%s/triage", url),
		    "{\"decision\":\"incident\",\"kinds\":[\"breach\",\"meteor\"],\"version\":1}", NULL);
	assert_error(&r, 400, "kinds");
	r = lb_json(&c, "POST", arena_printf(env.arena, "%s/triage", url),
		    "{\"decision\":\"incident\",\"kinds\":[\"breach\",\"significant\"],\"version\":1}", NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"regime\":\"csirt\""));
	/* Awareness before occurrence. */
	r = lb_json(&c, "PATCH", url, "{\"aware_at\":\"2026-03-28T09:59:00+01:00\",\"version\":2}", NULL);
	assert_error(&r, 400, "aware_at");
	assert_true(lb_has(&r, "Tiden då ni fick vetskap kan inte ligga före"));
	/* A time without its offset. */
	r = lb_json(&c, "PATCH", url, "{\"aware_at\":\"2026-03-28T11:00:00\",\"version\":2}", NULL);
	assert_error(&r, 400, "aware_at");
	/* The status moving back without a reason. */
	r = lb_json(&c, "PATCH", url, "{\"status\":\"reported\",\"version\":2}", NULL);
	assert_error(&r, 400, "status_reason");
	/* The same in English for a user who chose English. */
	api(&en, english_token);
	r = lb_json(&en, "PATCH", url, "{\"status\":\"reported\",\"version\":2}", NULL);
	assert_error(&r, 400, "status_reason");
	assert_true(lb_has(&r, "Moving the status back needs a reason"));
	assert_int_equal(stored(id).version, 2);
	assert_null(stored(id).aware_at);

	/* Two clients change version 2: the first wins, the second gets 409 with the stored incident. */
	r = lb_json(&c, "PATCH", url, "{\"aware_at\":\"2026-03-28T11:00:00+01:00\",\"version\":2}", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"3\"");
	r = lb_json(&en, "PATCH", url, "{\"severity\":\"high\"}", "\"2\"");
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "\"current\":"));
	assert_true(lb_has(&r, "\"aware_at\":\"2026-03-28T10:00:00Z\""));
	assert_string_equal(stored(id).severity, "");

	/* A filing before the awareness, then the CSIRT's early warning; IMY's first report and a supplement. */
	{
		struct incident inc = stored(id);
		struct incident_duty *ds;
		size_t n;
		struct err e = { 0 };
		int64_t csirt = 0, imy = 0;
		assert_int_equal(incident_duties(env.db, env.arena, &inc, time_now(), &ds, &n, &e), 0);
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(ds[i].n.regime, "csirt"))
				csirt = ds[i].n.id;
			if (!strcmp(ds[i].n.regime, "gdpr33"))
				imy = ds[i].n.id;
		}
		const char *fil = arena_printf(env.arena, "%s/notifications/%lld/filings", url, (long long)csirt);
		r = lb_json(&c, "POST", fil, "{\"stage\":\"early_warning\",\"filed_at\":\"2026-03-28T09:00:00Z\"}",
			    NULL);
		assert_error(&r, 400, "filed_at");
		assert_true(lb_has(&r, "innan ni fick vetskap"));
		r = lb_json(&c, "POST", fil, "{\"stage\":\"early_warning\",\"filed_at\":\"2026-03-28T12:00:00+01:00\"}",
			    NULL);
		assert_int_equal(r.status, 201);
		assert_true(lb_has(
			&r,
			"\"stage\":\"early_warning\",\"due\":\"2026-03-29T10:00:00Z\",\"done\":\"2026-03-28T11:00:00Z\",\"state\":\"done\""));
		/* IMY: the first report, then a supplement; its clock stops, the others keep theirs. */
		fil = arena_printf(env.arena, "%s/notifications/%lld/filings", url, (long long)imy);
		r = lb_json(&c, "POST", fil, "{\"stage\":\"supplement\",\"filed_at\":\"2026-03-29T12:00:00+02:00\"}",
			    NULL);
		assert_error(&r, 400, "stage");
		r = lb_json(
			&c, "POST", fil,
			"{\"stage\":\"initial\",\"filed_at\":\"2026-03-29T12:00:00+02:00\",\"reference\":\"IMY-2026-77\"}",
			NULL);
		assert_int_equal(r.status, 201);
		r = lb_json(
			&c, "POST", fil,
			"{\"stage\":\"supplement\",\"filed_at\":\"2026-03-30T09:00:00+02:00\",\"note\":\"Antal preciserat\"}",
			NULL);
		assert_int_equal(r.status, 201);
		assert_true(lb_has(&r, "\"case_ref\":\"IMY-2026-77\""));
		assert_true(lb_has(&r, "\"supplements_until\":\"2026-04-26T10:00:00Z\""));
	}
	lb_client_release(&c);
	lb_client_release(&en);
}

/* The texts for IMY, the data subjects and the CSIRT: pages to copy from, and files. */
static void test_texts(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t id = find("Intrång i e-tjänst");
	const char *base = arena_printf(env.arena, "/incidents/%lld/texts", (long long)id);

	login(&c, "dora");
	r = lb_get(&c, arena_printf(env.arena, "%s/imy", base));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Anmälan av personuppgiftsincident till IMY"));
	assert_true(lb_has(&r, "Organisationsnummer"));
	assert_true(lb_has(&r, "212000-0001"));
	assert_true(lb_has(&r, "Kontaktpunkt (art. 33.3 b)"));
	assert_true(lb_has(&r, "Sannolika konsekvenser"));
	assert_true(lb_has(&r, "Anspråk på sekretess"));
	assert_true(lb_has(&r, "Gränsöverskridande behandling"));
	assert_true(lb_has(&r, "IMY-2026-77"));
	r = lb_get(&c, arena_printf(env.arena, "%s/csirt", base));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "1. Tidig varning, inom 24 timmar (art. 23.4 a)"));
	assert_true(lb_has(&r, "Misstänkt olaglig eller avsiktligt skadlig handling"));
	assert_true(lb_has(&r, "Indikatorer på intrång"));
	assert_true(lb_has(&r, "(ii) Typ av hot eller grundorsak"));
	r = lb_get(&c, arena_printf(env.arena, "%s/data-subjects", base));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Vem du kontaktar (art. 33.3 b)"));
	r = lb_get(&c, arena_printf(env.arena, "%s/csirt?format=docx", base));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "wordprocessingml"));
	assert_int_equal(r.body[0], 'P'); /* a zip */
	r = lb_get(&c, arena_printf(env.arena, "%s/imy?format=md", base));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "| Organisationsnummer | 212000-0001 |"));
	assert_int_equal(lb_get(&c, arena_printf(env.arena, "%s/imy?format=pdf", base)).status, 400);
	lb_client_release(&c);
}

/*
 * Assets out of sight are not offered and are refused as if they did not exist. A follow-up action is an
 * activity of this year's action plan of the incident's unit, shown on the incident with its status.
 */
static void test_assets_and_actions(void **state)
{
	struct lb_client c, a;
	struct lb_resp r;
	int64_t id = find("Intrång i e-tjänst");
	const char *base = arena_printf(env.arena, "/incidents/%lld", (long long)id);
	const char *api_base = arena_printf(env.arena, "/api/v1/incidents/%lld", (long long)id);
	const char *add[] = { "asset_id", num(asset), NULL };
	const char *action[] = { "title", "Byt lösenord", "due_date", "2026-13-40", NULL };
	json_t *j;

	login(&c, "cecilia");
	/* The affected asset is found by a search among the incident unit's assets, never listed all at once. */
	r = lb_get(&c, base);
	assert_true(lb_has(&r, "name=\"asset_q\""));
	assert_false(lb_has(&r, "Procapita"));
	r = lb_get(&c, arena_printf(env.arena, "%s?asset_q=procap", base));
	assert_true(lb_has(&r, "Procapita"));
	r = lb_get(&c, arena_printf(env.arena, "%s?asset_q=Zetas", base));
	assert_false(lb_has(&r, "Zetas hemliga register"));
	assert_true(lb_has(&r, "Ingen tillgång du ser matchar sökningen."));
	assert_int_equal(lb_post(&c, arena_printf(env.arena, "%s/assets", base), add).status, 303);
	r = lb_post(&c, arena_printf(env.arena, "%s/activities", base), action);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-due_date\""));
	action[3] = "2026-05-31";
	assert_int_equal(lb_post(&c, arena_printf(env.arena, "%s/activities", base), action).status, 303);
	r = lb_get(&c, base);
	assert_true(lb_has(&r, "Byt lösenord"));
	assert_true(lb_has(&r, "Ej påbörjad"));
	assert_true(lb_has(&r, "2026-05-31"));
	assert_true(lb_has(&r, "href=\"/activities/"));
	/* Through the API: the activity answers, and the incident lists it. */
	api(&a, coord_token);
	r = lb_json(&a, "POST", arena_printf(env.arena, "%s/activities", api_base), "{\"title\":\"\"}", NULL);
	assert_error(&r, 400, "title");
	r = lb_json(&a, "POST", arena_printf(env.arena, "%s/activities", api_base),
		    "{\"title\":\"Öva återställning\",\"purpose\":\"Från *incidenten*.\"}", NULL);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(r.location, "/api/v1/activities/"));
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "not_started");
	assert_string_equal(json_string_value(json_object_get(j, "area_name")), "Incidenter");
	json_decref(j);
	/* The activity's page names the incident it follows up. */
	r = lb_get(&c, r.location + strlen("/api/v1"));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, arena_printf(env.arena, "href=\"/incidents/%lld\"", (long long)id)));
	r = lb_get(&a, api_base);
	j = parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "activities")), 2);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(j, "activities"), 0), "title")),
		"Byt lösenord");
	json_decref(j);
	lb_client_release(&a);
	/* The list by affected asset. */
	r = lb_get(&c, arena_printf(env.arena, "/incidents?asset_id=%lld", (long long)asset));
	assert_true(lb_has(&r, "Intrång i e-tjänst"));
	assert_false(lb_has(&r, "Borttappad pärm"));
	lb_client_release(&c);
}

static void test_list_filters_exports_stats(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, "cecilia");
	r = lb_get(&c, "/incidents?kind=significant");
	assert_true(lb_has(&r, "Intrång i e-tjänst"));
	assert_false(lb_has(&r, "Borttappad pärm"));
	/* A public report lands in the organisation's triage: the board's coordinator does not see it, an
	 * administrator of the whole installation does. */
	r = lb_get(&c, "/incidents?state=triage");
	assert_false(lb_has(&r, "parkbänk"));
	{
		struct lb_client root;
		login(&root, "root");
		r = lb_get(&root, "/incidents?state=triage");
		assert_true(lb_has(&r, "parkbänk"));
		assert_false(lb_has(&r, "Intrång i e-tjänst"));
		lb_client_release(&root);
	}
	assert_int_equal(lb_get(&c, "/incidents?kind=meteor").status, 400);
	r = lb_get(&c, "/incidents?from=2026-04-01&to=2026-03-01");
	assert_int_equal(r.status, 400);
	r = lb_get(&c, "/incidents/export.csv?kind=significant");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Intrång i e-tjänst"));
	assert_false(lb_has(&r, "Borttappad"));
	r = lb_get(&c, "/incidents/export.xlsx");
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body[0], 'P');
	r = lb_get(&c, "/incidents/export.json?state=incident");
	assert_true(lb_has(&r, "\"total\":2"));
	/* What a list and an incident's page cost in queries (sign-in included; docs/performance.md). */
	r = lb_get(&c, "/incidents");
	print_message("# queries of the incident list: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 8);
	r = lb_get(&c, arena_printf(env.arena, "/incidents/%lld", (long long)find("Intrång i e-tjänst")));
	print_message("# queries of an incident's page (one asset, two follow-up activities): %lld\n",
		      (long long)r.n_queries);
	assert_true(r.n_queries <= 16);
	r = lb_get(&c, "/incidents/stats");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<svg"));
	assert_true(lb_has(&r, "kv. 1 2026")); /* never "2026 K1", which reads as confidentiality 1 */
	assert_false(lb_has(&r, "2026 Q1"));
	assert_true(lb_has(&r, "Inom 24 timmar"));
	lb_client_release(&c);
}

/* More incidents than an export takes: the page and the API refuse with a message instead of a file cut short. */
static void test_export_past_the_limit(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };
	json_t *j;

	(void)state;
	assert_int_equal(db_run(env.db, env.arena, &T_INCIDENTS, DB_ARGS(DB_INT(INCIDENT_EXPORT_MAX + 1), DB_INT(unit)),
				NULL, &e),
			 0);
	/* A write through the domain moves the data version on, as the rows' own entries would have. */
	lb_env_unit(&env, org, "unit", "Massenheten");
	login(&c, "cecilia");
	r = lb_get(&c, "/incidents/export.csv");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "En export tar högst 10000 poster"));
	assert_false(lb_has(&r, "Massärende"));
	/* The list itself still pages through them all. */
	r = lb_get(&c, "/incidents?q=Massärende");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Massärende"));
	lb_client_release(&c);
	api(&c, coord_token);
	r = lb_get(&c, "/api/v1/incidents/export?format=json");
	assert_int_equal(r.status, 400);
	j = parse(&r);
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			       "högst 10000 poster"));
	json_decref(j);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_reports_and_sees_own),
		cmocka_unit_test(test_reporter_without_role),
		cmocka_unit_test(test_public_intake),
		cmocka_unit_test(test_coordinator_decides_not_to_notify),
		cmocka_unit_test(test_repeated_hour_on_the_form),
		cmocka_unit_test(test_api_bad_input),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_assets_and_actions),
		cmocka_unit_test(test_list_filters_exports_stats),
		cmocka_unit_test(test_export_past_the_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
