/*
 * test_assets.c - the asset register as people and programs use it: the
 * list with its filters and export links, creating through the form and
 * the API, two people saving the same asset, who may edit what (a
 * coordinator in scope, an owner their own asset, never a reader, nobody
 * out of scope), dependencies with the circle refused, bad input naming
 * the field, and the poison string in every text field never shown raw.
 *
 * The fixture: organisation A with board B and administration U below it,
 * and organisation Z with board ZU. Roles are granted on B; "zcoord" is a
 * coordinator in Z only. Olle and Otto are owners on B, each owning one
 * system in U.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "loopback.h"

#define POISON "<script>'\"&"

static struct lb_env env;
static int64_t org, board, unit, org_z, board_z;
static int64_t u_admin, u_coord, u_olle, u_otto, u_reader, u_zcoord;
static int64_t sys_olle, sys_otto, info_set, z_asset;
static const char *t_coord, *t_olle, *t_reader, *t_zcoord;
static char s_unit[32], s_board[32], s_board_z[32];

static int64_t mk(int64_t in_unit, const char *kind, const char *name, int64_t owner)
{
	const struct auth *act = &fx_system;
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = in_unit;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	if (asset_create(env.db, env.arena, act, &in, &id, &e))
		fail_msg("asset_create %s: %s %s", name, e.field, e.msgid);
	return id;
}

static const char *token(int64_t user)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	const char *clear = NULL;
	assert_int_equal(token_create(env.db, env.arena, act, user, "test", &clear, NULL, &e), 0);
	return clear;
}

static int setup(void **state)
{
	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit = lb_env_unit(&env, board, "administration", "Socialförvaltningen");
	org_z = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	board_z = lb_env_unit(&env, org_z, "board", "Zeta nämnd");
	u_admin = lb_env_user(&env, "admin", "administrator", 0);
	u_coord = lb_env_user(&env, "samordnare", "coordinator", board);
	u_olle = lb_env_user(&env, "olle", "owner", board);
	u_otto = lb_env_user(&env, "otto", "owner", board);
	u_reader = lb_env_user(&env, "rut", "reader", board);
	u_zcoord = lb_env_user(&env, "zcoord", "coordinator", org_z);
	sys_olle = mk(unit, "system", "Procapita", u_olle);
	sys_otto = mk(unit, "system", "Lifecare", u_otto);
	info_set = mk(board, "information_set", "Journaler", 0);
	z_asset = mk(board_z, "system", "Zeta-systemet", 0);
	t_coord = token(u_coord);
	t_olle = token(u_olle);
	t_reader = token(u_reader);
	t_zcoord = token(u_zcoord);
	snprintf(s_unit, sizeof(s_unit), "%lld", (long long)unit);
	snprintf(s_board, sizeof(s_board), "%lld", (long long)board);
	snprintf(s_board_z, sizeof(s_board_z), "%lld", (long long)board_z);
	(void)u_admin;
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
	c->lang[0] = 0;
}

static const char *asset_url(struct lb_client *c, int64_t id, const char *rest)
{
	return arena_printf(c->arena, "/assets/%lld%s", (long long)id, rest);
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static void assert_error(const struct lb_resp *r, int status, const char *field)
{
	json_t *j;
	if (r->status != status)
		fail_msg("status %d, expected %d: %.300s", r->status, status, r->body);
	j = parse(r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")), field);
	json_decref(j);
}

/* The id at the end of a Location such as "/assets/12?msg=created". */
static int64_t id_of(const char *location)
{
	const char *p = location ? strrchr(location, '/') : NULL;
	return p ? strtoll(p + 1, NULL, 10) : 0;
}

/* --- pages --- */

static void test_create_through_the_form(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t id;

	login(&c, "samordnare");
	r = lb_get(&c, arena_printf(c.arena, "/assets/new?unit_id=%s", s_unit));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Socialförvaltningen"));
	assert_false(lb_has(&r, "Zeta nämnd")); /* only units where the coordinator may create */
	assert_true(lb_has(&r, "name=\"owner_id\""));
	assert_true(lb_has(&r, "olle (olle)"));
	/* The owner picker offers only people who can sign: the reader appears only among the administrators. */
	{
		const char *owner_sel = strstr(r.body, "name=\"owner_id\"");
		const char *admin_sel = strstr(r.body, "name=\"administrator_id\"");
		const char *rut = strstr(r.body, "rut (rut)");
		assert_non_null(owner_sel);
		assert_non_null(admin_sel);
		assert_true(owner_sel < admin_sel);
		assert_non_null(rut);
		assert_true(rut > admin_sel);
	}
	const char *kv[] = { "unit_id",
			     s_unit,
			     "kind",
			     "system",
			     "name",
			     "Treserva",
			     "description",
			     "Socialtjänstens system",
			     "owner_id",
			     arena_printf(env.arena, "%lld", (long long)u_olle),
			     "administrator_id",
			     "",
			     "supplier",
			     "CGI",
			     "hosting",
			     "supplier",
			     "lifecycle",
			     "in_use",
			     "personal_data",
			     "1",
			     "business_critical",
			     "1",
			     NULL };
	r = lb_post(&c, "/assets", kv);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "?msg=created"));
	id = id_of(r.location);
	r = lb_get(&c, asset_url(&c, id, ""));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<h1>Treserva</h1>"));
	assert_true(lb_has(&r, "Socialtjänstens system"));
	assert_true(lb_has(&r, "CGI"));
	assert_true(lb_has(&r, "href=\"/assets/") && lb_has(&r, "/classification\""));
	assert_true(lb_has(&r, "/requirements\""));
	assert_true(lb_has(&r, "/edit\""));

	/* A blank name: 400, the field named, the rest kept. */
	const char *blank[] = { "unit_id", s_unit, "kind", "system", "name", "  ", "supplier", "Atea", NULL };
	r = lb_post(&c, "/assets", blank);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-name\""));
	assert_true(lb_has(&r, "aria-invalid=\"true\""));
	assert_true(lb_has(&r, "value=\"Atea\""));
	/* The same name in the same unit, in other letters: refused. */
	const char *dup[] = { "unit_id", s_unit, "kind", "digital_service", "name", "TRESERVA", NULL };
	r = lb_post(&c, "/assets", dup);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-name\""));
	assert_true(lb_has(&r, "value=\"TRESERVA\""));
	/* An unknown owner names the owner field. */
	const char *who[] = { "unit_id", s_unit, "kind", "system", "name", "Ny", "owner_id", "999999", NULL };
	r = lb_post(&c, "/assets", who);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-owner_id\""));
	/* A reader cannot sign: naming them owner would leave a draft nobody signs. Refused, naming the field. */
	const char *reader_owner[] = { "unit_id",  s_unit,
				       "kind",     "system",
				       "name",     "Ny",
				       "owner_id", arena_printf(env.arena, "%lld", (long long)u_reader),
				       NULL };
	r = lb_post(&c, "/assets", reader_owner);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-owner_id\""));
	assert_true(lb_has(&r, "rut"));
	/* Out of scope: another organisation's unit. */
	const char *far[] = { "unit_id", s_board_z, "kind", "system", "name", "Långt bort", NULL };
	r = lb_post(&c, "/assets", far);
	assert_int_equal(r.status, 403);
	r = lb_get(&c, arena_printf(c.arena, "/assets/new?unit_id=%s", s_board_z));
	assert_int_equal(r.status, 403);
	lb_client_release(&c);

	/* Owners and readers may not create. */
	login(&c, "olle");
	assert_int_equal(lb_get(&c, "/assets/new").status, 403);
	assert_int_equal(lb_post(&c, "/assets", kv).status, 403);
	lb_client_release(&c);
	login(&c, "rut");
	assert_int_equal(lb_get(&c, "/assets/new").status, 403);
	assert_int_equal(lb_post(&c, "/assets", kv).status, 403);
	r = lb_get(&c, "/assets");
	assert_false(lb_has(&r, "href=\"/assets/new\""));
	assert_false(lb_has(&r, "href=\"/assets/import\""));
	lb_client_release(&c);
}

static void test_list_filters_and_links(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, "samordnare");
	r = lb_get(&c, "/assets");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Procapita"));
	assert_true(lb_has(&r, "Journaler"));
	assert_false(lb_has(&r, "Zeta-systemet")); /* another organisation */
	assert_true(lb_has(&r, "href=\"/assets/new\""));
	assert_true(lb_has(&r, "href=\"/assets/import\""));
	assert_true(lb_has(&r, "method=\"get\" action=\"/assets\""));
	assert_true(lb_has(&r, "href=\"/assets/export.xlsx\""));
	/* In the navigation, marked as the current page. */
	assert_true(lb_has(&r, "<a href=\"/assets\" aria-current=\"page\">"));

	r = lb_get(&c, "/assets?kind=information_set&q=jour");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Journaler"));
	assert_false(lb_has(&r, "Procapita"));
	/* The export links carry the filter. */
	assert_true(lb_has(&r, "href=\"/assets/export.csv?kind=information_set&amp;q=jour\""));
	assert_true(lb_has(&r, "href=\"/assets/export.json?kind=information_set&amp;q=jour\""));
	assert_true(lb_has(&r, "href=\"/assets/export.xlsx?kind=information_set&amp;q=jour\""));
	/* The form shows the filter chosen. */
	assert_true(lb_has(&r, "<option value=\"information_set\" selected>"));
	assert_true(lb_has(&r, "value=\"jour\""));

	r = lb_get(&c, arena_printf(c.arena, "/assets?unit_id=%s&classified=false&sort=name&order=desc", s_unit));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Procapita"));
	assert_true(lb_has(&r, "Lifecare"));
	assert_false(lb_has(&r, "Journaler")); /* on the board, above the unit */
	assert_true(strstr(r.body, "Procapita") < strstr(r.body, "Lifecare"));
	assert_true(lb_has(&r, "Ej klassad") || lb_has(&r, "Not classified"));

	r = lb_get(&c, "/assets?business_critical=true&nis2=true&personal_data=true&review_overdue=true");
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "Procapita"));

	/* Paging keeps the filter. */
	r = lb_get(&c, "/assets?kind=system&limit=1");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "rel=\"next\" href=\"/assets?kind=system&amp;offset=1&amp;limit=1\""));

	/* A malformed filter is refused naming it. */
	r = lb_get(&c, "/assets?classified=yes");
	assert_int_equal(r.status, 400);
	lb_client_release(&c);

	/* Out of scope: Z's coordinator sees only Z. */
	login(&c, "zcoord");
	r = lb_get(&c, "/assets");
	assert_true(lb_has(&r, "Zeta-systemet"));
	assert_false(lb_has(&r, "Procapita"));
	assert_int_equal(lb_get(&c, asset_url(&c, sys_olle, "")).status, 403);
	assert_int_equal(lb_get(&c, asset_url(&c, sys_olle, "/edit")).status, 403);
	lb_client_release(&c);
	/* Not found. */
	login(&c, "admin");
	assert_int_equal(lb_get(&c, "/assets/999999").status, 404);
	lb_client_release(&c);
}

/* Two people open the same asset; the second to save is told, sees the first's change, and keeps their text. */
static void test_two_people_edit_the_same_asset(void **state)
{
	struct lb_client a, b;
	struct lb_resp r;
	int64_t id = mk(unit, "digital_service", "E-tjänst för bygglov", 0);
	const char *url;

	login(&a, "samordnare");
	login(&b, "admin");
	url = asset_url(&a, id, "/edit");
	assert_int_equal(lb_get(&a, url).status, 200);
	r = lb_get(&b, url);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "name=\"version\" value=\"1\""));
	const char *first[] = { "version",   "1",
				"unit_id",   s_unit,
				"kind",      "digital_service",
				"name",      "E-tjänst för bygglov",
				"supplier",  "Sokigo",
				"hosting",   "cloud",
				"lifecycle", "in_use",
				NULL };
	r = lb_post(&a, url, first);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "?msg=saved"));
	const char *second[] = { "version",         "1",    "unit_id",          s_unit,     "kind",
				 "digital_service", "name", "Bygglovstjänsten", "supplier", "Annan leverantör",
				 "hosting",         "own",  "lifecycle",        "in_use",   NULL };
	r = lb_post(&b, url, second);
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "Sokigo"));                     /* theirs */
	assert_true(lb_has(&r, "value=\"Bygglovstjänsten\"")); /* mine, kept */
	assert_true(lb_has(&r, "value=\"Annan leverantör\""));
	assert_true(lb_has(&r, "name=\"version\" value=\"2\"")); /* saving again overwrites deliberately */
	r = lb_get(&b, asset_url(&b, id, ""));
	assert_true(lb_has(&r, "<h1>E-tjänst för bygglov</h1>"));
	const char *again[] = {
		"version", "2",   "unit_id",   s_unit,   "kind", "digital_service", "name", "Bygglovstjänsten",
		"hosting", "own", "lifecycle", "in_use", NULL
	};
	assert_int_equal(lb_post(&b, url, again).status, 303);
	r = lb_get(&b, asset_url(&b, id, ""));
	assert_true(lb_has(&r, "<h1>Bygglovstjänsten</h1>"));
	/* A bad value on edit: 400, naming it. */
	const char *bad[] = { "version", "3", "unit_id", s_unit, "kind", "spaceship", "name", "X", NULL };
	r = lb_post(&b, url, bad);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-kind\""));
	lb_client_release(&a);
	lb_client_release(&b);
}

static void test_who_may_edit(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	const char *mine[] = { "version",     "1",
			       "unit_id",     s_unit,
			       "kind",        "system",
			       "name",        "Procapita",
			       "description", "Ändrad av ägaren",
			       "lifecycle",   "in_use",
			       "owner_id",    arena_printf(env.arena, "%lld", (long long)u_olle),
			       NULL };

	/* The owner edits their own asset, not another's. */
	login(&c, "olle");
	r = lb_get(&c, asset_url(&c, sys_olle, ""));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "/edit\""));
	assert_int_equal(lb_get(&c, asset_url(&c, sys_olle, "/edit")).status, 200);
	assert_int_equal(lb_post(&c, asset_url(&c, sys_olle, "/edit"), mine).status, 303);
	r = lb_get(&c, asset_url(&c, sys_otto, ""));
	assert_int_equal(r.status, 200); /* reading is fine */
	assert_false(lb_has(&r, "/edit\""));
	assert_int_equal(lb_get(&c, asset_url(&c, sys_otto, "/edit")).status, 403);
	const char *theirs[] = { "version", "1", "unit_id", s_unit, "kind", "system", "name", "Lifecare", NULL };
	assert_int_equal(lb_post(&c, asset_url(&c, sys_otto, "/edit"), theirs).status, 403);
	/* Moving it where the owner holds no role: 403. */
	const char *away[] = {
		"version", "2",    "unit_id",   s_board_z,  "kind",
		"system",  "name", "Procapita", "owner_id", arena_printf(c.arena, "%lld", (long long)u_olle),
		NULL
	};
	assert_int_equal(lb_post(&c, asset_url(&c, sys_olle, "/edit"), away).status, 403);
	lb_client_release(&c);

	/* A reader never edits. */
	login(&c, "rut");
	r = lb_get(&c, asset_url(&c, sys_olle, ""));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Ändrad av ägaren"));
	assert_false(lb_has(&r, "/edit\""));
	assert_false(lb_has(&r, "action=\"/assets/")); /* no dependency form either */
	assert_int_equal(lb_get(&c, asset_url(&c, sys_olle, "/edit")).status, 403);
	assert_int_equal(lb_post(&c, asset_url(&c, sys_olle, "/edit"), mine).status, 403);
	lb_client_release(&c);

	/* The coordinator of B may not move an asset into Z either. */
	login(&c, "samordnare");
	r = lb_post(&c, asset_url(&c, sys_olle, "/edit"), away);
	assert_int_equal(r.status, 403);
	lb_client_release(&c);
}

static void test_dependencies_on_the_page(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t a = mk(unit, "system", "Ärendesystemet", u_olle);
	int64_t b = mk(unit, "digital_service", "Mina sidor", u_otto);
	char s_a[32], s_b[32], s_set[32], s_z[32];
	snprintf(s_a, sizeof(s_a), "%lld", (long long)a);
	snprintf(s_b, sizeof(s_b), "%lld", (long long)b);
	snprintf(s_set, sizeof(s_set), "%lld", (long long)info_set);
	snprintf(s_z, sizeof(s_z), "%lld", (long long)z_asset);

	login(&c, "olle");
	/* The page offers a search for the other asset, not a list of the whole register. */
	r = lb_get(&c, asset_url(&c, a, ""));
	assert_true(lb_has(&r, "name=\"link_q\""));
	assert_false(lb_has(&r, "name=\"to_id\""));
	assert_false(lb_has(&r, "Procapita"));
	/* A search lists what matches among the assets the user sees, by name, description or supplier. */
	r = lb_get(&c, asset_url(&c, a, "?link_q=JOUR"));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "name=\"to_id\""));
	assert_true(lb_has(&r, "Journaler (Informationsmängd"));
	assert_false(lb_has(&r, "Procapita"));
	assert_true(lb_has(&r, "name=\"link_q\" value=\"JOUR\""));
	r = lb_get(&c, asset_url(&c, a, "?link_q=zeta"));
	assert_false(lb_has(&r, "Zeta-systemet")); /* only assets the user sees */
	assert_false(lb_has(&r, "name=\"to_id\""));
	r = lb_get(&c, asset_url(&c, a, "?link_q=%C3%84rendesystemet"));
	assert_false(lb_has(&r, "name=\"to_id\"")); /* never the asset itself */
	const char *holds[] = { "to_id", s_set, "kind", "holds", NULL };
	r = lb_post(&c, asset_url(&c, a, "/links"), holds);
	assert_int_equal(r.status, 303);
	r = lb_get(&c, asset_url(&c, a, ""));
	assert_true(lb_has(&r, "Journaler"));
	/* Seen from the other end. */
	r = lb_get(&c, asset_url(&c, info_set, ""));
	assert_true(lb_has(&r, "Ärendesystemet"));
	/* "holds" a system: refused, the form says why and keeps the search and the choice. */
	const char *holds_sys[] = { "to_id", s_b, "kind", "holds", "link_q", "mina", NULL };
	r = lb_post(&c, asset_url(&c, a, "/links"), holds_sys);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "href=\"#f-to_id\""));
	assert_true(lb_has(&r, "id=\"f-to_id\""));
	assert_true(lb_has(&r, arena_printf(c.arena, "<option value=\"%s\" selected>Mina sidor", s_b)));
	assert_true(lb_has(&r, "name=\"link_q\" value=\"mina\""));
	/* Olle may not add dependencies to Otto's asset. */
	const char *dep_a[] = { "to_id", s_a, "kind", "depends_on", NULL };
	assert_int_equal(lb_post(&c, asset_url(&c, b, "/links"), dep_a).status, 403);
	lb_client_release(&c);

	login(&c, "samordnare");
	/* B depends on A; A depending on B would close the circle, named in the message. */
	assert_int_equal(lb_post(&c, asset_url(&c, b, "/links"), dep_a).status, 303);
	const char *dep_b[] = { "to_id", s_b, "kind", "depends_on", NULL };
	r = lb_post(&c, asset_url(&c, a, "/links"), dep_b);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "Ärendesystemet → Mina sidor → Ärendesystemet"));
	assert_true(lb_has(&r, "role=\"alert\""));
	/* Twice the same: 409. */
	assert_int_equal(lb_post(&c, asset_url(&c, b, "/links"), dep_a).status, 409);
	/* An asset out of the user's sight is as if it did not exist. */
	const char *dep_z[] = { "to_id", s_z, "kind", "depends_on", NULL };
	r = lb_post(&c, asset_url(&c, a, "/links"), dep_z);
	assert_int_equal(r.status, 400);
	assert_false(lb_has(&r, "Zeta-systemet"));
	/* Remove B -> A from A's page (it lists what depends on it), then A -> B is fine. */
	r = lb_get(&c, asset_url(&c, a, ""));
	const char *p = strstr(r.body, "action=\"/asset-links/");
	assert_non_null(p);
	struct asset_link *deps, *dependants;
	size_t n_deps, n_dependants;
	struct err e = { 0 };
	assert_int_equal(asset_links(env.db, env.arena, a, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	assert_int_equal(n_dependants, 1);
	const char *back[] = { "back", s_a, NULL };
	r = lb_post(&c, arena_printf(c.arena, "/asset-links/%lld/delete", (long long)dependants[0].id), back);
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, arena_printf(c.arena, "/assets/%s?msg=saved#dependencies", s_a));
	assert_int_equal(lb_post(&c, asset_url(&c, a, "/links"), dep_b).status, 303);
	lb_client_release(&c);

	/* Readers and other owners may not remove it. */
	assert_int_equal(asset_links(env.db, env.arena, a, &deps, &n_deps, &dependants, &n_dependants, &e), 0);
	int64_t link_id = 0;
	for (size_t i = 0; i < n_deps; i++)
		if (deps[i].to_id == b)
			link_id = deps[i].id;
	assert_true(link_id > 0);
	const char *del = arena_printf(env.arena, "/asset-links/%lld/delete", (long long)link_id);
	login(&c, "rut");
	assert_int_equal(lb_post(&c, del, NULL).status, 403);
	lb_client_release(&c);
	login(&c, "otto");
	assert_int_equal(lb_post(&c, del, NULL).status, 403);
	lb_client_release(&c);
	login(&c, "olle");
	assert_int_equal(lb_post(&c, del, NULL).status, 303);
	assert_int_equal(lb_post(&c, del, NULL).status, 404);
	lb_client_release(&c);
}

/* --- API --- */

static void api_client(struct lb_client *c, const char *tok)
{
	lb_client_init(c, &env);
	c->bearer = tok;
	c->accept = "application/json";
}

static void test_api_create_read_change(void **state)
{
	struct lb_client c, d;
	struct lb_resp r;
	json_t *j;
	char body[512];
	const char *url;
	int64_t id;

	api_client(&c, t_coord);
	snprintf(body, sizeof(body),
		 "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":\"Visma Personec\",\"supplier\":\"Visma\","
		 "\"hosting\":\"cloud\",\"personal_data\":true,\"owner_id\":%lld}",
		 (long long)unit, (long long)u_olle);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.etag, "\"1\"");
	j = parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Visma Personec");
	assert_string_equal(json_string_value(json_object_get(j, "owner_name")), "olle");
	assert_true(json_is_true(json_object_get(j, "personal_data")));
	assert_true(json_is_null(json_object_get(j, "classification")));
	assert_string_equal(json_string_value(json_object_get(j, "lifecycle")), "in_use");
	json_decref(j);
	url = arena_printf(c.arena, "/api/v1/assets/%lld", (long long)id);
	assert_string_equal(r.location, url);
	r = lb_json(&c, "GET", url, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"1\"");

	/* Listing with the filters. */
	r = lb_json(&c, "GET", "/api/v1/assets?personal_data=true&q=visma&sort=name&order=desc", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "limit")), 50);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "Visma Personec");
	json_decref(j);
	r = lb_json(&c, "GET", arena_printf(c.arena, "/api/v1/assets?unit_id=%s&kind=system&limit=1", s_board), NULL,
		    NULL);
	j = parse(&r);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 3);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	r = lb_json(&c, "GET", "/api/v1/assets?classified=yes", NULL, NULL);
	assert_error(&r, 400, "classified");
	r = lb_json(&c, "GET", "/api/v1/assets?sort=owner", NULL, NULL);
	assert_error(&r, 400, "sort");
	r = lb_json(&c, "GET", "/api/v1/assets?limit=0", NULL, NULL);
	assert_error(&r, 400, "limit");

	/* Changes: version needed; stale gets 409 with the current record; unsent members keep their values. */
	r = lb_json(&c, "PATCH", url, "{\"supplier\":\"Visma Enterprise\"}", NULL);
	assert_error(&r, 428, "version");
	r = lb_json(&c, "PATCH", url, "{\"supplier\":\"Visma Enterprise\"}", "\"1\"");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"2\"");
	api_client(&d, t_olle);
	r = lb_json(&d, "PATCH", url, "{\"description\":\"Lön\"}", "\"1\"");
	assert_int_equal(r.status, 409);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "conflict");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "current"), "supplier")),
			    "Visma Enterprise");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "current"), "version")), 2);
	json_decref(j);
	/* The owner may change their own asset; null removes the administrator, the version may be in the body. */
	r = lb_json(&d, "PATCH", url,
		    "{\"description\":\"Lön\",\"administrator_id\":null,\"nis2\":true,\"vital\":true,\"version\":2}",
		    NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(j, "description")), "Lön");
	assert_string_equal(json_string_value(json_object_get(j, "supplier")), "Visma Enterprise"); /* kept */
	assert_true(json_is_true(json_object_get(j, "personal_data")));                             /* kept */
	assert_true(json_is_true(json_object_get(j, "nis2")));
	assert_true(json_is_true(json_object_get(j, "vital"))); /* samhällsviktig: its own member */
	assert_true(json_is_null(json_object_get(j, "administrator_id")));
	json_decref(j);
	/* ... but not Otto's, and not move it out of reach. */
	r = lb_json(&d, "PATCH", arena_printf(d.arena, "/api/v1/assets/%lld", (long long)sys_otto), "{\"name\":\"X\"}",
		    "\"1\"");
	assert_int_equal(r.status, 403);
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"version\":3}", (long long)board_z);
	r = lb_json(&d, "PATCH", url, body, NULL);
	assert_error(&r, 403, "unit_id");
	/* Owners do not create. */
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":\"Eget\"}", (long long)unit);
	assert_int_equal(lb_json(&d, "POST", "/api/v1/assets", body, NULL).status, 403);
	lb_client_release(&d);

	/* Readers read, never write; out of scope nothing. */
	api_client(&d, t_reader);
	assert_int_equal(lb_json(&d, "GET", url, NULL, NULL).status, 200);
	assert_int_equal(lb_json(&d, "PATCH", url, "{\"name\":\"X\",\"version\":3}", NULL).status, 403);
	assert_int_equal(lb_json(&d, "POST", "/api/v1/assets", body, NULL).status, 403);
	lb_client_release(&d);
	api_client(&d, t_zcoord);
	assert_int_equal(lb_json(&d, "GET", url, NULL, NULL).status, 403);
	assert_int_equal(lb_json(&d, "PATCH", url, "{\"name\":\"X\",\"version\":3}", NULL).status, 403);
	assert_int_equal(lb_json(&d, "POST", "/api/v1/assets", body, NULL).status, 403);
	r = lb_json(&d, "GET", "/api/v1/assets", NULL, NULL);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	lb_client_release(&d);
	assert_int_equal(lb_json(&c, "GET", "/api/v1/assets/999999", NULL, NULL).status, 404);
	lb_client_release(&c);
}

static void test_api_bad_input_changes_nothing(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;
	char body[256];
	int64_t before, after;

	api_client(&c, t_coord);
	r = lb_json(&c, "GET", "/api/v1/assets", NULL, NULL);
	j = parse(&r);
	before = json_integer_value(json_object_get(j, "total"));
	json_decref(j);

	r = lb_json(&c, "POST", "/api/v1/assets", "{\"unit_id\":", NULL);
	assert_error(&r, 400, "body");
	r = lb_json(&c, "POST", "/api/v1/assets", "[1,2]", NULL);
	assert_error(&r, 400, "body");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":5}", (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_error(&r, 400, "name");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"system\"}", (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_error(&r, 400, "name");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"robot\",\"name\":\"R\"}", (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_error(&r, 400, "kind");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":\"R\",\"hosting\":\"moon\"}",
		 (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_error(&r, 400, "hosting");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":\"R\",\"nis2\":\"yes\"}",
		 (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_error(&r, 400, "nis2");
	snprintf(body, sizeof(body), "{\"unit_id\":%lld,\"kind\":\"system\",\"name\":\"procapita\"}", (long long)unit);
	r = lb_json(&c, "POST", "/api/v1/assets", body, NULL);
	assert_error(&r, 400, "name");
	r = lb_json(&c, "POST", "/api/v1/assets", "{\"unit_id\":999999,\"kind\":\"system\",\"name\":\"R\"}", NULL);
	assert_error(&r, 400, "unit_id");
	r = lb_json(&c, "PATCH", arena_printf(c.arena, "/api/v1/assets/%lld", (long long)sys_otto),
		    "{\"lifecycle\":\"zombie\"}", "\"1\"");
	assert_error(&r, 400, "lifecycle");

	r = lb_json(&c, "GET", "/api/v1/assets", NULL, NULL);
	j = parse(&r);
	after = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	assert_int_equal(after, before);
	lb_client_release(&c);
}

static void test_api_links(void **state)
{
	struct lb_client c, d;
	struct lb_resp r;
	json_t *j;
	char body[128];
	int64_t a = mk(unit, "system", "Skolplattformen", 0);
	int64_t b = mk(unit, "information_set", "Elevuppgifter", 0);
	int64_t link;
	const char *la = arena_printf(env.arena, "/api/v1/assets/%lld/links", (long long)a);
	const char *lb_ = arena_printf(env.arena, "/api/v1/assets/%lld/links", (long long)b);

	api_client(&c, t_coord);
	snprintf(body, sizeof(body), "{\"to_id\":%lld,\"kind\":\"holds\"}", (long long)b);
	r = lb_json(&c, "POST", la, body, NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	link = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "holds");
	assert_string_equal(json_string_value(json_object_get(j, "other_name")), "Elevuppgifter");
	json_decref(j);
	r = lb_json(&c, "POST", la, body, NULL);
	assert_error(&r, 409, "to_id");
	/* Both directions. */
	r = lb_json(&c, "GET", lb_, NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "dependencies")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "dependants")), 1);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(j, "dependants"), 0), "other_name")),
		"Skolplattformen");
	json_decref(j);
	/* The circle is refused, naming it. */
	snprintf(body, sizeof(body), "{\"to_id\":%lld,\"kind\":\"depends_on\"}", (long long)a);
	r = lb_json(&c, "POST", lb_, body, NULL);
	assert_error(&r, 400, "to_id");
	assert_true(lb_has(&r, "Elevuppgifter → Skolplattformen → Elevuppgifter"));
	/* Bad bodies. */
	r = lb_json(&c, "POST", la, "{\"kind\":\"holds\"}", NULL);
	assert_error(&r, 400, "to_id");
	r = lb_json(&c, "POST", la, "{\"to_id\":\"x\"}", NULL);
	assert_error(&r, 400, "to_id");
	snprintf(body, sizeof(body), "{\"to_id\":%lld,\"kind\":\"likes\"}", (long long)sys_olle);
	r = lb_json(&c, "POST", la, body, NULL);
	assert_error(&r, 400, "kind");
	snprintf(body, sizeof(body), "{\"to_id\":%lld}", (long long)z_asset);
	r = lb_json(&c, "POST", la, body, NULL);
	assert_error(&r, 400, "to_id");
	/* Readers and the other organisation may not remove it. */
	const char *del = arena_printf(env.arena, "/api/v1/asset-links/%lld", (long long)link);
	api_client(&d, t_reader);
	assert_int_equal(lb_json(&d, "GET", la, NULL, NULL).status, 200);
	assert_int_equal(lb_json(&d, "DELETE", del, NULL, NULL).status, 403);
	snprintf(body, sizeof(body), "{\"to_id\":%lld}", (long long)sys_olle);
	assert_int_equal(lb_json(&d, "POST", la, body, NULL).status, 403);
	lb_client_release(&d);
	api_client(&d, t_zcoord);
	assert_int_equal(lb_json(&d, "GET", la, NULL, NULL).status, 403);
	assert_int_equal(lb_json(&d, "DELETE", del, NULL, NULL).status, 403);
	lb_client_release(&d);
	r = lb_json(&c, "DELETE", del, NULL, NULL);
	assert_int_equal(r.status, 204);
	r = lb_json(&c, "DELETE", del, NULL, NULL);
	assert_int_equal(r.status, 404);
	r = lb_json(&c, "GET", la, NULL, NULL);
	j = parse(&r);
	assert_int_equal(json_array_size(json_object_get(j, "dependencies")), 0);
	json_decref(j);
	lb_client_release(&c);
}

/* The poison string in every text field of an asset, its unit, owner and dependencies: never shown raw. */
static void test_poison_never_raw(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	struct lb_client c;
	struct lb_resp r;
	int64_t pu, puser, pa, pb;

	struct unit_input ui = { board, "unit", "Enhet " POISON, POISON, POISON, POISON };
	assert_int_equal(unit_create(env.db, env.arena, act, &ui, &pu, &e), 0);
	struct user_input us = { "giftig", "Namn " POISON, "", "sv", true };
	assert_int_equal(user_create(env.db, env.arena, act, &us, LB_PASSWORD, &puser, &e), 0);
	assert_int_equal(grant_add(env.db, env.arena, act, puser, board, "coordinator", NULL, &e), 0);
	struct asset_input in = { 0 };
	in.unit_id = pu;
	in.kind = "system";
	in.name = "System " POISON;
	in.description = "Beskrivning " POISON;
	in.supplier = "Leverantör " POISON;
	in.owner_id = puser;
	in.administrator_id = puser;
	assert_int_equal(asset_create(env.db, env.arena, act, &in, &pa, &e), 0);
	in.kind = "information_set";
	in.name = "Mängd " POISON;
	assert_int_equal(asset_create(env.db, env.arena, act, &in, &pb, &e), 0);
	assert_int_equal(fx_asset_link_add(env.db, env.arena, act, pa, pb, "holds", NULL, &e), 0);

	login(&c, "giftig");
	const char *pages[] = {
		"/assets",
		"/assets?q=%3Cscript%3E%27%22%26",
		arena_printf(c.arena, "/assets?unit_id=%lld&q=System", (long long)pu),
		"/assets/new",
		arena_printf(c.arena, "/assets/%lld", (long long)pa),
		arena_printf(c.arena, "/assets/%lld", (long long)pb),
		arena_printf(c.arena, "/assets/%lld/edit", (long long)pa),
		arena_printf(c.arena, "/api/v1/assets/%lld", (long long)pa),
		arena_printf(c.arena, "/api/v1/assets/%lld/links", (long long)pa),
		"/api/v1/assets?q=System",
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		r = lb_get(&c, pages[i]);
		if (r.status != 200)
			fail_msg("GET %s: %d", pages[i], r.status);
		if (strstr(r.body, POISON))
			fail_msg("GET %s shows the poison string unescaped", pages[i]);
		if (strstr(r.content_type, "text/html") && strstr(r.body, "<script>'"))
			fail_msg("GET %s contains a raw <script> from data", pages[i]);
	}
	r = lb_get(&c, "/assets?q=%3Cscript%3E%27%22%26");
	assert_true(lb_has(&r, "&lt;script&gt;&#39;&quot;&amp;"));
	/* Forms that come back with errors, and the circle message, escape what was typed. */
	const char *kv[] = { "unit_id",     arena_printf(env.arena, "%lld", (long long)pu),
			     "kind",        "system",
			     "name",        "",
			     "description", POISON,
			     "supplier",    POISON,
			     NULL };
	r = lb_post(&c, "/assets", kv);
	assert_int_equal(r.status, 400);
	assert_null(strstr(r.body, POISON));
	const char *ed[] = { "version",  "1",        "unit_id", arena_printf(c.arena, "%lld", (long long)pu),
			     "kind",     "system",   "name",    "System " POISON,
			     "supplier", "x" POISON, NULL };
	r = lb_post(&c, arena_printf(c.arena, "/assets/%lld/edit", (long long)pa), ed);
	assert_int_equal(r.status, 303);
	r = lb_post(&c, arena_printf(c.arena, "/assets/%lld/edit", (long long)pa), ed); /* stale now: 409 */
	assert_int_equal(r.status, 409);
	assert_null(strstr(r.body, POISON));
	const char *cyc[] = { "to_id", arena_printf(c.arena, "%lld", (long long)pa), "kind", "depends_on", NULL };
	r = lb_post(&c, arena_printf(c.arena, "/assets/%lld/links", (long long)pb), cyc);
	assert_int_equal(r.status, 400);
	assert_null(strstr(r.body, POISON));
	assert_non_null(strstr(r.body, "Mängd &lt;script&gt;"));
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_through_the_form),
		cmocka_unit_test(test_list_filters_and_links),
		cmocka_unit_test(test_two_people_edit_the_same_asset),
		cmocka_unit_test(test_who_may_edit),
		cmocka_unit_test(test_dependencies_on_the_page),
		cmocka_unit_test(test_api_create_read_change),
		cmocka_unit_test(test_api_bad_input_changes_nothing),
		cmocka_unit_test(test_api_links),
		cmocka_unit_test(test_poison_never_raw),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
