/*
 * test_escaping.c - the poison record: every text field of every kind of
 * record holds <script>'"&, and no page or API answer may contain that
 * string unescaped. Every GET route of the table is visited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/gdpr.h"
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
	int64_t activity, transfer, dpia, processor, agreement, category;
} ids;

static int64_t sample(const char *prefix, const char *name)
{
	if (!strcmp(name, "cid"))
		return ids.classification;
	if (!strcmp(name, "rid"))
		return ids.requirement;
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
	if (str_ends(prefix, "/processing-activities/") || str_ends(prefix, "/gdpr/activities/"))
		return ids.activity;
	if (str_ends(prefix, "/transfers/"))
		return ids.transfer;
	if (str_ends(prefix, "/dpias/"))
		return ids.dpia;
	if (str_ends(prefix, "/processors/"))
		return ids.processor;
	if (str_ends(prefix, "/agreements/"))
		return ids.agreement;
	if (str_ends(prefix, "/gdpr-categories/"))
		return ids.category;
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

/* The register of processing activities: every text of an activity, its vocabulary, transfer, DPIA and processor. */
static void poison_register(struct lb_env *env, int64_t org, int64_t unit, int64_t uid)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	int64_t subject, data, version;
	struct gdpr_activity p;

	assert_int_equal(gdpr_category_create(env->db, env->arena, act, org, "subject", "Registrerade " POISON, "",
					      &subject, &e),
			 0);
	assert_int_equal(
		gdpr_category_create(env->db, env->arena, act, org, "data", "Uppgifter " POISON, "art9", &data, &e), 0);
	ids.category = data;
	struct gdpr_subprocessor subs[1] = { { .name = "Under " POISON, .country = "SE" } };
	struct gdpr_processor_input pin = { unit, "Biträde " POISON, POISON, POISON, "SE", subs, 1 };
	assert_int_equal(processor_create(env->db, env->arena, act, &pin, &ids.processor, &e), 0);
	struct gdpr_purpose_input pu[1] = { { "Ändamål " POISON, "e", "Lag " POISON } };
	struct gdpr_data_input di[1] = { { data, "5 år " POISON, POISON } };
	int64_t assets[1] = { ids.asset }, procs[1] = { ids.processor };
	struct gdpr_activity_input in = { .unit_id = unit,
					  .name = "Behandling " POISON,
					  .description = POISON,
					  .controller_contact = POISON,
					  .joint_controller = POISON,
					  .owner_id = uid,
					  .art9_point = "h",
					  .art10_basis = POISON,
					  .recipients = POISON,
					  .other_measures = POISON,
					  .purposes = pu,
					  .n_purposes = 1,
					  .subject_ids = &subject,
					  .n_subjects = 1,
					  .data = di,
					  .n_data = 1,
					  .asset_ids = assets,
					  .n_assets = 1,
					  .processor_ids = procs,
					  .n_processors = 1,
					  .dpia_criteria = 1,
					  .dpia_decision = "required",
					  .dpia_reason = POISON };
	if (gdpr_activity_create(env->db, env->arena, act, &in, &ids.activity, &e))
		fail_msg("gdpr_activity_create: %s %s", e.field, e.msgid);
	assert_int_equal(gdpr_activity_get(env->db, env->arena, ids.activity, &p, &e), 0);
	assert_int_equal(gdpr_activity_send_back(env->db, env->arena, act, &p, p.version, "Kommentar " POISON, &e), 0);
	assert_int_equal(gdpr_activity_get(env->db, env->arena, ids.activity, &p, &e), 0);
	struct gdpr_transfer t = { .country = "IN",
				   .recipient = "Mottagare " POISON,
				   .basis = "scc",
				   .scc_module = "2",
				   .safeguards = POISON };
	assert_int_equal(gdpr_transfer_add(env->db, env->arena, act, &p, NULL, &t, &ids.transfer, &e), 0);
	assert_int_equal(gdpr_transfer_get(env->db, env->arena, ids.transfer, &t, &e), 0);
	assert_int_equal(gdpr_tia_add(env->db, env->arena, act, &t, "Bedömning " POISON, POISON, &version, &e), 0);
	struct gdpr_dpia_item risks[1] = { { .text = "Risk " POISON, .likelihood = 2, .severity = 3 } };
	struct gdpr_dpia_item measures[1] = { { .text = "Åtgärd " POISON } };
	struct gdpr_dpia_input d = { "Beskrivning " POISON, POISON, "low", true, risks, 1, measures, 1 };
	assert_int_equal(gdpr_activity_get(env->db, env->arena, ids.activity, &p, &e), 0);
	assert_int_equal(dpia_create(env->db, env->arena, act, &p, &d, &ids.dpia, &e), 0);
	struct gdpr_dpia stored;
	struct gdpr_dpia *v;
	size_t n;
	assert_int_equal(dpia_versions(env->db, env->arena, p.id, &v, &n, &e), 0);
	stored = v[0];
	assert_int_equal(dpia_opinion(env->db, env->arena, act, &stored, "Yttrande " POISON, &e), 0);
	struct gdpr_processor proc;
	struct gdpr_agreement_input ag = {
		"2026-01-01", "2027-01-01", "Dnr " POISON, "avtal " POISON ".txt", "Avtal", 5
	};
	assert_int_equal(processor_get(env->db, env->arena, ids.processor, &proc, &e), 0);
	assert_int_equal(agreement_add(env->db, env->arena, act, &proc, &ag, &ids.agreement, &e), 0);
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

	poison_register(&env, org, unit, uid);

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
