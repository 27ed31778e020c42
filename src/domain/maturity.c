/*
 * maturity.c - the maturity self-assessment: the cumulative level rule,
 * each organisation's question bank, assessments and their answers, and a
 * gap turned into an activity.
 */
#include "domain/maturity.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "db/q_unit.h"
#include "domain/activity.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/unit.h"
#include "domain/validate.h"

const char *const maturity_step_labels[MATURITY_STEPS] = {
	N_("Identify and analyse"),
	N_("Design"),
	N_("Use"),
	N_("Follow up and improve"),
};

int maturity_level_of(const struct maturity_answer *x, size_t n)
{
	int level = MATURITY_LEVELS;

	if (!n)
		return 0;
	/* The lowest level with an unmet question caps the level below it. */
	for (size_t i = 0; i < n; i++)
		if (!x[i].met && x[i].level >= 1 && x[i].level - 1 < level)
			level = (int)x[i].level - 1;
	return level;
}

int maturity_get(struct db *db, struct arena *a, int64_t id, struct maturity_assessment *out, struct err *e)
{
	int rc = q_maturity_get(db, a, id, out, e);
	return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, NULL, N_("No such self-assessment.")) : rc;
}

int maturity_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct maturity_assessment *m = arena_calloc(a, 1, sizeof(*m));
	int rc = maturity_get(db, a, id, m, e);
	if (rc)
		return rc;
	*s = (struct scope){ "maturity", m, m->unit_id, m->unit_path, 0 };
	return 0;
}

int maturity_question_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e)
{
	struct maturity_question *q = arena_calloc(a, 1, sizeof(*q));
	struct unit org;
	int rc = q_maturity_question_get(db, a, id, q, e);

	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, NULL, N_("No such question."));
	if (rc || (rc = q_unit_get(db, a, q->org_id, &org, e)))
		return rc;
	*s = (struct scope){ "maturity_question", q, org.id, org.path, 0 };
	return 0;
}

int maturity_bank(struct db *db, struct arena *a, int64_t org_id, bool all, struct maturity_question **out, size_t *n,
		  struct err *e)
{
	int rc = q_maturity_questions(db, a, org_id, true, out, n, e);
	size_t k = 0;

	if (rc)
		return rc;
	if (*n == 0) {
		*out = arena_calloc(a, maturity_default_count, sizeof(**out));
		for (size_t i = 0; i < maturity_default_count; i++) {
			struct maturity_question *q = &(*out)[i];
			q->org_id = org_id;
			q->step = maturity_default_bank[i].step;
			q->level = maturity_default_bank[i].level;
			q->position = (int64_t)i + 1;
			q->text = maturity_default_bank[i].text;
			q->active = true;
		}
		*n = maturity_default_count;
		return 0;
	}
	for (size_t i = 0; i < *n; i++)
		if (all || (*out)[i].active)
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}

/* Copy the default bank into organisation @org_id's when it has none yet. */
static int bank_ensure_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id, const char *now,
			     struct err *e)
{
	struct maturity_question *q;
	size_t n;
	int rc = q_maturity_questions(db, a, org_id, true, &q, &n, e);

	if (rc || n)
		return rc;
	for (size_t i = 0; i < maturity_default_count; i++) {
		struct maturity_question d = { .org_id = org_id,
					       .step = maturity_default_bank[i].step,
					       .level = maturity_default_bank[i].level,
					       .position = (int64_t)i + 1,
					       .text = maturity_default_bank[i].text,
					       .active = true };
		int64_t id;
		if ((rc = q_maturity_question_insert(db, a, &d, actor_of(auth).id, now, &id, e)))
			return rc;
	}
	return audit_append(db, a, actor_of(auth), "maturity_question", 0, org_id, "create", NULL,
			    "{\"default_bank\":true}", e);
}

int maturity_of_unit(struct db *db, struct arena *a, int64_t unit_id, struct maturity_assessment **out, size_t *n,
		     struct err *e)
{
	return q_maturity_of_unit(db, a, unit_id, out, n, e);
}

int maturity_answers(struct db *db, struct arena *a, const struct maturity_assessment *m, struct maturity_answer **out,
		     size_t *n, struct err *e)
{
	return q_maturity_answers(db, a, m->id, out, n, e);
}

void maturity_json(struct json *j, const struct maturity_assessment *m, const struct maturity_answer *x, size_t n)
{
	json_obj_open(j);
	json_kv_int(j, "id", m->id);
	json_kv_int(j, "unit_id", m->unit_id);
	json_kv_str(j, "unit_name", m->unit_name);
	json_kv_int(j, "year", m->year);
	json_kv_int(j, "level", m->level);
	json_kv_int(j, "version", m->version);
	if (x) {
		json_key(j, "answers");
		json_arr_open(j);
		for (size_t i = 0; i < n; i++) {
			json_obj_open(j);
			json_kv_int(j, "id", x[i].id);
			json_kv_int(j, "question_id", x[i].question_id);
			json_kv_int(j, "step", x[i].step);
			json_kv_int(j, "level", x[i].level);
			json_kv_str(j, "text", x[i].text);
			json_kv_bool(j, "met", x[i].met);
			json_kv_str(j, "comment", x[i].comment);
			json_kv_id(j, "activity_id", x[i].activity_id);
			json_obj_close(j);
		}
		json_arr_close(j);
	}
	json_kv_str(j, "created_at", m->created_at);
	json_kv_str(j, "updated_at", m->updated_at);
	json_obj_close(j);
}

void maturity_question_json(struct json *j, const struct maturity_question *q)
{
	json_obj_open(j);
	json_kv_id(j, "id", q->id);
	json_kv_int(j, "org_id", q->org_id);
	json_kv_int(j, "step", q->step);
	json_kv_int(j, "level", q->level);
	json_kv_int(j, "position", q->position);
	json_kv_str(j, "text", q->text);
	json_kv_bool(j, "active", q->active);
	json_kv_int(j, "version", q->version);
	json_obj_close(j);
}

static const char *snapshot(struct arena *a, const struct maturity_assessment *m, const struct maturity_answer *x,
			    size_t n)
{
	struct buf b;
	struct json j;
	buf_init(&b, a);
	json_init(&j, &b);
	maturity_json(&j, m, x, n);
	return b.data;
}

static int start_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, int64_t year,
		       int64_t *id_out, struct err *e)
{
	struct maturity_assessment m;
	struct maturity_answer *x;
	char now[TIME_ISO_LEN];
	size_t n;
	int64_t id;
	int rc;

	time_now_iso(now);
	if ((rc = bank_ensure_in_tx(db, a, auth, unit_org_of(u->path), now, e)))
		return rc;
	rc = q_maturity_insert(db, a, u->id, year, actor_of(auth).id, now, &id, e);
	if (rc == ERR_EXISTS)
		return err_set(e, ERR_EXISTS, "year", N_("The unit has a self-assessment for this year already."));
	if (rc || (rc = q_maturity_answers_copy(db, a, id, unit_org_of(u->path), e)) ||
	    (rc = q_maturity_get(db, a, id, &m, e)) || (rc = q_maturity_answers(db, a, id, &x, &n, e)))
		return rc;
	if (id_out)
		*id_out = id;
	return audit_append(db, a, actor_of(auth), "maturity", id, u->id, "create", NULL, snapshot(a, &m, x, n), e);
}

int maturity_start(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, int64_t year,
		   int64_t *id_out, struct err *e)
{
	int rc;

	if (year < MATURITY_YEAR_MIN || year > MATURITY_YEAR_MAX)
		return err_set(e, ERR_INVALID, "year", N_("Give a year from 2000 to 2100."));
	if (!authz_may_reference(auth, ACCESS_EDIT, u->path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id", N_("Your roles do not let you assess this unit."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, start_in_tx(db, a, auth, u, year, id_out, e), e);
}

static const char *const conflict_msg =
	N_("Someone else has changed this self-assessment since you opened it. Their answers are shown.");

static int answer_in_tx(struct db *db, struct arena *a, const struct auth *auth,
			const struct maturity_assessment *before, int64_t version,
			const struct maturity_answer_input *in, size_t n, struct err *e)
{
	struct maturity_answer *x, *old;
	struct maturity_assessment after = *before;
	char now[TIME_ISO_LEN];
	size_t nx, nold;
	int rc;

	time_now_iso(now);
	if (before->version != version)
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	if ((rc = q_maturity_answers(db, a, before->id, &old, &nold, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (size_t k = 0; k < nold && !known; k++)
			known = old[k].question_id == in[i].question_id;
		if (!known)
			return err_set(e, ERR_INVALID, "question_id",
				       N_("The question is not one of this self-assessment's questions."));
		if ((rc = check_text(e, "comment", in[i].comment, 2000, false)))
			return rc;
		if ((rc = q_maturity_answer_set(db, a, before->id, in[i].question_id, in[i].met, in[i].comment, e)))
			return rc;
	}
	if ((rc = q_maturity_answers(db, a, before->id, &x, &nx, e)))
		return rc;
	after.level = maturity_level_of(x, nx);
	after.version = version + 1;
	after.updated_at = now;
	rc = q_maturity_set_level(db, a, before->id, version, after.level, now, e);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version", conflict_msg);
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "maturity", before->id, before->unit_id, "update",
			    snapshot(a, before, old, nold), snapshot(a, &after, x, nx), e);
}

int maturity_answer(struct db *db, struct arena *a, const struct auth *auth, const struct maturity_assessment *before,
		    int64_t version, const struct maturity_answer_input *in, size_t n, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	return db_end(db, answer_in_tx(db, a, auth, before, version, in, n, e), e);
}

static int gap_in_tx(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		     const struct maturity_assessment *m, int64_t answer_id, int64_t *activity_id, struct err *e)
{
	struct maturity_answer x;
	struct activity_input in = { 0 };
	const char *purpose;
	int64_t id;
	int rc = q_maturity_answer_get(db, a, answer_id, &x, e);

	if (rc == ERR_NOTFOUND || (!rc && x.assessment_id != m->id))
		return err_set(e, ERR_INVALID, "answer_id",
			       N_("The question is not one of this self-assessment's questions."));
	if (rc)
		return rc;
	if (x.met)
		return err_set(e, ERR_INVALID, "answer_id", N_("Only a question that is not met is a gap."));
	if (x.activity_id)
		return err_set(e, ERR_EXISTS, "answer_id", N_("An activity has already been made from this gap."));
	purpose = arena_printf(a, "%s %" PRId64 ", %s %" PRId64 " (%s).\n\n%s", tr(lang, "Self-assessment"), m->year,
			       tr(lang, "level"), x.level, tr(lang, maturity_step_labels[(x.step - 1) & 3]),
			       x.comment && *x.comment ? x.comment : "");
	in.title = str_cut_utf8(a, x.text, 300);
	in.purpose = purpose;
	if ((rc = activity_create_linked_in_tx(db, a, auth, m->unit_id, tr(lang, "Maturity"), &in, "maturity_answer",
					       x.id, &id, e)) ||
	    (rc = q_maturity_answer_activity(db, a, x.id, id, e)))
		return rc;
	if (activity_id)
		*activity_id = id;
	return 0;
}

int maturity_gap_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			  const struct maturity_assessment *m, int64_t answer_id, int64_t *activity_id, struct err *e)
{
	int rc;

	if (!authz_may_reference(auth, ACCESS_EDIT, m->unit_path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Your roles do not let you add activities to this unit."));
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, gap_in_tx(db, a, auth, lang, m, answer_id, activity_id, e), e);
}

static int question_check(struct err *e, const struct maturity_question_input *in)
{
	if (in->step < 1 || in->step > MATURITY_STEPS)
		return err_set(e, ERR_INVALID, "step", N_("Choose one of the four steps."));
	if (in->level < 1 || in->level > MATURITY_LEVELS)
		return err_set(e, ERR_INVALID, "level", N_("Choose a level from 1 to 4."));
	return check_text(e, "text", in->text, 500, true);
}

static void write_maturity_question_json(struct json *j, const void *rec)
{
	maturity_question_json(j, rec);
}

static const char *question_snapshot(struct arena *a, const struct maturity_question *q)
{
	return json_text(a, write_maturity_question_json, q);
}

static int question_add_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id,
			      const struct maturity_question_input *in, int64_t *id_out, struct err *e)
{
	struct maturity_question q = {
		.org_id = org_id, .step = in->step, .level = in->level, .text = in->text, .active = true, .version = 1
	};
	struct maturity_question *all;
	char now[TIME_ISO_LEN];
	size_t n;
	int rc;

	time_now_iso(now);
	if ((rc = bank_ensure_in_tx(db, a, auth, org_id, now, e)) ||
	    (rc = q_maturity_questions(db, a, org_id, true, &all, &n, e)))
		return rc;
	q.position = 1;
	for (size_t i = 0; i < n; i++)
		if (all[i].position >= q.position)
			q.position = all[i].position + 1;
	if ((rc = q_maturity_question_insert(db, a, &q, actor_of(auth).id, now, &q.id, e)))
		return rc;
	if (id_out)
		*id_out = q.id;
	return audit_append(db, a, actor_of(auth), "maturity_question", q.id, org_id, "create", NULL,
			    question_snapshot(a, &q), e);
}

int maturity_question_add(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u,
			  const struct maturity_question_input *in, int64_t *id_out, struct err *e)
{
	int64_t org = unit_org_of(u->path);
	struct unit o;
	int rc;

	if ((rc = q_unit_get(db, a, org, &o, e)))
		return rc;
	if (!authz_may_reference(auth, ACCESS_ADMIN, o.path, 0))
		return err_set(e, ERR_FORBIDDEN, "unit_id",
			       N_("Only an administrator of the organisation may change its question bank."));
	if ((rc = question_check(e, in)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, question_add_in_tx(db, a, auth, org, in, id_out, e), e);
}

static int question_update_in_tx(struct db *db, struct arena *a, const struct auth *auth,
				 const struct maturity_question *before, int64_t version,
				 const struct maturity_question_input *in, struct err *e)
{
	struct maturity_question after = *before;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	after.step = in->step;
	after.level = in->level;
	after.text = in->text;
	after.active = in->active;
	after.version = version + 1;
	if (before->version != version ||
	    (rc = q_maturity_question_update(db, a, &after, version, now, e)) == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "version",
			       N_("Someone else has changed this question since you opened it."));
	if (rc)
		return rc;
	return audit_append(db, a, actor_of(auth), "maturity_question", before->id, before->org_id, "update",
			    question_snapshot(a, before), question_snapshot(a, &after), e);
}

int maturity_question_update(struct db *db, struct arena *a, const struct auth *auth,
			     const struct maturity_question *before, int64_t version,
			     const struct maturity_question_input *in, struct err *e)
{
	int rc;

	if ((rc = question_check(e, in)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	return db_end(db, question_update_in_tx(db, a, auth, before, version, in, e), e);
}

int maturity_levels(struct db *db, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
		    struct maturity_level **out, size_t *n, struct err *e)
{
	return q_maturity_levels(db, a, unit_id, from, to, out, n, e);
}

int maturity_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e)
{
	struct maturity_answer x;
	struct maturity_assessment m;
	int rc;

	if ((rc = q_maturity_answer_get(db, a, id, &x, e)) || (rc = q_maturity_get(db, a, x.assessment_id, &m, e)))
		return rc;
	out->label = x.text;
	out->unit_id = m.unit_id;
	out->unit_path = m.unit_path;
	return 0;
}
