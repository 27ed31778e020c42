/*
 * incident.h - incidents and personal-data breaches (incidenter,
 * personuppgiftsincidenter): reports, triage, the incident record, its
 * notification duties with their statutory clocks, what was filed when,
 * the log of decisions, affected assets and follow-up actions (activities
 * of the action plans).
 *
 * A report lands in triage: from any signed-in user (incident_report()) or
 * from the organisation's public form (incident_report_public(), off by
 * default, throttled per address). A coordinator, an administrator or a
 * data protection officer in scope (ACCESS_HANDLE) makes it an incident of
 * one or more kinds, or closes it with a reason (incident_triage()). A
 * personal-data breach gets two duties: IMY (GDPR Art. 33) and the data
 * subjects (Art. 34); a significant incident under the cybersecurity act
 * gets the CSIRT duty with its three stages (NIS2 Art. 23(4)); a user may
 * add any other recipient. Each duty keeps its own decision (does it
 * apply, and why), the authority's case reference and its filings; its
 * clocks run from the awareness time (deadline.h) and stop when the step
 * is filed or the duty is decided not to apply.
 *
 * Every write is one transaction with its audit entry; every decision is
 * appended to the incident's log, which is never changed. Editable records
 * carry a version: a stale one is ERR_CONFLICT with the stored record.
 * The record structs are in db/q_incident.h.
 */
#ifndef TILLIT_DOMAIN_INCIDENT_H
#define TILLIT_DOMAIN_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/i18n.h"
#include "db/q_incident.h"
#include "domain/authz.h"
#include "domain/deadline.h"

struct activity;
struct activity_target;
struct arena;
struct asset;
struct buf;
struct db;
struct err;
struct json;
struct unit;

/* --- words ---------------------------------------------------------------- */

#define INCIDENT_KIND_COUNT 4
/** "security", "breach", "it", "significant" (the order of the kind_* flags) and their labels. */
extern const char *const incident_kinds[INCIDENT_KIND_COUNT];
extern const char *const incident_kind_labels[INCIDENT_KIND_COUNT];

#define INCIDENT_STATUS_COUNT 4
/** "reported", "investigating", "resolved", "closed", in the order they follow each other. */
extern const char *const incident_statuses[INCIDENT_STATUS_COUNT];
extern const char *const incident_status_labels[INCIDENT_STATUS_COUNT];

#define INCIDENT_STATE_COUNT 3
/** "triage", "incident", "dismissed". */
extern const char *const incident_states[INCIDENT_STATE_COUNT];
extern const char *const incident_state_labels[INCIDENT_STATE_COUNT];

#define INCIDENT_SEVERITY_COUNT 5
/** "", "low", "medium", "high", "critical". */
extern const char *const incident_severities[INCIDENT_SEVERITY_COUNT];
extern const char *const incident_severity_labels[INCIDENT_SEVERITY_COUNT];

#define INCIDENT_REGIME_COUNT 4
/** "gdpr33", "gdpr34", "csirt", "other". */
extern const char *const incident_regimes[INCIDENT_REGIME_COUNT];
extern const char *const incident_regime_labels[INCIDENT_REGIME_COUNT];

#define INCIDENT_STAGE_COUNT 8
/** "initial", "supplement", "final", "early_warning", "notification", "intermediate", "progress", "communication". */
extern const char *const incident_stages[INCIDENT_STAGE_COUNT];
extern const char *const incident_stage_labels[INCIDENT_STAGE_COUNT];

/** Index of @s in @table of @n words, or -1. */
int incident_enum(const char *const *table, size_t n, const char *s);

/** The label (message id) of @s in @table, or "" when it is not one of them. */
const char *incident_label(const char *const *table, const char *const *labels, size_t n, const char *s);

/** The four kind flags of @inc as an array in the order of incident_kinds. */
void incident_kind_flags(const struct incident *inc, bool out[INCIDENT_KIND_COUNT]);

/** The name of a category in @lang: a built-in one's translated, a renamed or added one's as written. */
const char *incident_category_name(enum lang lang, const char *name, bool builtin);

/** The stages a duty of @regime records, NULL-terminated. */
const char *const *incident_regime_stages(const char *regime);

/** The label of a log entry's code ("promoted", "status:closed", ...) in @lang, in @a. */
const char *incident_decision_label(struct arena *a, enum lang lang, const struct incident_decision *d,
				    const struct incident_notification *duties, size_t n_duties);

/* --- times as people enter them ------------------------------------------- */

/**
 * A time entered on a form in Swedish local time ("YYYY-MM-DDTHH:MM") as
 * UTC in *iso (NULL when @local is empty). @fold says which of two equal
 * times on the night the clocks go back is meant: "+02:00" (summer time,
 * the first) or "+01:00" (winter time, the second); empty asks.
 * ERR_INVALID naming @field when the text is not a time, the time does not
 * occur (the night the clocks go forward) or occurs twice and @fold does
 * not say which. Result lives in @a.
 */
int incident_time_local(struct arena *a, const char *field, const char *local, const char *fold, const char **iso,
			struct err *e);

/** An RFC 3339 time with its offset ("2026-10-25T02:30:00+02:00") as UTC in *iso; NULL/empty gives NULL. */
int incident_time_rfc3339(struct arena *a, const char *field, const char *s, const char **iso, struct err *e);

/* --- reading -------------------------------------------------------------- */

int incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out, struct err *e);

/** Scope function: the incident @id (kind "incident", record struct incident) in its unit. */
int incident_scope(struct db *db, struct arena *a, int64_t id, struct scope *s, struct err *e);

/** A filter that matches everything, newest report first. */
void incident_filter_init(struct incident_filter *f);

/**
 * Fill @f (after incident_filter_init()) from named arguments, so the list
 * page, the API, the exports and the statistics share one vocabulary:
 * unit_id, asset_id, kind (security, breach, it, significant), status,
 * state (triage, incident, dismissed), clock_missed ("true"), from and to
 * (YYYY-MM-DD, Swedish dates of awareness), q, sort (created, aware, due,
 * title) and order (asc, desc). ERR_INVALID naming the argument.
 */
int incident_filter_parse(struct incident_filter *f, const char *(*get)(void *ctx, const char *name), void *ctx,
			  struct err *e);

/** The argument names incident_filter_parse() reads, NULL-terminated. */
extern const char *const incident_filter_args[];

/** A page of incidents and the total matching (the clock test at the current time). Results live in @a. */
int incident_list(struct db *db, struct arena *a, const struct incident_filter *f, struct incident **out, size_t *n,
		  int64_t *total, struct err *e);

/** The input that keeps @inc as it is: the start of an edit form or of a PATCH. */
struct incident_input incident_input_of(const struct incident *inc);

/* --- reporting -------------------------------------------------------------- */

/** What a signed-in user reports. */
struct incident_report {
	int64_t unit_id;           /* where it happened; 0 only for someone with no role */
	const char *title;         /* what happened, in a line */
	const char *description;   /* in the reporter's words */
	const char *occurred_at;   /* UTC or NULL */
	const char *discovered_at; /* UTC or NULL */
	const char *contact;       /* how to reach the reporter, optional */
};

/**
 * Report an event as @auth: it lands in triage. The unit must be one
 * @auth has a role on (ERR_INVALID naming unit_id otherwise, as if it did
 * not exist); someone with no role reports without a unit. *id_out and
 * *receipt get the report's id and receipt number (in @a).
 */
int incident_report(struct db *db, struct arena *a, const struct auth *auth, const struct incident_report *in,
		    int64_t *id_out, const char **receipt, struct err *e);

/** What the public form takes: free text and contact details, nothing else. */
struct incident_public_report {
	const char *description;
	const char *name;
	const char *email;
	const char *phone;
};

#define INCIDENT_PUBLIC_PER_HOUR 5

/**
 * A report through the public form of organisation @org_id from the
 * address @addr: ERR_NOTFOUND when the organisation does not exist or has
 * not turned the form on, ERR_THROTTLED (argument: seconds to wait) past
 * INCIDENT_PUBLIC_PER_HOUR reports from one address in an hour,
 * ERR_INVALID naming the field for text too long or an e-mail address
 * that is not one. It lands in the organisation's triage and nowhere
 * else. *receipt gets the receipt number (in @a).
 */
int incident_report_public(struct db *db, struct arena *a, int64_t org_id, const char *addr,
			   const struct incident_public_report *in, const char **receipt, struct err *e);

/* --- triage and changes ----------------------------------------------------- */

/**
 * Decide a report in triage (@before as the route's scope read it):
 * @decision "incident" makes it an incident of the kinds in @kinds (at
 * least one: ERR_INVALID naming "kinds") and creates the duties they
 * bring; "dismiss" closes it, which needs a @reason (ERR_INVALID naming
 * "reason"). Both are appended to the log. ERR_INVALID naming "decision"
 * when it is neither or the report was already decided; ERR_CONFLICT on a
 * stale @version (with *current).
 */
int incident_triage(struct db *db, struct arena *a, const struct auth *auth, const struct incident *before,
		    int64_t version, const char *decision, const bool kinds[INCIDENT_KIND_COUNT], const char *reason,
		    struct incident *current, struct err *e);

/**
 * Change @before to @in. Checks every field, naming it: the times
 * (awareness, discovery and end not before occurrence), the unit (the
 * right to handle incidents there too), the category, severity, status
 * (moving back needs @status_reason: ERR_INVALID naming "status_reason").
 * A kind newly set brings its duties; a changed status or kind is logged.
 * ERR_CONFLICT on a stale @version, with *current.
 */
int incident_update(struct db *db, struct arena *a, const struct auth *auth, const struct incident *before,
		    int64_t version, const struct incident_input *in, const char *status_reason,
		    struct incident *current, struct err *e);

/** Append a decision with its reason to the log of @inc ("note"). ERR_INVALID naming "reason" when empty. */
int incident_decision_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			  const char *reason, struct err *e);

/** The log of @id, oldest first. */
int incident_decisions(struct db *db, struct arena *a, int64_t id, struct incident_decision **out, size_t *n,
		       struct err *e);

/* --- affected assets -------------------------------------------------------- */

/**
 * Record that @inc affects asset @asset_id, which @auth must see (else
 * ERR_INVALID naming "asset_id", as if it did not exist); ERR_EXISTS when
 * it is already recorded.
 */
int incident_asset_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
		       int64_t asset_id, struct err *e);

/** Remove asset @asset_id from @inc. ERR_NOTFOUND naming "asset_id" when it was not recorded. */
int incident_asset_remove(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			  int64_t asset_id, struct err *e);

/** The assets @id affects, as the asset register holds them now. Results live in @a. */
int incident_assets(struct db *db, struct arena *a, int64_t id, struct asset **out, size_t *n, struct err *e);

/**
 * Is any of @assets classified as needing enhanced protection (utökat
 * skydd): level 2 (significant) or higher in any aspect of its current
 * classification? Only those @auth sees count (NULL: all).
 */
bool incident_enhanced_protection(const struct auth *auth, const struct asset *assets, size_t n);

/* --- notification duties and their clocks ----------------------------------- */

#define INCIDENT_MAX_CLOCKS 3

/** One statutory clock of a duty. */
struct incident_clock {
	const char *stage; /* the step that stops it: "initial", "communication", "early_warning", ... */
	const char *label; /* message id: "Notification to IMY", "Early warning", ... */
	const char *rule;  /* message id: the rule and its source */
	time_t due;        /* 0: no fixed deadline */
	time_t done;       /* when the step was filed; 0: not yet */
	enum clock_state state;
};

/** A duty with its filings and clocks. */
struct incident_duty {
	struct incident_notification n;
	struct incident_filing *filings; /* oldest first */
	size_t n_filings;
	struct incident_clock clocks[INCIDENT_MAX_CLOCKS];
	size_t n_clocks;
	time_t supplements_until; /* IMY: the end of the four weeks for supplements after the first report; 0: none */
};

/**
 * The clocks of duty @d of @inc at @now, from its decision and filings
 * (already in @d). Pure: the rules of deadline.h applied to the record.
 */
void incident_duty_clocks(const struct incident *inc, struct incident_duty *d, time_t now);

/** The duties of @inc with their filings and clocks at @now. Results live in @a. */
int incident_duties(struct db *db, struct arena *a, const struct incident *inc, time_t now, struct incident_duty **out,
		    size_t *n, struct err *e);

/** The earliest deadline of a clock still running or missed among @duties; 0 when none. */
time_t incident_next_due(const struct incident_duty *duties, size_t n);

/**
 * Add a duty to another recipient (@recipient required, @due_at UTC or
 * NULL) to @inc. *id_out gets its id.
 */
int incident_duty_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
		      const char *recipient, const char *due_at, int64_t *id_out, struct err *e);

/**
 * Decide duty @duty_id of @inc: whether it applies ("yes", "no" needing a
 * reason, "pending"), the authority's case reference, the reasons for a
 * late notification, and for another recipient its name and due time.
 * A changed decision is logged. ERR_NOTFOUND when the duty is not the
 * incident's; ERR_CONFLICT on a stale @version (with *current).
 */
int incident_duty_decide(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			 int64_t duty_id, int64_t version, const struct incident_notification_input *in,
			 struct incident_notification *current, struct err *e);

/** A filing to record. */
struct incident_filing_input {
	const char *stage;
	const char *filed_at; /* UTC */
	const char *reference;
	const char *note;
	const char *delay_reason; /* IMY: why the notification is later than 72 hours */
};

/**
 * Record that step @in->stage of duty @duty_id was filed. ERR_INVALID
 * naming the field: a stage the duty does not have, one recorded already,
 * a supplement or final report before the first one, a time before the
 * awareness or in the future, a duty decided not to apply, and a first
 * notification to IMY later than 72 hours after awareness without the
 * reasons for the delay (GDPR Art. 33(1)). A pending duty becomes one that
 * applies. *id_out gets the filing's id.
 */
int incident_filing_add(struct db *db, struct arena *a, const struct auth *auth, const struct incident *inc,
			int64_t duty_id, const struct incident_filing_input *in, int64_t *id_out, struct err *e);

/* --- follow-up actions: activities of the action plans ---------------------- */

/**
 * Make a follow-up action of @inc: an activity of this year's action plan
 * of the incident's unit (made when missing), in the area "Incidents" in
 * @lang (made when missing), not started, linked to the incident (link
 * kind "incident"). @title is required; @purpose, @responsible_id (someone
 * with a role on the unit or above it) and @due_date are optional; checked
 * as activities are (ERR_INVALID naming title, purpose, responsible_id or
 * due_date). ERR_INVALID naming unit_id when the incident has no unit.
 * Whoever may handle the incident may add it. *id_out gets its id.
 */
int incident_activity_create(struct db *db, struct arena *a, const struct auth *auth, enum lang lang,
			     const struct incident *inc, const char *title, const char *purpose, int64_t responsible_id,
			     const char *due_date, int64_t *id_out, struct err *e);

/**
 * The follow-up activities of incident @id in the plans @auth sees, in plan
 * order (year, area, position), as the action plans hold them now. Results
 * live in @a.
 */
int incident_activities(struct db *db, struct arena *a, const struct auth *auth, int64_t id, struct activity **out,
			size_t *n, struct err *e);

/**
 * What an activity's link of kind "incident" addresses (activity_link_kinds[]):
 * the incident's reference and title, and its unit; one without a unit is
 * seen by installation-wide roles only. ERR_NOTFOUND when there is none.
 */
int incident_activity_target(struct db *db, struct arena *a, int64_t id, struct activity_target *out, struct err *e);

/* --- the category taxonomy -------------------------------------------------- */

int incident_categories(struct db *db, struct arena *a, bool all, struct incident_category **out, size_t *n,
			struct err *e);

/** Add a category at the end (installation-wide administrators only: the route's rule). */
int incident_category_create(struct db *db, struct arena *a, const struct auth *auth, const char *name, int64_t *id_out,
			     struct err *e);

/** Rename (@name NULL keeps it) and (de)activate category @id. ERR_CONFLICT on a stale version, with *current. */
int incident_category_update(struct db *db, struct arena *a, const struct auth *auth, int64_t id, int64_t version,
			     const char *name, bool active, struct incident_category *current, struct err *e);

/* --- settings of an organisation -------------------------------------------- */

/** The settings of organisation @org_id (defaults when none were saved). ERR_NOTFOUND when there is no such unit. */
int incident_settings_get(struct db *db, struct arena *a, int64_t org_id, struct incident_settings *out, struct err *e);

/**
 * Save the settings of @org (an organisation: ERR_INVALID naming "id"
 * otherwise): the public form on or off, the controller's name, the
 * organisation number and the contact point. ERR_CONFLICT on a stale
 * @version (0 before the first save), with *current.
 */
int incident_settings_save(struct db *db, struct arena *a, const struct auth *auth, const struct unit *org,
			   int64_t version, const struct incident_settings *in, struct incident_settings *current,
			   struct err *e);

/* --- statistics ------------------------------------------------------------- */

struct incident_quarter {
	const char *label; /* "2026 Q1", as the API names it */
	int year, quarter; /* 2026, 1 */
	int64_t n;
};

/** Time from awareness to the first filing: within 24 hours, within 72 hours, later. */
#define INCIDENT_LAG_BUCKETS 3

struct incident_stats {
	struct incident_quarter *quarters; /* every quarter from the first to the last with an incident */
	size_t n_quarters;
	int64_t kinds[INCIDENT_KIND_COUNT];
	struct incident_count *units; /* most first, at most 15 */
	size_t n_units;
	int64_t lag_imy[INCIDENT_LAG_BUCKETS];   /* first notifications to IMY */
	int64_t lag_csirt[INCIDENT_LAG_BUCKETS]; /* early warnings to the CSIRT */
	int64_t total;
};

/** Statistics of the incidents (state incident) @f matches. Results live in @a. */
int incident_stats(struct db *db, struct arena *a, const struct incident_filter *f, struct incident_stats *out,
		   struct err *e);

/* --- exports ---------------------------------------------------------------- */

#define INCIDENT_EXPORT_MAX 10000

/** Every incident @f matches (limit and offset ignored), at most INCIDENT_EXPORT_MAX. */
int incident_export_list(struct db *db, struct arena *a, const struct incident_filter *f, struct incident **out,
			 size_t *n, int64_t *total, struct err *e);

/** The incidents as CSV for Excel (io/csvwrite.h), headers and labels in @lang, times in Swedish time. */
void incident_export_csv(struct buf *b, const struct incident *items, size_t n, enum lang lang);

/** {"items":[incident_json...],"total":@total}. */
void incident_export_json(struct buf *b, const struct incident *items, size_t n, int64_t total);

/** The incidents as an XLSX workbook in memory (*data in @a). */
int incident_export_xlsx(struct arena *a, const struct incident *items, size_t n, enum lang lang, const char **data,
			 size_t *len, struct err *e);

/** "incidenter-YYYY-MM-DD.@ext" for today. Result lives in @a. */
const char *incident_export_filename(struct arena *a, const char *ext);

/* --- JSON ------------------------------------------------------------------- */

void incident_json(struct json *j, const struct incident *inc);
/** The members of incident_json() without the braces, for an answer that adds its own. */
void incident_json_fields(struct json *j, const struct incident *inc);
const char *incident_json_text(struct arena *a, const struct incident *inc);
/** A duty with its clocks (due times in UTC) and filings. */
void incident_duty_json(struct json *j, const struct incident_duty *d);
void incident_decision_json(struct json *j, const struct incident_decision *d);
void incident_category_json(struct json *j, const struct incident_category *c);
void incident_settings_json(struct json *j, const struct incident_settings *s);

/** "INC-123": the incident's own reference, in @a. */
const char *incident_ref(struct arena *a, int64_t id);

#endif
