/*
 * activity.h - the activities of an action plan (aktiviteter), and what
 * they address.
 *
 * An activity belongs to one plan and one of its areas. It has a title, a
 * purpose (Markdown, rendered safely by io/markdown.c), planned quarters
 * (any of Q1-Q4), a responsible unit and person, a status on the scale of
 * the follow-up report (Ej påbörjad, Påbörjad, Delvis påbörjad, Pågår,
 * Genomförd) with a comment, an optional due date, and a next step for the
 * year end: continue into next year's plan, move to the annual wheel, or
 * close. It is overdue when its deadline (the due date, else the end of its
 * last planned quarter in the plan's year) has passed, it is not done and
 * its next step is undecided.
 *
 * Carrying an unfinished activity into next year's plan makes a copy there
 * (in an area of the same name, made when missing) linked to it, and sets
 * its next step to "continue"; an activity is carried at most once, so a
 * chain across the years never forks, and its history is the whole chain.
 *
 * What an activity addresses is kept in one generic link table: a kind and
 * the target's id. The kinds are registered in activity_link_kinds[]
 * (activity.c): each names how to read its target's label and unit, so a
 * later module (risks, audit recommendations, incidents) adds one line. A
 * module that turns its own records into activities (the measures of an
 * impact assessment, kind "dpia") uses activity_create_linked_in_tx().
 *
 * Who may do what: administrators and coordinators in scope of the plan's
 * unit; every change is versioned and audited. The tracked actions of the
 * requirements module are activities: one made from an unfulfilled
 * requirement lands in this year's plan of the asset's unit; an
 * incident's follow-up action in this year's plan of the incident's unit.
 */
#ifndef TILLIT_DOMAIN_ACTIVITY_H
#define TILLIT_DOMAIN_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_activity.h"
#include "db/q_plan.h"
#include "domain/authz.h"

struct arena;
struct asset;
struct asset_requirement;
struct asset_requirement_change;
struct db;
struct err;
struct json;

#define ACTIVITY_STATUS_COUNT 5
/** "not_started", "started", "partly_started", "ongoing", "done" and their label message ids. */
extern const char *const activity_statuses[ACTIVITY_STATUS_COUNT];
extern const char *const activity_status_labels[ACTIVITY_STATUS_COUNT];

/** Index of status @s in activity_statuses, or -1. */
int activity_status_index(const char *s);

/** The label message id of status @s, or @s when unknown. */
const char *activity_status_label(const char *s);

#define ACTIVITY_NEXT_STEP_COUNT 4
/** "", "continue", "wheel", "close" and their label message ids. */
extern const char *const activity_next_steps[ACTIVITY_NEXT_STEP_COUNT];
extern const char *const activity_next_step_labels[ACTIVITY_NEXT_STEP_COUNT];

/** "kv. 1, kv. 3" ("Q1, Q3" in English) for the quarters of @mask in @lang, in @a ("" for none). */
const char *activity_quarters_text(struct arena *a, enum lang lang, unsigned mask);

/**
 * The deadline of an activity of plan year @year: @due_date when set, else
 * the last day of the last quarter in @mask, else NULL. Result lives in @a.
 */
const char *activity_deadline(struct arena *a, int64_t year, unsigned mask, const char *due_date);

/** Is @ac overdue on @today ("YYYY-MM-DD")? */
bool activity_overdue(const struct activity *ac, const char *today);

/** What a person sets on an activity. Strings may be NULL (empty). */
struct activity_input {
	int64_t area_id;
	const char *title;
	const char *purpose;
	unsigned quarters; /* bits 0..3; anything above is refused */
	int64_t responsible_unit_id;
	int64_t responsible_id;
	const char *status;
	const char *status_comment;
	const char *next_step;
	const char *due_date;
};

int activity_get(struct db *db, struct arena *a, int64_t id, struct activity *out, struct err *e);

/** Scope function: the activity @id (kind "activity"), in its plan's unit; its responsible person is its owner. */
int activity_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Scope function: the link @id (kind "activity_link", record struct activity_link), in its activity's unit. */
int activity_link_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** A filter that matches everything, in plan order. */
void activity_filter_init(struct activity_filter *f);

/**
 * Fill @f (after activity_filter_init()) from named arguments, so the list
 * page, the API and the exports share one vocabulary: unit_id, plan_id,
 * area_id, responsible_id, asset_id, requirement_id (whole numbers), year,
 * status, overdue and open ("true"/"false"), q, sort (plan, deadline, title,
 * status, updated) and order (asc, desc). ERR_INVALID naming the argument.
 */
int activity_filter_parse(struct activity_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			  struct err *e);

/** The argument names activity_filter_parse() reads, NULL-terminated. */
extern const char *const activity_filter_args[];

/** A page of activities and the total matching (overdue as of today unless f->today). Results live in @a. */
int activity_list(struct db *db, struct arena *a, const struct activity_filter *f, struct activity **out, size_t *n,
		  int64_t *total, struct err *e);

/** The input that keeps @ac as it is: the start of an edit form or of a PATCH. */
struct activity_input activity_input_of(const struct activity *ac);

/**
 * Add an activity to @plan (as read by the route's scope) as @auth.
 * ERR_INVALID naming the field: area_id (not an area of this plan), title,
 * purpose, quarters (outside Q1-Q4), status, next_step, due_date,
 * responsible_unit_id (not a unit of the plan's organisation that @auth
 * sees), responsible_id (no role on the responsible unit or above it).
 * *id_out gets its id.
 */
int activity_create(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
		    const struct activity_input *in, int64_t *id_out, struct err *e);

/**
 * Change @before (as read by the route's scope) to @in, checked as in
 * activity_create(). ERR_CONFLICT on a stale @version, with *current (if
 * not NULL) set to the stored activity.
 */
int activity_update(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
		    int64_t version, const struct activity_input *in, struct activity *current, struct err *e);

/**
 * Carry @before into next year's plan of its unit (made when missing), in
 * an area of the same name (made when missing): a copy with its title,
 * purpose, quarters, responsible unit and person, status and links, linked
 * back to @before, whose next step becomes "continue". Refused: a done
 * activity or one whose next step is "wheel" or "close" (ERR_INVALID
 * naming status or next_step), one carried already (ERR_EXISTS naming id),
 * a plan year of 2100. *id_out gets the new activity's id.
 */
int activity_carry(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
		   int64_t *id_out, struct err *e);

/**
 * Carry every unfinished activity of @plan whose next step is undecided,
 * in one transaction. *n_carried gets how many (0 when there is nothing
 * left to carry); *first_id (if not NULL) the id of the first new one.
 */
int activity_carry_all(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
		       size_t *n_carried, struct err *e);

/** The chain @ac belongs to across the years, oldest first (@ac included). Results live in @a. */
int activity_history(struct db *db, struct arena *a, const struct activity *ac, struct activity **out, size_t *n,
		     struct err *e);

/**
 * Set the next step of @before to @next_step (one of activity_next_steps)
 * inside the caller's transaction, as when it moves to the annual wheel.
 */
int activity_set_next_step_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct activity *before,
				 const char *next_step, struct err *e);

/**
 * Turn requirement @requirement_id, assessed "ej uppfylld" or "delvis" for
 * asset @as (as read by the route's scope), into an activity in one step:
 * in this year's plan of the asset's unit (made when missing), in the area
 * "Actions" in @lang (made when missing), titled by the requirement, its
 * purpose (in @lang) naming the asset and the requirement, not started,
 * the asset's owner responsible, addressing the asset and the requirement;
 * the asset's requirement row then links it. ERR_FORBIDDEN naming unit_id
 * when @auth may not change the asset; ERR_INVALID (status) when the
 * requirement is not assessed as unfulfilled; ERR_EXISTS (action_id) when
 * it already has one. Audited.
 */
int activity_create_from_requirement(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
				     const struct asset *as, int64_t requirement_id, int64_t *id_out, struct err *e);

/**
 * Assess the @n_ch requirements of @as in @ch (as asset_requirement_set_many())
 * and make an activity of each of the @n_act requirements in @act (as
 * activity_create_from_requirement(), which sees the assessments just
 * made), all in one transaction: on any error nothing is saved. *bad is the
 * index in @ch of the assessment at fault, or ACTIVITY_ASSESS_ACT_FAILED
 * when an activity could not be made (its field in @e); on ERR_CONFLICT
 * *current (when not NULL) is the assessment as stored now.
 */
#define ACTIVITY_ASSESS_ACT_FAILED ((size_t)-1)
int activity_assess_and_act(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			    const struct asset *as, const struct asset_requirement_change *ch, size_t n_ch,
			    const int64_t *act, size_t n_act, size_t *bad, struct asset_requirement *current,
			    struct err *e);

/**
 * Make an activity from @in in this year's plan of unit @unit_id (made
 * when missing), in its area named @area_name (made when missing; @in's
 * area_id is not read), addressing record @target_id of the registered
 * kind @kind, inside the caller's transaction: the follow-up work another
 * module's record asks for (an incident's follow-up actions, an impact
 * assessment's measures). Checked as in
 * activity_create(); the caller has checked the right to add it. The
 * activity and its link are audited. *id_out gets its id.
 */
int activity_create_linked_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id,
				 const char *area_name, const struct activity_input *in, const char *kind,
				 int64_t target_id, int64_t *id_out, struct err *e);

/** As activity_create_linked_in_tx(), in @year's plan of the unit (a management review's priorities). */
int activity_create_linked_for_year_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id,
					  int64_t year, const char *area_name, const struct activity_input *in,
					  const char *kind, int64_t target_id, int64_t *id_out, struct err *e);

/**
 * The follow-up action a person asks for on another record (an exercise,
 * an incident): an activity titled @title with @purpose, @responsible_id
 * (0: none) and @due_date, not started, made as in
 * activity_create_linked_in_tx() in a transaction of its own.
 */
int activity_create_followup(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id,
			     const char *area_name, const char *kind, int64_t target_id, const char *title,
			     const char *purpose, int64_t responsible_id, const char *due_date, int64_t *id_out,
			     struct err *e);

/**
 * The activities addressing record @target_id of kind @kind, in plans
 * @auth sees, at most 1000: a record's follow-up actions. Results live in @a.
 */
int activity_list_linked(struct db *db, struct arena *a, const struct auth *auth, const char *kind, int64_t target_id,
			 struct activity **out, size_t *n, struct err *e);

/** People who hold a role on the unit at @unit_path or above it (candidates for responsible). Results live in @a. */
int activity_people(struct db *db, struct arena *a, const char *unit_path, struct activity_person **out, size_t *n,
		    struct err *e);

/**
 * The task source of activities (domain/tasks.h): the unfinished ones
 * @auth is responsible for whose next step is undecided, in plans they
 * see, overdue on @today first.
 */
struct task;
int activity_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		   struct task **out, size_t *n, struct err *e);

/* --- what an activity addresses --- */

/** What a link's target is, as its kind reads it. */
struct activity_target {
	const char *label;     /* its name as shown ("Procapita", "K.1.2 Behörighet") */
	int64_t unit_id;       /* 0 for a record of the whole installation (a requirement) */
	const char *unit_path; /* NULL for the whole installation */
};

/** A kind of record an activity can address. */
struct activity_link_kind {
	const char *kind;  /* stored name: "asset", "requirement", ... */
	const char *label; /* message id: "Asset" */
	/** Read target @id; ERR_NOTFOUND when there is none. */
	int (*read)(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);
};

/** The registered kinds, terminated by an entry whose kind is NULL. */
extern const struct activity_link_kind activity_link_kinds[];

/** The registered kind named @kind, or NULL. */
const struct activity_link_kind *activity_link_kind_find(const char *kind);

/** A link as a viewer sees it: its target's label when they may see the target, else none. */
struct activity_link_view {
	struct activity_link link;
	const char *kind_label; /* message id */
	const char *label;      /* NULL when the target is gone or not visible to the viewer */
	bool visible;
};

/** The links of activity @activity_id as @auth sees them. Results live in @a. */
int activity_links(struct db *db, struct arena *a, const struct auth *auth, int64_t activity_id,
		   struct activity_link_view **out, size_t *n, struct err *e);

/**
 * Record that @ac addresses record @target_id of @kind. ERR_INVALID naming
 * kind (not registered) or target_id (no such record, or one @auth does not
 * see: as if it did not exist); ERR_EXISTS when recorded already.
 */
int activity_link_add(struct db *db, struct arena *a, const struct auth *auth, const struct activity *ac,
		      const char *kind, int64_t target_id, int64_t *id_out, struct err *e);

/** Remove the link @l (as read by the route's scope). */
int activity_link_remove(struct db *db, struct arena *a, const struct auth *auth, const struct activity_link *l,
			 struct err *e);

/** Write @ac as a JSON object (the API representation and audit snapshot); overdue judged on @today. */
void activity_json(struct json *j, const struct activity *ac, const char *today);
const char *activity_json_text(struct arena *a, const struct activity *ac);

/** Write a link as seen by a viewer. */
void activity_link_json(struct json *j, const struct activity_link_view *l);

#endif
