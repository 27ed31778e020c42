/*
 * plan.h - action plans (handlingsplaner) by year, and their areas.
 *
 * A plan belongs to a unit (an organisation or any unit below it) and a
 * year from 2000 to 2100; a unit has at most one plan a year. Its
 * activities (domain/activity.h) are grouped in ordered, renameable areas
 * ("Nätverk", "Ledning och samordning", "IT-säkerhet"). A list of plans is
 * also their roll-up: each carries the status counts of its activities,
 * and filtering by a unit's subtree and a year shows every plan from the
 * units up to the organisation. Administrators and coordinators in scope
 * make and change plans; every change is versioned and audited. The record
 * structs are in db/q_plan.h.
 */
#ifndef TILLIT_DOMAIN_PLAN_H
#define TILLIT_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_plan.h"
#include "domain/authz.h"
#include "domain/listexport.h"

struct arena;
struct db;
struct err;
struct json;

#define PLAN_YEAR_MIN 2000
#define PLAN_YEAR_MAX 2100

/** What an area's scope function reads: the area and the plan it belongs to. */
struct plan_area_ref {
	struct plan_area area;
	struct plan plan;
};

int plan_get(struct db *db, struct arena *a, int64_t id, struct plan *out, struct err *e);

/** The plan of unit @unit_id for @year; ERR_NOTFOUND (with a message) when there is none. */
int plan_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct plan *out, struct err *e);

/** One area by id. */
int plan_area_get(struct db *db, struct arena *a, int64_t id, struct plan_area *out, struct err *e);

/** Scope function: the plan @id (kind "plan", record struct plan), in its unit. */
int plan_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Scope function: the area @id (kind "plan_area", record struct plan_area_ref), in its plan's unit. */
int plan_area_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, so the list page and the API share
 * one vocabulary: unit_id (whole number) and year. viewer_id, limit and
 * offset are not read. ERR_INVALID naming the argument.
 */
int plan_filter_parse(struct plan_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);

/** The argument names plan_filter_parse() reads, NULL-terminated. */
extern const char *const plan_filter_args[];

/** A page of plans with their counts (overdue as of today), newest year first. Results live in @a. */
int plan_list(struct db *db, struct arena *a, const struct plan_filter *f, struct plan **out, size_t *n, int64_t *total,
	      struct err *e);

/** The areas of @plan in their order with their counts (overdue as of today). Results live in @a. */
int plan_areas(struct db *db, struct arena *a, const struct plan *plan, struct plan_area **out, size_t *n,
	       struct err *e);

/**
 * Every plan @f matches (its limit and offset are ignored; at most 10,000)
 * with its counts, as a file in @format (domain/listexport.h), headers in
 * @lang: *data and *len in @a, *mime its Content-Type.
 */
int plan_export(struct db *db, struct arena *a, const struct plan_filter *f, enum lang lang, enum export_format format,
		const char **data, size_t *len, const char **mime, struct err *e);

/** "handlingsplaner-YYYY-MM-DD.@ext" for today. In @a. */
const char *plan_export_filename(struct arena *a, enum export_format format);

/** The input that keeps @p as it is. */
struct plan_input plan_input_of(const struct plan *p);

/**
 * Create a plan as @auth, who must be an administrator or coordinator in
 * its unit (ERR_FORBIDDEN naming unit_id), with the areas @areas (@n_areas
 * names, in order; may be 0). ERR_INVALID naming year (outside
 * 2000..2100), unit_id or title; ERR_EXISTS naming year when the unit has
 * a plan for that year. *id_out gets its id.
 */
int plan_create(struct db *db, struct arena *a, const struct auth *auth, const struct plan_input *in,
		const char *const *areas, size_t n_areas, int64_t *id_out, struct err *e);

/** Change the title of @before (as read by the route's scope). ERR_CONFLICT on a stale @version, *current set. */
int plan_update(struct db *db, struct arena *a, const struct auth *auth, const struct plan *before, int64_t version,
		const char *title, struct plan *current, struct err *e);

/**
 * The plan of unit @unit_id for @year, made (with no areas) when there is
 * none. For writes that need next year's plan (carrying an activity over)
 * or this year's (an activity made from a requirement): runs inside the
 * caller's transaction; the caller has checked the right to edit there.
 */
int plan_ensure_in_tx(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int64_t year,
		      struct plan *out, struct err *e);

/** The area of @plan_id named @name, added last when there is none. Inside the caller's transaction. */
int plan_area_ensure_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan,
			   const char *name, struct plan_area *out, struct err *e);

/** Add an area named @name last in @plan. ERR_INVALID naming name (blank, too long, taken in the plan). */
int plan_area_add(struct db *db, struct arena *a, const struct auth *auth, const struct plan *plan, const char *name,
		  int64_t *id_out, struct err *e);

/**
 * Rename the area @before (as read by its scope) and place it at
 * @position (1 = first; 0 keeps its place; beyond the last = last), the
 * others moving to make room. ERR_CONFLICT on a stale @version, with
 * *current set to the stored area.
 */
int plan_area_update(struct db *db, struct arena *a, const struct auth *auth, const struct plan_area_ref *before,
		     int64_t version, const char *name, int64_t position, struct plan_area *current, struct err *e);

/** The title a plan is shown by: its own, or its unit's name. Borrowed from @p. */
const char *plan_display_title(const struct plan *p);

/** Today's date "YYYY-MM-DD" (TILLIT_NOW in tests) into @out (11 bytes). */
void plan_today(char out[11]);

void plan_json(struct json *j, const struct plan *p);
void plan_counts_json(struct json *j, const struct plan_counts *c);
void plan_area_json(struct json *j, const struct plan_area *ar, bool with_counts);

#endif
