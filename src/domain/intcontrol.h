/*
 * intcontrol.h - internal control (intern kontroll) per unit (board) and
 * year.
 *
 * A plan holds the year's materiality and risk analysis (väsentlighets-
 * och riskanalys): processes, each with a probability and a consequence
 * (1-4, 0 while not assessed) and a selection decision. Every plan is made
 * with the city-wide process of systematic information security work in
 * it, which cannot be renamed. A process selected for control gets control
 * points (kontrollmoment): what is checked, the method (a sample check,
 * stickprov, with its sample size out of a population; a full check; a
 * review of documents; another method), how often, who answers for it
 * (a person and a unit), and whether it is reported per tertial or per
 * quarter. Each period's result names the records checked and what was
 * found; a deviation (avvikelse) found has its cause and remedy, and the
 * remedy can become an activity of the unit's action plan in one step.
 *
 * Rights: the plan, its analysis and its control points are changed by
 * those who may edit in the plan's unit; a control point's results and
 * deviations also by the person responsible for it, holding the owner role
 * there (its scope's owner). Every check of a second record (the unit of a
 * new plan, a responsible unit or person, the process of a control point)
 * is made here inside the writing transaction.
 */
#ifndef TILLIT_DOMAIN_INTCONTROL_H
#define TILLIT_DOMAIN_INTCONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_intcontrol.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;
struct task;

#define IC_YEAR_MIN 2000
#define IC_YEAR_MAX 2100
/** At most this many sample records per result. */
#define IC_MAX_SAMPLES 500

/** Stored values and their label message ids. */
extern const char *const ic_decisions[3], *const ic_decision_labels[3];
extern const char *const ic_methods[4], *const ic_method_labels[4];
extern const char *const ic_frequencies[3], *const ic_frequency_labels[3];
extern const char *const ic_period_kinds[2], *const ic_period_kind_labels[2];
extern const char *const ic_deviation_statuses[2], *const ic_deviation_status_labels[2];

/** The label message id of stored @value in @values (@n of them), or @value itself. */
const char *ic_label(const char *const *values, const char *const *labels, size_t n, const char *value);

/** How many periods a year has: 3 tertials or 4 quarters. */
int ic_periods_in_year(const char *period_kind);

/** "2026-T2" / "2026-Q3" for period @no of @year. In @a. */
const char *ic_period_code(struct arena *a, const char *period_kind, int64_t year, int64_t no);

/** "Tertial 2 2026" / "Kvartal 3 2026" in @lang. In @a. */
const char *ic_period_label(struct arena *a, enum lang lang, const char *period_kind, int64_t year, int64_t no);

/** The last day "YYYY-MM-DD" of period @no of @year, in @out (11 bytes). */
void ic_period_end(char out[11], const char *period_kind, int64_t year, int64_t no);

/* --- plans --- */

int intcontrol_plan_get(struct db *db, struct arena *a, int64_t id, struct ic_plan *out, struct err *e);

/** Scope function: the plan @id (kind "intcontrol_plan", record struct ic_plan), in its unit. */
int intcontrol_plan_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The plan of unit @unit_id for @year; ERR_NOTFOUND naming unit_id when there is none. */
int intcontrol_plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct ic_plan *out,
			 struct err *e);

/** "Internkontrollplan 2026 – Socialnämnden", or the plan's own title. In @a. */
const char *intcontrol_plan_title(struct arena *a, enum lang lang, const struct ic_plan *p);

/** Fill @f (zeroed) from unit_id, year and sort ("year", "unit"). ERR_INVALID naming the argument. */
int intcontrol_plan_filter_parse(struct ic_plan_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
				 struct err *e);
extern const char *const intcontrol_plan_filter_args[];

int intcontrol_plan_list(struct db *db, struct arena *a, const struct ic_plan_filter *f, struct ic_plan **out,
			 size_t *n, int64_t *total, struct err *e);

struct ic_plan_input intcontrol_plan_input_of(const struct ic_plan *p);

/**
 * Create the plan of a unit for a year as @auth (the right to edit in the
 * unit, ERR_FORBIDDEN naming unit_id), with the process of systematic
 * information security work (named in @lang) in its analysis. The year
 * from 2000 to 2100 (ERR_INVALID naming year); one plan per unit and year
 * (ERR_EXISTS naming year).
 */
int intcontrol_plan_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			   const struct ic_plan_input *in, int64_t *id_out, struct err *e);

/** Change the title and adoption date of @before (unit and year stay). ERR_CONFLICT on a stale @version. */
int intcontrol_plan_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *before,
			   int64_t version, const struct ic_plan_input *in, struct ic_plan *current, struct err *e);

void intcontrol_plan_json(struct json *j, const struct ic_plan *p);

/* --- processes --- */

int intcontrol_process_get(struct db *db, struct arena *a, int64_t id, struct ic_process *out, struct err *e);

/** Scope function: the process @id (kind "intcontrol_process", record struct ic_process), in its plan's unit. */
int intcontrol_process_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

int intcontrol_process_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_process **out, size_t *n,
			    struct err *e);

struct ic_process_input intcontrol_process_input_of(const struct ic_process *c);

/**
 * Add a process to @plan's analysis as @auth (the right to edit in its
 * unit). A name; probability and consequence from 0 (not assessed) to 4
 * (ERR_INVALID naming them); a decision of ic_decisions, "undecided" when
 * absent.
 */
int intcontrol_process_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *plan,
			      const struct ic_process_input *in, int64_t *id_out, struct err *e);

/**
 * Change @before, checked as intcontrol_process_create(). The mandatory
 * process keeps its name (ERR_INVALID naming name); a process with control
 * points stays selected (ERR_INVALID naming decision).
 */
int intcontrol_process_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_process *before,
			      int64_t version, const struct ic_process_input *in, struct ic_process *current,
			      struct err *e);

/** Probability × consequence, 0 while either is not assessed. */
int64_t intcontrol_risk_value(const struct ic_process *c);

void intcontrol_process_json(struct json *j, const struct ic_process *c);

/* --- control points --- */

int intcontrol_point_get(struct db *db, struct arena *a, int64_t id, struct ic_point *out, struct err *e);

/** Scope function: the control point @id (kind "intcontrol_point"), in its plan's unit, owned by its responsible. */
int intcontrol_point_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

int intcontrol_point_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_point **out, size_t *n,
			  struct err *e);

struct ic_point_input intcontrol_point_input_of(const struct ic_point *k);

/**
 * Add a control point to @plan as @auth (the right to edit in its unit).
 * The process must be one of the plan's, selected for control
 * (ERR_INVALID naming process_id); what is checked (title); a method of
 * ic_methods; a sample check needs a sample size and a population, the
 * sample no larger than the population (ERR_INVALID naming sample_size or
 * population); a frequency and a reporting period kind; the responsible
 * person an existing user, the responsible unit one @auth sees
 * (ERR_INVALID naming responsible_id / responsible_unit_id).
 */
int intcontrol_point_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_plan *plan,
			    const struct ic_point_input *in, int64_t *id_out, struct err *e);

/** Change @before, checked as intcontrol_point_create(); its reporting period kind stays once results exist. */
int intcontrol_point_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_point *before,
			    int64_t version, const struct ic_point_input *in, struct ic_point *current, struct err *e);

/** May @auth report results and deviations of @k? Editors in its unit, or its responsible holding the owner role. */
bool intcontrol_point_can_report(const struct auth *auth, const struct ic_point *k);

void intcontrol_point_json(struct json *j, const struct ic_point *k);

/* --- results --- */

int intcontrol_result_get(struct db *db, struct arena *a, int64_t id, struct ic_result *out, struct err *e);

/** Scope function: the result @id (kind "intcontrol_result"), in its plan's unit, owned by the point's responsible. */
int intcontrol_result_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

int intcontrol_result_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_result **out, size_t *n,
			   struct err *e);

int intcontrol_result_samples(struct db *db, struct arena *a, int64_t result_id, struct ic_sample **out, size_t *n,
			      struct err *e);

/** An input with the stored result's values (its samples not set: an update keeps them). */
struct ic_result_input intcontrol_result_input_of(struct arena *a, const struct ic_result *x);

/**
 * Report the result of control point @k for a period as @auth. The period
 * is written "2026-T2" (tertial) or "2026-Q3" (quarter) as the point is
 * reported (ERR_INVALID naming period), in the plan's year (ERR_INVALID
 * naming period); one result per period (ERR_EXISTS naming period); the
 * date checked; who checked (default: @auth); the sample records checked
 * (a reference each, at most IC_MAX_SAMPLES and, for a sample check, no
 * more than the population; ERR_INVALID naming samples).
 */
int intcontrol_result_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_point *k,
			     const struct ic_result_input *in, int64_t *id_out, struct err *e);

int intcontrol_result_update(struct db *db, struct arena *a, const struct auth *auth, const struct ic_result *before,
			     int64_t version, const struct ic_result_input *in, struct ic_result *current,
			     struct err *e);

void intcontrol_result_json(struct json *j, const struct ic_result *x, const struct ic_sample *samples,
			    size_t n_samples);

/* --- deviations --- */

int intcontrol_deviation_get(struct db *db, struct arena *a, int64_t id, struct ic_deviation *out, struct err *e);

/** Scope function: the deviation @id (kind "intcontrol_deviation"), in its plan's unit, owned by its responsible. */
int intcontrol_deviation_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Fill @f (zeroed) from unit_id, year, status (open, closed), plan_id and sort ("newest", "due"). */
int intcontrol_deviation_filter_parse(struct ic_deviation_filter *f, const char *(*get)(void *ctx, const char *name),
				      void *ctx, struct err *e);
extern const char *const intcontrol_deviation_filter_args[];

int intcontrol_deviation_list(struct db *db, struct arena *a, const struct ic_deviation_filter *f,
			      struct ic_deviation **out, size_t *n, int64_t *total, struct err *e);

/** The deviations of plan @p, newest first (from its unit's and year's index). */
int intcontrol_deviation_of_plan(struct db *db, struct arena *a, const struct ic_plan *p, struct ic_deviation **out,
				 size_t *n, struct err *e);

struct ic_deviation_input intcontrol_deviation_input_of(const struct ic_deviation *d);

/**
 * Record a deviation found in result @x as @auth: a description, its cause
 * and remedy, the date the remedy is due, open or closed.
 */
int intcontrol_deviation_create(struct db *db, struct arena *a, const struct auth *auth, const struct ic_result *x,
				const struct ic_deviation_input *in, int64_t *id_out, struct err *e);

int intcontrol_deviation_update(struct db *db, struct arena *a, const struct auth *auth,
				const struct ic_deviation *before, int64_t version, const struct ic_deviation_input *in,
				struct ic_deviation *current, struct err *e);

/**
 * Turn the remedy of @before into an activity in one step: in this year's
 * action plan of the plan's unit (made when missing), in the area
 * "Internal control" in @lang, titled by the remedy, its purpose naming
 * the control point, the period and the deviation, the responsible of the
 * control point answering, addressing the deviation (link kind
 * "intcontrol_deviation"). ERR_INVALID naming remedy when none is
 * written; ERR_EXISTS naming activity_id when it has an activity already;
 * ERR_CONFLICT on a stale @version. *id_out gets the activity's id.
 */
int intcontrol_deviation_to_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				     const struct ic_deviation *before, int64_t version, int64_t *id_out,
				     struct err *e);

void intcontrol_deviation_json(struct json *j, const struct ic_deviation *d);

/** The deviation as JSON text (its audit snapshot), in @a. */
const char *intcontrol_deviation_json_text(struct arena *a, const struct ic_deviation *d);

/** The link kind's reader (domain/activity.c, activity_link_kinds[]): a deviation's label and unit. */
struct activity_target;
int intcontrol_deviation_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

/* --- what people have to do --- */

/**
 * The task source of internal control (domain/tasks.h): the control points
 * @auth answers for whose period has begun on @today without a result
 * (due the period's last day), and the open deviations they answer for.
 */
int intcontrol_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		     struct task **out, size_t *n, struct err *e);

/** A control point's period due for reporting (no result yet). */
struct ic_due {
	const struct ic_point *point;
	int64_t period_no;
	char due[11]; /* the period's last day */
	bool overdue;
};

/**
 * The periods of @points (@n_points, all of @plan_year) begun on @today
 * without a result among @results; results live in @a.
 */
void intcontrol_due(struct arena *a, const struct ic_point *points, size_t n_points, const struct ic_result *results,
		    size_t n_results, const char *today, struct ic_due **out, size_t *n);

/* --- the year in one read (the plan page, the report, the management review) --- */

struct intcontrol_year {
	struct ic_plan plan;
	struct ic_process *processes;
	size_t n_processes;
	struct ic_point *points;
	size_t n_points;
	struct ic_result *results; /* by control point and period */
	size_t n_results;
	struct ic_deviation *deviations; /* newest first */
	size_t n_deviations;
	size_t n_open; /* open deviations */
};

/** Read everything of plan @p (five queries). Results live in @a. */
int intcontrol_year_read(struct db *db, struct arena *a, const struct ic_plan *p, struct intcontrol_year *out,
			 struct err *e);

/**
 * The year's internal control per unit for the management review: every
 * plan of @year in the subtree of @unit_id (0: all) that @viewer_id sees
 * (0: all), each read as intcontrol_year_read() does, at most 200 plans.
 * *out and *n in @a.
 */
int intcontrol_year_by_unit(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t year,
			    struct intcontrol_year **out, size_t *n, struct err *e);

#endif
