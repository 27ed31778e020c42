/*
 * maturity.h - the yearly maturity self-assessment (självskattning) of a
 * unit along the method's four steps, at four cumulative levels.
 *
 * Each organisation has its own question bank, Tillit's default bank
 * (maturity_default.c) until its administrators change it. A unit's
 * assessment of a year copies the bank's active questions as they are, so
 * an earlier year stays readable and comparable whatever the bank becomes.
 * The level is cumulative: a unit reaches a level only when every question
 * of that level and of every level below it is met (maturity_level_of());
 * the unmet questions are the gaps, each of which becomes an activity of
 * this year's action plan in one step (link kind "maturity_answer").
 *
 * Who may do what: anyone with a role on the unit reads; editors in scope
 * answer and turn gaps into activities; administrators of the organisation
 * change its bank.
 */
#ifndef TILLIT_DOMAIN_MATURITY_H
#define TILLIT_DOMAIN_MATURITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_maturity.h"

struct activity_target;
struct arena;
struct auth;
struct db;
struct err;
struct json;
struct scope;
struct unit;

#define MATURITY_STEPS    4
#define MATURITY_LEVELS   4
#define MATURITY_YEAR_MIN 2000
#define MATURITY_YEAR_MAX 2100

/** The steps' label message ids, step 1 first. */
extern const char *const maturity_step_labels[MATURITY_STEPS];

/** A question of the default bank. */
struct maturity_default_question {
	int step, level;
	const char *text;
};

extern const struct maturity_default_question maturity_default_bank[];
extern const size_t maturity_default_count;

/**
 * The level reached by @n answers: the highest level L such that every
 * answer of level L or below is met (0 when a level-1 question is unmet,
 * or there are no answers). A level without questions is passed through.
 */
int maturity_level_of(const struct maturity_answer *x, size_t n);

int maturity_get(struct db *db, struct arena *a, int64_t id, struct maturity_assessment *out, struct err *e);

/** Scope function: assessment @id (kind "maturity"), in its unit. */
int maturity_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Scope function: question @id (kind "maturity_question"), in its organisation. */
int maturity_question_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * The bank of organisation @org_id (inactive questions too when @all). An
 * organisation that has not yet used its bank reads the default bank, as
 * questions with id 0. Results live in @a.
 */
int maturity_bank(struct db *db, struct arena *a, int64_t org_id, bool all, struct maturity_question **out, size_t *n,
		  struct err *e);

/** Every assessment of unit @unit_id, newest year first. */
int maturity_of_unit(struct db *db, struct arena *a, int64_t unit_id, struct maturity_assessment **out, size_t *n,
		     struct err *e);

/** The answers of @m in level, step and position order. */
int maturity_answers(struct db *db, struct arena *a, const struct maturity_assessment *m, struct maturity_answer **out,
		     size_t *n, struct err *e);

/**
 * Start the assessment of unit @u (as the route's scope read it) for
 * @year: ERR_INVALID naming year outside 2000-2100, ERR_EXISTS naming year
 * when the unit has one for that year. *id_out gets its id.
 */
int maturity_start(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, int64_t year,
		   int64_t *id_out, struct err *e);

/** One answer as a person gives it. */
struct maturity_answer_input {
	int64_t question_id;
	bool met;
	const char *comment;
};

/**
 * Record @n answers on @before at @version and keep its new level. A
 * question that is not one of the assessment's (another organisation's
 * bank, or none) is ERR_INVALID naming question_id, a comment over 2000
 * characters ERR_INVALID naming comment, a stale version ERR_CONFLICT;
 * nothing is saved then.
 */
int maturity_answer(struct db *db, struct arena *a, const struct auth *auth, const struct maturity_assessment *before,
		    int64_t version, const struct maturity_answer_input *in, size_t n, struct err *e);

/**
 * Turn the unmet answer @answer_id of @m into an activity of this year's
 * action plan of its unit, in the area "Maturity" in @lang. ERR_INVALID
 * naming answer_id when it is not one of @m's or is met; ERR_EXISTS naming
 * answer_id when it is one already. *activity_id gets its id.
 */
int maturity_gap_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			  const struct maturity_assessment *m, int64_t answer_id, int64_t *activity_id, struct err *e);

/** What an administrator sets on a question. */
struct maturity_question_input {
	int64_t step, level;
	const char *text;
	bool active;
};

/** Add a question to the bank of @u's organisation. ERR_INVALID naming step, level or text. */
int maturity_question_add(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u,
			  const struct maturity_question_input *in, int64_t *id_out, struct err *e);

/** Change @before at @version; checked as in maturity_question_add(). */
int maturity_question_update(struct db *db, struct arena *a, const struct auth *auth,
			     const struct maturity_question *before, int64_t version,
			     const struct maturity_question_input *in, struct err *e);

/** The levels of unit @unit_id and its children in years @from..@to. */
int maturity_levels(struct db *db, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
		    struct maturity_level **out, size_t *n, struct err *e);

/** The activity-link reader of kind "maturity_answer": the question's text, in the assessment's unit. */
int maturity_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

/** @m with its answers and level as JSON (the API and the audit snapshot). */
void maturity_json(struct json *j, const struct maturity_assessment *m, const struct maturity_answer *x, size_t n);

void maturity_question_json(struct json *j, const struct maturity_question *q);

#endif
