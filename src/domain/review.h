/*
 * review.h - the management review (ledningens genomgång) of a unit (an
 * administration) for a year, and the data protection officer's
 * recommendations it follows up.
 *
 * A review is drafted from data and written by people: its free-text
 * sections (Markdown, review_sections[]), its prioritised actions for the
 * review's year and the two after it, and the data the report reads live
 * (review_report.h): the status of the actions decided in earlier reviews
 * through the activities they became, the key figures now and a year ago,
 * the DPO's recommendations with their follow-up. Approval (fastställd) by
 * a named person on a date with a case reference freezes that version: the
 * statuses it showed are kept with it, its key figures are read at its
 * date from history, every priority becomes an activity of its year's
 * action plan, and nothing of it changes again. A new version starts as a
 * copy of the frozen one.
 *
 * Who may do what: anyone with a role on the unit reads; editors in scope
 * write drafts, approve them and start new versions.
 */
#ifndef TILLIT_DOMAIN_REVIEW_H
#define TILLIT_DOMAIN_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_review.h"

struct activity_target;
struct arena;
struct auth;
struct db;
struct err;
struct json;
struct scope;
struct unit;

#define REVIEW_YEAR_MIN 2000
#define REVIEW_YEAR_MAX 2098
/** Priorities are for the review's year and this many after it. */
#define REVIEW_PRIORITY_YEARS 3

/** A free-text section: its key, its number in the document and its heading's message id. */
struct review_section {
	const char *key;
	const char *number; /* "3.1"; "" for the background */
	const char *heading;
	const char *hint; /* what to write there (message id) */
};

#define REVIEW_SECTIONS 14
extern const struct review_section review_sections[REVIEW_SECTIONS];

/** The section named @key, or NULL. */
const struct review_section *review_section_find(const char *key);

int review_get(struct db *db, struct arena *a, int64_t id, struct review *out, struct err *e);

/** Scope function: review @id (kind "review"), in its unit. */
int review_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Scope function: recommendation @id (kind "dpo_recommendation"), in its unit. */
int dpo_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The newest version of unit @unit_id's review of @year; ERR_NOTFOUND naming year when none. */
int review_find(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct review *out, struct err *e);

/** The reviews among the units @auth sees, newest first. */
int review_list(struct db *db, struct arena *a, const struct auth *auth, int64_t limit, int64_t offset,
		struct review **out, size_t *n, struct err *e);

/** Every version of unit @unit_id's reviews, newest first. */
int review_versions(struct db *db, struct arena *a, int64_t unit_id, struct review **out, size_t *n, struct err *e);

/** The text of section @key of the texts @t (n of them); "" when absent. */
const char *review_text(const struct review_text *t, size_t n, const char *key);

/** What a person sets on a draft: the title page's contact and case reference, and any sections' texts. */
struct review_input {
	const char *contact;
	const char *case_ref;
	const char *texts[REVIEW_SECTIONS]; /* by index of review_sections; NULL leaves a text as it is */
};

/** The input that keeps @r as it is (texts NULL). */
struct review_input review_input_of(const struct review *r);

/**
 * Start the first draft of unit @u's review of @year. ERR_INVALID naming
 * year outside 2000-2098; ERR_EXISTS naming year when the unit has a
 * review of that year (open it, or start a new version from it).
 */
int review_create(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u, int64_t year,
		  const struct review_input *in, int64_t *id_out, struct err *e);

/**
 * Change draft @before at @version. An approved review is ERR_CONFLICT
 * naming status ("start a new version"); a stale version ERR_CONFLICT
 * naming version; a text too long ERR_INVALID naming its section.
 */
int review_update(struct db *db, struct arena *a, const struct auth *auth, const struct review *before, int64_t version,
		  const struct review_input *in, struct err *e);

/**
 * Add a prioritised action for @year (the review's year or one of the two
 * after it, else ERR_INVALID naming year) to draft @before at @version.
 */
int review_priority_add(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
			int64_t version, int64_t year, const char *text, int64_t *id_out, struct err *e);

/** Remove priority @priority_id of draft @before at @version (ERR_INVALID naming priority_id when not one of its). */
int review_priority_remove(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
			   int64_t version, int64_t priority_id, struct err *e);

/** The approval as given. */
struct review_approval {
	const char *approved_by; /* the person's name and title */
	const char *approved_on; /* YYYY-MM-DD */
	const char *case_ref;
};

/**
 * Approve draft @before at @version: ERR_INVALID naming approved_by,
 * approved_on or case_ref when one is missing or wrong (an approval date
 * in the future too); ERR_CONFLICT naming status when it is approved
 * already. Freezes the statuses it shows, and turns each priority without
 * one into an activity of its year's plan (area "Management review" in
 * @lang).
 */
int review_approve(struct db *db, struct arena *a, const struct auth *auth, enum lang lang, const struct review *before,
		   int64_t version, const struct review_approval *in, struct err *e);

/**
 * Start a new draft version from approved @before, a copy of its texts and
 * priorities. ERR_CONFLICT naming status when @before is a draft, naming
 * version_no when it is not the newest version. *id_out gets its id.
 */
int review_new_version(struct db *db, struct arena *a, const struct auth *auth, const struct review *before,
		       int64_t *id_out, struct err *e);

/**
 * The rows of the review's section @kind as they stand now: "ic", each
 * control point of the internal control plans of the year @r looks back on
 * (r->year - 1) in its subtree, with its unit (label), results reported
 * (status) and deviations with the open ones (comment); "audit", each open
 * recommendation addressed to a board of the subtree, with its audit
 * (label) and its measures planned, ongoing, done and overdue today
 * (status). Approval freezes them as they stand that day.
 */
int review_section_rows(struct db *db, struct arena *a, enum lang lang, const struct review *r, const char *kind,
			struct review_frozen_row **out, size_t *n, struct err *e);

/** The rows approved @r froze (struct review_frozen_row), by kind ("action", "audit", "dpo", "ic"), in order. */
int review_frozen_rows(struct db *db, struct arena *a, const struct review *r, struct review_frozen_row **out,
		       size_t *n, struct err *e);

/* --- the DPO's recommendations --- */

struct dpo_input {
	int64_t report_year;
	const char *text;
	const char *followup;
	const char *status; /* "open" or "done" */
};

/** The recommendations a review of @year of unit @unit_id follows up: of the two reports before it, and older open ones. */
int dpo_for_review(struct db *db, struct arena *a, int64_t unit_id, int64_t year, struct dpo_recommendation **out,
		   size_t *n, struct err *e);

int dpo_get(struct db *db, struct arena *a, int64_t id, struct dpo_recommendation *out, struct err *e);

/** Record a recommendation for unit @u: ERR_INVALID naming report_year, text, followup or status. */
int dpo_create(struct db *db, struct arena *a, const struct auth *auth, const struct unit *u,
	       const struct dpo_input *in, int64_t *id_out, struct err *e);

/** Change @before at @version, checked as in dpo_create(). */
int dpo_update(struct db *db, struct arena *a, const struct auth *auth, const struct dpo_recommendation *before,
	       int64_t version, const struct dpo_input *in, struct err *e);

/** Turn @before into an activity of this year's plan (ERR_EXISTS naming id when it is one already). */
int dpo_activity(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
		 const struct dpo_recommendation *before, int64_t *activity_id, struct err *e);

/* The activity-link readers of kinds "review_priority" and "dpo_recommendation". */
int review_priority_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out,
				    struct err *e);
int dpo_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

/** @r as JSON, with its texts and priorities when given. */
void review_json(struct json *j, const struct review *r, const struct review_text *t, size_t nt,
		 const struct review_priority *p, size_t np);

void dpo_json(struct json *j, const struct dpo_recommendation *d);

/** The status label message id of @s ("draft", "approved"; "open", "done"). */
const char *review_status_label(const char *s);

#endif
