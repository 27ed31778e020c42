/*
 * q_maturity.c - SQL of the maturity self-assessment, and the typed
 * functions that run it.
 *
 * The answers are read by the unique (assessment, question) index; the
 * levels of a unit and its children by the units' parent index and the
 * (unit, year) index of the assessments.
 */
#include "db/q_maturity.h"

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "db/q_scope.h"

#define QUESTION_COLS \
	"SELECT id, org_id, step, level, position, text, active, version, created_at, updated_at FROM maturity_questions"

static DB_QUERY(Q_QUESTIONS, QUESTION_COLS " WHERE org_id = $1 AND (CAST($2 AS BIGINT) = 1 OR active = 1)"
					   " ORDER BY level, step, position, id");
static DB_QUERY(Q_QUESTION_GET, QUESTION_COLS " WHERE id = $1");
static DB_QUERY(Q_QUESTION_INSERT,
		"INSERT INTO maturity_questions (org_id, step, level, position, text, active, version, created_by,"
		" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $8) RETURNING id");
static DB_QUERY(Q_QUESTION_UPDATE,
		"UPDATE maturity_questions SET step = $3, level = $4, text = $5, active = $6, updated_at = $7,"
		" version = version + 1 WHERE id = $1 AND version = $2");

#define ASSESS_COLS                                                                                      \
	"SELECT m.id, m.unit_id, u.name, u.path, m.year, m.level, m.version, m.created_at, m.updated_at" \
	" FROM maturity_assessments m JOIN units u ON u.id = m.unit_id"

static DB_QUERY_PLAN_ONCE(Q_ASSESS_GET, ASSESS_COLS " WHERE m.id = $1");
static DB_QUERY_PLAN_ONCE(Q_ASSESS_FIND, ASSESS_COLS " WHERE m.unit_id = $1 AND m.year = $2");
static DB_QUERY_PLAN_ONCE(Q_ASSESS_OF_UNIT, ASSESS_COLS " WHERE m.unit_id = $1 ORDER BY m.year DESC");
static DB_QUERY(Q_ASSESS_INSERT,
		"INSERT INTO maturity_assessments (unit_id, year, level, version, created_by, created_at, updated_at)"
		" VALUES ($1, $2, 0, 1, $3, $4, $4) RETURNING id");
static DB_QUERY(Q_ASSESS_LEVEL, "UPDATE maturity_assessments SET level = $3, updated_at = $4, version = version + 1"
				" WHERE id = $1 AND version = $2");
static DB_QUERY(Q_ANSWERS_COPY,
		"INSERT INTO maturity_answers (assessment_id, question_id, step, level, position, text, met, comment)"
		" SELECT $1, id, step, level, position, text, 0, '' FROM maturity_questions"
		" WHERE org_id = $2 AND active = 1");

#define ANSWER_COLS                                                                                           \
	"SELECT x.id, x.assessment_id, x.question_id, x.step, x.level, x.position, x.text, x.met, x.comment," \
	" x.activity_id, ac.status FROM maturity_answers x LEFT JOIN activities ac ON ac.id = x.activity_id"

static DB_QUERY_PLAN_ONCE(Q_ANSWERS,
			  ANSWER_COLS " WHERE x.assessment_id = $1 ORDER BY x.level, x.step, x.position, x.id");
static DB_QUERY(Q_ANSWER_GET, ANSWER_COLS " WHERE x.id = $1");
static DB_QUERY(Q_ANSWER_SET,
		"UPDATE maturity_answers SET met = $3, comment = $4 WHERE assessment_id = $1 AND question_id = $2");
static DB_QUERY(Q_ANSWER_ACTIVITY, "UPDATE maturity_answers SET activity_id = $2 WHERE id = $1");
static DB_QUERY(Q_LEVELS, "SELECT m.unit_id, m.year, m.level FROM maturity_assessments m"
			  " WHERE m.unit_id = $1 AND m.year BETWEEN $2 AND $3"
			  " UNION ALL SELECT m.unit_id, m.year, m.level FROM units u"
			  " JOIN maturity_assessments m ON m.unit_id = u.id AND m.year BETWEEN $2 AND $3"
			  " WHERE u.parent_id = $1 ORDER BY 1, 2");

static void question_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct maturity_question *q = out;
	q->id = rows_int(r, i, 0);
	q->org_id = rows_int(r, i, 1);
	q->step = rows_int(r, i, 2);
	q->level = rows_int(r, i, 3);
	q->position = rows_int(r, i, 4);
	q->text = rows_text(r, i, 5);
	q->active = rows_bool(r, i, 6);
	q->version = rows_int(r, i, 7);
	q->created_at = rows_text(r, i, 8);
	q->updated_at = rows_text(r, i, 9);
}

static void assess_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct maturity_assessment *m = out;
	m->id = rows_int(r, i, 0);
	m->unit_id = rows_int(r, i, 1);
	m->unit_name = rows_text(r, i, 2);
	m->unit_path = rows_text(r, i, 3);
	m->year = rows_int(r, i, 4);
	m->level = rows_int(r, i, 5);
	m->version = rows_int(r, i, 6);
	m->created_at = rows_text(r, i, 7);
	m->updated_at = rows_text(r, i, 8);
}

static void answer_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct maturity_answer *x = out;
	x->id = rows_int(r, i, 0);
	x->assessment_id = rows_int(r, i, 1);
	x->question_id = rows_int(r, i, 2);
	x->step = rows_int(r, i, 3);
	x->level = rows_int(r, i, 4);
	x->position = rows_int(r, i, 5);
	x->text = rows_text(r, i, 6);
	x->met = rows_bool(r, i, 7);
	x->comment = rows_text(r, i, 8);
	x->activity_id = rows_int(r, i, 9);
	x->activity_status = rows_text(r, i, 10);
}

static void level_from_row(const struct db_rows *r, size_t i, void *out)
{
	struct maturity_level *l = out;
	l->unit_id = rows_int(r, i, 0);
	l->year = rows_int(r, i, 1);
	l->level = rows_int(r, i, 2);
}

int q_maturity_questions(struct db *db, struct arena *a, int64_t org_id, bool all, struct maturity_question **out,
			 size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_QUESTIONS, DB_ARGS(DB_INT(org_id), DB_INT(all ? 1 : 0)), sizeof(**out),
			   question_from_row, (void **)out, n, e);
}

int q_maturity_question_get(struct db *db, struct arena *a, int64_t id, struct maturity_question *out, struct err *e)
{
	return db_run_get(db, a, &Q_QUESTION_GET, DB_ARGS(DB_INT(id)), question_from_row, out, e);
}

int q_maturity_question_insert(struct db *db, struct arena *a, const struct maturity_question *q, int64_t by,
			       const char *now, int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_QUESTION_INSERT,
			     DB_ARGS(DB_INT(q->org_id), DB_INT(q->step), DB_INT(q->level), DB_INT(q->position),
				     DB_TEXT(q->text), DB_INT(q->active ? 1 : 0), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_maturity_question_update(struct db *db, struct arena *a, const struct maturity_question *q, int64_t version,
			       const char *now, struct err *e)
{
	int rc = db_run_change(db, a, &Q_QUESTION_UPDATE,
			       DB_ARGS(DB_INT(q->id), DB_INT(version), DB_INT(q->step), DB_INT(q->level),
				       DB_TEXT(q->text), DB_INT(q->active ? 1 : 0), DB_TEXT(now)),
			       e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_maturity_get(struct db *db, struct arena *a, int64_t id, struct maturity_assessment *out, struct err *e)
{
	return db_run_get(db, a, &Q_ASSESS_GET, DB_ARGS(DB_INT(id)), assess_from_row, out, e);
}

int q_maturity_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct maturity_assessment *out,
		    struct err *e)
{
	return db_run_get(db, a, &Q_ASSESS_FIND, DB_ARGS(DB_INT(unit_id), DB_INT(year)), assess_from_row, out, e);
}

int q_maturity_of_unit(struct db *db, struct arena *a, int64_t unit_id, struct maturity_assessment **out, size_t *n,
		       struct err *e)
{
	return db_run_list(db, a, &Q_ASSESS_OF_UNIT, DB_ARGS(DB_INT(unit_id)), sizeof(**out), assess_from_row,
			   (void **)out, n, e);
}

int q_maturity_insert(struct db *db, struct arena *a, int64_t unit_id, int64_t year, int64_t by, const char *now,
		      int64_t *id_out, struct err *e)
{
	return db_run_insert(db, a, &Q_ASSESS_INSERT, DB_ARGS(DB_INT(unit_id), DB_INT(year), DB_ID(by), DB_TEXT(now)),
			     id_out, e);
}

int q_maturity_answers_copy(struct db *db, struct arena *a, int64_t id, int64_t org_id, struct err *e)
{
	struct db_rows rows;
	return db_run(db, a, &Q_ANSWERS_COPY, DB_ARGS(DB_INT(id), DB_INT(org_id)), &rows, e);
}

int q_maturity_answers(struct db *db, struct arena *a, int64_t id, struct maturity_answer **out, size_t *n,
		       struct err *e)
{
	return db_run_list(db, a, &Q_ANSWERS, DB_ARGS(DB_INT(id)), sizeof(**out), answer_from_row, (void **)out, n, e);
}

int q_maturity_answer_get(struct db *db, struct arena *a, int64_t id, struct maturity_answer *out, struct err *e)
{
	return db_run_get(db, a, &Q_ANSWER_GET, DB_ARGS(DB_INT(id)), answer_from_row, out, e);
}

int q_maturity_answer_set(struct db *db, struct arena *a, int64_t id, int64_t question_id, bool met,
			  const char *comment, struct err *e)
{
	return db_run_change(
		db, a, &Q_ANSWER_SET,
		DB_ARGS(DB_INT(id), DB_INT(question_id), DB_INT(met ? 1 : 0), DB_TEXT(comment ? comment : "")), e);
}

int q_maturity_answer_activity(struct db *db, struct arena *a, int64_t answer_id, int64_t activity_id, struct err *e)
{
	return db_run_change(db, a, &Q_ANSWER_ACTIVITY, DB_ARGS(DB_INT(answer_id), DB_INT(activity_id)), e);
}

int q_maturity_set_level(struct db *db, struct arena *a, int64_t id, int64_t version, int64_t level, const char *now,
			 struct err *e)
{
	int rc = db_run_change(db, a, &Q_ASSESS_LEVEL,
			       DB_ARGS(DB_INT(id), DB_INT(version), DB_INT(level), DB_TEXT(now)), e);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int q_maturity_levels(struct db *db, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
		      struct maturity_level **out, size_t *n, struct err *e)
{
	return db_run_list(db, a, &Q_LEVELS, DB_ARGS(DB_INT(unit_id), DB_INT(from), DB_INT(to)), sizeof(**out),
			   level_from_row, (void **)out, n, e);
}
