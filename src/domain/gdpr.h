/*
 * gdpr.h - the register of processing activities (registerförteckning,
 * GDPR Art. 30), the processors and their agreements, third-country
 * transfers and impact assessments (DPIA, Art. 35).
 *
 * A processing activity (behandling) holds every item Art. 30(1)(a)-(g)
 * asks for: its controller (the responsible unit) and DPO, its purposes
 * each with a legal basis (the Art. 6(1) point and, for (c) and (e), the
 * Swedish statute), the Art. 9(2) point when special categories are
 * processed, Art. 10 data, the categories of data subjects and of
 * personal data from the organisation's vocabularies, recipients,
 * third-country transfers, retention per data category, and the systems
 * it uses, whose classification and fulfilled requirements are its
 * security measures (never typed again). Entries of the Art. 30(2)
 * register (a municipal company acting as processor) have role
 * "processor" and name the controller they act for.
 *
 * An entry moves between three states: utkast (draft), inskickad
 * (submitted) and granskad av dataskyddsombudet (validated). Its owner
 * keeps it current and submits it; the data protection officer validates
 * it (which records when it was last reviewed, and by whom) or sends it
 * back with a comment, and may ask the owner to review it. A material
 * change of a validated entry (a new purpose, data category, system or
 * third-country transfer) sends it back for validation and flags its
 * impact assessment for review. An entry not reviewed in twelve months is
 * overdue.
 *
 * Every write runs in one transaction with its audit entry; changes carry
 * the version read and a stale one is ERR_CONFLICT. Rights over a second
 * record (the controller unit of a new or moved entry, a system or a
 * processor it refers to) are checked inside the transaction.
 *
 * The rules of the regulation live in gdpr_rules.c and are tested there
 * with the article they implement: Art. 6(1), 9(2) and 49(1) points, the
 * Art. 49(3) rule for public authorities, adequacy decisions including the
 * EU-US Data Privacy Framework, the Art. 35(3) screening, retention
 * periods and ISO 3166 country codes.
 */
#ifndef TILLIT_DOMAIN_GDPR_H
#define TILLIT_DOMAIN_GDPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "core/json.h"
#include "db/q_gdpr.h"
#include "domain/authz.h"
#include "io/csvwrite.h"

struct arena;
struct buf;
struct db;
struct err;
struct json;

/* --- the rules of the regulation (gdpr_rules.c) ----------------------------------- */

/** Message id of the label of Art. 6(1) point @p ("a".."f"), or NULL when it is not one. */
const char *gdpr_art6_label(const char *p);
/** Message id of the label of Art. 9(2) point @p ("a".."j"), or NULL. */
const char *gdpr_art9_label(const char *p);
/** Message id of the label of Art. 49(1) point @p ("a".."g"), or NULL. */
const char *gdpr_art49_label(const char *p);

extern const char *const gdpr_art6_points[6];
extern const char *const gdpr_art9_points[10];
extern const char *const gdpr_art49_points[7];

/**
 * Parse a retention period (gallringsfrist): "5 år", "3 månader efter
 * avslutat ärende", "30 days", "2 veckor"; "bevaras" or "permanent" (kept
 * for ever: -1 month); "vid inaktualitet" or "when no longer needed" (-2).
 * *months gets the period in whole months (days and weeks rounded up).
 * Returns true when it parses.
 */
bool gdpr_retention_parse(const char *s, int64_t *months);

/** The English name (a message id, translated by tr()) of ISO 3166-1 alpha-2 code @code, or NULL. */
const char *gdpr_country_name(const char *code);
/** The number of ISO 3166-1 countries and the @i-th code, in code order (for pickers). */
size_t gdpr_country_count(void);
const char *gdpr_country_code(size_t i);
/** True for the member states of the EU and the EEA (no third country). */
bool gdpr_country_eea(const char *code);
/** True when the Commission has found the country adequate (Art. 45) apart from the DPF. */
bool gdpr_country_adequate(const char *code);

#define GDPR_BASIS_COUNT 5
extern const char *const gdpr_bases[GDPR_BASIS_COUNT]; /* "adequacy","dpf","scc","bcr","derogation" */
extern const char *const gdpr_basis_labels[GDPR_BASIS_COUNT];

/**
 * Check a third-country transfer: the country is an ISO 3166 code outside
 * the EU/EEA; the basis is one of gdpr_bases; an adequacy decision exists
 * for the country; the EU-US Data Privacy Framework is used for the United
 * States only, with the recipient's certification noted and the date it
 * was checked; standard contractual clauses name their module (1-4); a
 * derogation names its Art. 49(1) point, and when @public_authority, points
 * (a), (b) and (c) are refused citing Art. 49(3). ERR_INVALID naming the
 * field.
 */
int gdpr_transfer_check(const struct gdpr_transfer *t, bool public_authority, struct err *e);

/** The screening questions for an impact assessment, as bits of dpia_criteria. */
enum gdpr_dpia_criterion {
	DPIA_PROFILING,         /* Art. 35(3)(a) */
	DPIA_PUBLIC_MONITORING, /* Art. 35(3)(c) */
	DPIA_LARGE_SCALE,       /* with special categories: Art. 35(3)(b) */
	DPIA_EVALUATION,        /* the criteria IMY's list builds on */
	DPIA_AUTOMATED_DECISION,
	DPIA_SYSTEMATIC_MONITORING,
	DPIA_HIGHLY_PERSONAL,
	DPIA_MATCHING,
	DPIA_VULNERABLE,
	DPIA_INNOVATIVE,
	DPIA_PREVENTS_RIGHTS,
	DPIA_CRITERION_COUNT
};
extern const char *const gdpr_dpia_keys[DPIA_CRITERION_COUNT];      /* "profiling", ... */
extern const char *const gdpr_dpia_questions[DPIA_CRITERION_COUNT]; /* message ids */

#define GDPR_DPIA_MAX_REASONS 8

/** Why an impact assessment is suggested: message ids, each naming the answers that triggered it. */
struct gdpr_dpia_suggestion {
	bool required;
	const char *reasons[GDPR_DPIA_MAX_REASONS]; /* message ids */
	const char *args[GDPR_DPIA_MAX_REASONS];    /* the %s of each reason (names of criteria), or NULL */
	size_t n_reasons;
	int n_criteria; /* how many of the criteria of IMY's list are met */
};

/**
 * Whether an impact assessment is required, from the screening answers
 * @criteria (bits) and whether special categories (Art. 9) or criminal
 * offence data (Art. 10) are processed: Art. 35(3)(a), (b) (large scale
 * and special), (c), or two or more of the criteria of IMY's list (the
 * special categories count as one). Translated argument texts in @lang
 * live in @a.
 */
void gdpr_dpia_suggest(struct arena *a, enum lang lang, int64_t criteria, bool special,
		       struct gdpr_dpia_suggestion *out);

/* --- vocabularies -------------------------------------------------------------------- */

int gdpr_category_get(struct db *db, struct arena *a, int64_t id, struct gdpr_category *out, struct err *e);
/** Scope function: the category @id (kind "gdpr_category") in its organisation. */
int gdpr_category_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);
/** The categories of organisation @org_id of @kind (NULL: both); inactive ones too when @all. */
int gdpr_categories(struct db *db, struct arena *a, int64_t org_id, const char *kind, bool all,
		    struct gdpr_category **out, size_t *n, struct err *e);
/**
 * Add a category of @kind ("subject"/"data") named @name to organisation
 * @org_id as @auth (who must hold ACCESS_GDPR there). @special: "", "art9"
 * or "art10" (data only). ERR_INVALID naming kind, name or special; names
 * are unique per organisation and kind, case-insensitively.
 */
int gdpr_category_create(struct db *db, struct arena *a, const struct auth *auth, int64_t org_id, const char *kind,
			 const char *name, const char *special, int64_t *id_out, struct err *e);
/** Rename, re-mark or (de)activate @before at @version. */
int gdpr_category_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_category *before,
			 int64_t version, const char *name, const char *special, bool active,
			 struct gdpr_category *current, struct err *e);
void gdpr_category_json(struct json *j, const struct gdpr_category *c);

/* --- processing activities ------------------------------------------------------------ */

#define GDPR_STATE_COUNT 3
extern const char *const gdpr_states[GDPR_STATE_COUNT]; /* "draft", "submitted", "validated" */
extern const char *const gdpr_state_labels[GDPR_STATE_COUNT];
/** The label message id of state @s. */
const char *gdpr_state_label(const char *s);

#define GDPR_MAX_ITEMS 200 /* purposes, categories, systems, processors per activity */

struct gdpr_purpose_input {
	const char *purpose;
	const char *legal_basis; /* "a".."f" */
	const char *statute;     /* required for (c) and (e) */
};

struct gdpr_data_input {
	int64_t category_id;
	const char *retention; /* parsed by gdpr_retention_parse() */
	const char *retention_rule;
};

/** What a person sets on a processing activity. Strings may be NULL (empty). */
struct gdpr_activity_input {
	int64_t unit_id;  /* the controller */
	const char *role; /* NULL = "controller" */
	const char *name;
	const char *description;
	const char *controller_contact;
	const char *joint_controller;
	const char *on_behalf_of; /* role "processor": the controller(s) it acts for */
	int64_t dpo_id;
	int64_t owner_id;
	const char *art9_point;
	bool art10;
	const char *art10_basis;
	const char *recipients;
	const char *other_measures;
	const struct gdpr_purpose_input *purposes;
	size_t n_purposes;
	const int64_t *subject_ids;
	size_t n_subjects;
	const struct gdpr_data_input *data;
	size_t n_data;
	const int64_t *asset_ids;
	size_t n_assets;
	const int64_t *processor_ids;
	size_t n_processors;
	int64_t dpia_criteria;
	const char *dpia_decision; /* "", "required", "not_required" */
	const char *dpia_reason;
};

/** An activity with everything it refers to, as the detail page, the API and the exports show it. */
struct gdpr_activity_full {
	struct gdpr_activity act;
	struct gdpr_purpose *purposes;
	size_t n_purposes;
	struct gdpr_pcat *cats; /* subjects first, then data categories */
	size_t n_cats;
	struct gdpr_passet *assets;
	size_t n_assets;
	struct gdpr_measure *measures; /* by asset */
	size_t n_measures;
	struct gdpr_pprocessor *processors;
	size_t n_processors;
	struct gdpr_transfer *transfers; /* its own, then its processors' */
	size_t n_transfers;
};

int gdpr_activity_get(struct db *db, struct arena *a, int64_t id, struct gdpr_activity *out, struct err *e);

/** Scope function: the activity @id (kind "processing_activity"), in its controller unit, owned by its owner. */
int gdpr_activity_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Read what @act refers to into @out (act copied). Results live in @a. */
int gdpr_activity_load(struct db *db, struct arena *a, const struct gdpr_activity *act, struct gdpr_activity_full *out,
		       struct err *e);

/** The input that keeps @f as it is: the start of an edit form or of a PATCH. Arrays live in @a. */
struct gdpr_activity_input gdpr_activity_input_of(struct arena *a, const struct gdpr_activity_full *f);

/** A filter that matches everything: tri-states -1, sorted by name. */
void gdpr_filter_init(struct gdpr_filter *f);

/**
 * Fill @f (after gdpr_filter_init()) from named arguments, so the list
 * page, the API, the exports and the command line share one vocabulary:
 * unit_id, owner_id, role (controller, processor), state (draft,
 * submitted, validated), legal_basis (a-f), special, third_country,
 * dpia_required ("true"/"false"), review_overdue, review_requested
 * ("true"), q, sort (name, unit, state, reviewed, updated), order (asc,
 * desc). ERR_INVALID naming the argument.
 */
int gdpr_filter_parse(struct gdpr_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx, struct err *e);
extern const char *const gdpr_filter_args[];

/** A page of activities and the total matching. Results live in @a. */
int gdpr_activity_list(struct db *db, struct arena *a, const struct gdpr_filter *f, struct gdpr_activity **out,
		       size_t *n, int64_t *total, struct err *e);

/** "YYYY-MM-DD" twelve months before today: an entry last reviewed before it is overdue. */
void gdpr_review_cutoff(char out[11]);
/** Is @act overdue for review (never reviewed, or not in twelve months)? */
bool gdpr_review_overdue(const struct gdpr_activity *act, const char *cutoff);

/**
 * Create an activity as @auth (NULL: the system), who must hold
 * ACCESS_GDPR in its controller unit (ERR_FORBIDDEN naming unit_id). It
 * starts as a draft. ERR_INVALID naming the field; a field of the N-th
 * item of a list is named with its number: purpose_2, legal_basis_2,
 * statute_2, retention_<category id>, asset_ids, processor_ids.
 */
int gdpr_activity_create(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity_input *in,
			 int64_t *id_out, struct err *e);

/**
 * Change @before (as read by the route's scope) to @in. A material change
 * of a validated entry makes it submitted again and flags its impact
 * assessment for review. ERR_CONFLICT on a stale @version with *current
 * (if not NULL) the stored activity.
 */
int gdpr_activity_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			 int64_t version, const struct gdpr_activity_input *in, struct gdpr_activity *current,
			 struct err *e);

/** What is missing before @f can be submitted: the field of the first Art. 30(1) item missing, or NULL. */
const char *gdpr_activity_missing(const struct gdpr_activity_full *f, const char **msgid);

/**
 * The steps of an entry's life, each at @version (ERR_CONFLICT when stale):
 * submit (draft -> submitted; the entry must be complete, ERR_INVALID
 * naming what is missing), validate (submitted or validated -> validated:
 * records the review; a draft is refused), send back (-> draft with
 * @comment, required), and ask the owner to review (with an optional
 * @comment; the entry must have an owner).
 */
int gdpr_activity_submit(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			 int64_t version, struct err *e);
int gdpr_activity_validate(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			   int64_t version, struct err *e);
int gdpr_activity_send_back(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *before,
			    int64_t version, const char *comment, struct err *e);
int gdpr_activity_request_review(struct db *db, struct arena *a, const struct auth *auth,
				 const struct gdpr_activity *before, int64_t version, const char *comment,
				 struct err *e);

/**
 * For the module's other files, inside their caller's transaction: a
 * material change of @act happened (a new third-country transfer): a
 * validated entry becomes submitted again and its DPIA is flagged; and the
 * activity's third-country flag follows its transfers.
 */
int gdpr_activity_changed_in_tx(struct db *db, struct arena *a, const struct gdpr_activity *act, bool material,
				struct err *e);

/** May @auth edit @act (ACCESS_GDPR in its unit, or its owner holding the owner role there)? */
bool gdpr_activity_can_edit(const struct auth *auth, const struct gdpr_activity *act);
/** May @auth act as data protection officer for @act (administrator or DPO in its unit)? */
bool gdpr_activity_can_validate(const struct auth *auth, const struct gdpr_activity *act);

/** Is the controller of @act a public authority (no company on its unit's path)? */
int gdpr_unit_is_public(struct db *db, struct arena *a, const char *unit_path, bool *public_authority, struct err *e);

void gdpr_activity_json(struct json *j, const struct gdpr_activity *p);
/** The activity with its purposes, categories, systems, measures, processors and transfers. */
void gdpr_activity_full_json(struct json *j, const struct gdpr_activity_full *f, const char *cutoff);

/* --- the reverse view from the assets ------------------------------------------------- */

/** The activities that use asset @asset_id (only names of those @auth sees are given by the pages). */
int gdpr_asset_uses(struct db *db, struct arena *a, int64_t asset_id, struct gdpr_asset_use **out, size_t *n,
		    struct err *e);
/** A page of the assets holding personal data @viewer sees below @unit_id (0: all), each with its count of uses. */
int gdpr_personal_assets(struct db *db, struct arena *a, int64_t viewer, int64_t unit_id, bool unused_only,
			 int64_t limit, int64_t offset, struct gdpr_asset_count **out, size_t *n, int64_t *total,
			 struct err *e);
/** For the start and unit pages: activities @viewer sees below @unit_id (0: all), overdue, submitted. */
int gdpr_counts(struct db *db, struct arena *a, int64_t viewer, int64_t unit_id, int64_t *n_all, int64_t *n_overdue,
		int64_t *n_submitted, struct err *e);

/* --- third-country transfers (gdpr_transfer.c) ---------------------------------------- */

/** Scope function: the transfer @id (kind "gdpr_transfer") in the unit of its activity or processor. */
int gdpr_transfer_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);
int gdpr_transfer_get(struct db *db, struct arena *a, int64_t id, struct gdpr_transfer *out, struct err *e);
/** The transfers of activity @activity_id or (when 0) of processor @processor_id, by country. */
int gdpr_transfers_of(struct db *db, struct arena *a, int64_t activity_id, int64_t processor_id,
		      struct gdpr_transfer **out, size_t *n, struct err *e);
/**
 * Add transfer @in to activity @act (or, when @act is NULL, to processor
 * @proc), checked with gdpr_transfer_check() for the controller's kind. A
 * new transfer of a validated activity is a material change.
 */
int gdpr_transfer_add(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *act,
		      const struct gdpr_processor *proc, const struct gdpr_transfer *in, int64_t *id_out,
		      struct err *e);
int gdpr_transfer_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *before,
			 int64_t version, const struct gdpr_transfer *in, struct gdpr_transfer *current, struct err *e);
int gdpr_transfer_remove(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *t,
			 struct err *e);
/** Add a new version of the transfer impact assessment of @t. */
int gdpr_tia_add(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_transfer *t,
		 const char *assessment, const char *conclusion, int64_t *version_out, struct err *e);
int gdpr_tias(struct db *db, struct arena *a, int64_t transfer_id, struct gdpr_tia **out, size_t *n, struct err *e);
void gdpr_transfer_json(struct json *j, const struct gdpr_transfer *t);
/** "United States (US), recipient: basis; details" in @lang, for the register. Result lives in @a. */
const char *gdpr_transfer_text(struct arena *a, enum lang lang, const struct gdpr_transfer *t);
void gdpr_tia_json(struct json *j, const struct gdpr_tia *t);

/* --- processors (processor.c) -------------------------------------------------------------- */

#define GDPR_FILE_MAX (900 * 1024) /* an agreement file, below the server's 1 MB request limit */
#define GDPR_MAX_SUBS 50

/** What a person sets on a processor. */
struct gdpr_processor_input {
	int64_t unit_id;
	const char *name;
	const char *org_number;
	const char *contact;
	const char *country;                  /* NULL = "SE" */
	const struct gdpr_subprocessor *subs; /* name and country of each */
	size_t n_subs;
};

struct gdpr_agreement_input {
	const char *signed_on;
	const char *expires_on;
	const char *case_ref;
	const char *file_name; /* NULL: no file */
	const char *file_data;
	size_t file_len;
};

int processor_get(struct db *db, struct arena *a, int64_t id, struct gdpr_processor *out, struct err *e);
/** Scope function: the processor @id (kind "processor") in its unit. */
int processor_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);
/** Scope function: the agreement @id (kind "processor_agreement") in its processor's unit. */
int agreement_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);
/**
 * Filters: unit_id, q, agreement ("missing": used but without an
 * agreement, "expiring": within 90 days, "expired"). ERR_INVALID naming
 * the argument.
 */
int processor_filter_parse(struct gdpr_processor_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			   struct err *e);
int processor_list(struct db *db, struct arena *a, struct gdpr_processor_filter *f, struct gdpr_processor **out,
		   size_t *n, int64_t *total, struct err *e);
/** The agreement flag of @p today: NULL, or a message id (missing, expiring within 90 days, expired). */
const char *processor_agreement_flag(const struct gdpr_processor *p, const char *today);
int processor_subs(struct db *db, struct arena *a, int64_t id, struct gdpr_subprocessor **out, size_t *n,
		   struct err *e);
int processor_create(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor_input *in,
		     int64_t *id_out, struct err *e);
int processor_update(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor *before,
		     int64_t version, const struct gdpr_processor_input *in, struct gdpr_processor *current,
		     struct err *e);
/** Delete @p; refused (ERR_CONFLICT naming "id") with the names of the activities that still use it. */
int processor_delete(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor *p,
		     struct err *e);
/**
 * Add an agreement to @p: signed_on required, expires_on not before it,
 * the file (optional) at most GDPR_FILE_MAX bytes and of an allowed type
 * (PDF, DOCX, ODT, DOC, PNG, JPEG, TXT: the extension and the contents
 * must agree), kept with its SHA-256. ERR_INVALID naming the field.
 */
int agreement_add(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_processor *p,
		  const struct gdpr_agreement_input *in, int64_t *id_out, struct err *e);
int agreements_of(struct db *db, struct arena *a, int64_t processor_id, struct gdpr_agreement **out, size_t *n,
		  struct err *e);
/** The bytes of @g's file (decoded), in @a. ERR_NOTFOUND when it has none. */
int agreement_file(struct db *db, struct arena *a, const struct gdpr_agreement *g, const char **data, size_t *len,
		   struct err *e);
/** A safe Content-Type for a stored file type. */
const char *agreement_mime(const char *file_type);
void processor_json(struct json *j, const struct gdpr_processor *p, const char *today);
void agreement_json(struct json *j, const struct gdpr_agreement *g);

/* --- impact assessments (dpia.c) ------------------------------------------------------------- */

#define GDPR_MAX_DPIA_ITEMS 50

struct gdpr_dpia_input {
	const char *description;
	const char *necessity;
	const char *residual_risk; /* "", "low", "medium", "high" */
	bool prior_consultation;
	const struct gdpr_dpia_item *risks; /* text, likelihood 1..4, severity 1..4 */
	size_t n_risks;
	const struct gdpr_dpia_item *measures; /* text */
	size_t n_measures;
};

/** Scope function: the DPIA version @id (kind "dpia") in its activity's unit, owned by the activity's owner. */
int dpia_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);
int dpia_versions(struct db *db, struct arena *a, int64_t activity_id, struct gdpr_dpia **out, size_t *n,
		  struct err *e);
int dpia_items(struct db *db, struct arena *a, int64_t dpia_id, struct gdpr_dpia_item **out, size_t *n, struct err *e);
/** Record a new version of the DPIA of @act; clears the activity's flag for review. */
int dpia_create(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_activity *act,
		const struct gdpr_dpia_input *in, int64_t *id_out, struct err *e);
/** The data protection officer's opinion on version @d. */
int dpia_opinion(struct db *db, struct arena *a, const struct auth *auth, const struct gdpr_dpia *d,
		 const char *opinion, struct err *e);
/**
 * Make every measure of @d that has none an activity of the action plans:
 * in this year's plan of the processing activity's unit (its controller),
 * in the area "Actions" in @lang, the entry's owner responsible, addressing
 * the impact assessment (link kind "dpia"). ERR_INVALID naming measures
 * when every measure has its activity. *n_made gets how many were made.
 */
int dpia_make_actions(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		      const struct gdpr_dpia *d, size_t *n_made, struct err *e);
struct activity_target;
/**
 * The activity link kind "dpia" (activity_link_kinds[]): version @id of an
 * impact assessment, labelled by its processing activity and version, in
 * the activity's unit. ERR_NOTFOUND when there is none.
 */
int dpia_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);
extern const char *const dpia_residual_risks[4];
extern const char *const dpia_residual_labels[4];
void dpia_json(struct json *j, const struct gdpr_dpia *d, const struct gdpr_dpia_item *items, size_t n_items);

/* --- the register as a document (gdpr_export.c) -------------------------------------------- */

#define GDPR_EXPORT_MAX 20000

/**
 * The whole register @f matches (limit and offset ignored), for the
 * exports; ERR_INVALID with a message past GDPR_EXPORT_MAX activities.
 */
struct gdpr_register {
	const char *title; /* "Registerförteckning – Socialnämnden" */
	const char *cutoff;
	struct gdpr_activity_full *items;
	size_t n_items;
};

int gdpr_register_read(struct db *db, struct arena *a, enum lang lang, const struct gdpr_filter *f,
		       struct gdpr_register *out, struct err *e);

struct doc;
/** The register as a document: one section per activity with every Art. 30(1) (or 30(2)) item. */
struct doc *gdpr_register_doc(struct arena *a, enum lang lang, const struct gdpr_register *reg);
/** One row per activity, one column per item: CSV (';', BOM) appended to @b. */
void gdpr_register_csv(struct buf *b, const struct gdpr_register *reg, enum lang lang);
/** The same table as an XLSX workbook in memory (*data in @a). */
int gdpr_register_xlsx(struct arena *a, const struct gdpr_register *reg, enum lang lang, const char **data, size_t *len,
		       struct err *e);
/** {"title":..., "items":[gdpr_activity_full_json...]} appended to @b. */
void gdpr_register_json(struct buf *b, const struct gdpr_register *reg);

/*
 * The register as CSV or JSON made piece by piece, for resp_stream(): the
 * activities the filter matches are fixed (their ids, in the register's
 * order) when it begins, and each piece reads GDPR_STREAM_PAGE of them with
 * their child rows, so an export holds one page in memory however large
 * the register. The same bytes as gdpr_register_csv() and
 * gdpr_register_json(), with no limit on the number of activities.
 */
#define GDPR_STREAM_PAGE 200

struct gdpr_register_stream {
	const char *title, *cutoff;
	enum lang lang;
	bool json_format; /* JSON, else CSV */
	int64_t *ids;     /* the activities, in order */
	size_t n_ids, next;
	size_t page; /* activities a piece, 0: GDPR_STREAM_PAGE (tests set fewer) */
	int64_t n_written;
	bool begun;
	struct csv_writer csv;
	struct json json;
};

/** Set up @s for the register @f matches (limit and offset ignored), in @lang; what it keeps lives in @a. */
int gdpr_register_stream_begin(struct gdpr_register_stream *s, struct db *db, struct arena *a, enum lang lang,
			       const struct gdpr_filter *f, bool json, struct err *e);

/** The next piece of @stream (a struct gdpr_register_stream) into @out: 1 more to come, 0 the last, or an error. */
int gdpr_register_stream_next(void *stream, struct db *db, struct arena *a, struct buf *out, struct err *e);
/** "registerforteckning-YYYY-MM-DD.@ext". */
const char *gdpr_register_filename(struct arena *a, const char *ext);
/** The column headers of the table exports (for tests): n and the @i-th in @lang. */
size_t gdpr_register_n_columns(void);
const char *gdpr_register_column(size_t i, enum lang lang);

/**
 * The task source of the register (domain/tasks.h): the processing
 * activities @auth owns whose review the data protection officer asked
 * for, with the officer's comment.
 */
struct task;
int gdpr_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
	       struct task **out, size_t *n, struct err *e);

#endif
