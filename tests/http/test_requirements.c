/*
 * test_requirements.c - the requirements library, fulfilment per asset,
 * the procurement appendix and actions, as people and programs use them:
 * every route for every role in and out of scope, the library filtered and
 * edited with a conflict, the CSV import with a dry run listing every bad
 * row, an owner assessing their asset's requirements and turning one into an
 * action, the XLSX appendix, the API with its versions, and the poison
 * string in every text field never shown raw.
 *
 * The fixture: organisation A with board B and administration U below it,
 * and organisation Z with board ZU. Every role is granted on B; "global" is
 * an installation-wide administrator. Olle (owner on B) owns the system
 * "Procapita" in U, classified C2 I1 A3; Otto is another owner on B. The
 * system "Zeta" in ZU is out of scope for everyone but "global".
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
#include "core/i18n.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/auth.h"
#include "domain/requirement.h"
#include "fixtures.h"
#include "loopback.h"

#define POISON "<script>'\"&"

/* Test set-up only: a signed classification, as the classification module records it. */
static DB_QUERY(
	Q_T_CLASS_INSERT,
	"INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, t_level, c_computed,"
	" i_computed, a_computed, status, review_due, created_at)"
	" VALUES ($1, $5, $2, $3, $4, NULL, $2, $3, $4, 'signed', '2027-01-01', '2026-01-01T00:00:00Z') RETURNING id");
static DB_QUERY(Q_T_ASSET_CLASSIFY, "UPDATE assets SET classification_id = $2 WHERE id = $1");

enum who { W_ADMIN, W_COORD, W_DPO, W_OWNER, W_OWNER2, W_READER, W_AUDITOR, W_GLOBAL, W_COUNT };
static const char *const who_name[W_COUNT] = { "admin-b", "coord-b",  "dpo-b",     "olle",
					       "otto",    "reader-b", "auditor-b", "global" };
static const char *const who_role[W_COUNT] = { "administrator", "coordinator", "dpo",     "owner",
					       "owner",         "reader",      "auditor", "administrator" };

static struct lb_env env;
static int64_t org, board, unit, org_z, board_z;
static int64_t users[W_COUNT];
static const char *tokens[W_COUNT];
static int64_t sys, bare, zsys, high;
static int64_t req_mfa, req_restore, req_z, act_sys, act_z;
static int n_class;

static void classify(int64_t asset, int64_t c, int64_t i, int64_t a)
{
	struct db_rows rows;
	struct err e = { 0 };
	assert_int_equal(db_run(env.db, env.arena, &Q_T_CLASS_INSERT,
				DB_ARGS(DB_INT(asset), DB_INT(c), DB_INT(i), DB_INT(a), DB_INT(++n_class)), &rows, &e),
			 0);
	assert_int_equal(db_run(env.db, env.arena, &Q_T_ASSET_CLASSIFY,
				DB_ARGS(DB_INT(asset), DB_INT(rows_int(&rows, 0, 0))), NULL, &e),
			 0);
}

static int64_t mk(int64_t in_unit, const char *name, int64_t owner)
{
	const struct auth *act = &fx_system;
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = in_unit;
	in.kind = "system";
	in.name = name;
	in.owner_id = owner;
	/* The protected register runs in the cloud: the requirements on a supplier apply to it (KRY-06). */
	in.hosting = !strcmp(name, "Skyddat register") ? "cloud" : "";
	if (asset_create(env.db, env.arena, act, &in, &id, &e))
		fail_msg("asset_create %s: %s %s", name, e.field, e.msgid);
	return id;
}

static int64_t req_id(const char *code)
{
	struct requirement q;
	struct err e = { 0 };
	assert_int_equal(requirement_get_by_code(env.db, env.arena, code, &q, &e), 0);
	return q.id;
}

/* An activity made the domain way: the requirement assessed not fulfilled, then turned into an activity. */
static int64_t mk_action(int64_t asset, int64_t rid)
{
	const struct auth *act = &fx_system;
	struct asset_requirement_input in = { "not_fulfilled", "", "" };
	struct asset_requirement ar;
	struct asset as;
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(asset_get(env.db, env.arena, asset, &as, &e), 0);
	assert_int_equal(asset_requirement_get(env.db, env.arena, &as, rid, &ar, &e), 0);
	if (asset_requirement_set(env.db, env.arena, act, &as, rid, ar.version, &in, NULL, &e))
		fail_msg("set: %s %s", e.field, e.msgid);
	if (activity_create_from_requirement(env.db, env.arena, act, LANG_SV, &as, rid, &id, &e))
		fail_msg("activity: %s %s", e.field, e.msgid);
	return id;
}

static int setup(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	board = lb_env_unit(&env, org, "board", "Socialnämnden");
	unit = lb_env_unit(&env, board, "administration", "Socialförvaltningen");
	org_z = lb_env_unit(&env, 0, "organisation", "Zeta kommun");
	board_z = lb_env_unit(&env, org_z, "board", "Zeta nämnd");
	for (int w = 0; w < W_COUNT; w++) {
		users[w] = lb_env_user(&env, who_name[w], who_role[w], w == W_GLOBAL ? 0 : board);
		assert_int_equal(token_create(env.db, env.arena, act, users[w], "test", &tokens[w], NULL, &e), 0);
	}
	sys = mk(unit, "Procapita", users[W_OWNER]);
	bare = mk(unit, "Oklassat system", users[W_OWNER]);
	high = mk(unit, "Skyddat register", users[W_OWNER]);
	zsys = mk(board_z, "Zeta", 0);
	classify(sys, 2, 1, 3);
	classify(zsys, 2, 1, 3);
	classify(high, 4, 1, 1);
	assert_int_equal(requirement_ensure_default(env.db, env.arena, &e), 0);
	req_mfa = req_id("BEH-02");
	req_restore = req_id("SKP-02");
	req_z = req_id("KON-01");
	act_sys = mk_action(sys, req_id("KON-02"));
	act_z = mk_action(zsys, req_z);
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static void login(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, who_name[w], LB_PASSWORD), 303);
	assert_int_equal(lb_get(c, "/").status, 200); /* picks up the CSRF token */
}

static void api_client(struct lb_client *c, enum who w)
{
	lb_client_init(c, &env);
	c->bearer = tokens[w];
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
	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")), field);
	json_decref(j);
}

/* @fmt comes from this file's own table (up to two %lld). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *url(struct lb_client *c, const char *fmt, int64_t a, int64_t b)
{
	return arena_printf(c->arena, fmt, (long long)a, (long long)b);
}
#pragma GCC diagnostic pop

static bool has_tr(const struct lb_resp *r, const char *msgid)
{
	return lb_has(r, tr(LANG_SV, msgid));
}

/* --- every route, every role, in and out of scope --- */

enum rule { R_READ, R_GLOBAL_ADMIN, R_OWN, R_EDIT };

static bool allowed(enum rule x, enum who w, bool in_scope)
{
	bool scope = in_scope || w == W_GLOBAL;
	switch (x) {
	case R_READ:
		return scope;
	case R_GLOBAL_ADMIN:
		return w == W_GLOBAL;
	case R_OWN:
		return scope && (w == W_ADMIN || w == W_COORD || w == W_GLOBAL || (w == W_OWNER && in_scope));
	case R_EDIT:
		return scope && (w == W_ADMIN || w == W_COORD || w == W_GLOBAL);
	}
	return false;
}

/* Target kinds: none (installation-wide), an asset (+ requirement), an action. */
enum target { T_NONE, T_ASSET, T_ASSET_REQ, T_ACTION };

static const struct {
	const char *method, *fmt;
	enum rule x;
	enum target t;
	bool api;
} walk[] = {
	{ "GET", "/requirements", R_READ, T_NONE, false },
	{ "GET", "/requirements/export.csv", R_READ, T_NONE, false },
	{ "GET", "/requirements/new", R_GLOBAL_ADMIN, T_NONE, false },
	{ "POST", "/requirements", R_GLOBAL_ADMIN, T_NONE, false },
	{ "GET", "/requirements/import", R_GLOBAL_ADMIN, T_NONE, false },
	{ "POST", "/requirements/import", R_GLOBAL_ADMIN, T_NONE, false },
	{ "GET", "/requirements/%lld", R_READ, T_ASSET_REQ, false },
	{ "GET", "/requirements/%lld/edit", R_GLOBAL_ADMIN, T_ASSET_REQ, false },
	{ "POST", "/requirements/%lld/edit", R_GLOBAL_ADMIN, T_ASSET_REQ, false },
	{ "POST", "/requirements/%lld/deactivate", R_GLOBAL_ADMIN, T_ASSET_REQ, false },
	{ "GET", "/assets/%lld/requirements", R_READ, T_ASSET, false },
	{ "GET", "/assets/%lld/requirements/assess", R_OWN, T_ASSET, false },
	{ "POST", "/assets/%lld/requirements/assess", R_OWN, T_ASSET, false },
	{ "GET", "/assets/%lld/requirements/appendix", R_READ, T_ASSET, false },
	{ "GET", "/assets/%lld/requirements/appendix.xlsx", R_READ, T_ASSET, false },
	{ "GET", "/assets/%lld/requirements/%lld", R_READ, T_ASSET_REQ, false },
	{ "POST", "/assets/%lld/requirements/%lld", R_OWN, T_ASSET_REQ, false },
	{ "POST", "/assets/%lld/requirements/%lld/action", R_OWN, T_ASSET_REQ, false },
	{ "GET", "/activities", R_READ, T_NONE, false },
	{ "GET", "/activities/%lld", R_READ, T_ACTION, false },
	{ "GET", "/activities/%lld/edit", R_EDIT, T_ACTION, false },
	{ "POST", "/activities/%lld/edit", R_EDIT, T_ACTION, false },
	{ "GET", "/api/v1/requirements", R_READ, T_NONE, true },
	{ "POST", "/api/v1/requirements", R_GLOBAL_ADMIN, T_NONE, true },
	{ "POST", "/api/v1/requirements/import", R_GLOBAL_ADMIN, T_NONE, true },
	{ "GET", "/api/v1/requirements/%lld", R_READ, T_ASSET_REQ, true },
	{ "PATCH", "/api/v1/requirements/%lld", R_GLOBAL_ADMIN, T_ASSET_REQ, true },
	{ "GET", "/api/v1/assets/%lld/requirements", R_READ, T_ASSET, true },
	{ "PATCH", "/api/v1/assets/%lld/requirements", R_OWN, T_ASSET, true },
	{ "PATCH", "/api/v1/assets/%lld/requirements/%lld", R_OWN, T_ASSET_REQ, true },
	{ "POST", "/api/v1/assets/%lld/requirements/%lld/action", R_OWN, T_ASSET_REQ, true },
	{ "GET", "/api/v1/activities", R_READ, T_NONE, true },
	{ "GET", "/api/v1/activities/%lld", R_READ, T_ACTION, true },
	{ "PATCH", "/api/v1/activities/%lld", R_EDIT, T_ACTION, true },
};

static struct lb_resp send(struct lb_client *c, size_t k, const char *path)
{
	if (walk[k].api)
		return lb_json(c, walk[k].method, path, strcmp(walk[k].method, "GET") ? "{}" : NULL, NULL);
	if (!strcmp(walk[k].method, "POST"))
		return lb_post(c, path, (const char *const[]){ NULL });
	return lb_get(c, path);
}

static void test_every_route_every_role(void **state)
{
	for (int w = 0; w < W_COUNT; w++) {
		struct lb_client pc, ac;
		login(&pc, (enum who)w);
		api_client(&ac, (enum who)w);
		for (size_t k = 0; k < sizeof(walk) / sizeof(walk[0]); k++) {
			for (int scope = 1; scope >= 0; scope--) {
				const char *path;
				struct lb_resp r;
				bool ok;
				/* Installation-wide routes have no out-of-scope target. */
				if ((walk[k].t == T_NONE ||
				     !strncmp(walk[k].fmt + (walk[k].api ? 7 : 0), "/requirements", 13)) &&
				    !scope)
					continue;
				switch (walk[k].t) {
				case T_NONE:
					path = walk[k].fmt;
					break;
				case T_ASSET:
					path = url(&pc, walk[k].fmt, scope ? sys : zsys, 0);
					break;
				case T_ASSET_REQ:
					if (!strncmp(walk[k].fmt + (walk[k].api ? 7 : 0), "/requirements", 13))
						path = url(&pc, walk[k].fmt, req_mfa, 0);
					else
						path = url(&pc, walk[k].fmt, scope ? sys : zsys, req_mfa);
					break;
				case T_ACTION:
				default:
					path = url(&pc, walk[k].fmt, scope ? act_sys : act_z, 0);
					break;
				}
				r = send(walk[k].api ? &ac : &pc, k, path);
				ok = allowed(walk[k].x, (enum who)w, scope);
				if (ok && (r.status == 401 || r.status == 403 || r.status >= 500))
					fail_msg("%s %s as %s: %d, expected access", walk[k].method, path, who_name[w],
						 r.status);
				if (!ok && r.status != 403)
					fail_msg("%s %s as %s: %d, expected 403", walk[k].method, path, who_name[w],
						 r.status);
			}
		}
		lb_client_release(&pc);
		lb_client_release(&ac);
	}
	/* Anonymous: nothing. */
	struct lb_client anon;
	lb_client_init(&anon, &env);
	assert_true(lb_get(&anon, "/requirements").status != 200);
	assert_int_equal(lb_json(&anon, "GET", "/api/v1/requirements", NULL, NULL).status, 401);
	assert_int_equal(
		lb_json(&anon, "GET", url(&anon, "/api/v1/assets/%lld/requirements", sys, 0), NULL, NULL).status, 401);
	lb_client_release(&anon);
}

/* --- the library --- */

static void test_library_pages(void **state)
{
	struct lb_client c, g, g2;
	struct lb_resp r;
	char ver[32];

	login(&c, W_READER);
	r = lb_get(&c, "/requirements");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "BEH-02"));
	assert_true(lb_has(&r, "SKP-02"));
	assert_false(lb_has(&r, "/requirements/new")); /* not an administrator */
	r = lb_get(&c, "/requirements?category=backup");
	assert_true(lb_has(&r, "SKP-02"));
	assert_false(lb_has(&r, "BEH-02"));
	r = lb_get(&c, "/requirements?nis2=j");
	assert_true(lb_has(&r, "BEH-02"));
	assert_false(lb_has(&r, "SKP-02"));
	r = lb_get(&c, "/requirements?q=BEH-02");
	assert_true(lb_has(&r, "BEH-02"));
	assert_false(lb_has(&r, "SKP-02"));
	r = lb_get(&c, url(&c, "/requirements/%lld", req_mfa, 0));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "BEH-02"));
	assert_int_equal(lb_get(&c, "/requirements/999999").status, 404);
	r = lb_get(&c, "/requirements/export.csv");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.content_type, "text/csv"));
	assert_true(lb_has(&r, "code,title,text,category,min_c,min_i,min_a,min_t,nis2"));
	lb_client_release(&c);

	/* Create through the form with the poison string; shown escaped. */
	login(&g, W_GLOBAL);
	r = lb_get(&g, "/requirements/new");
	assert_int_equal(r.status, 200);
	r = lb_post(&g, "/requirements",
		    (const char *const[]){ "code",     "X" POISON, "title", "T" POISON, "text",  "Text " POISON,
					   "category", "logging",  "nis2",  "b",        "min_c", "",
					   "min_i",    "3",        "min_a", "",         "min_t", "2",
					   "active",   "1",        NULL });
	assert_int_equal(r.status, 303);
	assert_non_null(r.location);
	r = lb_get(&g, r.location);
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, POISON));
	assert_true(lb_has(&r, "&lt;script&gt;"));
	r = lb_get(&g, "/requirements?category=logging");
	assert_false(lb_has(&r, POISON));
	assert_true(lb_has(&r, "&lt;script&gt;"));
	/* Bad input: 400 naming the field, the input kept. */
	r = lb_post(&g, "/requirements",
		    (const char *const[]){ "code", "NY-99", "title", "Kvar i formuläret", "category", "logging",
					   "min_c", "7", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "aria-invalid=\"true\" aria-describedby=\"e-min_c\""));
	assert_true(lb_has(&r, "Kvar i formuläret"));
	r = lb_post(&g, "/requirements",
		    (const char *const[]){ "code", "BEH-02", "title", "Dubblett", "category", "logging", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "e-code"));

	/* Two administrators edit the same requirement: the second sees the first one's version. */
	struct requirement q;
	struct err e = { 0 };
	int64_t rid = req_id("LOG-05");
	assert_int_equal(requirement_get(env.db, env.arena, rid, &q, &e), 0);
	snprintf(ver, sizeof(ver), "%lld", (long long)q.version);
	login(&g2, W_GLOBAL);
	assert_int_equal(lb_get(&g2, url(&g2, "/requirements/%lld/edit", rid, 0)).status, 200);
	r = lb_post(&g, url(&g, "/requirements/%lld/edit", rid, 0),
		    (const char *const[]){ "version", ver, "code", "LOG-05", "title", "Första ändringen", "category",
					   "logging", "nis2", "b", "min_i", "2", "min_t", "1", "active", "1", NULL });
	assert_int_equal(r.status, 303);
	r = lb_post(&g2, url(&g2, "/requirements/%lld/edit", rid, 0),
		    (const char *const[]){ "version", ver, "code", "LOG-05", "title", "Andra ändringen", "category",
					   "logging", "nis2", "b", "min_i", "2", "min_t", "1", "active", "1", NULL });
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "Första ändringen")); /* theirs */
	assert_true(lb_has(&r, "Andra ändringen"));  /* mine, kept */
	assert_true(lb_has(&r, "class=\"theirs\""));

	/* Deactivate: gone from the list, found among the inactive. */
	assert_int_equal(requirement_get(env.db, env.arena, rid, &q, &e), 0);
	snprintf(ver, sizeof(ver), "%lld", (long long)q.version);
	r = lb_post(&g, url(&g, "/requirements/%lld/deactivate", rid, 0),
		    (const char *const[]){ "version", ver, NULL });
	assert_int_equal(r.status, 303);
	r = lb_get(&g, "/requirements?category=logging");
	assert_false(lb_has(&r, "Första ändringen"));
	r = lb_get(&g, "/requirements?category=logging&active=0");
	assert_true(lb_has(&r, "Första ändringen"));
	snprintf(ver, sizeof(ver), "%lld", (long long)q.version + 1);
	r = lb_post(&g, url(&g, "/requirements/%lld/deactivate", rid, 0),
		    (const char *const[]){ "version", ver, "active", "1", NULL });
	assert_int_equal(r.status, 303);
	lb_client_release(&g);
	lb_client_release(&g2);
}

static void test_import_page(void **state)
{
	struct lb_client g;
	struct lb_resp r;
	const char *bad = "code,title,text,category,min_c,min_i,min_a,min_t,nis2\n"
			  "IMP-01,Bra rad,Text,backup,,,2,,c\n"
			  "IMP-02,Nivå utanför skalan,Text,backup,,,9,,c\n"
			  "IMP-01,Dubblett,Text,backup,,,2,,c\n";
	const char *good = "code,title,text,category,min_c,min_i,min_a,min_t,nis2\n"
			   "IMP-01,\"Importerat krav <script>'\"\"&\",Text,backup,,,2,,c\n"; /* the poison, quoted */

	login(&g, W_GLOBAL);
	assert_int_equal(lb_get(&g, "/requirements/import").status, 200);
	r = lb_post(&g, "/requirements/import", (const char *const[]){ "csv", bad, "dry_run", "1", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "<tr><td>3</td><td>min_a</td>"));
	assert_true(lb_has(&r, "<tr><td>4</td><td>code</td>"));
	assert_false(lb_has(&r, "<tr><td>2</td>"));
	/* Not a dry run, but bad: nothing imported. */
	r = lb_post(&g, "/requirements/import", (const char *const[]){ "csv", bad, NULL });
	assert_int_equal(r.status, 400);
	r = lb_get(&g, "/requirements?q=IMP-01");
	assert_false(lb_has(&r, ">IMP-01</th>"));
	/* A clean dry run, then the import. */
	r = lb_post(&g, "/requirements/import", (const char *const[]){ "csv", good, "dry_run", "1", NULL });
	assert_int_equal(r.status, 200);
	assert_true(has_tr(&r, "The file is valid. Nothing has been imported yet."));
	assert_false(lb_has(&r, POISON));
	r = lb_get(&g, "/requirements?q=IMP-01");
	assert_false(lb_has(&r, ">IMP-01</th>"));
	r = lb_post(&g, "/requirements/import", (const char *const[]){ "csv", good, NULL });
	assert_int_equal(r.status, 200);
	assert_true(has_tr(&r, "The requirements have been imported."));
	r = lb_get(&g, "/requirements?q=IMP-01");
	assert_true(lb_has(&r, ">IMP-01</th>"));
	assert_false(lb_has(&r, POISON));
	/* The same as an uploaded file (the "file" part of a multipart form). */
	r = lb_post(&g, "/requirements/import", (const char *const[]){ "file", good, "dry_run", "1", NULL });
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "<li>") && has_tr(&r, "The file is valid. Nothing has been imported yet."));
	/* Nothing sent. */
	r = lb_post(&g, "/requirements/import", (const char *const[]){ "dry_run", "1", NULL });
	assert_int_equal(r.status, 400);
	lb_client_release(&g);
}

/* --- one asset's requirements --- */

static void test_asset_requirements_and_action(void **state)
{
	struct lb_client o, o2, rd;
	struct lb_resp r;
	const char *page;

	login(&rd, W_READER);
	/* Unclassified: a message, no list. */
	r = lb_get(&rd, url(&rd, "/assets/%lld/requirements", bare, 0));
	assert_int_equal(r.status, 200);
	assert_true(has_tr(&r, "The asset must be classified before its requirements can be listed."));
	assert_false(lb_has(&r, "BEH-02"));
	/* Classified C2 I1 A3: the applicable ones, not assessed. */
	r = lb_get(&rd, url(&rd, "/assets/%lld/requirements", sys, 0));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "BEH-02"));
	assert_true(lb_has(&r, "SKP-02"));
	assert_false(lb_has(&r, "LOG-02")); /* T2 or I3 */
	assert_true(has_tr(&r, "Not assessed"));
	assert_false(has_tr(&r, "Level 4 needs a separate analysis."));
	/* Level 4: the separate analysis is called for, the lower requirements still listed. */
	r = lb_get(&rd, url(&rd, "/assets/%lld/requirements", high, 0));
	assert_true(has_tr(&r, "Level 4 needs a separate analysis."));
	assert_true(lb_has(&r, "KRY-06"));
	/* A reader sees no form. */
	r = lb_get(&rd, url(&rd, "/assets/%lld/requirements/%lld", sys, req_restore));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "name=\"status\""));
	lb_client_release(&rd);

	/* The owner assesses it: not fulfilled, with a poisoned comment. */
	login(&o, W_OWNER);
	login(&o2, W_COORD);
	page = url(&o, "/assets/%lld/requirements/%lld", sys, req_restore);
	r = lb_get(&o, page);
	assert_true(lb_has(&r, "name=\"status\""));
	assert_int_equal(lb_get(&o2, page).status, 200);
	r = lb_post(&o, page,
		    (const char *const[]){ "version", "0", "status", "not_fulfilled", "comment",
					   "Aldrig prövat " POISON, "evidence_url",
					   "https://intra.example.se/rapport?a=1&b='x", NULL });
	assert_int_equal(r.status, 303);
	r = lb_get(&o, page);
	assert_false(lb_has(&r, POISON));
	assert_true(lb_has(&r, "Aldrig prövat &lt;script&gt;"));
	/* The coordinator had read version 0 too: conflict, theirs shown, own input kept. */
	r = lb_post(
		&o2, page,
		(const char *const[]){ "version", "0", "status", "fulfilled", "comment", "Klart enligt mig", NULL });
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "class=\"theirs\""));
	assert_true(lb_has(&r, "Klart enligt mig"));
	assert_false(lb_has(&r, POISON));
	/* Bad evidence link: 400 naming the field. */
	r = lb_post(&o, page,
		    (const char *const[]){ "version", "1", "status", "partial", "evidence_url", "javascript:alert(1)",
					   NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "e-evidence_url"));
	/* Not applicable needs a reason. */
	r = lb_post(&o, page, (const char *const[]){ "version", "1", "status", "not_applicable", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "e-comment"));

	/* The list shows it; make it an activity of the action plan. */
	r = lb_get(&o, url(&o, "/assets/%lld/requirements", sys, 0));
	assert_true(has_tr(&r, "Not fulfilled"));
	assert_false(lb_has(&r, POISON));
	r = lb_post(&o, url(&o, "/assets/%lld/requirements/%lld/action", sys, req_restore),
		    (const char *const[]){ NULL });
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "/activities/"));
	r = lb_get(&o, r.location);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "SKP-02"));
	assert_true(lb_has(&r, "Procapita"));
	assert_false(lb_has(&r, POISON));
	r = lb_get(&o, url(&o, "/assets/%lld/requirements", sys, 0));
	assert_true(lb_has(&r, "href=\"/activities/"));
	/* A second time: refused. */
	r = lb_post(&o, url(&o, "/assets/%lld/requirements/%lld/action", sys, req_restore),
		    (const char *const[]){ NULL });
	assert_int_equal(r.status, 400);
	/* A fulfilled requirement does not become an activity. */
	r = lb_post(&o, url(&o, "/assets/%lld/requirements/%lld/action", sys, req_mfa), (const char *const[]){ NULL });
	assert_int_equal(r.status, 400);
	lb_client_release(&o);
	lb_client_release(&o2);
}

/* The stored assessment of requirement @rid of asset @asset. */
static struct asset_requirement stored(int64_t asset, int64_t rid)
{
	struct asset as;
	struct asset_requirement ar;
	struct err e = { 0 };
	assert_int_equal(asset_get(env.db, env.arena, asset, &as, &e), 0);
	assert_int_equal(asset_requirement_get(env.db, env.arena, &as, rid, &ar, &e), 0);
	return ar;
}

/*
 * Assessing many requirements on one page: only the rows changed are saved,
 * all or nothing; a bad row names its requirement and keeps what was typed;
 * someone else's assessment of a row meanwhile is a conflict, theirs shown.
 */
static void test_bulk_assessment_page(void **state)
{
	struct lb_client o, c, rd;
	struct lb_resp r;
	const char *page = arena_printf(env.arena, "/assets/%lld/requirements/assess", (long long)high);
	int64_t kry = req_id("KRY-06");
	struct asset_requirement mfa0 = stored(high, req_mfa), kry0 = stored(high, kry);
	const char *v_mfa = arena_printf(env.arena, "%lld", (long long)mfa0.version);
	const char *v_kry = arena_printf(env.arena, "%lld", (long long)kry0.version);
	const char *rows = arena_printf(env.arena, "%lld,%lld", (long long)req_mfa, (long long)kry);
	const char *s_mfa = arena_printf(env.arena, "s_%lld", (long long)req_mfa);
	const char *c_mfa = arena_printf(env.arena, "c_%lld", (long long)req_mfa);
	const char *os_mfa = arena_printf(env.arena, "os_%lld", (long long)req_mfa);
	const char *oc_mfa = arena_printf(env.arena, "oc_%lld", (long long)req_mfa);
	const char *vn_mfa = arena_printf(env.arena, "v_%lld", (long long)req_mfa);
	const char *s_kry = arena_printf(env.arena, "s_%lld", (long long)kry);
	const char *c_kry = arena_printf(env.arena, "c_%lld", (long long)kry);
	const char *os_kry = arena_printf(env.arena, "os_%lld", (long long)kry);
	const char *oc_kry = arena_printf(env.arena, "oc_%lld", (long long)kry);
	const char *vn_kry = arena_printf(env.arena, "v_%lld", (long long)kry);
	const char *a_mfa = arena_printf(env.arena, "a_%lld", (long long)req_mfa);
	const char *a_kry = arena_printf(env.arena, "a_%lld", (long long)kry);

	login(&rd, W_READER);
	assert_int_equal(lb_get(&rd, page).status, 403);
	lb_client_release(&rd);

	login(&o, W_OWNER);
	r = lb_get(&o, page);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "KRY-06"));
	assert_true(lb_has(&r, arena_printf(env.arena, "name=\"%s\"", s_mfa)));
	/* "Only those not assessed" and a category filter narrow the rows. */
	r = lb_get(&o, url(&o, "/assets/%lld/requirements/assess?status=none&category=encryption", high, 0));
	assert_true(lb_has(&r, "KRY-06"));
	assert_false(lb_has(&r, "BEH-02"));

	/* A bad row (not applicable without a reason) saves nothing, names the requirement, keeps the typing. */
	r = lb_post(&o, page, (const char *const[]){ "rows", rows,
						     s_mfa,  "fulfilled",
						     c_mfa,  "MFA överallt " POISON,
						     os_mfa, "",
						     oc_mfa, "",
						     vn_mfa, v_mfa,
						     s_kry,  "not_applicable",
						     c_kry,  "",
						     os_kry, "",
						     oc_kry, "",
						     vn_kry, v_kry,
						     NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "KRY-06"));
	assert_true(lb_has(&r, arena_printf(env.arena, "href=\"#f-c_%lld\"", (long long)kry)));
	assert_true(lb_has(&r, "MFA överallt &lt;script&gt;"));
	assert_false(lb_has(&r, POISON));
	assert_int_equal(stored(high, req_mfa).version, mfa0.version);
	assert_string_equal(stored(high, req_mfa).status, mfa0.status);

	/* Both rows right: both saved, one audit entry each. */
	r = lb_post(&o, page,
		    (const char *const[]){
			    "rows", rows, s_mfa,  "fulfilled", c_mfa,  "MFA överallt", os_mfa, "",
			    oc_mfa, "",   vn_mfa, v_mfa,       s_kry,  "partial",      c_kry,  "Nycklar byts 2027",
			    os_kry, "",   oc_kry, "",          vn_kry, v_kry,          NULL });
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "msg=saved"));
	assert_string_equal(stored(high, req_mfa).status, "fulfilled");
	assert_string_equal(stored(high, kry).status, "partial");
	assert_string_equal(stored(high, kry).comment, "Nycklar byts 2027");

	/* A form with nothing changed saves nothing, and says so. */
	r = lb_post(&o, page,
		    (const char *const[]){ "rows", rows, s_mfa, "fulfilled", c_mfa, "MFA överallt", os_mfa, "fulfilled",
					   oc_mfa, "MFA överallt", vn_mfa,
					   arena_printf(env.arena, "%lld", (long long)stored(high, req_mfa).version),
					   NULL });
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "msg=unchanged"));

	/* Ticked to become an activity: a fulfilled row is refused, named, and nothing is saved. */
	r = lb_get(&o, page);
	assert_true(lb_has(&r, arena_printf(env.arena, "name=\"%s\"", a_kry)));
	r = lb_post(&o, page,
		    (const char *const[]){
			    "rows", rows,
			    s_mfa,  "fulfilled",
			    c_mfa,  "MFA överallt",
			    os_mfa, "fulfilled",
			    oc_mfa, "MFA överallt",
			    vn_mfa, arena_printf(env.arena, "%lld", (long long)stored(high, req_mfa).version),
			    a_mfa,  "1",
			    s_kry,  "not_fulfilled",
			    c_kry,  "Inte än",
			    os_kry, "partial",
			    oc_kry, "Nycklar byts 2027",
			    vn_kry, arena_printf(env.arena, "%lld", (long long)stored(high, kry).version),
			    NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, arena_printf(env.arena, "href=\"#f-s_%lld\"", (long long)req_mfa)));
	assert_true(lb_has(&r, "Inte än"));
	assert_string_equal(stored(high, kry).status, "partial");
	assert_int_equal(stored(high, req_mfa).action_id, 0);
	/* KRY-06, partly fulfilled and unchanged, ticked: its activity is made, and the row links it. */
	r = lb_post(&o, page,
		    (const char *const[]){
			    "rows", arena_printf(env.arena, "%lld", (long long)kry), s_kry, "partial", c_kry,
			    "Nycklar byts 2027", os_kry, "partial", oc_kry, "Nycklar byts 2027", vn_kry,
			    arena_printf(env.arena, "%lld", (long long)stored(high, kry).version), a_kry, "1", NULL });
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(r.location, "msg=acted"));
	assert_true(stored(high, kry).action_id > 0);
	r = lb_get(&o, page);
	assert_false(lb_has(&r, arena_printf(env.arena, "name=\"%s\"", a_kry)));

	/* The coordinator saved KRY-06 from an old form: their row conflicts, nothing of theirs is saved. */
	login(&c, W_COORD);
	r = lb_post(&c, page, (const char *const[]){ "rows",   rows,   s_mfa, "not_fulfilled", c_mfa,
						     "Saknas", os_mfa, "",    oc_mfa,          "",
						     vn_mfa,   v_mfa,  s_kry, "fulfilled",     c_kry,
						     "Klart",  os_kry, "",    oc_kry,          "",
						     vn_kry,   v_kry,  NULL });
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "class=\"theirs\""));
	assert_true(lb_has(&r, "Saknas"));
	assert_string_equal(stored(high, req_mfa).status, "fulfilled");
	assert_string_equal(stored(high, kry).status, "partial");
	/* From the list of those not assessed: the rows assessed meanwhile are still shown with what was typed. */
	r = lb_post(&c, page,
		    (const char *const[]){ "rows", rows, "filter_status", "none", s_mfa, "not_fulfilled", c_mfa,
					   "Saknas igen", os_mfa, "", oc_mfa, "", vn_mfa, v_mfa, NULL });
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "Saknas igen"));
	assert_true(lb_has(&r, arena_printf(c.arena, "id=\"f-s_%lld\"", (long long)req_mfa)));
	lb_client_release(&c);
	lb_client_release(&o);
}

static void test_bulk_assessment_api(void **state)
{
	struct lb_client o, rd;
	struct lb_resp r;
	const char *path = arena_printf(env.arena, "/api/v1/assets/%lld/requirements", (long long)sys);
	int64_t kon = req_id("KON-01");
	struct asset_requirement mfa0 = stored(sys, req_mfa), kon0 = stored(sys, kon);
	const char *body;
	json_t *j;

	api_client(&rd, W_READER);
	assert_int_equal(lb_json(&rd, "PATCH", path, "{\"items\":[]}", NULL).status, 403);
	lb_client_release(&rd);

	api_client(&o, W_OWNER);
	/* A bad item is named by its place; nothing is saved. */
	body = arena_printf(env.arena,
			    "{\"items\":[{\"requirement_id\":%lld,\"version\":%lld,\"status\":\"fulfilled\"},"
			    "{\"requirement_id\":%lld,\"version\":%lld,\"status\":\"maybe\"}]}",
			    (long long)req_mfa, (long long)mfa0.version, (long long)kon, (long long)kon0.version);
	r = lb_json(&o, "PATCH", path, body, NULL);
	assert_error(&r, 400, "items[1].status");
	assert_int_equal(stored(sys, req_mfa).version, mfa0.version);
	/* No items array. */
	r = lb_json(&o, "PATCH", path, "{}", NULL);
	assert_error(&r, 400, "items");
	/* A requirement that does not apply to the asset. */
	body = arena_printf(env.arena, "{\"items\":[{\"requirement_id\":%lld,\"version\":0}]}",
			    (long long)req_id("LOG-02"));
	r = lb_json(&o, "PATCH", path, body, NULL);
	assert_error(&r, 400, "items[0].requirement_id");

	/* Both right: both saved, returned. */
	body = arena_printf(
		env.arena,
		"{\"items\":[{\"requirement_id\":%lld,\"version\":%lld,\"status\":\"fulfilled\"},"
		"{\"requirement_id\":%lld,\"version\":%lld,\"status\":\"partial\",\"comment\":\"Delvis\"}]}",
		(long long)req_mfa, (long long)mfa0.version, (long long)kon, (long long)kon0.version);
	r = lb_json(&o, "PATCH", path, body, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "saved")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	assert_string_equal(stored(sys, kon).comment, "Delvis");
	/* The same body again: the versions are stale now, 409 naming the first row, with its current state. */
	r = lb_json(&o, "PATCH", path, body, NULL);
	assert_error(&r, 409, "items[0].version");
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "current"), "status")), "fulfilled");
	json_decref(j);
	lb_client_release(&o);
}

static void test_appendix(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	login(&c, W_AUDITOR);
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix", sys, 0));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "BEH-02"));
	assert_true(lb_has(&r, "Procapita"));
	assert_true(lb_has(&r, "<h3>"));
	/* Only what a supplier meets, each marked ska or bör; nothing internal; the case reference asked for. */
	assert_true(lb_has(&r, "BEH-02 Inloggning med flera faktorer (ska)"));
	assert_false(lb_has(&r, "STY-01"));  /* the organisation keeps its classification current itself */
	assert_false(lb_has(&r, "BEH-05"));  /* the organisation reviews its own access rights */
	assert_false(lb_has(&r, "2027-01")); /* no internal review date */
	assert_false(has_tr(&r, "Review date"));
	assert_true(lb_has(&r, "name=\"case_ref\""));
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix?case_ref=UPH%%202026%%2F17", sys, 0));
	assert_true(lb_has(&r, "UPH 2026/17"));
	assert_true(lb_has(&r, "appendix.docx?case_ref=UPH%202026%2F17"));
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.md?case_ref=UPH%%202026%%2F17", sys, 0));
	assert_true(lb_has(&r, "UPH 2026/17"));
	assert_false(lb_has(&r, "STY-01"));
	assert_true(lb_has(&r, "(ska)"));
	/* A case reference too long is refused naming the field, in the page and in a file. */
	{
		char long_ref[160];
		memset(long_ref, 'x', sizeof(long_ref) - 1);
		long_ref[sizeof(long_ref) - 1] = '\0';
		r = lb_get(&c, arena_printf(env.arena, "/assets/%lld/requirements/appendix.xlsx?case_ref=%s",
					    (long long)sys, long_ref));
		assert_int_equal(r.status, 400);
		r = lb_get(&c, arena_printf(env.arena, "/assets/%lld/requirements/appendix?case_ref=%s", (long long)sys,
					    long_ref));
		assert_int_equal(r.status, 200);
		assert_true(lb_has(&r, "aria-describedby=\"e-case_ref\""));
	}
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.xlsx", sys, 0));
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_true(r.len > 1000);
	assert_true(r.body[0] == 'P' && r.body[1] == 'K'); /* a zip archive */
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment"));
	/* The appendix is a document of the builder: shown in the page with doc.css, and as files to download. */
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix", sys, 0));
	assert_true(lb_has(&r, "/doc.css\">"));
	assert_true(lb_has(&r, "<article class=\"doc\""));
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.docx", sys, 0));
	assert_int_equal(r.status, 200);
	assert_true(r.body[0] == 'P' && r.body[1] == 'K');
	/* Named after the asset, the exact name as filename* for names beyond ASCII. */
	assert_non_null(strstr(r.headers,
			       "Content-Disposition: attachment; filename=\"Upphandlingskrav Procapita.docx\";"
			       " filename*=UTF-8''Upphandlingskrav%20Procapita.docx"));
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.html", sys, 0));
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment"));
	assert_true(lb_has(&r, "<style>"));
	assert_true(lb_has(&r, "BEH-02"));
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.md", sys, 0));
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "# Upphandlingskrav: Procapita"));
	assert_int_equal(lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.docx", bare, 0)).status, 400);
	/* Unclassified: the page says so; the spreadsheet is refused. */
	r = lb_get(&c, url(&c, "/assets/%lld/requirements/appendix", bare, 0));
	assert_true(has_tr(&r, "The asset must be classified before its requirements can be listed."));
	assert_int_equal(lb_get(&c, url(&c, "/assets/%lld/requirements/appendix.xlsx", bare, 0)).status, 400);
	lb_client_release(&c);
}

/* --- activities made from requirements --- */

static void test_activity_pages(void **state)
{
	struct lb_client c, r2;
	struct lb_resp r;
	struct activity ac;
	struct err e = { 0 };
	char ver[32], area[32];

	login(&c, W_COORD);
	r = lb_get(&c, "/activities");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, url(&c, "href=\"/activities/%lld\"", act_sys, 0)));
	assert_false(lb_has(&r, url(&c, "href=\"/activities/%lld\"", act_z, 0))); /* out of scope */
	r = lb_get(&c, "/activities?status=done");
	assert_false(lb_has(&r, url(&c, "href=\"/activities/%lld\"", act_sys, 0)));
	assert_int_equal(lb_get(&c, "/activities?status=nonsense").status, 400);
	assert_int_equal(lb_get(&c, url(&c, "/activities/%lld/edit", act_sys, 0)).status, 200);
	assert_int_equal(activity_get(env.db, env.arena, act_sys, &ac, &e), 0);
	snprintf(ver, sizeof(ver), "%lld", (long long)ac.version);
	snprintf(area, sizeof(area), "%lld", (long long)ac.area_id);
	r = lb_post(&c, url(&c, "/activities/%lld/edit", act_sys, 0),
		    (const char *const[]){ "version", ver, "area_id", area, "title", "Åtgärd " POISON, "purpose",
					   "Beskrivning " POISON, "status", "ongoing", "responsible_id", "", "due_date",
					   "2026-09-30", NULL });
	assert_int_equal(r.status, 303);
	r = lb_get(&c, url(&c, "/activities/%lld", act_sys, 0));
	assert_false(lb_has(&r, POISON));
	assert_true(lb_has(&r, "2026-09-30"));
	r = lb_get(&c, "/activities");
	assert_false(lb_has(&r, POISON));
	/* Stale version: 409 with theirs. */
	r = lb_post(
		&c, url(&c, "/activities/%lld/edit", act_sys, 0),
		(const char *const[]){ "version", ver, "area_id", area, "title", "Gammal", "status", "done", NULL });
	assert_int_equal(r.status, 409);
	assert_true(lb_has(&r, "class=\"theirs\""));
	assert_false(lb_has(&r, POISON));
	/* Bad date: 400 naming the field. */
	snprintf(ver, sizeof(ver), "%lld", (long long)ac.version + 1);
	r = lb_post(&c, url(&c, "/activities/%lld/edit", act_sys, 0),
		    (const char *const[]){ "version", ver, "area_id", area, "title", "X", "status", "done", "due_date",
					   "30/9", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "e-due_date"));
	/* The old addresses lead here. */
	r = lb_get(&c, url(&c, "/actions/%lld", act_sys, 0));
	assert_int_equal(r.status, 301);
	assert_string_equal(r.location, url(&c, "/activities/%lld", act_sys, 0));
	r = lb_get(&c, "/actions?status=done");
	assert_int_equal(r.status, 301);
	assert_string_equal(r.location, "/activities?status=done");
	lb_client_release(&c);
	/* A reader sees the activity but no edit link. */
	login(&r2, W_READER);
	r = lb_get(&r2, url(&r2, "/activities/%lld", act_sys, 0));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "/edit\""));
	lb_client_release(&r2);
}

/* --- the API --- */

static void test_api(void **state)
{
	struct lb_client g, o, c;
	struct lb_resp r;
	json_t *j;
	int64_t id, action_id;
	const char *p;

	api_client(&g, W_GLOBAL);
	r = lb_json(&g, "GET", "/api/v1/requirements?category=backup&limit=500", NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 4);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "category")),
		"backup");
	json_decref(j);
	r = lb_json(&g, "GET", "/api/v1/requirements?nis2=z", NULL, NULL);
	assert_error(&r, 400, "nis2");

	/* Create, then two clients change it. */
	r = lb_json(
		&g, "POST", "/api/v1/requirements",
		"{\"code\":\"API-01\",\"title\":\"Via API\",\"category\":\"encryption\",\"min_c\":1,\"nis2\":\"h\"}",
		NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	id = json_integer_value(json_object_get(j, "id"));
	assert_int_equal(json_integer_value(json_object_get(j, "min_c")), 1);
	assert_true(json_is_null(json_object_get(j, "min_i")));
	json_decref(j);
	assert_non_null(r.location);
	p = url(&g, "/api/v1/requirements/%lld", id, 0);
	assert_error((r = lb_json(&g, "PATCH", p, "{\"title\":\"Utan version\"}", NULL), &r), 428, "version");
	r = lb_json(&g, "PATCH", p, "{\"min_c\":null,\"min_a\":2}", "\"1\"");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(json_is_null(json_object_get(j, "min_c")));
	assert_int_equal(json_integer_value(json_object_get(j, "min_a")), 2);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "Via API"); /* kept */
	json_decref(j);
	r = lb_json(&g, "PATCH", p, "{\"title\":\"Sent\"}", "\"1\"");
	assert_int_equal(r.status, 409);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "current"), "version")), 2);
	json_decref(j);
	assert_error((r = lb_json(&g, "PATCH", p, "{\"min_i\":12,\"version\":2}", NULL), &r), 400, "min_i");

	/* Import: a dry run with problems, then a clean one. */
	{
		const char *h[] = { "Content-Type: text/csv", NULL };
		const char *bad = "code,title,text,category,min_c,min_i,min_a,min_t,nis2\nAPI-02,,x,backup,,,,,c\n";
		const char *good =
			"code,title,text,category,min_c,min_i,min_a,min_t,nis2\nAPI-02,Importerat,x,backup,,,,,c\n";
		r = lb_request(&g, "POST", "/api/v1/requirements/import?dry_run=true", h, NULL, bad, strlen(bad));
		assert_int_equal(r.status, 400);
		j = parse(&r);
		assert_int_equal(
			json_integer_value(json_object_get(json_array_get(json_object_get(j, "problems"), 0), "line")),
			2);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(json_object_get(j, "problems"), 0), "field")),
			"title");
		json_decref(j);
		r = lb_request(&g, "POST", "/api/v1/requirements/import?dry_run=true", h, NULL, good, strlen(good));
		assert_int_equal(r.status, 200);
		j = parse(&r);
		assert_int_equal(json_integer_value(json_object_get(j, "new")), 1);
		assert_false(json_is_true(json_object_get(j, "applied")));
		json_decref(j);
		r = lb_request(&g, "POST", "/api/v1/requirements/import", h, NULL, good, strlen(good));
		assert_int_equal(r.status, 200);
		j = parse(&r);
		assert_true(json_is_true(json_object_get(j, "applied")));
		json_decref(j);
		r = lb_json(&g, "GET", "/api/v1/requirements?q=API-02", NULL, NULL);
		j = parse(&r);
		if (json_integer_value(json_object_get(j, "total")) != 1)
			fail_msg("%s", r.body);
		assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
		json_decref(j);
	}
	lb_client_release(&g);

	/* The owner records fulfilment; a stale version gets 409 with the current one. */
	api_client(&o, W_OWNER);
	api_client(&c, W_COORD);
	r = lb_json(&o, "GET", url(&o, "/api/v1/assets/%lld/requirements", sys, 0), NULL, NULL);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(json_is_true(json_object_get(j, "classified")));
	assert_false(json_is_true(json_object_get(j, "needs_separate_analysis")));
	assert_true(json_integer_value(json_object_get(j, "total")) > 10);
	json_decref(j);
	r = lb_json(&o, "GET", url(&o, "/api/v1/assets/%lld/requirements", bare, 0), NULL, NULL);
	j = parse(&r);
	assert_false(json_is_true(json_object_get(j, "classified")));
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	p = url(&o, "/api/v1/assets/%lld/requirements/%lld", sys, req_id("KRY-01"));
	r = lb_json(&o, "PATCH", p, "{\"status\":\"partial\",\"comment\":\"Delvis\",\"version\":0}", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"1\"");
	r = lb_json(&c, "PATCH", p, "{\"status\":\"fulfilled\"}", "\"0\"");
	assert_int_equal(r.status, 409);
	j = parse(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "current"), "status")), "partial");
	json_decref(j);
	assert_error((r = lb_json(&o, "PATCH", p, "{\"status\":\"kanske\",\"version\":1}", NULL), &r), 400, "status");
	assert_error((r = lb_json(&o, "PATCH", p, "{\"evidence_url\":\"ftp://x\",\"version\":1}", NULL), &r), 400,
		     "evidence_url");
	r = lb_json(&o, "POST", url(&o, "/api/v1/assets/%lld/requirements/%lld/action", sys, req_id("KRY-01")), NULL,
		    NULL);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	action_id = json_integer_value(json_object_get(j, "id"));
	assert_string_equal(json_string_value(json_object_get(j, "status")), "not_started");
	assert_int_equal(json_integer_value(json_object_get(j, "responsible_id")), users[W_OWNER]);
	json_decref(j);
	assert_error(
		(r = lb_json(&o, "POST", url(&o, "/api/v1/assets/%lld/requirements/%lld/action", sys, req_id("KRY-01")),
			     NULL, NULL),
		 &r),
		409, "action_id");

	/* Activities: the owner reads, the coordinator changes. */
	p = url(&c, "/api/v1/activities/%lld", action_id, 0);
	r = lb_json(&o, "GET", p, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(lb_json(&o, "PATCH", p, "{\"status\":\"done\",\"version\":1}", NULL).status, 403);
	r = lb_json(&c, "PATCH", p, "{\"status\":\"ongoing\",\"due_date\":\"2026-12-31\"}", "\"1\"");
	assert_int_equal(r.status, 200);
	r = lb_json(&c, "PATCH", p, "{\"status\":\"done\"}", "\"1\"");
	assert_int_equal(r.status, 409);
	assert_error((r = lb_json(&c, "PATCH", p, "{\"status\":\"klar\",\"version\":2}", NULL), &r), 400, "status");
	r = lb_json(&c, "GET", url(&c, "/api/v1/activities?status=ongoing&asset_id=%lld", sys, 0), NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, url(&c, "\"id\":%lld,", action_id, 0)));
	j = parse(&r);
	for (size_t i = 0; i < json_array_size(json_object_get(j, "items")); i++) {
		json_t *it = json_array_get(json_object_get(j, "items"), i);
		assert_string_equal(json_string_value(json_object_get(it, "status")), "ongoing");
	}
	json_decref(j);
	r = lb_json(&c, "GET", url(&c, "/api/v1/activities?status=done&asset_id=%lld", sys, 0), NULL, NULL);
	assert_false(lb_has(&r, url(&c, "\"id\":%lld,", action_id, 0)));
	r = lb_json(&c, "GET", url(&c, "/api/v1/activities/%lld/links", action_id, 0), NULL, NULL);
	assert_true(lb_has(&r, url(&c, "\"kind\":\"asset\",\"target_id\":%lld,", sys, 0)));
	assert_true(lb_has(&r, "\"kind\":\"requirement\""));
	/* The old address answers with the new one. */
	r = lb_json(&c, "GET", url(&c, "/api/v1/actions/%lld", action_id, 0), NULL, NULL);
	assert_int_equal(r.status, 308);
	assert_string_equal(r.location, url(&c, "/api/v1/activities/%lld", action_id, 0));
	r = lb_json(&c, "GET", "/api/v1/activities", NULL, NULL);
	assert_false(lb_has(&r, url(&c, "\"id\":%lld,", act_z, 0))); /* out of scope */
	lb_client_release(&o);
	lb_client_release(&c);
}

/*
 * A write reads the asset or the action once (the route's scope) and the
 * requirement once: how many queries an assessment, making an action and
 * changing it run, through the page and the API. The numbers are in
 * docs/performance.md.
 */
static void test_write_query_count(void **state)
{
	struct lb_client o, oa, c, ca;
	struct lb_resp r;
	int64_t rid = req_id("STY-03"), action_id;
	const char *form_save[] = { "status", "not_fulfilled", "comment", "Ingen utsedd", "version", "0", NULL };
	struct activity ac;
	struct err e = { 0 };
	char area[32];
	const char *form_edit[] = { "version", "1",  "title", "Utse systemägare", "status", "ongoing",
				    "area_id", area, NULL };

	login(&o, W_OWNER);
	api_client(&oa, W_OWNER);
	login(&c, W_COORD);
	api_client(&ca, W_COORD);
	r = lb_post(&o, url(&o, "/assets/%lld/requirements/%lld", high, rid), form_save);
	assert_int_equal(r.status, 303);
	print_message("# queries of one assessment through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 9);
	r = lb_json(&oa, "PATCH", url(&oa, "/api/v1/assets/%lld/requirements/%lld", high, rid),
		    "{\"status\":\"partial\",\"version\":1}", NULL);
	assert_int_equal(r.status, 200);
	print_message("# queries of one assessment through the API: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 14);
	r = lb_post(&o, url(&o, "/assets/%lld/requirements/%lld/action", high, rid), (const char *const[]){ NULL });
	assert_int_equal(r.status, 303);
	print_message("# queries of making an activity through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 18);
	assert_int_equal(sscanf(r.location, "/activities/%lld", (long long *)&action_id), 1);
	assert_int_equal(activity_get(env.db, env.arena, action_id, &ac, &e), 0);
	snprintf(area, sizeof(area), "%lld", (long long)ac.area_id);
	r = lb_post(&c, url(&c, "/activities/%lld/edit", action_id, 0), form_edit);
	assert_int_equal(r.status, 303);
	print_message("# queries of one activity update through the page: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 7);
	r = lb_json(&ca, "PATCH", url(&ca, "/api/v1/activities/%lld", action_id, 0),
		    "{\"status\":\"done\",\"version\":2}", NULL);
	assert_int_equal(r.status, 200);
	print_message("# queries of one activity update through the API: %lld\n", (long long)r.n_queries);
	assert_true(r.n_queries <= 8);
	lb_client_release(&o);
	lb_client_release(&oa);
	lb_client_release(&c);
	lb_client_release(&ca);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_every_role),
		cmocka_unit_test(test_library_pages),
		cmocka_unit_test(test_import_page),
		cmocka_unit_test(test_asset_requirements_and_action),
		cmocka_unit_test(test_bulk_assessment_page),
		cmocka_unit_test(test_bulk_assessment_api),
		cmocka_unit_test(test_appendix),
		cmocka_unit_test(test_activity_pages),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_write_query_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
