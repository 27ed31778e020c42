/*
 * continuity.h - continuity plans (kontinuitetsplaner) and exercises
 * (övningar).
 *
 * A plan covers one business-critical asset or process: its maximum
 * tolerable outage, recovery time and recovery point objectives (hours),
 * manual fallback routines (Markdown, shown safely), contacts, an owner
 * and a review date. Its dependencies are the asset graph's: everything
 * the asset depends on or holds, directly or through a chain. A plan whose
 * recovery time objective is shorter than that of an asset it depends on
 * is flagged, naming the chain; so are plans overdue for review or never
 * exercised, and business-critical assets without a plan are listed.
 *
 * An exercise has a date, a kind (table-top, technical, full), a scenario,
 * the units taking part, observations, resulting actions, and the plans it
 * tested: the latest exercise marked done that tested a plan is its "last
 * exercised". An exercise dated in the future cannot be marked done.
 */
#ifndef TILLIT_DOMAIN_CONTINUITY_H
#define TILLIT_DOMAIN_CONTINUITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_continuity.h"
#include "domain/authz.h"

struct activity;
struct activity_target;

struct arena;
struct db;
struct err;
struct json;

#define EXERCISE_KIND_COUNT 3
/** "tabletop", "technical", "full" and their label message ids. */
extern const char *const exercise_kinds[EXERCISE_KIND_COUNT];
extern const char *const exercise_kind_labels[EXERCISE_KIND_COUNT];
/** "planned", "done" and their labels. */
extern const char *const exercise_statuses[2];
extern const char *const exercise_status_labels[2];

/* --- plans ------------------------------------------------------------------ */

int continuity_get(struct db *db, struct arena *a, int64_t id, struct continuity_plan *out, struct err *e);

/** Scope function: the plan @id (kind "continuity_plan", record struct continuity_plan), in its unit, owned by its owner. */
int continuity_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The plan of asset @asset_id, or ERR_NOTFOUND (without a message) when it has none. */
int continuity_of_asset(struct db *db, struct arena *a, int64_t asset_id, struct continuity_plan *out, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, shared by the list page, the API
 * and the exports: unit_id, review_overdue and never_exercised ("true" or
 * "false"), q. ERR_INVALID naming the argument.
 */
int continuity_filter_parse(struct continuity_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			    struct err *e);
extern const char *const continuity_filter_args[];

/** A page of plans by title; f->today defaults to today. */
int continuity_list(struct db *db, struct arena *a, const struct continuity_filter *f, struct continuity_plan **out,
		    size_t *n, int64_t *total, struct err *e);

/** A page of the business-critical assets in use, seen by @viewer_id (0: all), that have no plan. */
int continuity_missing(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t limit,
		       int64_t offset, struct continuity_gap **out, size_t *n, int64_t *total, struct err *e);

struct continuity_plan_input continuity_input_of(const struct continuity_plan *p);

/**
 * Create a plan as @auth, who must be able to edit in its unit
 * (ERR_FORBIDDEN naming unit_id). The asset must be one @auth sees
 * (ERR_INVALID naming asset_id) without a plan (ERR_EXISTS naming
 * asset_id); the maximum tolerable outage at least one hour, the recovery
 * time objective no longer than it (ERR_INVALID naming rto_hours), the
 * recovery point objective given.
 */
int continuity_create(struct db *db, struct arena *a, const struct auth *auth, const struct continuity_plan_input *in,
		      int64_t *id_out, struct err *e);

/** Change @before to @in, checked as continuity_create(); moving needs the right there. ERR_CONFLICT as usual. */
int continuity_update(struct db *db, struct arena *a, const struct auth *auth, const struct continuity_plan *before,
		      int64_t version, const struct continuity_plan_input *in, struct continuity_plan *current,
		      struct err *e);

/** May @auth change @p? Administrators and coordinators in scope, or its owner holding the owner role there. */
bool continuity_can_edit(const struct auth *auth, const struct continuity_plan *p);

/** An asset a plan's asset depends on, directly (depth 1) or through a chain. */
struct continuity_dep {
	int64_t asset_id;
	const char *name; /* "an asset in another unit" when the viewer does not see it */
	bool visible;
	int depth;
	int64_t plan_id; /* its plan, 0 when it has none */
	int64_t rto_hours;
	const char *chain; /* the plan's asset → ... → this asset, by name */
	bool too_slow;     /* it has a plan whose recovery time objective is longer than the plan's */
};

/** What the checks found for one plan. */
struct continuity_check {
	struct continuity_dep *deps; /* in the order of the walk: nearest first */
	size_t n_deps;
	size_t n_too_slow;
	bool review_overdue;
	bool never_exercised;
};

/**
 * Check @n plans at once (one query for the whole dependency walk): out[i]
 * for plans[i]. Names of assets @auth does not see are written in @lang as
 * "an asset in another unit". @today "YYYY-MM-DD" or NULL for today.
 * Results live in @a.
 */
int continuity_check(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const char *today,
		     const struct continuity_plan *plans, size_t n, struct continuity_check *out, struct err *e);

/** The plan as JSON, with the findings of @c when it is not NULL. */
void continuity_plan_json(struct json *j, const struct continuity_plan *p, const struct continuity_check *c);

/* --- exercises ------------------------------------------------------------------ */

int exercise_get(struct db *db, struct arena *a, int64_t id, struct exercise *out, struct err *e);

/** Scope function: the exercise @id (kind "exercise", record struct exercise), in its unit. */
int exercise_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Fill @f (zeroed) from unit_id, plan_id and status (planned, done). ERR_INVALID naming the argument. */
int exercise_filter_parse(struct exercise_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			  struct err *e);
extern const char *const exercise_filter_args[];

int exercise_list(struct db *db, struct arena *a, const struct exercise_filter *f, struct exercise **out, size_t *n,
		  int64_t *total, struct err *e);

struct exercise_input exercise_input_of(const struct exercise *x);

/**
 * Create an exercise as @auth (the right to edit in its unit, ERR_FORBIDDEN
 * naming unit_id). The units taking part and the plans tested must be ones
 * @auth sees (ERR_INVALID naming unit_ids / plan_ids); an exercise marked
 * done may not be dated after today (ERR_INVALID naming exercise_date).
 */
int exercise_create(struct db *db, struct arena *a, const struct auth *auth, const struct exercise_input *in,
		    int64_t *id_out, struct err *e);

int exercise_update(struct db *db, struct arena *a, const struct auth *auth, const struct exercise *before,
		    int64_t version, const struct exercise_input *in, struct exercise *current, struct err *e);

int exercise_units(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e);
int exercise_plans(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e);

void exercise_json(struct json *j, const struct exercise *x, const struct exercise_link *units, size_t n_units,
		   const struct exercise_link *plans, size_t n_plans);

/**
 * A resulting action of exercise @x: an activity of this year's action
 * plan of the exercise's unit (area "Övningar" in @lang, made when
 * missing), not started, linked to the exercise (link kind "exercise").
 * ERR_INVALID naming the field as activity_create() does; *id_out its id.
 */
int exercise_activity_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			     const struct exercise *x, const char *title, const char *purpose, int64_t responsible_id,
			     const char *due_date, int64_t *id_out, struct err *e);

/** The activities made from exercise @id that @auth sees (the page's follow-up list). */
int exercise_activities(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct activity **out,
			size_t *n, struct err *e);

/** The activity link target "exercise" (activity_link_kinds[]): exercise @id's label and unit. */
int exercise_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

#endif
