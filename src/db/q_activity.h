/*
 * q_activity.h - the stored shape of action-plan activities and of what
 * they address, and the typed queries that read and write them (SQL text
 * in q_activity.c).
 *
 * An activity belongs to a plan (and that plan's unit) and to one of its
 * areas. What it addresses is a row of one generic link table: a kind
 * ("asset", "requirement", and the kinds later modules register) and the
 * target's id. Results live in the arena given. Functions return 0 or a
 * negative err_code; a missing row is ERR_NOTFOUND and a stale version
 * ERR_CONFLICT, both without a message (the domain words them), other
 * failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_ACTIVITY_H
#define TILLIT_DB_Q_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct activity {
	int64_t id;
	int64_t plan_id;
	int64_t plan_year;
	const char *plan_title;
	int64_t unit_id; /* the plan's unit: where the activity belongs for access */
	const char *unit_name;
	const char *unit_path;
	int64_t area_id;
	const char *area_name;
	int64_t area_position;
	int64_t position;
	const char *title;
	const char *purpose;         /* Markdown */
	unsigned quarters;           /* bit 0 = Q1 ... bit 3 = Q4 */
	int64_t responsible_unit_id; /* 0 = none */
	const char *responsible_unit_name;
	const char *responsible_unit_path;
	int64_t responsible_id; /* 0 = none */
	const char *responsible_name;
	const char *status;
	const char *status_comment;
	const char *next_step;   /* "", "continue", "wheel", "close" */
	const char *due_date;    /* YYYY-MM-DD or NULL */
	const char *deadline;    /* YYYY-MM-DD or NULL: the due date, else the end of the last planned quarter */
	int64_t carried_from_id; /* the activity of the year before, 0 = none */
	int64_t carried_to_id;   /* the activity of the year after, 0 = none */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What is written for an activity: everything a person sets, and what the domain derives. */
struct activity_row {
	int64_t plan_id;
	int64_t unit_id;
	int64_t area_id;
	int64_t position;
	const char *title;
	const char *purpose;
	unsigned quarters;
	int64_t responsible_unit_id;
	int64_t responsible_id;
	const char *status;
	const char *status_comment;
	const char *next_step;
	const char *due_date;
	const char *deadline;
	int64_t carried_from_id;
};

enum activity_sort {
	ACTIVITY_SORT_PLAN,
	ACTIVITY_SORT_DEADLINE,
	ACTIVITY_SORT_TITLE,
	ACTIVITY_SORT_STATUS,
	ACTIVITY_SORT_UPDATED
};

struct activity_filter {
	int64_t viewer_id;      /* only activities in units this user sees; 0 = all */
	int64_t unit_id;        /* only plans of this unit's subtree; 0 = all */
	int64_t plan_id;        /* 0 = any */
	int64_t year;           /* 0 = any */
	int64_t area_id;        /* 0 = any */
	const char *status;     /* NULL = any */
	bool overdue;           /* only those overdue on @today */
	bool open;              /* only those not done whose next step is undecided */
	int64_t responsible_id; /* 0 = anyone */
	const char *link_kind;  /* with link_target: only those addressing that record */
	int64_t link_target;
	const char *q; /* title, purpose or status comment contains */
	enum activity_sort sort;
	bool desc;
	const char *today; /* YYYY-MM-DD for overdue; NULL = now (set by the domain) */
	int64_t limit;     /* 1..10000, default 50 */
	int64_t offset;
};

/** One row of the generic link table. */
struct activity_link {
	int64_t id;
	int64_t activity_id;
	const char *kind;
	int64_t target_id;
	int64_t created_by;
	const char *created_at;
};

/** A person who could be responsible: someone holding a role on the unit or above it. */
struct activity_person {
	int64_t id;
	const char *name;
};

/** One activity by id, with its plan, unit, area, responsible unit and person. */
int q_activity_get(struct db *db, struct arena *a, int64_t id, struct activity *out, struct err *e);

/**
 * A page of the activities @f matches in @f's order, and (when @total is
 * not NULL) how many match. @subtree is the path of f->unit_id (NULL for
 * none); @today "YYYY-MM-DD".
 */
int q_activity_list(struct db *db, struct arena *a, const struct activity_filter *f, const char *subtree,
		    const char *today, struct activity **out, size_t *n, int64_t *total, struct err *e);

/** The next free position in area @area_id (after its last activity). */
int q_activity_next_position(struct db *db, struct arena *a, int64_t area_id, int64_t *out, struct err *e);

/** Insert @row by user @by (0: the system) at @now; *id_out gets its id. ERR_EXISTS when its carried_from_id is taken. */
int q_activity_insert(struct db *db, struct arena *a, const struct activity_row *row, int64_t by, const char *now,
		      int64_t *id_out, struct err *e);

/** Change activity @id at @version to @row (plan and unit stay). ERR_CONFLICT when the version is stale. */
int q_activity_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct activity_row *row,
		      const char *now, struct err *e);

/** Set the next step of activity @id at @version. ERR_CONFLICT when the version is stale. */
int q_activity_set_next_step(struct db *db, struct arena *a, int64_t id, int64_t version, const char *next_step,
			     const char *now, struct err *e);

/** Active users holding a role on the unit at @unit_path or above it (or on the installation), by name. */
int q_activity_people(struct db *db, struct arena *a, const char *unit_path, struct activity_person **out, size_t *n,
		      struct err *e);

/** Does active user @user_id hold a role on the unit at @unit_path or above it? */
int q_activity_person_in_scope(struct db *db, struct arena *a, int64_t user_id, const char *unit_path, bool *yes,
			       struct err *e);

/* --- what an activity addresses --- */

/** The links of activity @id, by kind and then in the order they were made. */
int q_activity_links(struct db *db, struct arena *a, int64_t activity_id, struct activity_link **out, size_t *n,
		     struct err *e);

/** One link by id. ERR_NOTFOUND when absent. */
int q_activity_link_get(struct db *db, struct arena *a, int64_t id, struct activity_link *out, struct err *e);

/** Record that @activity_id addresses @kind #@target_id. ERR_EXISTS when it is recorded already. */
int q_activity_link_insert(struct db *db, struct arena *a, int64_t activity_id, const char *kind, int64_t target_id,
			   int64_t by, const char *now, int64_t *id_out, struct err *e);

/** Copy every link of activity @from to activity @to (carrying it into the next year). */
int q_activity_links_copy(struct db *db, struct arena *a, int64_t from, int64_t to, int64_t by, const char *now,
			  struct err *e);

int q_activity_link_delete(struct db *db, struct arena *a, int64_t id, struct err *e);

#endif
