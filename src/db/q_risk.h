/*
 * q_risk.h - the stored shape of risk analyses, risks, what they concern,
 * their measures, the threat catalogue and the organisations' risk scales,
 * and the typed queries that read and write them (SQL text in q_risk.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/risk.c never sees SQL, placeholders or column numbers. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and a value
 * that must be unique ERR_EXISTS, all without a message (the domain words
 * them), other failures ERR_DB with @e filled.
 *
 * The asset register is read here only through read-only queries of its
 * own (which assets a scope holds, which requirements they do not meet);
 * assets are written by domain/asset.c alone.
 */
#ifndef TILLIT_DB_Q_RISK_H
#define TILLIT_DB_Q_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

#define RISK_SCALE_MAX 9

/* --- scales ------------------------------------------------------------- */

/** An organisation's risk scales; levels 1..n, names[k] for level k (NULL: the default name). */
struct risk_scale {
	int64_t org_id;
	bool stored; /* false: the defaults (no row yet) */
	int64_t likelihood_levels, consequence_levels;
	int64_t medium_from, high_from, very_high_from;
	const char *colour[4]; /* low, medium, high, very high: "#rrggbb" */
	const char *likelihood_names[RISK_SCALE_MAX + 1];
	const char *consequence_names[RISK_SCALE_MAX + 1];
	int64_t version; /* 0 while not stored */
	const char *updated_at;
};

/** The stored scale of organisation @org_id; ERR_NOTFOUND when it has none (the caller uses the defaults). */
int q_risk_scale_get(struct db *db, struct arena *a, int64_t org_id, struct risk_scale *out, struct err *e);

/** Insert @s (version 1) for s->org_id at @now. ERR_EXISTS when the organisation has one already. */
int q_risk_scale_insert(struct db *db, struct arena *a, const struct risk_scale *s, const char *now, struct err *e);

/** Change the stored scale of s->org_id at @version to @s. ERR_CONFLICT when the version is stale. */
int q_risk_scale_update(struct db *db, struct arena *a, const struct risk_scale *s, int64_t version, const char *now,
			struct err *e);

/** Replace the level names of @s's organisation with the non-empty ones of @s. */
int q_risk_scale_set_names(struct db *db, struct arena *a, const struct risk_scale *s, struct err *e);

/**
 * How many risks in the organisation whose path is @org_path use a level
 * above @likelihood_max (on either the assessed or the residual likelihood)
 * or above @consequence_max, in *n.
 */
int q_risk_scale_out_of_range(struct db *db, struct arena *a, const char *org_path, int64_t likelihood_max,
			      int64_t consequence_max, int64_t *n, struct err *e);

/** Does any risk in the organisation whose path is @org_path exist? */
int q_risk_scale_in_use(struct db *db, struct arena *a, const char *org_path, bool *used, struct err *e);

/**
 * Move every risk of the organisation whose path is @org_path from
 * likelihood (@axis 0) or consequence (@axis 1) level @from to @to, on the
 * assessed and the residual value, as the first half of a remapping: the
 * level is stored negated until q_risk_scale_remap_finish() runs, so that
 * the levels of one mapping never run into each other.
 */
int q_risk_scale_remap(struct db *db, struct arena *a, const char *org_path, int axis, int64_t from, int64_t to,
		       struct err *e);

/**
 * Finish a remapping: negated levels become positive, values are
 * recomputed and every changed risk gets a new version at @now. *n gets
 * how many risks changed.
 */
int q_risk_scale_remap_finish(struct db *db, struct arena *a, const char *org_path, const char *now, int64_t *n,
			      struct err *e);

/* --- threat catalogue ------------------------------------------------------ */

struct risk_threat {
	int64_t id;
	const char *code;
	const char *category;
	const char *name;
	const char *description;
	bool active;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

struct risk_threat_input {
	const char *code;
	const char *category;
	const char *name;
	const char *description;
	bool active;
};

/** One threat. */
int q_risk_threat_get(struct db *db, struct arena *a, int64_t id, struct risk_threat *out, struct err *e);

/** The catalogue by category then code: only the active threats unless @all; only @category when not NULL. */
int q_risk_threat_list(struct db *db, struct arena *a, bool all, const char *category, struct risk_threat **out,
		       size_t *n, struct err *e);

/** Insert @in at @now. ERR_EXISTS when the code is taken. */
int q_risk_threat_insert(struct db *db, struct arena *a, const struct risk_threat_input *in, const char *now,
			 int64_t *id_out, struct err *e);

/** Change threat @id at @version. ERR_CONFLICT when stale, ERR_EXISTS when the code is taken. */
int q_risk_threat_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			 const struct risk_threat_input *in, const char *now, struct err *e);

/* --- analyses ---------------------------------------------------------------- */

struct risk_analysis {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t org_id;
	const char *kind; /* "risk" / "rsa" */
	const char *title;
	const char *scope_kind; /* "assets", "process", "unit" */
	const char *analysis_date;
	const char *method;
	const char *participants;
	const char *status;    /* "ongoing" / "done" */
	int64_t election_year; /* RSA; 0 otherwise */
	int64_t n_risks;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on an analysis. Strings may be NULL (empty). */
struct risk_analysis_input {
	int64_t unit_id;
	const char *kind;
	const char *title;
	const char *scope_kind;
	const char *analysis_date;
	const char *method;
	const char *participants;
	const char *status;
	int64_t election_year;
	const int64_t *asset_ids; /* scope "assets" (one or more) or "process" (exactly one) */
	size_t n_asset_ids;
	bool set_assets;         /* false: an update keeps the stored assets */
	const char *sections[7]; /* RSA parts 1..7 (Markdown); NULL keeps a part as stored */
};

struct risk_analysis_filter {
	int64_t viewer_id;
	int64_t unit_id; /* subtree; 0 = all */
	const char *kind;
	const char *status;
	int64_t limit;
	int64_t offset;
};

/** An asset an analysis covers. */
struct risk_scope_asset {
	int64_t asset_id;
	const char *name;
	const char *kind;
	int64_t unit_id;
	const char *unit_path;
};

int q_risk_analysis_get(struct db *db, struct arena *a, int64_t id, struct risk_analysis *out, struct err *e);

/** A page of analyses, newest date first, and (when @total is not NULL) how many match. @subtree: path of f->unit_id. */
int q_risk_analysis_list(struct db *db, struct arena *a, const struct risk_analysis_filter *f, const char *subtree,
			 struct risk_analysis **out, size_t *n, int64_t *total, struct err *e);

/** Insert @in with organisation @org_id by @by at @now. ERR_EXISTS when the organisation has an RSA for the term. */
int q_risk_analysis_insert(struct db *db, struct arena *a, const struct risk_analysis_input *in, int64_t org_id,
			   int64_t by, const char *now, int64_t *id_out, struct err *e);

/** Change analysis @id at @version. ERR_CONFLICT when stale, ERR_EXISTS as for the insert. */
int q_risk_analysis_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			   const struct risk_analysis_input *in, int64_t org_id, const char *now, struct err *e);

/** Give the risks of analysis @id its unit @unit_id, date @analysis_date and organisation @org_id. */
int q_risk_analysis_move_risks(struct db *db, struct arena *a, int64_t id, int64_t unit_id, const char *analysis_date,
			       int64_t org_id, struct err *e);

/** The analyses and risks of the units below @path (and of the unit itself) now belong to organisation @org_id. */
int q_risk_reorganise(struct db *db, struct arena *a, const char *path, int64_t org_id, struct err *e);

/** The assets analysis @id names, by name. */
int q_risk_analysis_assets(struct db *db, struct arena *a, int64_t id, struct risk_scope_asset **out, size_t *n,
			   struct err *e);

/** Replace the assets of analysis @id with @ids. */
int q_risk_analysis_set_assets(struct db *db, struct arena *a, int64_t id, const int64_t *ids, size_t n, struct err *e);

/** The RSA parts of analysis @id: bodies[k] for part k+1 ("" when not written). */
int q_risk_rsa_sections(struct db *db, struct arena *a, int64_t id, const char *bodies[7], struct err *e);

/** Store part @part (1..7) of analysis @id. */
int q_risk_rsa_section_set(struct db *db, struct arena *a, int64_t id, int64_t part, const char *body, struct err *e);

/** One asset as the scope check reads it: its name, kind and unit path. ERR_NOTFOUND when absent. */
int q_risk_asset_brief(struct db *db, struct arena *a, int64_t id, struct risk_scope_asset *out, struct err *e);

/** An unfulfilled requirement of an asset in an analysis's scope. */
struct risk_gap {
	int64_t asset_id;
	const char *asset_name;
	const char *unit_path;
	int64_t c, i, a, t; /* the asset's current levels; t -1 when none */
	int64_t requirement_id;
	const char *code;
	const char *title;
	const char *category;
	int64_t min_c, min_i, min_a, min_t; /* -1: no minimum */
	const char *status;                 /* "not_fulfilled" / "partial" */
	const char *comment;
};

/**
 * The requirements assessed as not or partly fulfilled for the classified
 * assets in the scope of analysis @id: the assets it names, and (when
 * @subtree is not NULL) every asset in that unit subtree that is not
 * retired; by requirement code, then asset name.
 */
int q_risk_gaps(struct db *db, struct arena *a, int64_t id, const char *subtree, struct risk_gap **out, size_t *n,
		struct err *e);

/* --- risks ------------------------------------------------------------------------- */

struct risk {
	int64_t id;
	int64_t analysis_id;
	const char *analysis_title;
	const char *analysis_kind;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t threat_id; /* 0: free text */
	const char *threat;
	const char *vulnerability;
	const char *consequence_text;
	int64_t likelihood, consequence, value;
	const char *treatment; /* "" while not decided */
	const char *treatment_reason;
	int64_t accepted_by;
	const char *accepted_by_name;
	int64_t owner_id;
	const char *owner_name;
	int64_t residual_likelihood, residual_consequence; /* 0 while not assessed */
	int64_t residual_value;                            /* value while not assessed */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on a risk. Strings may be NULL (empty); levels 0 = not given. */
struct risk_input {
	int64_t threat_id;
	const char *threat;
	const char *vulnerability;
	const char *consequence_text;
	int64_t likelihood, consequence;
	const char *treatment;
	const char *treatment_reason;
	int64_t accepted_by;
	int64_t owner_id;
	int64_t residual_likelihood, residual_consequence;
};

enum risk_sort { RISK_SORT_VALUE, RISK_SORT_RESIDUAL, RISK_SORT_THREAT, RISK_SORT_UPDATED, RISK_SORT_ANALYSIS };

struct risk_filter {
	int64_t viewer_id;
	int64_t unit_id;                 /* subtree; 0 = all */
	int64_t analysis_id;             /* 0 = any */
	int64_t asset_id;                /* risks concerning this asset; 0 = any */
	int64_t owner_id;                /* 0 = any */
	const char *treatment;           /* NULL = any; "none" = not decided */
	int64_t likelihood, consequence; /* the matrix cell; 0 = any */
	bool residual;                   /* the cell is of the residual risk */
	const char *q;
	enum risk_sort sort;
	bool asc; /* values sort highest first unless asc */
	int64_t limit;
	int64_t offset;
};

int q_risk_get(struct db *db, struct arena *a, int64_t id, struct risk *out, struct err *e);

/* A register's count stops past this many (the total is then RISK_COUNT_BOUND + 1); its pages stop here. */
#define RISK_COUNT_BOUND 10000

/**
 * A page of risks @f matches, and (when @total is not NULL) how many match,
 * exactly up to RISK_COUNT_BOUND and RISK_COUNT_BOUND + 1 beyond. A page
 * at an offset past RISK_COUNT_BOUND is empty. @subtree: path of f->unit_id.
 */
int q_risk_list(struct db *db, struct arena *a, const struct risk_filter *f, const char *subtree, struct risk **out,
		size_t *n, int64_t *total, struct err *e);

/** Every risk of the organisation whose path is @org_path, 1,000 at a time by id after @after. */
int q_risk_of_org(struct db *db, struct arena *a, const char *org_path, int64_t after, struct risk **out, size_t *n,
		  struct err *e);

/** Fill the folded copies of migration 0140 for the risks already stored. */
int q_risk_fill_folded(struct db *db, struct err *e);

/** Insert a risk of analysis @an (in its unit, with its date) with values computed by the caller. */
int q_risk_insert(struct db *db, struct arena *a, const struct risk_analysis *an, const struct risk_input *in,
		  int64_t value, int64_t residual_value, int64_t by, const char *now, int64_t *id_out, struct err *e);

/** Change risk @id at @version. ERR_CONFLICT when stale. */
int q_risk_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct risk_input *in,
		  int64_t value, int64_t residual_value, const char *now, struct err *e);

/** How many risks (@n) have likelihood @l and consequence @c, and residual levels @rl and @rc (0: not assessed). */
struct risk_cell {
	int64_t l, c, rl, rc, n;
};

/**
 * The matrix of the risks @f matches (its cell, sort and paging ignored):
 * how many have each combination of levels before and after the measures,
 * in one pass over the index of the units in view, or over that of
 * organisation @org_id (the organisation of @subtree; 0: not known).
 */
int q_risk_matrix(struct db *db, struct arena *a, const struct risk_filter *f, const char *subtree, int64_t org_id,
		  struct risk_cell **out, size_t *n, struct err *e);

/* --- what a risk concerns, and its measures ----------------------------------------- */

struct risk_concern {
	int64_t id;
	int64_t risk_id;
	int64_t asset_id;
	const char *asset_name;
	int64_t asset_unit_id;
	const char *asset_unit_path;
	int64_t requirement_id; /* 0: none */
	const char *requirement_code;
	const char *requirement_title;
	const char *status; /* the asset's fulfilment of it, "" when not assessed */
	int64_t action_id;  /* the action made from it, 0 when none */
};

int q_risk_concerns(struct db *db, struct arena *a, int64_t risk_id, struct risk_concern **out, size_t *n,
		    struct err *e);

int q_risk_concern_insert(struct db *db, struct arena *a, int64_t risk_id, int64_t asset_id, int64_t requirement_id,
			  int64_t *id_out, struct err *e);

/** The risk of analysis @analysis_id that came from requirement @requirement_id, or 0 in *risk_id. */
int q_risk_by_requirement(struct db *db, struct arena *a, int64_t analysis_id, int64_t requirement_id, int64_t *risk_id,
			  struct err *e);

struct risk_measure {
	int64_t id;
	int64_t risk_id;
	const char *title;
	int64_t responsible_id;
	const char *responsible_name;
	const char *due_date;
	int64_t action_id;
	const char *action_status;
	const char *created_at;
};

int q_risk_measures(struct db *db, struct arena *a, int64_t risk_id, struct risk_measure **out, size_t *n,
		    struct err *e);

int q_risk_measure_insert(struct db *db, struct arena *a, int64_t risk_id, const char *title, int64_t responsible_id,
			  const char *due_date, int64_t action_id, int64_t by, const char *now, int64_t *id_out,
			  struct err *e);

/** The display name of an active or inactive user @id; ERR_NOTFOUND when there is none. */
int q_risk_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e);

#endif
