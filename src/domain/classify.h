/*
 * classify.h - information classification (informationsklassning).
 *
 * Every organisation (a root unit) has one classification model: the
 * aspects (confidentiality, integrity, availability always; traceability
 * when the organisation uses it), a scale of named levels 0..max_level
 * (by default the national consequence scale 0-4), and how many months a
 * signed classification holds before it is due for review. It also has a
 * question bank: questions per aspect whose options each imply a minimum
 * level. Both are created with Tillit's defaults the first time anything
 * needs them, and administrators edit them.
 *
 * A classification of an asset answers the active questions. Per aspect:
 * the computed level is the highest level implied by the answers (0 with
 * none); the inherited level is the highest current level of the
 * information sets the asset holds; the result may be raised above both
 * (with a written motivation) but never lowered below either. Each
 * classification is a new version (a draft) that keeps a snapshot of the
 * questions and answers as they were; the asset's owner signs it, which
 * makes it the asset's current classification and sets its review date.
 * Signing a classification of an information set flags every asset that
 * holds it for review when the set now has a higher level than the holder.
 */
#ifndef TILLIT_DOMAIN_CLASSIFY_H
#define TILLIT_DOMAIN_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/q_classify.h"
#include "domain/asset.h"
#include "domain/authz.h"

struct arena;
struct asset;
struct db;
struct err;
struct json;
struct unit;

/** Stored aspect names: "confidentiality", "integrity", "availability", "traceability". */
extern const char *const class_aspects[CLASS_N_ASPECTS];
/** Message ids of the aspects' labels ("Confidentiality", ...). */
extern const char *const class_aspect_labels[CLASS_N_ASPECTS];
/** Form field names of the raised level per aspect ("level_confidentiality", ...). */
extern const char *const class_level_fields[CLASS_N_ASPECTS];
/** Form field names of the motivation per aspect ("motivation_confidentiality", ...). */
extern const char *const class_motivation_fields[CLASS_N_ASPECTS];

/** Aspect index of a stored name, or -1. */
int class_aspect_parse(const char *s);

/** The most answer options a question has (and the least is 2). */
#define CLASS_MAX_OPTIONS 5
/** Field names of the options' texts and levels as errors name them ("option_text_1", "option_level_1", ...). */
extern const char *const class_option_text_fields[CLASS_MAX_OPTIONS];
extern const char *const class_option_level_fields[CLASS_MAX_OPTIONS];

/* --- the model --- */

/**
 * The model of organisation @org_id, created with the defaults (and the
 * default question bank) when it does not exist yet. Must not be called
 * inside an open transaction. ERR_NOTFOUND when @org_id is not an
 * organisation. Strings live in @a.
 */
int classify_model_get(struct db *db, struct arena *a, int64_t org_id, struct class_model *out, struct err *e);

/**
 * The model of @org as the route's scope read it (created as
 * classify_model_get() does). ERR_NOTFOUND naming "id" when @org is not an
 * organisation.
 */
int classify_model_of(struct db *db, struct arena *a, const struct unit *org, struct class_model *out, struct err *e);

/**
 * The model of organisation @org_id as @auth may read it: everyone holding
 * a role anywhere in the organisation reads its model and question bank
 * (ERR_FORBIDDEN otherwise; NULL, the system, always may). ERR_NOTFOUND
 * naming "id" when @org_id is not an organisation.
 */
int classify_model_read(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id,
			struct class_model *out, struct err *e);

/** The model of the organisation that unit @unit_id belongs to (for asset and requirement pages). */
int classify_model_for_unit(struct db *db, struct arena *a, int64_t unit_id, struct class_model *out, struct err *e);

/** The name of @level in @m ("Betydande skada"), or NULL when it has none (or level < 0). Borrowed. */
const char *classify_level_name(const struct class_model *m, int64_t level);

/** Number of aspects in use: 4 with traceability, otherwise 3. */
int classify_n_aspects(const struct class_model *m);

/** The input that keeps @m as it is: the start of the model form or of a PATCH. */
struct class_model_input class_model_input_of(const struct class_model *m);

/**
 * Change the model @before (as read for the request) to @in as @auth.
 * Level names of 0..max_level are required (at most 100 characters),
 * descriptions optional; max_level 1..9, review_months 1..120; max_level
 * may not go below a level some option implies. ERR_CONFLICT on a stale
 * @version with *current (if not NULL) set to the stored model.
 */
int classify_model_update(struct db *db, struct arena *a, const struct auth *auth, const struct class_model *before,
			  int64_t version, const struct class_model_input *in, struct class_model *current,
			  struct err *e);

void classify_model_json(struct json *j, const struct class_model *m);

/* --- the question bank --- */

/** The organisation's questions (only active ones when @active_only), with their options, in protocol order. */
int classify_questions(struct db *db, struct arena *a, int64_t org_id, bool active_only, struct class_question **out,
		       size_t *n, struct err *e);

int classify_question_get(struct db *db, struct arena *a, int64_t id, struct class_question *out, struct err *e);

/** Scope function: the question @id (kind "class_question", record struct class_question), in its organisation. */
int class_question_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The input that keeps @q as it is (its options by id): the start of an edit form or of a PATCH. Lives in @a. */
struct class_question_input class_question_input_of(struct arena *a, const struct class_question *q);

/**
 * Add a question at the end of its aspect as @auth. Text 1..1000
 * characters, help up to 2000, 2..5 options each 1..300 characters with a
 * level 0..max_level. Errors name "aspect", "text", "help", "options",
 * "option_text_N" or "option_level_N" (N from 1). ERR_NOTFOUND when
 * @org_id is not an organisation.
 */
int classify_question_create(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id,
			     const struct class_question_input *in, int64_t *id_out, struct err *e);

/**
 * Change @before (as read by the route's scope) and its options as @auth:
 * options with an id are kept and changed, new ones added, the others
 * removed. Deactivating keeps the question; old classifications hold their
 * own snapshot. ERR_CONFLICT on a stale @version, with *current (if not
 * NULL) set to the stored question.
 */
int classify_question_update(struct db *db, struct arena *a, const struct auth *auth,
			     const struct class_question *before, int64_t version,
			     const struct class_question_input *in, struct class_question *current, struct err *e);

/**
 * Move @q (as read by the route's scope) to @position (1 = first) among
 * its aspect's questions. ERR_CONFLICT on a stale @version.
 */
int classify_question_place(struct db *db, struct arena *a, const struct auth *auth, const struct class_question *q,
			    int64_t version, int64_t position, struct err *e);

void classify_question_json(struct json *j, const struct class_question *q);

/* --- classifying --- */

/** The information sets asset @asset_id holds, and the highest current level per aspect among them in @out. */
int classify_inherited(struct db *db, struct arena *a, int64_t asset_id, int64_t out[CLASS_N_ASPECTS],
		       struct class_source **src, size_t *n, struct err *e);

/**
 * The levels from answers (the same for page and API). @qs are the
 * organisation's active questions. Fills out->computed, inherited and floor
 * first (also when it then fails), then the result: each requested level
 * (-1: keep the floor) must be within 0..max_level ("level_<aspect>") and
 * not below the floor ("level_<aspect>"); a result above the floor needs a
 * motivation ("motivation_<aspect>"). Unknown or inactive questions, an
 * option of another question, a question answered twice, or a traceability
 * answer when the model does not use traceability are refused ("answers").
 */
int classify_compute(const struct class_model *m, const struct class_question *qs, size_t n_qs,
		     const struct class_input *in, const int64_t inherited[CLASS_N_ASPECTS],
		     struct class_computation *out, struct err *e);

/**
 * Make a new draft version of the classification of @as (as read by the
 * route's scope) from @in, as @auth. *out (if not NULL) gets the
 * computation, also on an input error, so a form can show it. *id_out gets
 * the new classification's id. Audited.
 */
int classify_create(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
		    const struct class_input *in, int64_t *id_out, struct class_computation *out, struct err *e);

/**
 * As classify_create(), and sign the new version at once, in the same
 * transaction: for the asset's owner, who saves and signs in one step.
 * Nothing is stored when either is refused (the signing's errors as
 * classify_sign() gives them).
 */
int classify_create_signed(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
			   const struct class_input *in, int64_t *id_out, struct class_computation *out, struct err *e);

/** What classification_scope() reads: a classification version and the asset it classifies. */
struct class_scope {
	struct classification c;
	struct asset asset;
};

/** One classification, with its answers and sources parsed. ERR_NOTFOUND naming "id" when absent. */
int classify_get(struct db *db, struct arena *a, int64_t id, struct classification *out, struct err *e);

/**
 * Scope function: the classification @id (kind "classification", record
 * struct class_scope: the version and its asset), in the asset's unit and
 * owned by the asset's owner.
 */
int classification_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Every version of an asset's classification, newest first (snapshots not read: classify_read_snapshots()). */
int classify_list(struct db *db, struct arena *a, int64_t asset_id, struct classification **out, size_t *n,
		  struct err *e);

/**
 * Read the snapshots @c stores (answers_json, inherited_from_json, as
 * classify_create() wrote them) into c->answers and c->sources, in @a.
 * classify_get() does this itself; a version from classify_list() needs it
 * before its answers or sources are shown.
 */
void classify_read_snapshots(struct arena *a, struct classification *c);

/*
 * The task source of classification (domain/tasks.h): the drafts of the
 * assets @auth owns, waiting for their signature (TASK_SIGN), and those of
 * their assets (at most TASKS_ASSETS, the first by id) never classified,
 * flagged for review or due for review within TASKS_SOON_DAYS of @today
 * (TASK_CLASSIFY; overdue once the review date has passed). Each a look-up
 * in assets_owner: the cost does not grow with the register.
 */
struct task;
int classify_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		   struct task **out, size_t *n, struct err *e);

/** The message (a message id) for a draft made before the asset changed owner (see classify_draft_stale()). */
extern const char classify_stale_draft[];

/** True when draft @c was made for another owner than @as has now: it cannot be signed until saved again. */
bool classify_draft_stale(const struct asset *as, const struct classification *c);

/**
 * Flag every asset holding information set @set_id whose levels are now
 * below @c's (or that has none yet) for review, with an audit entry each.
 * In a transaction.
 */
int classify_flag_holders(struct db *db, struct arena *a, struct actor actor, int64_t set_id,
			  const struct classification *c, struct err *e);

/**
 * Sign the draft @c of asset @as (both as read for the request) as @auth.
 * Only the asset's owner may (ERR_FORBIDDEN), and only while holding a
 * role in the asset's scope; an asset without an owner is ERR_INVALID
 * naming "owner_id". Only the newest version can be signed, and only once.
 * Sets the review date (signing date plus the model's review months),
 * makes it the asset's current classification and clears its review flag;
 * for an information set, flags every holder whose levels are now lower
 * than the set's. Audited ("sign", "flag_review").
 */
int classify_sign(struct db *db, struct arena *a, const struct auth *auth, const struct asset *as,
		  const struct classification *c, struct err *e);

/**
 * @date ("YYYY-MM-DD") plus @months, the day clamped to the end of the
 * target month (2025-01-31 + 1 = 2025-02-28). @out holds 11 bytes.
 * Returns 0, or ERR_INVALID when @date is malformed.
 */
int classify_add_months(const char *date, int64_t months, char out[11]);

/**
 * What to tell @as when an information set it holds (named by %s) was
 * signed at a higher level: a classified asset is asked to review its
 * classification; one never classified is told that a new floor applies
 * to its first one (never that it "has been classified again"). A message id.
 */
const char *classify_raise_message(const struct asset *as);

/**
 * The first aspect (index) of @c that lacks the motivation the model @m asks
 * for when signing: with m->motivate_all every aspect in use (KLASSA
 * practice), otherwise each level raised above its floor. -1 when none.
 */
int classify_missing_motivation(const struct class_model *m, const struct classification *c);

/** True when information set @s has a higher level than @as on some aspect (or @as is unclassified). */
bool classify_source_raises(const struct class_source *s, const struct asset *as);

/** Write @c as JSON; @full adds answers and sources. */
void classify_json(struct json *j, const struct classification *c, bool full);

/** Write a computation as {"computed":{...},"inherited":{...},"result":{...}} members of an open object. */
void classify_computation_json(struct json *j, const struct class_computation *c);

#endif
