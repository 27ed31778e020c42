/*
 * q_unit.h - the stored shape of organisation units and the typed queries
 * that read and write them (SQL text in q_unit.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/unit.c never sees SQL, placeholders or column numbers. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND and a stale version ERR_CONFLICT, both
 * without a message (the domain words them), other failures ERR_DB with
 * @e filled.
 */
#ifndef TILLIT_DB_Q_UNIT_H
#define TILLIT_DB_Q_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct unit {
	int64_t id;
	int64_t parent_id; /* 0 for an organisation */
	const char *path;  /* "/1/4/9/": the ids from the root down */
	const char *kind;
	const char *name;
	const char *code;
	const char *case_prefix;
	const char *contact;
	int64_t version;
	const char *created_at;
	const char *updated_at;
	const char *parent_name;
};

/** What a person may set on a unit. Strings may be NULL (empty). */
struct unit_input {
	int64_t parent_id;
	const char *kind;
	const char *name;
	const char *code;
	const char *case_prefix;
	const char *contact;
};

/** One recorded move of a unit. */
struct unit_move {
	int64_t id;
	int64_t from_id, to_id;
	const char *from_name, *to_name;
	const char *reason;
	const char *by;
	const char *at;
};

struct unit_filter {
	int64_t viewer_id; /* only units this user sees; 0 = all */
	const char *kind;  /* NULL: any */
	int64_t parent_id; /* 0: any, -1: roots only */
	const char *q;     /* name or code contains */
	bool q_whole;      /* q is the whole name or code, not a part of it */
	int64_t limit;     /* 1..1000, default 100 */
	int64_t offset;
};

/** A unit and how many units its subtree holds below it: an entry of the tree read one level at a time. */
struct unit_branch {
	struct unit u;
	int64_t n_below;
};

/** One unit by id. ERR_NOTFOUND when absent. */
int q_unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out, struct err *e);

/** A page of the units @f matches, in path order, and (when @total is not NULL) how many match in all. */
int q_unit_list(struct db *db, struct arena *a, const struct unit_filter *f, struct unit **out, size_t *n,
		int64_t *total, struct err *e);

/**
 * Units with how many units are below each (a range of units_path per unit,
 * grouped by unit; kept per data version): the units @ids when @ids is not
 * NULL (@n_ids of them), else the organisations when @parent_id is 0, else
 * the units directly below @parent_id (units_parent). A page of @limit
 * (1..1000) from @offset, by name and id; *total (when not NULL) is how many
 * there are in all.
 */
int q_unit_branches(struct db *db, struct arena *a, int64_t parent_id, const int64_t *ids, size_t n_ids, int64_t limit,
		    int64_t offset, struct unit_branch **out, size_t *n, int64_t *total, struct err *e);

/** The units below the unit at @path (not it), in path order: at most @limit (1..1000). */
int q_unit_subtree(struct db *db, struct arena *a, const char *path, int64_t limit, struct unit **out, size_t *n,
		   struct err *e);

/** Does another unit than @except under @parent_id (0: the roots) have @name, case-insensitively? */
int q_unit_name_taken(struct db *db, struct arena *a, int64_t parent_id, const char *name, int64_t except, bool *taken,
		      struct err *e);

/** Insert a unit under the parent at @parent_path (NULL for an organisation) and give it its path. */
int q_unit_insert(struct db *db, struct arena *a, const struct unit_input *in, const char *parent_path, const char *now,
		  int64_t *id_out, struct err *e);

/** Change the editable fields of unit @id at @version. ERR_CONFLICT when the version is stale. */
int q_unit_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct unit_input *in,
		  const char *now, struct err *e);

/**
 * Re-parent unit @id at @version under @new_parent (path @new_parent_path),
 * rewrite the paths of its whole subtree, and record the move. ERR_CONFLICT
 * when the version is stale.
 */
int q_unit_move(struct db *db, struct arena *a, const struct unit *u, int64_t version, int64_t new_parent,
		const char *new_parent_path, const char *reason, int64_t by, const char *now, struct err *e);

/** The recorded moves of unit @id, newest first. */
int q_unit_moves(struct db *db, struct arena *a, int64_t id, struct unit_move **out, size_t *n, struct err *e);

/** Number of units in the installation. */
int q_unit_count_all(struct db *db, struct arena *a, int64_t *n, struct err *e);

/**
 * How many units @viewer_id (0: anyone) sees, counted no further than @at_most: *n is then @at_most. Kept per
 * data version (db_run_count_kept()).
 */
int q_unit_count_seen(struct db *db, struct arena *a, int64_t viewer_id, int64_t at_most, int64_t *n, struct err *e);

#endif
