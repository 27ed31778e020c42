/*
 * test_classify.c - the rules of information classification, against a
 * real database (SQLite in memory, or PostgreSQL with TEST_DB_URL): the
 * default model and question bank, the level computation, versions and
 * their snapshots, signing and the review date, and inheritance from held
 * information sets with the review flag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/asset.h"
#include "domain/audit.h"
#include "domain/classify.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "fixtures.h"

static const struct auth *const act = &fx_system;

struct t {
	struct db *db;
	struct arena *a;
	int64_t org, board, owner, other;
	struct unit board_u;
};

static int64_t mk_unit(struct t *t, int64_t parent, const char *kind, const char *name)
{
	struct unit_input in = { parent, kind, name, "", "", "" };
	struct err e = { 0 };
	int64_t id = 0;
	if (unit_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("unit_create(%s): %s", name, e.msgid);
	return id;
}

static int64_t mk_user(struct t *t, const char *username)
{
	struct user_input in = { username, username, "", "sv", true };
	struct err e = { 0 };
	int64_t id = 0;
	if (user_create(t->db, t->a, act, &in, "correct horse battery staple", &id, &e))
		fail_msg("user_create(%s): %s", username, e.msgid);
	return id;
}

static int setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	struct err e = { 0 };
	user_set_fast_hash(true);
	unsetenv("TILLIT_NOW");
	assert_int_equal(fixture_db_open(&t->db), 0);
	t->a = arena_new();
	t->org = mk_unit(t, 0, "organisation", "Ekdala kommun");
	t->board = mk_unit(t, t->org, "board", "Socialnämnden");
	assert_int_equal(unit_get(t->db, t->a, t->board, &t->board_u, &e), 0);
	t->owner = mk_user(t, "olle");
	t->other = mk_user(t, "sam");
	/* Owners hold the owner role over the board: only they can sign, so only they may be named. */
	assert_int_equal(grant_add(t->db, t->a, act, t->owner, t->board, "owner", NULL, &e), 0);
	assert_int_equal(grant_add(t->db, t->a, act, t->other, t->board, "owner", NULL, &e), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;
	unsetenv("TILLIT_NOW");
	arena_free(t->a);
	fixture_db_close(t->db);
	free(t);
	return 0;
}

static int64_t mk_asset(struct t *t, const char *kind, const char *name, int64_t owner)
{
	struct asset_input in = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	in.unit_id = t->board;
	in.kind = kind;
	in.name = name;
	in.owner_id = owner;
	if (asset_create(t->db, t->a, act, &in, &id, &e))
		fail_msg("asset_create(%s): %s %s", name, e.msgid, e.field ? e.field : "");
	return id;
}

/* An auth for @user holding @role on the board. */
static struct auth auth_of(struct t *t, int64_t user, enum role role, struct grant *g)
{
	struct auth au = { 0 };
	*g = (struct grant){ 1, role, t->board, t->board_u.path, "Socialnämnden" };
	au.user_id = user;
	au.username = "u";
	au.grants = g;
	au.n_grants = role == ROLE_NONE ? 0 : 1;
	return au;
}

/* The id of the first active question of @aspect whose text starts with @prefix (or any when NULL). */
static const struct class_question *question(struct class_question *qs, size_t n, const char *aspect,
					     const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(qs[i].aspect, aspect) && (!prefix || !strncmp(qs[i].text, prefix, strlen(prefix))))
			return &qs[i];
	fail_msg("no question %s %s", aspect, prefix ? prefix : "");
	return NULL;
}

/* The option of @q implying @level. */
static int64_t option(const struct class_question *q, int64_t level)
{
	for (size_t i = 0; i < q->n_options; i++)
		if (q->options[i].implies_level == level)
			return q->options[i].id;
	fail_msg("question %s has no option at level %lld", q->text, (long long)level);
	return 0;
}

static struct class_input no_input(void)
{
	struct class_input in = { 0 };
	for (int k = 0; k < CLASS_N_ASPECTS; k++)
		in.requested[k] = -1;
	return in;
}

static void test_default_model_and_bank(void **state)
{
	struct t *t = *state;
	struct class_model m, again;
	struct class_question *qs;
	size_t n, n2;
	int per[CLASS_N_ASPECTS] = { 0 };
	struct err e = { 0 };

	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	assert_int_equal(m.max_level, 4);
	assert_int_equal(m.review_months, 12);
	assert_false(m.use_traceability);
	assert_int_equal(classify_n_aspects(&m), 3);
	assert_string_equal(classify_level_name(&m, 0), "Ingen eller försumbar skada");
	assert_string_equal(classify_level_name(&m, 1), "Måttlig skada");
	assert_string_equal(classify_level_name(&m, 2), "Betydande skada");
	assert_string_equal(classify_level_name(&m, 3), "Allvarlig skada");
	assert_string_equal(classify_level_name(&m, 4), "Synnerligen allvarlig skada");
	assert_non_null(strstr(m.levels[4].description, "särskild analys"));
	assert_null(classify_level_name(&m, 5));
	assert_null(classify_level_name(&m, -1));
	assert_int_equal(classify_questions(t->db, t->a, t->org, true, &qs, &n, &e), 0);
	for (size_t i = 0; i < n; i++) {
		per[class_aspect_parse(qs[i].aspect)]++;
		assert_true(qs[i].n_options >= 2 && qs[i].n_options <= 5);
		for (size_t k = 0; k < qs[i].n_options; k++)
			assert_true(qs[i].options[k].implies_level >= 0 && qs[i].options[k].implies_level <= 4);
	}
	assert_true(per[CLASS_C] >= 5 && per[CLASS_I] >= 5 && per[CLASS_A] >= 5 && per[CLASS_T] >= 3);
	/* The art. 9 question implies at least level 3. */
	assert_int_equal(question(qs, n, "confidentiality", "Innehåller informationen personuppgifter av känslig art")
				 ->options[1]
				 .implies_level,
			 3);
	/* Reading again neither recreates nor duplicates; the model is per organisation. */
	assert_int_equal(classify_model_get(t->db, t->a, t->org, &again, &e), 0);
	assert_int_equal(again.id, m.id);
	assert_int_equal(classify_questions(t->db, t->a, t->org, false, &qs, &n2, &e), 0);
	assert_int_equal(n2, n);
	assert_int_equal(classify_model_for_unit(t->db, t->a, t->board, &again, &e), 0);
	assert_int_equal(again.id, m.id);
	/* A board is not an organisation. */
	assert_int_equal(classify_model_get(t->db, t->a, t->board, &again, &e), ERR_NOTFOUND);
	assert_int_equal(unit_org_of("/7/12/30/"), 7);
	assert_int_equal(unit_org_of("nonsense"), 0);
}

/* A small model and bank, without the database. */
static struct class_option opts_c1[] = { { 11, 1, 1, "Nej", 0 }, { 12, 1, 2, "Ja", 3 } };
static struct class_option opts_c2[] = { { 21, 2, 1, "Lite", 1 }, { 22, 2, 2, "Mycket", 2 } };
static struct class_option opts_i1[] = { { 31, 3, 1, "Nej", 0 }, { 32, 3, 2, "Ja", 2 } };
static struct class_option opts_t1[] = { { 41, 4, 1, "Nej", 0 }, { 42, 4, 2, "Ja", 2 } };
static struct class_option opts_x[] = { { 51, 5, 1, "Nej", 0 }, { 52, 5, 2, "Ja", 4 } };

static void small_bank(struct class_model *m, struct class_question qs[5])
{
	memset(m, 0, sizeof(*m));
	m->max_level = 4;
	m->review_months = 12;
	memset(qs, 0, 5 * sizeof(*qs));
	qs[0] = (struct class_question){ 1, 1, "confidentiality", 1, "C1", "", true, 1, "", opts_c1, 2 };
	qs[1] = (struct class_question){ 2, 1, "confidentiality", 2, "C2", "", true, 1, "", opts_c2, 2 };
	qs[2] = (struct class_question){ 3, 1, "integrity", 1, "I1", "", true, 1, "", opts_i1, 2 };
	qs[3] = (struct class_question){ 4, 1, "traceability", 1, "T1", "", true, 1, "", opts_t1, 2 };
	qs[4] = (struct class_question){ 5, 1, "availability", 1, "X (inactive)", "", false, 1, "", opts_x, 2 };
}

static void test_compute(void **state)
{
	struct class_model m;
	struct class_question qs[5];
	struct class_computation c;
	struct class_input in = no_input();
	const int64_t none[CLASS_N_ASPECTS] = { 0, 0, 0, 0 };
	const int64_t inh[CLASS_N_ASPECTS] = { 1, 3, 0, 0 };
	struct err e = { 0 };
	(void)state;

	small_bank(&m, qs);
	/* No answers: level 0 on every aspect in use; traceability not used. */
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), 0);
	assert_int_equal(c.computed[CLASS_C], 0);
	assert_int_equal(c.level[CLASS_C], 0);
	assert_int_equal(c.level[CLASS_I], 0);
	assert_int_equal(c.level[CLASS_A], 0);
	assert_int_equal(c.level[CLASS_T], -1);

	/* The highest implied level of each aspect. */
	struct class_answer ans[] = { { 1, 12 }, { 2, 21 }, { 3, 31 } };
	in.answers = ans;
	in.n_answers = 3;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), 0);
	assert_int_equal(c.computed[CLASS_C], 3);
	assert_int_equal(c.computed[CLASS_I], 0);
	assert_int_equal(c.level[CLASS_C], 3);

	/* Raised with a motivation: allowed. */
	in.requested[CLASS_I] = 2;
	in.motivation[CLASS_I] = "Underlag för beslut om bistånd";
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), 0);
	assert_int_equal(c.level[CLASS_I], 2);
	assert_string_equal(c.motivation[CLASS_I], "Underlag för beslut om bistånd");

	/* Raised without one: refused, naming the motivation field; blank counts as none. */
	in.motivation[CLASS_I] = "   ";
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "motivation_integrity");
	in.requested[CLASS_I] = -1;
	in.motivation[CLASS_I] = NULL;

	/* Lowered below the answers: refused, naming the level field, even with a motivation. */
	in.requested[CLASS_C] = 2;
	in.motivation[CLASS_C] = "Vi tycker annorlunda";
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "level_confidentiality");
	/* Keeping the computed level needs no motivation. */
	in.requested[CLASS_C] = 3;
	in.motivation[CLASS_C] = NULL;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), 0);

	/* Inherited minimum: the floor is the higher of computed and inherited. */
	in.requested[CLASS_C] = -1;
	assert_int_equal(classify_compute(&m, qs, 5, &in, inh, &c, &e), 0);
	assert_int_equal(c.inherited[CLASS_I], 3);
	assert_int_equal(c.floor[CLASS_I], 3);
	assert_int_equal(c.level[CLASS_I], 3);
	assert_int_equal(c.level[CLASS_C], 3);
	in.requested[CLASS_I] = 2;
	in.motivation[CLASS_I] = "Lägre räcker";
	assert_int_equal(classify_compute(&m, qs, 5, &in, inh, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "level_integrity");
	/* Raising above the inherited level needs a motivation too. */
	in.requested[CLASS_I] = 4;
	in.motivation[CLASS_I] = NULL;
	assert_int_equal(classify_compute(&m, qs, 5, &in, inh, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "motivation_integrity");

	/* Above the scale: refused. */
	in.requested[CLASS_I] = 5;
	in.motivation[CLASS_I] = "Mycket viktig";
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "level_integrity");
	in.requested[CLASS_I] = -1;
	in.motivation[CLASS_I] = NULL;

	/* Traceability answered while the model does not use it: refused; used: computed. */
	struct class_answer with_t[] = { { 1, 11 }, { 4, 42 } };
	in.answers = with_t;
	in.n_answers = 2;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "answers");
	m.use_traceability = true;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), 0);
	assert_int_equal(c.computed[CLASS_T], 2);
	assert_int_equal(c.level[CLASS_T], 2);
	m.use_traceability = false;

	/* An option of another question, an inactive question, a question twice: refused. */
	struct class_answer wrong[] = { { 1, 21 } };
	struct class_answer inactive[] = { { 5, 52 } };
	struct class_answer twice[] = { { 1, 11 }, { 1, 12 } };
	in.answers = wrong;
	in.n_answers = 1;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "answers");
	in.answers = inactive;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
	in.answers = twice;
	in.n_answers = 2;
	assert_int_equal(classify_compute(&m, qs, 5, &in, none, &c, &e), ERR_INVALID);
}

static void test_add_months(void **state)
{
	char out[11];
	(void)state;
	assert_int_equal(classify_add_months("2025-01-31", 1, out), 0);
	assert_string_equal(out, "2025-02-28");
	assert_int_equal(classify_add_months("2024-01-31", 1, out), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(classify_add_months("2025-03-15", 12, out), 0);
	assert_string_equal(out, "2026-03-15");
	assert_int_equal(classify_add_months("2025-12-31", 2, out), 0);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(classify_add_months("2025-08-31", 1, out), 0);
	assert_string_equal(out, "2025-09-30");
	assert_int_equal(classify_add_months("2025-02-30", 1, out), ERR_INVALID);
	assert_int_equal(classify_add_months("nonsense", 1, out), ERR_INVALID);
}

static int count_audit(struct t *t, const char *entity, int64_t id, const char *action)
{
	struct audit_filter f = { 0 };
	struct audit_entry *en;
	size_t n;
	int64_t total = 0;
	struct err e = { 0 };
	f.entity = entity;
	f.entity_id = id;
	f.action = action;
	f.limit = 100;
	assert_int_equal(fx_audit_list(t->db, t->a, &f, &en, &n, &total, &e), 0);
	return (int)total;
}

static void test_versions_and_signing(void **state)
{
	struct t *t = *state;
	struct class_model m;
	struct class_model_input mi;
	struct class_question *qs;
	struct classification c, *list;
	struct class_computation comp;
	struct asset as;
	struct grant g;
	struct auth owner, coordinator, owner_no_role, stranger;
	struct err e = { 0 };
	size_t n;
	int64_t v1, v2, v3;
	int64_t sys = mk_asset(t, "system", "Verksamhetssystem IFO", t->owner);
	int64_t orphan = mk_asset(t, "system", "Ägarlöst system", 0);

	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	/* A one-month interval shows the clamped review date. */
	memset(&mi, 0, sizeof(mi));
	mi.max_level = 4;
	mi.review_months = 1;
	for (int l = 0; l <= 4; l++)
		mi.names[l] = m.levels[l].name;
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &mi, NULL, &e), 0);
	assert_int_equal(classify_questions(t->db, t->a, t->org, true, &qs, &n, &e), 0);

	const struct class_question *art9 =
		question(qs, n, "confidentiality", "Innehåller informationen personuppgifter av känslig art");
	struct class_answer ans[] = { { art9->id, option(art9, 3) } };
	struct class_input in = no_input();
	in.answers = ans;
	in.n_answers = 1;
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &in, &v1, &comp, &e), 0);
	assert_int_equal(comp.level[CLASS_C], 3);
	in.requested[CLASS_A] = 2;
	in.motivation[CLASS_A] = "Dygnet runt-verksamhet";
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &in, &v2, &comp, &e), 0);
	/* A refused raise saves nothing. */
	in.requested[CLASS_A] = 3;
	in.motivation[CLASS_A] = "";
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &in, &v3, &comp, &e), ERR_INVALID);
	assert_string_equal(e.field, "motivation_availability");
	assert_int_equal(classify_list(t->db, t->a, sys, &list, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].version_no, 2);
	assert_int_equal(list[1].version_no, 1);
	assert_int_equal(classify_get(t->db, t->a, v1, &c, &e), 0);
	assert_string_equal(c.status, "draft");
	assert_int_equal(c.level[CLASS_C], 3);
	assert_int_equal(c.level[CLASS_T], -1);
	assert_int_equal(c.n_answers, 1);
	assert_string_equal(c.answers[0].option, "Ja");
	assert_int_equal(c.answers[0].implies_level, 3);
	assert_int_equal(count_audit(t, "classification", v1, "create"), 1);

	/* The snapshot keeps the question as it was when it was answered. */
	struct class_question before;
	assert_int_equal(classify_question_get(t->db, t->a, art9->id, &before, &e), 0);
	struct class_option_input oi[] = { { before.options[0].id, "Nej", 0 },
					   { before.options[1].id, "Ja, känsliga", 3 } };
	struct class_question_input qi = { "confidentiality", "Ändrad fråga", "", false, oi, 2 };
	assert_int_equal(fx_classify_question_update(t->db, t->a, act, art9->id, before.version, &qi, NULL, &e), 0);
	assert_int_equal(classify_get(t->db, t->a, v1, &c, &e), 0);
	assert_non_null(strstr(c.answers[0].question, "känslig art"));
	assert_string_equal(c.answers[0].option, "Ja");
	/* Deactivated: no longer asked, still kept. */
	assert_int_equal(classify_questions(t->db, t->a, t->org, true, &qs, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(qs[i].id, art9->id);
	assert_int_equal(classify_question_get(t->db, t->a, art9->id, &before, &e), 0);
	assert_false(before.active);

	owner = auth_of(t, t->owner, ROLE_OWNER, &g);
	/* Only the newest version can be signed. */
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, v1, &e), ERR_INVALID);
	/* A coordinator is not the owner. */
	struct grant g2, g3, g4;
	coordinator = auth_of(t, t->other, ROLE_COORDINATOR, &g2);
	assert_int_equal(fx_classify_sign(t->db, t->a, &coordinator, v2, &e), ERR_FORBIDDEN);
	/* The owner without any role in scope may not sign either. */
	owner_no_role = auth_of(t, t->owner, ROLE_NONE, &g3);
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner_no_role, v2, &e), ERR_FORBIDDEN);
	stranger = auth_of(t, t->other, ROLE_OWNER, &g4);
	assert_int_equal(fx_classify_sign(t->db, t->a, &stranger, v2, &e), ERR_FORBIDDEN);
	assert_int_equal(asset_get(t->db, t->a, sys, &as, &e), 0);
	assert_int_equal(as.classification_id, 0);

	/* REQ: review date = signing date + review interval, day clamped to the month. */
	setenv("TILLIT_NOW", "2025-01-31T10:00:00Z", 1);
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, v2, &e), 0);
	unsetenv("TILLIT_NOW");
	assert_int_equal(classify_get(t->db, t->a, v2, &c, &e), 0);
	assert_string_equal(c.status, "signed");
	assert_int_equal(c.signed_by, t->owner);
	assert_string_equal(c.signed_at, "2025-01-31T10:00:00Z");
	assert_string_equal(c.review_due, "2025-02-28");
	assert_int_equal(asset_get(t->db, t->a, sys, &as, &e), 0);
	assert_int_equal(as.classification_id, v2);
	assert_string_equal(as.review_due, "2025-02-28");
	assert_int_equal(as.c_level, 3);
	assert_int_equal(as.a_level, 2);
	assert_false(as.needs_review);
	assert_int_equal(count_audit(t, "classification", v2, "sign"), 1);
	/* Signed once only. */
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, v2, &e), ERR_INVALID);

	/* No owner: an owner must be set first. */
	struct class_input empty = no_input();
	assert_int_equal(fx_classify_create(t->db, t->a, act, orphan, &empty, &v3, NULL, &e), 0);
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, v3, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner_id");
}

/*
 * A coordinator cannot sign a draft made for the owner by making themselves
 * owner for a moment: the owner change leaves the draft unsignable until the
 * new owner saves it again, and the signature records the roles it was made on.
 */
static void test_owner_change_and_signer_roles(void **state)
{
	struct t *t = *state;
	struct grant g;
	struct auth coord = auth_of(t, t->other, ROLE_COORDINATOR, &g);
	struct class_input in = no_input();
	struct classification c;
	struct asset as;
	struct asset_input ai;
	struct err e = { 0 };
	int64_t draft, again;
	int64_t sys = mk_asset(t, "system", "Ekonomisystem Raindance", t->owner);

	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &in, &draft, NULL, &e), 0);
	assert_int_equal(classify_get(t->db, t->a, draft, &c, &e), 0);
	assert_int_equal(c.drafted_owner_id, t->owner);

	/* The coordinator makes themselves the owner ... */
	assert_int_equal(asset_get(t->db, t->a, sys, &as, &e), 0);
	ai = asset_input_of(&as);
	ai.owner_id = t->other;
	assert_int_equal(fx_asset_update(t->db, t->a, &coord, sys, as.version, &ai, NULL, &e), 0);
	/* ... and cannot sign the owner's draft. */
	assert_int_equal(fx_classify_sign(t->db, t->a, &coord, draft, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	assert_int_equal(classify_get(t->db, t->a, draft, &c, &e), 0);
	assert_string_equal(c.status, "draft");

	/* Saving it again as the new owner makes a draft they can sign; the signature says on which role. */
	assert_int_equal(fx_classify_create(t->db, t->a, &coord, sys, &in, &again, NULL, &e), 0);
	assert_int_equal(fx_classify_sign(t->db, t->a, &coord, again, &e), 0);
	assert_int_equal(classify_get(t->db, t->a, again, &c, &e), 0);
	assert_string_equal(c.status, "signed");
	assert_string_equal(c.signed_roles, "coordinator");

	/* The owner proper signs as owner. */
	struct grant g2;
	struct auth owner = auth_of(t, t->owner, ROLE_OWNER, &g2);
	assert_int_equal(asset_get(t->db, t->a, sys, &as, &e), 0);
	ai = asset_input_of(&as);
	ai.owner_id = t->owner;
	assert_int_equal(fx_asset_update(t->db, t->a, &coord, sys, as.version, &ai, NULL, &e), 0);
	assert_int_equal(fx_classify_create(t->db, t->a, &owner, sys, &in, &again, NULL, &e), 0);
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, again, &e), 0);
	assert_int_equal(classify_get(t->db, t->a, again, &c, &e), 0);
	assert_string_equal(c.signed_roles, "owner");
}

static void sign_as_owner(struct t *t, int64_t id)
{
	struct grant g;
	struct auth au = auth_of(t, t->owner, ROLE_OWNER, &g);
	struct err e = { 0 };
	if (fx_classify_sign(t->db, t->a, &au, id, &e))
		fail_msg("classify_sign: %s", e.msgid);
}

static void test_inheritance(void **state)
{
	struct t *t = *state;
	struct class_question *qs;
	struct class_source *src;
	struct class_computation comp;
	struct classification c;
	struct asset x, y, z;
	struct err e = { 0 };
	size_t n, n_src;
	int64_t inh[CLASS_N_ASPECTS], s1, xc, s2, zc, id;
	int64_t set = mk_asset(t, "information_set", "Personakter", t->owner);
	int64_t sys = mk_asset(t, "system", "Journalsystem", t->owner);
	int64_t unclassified = mk_asset(t, "system", "Arkiv", t->owner);
	int64_t higher = mk_asset(t, "system", "Säkert system", t->owner);

	assert_int_equal(fx_asset_link_add(t->db, t->a, act, sys, set, "holds", &id, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, unclassified, set, "holds", &id, &e), 0);
	assert_int_equal(fx_asset_link_add(t->db, t->a, act, higher, set, "holds", &id, &e), 0);
	struct class_model m;
	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	assert_int_equal(classify_questions(t->db, t->a, t->org, true, &qs, &n, &e), 0);
	const struct class_question *art9 =
		question(qs, n, "confidentiality", "Innehåller informationen personuppgifter av känslig art");

	/* An unclassified set gives nothing. */
	assert_int_equal(classify_inherited(t->db, t->a, sys, inh, &src, &n_src, &e), 0);
	assert_int_equal(n_src, 1);
	assert_int_equal(inh[CLASS_C], 0);

	/* The set is classified C3 and signed. */
	struct class_answer ans[] = { { art9->id, option(art9, 3) } };
	struct class_input in = no_input();
	in.answers = ans;
	in.n_answers = 1;
	assert_int_equal(fx_classify_create(t->db, t->a, act, set, &in, &s1, NULL, &e), 0);
	sign_as_owner(t, s1);
	/* Holders not yet classified are flagged. */
	assert_int_equal(asset_get(t->db, t->a, unclassified, &y, &e), 0);
	assert_true(y.needs_review);
	assert_int_equal(count_audit(t, "asset", unclassified, "flag_review"), 1);

	/* The system inherits C3 from the set, named as the source. */
	struct class_input none = no_input();
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &none, &xc, &comp, &e), 0);
	assert_int_equal(comp.computed[CLASS_C], 0);
	assert_int_equal(comp.inherited[CLASS_C], 3);
	assert_int_equal(comp.level[CLASS_C], 3);
	assert_int_equal(classify_get(t->db, t->a, xc, &c, &e), 0);
	assert_int_equal(c.n_sources, 1);
	assert_string_equal(c.sources[0].name, "Personakter");
	assert_int_equal(c.sources[0].level[CLASS_C], 3);
	/* Lowering below the inherited level is refused. */
	none.requested[CLASS_C] = 2;
	none.motivation[CLASS_C] = "Lägre";
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &none, &id, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "level_confidentiality");
	sign_as_owner(t, xc);

	/* A holder already above the set's level is classified C4. */
	struct class_input four = no_input();
	four.requested[CLASS_C] = 4;
	four.motivation[CLASS_C] = "Skyddade personuppgifter";
	assert_int_equal(fx_classify_create(t->db, t->a, act, higher, &four, &zc, NULL, &e), 0);
	sign_as_owner(t, zc);

	/* The set is re-classified at the same level: nobody is flagged. */
	assert_int_equal(fx_classify_create(t->db, t->a, act, set, &in, &s2, NULL, &e), 0);
	sign_as_owner(t, s2);
	assert_int_equal(asset_get(t->db, t->a, sys, &x, &e), 0);
	assert_false(x.needs_review);

	/* Re-classified higher (integrity raised): the system is flagged, the higher one is not. */
	in.requested[CLASS_I] = 2;
	in.motivation[CLASS_I] = "Beslutsunderlag";
	assert_int_equal(fx_classify_create(t->db, t->a, act, set, &in, &s2, NULL, &e), 0);
	sign_as_owner(t, s2);
	assert_int_equal(asset_get(t->db, t->a, sys, &x, &e), 0);
	assert_true(x.needs_review);
	assert_int_equal(count_audit(t, "asset", sys, "flag_review"), 2); /* unclassified at first, then lower */
	assert_int_equal(asset_get(t->db, t->a, higher, &z, &e), 0);
	assert_true(z.needs_review); /* integrity 2 > its 0 */
	/* Why: the set now has a higher level than the system. */
	assert_int_equal(classify_inherited(t->db, t->a, sys, inh, &src, &n_src, &e), 0);
	assert_int_equal(inh[CLASS_I], 2);
	assert_true(classify_source_raises(&src[0], &x));
	/* Signing a new classification of the system clears the flag. */
	struct class_input again = no_input();
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &again, &xc, &comp, &e), 0);
	assert_int_equal(comp.level[CLASS_I], 2);
	sign_as_owner(t, xc);
	assert_int_equal(asset_get(t->db, t->a, sys, &x, &e), 0);
	assert_false(x.needs_review);
	assert_false(classify_source_raises(&src[0], &x));
}

static void test_question_bank(void **state)
{
	struct t *t = *state;
	struct class_question *qs, q, cur;
	struct err e = { 0 };
	size_t n;
	int64_t id;
	struct class_option_input two[] = { { 0, "Nej", 0 }, { 0, "Ja", 2 } };
	struct class_option_input one[] = { { 0, "Bara ett", 0 } };
	struct class_option_input high[] = { { 0, "Nej", 0 }, { 0, "Ja", 5 } };
	struct class_option_input blank[] = { { 0, "Nej", 0 }, { 0, "  ", 1 } };
	struct class_question_input in = { "availability", "Används informationen vid larm?", "", true, two, 2 };

	assert_int_equal(classify_question_create(t->db, t->a, act, t->org, &in, &id, &e), 0);
	assert_int_equal(classify_question_get(t->db, t->a, id, &q, &e), 0);
	assert_int_equal(q.n_options, 2);
	assert_string_equal(q.options[1].text, "Ja");
	assert_int_equal(count_audit(t, "class_question", id, "create"), 1);

	struct class_question_input bad = in;
	bad.aspect = "secrecy";
	assert_int_equal(classify_question_create(t->db, t->a, act, t->org, &bad, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "aspect");
	bad = in;
	bad.text = " ";
	assert_int_equal(classify_question_create(t->db, t->a, act, t->org, &bad, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "text");
	bad = in;
	bad.options = one;
	bad.n_options = 1;
	assert_int_equal(classify_question_create(t->db, t->a, act, t->org, &bad, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "options");
	bad.options = high;
	bad.n_options = 2;
	assert_int_equal(classify_question_create(t->db, t->a, act, t->org, &bad, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "option_level_2");
	bad.options = blank;
	assert_int_equal(classify_question_create(t->db, t->a, act, t->org, &bad, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "option_text_2");

	/* Two people edit the same question: the second is refused and sees the first's change. */
	struct class_option_input keep[] = { { q.options[0].id, "Nej", 0 },
					     { q.options[1].id, "Ja, alltid", 3 },
					     { 0, "Ibland", 1 } };
	struct class_question_input first = { "availability", "Första", "", true, keep, 3 };
	struct class_question_input second = { "availability", "Andra", "", true, two, 2 };
	assert_int_equal(fx_classify_question_update(t->db, t->a, act, q.id, q.version, &first, NULL, &e), 0);
	assert_int_equal(fx_classify_question_update(t->db, t->a, act, q.id, q.version, &second, &cur, &e),
			 ERR_CONFLICT);
	assert_string_equal(cur.text, "Första");
	assert_int_equal(cur.n_options, 3);
	assert_int_equal(cur.options[0].id, q.options[0].id); /* kept, not replaced */
	assert_string_equal(cur.options[1].text, "Ja, alltid");

	/* Reordering: the new question (last of availability) moves first. */
	assert_int_equal(fx_classify_question_place(t->db, t->a, act, q.id, cur.version, 1, &e), 0);
	assert_int_equal(classify_questions(t->db, t->a, t->org, false, &qs, &n, &e), 0);
	assert_int_equal(question(qs, n, "availability", NULL)->id, q.id);
	assert_int_equal(fx_classify_question_place(t->db, t->a, act, q.id, cur.version, 2, &e), ERR_CONFLICT);
}

static void test_model_update(void **state)
{
	struct t *t = *state;
	struct class_model m, cur, after;
	struct class_model_input in;
	struct err e = { 0 };

	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	memset(&in, 0, sizeof(in));
	in.max_level = 4;
	in.review_months = 6;
	in.use_traceability = true;
	for (int l = 0; l <= 4; l++)
		in.names[l] = m.levels[l].name;
	in.names[2] = " ";
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "level_name_2");
	in.names[2] = "Betydande skada <b>";
	/* The default bank has options at level 4: the scale cannot shrink below them. */
	in.max_level = 3;
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "max_level");
	in.max_level = 4;
	in.review_months = 0;
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "review_months");
	in.review_months = 6;
	/* A fifth level needs a name. */
	in.max_level = 5;
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "level_name_5");
	in.names[5] = "Katastrofal skada";
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &in, NULL, &e), 0);
	assert_int_equal(classify_model_get(t->db, t->a, t->org, &after, &e), 0);
	assert_int_equal(after.version, m.version + 1);
	assert_true(after.use_traceability);
	assert_int_equal(after.review_months, 6);
	assert_int_equal(after.max_level, 5);
	assert_string_equal(classify_level_name(&after, 5), "Katastrofal skada");
	assert_string_equal(classify_level_name(&after, 2), "Betydande skada <b>");
	assert_int_equal(classify_n_aspects(&after), 4);
	/* A stale version: refused with the current model. */
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &in, &cur, &e), ERR_CONFLICT);
	assert_int_equal(cur.version, after.version);
	assert_int_equal(count_audit(t, "class_model", m.id, "update"), 1);
}

static void test_motivation_rules(void **state)
{
	struct class_model m = { 0 };
	struct classification c = { 0 };
	struct asset as = { 0 };
	(void)state;

	for (int k = 0; k < CLASS_N_ASPECTS; k++) {
		c.level[k] = c.computed[k] = 1;
		c.inherited[k] = 0;
		c.motivation[k] = "";
	}
	c.level[CLASS_T] = -1;
	/* Today's practice: only a raised level needs a motivation. */
	assert_int_equal(classify_missing_motivation(&m, &c), -1);
	c.level[CLASS_I] = 2;
	assert_int_equal(classify_missing_motivation(&m, &c), CLASS_I);
	c.motivation[CLASS_I] = "Ekonomiska beslut";
	assert_int_equal(classify_missing_motivation(&m, &c), -1);
	/* KLASSA practice: every aspect in use needs one. */
	m.motivate_all = true;
	assert_int_equal(classify_missing_motivation(&m, &c), CLASS_C);
	c.motivation[CLASS_C] = "Personuppgifter";
	c.motivation[CLASS_A] = "Tål en veckas avbrott";
	assert_int_equal(classify_missing_motivation(&m, &c), -1); /* traceability not used */
	m.use_traceability = true;
	assert_int_equal(classify_missing_motivation(&m, &c), CLASS_T);
	/* A system never classified is not "classified again": a new floor applies. */
	assert_non_null(strstr(classify_raise_message(&as), "floor"));
	assert_null(strstr(classify_raise_message(&as), "classified again"));
	as.classification_id = 7;
	assert_non_null(strstr(classify_raise_message(&as), "classified again"));
}

static void test_signing_asks_every_motivation(void **state)
{
	struct t *t = *state;
	struct class_model m;
	struct class_model_input mi;
	struct class_input in = no_input();
	struct class_computation comp;
	struct grant g;
	struct auth owner;
	struct err e = { 0 };
	int64_t sys = mk_asset(t, "system", "Ekonomisystem Raindance", t->owner), v1, v2;

	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	mi = class_model_input_of(&m);
	mi.motivate_all = true;
	assert_int_equal(fx_classify_model_update(t->db, t->a, act, t->org, m.version, &mi, NULL, &e), 0);
	assert_int_equal(classify_model_get(t->db, t->a, t->org, &m, &e), 0);
	assert_true(m.motivate_all);
	/* A draft without motivations may be saved, but not signed: the first aspect lacking one is named. */
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &in, &v1, &comp, &e), 0);
	owner = auth_of(t, t->owner, ROLE_OWNER, &g);
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, v1, &e), ERR_INVALID);
	assert_string_equal(e.field, "motivation_confidentiality");
	in.motivation[CLASS_C] = "Inga sekretessuppgifter";
	in.motivation[CLASS_I] = "Fel belopp rättas i nästa körning";
	in.motivation[CLASS_A] = "Tål några dagars avbrott";
	assert_int_equal(fx_classify_create(t->db, t->a, act, sys, &in, &v2, &comp, &e), 0);
	assert_int_equal(fx_classify_sign(t->db, t->a, &owner, v2, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_motivation_rules),
		cmocka_unit_test_setup_teardown(test_signing_asks_every_motivation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_model_and_bank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions_and_signing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_owner_change_and_signer_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inheritance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_question_bank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_update, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
