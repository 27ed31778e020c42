/*
 * q_incident.h - the stored shape of incidents, their notification duties,
 * filings, decisions and affected assets, the category taxonomy and the
 * organisations' incident settings, and the typed queries that read and
 * write them (SQL text in q_incident.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/incident.c never sees SQL, placeholders or column numbers.
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND and a stale version
 * ERR_CONFLICT, both without a message (the domain words them), other
 * failures ERR_DB with @e filled. Times are UTC "YYYY-MM-DDTHH:MM:SSZ".
 */
#ifndef TILLIT_DB_Q_INCIDENT_H
#define TILLIT_DB_Q_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct incident {
	int64_t id;
	int64_t unit_id; /* 0: no unit (seen by installation-wide roles only) */
	const char *unit_name;
	const char *unit_path;
	const char *state;  /* "triage", "incident", "dismissed" */
	const char *status; /* "reported", "investigating", "resolved", "closed" */
	bool kind_security, kind_breach, kind_it, kind_significant;
	int64_t category_id; /* 0: none */
	const char *category_name;
	bool category_builtin; /* the name is a message id */
	const char *title;
	const char *description;
	const char *occurred_at, *discovered_at, *aware_at, *ended_at; /* NULL when not known */
	const char *severity;                                          /* "", "low", "medium", "high", "critical" */
	bool aspect_c, aspect_i, aspect_a, aspect_t;
	const char *subject_categories;
	int64_t subjects_approx; /* -1: not known */
	int64_t records_approx;  /* -1: not known */
	const char *data_kinds;
	const char *consequences;
	const char *measures;
	const char *cause;
	bool malicious, cross_border;
	const char *indicators;
	const char *secrecy;
	const char *lessons;
	const char *source; /* "user" or "public" */
	int64_t reporter_id;
	const char *reporter_name; /* as reported, or the reporter's display name */
	const char *reporter_contact;
	const char *receipt;
	const char *next_due; /* the earliest deadline of a running clock, or NULL */
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on an incident. Strings may be NULL (empty); times are UTC ISO or NULL. */
struct incident_input {
	int64_t unit_id;
	bool kind_security, kind_breach, kind_it, kind_significant;
	int64_t category_id;
	const char *title;
	const char *description;
	const char *occurred_at, *discovered_at, *aware_at, *ended_at;
	const char *severity;
	bool aspect_c, aspect_i, aspect_a, aspect_t;
	const char *subject_categories;
	int64_t subjects_approx, records_approx; /* -1: not known */
	const char *data_kinds;
	const char *consequences;
	const char *measures;
	const char *cause;
	bool malicious, cross_border;
	const char *indicators;
	const char *secrecy;
	const char *lessons;
	const char *status;
};

enum incident_sort { INCIDENT_SORT_CREATED, INCIDENT_SORT_AWARE, INCIDENT_SORT_DUE, INCIDENT_SORT_TITLE };

struct incident_filter {
	int64_t viewer_id;   /* only incidents in units this user sees; 0 = all */
	int64_t reporter_id; /* only those this user reported; 0 = any */
	int64_t unit_id;     /* only this unit's subtree; 0 = all */
	int64_t asset_id;    /* only those affecting this asset; 0 = any */
	const char *kind;    /* "security", "breach", "it", "significant"; NULL = any */
	const char *status;  /* NULL = any */
	const char *state;   /* NULL = any */
	bool clock_missed;   /* a statutory clock ran out and is still running */
	const char *from;    /* "YYYY-MM-DD": aware (or reported) on or after this Swedish date; NULL = any */
	const char *to;      /* "YYYY-MM-DD": ... on or before this Swedish date; NULL = any */
	const char *q;       /* title or description contains */
	enum incident_sort sort;
	bool desc;
	int64_t limit; /* 1..10000, default 50 */
	int64_t offset;
};

struct incident_notification {
	int64_t id;
	int64_t incident_id;
	const char *regime; /* "gdpr33", "gdpr34", "csirt", "other" */
	const char *recipient;
	const char *due_at;   /* "other" only, or NULL */
	const char *decision; /* "pending", "yes", "no" */
	const char *reason;
	int64_t decided_by;
	const char *decided_by_name;
	const char *decided_at;
	const char *case_ref;
	const char *delay_reason;
	int64_t version;
	const char *created_at;
	const char *updated_at;
};

/** What a person decides about a notification duty. */
struct incident_notification_input {
	const char *decision; /* "pending", "yes", "no" */
	const char *reason;
	const char *case_ref;
	const char *delay_reason;
	const char *recipient; /* "other" only */
	const char *due_at;    /* "other" only: UTC ISO or NULL */
};

struct incident_filing {
	int64_t id;
	int64_t notification_id;
	const char *stage;
	const char *filed_at;
	const char *reference;
	const char *note;
	int64_t recorded_by;
	const char *recorded_by_name;
	const char *recorded_at;
};

struct incident_decision {
	int64_t id;
	int64_t incident_id;
	int64_t notification_id; /* 0: about the incident itself */
	const char *what; /* a code: "reported", "promoted", "dismissed", "status", "notification", "note", ... */
	const char *reason;
	int64_t decided_by;
	const char *decided_by_name;
	const char *decided_at;
};

struct incident_category {
	int64_t id;
	int64_t position;
	const char *name;
	bool builtin;
	bool active;
	int64_t version;
	const char *updated_at;
};

struct incident_settings {
	int64_t org_id;
	const char *org_name;
	bool stored; /* a row exists (otherwise the defaults) */
	bool public_intake;
	const char *controller;
	const char *org_number;
	const char *contact;
	int64_t version; /* 0 before the first save */
	const char *updated_at;
};

/** One count of the statistics: a key (a month "YYYY-MM", a unit's name) and how many. */
struct incident_count {
	int64_t id; /* the unit's id for counts per unit, else 0 */
	const char *key;
	int64_t n;
};

/** A first filing and the awareness it followed, for the time to notify. */
struct incident_lag {
	const char *regime;
	const char *aware_at;
	const char *filed_at;
};

/* --- incidents --- */

/** One incident by id, with its unit and category. ERR_NOTFOUND when absent. */
int q_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out, struct err *e);

/**
 * A page of the incidents @f matches in @f's order, and (when @total is not
 * NULL) how many match in all. @subtree is the path of f->unit_id (NULL
 * for none); @from and @to the UTC instants the period runs from
 * (inclusive) and to (exclusive), NULL for open ends; @now the time the
 * "clock missed" filter compares with.
 */
int q_incident_list(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
		    const char *from, const char *to, const char *now, struct incident **out, size_t *n, int64_t *total,
		    struct err *e);

/**
 * Insert a report: @in's unit, title, description, times (occurred,
 * discovered), the reporter (@reporter_id 0 for the public form, then
 * @reporter_name and @contact as given), @source and @receipt; state
 * triage, status reported, version 1, at @now.
 */
int q_incident_insert(struct db *db, struct arena *a, const struct incident_input *in, const char *source,
		      int64_t reporter_id, const char *reporter_name, const char *contact, const char *receipt,
		      const char *now, int64_t *id_out, struct err *e);

/** Change incident @id at @version to @in (every field of struct incident_input). ERR_CONFLICT when stale. */
int q_incident_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct incident_input *in,
		      const char *now, struct err *e);

/** Set state, status and the four kinds of @id at @version (triage). ERR_CONFLICT when stale. */
int q_incident_triage(struct db *db, struct arena *a, int64_t id, int64_t version, const char *state,
		      const char *status, const bool kinds[4], const char *now, struct err *e);

/** Set the earliest running deadline of @id (NULL: none). Does not change the version. */
int q_incident_set_due(struct db *db, struct arena *a, int64_t id, const char *next_due, struct err *e);

/** Is @receipt already used? */
int q_incident_receipt_taken(struct db *db, struct arena *a, const char *receipt, bool *taken, struct err *e);

/* --- affected assets --- */

/** The ids of the assets incident @id affects, in the order they were added. *ids lives in @a. */
int q_incident_asset_ids(struct db *db, struct arena *a, int64_t id, int64_t **ids, size_t *n, struct err *e);

/** Record that incident @id affects asset @asset_id. ERR_EXISTS when it already does. */
int q_incident_asset_insert(struct db *db, struct arena *a, int64_t id, int64_t asset_id, int64_t by, const char *now,
			    struct err *e);

/** Remove asset @asset_id from incident @id. ERR_NOTFOUND when it was not there. */
int q_incident_asset_delete(struct db *db, struct arena *a, int64_t id, int64_t asset_id, struct err *e);

/* --- notification duties and filings --- */

/** The duties of incident @id, by regime (gdpr33, gdpr34, csirt, other) then id. */
int q_incident_notifications(struct db *db, struct arena *a, int64_t id, struct incident_notification **out, size_t *n,
			     struct err *e);

/** Insert a duty of @regime for incident @id. */
int q_incident_notification_insert(struct db *db, struct arena *a, int64_t id, const char *regime,
				   const char *recipient, const char *due_at, const char *now, int64_t *id_out,
				   struct err *e);

/** Change duty @id at @version to @in, decided by @by at @decided_at. ERR_CONFLICT when stale. */
int q_incident_notification_update(struct db *db, struct arena *a, int64_t id, int64_t version,
				   const struct incident_notification_input *in, int64_t by, const char *decided_at,
				   const char *now, struct err *e);

/** Every filing of the duties of incident @id, by duty then filing time. */
int q_incident_filings(struct db *db, struct arena *a, int64_t id, struct incident_filing **out, size_t *n,
		       struct err *e);

/** Append a filing. */
int q_incident_filing_insert(struct db *db, struct arena *a, const struct incident_filing *f, int64_t *id_out,
			     struct err *e);

/* --- decisions --- */

/** The log of incident @id, oldest first. */
int q_incident_decisions(struct db *db, struct arena *a, int64_t id, struct incident_decision **out, size_t *n,
			 struct err *e);

/** Append an entry to the log. */
int q_incident_decision_insert(struct db *db, struct arena *a, const struct incident_decision *d, int64_t *id_out,
			       struct err *e);

/* --- categories --- */

/** The taxonomy by position; only active ones unless @all. */
int q_incident_categories(struct db *db, struct arena *a, bool all, struct incident_category **out, size_t *n,
			  struct err *e);

/** One category. ERR_NOTFOUND when absent. */
int q_incident_category_get(struct db *db, struct arena *a, int64_t id, struct incident_category *out, struct err *e);

/** Append a category at the end of the list. */
int q_incident_category_insert(struct db *db, struct arena *a, const char *name, const char *now, int64_t *id_out,
			       struct err *e);

/** Rename (no longer builtin when @rename) and (de)activate category @id at @version. ERR_CONFLICT when stale. */
int q_incident_category_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *name,
			       bool rename, bool active, const char *now, struct err *e);

/* --- settings --- */

/** The settings of organisation @org_id (defaults with stored = false when none were saved). */
int q_incident_settings_get(struct db *db, struct arena *a, int64_t org_id, struct incident_settings *out,
			    struct err *e);

/** Store @s for s->org_id: insert at version 1 when @version is 0, else update at @version (ERR_CONFLICT when stale). */
int q_incident_settings_put(struct db *db, struct arena *a, const struct incident_settings *s, int64_t version,
			    const char *now, struct err *e);

/* --- the public form's throttle --- */

/**
 * Count one report from address key @addr: a window starting at @now when
 * the last one started before @window_start, else one more in it. *n gets
 * the count in the window, this report included.
 */
int q_incident_intake_count(struct db *db, struct arena *a, const char *addr, const char *now, const char *window_start,
			    int64_t *n, struct err *e);

/* --- statistics (state incident, in @f's scope, unit subtree and period) --- */

/** How many per month of awareness (UTC month "YYYY-MM"), oldest first. */
int q_incident_stats_months(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			    const char *from, const char *to, struct incident_count **out, size_t *n, struct err *e);

/** How many of each kind: four counts (security, breach, it, significant). */
int q_incident_stats_kinds(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			   const char *from, const char *to, int64_t counts[4], struct err *e);

/** How many per unit, most first, at most @limit units. */
int q_incident_stats_units(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			   const char *from, const char *to, int64_t limit, struct incident_count **out, size_t *n,
			   struct err *e);

/** The first filing of each IMY and CSIRT duty (initial, early warning) with its incident's awareness. */
int q_incident_stats_lags(struct db *db, struct arena *a, const struct incident_filter *f, const char *subtree,
			  const char *from, const char *to, struct incident_lag **out, size_t *n, struct err *e);

#endif
