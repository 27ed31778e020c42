/*
 * inspection.h - audits (granskningar, revision): the audit report, its
 * numbered recommendations, the findings of a follow-up audit, and the
 * report file.
 *
 * The record kinds are "inspection" (an audit report; "audit" is the audit
 * trail), "recommendation" and "finding". An audit is registered in a unit
 * (usually the organisation), by an auditor (the municipal auditors, an
 * external firm, IMY, MCF), with a title, report date, case reference
 * (diarienummer), the boards it is addressed to, scope and purpose, the
 * overall assessment and observations. Each recommendation has a number
 * unique in its audit and is addressed to one or more of the audit's
 * boards; it stays open until someone closes it.
 *
 * A follow-up audit names the audit it follows up; each of its findings
 * ("Granskning / Resultat") may point back at a recommendation of that
 * audit or of one it followed up in turn, so a recommendation shows every
 * time it was examined and what was found.
 *
 * The report file (PDF, DOCX, ODT, XLSX or plain text, at most
 * INSPECTION_FILE_MAX bytes) is kept with its SHA-256 checksum; its type
 * is decided from its name and checked against its first bytes, never
 * taken from the upload.
 *
 * Who sees an audit or a recommendation: whoever sees its unit or one of
 * the boards it is addressed to. Who changes it: administrators and
 * coordinators in its unit.
 */
#ifndef TILLIT_DOMAIN_INSPECTION_H
#define TILLIT_DOMAIN_INSPECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_inspection.h"
#include "domain/authz.h"

struct arena;
struct db;
struct err;
struct json;

#define INSPECTION_KIND_COUNT 5
/** "municipal", "external", "imy", "mcf", "other" and their label message ids. */
extern const char *const inspection_kinds[INSPECTION_KIND_COUNT];
extern const char *const inspection_kind_labels[INSPECTION_KIND_COUNT];
/** The label of auditor kind @s, or @s when unknown. */
const char *inspection_kind_label(const char *s);

/** "open", "closed" and their labels. */
extern const char *const recommendation_statuses[2];
extern const char *const recommendation_status_labels[2];
const char *recommendation_status_label(const char *s);

/** The largest report file kept, in bytes. */
#define INSPECTION_FILE_MAX (20 * 1024 * 1024)

/* --- audits ------------------------------------------------------------------------ */

int inspection_get(struct db *db, struct arena *a, int64_t id, struct inspection *out, struct err *e);

/** Scope function: the audit @id (kind "inspection", record struct inspection), in its unit. */
int inspection_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, shared by the list page, the API
 * and the exports: unit_id, year, kind, q, sort (date, title, auditor),
 * order (asc, desc; newest first unless asc). ERR_INVALID naming the argument.
 */
int inspection_filter_parse(struct inspection_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			    struct err *e);
extern const char *const inspection_filter_args[];

int inspection_list(struct db *db, struct arena *a, const struct inspection_filter *f, struct inspection **out,
		    size_t *n, int64_t *total, struct err *e);

/** The boards audit @id is addressed to, by name. */
int inspection_boards(struct db *db, struct arena *a, int64_t id, struct insp_board **out, size_t *n, struct err *e);

/** The audits that follow up audit @id, by date. */
int inspection_followups(struct db *db, struct arena *a, int64_t id, struct inspection **out, size_t *n, struct err *e);

/** The input that keeps @x as it is (its boards kept: set_boards false). */
struct inspection_input inspection_input_of(const struct inspection *x);

/**
 * Register an audit as @auth, who must be able to edit in its unit
 * (ERR_FORBIDDEN naming unit_id). ERR_INVALID naming the field:
 * auditor_kind (not one of inspection_kinds), title, report_date,
 * board_ids (none, or a unit @auth does not see), follows_id (no such
 * audit seen by @auth, itself, or one dated after it).
 */
int inspection_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection_input *in,
		      int64_t *id_out, struct err *e);

/** Change @before to @in, checked as inspection_create(). ERR_CONFLICT on a stale @version, *current set. */
int inspection_update(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *before,
		      int64_t version, const struct inspection_input *in, struct inspection *current, struct err *e);

/** As inspection_json(), the object left open for more members. */
void inspection_json_open(struct json *j, const struct inspection *x, const struct insp_board *boards, size_t n_boards);
void inspection_json(struct json *j, const struct inspection *x, const struct insp_board *boards, size_t n_boards);

/* --- the report file --------------------------------------------------------------- */

/**
 * Keep @len bytes of @data named @file_name as the report file of @x
 * (replacing one kept before; the audit trail keeps both checksums).
 * ERR_INVALID naming file: empty, a name whose type is not kept, or bytes
 * that are not what the name says; ERR_TOOLARGE naming file when over
 * INSPECTION_FILE_MAX.
 */
int inspection_file_put(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			const char *file_name, const void *data, size_t len, struct err *e);

/** The report file of @x, its bytes decoded into *bytes (in @a). ERR_NOTFOUND naming file when none. */
int inspection_file_get(struct db *db, struct arena *a, const struct inspection *x, struct inspection_file *out,
			const unsigned char **bytes, size_t *len, struct err *e);

/* --- recommendations ------------------------------------------------------------------ */

/** @today "YYYY-MM-DD" for the overdue count, NULL for today. */
int recommendation_get(struct db *db, struct arena *a, int64_t id, const char *today, struct recommendation *out,
		       struct err *e);

/** Scope function: the recommendation @id (kind "recommendation", record struct recommendation), in its audit's unit. */
int recommendation_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Fill @f (zeroed) from unit_id, inspection_id, year, status (open,
 * closed, all; open when absent), overdue ("true"/"false"), order (asc,
 * desc). ERR_INVALID naming the argument.
 */
int recommendation_filter_parse(struct recommendation_filter *f, const char *(*get)(void *ctx, const char *name),
				void *ctx, struct err *e);
extern const char *const recommendation_filter_args[];

/** A page of recommendations with the state of their measures; f->today defaults to today. */
int recommendation_list(struct db *db, struct arena *a, const struct recommendation_filter *f,
			struct recommendation **out, size_t *n, int64_t *total, struct err *e);

/**
 * For the management review: the open recommendations addressed to a
 * board in @unit_id's subtree (0: all) from audits reported in @year (0:
 * any year) that @viewer_id sees (0: all), each with how many of its
 * measures are planned, ongoing, done and overdue on @today (NULL: today).
 * At most 10 000. Results live in @a.
 */
int recommendation_open_state(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, int64_t year,
			      const char *today, struct recommendation **out, size_t *n, struct err *e);

/** The input that keeps @r as it is (its boards kept). */
struct recommendation_input recommendation_input_of(const struct recommendation *r);

/**
 * Add a recommendation to @x. ERR_INVALID naming the field: number (not a
 * whole number from 1), text, status, board_ids (none, or one that is not
 * a board @x is addressed to); ERR_EXISTS naming number when taken.
 */
int recommendation_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
			  const struct recommendation_input *in, int64_t *id_out, struct err *e);

int recommendation_update(struct db *db, struct arena *a, const struct auth *auth, const struct recommendation *before,
			  int64_t version, const struct recommendation_input *in, struct recommendation *current,
			  struct err *e);

/** The boards of every recommendation of audit @inspection_id (owner_id: the recommendation). */
int recommendation_boards(struct db *db, struct arena *a, int64_t inspection_id, struct insp_board **out, size_t *n,
			  struct err *e);

/** As recommendation_json(), the object left open for more members. */
void recommendation_json_open(struct json *j, const struct recommendation *r);
void recommendation_json(struct json *j, const struct recommendation *r);

/* --- findings ----------------------------------------------------------------------------- */

/**
 * Add a finding to the follow-up audit @x: area ("Granskning", required),
 * result ("Resultat") and the recommendation it examined, which must be
 * one of the audit @x follows up (or of one that audit followed up):
 * ERR_INVALID naming recommendation_id otherwise, or when @x follows up no
 * audit.
 */
int finding_create(struct db *db, struct arena *a, const struct auth *auth, const struct inspection *x,
		   const struct finding_input *in, int64_t *id_out, struct err *e);

int finding_list(struct db *db, struct arena *a, int64_t inspection_id, struct finding **out, size_t *n, struct err *e);

/** Every finding that examined recommendation @rec_id, by the follow-up's date. */
int finding_of_recommendation(struct db *db, struct arena *a, int64_t rec_id, struct finding **out, size_t *n,
			      struct err *e);

/** As finding_json(), the object left open for more members. */
void finding_json_open(struct json *j, const struct finding *f);
void finding_json(struct json *j, const struct finding *f);

#endif
