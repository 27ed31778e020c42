/*
 * test_gdpr.c - the register of processing activities against a real
 * database: the rules of the regulation, each test tagged with the article
 * it implements (REQ: GDPR-...), the states of an entry, a material change,
 * lost updates, transfers, processors and their agreements, impact
 * assessments and the filters of the list.
 */
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
#include "core/str.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/gdpr.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, unit, company, other_org, other_board;
	int64_t dpo, owner, stranger;
	int64_t clients, staff, contact, health, offences, other_org_cat;
	int64_t system, set;
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(unit_create(t->db, t->a, act, &in, &id, &e), 0);
	return id;
}

static int64_t mk_user(struct t *t, const char *name)
{
	struct user_input in = { name, name, "", "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(user_create(t->db, t->a, act, &in, "correct horse battery", &id, &e), 0);
	return id;
}

static int64_t mk_cat(struct t *t, int64_t org, const char *kind, const char *name, const char *special)
{
	struct err e = { 0 };
	int64_t id = 0;
	if (gdpr_category_create(t->db, t->a, act, org, kind, name, special, &id, &e))
		fail_msg("gdpr_category_create %s: %s %s", name, e.field, e.msgid);
	return id;
}

static int64_t mk_asset(struct t *t, const char *kind, const char *name)
{
	struct asset_input in = { .unit_id = t->unit, .kind = kind, .name = name, .personal_data = true };
	struct err e = { 0 };
	int64_t id = 0;
	assert_int_equal(asset_create(t->db, t->a, act, &in, &id, &e), 0);
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	int64_t g;

	user_set_fast_hash(true);
	setenv("TILLIT_NOW", "2026-03-01T10:00:00Z", 1);
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun");
	t->board = mk_unit(t, t->org, "board", "Socialnämnden");
	t->unit = mk_unit(t, t->board, "administration", "Socialförvaltningen");
	t->company = mk_unit(t, t->org, "company", "Ekdala Energi AB");
	t->other_org = mk_unit(t, 0, "organisation", "Zeta kommun");
	t->other_board = mk_unit(t, t->other_org, "board", "Zeta nämnd");
	t->dpo = mk_user(t, "dora");
	t->owner = mk_user(t, "olle");
	t->stranger = mk_user(t, "sten");
	assert_int_equal(grant_add(t->db, t->a, act, t->dpo, t->org, "dpo", &g, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->owner, t->board, "owner", &g, &e), 0);
	t->clients = mk_cat(t, t->org, "subject", "Klienter", "");
	t->staff = mk_cat(t, t->org, "subject", "Anställda", "");
	t->contact = mk_cat(t, t->org, "data", "Kontaktuppgifter", "");
	t->health = mk_cat(t, t->org, "data", "Uppgifter om hälsa", "art9");
	t->offences = mk_cat(t, t->org, "data", "Uppgifter om lagöverträdelser", "art10");
	t->other_org_cat = mk_cat(t, t->other_org, "data", "Zetas uppgifter", "");
	t->system = mk_asset(t, "system", "Verksamhetssystem SoL");
	t->set = mk_asset(t, "information_set", "Journaler");
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

/* A complete entry: every Art. 30(1) item present. */
static struct gdpr_activity_input complete(struct t *t, const char *name)
{
	static struct gdpr_purpose_input purposes[1];
	static int64_t subjects[1], assets[1];
	static struct gdpr_data_input data[1];
	struct gdpr_activity_input in = { 0 };

	purposes[0] = (struct gdpr_purpose_input){ "Handläggning av ärenden om bistånd", "e",
						   "Socialtjänstlagen (2001:453)" };
	subjects[0] = t->clients;
	data[0] = (struct gdpr_data_input){ t->contact, "5 år", "Gallringsbeslut SN 2024/12" };
	assets[0] = t->system;
	in.unit_id = t->board;
	in.name = name;
	in.controller_contact = "Socialnämnden, 010-123 45 67";
	in.dpo_id = t->dpo;
	in.owner_id = t->owner;
	in.recipients = "Försäkringskassan";
	in.purposes = purposes;
	in.n_purposes = 1;
	in.subject_ids = subjects;
	in.n_subjects = 1;
	in.data = data;
	in.n_data = 1;
	in.asset_ids = assets;
	in.n_assets = 1;
	return in;
}

static int64_t create(struct t *t, const struct gdpr_activity_input *in)
{
	struct err e = { 0 };
	int64_t id = 0;
	if (gdpr_activity_create(t->db, t->a, act, in, &id, &e))
		fail_msg("gdpr_activity_create: %s %s %s", e.field, e.msgid, e.detail);
	return id;
}

static struct gdpr_activity get(struct t *t, int64_t id)
{
	struct gdpr_activity p;
	struct err e = { 0 };
	assert_int_equal(gdpr_activity_get(t->db, t->a, id, &p, &e), 0);
	return p;
}

/* A create that must fail with @code naming @field; nothing is stored. */
static void refused(struct t *t, const struct gdpr_activity_input *in, int code, const char *field)
{
	struct err e = { 0 };
	struct gdpr_filter f;
	struct gdpr_activity *list;
	size_t n;
	int64_t before, after, id = 0;

	gdpr_filter_init(&f);
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &before, &e), 0);
	assert_int_equal(gdpr_activity_create(t->db, t->a, act, in, &id, &e), code);
	if (!e.field || strcmp(e.field, field))
		fail_msg("expected the field %s, got %s (%s)", field, e.field ? e.field : "(none)", e.msgid);
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &after, &e), 0);
	assert_int_equal(after, before);
}

/* REQ: GDPR-6.1 a legal basis is a point (a) to (f); GDPR-6.3 (c) and (e) name the statute */
static void test_art6_legal_basis(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "Bistånd");
	struct gdpr_purpose_input p[2] = { { "Bistånd", "e", "SoL" }, { "Statistik", "g", "" } };
	in.purposes = p;
	in.n_purposes = 2;
	refused(t, &in, ERR_INVALID, "legal_basis_2");
	p[1].legal_basis = "c";
	refused(t, &in, ERR_INVALID, "statute_2");
	p[1].legal_basis = "f";
	create(t, &in);
	/* An empty row of the form is skipped, a purpose without basis is not. */
	struct gdpr_purpose_input q[2] = { { "", "", "" }, { "Uppföljning", "", "" } };
	in = complete(t, "Uppföljning");
	in.purposes = q;
	in.n_purposes = 2;
	refused(t, &in, ERR_INVALID, "legal_basis_2");
}

/* REQ: GDPR-9.2 the points (a) to (j); special categories need one. REQ: GDPR-10 needs its basis */
static void test_art9_and_art10(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "Hälsa");
	struct gdpr_data_input d[2] = { { 0, "5 år", "" }, { 0, "10 år", "" } };
	d[0].category_id = t->contact;
	d[1].category_id = t->health;
	in.data = d;
	in.n_data = 2;
	in.art9_point = "k";
	refused(t, &in, ERR_INVALID, "art9_point");
	in.art9_point = "";
	refused(t, &in, ERR_INVALID, "art9_point");
	in.art9_point = "h";
	int64_t id = create(t, &in);
	assert_string_equal(get(t, id).art9_point, "h");
	/* Criminal offence data: art10 is set by the category and needs its basis. */
	d[1].category_id = t->offences;
	in = complete(t, "Brott");
	in.data = d;
	in.n_data = 2;
	refused(t, &in, ERR_INVALID, "art10_basis");
	in.art10_basis = "Offentlighets- och sekretesslagen";
	id = create(t, &in);
	assert_true(get(t, id).art10);
	/* A category of another organisation does not exist here. */
	d[1].category_id = t->other_org_cat;
	in = complete(t, "Annans");
	in.data = d;
	in.n_data = 2;
	refused(t, &in, ERR_INVALID, "data_ids");
}

/* REQ: GDPR-30.1.f retention periods parse, or are refused naming the category */
static void test_retention(void **state)
{
	struct t *t = *state;
	int64_t m;
	assert_true(gdpr_retention_parse("5 år", &m) && m == 60);
	assert_true(gdpr_retention_parse("3 månader efter avslutat ärende", &m) && m == 3);
	assert_true(gdpr_retention_parse("2 years", &m) && m == 24);
	assert_true(gdpr_retention_parse("45 dagar", &m) && m == 2);
	assert_true(gdpr_retention_parse("Gallras efter 2 veckor", &m) && m == 1);
	assert_true(gdpr_retention_parse("Bevaras", &m) && m == -1);
	assert_true(gdpr_retention_parse("vid inaktualitet", &m) && m == -2);
	assert_false(gdpr_retention_parse("fem år", &m));
	assert_false(gdpr_retention_parse("5 eoner", &m));
	assert_false(gdpr_retention_parse("5år", &m));
	assert_false(gdpr_retention_parse("0 år", &m));

	struct gdpr_activity_input in = complete(t, "Gallring");
	struct gdpr_data_input d[1] = { { t->contact, "fem år", "" } };
	in.data = d;
	refused(t, &in, ERR_INVALID, arena_printf(t->a, "retention_%lld", (long long)t->contact));
}

/* REQ: GDPR-30.1 every item (a)-(g) is there before an entry is submitted */
static void test_art30_items_before_submit(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = { 0 };
	struct gdpr_activity p;
	struct err e = { 0 };
	int64_t id;
	static const struct {
		const char *field;
	} order[] = { { "controller_contact" }, { "dpo_id" },     { "purpose_1" }, { "subject_ids" },
		      { "data_ids" },           { "recipients" }, { "data_ids" },  { "asset_ids" } };

	in.unit_id = t->board;
	in.name = "Ofullständig";
	id = create(t, &in);
	struct gdpr_activity_input full = complete(t, "Ofullständig");
	struct gdpr_data_input no_retention[1] = { { t->contact, "", "" } };
	for (size_t step = 0; step < sizeof(order) / sizeof(order[0]); step++) {
		/* Fill in every item before this one. */
		struct gdpr_activity_input s = in;
		if (step > 0)
			s.controller_contact = full.controller_contact;
		if (step > 1)
			s.dpo_id = full.dpo_id;
		if (step > 2)
			s.purposes = full.purposes, s.n_purposes = 1;
		if (step > 3)
			s.subject_ids = full.subject_ids, s.n_subjects = 1;
		if (step > 4)
			s.data = no_retention, s.n_data = 1;
		if (step > 5)
			s.recipients = full.recipients;
		if (step > 6)
			s.data = full.data;
		p = get(t, id);
		assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version, &s, NULL, &e), 0);
		p = get(t, id);
		err_clear(&e);
		assert_int_equal(gdpr_activity_submit(t->db, t->a, act, &p, p.version, &e), ERR_INVALID);
		if (strcmp(e.field, order[step].field))
			fail_msg("step %zu: submit refused naming %s, expected %s", step, e.field, order[step].field);
		assert_string_equal(get(t, id).state, "draft");
	}
	p = get(t, id);
	assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version, &full, NULL, &e), 0);
	p = get(t, id);
	assert_int_equal(gdpr_activity_submit(t->db, t->a, act, &p, p.version, &e), 0);
	assert_string_equal(get(t, id).state, "submitted");
}

/* The life of an entry: submit, validate (a review), a material change, sending back, asking for a review. */
static void test_states_and_material_change(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "Livscykel");
	struct gdpr_activity p, cur = { 0 };
	struct err e = { 0 };
	int64_t id = create(t, &in);
	char cutoff[11];

	p = get(t, id);
	gdpr_review_cutoff(cutoff);
	assert_string_equal(cutoff, "2025-03-01");
	assert_true(gdpr_review_overdue(&p, cutoff));
	/* A draft cannot be validated. */
	assert_int_equal(gdpr_activity_validate(t->db, t->a, act, &p, p.version, &e), ERR_INVALID);
	assert_string_equal(e.field, "state");
	assert_int_equal(gdpr_activity_submit(t->db, t->a, act, &p, p.version, &e), 0);
	p = get(t, id);
	assert_int_equal(gdpr_activity_validate(t->db, t->a, act, &p, p.version, &e), 0);
	p = get(t, id);
	assert_string_equal(p.state, "validated");
	assert_string_equal(p.reviewed_at, "2026-03-01T10:00:00Z");
	assert_false(gdpr_review_overdue(&p, cutoff));
	/* A stale version changes nothing. */
	assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version - 1, &in, &cur, &e), ERR_CONFLICT);
	assert_int_equal(cur.version, p.version);
	/* A change that is not material keeps it validated. */
	in.description = "Ny beskrivning";
	assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version, &in, NULL, &e), 0);
	p = get(t, id);
	assert_string_equal(p.state, "validated");
	assert_false(p.dpia_needs_review);
	/* A new data category is material: back for validation, DPIA flagged. */
	struct gdpr_data_input d[2] = { { t->contact, "5 år", "" }, { t->health, "10 år", "" } };
	in.data = d;
	in.n_data = 2;
	in.art9_point = "h";
	assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version, &in, NULL, &e), 0);
	p = get(t, id);
	assert_string_equal(p.state, "submitted");
	assert_true(p.dpia_needs_review);
	/* Sending back needs a comment. */
	assert_int_equal(gdpr_activity_send_back(t->db, t->a, act, &p, p.version, "  ", &e), ERR_INVALID);
	assert_string_equal(e.field, "comment");
	assert_int_equal(gdpr_activity_send_back(t->db, t->a, act, &p, p.version, "Ange gallring", &e), 0);
	p = get(t, id);
	assert_string_equal(p.state, "draft");
	assert_string_equal(p.state_comment, "Ange gallring");
	assert_true(p.review_requested);
	/* The owner's list of entries to look at. */
	struct gdpr_filter f;
	struct gdpr_activity *list;
	size_t n;
	int64_t total;
	gdpr_filter_init(&f);
	f.owner_id = t->owner;
	f.review_requested = true;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_int_equal(list[0].id, id);
	/* Someone else's list (the DPO owns none) holds none of them. */
	f.owner_id = t->dpo;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	/* Asking for a review needs an owner. */
	in = complete(t, "Utan ägare");
	in.owner_id = 0;
	p = get(t, create(t, &in));
	assert_int_equal(gdpr_activity_request_review(t->db, t->a, act, &p, p.version, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner_id");
}

/* REQ: GDPR-30.1.a the DPO named is a person holding the role for the controller */
static void test_dpo_and_references(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "Dataskyddsombud");
	int64_t assets[1] = { 999999 };
	in.dpo_id = t->stranger;
	refused(t, &in, ERR_INVALID, "dpo_id");
	in = complete(t, "Okänt system");
	in.asset_ids = assets;
	refused(t, &in, ERR_INVALID, "asset_ids");
	in = complete(t, "Fel enhet");
	in.unit_id = 0;
	refused(t, &in, ERR_INVALID, "unit_id");
	/* Names are unique within a controller, ignoring case. */
	in = complete(t, "Unik");
	create(t, &in);
	in.name = "UNIK";
	refused(t, &in, ERR_INVALID, "name");
	/* Art. 30(2): a processor's entry names the controller it acts for. */
	in = complete(t, "Biträde");
	in.unit_id = t->company;
	in.role = "processor";
	in.dpo_id = 0;
	refused(t, &in, ERR_INVALID, "on_behalf_of");
	in.on_behalf_of = "Ekdala kommun, kommunstyrelsen";
	create(t, &in);
}

static int64_t transfer_add(struct t *t, int64_t activity, const struct gdpr_transfer *tr, int *rc, struct err *e)
{
	struct gdpr_activity p = get(t, activity);
	int64_t id = 0;
	err_clear(e);
	*rc = gdpr_transfer_add(t->db, t->a, act, &p, NULL, tr, &id, e);
	return id;
}

/* REQ: GDPR-44 a third country; GDPR-45 adequacy; GDPR-46.2.c SCC; GDPR-49.1 and GDPR-49.3 */
static void test_transfers_and_art49_3(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "Molntjänst");
	int64_t id = create(t, &in);
	struct gdpr_transfer tr = { .country = "XX", .basis = "adequacy" };
	struct err e = { 0 };
	int rc;

	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, ERR_INVALID);
	assert_string_equal(e.field, "country");
	tr.country = "DE";
	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "country");
	tr.country = "CN";
	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "basis");
	tr.country = "jp"; /* lower case is taken as the code */
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, 0);
	assert_true(get(t, id).has_transfer);
	tr = (struct gdpr_transfer){ .country = "IN", .basis = "scc" };
	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "scc_module");
	tr.scc_module = "2";
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, 0);
	/* A municipality's board is a public authority: no consent or contract derogation. */
	tr = (struct gdpr_transfer){ .country = "BR", .basis = "derogation", .art49_point = "a" };
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, ERR_INVALID);
	assert_string_equal(e.field, "art49_point");
	assert_non_null(strstr(e.msgid, "Art. 49(3)"));
	tr.art49_point = "c";
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, ERR_INVALID);
	tr.art49_point = "d";
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, 0);
	/* A municipal company is not: (a) is allowed there. */
	in = complete(t, "Bolagets kundregister");
	in.unit_id = t->company;
	in.dpo_id = 0;
	int64_t co = create(t, &in);
	tr.art49_point = "a";
	transfer_add(t, co, &tr, &rc, &e);
	assert_int_equal(rc, 0);
}

/* REQ: GDPR-45 the EU-US Data Privacy Framework: the United States only, a certified recipient */
static void test_dpf(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "E-post i molnet");
	int64_t id = create(t, &in);
	struct gdpr_transfer tr = { .country = "US", .recipient = "Molnbolaget Inc.", .basis = "adequacy" };
	struct err e = { 0 };
	int rc;

	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "basis");
	tr.basis = "dpf";
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, ERR_INVALID);
	assert_string_equal(e.field, "dpf_certified");
	tr.dpf_certified = true;
	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "dpf_checked_on");
	tr.dpf_checked_on = "2026-02-30";
	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "dpf_checked_on");
	tr.dpf_checked_on = "2026-02-20";
	int64_t tid = transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, 0);
	tr.country = "CA";
	transfer_add(t, id, &tr, &rc, &e);
	assert_string_equal(e.field, "basis");
	/* A new transfer of a validated entry is material. */
	struct gdpr_activity p = get(t, id);
	assert_int_equal(gdpr_activity_submit(t->db, t->a, act, &p, p.version, &e), 0);
	p = get(t, id);
	assert_int_equal(gdpr_activity_validate(t->db, t->a, act, &p, p.version, &e), 0);
	tr = (struct gdpr_transfer){ .country = "GB", .basis = "adequacy" };
	transfer_add(t, id, &tr, &rc, &e);
	assert_int_equal(rc, 0);
	assert_string_equal(get(t, id).state, "submitted");
	assert_true(get(t, id).dpia_needs_review);
	/* The transfer impact assessment is versioned. */
	struct gdpr_transfer stored;
	int64_t v = 0;
	assert_int_equal(gdpr_transfer_get(t->db, t->a, tid, &stored, &e), 0);
	assert_int_equal(gdpr_tia_add(t->db, t->a, act, &stored, "", NULL, &v, &e), ERR_INVALID);
	assert_int_equal(gdpr_tia_add(t->db, t->a, act, &stored, "Bedömning 1", "Godtagbar", &v, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(gdpr_tia_add(t->db, t->a, act, &stored, "Bedömning 2", "Godtagbar", &v, &e), 0);
	assert_int_equal(v, 2);
	struct gdpr_tia *tias;
	size_t n;
	assert_int_equal(gdpr_tias(t->db, t->a, tid, &tias, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tias[1].assessment, "Bedömning 1");
}

/* REQ: GDPR-35.3 the screening names what triggered it */
static void test_dpia_suggestion(void **state)
{
	struct t *t = *state;
	struct gdpr_dpia_suggestion s;

	gdpr_dpia_suggest(t->a, LANG_EN, 0, false, &s);
	assert_false(s.required);
	/* REQ: GDPR-35.3.a */
	gdpr_dpia_suggest(t->a, LANG_EN, 1 << DPIA_PROFILING, false, &s);
	assert_true(s.required);
	assert_non_null(strstr(s.reasons[0], "35(3)(a)"));
	/* REQ: GDPR-35.3.b large scale alone is one criterion; with special categories it is (b) */
	gdpr_dpia_suggest(t->a, LANG_EN, 1 << DPIA_LARGE_SCALE, false, &s);
	assert_false(s.required);
	assert_int_equal(s.n_criteria, 1);
	gdpr_dpia_suggest(t->a, LANG_EN, 1 << DPIA_LARGE_SCALE, true, &s);
	assert_true(s.required);
	assert_non_null(strstr(s.reasons[0], "35(3)(b)"));
	/* REQ: GDPR-35.3.c */
	gdpr_dpia_suggest(t->a, LANG_EN, 1 << DPIA_PUBLIC_MONITORING, false, &s);
	assert_non_null(strstr(s.reasons[0], "35(3)(c)"));
	/* REQ: GDPR-35.4 two criteria of IMY's list, named */
	gdpr_dpia_suggest(t->a, LANG_EN, (1 << DPIA_VULNERABLE) | (1 << DPIA_EVALUATION), false, &s);
	assert_true(s.required);
	assert_int_equal(s.n_criteria, 2);
	assert_string_equal(s.args[0], "evaluation or scoring, vulnerable data subjects");
	gdpr_dpia_suggest(t->a, LANG_SV, 1 << DPIA_VULNERABLE, true, &s);
	assert_true(s.required);
	assert_int_equal(s.n_criteria, 2);
	/* Stored with the entry, for the filter. */
	struct gdpr_activity_input in = complete(t, "Skolplacering");
	in.dpia_criteria = (1 << DPIA_VULNERABLE) | (1 << DPIA_EVALUATION);
	int64_t id = create(t, &in);
	assert_true(get(t, id).dpia_suggested);
	in.dpia_decision = "not_required";
	struct gdpr_activity p = get(t, id);
	struct err e = { 0 };
	assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "dpia_reason");
}

/*
 * Impact assessments are versions; their measures become activities of this
 * year's action plan of the controller, addressing the version, once.
 */
static void test_dpia_versions(void **state)
{
	struct t *t = *state;
	struct gdpr_activity_input in = complete(t, "Kameraövervakning");
	struct gdpr_activity p = get(t, create(t, &in));
	struct gdpr_dpia_item risks[2] = { { .text = "Obehörig åtkomst", .likelihood = 2, .severity = 4 },
					   { .text = "Felaktiga beslut", .likelihood = 5, .severity = 1 } };
	struct gdpr_dpia_item measures[2] = { { .text = "Tvåfaktorsinloggning" }, { .text = "Loggning" } };
	struct gdpr_dpia_input d = { "Beskrivning", "Nödvändig", "low", false, risks, 2, measures, 2 };
	struct err e = { 0 };
	int64_t id = 0;
	size_t made = 0;

	assert_int_equal(dpia_create(t->db, t->a, act, &p, &d, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "likelihood_2");
	risks[1].likelihood = 1;
	d.residual_risk = "huge";
	assert_int_equal(dpia_create(t->db, t->a, act, &p, &d, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "residual_risk");
	d.residual_risk = "low";
	assert_int_equal(dpia_create(t->db, t->a, act, &p, &d, &id, &e), 0);
	assert_int_equal(dpia_create(t->db, t->a, act, &p, &d, &id, &e), 0);
	struct gdpr_dpia *v;
	size_t n;
	assert_int_equal(dpia_versions(t->db, t->a, p.id, &v, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].version_no, 2);
	assert_int_equal(dpia_opinion(t->db, t->a, act, &v[0], "", &e), ERR_INVALID);
	assert_int_equal(dpia_opinion(t->db, t->a, act, &v[0], "Godtagbar risk.", &e), 0);
	assert_int_equal(dpia_make_actions(t->db, t->a, act, LANG_SV, &v[0], &made, &e), 0);
	assert_int_equal(made, 2);
	assert_int_equal(dpia_make_actions(t->db, t->a, act, LANG_SV, &v[0], &made, &e), ERR_INVALID);
	struct gdpr_dpia_item *items;
	assert_int_equal(dpia_items(t->db, t->a, v[0].id, &items, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_string_equal(e.field, "measures");
	struct plan plan;
	assert_int_equal(plan_find(t->db, t->a, t->board, 2026, &plan, &e), 0);
	struct activity ac;
	struct activity_link_view *links;
	size_t n_links, k = 0;
	const char *const want[2] = { "Tvåfaktorsinloggning", "Loggning" };
	for (size_t i = 0; i < n; i++) {
		if (strcmp(items[i].kind, "measure"))
			continue;
		assert_true(items[i].action_id > 0);
		assert_string_equal(items[i].action_status, "not_started");
		assert_int_equal(activity_get(t->db, t->a, items[i].action_id, &ac, &e), 0);
		assert_int_equal(ac.plan_id, plan.id);
		assert_int_equal(ac.unit_id, t->board);
		assert_string_equal(ac.area_name, "Åtgärder");
		assert_string_equal(ac.title, want[k++]);
		assert_non_null(strstr(ac.purpose, "Kameraövervakning"));
		assert_string_equal(ac.status, "not_started");
		assert_int_equal(ac.responsible_id, t->owner);
		assert_int_equal(activity_links(t->db, t->a, act, ac.id, &links, &n_links, &e), 0);
		assert_int_equal(n_links, 1);
		assert_string_equal(links[0].link.kind, "dpia");
		assert_int_equal(links[0].link.target_id, v[0].id);
		assert_string_equal(links[0].label, "Kameraövervakning, v. 2");
	}
	assert_int_equal(k, 2);
	/* Its status as the plan moves it along. */
	{
		struct activity_input ai = activity_input_of(&ac);
		ai.status = "ongoing";
		assert_int_equal(activity_update(t->db, t->a, act, &ac, ac.version, &ai, NULL, &e), 0);
		assert_int_equal(dpia_items(t->db, t->a, v[0].id, &items, &n, &e), 0);
		assert_string_equal(items[n - 1].action_status, "ongoing");
	}
	/* A new version with the same measures and one more: the kept ones keep their activities, one is made. */
	{
		struct gdpr_dpia_item more[3] = { { .text = "Loggning" },
						  { .text = "Tvåfaktorsinloggning" },
						  { .text = "Utbildning av handläggare" } };
		struct gdpr_dpia_input d2 = { "Beskrivning", "Nödvändig", "low", false, risks, 2, more, 3 };
		struct gdpr_dpia_item *before;
		size_t n_before;
		assert_int_equal(dpia_items(t->db, t->a, v[0].id, &before, &n_before, &e), 0);
		assert_int_equal(dpia_create(t->db, t->a, act, &p, &d2, &id, &e), 0);
		assert_int_equal(dpia_versions(t->db, t->a, p.id, &v, &n, &e), 0);
		assert_int_equal(dpia_make_actions(t->db, t->a, act, LANG_SV, &v[0], &made, &e), 0);
		assert_int_equal(made, 1);
		assert_int_equal(dpia_items(t->db, t->a, v[0].id, &items, &n, &e), 0);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(items[i].kind, "measure"))
				continue;
			assert_true(items[i].action_id > 0);
			for (size_t b = 0; b < n_before; b++)
				if (!strcmp(before[b].kind, "measure") && !strcmp(before[b].text, items[i].text))
					assert_int_equal(items[i].action_id, before[b].action_id);
		}
	}
	/* A measure longer than a title: cut to 300 characters, the last an ellipsis. */
	{
		char text[2 * 400 + 1];
		struct gdpr_dpia_item longer[1] = { { .text = text } };
		struct gdpr_dpia_input d3 = { "Beskrivning", "Nödvändig", "low", false, risks, 2, longer, 1 };
		for (size_t i = 0; i < 400; i++)
			memcpy(text + 2 * i, "å", 2);
		text[sizeof(text) - 1] = 0;
		assert_int_equal(dpia_create(t->db, t->a, act, &p, &d3, &id, &e), 0);
		assert_int_equal(dpia_versions(t->db, t->a, p.id, &v, &n, &e), 0);
		assert_int_equal(dpia_make_actions(t->db, t->a, act, LANG_SV, &v[0], &made, &e), 0);
		assert_int_equal(made, 1);
		assert_int_equal(dpia_items(t->db, t->a, v[0].id, &items, &n, &e), 0);
		assert_int_equal(activity_get(t->db, t->a, items[n - 1].action_id, &ac, &e), 0);
		assert_int_equal(str_utf8_len(ac.title), 300);
		assert_non_null(strstr(ac.title, "åå…"));
		assert_non_null(strstr(ac.purpose, text));
	}
}

/* Processors: agreement dates, the file, deleting one that is used. */
static void test_processors(void **state)
{
	struct t *t = *state;
	struct gdpr_subprocessor subs[2] = { { .name = "Driftbolaget", .country = "se" },
					     { .name = "Support Ltd", .country = "ZZ" } };
	struct gdpr_processor_input pin = { t->board, "Journalleverantören AB", "556000-0000", "", "SE", subs, 2 };
	struct gdpr_processor p;
	struct err e = { 0 };
	int64_t pid = 0, gid = 0;

	assert_int_equal(processor_create(t->db, t->a, act, &pin, &pid, &e), ERR_INVALID);
	assert_string_equal(e.field, "sub_country_2");
	subs[1].country = "IE";
	assert_int_equal(processor_create(t->db, t->a, act, &pin, &pid, &e), 0);
	assert_int_equal(processor_get(t->db, t->a, pid, &p, &e), 0);
	struct gdpr_agreement_input g = { "2026-01-10", "2025-12-31", "SN 2026/4", NULL, NULL, 0 };
	assert_int_equal(agreement_add(t->db, t->a, act, &p, &g, &gid, &e), ERR_INVALID);
	assert_string_equal(e.field, "expires_on");
	g.expires_on = "2026-05-01";
	g.file_name = "avtal.pdf";
	g.file_data = "MZ this is not a PDF";
	g.file_len = strlen(g.file_data);
	assert_int_equal(agreement_add(t->db, t->a, act, &p, &g, &gid, &e), ERR_INVALID);
	assert_string_equal(e.field, "file");
	g.file_name = "avtal.exe";
	assert_int_equal(agreement_add(t->db, t->a, act, &p, &g, &gid, &e), ERR_INVALID);
	char *big = calloc(1, GDPR_FILE_MAX + 2);
	memcpy(big, "%PDF-1.7", 8);
	g.file_name = "avtal.pdf";
	g.file_data = big;
	g.file_len = GDPR_FILE_MAX + 1;
	assert_int_equal(agreement_add(t->db, t->a, act, &p, &g, &gid, &e), ERR_INVALID);
	assert_string_equal(e.field, "file");
	g.file_len = 1000;
	assert_int_equal(agreement_add(t->db, t->a, act, &p, &g, &gid, &e), 0);
	struct gdpr_agreement *ags;
	size_t n;
	const char *data;
	size_t len;
	assert_int_equal(agreements_of(t->db, t->a, pid, &ags, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ags[0].file_size, 1000);
	assert_int_equal(strlen(ags[0].file_sha256), 64);
	assert_int_equal(agreement_file(t->db, t->a, &ags[0], &data, &len, &e), 0);
	assert_int_equal(len, 1000);
	assert_memory_equal(data, big, 1000);
	free(big);
	/* The agreement expires within 90 days of 2026-03-01: flagged. */
	assert_int_equal(processor_get(t->db, t->a, pid, &p, &e), 0);
	assert_non_null(processor_agreement_flag(&p, "2026-03-01"));
	/* Used by an activity: deleting it is refused, naming the activity. */
	struct gdpr_activity_input in = complete(t, "Journalföring");
	int64_t procs[1] = { pid };
	in.processor_ids = procs;
	in.n_processors = 1;
	create(t, &in);
	assert_int_equal(processor_get(t->db, t->a, pid, &p, &e), 0);
	assert_int_equal(p.n_activities, 1);
	assert_int_equal(processor_delete(t->db, t->a, act, &p, &e), ERR_CONFLICT);
	assert_string_equal(e.arg, "Journalföring");
	assert_int_equal(processor_get(t->db, t->a, pid, &p, &e), 0);
}

static const char *arg_of(void *ctx, const char *name)
{
	const char *const *kv = ctx;
	for (size_t i = 0; kv[i]; i += 2)
		if (!strcmp(kv[i], name))
			return kv[i + 1];
	return NULL;
}

/* The list's filters: subtree, legal basis, special categories, third country, DPIA, review overdue. */
static void test_filters(void **state)
{
	struct t *t = *state;
	struct gdpr_filter f;
	struct gdpr_activity *list;
	size_t n;
	int64_t total, all;
	struct err e = { 0 };

	gdpr_filter_init(&f);
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &all, &e), 0);
	struct gdpr_activity_input in = complete(t, "Filter");
	struct gdpr_purpose_input p[1] = { { "Avtal", "b", "" } };
	in.purposes = p;
	in.dpia_criteria = 1 << DPIA_PROFILING;
	int64_t id = create(t, &in);
	f.legal_basis = "b";
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	assert_int_equal(list[0].id, id);
	gdpr_filter_init(&f);
	f.dpia_required = 1;
	f.unit_id = t->board;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_true(total >= 1);
	for (size_t i = 0; i < n; i++)
		assert_true(list[i].dpia_suggested || !strcmp(list[i].dpia_decision, "required"));
	gdpr_filter_init(&f);
	f.unit_id = t->other_org;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(total, 0);
	gdpr_filter_init(&f);
	f.review_overdue = true;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_true(total >= 1 && total <= all + 1);
	/* The arguments of pages, API and exports; a bad one is named. */
	static const char *const good[] = {
		"legal_basis", "e",    "special",  "true", "third_country", "false", "review_overdue",
		"true",        "sort", "reviewed", NULL
	};
	gdpr_filter_init(&f);
	assert_int_equal(gdpr_filter_parse(&f, arg_of, (void *)good, &e), 0);
	assert_string_equal(f.legal_basis, "e");
	assert_int_equal(f.special, 1);
	assert_int_equal(f.third_country, 0);
	assert_true(f.review_overdue);
	assert_int_equal(f.sort, GDPR_SORT_REVIEWED);
	static const char *const bad[][3] = { { "legal_basis", "g", NULL }, { "state", "done", NULL },
					      { "special", "ja", NULL },    { "unit_id", "x", NULL },
					      { "sort", "size", NULL },     { "role", "owner", NULL } };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gdpr_filter_init(&f);
		assert_int_equal(gdpr_filter_parse(&f, arg_of, (void *)bad[i], &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i][0]);
	}
}

struct named {
	const char *folded;
	int64_t id;
};

static int by_folded_name(const void *x, const void *y)
{
	const struct named *a = x, *b = y;
	int c = strcmp(a->folded, b->folded);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/*
 * The whole register by name, when it is large, is read along the folded name's index: every page holds
 * what sorting all the activities by folded name and id gives (case and Å, Ä, Ö folded as lower() folds
 * them), and a renamed activity moves at once.
 */
static void test_register_by_name_at_scale(void **state)
{
	struct t *t = *state;
	static const char *const stems[] = {
		"Ärende", "ärende", "Åtgärd", "apa", "Öppen", "Zeta", "bistånd", "Bistånd"
	};
	struct gdpr_filter f;
	struct gdpr_activity *list, *all;
	struct named *want;
	size_t n, n_all;
	int64_t total, renamed;
	struct err e = { 0 };

	assert_int_equal(db_batch_begin(t->db, &e), 0);
	for (int k = 0; k < 2100; k++) {
		struct gdpr_activity_input in = complete(t, arena_printf(t->a, "%s %d", stems[k % 8], (k * 37) % 2100));
		create(t, &in);
	}
	assert_int_equal(db_batch_commit(t->db, &e), 0);
	/* The expected order, from the whole register read the other way (sorted by the database, not along the index). */
	gdpr_filter_init(&f);
	f.desc = true;
	f.limit = 20000;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &all, &n_all, &total, &e), 0);
	assert_true(n_all >= 2100);
	want = arena_calloc(t->a, n_all, sizeof(*want));
	for (size_t i = 0; i < n_all; i++)
		want[i] = (struct named){ str_fold(t->a, all[i].name), all[i].id };
	qsort(want, n_all, sizeof(*want), by_folded_name);
	for (int64_t off = 0; off < (int64_t)n_all; off += 1000) {
		gdpr_filter_init(&f);
		f.limit = 50;
		f.offset = off;
		assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
		assert_int_equal(total, (int64_t)n_all);
		assert_int_equal(n, n_all - (size_t)off < 50 ? n_all - (size_t)off : 50);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(list[i].id, want[off + (int64_t)i].id);
	}
	/* Renamed, the last one comes first. */
	{
		struct gdpr_activity p = get(t, want[n_all - 1].id);
		struct gdpr_activity_input in = complete(t, "AAA först");
		renamed = p.id;
		assert_int_equal(gdpr_activity_update(t->db, t->a, act, &p, p.version, &in, NULL, &e), 0);
	}
	gdpr_filter_init(&f);
	f.limit = 5;
	assert_int_equal(gdpr_activity_list(t->db, t->a, &f, &list, &n, &total, &e), 0);
	assert_int_equal(list[0].id, renamed);
	assert_string_equal(list[0].name, "AAA först");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_art6_legal_basis),
		cmocka_unit_test(test_art9_and_art10),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_art30_items_before_submit),
		cmocka_unit_test(test_states_and_material_change),
		cmocka_unit_test(test_dpo_and_references),
		cmocka_unit_test(test_transfers_and_art49_3),
		cmocka_unit_test(test_dpf),
		cmocka_unit_test(test_dpia_suggestion),
		cmocka_unit_test(test_dpia_versions),
		cmocka_unit_test(test_processors),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_register_by_name_at_scale),
	};
	i18n_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
