/*
 * response.h - a board's responses to an audit (yttranden): numbered
 * action areas (åtgärdsområden) and measures.
 *
 * The record kinds are "response", "action_area" and "measure". A
 * response is written by a board the audit is addressed to, with a date,
 * case reference, address, addressee, title and summary. Its action areas
 * each answer recommendations of the audit, with the decided action, the
 * expected effect and the actions taken so far (Markdown). Its measures
 * have a responsible unit (and optionally person), a status Planerad /
 * Pågående / Avslutad, a comment, a case reference, planned and done
 * dates, and may be carried out by action-plan activities (the activity
 * link kind "measure").
 *
 * A response is frozen when it is approved (by a named person, on a date):
 * it, its areas and its measures are no longer changed (ERR_CONFLICT naming
 * status). Later work goes in a supplementary response, which starts as a
 * copy of the approved one (each measure linked to its earlier self) and
 * supersedes it. A measure handed over to another unit keeps its history:
 * the hand-over is recorded, the receiving unit becomes responsible, and
 * the document says where it went.
 *
 * A measure is overdue when it is not done, its response is the current
 * one, and its planned date has passed; overdue measures show on the list
 * of open recommendations, on the unit page and, for the responsible
 * person, on the start page (task source measure_tasks()).
 *
 * Who may do what: everyone who sees the responding board reads; its
 * administrators and coordinators write.
 */
#ifndef TILLIT_DOMAIN_RESPONSE_H
#define TILLIT_DOMAIN_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_inspection.h"
#include "db/q_response.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;
struct task;

#define MEASURE_STATUS_COUNT 3
/** "planned", "ongoing", "done" and their labels (Planerad, Pågående, Avslutad). */
extern const char *const measure_statuses[MEASURE_STATUS_COUNT];
extern const char *const measure_status_labels[MEASURE_STATUS_COUNT];
const char *measure_status_label(const char *s);

/** "draft", "approved" and their labels. */
extern const char *const response_statuses[2];
extern const char *const response_status_labels[2];
const char *response_status_label(const char *s);

/* --- responses ------------------------------------------------------------------------ */

int response_get(struct db *db, struct arena *a, int64_t id, struct audit_response *out, struct err *e);

/** Scope function: the response @id (kind "response", record struct audit_response), in the responding board. */
int response_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The responses to audit @inspection_id, by date. */
int response_of_inspection(struct db *db, struct arena *a, int64_t inspection_id, struct audit_response **out,
			   size_t *n, struct err *e);

struct response_input response_input_of(const struct audit_response *s);

/**
 * Write a first response to @x as the board in->unit_id, which @x must be
 * addressed to (ERR_INVALID naming unit_id) and where @auth may edit
 * (ERR_FORBIDDEN naming unit_id), and which has not answered already
 * (ERR_EXISTS naming unit_id: write a supplementary response). ERR_INVALID
 * naming response_date or title.
 */
int response_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
		    const struct response_input *in, int64_t *id_out, struct err *e);

/** Change a draft response; an approved one is refused (ERR_CONFLICT naming status). */
int response_update(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
		    int64_t version, const struct response_input *in, struct audit_response *current, struct err *e);

/**
 * Freeze @before: approved by @approved_by (a named person, required) on
 * @approved_on (a date, not after today). ERR_CONFLICT naming status when
 * approved already, or version when stale.
 */
int response_approve(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
		     int64_t version, const char *approved_by, const char *approved_on, struct err *e);

/**
 * Start a supplementary response to @before, which must be approved and
 * current (ERR_CONFLICT naming status otherwise): a draft dated @date
 * (today when NULL) with @before's heading, its areas and its measures
 * copied (each measure linked to the one it continues); @before becomes
 * superseded. *id_out gets the new response's id.
 */
int response_supplement(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *before,
			const char *date, int64_t *id_out, struct err *e);

/** As response_json(), the object left open for more members. */
void response_json_open(struct json *j, const struct audit_response *s);
void response_json(struct json *j, const struct audit_response *s);

/* --- action areas ---------------------------------------------------------------------- */

int area_get(struct db *db, struct arena *a, int64_t id, struct action_area *out, struct err *e);

/** Scope function: the action area @id (kind "action_area", record struct action_area), in its response's board. */
int area_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

int area_list(struct db *db, struct arena *a, int64_t response_id, struct action_area **out, size_t *n, struct err *e);

struct action_area_input area_input_of(const struct action_area *x);

/**
 * Add an action area to the draft response @s. ERR_INVALID naming number
 * (not from 1), heading, decided_action, expected_effect, actions_taken,
 * recommendation_ids (not a recommendation of the audit answered);
 * ERR_EXISTS naming number; ERR_CONFLICT naming status when @s is frozen.
 */
int area_create(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *s,
		const struct action_area_input *in, int64_t *id_out, struct err *e);

int area_update(struct db *db, struct arena *a, const struct auth *auth, const struct action_area *before,
		int64_t version, const struct action_area_input *in, struct action_area *current, struct err *e);

void area_json(struct json *j, const struct action_area *x);

/* --- measures -------------------------------------------------------------------------------- */

int measure_get(struct db *db, struct arena *a, int64_t id, struct measure *out, struct err *e);

/** Scope function: the measure @id (kind "measure", record struct measure), in its response's board. */
int measure_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

int measure_of_response(struct db *db, struct arena *a, int64_t response_id, struct measure **out, size_t *n,
			struct err *e);

/** The measures of the current responses that answer recommendation @rec_id. */
int measure_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct measure **out, size_t *n,
			      struct err *e);

/** A page of open measures (f->today defaults to today). */
int measure_list(struct db *db, struct arena *a, const struct measure_filter *f, struct measure **out, size_t *n,
		 int64_t *total, struct err *e);

/** Is @m overdue on @today ("YYYY-MM-DD")? */
bool measure_overdue(const struct measure *m, const char *today);

struct measure_input measure_input_of(const struct measure *m);

/**
 * Add a measure to the draft response @s. ERR_INVALID naming the field:
 * title, unit_id (none, or a unit @auth does not see), owner_id (no such
 * user), status (not one of the three), area_id (not an area of @s),
 * planned_date, done_date (needed when done; not before the planned
 * date is allowed), comment, case_ref. ERR_CONFLICT naming status when @s
 * is frozen.
 */
int measure_create(struct db *db, struct arena *a, const struct auth *auth, const struct audit_response *s,
		   const struct measure_input *in, int64_t *id_out, struct err *e);

int measure_update(struct db *db, struct arena *a, const struct auth *auth, const struct measure *before,
		   int64_t version, const struct measure_input *in, struct measure *current, struct err *e);

/**
 * Hand @before over to unit @to_unit_id (seen by @auth, not its present
 * unit: ERR_INVALID naming to_unit_id) on @handed_on (a date; today when
 * NULL or empty) with @note: recorded in its history, and the unit
 * becomes responsible for it. Refused on a frozen response.
 */
int measure_handover(struct db *db, struct arena *a, const struct auth *auth, const struct measure *before,
		     int64_t version, int64_t to_unit_id, const char *handed_on, const char *note, struct err *e);

/**
 * The history of @m: the same measure in the earlier responses, oldest
 * first, @m last (*chain, *n_chain), and every hand-over of any of them,
 * oldest first. Results live in @a.
 */
int measure_history(struct db *db, struct arena *a, const struct measure *m, struct measure **chain, size_t *n_chain,
		    struct measure_handover **handovers, size_t *n_handovers, struct err *e);

/** As measure_json(), the object left open for more members. */
void measure_json_open(struct json *j, const struct measure *m, const char *today);
void measure_json(struct json *j, const struct measure *m, const char *today);
void handover_json(struct json *j, const struct measure_handover *h);

/** The task source of measures (domain/tasks.h): the open measures @auth is responsible for. */
int measure_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		  struct task **out, size_t *n, struct err *e);

/**
 * Make an action-plan activity that carries out @m: in this year's plan of
 * its responsible unit (made when missing), in the area "Measures after
 * audits" in @lang, titled by the measure, with its responsible person and
 * planned date, addressing it (link kind "measure"). @auth must be able to
 * edit in the responsible unit (ERR_FORBIDDEN naming unit_id); a completed
 * measure is refused (ERR_INVALID naming status). Audited.
 */
int measure_activity_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			    const struct measure *m, int64_t *id_out, struct err *e);

struct activity_target;
/** The activity link kind "measure" (activity_link_kinds[]): its title and its response's board. */
int measure_link_read(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

#endif
