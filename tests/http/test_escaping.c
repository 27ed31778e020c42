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
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/continuity.h"
#include "domain/gdpr.h"
#include "domain/governing_document.h"
#include "domain/incident.h"
#include "domain/inspection.h"
#include "domain/maturity.h"
#include "domain/oidc.h"
#include "domain/plan.h"
#include "domain/requirement.h"
#include "domain/response.h"
#include "domain/review.h"
#include "domain/risk.h"
#include "domain/role_suggestion.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/wheel.h"
#include "fixtures.h"
#include "fx_intcontrol.h"
#include "http/router.h"
#include "loopback.h"

#define POISON "<script>'\"&"

/* The poison records' ids, by the path segment before a ":name". */
static struct {
	int64_t org, unit, user, asset, set, link, classification, requirement, activity, question, plan, area, alink;
	int64_t wheel, occurrence;
	const char *calendar_key;
	int64_t analysis, rsa, risk, threat, cplan, exercise;
	int64_t gdoc, course, tgroup;
	int64_t insp, rec, resp, aarea, measure;
	int64_t incident, duty;
	int64_t processing, transfer, dpia, processor, agreement, category;
	struct fx_ic ic;
	int64_t maturity, mquestion, review, dpo;
	int64_t suggestion;
} ids;

static int64_t sample(const char *prefix, const char *name)
{
	if (!strcmp(name, "cid"))
		return ids.classification;
	if (!strcmp(name, "rid"))
		return ids.requirement;
	if (!strcmp(name, "nid"))
		return ids.duty;
	if (str_ends(prefix, "/maturity/questions/") || str_ends(prefix, "/maturity-questions/"))
		return ids.mquestion;
	if (str_ends(prefix, "/maturity/"))
		return ids.maturity;
	if (str_ends(prefix, "/reviews/"))
		return ids.review;
	if (str_ends(prefix, "/dpo-recommendations/"))
		return ids.dpo;
	if (str_ends(prefix, "/incidents/"))
		return ids.incident;
	if (str_ends(prefix, "/report/"))
		return ids.org;
	if (str_ends(prefix, "/units/"))
		return ids.unit;
	if (str_ends(prefix, "/role-suggestions/"))
		return ids.suggestion;
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
	/* the register before the activities of action plans: "/gdpr/activities/" ends like them */
	if (str_ends(prefix, "/processing-activities/") || str_ends(prefix, "/gdpr/activities/"))
		return ids.processing;
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
	if (str_ends(prefix, "/actions/") || str_ends(prefix, "/activities/"))
		return ids.activity;
	if (str_ends(prefix, "/plans/"))
		return ids.plan;
	if (str_ends(prefix, "/wheel/items/"))
		return ids.wheel;
	if (str_ends(prefix, "/wheel/occurrences/"))
		return ids.occurrence;
	if (str_ends(prefix, "/calendar/units/"))
		return ids.unit;
	if (str_ends(prefix, "/plan-areas/"))
		return ids.area;
	if (str_ends(prefix, "/activity-links/"))
		return ids.alink;
	if (str_ends(prefix, "/risk-analyses/"))
		return !strcmp(name, "rsa") ? ids.rsa : ids.analysis;
	if (str_ends(prefix, "/risks/"))
		return ids.risk;
	if (str_ends(prefix, "/risk-threats/"))
		return ids.threat;
	if (str_ends(prefix, "/continuity-plans/") || str_ends(prefix, "/continuity/"))
		return ids.cplan;
	if (str_ends(prefix, "/exercises/"))
		return ids.exercise;
	if (str_ends(prefix, "/internal-control/processes/"))
		return ids.ic.process;
	if (str_ends(prefix, "/internal-control/points/"))
		return ids.ic.point;
	if (str_ends(prefix, "/internal-control/results/"))
		return ids.ic.result;
	if (str_ends(prefix, "/internal-control/deviations/"))
		return ids.ic.deviation;
	if (str_ends(prefix, "/internal-control/") || str_ends(prefix, "/internal-control/plans/"))
		return ids.ic.plan;
	if (str_ends(prefix, "/governing-documents/") || str_ends(prefix, "/governing-documents/read/"))
		return ids.gdoc;
	if (str_ends(prefix, "/courses/"))
		return ids.course;
	if (str_ends(prefix, "/training/groups/") || str_ends(prefix, "/training-groups/"))
		return ids.tgroup;
	if (str_ends(prefix, "/inspections/"))
		return ids.insp;
	if (str_ends(prefix, "/recommendations/"))
		return ids.rec;
	if (str_ends(prefix, "/responses/"))
		return ids.resp;
	if (str_ends(prefix, "/action-areas/"))
		return ids.aarea;
	if (str_ends(prefix, "/measures/"))
		return ids.measure;
	fail_msg("no sample id for %s:%s", prefix, name);
	return 0;
}

/* A plan titled, an area named and an activity written with the poison (its purpose as Markdown with raw HTML). */
/*
 * A self-assessment whose bank holds a poisoned question, and a management
 * review with every text, a priority, a DPO's recommendation and its
 * approval poisoned: the priority becomes an activity, the review frozen.
 */
static void poison_review(struct lb_env *env, int64_t unit)
{
	const struct auth *act = &fx_system;
	struct maturity_question_input q = { 2, 1, "Fråga " POISON, true };
	struct dpo_input d = { 2025, "Rekommendation " POISON, POISON, "open" };
	struct review_input in = { POISON, POISON, { 0 } };
	struct review_approval ap = { "Namn " POISON, "2026-01-01", "Dnr " POISON };
	struct maturity_assessment m;
	struct maturity_answer *x;
	struct review r;
	struct unit u;
	size_t n;
	struct err e = { 0 };

	for (size_t i = 0; i < REVIEW_SECTIONS; i++)
		in.texts[i] = "*" POISON "* <b>x</b> [l](javascript:alert(1))";
	assert_int_equal(unit_get(env->db, env->arena, unit, &u, &e), 0);
	assert_int_equal(maturity_question_add(env->db, env->arena, act, &u, &q, &ids.mquestion, &e), 0);
	assert_int_equal(maturity_start(env->db, env->arena, act, &u, 2026, &ids.maturity, &e), 0);
	assert_int_equal(maturity_get(env->db, env->arena, ids.maturity, &m, &e), 0);
	assert_int_equal(maturity_answers(env->db, env->arena, &m, &x, &n, &e), 0);
	struct maturity_answer_input ai = { x[0].question_id, false, "Kommentar " POISON };
	assert_int_equal(maturity_answer(env->db, env->arena, act, &m, m.version, &ai, 1, &e), 0);
	assert_int_equal(review_create(env->db, env->arena, act, &u, 2026, &in, &ids.review, &e), 0);
	assert_int_equal(dpo_create(env->db, env->arena, act, &u, &d, &ids.dpo, &e), 0);
	assert_int_equal(review_get(env->db, env->arena, ids.review, &r, &e), 0);
	assert_int_equal(review_priority_add(env->db, env->arena, act, &r, r.version, 2026, "Åtgärd " POISON, NULL, &e),
			 0);
	/* An earlier review approved with a poisoned name, whose priority the 2026 review lists. */
	int64_t earlier;
	struct review r0;
	assert_int_equal(review_create(env->db, env->arena, act, &u, 2025, &in, &earlier, &e), 0);
	assert_int_equal(review_get(env->db, env->arena, earlier, &r0, &e), 0);
	assert_int_equal(
		review_priority_add(env->db, env->arena, act, &r0, r0.version, 2026, "Tidigare " POISON, NULL, &e), 0);
	assert_int_equal(review_get(env->db, env->arena, earlier, &r0, &e), 0);
	assert_int_equal(review_approve(env->db, env->arena, act, LANG_SV, &r0, r0.version, &ap, &e), 0);
}

static void poison_plan(struct lb_env *env, int64_t unit, int64_t asset, int64_t responsible)
{
	static const char *const areas[] = { "Område " POISON };
	struct plan_input pi = { unit, 2026, "Plan " POISON };
	struct activity_input ai = { 0 };
	struct plan p;
	struct plan_area *ar;
	struct activity ac;
	size_t n;
	struct err e = { 0 };

	assert_int_equal(plan_create(env->db, env->arena, &fx_system, &pi, areas, 1, &ids.plan, &e), 0);
	assert_int_equal(plan_get(env->db, env->arena, ids.plan, &p, &e), 0);
	assert_int_equal(plan_areas(env->db, env->arena, &p, &ar, &n, &e), 0);
	ids.area = ar[0].id;
	ai.area_id = ids.area;
	ai.title = "Aktivitet " POISON;
	ai.purpose = "Syfte *" POISON "*\n\n<script>alert(1)</script> [länk](javascript:alert(1))";
	ai.status_comment = "Kommentar " POISON;
	ai.quarters = 5;
	ai.responsible_id = responsible;
	ai.responsible_unit_id = unit;
	ai.due_date = "2026-01-15";
	assert_int_equal(activity_create(env->db, env->arena, &fx_system, &p, &ai, &ids.activity, &e), 0);
	assert_int_equal(activity_get(env->db, env->arena, ids.activity, &ac, &e), 0);
	assert_int_equal(activity_link_add(env->db, env->arena, &fx_system, &ac, "asset", asset, &ids.alink, &e), 0);
}

/* A recurring activity and its occurrence, written with the poison; the poison user's calendar secret. */
static void poison_wheel(struct lb_env *env, int64_t unit, int64_t responsible)
{
	struct wheel_item_input in = { .unit_id = unit,
				       .title = "Årshjul " POISON,
				       .description = POISON,
				       .freq = "yearly",
				       .month = 3,
				       .day = 15,
				       .time_of_day = "09:00",
				       .responsible_id = responsible,
				       .active = true };
	struct auth who = { .user_id = responsible, .username = "poison" };
	struct wheel_item w;
	struct wheel_filter f;
	struct wheel_occurrence *list;
	size_t n;
	struct err e = { 0 };

	assert_int_equal(wheel_item_create(env->db, env->arena, &fx_system, &in, NULL, &ids.wheel, &e), 0);
	assert_int_equal(wheel_item_get(env->db, env->arena, ids.wheel, &w, &e), 0);
	assert_int_equal(wheel_generate(env->db, env->arena, &fx_system, &w, 2026, &n, &e), 0);
	wheel_filter_init(&f);
	f.item_id = ids.wheel;
	assert_int_equal(wheel_occ_list(env->db, env->arena, &f, &list, &n, NULL, &e), 0);
	ids.occurrence = list[0].id;
	assert_int_equal(wheel_occ_update(env->db, env->arena, &fx_system, &list[0], 1, "started", "Kommentar " POISON,
					  NULL, &e),
			 0);
	assert_int_equal(calendar_key_create(env->db, env->arena, &who, &ids.calendar_key, &e), 0);
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
	assert_int_equal(incident_activity_create(env->db, env->arena, act, LANG_SV, &inc, "Åtgärd " POISON, POISON,
						  uid, "2026-06-30", NULL, &e),
			 0);
	assert_int_equal(unit_get(env->db, env->arena, org, &o, &e), 0);
	s.public_intake = true;
	s.controller = s.contact = POISON;
	s.org_number = "";
	assert_int_equal(incident_settings_save(env->db, env->arena, act, &o, 0, &s, NULL, &e), 0);
	assert_int_equal(incident_report_public(env->db, env->arena, org, "192.0.2.9", &pub, &receipt, &e), 0);
	unsetenv("TILLIT_NOW");
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
	if (gdpr_activity_create(env->db, env->arena, act, &in, &ids.processing, &e))
		fail_msg("gdpr_activity_create: %s %s", e.field, e.msgid);
	assert_int_equal(gdpr_activity_get(env->db, env->arena, ids.processing, &p, &e), 0);
	assert_int_equal(gdpr_activity_send_back(env->db, env->arena, act, &p, p.version, "Kommentar " POISON, &e), 0);
	assert_int_equal(gdpr_activity_get(env->db, env->arena, ids.processing, &p, &e), 0);
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
	assert_int_equal(gdpr_activity_get(env->db, env->arena, ids.processing, &p, &e), 0);
	assert_int_equal(dpia_create(env->db, env->arena, act, &p, &d, &ids.dpia, &e), 0);
	struct gdpr_dpia stored;
	struct gdpr_dpia *v;
	size_t n;
	assert_int_equal(dpia_versions(env->db, env->arena, p.id, &v, &n, &e), 0);
	stored = v[0];
	assert_int_equal(dpia_opinion(env->db, env->arena, act, &stored, "Yttrande " POISON, &e), 0);
	/* Its measure made an activity of the plan, and the poisoned activity addressing it too. */
	{
		struct activity ac;
		size_t made;
		int64_t link;
		assert_int_equal(dpia_make_actions(env->db, env->arena, act, LANG_SV, &stored, &made, &e), 0);
		assert_int_equal(activity_get(env->db, env->arena, ids.activity, &ac, &e), 0);
		assert_int_equal(activity_link_add(env->db, env->arena, act, &ac, "dpia", ids.dpia, &link, &e), 0);
	}
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
	poison_plan(&env, unit, ids.asset, uid);
	poison_wheel(&env, unit, uid);
	ids.org = org;
	ids.unit = unit;
	ids.user = uid;
	{
		struct class_question *qs;
		size_t nq;
		assert_int_equal(classify_questions(env.db, env.arena, org, true, &qs, &nq, &e), 0);
		ids.question = qs[0].id;
	}

	/* A risk analysis naming the poisoned asset, a poisoned threat and a risk built on it with a
	 * measure, an RSA with a poisoned part, a continuity plan and an exercise that tested it. */
	{
		int64_t assets[1] = { ids.asset }, units[1] = { unit }, plans[1];
		struct risk_threat_input ti = { "P1", "antagonistic", "Hot " POISON, POISON, true };
		struct risk_analysis_input ai2 = { .unit_id = unit,
						   .title = "Analys " POISON,
						   .analysis_date = "2026-01-10",
						   .scope_kind = "assets",
						   .method = "# " POISON,
						   .participants = POISON,
						   .asset_ids = assets,
						   .n_asset_ids = 1 };
		struct risk_analysis_input rsa = { .unit_id = org,
						   .kind = "rsa",
						   .title = "RSA " POISON,
						   .analysis_date = "2026-01-10",
						   .election_year = 2026,
						   .sections = { POISON, "*" POISON "*" } };
		struct risk_analysis an;
		struct risk k;
		struct continuity_plan_input pi = { .unit_id = unit,
						    .asset_id = ids.asset,
						    .title = "Plan " POISON,
						    .owner_id = uid,
						    .mto_hours = 72,
						    .rto_hours = 8,
						    .rpo_hours = 4,
						    .fallback = "1. " POISON "\n\n<script>x</script>",
						    .contacts = POISON };
		struct exercise_input xi = { .unit_id = unit,
					     .title = "Övning " POISON,
					     .exercise_date = "2026-01-05",
					     .kind = "full",
					     .status = "done",
					     .scenario = POISON,
					     .observations = POISON,
					     .resulting_actions = POISON,
					     .unit_ids = units,
					     .n_unit_ids = 1,
					     .plan_ids = plans,
					     .n_plan_ids = 1 };
		assert_int_equal(risk_threat_create(env.db, env.arena, act, &ti, &ids.threat, &e), 0);
		assert_int_equal(risk_analysis_create(env.db, env.arena, act, &ai2, &ids.analysis, &e), 0);
		assert_int_equal(risk_analysis_create(env.db, env.arena, act, &rsa, &ids.rsa, &e), 0);
		assert_int_equal(risk_analysis_get(env.db, env.arena, ids.analysis, &an, &e), 0);
		struct risk_input rk = { .threat_id = ids.threat,
					 .vulnerability = POISON,
					 .consequence_text = POISON,
					 .likelihood = 3,
					 .consequence = 4,
					 .treatment = "accept",
					 .treatment_reason = POISON,
					 .accepted_by = uid,
					 .owner_id = uid,
					 .residual_likelihood = 2,
					 .residual_consequence = 2 };
		assert_int_equal(risk_create(env.db, env.arena, act, &an, &rk, &ids.risk, &e), 0);
		assert_int_equal(risk_get(env.db, env.arena, ids.risk, &k, &e), 0);
		assert_int_equal(risk_concern_add(env.db, env.arena, act, &k, ids.set, &e), 0);
		assert_int_equal(
			risk_measure_add(env.db, env.arena, act, LANG_SV, &k, "Åtgärd " POISON, uid, NULL, NULL, &e),
			0);
		assert_int_equal(continuity_create(env.db, env.arena, act, &pi, &ids.cplan, &e), 0);
		plans[0] = ids.cplan;
		assert_int_equal(exercise_create(env.db, env.arena, act, &xi, &ids.exercise, &e), 0);
	}
	/* A governing document with a poisoned file name, a course, a target group, completions and counts. */
	{
		static const char text[] = "Rutin\n";
		struct governing_document_input gi = { .unit_id = unit,
						       .kind = "routine",
						       .title = "Rutin " POISON,
						       .owner_id = uid,
						       .decided_by = POISON,
						       .decision_date = "2025-01-10",
						       .case_ref = POISON,
						       .doc_version = POISON,
						       .review_months = 12,
						       .status = "in_force",
						       .link = "https://example.se/" POISON };
		struct governing_document gd;
		struct course_input coi = { .title = "Kurs " POISON,
					    .provider = POISON,
					    .link = "https://example.se/?" POISON };
		int64_t gid;
		struct training_group tg;
		struct training_completion_input tci = { 0 };
		struct training_count_input tni = { unit, 0, "2025", 3, 10 };
		assert_int_equal(governing_document_create(env.db, env.arena, act, &gi, &ids.gdoc, &e), 0);
		assert_int_equal(governing_document_get(env.db, env.arena, ids.gdoc, &gd, &e), 0);
		assert_int_equal(governing_document_attach(env.db, env.arena, act, &gd, gd.version, POISON ".txt", text,
							   sizeof(text) - 1, &e),
				 0);
		assert_int_equal(governing_document_req_add(env.db, env.arena, act, &gd, ids.requirement, &e), 0);
		assert_int_equal(
			training_group_create(env.db, env.arena, act, "Grupp " POISON, POISON, &ids.tgroup, &e), 0);
		assert_int_equal(training_group_get(env.db, env.arena, ids.tgroup, &tg, &e), 0);
		assert_int_equal(training_member_add(env.db, env.arena, act, &tg, uid, &e), 0);
		gid = ids.tgroup;
		coi.group_ids = &gid;
		coi.n_group_ids = 1;
		assert_int_equal(course_create(env.db, env.arena, act, &coi, &ids.course, &e), 0);
		tci.course_id = ids.course;
		tci.user_id = uid;
		tci.unit_id = unit;
		tci.completed_on = "2025-03-01";
		assert_int_equal(training_completion_record(env.db, env.arena, act, &tci, NULL, NULL, &e), 0);
		tni.course_id = ids.course;
		assert_int_equal(training_count_record(env.db, env.arena, act, &tni, &e), 0);
	}
	poison_register(&env, org, unit, uid);

	poison_incident(&env, org, unit, uid, ids.asset);
	/* An internal control round with the poison in every text: plan, process, control point, result,
	 * its records checked, deviation. */
	fx_intcontrol_round(env.db, env.arena, unit, uid, POISON, &ids.ic);
	{
		/* An identity provider, shown on the sign-in settings page. */
		struct oidc_provider op = { .slug = "poison",
					    .name = "IdP " POISON,
					    .issuer = "https://idp.example/" POISON,
					    .client_id = "tillit",
					    .claim_id = "sub" };
		const char *groups[] = { "Grupp " POISON };
		int64_t pid = 0;
		struct role_suggestion *rs;
		size_t n_rs = 0;
		int64_t total = 0;
		assert_int_equal(oidc_provider_add(env.db, env.arena, act, &op, &pid, &e), 0);
		/* A group from the provider that suggests a role: on the sign-in settings page, the user's
		 * page and the list of suggestions. */
		assert_int_equal(group_role_add(env.db, env.arena, act, "poison", groups[0], "dpo", NULL, &e), 0);
		assert_int_equal(db_begin(env.db, &e), 0);
		assert_int_equal(
			db_end(env.db, role_suggestion_note_in_tx(env.db, env.arena, uid, pid, groups, 1, &e), &e), 0);
		assert_int_equal(role_suggestion_pending(env.db, env.arena, act, uid, 10, 0, &rs, &n_rs, &total, &e),
				 0);
		assert_int_equal(n_rs, 1);
		ids.suggestion = rs[0].id;
	}

	/* An audit and its follow-up, a recommendation, a finding, the report file, a response with an
	 * action area and a measure handed over, every text poisoned. */
	{
		const int64_t boards[1] = { unit };
		int64_t first = 0;
		struct inspection_input ii = { .unit_id = unit,
					       .auditor_kind = "external",
					       .auditor = "Revisor " POISON,
					       .title = "Granskning " POISON,
					       .report_date = "2025-05-01",
					       .case_ref = POISON,
					       .scope = "*" POISON "*",
					       .assessment = POISON,
					       .observations = "<script>x</script> " POISON,
					       .board_ids = boards,
					       .n_board_ids = 1 };
		struct recommendation_input rci = {
			.number = 1, .text = "Rek " POISON, .board_ids = boards, .n_board_ids = 1
		};
		struct response_input rsi = { .unit_id = unit,
					      .response_date = "2026-01-20",
					      .case_ref = POISON,
					      .address = POISON,
					      .addressee = POISON,
					      .title = "Yttrande " POISON,
					      .summary = "*" POISON "*" };
		struct action_area_input ai3 = { .number = 1,
						 .heading = "Område " POISON,
						 .decided_action = POISON,
						 .expected_effect = POISON,
						 .actions_taken = "- " POISON,
						 .recommendation_ids = &ids.rec,
						 .n_recommendation_ids = 1 };
		struct measure_input mi = { .title = "Åtgärd " POISON,
					    .unit_id = unit,
					    .status = "ongoing",
					    .comment = POISON,
					    .case_ref = POISON,
					    .planned_date = "2026-01-01" };
		struct inspection x, y;
		struct audit_response ar;
		struct measure m;
		struct finding_input fi = { .area = "Område " POISON, .result = POISON };
		static const char pdf[] = "%PDF-1.4 rapport";
		int64_t fid;

		assert_int_equal(inspection_create(env.db, env.arena, act, &ii, &first, &e), 0);
		assert_int_equal(inspection_get(env.db, env.arena, first, &x, &e), 0);
		assert_int_equal(recommendation_create(env.db, env.arena, act, &x, &rci, &ids.rec, &e), 0);
		ii.follows_id = first;
		ii.report_date = "2026-01-10";
		assert_int_equal(inspection_create(env.db, env.arena, act, &ii, &ids.insp, &e), 0);
		assert_int_equal(inspection_get(env.db, env.arena, ids.insp, &y, &e), 0);
		fi.recommendation_id = ids.rec;
		assert_int_equal(finding_create(env.db, env.arena, act, &y, &fi, &fid, &e), 0);
		assert_int_equal(inspection_file_put(env.db, env.arena, act, &y, "Rapport " POISON ".pdf", pdf,
						     sizeof(pdf) - 1, &e),
				 0);
		assert_int_equal(response_create(env.db, env.arena, act, &x, &rsi, &ids.resp, &e), 0);
		assert_int_equal(response_get(env.db, env.arena, ids.resp, &ar, &e), 0);
		assert_int_equal(area_create(env.db, env.arena, act, &ar, &ai3, &ids.aarea, &e), 0);
		mi.area_id = ids.aarea;
		assert_int_equal(measure_create(env.db, env.arena, act, &ar, &mi, &ids.measure, &e), 0);
		assert_int_equal(measure_get(env.db, env.arena, ids.measure, &m, &e), 0);
		assert_int_equal(measure_handover(env.db, env.arena, act, &m, 1, org, "2026-01-15", POISON, &e), 0);
	}
	poison_review(&env, unit);

	lb_client_init(&c, &env);
	assert_int_equal(lb_login(&c, "poison", LB_PASSWORD), 303);
	size_t visited = 0;
	for (size_t i = 0; routes[i].method; i++) {
		const struct route *rt = &routes[i];
		const char *pat = rt->pattern;
		struct buf path;
		if (strcmp(rt->method, "GET") || !strcmp(pat, "/static/*") || !strcmp(pat, "/api/v1/openapi.json"))
			continue;
		if (!strncmp(pat, "/login/", 7))
			continue; /* steps of a sign-in under way: there is none */
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
		else if (!strncmp(pat, "/calendar/", 10))
			buf_addf(&path, "?key=%s", ids.calendar_key);
		else if (!strncmp(pat, "/api/v1/figures/", 16) || !strcmp(pat, "/api/v1/risks/matrix") ||
			 !strcmp(pat, "/api/v1/key-figures") || !strcmp(pat, "/api/v1/situation") ||
			 !strcmp(pat, "/api/v1/maturity-questions"))
			buf_addf(&path, "?unit_id=%lld", (long long)org);
		else if (!strcmp(pat, "/api/v1/maturity") || !strcmp(pat, "/maturity") || !strcmp(pat, "/situation"))
			buf_addf(&path, "?unit_id=%lld", (long long)unit);
		else if (!strcmp(pat, "/maturity/bank"))
			buf_addf(&path, "?unit_id=%lld", (long long)org);
		else if (!strcmp(pat, "/api/v1/people"))
			buf_adds(&path, "?q=script"); /* the people whose names hold the poison */
		struct lb_resp r = lb_get(&c, path.data);
		if (!strncmp(pat, "/actions", 8) || !strncmp(pat, "/api/v1/actions", 15) ||
		    !strcmp(pat, "/gdpr/dpias/:id"))
			continue; /* addresses of earlier versions, a version of an impact assessment: a redirect */
		if (r.status != 200 && !(r.status == 303 && !strcmp(pat, "/login")))
			fail_msg("GET %s: status %d", path.data, r.status);
		/* A calendar feed is iCalendar text, not markup: it holds the titles as they are. */
		if (strstr(r.body, POISON) && !strstr(r.content_type, "text/calendar"))
			fail_msg("GET %s shows the poison string unescaped", path.data);
		if (strstr(r.content_type, "text/html") && strstr(r.body, "<script>'"))
			fail_msg("GET %s contains a raw <script> from data", path.data);
		visited++;
	}
	assert_true(visited >= 45);
	/* The RSA's pages, whose parts are Markdown written by a user. */
	{
		long long rsa = (long long)ids.rsa;
		const char *paths[] = { arena_printf(c.arena, "/risk-analyses/%lld", rsa),
					arena_printf(c.arena, "/risk-analyses/%lld/report", rsa),
					arena_printf(c.arena, "/risk-analyses/%lld/edit", rsa),
					arena_printf(c.arena, "/api/v1/risk-analyses/%lld", rsa) };
		for (size_t i = 0; i < 4; i++) {
			struct lb_resp rr = lb_get(&c, paths[i]);
			if (rr.status != 200)
				fail_msg("GET %s: status %d", paths[i], rr.status);
			if (strstr(rr.body, POISON) ||
			    (strstr(rr.content_type, "text/html") && strstr(rr.body, "<script>'")))
				fail_msg("GET %s shows the poison string unescaped", paths[i]);
		}
	}
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
