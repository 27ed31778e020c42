/*
 * test_escaping.c - the poison record: every text field of every kind of
 * record holds <script>'"&, and no page or API answer may contain that
 * string unescaped. Every GET route of the table is visited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/incident.h"
#include "domain/requirement.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "http/router.h"
#include "loopback.h"

#define POISON "<script>'\"&"

/* The poison records' ids, by the path segment before a ":name". */
static struct {
	int64_t org, unit, user, asset, set, link, classification, requirement, action, question;
	int64_t incident, duty;
} ids;

static int64_t sample(const char *prefix, const char *name)
{
	if (!strcmp(name, "cid"))
		return ids.classification;
	if (!strcmp(name, "rid"))
		return ids.requirement;
	if (!strcmp(name, "nid"))
		return ids.duty;
	if (str_ends(prefix, "/incidents/"))
		return ids.incident;
	if (str_ends(prefix, "/report/"))
		return ids.org;
	if (str_ends(prefix, "/units/"))
		return ids.unit;
	if (str_ends(prefix, "/users/"))
		return ids.user;
	if (str_ends(prefix, "/audit/"))
		return 3; /* the poison unit's creation */
	if (str_ends(prefix, "/assets/"))
		return ids.asset;
	if (str_ends(prefix, "/classifications/"))
		return ids.classification;
	if (str_ends(prefix, "/organisations/"))
		return ids.org;
	if (str_ends(prefix, "/questions/"))
		return ids.question;
	if (str_ends(prefix, "/requirements/"))
		return ids.requirement;
	if (str_ends(prefix, "/actions/"))
		return ids.action;
	fail_msg("no sample id for %s:%s", prefix, name);
	return 0;
}

DB_QUERY(T_ACTION, "INSERT INTO actions (unit_id, title, description, asset_id, created_at, updated_at)"
		   " VALUES ($1, $2, $2, $3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id");

static int64_t insert_action(struct lb_env *env, int64_t unit, int64_t asset)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(env->db, env->arena, &T_ACTION,
				DB_ARGS(DB_INT(unit), DB_TEXT("Åtgärd " POISON), DB_INT(asset)), &rows, &e),
			 0);
	return rows_int(&rows, 0, 0);
}

/*
 * A personal-data breach and significant incident with poison in every text:
 * its report, its fields, a duty to another recipient, a filing, a decision,
 * a follow-up action, a category, the organisation's settings (with the
 * public form on) and a public report.
 */
static void poison_incident(struct lb_env *env, int64_t org, int64_t unit, int64_t uid, int64_t asset)
{
	const struct auth *act = &fx_system;
	struct incident_report rep = {
		.unit_id = unit, .title = "Incident " POISON, .description = POISON, .contact = POISON
	};
	struct incident inc;
	struct incident_input in;
	struct incident_settings s = { 0 };
	struct incident_public_report pub = { .description = "Publik " POISON, .name = POISON, .phone = POISON };
	struct incident_filing_input fi = {
		.stage = "initial", .filed_at = "2026-01-02T10:00:00Z", .reference = POISON, .note = POISON
	};
	struct incident_duty *ds;
	struct unit o;
	bool kinds[4] = { true, true, true, true };
	const char *receipt;
	size_t n;
	int64_t cat, other;
	struct err e = { 0 };

	setenv("TILLIT_NOW", "2026-01-03T10:00:00Z", 1);
	assert_int_equal(incident_report(env->db, env->arena, act, &rep, &ids.incident, &receipt, &e), 0);
	assert_int_equal(incident_get(env->db, env->arena, ids.incident, &inc, &e), 0);
	assert_int_equal(
		incident_triage(env->db, env->arena, act, &inc, inc.version, "incident", kinds, POISON, NULL, &e), 0);
	assert_int_equal(incident_category_create(env->db, env->arena, act, "Kategori " POISON, &cat, &e), 0);
	assert_int_equal(incident_get(env->db, env->arena, ids.incident, &inc, &e), 0);
	in = incident_input_of(&inc);
	in.category_id = cat;
	in.aware_at = "2026-01-01T10:00:00Z";
	in.subject_categories = in.data_kinds = in.consequences = in.measures = in.cause = POISON;
	in.indicators = in.secrecy = in.lessons = POISON;
	in.status = "reported";
	assert_int_equal(incident_update(env->db, env->arena, act, &inc, inc.version, &in, POISON, NULL, &e), 0);
	assert_int_equal(incident_get(env->db, env->arena, ids.incident, &inc, &e), 0);
	assert_int_equal(incident_asset_add(env->db, env->arena, act, &inc, asset, &e), 0);
	assert_int_equal(incident_decision_add(env->db, env->arena, act, &inc, POISON, &e), 0);
	assert_int_equal(incident_duty_add(env->db, env->arena, act, &inc, "Mottagare " POISON, NULL, &other, &e), 0);
	assert_int_equal(incident_duties(env->db, env->arena, &inc, time_now(), &ds, &n, &e), 0);
	ids.duty = ds[0].n.id;
	fi.delay_reason = POISON;
	assert_int_equal(incident_filing_add(env->db, env->arena, act, &inc, ids.duty, &fi, NULL, &e), 0);
	struct incident_notification_input ni = { .decision = "no", .reason = POISON, .case_ref = POISON };
	assert_int_equal(
		incident_duty_decide(env->db, env->arena, act, &inc, ds[1].n.id, ds[1].n.version, &ni, NULL, &e), 0);
	assert_int_equal(incident_action_create(env->db, env->arena, act, &inc, "Åtgärd " POISON, POISON, uid,
						"2026-06-30", NULL, &e),
			 0);
	assert_int_equal(unit_get(env->db, env->arena, org, &o, &e), 0);
	s.public_intake = true;
	s.controller = s.contact = POISON;
	s.org_number = "";
	assert_int_equal(incident_settings_save(env->db, env->arena, act, &o, 0, &s, NULL, &e), 0);
	assert_int_equal(incident_report_public(env->db, env->arena, org, "192.0.2.9", &pub, &receipt, &e), 0);
	unsetenv("TILLIT_NOW");
}

static void test_poison_everywhere(void **state)
{
	struct lb_env env;
	struct lb_client c;
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	int64_t org, unit, other, uid, tok;
	const char *clear;

	lb_env_init(&env);
	struct unit_input oi = { 0, "organisation", "Org " POISON, POISON, POISON, POISON };
	assert_int_equal(unit_create(env.db, env.arena, act, &oi, &org, &e), 0);
	struct unit_input ui = { org, "board", "Nämnd " POISON, POISON "2", POISON "3", POISON "4" };
	assert_int_equal(unit_create(env.db, env.arena, act, &ui, &unit, &e), 0);
	other = lb_env_unit(&env, org, "board", "Annan nämnd");
	assert_int_equal(fx_unit_move(env.db, env.arena, act, unit, 1, other, POISON " skäl", NULL, &e), 0);
	struct user_input us = { "poison", "Namn " POISON, POISON "@example.se", "sv", true };
	assert_int_equal(user_create(env.db, env.arena, act, &us, LB_PASSWORD, &uid, &e), 0);
	assert_int_equal(grant_add(env.db, env.arena, act, uid, 0, "administrator", NULL, &e), 0);
	assert_int_equal(token_create(env.db, env.arena, act, uid, "Nyckel " POISON, &clear, &tok, &e), 0);

	/* An information asset, a held information set, a classification with a
	 * motivation, a requirement of the library and an action, all poisoned. */
	struct asset_input ai = { .unit_id = unit,
				  .kind = "system",
				  .name = "System " POISON,
				  .description = POISON,
				  .supplier = POISON,
				  .owner_id = uid };
	assert_int_equal(asset_create(env.db, env.arena, act, &ai, &ids.asset, &e), 0);
	struct asset_input si = { .unit_id = unit, .kind = "information_set", .name = "Mängd " POISON };
	assert_int_equal(asset_create(env.db, env.arena, act, &si, &ids.set, &e), 0);
	assert_int_equal(fx_asset_link_add(env.db, env.arena, act, ids.asset, ids.set, "holds", &ids.link, &e), 0);
	struct class_input ci = { .requested = { 2, -1, -1, -1 }, .motivation = { POISON, NULL, NULL, NULL } };
	assert_int_equal(fx_classify_create(env.db, env.arena, act, ids.asset, &ci, &ids.classification, NULL, &e), 0);
	struct requirement_input ri = { .code = "P-1",
					.title = "Krav " POISON,
					.text = POISON,
					.category = "Kryptering",
					.min_c = -1,
					.min_i = -1,
					.min_a = -1,
					.min_t = -1,
					.nis2 = "h",
					.active = true };
	assert_int_equal(requirement_create(env.db, env.arena, act, &ri, &ids.requirement, &e), 0);
	{
		struct auth owner = { .user_id = uid, .username = "poison" };
		assert_int_equal(auth_load_grants(env.db, env.arena, &owner, &e), 0);
		assert_int_equal(fx_classify_sign(env.db, env.arena, &owner, ids.classification, &e), 0);
	}
	ids.action = insert_action(&env, unit, ids.asset);
	ids.org = org;
	ids.unit = unit;
	ids.user = uid;
	{
		struct class_question *qs;
		size_t nq;
		assert_int_equal(classify_questions(env.db, env.arena, org, true, &qs, &nq, &e), 0);
		ids.question = qs[0].id;
	}

	poison_incident(&env, org, unit, uid, ids.asset);

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "poison", LB_PASSWORD), 303);
	size_t visited = 0;
	for (size_t i = 0; routes[i].method; i++) {
		const struct route *rt = &routes[i];
		const char *pat = rt->pattern;
		struct buf path;
		if (strcmp(rt->method, "GET") || !strcmp(pat, "/static/*") || !strcmp(pat, "/api/v1/openapi.json"))
			continue;
		buf_init(&path, c.arena);
		for (const char *p = pat; *p;) {
			if (*p == ':') {
				const char *end = strchr(p, '/');
				size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
				buf_addf(&path, "%lld",
					 (long long)sample(path.data, arena_strndup(c.arena, p + 1, len)));
				p += len + 1;
			} else {
				buf_addch(&path, *p++);
			}
		}
		if (!strcmp(pat, "/assets/:id/classification/compare"))
			buf_addf(&path, "?a=%lld&b=%lld", (long long)ids.classification, (long long)ids.classification);
		else if (!strncmp(pat, "/api/v1/figures/", 16))
			buf_addf(&path, "?unit_id=%lld", (long long)org);
		struct lb_resp r = lb_get(&c, path.data);
		if (r.status != 200 && !(r.status == 303 && !strcmp(pat, "/login")))
			fail_msg("GET %s: status %d", path.data, r.status);
		if (strstr(r.body, POISON))
			fail_msg("GET %s shows the poison string unescaped", path.data);
		if (strstr(r.content_type, "text/html") && strstr(r.body, "<script>'"))
			fail_msg("GET %s contains a raw <script> from data", path.data);
		visited++;
	}
	assert_true(visited >= 45);
	/* The search box echoes its query escaped. */
	struct lb_resp r = lb_get(&c, "/units?q=%3Cscript%3E%27%22%26");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, POISON));
	assert_non_null(strstr(r.body, "&lt;script&gt;&#39;&quot;&amp;"));
	lb_client_release(&c);
	lb_env_release(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poison_everywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
