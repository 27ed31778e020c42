/*
 * test_gdpr_export.c - the whole register, as IMY may ask for it: a
 * register of 50 processing activities exported as CSV, XLSX, JSON, DOCX,
 * HTML and Markdown, each read back with a real parser (libcsv, libzip and
 * libxml2, jansson, cmark's HTML through libxml2), and every item of
 * Art. 30(1)(a)-(g) of every activity found in every format.
 *
 * REQ: GDPR-30.1 (a)-(g), GDPR-30.3 in writing, including electronic form, GDPR-30.4 available on request.
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
#include "core/buf.h"
#include "core/err.h"
#include "core/html.h"
#include "core/i18n.h"
#include "db/db.h"
#include "docread.h"
#include "domain/asset.h"
#include "domain/gdpr.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"
#include "io/csvread.h"
#include "io/doc.h"

#define N_ACTS 50

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, dpo;
	struct gdpr_register reg;
};

static DB_QUERY(T_CLASS, "INSERT INTO classifications (asset_id, version_no, c_level, i_level, a_level, c_computed,"
			 " i_computed, a_computed, status, created_at)"
			 " VALUES ($1, 1, 3, 2, 1, 3, 2, 1, 'signed', '2026-01-01T00:00:00Z') RETURNING id");
static DB_QUERY(T_CLASSIFY, "UPDATE assets SET classification_id = $2 WHERE id = $1");
static DB_QUERY(T_REQ, "INSERT INTO requirements (code, title, category, created_at, updated_at)"
		       " VALUES ('LOG-7', 'Loggar granskas', 'Loggning', '2026-01-01', '2026-01-01') RETURNING id");
static DB_QUERY(T_FULFIL, "INSERT INTO asset_requirements (asset_id, requirement_id, status, updated_at)"
			  " VALUES ($1, $2, 'fulfilled', '2026-01-01')");

/* The marker texts of activity @i, one per Art. 30(1) item. */
enum item {
	I_CONTROLLER,
	I_CONTACT,
	I_DPO,
	I_PURPOSE,
	I_STATUTE,
	I_SUBJECTS,
	I_DATA,
	I_RECIPIENTS,
	I_TRANSFER,
	I_RETENTION,
	I_SYSTEM,
	I_MEASURE,
	I_COUNT
};
static const char *const item_names[I_COUNT] = {
	"30(1)(a) controller", "30(1)(a) contact",       "30(1)(a) DPO",           "30(1)(b) purpose",
	"30(1)(b) statute",    "30(1)(c) data subjects", "30(1)(c) personal data", "30(1)(d) recipients",
	"30(1)(e) transfer",   "30(1)(f) retention",     "30(1)(g) system",        "30(1)(g) measure"
};

static const char *marker(struct arena *a, int i, enum item k)
{
	switch (k) {
	case I_CONTROLLER:
		return "Socialnämnden";
	case I_CONTACT:
		return arena_printf(a, "Kontakt%02d", i);
	case I_DPO:
		return "Dora Dataskydd";
	case I_PURPOSE:
		return arena_printf(a, "Ändamål%02d", i);
	case I_STATUTE:
		return arena_printf(a, "Lag%02d", i);
	case I_SUBJECTS:
		return arena_printf(a, "Registrerade%02d", i);
	case I_DATA:
		return arena_printf(a, "Uppgifter%02d", i);
	case I_RECIPIENTS:
		return arena_printf(a, "Mottagare%02d", i);
	case I_TRANSFER:
		return arena_printf(a, "Molnbolag%02d", i);
	case I_RETENTION:
		return arena_printf(a, "%d år", i + 1);
	case I_SYSTEM:
		return arena_printf(a, "System%02d", i);
	case I_MEASURE:
		return "LOG-7";
	case I_COUNT:
		break;
	}
	return "";
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct db_rows rows;
	int64_t g, req_id;

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input b = { t->org, "board", "Socialnämnden", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &b, &t->board, &e), 0);
	struct user_input ud = { "dora", "Dora Dataskydd", "", "sv", true };
	assert_int_equal(user_create(t->db, t->a, act, &ud, "correct horse battery", &t->dpo, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->dpo, t->org, "dpo", &g, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_REQ, NULL, 0, &rows, &e), 0);
	req_id = rows_int(&rows, 0, 0);

	for (int i = 0; i < N_ACTS; i++) {
		struct asset_input ai = { .unit_id = t->board, .kind = "system", .personal_data = true };
		int64_t asset, cls, subject, data, id;
		struct gdpr_activity p;
		ai.name = marker(t->a, i, I_SYSTEM);
		assert_int_equal(asset_create(t->db, t->a, act, &ai, &asset, &e), 0);
		assert_int_equal(db_run(t->db, t->a, &T_CLASS, DB_ARGS(DB_INT(asset)), &rows, &e), 0);
		cls = rows_int(&rows, 0, 0);
		assert_int_equal(db_run(t->db, t->a, &T_CLASSIFY, DB_ARGS(DB_INT(asset), DB_INT(cls)), NULL, &e), 0);
		assert_int_equal(db_run(t->db, t->a, &T_FULFIL, DB_ARGS(DB_INT(asset), DB_INT(req_id)), NULL, &e), 0);
		assert_int_equal(gdpr_category_create(t->db, t->a, act, t->org, "subject", marker(t->a, i, I_SUBJECTS),
						      "", &subject, &e),
				 0);
		assert_int_equal(
			gdpr_category_create(t->db, t->a, act, t->org, "data", marker(t->a, i, I_DATA), "", &data, &e),
			0);
		struct gdpr_purpose_input pu[1] = { { marker(t->a, i, I_PURPOSE), "e", marker(t->a, i, I_STATUTE) } };
		struct gdpr_data_input di[1] = { { data, marker(t->a, i, I_RETENTION), "Gallringsbeslut" } };
		struct gdpr_activity_input in = { .unit_id = t->board,
						  .name = arena_printf(t->a, "Behandling %02d", i),
						  .controller_contact = marker(t->a, i, I_CONTACT),
						  .dpo_id = t->dpo,
						  .recipients = marker(t->a, i, I_RECIPIENTS),
						  .purposes = pu,
						  .n_purposes = 1,
						  .subject_ids = &subject,
						  .n_subjects = 1,
						  .data = di,
						  .n_data = 1,
						  .asset_ids = &asset,
						  .n_assets = 1 };
		if (gdpr_activity_create(t->db, t->a, act, &in, &id, &e))
			fail_msg("create %d: %s %s", i, e.field, e.msgid);
		struct gdpr_transfer tr = { .country = "US",
					    .recipient = marker(t->a, i, I_TRANSFER),
					    .basis = "dpf",
					    .dpf_certified = true,
					    .dpf_checked_on = "2026-02-01" };
		assert_int_equal(gdpr_activity_get(t->db, t->a, id, &p, &e), 0);
		assert_int_equal(gdpr_transfer_add(t->db, t->a, act, &p, NULL, &tr, NULL, &e), 0);
	}
	struct gdpr_filter f;
	gdpr_filter_init(&f);
	f.unit_id = t->org;
	assert_int_equal(gdpr_register_read(t->db, t->a, LANG_SV, &f, &t->reg, &e), 0);
	assert_int_equal(t->reg.n_items, N_ACTS);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	unsetenv("TILLIT_NOW");
	return 0;
}

/* Every marker of every activity is in @text; @what names the format. */
static void all_items_in(struct arena *a, const char *text, const char *what)
{
	for (int i = 0; i < N_ACTS; i++)
		for (int k = 0; k < I_COUNT; k++)
			if (!strstr(text, marker(a, i, (enum item)k)))
				fail_msg("%s: activity %d lacks its %s (%s)", what, i, item_names[k],
					 marker(a, i, (enum item)k));
}

/* The column of the table exports that holds item @k. */
static const char *column_of(enum item k)
{
	static const char *const cols[I_COUNT] = {
		[I_CONTROLLER] = "Personuppgiftsansvarig (artikel 30.1 a)",
		[I_CONTACT] = "Kontaktuppgifter (artikel 30.1 a)",
		[I_DPO] = "Dataskyddsombud (artikel 30.1 a)",
		[I_PURPOSE] = "Ändamål och rättslig grund (artikel 30.1 b, artikel 6)",
		[I_STATUTE] = "Ändamål och rättslig grund (artikel 30.1 b, artikel 6)",
		[I_SUBJECTS] = "Kategorier av registrerade (artikel 30.1 c)",
		[I_DATA] = "Kategorier av personuppgifter (artikel 30.1 c)",
		[I_RECIPIENTS] = "Kategorier av mottagare (artikel 30.1 d)",
		[I_TRANSFER] = "Överföringar till tredjeland (artikel 30.1 e)",
		[I_RETENTION] = "Gallringsfrister (artikel 30.1 f)",
		[I_SYSTEM] = "Säkerhetsåtgärder (artikel 30.1 g)",
		[I_MEASURE] = "Säkerhetsåtgärder (artikel 30.1 g)",
	};
	return cols[k];
}

static void test_csv(void **state)
{
	struct t *t = *state;
	struct buf b;
	struct csv_table tab;
	struct err e = { 0 };

	buf_init(&b, t->a);
	gdpr_register_csv(&b, &t->reg, LANG_SV);
	assert_int_equal(csv_read(t->a, b.data, b.len, 1000, &tab, &e), 0);
	assert_int_equal(tab.separator, ';');
	assert_int_equal(tab.n_rows, N_ACTS);
	/* Each item in its own column, on its activity's row (the rows are in name order). */
	for (int k = 0; k < I_COUNT; k++) {
		int col = csv_column(&tab, column_of((enum item)k));
		if (col < 0)
			fail_msg("CSV: no column %s", column_of((enum item)k));
		for (int i = 0; i < N_ACTS; i++)
			if (!strstr(csv_cell(&tab.rows[i], col), marker(t->a, i, (enum item)k)))
				fail_msg("CSV row %d, %s: \"%s\" lacks %s", i, column_of((enum item)k),
					 csv_cell(&tab.rows[i], col), marker(t->a, i, (enum item)k));
	}
	assert_string_equal(csv_cell(&tab.rows[7], csv_column(&tab, "Behandling")), "Behandling 07");
	assert_non_null(
		strstr(csv_cell(&tab.rows[7], csv_column(&tab, column_of(I_TRANSFER))), "Dataskyddsramen EU–USA"));
	assert_non_null(strstr(csv_cell(&tab.rows[7], csv_column(&tab, column_of(I_SYSTEM))), "K 3, R 2, T 1"));
}

/* The text of every cell of the first worksheet, read with libzip and libxml2 (shared strings resolved). */
/*
 * The streamed CSV and JSON (the page's and the API's downloads) are the
 * bytes of the exports built whole, made a few activities a piece; every
 * item of every activity is in them.
 */
static void test_stream_same_bytes(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };

	for (int json = 0; json <= 1; json++) {
		struct gdpr_register_stream s;
		struct gdpr_filter f;
		struct buf whole, streamed;
		int rc, pieces = 0;

		buf_init(&whole, t->a);
		buf_init(&streamed, t->a);
		if (json)
			gdpr_register_json(&whole, &t->reg);
		else
			gdpr_register_csv(&whole, &t->reg, LANG_SV);
		gdpr_filter_init(&f);
		f.unit_id = t->org;
		assert_int_equal(gdpr_register_stream_begin(&s, t->db, t->a, LANG_SV, &f, json, &e), 0);
		s.page = 7;
		do {
			struct arena *pa = arena_new();
			struct buf piece;

			buf_init(&piece, pa);
			rc = gdpr_register_stream_next(&s, t->db, pa, &piece, &e);
			assert_true(rc == 0 || rc == 1);
			buf_add(&streamed, piece.data, piece.len);
			arena_free(pa);
			pieces++;
		} while (rc == 1 && pieces < 100);
		assert_int_equal(pieces, (N_ACTS + 6) / 7);
		assert_int_equal(streamed.len, whole.len);
		assert_memory_equal(streamed.data, whole.data, whole.len);
		all_items_in(t->a, streamed.data, json ? "streamed JSON" : "streamed CSV");
	}
}

static void test_xlsx(void **state)
{
	struct t *t = *state;
	const char *data, *strings, *sheet;
	size_t len, slen, shlen;
	struct err e = { 0 };
	xmlDoc *ss, *ws;

	assert_int_equal(gdpr_register_xlsx(t->a, &t->reg, LANG_SV, &data, &len, &e), 0);
	assert_non_null(strings = rd_unzip(t->a, data, len, "xl/sharedStrings.xml", &slen));
	assert_non_null(sheet = rd_unzip(t->a, data, len, "xl/worksheets/sheet1.xml", &shlen));
	assert_non_null(ss = rd_parse_xml(strings, slen));
	assert_non_null(ws = rd_parse_xml(sheet, shlen));
	/* Two title lines, (a blank row,) the header and one row per activity. */
	assert_int_equal((int)rd_xpath_number(ws, "count(//*[local-name()='row'])"), 3 + N_ACTS);
	assert_int_equal((int)rd_xpath_number(ws, "count(//*[local-name()='autoFilter'])"), 1);
	/* Row 5 (the first activity), column G: the purposes, through the shared string it names. */
	int idx = (int)rd_xpath_number(ws, "number(//*[local-name()='c'][@r='G5']/*[local-name()='v'])");
	const char *g5 = rd_xpath_string(t->a, ss, arena_printf(t->a, "string(//*[local-name()='si'][%d])", idx + 1));
	assert_non_null(strstr(g5, marker(t->a, 0, I_PURPOSE)));
	assert_non_null(strstr(g5, "Artikel 6.1 e"));
	all_items_in(t->a, rd_xpath_string(t->a, ss, "string(/)"), "XLSX");
	xmlFreeDoc(ss);
	xmlFreeDoc(ws);
}

static void test_json(void **state)
{
	struct t *t = *state;
	struct buf b;
	json_error_t je;
	json_t *j, *items;

	buf_init(&b, t->a);
	gdpr_register_json(&b, &t->reg);
	assert_non_null(j = json_loadb(b.data, b.len, 0, &je));
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), N_ACTS);
	json_t *first = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(first, "purposes"), 0),
							      "legal_basis")),
			    "e");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(first, "personal_data"), 0), "retention")),
			    "1 år");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(first, "personal_data"), 0),
							    "retention_months")),
			 12);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(first, "transfers"), 0), "basis")),
		"dpf");
	all_items_in(t->a, b.data, "JSON");
	json_decref(j);
}

static void test_docx(void **state)
{
	struct t *t = *state;
	const char *data, *xml;
	size_t len, xlen;
	struct err e = { 0 };
	xmlDoc *d;

	assert_int_equal(doc_docx(t->a, gdpr_register_doc(t->a, LANG_SV, &t->reg), &data, &len, &e), 0);
	assert_non_null(xml = rd_unzip(t->a, data, len, "word/document.xml", &xlen));
	assert_non_null(d = rd_parse_xml(xml, xlen));
	/* A heading per activity (and one for the controller), a table of its items each. */
	assert_int_equal((int)rd_xpath_number(d, "count(//w:tbl)"), N_ACTS);
	assert_int_equal((int)rd_xpath_number(d, "count(//w:pStyle[@w:val='Heading2'])"), N_ACTS);
	all_items_in(t->a, rd_xpath_string(t->a, d, "string(/)"), "DOCX");
	xmlFreeDoc(d);
}

static void test_html_and_markdown(void **state)
{
	struct t *t = *state;
	struct doc *d = gdpr_register_doc(t->a, LANG_SV, &t->reg);
	struct html h;
	struct buf md;
	xmlDoc *x;

	html_init(&h, t->a, LANG_SV);
	doc_html_standalone(&h, d);
	x = rd_parse_html(h.b.data, h.b.len);
	assert_int_equal((int)rd_xpath_number(x, "count(//table)"), N_ACTS);
	all_items_in(t->a, rd_xpath_string(t->a, x, "string(//body)"), "HTML");
	xmlFreeDoc(x);
	buf_init(&md, t->a);
	doc_markdown(&md, d);
	/* Markdown read by cmark and written as HTML, then read as text. */
	struct rd_seq seq = rd_markdown(t->a, md.data);
	assert_true(seq.n > N_ACTS);
	all_items_in(t->a, md.data, "Markdown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),  cmocka_unit_test(test_stream_same_bytes),
		cmocka_unit_test(test_xlsx), cmocka_unit_test(test_json),
		cmocka_unit_test(test_docx), cmocka_unit_test(test_html_and_markdown),
	};
	i18n_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
