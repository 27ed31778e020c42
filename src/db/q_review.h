/*
 * q_review.h - the stored shape of management reviews (ledningens
 * genomgång), their free texts and prioritised actions, and the data
 * protection officer's recommendations, with the typed queries that read
 * and write them (SQL text in q_review.c).
 *
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND, a stale version (or a change to
 * an approved review) ERR_CONFLICT, a version number taken ERR_EXISTS, all
 * without a message (the domain words them); other failures ERR_DB.
 */
#ifndef TILLIT_DB_Q_REVIEW_H
#define TILLIT_DB_Q_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct review {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t year;
	int64_t version_no; /* 1, 2, ... within the unit and year */
	int64_t based_on_id;
	const char *status; /* "draft" or "approved" */
	const char *contact;
	const char *case_ref;
	const char *approved_by; /* NULL while a draft */
	const char *approved_on; /* YYYY-MM-DD */
	const char *approved_at;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** A free-text section of a review (Markdown). */
struct review_text {
	const char *section;
	const char *body;
};

/** A prioritised action for a year, and the activity it became. */
struct review_priority {
	int64_t id;
	int64_t review_id;
	int64_t year;
	int64_t position;
	const char *text;
	int64_t activity_id;          /* 0 until it becomes one */
	const char *activity_status;  /* NULL when none */
	const char *activity_comment; /* its status comment */
	int64_t review_year;          /* the year of the review that decided it (earlier priorities) */
};

/** A recommendation from the data protection officer's annual report. */
struct dpo_recommendation {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t report_year;
	const char *text;
	const char *followup;
	const char *status; /* "open" or "done" */
	int64_t activity_id;
	const char *activity_status;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

int q_review_get(struct db *db, struct arena *a, int64_t id, struct review *out, struct err *e);

/** The newest version of unit @unit_id's review of @year; ERR_NOTFOUND when none. */
int q_review_latest(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct review *out, struct err *e);

/** Every review (each version) of unit @unit_id, newest year and version first, at most @limit. */
int q_review_of_unit(struct db *db, struct arena *a, int64_t unit_id, int64_t limit, struct review **out, size_t *n,
		     struct err *e);

/** Every review among the units @viewer_id sees (0: all), newest first, a page of @limit from @offset. */
int q_review_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t limit, int64_t offset, struct review **out,
		  size_t *n, struct err *e);

/** A new draft (r->unit_id, year, version_no, based_on_id, contact, case_ref); *id_out gets its id. */
int q_review_insert(struct db *db, struct arena *a, const struct review *r, int64_t by, const char *now,
		    int64_t *id_out, struct err *e);

/** Set contact and case reference of draft @id at @version. */
int q_review_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *contact,
		    const char *case_ref, const char *now, struct err *e);

/** Approve draft @id at @version: by @by on @on under @case_ref. */
int q_review_approve(struct db *db, struct arena *a, int64_t id, int64_t version, const char *by, const char *on,
		     const char *case_ref, const char *now, struct err *e);

/** Step the version of draft @id (a change to its texts or priorities), ERR_CONFLICT when stale or approved. */
int q_review_touch(struct db *db, struct arena *a, int64_t id, int64_t version, const char *now, struct err *e);

int q_review_texts(struct db *db, struct arena *a, int64_t id, struct review_text **out, size_t *n, struct err *e);

/** Set the text of @section of review @id. */
int q_review_text_set(struct db *db, struct arena *a, int64_t id, const char *section, const char *body, struct err *e);

/** Copy texts and priorities (with the activities they became) of review @from into review @to. */
int q_review_copy(struct db *db, struct arena *a, int64_t to, int64_t from, struct err *e);

/** The priorities of review @id by year and position. */
int q_review_priorities(struct db *db, struct arena *a, int64_t id, struct review_priority **out, size_t *n,
			struct err *e);

/**
 * The priorities decided in approved reviews of unit @unit_id for years
 * before @year (the newest approved version of each year), for years up
 * to @year, with the status of the activities they became.
 */
int q_review_earlier_priorities(struct db *db, struct arena *a, int64_t unit_id, int64_t year,
				struct review_priority **out, size_t *n, struct err *e);

int q_review_priority_insert(struct db *db, struct arena *a, int64_t review_id, int64_t year, const char *text,
			     int64_t *id_out, struct err *e);

/** Remove priority @id of review @review_id (ERR_NOTFOUND when it is not one of its). */
int q_review_priority_delete(struct db *db, struct arena *a, int64_t review_id, int64_t id, struct err *e);

int q_review_priority_activity(struct db *db, struct arena *a, int64_t id, int64_t activity_id, struct err *e);

int q_review_priority_get(struct db *db, struct arena *a, int64_t id, struct review_priority *out, struct err *e);

/** A status an approved review froze. */
struct review_frozen_row {
	const char *kind; /* "action", "dpo", "ic" (a control point) or "audit" (a recommendation) */
	int64_t position;
	int64_t year;
	const char *text;
	const char *status;
	const char *comment;
	const char *label; /* ic: the control point's unit; audit: the audit; else "" */
};

int q_review_frozen_insert(struct db *db, struct arena *a, int64_t review_id, const struct review_frozen_row *r,
			   struct err *e);

/** The frozen rows of review @id, by kind and position. */
int q_review_frozen(struct db *db, struct arena *a, int64_t id, struct review_frozen_row **out, size_t *n,
		    struct err *e);

int q_dpo_get(struct db *db, struct arena *a, int64_t id, struct dpo_recommendation *out, struct err *e);

/** The recommendations of unit @unit_id from reports of years @from..@to, or of earlier years still open. */
int q_dpo_list(struct db *db, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
	       struct dpo_recommendation **out, size_t *n, struct err *e);

int q_dpo_insert(struct db *db, struct arena *a, const struct dpo_recommendation *r, int64_t by, const char *now,
		 int64_t *id_out, struct err *e);

/** Set report_year, text, followup and status of r->id at @version. */
int q_dpo_update(struct db *db, struct arena *a, const struct dpo_recommendation *r, int64_t version, const char *now,
		 struct err *e);

int q_dpo_activity(struct db *db, struct arena *a, int64_t id, int64_t activity_id, struct err *e);

#endif
