/*
 * q_intcontrol.h - the stored shape of internal control (intern kontroll)
 * and the typed queries that read and write it (SQL text in
 * q_intcontrol.c).
 *
 * A plan is one unit's internal control for one year; its processes (the
 * materiality and risk analysis), control points, results with their
 * sample records, and deviations hang below it and take their unit from
 * it. Each function owns its query's parameter order and row mapping.
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT
 * and a taken unique value (a second plan for a unit and year, a second
 * result for a period) ERR_EXISTS, all without a message (the domain
 * words them); other failures are ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_INTCONTROL_H
#define TILLIT_DB_Q_INTCONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/* --- plans --- */

struct ic_plan {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t year;
	const char *title; /* may be empty: the page names it by unit and year */
	const char *adopted_on;
	int64_t n_points;
	int64_t n_open; /* open deviations */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

struct ic_plan_input {
	int64_t unit_id;
	int64_t year;
	const char *title;
	const char *adopted_on; /* YYYY-MM-DD, NULL or empty: not yet */
};

enum ic_plan_sort { IC_PLAN_SORT_YEAR, IC_PLAN_SORT_UNIT, IC_PLAN_SORTS };

struct ic_plan_filter {
	int64_t viewer_id; /* 0: every unit */
	int64_t unit_id;   /* subtree; 0 = all */
	int64_t year;      /* 0 = every year */
	enum ic_plan_sort sort;
	int64_t limit;
	int64_t offset;
};

int q_ic_plan_get(struct db *db, struct arena *a, int64_t id, struct ic_plan *out, struct err *e);

/** The plan of unit @unit_id for @year; ERR_NOTFOUND when there is none. */
int q_ic_plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct ic_plan *out, struct err *e);

/** A page of plans in @f's order, and (@total not NULL) how many match. @subtree: the path of f->unit_id or NULL. */
int q_ic_plan_list(struct db *db, struct arena *a, const struct ic_plan_filter *f, const char *subtree,
		   struct ic_plan **out, size_t *n, int64_t *total, struct err *e);

/** ERR_EXISTS when the unit has a plan for the year. */
int q_ic_plan_insert(struct db *db, struct arena *a, const struct ic_plan_input *in, int64_t by, const char *now,
		     int64_t *id_out, struct err *e);

/** Title and adoption date; unit and year stay. */
int q_ic_plan_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_plan_input *in,
		     const char *now, struct err *e);

/* --- processes of the materiality and risk analysis --- */

struct ic_process {
	int64_t id;
	int64_t plan_id;
	int64_t unit_id;
	const char *unit_path;
	int64_t plan_year;
	const char *name;
	const char *description;
	int64_t probability;  /* 1-4 */
	int64_t consequence;  /* 1-4 */
	const char *decision; /* "undecided", "selected", "rejected" */
	const char *rationale;
	bool mandatory;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

struct ic_process_input {
	const char *name;
	const char *description;
	int64_t probability, consequence; /* 0: not given */
	const char *decision;
	const char *rationale;
};

int q_ic_process_get(struct db *db, struct arena *a, int64_t id, struct ic_process *out, struct err *e);

/** The processes of plan @plan_id, the mandatory one first, then as added. */
int q_ic_process_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_process **out, size_t *n,
		      struct err *e);

int q_ic_process_insert(struct db *db, struct arena *a, int64_t plan_id, const struct ic_process_input *in,
			bool mandatory, const char *now, int64_t *id_out, struct err *e);

int q_ic_process_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_process_input *in,
			const char *now, struct err *e);

/* --- control points --- */

struct ic_point {
	int64_t id;
	int64_t plan_id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t plan_year;
	int64_t process_id;
	const char *process_name;
	const char *title; /* what is checked */
	const char *method;
	int64_t sample_size; /* 0 unless the method is "sample" */
	int64_t population;
	const char *frequency;
	const char *period_kind; /* "tertial", "quarter" */
	int64_t responsible_id;
	const char *responsible_name;
	int64_t responsible_unit_id;
	const char *responsible_unit_name;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

struct ic_point_input {
	int64_t process_id;
	const char *title;
	const char *method;
	int64_t sample_size, population; /* 0: not given */
	const char *frequency;
	const char *period_kind;
	int64_t responsible_id;
	int64_t responsible_unit_id;
};

int q_ic_point_get(struct db *db, struct arena *a, int64_t id, struct ic_point *out, struct err *e);

/** The control points of plan @plan_id, as added. */
int q_ic_point_list(struct db *db, struct arena *a, int64_t plan_id, struct ic_point **out, size_t *n, struct err *e);

/**
 * The control points @responsible_id answers for in plans of the years
 * @from_year to @to_year, by plan year and id, at most @limit.
 */
int q_ic_point_of_responsible(struct db *db, struct arena *a, int64_t responsible_id, int64_t from_year,
			      int64_t to_year, int64_t limit, struct ic_point **out, size_t *n, struct err *e);

int q_ic_point_insert(struct db *db, struct arena *a, int64_t plan_id, const struct ic_point_input *in, const char *now,
		      int64_t *id_out, struct err *e);

int q_ic_point_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_point_input *in,
		      const char *now, struct err *e);

/** How many results point @id has. */
int q_ic_point_n_results(struct db *db, struct arena *a, int64_t id, int64_t *n, struct err *e);

/* --- results and their sample records --- */

struct ic_sample {
	const char *reference; /* the record checked: "Användare 4711", "Faktura 2026-118" */
	bool ok;
	const char *note;
};

struct ic_result {
	int64_t id;
	int64_t point_id;
	const char *point_title;
	int64_t plan_id;
	int64_t plan_year;
	int64_t unit_id;
	const char *unit_path;
	const char *period_kind;
	int64_t responsible_id; /* the control point's */
	int64_t period_no;
	const char *checked_on;
	int64_t checked_by;
	const char *checked_by_name;
	const char *conclusion;
	int64_t n_samples;
	int64_t n_failed;
	int64_t n_deviations;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

struct ic_result_input {
	const char *period; /* "2026-T2", "2026-Q3" */
	const char *checked_on;
	int64_t checked_by;
	const char *conclusion;
	const struct ic_sample *samples;
	size_t n_samples;
	bool set_samples;  /* false: an update keeps the samples as stored */
	int64_t period_no; /* filled by the domain from period */
};

int q_ic_result_get(struct db *db, struct arena *a, int64_t id, struct ic_result *out, struct err *e);

/** The results of plan @plan_id, by control point and period. */
int q_ic_result_of_plan(struct db *db, struct arena *a, int64_t plan_id, struct ic_result **out, size_t *n,
			struct err *e);

/** A control point and a period reported for it. */
struct ic_reported {
	int64_t point_id;
	int64_t period_no;
};

/** The periods reported for the control points q_ic_point_of_responsible() reads with the same arguments. */
int q_ic_result_of_responsible(struct db *db, struct arena *a, int64_t responsible_id, int64_t from_year,
			       int64_t to_year, struct ic_reported **out, size_t *n, struct err *e);

int q_ic_result_insert(struct db *db, struct arena *a, int64_t point_id, const struct ic_result_input *in,
		       const char *now, int64_t *id_out, struct err *e);

int q_ic_result_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct ic_result_input *in,
		       const char *now, struct err *e);

/** Replace the sample records of result @id with @in's. */
int q_ic_result_set_samples(struct db *db, struct arena *a, int64_t id, const struct ic_result_input *in,
			    struct err *e);

/** The sample records of result @id, in order. */
int q_ic_samples(struct db *db, struct arena *a, int64_t result_id, struct ic_sample **out, size_t *n, struct err *e);

/* --- deviations --- */

struct ic_deviation {
	int64_t id;
	int64_t result_id;
	int64_t point_id;
	const char *point_title;
	int64_t plan_id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t plan_year;
	const char *period_kind;
	int64_t period_no;
	int64_t responsible_id;
	const char *responsible_name;
	const char *description;
	const char *cause;
	const char *remedy;
	const char *due;     /* YYYY-MM-DD or NULL */
	const char *status;  /* "open", "closed" */
	int64_t activity_id; /* the action-plan activity that carries the remedy, 0: none */
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

struct ic_deviation_input {
	const char *description;
	const char *cause;
	const char *remedy;
	const char *due;
	const char *status;
};

enum ic_deviation_sort { IC_DEV_SORT_NEWEST, IC_DEV_SORT_DUE, IC_DEV_SORTS };

struct ic_deviation_filter {
	int64_t viewer_id;      /* 0: every unit */
	int64_t unit_id;        /* subtree; 0 = all */
	int64_t year;           /* 0 = every year */
	const char *status;     /* NULL = both */
	int64_t responsible_id; /* 0 = anyone */
	int64_t plan_id;        /* 0 = any */
	enum ic_deviation_sort sort;
	int64_t limit;
	int64_t offset;
};

int q_ic_deviation_get(struct db *db, struct arena *a, int64_t id, struct ic_deviation *out, struct err *e);

/** The deviations of the plan of unit @unit_id for @year, newest first. */
int q_ic_deviation_of_plan(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct ic_deviation **out,
			   size_t *n, struct err *e);

/** A page of deviations in @f's order, and (@total not NULL) how many match. */
int q_ic_deviation_list(struct db *db, struct arena *a, const struct ic_deviation_filter *f, const char *subtree,
			struct ic_deviation **out, size_t *n, int64_t *total, struct err *e);

/** A new deviation of result @r, in its plan's unit and year, its control point's responsible answering. */
int q_ic_deviation_insert(struct db *db, struct arena *a, const struct ic_result *r,
			  const struct ic_deviation_input *in, const char *now, int64_t *id_out, struct err *e);

int q_ic_deviation_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			  const struct ic_deviation_input *in, const char *now, struct err *e);

/** Record that activity @activity_id carries the remedy of deviation @id (version checked). */
int q_ic_deviation_set_activity(struct db *db, struct arena *a, int64_t id, int64_t version, int64_t activity_id,
				const char *now, struct err *e);

/* --- small reads for the checks --- */

/** A user's display name; ERR_NOTFOUND when there is none. */
int q_ic_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e);

/** A unit's name and path; ERR_NOTFOUND when there is none. */
int q_ic_unit_brief(struct db *db, struct arena *a, int64_t id, const char **name, const char **path, struct err *e);

#endif
