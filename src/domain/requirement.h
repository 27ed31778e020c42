/*
 * requirement.h - the requirements library (kravbibliotek) and how each
 * classified asset meets it.
 *
 * A requirement has a code ("ÅS-01"), a title, a text, a category, the
 * points of NIS2 Art. 21(2) (a)-(j) and the GDPR articles it serves (any
 * number of each), whether it is mandatory (ska) or recommended (bör), who
 * meets it (the organisation itself, a supplier, or both: the procurement
 * appendix takes those a supplier meets), and a rule of when it applies:
 *  - levels: a minimum per aspect (confidentiality, integrity,
 *    availability, traceability), any of which may be empty. ANY aspect
 *    that has a minimum must reach it; with every minimum empty the levels
 *    allow every classified asset;
 *  - attributes (conditions): the asset must have every one named:
 *    personal_data, nis2 (supports services in the scope of the
 *    cybersecurity act), vital (samhällsviktig), business_critical,
 *    outsourced (hosted by a supplier, in the cloud or in a third
 *    country), cloud, third_country;
 *  - kinds: the asset's kind must be one of those named (none: any kind).
 * It never applies to an unclassified asset, nor when it is inactive.
 * Applicability is computed when read, so changing an asset's attributes
 * changes which requirements apply at once, and an assessment made while a
 * requirement applied is kept and shown again when it applies again. The
 * library is installation-wide; only installation-wide administrators
 * change it.
 *
 * The library starts with Tillit's default requirements (reqlib_default.c):
 * they are inserted, idempotently by code, the first time the library is read
 * while the requirements table is empty (requirement_ensure_default(), called
 * by every reading function here), so a new installation, a test database and
 * `tillit demo` all get them without a separate step.
 *
 * Per asset, each applicable requirement carries a fulfilment status
 * (uppfylld / delvis / ej uppfylld / ej tillämplig, or not yet assessed), a
 * comment, an evidence link and the action created from it, kept in
 * asset_requirements with a version of its own. The record structs are in
 * db/q_requirement.h.
 */
#ifndef TILLIT_DOMAIN_REQUIREMENT_H
#define TILLIT_DOMAIN_REQUIREMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/q_requirement.h"
#include "domain/authz.h"

struct arena;
struct asset;
struct db;
struct json;

/* Highest level a minimum may name: the national consequence scale 0-4. */
#define REQ_LEVEL_MAX 4
/* The level from which a classification needs a separate analysis. */
#define REQ_LEVEL_SEPARATE 4

#define REQ_CATEGORY_COUNT 11
/** Stored category keys and their label message ids, in display order. */
extern const char *const req_categories[REQ_CATEGORY_COUNT];
extern const char *const req_category_labels[REQ_CATEGORY_COUNT];

#define REQ_NIS2_COUNT 10
/** "a".."j" and the message id summarising each point of NIS2 Art. 21(2). */
extern const char *const req_nis2_points[REQ_NIS2_COUNT];
extern const char *const req_nis2_labels[REQ_NIS2_COUNT];

#define REQ_STATUS_COUNT 5
/** "", "fulfilled", "partial", "not_fulfilled", "not_applicable" and their labels ("Not assessed", ...). */
extern const char *const req_statuses[REQ_STATUS_COUNT];
extern const char *const req_status_labels[REQ_STATUS_COUNT];

/** The label message id of category @key, or @key itself when unknown (NULL gives ""). */
const char *req_category_label(const char *key);
/** The label message id of NIS2 point @p ("a".."j"), or "" when empty/unknown. */
const char *req_nis2_label(const char *p);
#define REQ_CONDITION_COUNT 7
/** The asset attributes a requirement may need ("personal_data", ...) and their labels. */
extern const char *const req_conditions[REQ_CONDITION_COUNT];
extern const char *const req_condition_labels[REQ_CONDITION_COUNT];

#define REQ_PARTY_COUNT 3
/** "organisation", "supplier", "both" and their labels. */
extern const char *const req_parties[REQ_PARTY_COUNT];
extern const char *const req_party_labels[REQ_PARTY_COUNT];

/** "must" and "should" and their labels ("Mandatory (ska)", ...); the short words ("ska", "bör"). */
extern const char *const req_obligations[2];
extern const char *const req_obligation_labels[2];
extern const char *const req_obligation_words[2];

/** The label message id of obligation @o ("must" when empty or unknown). */
const char *req_obligation_label(const char *o);
/** "ska" or "bör" for obligation @o, as a message id. */
const char *req_obligation_word(const char *o);
/** The label message id of party @p ("organisation" when empty or unknown). */
const char *req_party_label(const char *p);
/** The label message id of asset attribute @c, or @c when unknown. */
const char *req_condition_label(const char *c);

/** True when the stored comma-separated list @list ("g,i") holds @item ("i"). */
bool req_lists(const char *list, const char *item);

/** True when a supplier meets requirement @q (party "supplier" or "both"): it goes into a procurement. */
bool requirement_for_supplier(const struct requirement *q);

/**
 * "(g), (i)" for the NIS2 points @points ("g,i"), "Art. 15, 16, 17" for the
 * GDPR articles @arts ("15,16,17"); "" when empty. Live in @a.
 */
const char *req_nis2_text(struct arena *a, const char *points);
const char *req_gdpr_text(struct arena *a, const char *arts);

/** The label message id of fulfilment status @s ("" = "Not assessed"). */
const char *req_status_label(const char *s);

/** True when @s is a stored fulfilment status ("" for not assessed, "fulfilled", ...). */
bool req_status_known(const char *s);

/**
 * A category key from @s: a stored key ("access_control") or a label in
 * English or Swedish ("Behörighetsstyrning"), compared without case. NULL
 * when none matches. Borrowed (static).
 */
const char *req_category_parse(const char *s);

/** An asset's classification levels; -1 for an aspect without a level (t when traceability is not used). */
struct req_levels {
	int64_t c, i, a, t;
};

/** The levels of @as's current classification (all -1 when it has none). */
struct req_levels req_levels_of(const struct asset *as);

/** True when @lv is a classification (confidentiality, integrity and availability all set). */
bool req_levels_classified(const struct req_levels *lv);

/** True when any level of @lv is REQ_LEVEL_SEPARATE or above (needs a separate analysis). */
bool req_levels_need_separate_analysis(const struct req_levels *lv);

/**
 * Do @req's levels allow an asset classified @lv? False when @req is
 * inactive or @lv is not a classification; true when every minimum is
 * empty; otherwise true when any aspect with a minimum has a level at or
 * above it. Pure: no database.
 */
bool requirement_applies(const struct requirement *req, const struct req_levels *lv);

/** Does @as have every attribute @req's conditions name, and a kind among its kinds (if any)? Pure. */
bool requirement_conditions_hold(const struct requirement *req, const struct asset *as);

/**
 * Does @req apply to asset @as as it is now: its levels allow the current
 * classification (requirement_applies()) and its conditions hold
 * (requirement_conditions_hold())? Pure: no database.
 */
bool requirement_applies_to(const struct requirement *req, const struct asset *as);

/**
 * Insert the default library when the requirements table is empty (by code,
 * idempotently, each insert audited as the system). Called by every reading
 * function below; cheap when the table is not empty.
 */
int requirement_ensure_default(struct db *db, struct arena *a, struct err *e);

int requirement_get(struct db *db, struct arena *a, int64_t id, struct requirement *out, struct err *e);

/** A requirement by its code (exact). ERR_NOTFOUND when none. */
int requirement_get_by_code(struct db *db, struct arena *a, const char *code, struct requirement *out, struct err *e);

/**
 * Fill @f (zeroed) from named arguments, so the library page and the API
 * share one vocabulary: category (a key, or a name in English or Swedish),
 * nis2 ("a".."j"), q, active ("true" or "1", "false" or "0", "all"; active
 * ones when absent). @get returns the value of an argument or NULL; an
 * empty value counts as absent. limit and offset are not read. Strings are
 * borrowed from @get. ERR_INVALID naming the argument when a value is not
 * one of those allowed.
 */
int requirement_filter_parse(struct requirement_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			     struct err *e);

/** A page of the library ordered by category then code, and the total matching. Results live in @a. */
int requirement_list(struct db *db, struct arena *a, const struct requirement_filter *f, struct requirement **out,
		     size_t *n, int64_t *total, struct err *e);

/** Validate @in (without the database). ERR_INVALID naming the field. */
int requirement_check(const struct requirement_input *in, struct err *e);

/** Create. ERR_EXISTS naming "code" when the code is taken. */
int requirement_create(struct db *db, struct arena *a, const struct auth *auth, const struct requirement_input *in,
		       int64_t *id_out, struct err *e);

/** The input that keeps @q as it is: the start of an edit form or of a PATCH. */
struct requirement_input requirement_input_of(const struct requirement *q);

/**
 * Change @before (as the handler read it) to @in. ERR_INVALID naming the
 * field, ERR_EXISTS naming "code" when another requirement has the code,
 * ERR_CONFLICT on a stale @version, with *current (if not NULL) set to the
 * stored requirement.
 */
int requirement_update(struct db *db, struct arena *a, const struct auth *auth, const struct requirement *before,
		       int64_t version, const struct requirement_input *in, struct requirement *current, struct err *e);

/** Set @before's active flag (deactivate or reactivate), versioned like requirement_update(). */
int requirement_set_active(struct db *db, struct arena *a, const struct auth *auth, const struct requirement *before,
			   int64_t version, bool active, struct requirement *current, struct err *e);

/** One requirement of the default library (reqlib_default.c); a minimum of -1 is empty. */
struct reqlib_entry {
	const char *code;
	const char *category;
	const char *nis2;       /* "g,i" */
	const char *gdpr;       /* "15,16,17" */
	const char *obligation; /* "must", "should" */
	const char *party;      /* "organisation", "supplier", "both" */
	const char *conditions; /* "personal_data,outsourced" */
	const char *kinds;      /* "system,digital_service" */
	int min_c, min_i, min_a, min_t;
	const char *title;
	const char *text;
};

/** The input that creates the default entry @d (active). */
struct requirement_input reqlib_input(const struct reqlib_entry *d);

/** Tillit's default library, written for Tillit (reqlib_default.c). */
extern const struct reqlib_entry reqlib_default[];
extern const size_t reqlib_default_count;

void requirement_json(struct json *j, const struct requirement *req);
const char *requirement_json_text(struct arena *a, const struct requirement *req);

/* --- CSV import ------------------------------------------------------------ */

/** One bad row (or the file) of an import: its line (0 for the file as a whole), field and message. */
struct reqimport_problem {
	size_t line;
	const char *field; /* CSV column name, or "file" */
	struct err err;    /* message id and argument */
};

struct reqimport_result {
	size_t n_rows;
	size_t n_new;     /* codes not in the library */
	size_t n_changed; /* codes in the library whose row differs */
	size_t n_same;    /* codes in the library with nothing to change */
	struct reqimport_problem *problems;
	size_t n_problems;
};

/* Columns an import file must have, in the order the export writes them. */
#define REQIMPORT_N_COLUMNS 9
extern const char
	*const reqimport_columns[REQIMPORT_N_COLUMNS]; /* code,title,text,category,min_c,min_i,min_a,min_t,nis2 */
/* Columns an import file may have besides, in the order the export writes them after those. */
#define REQIMPORT_N_OPTIONAL 5
extern const char *const reqimport_optional[REQIMPORT_N_OPTIONAL]; /* gdpr,obligation,party,conditions,kinds */

/**
 * Import the library from CSV @data (@len bytes), read with csv_read():
 * columns code, title, text, category, min_c, min_i, min_a, min_t, nis2 (any
 * order; nis2 may list several points, "g,i"); the columns gdpr,
 * obligation (must/should or ska/bör), party, conditions and kinds and
 * "active" with 1/0 are honoured when present (absent: the requirement
 * keeps what it has, a new one gets "must", "organisation" and none). Every row is checked
 * and every problem reported with its line and column; duplicate codes within
 * the file are problems. With @dry_run, or when there is any problem, nothing
 * changes. Otherwise existing codes are updated (new version, audited) and new
 * ones created, all in one transaction. Returns 0 when the file is valid
 * (whether or not it was applied), ERR_INVALID when there were problems (see
 * @res), or another error. Results live in @a.
 */
int requirement_import(struct db *db, struct arena *a, const struct auth *auth, const char *data, size_t len,
		       bool dry_run, struct reqimport_result *res, struct err *e);

/**
 * The library as CSV in the import's columns and "active", separated by
 * commas, written by io/csvwrite.h (UTF-8 with a byte-order mark, text a
 * spreadsheet would run as a formula guarded). Result lives in @a.
 */
const char *requirement_export_csv(struct db *db, struct arena *a, size_t *len, struct err *e);

/* --- fulfilment per asset ------------------------------------------------ */

/*
 * The task source of requirements (domain/tasks.h): each classified asset
 * @auth owns or is system administrator of (at most TASKS_ASSETS, the
 * first by id) with requirements that apply and are not assessed, not
 * fulfilled or only in part (TASK_ASSESS), linked to its assessment page
 * showing the ones not assessed first. Two queries: the assets and their
 * assessments, each through assets_owner and assets_administrator.
 */
struct task;
int requirement_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		      struct task **out, size_t *n, struct err *e);

/**
 * The requirements that apply to asset @as's current classification, in
 * category order then code, each with its assessment. An unclassified
 * asset gives *n = 0. Results live in @a.
 */
int asset_requirement_list(struct db *db, struct arena *a, const struct asset *as, struct asset_requirement **out,
			   size_t *n, struct err *e);

/** One requirement's assessment for asset @as (applicable or not). ERR_NOTFOUND when there is no such requirement. */
int asset_requirement_get(struct db *db, struct arena *a, const struct asset *as, int64_t requirement_id,
			  struct asset_requirement *out, struct err *e);

/** As asset_requirement_get() without loading the default library first: safe inside a transaction. */
int asset_requirement_read(struct db *db, struct arena *a, const struct asset *as, int64_t requirement_id,
			   struct asset_requirement *out, struct err *e);

/** The input that keeps @ar's assessment as it is: the start of the assessment form or of a PATCH. */
struct asset_requirement_input asset_requirement_input_of(const struct asset_requirement *ar);

/**
 * Record the fulfilment of requirement @requirement_id for asset @as (as
 * read by the route's scope). @version is the version read (0 when never
 * assessed). ERR_INVALID naming the field (a status outside the list, "ej
 * tillämplig" without a comment, an evidence link that is not http(s)),
 * or when the requirement does not apply to the asset's current
 * classification; ERR_CONFLICT when someone else saved first, with
 * *current (if not NULL) set. Audited.
 */
int asset_requirement_set(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			  int64_t requirement_id, int64_t version, const struct asset_requirement_input *in,
			  struct asset_requirement *current, struct err *e);

/** One row of a bulk assessment: requirement @requirement_id at @version becomes @in. */
struct asset_requirement_change {
	int64_t requirement_id;
	int64_t version;
	struct asset_requirement_input in;
};

/** The most rows one bulk assessment takes (well above any library's size). */
#define ASSET_REQUIREMENT_MAX_CHANGES 500

/**
 * Assess several requirements of @as at once, all or nothing, each with the
 * version check and audit entry of asset_requirement_set(): every row is
 * checked first, then all are written in one transaction. On an error
 * nothing is saved, *bad is the index of the row at fault (its field in
 * @e), and on ERR_CONFLICT *current (when not NULL) is that requirement's
 * assessment as stored now.
 */
int asset_requirement_set_many(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			       const struct asset_requirement_change *ch, size_t n, size_t *bad,
			       struct asset_requirement *current, struct err *e);

/** asset_requirement_set_many() inside the caller's transaction (*current is for the caller to read after it). */
int asset_requirement_set_many_in_tx(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
				     const struct asset_requirement_change *ch, size_t n, size_t *bad, struct err *e);

/**
 * Link action @action_id from the assessment @ar of asset @as, inside the
 * caller's transaction (action_create_from_requirement()). ERR_CONFLICT
 * when the assessment changed since @ar was read. Audited as @auth.
 */
int asset_requirement_link_action(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
				  const struct asset_requirement *ar, int64_t action_id, const char *now,
				  struct err *e);

/** True when @url is empty or an absolute http:// or https:// URL with a host and no spaces or controls. */
bool req_valid_evidence_url(const char *url);

void asset_requirement_json(struct json *j, const struct asset_requirement *ar);

#endif
