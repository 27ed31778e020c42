/*
 * q_figures.h - the kept counts the follow-up figures are read from, and
 * the typed queries that read and keep them (SQL text in q_figures.c).
 *
 * figure_counts holds, per unit, how the number of systems and of
 * classified systems in the unit's subtree changed on each day (grain
 * 'd', period "YYYY-MM-DD") and in each quarter (grain 'q', period
 * "YYYY-Qn"). A change is added to the unit and every unit above it. The
 * figure at the end of a date is the sum of the quarter rows before the
 * date's quarter and the day rows of its quarter up to the date, so it is
 * read from at most some hundred rows whatever the size of the register.
 *
 * Times are compared as the stored UTC text "YYYY-MM-DDTHH:MM:SSZ", so "on
 * or before the end of a date" is "<= 'YYYY-MM-DDT23:59:59Z'", which the
 * caller passes as @end. Results live in the arena given; functions return
 * 0 or a negative err_code (ERR_DB with @e filled).
 */
#ifndef TILLIT_DB_Q_FIGURES_H
#define TILLIT_DB_Q_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/** The range of kept rows that add up to the figure at the end of a date. */
struct figures_span {
	const char *quarter; /* "YYYY-Qn" of the date: quarter rows before it count */
	const char *first;   /* "YYYY-MM-DD", the first day of that quarter */
	const char *day;     /* "YYYY-MM-DD", the date: day rows from @first to it count */
};

/** One kept row: a change in a unit's subtree on a day or in a quarter. */
struct figures_delta {
	bool quarter;       /* a quarter row ("YYYY-Qn"), else a day row ("YYYY-MM-DD") */
	const char *period; /* "YYYY-Qn" or "YYYY-MM-DD" */
	int64_t systems;
	int64_t classified;
};

/** Systems and classified systems in a unit's subtree at a date. */
struct figures_count {
	int64_t unit_id;       /* the unit whose subtree is counted */
	const char *unit_name; /* its name (children only; NULL otherwise) */
	const char *kind;      /* asset kind (q_figures_recount() only) */
	int64_t total;
	int64_t classified; /* with a classification signed by then */
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
 * The kept rows of unit @unit_id within @s: the quarter rows before
 * s->quarter, then the day rows from s->first to s->day. Their sums are the
 * figure at the end of s->day; the quarter rows alone give every quarter
 * end before it.
 */
int q_figures_deltas(struct db *db, struct arena *a, int64_t unit_id, const struct figures_span *s,
		     struct figures_delta **out, size_t *n, struct err *e);

/**
 * The figure at the end of s->day for each child of unit @parent_id that
 * @viewer_id sees (0: all), one row each, in the children's name order.
 */
int q_figures_children(struct db *db, struct arena *a, int64_t parent_id, int64_t viewer_id,
		       const struct figures_span *s, struct figures_count **out, size_t *n, struct err *e);

/**
 * The figure at the end of s->day for each unit of @ids (@n_ids of them,
 * each over its own subtree), one row each (unit_id, total, classified; no
 * name) in no particular order; a unit without kept rows in the span (no
 * systems ever) gives no row. The viewer's scope is the caller's.
 */
int q_figures_of_units(struct db *db, struct arena *a, const int64_t *ids, size_t n_ids, const struct figures_span *s,
		       struct figures_count **out, size_t *n, struct err *e);

/**
 * Add @systems and @classified to the day row @day and the quarter row
 * @quarter of unit @unit_id and of every unit above it. For the domain's
 * writing transactions.
 */
int q_figures_add(struct db *db, struct arena *a, int64_t unit_id, const char *day, const char *quarter,
		  int64_t systems, int64_t classified, struct err *e);

/**
 * Add every kept row of unit @unit_id, times @sign (1 or -1), to unit
 * @start and every unit above it: a moved unit's subtree leaves its old
 * parents (the old parent, sign -1) and joins its new ones (sign 1).
 */
int q_figures_shift(struct db *db, struct arena *a, int64_t unit_id, int64_t start, int sign, struct err *e);

/** When asset @asset_id's first classification was signed; *out NULL when none is. Lives in @a. */
int q_figures_first_signed(struct db *db, struct arena *a, int64_t asset_id, const char **out, struct err *e);

/** What the counts need to know of an asset, as stored now. */
struct figures_asset_now {
	int64_t unit_id;
	const char *kind;
	const char *created_at;
	const char *retired_at; /* NULL when not retired */
	int64_t n_signed;       /* how many of its classifications are signed */
};

/** Asset @asset_id as stored now (in the caller's transaction). ERR_NOTFOUND when absent. */
int q_figures_asset_now(struct db *db, struct arena *a, int64_t asset_id, struct figures_asset_now *out, struct err *e);

/**
 * Counted afresh from the register, not from the kept counts: per asset
 * kind, the assets of the subtree at @path that existed at @end (created
 * on or before it, not retired by then) and how many of them had a signed
 * classification by then. Reads every asset of the subtree: for checking
 * the kept counts, never for a page.
 */
int q_figures_recount(struct db *db, struct arena *a, const char *path, const char *end, struct figures_count **out,
		      size_t *n, struct err *e);

/**
 * A page of the assets (not retired) among the units @viewer_id sees (0:
 * all), in the subtree of unit @unit_id (0: everywhere; @is_root says it
 * is an organisation, whose subtree is read in the order of the due-key
 * index rather than unit by unit), whose review date is before @today
 * (YYYY-MM-DD) or that are flagged for review: flagged ones first, then
 * the oldest review date, then in the order they were registered. At most
 * @limit + 1 rows: one more than asked says there are more.
 */
int q_figures_overdue(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, bool is_root,
		      const char *today, int64_t limit, int64_t offset, struct figures_overdue **out, size_t *n,
		      struct err *e);

/** How many organisations (units without a parent) the installation holds, kept per data version. */
int q_figures_organisations(struct db *db, struct arena *a, int64_t *n, struct err *e);

/**
 * How many assets q_figures_overdue() matches, counting no further than
 * @cap: *n is @cap + 1 when there are more.
 */
int q_figures_overdue_count(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, bool is_root,
			    const char *today, int64_t cap, int64_t *n, struct err *e);

/*
 * The key figures besides the share classified, per unit of the subtree
 * whose root has the path @path (each unit's own records, not its
 * subtree's: the caller adds them up), at each of FIGURES_ENDS ends
 * ("YYYY-MM-DDT23:59:59Z"; repeat one when fewer are needed): total what
 * is counted then, count how many of them hold. One read of the subtree
 * each, from indexes that hold what a figure needs (never the records'
 * rows), counted at the ends in C, one row per unit (sorted by path).
 * What is counted:
 *  - risk share: systems that existed; holding: in a risk analysis begun by then;
 *  - continuity share: business-critical assets that existed; holding: with a continuity plan made by then;
 *  - activities overdue: activities made by then; holding: past their deadline and not done by then
 *    (an activity done counts as done from its last change);
 *  - processing reviewed: processing activities made by then; holding: last reviewed within the year
 *    before (only the last review is kept: at a past date a later review hides an earlier one);
 *  - incidents late: incidents (not dismissed) reported by then; holding: a statutory clock had run
 *    out by then and still runs (their next deadline as kept now).
 */
#define FIGURES_ENDS 6

struct figures_unit_counts {
	const char *path; /* the unit's path */
	int64_t total[FIGURES_ENDS];
	int64_t count[FIGURES_ENDS];
};

int q_figures_risk_share(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			 struct figures_unit_counts **out, size_t *n, struct err *e);
int q_figures_continuity_share(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			       struct figures_unit_counts **out, size_t *n, struct err *e);
int q_figures_activities_overdue(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
				 struct figures_unit_counts **out, size_t *n, struct err *e);
int q_figures_processing_reviewed(struct db *db, struct arena *a, const char *path,
				  const char *const ends[FIGURES_ENDS], struct figures_unit_counts **out, size_t *n,
				  struct err *e);
int q_figures_incidents_late(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			     struct figures_unit_counts **out, size_t *n, struct err *e);
/* Audit measures past their planned date and not done. */
int q_figures_measures_overdue(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			       struct figures_unit_counts **out, size_t *n, struct err *e);
/* Governing documents in force past their next review (as the documents stand: a review moves the date on). */
int q_figures_documents_overdue(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
				struct figures_unit_counts **out, size_t *n, struct err *e);

/** When the installation's first unit was made ("YYYY-MM-DDTHH:MM:SSZ"); NULL in an empty one. */
int q_figures_first_record(struct db *db, struct arena *a, const char **out, struct err *e);

#endif
