/*
 * q_plan.h - the stored shape of action plans and their areas, and the
 * typed queries that read and write them (SQL text in q_plan.c).
 *
 * A plan belongs to a unit and a year; its areas are ordered by position.
 * Lists of plans and of a plan's areas carry the status counts of their
 * activities (and how many are overdue on a given day), so a roll-up from
 * the units to the organisation is one query. Results live in the arena
 * given. Functions return 0 or a negative err_code; a missing row is
 * ERR_NOTFOUND and a stale version ERR_CONFLICT, both without a message (the
 * domain words them), other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_PLAN_H
#define TILLIT_DB_Q_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/* The activity statuses in their order (see domain/activity.h); counts are kept per status. */
#define PLAN_N_STATUS 5

/** Counts of a set of activities. */
struct plan_counts {
	int64_t total;
	int64_t by_status[PLAN_N_STATUS]; /* not_started, started, partly_started, ongoing, done */
	int64_t overdue;
};

struct plan {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t year;
	const char *title; /* "" = none: the unit's name stands for it */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
	struct plan_counts counts; /* filled by q_plan_list() only */
};

/** What a person sets on a plan. */
struct plan_input {
	int64_t unit_id;
	int64_t year;
	const char *title;
};

struct plan_filter {
	int64_t viewer_id; /* only plans in units this user sees; 0 = all */
	int64_t unit_id;   /* only this unit's subtree; 0 = all */
	int64_t year;      /* 0 = any */
	int64_t limit;     /* 1..10000, default 50 */
	int64_t offset;
};

struct plan_area {
	int64_t id;
	int64_t plan_id;
	const char *name;
	int64_t position;
	int64_t version;
	const char *created_at;
	const char *updated_at;
	struct plan_counts counts; /* filled by q_plan_areas() */
};

/** One plan by id, with its unit. ERR_NOTFOUND when absent. */
int q_plan_get(struct db *db, struct arena *a, int64_t id, struct plan *out, struct err *e);

/** The plan of unit @unit_id for @year; ERR_NOTFOUND when there is none. */
int q_plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct plan *out, struct err *e);

/**
 * A page of the plans @f matches, newest year first and then in tree
 * order, each with the counts of its activities (overdue as of @today,
 * "YYYY-MM-DD"), and (when @total is not NULL) how many match. @subtree is
 * the path of f->unit_id (NULL for none).
 */
int q_plan_list(struct db *db, struct arena *a, const struct plan_filter *f, const char *subtree, const char *today,
		struct plan **out, size_t *n, int64_t *total, struct err *e);

/** Insert a plan; *id_out gets its id. ERR_EXISTS when the unit has a plan for that year. */
int q_plan_insert(struct db *db, struct arena *a, const struct plan_input *in, int64_t by, const char *now,
		  int64_t *id_out, struct err *e);

/** Change the title of plan @id at @version. ERR_CONFLICT when the version is stale. */
int q_plan_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *title, const char *now,
		  struct err *e);

/** The areas of plan @plan_id in their order, each with its counts (overdue as of @today). */
int q_plan_areas(struct db *db, struct arena *a, int64_t plan_id, const char *today, struct plan_area **out, size_t *n,
		 struct err *e);

/** One area by id. ERR_NOTFOUND when absent. */
int q_plan_area_get(struct db *db, struct arena *a, int64_t id, struct plan_area *out, struct err *e);

/** The area of plan @plan_id named @name (case-insensitively); ERR_NOTFOUND when none. */
int q_plan_area_named(struct db *db, struct arena *a, int64_t plan_id, const char *name, struct plan_area *out,
		      struct err *e);

/** Insert an area at @position; *id_out gets its id. */
int q_plan_area_insert(struct db *db, struct arena *a, int64_t plan_id, const char *name, int64_t position,
		       const char *now, int64_t *id_out, struct err *e);

/** Rename area @id at @version and set its position. ERR_CONFLICT when the version is stale. */
int q_plan_area_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *name, int64_t position,
		       const char *now, struct err *e);

/** Set the position of area @id (renumbering after a move; the version goes up). */
int q_plan_area_place(struct db *db, struct arena *a, int64_t id, int64_t position, const char *now, struct err *e);

#endif
