/*
 * test_asset_io.c - importing assets from CSV and exporting them, against a
 * real database (SQLite in memory, or PostgreSQL with TEST_DB_URL).
 *
 * Every bad file (wrong columns, wrong encoding, a name twice in a unit,
 * an unknown or out-of-scope unit, an unknown owner, a bad kind, a bad
 * yes/no) must leave the database exactly as it was: the same number of
 * assets and not one new audit entry, whether it was a dry run or not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/str.h"
#include "db/db.h"
#include "db/q_scope.h"
#include "domain/asset.h"
#include "domain/asset_io.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, ks, it, soc; /* Kommunstyrelsen (KS) and its IT unit; Socialförvaltningen (SOC) */
	int64_t coord, anna, gone;
	struct auth coord_auth; /* coordinator on KS only */
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name, const char *code)
{
	struct unit_input in = { parent, kind, name, code, "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid);
	return id;
}

static int64_t mk_user(struct t *t, const char *username, const char *display, bool active)
{
	struct user_input in = { username, display, "", "sv", active };
	struct err e = { 0 };
	int64_t id = 0;
	if (user_create(t->db, t->a, act, &in, "correct horse battery staple", &id, &e))
		fail_msg("user_create(%s): %s", username, e.msgid);
	if (!active && fx_user_update(t->db, t->a, act, id, 1, &in, NULL, &e))
		fail_msg("user_update(%s): %s", username, e.msgid);
	return id;
}

static void load_auth(struct t *t, struct auth *au, int64_t user_id)
{
	struct err e = { 0 };
	memset(au, 0, sizeof(*au));
	au->user_id = user_id;
	au->username = "x";
	assert_int_equal(auth_load_grants(t->db, t->a, au, &e), 0);
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun", "EK");
	t->ks = mk_unit(t, t->org, "board", "Kommunstyrelsen", "KS");
	t->it = mk_unit(t, t->ks, "unit", "IT-enheten", "IT");
	t->soc = mk_unit(t, t->org, "board", "Socialnämnden", "SOC");
	t->coord = mk_user(t, "cecilia", "Cecilia Samordnare", true);
	t->anna = mk_user(t, "anna", "Anna Ägare", true);
	t->gone = mk_user(t, "gunnar", "Gunnar Gången", false);
	assert_int_equal(grant_add(t->db, t->a, act, t->coord, t->ks, "coordinator", NULL, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->anna, t->org, "owner", NULL, &e), 0);
	load_auth(t, &t->coord_auth, t->coord);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	i18n_release();
	free(t);
	return 0;
}

static int64_t asset_count(struct t *t)
{
	struct asset_filter f;
	struct asset *items;
	size_t n;
	int64_t total = -1;
	struct err e = { 0 };
	asset_filter_init(&f);
	assert_int_equal(asset_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	return total;
}

static int64_t audit_count(struct t *t)
{
	struct audit_filter f = { 0 };
	struct audit_entry *entries;
	size_t n;
	int64_t total = -1;
	struct err e = { 0 };
	f.limit = 1;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &entries, &n, &total, &e), 0);
	return total;
}

static int run(struct t *t, const char *csv, size_t len, bool dry_run, struct asset_import *res)
{
	struct err e = { 0 };
	return asset_import(t->db, t->a, &t->coord_auth, csv, len, dry_run, res, &e);
}

/* Is there a problem on @line naming @field (and, when given, with @arg)? */
static bool has_problem(const struct asset_import *res, size_t line, const char *field, const char *arg)
{
	for (size_t i = 0; i < res->n_problems; i++)
		if (res->problems[i].line == line && !strcmp(res->problems[i].field, field) &&
		    (!arg || !strcmp(res->problems[i].err.arg, arg)))
			return true;
	return false;
}

static void dump(const struct asset_import *res)
{
	for (size_t i = 0; i < res->n_problems; i++)
		print_message("  line %zu %s: %s [%s]\n", res->problems[i].line, res->problems[i].field,
			      res->problems[i].err.msgid, res->problems[i].err.arg);
}

/*
 * A bad file: the dry run reports the problem, the import refuses it, and
 * neither changes the register or the audit trail.
 */
static struct asset_import refused(struct t *t, const char *csv, size_t len, size_t line, const char *field)
{
	int64_t assets = asset_count(t), audits = audit_count(t);
	struct asset_import res;

	assert_int_equal(run(t, csv, len, true, &res), 0);
	if (!has_problem(&res, line, field, NULL)) {
		dump(&res);
		fail_msg("the dry run does not report line %zu, %s", line, field);
	}
	assert_false(res.imported);
	assert_int_equal(run(t, csv, len, false, &res), ERR_INVALID);
	assert_false(res.imported);
	if (!has_problem(&res, line, field, NULL)) {
		dump(&res);
		fail_msg("the import does not report line %zu, %s", line, field);
	}
	assert_int_equal(asset_count(t), assets);
	assert_int_equal(audit_count(t), audits);
	return res;
}

#define REFUSED(t, lit, line, field) refused((t), (lit), sizeof(lit) - 1, (line), (field))

static const char good[] = "\xef\xbb\xbfNamn;Typ;Enhet;Beskrivning;Ägare;Systemförvaltare;Leverantör;Drift;"
			   "Personuppgifter;Verksamhetskritisk;Samhällsviktig;Livscykel\r\n"
			   "Ekonomisystem;Informationssystem;KS;Redovisning;anna;Cecilia Samordnare;Leverantören AB;"
			   "Hos leverantören;ja;x;nej;I drift\r\n"
			   "\r\n"
			   "Personakter;informationsmängd;IT-enheten;\"Anställdas akter;\r\nsparas 5 år\";;;;;1;0;;\r\n"
			   "E-tjänst bygglov;digital_service;it;;ANNA;;;Molntjänst;;yes;Ja;Planerad\r\n";

static const struct asset *find(const struct asset *items, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].name, name))
			return &items[i];
	fail_msg("no asset %s", name);
	return NULL;
}

static void all_assets(struct t *t, struct asset **items, size_t *n)
{
	struct asset_filter f;
	int64_t total;
	struct err e = { 0 };
	asset_filter_init(&f);
	assert_int_equal(asset_export_list(t->db, t->a, &f, items, n, &total, &e), 0);
}

static void test_valid_file_imported_whole(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	struct asset *items;
	const struct asset *as;
	size_t n;
	int64_t audits = audit_count(t);

	/* The dry run changes nothing and says how many rows would go in. */
	assert_int_equal(run(t, good, sizeof(good) - 1, true, &res), 0);
	dump(&res);
	assert_int_equal(res.n_problems, 0);
	assert_int_equal(res.n_rows, 3);
	assert_string_equal(res.encoding, "UTF-8");
	assert_non_null(res.csv);
	assert_int_equal(asset_count(t), 0);
	assert_int_equal(audit_count(t), audits);

	/* What the dry run offers to import again reads the same. */
	assert_int_equal(run(t, res.csv, strlen(res.csv), true, &res), 0);
	assert_int_equal(res.n_problems, 0);
	assert_int_equal(res.n_rows, 3);

	assert_int_equal(run(t, good, sizeof(good) - 1, false, &res), 0);
	assert_true(res.imported);
	assert_int_equal(asset_count(t), 3);
	assert_int_equal(audit_count(t), audits + 3);

	all_assets(t, &items, &n);
	as = find(items, n, "Ekonomisystem");
	assert_string_equal(as->kind, "system");
	assert_int_equal(as->unit_id, t->ks);
	assert_int_equal(as->owner_id, t->anna);
	assert_int_equal(as->administrator_id, t->coord); /* by display name */
	assert_string_equal(as->supplier, "Leverantören AB");
	assert_string_equal(as->hosting, "supplier");
	assert_true(as->personal_data && as->business_critical && !as->nis2);
	assert_string_equal(as->lifecycle, "in_use");
	as = find(items, n, "Personakter");
	assert_string_equal(as->kind, "information_set");
	assert_int_equal(as->unit_id, t->it); /* by exact name */
	assert_string_equal(as->description, "Anställdas akter;\r\nsparas 5 år");
	assert_int_equal(as->owner_id, 0);
	assert_true(as->personal_data && !as->business_critical && !as->nis2);
	assert_string_equal(as->hosting, "");
	as = find(items, n, "E-tjänst bygglov");
	assert_string_equal(as->kind, "digital_service");
	assert_int_equal(as->unit_id, t->it); /* by code, any case */
	assert_int_equal(as->owner_id, t->anna);
	assert_string_equal(as->hosting, "cloud");
	assert_string_equal(as->lifecycle, "planned");
	/* "Samhällsviktig" is samhällsviktig verksamhet, not NIS2 scope: two questions. */
	assert_true(as->vital);
	assert_false(as->nis2);
}

static void test_english_columns_and_comma(void **state)
{
	struct t *t = *state;
	static const char csv[] = "name,kind,unit,personal_data,Business critical\n"
				  "Diarium,system,KS,no,\n"
				  "Lönelistor,manual,KS,0,yes\n";
	struct asset_import res;
	assert_int_equal(run(t, csv, sizeof(csv) - 1, false, &res), 0);
	dump(&res);
	assert_true(res.imported);
	assert_int_equal(asset_count(t), 2);
}

static void test_windows_1252_file(void **state)
{
	struct t *t = *state;
	/* Excel's plain CSV: "Lönesystem" and "Informationsmängd" with single-byte ö and ä. */
	static const char csv[] = "namn;typ;enhet\r\nL\xf6nesystem;Informationssystem;KS\r\n"
				  "Informationsm\xe4ngd A;Informationsm\xe4ngd;KS\r\n";
	struct asset_import res;
	struct asset *items;
	size_t n;
	assert_int_equal(run(t, csv, sizeof(csv) - 1, false, &res), 0);
	dump(&res);
	assert_string_equal(res.encoding, "Windows-1252");
	assert_true(res.imported);
	all_assets(t, &items, &n);
	assert_string_equal(find(items, n, "Lönesystem")->kind, "system");
	assert_string_equal(find(items, n, "Informationsmängd A")->kind, "information_set");
}

static void test_wrong_columns(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	/* An unknown column, named in the message. */
	res = REFUSED(t, "namn;typ;enhet;färg\nA;system;KS;röd\n", 0, "file");
	assert_non_null(strstr(res.problems[0].err.arg, "färg"));
	/* A required column missing. */
	res = REFUSED(t, "namn;typ\nA;system\n", 0, "file");
	assert_non_null(strstr(res.problems[0].err.arg, "Enhet"));
	/* The same column twice. */
	REFUSED(t, "namn;typ;enhet;name\nA;system;KS;B\n", 0, "file");
	/* A header and nothing else. */
	REFUSED(t, "namn;typ;enhet\n", 0, "file");
}

static void test_wrong_encoding(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	res = REFUSED(t, "namn;typ;enhet\nA\x81;system;KS\n", 0, "file");
	assert_non_null(strstr(res.problems[0].err.msgid, "CSV UTF-8"));
	res = REFUSED(t, "\xff\xfen\0a\0m\0n\0;\0t\0y\0p\0\n\0", 0, "file");
	assert_non_null(strstr(res.problems[0].err.msgid, "UTF-16"));
	/* Broken quoting, with its line. */
	res = REFUSED(t, "namn;typ;enhet\nA;system;KS\nB;sys\"tem;KS\n", 0, "file");
	assert_string_equal(res.problems[0].err.arg, "3");
}

static void test_duplicate_names(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	static const char first[] = "namn;typ;enhet\nDiarium;system;KS\n";

	/* Twice in the same unit within the file (case does not matter); in another unit it is fine. */
	res = REFUSED(t, "namn;typ;enhet\nDiarium;system;KS\nDiarium;system;SOC\nDIARIUM;system;Kommunstyrelsen\n", 4,
		      "name");
	/* Line 4 names line 2; line 3 (SOC) is out of the coordinator's scope, but not a duplicate. */
	assert_true(has_problem(&res, 4, "name", "2"));
	assert_true(has_problem(&res, 3, "unit", NULL));
	assert_false(has_problem(&res, 3, "name", NULL));
	assert_false(has_problem(&res, 2, "name", NULL));

	/* Once in the register already. */
	assert_int_equal(run(t, first, sizeof(first) - 1, false, &res), 0);
	assert_true(res.imported);
	REFUSED(t, "namn;typ;enhet\nNytt;system;KS\nDiarium;system;KS\n", 3, "name");
}

/* More rows than an import takes: refused as a whole, the message naming the limit; nothing saved. */
static void test_row_cap(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	struct buf b;
	int64_t assets = asset_count(t);

	buf_init(&b, t->a);
	buf_adds(&b, "namn;typ;enhet\n");
	for (int i = 0; i <= ASSET_IMPORT_MAX_ROWS; i++)
		buf_addf(&b, "R%d;system;KS\n", i);
	assert_int_equal(run(t, b.data, b.len, false, &res), ERR_INVALID);
	assert_int_equal(res.n_problems, 1);
	assert_true(has_problem(&res, 0, "file", "100000"));
	assert_string_equal(err_message(&res.problems[0].err, LANG_SV, t->a),
			    "Filen har fler än 100000 rader. Dela upp den i mindre filer.");
	assert_int_equal(asset_count(t), assets);
}

static void test_units(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	/* Unknown. */
	res = REFUSED(t, "namn;typ;enhet\nA;system;Finns inte\n", 2, "unit");
	assert_string_equal(res.problems[0].err.arg, "Finns inte");
	/* Exists, but the coordinator's role is on KS only. */
	REFUSED(t, "namn;typ;enhet\nA;system;SOC\n", 2, "unit");
	/* Blank. */
	REFUSED(t, "namn;typ;enhet\nA;system;\n", 2, "unit");
}

static void test_users(void **state)
{
	struct t *t = *state;
	REFUSED(t, "namn;typ;enhet;ägare\nA;system;KS;ingen-sadan\n", 2, "owner");
	REFUSED(t, "namn;typ;enhet;systemförvaltare\nA;system;KS;gunnar\n", 2, "administrator");
}

static void test_bad_values(void **state)
{
	struct t *t = *state;
	REFUSED(t, "namn;typ;enhet\nA;dator;KS\n", 2, "kind");
	REFUSED(t, "namn;typ;enhet;personuppgifter\nA;system;KS;kanske\n", 2, "personal_data");
	REFUSED(t, "namn;typ;enhet;samhällsviktig\nA;system;KS;ja!\n", 2, "vital");
	REFUSED(t, "namn;typ;enhet;Cybersäkerhetslagen (NIS2)\nA;system;KS;ja!\n", 2, "nis2");
	REFUSED(t, "namn;typ;enhet;drift\nA;system;KS;på månen\n", 2, "hosting");
	REFUSED(t, "namn;typ;enhet;livscykel\nA;system;KS;odöd\n", 2, "lifecycle");
	REFUSED(t, "namn;typ;enhet\n;system;KS\n", 2, "name");
	/* Characters an XLSX export could not carry, in any text column. */
	REFUSED(t, "namn;typ;enhet\nA\xef\xbf\xbf;system;KS\n", 2, "name");
	REFUSED(t, "namn;typ;enhet;beskrivning\nA;system;KS;x\xc2\x85y\n", 2, "description");
	REFUSED(t, "namn;typ;enhet;leverantör\nA;system;KS;\xef\xb7\x90\n", 2, "supplier");
}

static void test_every_bad_row_reported(void **state)
{
	struct t *t = *state;
	static const char csv[] = "namn;typ;enhet;ägare;verksamhetskritisk\n"
				  "Bra;system;KS;anna;ja\n"
				  "Fel typ;dator;KS;;\n"
				  "Bra två;system;KS;;nej\n"
				  "Fel allt;dator;Finns inte;okänd;kanske\n"
				  "\"Flera\nrader\";process;KS;;\n"
				  "Fel ägare;process;KS;okänd;\n";
	struct asset_import res = REFUSED(t, csv, 3, "kind");
	dump(&res);
	assert_true(has_problem(&res, 5, "kind", NULL));
	assert_true(has_problem(&res, 5, "unit", NULL));
	assert_true(has_problem(&res, 5, "owner", NULL));
	assert_true(has_problem(&res, 5, "business_critical", NULL));
	/* The quoted name takes lines 6 and 7, so the last row is on line 8. */
	assert_true(has_problem(&res, 8, "owner", NULL));
	assert_int_equal(res.n_problems, 6);
	assert_int_equal(res.n_bad_rows, 3);
	assert_int_equal(res.n_rows, 6);
	/* Sorted by line. */
	for (size_t i = 1; i < res.n_problems; i++)
		assert_true(res.problems[i - 1].line <= res.problems[i].line);
}

/* --- export ---------------------------------------------------------- */

static void import_ok(struct t *t, const char *csv)
{
	struct asset_import res;
	assert_int_equal(run(t, csv, strlen(csv), false, &res), 0);
	if (!res.imported) {
		dump(&res);
		fail_msg("import refused");
	}
}

/* A file of @n rows "Rad <first+i>" for KS, with "ÅTGÄRDSPLAN" instead at row @clash (0: none). */
static const char *rows_for_ks(struct t *t, int first, int n, int clash)
{
	struct buf b;
	buf_init(&b, t->a);
	buf_adds(&b, "namn;typ;enhet;ägare\n");
	for (int i = 0; i < n; i++) {
		if (i == clash)
			buf_adds(&b, "ÅTGÄRDSPLAN;system;KS;anna\n");
		else
			buf_addf(&b, "Rad %d;system;KS;anna\n", first + i);
	}
	return b.data;
}

/*
 * Many rows into one unit: a name the register already has is refused on
 * its own line, however far down the file (past the first rows, the unit's
 * names are compared in memory), and what an import costs in queries
 * grows by at most two statements per DB_MANY_ROWS rows on PostgreSQL (the
 * assets and their audit entries, many rows a statement) and two per row
 * on SQLite (where a prepared statement of one row costs less than a share
 * of a longer one), its dry run by none: no row reads the unit's assets
 * again, and nothing is read again to save what was checked.
 */
static void test_import_into_one_unit(void **state)
{
	struct t *t = *state;
	struct asset_import res;
	struct err e = { 0 };
	int64_t q0, q_dry200, q_dry400, q_200, q_400;
	const char *csv;

	import_ok(t, rows_for_ks(t, 1000, 40, -1));
	import_ok(t, "namn;typ;enhet\nÅtgärdsplan;system;KS\n");
	/* The clash on row 250 (line 251) is refused, naming its line and the name column; nothing else is. */
	csv = rows_for_ks(t, 1, 300, 249);
	assert_int_equal(run(t, csv, strlen(csv), true, &res), 0);
	if (res.n_problems != 1 || !has_problem(&res, 251, "name", NULL)) {
		dump(&res);
		fail_msg("expected one problem, on line 251");
	}
	assert_int_equal(run(t, csv, strlen(csv), false, &res), ERR_INVALID);
	assert_false(res.imported);
	assert_true(has_problem(&res, 251, "name", NULL));

	/* Queries: 200 rows, then 400 other rows, each checked and then imported. */
	q0 = db_query_count(t->db);
	csv = rows_for_ks(t, 2000, 200, -1);
	assert_int_equal(asset_import(t->db, t->a, &t->coord_auth, csv, strlen(csv), true, &res, &e), 0);
	q_dry200 = db_query_count(t->db) - q0;
	q0 = db_query_count(t->db);
	import_ok(t, csv);
	q_200 = db_query_count(t->db) - q0;
	q0 = db_query_count(t->db);
	csv = rows_for_ks(t, 3000, 400, -1);
	assert_int_equal(asset_import(t->db, t->a, &t->coord_auth, csv, strlen(csv), true, &res, &e), 0);
	q_dry400 = db_query_count(t->db) - q0;
	q0 = db_query_count(t->db);
	import_ok(t, csv);
	q_400 = db_query_count(t->db) - q0;
	print_message("# queries: dry run 200 rows %lld, 400 rows %lld; import 200 rows %lld, 400 rows %lld\n",
		      (long long)q_dry200, (long long)q_dry400, (long long)q_200, (long long)q_400);
	assert_true(q_dry400 <= q_dry200 + 2);
	if (db_engine_of(t->db) == DB_PG)
		assert_true(q_400 <= q_200 + 2 * (200 / DB_MANY_ROWS) + 2);
	else
		assert_true(q_400 <= q_200 + 2 * 200 + 2);
	assert_true(q_200 <= q_dry200 + 2 * 200 + 20);
	assert_true(q_dry200 < 100);
}

static void test_export_csv(void **state)
{
	struct t *t = *state;
	struct asset *items;
	size_t n;
	struct buf b;
	struct asset_import res;

	import_ok(t, "namn;typ;enhet;beskrivning;leverantör;personuppgifter\n"
		     "\"=HYPERLINK(\"\"http://x\"\")\";system;KS;\"Säger \"\"hej\"\"; två\nrader\";-minus;ja\n"
		     "Vanlig;informationsmängd;IT;@mention;+plus;nej\n");
	all_assets(t, &items, &n);
	assert_int_equal(n, 2);
	buf_init(&b, t->a);
	asset_export_csv(&b, items, n, LANG_SV);
	/* A byte-order mark and the Swedish header, separated by semicolons, CRLF. */
	assert_true(str_starts(b.data, "\xef\xbb\xbfId;Namn;Typ;Enhet;Beskrivning;Ägare;Systemförvaltare;Leverantör;"));
	assert_non_null(strstr(b.data, ";Senast ändrad\r\n"));
	/* Quoting per RFC 4180, and no formula can run. */
	assert_non_null(strstr(b.data, ";\"'=HYPERLINK(\"\"http://x\"\")\";Informationssystem;Kommunstyrelsen;"
				       "\"Säger \"\"hej\"\"; två\nrader\";;;'-minus;;Ja;"));
	assert_non_null(strstr(b.data, ";Vanlig;Informationsmängd;IT-enheten;'@mention;;;'+plus;;Nej;"));
	assert_null(strstr(b.data, ";=HYPERLINK"));
	assert_null(strstr(b.data, ";@mention"));

	/* The export reads back: only the names clash with what is already there. */
	assert_int_equal(run(t, b.data, b.len, true, &res), 0);
	dump(&res);
	assert_int_equal(res.n_rows, 2);
	assert_int_equal(res.n_problems, 2);
	for (size_t i = 0; i < res.n_problems; i++)
		assert_string_equal(res.problems[i].field, "name");
}

static void test_export_json_and_xlsx(void **state)
{
	struct t *t = *state;
	struct asset *items;
	size_t n;
	struct buf b;
	json_t *j;
	json_error_t je;
	const char *x;
	size_t xlen;
	struct err e = { 0 };

	import_ok(t, "namn;typ;enhet;beskrivning\nA <b>;system;KS;\"rad 1\nrad 2\"\nB;process;IT;\n");
	all_assets(t, &items, &n);
	buf_init(&b, t->a);
	asset_export_json(&b, items, n, 2);
	j = json_loadb(b.data, b.len, 0, &je);
	if (!j)
		fail_msg("not JSON: %s", je.text);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "A <b>");
	json_decref(j);

	assert_int_equal(asset_export_xlsx(t->a, items, n, LANG_SV, &x, &xlen, &e), 0);
	assert_true(xlen > 1000);
	assert_memory_equal(x, "PK\x03\x04", 4);
	/* The zip's directory names its parts in clear. */
	assert_non_null(memmem(x, xlen, "xl/worksheets/sheet1.xml", 24));
	assert_non_null(memmem(x, xlen, "xl/workbook.xml", 15));
	assert_null(memmem(x, xlen, "xl/worksheets/sheet2.xml", 24));
	/* Writing to a place that does not exist fails cleanly. */
	assert_int_equal(asset_export_xlsx_file(t->a, items, n, LANG_SV, "/nonexistent/dir/x.xlsx", &e), ERR_INTERNAL);
}

static void test_export_filters_and_scope(void **state)
{
	struct t *t = *state;
	struct asset_filter f;
	struct asset *items;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	struct asset_input in = { 0 };

	import_ok(t,
		  "namn;typ;enhet;verksamhetskritisk\nS1;system;KS;ja\nS2;system;IT;nej\nM1;informationsmängd;IT;ja\n");
	/* An asset in SOC, made directly (the coordinator may not import there). */
	in.unit_id = t->soc;
	in.kind = "system";
	in.name = "Socialsystem";
	assert_int_equal(asset_create(t->db, t->a, act, &in, NULL, &e), 0);

	asset_filter_init(&f);
	f.kind = "system";
	assert_int_equal(asset_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, 3);
	f.business_critical = 1;
	assert_int_equal(asset_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].name, "S1");

	/* A unit's subtree. */
	asset_filter_init(&f);
	f.unit_id = t->it;
	assert_int_equal(asset_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, 2);

	/* The coordinator on KS sees KS's subtree, not SOC. */
	asset_filter_init(&f);
	f.viewer_id = t->coord;
	assert_int_equal(asset_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(items[i].name, "Socialsystem");
	/* Someone with no role sees nothing. */
	f.viewer_id = mk_user(t, "nils", "Nils Ingenroll", true);
	assert_int_equal(asset_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, 0);
	/* Limit and offset of the list do not apply to an export. */
	asset_filter_init(&f);
	f.limit = 1;
	f.offset = 3;
	assert_int_equal(asset_export_list(t->db, t->a, &f, &items, &n, &total, &e), 0);
	assert_int_equal(n, 4);
}

static void test_template_imports(void **state)
{
	struct t *t = *state;
	struct buf b;
	struct asset_import res;
	struct auth admin;
	struct err e = { 0 };
	int64_t id = mk_user(t, "adam", "Adam Admin", true);
	/* The template's unit code is "EKO": give one. */
	mk_unit(t, t->org, "administration", "Ekonomiavdelningen", "EKO");
	assert_int_equal(grant_add(t->db, t->a, act, id, 0, "administrator", NULL, &e), 0);
	load_auth(t, &admin, id);
	buf_init(&b, t->a);
	asset_import_template(&b);
	assert_true(str_starts(b.data, "\xef\xbb\xbfNamn;Typ;Enhet;"));
	assert_int_equal(asset_import(t->db, t->a, &admin, b.data, b.len, true, &res, &e), 0);
	dump(&res);
	assert_int_equal(res.n_problems, 0);
	assert_int_equal(res.n_rows, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_file_imported_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_english_columns_and_comma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_windows_1252_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_into_one_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_bad_row_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_json_and_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_filters_and_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_imports, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
