/*
 * q_gdpr.h - the stored shape of the register of processing activities
 * (GDPR Art. 30), its vocabularies, processors and their agreements,
 * third-country transfers and impact assessments, and the typed queries
 * that read and write them (SQL text in q_gdpr.c and q_processor.c).
 *
 * Each function owns its query's parameter order and row mapping, so the
 * domain (domain/gdpr.c, processor.c, dpia.c) never sees SQL. Results live
 * in the arena given. Functions return 0 or a negative err_code; a missing
 * row is ERR_NOTFOUND and a stale version ERR_CONFLICT, both without a
 * message (the domain words them), other failures ERR_DB with @e filled.
 *
 * The register reads the asset tables (names, classification levels,
 * fulfilled requirements of the systems an activity uses) but never writes
 * them.
 */
#ifndef TILLIT_DB_Q_GDPR_H
#define TILLIT_DB_Q_GDPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;
struct gdpr_pprocessor;
struct gdpr_transfer;

/* --- vocabularies ------------------------------------------------------------ */

/** A category of data subjects (kind "subject") or of personal data ("data") an organisation names. */
struct gdpr_category {
	int64_t id;
	int64_t org_id;
	const char *org_path;
	const char *kind; /* "subject" / "data" */
	const char *name;
	const char *special; /* data: "" ordinary, "art9" special category, "art10" criminal offences */
	bool active;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** One category by id; ERR_NOTFOUND when absent. */
int q_gdpr_category_get(struct db *db, struct arena *a, int64_t id, struct gdpr_category *out, struct err *e);

/** The categories of organisation @org_id of @kind (NULL: both), by kind then name; inactive ones only if @all. */
int q_gdpr_categories(struct db *db, struct arena *a, int64_t org_id, const char *kind, bool all,
		      struct gdpr_category **out, size_t *n, struct err *e);

/** Does another category than @except of @org_id and @kind have @name, case-insensitively? */
int q_gdpr_category_taken(struct db *db, struct arena *a, int64_t org_id, const char *kind, const char *name,
			  int64_t except, bool *taken, struct err *e);

int q_gdpr_category_insert(struct db *db, struct arena *a, int64_t org_id, const char *kind, const char *name,
			   const char *special, const char *now, int64_t *id_out, struct err *e);

/** Rename, re-mark or (de)activate category @id at @version. ERR_CONFLICT when stale. */
int q_gdpr_category_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *name,
			   const char *special, bool active, const char *now, struct err *e);

/* --- processing activities ---------------------------------------------------- */

struct gdpr_activity {
	int64_t id;
	int64_t unit_id; /* the controller */
	const char *unit_name;
	const char *unit_path;
	const char *unit_kind;
	const char *role; /* "controller" / "processor" */
	const char *name;
	const char *description;
	const char *controller_contact;
	const char *joint_controller;
	const char *on_behalf_of;
	int64_t dpo_id;
	const char *dpo_name;
	int64_t owner_id;
	const char *owner_name;
	const char *art9_point; /* "" or "a".."j" */
	bool art10;
	const char *art10_basis;
	const char *recipients;
	const char *other_measures;
	const char *legal_bases; /* "ce": the Art. 6(1) points of its purposes */
	bool has_transfer;
	const char *state; /* "draft", "submitted", "validated" */
	const char *state_comment;
	bool review_requested;
	const char *reviewed_at;
	int64_t reviewed_by;
	const char *reviewed_by_name;
	int64_t dpia_criteria;     /* bit set, enum gdpr_dpia_criterion */
	const char *dpia_decision; /* "", "required", "not_required" */
	const char *dpia_reason;
	bool dpia_suggested;
	bool dpia_needs_review;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** What the activity's row stores (the children are written apart). Strings may be NULL (empty). */
struct gdpr_activity_row {
	int64_t unit_id;
	const char *role;
	const char *name;
	const char *description;
	const char *controller_contact;
	const char *joint_controller;
	const char *on_behalf_of;
	int64_t dpo_id;
	int64_t owner_id;
	const char *art9_point;
	bool art10;
	const char *art10_basis;
	const char *recipients;
	const char *other_measures;
	const char *legal_bases;
	bool has_transfer;
	const char *state;
	const char *state_comment;
	bool review_requested;
	const char *reviewed_at;
	int64_t reviewed_by;
	int64_t dpia_criteria;
	const char *dpia_decision;
	const char *dpia_reason;
	bool dpia_suggested;
	bool dpia_needs_review;
};

struct gdpr_purpose {
	int64_t id;
	int64_t activity_id;
	int64_t position;
	const char *purpose;
	const char *legal_basis; /* "a".."f" */
	const char *statute;
};

/** A category an activity processes, with its retention when it is a data category. */
struct gdpr_pcat {
	int64_t activity_id;
	int64_t category_id;
	const char *kind;
	const char *name;
	const char *special;
	const char *retention;
	int64_t retention_months; /* -1 kept for ever; 0 when not stated */
	const char *retention_rule;
};

/** A system or information set an activity uses, with its current classification. */
struct gdpr_passet {
	int64_t activity_id;
	int64_t asset_id;
	const char *name;
	const char *kind;
	int64_t unit_id;
	const char *unit_path;
	bool personal_data;
	int64_t classification_id;                  /* 0: not classified */
	int64_t c_level, i_level, a_level, t_level; /* -1 when none */
};

/** A requirement a system used by an activity fulfils: its security measures. */
struct gdpr_measure {
	int64_t asset_id;
	const char *code;
	const char *title;
	const char *category;
};

enum gdpr_sort { GDPR_SORT_NAME, GDPR_SORT_UNIT, GDPR_SORT_STATE, GDPR_SORT_REVIEWED, GDPR_SORT_UPDATED };

/** A tri-state filter: -1 any, 0 no, 1 yes. */
struct gdpr_filter {
	int64_t viewer_id;       /* only activities of units this user sees; 0 = all */
	int64_t unit_id;         /* only this controller's subtree; 0 = all */
	int64_t owner_id;        /* only those this user keeps; 0 = all */
	const char *role;        /* "controller" / "processor"; NULL = both */
	const char *state;       /* NULL = any */
	const char *legal_basis; /* "a".."f"; NULL = any */
	int special;             /* Art. 9 or Art. 10 data: -1/0/1 */
	int third_country;       /* -1/0/1 */
	int dpia_required;       /* decided or, undecided, suggested: -1/0/1 */
	bool review_overdue;     /* not reviewed since @review_cutoff */
	bool review_requested;   /* the owner is asked to review it, or it was sent back */
	const char *q;           /* name or description contains */
	enum gdpr_sort sort;
	bool desc;
	int64_t limit; /* 1..20000, default 50 */
	int64_t offset;
};

/** One activity by id (its row, with the names of its unit and people). ERR_NOTFOUND when absent. */
int q_gdpr_activity_get(struct db *db, struct arena *a, int64_t id, struct gdpr_activity *out, struct err *e);

/**
 * A page of the activities @f matches in its order and (when @total is not
 * NULL) how many match in all. @subtree is the path of f->unit_id (NULL
 * for none); @cutoff "YYYY-MM-DD": reviewed before it is overdue.
 */
/** Fill name_folded for the activities already stored (after migration 0160). */
int q_gdpr_fill_folded(struct db *db, struct err *e);

int q_gdpr_activity_list(struct db *db, struct arena *a, const struct gdpr_filter *f, const char *subtree,
			 const char *cutoff, struct gdpr_activity **out, size_t *n, int64_t *total, struct err *e);

/** Does another activity than @except of controller @unit_id have @name, case-insensitively? */
int q_gdpr_activity_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except,
			       bool *taken, struct err *e);

int q_gdpr_activity_insert(struct db *db, struct arena *a, const struct gdpr_activity_row *in, const char *now,
			   int64_t *id_out, struct err *e);

/** Change activity @id at @version to @in. ERR_CONFLICT when the version is stale. */
int q_gdpr_activity_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			   const struct gdpr_activity_row *in, const char *now, struct err *e);

/** Clear the flag for a new look at the DPIA of activity @id (a new version was made), without a new version. */
int q_gdpr_activity_dpia_reviewed(struct db *db, struct arena *a, int64_t id, struct err *e);

/** Set has_transfer of activity @id from its transfers, without a new version. */
int q_gdpr_activity_sync_transfer(struct db *db, struct arena *a, int64_t id, struct err *e);

/** The purposes, categories, assets and processors of activity @id. Results live in @a. */
int q_gdpr_purposes(struct db *db, struct arena *a, int64_t id, struct gdpr_purpose **out, size_t *n, struct err *e);
int q_gdpr_pcats(struct db *db, struct arena *a, int64_t id, struct gdpr_pcat **out, size_t *n, struct err *e);
int q_gdpr_passets(struct db *db, struct arena *a, int64_t id, struct gdpr_passet **out, size_t *n, struct err *e);
int q_gdpr_pprocessors(struct db *db, struct arena *a, int64_t id, int64_t **ids, size_t *n, struct err *e);

/** The requirements the assets of activity @id fulfil, by asset then code. */
int q_gdpr_measures(struct db *db, struct arena *a, int64_t id, struct gdpr_measure **out, size_t *n, struct err *e);

/** Replace the purposes of activity @id with @p (positions 1..n). */
int q_gdpr_purposes_set(struct db *db, struct arena *a, int64_t id, const struct gdpr_purpose *p, size_t n,
			struct err *e);

/** Replace the categories of activity @id with @c. */
int q_gdpr_pcats_set(struct db *db, struct arena *a, int64_t id, const struct gdpr_pcat *c, size_t n, struct err *e);

/** Replace the assets of activity @id with @ids. */
int q_gdpr_passets_set(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e);

/** Replace the processors of activity @id with @ids. */
int q_gdpr_pprocessors_set(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e);

/** Does user @user_id hold the role @role on the unit at @unit_path or above it? */
int q_gdpr_user_has_role(struct db *db, struct arena *a, int64_t user_id, const char *role, const char *unit_path,
			 bool *has, struct err *e);

/* --- the register as a whole (exports) ---------------------------------------- */

/**
 * Everything the register export needs about the activities @f matches
 * (every one, in name order, at most f->limit): their rows, and the
 * purposes, categories, assets, the fulfilled requirements of those
 * assets, and the transfers and processors, each ordered by activity.
 */
struct gdpr_register_rows {
	struct gdpr_activity *acts;
	size_t n_acts;
	struct gdpr_purpose *purposes;
	size_t n_purposes;
	struct gdpr_pcat *pcats;
	size_t n_pcats;
	struct gdpr_passet *passets;
	size_t n_passets;
	struct gdpr_measure *measures; /* by asset */
	size_t n_measures;
	struct gdpr_transfer *transfers;
	size_t n_transfers;
	struct gdpr_pprocessor *pprocs;
	size_t n_pprocs;
};

/** A processor an activity uses, for the register. */
struct gdpr_pprocessor {
	int64_t activity_id;
	int64_t processor_id;
	const char *name;
	const char *country;
};

int q_gdpr_register(struct db *db, struct arena *a, const struct gdpr_filter *f, const char *subtree,
		    const char *cutoff, struct gdpr_register_rows *out, struct err *e);

/**
 * The ids of the activities @f matches, in the register's order (unit,
 * then name), at most @limit: where a streamed export of the register
 * begins. $1-$13 as q_gdpr_register().
 */
int q_gdpr_register_ids(struct db *db, struct arena *a, const struct gdpr_filter *f, const char *subtree,
			const char *cutoff, int64_t limit, int64_t **ids, size_t *n, struct err *e);

/**
 * The activities @ids (@n of them, from q_gdpr_register_ids()) with their
 * child rows, as q_gdpr_register() reads the whole register: one page of
 * a streamed export. An activity removed since is left out.
 */
int q_gdpr_register_page(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct gdpr_register_rows *out,
			 struct err *e);

/* --- the reverse view: assets ----------------------------------------------------- */

/** An activity using an asset, for the asset's page. */
struct gdpr_asset_use {
	int64_t activity_id;
	const char *name;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *state;
};

/** The activities that use asset @asset_id, by name. */
int q_gdpr_asset_uses(struct db *db, struct arena *a, int64_t asset_id, struct gdpr_asset_use **out, size_t *n,
		      struct err *e);

/** An asset holding personal data and how many activities use it. */
struct gdpr_asset_count {
	int64_t asset_id;
	const char *name;
	const char *kind;
	int64_t unit_id;
	const char *unit_name;
	int64_t n_activities;
};

/**
 * A page of the assets marked as holding personal data that @viewer sees
 * in @subtree (NULL: all), with how many activities use each; only the
 * unused ones when @unused_only. *total counts them all.
 */
int q_gdpr_personal_assets(struct db *db, struct arena *a, int64_t viewer, const char *subtree, bool unused_only,
			   int64_t limit, int64_t offset, struct gdpr_asset_count **out, size_t *n, int64_t *total,
			   struct err *e);

/* --- processors, agreements, sub-processors (q_processor.c) ----------------------- */

struct gdpr_processor {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *name;
	const char *org_number;
	const char *contact;
	const char *country;
	int64_t version;
	const char *created_at;
	const char *updated_at;
	/* the agreement in force (the newest signed), when there is one */
	int64_t agreement_id;
	const char *signed_on;
	const char *expires_on;
	int64_t n_activities; /* activities that use it */
};

struct gdpr_processor_row {
	int64_t unit_id;
	const char *name;
	const char *org_number;
	const char *contact;
	const char *country;
};

struct gdpr_subprocessor {
	int64_t id;
	int64_t processor_id;
	int64_t position;
	const char *name;
	const char *country;
};

struct gdpr_agreement {
	int64_t id;
	int64_t processor_id;
	const char *signed_on;
	const char *expires_on;
	const char *case_ref;
	const char *file_name; /* NULL when no file */
	const char *file_type;
	int64_t file_size;
	const char *file_sha256;
	const char *created_at;
};

struct gdpr_processor_filter {
	int64_t viewer_id;
	int64_t unit_id;
	const char *q;
	int agreement;     /* 0 missing (used and none), 1 expiring within 90 days, 2 expired; -1 any */
	const char *today; /* YYYY-MM-DD */
	const char *soon;  /* today + 90 days */
	int64_t limit;
	int64_t offset;
};

int q_processor_get(struct db *db, struct arena *a, int64_t id, struct gdpr_processor *out, struct err *e);
int q_processor_list(struct db *db, struct arena *a, const struct gdpr_processor_filter *f, const char *subtree,
		     struct gdpr_processor **out, size_t *n, int64_t *total, struct err *e);
int q_processor_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except,
			   bool *taken, struct err *e);
int q_processor_insert(struct db *db, struct arena *a, const struct gdpr_processor_row *in, const char *now,
		       int64_t *id_out, struct err *e);
int q_processor_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct gdpr_processor_row *in,
		       const char *now, struct err *e);
/** Delete processor @id with its sub-processors, agreements and transfers (the caller checks it is unused). */
int q_processor_delete(struct db *db, struct arena *a, int64_t id, struct err *e);
/** The names of the activities that use processor @id. */
int q_processor_users(struct db *db, struct arena *a, int64_t id, const char ***names, size_t *n, struct err *e);
int q_processor_subs(struct db *db, struct arena *a, int64_t id, struct gdpr_subprocessor **out, size_t *n,
		     struct err *e);
int q_processor_subs_set(struct db *db, struct arena *a, int64_t id, const struct gdpr_subprocessor *s, size_t n,
			 struct err *e);
/** The agreements of processor @id, newest signature first (without the files' bytes). */
int q_agreements(struct db *db, struct arena *a, int64_t processor_id, struct gdpr_agreement **out, size_t *n,
		 struct err *e);
int q_agreement_get(struct db *db, struct arena *a, int64_t id, struct gdpr_agreement *out, struct err *e);
/** The file of agreement @id as stored (base64). ERR_NOTFOUND when it has none. */
int q_agreement_file(struct db *db, struct arena *a, int64_t id, const char **base64, struct err *e);
int q_agreement_insert(struct db *db, struct arena *a, const struct gdpr_agreement *in, const char *base64,
		       int64_t created_by, const char *now, int64_t *id_out, struct err *e);

/* --- third-country transfers and their impact assessments ---------------------------- */

struct gdpr_transfer {
	int64_t id;
	int64_t activity_id; /* one of these two */
	int64_t processor_id;
	const char *country;
	const char *recipient;
	const char *basis; /* "adequacy", "dpf", "scc", "bcr", "derogation" */
	bool dpf_certified;
	const char *dpf_checked_on;
	const char *scc_module;
	const char *art49_point;
	const char *safeguards;
	int64_t version;
	const char *created_at;
	const char *updated_at;
	int64_t tia_version; /* newest impact assessment's version number, 0 when none */
};

int q_transfer_get(struct db *db, struct arena *a, int64_t id, struct gdpr_transfer *out, struct err *e);
/** The transfers of activity @activity_id or (when 0) of processor @processor_id. */
int q_transfers(struct db *db, struct arena *a, int64_t activity_id, int64_t processor_id, struct gdpr_transfer **out,
		size_t *n, struct err *e);
int q_transfer_insert(struct db *db, struct arena *a, const struct gdpr_transfer *in, const char *now, int64_t *id_out,
		      struct err *e);
int q_transfer_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct gdpr_transfer *in,
		      const char *now, struct err *e);
int q_transfer_delete(struct db *db, struct arena *a, int64_t id, struct err *e);

struct gdpr_tia {
	int64_t id;
	int64_t transfer_id;
	int64_t version_no;
	const char *assessment;
	const char *conclusion;
	int64_t created_by;
	const char *created_by_name;
	const char *created_at;
};

int q_tias(struct db *db, struct arena *a, int64_t transfer_id, struct gdpr_tia **out, size_t *n, struct err *e);
int q_tia_insert(struct db *db, struct arena *a, int64_t transfer_id, const char *assessment, const char *conclusion,
		 int64_t by, const char *now, int64_t *id_out, int64_t *version_out, struct err *e);

/* --- impact assessments ----------------------------------------------------------------- */

struct gdpr_dpia_item {
	int64_t id;
	int64_t dpia_id;
	const char *kind; /* "risk" / "measure" */
	int64_t position;
	const char *text;
	int64_t likelihood; /* risks: 1..4; 0 otherwise */
	int64_t severity;
	int64_t action_id;         /* measures: the activity of the action plans made of it, 0 when none */
	const char *action_status; /* its status (activity_statuses), NULL when none */
};

struct gdpr_dpia {
	int64_t id;
	int64_t activity_id;
	int64_t version_no;
	const char *description;
	const char *necessity;
	const char *residual_risk;
	bool prior_consultation;
	const char *dpo_opinion;
	int64_t dpo_opinion_by;
	const char *dpo_opinion_by_name;
	const char *dpo_opinion_at;
	int64_t created_by;
	const char *created_by_name;
	const char *created_at;
};

int q_dpia_get(struct db *db, struct arena *a, int64_t id, struct gdpr_dpia *out, struct err *e);
/** The versions of the DPIA of activity @activity_id, newest first. */
int q_dpias(struct db *db, struct arena *a, int64_t activity_id, struct gdpr_dpia **out, size_t *n, struct err *e);
int q_dpia_items(struct db *db, struct arena *a, int64_t dpia_id, struct gdpr_dpia_item **out, size_t *n,
		 struct err *e);
int q_dpia_insert(struct db *db, struct arena *a, const struct gdpr_dpia *in, int64_t by, const char *now,
		  int64_t *id_out, int64_t *version_out, struct err *e);
int q_dpia_item_insert(struct db *db, struct arena *a, const struct gdpr_dpia_item *in, struct err *e);
int q_dpia_opinion(struct db *db, struct arena *a, int64_t id, const char *opinion, int64_t by, const char *now,
		   struct err *e);
/** Record that activity @action_id of the action plans was made of measure @item_id. */
int q_dpia_item_set_action(struct db *db, struct arena *a, int64_t item_id, int64_t action_id, struct err *e);

/* --- start page and unit page ------------------------------------------------------------ */

/** Counts for a viewer: overdue for review and awaiting validation, in the units @viewer sees (@subtree: within). */
int q_gdpr_counts(struct db *db, struct arena *a, int64_t viewer, const char *subtree, const char *cutoff,
		  int64_t *n_all, int64_t *n_overdue, int64_t *n_submitted, struct err *e);

#endif
