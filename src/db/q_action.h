/*
 * q_action.h - the stored shape of tracked actions and the typed queries
 * that read and write them (SQL text in q_action.c).
 *
 * Each function owns its query's parameter order and row mapping, so
 * domain/action.c never sees SQL, placeholders or column numbers. Results
 * live in the arena given. Functions return 0 or a negative err_code; a
 * missing row is ERR_NOTFOUND and a stale version ERR_CONFLICT, both
 * without a message (the domain words them), other failures ERR_DB with
 * @e filled.
 */
#ifndef TILLIT_DB_Q_ACTION_H
#define TILLIT_DB_Q_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err;

struct action {
	int64_t id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_path;
	const char *title;
	const char *description;
	const char *status;
	int64_t responsible_id; /* 0 = none */
	const char *responsible_name;
	const char *due_date; /* YYYY-MM-DD or NULL */
	int64_t asset_id;     /* 0 = none */
	const char *asset_name;
	int64_t requirement_id; /* 0 = none */
	const char *requirement_code;
	const char *requirement_title;
	int64_t version;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
};

/** What a person changes on an action. Strings may be NULL (empty). */
struct action_input {
	const char *title;
	const char *description;
	const char *status;
	int64_t responsible_id; /* 0 = none */
	const char *due_date;   /* "" / NULL = none */
};

struct action_filter {
	int64_t viewer_id;  /* only actions in units this user sees; 0 = all */
	int64_t unit_id;    /* only this unit's subtree; 0 = all */
	const char *status; /* NULL = any */
	int64_t asset_id;   /* 0 = any */
	int64_t limit;      /* 1..10000, default 50 */
	int64_t offset;
};

/** A person who could be responsible: someone holding a role on the unit or above it. */
struct action_person {
	int64_t id;
	const char *name;
};

/** One action by id, with its unit, responsible person, asset and requirement. */
int q_action_get(struct db *db, struct arena *a, int64_t id, struct action *out, struct err *e);

/**
 * A page of the actions @f matches, due date first (none last), and (when
 * @total is not NULL) how many match in all. @subtree is the path of
 * f->unit_id (NULL for none).
 */
int q_action_list(struct db *db, struct arena *a, const struct action_filter *f, const char *subtree,
		  struct action **out, size_t *n, int64_t *total, struct err *e);

/**
 * Insert @ac (its unit_id, title, description, status, responsible_id,
 * due_date, asset_id, requirement_id and created_by; version 1) at @now.
 */
int q_action_insert(struct db *db, struct arena *a, const struct action *ac, const char *now, int64_t *id_out,
		    struct err *e);

/** Change action @id at @version to @in. ERR_CONFLICT when the version is stale. */
int q_action_update(struct db *db, struct arena *a, int64_t id, int64_t version, const struct action_input *in,
		    const char *now, struct err *e);

/** Active users holding a role on the unit at @unit_path or above it (or on the installation), by name. */
int q_action_people(struct db *db, struct arena *a, const char *unit_path, struct action_person **out, size_t *n,
		    struct err *e);

/** The display name of user @id (ERR_NOTFOUND when there is no such user). */
int q_action_user_name(struct db *db, struct arena *a, int64_t id, const char **name, struct err *e);

#endif
