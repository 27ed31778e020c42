/*
 * test_asset_io.c - the asset import and export routes through the
 * loopback, as browsers and scripts use them: every role in and out of
 * scope, the dry run and the import, bad files changing nothing, the
 * download headers and formats, filters and scope of the exports, and the
 * same through /api/v1.
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
#include "domain/audit.h"
#include "domain/auth.h"
#include "fixtures.h"
#include "loopback.h"

static struct lb_env env;
static int64_t org, ks, it, soc;

/* Roles: name, role, unit (set in setup). */
static struct who {
	const char *name, *role;
	int64_t *unit;
	const char *token;
} people[] = {
	{ "io-admin", "administrator", NULL, NULL },
	{ "io-coord", "coordinator", &ks, NULL },
	{ "io-coord-soc", "coordinator", &soc, NULL },
	{ "io-owner", "owner", &ks, NULL },
	{ "io-reader", "reader", &ks, NULL },
	{ "io-auditor", "auditor", &ks, NULL },
	{ "io-dpo", "dpo", &ks, NULL },
	{ "io-reader-soc", "reader", &soc, NULL },
	{ "io-nobody", NULL, NULL, NULL },
};
#define N_PEOPLE (sizeof(people) / sizeof(people[0]))

static struct who *person(const char *name)
{
	for (size_t i = 0; i < N_PEOPLE; i++)
		if (!strcmp(people[i].name, name))
			return &people[i];
	fail_msg("no person %s", name);
	return NULL;
}

static int setup(void **state)
{
	const struct auth *act = &fx_system;
	struct err e = { 0 };
	struct asset_input in = { 0 };

	lb_env_init(&env);
	org = lb_env_unit(&env, 0, "organisation", "Ekdala kommun");
	ks = lb_env_unit(&env, org, "board", "Kommunstyrelsen");
	it = lb_env_unit(&env, ks, "unit", "IT-enheten");
	soc = lb_env_unit(&env, org, "board", "Socialnämnden");
	for (size_t i = 0; i < N_PEOPLE; i++) {
		int64_t id = lb_env_user(&env, people[i].name, people[i].role, people[i].unit ? *people[i].unit : 0);
		assert_int_equal(token_create(env.db, env.arena, act, id, "test", &people[i].token, NULL, &e), 0);
	}
	/* One asset in each board to start with. */
	in.unit_id = ks;
	in.kind = "system";
	in.name = "Ärendesystem";
	in.business_critical = true;
	assert_int_equal(asset_create(env.db, env.arena, act, &in, NULL, &e), 0);
	in.unit_id = soc;
	in.name = "Verksamhetssystem SoL";
	in.business_critical = false;
	assert_int_equal(asset_create(env.db, env.arena, act, &in, NULL, &e), 0);
	return 0;
}

static int teardown(void **state)
{
	lb_env_release(&env);
	return 0;
}

static int64_t asset_count(void)
{
	struct asset_filter f;
	struct asset *items;
	size_t n;
	int64_t total = -1;
	struct err e = { 0 };
	asset_filter_init(&f);
	assert_int_equal(asset_list(env.db, env.arena, &f, &items, &n, &total, &e), 0);
	return total;
}

static int64_t audit_count(void)
{
	struct audit_filter f = { 0 };
	struct audit_entry *entries;
	size_t n;
	int64_t total = -1;
	struct err e = { 0 };
	f.limit = 1;
	assert_int_equal(fx_audit_list(env.db, env.arena, &f, &entries, &n, &total, &e), 0);
	return total;
}

/* A signed-in browser that has loaded a page (for its CSRF token). */
static void browser(struct lb_client *c, const char *name)
{
	lb_client_init(c, &env);
	assert_int_equal(lb_login(c, name, LB_PASSWORD), 303);
	lb_get(c, "/account");
}

static void api_client(struct lb_client *c, const char *name)
{
	lb_client_init(c, &env);
	c->bearer = person(name)->token;
}

static json_t *parse(const struct lb_resp *r)
{
	json_error_t je;
	json_t *j = json_loadb(r->body, r->len, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %.200s", je.text, r->body);
	return j;
}

static const char good[] = "namn;typ;enhet;beskrivning;ägare\r\n"
			   "Lönesystem;Informationssystem;Kommunstyrelsen;Löner;io-owner\r\n"
			   "Driftdokumentation;informationsmängd;IT-enheten;;\r\n";

static struct lb_resp upload(struct lb_client *c, const char *csv, bool dry_run)
{
	const char *kv[] = { "file", csv, dry_run ? "dry_run" : NULL, "1", NULL };
	return lb_post(c, "/assets/import", kv);
}

static void test_import_pages_by_role(void **state)
{
	static const struct {
		const char *who;
		int form, dry, import; /* status of GET /assets/import, dry run, import */
	} cases[] = {
		{ "io-admin", 200, 200, 0 },   { "io-coord", 200, 200, 0 },    { "io-coord-soc", 200, 200, 400 },
		{ "io-owner", 403, 403, 403 }, { "io-reader", 403, 403, 403 }, { "io-auditor", 403, 403, 403 },
		{ "io-dpo", 403, 403, 403 },   { "io-nobody", 403, 403, 403 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lb_client c;
		struct lb_resp r;
		int64_t before, audits;

		browser(&c, cases[i].who); /* signing in is audited: count after it */
		before = asset_count();
		audits = audit_count();
		r = lb_get(&c, "/assets/import");
		if (r.status != cases[i].form)
			fail_msg("%s: GET /assets/import %d, expected %d", cases[i].who, r.status, cases[i].form);
		r = lb_get(&c, "/assets/import/template.csv");
		if (r.status != cases[i].form)
			fail_msg("%s: GET template %d, expected %d", cases[i].who, r.status, cases[i].form);
		r = upload(&c, good, true);
		if (r.status != cases[i].dry)
			fail_msg("%s: dry run %d, expected %d", cases[i].who, r.status, cases[i].dry);
		assert_int_equal(asset_count(), before);
		assert_int_equal(audit_count(), audits);
		if (cases[i].import) {
			/* Not allowed, or not allowed in these units: nothing imported. */
			r = upload(&c, good, false);
			if (r.status != cases[i].import)
				fail_msg("%s: import %d, expected %d", cases[i].who, r.status, cases[i].import);
			assert_int_equal(asset_count(), before);
			assert_int_equal(audit_count(), audits);
		}
		lb_client_release(&c);
	}
	/* Not signed in. */
	{
		struct lb_client c;
		lb_client_init(&c, &env);
		assert_int_not_equal(lb_get(&c, "/assets/import").status, 200);
		lb_client_release(&c);
	}
}

static void test_import_form_page(void **state)
{
	struct lb_client c;
	struct lb_resp r;

	browser(&c, "io-coord");
	r = lb_get(&c, "/assets/import");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "enctype=\"multipart/form-data\""));
	assert_true(lb_has(&r, "type=\"file\""));
	assert_true(lb_has(&r, "name=\"dry_run\""));
	assert_true(lb_has(&r, "href=\"/assets/import/template.csv\""));
	assert_true(lb_has(&r, "<th scope=\"row\">Systemförvaltare</th>"));
	assert_true(lb_has(&r, "<caption>"));

	r = lb_get(&c, "/assets/import/template.csv");
	assert_int_equal(r.status, 200);
	assert_true(strstr(r.content_type, "text/csv") != NULL);
	assert_true(strstr(r.headers,
			   "Content-Disposition: attachment; filename=\"informationstillgangar-mall.csv\"") != NULL);
	assert_memory_equal(r.body, "\xef\xbb\xbfNamn;Typ;Enhet;", 18);

	/* No file chosen: the form again, the field named. */
	r = lb_post(&c, "/assets/import", (const char *[]){ "dry_run", "1", NULL });
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "aria-invalid=\"true\""));
	assert_true(lb_has(&r, "href=\"#f-file\""));
	lb_client_release(&c);
}

static void test_dry_run_then_import(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	int64_t before, audits;
	const char *start, *end;
	char *hidden;

	browser(&c, "io-coord");
	before = asset_count();
	audits = audit_count();
	r = upload(&c, good, true);
	assert_int_equal(r.status, 200);
	assert_int_equal(asset_count(), before);
	/* The confirmation form carries the file's cells. */
	start = strstr(r.body, "name=\"file\" value=\"");
	assert_non_null(start);
	start += strlen("name=\"file\" value=\"");
	end = strchr(start, '"');
	assert_non_null(end);
	hidden = arena_strndup(c.arena, start, (size_t)(end - start));
	assert_non_null(strstr(hidden, "Lönesystem;Informationssystem;Kommunstyrelsen;Löner;io-owner"));
	assert_true(lb_has(&r, "role=\"status\""));

	/* Importing what the confirmation form sends (this value holds nothing the page had to escape). */
	assert_null(strchr(hidden, '&'));
	r = upload(&c, hidden, false);
	assert_int_equal(r.status, 303);
	assert_string_equal(r.location, "/assets?msg=imported");
	assert_int_equal(asset_count(), before + 2);
	assert_int_equal(audit_count(), audits + 2);

	/* Again: now every name is taken, and nothing more is imported. */
	r = upload(&c, good, false);
	assert_int_equal(r.status, 400);
	assert_int_equal(asset_count(), before + 2);
	lb_client_release(&c);
}

static void test_bad_file_page(void **state)
{
	static const char bad[] = "namn;typ;enhet;personuppgifter\n"
				  "Bra;system;Kommunstyrelsen;ja\n"
				  "Fel <typ>;<script>x</script>;Kommunstyrelsen;ja\n"
				  "Annan;system;Socialnämnden;kanske\n";
	struct lb_client c;
	struct lb_resp r;
	int64_t before, audits;

	browser(&c, "io-coord");
	before = asset_count();
	audits = audit_count();
	for (int dry = 1; dry >= 0; dry--) {
		r = upload(&c, bad, dry);
		assert_int_equal(r.status, dry ? 200 : 400);
		assert_true(lb_has(&r, "role=\"alert\""));
		/* Each problem on its line, the column as the file names it, the value escaped. */
		assert_true(lb_has(&r, "<tr><td>3</td><td>typ</td>"));
		assert_true(lb_has(&r, "<tr><td>4</td><td>enhet</td>"));
		assert_true(lb_has(&r, "<tr><td>4</td><td>personuppgifter</td>"));
		assert_true(lb_has(&r, "&lt;script&gt;x&lt;/script&gt;"));
		assert_false(lb_has(&r, "<script>x"));
		/* No confirmation form when anything is wrong. */
		assert_false(lb_has(&r, "name=\"file\" value="));
	}
	/* Bytes that are not UTF-8 in an ordinary form field are refused before the handler. */
	r = upload(&c, "namn;typ;enhet\nL\xf6n;system;Kommunstyrelsen\n", false);
	assert_int_equal(r.status, 400);
	/* The same bytes uploaded as a file (Excel's Windows-1252 CSV) reach the import and are read. */
	r = lb_post(&c, "/assets/import",
		    (const char *[]){ "file", "namn;typ;enhet\nL\xf6nesystem;system;Kommunstyrelsen\n", "file.filename",
				      "lon.csv", "dry_run", "1", NULL });
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "error-summary"));
	assert_true(lb_has(&r, "Lönesystem"));
	/* Without the CSRF token. */
	r = lb_post(&c, "/assets/import", (const char *[]){ "file", good, "csrf", "wrong", NULL });
	assert_int_equal(r.status, 403);
	assert_int_equal(asset_count(), before);
	assert_int_equal(audit_count(), audits);
	lb_client_release(&c);
}

static void test_export_pages_by_role(void **state)
{
	static const struct {
		const char *who;
		int status;
		bool sees_ks, sees_soc;
	} cases[] = {
		{ "io-admin", 200, true, true },      { "io-coord", 200, true, false },
		{ "io-coord-soc", 200, false, true }, { "io-owner", 200, true, false },
		{ "io-reader", 200, true, false },    { "io-auditor", 200, true, false },
		{ "io-dpo", 200, true, false },       { "io-reader-soc", 200, false, true },
		{ "io-nobody", 403, false, false },
	};
	static const char *const paths[] = { "/assets/export.csv", "/assets/export.json", "/assets/export.xlsx" };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lb_client c;
		browser(&c, cases[i].who);
		for (size_t p = 0; p < 3; p++) {
			struct lb_resp r = lb_get(&c, paths[p]);
			if (r.status != cases[i].status)
				fail_msg("%s: GET %s %d, expected %d", cases[i].who, paths[p], r.status,
					 cases[i].status);
			if (r.status != 200 || p == 2)
				continue;
			if (lb_has(&r, "Ärendesystem") != cases[i].sees_ks ||
			    lb_has(&r, "Verksamhetssystem SoL") != cases[i].sees_soc)
				fail_msg("%s: %s shows the wrong assets: %.300s", cases[i].who, paths[p], r.body);
		}
		lb_client_release(&c);
	}
}

static void test_export_formats(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;

	browser(&c, "io-admin");
	r = lb_get(&c, "/assets/export.csv");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/csv; charset=utf-8");
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment; filename=\"informationstillgangar-"));
	assert_non_null(strstr(r.headers, ".csv\""));
	assert_memory_equal(r.body, "\xef\xbb\xbfId;Namn;Typ;", 14);
	assert_true(lb_has(&r, ";Ärendesystem;Informationssystem;Kommunstyrelsen;"));

	r = lb_get(&c, "/assets/export.json");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 2);
	assert_int_equal(json_array_size(json_object_get(j, "items")), json_integer_value(json_object_get(j, "total")));
	json_decref(j);

	r = lb_get(&c, "/assets/export.xlsx");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_non_null(strstr(r.headers, ".xlsx\""));
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	assert_non_null(memmem(r.body, r.len, "xl/worksheets/sheet1.xml", 24));

	/* The list's filters: only business-critical systems, and a unit's subtree. */
	r = lb_get(&c, "/assets/export.json?kind=system&business_critical=true");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Ärendesystem"));
	assert_false(lb_has(&r, "Verksamhetssystem SoL"));
	r = lb_get(&c, arena_printf(c.arena, "/assets/export.csv?unit_id=%lld", (long long)soc));
	assert_int_equal(r.status, 200);
	assert_false(lb_has(&r, "Ärendesystem"));
	assert_true(lb_has(&r, "Verksamhetssystem SoL"));
	r = lb_get(&c, "/assets/export.csv?q=%C3%84rende&sort=name&order=desc");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Ärendesystem"));
	assert_false(lb_has(&r, "Verksamhetssystem SoL"));
	/* A malformed filter names the argument. */
	r = lb_get(&c, "/assets/export.csv?classified=maybe");
	assert_int_equal(r.status, 400);
	lb_client_release(&c);
}

static struct lb_resp api_import(struct lb_client *c, const char *query, const char *body, size_t len)
{
	const char *headers[] = { "Content-Type: text/csv", NULL };
	return lb_request(c, "POST", arena_printf(c->arena, "/api/v1/assets/import%s", query), headers, NULL, body,
			  len);
}

static void test_api_import(void **state)
{
	static const char win[] = "namn;typ;enhet\r\nL\xf6neunderlag;Informationsm\xe4ngd;Kommunstyrelsen\r\n";
	static const char utf16[] = "\xff\xfen\0a\0m\0n\0\n\0";
	static const char bad[] = "namn;typ;enhet\nA;system;Kommunstyrelsen\nB;dator;Finns inte\n";
	struct lb_client c;
	struct lb_resp r;
	json_t *j, *errs;
	int64_t before = asset_count(), audits = audit_count();

	/* Roles that may not import. */
	for (size_t i = 0; i < N_PEOPLE; i++) {
		const char *role = people[i].role;
		if (role && (!strcmp(role, "administrator") || !strcmp(role, "coordinator")))
			continue;
		api_client(&c, people[i].name);
		r = api_import(&c, "", win, sizeof(win) - 1);
		if (r.status != 403)
			fail_msg("%s: API import %d, expected 403", people[i].name, r.status);
		lb_client_release(&c);
	}
	assert_int_equal(asset_count(), before);

	api_client(&c, "io-coord");
	/* Dry run of Excel's Windows-1252. */
	r = api_import(&c, "?dry_run=true", win, sizeof(win) - 1);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(json_is_true(json_object_get(j, "valid")));
	assert_int_equal(json_integer_value(json_object_get(j, "rows")), 1);
	assert_string_equal(json_string_value(json_object_get(j, "encoding")), "Windows-1252");
	assert_int_equal(json_array_size(json_object_get(j, "errors")), 0);
	json_decref(j);
	assert_int_equal(asset_count(), before);

	/* Bad rows: 400, every problem, nothing imported. */
	r = api_import(&c, "", bad, sizeof(bad) - 1);
	assert_int_equal(r.status, 400);
	j = parse(&r);
	assert_true(json_is_false(json_object_get(j, "valid")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "invalid");
	errs = json_object_get(j, "errors");
	assert_int_equal(json_array_size(errs), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errs, 0), "line")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "field")), "kind");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "column")), "typ");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 1), "field")), "unit");
	json_decref(j);
	/* The same file as a dry run: 200, valid false. */
	r = api_import(&c, "?dry_run=true", bad, sizeof(bad) - 1);
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_true(json_is_false(json_object_get(j, "valid")));
	json_decref(j);

	/* UTF-16: refused by name. */
	r = api_import(&c, "", utf16, sizeof(utf16) - 1);
	assert_int_equal(r.status, 400);
	j = parse(&r);
	errs = json_object_get(j, "errors");
	assert_true(json_is_null(json_object_get(json_array_get(errs, 0), "line")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "field")), "file");
	json_decref(j);
	/* No body. */
	r = api_import(&c, "", NULL, 0);
	assert_int_equal(r.status, 400);
	/* A malformed flag. */
	r = api_import(&c, "?dry_run=perhaps", win, sizeof(win) - 1);
	assert_int_equal(r.status, 400);
	assert_int_equal(asset_count(), before);
	assert_int_equal(audit_count(), audits);

	/* The real thing. */
	r = api_import(&c, "", win, sizeof(win) - 1);
	assert_int_equal(r.status, 201);
	j = parse(&r);
	assert_true(json_is_true(json_object_get(j, "imported")));
	json_decref(j);
	assert_int_equal(asset_count(), before + 1);
	assert_int_equal(audit_count(), audits + 1);
	lb_client_release(&c);

	/* A coordinator elsewhere may not import into Kommunstyrelsen. */
	api_client(&c, "io-coord-soc");
	r = api_import(&c, "", good, sizeof(good) - 1);
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"unit\""));
	assert_int_equal(asset_count(), before + 1);
	lb_client_release(&c);
}

static void test_api_export(void **state)
{
	struct lb_client c;
	struct lb_resp r;
	json_t *j;

	api_client(&c, "io-reader-soc");
	r = lb_get(&c, "/api/v1/assets/export");
	assert_int_equal(r.status, 200);
	j = parse(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "Verksamhetssystem SoL");
	json_decref(j);
	r = lb_get(&c, "/api/v1/assets/export?format=csv");
	assert_int_equal(r.status, 200);
	assert_true(lb_has(&r, "Verksamhetssystem SoL"));
	assert_false(lb_has(&r, "Ärendesystem"));
	assert_non_null(strstr(r.headers, "filename=\"informationstillgangar-"));
	r = lb_get(&c, "/api/v1/assets/export?format=xlsx");
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	r = lb_get(&c, "/api/v1/assets/export?format=pdf");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"format\""));
	r = lb_get(&c, "/api/v1/assets/export?nis2=yes");
	assert_int_equal(r.status, 400);
	assert_true(lb_has(&r, "\"field\":\"nis2\""));
	lb_client_release(&c);

	api_client(&c, "io-nobody");
	assert_int_equal(lb_get(&c, "/api/v1/assets/export").status, 403);
	lb_client_release(&c);
	lb_client_init(&c, &env);
	assert_int_equal(lb_get(&c, "/api/v1/assets/export").status, 401);
	lb_client_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_pages_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_form_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_then_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_file_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_pages_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_export, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
