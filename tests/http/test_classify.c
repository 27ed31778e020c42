/*
 * test_classify.c - classifying an asset through the pages and the API:
 * who may read, classify and sign (the asset's owner, not the owner of
 * another asset; coordinators classify but do not sign), the protocol
 * form with its computed levels, refusals that name the field and save
 * nothing, inheritance shown on the page, versions and their comparison,
 * the model and question bank for administrators, and the poison string
 * in question texts, motivations and level names.
 *
 * Units: Ekdala kommun > Socialnämnden (the assets) and Annan nämnd; a
 * second organisation Grannby kommun. Users: admin (administrator of
 * Ekdala), samordnare (coordinator on Socialnämnden), olle (owner on
 * Socialnämnden, owns the system and the set), per (owner on
 * Socialnämnden, owns another asset), lasare (reader on Socialnämnden),
 * utanfor (coordinator on Annan nämnd), nadmin (administrator of
 * Socialnämnden only), granne (reader in Grannby).
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
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/unit.h"
#include "fixtures.h"
#include "loopback.h"

#define POISON "<script>'\"&"

static const struct auth *const act = &fx_system;
static struct lb_env env;
static int64_t org, board, other_board, org2;
static int64_t u_admin, u_coord, u_olle, u_per, u_reader, u_out, u_nadmin, u_granne;
static int64_t set_id, sys_id, pers_id, orphan_id;

static const char *const users[] = { "admin", "samordnare", "olle", "per", "lasare", "utanfor", "nadmin", "granne" };
#define N_USERS (sizeof(users) / sizeof(users[0]))

static int64_t mk_asset(const char *kind, const char *name, int64_t owner)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = board;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	if (asset_create(env.db, env.arena, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s", name, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct err e = { 0 };
	int64_t link;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	other_board = lb_env_unit(&env, org, "board", "Annan nämnd");
	org2 = lb_env_unit(&env, 0, "organisation", "Grannby kommun");
	u_admin = lb_env_user(&env, "admin", "administrator", org);
	u_coord = lb_env_user(&env, "samordnare", "coordinator", board);
	u_olle = lb_env_user(&env, "olle", "owner", board);
	u_per = lb_env_user(&env, "per", "owner", board);
	u_reader = lb_env_user(&env, "lasare", "reader", board);
	u_out = lb_env_user(&env, "utanfor", "coordinator", other_board);
	u_nadmin = lb_env_user(&env, "nadmin", "administrator", board);
	u_granne = lb_env_user(&env, "granne", "reader", org2);
	set_id = mk_asset("information_set", "Personakter", u_olle);
	sys_id = mk_asset("system", "Verksamhetssystem IFO", u_olle);
	pers_id = mk_asset("system", "Pers system", u_per);
	orphan_id = mk_asset("system", "Ägarlöst", 0);
	assert_int_equal(fx_asset_link_add(env.db, env.arena, act, sys_id, set_id, "holds", &link, &e), 0);
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static void login(struct lb_client *c, const char *user)
{
	lb_client_init(c, &env);
	if (lb_login(c, user, LB_PASSWORD) != 303)
		fail_msg("login %s", user);
}

#define url(c, ...) arena_printf((c)->arena, __VA_ARGS__)

/* The questions in use, and a question of @aspect whose text starts with @prefix. */
static const struct class_question *find_q(const char *aspect, const char *prefix)
{
	struct class_model m;
	struct class_question *qs;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(classify_model_get(env.db, env.arena, org, &m, &e), 0);
	assert_int_equal(classify_questions(env.db, env.arena, org, true, &qs, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(qs[i].aspect, aspect) && !strncmp(qs[i].text, prefix, strlen(prefix)))
			return &qs[i];
	fail_msg("no question %s", prefix);
	return NULL;
}

static int64_t opt_at(const struct class_question *q, int64_t level)
{
	for (size_t i = 0; i < q->n_options; i++)
		if (q->options[i].implies_level == level)
			return q->options[i].id;
	fail_msg("no option at %lld", (long long)level);
	return 0;
}

static size_t n_versions(int64_t asset)
{
	struct classification *list;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(classify_list(env.db, env.arena, asset, &list, &n, &e), 0);
	return n;
}

static int64_t newest(int64_t asset)
{
	struct classification *list;
	size_t n;
	struct err e = { 0 };
	assert_int_equal(classify_list(env.db, env.arena, asset, &list, &n, &e), 0);
	assert_true(n > 0);
	return list[0].id;
}

static void test_read_access(void **state)
{
	const int expect[N_USERS] = { 200, 200, 200, 200, 200, 403, 200, 403 };
	for (size_t i = 0; i < N_USERS; i++) {
		struct lb_client c;
		struct lb_resp r;
		login(&c, users[i]);
		r = lb_get(&c, url(&c, "/assets/%lld/classification", (long long)sys_id));
		if (r.status != expect[i])
			fail_msg("%s: GET classification %d, expected %d", users[i], r.status, expect[i]);
		r = lb_get(&c, url(&c, "/api/v1/assets/%lld/classifications", (long long)sys_id));
		if (r.status != expect[i])
			fail_msg("%s: API list %d, expected %d", users[i], r.status, expect[i]);
		lb_client_release(&c);
	}
	struct lb_client c;
	login(&c, "admin");
	assert_int_equal(lb_get(&c, "/assets/999999/classification").status, 404);
	lb_client_release(&c);
}

static void test_form_access(void **state)
{
	/* Draft: owner of this asset, coordinators and administrators in scope; not the owner of another asset. */
	const int expect[N_USERS] = { 200, 200, 200, 403, 403, 403, 200, 403 };
	for (size_t i = 0; i < N_USERS; i++) {
		struct lb_client c;
		struct lb_resp r;
		login(&c, users[i]);
		r = lb_get(&c, url(&c, "/assets/%lld/classification/new", (long long)sys_id));
		if (r.status != expect[i])
			fail_msg("%s: GET new %d, expected %d", users[i], r.status, expect[i]);
		lb_get(&c, "/account"); /* a CSRF token even when refused */
		const char *kv[] = { "action", "compute", NULL };
		r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)sys_id), kv);
		if (r.status != expect[i])
			fail_msg("%s: POST compute %d, expected %d", users[i], r.status, expect[i]);
		lb_client_release(&c);
	}
	/* Per owns his own asset. */
	struct lb_client c;
	login(&c, "per");
	assert_int_equal(lb_get(&c, url(&c, "/assets/%lld/classification/new", (long long)pers_id)).status, 200);
	lb_client_release(&c);
}

static void test_classify_and_sign(void **state)
{
	struct lb_client c, s;
	struct lb_resp r;
	const struct class_question *art9 =
		find_q("confidentiality", "Innehåller informationen personuppgifter av känslig art");
	const char *qname = arena_printf(env.arena, "q%lld", (long long)art9->id);
	const char *yes = arena_printf(env.arena, "%lld", (long long)opt_at(art9, 3));
	size_t before = n_versions(set_id);

	login(&c, "olle");
	r = lb_get(&c, url(&c, "/assets/%lld/classification/new", (long long)set_id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<fieldset class=\"question\"><legend>"));
	assert_true(lb_has(&r, "type=\"radio\""));
	assert_true(lb_has(&r, "Synnerligen allvarlig skada"));
	/* Compute: the level is shown, nothing saved. */
	const char *compute[] = { qname, yes, "action", "compute", NULL };
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)set_id), compute);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "3 – Allvarlig skada"));
	assert_int_equal(n_versions(set_id), before);
	/* Lowering is refused naming the field; nothing saved. */
	const char *lower[] = {
		qname, yes, "level_confidentiality", "1", "motivation_confidentiality", "Lägre", "action", "save", NULL
	};
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)set_id), lower);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-level_confidentiality\""));
	assert_true(lb_has(&r, "aria-invalid=\"true\""));
	assert_int_equal(n_versions(set_id), before);
	/* Raising without a motivation: refused, the answers kept in the form. */
	const char *raise[] = { qname, yes, "level_integrity", "2", "action", "save", NULL };
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)set_id), raise);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-motivation_integrity\""));
	assert_true(lb_has(&r, arena_printf(env.arena, "value=\"%s\" checked", yes)));
	assert_int_equal(n_versions(set_id), before);
	/* Saved as a draft. */
	const char *save[] = { qname,  yes, "level_integrity", "2", "motivation_integrity", "Beslutsunderlag", "action",
			       "save", NULL };
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)set_id), save);
	assert_int_equal(r.status, 303);
	int64_t cid = newest(set_id);
	assert_string_equal(r.location,
			    url(&c, "/assets/%lld/classification/%lld?msg=draft", (long long)set_id, (long long)cid));
	r = lb_get(&c, r.location);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Beslutsunderlag"));
	assert_true(lb_has(
		&r, url(&c, "action=\"/assets/%lld/classification/%lld/sign\"", (long long)set_id, (long long)cid)));

	/* A coordinator sees the draft awaiting the owner, and cannot sign it. */
	login(&s, "samordnare");
	r = lb_get(&s, url(&s, "/assets/%lld/classification/%lld", (long long)set_id, (long long)cid));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "/sign\""));
	r = lb_post(&s, url(&s, "/assets/%lld/classification/%lld/sign", (long long)set_id, (long long)cid), NULL);
	assert_int_equal(r.status, 403);
	lb_client_release(&s);
	/* The owner of another asset is refused by the route. */
	login(&s, "per");
	lb_get(&s, "/account");
	r = lb_post(&s, url(&s, "/assets/%lld/classification/%lld/sign", (long long)set_id, (long long)cid), NULL);
	assert_int_equal(r.status, 403);
	lb_client_release(&s);

	/* The owner signs: the current classification, review date a year on, the system flagged. */
	setenv("TILLIT_NOW", "2025-01-31T10:00:00Z", 1);
	r = lb_post(&c, url(&c, "/assets/%lld/classification/%lld/sign", (long long)set_id, (long long)cid), NULL);
	unsetenv("TILLIT_NOW");
	assert_int_equal(r.status, 303);
	r = lb_get(&c, url(&c, "/assets/%lld/classification?msg=signed", (long long)set_id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Allvarlig skada"));
	assert_true(lb_has(&r, "2026-01-31"));
	/* Signing twice: refused with the reason on the page. */
	r = lb_post(&c, url(&c, "/assets/%lld/classification/%lld/sign", (long long)set_id, (long long)cid), NULL);
	assert_int_equal(r.status, 400);

	/* The system that holds the set is flagged, and its page says which set and why. */
	r = lb_get(&c, url(&c, "/assets/%lld/classification", (long long)sys_id));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "class=\"notice\""));
	assert_true(lb_has(&r, "Personakter"));
	/* Its protocol shows the inherited minimum after computing. */
	const char *nothing[] = { "action", "compute", NULL };
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)sys_id), nothing);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "3 – Allvarlig skada (Personakter)"));

	/* After signing the set, its page leads on: to classify the system that holds it, to its requirements. */
	r = lb_get(&c, url(&c, "/assets/%lld/classification?msg=signed", (long long)set_id));
	assert_true(lb_has(&r, url(&c, "href=\"/assets/%lld/classification/new\"", (long long)sys_id)));
	assert_true(lb_has(&r, url(&c, "href=\"/assets/%lld/requirements/assess?status=none\"", (long long)set_id)));

	/* Save and sign in one step: offered to the owner only; a coordinator's try stores nothing. */
	size_t sys_before = n_versions(sys_id);
	const char *sign_now[] = { "action", "sign", NULL };
	login(&s, "samordnare");
	r = lb_get(&s, url(&s, "/assets/%lld/classification/new", (long long)sys_id));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "value=\"sign\""));
	r = lb_post(&s, url(&s, "/assets/%lld/classification", (long long)sys_id), sign_now);
	assert_int_equal(r.status, 403);
	assert_int_equal(n_versions(sys_id), sys_before);
	lb_client_release(&s);
	r = lb_get(&c, url(&c, "/assets/%lld/classification/new", (long long)sys_id));
	assert_true(lb_has(&r, "value=\"sign\""));
	/* A level below the inherited floor: refused naming the field, nothing stored, not even a draft. */
	const char *too_low[] = { "level_confidentiality", "1", "action", "sign", NULL };
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)sys_id), too_low);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-level_confidentiality\""));
	assert_int_equal(n_versions(sys_id), sys_before);
	/* The owner saves and signs: one version, signed and current, at the inherited level. */
	r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)sys_id), sign_now);
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, url(&c, "/assets/%lld/classification?msg=signed", (long long)sys_id));
	assert_int_equal(n_versions(sys_id), sys_before + 1);
	struct classification signed_now;
	struct err se = { 0 };
	assert_int_equal(classify_get(env.db, env.arena, newest(sys_id), &signed_now, &se), 0);
	assert_string_equal(signed_now.status, "signed");
	assert_int_equal(signed_now.level[0], 3);
	r = lb_get(&c, r.location);
	assert_true(lb_has(&r, url(&c, "href=\"/assets/%lld/requirements/assess?status=none\"", (long long)sys_id)));
	lb_client_release(&c);

	/* No owner: the page says an owner must be set; signing is refused naming the owner. */
	struct class_input in = { 0 };
	int64_t oid;
	struct err e = { 0 };
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		in.requested[k] = -1;
	assert_int_equal(fx_classify_create(env.db, env.arena, act, orphan_id, &in, &oid, NULL, &e), 0);
	login(&c, "samordnare");
	r = lb_get(&c, url(&c, "/assets/%lld/classification/%lld", (long long)orphan_id, (long long)oid));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "class=\"sign\""));
	lb_client_release(&c);
}

static void test_versions_compare(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const struct class_question *avail = find_q("availability", "Hur länge klarar sig verksamheten");
	const char *qname = arena_printf(env.arena, "q%lld", (long long)avail->id);

	login(&c, "samordnare");
	lb_get(&c, url(&c, "/assets/%lld/classification/new", (long long)pers_id));
	const char *v1[] = { qname, arena_printf(env.arena, "%lld", (long long)opt_at(avail, 1)), "action", "save",
			     NULL };
	assert_int_equal(lb_post(&c, url(&c, "/assets/%lld/classification", (long long)pers_id), v1).status, 303);
	int64_t a = newest(pers_id);
	lb_get(&c, url(&c, "/assets/%lld/classification/new", (long long)pers_id));
	const char *v2[] = { qname, arena_printf(env.arena, "%lld", (long long)opt_at(avail, 3)), "action", "save",
			     NULL };
	assert_int_equal(lb_post(&c, url(&c, "/assets/%lld/classification", (long long)pers_id), v2).status, 303);
	int64_t b = newest(pers_id);
	assert_int_not_equal(a, b);
	r = lb_get(&c, url(&c, "/assets/%lld/classification", (long long)pers_id));
	assert_true(lb_has(&r, url(&c, "href=\"/assets/%lld/classification/%lld\"", (long long)pers_id, (long long)a)));
	assert_true(lb_has(&r, "action=\"/assets/"));
	r = lb_get(&c, arena_printf(c.arena, "/assets/%lld/classification/compare?a=%lld&b=%lld", (long long)pers_id,
				    (long long)a, (long long)b));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Upp till en vecka (1)"));
	assert_true(lb_has(&r, "Några timmar (3)"));
	/* The difference is said in words, not only by colour. */
	assert_true(lb_has(&r, "<td class=\"diff\"><strong>"));
	/* The old version stays readable with its answers. */
	r = lb_get(&c, url(&c, "/assets/%lld/classification/%lld", (long long)pers_id, (long long)a));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Upp till en vecka"));
	/* A version of another asset is not found under this one. */
	assert_int_equal(
		lb_get(&c, url(&c, "/assets/%lld/classification/%lld", (long long)sys_id, (long long)a)).status, 404);
	assert_int_equal(
		lb_get(&c, url(&c, "/assets/%lld/classification/compare?a=%lld", (long long)pers_id, (long long)a))
			.status,
		400);
	lb_client_release(&c);
}

static void test_model_pages(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct class_model m;
	struct err e = { 0 };
	const char *path = arena_printf(env.arena, "/organisations/%lld/classification-model", (long long)org);
	const int expect[N_USERS] = { 200, 403, 403, 403, 403, 403, 403, 403 };

	for (size_t i = 0; i < N_USERS; i++) {
		login(&c, users[i]);
		/* The organisation's page links its classification model for whoever may open it. */
		r = lb_get(&c, arena_printf(c.arena, "/units/%lld", (long long)org));
		if (r.status == 200 &&
		    lb_has(&r, arena_printf(c.arena, "href=\"%s\">Klassningsmodell och klassningsfrågor</a>", path)) !=
			    (expect[i] == 200))
			fail_msg("%s: the organisation's page links the model: %d", users[i], expect[i] == 200);
		if (r.status == 200 &&
		    !lb_has(&r, arena_printf(c.arena, "href=\"/maturity/bank?unit_id=%lld\"", (long long)org)))
			fail_msg("%s: the organisation's page links the self-assessment question bank", users[i]);
		r = lb_get(&c, path);
		if (r.status != expect[i])
			fail_msg("%s: GET model %d, expected %d", users[i], r.status, expect[i]);
		r = lb_get(&c, arena_printf(c.arena, "/organisations/%lld/questions/new", (long long)org));
		if (r.status != expect[i])
			fail_msg("%s: GET new question %d", users[i], r.status);
		lb_client_release(&c);
	}
	login(&c, "admin");
	/* A board is not an organisation. */
	assert_int_equal(
		lb_get(&c, arena_printf(c.arena, "/organisations/%lld/classification-model", (long long)board)).status,
		404);
	r = lb_get(&c, path);
	assert_true(lb_has(&r, "Ingen eller försumbar skada"));
	assert_int_equal(classify_model_get(env.db, env.arena, org, &m, &e), 0);
	const char *ver = arena_printf(c.arena, "%lld", (long long)m.version);
	const char *blank[] = { "version",
				ver,
				"max_level",
				"4",
				"review_months",
				"24",
				"level_name_0",
				"Ingen",
				"level_name_1",
				" ",
				"level_name_2",
				"B",
				"level_name_3",
				"C",
				"level_name_4",
				"D",
				NULL };
	r = lb_post(&c, path, blank);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-level_name_1\""));
	const char *ok[] = { "version",
			     ver,
			     "max_level",
			     "4",
			     "review_months",
			     "24",
			     "use_traceability",
			     "1",
			     "level_name_0",
			     "Ingen skada",
			     "level_name_1",
			     "Måttlig skada",
			     "level_name_2",
			     "Betydande skada",
			     "level_name_3",
			     "Allvarlig skada",
			     "level_name_4",
			     "Synnerligen allvarlig skada",
			     NULL };
	r = lb_post(&c, path, ok);
	assert_int_equal(r.status, 303);
	/* The same version again: someone else's change is shown. */
	lb_get(&c, path);
	r = lb_post(&c, path, ok);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "class=\"theirs\""));
	assert_int_equal(classify_model_get(env.db, env.arena, org, &m, &e), 0);
	assert_int_equal(m.review_months, 24);
	assert_true(m.use_traceability);

	/* Questions: create, edit (deactivate), reorder. */
	lb_get(&c, arena_printf(c.arena, "/organisations/%lld/questions/new?aspect=integrity", (long long)org));
	const char *q[] = { "aspect",
			    "integrity",
			    "text",
			    "Är informationen underlag för statistik?",
			    "option_text_1",
			    "Nej",
			    "option_level_1",
			    "0",
			    "option_text_2",
			    "Ja",
			    "option_level_2",
			    "1",
			    NULL };
	r = lb_post(&c, arena_printf(c.arena, "/organisations/%lld/questions", (long long)org), q);
	assert_int_equal(r.status, 303);
	const struct class_question *nq = find_q("integrity", "Är informationen underlag för statistik");
	const char *bad[] = { "aspect", "integrity", "text", "X", "option_text_1", "Bara ett", NULL };
	r = lb_post(&c, arena_printf(c.arena, "/organisations/%lld/questions", (long long)org), bad);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "Bara ett"));
	r = lb_get(&c, arena_printf(c.arena, "/questions/%lld/edit", (long long)nq->id));
	assert_int_equal(r.status, 200);
	const char *qid1 = arena_printf(c.arena, "%lld", (long long)nq->options[0].id);
	const char *qv = arena_printf(c.arena, "%lld", (long long)nq->version);
	const char *edit[] = { "version",
			       qv,
			       "aspect",
			       "integrity",
			       "text",
			       "Används informationen för statistik?",
			       "option_id_1",
			       qid1,
			       "option_text_1",
			       "Nej",
			       "option_level_1",
			       "0",
			       "option_text_2",
			       "Ja, officiell statistik",
			       "option_level_2",
			       "2",
			       NULL };
	r = lb_post(&c, arena_printf(c.arena, "/questions/%lld/edit", (long long)nq->id), edit);
	assert_int_equal(r.status, 303);
	struct class_question got;
	assert_int_equal(classify_question_get(env.db, env.arena, nq->id, &got, &e), 0);
	assert_false(got.active); /* the box was not ticked */
	assert_int_equal(got.options[0].id, nq->options[0].id);
	lb_get(&c, path);
	const char *mv[] = { "version", arena_printf(env.arena, "%lld", (long long)got.version), "position", "1",
			     NULL };
	r = lb_post(&c, arena_printf(c.arena, "/questions/%lld/move", (long long)nq->id), mv);
	assert_int_equal(r.status, 303);
	lb_client_release(&c);
	/* Others may not edit questions. */
	login(&c, "samordnare");
	assert_int_equal(lb_get(&c, arena_printf(c.arena, "/questions/%lld/edit", (long long)nq->id)).status, 403);
	lb_get(&c, "/account");
	assert_int_equal(lb_post(&c, arena_printf(c.arena, "/questions/%lld/move", (long long)nq->id), mv).status, 403);
	lb_client_release(&c);
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static void api_client(struct lb_client *c, int64_t user)
{
	const char *tok;
	struct err e = { 0 };
	assert_int_equal(token_create(env.db, env.arena, act, user, "test", &tok, NULL, &e), 0);
	lb_client_init(c, &env);
	c->bearer = tok;
}

static void test_api(void **state)
{
	struct lb_client owner, coord, reader, granne, admin, per;
	struct lb_resp r;
	json_t *j;
	const struct class_question *art9 =
		find_q("confidentiality", "Innehåller informationen personuppgifter av känslig art");
	const char *create_path = arena_printf(env.arena, "/api/v1/assets/%lld/classifications", (long long)pers_id);

	api_client(&owner, u_per);
	api_client(&coord, u_coord);
	api_client(&reader, u_reader);
	api_client(&granne, u_granne);
	api_client(&admin, u_admin);
	api_client(&per, u_olle); /* owner of another asset */

	const char *body =
		arena_printf(env.arena,
			     "{\"answers\":[{\"question_id\":%lld,\"option_id\":%lld}],"
			     "\"levels\":{\"availability\":2},\"motivations\":{\"availability\":\"Dygnet runt\"}}",
			     (long long)art9->id, (long long)opt_at(art9, 3));
	assert_int_equal(lb_json(&reader, "POST", create_path, body, NULL).status, 403);
	assert_int_equal(lb_json(&per, "POST", create_path, body, NULL).status, 403);
	r = lb_json(&owner, "POST", create_path, body, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	int64_t cid = json_integer_value(json_object_get(j, "id"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "computed"), "confidentiality")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "levels"), "availability")), 2);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "draft");
	assert_int_equal(json_array_size(json_object_get(j, "answers")), 1);
	json_decref(j);
	assert_non_null(strstr(r.location, "/api/v1/classifications/"));

	/* Lowering: 400 naming levels.confidentiality; raising without motivation: motivations.integrity. */
	const char *lower = arena_printf(
		env.arena,
		"{\"answers\":[{\"question_id\":%lld,\"option_id\":%lld}],\"levels\":{\"confidentiality\":1}}",
		(long long)art9->id, (long long)opt_at(art9, 3));
	r = lb_json(&owner, "POST", create_path, lower, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"levels.confidentiality\""));
	r = lb_json(&owner, "POST", create_path, "{\"levels\":{\"integrity\":3}}", NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"motivations.integrity\""));
	r = lb_json(&owner, "POST", create_path, "{\"answers\":[{\"question_id\":1}]}", NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"answers\""));
	r = lb_json(&owner, "POST", create_path, "{\"levels\":{\"secrecy\":1}}", NULL);
	assert_int_equal(r.status, 400);

	/* Reading. */
	const char *one = arena_printf(env.arena, "/api/v1/classifications/%lld", (long long)cid);
	assert_int_equal(lb_json(&reader, "GET", one, NULL, NULL).status, 200);
	assert_int_equal(lb_json(&granne, "GET", one, NULL, NULL).status, 403);
	r = lb_json(&reader, "GET", create_path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"total\":"));

	/* Signing: the owner only. */
	const char *sign = arena_printf(env.arena, "/api/v1/classifications/%lld/sign", (long long)cid);
	assert_int_equal(lb_json(&coord, "POST", sign, NULL, NULL).status, 403);
	assert_int_equal(lb_json(&per, "POST", sign, NULL, NULL).status, 403);
	r = lb_json(&owner, "POST", sign, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"signed\""));
	assert_int_equal(lb_json(&owner, "POST", sign, NULL, NULL).status, 400);

	/* The model: read by anyone in the organisation, changed by its administrators. */
	const char *model = arena_printf(env.arena, "/api/v1/organisations/%lld/classification-model", (long long)org);
	r = lb_json(&reader, "GET", model, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Synnerligen allvarlig skada"));
	assert_int_equal(lb_json(&granne, "GET", model, NULL, NULL).status, 403);
	assert_int_equal(lb_json(&coord, "PATCH", model, "{\"review_months\":6}", "\"1\"").status, 403);
	j = parse(&r);
	const char *etag =
		arena_printf(env.arena, "\"%lld\"", (long long)json_integer_value(json_object_get(j, "version")));
	json_decref(j);
	assert_int_equal(lb_json(&admin, "PATCH", model, "{\"review_months\":6}", NULL).status, 428);
	r = lb_json(&admin, "PATCH", model, "{\"review_months\":0}", etag);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"review_months\""));
	r = lb_json(&admin, "PATCH", model, "{\"review_months\":6,\"levels\":[{\"level\":1,\"name\":\"Måttlig\"}]}",
		    etag);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"review_months\":6"));
	r = lb_json(&admin, "PATCH", model, "{\"review_months\":7}", etag);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"current\":"));

	/* The question bank. */
	const char *qs = arena_printf(env.arena, "/api/v1/organisations/%lld/questions", (long long)org);
	r = lb_json(&reader, "GET", arena_printf(env.arena, "%s?active=true&limit=500", qs), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(lb_json(&granne, "GET", qs, NULL, NULL).status, 403);
	const char *newq =
		"{\"aspect\":\"availability\",\"text\":\"Behövs informationen vid val?\","
		"\"options\":[{\"text\":\"Nej\",\"implies_level\":0},{\"text\":\"Ja\",\"implies_level\":2}]}";
	assert_int_equal(lb_json(&coord, "POST", qs, newq, NULL).status, 403);
	r = lb_json(&admin, "POST", qs, newq, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	int64_t qid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	r = lb_json(
		&admin, "POST", qs,
		"{\"aspect\":\"availability\",\"text\":\"X\",\"options\":[{\"text\":\"Nej\",\"implies_level\":9}, {\"text\":\"Ja\",\"implies_level\":0}]}",
		NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"option_level_1\""));
	const char *qpath = arena_printf(env.arena, "/api/v1/questions/%lld", (long long)qid);
	assert_int_equal(lb_json(&coord, "PATCH", qpath, "{\"active\":false}", "\"1\"").status, 403);
	r = lb_json(&admin, "PATCH", qpath, "{\"active\":false,\"position\":1}", "\"1\"");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"active\":false"));
	assert_non_null(strstr(r.body, "\"position\":1"));
	assert_int_equal(lb_json(&admin, "PATCH", qpath, "{\"text\":\"Y\"}", "\"1\"").status, 409);

	lb_client_release(&owner);
	lb_client_release(&coord);
	lb_client_release(&reader);
	lb_client_release(&granne);
	lb_client_release(&admin);
	lb_client_release(&per);
}

static void test_poison(void **state)
{
	struct class_model m;
	struct class_model_input mi;
	struct err e = { 0 };
	int64_t qid, a1, a2;
	struct class_option_input opts[] = { { 0, "Nej " POISON, 0 }, { 0, "Ja " POISON, 2 } };
	struct class_question_input q = { "confidentiality", "Fråga " POISON, "Hjälp " POISON, true, opts, 2 };
	int64_t asset = mk_asset("system", "Gift " POISON, u_olle);

	assert_int_equal(classify_model_get(env.db, env.arena, org2, &m, &e), 0);
	assert_int_equal(classify_model_get(env.db, env.arena, org, &m, &e), 0);
	memset(&mi, 0, sizeof(mi));
	mi.max_level = m.max_level;
	mi.review_months = m.review_months;
	mi.use_traceability = m.use_traceability;
	for (int l = 0; l <= m.max_level; l++) {
		mi.names[l] = arena_printf(env.arena, "Nivå %d %s", l, POISON);
		mi.descriptions[l] = POISON;
	}
	assert_int_equal(fx_classify_model_update(env.db, env.arena, act, org, m.version, &mi, NULL, &e), 0);
	assert_int_equal(classify_question_create(env.db, env.arena, act, org, &q, &qid, &e), 0);
	struct class_question got;
	assert_int_equal(classify_question_get(env.db, env.arena, qid, &got, &e), 0);
	struct class_answer ans[] = { { qid, got.options[1].id } };
	struct class_input in = { ans, 1, { -1, -1, -1, -1 }, { POISON, POISON, POISON, POISON } };
	in.requested[CLASS_A] = 3;
	assert_int_equal(fx_classify_create(env.db, env.arena, act, asset, &in, &a1, NULL, &e), 0);
	in.requested[CLASS_A] = 4;
	assert_int_equal(fx_classify_create(env.db, env.arena, act, asset, &in, &a2, NULL, &e), 0);

	struct lb_client c;
	login(&c, "admin");
	const char *pages[] = {
		url(&c, "/assets/%lld/classification", (long long)asset),
		url(&c, "/assets/%lld/classification/new", (long long)asset),
		url(&c, "/assets/%lld/classification/%lld", (long long)asset, (long long)a1),
		arena_printf(c.arena, "/assets/%lld/classification/compare?a=%lld&b=%lld", (long long)asset,
			     (long long)a1, (long long)a2),
		url(&c, "/organisations/%lld/classification-model", (long long)org),
		url(&c, "/questions/%lld/edit", (long long)qid),
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct lb_resp r = lb_get(&c, pages[i]);
		if (r.status != 200)
			fail_msg("GET %s: %d", pages[i], r.status);
		if (strstr(r.body, POISON))
			fail_msg("GET %s shows the poison string unescaped", pages[i]);
		if (!strstr(r.body, "&lt;script&gt;&#39;&quot;&amp;"))
			fail_msg("GET %s does not show the escaped text", pages[i]);
	}
	/* The form echoes what was typed, escaped. */
	const char *kv[] = {
		"level_confidentiality", "4", "motivation_confidentiality", POISON, "action", "compute", NULL
	};
	struct lb_resp r = lb_post(&c, url(&c, "/assets/%lld/classification", (long long)asset), kv);
	assert_null(strstr(r.body, POISON));
	lb_client_release(&c);
}

/* Classifications from earlier records: the page (a check listing bad rows, then the import), the asset's page
 * naming the records' signer, the API, and who may not. */
static void test_import_history(void **state)
{
	struct lb_client c, api, reader;
	struct lb_resp r;
	json_t *j;
	int64_t raindance = mk_asset("system", "Ekonomisystem Raindance", u_olle);
	int64_t reskontra = mk_asset("information_set", "Leverantörsreskontra", u_olle);
	struct class_model m;
	struct err e = { 0 };
	const char *bad, *good, *t; /* t: the traceability column when the model uses it */
	(void)state;

	assert_int_equal(classify_model_get(env.db, env.arena, org, &m, &e), 0);
	t = m.use_traceability ? ";1" : "";
	bad = arena_printf(env.arena,
			   "Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet%s\n"
			   "Ekonomisystem Raindance;2022-03-01;Eva Lind;1;2;9%s\n"
			   "Okänt system;2022-03-01;Eva Lind;1;2;2%s\n",
			   m.use_traceability ? ";Spårbarhet" : "", t, t);
	good = arena_printf(env.arena,
			    "Tillgång;Signerad;Signerad av;Konfidentialitet;Riktighet;Tillgänglighet%s\n"
			    "Ekonomisystem Raindance;2023-04-01;Eva Lind;2;2;3%s\n"
			    "Ekonomisystem Raindance;2022-03-01;Eva Lind;1;2;2%s\n",
			    m.use_traceability ? ";Spårbarhet" : "", t, t);

	login(&c, "samordnare");
	r = lb_get(&c, "/classifications/import");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Importera tidigare klassningar"));
	assert_true(lb_has(&r, "Signerad av"));
	r = lb_get(&c, "/assets/import");
	assert_true(lb_has(&r, "href=\"/classifications/import\""));
	{
		const char *kv[] = { "file.filename", "klassningar.csv", "file", bad, "dry_run", "1", NULL };
		r = lb_post(&c, "/classifications/import", kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "Det finns ingen tillgång Okänt system bland dem du får redigera"));
		assert_true(lb_has(&r, "Ange en nivå från 0 till 4, eller dess namn."));
	}
	{
		const char *kv[] = { "file.filename", "klassningar.csv", "file", bad, NULL };
		r = lb_post(&c, "/classifications/import", kv);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "Ingenting har importerats"));
		assert_int_equal(n_versions(raindance), 0);
	}
	{
		const char *kv[] = { "file.filename", "klassningar.csv", "file", good, NULL };
		r = lb_post(&c, "/classifications/import", kv);
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "Tillgångar som fått en klassningshistorik: 1."));
		assert_int_equal(n_versions(raindance), 2);
	}
	r = lb_get(&c, url(&c, "/assets/%lld/classification", (long long)raindance));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Eva Lind"));
	assert_true(lb_has(&r, "från tidigare register"));
	assert_true(lb_has(&r, "2023-04-01"));
	lb_client_release(&c);

	/* Through the API: a check, then the import, answered with the rows and assets. */
	api_client(&api, u_coord);
	{
		const char *csv = arena_printf(env.arena,
					       "Asset,Signed,Signed by,Confidentiality,Integrity,Availability%s\n"
					       "%lld,2021-09-01,Per Ek,3,2,1%s\n",
					       m.use_traceability ? ",Traceability" : "", (long long)reskontra,
					       m.use_traceability ? ",0" : "");
		const char *h[] = { "Content-Type: text/csv", NULL };
		r = lb_request(&api, "POST", "/api/v1/classifications/import?dry_run=true", h, NULL, csv, strlen(csv));
		assert_int_equal(r.status, 200);
		assert_int_equal(n_versions(reskontra), 0);
		r = lb_request(&api, "POST", "/api/v1/classifications/import?dry_run=maybe", h, NULL, csv, strlen(csv));
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "\"field\":\"dry_run\""));
		r = lb_request(&api, "POST", "/api/v1/classifications/import", h, NULL, csv, strlen(csv));
		assert_int_equal(r.status, 201);
		j = parse(&r);
		assert_true(json_is_true(json_object_get(j, "imported")));
		assert_int_equal(json_integer_value(json_object_get(j, "assets")), 1);
		json_decref(j);
		assert_int_equal(n_versions(reskontra), 1);
		/* Again: the asset has a classification now, named with its line and field. */
		r = lb_request(&api, "POST", "/api/v1/classifications/import", h, NULL, csv, strlen(csv));
		assert_int_equal(r.status, 400);
		j = parse(&r);
		assert_int_equal(
			json_integer_value(json_object_get(json_array_get(json_object_get(j, "errors"), 0), "line")),
			2);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(json_object_get(j, "errors"), 0), "field")),
			"asset");
		json_decref(j);
		assert_int_equal(n_versions(reskontra), 1);
	}
	r = lb_get(&api, url(&api, "/api/v1/classifications/%lld", (long long)newest(reskontra)));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "\"imported_signer\":\"Per Ek\""));
	lb_client_release(&api);

	/* A reader imports nothing. */
	api_client(&reader, u_reader);
	{
		const char *h[] = { "Content-Type: text/csv", NULL };
		r = lb_request(&reader, "POST", "/api/v1/classifications/import", h, NULL, good, strlen(good));
		assert_int_equal(r.status, 403);
	}
	lb_client_release(&reader);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_access),
		cmocka_unit_test(test_form_access),
		cmocka_unit_test(test_classify_and_sign),
		cmocka_unit_test(test_versions_compare),
		cmocka_unit_test(test_model_pages),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_poison),
		cmocka_unit_test(test_import_history),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
