/*
 * q_audit.h - the stored shape of the audit trail, and the typed queries
 * that read and append to it (SQL text in q_audit.c).
 *
 * The chain itself (hashes, the head's MAC, the key) is domain/audit.c's:
 * these functions only move rows. The head row is locked by
 * q_audit_head_lock() for the rest of the caller's transaction, so writers
 * append strictly one after another. Results live in the arena given.
 * Functions return 0 or a negative err_code; a missing row is ERR_NOTFOUND
 * without a message (the domain words it), other failures ERR_DB with @e
 * filled.
 */
#ifndef TILLIT_DB_Q_AUDIT_H
#define TILLIT_DB_Q_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct audit_entry {
	int64_t id;
	const char *at;
	int64_t actor_id;
	const char *actor_name;
	const char *entity; /* "unit", "user", "role_assignment", "api_token", ... */
	int64_t entity_id;
	int64_t unit_id;       /* owning unit for scope, 0 when none */
	const char *unit_name; /* that unit's name when it still exists; set by audit_get_visible() only */
	const char *action;    /* "create", "update", "move", "delete", "login", ... */
	const char *before;    /* JSON text or NULL */
	const char *after;     /* JSON text or NULL */
	const char *prev_hash;
	const char *hash;
};

struct audit_filter {
	const char *entity;     /* NULL: any */
	int64_t entity_id;      /* 0: any */
	int64_t actor_id;       /* 0: any */
	const char *actor_name; /* a user name, or NULL: audit_list() finds the user and sets actor_id */
	const char *action;     /* NULL: any */
	const char *from;       /* "YYYY-MM-DD" inclusive, or NULL */
	const char *to;         /* "YYYY-MM-DD" inclusive, or NULL */
	int64_t viewer_id;      /* restrict to entries this user may see; 0 = no restriction (see audit_viewer()) */
	int64_t limit;          /* page size (1..500) */
	int64_t before;         /* only entries older than this one (a smaller id); 0: from the newest */
	int64_t after;          /* only entries newer than this one (a larger id); 0: none. Wins over @before */
};

/** The entries a list may hold: ids from @lo to @hi, both included. */
struct audit_ids {
	int64_t lo, hi;
	bool exact; /* exactly the entries of the stretch of time asked for: its times need no test */
};

/** What audit_head says: the newest entry, and from which entry the chain is keyed (0: not yet). */
struct audit_state {
	int64_t last_id;
	const char *last_hash;
	int64_t keyed_from;
	const char *head_mac;
	const char *last_at;   /* the newest entry's time; NULL before the first */
	int64_t in_order_from; /* the first entry from which times never go back (1: the whole trail) */
};

/** What one entry says a record is afterwards (for comparing the tables with the trail). */
struct audit_snapshot {
	int64_t id; /* the entry's */
	const char *entity;
	int64_t entity_id;
	const char *action;
	const char *after; /* JSON text or NULL */
};

/* The tables whose records audit_verify_records() compares with the trail. */
enum audit_table {
	AT_UNITS,
	AT_USERS,
	AT_GRANTS,
	AT_TOKENS,
	AT_ASSETS,
	AT_LINKS,
	AT_CLASSIFICATIONS,
	AT_FULFILMENTS,
	AT_ACTIVITIES,
	AT_REQUIREMENTS,
	AT_MODELS,
	AT_QUESTIONS,
	AT_GOVERNING_DOCUMENTS,
	AT_INSPECTIONS,
	AT_RECOMMENDATIONS,
	AT_RESPONSES,
	AT_MEASURES,
	AT_IC_DEVIATIONS,
	AT_REVIEWS,
	AT_DPO,
	AT_COUNT
};

/** One record of such a table: its id and the compared columns as text (NULL for SQL NULL). */
struct audit_table_row {
	int64_t id;
	const char *const *cells; /* in the order given for its table in q_audit.c */
};

/** Read the head row. ERR_NOTFOUND when it is missing. */
int q_audit_head(struct db *db, struct arena *a, struct audit_state *out, struct err *e);

/**
 * The data version: the id of the newest audit entry, which every write
 * appends in its own transaction (0 before the first; -1 when the head row
 * is missing, under which nothing is kept). What was read at one version
 * holds while it lasts (db_memo_get()).
 */
int q_audit_version(struct db *db, struct arena *a, int64_t *out, struct err *e);

/** Read the head row and lock it for the rest of the open transaction. ERR_NOTFOUND when it is missing. */
int q_audit_head_lock(struct db *db, struct arena *a, struct audit_state *out, struct err *e);

/** Move the head to entry @last_id with @last_hash and time @last_at, under @mac. */
int q_audit_head_set(struct db *db, struct arena *a, int64_t last_id, const char *last_hash, const char *last_at,
		     const char *mac, struct err *e);

/** Key the chain from entry @keyed_from on; the head gets @mac. */
int q_audit_head_key(struct db *db, struct arena *a, int64_t keyed_from, const char *mac, struct err *e);

/** Append @en as it is (id, hashes and all). */
int q_audit_insert(struct db *db, struct arena *a, const struct audit_entry *en, struct err *e);
/** Insert the @n entries @en (ids, hashes and all, as q_audit_insert() takes one), in one statement. */
int q_audit_insert_many(struct db *db, struct arena *a, const struct audit_entry *en, size_t n, struct err *e);

/** Up to @limit entries after entry @after_id, in id order. */
int q_audit_batch(struct db *db, struct arena *a, int64_t after_id, int64_t limit, struct audit_entry **out, size_t *n,
		  struct err *e);

/**
 * The ids of the entries written from @from (a time, inclusive) to @to (a
 * time, inclusive; NULL: no bound on either side), through the time index:
 * as the trail's times never go back, these are one range of ids. When the
 * trail holds entries out of time order (written before that rule), the
 * range is every id and the times decide alone (@out->exact false). An
 * empty range has lo > hi.
 */
int q_audit_span(struct db *db, struct arena *a, const char *from, const char *to, struct audit_ids *out,
		 struct err *e);

/**
 * Up to @limit entries @f matches (actor_id as set, actor_name not read,
 * before and after not read) with ids within @ids, the newest first, or the
 * oldest first when @oldest_first. @from and @to are times (the dates of @f
 * as stored times compare), or NULL. Each combination of the kind of
 * record, the record, the actor and the action has its own query, read in
 * the order of its index.
 */
int q_audit_list(struct db *db, struct arena *a, const struct audit_filter *f, const char *from, const char *to,
		 const struct audit_ids *ids, int64_t limit, bool oldest_first, struct audit_entry **out, size_t *n,
		 struct err *e);

/** How many entries q_audit_list() would give without a limit, counting no further than @cap (*n is at most @cap). */
int q_audit_count(struct db *db, struct arena *a, const struct audit_filter *f, const char *from, const char *to,
		  const struct audit_ids *ids, int64_t cap, int64_t *n, struct err *e);

/** One entry. ERR_NOTFOUND when absent. */
int q_audit_get(struct db *db, struct arena *a, int64_t id, struct audit_entry *out, struct err *e);

/** Up to @limit snapshots of the entries after entry @after_id, in id order. */
int q_audit_snapshots(struct db *db, struct arena *a, int64_t after_id, int64_t limit, struct audit_snapshot **out,
		      size_t *n, struct err *e);

/** Every record of table @t, by id, with *n_cols compared columns each. */
int q_audit_table(struct db *db, struct arena *a, enum audit_table t, struct audit_table_row **out, size_t *n,
		  size_t *n_cols, struct err *e);

#endif
