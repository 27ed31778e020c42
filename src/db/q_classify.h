/*
 * q_classify.h - the stored shape of the classification model, the
 * question bank and classifications, and the typed queries that read and
 * write them (SQL text in q_classify.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/classify.c never sees SQL, placeholders or column numbers.
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND and a stale version ERR_CONFLICT,
 * both without a message (the domain words them), other failures ERR_DB
 * with @e filled (ERR_EXISTS when a UNIQUE constraint refuses a row).
 */
#ifndef TILLIT_DB_Q_CLASSIFY_H
#define TILLIT_DB_Q_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

enum class_aspect { CLASS_C, CLASS_I, CLASS_A, CLASS_T, CLASS_N_ASPECTS };

/** Levels 0..CLASS_SCALE_MAX - 1 can be named; max_level is at most 9. */
#define CLASS_SCALE_MAX 10

struct class_level_def {
	const char *name; /* NULL when the level has no stored name */
	const char *description;
};

struct class_model {
	int64_t id;
	int64_t org_id;
	bool use_traceability;
	bool motivate_all; /* every aspect needs a motivation when signing (KLASSA practice); else only raised ones */
	int64_t max_level;
	int64_t review_months;
	int64_t version;
	const char *updated_at;
	struct class_level_def levels[CLASS_SCALE_MAX];
};

/** What an administrator sets on the model. names/descriptions of levels 0..max_level. */
struct class_model_input {
	bool use_traceability;
	bool motivate_all;
	int64_t max_level;
	int64_t review_months;
	const char *names[CLASS_SCALE_MAX];
	const char *descriptions[CLASS_SCALE_MAX];
};

struct class_option {
	int64_t id;
	int64_t question_id;
	int64_t position;
	const char *text;
	int64_t implies_level;
};

struct class_question {
	int64_t id;
	int64_t org_id;
	const char *aspect;
	int64_t position;
	const char *text;
	const char *help;
	bool active;
	int64_t version;
	const char *updated_at;
	struct class_option *options;
	size_t n_options;
};

/** An option as edited: @id of an existing option of the question, or 0 for a new one. */
struct class_option_input {
	int64_t id;
	const char *text;
	int64_t implies_level;
};

struct class_question_input {
	const char *aspect;
	const char *text;
	const char *help;
	bool active;
	const struct class_option_input *options; /* 2..5, in order */
	size_t n_options;
};

/** One answer: the option chosen for a question. */
struct class_answer {
	int64_t question_id;
	int64_t option_id;
};

/** A stored answer, as it was when the classification was made. */
struct class_answer_snap {
	int64_t question_id;
	const char *aspect;
	const char *question;
	int64_t option_id;
	const char *option;
	int64_t implies_level;
};

/**
 * An asset at the other end of a "holds" link, with its current levels (-1
 * when none): an information set the asset holds (its classification's
 * source), or an asset holding an information set. unit_id and
 * needs_review are read from the database only; a classification's stored
 * snapshot of its sources leaves them 0.
 */
struct class_source {
	int64_t asset_id;
	const char *name;
	int64_t classification_id; /* 0 when the asset is not classified */
	int64_t version_no;
	int64_t level[CLASS_N_ASPECTS];
	const char *signed_at;
	int64_t unit_id;
	bool needs_review;
};

/** The levels of one classification per aspect; traceability is -1 when not used. */
struct class_computation {
	int64_t computed[CLASS_N_ASPECTS];  /* highest implied by the answers, 0 without any */
	int64_t inherited[CLASS_N_ASPECTS]; /* highest of the held information sets */
	int64_t floor[CLASS_N_ASPECTS];     /* max(computed, inherited): the lowest allowed result */
	int64_t level[CLASS_N_ASPECTS];     /* the result */
	const char *motivation[CLASS_N_ASPECTS];
};

/** What a person submits: answers, optional raises (-1 = not raised) and motivations (may be NULL). */
struct class_input {
	const struct class_answer *answers;
	size_t n_answers;
	int64_t requested[CLASS_N_ASPECTS];
	const char *motivation[CLASS_N_ASPECTS];
};

struct classification {
	int64_t id;
	int64_t asset_id;
	int64_t version_no;
	int64_t level[CLASS_N_ASPECTS]; /* traceability -1 when not used */
	int64_t computed[CLASS_N_ASPECTS];
	int64_t inherited[CLASS_N_ASPECTS];
	const char *motivation[CLASS_N_ASPECTS];
	const char *status;     /* "draft" or "signed" */
	const char *review_due; /* YYYY-MM-DD once signed */
	int64_t signed_by;
	const char *signed_by_name;
	const char *signed_at;
	int64_t created_by;
	const char *created_by_name;
	const char *created_at;
	int64_t drafted_owner_id;    /* the asset's owner when the draft was made (0: none or unknown) */
	const char *signed_roles;    /* the signer's roles over the unit when signing: "owner", "coordinator,owner" */
	const char *imported_signer; /* brought from earlier records: the signer's name as they give it (also in
				      * signed_by_name); NULL for a classification made in Tillit */
	const char *answers_json;    /* the stored snapshots, as JSON text */
	const char *inherited_from_json;
	struct class_answer_snap *answers; /* parsed from answers_json (by the domain) */
	size_t n_answers;
	struct class_source *sources; /* parsed from inherited_from_json (by the domain) */
	size_t n_sources;
};

/* --- the model --- */

/** The model of organisation @org_id with its level names. ERR_NOTFOUND when it has none yet. */
int q_class_model_get(struct db *db, struct arena *a, int64_t org_id, struct class_model *out, struct err *e);

/** Insert the default model of @org_id (no traceability, levels 0..4, review every 12 months). */
int q_class_model_insert(struct db *db, struct arena *a, int64_t org_id, const char *now, int64_t *id_out,
			 struct err *e);

/** Change the model of @org_id at @version to @in's settings (not its level names). ERR_CONFLICT when stale. */
int q_class_model_update(struct db *db, struct arena *a, int64_t org_id, int64_t version,
			 const struct class_model_input *in, const char *now, struct err *e);

/** Insert the name and description of @level. */
int q_class_level_insert(struct db *db, struct arena *a, int64_t org_id, int64_t level, const char *name,
			 const char *description, struct err *e);

/** Set the name and description of @level: change the stored one, or insert it when there is none. */
int q_class_level_set(struct db *db, struct arena *a, int64_t org_id, int64_t level, const char *name,
		      const char *description, struct err *e);

/* --- the question bank --- */

/** The questions of @org_id (only active ones when @active_only) with their options, in protocol order. */
int q_class_questions(struct db *db, struct arena *a, int64_t org_id, bool active_only, struct class_question **out,
		      size_t *n, struct err *e);

/** One question with its options. ERR_NOTFOUND when absent. */
int q_class_question_get(struct db *db, struct arena *a, int64_t id, struct class_question *out, struct err *e);

/** The highest position among @org_id's questions about @aspect (0 when none). */
int q_class_question_last_position(struct db *db, struct arena *a, int64_t org_id, const char *aspect,
				   int64_t *position, struct err *e);

/** Insert a question (version 1) at @position; *id_out gets its id. Options are inserted separately. */
int q_class_question_insert(struct db *db, struct arena *a, int64_t org_id, const struct class_question_input *in,
			    int64_t position, const char *now, int64_t *id_out, struct err *e);

/** Change question @id at @version to @in (not its options). ERR_CONFLICT when stale. */
int q_class_question_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			    const struct class_question_input *in, const char *now, struct err *e);

int q_class_question_set_position(struct db *db, struct arena *a, int64_t id, int64_t position, struct err *e);

/** Count a change of question @id at @version that touched no column of its own. ERR_CONFLICT when stale. */
int q_class_question_bump(struct db *db, struct arena *a, int64_t id, int64_t version, const char *now, struct err *e);

/** Insert an option of question @question_id at @position; *id_out (may be NULL) gets its id. */
int q_class_option_insert(struct db *db, struct arena *a, int64_t question_id, int64_t position,
			  const struct class_option_input *o, int64_t *id_out, struct err *e);

/** Change option o->id of question @question_id. */
int q_class_option_update(struct db *db, struct arena *a, int64_t question_id, int64_t position,
			  const struct class_option_input *o, struct err *e);

int q_class_option_delete(struct db *db, struct arena *a, int64_t question_id, int64_t id, struct err *e);

/** The highest level any option of @org_id's questions implies (0 when none). */
int q_class_option_max_level(struct db *db, struct arena *a, int64_t org_id, int64_t *level, struct err *e);

/* --- classifications --- */

/** One classification (snapshots as text, not parsed). ERR_NOTFOUND when absent. */
int q_classification_get(struct db *db, struct arena *a, int64_t id, struct classification *out, struct err *e);

/** A draft classification of an asset someone owns: what waits for their signature. */
struct class_draft {
	int64_t id, asset_id, version_no;
	const char *asset_name, *unit_name, *created_at;
};

/** The drafts of the assets in use @owner_id owns, oldest first, at most @limit. Results live in @a. */
int q_classification_drafts_owned(struct db *db, struct arena *a, int64_t owner_id, int64_t limit,
				  struct class_draft **out, size_t *n, struct err *e);

/** Every classification of @asset_id, newest first (snapshots as text). */
int q_classification_list(struct db *db, struct arena *a, int64_t asset_id, struct classification **out, size_t *n,
			  struct err *e);

/** The version number the next classification of @asset_id gets. */
int q_classification_next_no(struct db *db, struct arena *a, int64_t asset_id, int64_t *no, struct err *e);

/**
 * Insert a draft classification of @asset_id numbered @version_no with
 * @c's levels and the snapshots (JSON text), made by user @created_by (0:
 * the system) for the asset's owner @drafted_owner_id (0: none).
 * ERR_EXISTS when the number is taken.
 */
int q_classification_insert(struct db *db, struct arena *a, int64_t asset_id, int64_t version_no,
			    const struct class_computation *c, const char *sources_json, const char *answers_json,
			    int64_t created_by, const char *now, int64_t drafted_owner_id, int64_t *id_out,
			    struct err *e);

/** Sign draft @id by @signed_by holding @signed_roles ("owner", "coordinator,owner"). ERR_CONFLICT when it is no longer a draft. */
int q_classification_sign(struct db *db, struct arena *a, int64_t id, int64_t signed_by, const char *signed_at,
			  const char *review_due, const char *signed_roles, struct err *e);

/**
 * Sign draft @id as brought from earlier records: signed on @signed_at by
 * @signer (a name, not a person of Tillit). ERR_CONFLICT when it is no
 * longer a draft.
 */
int q_classification_sign_imported(struct db *db, struct arena *a, int64_t id, const char *signed_at,
				   const char *review_due, const char *signer, struct err *e);

/** The ids of at most @limit assets whose folded name is @folded, by id. */
int q_class_assets_named(struct db *db, struct arena *a, const char *folded, int64_t limit, int64_t **ids, size_t *n,
			 struct err *e);

/** Make @classification_id asset @asset_id's current classification, due for review on @review_due. */
int q_classification_make_current(struct db *db, struct arena *a, int64_t asset_id, int64_t classification_id,
				  const char *review_due, struct err *e);

/** The information sets @asset_id holds, by name. */
int q_class_held(struct db *db, struct arena *a, int64_t asset_id, struct class_source **out, size_t *n, struct err *e);

/** The assets that hold information set @set_id, by name. */
int q_class_holders(struct db *db, struct arena *a, int64_t set_id, struct class_source **out, size_t *n,
		    struct err *e);

/** Flag asset @asset_id for review. */
int q_class_flag_review(struct db *db, struct arena *a, int64_t asset_id, struct err *e);

#endif
