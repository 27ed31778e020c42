/*
 * q_figures.h - the rows the follow-up figures are counted from, and the
 * typed queries that read them (SQL text in q_figures.c).
 *
 * Every figure is one query. Times are compared as the stored UTC text
 * "YYYY-MM-DDTHH:MM:SSZ", so "on or before the end of a date" is
 * "<= 'YYYY-MM-DDT23:59:59Z'", which the caller passes as @end. Results
 * live in the arena given; functions return 0 or a negative err_code
 * (ERR_DB with @e filled).
 */
#ifndef TILLIT_DB_Q_FIGURES_H
#define TILLIT_DB_Q_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/** The assets of one kind in a subtree that existed at a time, and how many of them had been classified. */
struct figures_count {
	int64_t unit_id;       /* the child unit whose subtree is counted; 0 for a whole subtree */
	const char *unit_name; /* its name; NULL for a whole subtree */
	const char *kind;      /* asset kind; NULL for a child unit without assets */
	int64_t total;
	int64_t classified; /* with a classification signed by then */
};

/** One asset of a subtree with the times that decide whether it counts at a date. */
struct figures_asset_times {
	const char *kind;
	const char *created_at;
	const char *retired_at; /* NULL when not retired */
	const char *signed_at;  /* its first signed classification, NULL when none */
};

/** An asset whose classification is due for review. */
struct figures_overdue {
	int64_t asset_id;
	const char *name;
	const char *kind;
	int64_t unit_id;
	const char *unit_name;
	int64_t owner_id;       /* 0 = none */
	const char *owner_name; /* NULL when none */
	const char *review_due; /* YYYY-MM-DD, or NULL when only flagged */
	bool needs_review;      /* flagged because something it inherits from changed */
	bool classified;        /* has a current signed classification */
};

/**
 * Per asset kind, the assets of the subtree at @path that existed at @end
 * (created on or before it, not retired by then) and how many of them had
 * a signed classification by then.
 */
int q_figures_classified(struct db *db, struct arena *a, const char *path, const char *end, struct figures_count **out,
			 size_t *n, struct err *e);

/**
 * As q_figures_classified() for the subtree of each child of unit
 * @parent_id that @viewer_id sees (0: all), one row per child and kind, in
 * the children's name order.
 */
int q_figures_classified_children(struct db *db, struct arena *a, int64_t parent_id, const char *end, int64_t viewer_id,
				  struct figures_count **out, size_t *n, struct err *e);

/** Every asset of the subtree at @path with when it was created, retired and first signed. */
int q_figures_asset_times(struct db *db, struct arena *a, const char *path, struct figures_asset_times **out, size_t *n,
			  struct err *e);

/**
 * A page of the assets (not retired) among the units @viewer_id sees (0:
 * all), in the subtree at @path (NULL: everywhere), whose review date is
 * before @today (YYYY-MM-DD) or that are flagged for review, oldest review
 * date first; and (when @total is not NULL) how many there are in all.
 */
int q_figures_overdue(struct db *db, struct arena *a, int64_t viewer_id, const char *path, const char *today,
		      int64_t limit, int64_t offset, struct figures_overdue **out, size_t *n, int64_t *total,
		      struct err *e);

#endif
