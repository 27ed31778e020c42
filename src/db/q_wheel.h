/*
 * q_wheel.h - the stored shape of the annual wheel (årshjul): recurring
 * activities, their occurrences, and the per-user secret of the calendar
 * feeds; the typed queries that read and write them (SQL in q_wheel.c).
 *
 * Results live in the arena given. Functions return 0 or a negative
 * err_code; a missing row is ERR_NOTFOUND and a stale version
 * ERR_CONFLICT, both without a message (the domain words them), other
 * failures ERR_DB with @e filled.
 */
#ifndef TILLIT_DB_Q_WHEEL_H
#define TILLIT_DB_Q_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

/** A recurring activity and its rule (see migration 0031). */
struct wheel_item {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *title;
	const char *description;
	const char *freq;        /* "yearly", "quarterly", "monthly" */
	int64_t month;           /* yearly: 1..12; quarterly: the month of each quarter, 1..3 */
	int64_t day;             /* day of the month 1..31, or 0 when by weekday */
	int64_t nth;             /* 1..5, -1 the last; 0 when by day */
	int64_t weekday;         /* 1 Monday .. 7 Sunday; 0 when by day */
	const char *time_of_day; /* "HH:MM" Swedish time, "" all day */
	int64_t responsible_id;  /* 0 = none */
	const char *responsible_name;
	bool active;
	int64_t from_activity_id; /* the plan activity it was moved from, 0 = none */
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person sets on a recurring activity. */
struct wheel_item_input {
	int64_t unit_id;
	const char *title;
	const char *description;
	const char *freq;
	int64_t month, day, nth, weekday;
	const char *time_of_day;
	int64_t responsible_id;
	bool active;
};

struct wheel_occurrence {
	int64_t id;
	int64_t item_id;
	const char *title; /* the item's */
	const char *description;
	const char *time_of_day;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	int64_t responsible_id;
	const char *responsible_name;
	const char *on_date; /* YYYY-MM-DD */
	const char *status;
	const char *comment;
	int64_t version;
	const char *updated_at;
};

struct wheel_filter {
	int64_t viewer_id;      /* only in units this user sees; 0 = all */
	int64_t unit_id;        /* only this unit's subtree; 0 = all */
	int64_t item_id;        /* 0 = any */
	const char *from, *to;  /* on_date from..to inclusive, "YYYY-MM-DD"; NULL = open */
	int64_t year, month;    /* read by the domain, which turns them into from and to; 0 = any */
	const char *status;     /* NULL = any */
	int64_t responsible_id; /* 0 = anyone */
	bool open;              /* only those not done */
	bool overdue;           /* only those not done whose date has passed (see today) */
	const char *today;      /* YYYY-MM-DD for overdue (set by the domain) */
	int64_t limit;          /* 1..10000, default 50 */
	int64_t offset;
};

int q_wheel_item_get(struct db *db, struct arena *a, int64_t id, struct wheel_item *out, struct err *e);

/** The recurring activities in units @viewer_id sees (0: all), in @subtree (NULL: all), by title. */
int q_wheel_item_list(struct db *db, struct arena *a, int64_t viewer_id, const char *subtree, bool active_only,
		      int64_t limit, int64_t offset, struct wheel_item **out, size_t *n, int64_t *total, struct err *e);

/** Insert; ERR_EXISTS when @from_activity_id has been moved to the wheel already. */
int q_wheel_item_insert(struct db *db, struct arena *a, const struct wheel_item_input *in, int64_t from_activity_id,
			int64_t by, const char *now, int64_t *id_out, struct err *e);

/** Change item @id at @version. ERR_CONFLICT when the version is stale. */
int q_wheel_item_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct wheel_item_input *in,
			const char *now, struct err *e);

int q_wheel_occ_get(struct db *db, struct arena *a, int64_t id, struct wheel_occurrence *out, struct err *e);

/** A page of occurrences @f matches, by date, and (when @total is not NULL) how many. */
int q_wheel_occ_list(struct db *db, struct arena *a, const struct wheel_filter *f, const char *subtree,
		     struct wheel_occurrence **out, size_t *n, int64_t *total, struct err *e);

/** The dates item @item_id has occurrences on from @from to @to inclusive. */
int q_wheel_occ_dates(struct db *db, struct arena *a, int64_t item_id, const char *from, const char *to,
		      const char ***out, size_t *n, struct err *e);

int q_wheel_occ_insert(struct db *db, struct arena *a, int64_t item_id, const char *on_date, int64_t by,
		       const char *now, int64_t *id_out, struct err *e);

/** Set the status and comment of occurrence @id at @version. ERR_CONFLICT when the version is stale. */
int q_wheel_occ_update(struct db *db, struct arena *a, int64_t id, int64_t version, const char *status,
		       const char *comment, int64_t by, const char *now, struct err *e);

/* --- the calendar feeds' secrets --- */

/** The user whose calendar key hashes to @hash; ERR_NOTFOUND when none. */
int q_calendar_key_user(struct db *db, struct arena *a, const char *hash, int64_t *user_id, struct err *e);

/** The prefix and creation time of @user_id's key; ERR_NOTFOUND when they have none. */
int q_calendar_key_of(struct db *db, struct arena *a, int64_t user_id, const char **prefix, const char **created_at,
		      struct err *e);

/** Remove @user_id's key (if any). */
int q_calendar_key_delete(struct db *db, struct arena *a, int64_t user_id, struct err *e);

int q_calendar_key_insert(struct db *db, struct arena *a, int64_t user_id, const char *hash, const char *prefix,
			  const char *now, struct err *e);

#endif
