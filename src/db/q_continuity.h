/*
 * q_continuity.h - the stored shape of continuity plans and exercises, and
 * the typed queries that read and write them (SQL text in q_continuity.c).
 *
 * Each function owns its query's parameter order and row mapping. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and a second
 * plan for one asset ERR_EXISTS, all without a message (the domain words
 * them), other failures ERR_DB with @e filled.
 *
 * The dependency graph is the asset register's links (asset_links); it is
 * only read here, by one recursive query that follows them from the assets
 * of many plans at once.
 */
#ifndef TILLIT_DB_Q_CONTINUITY_H
#define TILLIT_DB_Q_CONTINUITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct continuity_plan {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t asset_id;
	const char *asset_name;
	const char *asset_kind;
	const char *asset_unit_path;
	bool asset_critical;
	const char *title;
	int64_t owner_id;
	const char *owner_name;
	int64_t mto_hours, rto_hours, rpo_hours;
	const char *fallback; /* Markdown */
	const char *contacts;
	const char *review_due;     /* YYYY-MM-DD or NULL */
	const char *last_exercised; /* date of the latest exercise done that tested it, or NULL */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on a plan. Strings may be NULL (empty). */
struct continuity_plan_input {
	int64_t unit_id;
	int64_t asset_id;
	const char *title;
	int64_t owner_id;
	int64_t mto_hours, rto_hours, rpo_hours; /* -1: not given */
	const char *fallback;
	const char *contacts;
	const char *review_due;
};

struct continuity_filter {
	int64_t viewer_id;
	int64_t unit_id; /* subtree; 0 = all */
	bool review_overdue;
	bool never_exercised;
	const char *today; /* YYYY-MM-DD, for review_overdue */
	const char *q;
	int64_t limit;
	int64_t offset;
};

int q_continuity_get(struct db *db, struct arena *a, int64_t id, struct continuity_plan *out, struct err *e);

/** The plan of asset @asset_id; ERR_NOTFOUND when it has none. */
int q_continuity_of_asset(struct db *db, struct arena *a, int64_t asset_id, struct continuity_plan *out, struct err *e);

/* Counts of plans and of assets without one stop past this many (the total is then one more); pages stop here. */
#define CONTINUITY_COUNT_BOUND 10000

/**
 * A page of plans by title, and (when @total is not NULL) how many match,
 * up to CONTINUITY_COUNT_BOUND + 1. @subtree: path of f->unit_id.
 */
int q_continuity_list(struct db *db, struct arena *a, const struct continuity_filter *f, const char *subtree,
		      struct continuity_plan **out, size_t *n, int64_t *total, struct err *e);

/** Fill the folded titles of migration 0140 for the plans already stored. */
int q_continuity_fill_folded(struct db *db, struct err *e);

int q_continuity_insert(struct db *db, struct arena *a, const struct continuity_plan_input *in, int64_t by,
			const char *now, int64_t *id_out, struct err *e);

int q_continuity_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			const struct continuity_plan_input *in, const char *now, struct err *e);

/** An edge of the dependency graph reached from a plan's asset, with the plan of the asset it leads to. */
struct continuity_edge {
	int64_t root; /* the asset the walk started from */
	int64_t from_id, to_id;
	const char *to_name;
	const char *to_unit_path;
	int64_t to_plan_id; /* 0: no plan */
	int64_t to_rto;     /* its recovery time objective in hours */
};

/**
 * Every link reachable from each asset of @roots (@n_roots ids) along
 * asset_links, directly or through a chain, each once per root, by root.
 */
int q_continuity_reach(struct db *db, struct arena *a, const int64_t *roots, size_t n_roots,
		       struct continuity_edge **out, size_t *n, struct err *e);

/** A business-critical asset in use without a continuity plan. */
struct continuity_gap {
	int64_t asset_id;
	const char *name;
	const char *kind;
	int64_t unit_id;
	const char *unit_name;
};

/**
 * A page of the business-critical, not retired assets without a plan that
 * @viewer_id sees, by name; the total, up to CONTINUITY_COUNT_BOUND + 1.
 */
int q_continuity_missing(struct db *db, struct arena *a, int64_t viewer_id, const char *subtree, int64_t limit,
			 int64_t offset, struct continuity_gap **out, size_t *n, int64_t *total, struct err *e);

/* --- exercises --------------------------------------------------------------------------------- */

struct exercise {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *title;
	const char *exercise_date;
	const char *kind;   /* "tabletop", "technical", "full" */
	const char *status; /* "planned", "done" */
	const char *scenario;
	const char *observations;
	const char *resulting_actions;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

struct exercise_input {
	int64_t unit_id;
	const char *title;
	const char *exercise_date;
	const char *kind;
	const char *status;
	const char *scenario;
	const char *observations;
	const char *resulting_actions;
	const int64_t *unit_ids; /* units taking part */
	size_t n_unit_ids;
	const int64_t *plan_ids; /* plans it tests */
	size_t n_plan_ids;
	bool set_links; /* false: an update keeps the units and plans as stored */
};

struct exercise_filter {
	int64_t viewer_id;
	int64_t unit_id;
	int64_t plan_id;
	const char *status;
	int64_t limit;
	int64_t offset;
};

/** A unit taking part, or a plan tested: id, name and the unit path it is checked against. */
struct exercise_link {
	int64_t id;
	const char *name;
	const char *unit_path;
};

int q_exercise_get(struct db *db, struct arena *a, int64_t id, struct exercise *out, struct err *e);

/** A page of exercises, newest first, and the total. */
int q_exercise_list(struct db *db, struct arena *a, const struct exercise_filter *f, const char *subtree,
		    struct exercise **out, size_t *n, int64_t *total, struct err *e);

int q_exercise_insert(struct db *db, struct arena *a, const struct exercise_input *in, int64_t by, const char *now,
		      int64_t *id_out, struct err *e);

int q_exercise_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct exercise_input *in,
		      const char *now, struct err *e);

/** Replace the units and plans of exercise @id. */
int q_exercise_set_links(struct db *db, struct arena *a, int64_t id, const struct exercise_input *in, struct err *e);

/** The units taking part in exercise @id, by name. */
int q_exercise_units(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e);

/** The plans exercise @id tested, by title (name is the title). */
int q_exercise_plans(struct db *db, struct arena *a, int64_t id, struct exercise_link **out, size_t *n, struct err *e);

/** A unit by id with its name and path (ERR_NOTFOUND when absent). */
int q_exercise_unit_brief(struct db *db, struct arena *a, int64_t id, struct exercise_link *out, struct err *e);

#endif
