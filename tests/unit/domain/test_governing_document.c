/*
 * test_governing_document.c - governing documents against a real
 * database: the next review across month ends and leap days, every bad
 * input named by its field and nothing saved, the due and overdue lists
 * and the owner's tasks, files (checksum stored and checked on download,
 * forbidden and disguised types refused, the size limit), the history of
 * versions, the requirements met, lost updates, the count for the
 * management review, and a row changed behind Tillit's back found by
 * audit_verify_records().
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/i18n.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/governing_document.h"
#include "domain/requirement.h"
#include "domain/tasks.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

static DB_QUERY(T_GD_TAMPER, "UPDATE governing_documents SET title = 'Ändrad i databasen' WHERE id = $1");
static DB_QUERY(T_FILE_TAMPER, "UPDATE governing_document_files SET data = 'JVBERi0xLjQgZmVs' WHERE id = $1");
static DB_QUERY(T_COUNT, "SELECT count(*) FROM governing_documents");
static DB_QUERY(T_FILES, "SELECT count(*) FROM governing_document_files");
static DB_QUERY(T_REQ, "SELECT id FROM requirements ORDER BY id LIMIT 1");

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, unit, other, owner, owner2;
};

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	struct user_input ui = { "gd-owner", "Greta Dokumentägare", "greta@example.se", "sv", true };

	user_set_fast_hash(true);
	assert_int_equal(i18n_init(), 0);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	struct unit_input o = { 0, "organisation", "Ekdala kommun", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &o, &t->org, &e), 0);
	struct unit_input u = { t->org, "administration", "Kommunledningsförvaltningen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &u, &t->unit, &e), 0);
	struct unit_input x = { t->org, "administration", "Socialförvaltningen", "", "", "" };
	assert_int_equal(unit_create(t->db, t->a, act, &x, &t->other, &e), 0);
	assert_int_equal(user_create(t->db, t->a, act, &ui, "ett tillräckligt långt lösenord", &t->owner, &e), 0);
	ui.username = "gd-owner2";
	ui.display_name = "Olle Ägare";
	ui.email = "olle@example.se";
	assert_int_equal(user_create(t->db, t->a, act, &ui, "ett tillräckligt långt lösenord", &t->owner2, &e), 0);
	int64_t grant;
	assert_int_equal(grant_add(t->db, t->a, act, t->owner2, t->unit, "owner", &grant, &e), 0);
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

static struct governing_document_input routine(struct t *t, const char *title, const char *decided)
{
	struct governing_document_input in = { 0 };
	in.unit_id = t->unit;
	in.kind = "routine";
	in.title = title;
	in.owner_id = t->owner;
	in.decided_by = "Kommundirektören";
	in.decision_date = decided;
	in.case_ref = "KS 2025/123";
	in.doc_version = "1.0";
	in.review_months = 12;
	in.status = decided ? "in_force" : "draft";
	return in;
}

static int64_t mk(struct t *t, const struct governing_document_input *in)
{
	struct err e = { 0 };
	int64_t id = 0;
	if (governing_document_create(t->db, t->a, act, in, &id, &e))
		fail_msg("governing_document_create: %s %s", e.field, e.msgid);
	return id;
}

static struct governing_document get(struct t *t, int64_t id)
{
	struct governing_document d;
	struct err e = { 0 };
	assert_int_equal(governing_document_get(t->db, t->a, id, &d, &e), 0);
	return d;
}

static int64_t count(struct t *t, const struct db_query *q)
{
	struct db_rows r;
	struct err e = { 0 };
	assert_int_equal(db_run(t->db, t->a, q, NULL, 0, &r, &e), 0);
	return rows_int(&r, 0, 0);
}

/* Month ends are clamped, leap days kept where they exist, years counted in months. */
static void test_next_review_dates(void **state)
{
	static const struct {
		const char *date;
		int64_t months;
		const char *want;
	} cases[] = {
		{ "2026-01-31", 1, "2026-02-28" },  { "2028-01-31", 1, "2028-02-29" },
		{ "2028-02-29", 12, "2029-02-28" }, { "2028-02-29", 48, "2032-02-29" },
		{ "2026-08-31", 1, "2026-09-30" },  { "2026-12-15", 1, "2027-01-15" },
		{ "2026-03-31", 11, "2027-02-28" }, { "2026-05-10", 24, "2028-05-10" },
	};
	char out[11];
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(governing_document_next_review(cases[i].date, cases[i].months, out), 0);
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(governing_document_next_review("2026-02-30", 12, out), ERR_INVALID);
	assert_int_equal(governing_document_next_review("2026-02-01", 0, out), ERR_INVALID);
}

/* The next review is computed from the decision date, or taken as given. */
static void test_create_computes_review(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Rutin för incidenthantering", "2025-01-31");
	struct governing_document d;

	in.review_months = 13;
	d = get(t, mk(t, &in));
	assert_string_equal(d.next_review, "2026-02-28");
	assert_string_equal(d.unit_name, "Kommunledningsförvaltningen");
	assert_string_equal(d.owner_name, "Greta Dokumentägare");
	in.title = "Policy för informationssäkerhet";
	in.kind = "policy";
	in.next_review = "2027-06-30";
	d = get(t, mk(t, &in));
	assert_string_equal(d.next_review, "2027-06-30");
	in.title = "Utkast till anvisning";
	in.kind = "directive";
	in.status = "draft";
	in.decision_date = NULL;
	in.next_review = NULL;
	d = get(t, mk(t, &in));
	assert_null(d.next_review);
}

/* Each bad input is refused naming its field, and nothing is saved. */
static void test_bad_input(void **state)
{
	struct t *t = *state;
	int64_t before = count(t, &T_COUNT), id;
	struct governing_document_input in;
	struct err e;
	static const struct {
		const char *field;
	} want[] = { { "next_review" }, { "review_months" }, { "review_months" }, { "kind" }, { "title" },
		     { "status" },      { "decision_date" }, { "decision_date" }, { "link" }, { "owner_id" },
		     { "unit_id" },     { "replaces_id" },   { "doc_version" } };

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		in = routine(t, "Rutin", "2026-01-15");
		switch (i) {
		case 0:
			in.next_review = "2026-01-14";
			break;
		case 1:
			in.review_months = 0;
			break;
		case 2:
			in.review_months = 121;
			break;
		case 3:
			in.kind = "memo";
			break;
		case 4:
			in.title = "  ";
			break;
		case 5:
			in.status = "valid";
			break;
		case 6:
			in.decision_date = "2026-13-01";
			break;
		case 7:
			in.decision_date = NULL;
			break; /* in force without a decision */
		case 8:
			in.link = "javascript:alert(1)";
			break;
		case 9:
			in.owner_id = 999999;
			break;
		case 10:
			in.unit_id = 999999;
			break;
		case 11:
			in.replaces_id = 999999;
			break;
		case 12:
			in.doc_version = "";
			break;
		}
		memset(&e, 0, sizeof(e));
		assert_int_not_equal(governing_document_create(t->db, t->a, act, &in, &id, &e), 0);
		if (!e.field || strcmp(e.field, want[i].field))
			fail_msg("case %zu: field %s, want %s", i, e.field ? e.field : "(none)", want[i].field);
		assert_non_null(e.msgid);
	}
	assert_int_equal(count(t, &T_COUNT), before);
}

static int by_review(const void *x, const void *y)
{
	const struct governing_document *p = x, *q = y;
	int c = strcmp(p->next_review, q->next_review);
	return c ? c : (p->id > q->id) - (p->id < q->id);
}

/*
 * Those due for review, in review order, are read along the review dates
 * (every one has a date): the same as the due ones in title order sorted
 * by date and id, for the whole installation and a unit, page by page.
 */
static void test_due_in_review_order(void **state)
{
	struct t *t = *state;
	struct err e = { 0 };

	for (int k = 0; k < 12; k++) {
		struct governing_document_input in = routine(t, arena_printf(t->a, "Rutin %c", 'L' - k),
							     arena_printf(t->a, "2024-%02d-01", 1 + k % 6));
		in.unit_id = k % 3 ? t->unit : t->other;
		mk(t, &in);
	}
	for (int scope = 0; scope < 2; scope++)
		for (int due = 0; due < 2; due++) {
			struct governing_document_filter f = { .due = due ? "soon" : "overdue",
							       .today = "2025-03-15",
							       .unit_id = scope ? t->unit : 0,
							       .limit = 100 };
			struct governing_document *want, *got;
			size_t n_want, n_got;
			int64_t total;

			f.sort = GD_SORT_TITLE;
			assert_int_equal(governing_document_list(t->db, t->a, &f, &want, &n_want, &total, &e), 0);
			assert_true(n_want >= 2);
			qsort(want, n_want, sizeof(*want), by_review);
			f.sort = GD_SORT_REVIEW;
			f.limit = 3;
			for (f.offset = 0; (size_t)f.offset < n_want; f.offset += 3) {
				assert_int_equal(governing_document_list(t->db, t->a, &f, &got, &n_got, &total, &e), 0);
				assert_int_equal(total, (int64_t)n_want);
				for (size_t i = 0; i < n_got; i++)
					assert_int_equal(got[i].id, want[f.offset + (int64_t)i].id);
			}
		}
}

/* Due soon and overdue reach the lists, the owner's tasks and the management review's count. */
static void test_due_lists_and_tasks(void **state)
{
	struct t *t = *state;
	struct governing_document_filter f = { 0 };
	struct governing_document *list;
	struct auth owner = { 0 };
	struct task *tasks;
	struct governing_document_input in;
	size_t n;
	int64_t total, overdue, overdue_other, late, soon;
	struct err e = { 0 };

	in = routine(t, "Försenad rutin", "2024-06-01"); /* next review 2025-06-01: overdue */
	in.owner_id = t->owner2;
	late = mk(t, &in);
	in.title = "Snart dags";
	in.decision_date = "2025-04-15"; /* 2026-04-15: within 60 days of 2026-03-01 */
	soon = mk(t, &in);
	in.title = "Långt kvar";
	in.decision_date = "2026-01-10"; /* 2027-01-10 */
	mk(t, &in);
	in.title = "Upphävd";
	in.decision_date = "2024-01-01";
	in.status = "repealed";
	mk(t, &in);

	f.due = "overdue";
	f.today = "2026-03-01";
	f.owner_id = t->owner2;
	assert_int_equal(governing_document_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, late);
	f.due = "soon";
	f.sort = GD_SORT_REVIEW;
	assert_int_equal(governing_document_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, late);
	assert_int_equal(list[1].id, soon);

	owner.user_id = t->owner2;
	owner.lang = LANG_SV;
	assert_int_equal(governing_document_tasks(t->db, t->a, &owner, "2026-03-01", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tasks[0].kind, "governing_document");
	assert_true(tasks[0].overdue);
	assert_false(tasks[1].overdue);
	assert_string_equal(tasks[1].due, "2026-04-15");
	/* Registered: the start page's merged list has them. */
	assert_int_equal(tasks_of(t->db, t->a, &owner, "2026-03-01", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 2);

	assert_int_equal(governing_document_count_overdue(t->db, t->a, t->org, "2026-03-01", &overdue, &e), 0);
	assert_true(overdue >= 1);
	assert_int_equal(governing_document_count_overdue(t->db, t->a, t->other, "2026-03-01", &overdue_other, &e), 0);
	assert_int_equal(overdue_other, 0);
}

static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/* A file: its checksum stored, checked on the way out, types refused, the old version kept. */
static void test_files(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Rutin med fil", "2026-01-15");
	struct governing_document d = get(t, mk(t, &in));
	struct governing_document_download dl;
	int64_t files = count(t, &T_FILES);
	struct err e = { 0 };
	char *big;

	/* Refused: no file, an HTML page, a page named .pdf, an executable, over the limit. */
	assert_int_equal(governing_document_attach(t->db, t->a, act, &d, d.version, "rutin.pdf", NULL, 0, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "file");
	assert_int_equal(governing_document_attach(t->db, t->a, act, &d, d.version, "rutin.html", "<html>", 6, &e),
			 ERR_INVALID);
	assert_int_equal(
		governing_document_attach(t->db, t->a, act, &d, d.version, "rutin.pdf", "<html><script>", 14, &e),
		ERR_INVALID);
	assert_int_equal(governing_document_attach(t->db, t->a, act, &d, d.version, "rutin.exe", "MZ\x90", 3, &e),
			 ERR_INVALID);
	big = malloc((size_t)GOVERNING_DOCUMENT_FILE_MAX + 1);
	memset(big, 'a', (size_t)GOVERNING_DOCUMENT_FILE_MAX + 1);
	memcpy(big, "%PDF-", 5);
	assert_int_equal(governing_document_attach(t->db, t->a, act, &d, d.version, "stor.pdf", big,
						   (size_t)GOVERNING_DOCUMENT_FILE_MAX + 1, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "file");
	free(big);
	assert_int_equal(count(t, &T_FILES), files);
	assert_int_equal(governing_document_download(t->db, t->a, &d, &dl, &e), ERR_NOTFOUND);

	assert_int_equal(governing_document_attach(t->db, t->a, act, &d, d.version, "C:\\Rutiner\\Incident rutin.pdf",
						   pdf, sizeof(pdf) - 1, &e),
			 0);
	/* The old version is stale now. */
	assert_int_equal(
		governing_document_attach(t->db, t->a, act, &d, d.version, "rutin.pdf", pdf, sizeof(pdf) - 1, &e),
		ERR_CONFLICT);
	d = get(t, d.id);
	assert_string_equal(d.file_name, "Incident rutin.pdf");
	assert_string_equal(d.file_type, "application/pdf");
	assert_int_equal(d.file_size, (int64_t)sizeof(pdf) - 1);
	/* sha256 of the bytes above, as `sha256sum` computes it */
	assert_int_equal(strlen(d.file_sha256), 64);
	assert_int_equal(governing_document_download(t->db, t->a, &d, &dl, &e), 0);
	assert_int_equal(dl.len, sizeof(pdf) - 1);
	assert_memory_equal(dl.data, pdf, dl.len);
	assert_string_equal(dl.content_type, "application/pdf");
	assert_string_equal(dl.ascii_name, "Incident_rutin.pdf");

	/* Bytes changed behind Tillit's back are not sent. */
	assert_int_equal(db_run(t->db, t->a, &T_FILE_TAMPER, DB_ARGS(DB_INT(d.file_id)), NULL, &e), 0);
	assert_int_equal(governing_document_download(t->db, t->a, &d, &dl, &e), ERR_INTERNAL);
	assert_string_equal(e.field, "file");
}

/* A new version text adds to the history; an old version is a conflict. */
static void test_versions_and_conflict(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Riktlinje för lösenord", "2025-05-01");
	struct governing_document d, cur = { 0 };
	struct governing_document_version *v;
	size_t n;
	struct err e = { 0 };

	in.kind = "guideline";
	d = get(t, mk(t, &in));
	in = governing_document_input_of(&d);
	in.doc_version = "2.0";
	in.decision_date = "2026-02-20";
	in.case_ref = "KS 2026/7";
	assert_int_equal(governing_document_update(t->db, t->a, act, &d, d.version, &in, &cur, &e), 0);
	assert_int_equal(governing_document_update(t->db, t->a, act, &d, d.version, &in, &cur, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "version");
	assert_string_equal(cur.doc_version, "2.0");
	assert_int_equal(governing_document_versions(t->db, t->a, d.id, &v, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].doc_version, "2.0");
	assert_string_equal(v[0].case_ref, "KS 2026/7");
	assert_string_equal(v[1].doc_version, "1.0");
	d = get(t, d.id);
	assert_string_equal(d.next_review, "2027-02-20");
	/* A later document replaces it. */
	in = routine(t, "Riktlinje för lösenord och inloggning", "2026-02-25");
	in.replaces_id = d.id;
	assert_int_equal(get(t, mk(t, &in)).replaces_id, d.id);
}

/* A routine meets a requirement of the library; the requirement lists it. */
static void test_requirements_met(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Incidentrutin", "2026-01-01");
	struct governing_document d = get(t, mk(t, &in));
	struct governing_document_req *reqs;
	struct db_rows r;
	size_t n;
	int64_t req;
	struct err e = { 0 };

	assert_int_equal(requirement_ensure_default(t->db, t->a, &e), 0);
	assert_int_equal(db_run(t->db, t->a, &T_REQ, NULL, 0, &r, &e), 0);
	req = rows_int(&r, 0, 0);
	assert_int_equal(governing_document_req_add(t->db, t->a, act, &d, 999999, &e), ERR_INVALID);
	assert_string_equal(e.field, "requirement_id");
	assert_int_equal(governing_document_req_add(t->db, t->a, act, &d, req, &e), 0);
	assert_int_equal(governing_document_req_add(t->db, t->a, act, &d, req, &e), ERR_EXISTS);
	assert_int_equal(governing_document_reqs_of(t->db, t->a, act, req, &reqs, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(reqs[0].doc_title, "Incidentrutin");
	assert_int_equal(governing_document_req_remove(t->db, t->a, act, &d, req, &e), 0);
	assert_int_equal(governing_document_req_remove(t->db, t->a, act, &d, req, &e), ERR_NOTFOUND);
	assert_int_equal(governing_document_reqs(t->db, t->a, d.id, &reqs, &n, &e), 0);
	assert_int_equal(n, 0);
}

/* The audit trail holds each write; a title changed in the database is found. */
/* audit verify --records finds nothing to say of document @id. */
static void assert_document_as_audited(struct t *t, int64_t id)
{
	struct audit_record_finding *f;
	size_t n;
	int64_t n_records;
	struct err e = { 0 };

	assert_int_equal(audit_verify_records(t->db, t->a, &f, &n, &n_records, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].entity, "governing_document") && f[i].id == id)
			fail_msg("finding: document %" PRId64 " %s", f[i].id, f[i].field ? f[i].field : "");
}

static void test_audit_records(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Instruktion för säkerhetskopiering", "2026-01-01");
	struct audit_record_finding *f;
	size_t n;
	int64_t n_records, id;
	struct err e = { 0 };

	in.kind = "instruction";
	id = mk(t, &in);
	assert_int_equal(audit_verify_records(t->db, t->a, &f, &n, &n_records, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].entity, "governing_document"))
			fail_msg("finding before tampering: %" PRId64 " %s", f[i].id, f[i].field ? f[i].field : "");
	assert_int_equal(db_run(t->db, t->a, &T_GD_TAMPER, DB_ARGS(DB_INT(id)), NULL, &e), 0);
	assert_int_equal(audit_verify_records(t->db, t->a, &f, &n, &n_records, &e), 0);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].entity, "governing_document") && f[i].id == id && f[i].field &&
		    !strcmp(f[i].field, "title"))
			found = true;
	assert_true(found);
}

/* A round asks those with a role in the unit; each confirms once; a new version asks again. */
static void test_read_and_confirm(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Rutin att läsa", "2026-02-01");
	struct governing_document d, cur;
	struct governing_document_ack_cover *c;
	struct governing_document_round *rounds;
	struct auth reader = { 0 };
	struct task *tasks;
	size_t n;
	struct err e = { 0 };

	d = get(t, mk(t, &in));
	reader.user_id = t->owner2; /* holds the owner role on the unit */
	reader.lang = LANG_SV;
	assert_false(governing_document_ack_waiting(t->db, t->a, &reader, &d));
	assert_int_equal(governing_document_acknowledge(t->db, t->a, &reader, &d, &e), ERR_INVALID);
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 999999, 0, &e), ERR_INVALID);
	assert_string_equal(e.field, "group_id");
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, 0, &e), 0);
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, 0, &e), ERR_EXISTS);
	assert_true(governing_document_ack_waiting(t->db, t->a, &reader, &d));
	assert_int_equal(governing_document_ack_tasks(t->db, t->a, &reader, "2026-03-01", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(tasks[0].id, d.id);
	assert_int_equal(governing_document_acknowledge(t->db, t->a, &reader, &d, &e), 0);
	assert_int_equal(governing_document_acknowledge(t->db, t->a, &reader, &d, &e), ERR_INVALID);
	assert_int_equal(governing_document_ack_tasks(t->db, t->a, &reader, "2026-03-01", 10, &tasks, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(governing_document_rounds(t->db, t->a, d.id, &rounds, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(governing_document_ack_coverage(t->db, t->a, act, &d, rounds[0].id, &c, &n, &e), 0);
	assert_int_equal(c[0].unit_id, t->unit);
	assert_int_equal(c[0].asked, 1);
	assert_int_equal(c[0].confirmed, 1);
	/* The round and the confirmation are in the audit trail, beside the document's own snapshots. */
	assert_document_as_audited(t, d.id);
	/* Version 2.0: a new round, asked again. */
	in = governing_document_input_of(&d);
	in.doc_version = "2.0";
	assert_int_equal(governing_document_update(t->db, t->a, act, &d, d.version, &in, &cur, &e), 0);
	d = get(t, d.id);
	assert_int_equal(governing_document_rounds(t->db, t->a, d.id, &rounds, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rounds[0].doc_version, "2.0");
	assert_true(governing_document_ack_waiting(t->db, t->a, &reader, &d));
	assert_document_as_audited(t, d.id);
}

/*
 * A round may ask the people of one unit below the document's: only they
 * are asked, may read it and have the task; coverage starts at that unit;
 * a unit outside the document's is refused; a new version of a document
 * moved asks its own unit where the old unit no longer lies below it.
 */
static void test_round_for_a_unit(void **state)
{
	struct t *t = *state;
	struct governing_document_input in = routine(t, "Rutin för hela kommunen", "2026-02-01");
	struct governing_document d, cur, seen;
	struct governing_document_ack_cover *c;
	struct governing_document_round *rounds;
	struct auth reader = { .lang = LANG_SV };
	struct task *tasks;
	size_t n, k = 0;
	struct err e = { 0 };

	in.unit_id = t->org;
	d = get(t, mk(t, &in));
	reader.user_id = t->owner2; /* a role in Kommunledningsförvaltningen only */
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, t->other, &e), 0);
	assert_false(governing_document_ack_waiting(t->db, t->a, &reader, &d));
	assert_int_equal(governing_document_get_to_read(t->db, t->a, &reader, d.id, &seen, &e), ERR_NOTFOUND);
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, t->unit, &e), 0);
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, t->unit, &e), ERR_EXISTS);
	assert_string_equal(e.field, "group_id");
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, 999999, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
	assert_true(governing_document_ack_waiting(t->db, t->a, &reader, &d));
	assert_int_equal(governing_document_get_to_read(t->db, t->a, &reader, d.id, &seen, &e), 0);
	assert_int_equal(governing_document_ack_tasks(t->db, t->a, &reader, "2026-03-01", 10, &tasks, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (tasks[i].id == d.id) {
			assert_string_equal(tasks[i].kind, "governing_document_read");
			k++;
		}
	assert_int_equal(k, 1);
	/* The document's own unit is the round without a unit: asked twice, still one task. */
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, t->org, &e), 0);
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, 0, &e), ERR_EXISTS);
	assert_int_equal(governing_document_ack_tasks(t->db, t->a, &reader, "2026-03-01", 10, &tasks, &n, &e), 0);
	k = 0;
	for (size_t i = 0; i < n; i++)
		k += tasks[i].id == d.id;
	assert_int_equal(k, 1);
	k = 0;
	assert_int_equal(governing_document_rounds(t->db, t->a, d.id, &rounds, &n, &e), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		if (rounds[i].target_unit_id == t->unit)
			k = i;
	assert_string_equal(rounds[k].target_unit_name, "Kommunledningsförvaltningen");
	assert_int_equal(governing_document_ack_coverage(t->db, t->a, act, &d, rounds[k].id, &c, &n, &e), 0);
	assert_int_equal(c[0].unit_id, t->unit);
	assert_int_equal(c[0].asked, 1);
	assert_int_equal(c[0].confirmed, 0);
	assert_int_equal(governing_document_acknowledge(t->db, t->a, &reader, &d, &e), 0);
	assert_int_equal(governing_document_ack_coverage(t->db, t->a, act, &d, rounds[k].id, &c, &n, &e), 0);
	assert_int_equal(c[0].confirmed, 1);

	/* Moved to Kommunledningsförvaltningen with version 2.0: one round, of its own unit. */
	in = governing_document_input_of(&d);
	in.unit_id = t->unit;
	in.doc_version = "2.0";
	assert_int_equal(governing_document_update(t->db, t->a, act, &d, d.version, &in, &cur, &e), 0);
	d = get(t, d.id);
	assert_int_equal(governing_document_rounds(t->db, t->a, d.id, &rounds, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_string_equal(rounds[0].doc_version, "2.0");
	assert_int_equal(rounds[0].target_unit_id, 0);
	assert_true(governing_document_ack_waiting(t->db, t->a, &reader, &d));
	/* A unit outside the document's is refused. */
	assert_int_equal(governing_document_round_start(t->db, t->a, act, &d, 0, t->other, &e), ERR_INVALID);
	assert_string_equal(e.field, "unit_id");
}

static bool same_text(const char *x, const char *y)
{
	return (!x || !*x) ? (!y || !*y) : y && !strcmp(x, y);
}

/*
 * A row of a list carries what the document read by its id does: its
 * owner's name, its file and the document it replaces, in every order and
 * in the list of those due, and such rows are among them.
 */
static void test_list_rows_as_read_by_id(void **state)
{
	struct t *t = *state;
	struct governing_document *list;
	size_t n;
	int64_t total;
	struct err e = { 0 };
	int with_owner = 0, with_file = 0, replacing = 0;

	for (int c = 0; c < GD_SORT_COUNT + 1; c++) {
		struct governing_document_filter f = { .sort = c < GD_SORT_COUNT ? (enum governing_document_sort)c
										 : GD_SORT_REVIEW,
						       .due = c < GD_SORT_COUNT ? NULL : "soon",
						       .today = "2099-01-01",
						       .limit = 1000 };
		assert_int_equal(governing_document_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			struct governing_document one = get(t, list[i].id);
			assert_true(same_text(list[i].owner_name, one.owner_name));
			assert_int_equal(list[i].file_id, one.file_id);
			assert_true(same_text(list[i].file_name, one.file_name));
			assert_true(same_text(list[i].file_sha256, one.file_sha256));
			assert_int_equal(list[i].replaces_id, one.replaces_id);
			assert_true(same_text(list[i].replaces_title, one.replaces_title));
			assert_true(same_text(list[i].replaces_unit_path, one.replaces_unit_path));
			with_owner += one.owner_name && *one.owner_name;
			with_file += one.file_id > 0;
			replacing += one.replaces_id > 0;
		}
	}
	assert_true(with_owner > 0 && with_file > 0 && replacing > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_review_dates),
		cmocka_unit_test(test_create_computes_review),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_due_lists_and_tasks),
		cmocka_unit_test(test_due_in_review_order),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_versions_and_conflict),
		cmocka_unit_test(test_requirements_met),
		cmocka_unit_test(test_audit_records),
		cmocka_unit_test(test_read_and_confirm),
		cmocka_unit_test(test_round_for_a_unit),
		cmocka_unit_test(test_list_rows_as_read_by_id),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
