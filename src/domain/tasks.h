/*
 * tasks.h - "Mina uppgifter": what the signed-in user is responsible for,
 * from every module, overdue first.
 *
 * Each module that gives people things to do registers one task source in
 * task_sources[] (tasks.c): a function that lists the user's open items as
 * struct task. The start page asks tasks_of() and shows the merged list;
 * it knows no module. A later module (incidents, reviews, deadlines) adds
 * its source with one line and its record kind to link_record().
 */
#ifndef TILLIT_DOMAIN_TASKS_H
#define TILLIT_DOMAIN_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct auth;
struct db;
struct err;

/* How many of a person's own assets the asset sources read, at most (the first by id). */
#define TASKS_ASSETS 50
/* A classification is due for review this many days before its review date. */
#define TASKS_SOON_DAYS 30

/*
 * Where the start page ("Att göra") puts a task: the classification drafts
 * waiting for the user's signature, the classifications to make or review,
 * the requirements to assess, and everything else (activities and the
 * other modules' tasks) in one list.
 */
enum task_group { TASK_OTHER = 0, TASK_SIGN, TASK_CLASSIFY, TASK_ASSESS, TASK_GROUP_COUNT };

/** One thing someone is responsible for. */
struct task {
	const char *kind;    /* the record's kind, as link_record() names it ("activity", "wheel_item") */
	int64_t id;          /* the record to link to */
	const char *title;   /* plain text */
	const char *context; /* where it belongs, already in the user's language ("Handlingsplan 2026 – KS") */
	const char *status;  /* message id of its status label */
	const char *due;     /* YYYY-MM-DD, or NULL */
	bool overdue;        /* its due date has passed and it is not done */
	enum task_group group;
	const char *href; /* where to do it, when not the record's own page (link_record()); NULL otherwise */
};

/**
 * A module's source of tasks: the open items @auth is responsible for,
 * judged on @today ("YYYY-MM-DD"), at most @max. Results live in @a.
 */
typedef int (*task_source_fn)(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max,
			      struct task **out, size_t *n, struct err *e);

/** The registered sources, NULL-terminated. */
extern const task_source_fn task_sources[];

/**
 * Every source's tasks for @auth, overdue first, then by due date (none
 * last), then by title; at most @max in all. Results live in @a.
 */
int tasks_of(struct db *db, struct arena *a, const struct auth *auth, const char *today, size_t max, struct task **out,
	     size_t *n, struct err *e);

#endif
