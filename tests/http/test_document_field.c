/*
 * test_document_field.c - the governing document a new one replaces,
 * chosen by typing its title where the user sees more documents than a
 * select holds (a national installation holds thousands): the form's
 * "Replaces" becomes a text field offering suggestions from
 * /api/v1/governing-documents/choices, what is typed is taken as the one
 * document it names among those the user sees ("Title (version, Unit)",
 * "Title (version)", or a title only one of them has), and a text that
 * names none or several is refused on that field, saying which, with what
 * was typed kept and nothing saved. The document replaced now shows by its
 * label and saves as it is. With DOCUMENT_SELECT_MAX (200) documents or
 * fewer in view the select stays.
 *
 * The register: "Ekdala kommun" with 205 routines ("Rutin 000" to "Rutin
 * 204", version 1.0), and in its unit "Enhet A" a "Policy" in versions 1.0
 * and 2.0 and a "Riktlinje" that replaces "Rutin 204"; "Enhet B" holds
 * "Instruktion B"; "Annan kommun" holds "Hemligt dokument", which Ekdala's
 * coordinator does not see.
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
#include "domain/auth.h"
#include "domain/governing_document.h"
#include "fixtures.h"
#include "lb_expect.h"
#include "loopback.h"

#define MANY 205

static DB_QUERY(Q_T_DOCS, "SELECT count(*) FROM governing_documents");

static struct lb_env env;
static int64_t org, ua, ub, other;
static int64_t rutin[MANY], policy1, policy2, guideline, only_b, hidden;

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

static int64_t mk_document(int64_t unit, const char *title, const char *version, int64_t replaces)
{
	struct governing_document_input in = { 0 };
	struct err e = { 0 };
	int64_t id;

	in.unit_id = unit;
	in.kind = "routine";
	in.title = title;
	in.doc_version = version;
	in.review_months = 24;
	in.decision_date = "2026-01-15";
	in.status = "in_force";
	in.replaces_id = replaces;
	if (governing_document_create(env.db, env.arena, &fx_system, &in, &id, &e))
		fail_msg("governing_document_create(%s): %s %s", title, e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	ua = lb_env_unit(&env, org, "unit", "Enhet A");
	ub = lb_env_unit(&env, org, "unit", "Enhet B");
	other = lb_env_unit(&env, 0, "organisation", "Annan kommun");
	lb_env_user(&env, "df-coord", "coordinator", org);
	lb_env_user(&env, "df-small", "coordinator", ub);
	for (int i = 0; i < MANY; i++)
		rutin[i] = mk_document(org, arena_printf(env.arena, "Rutin %03d", i), "1.0", 0);
	policy1 = mk_document(ua, "Policy", "1.0", 0);
	policy2 = mk_document(ua, "Policy", "2.0", 0);
	guideline = mk_document(ua, "Riktlinje", "3.0", rutin[204]);
	only_b = mk_document(ub, "Instruktion B", "1.0", 0);
	hidden = mk_document(other, "Hemligt dokument", "1.0", 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_env_release(&env);
	return 0;
}

/* The document replaced now: shown by its label, saved as it is. */
static void test_saved_unchanged(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct governing_document d;
	struct err e = { 0 };
	const char *path = arena_printf(env.arena, "/governing-documents/%s/edit", num(guideline));

	(void)state;
	lb_signed_in(&c, &env, "df-coord");
	r = lb_get(&c, path);
	assert_int_equal(r.status, 200);
	LB_HAS(&r,
	       "data-typeahead=\"/api/v1/governing-documents/choices?q=\" id=\"f-replaces_id\" name=\"replaces_id\" "
	       "autocomplete=\"off\" value=\"Rutin 204 (1.0, Ekdala kommun)\"");
	LB_HAS(&r, "Skriv dokumentets titel och välj bland förslagen, som också anger version och enhet.");
	LB_HAS_NOT(&r, "<select id=\"f-replaces_id\"");
	LB_HAS_NOT(&r, "Rutin 150");
	assert_int_equal(governing_document_get(env.db, env.arena, guideline, &d, &e), 0);
	{
		const char *form[] = { "version",
				       num(d.version),
				       "title",
				       "Riktlinje för loggning",
				       "kind",
				       "routine",
				       "unit_id",
				       num(ua),
				       "owner_id",
				       "",
				       "status",
				       "in_force",
				       "doc_version",
				       "3.0",
				       "review_months",
				       "24",
				       "decision_date",
				       "2026-01-15",
				       "replaces_id",
				       "Rutin 204 (1.0, Ekdala kommun)",
				       NULL };
		r = lb_post(&c, path, form);
		assert_int_equal(r.status, 303);
	}
	assert_int_equal(governing_document_get(env.db, env.arena, guideline, &d, &e), 0);
	assert_string_equal(d.title, "Riktlinje för loggning");
	assert_int_equal(d.replaces_id, rutin[204]);
	lb_client_release(&c);
}

static void test_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct governing_document d;
	struct err e = { 0 };
	int64_t before = count(&Q_T_DOCS);
	const char *form[] = { "title",         "Ny policy", "kind",        "policy", "unit_id",     num(ua),
			       "owner_id",      "",          "status",      "draft",  "doc_version", "3.0",
			       "review_months", "12",        "replaces_id", NULL,     NULL };

	(void)state;
	lb_signed_in(&c, &env, "df-coord");
	r = lb_get(&c, "/governing-documents/new");
	assert_int_equal(r.status, 200);
	LB_HAS(&r, "list=\"dl-replaces_id\" data-typeahead=\"/api/v1/governing-documents/choices?q=\"");
	LB_HAS(&r, "Tomt betyder det: Ingen.");

	/* A title two documents in view have: refused on the field, the text kept, both suggested. */
	form[15] = "policy";
	r = lb_post(&c, "/governing-documents", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "href=\"#f-replaces_id\"");
	LB_HAS(&r, "Flera styrdokument som du ser heter ”policy”: välj bland förslagen, som också anger version och "
		   "enhet.");
	LB_HAS(&r, "value=\"policy\"");
	LB_HAS(&r, "<datalist id=\"dl-replaces_id\"><option value=\"Policy (1.0, Enhet A)\"></option>"
		   "<option value=\"Policy (2.0, Enhet A)\"></option></datalist>");
	/* A title nobody's document has; one in an organisation not seen. */
	form[15] = "Finns inte";
	r = lb_post(&c, "/governing-documents", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r,
	       "Inget styrdokument som du ser heter ”Finns inte”. Skriv en del av titeln och välj bland förslagen.");
	LB_HAS(&r, "value=\"Finns inte\"");
	form[15] = "Hemligt dokument (1.0, Annan kommun)";
	r = lb_post(&c, "/governing-documents", form);
	assert_int_equal(r.status, 400);
	LB_HAS(&r, "Inget styrdokument som du ser heter ”Hemligt dokument (1.0, Annan kommun)”");
	LB_HAS(&r, "<datalist id=\"dl-replaces_id\"></datalist>");
	assert_int_equal(count(&Q_T_DOCS), before);

	/* The label; the title and version alone. */
	form[15] = "Policy (2.0, Enhet A)";
	r = lb_post(&c, "/governing-documents", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(governing_document_get(env.db, env.arena, lb_created_id(&r), &d, &e), 0);
	assert_int_equal(d.replaces_id, policy2);
	form[1] = "Ännu en policy";
	form[15] = "policy (1.0)";
	r = lb_post(&c, "/governing-documents", form);
	assert_int_equal(r.status, 303);
	assert_int_equal(governing_document_get(env.db, env.arena, lb_created_id(&r), &d, &e), 0);
	assert_int_equal(d.replaces_id, policy1);
	assert_int_equal(count(&Q_T_DOCS), before + 2);
	lb_client_release(&c);
}

static void test_suggestions(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_error_t je;
	json_t *j, *items;

	(void)state;
	lb_signed_in(&c, &env, "df-coord");
	r = lb_json(&c, "GET", "/api/v1/governing-documents/choices?q=policy", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_non_null(j);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "label")),
			    "Policy (1.0, Enhet A)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "label")),
			    "Policy (2.0, Enhet A)");
	json_decref(j);
	r = lb_json(&c, "GET", "/api/v1/governing-documents/choices?q=hemligt", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	r = lb_json(&c, "GET", "/api/v1/governing-documents/choices", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = json_loadb(r.body, r.len, 0, &je);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	lb_client_release(&c);
}

/* A user who sees DOCUMENT_SELECT_MAX (200) documents or fewer: the select, as before. */
static void test_threshold(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	(void)state;
	lb_signed_in(&c, &env, "df-small");
	r = lb_get(&c, "/governing-documents/new");
	assert_int_equal(r.status, 200);
	LB_HAS(&r,
	       arena_printf(
		       c.arena,
		       "<select id=\"f-replaces_id\" name=\"replaces_id\"><option value=\"\" selected>Ingen</option>"
		       "<option value=\"%s\">Instruktion B (1.0)</option></select>",
		       num(only_b)));
	LB_HAS_NOT(&r, "list=\"dl-replaces_id\"");
	(void)hidden;
	lb_client_release(&c);
}

/*
 * A document that replaces one the editor does not see (in another organisation): the field cannot name it, so
 * it shows its number and says why, and the form saves it as it is. Emptied on purpose, it replaces nothing.
 */
static void test_unseen_replaced_kept(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct governing_document d;
	struct err e = { 0 };
	int64_t doc = mk_document(ua, "Anvisning", "1.0", hidden);
	const char *path = arena_printf(env.arena, "/governing-documents/%s/edit", num(doc));
	const char *form[] = { "version",
			       NULL,
			       "title",
			       "Anvisning",
			       "kind",
			       "routine",
			       "unit_id",
			       num(ua),
			       "owner_id",
			       "",
			       "status",
			       "in_force",
			       "doc_version",
			       "1.0",
			       "review_months",
			       "24",
			       "decision_date",
			       "2026-01-15",
			       "replaces_id",
			       NULL,
			       NULL };

	(void)state;
	lb_signed_in(&c, &env, "df-coord");
	r = lb_get(&c, path);
	assert_int_equal(r.status, 200);
	LB_HAS_NOT(&r, "Hemligt dokument");
	LB_HAS(&r, arena_printf(c.arena, "name=\"replaces_id\" autocomplete=\"off\" value=\"%s\"", num(hidden)));
	LB_HAS(&r, "Nuvarande val finns i en enhet som du inte ser, därför visar fältet dess nummer");
	/* Saved as the page filled it. */
	assert_int_equal(governing_document_get(env.db, env.arena, doc, &d, &e), 0);
	form[1] = num(d.version);
	form[19] = num(hidden);
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(governing_document_get(env.db, env.arena, doc, &d, &e), 0);
	assert_int_equal(d.replaces_id, hidden);
	/* Emptied on purpose. */
	form[1] = num(d.version);
	form[19] = "";
	r = lb_post(&c, path, form);
	assert_int_equal(r.status, 303);
	assert_int_equal(governing_document_get(env.db, env.arena, doc, &d, &e), 0);
	assert_int_equal(d.replaces_id, 0);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saved_unchanged), cmocka_unit_test(test_unseen_replaced_kept),
		cmocka_unit_test(test_suggestions),     cmocka_unit_test(test_form),
		cmocka_unit_test(test_threshold),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
