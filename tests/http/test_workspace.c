/*
 * test_workspace.c - the start page says what to do, for every role.
 *
 * An owner sees "Att göra": the draft waiting for their signature, their
 * asset not yet classified and the one whose review date has passed
 * (overdue, first), their system whose requirements are not assessed
 * (linked to the assessment page showing only those), and the activity
 * they are responsible for; each a link. A reader sees only their
 * activities and tasks, and an empty group says what to do next with a
 * link. A coordinator also sees the key figures of their unit, each linked
 * to its list, and what is overdue there. What the page costs in queries
 * does not depend on the register.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/classify.h"
#include "domain/plan.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, unit, owner, sys_id, set_id, old_id, drafted_id, draft_id, act_id;

static int64_t mk_asset(const char *kind, const char *name, struct asset *out)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id;

	in.unit_id = unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	if (asset_create(env.db, env.arena, &fx_system, &in, &id, &e) || asset_get(env.db, env.arena, id, out, &e))
		fail_msg("asset %s: %s %s", name, e.field, e.msgid);
	return id;
}

static int64_t classify(struct asset *as, bool sign)
{
	struct class_input ci = { .requested = { 2, 2, 2, -1 }, .motivation = { "Skäl", "Skäl", "Skäl", NULL } };
	struct auth o = { .user_id = owner, .username = "agare", .display_name = "Agnes Ägare" };
	struct classification c;
	struct err e = { 0 };
	int64_t cid;

	if (classify_create(env.db, env.arena, &fx_system, as, &ci, &cid, NULL, &e))
		fail_msg("classify_create: %s", e.msgid);
	if (sign && (classify_get(env.db, env.arena, cid, &c, &e) || auth_load_grants(env.db, env.arena, &o, &e) ||
		     classify_sign(env.db, env.arena, &o, as, &c, &e)))
		fail_msg("classify_sign: %s %s", e.field, e.msgid);
	return cid;
}

static int setup(void **state)
{
	struct asset as;
	struct plan_input pin = { 0 };
	struct activity_input ain = { 0 };
	struct plan p;
	struct plan_area *areas;
	size_t n_areas;
	const char *area = "Åtgärder";
	struct err e = { 0 };
	int64_t plan_id;

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	unit = lb_env_unit(&env, org, "administration", "Socialförvaltningen");
	lb_env_user(&env, "samordnare", "coordinator", org);
	lb_env_user(&env, "lasare", "reader", org);
	owner = lb_env_user(&env, "agare", "owner", unit);
	setenv("TILLIT_NOW", "2023-01-10T09:00:00Z", 1);
	old_id = mk_asset("system", "Gammalt system", &as);
	classify(&as, true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	sys_id = mk_asset("system", "Lönesystem", &as);
	classify(&as, true);
	set_id = mk_asset("information_set", "Personakter", &as);
	drafted_id = mk_asset("system", "Ärendesystem", &as);
	draft_id = classify(&as, false);
	/* An activity of this year's plan of the unit, past its deadline, the owner responsible. */
	pin.unit_id = unit;
	pin.year = 2026;
	if (plan_create(env.db, env.arena, &fx_system, &pin, &area, 1, &plan_id, &e) ||
	    plan_get(env.db, env.arena, plan_id, &p, &e) || plan_areas(env.db, env.arena, &p, &areas, &n_areas, &e))
		fail_msg("plan: %s", e.msgid);
	ain.area_id = areas[0].id;
	ain.title = "Rutin för behörigheter";
	ain.quarters = 1; /* Q1: the deadline 2026-03-31 */
	ain.due_date = "2026-02-01";
	ain.responsible_unit_id = unit;
	ain.responsible_id = owner;
	if (activity_create(env.db, env.arena, &fx_system, &p, &ain, &act_id, &e))
		fail_msg("activity: %s %s", e.field, e.msgid);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	unsetenv("TILLIT_NOW");
	return 0;
}

static struct lb_resp home(struct lb_client *c, const char *who)
{
	struct lb_resp r;

	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who, LB_PASSWORD), 303);
	r = lb_get(c, "/");
	assert_int_equal(r.status, 200);
	return r;
}

static void test_owner(void **state)
{
	struct lb_client c;
	struct lb_resp r = home(&c, "agare");
	const char *sign, *classify_h, *old, *set;
	(void)state;

	assert_true(lb_has(&r, "<h2 id=\"tasks-h\">Att göra</h2>"));
	/* The draft waits for the signature, linked to the draft itself. */
	sign = strstr(r.body, "Väntar på din signatur (1)");
	assert_non_null(sign);
	assert_true(lb_has(&r, arena_printf(c.arena, "<a href=\"/assets/%lld/classification/%lld\">Ärendesystem</a>",
					    (long long)drafted_id, (long long)draft_id)));
	/* To classify or review: the old system first (overdue), then the set not classified. */
	classify_h = strstr(r.body, "Klassningar att göra eller ompröva (2)");
	assert_non_null(classify_h);
	old = strstr(classify_h, "Gammalt system");
	set = strstr(classify_h, "Personakter");
	assert_true(old && set && old < set);
	assert_true(lb_has(&r, "<tr class=\"overdue\"><th scope=\"row\"><a href=\"/assets/"));
	/* Never classified: linked straight to the classification form. */
	assert_true(lb_has(&r, arena_printf(c.arena, "<a href=\"/assets/%lld/classification/new\">Personakter</a>",
					    (long long)set_id)));
	/* Requirements: the new system's not assessed, linked to only those. */
	assert_true(lb_has(&r, arena_printf(c.arena,
					    "<a href=\"/assets/%lld/requirements/assess?status=none\">Lönesystem</a>",
					    (long long)sys_id)));
	assert_true(lb_has(&r, "ej bedömda"));
	/* The activity, overdue, linked to its page. */
	assert_true(lb_has(&r, arena_printf(c.arena, "<a href=\"/activities/%lld\">Rutin för behörigheter</a>",
					    (long long)act_id)));
	/* An owner gets no key figures. */
	assert_false(lb_has(&r, "I dina verksamheter"));
	print_message("# queries of an owner's start page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 40);
	/* The same through the API, in groups. */
	c.accept = "application/json";
	r = lb_get(&c, "/api/v1/me/tasks");
	assert_int_equal(r.status, 200);
	assert_true(
		lb_has(&r, arena_printf(c.arena,
					"{\"group\":\"sign\",\"kind\":\"asset\",\"id\":%lld,\"title\":\"Ärendesystem\"",
					(long long)drafted_id)));
	assert_true(lb_has(&r, "\"group\":\"assess\""));
	assert_true(lb_has(&r, "\"status\":\"Ej klassad\""));
	c.accept = NULL;
	lb_client_release(&c);
}

static void test_reader(void **state)
{
	struct lb_client c;
	struct lb_resp r = home(&c, "lasare");
	(void)state;

	assert_true(lb_has(&r, "Att göra"));
	assert_false(lb_has(&r, "Väntar på din signatur"));
	assert_false(lb_has(&r, "Krav att bedöma"));
	/* Empty: what to do next, with a link. */
	assert_true(lb_has(&r, "Du är inte ansvarig för något som inte är klart. <a href=\"/activities\">"));
	assert_false(lb_has(&r, "I dina verksamheter"));
	lb_client_release(&c);
}

static void test_coordinator(void **state)
{
	struct lb_client c;
	struct lb_resp r = home(&c, "samordnare");
	(void)state;

	/* Nothing of their own: each group says so, with where to go. */
	assert_true(lb_has(&r, "Ingen klassning väntar på din signatur. <a href=\"/assets\">"));
	/* The key figures of the organisation, each linked to its list. */
	assert_true(lb_has(&r, "<h2 id=\"scope-h\">I dina verksamheter</h2>"));
	assert_true(lb_has(&r, "Nyckeltalen: Ekdala kommun"));
	assert_true(lb_has(
		&r, arena_printf(c.arena, "href=\"/activities?unit_id=%lld&amp;overdue=true\">", (long long)org)));
	assert_true(lb_has(&r, "Klassade system"));
	/* What is overdue there: the old system's review and the activity. */
	assert_true(lb_has(&r, "Försenat i dina verksamheter"));
	assert_true(
		lb_has(&r, arena_printf(c.arena, "<a href=\"/assets/%lld\">Gammalt system</a>", (long long)old_id)));
	assert_true(lb_has(&r, arena_printf(c.arena, "<a href=\"/activities/%lld\">Rutin för behörigheter</a>",
					    (long long)act_id)));
	assert_true(lb_has(
		&r, arena_printf(c.arena, "href=\"/assets?review_overdue=true&amp;unit_id=%lld\"", (long long)org)));
	print_message("# queries of a coordinator's start page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 60);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_coordinator),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
