/*
 * test_references.c - rights over a second record, from the page and from
 * the API alike.
 *
 * A route's access rule covers the record it names; a write may also touch
 * a second record: a move's destination, a dependency's other end, the
 * unit a new record is created in, the unit a role is granted on. The
 * domain decides those rights inside its transaction, so the page and the
 * API can never disagree. For every kind of reference: a user with rights
 * on the record but not on the target is refused by both, and nothing
 * changes. Action plans too: a plan's unit, an activity's area, its
 * responsible unit and what it addresses. Incidents too: the unit an
 * incident moves to or a report is made in, an affected asset, a
 * notification duty named in the address. Also here: how many queries one
 * asset update runs.
 *
 * The fixture: organisation A with boards B and C; organisation Z with
 * board ZB. The administrator and coordinator of B, and an owner of an
 * asset in B, have no role in C or Z.
 *
 * Risk analysis and continuity add their references: the assets of an
 * analysis's scope, the unit it moves to, an asset a risk concerns, the
 * asset of a continuity plan, the plans an exercise tested. Audits add
 * theirs: the boards an audit is addressed to, the audit it follows up,
 * the recommendation a finding examined, the audit a response answers, a
 * measure's responsible unit and the unit it is handed over to. Internal
 * control: the unit of a plan, a control point's process and responsible
 * unit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/continuity.h"
#include "domain/gdpr.h"
#include "domain/governing_document.h"
#include "domain/incident.h"
#include "domain/inspection.h"
#include "domain/intcontrol.h"
#include "domain/plan.h"
#include "domain/response.h"
#include "domain/risk.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "fx_intcontrol.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, board_b, unit_b, board_c, org_z, board_z;
static int64_t asset_b, asset_c, asset_z, set_b;

static int64_t mk(int64_t in_unit, const char *kind, const char *name, int64_t owner)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = in_unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	if (asset_create(env.db, env.arena, &fx_system, &in, &id, &e))
		fail_msg("asset_create %s: %s %s", name, e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	int64_t olle;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board_b = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit_b = lb_env_unit(&env, board_b, "administration", "Socialförvaltningen");
	board_c = lb_env_unit(&env, org, "board", "Kulturnämnden");
	org_z = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	board_z = lb_env_unit(&env, org_z, "board", "Zeta nämnd");
	lb_env_user(&env, "admin-b", "administrator", board_b);
	lb_env_user(&env, "coord-b", "coordinator", board_b);
	olle = lb_env_user(&env, "olle", "owner", board_b);
	asset_b = mk(unit_b, "system", "Procapita", olle);
	set_b = mk(unit_b, "information_set", "Journaler", 0);
	asset_c = mk(board_c, "system", "Biblioteksystem", 0);
	asset_z = mk(board_z, "information_set", "Zetas register", 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static void login(struct lb_client *c, const char *who)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
}

static const char *num(int64_t v)
{
	return arena_printf(env.arena, "%lld", (long long)v);
}

static struct asset stored_asset(int64_t id)
{
	struct asset as;
	struct err e = { 0 };
	assert_int_equal(asset_get(env.db, env.arena, id, &as, &e), 0);
	return as;
}

static struct unit stored_unit(int64_t id)
{
	struct unit u;
	struct err e = { 0 };
	assert_int_equal(unit_get(env.db, env.arena, id, &u, &e), 0);
	return u;
}

/* Moving an asset into a unit where the mover has no right: 403 from both; the asset stays. */
static void test_asset_move_destination(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *url = arena_printf(env.arena, "/assets/%lld/edit", (long long)asset_b);
	const char *away[] = { "version", "1", "unit_id", num(board_c), "kind", "system", "name", "Procapita", NULL };
	const char *who[] = { "coord-b", "olle" };

	for (size_t i = 0; i < 2; i++) {
		login(&c, who[i]);
		r = lb_post(&c, url, away);
		assert_int_equal(r.status, 403);
		r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/assets/%lld", (long long)asset_b),
			    arena_printf(env.arena, "{\"unit_id\":%lld,\"version\":1}", (long long)board_c), NULL);
		assert_int_equal(r.status, 403);
		assert_true(lb_has(&r, "\"field\":\"unit_id\""));
		lb_client_release(&c);
	}
	assert_int_equal(stored_asset(asset_b).unit_id, unit_b);
	assert_int_equal(stored_asset(asset_b).version, 1);
}

/* A dependency on an asset in a unit the user does not see: refused as if it did not exist, by both. */
static void test_link_target(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	struct err e = { 0 };
	const char *form[] = { "to_id", num(asset_z), "kind", "holds", NULL };

	login(&c, "coord-b");
	r = lb_post(&c, arena_printf(env.arena, "/assets/%lld/links", (long long)asset_b), form);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-to_id\""));
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/assets/%lld/links", (long long)asset_b),
		    arena_printf(env.arena, "{\"to_id\":%lld,\"kind\":\"holds\"}", (long long)asset_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"to_id\""));
	assert_int_equal(asset_links(env.db, env.arena, asset_b, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_deps, 0);
	lb_client_release(&c);
}

/* A dependency from an asset the user cannot see, onto one they can: the other end is not named to them. */
static void test_link_names_hidden(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };
	int64_t link = 0;

	assert_int_equal(fx_asset_link_add(env.db, env.arena, &fx_system, asset_c, set_b, "holds", &link, &e), 0);
	login(&c, "coord-b");
	r = lb_get(&c, arena_printf(env.arena, "/assets/%lld", (long long)set_b));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "Biblioteksystem"));
	assert_true(lb_has(&r, "En tillgång i en annan enhet"));
	r = lb_get(&c, arena_printf(env.arena, "/api/v1/assets/%lld/links", (long long)set_b));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "Biblioteksystem"));
	assert_true(lb_has(&r, "\"other_visible\":false"));
	lb_client_release(&c);
	assert_int_equal(fx_asset_link_remove(env.db, env.arena, &fx_system, link, &e), 0);
}

/* Moving a unit under a unit the mover does not administer: 403 from both; the tree stays. */
static void test_unit_move_destination(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *form[] = { "version", "1", "parent_id", num(board_c), "reason", "Omorganisation", NULL };

	login(&c, "admin-b");
	r = lb_post(&c, arena_printf(env.arena, "/units/%lld/move", (long long)unit_b), form);
	assert_int_equal(r.status, 403);
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/units/%lld/move", (long long)unit_b),
		    arena_printf(env.arena, "{\"parent_id\":%lld,\"version\":1}", (long long)board_c), NULL);
	assert_int_equal(r.status, 403);
	assert_true(lb_has(&r, "\"field\":\"parent_id\""));
	assert_int_equal(stored_unit(unit_b).parent_id, board_b);
	lb_client_release(&c);
}

/* Creating in a unit out of scope (a unit under C, an asset in C, a grant on C): 403 from both. */
static void test_create_in_another_unit(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before_units = 0;
	struct err e = { 0 };
	const char *unit_form[] = { "parent_id", num(board_c), "kind", "unit", "name", "Bibliotek", NULL };
	const char *asset_form[] = { "unit_id", num(board_c), "kind", "system", "name", "Nytt system", NULL };

	assert_int_equal(unit_count_all(env.db, env.arena, &before_units, &e), 0);
	login(&c, "admin-b");
	assert_int_equal(lb_post(&c, "/units", unit_form).status, 403);
	r = lb_json(&c, "POST", "/api/v1/units",
		    arena_printf(env.arena, "{\"parent_id\":%lld,\"kind\":\"unit\",\"name\":\"Bibliotek\"}",
				 (long long)board_c),
		    NULL);
	assert_int_equal(r.status, 403);
	assert_int_equal(lb_post(&c, "/assets", asset_form).status, 403);
	r = lb_json(&c, "POST", "/api/v1/assets",
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":\"Nytt system\"}",
				 (long long)board_c),
		    NULL);
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
	{
		int64_t after_units = 0;
		struct asset_filter f;
		struct asset *list;
		size_t n;
		asset_filter_init(&f);
		f.q = "Nytt system";
		assert_int_equal(unit_count_all(env.db, env.arena, &after_units, &e), 0);
		assert_int_equal(after_units, before_units);
		assert_int_equal(asset_list(env.db, env.arena, &f, &list, &n, NULL, &e), 0);
		assert_int_equal(n, 0);
	}
}

/* An activity of board B that refers to a system, a processor or a controller out of the user's scope. */
static int64_t activity_b(const char *name)
{
	struct gdpr_activity_input in = { .unit_id = board_b, .name = name };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(gdpr_activity_create(env.db, env.arena, &fx_system, &in, &id, &e), 0);
	return id;
}

static struct gdpr_activity stored_activity(int64_t id)
{
	struct gdpr_activity p;
	struct err e = { 0 };
	assert_int_equal(gdpr_activity_get(env.db, env.arena, id, &p, &e), 0);
	return p;
}

/*
 * The register: a system or processor the user does not see is refused as
 * if it did not exist (400 naming asset_ids / processor_ids); a new entry
 * for, or a move to, a controller out of scope is 403 naming unit_id; by the
 * form and the API alike, and nothing changes.
 */
static void test_gdpr_references(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };
	int64_t id = activity_b("Bistånd"), proc_c = 0;
	const char *url = arena_printf(env.arena, "/gdpr/activities/%lld/edit", (long long)id);
	const char *api = arena_printf(env.arena, "/api/v1/processing-activities/%lld", (long long)id);
	struct gdpr_processor_input pin = { .unit_id = board_c, .name = "Kulturens biträde" };

	assert_int_equal(processor_create(env.db, env.arena, &fx_system, &pin, &proc_c, &e), 0);
	login(&c, "coord-b");
	{
		const char *form[] = { "version", "1",         "unit_id",    num(board_b), "name",
				       "Bistånd", "asset_ids", num(asset_c), NULL };
		r = lb_post(&c, url, form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-asset_ids\""));
	}
	r = lb_json(&c, "PATCH", api,
		    arena_printf(env.arena, "{\"asset_ids\":[%lld],\"version\":1}", (long long)asset_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"asset_ids\""));
	{
		const char *form[] = { "version",       "1",         "unit_id", num(board_b), "name", "Bistånd",
				       "processor_ids", num(proc_c), NULL };
		r = lb_post(&c, url, form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-processor_ids\""));
	}
	r = lb_json(&c, "PATCH", api,
		    arena_printf(env.arena, "{\"processor_ids\":[%lld],\"version\":1}", (long long)proc_c), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"processor_ids\""));
	/* Moving the entry to board C. */
	{
		const char *form[] = { "version", "1", "unit_id", num(board_c), "name", "Bistånd", NULL };
		assert_int_equal(lb_post(&c, url, form).status, 403);
	}
	r = lb_json(&c, "PATCH", api, arena_printf(env.arena, "{\"unit_id\":%lld,\"version\":1}", (long long)board_c),
		    NULL);
	assert_int_equal(r.status, 403);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	/* A new entry, or processor, for board C. */
	{
		const char *form[] = { "unit_id", num(board_c), "name", "Kulturens", NULL };
		assert_int_equal(lb_post(&c, "/gdpr/activities", form).status, 403);
		assert_int_equal(lb_post(&c, "/gdpr/processors", form).status, 403);
	}
	r = lb_json(&c, "POST", "/api/v1/processing-activities",
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"name\":\"Kulturens\"}", (long long)board_c), NULL);
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
	/* The owner of an entry may not move it out of where they own it either. */
	{
		struct gdpr_activity_input in = { .unit_id = unit_b, .name = "Olles", .owner_id = 0 };
		int64_t olle_id = 0, owned;
		struct user u;
		assert_int_equal(user_get_by_username(env.db, env.arena, "olle", &u, &e), 0);
		olle_id = u.id;
		in.owner_id = olle_id;
		assert_int_equal(gdpr_activity_create(env.db, env.arena, &fx_system, &in, &owned, &e), 0);
		login(&c, "olle");
		r = lb_json(&c, "PATCH",
			    arena_printf(env.arena, "/api/v1/processing-activities/%lld", (long long)owned),
			    arena_printf(env.arena, "{\"unit_id\":%lld,\"version\":1}", (long long)board_c), NULL);
		assert_int_equal(r.status, 403);
		r = lb_json(&c, "PATCH",
			    arena_printf(env.arena, "/api/v1/processing-activities/%lld", (long long)owned),
			    "{\"description\":\"Olle skriver\",\"version\":1}", NULL);
		assert_int_equal(r.status, 200);
		lb_client_release(&c);
	}
	assert_int_equal(stored_activity(id).version, 1);
	assert_int_equal(stored_activity(id).unit_id, board_b);
}

/* The second records of risk analysis and continuity, out of the user's sight: refused by page and API alike. */
static void test_risk_references(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct risk_analysis_input ai = { .unit_id = unit_b, .title = "Analys B", .analysis_date = "2026-02-01" };
	struct risk_analysis an;
	struct risk_input ri = { .threat = "Brand", .likelihood = 2, .consequence = 2 };
	struct continuity_plan_input pi = { .unit_id = board_c,
					    .asset_id = asset_c,
					    .title = "Plan C",
					    .mto_hours = 24,
					    .rto_hours = 8,
					    .rpo_hours = 4 };
	struct err e = { 0 };
	int64_t an_id = 0, risk_id = 0, plan_c = 0;
	const char *analysis_form[] = { "unit_id",      num(unit_b),     "kind",       "risk",       "title",
					"Utom synhåll", "analysis_date", "2026-03-01", "scope_kind", "assets",
					"asset_ids",    num(asset_z),    NULL };

	assert_int_equal(risk_analysis_create(env.db, env.arena, &fx_system, &ai, &an_id, &e), 0);
	assert_int_equal(risk_analysis_get(env.db, env.arena, an_id, &an, &e), 0);
	assert_int_equal(risk_create(env.db, env.arena, &fx_system, &an, &ri, &risk_id, &e), 0);
	assert_int_equal(continuity_create(env.db, env.arena, &fx_system, &pi, &plan_c, &e), 0);
	login(&c, "coord-b");
	/* An analysis naming an asset of another organisation: as if it did not exist. */
	r = lb_post(&c, "/risk-analyses", analysis_form);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-asset_ids\""));
	r = lb_json(&c, "POST", "/api/v1/risk-analyses",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"title\":\"Utom synhåll\",\"analysis_date\":\"2026-03-01\","
				 "\"scope_kind\":\"assets\",\"asset_ids\":[%lld]}",
				 (long long)unit_b, (long long)asset_z),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"asset_ids\""));
	/* Moving the analysis to a board where the coordinator has no role. */
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/risk-analyses/%lld", (long long)an_id),
		    arena_printf(env.arena, "{\"unit_id\":%lld}", (long long)board_c), "1");
	assert_int_equal(r.status, 403);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	{
		const char *move[] = { "version",    "1",     "unit_id",  num(board_c),    "kind",
				       "risk",       "title", "Analys B", "analysis_date", "2026-02-01",
				       "scope_kind", "unit",  NULL };
		r = lb_post(&c, arena_printf(env.arena, "/risk-analyses/%lld/edit", (long long)an_id), move);
		assert_int_equal(r.status, 403);
	}
	/* A risk concerning an asset out of sight. */
	{
		const char *concern[] = { "asset_id", num(asset_z), NULL };
		r = lb_post(&c, arena_printf(env.arena, "/risks/%lld/concerns", (long long)risk_id), concern);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-asset_id\""));
	}
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/risks/%lld/concerns", (long long)risk_id),
		    arena_printf(env.arena, "{\"asset_id\":%lld}", (long long)asset_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"asset_id\""));
	/* A plan for an asset out of sight, and an exercise testing a plan out of sight. */
	r = lb_json(&c, "POST", "/api/v1/continuity-plans",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"asset_id\":%lld,\"title\":\"P\",\"mto_hours\":4,"
				 "\"rto_hours\":2,\"rpo_hours\":1}",
				 (long long)unit_b, (long long)asset_z),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"asset_id\""));
	r = lb_json(&c, "POST", "/api/v1/exercises",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"title\":\"Ö\",\"exercise_date\":\"2026-01-10\","
				 "\"kind\":\"tabletop\",\"plan_ids\":[%lld]}",
				 (long long)unit_b, (long long)plan_c),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"plan_ids\""));
	lb_client_release(&c);
	{
		struct risk_concern *cs;
		size_t n;
		assert_int_equal(risk_concerns(env.db, env.arena, risk_id, &cs, &n, &e), 0);
		assert_int_equal(n, 0);
		assert_int_equal(risk_analysis_get(env.db, env.arena, an_id, &an, &e), 0);
		assert_int_equal(an.unit_id, unit_b);
	}
}

/*
 * Governing documents and training: a document replacing one out of
 * sight, a document moved where the writer has no right, a completion or
 * count put in such a unit: refused by the page and the API alike, and
 * nothing changes.
 */
static void test_governing_and_training_references(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct governing_document_input gi = { .unit_id = unit_b,
					       .kind = "routine",
					       .title = "Rutin B",
					       .doc_version = "1.0",
					       .review_months = 12,
					       .status = "draft" };
	struct governing_document d;
	struct course_input ci = { .title = "Referenskurs" };
	struct training_completion_filter tf = { 0 };
	struct training_completion *done;
	struct err e = { 0 };
	int64_t doc_b = 0, doc_c = 0, course = 0, coord;
	size_t n;
	(void)state;

	assert_int_equal(governing_document_create(env.db, env.arena, &fx_system, &gi, &doc_b, &e), 0);
	gi.unit_id = board_c;
	gi.title = "Rutin C";
	assert_int_equal(governing_document_create(env.db, env.arena, &fx_system, &gi, &doc_c, &e), 0);
	assert_int_equal(course_create(env.db, env.arena, &fx_system, &ci, &course, &e), 0);
	coord = lb_env_user(&env, "coord-b2", "coordinator", board_b);
	login(&c, "coord-b2");
	{
		const char *form[] = { "unit_id",  num(unit_b),   "kind",        "routine",       "title",
				       "Ny rutin", "doc_version", "1.0",         "review_months", "12",
				       "status",   "draft",       "replaces_id", num(doc_c),      NULL };
		r = lb_post(&c, "/governing-documents", form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-replaces_id\""));
	}
	r = lb_json(&c, "POST", "/api/v1/governing-documents",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"kind\":\"routine\",\"title\":\"Ny rutin\",\"review_months\":12,"
				 "\"replaces_id\":%lld}",
				 (long long)unit_b, (long long)doc_c),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"replaces_id\""));
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/governing-documents/%lld", (long long)doc_b),
		    arena_printf(env.arena, "{\"unit_id\":%lld}", (long long)board_c), "1");
	assert_int_equal(r.status, 403);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	{
		const char *move[] = { "version",       "1",     "unit_id", num(board_c),  "kind",
				       "routine",       "title", "Rutin B", "doc_version", "1.0",
				       "review_months", "12",    "status",  "draft",       NULL };
		r = lb_post(&c, arena_printf(env.arena, "/governing-documents/%lld/edit", (long long)doc_b), move);
		assert_int_equal(r.status, 403);
	}
	assert_int_equal(governing_document_get(env.db, env.arena, doc_b, &d, &e), 0);
	assert_int_equal(d.unit_id, unit_b);
	assert_int_equal(d.version, 1);

	/* Completions and counts in a unit out of the coordinator's rights. */
	{
		const char *form[] = { "course_id",  num(course),    "user_id",    num(coord), "unit_id",
				       num(board_c), "completed_on", "2026-01-10", NULL };
		r = lb_post(&c, "/training/completions", form);
		assert_int_equal(r.status, 403);
	}
	r = lb_json(
		&c, "POST", "/api/v1/training-completions",
		arena_printf(env.arena,
			     "{\"course_id\":%lld,\"user_id\":%lld,\"unit_id\":%lld,\"completed_on\":\"2026-01-10\"}",
			     (long long)course, (long long)coord, (long long)board_c),
		NULL);
	assert_int_equal(r.status, 403);
	r = lb_json(&c, "POST", "/api/v1/training-counts",
		    arena_printf(env.arena,
				 "{\"course_id\":%lld,\"unit_id\":%lld,\"period\":\"2025\",\"completed\":1,"
				 "\"employed\":2}",
				 (long long)course, (long long)board_c),
		    NULL);
	assert_int_equal(r.status, 403);
	/* The import names the unit in a row: refused with its line, nothing saved. */
	{
		const char *csv = "Kurs;Person;Datum;Enhet\nReferenskurs;coord-b2;2026-01-10;Kulturnämnden\n";
		const char *form[] = { "file.filename", "a.csv", "file", csv, NULL };
		r = lb_post(&c, "/training/import", form);
		assert_int_equal(r.status, 400);
	}
	tf.course_id = course;
	assert_int_equal(training_completion_list(env.db, env.arena, &tf, &done, &n, NULL, &e), 0);
	assert_int_equal(n, 0);
	lb_client_release(&c);
}

/*
 * Action plans: a plan in a unit out of scope, an activity put in another
 * plan's area, a responsible unit of another organisation, a link to an
 * asset the user does not see: refused by the page and the API alike, and
 * nothing changes.
 */
static void test_plan_references(void **state)
{
	static const char *const areas_b[] = { "Nätverk" };
	static const char *const areas_c[] = { "Kultur" };
	struct plan_input pb = { board_b, 2026, "" }, pc = { board_c, 2026, "" };
	struct plan p;
	struct plan_area *ar_b, *ar_c;
	struct activity_input ai = { 0 };
	struct activity_link_view *links;
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };
	int64_t plan_b, plan_c, act_b;
	size_t n;

	assert_int_equal(plan_create(env.db, env.arena, &fx_system, &pb, areas_b, 1, &plan_b, &e), 0);
	assert_int_equal(plan_create(env.db, env.arena, &fx_system, &pc, areas_c, 1, &plan_c, &e), 0);
	assert_int_equal(plan_get(env.db, env.arena, plan_c, &p, &e), 0);
	assert_int_equal(plan_areas(env.db, env.arena, &p, &ar_c, &n, &e), 0);
	assert_int_equal(plan_get(env.db, env.arena, plan_b, &p, &e), 0);
	assert_int_equal(plan_areas(env.db, env.arena, &p, &ar_b, &n, &e), 0);
	ai.area_id = ar_b[0].id;
	ai.title = "Riskanalys";
	assert_int_equal(activity_create(env.db, env.arena, &fx_system, &p, &ai, &act_b, &e), 0);

	login(&c, "coord-b");
	/* A plan for a unit the coordinator has no role in. */
	assert_int_equal(
		lb_post(&c, "/plans", (const char *const[]){ "unit_id", num(board_c), "year", "2027", NULL }).status,
		403);
	r = lb_json(&c, "POST", "/api/v1/plans",
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"year\":2027}", (long long)board_c), NULL);
	assert_int_equal(r.status, 403);
	/* An activity in board C's area, through board B's plan. */
	r = lb_post(&c, arena_printf(env.arena, "/plans/%lld/activities", (long long)plan_b),
		    (const char *const[]){ "area_id", num(ar_c[0].id), "title", "Fel område", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-area_id\""));
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/plans/%lld/activities", (long long)plan_b),
		    arena_printf(env.arena, "{\"area_id\":%lld,\"title\":\"Fel område\"}", (long long)ar_c[0].id),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"area_id\""));
	/* A responsible unit of another organisation. */
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/activities/%lld", (long long)act_b),
		    arena_printf(env.arena, "{\"responsible_unit_id\":%lld,\"version\":1}", (long long)board_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"responsible_unit_id\""));
	/* What it addresses: an asset in another organisation is as if it did not exist. */
	r = lb_post(&c, arena_printf(env.arena, "/activities/%lld/links", (long long)act_b),
		    (const char *const[]){ "kind", "asset", "target_id", num(asset_z), NULL });
	assert_int_equal(r.status, 400);
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/activities/%lld/links", (long long)act_b),
		    arena_printf(env.arena, "{\"kind\":\"asset\",\"target_id\":%lld}", (long long)asset_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"target_id\""));
	lb_client_release(&c);
	assert_int_equal(activity_links(env.db, env.arena, NULL, act_b, &links, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(plan_find(env.db, env.arena, board_c, 2027, &p, &e), ERR_NOTFOUND);
	{
		struct activity ac;
		assert_int_equal(activity_get(env.db, env.arena, act_b, &ac, &e), 0);
		assert_int_equal(ac.version, 1);
	}
}

static int64_t audit_in(int64_t unit, int64_t follows, const char *date, int64_t *rec)
{
	const int64_t boards[1] = { unit };
	struct inspection_input in = { .unit_id = unit,
				       .auditor_kind = "municipal",
				       .title = "Granskning",
				       .report_date = date,
				       .follows_id = follows,
				       .board_ids = boards,
				       .n_board_ids = 1 };
	struct recommendation_input ri = { .number = 1, .text = "Rek", .board_ids = boards, .n_board_ids = 1 };
	struct inspection x;
	struct err e = { 0 };
	int64_t id = 0;
	if (inspection_create(env.db, env.arena, &fx_system, &in, &id, &e) ||
	    inspection_get(env.db, env.arena, id, &x, &e) ||
	    recommendation_create(env.db, env.arena, &fx_system, &x, &ri, rec, &e))
		fail_msg("audit: %s %s", e.field, e.msgid);
	return id;
}

static void test_audit_references(void **state)
{
	struct response_input si = { .unit_id = board_b, .response_date = "2026-02-01", .title = "Yttrande" };
	struct measure_input mi = { .title = "Åtgärd", .unit_id = unit_b, .status = "planned" };
	int64_t rec_b, rec_z, rec_f, audit_b, audit_z, followup, resp, measure;
	struct inspection x;
	struct audit_response ar;
	struct measure m;
	struct finding *fs;
	struct lb_client c;
	struct lb_resp r;
	struct err e = { 0 };
	size_t n;
	(void)state;

	audit_b = audit_in(board_b, 0, "2025-01-01", &rec_b);
	audit_z = audit_in(board_z, 0, "2025-01-01", &rec_z);
	followup = audit_in(board_b, audit_b, "2026-01-01", &rec_f);
	assert_int_equal(inspection_get(env.db, env.arena, audit_b, &x, &e), 0);
	assert_int_equal(response_create(env.db, env.arena, &fx_system, &x, &si, &resp, &e), 0);
	assert_int_equal(response_get(env.db, env.arena, resp, &ar, &e), 0);
	assert_int_equal(measure_create(env.db, env.arena, &fx_system, &ar, &mi, &measure, &e), 0);

	login(&c, "coord-b");
	/* An audit addressed to a board of another organisation. */
	r = lb_post(&c, "/inspections",
		    (const char *const[]){ "unit_id", num(board_b), "auditor_kind", "municipal", "title", "Ny",
					   "report_date", "2026-01-05", "board_ids", num(board_z), NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-board_ids\""));
	r = lb_json(&c, "POST", "/api/v1/inspections",
		    arena_printf(env.arena,
				 "{\"unit_id\":%lld,\"auditor_kind\":\"municipal\",\"title\":\"Ny\","
				 "\"report_date\":\"2026-01-05\",\"board_ids\":[%lld]}",
				 (long long)board_b, (long long)board_z),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"board_ids\""));
	/* Following up an audit of another organisation. */
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/inspections/%lld", (long long)followup),
		    arena_printf(env.arena, "{\"follows_id\":%lld,\"version\":1}", (long long)audit_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"follows_id\""));
	/* A finding examining a recommendation of another organisation's audit. */
	r = lb_post(&c, arena_printf(env.arena, "/inspections/%lld/findings", (long long)followup),
		    (const char *const[]){ "area", "Organisation", "recommendation_id", num(rec_z), NULL });
	assert_int_equal(r.status, 400);
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/inspections/%lld/findings", (long long)followup),
		    arena_printf(env.arena, "{\"area\":\"Organisation\",\"recommendation_id\":%lld}", (long long)rec_z),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"recommendation_id\""));
	/* A response from board B to an audit not addressed to it. */
	r = lb_post(
		&c, arena_printf(env.arena, "/inspections/%lld/responses", (long long)audit_z),
		(const char *const[]){ "unit_id", num(board_b), "response_date", "2026-02-01", "title", "Y", NULL });
	assert_int_equal(r.status, 400);
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/inspections/%lld/responses", (long long)audit_z),
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"response_date\":\"2026-02-01\",\"title\":\"Y\"}",
				 (long long)board_b),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	/* A measure for, or handed over to, a unit of another organisation. */
	r = lb_post(&c, arena_printf(env.arena, "/responses/%lld/measures", (long long)resp),
		    (const char *const[]){ "title", "Fel enhet", "unit_id", num(board_z), "status", "planned", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-unit_id\""));
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/responses/%lld/measures", (long long)resp),
		    arena_printf(env.arena, "{\"title\":\"Fel enhet\",\"unit_id\":%lld,\"status\":\"planned\"}",
				 (long long)board_z),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	r = lb_post(
		&c, arena_printf(env.arena, "/measures/%lld/handover", (long long)measure),
		(const char *const[]){ "version", "1", "to_unit_id", num(board_z), "handed_on", "2026-02-02", NULL });
	assert_int_equal(r.status, 400);
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/measures/%lld/handover", (long long)measure),
		    arena_printf(env.arena, "{\"to_unit_id\":%lld,\"version\":1}", (long long)board_z), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"to_unit_id\""));
	lb_client_release(&c);

	/* Nothing changed. */
	assert_int_equal(inspection_get(env.db, env.arena, followup, &x, &e), 0);
	assert_int_equal(x.version, 1);
	assert_int_equal(x.follows_id, audit_b);
	assert_int_equal(finding_list(env.db, env.arena, followup, &fs, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(measure_get(env.db, env.arena, measure, &m, &e), 0);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.unit_id, unit_b);
	{
		struct measure *ms;
		assert_int_equal(measure_of_response(env.db, env.arena, resp, &ms, &n, &e), 0);
		assert_int_equal(n, 1);
	}
}

/*
 * One asset update reads the asset row once (the route's scope) and its
 * unit not at all when the unit stays: sign-in, the asset, the name check,
 * the write and the audit entry. The numbers are in docs/performance.md.
 */
static void test_update_query_count(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *form[] = { "version", "1",         "unit_id",  num(unit_b), "kind", "information_set",
			       "name",    "Journaler", "supplier", "X",         NULL };

	login(&c, "coord-b");
	r = lb_post(&c, arena_printf(env.arena, "/assets/%lld/edit", (long long)set_b), form);
	assert_int_equal(r.status, 303);
	print_message("# queries of one asset update through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 12);
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/assets/%lld", (long long)set_b),
		    "{\"supplier\":\"Y\",\"version\":2}", NULL);
	assert_int_equal(r.status, 200);
	print_message("# queries of one asset update through the API: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 13);
	lb_client_release(&c);
}

/* An incident in B, made a breach as its coordinator would; its duty to IMY in *duty. */
static int64_t breach_in(int64_t in_unit, const char *title, int64_t *duty)
{
	struct incident_report rep = { .unit_id = in_unit, .title = title };
	struct incident inc;
	struct incident_duty *ds;
	bool kinds[4] = { false, true, false, false };
	const char *receipt;
	size_t n;
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(incident_report(env.db, env.arena, &fx_system, &rep, &id, &receipt, &e), 0);
	assert_int_equal(incident_get(env.db, env.arena, id, &inc, &e), 0);
	assert_int_equal(incident_triage(env.db, env.arena, &fx_system, &inc, 1, "incident", kinds, "", NULL, &e), 0);
	assert_int_equal(incident_get(env.db, env.arena, id, &inc, &e), 0);
	assert_int_equal(incident_duties(env.db, env.arena, &inc, time_now(), &ds, &n, &e), 0);
	*duty = ds[0].n.id;
	return id;
}

/*
 * Incidents: the unit an incident is moved to, the unit a report is made in,
 * an affected asset, and a duty named in the address must each be the
 * user's to use; the page and the API refuse alike and nothing changes.
 */
static void test_incident_references(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct asset *assets;
	size_t n;
	struct err e = { 0 };
	int64_t duty_b, duty_c;
	int64_t inc_b = breach_in(unit_b, "Incident i B", &duty_b);
	int64_t inc_c = breach_in(board_c, "Incident i C", &duty_c);
	const char *move[] = {
		"version",       "2",           "unit_id", num(board_c), "title", "Incident i B", "status",
		"investigating", "kind_breach", "1",       NULL
	};
	const char *report[] = { "unit_id", num(board_c), "title", "Rapport i C", NULL };
	const char *link[] = { "asset_id", num(asset_c), NULL };
	const char *decide[] = { "version", "1", "decision", "no", "reason", "Ingen risk", NULL };

	login(&c, "coord-b");
	/* Moving the incident to C, where the coordinator has no role. */
	r = lb_post(&c, arena_printf(env.arena, "/incidents/%lld/edit", (long long)inc_b), move);
	assert_int_equal(r.status, 403);
	r = lb_json(&c, "PATCH", arena_printf(env.arena, "/api/v1/incidents/%lld", (long long)inc_b),
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"version\":2}", (long long)board_c), NULL);
	assert_int_equal(r.status, 403);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	{
		struct incident inc;
		assert_int_equal(incident_get(env.db, env.arena, inc_b, &inc, &e), 0);
		assert_int_equal(inc.unit_id, unit_b);
		assert_int_equal(inc.version, 2);
	}
	/* Reporting in C: as if C did not exist. */
	r = lb_post(&c, "/incidents/report", report);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-unit_id\""));
	r = lb_json(&c, "POST", "/api/v1/incidents",
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"title\":\"Rapport i C\"}", (long long)board_c), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit_id\""));
	/* An asset in C: as if it did not exist. */
	r = lb_post(&c, arena_printf(env.arena, "/incidents/%lld/assets", (long long)inc_b), link);
	assert_int_equal(r.status, 400);
	r = lb_json(&c, "POST", arena_printf(env.arena, "/api/v1/incidents/%lld/assets", (long long)inc_b),
		    arena_printf(env.arena, "{\"asset_id\":%lld}", (long long)asset_c), NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"asset_id\""));
	assert_int_equal(incident_assets(env.db, env.arena, inc_b, &assets, &n, &e), 0);
	assert_int_equal(n, 0);
	/* C's duty through B's incident: not B's duty. */
	r = lb_post(&c,
		    arena_printf(env.arena, "/incidents/%lld/notifications/%lld/decision", (long long)inc_b,
				 (long long)duty_c),
		    decide);
	assert_int_equal(r.status, 404);
	r = lb_json(&c, "PATCH",
		    arena_printf(env.arena, "/api/v1/incidents/%lld/notifications/%lld", (long long)inc_b,
				 (long long)duty_c),
		    "{\"decision\":\"no\",\"reason\":\"Ingen risk\",\"version\":1}", NULL);
	assert_int_equal(r.status, 404);
	{
		struct incident inc;
		struct incident_duty *ds;
		assert_int_equal(incident_get(env.db, env.arena, inc_c, &inc, &e), 0);
		assert_int_equal(incident_duties(env.db, env.arena, &inc, time_now(), &ds, &n, &e), 0);
		assert_string_equal(ds[0].n.decision, "pending");
	}
	lb_client_release(&c);
}

/*
 * Internal control: a plan for a board out of scope, a control point whose
 * responsible unit lies in another organisation or whose process belongs
 * to another board's plan: refused by the page and the API alike, and
 * nothing saved.
 */
static void test_intcontrol_references(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	struct fx_ic b, other;
	struct ic_point *ks;
	size_t n;
	struct err e = { 0 };

	fx_intcontrol_round(env.db, env.arena, board_b, 0, "Kontroll B", &b);
	fx_intcontrol_round(env.db, env.arena, board_c, 0, "Kontroll C", &other);
	login(&c, "coord-b");
	{
		const char *form[] = { "unit_id", num(board_c), "year", "2027", NULL };
		r = lb_post(&c, "/internal-control", form);
		assert_int_equal(r.status, 403);
	}
	r = lb_json(&c, "POST", "/api/v1/internal-control/plans",
		    arena_printf(env.arena, "{\"unit_id\":%lld,\"year\":2027}", (long long)board_c), NULL);
	assert_int_equal(r.status, 403);
	{
		const char *form[] = { "process_id",
				       num(b.process),
				       "title",
				       "Behörigheter",
				       "check_method",
				       "full",
				       "frequency",
				       "period",
				       "period_kind",
				       "tertial",
				       "responsible_unit_id",
				       num(board_z),
				       NULL };
		r = lb_post(&c, arena_printf(env.arena, "/internal-control/%lld/points", (long long)b.plan), form);
		assert_int_equal(r.status, 400);
		assert_true(lb_has(&r, "href=\"#f-responsible_unit_id\""));
	}
	r = lb_json(&c, "POST",
		    arena_printf(env.arena, "/api/v1/internal-control/plans/%lld/points", (long long)b.plan),
		    arena_printf(env.arena,
				 "{\"process_id\":%lld,\"title\":\"B\",\"check_method\":\"full\","
				 "\"responsible_unit_id\":%lld}",
				 (long long)b.process, (long long)board_z),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"responsible_unit_id\""));
	r = lb_json(&c, "POST",
		    arena_printf(env.arena, "/api/v1/internal-control/plans/%lld/points", (long long)b.plan),
		    arena_printf(env.arena, "{\"process_id\":%lld,\"title\":\"B\",\"check_method\":\"full\"}",
				 (long long)other.process),
		    NULL);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"process_id\""));
	lb_client_release(&c);
	assert_int_equal(intcontrol_point_list(env.db, env.arena, b.plan, &ks, &n, &e), 0);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_asset_move_destination),
		cmocka_unit_test(test_link_target),
		cmocka_unit_test(test_link_names_hidden),
		cmocka_unit_test(test_unit_move_destination),
		cmocka_unit_test(test_create_in_another_unit),
		cmocka_unit_test(test_update_query_count),
		cmocka_unit_test(test_plan_references),
		cmocka_unit_test(test_risk_references),
		cmocka_unit_test(test_incident_references),
		cmocka_unit_test(test_gdpr_references),
		cmocka_unit_test(test_governing_and_training_references),
		cmocka_unit_test(test_audit_references),
		cmocka_unit_test(test_intcontrol_references),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
