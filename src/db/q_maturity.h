/*
 * q_maturity.h - the stored shape of the maturity self-assessment: each
 * organisation's question bank, the assessments of a unit by year and
 * their answers, and the typed queries that read and write them (SQL text
 * in q_maturity.c).
 *
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT,
 * a second assessment of a unit for a year ERR_EXISTS, all without a
 * message (the domain words them); other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_MATURITY_H
#define TILLIT_DB_Q_MATURITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/** A question of an organisation's bank. */
struct maturity_question {
	int64_t id;
	int64_t org_id;
	int64_t step;  /* 1..4: identify and analyse, design, use, follow up and improve */
	int64_t level; /* 1..4 */
	int64_t position;
	const char *text;
	bool active;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** A unit's self-assessment of a year; its level as kept (0..4). */
struct maturity_assessment {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t year;
	int64_t level;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** One answer: the question as it was when the assessment began, met or not. */
struct maturity_answer {
	int64_t id;
	int64_t assessment_id;
	int64_t question_id;
	int64_t step, level, position;
	const char *text;
	bool met;
	const char *comment;
	int64_t activity_id;         /* the activity the gap became, 0 when none */
	const char *activity_status; /* its status, NULL when none */
};

/** A unit's level in a year (the picture across units and years). */
struct maturity_level {
	int64_t unit_id;
	int64_t year;
	int64_t level;
};

/** The questions of organisation @org_id in level, step, position order; inactive ones too when @all. */
int q_maturity_questions(struct db *db, struct arena *a, int64_t org_id, bool all, struct maturity_question **out,
			 size_t *n, struct err *e);

int q_maturity_question_get(struct db *db, struct arena *a, int64_t id, struct maturity_question *out, struct err *e);

/** Add a question; *id_out gets its id. */
int q_maturity_question_insert(struct db *db, struct arena *a, const struct maturity_question *q, int64_t by,
			       const char *now, int64_t *id_out, struct err *e);

/** Set step, level, text and active of question q->id at @version (ERR_CONFLICT when stale). */
int q_maturity_question_update(struct db *db, struct arena *a, const struct maturity_question *q, int64_t version,
			       const char *now, struct err *e);

int q_maturity_get(struct db *db, struct arena *a, int64_t id, struct maturity_assessment *out, struct err *e);

/** The assessment of unit @unit_id for @year; ERR_NOTFOUND when there is none. */
int q_maturity_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct maturity_assessment *out,
		    struct err *e);

/** Every assessment of unit @unit_id, newest year first. */
int q_maturity_of_unit(struct db *db, struct arena *a, int64_t unit_id, struct maturity_assessment **out, size_t *n,
		       struct err *e);

/** A new assessment with level 0 (ERR_EXISTS when the unit has one for the year); *id_out gets its id. */
int q_maturity_insert(struct db *db, struct arena *a, int64_t unit_id, int64_t year, int64_t by, const char *now,
		      int64_t *id_out, struct err *e);

/** Copy the active questions of organisation @org_id into assessment @id as unmet answers. */
int q_maturity_answers_copy(struct db *db, struct arena *a, int64_t id, int64_t org_id, struct err *e);

/** The answers of assessment @id, in level, step, position order, with their activities' status. */
int q_maturity_answers(struct db *db, struct arena *a, int64_t id, struct maturity_answer **out, size_t *n,
		       struct err *e);

/** One answer by its id. */
int q_maturity_answer_get(struct db *db, struct arena *a, int64_t id, struct maturity_answer *out, struct err *e);

/** Set the answer to question @question_id of assessment @id (ERR_NOTFOUND when it has none). */
int q_maturity_answer_set(struct db *db, struct arena *a, int64_t id, int64_t question_id, bool met,
			  const char *comment, struct err *e);

/** Note that answer @answer_id became activity @activity_id. */
int q_maturity_answer_activity(struct db *db, struct arena *a, int64_t answer_id, int64_t activity_id, struct err *e);

/** Keep @level on assessment @id at @version and step its version (ERR_CONFLICT when stale). */
int q_maturity_set_level(struct db *db, struct arena *a, int64_t id, int64_t version, int64_t level, const char *now,
			 struct err *e);

/** The levels of unit @unit_id and of each of its children in years @from..@to. */
int q_maturity_levels(struct db *db, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
		      struct maturity_level **out, size_t *n, struct err *e);

#endif
