/*
 * q_requirement.h - the stored shape of the requirements library and of
 * requirement fulfilment per asset, and the typed queries that read and
 * write them (SQL text in q_requirement.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/requirement.c never sees SQL, placeholders or column numbers.
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND, a stale version ERR_CONFLICT and
 * a code (or an assessment) that exists already ERR_EXISTS, all without a
 * message (the domain words them), other failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_REQUIREMENT_H
#define TILLIT_DB_Q_REQUIREMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct requirement {
	int64_t id;
	const char *code;
	const char *title;
	const char *text;
	const char *category;
	int64_t min_c, min_i, min_a, min_t; /* -1 = no minimum for that aspect */
	const char *nis2;                   /* NIS2 Art. 21(2) points, "g,i", or "" */
	const char *gdpr;                   /* GDPR articles, "15,16,17", or "" */
	const char *obligation;             /* "must" (ska) or "should" (bör) */
	const char *party;                  /* "organisation", "supplier" or "both" */
	const char *conditions;             /* asset attributes it needs, "personal_data,outsourced", or "" */
	const char *kinds;                  /* asset kinds it is limited to, or "" for every kind */
	bool active;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** What an administrator sets. Strings may be NULL (empty); minimums -1 for none. */
struct requirement_input {
	const char *code;
	const char *title;
	const char *text;
	const char *category;
	int64_t min_c, min_i, min_a, min_t;
	const char *nis2;
	bool active;
	const char *gdpr;
	const char *obligation; /* NULL or "": "must" */
	const char *party;      /* NULL or "": "organisation" */
	const char *conditions;
	const char *kinds;
};

struct requirement_filter {
	const char *category; /* NULL = any */
	const char *nis2;     /* NULL = any; a point: requirements that list it */
	const char *q;        /* code, title or text contains */
	int active;           /* -1 any, 0 inactive only, 1 active only */
	int64_t limit;        /* 1..10000, default 500 */
	int64_t offset;
};

/** A requirement as one asset meets it. */
struct asset_requirement {
	struct requirement req;
	int64_t id; /* the asset_requirements row, 0 when never assessed */
	int64_t asset_id;
	const char *status; /* "" = not assessed */
	const char *comment;
	const char *evidence_url;
	int64_t action_id; /* 0 = none */
	const char *action_title;
	const char *action_status;
	int64_t version; /* 0 when never assessed: the first save sends 0 */
	int64_t updated_by;
	const char *updated_by_name;
	const char *updated_at;
};

struct asset_requirement_input {
	const char *status; /* one of req_statuses */
	const char *comment;
	const char *evidence_url; /* empty, or an http(s) URL */
};

/** The revision of the default library the installation's library was brought up to (0: the first). */
int q_requirement_library_revision(struct db *db, struct arena *a, int64_t *rev, struct err *e);

/** Record revision @rev, if the library is below it. ERR_CONFLICT when it is not (someone else got there). */
int q_requirement_library_set_revision(struct db *db, struct arena *a, int64_t rev, struct err *e);

/** How many requirements the library holds, active or not. */
int q_requirement_count(struct db *db, struct arena *a, int64_t *n, struct err *e);

/** One requirement by id. */
int q_requirement_get(struct db *db, struct arena *a, int64_t id, struct requirement *out, struct err *e);

/** One requirement by its code (exact). */
int q_requirement_get_by_code(struct db *db, struct arena *a, const char *code, struct requirement *out, struct err *e);

/** A page of the requirements @f matches, by category (in the pages' order) then code, and how many match. */
int q_requirement_list(struct db *db, struct arena *a, const struct requirement_filter *f, struct requirement **out,
		       size_t *n, int64_t *total, struct err *e);

/** Every active requirement, by category then code. */
int q_requirement_active(struct db *db, struct arena *a, struct requirement **out, size_t *n, struct err *e);

/** Insert @in at @now (version 1). ERR_EXISTS when the code is taken. */
int q_requirement_insert(struct db *db, struct arena *a, const struct requirement_input *in, const char *now,
			 int64_t *id_out, struct err *e);

/** As q_requirement_insert(), but a taken code inserts nothing and sets *inserted false. */
int q_requirement_insert_if_new(struct db *db, struct arena *a, const struct requirement_input *in, const char *now,
				int64_t *id_out, bool *inserted, struct err *e);

/** Change requirement @id at @version to @in. ERR_CONFLICT when the version is stale, ERR_EXISTS when the code is taken. */
int q_requirement_update(struct db *db, struct arena *a, int64_t id, int64_t version,
			 const struct requirement_input *in, const char *now, struct err *e);

/** Set requirement @id's active flag at @version. ERR_CONFLICT when the version is stale. */
int q_requirement_set_active(struct db *db, struct arena *a, int64_t id, int64_t version, bool active, const char *now,
			     struct err *e);

/**
 * Every assessment of asset @asset_id, each with req.id set to its
 * requirement (the rest of req zero), in no particular order.
 */
/** One assessment as the start page counts it. */
struct asset_requirement_status {
	int64_t asset_id, requirement_id;
	const char *status; /* "" not assessed, "fulfilled", ... */
};

/** The assessments of the assets q_asset_of_person(@user_id, @limit) lists, by asset and requirement. Results live in @a. */
int q_asset_requirement_statuses_of_person(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
					   struct asset_requirement_status **out, size_t *n, struct err *e);

int q_asset_requirement_list(struct db *db, struct arena *a, int64_t asset_id, struct asset_requirement **out,
			     size_t *n, struct err *e);

/** The assessment of requirement @requirement_id for asset @asset_id (req.id set, the rest of req zero). */
int q_asset_requirement_get(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			    struct asset_requirement *out, struct err *e);

/** Record the first assessment, made by user @by (0: the system). ERR_EXISTS when someone else recorded one. */
int q_asset_requirement_insert(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			       const struct asset_requirement_input *in, int64_t by, const char *now, int64_t *id_out,
			       struct err *e);

/** Change an assessment at @version. ERR_CONFLICT when the version is stale. */
int q_asset_requirement_update(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
			       int64_t version, const struct asset_requirement_input *in, int64_t by, const char *now,
			       struct err *e);

/** Link action @action_id from an assessment at @version. ERR_CONFLICT when the version is stale. */
int q_asset_requirement_set_action(struct db *db, struct arena *a, int64_t asset_id, int64_t requirement_id,
				   int64_t version, int64_t action_id, int64_t by, const char *now, struct err *e);

#endif
