/*
 * q_figures.h - SQL of the follow-up figures (text in q_figures.c).
 *
 * Every figure is one query. Times are compared as the stored UTC text
 * "YYYY-MM-DDTHH:MM:SSZ", so "on or before the end of a date" is
 * "<= 'YYYY-MM-DDT23:59:59Z'", which the caller passes as the end.
 */
#ifndef TILLIT_DB_Q_FIGURES_H
#define TILLIT_DB_Q_FIGURES_H

#include "db/db.h"

/* Columns of Q_FIGURES_CLASSIFIED: one row per asset kind. */
enum figures_class_col { FCC_KIND, FCC_TOTAL, FCC_CLASSIFIED };

/* Columns of Q_FIGURES_CLASSIFIED_CHILDREN: one row per child unit and asset kind (kind NULL: no assets). */
enum figures_child_col { FCH_UNIT, FCH_NAME, FCH_KIND, FCH_TOTAL, FCH_CLASSIFIED };

/* Columns of Q_FIGURES_OVERDUE. */
enum figures_overdue_col {
	FOC_ID,
	FOC_NAME,
	FOC_KIND,
	FOC_UNIT,
	FOC_UNIT_NAME,
	FOC_OWNER,
	FOC_OWNER_NAME,
	FOC_REVIEW_DUE,
	FOC_NEEDS_REVIEW,
	FOC_CLASSIFIED
};

/*
 * $1 subtree path, $2 end of the date: per kind, the assets of the subtree
 * that existed then (created on or before $2, not retired by then) and how
 * many of them had a signed classification by then.
 */
extern const struct db_query Q_FIGURES_CLASSIFIED;
/* $1 parent unit id, $2 end of the date, $3 viewer (0 = all): as above per visible child unit's subtree. */
extern const struct db_query Q_FIGURES_CLASSIFIED_CHILDREN;
/*
 * $1 viewer (0 = all), $2 subtree path (NULL = all), $3 today YYYY-MM-DD,
 * $4 limit, $5 offset: assets not retired whose review date has passed or
 * that are flagged for review, oldest review date first.
 */
extern const struct db_query Q_FIGURES_OVERDUE;
extern const struct db_query Q_FIGURES_OVERDUE_COUNT; /* $1..$3 as Q_FIGURES_OVERDUE */

/* $1 subtree path: kind, created_at, retired_at, first signed_at (or NULL) per asset */
extern const struct db_query Q_FIGURES_TIMELINE;

#endif
