/*
 * q_asset.h - the stored shape of information assets and their links, and
 * the typed queries that read and write them (SQL text in q_asset.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/asset.c never sees SQL, placeholders or column numbers. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND and a stale version ERR_CONFLICT, both
 * without a message (the domain words them), other failures ERR_DB with
 * @e filled.
 */
#ifndef TILLIT_DB_Q_ASSET_H
#define TILLIT_DB_Q_ASSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct asset {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *kind;
	const char *name;
	const char *description;
	int64_t owner_id;
	const char *owner_name; /* display name, or NULL */
	int64_t administrator_id;
	const char *administrator_name;
	const char *supplier;
	const char *hosting;
	bool personal_data;
	bool business_critical;
	bool nis2;  /* supports services in the scope of the cybersecurity act (NIS2) */
	bool vital; /* samhällsviktig verksamhet (civil preparedness, RSA) */
	const char *lifecycle;
	const char *retired_at;
	int64_t classification_id; /* current signed classification, 0 = none */
	const char *review_due;    /* YYYY-MM-DD or NULL */
	bool needs_review;
	int64_t c_level, i_level, a_level, t_level; /* of the current classification; -1 when none */
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on an asset. Strings may be NULL (empty). */
struct asset_input {
	int64_t unit_id;
	const char *kind;
	const char *name;
	const char *description;
	int64_t owner_id;         /* 0 = none */
	int64_t administrator_id; /* 0 = none */
	const char *supplier;
	const char *hosting;
	bool personal_data;
	bool business_critical;
	bool nis2;             /* supports services in the scope of the cybersecurity act (NIS2) */
	const char *lifecycle; /* NULL = "in_use" */
	bool vital;            /* samhällsviktig verksamhet */
};

enum asset_sort { ASSET_SORT_NAME, ASSET_SORT_KIND, ASSET_SORT_UNIT, ASSET_SORT_UPDATED, ASSET_SORT_REVIEW };

/** A tri-state filter: -1 any, 0 no, 1 yes. */
struct asset_filter {
	int64_t viewer_id;     /* only assets in units this user sees; 0 = all */
	int64_t unit_id;       /* only this unit's subtree; 0 = all */
	const char *kind;      /* NULL = any */
	int classified;        /* -1/0/1 */
	int business_critical; /* -1/0/1 */
	int nis2;              /* -1/0/1 */
	int personal_data;     /* -1/0/1 */
	bool review_overdue;   /* review date passed (or flagged for review) */
	const char *today;     /* YYYY-MM-DD for review_overdue; NULL = now */
	const char *q;         /* name, description or supplier contains (case-insensitively) */
	enum asset_sort sort;
	bool desc;
	int64_t limit;  /* 1..500, default 50 */
	int64_t offset; /* 0..ASSET_COUNT_BOUND */
};

/*
 * A list counts the assets its filter matches exactly up to this bound;
 * past it the total is ASSET_COUNT_BOUND + 1, shown as "more than 10,000",
 * so that counting never walks the whole register. Pages go no further
 * than the bound either: an offset past it gives an empty page.
 */
#define ASSET_COUNT_BOUND 10000

struct asset_link {
	int64_t id;
	int64_t from_id, to_id;
	const char *kind;       /* "holds" / "depends_on" */
	const char *other_name; /* name of the asset at the other end */
	const char *other_kind;
	int64_t other_unit_id;
	const char *other_unit_path; /* for asset_link_visible() */
	int64_t other_owner_id;      /* for asset_link_can_remove() */
};

/** One asset by id, with its unit, owner and administrator names and its current levels. ERR_NOTFOUND when absent. */
int q_asset_get(struct db *db, struct arena *a, int64_t id, struct asset *out, struct err *e);

/**
 * At most @limit assets whose folded name (str_fold()) is @name_folded in
 * the units @viewer_id sees (0: all), by unit name: the assets a typed
 * asset field names. Results live in @a.
 */
int q_asset_named(struct db *db, struct arena *a, int64_t viewer_id, const char *name_folded, int64_t limit,
		  struct asset **out, size_t *n, struct err *e);

/**
 * The assets in use that @user_id owns or is system administrator of, by
 * id, at most @limit (from assets_owner and assets_administrator).
 * Results live in @a.
 */
int q_asset_of_person(struct db *db, struct arena *a, int64_t user_id, int64_t limit, struct asset **out, size_t *n,
		      struct err *e);

/**
 * A page of the assets @f matches in @f's order, and (when @total is not
 * NULL) how many match in all, exactly up to ASSET_COUNT_BOUND (more give
 * ASSET_COUNT_BOUND + 1). @subtree is the path of f->unit_id (NULL for
 * none), @today "YYYY-MM-DD" for the review filter. The queries run: one
 * look-up of the viewer's installation-wide grant (none when
 * f->viewer_id is 0), the bounded count, and the page unless the count
 * says it is empty.
 *
 * Every row comes from an index in the order shown: the page is read
 * along the index of its sort order, unless the count says few assets
 * match (then they are read through the search index or the viewer's
 * units, whichever the filter names, and sorted).
 */
int q_asset_list(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree, const char *today,
		 struct asset **out, size_t *n, int64_t *total, struct err *e);

/* The ways a page of the list can be found (see q_asset.c). */
enum asset_list_way { ASSET_WAY_ROW, ASSET_WAY_SCOPE, ASSET_WAY_HITS, ASSET_WAY_FILTER, ASSET_WAY_COUNT };

/**
 * The page q_asset_list() would show, found the way @way says whatever the
 * count: for tests, which check that every way gives the same page. HITS
 * needs a search of three characters or more, FILTER no search, and SCOPE
 * a viewer who does not see every unit or a subtree.
 */
int q_asset_list_by(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree,
		    const char *today, enum asset_list_way way, struct asset **out, size_t *n, struct err *e);

/**
 * Up to @limit assets @f matches (its sort, limit and offset aside) with an
 * id above @after_id, in the order of their ids: the pages of an export,
 * each read along the primary key.
 */
int q_asset_page_after(struct db *db, struct arena *a, const struct asset_filter *f, const char *subtree,
		       const char *today, int64_t after_id, int64_t limit, struct asset **out, size_t *n,
		       struct err *e);

/**
 * Fill name_folded and search_folded of every stored asset (migration
 * 0010), in the caller's transaction, a thousand at a time.
 */
int q_asset_fill_folded(struct db *db, struct err *e);

/**
 * After migration 0170 (SQLite) has rewritten the asset table's CHECKs in
 * the schema's text: move the schema's version on, so that every
 * connection reads the new text, and read it here, so that a text SQLite
 * cannot read fails the migration. Logs a warning, and goes on, when the
 * text held none of the CHECKs the migration rewrites.
 */
int q_asset_checks_reread(struct db *db, struct err *e);

/** Does another asset than @except in unit @unit_id have @name, case-insensitively (as str_fold() folds)? */
int q_asset_name_taken(struct db *db, struct arena *a, int64_t unit_id, const char *name, int64_t except, bool *taken,
		       struct err *e);

/**
 * Index the first @limit assets created since the last call for search, in
 * one statement (SQLite's FTS5 index, see migration 0013; nothing to do on
 * PostgreSQL); *more tells whether there may be more. Run at the end of
 * every transaction that creates assets, and by the pool's background
 * thread for what a large import leaves (db_background()); until then a
 * search finds them all the same, reading them one by one.
 */
int q_asset_index_pending(struct db *db, struct arena *a, int64_t limit, bool *more, struct err *e);

/** Whether any asset waits for the search index (q_asset_index_pending()); never on PostgreSQL. Reads only. */
int q_asset_index_waiting(struct db *db, struct arena *a, bool *waiting, struct err *e);

/** The folded names of every asset of unit @unit_id (for checking many new names at once). */
int q_asset_unit_names(struct db *db, struct arena *a, int64_t unit_id, const char ***out, size_t *n, struct err *e);

/** Someone who may be an asset's owner. */
struct asset_owner_candidate {
	int64_t id;
	const char *display_name;
	const char *username;
};

/**
 * The active users holding a role in @roles (stored names, @n of them) on
 * the unit at @unit_path, on a unit above it or on the whole installation,
 * by name, at most @limit; with @unit_path NULL, on any unit; with @q not
 * NULL, only those whose user name or name contains it (case folded).
 */
int q_asset_owner_candidates(struct db *db, struct arena *a, const char *unit_path, const char *const *roles, size_t n,
			     const char *q, int64_t limit, struct asset_owner_candidate **out, size_t *n_out,
			     struct err *e);

/** Insert an asset; @retired_at is set when it is created retired. *id_out gets its id. */
int q_asset_insert(struct db *db, struct arena *a, const struct asset_input *in, const char *retired_at,
		   const char *now, int64_t *id_out, struct err *e);

/**
 * @n ids for new assets into @ids, in ascending order: on SQLite those after
 * the highest id ever given, so the caller must hold the write lock until
 * the assets are inserted; on PostgreSQL taken from the id sequence.
 */
int q_asset_next_ids(struct db *db, struct arena *a, size_t n, int64_t *ids, struct err *e);

/**
 * Insert @n new assets in one statement: @in[i] (cleaned, as q_asset_insert()
 * takes it) with the id @ids[i] and @retired_at[i] (NULL unless created
 * retired). For imports; a few thousand rows a statement at most.
 */
int q_asset_insert_many(struct db *db, struct arena *a, const struct asset_input *in, const int64_t *ids,
			const char *const *retired_at, size_t n, const char *now, struct err *e);

/*
 * The journal of a large import (migration 0150), in the caller's
 * transactions: see asset_bulk_save().
 */
struct asset_import_run {
	int64_t id;
	int64_t first_id; /* the first id reserved */
	int64_t next_id;  /* the first id not yet written */
};

/**
 * Open the journal of an import of @n (at least 1) rows by @actor_id (0: the
 * system): reserve @n consecutive ids for them into @ids, which no other
 * insert takes, and write the journal row (*import_id), all in the caller's
 * transaction.
 */
int q_asset_import_open(struct db *db, struct arena *a, int64_t actor_id, size_t n, const char *now, int64_t *ids,
			int64_t *import_id, struct err *e);

/** Note that the rows up to @next_id are written; ERR_CONFLICT when the import no longer runs (undone). */
int q_asset_import_beat(struct db *db, struct arena *a, int64_t import_id, int64_t next_id, const char *now,
			struct err *e);

/** Close a running import as done or undone; ERR_CONFLICT when it no longer runs. */
int q_asset_import_close(struct db *db, struct arena *a, int64_t import_id, bool done, const char *now, struct err *e);

/** The imports that run and were last heard of before @before (NULL: every one that runs). */
int q_asset_import_stale(struct db *db, struct arena *a, const char *before, struct asset_import_run **out, size_t *n,
			 struct err *e);

/**
 * Up to @limit rows of @run, in order of id, that undoing it removes: those
 * written, unchanged since (version 1), that nothing refers to.
 */
int q_asset_import_undo_rows(struct db *db, struct arena *a, const struct asset_import_run *run, int64_t limit,
			     struct asset **out, size_t *n, struct err *e);

/** How many rows of @run there are still (those undoing it keeps). */
int q_asset_import_kept(struct db *db, struct arena *a, const struct asset_import_run *run, int64_t *n, struct err *e);

/** Remove asset @id, never changed since it was created (version 1); ERR_CONFLICT when it was. */
int q_asset_delete_new(struct db *db, struct arena *a, int64_t id, struct err *e);

/** Change asset @id at @version to @in. ERR_CONFLICT when the version is stale. */
int q_asset_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct asset_input *in,
		   const char *retired_at, const char *now, struct err *e);

/** Links from asset @id (what it holds or depends on), with the other end, by its name. */
int q_asset_deps(struct db *db, struct arena *a, int64_t id, struct asset_link **out, size_t *n, struct err *e);

/** Links to asset @id (what depends on it), with the other end, by its name. */
int q_asset_dependants(struct db *db, struct arena *a, int64_t id, struct asset_link **out, size_t *n, struct err *e);

/** One link by id. ERR_NOTFOUND when absent. */
int q_asset_link_get(struct db *db, struct arena *a, int64_t id, struct asset_link *out, struct err *e);

/** The ids every link from asset @id points at (for the walk that finds circles). */
int q_asset_link_targets(struct db *db, struct arena *a, int64_t id, int64_t **out, size_t *n, struct err *e);

/** Record a link from @from to @to of @kind, made by user @by (0: the system). */
int q_asset_link_insert(struct db *db, struct arena *a, int64_t from, int64_t to, const char *kind, int64_t by,
			const char *now, int64_t *id_out, struct err *e);

int q_asset_link_delete(struct db *db, struct arena *a, int64_t id, struct err *e);

/** The level names organisation @org_id gives: names[k] for level k (0..@max), NULL where it names none. */
int q_asset_level_names(struct db *db, struct arena *a, int64_t org_id, const char **names, size_t max, struct err *e);

#endif
