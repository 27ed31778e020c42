/*
 * test_person_field.c - a person chosen by typing a name, where there are
 * more people than a select holds (a national installation has thousands):
 * every person field of a list or form (the governing documents' owner
 * filter, a risk's owner and acceptor, a continuity plan's owner, a target
 * group's new member, the responsible of an exercise's follow-up action)
 * becomes a text field offering suggestions from
 * /api/v1/people, what is typed is taken as the one person it names
 * ("Name (username)", a user name, or a name only one active person has),
 * and a text that names nobody or several people is refused on that
 * field, saying which, with what was typed kept and nothing saved. The
 * person chosen now shows in the field even when no longer active, and the
 * form saves it as it is. With PERSON_SELECT_MAX (200) active people or
 * fewer the select stays.
 *
 * The register: organisation "Ekdala kommun" with a coordinator and an
 * administrator, two people called "Anna Berg", 200 more ("Person 000" to
 * "Person 199"), and "Olle Gammal", no longer active, who owns a governing
 * document, a risk and a continuity plan: 204 active people.
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
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/continuity.h"
#include "domain/governing_document.h"
#include "domain/risk.h"
#include "domain/training.h"
#include "domain/user.h"
#include "fixtures.h"
#include "lb_expect.h"
#include "loopback.h"

#define MANY 200

static DB_QUERY(Q_T_RISKS, "SELECT count(*) FROM risks");
static DB_QUERY(Q_T_PLANS, "SELECT count(*) FROM continuity_plans");
static DB_QUERY(Q_T_MEMBERS, "SELECT count(*) FROM training_group_members");
static DB_QUERY(Q_T_FOLLOWUPS, "SELECT count(*) FROM activities WHERE title = 'Uppdatera larmlistan'");
static DB_QUERY(Q_T_FOLLOWUP_ANNA, "SELECT count(*) FROM activities WHERE title = 'Uppdatera larmlistan'"
				   " AND responsible_id = (SELECT id FROM users WHERE username = 'anna.berg')");

static struct lb_env env;
static int64_t org, coord, anna1, anna2, p150, p199, olle, analysis, risk_olle, plan_olle, group, exercise;
static int64_t asset, mail, phone, last[4]; /* the last four of the 200 */

static const char *num(int64_t v)
{
	return arena_printf(env.arena, "%lld", (long long)v);
}

static int64_t count(const struct db_query *q)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(env.db, env.arena, q, NULL, 0, &rows, &e), 0);
	return rows_int(&rows, 0, 0);
}

static int64_t person(const char *username, const char *name, const char *role)
{
	struct user_input in = { username, name, "", "sv", true };
	struct err e = { 0 };
	int64_t id;

	if (user_create(env.db, env.arena, &fx_system, &in, LB_PASSWORD, &id, &e) ||
	    (role && grant_add(env.db, env.arena, &fx_system, id, org, role, NULL, &e)))
		fail_msg("%s: %s %s", username, e.field, e.msgid);
	return id;
}

static void deactivate(int64_t id)
{
	struct user u;
	struct user_input in;
	struct err e = { 0 };

	assert_int_equal(user_get(env.db, env.arena, id, &u, &e), 0);
	in = (struct user_input){ NULL, u.display_name, u.email, u.lang, false };
	assert_int_equal(fx_user_update(env.db, env.arena, &fx_system, id, u.version, &in, NULL, &e), 0);
}

static void mk_document(const char *title, int64_t owner)
{
	struct governing_document_input in = { 0 };
	struct err e = { 0 };
	int64_t id;

	in.unit_id = org;
	in.kind = "policy";
	in.title = title;
	in.owner_id = owner;
	in.doc_version = "1.0";
	in.review_months = 24;
	in.decision_date = "2026-01-15";
	in.status = "in_force";
	if (governing_document_create(env.db, env.arena, &fx_system, &in, &id, &e))
		fail_msg("governing_document_create(%s): %s %s", title, e.field, e.msgid);
}

static int setup(void **state)
{
	struct risk_analysis_input ai = { 0 };
	struct risk_analysis an;
	struct risk_input ri = { .threat = "Brand", .likelihood = 2, .consequence = 3 };
	struct asset_input as = { 0 };
	struct continuity_plan_input pi = {
		.title = "Reservrutin för ärenden", .mto_hours = 24, .rto_hours = 8, .rpo_hours = 4
	};
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	lb_env_user(&env, "pf-admin", "administrator", 0);
	coord = lb_env_user(&env, "pf-coord", "coordinator", org);
	anna1 = person("anna.berg", "Anna Berg", "owner");
	anna2 = person("anna.berg2", "Anna Berg", "owner");
	olle = person("olle", "Olle Gammal", "owner");
	for (int i = 0; i < MANY; i++) {
		int64_t id = person(arena_printf(env.arena, "person%03d", i), arena_printf(env.arena, "Person %03d", i),
				    NULL);
		if (i == 150)
			p150 = id;
		if (i == 199)
			p199 = id;
		if (i >= MANY - 4)
			last[i - (MANY - 4)] = id;
	}

	mk_document("Informationssäkerhetspolicy", anna1);
	mk_document("Riktlinje för behörigheter", p150);
	mk_document("Rutin för loggning", olle);
	ai.unit_id = org;
	ai.title = "Riskanalys 2026";
	ai.analysis_date = "2026-02-01";
	assert_int_equal(risk_analysis_create(env.db, env.arena, &fx_system, &ai, &analysis, &e), 0);
	assert_int_equal(risk_analysis_get(env.db, env.arena, analysis, &an, &e), 0);
	ri.owner_id = olle;
	assert_int_equal(risk_create(env.db, env.arena, &fx_system, &an, &ri, &risk_olle, &e), 0);
	as.unit_id = org;
	as.kind = "system";
	as.name = "Ärendesystem";
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &as, &asset, &e), 0);
	as.name = "E-post";
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &as, &mail, &e), 0);
	as.name = "Telefoni";
	assert_int_equal(asset_create(env.db, env.arena, &fx_system, &as, &phone, &e), 0);
	pi.unit_id = org;
	pi.asset_id = asset;
	pi.owner_id = olle;
	assert_int_equal(continuity_create(env.db, env.arena, &fx_system, &pi, &plan_olle, &e), 0);
	assert_int_equal(training_group_create(env.db, env.arena, &fx_system, "Chefer", "", &group, &e), 0);
	{
		struct exercise_input xi = { .unit_id = org,
					     .title = "Övning strömavbrott",
					     .exercise_date = "2026-01-20",
					     .kind = "tabletop",
					     .status = "done" };
		assert_int_equal(exercise_create(env.db, env.arena, &fx_system, &xi, &exercise, &e), 0);
	}
	deactivate(olle);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	return 0;
}

static void test_list_filter(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };

	(void)state;
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_get(&c, "/governing-documents");
	assert_int_equal(r.status, 200);
	/* A text field with suggestions as one types, not a select of the first thousand people. */
	LB_HAS(&r, "<input type=\"text\" list=\"dl-owner_id\" data-typeahead=\"/api/v1/people?q=\" id=\"f-owner_id\" "
		   "name=\"owner_id\" autocomplete=\"off\"></div><datalist id=\"dl-owner_id\"></datalist>");
	LB_HAS(&r, "Skriv ett namn eller användarnamn och välj bland förslagen. Tomt betyder det: Vem som helst.");
	LB_HAS_NOT(&r, "<select id=\"f-owner_id\"");
	LB_HAS_NOT(&r, "Person 150 (person150)");

	/* By the label the suggestions give: that person's documents, the field keeping it. */
	r = lb_get(&c, "/governing-documents?owner_id=Anna%20Berg%20(anna.berg)");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Informationssäkerhetspolicy");
	LB_HAS_NOT(&r, "Riktlinje för behörigheter");
	LB_HAS(&r, "value=\"Anna Berg (anna.berg)\"");
	/* By user name, without regard to case; by id as before. */
	r = lb_get(&c, "/governing-documents?owner_id=PERSON150");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Riktlinje för behörigheter");
	LB_HAS_NOT(&r, "Informationssäkerhetspolicy");
	LB_HAS(&r, "value=\"Person 150 (person150)\"");
	r = lb_get(&c, arena_printf(c.arena, "/governing-documents?owner_id=%s", num(anna1)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Informationssäkerhetspolicy");
	LB_HAS(&r, "value=\"Anna Berg (anna.berg)\"");
	/* A person no longer active, by the label a field shows them with: the documents they still own. */
	r = lb_get(&c, "/governing-documents?owner_id=Olle%20Gammal%20(olle)");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "Rutin för loggning");
	LB_HAS_NOT(&r, "Informationssäkerhetspolicy");

	/* A name two people have: refused naming the field (as the list refuses any filter it cannot read), the
	 * text kept, both suggested. */
	r = lb_get(&c, "/governing-documents?owner_id=anna%20berg");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-owner_id\"");
	LB_HAS(&r, "Flera personer heter ”anna berg”: välj bland förslagen, som också visar användarnamnet.");
	LB_HAS(&r, "value=\"anna berg\"");
	LB_HAS(&r,
	       "<option value=\"Anna Berg (anna.berg)\"></option><option value=\"Anna Berg (anna.berg2)\"></option>");
	/* A name nobody has; the user name of someone no longer active. */
	r = lb_get(&c, "/governing-documents?owner_id=Finns%20inte");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-owner_id\"");
	LB_HAS(&r, "Ingen heter ”Finns inte”. Skriv en del av ett namn eller användarnamn och välj bland förslagen.");
	LB_HAS(&r, "value=\"Finns inte\"");
	r = lb_get(&c, "/governing-documents?owner_id=olle");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen heter ”olle”");
	lb_client_release(&c);

	/* In English for a user who chose it. */
	assert_int_equal(user_set_lang(env.db, env.arena, &fx_system, coord, "en", &e), 0);
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_get(&c, "/governing-documents?owner_id=anna%20berg");
	assert_int_equal(r.status, 400);
	LB_HAS(&r,
	       "Several people are called “anna berg”: choose one of the suggestions, which show the user name too.");
	r = lb_get(&c, "/governing-documents?owner_id=Finns%20inte");
	LB_HAS(&r,
	       "Nobody is called “Finns inte”. Type part of a name or user name and choose one of the suggestions.");
	lb_client_release(&c);
	assert_int_equal(user_set_lang(env.db, env.arena, &fx_system, coord, "sv", &e), 0);
}

static void test_risk_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct risk k;
	struct err e = { 0 };
	const char *path = arena_printf(env.arena, "/risk-analyses/%s/risks", num(analysis));
	int64_t before = count(&Q_T_RISKS);
	const char *form[] = {
		"threat", "Dataintrång",      "likelihood", "2",        "consequence", "2",           "treatment",
		"",       "treatment_reason", "",           "owner_id", NULL,          "accepted_by", "",
		NULL
	};

	(void)state;
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_get(&c, arena_printf(c.arena, "%s/new", path));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-owner_id\"");
	LB_HAS(&r, "list=\"dl-accepted_by\"");
	LB_HAS(&r, "Tomt betyder det: Ingen.");
	LB_HAS_NOT(&r, "<select id=\"f-owner_id\"");
	LB_HAS_NOT(&r, "Person 150 (person150)");

	/* The label the suggestions give: saved as that person. */
	form[11] = "Anna Berg (anna.berg)";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(risk_get(env.db, env.arena, lb_created_id(&r), &k, &e), 0);
	assert_int_equal(k.owner_id, anna1);
	/* A user name, for the owner and for who accepted the risk. */
	form[7] = "accept";
	form[9] = "Liten sannolikhet";
	form[11] = " person150 ";
	form[13] = "Person 199 (person199)";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(risk_get(env.db, env.arena, lb_created_id(&r), &k, &e), 0);
	assert_int_equal(k.owner_id, p150);
	assert_int_equal(k.accepted_by, p199);
	before += 2;
	assert_int_equal(count(&Q_T_RISKS), before);

	/* A name nobody has: refused on the field, the text kept, nothing saved. */
	form[11] = "Finns inte";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-owner_id\"");
	LB_HAS(&r, "Ingen heter ”Finns inte”");
	LB_HAS(&r, "id=\"e-owner_id\"");
	LB_HAS(&r, "value=\"Finns inte\"");
	assert_int_equal(count(&Q_T_RISKS), before);
	/* A name two people have, for who accepted it: that field named, both kept as typed. */
	form[11] = "Anna Berg (anna.berg2)";
	form[13] = "anna berg";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-accepted_by\"");
	LB_HAS(&r, "Flera personer heter ”anna berg”");
	LB_HAS(&r, "value=\"Anna Berg (anna.berg2)\"");
	LB_HAS(&r, "value=\"anna berg\"");
	LB_HAS(&r, "<datalist id=\"dl-accepted_by\"><option value=\"Anna Berg (anna.berg)\"></option>");
	assert_int_equal(count(&Q_T_RISKS), before);
	/* Both wrong: each field keeps what was typed in it. */
	form[11] = "Finns inte";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "value=\"Finns inte\"");
	LB_HAS(&r, "value=\"anna berg\"");
	assert_int_equal(count(&Q_T_RISKS), before);

	/* A risk whose owner is no longer active: the field shows them, and the form saves them as they are. */
	r = lb_get(&c, arena_printf(c.arena, "/risks/%s/edit", num(risk_olle)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "id=\"f-owner_id\" name=\"owner_id\" autocomplete=\"off\" value=\"Olle Gammal (olle)\"");
	assert_int_equal(risk_get(env.db, env.arena, risk_olle, &k, &e), 0);
	{
		const char *edit[] = { "version",     num(k.version),
				       "threat",      "Brand i serverhallen",
				       "likelihood",  "2",
				       "consequence", "3",
				       "owner_id",    "Olle Gammal (olle)",
				       "accepted_by", "",
				       NULL };
		r = lb_post(&c, arena_printf(c.arena, "/risks/%s/edit", num(risk_olle)), edit);
		assert_int_equal(r.status, 303);
	}
	assert_int_equal(risk_get(env.db, env.arena, risk_olle, &k, &e), 0);
	assert_string_equal(k.threat, "Brand i serverhallen");
	assert_int_equal(k.owner_id, olle);
	lb_client_release(&c);
}

static void test_continuity_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct continuity_plan p;
	struct err e = { 0 };
	int64_t before = count(&Q_T_PLANS);
	const char *form[] = { "unit_id",   num(org), "asset_id",  num(mail), "title",     "Reservrutin för e-post",
			       "mto_hours", "48",     "rto_hours", "24",      "rpo_hours", "8",
			       "owner_id",  NULL,     NULL };

	(void)state;
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_get(&c, "/continuity/new");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-owner_id\"");
	LB_HAS_NOT(&r, "<select id=\"f-owner_id\"");

	/* A name two people have, one nobody has: refused on the field, the text kept, nothing saved. */
	form[13] = "Anna Berg";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-owner_id\"");
	LB_HAS(&r, "Flera personer heter ”Anna Berg”");
	LB_HAS(&r, "value=\"Anna Berg\"");
	form[13] = "Anna Bergström";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen heter ”Anna Bergström”");
	LB_HAS(&r, "value=\"Anna Bergström\"");
	assert_int_equal(count(&Q_T_PLANS), before);

	/* The label, then a name only one person has. */
	form[13] = "Anna Berg (anna.berg2)";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(continuity_get(env.db, env.arena, lb_created_id(&r), &p, &e), 0);
	assert_int_equal(p.owner_id, anna2);
	form[3] = num(phone);
	form[5] = "Reservrutin för telefoni";
	form[13] = "person 150";
	r = lb_post(&c, "/continuity", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(continuity_get(env.db, env.arena, lb_created_id(&r), &p, &e), 0);
	assert_int_equal(p.owner_id, p150);
	assert_int_equal(count(&Q_T_PLANS), before + 2);

	/* The plan of an owner no longer active shows them. */
	r = lb_get(&c, arena_printf(c.arena, "/continuity/%s/edit", num(plan_olle)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "value=\"Olle Gammal (olle)\"");
	lb_client_release(&c);
}

/* A target group's new member, typed in on the groups page and on the group's page. */
static void test_group_member(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before = count(&Q_T_MEMBERS);
	const char *path = arena_printf(env.arena, "/training/groups/%s/members", num(group));
	const char *unknown[] = { "user_id", "Finns inte", NULL };
	const char *named[] = { "user_id", "person150", NULL };

	(void)state;
	lb_signed_in(&c, &env, "pf-admin");
	r = lb_get(&c, "/training/groups");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, arena_printf(c.arena,
				"<input type=\"text\" name=\"user_id\" id=\"user-%s\" list=\"dl-user-%s\" "
				"data-typeahead=\"/api/v1/people?q=\" autocomplete=\"off\"><datalist id=\"dl-user-%s\">"
				"</datalist>",
				num(group), num(group), num(group)));
	LB_HAS_NOT(&r, "Person 150 (person150)");
	r = lb_get(&c, arena_printf(c.arena, "/training/groups/%s", num(group)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-user_id\"");
	LB_HAS_NOT(&r, "Person 150 (person150)");

	r = lb_post(&c, path, unknown);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen heter ”Finns inte”");
	assert_int_equal(count(&Q_T_MEMBERS), before);
	r = lb_post(&c, path, named);
	assert_int_equal(r.status, 303);
	assert_int_equal(count(&Q_T_MEMBERS), before + 1);
	lb_client_release(&c);
}

/* An exercise's follow-up action: its responsible typed in as every person field, not a select of its own. */
static void test_followup(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *path = arena_printf(env.arena, "/exercises/%s/activities", num(exercise));
	const char *form[] = { "title", "Uppdatera larmlistan", "purpose", "", "responsible_id", NULL, "due_date", "",
			       NULL };

	(void)state;
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_get(&c, arena_printf(c.arena, "/exercises/%s", num(exercise)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-responsible_id\" data-typeahead=\"/api/v1/people?q=\"");
	LB_HAS_NOT(&r, "<select id=\"f-responsible_id\"");
	LB_HAS_NOT(&r, "Person 150");

	form[5] = "Anna Berg";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Flera personer heter ”Anna Berg”");
	LB_HAS(&r, "value=\"Anna Berg\"");
	assert_int_equal(count(&Q_T_FOLLOWUPS), 0);
	form[5] = "Anna Berg (anna.berg)";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(count(&Q_T_FOLLOWUP_ANNA), 1);
	lb_client_release(&c);
}

/* What a typed field suggests, from /api/v1/people as one types and from the server after a refusal: active people only. */
static void test_suggestions(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_error_t je;
	json_t *j, *items;

	(void)state;
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_json(&c, "GET", "/api/v1/people?q=berg", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_non_null(j);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "label")),
			    "Anna Berg (anna.berg)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "label")),
			    "Anna Berg (anna.berg2)");
	json_decref(j);
	/* Someone no longer active is not suggested. */
	r = lb_json(&c, "GET", "/api/v1/people?q=gammal", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* Nor by the server, under a refused text: an empty list, and a name that is part of others lists them. */
	r = lb_get(&c, "/governing-documents?owner_id=Gammal");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Ingen heter ”Gammal”");
	LB_HAS(&r, "<datalist id=\"dl-owner_id\"></datalist>");
	r = lb_get(&c, "/governing-documents?owner_id=Berg");
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "<datalist id=\"dl-owner_id\"><option value=\"Anna Berg (anna.berg)\"></option>"
		   "<option value=\"Anna Berg (anna.berg2)\"></option></datalist>");
	lb_client_release(&c);
}

/*
 * The threshold: with PERSON_SELECT_MAX (200) active people the select of every one of them, as before, the
 * owner no longer active among them; with one more, the text field.
 */
static void test_threshold(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct user u;
	struct user_input in;
	struct err e = { 0 };

	(void)state;
	for (int i = 0; i < 4; i++) /* 204 active people become 200 */
		deactivate(last[i]);
	lb_signed_in(&c, &env, "pf-coord");
	r = lb_get(&c, "/governing-documents");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "<select id=\"f-owner_id\" name=\"owner_id\"><option value=\"\">Vem som helst</option>");
	LB_HAS(&r, arena_printf(c.arena, "<option value=\"%s\">Person 150 (person150)</option>", num(p150)));
	LB_HAS_NOT(&r, "list=\"dl-owner_id\"");
	r = lb_get(&c, arena_printf(c.arena, "/risks/%s/edit", num(risk_olle)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "<select id=\"f-owner_id\" name=\"owner_id\">");
	LB_HAS(&r, arena_printf(c.arena, "<option value=\"%s\" selected>Olle Gammal (olle)</option>", num(olle)));
	LB_HAS_NOT(&r, "list=\"dl-owner_id\"");

	/* One more active person: typed in. */
	assert_int_equal(user_get(env.db, env.arena, last[0], &u, &e), 0);
	in = (struct user_input){ NULL, u.display_name, u.email, u.lang, true };
	assert_int_equal(fx_user_update(env.db, env.arena, &fx_system, last[0], u.version, &in, NULL, &e), 0);
	r = lb_get(&c, arena_printf(c.arena, "/risks/%s/edit", num(risk_olle)));
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-owner_id\"");
	LB_HAS_NOT(&r, "<select id=\"f-owner_id\"");
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_filter),     cmocka_unit_test(test_risk_form),
		cmocka_unit_test(test_continuity_form), cmocka_unit_test(test_group_member),
		cmocka_unit_test(test_followup),        cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_threshold),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
