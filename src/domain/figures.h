/*
 * figures.h - follow-up figures of the asset register (nyckeltal).
 *
 * The share of systems classified ("andel klassade system") for a unit's
 * subtree, or for a whole organisation (its root unit), at any date, read
 * from history: the systems (asset kinds for which asset_kind_is_system()
 * holds) that existed at the end of the date, and how many of them had a
 * signed classification by then. A series gives the figure at the end of
 * each of the last quarters and at a final date, for the chart on a unit's
 * page. The review list names the assets whose classification review date
 * has passed or that are flagged for review.
 *
 * The figures are read from counts kept per unit and per day and quarter
 * (q_figures.h), not counted from the register: every write that changes
 * what they count calls the figures_note_*() functions below inside its
 * own transaction, so a figure read after a change already holds it.
 * figures_recount() counts the same figure afresh, to check them.
 *
 * Dates are "YYYY-MM-DD" and mean the end of that day (UTC). A NULL date
 * means today (time_now(), so TILLIT_NOW fixes it in tests).
 */
#ifndef TILLIT_DOMAIN_FIGURES_H
#define TILLIT_DOMAIN_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_figures.h"

struct arena;
struct asset;
struct auth;
struct db;
struct err;
struct unit;

#define FIGURES_DATE_LEN     11 /* "YYYY-MM-DD" + NUL */
#define FIGURES_MAX_QUARTERS 12
/* The review list counts its matches this far; past it, the total is a lower bound. */
#define FIGURES_COUNT_CAP 1000

/** The share of systems classified in one unit's subtree at one date. */
struct figures_share {
	int64_t unit_id;
	const char *unit_name;
	const char *date;   /* YYYY-MM-DD */
	int64_t classified; /* systems with a signed classification at the end of the date */
	int64_t total;      /* systems that existed at the end of the date */
};

/** One point of a series: the end of a quarter, or the final date (quarter 0). */
struct figures_point {
	const char *date; /* YYYY-MM-DD */
	int year;
	int quarter; /* 1..4, or 0 for the final date */
	int64_t classified;
	int64_t total;
};

/** Today's date (UTC, from time_now()) into @out. */
void figures_today(char out[FIGURES_DATE_LEN]);

/**
 * The share as a whole percent, rounded, but never 100 unless every
 * system is classified and never 0 unless none is; -1 when there are no
 * systems (show "–", never divide by zero).
 */
int figures_percent(int64_t classified, int64_t total);

/** The share as a fraction 0..1 (exact division); only meaningful when @total > 0. */
double figures_fraction(int64_t classified, int64_t total);

/**
 * Check @date: NULL or empty is today; otherwise a valid calendar date not
 * after today. ERR_INVALID naming @field. On success *out holds the date.
 */
int figures_check_date(struct err *e, const char *field, const char *date, char out[FIGURES_DATE_LEN]);

/**
 * The share of systems classified in the subtree of @u (as the request
 * read it; an organisation's root gives the whole organisation) at the end
 * of @date (NULL: today), from the kept counts. ERR_INVALID naming "date"
 * for a bad or future date. Strings live in @a.
 */
int figures_classified(struct db *db, struct arena *a, const struct unit *u, const char *date,
		       struct figures_share *out, struct err *e);

/**
 * As figures_classified(), but counted afresh from every asset of the
 * subtree rather than read from the kept counts: the check that the kept
 * counts hold (tests, and whoever doubts them). Slow on a large register.
 */
int figures_recount(struct db *db, struct arena *a, const struct unit *u, const char *date, struct figures_share *out,
		    struct err *e);

/**
 * The same figure for each child unit of @unit_id that @viewer_id sees (0:
 * all), each over its own subtree, in name order; children without systems
 * have total 0. One query. Results live in @a.
 */
int figures_classified_children(struct db *db, struct arena *a, int64_t unit_id, int64_t viewer_id, const char *date,
				struct figures_share **out, size_t *n, struct err *e);

/**
 * The same figure for each of the @n_units units of @units, each over its
 * own subtree, in the order given (*out has @n_units entries). One query
 * for all of them, so that a list of many organisations costs one reading
 * of the kept counts per unit and no more. Results live in @a.
 */
int figures_classified_units(struct db *db, struct arena *a, const struct unit *units, size_t n_units, const char *date,
			     struct figures_share **out, struct err *e);

/**
 * The share in the subtree of @u at the end of each of the last @quarters
 * quarters (1..12, ERR_INVALID naming "quarters" otherwise) before the
 * quarter of @end_date, plus @end_date itself (NULL: today) as the last
 * point (quarter 0): so @quarters + 1 points, oldest first. One query
 * reads the kept rows they are summed from. Results live in @a.
 */
int figures_series(struct db *db, struct arena *a, const struct unit *u, int quarters, const char *end_date,
		   struct figures_point **out, size_t *n, struct err *e);

/** The viewer id the figures take for @auth: 0 when it sees every unit (an installation-wide role, the system). */
int64_t figures_viewer(const struct auth *auth);

/**
 * Assets (not retired) whose review date is before today or that are
 * flagged for review, in @u's subtree (NULL: everywhere) and among the
 * units @viewer_id sees (0: all; see figures_viewer()): flagged ones first,
 * then the oldest review date. @limit 1..1000 (default 100). *total (may
 * be NULL) gets the number matching, counted no further than
 * FIGURES_COUNT_CAP: past it *total is the cap and *exact false. Results
 * live in @a.
 */
int figures_overdue_list(struct db *db, struct arena *a, int64_t viewer_id, const struct unit *u, int64_t limit,
			 int64_t offset, struct figures_overdue **out, size_t *n, int64_t *total, bool *exact,
			 struct err *e);

/**
 * Where @auth's view of the tree starts: every organisation for an
 * installation-wide role, else the units of its grants that lie below no
 * other of its grants, in tree order (path). Read from its grants, one unit
 * at a time (a user holds a handful). Results live in @a.
 */
int figures_top_units(struct db *db, struct arena *a, const struct auth *auth, struct unit **out, size_t *n,
		      struct err *e);

/*
 * Keeping the counts. Each runs inside the caller's open transaction, after
 * its audit entry (so writers take the audit head first and the counts
 * after it, in one order), and returns 0 or ERR_DB.
 */

/**
 * Changes of the counts gathered over many writes of one transaction and
 * applied once (figures_tally_apply()), one change per unit and day
 * instead of one per record: an import of thousands of assets. Lives in
 * the arena given to figures_tally_init().
 */
struct figures_tally {
	struct arena *arena;
	struct figures_tally_mark *marks;
	size_t n, alloc;
};

/** Start an empty tally in @a. */
void figures_tally_init(struct figures_tally *t, struct arena *a);

/** Apply what @t gathered (inside the same transaction, after its audit entries) and empty it. */
int figures_tally_apply(struct db *db, struct arena *a, struct figures_tally *t, struct err *e);

/**
 * Asset @created has been stored (as read back, or built from what was
 * stored): noted in @tally when given, else in the counts at once.
 */
int figures_note_asset_created(struct db *db, struct arena *a, struct figures_tally *tally, const struct asset *created,
			       struct err *e);

/**
 * Asset @removed, never signed (an import undone: created and not changed
 * since), has been removed: noted in @tally, to be applied in the same
 * transaction.
 */
void figures_note_asset_removed(struct figures_tally *tally, const struct asset *removed);

/**
 * Asset @before has been changed into @after: a move to another unit, a
 * change of kind, a retirement or its undoing move its counts; other
 * changes do nothing.
 */
int figures_note_asset_changed(struct db *db, struct arena *a, const struct asset *before, const struct asset *after,
			       struct err *e);

/** A classification of asset @as (as it was before) has just been signed at @signed_at. */
int figures_note_signed(struct db *db, struct arena *a, const struct asset *as, const char *signed_at, struct err *e);

/** Unit @before (as it was, with its old parent) has just been moved under @new_parent. */
int figures_note_unit_moved(struct db *db, struct arena *a, const struct unit *before, int64_t new_parent,
			    struct err *e);

/*
 * The key figures (nyckeltal): one registry, each figure with its own
 * function, each counted over a unit's subtree at the end of a date from
 * what the records say of their own history. A figure whose module is not
 * part of this installation has no function and reads "not available",
 * never zero.
 */

/** A key figure at a date: a share (count of total) or a count. */
struct key_figure_value {
	const struct key_figure *fig;
	bool available; /* false: its module is not part of Tillit yet */
	int64_t count;  /* what holds (classified, overdue, ...) */
	int64_t total;  /* what is counted */
};

struct key_figure {
	const char *key;    /* "classified", "risk_analysis", ... (API, tests) */
	const char *label;  /* message id */
	const char *module; /* the module it is read from */
	bool share;         /* shown as a percent of total; else as a count */
	/** Its counts per unit of a subtree at up to FIGURES_ENDS ends (q_figures.h); NULL: read otherwise, or not available. */
	int (*per_unit)(struct db *db, struct arena *a, const char *path, const char *const ends[FIGURES_ENDS],
			struct figures_unit_counts **out, size_t *n, struct err *e);
	/**
	 * Its count and total for the subtree of @u at @day (YYYY-MM-DD), read
	 * per target and date (the share classified from its kept counts, the
	 * staff trained from the training records); NULL: read per unit.
	 */
	int (*at)(struct db *db, struct arena *a, const struct unit *u, const char *day, int64_t *count, int64_t *total,
		  struct err *e);
};

#define KEY_FIGURES 9
extern const struct key_figure key_figures[KEY_FIGURES];

/** Every key figure of a unit's subtree at one date. */
struct key_figure_set {
	const char *date; /* YYYY-MM-DD */
	bool before_data; /* the date lies before the installation's first record */
	struct key_figure_value v[KEY_FIGURES];
};

/**
 * Every key figure of the subtree of @u at the end of @date (NULL: today).
 * ERR_INVALID naming "date" for a bad or future date; a date before the
 * installation's first record is answered, with out->before_data set.
 */
int figures_key(struct db *db, struct arena *a, const struct unit *u, const char *date, struct key_figure_set *out,
		struct err *e);

/**
 * Every key figure of each of @n_targets units (each over its subtree; all
 * of them in the subtree of @root, @root itself among them or not) at each
 * of @n_dates dates (1..FIGURES_ENDS; NULL: today), into out[t * n_dates +
 * d]: one read of @root's subtree per figure, whatever the number of
 * targets and dates. The share classified, read from the kept counts per
 * unit and date, is read for the first target at every date and for the
 * others at the first date only (the picture's trend and its table).
 * Checked as figures_key().
 */
int figures_key_grid(struct db *db, struct arena *a, const struct unit *root, const struct unit *targets,
		     size_t n_targets, const char *const *dates, size_t n_dates, struct key_figure_set *out,
		     struct err *e);

/** The value as shown: "50 %", "3", "–" when nothing is counted, or "not available" in @lang. In @a. */
const char *key_figure_text(struct arena *a, enum lang lang, const struct key_figure_value *v);

#endif
