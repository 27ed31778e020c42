/*
 * risk.h - risk analysis (riskanalys), the municipal risk and vulnerability
 * analysis (RSA), the risk register and its matrix.
 *
 * An analysis belongs to a unit and has a scope: named assets, one
 * process (an asset of kind process), or the whole unit with the units
 * below it. Each risk has a threat (from the threat catalogue or free
 * text), a vulnerability, a consequence, a likelihood and a consequence
 * level on its organisation's scales, a value (likelihood x consequence)
 * and the band the organisation's thresholds put it in, a treatment
 * (reduce, accept, transfer, avoid) with its reason and, for an accepted
 * risk, who accepted it, an owner, measures, and the residual likelihood
 * and consequence after the measures. The unfulfilled requirements of the
 * classified assets in the scope come in as risks in one step, one risk per
 * requirement naming the assets it concerns; a risk's requirements become
 * tracked actions (activity_create_from_requirement()) in one step, each
 * kept as a measure of the risk.
 *
 * The RSA is an analysis of kind "rsa" for the whole organisation, one per
 * electoral term, with the seven parts MSBFS 2015:5 prescribes, due on 31
 * October of the year after the election; its risks are in the same
 * register.
 *
 * Scales are per organisation (a root unit): 2..9 levels on each axis
 * (default 4 x 4 with Swedish names), the names, the thresholds of the
 * medium, high and very high bands and their colours. A change of the
 * number of levels while risks use the scale needs a mapping from every
 * current level to a new one; stored values change only through it.
 *
 * Every write is versioned and audited in the transaction that makes it;
 * rights over a second record (an asset in the scope, a unit an analysis
 * moves to) are checked there with authz_may_reference().
 */
#ifndef TILLIT_DOMAIN_RISK_H
#define TILLIT_DOMAIN_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_risk.h"
#include "domain/authz.h"

struct activity_target;

struct arena;
struct db;
struct err;
struct json;
struct unit;

/* --- words ------------------------------------------------------------------ */

#define RISK_TREATMENT_COUNT 5
/** "", "reduce", "accept", "transfer", "avoid" and their label message ids ("Not decided", ...). */
extern const char *const risk_treatments[RISK_TREATMENT_COUNT];
extern const char *const risk_treatment_labels[RISK_TREATMENT_COUNT];

#define RISK_CATEGORY_COUNT 6
/** Threat categories: "human", "technical", "supplier", "nature", "antagonistic", "organisational". */
extern const char *const risk_categories[RISK_CATEGORY_COUNT];
extern const char *const risk_category_labels[RISK_CATEGORY_COUNT];

#define RISK_SCOPE_COUNT 3
/** Analysis scopes "assets", "process", "unit" and their labels. */
extern const char *const risk_scope_kinds[RISK_SCOPE_COUNT];
extern const char *const risk_scope_labels[RISK_SCOPE_COUNT];

/** Analysis kinds "risk", "rsa" and statuses "ongoing", "done", with labels. */
extern const char *const risk_analysis_kinds[2];
extern const char *const risk_analysis_kind_labels[2];
extern const char *const risk_analysis_statuses[2];
extern const char *const risk_analysis_status_labels[2];

/** The seven parts of an RSA (MSBFS 2015:5), as label message ids. */
extern const char *const risk_rsa_parts[7];

/** Index of @s in @table of @n names, or -1 (NULL is never found). */
int risk_enum(const char *const *table, size_t n, const char *s);

/** The label message id of @value in @values/@labels, or "" when unknown. */
const char *risk_label(const char *const *values, const char *const *labels, size_t n, const char *value);

/* --- scales and bands --------------------------------------------------------------- */

enum risk_band { RISK_LOW, RISK_MEDIUM, RISK_HIGH, RISK_VERY_HIGH };

/** "low", "medium", "high", "very_high" and "Low", ... (message ids). */
extern const char *const risk_band_names[4];
extern const char *const risk_band_labels[4];

/** The default scales (4 x 4, thresholds 4, 8, 12) for organisation @org_id; names NULL (the defaults). */
void risk_scale_defaults(struct risk_scale *s, int64_t org_id);

/** The scales of the organisation of the unit at @unit_path: stored, or the defaults. */
int risk_scale_of(struct db *db, struct arena *a, const char *unit_path, struct risk_scale *out, struct err *e);

/** The band @value falls in on @s: low below medium_from, medium below high_from, high below very_high_from. */
enum risk_band risk_band_of(const struct risk_scale *s, int64_t value);

/**
 * The name of level @level on @axis (0 likelihood, 1 consequence) of @s in
 * @lang: the organisation's own, else the default name of levels 1..4 of a
 * four-level scale, else NULL (show the number).
 */
const char *risk_level_name(const struct risk_scale *s, int axis, int64_t level, enum lang lang);

/**
 * Check @in (org_id, levels, thresholds, colours "#rrggbb", names) without
 * the database. ERR_INVALID naming the field.
 */
int risk_scale_check(const struct risk_scale *in, struct err *e);

/**
 * Change the scales of organisation @org (as the route's scope read it) to
 * @in as @auth. @version is the version read (0 while the defaults apply).
 * When the number of levels of an axis changes and risks of the
 * organisation exist, @l_map (likelihood) or @c_map (consequence) must say
 * for every current level k (l_map[k], k = 1..current levels) which new
 * level it becomes (ERR_INVALID naming "likelihood_map" or
 * "consequence_map" otherwise); the risks are then moved in the same
 * transaction, each to a new version with its own audit entry, and the
 * scale's audit entry records the mapping and how many changed
 * (*n_remapped). A map may be given without a
 * change of levels as well. ERR_CONFLICT on a stale version, *current set.
 */
int risk_scale_update(struct db *db, struct arena *a, const struct auth *auth, const struct unit *org, int64_t version,
		      const struct risk_scale *in, const int64_t *l_map, const int64_t *c_map, int64_t *n_remapped,
		      struct risk_scale *current, struct err *e);

void risk_scale_json(struct json *j, const struct risk_scale *s, enum lang lang);
/** The members of risk_scale_json() without the braces, for an answer that adds its own. */
void risk_scale_json_members(struct json *j, const struct risk_scale *s, enum lang lang);

/* --- the RSA's term ------------------------------------------------------------------ */

/** True for a year of an ordinary Swedish general election (2018, 2022, 2026, ...). */
bool risk_election_year(int64_t year);

/** The RSA due date for the term after @election_year: 31 October of the next year ("2027-10-31"), in @out[11]. */
void risk_rsa_due(int64_t election_year, char out[11]);

/** The election whose RSA is the next one due on or after @today ("YYYY-MM-DD"). */
int64_t risk_rsa_term(const char *today);

/* --- threat catalogue ------------------------------------------------------------------ */

int risk_threat_get(struct db *db, struct arena *a, int64_t id, struct risk_threat *out, struct err *e);
int risk_threat_list(struct db *db, struct arena *a, bool all, const char *category, struct risk_threat **out,
		     size_t *n, struct err *e);
struct risk_threat_input risk_threat_input_of(const struct risk_threat *t);
/** Create a threat. ERR_INVALID naming the field, ERR_EXISTS naming "code". */
int risk_threat_create(struct db *db, struct arena *a, const struct auth *auth, const struct risk_threat_input *in,
		       int64_t *id_out, struct err *e);
/** Change @before to @in. ERR_CONFLICT on a stale @version (*current set). */
int risk_threat_update(struct db *db, struct arena *a, const struct auth *auth, const struct risk_threat *before,
		       int64_t version, const struct risk_threat_input *in, struct risk_threat *current, struct err *e);
void risk_threat_json(struct json *j, const struct risk_threat *t);

/* --- analyses ---------------------------------------------------------------------------- */

int risk_analysis_get(struct db *db, struct arena *a, int64_t id, struct risk_analysis *out, struct err *e);

/** Scope function: the analysis @id (kind "risk_analysis", record struct risk_analysis), in its unit. */
int risk_analysis_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, shared by the list page and the
 * API: unit_id (a whole number), kind (risk, rsa), status (ongoing, done).
 * ERR_INVALID naming the argument.
 */
int risk_analysis_filter_parse(struct risk_analysis_filter *f, const char *(*get)(void *ctx, const char *name),
			       void *ctx, struct err *e);
extern const char *const risk_analysis_filter_args[];

int risk_analysis_list(struct db *db, struct arena *a, const struct risk_analysis_filter *f, struct risk_analysis **out,
		       size_t *n, int64_t *total, struct err *e);

/** The input that keeps @an as it is (assets and sections unchanged). */
struct risk_analysis_input risk_analysis_input_of(const struct risk_analysis *an);

/**
 * Create an analysis as @auth, who must be able to edit in its unit
 * (ERR_FORBIDDEN naming unit_id). Every asset of the scope must be one
 * @auth sees (ERR_INVALID naming asset_ids otherwise); scope "process"
 * takes exactly one asset of kind process. An RSA covers its organisation
 * (its unit is the organisation), needs an election year and is one per
 * term (ERR_EXISTS naming election_year).
 */
int risk_analysis_create(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis_input *in,
			 int64_t *id_out, struct err *e);

/** Change @before to @in; moving it needs the right to edit in the new unit. ERR_CONFLICT as usual. */
int risk_analysis_update(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis *before,
			 int64_t version, const struct risk_analysis_input *in, struct risk_analysis *current,
			 struct err *e);

/** The assets analysis @id names. */
int risk_analysis_assets(struct db *db, struct arena *a, int64_t id, struct risk_scope_asset **out, size_t *n,
			 struct err *e);

/** The seven RSA parts of analysis @id (bodies[k] for part k+1, "" when not written). */
int risk_rsa_sections(struct db *db, struct arena *a, int64_t id, const char *bodies[7], struct err *e);

/**
 * Bring the requirements assessed as not or partly fulfilled for the
 * classified assets in @an's scope (that @auth sees) into the analysis in
 * one transaction: one risk per requirement, its vulnerability naming the
 * requirement and the assets, preliminary levels (likelihood 3 when any
 * asset does not fulfil it, 2 when only partly; consequence the highest
 * classification level of those assets, within the scale), and a concern
 * per asset. A requirement already brought in gains only its new assets.
 * Texts are written in @lang. *n_risks and *n_concerns get what was added.
 */
int risk_analysis_pull(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		       const struct risk_analysis *an, int64_t *n_risks, int64_t *n_concerns, struct err *e);

void risk_analysis_json(struct json *j, const struct risk_analysis *an);
/** The members of risk_analysis_json() without the braces. */
void risk_analysis_json_members(struct json *j, const struct risk_analysis *an);

/* --- risks ----------------------------------------------------------------------------------- */

int risk_get(struct db *db, struct arena *a, int64_t id, struct risk *out, struct err *e);

/** Scope function: the risk @id (kind "risk", record struct risk), in its analysis's unit, owned by its owner. */
int risk_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** A filter matching every risk, highest value first. */
void risk_filter_init(struct risk_filter *f);

/**
 * Fill @f (after risk_filter_init()) from named arguments, shared by the
 * register page, the matrix, the API and the exports: unit_id,
 * analysis_id, asset_id, owner_id (whole numbers), treatment (none,
 * reduce, accept, transfer, avoid), likelihood and consequence (a matrix
 * cell, 1..9), residual (true: the cell is of the residual risk), q, sort
 * (value, residual, threat, updated, analysis) and order (asc, desc).
 * ERR_INVALID naming the argument.
 */
int risk_filter_parse(struct risk_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);
extern const char *const risk_filter_args[];

int risk_list(struct db *db, struct arena *a, const struct risk_filter *f, struct risk **out, size_t *n, int64_t *total,
	      struct err *e);

/** The input that keeps @k as it is. */
struct risk_input risk_input_of(const struct risk *k);

/**
 * Check @in against the scales @s (without the database): a threat;
 * likelihood and consequence on the scale; residual likelihood and
 * consequence both or neither, on the scale; a treatment from the list;
 * an accepted risk with a reason and who accepted it. ERR_INVALID naming
 * the field.
 */
int risk_check(const struct risk_input *in, const struct risk_scale *s, struct err *e);

/** Add a risk to analysis @an (as the route's scope read it) as @auth. */
int risk_create(struct db *db, struct arena *a, const struct auth *auth, const struct risk_analysis *an,
		const struct risk_input *in, int64_t *id_out, struct err *e);

/** Change @before to @in. ERR_CONFLICT on a stale @version (*current set). */
int risk_update(struct db *db, struct arena *a, const struct auth *auth, const struct risk *before, int64_t version,
		const struct risk_input *in, struct risk *current, struct err *e);

int risk_concerns(struct db *db, struct arena *a, int64_t risk_id, struct risk_concern **out, size_t *n, struct err *e);
int risk_measures(struct db *db, struct arena *a, int64_t risk_id, struct risk_measure **out, size_t *n, struct err *e);

/** Make risk @k concern asset @asset_id, one @auth sees (ERR_INVALID naming asset_id otherwise). */
int risk_concern_add(struct db *db, struct arena *a, const struct auth *auth, const struct risk *k, int64_t asset_id,
		     struct err *e);

/**
 * Record a measure against @k: @title, a responsible person and a due date
 * (both optional), carried out as an activity of this year's action plan
 * of the risk's unit (area "Risker" in @lang, linked to the risk: link kind
 * "risk"), made in the same transaction. ERR_INVALID naming the field.
 */
int risk_measure_add(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct risk *k,
		     const char *title, int64_t responsible_id, const char *due_date, int64_t *id_out, struct err *e);

/** The activity link target "risk" (activity_link_kinds[]): risk @id's label and unit. */
int risk_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

/**
 * Turn the requirements @k concerns (assessed not or partly fulfilled) into
 * tracked actions, each in the asset's unit through
 * activity_create_from_requirement() (an existing action is reused), and
 * keep each as a measure of @k. Assets @auth may not change are left
 * (*n_skipped). *n_made: actions made, *n_linked: measures added.
 */
int risk_make_actions(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct risk *k,
		      int64_t *n_made, int64_t *n_linked, int64_t *n_skipped, struct err *e);

/**
 * The matrix of the risks @f matches, on @f->residual's side; counts[l][c]
 * for levels 1..RISK_SCALE_MAX (0 elsewhere); *total the sum.
 */
int risk_matrix(struct db *db, struct arena *a, const struct risk_filter *f,
		int64_t counts[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], int64_t *total, struct err *e);

/**
 * The unit at @path (its path after a move) and those below it may now be
 * in another organisation: their analyses and risks follow. In the moving
 * transaction.
 */
int risk_note_unit_moved(struct db *db, struct arena *a, const char *path, struct err *e);

/** Both sides of the matrix of the risks @f matches, read once: before and after the measures. */
int risk_matrices(struct db *db, struct arena *a, const struct risk_filter *f,
		  int64_t before[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1],
		  int64_t after[RISK_SCALE_MAX + 1][RISK_SCALE_MAX + 1], int64_t *total, struct err *e);

/** May @auth change @k? Administrators and coordinators in scope, or its owner holding the owner role there. */
bool risk_can_edit(const struct auth *auth, const struct risk *k);

/** @k as JSON; with @s (not NULL) also its bands. */
void risk_json(struct json *j, const struct risk *k, const struct risk_scale *s);
/** The members of risk_json() without the braces. */
void risk_json_members(struct json *j, const struct risk *k, const struct risk_scale *s);
void risk_concern_json(struct json *j, const struct risk_concern *c);
void risk_measure_json(struct json *j, const struct risk_measure *m);

#endif
