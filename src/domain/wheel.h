/*
 * wheel.h - the annual wheel (årshjul): recurring activities of a unit,
 * their occurrences year by year, and the calendar feeds that show them in
 * Outlook and other calendars.
 *
 * A recurring activity has a rule: every year in a month, every quarter
 * (in its first, second or third month) or every month; on a day of the
 * month, or on the first..fifth or last weekday of it; all day, or at a
 * Swedish time of day. Making a year's occurrences writes one row per date
 * the rule gives that year, each with its own status and comment; doing it
 * again adds only the dates that are missing. An activity of an action
 * plan whose next step is "move to the annual wheel" becomes a recurring
 * activity in one step.
 *
 * A calendar feed (RFC 5545, written by io/ics.c) lists the occurrences of
 * a unit's subtree, or those a person is responsible for, from the start
 * of last year to the end of next year. Its address carries a secret of
 * the user's own (only its hash is stored): the feed shows what that user
 * may read, and the secret is rotated or revoked from the account page.
 *
 * Who may do what: everyone with a role in scope reads; administrators and
 * coordinators in scope change the wheel. Every change is versioned and
 * audited.
 */
#ifndef TILLIT_DOMAIN_WHEEL_H
#define TILLIT_DOMAIN_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "db/q_wheel.h"
#include "domain/authz.h"
#include "domain/listexport.h"

struct activity;
struct arena;
struct db;
struct err;
struct json;
struct task;

#define WHEEL_FREQ_COUNT 3
/** "yearly", "quarterly", "monthly" and their label message ids. */
extern const char *const wheel_freqs[WHEEL_FREQ_COUNT];
extern const char *const wheel_freq_labels[WHEEL_FREQ_COUNT];
/** Message ids of the months (January = [0]) and the weekdays (Monday = [0]). */
extern const char *const wheel_month_labels[12];
extern const char *const wheel_weekday_labels[7];
/** The choices of "which weekday": "1".."5" and "-1" (the last), and their labels. */
#define WHEEL_NTH_COUNT 6
extern const char *const wheel_nths[WHEEL_NTH_COUNT];
extern const char *const wheel_nth_labels[WHEEL_NTH_COUNT];

#define WHEEL_MAX_DATES 12 /* a rule gives at most one date a month */

/**
 * The dates ("YYYY-MM-DD") @rule gives in @year, in order, into @dates;
 * returns how many (0..12). The rule is assumed checked (wheel_check()).
 */
size_t wheel_dates(const struct wheel_item_input *rule, int64_t year, char dates[WHEEL_MAX_DATES][11]);

/**
 * Check a rule and its texts: ERR_INVALID naming unit_id, title,
 * description, freq, month, day (neither a day nor a weekday, or a day and
 * a weekday, or a rule that gives no date in any year, such as 30
 * February), nth, weekday or time_of_day.
 */
int wheel_check(const struct wheel_item_input *in, struct err *e);

/** "Every year in March, on the 15th", in @lang. In @a. */
const char *wheel_rule_text(struct arena *a, enum lang lang, const struct wheel_item *w);

int wheel_item_get(struct db *db, struct arena *a, int64_t id, struct wheel_item *out, struct err *e);

/** Scope function: the recurring activity @id (kind "wheel_item"), in its unit. */
int wheel_item_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** Scope function: the occurrence @id (kind "wheel_occurrence", record struct wheel_occurrence), in its item's unit. */
int wheel_occurrence_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** The recurring activities in units @viewer_id sees, in @unit_id's subtree (0: all), by title. */
int wheel_item_list(struct db *db, struct arena *a, int64_t viewer_id, int64_t unit_id, bool active_only, int64_t limit,
		    int64_t offset, struct wheel_item **out, size_t *n, int64_t *total, struct err *e);

/** The input that keeps @w as it is. */
struct wheel_item_input wheel_item_input_of(const struct wheel_item *w);

/**
 * Make a recurring activity as @auth, who must be an administrator or
 * coordinator in its unit (ERR_FORBIDDEN naming unit_id), checked by
 * wheel_check() and its responsible person holding a role on the unit or
 * above it (ERR_INVALID naming responsible_id). With @from (an activity of
 * an action plan, as the route's scope or the caller read it): its next
 * step becomes "wheel" in the same transaction; refused when it is decided
 * already (ERR_INVALID naming from_activity_id) or moved before
 * (ERR_EXISTS). *id_out gets its id.
 */
int wheel_item_create(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item_input *in,
		      const struct activity *from, int64_t *id_out, struct err *e);

/** Change @before as wheel_item_create() checks. ERR_CONFLICT on a stale @version, with *current set. */
int wheel_item_update(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item *before,
		      int64_t version, const struct wheel_item_input *in, struct wheel_item *current, struct err *e);

/**
 * Make the occurrences of @item for @year (2000..2100, else ERR_INVALID
 * naming year) that do not exist yet. *n_created gets how many.
 */
int wheel_generate(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_item *item, int64_t year,
		   size_t *n_created, struct err *e);

/** As wheel_generate() for every active recurring activity in the subtree of @unit_id, in one transaction. */
int wheel_generate_unit(struct db *db, struct arena *a, const struct auth *auth, int64_t unit_id, int64_t year,
			size_t *n_created, struct err *e);

/** A filter matching everything. */
void wheel_filter_init(struct wheel_filter *f);

/**
 * Fill @f from named arguments (the list page, the API, the exports):
 * unit_id, item_id, responsible_id (whole numbers), year (2000..2100) and
 * month (1..12) or from and to (YYYY-MM-DD), status, open and overdue
 * ("true"/"false"). ERR_INVALID naming the argument.
 */
int wheel_filter_parse(struct wheel_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
		       struct err *e);

/** The argument names wheel_filter_parse() reads, NULL-terminated. */
extern const char *const wheel_filter_args[];

/** A page of occurrences by date (overdue as of today unless f->today). Results live in @a. */
int wheel_occ_list(struct db *db, struct arena *a, const struct wheel_filter *f, struct wheel_occurrence **out,
		   size_t *n, int64_t *total, struct err *e);

/** Is @o overdue on @today (its date passed, not done)? */
bool wheel_occ_overdue(const struct wheel_occurrence *o, const char *today);

/**
 * Set the status and comment of @before (as read by the route's scope).
 * ERR_INVALID naming status or comment; ERR_CONFLICT on a stale @version,
 * with *current set.
 */
int wheel_occ_update(struct db *db, struct arena *a, const struct auth *auth, const struct wheel_occurrence *before,
		     int64_t version, const char *status, const char *comment, struct wheel_occurrence *current,
		     struct err *e);

/** Every occurrence @f matches (at most 10,000) as a file, as activity_export() does. */
int wheel_export(struct db *db, struct arena *a, const struct wheel_filter *f, enum lang lang,
		 enum export_format format, const char **data, size_t *len, const char **mime, struct err *e);

/** "arshjul-YYYY-MM-DD.@ext". In @a. */
const char *wheel_export_filename(struct arena *a, enum export_format format);

/** The task source of the wheel (domain/tasks.h): occurrences @auth is responsible for, due within 30 days or overdue. */
int wheel_tasks(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
		struct task **out, size_t *n, struct err *e);

void wheel_item_json(struct json *j, const struct wheel_item *w);
void wheel_occ_json(struct json *j, const struct wheel_occurrence *o, const char *today);

/* --- calendar feeds --- */

/**
 * Make (or replace: rotate) @auth's calendar secret. *clear gets it, shown
 * once; only its hash is kept. Audited without the secret.
 */
int calendar_key_create(struct db *db, struct arena *a, const struct auth *auth, const char **clear, struct err *e);

/** Revoke @auth's calendar secret (nothing when there is none). */
int calendar_key_revoke(struct db *db, struct arena *a, const struct auth *auth, struct err *e);

/** The start of @user_id's secret and when it was made; ERR_NOTFOUND when they have none. */
int calendar_key_info(struct db *db, struct arena *a, int64_t user_id, const char **prefix, const char **created_at,
		      struct err *e);

/** The user whose secret @key is, with their roles; ERR_NOTFOUND for an unknown key or an inactive user. */
int calendar_key_auth(struct db *db, struct arena *a, const char *key, struct auth *out, struct err *e);

/**
 * The calendar feed @viewer may see: the occurrences of unit @unit_id's
 * subtree (ERR_NOTFOUND when @viewer has no role there), or with
 * @unit_id 0 those @viewer is responsible for; from the start of last year
 * to the end of next year. iCalendar text in @a.
 */
int wheel_feed(struct db *db, struct arena *a, const struct auth *viewer, int64_t unit_id, enum lang lang,
	       const char **ics, size_t *len, struct err *e);

#endif
